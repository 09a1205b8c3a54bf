"""Deriving a matter's due date from its inputs (terms, extensions, suspensions)."""

from __future__ import annotations

import datetime as dt

from builders import CHINA

from supervision.calendar import SHANGHAI
from supervision.domain import (
    DeadlineTerms,
    Decision,
    Extension,
    Suspension,
    derive_due,
    working_days_paused,
)
from supervision.periods import Period

D = dt.date


def _at(month: int, day: int, hour: int = 10) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, tzinfo=SHANGHAI)


def test_stated_due_day_ends_at_midnight_of_that_day() -> None:
    """A day fixed in the notice ends at 24:00 of that day, without rolling."""
    due = derive_due(DeadlineTerms.stated(due_day=D(2026, 9, 30)), _at(9, 1), CHINA)
    assert (D(2026, 9, 30), dt.datetime(2026, 10, 1, tzinfo=SHANGHAI)) == (
        due.last_day, due.due_at
    )
    assert "2026年9月30日前" in due.explanation


def test_office_closing_time_ends_the_period_earlier() -> None:
    """With a closing time of 17:30 the period ends then on its last day."""
    due = derive_due(DeadlineTerms.stated(Period.days(15)), _at(3, 2), CHINA,
                     close=dt.time(17, 30))
    assert dt.datetime(2026, 3, 17, 17, 30, tzinfo=SHANGHAI) == due.due_at


def test_an_explicit_start_wins_over_the_dispatch_instant() -> None:
    """A period counted from the meeting starts there, not at dispatch."""
    terms = DeadlineTerms.stated(Period.working_days(5), start_at=_at(4, 30))
    due = derive_due(terms, _at(5, 8), CHINA)
    assert D(2026, 5, 11) == due.last_day


def test_extensions_and_suspensions_apply_in_the_order_they_happened() -> None:
    """A grant to 31 March, then 2 working days paused, gives 2 April."""
    grant = Extension(1, "liaison-a", _at(3, 5), D(2026, 3, 31), "理由", Decision.ACCEPTED,
                      "leader-1", _at(3, 6), D(2026, 3, 31))
    pause = Suspension(_at(3, 9), "clerk-1", "暂缓", _at(3, 11), "clerk-1", 2)
    due = derive_due(DeadlineTerms.stated(Period.days(15)), _at(3, 2), CHINA,
                     extensions=[grant], suspensions=[pause])
    assert (D(2026, 3, 17), D(2026, 4, 2)) == (due.base_last_day, due.last_day)
    assert dt.datetime(2026, 4, 3, tzinfo=SHANGHAI) == due.due_at


def test_changes_before_the_start_do_not_apply() -> None:
    """An extension granted before a reopened round's start is ignored for that round."""
    grant = Extension(1, "liaison-a", _at(3, 5), D(2026, 3, 31), "理由", Decision.ACCEPTED,
                      "leader-1", _at(3, 6), D(2026, 3, 31))
    terms = DeadlineTerms.stated(Period.days(10), start_at=_at(6, 1))
    due = derive_due(terms, _at(3, 2), CHINA, extensions=[grant])
    assert D(2026, 6, 11) == due.last_day


def test_refused_or_pending_extensions_do_not_move_the_date() -> None:
    """Only granted extensions count."""
    pending = Extension(1, "liaison-a", _at(3, 5), D(2026, 3, 31), "理由")
    due = derive_due(DeadlineTerms.stated(Period.days(15)), _at(3, 2), CHINA,
                     extensions=[pending])
    assert D(2026, 3, 17) == due.last_day


def test_working_days_paused_skip_the_labour_day_holiday() -> None:
    """30 April to 8 May 2026: 6, 7 and 8 May are the working days paused."""
    assert 3 == working_days_paused(_at(4, 30), _at(5, 8), CHINA)
    assert 0 == working_days_paused(_at(4, 30, 9), _at(4, 30, 17), CHINA)
