"""The sweep's fast paths give what the straightforward one gives: pages read in sets
(``get_many``, ``for_matters``, ``set_wakes``) and claimed pages (``claim=True``) record the
same escalations, score entries, ESCALATED events and wakes as the per-matter reference
(``reference_sweep``) on one mixed city dataset (three offices under their own policies,
matters overdue, on time, late, explained, and a chizhou unit with a streak of misses)."""

from __future__ import annotations

from collections.abc import Callable

from city_world import CityWorld
from escalation_world import at
from reference_sweep import reference_sweep

from supervision.domain import EventKind, Matter, ReasonKind
from supervision.service_layer import sweep as sweeping

Records = tuple[list[str], list[str], list[str], list[tuple[str, str]]]
SWEEPS = ("2026-03-20 09:00", "2026-04-10 09:00", "2026-05-06 09:00", "2026-06-15 09:00")


def _dispatch(world: CityWorld, office: str, when: str, lead: str = "unit-a") -> Matter:
    """A matter of the office's general category (lianyungang-2019 has one default)."""
    return world.dispatch(office, when, lead=lead,
                          category=None if office == "lyg" else "general")


def _script(world: CityWorld, sweeper: Callable[[CityWorld], None]) -> None:
    """The same matters and sweeps, whichever sweeper runs."""
    for office in ("daoli", "lyg", "chizhou"):
        _dispatch(world, office, "2026-03-02 09:00")
        on_time = _dispatch(world, office, "2026-03-02 10:00", lead="unit-b")
        world.progress(on_time, "2026-03-05 10:00")
        world.complete(on_time, "2026-03-09 10:00")
        late = _dispatch(world, office, "2026-03-06 10:00")
        world.when(SWEEPS[0])
        sweeper(world)
        world.complete(late, "2026-04-02 10:00")
    for when in ("2026-03-10 10:00", "2026-03-24 10:00", "2026-04-07 10:00"):
        _dispatch(world, "chizhou", when)
    explained = _dispatch(world, "chizhou", "2026-04-08 10:00", lead="unit-b")
    world.when("2026-04-09 10:00")
    world.app.explain(world.liaison("chizhou", "unit-b"), explained.id, ReasonKind.OBJECTIVE,
                      "暴雨停工")
    for when in SWEEPS[1:]:
        world.when(when)
        sweeper(world)


def _records(world: CityWorld) -> Records:
    """Escalation keys, score-entry keys, ESCALATED event ids and stored wakes, each matter
    id written as its registration number so that two worlds compare."""
    with world.uow() as uow:
        numbers = {m.id: f"{m.office_id}/{m.number}" for m in uow.matters.list(offices=None)}

        def named(key: str) -> str:
            for matter_id, number in numbers.items():
                key = key.replace(matter_id, number)
            return key

        wakes = uow.matters.wake_due(before=at("2030-01-01 00:00"), limit=100_000)
        return (
            sorted(named(e.key) for e in uow.escalations.list(offices=None)),
            sorted(named(e.key) for e in uow.scores.list(offices=None)),
            sorted(named(e.event_id) for e in uow.events.list()
                   if e.kind is EventKind.ESCALATED),
            sorted((named(i), w.isoformat()) for w, i in wakes),
        )


def _run(sweeper: Callable[[CityWorld], None]) -> Records:
    world = CityWorld()
    _script(world, sweeper)
    return _records(world)


def _reference(world: CityWorld) -> None:
    reference_sweep(world.uow(), world.ctx)


def test_the_paged_sweep_records_what_the_per_matter_sweep_records() -> None:
    """Pages read in sets give the per-matter reference's escalations, score entries,
    events and wakes, sweep after sweep."""
    expected = _run(_reference)
    assert expected[0]  # the dataset escalates
    assert expected[1]  # and scores
    assert expected == _run(lambda w: sweeping.sweep(w.uow(), w.ctx, batch_size=3))


def test_a_claiming_sweep_records_what_the_per_matter_sweep_records() -> None:
    """Claimed pages (claim=True) give the per-matter reference's records."""
    assert _run(_reference) == _run(
        lambda w: sweeping.sweep(w.uow(), w.ctx, batch_size=2, claim=True))


def test_the_dataset_has_a_streak_deduction() -> None:
    """The mixed dataset reaches chizhou-2021 §8.2 (a consecutive-miss deduction), so the
    comparisons above cover the streak pass."""
    keys = _run(_reference)[0]
    assert any("point_deduction" in k and k.startswith("chizhou/") for k in keys)
