"""The daily sweep on SQL storage: the same records as in memory, and several sweepers at
once (threads, processes) on PostgreSQL record each escalation and its event exactly once."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from pathlib import Path

import attrs
import pytest
import sqlalchemy as sa
from escalation_world import LadderWorld, at
from sql_support import sql_ladder_world

from supervision.adapters.sqlalchemy import SqlAlchemyUnitOfWork, verify
from supervision.adapters.sqlalchemy._matters import SqlMatterRepository
from supervision.domain import EventKind, Matter
from supervision.domain.notices import Notice
from supervision.exceptions import LockTimeout
from supervision.service_layer import sweep as sweeping

WORKER = Path(__file__).with_name("sql_worker.py")


def _overdue(world: LadderWorld, count: int) -> list[str]:
    return [world.dispatch("2026-09-28 10:00", category="urgent").id for _ in range(count)]


def _claiming_sweeps(world: LadderWorld, workers: int) -> list[int]:
    """``workers`` threads sweeping at once with claim=True (FOR UPDATE SKIP LOCKED), pages
    of 2: the matters each evaluated (a failure in any is raised, never swallowed)."""
    failures: list[BaseException] = []
    evaluated: list[int] = []

    def sweep_once() -> None:
        try:
            summary = sweeping.sweep(world.uow(), world.ctx, batch_size=2, claim=True)
            evaluated.append(summary.matters_evaluated)
        except BaseException as error:  # reported below, never swallowed
            failures.append(error)

    threads = [threading.Thread(target=sweep_once) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [] == failures
    return evaluated


def _records(world: LadderWorld) -> tuple[list[str], list[str], list[str]]:
    """Escalation keys, score-entry keys and ESCALATED event ids, with each (random) matter
    id written as its registration number so two worlds compare."""
    with world.uow() as uow:
        numbers = {m.id: str(m.number) for m in uow.matters.list(offices=None)}

        def named(key: str) -> str:
            for matter_id, number in numbers.items():
                key = key.replace(matter_id, number)
            return key

        keys = sorted(named(e.key) for e in uow.escalations.list(offices=None))
        entries = sorted(named(e.key) for e in uow.scores.list(offices=None))
        escalated = sorted(
            named(e.event_id) for e in uow.events.list() if e.kind is EventKind.ESCALATED
        )
    return keys, entries, escalated


def _numbers(world: LadderWorld) -> dict[str, list[int]]:
    """Each number series' sequence numbers, one per document (its notices share it)."""
    with world.uow() as uow:
        notices = [n for e in uow.escalations.list(offices=None)
                   for n in uow.notices.for_matter(e.matter_id)]
    per_document: dict[tuple[str, str], set[int]] = {}
    for notice in notices:
        if notice.number is not None:
            per_document.setdefault((notice.source, notice.number.prefix), set()).add(
                notice.number.seq)
    assert all(len(seqs) == 1 for seqs in per_document.values())
    found: dict[str, list[int]] = {}
    for (_source, prefix), seqs in per_document.items():
        found.setdefault(prefix, []).extend(seqs)
    return {prefix: sorted(seqs) for prefix, seqs in found.items()}


def _gapless(world: LadderWorld) -> bool:
    """Whether every series is numbered 1, 2, … n, one number per document, and the
    series' stored last number is n (no number taken without its document)."""
    series = _numbers(world)
    with world.uow() as uow:
        office = world.office().id
        stored = {p: uow.numbers.current(office, p, 2026) for p in series}
    return bool(series) and all(
        seqs == list(range(1, len(seqs) + 1)) and stored[p] == len(seqs)
        for p, seqs in series.items())


def _texts(world: LadderWorld) -> list[tuple[str, str, str, str]]:
    """(recipient, series, subject, text) of every escalation's notice, each document's own
    number written ``N`` (the pages follow the random matter ids, so two worlds number them
    in different orders: :func:`_gapless` checks the numbers), sorted."""
    with world.uow() as uow:
        ids = [m.id for m in uow.matters.list(offices=None)]
        notices = [n for m in ids for n in uow.notices.for_matter(m)
                   if n.source.startswith("escalation:")]

    def masked(notice: Notice, text: str) -> str:
        number = notice.number
        return text if number is None else text.replace(str(number), f"{number.prefix}N")

    return sorted((n.recipient.key, "" if n.number is None else n.number.prefix,
                   masked(n, n.subject), masked(n, n.text)) for n in notices)


