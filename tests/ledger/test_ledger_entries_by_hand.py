"""``ledger_entries`` (its standings and lights' histories judged once per distinct parts,
``Histories``; each policy's things found once per read) equals the ledger built by hand the
straightforward way — every row's matter and events read one by one, judged with ``assess``
and ``light_history`` from scratch (no facts given, so every matter is rebuilt at every
instant), its category label, details and delivery written out — on a mixed world: one office
under each of the five shipped policies, matters of every flow (registered only, on track,
closed, returned with and without a redo day, suspended and resumed, withdrawn, terminated,
extended, progress reported, overdue, accepted while open, reported and awaiting review),
each kind of confidentiality,
categories, in memory, on SQLite and on PostgreSQL, for several readers and instants."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator
from typing import Any

import pytest
import sqlalchemy as sa
from builders import CHINA

from supervision import bootstrap, policies
from supervision.bootstrap import Supervision
from supervision.calendar import SHANGHAI
from supervision.clock import FixedClock
from supervision.domain import (
    Actor,
    Confidentiality,
    ConfidentialityKind,
    DeadlineTerms,
    Instruction,
    Registration,
    ReportContent,
    Responsible,
    ReviewOutcome,
    Role,
    Signoff,
    SignoffCapacity,
    Source,
    SourceKind,
    Status,
    Unit,
    UnitKind,
)
from supervision.domain.statistics import (
    Histories,
    Standing,
    assess,
    light_history,
    matter_facts,
)
from supervision.exceptions import UnknownCategory
from supervision.ledger import LedgerDetails, LedgerEntry, ledger_entries
from supervision.ledger._entries import delivery_label
from supervision.ledger._labels import deadline_text, people_text, source_text
from supervision.periods import Period
from supervision.service_layer import OfficeSpec
from supervision.service_layer.queries import ledger

T0 = dt.datetime(2026, 3, 2, 10, tzinfo=SHANGHAI)
END = dt.datetime(2026, 7, 31, 9, tzinfo=SHANGHAI)
POLICIES = tuple(sorted(policies.names()))
#: the ledger's instants: inside the first changes, between them, after all
INSTANTS = (
    T0 + dt.timedelta(days=1, hours=3),
    dt.datetime(2026, 3, 20, 12, tzinfo=SHANGHAI),
    dt.datetime(2026, 4, 15, 9, tzinfo=SHANGHAI),
    dt.datetime(2026, 5, 20, 18, tzinfo=SHANGHAI),
    END,
)
FLOWS = (
    "registered", "on_track", "closed", "returned_policy_redo", "returned_redone_accepted",
    "suspended", "resumed", "withdrawn", "terminated", "extension_granted",
    "extension_pending", "progress", "overdue", "returned_format", "accepted_open",
    "reported",
)
_FINAL = ReportContent.final("基本情况", "主要措施", "已完成", "无", "无")
_PROGRESS = ReportContent.progress("进展情况", "下步打算")


def _office(n: int) -> str:
    return f"office-{n}"


def _clerk(n: int) -> Actor:
    return Actor.of(f"clerk-{n}", Role.OFFICE_CLERK, office_id=_office(n), name="督查办")


def _leader(n: int) -> Actor:
    return Actor.of(f"leader-{n}", Role.APPROVING_LEADER, office_id=_office(n))


def _head(n: int) -> Actor:
    return Actor.of(f"head-{n}", Role.UNIT_HEAD, office_id=_office(n), unit_id=f"unit-a{n}")


def _units(n: int) -> tuple[Unit, ...]:
    return (
        Unit.create(f"unit-a{n}", "经济发展局", UnitKind.DEPARTMENT, head_id=f"head-{n}"),
        Unit.create(f"unit-b{n}", "马衙街道", UnitKind.TOWNSHIP, head_id=f"head-b{n}"),
        Unit.create(f"unit-c{n}", "建设局", UnitKind.DEPARTMENT, head_id=f"head-c{n}"),
    )


def _confidentiality(n: int, i: int) -> Confidentiality:
    readers = {f"clerk-{n}", f"head-{n}", f"leader-{n}"}
    if i % 5 == 1:
        return Confidentiality.controlled(readers)
    if i % 5 == 3:
        return Confidentiality.secret(f"密〔2026〕{i}号", readers)
    return Confidentiality.none()


def _registration(n: int, policy: str, i: int) -> Registration:
    flow = FLOWS[i % len(FLOWS)]
    lead = f"unit-a{n}" if i % 3 != 2 or flow not in ("on_track", "overdue") else f"unit-b{n}"
    secret = i % 5 == 3
    categories = list(policies.get(policy).categories)
    return Registration(
        title="" if secret else f"第{i}项督办事项",
        requirements="" if secret else f"要求{i}：按期完成并报送结果",
        source=Source.of(SourceKind.LEADER_INSTRUCTION, "主任批示", leader="主任"),
        lead_unit_id=lead,
        co_unit_ids=(f"unit-c{n}",) if lead == f"unit-b{n}" else (),
        responsible=(Responsible("p-1", "负责人", lead),),
        category=categories[i % len(categories)] if categories and i % 2 else None,
        deadline=DeadlineTerms.stated(Period.days(12 + 9 * (i % 4))),
        confidentiality=_confidentiality(n, i),
        instruction=Instruction("主任", dt.date(2026, 2, 27)),
        supervising_leader=f"leader-{n}",
        supervising_leader_name="" if i % 3 else f"第{n}副区长",
    )


def _flow(app: Supervision, clock: FixedClock, n: int, policy: str, i: int,
          start: dt.datetime) -> None:
    flow = FLOWS[i % len(FLOWS)]
    clerk, leader, head = _clerk(n), _leader(n), _head(n)

    def at(days: float) -> None:
        clock.set(start + dt.timedelta(days=days))

    at(0)
    matter = app.register(clerk, _registration(n, policy, i), matter_id=f"m{n}-{i:02d}")
    if flow == "registered":
        return
    if i >= len(FLOWS):  # the second of each flow is dispatched after its registration day
        at(1.25)
    if app.context.policy_of(matter).requires_approval:
        app.approve(leader, matter.id)
    app.dispatch(clerk, matter.id)

    capacity = SignoffCapacity(app.context.policy_of(matter).report_signoff)

    def final(days: float) -> None:
        at(days)
        if capacity is SignoffCapacity.NONE:
            app.submit_final_report(head, matter.id, _FINAL)
        elif capacity is SignoffCapacity.SUPERVISING_LEADER:  # zhoucun-2021 §4.4
            signoff = Signoff(leader.person_id, capacity, clock.now())
            app.submit_final_report(head, matter.id, _FINAL, signoff=signoff)
            app.confirm_signoff(leader, matter.id)
        else:
            signoff = Signoff(head.person_id, capacity, clock.now())
            app.submit_final_report(head, matter.id, _FINAL, signoff=signoff)

    if flow == "closed":
        final(3)
        at(4)
        app.accept_and_close(clerk, matter.id, opinion="同意销号")
    elif flow == "returned_policy_redo":
        final(4)
        at(5)
        app.review(clerk, matter.id, ReviewOutcome.RETURNED, opinion="措施不具体")
    elif flow == "returned_redone_accepted":
        final(2)
        at(3)
        app.review(clerk, matter.id, ReviewOutcome.RETURNED, opinion="公文格式不规范",
                   redo_due_day=(clock.now() + dt.timedelta(days=6)).date())
        final(8)
        at(9)
        app.review(clerk, matter.id, ReviewOutcome.ACCEPTED)
    elif flow == "returned_format":
        final(20)
        at(21)
        app.review(clerk, matter.id, ReviewOutcome.RETURNED, opinion="公文格式不规范",
                   redo_due_day=(clock.now() + dt.timedelta(days=4)).date())
    elif flow == "reported":
        final(6)
    elif flow == "accepted_open":
        final(30)
        at(31)
        app.review(clerk, matter.id, ReviewOutcome.ACCEPTED)
    elif flow in ("suspended", "resumed"):
        at(5)
        app.suspend(clerk, matter.id, reason="上级政策调整")
        if flow == "resumed":
            at(25)
            app.resume(clerk, matter.id)
    elif flow == "withdrawn":
        at(6)
        app.withdraw(clerk, matter.id, reason="事项已由其他渠道办理")
    elif flow == "terminated":
        at(20)
        app.suspend(clerk, matter.id, reason="客观条件变化")
        at(40)
        app.terminate(leader, matter.id, reason="客观条件变化，终止办理")
    elif flow in ("extension_granted", "extension_pending"):
        due = app.get_matter(clerk, matter.id).due
        assert due is not None
        at(3)
        app.request_extension(head, matter.id, due.last_day + dt.timedelta(days=20),
                              "需协调多部门")
        if flow == "extension_granted":
            at(5)
            app.decide_extension(leader, matter.id, 1, grant=True, opinion="同意")
    elif flow == "progress":
        at(7)
        app.report_progress(head, matter.id, _PROGRESS)


def _twins(app: Supervision, clock: FixedClock, n: int, policy: str,
           start: dt.datetime) -> None:
    """Two matters registered and dispatched at one instant with one deadline; the first
    reports progress, the second's final report is returned with a redo day: the same
    status, dispatch, deadline day and suspension, other deadlines (what the shared findings
    must tell apart)."""
    clerk, leader, head = _clerk(n), _leader(n), _head(n)
    clock.set(start)
    twins = [app.register(clerk, _registration(n, policy, 20), matter_id=f"t{n}-{k}")
             for k in (1, 2)]
    for matter in twins:
        if app.context.policy_of(matter).requires_approval:
            app.approve(leader, matter.id)
        app.dispatch(clerk, matter.id)
    capacity = SignoffCapacity(app.context.policy_of(twins[1]).report_signoff)
    clock.set(start + dt.timedelta(days=2))
    app.report_progress(head, twins[0].id, _PROGRESS)  # in progress too, owing the result
    if capacity is SignoffCapacity.NONE:
        app.submit_final_report(head, twins[1].id, _FINAL)
    elif capacity is SignoffCapacity.SUPERVISING_LEADER:
        app.submit_final_report(head, twins[1].id, _FINAL,
                                signoff=Signoff(leader.person_id, capacity, clock.now()))
        app.confirm_signoff(leader, twins[1].id)
    else:
        app.submit_final_report(head, twins[1].id, _FINAL,
                                signoff=Signoff(head.person_id, capacity, clock.now()))
    clock.set(start + dt.timedelta(days=3))
    app.review(clerk, twins[1].id, ReviewOutcome.RETURNED, opinion="措施不具体",
               redo_due_day=(start + dt.timedelta(days=9)).date())


def _world(storage: dict[str, Any]) -> Supervision:
    clock = FixedClock(T0)
    app = bootstrap(clock=clock, calendar=CHINA, **storage, offices=[
        OfficeSpec(_office(n), f"第{n}区督查室", policy,
                   parameters={"extensions_enabled": True},
                   close_time=dt.time(17, 30) if n % 2 else None,
                   effective_from=dt.date(2000, 1, 1))
        for n, policy in enumerate(POLICIES)
    ])
    for n in range(len(POLICIES)):
        for unit in _units(n):
            app.add_unit(_clerk(n), unit)
    for i in range(2 * len(FLOWS)):
        for n, policy in enumerate(POLICIES):
            _flow(app, clock, n, policy, i, T0 + dt.timedelta(days=2 * i, minutes=n))
    for n, policy in enumerate(POLICIES):
        _twins(app, clock, n, policy, T0 + dt.timedelta(days=40, minutes=n))
    for day in ("2026-04-10", "2026-05-11", "2026-06-15", "2026-07-20"):
        clock.set(dt.datetime.fromisoformat(day + "T09:00:00+08:00"))
        app.sweep()
    clock.set(END)
    return app


_databases = itertools.count()


@pytest.fixture(scope="module", params=["memory", "sqlite",
                                        pytest.param("postgres", marks=pytest.mark.postgres)])
def world(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
          ) -> Iterator[Supervision]:
    if request.param == "memory":
        from supervision.adapters.memory import InMemoryStore

        yield _world({"store": InMemoryStore()})
        return
    from supervision.adapters.sqlalchemy import create_engine, upgrade

    if request.param == "sqlite":
        path = tmp_path_factory.mktemp("ledger-by-hand") / "ledger.db"
        engine = create_engine(f"sqlite:///{path}")
        upgrade(engine)
        yield _world({"engine": engine})
        engine.dispose()
        return
    base: str = request.getfixturevalue("postgres_url")
    name = f"supervision_ledger_hand{next(_databases)}"
    admin = sa.create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        connection.exec_driver_sql(f"CREATE DATABASE {name}")
    url = sa.make_url(base).set(database=name).render_as_string(hide_password=False)
    engine = create_engine(url)
    upgrade(engine)
    yield _world({"engine": engine})
    engine.dispose()
    with admin.connect() as connection:
        connection.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    admin.dispose()


def _label(policy: Any, key: str) -> str:
    if not key:
        return ""
    try:
        return str(policy.category(key).label)
    except UnknownCategory:
        return ""


def _by_hand(app: Supervision, actor: Actor, as_of: dt.datetime, *, window: int = 3,
             history: bool = True) -> list[LedgerEntry]:
    """The ledger entries written out: the plain ``ledger`` rows, then per row its matter
    and events read alone, judged from scratch under its policy on its office's calendar."""
    ctx = app.context
    rows = ledger(app.uow(), ctx, actor, as_of)
    entries = []
    with app.uow() as uow:
        for index, row in enumerate(rows, start=1):
            matter = uow.matters.get(row.matter_id)
            events = uow.events.for_matter(row.matter_id)
            office = uow.offices.get(row.office_id)
            calendar, close = ctx.calendar_of(office), ctx.close_of(office)
            policy = ctx.policy_of(matter)
            standing = assess(matter, events, policy, calendar, as_of, close=close,
                              due_soon_working_days=window)
            assert standing is not None
            changes = () if not history else light_history(
                matter, events, policy, calendar, as_of, close=close,
                due_soon_working_days=window)
            source = matter.source
            secret = matter.confidentiality.kind is ConfidentialityKind.SECRET
            details = LedgerDetails(
                source=source_text(matter),
                reference="" if secret else source.reference,
                source_day=source.meeting_date or source.issued_on,
                minutes_day=source.minutes_date,
                instruction_day=None if matter.instruction is None else matter.instruction.on,
                urgency=matter.urgency.label, key_work=matter.key_work,
                responsible=people_text(matter.responsible),
                # zhoucun-2021 §4.4: 王副区长（leader-1）, the id alone when no name was recorded
                supervising_leader=(
                    f"{matter.supervising_leader_name}（{matter.supervising_leader}）"
                    if matter.supervising_leader_name else matter.supervising_leader or ""),
                deadline=deadline_text(matter.terms),
            )
            entries.append(LedgerEntry(
                index, row, standing.standing, standing.on_time, matter.confidentiality.kind,
                _label(policy, row.category), standing.outcome, standing.reason, changes,
                details, policy.name, delivery_label(uow, row.matter_id, as_of),
            ))
    return entries


