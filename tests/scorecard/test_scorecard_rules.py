"""The scorecard's rules: traced points, reversal only by a compensating entry, periods."""

from __future__ import annotations

from decimal import Decimal

import pytest
from builders import CLERK, LEADER
from escalation_world import LadderWorld, at

from supervision.domain.policy import (
    AssessmentPeriod,
    EscalationAction,
)
from supervision.domain.scorecard import ScorePeriod
from supervision.exceptions import InvalidInput, PermissionDenied
from supervision.service_layer import decisions


def _two_misses(world: LadderWorld) -> None:
    world.dispatch("2026-09-25 10:00", category="general")
    world.dispatch("2026-10-12 10:00", category="general")
    world.sweep("2026-10-20 09:00")


def test_every_point_traces_to_its_matter_event_and_escalation() -> None:
    """A deduction names the matter, the ESCALATED event and the escalation behind it."""
    world = LadderWorld("chizhou-2021")
    _two_misses(world)
    [deduction] = world.issued(EscalationAction.POINT_DEDUCTION)
    [entry] = world.entries()
    with world.uow() as uow:
        [event] = [e for e in uow.events.for_matter(deduction.matter_id)
                   if e.detail("escalation") == deduction.key]
    assert ((deduction.matter_id,), (event.event_id,), (deduction.key,)) == (
        entry.matter_ids, entry.event_ids, entry.escalation_keys)


def test_an_upheld_objection_reverses_a_deduction_by_a_compensating_entry() -> None:
    """异议成立: a +1 entry pointing at the −1; the original stays; net 0; only once."""
    world = LadderWorld("chizhou-2021")
    _two_misses(world)
    [entry] = world.entries()
    with pytest.raises(PermissionDenied):
        decisions.uphold_objection(world.uow(), world.ctx, CLERK, entry.key, "系客观原因")
    reversal = decisions.uphold_objection(
        world.uow(), world.ctx, LEADER, entry.key, "经复核系暴雨停工，异议成立",
    )
    assert (Decimal(1), entry.key) == (reversal.points, reversal.compensates)
    assert [entry, reversal] == world.entries()
    card = world.scorecards(ScorePeriod.of_year(2026), "2026-12-31 18:00")["unit-a"]
    assert (Decimal(0), Decimal(-1), Decimal(1)) == (card.points, card.deductions,
                                                    card.bonuses)
    with pytest.raises(InvalidInput):
        decisions.uphold_objection(world.uow(), world.ctx, LEADER, reversal.key, "再议")
    world.sweep("2026-10-21 09:00")
    assert Decimal(0) == world.points()


def test_tongren_2014_11_3_a_reversed_commendation_counts_no_more() -> None:
    """tongren-2014 art.11(3) 通报表彰 (+1): recorded for unit-b on 2026-10-08 and reversed on
    10-09 (the office found it recorded in error): as of 10-10 unit-b has no commendation,
    as it has no point — before, the card still counted 1 commendation with 0 points, and the
    commendation still broke ties in the ranking. As of 10-08 evening it counts."""
    world = LadderWorld("tongren-2014")
    world.when("2026-10-08 10:00")
    entry = decisions.commend(world.uow(), world.ctx, LEADER, "unit-b", "铜高党办〔2026〕3号",
                              "督查事项完成情况成绩突出")
    world.when("2026-10-09 10:00")
    decisions.uphold_objection(world.uow(), world.ctx, LEADER, entry.key, "表彰文号录入有误")
    year = ScorePeriod.of_year(2026)
    before = world.scorecards(year, "2026-10-08 18:00")["unit-b"]
    after = world.scorecards(year, "2026-10-10 09:00")
    assert (1, Decimal(1), 1) == (before.commendations, before.points, before.rank)
    assert (0, Decimal(0)) == (after["unit-b"].commendations, after["unit-b"].points)
    assert {1} == {card.rank for card in after.values()}


def test_on_time_rate_and_average_working_days() -> None:
    """On time 1 of 2 fallen due (50%); handling time counts working days, 10-10 included."""
    world = LadderWorld("chizhou-2021")
    quick = world.dispatch("2026-10-09 10:00", category="general")
    world.complete(quick, "2026-10-12 10:00")
    world.dispatch("2026-10-09 11:00", category="general")
    card = world.scorecards(ScorePeriod.of_year(2026), "2026-10-20 18:00")["unit-a"]
    assert (1, 1, Decimal(50), Decimal(2)) == (
        card.completed_on_time, card.open_overdue, card.on_time_rate, card.average_working_days)


def test_score_periods_are_years_or_half_years() -> None:
    """daoli-2017 art.27 assesses by half-year: 2026-07-01 falls in 2026-H2; a key that names
    no period is refused."""
    assert "2026-H2" == ScorePeriod.containing(at("2026-07-01 00:00"),
                                               AssessmentPeriod.HALF_YEAR).key
    assert "2026" == ScorePeriod.containing(at("2026-12-31 23:59"), AssessmentPeriod.YEAR).key
    assert ScorePeriod.of_half(2026, 1) == ScorePeriod.parse("2026-H1")
    assert "2026年上半年" == ScorePeriod.parse("2026-H1").label
    with pytest.raises(InvalidInput):
        ScorePeriod.parse("2026-Q5")
