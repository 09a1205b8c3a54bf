"""The report's input model: frozen values, already filtered to what the reader may see.

The renderer (:mod:`supervision.report._html`) draws exactly what these values hold and never
looks anything up, so the caller decides visibility: a matter the reading actor may not see
must not be in :attr:`ReportModel.matters`, nor named in an escalation or a score entry
(``daoli-2017 art.23``). Each class is built through its ``of`` classmethod, which checks the
types and the arithmetic (a unit cannot have more matters finished on time than assigned, a
score row's points are the sum of its entries, and so on) and raises
:class:`~supervision.exceptions.InvalidInput` naming the field.

Field names are English; everything a person reads (labels, units, reasons, clauses) is the
Chinese text the caller passes, shown as given and HTML-escaped when rendered.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import TypeVar

import attrs

from supervision.calendar import SHANGHAI
from supervision.domain.statistics import Figures, Light, LightChange, Rate
from supervision.exceptions import InvalidInput

__all__ = [
    "EscalationRow",
    "Light",
    "MatterRow",
    "MonthTrend",
    "ReportModel",
    "ScoreItem",
    "ScoreRow",
    "StateCount",
    "UnitStatistics",
]

_T = TypeVar("_T")


# -- checking helpers ----------------------------------------------------------------------


def _text(value: object, field: str, *, allow_empty: bool = False) -> str:
    if not isinstance(value, str) or (not allow_empty and not value.strip()):
        raise InvalidInput(field, "a string" if allow_empty else "a non-empty string", value)
    if "\x00" in value:
        raise InvalidInput(field, "text without NUL characters", value)
    return value.strip()


def _texts(values: Iterable[str], field: str) -> tuple[str, ...]:
    if isinstance(values, str) or not isinstance(values, Iterable):
        raise InvalidInput(field, "a list of strings, not one string", values)
    return tuple(_text(v, field) for v in values)


def _count(value: object, field: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise InvalidInput(field, "a whole number, 0 or more", value)
    return value


def _decimal(value: object, field: str, *, optional: bool = False) -> Decimal | None:
    if value is None and optional:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        expected = "a number (int or Decimal)" + (" or None" if optional else "")
        raise InvalidInput(field, expected, value)
    try:
        number = value if isinstance(value, Decimal) else Decimal(repr(value))
    except InvalidOperation as error:  # pragma: no cover - repr of a float always parses
        raise InvalidInput(field, "a finite number", value) from error
    if not number.is_finite():
        raise InvalidInput(field, "a finite number", value)
    return number


def _required_decimal(value: object, field: str) -> Decimal:
    number = _decimal(value, field)
    assert number is not None
    return number


def _days(value: object, field: str) -> Decimal | None:
    number = _decimal(value, field, optional=True)
    if number is not None and number < 0:
        raise InvalidInput(field, "a number of working days, 0 or more, or None", value)
    return number


def _day(value: object, field: str, *, optional: bool = False) -> _dt.date | None:
    if value is None and optional:
        return None
    if not isinstance(value, _dt.date) or isinstance(value, _dt.datetime):
        raise InvalidInput(field, "a datetime.date" + (" or None" if optional else ""), value)
    return value


def _items(values: object, kind: type[_T], field: str, hint: str) -> tuple[_T, ...]:
    if isinstance(values, str | bytes) or not isinstance(values, Iterable):
        raise InvalidInput(field, f"a list of {kind.__name__}", values)
    items: list[_T] = []
    for item in values:
        if not isinstance(item, kind):
            raise InvalidInput(field, f"{kind.__name__} values ({hint})", item)
        items.append(item)
    return tuple(items)


def percent(part: int, whole: int) -> Decimal | None:
    """``part`` of ``whole`` in per cent, to one decimal place (half up); None when ``whole``
    is 0 (no rate: nothing was due) — the statistics' one :class:`Rate`."""
    return Rate(part, whole).percent


# -- the rows ------------------------------------------------------------------------------


