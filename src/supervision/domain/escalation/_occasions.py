"""Occasions: every obligation a matter's unit owes by a deadline (completion, periodic reports,
milestones, redo deadlines, the next-day handling plan), with when it was met."""

from __future__ import annotations

import datetime as _dt
import enum
from typing import Final

import attrs

from supervision.calendar import SHANGHAI, Calendar
from supervision.domain.escalation._cycle_windows import (
    DEFAULT_FIRST_CYCLE_WORKING_DAYS,
    cycle_windows,
)
from supervision.domain.escalation._deadlines import (
    Deadlines,
    completion_met_at,
    counted,
    deadlines_of,
    redo_due,
)
from supervision.domain.escalation._deadlines import end_of as _end_of
from supervision.domain.escalation._pauses import cycle_paused, paused_at, pauses_of, shifted
from supervision.domain.lifecycle import Status
from supervision.domain.model import (
    DeadlineBasis,
    Matter,
    Report,
    ReportingCycle,
    ReportingSchedule,
    ReportKind,
    ReviewOutcome,
)
from supervision.domain.policy import (
    Citation,
    Cycle,
    EscalationAction,
    Obligation,
    Policy,
    ReportingRule,
    StartEvent,
    TriggerEvent,
)
from supervision.exceptions import SupervisionError
from supervision.periods import Period


# ================================================================ the engine (pure)
class OccasionKind(enum.Enum):
    """What a matter owes by a deadline: the engine's unit of account for misses."""

    COMPLETION = "completion"
    REPORT = "report"
    MILESTONE = "milestone"
    REDO = "redo"
    HANDLING_PLAN = "handling_plan"

    @property
    def label(self) -> str:
        """办结时限, 定期报告, 时间节点, 重新办理, 办理方案."""
        return {
            OccasionKind.COMPLETION: "办结时限",
            OccasionKind.REPORT: "定期报告",
            OccasionKind.MILESTONE: "时间节点",
            OccasionKind.REDO: "重新办理",
            OccasionKind.HANDLING_PLAN: "办理方案",
        }[self]


@attrs.frozen
class Occasion:
    """One obligation of a unit on a matter with its deadline, and when it was met.

    ``key`` is the occasion part of escalation keys (``r1``, ``r1.report2``, ``r1.redo1``);
    ``event`` the trigger a miss sets off (:attr:`TriggerEvent.OVERDUE` for the completion
    and redo deadlines, :attr:`TriggerEvent.REPORT_OVERDUE` for reports and plans).
    """

    key: str
    matter_id: str
    unit_id: str
    kind: OccasionKind
    event: TriggerEvent
    last_day: _dt.date
    due_at: _dt.datetime
    provisional: bool
    met_at: _dt.datetime | None
    label: str
    citation: Citation | None = None
    office_id: str = ""

    def outstanding_at(self, when: _dt.datetime) -> bool:
        """Whether the obligation was still unmet at ``when``."""
        return self.met_at is None or self.met_at > when

    @property
    def missed(self) -> bool:
        """Whether the deadline passed unmet (meaningful once ``due_at`` has passed)."""
        return self.outstanding_at(self.due_at)



#: Actions that chase an obligation still open: issued only while it is unmet.
_CHASING: Final = frozenset({
    EscalationAction.PRE_DEADLINE_WARNING,
    EscalationAction.REMINDER,
    EscalationAction.WARNING_NOTICE,
})

def _start_of(day: _dt.date) -> _dt.datetime:
    return _dt.datetime.combine(day, _dt.time(0), SHANGHAI)


def _day(when: _dt.datetime) -> _dt.date:
    return when.astimezone(SHANGHAI).date()


def _unit_reports(matter: Matter) -> list[Report]:
    """The lead unit's own reports (progress, final, supplement), in the order sent."""
    return [r for r in matter.reports if r.kind is not ReportKind.CONTRIBUTION]


def _source_key(matter: Matter) -> str:
    return matter.source.kind.value


