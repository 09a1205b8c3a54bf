"""The sweep's consecutive-miss pass (``chizhou-2021 §8.2``): each unit's streaks, at a cost
that follows what changed since the last pass, not the unit's size.

A unit's streak counts every fallen-due obligation of the matters it leads under one policy,
so each pass needs every such matter's streak items (:func:`matter_items`). A matter's items
are *settled* once nothing can change them any more (no longer open, nothing still to fall
due, no explanation awaiting a decision). The pass keeps, per storage, office (at its
version), unit, policy and base calendar (:class:`_UnitKept`): the settled items on a
:class:`StreakShelf` keyed by matter id and version, the ids of the unit's matters not
settled (derived again every pass), the keys of the unit's escalations on record and its
provisional ones, and the storage's change number (``matters.change_mark``) all of it is
complete up to. The next pass reads only what changed after that number: the unit's
matters written since (``matters.unit_changes``) and its escalations issued or decided
since (``escalations.unit_changes``), both through an index of the unit's changes. It reads the
unit whole (``matters.versions``, ``escalations.for_unit``) when nothing is kept, when the
number is of another epoch or went back, when a unit was taken off a matter since, or when
the pass runs at an earlier instant than one the items were derived at.

What is kept changes only after the commit; a pass that fails forgets the unit's state (the
next one reads it whole). Nothing is kept for a unit of work joined to a host's transaction,
and a pass that finds the unit's state in use by another thread of the process reads the
unit whole for itself.
"""

from __future__ import annotations

import datetime as _dt
import threading
import weakref
from collections.abc import Callable, Hashable, Iterable, Sequence
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


@attrs.define(eq=False)
class _UnitKept:
    """What is kept for one (storage, office at a version, unit, policy)."""

    #: the settled matters (and those under another policy: ``False``) by version
    known: dict[str, tuple[int, bool]] = attrs.Factory(dict)
    #: the known matters that live under the policy
    ours: set[str] = attrs.Factory(set)
    shelf: StreakShelf = attrs.Factory(StreakShelf)
    #: the unit's matters under the policy whose items may still change (derived every pass)
    unsettled: set[str] = attrs.Factory(set)
    #: the keys of the unit's escalations on record; key → matter of the provisional ones
    issued: set[str] = attrs.Factory(set)
    provisional: dict[str, str] = attrs.Factory(dict)
    #: the change mark all of the above is complete up to (None: nothing kept)
    mark: tuple[str, int] | None = None
    #: the latest instant the items were derived at
    latest: _dt.datetime | None = None
    lock: threading.Lock = attrs.Factory(threading.Lock)

    def forget(self) -> None:
        """Keep nothing (the next pass reads the unit whole)."""
        self.known, self.ours, self.shelf = {}, set(), StreakShelf()
        self.unsettled, self.issued, self.provisional = set(), set(), {}
        self.mark, self.latest = None, None

    def note(self, escalations: Iterable[Escalation]) -> None:
        """Take in escalations issued or decided."""
        for escalation in escalations:
            self.issued.add(escalation.key)
            if escalation.provisional:
                self.provisional[escalation.key] = escalation.matter_id
            else:
                self.provisional.pop(escalation.key, None)


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


@attrs.define
class _Later:
    """What one unit's pass keeps once the page has committed."""

    kept: _UnitKept
    mark: tuple[str, int]
    #: (matter id, version, lives under the policy, settled items or None)
    matters: list[tuple[str, int, bool, MatterItems | None]] = attrs.Factory(list)
    unsettled: list[str] = attrs.Factory(list)


def _changes(
    uow: UnitOfWork, mine: _UnitKept, office_id: str, unit_id: str, now: _dt.datetime,
) -> tuple[tuple[str, int], dict[str, int]]:
    """The storage's change mark, and id → version of the unit's matters to look at again:
    those written since the kept mark (or all of them, the kept state forgotten first);
    the unit's escalations since then are taken in."""
    mark = uow.matters.change_mark()
    kept = mine.mark
    if (kept is not None and kept[0] == mark[0] and kept[1] <= mark[1]
            and (mine.latest is None or now >= mine.latest)):
        changed = uow.matters.unit_changes(office_id=office_id, unit_id=unit_id, after=kept[1])
        if changed is not None:
            mine.note(uow.escalations.unit_changes(office_id, unit_id, after=kept[1]))
            return mark, changed
    mine.forget()
    mine.note(uow.escalations.for_unit(office_id, unit_id))
    return mark, uow.matters.versions(offices=(office_id,), unit_id=unit_id)


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
    try:
        hash(ctx.calendar)
    except TypeError:  # a calendar that cannot key what is kept: keep nothing
        kept = None
    held: list[_UnitKept] = []
    later: list[_Later] = []
    changed: set[str] = set()
    try:
        with uow:
            for office_id, unit_id, fingerprint in units:
                office = uow.offices.get(office_id)
                mine = _UnitKept()  # nothing kept: the unit is read whole
                if kept is not None:
                    # the base calendar too: hosts may count the same storage by two
                    shared = kept.setdefault(
                        (tables_key, office_id, office.version, unit_id, fingerprint,
                         ctx.calendar), _UnitKept())
                    if shared.lock.acquire(blocking=False):
                        held.append(shared)
                        mine = shared
                _unit_pass(uow, ctx, now, (office, unit_id, fingerprint), run, mine, later,
                           changed, found, entries)
            uow.commit()
    except BaseException:
        for state in held:
            state.forget()
            state.lock.release()
        raise
    for item in later:
        _keep(item, changed, now)
    for state in held:
        state.lock.release()
    run.escalations.extend(found)
    run.entries.extend(entries)


