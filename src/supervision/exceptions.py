"""The library's exceptions: one tree rooted at :class:`SupervisionError`.

Every class says when it is raised, carries structured fields an OA system can show or log,
and has a message that names what was wrong and what to do. Domain terms appear in Chinese
beside the English. Classes subclass ``ValueError`` / ``LookupError`` where callers expect it.
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "CalendarDataUnavailable",
    "InvalidInput",
    "NaiveDatetime",
    "ScheduleFileError",
    "SupervisionError",
]


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
    and ``got`` is the value received.
    """

    field: str
    expected: str
    got: Any

    def __init__(self, field: str, expected: str, got: Any, *, hint: str = "") -> None:
        message = f"{field}: expected {expected}, got {got!r}"
        if hint:
            message += f". {hint}"
        super().__init__(message, field=field, expected=expected, got=got)


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
            f"or opt in to calendar.china(provisional=True), which counts weekends only "
            f"for unknown years and marks the results provisional"
        )
        super().__init__(message, year=year, day=day)
