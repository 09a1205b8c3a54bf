"""The consecutive-miss pass read incrementally (``chizhou-2021 §8.2``) records exactly what
the straightforward pass records: the same escalations, decisions, score entries and events,
sweep after sweep, over random sequences of registrations, reports, closings on time and
late, returned reports, explanations (accepted, refused, pending), reopenings, a unit taken
off a matter, sweeps by two processes (two engines: two kept states) and writes committed by
another process while a pass is between its reads. The straightforward pass is the same
code with nothing kept (every sweep reads each unit whole); on memory, SQLite and PostgreSQL
(``SUPERVISION_REQUIRE_POSTGRES=1``)."""

from __future__ import annotations

import datetime as dt
import random
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest
import sqlalchemy as sa
from builders import CLERK, UNITS, office_spec
from escalation_world import CHINA, LadderWorld, stated

from supervision import bootstrap
from supervision.adapters.memory import InMemoryStore
from supervision.adapters.memory._matters import Matters
from supervision.adapters.sqlalchemy._matters import SqlMatterRepository
from supervision.bootstrap import Supervision
from supervision.clock import FixedClock
from supervision.domain import Assignment, AssignmentRole, EventKind, ReasonKind
from supervision.domain.terms import ReviewOutcome
from supervision.exceptions import SupervisionError
from supervision.service_layer import _streak_pass, services, sweep
from supervision.testing.contract import bumped


class _Counting:
    """The world whose pass is running: counts its change_mark calls (to run a concurrent
    write at a chosen one) and its incremental reads."""

    active: Any = None
    registering: Any = None


class StreakWorld(LadderWorld):
    """LadderWorld (chizhou-2021) on given storage, written by one or two processes."""

    def __init__(self, apps: list[Supervision], clock: FixedClock, *, keep: bool) -> None:
        policy = apps[0].policies.get("chizhou-2021")
        self.policy = policy
        self.clock = clock
        self.apps = apps
        self.app = apps[0]
        self.ctx = self.app.context
        self.current = 0
        self.keep = keep
        self.marks = 0
        self.concurrent: dict[int, Callable[[], None]] = {}
        self.incremental_reads = 0
        #: escalations a pass found due that were on record already (it read them all)
        self.known_again = 0
        self.matters: list[str] = []
        self.snapshots: list[Any] = []

    def uow(self) -> Any:
        return self.apps[self.current].uow()

    def storages(self) -> list[Any]:
        found = []
        for app in self.apps:
            with app.uow() as uow:
                found.append(getattr(uow, "engine", None) or getattr(uow, "store", None))
        return found

    def run_sweep(self, process: int, batch: int) -> None:
        if not self.keep:
            for storage in self.storages():
                _streak_pass._KEPT.pop(storage, None)
        self.current = process
        _Counting.active = self
        try:
            sweep.sweep(self.uow(), self.ctx, batch_size=batch)
        finally:
            _Counting.active = None
            self.concurrent = {}
            self.current = 0
        self.snapshots.append(self.records())

    def records(self) -> tuple[list[Any], list[str], list[str]]:
        with self.uow() as uow:
            numbers = {m.id: str(m.number) for m in uow.matters.list(offices=None)}

            def named(key: str) -> str:
                for matter_id, number in numbers.items():
                    key = key.replace(matter_id, number)
                return key

            return (
                sorted((named(e.key), e.decision is not None, e.provisional)
                       for e in uow.escalations.list(offices=None)),
                sorted(named(e.key) for e in uow.scores.list(offices=None)),
                sorted(named(e.event_id) for e in uow.events.list()
                       if e.kind is EventKind.ESCALATED),
            )


