"""The statutory working-day calendar (法定工作日历).

Working days in China are the weekdays, less the statutory holidays and the rest days the State
Council moves into them each year, plus the make-up working days (调休上班) it puts on weekends.
The schedule is published each year (国务院办公厅关于某年部分节假日安排的通知, normally in November
for the next year); :func:`china` builds a calendar from the ``chinese-calendar`` package, which
carries the notices for 2004–2026, with the cited corrections of :data:`CORRECTIONS`.

Rules this module keeps:

* A calendar is a set of notices (:class:`YearSchedule`), each owning the days it set — a notice
  for year Y may set days in the December before it (the 2019 notice made 2018-12-29 a make-up
  working day). Replacing a notice (:meth:`Calendar.with_schedule` with ``replace=True``)
  replaces exactly its own days; where two notices set the same day, the later year's prevails.
* A date in a year the calendar has no schedule for raises :class:`CalendarDataUnavailable`; it is
  never guessed silently. Supply the year with :meth:`Calendar.with_year` or a transcription of
  the notice (:func:`load_schedule`), or opt in to ``china(provisional=True)``, which counts an
  unknown year with its weekends and its statutory holidays (:func:`statutory_holidays`, fixed by
  《全国年节及纪念日放假办法》) as days off, no 调休, and reports every result that touched such a
  year as provisional (:meth:`Calendar.touches_provisional`; :class:`supervision.Deadline`
  carries the flag).
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
from collections.abc import Iterable, Mapping
from itertools import accumulate, compress
from typing import TYPE_CHECKING, Final
from zoneinfo import ZoneInfo

from supervision._calendar import statutory as _statutory
from supervision._calendar.corrections import CORRECTIONS, CalendarCorrection, apply_corrections
from supervision._calendar.kinds import DayKind
from supervision._calendar.schedule import (
    YearSchedule,
    load_schedule,
    made_up_for,
    notices_from_days,
)
from supervision._calendar.statutory import statutory_holidays
from supervision.exceptions import CalendarDataUnavailable, InvalidInput

if TYPE_CHECKING:
    import logging

__all__ = [
    "CORRECTIONS",
    "SHANGHAI",
    "Calendar",
    "CalendarCorrection",
    "CalendarDataUnavailable",
    "DayKind",
    "YearSchedule",
    "as_shanghai_date",
    "china",
    "load_schedule",
    "statutory_holidays",
]

SHANGHAI: Final = ZoneInfo("Asia/Shanghai")

#: How many years past the last known one a provisional calendar will count (weekends and
#: statutory holidays off, no 调休).
DEFAULT_PROVISIONAL_YEARS: Final = 10

_date = _dt.date
_datetime = _dt.datetime


def _log() -> logging.Logger:
    """The logger of calendar years refused for want of a schedule (WARNING) and of years
    counted provisionally (INFO), each said once per calendar; no handler is configured here.
    (``logging`` is imported when there is something to say.)"""
    from supervision._logs import logger

    return logger("supervision.calendar")


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


#: The precomputed tables: the ordinal of their first day, their first and last years, a
#: flag per day (1 for a working day), the working days on or before each day, and every
#: working day in order.
_Tables = tuple[int, int, int, bytes, list[int], list[_date]]
#: Monday to Friday working, Saturday and Sunday off, twice over (sliced from any weekday).
_WEEKS = b"\x01\x01\x01\x01\x01\x00\x00" * 2


def _build_tables(
    first_year: int,
    last_year: int,
    off: Mapping[_date, str],
    on: Mapping[_date, str],
) -> _Tables:
    """The tables of the years ``first_year``–``last_year``: a day is working if it is a
    make-up day (``on``), or a weekday that is not a day off (``off``). Built from the week's
    pattern and the two maps, without a loop over the days (tests/test_calendar_tables.py
    compares them with a day-by-day walk)."""
    base = _date(first_year, 1, 1).toordinal()
    ndays = _date(last_year, 12, 31).toordinal() - base + 1
    start = _date.fromordinal(base).weekday()
    flags = bytearray(_WEEKS[start:start + 7] * (ndays // 7 + 1))
    del flags[ndays:]
    for days, flag in ((off, 0), (on, 1)):  # a make-up day prevails over a day off
        for day in days:
            i = day.toordinal() - base
            if 0 <= i < ndays:
                flags[i] = flag
    prefix = list(accumulate(flags))
    workdays = list(map(_date.fromordinal, compress(range(base, base + ndays), flags)))
    return base, first_year, last_year, bytes(flags), prefix, workdays


def _overlay(
    notices: Mapping[int, YearSchedule], first: Mapping[_date, str]
) -> tuple[dict[_date, str], dict[_date, str]]:
    """The days off and make-up days in force: ``first`` (provisional statutory days), then each
    notice's own days in year order, so a later notice prevails on a day two notices set."""
    off = dict(first)
    on: dict[_date, str] = {}
    for year in sorted(notices):
        notice = notices[year]
        for day, name in notice.holidays:
            on.pop(day, None)
            off[day] = name
        for day, name in notice.working_days:
            off.pop(day, None)
            on[day] = name
    return off, on


