"""The statutory working-day calendar, checked against chinese-calendar and worked examples."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import chinese_calendar
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from supervision import calendar
from supervision.calendar import CORRECTIONS, SHANGHAI, Calendar, DayKind, YearSchedule
from supervision.exceptions import (
    CalendarDataUnavailable,
    InvalidInput,
    NaiveDatetime,
    ScheduleFileError,
    SupervisionError,
)

CHINA = calendar.china()
DATA = Path(__file__).parent / "data"
DOCS = Path(__file__).parent.parent / "docs"
D = dt.date

known_days = st.dates(min_value=D(2004, 1, 1), max_value=D(2026, 12, 31))
# Starts early enough that the reference (chinese-calendar) can still walk n days inside 2026.
walk_starts = st.dates(min_value=D(2004, 1, 1), max_value=D(2026, 10, 31))
counts = st.integers(min_value=1, max_value=30)


def _all_days(first: dt.date, last: dt.date) -> list[dt.date]:
    return [first + dt.timedelta(k) for k in range((last - first).days + 1)]


CORRECTED = {c.day: c.kind.is_working for c in CORRECTIONS}
#: Calendar days a walk of up to 30 working days can cover (the longest holidays included).
WALK_REACH = dt.timedelta(days=70)


def _clear_of_corrections(first: dt.date, last: dt.date) -> bool:
    """Whether no corrected day lies in [first, last]: there chinese-calendar is the reference."""
    return not any(first <= day <= last for day in CORRECTED)


# ------------------------------------------------------------------ agreement with the reference
def test_is_working_day_agrees_with_chinese_calendar_on_every_day_2004_2026() -> None:
    """Every day of 2004–2026 is a working day exactly when chinese-calendar says so, except the
    cited corrections, where it is what the correction says."""
    disagreements = {
        day: CHINA.is_working_day(day)
        for day in _all_days(D(2004, 1, 1), D(2026, 12, 31))
        if CHINA.is_working_day(day) != chinese_calendar.is_workday(day)
    }
    assert {d: w for d, w in CORRECTED.items() if d in disagreements} == disagreements


@given(start=walk_starts, n=counts)
def test_add_working_days_matches_find_workday_from_a_working_day(start: dt.date, n: int) -> None:
    """From a working day, the n-th working day after it is chinese-calendar's find_workday(n)."""
    assume(_clear_of_corrections(start, start + WALK_REACH))
    rolled = CHINA.roll_forward(start)
    assert chinese_calendar.find_workday(n, rolled) == CHINA.add_working_days(rolled, n)


@given(start=walk_starts, n=counts)
def test_add_working_days_lands_on_a_working_day_strictly_after_the_start(
    start: dt.date, n: int
) -> None:
    """add_working_days gives a working day after the start, n working days away."""
    assume(_clear_of_corrections(start, start + WALK_REACH))
    result = CHINA.add_working_days(start, n)
    assert result > start
    assert chinese_calendar.is_workday(result)
    assert n == CHINA.working_days_between(start, result)


@given(start=walk_starts, n=st.integers(min_value=1, max_value=29))
def test_add_working_days_is_strictly_monotonic_in_n(start: dt.date, n: int) -> None:
    """One more working day always gives a later date."""
    assert CHINA.add_working_days(start, n) < CHINA.add_working_days(start, n + 1)


@given(start=known_days, end=known_days)
def test_working_days_between_matches_get_workdays(start: dt.date, end: dt.date) -> None:
    """The count in (start, end] equals chinese-calendar's inclusive list less the start day."""
    low, high = min(start, end), max(start, end)
    if (high - low).days > 400:
        high = low + dt.timedelta(days=400)
    assume(_clear_of_corrections(low, high))
    expected = len(chinese_calendar.get_workdays(low, high)) - chinese_calendar.is_workday(low)
    assert expected == CHINA.working_days_between(low, high)
    assert -expected == CHINA.working_days_between(high, low)


@given(start=walk_starts, n=counts)
def test_negative_n_undoes_positive_n_from_a_working_day(start: dt.date, n: int) -> None:
    """For a working day w, going n working days forward and n back returns w."""
    working = CHINA.roll_forward(start)
    assert working == CHINA.add_working_days(CHINA.add_working_days(working, n), -n)


