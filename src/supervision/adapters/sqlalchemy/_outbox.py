"""The outbox and objections in SQL: notices inserted once by key, their delivery state in
columns beside the JSON body, claims taken with ``FOR UPDATE SKIP LOCKED`` on PostgreSQL
(inside ``BEGIN IMMEDIATE`` on SQLite), every delivery change fenced at commit by the state
it was read at (``UPDATE … WHERE attempts = :read AND claimed_by = :worker``); objections
versioned. Same rules as the in-memory adapter; see :mod:`supervision.ports`."""

from __future__ import annotations

import datetime as _dt
import functools
from collections.abc import Collection, Sequence
from typing import Any

import sqlalchemy as sa

from supervision._encoded import to_stored_dict as to_dict
from supervision.domain.model import RegistrationNumber
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
from supervision.exceptions import ConcurrencyError, DuplicateRecord, InvalidInput, NotFound
from supervision.serialization import from_json

from . import _rows
from ._schema import ID_LENGTH, OBJECTION_ID_LENGTH, OFFICE_ID_LENGTH
from ._session import Session, Staged, aware, office_list
from ._writes import among

__all__ = [
    "SqlNoticeRepository",
    "SqlObjectionRepository",
    "flush_outbox",
    "notice_row",
    "number_documents",
    "renumbered_row",
]



def _key(key: object, field: str = "key", length: int = KEY_LENGTH) -> str:
    if not isinstance(key, str) or not key.strip() or len(key) > length:
        raise InvalidInput(field, f"a non-empty key of at most {length} characters", key)
    _rows.check_text(key, field)
    return key


def notice_row(notice: Notice) -> dict[str, Any]:
    """The ``notices`` row of a new notice (checks text and lengths first)."""
    return _notice_row(notice, _rows.checked_json(notice, "notice"))


#: The fields of a notice's body that numbering it changes.
_RENUMBERED = ("number", "subject", "text")


def renumbered_row(row: dict[str, Any], pieces: tuple[str, ...], number: RegistrationNumber
                   ) -> dict[str, Any]:
    """The row of a notice staged with a pending number (``row``; ``pieces``: its body cut at
    the pending number, :func:`~._rows.dumps_pieces`) once numbered ``number``: the row
    :func:`notice_row` gives the :func:`~supervision.domain.notice_numbers.renumbered`
    notice, made by one join (the rest was checked when staged)."""
    return {**row, "body": _rows.dumps_joined(pieces, str(number))}


def _notice_row(notice: Notice, body: str) -> dict[str, Any]:
    if not notice.office_id or len(notice.office_id) > OFFICE_ID_LENGTH:
        raise InvalidInput("notice.office_id", "the matter's office id", notice.office_id)
    if len(notice.matter_id) > ID_LENGTH:
        raise InvalidInput("notice.matter_id", f"an id of at most {ID_LENGTH} characters",
                           notice.matter_id)
    return {
        "key": _key(notice.key),
        "office_id": notice.office_id,
        "matter_id": notice.matter_id,
        "kind": notice.kind.value,
        "created_at": notice.created_at,
        **_state_columns(Delivery(due_at=notice.created_at)),
        "body": body,
    }


def _state_columns(delivery: Delivery) -> dict[str, Any]:
    return {
        "status": delivery.status.value,
        "attempts": delivery.attempts,
        "due_at": delivery.due_at,
        "claimed_by": delivery.claimed_by,
        "delivered_at": delivery.delivered_at,
        "last_error": delivery.last_error,
        "receipt": delivery.receipt,
    }


def _delivery(row: Any) -> Delivery:
    return Delivery(DeliveryStatus(row.status), int(row.attempts), row.due_at, row.claimed_by,
                    row.delivered_at, row.last_error, row.receipt)


def _attempt(row: Any) -> Attempt:
    return Attempt(row.notice_key, int(row.number), row.worker, row.started_at, row.finished_at,
                   None if row.outcome is None else AttemptOutcome(row.outcome), row.error,
                   row.receipt)


