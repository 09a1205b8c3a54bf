"""The words of a period's trace (计算过程): how a period ends, why a day is not a working day,
and the holiday runs a working-day count skips. Used by :mod:`supervision.periods`."""

from __future__ import annotations

import datetime as _dt
import re

from supervision.calendar import Calendar, DayKind
from supervision.text import FULL_WIDTH_DIGITS, cn_date, cn_weekday, en_date, holiday_name_en

__all__ = ["end_text", "holiday_runs", "read_period", "why_not_working", "words_count"]

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


# ------------------------------------------------------------------ counts written in words
_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
           "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}


def _section(n: int) -> str:
    """The words of 1 ≤ n < 10 000 (一千零五, 一百一十)."""
    words, gap = "", False
    for unit, digit in zip((1000, 100, 10, 1), (n // 1000, n // 100 % 10, n // 10 % 10, n % 10),
                           strict=True):
        if digit == 0:
            gap = bool(words)
            continue
        if gap:
            words += "零"
            gap = False
        words += "零一二三四五六七八九"[digit] + {1000: "千", 100: "百", 10: "十", 1: ""}[unit]
    return words


def _words(n: int) -> str:
    """The standard words of 1 ≤ n < 100 000 000 (十五, 一百零五, 八十七万六千六百)."""
    high, low = divmod(n, 10_000)
    if not high:
        text = _section(low)
    else:
        text = _section(high) + "万"
        if low:
            text += ("零" if low < 1000 else "") + _section(low)
    return text[1:] if text.startswith("一十") else text


def words_count(text: str) -> int | None:
    """The number written in Chinese words (十五, 一百二十, 两, 三十万) or None when ``text`` is
    not a number written in the standard way; 两 stands for 二, 〇 for 零, 一十 for 十."""
    if not text or len(text) > 20 or any(c not in _DIGITS and c not in _UNITS and c != "万"
                                         for c in text):
        return None
    total = section = number = 0
    for c in text:
        if c in _DIGITS:
            number = _DIGITS[c]
        elif c == "万":
            total, section, number = (section + number) * 10_000, 0, 0
        else:
            section += (number or 1) * _UNITS[c]
            number = 0
    value = total + section + number
    if not 0 < value < 100_000_000:
        return None
    plain = text.replace("两", "二").replace("〇", "零")
    standard = _words(value)
    if plain == standard or (standard.startswith("十") and plain == "一" + standard):
        return value
    return None


# digits (15) or words (十五); a trailing 内 / 以内 includes the number (rules.md §2): 5日内 is 5日
_PERIOD_TEXT = re.compile(r"(?P<n>[1-9][0-9]*|[零〇一二两三四五六七八九十百千万]+)"
                          r"(?P<unit>个?工作日|个?自然日|日|天|个月|月|个?小时)(?:以内|之内|内)?")


def read_period(compact: str) -> tuple[str, int] | None:
    """(unit word, count) of a period's text without whitespace (``十五个工作日`` →
    ``("个工作日", 15)``; full-width digits read as ASCII), or None when it is not one."""
    match = _PERIOD_TEXT.fullmatch(compact.translate(FULL_WIDTH_DIGITS))
    if match is None:
        return None
    number = match["n"]
    count = int(number) if number.isascii() and number.isdigit() else words_count(number)
    return None if count is None else (match["unit"], count)