@given(day=known_days)
def test_n_zero_returns_the_day_itself(day: dt.date) -> None:
    """add_working_days(d, 0) is d, working day or not (roll_forward finds a working day)."""
    assert day == CHINA.add_working_days(day, 0)


@given(day=st.dates(min_value=D(2004, 1, 1), max_value=D(2026, 12, 20)))
def test_roll_forward_is_the_first_working_day_on_or_after(day: dt.date) -> None:
    """roll_forward gives the day itself when working, else the next working day."""
    assume(_clear_of_corrections(day, day + WALK_REACH))
    rolled = CHINA.roll_forward(day)
    assert chinese_calendar.is_workday(rolled)
    between = _all_days(day, rolled)[:-1]
    assert not any(chinese_calendar.is_workday(d) for d in between)


@given(day=st.dates(min_value=D(2004, 1, 20), max_value=D(2026, 12, 31)))
def test_roll_backward_is_the_last_working_day_on_or_before(day: dt.date) -> None:
    """roll_backward gives the day itself when working, else the previous working day."""
    assume(_clear_of_corrections(day - WALK_REACH, day))
    rolled = CHINA.roll_backward(day)
    assert chinese_calendar.is_workday(rolled)
    assert not any(chinese_calendar.is_workday(d) for d in _all_days(rolled, day)[1:])


def test_working_days_in_lists_the_working_days_of_a_closed_range() -> None:
    """working_days_in gives chinese-calendar's working days of [start, end], both ends included."""
    expected = chinese_calendar.get_workdays(D(2026, 9, 18), D(2026, 10, 12))
    assert expected == CHINA.working_days_in(D(2026, 9, 18), D(2026, 10, 12))


# ------------------------------------------------------------------ worked examples (2026)
@pytest.mark.parametrize(
    ("day", "kind"),
    [
        (D(2026, 10, 1), DayKind.HOLIDAY),
        (D(2026, 10, 7), DayKind.HOLIDAY),
        (D(2026, 10, 8), DayKind.WORKING_DAY),
        (D(2026, 10, 10), DayKind.MAKEUP_WORKING_DAY),
        (D(2026, 9, 20), DayKind.MAKEUP_WORKING_DAY),
        (D(2026, 1, 4), DayKind.MAKEUP_WORKING_DAY),
        (D(2026, 2, 14), DayKind.MAKEUP_WORKING_DAY),
        (D(2026, 2, 18), DayKind.HOLIDAY),
        (D(2026, 10, 11), DayKind.WEEKEND),
    ],
)
def test_day_kinds_of_the_2026_schedule(day: dt.date, kind: DayKind) -> None:
    """Holidays, make-up working days and weekends of 2026 are classified as the notice says."""
    assert kind == CHINA.day_kind(day)


def test_make_up_saturday_2026_10_10_is_a_working_day() -> None:
    """2026-10-10 (Saturday) is a make-up working day after National Day."""
    assert CHINA.is_working_day(D(2026, 10, 10)) is True


def test_make_up_sunday_2026_01_04_is_a_working_day() -> None:
    """2026-01-04 (Sunday) is a make-up working day after New Year's Day."""
    assert CHINA.is_working_day(D(2026, 1, 4)) is True


def test_one_working_day_after_30_september_2026_is_8_october() -> None:
    """The National Day week (1–7 October 2026) is skipped."""
    assert D(2026, 10, 8) == CHINA.add_working_days(D(2026, 9, 30), 1)


def test_third_working_day_after_national_day_counts_the_make_up_saturday() -> None:
    """8 and 9 October, then Saturday 10 October (make-up), make three working days."""
    assert D(2026, 10, 10) == CHINA.add_working_days(D(2026, 9, 30), 3)


def test_spring_festival_2026_is_skipped() -> None:
    """From Friday 13 February 2026: Saturday 14 Feb (make-up), then 24 Feb after the holiday."""
    assert D(2026, 2, 14) == CHINA.add_working_days(D(2026, 2, 13), 1)
    assert D(2026, 2, 24) == CHINA.add_working_days(D(2026, 2, 13), 2)