class Calendar:
    """An immutable working-day calendar over a set of known years.

    Build one with :func:`china` or :meth:`from_schedules`, then extend it with
    :meth:`with_year`, :meth:`with_schedule`; each returns a new calendar. Instances are safe to
    share.

    The constructor takes flat maps (date → name) of days off and make-up days, as
    chinese-calendar keeps them, and attributes each day to a notice: a day of year Y to notice Y,
    except a December day named as the New Year's holiday (元旦), which belongs to notice Y+1 when
    that year is known (see :meth:`notice`).
    """

    __slots__ = (
        "_base",
        "_first_year",
        "_flags",
        "_gapless",
        "_known",
        "_last_year",
        "_ndays",
        "_notices",
        "_nwork",
        "_off",
        "_on",
        "_prefix",
        "_provisional",
        "_provisional_span",
        "_provisional_years",
        "_told",
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
        notices = notices_from_days(off, on, frozenset(known_years), sources or {})
        self._setup(notices, provisional, provisional_years)

    @classmethod
    def from_schedules(
        cls,
        schedules: Iterable[YearSchedule],
        *,
        provisional: bool = False,
        provisional_years: int = DEFAULT_PROVISIONAL_YEARS,
    ) -> Calendar:
        """A calendar of exactly these notices, one per year (each owning the days it sets)."""
        notices: dict[int, YearSchedule] = {}
        for schedule in schedules:
            if not isinstance(schedule, YearSchedule):
                raise InvalidInput("schedules", "YearSchedule notices", schedule)
            if schedule.year in notices:
                raise InvalidInput("schedules", "one notice per year 每年一份通知", schedule.year)
            notices[schedule.year] = schedule
        return cls._of(notices, provisional, provisional_years)

    @classmethod
    def _of(cls, notices: Mapping[int, YearSchedule], provisional: bool, span: int) -> Calendar:
        calendar = cls.__new__(cls)
        calendar._setup(notices, provisional, span)
        return calendar

    def _setup(self, notices: Mapping[int, YearSchedule], provisional: bool, span: int) -> None:
        known = frozenset(notices)
        if not known:
            raise InvalidInput("known_years", "at least one year with a schedule", sorted(known))
        if span.__class__ is not int or span < 0:
            raise InvalidInput("provisional_years", "a non-negative integer", span)
        first, last = min(known), max(known)
        guessed: frozenset[int] = frozenset()
        statutory: dict[_date, str] = {}
        if provisional:
            # Unknown years up to ``span`` past the last known one (gaps included), as far as
            # the statutory-holiday table reaches: beyond it a year is refused, never guessed.
            guessed = frozenset(
                y for y in range(first, last + span + 1)
                if y not in known and _statutory.has_statutory_holidays(y)
            )
            for year in guessed:
                statutory.update(_statutory.statutory_holidays(year))
        usable = known | guessed
        table_last = max(usable)
        off, on = _overlay(notices, statutory)
        base, first_year, last_year, flags, prefix, workdays = _build_tables(
            first, table_last, off, on)
        self._notices: Mapping[int, YearSchedule] = dict(notices)
        self._off: Mapping[_date, str] = off
        self._on: Mapping[_date, str] = on
        self._known = known
        self._usable = usable
        self._provisional = provisional
        self._provisional_span = span
        self._provisional_years = guessed
        self._base = base
        self._first_year = first_year
        self._last_year = last_year
        self._flags = flags
        self._prefix = prefix
        self._workdays = workdays
        self._ndays = len(prefix)
        self._nwork = len(workdays)
        # Every year the tables span is usable: bounds checks alone guard the fast paths.
        self._gapless = usable == frozenset(range(first_year, last_year + 1))
        #: (what, year) already logged by this calendar, so a log says each thing once
        self._told: set[tuple[str, int]] = set()

    # ----------------------------------------------------------------- describing
    @property
    def known_years(self) -> frozenset[int]:
        """The years whose published schedule this calendar holds."""
        return self._known

    @property
    def provisional(self) -> bool:
        """Whether unknown years are counted provisionally (weekends and statutory holidays
        off, no 调休) and reported as provisional."""
        return self._provisional

    @property
    def provisional_years(self) -> frozenset[int]:
        """The years counted provisionally for want of a schedule (empty unless provisional)."""
        return self._provisional_years

    def notice(self, year: int) -> YearSchedule | None:
        """The notice this calendar holds for ``year`` — the days it set, including any in the
        December before ``year`` — or None."""
        return self._notices.get(year)

    def source(self, year: int) -> str:
        """Where the schedule of ``year`` came from ("" when unrecorded); for a provisional
        year, the statutory text its holidays come from."""
        notice = self._notices.get(year)
        if notice is not None:
            return notice.source
        if year in self._provisional_years:
            return f"临时：仅按{_statutory.basis(year)}第二条的法定节假日，调休未知"
        return ""

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
        if ("missing", year) not in self._told:
            self._told.add(("missing", year))
            _log().warning(
                "calendar has no holiday schedule for %d (known %s): counting into it is "
                "refused until the State Council's notice is supplied (with_schedule / "
                "load_schedule) or provisional counting is chosen", year, known)
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
        """The Chinese name of the holiday ``day`` belongs to (国庆节) or, for a make-up working
        day, of the holiday it makes up for (国庆节); None for any other day. A day stored
        without a name gives 节假日."""
        d = as_shanghai_date(day)
        self.is_working_day(d)  # raises for unknown years
        name = self._off.get(d)
        if name is None:
            stored = self._on.get(d)
            if stored is None:
                return None
            name = made_up_for(stored)
        return name or "节假日"

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
        calendar counts provisionally because its schedule is unknown."""
        if not self._provisional_years:
            if not isinstance(start, _date) or not isinstance(end, _date | None):
                # what is no date is refused on every calendar, not only a provisional one
                as_shanghai_date(start, "start")
                if end is not None:
                    as_shanghai_date(end, "end")
            return False
        a = as_shanghai_date(start, "start")
        b = a if end is None else as_shanghai_date(end, "end")
        low, high = min(a.year, b.year), max(a.year, b.year)
        touched = [y for y in range(low, high + 1) if y in self._provisional_years]
        for year in touched:
            if ("provisional", year) not in self._told:
                self._told.add(("provisional", year))
                _log().info("counting into %d provisionally: weekends and the statutory holidays "
                          "off, no 调休; results are marked provisional until the year's "
                          "schedule is supplied and deadlines are recomputed", year)
        return bool(touched)

    # ----------------------------------------------------------------- extending
    def with_schedule(self, schedule: YearSchedule, *, replace: bool = False) -> Calendar:
        """A new calendar that also holds the notice ``schedule`` for ``schedule.year``.

        Raises :class:`InvalidInput` if the year is already known, unless ``replace`` is true
        (a corrected notice): then the year's previous notice is dropped — exactly the days it
        set, including any in the December before; days other notices set (the next year's
        notice setting this December) stay as they are.
        """
        if not isinstance(schedule, YearSchedule):
            raise InvalidInput("schedule", "a YearSchedule (see load_schedule)", schedule)
        year = schedule.year
        if year in self._known and not replace:
            raise InvalidInput(
                "year",
                "a year this calendar does not know yet 该年度节假日安排已存在",
                year,
                hint="pass replace=True to supersede the known schedule",
            )
        notices = dict(self._notices)
        notices[year] = schedule
        return Calendar._of(notices, self._provisional, self._provisional_span)

    def with_year(
        self,
        year: int,
        holidays: Iterable[_date] | Mapping[_date, str],
        working_days: Iterable[_date] | Mapping[_date, str] = (),
        *,
        source: str = "",
        replace: bool = False,
    ) -> Calendar:
        """A new calendar that also knows ``year``: ``holidays`` are the days off its notice
        sets (a list of dates, or a mapping of date to holiday name), ``working_days`` its
        make-up working days on weekends (a mapping gives the holiday each makes up for). See
        :class:`YearSchedule` for the checks applied and :meth:`with_schedule` for
        ``replace``."""
        schedule = YearSchedule.build(year, holidays, working_days, source=source)
        return self.with_schedule(schedule, replace=replace)

    def as_provisional(self, years: int = DEFAULT_PROVISIONAL_YEARS) -> Calendar:
        """A copy that counts up to ``years`` unknown years after the last known one
        provisionally — weekends and the statutory holidays of :func:`statutory_holidays` off,
        no 调休 — marking results that touch them provisional."""
        return Calendar._of(self._notices, True, years)


_CHINA: Calendar | None = None
_CHINA_PROVISIONAL: dict[int, Calendar] = {}
_PACKAGE_SOURCE: Final = "chinese-calendar (国务院办公厅关于{year}年部分节假日安排的通知)"


def _china() -> Calendar:
    global _CHINA
    if _CHINA is None:
        from chinese_calendar import constants

        chinese_names = {h.value: h.chinese for h in constants.Holiday}
        off = {d: chinese_names.get(n, n) for d, n in constants.holidays.items()}
        on = {d: chinese_names.get(n, n) for d, n in constants.workdays.items()}
        years = range(min(off).year, max(off).year + 1)
        notices = notices_from_days(
            off, on, years, {y: _PACKAGE_SOURCE.format(year=y) for y in years}
        )
        _CHINA = Calendar._of(apply_corrections(notices, CORRECTIONS), False, 0)
    return _CHINA


def china(
    *, provisional: bool = False, provisional_years: int = DEFAULT_PROVISIONAL_YEARS
) -> Calendar:
    """The calendar of the State Council's published schedules, from ``chinese-calendar`` with
    the cited corrections of :data:`CORRECTIONS` (2005-12-31 was a make-up working day).

    With ``provisional=True`` the years after the last published one (up to
    ``provisional_years`` of them) are counted with their weekends and statutory holidays off
    and no 调休, and every result touching them is marked provisional; without it they raise
    :class:`CalendarDataUnavailable`.
    """
    published = _china()
    if not provisional:
        return published
    if provisional_years.__class__ is not int or provisional_years < 0:
        raise InvalidInput("provisional_years", "a non-negative integer", provisional_years)
    cached = _CHINA_PROVISIONAL.get(provisional_years)
    if cached is None:
        cached = _CHINA_PROVISIONAL[provisional_years] = published.as_provisional(
            provisional_years
        )
    return cached
