"""Escalations (督办升级): the records the engine issues, and the pure escalation engine.

An :class:`Escalation` is one step of a policy's ladder taken against one unit on one matter
(催办, 告诫, 约谈通知, 通报, 曝光, 问责 proposals …) or one of the office's own duties found
overdue. Its :attr:`Escalation.key` is deterministic
(``"<matter id>:<step>.<action>:<unit id>:<occasion>"``), so evaluating twice, or from two
workers, yields it once: storage inserts it only if absent. Accountability (问责, 追究责任) and
``lianyungang-2019 §8``'s menu of measures are proposals (:attr:`Escalation.proposal`) that wait
for a person's :class:`ProposalDecision`; nothing here sanctions anyone automatically.
"""

from __future__ import annotations

import datetime as _dt
import enum
from collections.abc import Iterable, Sequence
from typing import Final

import attrs

from supervision.calendar import SHANGHAI, Calendar
from supervision.clock import require_aware
from supervision.domain.events import Event, EventKind
from supervision.domain.lifecycle import Status
from supervision.domain.model import (
    DeadlineBasis,
    Decision,
    Matter,
    ReasonKind,
    Report,
    ReportingCycle,
    ReportingSchedule,
    ReportKind,
    ReviewOutcome,
)
from supervision.exceptions import CalendarDataUnavailable, InvalidInput, SupervisionError
from supervision.periods import Period
from supervision.policies import (
    Citation,
    Cycle,
    EscalationAction,
    ExplanationEffect,
    Obligation,
    Policy,
    ReportingRule,
    Rung,
    Scope,
    StartEvent,
    Trigger,
    TriggerEvent,
)

__all__ = [
    "BULLETINS",
    "SYSTEM_ACTOR",
    "Escalation",
    "EscalationKind",
    "Evaluation",
    "MatterRecord",
    "MissOutcome",
    "Occasion",
    "OccasionKind",
    "Preview",
    "ProposalDecision",
    "StreakItem",
    "escalations_due",
    "evaluate",
    "evaluate_streaks",
    "next_wake",
    "occasions",
    "preview",
    "streak_items",
]


class EscalationKind(enum.Enum):
    """Whether an escalation is a ladder rung against a unit or the office's own overdue duty."""

    RUNG = "rung"
    OFFICE_DUTY = "office_duty"

    @property
    def label(self) -> str:
        """督办升级 or 督查机构逾期事项."""
        if self is EscalationKind.RUNG:
            return "督办升级"
        return "督查机构逾期事项"


def _text(value: object, field: str, *, allow_empty: bool = False) -> str:
    if not isinstance(value, str) or (not allow_empty and not value.strip()):
        raise InvalidInput(field, "a string" if allow_empty else "a non-empty string", value)
    if "\x00" in value:
        raise InvalidInput(field, "text without NUL characters", value)
    return value


@attrs.frozen
class ProposalDecision:
    """A person's decision on a proposal (问责 / 追究责任 / 曝光 / a measure from a menu).

    ``outcome`` is :attr:`Decision.ACCEPTED` (the measure is taken) or
    :attr:`Decision.REJECTED`; ``measure`` the option chosen from the rung's menu
    (``lianyungang-2019 §8.3``: 告诫约谈, 通报批评, 诫勉谈话, …), empty when there is no menu.
    """

    outcome: Decision
    decided_by: str
    decided_at: _dt.datetime
    measure: str = ""
    opinion: str = ""

    @classmethod
    def of(
        cls,
        outcome: Decision,
        decided_by: str,
        decided_at: _dt.datetime,
        *,
        measure: str = "",
        opinion: str = "",
    ) -> ProposalDecision:
        """Check and build a decision (accepted or rejected, never pending)."""
        if not isinstance(outcome, Decision) or outcome is Decision.PENDING:
            raise InvalidInput("outcome", "Decision.ACCEPTED or Decision.REJECTED", outcome)
        return cls(
            outcome,
            _text(decided_by, "decided_by"),
            require_aware(decided_at, "decided_at"),
            _text(measure, "measure", allow_empty=True),
            _text(opinion, "opinion", allow_empty=True),
        )

    @property
    def accepted(self) -> bool:
        return self.outcome is Decision.ACCEPTED


