"""Escalations and score entries in SQL: inserted once by idempotency key, a proposal's
decision recorded once (``UPDATE … WHERE NOT decided``), score entries append-only with at
most one reversal each (a unique ``compensates`` column). Same rules as the in-memory
adapter; see :mod:`supervision.ports`."""

from __future__ import annotations

import datetime as _dt
import functools
from collections.abc import Collection
from typing import Any

import sqlalchemy as sa

from supervision._stored import from_stored_json
from supervision.domain.escalation import Escalation, ProposalDecision
from supervision.domain.scorecard import ScoreEntry
from supervision.exceptions import (
    ConcurrencyError,
    DuplicateRecord,
    InvalidInput,
    NotFound,
    RuleViolation,
)

from . import _rows
from ._changes import check_after
from ._errors import is_unique_violation, translate
from ._schema import KEY_LENGTH, OFFICE_ID_LENGTH
from ._session import Session, office_list
from ._writes import among

__all__ = [
    "SqlEscalationRepository",
    "SqlScoreEntryRepository",
    "flush_records",
    "insert_escalations",
]


def _key(key: object, field: str = "key") -> str:
    if not isinstance(key, str) or not key.strip():
        raise InvalidInput(field, "a non-empty idempotency key", key)
    _rows.check_text(key, field)
    if len(key) > KEY_LENGTH:
        raise InvalidInput(field, f"a key of at most {KEY_LENGTH} characters", key)
    return key


def _aware_or_none(value: object, field: str) -> None:
    if value is not None and (not isinstance(value, _dt.datetime) or value.utcoffset() is None):
        raise InvalidInput(field, "an aware datetime or None", value)


def escalation_row(escalation: Escalation) -> dict[str, Any]:
    """The ``escalations`` row of a record (checks text first)."""
    body = _rows.checked_json(escalation, "escalation")
    if not escalation.office_id or len(escalation.office_id) > OFFICE_ID_LENGTH:
        raise InvalidInput("escalation.office_id", "the matter's office id", escalation.office_id)
    return {
        "key": _key(escalation.key),
        "office_id": escalation.office_id,
        "matter_id": escalation.matter_id,
        "unit_id": escalation.unit_id,
        "due_at": escalation.due_at,
        "pending": escalation.pending,
        "decided": escalation.decision is not None,
        "body": body,
    }


def score_row(entry: ScoreEntry) -> dict[str, Any]:
    """The ``score_entries`` row of an entry (checks text first)."""
    body = _rows.checked_json(entry, "entry")
    if not entry.office_id or len(entry.office_id) > OFFICE_ID_LENGTH:
        raise InvalidInput("entry.office_id", "the unit's office id", entry.office_id)
    return {
        "key": _key(entry.key),
        "office_id": entry.office_id,
        "unit_id": entry.unit_id,
        "period": entry.period,
        "points": entry.points,
        "occurred_at": entry.occurred_at,
        "compensates": entry.compensates,
        "body": body,
    }


