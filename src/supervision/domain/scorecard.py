"""Score entries (考核扣分/加分记录) and the scorecard (考核情况) per unit per period.

A :class:`ScoreEntry` is one deduction or bonus in a unit's assessment, with the clause it
rests on and the matters, events and escalations that caused it. Entries are never deleted or
changed: a deduction found wrong (an upheld objection, 异议成立) is reversed by a compensating
entry (:meth:`ScoreEntry.reversal`) that points at it. Keys are deterministic, so the sweep
records each entry once.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal

import attrs

from supervision.calendar import SHANGHAI, Calendar
from supervision.clock import require_aware
from supervision.domain.escalation import (
    BULLETINS,
    SYSTEM_ACTOR,
    Escalation,
    Occasion,
    OccasionKind,
    occasions,
)
from supervision.domain.model import Matter, ReviewOutcome, Unit
from supervision.domain.policy import (
    AssessmentPeriod,
    Citation,
    EscalationAction,
    Policy,
    ScoreBasis,
    ScoringRule,
)
from supervision.exceptions import InvalidInput

__all__ = [
    "ScoreEntry",
    "ScorePeriod",
    "Scorecard",
    "commendation_entry",
    "entries_for_escalation",
    "entries_for_overdue",
    "scorecards",
]


def _day(when: _dt.datetime) -> _dt.date:
    return when.astimezone(SHANGHAI).date()


@attrs.frozen(order=True)
class ScorePeriod:
    """An assessment period: a calendar year, or a half-year (``daoli-2017 art.27`` 每半年).

    ``key`` is ``"2026"``, ``"2026-H1"`` or ``"2026-H2"`` (what a :class:`ScoreEntry` stores).
    """

    year: int
    half: int | None = None

    @classmethod
    def of_year(cls, year: int) -> ScorePeriod:
        if year.__class__ is not int or not 1900 <= year <= 2999:
            raise InvalidInput("year", "a four-digit year such as 2026", year)
        return cls(year, None)

    @classmethod
    def of_half(cls, year: int, half: int) -> ScorePeriod:
        if half not in (1, 2):
            raise InvalidInput("half", "1 (上半年) or 2 (下半年)", half)
        return attrs.evolve(cls.of_year(year), half=half)

    @classmethod
    def parse(cls, key: str) -> ScorePeriod:
        """Read ``"2026"``, ``"2026-H1"`` or ``"2026-H2"``."""
        if not isinstance(key, str):
            raise InvalidInput("period", "'2026', '2026-H1' or '2026-H2'", key)
        year, sep, half = key.partition("-H")
        if not year.isdigit() or (sep and half not in ("1", "2")):
            raise InvalidInput("period", "'2026', '2026-H1' or '2026-H2'", key)
        return cls.of_half(int(year), int(half)) if sep else cls.of_year(int(year))

    @classmethod
    def containing(cls, when: _dt.datetime | _dt.date, assessment: AssessmentPeriod) -> ScorePeriod:
        """The period of ``assessment`` kind (年度 / 半年) that contains ``when`` (in China)."""
        if isinstance(when, _dt.datetime):
            day = require_aware(when, "when").astimezone(SHANGHAI).date()
        else:
            day = when
        if assessment is AssessmentPeriod.HALF_YEAR:
            return cls.of_half(day.year, 1 if day.month <= 6 else 2)
        return cls.of_year(day.year)

    @property
    def key(self) -> str:
        return str(self.year) if self.half is None else f"{self.year}-H{self.half}"

    @property
    def first_day(self) -> _dt.date:
        return _dt.date(self.year, 7 if self.half == 2 else 1, 1)

    @property
    def last_day(self) -> _dt.date:
        return _dt.date(self.year, 6, 30) if self.half == 1 else _dt.date(self.year, 12, 31)

    @property
    def start(self) -> _dt.datetime:
        """00:00 of the first day, Asia/Shanghai."""
        return _dt.datetime.combine(self.first_day, _dt.time(0), SHANGHAI)

    @property
    def end(self) -> _dt.datetime:
        """24:00 of the last day (00:00 of the next), Asia/Shanghai."""
        return _dt.datetime.combine(
            self.last_day + _dt.timedelta(days=1), _dt.time(0), SHANGHAI
        )

    def contains(self, when: _dt.datetime) -> bool:
        return self.start <= when < self.end

    @property
    def label(self) -> str:
        """2026年度, 2026年上半年, 2026年下半年."""
        if self.half is None:
            return f"{self.year}年度"
        return f"{self.year}年{'上' if self.half == 1 else '下'}半年"

    def __str__(self) -> str:
        return self.key


@attrs.frozen
class ScoreEntry:
    """One deduction (negative ``points``) or bonus (positive) in a unit's assessment.

    * ``key`` — the idempotency key, unique in storage (``"<cause>:<basis>:<unit id>"``, a
      reversal ``"<original key>:reversal"``).
    * ``period`` — the :class:`ScorePeriod` key it counts in (``"2026"``, ``"2026-H1"``).
    * ``basis`` / ``reason`` / ``citation`` — what is counted, why, and the clause.
    * ``occurred_at`` — when its cause happened; ``recorded_at`` / ``recorded_by`` — when and by
      whom (``"system:sweep"`` for the sweep) it was recorded.
    * ``matter_ids``, ``event_ids``, ``escalation_keys`` — what caused it (the trace).
    * ``compensates`` — for a reversal, the key of the entry it cancels (its points negated).
    """

    key: str
    policy: str
    office_id: str
    unit_id: str
    period: str
    points: Decimal
    basis: ScoreBasis
    reason: str
    citation: Citation
    occurred_at: _dt.datetime
    recorded_at: _dt.datetime
    recorded_by: str = ""
    matter_ids: tuple[str, ...] = ()
    event_ids: tuple[str, ...] = ()
    escalation_keys: tuple[str, ...] = ()
    compensates: str | None = None

    @property
    def is_deduction(self) -> bool:
        return self.points < 0

    @property
    def is_reversal(self) -> bool:
        return self.compensates is not None

    def reversal(
        self, *, reason: str, recorded_by: str, recorded_at: _dt.datetime
    ) -> ScoreEntry:
        """The compensating entry for an upheld objection (异议成立): the same unit, period,
        basis, clause and trace, the points negated, pointing back at this entry."""
        if self.compensates is not None:
            raise InvalidInput("entry", "an original entry, not a reversal", self.key)
        if not isinstance(reason, str) or not reason.strip():
            raise InvalidInput(
                "reason", "the reason the objection was upheld (异议成立理由)", reason
            )
        return attrs.evolve(
            self,
            key=f"{self.key}:reversal",
            points=-self.points,
            reason=reason,
            recorded_at=require_aware(recorded_at, "recorded_at"),
            recorded_by=recorded_by,
            compensates=self.key,
        )


# ====================================================================== score entries
_BASIS_FOR_ACTION: Mapping[EscalationAction, ScoreBasis] = {
    EscalationAction.POINT_DEDUCTION: ScoreBasis.MISS_STREAK,
    EscalationAction.BULLETIN: ScoreBasis.BULLETIN,
    EscalationAction.CRITICISM_BULLETIN: ScoreBasis.BULLETIN,
    EscalationAction.DISTRICT_BULLETIN: ScoreBasis.BULLETIN,
    EscalationAction.SUPERVISION_BULLETIN: ScoreBasis.SUPERVISION_BULLETIN,
    EscalationAction.EFFICIENCY_BULLETIN: ScoreBasis.EFFICIENCY_BULLETIN,
    EscalationAction.ACCOUNTABILITY: ScoreBasis.ACCOUNTABILITY,
    EscalationAction.MEASURES_MENU: ScoreBasis.ACCOUNTABILITY,
}


def _rule(policy: Policy, basis: ScoreBasis) -> ScoringRule | None:
    return next((r for r in policy.scoring if r.basis is basis), None)


def entries_for_escalation(
    escalation: Escalation,
    policy: Policy,
    *,
    firm: bool,
    recorded_at: _dt.datetime,
    event_id: str | None = None,
) -> tuple[ScoreEntry, ...]:
    """The score entry an escalation earns under ``policy`` (pure), or none.

    A point deduction (``chizhou-2021 §8.2`` 扣1分/项) counts ``streak.points_per_item``; a
    通报 / 督查通报 / 效能通报 counts the policy's scoring rule for it (``tongren-2014
    art.11(2)``, ``zhoucun-2021 §6.3``); an accountability proposal counts only once a person
    accepted it. Nothing is deducted on a provisional deadline (``firm`` False), for the
    office's own duties, or for a rule worth 0 points.
    """
    if escalation.action is None or escalation.unit_id is None or not firm:
        return ()
    if not escalation.taken:
        return ()
    basis = _BASIS_FOR_ACTION.get(escalation.action)
    if basis is None:
        return ()
    occurred = escalation.due_at
    if escalation.proposal and escalation.decision is not None:
        occurred = escalation.decision.decided_at
    # a missed deadline counts once, in the assessment period its deadline falls in (rules.md
    # §2), even when the sanction follows in the next one
    counted: _dt.datetime | _dt.date = occurred
    deadline = escalation.detail("deadline")
    if deadline:
        counted = _dt.date.fromisoformat(deadline)
    if basis is ScoreBasis.MISS_STREAK:
        streak = policy.streak
        if streak is None:
            return ()
        points, citation = streak.points_per_item, streak.citation
        assessment, bonus = AssessmentPeriod.YEAR, False
    else:
        rule = _rule(policy, basis)
        if rule is None:
            return ()
        points, citation = rule.points, rule.citation
        assessment, bonus = rule.assessment, rule.bonus
    if not points:
        return ()
    return (ScoreEntry(
        key=f"{escalation.key}:{basis.key}",
        policy=policy.name,
        office_id=escalation.office_id,
        unit_id=escalation.unit_id,
        period=ScorePeriod.containing(counted, assessment).key,
        points=points if bonus else -points,
        basis=basis,
        reason=f"{escalation.label}：{escalation.detail('missed') or escalation.subject}",
        citation=citation,
        occurred_at=occurred,
        recorded_at=recorded_at,
        recorded_by=SYSTEM_ACTOR,
        matter_ids=(escalation.matter_id,),
        event_ids=() if event_id is None else (event_id,),
        escalation_keys=(escalation.key,),
    ),)


def entries_for_overdue(
    occasion: Occasion, policy: Policy, *, recorded_at: _dt.datetime
) -> tuple[ScoreEntry, ...]:
    """A matter's missed completion deadline, where the policy scores overdue matters
    (``lianyungang-2019 §8.2`` 督查结果作为年度考评重要依据; amount a parameter). Never on a
    provisional deadline."""
    rule = _rule(policy, ScoreBasis.OVERDUE_MATTER)
    if (
        rule is None
        or not rule.points
        or occasion.kind is not OccasionKind.COMPLETION
        or occasion.provisional
        or not occasion.missed
    ):
        return ()
    return (ScoreEntry(
        key=f"{occasion.matter_id}:{occasion.key}:{occasion.unit_id}:{rule.basis.key}",
        policy=policy.name,
        office_id=occasion.office_id,
        unit_id=occasion.unit_id,
        period=ScorePeriod.containing(occasion.last_day, rule.assessment).key,
        points=rule.points if rule.bonus else -rule.points,
        basis=rule.basis,
        reason=f"逾期未办结：{occasion.label}（{occasion.last_day.isoformat()}）",
        citation=rule.citation,
        occurred_at=occasion.due_at,
        recorded_at=recorded_at,
        recorded_by=SYSTEM_ACTOR,
        matter_ids=(occasion.matter_id,),
    ),)


def commendation_entry(
    policy: Policy,
    office_id: str,
    unit_id: str,
    reference: str,
    reason: str,
    at: _dt.datetime,
    *,
    recorded_by: str,
    matter_ids: tuple[str, ...] = (),
) -> ScoreEntry:
    """A 通报表扬 / 通报表彰 (``chizhou-2021 §8.2``, ``tongren-2014 art.11(3)``,
    ``daoli-2017 art.30(4)``) worth the policy's commendation points (0 where the text gives
    none: it still counts in the scorecard)."""
    rule = _rule(policy, ScoreBasis.COMMENDATION)
    if rule is None:
        raise InvalidInput(
            "policy", f"a policy with a commendation rule (通报表扬); {policy.name} has none",
            policy.name,
        )
    if not isinstance(reference, str) or not reference.strip() or "\x00" in reference:
        raise InvalidInput("reference", "the commendation's document reference 表扬文号", reference)
    if not isinstance(reason, str) or not reason.strip():
        raise InvalidInput("reason", "why the unit is commended 表扬事由", reason)
    at = require_aware(at, "at")
    return ScoreEntry(
        key=f"commendation:{office_id}:{unit_id}:{reference}",
        policy=policy.name,
        office_id=office_id,
        unit_id=unit_id,
        period=ScorePeriod.containing(at, rule.assessment).key,
        points=rule.points if rule.bonus else -rule.points,
        basis=ScoreBasis.COMMENDATION,
        reason=reason,
        citation=rule.citation,
        occurred_at=at,
        recorded_at=at,
        recorded_by=recorded_by,
        matter_ids=matter_ids,
    )


# ========================================================================= scorecard
@attrs.frozen
class Scorecard:
    """A unit's results for one assessment period (考核情况), computed from its matters, the
    escalations issued and its score entries (pure; see :func:`scorecards`).

    Counts cover matters whose lead unit it is, dispatched in the period; escalations and
    entries fall in the period by when they fell due / occurred. ``points`` is the net of the
    entries (deductions negative, bonuses and reversals positive); ``entries`` is the trace.
    ``grade`` and ``composite`` are set where the policy grades (``daoli-2017 art.27``).
    ``rank`` is 1 for the best unit among those computed together.
    """

    unit_id: str
    unit_name: str
    policy: str
    period: ScorePeriod
    as_of: _dt.datetime
    assigned: int
    completed_on_time: int
    completed_late: int
    open_not_due: int
    open_overdue: int
    on_time_rate: Decimal | None
    average_working_days: Decimal | None
    reminders: int
    returns: int
    bulletins: int
    proposals: int
    proposals_accepted: int
    proposals_rejected: int
    commendations: int
    deductions: Decimal
    bonuses: Decimal
    points: Decimal
    entries: tuple[ScoreEntry, ...]
    provisional_escalations: int = 0
    composite: Decimal | None = None
    grade: str | None = None
    rank: int = 0

    def trace(self) -> tuple[tuple[Decimal, str, tuple[str, ...]], ...]:
        """Each point with the clause and the matters it traces to."""
        return tuple((e.points, e.citation.key, e.matter_ids) for e in self.entries)


_QUANT = Decimal("0.01")


def _share(part: int, whole: int) -> Decimal | None:
    if whole == 0:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(_QUANT, rounding=ROUND_HALF_UP)


def _format_return(opinion: str, policy: Policy) -> bool:
    reason = next((r for r in policy.return_reasons if r.key == "format"), None)
    return reason is not None and (reason.label in opinion or "格式" in opinion)


def scorecards(
    units: Sequence[Unit],
    matters: Sequence[Matter],
    escalations: Sequence[Escalation],
    entries: Sequence[ScoreEntry],
    policy: Policy,
    calendar: Calendar,
    period: ScorePeriod,
    as_of: _dt.datetime,
    *,
    close: _dt.time | None = None,
    policy_of: Callable[[Matter], Policy] | None = None,
) -> tuple[Scorecard, ...]:
    """The scorecards of ``units`` (one office's) for ``period``, ranked (pure).

    ``policy`` is the office's policy for the period (its grading and return reasons);
    ``policy_of`` gives each matter's own policy (the one it was registered under, default
    ``policy``), whose deadlines decide on time or late. ``matters`` may hold any matters of
    the office (those of other units are ignored); ``escalations`` and ``entries`` likewise.
    On-time rate = on time / (on time + late + open and overdue);
    average handling time counts working days from dispatch to the report that met the
    deadline. Ranking: by composite score where the policy grades, then points, on-time rate
    (100 for a unit with nothing due) and commendations; equal results share a rank.
    """
    as_of = require_aware(as_of, "as_of")
    cards: list[Scorecard] = []
    # each unit's matters, escalations and entries, in their given order (one pass each,
    # so the cost follows the records, not records × units)
    matters_of: dict[str, list[Matter]] = {}
    for matter in matters:
        matters_of.setdefault(matter.lead_unit_id, []).append(matter)
    escalations_of: dict[str | None, list[Escalation]] = {}
    for escalation in escalations:
        escalations_of.setdefault(escalation.unit_id, []).append(escalation)
    entries_of: dict[str, list[ScoreEntry]] = {}
    for entry in entries:
        entries_of.setdefault(entry.unit_id, []).append(entry)
    for unit in units:
        # a matter is assessed in the period its deadline falls in (rules.md §2; daoli-2017
        # art.27 每半年): dispatched late in June, due in July, it is July's half-year's
        mine = [
            m for m in matters_of.get(unit.id, ())
            if m.lead_unit_id == unit.id and m.due is not None
            and period.first_day <= m.due.last_day <= period.last_day
        ]
        on_time = late = not_due = overdue = 0
        durations: list[int] = []
        reviewed = accepted_first_time = format_ok = 0
        returns = 0
        for matter in mine:
            own = policy if policy_of is None else policy_of(matter)
            completion = next(
                (o for o in occasions(matter, own, calendar, as_of, close=close)
                 if o.kind is OccasionKind.COMPLETION), None,
            )
            if completion is None:
                continue
            met = completion.met_at if completion.met_at is not None and (
                completion.met_at <= as_of) else None
            if met is not None:
                if met <= completion.due_at:
                    on_time += 1
                else:
                    late += 1
                assert matter.dispatched_at is not None
                durations.append(max(0, calendar.working_days_between(
                    _day(matter.dispatched_at), _day(met))))
            elif completion.due_at <= as_of:
                overdue += 1
            else:
                not_due += 1
            for review_round in matter.rounds:
                if review_round.outcome is None:
                    continue
                reviewed += 1
                if review_round.outcome is ReviewOutcome.RETURNED:
                    returns += 1
                    if not _format_return(review_round.opinion, policy):
                        format_ok += 1
                else:
                    format_ok += 1
                    if review_round.number == 1:
                        accepted_first_time += 1
        in_period = [
            e for e in escalations_of.get(unit.id, ())
            if e.unit_id == unit.id and period.contains(e.due_at)
        ]
        unit_entries = tuple(sorted(
            (e for e in entries_of.get(unit.id, ())
             if e.unit_id == unit.id and e.period == period.key),
            key=lambda e: (e.occurred_at, e.key),
        ))
        deductions = sum((e.points for e in unit_entries if e.points < 0), Decimal(0))
        bonuses = sum((e.points for e in unit_entries if e.points > 0), Decimal(0))
        commendations = sum(
            1 for e in unit_entries if e.basis is ScoreBasis.COMMENDATION and not e.is_reversal
        )
        rate = _share(on_time, on_time + late + overdue)
        average = None
        if durations:
            average = (Decimal(sum(durations)) / len(durations)).quantize(
                _QUANT, rounding=ROUND_HALF_UP)
        composite = grade = None
        if policy.grading is not None and (on_time + late + overdue or reviewed):
            shares = {
                "results": _share(accepted_first_time,
                                  max(reviewed, on_time + late + overdue)),
                "timeliness": rate,
                "format": _share(format_ok, reviewed),
            }
            total = Decimal(0)
            for criterion in policy.grading.criteria:
                value = shares.get(criterion.key)
                total += (Decimal(100) if value is None else value) * criterion.weight / 100
            composite = total.quantize(_QUANT, rounding=ROUND_HALF_UP)
            grade = policy.grading.grade_for(composite).label
        cards.append(Scorecard(
            unit_id=unit.id,
            unit_name=unit.name,
            policy=policy.name,
            period=period,
            as_of=as_of,
            assigned=len(mine),
            completed_on_time=on_time,
            completed_late=late,
            open_not_due=not_due,
            open_overdue=overdue,
            on_time_rate=rate,
            average_working_days=average,
            reminders=sum(1 for e in in_period if e.action is EscalationAction.REMINDER),
            returns=returns,
            bulletins=sum(1 for e in in_period if e.action in BULLETINS and e.taken),
            proposals=sum(1 for e in in_period if e.proposal),
            proposals_accepted=sum(
                1 for e in in_period if e.decision is not None and e.decision.accepted),
            proposals_rejected=sum(
                1 for e in in_period if e.decision is not None and not e.decision.accepted),
            commendations=commendations,
            deductions=deductions,
            bonuses=bonuses,
            points=deductions + bonuses,
            entries=unit_entries,
            provisional_escalations=sum(1 for e in in_period if e.provisional),
            composite=composite,
            grade=grade,
        ))

    def rank_key(card: Scorecard) -> tuple[Decimal, Decimal, Decimal, int]:
        rate = card.on_time_rate if card.on_time_rate is not None else Decimal(100)
        composite = card.composite if card.composite is not None else Decimal(0)
        return (composite, card.points, rate, card.commendations)

    ordered = sorted(sorted(cards, key=lambda c: c.unit_id), key=rank_key, reverse=True)
    ranked: list[Scorecard] = []
    for i, card in enumerate(ordered):
        same = ranked and rank_key(ranked[-1]) == rank_key(card)
        rank = ranked[-1].rank if same else i + 1
        ranked.append(attrs.evolve(card, rank=rank))
    return tuple(sorted(ranked, key=lambda c: (c.rank, c.unit_id)))
