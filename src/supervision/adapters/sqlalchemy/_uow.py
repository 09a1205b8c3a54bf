"""The SQL unit of work (SQLAlchemy 2 Core): on its own connection, or joined to a host's.

One unit of work is one transaction. Reads go to the database at once (overlaid with this unit
of work's own staged changes); writes are staged and sent together by
:meth:`SqlAlchemyUnitOfWork.commit`, which checks every version again in the database
(``UPDATE … WHERE version = :read``), so the rules are exactly the in-memory adapter's
(:mod:`supervision.ports`):

* nothing persists without commit, and a failed commit leaves nothing behind;
* a matter updated by someone else since it was read raises ConcurrencyError;
* number sequences are compare-and-set per (office, prefix, year);
* events, escalations, decisions and score entries are appended to one keyed hash chain whose
  head row is locked by the committing transaction (``chain_key``: :mod:`supervision.audit`).

Given an Engine, the unit of work owns its connection: on SQLite the write transaction starts
with ``BEGIN IMMEDIATE`` after the read snapshot is released; on PostgreSQL it continues the
transaction the reads ran in (READ COMMITTED). Given a host's Connection, it joins the host's
transaction: its commit writes inside a SAVEPOINT (a failed commit undoes only the library's
writes) and the host commits or rolls back the whole, the library's rows and events included.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from types import TracebackType
from typing import TYPE_CHECKING, Any, Self, TypeVar

import sqlalchemy as sa

from supervision._collector import paused
from supervision._logs import logger
from supervision.audit import Keyring, keyring
from supervision.domain.events import Event
from supervision.domain.model import Matter
from supervision.exceptions import (
    ConcurrencyError,
    DuplicateRecord,
    InvalidInput,
    OfficeNotFound,
    SupervisionError,
    UnitNotFound,
    UnitOfWorkInUse,
)
from supervision.ports import UnitOfWork

from . import _bulk, _rows
from ._body_patch import NARROW
from ._bulk import DRIVER_FROM, driver_insert
from ._chain import close_chain, open_chain, write_events, write_record_links
from ._changes import departures, stamp_changes
from ._engine import WRITE_OPTION, is_prepared, prepare
from ._errors import translate
from ._matters import SqlMatterRepository
from ._outbox import SqlNoticeRepository, SqlObjectionRepository, flush_outbox
from ._quiet import settle_quiet
from ._records import (
    SqlEscalationRepository,
    SqlScoreEntryRepository,
    flush_records,
    insert_escalations,
)
from ._repos import SqlEventRepository, SqlNumberSequences, SqlOfficeRepository, SqlUnitRepository
from ._schema import DEFAULT_PREFIX, Tables, tables
from ._session import Staged
from ._writes import insert_rows, replace_facts, update_matters, write_wakes

__all__ = ["SqlAlchemyUnitOfWork"]

T = TypeVar("T")

#: Conflicts found at commit and waits for the write lock are logged here (INFO).
_log = logger("supervision.storage")
#: A wait for the write lock at least this long (seconds) is logged.
LOCK_WAIT_LOG_SECONDS = 0.1


def _note_conflict(error: BaseException, *, joined: bool) -> None:
    """Log a conflict found while committing (nothing of the unit of work was stored)."""
    if isinstance(error, ConcurrencyError):
        where = " (in the host's transaction)" if joined else ""
        _log.info("conflict at commit%s: %s %s changed since it was read (version %s read, "
                  "%s stored); nothing was stored", where, error.fields["kind"],
                  error.fields["key"], error.fields["expected_version"],
                  error.fields["actual_version"])


#: From this many rows on, a commit inserts through the driver (``COPY`` on PostgreSQL).
COPY_FROM = DRIVER_FROM


class SqlAlchemyUnitOfWork:
    """A unit of work on a SQLAlchemy Engine (SQLite or PostgreSQL), or joined to a host's
    Connection and its transaction.

    Use it as a context manager, like every :class:`~supervision.ports.UnitOfWork`::

        with SqlAlchemyUnitOfWork(engine) as uow:
            uow.units.add(unit)
            uow.commit()

    ``table_prefix`` and ``schema`` name the library's tables (``sv_`` and the connection's
    default schema unless the host chose otherwise when migrating). An engine not made by
    :func:`~supervision.adapters.sqlalchemy.create_engine` gets the adapter's set-up applied
    (:func:`~supervision.adapters.sqlalchemy.prepare`); a host Connection must come from a
    prepared engine. Database errors come out as the library's exceptions; a lost connection
    raises the retryable :class:`~supervision.exceptions.StorageUnavailable` and nothing is
    stored. Entering it again while it is entered, or with changes staged outside a ``with``
    block, raises :class:`~supervision.exceptions.UnitOfWorkInUse`.

    ``chain_key`` (a :class:`~supervision.audit.Keyring` or one
    :class:`~supervision.audit.ChainKey`) signs the links this unit of work appends to the
    chain of records; without it they are unkeyed, and appending to a chain that is already
    keyed raises :class:`~supervision.exceptions.ChainKeyError` (nothing stored).
    """

    def __init__(
        self,
        target: sa.Engine | sa.Connection,
        *,
        table_prefix: str = DEFAULT_PREFIX,
        schema: str | None = None,
        chain_key: object = None,
    ) -> None:
        self.chain_keys: Keyring | None = keyring(chain_key)
        if isinstance(target, sa.Connection):
            if not is_prepared(target.engine):
                raise InvalidInput(
                    "connection",
                    "a connection from an engine made by supervision.adapters.sqlalchemy."
                    "create_engine(url), or from one passed to prepare(engine) before its "
                    "connections were opened",
                    target,
                )
            self.engine = target.engine
            self._joined: sa.Connection | None = target
        elif isinstance(target, sa.Engine):
            self.engine = target
            self._joined = None
            if not is_prepared(target):
                prepare(target)
        else:
            raise InvalidInput(
                "engine", "a sqlalchemy.Engine from create_engine(url), or a Connection", target
            )
        self.dialect = self.engine.dialect.name
        if schema is not None and self.dialect != "postgresql":
            raise InvalidInput("schema", "None on SQLite (schemas are PostgreSQL's)", schema)
        self.tables: Tables = tables(table_prefix, schema)
        self.staged = Staged()
        self._connection: sa.Connection | None = None
        self._writing = False
        self._active = False
        self._read_before: dict[str, Matter] = {}
        self.offices = SqlOfficeRepository(self)
        self.matters = SqlMatterRepository(self)
        self.units = SqlUnitRepository(self)
        self.events = SqlEventRepository(self)
        self.numbers = SqlNumberSequences(self)
        self.escalations = SqlEscalationRepository(self)
        self.scores = SqlScoreEntryRepository(self)
        self.notices = SqlNoticeRepository(self)
        self.objections = SqlObjectionRepository(self)

    @property
    def joined(self) -> bool:
        """Whether the unit of work runs in a host's transaction."""
        return self._joined is not None

    # ----------------------------------------------------------- transaction
    def __enter__(self) -> Self:
        if self._active:
            raise UnitOfWorkInUse("the unit of work is already entered")
        if not self.staged.empty:
            raise UnitOfWorkInUse("changes staged outside a with block")
        self._release()
        self._active = True
        self.staged = Staged()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._active = False
        self.rollback()
        self._release()

    @property
    def connection(self) -> sa.Connection:
        """This unit of work's connection (the host's, or its own opened on first use)."""
        if self._joined is not None:
            return self._joined
        if self._connection is None:
            try:
                self._connection = self.engine.connect()
            except sa.exc.SQLAlchemyError as error:
                raise translate(error, "connecting") from error
        return self._connection

    def read(self, statement: sa.Executable) -> sa.CursorResult[Any]:
        """Run a query in this unit of work's transaction (errors translated)."""
        return self._guard("reading", lambda: self.connection.execute(statement))

    def read_sql(self, sql: str, parameters: tuple[Any, ...]) -> sa.CursorResult[Any]:
        """Run a query written in the driver's own SQL and parameter style, in this unit of
        work's transaction (errors translated; no statement compiled, no column types)."""
        return self._guard("reading", lambda: self.connection.exec_driver_sql(sql, parameters))

    def begin_write(self) -> None:
        """Make the current transaction a write transaction: on SQLite release the read
        snapshot and ``BEGIN IMMEDIATE`` (waiting up to the busy timeout for other writers);
        on PostgreSQL continue the transaction the reads ran in. A joined unit of work
        writes in the host's transaction."""
        if self._writing or self._joined is not None:
            return
        connection = self.connection

        def begin() -> None:
            if self.dialect == "sqlite":
                if connection.in_transaction():
                    connection.rollback()
                connection.execution_options(**{WRITE_OPTION: True})
                try:
                    connection.begin()
                finally:
                    connection.execution_options(**{WRITE_OPTION: False})
            elif not connection.in_transaction():
                connection.begin()

        started = time.monotonic()
        self._guard("starting a write transaction", begin)
        waited = time.monotonic() - started
        if waited >= LOCK_WAIT_LOG_SECONDS:
            _log.info("waited %.2f s for the %s write lock (another writer held it)",
                      waited, self.dialect)
        self._writing = True

    def rollback(self) -> None:
        """Drop every staged change and end the transaction (a joined unit of work leaves
        the host's transaction alone: it has written nothing outside a commit)."""
        self.staged = Staged()
        self._writing = False
        if self._joined is not None:
            return
        connection = self._connection
        if connection is not None and connection.in_transaction():
            try:
                connection.rollback()
            except sa.exc.SQLAlchemyError:
                # the connection is gone (and its transaction with it): do not reuse it
                connection.invalidate()
                self._release()

    def commit(self) -> None:
        """Write every staged change in one transaction, or none (raising the first
        conflict found). Joined: write inside a SAVEPOINT of the host's transaction and leave
        committing to the host."""
        staged = self.staged
        self._read_before = self.matters.read()  # what the flush may compare with
        self.staged = Staged()
        if staged.empty:
            self.rollback()
            return
        flush = (self._flush if len(staged.events) < COPY_FROM
                 and len(staged.new_matters) < COPY_FROM else self._flush_batch)
        if self._joined is not None:
            savepoint = self._guard("committing", self._joined.begin_nested)
            try:
                self._guard("committing", lambda: flush(staged))
            except BaseException as error:
                _note_conflict(error, joined=True)
                if savepoint.is_active:
                    savepoint.rollback()
                raise
            self._guard("committing", savepoint.commit)
            return
        try:
            self.begin_write()
            self._guard("committing", lambda: flush(staged))
            self._guard("committing", self.connection.commit)
        except BaseException as error:
            _note_conflict(error, joined=False)
            self.rollback()
            raise
        finally:
            self._writing = False

    def _flush_batch(self, staged: Staged) -> None:
        """:meth:`_flush` of :data:`COPY_FROM` staged matters or events or more, the
        collector paused: a batch's rows are built and sent at once, none in a reference
        cycle, and the collector's passes over the host's heap meanwhile would find nothing
        to free (not around waiting for the write lock or the commit, which build nothing)."""
        with paused():
            self._flush(staged)

    def _release(self) -> None:
        connection, self._connection = self._connection, None
        self._writing = False
        if connection is not None:
            try:
                connection.close()
            except sa.exc.SQLAlchemyError:
                connection.invalidate()

    def _guard(self, operation: str, run: Callable[[], T]) -> T:
        try:
            return run()
        except SupervisionError:
            raise
        except UnicodeEncodeError as error:
            # a backstop: the checks before storage refuse such text naming its field
            self.rollback()
            raise InvalidInput(
                "text", "text without lone surrogate characters (not encodable as UTF-8)",
                error.object[error.start:error.end],
            ) from None
        except sa.exc.SQLAlchemyError as error:
            translated = translate(error, operation)
            self.rollback()
            raise translated from error

    # ----------------------------------------------------------------- flush
    def execute(
        self,
        statement: sa.Executable,
        parameters: Any = None,
        *,
        on_unique: Callable[[], SupervisionError] | None = None,
    ) -> sa.CursorResult[Any]:
        """Run a write inside the commit (errors translated; ``on_unique`` names what a
        unique violation means)."""
        try:
            return self.connection.execute(statement, parameters)
        except sa.exc.SQLAlchemyError as error:
            raise translate(error, "committing", on_unique=on_unique) from error

    def insert_many(
        self,
        table: sa.Table,
        rows: list[dict[str, Any]],
        *,
        on_unique: Callable[[], SupervisionError] | None = None,
    ) -> None:
        """Insert many rows inside the commit: through the driver from :data:`COPY_FROM`
        rows on (``COPY … FROM STDIN`` on PostgreSQL with psycopg 3, the ``sqlite3``
        cursor's ``executemany`` on SQLite: :mod:`._bulk`), else
        :func:`._writes.insert_rows` (one ``unnest`` statement on PostgreSQL, one
        ``executemany`` elsewhere); on SQLite through the driver from
        :data:`._bulk.SQLITE_DRIVER_FROM` rows on (statements SQLAlchemy's execution events
        and ``echo`` do not see). Errors are translated alike (a unique violation is
        ``on_unique()``)."""
        if not rows:
            return
        if len(rows) >= (_bulk.SQLITE_DRIVER_FROM if self.dialect == "sqlite" else COPY_FROM):
            try:
                if driver_insert(self.connection, table, rows):
                    return
            except sa.exc.DBAPIError as error:
                raise translate(error, "committing", on_unique=on_unique) from error
        insert_rows(self, table, rows, on_unique=on_unique)

    def _flush(self, staged: Staged) -> None:
        self._flush_sequences(staged)
        self._flush_offices(staged)
        self._flush_units(staged)
        departed, woken = self._flush_matters(staged)
        write_wakes(self, staged, woken)
        flush_records(self, staged.decided_escalations, staged.new_scores)
        flush_outbox(self, staged)
        # last: the chain (events, then the links of the records): opening it takes the head
        # row's lock, held until the commit, so concurrent commits queue only for the chain
        chain = open_chain(self, staged, self.chain_keys)
        write_events(self, chain, staged)
        write_record_links(self, chain, staged)
        close_chain(self, chain)
        # the change numbers, on the same head row (its lock is held until the commit)
        stamp = stamp_changes(self, staged, departed=departed)
        insert_escalations(self, staged.new_escalations, stamp)  # stamped as inserted
        if staged.new_matters:  # their assignments, stamped as they are inserted
            assert stamp is not None
            self.insert_many(self.tables.assignments, [
                a for m, _ in staged.new_matters.values()
                for a in _rows.assignment_rows(m, change_seq=stamp)])
        # last, on everything above: the quiet matters no longer open get no wake
        settle_quiet(self, staged)

    def _insert_if_absent(self, table: sa.Table, row: dict[str, Any]) -> bool:
        """Insert ``row`` unless its key exists; True if it was inserted."""
        if self.dialect == "postgresql":
            from sqlalchemy.dialects.postgresql import insert as pg_insert

            statement: sa.Executable = (
                pg_insert(table).values(row).on_conflict_do_nothing().returning(sa.literal(1))
            )
        else:
            from sqlalchemy.dialects.sqlite import insert as sqlite_insert

            statement = (
                sqlite_insert(table).values(row).on_conflict_do_nothing().returning(sa.literal(1))
            )
        return self.execute(statement).first() is not None

    def _flush_sequences(self, staged: Staged) -> None:
        table = self.tables.number_sequences
        c = table.c
        for (office_id, prefix, year), (base, value) in sorted(staged.sequences.items()):
            where = (c.office_id == office_id, c.prefix == prefix, c.year == year)
            if base == 0:
                done = self._insert_if_absent(
                    table, {"office_id": office_id, "prefix": prefix, "year": year, "last": value}
                )
            else:
                done = self.execute(
                    table.update().where(*where, c.last == base).values(last=value)
                ).rowcount == 1
            if not done:
                actual = self.execute(sa.select(c.last).where(*where)).scalar()
                raise ConcurrencyError("number sequence", f"{prefix}〔{year}〕", base, actual)

    def _flush_offices(self, staged: Staged) -> None:
        t = self.tables.offices
        for office_id, (_office, row) in staged.new_offices.items():
            self.execute(t.insert(), row,
                         on_unique=functools.partial(DuplicateRecord, "office", office_id))
        for office_id, (_office, row, base) in sorted(staged.updated_offices.items()):
            done = self.execute(
                t.update().where(t.c.id == office_id, t.c.version == base).values(row)
            ).rowcount
            if done != 1:
                actual = self.execute(sa.select(t.c.version).where(t.c.id == office_id)).scalar()
                if actual is None:
                    raise OfficeNotFound(office_id)
                raise ConcurrencyError("office", office_id, base, actual)
        if staged.office_events:
            self.execute(
                self.tables.office_events.insert(), [row for _, row in staged.office_events],
                on_unique=lambda: ConcurrencyError("office", staged.office_events[0][0].office_id,
                                                   staged.office_events[0][0].version - 1, None),
            )

    def _flush_units(self, staged: Staged) -> None:
        t = self.tables.units
        for (_office_id, unit_id), (_unit, row) in staged.new_units.items():
            self.execute(t.insert(), row,
                         on_unique=functools.partial(DuplicateRecord, "unit", unit_id))
        for (office_id, unit_id), (_unit, row) in staged.updated_units.items():
            done = self.execute(
                t.update().where(t.c.office_id == office_id, t.c.id == unit_id).values(row)
            ).rowcount
            if done != 1:
                raise UnitNotFound(unit_id)

    def _flush_matters(self, staged: Staged) -> tuple[bool, set[str]]:
        """Write the staged matters (the new ones' assignments wait for the change number:
        :meth:`_flush` inserts them stamped); whether any unit was taken off a matter, and
        the ids of the changed matters whose wake was written with them
        (:func:`_with_wakes`)."""
        matters, assignments = self.tables.matters, self.tables.assignments
        if staged.new_matters:
            new = list(staged.new_matters.values())
            key = new[0][0].id if len(new) == 1 else ", ".join(m.id for m, _ in new[:5])
            self.insert_many(
                matters,
                [row for _, row in new],
                on_unique=lambda: DuplicateRecord("matter", key),
            )
        latest = self._latest_events(staged)
        if staged.new_matters:
            self.insert_many(self.tables.matter_facts,
                             [_rows.facts_row(m, latest.get(m.id)) for m, _ in new])
        updated = sorted(staged.updated_matters.items())
        self._flush_fact_events(staged, latest)
        if not updated:
            return False, set()
        updated, woken = _with_wakes(staged, updated)
        update_matters(self, updated)
        # each changed matter's facts replace its row's (inserted where a host's row had none)
        replace_facts(self, [_rows.facts_row(m, latest.get(i)) for i, (m, _r, _b) in updated])
        rewrite: list[str] = []
        rows: list[dict[str, Any]] = []
        for matter_id, (matter, row, base) in updated:
            if tuple(row) == NARROW:
                continue  # a narrow row: the assignments are those stored (_body_patch)
            new_rows = _rows.assignment_rows(matter)
            before = self._read_before.get(matter_id)
            if (before is not None and before.version == base
                    and _rows.assignment_rows(before) == new_rows):
                continue  # the stored version had these very assignments (a sweep's record)
            rewrite.append(matter_id)
            rows.extend(new_rows)
        for start in range(0, len(rewrite), 900):
            chunk = rewrite[start:start + 900]
            self.execute(assignments.delete().where(assignments.c.matter_id.in_(chunk)))
        self.insert_many(assignments, rows)
        return departures(staged, self._read_before, rewrite), woken

    @staticmethod
    def _latest_events(staged: Staged) -> dict[str, Event]:
        """Each matter's staged event of the highest version."""
        latest: dict[str, Event] = {}
        for event, _body in staged.events:
            found = latest.get(event.matter_id)
            if found is None or event.version > found.version:
                latest[event.matter_id] = event
        return latest

    def _flush_fact_events(self, staged: Staged, latest: dict[str, Event]) -> None:
        """Keep ``matter_facts.event_at`` of the matters whose events this unit of work
        appends without changing the matter: the event's instant when it is of the facts'
        version, else NULL (a later event exists: the facts no longer tell the latest
        state)."""
        rows = [{"f_id": i, "f_version": e.version, "f_at": e.occurred_at}
                for i, e in latest.items()
                if i not in staged.new_matters and i not in staged.updated_matters]
        if not rows:
            return
        facts = self.tables.matter_facts
        self.execute(
            facts.update().where(facts.c.matter_id == sa.bindparam("f_id")).values(
                event_at=sa.case((facts.c.version == sa.bindparam("f_version"),
                                  sa.bindparam("f_at", type_=facts.c.event_at.type)),
                                 else_=sa.null())),
            rows)


_Updated = list[tuple[str, tuple[Matter, dict[str, Any], int]]]


def _with_wakes(staged: Staged, updated: _Updated) -> tuple[_Updated, set[str]]:
    """The changed matters' rows, each carrying its staged wake when the wake is staged for
    the version the row writes (a sweep's escalated matter: one UPDATE of the row instead
    of two; the wake's own UPDATE, run after the matter's, would match that version and
    write the same value), and the ids so written. Nothing is merged when every wake is
    reset first."""
    if staged.reset_wakes or not staged.wakes:
        return updated, set()
    wakes = staged.wakes
    merged: _Updated = []
    woken: set[str] = set()
    for matter_id, (matter, row, base) in updated:
        wake = wakes.get(matter_id)
        if wake is not None and wake[0] == matter.version:
            row = {**row, "wake_at": wake[1]}
            woken.add(matter_id)
        merged.append((matter_id, (matter, row, base)))
    return merged, woken


if TYPE_CHECKING:  # mypy proves the adapter satisfies the port
    _uow: UnitOfWork = SqlAlchemyUnitOfWork(sa.create_engine("sqlite://"))
