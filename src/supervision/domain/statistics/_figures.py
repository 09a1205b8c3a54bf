"""The figures of a unit (or an office) for a period as of an instant: counted once, here.

:func:`figures` turns the standings of the matters (:func:`~supervision.domain.statistics.assess`),
the escalations issued and the score entries recorded into one :class:`Figures` value; every
surface — the ledger's rate sheet and chart, the scorecard, the CSV and JSON exports and the
HTML report — shows these values and computes nothing of its own. The rate is a
:class:`Rate` (numerator and denominator, one way of rounding, one way of writing it).
"""

from __future__ import annotations

import datetime as _dt
import statistics as _stats
from collections.abc import Collection, Iterable, Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal

import attrs

from supervision.calendar import SHANGHAI
from supervision.clock import require_aware
from supervision.domain.escalation import BULLETINS, Escalation
from supervision.domain.policy import EscalationAction, ScoreBasis
from supervision.domain.scoring import ScoreEntry, ScorePeriod
from supervision.domain.statistics._asof import entries_at, escalations_at, last_day_of
from supervision.domain.statistics._standing import MatterStanding, Outcome
from supervision.exceptions import InvalidInput

__all__ = [
    "Figures",
    "Rate",
    "counted_day",
    "counted_in",
    "entry_counts_in",
    "escalation_counts_in",
    "figures",
    "figures_by_unit",
    "in_period",
    "missed_deadlines",
]

_ONE_DECIMAL = Decimal("0.1")


def _one_decimal(value: Decimal) -> Decimal:
    return value.quantize(_ONE_DECIMAL, rounding=ROUND_HALF_UP)


@attrs.frozen
class Rate:
    """A rate with its numerator and denominator (按期办结率 = 按期办结 ÷ 分母).

    ``percent`` is in per cent to one decimal place, half up (None when the denominator is
    0); ``fraction`` that percentage as a fraction (0.667 for 66.7%), for a spreadsheet cell
    formatted ``0.0%``, so the sheet shows and holds the same digits; ``text`` ``66.7%``
    (``—`` when there is none) and ``full_text`` ``66.7%（2/3）``."""

    numerator: int
    denominator: int

    @classmethod
    def of(cls, numerator: int, denominator: int) -> Rate:
        for field, value in (("numerator", numerator), ("denominator", denominator)):
            if value.__class__ is not int or value < 0:
                raise InvalidInput(f"rate.{field}", "a whole number, 0 or more", value)
        if numerator > denominator:
            raise InvalidInput("rate.numerator", f"at most the denominator ({denominator})",
                               numerator)
        return cls(numerator, denominator)

    @property
    def percent(self) -> Decimal | None:
        if self.denominator == 0:
            return None
        return _one_decimal(Decimal(self.numerator) * 100 / Decimal(self.denominator))

    @property
    def fraction(self) -> float | None:
        if self.denominator == 0:
            return None
        return float(self.percent or 0) / 100

    @property
    def text(self) -> str:
        percent = self.percent
        return "—" if percent is None else f"{percent}%"

    @property
    def full_text(self) -> str:
        return f"{self.text}（{self.numerator}/{self.denominator}）"

    def __str__(self) -> str:
        return self.full_text


@attrs.frozen
class Figures:
    """The figures of docs/statistics.md for one unit or one office, one period, one instant.

    The buckets add up: ``assigned == completed_on_time + completed_late + open_overdue +
    open_not_yet_due + ended``. ``on_time_rate`` is a :class:`Rate` whose denominator is
    ``completed_on_time + completed_late + open_overdue``. Handling times are in working
    days, one decimal (None when nothing was delivered). ``matter_ids`` are the matters
    counted in the buckets."""

    assigned: int
    completed_on_time: int
    completed_late: int
    open_overdue: int
    open_not_yet_due: int
    ended: int
    average_working_days: Decimal | None
    median_working_days: Decimal | None
    reminders: int
    returns: int
    bulletins: int
    points: Decimal
    matter_ids: tuple[str, ...] = ()

    @property
    def rate_denominator(self) -> int:
        return self.completed_on_time + self.completed_late + self.open_overdue

    @property
    def on_time_rate(self) -> Rate:
        return Rate(self.completed_on_time, self.rate_denominator)

    def value(self, key: str) -> object:
        """The figure named ``key`` (a :data:`~supervision.domain.statistics.STATISTICS` key)."""
        return getattr(self, key)


def in_period(standing: MatterStanding, period: ScorePeriod | None) -> bool:
    """Whether the matter counts in ``period``: dispatched by then and (with a period) its
    deadline's last day falls in it (rules.md §2)."""
    if standing.outcome is Outcome.NOT_DISPATCHED:
        return False
    if period is None:
        return True
    return standing.deadline_day is not None and period.contains_day(standing.deadline_day)


