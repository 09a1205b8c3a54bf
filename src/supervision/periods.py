"""Periods (期限) and the deadlines they give, counted as the civil law counts them.

The rules (民法典 第二百零一条至第二百零三条; docs/periods.md has worked examples):

* The day the period starts is not counted; counting starts the next day (第二百零一条).
* N days (日) are calendar days. A month runs to the same-numbered day of the due month, or that
  month's last day if it has none (31 January + 1 month → the end of February).
* If the last day of a day or month period is not a working day (a weekend or a statutory holiday
  as actually adjusted), the period ends on the next working day; only the last day moves
  (第二百零三条). Make-up working days (调休上班日) are working days.
* A period ends at 24:00 of its last day, or at the office's closing time (第二百零三条第二款).
* N working days (工作日): the due date is the N-th working day after the start day.
* 次日 is a one-day period (it rolls over a holiday); 当日 ends at 24:00 of the day itself.
* N hours run from the moment of the event, holidays included.

Every start is converted to Asia/Shanghai before counting; naive datetimes are refused.

Bounds (docs/periods.md, "Bounds"): a period is at most about a hundred years long
(:data:`MAX_COUNT`), and periods are counted in the days from :data:`FIRST_DAY` (1 January 1900)
to :data:`LAST_DAY` (31 December 2999): a start outside them, or a count that would end after
:data:`LAST_DAY`, raises :class:`~supervision.exceptions.InputOutOfBounds` naming the field.
"""

from __future__ import annotations

import datetime as _dt
import enum
import types
from collections.abc import Callable, Mapping
from typing import Any, ClassVar

from supervision._frozen import Value
from supervision._period_bounds import (
    DAYS_LIMIT,
    DAYS_TEXT,
    FIRST_DAY,
    LAST_DAY,
    beyond_last_day,
    in_shanghai,
)
from supervision._period_text import end_text, holiday_runs, read_period, why_not_working
from supervision.calendar import SHANGHAI, Calendar, as_shanghai_date
from supervision.clock import require_aware
from supervision.exceptions import InputOutOfBounds, InvalidInput, shown
from supervision.text import (
    cn_date,
    cn_datetime,
    cn_weekday,
    en_date,
    en_datetime,
    holiday_name_en,
)

__all__ = ["FIRST_DAY", "LAST_DAY", "MAX_COUNT", "Deadline", "Period", "PeriodUnit"]

_ONE_DAY = _dt.timedelta(days=1)

class PeriodUnit(enum.Enum):
    """The unit a period is counted in; the value is the Chinese term."""

    WORKING_DAYS = "工作日"
    DAYS = "日"
    MONTHS = "月"
    HOURS = "小时"
    NEXT_DAY = "次日"
    SAME_DAY = "当日"


_MAX_COUNT = {
    PeriodUnit.WORKING_DAYS: 25_000,
    PeriodUnit.DAYS: 36_525,
    PeriodUnit.MONTHS: 1_200,
    PeriodUnit.HOURS: 876_600,
    PeriodUnit.NEXT_DAY: 1,
    PeriodUnit.SAME_DAY: 1,
}
#: The longest period of each unit, about a hundred years (次日 and 当日 have the count 1).
MAX_COUNT: Mapping[PeriodUnit, int] = types.MappingProxyType(_MAX_COUNT)

_NOUNS = {
    PeriodUnit.WORKING_DAYS: "working days",
    PeriodUnit.DAYS: "days",
    PeriodUnit.MONTHS: "months",
    PeriodUnit.HOURS: "hours",
}


def _count(n: object, unit: PeriodUnit, field: str) -> int:
    """``n`` if it is a valid count of ``unit``; InvalidInput / InputOutOfBounds otherwise."""
    high = _MAX_COUNT[unit]
    if type(n) is int and 0 < n <= high:
        return n
    if high == 1:
        if type(n) is not int or n != 1:
            raise InvalidInput(field, f"1 ({unit.value} has no count 无期限数)", shown(n))
        return n
    noun = _NOUNS[unit]
    if type(n) is not int or n < 1:
        raise InvalidInput(
            field,
            f"a whole number of {noun} ≥ 1 期限须为正整数",
            shown(n),
            hint="立即/第一时间/及时 are urgency flags, not zero-length periods",
        )
    if n > high:
        raise InputOutOfBounds(
            field,
            f"a whole number of {noun} from 1 to {high} (期限不得超过约一百年)",
            n,
            limit=high,
        )
    return n


