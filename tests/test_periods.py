"""Periods counted by 民法典 第二百零一条至第二百零三条 (rules.md §2), with worked 2026 examples."""

from __future__ import annotations

import datetime as dt

import attrs
import chinese_calendar
import pytest
from hypothesis import given
from hypothesis import strategies as st

from supervision import Deadline, Period, PeriodUnit, calendar
from supervision.calendar import SHANGHAI
from supervision.exceptions import (
    CalendarDataUnavailable,
    InputOutOfBounds,
    InvalidInput,
    NaiveDatetime,
)
from supervision.periods import FIRST_DAY, LAST_DAY, MAX_COUNT

CHINA = calendar.china()
D = dt.date


def at(
    y: int, m: int, d: int, hh: int = 9, mm: int = 0, tz: dt.tzinfo = SHANGHAI
) -> dt.datetime:
    return dt.datetime(y, m, d, hh, mm, tzinfo=tz)


# ------------------------------------------------------------------ calendar-day periods
def test_3_days_from_30_september_2026_roll_past_national_day() -> None:
    """第二百零三条: the last day 3 October is a holiday, so the period ends on 8 October."""
    deadline = Period.days(3).deadline(D(2026, 9, 30), CHINA)
    assert D(2026, 10, 8) == deadline.last_day
    assert D(2026, 10, 3) == deadline.nominal_last_day
    assert deadline.rolled is True
    expected = "自2026年9月30日次日起算3日，末日10月3日为法定节假日，顺延至10月8日"
    assert expected in deadline.explain()
    assert "National Day" in deadline.explain() or "国庆节" in deadline.explain()


def test_period_ends_at_24_00_of_the_last_day() -> None:
    """第二百零三条第二款: without a closing time the period ends at 24:00 of its last day."""
    deadline = Period.days(3).deadline(D(2026, 9, 30), CHINA)
    assert dt.datetime(2026, 10, 9, 0, 0, tzinfo=SHANGHAI) == deadline.due_at
    assert "10月8日24时届满" in deadline.explain_zh()


def test_office_closing_time_ends_the_period_earlier() -> None:
    """第二百零三条第二款: with business hours the period ends when the office closes."""
    deadline = Period.days(3).deadline(D(2026, 9, 30), CHINA, close=dt.time(17, 30))
    assert dt.datetime(2026, 10, 8, 17, 30, tzinfo=SHANGHAI) == deadline.due_at
    assert "17时30分" in deadline.explain_zh()


def test_start_day_is_not_counted() -> None:
    """第二百零一条: 3 days from Monday 2 November 2026 end on Thursday 5 November."""
    assert D(2026, 11, 5) == Period.days(3).deadline(D(2026, 11, 2), CHINA).last_day


def test_holidays_inside_a_day_period_are_counted() -> None:
    """Only the last day moves: 15 days from 20 September 2026 reach 5 October, then 8 October."""
    deadline = Period.days(15).deadline(D(2026, 9, 20), CHINA)
    assert D(2026, 10, 5) == deadline.nominal_last_day
    assert D(2026, 10, 8) == deadline.last_day


def test_last_day_on_a_weekend_rolls_to_monday() -> None:
    """1 day from Friday 20 November 2026 is Saturday 21 November, rolled to Monday 23 November."""
    deadline = Period.days(1).deadline(D(2026, 11, 20), CHINA)
    assert D(2026, 11, 23) == deadline.last_day
    assert "休息日" in deadline.explain_zh()


def test_last_day_on_a_make_up_saturday_does_not_move() -> None:
    """A make-up working day does not move: 10 days from 30 September 2026 end on Sat 10 October."""
    deadline = Period.days(10).deadline(D(2026, 9, 30), CHINA)
    assert D(2026, 10, 10) == deadline.last_day
    assert deadline.rolled is False


def test_mid_autumn_sunday_rolls_to_monday() -> None:
    """3 days from 24 September 2026 end on Sunday 27 September (中秋节), rolled to 28 September."""
    assert D(2026, 9, 28) == Period.days(3).deadline(D(2026, 9, 24), CHINA).last_day