def _readers() -> list[Actor]:
    return [a for n in range(len(POLICIES)) for a in (_clerk(n), _head(n))]


def test_the_world_covers_every_policy_and_flow(world: Supervision) -> None:
    """Each of the five policies has, over the instants, matters of every standing, the
    statuses the flows reach, categories (where the policy has them), each kind of
    confidentiality and histories of more than two changes, so the comparison can fail."""
    for n, policy in enumerate(POLICIES):
        seen = [e for as_of in INSTANTS
                for e in ledger_entries(world.uow(), world.context, _clerk(n), as_of)]
        assert {e.policy for e in seen} == {policy}
        assert {e.standing for e in seen} == set(Standing)
        assert {Status.DRAFT, Status.WITHDRAWN, Status.TERMINATED, Status.SUSPENDED,
                Status.CLOSED, Status.REPORTED} <= {e.row.status for e in seen}
        assert {e.confidentiality for e in seen} == set(ConfidentialityKind)
        assert max(len(e.history) for e in seen) > 2
        assert any(e.category_label for e in seen) is bool(policies.get(policy).categories)
    with world.uow() as uow:
        for n in range(len(POLICIES)):
            one, two = (matter_facts(uow.matters.get(f"t{n}-{k}")) for k in (1, 2))
            assert (one.status, one.dispatched_at, one.deadline_day, one.suspended) == (
                two.status, two.dispatched_at, two.deadline_day, two.suspended)
            assert one.deadlines != two.deadlines


