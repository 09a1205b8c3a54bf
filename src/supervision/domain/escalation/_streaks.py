"""Consecutive misses per unit (``chizhou-2021 §8.2``): streaks of fallen-due obligations and the
deductions and accountability proposals they earn."""

from __future__ import annotations

import datetime as _dt
import enum
from collections.abc import Container, Iterable, Sequence

import attrs

from supervision.calendar import Calendar
from supervision.clock import require_aware
from supervision.domain.escalation._explanations import _explanation_effect
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
from supervision.exceptions import SupervisionError


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
#: An instant after every deadline the calendar knows: what "any later time" means when
#: checking that a matter's streak items are settled.
_FAR = _dt.datetime(2100, 1, 1, tzinfo=_dt.UTC)


@attrs.frozen
class MatterItems:
    """One matter's contribution to its lead unit's streaks at an instant: each fallen-due
    obligation the streak counts, as ``(scope, occasion, outcome)`` (``scope``: the unit, or
    the matter for ``streak_scope="per_matter"``; outcome MET, MISSED, EXCUSED or HELD, before
    runs are counted), and whether they are ``settled``: the same at every later instant (the
    matter is no longer open, nothing of it is still to fall due, no explanation awaits a
    decision), so a caller may keep them until the matter's version changes."""

    items: tuple[tuple[str, Occasion, MissOutcome], ...]
    settled: bool


def matter_items(
    matter: Matter,
    unit_id: str,
    policy: Policy,
    calendar: Calendar,
    now: _dt.datetime,
    *,
    close: _dt.time | None = None,
) -> MatterItems:
    """The streak items ``matter`` contributes to ``unit_id``'s streaks at ``now`` (none
    when the unit does not lead it or the policy counts no streaks)."""
    rule = policy.streak
    if rule is None or matter.lead_unit_id != unit_id:
        return MatterItems((), True)
    found = _items(matter, unit_id, policy, calendar, now, close)
    settled = not matter.status.is_open and all(
        outcome is not MissOutcome.HELD for _s, _o, outcome in found)
    if settled:
        try:
            settled = found == _items(matter, unit_id, policy, calendar, _FAR, close)
        except SupervisionError:  # a later instant the calendar cannot count: not settled
            settled = False
    return MatterItems(found, settled)


def _items(
    matter: Matter, unit_id: str, policy: Policy, calendar: Calendar, now: _dt.datetime,
    close: _dt.time | None,
) -> tuple[tuple[str, Occasion, MissOutcome], ...]:
    rule = policy.streak
    assert rule is not None
    found: list[tuple[str, Occasion, MissOutcome]] = []
    for occ in occasions(matter, policy, calendar, now, close=close):
        if occ.event not in rule.misses or occ.unit_id != unit_id:
            continue
        decided = occ.met_at is not None and occ.met_at <= occ.due_at
        if occ.due_at > now and not decided:
            continue
        scope = "unit" if rule.scope is Scope.UNIT else matter.id
        if not occ.missed:
            found.append((scope, occ, MissOutcome.MET))
            continue
        effect = "fire"
        if not rule.objective_counts:
            effect = _explanation_effect(
                ExplanationEffect.SUBJECTIVE_CAUSE_ONLY, matter, unit_id, now, occ
            )
        outcome = {"suppressed": MissOutcome.EXCUSED, "held": MissOutcome.HELD}.get(
            effect, MissOutcome.MISSED)
        found.append((scope, occ, outcome))
    return tuple(found)


def streaks_of(
    items: Iterable[tuple[str, Occasion, MissOutcome]],
) -> tuple[tuple[StreakItem, ...], ...]:
    """The streaks the items make: one tuple per scope (in scope order), items by due time
    (then matter and key), each miss with its position in the run of consecutive misses (an
    on-time item resets the run; excused and held ones do not count)."""
    return tuple(
        tuple(StreakItem(occ, outcome, position) for occ, outcome, position in streak)
        for streak in _positions(items)
    )


