"""What a matter's completion and redo deadlines are derived from, read off the matter once.

:class:`Deadlines` holds exactly the parts of a matter that the completion deadline of its
current round and its redo deadlines (退回重办) depend on — nothing of the policy, the calendar
or the office's closing time, so a stored matter's :class:`Deadlines` never go stale while the
matter is unchanged. The rules that turn them into deadlines under a policy and a calendar are
here too (:func:`completion_met_at`, :func:`redo_due`), defined once: the escalation engine's
occasions (:func:`~supervision.domain.escalation.occasions`,
:func:`~supervision.domain.escalation.deadline_occasions`) and the standing of
:mod:`supervision.domain.statistics` both read them.
"""

from __future__ import annotations

import datetime as _dt
from typing import Final

import attrs

from supervision.calendar import SHANGHAI, Calendar
from supervision.domain.lifecycle import Status
from supervision.domain.model import DeadlineBasis, Matter, ReportKind, ReviewOutcome
from supervision.domain.policy import Citation, Obligation, Policy
from supervision.exceptions import SupervisionError
from supervision.periods import Deadline, Period

__all__ = [
    "Deadlines",
    "Return",
    "completion_met_at",
    "counted",
    "deadlines_of",
    "end_of",
    "redo_due",
]

#: Obligations a progress report meets (daoli-2017 art.7(2) 办理结果或工作进展情况, …).
PROGRESS_MEETS: Final = frozenset({
    Obligation.RESULT_OR_PROGRESS,
    Obligation.PROGRESS_REPORT,
    Obligation.OPINION_OR_RESULT,
})


#: Deadlines counted by :func:`counted`: (calendar id, period, start's type, start, close) →
#: (the calendar, the deadline). The calendar is kept, so its id is never reused meanwhile.
_COUNTED: dict[tuple[object, ...], tuple[Calendar, Deadline]] = {}
_COUNTED_MAX: Final = 50_000


def counted(
    period: Period,
    start: _dt.datetime | _dt.date,
    calendar: Calendar,
    close: _dt.time | None = None,
) -> Deadline:
    """``period.deadline(start, calendar, close)``, the same value, counted once per period,
    start, calendar and closing time: the engine counts the same few periods (a reply
    deadline of 当日, a rung's offset of 次日, a duty's period) from the same days for many
    matters, and a count writes its explanation in two languages. Both a :class:`Period`
    and a :class:`Calendar` are immutable, so the count cannot go stale; a count that
    raises is not kept (it raises again)."""
    key = (id(calendar), period, start.__class__, start, close)
    found = _COUNTED.get(key)
    if found is not None and found[0] is calendar:
        return found[1]
    deadline = period.deadline(start, calendar, close)
    if len(_COUNTED) >= _COUNTED_MAX:
        _COUNTED.clear()
    _COUNTED[key] = (calendar, deadline)
    return deadline


def end_of(day: _dt.date, close: _dt.time | None) -> _dt.datetime:
    """The end of ``day`` in China: 24:00, or the office's closing time that day."""
    if close is None:
        return _dt.datetime.combine(day + _dt.timedelta(days=1), _dt.time(0), SHANGHAI)
    return _dt.datetime.combine(day, close, SHANGHAI)


@attrs.frozen
class Return:
    """A final report of the current round returned for redo (退回重办): the review round's
    number, when it was returned, the redo day the office set (None: the policy's redo
    period, if any) and when the next final report came (None: not yet)."""

    number: int
    returned_at: _dt.datetime
    redo_due_day: _dt.date | None
    met_at: _dt.datetime | None


@attrs.frozen
class Deadlines:
    """The parts of a dispatched, unended matter with a due date that its completion and
    redo deadlines are derived from (:func:`deadlines_of`).

    ``by_default``, ``category`` and ``source`` decide (under the policy) whether a progress
    report meets the completion deadline; ``progress_met`` is the first report of the round
    that is not a handling plan, ``final_met`` the round's first final report;
    ``returns`` the round's returned final reports; ``awaiting`` the number of the round's
    last final report when it was returned (a redo is owed), else None."""

    round: int
    last_day: _dt.date
    due_at: _dt.datetime
    provisional: bool
    suspended: bool
    by_default: bool
    category: str | None
    source: str
    label: str
    progress_met: _dt.datetime | None
    final_met: _dt.datetime | None
    completed_at: _dt.datetime | None
    returns: tuple[Return, ...] = ()
    awaiting: int | None = None