class SqlEscalationRepository:
    """Escalations (督办升级记录) in the ``escalations`` table."""

    def __init__(self, uow: Session) -> None:
        self._uow = uow
        self._read: dict[str, set[str]] = {}
        self._read_in: object = None

    def _complete(self) -> dict[str, set[str]]:
        """matter id → the keys of all its stored escalations, for the matters whose
        escalations :meth:`for_matters` read in this transaction: a key not among them is
        absent (a concurrent insert of it still fails at commit, as the port says)."""
        if self._read_in is not self._uow.staged:
            self._read, self._read_in = {}, self._uow.staged
        return self._read

    def _staged(self, key: str) -> Escalation | None:
        staged = self._uow.staged
        found = staged.decided_escalations.get(key) or staged.new_escalations.get(key)
        return None if found is None else found[0]

    @property
    def _t(self) -> sa.Table:
        return self._uow.tables.escalations

    def _stored(self, key: str) -> Escalation | None:
        t = self._t
        row = self._uow.read(sa.select(t.c.body).where(t.c.key == key)).first()
        return None if row is None else from_stored_json(Escalation, row.body)

    def add_if_absent(self, escalation: Escalation) -> bool:
        """Stage the record unless its key is visible; True when staged."""
        if not isinstance(escalation, Escalation):
            raise InvalidInput(
                "escalation", "a supervision.domain.escalation.Escalation", escalation
            )
        row = escalation_row(escalation)
        if self._staged(escalation.key) is not None:
            return False
        known = self._complete().get(escalation.matter_id)
        if known is not None and escalation.key in known:
            return False
        if known is None and self._stored(escalation.key) is not None:
            return False
        self._uow.staged.new_escalations[escalation.key] = (escalation, row)
        return True

    def get(self, key: str) -> Escalation:
        """The record; NotFound if unknown."""
        _key(key)
        found = self._staged(key) or self._stored(key)
        if found is None:
            raise NotFound("escalation", key)
        return found

    def _select(self, query: sa.Select[Any], keep: Any) -> list[Escalation]:
        staged = self._uow.staged
        mine = {k: e for k, (e, _) in staged.new_escalations.items()}
        mine.update({k: e for k, (e, _) in staged.decided_escalations.items()})
        found = {
            e.key: e
            for e in (from_stored_json(Escalation, row.body) for row in self._uow.read(query))
            if e.key not in mine
        }
        found.update({k: e for k, e in mine.items() if keep(e)})
        return sorted(found.values(), key=lambda e: (e.due_at, e.key))

    def for_matter(self, matter_id: str) -> list[Escalation]:
        """Every escalation of one matter, by due instant then key."""
        t = self._t
        query = sa.select(t.c.body).where(t.c.matter_id == matter_id)
        return self._select(query, lambda e: e.matter_id == matter_id)

    def for_matters(self, matter_ids: Collection[str]) -> dict[str, list[Escalation]]:
        """Each matter's escalations, by due instant then key (one query per 900 ids)."""
        wanted = list(dict.fromkeys(matter_ids))
        staged = self._uow.staged
        mine = {k: e for k, (e, _) in staged.new_escalations.items()}
        mine.update({k: e for k, (e, _) in staged.decided_escalations.items()})
        t = self._t
        found: dict[str, dict[str, Escalation]] = {i: {} for i in wanted}
        stored: dict[str, set[str]] = {i: set() for i in wanted}
        for start in range(0, len(wanted), 900):
            chunk = wanted[start:start + 900]
            query = sa.select(t.c.body).where(among(self._uow, t.c.matter_id, chunk))
            for row in self._uow.read(query):
                escalation = from_stored_json(Escalation, row.body)
                stored[escalation.matter_id].add(escalation.key)
                if escalation.key not in mine:
                    found[escalation.matter_id][escalation.key] = escalation
        complete = self._complete()
        complete.update(stored)
        for key, escalation in mine.items():
            listed = found.get(escalation.matter_id)
            if listed is not None:
                listed[key] = escalation
        return {
            i: sorted(listed.values(), key=lambda e: (e.due_at, e.key))
            for i, listed in found.items()
        }

    def _list(
        self,
        *,
        offices: list[str] | None,
        unit_id: str | None,
        since: _dt.datetime | None,
        until: _dt.datetime | None,
        pending_only: bool,
    ) -> list[Escalation]:
        _aware_or_none(since, "since")
        _aware_or_none(until, "until")
        t = self._t
        query = sa.select(t.c.body)
        if offices is not None:
            query = query.where(t.c.office_id.in_(offices))
        if unit_id is not None:
            query = query.where(t.c.unit_id == unit_id)
        if since is not None:
            query = query.where(t.c.due_at >= since)
        if until is not None:
            query = query.where(t.c.due_at < until)
        if pending_only:
            query = query.where(t.c.pending == sa.true())

        def keep(e: Escalation) -> bool:
            return (
                (offices is None or e.office_id in offices)
                and (unit_id is None or e.unit_id == unit_id)
                and (since is None or e.due_at >= since)
                and (until is None or e.due_at < until)
                and (not pending_only or e.pending)
            )

        return self._select(query.order_by(t.c.due_at, t.c.key), keep)

    def for_unit(
        self,
        office_id: str,
        unit_id: str,
        *,
        since: _dt.datetime | None = None,
        until: _dt.datetime | None = None,
    ) -> list[Escalation]:
        """The escalations addressed to one unit of an office, due in ``[since, until)``."""
        return self._list(offices=[office_id], unit_id=unit_id, since=since, until=until,
                          pending_only=False)

    def unit_changes(self, office_id: str, unit_id: str, *, after: int) -> list[Escalation]:
        """The escalations addressed to the office's unit issued or decided after change
        number ``after`` (the ``(office_id, unit_id, change_seq)`` index; staged ones
        included), by due instant then key."""
        if not isinstance(office_id, str) or not isinstance(unit_id, str):
            raise InvalidInput("unit_id", "an office id and a unit id", (office_id, unit_id))
        after = check_after(after)
        t = self._t
        query = sa.select(t.c.body).where(t.c.office_id == office_id, t.c.unit_id == unit_id,
                                          t.c.change_seq > after)
        return self._select(query, lambda e: e.office_id == office_id and e.unit_id == unit_id)

    def list(
        self,
        *,
        offices: Collection[str] | None,
        since: _dt.datetime | None = None,
        until: _dt.datetime | None = None,
        pending_only: bool = False,
    ) -> list[Escalation]:
        """Every escalation of ``offices`` due in ``[since, until)`` (pending proposals
        only, if asked)."""
        return self._list(offices=office_list(offices), unit_id=None, since=since, until=until,
                          pending_only=pending_only)

    def decide(self, key: str, decision: ProposalDecision) -> Escalation:
        """Record the decision on a pending proposal (checked again at commit)."""
        if not isinstance(decision, ProposalDecision):
            raise InvalidInput("decision", "a ProposalDecision", decision)
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
        row = escalation_row(decided)
        staged = self._uow.staged
        if key in staged.new_escalations:
            staged.new_escalations[key] = (decided, row)
        else:
            staged.decided_escalations[key] = (decided, row)
        return decided


