"""The sweep's consecutive-miss pass (``chizhou-2021 §8.2``): each unit's streaks, at a cost
that follows what changed, not the unit's size.

A unit's streak counts every fallen-due obligation of the matters it leads under one policy,
so each pass needs every such matter's streak items (:func:`matter_items`). A matter's items
are *settled* once nothing can change them any more (no longer open, nothing still to fall
due, no explanation awaiting a decision); the pass keeps settled items per storage, office
(at its version), unit and policy, keyed by the matter's id and version, and next time reads
only the unit's ``(id, version)`` pairs (``matters.versions``) and the matters whose version
it has no settled items for. A matter changes only by raising its version, so what is kept
is always what the matter would give again; nothing is kept from a unit of work joined to a
host's transaction or from changes this pass made itself, and only after the commit.
"""

from __future__ import annotations

import datetime as _dt
import weakref
from collections.abc import Callable, Hashable, Sequence
from typing import Any

import attrs

from supervision.domain.escalation import (
    Escalation,
    MatterItems,
    MissOutcome,
    Occasion,
    StreakShelf,
    evaluate_fresh,
    matter_items,
    occasions,
)
from supervision.domain.model import Matter
from supervision.domain.scorecard import ScoreEntry
from supervision.ports import UnitOfWork
from supervision.service_layer import _sweep_log
from supervision.service_layer._sweep_records import Page, Run, record, score
from supervision.service_layer.context import Context, Scope

__all__ = ["streak_step"]

@attrs.define
class _UnitKept:
    """What is kept for one (storage, office at a version, unit, policy): each settled
    matter's version and the instant its items were derived at (``matching``: whether it
    lives under this policy at all), and the settled items on a :class:`StreakShelf`."""

    known: dict[str, tuple[int, _dt.datetime, bool]] = attrs.Factory(dict)
    shelf: StreakShelf = attrs.Factory(StreakShelf)
    #: the known matters that live under the policy
    ours: set[str] = attrs.Factory(set)


_Kept = dict[tuple[Hashable, ...], _UnitKept]

#: storage (an engine, an in-memory store) → what is kept for it
_KEPT: weakref.WeakKeyDictionary[Any, _Kept] = weakref.WeakKeyDictionary()


def _kept_for(uow: UnitOfWork) -> tuple[_Kept | None, Hashable]:
    """The items kept for ``uow``'s storage (None: keep nothing) and the tables' key."""
    if getattr(uow, "joined", False):
        return None, None
    storage = getattr(uow, "engine", None) or getattr(uow, "store", None)
    tables = getattr(uow, "tables", None)
    tables_key: Hashable = None if tables is None else (
        getattr(tables, "prefix", None), getattr(tables, "schema", None))
    if storage is None:
        return None, None
    try:
        return _KEPT.setdefault(storage, {}), tables_key
    except TypeError:  # a storage object that cannot be weakly referenced: keep nothing
        return None, None


def streak_step(
    uow: UnitOfWork,
    ctx: Context,
    now: _dt.datetime,
    units: Sequence[tuple[str, str, str]],
    run: Run,
) -> Callable[[], None]:
    """One page of units as a retryable step."""
    return lambda: _streak_page(uow, ctx, now, units, run)