@attrs.frozen
class Escalation:
    """One escalation issued (or due): a frozen record, never rewritten once stored.

    * ``key`` — the idempotency key, unique in storage (:meth:`make_key`).
    * ``matter_id`` — the matter it concerns; ``unit_id`` the unit it is addressed to, or None
      for the supervision office's own overdue duty (``kind`` OFFICE_DUTY, reported, never
      scored against a unit).
    * ``action`` — the rung's :class:`~supervision.policies.EscalationAction` (None for an
      office duty, which names its ``duty`` key instead); ``step`` the rung's step (None for a
      duty); ``trigger`` what set it off; ``occasion`` which obligation of the matter it
      belongs to (``r1`` the completion deadline of round 1, ``r1.report2`` the second periodic
      report, ``r1.redo1`` the redo after review round 1, ``miss.<…>`` a streak position …).
    * ``citation`` — the clause it rests on, from the policy data.
    * ``due_at`` — when it fell due; ``issued_at`` — when it was recorded; ``reply_due_at`` —
      the reply deadline it sets (daoli-2017 art.7(3): 当日), if any.
    * ``proposal`` — a proposal waiting for a person's ``decision`` (问责 is never automatic).
    * ``provisional`` — it rests on a deadline counted on a provisional calendar year; no
      point is deducted for it until the deadline is firm.
    """

    key: str
    policy: str
    matter_id: str
    unit_id: str | None
    kind: EscalationKind
    action: EscalationAction | None
    step: int | None
    trigger: TriggerEvent | None
    occasion: str
    citation: Citation
    due_at: _dt.datetime
    issued_at: _dt.datetime
    reply_due_at: _dt.datetime | None = None
    proposal: bool = False
    decision: ProposalDecision | None = None
    provisional: bool = False
    scope: Scope = Scope.MATTER
    duty: str = ""
    target: str = ""
    document: str = ""
    options: tuple[str, ...] = ()
    details: tuple[tuple[str, str], ...] = ()

    @staticmethod
    def make_key(
        matter_id: str, code: str, unit_id: str | None, occasion: str
    ) -> str:
        """``"<matter id>:<code>:<unit id or office>:<occasion>"``; ``code`` is
        ``"<step>.<action key>"`` for a rung or ``"duty.<duty key>"`` for an office duty."""
        return f"{matter_id}:{code}:{unit_id or 'office'}:{occasion}"

    @property
    def label(self) -> str:
        """The Chinese name of what was done: 催办, 督查通报, 问责（建议）, 督查机构逾期：…"""
        if self.action is None:
            return f"督查机构逾期：{self.duty}"
        return f"{self.action.label}（建议）" if self.proposal else self.action.label

    @property
    def pending(self) -> bool:
        """Whether it is a proposal still waiting for a person's decision."""
        return self.proposal and self.decision is None

    @property
    def taken(self) -> bool:
        """Whether the measure is in effect: issued directly, or a proposal accepted."""
        return not self.proposal or (self.decision is not None and self.decision.accepted)

    def detail(self, key: str, default: str = "") -> str:
        """One of the ``details`` by key."""
        return next((v for k, v in self.details if k == key), default)

    def decided(self, decision: ProposalDecision) -> Escalation:
        """This proposal with ``decision`` recorded (storage checks it was still pending)."""
        if not self.proposal:
            raise InvalidInput(
                "key", "the key of a proposal (建议), not a measure issued", self.key
            )
        if not isinstance(decision, ProposalDecision):
            raise InvalidInput("decision", "a ProposalDecision", decision)
        if (
            decision.accepted
            and self.options
            and decision.measure not in self.options
        ):
            raise InvalidInput("measure", "one of " + "、".join(self.options), decision.measure)
        return attrs.evolve(self, decision=decision)


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

    def outstanding_at(self, when: _dt.datetime) -> bool:
        """Whether the obligation was still unmet at ``when``."""
        return self.met_at is None or self.met_at > when

    @property
    def missed(self) -> bool:
        """Whether the deadline passed unmet (meaningful once ``due_at`` has passed)."""
        return self.outstanding_at(self.due_at)


class MissOutcome(enum.Enum):
    """How an occasion that fell due counts in a consecutive-miss streak (chizhou-2021 §8.2)."""

    MET = "met"
    MISSED = "missed"
    EXCUSED = "excused"
    HELD = "held"

    @property
    def label(self) -> str:
        """按时, 未按时, 客观原因已采信, 情况说明待认定."""
        return {
            MissOutcome.MET: "按时",
            MissOutcome.MISSED: "未按时",
            MissOutcome.EXCUSED: "客观原因已采信",
            MissOutcome.HELD: "情况说明待认定",
        }[self]


@attrs.frozen
class StreakItem:
    """One fallen-due occasion in a streak: its outcome and, for a miss, its position in the
    current run of consecutive misses (1 for the first)."""

    occasion: Occasion
    outcome: MissOutcome
    position: int = 0


@attrs.frozen
class MatterRecord:
    """What the engine reads about one matter: the matter, its events and the escalations
    already issued for it (so that chains — reminded once, twice — follow what was done)."""

    matter: Matter
    events: tuple[Event, ...] = ()
    issued: tuple[Escalation, ...] = ()


@attrs.frozen
class Evaluation:
    """The engine's answer at ``now``: the escalations due and not yet issued, the occasions
    it looked at, and the keys of escalations held back while the office decides on an
    explanation (情况说明待认定)."""

    now: _dt.datetime
    escalations: tuple[Escalation, ...]
    occasions: tuple[Occasion, ...] = ()
    held: tuple[str, ...] = ()


#: Actions that chase an obligation still open: issued only while it is unmet.
_CHASING: Final = frozenset({
    EscalationAction.PRE_DEADLINE_WARNING,
    EscalationAction.REMINDER,
    EscalationAction.WARNING_NOTICE,
})
#: Bulletins (通报) of every kind: what ``TriggerEvent.BULLETIN_UNHEEDED`` counts from.
BULLETINS: Final = frozenset({
    EscalationAction.BULLETIN,
    EscalationAction.SUPERVISION_BULLETIN,
    EscalationAction.EFFICIENCY_BULLETIN,
    EscalationAction.CRITICISM_BULLETIN,
    EscalationAction.DISTRICT_BULLETIN,
})
#: Obligations a progress report meets (daoli-2017 art.7(2) 办理结果或工作进展情况, …).
_PROGRESS_MEETS: Final = frozenset({
    Obligation.RESULT_OR_PROGRESS,
    Obligation.PROGRESS_REPORT,
    Obligation.OPINION_OR_RESULT,
})
#: The actor the sweep records its changes as.
SYSTEM_ACTOR: Final = "system:sweep"


def _start_of(day: _dt.date) -> _dt.datetime:
    return _dt.datetime.combine(day, _dt.time(0), SHANGHAI)


def _end_of(day: _dt.date, close: _dt.time | None) -> _dt.datetime:
    if close is None:
        return _start_of(day + _dt.timedelta(days=1))
    return _dt.datetime.combine(day, close, SHANGHAI)


def _day(when: _dt.datetime) -> _dt.date:
    return when.astimezone(SHANGHAI).date()


def _unit_reports(matter: Matter) -> list[Report]:
    """The lead unit's own reports (progress, final, supplement), in the order sent."""
    return [r for r in matter.reports if r.kind is not ReportKind.CONTRIBUTION]


def _source_key(matter: Matter) -> str:
    return matter.source.kind.value


def _kind_key(matter: Matter, policy: Policy) -> str | None:
    try:
        kind = policy.kind_for(matter.category, _source_key(matter))
    except SupervisionError:
        kind = policy.kind_for(None, _source_key(matter))
    return None if kind is None else kind.key


