"""Clocks: the only way the library learns what time it is.

The domain core never reads the time; the service layer is given a :class:`Clock`.
:class:`SystemClock` is the one place in the library that reads the real time;
:class:`FixedClock` is for tests, demos and replaying a day's work at a chosen instant.
"""

from __future__ import annotations

import datetime as _dt
from typing import Protocol, runtime_checkable

from supervision.calendar import SHANGHAI
from supervision.exceptions import InputOutOfBounds, InvalidInput, NaiveDatetime, shown

__all__ = ["Clock", "FixedClock", "SystemClock", "require_aware"]

_STEP_UNITS = frozenset(
    {"weeks", "days", "hours", "minutes", "seconds", "milliseconds", "microseconds"}
)


def require_aware(value: object, field: str) -> _dt.datetime:
    """Return ``value`` if it is an aware datetime; raise a clear error otherwise.

    Not a datetime: :class:`InvalidInput`; naive: :class:`NaiveDatetime`; a zone whose
    ``utcoffset`` fails or is out of range (a broken ``tzinfo``): :class:`InvalidInput`.
    """
    if not isinstance(value, _dt.datetime):
        raise InvalidInput(field, "an aware datetime 带时区的时间", shown(value))
    try:
        offset = value.utcoffset()
    except (ArithmeticError, TypeError, ValueError) as error:
        raise InvalidInput(
            field, "a datetime whose zone gives a valid UTC offset 时区无效", value
        ) from error
    if offset is None:
        raise NaiveDatetime(field, value)
    return value


@runtime_checkable
class Clock(Protocol):
    """Something that tells the current instant as an aware datetime."""

    def now(self) -> _dt.datetime:
        """The current instant (aware)."""
        ...


class SystemClock:
    """The real time, in Asia/Shanghai. The only place the library reads the system clock."""

    def now(self) -> _dt.datetime:
        return _dt.datetime.now(SHANGHAI)

    def __repr__(self) -> str:
        return "SystemClock()"


class FixedClock:
    """A clock that says whatever instant it was set to, until it is moved.

    >>> import datetime as dt
    >>> clock = FixedClock(dt.datetime(2026, 3, 2, 9, 0, tzinfo=SHANGHAI))
    >>> clock.advance(days=1).now().day
    3
    """

    __slots__ = ("_now",)

    def __init__(self, now: _dt.datetime) -> None:
        self._now = require_aware(now, "now")

    def now(self) -> _dt.datetime:
        return self._now

    def set(self, now: _dt.datetime) -> FixedClock:
        """Move the clock to ``now`` (an aware datetime); returns the clock."""
        self._now = require_aware(now, "now")
        return self

    def advance(self, **delta: float) -> FixedClock:
        """Move the clock forward by ``datetime.timedelta(**delta)``; returns the clock.

        The keywords are timedelta's (``days``, ``hours``, …) with int or float values. A
        step that runs back, is not finite, or would carry the clock past the year 9999
        raises :class:`InvalidInput` (field ``delta``).
        """
        for unit, amount in delta.items():
            if unit not in _STEP_UNITS:
                raise InvalidInput(
                    "delta", f"keywords among {', '.join(sorted(_STEP_UNITS))}", shown(unit)
                )
            if type(amount) not in (int, float):
                raise InvalidInput(f"delta.{unit}", "an int or a float", shown(amount))
        try:
            step = _dt.timedelta(**delta)
        except (OverflowError, ValueError) as error:  # too large, or NaN/infinity
            raise InputOutOfBounds(
                "delta", "a finite step of less than 999999999 days", shown(delta),
                limit="timedelta.max",
            ) from error
        if step < _dt.timedelta(0):
            raise InvalidInput("delta", "a non-negative time step (clocks do not run back)", step)
        try:
            self._now = self._now + step
        except OverflowError as error:
            raise InputOutOfBounds(
                "delta", "a step that keeps the clock before the year 10000", step,
                limit=_dt.datetime.max.isoformat(),
            ) from error
        return self

    def __repr__(self) -> str:
        return f"FixedClock({self._now.isoformat()})"
