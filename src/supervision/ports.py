"""Ports: the Protocols the service layer depends on (storage).

Storage adapters (:mod:`supervision.adapters.memory`, the SQL adapter) implement the
repositories and the unit of work; :mod:`supervision.testing.contract` is the suite every
adapter must pass.

Storage rules every adapter keeps (the contract suite checks each one):

* Every record belongs to one office. Offices are unique by id; units by (office, id); matters
  by id and by (office, registration number); number sequences run per (office, prefix,
  year). Lists take the offices to look in and never return another office's records.

* Nothing persists without :meth:`UnitOfWork.commit`; leaving the ``with`` block without it,
  or an exception inside it, rolls everything back.
* Matters are unique by id and by registration number; units and events by id; events also by
  (matter id, version). A duplicate raises :class:`~supervision.exceptions.DuplicateRecord`.
* Updating a matter names the version it was read at; if storage holds another version the
  update (or the commit) raises :class:`~supervision.exceptions.ConcurrencyError`.
* A committed number is never handed out again.
* Reads return values the caller cannot use to change storage behind its back.
* Escalations are unique by ``key`` and score entries by ``key``: ``add_if_absent`` inserts
  a record only when no record (committed, or staged in this unit of work) has its key, and
  says whether it did; two units of work inserting the same key cannot both commit (the
  second raises :class:`~supervision.exceptions.DuplicateRecord`). At most one score entry
  compensates a given entry, and the entry it compensates must exist. A proposal's decision
  is recorded once; deciding it again raises :class:`~supervision.exceptions.RuleViolation`
  ``already_decided`` (or :class:`~supervision.exceptions.ConcurrencyError` at commit when
  another unit of work decided it first).
* Notices (the outbox) are unique by ``key`` and written once (``add_if_absent``); only their
  delivery state moves. A worker claims due notices (:meth:`NoticeRepository.claim`): each
  claimed notice begins a new attempt under the worker's name and a lease; two units of work
  claiming one notice cannot both commit (the second raises ConcurrencyError; PostgreSQL
  skips the rows another worker holds). An attempt's outcome is recorded only while the
  notice is still at that attempt and held by that worker (ConcurrencyError otherwise: the
  lease ran out and another worker took it over).
* Objections (复核) are unique by id; updating one names the version it was read at.
* Every matter has a wake (:meth:`MatterRepository.set_wake`): sweep bookkeeping kept beside
  the matter, not in it. Adding or updating a matter forgets its wake (unknown: the next sweep
  looks at it); setting a wake never changes the matter's version and is skipped when the
  matter's version moved since it was read.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Collection, Sequence
from types import TracebackType
from typing import Protocol, Self, TypeAlias, runtime_checkable

from supervision.domain.escalation import Escalation, ProposalDecision
from supervision.domain.events import Event
from supervision.domain.lifecycle import Status
from supervision.domain.model import Matter, RegistrationNumber, Unit
from supervision.domain.notices import (
    Attempt,
    AttemptOutcome,
    Claim,
    Delivery,
    DeliveryStatus,
    Notice,
)
from supervision.domain.objections import Objection
from supervision.domain.office import Office, OfficeEvent
from supervision.domain.scorecard import ScoreEntry
from supervision.domain.statistics import MatterFacts

__all__ = [
    "WAKE_UNKNOWN",
    "EscalationRepository",
    "EventRepository",
    "MatterRepository",
    "NoticeRepository",
    "NumberSequences",
    "ObjectionRepository",
    "OfficeRepository",
    "Offices",
    "ScoreEntryRepository",
    "UnitOfWork",
    "UnitRepository",
]

#: Which offices a list looks in: a collection of office ids, or None for every office (the
#: library's own sweep and migrations only; service calls always pass the actor's offices).
Offices: TypeAlias = Collection[str] | None

#: The wake :meth:`MatterRepository.wake_due` reports for a matter whose wake is unknown
#: (never evaluated, or changed since): before every instant, so it is always due.
WAKE_UNKNOWN: _dt.datetime = _dt.datetime(1970, 1, 1, tzinfo=_dt.UTC)

class OfficeRepository(Protocol):
    """Offices (督查机构), unique by id, with their own append-only history of changes."""

    def add(self, office: Office) -> None:
        """Store a new office; DuplicateRecord if its id exists."""
        ...

    def get(self, office_id: str) -> Office:
        """The office; OfficeNotFound if unknown."""
        ...

    def update(self, office: Office, *, expected_version: int) -> None:
        """Replace a stored office read at ``expected_version`` (``office.version`` higher);
        ConcurrencyError if storage holds another version."""
        ...

    def record(self, event: OfficeEvent) -> None:
        """Append one office event; DuplicateRecord if (office, version) exists."""
        ...

    def history(self, office_id: str) -> list[OfficeEvent]:
        """An office's events in version order."""
        ...

    def list(self) -> list[Office]:
        """Every office, by id."""
        ...


