"""The statutory working-day calendar (法定工作日历).

Working days in China are the weekdays, less the statutory holidays and the rest days the State
Council moves into them each year, plus the make-up working days (调休上班) it puts on weekends.
The schedule is published each year (国务院办公厅关于某年部分节假日安排的通知, normally in November
for the next year); :func:`china` builds a calendar from the ``chinese-calendar`` package, which
carries the notices for 2004–2026.

Rules this module keeps:

* A date in a year the calendar has no schedule for raises :class:`CalendarDataUnavailable`; it is
  never guessed silently. Supply the year with :meth:`Calendar.with_year` or a transcription of
  the notice (:func:`load_schedule`), or opt in to ``china(provisional=True)``, which counts
  weekends only for unknown years and reports every result that touched them as provisional
  (:meth:`Calendar.touches_provisional`; :class:`supervision.Deadline` carries the flag).
* Dates are calendar days in Asia/Shanghai. An aware ``datetime`` is converted to Asia/Shanghai
  first (16:30 UTC on 30 September is 1 October in China); a naive one is refused.
* Arithmetic is precomputed: a flag per day, a running count of working days and the list of
  working days, so every query is a few index operations, never a walk over days.

Counting conventions (see docs/periods.md):

``add_working_days(d, n)``
    n > 0: the n-th working day after ``d`` (``d`` itself is never counted, working or not).
    n = 0: ``d`` itself, unchanged (use :meth:`Calendar.roll_forward` for "a working day on or
    after d"). n < 0: the |n|-th working day before ``d`` (``d`` not counted), so that for a
    working day ``w``, ``add_working_days(add_working_days(w, n), -n) == w``.
``working_days_between(start, end)``
    the number of working days in ``(start, end]``; negative when ``end`` is before ``start``.
"""

from __future__ import annotations

import datetime as _dt
import enum
import tomllib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, Final
from zoneinfo import ZoneInfo

import attrs

from supervision.exceptions import CalendarDataUnavailable, InvalidInput, ScheduleFileError

__all__ = [
    "SHANGHAI",
    "Calendar",
    "CalendarDataUnavailable",
    "DayKind",
    "YearSchedule",
    "as_shanghai_date",
    "china",
    "load_schedule",
]

SHANGHAI: Final = ZoneInfo("Asia/Shanghai")

#: How many years past the last known one a provisional calendar will count weekends-only.
DEFAULT_PROVISIONAL_YEARS: Final = 10

_date = _dt.date
_datetime = _dt.datetime


class DayKind(enum.Enum):
    """What a calendar day is, for explanations and reports."""

    WORKING_DAY = "工作日"
    MAKEUP_WORKING_DAY = "调休上班日"
    WEEKEND = "休息日"
    HOLIDAY = "法定节假日"

    @property
    def label(self) -> str:
        """The Chinese label (工作日, 调休上班日, 休息日, 法定节假日)."""
        return self.value

    @property
    def english(self) -> str:
        return {
            DayKind.WORKING_DAY: "a working day",
            DayKind.MAKEUP_WORKING_DAY: "a make-up working day",
            DayKind.WEEKEND: "a weekend day",
            DayKind.HOLIDAY: "a statutory holiday",
        }[self]

    @property
    def is_working(self) -> bool:
        return self in (DayKind.WORKING_DAY, DayKind.MAKEUP_WORKING_DAY)


def as_shanghai_date(value: object, field: str = "day") -> _dt.date:
    """Return the Asia/Shanghai calendar date of ``value``.

    A ``date`` is taken as is; an aware ``datetime`` is converted to Asia/Shanghai first; a naive
    ``datetime`` raises :class:`~supervision.exceptions.NaiveDatetime`; anything else raises
    :class:`~supervision.exceptions.InvalidInput` naming ``field``.
    """
    if value.__class__ is _date:
        return value
    if isinstance(value, _datetime):
        from supervision.exceptions import NaiveDatetime

        if value.tzinfo is None or value.utcoffset() is None:
            raise NaiveDatetime(field, value)
        return value.astimezone(SHANGHAI).date()
    if isinstance(value, _date):
        return _date(value.year, value.month, value.day)
    raise InvalidInput(field, "a date or an aware datetime 日期", value)