def objection_row(objection: Objection) -> dict[str, Any]:
    """The ``objections`` row of an objection (checks text and lengths first)."""
    body = _rows.checked_json(objection, "objection")
    if not objection.office_id or len(objection.office_id) > OFFICE_ID_LENGTH:
        raise InvalidInput("objection.office_id", "the matter's office id", objection.office_id)
    return {
        "id": _key(objection.id, "objection.id", OBJECTION_ID_LENGTH),
        "office_id": objection.office_id,
        "matter_id": objection.matter_id,
        "unit_id": objection.unit_id,
        "conclusion": _key(objection.conclusion, "objection.conclusion"),
        "open": objection.pending,
        "filed_at": objection.filed_at,
        "answer_due_at": objection.answer_due_at,
        "version": objection.version,
        "body": body,
    }


class SqlNoticeRepository:
    """The outbox (通知送达记录) in the ``notices`` and ``notice_attempts`` tables."""

    def __init__(self, uow: Session) -> None:
        self._uow = uow

    @property
    def _t(self) -> sa.Table:
        return self._uow.tables.notices

    def _row(self, key: str) -> Any:
        t = self._t
        return self._uow.read(sa.select(t).where(t.c.key == key)).first()

    def _find(self, key: str) -> Notice | None:
        staged = self._uow.staged.new_notices.get(key)
        if staged is not None:
            return staged[0]
        row = self._row(key)
        return None if row is None else from_json(Notice, row.body)

    def add_if_absent(self, notice: Notice) -> bool:
        """Stage a new notice unless its key is visible; True when staged."""
        if not isinstance(notice, Notice):
            raise InvalidInput("notice", "a supervision.domain.notices.Notice", notice)
        row = notice_row(notice)
        if self._find(notice.key) is not None:
            return False
        self._uow.staged.new_notices[notice.key] = (notice, row)
        return True

    def add_numbered(self, documents: Sequence[Sequence[Notice]]) -> list[Notice]:
        """Stage the documents none of whose keys is visible (one query per 900 keys);
        their numbers are taken at commit (:func:`number_documents`)."""
        if isinstance(documents, str | bytes) or not isinstance(documents, Sequence):
            raise InvalidInput("documents", "a list of documents (lists of notices)", documents)
        checked: list[tuple[tuple[str, str, int], list[tuple[Notice, dict[str, Any],
                                                            tuple[str, ...]]]]] = []
        for document in documents:
            series = pending_series(document)
            rows = []
            for notice in document:
                body, pending = _rows.checked_json(notice, "notice"), str(notice.number)
                # the body cut at the pending number (split where that provably cuts it)
                pieces = _rows.split_pieces(body, (pending, notice.subject, notice.text),
                                            pending) or _rows.dumps_pieces(
                    to_dict(notice), _RENUMBERED, pending)
                rows.append((notice, _notice_row(notice, body), pieces))
            checked.append((series, rows))
        staged = self._uow.staged
        keys = [n.key for _, rows in checked for n, _r, _d in rows]
        t = self._t
        seen = {k for k in keys if k in staged.new_notices}
        for start in range(0, len(keys), 900):
            query = sa.select(t.c.key).where(
                among(self._uow, t.c.key, keys[start:start + 900]))
            seen.update(r.key for r in self._uow.read(query))
        added: list[Notice] = []
        for series, rows in checked:
            if any(n.key in seen for n, _r, _d in rows):
                continue
            for notice, row, _data in rows:
                staged.new_notices[notice.key] = (notice, row)
            staged.numbered.append((series, [(n.key, d) for n, _r, d in rows]))
            seen.update(n.key for n, _r, _d in rows)
            added.extend(n for n, _r, _d in rows)
        return added

    def get(self, key: str) -> Notice:
        """The notice; NotFound if unknown."""
        found = self._find(_key(key)) if isinstance(key, str) else None
        if found is None:
            raise NotFound("notice", str(key))
        return found

    def delivery(self, key: str) -> Delivery:
        """The delivery state, as staged here."""
        staged = self._uow.staged
        if key in staged.deliveries:
            return staged.deliveries[key][0]
        if isinstance(key, str) and key in staged.new_notices:
            return Delivery(due_at=staged.new_notices[key][0].created_at)
        row = self._row(_key(key)) if isinstance(key, str) else None
        if row is None:
            raise NotFound("notice", str(key))
        return _delivery(row)

    def deliveries(self, keys: Collection[str]) -> dict[str, Delivery]:
        """:meth:`delivery` of each key, the stored ones in one query per 900 keys."""
        wanted, staged = list(dict.fromkeys(keys)), self._uow.staged
        found = {k: staged.deliveries[k][0] for k in wanted if k in staged.deliveries}
        found.update({k: Delivery(due_at=staged.new_notices[k][0].created_at) for k in wanted
                      if k not in found and isinstance(k, str) and k in staged.new_notices})
        stored = [_key(k) if isinstance(k, str) else "" for k in wanted if k not in found]
        for start in range(0, len(stored), 900):
            query = sa.select(self._t).where(self._t.c.key.in_(stored[start:start + 900]))
            found.update({row.key: _delivery(row) for row in self._uow.read(query)})
        for key in wanted:
            if key not in found:
                raise NotFound("notice", str(key))
        return {key: found[key] for key in wanted}

    def attempts(self, key: str) -> list[Attempt]:
        """The attempts by number."""
        self.get(key)
        t = self._uow.tables.notice_attempts
        rows = self._uow.read(sa.select(t).where(t.c.notice_key == key))
        found = {a.number: a for a in (_attempt(r) for r in rows)}
        found.update({n: a for (k, n), a in self._uow.staged.attempts.items() if k == key})
        return [found[n] for n in sorted(found)]

    def _select(self, query: sa.Select[Any], keep: Any) -> list[Notice]:
        found = {n.key: n for n in (from_json(Notice, r.body) for r in self._uow.read(query))}
        found.update({k: n for k, (n, _) in self._uow.staged.new_notices.items() if keep(n)})
        return sorted(found.values(), key=lambda n: (n.created_at, n.key))

    def for_matter(self, matter_id: str) -> list[Notice]:
        """Every notice about one matter."""
        t = self._t
        return self._select(sa.select(t.c.body).where(t.c.matter_id == matter_id),
                            lambda n: n.matter_id == matter_id)

    def for_matters(self, matter_ids: Collection[str]) -> dict[str, list[Notice]]:
        """:meth:`for_matter` of each id, one query per 900 ids."""
        wanted = list(dict.fromkeys(matter_ids))
        t = self._t
        found: dict[str, dict[str, Notice]] = {i: {} for i in wanted}
        for start in range(0, len(wanted), 900):
            query = sa.select(t.c.body).where(t.c.matter_id.in_(wanted[start:start + 900]))
            for row in self._uow.read(query):
                notice = from_json(Notice, row.body)
                found[notice.matter_id][notice.key] = notice
        for key, (notice, _) in self._uow.staged.new_notices.items():
            listed = found.get(notice.matter_id)
            if listed is not None:
                listed[key] = notice
        return {i: sorted(listed.values(), key=lambda n: (n.created_at, n.key))
                for i, listed in found.items()}

    def claim(
        self,
        *,
        worker: str,
        now: _dt.datetime,
        lease_until: _dt.datetime,
        limit: int = 100,
        offices: Collection[str] | None = None,
    ) -> list[Claim]:
        """Take the due notices (skipping rows other transactions hold on PostgreSQL)."""
        check_claim(worker, now, lease_until, limit)
        wanted = office_list(offices)
        uow, t = self._uow, self._t
        # SQLite: the claim reads inside the write transaction (BEGIN IMMEDIATE), so two
        # workers never read the same due rows; PostgreSQL: the rows read stay locked until
        # this unit of work commits, and rows locked by another worker are skipped
        uow.begin_write()
        query = sa.select(t).where(t.c.due_at <= now)
        if wanted is not None:
            query = query.where(t.c.office_id.in_(wanted))
        query = query.order_by(t.c.due_at, t.c.key).limit(limit)
        if uow.dialect == "postgresql":
            query = query.with_for_update(skip_locked=True)
        claims: list[Claim] = []
        for row in uow.read(query).all():
            current = uow.staged.deliveries.get(row.key, (_delivery(row),))[0]
            if not current.due(now):
                continue
            if current.status is DeliveryStatus.SENDING:
                self._abandon(row.key, current.attempts, now)
            moved = current.claimed(worker, lease_until)
            self._stage(row.key, moved, current)
            uow.staged.attempts[(row.key, moved.attempts)] = Attempt(
                row.key, moved.attempts, worker, now)
            claims.append(Claim(from_json(Notice, row.body), moved.attempts, worker,
                                lease_until))
        return claims

    def _abandon(self, key: str, number: int, now: _dt.datetime) -> None:
        previous = next((a for a in self.attempts(key) if a.number == number), None)
        if previous is not None and previous.outcome is None:
            self._uow.staged.attempts[(key, number)] = Attempt(
                key, number, previous.worker, previous.started_at, now,
                AttemptOutcome.ABANDONED, ABANDONED_ERROR, "")

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
        """Record how the claimed attempt ended (fenced again at commit)."""
        if not isinstance(claim, Claim):
            raise InvalidInput("claim", "a Claim from claim()", claim)
        key = claim.notice.key
        current = self.delivery(key)
        moved = current.finished(claim, at=at, outcome=outcome, error=error, receipt=receipt,
                                 retry_at=retry_at)
        self._stage(key, moved, current)
        attempt = next((a for a in self.attempts(key) if a.number == claim.attempt), None)
        started = at if attempt is None else min(attempt.started_at, at)
        self._uow.staged.attempts[(key, claim.attempt)] = Attempt(
            key, claim.attempt, claim.worker, started, at, outcome, error[:TEXT_LENGTH],
            receipt[:TEXT_LENGTH])
        return moved

    def requeue(self, key: str, *, at: _dt.datetime) -> Delivery:
        """A 未送达 notice made 待送达 again."""
        current = self.delivery(key)
        moved = current.requeued(aware(at, "at"))
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
        """The notices of ``offices`` written in ``[since, until)`` at ``status``."""
        wanted = office_list(offices)
        for field, value in (("since", since), ("until", until)):
            if value is not None:
                aware(value, field)
        if status is not None and not isinstance(status, DeliveryStatus):
            raise InvalidInput("status", "a DeliveryStatus or None", status)
        t = self._t
        query = sa.select(t.c.body)
        if wanted is not None:
            query = query.where(t.c.office_id.in_(wanted))
        if since is not None:
            query = query.where(t.c.created_at >= since)
        if until is not None:
            query = query.where(t.c.created_at < until)
        found = self._select(query, lambda n: (
            (wanted is None or n.office_id in wanted)
            and (since is None or n.created_at >= since)
            and (until is None or n.created_at < until)
        ))
        if status is None:
            return found
        return [n for n in found if self.delivery(n.key).status is status]


