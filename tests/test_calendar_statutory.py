"""Provisional years keep the statutory holidays of 《全国年节及纪念日放假办法》.

The lunar holidays' Gregorian dates ship as a generated table (supervision._calendar.lunar_table);
these tests regenerate it from lunar-python (``dev`` extra), check 清明 against chinese-calendar's
own solar terms, and check the statutory rule against every published schedule of 2004–2026.

Regenerate the table with::

    .venv/bin/python tests/test_calendar_statutory.py > src/supervision/_calendar/lunar_table.py
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import chinese_calendar
import pytest
from lunar_python import Lunar, Solar  # type: ignore[import-untyped]

from supervision import Period, calendar
from supervision._calendar import lunar_table
from supervision.calendar import DayKind
from supervision.exceptions import CalendarDataUnavailable, InvalidInput

D = dt.date
TABLE = Path(calendar.__file__).parent / "_calendar" / "lunar_table.py"
FIRST, LAST = 2000, 2099


@pytest.fixture(scope="module")
def provisional() -> calendar.Calendar:
    """The published calendar with provisional counting after 2026 (built lazily, so that this
    file still runs as the table's generator when the table is broken)."""
    return calendar.china(provisional=True)


# ------------------------------------------------------------------ the generated table
def _lunar(year: int, month: int, day: int) -> dt.date:
    solar = Lunar.fromYmd(year, month, day).getSolar()
    return D(solar.getYear(), solar.getMonth(), solar.getDay())


def _qingming(year: int) -> dt.date:
    term = Solar.fromYmd(year, 4, 15).getLunar().getJieQiTable()["清明"]
    return D(term.getYear(), term.getMonth(), term.getDay())


def _row(year: int) -> str:
    days = (_lunar(year, 1, 1), _qingming(year), _lunar(year, 5, 5), _lunar(year, 8, 15))
    return " ".join(f"{d.month:02d}{d.day:02d}" for d in days)


def generate_table() -> str:
    """The text of supervision/_calendar/lunar_table.py, computed with lunar-python."""
    rows = "\n".join(f'    "{_row(year)}",  # {year}' for year in range(FIRST, LAST + 1))
    title = (
        f"Gregorian dates of the lunar statutory holidays and of 清明, {FIRST}–{LAST} (generated)."
    )
    return f'''"""{title}

Do not edit: regenerate with
``.venv/bin/python tests/test_calendar_statutory.py > src/supervision/_calendar/lunar_table.py``
(it needs lunar-python, in the ``dev`` extra); tests/test_calendar_statutory.py checks that this
file is exactly what lunar-python gives and that 清明 agrees with chinese-calendar's solar terms.
"""

from typing import Final

FIRST_YEAR: Final = {FIRST}
LAST_YEAR: Final = {LAST}

#: One row a year from FIRST_YEAR: 春节 (正月初一), 清明, 端午 (五月初五), 中秋 (八月十五), as MMDD.
#: 除夕 is the day before 正月初一.
ROWS: Final[tuple[str, ...]] = (
{rows}
)
'''


def test_the_shipped_lunar_table_is_what_lunar_python_generates() -> None:
    """lunar_table.py is, byte for byte, the table lunar-python gives for 2000–2099."""
    assert generate_table() == TABLE.read_text(encoding="utf-8")


def test_qingming_in_the_table_agrees_with_chinese_calendars_solar_terms() -> None:
    """清明 of every year in the table is chinese-calendar's solar term 清明 of that year."""
    expected = {
        year: next(
            day
            for day, term in chinese_calendar.get_solar_terms(D(year, 4, 1), D(year, 4, 10))
            if term == "清明"
        )
        for year in range(FIRST, LAST + 1)
    }
    actual = {year: D(year, int(row[5:7]), int(row[7:9])) for year, row in
              zip(range(lunar_table.FIRST_YEAR, lunar_table.LAST_YEAR + 1), lunar_table.ROWS,
                  strict=True)}
    assert expected == actual


# ------------------------------------------------------------------ the statutory rule
def _published_off(year: int) -> list[dt.date]:
    return [d for d in calendar.statutory_holidays(year) if calendar.china().is_working_day(d)]


@pytest.mark.parametrize("year", range(2004, 2027))
def test_every_statutory_holiday_is_a_day_off_in_the_published_schedule(year: int) -> None:
    """Each statutory holiday of the law in force (1999, 2007, 2013, 2024 texts) was a day off
    in that year's published notice, which checks the rule and the lunar table together."""
    assert [] == _published_off(year)


def test_statutory_holidays_of_2027_under_the_2024_text() -> None:
    """2027 under 国务院令第795号: 元旦 1, 春节 4 (除夕 to 初三), 清明 1, 劳动节 2, 端午 1,
    中秋 1, 国庆节 3 days: 13 days."""
    expected = {
        D(2027, 1, 1): "元旦",
        D(2027, 2, 5): "春节", D(2027, 2, 6): "春节", D(2027, 2, 7): "春节", D(2027, 2, 8): "春节",
        D(2027, 4, 5): "清明节",
        D(2027, 5, 1): "劳动节", D(2027, 5, 2): "劳动节",
        D(2027, 6, 9): "端午节",
        D(2027, 9, 15): "中秋节",
        D(2027, 10, 1): "国庆节", D(2027, 10, 2): "国庆节", D(2027, 10, 3): "国庆节",
    }
    assert expected == calendar.statutory_holidays(2027)


def test_spring_festival_before_2014_starts_on_new_years_eve() -> None:
    """Under the 2007 text (2008–2013) 春节 is 除夕, 初一 and 初二: 2013-02-09 to 02-11."""
    spring = [d for d, name in calendar.statutory_holidays(2013).items() if name == "春节"]
    assert [D(2013, 2, 9), D(2013, 2, 10), D(2013, 2, 11)] == spring


def test_a_mid_autumn_festival_inside_national_day_is_one_day_off() -> None:
    """In 2020 中秋 fell on 1 October: the day is named 国庆节 and counted once (8 days in all)."""
    days = calendar.statutory_holidays(2020)
    assert ("国庆节", 10) == (days[D(2020, 10, 1)], len(days))


def test_statutory_holidays_outside_the_table_are_refused() -> None:
    """Years the lunar table does not cover raise InvalidInput naming the year."""
    with pytest.raises(InvalidInput) as info:
        calendar.statutory_holidays(2100)
    assert "year" == info.value.field


# ------------------------------------------------------------------ provisional calendars
@pytest.mark.parametrize(
    ("day", "name"),
    [
        (D(2027, 1, 1), "元旦"),
        (D(2027, 5, 1), "劳动节"),
        (D(2027, 10, 1), "国庆节"),
        (D(2027, 2, 5), "春节"),  # 除夕
        (D(2027, 4, 5), "清明节"),
        (D(2027, 6, 9), "端午节"),
        (D(2027, 9, 15), "中秋节"),
    ],
)
def test_provisional_year_keeps_the_statutory_holidays(
    provisional: calendar.Calendar, day: dt.date, name: str
) -> None:
    """In a provisional year the statutory holidays stay days off, named, never working days."""
    assert (False, DayKind.HOLIDAY, name) == (
        provisional.is_working_day(day), provisional.day_kind(day), provisional.holiday_name(day)
    )


def test_provisional_year_has_no_make_up_days(provisional: calendar.Calendar) -> None:
    """No 调休 is known for a provisional year: every Saturday and Sunday of 2027 is a rest day."""
    weekends = [D(2027, 1, 1) + dt.timedelta(k) for k in range(365)]
    assert [] == [d for d in weekends if d.weekday() >= 5 and provisional.is_working_day(d)]


def test_provisional_new_year_is_skipped_and_the_result_marked(
    provisional: calendar.Calendar,
) -> None:
    """One working day after 31 December 2026 is Monday 4 January 2027 (元旦 is not guessed
    away), and the count is marked provisional."""
    assert D(2027, 1, 4) == provisional.add_working_days(D(2026, 12, 31), 1)
    assert provisional.touches_provisional(D(2026, 12, 31), D(2027, 1, 4)) is True


def test_provisional_national_day_week_counts_only_the_statutory_three_days(
    provisional: calendar.Calendar,
) -> None:
    """(30 September, 8 October 2027]: 1–3 October off, the weekend off, 4–8 October counted."""
    assert 5 == provisional.working_days_between(D(2027, 9, 30), D(2027, 10, 8))


def test_provisional_deadline_across_spring_festival_is_marked(
    provisional: calendar.Calendar,
) -> None:
    """3 working days from Thursday 4 February 2027 skip 除夕 to 初三 (5–8 February): the 11th,
    marked provisional."""
    deadline = Period.working_days(3).deadline(D(2027, 2, 4), provisional)
    assert (D(2027, 2, 11), True) == (deadline.last_day, deadline.provisional)


def test_provisional_years_stop_where_the_table_does() -> None:
    """A provisional span reaching past 2099 refuses those years rather than guess them."""
    late = calendar.Calendar({}, {}, [2095], provisional=True, provisional_years=10)
    assert frozenset(range(2096, 2100)) == late.provisional_years
    with pytest.raises(CalendarDataUnavailable) as info:
        late.is_working_day(D(2100, 3, 1))
    assert 2100 == info.value.year


def test_provisional_source_names_the_statutory_text(provisional: calendar.Calendar) -> None:
    """A provisional year's source says it is the statutory holidays only, under which text."""
    assert "国务院令第795号" in provisional.source(2027)


def test_supplying_the_year_replaces_the_provisional_guess(provisional: calendar.Calendar) -> None:
    """Once 2027 is supplied its notice decides: a made-up make-up Saturday becomes working."""
    supplied = provisional.with_year(2027, {D(2027, 1, 1): "元旦"}, {D(2027, 1, 9): "元旦"})
    assert (True, False) == (
        supplied.is_working_day(D(2027, 1, 9)), supplied.touches_provisional(D(2027, 1, 9))
    )


if __name__ == "__main__":
    sys.stdout.write(generate_table())