class MatterRepository(Protocol):
    """Matters (督办事项), unique by id and by (office, registration number)."""

    def add(self, matter: Matter) -> None:
        """Store a new matter; DuplicateRecord if its id, or its number in its office, exists."""
        ...

    def add_many(self, matters: Sequence[Matter]) -> None:
        """Store many new matters at once (a bulk registration or ledger import): each is
        checked as :meth:`add` checks it against this unit of work; a SQL adapter may leave
        uniqueness against storage to the database, so a duplicate raises DuplicateRecord
        at commit at the latest, and nothing of the unit of work is stored."""
        ...

    def get(self, matter_id: str) -> Matter:
        """The matter (of any office: the caller checks the office); MatterNotFound if
        unknown."""
        ...

    def get_by_number(self, office_id: str, number: RegistrationNumber) -> Matter:
        """The office's matter with this registration number; MatterNotFound if unknown."""
        ...

    def get_many(self, matter_ids: Sequence[str]) -> list[Matter]:
        """The matters with these ids (of any office), in the order given: one read for the
        whole set (a SQL adapter answers in a constant number of queries), the same values
        :meth:`get` gives one by one; MatterNotFound for the first unknown id."""
        ...

    def update(self, matter: Matter, *, expected_version: int) -> None:
        """Replace a stored matter read at ``expected_version``; ``matter.version`` must be
        higher. ConcurrencyError if storage holds another version; MatterNotFound if gone."""
        ...

    def list_due(self, *, before: _dt.datetime, offices: Offices = None) -> list[Matter]:
        """Open matters (``Status.is_open``) whose due instant is before ``before``, ordered
        by due instant then number: what a daily sweep looks at. A SQL adapter answers it
        through an index, so its cost follows the matters due, not the matters stored."""
        ...

    def list_open(
        self, *, after_id: str | None = None, limit: int | None = None, offices: Offices = None
    ) -> list[Matter]:
        """Open matters (``Status.is_open``) ordered by id, those with an id greater than
        ``after_id`` only, at most ``limit`` of them: keyset pages for the daily sweep, which
        must also see matters whose periodic reports or office duties fall due long before
        their completion deadline. ``limit`` must be ≥ 1 when given (InvalidInput)."""
        ...

    def wake_due(
        self,
        *,
        before: _dt.datetime,
        after: tuple[_dt.datetime, str] | None = None,
        limit: int = 500,
        offices: Offices = None,
    ) -> list[tuple[_dt.datetime, str]]:
        """``(wake, matter id)`` of the matters (open or not) whose wake is unknown
        (reported as :data:`WAKE_UNKNOWN`) or at or before ``before``, ordered by wake then
        id, those after the key ``after`` only (the last pair of the previous page), at most
        ``limit`` (1 to 100000; InvalidInput otherwise): the daily sweep's keyset pages. A SQL
        adapter answers through an index on the wake, so the cost follows the matters due,
        not the matters stored. Matters this unit of work added or updated are included (their
        wake is unknown); wakes it set or reset are not seen until committed. Matters never to
        wake (``set_wake(..., None)``) are never returned."""
        ...

    def set_wake(self, matter_id: str, *, version: int, at: _dt.datetime | None) -> None:
        """Record at commit when the sweep must look at the matter again (``at``, aware), or
        that it need not until the matter changes (None). Applied only if the matter is
        still at ``version`` when committed (silently skipped otherwise: the change made the
        wake unknown again); never changes the matter or its version. MatterNotFound if
        the matter is unknown."""
        ...

    def set_wakes(self, wakes: Sequence[tuple[str, int, _dt.datetime | None]]) -> None:
        """:meth:`set_wake` for many ``(matter id, version, at)`` at once, checked together
        (MatterNotFound for the first unknown id, and nothing of the set is staged)."""
        ...

    def claim_due(
        self,
        *,
        before: _dt.datetime,
        after: tuple[_dt.datetime, str] | None = None,
        limit: int = 500,
        offices: Offices = None,
    ) -> list[tuple[_dt.datetime, str]]:
        """:meth:`wake_due` for committed matters, claimed for this unit of work: a matter
        another open unit of work has claimed is skipped (not waited for), and a claim ends
        with the unit of work (commit or rollback). PostgreSQL claims with ``FOR UPDATE SKIP
        LOCKED``; SQLite starts the write transaction (one writer at a time, so a second
        worker waits and then sees the first one's wakes); the in-memory adapter keeps the
        claims in its store. This is how several sweep workers share the due matters."""
        ...

    def reset_wakes(self) -> None:
        """Forget every matter's wake at commit (all unknown): after the calendar or the
        policy's parameters changed, so the next sweep looks at every matter once."""
        ...

    def settle_quiet(self, *, since: _dt.datetime | None, offices: Offices = None) -> None:
        """At commit, after this unit of work's other changes: each matter of ``offices``
        neither open nor before dispatch, with an unknown wake and no event at or after
        ``since`` (None: any), gets no wake, as ``set_wake(id, version, None)`` would: the
        sweep's answer for a closed, quiet matter, without reading it (one UPDATE on SQL;
        :mod:`supervision.service_layer._quiet`); concurrent settles never deadlock."""
        ...

    def facts(self, *, offices: Offices) -> list[tuple[MatterFacts, _dt.datetime | None]]:
        """The facts of the matters of ``offices`` (:func:`supervision.domain.statistics.
        matter_facts` of each as stored, kept beside the matter and written with it), in
        :meth:`list`'s order, without decoding the matters; each with the instant its
        current version took effect — when its event of that version is its latest event
        (None: no such event, or the matter or its events changed in this unit of work).
        A read path judges a matter from its facts only as of that instant or later, and
        reads the matter and its events otherwise."""
        ...

    def list(
        self,
        *,
        offices: Offices,
        status: Status | None = None,
        unit_id: str | None = None,
        parent_id: str | None = None,
        reinspection_of: str | None = None,
    ) -> list[Matter]:
        """The matters of ``offices`` matching every filter given, ordered by registration
        time, then number. ``offices`` is required: pass the actor's readable offices."""
        ...


    def versions(self, *, offices: Offices, unit_id: str) -> dict[str, int]:
        """matter id → version of the matters :meth:`list` (``offices``, ``unit_id``) gives,
        without reading the matters themselves (a SQL adapter reads two columns): what the
        sweep checks the streak items it keeps against."""
        ...

    def change_mark(self) -> tuple[str, int]:
        """``(epoch, n)``: every commit that writes matters or escalations takes the next
        change number, in commit order; ``n`` is the last one committed as this unit of work
        sees it, and it sees every change numbered up to ``n``. ``epoch`` names the counter
        (another storage, or one made anew, has another): numbers of two epochs do not
        compare."""
        ...

    def unit_changes(self, *, office_id: str, unit_id: str, after: int
                     ) -> dict[str, int] | None:
        """:meth:`versions` of the office's matters assigning ``unit_id`` written by a
        commit numbered after ``after`` (this unit of work's own changes included), read
        through an index of the unit's changes; None when a matter may have stopped
        assigning the unit since (then the caller reads :meth:`versions` whole)."""
        ...