class Period(Value):
    """A period (期限) such as 3个工作日, 15日, 1个月, 1小时, 次日 or 当日.

    Create one with the named constructors; :meth:`deadline` counts it from a start. A frozen
    value (:class:`supervision._frozen.Value`: equality, hash, ``attrs.evolve`` as an attrs
    class).
    """

    __slots__ = ("count", "unit")
    _fields: ClassVar[tuple[str, ...]] = ("unit", "count")
    _defaults: ClassVar[dict[str, Any]] = {"count": 1}

    unit: PeriodUnit
    count: int

    def __init__(self, unit: PeriodUnit, count: int = 1) -> None:
        _set = object.__setattr__
        _set(self, "unit", unit)
        _set(self, "count", count)
        if not isinstance(unit, PeriodUnit):
            raise InvalidInput("unit", "a PeriodUnit 期限单位", shown(unit))
        _count(count, unit, "count")

    # ------------------------------------------------------------ constructors
    @classmethod
    def working_days(cls, n: int) -> Period:
        """N个工作日: due on the N-th working day after the start day."""
        return cls(PeriodUnit.WORKING_DAYS, _count(n, PeriodUnit.WORKING_DAYS, "n"))

    @classmethod
    def days(cls, n: int) -> Period:
        """N日: N calendar days after the start day, the last day rolled to a working day."""
        return cls(PeriodUnit.DAYS, _count(n, PeriodUnit.DAYS, "n"))

    @classmethod
    def months(cls, n: int) -> Period:
        """N个月: to the same-numbered day N months on (or that month's last day), rolled."""
        return cls(PeriodUnit.MONTHS, _count(n, PeriodUnit.MONTHS, "n"))

    @classmethod
    def hours(cls, n: int) -> Period:
        """N小时: N hours from the moment of the event, holidays included."""
        return cls(PeriodUnit.HOURS, _count(n, PeriodUnit.HOURS, "n"))

    @classmethod
    def next_day(cls) -> Period:
        """次日: a one-day period (the next day, rolled over a weekend or holiday)."""
        return cls(PeriodUnit.NEXT_DAY, 1)

    @classmethod
    def same_day(cls) -> Period:
        """当日: ends at 24:00 of the day the obligation arose."""
        return cls(PeriodUnit.SAME_DAY, 1)

    @classmethod
    def parse(cls, text: str) -> Period:
        """Read a period as the regulations write it: ``3个工作日``, ``15日`` (or ``15天``,
        ``15个自然日``), ``1个月``, ``1小时``, ``次日`` (or ``翌日``), ``当日`` (or ``当天``);
        the count in digits (full-width too) or in words (``十五个工作日``, ``两个月``); a
        trailing 内 / 以内 (``5日内``, ``当日内``) includes the number, so it reads as the
        period itself; whitespace is ignored.

        Raises :class:`InvalidInput` (field ``period``) for anything else, including 立即 and
        及时, which are urgency flags rather than periods, and
        :class:`~supervision.exceptions.InputOutOfBounds` for a count above :data:`MAX_COUNT`.
        """
        if not isinstance(text, str):
            raise InvalidInput("period", "a period such as 3个工作日, 15日, 1个月", shown(text))
        if len(text) > 100:
            raise InputOutOfBounds(
                "period", "a period such as 3个工作日 (at most 100 characters)", text, limit=100
            )
        compact = "".join(text.split())
        for word, make in _DAY_WORDS:
            if compact in (word, word + "内"):
                return make()
        found = read_period(compact)
        if found is None:
            raise InvalidInput(
                "period",
                "a period such as 3个工作日, 15日, 1个月, 1小时, 次日 or 当日",
                text,
            )
        word, count = found
        if word in ("个工作日", "工作日"):
            unit = PeriodUnit.WORKING_DAYS
        elif word in ("日", "天", "个自然日", "自然日"):
            unit = PeriodUnit.DAYS
        elif word in ("个月", "月"):
            unit = PeriodUnit.MONTHS
        else:
            unit = PeriodUnit.HOURS
        return cls(unit, _count(count, unit, "period"))

    # ----------------------------------------------------------------- labels
    @property
    def label(self) -> str:
        """The Chinese term: 3个工作日, 15日, 1个月, 1小时, 次日, 当日."""
        unit, n = self.unit, self.count
        if unit is PeriodUnit.WORKING_DAYS:
            return f"{n}个工作日"
        if unit is PeriodUnit.DAYS:
            return f"{n}日"
        if unit is PeriodUnit.MONTHS:
            return f"{n}个月"
        if unit is PeriodUnit.HOURS:
            return f"{n}小时"
        return str(unit.value)

    @property
    def label_en(self) -> str:
        unit, n = self.unit, self.count
        plural = "" if n == 1 else "s"
        if unit is PeriodUnit.WORKING_DAYS:
            return f"{n} working day{plural}"
        if unit is PeriodUnit.DAYS:
            return f"{n} day{plural}"
        if unit is PeriodUnit.MONTHS:
            return f"{n} month{plural}"
        if unit is PeriodUnit.HOURS:
            return f"{n} hour{plural}"
        return "the next day" if unit is PeriodUnit.NEXT_DAY else "the same day"

    def __str__(self) -> str:
        return self.label

    # --------------------------------------------------------------- counting
    def deadline(
        self,
        start: _dt.datetime | _dt.date,
        calendar: Calendar,
        close: _dt.time | None = None,
    ) -> Deadline:
        """Count this period from ``start`` on ``calendar``.

        ``start`` is an aware datetime (any zone; converted to Asia/Shanghai) or a date (a day
        in China). ``close`` is the office's closing time (a naive ``time``, read in
        Asia/Shanghai); without it a period ends at 24:00 of its last day. Hour periods need a
        datetime start and ignore ``close``.

        The start day must lie between :data:`FIRST_DAY` and :data:`LAST_DAY`, and so must the
        period's last day (field ``period``): otherwise
        :class:`~supervision.exceptions.InputOutOfBounds`.
        """
        if close is not None and (not isinstance(close, _dt.time) or close.tzinfo is not None):
            raise InvalidInput("close", "a naive datetime.time such as time(17, 30)", shown(close))
        if not isinstance(calendar, Calendar):
            raise InvalidInput(
                "calendar", "a supervision.calendar.Calendar 工作日历", shown(calendar)
            )
        if isinstance(start, _dt.datetime):
            start = in_shanghai(start)
            day = start.date()
        elif isinstance(start, _dt.date):
            day = start
        else:
            raise InvalidInput("start", "an aware datetime or a date 起算时间", shown(start))
        if not FIRST_DAY <= day <= LAST_DAY:
            raise InputOutOfBounds(
                "start", f"a start day from {DAYS_TEXT}", start, limit=DAYS_LIMIT
            )
        counter = _COUNTERS[self.unit]
        return counter(self, start, calendar, close)


