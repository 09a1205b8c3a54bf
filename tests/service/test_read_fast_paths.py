"""The set-based read paths of the scorecard and the ledger give exactly what the
straightforward per-matter paths give (issue 16 #1 and #8): same cards, same traces, same
ledger entries, for every kind of reader, on a generated world of two offices, several units
and matters the readers may not see, in memory and on SQLite.

The straightforward paths are written out here from the public pieces: each matter's events
read one by one (``events.for_matter``), each matter judged from scratch (``assess``,
``light_history``), the pure ``scorecards`` given nothing precomputed, each matter's notices
read one by one."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import attrs
import pytest
from builders import (
    AUDITOR,
    CHINA,
    CLERK,
    CLERK_2,
    HEAD_A,
    LEADER,
    LIAISON_A,
    LIAISON_B,
    OFFICE,
    OTHER_CLERK,
    OTHER_OFFICE,
    UNITS,
)

from supervision import bootstrap
from supervision.bootstrap import Supervision
from supervision.calendar import SHANGHAI
from supervision.clock import FixedClock
from supervision.domain import (
    Actor,
    Confidentiality,
    DeadlineTerms,
    Registration,
    ReportContent,
    Responsible,
    ReviewOutcome,
    ScorePeriod,
    Signoff,
    SignoffCapacity,
    Source,
    SourceKind,
    Unit,
    UnitKind,
)
from supervision.domain.scorecard import scorecards
from supervision.domain.statistics import Standing, assess, light_history
from supervision.ledger import LedgerEntry, ledger_entries
from supervision.ledger._entries import _category_label, _details, delivery_label
from supervision.periods import Period
from supervision.service_layer import OfficeSpec, queries, reporting
from supervision.service_layer.assessment import scorecard

T0 = dt.datetime(2026, 3, 2, 10, tzinfo=SHANGHAI)
END = dt.datetime(2026, 6, 30, 9, tzinfo=SHANGHAI)
PERIOD = ScorePeriod.of_year(2026)
READERS = (CLERK, CLERK_2, LEADER, AUDITOR, HEAD_A, LIAISON_A, LIAISON_B, OTHER_CLERK)
_FINAL = ReportContent.final("基本情况", "主要措施", "已完成", "无", "无")
_OTHER_UNIT = Unit.create("unit-z", "另一区经济发展局", UnitKind.DEPARTMENT, head_id="head-9")


def _confidentiality(i: int) -> Confidentiality:
    if i % 4 == 1:
        return Confidentiality.controlled({"clerk-1", "head-a", "leader-1"})
    if i % 4 == 2:
        return Confidentiality.secret(f"密〔2026〕{i}号", {"clerk-1", "head-a", "leader-1"})
    return Confidentiality.none()


def _registration(i: int, lead: str) -> Registration:
    secret = i % 4 == 2 and lead != "unit-z"
    return Registration(
        title="" if secret else f"第{i}项督办事项",
        requirements="" if secret else f"要求{i}：按期完成并报送结果",
        source=Source.of(SourceKind.LEADER_INSTRUCTION, "主任批示", leader="主任"),
        lead_unit_id=lead,
        responsible=(Responsible("p-1", "负责人", lead),),
        category="urgent" if i % 3 == 0 else None,
        deadline=DeadlineTerms.stated(Period.days(10 + 7 * (i % 3))),
        supervising_leader=LEADER.person_id,
        confidentiality=_confidentiality(i) if lead != "unit-z" else Confidentiality.none(),
    )


def _world(storage: dict[str, Any]) -> Supervision:
    clock = FixedClock(T0)
    app = bootstrap(clock=clock, calendar=CHINA, **storage, offices=[
        OfficeSpec(OFFICE, "测试区督查室", "daoli-2017", effective_from=dt.date(2000, 1, 1)),
        OfficeSpec(OTHER_OFFICE, "另一区督查室", "tongren-2014",
                   effective_from=dt.date(2000, 1, 1)),
    ])
    for unit in UNITS:
        app.add_unit(CLERK, unit)
    app.add_unit(OTHER_CLERK, _OTHER_UNIT)
    ids: list[str] = []
    for i in range(14):
        clerk, lead = ((OTHER_CLERK, "unit-z") if i >= 11
                       else (CLERK, UNITS[i % len(UNITS)].id))
        clock.set(T0 + dt.timedelta(days=3 * i))
        matter = app.register(clerk, _registration(i, lead), matter_id=f"m-{i:02d}")
        ids.append(matter.id)
        if i % 5 == 4:
            continue  # registered, never dispatched
        if app.context.policy_of(matter).requires_approval:
            app.approve(LEADER if clerk is CLERK else Actor.of(
                "leader-9", LEADER.roles, office_id=OTHER_OFFICE), matter.id)
        app.dispatch(clerk, matter.id)
        if lead == "unit-a" and i < 10:  # reported, then accepted or returned (graded rounds)
            clock.set(T0 + dt.timedelta(days=3 * i + 2))
            signoff = Signoff(HEAD_A.person_id, SignoffCapacity.UNIT_HEAD, clock.now())
            app.submit_final_report(HEAD_A, matter.id, _FINAL, signoff=signoff)
            if i % 2 == 0:
                app.review(CLERK, matter.id, ReviewOutcome.ACCEPTED)
            else:
                app.review(CLERK, matter.id, ReviewOutcome.RETURNED, opinion="公文格式不规范",
                           redo_due_day=(clock.now() + dt.timedelta(days=10)).date())
    for day in ("2026-04-01", "2026-04-20", "2026-05-11", "2026-06-01"):
        clock.set(dt.datetime.fromisoformat(day + "T09:00:00+08:00"))
        app.sweep()
    # one matter falling due just after END: 临期 under a window of 3 working days
    clock.set(dt.datetime(2026, 6, 26, 10, tzinfo=SHANGHAI))
    late = app.register(CLERK, attrs.evolve(_registration(12, "unit-b"),
                                            deadline=DeadlineTerms.stated(Period.days(5))),
                        matter_id="m-late")
    app.approve(LEADER, late.id)
    app.dispatch(CLERK, late.id)
    clock.set(END)
    app.commend(LEADER, "unit-a", "表彰〔2026〕3号", "按期推进示范", matter_ids=("m-00",))
    return app


@pytest.fixture(scope="module", params=["memory", "sqlite"])
def world(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
          ) -> Iterator[Supervision]:
    if request.param == "memory":
        from supervision.adapters.memory import InMemoryStore

        yield _world({"store": InMemoryStore()})
        return
    from supervision.adapters.sqlalchemy import create_engine, upgrade

    path = tmp_path_factory.mktemp("fast") / "fast.db"
    engine = create_engine(f"sqlite:///{path}")
    upgrade(engine)
    yield _world({"engine": engine})
    engine.dispose()


def _straightforward_read(app: Supervision, actor: Actor) -> reporting.OfficeRead:
    read = reporting._read_office(app.uow(), app.context, actor, as_of=END, period=PERIOD)
    with app.uow() as uow:
        events = {i: tuple(uow.events.for_matter(i)) for i in read.events}
    return attrs.evolve(read, events=events)


def _straightforward_cards(app: Supervision, read: reporting.OfficeRead) -> tuple[Any, ...]:
    ctx = app.context
    cards = scorecards(read.units, read.matters, read.escalations, read.entries, read.policy,
                       read.calendar, PERIOD, read.as_of, close=read.close,
                       policy_of=ctx.policy_of, events=read.events)
    return tuple(reporting._traced_for(card, read.visible) for card in cards)


@pytest.mark.parametrize("actor", READERS, ids=lambda a: a.person_id)
def test_the_set_read_of_events_equals_reading_each_matters_events(
        world: Supervision, actor: Actor) -> None:
    """read_office's events, read as a set, are each matter's events read one by one."""
    expected = _straightforward_read(world, actor)
    actual = reporting._read_office(world.uow(), world.context, actor, as_of=END, period=PERIOD)
    assert expected == actual


@pytest.mark.parametrize("actor", READERS, ids=lambda a: a.person_id)
def test_the_scorecards_equal_the_pure_function_given_nothing_precomputed(
        world: Supervision, actor: Actor) -> None:
    """Every reader's cards (figures, ranks, traces limited to what they see) are those of
    the pure scorecards on the per-matter read, each matter rebuilt from scratch."""
    expected = _straightforward_cards(world, _straightforward_read(world, actor))
    actual = scorecard(world.uow(), world.context, actor, PERIOD, as_of=END)
    assert expected == actual


def test_the_generated_world_holds_what_the_comparison_needs(world: Supervision) -> None:
    """Hidden matters, escalations, score entries and notices exist, so the comparisons can
    fail."""
    with world.uow() as uow:
        matters = uow.matters.list(offices=(OFFICE, OTHER_OFFICE))
        escalations = uow.escalations.list(offices=(OFFICE,))
        entries = uow.scores.list(offices=(OFFICE,))
        notices = uow.notices.for_matters([m.id for m in matters])
    assert {OFFICE, OTHER_OFFICE} == {m.office_id for m in matters}
    assert any(m.confidentiality.restricted for m in matters)
    assert escalations
    assert entries
    assert any(notices.values())
    lights = {e.standing for e in ledger_entries(world.uow(), world.context, CLERK, END)}
    assert Standing.DUE_SOON in lights
    # the graded assessment reads the returns' opinions: a format return costs the format
    # share (daoli-2017 art.27), so the reviews' facts are compared too
    cards = scorecard(world.uow(), world.context, CLERK, PERIOD, as_of=END)
    shares = {c.key: c for card in cards for c in card.components if c.matter_ids}
    assert {"format", "results"} <= set(shares)


def test_notices_for_matters_equals_for_matter_of_each(world: Supervision) -> None:
    """``notices.for_matters`` gives each id what ``notices.for_matter`` gives (``[]`` for
    an id without any, or unknown)."""
    with world.uow() as uow:
        ids = [m.id for m in uow.matters.list(offices=(OFFICE, OTHER_OFFICE))] + ["m-none"]
        expected = {i: uow.notices.for_matter(i) for i in ids}
        actual = uow.notices.for_matters(ids)
    assert expected == actual


def _straightforward_entries(app: Supervision, actor: Actor, window: int,
                             history: bool) -> list[LedgerEntry]:
    ctx = app.context
    rows = queries.ledger(app.uow(), ctx, actor, END)
    found: list[LedgerEntry] = []
    with app.uow() as uow:
        for index, row in enumerate(rows, start=1):
            matter = uow.matters.get(row.matter_id)
            matter = queries.redact(uow, actor, matter)
            office = uow.offices.get(row.office_id)
            calendar, close = ctx.calendar_of(office), ctx.close_of(office)
            policy = ctx.policy_of(matter)
            events = uow.events.for_matter(row.matter_id)
            standing = assess(matter, events, policy, calendar, END, close=close,
                              due_soon_working_days=window)
            assert standing is not None
            changes = () if not history else light_history(
                matter, events, policy, calendar, END, close=close,
                due_soon_working_days=window)
            found.append(LedgerEntry(
                index, row, standing.standing, standing.on_time, matter.confidentiality.kind,
                _category_label(policy, row.category), standing.outcome, standing.reason,
                changes, _details(matter), policy.name, _delivery_of(uow, row.matter_id),
            ))
    return found


def _delivery_of(uow: Any, matter_id: str) -> str:
    """The row's delivery label read one notice at a time (``notices.delivery``), which
    ``delivery_label`` (``notices.deliveries``, one read for the set) also gives."""
    notices = [n for n in uow.notices.for_matter(matter_id) if n.created_at <= END]
    missing = sum(not uow.notices.delivery(n.key).delivered_by(END) for n in notices)
    label = "" if not notices else "已送达" if not missing else f"未送达（{missing}件）"
    assert label == delivery_label(uow, matter_id, END)
    return label


@pytest.mark.parametrize("actor", READERS, ids=lambda a: a.person_id)
@pytest.mark.parametrize("window", [3, 0])
def test_the_ledger_entries_equal_the_per_matter_path(
        world: Supervision, actor: Actor, window: int) -> None:
    """Every reader's ledger entries (rows, standings, lights, history, delivery) are the
    per-matter path's, with the default due-soon window and another."""
    expected = _straightforward_entries(world, actor, window, True)
    actual = ledger_entries(world.uow(), world.context, actor, END,
                            due_soon_working_days=window)
    assert expected == actual


