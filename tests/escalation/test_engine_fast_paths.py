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

from builders import CLERK
from city_world import CityWorld
from escalation_world import LadderWorld
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reference_engine import straightforward
from test_sweep_fast_paths import _script

from supervision.domain import DeadlineTerms, ReasonKind, ReviewOutcome, Source
from supervision.domain.escalation import (
    MatterRecord,
    _deadlines,
    evaluate,
    matter_items,
    next_wake,
    preview,
)
from supervision.exceptions import RuleViolation, SupervisionError
from supervision.periods import Period
from supervision.service_layer import services
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
                plain_preview = _previewed(record, policy, calendar, now, kwargs.get("close"))
            assert plain_preview == _previewed(record, policy, calendar, now,
                                               kwargs.get("close"))
            seen[0] += 1
            return fast
        return call

    kept = sweeping.evaluate, sweeping.next_wake
    sweeping.evaluate, sweeping.next_wake = both(evaluate), both(next_wake)
    try:
        yield seen
    finally:
        sweeping.evaluate, sweeping.next_wake = kept


def _previewed(record: MatterRecord, policy: Any, calendar: Any, now: dt.datetime,
               close: dt.time | None) -> tuple[object, ...]:
    """The matter's preview, or the library error it raises (120 days ahead of a matter
    reporting every 15 days from September, counting into 2027, which the national calendar
    does not know, raises on both paths alike)."""
    try:
        return ("value", preview(record, policy, calendar, now, close=close))
    except SupervisionError as error:
        return ("error", type(error), str(error))


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
def _histories(
    draw: st.DrawFn,
) -> tuple[str, str | None, bool, list[tuple[str, int]], list[int]]:
    name = draw(st.sampled_from(sorted(_CATEGORIES)))
    category = draw(st.sampled_from(_CATEGORIES[name]))
    meeting = draw(st.booleans())  # a meeting decision: periodic reports (chizhou-2021 §7.5)
    steps = draw(st.lists(st.tuples(
        st.sampled_from(("progress", "final", "returned", "redo", "complete", "objective",
                         "accepted", "subjective", "reopen", "sweep")),
        st.integers(1, 15 * 24)), max_size=6))
    sweeps = draw(st.lists(st.integers(1, 30 * 24), min_size=1, max_size=4))
    return name, category, meeting, steps, sweeps


#: The policies whose ladders read explanations (chizhou-2021 §8.1/§8.2, daoli-2017 art.7(3),
#: tongren-2014 art.11(1)), the categories and sources that give them periodic reports.
_EXPLAINED: dict[str, tuple[str | None, ...]] = {
    "chizhou-2021": ("important", "general"),
    "daoli-2017": ("general", "urgent"),
    "tongren-2014": ("urgent",),
}
_EXPLAINING_STEPS = ("progress", "redo", "objective", "accepted", "accepted", "subjective",
                     "reopen", "sweep")


@st.composite
def _explained_histories(
    draw: st.DrawFn,
) -> tuple[str, str | None, bool, list[tuple[str, int]], list[int]]:
    """Histories dense in explanations (given before, at and after deadlines, reports and
    redo deadlines, pending, accepted and refused) and reopened rounds."""
    name = draw(st.sampled_from(sorted(_EXPLAINED)))
    category = draw(st.sampled_from(_EXPLAINED[name]))
    steps = draw(st.lists(st.tuples(st.sampled_from(_EXPLAINING_STEPS),
                                    st.integers(1, 12 * 24)), min_size=1, max_size=7))
    sweeps = draw(st.lists(st.integers(1, 20 * 24), min_size=1, max_size=3))
    return name, category, draw(st.booleans()), steps, sweeps


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_histories())
def test_the_engine_agrees_with_the_straightforward_one_across_the_policies(
    history: tuple[str, str | None, bool, list[tuple[str, int]], list[int]],
) -> None:
    """Two matters (one dispatched a day later) under any of the five policies, with reports,
    returns, completions, explanations (pending, accepted, refused), reopened rounds and
    sweeps between them: every engine call of every sweep agrees, and so does each stored
    matter's evaluation at the end, at two instants and three closing times."""
    _agree(history)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_explained_histories())
def test_which_deadlines_an_explanation_covers_agrees_with_the_straightforward_reading(
    history: tuple[str, str | None, bool, list[tuple[str, int]], list[int]],
) -> None:
    """docs/escalation.md "Explanations": under the policies that read explanations, with
    explanations given before, at and after reports, completion and redo deadlines and
    reopened rounds, the engine (``_explanations._covers``) and the reference's own reading
    of the rule (``reference_engine._plain_covers``) give the same evaluations, wakes,
    previews and streaks."""
    _agree(history)


def _agree(history: tuple[str, str | None, bool, list[tuple[str, int]], list[int]]) -> None:
    name, category, meeting, steps, sweeps = history
    world = LadderWorld(name)
    if meeting:
        source = Source.meeting(_BASE.date())
        try:
            first = world.dispatch(_text(_BASE), category=category, source=source).id
        except RuleViolation:  # no default deadline for the source: the 督办单 states one
            first = world.dispatch(_text(_BASE), category=category, source=source,
                                   deadline=DeadlineTerms.stated(Period.days(40))).id
    else:
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
    """The matter's evaluation, next wake and the items it adds to its lead unit's streak,
    or the library error they raise (a reply period counted into a year the calendar does
    not know raises CalendarDataUnavailable, on both paths alike)."""
    try:
        return ("value", evaluate(record, policy, calendar, when, close=close),
                next_wake(record, policy, calendar, when, close=close),
                matter_items(record.matter, record.matter.lead_unit_id, policy, calendar,
                             when, close=close))
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
    elif action == "redo":  # returned with a redo day the office sets (a redo deadline)
        world.final(matter_id, when)
        redo_day = dt.datetime.fromisoformat(when).date() + dt.timedelta(days=4)
        world.review(matter_id, when, ReviewOutcome.RETURNED, redo_due_day=redo_day)
    elif action == "complete":
        world.complete(matter_id, when)
    elif action == "objective":
        world.explain(matter_id, when, ReasonKind.OBJECTIVE)
    elif action == "accepted":
        world.explain(matter_id, when, ReasonKind.OBJECTIVE, accept=True)
    elif action == "subjective":
        world.explain(matter_id, when, ReasonKind.SUBJECTIVE, accept=False)
    elif action == "reopen":
        _reopen(world, matter_id, when)
    else:
        world.sweep(when)


def _reopen(world: LadderWorld, matter_id: str, when: str) -> None:
    """Completed (unless it was), struck off (销号) and reopened for a new round (回头看) with
    a stated 5 days, all at ``when``: explanations of the earlier round cover nothing in it."""
    with contextlib.suppress(SupervisionError):
        world.complete(matter_id, when)
    world.when(when)
    services.close(world.uow(), world.ctx, CLERK, matter_id, note="已办结销号")
    services.reinspect(world.uow(), world.ctx, CLERK, matter_id,
                       deadline=DeadlineTerms.stated(Period.days(5)), reason="回头看")