#: The periods written as one word, and their synonyms (rules.md §2: 次日 a one-day period)
_DAY_WORDS: tuple[tuple[str, Callable[[], Period]], ...] = (
    ("次日", Period.next_day), ("翌日", Period.next_day), ("当日", Period.same_day),
    ("当天", Period.same_day))


class Deadline(Value):
    """The result of counting a :class:`Period` from a start (期限届满).

    ``last_day`` is the last day of the period (after any roll to a working day);
    ``due_at`` the aware instant it ends: 24:00 of ``last_day`` (written as 00:00 of the next
    day, Asia/Shanghai) or the closing time. ``provisional`` is true when the count touched a
    year whose holiday schedule is not yet published (counted, on request, with the weekends and
    the statutory holidays off and no 调休). The steps are left out of the repr.
    """

    __slots__ = ("due_at", "last_day", "nominal_last_day", "period", "provisional", "start",
                 "steps_en", "steps_zh")
    _fields: ClassVar[tuple[str, ...]] = (
        "period", "start", "last_day", "due_at", "provisional", "nominal_last_day", "steps_zh",
        "steps_en")
    _hidden: ClassVar[frozenset[str]] = frozenset({"steps_zh", "steps_en"})

    period: Period
    start: _dt.datetime | _dt.date
    last_day: _dt.date
    due_at: _dt.datetime
    provisional: bool
    nominal_last_day: _dt.date
    steps_zh: tuple[str, ...]
    steps_en: tuple[str, ...]

    def __init__(
        self,
        period: Period,
        start: _dt.datetime | _dt.date,
        last_day: _dt.date,
        due_at: _dt.datetime,
        provisional: bool,
        nominal_last_day: _dt.date,
        steps_zh: tuple[str, ...],
        steps_en: tuple[str, ...],
    ) -> None:
        _set = object.__setattr__
        _set(self, "period", period)
        _set(self, "start", start)
        _set(self, "last_day", last_day)
        _set(self, "due_at", due_at)
        _set(self, "provisional", provisional)
        _set(self, "nominal_last_day", nominal_last_day)
        _set(self, "steps_zh", steps_zh)
        _set(self, "steps_en", steps_en)
        _check_deadline(self)

    @property
    def start_day(self) -> _dt.date:
        """The Asia/Shanghai day of the start."""
        if isinstance(self.start, _dt.datetime):
            return in_shanghai(self.start).date()
        return as_shanghai_date(self.start, "start")

    @property
    def rolled(self) -> bool:
        """Whether the last day was moved off a weekend or holiday."""
        return self.last_day != self.nominal_last_day

    def is_overdue(self, now: _dt.datetime) -> bool:
        """Whether the period has run out at ``now`` (an aware datetime)."""
        return require_aware(now, "now") >= self.due_at

    def explain_zh(self) -> str:
        """The trace in Chinese (自2026年9月30日次日起算3日，末日10月3日为法定节假日，…)."""
        return "".join(self.steps_zh)

    def explain_en(self) -> str:
        """The trace in English."""
        return " ".join(self.steps_en)

    def explain(self) -> str:
        """How the date was reached, in Chinese then English (two lines)."""
        return f"{self.explain_zh()}\n{self.explain_en()}"


