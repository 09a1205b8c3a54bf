"""Offices, units, events and number sequences in SQL."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Collection, Sequence
from typing import Any

import sqlalchemy as sa

from supervision.domain._text import check_ids
from supervision.domain.events import Event
from supervision.domain.model import Unit
from supervision.domain.office import Office, OfficeEvent
from supervision.exceptions import (
    ConcurrencyError,
    DuplicateRecord,
    InvalidInput,
    OfficeNotFound,
    UnitNotFound,
)
from supervision.serialization import from_json

from . import _rows
from ._schema import PREFIX_LENGTH
from ._session import Session, aware, office_list
from ._writes import among

__all__ = [
    "SqlEventRepository",
    "SqlNumberSequences",
    "SqlOfficeRepository",
    "SqlUnitRepository",
]


class SqlOfficeRepository:
    """Offices (督查机构) in the ``offices`` table, their history in ``office_events``."""

    def __init__(self, uow: Session) -> None:
        self._uow = uow

    def _staged(self, office_id: str) -> Office | None:
        staged = self._uow.staged
        if office_id in staged.new_offices:
            return staged.new_offices[office_id][0]
        if office_id in staged.updated_offices:
            return staged.updated_offices[office_id][0]
        return None

    def _stored(self, office_id: str) -> Office | None:
        t = self._uow.tables.offices
        row = self._uow.read(
            sa.select(t.c.body, t.c.version).where(t.c.id == office_id)
        ).first()
        return None if row is None else _rows.office_from_row(row)

    def add(self, office: Office) -> None:
        """Stage a new office; DuplicateRecord if its id exists."""
        if not isinstance(office, Office):
            raise InvalidInput("office", "a supervision.domain.Office", office)
        row = _rows.office_row(office)
        if self._staged(office.id) is not None or self._stored(office.id) is not None:
            raise DuplicateRecord("office", office.id)
        self._uow.staged.new_offices[office.id] = (office, row)

    def get(self, office_id: str) -> Office:
        """The office; OfficeNotFound if unknown."""
        if not isinstance(office_id, str):
            raise InvalidInput("office_id", "an office id (text)", office_id)
        found = self._staged(office_id) or self._stored(office_id)
        if found is None:
            raise OfficeNotFound(office_id)
        return found

    def update(self, office: Office, *, expected_version: int) -> None:
        """Stage a changed office read at ``expected_version`` (checked again at commit)."""
        if not isinstance(office, Office):
            raise InvalidInput("office", "a supervision.domain.Office", office)
        current = self.get(office.id)
        if current.version != expected_version:
            raise ConcurrencyError("office", office.id, expected_version, current.version)
        if office.version <= expected_version:
            raise InvalidInput("office.version", f"a version above {expected_version}",
                               office.version)
        row = _rows.office_row(office)
        staged = self._uow.staged
        if office.id in staged.new_offices:
            staged.new_offices[office.id] = (office, row)
        elif office.id in staged.updated_offices:
            staged.updated_offices[office.id] = (office, row, staged.updated_offices[office.id][2])
        else:
            staged.updated_offices[office.id] = (office, row, expected_version)

    def record(self, event: OfficeEvent) -> None:
        """Stage one office event; DuplicateRecord if (office, version) exists."""
        if not isinstance(event, OfficeEvent):
            raise InvalidInput("event", "a supervision.domain.OfficeEvent", event)
        if any(e.version == event.version for e in self.history(event.office_id)):
            raise DuplicateRecord("office event", f"{event.office_id} version {event.version}")
        self._uow.staged.office_events.append((event, _rows.office_event_row(event)))

    def history(self, office_id: str) -> list[OfficeEvent]:
        """An office's events in version order."""
        t = self._uow.tables.office_events
        stored = [
            from_json(OfficeEvent, row.body)
            for row in self._uow.read(
                sa.select(t.c.body).where(t.c.office_id == office_id).order_by(t.c.version)
            )
        ]
        stored.extend(e for e, _ in self._uow.staged.office_events if e.office_id == office_id)
        return sorted(stored, key=lambda e: e.version)

    def list(self) -> list[Office]:
        """Every office, by id."""
        t = self._uow.tables.offices
        stored = {
            o.id: o for o in (
                _rows.office_from_row(row)
                for row in self._uow.read(sa.select(t.c.body, t.c.version).order_by(t.c.id))
            )
        }
        staged = self._uow.staged
        stored.update((i, o) for i, (o, _) in staged.new_offices.items())
        stored.update((i, o) for i, (o, _, _) in staged.updated_offices.items())
        return [stored[i] for i in sorted(stored)]


