"""The report's model built from the store: one office, one period, one instant, one reader.

:func:`report_model` reads the office once
(``supervision.service_layer.reporting._read_office``) and fills every part of the
:class:`~supervision.report.ReportModel` from the one set of statistics — the unit table from
:func:`~supervision.service_layer.reporting.statistics_of`,
the scorecard from :func:`~supervision.service_layer.reporting.score_report_of`, the ledger's
lights and their history from :func:`supervision.domain.statistics.assess` and
:func:`~supervision.domain.statistics.light_history` — so the page shows exactly what the
ledger, the scorecard and the exports show.

Only matters the reader may see are named: the ledger rows, the months' counts, the
escalations and the matter numbers of a score item are limited to them (``daoli-2017
art.23``); the unit figures are the office's (their basis is stated on the page).
"""

from __future__ import annotations

import datetime as _dt
from collections import Counter
from collections.abc import Mapping

from supervision.calendar import SHANGHAI
from supervision.domain.actors import Actor
from supervision.domain.lifecycle import Status
from supervision.domain.model import Matter
from supervision.domain.scorecard import GradeComponent
from supervision.domain.scoring import ScorePeriod
from supervision.domain.statistics import (
    DEFAULT_DUE_SOON_WORKING_DAYS,
    MatterStanding,
    Outcome,
    escalation_counts_in,
    light_history,
    missed_deadlines,
)
from supervision.exceptions import UnknownCategory
from supervision.ledger._figures import plain
from supervision.ledger._labels import source_text
from supervision.ports import UnitOfWork
from supervision.report._model import (
    EscalationRow,
    MatterRow,
    MonthTrend,
    ReportModel,
    ScoreItem,
    ScoreRow,
    StateCount,
    UnitStatistics,
)
from supervision.service_layer.context import Context
from supervision.service_layer.reporting import (
    OfficeRead,
    _read_office,
    assessment_period_of,
    score_report_of,
    standings_of,
    statistics_of,
)

__all__ = ["report_model"]

_STATE_ORDER = tuple(Status)


def _day(when: _dt.datetime) -> _dt.date:
    return when.astimezone(SHANGHAI).date()


def _category(ctx: Context, matter: Matter) -> str:
    if not matter.category:
        return "—"
    try:
        return ctx.policy_of(matter).category(matter.category).label
    except UnknownCategory:  # a category the policy no longer has: show the key
        return matter.category


def _matter_rows(
    ctx: Context, read: OfficeRead, standings: dict[str, MatterStanding], window: int
) -> list[MatterRow]:
    names = {u.id: u.name for u in read.units}
    rows: list[MatterRow] = []
    visible = sorted((m for m in read.seen if m.id in standings), key=lambda m: m.number)
    for matter in visible:
        standing = standings[matter.id]
        state = read.matter_at(matter.id) or matter
        history = light_history(matter, read.events.get(matter.id, ()), ctx.policy_of(matter),
                                read.calendar, read.as_of, close=read.close,
                                due_soon_working_days=window)
        rows.append(MatterRow.of(
            number=str(matter.number), title=matter.display_title,
            source_label=source_text(matter), category_label=_category(ctx, matter),
            lead_unit=names.get(matter.lead_unit_id, matter.lead_unit_id),
            co_units=[names.get(u, u) for u in matter.co_unit_ids],
            due_day=None if state.due is None else state.due.last_day,
            status_label=standing.status.label, light=standing.light,
            light_reason=standing.reason, history=history,
        ))
    return rows


def _months(period: ScorePeriod, read: OfficeRead) -> tuple[tuple[int, int], ...]:
    """The period's months up to the as-of instant's."""
    last = (read.as_of.year, read.as_of.month)
    return tuple(m for m in period.months() if m <= last)


def _trend(
    period: ScorePeriod, read: OfficeRead, standings: dict[str, MatterStanding]
) -> list[MonthTrend]:
    """Per month, over the matters the reader may see: registered in it; delivered in it;
    whose deadline (its last day) fell in it and was missed."""
    seen = [m for m in read.seen if m.id in standings]
    trend = []
    for year, month in _months(period, read):
        span = ScorePeriod.of_month(year, month)
        registered = sum(1 for m in seen if span.contains(m.registered_at))
        completed = sum(1 for m in seen if (d := standings[m.id].delivered_at) is not None
                        and span.contains(d))
        overdue = sum(
            1 for m in seen
            if standings[m.id].outcome in (Outcome.OPEN_OVERDUE, Outcome.COMPLETED_LATE)
            and (d2 := standings[m.id].deadline_day) is not None and span.contains_day(d2)
        )
        trend.append(MonthTrend.of(year, month, registered=registered, completed=completed,
                                   overdue=overdue))
    return trend