#: The kind key of a matter's category and source under a policy (:func:`_kind_key`):
#: (policy id, category, source) → (the policy, the key); the policy is kept, so its id is
#: never reused meanwhile.
_KINDS: dict[tuple[int, str | None, str], tuple[Policy, str | None]] = {}


def _kind_key(matter: Matter, policy: Policy) -> str | None:
    source = _source_key(matter)
    memo = (id(policy), matter.category, source)
    found = _KINDS.get(memo)
    if found is not None and found[0] is policy:
        return found[1]
    try:
        kind = policy.kind_for(matter.category, source)
    except SupervisionError:
        kind = policy.kind_for(None, source)
    key = None if kind is None else kind.key
    if len(_KINDS) > 4096:
        _KINDS.clear()
    _KINDS[memo] = (policy, key)  # a policy is frozen data: the answer cannot go stale
    return key


def _round_start(matter: Matter) -> _dt.datetime:
    """When the round under way began: the dispatch for the first; for a reopened one (回头看
    / 再督查, ``lianyungang-2019 §7.3``) the reopening, from which its deadline is counted
    (``terms.start_at``), never before the earlier round's 销号 — its periodic reports and
    cycles run from there, not from the first dispatch."""
    assert matter.dispatched_at is not None
    if matter.round == 1:
        return matter.dispatched_at
    return max([matter.dispatched_at, *(c.closed_at for c in matter.closings),
                *([] if matter.terms.start_at is None else [matter.terms.start_at])])


def _start_instant(matter: Matter, event: StartEvent | None) -> _dt.datetime | None:
    if matter.round > 1:
        return _round_start(matter)  # a reopened round's reports run from its reopening
    if event is StartEvent.DOCUMENT_ISSUE and matter.source.issued_on is not None:
        return _start_of(matter.source.issued_on)
    if event is StartEvent.MINUTES_ISSUE and matter.source.minutes_date is not None:
        return _start_of(matter.source.minutes_date)
    if event is StartEvent.MEETING and matter.source.meeting_date is not None:
        return _start_of(matter.source.meeting_date)
    return matter.dispatched_at


class _Consumer:
    """Hands out a matter's reports in order, each meeting one periodic obligation."""

    def __init__(self, reports: list[Report]) -> None:
        self._reports = reports
        self._used = 0

    def peek_after(self, when: _dt.datetime) -> _dt.datetime | None:
        """The report :meth:`take_after` would hand out, without taking it."""
        return next((r.submitted_at for r in self._reports[self._used:]
                     if r.submitted_at > when), None)

    def take_after(self, when: _dt.datetime) -> _dt.datetime | None:
        while self._used < len(self._reports):
            report = self._reports[self._used]
            self._used += 1
            if report.submitted_at > when:
                return report.submitted_at
        return None


