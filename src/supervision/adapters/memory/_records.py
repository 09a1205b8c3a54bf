"""The in-memory repositories of escalations and score entries (insert-if-absent by key)."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Collection, Iterator
from typing import TYPE_CHECKING

from supervision.adapters.memory._matters import check_offices
from supervision.adapters.memory._store import check_aware, check_text
from supervision.domain.escalation import Escalation, ProposalDecision
from supervision.domain.scorecard import ScoreEntry
from supervision.exceptions import DuplicateRecord, InvalidInput, NotFound, RuleViolation

if TYPE_CHECKING:
    from supervision.adapters.memory._uow import InMemoryUnitOfWork

__all__ = ["Escalations", "Scores"]


def _key(key: object, field: str = "key") -> str:
    if not isinstance(key, str) or not key.strip():
        raise InvalidInput(field, "a non-empty idempotency key", key)
    check_text(key, field)
    return key


class Escalations:
    def __init__(self, uow: InMemoryUnitOfWork) -> None:
        self._uow = uow

    def _find(self, key: str) -> Escalation | None:
        staged = self._uow.staged
        if key in staged.decided_escalations:
            return staged.decided_escalations[key]
        if key in staged.new_escalations:
            return staged.new_escalations[key]
        with self._uow.store.lock:
            return self._uow.store.escalations.get(key)

    def _all(self) -> Iterator[Escalation]:
        with self._uow.store.lock:
            keys = list(self._uow.store.escalations)
        committed = set(keys)
        keys.extend(k for k in self._uow.staged.new_escalations if k not in committed)
        for key in keys:
            found = self._find(key)
            if found is not None:
                yield found

    @staticmethod
    def _ordered(found: list[Escalation]) -> list[Escalation]:
        return sorted(found, key=lambda e: (e.due_at, e.key))

    def add_if_absent(self, escalation: Escalation) -> bool:
        if not isinstance(escalation, Escalation):
            raise InvalidInput(
                "escalation", "a supervision.domain.escalation.Escalation", escalation
            )
        _key(escalation.key)
        if not escalation.office_id:
            raise InvalidInput("escalation.office_id", "the matter's office", "")
        if self._find(escalation.key) is not None:
            return False
        self._uow.staged.new_escalations[escalation.key] = escalation
        return True

    def get(self, key: str) -> Escalation:
        found = self._find(key) if isinstance(key, str) else None
        if found is None:
            raise NotFound("escalation", str(key))
        return found

    def for_matter(self, matter_id: str) -> list[Escalation]:
        with self._uow.store.lock:
            keys = list(self._uow.store.escalations_by_matter.get(matter_id, ()))
        keys.extend(k for k, e in self._uow.staged.new_escalations.items()
                    if e.matter_id == matter_id and k not in keys)
        found = [self._find(k) for k in keys]
        return self._ordered([e for e in found if e is not None])

    def for_matters(self, matter_ids: Collection[str]) -> dict[str, list[Escalation]]:
        wanted = list(dict.fromkeys(matter_ids))
        with self._uow.store.lock:
            keys = {i: list(self._uow.store.escalations_by_matter.get(i, ())) for i in wanted}
        for k, e in self._uow.staged.new_escalations.items():
            listed = keys.get(e.matter_id)
            if listed is not None and k not in listed:
                listed.append(k)
        found: dict[str, list[Escalation]] = {}
        for matter_id, listed in keys.items():
            records = [self._find(k) for k in listed]
            found[matter_id] = self._ordered([e for e in records if e is not None])
        return found

    def unit_changes(self, office_id: str, unit_id: str, *, after: int) -> list[Escalation]:
        if not isinstance(office_id, str) or not isinstance(unit_id, str):
            raise InvalidInput("unit_id", "an office id and a unit id", (office_id, unit_id))
        if after.__class__ is not int or after < 0:
            raise InvalidInput("after", "a change number from change_mark() (a whole "
                               "number ≥ 0)", after)
        store, staged = self._uow.store, self._uow.staged
        with store.lock:
            keys = store.changed_after(
                store.unit_escalation_changes.get((office_id, unit_id), {}), after)
        listed = set(keys)
        keys.extend(k for k, e in [*staged.new_escalations.items(),
                                   *staged.decided_escalations.items()]
                    if e.office_id == office_id and e.unit_id == unit_id and k not in listed)
        found = [self._find(k) for k in dict.fromkeys(keys)]
        return self._ordered([e for e in found if e is not None])

    def for_unit(
        self,
        office_id: str,
        unit_id: str,
        *,
        since: _dt.datetime | None = None,
        until: _dt.datetime | None = None,
    ) -> list[Escalation]:
        check_aware(since, "since")
        check_aware(until, "until")
        with self._uow.store.lock:
            keys = list(self._uow.store.escalations_by_unit.get((office_id, unit_id), ()))
        listed = set(keys)
        keys.extend(k for k, e in self._uow.staged.new_escalations.items()
                    if e.office_id == office_id and e.unit_id == unit_id and k not in listed)
        found = [self._find(k) for k in keys]
        return self._ordered([
            e for e in found
            if e is not None and e.office_id == office_id and e.unit_id == unit_id
            and (since is None or e.due_at >= since) and (until is None or e.due_at < until)
        ])

    def list(
        self,
        *,
        offices: Collection[str] | None,
        since: _dt.datetime | None = None,
        until: _dt.datetime | None = None,
        pending_only: bool = False,
    ) -> list[Escalation]:
        check_aware(since, "since")
        check_aware(until, "until")
        wanted = check_offices(offices)
        return self._ordered([
            e
            for e in self._all()
            if (wanted is None or e.office_id in wanted)
            and (since is None or e.due_at >= since)
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


class Scores:
    def __init__(self, uow: InMemoryUnitOfWork) -> None:
        self._uow = uow

    def _find(self, key: str) -> ScoreEntry | None:
        staged = self._uow.staged.new_scores.get(key)
        if staged is not None:
            return staged
        with self._uow.store.lock:
            return self._uow.store.scores.get(key)

    @staticmethod
    def _ordered(found: list[ScoreEntry]) -> list[ScoreEntry]:
        return sorted(found, key=lambda e: (e.occurred_at, e.key))

    def add_if_absent(self, entry: ScoreEntry) -> bool:
        if not isinstance(entry, ScoreEntry):
            raise InvalidInput("entry", "a supervision.domain.scorecard.ScoreEntry", entry)
        _key(entry.key)
        check_text(entry.reason, "reason")
        if not entry.office_id:
            raise InvalidInput("entry.office_id", "the unit's office", "")
        if self._find(entry.key) is not None:
            return False
        if entry.compensates is not None:
            if self._find(entry.compensates) is None:
                raise NotFound("score entry", entry.compensates)
            with self._uow.store.lock:
                done = entry.compensates in self._uow.store.compensated
            if done or any(e.compensates == entry.compensates
                           for e in self._uow.staged.new_scores.values()):
                raise DuplicateRecord("score entry", f"reversal of {entry.compensates}")
        self._uow.staged.new_scores[entry.key] = entry
        return True

    def get(self, key: str) -> ScoreEntry:
        found = self._find(key) if isinstance(key, str) else None
        if found is None:
            raise NotFound("score entry", str(key))
        return found

    def for_unit(
        self, office_id: str, unit_id: str, *, period: str | None = None
    ) -> list[ScoreEntry]:
        store = self._uow.store
        with store.lock:
            keys = store.scores_by_unit.get((office_id, unit_id), ())
            committed = [store.scores[k] for k in keys]
        everything = [*committed, *self._uow.staged.new_scores.values()]
        return self._ordered([
            e for e in everything
            if e.office_id == office_id and e.unit_id == unit_id
            and (period is None or e.period == period)
        ])

    def for_matters(self, matter_ids: Collection[str]) -> dict[str, list[ScoreEntry]]:
        wanted = list(dict.fromkeys(matter_ids))
        store = self._uow.store
        with store.lock:
            found = {i: [store.scores[k] for k in store.scores_by_matter.get(i, ())]
                     for i in wanted}
        for entry in self._uow.staged.new_scores.values():
            for matter_id in entry.matter_ids:
                listed = found.get(matter_id)
                if listed is not None:
                    listed.append(entry)
        return {i: self._ordered(listed) for i, listed in found.items()}

    def for_matter(self, matter_id: str) -> list[ScoreEntry]:
        with self._uow.store.lock:
            keys = list(self._uow.store.scores_by_matter.get(matter_id, ()))
        found = [self._find(k) for k in keys]
        found.extend(e for e in self._uow.staged.new_scores.values() if matter_id in e.matter_ids)
        return self._ordered([e for e in found if e is not None])

    def list(
        self, *, offices: Collection[str] | None, period: str | None = None
    ) -> list[ScoreEntry]:
        wanted = check_offices(offices)
        with self._uow.store.lock:
            committed = list(self._uow.store.scores.values())
        everything = [*committed, *self._uow.staged.new_scores.values()]
        return self._ordered([
            e for e in everything
            if (wanted is None or e.office_id in wanted)
            and (period is None or e.period == period)
        ])
