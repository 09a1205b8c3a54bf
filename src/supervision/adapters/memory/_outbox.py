"""The in-memory outbox (notices and their delivery) and objections (复核), with the same rules
as the SQL adapter: notices inserted once by key, claims and outcomes fenced by the attempt
number and the worker, objections versioned (see :mod:`supervision.ports`)."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Collection, Sequence
from typing import TYPE_CHECKING

import attrs

from supervision.adapters.memory._matters import check_offices
from supervision.adapters.memory._store import check_aware, check_text
from supervision.domain.notice_numbers import pending_series
from supervision.domain.notices import (
    ABANDONED_ERROR,
    KEY_LENGTH,
    TEXT_LENGTH,
    Attempt,
    AttemptOutcome,
    Claim,
    Delivery,
    DeliveryStatus,
    Notice,
    check_claim,
)
from supervision.domain.objections import Objection
from supervision.exceptions import (
    ConcurrencyError,
    DuplicateRecord,
    InvalidInput,
    NotFound,
)

if TYPE_CHECKING:
    from supervision.adapters.memory._uow import InMemoryUnitOfWork

__all__ = ["Notices", "Objections"]


def _key(key: object, field: str = "key") -> str:
    if not isinstance(key, str) or not key.strip() or len(key) > KEY_LENGTH:
        raise InvalidInput(field, f"a non-empty key of at most {KEY_LENGTH} characters", key)
    check_text(key, field)
    return key


class Notices:
    """The outbox on an :class:`~supervision.adapters.memory.InMemoryStore`."""

    def __init__(self, uow: InMemoryUnitOfWork) -> None:
        self._uow = uow

    def _find(self, key: str) -> Notice | None:
        staged = self._uow.staged.new_notices.get(key)
        if staged is not None:
            return staged
        with self._uow.store.lock:
            return self._uow.store.notices.get(key)

    @staticmethod
    def _check(notice: object) -> Notice:
        if not isinstance(notice, Notice):
            raise InvalidInput("notice", "a supervision.domain.notices.Notice", notice)
        _key(notice.key)
        for field in ("office_id", "matter_id", "subject", "text", "document", "source"):
            check_text(getattr(notice, field), f"notice.{field}")
        return notice

    def add_if_absent(self, notice: Notice) -> bool:
        self._check(notice)
        if self._find(notice.key) is not None:
            return False
        self._uow.staged.new_notices[notice.key] = notice
        return True

    def add_numbered(self, documents: Sequence[Sequence[Notice]]) -> list[Notice]:
        if isinstance(documents, str | bytes) or not isinstance(documents, Sequence):
            raise InvalidInput("documents", "a list of documents (lists of notices)", documents)
        checked = [(pending_series(d), [self._check(n) for n in d]) for d in documents]
        staged = self._uow.staged
        added: list[Notice] = []
        for series, notices in checked:
            if any(self._find(n.key) is not None for n in notices):
                continue
            staged.new_notices.update((n.key, n) for n in notices)
            staged.numbered.append((series, [n.key for n in notices]))
            added.extend(notices)
        return added

    def get(self, key: str) -> Notice:
        found = self._find(key) if isinstance(key, str) else None
        if found is None:
            raise NotFound("notice", str(key))
        return found

    def delivery(self, key: str) -> Delivery:
        notice = self.get(key)
        staged = self._uow.staged.deliveries.get(key)
        if staged is not None:
            return staged[0]
        with self._uow.store.lock:
            stored = self._uow.store.deliveries.get(key)
        return stored if stored is not None else Delivery(due_at=notice.created_at)

    def deliveries(self, keys: Collection[str]) -> dict[str, Delivery]:
        return {key: self.delivery(key) for key in dict.fromkeys(keys)}

    def attempts(self, key: str) -> list[Attempt]:
        self.get(key)
        with self._uow.store.lock:
            found = {a.number: a for a in self._uow.store.attempts.get(key, ())}
        found.update({n: a for (k, n), a in self._uow.staged.attempts.items() if k == key})
        return [found[n] for n in sorted(found)]

    @staticmethod
    def _ordered(found: list[Notice]) -> list[Notice]:
        return sorted(found, key=lambda n: (n.created_at, n.key))

    def for_matter(self, matter_id: str) -> list[Notice]:
        with self._uow.store.lock:
            keys = list(self._uow.store.notices_by_matter.get(matter_id, ()))
        found = [n for n in (self._find(k) for k in keys) if n is not None]
        found.extend(n for n in self._uow.staged.new_notices.values()
                     if n.matter_id == matter_id)
        return self._ordered(found)

    def for_matters(self, matter_ids: Collection[str]) -> dict[str, list[Notice]]:
        wanted = list(dict.fromkeys(matter_ids))
        with self._uow.store.lock:
            keys = {i: list(self._uow.store.notices_by_matter.get(i, ())) for i in wanted}
        found: dict[str, list[Notice]] = {
            i: [n for n in (self._find(k) for k in listed) if n is not None]
            for i, listed in keys.items()
        }
        for notice in self._uow.staged.new_notices.values():
            if notice.matter_id in found:
                found[notice.matter_id].append(notice)
        return {i: self._ordered(listed) for i, listed in found.items()}

    def claim(
        self,
        *,
        worker: str,
        now: _dt.datetime,
        lease_until: _dt.datetime,
        limit: int = 100,
        offices: Collection[str] | None = None,
    ) -> list[Claim]:
        check_claim(worker, now, lease_until, limit)
        wanted = check_offices(offices)
        store, staged = self._uow.store, self._uow.staged
        with store.lock:
            candidates = [
                (store.deliveries[k], store.notices[k]) for k in store.deliveries
                if wanted is None or store.notices[k].office_id in wanted
            ]
        due: list[tuple[_dt.datetime, str, Delivery, Notice]] = []
        for stored, notice in candidates:
            current = staged.deliveries.get(notice.key, (stored,))[0]
            if current.due(now):
                assert current.due_at is not None
                due.append((current.due_at, notice.key, current, notice))
        claims: list[Claim] = []
        for _due, key, current, notice in sorted(due, key=lambda d: (d[0], d[1]))[:limit]:
            if current.status is DeliveryStatus.SENDING and current.claimed_by is not None:
                self._abandon(key, current, now)
            moved = current.claimed(worker, lease_until)
            number = moved.attempts
            self._stage(key, moved, current)
            staged.attempts[(key, number)] = Attempt(key, number, worker, now)
            claims.append(Claim(notice, number, worker, lease_until))
        return claims

    def _abandon(self, key: str, current: Delivery, now: _dt.datetime) -> None:
        previous = next((a for a in self.attempts(key) if a.number == current.attempts), None)
        if previous is not None and previous.outcome is None:
            self._uow.staged.attempts[(key, previous.number)] = attrs.evolve(
                previous, finished_at=now, outcome=AttemptOutcome.ABANDONED,
                error=ABANDONED_ERROR,
            )

    def _stage(self, key: str, moved: Delivery, current: Delivery) -> None:
        deliveries = self._uow.staged.deliveries
        base = deliveries[key][1] if key in deliveries else current
        deliveries[key] = (moved, base)

    def finish(
        self,
        claim: Claim,
        *,
        at: _dt.datetime,
        outcome: AttemptOutcome,
        error: str = "",
        receipt: str = "",
        retry_at: _dt.datetime | None = None,
    ) -> Delivery:
        if not isinstance(claim, Claim):
            raise InvalidInput("claim", "a Claim from claim()", claim)
        key = claim.notice.key
        current = self.delivery(key)
        moved = current.finished(claim, at=at, outcome=outcome, error=error, receipt=receipt,
                                 retry_at=retry_at)
        self._stage(key, moved, current)
        attempt = next((a for a in self.attempts(key) if a.number == claim.attempt), None)
        started = claim.lease_until if attempt is None else attempt.started_at
        self._uow.staged.attempts[(key, claim.attempt)] = Attempt(
            key, claim.attempt, claim.worker, min(started, at), at, outcome,
            error[:TEXT_LENGTH], receipt[:TEXT_LENGTH],
        )
        return moved

    def requeue(self, key: str, *, at: _dt.datetime) -> Delivery:
        current = self.delivery(key)
        moved = current.requeued(at)
        self._stage(key, moved, current)
        return moved

    def list(
        self,
        *,
        offices: Collection[str] | None,
        status: DeliveryStatus | None = None,
        since: _dt.datetime | None = None,
        until: _dt.datetime | None = None,
    ) -> list[Notice]:
        wanted = check_offices(offices)
        check_aware(since, "since")
        check_aware(until, "until")
        if status is not None and not isinstance(status, DeliveryStatus):
            raise InvalidInput("status", "a DeliveryStatus or None", status)
        with self._uow.store.lock:
            everything = list(self._uow.store.notices.values())
        everything.extend(self._uow.staged.new_notices.values())
        return self._ordered([
            n for n in everything
            if (wanted is None or n.office_id in wanted)
            and (since is None or n.created_at >= since)
            and (until is None or n.created_at < until)
            and (status is None or self.delivery(n.key).status is status)
        ])


class Objections:
    """Objections (复核申请) on an :class:`~supervision.adapters.memory.InMemoryStore`."""

    def __init__(self, uow: InMemoryUnitOfWork) -> None:
        self._uow = uow

    def _find(self, objection_id: str) -> Objection | None:
        staged = self._uow.staged
        if objection_id in staged.new_objections:
            return staged.new_objections[objection_id]
        if objection_id in staged.updated_objections:
            return staged.updated_objections[objection_id][0]
        with self._uow.store.lock:
            return self._uow.store.objections.get(objection_id)

    def add(self, objection: Objection) -> None:
        if not isinstance(objection, Objection):
            raise InvalidInput("objection", "a supervision.domain.objections.Objection",
                               objection)
        _key(objection.id, "objection.id")
        check_text(objection.reasons, "objection.reasons")
        if self._find(objection.id) is not None:
            raise DuplicateRecord("objection", objection.id)
        self._uow.staged.new_objections[objection.id] = objection

    def get(self, objection_id: str) -> Objection:
        found = self._find(objection_id) if isinstance(objection_id, str) else None
        if found is None:
            raise NotFound("objection", str(objection_id))
        return found

    def update(self, objection: Objection, *, expected_version: int) -> None:
        if not isinstance(objection, Objection):
            raise InvalidInput("objection", "a supervision.domain.objections.Objection",
                               objection)
        current = self.get(objection.id)
        if current.version != expected_version:
            raise ConcurrencyError("objection", objection.id, expected_version, current.version)
        if objection.version <= expected_version:
            raise InvalidInput("objection.version", f"a version above {expected_version}",
                               objection.version)
        staged = self._uow.staged
        if objection.id in staged.new_objections:
            staged.new_objections[objection.id] = objection
            return
        base = staged.updated_objections.get(objection.id, (objection, expected_version))[1]
        staged.updated_objections[objection.id] = (objection, base)

    def _all(self) -> list[Objection]:
        with self._uow.store.lock:
            ids = list(self._uow.store.objections)
        ids.extend(i for i in self._uow.staged.new_objections if i not in ids)
        return [o for o in (self._find(i) for i in ids) if o is not None]

    @staticmethod
    def _ordered(found: list[Objection]) -> list[Objection]:
        return sorted(found, key=lambda o: (o.filed_at, o.id))

    def for_matter(self, matter_id: str) -> list[Objection]:
        return self._ordered([o for o in self._all() if o.matter_id == matter_id])

    def overdue(
        self, *, before: _dt.datetime, offices: Collection[str] | None = None
    ) -> list[Objection]:
        check_aware(before, "before", optional=False)
        return [o for o in self.list(offices=offices, open_only=True)
                if o.answer_due_at <= before]

    def list(
        self, *, offices: Collection[str] | None, open_only: bool = False
    ) -> list[Objection]:
        wanted = check_offices(offices)
        return self._ordered([
            o for o in self._all()
            if (wanted is None or o.office_id in wanted) and (not open_only or o.pending)
        ])
