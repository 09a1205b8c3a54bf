"""Ports: the Protocols the service layer depends on (storage and policy).

Storage adapters (:mod:`supervision.adapters.memory`, the SQL adapter) implement the
repositories and the unit of work; :mod:`supervision.testing.contract` is the suite every
adapter must pass. Policies (:mod:`supervision.policies`,
:class:`supervision.domain.policy.BasicPolicy`) satisfy :class:`MatterPolicy` structurally.

Storage rules every adapter keeps (the contract suite checks each one):

* Nothing persists without :meth:`UnitOfWork.commit`; leaving the ``with`` block without it,
  or an exception inside it, rolls everything back.
* Matters are unique by id and by registration number; units and events by id; events also by
  (matter id, version). A duplicate raises :class:`~supervision.exceptions.DuplicateRecord`.
* Updating a matter names the version it was read at; if storage holds another version the
  update (or the commit) raises :class:`~supervision.exceptions.ConcurrencyError`.
* Number sequences run per (prefix, year); a committed number is never handed out again.
* Reads return values the caller cannot use to change storage behind its back.
* Escalations are unique by ``key`` and score entries by ``key``: ``add_if_absent`` inserts
  a record only when no record (committed, or staged in this unit of work) has its key, and
  says whether it did; two units of work inserting the same key cannot both commit (the
  second raises :class:`~supervision.exceptions.DuplicateRecord`). At most one score entry
  compensates a given entry, and the entry it compensates must exist. A proposal's decision
  is recorded once; deciding it again raises :class:`~supervision.exceptions.RuleViolation`
  ``already_decided`` (or :class:`~supervision.exceptions.ConcurrencyError` at commit when
  another unit of work decided it first).
* Every matter has a wake (:meth:`MatterRepository.set_wake`): sweep bookkeeping kept beside
  the matter, not in it. Adding or updating a matter forgets its wake (unknown: the next sweep
  looks at it); setting a wake never changes the matter's version and is skipped when the
  matter's version moved since it was read.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence
from types import TracebackType
from typing import Protocol, Self, runtime_checkable

from supervision.domain.escalation import Escalation, ProposalDecision
from supervision.domain.events import Event
from supervision.domain.lifecycle import Status
from supervision.domain.model import Matter, RegistrationNumber, Unit
from supervision.domain.scorecard import ScoreEntry
from supervision.exceptions import InvalidInput
from supervision.periods import Period

__all__ = [
    "WAKE_UNKNOWN",
    "EscalationRepository",
    "EventRepository",
    "MatterPolicy",
    "MatterRepository",
    "NumberSequences",
    "ScoreEntryRepository",
    "UnitOfWork",
    "UnitRepository",
    "default_start_event",
    "office_close_time",
]

#: The wake :meth:`MatterRepository.wake_due` reports for a matter whose wake is unknown
#: (never evaluated, or changed since): before every instant, so it is always due.
WAKE_UNKNOWN: _dt.datetime = _dt.datetime(1970, 1, 1, tzinfo=_dt.UTC)

#: Start events a policy's optional ``default_start_event`` may name (rules.md §2: each rule
#: names its start event). ``receipt`` is read as dispatch unless an explicit start is given.
START_EVENTS: tuple[str, ...] = (
    "dispatch",
    "receipt",
    "meeting",
    "minutes_issue",
    "document_issue",
)


@runtime_checkable
class MatterPolicy(Protocol):
    """What the service layer needs to know of the policy in force.

    ``report_signoff`` is one of ``"unit_head"``, ``"leader_in_charge"``, ``"none"``;
    ``default_period(category, source)`` receives the source kind's value (e.g.
    ``"meeting_decision"``) and returns None when the policy has no default.
    Optional members are read through helper functions with defaults
    (:func:`office_close_time`).
    """

    @property
    def name(self) -> str: ...

    @property
    def numbering_prefix(self) -> str: ...

    @property
    def requires_approval(self) -> bool: ...

    @property
    def extensions_enabled(self) -> bool: ...

    @property
    def report_signoff(self) -> str: ...

    @property
    def category_required(self) -> bool: ...

    @property
    def categories(self) -> tuple[str, ...]: ...

    def default_period(self, category: str | None, source: str | None) -> Period | None: ...


def office_close_time(policy: MatterPolicy) -> _dt.time | None:
    """The office's closing time if the policy sets one (optional member
    ``office_close_time``); None means periods end at 24:00."""
    value = getattr(policy, "office_close_time", None)
    return value if isinstance(value, _dt.time) else None


def default_start_event(
    policy: MatterPolicy, category: str | None, source: str | None
) -> str:
    """The event a policy's default period is counted from, for a matter of ``category`` and
    ``source`` (optional member ``default_start_event(category, source) -> str | None``; one
    of :data:`START_EVENTS`). Without the member, or when it returns None: ``"dispatch"``."""
    method = getattr(policy, "default_start_event", None)
    if method is None or not callable(method):
        return "dispatch"
    value = method(category, source)
    if value is None:
        return "dispatch"
    if value not in START_EVENTS:
        raise InvalidInput("policy.default_start_event", f"one of {START_EVENTS}", value)
    return str(value)


class MatterRepository(Protocol):
    """Matters (督办事项), unique by id and by registration number."""

    def add(self, matter: Matter) -> None:
        """Store a new matter; DuplicateRecord if its id or number exists."""
        ...

    def get(self, matter_id: str) -> Matter:
        """The matter; MatterNotFound if unknown."""
        ...

    def get_by_number(self, number: RegistrationNumber) -> Matter:
        """The matter with this registration number; MatterNotFound if unknown."""
        ...

    def update(self, matter: Matter, *, expected_version: int) -> None:
        """Replace a stored matter read at ``expected_version``; ``matter.version`` must be
        higher. ConcurrencyError if storage holds another version; MatterNotFound if gone."""
        ...

    def list_due(self, *, before: _dt.datetime) -> list[Matter]:
        """Open matters (``Status.is_open``) whose due instant is before ``before``, ordered
        by due instant then number: what a daily sweep looks at. A SQL adapter answers it
        through an index, so its cost follows the matters due, not the matters stored."""
        ...

    def list_open(self, *, after_id: str | None = None, limit: int | None = None) -> list[Matter]:
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

    def reset_wakes(self) -> None:
        """Forget every matter's wake at commit (all unknown): after the calendar or the
        policy's parameters changed, so the next sweep looks at every matter once."""
        ...

    def list(
        self,
        *,
        status: Status | None = None,
        unit_id: str | None = None,
        parent_id: str | None = None,
        reinspection_of: str | None = None,
    ) -> list[Matter]:
        """Matters matching every filter given, ordered by registration time, then number."""
        ...


