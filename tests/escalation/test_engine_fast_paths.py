"""The engine's shortcuts change nothing: every ``evaluate``, ``next_wake`` and ``preview``
the sweep makes, on the mixed city dataset and across the five policies with reports,
completions, returns for redo and explanations, gives exactly what the straightforward
engine (``reference_engine``: periods counted anew, firings found anew at each pass, what
was issued sorted anew) gives on the same record at the same instant."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator
from typing import Any

from city_world import CityWorld
from escalation_world import LadderWorld
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reference_engine import straightforward
from test_sweep_fast_paths import _script

from supervision.domain import ReasonKind, ReviewOutcome
from supervision.domain.escalation import MatterRecord, _deadlines, evaluate, next_wake, preview
from supervision.exceptions import SupervisionError
from supervision.service_layer import sweep as sweeping


@contextlib.contextmanager
def _compared() -> Iterator[list[int]]:
    """Within the block the sweep's engine calls are each made again the straightforward way
    and must agree; yields a one-item list counting the comparisons."""
    seen = [0]

    def both(function: Any) -> Any:
        def call(*args: Any, **kwargs: Any) -> Any:
            fast = function(*args, **kwargs)
            with straightforward():
                plain = function(*args, **kwargs)
            assert plain == fast
            record, policy, calendar, now = args
            with straightforward():
                plain_preview = preview(record, policy, calendar, now, close=kwargs.get("close"))
            assert plain_preview == preview(record, policy, calendar, now,
                                            close=kwargs.get("close"))
            seen[0] += 1
            return fast
        return call

    kept = sweeping.evaluate, sweeping.next_wake
    sweeping.evaluate, sweeping.next_wake = both(evaluate), both(next_wake)
    try:
        yield seen
    finally:
        sweeping.evaluate, sweeping.next_wake = kept


def test_the_engine_agrees_with_the_straightforward_one_on_the_city_dataset() -> None:
    """Three offices under their own policies, matters overdue, on time, late, explained, a
    streak: four sweeps, each engine call compared."""
    with _compared() as seen:
        _script(CityWorld(), lambda w: sweeping.sweep(w.uow(), w.ctx, batch_size=3))
    assert seen[0] >= 40  # every evaluation and wake of the four sweeps
    assert _deadlines._COUNTED  # the shortcut was taken


_BASE = dt.datetime(2026, 9, 1, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
_LAST = dt.datetime(2026, 12, 10, 0, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
_CATEGORIES: dict[str, tuple[str | None, ...]] = {
    "chizhou-2021": ("general", "important", "short"),
    "daoli-2017": ("general", "complex", "urgent"),
    "tongren-2014": ("urgent",),
    "zhoucun-2021": (None,),
    "lianyungang-2019": (None,),
}


def _text(when: dt.datetime) -> str:
    return when.strftime("%Y-%m-%d %H:%M")


@st.composite
def _histories(draw: st.DrawFn) -> tuple[str, str | None, list[tuple[str, int]], list[int]]:
    name = draw(st.sampled_from(sorted(_CATEGORIES)))
    category = draw(st.sampled_from(_CATEGORIES[name]))
    steps = draw(st.lists(st.tuples(
        st.sampled_from(("progress", "final", "returned", "complete", "objective",
                         "subjective", "sweep")),
        st.integers(1, 15 * 24)), max_size=6))
    sweeps = draw(st.lists(st.integers(1, 30 * 24), min_size=1, max_size=4))
    return name, category, steps, sweeps


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_histories())
def test_the_engine_agrees_with_the_straightforward_one_across_the_policies(
    history: tuple[str, str | None, list[tuple[str, int]], list[int]],
) -> None:
    """Two matters (one dispatched a day later) under any of the five policies, with reports,
    returns, completions, explanations and sweeps between them: every engine call of every
    sweep agrees, and so does each stored matter's evaluation at the end, at two instants
    and three closing times."""
    name, category, steps, sweeps = history
    world = LadderWorld(name)
    first = world.dispatch(_text(_BASE), category=category).id
    world.dispatch(_text(_BASE + dt.timedelta(days=1)), category=category)
    now = _BASE + dt.timedelta(days=1)
    with _compared():
        for action, hours in steps:
            now += dt.timedelta(hours=hours)
            if now > _LAST:
                break
            with contextlib.suppress(Exception):  # a step the matter's state refuses
                _act(world, first, action, _text(now))
        for hours in sweeps:
            now += dt.timedelta(hours=hours)
            if now > _LAST:
                break
            world.sweep(_text(now))
    with world.uow() as uow:
        for matter in uow.matters.list(offices=None):
            record = MatterRecord(matter, tuple(uow.events.for_matter(matter.id)),
                                  tuple(uow.escalations.for_matter(matter.id)))
            policy = world.ctx.policy_of(matter)
            for when in (now, now + dt.timedelta(days=20)):
                for close in (None, dt.time(17, 30), dt.time(18, 0)):
                    fast = _outcome(record, policy, world.calendar, when, close)
                    with straightforward():
                        assert fast == _outcome(record, policy, world.calendar, when, close)


def _outcome(record: MatterRecord, policy: Any, calendar: Any, when: dt.datetime,
             close: dt.time | None) -> tuple[object, ...]:
    """The matter's evaluation and next wake, or the library error they raise (a reply
    period counted into a year the calendar does not know raises CalendarDataUnavailable,
    on both paths alike)."""
    try:
        return ("value", evaluate(record, policy, calendar, when, close=close),
                next_wake(record, policy, calendar, when, close=close))
    except SupervisionError as error:
        return ("error", type(error), str(error))


def _act(world: LadderWorld, matter_id: str, action: str, when: str) -> None:
    if action == "progress":
        world.progress(matter_id, when)
    elif action == "final":
        world.final(matter_id, when)
    elif action == "returned":
        world.final(matter_id, when)
        world.review(matter_id, when, ReviewOutcome.RETURNED)
    elif action == "complete":
        world.complete(matter_id, when)
    elif action == "objective":
        world.explain(matter_id, when, ReasonKind.OBJECTIVE)
    elif action == "subjective":
        world.explain(matter_id, when, ReasonKind.SUBJECTIVE, accept=False)
    else:
        world.sweep(when)
