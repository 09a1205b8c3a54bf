"""The look-ahead's short cut (:func:`probe`): the wake :func:`~._preview.next_wake` finds by
running the ladder to a horizon, found by running it only to the end of the first day on which
anything can happen, with every other input the same.

Why it is the same instant. The look-ahead at a horizon ``H`` (the plain way) builds the
ladder at ``H`` — the occasions up to ``H``, explanations and unanswered reminders judged at
``H``, the office duties and the receipt duty at ``H``, the issue floor ``now`` — and issues
every firing due by ``H``; its wake is the first instant after ``now`` among the escalations'
due instants, the missed occasions' deadlines and the issued reminders' reply deadlines (or
``now`` + 1 µs when one is due already). The probe builds the very same ladder (the same
call, at ``H``) and issues only the firings due by ``c``, the last instant of a day (or ``H``
itself). Call an escalation of the plain run *late* when it falls due after ``c``. Then the
probe's escalations are exactly the plain run's escalations that are not late, provided that

* (G) everything issued before was issued by ``now`` (what the sweep stores always is),
* (U) no two rungs of the ladder share a step and an action (their keys could collide),
* (A) the probe issued nothing that a trigger reads from what was issued (no reminder,
  bulletin or exposure: :data:`._ladder._READ`).

Proof, pass by pass and rung by rung. The triggers that do not read what was issued
(:data:`._ladder._STATIC`) fire the same in both runs. The others read only reminders,
bulletins and exposures: under (A) the probe's are those issued before, and the plain run's
are those and late ones, which sort after them (issued after ``c`` ≥ ``now``, (G)). A firing
read from a late one is late itself: a reminder's k-th firing falls at its issue or its reply
deadline, a bulletin's at a period counted from its issue day, and a count never ends before
the day it starts (``periods``: every unit counts forward or ends that day), so after the day
of ``c``; a new escalation carries no decision, so an exposure read is one issued before. So
each rung's firings due by ``c`` are the same in both runs at every pass, the same at every
pass of the probe (it added nothing they read), and in each run they sort before the late
ones; under (U) only that rung makes their keys, so each key due by ``c`` meets the same
outcome (issued, held or suppressed — judged at ``H`` in both) before any late firing of the
same key could take it, and the probe's run ends once they are met (the pass that follows
adds nothing). The duties and the occasions are the same calls. So the two runs agree on
every instant up to ``c``, and when the probe finds one after ``now`` it is the plain answer.

Explanations (docs/escalation.md "Explanations"). Whether an explanation bears on a firing
(:func:`._explanations._explanation_effect`) depends on the explanation itself (its unit, the
instant it was given, its reason kind and decision), on the firing's occasion (its unit, its
deadline, when it was met, whether it is the round's completion deadline) and on the matter's
round and closings; on the instant the ladder is judged at only in that an explanation given
after it does not count. Both runs judge at ``H`` with the same occasions, so each firing
meets the same outcome in both. Nor is the wake earlier or later than what the evaluation at
it finds: an occasion's deadline and the instant it was met are the same whatever instant
the occasions are listed up to, and the record holds only explanations given by ``now``
(recording one is a change to the matter, which forgets its wake), so judged at the wake or
at ``H`` each firing is covered by the same explanations.

The plain run at ``H`` may also raise where the probe does not, in the work it does after
``c``: a reply deadline counted from a late issue, a bulletin's offset counted from a late
bulletin. A count from a start ``s`` reads the calendar only on the days from ``s`` to its
last day, and ends no earlier for a later start; so :func:`_counts_hold` counts each such
period from ``now`` and from ``H`` and requires every year between to be known — then no
count from a start in between can raise. Anything the probe cannot vouch for (a shared call
raising after the ladder was built, (G), (U) or (A) failing, nothing found by ``c``) is
left to the plain look-ahead (:data:`UNPROVEN`).
"""

from __future__ import annotations

import datetime as _dt
from typing import Final

import attrs

from supervision.calendar import SHANGHAI, Calendar
from supervision.domain.escalation._deadlines import counted
from supervision.domain.escalation._ladder import _READ, _STATIC, _Ladder
from supervision.domain.escalation._occasions import _day
from supervision.domain.escalation._receipts import receipt_duties
from supervision.domain.escalation._records import MatterRecord
from supervision.domain.policy import Policy, Rung, TriggerEvent
from supervision.periods import Period