def _completion_met_by_progress(matter: Matter, policy: Policy) -> bool:
    """Whether a progress report meets the matter's deadline: true when the deadline is the
    policy default for a report of result *or progress* (daoli-2017 art.7(2), lianyungang-2019
    §7.2, zhoucun-2021 §5.3); a stated or completion deadline needs the final report."""
    if matter.terms.basis is not DeadlineBasis.CATEGORY_DEFAULT:
        return False
    try:
        rule = policy.default_rule(matter.category, _source_key(matter))
    except SupervisionError:
        return False
    return rule is not None and rule.obligation in _PROGRESS_MEETS


def _start_instant(matter: Matter, event: StartEvent | None) -> _dt.datetime | None:
    if event is StartEvent.DOCUMENT_ISSUE and matter.source.issued_on is not None:
        return _start_of(matter.source.issued_on)
    if event is StartEvent.MINUTES_ISSUE and matter.source.minutes_date is not None:
        return _start_of(matter.source.minutes_date)
    if event is StartEvent.MEETING and matter.source.meeting_date is not None:
        return _start_of(matter.source.meeting_date)
    return matter.dispatched_at


def _cycle_windows(
    cycle: ReportingCycle | Cycle, after: _dt.date, until: _dt.date
) -> list[tuple[_dt.date, _dt.date]]:
    """Calendar cycles (rules.md §2: calendar weeks, months, quarters, half-years, years)
    beginning after ``after``, up to the one containing ``until``: (first day, last day)."""
    value = cycle.value if isinstance(cycle, ReportingCycle) else cycle.key
    windows: list[tuple[_dt.date, _dt.date]] = []
    if value == "weekly":
        first = after + _dt.timedelta(days=7 - after.weekday())
        while first <= until:
            windows.append((first, first + _dt.timedelta(days=6)))
            first += _dt.timedelta(days=7)
        return windows
    months = {"monthly": 1, "quarterly": 3, "half_yearly": 6, "yearly": 12}.get(value)
    if months is None:
        return windows
    index = after.year * 12 + after.month - 1
    index = (index // months + 1) * months
    while True:
        first = _dt.date(index // 12, index % 12 + 1, 1)
        if first > until:
            return windows
        nxt = index + months
        last = _dt.date(nxt // 12, nxt % 12 + 1, 1) - _dt.timedelta(days=1)
        windows.append((first, last))
        index = nxt


class _Consumer:
    """Hands out a matter's reports in order, each meeting one periodic obligation."""

    def __init__(self, reports: list[Report]) -> None:
        self._reports = reports
        self._used = 0

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
    reports = [r for r in _unit_reports(matter) if r.round == rnd]
    finals = [r for r in matter.rounds if r.report.round == rnd]
    found: list[Occasion] = []
    suspended = matter.active_suspension is not None
    # ---- the completion deadline of the round
    if _completion_met_by_progress(matter, policy):
        met = next((r.submitted_at for r in reports), None)
    else:
        met = next((r.report.submitted_at for r in finals), None)
    if met is None and matter.completed_at is not None:
        met = matter.completed_at
    if not suspended:
        found.append(Occasion(
            key=f"r{rnd}", matter_id=matter.id, unit_id=unit, kind=OccasionKind.COMPLETION,
            event=TriggerEvent.OVERDUE, last_day=matter.due.last_day, due_at=matter.due.due_at,
            provisional=matter.due.provisional, met_at=met,
            label=f"办结时限（{matter.terms.label}）",
        ))
    done_at = _done_at(matter)
    # ---- periodic reports
    source = _source_key(matter)
    kind = _kind_key(matter, policy)
    rules = [
        r for r in policy.reporting
        if (r.kind is None or r.kind == kind) and (not r.sources or source in r.sources)
    ]
    schedule = matter.reporting
    if schedule.every is not None or schedule.cycle is not None:
        cited = rules[0].citation if rules else None  # the text's reporting rule, if any
        found.extend(_scheduled_reports(matter, schedule, cited, reports, calendar, until,
                                        close, done_at))
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
            found.extend(_rule_reports(matter, rule, reports, calendar, until, close, done_at))
    # ---- milestones (zhoucun-2021 §5.2)
    consumer = _Consumer(reports)
    for i, milestone in enumerate(sorted(matter.milestones, key=lambda m: m.due_day), start=1):
        met_at = consumer.take_after(matter.dispatched_at)
        found.append(Occasion(
            key=f"r{rnd}.milestone{i}", matter_id=matter.id,
            unit_id=milestone.unit_id or unit, kind=OccasionKind.MILESTONE,
            event=TriggerEvent.REPORT_OVERDUE, last_day=milestone.due_day,
            due_at=_end_of(milestone.due_day, close),
            provisional=calendar.touches_provisional(milestone.due_day), met_at=met_at,
            label=f"时间节点：{milestone.name}",
        ))
    # ---- redo deadlines (退回重办)
    redo_duty = next((d for d in policy.duties if d.obligation is Obligation.REDO), None)
    for review_round in finals:
        if review_round.outcome is not ReviewOutcome.RETURNED or review_round.reviewed_at is None:
            continue
        returned = review_round.reviewed_at
        citation = None
        if review_round.redo_due_day is not None:
            last_day = review_round.redo_due_day
            due_at = _end_of(last_day, close)
            provisional = calendar.touches_provisional(last_day)
        elif redo_duty is not None and redo_duty.period is not None:
            deadline = redo_duty.period.deadline(returned, calendar, close)
            last_day, due_at, provisional = deadline.last_day, deadline.due_at, deadline.provisional
            citation = redo_duty.citation
        else:
            continue
        met_at = next(
            (r.report.submitted_at for r in finals if r.report.submitted_at > returned), None
        )
        found.append(Occasion(
            key=f"r{rnd}.redo{review_round.number}", matter_id=matter.id, unit_id=unit,
            kind=OccasionKind.REDO, event=TriggerEvent.OVERDUE, last_day=last_day,
            due_at=due_at, provisional=provisional, met_at=met_at,
            label=f"退回重办（第{review_round.number}轮）", citation=citation,
        ))
    # ---- the next-day handling plan (zhoucun-2021 §5.3)
    for duty in policy.duties:
        if (
            duty.obligation is not Obligation.HANDLING_PLAN
            or duty.period is None
            or (duty.sources and source not in duty.sources)
            or rnd != 1
        ):
            continue
        start = _start_instant(matter, duty.start) or matter.dispatched_at
        deadline = duty.period.deadline(start, calendar, close)
        found.append(Occasion(
            key=f"r{rnd}.{duty.key}", matter_id=matter.id, unit_id=unit,
            kind=OccasionKind.HANDLING_PLAN, event=TriggerEvent.REPORT_OVERDUE,
            last_day=deadline.last_day, due_at=deadline.due_at,
            provisional=deadline.provisional,
            met_at=next((r.submitted_at for r in reports), None),
            label=duty.label, citation=duty.citation,
        ))
    return tuple(found)


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
                             rule.citation, rule.label))
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
) -> list[Occasion]:
    assert matter.dispatched_at is not None
    found: list[Occasion] = []
    if schedule.every is not None:
        found.extend(_rolling(
            matter, schedule.every, matter.dispatched_at, False, reports, calendar, until,
            close, done_at, citation, f"每{schedule.every.label}报告进展",
        ))
    if schedule.cycle is not None:
        found.extend(_cycles(matter, schedule.cycle, reports, calendar, until, close, done_at,
                             citation, f"{schedule.cycle.label}报告进展"))
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
    (or, unmade, from the previous due day), or in fixed windows from ``start``."""
    found: list[Occasion] = []
    consumer = _Consumer(reports)
    anchor = start
    previous_met: _dt.datetime | None = start
    n = 0
    while True:
        n += 1
        if fixed_windows:
            deadline = Period(period.unit, period.count * n).deadline(start, calendar, close)
        else:
            deadline = period.deadline(anchor, calendar, close)
        window_start = previous_met or found[-1].due_at
        if done_at is not None and done_at <= window_start:
            return found
        met_at = consumer.take_after(window_start)
        found.append(Occasion(
            key=f"r{matter.round}.report{n}", matter_id=matter.id, unit_id=matter.lead_unit_id,
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
) -> list[Occasion]:
    """A report for each calendar cycle beginning after dispatch, due by the cycle's last
    day rolled to a working day (library convention)."""
    assert matter.dispatched_at is not None
    found: list[Occasion] = []
    consumer = _Consumer(reports)
    horizon = _day(until) + _dt.timedelta(days=370)
    for first, last in _cycle_windows(cycle, _day(matter.dispatched_at), horizon):
        window_start = _start_of(first)
        if done_at is not None and done_at <= window_start:
            break
        last_day = calendar.roll_forward(last)
        met_at = consumer.take_after(window_start)
        found.append(Occasion(
            key=f"r{matter.round}.{cycle.value if isinstance(cycle, ReportingCycle) else cycle.key}"
                f"{first.isoformat()}",
            matter_id=matter.id, unit_id=matter.lead_unit_id, kind=OccasionKind.REPORT,
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
    year = _day(matter.dispatched_at).year
    while True:
        last_day = _dt.date(year, 12, 31)
        window_start = _start_of(_dt.date(year, 12, 1))
        if done_at is not None and done_at <= window_start:
            return found
        met_at = next(
            (r.submitted_at for r in reports if r.submitted_at >= window_start), None
        )
        found.append(Occasion(
            key=f"r{matter.round}.year_end{year}", matter_id=matter.id,
            unit_id=matter.lead_unit_id, kind=OccasionKind.REPORT,
            event=TriggerEvent.REPORT_OVERDUE, last_day=last_day,
            due_at=_end_of(last_day, close), provisional=calendar.touches_provisional(last_day),
            met_at=met_at, label=f"{year}年底报告落实情况", citation=citation,
        ))
        if _end_of(last_day, close) > until:
            return found
        year += 1


# ----------------------------------------------------------------- explanations
def _explanation_effect(
    effect: ExplanationEffect, matter: Matter, unit_id: str, now: _dt.datetime
) -> str:
    """``"fire"``, ``"suppressed"`` or ``"held"``: how the unit's explanations (情况说明) bear
    on a rung (rules.md §1: daoli-2017 art.7(3) reminds only units that gave none;
    tongren-2014 art.11(1) needs 不能充分说明原因; chizhou-2021 §8.1 only 主观原因).

    An explanation awaiting the office's decision holds a rung that depends on the decision.
    """
    given = [e for e in matter.explanations if e.unit_id == unit_id and e.submitted_at <= now]
    if effect is ExplanationEffect.IGNORED:
        return "fire"
    if effect is ExplanationEffect.ANY_EXPLANATION_SUPPRESSES:
        return "suppressed" if given else "fire"
    if effect is ExplanationEffect.ACCEPTED_EXPLANATION_SUPPRESSES:
        if any(e.decision is Decision.ACCEPTED for e in given):
            return "suppressed"
        return "held" if any(e.decision is Decision.PENDING for e in given) else "fire"
    objective = [e for e in given if e.reason_kind is ReasonKind.OBJECTIVE]
    if any(e.decision is Decision.ACCEPTED for e in objective):
        return "suppressed"
    return "held" if any(e.decision is Decision.PENDING for e in objective) else "fire"


# ---------------------------------------------------------------------- firing
@attrs.frozen
class _Firing:
    rung: Rung
    trigger: Trigger
    occasion: str
    unit_id: str
    due_at: _dt.datetime
    provisional: bool
    details: tuple[tuple[str, str], ...] = ()


def _offset_instant(
    offset: Period | None, day: _dt.date, calendar: Calendar, fallback: _dt.datetime
) -> _dt.datetime:
    if offset is None:
        return fallback
    return _start_of(offset.deadline(day, calendar).last_day)


class _Ladder:
    """Evaluates one matter's ladder against what was issued, to a fixed point."""

    def __init__(
        self,
        record: MatterRecord,
        policy: Policy,
        calendar: Calendar,
        now: _dt.datetime,
        issue_floor: _dt.datetime,
        close: _dt.time | None,
    ) -> None:
        self.matter = record.matter
        self.events = record.events
        self.policy = policy
        self.calendar = calendar
        self.now = now
        self.issue_floor = issue_floor
        self.close = close
        self.issued: dict[str, Escalation] = {e.key: e for e in record.issued}
        self.new: dict[str, Escalation] = {}
        self.held: set[str] = set()
        self.occasions = occasions(self.matter, policy, calendar, now, close=close)
        self.by_key = {o.key: o for o in self.occasions}
        ladder = policy.ladder(_kind_key(self.matter, policy))
        source = _source_key(self.matter)
        self.rungs = () if ladder is None else tuple(
            r for r in ladder.rungs
            if (not r.sources or source in r.sources)
            and not any(t.event is TriggerEvent.CONSECUTIVE_MISSES for t in r.triggers)
        )

    # ---- what was issued
    def _all(self) -> list[Escalation]:
        return sorted([*self.issued.values(), *self.new.values()],
                      key=lambda e: (e.issued_at, e.due_at, e.key))

    def _reminders(self, occasion: str) -> list[Escalation]:
        return [e for e in self._all()
                if e.occasion == occasion and e.action is EscalationAction.REMINDER]

    def _answered(self, occasion: Occasion, reminder: Escalation) -> bool:
        reply = reminder.reply_due_at
        if reply is None:
            return not occasion.outstanding_at(self.now)
        if not occasion.outstanding_at(reply):
            return True
        return any(
            occasion.due_at < r.submitted_at <= reply for r in _unit_reports(self.matter)
        )

    # ---- the firings of one trigger
    def _firings(self, rung: Rung, trigger: Trigger) -> list[_Firing]:
        m = self.matter
        event = trigger.event
        out: list[_Firing] = []
        if event is TriggerEvent.APPROACHING_DEADLINE:
            occ = self.by_key.get(f"r{m.round}")
            if occ is not None and trigger.offset is not None:
                n = trigger.offset.count
                at = _start_of(self.calendar.add_working_days(occ.last_day, -n))
                # a warning is worth sending only before the deadline it warns of
                # (and after the matter was handed out)
                fresh = self.issue_floor < occ.due_at and at >= (m.dispatched_at or at)
                if at < occ.due_at and fresh and occ.outstanding_at(at):
                    out.append(_Firing(rung, trigger, occ.key, occ.unit_id, at, occ.provisional))
        elif event in (TriggerEvent.OVERDUE, TriggerEvent.REPORT_OVERDUE):
            for occ in self.occasions:
                if occ.event is not event or not occ.missed:
                    continue
                at = _offset_instant(trigger.offset, occ.last_day, self.calendar, occ.due_at)
                # a reminder chases what is still owed: not what was done since
                if rung.action in _CHASING and not occ.outstanding_at(max(at, self.issue_floor)):
                    continue
                out.append(_Firing(rung, trigger, occ.key, occ.unit_id, at, occ.provisional,
                                   (("deadline", occ.last_day.isoformat()),)))
        elif event is TriggerEvent.REMINDED:
            for occ_key in {e.occasion for e in self._all()}:
                reminders = self._reminders(occ_key)
                if len(reminders) < trigger.count:
                    continue
                kth = reminders[trigger.count - 1]
                occ = self.by_key.get(occ_key)
                at = kth.issued_at
                if rung.requires_decision:
                    # 被催办两次仍没有落实: a proposal waits for the reminder's reply deadline
                    if kth.reply_due_at is None or occ is None or self._answered(occ, kth):
                        continue
                    at = kth.reply_due_at
                out.append(_Firing(rung, trigger, occ_key, kth.unit_id or m.lead_unit_id, at,
                                   kth.provisional, (("reminders", str(trigger.count)),)))
        elif event is TriggerEvent.REMINDER_UNANSWERED:
            for occ_key in {e.occasion for e in self._all()}:
                reminders = self._reminders(occ_key)
                occ = self.by_key.get(occ_key)
                if len(reminders) < trigger.count or occ is None:
                    continue
                kth = reminders[trigger.count - 1]
                if kth.reply_due_at is None or self._answered(occ, kth):
                    continue
                out.append(_Firing(rung, trigger, occ_key, kth.unit_id or m.lead_unit_id,
                                   kth.reply_due_at, kth.provisional,
                                   (("reply_due", kth.reply_due_at.isoformat()),)))
        elif event is TriggerEvent.RETURNED_FOR_REDO:
            returns = [r for r in m.rounds if r.outcome is ReviewOutcome.RETURNED
                       and r.reviewed_at is not None and r.report.round == m.round]
            for i, review_round in enumerate(returns, start=1):
                if i < trigger.count:
                    continue
                assert review_round.reviewed_at is not None
                out.append(_Firing(rung, trigger, f"r{m.round}.return{review_round.number}",
                                   m.lead_unit_id, review_round.reviewed_at, False,
                                   (("opinion", review_round.opinion),)))
        elif event in (TriggerEvent.POOR_CONDUCT, TriggerEvent.RECTIFICATION_IGNORED):
            found = [e for e in self.events if e.kind is EventKind.FINDING_RECORDED
                     and e.detail("finding") == event.key]
            for i, ev in enumerate(found, start=1):
                if i < trigger.count:
                    continue
                out.append(_Firing(rung, trigger, f"finding{ev.version}",
                                   ev.detail("unit_id") or m.lead_unit_id, ev.occurred_at,
                                   False, (("event_id", ev.event_id),)))
        elif event is TriggerEvent.BULLETIN_UNHEEDED:
            done = _done_at(m)
            for bulletin in self._all():
                if bulletin.action not in BULLETINS or not bulletin.taken:
                    continue
                at = _offset_instant(trigger.offset, _day(bulletin.issued_at), self.calendar,
                                     bulletin.issued_at)
                occ = self.by_key.get(bulletin.occasion)
                still_open = (occ.outstanding_at(at) if occ is not None
                              else done is None or done > at)
                if still_open:
                    out.append(_Firing(rung, trigger, bulletin.occasion,
                                       bulletin.unit_id or m.lead_unit_id, at,
                                       bulletin.provisional, (("bulletin", bulletin.key),)))
        elif event is TriggerEvent.EXPOSED:
            exposures = sorted(
                (e for e in self._all()
                 if e.action is EscalationAction.MEDIA_EXPOSURE and e.decision is not None
                 and e.decision.accepted),
                key=lambda e: (e.decision.decided_at if e.decision else e.due_at, e.key),
            )
            if len(exposures) >= trigger.count:
                kth = exposures[trigger.count - 1]
                assert kth.decision is not None
                out.append(_Firing(rung, trigger, f"exposure{trigger.count}",
                                   kth.unit_id or m.lead_unit_id, kth.decision.decided_at,
                                   False, (("exposure", kth.key),)))
        return out

    def _issue(self, firing: _Firing) -> Escalation:
        rung = firing.rung
        issued_at = max(firing.due_at, self.issue_floor)
        reply_due_at = None
        if rung.reply is not None:
            reply_due_at = rung.reply.deadline(issued_at, self.calendar, self.close).due_at
        assert rung.action is not None
        return Escalation(
            key=Escalation.make_key(self.matter.id, f"{rung.step}.{rung.action.key}",
                                    firing.unit_id, firing.occasion),
            policy=self.policy.name,
            matter_id=self.matter.id,
            unit_id=firing.unit_id,
            kind=EscalationKind.RUNG,
            action=rung.action,
            step=rung.step,
            trigger=firing.trigger.event,
            occasion=firing.occasion,
            citation=rung.citation,
            due_at=firing.due_at,
            issued_at=issued_at,
            reply_due_at=reply_due_at,
            proposal=rung.requires_decision or rung.action.always_proposal,
            provisional=firing.provisional,
            scope=rung.scope,
            target=rung.target,
            document=rung.document,
            options=rung.options,
            details=firing.details,
        )

    def run(self) -> None:
        for _ in range(50):
            added = False
            for rung in self.rungs:
                firings = [f for t in rung.triggers for f in self._firings(rung, t)]
                for firing in sorted(firings, key=lambda f: f.due_at):
                    if firing.due_at > self.now:
                        continue
                    assert rung.action is not None
                    key = Escalation.make_key(
                        self.matter.id, f"{rung.step}.{rung.action.key}", firing.unit_id,
                        firing.occasion,
                    )
                    if key in self.issued or key in self.new:
                        continue
                    effect = _explanation_effect(
                        rung.explanation, self.matter, firing.unit_id, self.now
                    )
                    if effect == "suppressed":
                        continue
                    if effect == "held":
                        self.held.add(key)
                        continue
                    self.new[key] = self._issue(firing)
                    added = True
            if not added:
                return

    def office_duties(self) -> list[Escalation]:
        """The office's own duties found overdue (reported, never scored against a unit):
        ``chizhou-2021 §6.2`` delivery confirmed within 1 day of dispatch (shown by the lead
        unit's 签收), ``lianyungang-2019 §5.6`` feedback reviewed by the next day."""
        m = self.matter
        out: list[Escalation] = []
        assert m.dispatched_at is not None
        for duty in self.policy.office_duties:
            if duty.period is None or duty.start is None:
                continue
            if duty.obligation is Obligation.CONFIRM_DELIVERY and m.round == 1:
                lead = m.assignment(m.lead_unit_id)
                met = None if lead is None else lead.acknowledged_at
                items = [(f"r{m.round}", m.dispatched_at, met)]
            elif duty.obligation is Obligation.REVIEW:
                items = []
                for review_round in m.rounds:
                    if review_round.report.round != m.round:
                        continue
                    reviewed = review_round.reviewed_at or self._supplement_asked(
                        review_round.report.submitted_at)
                    items.append((f"r{m.round}.feedback{review_round.number}",
                                  review_round.report.submitted_at, reviewed))
            else:
                continue
            for occasion, start, met in items:
                deadline = duty.period.deadline(start, self.calendar, self.close)
                if deadline.due_at > self.now or (met is not None and met <= deadline.due_at):
                    continue
                key = Escalation.make_key(m.id, f"duty.{duty.key}", None, occasion)
                if key in self.issued:
                    continue
                out.append(Escalation(
                    key=key, policy=self.policy.name, matter_id=m.id, unit_id=None,
                    kind=EscalationKind.OFFICE_DUTY, action=None, step=None, trigger=None,
                    occasion=occasion, citation=duty.citation, due_at=deadline.due_at,
                    issued_at=max(deadline.due_at, self.issue_floor),
                    provisional=deadline.provisional, duty=duty.key, target=duty.actor.label,
                    details=(("duty", duty.label), ("deadline", deadline.last_day.isoformat())),
                ))
        return out

    def _supplement_asked(self, after: _dt.datetime) -> _dt.datetime | None:
        return next((e.occurred_at for e in self.events
                     if e.kind is EventKind.SUPPLEMENT_ASKED and e.occurred_at >= after), None)


