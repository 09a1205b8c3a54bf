"""Two offices under different policies in one SQLite and one PostgreSQL database (issue 9):
each office's clerks see only their own matters, numbers run per office, and one sweep
escalates each matter exactly once under its own policy (also from concurrent sweepers)."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from builders import CHINA, CLERK, LEADER, OFFICE, OTHER_CLERK, OTHER_OFFICE, UNITS, office_spec
from escalation_world import at

from supervision import bootstrap
from supervision.adapters.memory import InMemoryStore
from supervision.adapters.sqlalchemy import verify
from supervision.bootstrap import Supervision
from supervision.clock import FixedClock
from supervision.domain import (
    Actor,
    EventKind,
    Registration,
    Responsible,
    Role,
    Source,
    SourceKind,
)
from supervision.exceptions import MatterNotFound
from supervision.service_layer import sweep as sweeping

#: Each office and the regulation it works under.
POLICIES = {OFFICE: "tongren-2014", OTHER_OFFICE: "daoli-2017"}
CLERKS = {OFFICE: CLERK, OTHER_OFFICE: OTHER_CLERK}
LEADERS = {
    OFFICE: LEADER,
    OTHER_OFFICE: Actor.of("leader-9", Role.APPROVING_LEADER, office_id=OTHER_OFFICE),
}
#: When each office dispatches its matters, and in which category of its policy.
DISPATCH = {OFFICE: ("2026-09-28 10:00", "urgent"), OTHER_OFFICE: ("2026-09-25 10:00", "general")}
#: The instants the daily sweep runs at.
SWEEPS = ("2026-10-08 09:00", "2026-10-09 09:00", "2026-10-20 09:00")


def _app(offices: list[str], *, engine: sa.Engine | None = None) -> Supervision:
    """The composition root holding ``offices`` (each under its policy, with the test
    units) on ``engine``, or in memory."""
    clock = FixedClock(at("2026-09-01 09:00"))
    specs = [office_spec(POLICIES[o], o) for o in offices]
    if engine is None:
        app = bootstrap(store=InMemoryStore(), clock=clock, calendar=CHINA, offices=specs)
    else:
        app = bootstrap(engine=engine, clock=clock, calendar=CHINA, offices=specs)
    for office_id in offices:
        for unit in UNITS:
            app.add_unit(CLERKS[office_id], unit)
    return app


def _at(app: Supervision, when: str) -> None:
    clock = app.clock
    assert isinstance(clock, FixedClock)
    clock.set(at(when))


def _dispatch(app: Supervision, office_id: str, count: int) -> list[str]:
    """``count`` matters of the office registered, approved where its policy says so, and
    dispatched, all led by its unit-a."""
    when, category = DISPATCH[office_id]
    _at(app, when)
    clerk = CLERKS[office_id]
    ids = []
    for _ in range(count):
        matter = app.register(clerk, Registration(
            title="推进园区道路改造",
            requirements="按期完成并报送结果",
            source=Source.of(SourceKind.LEADER_INSTRUCTION, "主任批示", leader="主任"),
            lead_unit_id="unit-a",
            responsible=(Responsible("head-a", "赵局长", "unit-a"),),
            category=category,
        ))
        if app.context.policy_of(matter).requires_approval:
            app.approve(LEADERS[office_id], matter.id)
        ids.append(app.dispatch(clerk, matter.id).id)
    return ids


def _sweep_all(app: Supervision) -> int:
    """Run the daily sweeps; how many escalations they recorded."""
    recorded = 0
    for when in SWEEPS:
        _at(app, when)
        recorded += len(app.sweep(batch_size=2).escalations)
    return recorded


def _records(app: Supervision, office_id: str) -> tuple[list[str], list[str], list[str]]:
    """The office's escalation keys, score-entry keys and ESCALATED event ids, each matter
    id written as its registration number (so two databases compare)."""
    with app.uow() as uow:
        numbers = {m.id: str(m.number) for m in uow.matters.list(offices=[office_id])}

        def named(key: str) -> str:
            for matter_id, number in numbers.items():
                key = key.replace(matter_id, number)
            return key

        return (
            sorted(named(e.key) for e in uow.escalations.list(offices=[office_id])),
            sorted(named(e.key) for e in uow.scores.list(offices=[office_id])),
            sorted(named(e.event_id) for e in uow.events.list(offices=[office_id])
                   if e.kind is EventKind.ESCALATED),
        )


@pytest.fixture
def shared(engine: sa.Engine) -> Iterator[tuple[Supervision, dict[str, list[str]]]]:
    """Both offices in one database, three matters each, dispatched."""
    app = _app([OFFICE, OTHER_OFFICE], engine=engine)
    matters = {o: _dispatch(app, o, 3) for o in (OFFICE, OTHER_OFFICE)}
    yield app, matters
    app.dispose()


def test_each_office_numbers_its_own_matters(
    shared: tuple[Supervision, dict[str, list[str]]],
) -> None:
    """Each office's registration numbers start at 1 under its own 代字, in one database."""
    app, matters = shared
    for office_id, clerk in CLERKS.items():
        prefix = app.office(clerk).numbering_prefix
        assert [f"{prefix}〔2026〕{i}号" for i in (1, 2, 3)] == [
            str(app.get_matter(clerk, m).number) for m in matters[office_id]
        ]
    assert app.office(CLERK).numbering_prefix != app.office(OTHER_CLERK).numbering_prefix


