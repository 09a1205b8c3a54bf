"""The facts stored beside each matter (``matters.facts``, the ``matter_facts`` table) judge a
matter exactly as the matter itself does (issue 16 #8): the scorecard read from them equals
the straightforward path — every matter read, rebuilt from its events and judged from
scratch — for every reader, at instants before, between and after the matters' changes, in
memory, on SQLite and on PostgreSQL; with matters of every status, each kind of
confidentiality, returns with and without a redo day, extensions, suspensions (active and
resumed), withdrawals, terminations and closings, in an office with a closing time.

The straightforward path is written out here from the public pieces: ``_read_office`` (the
matters and their events), the pure ``scorecards`` given nothing precomputed."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator
from typing import Any

import attrs
import pytest
import sqlalchemy as sa
from builders import CHINA

from supervision import bootstrap
from supervision.bootstrap import Supervision
from supervision.calendar import SHANGHAI
from supervision.clock import FixedClock
from supervision.domain import (
    Actor,
    Confidentiality,
    DeadlineTerms,
    Instruction,
    Registration,
    ReportContent,
    Responsible,
    ReviewOutcome,
    Role,
    ScorePeriod,
    Signoff,
    SignoffCapacity,
    Source,
    SourceKind,
    Status,
    Unit,
    UnitKind,
)
from supervision.domain.scorecard import scorecards
from supervision.domain.statistics import matter_facts
from supervision.periods import Period
from supervision.service_layer import OfficeSpec, reporting
from supervision.service_layer.assessment import scorecard

OFFICE_C = "office-c"
T0 = dt.datetime(2026, 3, 2, 10, tzinfo=SHANGHAI)
END = dt.datetime(2026, 7, 31, 9, tzinfo=SHANGHAI)
PERIOD = ScorePeriod.of_year(2026)
CLERK_C = Actor.of("clerk-c", Role.OFFICE_CLERK, office_id=OFFICE_C, name="督查办赵六")
LEADER_C = Actor.of("leader-c", Role.APPROVING_LEADER, office_id=OFFICE_C)
AUDITOR_C = Actor.of("auditor-c", Role.AUDITOR, office_id=OFFICE_C)
INSPECTOR_C = Actor.of("inspector-c", Role.DISCIPLINE_INSPECTION, office_id=OFFICE_C)
HEAD_CA = Actor.of("head-ca", Role.UNIT_HEAD, office_id=OFFICE_C, unit_id="unit-a")
LIAISON_CB = Actor.of("liaison-cb", Role.UNIT_LIAISON, office_id=OFFICE_C, unit_id="unit-b")
HEAD_CC = Actor.of("head-cc", Role.UNIT_HEAD, office_id=OFFICE_C, unit_id="unit-c")
READERS = (CLERK_C, LEADER_C, AUDITOR_C, INSPECTOR_C, HEAD_CA, LIAISON_CB, HEAD_CC)
UNITS_C = (
    Unit.create("unit-a", "经济发展局", UnitKind.DEPARTMENT, head_id="head-ca"),
    Unit.create("unit-b", "马衙街道", UnitKind.TOWNSHIP, head_id="head-cb",
                liaison_ids=("liaison-cb",)),
    Unit.create("unit-c", "建设局", UnitKind.DEPARTMENT, head_id="head-cc"),
)
#: instants the scorecard is read at: before most changes, between them, after all
INSTANTS = (
    dt.datetime(2026, 3, 20, 12, tzinfo=SHANGHAI),
    dt.datetime(2026, 4, 15, 9, tzinfo=SHANGHAI),
    dt.datetime(2026, 5, 20, 18, tzinfo=SHANGHAI),
    END,
)
_FINAL = ReportContent.final("基本情况", "主要措施", "已完成", "无", "无")
_PROGRESS = ReportContent.progress("进展情况", "下步打算")

#: what each matter goes through (its index picks the flow)
FLOWS = (
    "registered", "on_track", "closed", "returned_policy_redo", "returned_redone_accepted",
    "suspended", "resumed", "withdrawn", "terminated", "extension_granted",
    "extension_pending", "progress", "overdue", "returned_format", "accepted_open",
)


def _confidentiality(i: int) -> Confidentiality:
    if i % 5 == 1:
        return Confidentiality.controlled({"clerk-c", "head-ca", "leader-c"})
    if i % 5 == 3:
        return Confidentiality.secret(f"密〔2026〕{i}号", {"clerk-c", "head-ca", "leader-c"})
    return Confidentiality.none()


def _registration(i: int) -> Registration:
    lead = "unit-a" if i % 3 != 2 else ("unit-b" if i % 2 else "unit-c")
    if FLOWS[i % len(FLOWS)] in ("closed", "returned_policy_redo", "returned_redone_accepted",
                                 "returned_format", "accepted_open", "progress",
                                 "extension_granted", "extension_pending"):
        lead = "unit-a"
    secret = i % 5 == 3
    return Registration(
        title="" if secret else f"第{i}项督办事项",
        requirements="" if secret else f"要求{i}：按期完成并报送结果",
        source=Source.of(SourceKind.LEADER_INSTRUCTION, "主任批示", leader="主任"),
        lead_unit_id=lead,
        co_unit_ids=("unit-c",) if lead == "unit-b" else (),
        responsible=(Responsible("p-1", "负责人", lead),),
        deadline=DeadlineTerms.stated(Period.days(12 + 9 * (i % 4))),
        confidentiality=_confidentiality(i),
        instruction=Instruction("主任", dt.date(2026, 2, 27)),
    )


def _flow(app: Supervision, clock: FixedClock, i: int, start: dt.datetime) -> None:
    flow = FLOWS[i % len(FLOWS)]

    def at(days: float) -> None:
        clock.set(start + dt.timedelta(days=days))

    at(0)
    matter = app.register(CLERK_C, _registration(i), matter_id=f"c-{i:02d}")
    if flow == "registered":
        return
    if i >= len(FLOWS):  # the second of each flow is dispatched after its registration day
        at(1.25)
    if app.context.policy_of(matter).requires_approval:
        app.approve(LEADER_C, matter.id)
    app.dispatch(CLERK_C, matter.id)

    def final(days: float) -> None:
        at(days)
        signoff = Signoff(HEAD_CA.person_id, SignoffCapacity.UNIT_HEAD, clock.now())
        app.submit_final_report(HEAD_CA, matter.id, _FINAL, signoff=signoff)

    if flow == "closed":
        final(3)
        at(4)
        app.accept_and_close(CLERK_C, matter.id, opinion="同意销号")
    elif flow == "returned_policy_redo":
        final(4)
        at(5)
        app.review(CLERK_C, matter.id, ReviewOutcome.RETURNED, opinion="措施不具体")
    elif flow == "returned_redone_accepted":
        final(2)
        at(3)
        app.review(CLERK_C, matter.id, ReviewOutcome.RETURNED, opinion="公文格式不规范",
                   redo_due_day=(clock.now() + dt.timedelta(days=6)).date())
        final(8)
        at(9)
        app.review(CLERK_C, matter.id, ReviewOutcome.ACCEPTED)
    elif flow == "returned_format":
        final(20)
        at(21)
        app.review(CLERK_C, matter.id, ReviewOutcome.RETURNED, opinion="公文格式不规范",
                   redo_due_day=(clock.now() + dt.timedelta(days=4)).date())
    elif flow == "accepted_open":
        final(30)
        at(31)
        app.review(CLERK_C, matter.id, ReviewOutcome.ACCEPTED)
    elif flow in ("suspended", "resumed"):
        at(5)
        app.suspend(CLERK_C, matter.id, reason="上级政策调整")
        if flow == "resumed":
            at(25)
            app.resume(CLERK_C, matter.id)
    elif flow == "withdrawn":
        at(6)
        app.withdraw(CLERK_C, matter.id, reason="事项已由其他渠道办理")
    elif flow == "terminated":
        at(20)
        app.suspend(CLERK_C, matter.id, reason="客观条件变化")
        at(40)
        app.terminate(LEADER_C, matter.id, reason="客观条件变化，终止办理")
    elif flow in ("extension_granted", "extension_pending"):
        due = app.get_matter(CLERK_C, matter.id).due
        assert due is not None
        at(3)
        app.request_extension(HEAD_CA, matter.id, due.last_day + dt.timedelta(days=20),
                              "需协调多部门")
        if flow == "extension_granted":
            at(5)
            app.decide_extension(LEADER_C, matter.id, 1, grant=True, opinion="同意")
    elif flow == "progress":
        at(7)
        app.report_progress(HEAD_CA, matter.id, _PROGRESS)


def _world(storage: dict[str, Any]) -> Supervision:
    clock = FixedClock(T0)
    app = bootstrap(clock=clock, calendar=CHINA, **storage, offices=[
        OfficeSpec(OFFICE_C, "第三区督查室", "lianyungang-2019",
                   parameters={"extensions_enabled": True}, close_time=dt.time(17, 30),
                   effective_from=dt.date(2000, 1, 1)),
    ])
    for unit in UNITS_C:
        app.add_unit(CLERK_C, unit)
    for i in range(2 * len(FLOWS)):
        _flow(app, clock, i, T0 + dt.timedelta(days=2 * i))
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
        path = tmp_path_factory.mktemp("facts") / "facts.db"
        engine = create_engine(f"sqlite:///{path}")
        upgrade(engine)
        yield _world({"engine": engine})
        engine.dispose()
        return
    base: str = request.getfixturevalue("postgres_url")
    name = f"supervision_facts{next(_databases)}"
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


def _straightforward_cards(app: Supervision, actor: Actor, as_of: dt.datetime
                           ) -> tuple[Any, ...]:
    ctx = app.context
    read = reporting._read_office(app.uow(), ctx, actor, as_of=as_of, period=PERIOD)
    cards = scorecards(read.units, read.matters, read.escalations, read.entries, read.policy,
                       read.calendar, PERIOD, read.as_of, close=read.close,
                       policy_of=ctx.policy_of, events=read.events)
    return tuple(reporting._traced_for(card, read.visible) for card in cards)


def test_the_world_holds_every_case_the_comparison_needs(world: Supervision) -> None:
    """Every status, each kind of confidentiality, returns with and without a redo day,
    extensions, suspensions and escalations exist, so the comparisons can fail."""
    with world.uow() as uow:
        matters = uow.matters.list(offices=(OFFICE_C,))
        escalations = uow.escalations.list(offices=(OFFICE_C,))
    statuses = {m.status for m in matters}
    assert {Status.WITHDRAWN, Status.TERMINATED, Status.SUSPENDED, Status.CLOSED} <= statuses
    assert {m.confidentiality.kind for m in matters} == {
        c.kind for c in (Confidentiality.none(), Confidentiality.controlled({"x"}),
                         Confidentiality.secret("密", {"x"}))}
    rounds = [r for m in matters for r in m.rounds]
    assert any(r.outcome is ReviewOutcome.RETURNED and r.redo_due_day is None for r in rounds)
    assert any(r.outcome is ReviewOutcome.RETURNED and r.redo_due_day is not None
               for r in rounds)
    assert any(m.extensions for m in matters)
    assert any(s.resumed_at is not None for m in matters for s in m.suspensions)
    assert escalations


@pytest.mark.parametrize("as_of", INSTANTS, ids=lambda i: i.date().isoformat())
@pytest.mark.parametrize("actor", READERS, ids=lambda a: a.person_id)
def test_the_scorecard_from_stored_facts_equals_the_straightforward_path(
        world: Supervision, actor: Actor, as_of: dt.datetime) -> None:
    """Every reader's cards (figures, grades, ranks, traces limited to what they see),
    read from the stored facts, are those of every matter rebuilt and judged from scratch,
    at each instant (matters changed later are rebuilt from their events)."""
    expected = _straightforward_cards(world, actor, as_of)
    actual = scorecard(world.uow(), world.context, actor, PERIOD, as_of=as_of)
    assert expected == actual
    assert sum(c.assigned for c in actual) == sum(c.assigned for c in expected)


def test_the_stored_facts_are_the_facts_of_each_stored_matter(world: Supervision) -> None:
    """``matters.facts`` gives, in ``matters.list``'s order, each matter's own facts, and
    the instant of its current version's event (its latest)."""
    with world.uow() as uow:
        matters = uow.matters.list(offices=(OFFICE_C,))
        stored = uow.matters.facts(offices=(OFFICE_C,))
        events = {m.id: uow.events.for_matter(m.id) for m in matters}
    assert [matter_facts(m) for m in matters] == [f for f, _at in stored]
    for matter, (_facts, at) in zip(matters, stored, strict=True):
        latest = max(events[matter.id], key=lambda e: e.version)
        assert latest.version == matter.version
        assert at == latest.occurred_at


