"""Matters (督办事项) in SQL: the ``matters`` and ``assignments`` tables, read through their
indexes and overlaid with the unit of work's own staged changes."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Collection, Sequence
from typing import Any

import sqlalchemy as sa

from supervision.domain.lifecycle import Status
from supervision.domain.model import Matter, RegistrationNumber
from supervision.domain.office import PolicyRef
from supervision.domain.statistics import MatterFacts, matter_facts
from supervision.exceptions import (
    ConcurrencyError,
    DuplicateRecord,
    InvalidInput,
    MatterNotFound,
)
from supervision.ports import WAKE_UNKNOWN

from . import _changes, _rows
from ._body_patch import known_body, narrow_row, patched_body
from ._facts import learn_policy, read_facts, stored_instant
from ._session import Session, aware, office_list, optional_text
from ._writes import among

__all__ = ["SqlMatterRepository"]


def _registration_order(pair: tuple[MatterFacts, _dt.datetime | None]
                        ) -> tuple[_dt.datetime, str, str, int, int]:
    """(registered_at, office, number) of a pair's facts as plain values: :meth:`list`'s
    order (attrs compares a RegistrationNumber as (prefix, year, seq)) without the
    comparison methods' cost."""
    facts = pair[0]
    n = facts.number
    return (facts.registered_at, facts.office_id, n.prefix, n.year, n.seq)