def test_working_days_between_across_national_day_2026() -> None:
    """(30 Sep, 12 Oct] holds 8, 9, 10 and 12 October: four working days."""
    assert 4 == CHINA.working_days_between(D(2026, 9, 30), D(2026, 10, 12))


def test_holiday_name_is_chinese() -> None:
    """Holiday days carry the holiday's Chinese name."""
    assert "国庆节" == CHINA.holiday_name(D(2026, 10, 3))
    assert "春节" == CHINA.holiday_name(D(2026, 2, 17))
    assert CHINA.holiday_name(D(2026, 10, 8)) is None


@pytest.mark.parametrize(
    ("day", "name"),
    [(D(2026, 10, 10), "国庆节"), (D(2026, 9, 20), "国庆节"), (D(2026, 2, 14), "春节"),
     (D(2026, 1, 4), "元旦"), (D(2018, 12, 29), "元旦")],
)
def test_holiday_name_of_a_make_up_day_is_the_holiday_it_makes_up_for(
    day: dt.date, name: str
) -> None:
    """A make-up working day (调休上班日) names the holiday it makes up for, as stored."""
    assert name == CHINA.holiday_name(day)


def test_holiday_name_of_an_ordinary_day_is_none() -> None:
    """A plain working day and a plain weekend day belong to no holiday."""
    assert (None, None) == (CHINA.holiday_name(D(2026, 10, 9)), CHINA.holiday_name(D(2026, 10, 11)))


def test_holiday_name_of_a_make_up_day_from_a_schedule_file() -> None:
    """A make-up day loaded from a TOML transcription names its [[holiday]] entry."""
    assert "国庆节" == _fictional().holiday_name(D(2030, 10, 12))


# ------------------------------------------------------------------ time zones
def test_utc_evening_is_already_the_next_day_in_china() -> None:
    """16:30 UTC on 30 September 2026 is 00:30 on 1 October in Asia/Shanghai: a holiday."""
    moment = dt.datetime(2026, 9, 30, 16, 30, tzinfo=dt.UTC)
    assert CHINA.is_working_day(moment) is False
    assert D(2026, 10, 8) == CHINA.add_working_days(moment, 1)


def test_shanghai_evening_stays_on_its_day() -> None:
    """23:59 in Shanghai on 30 September 2026 is still 30 September, a working day."""
    moment = dt.datetime(2026, 9, 30, 23, 59, tzinfo=SHANGHAI)
    assert CHINA.is_working_day(moment) is True


def test_naive_datetime_is_refused() -> None:
    """A datetime without a zone is refused, naming the argument."""
    with pytest.raises(NaiveDatetime) as info:
        CHINA.is_working_day(dt.datetime(2026, 9, 30, 16, 30))
    assert "day" == info.value.field


@pytest.mark.parametrize("bad", [1.5, True, "3", None])
def test_non_integer_n_is_refused(bad: object) -> None:
    """The count of working days must be an int (bool and float are refused)."""
    with pytest.raises(InvalidInput) as info:
        CHINA.add_working_days(D(2026, 9, 30), bad)  # type: ignore[arg-type]
    assert "n" == info.value.field


def test_non_date_is_refused() -> None:
    """A string is not a date."""
    with pytest.raises(InvalidInput):
        CHINA.is_working_day("2026-09-30")  # type: ignore[arg-type]


# ------------------------------------------------------------------ unknown years
def test_2026_2027_boundary_raises_calendar_data_unavailable() -> None:
    """One working day after 31 December 2026 needs 2027's schedule, which is not published here."""
    with pytest.raises(CalendarDataUnavailable) as info:
        CHINA.add_working_days(D(2026, 12, 31), 1)
    assert 2027 == info.value.year
    assert isinstance(info.value, SupervisionError)
    assert "with_year(2027" in str(info.value)


def test_unknown_year_is_never_a_raw_not_implemented_error() -> None:
    """Every query on an unknown year raises CalendarDataUnavailable (a LookupError)."""
    for call in (
        lambda: CHINA.is_working_day(D(2027, 3, 1)),
        lambda: CHINA.working_days_between(D(2026, 12, 1), D(2027, 1, 5)),
        lambda: CHINA.roll_forward(D(2027, 1, 1)),
        lambda: CHINA.add_working_days(D(2004, 1, 5), -10),
        lambda: CHINA.is_working_day(D(2003, 12, 31)),
    ):
        with pytest.raises(CalendarDataUnavailable):
            call()