def test_facts_changed_in_the_unit_of_work_are_its_own(world: Supervision) -> None:
    """A matter staged in the unit of work reads with the staged matter's facts and no
    instant (so a read path rebuilds it), never the stored facts."""
    with world.uow() as uow:
        matter = uow.matters.get("c-01")
        changed = attrs.evolve(matter, version=matter.version + 1, title="改过的标题")
        uow.matters.update(changed, expected_version=matter.version)
        found = dict((f.matter_id, (f, at)) for f, at in uow.matters.facts(offices=(OFFICE_C,)))
    assert (matter_facts(changed), None) == found["c-01"]


def test_matters_without_readable_facts_are_read_and_judged_as_themselves(
        tmp_path: Any) -> None:
    """On SQL, a matter whose facts row is missing, unreadable, of another format or of
    another version (a row written by an older library) is read from its body: the facts
    and the scorecard are the same as with every facts row intact."""
    from supervision.adapters.sqlalchemy import create_engine, tables, upgrade

    engine = create_engine(f"sqlite:///{tmp_path / 'broken.db'}")
    upgrade(engine)
    app = _world({"engine": engine})
    expected = {a.person_id: _straightforward_cards(app, a, END) for a in READERS}
    with app.uow() as uow:
        matters = uow.matters.list(offices=(OFFICE_C,))
    f = tables().matter_facts
    with engine.begin() as connection:
        connection.execute(f.delete().where(f.c.matter_id == "c-03"))
        connection.execute(f.update().where(f.c.matter_id == "c-04").values(facts="[1,"))
        connection.execute(f.update().where(f.c.matter_id == "c-05").values(facts="{}"))
        connection.execute(f.update().where(f.c.matter_id == "c-06")
                           .values(version=f.c.version + 1))
        text = connection.execute(sa.select(f.c.facts).where(f.c.matter_id == "c-07")
                                  ).scalar_one()
        connection.execute(f.update().where(f.c.matter_id == "c-07")
                           .values(facts="[99" + text[2:]))
    with app.uow() as uow:
        stored = uow.matters.facts(offices=(OFFICE_C,))
    assert [matter_facts(m) for m in matters] == [facts for facts, _at in stored]
    for actor in READERS:
        assert expected[actor.person_id] == scorecard(app.uow(), app.context, actor, PERIOD,
                                                      as_of=END)
    engine.dispose()