class SqlScoreEntryRepository:
    """Score entries (考核扣分/加分记录) in the append-only ``score_entries`` table."""

    def __init__(self, uow: Session) -> None:
        self._uow = uow

    @property
    def _t(self) -> sa.Table:
        return self._uow.tables.score_entries

    def _stored(self, key: str) -> ScoreEntry | None:
        t = self._t
        row = self._uow.read(sa.select(t.c.body).where(t.c.key == key)).first()
        return None if row is None else from_stored_json(ScoreEntry, row.body)

    def add_if_absent(self, entry: ScoreEntry) -> bool:
        """Stage the entry unless its key is visible; a reversal needs its original and may
        be the only one."""
        if not isinstance(entry, ScoreEntry):
            raise InvalidInput("entry", "a supervision.domain.scorecard.ScoreEntry", entry)
        row = score_row(entry)
        staged = self._uow.staged.new_scores
        if entry.key in staged or self._stored(entry.key) is not None:
            return False
        original = entry.compensates
        if original is not None:
            if original not in staged and self._stored(original) is None:
                raise NotFound("score entry", original)
            taken = any(e.compensates == original for e, _ in staged.values()) or (
                self._uow.read(
                    sa.select(self._t.c.key).where(self._t.c.compensates == original)
                ).first()
                is not None
            )
            if taken:
                raise DuplicateRecord("score entry", f"reversal of {original}")
        staged[entry.key] = (entry, row)
        return True

    def get(self, key: str) -> ScoreEntry:
        """The entry; NotFound if unknown."""
        _key(key)
        staged = self._uow.staged.new_scores.get(key)
        found = staged[0] if staged is not None else self._stored(key)
        if found is None:
            raise NotFound("score entry", key)
        return found

    def _select(self, query: sa.Select[Any], keep: Any) -> list[ScoreEntry]:
        found = {
            e.key: e
            for e in (from_stored_json(ScoreEntry, row.body) for row in self._uow.read(query))
        }
        found.update({k: e for k, (e, _) in self._uow.staged.new_scores.items() if keep(e)})
        return sorted(found.values(), key=lambda e: (e.occurred_at, e.key))

    def for_unit(
        self, office_id: str, unit_id: str, *, period: str | None = None
    ) -> list[ScoreEntry]:
        """One unit's entries (in one period key)."""
        t = self._t
        query = sa.select(t.c.body).where(t.c.office_id == office_id, t.c.unit_id == unit_id)
        if period is not None:
            query = query.where(t.c.period == period)
        return self._select(
            query, lambda e: e.office_id == office_id and e.unit_id == unit_id
            and (period is None or e.period == period)
        )

    def for_matter(self, matter_id: str) -> list[ScoreEntry]:
        """The entries tracing back to ``matter_id``."""
        t, links = self._t, self._uow.tables.score_entry_matters
        query = sa.select(t.c.body).where(
            t.c.key.in_(sa.select(links.c.entry_key).where(links.c.matter_id == matter_id))
        )
        return self._select(query, lambda e: matter_id in e.matter_ids)

    def for_matters(self, matter_ids: Collection[str]) -> dict[str, list[ScoreEntry]]:
        """The entries tracing back to each matter (one query per 900 ids)."""
        wanted = list(dict.fromkeys(matter_ids))
        t, links = self._t, self._uow.tables.score_entry_matters
        found: dict[str, dict[str, ScoreEntry]] = {i: {} for i in wanted}
        for start in range(0, len(wanted), 900):
            chunk = wanted[start:start + 900]
            query = sa.select(links.c.matter_id, t.c.body).join(
                t, t.c.key == links.c.entry_key).where(
                    among(self._uow, links.c.matter_id, chunk))
            for row in self._uow.read(query):
                entry = from_stored_json(ScoreEntry, row.body)
                found[row.matter_id][entry.key] = entry
        for key, (entry, _row) in self._uow.staged.new_scores.items():
            for matter_id in entry.matter_ids:
                listed = found.get(matter_id)
                if listed is not None:
                    listed[key] = entry
        return {
            i: sorted(listed.values(), key=lambda e: (e.occurred_at, e.key))
            for i, listed in found.items()
        }

    def list(
        self, *, offices: Collection[str] | None, period: str | None = None
    ) -> list[ScoreEntry]:
        """Every entry of ``offices`` (in one period key)."""
        wanted = office_list(offices)
        t = self._t
        query = sa.select(t.c.body)
        if wanted is not None:
            query = query.where(t.c.office_id.in_(wanted))
        if period is not None:
            query = query.where(t.c.period == period)
        return self._select(
            query, lambda e: (wanted is None or e.office_id in wanted)
            and (period is None or e.period == period)
        )


