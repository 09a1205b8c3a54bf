"""A day belongs to the notice that set it; replacing a notice replaces exactly its own days."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from supervision import calendar
from supervision.calendar import Calendar, DayKind, YearSchedule
from supervision.exceptions import InvalidInput

CHINA = calendar.china()
D = dt.date
# The 2019 notice (国务院办公厅关于2019年部分节假日安排的通知) set three days of December 2018.
SET_BY_2019_IN_2018 = {
    D(2018, 12, 29): DayKind.MAKEUP_WORKING_DAY,
    D(2018, 12, 30): DayKind.HOLIDAY,
    D(2018, 12, 31): DayKind.HOLIDAY,
}


def _days(first: dt.date, last: dt.date) -> list[dt.date]:
    return [first + dt.timedelta(k) for k in range((last - first).days + 1)]


def _kinds(cal: Calendar, first: dt.date, last: dt.date) -> dict[dt.date, DayKind]:
    return {d: cal.day_kind(d) for d in _days(first, last)}


def _without(notice: YearSchedule, days: set[dt.date]) -> YearSchedule:
    return YearSchedule.build(
        notice.year,
        {d: n for d, n in notice.holidays if d not in days},
        {d: n for d, n in notice.working_days if d not in days},
        source="corrected notice (test)",
    )


def test_the_2019_notice_owns_the_days_it_set_in_december_2018() -> None:
    """2018-12-29 (make-up), 30 and 31 (元旦) belong to the 2019 notice, not to 2018's."""
    notice_2018, notice_2019 = CHINA.notice(2018), CHINA.notice(2019)
    assert notice_2018 is not None
    assert notice_2019 is not None
    set_by_2019 = {
        d for d, _ in notice_2019.holidays + notice_2019.working_days if d.year == 2018
    }
    set_by_2018 = {d for d, _ in notice_2018.holidays + notice_2018.working_days}
    assert (set(SET_BY_2019_IN_2018), set()) == (set_by_2019, set_by_2018 & set_by_2019)


def test_re_supplying_2018_keeps_the_december_days_the_2019_notice_set() -> None:
    """with_year(2018, …, replace=True) with the 2018 notice's own days leaves 2018-12-29 a
    make-up day and 2018-12-31 元旦: those days are the 2019 notice's."""
    notice = CHINA.notice(2018)
    assert notice is not None
    again = CHINA.with_year(
        2018, dict(notice.holidays), dict(notice.working_days), replace=True
    )
    assert SET_BY_2019_IN_2018 == {d: again.day_kind(d) for d in SET_BY_2019_IN_2018}
    assert "元旦" == again.holiday_name(D(2018, 12, 31))


def test_re_supplying_a_notice_unchanged_changes_no_day() -> None:
    """Replacing the 2018 notice with itself leaves every day of 2017–2019 as it was."""
    notice = CHINA.notice(2018)
    assert notice is not None
    again = CHINA.with_schedule(notice, replace=True)
    first, last = D(2017, 1, 1), D(2019, 12, 31)
    assert _kinds(CHINA, first, last) == _kinds(again, first, last)


def test_a_corrected_notice_that_drops_its_december_days_removes_them() -> None:
    """A 2019 notice without its December 2018 days leaves those days to the weekday rule:
    Saturday 29th a rest day, Sunday 30th a rest day, Monday 31st a working day."""
    notice = CHINA.notice(2019)
    assert notice is not None
    corrected = CHINA.with_schedule(_without(notice, set(SET_BY_2019_IN_2018)), replace=True)
    assert {
        D(2018, 12, 29): DayKind.WEEKEND,
        D(2018, 12, 30): DayKind.WEEKEND,
        D(2018, 12, 31): DayKind.WORKING_DAY,
    } == {d: corrected.day_kind(d) for d in SET_BY_2019_IN_2018}


def test_replacing_a_notice_changes_no_day_it_did_not_set() -> None:
    """Dropping the 2019 notice's 国庆节 make-up days changes those days and no other day."""
    notice = CHINA.notice(2019)
    assert notice is not None
    dropped = {D(2019, 9, 29), D(2019, 10, 12)}
    corrected = CHINA.with_schedule(_without(notice, dropped), replace=True)
    before, after = _kinds(CHINA, D(2018, 1, 1), D(2020, 12, 31)), _kinds(
        corrected, D(2018, 1, 1), D(2020, 12, 31)
    )
    assert dropped == {d for d in before if before[d] != after[d]}