def test_facts_rows_not_exactly_as_written_are_not_trusted(tmp_path: Any) -> None:
    """On SQLite, a facts row that is not exactly what the library writes — a controlled
    matter's circle given as ``false`` (which equals 0, the open circle's mark), text after
    the JSON value, a format mark ``true`` (which equals 1), a status no matter has, facts
    stored as bytes, an ``event_at`` that is no instant — is not read back: the matter is
    read from its body (or rebuilt from its events), and the facts and every reader's cards
    are those of the rows intact."""
    import json

    from supervision.adapters.sqlalchemy import create_engine, tables, upgrade

    engine = create_engine(f"sqlite:///{tmp_path / 'hostile.db'}")
    upgrade(engine)
    app = _world({"engine": engine})
    expected = {(a.person_id, at): _straightforward_cards(app, a, at)
                for a in READERS for at in (INSTANTS[1], END)}
    with app.uow() as uow:
        matters = uow.matters.list(offices=(OFFICE_C,))
    controlled = next(m.id for m in matters if m.confidentiality.kind.value == "controlled"
                      and m.dispatched_at is not None)
    others = [m.id for m in matters if m.id != controlled][:5]
    f = tables().matter_facts

    def changed(matter_id: str, index: int, value: object) -> str:
        values = json.loads(texts[matter_id])
        values[index] = value
        return json.dumps(values, ensure_ascii=False, separators=(",", ":"))

    with engine.begin() as connection:
        texts = dict(connection.execute(sa.select(f.c.matter_id, f.c.facts)).all())
        rewrites: dict[str, Any] = {
            controlled: changed(controlled, 12, False),
            others[0]: texts[others[0]] + " x",
            others[1]: changed(others[1], 0, True),
            others[2]: changed(others[2], 9, "bogus"),
            others[3]: sa.cast(sa.literal(texts[others[3]].encode()), sa.LargeBinary),
        }
        for matter_id, value in rewrites.items():
            connection.execute(f.update().where(f.c.matter_id == matter_id)
                               .values(facts=value))
        connection.exec_driver_sql(
            f"UPDATE {f.name} SET event_at = 'not an instant' WHERE matter_id = ?",
            (others[4],))
    with app.uow() as uow:
        stored = uow.matters.facts(offices=(OFFICE_C,))
    assert [matter_facts(m) for m in matters] == [facts for facts, _at in stored]
    assert dict((fa.matter_id, at) for fa, at in stored)[others[4]] is None
    for (person, at), cards in expected.items():
        actor = next(a for a in READERS if a.person_id == person)
        assert cards == scorecard(app.uow(), app.context, actor, PERIOD, as_of=at)
    engine.dispose()


