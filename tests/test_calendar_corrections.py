"""The cited corrections over chinese-calendar's data: one test per correction, named after it."""

from __future__ import annotations

import datetime as dt

import pytest

from supervision import calendar
from supervision.calendar import CORRECTIONS, CalendarCorrection, DayKind
from supervision.exceptions import InvalidInput

CHINA = calendar.china()
D = dt.date


def test_2005_12_31_is_a_make_up_working_day_per_guobanfa_mingdian_2005_35() -> None:
    """国办发明电〔2005〕35号 (the 2006 notice): 「12月31日(星期六)上班」 — Saturday
    2005-12-31 was a make-up working day for 元旦, which chinese-calendar counts as a rest day."""
    day = D(2005, 12, 31)
    assert (True, DayKind.MAKEUP_WORKING_DAY, "元旦") == (
        CHINA.is_working_day(day), CHINA.day_kind(day), CHINA.holiday_name(day)
    )
    assert D(2005, 12, 31) == CHINA.add_working_days(D(2005, 12, 30), 1)
    assert 1 == CHINA.working_days_between(D(2005, 12, 30), D(2006, 1, 3))


def test_the_2005_12_31_correction_quotes_the_notice() -> None:
    """The table entry carries the notice's number, title and exact words."""
    (fix,) = [c for c in CORRECTIONS if c.day == D(2005, 12, 31)]
    assert ("国办发明电〔2005〕35号", "国务院办公厅关于2006年部分节假日安排的通知",
            "12月31日(星期六)上班", 2006) == (fix.notice, fix.title, fix.words, fix.notice_year)


@pytest.mark.parametrize("fix", CORRECTIONS, ids=lambda c: c.day.isoformat())
def test_every_correction_is_in_force_in_china(fix: CalendarCorrection) -> None:
    """china() gives each corrected day the kind its notice says."""
    assert fix.kind == CHINA.day_kind(fix.day)


@pytest.mark.parametrize("fix", CORRECTIONS, ids=lambda c: c.day.isoformat())
def test_every_correction_belongs_to_its_notice_and_is_cited(fix: CalendarCorrection) -> None:
    """A corrected day is set by the notice that set it, whose source cites the notice."""
    notice = CHINA.notice(fix.notice_year)
    assert notice is not None
    kind_of = {d: DayKind.HOLIDAY for d, _ in notice.holidays}
    kind_of.update({d: DayKind.MAKEUP_WORKING_DAY for d, _ in notice.working_days})
    set_by_notice = fix.kind in (DayKind.HOLIDAY, DayKind.MAKEUP_WORKING_DAY)
    assert (fix.kind if set_by_notice else None) == kind_of.get(fix.day)
    assert fix.notice in CHINA.source(fix.notice_year)


@pytest.mark.parametrize(
    ("day", "kind", "notice_year", "field"),
    [
        (D(2005, 12, 30), DayKind.MAKEUP_WORKING_DAY, 2006, "kind"),  # a Friday
        (D(2005, 11, 30), DayKind.HOLIDAY, 2006, "day"),  # not December
        (D(2005, 12, 31), DayKind.MAKEUP_WORKING_DAY, 2008, "notice_year"),
        (D(2005, 12, 31), DayKind.WORKING_DAY, 2006, "kind"),  # a Saturday
    ],
)
def test_a_correction_must_fit_its_day_and_notice(
    day: dt.date, kind: DayKind, notice_year: int, field: str
) -> None:
    """CalendarCorrection.of refuses a day its notice could not set or a kind the day cannot be."""
    with pytest.raises(InvalidInput) as info:
        CalendarCorrection.of(day, kind, holiday="元旦", notice_year=notice_year,
                              notice="x", title="x", words="x")
    assert field == info.value.field


def test_a_correction_needs_the_notices_words() -> None:
    """A correction without the quoted words of the notice is refused."""
    with pytest.raises(InvalidInput) as info:
        CalendarCorrection.of(D(2005, 12, 31), DayKind.MAKEUP_WORKING_DAY, holiday="元旦",
                              notice_year=2006, notice="国办发明电〔2005〕35号", title="t",
                              words=" ")
    assert "words" == info.value.field
