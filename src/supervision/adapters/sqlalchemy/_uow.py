"""The SQL unit of work and its repositories (SQLAlchemy 2 Core).

One unit of work is one connection and one transaction. Reads go to the database at once
(overlaid with this unit of work's own staged changes); writes are staged and sent in one
write transaction by :meth:`SqlAlchemyUnitOfWork.commit`, which checks every version again in
the database (``UPDATE … WHERE version = :read``), so the rules are exactly the in-memory
adapter's (:mod:`supervision.ports`):

* nothing persists without commit, and a failed commit leaves nothing behind;
* a matter updated by someone else since it was read raises ConcurrencyError;
* number sequences are compare-and-set per (prefix, year): a number is never committed twice;
* events are appended to a hash chain whose head row is locked by the committing transaction.

On SQLite the write transaction starts with ``BEGIN IMMEDIATE`` (see
:func:`~supervision.adapters.sqlalchemy.create_engine`), after the read snapshot is released;
on PostgreSQL it continues the transaction the reads ran in (READ COMMITTED).
"""

from __future__ import annotations

import datetime as _dt
import functools
from collections.abc import Callable, Sequence
from types import TracebackType
from typing import TYPE_CHECKING, Any, Self, TypeVar

import sqlalchemy as sa

from supervision.domain.escalation import Escalation
from supervision.domain.events import Event
from supervision.domain.lifecycle import Status
from supervision.domain.model import Matter, RegistrationNumber, Unit
from supervision.domain.scorecard import ScoreEntry
from supervision.exceptions import (
    ConcurrencyError,
    DuplicateRecord,
    InvalidInput,
    MatterNotFound,
    StorageError,
    SupervisionError,
    UnitNotFound,
)
from supervision.ports import WAKE_UNKNOWN, UnitOfWork

from . import _rows
from ._engine import WRITE_OPTION
from ._errors import translate
from ._records import SqlEscalationRepository, SqlScoreEntryRepository, flush_records
from ._schema import (
    PREFIX_LENGTH,
    UTCDateTime,
    assignments,
    event_chain,
    events,
    matters,
    number_sequences,
    units,
)

__all__ = ["SqlAlchemyUnitOfWork"]

T = TypeVar("T")


class _Staged:
    def __init__(self) -> None:
        self.new_matters: dict[str, tuple[Matter, dict[str, Any]]] = {}
        self.updated_matters: dict[str, tuple[Matter, dict[str, Any], int]] = {}
        self.new_units: dict[str, tuple[Unit, dict[str, Any]]] = {}
        self.updated_units: dict[str, tuple[Unit, dict[str, Any]]] = {}
        self.events: list[tuple[Event, str]] = []
        self.sequences: dict[tuple[str, int], tuple[int, int]] = {}
        self.new_escalations: dict[str, tuple[Escalation, dict[str, Any]]] = {}
        self.decided_escalations: dict[str, tuple[Escalation, dict[str, Any]]] = {}
        self.new_scores: dict[str, tuple[ScoreEntry, dict[str, Any]]] = {}
        self.wakes: dict[str, tuple[int, _dt.datetime | None]] = {}
        self.reset_wakes = False

    @property
    def empty(self) -> bool:
        return not (
            self.new_matters
            or self.updated_matters
            or self.new_units
            or self.updated_units
            or self.events
            or self.sequences
            or self.new_escalations
            or self.decided_escalations
            or self.new_scores
            or self.wakes
            or self.reset_wakes
        )

    def matter(self, matter_id: str) -> Matter | None:
        if matter_id in self.new_matters:
            return self.new_matters[matter_id][0]
        if matter_id in self.updated_matters:
            return self.updated_matters[matter_id][0]
        return None

    def all_matters(self) -> list[Matter]:
        return [m for m, _ in self.new_matters.values()] + [
            m for m, _, _ in self.updated_matters.values()
        ]


def _aware(value: object, field: str) -> _dt.datetime:
    if not isinstance(value, _dt.datetime) or value.utcoffset() is None:
        raise InvalidInput(field, "an aware datetime", value)
    return value


def _optional_text(value: object, field: str) -> str | None:
    if value is not None and not isinstance(value, str):
        raise InvalidInput(field, "an id (a string) or None", value)
    return value