class UnitRepository(Protocol):
    """Units (承办单位), unique by (office, id): ``unit.office_id`` says whose it is."""

    def add(self, unit: Unit) -> None:
        """Store a new unit; DuplicateRecord if the office has one with its id."""
        ...

    def get(self, office_id: str, unit_id: str) -> Unit:
        """The office's unit; UnitNotFound if unknown (or another office's)."""
        ...

    def update(self, unit: Unit) -> None:
        """Replace the office's unit; UnitNotFound if unknown."""
        ...

    def list(self, office_id: str) -> list[Unit]:
        """The office's units, by id."""
        ...

    def get_many(self, office_id: str, unit_ids: Collection[str]) -> dict[str, Unit]:
        """The office's units among ``unit_ids`` by id, read at once (those unknown are
        left out: :meth:`get` says which is missing)."""
        ...


class EventRepository(Protocol):
    """The append-only event log, unique by event id and by (matter id, version)."""

    def append(self, events: Sequence[Event]) -> None: ...

    def for_matter(self, matter_id: str) -> list[Event]:
        """A matter's events in version order."""
        ...

    def for_matters(self, matter_ids: Collection[str]) -> dict[str, list[Event]]:
        """:meth:`for_matter` of each id at once (an id without events maps to ``[]``): one
        read for the set, as the sweep reads a page."""
        ...

    def list(
        self, *, since: _dt.datetime | None = None, offices: Offices = None
    ) -> list[Event]:
        """Every event (occurring at or after ``since``) of the matters of ``offices``, by
        time, matter id and version."""
        ...