def counted_in(
    standings: Iterable[MatterStanding], period: ScorePeriod | None
) -> list[MatterStanding]:
    """The standings for which :func:`in_period` holds, in order (the period's bounds read
    once)."""
    if period is None:
        return [s for s in standings if s.outcome is not Outcome.NOT_DISPATCHED]
    first, last = period.first_day, period.last_day
    return [s for s in standings if s.outcome is not Outcome.NOT_DISPATCHED
            and s.deadline_day is not None and first <= s.deadline_day <= last]


def counted_day(
    entry: ScoreEntry,
    escalations: Mapping[str, Escalation],
    missed: Mapping[tuple[str, str], _dt.date] | None = None,
) -> _dt.date:
    """The day a score entry counts on: the missed deadline's last day where it rests on one
    (rules.md §2: a missed deadline counts in the period its deadline falls in), else the day
    it occurred; kept inside the entry's own assessment period.

    The deadline is the one the entry's escalation records, or — for a rung fired by
    reminders, which records none (``tongren-2014 art.11(1)`` 督查通报 / 效能通报 / 追究责任) —
    the one the escalations on the same occasion record (``missed``,
    :func:`missed_deadlines`; derived from ``escalations`` when not given), as
    :func:`escalation_counts_in` reads it: the entry counts where its measure counts."""
    day: _dt.date | None = None
    for key in entry.escalation_keys:
        escalation = escalations.get(key)
        if escalation is None:
            continue
        if missed is None and not escalation.detail("deadline"):
            missed = missed_deadlines(escalations.values())
        day = _chased(escalation, missed or {})
        if day is not None:
            break
    if day is None and entry.basis is ScoreBasis.OVERDUE_MATTER:
        day = last_day_of(entry.occurred_at)  # it occurred when the deadline expired
    if day is None:
        day = entry.occurred_at.astimezone(SHANGHAI).date()
    try:
        own = ScorePeriod.parse(entry.period)
    except InvalidInput:
        return day
    return min(max(day, own.first_day), own.last_day)


def entry_counts_in(
    entry: ScoreEntry,
    period: ScorePeriod | None,
    escalations: Mapping[str, Escalation],
    missed: Mapping[tuple[str, str], _dt.date] | None = None,
) -> bool:
    """Whether ``entry`` counts in ``period``: its own assessment period is the period or
    lies inside it; for a shorter period (a quarter or a month of a year's entry) by the day
    it counts on (:func:`counted_day`; ``missed`` as there)."""
    if period is None:
        return True
    try:
        own = ScorePeriod.parse(entry.period)
    except InvalidInput:
        return False
    if period.covers(own):
        return True
    if not period.overlaps(own):
        return False
    return period.contains_day(counted_day(entry, escalations, missed))


def missed_deadlines(escalations: Iterable[Escalation]) -> dict[tuple[str, str], _dt.date]:
    """The last day of the deadline each (matter, occasion) chases, as the escalations on it
    record it (a 催办 fired by the missed deadline records the deadline's last day): what
    :func:`escalation_counts_in` reads for the rungs that record none themselves."""
    found: dict[tuple[str, str], _dt.date] = {}
    for escalation in escalations:
        recorded = escalation.detail("deadline")
        if recorded and escalation.unit_id is not None:
            found.setdefault((escalation.matter_id, escalation.occasion),
                             _dt.date.fromisoformat(recorded))
    return found


def escalation_counts_in(
    escalation: Escalation,
    period: ScorePeriod | None,
    missed: Mapping[tuple[str, str], _dt.date],
) -> bool:
    """Whether ``escalation`` counts in ``period`` (rules.md §2: a missed deadline counts
    once, in the period its deadline falls in, even when the measure follows in the next).

    An escalation that chases a missed deadline counts on that deadline's last day: the one it
    records itself, or — for a rung fired by reminders (``tongren-2014 art.11(1)`` 被催办一次 /
    两次 → 督查通报 / 效能通报 / 追究责任), which records none — the one the escalations on the
    same occasion record (``missed``, :func:`missed_deadlines`), when that deadline had passed
    by the time the rung fell due. Any other escalation (a warning before the deadline) counts
    at the instant it fell due. The score entries the same escalations earn count in the same
    period (:func:`counted_day`), so a scorecard's measures and its points agree."""
    if period is None:
        return True
    day = _chased(escalation, missed)
    return period.contains(escalation.due_at) if day is None else period.contains_day(day)


