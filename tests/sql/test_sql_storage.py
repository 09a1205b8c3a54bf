"""The SQL adapter's own guarantees on SQLite and PostgreSQL: optimistic concurrency, errors
translated at the adapter edge, the append-only hash-chained event table, UTC instants and
text checked before the database."""

from __future__ import annotations

import datetime as dt
import sqlite3

import attrs
import pytest
import sqlalchemy as sa
from builders import CLERK, LIAISON_A, OFFICE, progress_content, registration
from sql_support import SqlWorld, shanghai

from supervision.adapters.sqlalchemy import (
    SqlAlchemyUnitOfWork,
    create_engine,
    verify,
)
from supervision.adapters.sqlalchemy._errors import translate
from supervision.domain import DueDate, Status
from supervision.exceptions import (
    ConcurrencyError,
    DuplicateRecord,
    InvalidInput,
    LockTimeout,
    StorageError,
    StorageUnavailable,
)
from supervision.service_layer import services
from supervision.testing.contract import sample_matter


def _url(engine: sa.Engine) -> str:
    return engine.url.render_as_string(hide_password=False)


# ---------------------------------------------------------------- optimistic concurrency
def test_two_editors_of_one_matter_lose_nothing(engine: sa.Engine) -> None:
    """Two units of work change the same matter: the second commit raises ConcurrencyError,
    the first change stays, and the second applied again on a fresh read keeps both."""
    world = SqlWorld(engine)
    matter = world.dispatched()
    first, second = world.uow(), world.uow()
    with first, second:
        read_1 = first.matters.get(matter.id)
        read_2 = second.matters.get(matter.id)
        one = attrs.evolve(read_1, title="甲", version=read_1.version + 1)
        two = attrs.evolve(read_2, requirements="乙", version=read_2.version + 1)
        first.matters.update(one, expected_version=read_1.version)
        second.matters.update(two, expected_version=read_2.version)
        first.commit()
        with pytest.raises(ConcurrencyError) as caught:
            second.commit()
    assert (matter.version, matter.version + 1) == (
        caught.value.fields["expected_version"],
        caught.value.fields["actual_version"],
    )
    with world.uow() as uow:
        fresh = uow.matters.get(matter.id)
        uow.matters.update(
            attrs.evolve(fresh, requirements="乙", version=fresh.version + 1),
            expected_version=fresh.version,
        )
        uow.commit()
    stored = world.stored(matter.id)
    assert ("甲", "乙", matter.version + 2) == (stored.title, stored.requirements, stored.version)


# ---------------------------------------------------------------- error translations
def test_a_unique_violation_at_commit_becomes_duplicate_record(engine: sa.Engine) -> None:
    """A matter id taken by another unit of work between add() and commit() raises
    DuplicateRecord at commit (the database's unique key, translated)."""
    matter, _ = sample_matter("m-1", 1)
    other, _ = sample_matter("m-1", 2)
    first, second = SqlAlchemyUnitOfWork(engine), SqlAlchemyUnitOfWork(engine)
    with first, second:
        first.matters.add(matter)
        second.matters.add(other)
        first.commit()
        with pytest.raises(DuplicateRecord) as caught:
            second.commit()
    assert ("matter", "m-1") == (caught.value.fields["kind"], caught.value.fields["key"])


def test_a_missing_schema_becomes_a_storage_error(tmp_path: object) -> None:
    """A database never migrated raises StorageError (not retryable) naming the operation."""
    engine = create_engine(f"sqlite:///{tmp_path}/unmigrated.db")
    try:
        with SqlAlchemyUnitOfWork(engine) as uow, pytest.raises(StorageError) as caught:
            uow.units.list(OFFICE)
        assert False is caught.value.retryable
        assert "reading" == caught.value.fields["operation"]
    finally:
        engine.dispose()


