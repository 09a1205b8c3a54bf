"""Input checks the domain's value objects share: text the library can store and print, and
days inside the years the library counts (1900–2999, :mod:`supervision.periods`)."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Collection, Mapping
from typing import Any, TypeVar

from supervision.calendar import SHANGHAI
from supervision.clock import require_aware
from supervision.exceptions import InputOutOfBounds, InvalidInput
from supervision.periods import FIRST_DAY, LAST_DAY
from supervision.text import require_text

__all__ = [
    "ID_LENGTH",
    "MAX_IDS",
    "check_date",
    "check_id",
    "check_ids",
    "check_instant",
    "check_text",
    "check_value",
]

#: The longest id (matter, unit, office, person) the library takes.
ID_LENGTH = 128
#: The most ids one call takes (a batch of matters, the units of a scorecard).
MAX_IDS = 10_000


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


def check_id(value: object, field: str) -> str:
    """``value`` if it is an id: storable, non-blank text of at most :data:`ID_LENGTH`
    characters; InvalidInput naming ``field`` otherwise."""
    if not isinstance(value, str):
        raise InvalidInput(field, "an id (text)", value)
    return require_text(value, field, max_length=ID_LENGTH, allow_empty=False)


def check_ids(value: object, field: str, *, allow_empty: bool = False) -> list[str]:
    """``value`` as a list of ids: a collection (a list, tuple or set; not a single string
    or a mapping) of at most :data:`MAX_IDS` ids, each checked by :func:`check_id`."""
    if (isinstance(value, str | bytes | bytearray | Mapping)
            or not isinstance(value, Collection)):
        raise InvalidInput(field, "a list of ids", value)
    if len(value) > MAX_IDS:
        raise InputOutOfBounds(field, f"at most {MAX_IDS} ids", value, limit=MAX_IDS)
    found = [check_id(item, field) for item in value]
    if not found and not allow_empty:
        raise InvalidInput(field, "a non-empty list of ids", value)
    return found


def _holds_nul(data: Any) -> bool:
    """Whether any text in ``data`` (as :func:`~supervision.serialization.to_dict` gives it)
    may hold NUL (no paths built: :func:`_unstorable_text` finds and names it); anything but
    JSON's own types answers yes, so that walk decides."""
    stack = [data]
    pop, push = stack.pop, stack.extend
    while stack:
        item = pop()
        kind = item.__class__
        if kind is str:
            if "\x00" in item:
                return True
        elif kind is dict:
            push(item.values())
        elif kind is list:
            push(item)
        elif not (item is None or kind is int or kind is bool or kind is float):
            return True
    return False


def _unstorable_text(data: object, path: str) -> tuple[str, str] | None:
    """The first text in ``data`` (as :func:`~supervision.serialization.to_dict` gives it)
    holding NUL, with its path."""
    if isinstance(data, str):
        return (path, data) if "\x00" in data else None
    if isinstance(data, dict):
        for key, value in data.items():
            found = _unstorable_text(value, f"{path}.{key}" if path else str(key))
            if found is not None:
                return found
    if isinstance(data, list):
        for i, value in enumerate(data):
            found = _unstorable_text(value, f"{path}[{i}]")
            if found is not None:
                return found
    return None


T = TypeVar("T")

#: The writer and read-back :func:`check_value` uses, imported on its first call (the
#: modules import this one); an import statement run on every call cost ≈ 1.4 µs.
_CHECKERS: list[Callable[..., Any]] = []


def _checkers() -> list[Callable[..., Any]]:
    from supervision._encoded import to_stored_dict
    from supervision._stored import check_written, from_stored_dict

    _CHECKERS[:] = [to_stored_dict, check_written, from_stored_dict]
    return _CHECKERS


def check_value(value: object, cls: type[T], field: str) -> T:
    """``value`` if it is a well-formed ``cls``: an instance whose every field has the type,
    form and bounds :mod:`supervision.serialization` reads back (so a value put together with
    hostile parts — None where a tuple belongs, a naive datetime, a lone surrogate, a
    number of a thousand digits — is refused here, naming ``field`` and the path inside it,
    e.g. ``registration.source.kind``), holding no NUL character.

    Written by the generated writers of the library's own values (:mod:`supervision._encoded`)
    and read back only where reading can still refuse what was written
    (:func:`supervision._stored.check_written`); both hand anything they do not accept at once
    to ``to_dict`` and ``from_dict``: the same checks, the same errors."""
    to_stored_dict, check_written, from_stored_dict = _CHECKERS or _checkers()
    if not isinstance(value, cls):
        raise InvalidInput(field, f"a supervision {cls.__name__}", value)
    try:
        data = to_stored_dict(value)
        if value.__class__ is cls:
            check_written(cls, data)
        else:  # a subclass: its fields are read back as the class's
            from_stored_dict(cls, data)
    except InvalidInput as error:
        inner = f"{field}.{error.field}" if error.field else field
        if isinstance(error, InputOutOfBounds):
            raise InputOutOfBounds(inner, error.expected, error.got,
                                   limit=error.limit) from None
        raise InvalidInput(inner, error.expected, error.got) from None
    found = _unstorable_text(data, "") if _holds_nul(data) else None
    if found is not None:
        raise InvalidInput(f"{field}.{found[0]}" if found[0] else field,
                           "text without NUL characters", found[1])
    return value


def check_instant(value: object, field: str) -> _dt.datetime:
    """``value`` if it is an aware datetime whose day in China lies from 1900-01-01 to
    2999-12-31 (the years the library counts); InvalidInput or InputOutOfBounds naming
    ``field`` otherwise."""
    when = require_aware(value, field)
    try:
        day = when.astimezone(SHANGHAI).date()
    except (OverflowError, ValueError):
        day = None
    if day is None or not FIRST_DAY <= day <= LAST_DAY:
        raise InputOutOfBounds(field, f"an instant from {FIRST_DAY} to {LAST_DAY} (China)",
                               when, limit=f"{FIRST_DAY}..{LAST_DAY}")
    return when
