"""Clocks: the only way the library learns the time."""

from __future__ import annotations

import datetime as dt

import pytest

from supervision.calendar import SHANGHAI
from supervision.clock import Clock, FixedClock, SystemClock
from supervision.exceptions import InvalidInput, NaiveDatetime

T = dt.datetime(2026, 3, 2, 9, tzinfo=SHANGHAI)


def test_fixed_clock_says_the_instant_it_was_set_to() -> None:
    """A fixed clock returns its instant until moved, and moves forward on request."""
    clock = FixedClock(T)
    assert T == clock.now()
    assert T + dt.timedelta(hours=5) == clock.advance(hours=5).now()


def test_fixed_clock_refuses_naive_time_and_running_back() -> None:
    """Naive instants and negative steps are refused."""
    with pytest.raises(NaiveDatetime):
        FixedClock(dt.datetime(2026, 3, 2, 9))
    with pytest.raises(InvalidInput):
        FixedClock(T).advance(hours=-1)


def test_system_clock_is_aware_and_in_shanghai() -> None:
    """The system clock returns an aware Asia/Shanghai datetime; both satisfy Clock."""
    now = SystemClock().now()
    assert (SHANGHAI, True) == (now.tzinfo, now.utcoffset() is not None)
    assert isinstance(SystemClock(), Clock)
    assert isinstance(FixedClock(T), Clock)