def evaluate(
    record: MatterRecord,
    policy: Policy,
    calendar: Calendar,
    now: _dt.datetime,
    *,
    close: _dt.time | None = None,
    issue_floor: _dt.datetime | None = None,
) -> Evaluation:
    """The escalations due for one matter at ``now`` and not yet issued (pure).

    Per-matter rungs only: consecutive misses across a unit's matters come from
    :func:`evaluate_streaks`. Evaluating again with the result added to ``record.issued``
    yields nothing new (the keys are the same). ``issue_floor`` (default ``now``) is the
    earliest instant a new escalation counts as issued; the preview passes the real now.
    """
    now = require_aware(now, "now")
    if not isinstance(record, MatterRecord):
        raise InvalidInput("record", "a MatterRecord(matter, events, issued)", record)
    if record.matter.due is None or record.matter.dispatched_at is None:
        return Evaluation(now, ())
    ladder = _Ladder(record, policy, calendar, now, issue_floor or now, close)
    ladder.run()  # a matter done late is still sanctioned; chasing stops once it is done
    duties = ladder.office_duties() if record.matter.status.is_open else []
    found = sorted([*ladder.new.values(), *duties], key=lambda e: (e.due_at, e.key))
    return Evaluation(now, tuple(found), ladder.occasions, tuple(sorted(ladder.held)))