# ------------------------------------------------------------------ months
def test_31_january_plus_one_month_is_the_end_of_february() -> None:
    """第二百零二条: with no 31 February the last day is 28 February 2026 (a make-up Saturday)."""
    deadline = Period.months(1).deadline(D(2026, 1, 31), CHINA)
    assert D(2026, 2, 28) == deadline.last_day
    assert "到期月无对应日" in deadline.explain_zh()


def test_31_january_2024_plus_one_month_is_29_february() -> None:
    """In a leap year the month ends on 29 February."""
    assert D(2024, 2, 29) == Period.months(1).deadline(D(2024, 1, 31), CHINA).last_day


def test_month_ending_on_national_day_rolls() -> None:
    """1 month from 1 September 2026 reaches 1 October, rolled to 8 October."""
    deadline = Period.months(1).deadline(D(2026, 9, 1), CHINA)
    assert D(2026, 10, 1) == deadline.nominal_last_day
    assert D(2026, 10, 8) == deadline.last_day


def test_month_ending_in_spring_festival_rolls() -> None:
    """1 month from 17 January 2026 reaches 17 February (春节), rolled to 24 February."""
    assert D(2026, 2, 24) == Period.months(1).deadline(D(2026, 1, 17), CHINA).last_day


# ------------------------------------------------------------------ working days
def test_5_working_days_from_28_september_2026_count_the_make_up_saturday() -> None:
    """29, 30 Sep, 8, 9 Oct and Saturday 10 Oct (make-up) are the five working days."""
    deadline = Period.working_days(5).deadline(D(2026, 9, 28), CHINA)
    assert D(2026, 10, 10) == deadline.last_day
    text = deadline.explain_zh()
    assert "10月1日至10月7日为国庆节假期，不计入" in text
    assert "10月10日（星期六）为调休上班日，计入" in text


def test_working_days_from_a_holiday_start() -> None:
    """3 working days from 3 October 2026 (a holiday) are 8, 9 and 10 October."""
    assert D(2026, 10, 10) == Period.working_days(3).deadline(D(2026, 10, 3), CHINA).last_day


def test_working_days_across_new_year_2026_count_the_make_up_sunday() -> None:
    """1 working day from 31 December 2025 is Sunday 4 January 2026 (make-up)."""
    assert D(2026, 1, 4) == Period.working_days(1).deadline(D(2025, 12, 31), CHINA).last_day


# ------------------------------------------------------------------ 次日 and 当日
def test_next_day_rolls_over_a_holiday() -> None:
    """次日 is a one-day period: from 30 September 2026 it ends on 8 October."""
    deadline = Period.next_day().deadline(D(2026, 9, 30), CHINA)
    assert D(2026, 10, 8) == deadline.last_day
    assert "次日" in deadline.explain_zh()


def test_next_day_on_an_ordinary_weekday() -> None:
    """次日 from Tuesday 3 November 2026 is Wednesday 4 November."""
    assert D(2026, 11, 4) == Period.next_day().deadline(D(2026, 11, 3), CHINA).last_day


def test_same_day_ends_at_24_00_of_the_day_itself_even_on_a_holiday() -> None:
    """当日 ends at the end of the day the obligation arose, without rolling."""
    deadline = Period.same_day().deadline(at(2026, 10, 2, 10), CHINA)
    assert D(2026, 10, 2) == deadline.last_day
    assert dt.datetime(2026, 10, 3, tzinfo=SHANGHAI) == deadline.due_at


# ------------------------------------------------------------------ hours
def test_hours_run_through_holidays() -> None:
    """1 hour from 23:30 on 30 September 2026 ends at 00:30 on 1 October, a holiday, unrolled."""
    deadline = Period.hours(1).deadline(at(2026, 9, 30, 23, 30), CHINA)
    assert dt.datetime(2026, 10, 1, 0, 30, tzinfo=SHANGHAI) == deadline.due_at
    assert D(2026, 10, 1) == deadline.last_day
    assert "节假日照常计算" in deadline.explain_zh()


