"""The in-memory storage adapter: a real adapter, not a fake.

It keeps the same rules and raises the same errors as the SQL adapter (see
:mod:`supervision.ports`): unique ids and registration numbers, optimistic version checks at
update and again at commit, per-(prefix, year) number sequences that never hand out a committed
number twice, and all-or-nothing commits. Stored values are deeply immutable (frozen attrs
classes holding tuples, frozensets, dates and enums), so what a read returns can never change
what is stored: a caller must go through ``update`` and ``commit``.

One :class:`InMemoryStore` is the database; each :class:`InMemoryUnitOfWork` is a transaction
on it. The store is safe to share between threads (commits are serialised by a lock).

    >>> store = InMemoryStore()
    >>> with InMemoryUnitOfWork(store) as uow:
    ...     uow.numbers.next("池开督", 2026)
    ...     uow.commit()
    1
"""

from __future__ import annotations

import datetime as _dt
import threading
from collections.abc import Sequence
from types import TracebackType
from typing import TYPE_CHECKING, Self

from supervision.domain.escalation import Escalation, ProposalDecision
from supervision.domain.events import Event
from supervision.domain.lifecycle import Status
from supervision.domain.model import Matter, RegistrationNumber, Unit
from supervision.domain.scorecard import ScoreEntry
from supervision.exceptions import (
    ConcurrencyError,
    DuplicateRecord,
    InvalidInput,
    MatterNotFound,
    NotFound,
    RuleViolation,
    UnitNotFound,
)
from supervision.ports import WAKE_UNKNOWN, UnitOfWork

__all__ = ["InMemoryStore", "InMemoryUnitOfWork"]