def occasions(
    matter: Matter,
    policy: Policy,
    calendar: Calendar,
    until: _dt.datetime,
    *,
    close: _dt.time | None = None,
) -> tuple[Occasion, ...]:
    """Every obligation of ``matter``'s lead unit falling due up to ``until`` (and the first
    periodic report after it): the completion deadline of the current round, periodic
    reports (``chizhou-2021 §7.5`` every 15 days; calendar cycles, ``daoli-2017 art.8(4)``,
    ``zhoucun-2021 §5.4``; milestones, ``zhoucun-2021 §5.2``), redo deadlines after a return
    (``lianyungang-2019 §5.6``; the office's ``redo_due_day`` first) and the next-day handling
    plan (``zhoucun-2021 §5.3``). A suspended matter's deadlines wait for its resumption.
    """
    if matter.due is None or matter.dispatched_at is None:
        return ()
    if matter.status in (Status.WITHDRAWN, Status.TERMINATED):
        return ()
    unit = matter.lead_unit_id
    rnd = matter.round
    delivered = [r for r in _unit_reports(matter) if r.round == rnd]
    # a handling plan (办理方案) meets the plan's deadline only, never a report or result's
    reports = [r for r in delivered if r.kind is not ReportKind.PLAN]
    found: list[Occasion] = []
    # ---- the completion deadline of the round
    deadlines = deadlines_of(matter)
    assert deadlines is not None  # dispatched, due and not ended (checked above)
    completion = _completion(matter, deadlines, policy)
    if completion is not None:
        found.append(completion)
    done_at = _done_at(matter)
    # ---- periodic reports
    source = _source_key(matter)
    kind = _kind_key(matter, policy)
    rules = [
        r for r in policy.reporting
        if (r.kind is None or r.kind == kind) and (not r.sources or source in r.sources)
    ]
    schedule = matter.reporting
    min_days = policy.parameters.first_cycle_min_working_days
    if schedule.every is not None or schedule.cycle is not None:
        cited = rules[0].citation if rules else None  # the text's reporting rule, if any
        found.extend(_scheduled_reports(matter, schedule, cited, reports, calendar, until,
                                        close, done_at, min_days))
    else:
        for rule in rules:
            if rule.period is not None and rule.next_start is None and not rule.until_done:
                continue  # a single report: the matter's own default deadline covers it
            if rule.period is None and rule.cycle_selectable:
                # the leader picks the cycle for the matter (zhoucun-2021 §5.4); the year-end
                # report is due whatever the cycle
                if rule.year_end:
                    found.extend(_year_ends(matter, reports, calendar, until, close, done_at,
                                            rule.citation))
                continue
            found.extend(_rule_reports(matter, rule, reports, calendar, until, close, done_at,
                                       min_days))
    # ---- milestones (zhoucun-2021 §5.2)
    consumer = _Consumer(reports)
    begun = _round_start(matter)
    pauses = pauses_of(matter)
    for i, milestone in enumerate(sorted(matter.milestones, key=lambda m: m.due_day), start=1):
        if rnd > 1 and _end_of(milestone.due_day, close) <= begun:
            continue  # a reopened round owes no milestone already past when it began
        due = milestone.due_day, _end_of(milestone.due_day, close)
        met_at = consumer.peek_after(begun)
        moved = due if met_at is not None and met_at <= due[1] else shifted(
            *due, begun, pauses, calendar)
        if moved is None:
            continue  # suspended before it fell due: it waits for the resumption
        met_at = consumer.take_after(begun)
        found.append(Occasion(
            key=f"r{rnd}.milestone{i}", matter_id=matter.id, office_id=matter.office_id,
            unit_id=milestone.unit_id or unit, kind=OccasionKind.MILESTONE,
            event=TriggerEvent.REPORT_OVERDUE, last_day=moved[0], due_at=moved[1],
            provisional=calendar.touches_provisional(moved[0]), met_at=met_at,
            label=f"时间节点：{milestone.name}",
        ))
    # ---- redo deadlines (退回重办)
    found.extend(_redos(matter, deadlines, policy, calendar, close))
    # ---- the next-day handling plan (zhoucun-2021 §5.3): owed only where no limit was set
    # (主要领导同志有明确时限要求的，按要求推进办理): a deadline stated in the 督办单 is read as the
    # leader's limit, so only a matter running on the policy's default owes the plan
    for duty in policy.duties:
        if (
            duty.obligation is not Obligation.HANDLING_PLAN
            or duty.period is None
            or (duty.sources and source not in duty.sources)
            or rnd != 1
            or matter.terms.basis is not DeadlineBasis.CATEGORY_DEFAULT
        ):
            continue
        start = _start_instant(matter, duty.start) or matter.dispatched_at
        deadline = counted(duty.period, start, calendar, close)
        plan_met = next((r.submitted_at for r in delivered), None)
        plan_due: tuple[_dt.date, _dt.datetime] | None = deadline.last_day, deadline.due_at
        if plan_met is None or plan_met > deadline.due_at:
            plan_due = shifted(deadline.last_day, deadline.due_at, start, pauses, calendar)
        if plan_due is None:
            continue  # suspended before it fell due: it waits for the resumption
        found.append(Occasion(
            key=f"r{rnd}.{duty.key}", matter_id=matter.id, office_id=matter.office_id, unit_id=unit,
            kind=OccasionKind.HANDLING_PLAN, event=TriggerEvent.REPORT_OVERDUE,
            last_day=plan_due[0], due_at=plan_due[1],
            provisional=deadline.provisional or calendar.touches_provisional(plan_due[0]),
            met_at=plan_met,
            label=duty.label, citation=duty.citation,
        ))
    return tuple(found)