def _patch_marks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Count change_mark calls of the active world and run its concurrent writes there;
    count the incremental reads that answered."""
    for cls in (Matters, SqlMatterRepository):
        original_mark = cls.change_mark
        original_changes = cls.unit_changes

        def mark(self: Any, _original: Any = original_mark) -> tuple[str, int]:
            found: tuple[str, int] = _original(self)
            world = _Counting.active
            if world is not None:
                world.marks += 1
                write = world.concurrent.pop(world.marks, None)
                if write is not None:
                    write()
            return found

        def changes(self: Any, *, office_id: str, unit_id: str, after: int,
                    _original: Any = original_changes) -> dict[str, int] | None:
            found: dict[str, int] | None = _original(self, office_id=office_id,
                                                     unit_id=unit_id, after=after)
            if _Counting.active is not None and found is not None:
                _Counting.active.incremental_reads += 1
            return found

        monkeypatch.setattr(cls, "change_mark", mark)
        monkeypatch.setattr(cls, "unit_changes", changes)
    register = services.register

    def numbered(*args: Any, **kwargs: Any) -> Any:
        # the same ids in both worlds: items due at the same instant order by matter id
        world = _Counting.registering
        kwargs.setdefault("matter_id", f"s-{len(world.matters) + 1:04d}")
        return register(*args, **kwargs)

    monkeypatch.setattr(services, "register", numbered)
    record = _streak_pass.record

    def counted(*args: Any, **kwargs: Any) -> Any:
        moved, event_id = record(*args, **kwargs)
        if event_id is None and _Counting.active is not None:
            _Counting.active.known_again += 1
        return moved, event_id

    monkeypatch.setattr(_streak_pass, "record", counted)


def _write(world: StreakWorld, rng: random.Random, process: int) -> None:
    """One random write by ``process`` (skipped when the matter's state forbids it: the
    same in both worlds)."""
    world.current = process
    _Counting.registering = world
    try:
        _one_write(world, rng)
    except SupervisionError:
        pass
    finally:
        world.current = 0


def _when(world: StreakWorld) -> str:
    return world.clock.now().strftime("%Y-%m-%d %H:%M")


def _one_write(world: StreakWorld, rng: random.Random) -> None:
    now = _when(world)
    kind = rng.choices(
        ["dispatch", "complete", "return", "explain", "decide", "reopen", "progress",
         "reassign"], [30, 20, 8, 8, 5, 5, 5, 3])[0]
    pick = rng.randrange(1 << 30)
    if kind == "dispatch" or not world.matters:
        lead = rng.choice(["unit-a", "unit-a", "unit-b"])
        co = ("unit-b",) if lead == "unit-a" and rng.random() < 0.3 else ()
        deadline = None if rng.random() < 0.5 else stated(rng.randint(1, 12))
        matter = world.dispatch(now, category="general", lead=lead, co=co, deadline=deadline)
        world.matters.append(matter.id)
        return
    matter_id = world.matters[pick % len(world.matters)]
    if kind == "complete":
        world.complete(matter_id, now)
    elif kind == "return":
        world.final(matter_id, now)
        world.review(matter_id, now, ReviewOutcome.RETURNED)
    elif kind == "explain":
        accept = rng.choice([True, False, None])
        world.explain(matter_id, now, rng.choice(list(ReasonKind)), accept=accept)
    elif kind == "decide":
        stored = world.stored(matter_id)
        pending = [e for e in stored.explanations if e.decision is None]
        if pending:
            services.decide_explanation(world.uow(), world.ctx, CLERK, matter_id,
                                        pending[-1].number, accept=rng.random() < 0.5)
    elif kind == "reopen":
        services.reinspect(world.uow(), world.ctx, CLERK, matter_id,
                           deadline=stated(rng.randint(2, 10)), reason="回头看")
    elif kind == "progress":
        world.progress(matter_id, now)
    else:  # a host hands the matter to the other unit (no use case does: the raw port)
        stored = world.stored(matter_id)
        other = "unit-b" if stored.lead_unit_id == "unit-a" else "unit-a"
        moved, event = bumped(stored, assignments=(Assignment(other, AssignmentRole.LEAD),),
                              responsible=tuple(attrs.evolve(r, unit_id=other)
                                                for r in stored.responsible))
        with world.uow() as uow:
            uow.matters.update(moved, expected_version=stored.version)
            uow.events.append([event])
            uow.commit()


def _script(world: StreakWorld, seed: int, processes: int) -> None:
    rng = random.Random(seed)
    world.when("2026-09-01 09:00")
    for _step in range(70):
        world.clock.set(world.clock.now() + dt.timedelta(hours=rng.randint(3, 40)))
        if rng.random() < 0.25:
            process = rng.randrange(processes)
            # a write by another process committed while a unit's pass is between reads
            if rng.random() < 0.5:
                at_mark = world.marks + rng.randint(1, 3)
                other = (process + 1) % processes
                seed_of_write = rng.randrange(1 << 30)
                world.concurrent[at_mark] = (
                    lambda w=world, s=seed_of_write, o=other: _write(w, random.Random(s), o))
            world.run_sweep(process, rng.choice([1, 2, 200]))
        else:
            _write(world, rng, rng.randrange(processes))


Make = Callable[[FixedClock], list[Supervision]]


def _apps_on(url: str, clock: FixedClock, processes: int) -> list[Supervision]:
    return [bootstrap(url=url, clock=clock, calendar=CHINA,
                      offices=[office_spec("chizhou-2021")]) for _ in range(processes)]


def _memory(clock: FixedClock) -> list[Supervision]:
    return [bootstrap(store=InMemoryStore(), clock=clock, calendar=CHINA,
                      offices=[office_spec("chizhou-2021")])]


@pytest.fixture(params=["memory", "sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def storage(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Make]:
    """Makes the apps of one world (one per process) on fresh storage; disposed after."""
    made: list[Supervision] = []
    if request.param == "memory":
        def memory(clock: FixedClock) -> list[Supervision]:
            made.extend(found := _memory(clock))
            return found
        yield memory
        return
    urls: list[str] = []
    if request.param == "sqlite":
        template = request.getfixturevalue("sqlite_template")

        def sqlite(clock: FixedClock) -> list[Supervision]:
            path = tmp_path / f"world{len(urls)}.db"
            shutil.copyfile(template, path)
            urls.append(f"sqlite:///{path}")
            made.extend(found := _apps_on(urls[-1], clock, 2))
            return found
        yield sqlite
    else:
        base = request.getfixturevalue("postgres_url")
        template = request.getfixturevalue("postgres_template")
        admin = sa.create_engine(base, isolation_level="AUTOCOMMIT")

        def postgres(clock: FixedClock) -> list[Supervision]:
            name = f"supervision_streak{len(urls)}"
            with admin.connect() as connection:
                connection.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
                connection.exec_driver_sql(f"CREATE DATABASE {name} TEMPLATE {template}")
            urls.append(sa.make_url(base).set(database=name).render_as_string(
                hide_password=False))
            made.extend(found := _apps_on(urls[-1], clock, 2))
            return found
        yield postgres
        for app in made:
            app.dispose()
        made.clear()
        with admin.connect() as connection:
            for i in range(len(urls)):
                connection.exec_driver_sql(
                    f"DROP DATABASE IF EXISTS supervision_streak{i} WITH (FORCE)")
        admin.dispose()
    for app in made:
        app.dispose()


def _world(make: Make, *, keep: bool) -> StreakWorld:
    clock = FixedClock(dt.datetime(2026, 9, 1, 9, tzinfo=dt.UTC))
    apps = make(clock)
    world = StreakWorld(apps, clock, keep=keep)
    for unit in UNITS:
        apps[0].add_unit(CLERK, unit)
    return world


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_incremental_streak_pass_records_what_the_full_pass_records(
    storage: Make, seed: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Sweep after sweep, the pass that reads only the units' changes since its mark gives
    the escalations (and their decisions), score entries and ESCALATED events of the pass
    that reads every unit whole; the changes were read incrementally more than once, and
    neither pass found due an escalation already on record (each knew every one)."""
    _patch_marks(monkeypatch)
    full = _world(storage, keep=False)
    processes = len(full.apps)
    _script(full, seed, processes)
    incremental = _world(storage, keep=True)
    _script(incremental, seed, processes)
    assert full.snapshots[-1][0]  # the script escalates
    assert any(k for k, _d, _p in full.snapshots[-1][0] if ":miss." in k or "miss." in k)
    assert 0 == full.incremental_reads
    assert incremental.incremental_reads > 3
    assert (0, 0) == (full.known_again, incremental.known_again)
    for number, (expected, found) in enumerate(zip(full.snapshots, incremental.snapshots,
                                                    strict=True)):
        difference = [(sorted(set(e) - set(f)), sorted(set(f) - set(e)))
                      for e, f in zip(expected, found, strict=True)]
        assert (number, [([], [])] * 3) == (number, difference)
