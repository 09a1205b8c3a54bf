"""How dates and times are written in Chinese official text and in English.

Chinese dates follow GB/T 9704 usage: Arabic numerals, the full year, no leading zeros
(2026年9月30日). These helpers are pure and locale-independent.
"""

from __future__ import annotations

import datetime as _dt

__all__ = [
    "cn_date",
    "cn_datetime",
    "cn_weekday",
    "en_date",
    "en_datetime",
    "holiday_name_en",
]

_HOLIDAYS_EN = {
    "元旦": "New Year's Day",
    "春节": "Spring Festival",
    "清明节": "Tomb-sweeping Day",
    "劳动节": "Labour Day",
    "端午节": "Dragon Boat Festival",
    "中秋节": "Mid-autumn Festival",
    "国庆节": "National Day",
}

_WEEKDAYS_CN = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")
_MONTHS_EN = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def cn_date(day: _dt.date, *, omit_year: int | None = None) -> str:
    """``2026年9月30日``; the year is left out when it equals ``omit_year``."""
    if omit_year is not None and day.year == omit_year:
        return f"{day.month}月{day.day}日"
    return f"{day.year}年{day.month}月{day.day}日"


def cn_datetime(moment: _dt.datetime, *, omit_year: int | None = None) -> str:
    """``2026年9月30日16时30分`` (minutes left out when zero: ``2026年9月30日17时``)."""
    text = cn_date(moment.date(), omit_year=omit_year) + f"{moment.hour}时"
    if moment.minute:
        text += f"{moment.minute}分"
    return text


def cn_weekday(day: _dt.date) -> str:
    """``星期六``."""
    return _WEEKDAYS_CN[day.weekday()]


def en_date(day: _dt.date) -> str:
    """``30 September 2026``."""
    return f"{day.day} {_MONTHS_EN[day.month - 1]} {day.year}"


def en_datetime(moment: _dt.datetime) -> str:
    """``16:30 on 30 September 2026``."""
    return f"{moment.hour:02d}:{moment.minute:02d} on {en_date(moment.date())}"


def holiday_name_en(name: str) -> str:
    """English name of a Chinese statutory holiday (国庆节 → National Day); others as given."""
    return _HOLIDAYS_EN.get(name, name)