def test_the_source_follows_the_notice() -> None:
    """A replacing notice brings its own source; the replaced one's is gone with it."""
    notice = CHINA.notice(2019)
    assert notice is not None
    corrected = CHINA.with_schedule(_without(notice, set()), replace=True)
    assert "corrected notice (test)" == corrected.source(2019)


def test_where_two_notices_set_a_day_the_later_year_prevails() -> None:
    """A 2030 notice that sets 2029-12-29 overrides the 2029 notice's make-up day there; drop
    it from the 2030 notice and the 2029 notice's setting shows again."""
    notice_2029 = YearSchedule.build(2029, {D(2029, 10, 1): "国庆节"}, {D(2029, 12, 29): "国庆节"})
    notice_2030 = YearSchedule.build(2030, {D(2029, 12, 29): "元旦", D(2030, 1, 1): "元旦"})
    both = Calendar.from_schedules([notice_2030, notice_2029])
    without = both.with_schedule(YearSchedule.build(2030, [D(2030, 1, 1)]), replace=True)
    assert (DayKind.HOLIDAY, DayKind.MAKEUP_WORKING_DAY) == (
        both.day_kind(D(2029, 12, 29)), without.day_kind(D(2029, 12, 29))
    )


def test_from_schedules_holds_exactly_the_given_notices() -> None:
    """A calendar built from notices knows their years and gives each back unchanged."""
    notice = YearSchedule.build(2030, {D(2030, 1, 1): "元旦"}, source="test")
    built = Calendar.from_schedules([notice])
    assert (frozenset({2030}), notice, None) == (
        built.known_years, built.notice(2030), built.notice(2029)
    )


def test_from_schedules_refuses_two_notices_for_one_year() -> None:
    """Two notices for one year are refused: replace one explicitly instead."""
    notice = YearSchedule.build(2030, [D(2030, 1, 1)])
    with pytest.raises(InvalidInput) as info:
        Calendar.from_schedules([notice, notice])
    assert "schedules" == info.value.field


def test_with_schedule_refuses_what_is_not_a_schedule() -> None:
    """with_schedule takes a YearSchedule (load_schedule's result), not a path or a dict."""
    with pytest.raises(InvalidInput) as info:
        CHINA.with_schedule("2027.toml")  # type: ignore[arg-type]
    assert "schedule" == info.value.field


def test_flat_maps_give_a_new_years_december_day_to_the_next_notice() -> None:
    """The flat constructor gives a December day named 元旦 to next year's notice when that
    year is known, and any other day to its own year's notice."""
    built = Calendar(
        {D(2030, 12, 30): "元旦", D(2030, 12, 2): "测试", D(2031, 1, 1): "元旦"},
        {D(2030, 12, 28): "元旦"},
        [2030, 2031],
    )
    notice_2030, notice_2031 = built.notice(2030), built.notice(2031)
    assert notice_2030 is not None
    assert notice_2031 is not None
    assert (((D(2030, 12, 2), "测试"),), ((D(2030, 12, 28), "元旦"),)) == (
        notice_2030.holidays, notice_2031.working_days
    )


def test_a_schedule_file_owns_the_december_days_it_lists(tmp_path: Path) -> None:
    """A transcription for 2031 that lists 2030-12-28 as a make-up day sets it in its notice;
    re-supplying the 2030 notice later leaves that day alone."""
    path = tmp_path / "2031.toml"
    path.write_text(
        'year = 2031\n[[holiday]]\nname = "元旦"\nstart = 2030-12-30\nend = 2031-01-01\n'
        "working_days = [2030-12-28]\n",
        encoding="utf-8",
    )
    base = Calendar.from_schedules([YearSchedule.build(2030, [D(2030, 10, 1)])])
    extended = base.with_schedule(calendar.load_schedule(path))
    again = extended.with_year(2030, [D(2030, 10, 1)], replace=True)
    assert (DayKind.MAKEUP_WORKING_DAY, DayKind.HOLIDAY) == (
        again.day_kind(D(2030, 12, 28)), again.day_kind(D(2030, 12, 30))
    )