# ----------------------------------------------------------------------- streaks
def streak_items(
    unit_id: str,
    matters: Sequence[Matter],
    policy: Policy,
    calendar: Calendar,
    now: _dt.datetime,
    *,
    close: _dt.time | None = None,
) -> tuple[tuple[StreakItem, ...], ...]:
    """The unit's fallen-due obligations in streaks (``chizhou-2021 §8.2``), one tuple per
    streak scope: a single tuple across the unit's matters ordered by due time (default), or
    one per matter (parameter ``streak_scope="per_matter"``). A miss is a deadline or report
    passed unmet; an on-time one resets the run; a miss whose objective explanation the office
    accepted does not count (unless ``objective_miss_counts``), one awaiting the decision is
    held and does not count yet."""
    rule = policy.streak
    if rule is None:
        return ()
    groups: dict[str, list[Occasion]] = {}
    for matter in matters:
        if matter.lead_unit_id != unit_id:
            continue
        for occ in occasions(matter, policy, calendar, now, close=close):
            if occ.event not in rule.misses or occ.unit_id != unit_id:
                continue
            decided = occ.met_at is not None and occ.met_at <= occ.due_at
            if occ.due_at > now and not decided:
                continue
            scope = "unit" if rule.scope is Scope.UNIT else matter.id
            groups.setdefault(scope, []).append(occ)
    by_id = {m.id: m for m in matters}
    result: list[tuple[StreakItem, ...]] = []
    for scope in sorted(groups):
        items: list[StreakItem] = []
        run = 0
        for occ in sorted(groups[scope], key=lambda o: (o.due_at, o.matter_id, o.key)):
            if not occ.missed:
                run = 0
                items.append(StreakItem(occ, MissOutcome.MET))
                continue
            effect = "fire"
            if not rule.objective_counts:
                effect = _explanation_effect(
                    ExplanationEffect.SUBJECTIVE_CAUSE_ONLY, by_id[occ.matter_id], unit_id, now
                )
            if effect == "suppressed":
                items.append(StreakItem(occ, MissOutcome.EXCUSED))
            elif effect == "held":
                items.append(StreakItem(occ, MissOutcome.HELD))
            else:
                run += 1
                items.append(StreakItem(occ, MissOutcome.MISSED, run))
        result.append(tuple(items))
    return tuple(result)