def test_every_row_of_the_sql_world_reads_back_as_from_json_reads_it(
        tmp_path: Any) -> None:
    """The SQL adapter's stored read (``from_stored_json``) of every matter, event,
    escalation, score entry, unit and office row of the generated world gives the value
    ``from_json`` gives for the same text."""
    import sqlalchemy as sa

    from supervision._stored import from_stored_json
    from supervision.adapters.sqlalchemy import create_engine, upgrade
    from supervision.domain import Escalation, Event, Matter, Office
    from supervision.domain.scorecard import ScoreEntry
    from supervision.serialization import from_json

    engine = create_engine(f"sqlite:///{tmp_path / 'rows.db'}")
    upgrade(engine)
    _world({"engine": engine})
    tables = {"matters": Matter, "events": Event, "escalations": Escalation,
              "score_entries": ScoreEntry, "units": Unit, "offices": Office}
    counted: dict[str, int] = {}
    with engine.connect() as connection:
        for table, cls in tables.items():
            bodies = list(connection.execute(sa.text(f"SELECT body FROM sv_{table}")).scalars())
            counted[table] = len(bodies)
            expected = [from_json(cls, b) for b in bodies]
            assert expected == [from_stored_json(cls, b) for b in bodies], table
    engine.dispose()
    assert all(counted.values()), counted