def _positions(
    items: Iterable[tuple[str, Occasion, MissOutcome]],
) -> list[list[tuple[Occasion, MissOutcome, int]]]:
    """:func:`streaks_of` as plain tuples ``(occasion, outcome, position)``."""
    groups: dict[str, list[tuple[tuple[_dt.datetime, str, str], Occasion, MissOutcome]]] = {}
    for scope, occ, outcome in items:
        groups.setdefault(scope, []).append(((occ.due_at, occ.matter_id, occ.key), occ, outcome))
    result: list[list[tuple[Occasion, MissOutcome, int]]] = []
    for scope in sorted(groups):
        found: list[tuple[Occasion, MissOutcome, int]] = []
        run = 0
        for _key, occ, outcome in sorted(groups[scope], key=lambda p: p[0]):
            if outcome is MissOutcome.MISSED:
                run += 1
                found.append((occ, outcome, run))
            else:
                if outcome is MissOutcome.MET:
                    run = 0
                found.append((occ, outcome, 0))
        result.append(found)
    return result


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
    if policy.streak is None:
        return ()
    return streaks_of(
        item for matter in matters
        for item in matter_items(matter, unit_id, policy, calendar, now, close=close).items
    )


def evaluate_streaks(
    unit_id: str,
    matters: Sequence[Matter],
    issued: Iterable[Escalation],
    policy: Policy,
    calendar: Calendar,
    now: _dt.datetime,
    *,
    close: _dt.time | None = None,
    items: Iterable[tuple[str, Occasion, MissOutcome]] | None = None,
) -> tuple[Escalation, ...]:
    """The consecutive-miss escalations due for one unit and not yet issued
    (``chizhou-2021 §8.2``): a point deduction for each miss from the ``deduct_from``-th in a
    run on (with ``whole_streak``, the earlier misses of the run too), and an accountability
    proposal (问责, waiting for a person) from the ``propose_accountability_from``-th on. Each
    escalation is filed on the matter of the miss, keyed by the miss. ``items``: the
    matters' :func:`matter_items` (their ``items``) when the caller has them already (then
    ``matters`` is not looked at)."""
    now = require_aware(now, "now")
    if policy.streak is None:
        return ()
    if items is None:
        items = (
            item for matter in matters
            for item in matter_items(matter, unit_id, policy, calendar, now, close=close).items
        )
    return escalations_of(_positions(items), issued, policy, now)


def escalations_of(
    streaks: Iterable[Sequence[tuple[Occasion, MissOutcome, int]]],
    issued: Iterable[Escalation],
    policy: Policy,
    now: _dt.datetime,
) -> tuple[Escalation, ...]:
    """The consecutive-miss escalations the streaks (each in order, as ``(occasion,
    outcome, position)``) call for and ``issued`` does not hold yet, by due instant then key
    (see :func:`evaluate_streaks`)."""
    return escalations_due(streaks, {e.key for e in issued}, policy, now)


def escalations_due(
    streaks: Iterable[Sequence[tuple[Occasion, MissOutcome, int]]],
    issued: Container[str],
    policy: Policy,
    now: _dt.datetime,
) -> tuple[Escalation, ...]:
    """:func:`escalations_of` given the keys of the escalations issued."""
    rule = policy.streak
    if rule is None:
        return ()
    rungs = [
        r for ladder in policy.ladders for r in ladder.rungs
        if any(t.event is TriggerEvent.CONSECUTIVE_MISSES for t in r.triggers)
    ]
    seen = issued
    out: dict[str, Escalation] = {}
    for streak in streaks:
        run: list[StreakItem] = []
        for occ, outcome, position in streak:
            if outcome is MissOutcome.MET:
                run = []
                continue
            if outcome is not MissOutcome.MISSED:
                continue
            item = StreakItem(occ, outcome, position)
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



