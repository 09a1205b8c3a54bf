"""The days periods are counted in (:data:`FIRST_DAY` to :data:`LAST_DAY`) and the checks of a
start and a last day against them; :mod:`supervision.periods` re-exports the bounds."""

from __future__ import annotations

import datetime as _dt

from supervision.calendar import SHANGHAI
from supervision.exceptions import InputOutOfBounds, InvalidInput, NaiveDatetime

__all__ = ["DAYS_LIMIT", "DAYS_TEXT", "FIRST_DAY", "LAST_DAY", "beyond_last_day", "in_shanghai"]

#: The first and the last day periods are counted in (the years registration numbers use).
FIRST_DAY = _dt.date(1900, 1, 1)
LAST_DAY = _dt.date(2999, 12, 31)
DAYS_TEXT = "1 January 1900 to 31 December 2999 (1900年1月1日至2999年12月31日)"
DAYS_LIMIT = f"{FIRST_DAY.isoformat()}..{LAST_DAY.isoformat()}"


def beyond_last_day(label: str, last: _dt.date) -> InputOutOfBounds:
    return InputOutOfBounds(
        "period",
        f"a period that ends by 31 December 2999 (期限届满日不得晚于2999年12月31日), "
        f"not on {last.isoformat()}",
        label,
        limit=LAST_DAY.isoformat(),
    )


def in_shanghai(start: _dt.datetime) -> _dt.datetime:
    """``start`` (aware) in Asia/Shanghai; a zone that fails or leaves datetime's range raises."""
    try:
        offset = start.utcoffset()
    except (ArithmeticError, TypeError, ValueError) as error:
        raise InvalidInput(
            "start", "a datetime whose zone gives a valid UTC offset 时区无效", start
        ) from error
    if start.tzinfo is None or offset is None:
        raise NaiveDatetime("start", start)
    try:
        return start.astimezone(SHANGHAI)
    except (OverflowError, ValueError) as error:
        raise InputOutOfBounds(
            "start", f"an instant from {DAYS_TEXT}", start, limit=DAYS_LIMIT
        ) from error