#: The last matter :func:`deadlines_of` read, and its answer (one tuple, replaced at once):
#: the sweep evaluates a matter and then looks ahead for its wake, reading it twice.
_LAST: tuple[Matter | None, Deadlines | None] = (None, None)


def deadlines_of(matter: Matter) -> Deadlines | None:
    """The matter's :class:`Deadlines` (None when it owes no deadline: not dispatched, no due
    date, withdrawn or terminated) — pure, from the matter alone (a frozen value, so the
    answer for the matter read just before is the same object)."""
    global _LAST
    last = _LAST
    if last[0] is matter:
        return last[1]
    found = _deadlines_of(matter)
    _LAST = (matter, found)
    return found


def _deadlines_of(matter: Matter) -> Deadlines | None:
    due = matter.due
    if due is None or matter.dispatched_at is None:
        return None
    if matter.status in (Status.WITHDRAWN, Status.TERMINATED):
        return None
    rnd = matter.round
    finals = [r for r in matter.rounds if r.report.round == rnd]
    progress = next((r.submitted_at for r in matter.reports
                     if r.kind is not ReportKind.CONTRIBUTION and r.round == rnd
                     and r.kind is not ReportKind.PLAN), None)
    returns = tuple(
        Return(r.number, r.reviewed_at, r.redo_due_day,
               next((f.report.submitted_at for f in finals
                     if f.report.submitted_at > r.reviewed_at), None))
        for r in finals
        if r.outcome is ReviewOutcome.RETURNED and r.reviewed_at is not None
    )
    awaiting = (finals[-1].number
                if finals and finals[-1].outcome is ReviewOutcome.RETURNED else None)
    return Deadlines(
        round=rnd, last_day=due.last_day, due_at=due.due_at, provisional=due.provisional,
        suspended=matter.active_suspension is not None,
        by_default=matter.terms.basis is DeadlineBasis.CATEGORY_DEFAULT,
        category=matter.category, source=matter.source.kind.value, label=matter.terms.label,
        progress_met=progress,
        final_met=finals[0].report.submitted_at if finals else None,
        completed_at=matter.completed_at, returns=returns, awaiting=awaiting,
    )


_MEETS: dict[tuple[int, str | None, str], tuple[Policy, bool]] = {}


def _met_by_progress(deadlines: Deadlines, policy: Policy) -> bool:
    """Whether a progress report meets the deadline: true when the deadline is the policy
    default for a report of result *or progress* (daoli-2017 art.7(2), lianyungang-2019
    §7.2, zhoucun-2021 §5.3); a stated or completion deadline needs the final report."""
    if not deadlines.by_default:
        return False
    key = (id(policy), deadlines.category, deadlines.source)
    cached = _MEETS.get(key)
    if cached is not None and cached[0] is policy:
        return cached[1]
    try:
        rule = policy.default_rule(deadlines.category, deadlines.source)
    except SupervisionError:
        meets = False
    else:
        meets = rule is not None and rule.obligation in PROGRESS_MEETS
    if len(_MEETS) > 4096:
        _MEETS.clear()
    _MEETS[key] = (policy, meets)  # the policy is kept, so its id is never reused meanwhile
    return meets


def completion_met_at(deadlines: Deadlines, policy: Policy) -> _dt.datetime | None:
    """When the round's completion deadline was met under ``policy`` (None: not yet): the
    first progress report where one meets it, else the first final report; failing both,
    the completion (办结)."""
    met = deadlines.progress_met if _met_by_progress(deadlines, policy) else deadlines.final_met
    return deadlines.completed_at if met is None else met


def redo_due(
    returned: Return, policy: Policy, calendar: Calendar, close: _dt.time | None
) -> tuple[_dt.date, _dt.datetime, bool, Citation | None] | None:
    """The redo deadline of a return (last day, instant, provisional, the clause): the day
    the office set first, else the policy's redo period from the return (None: neither)."""
    if returned.redo_due_day is not None:
        last_day = returned.redo_due_day
        return (last_day, end_of(last_day, close), calendar.touches_provisional(last_day),
                None)
    duty = next((d for d in policy.duties if d.obligation is Obligation.REDO), None)
    if duty is None or duty.period is None:
        return None
    deadline = counted(duty.period, returned.returned_at, calendar, close)
    return deadline.last_day, deadline.due_at, deadline.provisional, duty.citation
