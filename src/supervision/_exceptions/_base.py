"""The root of the tree and the errors about an argument's type, form or bounds."""

from __future__ import annotations

from typing import Any

__all__ = [
    "SHOWN_LENGTH",
    "CalendarDataUnavailable",
    "InputOutOfBounds",
    "InvalidInput",
    "NaiveDatetime",
    "ScheduleFileError",
    "SupervisionError",
    "shown",
]

#: The longest ``repr`` of a wrong value that :func:`shown` lets an error quote whole.
SHOWN_LENGTH = 200


class SupervisionError(Exception):
    """Root of every error the library raises on purpose.

    ``fields`` holds the structured details (also available as attributes).
    """

    def __init__(self, message: str, **fields: Any) -> None:
        super().__init__(message)
        self.message = message
        self.fields: dict[str, Any] = dict(fields)
        for name, value in fields.items():
            setattr(self, name, value)

    def __str__(self) -> str:
        return self.message


class InvalidInput(SupervisionError, ValueError):
    """Raised when an argument has the wrong type, form or value.

    ``field`` names the argument (in the caller's terms), ``expected`` says what was expected
    and ``got`` is the value received (the message quotes it through :func:`shown`).
    """

    field: str
    expected: str
    got: Any

    def __init__(self, field: str, expected: str, got: Any, *, hint: str = "") -> None:
        # a hostile value is quoted safely: huge, deeply nested or unprintable (shown)
        message = f"{field}: expected {expected}, got {shown(got)!r}"
        if hint:
            message += f". {hint}"
        super().__init__(message, field=field, expected=expected, got=got)


def shown(value: Any) -> Any:
    """``value`` itself if an error message can quote it whole; otherwise a short text about it.

    Errors quote the wrong value (``got``). A value from a hostile source can be huge (a 16 MB
    string, an integer of a million digits), nested too deep for ``repr``, or have a ``repr``
    that fails; quoting it would raise a second error or flood the log. Such a value is
    replaced by a text naming its type, its size and the start of its ``repr``:
    ``<str of 20000000 characters: '[[[[[[[[…>``. Values whose ``repr`` has at most
    :data:`SHOWN_LENGTH` characters are returned unchanged.
    """
    kind = type(value).__name__
    if isinstance(value, int) and value.bit_length() > 4 * SHOWN_LENGTH:
        return f"<{kind} of {value.bit_length()} bits>"
    if isinstance(value, str | bytes | bytearray):
        if len(value) <= SHOWN_LENGTH:
            return value
        unit = "characters" if isinstance(value, str) else "bytes"
        return f"<{kind} of {len(value)} {unit}: {repr(value[:SHOWN_LENGTH // 2])[:-1]}…>"
    try:
        text = repr(value)
    except Exception:  # RecursionError, a failing __repr__
        return f"<{kind} that cannot be shown>"
    if len(text) <= SHOWN_LENGTH:
        return value
    try:
        size = f" of {len(value)} items"
    except Exception:  # no len(), or a failing one
        size = ""
    return f"<{kind}{size}: {text[:SHOWN_LENGTH // 2]}…>"


class InputOutOfBounds(InvalidInput):
    """Raised when a value has the right type and form but lies beyond a bound the library
    documents (docs/integration.md, "Bounds on input"; 超出允许范围).

    Examples: a period longer than about a hundred years (``Period.days(10**9)``), a start day
    outside 1900–2999, JSON text longer than 16 MiB or nested more than 32 levels deep, text
    longer than its maximum. ``field``, ``expected`` and ``got`` as for :class:`InvalidInput`
    (``got`` passed through :func:`shown`); ``limit`` states the bound (``36525``,
    ``"1900-01-01..2999-12-31"``).
    """

    limit: Any

    def __init__(self, field: str, expected: str, got: Any, *, limit: Any, hint: str = "") -> None:
        super().__init__(field, expected, shown(got), hint=hint)
        self.limit = limit
        self.fields["limit"] = limit


class NaiveDatetime(InvalidInput):
    """Raised when a datetime without a time zone reaches the library.

    The library never guesses a zone: pass an aware datetime (any zone; it is converted to
    Asia/Shanghai before counting).
    """

    def __init__(self, field: str, got: Any) -> None:
        super().__init__(
            field,
            "an aware datetime (with tzinfo) 需要带时区的时间",
            got,
            hint="Attach a zone, e.g. value.replace(tzinfo=ZoneInfo('Asia/Shanghai')), "
            "or pass a date for a whole day",
        )


class ScheduleFileError(InvalidInput):
    """Raised when a holiday-schedule file (节假日安排 transcription) cannot be read or is invalid.

    ``path`` is the file, ``field`` the entry at fault.
    """

    path: str

    def __init__(self, path: str, field: str, expected: str, got: Any) -> None:
        super().__init__(field, expected, got, hint=f"in holiday schedule file {path}")
        self.path = path
        self.fields["path"] = path


class CalendarDataUnavailable(SupervisionError, LookupError):
    """Raised when working-day arithmetic touches a year the calendar has no schedule for.

    The library never guesses a year's holidays silently. ``year`` is the missing year and
    ``day`` the date that needed it (or None when only the year is known).
    """

    year: int

    def __init__(self, year: int, day: Any = None, *, known: str = "") -> None:
        where = f" (needed for {day})" if day is not None else ""
        known_part = f"; this calendar knows {known}" if known else ""
        message = (
            f"no working-day schedule for {year}{where}{known_part}. "
            f"{year}年节假日安排未知：请在国务院办公厅发布通知后提供. "
            f"Supply it with calendar.with_year({year}, holidays=[...], working_days=[...]) "
            f"or load a transcription of the notice with "
            f"calendar.china().with_schedule(calendar.load_schedule(path)); "
            f"or opt in to calendar.china(provisional=True), which counts unknown years with "
            f"their weekends and statutory holidays off (no 调休) and marks the results "
            f"provisional"
        )
        super().__init__(message, year=year, day=day)