def test_each_office_clerk_sees_only_their_office(
    shared: tuple[Supervision, dict[str, list[str]]],
) -> None:
    """A clerk lists, counts and reads only their office's matters and units; another
    office's matter is not found, exactly like a missing id."""
    app, matters = shared
    _at(app, "2026-10-01 09:00")
    for office_id, clerk in CLERKS.items():
        other = OTHER_OFFICE if office_id == OFFICE else OFFICE
        assert sorted(matters[office_id]) == sorted(m.id for m in app.list_matters(clerk))
        assert 3 == app.count_matters(clerk)
        assert sorted(matters[office_id]) == sorted(row.matter_id for row in app.ledger(clerk))
        assert {office_id} == {u.office_id for u in app.units(clerk)}
        with pytest.raises(MatterNotFound):
            app.get_matter(clerk, matters[other][0])


def test_one_sweep_escalates_each_matter_once_under_its_own_policy(
    shared: tuple[Supervision, dict[str, list[str]]],
) -> None:
    """Sweeping the shared database records, per office, exactly what a database holding
    that office alone records under its policy: each escalation once, with one ESCALATED
    event, citing the matter's own policy; sweeping again records nothing."""
    app, matters = shared
    assert 0 < _sweep_all(app)
    for office_id in (OFFICE, OTHER_OFFICE):
        alone = _app([office_id])
        _dispatch(alone, office_id, 3)
        _sweep_all(alone)
        keys, entries, escalated = _records(app, office_id)
        assert _records(alone, office_id) == (keys, entries, escalated)
        assert len(keys) == len(set(keys)) == len(escalated) > 0
        with app.uow() as uow:
            found = uow.escalations.list(offices=[office_id])
        assert {POLICIES[office_id]} == {e.policy for e in found}
        assert set(matters[office_id]) >= {e.matter_id for e in found}
    _at(app, SWEEPS[-1])
    assert () == app.sweep().escalations


@pytest.mark.postgres
def test_concurrent_postgres_sweepers_escalate_each_matter_once_per_office(
    postgres_engine: sa.Engine,
) -> None:
    """Two sweepers over both offices at the same instant, at once: each office ends with
    exactly the records one sweep of that office alone makes."""
    app = _app([OFFICE, OTHER_OFFICE], engine=postgres_engine)
    for office_id in (OFFICE, OTHER_OFFICE):
        _dispatch(app, office_id, 4)
    _at(app, "2026-10-09 09:00")
    failures: list[BaseException] = []

    def sweep_once() -> None:
        try:
            sweeping.sweep(app.uow(), app.context, batch_size=2)
        except BaseException as error:  # reported below, never swallowed
            failures.append(error)

    threads = [threading.Thread(target=sweep_once) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [] == failures
    for office_id in (OFFICE, OTHER_OFFICE):
        alone = _app([office_id])
        _dispatch(alone, office_id, 4)
        _at(alone, "2026-10-09 09:00")
        alone.sweep()
        keys, entries, escalated = _records(app, office_id)
        assert _records(alone, office_id) == (keys, entries, escalated)
        assert len(keys) == len(set(keys)) == len(escalated) > 0
    assert verify(postgres_engine).intact