def _states(standings: list[MatterStanding]) -> list[StateCount]:
    counts = Counter(s.status for s in standings)
    return [StateCount.of(status.label, counts[status]) for status in _STATE_ORDER
            if counts[status]]


def _escalations(read: OfficeRead, period: ScorePeriod) -> list[EscalationRow]:
    names = {u.id: u.name for u in read.units}
    numbers = {m.id: str(m.number) for m in read.seen}
    rows = []
    issued = [e for e in read.escalations if e.issued_at <= read.as_of]
    missed = missed_deadlines(issued)
    for escalation in sorted(issued, key=lambda e: (e.due_at, e.key)):
        if escalation.matter_id not in read.visible:
            continue
        # listed in the period its figures count it in (rules.md §2)
        if not escalation_counts_in(escalation, period, missed):
            continue
        unit = (read.office.name if escalation.unit_id is None
                else names.get(escalation.unit_id, escalation.unit_id))
        pending = escalation.proposal and (escalation.decision is None
                                           or escalation.decision.decided_at > read.as_of)
        decided = "" if escalation.decision is None or pending else (
            "已采纳" if escalation.decision.accepted else "未采纳")
        rows.append(EscalationRow.of(
            day=_day(escalation.due_at), matter_number=numbers[escalation.matter_id],
            unit=unit, measure_label=escalation.label,
            clause=read.policy.cite_key(escalation.citation.key)
            if escalation.citation.policy == read.policy.name
            else escalation.citation.key,
            delivery_label="待决定" if pending else decided,
        ))
    return rows


def _grading(part: GradeComponent, numbers: Mapping[str, str]) -> str:
    share = "—" if part.rate is None else part.rate.full_text
    text = f"等次评定·{part.label}：{share}×{part.weight}%，得{plain(part.earned)}分"
    named = "、".join(numbers[m] for m in part.matter_ids if m in numbers)
    return text + (f"；涉及事项：{named}" if named else "")


def report_model(
    uow: UnitOfWork,
    ctx: Context,
    actor: Actor,
    *,
    as_of: _dt.datetime,
    period: ScorePeriod | None = None,
    office_id: str | None = None,
    due_soon_working_days: int = DEFAULT_DUE_SOON_WORKING_DAYS,
) -> ReportModel:
    """The report of the actor's office (or ``office_id``, one the actor reads) for
    ``period`` as of ``as_of``, as ``actor`` may read it.

    ``period`` defaults to the assessment period containing ``as_of`` (the half-year where the
    office's policy grades by half-year, ``daoli-2017 art.27``, else the year). A matter the
    actor may not see appears nowhere in the model (not its title, not its number)."""
    read = _read_office(uow, ctx, actor, as_of=as_of, period=period, office_id=office_id)
    if period is None:
        # the period contains the instant, so the policy read for the instant is the period's
        period = assessment_period_of(read.policy, read.as_of)
    every = standings_of(ctx, read, due_soon_working_days=due_soon_working_days, every=True)
    statistics = statistics_of(ctx, read, period, standings=every)
    scores = score_report_of(ctx, read, period, every)
    standings = {k: v for k, v in every.items() if k in read.visible}
    units = [UnitStatistics.from_figures(u.unit_name, u.figures) for u in statistics.units]
    score_rows = [
        ScoreRow.of(
            rank=card.rank, unit=card.unit_name, points=card.points,
            composite=card.composite, grade=card.grade or "",
            items=[ScoreItem.of(e.points, e.reason, scores.cite(e.citation.key),
                                [scores.numbers[m] for m in e.matter_ids
                                 if m in scores.numbers])
                   for e in card.entries],
            grading=[_grading(c, scores.numbers) for c in card.components],
        )
        for card in scores.cards
    ]
    visible_standings = list(standings.values())
    return ReportModel.of(
        office_name=read.office.name,
        policy_title=read.policy.title,
        policy_name=read.policy.name,
        as_of=read.as_of,
        period_label=period.label,
        reader_label=statistics.reader,
        matters=_matter_rows(ctx, read, standings, due_soon_working_days),
        units=units,
        states=_states(visible_standings),
        trend=_trend(period, read, standings),
        scorecard=score_rows,
        escalations=_escalations(read, period),
        overall_average_working_days=statistics.total.average_working_days,
        overall_median_working_days=statistics.total.median_working_days,
        basis=statistics.basis,
    )
