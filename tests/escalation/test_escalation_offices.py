"""One city database, three offices, one sweep: every matter is escalated once, under the
policy it was registered under and its office's calendar, and no other (rules.md §1: "no
other office's policy ever escalates or scores it").

Each office dispatches a matter for its 经济发展局 (``unit-a`` in every office) on Friday
2026-09-25: daoli-2017 一般事项 5 days and chizhou-2021 一般事项 5 days, both due Wednesday
09-30; lianyungang-2019 feedback in 7 working days, due Monday 10-12 (over National Day,
Saturday 10-10 a make-up working day).
"""

from __future__ import annotations

import pytest
from city_world import CityWorld
from escalation_world import LadderWorld, at

from supervision.domain import Actor, Matter, Role
from supervision.exceptions import MatterNotFound

_SWEEP = "2026-10-14 09:00"


def _overdue(world: CityWorld) -> dict[str, Matter]:
    return {
        "daoli": world.dispatch("daoli", "2026-09-25 10:00", category="general"),
        "chizhou": world.dispatch("chizhou", "2026-09-25 10:00", category="general"),
        "lyg": world.dispatch("lyg", "2026-09-25 10:00"),
    }


def _alone(policy: str, category: str | None) -> list[tuple[str, str, object]]:
    """What a one-office database under ``policy`` records for the same matter."""
    world = LadderWorld(policy)
    world.dispatch("2026-09-25 10:00", category=category)
    world.sweep(_SWEEP)
    return [(e.label, e.citation.key, e.due_at) for e in world.escalations()]


def test_one_sweep_escalates_each_matter_as_its_own_office_alone_would() -> None:
    """rules.md §1: one sweep over three offices records for each matter exactly the
    escalations its own policy gives it in a database of its own."""
    world = CityWorld()
    matters = _overdue(world)
    world.sweep(_SWEEP)
    expected = {
        "daoli": _alone("daoli-2017", "general"),
        "chizhou": _alone("chizhou-2021", "general"),
        "lyg": _alone("lianyungang-2019", None),
    }
    actual = {
        office: [(e.label, e.citation.key, e.due_at) for e in world.escalations(matter)]
        for office, matter in matters.items()
    }
    assert expected == actual


def test_no_matter_is_escalated_under_another_offices_policy() -> None:
    """rules.md §1: a daoli-2017 matter never gets chizhou-2021's §8.1 通报, a
    lianyungang-2019 matter never daoli-2017's art.7(3) 催办: every escalation cites the
    matter's own policy and belongs to its office."""
    world = CityWorld()
    matters = _overdue(world)
    world.sweep(_SWEEP)
    for office, matter in matters.items():
        own = matter.policy.name
        assert [(own, office)] * len(world.escalations(matter)) == [
            (e.citation.policy, e.office_id) for e in world.escalations(matter)]
    daoli = [e.citation.key for e in world.escalations(matters["daoli"])]
    lyg = [e.citation.key for e in world.escalations(matters["lyg"])]
    assert (["daoli-2017 art.7(3)"], ["lianyungang-2019 §7.3"]) == (daoli, lyg)


def test_each_matter_is_escalated_once_with_one_event_per_escalation() -> None:
    """Across offices each escalation key is recorded once, with one ESCALATED event."""
    world = CityWorld()
    matters = _overdue(world)
    summary = world.sweep(_SWEEP)
    keys = [e.key for e in summary.escalations]
    assert len(set(keys)) == len(keys)
    assert [len(world.escalations(m)) for m in matters.values()] == [
        world.escalated_events(m) for m in matters.values()]


def test_a_second_city_sweep_records_nothing() -> None:
    """Swept again at the same instant, and later that day: no escalation, no score entry."""
    world = CityWorld()
    _overdue(world)
    first = world.sweep(_SWEEP)
    again = world.sweep(_SWEEP)
    later = world.sweep("2026-10-14 17:00")
    assert 0 < len(first.escalations)
    assert ((), (), (), ()) == (again.escalations, again.score_entries,
                                later.escalations, later.score_entries)


