"""Lifecycle variants whose reading the texts leave to the library, proven on 2026 dates:
co-units (会办), an explanation given after a reminder, a withdrawal (撤销) mid-ladder."""

from __future__ import annotations

import pytest
from builders import CLERK, LEADER, LIAISON_A, LIAISON_B
from escalation_world import LadderWorld, at, stated

from supervision.domain import ReasonKind, ReportContent
from supervision.domain.escalation import occasions
from supervision.domain.policy import EscalationAction
from supervision.service_layer import decisions, services


@pytest.mark.parametrize(("policy", "category", "due"), [
    ("tongren-2014", "general", "2026-03-11"),  # art.7: 一般 7 working days
    ("daoli-2017", "urgent", "2026-03-04"),  # art.7(2): 紧急 2 days
])
def test_tongren_2014_8_2_daoli_2017_7_2_the_lead_alone_reports_and_is_escalated(
    policy: str, category: str, due: str,
) -> None:
    """会办: the lead unit consolidates and alone reports (tongren-2014 art.8(2), daoli-2017
    art.7(2)). A co-unit's contribution of 03-03 meets none of the lead's deadlines, and
    every escalation of the missed deadline names the lead (unit-a), never the co-unit."""
    world = LadderWorld(policy)
    matter = world.dispatch("2026-03-02 10:00", category=category, co=("unit-b",)).id
    world.when("2026-03-03 10:00")
    services.contribute(world.uow(), world.ctx, LIAISON_B, matter,
                        ReportContent.progress("协办单位意见"))
    stored = world.stored(matter)
    found = occasions(stored, world.policy_of(stored), world.calendar, at("2026-03-20 09:00"))
    assert [("r1", due, "unit-a", None)] == [
        (o.key, o.last_day.isoformat(), o.unit_id, o.met_at) for o in found]
    world.sweep("2026-03-20 09:00")
    issued = [e for e in world.escalations(matter) if e.unit_id is not None]
    assert issued
    assert {e.unit_id for e in issued} == {"unit-a"}
    assert world.points("unit-b") == 0


@pytest.mark.parametrize("accept", [None, True, False])
def test_daoli_2017_7_3_an_explanation_after_the_reminder_does_not_answer_it(
    accept: bool | None,
) -> None:
    """未说明情况的 gates the reminder only; once reminded (03-05) the unit 须于当日报告, and
    仍未报告的 asks for a report (progress or result): an explanation given that afternoon —
    pending, accepted or refused — is not one, so the interview notice and the district
    bulletin follow on 03-06 (library reading, docs/escalation.md)."""
    world = LadderWorld("daoli-2017")
    matter = world.dispatch("2026-03-02 10:00", category="urgent").id
    world.sweep("2026-03-05 09:00")
    world.explain(matter, "2026-03-05 15:00", ReasonKind.OBJECTIVE, accept=accept)
    world.sweep("2026-03-06 09:00")
    assert ["催办", "约谈通知", "全区通报"] == [
        e.label for e in world.escalations(matter) if e.unit_id is not None]


def test_tongren_2014_11_1_a_withdrawal_mid_ladder_stops_it_and_leaves_the_proposal_to_decide(
) -> None:
    """Reminded on 03-12 and 03-20, proposed for 追究责任 on 03-27 (art.11(1)), withdrawn
    (撤销) on 04-03: no later sweep issues anything, what was issued stays, and the proposal
    still waits for a person, who may decide it (a proposal is never automatic)."""
    world = LadderWorld("tongren-2014")
    matter = world.dispatch("2026-03-02 10:00", category="general").id
    for when in ("2026-03-12 09:00", "2026-03-20 09:00", "2026-03-27 09:00"):
        world.sweep(when)
    before = world.escalations(matter)
    proposal = next(e for e in before if e.proposal)
    assert proposal.action is EscalationAction.ACCOUNTABILITY
    assert proposal.decision is None
    world.when("2026-04-03 10:00")
    services.withdraw(world.uow(), world.ctx, LEADER, matter, reason="上级决定撤销")
    world.sweep("2026-04-20 09:00")
    world.sweep("2026-06-01 09:00")
    assert [e.key for e in before] == [e.key for e in world.escalations(matter)]
    world.when("2026-06-02 10:00")
    decided = decisions.decide_proposal(world.uow(), world.ctx, LEADER, proposal.key,
                                        accept=False, opinion="事项已撤销")
    assert decided.decision is not None
    assert not decided.decision.accepted


def _reopened(world: LadderWorld, *, acknowledge: bool) -> str:
    matter = world.dispatch("2026-03-02 10:00", deadline=stated(30)).id
    if acknowledge:
        world.when("2026-03-02 15:00")
        services.acknowledge(world.uow(), world.ctx, LIAISON_A, matter)
    world.complete(matter, "2026-03-20 10:00")
    world.when("2026-03-21 10:00")
    services.close(world.uow(), world.ctx, CLERK, matter)
    world.when("2026-06-01 10:00")
    services.reinspect(world.uow(), world.ctx, CLERK, matter, deadline=stated(30),
                       reason="回头看发现整改不到位")
    return matter


def _duties(world: LadderWorld, matter: str) -> list[str]:
    return [e.key.split(":", 1)[1] for e in world.escalations(matter) if e.unit_id is None]


def test_chizhou_2021_6_2_a_reopened_round_owes_no_new_delivery_confirmation() -> None:
    """Delivery confirmed by the 签收 of 03-02; reopened on 06-01 (no new 督办通知): the sweep
    of 06-10 records no overdue confirmation for round 2 (library reading)."""
    world = LadderWorld("chizhou-2021")
    matter = _reopened(world, acknowledge=True)
    world.sweep("2026-06-10 09:00")
    assert [] == _duties(world, matter)


def test_lianyungang_2019_5_6_the_office_reviews_a_reopened_round_s_feedback_next_day() -> None:
    """Round 2's final report of Wednesday 06-03, not reviewed by Thursday 06-04: the office's
    own overdue review is recorded for it (``r2.feedback2``: round 1's report was the first
    reviewed), not scored against the unit."""
    world = LadderWorld("lianyungang-2019")
    matter = _reopened(world, acknowledge=False)
    world.final(matter, "2026-06-03 10:00")
    world.sweep("2026-06-08 09:00")
    assert ["duty.review:office:r2.feedback2"] == _duties(world, matter)
    assert world.points() == 0