class InMemoryStore:
    """The committed state: matters, units, events, number sequences, escalations and score
    entries."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.matters: dict[str, Matter] = {}
        self.numbers_index: dict[RegistrationNumber, str] = {}
        self.units: dict[str, Unit] = {}
        self.events: list[Event] = []
        self.event_ids: set[str] = set()
        self.event_versions: set[tuple[str, int]] = set()
        self.sequences: dict[tuple[str, int], int] = {}
        self.escalations: dict[str, Escalation] = {}
        self.scores: dict[str, ScoreEntry] = {}
        #: sweep bookkeeping: when to look at a matter again (None: not until it changes);
        #: a matter absent here has an unknown wake
        self.wakes: dict[str, _dt.datetime | None] = {}


class _Staged:
    def __init__(self) -> None:
        self.new_matters: dict[str, Matter] = {}
        self.updated_matters: dict[str, tuple[Matter, int]] = {}
        self.new_units: dict[str, Unit] = {}
        self.updated_units: dict[str, Unit] = {}
        self.events: list[Event] = []
        self.sequences: dict[tuple[str, int], tuple[int, int]] = {}
        self.new_escalations: dict[str, Escalation] = {}
        self.decided_escalations: dict[str, Escalation] = {}
        self.new_scores: dict[str, ScoreEntry] = {}
        self.wakes: dict[str, tuple[int, _dt.datetime | None]] = {}
        self.reset_wakes = False


def _check_text(value: str, field: str) -> None:
    if "\x00" in value:
        raise InvalidInput(field, "text without NUL characters", value)


class _Matters:
    def __init__(self, uow: InMemoryUnitOfWork) -> None:
        self._uow = uow

    def _visible(self) -> dict[str, Matter]:
        store, staged = self._uow.store, self._uow.staged
        with store.lock:
            merged = dict(store.matters)
        merged.update(staged.new_matters)
        merged.update({k: m for k, (m, _) in staged.updated_matters.items()})
        return merged

    def add(self, matter: Matter) -> None:
        if not isinstance(matter, Matter):
            raise InvalidInput("matter", "a supervision.domain.Matter", matter)
        _check_text(matter.title, "title")
        _check_text(matter.requirements, "requirements")
        current = self._visible()
        if matter.id in current:
            raise DuplicateRecord("matter", matter.id)
        if any(m.number == matter.number for m in current.values()):
            raise DuplicateRecord("matter", str(matter.number))
        self._uow.staged.new_matters[matter.id] = matter

    def get(self, matter_id: str) -> Matter:
        found = self._visible().get(matter_id)
        if found is None:
            raise MatterNotFound(matter_id)
        return found

    def get_by_number(self, number: RegistrationNumber) -> Matter:
        for matter in self._visible().values():
            if matter.number == number:
                return matter
        raise MatterNotFound(str(number))

    def update(self, matter: Matter, *, expected_version: int) -> None:
        staged = self._uow.staged
        current = self._visible().get(matter.id)
        if current is None:
            raise MatterNotFound(matter.id)
        if current.version != expected_version:
            raise ConcurrencyError("matter", matter.id, expected_version, current.version)
        if matter.version <= expected_version:
            raise InvalidInput(
                "matter.version", f"a version above {expected_version}", matter.version
            )
        if matter.number != current.number:
            raise InvalidInput("matter.number", "the unchanged registration number", matter.number)
        if matter.id in staged.new_matters:
            staged.new_matters[matter.id] = matter
        elif matter.id in staged.updated_matters:
            base = staged.updated_matters[matter.id][1]
            staged.updated_matters[matter.id] = (matter, base)
        else:
            staged.updated_matters[matter.id] = (matter, expected_version)

    def list_due(self, *, before: _dt.datetime) -> list[Matter]:
        if not isinstance(before, _dt.datetime) or before.utcoffset() is None:
            raise InvalidInput("before", "an aware datetime", before)
        found = [
            m
            for m in self._visible().values()
            if m.status.is_open and m.due is not None and m.due.due_at < before
        ]
        return sorted(found, key=lambda m: (m.due.due_at if m.due else before, m.number))

    def list_open(self, *, after_id: str | None = None, limit: int | None = None) -> list[Matter]:
        if limit is not None and (limit.__class__ is not int or limit < 1):
            raise InvalidInput("limit", "a whole number ≥ 1 or None", limit)
        found = sorted(
            (
                m
                for m in self._visible().values()
                if m.status.is_open and (after_id is None or m.id > after_id)
            ),
            key=lambda m: m.id,
        )
        return found if limit is None else found[:limit]

    def wake_due(
        self,
        *,
        before: _dt.datetime,
        after: tuple[_dt.datetime, str] | None = None,
        limit: int = 500,
    ) -> list[tuple[_dt.datetime, str]]:
        if not isinstance(before, _dt.datetime) or before.utcoffset() is None:
            raise InvalidInput("before", "an aware datetime", before)
        if limit.__class__ is not int or not 1 <= limit <= 100_000:
            raise InvalidInput("limit", "a page size from 1 to 100000", limit)
        if after is not None and (
            not isinstance(after, tuple) or len(after) != 2
            or not isinstance(after[0], _dt.datetime) or after[0].utcoffset() is None
            or not isinstance(after[1], str)
        ):
            raise InvalidInput("after", "the last (wake, matter id) pair of a page, or None",
                               after)
        store, staged = self._uow.store, self._uow.staged
        changed = set(staged.new_matters) | set(staged.updated_matters)
        found: list[tuple[_dt.datetime, str]] = []
        with store.lock:
            for matter_id in store.matters:
                wake = store.wakes.get(matter_id, WAKE_UNKNOWN)
                if matter_id in changed:
                    wake = WAKE_UNKNOWN
                if wake is not None and wake <= before:
                    found.append((wake, matter_id))
        found.extend((WAKE_UNKNOWN, i) for i in staged.new_matters if i not in store.matters)
        if after is not None:
            found = [pair for pair in found if pair > after]
        return sorted(found)[:limit]

    def set_wake(self, matter_id: str, *, version: int, at: _dt.datetime | None) -> None:
        if at is not None and (not isinstance(at, _dt.datetime) or at.utcoffset() is None):
            raise InvalidInput("at", "an aware datetime, or None (not until it changes)", at)
        if version.__class__ is not int:
            raise InvalidInput("version", "the version the matter was read at", version)
        self.get(matter_id)
        self._uow.staged.wakes[matter_id] = (version, at)

    def reset_wakes(self) -> None:
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
        found = [
            m
            for m in self._visible().values()
            if (status is None or m.status is status)
            and (unit_id is None or unit_id in m.unit_ids)
            and (parent_id is None or m.parent_id == parent_id)
            and (reinspection_of is None or m.reinspection_of == reinspection_of)
        ]
        return sorted(found, key=lambda m: (m.registered_at, m.number))


class _Units:
    def __init__(self, uow: InMemoryUnitOfWork) -> None:
        self._uow = uow

    def _visible(self) -> dict[str, Unit]:
        store, staged = self._uow.store, self._uow.staged
        with store.lock:
            merged = dict(store.units)
        merged.update(staged.new_units)
        merged.update(staged.updated_units)
        return merged

    def add(self, unit: Unit) -> None:
        if not isinstance(unit, Unit):
            raise InvalidInput("unit", "a supervision.domain.Unit", unit)
        _check_text(unit.name, "name")
        if unit.id in self._visible():
            raise DuplicateRecord("unit", unit.id)
        self._uow.staged.new_units[unit.id] = unit

    def get(self, unit_id: str) -> Unit:
        found = self._visible().get(unit_id)
        if found is None:
            raise UnitNotFound(unit_id)
        return found

    def update(self, unit: Unit) -> None:
        if unit.id not in self._visible():
            raise UnitNotFound(unit.id)
        _check_text(unit.name, "name")
        staged = self._uow.staged
        if unit.id in staged.new_units:
            staged.new_units[unit.id] = unit
        else:
            staged.updated_units[unit.id] = unit

    def list(self) -> list[Unit]:
        return sorted(self._visible().values(), key=lambda u: u.id)


class _Events:
    def __init__(self, uow: InMemoryUnitOfWork) -> None:
        self._uow = uow

    def _visible(self) -> list[Event]:
        store = self._uow.store
        with store.lock:
            committed = list(store.events)
        return committed + self._uow.staged.events

    def append(self, events: Sequence[Event]) -> None:
        store, staged = self._uow.store, self._uow.staged
        batch = list(events)
        with store.lock:
            ids = set(store.event_ids)
            versions = set(store.event_versions)
        ids.update(e.event_id for e in staged.events)
        versions.update((e.matter_id, e.version) for e in staged.events)
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
        staged.events.extend(batch)

    def for_matter(self, matter_id: str) -> list[Event]:
        return sorted(
            (e for e in self._visible() if e.matter_id == matter_id), key=lambda e: e.version
        )

    def list(self, *, since: _dt.datetime | None = None) -> list[Event]:
        found = [e for e in self._visible() if since is None or e.occurred_at >= since]
        return sorted(found, key=lambda e: (e.occurred_at, e.matter_id, e.version))


def _aware_or_none(value: _dt.datetime | None, field: str) -> None:
    if value is not None and (not isinstance(value, _dt.datetime) or value.utcoffset() is None):
        raise InvalidInput(field, "an aware datetime or None", value)


class _Escalations:
    def __init__(self, uow: InMemoryUnitOfWork) -> None:
        self._uow = uow

    def _visible(self) -> dict[str, Escalation]:
        store, staged = self._uow.store, self._uow.staged
        with store.lock:
            merged = dict(store.escalations)
        merged.update(staged.new_escalations)
        merged.update(staged.decided_escalations)
        return merged

    @staticmethod
    def _ordered(found: list[Escalation]) -> list[Escalation]:
        return sorted(found, key=lambda e: (e.due_at, e.key))

    def add_if_absent(self, escalation: Escalation) -> bool:
        if not isinstance(escalation, Escalation):
            raise InvalidInput(
                "escalation", "a supervision.domain.escalation.Escalation", escalation
            )
        _check_text(escalation.key, "key")
        if not escalation.key.strip():
            raise InvalidInput("key", "a non-empty idempotency key", escalation.key)
        if escalation.key in self._visible():
            return False
        self._uow.staged.new_escalations[escalation.key] = escalation
        return True

    def get(self, key: str) -> Escalation:
        found = self._visible().get(key)
        if found is None:
            raise NotFound("escalation", key)
        return found

    def for_matter(self, matter_id: str) -> list[Escalation]:
        return self._ordered([e for e in self._visible().values() if e.matter_id == matter_id])

    def for_unit(
        self,
        unit_id: str,
        *,
        since: _dt.datetime | None = None,
        until: _dt.datetime | None = None,
    ) -> list[Escalation]:
        return [e for e in self.list(since=since, until=until) if e.unit_id == unit_id]

    def list(
        self,
        *,
        since: _dt.datetime | None = None,
        until: _dt.datetime | None = None,
        pending_only: bool = False,
    ) -> list[Escalation]:
        _aware_or_none(since, "since")
        _aware_or_none(until, "until")
        return self._ordered([
            e
            for e in self._visible().values()
            if (since is None or e.due_at >= since)
            and (until is None or e.due_at < until)
            and (not pending_only or e.pending)
        ])

    def decide(self, key: str, decision: ProposalDecision) -> Escalation:
        current = self.get(key)
        if not current.proposal:
            raise RuleViolation(
                "not_a_proposal",
                f"escalation {key!r} is a measure already issued, not a proposal (建议) "
                "awaiting a decision",
            )
        if current.decision is not None:
            raise RuleViolation(
                "already_decided",
                f"proposal {key!r} was already decided ({current.decision.outcome.label}); "
                "a decision is recorded once",
            )
        decided = current.decided(decision)
        staged = self._uow.staged
        if key in staged.new_escalations:
            staged.new_escalations[key] = decided
        else:
            staged.decided_escalations[key] = decided
        return decided


class _Scores:
    def __init__(self, uow: InMemoryUnitOfWork) -> None:
        self._uow = uow

    def _visible(self) -> dict[str, ScoreEntry]:
        store = self._uow.store
        with store.lock:
            merged = dict(store.scores)
        merged.update(self._uow.staged.new_scores)
        return merged

    @staticmethod
    def _ordered(found: list[ScoreEntry]) -> list[ScoreEntry]:
        return sorted(found, key=lambda e: (e.occurred_at, e.key))

    def add_if_absent(self, entry: ScoreEntry) -> bool:
        if not isinstance(entry, ScoreEntry):
            raise InvalidInput("entry", "a supervision.domain.scorecard.ScoreEntry", entry)
        _check_text(entry.key, "key")
        _check_text(entry.reason, "reason")
        if not entry.key.strip():
            raise InvalidInput("key", "a non-empty idempotency key", entry.key)
        visible = self._visible()
        if entry.key in visible:
            return False
        if entry.compensates is not None:
            if entry.compensates not in visible:
                raise NotFound("score entry", entry.compensates)
            if any(e.compensates == entry.compensates for e in visible.values()):
                raise DuplicateRecord("score entry", f"reversal of {entry.compensates}")
        self._uow.staged.new_scores[entry.key] = entry
        return True

    def get(self, key: str) -> ScoreEntry:
        found = self._visible().get(key)
        if found is None:
            raise NotFound("score entry", key)
        return found

    def for_unit(self, unit_id: str, *, period: str | None = None) -> list[ScoreEntry]:
        return [e for e in self.list(period=period) if e.unit_id == unit_id]

    def for_matter(self, matter_id: str) -> list[ScoreEntry]:
        return self._ordered([e for e in self._visible().values() if matter_id in e.matter_ids])

    def list(self, *, period: str | None = None) -> list[ScoreEntry]:
        return self._ordered(
            [e for e in self._visible().values() if period is None or e.period == period]
        )


class _Numbers:
    def __init__(self, uow: InMemoryUnitOfWork) -> None:
        self._uow = uow

    def current(self, prefix: str, year: int) -> int:
        key = (prefix, year)
        staged = self._uow.staged.sequences.get(key)
        if staged is not None:
            return staged[1]
        with self._uow.store.lock:
            return self._uow.store.sequences.get(key, 0)

    def next(self, prefix: str, year: int) -> int:
        if not isinstance(prefix, str) or not prefix:
            raise InvalidInput("prefix", "a non-empty numbering prefix (代字)", prefix)
        if year.__class__ is not int:
            raise InvalidInput("year", "a year as an int", year)
        key = (prefix, year)
        staged = self._uow.staged.sequences
        if key in staged:
            base, value = staged[key]
        else:
            with self._uow.store.lock:
                base = value = self._uow.store.sequences.get(key, 0)
        staged[key] = (base, value + 1)
        return value + 1


class InMemoryUnitOfWork:
    """A transaction on an :class:`InMemoryStore`.

    Reads see the committed state plus this unit of work's own changes. ``commit`` checks
    every version and uniqueness rule again under the store's lock, then applies everything
    or nothing. Entering the ``with`` block starts a fresh transaction; leaving it without
    committing rolls back.
    """

    def __init__(self, store: InMemoryStore) -> None:
        self.store = store
        self.staged = _Staged()
        self.matters = _Matters(self)
        self.units = _Units(self)
        self.events = _Events(self)
        self.numbers = _Numbers(self)
        self.escalations = _Escalations(self)
        self.scores = _Scores(self)

    def __enter__(self) -> Self:
        self.staged = _Staged()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.rollback()

    def rollback(self) -> None:
        """Drop every change not committed."""
        self.staged = _Staged()

    def commit(self) -> None:
        """Apply every staged change, or none (raising the first conflict found)."""
        store, staged = self.store, self.staged
        with store.lock:
            for key, (base, _value) in staged.sequences.items():
                actual = store.sequences.get(key, 0)
                if actual != base:
                    self.rollback()
                    raise ConcurrencyError(
                        "number sequence", f"{key[0]}〔{key[1]}〕", base, actual
                    )
            for matter_id, matter in staged.new_matters.items():
                if matter_id in store.matters:
                    self.rollback()
                    raise DuplicateRecord("matter", matter_id)
                if matter.number in store.numbers_index:
                    self.rollback()
                    raise DuplicateRecord("matter", str(matter.number))
            for matter_id, (_matter, expected) in staged.updated_matters.items():
                stored = store.matters.get(matter_id)
                actual_version = None if stored is None else stored.version
                if actual_version != expected:
                    self.rollback()
                    raise ConcurrencyError("matter", matter_id, expected, actual_version)
            for unit_id in staged.new_units:
                if unit_id in store.units:
                    self.rollback()
                    raise DuplicateRecord("unit", unit_id)
            for event in staged.events:
                if event.event_id in store.event_ids or (
                    (event.matter_id, event.version) in store.event_versions
                ):
                    self.rollback()
                    raise DuplicateRecord("event", event.event_id)
            for esc_key in staged.new_escalations:
                if esc_key in store.escalations:
                    self.rollback()
                    raise DuplicateRecord("escalation", esc_key)
            for esc_key in staged.decided_escalations:
                stored_escalation = store.escalations.get(esc_key)
                if stored_escalation is None or stored_escalation.decision is not None:
                    self.rollback()
                    raise ConcurrencyError("escalation", esc_key, 0, 1)
            reversed_keys = {e.compensates for e in store.scores.values() if e.compensates}
            for score_key, entry in staged.new_scores.items():
                if score_key in store.scores:
                    self.rollback()
                    raise DuplicateRecord("score entry", score_key)
                if entry.compensates is not None and entry.compensates in reversed_keys:
                    self.rollback()
                    raise DuplicateRecord("score entry", f"reversal of {entry.compensates}")
            # every check passed: apply
            for key, (_base, value) in staged.sequences.items():
                store.sequences[key] = value
            for matter_id, matter in staged.new_matters.items():
                store.matters[matter_id] = matter
                store.numbers_index[matter.number] = matter_id
            for matter_id, (matter, _expected) in staged.updated_matters.items():
                store.matters[matter_id] = matter
            if staged.reset_wakes:
                store.wakes.clear()
            for matter_id in [*staged.new_matters, *staged.updated_matters]:
                store.wakes.pop(matter_id, None)
            for matter_id, (version, wake) in staged.wakes.items():
                stored_matter = store.matters.get(matter_id)
                if stored_matter is not None and stored_matter.version == version:
                    store.wakes[matter_id] = wake
            store.units.update(staged.new_units)
            store.units.update(staged.updated_units)
            for event in staged.events:
                store.events.append(event)
                store.event_ids.add(event.event_id)
                store.event_versions.add((event.matter_id, event.version))
            store.escalations.update(staged.new_escalations)
            store.escalations.update(staged.decided_escalations)
            store.scores.update(staged.new_scores)
        self.staged = _Staged()


if TYPE_CHECKING:  # mypy proves the adapter satisfies the port
    _uow: UnitOfWork = InMemoryUnitOfWork(InMemoryStore())