def _check_deadline(deadline: Deadline) -> None:
    """Refuse a Deadline built by hand (or read from JSON) with fields of the wrong type."""
    start, due = deadline.start, deadline.due_at
    if (  # the counters' own results: checked by type alone
        type(deadline.period) is Period
        and (type(start) is _dt.date or (type(start) is _dt.datetime and start.tzinfo is SHANGHAI))
        and type(deadline.last_day) is _dt.date
        and type(deadline.nominal_last_day) is _dt.date
        and type(due) is _dt.datetime
        and due.tzinfo is SHANGHAI
        and type(deadline.provisional) is bool
        and type(deadline.steps_zh) is tuple
        and type(deadline.steps_en) is tuple
    ):
        try:
            "".join(deadline.steps_zh) + "".join(deadline.steps_en)
        except TypeError:
            pass  # a step that is not text: the full check below names the field
        else:
            return
    if not isinstance(deadline.period, Period):
        raise InvalidInput("period", "a Period 期限", shown(deadline.period))
    if isinstance(deadline.start, _dt.datetime):
        require_aware(deadline.start, "start")
    elif not isinstance(deadline.start, _dt.date):
        raise InvalidInput("start", "an aware datetime or a date 起算时间", shown(deadline.start))
    for name in ("last_day", "nominal_last_day"):
        day = getattr(deadline, name)
        if not isinstance(day, _dt.date) or isinstance(day, _dt.datetime):
            raise InvalidInput(name, "a datetime.date 日期", shown(day))
    require_aware(deadline.due_at, "due_at")
    if type(deadline.provisional) is not bool:
        raise InvalidInput("provisional", "True or False", shown(deadline.provisional))
    for name in ("steps_zh", "steps_en"):
        steps = getattr(deadline, name)
        if type(steps) is not tuple or any(type(step) is not str for step in steps):
            raise InvalidInput(name, "a tuple of str", shown(steps))