class SqlMatterRepository:
    """Matters (督办事项) in the ``matters`` and ``assignments`` tables."""

    def __init__(self, uow: SqlAlchemyUnitOfWork) -> None:
        self._uow = uow

    # ---------------------------------------------------------------- writes
    def add(self, matter: Matter) -> None:
        """Stage a new matter; DuplicateRecord if its id or number exists."""
        if not isinstance(matter, Matter):
            raise InvalidInput("matter", "a supervision.domain.Matter", matter)
        row = _rows.matter_row(matter)
        staged = self._uow.staged
        if staged.matter(matter.id) is not None:
            raise DuplicateRecord("matter", matter.id)
        if any(m.number == matter.number for m in staged.all_matters()):
            raise DuplicateRecord("matter", str(matter.number))
        found = self._uow.read(
            sa.select(matters.c.id, matters.c.number_seq)
            .where(
                sa.or_(
                    matters.c.id == matter.id,
                    sa.and_(*_number_clause(matter.number)),
                )
            )
            .limit(1)
        ).first()
        if found is not None:
            if found.id == matter.id:
                raise DuplicateRecord("matter", matter.id)
            number = matter.number
            taken = staged.sequences.get((number.prefix, number.year))
            if taken is not None and taken[0] < number.seq <= taken[1]:
                # this unit of work drew the number from a sequence another one has moved on
                raise ConcurrencyError(
                    "number sequence",
                    f"{number.prefix}〔{number.year}〕",
                    taken[0],
                    self._uow.numbers.stored(number.prefix, number.year),
                )
            raise DuplicateRecord("matter", str(number))
        staged.new_matters[matter.id] = (matter, row)

    def add_many(self, new: Sequence[Matter]) -> None:
        """Stage many new matters at once (the bulk path for imports and benchmarks).

        Each is checked like :meth:`add` against this unit of work, but uniqueness against
        storage is left to the database's constraints: a duplicate raises DuplicateRecord at
        commit, and nothing of the batch is stored."""
        staged = self._uow.staged
        numbers = {m.number for m in staged.all_matters()}
        batch: dict[str, tuple[Matter, dict[str, Any]]] = {}
        for matter in new:
            if not isinstance(matter, Matter):
                raise InvalidInput("matters", "supervision.domain.Matter values", matter)
            if staged.matter(matter.id) is not None or matter.id in batch:
                raise DuplicateRecord("matter", matter.id)
            if matter.number in numbers:
                raise DuplicateRecord("matter", str(matter.number))
            numbers.add(matter.number)
            batch[matter.id] = (matter, _rows.matter_row(matter))
        staged.new_matters.update(batch)

    def update(self, matter: Matter, *, expected_version: int) -> None:
        """Stage a changed matter read at ``expected_version`` (checked again at commit)."""
        if not isinstance(matter, Matter):
            raise InvalidInput("matter", "a supervision.domain.Matter", matter)
        staged = self._uow.staged
        current = self.get(matter.id)
        if current.version != expected_version:
            raise ConcurrencyError("matter", matter.id, expected_version, current.version)
        if matter.version <= expected_version:
            raise InvalidInput(
                "matter.version", f"a version above {expected_version}", matter.version
            )
        if matter.number != current.number:
            raise InvalidInput("matter.number", "the unchanged registration number", matter.number)
        row = _rows.matter_row(matter)
        if matter.id in staged.new_matters:
            staged.new_matters[matter.id] = (matter, row)
        elif matter.id in staged.updated_matters:
            base = staged.updated_matters[matter.id][2]
            staged.updated_matters[matter.id] = (matter, row, base)
        else:
            staged.updated_matters[matter.id] = (matter, row, expected_version)

    # ----------------------------------------------------------------- reads
    def get(self, matter_id: str) -> Matter:
        """The matter; MatterNotFound if unknown."""
        if not isinstance(matter_id, str):
            raise InvalidInput("matter_id", "a matter id (a string)", matter_id)
        found = self._uow.staged.matter(matter_id)
        if found is not None:
            return found
        row = self._uow.read(
            sa.select(matters.c.body, matters.c.version).where(matters.c.id == matter_id)
        ).first()
        if row is None:
            raise MatterNotFound(matter_id)
        return _rows.matter_from_row(row)

    def get_by_number(self, number: RegistrationNumber) -> Matter:
        """The matter with this registration number; MatterNotFound if unknown."""
        if not isinstance(number, RegistrationNumber):
            raise InvalidInput("number", "a RegistrationNumber", number)
        for matter in self._uow.staged.all_matters():
            if matter.number == number:
                return matter
        row = self._uow.read(
            sa.select(matters.c.body, matters.c.version).where(*_number_clause(number))
        ).first()
        if row is None:
            raise MatterNotFound(str(number))
        stored = _rows.matter_from_row(row)
        return self._uow.staged.matter(stored.id) or stored

    def _overlay(self, query: sa.Select[Any], keep: Callable[[Matter], bool]) -> list[Matter]:
        staged = self._uow.staged.all_matters()
        staged_ids = {m.id for m in staged}
        found = [
            matter
            for matter in (_rows.matter_from_row(row) for row in self._uow.read(query))
            if matter.id not in staged_ids
        ]
        found.extend(m for m in staged if keep(m))
        return found

    def list_due(self, *, before: _dt.datetime) -> list[Matter]:
        """Open matters due before ``before`` (through the ``sweep_due_at`` index)."""
        _aware(before, "before")
        query = (
            sa.select(matters.c.body, matters.c.version)
            .where(matters.c.sweep_due_at < before)
            .order_by(matters.c.sweep_due_at, matters.c.id)
        )
        found = self._overlay(
            query,
            lambda m: m.status.is_open and m.due is not None and m.due.due_at < before,
        )
        return sorted(found, key=lambda m: (m.due.due_at if m.due else before, m.number))

    def list_open(self, *, after_id: str | None = None, limit: int | None = None) -> list[Matter]:
        """Open matters ordered by id, after ``after_id``, at most ``limit``: keyset pages
        through the ``(is_open, id)`` index for the daily sweep."""
        _optional_text(after_id, "after_id")
        if limit is not None and (limit.__class__ is not int or limit < 1):
            raise InvalidInput("limit", "a page size ≥ 1, or None", limit)
        staged = self._uow.staged.all_matters()
        staged_ids = {m.id for m in staged}
        query = sa.select(matters.c.body, matters.c.version).where(matters.c.is_open == sa.true())
        if after_id is not None:
            query = query.where(matters.c.id > after_id)
        query = query.order_by(matters.c.id)
        if limit is not None:
            # staged matters replace stored ones: read enough to fill the page without them
            query = query.limit(limit + len(staged_ids))
        found = {
            m.id: m
            for m in (_rows.matter_from_row(row) for row in self._uow.read(query))
            if m.id not in staged_ids
        }
        found.update(
            (m.id, m) for m in staged if m.status.is_open and (after_id is None or m.id > after_id)
        )
        ordered = sorted(found.values(), key=lambda m: m.id)
        return ordered if limit is None else ordered[:limit]

    def due_batch(
        self,
        *,
        before: _dt.datetime,
        limit: int = 500,
        after: tuple[_dt.datetime, str] | None = None,
        lock: bool = False,
    ) -> list[Matter]:
        """One batch of the committed open matters due before ``before``, ordered by
        (due instant, id) and starting after ``after`` (the last batch's last
        ``(due_at, id)``): a sweep reads the due matters batch by batch through the index.

        With ``lock=True`` the rows are claimed for this unit of work: on PostgreSQL with
        ``FOR UPDATE SKIP LOCKED`` (several workers share one sweep, each row goes to one of
        them), on SQLite by starting the write transaction (one writer at a time)."""
        _aware(before, "before")
        if limit.__class__ is not int or not 1 <= limit <= 100_000:
            raise InvalidInput("limit", "a batch size from 1 to 100000", limit)
        query = sa.select(matters.c.body, matters.c.version).where(matters.c.sweep_due_at < before)
        if after is not None:
            last_due, last_id = after
            _aware(last_due, "after[0]")
            query = query.where(
                sa.or_(
                    matters.c.sweep_due_at > last_due,
                    sa.and_(matters.c.sweep_due_at == last_due, matters.c.id > last_id),
                )
            )
        query = query.order_by(matters.c.sweep_due_at, matters.c.id).limit(limit)
        if lock:
            self._uow.begin_write()
            if self._uow.dialect == "postgresql":
                query = query.with_for_update(skip_locked=True, of=matters)
        return [_rows.matter_from_row(row) for row in self._uow.read(query)]

    # ------------------------------------------------------------------ wakes
    def wake_due(
        self,
        *,
        before: _dt.datetime,
        after: tuple[_dt.datetime, str] | None = None,
        limit: int = 500,
    ) -> list[tuple[_dt.datetime, str]]:
        """``(wake, id)`` of the matters whose wake is unknown or at or before ``before``,
        keyset-paged through the ``(wake_at, id)`` index (see the port)."""
        _aware(before, "before")
        if limit.__class__ is not int or not 1 <= limit <= 100_000:
            raise InvalidInput("limit", "a page size from 1 to 100000", limit)
        if after is not None and (
            not isinstance(after, tuple) or len(after) != 2 or not isinstance(after[1], str)
        ):
            raise InvalidInput("after", "the last (wake, matter id) pair of a page, or None",
                               after)
        wake = matters.c.wake_at
        query = sa.select(wake, matters.c.id).where(wake <= before)
        if after is not None:
            last_wake = _aware(after[0], "after[0]")
            query = query.where(
                sa.or_(wake > last_wake, sa.and_(wake == last_wake, matters.c.id > after[1]))
            )
        staged = self._uow.staged
        changed = set(staged.new_matters) | set(staged.updated_matters)
        query = query.order_by(wake, matters.c.id).limit(limit + len(changed))
        found = {
            row.id: (row.wake_at, row.id) for row in self._uow.read(query)
            if row.id not in changed
        }
        found.update((i, (WAKE_UNKNOWN, i)) for i in changed)
        pairs = sorted(found.values())
        if after is not None:
            pairs = [p for p in pairs if p > after]
        return pairs[:limit]

    def set_wake(self, matter_id: str, *, version: int, at: _dt.datetime | None) -> None:
        """Stage the matter's wake, written at commit only if its version is still
        ``version`` (the matter itself is not touched)."""
        if at is not None:
            _aware(at, "at")
        if version.__class__ is not int:
            raise InvalidInput("version", "the version the matter was read at", version)
        self.get(matter_id)
        self._uow.staged.wakes[matter_id] = (version, at)

    def reset_wakes(self) -> None:
        """Stage forgetting every matter's wake (one UPDATE at commit)."""
        staged = self._uow.staged
        staged.wakes.clear()
        staged.reset_wakes = True

    def list(
        self,
        *,
        status: Status | None = None,
        unit_id: str | None = None,
        parent_id: str | None = None,
        reinspection_of: str | None = None,
    ) -> list[Matter]:
        """Matters matching every filter given, ordered by registration time, then number."""
        if status is not None and not isinstance(status, Status):
            raise InvalidInput("status", "a supervision.Status or None", status)
        _optional_text(unit_id, "unit_id")
        _optional_text(parent_id, "parent_id")
        _optional_text(reinspection_of, "reinspection_of")
        query = sa.select(matters.c.body, matters.c.version)
        if status is not None:
            query = query.where(matters.c.status == status.value)
        if unit_id is not None:
            query = query.where(
                matters.c.id.in_(
                    sa.select(assignments.c.matter_id).where(assignments.c.unit_id == unit_id)
                )
            )
        if parent_id is not None:
            query = query.where(matters.c.parent_id == parent_id)
        if reinspection_of is not None:
            query = query.where(matters.c.reinspection_of == reinspection_of)

        def keep(m: Matter) -> bool:
            return (
                (status is None or m.status is status)
                and (unit_id is None or unit_id in m.unit_ids)
                and (parent_id is None or m.parent_id == parent_id)
                and (reinspection_of is None or m.reinspection_of == reinspection_of)
            )

        found = self._overlay(query.order_by(matters.c.registered_at, matters.c.id), keep)
        return sorted(found, key=lambda m: (m.registered_at, m.number))


