"""The clock stopped by suspensions (中止 … 恢复) for the occasions other than the completion
deadline (whose due date moves on resumption, ``supervision.domain.deadlines``): nothing falls
due while a matter is suspended (library convention; none of the five texts speaks of a
suspension)."""

from __future__ import annotations

import datetime as _dt

from supervision.calendar import SHANGHAI, Calendar
from supervision.domain.escalation._deadlines import end_of as _end_of
from supervision.domain.model import Matter

__all__ = ["Pause", "cycle_paused", "paused_at", "pauses_of", "shifted"]


def _day(when: _dt.datetime) -> _dt.date:
    return when.astimezone(SHANGHAI).date()


Pause = tuple[_dt.datetime, _dt.datetime | None]


def pauses_of(matter: Matter) -> tuple[Pause, ...]:
    """The matter's suspensions (中止) as (start, resumption or None while still suspended)."""
    return tuple((s.started_at, s.resumed_at) for s in matter.suspensions)


def paused_at(pauses: tuple[Pause, ...], when: _dt.datetime) -> Pause | None:
    """The suspension under way at ``when`` (the clock stopped: nothing falls due then)."""
    return next((p for p in pauses if p[0] < when and (p[1] is None or when <= p[1])), None)


def shifted(
    last_day: _dt.date, due_at: _dt.datetime, since: _dt.datetime,
    pauses: tuple[Pause, ...], calendar: Calendar,
) -> tuple[_dt.date, _dt.datetime] | None:
    """A one-off deadline counted from ``since`` (a milestone, a redo, the handling plan) with
    the clock stopped by each suspension begun before it fell due: it moves on by the working
    days paused, as the completion deadline does on resumption (library convention); None
    while a suspension begun before it is still under way (it waits for the resumption)."""
    for started, resumed in sorted(pauses, key=lambda p: p[0]):
        if started < since or started >= due_at:
            continue
        if resumed is None:
            return None
        paused = max(0, calendar.working_days_between(_day(started), _day(resumed)))
        if paused:
            new_day = calendar.add_working_days(last_day, paused)
            due_at, last_day = due_at + (new_day - last_day), new_day
    return last_day, due_at


def cycle_paused(
    pauses: tuple[Pause, ...], window_start: _dt.datetime, last_day: _dt.date,
    met: _dt.datetime | None, calendar: Calendar, close: _dt.time | None,
    min_working_days: int,
) -> bool:
    """Whether a cycle's report is not owed for a suspension (中止, library convention): its
    due instant fell while suspended, or it was resumed within the cycle with fewer than
    ``min_working_days`` working days of it left (as for the dispatch cycle, rules.md §2) —
    unless ``met``, the report that would meet it, came before the suspension."""
    due_at = _end_of(last_day, close)
    pause = paused_at(pauses, due_at)
    if pause is None:
        pause = next((p for p in pauses if p[1] is not None and window_start < p[1] < due_at
                      and calendar.working_days_between(_day(p[1]), last_day)
                      < min_working_days), None)
    if pause is None:
        return False
    return met is None or met > pause[0]


def reply_due(
    reply_due_at: _dt.datetime | None, issued_at: _dt.datetime, matter: Matter,
    calendar: Calendar, *, details: tuple[tuple[str, str], ...] = (),
    last_day: _dt.date | None = None,
) -> _dt.datetime | None:
    """The reply deadline of an escalation issued at ``issued_at`` (a reminder's 当日报告,
    ``daoli-2017 art.7(3)``) as the ladder reads it (library convention); None when it has
    none, or while a suspension begun after the issue is under way.

    When the deadline the escalation chased (its ``deadline`` detail) has since moved to
    ``last_day``, the occasion's deadline now (a suspension resumed, an extension granted
    after the reminder), the reply moves on by the working days the deadline moved: the
    reminder stands for the moved deadline, answered as a reminder issued after it would be.
    Otherwise it moves on by the working days of each suspension begun after the issue (see
    :func:`shifted`)."""
    if reply_due_at is None:
        return None
    reply_day = _day(reply_due_at - _dt.timedelta(microseconds=1))
    chased = dict(details).get("deadline")
    if chased is not None and last_day is not None and last_day > _dt.date.fromisoformat(chased):
        moved_by = calendar.working_days_between(_dt.date.fromisoformat(chased), last_day)
        new_day = calendar.add_working_days(reply_day, moved_by) if moved_by > 0 else reply_day
        return reply_due_at + (new_day - reply_day)
    if not matter.suspensions:
        return reply_due_at
    moved = shifted(reply_day, reply_due_at, issued_at, pauses_of(matter), calendar)
    return None if moved is None else moved[1]