def test_the_scorecard_leaves_the_collector_as_it_found_it(world: Supervision) -> None:
    """The collector is off while the scorecard builds its values and as it was before
    once it returns or fails: on when it was on, off when the host had switched it off."""
    import gc

    from supervision.exceptions import OfficeNotFound
    from supervision.service_layer import assessment

    seen: list[bool] = []
    judged = assessment._read_judged

    def spy(*args: Any, **kwargs: Any) -> Any:
        seen.append(gc.isenabled())
        return judged(*args, **kwargs)

    was = gc.isenabled()
    try:
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(assessment, "_read_judged", spy)
            gc.enable()
            scorecard(world.uow(), world.context, CLERK_C, PERIOD, as_of=END)
            assert gc.isenabled()
            with pytest.raises(OfficeNotFound):
                scorecard(world.uow(), world.context, CLERK_C, PERIOD, as_of=END,
                          office_id="no-such-office")
            assert gc.isenabled()
            gc.disable()
            scorecard(world.uow(), world.context, CLERK_C, PERIOD, as_of=END)
            assert not gc.isenabled()
    finally:
        if was:
            gc.enable()
    assert seen == [False, False, False]


@pytest.mark.parametrize("kind", ["memory", "sqlite"])
def test_an_event_of_a_later_version_makes_the_facts_unknown(
        kind: str, tmp_path: Any) -> None:
    """An event appended beyond the matter's version (a later change the stored matter does
    not hold) leaves its facts without an instant, so a read path rebuilds the matter from
    its events; the event of the matter's own version gives its instant back."""
    from supervision.domain.events import Event, EventKind

    if kind == "memory":
        from supervision.adapters.memory import InMemoryStore

        app = _world({"store": InMemoryStore()})
    else:
        from supervision.adapters.sqlalchemy import create_engine, upgrade

        engine = create_engine(f"sqlite:///{tmp_path / 'later.db'}")
        upgrade(engine)
        app = _world({"engine": engine})
    with app.uow() as uow:
        matter = uow.matters.get("c-01")
        before = dict((f.matter_id, at) for f, at in uow.matters.facts(offices=(OFFICE_C,)))
        later = Event(event_id=Event.make_id(matter.id, matter.version + 1),
                      matter_id=matter.id, kind=EventKind.ACKNOWLEDGED, actor_id="head-ca",
                      occurred_at=END, status_before=matter.status,
                      status_after=matter.status, version=matter.version + 1)
        uow.events.append([later])
        uow.commit()
    with app.uow() as uow:
        after = dict((f.matter_id, at) for f, at in uow.matters.facts(offices=(OFFICE_C,)))
    assert before["c-01"] is not None
    assert after["c-01"] is None
    # the ledger judges c-01 rebuilt from its events too (its latest event is not of its
    # version), as the straightforward ledger does
    from supervision.ledger import ledger_entries

    for as_of in (INSTANTS[-2], END):
        assert _straightforward_ledger(app, CLERK_C, as_of) == ledger_entries(
            app.uow(), app.context, CLERK_C, as_of)
    assert {k: v for k, v in before.items() if k != "c-01"} == {
        k: v for k, v in after.items() if k != "c-01"}