@pytest.mark.parametrize("provisional", [False, True])
@pytest.mark.parametrize(("start", "end", "field"), [
    ("a", None, "start"), (None, None, "start"), (D(2026, 1, 5), "2026-01-06", "end"),
    (D(2026, 1, 5), 5, "end"),
])
def test_touches_provisional_refuses_what_is_no_date_on_every_calendar(
    provisional: bool, start: object, end: object, field: str
) -> None:
    """What is no date is InvalidInput naming the argument, whether or not the calendar
    counts any year provisionally (a firm calendar once answered False)."""
    with pytest.raises(InvalidInput) as raised:
        calendar.china(provisional=provisional).touches_provisional(start, end)  # type: ignore[arg-type]
    assert raised.value.field == field


def test_before_the_first_known_year_names_2003() -> None:
    """Going back from early January 2004 names 2003 as the missing year."""
    with pytest.raises(CalendarDataUnavailable) as info:
        CHINA.add_working_days(D(2004, 1, 5), -10)
    assert 2003 == info.value.year


def test_provisional_mode_counts_statutory_holidays_and_marks_results() -> None:
    """An opted-in provisional calendar counts 2027 with its weekends and statutory holidays
    off (1 January is 元旦, not a working day) and says so."""
    provisional = calendar.china(provisional=True)
    assert D(2027, 1, 4) == provisional.add_working_days(D(2026, 12, 31), 1)
    assert provisional.touches_provisional(D(2026, 12, 31), D(2027, 1, 4)) is True
    assert provisional.touches_provisional(D(2026, 1, 1), D(2026, 12, 31)) is False
    assert 2027 in provisional.provisional_years
    assert CHINA.provisional is False
    assert frozenset() == CHINA.provisional_years


def test_provisional_mode_still_refuses_years_past_its_horizon() -> None:
    """Provisional counting reaches only the requested number of years past the last known one."""
    provisional = calendar.china(provisional=True, provisional_years=2)
    assert provisional.is_working_day(D(2028, 6, 5)) is True
    with pytest.raises(CalendarDataUnavailable) as info:
        provisional.is_working_day(D(2029, 6, 5))
    assert 2029 == info.value.year


# ------------------------------------------------------------------ supplying a year
def _fictional() -> Calendar:
    return CHINA.with_schedule(calendar.load_schedule(DATA / "fictional-2030.toml"))


def test_with_year_adds_a_made_up_year() -> None:
    """A supplied year's holidays and make-up days are used; other years stay as they were."""
    extended = CHINA.with_year(
        2030,
        holidays=[D(2030, 1, 1), D(2030, 1, 2)],
        working_days=[D(2030, 1, 5)],
    )
    assert extended.is_working_day(D(2030, 1, 2)) is False
    assert extended.is_working_day(D(2030, 1, 5)) is True
    assert extended.is_working_day(D(2030, 1, 7)) is True
    assert D(2030, 1, 3) == extended.add_working_days(D(2030, 1, 1), 1)
    assert 2030 in extended.known_years
    assert 2030 not in CHINA.known_years  # the original is unchanged


def test_a_gap_year_between_known_years_still_raises() -> None:
    """Knowing 2030 does not make 2027–2029 known: a walk across them raises for 2027."""
    extended = _fictional()
    with pytest.raises(CalendarDataUnavailable) as info:
        extended.working_days_between(D(2026, 12, 1), D(2030, 1, 10))
    assert 2027 == info.value.year
    with pytest.raises(CalendarDataUnavailable) as info:
        extended.add_working_days(D(2026, 12, 31), 1)
    assert 2027 == info.value.year
    with pytest.raises(CalendarDataUnavailable):
        extended.add_working_days(D(2030, 1, 3), -5)
    with pytest.raises(CalendarDataUnavailable):
        extended.is_working_day(D(2028, 5, 1))
    assert D(2030, 1, 3) == extended.add_working_days(D(2030, 1, 2), 1)