def _chased(
    escalation: Escalation, missed: Mapping[tuple[str, str], _dt.date]
) -> _dt.date | None:
    """The last day of the missed deadline ``escalation`` chases: the one it records, else
    the one ``missed`` holds for its (matter, occasion) when that had passed by the time the
    escalation fell due; None for one that chases none (a warning before the deadline)."""
    recorded = escalation.detail("deadline")
    if recorded:
        return _dt.date.fromisoformat(recorded)
    chased = missed.get((escalation.matter_id, escalation.occasion))
    if chased is not None and chased <= last_day_of(escalation.due_at):
        return chased
    return None


def _middle(values: Sequence[int]) -> tuple[Decimal | None, Decimal | None]:
    if not values:
        return None, None
    average = _one_decimal(Decimal(sum(values)) / len(values))
    median = _one_decimal(Decimal(str(_stats.median(values))))
    return average, median


def figures(
    standings: Iterable[MatterStanding],
    escalations: Iterable[Escalation],
    entries: Iterable[ScoreEntry],
    *,
    period: ScorePeriod | None,
    as_of: _dt.datetime,
    matter_ids: Collection[str] | None = None,
) -> Figures:
    """The figures over ``standings`` (pure).

    ``standings`` are the matters to count, assessed at ``as_of`` (any period: those whose
    deadline falls outside ``period`` are left out of the buckets, but their returns still
    count when they fall in it); ``escalations`` and ``entries`` those of the same unit (or
    office), counted when issued (recorded) by ``as_of`` and falling in the period (an
    escalation by :func:`escalation_counts_in`, an entry by :func:`entry_counts_in`).
    ``matter_ids`` limits the escalations to those about these matters (default: the
    matters of ``standings``)."""
    as_of = require_aware(as_of, "as_of")
    if period is not None and not isinstance(period, ScorePeriod):
        raise InvalidInput("period", "a ScorePeriod (ScorePeriod.of_year(2026)) or None",
                           period)
    universe = list(standings)
    # only asked whether an id is in it: a built-in set given is read as it is (not copied
    # for each unit of a scorecard); anything else, a set subclass included, is copied
    known = ({s.matter_id for s in universe} if matter_ids is None
             else matter_ids if matter_ids.__class__ in (set, frozenset)
             else set(matter_ids))
    counted = counted_in(universe, period)
    tally = dict.fromkeys(Outcome, 0)
    for standing in counted:
        tally[standing.outcome] += 1
    delivered = [s.working_days for s in counted if s.working_days is not None
                 and s.outcome in (Outcome.COMPLETED_ON_TIME, Outcome.COMPLETED_LATE)]
    average, median = _middle(delivered)

    def falls_in(when: _dt.datetime) -> bool:
        return when <= as_of and (period is None or period.contains(when))

    issued_by_then = escalations_at(escalations, as_of)
    missed = missed_deadlines(issued_by_then)
    issued = [e for e in issued_by_then
              if e.matter_id in known and e.unit_id is not None and e.due_at <= as_of
              and escalation_counts_in(e, period, missed)]
    everything = list(escalations)
    by_key = {e.key: e for e in everything}
    recorded = [e for e in entries_at(entries, as_of)
                if entry_counts_in(e, period, by_key, missed)]
    return Figures(
        assigned=len(counted),
        completed_on_time=tally[Outcome.COMPLETED_ON_TIME],
        completed_late=tally[Outcome.COMPLETED_LATE],
        open_overdue=tally[Outcome.OPEN_OVERDUE],
        open_not_yet_due=tally[Outcome.OPEN_NOT_YET_DUE],
        ended=tally[Outcome.ENDED],
        average_working_days=average,
        median_working_days=median,
        reminders=sum(1 for e in issued if e.action is EscalationAction.REMINDER),
        returns=sum(1 for s in universe for when in s.returned_at if falls_in(when)),
        bulletins=sum(1 for e in issued if e.action in BULLETINS and e.taken),
        points=sum((e.points for e in recorded), Decimal(0)),
        matter_ids=tuple(s.matter_id for s in counted),
    )


def figures_by_unit(
    unit_ids: Iterable[str],
    standings: Iterable[MatterStanding],
    escalations: Iterable[Escalation],
    entries: Iterable[ScoreEntry],
    *,
    period: ScorePeriod | None,
    as_of: _dt.datetime,
) -> dict[str, Figures]:
    """:func:`figures` for each of ``unit_ids`` (the lead unit counts a matter, tongren-2014
    art.8(2): the lead alone reports), in the order given."""
    all_standings = list(standings)
    all_escalations = list(escalations)
    all_entries = list(entries)
    known = {s.matter_id for s in all_standings}
    result: dict[str, Figures] = {}
    for unit_id in unit_ids:
        result[unit_id] = figures(
            [s for s in all_standings if s.lead_unit_id == unit_id],
            [e for e in all_escalations if e.unit_id == unit_id],
            [e for e in all_entries if e.unit_id == unit_id],
            period=period, as_of=as_of, matter_ids=known,
        )
    return result
