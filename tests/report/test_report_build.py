"""The report built from the store (15.1): Supervision.report for one office, one instant,
one reader — the statistics' figures, the ledger's lights, only what the reader may see."""

from __future__ import annotations

from pathlib import Path

import pytest
from builders import AUDITOR, CLERK, CLERK_2, LEADER, LIAISON_A, registration
from escalation_world import LadderWorld, at

from supervision.domain import Confidentiality, ReviewOutcome, Role
from supervision.domain.scorecard import ScorePeriod
from supervision.exceptions import InvalidInput, OfficeNotFound
from supervision.report import Light, ReportModel, render_html, write_html
from supervision.service_layer import reporting

AS_OF = at("2026-10-20 17:00")
SECRET_TITLE = "开发区一号地块招商底价论证"


@pytest.fixture(scope="module")
def world() -> LadderWorld:
    w = LadderWorld("chizhou-2021")
    late = w.dispatch("2026-09-25 10:00", category="general")
    w.dispatch("2026-10-12 10:00", category="general")
    w.when("2026-10-12 11:00")
    hidden = w.app.register(CLERK, registration(
        title=SECRET_TITLE, lead_unit_id="unit-b", category="general", deadline=None,
        confidentiality=Confidentiality.controlled(["clerk-1", "liaison-b", "head-b"],
                                                   [Role.APPROVING_LEADER])))
    w.app.approve(LEADER, hidden.id)
    w.app.dispatch(CLERK, hidden.id)
    w.complete(late, "2026-10-13 10:00")
    w.final(hidden, "2026-10-16 10:00")
    w.when("2026-10-16 15:00")
    w.app.review(CLERK, hidden.id, ReviewOutcome.RETURNED, opinion="办理质量不高")
    w.sweep("2026-10-20 09:00")
    return w


def _model(world: LadderWorld, reader: object = CLERK, **kw: object) -> ReportModel:
    return world.app.report(reader, as_of=AS_OF, **kw)  # type: ignore[arg-type]


def test_the_report_names_office_policy_period_and_instant(world: LadderWorld) -> None:
    """The default period is the assessment period containing the instant (chizhou: the
    year); the office, the policy and the instant are the store's."""
    model = _model(world)
    assert ("测试区督查室", "chizhou-2021", "2026年度", AS_OF) == (
        model.office_name, model.policy_name, model.period_label, model.as_of)


def test_the_unit_rows_are_the_statistics(world: LadderWorld) -> None:
    """Each unit row holds the unit's figures from office_statistics."""
    stats = reporting.office_statistics(world.uow(), world.ctx, CLERK, as_of=AS_OF,
                                        period=ScorePeriod.of_year(2026))
    model = _model(world)
    assert [(u.unit_name, u.figures.assigned, u.figures.on_time_rate.percent, u.figures.points)
            for u in stats.units] == [
        (u.unit, u.assigned, u.on_time_rate, u.points) for u in model.units]


def test_a_controlled_matter_never_appears_for_an_undesignated_reader(
    world: LadderWorld, tmp_path: Path
) -> None:
    """daoli-2017 art.23: for 督查办李四 (not designated) the file holds neither the title nor
    the number of the controlled matter; for 张三 (designated) it holds both."""
    outsider = write_html(_model(world, CLERK_2), tmp_path / "outsider.html").read_text("utf-8")
    insider = write_html(_model(world, CLERK), tmp_path / "insider.html").read_text("utf-8")
    number = "池开督〔2026〕3号"
    assert ((False, False), (True, True)) == (
        (SECRET_TITLE in outsider, number in outsider), (SECRET_TITLE in insider,
                                                         number in insider))


def test_the_figures_stay_the_offices_for_an_undesignated_office_reader(
    world: LadderWorld,
) -> None:
    """The unit figures are the office's (basis stated) whoever of the office reads them."""
    inside, outside = _model(world, CLERK), _model(world, CLERK_2)
    assert (inside.units, reporting.OFFICE_BASIS) == (outside.units, outside.basis)


def test_a_units_liaison_reads_only_its_unit(world: LadderWorld) -> None:
    """The liaison of 经济发展局 sees its own row and its own matters only."""
    model = _model(world, LIAISON_A)
    assert (["经济发展局"], {"经济发展局"}) == (
        [u.unit for u in model.units], {m.lead_unit for m in model.matters})


def test_lights_and_history_come_with_each_row(world: LadderWorld) -> None:
    """The overdue matter is red with its reason and a history ending in red."""
    row = next(m for m in _model(world).matters if m.light is Light.RED)
    assert (Light.RED, "已逾期", Light.RED) == (row.light, row.light_reason[:3],
                                             row.history[-1].light)


def test_escalations_of_the_period_are_listed_with_their_clause(world: LadderWorld) -> None:
    """Each escalation issued by the instant is a row with its measure and Chinese clause."""
    model = _model(world)
    assert model.escalations
    title = "《池州经济技术开发区督查督办工作制度》"
    assert all(e.clause.startswith(title) for e in model.escalations)


def test_another_office_is_not_found(world: LadderWorld) -> None:
    """An office the reader does not read is reported missing."""
    with pytest.raises(OfficeNotFound):
        _model(world, AUDITOR, office_id="office-b")


def test_the_instant_must_be_aware(world: LadderWorld) -> None:
    """A naive as_of is refused naming the field."""
    with pytest.raises(InvalidInput, match="as_of"):
        world.app.report(CLERK, as_of=AS_OF.replace(tzinfo=None))


def test_the_rendered_report_holds_the_rows(world: LadderWorld) -> None:
    """One ledger row per visible matter in the rendered page."""
    model = _model(world)
    html = render_html(model)
    assert len(model.matters) == html.count('<tr id="matter-')
