"""Reliability on SQLite and PostgreSQL: registration numbers are handed out exactly once
under concurrent writers (threads, processes), and a process killed between two writes of a
commit leaves nothing behind."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import pytest
import sqlalchemy as sa
from builders import CLERK, OFFICE, registration
from sql_support import SqlWorld, retrying

from supervision.adapters.sqlalchemy import SqlAlchemyUnitOfWork, create_engine, verify
from supervision.service_layer import services

WORKER = Path(__file__).with_name("sql_worker.py")


def _run_worker(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(WORKER), *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def _numbers(world: SqlWorld) -> list[int]:
    with world.uow() as uow:
        return sorted(m.number.seq for m in uow.matters.list(offices=None))


@pytest.mark.postgres
def test_concurrent_registrations_in_threads_never_share_a_number(
    postgres_engine: sa.Engine,
) -> None:
    """Six threads registering eight matters each (retrying on conflicts) commit numbers
    1..48, each exactly once, with one REGISTERED event per matter and an intact chain."""
    world = SqlWorld(postgres_engine)
    failures: list[BaseException] = []

    def register_many() -> None:
        try:
            for _ in range(8):
                retrying(lambda: services.register(world.uow(), world.ctx, CLERK, registration()))
        except BaseException as error:  # reported below, never swallowed
            failures.append(error)

    threads = [threading.Thread(target=register_many) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [] == failures
    assert list(range(1, 49)) == _numbers(world)
    with world.uow() as uow:
        assert 48 == len(uow.events.list())
        assert 48 == uow.numbers.current(OFFICE, "池开督", 2026)
    assert verify(postgres_engine).intact


def test_two_sqlite_processes_writing_at_once_never_share_a_number(sqlite_url: str) -> None:
    """Two processes registering fifteen matters each on one SQLite file commit numbers
    1..30, each exactly once."""
    engine = create_engine(sqlite_url)
    world = SqlWorld(engine)
    workers = [_run_worker("register", sqlite_url, "15") for _ in range(2)]
    for worker in workers:
        _out, err = worker.communicate(timeout=120)
        assert 0 == worker.returncode, err
    assert list(range(1, 31)) == _numbers(world)
    assert verify(engine).intact
    engine.dispose()


def test_a_process_killed_between_two_writes_leaves_nothing(engine: sa.Engine) -> None:
    """A process that dies (os._exit) after writing the matter rows of a commit but before
    its events leaves no matter, event or number behind; the rerun completes exactly once."""
    world = SqlWorld(engine)
    url = engine.url.render_as_string(hide_password=False)
    worker = _run_worker("die", url)
    _out, err = worker.communicate(timeout=120)
    assert 17 == worker.returncode, err
    with world.uow() as uow:
        assert ([], [], 0) == (
            uow.matters.list(offices=None), uow.events.list(),
            uow.numbers.current(OFFICE, "池开督", 2026),
        )
    matter = world.draft()
    assert 1 == matter.number.seq
    with world.uow() as uow:
        assert [matter.id] == [m.id for m in uow.matters.list(offices=None)]
        assert 1 == len(uow.events.list())
    assert verify(engine).intact


class _FailsBetweenWrites(SqlAlchemyUnitOfWork):
    """Raises after writing the matter rows of its commit, before the events."""

    def _flush_matters(self, staged: object) -> None:
        super()._flush_matters(staged)  # type: ignore[arg-type]
        raise RuntimeError("boom between two writes")


def test_an_exception_between_two_writes_of_a_commit_leaves_nothing(engine: sa.Engine) -> None:
    """An exception after the matter rows were written but before the events rolls the whole
    commit back (number, matter, assignments); the rerun registers number 1 exactly once."""
    world = SqlWorld(engine)
    with pytest.raises(RuntimeError):
        services.register(_FailsBetweenWrites(engine), world.ctx, CLERK, registration())
    with world.uow() as uow:
        assert ([], [], 0) == (
            uow.matters.list(offices=None), uow.events.list(),
            uow.numbers.current(OFFICE, "池开督", 2026),
        )
    with engine.connect() as connection:
        assert 0 == connection.exec_driver_sql("SELECT count(*) FROM sv_assignments").scalar()
    assert 1 == world.draft().number.seq
    assert verify(engine).intact
