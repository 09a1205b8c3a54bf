"""The straightforward sweep, one matter at a time: the per-matter reads the library's sweep
made before it read pages in sets (``get`` per id, ``for_matter`` of events, escalations and
score entries, one ``set_wake`` each, ``matters.list(unit_id)`` for the streaks). Kept here
as the reference the fast paths are compared with (``test_sweep_fast_paths.py``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

import attrs

from supervision.domain.escalation import (
    Escalation,
    MatterRecord,
    Occasion,
    evaluate,
    evaluate_streaks,
    next_wake,
    occasions,
)
from supervision.domain.model import Matter
from supervision.domain.policy import Policy
from supervision.domain.scorecard import ScoreEntry, entries_for_escalation, entries_for_overdue
from supervision.ports import UnitOfWork
from supervision.service_layer._sweep_records import Scopes, closed_cutoff, escalation_event
from supervision.service_layer.context import Context

__all__ = ["reference_sweep"]


def _record(uow: UnitOfWork, matter: Matter, escalation: Escalation, at: dt.datetime
            ) -> tuple[Matter, str | None]:
    if not uow.escalations.add_if_absent(escalation):
        return matter, None
    event = escalation_event(matter, escalation, at)
    moved = attrs.evolve(matter, version=event.version, changed_at=at if matter.changed_at
                         is None else max(matter.changed_at, at))
    uow.matters.update(moved, expected_version=matter.version)
    uow.events.append([event])
    return moved, event.event_id


def _score(uow: UnitOfWork, policy: Policy, escalations: Iterable[Escalation],
           found: Sequence[Occasion], now: dt.datetime, event_ids: dict[str, str]
           ) -> list[ScoreEntry]:
    by_key = {o.key: o for o in found}
    candidates: list[ScoreEntry] = []
    for escalation in escalations:
        occasion = by_key.get(escalation.occasion.removeprefix("miss."))
        firm = not (occasion.provisional if occasion is not None else escalation.provisional)
        candidates.extend(entries_for_escalation(escalation, policy, firm=firm,
                                                 recorded_at=now,
                                                 event_id=event_ids.get(escalation.key)))
    for occasion in found:
        if occasion.due_at <= now:
            candidates.extend(entries_for_overdue(occasion, policy, recorded_at=now))
    return [e for e in candidates if uow.scores.add_if_absent(e)]


def _evaluate(uow: UnitOfWork, ctx: Context, now: dt.datetime, matter: Matter,
              units: dict[tuple[str, str, str], Policy], lookback_days: int) -> None:
    events = tuple(uow.events.for_matter(matter.id))
    cutoff = None
    if not matter.status.is_open:
        cutoff = closed_cutoff(events, now, lookback_days)
        if cutoff is None:
            uow.matters.set_wake(matter.id, version=matter.version, at=None)
            return
    scope = Scopes(ctx).of(uow, matter)
    policy, calendar, close = scope.policy, scope.calendar, scope.close
    record = MatterRecord(matter, events, tuple(uow.escalations.for_matter(matter.id)))
    result = evaluate(record, policy, calendar, now, close=close)
    current = matter
    event_ids: dict[str, str] = {}
    for escalation in result.escalations:
        current, event_id = _record(uow, current, escalation, now)
        if event_id is not None:
            event_ids[escalation.key] = event_id
    everything = uow.escalations.for_matter(matter.id)
    _score(uow, policy, everything, result.occasions, now, event_ids)
    units[(matter.office_id, matter.lead_unit_id, matter.policy.fingerprint)] = policy
    wake = next_wake(MatterRecord(current, events, tuple(everything)), policy, calendar, now,
                     close=close)
    if cutoff is not None and event_ids:
        cutoff = now + dt.timedelta(days=lookback_days)
    if cutoff is not None and (wake is None or wake > cutoff):
        wake = None
    uow.matters.set_wake(current.id, version=current.version, at=wake)


def _streaks(uow: UnitOfWork, ctx: Context, now: dt.datetime, office_id: str, unit_id: str,
             fingerprint: str) -> None:
    matters = [m for m in uow.matters.list(offices=(office_id,), unit_id=unit_id)
               if m.policy.fingerprint == fingerprint]
    if not matters:
        return
    scope = Scopes(ctx).of(uow, matters[0])
    policy, calendar, close = scope.policy, scope.calendar, scope.close
    by_id = {m.id: m for m in matters}
    issued = [e for e in uow.escalations.for_unit(office_id, unit_id) if e.matter_id in by_id]
    for escalation in evaluate_streaks(unit_id, matters, issued, policy, calendar, now,
                                       close=close):
        matter = by_id.get(escalation.matter_id) or uow.matters.get(escalation.matter_id)
        moved, event_id = _record(uow, matter, escalation, now)
        by_id[matter.id] = moved
        if event_id is not None:
            _score(uow, policy, [escalation], occasions(moved, policy, calendar, now,
                                                        close=close),
                   now, {escalation.key: event_id})
    for matter_id in sorted({e.matter_id for e in issued if e.provisional}):
        matter = by_id.get(matter_id) or uow.matters.get(matter_id)
        streak_issued = [e for e in uow.escalations.for_matter(matter_id)
                         if e.occasion.startswith("miss.")]
        _score(uow, policy, streak_issued, occasions(matter, policy, calendar, now,
                                                     close=close), now, {})


def reference_sweep(uow: UnitOfWork, ctx: Context, *, lookback_days: int = 7) -> None:
    """Every due matter, one at a time, in one unit of work: open ones first, then closed
    ones, then the streaks of the units looked at."""
    now = ctx.now()
    units: dict[tuple[str, str, str], Policy] = {}
    with uow:
        due = sorted(i for _w, i in uow.matters.wake_due(before=now, limit=100_000))
        matters = [uow.matters.get(i) for i in due]
        for matter in [*(m for m in matters if m.status.is_open),
                       *(m for m in matters if not m.status.is_open)]:
            _evaluate(uow, ctx, now, uow.matters.get(matter.id), units, lookback_days)
        for (office_id, unit_id, fingerprint), policy in sorted(units.items()):
            if policy.streak is not None:
                _streaks(uow, ctx, now, office_id, unit_id, fingerprint)
        uow.commit()