def test_hours_from_a_utc_start_are_reported_in_shanghai_time() -> None:
    """1 hour from 16:30 UTC on 30 September 2026 ends at 01:30 on 1 October in China."""
    deadline = Period.hours(1).deadline(at(2026, 9, 30, 16, 30, tz=dt.UTC), CHINA)
    assert dt.datetime(2026, 10, 1, 1, 30, tzinfo=SHANGHAI) == deadline.due_at
    assert "10月1日1时30分" in deadline.explain_zh()


def test_hours_cross_the_year_boundary_without_a_schedule() -> None:
    """Hours need no holiday schedule, so 2 hours from 23:00 on 31 December 2026 are fine."""
    deadline = Period.hours(2).deadline(at(2026, 12, 31, 23), CHINA)
    assert dt.datetime(2027, 1, 1, 1, tzinfo=SHANGHAI) == deadline.due_at
    assert deadline.provisional is False


def test_hours_need_a_moment_not_a_date() -> None:
    """An hour period from a bare date is refused."""
    with pytest.raises(InvalidInput) as info:
        Period.hours(1).deadline(D(2026, 9, 30), CHINA)
    assert "start" == info.value.field


# ------------------------------------------------------------------ time zones
def test_utc_start_near_midnight_counts_from_the_chinese_day() -> None:
    """16:30 UTC on 8 October 2026 is 9 October in China: 2 days end Sunday 11th, rolled to 12th."""
    from_utc = Period.days(2).deadline(at(2026, 10, 8, 16, 30, tz=dt.UTC), CHINA)
    from_shanghai = Period.days(2).deadline(at(2026, 10, 8, 23, 59), CHINA)
    assert D(2026, 10, 12) == from_utc.last_day
    assert D(2026, 10, 10) == from_shanghai.last_day
    assert D(2026, 10, 9) == from_utc.start_day


def test_naive_start_is_refused() -> None:
    """A naive datetime start raises NaiveDatetime naming start."""
    with pytest.raises(NaiveDatetime) as info:
        Period.days(3).deadline(dt.datetime(2026, 9, 30, 9), CHINA)
    assert "start" == info.value.field


def test_aware_close_time_is_refused() -> None:
    """The closing time is a wall-clock time in Asia/Shanghai, so it must be naive."""
    with pytest.raises(InvalidInput) as info:
        Period.days(3).deadline(D(2026, 9, 30), CHINA, close=dt.time(17, tzinfo=dt.UTC))
    assert "close" == info.value.field


@pytest.mark.parametrize("make", [Period.days, Period.working_days, Period.months, Period.hours])
@pytest.mark.parametrize("bad", [0, -1, True, 2.0])
def test_periods_need_a_positive_whole_number(make: object, bad: object) -> None:
    """立即/及时 are not zero-length periods: n must be an int ≥ 1."""
    with pytest.raises(InvalidInput):
        make(bad)  # type: ignore[operator]


# ------------------------------------------------------------------ unknown years
def test_day_period_into_2027_raises_without_a_schedule() -> None:
    """3 days from 30 December 2026 end in 2027, whose schedule is unknown: never guessed."""
    with pytest.raises(CalendarDataUnavailable) as info:
        Period.days(3).deadline(D(2026, 12, 30), CHINA)
    assert 2027 == info.value.year


def test_provisional_deadline_is_marked_and_explained() -> None:
    """On an opted-in provisional calendar a deadline in 2027 is computed and marked provisional."""
    deadline = Period.working_days(3).deadline(D(2026, 12, 30), calendar.china(provisional=True))
    assert D(2027, 1, 5) == deadline.last_day  # 31 Dec, then 元旦 skipped: 4 and 5 Jan
    assert deadline.provisional is True
    assert "临时期限" in deadline.explain_zh()
    assert "Provisional" in deadline.explain_en()


