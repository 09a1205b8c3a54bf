"""A day as people write it (``supervision.text.day_parts``): the one reading the ledger's
import and labels and the command line share."""

from __future__ import annotations

import datetime as dt

import pytest

from supervision.cli._errors import UsageError
from supervision.cli._parsing import parse_day
from supervision.text import day_parts


@pytest.mark.parametrize(("text", "parts"), [
    ("2026年9月30日", (2026, 9, 30)), ("2026 年 9 月 30 日前", (2026, 9, 30)),
    ("2026年12月31日之前", (2026, 12, 31)), ("2026年1月5日以前", (2026, 1, 5)),
    ("2026-09-30", (2026, 9, 30)), ("2026/9/30", (2026, 9, 30)), ("2026.09.30前", (2026, 9, 30)),
    ("２０２６年９月３０日", (2026, 9, 30)), ("２０２６-０９-３０", (2026, 9, 30)),
    ("  2026-09-30\n", (2026, 9, 30)), ("2026年2月30日", (2026, 2, 30)),
])
def test_a_written_day_is_read_in_the_forms_people_write(text: str, parts: tuple[int, ...]
                                                         ) -> None:
    """GB/T 9704 dates (…日, 以前 …), ISO days with - / or ., full-width digits; the day
    need not exist (the caller names its field when it does not)."""
    assert parts == day_parts(text)


@pytest.mark.parametrize("text", [
    "", "2026年9月", "26年9月30日", "٢٠٢٦-٠٩-٣٠", "2026-09-30T10:00", "2026-09-30x",
    "2026-09-30\n2027-01-01", "二〇二六年九月三十日", "2026年9月30日后",
])
def test_what_is_no_written_day_reads_as_none(text: str) -> None:
    """Other scripts' digits, partial days, an instant, trailing text: no day."""
    assert day_parts(text) is None


def test_the_command_line_reads_a_day_as_the_ledger_does() -> None:
    """``--on`` style options read every form the ledger reads (full-width digits too) and
    refuse what is no day, naming the option."""
    assert dt.date(2026, 9, 30) == parse_day("２０２６年９月３０日", "--on")
    assert dt.date(2026, 9, 30) == parse_day("2026/09/30", "--on")
    with pytest.raises(UsageError, match="--on"):
        parse_day("٢٠٢٦-٠٩-٣٠", "--on")