# -- the ledger (issue 16 #1): ledger_entries judges a matter that stood as it is from its
# facts (``assess`` and ``light_history`` given ``current``) instead of rebuilding it


def _straightforward_ledger(app: Supervision, actor: Actor, as_of: dt.datetime,
                            **options: Any) -> list[Any]:
    """``ledger_entries`` given no facts of any matter (``current`` None everywhere), so
    every matter is rebuilt (``matter_at``) at every instant it is judged at."""
    from supervision.ledger import _entries, ledger_entries

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_entries, "matter_facts", lambda matter: None)
        return ledger_entries(app.uow(), app.context, actor, as_of, **options)


#: the ledger's instants: the scorecard's, and one inside the first matters' changes
LEDGER_INSTANTS = (T0 + dt.timedelta(days=1, hours=3), *INSTANTS)


@pytest.mark.parametrize("as_of", LEDGER_INSTANTS, ids=lambda i: i.date().isoformat())
@pytest.mark.parametrize("actor", READERS, ids=lambda a: a.person_id)
def test_the_ledger_from_stored_facts_equals_the_straightforward_ledger(
        world: Supervision, actor: Actor, as_of: dt.datetime) -> None:
    """Every reader's ledger entries — rows, standings, lights, reasons, the light's whole
    history, details, delivery — judged from the stored facts where the matter stood as it
    is, are those of every matter rebuilt at every instant, at each instant."""
    from supervision.ledger import ledger_entries

    expected = _straightforward_ledger(world, actor, as_of)
    actual = ledger_entries(world.uow(), world.context, actor, as_of)
    assert expected == actual
    assert [e.cells() for e in expected] == [e.cells() for e in actual]


