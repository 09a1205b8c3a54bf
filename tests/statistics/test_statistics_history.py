"""Traffic lights with history: derived from the events, deterministically."""

from __future__ import annotations

import random

from escalation_world import LadderWorld, at

from supervision.domain import Matter, ReviewOutcome
from supervision.domain.statistics import Light, LightChange, Standing, light_history


def _history(world: LadderWorld, matter: Matter, until: str) -> tuple[LightChange, ...]:
    with world.uow() as uow:
        stored = uow.matters.get(matter.id)
        events = uow.events.for_matter(matter.id)
    return light_history(stored, events, world.ctx.policy_of(stored), world.calendar, at(until))


def _late_matter() -> tuple[LadderWorld, Matter]:
    world = LadderWorld("chizhou-2021")
    matter = world.dispatch("2026-11-02 10:00", category="important")   # due 11-17
    world.complete(matter, "2026-11-19 10:00")
    return world, matter


def test_a_late_matter_goes_green_yellow_red_then_off() -> None:
    """Dispatched: green; from 00:00 of the first day within 3 working days of the due day:
    yellow; at the due instant (24:00 of the last day): red; finished: no light. Changes at
    one instant (registered, approved, dispatched at 10:00) show only where they ended."""
    world, matter = _late_matter()
    changes = _history(world, matter, "2026-11-30 09:00")
    assert [
        (at("2026-11-02 10:00"), Light.GREEN, Standing.ON_TRACK),
        (at("2026-11-12 00:00"), Light.YELLOW, Standing.DUE_SOON),
        (at("2026-11-18 00:00"), Light.RED, Standing.OVERDUE),
        (at("2026-11-19 10:00"), Light.NONE, Standing.DONE),
    ] == [(c.at, c.light, c.standing) for c in changes]


def test_the_red_light_starts_exactly_at_the_due_instant() -> None:
    """The change to red is recorded at the deadline's instant, not at the next event."""
    world, matter = _late_matter()
    red = next(c for c in _history(world, matter, "2026-11-30 09:00") if c.light is Light.RED)
    assert at("2026-11-18 00:00") == red.at


def test_the_history_up_to_an_instant_is_a_prefix_of_the_later_history() -> None:
    """Asked as of an earlier instant, the history is what the later history held by then."""
    world, matter = _late_matter()
    full = _history(world, matter, "2026-11-30 09:00")
    early = _history(world, matter, "2026-11-13 09:00")
    assert [c for c in full if c.at <= at("2026-11-13 09:00")] == list(early)


def test_the_same_events_in_any_order_give_the_same_history() -> None:
    """Derived, not stored: shuffling the events changes nothing."""
    world = LadderWorld("lianyungang-2019")
    matter = world.dispatch("2026-09-01 10:00")
    world.final(matter, "2026-09-04 10:00")
    world.review(matter, "2026-09-07 10:00", ReviewOutcome.RETURNED)
    world.final(matter, "2026-09-21 10:00")
    with world.uow() as uow:
        stored = uow.matters.get(matter.id)
        events = uow.events.for_matter(matter.id)
    policy = world.ctx.policy_of(stored)
    shuffled = list(events)
    random.Random(7).shuffle(shuffled)
    until = at("2026-09-30 09:00")
    assert light_history(stored, events, policy, world.calendar, until) == light_history(
        stored, shuffled, policy, world.calendar, until)


def test_a_return_then_a_late_redo_shows_red_between_them() -> None:
    """lianyungang-2019 §5.6: returned with the policy's redo period (7 working days), redone
    after it: the history passes through red for the redo."""
    world = LadderWorld("lianyungang-2019")
    matter = world.dispatch("2026-09-01 10:00")
    world.final(matter, "2026-09-04 10:00")
    world.review(matter, "2026-09-07 10:00", ReviewOutcome.RETURNED)
    world.final(matter, "2026-09-21 10:00")
    reasons = [c.reason for c in _history(world, matter, "2026-09-30 09:00")
               if c.light is Light.RED]
    assert ["重办已逾期"] == [r[:5] for r in reasons]
