"""How a unit's explanations (情况说明) bear on a rung of the ladder (split from
:mod:`._ladder` to keep each module short)."""

from __future__ import annotations

import datetime as _dt

from supervision.domain.model import Decision, Matter, ReasonKind
from supervision.domain.policy import ExplanationEffect

__all__ = ["_explanation_effect"]


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