def test_sqlite_database_is_locked_becomes_lock_timeout(sqlite_url: str) -> None:
    """A writer holding SQLite's write lock longer than the busy timeout makes a commit fail
    with LockTimeout (retryable) instead of hanging; nothing of it is stored."""
    engine = create_engine(sqlite_url, busy_timeout=0.05)
    holder = sqlite3.connect(sqlite_url.removeprefix("sqlite:///"), isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")
        with SqlAlchemyUnitOfWork(engine) as uow:
            uow.numbers.next(OFFICE, "池开督", 2026)
            with pytest.raises(LockTimeout) as caught:
                uow.commit()
        assert True is caught.value.retryable
        holder.execute("ROLLBACK")
        with SqlAlchemyUnitOfWork(engine) as uow:
            assert 0 == uow.numbers.current(OFFICE, "池开督", 2026)
    finally:
        holder.close()
        engine.dispose()


@pytest.mark.postgres
def test_postgres_lock_not_available_becomes_lock_timeout(postgres_db_url: str) -> None:
    """A row lock held by another transaction longer than the lock timeout makes the commit
    fail with LockTimeout instead of waiting for ever."""
    engine = create_engine(postgres_db_url, lock_timeout=0.05)
    world = SqlWorld(engine)
    try:
        with engine.connect() as holder:
            holder.exec_driver_sql("SELECT * FROM sv_event_chain WHERE id = 1 FOR UPDATE")
            with pytest.raises(LockTimeout):
                services.register(world.uow(), world.ctx, CLERK, registration())
            holder.rollback()
        with world.uow() as uow:
            assert [] == uow.matters.list(offices=None)
        assert 1 == world.draft().number.seq
    finally:
        engine.dispose()


class _KilledMidCommit(SqlAlchemyUnitOfWork):
    """Kills its own PostgreSQL backend after the first writes of its commit."""

    admin_url = ""

    def _flush_units(self, staged: object) -> None:
        pid = self.connection.exec_driver_sql("SELECT pg_backend_pid()").scalar()
        admin = sa.create_engine(self.admin_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(sa.text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        admin.dispose()
        super()._flush_units(staged)  # type: ignore[arg-type]


@pytest.mark.postgres
def test_a_connection_killed_mid_transaction_is_retryable_and_stores_nothing(
    postgres_engine: sa.Engine, postgres_url: str
) -> None:
    """pg_terminate_backend during a commit surfaces as StorageUnavailable (retryable); no
    number, matter or event is stored, and the rerun registers number 1 exactly once."""
    world = SqlWorld(postgres_engine)
    killed = _KilledMidCommit(postgres_engine)
    killed.admin_url = postgres_url
    with pytest.raises(StorageUnavailable) as caught:
        services.register(killed, world.ctx, CLERK, registration())
    assert True is caught.value.retryable
    with world.uow() as uow:
        assert ([], [], 0) == (uow.matters.list(offices=None), uow.events.list(),
                               uow.numbers.current(OFFICE, "池开督", 2026))
    assert 1 == world.draft().number.seq
    with world.uow() as uow:
        assert [1] == [m.number.seq for m in uow.matters.list(offices=None)]


class _DriverError(Exception):
    """A driver exception carrying a PostgreSQL SQLSTATE, as psycopg's do."""

    def __init__(self, sqlstate: str) -> None:
        super().__init__(f"server said {sqlstate}")
        self.sqlstate = sqlstate


@pytest.mark.parametrize(
    ("sqlstate", "expected"),
    [
        ("40001", StorageUnavailable),  # serialization_failure
        ("40P01", StorageUnavailable),  # deadlock_detected
        ("57P01", StorageUnavailable),  # admin_shutdown (pg_terminate_backend)
        ("08006", StorageUnavailable),  # connection_failure
        ("55P03", LockTimeout),  # lock_not_available
        ("22P02", StorageError),  # invalid_text_representation
    ],
)
def test_postgres_sqlstates_translate_to_library_errors(
    sqlstate: str, expected: type[StorageError]
) -> None:
    """Each SQLSTATE class the adapter knows becomes its library error; retryable ones say so."""
    error = sa.exc.OperationalError("UPDATE matters", {}, _DriverError(sqlstate))
    translated = translate(error, "committing")
    assert expected is type(translated)
    assert (expected is not StorageError) == translated.retryable


def test_other_driver_errors_become_storage_error() -> None:
    """A database error with no more specific meaning becomes StorageError."""
    error = sa.exc.ProgrammingError("SELECT x", {}, Exception("syntax error"))
    translated = translate(error, "reading")
    assert StorageError is type(translated)
    assert "syntax error" == translated.fields["reason"]


# ---------------------------------------------------------------- append-only, hash chain
def _events_written(world: SqlWorld, count: int) -> None:
    matter = world.dispatched()
    for _ in range(count - 2):
        services.report_progress(world.uow(), world.ctx, LIAISON_A, matter.id, progress_content())


@pytest.mark.parametrize("statement", ["UPDATE sv_events SET kind = 'x'", "DELETE FROM sv_events"])
def test_events_refuse_update_and_delete(engine: sa.Engine, statement: str) -> None:
    """The event table's triggers refuse UPDATE and DELETE on both databases."""
    _events_written(SqlWorld(engine), 3)
    with engine.connect() as connection, pytest.raises(sa.exc.DBAPIError) as caught:
        connection.exec_driver_sql(statement)
    assert "append-only" in str(caught.value)
    assert verify(engine).intact


def _drop_triggers(connection: sa.Connection) -> None:
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql("DROP TRIGGER sv_events_no_update")
        connection.exec_driver_sql("DROP TRIGGER sv_events_no_delete")
    else:
        connection.exec_driver_sql("DROP TRIGGER sv_events_no_update_delete ON sv_events")


@pytest.fixture
def tamperable(engine: sa.Engine) -> sa.Engine:
    """A database with five chained events and the append-only triggers dropped."""
    _events_written(SqlWorld(engine), 5)
    assert verify(engine).intact
    with engine.begin() as connection:
        _drop_triggers(connection)
    return engine


def test_verify_finds_a_changed_row(tamperable: sa.Engine) -> None:
    """A row whose JSON body was edited is the first bad row."""
    with tamperable.begin() as connection:
        connection.exec_driver_sql(
            "UPDATE sv_events SET body = replace(body, 'liaison-a', 'liaison-b') WHERE seq = 3"
        )
    check = verify(tamperable)
    assert (False, 3) == (check.intact, check.first_bad_seq)
    assert "篡改" in check.problem


def test_verify_finds_a_column_changed_behind_the_body(tamperable: sa.Engine) -> None:
    """A column edited without its body disagrees with the body."""
    with tamperable.begin() as connection:
        connection.exec_driver_sql("UPDATE sv_events SET kind = 'withdrawn' WHERE seq = 4")
    assert 4 == verify(tamperable).first_bad_seq


def test_verify_finds_a_deleted_row(tamperable: sa.Engine) -> None:
    """A deleted row is reported at its position."""
    with tamperable.begin() as connection:
        connection.exec_driver_sql("DELETE FROM sv_events WHERE seq = 2")
    check = verify(tamperable)
    assert (2, None) == (check.first_bad_seq, check.event_id)
    assert "删除" in check.problem


def test_verify_finds_a_deleted_last_row(tamperable: sa.Engine) -> None:
    """Deleting the newest row is caught by the chain head."""
    with tamperable.begin() as connection:
        connection.exec_driver_sql("DELETE FROM sv_events WHERE seq = 5")
    assert 5 == verify(tamperable).first_bad_seq


def test_verify_finds_reordered_rows(tamperable: sa.Engine) -> None:
    """Two rows swapped in the chain: the first moved row is reported."""
    with tamperable.begin() as connection:
        connection.exec_driver_sql("UPDATE sv_events SET seq = -1 WHERE seq = 2")
        connection.exec_driver_sql("UPDATE sv_events SET seq = 2 WHERE seq = 3")
        connection.exec_driver_sql("UPDATE sv_events SET seq = 3 WHERE seq = -1")
    check = verify(tamperable)
    assert 2 == check.first_bad_seq
    assert "次序" in check.problem


def test_an_untouched_chain_verifies(engine: sa.Engine) -> None:
    """Every event appended through units of work verifies, and is counted."""
    _events_written(SqlWorld(engine), 4)
    check = verify(engine)
    assert (True, 4, None) == (check.intact, check.checked, check.first_bad_seq)


# ---------------------------------------------------------------- instants and text
def test_instants_are_stored_in_utc_and_read_back_as_the_same_instant(
    engine: sa.Engine,
) -> None:
    """A matter registered at 09:00 Shanghai is stored as 01:00 UTC and reads back as the
    same instant."""
    world = SqlWorld(engine)
    matter = world.draft()
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            raw = connection.exec_driver_sql("SELECT registered_at FROM sv_matters").scalar()
        else:
            raw = connection.exec_driver_sql(
                "SELECT to_char(registered_at AT TIME ZONE 'UTC', "
                "'YYYY-MM-DD HH24:MI:SS.US') FROM sv_matters"
            ).scalar()
    assert "2026-03-02 01:00:00.000000" == raw
    assert matter.registered_at == world.stored(matter.id).registered_at


def test_due_instants_in_any_offset_sort_by_instant(engine: sa.Engine) -> None:
    """Due instants written in UTC, +08:00 and -05:00 are compared as instants."""
    utc_early = dt.datetime(2026, 3, 10, 0, 30, tzinfo=dt.UTC)  # 08:30 in Shanghai
    shanghai_mid = shanghai(10, 9)  # 01:00 UTC
    # 02:00 UTC, 10:00 in Shanghai
    new_york_late = dt.datetime(2026, 3, 9, 21, 0, tzinfo=dt.timezone(dt.timedelta(hours=-5)))
    with SqlAlchemyUnitOfWork(engine) as uow:
        for i, due_at in enumerate((new_york_late, shanghai_mid, utc_early), start=1):
            matter, _ = sample_matter(f"m-{i}", i)
            uow.matters.add(attrs.evolve(
                matter, status=Status.DISPATCHED,
                due=DueDate(due_at.date(), due_at.date(), due_at, False),
            ))
        uow.commit()
    with SqlAlchemyUnitOfWork(engine) as uow:
        found = uow.matters.list_due(before=shanghai(10, 11))
        assert ["m-3", "m-2", "m-1"] == [m.id for m in found]
        assert [new_york_late] == [m.due.due_at for m in found[-1:] if m.due]
        assert ["m-3"] == [m.id for m in uow.matters.list_due(before=shanghai(10, 9))]


def test_nul_in_any_text_of_a_matter_is_refused_before_the_database(engine: sa.Engine) -> None:
    """A NUL deep in a matter is refused with InvalidInput naming the field; nothing stored."""
    matter, _ = sample_matter()
    bad = attrs.evolve(matter, requirements="按期\x00完成")
    with SqlAlchemyUnitOfWork(engine) as uow:
        with pytest.raises(InvalidInput) as caught:
            uow.matters.add(bad)
        uow.commit()
    assert "matter.requirements" == caught.value.fields["field"]
    with SqlAlchemyUnitOfWork(engine) as uow:
        assert [] == uow.matters.list(offices=None)


def test_an_in_memory_sqlite_url_is_refused() -> None:
    """sqlite:// (in memory) would give each connection its own empty database."""
    with pytest.raises(InvalidInput) as caught:
        create_engine("sqlite://")
    assert "url" == caught.value.fields["field"]


# ---------------------------------------------------------------- units read once
def test_a_unit_is_read_once_per_transaction_and_afresh_in_the_next(engine: sa.Engine) -> None:
    """Within one unit of work a unit is read from its table once (a sweep page writing
    notices asks for it again and again); a change committed by another unit of work is
    seen by the next transaction, and a change staged in this one at once."""
    world = SqlWorld(engine)
    matter = world.dispatched()
    unit_id = matter.lead_unit_id
    statements: list[str] = []

    def count(conn: object, cursor: object, statement: str, *args: object) -> None:
        if "units" in statement and statement.lstrip().upper().startswith("SELECT"):
            statements.append(statement)

    reader, writer = world.uow(), world.uow()
    with reader:
        first = reader.units.get(OFFICE, unit_id)
        sa.event.listen(engine, "before_cursor_execute", count)
        try:
            assert first == reader.units.get(OFFICE, unit_id)
        finally:
            sa.event.remove(engine, "before_cursor_execute", count)
        assert [] == statements
        renamed = attrs.evolve(first, name="改名后的单位")
        reader.units.update(renamed)
        assert "改名后的单位" == reader.units.get(OFFICE, unit_id).name
    with writer:
        writer.units.update(attrs.evolve(writer.units.get(OFFICE, unit_id), name="另一个名称"))
        writer.commit()
    with reader:
        assert "另一个名称" == reader.units.get(OFFICE, unit_id).name