class SqlObjectionRepository:
    """Objections (复核申请) in the ``objections`` table."""

    def __init__(self, uow: Session) -> None:
        self._uow = uow

    @property
    def _t(self) -> sa.Table:
        return self._uow.tables.objections

    def _staged(self, objection_id: str) -> Objection | None:
        staged = self._uow.staged
        if objection_id in staged.new_objections:
            return staged.new_objections[objection_id][0]
        if objection_id in staged.updated_objections:
            return staged.updated_objections[objection_id][0]
        return None

    def add(self, objection: Objection) -> None:
        """Stage a new objection; DuplicateRecord if its id is visible."""
        if not isinstance(objection, Objection):
            raise InvalidInput("objection", "a supervision.domain.objections.Objection",
                               objection)
        row = objection_row(objection)
        t = self._t
        if self._staged(objection.id) is not None or self._uow.read(
            sa.select(t.c.id).where(t.c.id == objection.id)
        ).first() is not None:
            raise DuplicateRecord("objection", objection.id)
        self._uow.staged.new_objections[objection.id] = (objection, row)

    def get(self, objection_id: str) -> Objection:
        """The objection; NotFound if unknown."""
        if not isinstance(objection_id, str) or len(objection_id) > OBJECTION_ID_LENGTH:
            raise NotFound("objection", str(objection_id))
        found = self._staged(objection_id)
        if found is not None:
            return found
        t = self._t
        row = self._uow.read(sa.select(t.c.body).where(t.c.id == objection_id)).first()
        if row is None:
            raise NotFound("objection", objection_id)
        return from_json(Objection, row.body)

    def update(self, objection: Objection, *, expected_version: int) -> None:
        """Stage a change of an objection read at ``expected_version``."""
        if not isinstance(objection, Objection):
            raise InvalidInput("objection", "a supervision.domain.objections.Objection",
                               objection)
        current = self.get(objection.id)
        if current.version != expected_version:
            raise ConcurrencyError("objection", objection.id, expected_version, current.version)
        if objection.version <= expected_version:
            raise InvalidInput("objection.version", f"a version above {expected_version}",
                               objection.version)
        row = objection_row(objection)
        staged = self._uow.staged
        if objection.id in staged.new_objections:
            staged.new_objections[objection.id] = (objection, row)
            return
        base = staged.updated_objections.get(objection.id, (objection, row, expected_version))[2]
        staged.updated_objections[objection.id] = (objection, row, base)

    def _select(self, query: sa.Select[Any], keep: Any) -> list[Objection]:
        staged = self._uow.staged
        mine = {k: o for k, (o, _) in staged.new_objections.items()}
        mine.update({k: o for k, (o, _, _) in staged.updated_objections.items()})
        found = {
            o.id: o for o in (from_json(Objection, r.body) for r in self._uow.read(query))
            if o.id not in mine
        }
        found.update({k: o for k, o in mine.items() if keep(o)})
        return sorted(found.values(), key=lambda o: (o.filed_at, o.id))

    def for_matter(self, matter_id: str) -> list[Objection]:
        """Every objection about one matter."""
        t = self._t
        return self._select(sa.select(t.c.body).where(t.c.matter_id == matter_id),
                            lambda o: o.matter_id == matter_id)

    def overdue(
        self, *, before: _dt.datetime, offices: Collection[str] | None = None
    ) -> list[Objection]:
        """The unanswered objections due at or before ``before``."""
        aware(before, "before")
        wanted = office_list(offices)
        t = self._t
        query = sa.select(t.c.body).where(t.c.open == sa.true(), t.c.answer_due_at <= before)
        if wanted is not None:
            query = query.where(t.c.office_id.in_(wanted))
        return self._select(query, lambda o: o.pending and o.answer_due_at <= before and (
            wanted is None or o.office_id in wanted))

    def list(
        self, *, offices: Collection[str] | None, open_only: bool = False
    ) -> list[Objection]:
        """The objections of ``offices`` (unanswered only, if asked)."""
        wanted = office_list(offices)
        t = self._t
        query = sa.select(t.c.body)
        if wanted is not None:
            query = query.where(t.c.office_id.in_(wanted))
        if open_only:
            query = query.where(t.c.open == sa.true())
        return self._select(query, lambda o: (wanted is None or o.office_id in wanted)
                            and (not open_only or o.pending))