def test_deadline_in_a_supplied_year_is_firm() -> None:
    """After the year is supplied the same count is not provisional."""
    extended = CHINA.with_year(2030, holidays=[D(2030, 1, 1)])
    deadline = Period.days(1).deadline(D(2030, 1, 1), extended)
    assert deadline.provisional is False
    assert D(2030, 1, 2) == deadline.last_day


# ------------------------------------------------------------------ value objects
def test_labels_are_the_chinese_terms() -> None:
    """Periods print as the regulations write them."""
    assert ["3个工作日", "15日", "1个月", "1小时", "次日", "当日"] == [
        Period.working_days(3).label,
        Period.days(15).label,
        Period.months(1).label,
        Period.hours(1).label,
        Period.next_day().label,
        Period.same_day().label,
    ]
    assert PeriodUnit.WORKING_DAYS == Period.working_days(3).unit


def test_is_overdue_compares_instants() -> None:
    """A deadline is overdue from 24:00 of its last day, whatever zone now is given in."""
    deadline = Period.days(3).deadline(D(2026, 9, 30), CHINA)
    assert deadline.is_overdue(at(2026, 10, 8, 23, 59)) is False
    assert deadline.is_overdue(at(2026, 10, 8, 16, 0, tz=dt.UTC)) is True
    with pytest.raises(NaiveDatetime):
        deadline.is_overdue(dt.datetime(2026, 10, 9))


def test_deadline_is_frozen() -> None:
    """Deadlines are immutable values."""
    deadline = Period.days(3).deadline(D(2026, 9, 30), CHINA)
    assert isinstance(deadline, Deadline)
    with pytest.raises(AttributeError):
        deadline.last_day = D(2026, 10, 9)  # type: ignore[misc]


# ------------------------------------------------------------------ properties
_CORRECTED = {c.day: c.kind.is_working for c in calendar.CORRECTIONS}


def _reference_workday(day: dt.date) -> bool:
    """chinese-calendar's answer, with the cited corrections it lacks (2005-12-31 was a
    make-up working day, supervision.calendar.CORRECTIONS)."""
    return _CORRECTED.get(day, chinese_calendar.is_workday(day))


@given(
    start=st.dates(min_value=D(2004, 1, 1), max_value=D(2026, 11, 30)),
    n=st.integers(min_value=1, max_value=30),
)
def test_day_period_ends_on_the_first_working_day_on_or_after_the_nominal_day(
    start: dt.date, n: int
) -> None:
    """For N日 the last day is start + N, moved forward only over non-working days."""
    deadline = Period.days(n).deadline(start, CHINA)
    nominal = start + dt.timedelta(days=n)
    assert nominal == deadline.nominal_last_day
    assert _reference_workday(deadline.last_day)
    skipped = [nominal + dt.timedelta(k) for k in range((deadline.last_day - nominal).days)]
    assert not any(_reference_workday(d) for d in skipped)