@pytest.mark.parametrize("actor", [CLERK_C, HEAD_CA], ids=lambda a: a.person_id)
def test_the_ledger_from_stored_facts_holds_for_another_window(
        world: Supervision, actor: Actor) -> None:
    """With a due-soon window other than the default (the standing judged again), and
    without the history, the entries are the straightforward ones."""
    from supervision.ledger import ledger_entries

    for options in ({"due_soon_working_days": 5}, {"due_soon_working_days": 0},
                    {"history": False}):
        for as_of in INSTANTS[1:3]:
            expected = _straightforward_ledger(world, actor, as_of, **options)
            assert expected == ledger_entries(world.uow(), world.context, actor, as_of,
                                              **options)


def test_the_ledger_leaves_the_collector_as_it_found_it(world: Supervision) -> None:
    """The collector is off while the ledger reads and builds its entries and as it was
    before once ``ledger_entries`` returns or fails: on when it was on, off when the host had
    switched it off (supervision._collector); an argument refused is refused before."""
    import gc

    from supervision.exceptions import InvalidInput, OfficeNotFound
    from supervision.ledger import _entries, ledger_entries

    seen: list[bool] = []
    build = _entries._entries

    def spy(*args: Any, **kwargs: Any) -> Any:
        seen.append(gc.isenabled())
        return build(*args, **kwargs)

    stranger = Actor.of("clerk-x", Role.OFFICE_CLERK, office_id="no-such-office")
    was = gc.isenabled()
    try:
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(_entries, "_entries", spy)
            gc.enable()
            assert ledger_entries(world.uow(), world.context, CLERK_C, END)
            assert gc.isenabled()
            with pytest.raises(OfficeNotFound):
                ledger_entries(world.uow(), world.context, stranger, END)
            assert gc.isenabled()
            with pytest.raises(InvalidInput):
                ledger_entries(world.uow(), world.context, CLERK_C, END,
                               due_soon_working_days=61)
            assert gc.isenabled()
            gc.disable()
            assert ledger_entries(world.uow(), world.context, CLERK_C, END)
            assert not gc.isenabled()
    finally:
        if was:
            gc.enable()
    assert seen == [False, False, False]


def test_the_ledger_world_uses_the_facts_and_rebuilds_too(world: Supervision) -> None:
    """The comparison covers both paths: at the last instant some matters stood as they
    are (judged from their facts), at the first most had changed later (rebuilt), and the
    ledger shows every status, each kind of confidentiality and a light history of more than
    two changes."""
    from supervision.ledger import ledger_entries

    with world.uow() as uow:
        stored = uow.matters.facts(offices=(OFFICE_C,))
    assert any(at is not None and at <= END for _f, at in stored)
    assert any(at is not None and at > LEDGER_INSTANTS[1] for _f, at in stored)
    entries = ledger_entries(world.uow(), world.context, CLERK_C, END)
    assert {Status.WITHDRAWN, Status.TERMINATED, Status.SUSPENDED, Status.CLOSED} <= {
        e.row.status for e in entries}
    assert {e.confidentiality for e in entries} == {
        c.kind for c in (Confidentiality.none(), Confidentiality.controlled({"x"}),
                         Confidentiality.secret("密", {"x"}))}
    assert max(len(e.history) for e in entries) > 2


