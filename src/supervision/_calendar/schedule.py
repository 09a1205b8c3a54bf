"""One State Council holiday notice (节假日安排通知) and the days it sets; the TOML loader.

A notice for year Y sets days off and make-up working days in Y and, at times, in the December
before it: the 2019 notice made Saturday 2018-12-29 a make-up working day and Monday 2018-12-31 a
day of the 元旦 holiday. Each day belongs to the notice that set it, so a calendar can replace one
notice (a corrected one) without touching the days another notice set.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from supervision._frozen import Value
from supervision.exceptions import InvalidInput, ScheduleFileError

if TYPE_CHECKING:
    from pathlib import Path

__all__ = ["YearSchedule", "load_schedule", "made_up_for", "notices_from_days"]

_date = _dt.date

#: The suffix older transcriptions (and earlier releases) gave make-up days' names: 国庆节调休.
_MAKEUP_SUFFIX = "调休"


def made_up_for(name: str) -> str:
    """The holiday a make-up day's stored name refers to: 国庆节调休 → 国庆节, 国庆节 → 国庆节."""
    if name.endswith(_MAKEUP_SUFFIX) and len(name) > len(_MAKEUP_SUFFIX):
        return name[: -len(_MAKEUP_SUFFIX)]
    return name


def _span(year: int) -> tuple[_date, _date]:
    """The days a notice for ``year`` may set: all of ``year`` and the December before it."""
    return _date(year - 1, 12, 1), _date(year, 12, 31)


def _outside_year(year: int) -> str:
    return f"dates in {year} (or December {year - 1}) 日期应在{year}年内"


_WEEKEND_ONLY = "make-up working days on a Saturday or Sunday 调休上班日应为周末"


class YearSchedule(Value):
    """One year's holiday schedule, as the State Council's notice sets it.

    ``holidays`` are the days off (放假日), each with the holiday's name; weekend days inside a
    holiday may be listed or not. ``working_days`` are the make-up working days (调休上班日),
    which must fall on a Saturday or Sunday, each with the name of the holiday it makes up for.
    Dates belong to ``year``, except that a notice may fix days in the December before it (a
    New Year's holiday that starts on 30 December); those days belong to this notice, not to
    the previous year's. A frozen value (:class:`supervision._frozen.Value`); the constructor
    checks nothing, :meth:`build` does.
    """

    __slots__ = ("holidays", "source", "working_days", "year")
    _fields: ClassVar[tuple[str, ...]] = ("year", "holidays", "working_days", "source")
    _defaults: ClassVar[dict[str, Any]] = {"source": ""}

    year: int
    holidays: tuple[tuple[_date, str], ...]
    working_days: tuple[tuple[_date, str], ...]
    source: str

    def __init__(
        self,
        year: int,
        holidays: tuple[tuple[_date, str], ...],
        working_days: tuple[tuple[_date, str], ...],
        source: str = "",
    ) -> None:
        _set = object.__setattr__
        _set(self, "year", year)
        _set(self, "holidays", holidays)
        _set(self, "working_days", working_days)
        _set(self, "source", source)

    @classmethod
    def build(
        cls,
        year: int,
        holidays: Iterable[_date] | Mapping[_date, str],
        working_days: Iterable[_date] | Mapping[_date, str] = (),
        *,
        source: str = "",
        where: str = "",
    ) -> YearSchedule:
        """Validate and build a schedule; ``where`` names a file for error messages."""

        def fail(field: str, expected: str, got: Any) -> InvalidInput:
            if where:
                return ScheduleFileError(where, field, expected, got)
            return InvalidInput(field, expected, got)

        if year.__class__ is not int or not 1949 <= year <= 2200:
            raise fail("year", "a year between 1949 and 2200", year)
        first_allowed, last_allowed = _span(year)
        if not _storable(source):
            raise fail("source", "a string without NUL or lone surrogates", source)

        def entries(field: str, given: Iterable[_date] | Mapping[_date, str]) -> dict[_date, str]:
            pairs: Iterable[tuple[Any, Any]]
            if isinstance(given, Mapping):
                pairs = given.items()
            elif isinstance(given, str | bytes):
                raise fail(field, "a list of dates", given)
            else:
                try:
                    pairs = [(d, "") for d in given]
                except TypeError:
                    raise fail(field, "a list of dates", given) from None
            out: dict[_date, str] = {}
            for day, name in pairs:
                if day.__class__ is not _date:
                    raise fail(field, "dates (datetime.date, not datetime)", day)
                if not first_allowed <= day <= last_allowed:
                    raise fail(field, _outside_year(year), day)
                if not _storable(name):
                    raise fail(field, "a holiday name (str, no NUL or lone surrogates)", name)
                out[day] = name or out.get(day, "")
            return out

        off = entries("holidays", holidays)
        on = entries("working_days", working_days)
        for day in on:
            if day.weekday() < 5:
                raise fail("working_days", _WEEKEND_ONLY, day)
            if day in off:
                raise fail("working_days", "days not also listed as holidays", day)
        return cls(
            year=year,
            holidays=tuple(sorted(off.items())),
            working_days=tuple(sorted(on.items())),
            source=source,
        )