class UnitRepository(Protocol):
    """Units (承办单位), unique by id."""

    def add(self, unit: Unit) -> None: ...

    def get(self, unit_id: str) -> Unit: ...

    def update(self, unit: Unit) -> None: ...

    def list(self) -> list[Unit]: ...


class EventRepository(Protocol):
    """The append-only event log, unique by event id and by (matter id, version)."""

    def append(self, events: Sequence[Event]) -> None: ...

    def for_matter(self, matter_id: str) -> list[Event]:
        """A matter's events in version order."""
        ...

    def list(self, *, since: _dt.datetime | None = None) -> list[Event]:
        """Every event (occurring at or after ``since``), by time, matter id and version."""
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

    def for_unit(
        self,
        unit_id: str,
        *,
        since: _dt.datetime | None = None,
        until: _dt.datetime | None = None,
    ) -> list[Escalation]:
        """The escalations addressed to one unit, due in ``[since, until)``."""
        ...

    def list(
        self,
        *,
        since: _dt.datetime | None = None,
        until: _dt.datetime | None = None,
        pending_only: bool = False,
    ) -> list[Escalation]:
        """Every escalation due in ``[since, until)``; with ``pending_only`` the proposals
        still waiting for a decision only."""
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

    def for_unit(self, unit_id: str, *, period: str | None = None) -> list[ScoreEntry]:
        """One unit's entries (in one period key, e.g. ``"2026"`` or ``"2026-H1"``)."""
        ...

    def for_matter(self, matter_id: str) -> list[ScoreEntry]:
        """The entries whose ``matter_ids`` include ``matter_id``."""
        ...

    def list(self, *, period: str | None = None) -> list[ScoreEntry]:
        """Every entry (in one period key)."""
        ...


class NumberSequences(Protocol):
    """Registration-number sequences, one per (prefix, year)."""

    def next(self, prefix: str, year: int) -> int:
        """Hand out the next number (1 for a new sequence)."""
        ...

    def current(self, prefix: str, year: int) -> int:
        """The last number handed out (0 when none)."""
        ...


@runtime_checkable
class UnitOfWork(Protocol):
    """One transaction over every repository; use it as a context manager."""

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

    def __enter__(self) -> Self: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

    def commit(self) -> None: ...

    def rollback(self) -> None: ...
