"""A unit's settled streak items kept in order, so that a sweep evaluates only the runs a new
or changed item falls in (``chizhou-2021 §8.2``; pure, no storage).

A run of consecutive misses ends at an on-time item (MET), so a miss's position depends only
on the items since the MET before it. When every item of the shelf was already evaluated in
a pass whose escalations were recorded, only the runs holding a *fresh* item (one of a
matter new to the shelf, changed, or not settled) can call for anything new: the window
between the shelf's MET before it and the shelf's MET after it. :func:`evaluate_fresh`
evaluates exactly those windows, which gives what :func:`evaluate_streaks` over everything
gives (the escalations of the other runs are all issued already); within a window it walks
only the items from the first fresh one on, the shelf's misses before it counted by
bisection (their own escalations are issued already too).
"""

from __future__ import annotations

import bisect
import datetime as _dt
from collections.abc import Container, Iterable

from supervision.domain.escalation._occasions import Occasion
from supervision.domain.escalation._records import Escalation
from supervision.domain.escalation._streaks import MissOutcome, escalations_due
from supervision.domain.policy import Policy, TriggerEvent

__all__ = ["StreakShelf", "evaluate_fresh"]

_Key = tuple[_dt.datetime, str, str]
_Item = tuple[str, Occasion, MissOutcome]


def _key(occ: Occasion) -> _Key:
    return (occ.due_at, occ.matter_id, occ.key)


class StreakShelf:
    """Settled items per matter, in order per scope (the order streaks count in), with the
    on-time and the missed ones also listed apart: a window's bounds and the length of the
    run before a point are found by bisection, not by walking the items."""

    def __init__(self) -> None:
        self._keys: dict[str, list[_Key]] = {}
        self._met: dict[str, list[_Key]] = {}
        self._missed: dict[str, list[_Key]] = {}
        self._items: dict[str, dict[_Key, tuple[Occasion, MissOutcome]]] = {}
        self._of: dict[str, list[tuple[str, _Key, MissOutcome]]] = {}

    def __contains__(self, matter_id: object) -> bool:
        return matter_id in self._of

    def __len__(self) -> int:
        return len(self._of)

    def _lists(self, scope: str, outcome: MissOutcome) -> list[list[_Key]]:
        lists = [self._keys.setdefault(scope, [])]
        if outcome is MissOutcome.MET:
            lists.append(self._met.setdefault(scope, []))
        elif outcome is MissOutcome.MISSED:
            lists.append(self._missed.setdefault(scope, []))
        return lists

    def drop(self, matter_id: str) -> None:
        """Forget a matter's items (it changed, or left the unit)."""
        for scope, key, outcome in self._of.pop(matter_id, ()):
            for keys in self._lists(scope, outcome):
                del keys[bisect.bisect_left(keys, key)]
            del self._items[scope][key]

    def put(self, kept: Iterable[tuple[str, Iterable[_Item]]]) -> None:
        """Keep each ``(matter id, items)`` (replacing what a matter had)."""
        batch = list(kept)
        for matter_id, _items in batch:
            self.drop(matter_id)
        added: dict[int, tuple[list[_Key], list[_Key]]] = {}
        for matter_id, items in batch:
            listed = self._of.setdefault(matter_id, [])
            for scope, occ, outcome in items:
                key = _key(occ)
                listed.append((scope, key, outcome))
                self._items.setdefault(scope, {})[key] = (occ, outcome)
                for keys in self._lists(scope, outcome):
                    added.setdefault(id(keys), (keys, []))[1].append(key)
        for keys, new in added.values():
            if len(new) * 16 < len(keys):  # a few into many: insert each in place
                for key in new:
                    bisect.insort(keys, key)
            else:
                keys.extend(new)
                keys.sort()

    def window(self, scope: str, key: _Key) -> tuple[_Key | None, _Key | None]:
        """The shelf's MET keys just before and just after ``key`` (None: none)."""
        met = self._met.get(scope, [])
        i = bisect.bisect_left(met, key)
        # a fresh key is never on the shelf (keys hold the matter id), so met[i] > key
        return (met[i - 1] if i else None, met[i] if i < len(met) else None)

    def between(self, scope: str, lo: _Key | None, hi: _Key | None
                ) -> list[tuple[_Key, Occasion, MissOutcome]]:
        """The shelf's items of ``scope`` strictly between ``lo`` and ``hi``."""
        keys = self._keys.get(scope, [])
        start = 0 if lo is None else bisect.bisect_right(keys, lo)
        end = len(keys) if hi is None else bisect.bisect_left(keys, hi)
        items = self._items.get(scope, {})
        return [(k, *items[k]) for k in keys[start:end]]

    def run_before(self, scope: str, lo: _Key | None, key: _Key, depth: int
                   ) -> tuple[int, list[tuple[Occasion, int]]]:
        """How many of the shelf's misses of ``scope`` lie strictly between ``lo`` and
        ``key``, and the last ``depth`` of them with their positions in that run."""
        missed = self._missed.get(scope, [])
        start = 0 if lo is None else bisect.bisect_right(missed, lo)
        end = bisect.bisect_left(missed, key)
        count = max(end - start, 0)
        items = self._items.get(scope, {})
        first = max(start, end - depth)
        return count, [(items[k][0], count - (end - i) + 1)
                       for i, k in enumerate(missed[first:end], start=first)]


def _depth(policy: Policy) -> int:
    """The longest run of misses a consecutive-miss rung looks back over."""
    return max((t.count for ladder in policy.ladders for rung in ladder.rungs
                for t in rung.triggers if t.event is TriggerEvent.CONSECUTIVE_MISSES),
               default=0)


def evaluate_fresh(
    shelf: StreakShelf,
    fresh: Iterable[_Item],
    issued: Container[str],
    policy: Policy,
    now: _dt.datetime,
) -> tuple[Escalation, ...]:
    """The consecutive-miss escalations due and not yet issued (``issued``: the keys on
    record) in the runs holding a fresh item (none of the shelf's matters among them), the
    shelf's items counted with them. In each such run only the items from the first fresh
    one on are walked: the shelf's misses before it count as the run's length so far, and
    the last of them (as many as a rung looks back over) are carried into the walk."""
    by_scope: dict[str, list[tuple[_Key, Occasion, MissOutcome]]] = {}
    for scope, occ, outcome in fresh:
        by_scope.setdefault(scope, []).append((_key(occ), occ, outcome))
    depth = _depth(policy)
    streaks: list[list[tuple[Occasion, MissOutcome, int]]] = []
    for scope in sorted(by_scope):
        entries = sorted(by_scope[scope], key=lambda e: e[0])
        windows: dict[_Key | None, tuple[_Key, _Key | None]] = {}
        for key, _occ, _outcome in entries:
            lo, hi = shelf.window(scope, key)
            windows.setdefault(lo, (key, hi))  # entries in order: the first fresh key
        for lo, (first, hi) in windows.items():
            run, carried = shelf.run_before(scope, lo, first, depth)
            merged = shelf.between(scope, first, hi) + [
                e for e in entries if e[0] >= first and (hi is None or e[0] < hi)
            ]
            merged.sort(key=lambda e: e[0])
            streak = [(occ, MissOutcome.MISSED, position) for occ, position in carried]
            for _, occ, outcome in merged:
                if outcome is MissOutcome.MISSED:
                    run += 1
                    streak.append((occ, outcome, run))
                else:
                    if outcome is MissOutcome.MET:
                        run = 0
                    streak.append((occ, outcome, 0))
            streaks.append(streak)
    return escalations_due(streaks, issued, policy, now)