def _storable(text: object) -> bool:
    """Whether ``text`` is a str the library can store and print (no NUL, no lone surrogate)."""
    if not isinstance(text, str) or "\x00" in text:
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def load_schedule(path: str | Path) -> YearSchedule:
    """Read a TOML transcription of a State Council holiday notice.

    The format (documented with an example in docs/calendar.md)::

        year = 2030
        source = "国务院办公厅关于2030年部分节假日安排的通知"   # optional

        [[holiday]]
        name = "元旦"
        start = 2030-01-01          # or: days = [2030-01-01, ...]
        end = 2030-01-01            # optional, defaults to start
        working_days = []           # make-up working days (调休上班) for this holiday

    Every error names the file and the entry at fault (``holiday[2].working_days``) with the
    offending value; nothing is partly loaded.
    """
    import os
    import tomllib  # loaded with a schedule file only
    from pathlib import Path

    if not isinstance(path, str | os.PathLike) or (isinstance(path, str) and "\x00" in path):
        raise InvalidInput("path", "the path of a TOML file (str or pathlib.Path)", path)
    where = str(path)
    try:
        raw = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise ScheduleFileError(where, "path", "a readable file", str(exc)) from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ScheduleFileError(where, "file", "valid TOML (UTF-8)", str(exc)) from exc
    year = raw.get("year")
    if year.__class__ is not int or not 1949 <= year <= 2200:
        raise ScheduleFileError(where, "year", "an integer year, e.g. year = 2030", year)
    source = raw.get("source", "")
    if not isinstance(source, str):
        raise ScheduleFileError(where, "source", "a string", source)
    groups = raw.get("holiday", [])
    if not isinstance(groups, list) or not groups:
        raise ScheduleFileError(where, "holiday", "one or more [[holiday]] tables", groups)
    unknown_keys = set(raw) - {"year", "source", "holiday"}
    if unknown_keys:
        raise ScheduleFileError(
            where, "file", "only year, source and [[holiday]]", sorted(unknown_keys)
        )
    first_allowed, last_allowed = _span(year)

    def check_day(field: str, value: object, example: str) -> _date:
        if value.__class__ is not _date:
            raise ScheduleFileError(where, field, f"dates such as {example}", value)
        if not first_allowed <= value <= last_allowed:
            raise ScheduleFileError(where, field, _outside_year(year), value)
        return value

    off: dict[_date, str] = {}
    on: dict[_date, str] = {}
    off_entry: dict[_date, str] = {}
    on_entry: dict[_date, str] = {}
    for index, group in enumerate(groups, start=1):
        label = f"holiday[{index}]"
        if not isinstance(group, dict):
            raise ScheduleFileError(where, label, "a table", group)
        extra = set(group) - {"name", "start", "end", "days", "working_days"}
        if extra:
            raise ScheduleFileError(
                where, label, "keys name, start, end, days, working_days", sorted(extra)
            )
        name = group.get("name")
        if not isinstance(name, str) or not name.strip():
            raise ScheduleFileError(where, f"{label}.name", "the holiday's name, e.g. 春节", name)
        days: list[_date]
        days_field = f"{label}.days"
        if "days" in group:
            if "start" in group or "end" in group:
                raise ScheduleFileError(where, label, "either days or start/end, not both", group)
            listed = group["days"]
            if not isinstance(listed, list) or not listed:
                raise ScheduleFileError(where, days_field, "a non-empty list of dates", listed)
            days = [check_day(days_field, d, f"{year}-10-01") for d in listed]
        else:
            start = group.get("start")
            end = group.get("end", start)
            if start.__class__ is not _date or end.__class__ is not _date:
                raise ScheduleFileError(
                    where, f"{label}.start/end", f"dates such as {year}-10-01", (start, end)
                )
            check_day(f"{label}.start", start, f"{year}-10-01")
            check_day(f"{label}.end", end, f"{year}-10-07")
            if end < start:
                raise ScheduleFileError(where, f"{label}.end", f"a date on or after {start}", end)
            days = [start + _dt.timedelta(k) for k in range((end - start).days + 1)]
            days_field = f"{label}.start/end"
        made_up = group.get("working_days", [])
        work_field = f"{label}.working_days"
        if not isinstance(made_up, list):
            raise ScheduleFileError(where, work_field, "a list of dates", made_up)
        for day in days:
            if day in on_entry:
                raise ScheduleFileError(
                    where, days_field, f"days not also make-up days in {on_entry[day]}", day
                )
            off[day] = name
            off_entry[day] = label
        for listed_day in made_up:
            day = check_day(work_field, listed_day, f"{year}-10-10")
            if day.weekday() < 5:
                raise ScheduleFileError(where, work_field, _WEEKEND_ONLY, day)
            if day in off_entry:
                raise ScheduleFileError(
                    where, work_field, f"days not also days off in {off_entry[day]}", day
                )
            on[day] = name
            on_entry[day] = label
    return YearSchedule.build(year, off, on, source=source, where=where)


