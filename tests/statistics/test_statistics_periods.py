"""Periods the figures cover: month, quarter, half-year and year (in China)."""

from __future__ import annotations

import datetime as dt

import pytest
from escalation_world import at

from supervision.domain.scorecard import ScorePeriod
from supervision.exceptions import InvalidInput


@pytest.mark.parametrize(("key", "label", "first", "last"), [
    ("2026", "2026年度", dt.date(2026, 1, 1), dt.date(2026, 12, 31)),
    ("2026-H2", "2026年下半年", dt.date(2026, 7, 1), dt.date(2026, 12, 31)),
    ("2026-Q1", "2026年第一季度", dt.date(2026, 1, 1), dt.date(2026, 3, 31)),
    ("2026-Q4", "2026年第四季度", dt.date(2026, 10, 1), dt.date(2026, 12, 31)),
    ("2026-02", "2026年2月", dt.date(2026, 2, 1), dt.date(2026, 2, 28)),
    ("2026-12", "2026年12月", dt.date(2026, 12, 1), dt.date(2026, 12, 31)),
])
def test_each_kind_of_period_has_its_key_label_and_days(
    key: str, label: str, first: dt.date, last: dt.date
) -> None:
    """A period's key reads back, and it names its Chinese label and first and last day."""
    period = ScorePeriod.parse(key)
    assert (key, label, first, last) == (period.key, period.label, period.first_day,
                                         period.last_day)


@pytest.mark.parametrize(("text", "key"), [
    ("2026年", "2026"), ("2026年度", "2026"), ("2026年上半年", "2026-H1"),
    ("2026年第三季度", "2026-Q3"), ("2026年3季度", "2026-Q3"), ("2026年9月", "2026-09"),
    ("２０２６年９月", "2026-09"), ("２０２６-Q３", "2026-Q3"), ("２０２６年第３季度", "2026-Q3"),
])
def test_chinese_period_names_are_read(text: str, key: str) -> None:
    """The forms people write (2026年第三季度, 2026年9月) are read as the period."""
    assert key == ScorePeriod.parse(text).key


@pytest.mark.parametrize("text", ["2026-Q5", "2026-13", "26", "2026年第五季度", "",
                                  "٢٠٢٦", "٢٠٢٦年9月", "2026-٠٩"])
def test_a_text_naming_no_period_is_refused(text: str) -> None:
    """InvalidInput names the field and lists the forms accepted."""
    with pytest.raises(InvalidInput, match=r"period|month|quarter"):
        ScorePeriod.parse(text)


def test_the_period_containing_an_instant_is_counted_in_china() -> None:
    """30 September 23:30 in Beijing is Q3 and September, whatever the machine's zone."""
    when = at("2026-09-30 23:30").astimezone(dt.UTC)
    assert ("2026-Q3", "2026-09") == (ScorePeriod.containing(when, "quarter").key,
                                      ScorePeriod.containing(when, "month").key)


def test_a_quarter_lists_its_months() -> None:
    """Q4 is October, November and December."""
    assert ((2026, 10), (2026, 11), (2026, 12)) == ScorePeriod.of_quarter(2026, 4).months()
