"""The calendar's precomputed tables (built from the week's pattern and the day maps, without
a loop over the days) are, day for day, what the straightforward walk over every day gives."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import pytest

from supervision.calendar import Calendar, YearSchedule, _build_tables, china

D = dt.date


def _walked(first_year: int, last_year: int, off: Mapping[D, str], on: Mapping[D, str]
            ) -> tuple[int, int, int, bytes, list[int], list[D]]:
    """The tables as the calendar built them before: one step per day."""
    base = D(first_year, 1, 1).toordinal()
    end = D(last_year, 12, 31).toordinal()
    flags = bytearray(end - base + 1)
    prefix = [0] * (end - base + 1)
    workdays: list[D] = []
    count = 0
    for i in range(end - base + 1):
        day = D.fromordinal(base + i)
        if day in on or (day.weekday() < 5 and day not in off):
            flags[i] = 1
            count += 1
            workdays.append(day)
        prefix[i] = count
    return base, first_year, last_year, bytes(flags), prefix, workdays


def _stored(calendar: Calendar) -> tuple[int, int, int, bytes, list[int], list[D]]:
    return (calendar._base, calendar._first_year, calendar._last_year, calendar._flags,
            calendar._prefix, calendar._workdays)


@pytest.mark.parametrize("provisional", [False, True], ids=["published", "provisional"])
def test_the_national_calendars_tables_are_the_day_by_day_walk(provisional: bool) -> None:
    """china() (2004–2026) and china(provisional=True) (ten more years): every day's flag,
    every running count and the list of working days equal the walk over the days."""
    calendar = china(provisional=provisional)
    walked = _walked(calendar._first_year, calendar._last_year, calendar._off, calendar._on)
    assert walked == _stored(calendar)
    assert len(walked[3]) == (D(calendar._last_year, 12, 31)
                              - D(calendar._first_year, 1, 1)).days + 1


@pytest.mark.parametrize("first_year", range(2020, 2027))  # each weekday of 1 January
def test_the_tables_start_on_any_weekday_and_ignore_days_outside_them(first_year: int) -> None:
    """A span starting on each weekday, with days off and make-up days on its edges and
    outside it, and a day in both maps (the make-up day prevails), gives the walk's tables."""
    last_year = first_year + 1
    off = {D(first_year, 1, 1): "元旦", D(last_year, 12, 31): "x", D(first_year - 1, 12, 30): "x",
           D(last_year + 1, 1, 2): "x", D(first_year, 10, 1): "国庆节",
           D(first_year, 10, 3): "国庆节", D(first_year, 10, 4): "国庆节"}
    on = {D(first_year, 10, 4): "国庆节", D(first_year - 1, 12, 26): "y",
          D(last_year + 1, 1, 3): "y", D(last_year, 12, 30): "z"}
    assert _walked(first_year, last_year, off, on) == _build_tables(first_year, last_year, off,
                                                                     on)


def test_a_calendar_of_notices_keeps_the_walks_tables() -> None:
    """A calendar built from notices (one with December days of the year before) stores the
    walk's tables for its own day maps."""
    notices = [YearSchedule.build(2027, {D(2026, 12, 31): "元旦", D(2027, 1, 1): "元旦"},
                                  {D(2026, 12, 26): "元旦"}),
               YearSchedule.build(2026, {D(2026, 10, 1): "国庆节"}, {D(2026, 10, 10): "国庆节"})]
    calendar = Calendar.from_schedules(notices)
    assert _walked(2026, 2027, calendar._off, calendar._on) == _stored(calendar)
