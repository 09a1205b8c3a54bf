"""Calendar reporting cycles (rules.md §2 calendar anchors): the calendar weeks, months,
quarters, half-years and years a matter owes a report for."""

from __future__ import annotations

import datetime as _dt
from typing import Final

from supervision.calendar import Calendar
from supervision.domain.model import ReportingCycle
from supervision.domain.policy import Cycle

__all__ = ["DEFAULT_FIRST_CYCLE_WORKING_DAYS", "cycle_windows"]


#: How many working days of the dispatch cycle must remain for its report to be owed, unless
#: a rule says otherwise (rules.md §2 calendar anchors).
DEFAULT_FIRST_CYCLE_WORKING_DAYS: Final = 5


_CYCLE_MONTHS: Final = {"monthly": 1, "quarterly": 3, "half_yearly": 6, "yearly": 12}


def _cycle_start(value: str, day: _dt.date) -> _dt.date | None:
    """The first day of the calendar cycle ``value`` containing ``day`` (None: not a cycle)."""
    if value == "weekly":
        return day - _dt.timedelta(days=day.weekday())
    months = _CYCLE_MONTHS.get(value)
    if months is None:
        return None
    index = (day.year * 12 + day.month - 1) // months * months
    return _dt.date(index // 12, index % 12 + 1, 1)


def _cycle_after(value: str, first: _dt.date) -> _dt.date:
    """The first day of the cycle after the one beginning on ``first``."""
    if value == "weekly":
        return first + _dt.timedelta(days=7)
    index = first.year * 12 + first.month - 1 + _CYCLE_MONTHS[value]
    return _dt.date(index // 12, index % 12 + 1, 1)


def cycle_windows(
    cycle: ReportingCycle | Cycle,
    dispatched: _dt.date,
    until: _dt.date,
    calendar: Calendar,
    min_working_days: int = DEFAULT_FIRST_CYCLE_WORKING_DAYS,
) -> list[tuple[_dt.date, _dt.date]]:
    """Calendar cycles (rules.md §2: calendar weeks, months, quarters, half-years, years)
    from the one the matter was dispatched in, up to the one containing ``until``: (first day,
    last day). The dispatch cycle is owed (its report falls due at its end) unless fewer than
    ``min_working_days`` working days of it remain after the dispatch day; then the first
    report is the next cycle's. A cycle is never skipped because it began earlier on the
    dispatch day."""
    value = cycle.value if isinstance(cycle, ReportingCycle) else cycle.key
    first = _cycle_start(value, dispatched)
    if first is None:
        return []
    nxt = _cycle_after(value, first)
    # rules.md §2 calendar anchors: a cycle that began on the dispatch day (at 00:00, earlier
    # than the dispatch) is owed whatever is left of it; only a cycle already under way at the
    # dispatch day may be passed over for want of working days
    if first != dispatched and (
        calendar.working_days_between(dispatched, nxt - _dt.timedelta(days=1)) < min_working_days
    ):
        first, nxt = nxt, _cycle_after(value, nxt)
    windows: list[tuple[_dt.date, _dt.date]] = []
    while first <= until:
        windows.append((first, nxt - _dt.timedelta(days=1)))
        first, nxt = nxt, _cycle_after(value, nxt)
    return windows