__all__ = ["UNPROVEN", "probe"]

_TICK: Final = _dt.timedelta(microseconds=1)


class _Unproven:
    """The probe's answer when it cannot vouch for the plain look-ahead's."""

    def __repr__(self) -> str:
        return "UNPROVEN"


#: See :class:`_Unproven`.
UNPROVEN: Final = _Unproven()


def _end_of_day(when: _dt.datetime) -> _dt.datetime:
    """The last instant (1 µs before 24:00) of ``when``'s day in China."""
    next_day = _day(when) + _dt.timedelta(days=1)
    return _dt.datetime.combine(next_day, _dt.time(0), SHANGHAI) - _TICK


#: The years a calendar counts in (known or provisional), by the calendar's identity (a
#: calendar is immutable; it is kept, so its identity is not reused meanwhile).
_USABLE: dict[int, tuple[Calendar, frozenset[int]]] = {}
@attrs.frozen
class _Shape:
    """What the probe needs to know of a ladder's rungs, found once per rungs (a policy is
    frozen data): whether each rung has a step and action of its own ((U)), how many rungs
    read what was issued (the links of a chain, :func:`_latest_issue`), and the periods the
    plain run counts from a late issue — each rung's reply deadline (with the closing time)
    and each ``BULLETIN_UNHEEDED`` offset (from the issue day)."""

    distinct: bool
    links: int
    replies: tuple[Period, ...]
    offsets: tuple[Period, ...]


#: :class:`_Shape` by the rungs (kept, so their identity is not reused meanwhile).
_SHAPES: dict[int, tuple[tuple[Rung, ...], _Shape]] = {}


def _shape(rungs: tuple[Rung, ...]) -> _Shape:
    found = _SHAPES.get(id(rungs))
    if found is not None and found[0] is rungs:
        return found[1]
    shape = _Shape(
        distinct=len({(r.step, r.action) for r in rungs}) == len(rungs),
        links=sum(1 for r in rungs if any(t.event not in _STATIC for t in r.triggers)),
        replies=tuple(r.reply for r in rungs if r.reply is not None),
        offsets=tuple(t.offset for r in rungs for t in r.triggers
                      if t.event is TriggerEvent.BULLETIN_UNHEEDED and t.offset is not None),
    )
    if len(_SHAPES) > 4096:
        _SHAPES.clear()
    _SHAPES[id(rungs)] = (rungs, shape)
    return shape


def _usable(calendar: Calendar) -> frozenset[int]:
    found = _USABLE.get(id(calendar))
    if found is not None and found[0] is calendar:
        return found[1]
    years = calendar.known_years | calendar.provisional_years
    if len(_USABLE) > 64:
        _USABLE.clear()
    _USABLE[id(calendar)] = (calendar, years)
    return years


def _counts_hold(
    period: Period,
    low: _dt.datetime | _dt.date,
    high: _dt.datetime | _dt.date,
    calendar: Calendar,
    close: _dt.time | None,
) -> bool:
    """Whether counting ``period`` from any start between ``low`` and ``high`` cannot raise:
    both ends count, and every year from the first start to the last count's end is known
    (or counted provisionally) to the calendar."""
    try:
        counted(period, low, calendar, close)
        last = counted(period, high, calendar, close).last_day
    except Exception:  # any refusal: the plain look-ahead decides
        return False
    usable = _usable(calendar)
    first = low.year if not isinstance(low, _dt.datetime) else _day(low).year
    return all(year in usable for year in range(first, last.year + 1))


def _replies(record: MatterRecord, ladder: _Ladder) -> list[_dt.datetime]:
    """The reply deadlines of what was issued, as the ladder reads them (moved on with the
    deadline chased or by a suspension since, ``_pauses.reply_due``; none while still
    suspended)."""
    found = (ladder._reply(e) for e in record.issued)
    return [r for r in found if r is not None]


