"""A sorted collection with logarithmic-cost changes, for the in-memory adapter's indexes.

A flat sorted list costs a memory move of the whole list on every insertion or removal,
which at a million matters makes each stored wake cost about a millisecond. This keeps the
values in sorted runs of a bounded length (split when they grow past twice that) with the
largest value of each run in its own list, so a change moves one short run and a read
starts with two binary searches."""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from typing import Any, Generic, TypeVar

__all__ = ["SortedRuns"]

T = TypeVar("T", bound=Any)
_LOAD = 512


class SortedRuns(Generic[T]):
    """Values kept in order; duplicates allowed (the indexes never hold any)."""

    def __init__(self) -> None:
        self._runs: list[list[T]] = []
        self._maxes: list[T] = []
        self._len = 0

    def __len__(self) -> int:
        return self._len

    def clear(self) -> None:
        self._runs, self._maxes, self._len = [], [], 0

    def add(self, value: T) -> None:
        """Insert ``value`` at its place."""
        self._len += 1
        if not self._maxes:
            self._runs.append([value])
            self._maxes.append(value)
            return
        i = bisect.bisect_left(self._maxes, value)
        if i == len(self._maxes):
            i -= 1
            self._runs[i].append(value)
            self._maxes[i] = value
        else:
            bisect.insort(self._runs[i], value)
        run = self._runs[i]
        if len(run) > 2 * _LOAD:
            tail = run[_LOAD:]
            del run[_LOAD:]
            self._maxes[i] = run[-1]
            self._runs.insert(i + 1, tail)
            self._maxes.insert(i + 1, tail[-1])

    def discard(self, value: T) -> bool:
        """Remove one ``value`` if present; whether it was."""
        i = bisect.bisect_left(self._maxes, value)
        if i == len(self._maxes):
            return False
        run = self._runs[i]
        j = bisect.bisect_left(run, value)
        if j == len(run) or run[j] != value:
            return False
        del run[j]
        self._len -= 1
        if run:
            self._maxes[i] = run[-1]
        else:
            del self._runs[i]
            del self._maxes[i]
        return True

    def after(self, key: T | None = None) -> Iterator[T]:
        """The values greater than ``key`` (all of them for None), in order. The collection
        must not change while this is iterated."""
        if key is None:
            i = j = 0
        else:
            i = bisect.bisect_right(self._maxes, key)
            if i == len(self._maxes):
                return
            j = bisect.bisect_right(self._runs[i], key)
        first = True
        for run in self._runs[i:]:
            yield from (run[j:] if first else run)
            first = False
