"""The committed state of the in-memory adapter, with the indexes its reads use, and the
changes a unit of work stages before its commit."""

from __future__ import annotations

import bisect
import datetime as _dt
import threading
import uuid

from supervision.adapters.memory._sorted import SortedRuns
from supervision.audit import GENESIS_HASH, Link
from supervision.domain.escalation import Escalation
from supervision.domain.events import Event
from supervision.domain.model import Matter, RegistrationNumber, Unit
from supervision.domain.notices import Attempt, Delivery, Notice
from supervision.domain.objections import Objection
from supervision.domain.office import Office, OfficeEvent
from supervision.domain.scorecard import ScoreEntry
from supervision.domain.statistics import MatterFacts
from supervision.exceptions import InvalidInput

__all__ = ["InMemoryStore"]


class InMemoryStore:
    """The committed state: offices, matters, units, events, number sequences, escalations
    and score entries, with the indexes reads need so that their cost follows what they
    return, not what is stored (matters by office, events / escalations / score entries by
    matter, wakes in order), and the chain of records over events, escalations, decisions and
    score entries (checked by :func:`supervision.adapters.memory.verify`)."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.offices: dict[str, Office] = {}
        self.office_events: dict[str, list[OfficeEvent]] = {}
        self.matters: dict[str, Matter] = {}
        #: each matter's facts (``statistics.matter_facts``), written with the matter
        self.facts: dict[str, MatterFacts] = {}
        self.numbers_index: dict[tuple[str, RegistrationNumber], str] = {}
        self.matters_by_office: dict[str, dict[str, None]] = {}
        #: (office id, unit id) → the ids of the matters assigning that unit (any role)
        self.matters_by_unit: dict[tuple[str, str], dict[str, None]] = {}
        self.units: dict[tuple[str, str], Unit] = {}
        self.events: list[Event] = []
        self.event_ids: set[str] = set()
        self.event_versions: set[tuple[str, int]] = set()
        self.events_by_matter: dict[str, list[Event]] = {}
        #: matter id → (version, instant) of its event of the highest version
        self.latest_events: dict[str, tuple[int, _dt.datetime]] = {}
        self.sequences: dict[tuple[str, str, int], int] = {}
        self.escalations: dict[str, Escalation] = {}
        self.escalations_by_matter: dict[str, list[str]] = {}
        self.escalations_by_unit: dict[tuple[str, str], list[str]] = {}
        self.scores: dict[str, ScoreEntry] = {}
        self.scores_by_matter: dict[str, list[str]] = {}
        self.scores_by_unit: dict[tuple[str, str], list[str]] = {}
        self.compensated: set[str] = set()
        #: the outbox: notices, their delivery state and attempts, by notice key
        self.notices: dict[str, Notice] = {}
        self.deliveries: dict[str, Delivery] = {}
        self.attempts: dict[str, list[Attempt]] = {}
        self.notices_by_matter: dict[str, list[str]] = {}
        self.objections: dict[str, Objection] = {}
        #: sweep bookkeeping: when to look at a matter again (None: not until it changes);
        #: a matter absent here has an unknown wake (and is in ``unknown_wakes``)
        self.wakes: dict[str, _dt.datetime | None] = {}
        self.unknown_wakes: set[str] = set()
        #: the known, non-None wakes as sorted (wake, matter id) pairs
        self.wake_index: SortedRuns[tuple[_dt.datetime, str]] = SortedRuns()
        #: the unknown wakes' ids in order, kept lazily: ids listed but no longer unknown
        #: (``_stale`` of them) are skipped by readers, new ones wait in ``_pending``
        self._unknown_sorted: list[str] = []
        self._unknown_listed: set[str] = set()
        self._pending: set[str] = set()
        self._stale = 0
        #: matter id → the token of the unit of work that claimed it (``claim_due``)
        self.claims: dict[str, object] = {}
        #: the chain of records (:mod:`supervision.audit`): one link per event, escalation,
        #: decision and score entry, in commit order; and its head: (last position, last
        #: hash, key id or None, HMAC or None)
        self.chain: list[Link] = []
        self.chain_head: tuple[int, str, str | None, str | None] = (0, GENESIS_HASH, None, None)
        #: change numbers (see ``MatterRepository.change_mark``): the counter's name, the
        #: last commit that wrote matters or escalations; per (office, unit), the matters
        #: (of any unit set the unit was in) and the escalations by the number that last
        #: wrote them, latest last, and the last number that took the unit off a matter
        self.change_epoch = uuid.uuid4().hex
        self.last_change = 0
        self.unit_matter_changes: dict[tuple[str, str], dict[str, int]] = {}
        self.unit_escalation_changes: dict[tuple[str, str], dict[str, int]] = {}
        self.unit_departures: dict[tuple[str, str], int] = {}

    # --------------------------------------------------------------- wake index
    def forget_wake(self, matter_id: str) -> None:
        """Make a matter's wake unknown (it changed, or is new)."""
        old = self.wakes.pop(matter_id, None)
        if old is not None:
            self._unindex(old, matter_id)
        if matter_id in self.unknown_wakes:
            return
        self.unknown_wakes.add(matter_id)
        if matter_id in self._unknown_listed:
            self._stale -= 1
        else:
            self._pending.add(matter_id)

    def set_wake(self, matter_id: str, at: _dt.datetime | None) -> None:
        """Record a matter's wake (None: not until it changes)."""
        if matter_id in self.wakes:
            old = self.wakes[matter_id]
            if old is not None:
                self._unindex(old, matter_id)
        if matter_id in self.unknown_wakes:
            self.unknown_wakes.discard(matter_id)
            if matter_id in self._pending:
                self._pending.discard(matter_id)
            else:
                self._stale += 1
        self.wakes[matter_id] = at
        if at is not None:
            self.wake_index.add((at, matter_id))

    def forget_all_wakes(self) -> None:
        self.wakes.clear()
        self.wake_index.clear()
        self.unknown_wakes = set(self.matters)
        self._relist()

    def unknown_order(self) -> list[str]:
        """The ids of the matters whose wake is unknown, in order, possibly with ids no
        longer unknown among them (a reader skips those not in ``unknown_wakes``)."""
        if self._pending:
            if len(self._pending) > 64:
                self._relist()
            else:
                for matter_id in self._pending:
                    bisect.insort(self._unknown_sorted, matter_id)
                    self._unknown_listed.add(matter_id)
                self._pending.clear()
        if self._stale > 64 and self._stale * 2 > len(self._unknown_sorted):
            self._relist()
        return self._unknown_sorted

    def _relist(self) -> None:
        self._unknown_sorted = sorted(self.unknown_wakes)
        self._unknown_listed = set(self._unknown_sorted)
        self._pending.clear()
        self._stale = 0

    def release_claims(self, token: object) -> None:
        """End every claim of one unit of work."""
        if self.claims:
            for matter_id in [i for i, t in self.claims.items() if t is token]:
                del self.claims[matter_id]

    def index_units(self, matter: Matter, before: Matter | None) -> None:
        """Keep ``matters_by_unit`` in step with a matter added or replaced."""
        old = set() if before is None else {(before.office_id, u) for u in before.unit_ids}
        new = {(matter.office_id, u) for u in matter.unit_ids}
        for key in old - new:
            self.matters_by_unit.get(key, {}).pop(matter.id, None)
        for key in new - old:
            self.matters_by_unit.setdefault(key, {})[matter.id] = None

    def number_changes(self, matters: list[tuple[Matter, Matter | None]],
                       escalations: list[Escalation]) -> None:
        """Number one commit's changes: ``(matter, stored before or None)`` and the
        escalations issued or decided (call before the matters are replaced)."""
        if not matters and not escalations:
            return
        self.last_change += 1
        number = self.last_change
        for matter, before in matters:
            new = {(matter.office_id, u) for u in matter.unit_ids}
            old = set() if before is None else {(before.office_id, u) for u in before.unit_ids}
            for key in old - new:
                self.unit_departures[key] = number
            for key in old | new:
                log = self.unit_matter_changes.setdefault(key, {})
                log.pop(matter.id, None)
                log[matter.id] = number
        for escalation in escalations:
            if escalation.unit_id is not None:
                log = self.unit_escalation_changes.setdefault(
                    (escalation.office_id, escalation.unit_id), {})
                log.pop(escalation.key, None)
                log[escalation.key] = number

    @staticmethod
    def changed_after(log: dict[str, int], after: int) -> list[str]:
        """The ids of a change log written after number ``after`` (latest first)."""
        found: list[str] = []
        for key, number in reversed(log.items()):
            if number <= after:
                break
            found.append(key)
        return found

    def _unindex(self, at: _dt.datetime, matter_id: str) -> None:
        self.wake_index.discard((at, matter_id))