def _number_clause(number: RegistrationNumber) -> tuple[sa.ColumnElement[bool], ...]:
    return (
        matters.c.number_prefix == number.prefix,
        matters.c.number_year == number.year,
        matters.c.number_seq == number.seq,
    )


class SqlUnitRepository:
    """Units (承办单位) in the ``units`` table."""

    def __init__(self, uow: SqlAlchemyUnitOfWork) -> None:
        self._uow = uow

    def _staged(self, unit_id: str) -> Unit | None:
        staged = self._uow.staged
        if unit_id in staged.new_units:
            return staged.new_units[unit_id][0]
        if unit_id in staged.updated_units:
            return staged.updated_units[unit_id][0]
        return None

    def add(self, unit: Unit) -> None:
        """Stage a new unit; DuplicateRecord if its id exists."""
        if not isinstance(unit, Unit):
            raise InvalidInput("unit", "a supervision.domain.Unit", unit)
        row = _rows.unit_row(unit)
        if self._staged(unit.id) is not None or self._stored(unit.id) is not None:
            raise DuplicateRecord("unit", unit.id)
        self._uow.staged.new_units[unit.id] = (unit, row)

    def _stored(self, unit_id: str) -> Unit | None:
        row = self._uow.read(sa.select(units.c.body).where(units.c.id == unit_id)).first()
        return None if row is None else _rows.unit_from_row(row)

    def get(self, unit_id: str) -> Unit:
        """The unit; UnitNotFound if unknown."""
        if not isinstance(unit_id, str):
            raise InvalidInput("unit_id", "a unit id (a string)", unit_id)
        found = self._staged(unit_id) or self._stored(unit_id)
        if found is None:
            raise UnitNotFound(unit_id)
        return found

    def update(self, unit: Unit) -> None:
        """Stage a changed unit; UnitNotFound if it was never stored."""
        if not isinstance(unit, Unit):
            raise InvalidInput("unit", "a supervision.domain.Unit", unit)
        self.get(unit.id)
        row = _rows.unit_row(unit)
        staged = self._uow.staged
        if unit.id in staged.new_units:
            staged.new_units[unit.id] = (unit, row)
        else:
            staged.updated_units[unit.id] = (unit, row)

    def list(self) -> list[Unit]:
        """Every unit, by id."""
        staged = self._uow.staged
        mine = {u.id: u for u, _ in (*staged.new_units.values(), *staged.updated_units.values())}
        stored = [
            _rows.unit_from_row(row)
            for row in self._uow.read(sa.select(units.c.body).order_by(units.c.id))
        ]
        merged = {u.id: u for u in stored}
        merged.update(mine)
        return sorted(merged.values(), key=lambda u: u.id)