def deadline_occasions(
    matter: Matter, policy: Policy, calendar: Calendar, *, close: _dt.time | None = None
) -> tuple[Occasion, ...]:
    """The completion and redo occasions of :func:`occasions` (the same values, in the same
    order), without the periodic reports, milestones and handling plan: what a matter's
    standing is judged by (where it stands, docs/statistics.md). None of them depends on the
    instant ``occasions`` looks up to (pure)."""
    deadlines = deadlines_of(matter)
    if deadlines is None:
        return ()
    completion = _completion(matter, deadlines, policy)
    redos = _redos(matter, deadlines, policy, calendar, close)
    return tuple(redos) if completion is None else (completion, *redos)


def _completion(matter: Matter, deadlines: Deadlines, policy: Policy) -> Occasion | None:
    """The completion deadline of the round (None while the matter is suspended)."""
    if deadlines.suspended:
        return None
    return Occasion(
        key=f"r{deadlines.round}", matter_id=matter.id, unit_id=matter.lead_unit_id,
        kind=OccasionKind.COMPLETION, office_id=matter.office_id,
        event=TriggerEvent.OVERDUE, last_day=deadlines.last_day, due_at=deadlines.due_at,
        provisional=deadlines.provisional, met_at=completion_met_at(deadlines, policy),
        label=f"办结时限（{deadlines.label}）",
    )


def _redos(
    matter: Matter,
    deadlines: Deadlines,
    policy: Policy,
    calendar: Calendar,
    close: _dt.time | None,
) -> list[Occasion]:
    """The redo deadlines (退回重办) of the round's returned reports."""
    found: list[Occasion] = []
    for returned in deadlines.returns:
        due = redo_due(returned, policy, calendar, close)
        if due is None:
            continue
        last_day, due_at, provisional, citation = due
        suspended = matter.active_suspension
        if (suspended is not None and returned.met_at is None
                and returned.returned_at <= suspended.started_at < due_at):
            continue  # it waits for the resumption, which moves it on (handling.resume)
        found.append(Occasion(
            key=f"r{deadlines.round}.redo{returned.number}", matter_id=matter.id,
            unit_id=matter.lead_unit_id, office_id=matter.office_id,
            kind=OccasionKind.REDO, event=TriggerEvent.OVERDUE, last_day=last_day,
            due_at=due_at, provisional=provisional, met_at=returned.met_at,
            label=f"退回重办（第{returned.number}轮）", citation=citation,
        ))
    return found


def _done_at(matter: Matter) -> _dt.datetime | None:
    """When the matter was last done: completed, or a final report not returned."""
    if matter.completed_at is not None:
        return matter.completed_at
    if matter.rounds and matter.rounds[-1].outcome is not ReviewOutcome.RETURNED:
        last = matter.rounds[-1].report
        if last.round == matter.round:
            return last.submitted_at
    return None


def _rule_reports(
    matter: Matter,
    rule: ReportingRule,
    reports: list[Report],
    calendar: Calendar,
    until: _dt.datetime,
    close: _dt.time | None,
    done_at: _dt.datetime | None,
    min_days: int = DEFAULT_FIRST_CYCLE_WORKING_DAYS,
) -> list[Occasion]:
    assert matter.dispatched_at is not None
    if rule.period is not None:
        start = _start_instant(matter, rule.first_start)
        if start is None:
            return []
        return _rolling(
            matter, rule.period, start, rule.next_start is StartEvent.DISPATCH, reports,
            calendar, until, close, done_at, rule.citation, rule.label,
        )
    found: list[Occasion] = []
    for cycle in rule.cycles:
        found.extend(_cycles(matter, cycle, reports, calendar, until, close, done_at,
                             rule.citation, rule.label, min_days))
    if rule.year_end:
        found.extend(_year_ends(matter, reports, calendar, until, close, done_at, rule.citation))
    return found