def _streak_page(
    uow: UnitOfWork,
    ctx: Context,
    now: _dt.datetime,
    units: Sequence[tuple[str, str, str]],
    run: Run,
) -> None:
    """Consecutive misses of each (office, unit, policy): a unit's streak counts only the
    matters living under that one policy (no other policy's rule scores them). Only the
    runs holding a fresh item are evaluated (:func:`evaluate_fresh`); what became settled is
    kept once the unit of work has committed."""
    found: list[Escalation] = []
    entries: list[ScoreEntry] = []
    kept, tables_key = _kept_for(uow)
    later: list[tuple[_UnitKept, str, tuple[int, _dt.datetime, bool], MatterItems | None]] = []
    with uow:
        changed: set[str] = set()
        for office_id, unit_id, fingerprint in units:
            policy = run.policies[fingerprint]
            office = uow.offices.get(office_id)
            calendar, close = ctx.calendar_of(office), ctx.close_of(office)
            versions = uow.matters.versions(offices=(office_id,), unit_id=unit_id)
            mine = _UnitKept()
            if kept is not None:
                mine = kept.setdefault(
                    (tables_key, office_id, office.version, unit_id, fingerprint), _UnitKept())
            known, shelf = mine.known, mine.shelf
            fresh: list[str] = []
            for matter_id, version in versions.items():
                entry = known.get(matter_id)
                if entry is None or entry[0] != version or entry[1] > now:
                    fresh.append(matter_id)
            gone = [i for i in known if i not in versions] if len(known) > len(versions) - len(
                fresh) else []
            for matter_id in [*gone, *fresh]:
                # forgetting is always safe (the matter is fresh next time)
                if known.pop(matter_id, None) is not None:
                    mine.ours.discard(matter_id)
                    shelf.drop(matter_id)
            by_id = {m.id: m for m in uow.matters.get_many(fresh)}
            matching = set(mine.ours)
            new_items: list[tuple[str, Occasion, MissOutcome]] = []
            for matter_id in fresh:
                matter = by_id[matter_id]
                version = versions[matter_id]
                if matter.policy.fingerprint != fingerprint:
                    later.append((mine, matter_id, (version, now, False), None))
                    continue
                matching.add(matter_id)
                derived = matter_items(matter, unit_id, policy, calendar, now, close=close)
                new_items.extend(derived.items)
                if derived.settled:
                    later.append((mine, matter_id, (version, now, True), derived))
            if not matching:
                continue
            issued = [e for e in uow.escalations.for_unit(office_id, unit_id)
                      if e.matter_id in matching]
            due = evaluate_fresh(shelf, new_items, issued, policy, now)
            provisional = {e.matter_id for e in issued if e.provisional}
            touched = [*dict.fromkeys([*(e.matter_id for e in due), *sorted(provisional)])]
            by_id.update((m.id, m) for m in uow.matters.get_many(
                [i for i in touched if i not in by_id]))
            records = Page.read(uow, touched)
            scope = Scope(office, policy, calendar, close)
            for escalation in due:
                matter = by_id[escalation.matter_id]
                moved, event_id = record(uow, matter, escalation, now, records,
                                         ctx=ctx, scope=scope)
                by_id[matter.id] = moved
                changed.add(matter.id)
                if event_id is None:
                    continue
                found.append(escalation)
                _sweep_log.log_escalation(escalation)
                occasion_list = occasions(moved, policy, calendar, now, close=close)
                entries.extend(score(uow, policy, [escalation], occasion_list, now,
                                     {escalation.key: event_id}, records.score_keys))
            for matter_id in sorted(provisional):
                current: Matter = by_id[matter_id]
                occasion_list = occasions(current, policy, calendar, now, close=close)
                streak_issued = [e for e in records.escalations.get(matter_id, ())
                                 if e.occasion.startswith("miss.")]
                streak_issued.sort(key=lambda e: (e.due_at, e.key))
                entries.extend(score(uow, policy, streak_issued, occasion_list, now, {},
                                     records.score_keys))
            records.stage(uow)
        uow.commit()
    if kept is not None:
        shelved: dict[int, tuple[_UnitKept, list[tuple[str, Any]]]] = {}
        for unit_kept, matter_id, entry, settled in later:
            if matter_id in changed:
                continue  # its version moved: fresh next time
            unit_kept.known[matter_id] = entry
            if entry[2]:
                unit_kept.ours.add(matter_id)
            if settled is not None:
                shelved.setdefault(id(unit_kept), (unit_kept, []))[1].append(
                    (matter_id, settled.items))
        for unit_kept, batch in shelved.values():
            unit_kept.shelf.put(batch)
    run.escalations.extend(found)
    run.entries.extend(entries)
