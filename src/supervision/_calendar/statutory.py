"""The statutory holidays (法定节假日) of 《全国年节及纪念日放假办法》, known years in advance.

Article 2 of the measures fixes the days every citizen has off; the yearly State Council notice
only arranges the 调休 around them (which weekends are moved, which become working days, and
which working day makes good a holiday that falls on a weekend, 第六条 补假). So a year whose
notice is not yet published still has its statutory holidays: a provisional calendar keeps them
as days off and counts the weekends as rest days, and only the 调休 stays unknown.

The text in force for each year (verified against the published texts; see docs/calendar.md):

* from 2000 (1999 text, 国务院令第270号): 元旦 1月1日; 春节 正月初一至初三; 劳动节 5月1日至3日;
  国庆节 10月1日至3日;
* from 2008 (2007 text, 国务院令第513号): 元旦; 春节 除夕、正月初一、初二; 清明节 (清明当日);
  劳动节 5月1日; 端午节 (农历端午当日); 中秋节 (农历中秋当日); 国庆节 10月1日至3日;
* from 2014 (2013 text, 国务院令第644号): as 2008, but 春节 正月初一至初三;
* from 2025 (2024 text, 国务院令第795号, in force 2025-01-01): as 2014, but 春节 除夕、正月初一至
  初三 (4 days) and 劳动节 5月1日、2日.

The lunar dates come from :mod:`supervision._calendar.lunar_table`, generated with lunar-python
and checked by tests/test_calendar_statutory.py, which also checks the rule against every
published schedule of 2004–2026.
"""

from __future__ import annotations

import datetime as _dt
from typing import Final

from supervision._calendar import lunar_table
from supervision.exceptions import InvalidInput

__all__ = ["FIRST_YEAR", "LAST_YEAR", "basis", "has_statutory_holidays", "statutory_holidays"]

_date = _dt.date
_ONE_DAY = _dt.timedelta(days=1)

#: The years whose statutory holidays this module knows (the span of the lunar table).
FIRST_YEAR: Final = lunar_table.FIRST_YEAR
LAST_YEAR: Final = lunar_table.LAST_YEAR


class _Text:
    """One text of the measures: from which year, and the days its article 2 gives."""

    __slots__ = ("citation", "from_year", "labour", "lunar_festivals", "spring")

    def __init__(self, from_year: int, citation: str, spring: tuple[int, ...],
                 labour: tuple[int, ...], *, lunar_festivals: bool) -> None:
        self.from_year = from_year
        self.citation = citation
        self.spring = spring  # offsets from 正月初一 (−1 is 除夕)
        self.labour = labour  # days of May
        self.lunar_festivals = lunar_festivals  # 清明节, 端午节, 中秋节 (from 2008)


_TEXTS: Final = (
    _Text(2000, "《全国年节及纪念日放假办法》（1999年9月18日国务院令第270号修订）",
          (0, 1, 2), (1, 2, 3), lunar_festivals=False),
    _Text(2008, "《全国年节及纪念日放假办法》（2007年12月14日国务院令第513号修订）",
          (-1, 0, 1), (1,), lunar_festivals=True),
    _Text(2014, "《全国年节及纪念日放假办法》（2013年12月11日国务院令第644号修订）",
          (0, 1, 2), (1,), lunar_festivals=True),
    _Text(2025, "《全国年节及纪念日放假办法》（2024年11月10日国务院令第795号修订，"
          "2025年1月1日起施行）", (-1, 0, 1, 2), (1, 2), lunar_festivals=True),
)


def has_statutory_holidays(year: int) -> bool:
    """Whether :func:`statutory_holidays` knows ``year``."""
    return FIRST_YEAR <= year <= LAST_YEAR


def _text(year: int) -> _Text:
    if year.__class__ is not int or not has_statutory_holidays(year):
        raise InvalidInput(
            "year", f"a year in {FIRST_YEAR}–{LAST_YEAR} (the statutory-holiday table)", year
        )
    return next(t for t in reversed(_TEXTS) if t.from_year <= year)


def basis(year: int) -> str:
    """The text of the measures that gives ``year``'s statutory holidays."""
    return _text(year).citation


def _day(year: int, mmdd: str) -> _date:
    return _date(year, int(mmdd[:2]), int(mmdd[2:]))


_CACHE: dict[int, dict[_date, str]] = {}


def statutory_holidays(year: int) -> dict[_date, str]:
    """The statutory holidays of ``year`` (date → name), in date order.

    They are the days article 2 of the text in force gives every citizen off — no 调休 and no
    补假, which only the year's notice fixes. A lunar holiday that falls on a fixed one (中秋节 on
    1 October) is one day, named after the fixed holiday (国庆节).
    """
    text = _text(year)
    cached = _CACHE.get(year)
    if cached is None:
        spring, qingming, dragon_boat, mid_autumn = lunar_table.ROWS[year - FIRST_YEAR].split()
        new_year = _day(year, spring)
        days: dict[_date, str] = {new_year + k * _ONE_DAY: "春节" for k in text.spring}
        if text.lunar_festivals:
            days[_day(year, qingming)] = "清明节"
            days[_day(year, dragon_boat)] = "端午节"
            days[_day(year, mid_autumn)] = "中秋节"
        days[_date(year, 1, 1)] = "元旦"
        for d in text.labour:
            days[_date(year, 5, d)] = "劳动节"
        for d in (1, 2, 3):
            days[_date(year, 10, d)] = "国庆节"
        cached = _CACHE[year] = dict(sorted(days.items()))
    return dict(cached)