@attrs.frozen
class MatterRow:
    """One row of the office's ledger (台账): the matter as the reader may see it, with its
    traffic light and the reason the light has that colour (e.g. ``已逾期3个工作日``)."""

    number: str
    title: str
    source_label: str
    category_label: str
    lead_unit: str
    co_units: tuple[str, ...]
    due_day: _dt.date | None
    status_label: str
    light: Light
    light_reason: str
    history: tuple[LightChange, ...] = ()

    @classmethod
    def of(
        cls,
        *,
        number: str,
        title: str,
        source_label: str,
        category_label: str,
        lead_unit: str,
        status_label: str,
        light: Light,
        light_reason: str = "",
        co_units: Iterable[str] = (),
        due_day: _dt.date | None = None,
        history: Iterable[LightChange] = (),
    ) -> MatterRow:
        """``MatterRow.of(number="池开督〔2026〕3号", title=..., light=Light.RED, ...)``;
        ``history`` is the light's changes, oldest first (derived from the matter's events by
        :func:`supervision.domain.statistics.light_history`)."""
        if not isinstance(light, Light):
            raise InvalidInput("matter.light", "a supervision.report.Light", light)
        changes = _items(history, LightChange, "matter.history", "light_history(...)")
        moments = [c.at for c in changes]
        if moments != sorted(moments):
            raise InvalidInput("matter.history", "changes in time order", moments)
        return cls(
            number=_text(number, "matter.number"),
            title=_text(title, "matter.title"),
            source_label=_text(source_label, "matter.source_label"),
            category_label=_text(category_label, "matter.category_label"),
            lead_unit=_text(lead_unit, "matter.lead_unit"),
            co_units=_texts(co_units, "matter.co_units"),
            due_day=_day(due_day, "matter.due_day", optional=True),
            status_label=_text(status_label, "matter.status_label"),
            light=light,
            light_reason=_text(light_reason, "matter.light_reason", allow_empty=True),
            history=changes,
        )


@attrs.frozen
class UnitStatistics:
    """One unit's figures for the period (单位统计), as the scorecard computed them.

    ``rate_denominator`` is the base of the on-time rate (按期办结率): the matters whose outcome
    is decided (on time + late + open and overdue, docs/statistics.md); the rate is
    ``completed_on_time / rate_denominator``, and there is none when the denominator is 0.
    Handling times are in working days (None when nothing was finished). Build it from the
    statistics with :meth:`from_figures`.
    """

    unit: str
    assigned: int
    completed_on_time: int
    completed_late: int
    open_overdue: int
    open_not_yet_due: int
    rate_denominator: int
    average_working_days: Decimal | None
    median_working_days: Decimal | None
    reminders: int
    returns: int
    bulletins: int
    points: Decimal
    ended: int = 0

    @classmethod
    def from_figures(cls, unit: str, figures: Figures) -> UnitStatistics:
        """The row of a unit's :class:`~supervision.domain.statistics.Figures` (the one set
        of statistics: the report shows them as they are)."""
        if not isinstance(figures, Figures):
            raise InvalidInput("figures", "supervision.domain.statistics.Figures", figures)
        return cls.of(
            unit=unit, assigned=figures.assigned, completed_on_time=figures.completed_on_time,
            completed_late=figures.completed_late, open_overdue=figures.open_overdue,
            open_not_yet_due=figures.open_not_yet_due, ended=figures.ended,
            rate_denominator=figures.rate_denominator,
            average_working_days=figures.average_working_days,
            median_working_days=figures.median_working_days, reminders=figures.reminders,
            returns=figures.returns, bulletins=figures.bulletins, points=figures.points,
        )

    @classmethod
    def of(
        cls,
        *,
        unit: str,
        assigned: int,
        completed_on_time: int,
        completed_late: int,
        open_overdue: int,
        open_not_yet_due: int,
        rate_denominator: int,
        average_working_days: Decimal | int | float | None = None,
        median_working_days: Decimal | int | float | None = None,
        reminders: int = 0,
        returns: int = 0,
        bulletins: int = 0,
        points: Decimal | int | float = 0,
        ended: int = 0,
    ) -> UnitStatistics:
        """Check that the buckets fit in ``assigned`` and the rate's numerator in its base."""
        counts = {
            name: _count(value, f"unit.{name}")
            for name, value in (
                ("assigned", assigned),
                ("completed_on_time", completed_on_time),
                ("completed_late", completed_late),
                ("open_overdue", open_overdue),
                ("open_not_yet_due", open_not_yet_due),
                ("rate_denominator", rate_denominator),
                ("reminders", reminders),
                ("returns", returns),
                ("bulletins", bulletins),
                ("ended", ended),
            )
        }
        buckets = completed_on_time + completed_late + open_overdue + open_not_yet_due + ended
        if buckets > assigned:
            raise InvalidInput(
                "unit.assigned",
                "at least completed_on_time + completed_late + open_overdue + open_not_yet_due"
                " + ended",
                assigned,
                hint=f"the buckets add up to {buckets}",
            )
        if completed_on_time > rate_denominator:
            raise InvalidInput(
                "unit.rate_denominator",
                f"at least completed_on_time ({completed_on_time}): the rate's base",
                rate_denominator,
            )
        return cls(
            unit=_text(unit, "unit.unit"),
            average_working_days=_days(average_working_days, "unit.average_working_days"),
            median_working_days=_days(median_working_days, "unit.median_working_days"),
            points=_required_decimal(points, "unit.points"),
            **counts,
        )

    @property
    def rate(self) -> Rate:
        """按期办结率 as the statistics' :class:`Rate` (numerator and denominator)."""
        return Rate(self.completed_on_time, self.rate_denominator)

    @property
    def on_time_rate(self) -> Decimal | None:
        """按期办结率 in per cent, one decimal; None when the denominator is 0."""
        return self.rate.percent


