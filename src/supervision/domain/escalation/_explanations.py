"""How a unit's explanations (情况说明) bear on a rung of the ladder (split from
:mod:`._ladder` to keep each module short): which deadlines an explanation covers
(:func:`_covers`, docs/escalation.md "Explanations") and what the covering ones do to a rung
(:func:`_explanation_effect`)."""

from __future__ import annotations

import datetime as _dt

from supervision.domain.escalation._occasions import Occasion, OccasionKind
from supervision.domain.model import Decision, Explanation, Matter, ReasonKind
from supervision.domain.policy import ExplanationEffect

__all__ = ["_covers", "_explanation_effect"]


def _round_under_way(matter: Matter, when: _dt.datetime) -> int:
    """The round (轮次) under way at ``when``: the one after the last round closed (销号)
    before it (round 1 before any closing)."""
    return 1 + max((c.round for c in matter.closings if c.closed_at < when), default=0)


def _covers(explanation: Explanation, matter: Matter, occasion: Occasion) -> bool:
    """Whether ``explanation``, submitted at ``t`` by unit ``U``, covers ``occasion`` (library
    rule, docs/escalation.md "Explanations": chizhou-2021 §7.2 要及时说明情况，并随时报告
    工作进展情况 — explaining does not release the unit from what falls due later).

    Only an occasion of ``U`` in the round under way at ``t`` and still unmet at ``t``, and
    then (a) one due at or before ``t`` (a miss explained, or a deadline already due), or
    (b) the round's completion deadline (explaining in advance that the matter will be late).
    Never a periodic report, milestone, plan or redo deadline due after ``t``, nor a later
    round's deadline (the occasions are the matter's current round's)."""
    at = explanation.submitted_at
    if occasion.unit_id != explanation.unit_id or not occasion.outstanding_at(at):
        return False
    if _round_under_way(matter, at) != matter.round:
        return False
    return occasion.due_at <= at or occasion.kind is OccasionKind.COMPLETION


def _explanation_effect(
    effect: ExplanationEffect,
    matter: Matter,
    unit_id: str,
    now: _dt.datetime,
    occasion: Occasion | None,
) -> str:
    """``"fire"``, ``"suppressed"`` or ``"held"``: how the unit's explanations (情况说明)
    submitted by ``now`` that cover the rung's ``occasion`` (:func:`_covers`) bear on it
    (rules.md §1: daoli-2017 art.7(3) reminds only units that gave none; tongren-2014
    art.11(1) needs 不能充分说明原因; chizhou-2021 §8.1 only 主观原因). A rung with no
    occasion (a return for redo, a finding, an exposure) is covered by none.

    An explanation awaiting the office's decision holds a rung that depends on the decision.
    """
    if effect is ExplanationEffect.IGNORED or occasion is None or not matter.explanations:
        return "fire"
    given = [e for e in matter.explanations
             if e.unit_id == unit_id and e.submitted_at <= now and _covers(e, matter, occasion)]
    if not given:
        return "fire"
    if effect is ExplanationEffect.ANY_EXPLANATION_SUPPRESSES:
        return "suppressed"
    if effect is ExplanationEffect.ACCEPTED_EXPLANATION_SUPPRESSES:
        if any(e.decision is Decision.ACCEPTED for e in given):
            return "suppressed"
        return "held" if any(e.decision is Decision.PENDING for e in given) else "fire"
    objective = [e for e in given if e.reason_kind is ReasonKind.OBJECTIVE]
    if any(e.decision is Decision.ACCEPTED for e in objective):
        return "suppressed"
    return "held" if any(e.decision is Decision.PENDING for e in objective) else "fire"