def flush_records(
    uow: Session,
    decided: dict[str, tuple[Escalation, dict[str, Any]]],
    new_scores: dict[str, tuple[ScoreEntry, dict[str, Any]]],
) -> None:
    """Write the staged decisions and score entries inside the commit (the new escalations
    wait for the commit's change number: :func:`insert_escalations`)."""
    escalations = uow.tables.escalations
    score_entries = uow.tables.score_entries
    score_entry_matters = uow.tables.score_entry_matters
    for key, (_escalation, row) in sorted(decided.items()):
        done = uow.execute(
            escalations.update()
            .where(escalations.c.key == key, escalations.c.decided == sa.false())
            .values(body=row["body"], pending=row["pending"], decided=True),
        ).rowcount
        if done != 1:
            raise ConcurrencyError("escalation", key, 0, 1)
    if len(new_scores) > 1 and all(e.compensates is None for e, _ in new_scores.values()):
        # no reversal among them (a sweep's entries): two statements for all of them
        keys = list(new_scores)
        taken = functools.partial(DuplicateRecord, "score entry", ", ".join(keys[:5]))
        uow.insert_many(score_entries, [row for _, row in new_scores.values()],
                        on_unique=taken)
        links = [{"entry_key": key, "matter_id": m}
                 for key, (entry, _row) in new_scores.items()
                 for m in dict.fromkeys(entry.matter_ids)]
        uow.insert_many(score_entry_matters, links)
        return
    for key, (entry, row) in new_scores.items():
        try:
            uow.connection.execute(score_entries.insert(), row)
        except sa.exc.DBAPIError as error:
            if is_unique_violation(error):
                text = str(error.orig)
                clash = (
                    f"reversal of {entry.compensates}"
                    if entry.compensates is not None and "compensates" in text
                    else key
                )
                raise DuplicateRecord("score entry", clash) from error
            raise translate(error, "committing") from error
        if entry.matter_ids:
            uow.execute(
                score_entry_matters.insert(),
                [{"entry_key": key, "matter_id": m} for m in dict.fromkeys(entry.matter_ids)],
            )


def insert_escalations(uow: Session, new: dict[str, tuple[Escalation, dict[str, Any]]],
                       stamp: int | None) -> None:
    """Insert the staged escalations in one statement, stamped with the commit's change
    number ``stamp`` (taken once the chain head is locked: ``_changes.stamp_changes``), so
    no UPDATE of their ``change_seq`` follows; a key on record is DuplicateRecord."""
    if not new:
        return
    if stamp is None:
        raise AssertionError("escalations are staged, so the commit took a change number")
    keys = list(new)
    uow.insert_many(
        uow.tables.escalations, [{**row, "change_seq": stamp} for _, row in new.values()],
        on_unique=functools.partial(
            DuplicateRecord, "escalation", keys[0] if len(keys) == 1 else ", ".join(keys[:5])),
    )