def _unit_pass(
    uow: UnitOfWork, ctx: Context, now: _dt.datetime, unit: tuple[Any, str, str], run: Run,
    mine: _UnitKept, later: list[_Later], changed: set[str], found: list[Escalation],
    entries: list[ScoreEntry],
) -> None:
    """One unit's streak: evaluate the runs its fresh items fall in, record what is due."""
    office, unit_id, fingerprint = unit
    office_id = office.id
    policy = run.policies[fingerprint]
    calendar, close = ctx.calendar_of(office), ctx.close_of(office)
    mark, written = _changes(uow, mine, office_id, unit_id, now)
    known, shelf = mine.known, mine.shelf
    fresh = [i for i, v in written.items() if known.get(i, (None,))[0] != v]
    fresh.extend(i for i in mine.unsettled if i not in written)
    for matter_id in fresh:
        # forgetting is always safe (the matter is fresh until kept again)
        if known.pop(matter_id, None) is not None:
            mine.ours.discard(matter_id)
            shelf.drop(matter_id)
        mine.unsettled.discard(matter_id)
    by_id = {m.id: m for m in uow.matters.get_many(fresh)}
    step = _Later(mine, mark)
    later.append(step)
    matching: set[str] = set()
    new_items: list[tuple[str, Occasion, MissOutcome]] = []
    for matter_id in fresh:
        matter = by_id[matter_id]
        if matter.policy.fingerprint != fingerprint:
            step.matters.append((matter_id, matter.version, False, None))
            continue
        matching.add(matter_id)
        derived = matter_items(matter, unit_id, policy, calendar, now, close=close)
        new_items.extend(derived.items)
        if derived.settled:
            step.matters.append((matter_id, matter.version, True, derived))
        else:
            step.unsettled.append(matter_id)
    if not matching and not mine.ours:
        return
    due = evaluate_fresh(shelf, new_items, mine.issued, policy, now)
    provisional = sorted({m for m in mine.provisional.values()
                          if m in matching or m in mine.ours})
    touched = [*dict.fromkeys([*(e.matter_id for e in due), *provisional])]
    by_id.update((m.id, m) for m in uow.matters.get_many(
        [i for i in touched if i not in by_id]))
    records = Page.read(uow, touched)
    scope = Scope(office, policy, calendar, close)
    for escalation in due:
        matter = by_id[escalation.matter_id]
        moved, event_id = record(uow, matter, escalation, now, records, ctx=ctx, scope=scope)
        by_id[matter.id] = moved
        changed.add(matter.id)
        if event_id is None:
            continue
        found.append(escalation)
        _sweep_log.log_escalation(escalation)
        occasion_list = occasions(moved, policy, calendar, now, close=close)
        entries.extend(score(uow, policy, [escalation], occasion_list, now,
                             {escalation.key: event_id}, records.score_keys))
    for matter_id in provisional:
        current: Matter = by_id[matter_id]
        occasion_list = occasions(current, policy, calendar, now, close=close)
        streak_issued = [e for e in records.escalations.get(matter_id, ())
                         if e.occasion.startswith("miss.")]
        streak_issued.sort(key=lambda e: (e.due_at, e.key))
        entries.extend(score(uow, policy, streak_issued, occasion_list, now, {},
                             records.score_keys))
    records.stage(uow)


def _keep(step: _Later, changed: set[str], now: _dt.datetime) -> None:
    """After the commit: keep what one unit's pass found settled, its unsettled matters and
    the mark (the escalations it recorded come back through the next pass's changes)."""
    mine = step.kept
    shelved: list[tuple[str, Any]] = []
    for matter_id, version, ours, settled in step.matters:
        if matter_id in changed:
            # its version moved in this commit: it comes back with the changes after the mark
            continue
        mine.known[matter_id] = (version, ours)
        if ours:
            mine.ours.add(matter_id)
        if settled is not None:
            shelved.append((matter_id, settled.items))
    mine.shelf.put(shelved)
    mine.unsettled.update(step.unsettled)
    mine.mark = step.mark
    mine.latest = now if mine.latest is None else max(mine.latest, now)
