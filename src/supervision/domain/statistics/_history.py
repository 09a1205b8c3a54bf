"""The light's history of many matters in one read (:class:`Histories`): each exactly
:func:`~supervision.domain.statistics.light_history` of its matter, for the ledger, which
gives every row its history.

``light_history`` judges the matter at each instant where its light may change (its events,
and between them the instants it enters the due-soon window or passes its deadline) and
builds a whole :class:`~supervision.domain.statistics.MatterStanding` each time, of which it
reads four fields. Here the history reads the standing's own findings
(``_standing._judgement``: the standing, the reason, the due instant and the last day owed)
and builds nothing else; and the findings are found once per distinct parts they depend on
— of the facts only the status, the dispatch, the deadline's last day, the suspension and
the deadlines (``_standing._judgement`` says so, and ``_batch`` relies on it too), with the
policy, the calendar, the closing time, the window and the instant — so matters dispatched
together, due the same day under the same rule and not reported yet are judged once at each
instant. The parts are compared by value, the policy and the calendar by identity (both are
kept by the reader meanwhile, so an identity is never another object's; a status is a member
of its enum).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence

from supervision.calendar import SHANGHAI, Calendar
from supervision.clock import require_aware
from supervision.domain.events import Event
from supervision.domain.model import Matter
from supervision.domain.policy import Policy
from supervision.domain.statistics._asof import matter_at
from supervision.domain.statistics._facts import MatterFacts, matter_facts
from supervision.domain.statistics._standing import (
    DEFAULT_DUE_SOON_WORKING_DAYS,
    LightChange,
    MatterStanding,
    _as_is_from,
    _before_dispatch,
    _built,
    _check_window,
    _Judgement,
    _judgement,
    _soon_from,
)

__all__ = ["Histories"]

#: after this many distinct parts, the findings are kept only while at least every second
#: judgement reuses an earlier one (a read whose matters share nothing keeps none)
_TRY = 512

_MIDNIGHT = _dt.time(0)


class Histories:
    """Standings and light histories judged in one read with one due-soon window:
    :meth:`of` is ``light_history(matter, events, policy, calendar, until, close=close,
    due_soon_working_days=window, current=current)`` and :meth:`standing` is ``assess(…)``
    of the same arguments, the same values.

    Not thread-safe: one reader's, for one read."""

    def __init__(self, *, due_soon_working_days: int = DEFAULT_DUE_SOON_WORKING_DAYS
                 ) -> None:
        self._window = _check_window(due_soon_working_days)
        self._found: dict[tuple[object, ...], _Judgement] | None = {}
        # every policy and calendar judged under, kept alive (their ids are in the keys)
        self._kept: dict[int, object] = {}
        self._asked = 0

    @property
    def due_soon_working_days(self) -> int:
        """The due-soon window every standing here is judged with."""
        return self._window

    def _judged(self, facts: MatterFacts, policy: Policy, calendar: Calendar,
                close: _dt.time | None, when: _dt.datetime) -> _Judgement:
        found = self._found
        if found is None:
            return _judgement(facts, policy, calendar, when, close, self._window)
        self._asked += 1
        key = (id(policy), id(calendar), close, id(facts.status), facts.dispatched_at,
               facts.deadline_day, facts.suspended, facts.deadlines, when)
        parts = found.get(key)
        if parts is None:
            kept = self._kept
            kept.setdefault(id(policy), policy)
            kept.setdefault(id(calendar), calendar)
            parts = found[key] = _judgement(facts, policy, calendar, when, close,
                                            self._window)
            if len(found) > _TRY and 2 * len(found) > self._asked:
                self._found = None
        return parts

    def standing(self, matter: Matter, events: Sequence[Event], policy: Policy,
                 calendar: Calendar, as_of: _dt.datetime, *, close: _dt.time | None = None,
                 current: MatterFacts | None = None) -> MatterStanding | None:
        """Where ``matter`` stood at ``as_of`` (:func:`assess`'s rule and answer)."""
        as_of = require_aware(as_of, "as_of")
        since = _as_is_from(matter, events, current)
        if since is not None and current is not None and since <= as_of:
            judged = current
        else:
            state = matter_at(matter, events, as_of)
            if state is None:
                return None
            judged = matter_facts(state)
        return _built(judged, as_of, self._judged(judged, policy, calendar, close, as_of))

    def of(self, matter: Matter, events: Sequence[Event], policy: Policy,
           calendar: Calendar, until: _dt.datetime, *, close: _dt.time | None = None,
           current: MatterFacts | None = None) -> tuple[LightChange, ...]:
        """``matter``'s light history up to ``until`` (:func:`light_history`'s rule and
        answer; ``current``: ``matter_facts(matter)`` or None, as there)."""
        until = require_aware(until, "until")
        window = self._window
        ordered = sorted((e for e in events if e.occurred_at <= until),
                         key=lambda e: e.version)
        changes: list[LightChange] = []
        since = _as_is_from(matter, events, current)

        def record(when: _dt.datetime) -> tuple[_dt.datetime | None, _dt.date | None] | None:
            """Judges the matter at ``when`` and records a change of its standing; returns
            (the due instant, the last day) of what it owes then, None before it existed."""
            if since is not None and current is not None and since <= when:
                judged = current
            else:
                early = None if since is None else _before_dispatch(matter, ordered, when)
                if early is not None:
                    if not changes or changes[-1].standing is not early.standing:
                        changes.append(LightChange(when, early.light, early.standing,
                                                   early.reason))
                    return None, None
                state = matter_at(matter, ordered, when)
                if state is None:
                    return None
                judged = matter_facts(state)
            parts = self._judged(judged, policy, calendar, close, when)
            standing = parts[1]
            if not changes or changes[-1].standing is not standing:
                changes.append(LightChange(when, standing.light, standing, parts[2]))
            return parts[3], parts[4]

        for i, event in enumerate(ordered):
            if i + 1 < len(ordered) and ordered[i + 1].occurred_at == event.occurred_at:
                continue  # several changes at one instant: only the last state is seen
            owed = record(event.occurred_at)
            if owed is None:
                continue
            due_at, owed_day = owed
            if due_at is None or owed_day is None:
                continue
            following = ordered[i + 1].occurred_at if i + 1 < len(ordered) else until
            soon = _soon_from(owed_day, calendar, window)
            moments = [due_at]
            if soon is not None:
                moments.append(_dt.datetime.combine(soon, _MIDNIGHT, SHANGHAI))
                moments.sort()
            for moment in moments:
                if event.occurred_at < moment <= following and moment <= until:
                    if moment == following and i + 1 < len(ordered):
                        continue  # the next event is judged at that instant anyway
                    record(moment)
        return tuple(changes)
