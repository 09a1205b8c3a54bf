"""The standings of many matters at one instant (:func:`standings_of`): each exactly
:func:`~supervision.domain.statistics.standing_of` of its facts, for a read path that judges
an office's matters at once.

A standing copies most of its fields from the facts (the matter's id, office, lead unit,
number, status, deadline day, dispatch, returns) and finds the rest — the bucket, the
ledger's word, the reason, what is owed, when it was delivered and in how many working days
— from five of them only: the status, the dispatch instant, the deadline's last day, the
suspension and the deadlines (``_standing._judgement``), under the matter's policy, on one
calendar, at one instant, with one closing time. Matters due the same day under the same rule
and not reported yet have equal parts; read back from storage they share one
:class:`~supervision.domain.escalation._deadlines.Deadlines` value
(the SQL adapter's facts reader). So the findings are computed once per distinct parts —
the deadlines, the policy and the status (a member of its enum) told apart by identity
(every one is alive meanwhile, held by the pairs given, so an identity is never another
value's; equal values that are distinct objects are found again), the rest by value — and
the standing of each matter is built from its own facts and those findings: the same
function of the same values.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence

from supervision.calendar import Calendar
from supervision.clock import require_aware
from supervision.domain.policy import Policy
from supervision.domain.statistics._facts import MatterFacts
from supervision.domain.statistics._standing import (
    DEFAULT_DUE_SOON_WORKING_DAYS,
    MatterStanding,
    _built,
    _check_window,
    _Judgement,
    _judgement,
)

__all__ = ["standings_of"]

#: after this many distinct parts, the findings are kept only while at least every second
#: matter shares its parts with an earlier one (facts derived one by one share no deadlines)
_TRY = 512


def standings_of(
    judged: Sequence[tuple[MatterFacts, Policy]],
    calendar: Calendar,
    as_of: _dt.datetime,
    *,
    close: _dt.time | None = None,
    due_soon_working_days: int = DEFAULT_DUE_SOON_WORKING_DAYS,
) -> list[MatterStanding]:
    """``[standing_of(facts, policy, calendar, as_of, close=close, …) for facts, policy in
    judged]``, the same values (pure)."""
    as_of = require_aware(as_of, "as_of")
    window = _check_window(due_soon_working_days)
    found: list[MatterStanding] = []
    kept: dict[tuple[object, ...], _Judgement] | None = {}
    for done, (facts, policy) in enumerate(judged):
        if kept is None:
            found.append(_built(facts, as_of, _judgement(facts, policy, calendar, as_of,
                                                         close, window)))
            continue
        key = (id(policy), id(facts.deadlines), id(facts.status), facts.dispatched_at,
               facts.deadline_day, facts.suspended)
        parts = kept.get(key)
        if parts is None:
            parts = kept[key] = _judgement(facts, policy, calendar, as_of, close, window)
            if len(kept) > _TRY and 2 * len(kept) > done:
                kept = None
        found.append(_built(facts, as_of, parts))
    return found
