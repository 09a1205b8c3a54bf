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
from collections.abc import Callable
from types import TracebackType
from typing import TYPE_CHECKING, Any, Self, TypeVar

import sqlalchemy as sa

from supervision.audit import Keyring, keyring
from supervision.exceptions import (
    ConcurrencyError,
    DuplicateRecord,
    InvalidInput,
    OfficeNotFound,
    SupervisionError,
    UnitNotFound,
    UnitOfWorkInUse,
)
from supervision.ports import WAKE_UNKNOWN, UnitOfWork

from . import _rows
from ._chain import close_chain, open_chain, write_events, write_record_links
from ._engine import WRITE_OPTION, is_prepared, prepare
from ._errors import translate
from ._matters import SqlMatterRepository
from ._records import SqlEscalationRepository, SqlScoreEntryRepository, flush_records
from ._repos import SqlEventRepository, SqlNumberSequences, SqlOfficeRepository, SqlUnitRepository
from ._schema import DEFAULT_PREFIX, Tables, UTCDateTime, tables
from ._session import Staged

__all__ = ["SqlAlchemyUnitOfWork"]

T = TypeVar("T")


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
        self.offices = SqlOfficeRepository(self)
        self.matters = SqlMatterRepository(self)
        self.units = SqlUnitRepository(self)
        self.events = SqlEventRepository(self)
        self.numbers = SqlNumberSequences(self)
        self.escalations = SqlEscalationRepository(self)
        self.scores = SqlScoreEntryRepository(self)

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

        self._guard("starting a write transaction", begin)
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
        self.staged = Staged()
        if staged.empty:
            self.rollback()
            return
        if self._joined is not None:
            savepoint = self._guard("committing", self._joined.begin_nested)
            try:
                self._guard("committing", lambda: self._flush(staged))
            except BaseException:
                if savepoint.is_active:
                    savepoint.rollback()
                raise
            self._guard("committing", savepoint.commit)
            return
        try:
            self.begin_write()
            self._guard("committing", lambda: self._flush(staged))
            self._guard("committing", self.connection.commit)
        except BaseException:
            self.rollback()
            raise
        finally:
            self._writing = False

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

    def _flush(self, staged: Staged) -> None:
        self._flush_sequences(staged)
        self._flush_offices(staged)
        self._flush_units(staged)
        self._flush_matters(staged)
        self._flush_wakes(staged)
        chain = open_chain(self, staged, self.chain_keys)
        write_events(self, chain, staged)
        flush_records(self, staged.new_escalations, staged.decided_escalations, staged.new_scores)
        write_record_links(self, chain, staged)
        close_chain(self, chain)

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

    def _flush_matters(self, staged: Staged) -> None:
        matters, assignments = self.tables.matters, self.tables.assignments
        if staged.new_matters:
            new = list(staged.new_matters.values())
            key = new[0][0].id if len(new) == 1 else ", ".join(m.id for m, _ in new[:5])
            self.execute(
                matters.insert(),
                [row for _, row in new],
                on_unique=lambda: DuplicateRecord("matter", key),
            )
            self.execute(
                assignments.insert(), [a for m, _ in new for a in _rows.assignment_rows(m)]
            )
        for matter_id, (matter, row, base) in sorted(staged.updated_matters.items()):
            done = self.execute(
                matters.update()
                .where(matters.c.id == matter_id, matters.c.version == base)
                .values(row)
            ).rowcount
            if done != 1:
                actual = self.execute(
                    sa.select(matters.c.version).where(matters.c.id == matter_id)
                ).scalar()
                raise ConcurrencyError("matter", matter_id, base, actual)
            self.execute(assignments.delete().where(assignments.c.matter_id == matter_id))
            self.execute(assignments.insert(), _rows.assignment_rows(matter))

    def _flush_wakes(self, staged: Staged) -> None:
        matters = self.tables.matters
        if staged.reset_wakes:
            self.execute(matters.update().values(wake_at=WAKE_UNKNOWN))
        if not staged.wakes:
            return
        self.execute(
            matters.update()
            .where(
                matters.c.id == sa.bindparam("wake_id"),
                matters.c.version == sa.bindparam("wake_version"),
            )
            .values(wake_at=sa.bindparam("wake", type_=UTCDateTime)),
            [
                {"wake_id": i, "wake_version": v, "wake": w}
                for i, (v, w) in sorted(staged.wakes.items())
            ],
        )


if TYPE_CHECKING:  # mypy proves the adapter satisfies the port
    _uow: UnitOfWork = SqlAlchemyUnitOfWork(sa.create_engine("sqlite://"))