class SqlEventRepository:
    """The append-only, hash-chained ``events`` table."""

    def __init__(self, uow: SqlAlchemyUnitOfWork) -> None:
        self._uow = uow

    def append(self, new: Sequence[Event]) -> None:
        """Stage events; DuplicateRecord if an id or a (matter id, version) exists."""
        batch = list(new)
        staged = self._uow.staged
        ids = {e.event_id for e, _ in staged.events}
        versions = {(e.matter_id, e.version) for e, _ in staged.events}
        bodies: list[tuple[Event, str]] = []
        for event in batch:
            if not isinstance(event, Event):
                raise InvalidInput("events", "supervision.domain.Event values", event)
            if event.event_id in ids:
                raise DuplicateRecord("event", event.event_id)
            key = (event.matter_id, event.version)
            if key in versions:
                raise DuplicateRecord("event", f"{event.matter_id} version {event.version}")
            ids.add(event.event_id)
            versions.add(key)
            bodies.append((event, _rows.event_body(event)))
        if not batch:
            return
        # two index lookups (the unique event_id, and matter_id leading the unique
        # (matter_id, version)): an OR of both would scan the table on PostgreSQL
        batch_ids = {e.event_id for e in batch}
        taken_id = self._uow.read(
            sa.select(events.c.event_id).where(events.c.event_id.in_(batch_ids)).limit(1)
        ).first()
        if taken_id is not None:
            raise DuplicateRecord("event", taken_id.event_id)
        wanted = {(e.matter_id, e.version) for e in batch}
        stored_versions = self._uow.read(
            sa.select(events.c.matter_id, events.c.version).where(
                events.c.matter_id.in_({m for m, _ in wanted})
            )
        )
        for row in stored_versions:
            if (row.matter_id, row.version) in wanted:
                raise DuplicateRecord("event", f"{row.matter_id} version {row.version}")
        staged.events.extend(bodies)

    def for_matter(self, matter_id: str) -> list[Event]:
        """A matter's events in version order."""
        stored = [
            _rows.event_from_row(row)
            for row in self._uow.read(
                sa.select(events.c.body)
                .where(events.c.matter_id == matter_id)
                .order_by(events.c.version)
            )
        ]
        stored.extend(e for e, _ in self._uow.staged.events if e.matter_id == matter_id)
        return sorted(stored, key=lambda e: e.version)

    def list(self, *, since: _dt.datetime | None = None) -> list[Event]:
        """Every event (occurring at or after ``since``), by time, matter id and version."""
        query = sa.select(events.c.body).order_by(events.c.occurred_at, events.c.seq)
        if since is not None:
            query = query.where(events.c.occurred_at >= _aware(since, "since"))
        found = [_rows.event_from_row(row) for row in self._uow.read(query)]
        found.extend(
            e for e, _ in self._uow.staged.events if since is None or e.occurred_at >= since
        )
        return sorted(found, key=lambda e: (e.occurred_at, e.matter_id, e.version))


