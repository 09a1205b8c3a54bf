"""A unit's settled streak items kept in order, so that a sweep evaluates only the runs a new
or changed item falls in (``chizhou-2021 §8.2``; pure, no storage).

A run of consecutive misses ends at an on-time item (MET), so a miss's position depends only
on the items since the MET before it. When every item of the shelf was already evaluated in
a pass whose escalations were recorded, only the runs holding a *fresh* item (one of a
matter new to the shelf, changed, or not settled) can call for anything new: the window
between the shelf's MET before it and the shelf's MET after it. :func:`evaluate_fresh`
evaluates exactly those windows, which gives what :func:`evaluate_streaks` over everything
gives (the escalations of the other runs are all issued already).
"""

from __future__ import annotations

import bisect
import datetime as _dt
from collections.abc import Iterable

from supervision.domain.escalation._occasions import Occasion
from supervision.domain.escalation._records import Escalation
from supervision.domain.escalation._streaks import MissOutcome, escalations_of
from supervision.domain.policy import Policy

__all__ = ["StreakShelf", "evaluate_fresh"]

_Key = tuple[_dt.datetime, str, str]
_Item = tuple[str, Occasion, MissOutcome]


def _key(occ: Occasion) -> _Key:
    return (occ.due_at, occ.matter_id, occ.key)


class StreakShelf:
    """Settled items per matter, in order per scope (the order streaks count in)."""

    def __init__(self) -> None:
        self._keys: dict[str, list[_Key]] = {}
        self._met: dict[str, list[_Key]] = {}
        self._items: dict[str, dict[_Key, tuple[Occasion, MissOutcome]]] = {}
        self._of: dict[str, list[tuple[str, _Key, MissOutcome]]] = {}

    def __contains__(self, matter_id: object) -> bool:
        return matter_id in self._of

    def __len__(self) -> int:
        return len(self._of)

    def drop(self, matter_id: str) -> None:
        """Forget a matter's items (it changed, or left the unit)."""
        for scope, key, outcome in self._of.pop(matter_id, ()):
            keys = self._keys[scope]
            del keys[bisect.bisect_left(keys, key)]
            if outcome is MissOutcome.MET:
                met = self._met[scope]
                del met[bisect.bisect_left(met, key)]
            del self._items[scope][key]

    def put(self, kept: Iterable[tuple[str, Iterable[_Item]]]) -> None:
        """Keep each ``(matter id, items)`` (replacing what a matter had)."""
        batch = list(kept)
        for matter_id, _items in batch:
            self.drop(matter_id)
        touched: set[str] = set()
        for matter_id, items in batch:
            listed = self._of.setdefault(matter_id, [])
            for scope, occ, outcome in items:
                key = _key(occ)
                listed.append((scope, key, outcome))
                self._items.setdefault(scope, {})[key] = (occ, outcome)
                self._keys.setdefault(scope, []).append(key)
                if outcome is MissOutcome.MET:
                    self._met.setdefault(scope, []).append(key)
                touched.add(scope)
        for scope in touched:
            self._keys[scope].sort()
            self._met.setdefault(scope, []).sort()

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


def evaluate_fresh(
    shelf: StreakShelf,
    fresh: Iterable[_Item],
    issued: Iterable[Escalation],
    policy: Policy,
    now: _dt.datetime,
) -> tuple[Escalation, ...]:
    """The consecutive-miss escalations due and not yet issued in the runs holding a fresh
    item (none of the shelf's matters among them), the shelf's items counted with them."""
    by_scope: dict[str, list[tuple[_Key, Occasion, MissOutcome]]] = {}
    for scope, occ, outcome in fresh:
        by_scope.setdefault(scope, []).append((_key(occ), occ, outcome))
    streaks: list[list[tuple[Occasion, MissOutcome, int]]] = []
    for scope in sorted(by_scope):
        entries = sorted(by_scope[scope], key=lambda e: e[0])
        windows: dict[_Key | None, _Key | None] = {}
        for key, _occ, _outcome in entries:
            lo, hi = shelf.window(scope, key)
            windows[lo] = hi
        for lo, hi in windows.items():
            merged = shelf.between(scope, lo, hi) + [
                e for e in entries
                if (lo is None or e[0] > lo) and (hi is None or e[0] < hi)
            ]
            merged.sort(key=lambda e: e[0])
            run = 0
            streak: list[tuple[Occasion, MissOutcome, int]] = []
            for _, occ, outcome in merged:
                if outcome is MissOutcome.MISSED:
                    run += 1
                    streak.append((occ, outcome, run))
                else:
                    if outcome is MissOutcome.MET:
                        run = 0
                    streak.append((occ, outcome, 0))
            streaks.append(streak)
    return escalations_of(streaks, issued, policy, now)
