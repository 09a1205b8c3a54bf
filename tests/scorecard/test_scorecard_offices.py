"""The scorecard of one office among several: only its matters and units, each matter judged
under the policy it lives under; the office's figure for its own roles, a unit's card for the
unit's people; a trace that never names a matter the reader may not see (daoli-2017 art.23).

chizhou-2021 一般事项 (§7.2, 5 days): dispatched Friday 2026-09-25, due Wednesday 09-30;
dispatched Monday 10-12, due Saturday 10-17, rolled to Monday 10-19. Two consecutive misses
deduct 1 point (§8.2).
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from builders import CLERK, CLERK_2, HEAD_A, HEAD_B, LIAISON_A
from city_world import CityWorld
from escalation_world import LadderWorld

from supervision.domain import Actor, Confidentiality, Role, Unit, UnitKind
from supervision.domain.scorecard import Scorecard, ScorePeriod
from supervision.exceptions import OfficeNotFound

YEAR = ScorePeriod.of_year(2026)


def _cards(cards: tuple[Scorecard, ...]) -> dict[str, Scorecard]:
    return {c.unit_id: c for c in cards}


def _two_misses(world: LadderWorld, circle: Confidentiality) -> tuple[str, str]:
    """Two consecutive misses of 经济发展局, the second a controlled matter."""
    first = world.dispatch("2026-09-25 10:00", category="general").id
    other = world.dispatch("2026-10-12 10:00", category="general", confidentiality=circle).id
    world.sweep("2026-10-20 09:00")
    return first, other


# ---------------------------------------------------------------------- offices
def _city() -> CityWorld:
    """chizhou: two misses for 经济发展局; daoli: one matter for its 经济发展局 and a unit
    of its own (住建局)."""
    world = CityWorld()
    world.app.add_unit(world.clerk("daoli"), Unit.create(
        "unit-d", "住房和城乡建设局", UnitKind.DEPARTMENT, head_id="daoli-head-unit-d"))
    world.dispatch("chizhou", "2026-09-25 10:00", category="general")
    world.dispatch("chizhou", "2026-10-12 10:00", category="general")
    world.dispatch("daoli", "2026-10-12 10:00", category="general")
    world.sweep("2026-10-20 09:00")
    world.when("2026-12-31 18:00")
    return world


def test_an_offices_scorecard_lists_only_its_own_units() -> None:
    """Same unit ids in two offices: chizhou's card lists chizhou's two units, daoli's its
    three (with 住建局, which only daoli has)."""
    world = _city()
    chizhou = world.app.scorecard(world.clerk("chizhou"), YEAR)
    daoli = world.app.scorecard(world.clerk("daoli"), YEAR)
    assert (["unit-a", "unit-b"], ["unit-a", "unit-b", "unit-d"]) == (
        sorted(c.unit_id for c in chizhou), sorted(c.unit_id for c in daoli))


def test_an_offices_scorecard_counts_only_its_own_matters_and_entries() -> None:
    """chizhou's 经济发展局: 2 matters, both overdue, −1 (§8.2); daoli's 经济发展局 of the
    same id: its 1 matter, none of chizhou's points."""
    world = _city()
    chizhou = _cards(world.app.scorecard(world.clerk("chizhou"), YEAR))["unit-a"]
    daoli = _cards(world.app.scorecard(world.clerk("daoli"), YEAR))["unit-a"]
    assert ((2, 2, Decimal(-1)), (1, 1, Decimal(0))) == (
        (chizhou.assigned, chizhou.open_overdue, chizhou.points),
        (daoli.assigned, daoli.open_overdue, daoli.points))
    assert ({"chizhou"}, {"chizhou-2021 §8.2"}) == (
        {e.office_id for e in chizhou.entries}, {e.citation.key for e in chizhou.entries})


def test_an_office_the_reader_does_not_read_is_not_found() -> None:
    """A daoli clerk asking for chizhou's cards gets OfficeNotFound; a city auditor with
    explicit read access to chizhou gets them."""
    world = _city()
    with pytest.raises(OfficeNotFound):
        world.app.scorecard(world.clerk("daoli"), YEAR, office_id="chizhou")
    city = Actor.of("city-auditor", Role.AUDITOR, office_id="lyg", read_offices=["chizhou"])
    cards = _cards(world.app.scorecard(city, YEAR, office_id="chizhou"))
    assert Decimal(-1) == cards["unit-a"].points