# ------------------------------------------------------------------ counting rules
_Counter = Callable[[Period, "_dt.datetime | _dt.date", Calendar, "_dt.time | None"], Deadline]


def _due_at(last_day: _dt.date, close: _dt.time | None) -> _dt.datetime:
    if close is None:
        return _dt.datetime.combine(last_day + _ONE_DAY, _dt.time(0), SHANGHAI)
    return _dt.datetime.combine(last_day, close, SHANGHAI)


def _finish(
    period: Period,
    start: _dt.datetime | _dt.date,
    calendar: Calendar,
    close: _dt.time | None,
    nominal: _dt.date,
    last: _dt.date,
    zh: list[str],
    en: list[str],
) -> Deadline:
    """Close a day-based count: the end of the period, the provisional note, the value."""
    end_zh, end_en = end_text(last, close)
    zh.append(end_zh)
    en.append(end_en)
    provisional = calendar.touches_provisional(as_shanghai_date(start, "start"), last)
    if provisional:
        zh.append("（该年度节假日安排尚未公布，暂按周末和法定节假日推算，结果为临时期限。）")
        en.append("(Provisional: the holiday schedule of a year involved is not yet published; "
                  "weekends and the statutory holidays were counted, no make-up days.)")
    return Deadline(
        period=period,
        start=start,
        last_day=last,
        due_at=_due_at(last, close),
        provisional=provisional,
        nominal_last_day=nominal,
        steps_zh=tuple(zh),
        steps_en=tuple(en),
    )


def _roll(
    period: Period,
    start: _dt.datetime | _dt.date,
    calendar: Calendar,
    close: _dt.time | None,
    nominal: _dt.date,
    opening_zh: str,
    opening_en: str,
) -> Deadline:
    """Finish a day/month count: roll ``nominal`` to a working day and write the trace."""
    if nominal > LAST_DAY:
        raise beyond_last_day(period.label, nominal)
    start_day = as_shanghai_date(start, "start")
    ref = start_day.year
    zh: list[str] = [opening_zh]
    en: list[str] = [opening_en]
    if calendar.is_working_day(nominal):
        last = nominal
        zh.append(f"，末日为{cn_date(last, omit_year=ref)}（工作日）。")
        en.append(f"The last day is {en_date(last)}, a working day.")
    else:
        last = calendar.roll_forward(nominal)
        if last > LAST_DAY:
            raise beyond_last_day(period.label, last)
        clause_zh, clause_en, note = why_not_working(nominal, calendar, ref)
        zh.append(f"，末日{clause_zh}，顺延至{cn_date(last, omit_year=ref)}。")
        if "假期" in note:
            zh.append(note)
        en.append(
            f"The last day, {clause_en}, so the period runs to the next working day, "
            f"{en_date(last)}."
        )
    return _finish(period, start, calendar, close, nominal, last, zh, en)


def _count_days(
    period: Period, start: _dt.datetime | _dt.date, calendar: Calendar, close: _dt.time | None
) -> Deadline:
    s = as_shanghai_date(start, "start")
    nominal = s + _dt.timedelta(days=period.count)
    if period.unit is PeriodUnit.NEXT_DAY:
        opening_zh = f"自{cn_date(s)}起算，期限为次日"
        opening_en = f"Due the next day after {en_date(s)}."
    else:
        opening_zh = f"自{cn_date(s)}次日起算{period.count}日"
        opening_en = f"Counting {period.label_en} from the day after {en_date(s)}."
    return _roll(period, start, calendar, close, nominal, opening_zh, opening_en)


def _count_months(
    period: Period, start: _dt.datetime | _dt.date, calendar: Calendar, close: _dt.time | None
) -> Deadline:
    from dateutil.relativedelta import relativedelta  # loaded for month periods only

    s = as_shanghai_date(start, "start")
    nominal = s + relativedelta(months=period.count)
    opening_zh = f"自{cn_date(s)}次日起算{period.count}个月"
    opening_en = f"Counting {period.label_en} from the day after {en_date(s)}."
    if nominal.day != s.day:
        opening_zh += (
            f"，到期月无对应日（{s.day}日），"
            f"以该月最后一日{cn_date(nominal, omit_year=s.year)}为末日"
        )
        opening_en += (
            f" The due month has no day {s.day}, so its last day, {en_date(nominal)}, is the "
            "nominal last day."
        )
    return _roll(period, start, calendar, close, nominal, opening_zh, opening_en)