def _check_count(n: object, field: str = "n") -> int:
    if n.__class__ is not int:
        raise InvalidInput(field, "an integer number of working days 工作日数", n)
    return n


@attrs.frozen
class YearSchedule:
    """One year's holiday schedule, as the State Council's notice sets it.

    ``holidays`` are the days off (放假日), each with the holiday's name; weekend days inside a
    holiday may be listed or not. ``working_days`` are the make-up working days (调休上班日),
    which must fall on a Saturday or Sunday. Dates belong to ``year``, except that a notice may
    fix days in the December before it (a New Year's holiday that starts on 30 December).
    """

    year: int
    holidays: tuple[tuple[_date, str], ...]
    working_days: tuple[tuple[_date, str], ...]
    source: str = ""

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
        first_allowed = _date(year - 1, 12, 1)
        last_allowed = _date(year, 12, 31)

        def entries(field: str, given: Iterable[_date] | Mapping[_date, str]) -> dict[_date, str]:
            pairs: Iterable[tuple[Any, Any]]
            if isinstance(given, Mapping):
                pairs = given.items()
            elif isinstance(given, str | bytes):
                raise fail(field, "a list of dates", given)
            else:
                pairs = ((d, "") for d in given)
            out: dict[_date, str] = {}
            for day, name in pairs:
                if day.__class__ is not _date:
                    raise fail(field, "dates (datetime.date, not datetime)", day)
                if not first_allowed <= day <= last_allowed:
                    raise fail(
                        field,
                        f"dates in {year} (or December {year - 1}) 日期应在{year}年内",
                        day,
                    )
                if not isinstance(name, str):
                    raise fail(field, "a holiday name (str)", name)
                out[day] = name or out.get(day, "")
            return out

        off = entries("holidays", holidays)
        on = entries("working_days", working_days)
        for day in on:
            if day.weekday() < 5:
                raise fail(
                    "working_days",
                    "make-up working days on a Saturday or Sunday 调休上班日应为周末",
                    day,
                )
            if day in off:
                raise fail("working_days", "days not also listed as holidays", day)
        return cls(
            year=year,
            holidays=tuple(sorted(off.items())),
            working_days=tuple(sorted(on.items())),
            source=source,
        )


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

    Every error names the file and the entry at fault; nothing is partly loaded.
    """
    where = str(path)
    try:
        raw = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise ScheduleFileError(where, "path", "a readable file", str(exc)) from exc
    except tomllib.TOMLDecodeError as exc:
        raise ScheduleFileError(where, "file", "valid TOML", str(exc)) from exc
    year = raw.get("year")
    if year.__class__ is not int:
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
    off: dict[_date, str] = {}
    on: dict[_date, str] = {}
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
        if "days" in group:
            if "start" in group or "end" in group:
                raise ScheduleFileError(where, label, "either days or start/end, not both", group)
            days = group["days"]
            if not isinstance(days, list) or not days:
                raise ScheduleFileError(where, f"{label}.days", "a non-empty list of dates", days)
        else:
            start = group.get("start")
            end = group.get("end", start)
            if start.__class__ is not _date or end.__class__ is not _date:
                raise ScheduleFileError(
                    where, f"{label}.start/end", "dates such as 2030-10-01", (start, end)
                )
            if end < start:
                raise ScheduleFileError(where, f"{label}.end", f"a date on or after {start}", end)
            days = [start + _dt.timedelta(k) for k in range((end - start).days + 1)]
        made_up = group.get("working_days", [])
        if not isinstance(made_up, list):
            raise ScheduleFileError(where, f"{label}.working_days", "a list of dates", made_up)
        for day in days:
            if day.__class__ is not _date:
                raise ScheduleFileError(where, f"{label}.days", "dates such as 2030-10-01", day)
            off[day] = name
        for day in made_up:
            if day.__class__ is not _date:
                raise ScheduleFileError(
                    where, f"{label}.working_days", "dates such as 2030-10-12", day
                )
            on[day] = f"{name}调休"
    return YearSchedule.build(year, off, on, source=source, where=where)


@attrs.frozen
class _Tables:
    base: int  # ordinal of the first day in the tables
    first_year: int
    last_year: int
    flags: bytes  # 1 per working day
    prefix: list[int]  # working days on or before each day
    workdays: list[_date]  # every working day, in order


def _build_tables(
    first_year: int,
    last_year: int,
    off: Mapping[_date, str],
    on: Mapping[_date, str],
) -> _Tables:
    base = _date(first_year, 1, 1).toordinal()
    end = _date(last_year, 12, 31).toordinal()
    flags = bytearray(end - base + 1)
    prefix: list[int] = [0] * (end - base + 1)
    workdays: list[_date] = []
    count = 0
    for i in range(end - base + 1):
        day = _date.fromordinal(base + i)
        working = day in on or (day.weekday() < 5 and day not in off)
        if working:
            flags[i] = 1
            count += 1
            workdays.append(day)
        prefix[i] = count
    return _Tables(base, first_year, last_year, bytes(flags), prefix, workdays)


class Calendar:
    """An immutable working-day calendar over a set of known years.

    Build one with :func:`china`, then extend it with :meth:`with_year`,
    :meth:`with_schedule`; each returns a new calendar. Instances are safe to share.
    """

    __slots__ = (
        "_base",
        "_first_year",
        "_flags",
        "_gapless",
        "_known",
        "_last_year",
        "_ndays",
        "_nwork",
        "_off",
        "_on",
        "_prefix",
        "_provisional",
        "_provisional_span",
        "_provisional_years",
        "_sources",
        "_usable",
        "_workdays",
    )

    def __init__(
        self,
        off: Mapping[_date, str],
        on: Mapping[_date, str],
        known_years: Iterable[int],
        *,
        provisional: bool = False,
        provisional_years: int = DEFAULT_PROVISIONAL_YEARS,
        sources: Mapping[int, str] | None = None,
    ) -> None:
        known = frozenset(known_years)
        if not known:
            raise InvalidInput("known_years", "at least one year with a schedule", known_years)
        if provisional_years.__class__ is not int or provisional_years < 0:
            raise InvalidInput("provisional_years", "a non-negative integer", provisional_years)
        first, last = min(known), max(known)
        table_last = last + provisional_years if provisional else last
        usable = frozenset(range(first, table_last + 1)) if provisional else known
        tables = _build_tables(first, table_last, off, on)
        self._off: Mapping[_date, str] = dict(off)
        self._on: Mapping[_date, str] = dict(on)
        self._known = known
        self._usable = usable
        self._provisional = provisional
        self._provisional_span = provisional_years
        self._provisional_years = usable - known
        self._sources: Mapping[int, str] = dict(sources or {})
        self._base = tables.base
        self._first_year = tables.first_year
        self._last_year = tables.last_year
        self._flags = tables.flags
        self._prefix = tables.prefix
        self._workdays = tables.workdays
        self._ndays = len(tables.prefix)
        self._nwork = len(tables.workdays)
        # Every year the tables span is usable: bounds checks alone guard the fast paths.
        self._gapless = usable == frozenset(range(tables.first_year, tables.last_year + 1))

    # ----------------------------------------------------------------- describing
    @property
    def known_years(self) -> frozenset[int]:
        """The years whose published schedule this calendar holds."""
        return self._known

    @property
    def provisional(self) -> bool:
        """Whether unknown years are counted weekends-only (and reported as provisional)."""
        return self._provisional

    @property
    def provisional_years(self) -> frozenset[int]:
        """The years counted weekends-only for want of a schedule (empty unless provisional)."""
        return self._provisional_years

    def source(self, year: int) -> str:
        """Where the schedule of ``year`` came from ("" when unrecorded)."""
        return self._sources.get(year, "")

    def __repr__(self) -> str:
        years = sorted(self._known)
        span = f"{years[0]}–{years[-1]}" if len(years) > 1 else str(years[0])
        extra = f" ({len(years)} years)" if years[-1] - years[0] + 1 != len(years) else ""
        mode = ", provisional" if self._provisional else ""
        return f"<Calendar known {span}{extra}{mode}>"

    def _unavailable(self, year: int, day: object = None) -> CalendarDataUnavailable:
        years = sorted(self._known)
        known = f"{years[0]}–{years[-1]}" if len(years) > 1 else str(years[0])
        if len(years) != years[-1] - years[0] + 1:
            known += " with gaps"
        return CalendarDataUnavailable(year, day, known=known)

    def _check_years(self, low: int, high: int, day: object) -> None:
        usable = self._usable
        for year in range(low, high + 1):
            if year not in usable:
                raise self._unavailable(year, day)

    # ------------------------------------------------------------------- queries
    def is_working_day(self, day: _date) -> bool:
        """Whether ``day`` is a working day (make-up weekend days are; holidays are not)."""
        d = day if day.__class__ is _date else as_shanghai_date(day)
        if d.year not in self._usable:
            raise self._unavailable(d.year, d)
        return self._flags[d.toordinal() - self._base] == 1

    def day_kind(self, day: _date) -> DayKind:
        """Classify ``day``: working day, make-up working day, weekend or statutory holiday."""
        d = as_shanghai_date(day)
        working = self.is_working_day(d)
        weekend = d.weekday() >= 5
        if working:
            return DayKind.MAKEUP_WORKING_DAY if weekend else DayKind.WORKING_DAY
        if d in self._off:
            return DayKind.HOLIDAY
        return DayKind.WEEKEND if weekend else DayKind.HOLIDAY

    def holiday_name(self, day: _date) -> str | None:
        """The Chinese name of the holiday ``day`` belongs to (国庆节), or None."""
        d = as_shanghai_date(day)
        self.is_working_day(d)  # raises for unknown years
        if d not in self._off:
            return None
        return self._off[d] or "节假日"

    def add_working_days(self, day: _date, n: int) -> _date:
        """The n-th working day after ``day`` (``day`` not counted); see the module docstring
        for n = 0 (``day`` itself) and n < 0 (the |n|-th working day before ``day``)."""
        d = day if day.__class__ is _date else as_shanghai_date(day)
        if n.__class__ is not int:
            _check_count(n)
        i = d.toordinal() - self._base
        if n > 0 and self._gapless and 0 <= i < self._ndays:
            # Fast path: every year in the tables is usable, so only the end can be hit.
            k = self._prefix[i] + n - 1
            if k < self._nwork:
                return self._workdays[k]
        return self._add_checked(d, i, n)

    def _add_checked(self, d: _date, i: int, n: int) -> _date:
        year = d.year
        if year not in self._usable:
            raise self._unavailable(year, d)
        if n > 0:
            k = self._prefix[i] + n - 1
            if k >= self._nwork:
                self._check_years(year, self._last_year, d)
                raise self._unavailable(self._last_year + 1, d)
        elif n < 0:
            k = self._prefix[i] - self._flags[i] + n
            if k < 0:
                self._check_years(self._first_year, year, d)
                raise self._unavailable(self._first_year - 1, d)
        else:
            return d
        result = self._workdays[k]
        if result.year != year:
            if n > 0:
                self._check_years(year, result.year, d)
            else:
                self._check_years(result.year, year, d)
        return result

    def working_days_between(self, start: _date, end: _date) -> int:
        """The number of working days in ``(start, end]``: the start day is not counted, the
        end day is. Negative (the count in ``(end, start]``) when ``end`` is before ``start``."""
        a = start if start.__class__ is _date else as_shanghai_date(start, "start")
        b = end if end.__class__ is _date else as_shanghai_date(end, "end")
        base, ndays = self._base, self._ndays
        i, j = a.toordinal() - base, b.toordinal() - base
        if self._gapless and 0 <= i < ndays and 0 <= j < ndays:
            return self._prefix[j] - self._prefix[i]
        low, high = (a, b) if a <= b else (b, a)
        self._check_years(low.year, high.year, low)
        return self._prefix[j] - self._prefix[i]

    def roll_forward(self, day: _date) -> _date:
        """The first working day on or after ``day`` (``day`` itself if it is one)."""
        d = as_shanghai_date(day)
        if self.is_working_day(d):
            return d
        return self.add_working_days(d, 1)

    def roll_backward(self, day: _date) -> _date:
        """The last working day on or before ``day`` (``day`` itself if it is one)."""
        d = as_shanghai_date(day)
        if self.is_working_day(d):
            return d
        return self.add_working_days(d, -1)

    def working_days_in(self, start: _date, end: _date) -> list[_date]:
        """The working days in ``[start, end]`` (both included), in order."""
        a = as_shanghai_date(start, "start")
        b = as_shanghai_date(end, "end")
        if b < a:
            return []
        self._check_years(a.year, b.year, a)
        base = self._base
        lo = self._prefix[a.toordinal() - base] - self._flags[a.toordinal() - base]
        hi = self._prefix[b.toordinal() - base]
        return self._workdays[lo:hi]

    def touches_provisional(self, start: _date, end: _date | None = None) -> bool:
        """Whether the span from ``start`` to ``end`` (either order) includes a year this
        calendar counts weekends-only because its schedule is unknown."""
        if not self._provisional_years:
            return False
        a = as_shanghai_date(start, "start")
        b = a if end is None else as_shanghai_date(end, "end")
        low, high = min(a.year, b.year), max(a.year, b.year)
        return any(y in self._provisional_years for y in range(low, high + 1))

    # ----------------------------------------------------------------- extending
    def with_schedule(self, schedule: YearSchedule, *, replace: bool = False) -> Calendar:
        """A new calendar that also knows ``schedule.year``.

        Raises :class:`InvalidInput` if the year is already known, unless ``replace`` is true
        (a corrected notice): then the year's previous days off and make-up days are dropped.
        """
        year = schedule.year
        if year in self._known and not replace:
            raise InvalidInput(
                "year",
                "a year this calendar does not know yet 该年度节假日安排已存在",
                year,
                hint="pass replace=True to supersede the known schedule",
            )
        off = dict(self._off)
        on = dict(self._on)
        if replace:
            off = {d: n for d, n in off.items() if d.year != year}
            on = {d: n for d, n in on.items() if d.year != year}
        for day, name in schedule.holidays:
            on.pop(day, None)
            off[day] = name
        for day, name in schedule.working_days:
            off.pop(day, None)
            on[day] = name
        sources = dict(self._sources)
        if schedule.source:
            sources[year] = schedule.source
        return Calendar(
            off,
            on,
            self._known | {year},
            provisional=self._provisional,
            provisional_years=self._provisional_span,
            sources=sources,
        )

    def with_year(
        self,
        year: int,
        holidays: Iterable[_date] | Mapping[_date, str],
        working_days: Iterable[_date] | Mapping[_date, str] = (),
        *,
        source: str = "",
        replace: bool = False,
    ) -> Calendar:
        """A new calendar that also knows ``year``: ``holidays`` are its days off (a list of
        dates, or a mapping of date to holiday name), ``working_days`` its make-up working
        days on weekends. See :class:`YearSchedule` for the checks applied."""
        schedule = YearSchedule.build(year, holidays, working_days, source=source)
        return self.with_schedule(schedule, replace=replace)

    def as_provisional(self, years: int = DEFAULT_PROVISIONAL_YEARS) -> Calendar:
        """A copy that counts up to ``years`` unknown years after the last known one
        weekends-only, marking results that touch them provisional."""
        return Calendar(
            self._off,
            self._on,
            self._known,
            provisional=True,
            provisional_years=years,
            sources=self._sources,
        )


_CHINA: Calendar | None = None


def china(
    *, provisional: bool = False, provisional_years: int = DEFAULT_PROVISIONAL_YEARS
) -> Calendar:
    """The calendar of the State Council's published schedules, from ``chinese-calendar``.

    With ``provisional=True`` the years after the last published one (up to
    ``provisional_years`` of them) are counted weekends-only and every result touching them is
    marked provisional; without it they raise :class:`CalendarDataUnavailable`.
    """
    global _CHINA
    if _CHINA is None:
        from chinese_calendar import constants

        chinese_names = {h.value: h.chinese for h in constants.Holiday}
        off = {d: chinese_names.get(n, n) for d, n in constants.holidays.items()}
        on = {d: f"{chinese_names.get(n, n)}调休" for d, n in constants.workdays.items()}
        years = range(min(off).year, max(off).year + 1)
        _CHINA = Calendar(
            off,
            on,
            years,
            sources={y: "chinese-calendar (国务院办公厅节假日安排通知)" for y in years},
        )
    if provisional:
        return _CHINA.as_provisional(provisional_years)
    return _CHINA