class SqlMatterRepository:
    """Matters (督办事项) in the ``matters`` and ``assignments`` tables."""

    def __init__(self, uow: Session) -> None:
        self._uow = uow
        self._read: dict[str, Matter] = {}
        self._bodies: dict[str, str] = {}  # the body text of each matter in ``_read``
        self._read_in: object = None

    def read(self) -> dict[str, Matter]:
        """The stored matters this transaction read (by id), for its commit."""
        return self._seen()

    def _seen(self) -> dict[str, Matter]:
        """The stored matters read in this transaction (by get and get_many): update checks
        the version it was given against them instead of reading again (the commit checks
        it in storage once more)."""
        if self._read_in is not self._uow.staged:
            self._read, self._bodies, self._read_in = {}, {}, self._uow.staged
        return self._read

    @property
    def _t(self) -> sa.Table:
        return self._uow.tables.matters

    def _offices(self, query: sa.Select[Any], offices: object) -> sa.Select[Any]:
        wanted = office_list(offices)
        return query if wanted is None else query.where(self._t.c.office_id.in_(wanted))

    def _number_clause(self, office_id: str, number: RegistrationNumber
                       ) -> tuple[sa.ColumnElement[bool], ...]:
        c = self._t.c
        return (c.office_id == office_id, c.number_prefix == number.prefix,
                c.number_year == number.year, c.number_seq == number.seq)

    # ---------------------------------------------------------------- writes
    def add(self, matter: Matter) -> None:
        """Stage a new matter; DuplicateRecord if its id, or its number in its office,
        exists."""
        if not isinstance(matter, Matter):
            raise InvalidInput("matter", "a supervision.domain.Matter", matter)
        row = _rows.matter_row(matter)
        staged = self._uow.staged
        if staged.matter(matter.id) is not None:
            raise DuplicateRecord("matter", matter.id)
        key = (matter.office_id, matter.number)
        if any((m.office_id, m.number) == key for m in staged.all_matters()):
            raise DuplicateRecord("matter", str(matter.number))
        t = self._t
        found = self._uow.read(
            sa.select(t.c.id)
            .where(sa.or_(t.c.id == matter.id,
                          sa.and_(*self._number_clause(matter.office_id, matter.number))))
            .limit(1)
        ).first()
        if found is not None:
            if found.id == matter.id:
                raise DuplicateRecord("matter", matter.id)
            number = matter.number
            taken = staged.sequences.get((matter.office_id, number.prefix, number.year))
            if taken is not None and taken[0] < number.seq <= taken[1]:
                # this unit of work drew the number from a sequence another one has moved on
                raise ConcurrencyError("number sequence", f"{number.prefix}〔{number.year}〕",
                                       taken[0], None)
            raise DuplicateRecord("matter", str(number))
        staged.new_matters[matter.id] = (matter, row)

    def add_many(self, new: Sequence[Matter]) -> None:
        """Stage many new matters at once (the bulk path for imports and benchmarks).

        Each is checked like :meth:`add` against this unit of work, but uniqueness against
        storage is left to the database's constraints: a duplicate raises DuplicateRecord at
        commit, and nothing of the batch is stored."""
        staged = self._uow.staged
        numbers = {(m.office_id, m.number) for m in staged.all_matters()}
        batch: dict[str, tuple[Matter, dict[str, Any]]] = {}
        for matter in new:
            if not isinstance(matter, Matter):
                raise InvalidInput("matters", "supervision.domain.Matter values", matter)
            if staged.matter(matter.id) is not None or matter.id in batch:
                raise DuplicateRecord("matter", matter.id)
            key = (matter.office_id, matter.number)
            if key in numbers:
                raise DuplicateRecord("matter", str(matter.number))
            numbers.add(key)
            batch[matter.id] = (matter, _rows.matter_row(matter))
        staged.new_matters.update(batch)

    def update(self, matter: Matter, *, expected_version: int) -> None:
        """Stage a changed matter read at ``expected_version`` (checked again at commit)."""
        if not isinstance(matter, Matter):
            raise InvalidInput("matter", "a supervision.domain.Matter", matter)
        staged = self._uow.staged
        current = staged.matter(matter.id) or self._seen().get(matter.id) or self.get(matter.id)
        if current.version != expected_version:
            raise ConcurrencyError("matter", matter.id, expected_version, current.version)
        if matter.version <= expected_version:
            raise InvalidInput("matter.version", f"a version above {expected_version}",
                               matter.version)
        if matter.number != current.number or matter.office_id != current.office_id:
            raise InvalidInput(
                "matter.number", "the unchanged office and registration number", matter.number
            )
        body = patched_body(matter, current, known_body(current, self._read, self._bodies,
                                                        staged))
        row = _rows.matter_row(matter) if body is None else narrow_row(matter, body, staged)
        if matter.id in staged.new_matters:
            staged.new_matters[matter.id] = (matter, row)
        elif matter.id in staged.updated_matters:
            base = staged.updated_matters[matter.id][2]
            staged.updated_matters[matter.id] = (matter, row, base)
        else:
            staged.updated_matters[matter.id] = (matter, row, expected_version)

    # ----------------------------------------------------------------- reads
    def get(self, matter_id: str) -> Matter:
        """The matter (of any office); MatterNotFound if unknown."""
        if not isinstance(matter_id, str):
            raise InvalidInput("matter_id", "a matter id (a string)", matter_id)
        found = self._uow.staged.matter(matter_id)
        if found is not None:
            return found
        t = self._t
        row = self._uow.read(sa.select(t.c.body, t.c.version).where(t.c.id == matter_id)).first()
        if row is None:
            raise MatterNotFound(matter_id)
        matter = _rows.matter_from_row(row)
        self._seen()[matter.id] = matter
        self._bodies[matter.id] = row.body
        return matter

    def get_many(self, matter_ids: Sequence[str]) -> list[Matter]:
        """The matters with these ids, in the order given (one query; staged ones from the
        unit of work); MatterNotFound for the first unknown id."""
        ids = list(matter_ids)
        staged = {i: m for i in ids if (m := self._uow.staged.matter(i)) is not None}
        wanted = [i for i in ids if i not in staged]
        t = self._t
        found: dict[str, Matter] = dict(staged)
        seen, bodies = self._seen(), self._bodies
        for start in range(0, len(wanted), 900):
            chunk = wanted[start:start + 900]
            query = sa.select(t.c.body, t.c.version).where(among(self._uow, t.c.id, chunk))
            for row in self._uow.read(query):
                matter = _rows.matter_from_row(row)
                found[matter.id], bodies[matter.id] = matter, row.body
        seen.update((i, found[i]) for i in wanted if i in found)
        missing = next((i for i in ids if i not in found), None)
        if missing is not None:
            raise MatterNotFound(missing)
        return [found[i] for i in ids]

    def get_by_number(self, office_id: str, number: RegistrationNumber) -> Matter:
        """The office's matter with this registration number; MatterNotFound if unknown."""
        if not isinstance(number, RegistrationNumber):
            raise InvalidInput("number", "a RegistrationNumber", number)
        if not isinstance(office_id, str):
            raise InvalidInput("office_id", "an office id", office_id)
        for matter in self._uow.staged.all_matters():
            if matter.office_id == office_id and matter.number == number:
                return matter
        t = self._t
        row = self._uow.read(
            sa.select(t.c.body, t.c.version).where(*self._number_clause(office_id, number))
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

    def list_due(self, *, before: _dt.datetime, offices: Collection[str] | None = None
                 ) -> list[Matter]:
        """Open matters due before ``before`` (through the ``sweep_due_at`` index)."""
        aware(before, "before")
        wanted = office_list(offices)
        t = self._t
        query = self._offices(
            sa.select(t.c.body, t.c.version).where(t.c.sweep_due_at < before)
            .order_by(t.c.sweep_due_at, t.c.id), wanted)
        found = self._overlay(
            query,
            lambda m: m.status.is_open and m.due is not None and m.due.due_at < before
            and (wanted is None or m.office_id in wanted),
        )
        return sorted(found, key=lambda m: (m.due.due_at if m.due else before, m.number))

    def list_open(
        self,
        *,
        after_id: str | None = None,
        limit: int | None = None,
        offices: Collection[str] | None = None,
    ) -> list[Matter]:
        """Open matters ordered by id, after ``after_id``, at most ``limit``: keyset pages
        through the ``(is_open, id)`` index."""
        optional_text(after_id, "after_id")
        if limit is not None and (limit.__class__ is not int or limit < 1):
            raise InvalidInput("limit", "a page size ≥ 1, or None", limit)
        wanted = office_list(offices)
        staged = [m for m in self._uow.staged.all_matters()
                  if wanted is None or m.office_id in wanted]
        staged_ids = {m.id for m in self._uow.staged.all_matters()}
        t = self._t
        query = self._offices(sa.select(t.c.body, t.c.version).where(t.c.is_open == sa.true()),
                              wanted)
        if after_id is not None:
            query = query.where(t.c.id > after_id)
        query = query.order_by(t.c.id)
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
        (due instant, id) and starting after ``after``. With ``lock=True`` the rows are
        claimed for this unit of work: on PostgreSQL with ``FOR UPDATE SKIP LOCKED``, on
        SQLite by starting the write transaction (one writer at a time)."""
        aware(before, "before")
        if limit.__class__ is not int or not 1 <= limit <= 100_000:
            raise InvalidInput("limit", "a batch size from 1 to 100000", limit)
        t = self._t
        query = sa.select(t.c.body, t.c.version).where(t.c.sweep_due_at < before)
        if after is not None:
            last_due, last_id = after
            aware(last_due, "after[0]")
            query = query.where(
                sa.or_(
                    t.c.sweep_due_at > last_due,
                    sa.and_(t.c.sweep_due_at == last_due, t.c.id > last_id),
                )
            )
        query = query.order_by(t.c.sweep_due_at, t.c.id).limit(limit)
        if lock:
            self._uow.begin_write()
            if self._uow.dialect == "postgresql":
                query = query.with_for_update(skip_locked=True, of=t)
        return [_rows.matter_from_row(row) for row in self._uow.read(query)]

    # ------------------------------------------------------------------ wakes
    def _wake_page(
        self,
        before: _dt.datetime,
        after: tuple[_dt.datetime, str] | None,
        limit: int,
        offices: Collection[str] | None,
    ) -> tuple[Any, list[str] | None]:
        """The checked arguments of :meth:`wake_due` and :meth:`claim_due` as a query of
        ``(wake_at, id)`` due by ``before`` after the key ``after`` (not yet ordered or
        limited), and the offices wanted."""
        aware(before, "before")
        if limit.__class__ is not int or not 1 <= limit <= 100_000:
            raise InvalidInput("limit", "a page size from 1 to 100000", limit)
        if after is not None and (
            not isinstance(after, tuple) or len(after) != 2 or not isinstance(after[1], str)
        ):
            raise InvalidInput("after", "the last (wake, matter id) pair of a page, or None",
                               after)
        wanted = office_list(offices)
        t = self._t
        wake = t.c.wake_at
        query = self._offices(sa.select(wake, t.c.id).where(wake <= before), wanted)
        if after is not None:
            last_wake = aware(after[0], "after[0]")
            # one row comparison, (wake, id) > after: both databases seek the (wake_at, id)
            # index to the key. Written as wake > w OR (wake = w AND id > i) (the same rows:
            # a wake the page selects is not NULL), PostgreSQL filtered the index from its
            # first entry and SQLite from the first entry at w, so each page of a first sweep
            # (every wake unknown) scanned every entry before it, dead ones included
            query = query.where(sa.tuple_(wake, t.c.id) > (last_wake, after[1]))
        return query, wanted

    def wake_due(
        self,
        *,
        before: _dt.datetime,
        after: tuple[_dt.datetime, str] | None = None,
        limit: int = 500,
        offices: Collection[str] | None = None,
    ) -> list[tuple[_dt.datetime, str]]:
        """``(wake, id)`` of the matters whose wake is unknown or at or before ``before``,
        keyset-paged through the ``(wake_at, id)`` index (see the port)."""
        query, wanted = self._wake_page(before, after, limit, offices)
        t = self._t
        wake = t.c.wake_at
        staged = self._uow.staged
        changed = {m.id for m in staged.all_matters()
                   if wanted is None or m.office_id in wanted}
        everything_changed = set(staged.new_matters) | set(staged.updated_matters)
        query = query.order_by(wake, t.c.id).limit(limit + len(everything_changed))
        found = {
            row.id: (row.wake_at, row.id) for row in self._uow.read(query)
            if row.id not in everything_changed
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
            aware(at, "at")
        if version.__class__ is not int:
            raise InvalidInput("version", "the version the matter was read at", version)
        self.get(matter_id)
        self._uow.staged.wakes[matter_id] = (version, at)

    def set_wakes(self, wakes: Sequence[tuple[str, int, _dt.datetime | None]]) -> None:
        """Stage many wakes at once: the ids are checked in one query per 900."""
        checked: list[tuple[str, int, _dt.datetime | None]] = []
        for matter_id, version, at in wakes:
            if at is not None:
                aware(at, "at")
            if version.__class__ is not int:
                raise InvalidInput("version", "the version the matter was read at", version)
            if not isinstance(matter_id, str):
                raise InvalidInput("matter_id", "a matter id (a string)", matter_id)
            checked.append((matter_id, version, at))
        staged = self._uow.staged
        unknown = [i for i, _v, _a in checked if staged.matter(i) is None]
        t = self._t
        stored: set[str] = set()
        for start in range(0, len(unknown), 900):
            chunk = unknown[start:start + 900]
            query = sa.select(t.c.id).where(among(self._uow, t.c.id, chunk))
            stored.update(r.id for r in self._uow.read(query))
        missing = next((i for i in unknown if i not in stored), None)
        if missing is not None:
            raise MatterNotFound(missing)
        for matter_id, version, at in checked:
            staged.wakes[matter_id] = (version, at)

    def claim_due(
        self,
        *,
        before: _dt.datetime,
        after: tuple[_dt.datetime, str] | None = None,
        limit: int = 500,
        offices: Collection[str] | None = None,
    ) -> list[tuple[_dt.datetime, str]]:
        """``(wake, id)`` of committed matters due (as :meth:`wake_due`), claimed for this
        unit of work: ``FOR UPDATE SKIP LOCKED`` on PostgreSQL; on SQLite the write
        transaction starts first (one writer at a time)."""
        query, _wanted = self._wake_page(before, after, limit, offices)
        t = self._t
        wake = t.c.wake_at
        query = query.order_by(wake, t.c.id).limit(limit)
        self._uow.begin_write()
        if self._uow.dialect == "postgresql":
            query = query.with_for_update(skip_locked=True, of=t)
        return [(row.wake_at, row.id) for row in self._uow.read(query)]

    def reset_wakes(self) -> None:
        """Stage forgetting every matter's wake (one UPDATE at commit)."""
        staged = self._uow.staged
        staged.wakes.clear()
        staged.reset_wakes = True

    def settle_quiet(self, *, since: _dt.datetime | None,
                     offices: Collection[str] | None = None) -> None:
        """Stage settling the quiet matters no longer open (one UPDATE at commit, after
        everything else: :func:`settle_quiet`)."""
        if since is not None:
            aware(since, "since")
        self._uow.staged.settle_quiet.append((since, office_list(offices)))

    def versions(self, *, offices: Collection[str] | None, unit_id: str) -> dict[str, int]:
        """id → version of the matters of ``offices`` assigning ``unit_id`` (two columns,
        through the assignments index; this unit of work's own changes overlaid)."""
        if not isinstance(unit_id, str):
            raise InvalidInput("unit_id", "a unit id", unit_id)
        wanted = office_list(offices)
        t, a = self._t, self._uow.tables.assignments
        query = self._offices(sa.select(t.c.id, t.c.version), wanted).where(
            t.c.id.in_(sa.select(a.c.matter_id).where(a.c.unit_id == unit_id)))
        found = {row.id: int(row.version) for row in self._uow.read(query)}
        for matter in self._uow.staged.all_matters():
            if unit_id in matter.unit_ids and (wanted is None or matter.office_id in wanted):
                found[matter.id] = matter.version
            else:
                found.pop(matter.id, None)
        return found

    def change_mark(self) -> tuple[str, int]:
        """(epoch, last change number committed), from the chain head row."""
        return _changes.change_mark(self._uow)

    def unit_changes(self, *, office_id: str, unit_id: str, after: int
                     ) -> dict[str, int] | None:
        """id → version of the office's matters assigning ``unit_id`` written after change
        number ``after`` (through the ``(unit_id, change_seq)`` index; this unit of work's
        own changes overlaid); None if a commit after it took a unit off any matter."""
        if not isinstance(unit_id, str):
            raise InvalidInput("unit_id", "a unit id", unit_id)
        if not isinstance(office_id, str):
            raise InvalidInput("office_id", "an office id", office_id)
        after = _changes.check_after(after)
        if _changes.departed_since(self._uow, after):
            return None
        t, a = self._t, self._uow.tables.assignments
        query = (sa.select(t.c.id, t.c.version)
                 .select_from(a.join(t, t.c.id == a.c.matter_id))
                 .where(a.c.unit_id == unit_id, a.c.change_seq > after,
                        t.c.office_id == office_id))
        found = {row.id: int(row.version) for row in self._uow.read(query)}
        staged = self._uow.staged
        for matter in staged.all_matters():
            if matter.office_id != office_id:
                continue
            if unit_id in matter.unit_ids:
                found[matter.id] = matter.version
                continue
            before = self._seen().get(matter.id)
            if matter.id in staged.updated_matters and (
                    before is None or unit_id in before.unit_ids):
                return None  # this unit of work takes the unit off the matter
            found.pop(matter.id, None)
        return found

    def facts(
        self, *, offices: Collection[str] | None
    ) -> list[tuple[MatterFacts, _dt.datetime | None]]:
        """The facts in the ``matter_facts`` rows of the matters of ``offices`` (in
        :meth:`list`'s order), each with the instant of its current version's event while no
        event of a later version exists (``event_at``, kept by the commits that write the
        matter or its events; None when unknown, or when the matter or its events changed in
        this unit of work): one query of the small rows, never the matters' bodies — but one
        body per policy not read yet in this process. A matter without readable facts (see
        ``_facts``) is read and its facts derived again.

        The rows are read as the driver gives them (``event_at`` as stored, converted by
        ``_facts.stored_instant``) and each decoded as it comes, so nothing but the facts
        outlives its row."""
        wanted = office_list(offices)
        f, t = self._uow.tables.matter_facts, self._t
        query = sa.select(f.c.matter_id, f.c.office_id, f.c.version,
                          sa.type_coerce(f.c.event_at, sa.String()), f.c.facts)
        if wanted is not None:
            query = query.where(f.c.office_id.in_(wanted))
        staged = self._uow.staged
        mine = staged.all_matters()
        replaced = {m.id for m in mine}
        touched = {event.matter_id for event, _body in staged.events}
        # plain tuples (no result rows kept): the collector stops tracking them at its first
        # pass, since they hold only text, numbers and None
        rows = [tuple(row) for row in self._uow.read(query)]
        tried: dict[str, PolicyRef | None] = {}

        def policy_for(fingerprint: str, matter_id: str) -> PolicyRef | None:
            # a policy not read yet in this process: from this matter's body, once a call
            if fingerprint not in tried:
                ref = self.get_many([matter_id])[0].policy
                learn_policy(ref)
                tried[fingerprint] = ref if ref.fingerprint == fingerprint else None
            return tried[fingerprint]

        found: list[tuple[MatterFacts, _dt.datetime | None]] = []
        undecoded: dict[str, _dt.datetime | None] = {}
        for matter_id, office_id, version, stored_at, text in rows:
            if matter_id in replaced:
                continue
            at = None if matter_id in touched else stored_instant(stored_at)
            facts = read_facts(text, matter_id, office_id, version, policy_for)
            if facts is None:
                undecoded[matter_id] = at
            else:
                found.append((facts, at))
        # matters stored without facts (a row a host wrote, a body the migration could not
        # read): derived again. Every facts row is of a stored matter of its office (the key
        # is the matter's), so equal counts (through the office index) mean there are none
        stored = self._uow.read(self._offices(sa.select(sa.func.count()).select_from(t),
                                              wanted)).scalar_one()
        if stored != len(rows):
            query = self._offices(sa.select(t.c.id).where(
                ~sa.exists().where(f.c.matter_id == t.c.id).correlate(t)), wanted)
            for row in self._uow.read(query):
                if row.id not in replaced:
                    undecoded[row.id] = None
        if undecoded:
            found.extend((matter_facts(m), undecoded[m.id])
                         for m in self.get_many(list(undecoded)))
        found.extend((matter_facts(m), None) for m in mine
                     if wanted is None or m.office_id in wanted)
        found.sort(key=_registration_order)
        return found

    def list(
        self,
        *,
        offices: Collection[str] | None,
        status: Status | None = None,
        unit_id: str | None = None,
        parent_id: str | None = None,
        reinspection_of: str | None = None,
    ) -> list[Matter]:
        """The matters of ``offices`` matching every filter given, ordered by registration
        time, then office and number."""
        if status is not None and not isinstance(status, Status):
            raise InvalidInput("status", "a supervision.Status or None", status)
        optional_text(unit_id, "unit_id")
        optional_text(parent_id, "parent_id")
        optional_text(reinspection_of, "reinspection_of")
        wanted = office_list(offices)
        t = self._t
        a = self._uow.tables.assignments
        query = self._offices(sa.select(t.c.body, t.c.version), wanted)
        if status is not None:
            query = query.where(t.c.status == status.value)
        if unit_id is not None:
            query = query.where(
                t.c.id.in_(sa.select(a.c.matter_id).where(a.c.unit_id == unit_id))
            )
        if parent_id is not None:
            query = query.where(t.c.parent_id == parent_id)
        if reinspection_of is not None:
            query = query.where(t.c.reinspection_of == reinspection_of)

        def keep(m: Matter) -> bool:
            return (
                (wanted is None or m.office_id in wanted)
                and (status is None or m.status is status)
                and (unit_id is None or unit_id in m.unit_ids)
                and (parent_id is None or m.parent_id == parent_id)
                and (reinspection_of is None or m.reinspection_of == reinspection_of)
            )

        found = self._overlay(query.order_by(t.c.registered_at, t.c.id), keep)
        return sorted(found, key=lambda m: (m.registered_at, m.office_id, m.number))