def _count_working_days(
    period: Period, start: _dt.datetime | _dt.date, calendar: Calendar, close: _dt.time | None
) -> Deadline:
    s = as_shanghai_date(start, "start")
    n = period.count
    last = calendar.add_working_days(s, n)
    if last > LAST_DAY:
        raise beyond_last_day(period.label, last)
    zh = [f"自{cn_date(s)}次日起算{n}个工作日（休息日、法定节假日不计，调休上班日计入），"
          f"第{n}个工作日为{cn_date(last, omit_year=s.year)}。"]
    en = [f"Counting {period.label_en} from the day after {en_date(s)} (weekends and holidays "
          f"skipped, make-up working days counted): working day {n} is {en_date(last)}."]
    skipped = holiday_runs(calendar, s, last)
    for first, final, name in skipped:
        span = cn_date(first, omit_year=s.year)
        if final != first:
            span += f"至{cn_date(final, omit_year=s.year)}"
        zh.append(f"其间{span}为{name}假期，不计入。")
        en.append(f"{en_date(first)}" + (f" to {en_date(final)}" if final != first else "")
                  + f" ({holiday_name_en(name)}) not counted.")
    for day in calendar.working_days_in(s + _ONE_DAY, last):
        if day.weekday() >= 5:
            zh.append(f"{cn_date(day, omit_year=s.year)}（{cn_weekday(day)}）为调休上班日，计入。")
            en.append(f"{en_date(day)} ({day.strftime('%A')}) is a make-up working day, counted.")
    return _finish(period, start, calendar, close, last, last, zh, en)


def _count_same_day(
    period: Period, start: _dt.datetime | _dt.date, calendar: Calendar, close: _dt.time | None
) -> Deadline:
    s = as_shanghai_date(start, "start")
    end_zh, end_en = end_text(s, close)
    zh = (f"当日办理：自{cn_date(s)}起，当日内完成。", end_zh)
    en = (f"Due the same day, {en_date(s)}.", end_en)
    provisional = calendar.touches_provisional(s)
    return Deadline(
        period=period,
        start=start,
        last_day=s,
        due_at=_due_at(s, close),
        provisional=provisional,
        nominal_last_day=s,
        steps_zh=zh,
        steps_en=en,
    )


def _count_hours(
    period: Period, start: _dt.datetime | _dt.date, calendar: Calendar, close: _dt.time | None
) -> Deadline:
    if not isinstance(start, _dt.datetime):
        raise InvalidInput(
            "start",
            "an aware datetime 按小时计算须有具体时刻",
            start,
            hint="hour periods run from the moment of the event",
        )
    due = start + _dt.timedelta(hours=period.count)
    if due.date() > LAST_DAY:
        raise beyond_last_day(period.label, due.date())
    zh = (
        f"自{cn_datetime(start)}起算{period.count}小时（节假日照常计算），"
        f"至{cn_datetime(due, omit_year=start.year)}届满。",
    )
    en = (
        f"{period.label_en.capitalize()} from {en_datetime(start)} (holidays included): "
        f"it ends at {en_datetime(due)}.",
    )
    return Deadline(
        period=period,
        start=start,
        last_day=due.date(),
        due_at=due,
        provisional=False,
        nominal_last_day=due.date(),
        steps_zh=zh,
        steps_en=en,
    )


_COUNTERS: dict[PeriodUnit, _Counter] = {
    PeriodUnit.WORKING_DAYS: _count_working_days,
    PeriodUnit.DAYS: _count_days,
    PeriodUnit.NEXT_DAY: _count_days,
    PeriodUnit.MONTHS: _count_months,
    PeriodUnit.SAME_DAY: _count_same_day,
    PeriodUnit.HOURS: _count_hours,
}
