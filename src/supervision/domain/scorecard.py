"""Score entries (考核扣分/加分记录) and the scorecard (考核情况) per unit per period.

A :class:`ScoreEntry` is one deduction or bonus in a unit's assessment, with the clause it
rests on and the matters, events and escalations that caused it. Entries are never deleted or
changed: a deduction found wrong (an upheld objection, 异议成立) is reversed by a compensating
entry (:meth:`ScoreEntry.reversal`) that points at it. Keys are deterministic, so the sweep
records each entry once. (:class:`ScoreEntry` and :class:`ScorePeriod` live in
:mod:`supervision.domain.scoring` and are re-exported here.)

A :class:`Scorecard` holds a unit's figures for a period — the one set of statistics of
:mod:`supervision.domain.statistics`, never counted again here — with its score entries, the
grade where the policy grades (``daoli-2017 art.27``) and the rank.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal

import attrs

from supervision.calendar import Calendar
from supervision.clock import require_aware
from supervision.domain._grading import GradeComponent
from supervision.domain._grading import components as graded
from supervision.domain._grading import composite as composite_of
from supervision.domain.escalation import (
    SYSTEM_ACTOR,
    Escalation,
    Occasion,
    OccasionKind,
)
from supervision.domain.events import Event, EventKind
from supervision.domain.model import Matter, Unit
from supervision.domain.policy import (
    AssessmentPeriod,
    EscalationAction,
    Policy,
    ScoreBasis,
    ScoringRule,
)
from supervision.domain.scoring import ScoreEntry, ScorePeriod
from supervision.domain.statistics import (
    Figures,
    MatterFacts,
    MatterStanding,
    Rate,
    counted_in,
    entry_counts_in,
    escalation_counts_in,
    escalations_at,
    figures,
    matter_at,
    matter_facts,
    missed_deadlines,
    standing_of,
)
from supervision.exceptions import InvalidInput

__all__ = [
    "GradeComponent",
    "ScoreEntry",
    "ScorePeriod",
    "Scorecard",
    "commendation_entry",
    "entries_for_escalation",
    "entries_for_overdue",
    "judged_matter",
    "scorecards",
]


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
    deadline: _dt.date | None = None,
) -> tuple[ScoreEntry, ...]:
    """The score entry an escalation earns under ``policy`` (pure), or none.

    A point deduction (``chizhou-2021 §8.2`` 扣1分/项) counts ``streak.points_per_item``; a
    通报 / 督查通报 / 效能通报 counts the policy's scoring rule for it (``tongren-2014
    art.11(2)``, ``zhoucun-2021 §6.3``); an accountability proposal counts only once a person
    accepted it. Nothing is deducted on a provisional deadline (``firm`` False), for the
    office's own duties, or for a rule worth 0 points.

    ``deadline`` is the last day of the missed deadline the escalation rests on when the
    escalation itself does not record one: a rung fired by a reminder (``tongren-2014
    art.11(1)`` 被催办一次 / 两次 → 督查通报 / 效能通报 / 追究责任) still counts in the period of
    the deadline that was missed (rules.md §2).
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
    counted: _dt.datetime | _dt.date = occurred if deadline is None else deadline
    recorded = escalation.detail("deadline")
    if recorded:
        counted = _dt.date.fromisoformat(recorded)
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
    """A unit's results for one period (考核情况), as of ``as_of`` (see :func:`scorecards`).

    The counts, the rate and the handling times are the unit's :class:`Figures`
    (``figures``; docs/statistics.md defines each) — the same values the ledger and the
    report show. ``on_time_rate`` is the rate's percentage (one decimal) and ``rate`` the
    :class:`Rate` with its numerator and denominator. ``points`` is the net of the entries
    (deductions negative, bonuses and reversals positive); ``entries`` is the trace.
    ``grade``, ``composite`` and ``components`` are set where the policy grades
    (``daoli-2017 art.27``). ``rank`` is 1 for the best unit among those computed together.
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
    median_working_days: Decimal | None = None
    ended: int = 0
    rate: Rate = Rate(0, 0)  # noqa: RUF009 - a frozen value
    figures: Figures | None = None
    components: tuple[GradeComponent, ...] = ()
    office_id: str = ""

    def trace(self) -> tuple[tuple[Decimal, str, tuple[str, ...]], ...]:
        """Each point with the clause and the matters it traces to."""
        return tuple((e.points, e.citation.key, e.matter_ids) for e in self.entries)


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
    events: Mapping[str, Sequence[Event]] | None = None,
    standings: Mapping[str, MatterStanding] | None = None,
    states: Mapping[str, Matter] | None = None,
    judged: Sequence[tuple[MatterFacts, MatterStanding]] | None = None,
) -> tuple[Scorecard, ...]:
    """The scorecards of ``units`` (one office's) for ``period`` as of ``as_of``, ranked (pure).

    ``policy`` is the office's policy for the period (its grading and return reasons);
    ``policy_of`` gives each matter's own policy (the one it was registered under, default
    ``policy``), whose deadlines decide on time or late. ``matters`` may hold any matters of
    the office (those of other units are ignored); ``escalations`` and ``entries`` likewise.
    ``events`` maps each matter's id to its events, so every matter is judged as it stood at
    ``as_of`` (:func:`~supervision.domain.statistics.matter_at`); without them a matter's
    current state is taken as its state at ``as_of``. ``standings`` may pass the matters'
    :func:`~supervision.domain.statistics.assess` results when the caller has them already,
    and ``states`` the matters as they stood at ``as_of``
    (:func:`~supervision.domain.statistics.matter_at` of each with its ``events``), so that
    nothing is rebuilt twice. ``judged`` may instead give each counted matter as
    :func:`judged_matter` judges it, in the matters' order (then ``matters``, ``events``,
    ``standings`` and ``states`` are not read): what a read path gives from the facts stored
    beside the matters.

    The counts, rate and handling times are :func:`~supervision.domain.statistics.figures`
    (docs/statistics.md). Ranking: by composite score where the policy grades, then points,
    on-time rate (100 for a unit with nothing due) and commendations; equal results share a
    rank.
    """
    as_of = require_aware(as_of, "as_of")
    if not isinstance(period, ScorePeriod):
        raise InvalidInput("period", "a ScorePeriod (ScorePeriod.of_year(2026))", period)
    if judged is not None:
        return _ranked(units, list(judged), escalations, entries, policy, period, as_of)
    found_judged: list[tuple[MatterFacts, MatterStanding]] = []
    for matter in matters:
        history = () if events is None else tuple(events.get(matter.id, ()))
        given = None if states is None else states.get(matter.id)
        if standings is not None and matter.id in standings:
            state: Matter | None = given
            if state is None:
                state = matter_at(matter, history, as_of) if history else matter
            found_judged.append((matter_facts(state or matter), standings[matter.id]))
            continue
        own = policy if policy_of is None else policy_of(matter)
        pair = judged_matter(matter, history, own, calendar, as_of, close=close, state=given)
        if pair is not None:
            found_judged.append(pair)
    return _ranked(units, found_judged, escalations, entries, policy, period, as_of)


def judged_matter(
    matter: Matter,
    events: Sequence[Event],
    policy: Policy,
    calendar: Calendar,
    as_of: _dt.datetime,
    *,
    close: _dt.time | None = None,
    state: Matter | None = None,
) -> tuple[MatterFacts, MatterStanding] | None:
    """One matter as :func:`scorecards` judges it: its facts as it stood at ``as_of`` and its
    standing under ``policy`` (its own), or None when it was not registered by then (pure).
    ``events`` are its events (none: it is judged as it is now); ``state`` the matter already
    rebuilt as of ``as_of``, when the caller has it."""
    if state is None:
        state = matter_at(matter, events or _implied_events(matter), as_of)
    if state is None:
        return None
    facts = matter_facts(state)
    return facts, standing_of(facts, policy, calendar, as_of, close=close)


def _ranked(
    units: Sequence[Unit],
    judged: list[tuple[MatterFacts, MatterStanding]],
    escalations: Sequence[Escalation],
    entries: Sequence[ScoreEntry],
    policy: Policy,
    period: ScorePeriod,
    as_of: _dt.datetime,
) -> tuple[Scorecard, ...]:
    """The ranked scorecards of ``units`` from the judged matters (:func:`scorecards`)."""
    known = {s.matter_id for _m, s in judged}
    by_key = {e.key: e for e in escalations}
    # the deadline each reminder-fired rung chases, read once for every unit's measures and
    # entries (escalation_counts_in, entry_counts_in)
    chased = missed_deadlines(escalations_at(escalations, as_of))
    cards: list[Scorecard] = []
    # each unit's matters, escalations and entries, in their given order (one pass each,
    # so the cost follows the records, not records × units)
    judged_of: dict[str, list[tuple[MatterFacts, MatterStanding]]] = {}
    for pair in judged:
        judged_of.setdefault(pair[1].lead_unit_id, []).append(pair)
    escalations_of: dict[str | None, list[Escalation]] = {}
    for escalation in escalations:
        escalations_of.setdefault(escalation.unit_id, []).append(escalation)
    entries_of: dict[str, list[ScoreEntry]] = {}
    for entry in entries:
        entries_of.setdefault(entry.unit_id, []).append(entry)
    for unit in units:
        unit_judged = judged_of.get(unit.id, [])
        unit_escalations = escalations_of.get(unit.id, [])
        unit_entries = tuple(sorted(
            (e for e in entries_of.get(unit.id, ()) if entry_counts_in(e, period, by_key, chased)),
            key=lambda e: (e.occurred_at, e.key),
        ))
        counted = [e for e in unit_entries if e.recorded_at <= as_of]
        numbers = figures([s for _m, s in unit_judged], unit_escalations, counted,
                          period=period, as_of=as_of, matter_ids=known)
        # the measures counted where their points count (rules.md §2, escalation_counts_in)
        in_period_escalations = [
            e for e in unit_escalations
            if e.issued_at <= as_of and e.matter_id in known
            and escalation_counts_in(e, period, chased)
        ]

        def decided(e: Escalation) -> bool:
            return e.decision is not None and e.decision.decided_at <= as_of

        deductions = sum((e.points for e in counted if e.points < 0), Decimal(0))
        bonuses = sum((e.points for e in counted if e.points > 0), Decimal(0))
        rate = numbers.on_time_rate
        kept = {id(s) for s in counted_in([s for _m, s in unit_judged], period)}
        mine = [(m, s) for m, s in unit_judged if id(s) in kept]  # in_period of each
        composite = grade = None
        components: tuple[GradeComponent, ...] = ()
        reviewed = any(m.reviews for m, _s in mine)
        if policy.grading is not None and (rate.denominator or reviewed):
            components = graded(policy, mine, rate)
            composite = composite_of(components)
            grade = policy.grading.grade_for(composite).label
        cards.append(Scorecard(
            unit_id=unit.id,
            unit_name=unit.name,
            policy=policy.name,
            period=period,
            as_of=as_of,
            assigned=numbers.assigned,
            completed_on_time=numbers.completed_on_time,
            completed_late=numbers.completed_late,
            open_not_due=numbers.open_not_yet_due,
            open_overdue=numbers.open_overdue,
            on_time_rate=rate.percent,
            average_working_days=numbers.average_working_days,
            reminders=numbers.reminders,
            returns=numbers.returns,
            bulletins=numbers.bulletins,
            proposals=sum(1 for e in in_period_escalations if e.proposal),
            proposals_accepted=sum(
                1 for e in in_period_escalations
                if decided(e) and e.decision is not None and e.decision.accepted),
            proposals_rejected=sum(
                1 for e in in_period_escalations
                if decided(e) and e.decision is not None and not e.decision.accepted),
            commendations=_commendations(counted),
            deductions=deductions,
            bonuses=bonuses,
            points=deductions + bonuses,
            entries=tuple(counted),
            provisional_escalations=sum(1 for e in in_period_escalations if e.provisional),
            composite=composite,
            grade=grade,
            median_working_days=numbers.median_working_days,
            ended=numbers.ended,
            rate=rate,
            figures=numbers,
            components=components,
            office_id=unit.office_id,
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


def _commendations(counted: Sequence[ScoreEntry]) -> int:
    """The 通报表扬 / 通报表彰 in effect among ``counted`` (``chizhou-2021 §8.2``,
    ``tongren-2014 art.11(3)``, ``daoli-2017 art.30(4)``): one reversed by then counts no
    more, as its points do not."""
    reversed_keys = {e.compensates for e in counted if e.is_reversal}
    return sum(1 for e in counted if e.basis is ScoreBasis.COMMENDATION
               and not e.is_reversal and e.key not in reversed_keys)


def _implied_events(matter: Matter) -> tuple[Event, ...]:
    """One event standing for the matter's current state (when the caller has no events):
    the matter is then judged as it is now."""
    return (Event(
        event_id=Event.make_id(matter.id, matter.version), matter_id=matter.id,
        kind=EventKind.REGISTERED, actor_id="", occurred_at=matter.registered_at,
        status_before=None,
        status_after=matter.status, version=matter.version,
        due_at=None if matter.due is None else matter.due.due_at,
    ),)