def test_the_sql_sweep_records_what_the_in_memory_sweep_records(engine: sa.Engine) -> None:
    """The same matters swept at the same instants give the same escalation and score keys
    on SQL storage as in memory, and sweeping again records nothing."""
    memory = LadderWorld("tongren-2014")
    sql = sql_ladder_world(engine, "tongren-2014")
    for world in (memory, sql):
        _overdue(world, 3)
        world.sweep("2026-10-09 09:00")
        world.sweep("2026-10-20 09:00")
    assert _records(memory)[:2] == _records(sql)[:2]
    assert _texts(memory) == _texts(sql)  # the documents numbered at commit, word for word
    assert _gapless(sql)
    assert _gapless(memory)
    assert 0 == len(sql.sweep("2026-10-20 09:00").escalations)
    keys, _entries, escalated = _records(sql)
    assert len(keys) == len(escalated)
    assert verify(engine).intact


@pytest.mark.postgres
def test_postgres_sweepers_in_threads_record_each_escalation_once(
    postgres_engine: sa.Engine,
) -> None:
    """Four threads sweeping the same instant at once: each escalation, score entry and
    ESCALATED event exists once, as many as one sweep alone records."""
    world = sql_ladder_world(postgres_engine, "tongren-2014")
    _overdue(world, 6)
    world.when("2026-10-09 09:00")
    failures: list[BaseException] = []

    def sweep_once() -> None:
        try:
            sweeping.sweep(world.uow(), world.ctx, batch_size=2)
        except BaseException as error:  # reported below, never swallowed
            failures.append(error)

    threads = [threading.Thread(target=sweep_once) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [] == failures
    keys, entries, escalated = _records(world)
    assert len(keys) == len(set(keys)) == len(escalated) == len(set(escalated))
    assert len(entries) == len(set(entries))
    alone = LadderWorld("tongren-2014")
    _overdue(alone, 6)
    alone.sweep("2026-10-09 09:00")
    assert _records(alone)[:2] == (keys, entries)
    assert _gapless(world)
    assert _numbers(world) == _numbers(alone)
    assert verify(postgres_engine).intact


@pytest.mark.postgres
def test_postgres_sweepers_in_processes_record_each_escalation_once(
    postgres_engine: sa.Engine,
) -> None:
    """Three processes sweeping at once record each escalation and its event once."""
    world = sql_ladder_world(postgres_engine, "tongren-2014")
    _overdue(world, 4)
    url = postgres_engine.url.render_as_string(hide_password=False)
    workers = [
        subprocess.Popen(
            [sys.executable, str(WORKER), "sweep", url, "0"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        for _ in range(3)
    ]
    for worker in workers:
        _out, err = worker.communicate(timeout=120)
        assert 0 == worker.returncode, err
    keys, _entries, escalated = _records(world)
    assert len(keys) == len(set(keys)) == len(escalated) > 0
    assert _gapless(world)
    assert verify(postgres_engine).intact


@pytest.mark.postgres
def test_claiming_postgres_sweepers_share_the_due_matters_and_record_each_once(
    postgres_engine: sa.Engine,
) -> None:
    """Four threads sweeping with claim=True (FOR UPDATE SKIP LOCKED): together they
    evaluate each due matter once (disjoint claims) and record what one sweep alone records,
    each escalation, score entry and ESCALATED event once."""
    world = sql_ladder_world(postgres_engine, "tongren-2014")
    _overdue(world, 8)
    world.when("2026-10-09 09:00")
    assert 8 == sum(_claiming_sweeps(world, 4))
    keys, entries, escalated = _records(world)
    assert len(keys) == len(set(keys)) == len(escalated) == len(set(escalated))
    alone = LadderWorld("tongren-2014")
    _overdue(alone, 8)
    alone.sweep("2026-10-09 09:00")
    assert _records(alone)[:2] == (keys, entries)
    assert _gapless(world)
    assert _numbers(world) == _numbers(alone)
    assert verify(postgres_engine).intact



@pytest.mark.postgres
def test_claiming_postgres_sweepers_settle_the_quiet_matters_first_without_reading_them(
    postgres_engine: sa.Engine, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The first sweep after every wake was forgotten (a bulk registration, or
    recompute_deadlines), shared by four claiming threads: each settles the quiet matters no
    longer open first (one at a time, never deadlocked), so together the workers evaluate
    only the 8 open matters, the 6 completed ones get no wake unread, and what is recorded
    is what one sweep alone records."""
    def dataset(world: LadderWorld) -> None:
        done = [world.dispatch("2026-09-01 10:00", category="urgent").id for _ in range(6)]
        for matter in done:
            world.complete(matter, "2026-09-03 10:00")
        _overdue(world, 8)

    world = sql_ladder_world(postgres_engine, "tongren-2014")
    dataset(world)
    with world.uow() as uow:
        uow.matters.reset_wakes()
        uow.commit()
    world.when("2026-10-09 09:00")
    with world.uow() as uow:
        completed = {m.id for m in uow.matters.list(offices=None) if not m.status.is_open}
    assert 6 == len(completed)
    read: list[str] = []
    get_many = SqlMatterRepository.get_many

    def reading(self: SqlMatterRepository, matter_ids: Sequence[str]) -> list[Matter]:
        read.extend(matter_ids)
        return get_many(self, matter_ids)

    monkeypatch.setattr(SqlMatterRepository, "get_many", reading)
    assert 8 == sum(_claiming_sweeps(world, 4))
    assert set() == completed & set(read)  # settled, never read
    with postgres_engine.connect() as connection:
        wakes = connection.execute(sa.text(
            "SELECT status, wake_at IS NULL FROM sv_matters ORDER BY status")).all()
    assert 6 == sum(1 for status, none in wakes if status == "completed" and none)
    alone = LadderWorld("tongren-2014")
    dataset(alone)
    alone.sweep("2026-10-09 09:00")
    assert _records(alone)[:2] == _records(world)[:2]
    assert verify(postgres_engine).intact

_SETTLING = "supervision.settle_quiet sv_matters"


def _holding_the_settle_lock(engine: sa.Engine, seconds: float) -> threading.Thread:
    """Another worker settling: a transaction holding the settle lock for ``seconds``."""
    taken = threading.Event()

    def hold() -> None:
        with engine.connect() as connection:
            connection.execute(sa.text("SELECT pg_advisory_xact_lock(hashtext(:n))"),
                               {"n": _SETTLING})
            taken.set()
            time.sleep(seconds)
            connection.rollback()

    holder = threading.Thread(target=hold)
    holder.start()
    assert taken.wait(10)
    return holder


@pytest.mark.postgres
def test_a_worker_waits_out_a_long_settle_beyond_the_lock_timeout(
    postgres_engine: sa.Engine,
) -> None:
    """A city's first sweep settles hundreds of thousands of matters in one UPDATE, longer
    than a row lock's lock_timeout: the next worker waits for it (polling the advisory
    lock) instead of failing with LockTimeout, then sweeps."""
    from supervision.adapters.sqlalchemy import create_engine

    world = sql_ladder_world(postgres_engine, "tongren-2014")
    _overdue(world, 3)
    impatient = create_engine(postgres_engine.url.render_as_string(hide_password=False),
                              lock_timeout=0.2)
    try:
        holder = _holding_the_settle_lock(postgres_engine, 1.5)
        started = time.monotonic()
        world.when("2026-10-09 09:00")
        summary = sweeping.sweep(SqlAlchemyUnitOfWork(impatient), world.ctx, claim=True)
        waited = time.monotonic() - started
        holder.join()
    finally:
        impatient.dispose()
    assert 3 == summary.matters_evaluated
    assert waited >= 1.0


@pytest.mark.postgres
def test_a_worker_gives_up_waiting_for_a_settle_after_the_bound(
    postgres_engine: sa.Engine, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Waiting is bounded (SETTLE_WAIT_SECONDS): then LockTimeout naming the settling, and
    nothing stored."""
    from supervision.adapters.sqlalchemy import _quiet

    world = sql_ladder_world(postgres_engine, "tongren-2014")
    _overdue(world, 2)
    monkeypatch.setattr(_quiet, "SETTLE_WAIT_SECONDS", 0.3)
    holder = _holding_the_settle_lock(postgres_engine, 2.0)
    try:
        with pytest.raises(LockTimeout, match="settling the quiet matters"):
            world.sweep("2026-10-09 09:00")
    finally:
        holder.join()
    assert ([], [], []) == _records(world)


def test_a_sweep_page_reads_its_units_in_one_query_and_writes_the_same_notices(
    engine: sa.Engine, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The units of a page's escalated matters (leads and co-units) are read in one query,
    and the notices are word for word those written when each unit is read by itself (the
    straightforward path, on a second database: no units read at once)."""
    from supervision.adapters.sqlalchemy import create_engine, upgrade
    from supervision.service_layer import outbox

    statements: list[str] = []

    def count(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        statements.append(statement)

    def swept(world: LadderWorld, engine: sa.Engine) -> list[tuple[str, str, str, str]]:
        world.dispatch("2026-09-28 10:00", category="urgent")
        world.dispatch("2026-09-28 10:00", category="urgent", lead="unit-b", co=("unit-c",))
        world.dispatch("2026-09-28 10:00", category="urgent", co=("unit-b", "unit-c"))
        sa.event.listen(engine, "before_cursor_execute", count)
        try:
            world.sweep("2026-10-09 09:00")
            world.sweep("2026-10-20 09:00")
        finally:
            sa.event.remove(engine, "before_cursor_execute", count)
        return _texts(world)

    fast = swept(sql_ladder_world(engine, "tongren-2014"), engine)
    # IN on SQLite, one array parameter (= ANY) on PostgreSQL
    pages = [s for s in statements if "FROM sv_units" in s
             and ("sv_units.id IN" in s or "sv_units.id = ANY" in s)]
    one_by_one = [s for s in statements if "FROM sv_units" in s and "sv_units.id =" in s
                  and "sv_units.id = ANY" not in s]
    assert pages
    assert [] == one_by_one
    url = f"sqlite:///{tmp_path / 'straightforward.db'}"
    upgrade(url)
    monkeypatch.setattr(outbox, "_read_units", lambda _uow, _matters: None)
    other = create_engine(url)
    try:
        slow = swept(sql_ladder_world(other, "tongren-2014"), other)
    finally:
        other.dispose()
    assert len({text for *_, text in fast}) >= 3
    assert fast == slow


def test_a_wake_written_with_its_matter_is_the_wake_written_after_it(
    engine: sa.Engine, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The sweep's escalated matters get their next wake in the UPDATE that writes them
    (one statement less per page): the stored wakes are those the straightforward path
    stores (the matter written, then the wake where the version still matches, on a second
    database), and a wake staged for the version a change replaces is not kept (the sweep
    looks again) either way."""
    from supervision.adapters.sqlalchemy import SqlAlchemyUnitOfWork, _uow, create_engine, upgrade
    from supervision.ports import WAKE_UNKNOWN

    def swept(world: LadderWorld, engine: sa.Engine) -> list[tuple[int, object]]:
        _overdue(world, 4)
        world.sweep("2026-10-09 09:00")
        stale, fresh = (world.dispatch("2026-09-28 10:00", category="urgent").id
                        for _ in range(2))
        woken = at("2026-10-12 09:00")
        with SqlAlchemyUnitOfWork(engine) as uow:
            for matter_id, ahead in ((stale, 0), (fresh, 1)):
                stored = uow.matters.get(matter_id)
                uow.matters.update(attrs.evolve(stored, version=stored.version + 1),
                                   expected_version=stored.version)
                uow.matters.set_wake(matter_id, version=stored.version + ahead, at=woken)
            uow.commit()
        with SqlAlchemyUnitOfWork(engine) as uow:
            due = dict((i, w) for w, i in uow.matters.wake_due(before=woken, limit=100))
        assert WAKE_UNKNOWN == due[stale]
        assert woken == due[fresh]
        world.sweep("2026-10-20 09:00")
        matters = SqlAlchemyUnitOfWork(engine).tables.matters
        with engine.connect() as connection:
            return sorted((r.number_seq, r.wake_at) for r in connection.execute(
                sa.select(matters.c.number_seq, matters.c.wake_at)))

    fast = swept(sql_ladder_world(engine, "tongren-2014"), engine)
    url = f"sqlite:///{tmp_path / 'straightforward.db'}"
    upgrade(url)
    monkeypatch.setattr(_uow, "_with_wakes", lambda _staged, updated: (updated, set()))
    other = create_engine(url)
    try:
        slow = swept(sql_ladder_world(other, "tongren-2014"), other)
    finally:
        other.dispose()
    assert len(fast) == 6
    assert fast == slow