@pytest.mark.parametrize("as_of", INSTANTS, ids=lambda i: i.date().isoformat())
def test_the_ledger_entries_equal_those_built_by_hand(world: Supervision,
                                                      as_of: dt.datetime) -> None:
    """Every reader's entries — rows, standings, lights, reasons, the whole history,
    category labels, details, delivery, cells — are those built by hand, at each instant."""
    for actor in _readers():
        expected = _by_hand(world, actor, as_of)
        actual = ledger_entries(world.uow(), world.context, actor, as_of)
        assert expected == actual
        assert [e.cells() for e in expected] == [e.cells() for e in actual]


@pytest.mark.parametrize("window", [0, 5])
def test_the_ledger_entries_equal_those_by_hand_for_another_window(
        world: Supervision, window: int) -> None:
    """With another due-soon window, and without the history, the entries are still the
    ones built by hand."""
    for n in range(len(POLICIES)):
        for as_of in INSTANTS[2:]:
            assert _by_hand(world, _clerk(n), as_of, window=window) == ledger_entries(
                world.uow(), world.context, _clerk(n), as_of, due_soon_working_days=window)
            assert _by_hand(world, _clerk(n), as_of, window=window, history=False) == (
                ledger_entries(world.uow(), world.context, _clerk(n), as_of,
                               due_soon_working_days=window, history=False))


