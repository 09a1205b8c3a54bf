"""Input checks the domain's value objects share: text the library can store and print, and
days inside the years the library counts (1900–2999, :mod:`supervision.periods`)."""

from __future__ import annotations

import datetime as _dt

from supervision.exceptions import InputOutOfBounds, InvalidInput
from supervision.periods import FIRST_DAY, LAST_DAY
from supervision.text import require_text

__all__ = ["check_date", "check_text"]


def check_text(value: object, field: str, *, allow_empty: bool = False) -> str:
    """``value`` if it is storable text (no NUL, no lone surrogate, at most 100 000
    characters), non-blank unless ``allow_empty``; InvalidInput naming ``field`` otherwise."""
    return require_text(value, field, allow_empty=allow_empty)


def check_date(value: object, field: str) -> _dt.date:
    """``value`` if it is a date (not a datetime) from 1900-01-01 to 2999-12-31."""
    if not isinstance(value, _dt.date) or isinstance(value, _dt.datetime):
        raise InvalidInput(field, "a datetime.date 日期", value)
    if not FIRST_DAY <= value <= LAST_DAY:
        raise InputOutOfBounds(field, f"a day from {FIRST_DAY} to {LAST_DAY}", value,
                               limit=str(LAST_DAY))
    return value