def test_the_light_history_ignores_facts_of_another_matter_or_version(
        world: Supervision) -> None:
    """``light_history`` and ``assess`` given facts that are not the matter's own (another
    matter's, or of an older version: stale) rebuild the matter as without them; given
    its own, they answer the same."""
    from supervision.domain.statistics import assess, light_history

    ctx = world.context
    with world.uow() as uow:
        matters = uow.matters.list(offices=(OFFICE_C,))
        office = uow.offices.get(OFFICE_C)
        events = {m.id: uow.events.for_matter(m.id) for m in matters}
    calendar, close = ctx.calendar_of(office), ctx.close_of(office)
    other = matter_facts(matters[0])
    for matter in matters[1:]:
        own = matter_facts(matter)
        stale = attrs.evolve(own, version=own.version - 1, status=Status.DRAFT)
        wrong = attrs.evolve(other, version=matter.version)
        policy = ctx.policy_of(matter)
        for as_of in INSTANTS:
            plain = light_history(matter, events[matter.id], policy, calendar, as_of,
                                  close=close)
            standing = assess(matter, events[matter.id], policy, calendar, as_of, close=close)
            for current in (own, stale, wrong):
                assert plain == light_history(matter, events[matter.id], policy, calendar,
                                              as_of, close=close, current=current)
                assert standing == assess(matter, events[matter.id], policy, calendar, as_of,
                                          close=close, current=current)


def test_the_standing_before_dispatch_is_the_rebuilt_matters(world: Supervision) -> None:
    """Where ``light_history`` judges a matter not yet dispatched (or withdrawn or
    terminated) without rebuilding it (``_before_dispatch``), the standing is exactly that of
    the matter rebuilt then (``matter_at``), every field — on the world's matters and on
    variants no service writes (a dispatch instant, a due instant or a status that the events
    disagree with, a round returned before the instant) — at each event's instant, just
    before and after it; it is used on this world."""
    from supervision.domain.statistics import matter_at, standing_of
    from supervision.domain.statistics._standing import _before_dispatch

    ctx = world.context
    with world.uow() as uow:
        matters = uow.matters.list(offices=(OFFICE_C,))
        office = uow.offices.get(OFFICE_C)
        events = uow.events.for_matters([m.id for m in matters])
    calendar, close = ctx.calendar_of(office), ctx.close_of(office)
    tick, used = dt.timedelta(microseconds=1), 0
    for matter in matters:
        ordered = sorted(events[matter.id], key=lambda e: e.version)
        first = ordered[0].occurred_at
        returned = [r for r in matter.rounds if r.reviewed_at is not None]
        variants = [matter, attrs.evolve(matter, dispatched_at=first + dt.timedelta(hours=1)),
                    attrs.evolve(matter, due=None)]
        if returned:
            early = attrs.evolve(returned[0], reviewed_at=first + 2 * tick,
                                 report=attrs.evolve(returned[0].report, submitted_at=first))
            variants.append(attrs.evolve(matter, rounds=(early, *matter.rounds[1:])))
        due = None if matter.due is None else matter.due.due_at
        histories = [
            ordered,
            [attrs.evolve(e, due_at=e.due_at or e.occurred_at + dt.timedelta(days=9))
             for e in ordered],
            [attrs.evolve(e, due_at=due) for e in ordered],
            [attrs.evolve(e, status_after=Status.WITHDRAWN) if e.version == 1 else e
             for e in ordered],
        ]
        instants = {moment + delta for e in ordered
                    for moment in (e.occurred_at, first + dt.timedelta(hours=1))
                    for delta in (-tick, dt.timedelta(0), tick, 2 * tick,
                                  dt.timedelta(hours=3))} | set(INSTANTS)
        for variant in variants:
            for history in histories:
                for when in sorted(instants):
                    fast = _before_dispatch(variant, history, when)
                    if fast is None:
                        continue
                    used += 1
                    state = matter_at(variant, history, when)
                    assert state is not None
                    assert state is not variant
                    assert fast == standing_of(matter_facts(state), ctx.policy_of(variant),
                                               calendar, when, close=close)
    assert used >= 10 * len(FLOWS)
