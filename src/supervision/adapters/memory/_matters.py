"""The in-memory matter repository: committed state overlaid with this unit of work's
changes, read through the store's indexes (never a copy of everything)."""

from __future__ import annotations

import bisect
import datetime as _dt
from collections.abc import Collection, Iterator, Sequence
from typing import TYPE_CHECKING

from supervision.adapters.memory._store import InMemoryStore, check_aware, check_text
from supervision.domain.lifecycle import Status
from supervision.domain.model import Matter, RegistrationNumber
from supervision.domain.statistics import MatterFacts, matter_facts
from supervision.exceptions import (
    ConcurrencyError,
    DuplicateRecord,
    InvalidInput,
    MatterNotFound,
)
from supervision.ports import WAKE_UNKNOWN

if TYPE_CHECKING:
    from supervision.adapters.memory._uow import InMemoryUnitOfWork

__all__ = ["Matters", "check_offices"]


#: Statuses a matter no longer open may not be settled from: before dispatch, a received
#: matter may still owe its receipt duty (``awaiting_forwarding``).
_BEFORE_DISPATCH = frozenset({Status.DRAFT, Status.APPROVED})


def settle_quiet(store: InMemoryStore, since: _dt.datetime | None,
                 offices: frozenset[str] | None) -> None:
    """``matters.settle_quiet`` at commit: the matters neither open nor before dispatch
    whose wake is unknown and with no event at or after ``since`` get no wake."""
    for matter_id in sorted(store.unknown_wakes):
        matter = store.matters.get(matter_id)
        if (matter is None or matter.status.is_open or matter.status in _BEFORE_DISPATCH
                or (offices is not None and matter.office_id not in offices)):
            continue
        if since is not None and any(e.occurred_at >= since
                                     for e in store.events_by_matter.get(matter_id, ())):
            continue
        store.set_wake(matter_id, None)


def check_offices(offices: object, field: str = "offices") -> frozenset[str] | None:
    """``None`` (every office) or a collection of office ids, as a frozenset."""
    if offices is None:
        return None
    if isinstance(offices, str) or not isinstance(offices, Collection):
        raise InvalidInput(field, "a collection of office ids, or None for every office", offices)
    found = frozenset(offices)
    if not all(isinstance(o, str) for o in found):
        raise InvalidInput(field, "a collection of office ids", offices)
    return found


def _registration_order(m: Matter | MatterFacts) -> tuple[_dt.datetime, str, str, int, int]:
    """(registered_at, office, number) as plain values: the order attrs compares a
    RegistrationNumber in (prefix, year, seq), without its comparison methods' cost."""
    n = m.number
    return (m.registered_at, m.office_id, n.prefix, n.year, n.seq)


def _check_page(
    before: object, after: object, limit: object, offices: object
) -> frozenset[str] | None:
    """The checked arguments of a page of due wakes; the offices wanted."""
    check_aware(before, "before", optional=False)
    if limit.__class__ is not int or not 1 <= limit <= 100_000:
        raise InvalidInput("limit", "a page size from 1 to 100000", limit)
    _check_after(after)
    return check_offices(offices)


def _check_after(after: object) -> None:
    if after is not None and (
        not isinstance(after, tuple) or len(after) != 2
        or not isinstance(after[0], _dt.datetime) or after[0].utcoffset() is None
        or not isinstance(after[1], str)
    ):
        raise InvalidInput("after", "the last (wake, matter id) pair of a page, or None", after)