@attrs.frozen
class StateCount:
    """How many of the reader's matters are in one state (e.g. ``办理中``: 4)."""

    label: str
    count: int

    @classmethod
    def of(cls, label: str, count: int) -> StateCount:
        """``StateCount.of("办理中", 4)``."""
        return cls(_text(label, "state.label"), _count(count, "state.count"))


@attrs.frozen
class MonthTrend:
    """One month of the trend: matters registered, completed and gone overdue in it."""

    year: int
    month: int
    registered: int
    completed: int
    overdue: int

    @classmethod
    def of(
        cls, year: int, month: int, *, registered: int, completed: int, overdue: int
    ) -> MonthTrend:
        """``MonthTrend.of(2026, 3, registered=5, completed=2, overdue=1)``."""
        if year.__class__ is not int or not 2000 <= year <= 2100:
            raise InvalidInput("trend.year", "a year from 2000 to 2100", year)
        if month.__class__ is not int or not 1 <= month <= 12:
            raise InvalidInput("trend.month", "a month from 1 to 12", month)
        return cls(
            year,
            month,
            _count(registered, "trend.registered"),
            _count(completed, "trend.completed"),
            _count(overdue, "trend.overdue"),
        )

    @property
    def label(self) -> str:
        """``2026年3月``."""
        return f"{self.year}年{self.month}月"


@attrs.frozen
class ScoreItem:
    """One deduction (negative ``points``) or bonus (positive) of a scorecard row, traced to
    its clause (in Chinese, e.g. ``《道里区督查督办工作规定》第三十条``) and its matters."""

    points: Decimal
    reason: str
    clause: str
    matter_numbers: tuple[str, ...]

    @classmethod
    def of(
        cls,
        points: Decimal | int | float,
        reason: str,
        clause: str,
        matter_numbers: Iterable[str] = (),
    ) -> ScoreItem:
        """``ScoreItem.of(Decimal("-1"), "逾期未办结", "《…》第八条", ["池开督〔2026〕3号"])``."""
        return cls(
            _required_decimal(points, "score_item.points"),
            _text(reason, "score_item.reason"),
            _text(clause, "score_item.clause"),
            _texts(matter_numbers, "score_item.matter_numbers"),
        )


@attrs.frozen
class ScoreRow:
    """A unit's line of the scorecard (考核结果): rank, net points (the sum of ``items``, so
    every point is traced), the composite score and grade where the policy grades, and
    ``grading`` — how the composite was earned, one text per criterion (``是否符合时限要求：
    0.0%（0/2）×40%，得0分；涉及事项：…``)."""

    rank: int
    unit: str
    points: Decimal
    composite: Decimal | None
    grade: str
    items: tuple[ScoreItem, ...]
    grading: tuple[str, ...] = ()

    @classmethod
    def of(
        cls,
        *,
        rank: int,
        unit: str,
        points: Decimal | int | float,
        items: Iterable[ScoreItem] = (),
        composite: Decimal | int | float | None = None,
        grade: str = "",
        grading: Iterable[str] = (),
    ) -> ScoreRow:
        """Refuse a row whose ``points`` differ from the sum of its items' points."""
        if rank.__class__ is not int or rank < 1:
            raise InvalidInput("score.rank", "a rank, 1 or more", rank)
        entries = _items(items, ScoreItem, "score.items", "ScoreItem.of(...)")
        net = _required_decimal(points, "score.points")
        traced = sum((item.points for item in entries), Decimal(0))
        if traced != net:
            raise InvalidInput(
                "score.points",
                f"the sum of the items' points ({traced}): every point is traced",
                points,
            )
        return cls(
            rank=rank,
            unit=_text(unit, "score.unit"),
            points=net,
            composite=_decimal(composite, "score.composite", optional=True),
            grade=_text(grade, "score.grade", allow_empty=True),
            items=entries,
            grading=_texts(grading, "score.grading"),
        )


@attrs.frozen
class EscalationRow:
    """An escalation of the period (催办, 告诫, 约谈, 通报, 问责建议 …): its day, the matter
    and unit, the measure, the clause and, if it was sent, how delivery stands (e.g. ``已签收``)."""

    day: _dt.date
    matter_number: str
    unit: str
    measure_label: str
    clause: str
    delivery_label: str

    @classmethod
    def of(
        cls,
        *,
        day: _dt.date,
        matter_number: str,
        unit: str,
        measure_label: str,
        clause: str,
        delivery_label: str = "",
    ) -> EscalationRow:
        """``EscalationRow.of(day=..., matter_number=..., measure_label="催办", ...)``."""
        checked = _day(day, "escalation.day")
        assert checked is not None
        return cls(
            day=checked,
            matter_number=_text(matter_number, "escalation.matter_number"),
            unit=_text(unit, "escalation.unit"),
            measure_label=_text(measure_label, "escalation.measure_label"),
            clause=_text(clause, "escalation.clause"),
            delivery_label=_text(delivery_label, "escalation.delivery_label", allow_empty=True),
        )