@given(
    start=st.dates(min_value=D(2004, 1, 1), max_value=D(2026, 10, 31)),
    n=st.integers(min_value=1, max_value=30),
)
def test_working_day_period_is_the_n_th_working_day_after_the_start(start: dt.date, n: int) -> None:
    """N个工作日 ends on the N-th working day after the start day."""
    deadline = Period.working_days(n).deadline(start, CHINA)
    assert n == CHINA.working_days_between(start, deadline.last_day)
    assert _reference_workday(deadline.last_day)


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("3个工作日", Period.working_days(3)),
        ("15日", Period.days(15)),
        ("15 天", Period.days(15)),
        ("1个月", Period.months(1)),
        ("1小时", Period.hours(1)),
        ("次日", Period.next_day()),
        ("当日", Period.same_day()),
        # the texts' own words: "5日内", "15 日内" (chizhou-2021 §7.2), "1 个工作日内" (§7.4);
        # 以内 includes the stated number (rules.md §2)
        ("5日内", Period.days(5)),
        ("15 日内", Period.days(15)),
        ("1 个工作日内", Period.working_days(1)),
        ("7个工作日以内", Period.working_days(7)),
        ("十五个工作日", Period.working_days(15)),
        ("一十五日", Period.days(15)),
        ("三日", Period.days(3)),
        ("两个月", Period.months(2)),
        ("一百零五日", Period.days(105)),
        ("１５日", Period.days(15)),
        # what a person writes in an OA form for the same periods
        ("7个自然日", Period.days(7)),
        ("7 自然日内", Period.days(7)),
        ("5工作日", Period.working_days(5)),
        ("翌日", Period.next_day()),
        ("次日内", Period.next_day()),
        ("当天", Period.same_day()),
        ("当日内", Period.same_day()),
    ],
)
def test_parse_reads_periods_as_the_regulations_write_them(text: str, period: Period) -> None:
    """Period.parse reads the Chinese terms back; labels round-trip."""
    assert period == Period.parse(text)
    assert period == Period.parse(period.label)


@pytest.mark.parametrize(
    "text",
    ["立即", "及时", "0日", "零日", "三三日", "一二日", "十十日", "3周", "", "05日", "3日\x00",
     "5日外", "٣日", "自然日", "个工作日", "次日次日", "当天天", "0个自然日", "内"],
)
def test_parse_refuses_what_is_not_a_period(text: str) -> None:
    """Urgency words, zero, numerals not written the standard way and unknown units are
    refused, naming period."""
    with pytest.raises(InvalidInput) as info:
        Period.parse(text)
    assert "period" == info.value.field


# ------------------------------------------------------------------ bounds (docs/periods.md)
@pytest.mark.parametrize(
    ("make", "unit"),
    [
        (Period.working_days, PeriodUnit.WORKING_DAYS),
        (Period.days, PeriodUnit.DAYS),
        (Period.months, PeriodUnit.MONTHS),
        (Period.hours, PeriodUnit.HOURS),
    ],
)
def test_a_count_above_the_maximum_is_refused_naming_n(make: object, unit: PeriodUnit) -> None:
    """One more than MAX_COUNT (about a hundred years) raises InputOutOfBounds for n."""
    with pytest.raises(InputOutOfBounds) as info:
        make(MAX_COUNT[unit] + 1)  # type: ignore[operator]
    assert ("n", MAX_COUNT[unit]) == (info.value.field, info.value.limit)


@pytest.mark.parametrize("unit", [u for u in PeriodUnit if MAX_COUNT[u] > 1])
def test_the_maximum_count_itself_is_a_period(unit: PeriodUnit) -> None:
    """MAX_COUNT is inclusive, and its label parses back to the same period."""
    period = Period(unit, MAX_COUNT[unit])
    assert period == Period.parse(period.label)


def test_hours_of_a_billion_are_refused_not_overflowing() -> None:
    """Period.hours(10**9) (from the fuzz in issue 10.4) is InputOutOfBounds, not OverflowError."""
    with pytest.raises(InputOutOfBounds) as info:
        Period.hours(10**9)
    assert "n" == info.value.field


def test_an_integer_too_long_to_print_is_refused_with_a_summary() -> None:
    """A count of 5,000 digits is refused; the error quotes its size, not the digits."""
    with pytest.raises(InputOutOfBounds) as info:
        Period.months(10**5000)
    assert "<int of 16610 bits>" == info.value.got


def test_parse_refuses_a_count_above_the_maximum_naming_period() -> None:
    """100000日 is read as a number but refused for exceeding MAX_COUNT, field period."""
    with pytest.raises(InputOutOfBounds) as info:
        Period.parse("100000日")
    assert ("period", 36_525) == (info.value.field, info.value.limit)


def test_parse_refuses_text_longer_than_100_characters() -> None:
    """A period is a few characters; a megabyte of digits is refused before it is read."""
    with pytest.raises(InputOutOfBounds) as info:
        Period.parse("9" * 1_000_000 + "日")
    assert "period" == info.value.field