def number_documents(uow: Session, staged: Staged) -> None:
    """Take the numbers of the documents staged with pending numbers — all of them in one
    statement (``INSERT … ON CONFLICT DO UPDATE SET last = last + n RETURNING``, the series
    in key order), after the numbers ``next()`` handed out (written before) — and make their
    notices' rows carry them, in the order staged."""
    if not staged.numbered:
        return
    counts: dict[tuple[str, str, int], int] = {}
    for series, _keys in staged.numbered:
        counts[series] = counts.get(series, 0) + 1
    table = uow.tables.number_sequences
    rows = [{"n_office": o, "n_prefix": p, "n_year": y, "n_count": n}
            for (o, p, y), n in sorted(counts.items())]
    taken = {(r.office_id, r.prefix, int(r.year)): int(r.last)
             for r in uow.execute(_take_numbers(table, uow.dialect), rows)}
    following = {series: taken[series] - n + 1 for series, n in counts.items()}
    for series, keys in staged.numbered:
        seq = following[series]
        following[series] = seq + 1
        number = RegistrationNumber.of(series[1], series[2], seq)
        for key, pieces in keys:
            notice, row = staged.new_notices[key]
            staged.new_notices[key] = (notice, renumbered_row(row, pieces, number))


@functools.cache
def _take_numbers(table: sa.Table, dialect: str) -> sa.Executable:
    """``INSERT … ON CONFLICT DO UPDATE SET last = last + :n_count RETURNING`` of the number
    sequences ``table``: built once (a statement with bound parameters, compiled once; run
    with a list of series it is one statement, rows returned with their keys)."""
    series = [table.c.office_id, table.c.prefix, table.c.year]
    values: dict[str, Any] = {"office_id": sa.bindparam("n_office"),
                              "prefix": sa.bindparam("n_prefix"),
                              "year": sa.bindparam("n_year"), "last": sa.bindparam("n_count")}
    if dialect == "postgresql":
        from sqlalchemy.dialects import postgresql

        pg = postgresql.insert(table).values(values)
        return pg.on_conflict_do_update(
            index_elements=series, set_={"last": table.c.last + pg.excluded["last"]},
        ).returning(*series, table.c.last)
    from sqlalchemy.dialects import sqlite

    lite = sqlite.insert(table).values(values)
    return lite.on_conflict_do_update(
        index_elements=series, set_={"last": table.c.last + lite.excluded["last"]},
    ).returning(*series, table.c.last)