@pytest.mark.parametrize("keep", [True, False], ids=["findings kept", "findings dropped"])
def test_histories_are_light_history_and_assess(world: Supervision, keep: bool,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """``Histories.of`` is ``light_history`` and ``Histories.standing`` is ``assess`` for
    every matter of every policy, at every instant, with and without the matter's facts, in
    one shared reader (its findings shared by the matters with equal parts) — and when it
    stops keeping its findings (more than ``_TRY`` distinct parts, few shared)."""
    from supervision.domain.statistics import _history

    if not keep:
        monkeypatch.setattr(_history, "_TRY", 1)
    ctx = world.context
    for window in (0, 3, 5):
        judge = Histories(due_soon_working_days=window)
        for n in range(len(POLICIES)):
            with world.uow() as uow:
                matters = uow.matters.list(offices=(_office(n),))
                events = uow.events.for_matters([m.id for m in matters])
                office = uow.offices.get(_office(n))
            calendar, close = ctx.calendar_of(office), ctx.close_of(office)
            for matter in matters:
                policy = ctx.policy_of(matter)
                for as_of in INSTANTS:
                    for current in (None, matter_facts(matter)):
                        assert judge.of(matter, events[matter.id], policy, calendar, as_of,
                                        close=close, current=current) == light_history(
                            matter, events[matter.id], policy, calendar, as_of, close=close,
                            due_soon_working_days=window)
                        assert judge.standing(matter, events[matter.id], policy, calendar,
                                              as_of, close=close, current=current) == assess(
                            matter, events[matter.id], policy, calendar, as_of, close=close,
                            due_soon_working_days=window)
        assert (judge._found is None) is not keep


def test_ledger_rows_refuse_a_judge_of_another_window(world: Supervision) -> None:
    """The rows' standings are judged with the default window: ``ledger_rows`` refuses a
    ``Histories`` of another one (it would judge 临期 differently) before reading anything."""
    from supervision.exceptions import InvalidInput
    from supervision.service_layer.queries import ledger_rows

    with world.uow() as uow, pytest.raises(InvalidInput, match="judge"):
        ledger_rows(uow, world.context, [], END, judge=Histories(due_soon_working_days=5))
