"""The in-memory repositories of offices, units, events and number sequences."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Collection, Sequence
from typing import TYPE_CHECKING

from supervision.adapters.memory._matters import check_offices
from supervision.adapters.memory._store import check_aware, check_text
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

if TYPE_CHECKING:
    from supervision.adapters.memory._uow import InMemoryUnitOfWork

__all__ = ["Events", "Numbers", "Offices", "Units"]


class Offices:
    def __init__(self, uow: InMemoryUnitOfWork) -> None:
        self._uow = uow

    def _find(self, office_id: str) -> Office | None:
        staged = self._uow.staged
        if office_id in staged.new_offices:
            return staged.new_offices[office_id]
        if office_id in staged.updated_offices:
            return staged.updated_offices[office_id][0]
        with self._uow.store.lock:
            return self._uow.store.offices.get(office_id)

    def add(self, office: Office) -> None:
        if not isinstance(office, Office):
            raise InvalidInput("office", "a supervision.domain.Office", office)
        check_text(office.name, "office.name")
        if self._find(office.id) is not None:
            raise DuplicateRecord("office", office.id)
        self._uow.staged.new_offices[office.id] = office

    def get(self, office_id: str) -> Office:
        found = self._find(office_id) if isinstance(office_id, str) else None
        if found is None:
            raise OfficeNotFound(str(office_id))
        return found

    def update(self, office: Office, *, expected_version: int) -> None:
        if not isinstance(office, Office):
            raise InvalidInput("office", "a supervision.domain.Office", office)
        current = self.get(office.id)
        if current.version != expected_version:
            raise ConcurrencyError("office", office.id, expected_version, current.version)
        if office.version <= expected_version:
            raise InvalidInput("office.version", f"a version above {expected_version}",
                               office.version)
        staged = self._uow.staged
        if office.id in staged.new_offices:
            staged.new_offices[office.id] = office
        elif office.id in staged.updated_offices:
            staged.updated_offices[office.id] = (office, staged.updated_offices[office.id][1])
        else:
            staged.updated_offices[office.id] = (office, expected_version)

    def record(self, event: OfficeEvent) -> None:
        if not isinstance(event, OfficeEvent):
            raise InvalidInput("event", "a supervision.domain.OfficeEvent", event)
        taken = {(e.office_id, e.version) for e in self.history(event.office_id)}
        if (event.office_id, event.version) in taken:
            raise DuplicateRecord("office event", f"{event.office_id} version {event.version}")
        self._uow.staged.office_events.append(event)

    def history(self, office_id: str) -> list[OfficeEvent]:
        with self._uow.store.lock:
            committed = list(self._uow.store.office_events.get(office_id, ()))
        staged = [e for e in self._uow.staged.office_events if e.office_id == office_id]
        return sorted([*committed, *staged], key=lambda e: e.version)

    def list(self) -> list[Office]:
        with self._uow.store.lock:
            ids = set(self._uow.store.offices)
        ids |= set(self._uow.staged.new_offices)
        return [self.get(i) for i in sorted(ids)]


class Units:
    def __init__(self, uow: InMemoryUnitOfWork) -> None:
        self._uow = uow

    def _find(self, key: tuple[str, str]) -> Unit | None:
        staged = self._uow.staged
        if key in staged.updated_units:
            return staged.updated_units[key]
        if key in staged.new_units:
            return staged.new_units[key]
        with self._uow.store.lock:
            return self._uow.store.units.get(key)

    def add(self, unit: Unit) -> None:
        if not isinstance(unit, Unit):
            raise InvalidInput("unit", "a supervision.domain.Unit", unit)
        check_text(unit.name, "name")
        if not unit.office_id:
            raise InvalidInput("unit.office_id", "the id of the unit's office", unit.office_id)
        key = (unit.office_id, unit.id)
        if self._find(key) is not None:
            raise DuplicateRecord("unit", unit.id)
        self._uow.staged.new_units[key] = unit

    def get(self, office_id: str, unit_id: str) -> Unit:
        found = self._find((office_id, unit_id)) if isinstance(unit_id, str) else None
        if found is None:
            raise UnitNotFound(str(unit_id))
        return found

    def get_many(self, office_id: str, unit_ids: Collection[str]) -> dict[str, Unit]:
        if not isinstance(office_id, str):
            raise InvalidInput("office_id", "an office id", office_id)
        units = ((i, self._find((office_id, i)))
                 for i in sorted(set(check_ids(unit_ids, "unit_ids", allow_empty=True))))
        return {i: u for i, u in units if u is not None}

    def update(self, unit: Unit) -> None:
        if not isinstance(unit, Unit):
            raise InvalidInput("unit", "a supervision.domain.Unit", unit)
        key = (unit.office_id, unit.id)
        if self._find(key) is None:
            raise UnitNotFound(unit.id)
        check_text(unit.name, "name")
        staged = self._uow.staged
        if key in staged.new_units:
            staged.new_units[key] = unit
        else:
            staged.updated_units[key] = unit

    def list(self, office_id: str) -> list[Unit]:
        with self._uow.store.lock:
            keys = {k for k in self._uow.store.units if k[0] == office_id}
        keys |= {k for k in self._uow.staged.new_units if k[0] == office_id}
        found = [self._find(k) for k in keys]
        return sorted((u for u in found if u is not None), key=lambda u: u.id)


class Events:
    def __init__(self, uow: InMemoryUnitOfWork) -> None:
        self._uow = uow

    def append(self, events: Sequence[Event]) -> None:
        store, staged = self._uow.store, self._uow.staged
        batch = list(events)
        seen_ids = {e.event_id for e in staged.events}
        seen_versions = {(e.matter_id, e.version) for e in staged.events}
        for event in batch:
            if not isinstance(event, Event):
                raise InvalidInput("events", "supervision.domain.Event values", event)
            for k, v in event.details:
                check_text(k, "event.details")
                check_text(v, f"event.details.{k}")
            key = (event.matter_id, event.version)
            with store.lock:
                taken_id = event.event_id in store.event_ids
                taken_version = key in store.event_versions
            if taken_id or event.event_id in seen_ids:
                raise DuplicateRecord("event", event.event_id)
            if taken_version or key in seen_versions:
                raise DuplicateRecord("event", f"{event.matter_id} version {event.version}")
            seen_ids.add(event.event_id)
            seen_versions.add(key)
        for event in batch:
            staged.events.append(event)
            staged.events_by_matter.setdefault(event.matter_id, []).append(event)

    def for_matter(self, matter_id: str) -> list[Event]:
        store = self._uow.store
        with store.lock:
            committed = list(store.events_by_matter.get(matter_id, ()))
        staged = self._uow.staged.events_by_matter.get(matter_id, [])
        return sorted([*committed, *staged], key=lambda e: e.version)

    def for_matters(self, matter_ids: Collection[str]) -> dict[str, list[Event]]:
        store, staged = self._uow.store, self._uow.staged.events_by_matter
        wanted = list(dict.fromkeys(matter_ids))
        with store.lock:
            committed = {i: list(store.events_by_matter.get(i, ())) for i in wanted}
        return {
            i: sorted([*events, *staged.get(i, ())], key=lambda e: e.version)
            for i, events in committed.items()
        }

    def list(
        self, *, since: _dt.datetime | None = None, offices: Collection[str] | None = None
    ) -> list[Event]:
        check_aware(since, "since")
        wanted = check_offices(offices)
        store = self._uow.store
        with store.lock:
            committed = list(store.events)
        everything = [*committed, *self._uow.staged.events]
        found = [e for e in everything if since is None or e.occurred_at >= since]
        if wanted is not None:
            matters = self._uow.matters
            found = [e for e in found if matters.get(e.matter_id).office_id in wanted]
        return sorted(found, key=lambda e: (e.occurred_at, e.matter_id, e.version))


class Numbers:
    def __init__(self, uow: InMemoryUnitOfWork) -> None:
        self._uow = uow

    @staticmethod
    def _key(office_id: object, prefix: object, year: object) -> tuple[str, str, int]:
        if not isinstance(office_id, str) or not office_id:
            raise InvalidInput("office_id", "the office's id", office_id)
        if not isinstance(prefix, str) or not prefix:
            raise InvalidInput("prefix", "a non-empty numbering prefix (代字)", prefix)
        if year.__class__ is not int:
            raise InvalidInput("year", "a year as an int", year)
        assert isinstance(year, int)
        return (office_id, prefix, year)

    def current(self, office_id: str, prefix: str, year: int) -> int:
        key = self._key(office_id, prefix, year)
        staged = self._uow.staged.sequences.get(key)
        if staged is not None:
            return staged[1]
        with self._uow.store.lock:
            return self._uow.store.sequences.get(key, 0)

    def next(self, office_id: str, prefix: str, year: int) -> int:
        key = self._key(office_id, prefix, year)
        staged = self._uow.staged.sequences
        if key in staged:
            base, value = staged[key]
        else:
            with self._uow.store.lock:
                base = value = self._uow.store.sequences.get(key, 0)
        staged[key] = (base, value + 1)
        return value + 1