class SqlUnitRepository:
    """Units (承办单位) in the ``units`` table, keyed by (office, id)."""

    def __init__(self, uow: Session) -> None:
        self._uow = uow

    def _staged(self, key: tuple[str, str]) -> Unit | None:
        staged = self._uow.staged
        if key in staged.updated_units:
            return staged.updated_units[key][0]
        if key in staged.new_units:
            return staged.new_units[key][0]
        return None

    def _stored(self, key: tuple[str, str]) -> Unit | None:
        read = self._uow.staged.units_read
        if key in read:
            return read[key]
        t = self._uow.tables.units
        row = self._uow.read(
            sa.select(t.c.body).where(t.c.office_id == key[0], t.c.id == key[1])
        ).first()
        found = read[key] = None if row is None else _rows.unit_from_row(row)
        return found

    def add(self, unit: Unit) -> None:
        """Stage a new unit; DuplicateRecord if its office has one with its id."""
        if not isinstance(unit, Unit):
            raise InvalidInput("unit", "a supervision.domain.Unit", unit)
        row = _rows.unit_row(unit)
        key = (unit.office_id, unit.id)
        if self._staged(key) is not None or self._stored(key) is not None:
            raise DuplicateRecord("unit", unit.id)
        self._uow.staged.new_units[key] = (unit, row)

    def get(self, office_id: str, unit_id: str) -> Unit:
        """The office's unit; UnitNotFound if unknown (or another office's)."""
        if not isinstance(unit_id, str) or not isinstance(office_id, str):
            raise InvalidInput("unit_id", "a unit id (a string)", unit_id)
        key = (office_id, unit_id)
        found = self._staged(key) or self._stored(key)
        if found is None:
            raise UnitNotFound(unit_id)
        return found

    def get_many(self, office_id: str, unit_ids: Collection[str]) -> dict[str, Unit]:
        """The office's units among ``unit_ids`` (unknown ones left out): those not read
        yet in one query per 900 ids, kept for :meth:`get`."""
        if not isinstance(office_id, str):
            raise InvalidInput("office_id", "an office id", office_id)
        ids = sorted(set(check_ids(unit_ids, "unit_ids", allow_empty=True)))
        read = self._uow.staged.units_read
        wanted = [i for i in ids if (office_id, i) not in read
                  and self._staged((office_id, i)) is None]
        t = self._uow.tables.units
        for start in range(0, len(wanted), 900):
            chunk = wanted[start:start + 900]
            rows = self._uow.read(sa.select(t.c.body).where(
                t.c.office_id == office_id, among(self._uow, t.c.id, chunk)))
            found = {u.id: u for u in map(_rows.unit_from_row, rows)}
            read.update(((office_id, i), found.get(i)) for i in chunk)
        units = ((i, self._staged((office_id, i)) or read.get((office_id, i))) for i in ids)
        return {i: u for i, u in units if u is not None}

    def update(self, unit: Unit) -> None:
        """Stage a changed unit; UnitNotFound if its office never stored it."""
        if not isinstance(unit, Unit):
            raise InvalidInput("unit", "a supervision.domain.Unit", unit)
        self.get(unit.office_id, unit.id)
        row = _rows.unit_row(unit)
        key = (unit.office_id, unit.id)
        staged = self._uow.staged
        if key in staged.new_units:
            staged.new_units[key] = (unit, row)
        else:
            staged.updated_units[key] = (unit, row)

    def list(self, office_id: str) -> list[Unit]:
        """The office's units, by id."""
        t = self._uow.tables.units
        staged = self._uow.staged
        merged = {
            u.id: u for u in (
                _rows.unit_from_row(row)
                for row in self._uow.read(
                    sa.select(t.c.body).where(t.c.office_id == office_id).order_by(t.c.id))
            )
        }
        merged.update((k[1], u) for k, (u, _) in staged.new_units.items() if k[0] == office_id)
        merged.update((k[1], u) for k, (u, _) in staged.updated_units.items()
                      if k[0] == office_id)
        return [merged[i] for i in sorted(merged)]


