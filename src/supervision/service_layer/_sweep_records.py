"""What the sweep's passes share: the ESCALATED event of an escalation, a page's records read
at once (:class:`Page`), recording an escalation and its score entries exactly once, the run
totals, each office's scope, and the retry of a page that met a concurrent change."""

from __future__ import annotations

import datetime as _dt
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Sequence

import attrs

from supervision.domain.escalation import SYSTEM_ACTOR, Escalation, Occasion
from supervision.domain.events import Event, EventKind
from supervision.domain.model import Matter
from supervision.domain.office import Office
from supervision.domain.policy import Policy
from supervision.domain.scorecard import ScoreEntry, entries_for_escalation, entries_for_overdue
from supervision.exceptions import ConcurrencyError, DuplicateRecord
from supervision.ports import UnitOfWork
from supervision.service_layer import _sweep_log, outbox
from supervision.service_layer.context import Context, Scope

__all__ = [
    "Page",
    "Run",
    "Scopes",
    "closed_cutoff",
    "escalation_event",
    "record",
    "score",
    "with_retries",
]

_ATTEMPTS = 3


def escalation_event(matter: Matter, escalation: Escalation, at: _dt.datetime) -> Event:
    """The ESCALATED event recording ``escalation`` on ``matter``."""
    return Event(
        event_id=Event.make_id(matter.id, matter.version + 1),
        matter_id=matter.id,
        kind=EventKind.ESCALATED,
        actor_id=SYSTEM_ACTOR,
        occurred_at=at,
        status_before=matter.status,
        status_after=matter.status,
        version=matter.version + 1,
        due_at=None if matter.due is None else matter.due.due_at,
        details=tuple(
            (k, v) for k, v in (
                ("escalation", escalation.key),
                ("action", escalation.label),
                ("unit_id", escalation.unit_id or ""),
                ("citation", escalation.citation.key),
                ("proposal", "true" if escalation.proposal else ""),
            ) if v
        ),
    )


@attrs.define
class Page:
    """What a page of matters has on record, read in a constant number of queries (events,
    escalations, score-entry keys), kept in step with what the page records, and what the
    page stages at its end (events, wakes) in one call each."""

    events: dict[str, list[Event]]
    escalations: dict[str, list[Escalation]]
    score_keys: set[str]
    new_events: list[Event] = attrs.Factory(list)
    wakes: list[tuple[str, int, _dt.datetime | None]] = attrs.Factory(list)
    #: the escalations recorded whose notices are written at the page's end, in order
    notices: list[tuple[Context, Escalation, Matter, Scope]] = attrs.Factory(list)

    @classmethod
    def read(cls, uow: UnitOfWork, ids: Collection[str]) -> Page:
        """The records of the matters ``ids``."""
        scores = uow.scores.for_matters(ids)
        return cls(
            events=uow.events.for_matters(ids),
            escalations=uow.escalations.for_matters(ids),
            score_keys={e.key for entries in scores.values() for e in entries},
        )

    def known(self, escalation: Escalation) -> bool:
        """Whether the escalation is on record already (then inserting it is a no-op)."""
        return any(e.key == escalation.key for e in self.escalations.get(escalation.matter_id, ()))

    def stage(self, uow: UnitOfWork) -> None:
        """Write the notices of the page's escalations, append its events and store its
        wakes (then forget them). The documents are rendered here with pending numbers and
        numbered by the commit, in one statement just before the events
        (:func:`~supervision.service_layer.outbox.notify_escalations`): an office's number
        series is locked (PostgreSQL) only from there to the end of the commit, so claiming
        workers queue for almost nothing."""
        if self.notices:
            outbox.notify_escalations(uow, self.notices[0][0],
                                      [(e, m, s) for _ctx, e, m, s in self.notices])
        self.notices = []
        if self.new_events:
            uow.events.append(self.new_events)
        if self.wakes:
            uow.matters.set_wakes(self.wakes)
        self.new_events, self.wakes = [], []


def record(
    uow: UnitOfWork, matter: Matter, escalation: Escalation, at: _dt.datetime, page: Page,
    *, ctx: Context, scope: Scope,
) -> tuple[Matter, str | None]:
    """Insert the escalation if absent and, only then, its event on the matter (staged with
    the page's events) and its notices in the outbox (the same unit of work, written by
    :meth:`Page.stage`)."""
    if page.known(escalation) or not uow.escalations.add_if_absent(escalation):
        return matter, None
    page.notices.append((ctx, escalation, matter, scope))
    page.escalations.setdefault(escalation.matter_id, []).append(escalation)
    event = escalation_event(matter, escalation, at)
    moved = attrs.evolve(
        matter,
        version=event.version,
        changed_at=at if matter.changed_at is None else max(matter.changed_at, at),
    )
    uow.matters.update(moved, expected_version=matter.version)
    page.new_events.append(event)
    return moved, event.event_id