def _scheduled_reports(
    matter: Matter,
    schedule: ReportingSchedule,
    citation: Citation | None,
    reports: list[Report],
    calendar: Calendar,
    until: _dt.datetime,
    close: _dt.time | None,
    done_at: _dt.datetime | None,
    min_days: int = DEFAULT_FIRST_CYCLE_WORKING_DAYS,
) -> list[Occasion]:
    assert matter.dispatched_at is not None
    found: list[Occasion] = []
    if schedule.every is not None:
        found.extend(_rolling(
            matter, schedule.every, _round_start(matter), False, reports, calendar, until,
            close, done_at, citation, f"每{schedule.every.label}报告进展",
        ))
    if schedule.cycle is not None:
        found.extend(_cycles(matter, schedule.cycle, reports, calendar, until, close, done_at,
                             citation, f"{schedule.cycle.label}报告进展", min_days))
    if schedule.year_end_report:
        found.extend(_year_ends(matter, reports, calendar, until, close, done_at, citation))
    return found


def _rolling(
    matter: Matter,
    period: Period,
    start: _dt.datetime,
    fixed_windows: bool,
    reports: list[Report],
    calendar: Calendar,
    until: _dt.datetime,
    close: _dt.time | None,
    done_at: _dt.datetime | None,
    citation: Citation | None,
    label: str,
) -> list[Occasion]:
    """Reports every ``period``: from ``start`` for the first, then from the previous report
    (or, unmade, from the previous due day), or in fixed windows from ``start``.

    The clock stops while the matter is suspended (中止): no report falls due then, and the
    next one is counted from the resumption (恢复) as the first is from ``start``; in fixed
    windows, a window ending while suspended is not owed (library convention)."""
    found: list[Occasion] = []
    consumer = _Consumer(reports)
    pauses = tuple(p for p in pauses_of(matter) if p[1] is None or p[1] > start)
    anchor = start
    previous_met: _dt.datetime | None = start
    n = 0
    windows = 0
    while True:
        n += 1
        if fixed_windows:
            windows += 1
            deadline = counted(Period(period.unit, period.count * windows), start, calendar,
                               close)
        else:
            deadline = counted(period, anchor, calendar, close)
        window_start = previous_met or found[-1].due_at
        if fixed_windows:
            pause = paused_at(pauses, deadline.due_at)
        else:
            pause = next((p for p in pauses if p[0] < deadline.due_at
                          and (p[1] is None or p[1] > anchor)), None)
        if pause is not None:
            met = consumer.peek_after(window_start)
            if met is not None and met <= pause[0]:
                pause = None  # met before the suspension: owed and met as usual
        if pause is not None:
            n -= 1
            resumed = pause[1]
            if resumed is None:
                return found  # still suspended: nothing falls due until the resumption
            if fixed_windows and (deadline.due_at > until or windows >= 400):
                return found
            previous_met = resumed  # reports from the resumption on meet the next one
            if not fixed_windows:
                anchor = resumed  # counted anew from the resumption
                pauses = tuple(p for p in pauses if p is not pause)
            continue
        if done_at is not None and done_at <= window_start:
            return found
        met_at = consumer.take_after(window_start)
        found.append(Occasion(
            key=f"r{matter.round}.report{n}", matter_id=matter.id, unit_id=matter.lead_unit_id,
            office_id=matter.office_id,
            kind=OccasionKind.REPORT, event=TriggerEvent.REPORT_OVERDUE,
            last_day=deadline.last_day, due_at=deadline.due_at, provisional=deadline.provisional,
            met_at=met_at, label=f"{label}（第{n}次）", citation=citation,
        ))
        if done_at is not None and met_at is not None and done_at <= met_at:
            return found
        if deadline.due_at > until or n >= 400:
            return found
        previous_met = met_at
        anchor = met_at if met_at is not None else _start_of(deadline.last_day)


