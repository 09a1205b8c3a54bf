"""The in-memory adapter's sorted index (``SortedRuns``) keeps exactly what a sorted list
keeps, whatever the sequence of insertions and removals, and reads from a key as bisecting
the sorted list does."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from supervision.adapters.memory import _sorted

OPERATIONS = st.lists(st.tuples(st.booleans(), st.integers(0, 3000)), max_size=400)


@settings(max_examples=200, deadline=None)
@given(operations=OPERATIONS, key=st.one_of(st.none(), st.integers(-1, 3001)))
def test_sorted_runs_hold_what_a_sorted_list_holds(
    operations: list[tuple[bool, int]], key: int | None,
) -> None:
    """Adding and discarding values (runs split at a small load) leaves the values a plain
    sorted list holds, and after(key) gives the values greater than key in order."""
    load, _sorted._LOAD = _sorted._LOAD, 4  # small runs: splits and emptied runs happen
    try:
        runs: _sorted.SortedRuns[int] = _sorted.SortedRuns()
        plain: list[int] = []
        for add, value in operations:
            if add:
                runs.add(value)
                plain.append(value)
                plain.sort()
            else:
                assert (value in plain) == runs.discard(value)
                if value in plain:
                    plain.remove(value)
    finally:
        _sorted._LOAD = load
    assert plain == list(runs.after())
    assert len(plain) == len(runs)
    assert [v for v in plain if key is None or v > key] == list(runs.after(key))