def _missed_deadline(escalation: Escalation, by_key: dict[str, Occasion]) -> _dt.date | None:
    """The last day of the deadline an escalation chases, when it had fallen due by the
    escalation (a 督查通报 on the first 催办, ``tongren-2014 art.11(1)``): the period the entry
    counts in (rules.md §2 a missed deadline counts in the period its deadline falls in)."""
    found = by_key.get(escalation.occasion.removeprefix("miss."))
    if found is None or found.due_at > escalation.due_at:
        return None
    return found.last_day


def _firm(escalation: Escalation, by_key: dict[str, Occasion]) -> bool:
    """Whether the deadline an escalation rests on is firm now (re-derived, not as issued)."""
    occasion = escalation.occasion.removeprefix("miss.")
    found = by_key.get(occasion)
    return not (found.provisional if found is not None else escalation.provisional)


def score(
    uow: UnitOfWork,
    policy: Policy,
    escalations: Iterable[Escalation],
    occasion_list: Sequence[Occasion],
    now: _dt.datetime,
    event_ids: dict[str, str],
    known: set[str],
) -> list[ScoreEntry]:
    """Insert the score entries the escalations and the fallen-due occasions earn, unless
    on record (``known``: keys on record, kept in step)."""
    by_key = {o.key: o for o in occasion_list}
    added: list[ScoreEntry] = []
    candidates: list[ScoreEntry] = []
    for escalation in escalations:
        candidates.extend(entries_for_escalation(
            escalation, policy, firm=_firm(escalation, by_key), recorded_at=now,
            event_id=event_ids.get(escalation.key),
            deadline=_missed_deadline(escalation, by_key),
        ))
    for occasion in occasion_list:
        if occasion.due_at <= now:
            candidates.extend(entries_for_overdue(occasion, policy, recorded_at=now))
    for entry in candidates:
        if entry.key not in known and uow.scores.add_if_absent(entry):
            known.add(entry.key)
            added.append(entry)
    return added


@attrs.define
class Run:
    escalations: list[Escalation] = attrs.Factory(list)
    entries: list[ScoreEntry] = attrs.Factory(list)
    held: list[str] = attrs.Factory(list)
    #: (office id, unit id, policy fingerprint) of each lead unit looked at
    units: set[tuple[str, str, str]] = attrs.Factory(set)
    policies: dict[str, Policy] = attrs.Factory(dict)
    matters: int = 0
    #: matters evaluated per office (for the log's per-office summary)
    per_office: Counter[str] = attrs.Factory(Counter)
    batches: int = 0
    retries: int = 0

    def absorb(self, other: Run) -> None:
        self.escalations.extend(other.escalations)
        self.entries.extend(other.entries)
        self.held.extend(other.held)
        self.units |= other.units
        self.policies.update(other.policies)
        self.matters += other.matters
        self.per_office.update(other.per_office)


class Scopes:
    """Each office's scope (office, calendar, closing time), read once per unit of work."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.offices: dict[str, Office] = {}

    def of(self, uow: UnitOfWork, matter: Matter) -> Scope:
        office = self.offices.get(matter.office_id)
        if office is None:
            office = self.offices[matter.office_id] = uow.offices.get(matter.office_id)
        return Scope(office, self.ctx.policy_of(matter), self.ctx.calendar_of(office),
                     self.ctx.close_of(office))


def with_retries(run: Run, step: Callable[[], None]) -> None:
    for attempt in range(_ATTEMPTS):
        try:
            step()
            return
        except (ConcurrencyError, DuplicateRecord) as error:
            _sweep_log.log_retry(error, attempt + 1, _ATTEMPTS)
            if attempt == _ATTEMPTS - 1:
                raise
            run.retries += 1


def closed_cutoff(events: Sequence[Event], now: _dt.datetime, lookback_days: int) -> (
    _dt.datetime | None
):
    """The last instant a matter no longer open is still looked at: ``lookback_days`` after
    its last event (None: not any more)."""
    if not lookback_days or not events:
        return None
    cutoff = max(e.occurred_at for e in events) + _dt.timedelta(days=lookback_days)
    return cutoff if cutoff >= now else None