class EscalationRepository(Protocol):
    """Escalations issued (督办升级记录), unique by ``key``; never deleted, never rewritten
    except to record the decision on a proposal. Lists are ordered by ``due_at``, then key."""

    def add_if_absent(self, escalation: Escalation) -> bool:
        """Insert unless an escalation with this key exists (committed or staged here);
        True when it was inserted. A concurrent insert of the same key fails at commit
        with DuplicateRecord."""
        ...

    def get(self, key: str) -> Escalation:
        """The escalation; NotFound (kind ``"escalation"``) if unknown."""
        ...

    def for_matter(self, matter_id: str) -> list[Escalation]:
        """Every escalation of one matter."""
        ...

    def for_matters(self, matter_ids: Collection[str]) -> dict[str, list[Escalation]]:
        """:meth:`for_matter` of each id at once (``[]`` for an id without any)."""
        ...

    def for_unit(
        self,
        office_id: str,
        unit_id: str,
        *,
        since: _dt.datetime | None = None,
        until: _dt.datetime | None = None,
    ) -> list[Escalation]:
        """The escalations addressed to one unit of an office, due in ``[since, until)``."""
        ...

    def unit_changes(self, office_id: str, unit_id: str, *, after: int) -> list[Escalation]:
        """The escalations addressed to the office's unit issued or decided by a commit
        numbered after change number ``after`` (``MatterRepository.change_mark``; staged
        ones included), by due instant then key."""
        ...

    def list(
        self,
        *,
        offices: Offices,
        since: _dt.datetime | None = None,
        until: _dt.datetime | None = None,
        pending_only: bool = False,
    ) -> list[Escalation]:
        """Every escalation of ``offices`` due in ``[since, until)``; with ``pending_only``
        the proposals still waiting for a decision only."""
        ...

    def decide(self, key: str, decision: ProposalDecision) -> Escalation:
        """Record the decision on a pending proposal and return the updated record.
        NotFound if unknown; RuleViolation ``not_a_proposal`` / ``already_decided``;
        InvalidInput for a measure not among the rung's options. If another unit of work
        decides it first, commit raises ConcurrencyError."""
        ...