# --------------------------------------------------------------- own policy
def test_each_matter_is_judged_under_the_policy_it_lives_under() -> None:
    """The office works under daoli-2017 until it adopts chizhou-2021 from 03-16; each
    一般事项 of 经济发展局 gets a progress report two days after dispatch. The daoli matter
    (art.7(2): result or progress within 5 days) is on time; the chizhou one (§7.2: finished
    within 5 days) is still open and overdue at the year's end."""
    world = LadderWorld("daoli-2017")
    daoli = world.dispatch("2026-03-02 10:00", category="general")
    world.progress(daoli, "2026-03-04 10:00")
    world.change_policy("chizhou-2021", "2026-03-16", when="2026-03-13 10:00")
    chizhou = world.dispatch("2026-03-16 10:00", category="general")
    world.progress(chizhou, "2026-03-18 10:00")
    card = world.scorecards(YEAR, "2026-12-31 18:00")["unit-a"]
    assert ("daoli-2017", "chizhou-2021") == (world.policy_of(daoli).name,
                                              world.policy_of(chizhou).name)
    assert (2, 1, 0, 1) == (card.assigned, card.completed_on_time, card.completed_late,
                            card.open_overdue)


# ------------------------------------------------------------ who reads what
def test_office_roles_read_every_units_card_and_unit_people_their_own() -> None:
    """A clerk reads the office's figure for every unit; 经济发展局's liaison and 马衙街道's
    head each read only their own unit's card, with the same figures."""
    world = LadderWorld("chizhou-2021")
    world.dispatch("2026-09-25 10:00", category="general")
    world.dispatch("2026-10-12 10:00", category="general")
    world.dispatch("2026-10-12 11:00", category="general", lead="unit-b")
    world.sweep("2026-10-20 09:00")
    world.when("2026-12-31 18:00")
    office = _cards(world.app.scorecard(CLERK, YEAR))
    mine = world.app.scorecard(LIAISON_A, YEAR)
    theirs = world.app.scorecard(HEAD_B, YEAR)
    assert (["unit-a", "unit-b", "unit-c"], ["unit-a"], ["unit-b"]) == (
        sorted(office), [c.unit_id for c in mine], [c.unit_id for c in theirs])
    assert ((2, Decimal(-1)), (1, Decimal(0))) == (
        (mine[0].assigned, mine[0].points), (theirs[0].assigned, theirs[0].points))
    assert (office["unit-a"].entries, office["unit-b"].entries) == (
        mine[0].entries, theirs[0].entries)


def test_an_entrys_trace_never_names_a_matter_the_reader_may_not_see() -> None:
    """daoli-2017 art.23 控制知情范围: the second miss is a controlled matter; a clerk
    outside its circle reads the office's figure (−1) but the entry's trace names no matter,
    event or escalation; a clerk inside the circle sees the trace."""
    world = LadderWorld("chizhou-2021")
    circle = Confidentiality.controlled(["clerk-1", "leader-1", "head-a", "liaison-a"])
    _first, hidden = _two_misses(world, circle)
    world.when("2026-12-31 18:00")
    inside = _cards(world.app.scorecard(CLERK, YEAR))["unit-a"]
    outside = _cards(world.app.scorecard(CLERK_2, YEAR))["unit-a"]
    [seen] = inside.entries
    [traced] = outside.entries
    assert ((hidden,), True) == (seen.matter_ids, bool(seen.event_ids and seen.escalation_keys))
    assert (Decimal(-1), (), (), ()) == (
        outside.points, traced.matter_ids, traced.event_ids, traced.escalation_keys)


def test_a_units_card_for_its_people_leaves_out_what_they_may_not_see() -> None:
    """The unit's head is outside the controlled matter's circle: the head's card of
    经济发展局 counts only the matter the head may see, and no entry resting on the hidden
    one."""
    world = LadderWorld("chizhou-2021")
    circle = Confidentiality.controlled(["clerk-1", "leader-1", "liaison-a"])
    _two_misses(world, circle)
    world.when("2026-12-31 18:00")
    [card] = world.app.scorecard(HEAD_A, YEAR)
    office = _cards(world.app.scorecard(CLERK, YEAR))["unit-a"]
    assert ((1, Decimal(0), ()), (2, Decimal(-1))) == (
        (card.assigned, card.points, card.entries), (office.assigned, office.points))