# -- the whole report ----------------------------------------------------------------------


@attrs.frozen
class ReportModel:
    """Everything the HTML report shows, already filtered for ``reader_label``'s reader.

    ``as_of`` is the instant the figures hold at (kept in Asia/Shanghai); ``policy_title`` is the
    regulation's Chinese title and ``policy_name`` its registry name (``daoli-2017``).
    ``overall_average_working_days`` / ``overall_median_working_days`` fill the totals row of
    the unit table (an average of averages would be wrong, so they come from the caller);
    ``basis`` says which matters the unit figures count (统计口径). Build it from the store with
    :func:`supervision.report.report_model` (``Supervision.report``).
    """

    office_name: str
    policy_title: str
    policy_name: str
    as_of: _dt.datetime
    period_label: str
    reader_label: str
    matters: tuple[MatterRow, ...]
    units: tuple[UnitStatistics, ...]
    states: tuple[StateCount, ...]
    trend: tuple[MonthTrend, ...]
    scorecard: tuple[ScoreRow, ...]
    escalations: tuple[EscalationRow, ...]
    overall_average_working_days: Decimal | None
    overall_median_working_days: Decimal | None
    basis: str = ""

    @classmethod
    def of(
        cls,
        *,
        office_name: str,
        policy_title: str,
        policy_name: str,
        as_of: _dt.datetime,
        period_label: str,
        reader_label: str,
        matters: Iterable[MatterRow] = (),
        units: Iterable[UnitStatistics] = (),
        states: Iterable[StateCount] = (),
        trend: Iterable[MonthTrend] = (),
        scorecard: Iterable[ScoreRow] = (),
        escalations: Iterable[EscalationRow] = (),
        overall_average_working_days: Decimal | int | float | None = None,
        overall_median_working_days: Decimal | int | float | None = None,
        basis: str = "",
    ) -> ReportModel:
        """Check every part; refuse duplicate matter numbers, units or months, and an unsorted
        trend (months ascend)."""
        if not isinstance(as_of, _dt.datetime) or as_of.utcoffset() is None:
            raise InvalidInput("as_of", "an aware datetime (with tzinfo) 需要带时区的时间", as_of)
        rows = _items(matters, MatterRow, "matters", "MatterRow.of(...)")
        stats = _items(units, UnitStatistics, "units", "UnitStatistics.of(...)")
        state_counts = _items(states, StateCount, "states", "StateCount.of(...)")
        months = _items(trend, MonthTrend, "trend", "MonthTrend.of(...)")
        scores = _items(scorecard, ScoreRow, "scorecard", "ScoreRow.of(...)")
        escalated = _items(escalations, EscalationRow, "escalations", "EscalationRow.of(...)")
        _unique((r.number for r in rows), "matters", "matter number")
        _unique((s.unit for s in stats), "units", "unit")
        _unique((s.label for s in state_counts), "states", "state label")
        keys = [(m.year, m.month) for m in months]
        if keys != sorted(set(keys)):
            raise InvalidInput("trend", "months in ascending order, each once", keys)
        return cls(
            office_name=_text(office_name, "office_name"),
            policy_title=_text(policy_title, "policy_title"),
            policy_name=_text(policy_name, "policy_name"),
            as_of=as_of.astimezone(SHANGHAI),
            period_label=_text(period_label, "period_label"),
            reader_label=_text(reader_label, "reader_label"),
            matters=rows,
            units=stats,
            states=state_counts,
            trend=months,
            scorecard=scores,
            escalations=escalated,
            overall_average_working_days=_days(
                overall_average_working_days, "overall_average_working_days"
            ),
            overall_median_working_days=_days(
                overall_median_working_days, "overall_median_working_days"
            ),
            basis=_text(basis, "basis", allow_empty=True),
        )

    def light_counts(self) -> dict[Light, int]:
        """How many ledger rows carry each light, every light present (0 when none)."""
        counts = dict.fromkeys(Light, 0)
        for row in self.matters:
            counts[row.light] += 1
        return counts


def _unique(values: Iterable[str], field: str, what: str) -> None:
    seen: set[str] = set()
    for value in values:
        if value in seen:
            raise InvalidInput(field, f"each {what} once", value, hint="it appears twice")
        seen.add(value)