class ScoreEntryRepository(Protocol):
    """Score entries (考核扣分/加分记录), unique by ``key``; append-only (a reversal is a new
    entry). Lists are ordered by ``occurred_at``, then key."""

    def add_if_absent(self, entry: ScoreEntry) -> bool:
        """Insert unless an entry with this key exists; True when inserted. For a reversal
        (``compensates`` set) the compensated entry must exist (NotFound, kind
        ``"score entry"``) and not be compensated already by another key (DuplicateRecord)."""
        ...

    def get(self, key: str) -> ScoreEntry:
        """The entry; NotFound (kind ``"score entry"``) if unknown."""
        ...

    def for_unit(
        self, office_id: str, unit_id: str, *, period: str | None = None
    ) -> list[ScoreEntry]:
        """One unit's entries (in one period key, e.g. ``"2026"`` or ``"2026-H1"``)."""
        ...

    def for_matter(self, matter_id: str) -> list[ScoreEntry]:
        """The entries whose ``matter_ids`` include ``matter_id``."""
        ...

    def for_matters(self, matter_ids: Collection[str]) -> dict[str, list[ScoreEntry]]:
        """:meth:`for_matter` of each id at once (``[]`` for an id without any)."""
        ...

    def list(self, *, offices: Offices, period: str | None = None) -> list[ScoreEntry]:
        """Every entry of ``offices`` (in one period key)."""
        ...


class NoticeRepository(Protocol):
    """The outbox (通知送达记录): notices unique by ``key``, never rewritten; their delivery
    state and attempts kept beside them. Lists are ordered by ``created_at``, then key."""

    def add_if_absent(self, notice: Notice) -> bool:
        """Insert a new notice (待送达, due at once) unless one with its key exists
        (committed or staged here); True when inserted. A concurrent insert of the same key
        fails at commit with DuplicateRecord."""
        ...

    def add_numbered(self, documents: Sequence[Sequence[Notice]]) -> list[Notice]:
        """Insert the notices of documents whose 发文字号 the commit takes: each document's
        notices carry its series' pending number
        (:func:`~supervision.domain.notice_numbers.pending_number`; InvalidInput unless
        :func:`~supervision.domain.notice_numbers.fits_pending`). A document any of whose
        keys exists (committed or staged here) is left out whole; the others are staged and
        returned (reading with the pending number until the commit). The commit numbers
        them in the order staged, per (office, prefix, year), after every number
        :meth:`NumberSequences.next` handed out in the same series, in one statement per
        commit as late as it can (PostgreSQL: the series' rows are locked from there to the
        end of the commit), and stores each notice as
        :func:`~supervision.domain.notice_numbers.renumbered` makes it: gapless, since a
        failed commit takes no number. Existence is read once for all the keys."""
        ...

    def get(self, key: str) -> Notice:
        """The notice; NotFound (kind ``"notice"``) if unknown."""
        ...

    def delivery(self, key: str) -> Delivery:
        """The notice's delivery state (as staged here); NotFound if unknown."""
        ...

    def deliveries(self, keys: Collection[str]) -> dict[str, Delivery]:
        """:meth:`delivery` of each key, by key, in one read (SQL: a query per 900 keys)."""
        ...

    def attempts(self, key: str) -> list[Attempt]:
        """The notice's attempts by number (an unfinished one has no outcome)."""
        ...

    def for_matter(self, matter_id: str) -> list[Notice]:
        """Every notice about one matter."""
        ...

    def for_matters(self, matter_ids: Collection[str]) -> dict[str, list[Notice]]:
        """:meth:`for_matter` of each id at once (``[]`` for an id without any): one read
        for the set (a SQL adapter: one query per 900 ids), as the ledger reads its rows."""
        ...

    def claim(
        self,
        *,
        worker: str,
        now: _dt.datetime,
        lease_until: _dt.datetime,
        limit: int = 100,
        offices: Offices = None,
    ) -> list[Claim]:
        """Take up to ``limit`` (1–10000) notices due at ``now`` — 待送达 whose retry time has
        come, or 送达中 whose lease ended before ``now`` (their worker is presumed dead: its
        attempt is ended 中断) — ordered by due time then key. Each begins attempt
        ``attempts + 1`` by ``worker`` held until ``lease_until`` (staged; the caller
        commits). A notice another open transaction holds is skipped (PostgreSQL: ``FOR
        UPDATE SKIP LOCKED``); a notice claimed concurrently makes the later commit raise
        ConcurrencyError."""
        ...

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
        """Record how the claimed attempt ended (``DELIVERED`` or ``FAILED``): delivered
        (已送达), or failed and due again at ``retry_at`` (待送达), or failed for good when
        ``retry_at`` is None (未送达). Checked again at commit: ConcurrencyError unless the
        notice is still at the claim's attempt and held by its worker."""
        ...

    def requeue(self, key: str, *, at: _dt.datetime) -> Delivery:
        """A notice that was 未送达 made 待送达 again, due at ``at`` (a person decided to try
        once more); RuleViolation ``not_failed`` for any other state."""
        ...

    def list(
        self,
        *,
        offices: Offices,
        status: DeliveryStatus | None = None,
        since: _dt.datetime | None = None,
        until: _dt.datetime | None = None,
    ) -> list[Notice]:
        """The notices of ``offices`` written in ``[since, until)`` whose delivery is at
        ``status`` (any when None)."""
        ...


