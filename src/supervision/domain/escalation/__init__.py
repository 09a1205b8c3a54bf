"""Escalations (督办升级): the records the engine issues, and the pure escalation engine.

An :class:`Escalation` is one step of a policy's ladder taken against one unit on one matter
(催办, 告诫, 约谈通知, 通报, 曝光, 问责 proposals …) or one of the office's own duties found
overdue. Its :attr:`Escalation.key` is deterministic
(``"<matter id>:<step>.<action>:<unit id>:<occasion>"``), so evaluating twice, or from two
workers, yields it once: storage inserts it only if absent. Accountability (问责, 追究责任) and
``lianyungang-2019 §8``'s menu of measures are proposals (:attr:`Escalation.proposal`) that wait
for a person's :class:`ProposalDecision`; nothing here sanctions anyone automatically.

The engine is split by concept: occasions (what a matter owes, :func:`occasions`), the ladder
(:func:`evaluate`), streaks of consecutive misses (:func:`evaluate_streaks`) and looking ahead
(:func:`preview`, :func:`next_wake`).
"""

from __future__ import annotations

from supervision.domain.escalation._ladder import Evaluation, evaluate
from supervision.domain.escalation._occasions import (
    Occasion,
    OccasionKind,
    deadline_occasions,
    occasions,
)
from supervision.domain.escalation._preview import (
    WAKE_HORIZON_DAYS,
    Preview,
    escalations_due,
    next_wake,
    preview,
)
from supervision.domain.escalation._receipts import (
    awaiting_forwarding,
    receipt_duties,
    receipt_wake,
)
from supervision.domain.escalation._records import (
    BULLETINS,
    SYSTEM_ACTOR,
    Escalation,
    EscalationKind,
    MatterRecord,
    ProposalDecision,
)
from supervision.domain.escalation._streak_shelf import StreakShelf, evaluate_fresh
from supervision.domain.escalation._streaks import (
    MatterItems,
    MissOutcome,
    StreakItem,
    evaluate_streaks,
    matter_items,
    streak_items,
    streaks_of,
)

__all__ = [
    "BULLETINS",
    "SYSTEM_ACTOR",
    "WAKE_HORIZON_DAYS",
    "Escalation",
    "EscalationKind",
    "Evaluation",
    "MatterItems",
    "MatterRecord",
    "MissOutcome",
    "Occasion",
    "OccasionKind",
    "Preview",
    "ProposalDecision",
    "StreakItem",
    "StreakShelf",
    "awaiting_forwarding",
    "deadline_occasions",
    "escalations_due",
    "evaluate",
    "evaluate_fresh",
    "evaluate_streaks",
    "matter_items",
    "next_wake",
    "occasions",
    "preview",
    "receipt_duties",
    "receipt_wake",
    "streak_items",
    "streaks_of",
]