def _is_new_year(name: str) -> bool:
    return "元旦" in name or "新年" in name or "New Year" in name


def notices_from_days(
    off: Mapping[_date, str],
    on: Mapping[_date, str],
    known: Iterable[int],
    sources: Mapping[int, str],
) -> dict[int, YearSchedule]:
    """Attribute flat day maps (as chinese-calendar keeps them) to the notices that set them.

    A day of year Y belongs to notice Y, except a December day that notice Y+1 set: one named
    as the New Year's holiday (元旦) when Y+1 is known, or any December day when only Y+1 is.
    Days of no known notice are dropped; a day in both maps counts as a make-up day (as the
    tables always treated it). No other check is made: the maps are taken as given.
    """
    years = frozenset(known)
    holidays: dict[int, dict[_date, str]] = {y: {} for y in years}
    makeups: dict[int, dict[_date, str]] = {y: {} for y in years}

    def owner(day: _date, name: str) -> int | None:
        year = day.year
        if day.month == 12 and year + 1 in years and (year not in years or _is_new_year(name)):
            return year + 1
        return year if year in years else None

    for day, name in on.items():
        notice = owner(day, name)
        if notice is not None:
            makeups[notice][day] = name
    for day, name in off.items():
        notice = owner(day, name)
        if notice is not None and day not in on:
            holidays[notice][day] = name
    return {
        year: YearSchedule(
            year=year,
            holidays=tuple(sorted(holidays[year].items())),
            working_days=tuple(sorted(makeups[year].items())),
            source=sources.get(year, ""),
        )
        for year in years
    }