def test_load_schedule_reads_a_made_up_year_from_toml() -> None:
    """The TOML transcription format gives names, days off and make-up days."""
    schedule = calendar.load_schedule(DATA / "fictional-2030.toml")
    assert 2030 == schedule.year
    extended = CHINA.with_schedule(schedule)
    assert DayKind.MAKEUP_WORKING_DAY == extended.day_kind(D(2030, 10, 12))
    assert "国庆节" == extended.holiday_name(D(2030, 10, 4))
    assert D(2030, 10, 8) == extended.add_working_days(D(2030, 9, 30), 1)
    assert "fictional test schedule" == extended.source(2030)


def test_transcription_of_the_2026_notice_reproduces_the_package_data() -> None:
    """docs/schedules/2026.toml, supplied to a calendar that lacks 2026, equals chinese-calendar."""
    without_2026 = Calendar(
        {d: n for d, n in chinese_calendar.holidays.items() if d.year < 2026},
        {d: n for d, n in chinese_calendar.workdays.items() if d.year < 2026},
        range(2004, 2026),
    )
    with pytest.raises(CalendarDataUnavailable):
        without_2026.add_working_days(D(2025, 12, 31), 1)
    supplied = without_2026.with_schedule(calendar.load_schedule(DOCS / "schedules" / "2026.toml"))
    days = _all_days(D(2026, 1, 1), D(2026, 12, 31))
    assert [CHINA.is_working_day(d) for d in days] == [supplied.is_working_day(d) for d in days]
    assert D(2026, 1, 4) == supplied.add_working_days(D(2025, 12, 31), 1)  # make-up Sunday


def test_supplying_a_known_year_needs_replace() -> None:
    """Supplying a year the calendar knows is refused unless replace=True."""
    with pytest.raises(InvalidInput) as info:
        CHINA.with_year(2026, holidays=[D(2026, 3, 2)])
    assert "year" == info.value.field
    replaced = CHINA.with_year(2026, holidays=[D(2026, 3, 2)], replace=True)
    assert replaced.is_working_day(D(2026, 3, 2)) is False
    assert replaced.is_working_day(D(2026, 10, 5)) is True  # the old schedule is dropped


@pytest.mark.parametrize(
    ("holidays", "working_days", "field"),
    [
        ([D(2031, 1, 1)], [], "holidays"),
        ([D(2030, 1, 1)], [D(2030, 1, 7)], "working_days"),  # a Monday
        ([D(2030, 1, 5)], [D(2030, 1, 5)], "working_days"),  # both
        (["2030-01-01"], [], "holidays"),
        ([dt.datetime(2030, 1, 1, tzinfo=SHANGHAI)], [], "holidays"),
    ],
)
def test_with_year_validates_its_dates(
    holidays: list[object], working_days: list[object], field: str
) -> None:
    """Dates outside the year, weekday make-up days and overlaps are refused, naming the field."""
    with pytest.raises(InvalidInput) as info:
        CHINA.with_year(2030, holidays=holidays, working_days=working_days)  # type: ignore[arg-type]
    assert field == info.value.field