class SqlNumberSequences:
    """Registration-number sequences per (prefix, year), compare-and-set at commit."""

    def __init__(self, uow: SqlAlchemyUnitOfWork) -> None:
        self._uow = uow

    def stored(self, prefix: str, year: int) -> int:
        """The last committed number of (prefix, year) (0 when none)."""
        row = self._uow.read(
            sa.select(number_sequences.c.last).where(
                number_sequences.c.prefix == prefix, number_sequences.c.year == year
            )
        ).first()
        return 0 if row is None else int(row.last)

    def current(self, prefix: str, year: int) -> int:
        """The last number handed out (0 when none)."""
        staged = self._uow.staged.sequences.get((prefix, year))
        return staged[1] if staged is not None else self.stored(prefix, year)

    def next(self, prefix: str, year: int) -> int:
        """The next number of (prefix, year); committed only if nobody took it first."""
        if not isinstance(prefix, str) or not prefix:
            raise InvalidInput("prefix", "a non-empty numbering prefix (代字)", prefix)
        _rows.check_text(prefix, "prefix")
        if len(prefix) > PREFIX_LENGTH:
            raise InvalidInput("prefix", f"at most {PREFIX_LENGTH} characters", prefix)
        if year.__class__ is not int:
            raise InvalidInput("year", "a year as an int", year)
        key = (prefix, year)
        staged = self._uow.staged.sequences
        if key in staged:
            base, value = staged[key]
        else:
            base = value = self.stored(prefix, year)
        staged[key] = (base, value + 1)
        return value + 1