def test_the_bare_constructor_checks_the_count_too() -> None:
    """Period(unit, count) checks what the named constructors check, naming count."""
    with pytest.raises(InputOutOfBounds) as info:
        Period(PeriodUnit.DAYS, 10**9)
    assert "count" == info.value.field


def test_next_day_and_same_day_have_the_count_one() -> None:
    """次日 with a count of 5 is not a period: the count of 次日 and 当日 is always 1."""
    with pytest.raises(InvalidInput) as info:
        Period(PeriodUnit.NEXT_DAY, 5)
    assert "count" == info.value.field


def test_a_unit_that_is_not_a_period_unit_is_refused() -> None:
    """The unit must be a PeriodUnit member, not its Chinese value."""
    with pytest.raises(InvalidInput) as info:
        Period("日", 3)  # type: ignore[arg-type]
    assert "unit" == info.value.field


def test_a_start_on_31_december_9999_is_refused_naming_start() -> None:
    """A due day of 9999-12-31 (issue 10.4) is outside 1900–2999: InputOutOfBounds, not
    OverflowError."""
    with pytest.raises(InputOutOfBounds) as info:
        Period.days(1).deadline(D(9999, 12, 31), CHINA)
    assert "start" == info.value.field


def test_a_start_before_1900_is_refused_naming_start() -> None:
    """The first day periods are counted from is FIRST_DAY, 1 January 1900."""
    with pytest.raises(InputOutOfBounds) as info:
        Period.same_day().deadline(FIRST_DAY - dt.timedelta(days=1), CHINA)
    assert "start" == info.value.field


def test_an_instant_shanghai_time_cannot_express_is_refused_naming_start() -> None:
    """23:00 UTC on 31 December 9999 is past datetime's range in Shanghai: InputOutOfBounds."""
    with pytest.raises(InputOutOfBounds) as info:
        Period.hours(1).deadline(dt.datetime(9999, 12, 31, 23, tzinfo=dt.UTC), CHINA)
    assert "start" == info.value.field


def test_a_count_that_would_end_after_2999_is_refused_naming_period() -> None:
    """Hours need no calendar, so only the bound stops 100 years of hours from 2950."""
    with pytest.raises(InputOutOfBounds) as info:
        Period.hours(MAX_COUNT[PeriodUnit.HOURS]).deadline(at(2950, 1, 1), CHINA)
    assert ("period", LAST_DAY.isoformat()) == (info.value.field, info.value.limit)


def test_a_period_ending_on_the_last_day_is_counted() -> None:
    """24 hours from 00:00 on 30 December 2999 end on LAST_DAY itself, inside the bound."""
    deadline = Period.hours(24).deadline(at(2999, 12, 30, 0), CHINA)
    assert LAST_DAY == deadline.last_day


def test_a_calendar_that_is_not_a_calendar_is_refused() -> None:
    """Counting needs a supervision Calendar; anything else is InvalidInput naming calendar."""
    with pytest.raises(InvalidInput) as info:
        Period.days(3).deadline(D(2026, 3, 2), None)  # type: ignore[arg-type]
    assert "calendar" == info.value.field


def test_a_deadline_built_by_hand_with_a_wrong_field_is_refused() -> None:
    """Deadline checks the types of its fields, so its methods never meet a str due_at."""
    good = Period.days(3).deadline(D(2026, 3, 2), CHINA)
    with pytest.raises(InvalidInput) as info:
        attrs.evolve(good, due_at="2026-03-06")
    assert "due_at" == info.value.field


def test_rules_2_parse_a_count_in_words_above_the_maximum_is_out_of_bounds() -> None:
    """十万个工作日 is read as 100 000 and refused as above the bound, naming period."""
    with pytest.raises(InputOutOfBounds) as info:
        Period.parse("十万个工作日")
    assert ("period", 25_000) == (info.value.field, info.value.limit)