def flush_outbox(uow: Session, staged: Staged) -> None:
    """Write the staged delivery changes (fenced), attempts and objections, then number the
    documents staged with pending numbers and insert the new notices in one statement,
    inside the commit (the numbers last: their rows stay locked until the commit ends)."""
    notices, attempts, objections = (uow.tables.notices, uow.tables.notice_attempts,
                                     uow.tables.objections)
    c = notices.c
    for key, (moved, base) in sorted(staged.deliveries.items()):
        if key in staged.new_notices:
            continue
        worker = c.claimed_by.is_(None) if base.claimed_by is None else (
            c.claimed_by == base.claimed_by)
        done = uow.execute(
            notices.update()
            .where(c.key == key, c.attempts == base.attempts, c.status == base.status.value,
                   worker)
            .values(**_state_columns(moved))
        ).rowcount
        if done != 1:
            actual = uow.execute(sa.select(c.attempts).where(c.key == key)).scalar()
            raise ConcurrencyError("notice", key, base.attempts, actual)
    a = attempts.c
    for (key, number), attempt in sorted(staged.attempts.items()):
        values = {
            "worker": attempt.worker, "started_at": attempt.started_at,
            "finished_at": attempt.finished_at,
            "outcome": None if attempt.outcome is None else attempt.outcome.value,
            "error": attempt.error, "receipt": attempt.receipt,
        }
        done = uow.execute(
            attempts.update().where(a.notice_key == key, a.number == number).values(**values)
        ).rowcount
        if done != 1:
            uow.execute(attempts.insert(), {"notice_key": key, "number": number, **values},
                        on_unique=functools.partial(ConcurrencyError, "notice", key,
                                                    number - 1, None))
    for objection_id, (_objection, row) in staged.new_objections.items():
        uow.execute(objections.insert(), row,
                    on_unique=functools.partial(DuplicateRecord, "objection", objection_id))
    o = objections.c
    for objection_id, (_objection, row, read) in sorted(staged.updated_objections.items()):
        done = uow.execute(
            objections.update().where(o.id == objection_id, o.version == read).values(row)
        ).rowcount
        if done != 1:
            actual = uow.execute(sa.select(o.version).where(o.id == objection_id)).scalar()
            raise ConcurrencyError("objection", objection_id, read, actual)
    number_documents(uow, staged)
    if staged.new_notices:
        keys = list(staged.new_notices)
        rows = [{**row, **_state_columns(staged.deliveries[key][0])}
                if key in staged.deliveries else row
                for key, (_notice, row) in staged.new_notices.items()]
        uow.insert_many(notices, rows, on_unique=functools.partial(
            DuplicateRecord, "notice", keys[0] if len(keys) == 1 else ", ".join(keys[:5])))