class SqlAlchemyUnitOfWork:
    """A unit of work on a SQLAlchemy engine made by
    :func:`~supervision.adapters.sqlalchemy.create_engine` (SQLite or PostgreSQL).

    Use it as a context manager, like every :class:`~supervision.ports.UnitOfWork`::

        with SqlAlchemyUnitOfWork(engine) as uow:
            uow.units.add(unit)
            uow.commit()

    Database errors come out as the library's exceptions (see
    :mod:`supervision.adapters.sqlalchemy._errors`); a lost connection raises the retryable
    :class:`~supervision.exceptions.StorageUnavailable` and nothing is stored.
    """

    def __init__(self, engine: sa.Engine) -> None:
        if not isinstance(engine, sa.Engine):
            raise InvalidInput("engine", "a sqlalchemy.Engine from create_engine(url)", engine)
        self.engine = engine
        self.dialect = engine.dialect.name
        self.staged = _Staged()
        self._connection: sa.Connection | None = None
        self._writing = False
        self.matters = SqlMatterRepository(self)
        self.units = SqlUnitRepository(self)
        self.events = SqlEventRepository(self)
        self.numbers = SqlNumberSequences(self)
        self.escalations = SqlEscalationRepository(self)
        self.scores = SqlScoreEntryRepository(self)

    # ----------------------------------------------------------- transaction
    def __enter__(self) -> Self:
        self._release()
        self.staged = _Staged()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.rollback()
        self._release()

    @property
    def connection(self) -> sa.Connection:
        """This unit of work's connection (opened on first use)."""
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
        on PostgreSQL continue the transaction the reads ran in."""
        if self._writing:
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
        """Drop every staged change and end the transaction."""
        self.staged = _Staged()
        self._writing = False
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
        conflict found)."""
        staged = self.staged
        self.staged = _Staged()
        if staged.empty:
            self.rollback()
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
        except sa.exc.SQLAlchemyError as error:
            translated = translate(error, operation)
            self.rollback()
            raise translated from error

    # ----------------------------------------------------------------- flush
    def _execute(
        self,
        statement: sa.Executable,
        parameters: Any = None,
        *,
        on_unique: Callable[[], SupervisionError] | None = None,
        operation: str = "committing",
    ) -> sa.CursorResult[Any]:
        try:
            return self.connection.execute(statement, parameters)
        except sa.exc.SQLAlchemyError as error:
            raise translate(error, operation, on_unique=on_unique) from error

    def _flush(self, staged: _Staged) -> None:
        self._flush_sequences(staged)
        self._flush_units(staged)
        self._flush_matters(staged)
        self._flush_wakes(staged)
        self._flush_events(staged)
        flush_records(self, staged.new_escalations, staged.decided_escalations, staged.new_scores)

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
        return self._execute(statement).first() is not None

    def _flush_sequences(self, staged: _Staged) -> None:
        seqs = number_sequences.c
        for (prefix, year), (base, value) in sorted(staged.sequences.items()):
            if base == 0:
                done = self._insert_if_absent(
                    number_sequences, {"prefix": prefix, "year": year, "last": value}
                )
            else:
                done = (
                    self._execute(
                        number_sequences.update()
                        .where(seqs.prefix == prefix, seqs.year == year, seqs.last == base)
                        .values(last=value)
                    ).rowcount
                    == 1
                )
            if not done:
                actual = self._execute(
                    sa.select(seqs.last).where(seqs.prefix == prefix, seqs.year == year)
                ).scalar()
                raise ConcurrencyError("number sequence", f"{prefix}〔{year}〕", base, actual)

    def _flush_units(self, staged: _Staged) -> None:
        for unit_id, (_unit, row) in staged.new_units.items():
            self._execute(
                units.insert(), row, on_unique=functools.partial(DuplicateRecord, "unit", unit_id)
            )
        for unit_id, (_unit, row) in staged.updated_units.items():
            done = self._execute(units.update().where(units.c.id == unit_id).values(row)).rowcount
            if done != 1:
                raise UnitNotFound(unit_id)

    def _flush_matters(self, staged: _Staged) -> None:
        if staged.new_matters:
            new = list(staged.new_matters.values())
            key = new[0][0].id if len(new) == 1 else ", ".join(m.id for m, _ in new[:5])
            self._execute(
                matters.insert(),
                [row for _, row in new],
                on_unique=lambda: DuplicateRecord("matter", key),
            )
            self._execute(
                assignments.insert(), [a for m, _ in new for a in _rows.assignment_rows(m)]
            )
        for matter_id, (matter, row, base) in sorted(staged.updated_matters.items()):
            done = self._execute(
                matters.update()
                .where(matters.c.id == matter_id, matters.c.version == base)
                .values(row)
            ).rowcount
            if done != 1:
                actual = self._execute(
                    sa.select(matters.c.version).where(matters.c.id == matter_id)
                ).scalar()
                raise ConcurrencyError("matter", matter_id, base, actual)
            self._execute(assignments.delete().where(assignments.c.matter_id == matter_id))
            self._execute(assignments.insert(), _rows.assignment_rows(matter))

    def _flush_wakes(self, staged: _Staged) -> None:
        if staged.reset_wakes:
            self._execute(matters.update().values(wake_at=WAKE_UNKNOWN))
        if not staged.wakes:
            return
        self._execute(
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

    def _flush_events(self, staged: _Staged) -> None:
        if not staged.events:
            return
        head = sa.select(event_chain.c.last_seq, event_chain.c.last_hash).where(
            event_chain.c.id == 1
        )
        if self.dialect == "postgresql":
            head = head.with_for_update()
        found = self._execute(head).first()
        if found is None:
            raise StorageError(
                "appending events",
                "the event_chain head row is missing; create the schema with "
                "supervision.adapters.sqlalchemy.upgrade(url)",
            )
        seq, prev = int(found.last_seq), str(found.last_hash)
        rows = []
        for event, body in staged.events:
            seq += 1
            row = _rows.event_row(event, body, seq, prev)
            prev = row["hash"]
            rows.append(row)
        first = staged.events[0][0].event_id
        self._execute(events.insert(), rows, on_unique=lambda: DuplicateRecord("event", first))
        self._execute(
            event_chain.update().where(event_chain.c.id == 1).values(last_seq=seq, last_hash=prev)
        )


if TYPE_CHECKING:  # mypy proves the adapter satisfies the port
    _uow: UnitOfWork = SqlAlchemyUnitOfWork(sa.create_engine("sqlite://"))
