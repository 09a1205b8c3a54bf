"""Consecutive misses per unit (``chizhou-2021 §8.2``): streaks of fallen-due obligations and the
deductions and accountability proposals they earn."""

from __future__ import annotations

import datetime as _dt
import enum
from collections.abc import Iterable, Sequence

import attrs

from supervision.calendar import Calendar
from supervision.clock import require_aware
from supervision.domain.escalation._ladder import _explanation_effect
from supervision.domain.escalation._occasions import Occasion, occasions
from supervision.domain.escalation._records import Escalation, EscalationKind
from supervision.domain.model import (
    Matter,
)
from supervision.domain.policy import (
    EscalationAction,
    ExplanationEffect,
    Policy,
    Rung,
    Scope,
    Trigger,
    TriggerEvent,
)


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
        office_id=occ.office_id,
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