def test_sweeping_one_office_touches_only_its_matters() -> None:
    """sweep(offices=["chizhou"]) escalates only chizhou's matter; the other offices'
    overdue matters are left as they were, and their own sweep still finds them."""
    world = CityWorld()
    matters = _overdue(world)
    others = [matters["daoli"], matters["lyg"]]
    before = [(world.stored(m), world.timeline(m)) for m in others]
    summary = world.sweep(_SWEEP, offices=["chizhou"])
    assert {"chizhou"} == {e.office_id for e in summary.escalations}
    assert 1 == summary.matters_evaluated
    assert before == [(world.stored(m), world.timeline(m)) for m in others]
    assert [[], []] == [world.escalations(m) for m in others]
    later = world.sweep(_SWEEP, offices=["daoli"])
    assert ["daoli-2017 art.7(3)"] == [e.citation.key for e in later.escalations]


def test_the_summary_names_the_offices_and_the_policies_swept() -> None:
    """A city-wide sweep names every office and every policy it applied; one limited to
    two offices names just those."""
    city, limited = CityWorld(), CityWorld()
    _overdue(city)
    _overdue(limited)
    everything = city.sweep(_SWEEP)
    two = limited.sweep(_SWEEP, offices=["lyg", "daoli"])
    assert (("chizhou", "daoli", "lyg"), ("chizhou-2021", "daoli-2017", "lianyungang-2019")) == (
        everything.offices, everything.policies)
    assert (("daoli", "lyg"), ("daoli-2017", "lianyungang-2019")) == (two.offices, two.policies)


def test_an_expired_policy_is_reported_for_the_office_using_it() -> None:
    """chizhou-2021 §9 (valid three years from 2021-04-06): a 2026 city sweep reports the
    lapse for the chizhou office, not for daoli or lyg; a sweep without chizhou has none."""
    world = CityWorld()
    _overdue(world)
    summary = world.sweep(_SWEEP)
    assert (["policy_expired"], [], []) == tuple(
        [f.code for f in summary.findings_for(o)] for o in ("chizhou", "daoli", "lyg"))
    assert ["chizhou-2021 §9"] == [
        f.citation.key for f in summary.findings_for("chizhou") if f.citation is not None]
    without = world.sweep("2026-10-15 09:00", offices=["daoli", "lyg"])
    assert () == without.findings


# ------------------------------------------------------------ reading across offices
def _escalated(world: CityWorld) -> Matter:
    matter = world.dispatch("daoli", "2026-09-25 10:00", category="general")
    world.sweep("2026-10-08 09:00")
    assert world.escalations(matter)
    return matter


def _not_found(call: object) -> str:
    assert callable(call)
    with pytest.raises(MatterNotFound) as caught:
        call()
    return str(caught.value)


def test_preview_of_another_offices_matter_is_not_found() -> None:
    """A clerk of lyg previewing a daoli matter gets MatterNotFound, worded exactly as for
    a missing id."""
    world = CityWorld()
    matter = _escalated(world)
    other = world.clerk("lyg")
    assert str(MatterNotFound(matter.id)) == _not_found(lambda: world.app.preview(other,
                                                                                  matter.id))
    assert str(MatterNotFound("m-missing")) == _not_found(lambda: world.app.preview(
        other, "m-missing"))


def test_escalations_of_another_offices_matter_are_not_found() -> None:
    """A clerk of chizhou asking for a daoli matter's escalations gets MatterNotFound,
    though the matter has escalations."""
    world = CityWorld()
    matter = _escalated(world)
    other = world.clerk("chizhou")
    assert str(MatterNotFound(matter.id)) == _not_found(
        lambda: world.app.escalations_for(other, matter.id))


def test_a_city_reader_of_the_office_sees_its_escalations_and_preview() -> None:
    """Explicit read access (read_offices) to daoli lets a city-level auditor of lyg read
    the daoli matter's escalations and preview."""
    world = CityWorld()
    matter = _escalated(world)
    city = Actor.of("city-auditor", Role.AUDITOR, office_id="lyg", read_offices=["daoli"])
    world.when("2026-10-08 10:00")
    assert world.escalations(matter) == world.app.escalations_for(city, matter.id)
    assert at("2026-10-01 00:00") == world.app.preview(city, matter.id).due_at
