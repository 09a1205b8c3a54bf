"""The straightforward escalation engine: the same functions with every shortcut taken out —
each period counted anew (``period.deadline``), the ladder's rungs, a matter's kind and its
deadlines found anew for each evaluation, every trigger's firings found anew at each pass of
the ladder, every pass run to the one that adds nothing, what was issued sorted anew each
time it is read, which deadlines an explanation covers written out on its own
(:func:`_plain_effect`, for the ladder and the streaks), and the look-ahead run to the
horizon (no ``_lookahead.probe``). Kept here as the reference the engine's shortcuts are
compared with (``test_engine_fast_paths.py``)."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator

from supervision.calendar import Calendar
from supervision.domain.escalation import (
    _deadlines,
    _ladder,
    _occasions,
    _preview,
    _receipts,
    _streaks,
)
from supervision.domain.escalation._lookahead import UNPROVEN
from supervision.domain.escalation._occasions import Occasion
from supervision.domain.escalation._records import Escalation
from supervision.domain.model import Decision, Explanation, Matter, ReasonKind
from supervision.domain.policy import ExplanationEffect, Policy, Rung, TriggerEvent
from supervision.exceptions import SupervisionError
from supervision.periods import Deadline, Period

__all__ = ["straightforward"]


def _counted(period: Period, start: dt.datetime | dt.date, calendar: Calendar,
             close: dt.time | None = None) -> Deadline:
    return period.deadline(start, calendar, close)


def _rungs(policy: Policy, kind: str | None, source: str, key: bool) -> tuple[Rung, ...]:
    ladder = policy.ladder(kind)
    return () if ladder is None else tuple(
        r for r in ladder.rungs
        if (not r.sources or source in r.sources)
        and (key or not r.key_matters_only)
        and not any(t.event is TriggerEvent.CONSECUTIVE_MISSES for t in r.triggers)
    )


def _kind_key(matter: _occasions.Matter, policy: Policy) -> str | None:
    try:
        kind = policy.kind_for(matter.category, matter.source.kind.value)
    except SupervisionError:
        kind = policy.kind_for(None, matter.source.kind.value)
    return None if kind is None else kind.key


def _plain_covers(explanation: Explanation, matter: Matter, occasion: Occasion) -> bool:
    """docs/escalation.md "Explanations", read literally: the occasion is the explaining
    unit's, unmet when the explanation was given, of the round under way then (its number
    read from the key ``r<round>…``; under way: every earlier round closed before, this one
    not), and either due by then or the round's completion deadline (key ``r<round>``)."""
    given_at = explanation.submitted_at
    if occasion.unit_id != explanation.unit_id:
        return False
    if occasion.met_at is not None and occasion.met_at <= given_at:
        return False
    head = occasion.key.split(".")[0]
    number = int(head.removeprefix("r"))
    closed = {c.round for c in matter.closings if c.closed_at < given_at}
    if number in closed or any(n not in closed for n in range(1, number)):
        return False
    return occasion.due_at <= given_at or occasion.key == head


def _plain_effect(effect: ExplanationEffect, matter: Matter, unit_id: str, now: dt.datetime,
                  occasion: Occasion | None) -> str:
    """How the explanations bear on a rung, case by case (the same rule as
    ``_explanations._explanation_effect``, written out on its own)."""
    if effect is ExplanationEffect.IGNORED or occasion is None:
        return "fire"
    covering = [e for e in matter.explanations if e.unit_id == unit_id
                and e.submitted_at <= now and _plain_covers(e, matter, occasion)]
    if effect is ExplanationEffect.SUBJECTIVE_CAUSE_ONLY:
        covering = [e for e in covering if e.reason_kind is ReasonKind.OBJECTIVE]
    elif effect is ExplanationEffect.ANY_EXPLANATION_SUPPRESSES:
        return "suppressed" if covering else "fire"
    decisions = {e.decision for e in covering}
    if Decision.ACCEPTED in decisions:
        return "suppressed"
    if Decision.PENDING in decisions:
        return "held"
    return "fire"


class _PlainLadder(_ladder._Ladder):
    """The ladder as it was evaluated before the shortcuts."""

    def _all(self) -> list[Escalation]:
        return sorted([*self.issued.values(), *self.new.values()],
                      key=lambda e: (e.issued_at, e.due_at, e.key))

    def _firings_on_office_days(self, index: int, rung: Rung) -> list[_ladder._Firing]:
        return [self._on_office_day(f) for t in rung.triggers for f in self._firings(rung, t)]

    def run(self, cutoff: dt.datetime | None = None) -> None:
        """Every pass to the fixed point (a pass that adds nothing ends it)."""
        cutoff = self.now if cutoff is None else cutoff
        for _ in range(50):
            added = False
            for rung in self.rungs:
                firings = self._firings_on_office_days(0, rung)
                for firing in sorted(firings, key=lambda f: f.due_at):
                    if firing.due_at > cutoff:
                        continue
                    assert rung.action is not None
                    key = Escalation.make_key(
                        self.matter.id, f"{rung.step}.{rung.action.key}", firing.unit_id,
                        firing.occasion,
                    )
                    if key in self.issued or key in self.new:
                        continue
                    occasion = next(
                        (o for o in self.occasions if o.key == firing.occasion), None)
                    effect = _plain_effect(
                        rung.explanation, self.matter, firing.unit_id, self.now, occasion
                    )
                    if effect == "suppressed":
                        continue
                    if effect == "held":
                        self.held.add(key)
                        continue
                    # a reply whose year the calendar does not know waits (rules.md §2)
                    escalation = self._issued(key, firing)
                    if escalation is None:
                        continue
                    self.new[key] = escalation
                    added = True
            if not added:
                return


def _never(*args: object, **kwargs: object) -> object:
    """The look-ahead's short cut, never taken: ``next_wake`` runs the ladder to the horizon."""
    return UNPROVEN


@contextlib.contextmanager
def straightforward() -> Iterator[None]:
    """Within the block, the engine (``evaluate``, ``next_wake``, ``occasions`` …) runs the
    straightforward way."""
    patches = [
        (_ladder, "_Ladder", _PlainLadder),
        (_ladder, "_rungs", _rungs),
        (_ladder, "_kind_key", _kind_key),
        (_occasions, "_kind_key", _kind_key),
        (_occasions, "deadlines_of", _deadlines._deadlines_of),
        (_preview, "probe", _never),
        (_streaks, "_explanation_effect", _plain_effect),
        *((module, "counted", _counted)
          for module in (_deadlines, _ladder, _occasions, _receipts)),
    ]
    kept = [(module, name, getattr(module, name)) for module, name, _ in patches]
    try:
        for module, name, value in patches:
            setattr(module, name, value)
        yield
    finally:
        for module, name, value in kept:
            setattr(module, name, value)