def _cycles(
    matter: Matter,
    cycle: ReportingCycle | Cycle,
    reports: list[Report],
    calendar: Calendar,
    until: _dt.datetime,
    close: _dt.time | None,
    done_at: _dt.datetime | None,
    citation: Citation | None,
    label: str,
    min_working_days: int = DEFAULT_FIRST_CYCLE_WORKING_DAYS,
) -> list[Occasion]:
    """A report for each calendar cycle from the dispatch cycle on (see
    :func:`cycle_windows`), due by the cycle's last day rolled to a working day (library
    convention)."""
    assert matter.dispatched_at is not None
    found: list[Occasion] = []
    consumer = _Consumer(reports)
    horizon = _day(until) + _dt.timedelta(days=370)
    windows = cycle_windows(cycle, _day(_round_start(matter)), horizon, calendar,
                             min_working_days)
    pauses = pauses_of(matter)
    for first, last in windows:
        window_start = _start_of(first)
        if done_at is not None and done_at <= window_start:
            break
        last_day = calendar.roll_forward(last)
        if pauses and cycle_paused(pauses, window_start, last_day,
                                   consumer.peek_after(window_start), calendar, close,
                                   min_working_days):
            under_way = paused_at(pauses, _end_of(last_day, close))
            if under_way is not None and under_way[1] is None:
                break  # still suspended: nothing falls due until the resumption
            continue
        met_at = consumer.take_after(window_start)
        found.append(Occasion(
            key=f"r{matter.round}.{cycle.value if isinstance(cycle, ReportingCycle) else cycle.key}"
                f"{first.isoformat()}",
            matter_id=matter.id, unit_id=matter.lead_unit_id, kind=OccasionKind.REPORT,
            office_id=matter.office_id,
            event=TriggerEvent.REPORT_OVERDUE, last_day=last_day,
            due_at=_end_of(last_day, close), provisional=calendar.touches_provisional(last_day),
            met_at=met_at, label=f"{label}（{first.isoformat()}起）", citation=citation,
        ))
        if _end_of(last_day, close) > until:
            break
    return found


def _year_ends(
    matter: Matter,
    reports: list[Report],
    calendar: Calendar,
    until: _dt.datetime,
    close: _dt.time | None,
    done_at: _dt.datetime | None,
    citation: Citation | None,
) -> list[Occasion]:
    """年底前: a report before 31 December of each year the matter is open (not rolled)."""
    assert matter.dispatched_at is not None
    found: list[Occasion] = []
    year = _day(_round_start(matter)).year
    pauses = pauses_of(matter)
    while True:
        last_day = _dt.date(year, 12, 31)
        window_start = _start_of(_dt.date(year, 12, 1))
        if done_at is not None and done_at <= window_start:
            return found
        met_at = next(
            (r.submitted_at for r in reports if r.submitted_at >= window_start), None
        )
        pause = paused_at(pauses, _end_of(last_day, close))
        if pause is not None and (met_at is None or met_at > pause[0]):
            if pause[1] is None:
                return found  # still suspended: nothing falls due until the resumption
            year += 1  # 31 December fell while suspended: not owed (library convention)
            continue
        found.append(Occasion(
            key=f"r{matter.round}.year_end{year}", matter_id=matter.id, office_id=matter.office_id,
            unit_id=matter.lead_unit_id, kind=OccasionKind.REPORT,
            event=TriggerEvent.REPORT_OVERDUE, last_day=last_day,
            due_at=_end_of(last_day, close), provisional=calendar.touches_provisional(last_day),
            met_at=met_at, label=f"{year}年底报告落实情况", citation=citation,
        ))
        if _end_of(last_day, close) > until:
            return found
        year += 1