def evaluate_streaks(
    unit_id: str,
    matters: Sequence[Matter],
    issued: Iterable[Escalation],
    policy: Policy,
    calendar: Calendar,
    now: _dt.datetime,
    *,
    close: _dt.time | None = None,
) -> tuple[Escalation, ...]:
    """The consecutive-miss escalations due for one unit and not yet issued
    (``chizhou-2021 §8.2``): a point deduction for each miss from the ``deduct_from``-th in a
    run on (with ``whole_streak``, the earlier misses of the run too), and an accountability
    proposal (问责, waiting for a person) from the ``propose_accountability_from``-th on. Each
    escalation is filed on the matter of the miss, keyed by the miss."""
    now = require_aware(now, "now")
    rule = policy.streak
    if rule is None:
        return ()
    rungs = [
        r for ladder in policy.ladders for r in ladder.rungs
        if any(t.event is TriggerEvent.CONSECUTIVE_MISSES for t in r.triggers)
    ]
    seen = {e.key for e in issued}
    out: dict[str, Escalation] = {}
    for streak in streak_items(unit_id, matters, policy, calendar, now, close=close):
        run: list[StreakItem] = []
        for item in streak:
            if item.outcome is MissOutcome.MET:
                run = []
                continue
            if item.outcome is not MissOutcome.MISSED:
                continue
            run.append(item)
            for rung in rungs:
                trigger = next(
                    t for t in rung.triggers if t.event is TriggerEvent.CONSECUTIVE_MISSES
                )
                if item.position < trigger.count:
                    continue
                targets = [item]
                if (
                    rung.action is EscalationAction.POINT_DEDUCTION
                    and rule.whole_streak
                    and item.position == trigger.count
                ):
                    targets = run[-trigger.count:]
                for target in targets:
                    escalation = _streak_escalation(rung, trigger, target, item, policy, now)
                    if escalation.key not in seen and escalation.key not in out:
                        out[escalation.key] = escalation
    return tuple(sorted(out.values(), key=lambda e: (e.due_at, e.key)))