def _latest_issue(
    ladder: _Ladder,
    record: MatterRecord,
    now: _dt.datetime,
    cutoff: _dt.datetime,
    horizon: _dt.datetime,
) -> _dt.datetime | None:
    """An instant no escalation of the plain run is issued after (None: not found).

    A late escalation fires from a trigger that does not read what was issued (due as the
    probe found it), or from one issued before (a reply deadline), or from another escalation
    on the same occasion and unit: at its issue, its reply deadline or a period from its
    issue day, moved to an office day — each no later for an earlier issue (counts and rolls
    never go back). Each link of such a chain is a rung with a trigger that reads what was
    issued, on the occasion and unit of the one before, and passes at most once (its key),
    so as many steps from the latest start as there are such rungs bound them all."""
    static = [f.due_at for found in ladder._static.values() for f in found
              if cutoff < f.due_at <= horizon]
    replies = [r for r in _replies(record, ladder) if r <= horizon]
    # an exposure's firing falls at the decision on it (``EXPOSED``)
    decided = [e.decision.decided_at for e in record.issued
               if e.decision is not None and e.decision.decided_at <= horizon]
    latest = max([now, *static, *replies, *decided])
    shape = _shape(ladder.rungs)
    calendar, close = ladder.calendar, ladder.close
    try:
        for _ in range(shape.links):
            step = latest
            for period in shape.replies:
                step = max(step, counted(period, latest, calendar, close).due_at)
            for period in shape.offsets:
                last_day = counted(period, _day(latest), calendar).last_day
                step = max(step, _dt.datetime.combine(last_day, _dt.time(0), SHANGHAI))
            step = max(step, _dt.datetime.combine(ladder.calendar.roll_forward(_day(step)),
                                                  _dt.time(0), SHANGHAI))
            if step >= horizon:
                return horizon
            if step == latest:
                break
            latest = step
    except Exception:  # a count the calendar refuses: the plain look-ahead decides
        return None
    return latest


def probe(
    record: MatterRecord,
    policy: Policy,
    calendar: Calendar,
    now: _dt.datetime,
    horizon: _dt.datetime,
    *,
    close: _dt.time | None,
    wake_at_horizon: bool,
) -> _dt.datetime | _Unproven | None:
    """The plain look-ahead's answer at ``horizon`` for a dispatched matter (see the module's
    docstring), or :data:`UNPROVEN`. ``wake_at_horizon``: what the plain look-ahead answers
    when it finds nothing (the horizon, else None). A calendar year unknown to the ladder's
    own construction raises :class:`~supervision.exceptions.CalendarDataUnavailable` as the
    plain look-ahead's evaluation does, from the same calls."""
    if any(e.issued_at > now for e in record.issued):
        return UNPROVEN  # (G)
    received = receipt_duties(record, policy, calendar, horizon, close=close, issue_floor=now)
    ladder = _Ladder(record, policy, calendar, horizon, now, close)
    shape = _shape(ladder.rungs)
    if not shape.distinct:
        return UNPROVEN  # (U)
    replies = [r for r in _replies(record, ladder) if now < r <= horizon]
    missed = [o.due_at for o in ladder.occasions if o.missed and now < o.due_at <= horizon]
    try:
        first = ladder.first_static_due(now)
        guesses = [t for t in (first, *replies, *missed) if t is not None]
        cutoff = horizon if not guesses else min(_end_of_day(min(guesses)), horizon)
        ladder.run(cutoff)
        duties = ladder.office_duties() if record.matter.status.is_open else []
    except Exception:  # the plain look-ahead raises or answers in its own way
        return UNPROVEN
    if cutoff < horizon:
        if any(e.action in _READ for e in ladder.new.values()):
            return UNPROVEN  # (A)
        latest = _latest_issue(ladder, record, now, cutoff, horizon)
        if latest is None:
            return UNPROVEN
        # the counts the plain run makes from a late issue, none of which may raise
        if not (all(_counts_hold(p, now, latest, calendar, close) for p in shape.replies)
                and all(_counts_hold(p, _day(now), _day(latest), calendar, None)
                        for p in shape.offsets)):
            return UNPROVEN
    escalations = [*ladder.new.values(), *duties, *received]
    if any(e.due_at <= now for e in escalations):
        return now + _TICK
    instants = [e.due_at for e in escalations] + missed + replies
    later = [t for t in instants if now < t <= cutoff]
    if later:
        return min(later)
    if cutoff < horizon:
        return UNPROVEN  # nothing by the cutoff: what lies beyond it is the plain run's
    return horizon if wake_at_horizon else None