class Matters:
    def __init__(self, uow: InMemoryUnitOfWork) -> None:
        self._uow = uow

    # ------------------------------------------------------------------ lookups
    def _find(self, matter_id: str) -> Matter | None:
        staged = self._uow.staged.matter(matter_id)
        if staged is not None:
            return staged
        store = self._uow.store
        with store.lock:
            return store.matters.get(matter_id)

    def _ids(self, offices: frozenset[str] | None) -> Iterator[str]:
        """The ids of every visible matter of ``offices`` (committed and staged)."""
        store, staged = self._uow.store, self._uow.staged
        with store.lock:
            if offices is None:
                ids = list(store.matters)
            else:
                ids = [i for o in sorted(offices) for i in store.matters_by_office.get(o, ())]
        yield from ids
        for matter_id, matter in staged.new_matters.items():
            if offices is None or matter.office_id in offices:
                yield matter_id

    def _each(self, offices: frozenset[str] | None) -> Iterator[Matter]:
        for matter_id in self._ids(offices):
            found = self._find(matter_id)
            if found is not None:
                yield found

    def _of_unit(self, offices: frozenset[str] | None, unit_id: str) -> Iterator[Matter]:
        """The visible matters of ``offices`` that may assign ``unit_id`` (through the
        store's unit index, plus this unit of work's own; the caller filters exactly)."""
        store, staged = self._uow.store, self._uow.staged
        with store.lock:
            if offices is None:
                office_ids = sorted({o for o, u in store.matters_by_unit if u == unit_id})
            else:
                office_ids = sorted(offices)
            ids = [i for o in office_ids for i in store.matters_by_unit.get((o, unit_id), ())]
        listed = set(ids)
        ids.extend(i for i in [*staged.new_matters, *staged.updated_matters] if i not in listed)
        for matter_id in dict.fromkeys(ids):
            found = self._find(matter_id)
            if found is not None and (offices is None or found.office_id in offices):
                yield found

    # ------------------------------------------------------------------ writes
    def add(self, matter: Matter) -> None:
        if not isinstance(matter, Matter):
            raise InvalidInput("matter", "a supervision.domain.Matter", matter)
        check_text(matter.title, "title")
        check_text(matter.requirements, "requirements")
        check_text(matter.office_id, "office_id")
        if not matter.office_id:
            raise InvalidInput("matter.office_id", "the id of the matter's office", "")
        if self._find(matter.id) is not None:
            raise DuplicateRecord("matter", matter.id)
        key = (matter.office_id, matter.number)
        store = self._uow.store
        with store.lock:
            taken = key in store.numbers_index
        if taken or key in self._uow.staged.new_numbers:
            raise DuplicateRecord("matter", str(matter.number))
        self._uow.staged.new_matters[matter.id] = matter
        self._uow.staged.new_numbers.add(key)

    def add_many(self, matters: Sequence[Matter]) -> None:
        for matter in matters:
            self.add(matter)

    def get(self, matter_id: str) -> Matter:
        found = self._find(matter_id) if isinstance(matter_id, str) else None
        if found is None:
            raise MatterNotFound(str(matter_id))
        return found

    def get_many(self, matter_ids: Sequence[str]) -> list[Matter]:
        return [self.get(i) for i in matter_ids]

    def get_by_number(self, office_id: str, number: RegistrationNumber) -> Matter:
        for matter in self._uow.staged.new_matters.values():
            if matter.office_id == office_id and matter.number == number:
                return matter
        store = self._uow.store
        with store.lock:
            matter_id = store.numbers_index.get((office_id, number))
        if matter_id is None:
            raise MatterNotFound(str(number))
        return self.get(matter_id)

    def update(self, matter: Matter, *, expected_version: int) -> None:
        staged = self._uow.staged
        if not isinstance(matter, Matter):
            raise InvalidInput("matter", "a supervision.domain.Matter", matter)
        current = self._find(matter.id)
        if current is None:
            raise MatterNotFound(matter.id)
        if current.version != expected_version:
            raise ConcurrencyError("matter", matter.id, expected_version, current.version)
        if matter.version <= expected_version:
            raise InvalidInput(
                "matter.version", f"a version above {expected_version}", matter.version
            )
        if matter.number != current.number or matter.office_id != current.office_id:
            raise InvalidInput(
                "matter.number", "the unchanged office and registration number", matter.number
            )
        check_text(matter.title, "title")
        check_text(matter.requirements, "requirements")
        if matter.id in staged.new_matters:
            staged.new_matters[matter.id] = matter
        elif matter.id in staged.updated_matters:
            base = staged.updated_matters[matter.id][1]
            staged.updated_matters[matter.id] = (matter, base)
        else:
            staged.updated_matters[matter.id] = (matter, expected_version)

    # -------------------------------------------------------------- sweep reads
    def list_due(self, *, before: _dt.datetime, offices: Collection[str] | None = None
                 ) -> list[Matter]:
        check_aware(before, "before", optional=False)
        wanted = check_offices(offices)
        found = [
            m for m in self._each(wanted)
            if m.status.is_open and m.due is not None and m.due.due_at < before
        ]
        return sorted(found, key=lambda m: (m.due.due_at if m.due else before, m.number))

    def list_open(
        self,
        *,
        after_id: str | None = None,
        limit: int | None = None,
        offices: Collection[str] | None = None,
    ) -> list[Matter]:
        if limit is not None and (limit.__class__ is not int or limit < 1):
            raise InvalidInput("limit", "a whole number ≥ 1 or None", limit)
        if after_id is not None and not isinstance(after_id, str):
            raise InvalidInput("after_id", "a matter id or None", after_id)
        wanted = check_offices(offices)
        found = sorted(
            (m for m in self._each(wanted)
             if m.status.is_open and (after_id is None or m.id > after_id)),
            key=lambda m: m.id,
        )
        return found if limit is None else found[:limit]

    def wake_due(
        self,
        *,
        before: _dt.datetime,
        after: tuple[_dt.datetime, str] | None = None,
        limit: int = 500,
        offices: Collection[str] | None = None,
    ) -> list[tuple[_dt.datetime, str]]:
        wanted = _check_page(before, after, limit, offices)
        store, staged = self._uow.store, self._uow.staged
        changed = set(staged.new_matters) | set(staged.updated_matters)
        with store.lock:
            found = self._due_pairs(before, after, limit + len(changed), wanted, changed)
        found.extend((WAKE_UNKNOWN, i) for i in changed if i in store.matters and (
            wanted is None or store.matters[i].office_id in wanted))
        found.extend(
            (WAKE_UNKNOWN, i) for i, m in staged.new_matters.items()
            if i not in store.matters and (wanted is None or m.office_id in wanted)
        )
        if after is not None:
            found = [pair for pair in found if pair > after]
        return sorted(set(found))[:limit]

    def _due_pairs(
        self,
        before: _dt.datetime,
        after: tuple[_dt.datetime, str] | None,
        limit: int,
        wanted: frozenset[str] | None,
        skip: Collection[str],
    ) -> list[tuple[_dt.datetime, str]]:
        """Up to ``limit`` committed (wake, id) pairs due by ``before`` after ``after`` in
        order, none of ``skip`` (under the store's lock): the unknown wakes first (kept in
        order), then the wake index from the key on, so the cost follows the page."""
        store = self._uow.store
        found: list[tuple[_dt.datetime, str]] = []

        def take(pair: tuple[_dt.datetime, str]) -> bool:
            matter_id = pair[1]
            if matter_id in skip:
                return False
            if wanted is not None and store.matters[matter_id].office_id not in wanted:
                return False
            found.append(pair)
            return len(found) >= limit

        unknown = store.unknown_order()
        start = 0
        if after is not None and after[0] <= WAKE_UNKNOWN:
            start = bisect.bisect_right(unknown, after[1]) if after[0] == WAKE_UNKNOWN else 0
        if after is None or after[0] <= WAKE_UNKNOWN:
            for i in range(start, len(unknown)):  # by index: never a copy of the list
                matter_id = unknown[i]
                if matter_id in store.unknown_wakes and take((WAKE_UNKNOWN, matter_id)):
                    return found
        for pair in store.wake_index.after(after):
            if pair[0] > before:
                break
            if take(pair):
                return found
        return found

    def claim_due(
        self,
        *,
        before: _dt.datetime,
        after: tuple[_dt.datetime, str] | None = None,
        limit: int = 500,
        offices: Collection[str] | None = None,
    ) -> list[tuple[_dt.datetime, str]]:
        wanted = _check_page(before, after, limit, offices)
        store, uow = self._uow.store, self._uow
        with store.lock:
            taken = {i for i, owner in store.claims.items() if owner is not uow.token}
            found = self._due_pairs(before, after, limit, wanted, taken)
            for _wake, matter_id in found:
                store.claims[matter_id] = uow.token
        return found

    def set_wake(self, matter_id: str, *, version: int, at: _dt.datetime | None) -> None:
        check_aware(at, "at")
        if version.__class__ is not int:
            raise InvalidInput("version", "the version the matter was read at", version)
        self.get(matter_id)
        self._uow.staged.wakes[matter_id] = (version, at)

    def set_wakes(self, wakes: Sequence[tuple[str, int, _dt.datetime | None]]) -> None:
        checked = []
        for matter_id, version, at in wakes:
            check_aware(at, "at")
            if version.__class__ is not int:
                raise InvalidInput("version", "the version the matter was read at", version)
            self.get(matter_id)
            checked.append((matter_id, version, at))
        for matter_id, version, at in checked:
            self._uow.staged.wakes[matter_id] = (version, at)

    def reset_wakes(self) -> None:
        staged = self._uow.staged
        staged.wakes.clear()
        staged.reset_wakes = True

    def settle_quiet(self, *, since: _dt.datetime | None,
                     offices: Collection[str] | None = None) -> None:
        check_aware(since, "since")
        wanted = check_offices(offices)
        self._uow.staged.settle_quiet.append(
            (since, None if wanted is None else frozenset(wanted)))

    def versions(self, *, offices: Collection[str] | None, unit_id: str) -> dict[str, int]:
        if not isinstance(unit_id, str):
            raise InvalidInput("unit_id", "a unit id", unit_id)
        wanted = check_offices(offices)
        store, staged = self._uow.store, self._uow.staged
        with store.lock:
            office_ids = (sorted({o for o, u in store.matters_by_unit if u == unit_id})
                          if wanted is None else sorted(wanted))
            found = {i: store.matters[i].version for o in office_ids
                     for i in store.matters_by_unit.get((o, unit_id), ())}
        for matter in [*staged.new_matters.values(), *(m for m, _b in
                                                       staged.updated_matters.values())]:
            if unit_id in matter.unit_ids and (wanted is None or matter.office_id in wanted):
                found[matter.id] = matter.version
            else:
                found.pop(matter.id, None)
        return found

    def change_mark(self) -> tuple[str, int]:
        store = self._uow.store
        with store.lock:
            return store.change_epoch, store.last_change

    def unit_changes(self, *, office_id: str, unit_id: str, after: int
                     ) -> dict[str, int] | None:
        if not isinstance(unit_id, str):
            raise InvalidInput("unit_id", "a unit id", unit_id)
        if not isinstance(office_id, str):
            raise InvalidInput("office_id", "an office id", office_id)
        if after.__class__ is not int or after < 0:
            raise InvalidInput("after", "a change number from change_mark() (a whole "
                               "number ≥ 0)", after)
        store, staged = self._uow.store, self._uow.staged
        key = (office_id, unit_id)
        with store.lock:
            if store.unit_departures.get(key, 0) > after:
                return None
            ids = store.changed_after(store.unit_matter_changes.get(key, {}), after)
            found = {i: store.matters[i].version for i in ids
                     if unit_id in store.matters[i].unit_ids}
            for matter in staged.new_matters.values():
                if matter.office_id == office_id and unit_id in matter.unit_ids:
                    found[matter.id] = matter.version
            for matter_id, (matter, _expected) in staged.updated_matters.items():
                if matter.office_id != office_id:
                    continue
                if unit_id in matter.unit_ids:
                    found[matter_id] = matter.version
                elif unit_id in store.matters[matter_id].unit_ids:
                    return None  # this unit of work takes the unit off the matter
        return found

    def facts(
        self, *, offices: Collection[str] | None
    ) -> list[tuple[MatterFacts, _dt.datetime | None]]:
        """The facts stored beside the matters of ``offices`` (in :meth:`list`'s order),
        each with the instant of its current version's event when that is its latest event
        (None: unknown, or changed in this unit of work)."""
        wanted = check_offices(offices)
        store, staged = self._uow.store, self._uow.staged
        changed = {*staged.new_matters, *staged.updated_matters, *staged.events_by_matter}
        found: list[tuple[MatterFacts, _dt.datetime | None]] = []
        with store.lock:
            ids = list(store.matters) if wanted is None else [
                i for o in sorted(wanted) for i in store.matters_by_office.get(o, ())]
            for matter_id in ids:
                if matter_id in changed:
                    continue
                facts = store.facts[matter_id]
                latest = store.latest_events.get(matter_id)
                found.append((facts, latest[1] if latest is not None
                              and latest[0] == facts.version else None))
        for matter_id in changed:
            matter = self._find(matter_id)
            if matter is not None and (wanted is None or matter.office_id in wanted):
                found.append((matter_facts(matter), None))
        return sorted(found, key=lambda pair: _registration_order(pair[0]))

    # ------------------------------------------------------------------- lists
    def list(
        self,
        *,
        offices: Collection[str] | None,
        status: Status | None = None,
        unit_id: str | None = None,
        parent_id: str | None = None,
        reinspection_of: str | None = None,
    ) -> list[Matter]:
        wanted = check_offices(offices)
        source = self._each(wanted) if unit_id is None else self._of_unit(wanted, unit_id)
        found = [
            m
            for m in source
            if (status is None or m.status is status)
            and (unit_id is None or unit_id in m.unit_ids)
            and (parent_id is None or m.parent_id == parent_id)
            and (reinspection_of is None or m.reinspection_of == reinspection_of)
        ]
        return sorted(found, key=_registration_order)