def _streak_escalation(
    rung: Rung, trigger: Trigger, target: StreakItem, at: StreakItem, policy: Policy,
    now: _dt.datetime,
) -> Escalation:
    occ = target.occasion
    assert rung.action is not None
    occasion = f"miss.{occ.key}"
    return Escalation(
        key=Escalation.make_key(occ.matter_id, f"{rung.step}.{rung.action.key}", occ.unit_id,
                                occasion),
        policy=policy.name,
        matter_id=occ.matter_id,
        unit_id=occ.unit_id,
        kind=EscalationKind.RUNG,
        action=rung.action,
        step=rung.step,
        trigger=trigger.event,
        occasion=occasion,
        citation=rung.citation,
        due_at=at.occasion.due_at,
        issued_at=max(at.occasion.due_at, now),
        proposal=rung.requires_decision or rung.action.always_proposal,
        provisional=occ.provisional or at.occasion.provisional,
        scope=rung.scope,
        target=rung.target,
        document=rung.document,
        options=rung.options,
        details=(("position", str(at.position)), ("missed", occ.label),
                 ("deadline", occ.last_day.isoformat())),
    )


# ----------------------------------------------------------------------- preview
@attrs.frozen
class Preview:
    """What will happen to one matter, and when, if nothing changes (no report, no decision):
    its deadline and the escalations in order, each with the instant it falls due."""

    matter_id: str
    now: _dt.datetime
    due_at: _dt.datetime | None
    steps: tuple[Escalation, ...]
    held: tuple[str, ...] = ()

    @property
    def next(self) -> Escalation | None:
        """The next escalation, or None when the ladder has nothing more to do."""
        return self.steps[0] if self.steps else None


