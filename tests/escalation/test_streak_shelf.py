"""The streak pass's fast path (chizhou-2021 §8.2): evaluating only the runs that hold a
fresh item against the settled items kept on a :class:`StreakShelf` gives exactly what
evaluating every item gives, whatever the order of misses, on-time items, excused and held
ones, and wherever the fresh items fall among the kept ones."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from supervision import policies
from supervision.calendar import SHANGHAI
from supervision.domain.escalation import (
    MissOutcome,
    Occasion,
    StreakShelf,
    evaluate_fresh,
    streaks_of,
)
from supervision.domain.escalation._occasions import OccasionKind
from supervision.domain.escalation._streaks import _positions, escalations_of
from supervision.domain.policy import TriggerEvent

NOW = dt.datetime(2026, 12, 1, 9, tzinfo=SHANGHAI)
OUTCOMES = st.sampled_from(list(MissOutcome))
#: an item: (day offset, matter number, outcome, whether it is fresh)
ITEMS = st.lists(st.tuples(st.integers(0, 60), st.integers(0, 25), OUTCOMES, st.booleans()),
                 max_size=40, unique_by=lambda t: (t[0], t[1]))
#: long runs of kept misses with a few fresh items (the run's length is counted, not walked)
MOSTLY_MISSED = st.lists(
    st.tuples(st.integers(0, 200), st.integers(0, 60),
              st.sampled_from([MissOutcome.MISSED] * 6 + list(MissOutcome)),
              st.sampled_from([False] * 5 + [True])),
    max_size=120, unique_by=lambda t: (t[0], t[1]))


def _item(day: int, matter: int, outcome: MissOutcome) -> tuple[str, Occasion, MissOutcome]:
    due = dt.datetime(2026, 1, 1, 17, 30, tzinfo=SHANGHAI) + dt.timedelta(days=day)
    occasion = Occasion(
        key=f"r{day}", matter_id=f"m{matter:02d}", unit_id="unit-a",
        kind=OccasionKind.COMPLETION, event=TriggerEvent.OVERDUE, last_day=due.date(),
        due_at=due, provisional=False, met_at=None, label="办结时限", office_id="chizhou",
    )
    return ("unit", occasion, outcome)


@pytest.mark.parametrize("deduction", ["from_second_miss", "whole_streak"])
@settings(max_examples=150, deadline=None)
@given(drawn=st.one_of(ITEMS, MOSTLY_MISSED))
def test_evaluating_the_fresh_runs_gives_what_evaluating_everything_gives(
    deduction: str, drawn: list[tuple[int, int, MissOutcome, bool]],
) -> None:
    """With the kept items evaluated (and their escalations issued) by an earlier pass,
    evaluate_fresh over the fresh items gives the escalations a full evaluation of every
    item gives that are not issued yet."""
    policy = policies.get("chizhou-2021").with_parameters(streak_deduction=deduction)
    kept: dict[str, list[tuple[str, Occasion, MissOutcome]]] = {}
    fresh: list[tuple[str, Occasion, MissOutcome]] = []
    for day, matter, outcome, is_fresh in drawn:
        item = _item(day, matter, outcome)
        if is_fresh:
            fresh.append(item)
        else:
            kept.setdefault(f"m{matter:02d}", []).append(item)
    # keep whole matters only: a matter with any fresh item is fresh altogether
    fresh_matters = {o.matter_id for _s, o, _out in fresh}
    for matter_id in sorted(fresh_matters & set(kept)):
        fresh.extend(kept.pop(matter_id))
    earlier = [i for items in kept.values() for i in items]
    issued = escalations_of(_positions(earlier), (), policy, NOW)
    shelf = StreakShelf()
    shelf.put(kept.items())
    expected = escalations_of(_positions([*earlier, *fresh]), issued, policy, NOW)
    assert expected == evaluate_fresh(shelf, fresh, {e.key for e in issued}, policy, NOW)
    # the same shelf filled one matter at a time (each put into many: inserted in place)
    one_by_one = StreakShelf()
    for matter_id, items in sorted(kept.items()):
        one_by_one.put([(matter_id, items)])
    assert expected == evaluate_fresh(one_by_one, fresh, {e.key for e in issued}, policy, NOW)


def test_dropping_a_matter_takes_its_items_off_the_shelf() -> None:
    """A matter dropped from the shelf no longer counts: its on-time item no longer ends
    the run around it."""
    shelf = StreakShelf()
    shelf.put([("m01", [_item(1, 1, MissOutcome.MET)]), ("m02", [_item(2, 2, MissOutcome.MET)])])
    shelf.drop("m01")
    assert ("m01" in shelf, len(shelf)) == (False, 1)
    key = (_item(0, 3, MissOutcome.MISSED)[1].due_at, "m03", "r0")
    assert (None, (_item(2, 2, MissOutcome.MET)[1].due_at, "m02", "r2")) == shelf.window(
        "unit", key)


def test_streaks_of_counts_positions_as_streak_items_does() -> None:
    """Positions restart after an on-time item; excused and held misses do not count."""
    items = [_item(d, d, o) for d, o in enumerate([
        MissOutcome.MISSED, MissOutcome.EXCUSED, MissOutcome.MISSED, MissOutcome.MET,
        MissOutcome.HELD, MissOutcome.MISSED])]
    [streak] = streaks_of(items)
    assert [1, 0, 2, 0, 0, 1] == [i.position for i in streak]
