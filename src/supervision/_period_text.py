"""The words of a period's trace (计算过程): how a period ends, why a day is not a working day,
and the holiday runs a working-day count skips. Used by :mod:`supervision.periods`."""

from __future__ import annotations

import datetime as _dt

from supervision.calendar import Calendar, DayKind
from supervision.text import cn_date, cn_weekday, en_date, holiday_name_en

__all__ = ["end_text", "holiday_runs", "why_not_working"]

_ONE_DAY = _dt.timedelta(days=1)


def end_text(last_day: _dt.date, close: _dt.time | None) -> tuple[str, str]:
    if close is None:
        return (
            f"期限至{cn_date(last_day)}24时届满。",
            f"It ends at 24:00 on {en_date(last_day)}.",
        )
    clock = f"{close.hour}时" + (f"{close.minute}分" if close.minute else "")
    return (
        f"期限至{cn_date(last_day)}{clock}（办公时间结束）届满。",
        f"It ends when the office closes, at {close.hour:02d}:{close.minute:02d} on "
        f"{en_date(last_day)}.",
    )


def why_not_working(day: _dt.date, calendar: Calendar, ref_year: int) -> tuple[str, str, str]:
    """(Chinese clause, English clause, Chinese note) saying why ``day`` is not a working day."""
    kind = calendar.day_kind(day)
    if kind is DayKind.HOLIDAY:
        name = calendar.holiday_name(day) or "节假日"
        return (
            f"{cn_date(day, omit_year=ref_year)}为法定节假日",
            f"{en_date(day)}, is a statutory holiday ({holiday_name_en(name)})",
            f"{cn_date(day, omit_year=ref_year)}属{name}假期。",
        )
    return (
        f"{cn_date(day, omit_year=ref_year)}为休息日",
        f"{en_date(day)}, is a rest day ({day.strftime('%A')})",
        f"{cn_date(day, omit_year=ref_year)}为{cn_weekday(day)}。",
    )


def holiday_runs(
    calendar: Calendar, start: _dt.date, last: _dt.date
) -> list[tuple[_dt.date, _dt.date, str]]:
    """Runs of consecutive holiday days strictly between ``start`` and ``last``, named."""
    runs: list[tuple[_dt.date, _dt.date, str]] = []
    day = start + _ONE_DAY
    while day < last:
        name = calendar.holiday_name(day)
        if name is not None and calendar.day_kind(day) is DayKind.HOLIDAY:
            if runs and runs[-1][2] == name and runs[-1][1] + _ONE_DAY == day:
                runs[-1] = (runs[-1][0], day, name)
            else:
                runs.append((day, day, name))
        day += _ONE_DAY
    return runs