def test_schedule_may_fix_days_in_the_december_before() -> None:
    """A notice may set a make-up day in the December before its year."""
    schedule = YearSchedule.build(2030, [D(2030, 1, 1)], [D(2029, 12, 29)])
    assert ((D(2029, 12, 29), ""),) == schedule.working_days


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("year = 'x'\n", "year"),
        ("year = 2030\n", "holiday"),
        ("year = 2030\n[[holiday]]\nstart = 2030-01-01\n", "holiday[1].name"),
        ("year = 2030\n[[holiday]]\nname = 'a'\nstart = 2030-01-03\nend = 2030-01-01\n",
         "holiday[1].end"),
        ("year = 2030\n[[holiday]]\nname = 'a'\nstart = 2030-01-01\nworking_days = [2030-01-08]\n",
         "holiday[1].working_days"),
        ("year = 2030\n[[holiday]]\nname = 'a'\nstart = 2030-01-01\ncolour = 1\n", "holiday[1]"),
        ("year = = 2030\n", "file"),
        ("year = 2030\n[[holiday]]\nname = 'a'\ndays = [2030-01-01]\n"
         "[[holiday]]\nname = 'b'\ndays = [2031-01-01]\n", "holiday[2].days"),
        ("year = 2030\n[[holiday]]\nname = 'a'\ndays = [2030-01-01, 'x']\n", "holiday[1].days"),
        ("year = 2030\n[[holiday]]\nname = 'a'\nstart = 2029-11-30\nend = 2030-01-01\n",
         "holiday[1].start"),
        ("year = 2030\n[[holiday]]\nname = 'a'\nstart = 2030-12-31\nend = 2031-01-01\n",
         "holiday[1].end"),
        ("year = 2030\n[[holiday]]\nname = 'a'\nstart = 2030-01-01\n"
         "[[holiday]]\nname = 'b'\nstart = 2030-10-01\nworking_days = [2031-10-11]\n",
         "holiday[2].working_days"),
        ("year = 2030\n[[holiday]]\nname = 'a'\nstart = 2030-01-01\nworking_days = [2030-01-05]\n"
         "[[holiday]]\nname = 'b'\ndays = [2030-01-05]\n", "holiday[2].days"),
        ("year = 2030\n[[holiday]]\nname = 'a'\ndays = [2030-01-05]\n"
         "[[holiday]]\nname = 'b'\nstart = 2030-10-01\nworking_days = [2030-01-05]\n",
         "holiday[2].working_days"),
        ("year = 2030\n[[holiday]]\nname = 'a'\nstart = 2030-01-01\nworking_days = 2030-01-05\n",
         "holiday[1].working_days"),
    ],
)
def test_load_schedule_reports_the_file_and_the_entry(
    tmp_path: Path, text: str, field: str
) -> None:
    """A bad schedule file raises ScheduleFileError naming the file and the entry at fault,
    with the field (holiday[2].working_days), in its fields and its message."""
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ScheduleFileError) as info:
        calendar.load_schedule(path)
    assert field == info.value.field
    assert str(path) == info.value.path
    assert str(info.value).startswith(f"{field}: ")


def test_missing_schedule_file_is_a_clear_error(tmp_path: Path) -> None:
    """A missing file raises ScheduleFileError, not a bare OSError."""
    with pytest.raises(ScheduleFileError):
        calendar.load_schedule(tmp_path / "nope.toml")


@settings(max_examples=50)
@given(day=st.dates(min_value=D(2030, 1, 1), max_value=D(2030, 12, 31)))
def test_supplied_year_matches_its_own_definition(day: dt.date) -> None:
    """In a supplied year a day works exactly when it is a make-up day or a weekday not off."""
    schedule = calendar.load_schedule(DATA / "fictional-2030.toml")
    off = {d for d, _ in schedule.holidays}
    on = {d for d, _ in schedule.working_days}
    expected = day in on or (day.weekday() < 5 and day not in off)
    assert expected == _fictional().is_working_day(day)


@pytest.mark.parametrize("path", [None, {"year": 2027}, 2027, "bad\x00name.toml"])
def test_load_schedule_of_what_is_no_path_is_refused_naming_path(path: object) -> None:
    """A value that is no path (None, a dict, an int, text with NUL) is InvalidInput naming
    path, never a bare TypeError or ValueError."""
    with pytest.raises(InvalidInput) as info:
        calendar.load_schedule(path)  # type: ignore[arg-type]
    assert "path" == info.value.field


@pytest.mark.parametrize(
    ("source", "holidays", "field"),
    [
        ("国务院办公厅\x00通知", [dt.date(2027, 1, 1)], "source"),
        ("\ud800", [dt.date(2027, 1, 1)], "source"),
        ("", {dt.date(2027, 1, 1): "元旦\x00"}, "holidays"),
    ],
)
def test_a_notice_with_unstorable_text_is_refused_naming_the_field(
    source: str, holidays: object, field: str
) -> None:
    """A notice's source or holiday name with NUL or a lone surrogate is refused, naming it."""
    with pytest.raises(InvalidInput) as info:
        CHINA.with_year(2027, holidays, source=source)  # type: ignore[arg-type]
    assert field == info.value.field
