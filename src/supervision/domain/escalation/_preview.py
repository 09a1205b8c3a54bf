"""Looking ahead: what happens next to a matter (:func:`preview`), when the sweep must look at it
again (:func:`next_wake`), and every escalation due for a set of matters."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence
from typing import Final

import attrs

from supervision.calendar import Calendar
from supervision.clock import require_aware
from supervision.domain.escalation._ladder import evaluate
from supervision.domain.escalation._lookahead import UNPROVEN, _Unproven, probe
from supervision.domain.escalation._pauses import reply_due
from supervision.domain.escalation._receipts import receipt_wake
from supervision.domain.escalation._records import Escalation, MatterRecord
from supervision.domain.escalation._streaks import evaluate_streaks
from supervision.domain.policy import (
    Policy,
)
from supervision.exceptions import CalendarDataUnavailable, InvalidInput


# ----------------------------------------------------------------------- preview
@attrs.frozen
class Preview:
    """What will happen to one matter, and when, if nothing changes (no report, no decision):
    its deadline and the escalations in order, each with the instant it falls due."""

    matter_id: str
    now: _dt.datetime
    due_at: _dt.datetime | None
    steps: tuple[Escalation, ...]
    held: tuple[str, ...] = ()

    @property
    def next(self) -> Escalation | None:
        """The next escalation, or None when the ladder has nothing more to do."""
        return self.steps[0] if self.steps else None


def preview(
    record: MatterRecord,
    policy: Policy,
    calendar: Calendar,
    now: _dt.datetime,
    *,
    horizon_days: int = 120,
    close: _dt.time | None = None,
) -> Preview:
    """For one matter: what happens next and when if nothing changes (pure).

    Each escalation is assumed issued on the instant it falls due (a daily sweep), so chains
    (催办 → its reply deadline → 约谈通知) unfold in order. Proposals are listed but, waiting
    for a person, lead nowhere; unit-wide streaks are not included.
    """
    now = require_aware(now, "now")
    if horizon_days.__class__ is not int or not 1 <= horizon_days <= 3660:
        raise InvalidInput("horizon_days", "a whole number of days from 1 to 3660", horizon_days)
    horizon = now + _dt.timedelta(days=horizon_days)
    result = evaluate(record, policy, calendar, horizon, close=close, issue_floor=now)
    due = None if record.matter.due is None else record.matter.due.due_at
    return Preview(record.matter.id, now, due, result.escalations, result.held)


#: How far ahead :func:`next_wake` looks; an open matter with nothing due within it is looked
#: at again then.
WAKE_HORIZON_DAYS: Final = 400
_TICK: Final = _dt.timedelta(microseconds=1)


def next_wake(
    record: MatterRecord,
    policy: Policy,
    calendar: Calendar,
    now: _dt.datetime,
    *,
    close: _dt.time | None = None,
    horizon_days: int = WAKE_HORIZON_DAYS,
) -> _dt.datetime | None:
    """The earliest instant after ``now`` at which evaluating this matter could find anything
    new if nothing about it changes, or None when nothing can (pure).

    ``record`` is the matter as it stands after being evaluated at ``now`` (what was issued
    included). The answer comes from the engine itself, so the two cannot disagree: the
    ladder is run ahead to ``now + horizon_days`` as the preview runs it (each step issued on
    the instant it falls due), and the wake is the first of the instants that run finds —
    a pre-deadline warning, a deadline or report window passing unmet (a rung, an overdue
    score entry or a streak position may follow), a rung's offset, a reminder's reply
    deadline, an office duty — that lies after ``now``. An open matter with nothing found
    wakes at the horizon (to look further); a matter not yet dispatched, or closed with
    nothing ahead, never wakes until it changes. A change to the matter (a report, an
    extension, a decision, a new calendar year or policy parameter through
    ``recompute_deadlines``) invalidates the answer: storage forgets the wake on every change.
    """
    now = _checked(record, now, horizon_days)
    matter = record.matter
    if matter.due is None or matter.dispatched_at is None:
        # not dispatched: only a receipt duty (chizhou-2021 §7.3, §7.6) can fall due
        return receipt_wake(record, policy, calendar, now, close=close)
    # the look-ahead stops at the end of the first day anything can happen (``_lookahead``:
    # the same instant as running the ladder to the horizon, proven there; what it cannot
    # vouch for is looked ahead the plain way)
    horizons = _horizons(horizon_days)
    if any(e.issued_at >= now for e in record.issued):
        # escalated just now (the sweep looks ahead right after recording): the short cut
        # seldom holds then — the next firing reads what was just issued (its condition (A))
        # — and trying it first cost more than it saved, so the plain look-ahead is taken
        return _looked_ahead(record, policy, calendar, now, close, horizons, horizon_days)
    for index, days in enumerate(horizons):
        horizon = now + _dt.timedelta(days=days)
        try:
            found = probe(record, policy, calendar, now, horizon, close=close,
                          wake_at_horizon=matter.status.is_open or days < horizon_days)
        except CalendarDataUnavailable:
            continue  # raised by the calls the plain look-ahead makes first, in its order
        if found is UNPROVEN:
            return _looked_ahead(record, policy, calendar, now, close, horizons[index:],
                                 horizon_days)
        assert not isinstance(found, _Unproven)
        return found
    return now + _TICK


def _checked(record: object, now: _dt.datetime, horizon_days: object) -> _dt.datetime:
    """The arguments of :func:`next_wake` (and its plain form) checked; ``now`` as given."""
    now = require_aware(now, "now")
    if not isinstance(record, MatterRecord):
        raise InvalidInput("record", "a MatterRecord(matter, events, issued)", record)
    if horizon_days.__class__ is not int or not 1 <= horizon_days <= 3660:
        raise InvalidInput("horizon_days", "a whole number of days from 1 to 3660", horizon_days)
    return now


def _horizons(horizon_days: int) -> list[int]:
    """The look-ahead's horizons in days, the longest first: a year whose schedule is not
    published yet (CalendarDataUnavailable) shortens the look-ahead, and the matter is looked
    at again at the shorter horizon."""
    return sorted({horizon_days, *(d for d in (120, 30, 7, 1) if d < horizon_days)},
                  reverse=True)


def _next_wake_plain(
    record: MatterRecord,
    policy: Policy,
    calendar: Calendar,
    now: _dt.datetime,
    *,
    close: _dt.time | None = None,
    horizon_days: int = WAKE_HORIZON_DAYS,
) -> _dt.datetime | None:
    """:func:`next_wake` the straightforward way: the ladder run to each horizon (the
    reference the short cut is proven and tested against, ``test_escalation_wake_probe``)."""
    now = _checked(record, now, horizon_days)
    if record.matter.due is None or record.matter.dispatched_at is None:
        return receipt_wake(record, policy, calendar, now, close=close)
    return _looked_ahead(record, policy, calendar, now, close, _horizons(horizon_days),
                         horizon_days)


def _looked_ahead(
    record: MatterRecord,
    policy: Policy,
    calendar: Calendar,
    now: _dt.datetime,
    close: _dt.time | None,
    horizons: list[int],
    horizon_days: int,
) -> _dt.datetime | None:
    """The wake of a dispatched matter, the ladder run ahead to each of ``horizons`` in turn
    until the calendar knows enough (see :func:`next_wake`)."""
    for days in horizons:
        horizon = now + _dt.timedelta(days=days)
        try:
            ahead = evaluate(record, policy, calendar, horizon, close=close, issue_floor=now)
        except CalendarDataUnavailable:
            continue
        if any(e.due_at <= now for e in ahead.escalations):
            # due already yet not issued at ``now`` (it waits on something only a later
            # sweep sees): look again at the next sweep
            return now + _TICK
        instants = [e.due_at for e in ahead.escalations]
        instants += [o.due_at for o in ahead.occasions if o.missed]
        chased = {o.key: o.last_day for o in ahead.occasions}
        instants += [r for r in (
            reply_due(e.reply_due_at, e.issued_at, record.matter, calendar, details=e.details,
                      last_day=chased.get(e.occasion))
            for e in record.issued) if r is not None]
        later = [t for t in instants if now < t <= horizon]
        if later:
            return min(later)
        return horizon if record.matter.status.is_open or days < horizon_days else None
    return now + _TICK


def escalations_due(
    records: Sequence[MatterRecord],
    policy: Policy,
    calendar: Calendar,
    now: _dt.datetime,
    *,
    close: _dt.time | None = None,
) -> tuple[Escalation, ...]:
    """Every escalation due at ``now`` and not yet issued, for a set of matters (pure): each
    matter's ladder (:func:`evaluate`) and, per lead unit, its consecutive misses across the
    matters given (:func:`evaluate_streaks`). Give all of a unit's matters, closed ones too,
    for its streak to be right. Ordered by due instant, then key; keys are unique."""
    found: dict[str, Escalation] = {}
    for record in records:
        for escalation in evaluate(record, policy, calendar, now, close=close).escalations:
            found.setdefault(escalation.key, escalation)
    if policy.streak is not None:
        issued = [e for r in records for e in r.issued]
        matters = [r.matter for r in records]
        for unit_id in sorted({m.lead_unit_id for m in matters}):
            for escalation in evaluate_streaks(
                unit_id, matters, issued, policy, calendar, now, close=close
            ):
                found.setdefault(escalation.key, escalation)
    return tuple(sorted(found.values(), key=lambda e: (e.due_at, e.key)))