def preview(
    record: MatterRecord,
    policy: Policy,
    calendar: Calendar,
    now: _dt.datetime,
    *,
    horizon_days: int = 120,
    close: _dt.time | None = None,
) -> Preview:
    """For one matter: what happens next and when if nothing changes (pure).

    Each escalation is assumed issued on the instant it falls due (a daily sweep), so chains
    (催办 → its reply deadline → 约谈通知) unfold in order. Proposals are listed but, waiting
    for a person, lead nowhere; unit-wide streaks are not included.
    """
    now = require_aware(now, "now")
    if horizon_days.__class__ is not int or not 1 <= horizon_days <= 3660:
        raise InvalidInput("horizon_days", "a whole number of days from 1 to 3660", horizon_days)
    horizon = now + _dt.timedelta(days=horizon_days)
    result = evaluate(record, policy, calendar, horizon, close=close, issue_floor=now)
    due = None if record.matter.due is None else record.matter.due.due_at
    return Preview(record.matter.id, now, due, result.escalations, result.held)


#: How far ahead :func:`next_wake` looks; an open matter with nothing due within it is looked
#: at again then.
WAKE_HORIZON_DAYS: Final = 400
_TICK: Final = _dt.timedelta(microseconds=1)


def next_wake(
    record: MatterRecord,
    policy: Policy,
    calendar: Calendar,
    now: _dt.datetime,
    *,
    close: _dt.time | None = None,
    horizon_days: int = WAKE_HORIZON_DAYS,
) -> _dt.datetime | None:
    """The earliest instant after ``now`` at which evaluating this matter could find anything
    new if nothing about it changes, or None when nothing can (pure).

    ``record`` is the matter as it stands after being evaluated at ``now`` (what was issued
    included). The answer comes from the engine itself, so the two cannot disagree: the
    ladder is run ahead to ``now + horizon_days`` as the preview runs it (each step issued on
    the instant it falls due), and the wake is the first of the instants that run finds —
    a pre-deadline warning, a deadline or report window passing unmet (a rung, an overdue
    score entry or a streak position may follow), a rung's offset, a reminder's reply
    deadline, an office duty — that lies after ``now``. An open matter with nothing found
    wakes at the horizon (to look further); a matter not yet dispatched, or closed with
    nothing ahead, never wakes until it changes. A change to the matter (a report, an
    extension, a decision, a new calendar year or policy parameter through
    ``recompute_deadlines``) invalidates the answer: storage forgets the wake on every change.
    """
    now = require_aware(now, "now")
    if not isinstance(record, MatterRecord):
        raise InvalidInput("record", "a MatterRecord(matter, events, issued)", record)
    if horizon_days.__class__ is not int or not 1 <= horizon_days <= 3660:
        raise InvalidInput("horizon_days", "a whole number of days from 1 to 3660", horizon_days)
    matter = record.matter
    if matter.due is None or matter.dispatched_at is None:
        return None
    # look as far ahead as the calendar knows working days: a year whose schedule is not
    # published yet (CalendarDataUnavailable) shortens the look-ahead, and the matter is
    # looked at again at the shorter horizon
    for days in sorted({horizon_days, *(d for d in (120, 30, 7, 1) if d < horizon_days)},
                       reverse=True):
        horizon = now + _dt.timedelta(days=days)
        try:
            ahead = evaluate(record, policy, calendar, horizon, close=close, issue_floor=now)
        except CalendarDataUnavailable:
            continue
        if any(e.due_at <= now for e in ahead.escalations):
            # due already yet not issued at ``now`` (it waits on something only a later
            # sweep sees): look again at the next sweep
            return now + _TICK
        instants = [e.due_at for e in ahead.escalations]
        instants += [o.due_at for o in ahead.occasions if o.missed]
        instants += [e.reply_due_at for e in record.issued if e.reply_due_at is not None]
        later = [t for t in instants if now < t <= horizon]
        if later:
            return min(later)
        return horizon if matter.status.is_open or days < horizon_days else None
    return now + _TICK


def escalations_due(
    records: Sequence[MatterRecord],
    policy: Policy,
    calendar: Calendar,
    now: _dt.datetime,
    *,
    close: _dt.time | None = None,
) -> tuple[Escalation, ...]:
    """Every escalation due at ``now`` and not yet issued, for a set of matters (pure): each
    matter's ladder (:func:`evaluate`) and, per lead unit, its consecutive misses across the
    matters given (:func:`evaluate_streaks`). Give all of a unit's matters, closed ones too,
    for its streak to be right. Ordered by due instant, then key; keys are unique."""
    found: dict[str, Escalation] = {}
    for record in records:
        for escalation in evaluate(record, policy, calendar, now, close=close).escalations:
            found.setdefault(escalation.key, escalation)
    if policy.streak is not None:
        issued = [e for r in records for e in r.issued]
        matters = [r.matter for r in records]
        for unit_id in sorted({m.lead_unit_id for m in matters}):
            for escalation in evaluate_streaks(
                unit_id, matters, issued, policy, calendar, now, close=close
            ):
                found.setdefault(escalation.key, escalation)
    return tuple(sorted(found.values(), key=lambda e: (e.due_at, e.key)))