#: The most values one ``IN`` of the event checks binds on SQLite.
IN_CHUNK = 900
#: Whether the event checks on SQLite go to the driver as its own text (False: through
#: SQLAlchemy's ``IN``, the straightforward path the tests compare them with).
DRIVER_READS = True


class SqlEventRepository:
    """The append-only, hash-chained ``events`` table."""

    def __init__(self, uow: Session) -> None:
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
        t = self._uow.tables.events
        # two index lookups (the unique event_id, and matter_id leading the unique
        # (matter_id, version)): an OR of both would scan the table on PostgreSQL
        batch_ids = list({e.event_id for e in batch})
        wanted = {(e.matter_id, e.version) for e in batch}
        matter_ids = list({m for m, _ in wanted})
        for chunk in self._chunks(batch_ids):
            taken_id = self._stored(t, (t.c.event_id,), t.c.event_id, chunk, first=True)
            if taken_id:
                raise DuplicateRecord("event", taken_id[0].event_id)
        for chunk in self._chunks(matter_ids):
            stored_versions = self._stored(t, (t.c.matter_id, t.c.version), t.c.matter_id,
                                           chunk)
            for row in stored_versions:
                if (row.matter_id, row.version) in wanted:
                    raise DuplicateRecord("event", f"{row.matter_id} version {row.version}")
        staged.events.extend(bodies)

    def _stored(self, table: sa.Table, columns: tuple[sa.Column[Any], ...],
                key: sa.Column[Any], values: list[str], *, first: bool = False) -> list[Any]:
        """The rows of ``columns`` of ``table`` whose ``key`` is one of ``values`` (only the
        first found when ``first``). On SQLite the query is sent as the driver's own text
        (one ``?`` a value; the keys are text, bound as they are, and the columns read
        are text and integers, read as they are): SQLAlchemy's expanding ``IN`` renders
        and binds each of up to :data:`IN_CHUNK` values anew for every piece."""
        dialect = self._uow.connection.dialect
        if dialect.name == "sqlite" and dialect.paramstyle == "qmark" and DRIVER_READS:
            quote = dialect.identifier_preparer
            names = ", ".join(quote.quote(c.name) for c in columns)
            sql = (f"SELECT {names} FROM {quote.format_table(table)} "
                   f"WHERE {quote.quote(key.name)} IN ({', '.join('?' * len(values))})"
                   + (" LIMIT 1" if first else ""))
            found = self._uow.read_sql(sql, tuple(values))
        else:
            query = sa.select(*columns).where(among(self._uow, key, values))
            found = self._uow.read(query.limit(1) if first else query)
        return list(found.all()) if not first else [r for r in (found.first(),) if r]

    def _chunks(self, values: list[str]) -> list[list[str]]:
        """``values`` in one piece on PostgreSQL (one array parameter), else in pieces of
        :data:`IN_CHUNK` (SQLite binds each value of ``IN``; a build may allow only 999 or
        32,766 of them in one statement)."""
        if self._uow.dialect == "postgresql":
            return [values]
        return [values[i:i + IN_CHUNK] for i in range(0, len(values), IN_CHUNK)]

    def for_matter(self, matter_id: str) -> list[Event]:
        """A matter's events in version order."""
        t = self._uow.tables.events
        stored = [
            _rows.event_from_row(row)
            for row in self._uow.read(
                sa.select(t.c.body).where(t.c.matter_id == matter_id).order_by(t.c.version)
            )
        ]
        stored.extend(e for e, _ in self._uow.staged.events if e.matter_id == matter_id)
        return sorted(stored, key=lambda e: e.version)

    def for_matters(self, matter_ids: Collection[str]) -> dict[str, list[Event]]:
        """Each matter's events in version order (one query per 900 ids)."""
        wanted = list(dict.fromkeys(matter_ids))
        t = self._uow.tables.events
        found: dict[str, list[Event]] = {i: [] for i in wanted}
        for start in range(0, len(wanted), 900):
            chunk = wanted[start:start + 900]
            query = sa.select(t.c.body).where(among(self._uow, t.c.matter_id, chunk))
            for row in self._uow.read(query):
                event = _rows.event_from_row(row)
                found[event.matter_id].append(event)
        for event, _body in self._uow.staged.events:
            listed = found.get(event.matter_id)
            if listed is not None:
                listed.append(event)
        for listed in found.values():
            listed.sort(key=lambda e: e.version)
        return found

    def list(
        self, *, since: _dt.datetime | None = None, offices: Collection[str] | None = None
    ) -> list[Event]:
        """Every event (at or after ``since``) of the matters of ``offices``, by time, matter
        id and version."""
        t = self._uow.tables.events
        m = self._uow.tables.matters
        wanted = office_list(offices)
        query = sa.select(t.c.body).order_by(t.c.occurred_at, t.c.seq)
        if since is not None:
            query = query.where(t.c.occurred_at >= aware(since, "since"))
        if wanted is not None:
            query = query.where(
                t.c.matter_id.in_(sa.select(m.c.id).where(m.c.office_id.in_(wanted))))
        found = [_rows.event_from_row(row) for row in self._uow.read(query)]
        staged = [e for e, _ in self._uow.staged.events if since is None or e.occurred_at >= since]
        if wanted is not None:
            staged_matters = {i for i in {e.matter_id for e in staged}
                              if self._office_of(i) in wanted}
            staged = [e for e in staged if e.matter_id in staged_matters]
        found.extend(staged)
        return sorted(found, key=lambda e: (e.occurred_at, e.matter_id, e.version))

    def _office_of(self, matter_id: str) -> str:
        staged = self._uow.staged.matter(matter_id)
        if staged is not None:
            return staged.office_id
        m = self._uow.tables.matters
        row = self._uow.read(sa.select(m.c.office_id).where(m.c.id == matter_id)).first()
        return "" if row is None else str(row.office_id)