class Staged:
    """What one unit of work changed, not yet committed."""

    def __init__(self) -> None:
        self.new_offices: dict[str, Office] = {}
        self.updated_offices: dict[str, tuple[Office, int]] = {}
        self.office_events: list[OfficeEvent] = []
        self.new_matters: dict[str, Matter] = {}
        #: (office id, number) of ``new_matters``, for the duplicate check
        self.new_numbers: set[tuple[str, RegistrationNumber]] = set()
        self.updated_matters: dict[str, tuple[Matter, int]] = {}
        self.new_units: dict[tuple[str, str], Unit] = {}
        self.updated_units: dict[tuple[str, str], Unit] = {}
        self.events: list[Event] = []
        self.events_by_matter: dict[str, list[Event]] = {}
        self.sequences: dict[tuple[str, str, int], tuple[int, int]] = {}
        self.new_escalations: dict[str, Escalation] = {}
        self.decided_escalations: dict[str, Escalation] = {}
        self.new_scores: dict[str, ScoreEntry] = {}
        self.wakes: dict[str, tuple[int, _dt.datetime | None]] = {}
        self.reset_wakes = False
        #: ``matters.settle_quiet`` calls: (since, the offices or None), applied last
        self.settle_quiet: list[tuple[_dt.datetime | None, frozenset[str] | None]] = []
        self.new_notices: dict[str, Notice] = {}
        #: documents numbered at commit, in the order staged: (series, their notices' keys)
        self.numbered: list[tuple[tuple[str, str, int], list[str]]] = []
        #: notice key → (the new delivery state, the state it was read at: the commit's fence)
        self.deliveries: dict[str, tuple[Delivery, Delivery]] = {}
        self.attempts: dict[tuple[str, int], Attempt] = {}
        self.new_objections: dict[str, Objection] = {}
        self.updated_objections: dict[str, tuple[Objection, int]] = {}

    @property
    def empty(self) -> bool:
        """Whether nothing is staged."""
        return not (
            self.new_offices or self.updated_offices or self.office_events
            or self.new_matters or self.updated_matters or self.new_units
            or self.updated_units or self.events or self.sequences or self.new_escalations
            or self.decided_escalations or self.new_scores or self.wakes or self.reset_wakes
            or self.new_notices or self.deliveries or self.attempts or self.new_objections
            or self.updated_objections or self.settle_quiet
        )

    def matter(self, matter_id: str) -> Matter | None:
        """The staged version of a matter, if this unit of work added or changed it."""
        found = self.new_matters.get(matter_id)
        if found is not None:
            return found
        updated = self.updated_matters.get(matter_id)
        return None if updated is None else updated[0]


def check_text(value: object, field: str) -> None:
    """Refuse text storage cannot keep: NUL and lone surrogates (as the SQL adapter does)."""
    if not isinstance(value, str):
        raise InvalidInput(field, "text", value)
    if "\x00" in value:
        raise InvalidInput(field, "text without NUL characters", value)
    if not value.isascii():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise InvalidInput(field, "text without lone surrogate characters", value) from None


def check_aware(value: object, field: str, *, optional: bool = True) -> None:
    """Refuse anything but an aware datetime (or None when ``optional``)."""
    if value is None and optional:
        return
    if not isinstance(value, _dt.datetime) or value.utcoffset() is None:
        raise InvalidInput(field, "an aware datetime" + (" or None" if optional else ""), value)