class ObjectionRepository(Protocol):
    """Objections (复核申请), unique by id; an answered one changes no more."""

    def add(self, objection: Objection) -> None:
        """Store a new objection; DuplicateRecord if its id exists."""
        ...

    def get(self, objection_id: str) -> Objection:
        """The objection; NotFound (kind ``"objection"``) if unknown."""
        ...

    def update(self, objection: Objection, *, expected_version: int) -> None:
        """Replace an objection read at ``expected_version``; ConcurrencyError if storage
        holds another version."""
        ...

    def for_matter(self, matter_id: str) -> list[Objection]:
        """Every objection about one matter, by filing time then id."""
        ...

    def overdue(self, *, before: _dt.datetime, offices: Offices = None) -> list[Objection]:
        """The unanswered objections whose answer is due at or before ``before``."""
        ...

    def list(self, *, offices: Offices, open_only: bool = False) -> list[Objection]:
        """The objections of ``offices`` (only those still unanswered, if asked), by filing
        time then id."""
        ...


class NumberSequences(Protocol):
    """Registration-number sequences, one per (office, prefix, year)."""

    def next(self, office_id: str, prefix: str, year: int) -> int:
        """Hand out the office's next number (1 for a new sequence)."""
        ...

    def current(self, office_id: str, prefix: str, year: int) -> int:
        """The last number handed out (0 when none)."""
        ...


@runtime_checkable
class UnitOfWork(Protocol):
    """One transaction over every repository; use it as a context manager."""

    @property
    def offices(self) -> OfficeRepository: ...

    @property
    def matters(self) -> MatterRepository: ...

    @property
    def units(self) -> UnitRepository: ...

    @property
    def events(self) -> EventRepository: ...

    @property
    def numbers(self) -> NumberSequences: ...

    @property
    def escalations(self) -> EscalationRepository: ...

    @property
    def scores(self) -> ScoreEntryRepository: ...

    @property
    def notices(self) -> NoticeRepository: ...

    @property
    def objections(self) -> ObjectionRepository: ...

    def __enter__(self) -> Self: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

    def commit(self) -> None: ...

    def rollback(self) -> None: ...
