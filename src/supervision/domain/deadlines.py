"""Deriving a matter's due date from its inputs (pure; the calendar is an argument).

The due date is never typed in: :func:`derive_due` computes it from the
:class:`~supervision.domain.model.DeadlineTerms` (a stated period or day, or the category
default; counted from the dispatch instant or an explicit start), then applies, in the order
they happened, every granted extension (the due day becomes the granted day) and every
finished suspension (the due day moves on by the working days paused). Recomputing with a
newer calendar (a year's schedule published later) gives the firm date.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable

from supervision.calendar import SHANGHAI, Calendar
from supervision.domain.model import (
    DeadlineTerms,
    Decision,
    DueDate,
    Extension,
    Suspension,
)
from supervision.exceptions import InvalidInput
from supervision.text import cn_date

__all__ = ["derive_due", "working_days_paused"]


def _end_of(day: _dt.date, close: _dt.time | None) -> _dt.datetime:
    if close is None:
        return _dt.datetime.combine(day + _dt.timedelta(days=1), _dt.time(0), SHANGHAI)
    return _dt.datetime.combine(day, close, SHANGHAI)


def working_days_paused(start: _dt.datetime, end: _dt.datetime, calendar: Calendar) -> int:
    """Working days a suspension paused: those after the suspension day, up to and including
    the resume day (library convention; 0 when resumed the same day)."""
    a = start.astimezone(SHANGHAI).date()
    b = end.astimezone(SHANGHAI).date()
    return max(0, calendar.working_days_between(a, b))


def derive_due(
    terms: DeadlineTerms,
    start: _dt.datetime,
    calendar: Calendar,
    *,
    extensions: Iterable[Extension] = (),
    suspensions: Iterable[Suspension] = (),
    close: _dt.time | None = None,
) -> DueDate:
    """The due date in force.

    ``start`` is used when ``terms.start_at`` is None (normally the dispatch instant).
    ``close`` is the office's closing time (None: periods end at 24:00).
    """
    begin = terms.start_at or start
    if terms.period is not None:
        deadline = terms.period.deadline(begin, calendar, close)
        base_day = deadline.last_day
        due_at = deadline.due_at
        provisional = deadline.provisional
        explanation = deadline.explain_zh()
    elif terms.due_day is not None:
        base_day = terms.due_day
        due_at = _end_of(base_day, close)
        provisional = calendar.touches_provisional(base_day)
        explanation = f"督办通知明确期限：{cn_date(base_day)}前办结。"
    else:  # pragma: no cover - DeadlineTerms constructors forbid it
        raise InvalidInput("terms", "a period or a due day", terms)
    changes: list[tuple[_dt.datetime, str, _dt.date | int]] = []
    for ext in extensions:
        if (
            ext.decision is Decision.ACCEPTED
            and ext.granted_day is not None
            and ext.decided_at is not None
            and ext.decided_at >= begin
        ):
            changes.append((ext.decided_at, "extension", ext.granted_day))
    for sus in suspensions:
        if sus.resumed_at is not None and sus.working_days_paused > 0 and sus.resumed_at >= begin:
            changes.append((sus.resumed_at, "suspension", sus.working_days_paused))
    changes.sort(key=lambda c: c[0])
    last_day = base_day
    for _, kind, value in changes:
        if kind == "extension":
            assert isinstance(value, _dt.date)
            new_day = value
            explanation += f"经批准延期至{cn_date(new_day)}。"
        else:
            assert isinstance(value, int)
            new_day = calendar.add_working_days(last_day, value)
            explanation += f"中止期间计{value}个工作日，期限顺延至{cn_date(new_day)}。"
        due_at = due_at + (new_day - last_day)
        last_day = new_day
        provisional = provisional or calendar.touches_provisional(new_day)
    return DueDate(base_day, last_day, due_at, provisional, explanation)