class SqlNumberSequences:
    """Registration-number sequences per (office, prefix, year), compare-and-set at commit."""

    def __init__(self, uow: Session) -> None:
        self._uow = uow

    @staticmethod
    def _key(office_id: object, prefix: object, year: object) -> tuple[str, str, int]:
        if not isinstance(office_id, str) or not office_id:
            raise InvalidInput("office_id", "the office's id", office_id)
        if not isinstance(prefix, str) or not prefix:
            raise InvalidInput("prefix", "a non-empty numbering prefix (代字)", prefix)
        _rows.check_text(prefix, "prefix")
        if len(prefix) > PREFIX_LENGTH:
            raise InvalidInput("prefix", f"at most {PREFIX_LENGTH} characters", prefix)
        if year.__class__ is not int:
            raise InvalidInput("year", "a year as an int", year)
        assert isinstance(year, int)
        return (office_id, prefix, year)

    def stored(self, office_id: str, prefix: str, year: int) -> int:
        """The last committed number of (office, prefix, year) (0 when none)."""
        t = self._uow.tables.number_sequences
        row = self._uow.read(
            sa.select(t.c.last).where(t.c.office_id == office_id, t.c.prefix == prefix,
                                      t.c.year == year)
        ).first()
        return 0 if row is None else int(row.last)

    def current(self, office_id: str, prefix: str, year: int) -> int:
        """The last number handed out (0 when none)."""
        key = self._key(office_id, prefix, year)
        staged = self._uow.staged.sequences.get(key)
        return staged[1] if staged is not None else self.stored(*key)

    def next(self, office_id: str, prefix: str, year: int) -> int:
        """The next number of (office, prefix, year); committed only if nobody took it
        first."""
        key = self._key(office_id, prefix, year)
        staged = self._uow.staged.sequences
        if key in staged:
            base, value = staged[key]
        else:
            base = value = self._locked(*key)
        staged[key] = (base, value + 1)
        return value + 1

    def _locked(self, office_id: str, prefix: str, year: int) -> int:
        """The stored value, its row locked until the commit on PostgreSQL (``FOR UPDATE``):
        workers numbering in the same series (the sweep's 催办单 of one office) queue for
        the row instead of each taking the same number and failing at commit. SQLite's
        writers are serialized by ``BEGIN IMMEDIATE`` already."""
        if self._uow.dialect != "postgresql":
            return self.stored(office_id, prefix, year)
        t = self._uow.tables.number_sequences
        row = self._uow.read(
            sa.select(t.c.last).where(t.c.office_id == office_id, t.c.prefix == prefix,
                                      t.c.year == year).with_for_update()
        ).first()
        return 0 if row is None else int(row.last)
