"""The sweep looks only at the matters due: a matter's wake (next_wake) is the first instant
anything new can happen to it, so sweeping before it records nothing and sweeping at it
records what sweeping every matter would."""

from __future__ import annotations

import datetime as dt

from escalation_world import CHINA, LadderWorld, at
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from supervision.domain import ReviewOutcome
from supervision.domain.escalation import MatterRecord, next_wake
from supervision.ports import WAKE_UNKNOWN
from supervision.service_layer import sweep as sweeping

#: Categories each policy's tests dispatch under (None: the policy's default).
_CATEGORIES: dict[str, tuple[str | None, ...]] = {
    "chizhou-2021": ("general", "important", "short"),
    "daoli-2017": ("general", "complex", "urgent"),
    "tongren-2014": ("urgent",),
    "zhoucun-2021": (None,),
    "lianyungang-2019": (None,),
}
_FAR = at("2100-01-01 00:00")
_LAST = at("2026-12-10 00:00")  # the test calendar knows 2026 only
_BASE = at("2026-09-01 10:00")


def _wake(world: LadderWorld, matter_id: str) -> dt.datetime | None:
    with world.uow() as uow:
        found = dict((i, w) for w, i in uow.matters.wake_due(before=_FAR))
    return found.get(matter_id)


def _full_sweep(world: LadderWorld, when: dt.datetime) -> sweeping.SweepSummary:
    """The unrestricted sweep: every matter's wake forgotten first, so each is evaluated."""
    with world.uow() as uow:
        uow.matters.reset_wakes()
        uow.commit()
    world.clock.set(when)
    return sweeping.sweep(world.uow(), world.ctx)


def _recorded(
    summary: sweeping.SweepSummary, matter_id: str = "-"
) -> tuple[list[str], list[str]]:
    """The keys recorded, the matter's (random) id written as M."""
    return (sorted(e.key.replace(matter_id, "M") for e in summary.escalations),
            sorted(e.key.replace(matter_id, "M") for e in summary.score_entries))


_Scenario = tuple[str, str | None, int, int | None, str, int, list[float]]


@st.composite
def _scenarios(draw: st.DrawFn) -> _Scenario:
    name = draw(st.sampled_from(sorted(_CATEGORIES)))
    category = draw(st.sampled_from(_CATEGORIES[name]))
    dispatch_hours = draw(st.integers(0, 40 * 24))
    report_hours = draw(st.none() | st.integers(1, 20 * 24))
    action = draw(st.sampled_from(("progress", "complete", "returned")))
    first_hours = draw(st.integers(1, 30 * 24))
    fractions = draw(st.lists(st.floats(0.01, 0.99), min_size=4, max_size=4))
    return name, category, dispatch_hours, report_hours, action, first_hours, fractions


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_scenarios())
def test_sweeping_before_the_wake_records_nothing_and_at_it_what_a_full_sweep_does(
    scenario: _Scenario,
) -> None:
    """Across the five policies, with a progress report, a late or early completion or a
    return for redo: after a sweep, a full sweep of every matter at any instant
    before the matter's wake records nothing new, and the sweep at the wake records exactly
    what the full sweep records there."""
    name, category, dispatch_hours, report_hours, action, first_hours, fractions = scenario
    worlds = (LadderWorld(name), LadderWorld(name))
    dispatched = _BASE + dt.timedelta(hours=dispatch_hours)
    ids = []
    for world in worlds:
        ids.append(world.dispatch(dispatched.strftime("%Y-%m-%d %H:%M"), category=category).id)
        if report_hours is not None:
            reported = (dispatched + dt.timedelta(hours=report_hours)).strftime("%Y-%m-%d %H:%M")
            if action == "progress":
                world.progress(ids[-1], reported)
            elif action == "complete":
                world.complete(ids[-1], reported)
            else:
                world.final(ids[-1], reported)
                world.review(ids[-1], reported, ReviewOutcome.RETURNED)
    waking, full = worlds
    now = dispatched + dt.timedelta(hours=(report_hours or 0) + first_hours)
    for fraction in fractions:
        if now > _LAST:
            return
        waking.clock.set(now)
        swept = sweeping.sweep(waking.uow(), waking.ctx)
        assert _recorded(_full_sweep(full, now), ids[1]) == _recorded(swept, ids[0])
        wake = _wake(waking, ids[0])
        if wake is None:
            later = min(_LAST, now + dt.timedelta(days=60))
            assert ([], []) == _recorded(_full_sweep(full, later))
            return
        if wake == WAKE_UNKNOWN:  # changed by the unit's streak after it was evaluated
            now += dt.timedelta(hours=1)
            continue
        assert now < wake
        between = now + (wake - now) * fraction
        if now < between < wake and between <= _LAST:
            assert ([], []) == _recorded(_full_sweep(full, between))
            waking.clock.set(between)
            quiet = sweeping.sweep(waking.uow(), waking.ctx)
            assert (0, ()) == (quiet.matters_evaluated, quiet.escalations)
        now = wake


def test_next_wake_of_an_overdue_daoli_matter_is_its_next_rung() -> None:
    """daoli-2017 art.7(3): after the warning of 09-29 the matter next wakes for the
    reminder on 10-08, nothing before."""
    world = LadderWorld("daoli-2017")
    matter = world.dispatch("2026-09-25 10:00", category="general")
    world.sweep("2026-09-29 09:00")
    with world.uow() as uow:
        record = MatterRecord(uow.matters.get(matter.id), tuple(uow.events.for_matter(matter.id)),
                              tuple(uow.escalations.for_matter(matter.id)))
    wake = next_wake(record, world.policy, CHINA, at("2026-09-29 09:00"))
    assert at("2026-10-01 00:00") == wake  # the deadline passes unmet: the miss is counted
    assert wake == _wake(world, matter.id)
