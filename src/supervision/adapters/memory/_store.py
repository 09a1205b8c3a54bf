"""The committed state of the in-memory adapter, with the indexes its reads use, and the
changes a unit of work stages before its commit."""

from __future__ import annotations

import bisect
import datetime as _dt
import threading

from supervision.audit import GENESIS_HASH, Link
from supervision.domain.escalation import Escalation
from supervision.domain.events import Event
from supervision.domain.model import Matter, RegistrationNumber, Unit
from supervision.domain.office import Office, OfficeEvent
from supervision.domain.scorecard import ScoreEntry
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
        self.numbers_index: dict[tuple[str, RegistrationNumber], str] = {}
        self.matters_by_office: dict[str, dict[str, None]] = {}
        self.units: dict[tuple[str, str], Unit] = {}
        self.events: list[Event] = []
        self.event_ids: set[str] = set()
        self.event_versions: set[tuple[str, int]] = set()
        self.events_by_matter: dict[str, list[Event]] = {}
        self.sequences: dict[tuple[str, str, int], int] = {}
        self.escalations: dict[str, Escalation] = {}
        self.escalations_by_matter: dict[str, list[str]] = {}
        self.scores: dict[str, ScoreEntry] = {}
        self.scores_by_matter: dict[str, list[str]] = {}
        self.compensated: set[str] = set()
        #: sweep bookkeeping: when to look at a matter again (None: not until it changes);
        #: a matter absent here has an unknown wake (and is in ``unknown_wakes``)
        self.wakes: dict[str, _dt.datetime | None] = {}
        self.unknown_wakes: set[str] = set()
        #: the known, non-None wakes as sorted (wake, matter id) pairs
        self.wake_index: list[tuple[_dt.datetime, str]] = []
        #: the chain of records (:mod:`supervision.audit`): one link per event, escalation,
        #: decision and score entry, in commit order; and its head: (last position, last
        #: hash, key id or None, HMAC or None)
        self.chain: list[Link] = []
        self.chain_head: tuple[int, str, str | None, str | None] = (0, GENESIS_HASH, None, None)

    # --------------------------------------------------------------- wake index
    def forget_wake(self, matter_id: str) -> None:
        """Make a matter's wake unknown (it changed, or is new)."""
        old = self.wakes.pop(matter_id, None)
        if old is not None:
            self._unindex(old, matter_id)
        self.unknown_wakes.add(matter_id)

    def set_wake(self, matter_id: str, at: _dt.datetime | None) -> None:
        """Record a matter's wake (None: not until it changes)."""
        if matter_id in self.wakes:
            old = self.wakes[matter_id]
            if old is not None:
                self._unindex(old, matter_id)
        self.unknown_wakes.discard(matter_id)
        self.wakes[matter_id] = at
        if at is not None:
            bisect.insort(self.wake_index, (at, matter_id))

    def forget_all_wakes(self) -> None:
        self.wakes.clear()
        self.wake_index.clear()
        self.unknown_wakes = set(self.matters)

    def _unindex(self, at: _dt.datetime, matter_id: str) -> None:
        i = bisect.bisect_left(self.wake_index, (at, matter_id))
        if i < len(self.wake_index) and self.wake_index[i] == (at, matter_id):
            del self.wake_index[i]


class Staged:
    """What one unit of work changed, not yet committed."""

    def __init__(self) -> None:
        self.new_offices: dict[str, Office] = {}
        self.updated_offices: dict[str, tuple[Office, int]] = {}
        self.office_events: list[OfficeEvent] = []
        self.new_matters: dict[str, Matter] = {}
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

    @property
    def empty(self) -> bool:
        """Whether nothing is staged."""
        return not (
            self.new_offices or self.updated_offices or self.office_events
            or self.new_matters or self.updated_matters or self.new_units
            or self.updated_units or self.events or self.sequences or self.new_escalations
            or self.decided_escalations or self.new_scores or self.wakes or self.reset_wakes
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
