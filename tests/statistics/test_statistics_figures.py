"""The figures of docs/statistics.md, each counted once."""

from __future__ import annotations

from decimal import Decimal

import pytest
from builders import CLERK, LEADER
from escalation_world import LadderWorld, at

from supervision.domain import ReviewOutcome
from supervision.domain.scorecard import ScorePeriod
from supervision.domain.statistics import STATISTICS, Figures, Rate
from supervision.exceptions import InvalidInput
from supervision.service_layer import decisions, reporting

YEAR = ScorePeriod.of_year(2026)


def _figures(world: LadderWorld, when: str, period: ScorePeriod | None = YEAR,
             unit: str = "unit-a") -> Figures:
    stats = reporting.office_statistics(world.uow(), world.ctx, CLERK, as_of=at(when),
                                        period=period)
    return stats.unit(unit)


def _mixed() -> LadderWorld:
    """unit-a: on time (4 working days), late (reported 10-13), overdue, not yet due."""
    world = LadderWorld("chizhou-2021")
    on_time = world.dispatch("2026-09-21 10:00", category="general")   # due 09-28
    late = world.dispatch("2026-09-25 10:00", category="general")      # due 09-30
    world.dispatch("2026-10-09 10:00", category="general")             # due 10-14
    world.dispatch("2026-10-12 10:00", category="important")           # due 10-27
    world.complete(on_time, "2026-09-25 15:00")
    world.sweep("2026-10-09 09:00")
    world.complete(late, "2026-10-13 10:00")
    world.sweep("2026-10-15 09:00")
    return world


def test_the_buckets_add_up_to_the_matters_assigned() -> None:
    """assigned = on time + late + open and overdue + open and not yet due + ended."""
    figures = _figures(_mixed(), "2026-10-15 18:00")
    assert (4, 1, 1, 1, 1, 0) == (
        figures.assigned, figures.completed_on_time, figures.completed_late,
        figures.open_overdue, figures.open_not_yet_due, figures.ended)


def test_the_on_time_rate_states_its_denominator() -> None:
    """按期办结率 = on time ÷ (on time + late + open and overdue): 1/3, 33.3% (one decimal,
    half up), written with its numerator and denominator."""
    rate = _figures(_mixed(), "2026-10-15 18:00").on_time_rate
    assert (1, 3, Decimal("33.3"), "33.3%（1/3）") == (
        rate.numerator, rate.denominator, rate.percent, rate.full_text)


def test_no_rate_without_a_decided_matter() -> None:
    """Nothing finished or overdue: no rate (—), never 0% or 100%."""
    assert (None, "—", None) == (Rate(0, 0).percent, Rate(0, 0).text, Rate(0, 0).fraction)


def test_a_rate_rounds_half_up_to_one_decimal() -> None:
    """1/8 is 12.5%, 1/16 is 6.25% → 6.3% (half up), and the spreadsheet fraction is the
    rounded percentage."""
    assert (Decimal("12.5"), Decimal("6.3"), 0.063) == (
        Rate(1, 8).percent, Rate(1, 16).percent, Rate(1, 16).fraction)


def test_a_rate_refuses_a_numerator_above_its_denominator() -> None:
    """Rate.of(3, 2) names the numerator."""
    with pytest.raises(InvalidInput, match=r"rate\.numerator"):
        Rate.of(3, 2)


def test_handling_time_is_average_and_median_in_working_days() -> None:
    """From the dispatch day to the delivery day, working days only (the dispatch day not
    counted): 3 (09-21 → 09-25, Mid-Autumn Festival that Friday) and 8 (09-25 → 10-13, over
    National Day): average 5.5, median 5.5."""
    figures = _figures(_mixed(), "2026-10-15 18:00")
    assert (Decimal("5.5"), Decimal("5.5")) == (
        figures.average_working_days, figures.median_working_days)


def test_escalations_and_points_count_by_the_instant_given() -> None:
    """Bulletins and the §8.2 point count once issued by the instant asked; before the sweep
    that issued them they are not there yet."""
    world = _mixed()
    early, late = _figures(world, "2026-10-08 18:00"), _figures(world, "2026-10-15 18:00")
    assert ((0, Decimal(0)), (2, Decimal(-1))) == (
        (early.bulletins, early.points), (late.bulletins, late.points))


def test_returns_count_in_the_period_of_the_review() -> None:
    """A report returned in September counts in September's figures, not October's."""
    world = LadderWorld("lianyungang-2019")
    matter = world.dispatch("2026-09-21 10:00")
    world.final(matter, "2026-09-25 10:00")
    world.review(matter, "2026-09-28 10:00", ReviewOutcome.RETURNED)
    september = _figures(world, "2026-10-20 09:00", ScorePeriod.of_month(2026, 9))
    october = _figures(world, "2026-10-20 09:00", ScorePeriod.of_month(2026, 10))
    assert (1, 0) == (september.returns, october.returns)


def test_a_matter_counts_in_the_period_its_deadline_falls_in() -> None:
    """rules.md §2: dispatched in September, due in October, it is October's (and Q4's)."""
    world = LadderWorld("chizhou-2021")
    world.dispatch("2026-09-28 10:00", category="general")              # due 10-08
    assigned = [
        _figures(world, "2026-10-20 09:00", p).assigned
        for p in (ScorePeriod.of_month(2026, 9), ScorePeriod.of_month(2026, 10),
                  ScorePeriod.of_quarter(2026, 3), ScorePeriod.of_quarter(2026, 4),
                  ScorePeriod.of_half(2026, 2), YEAR)
    ]
    assert [0, 1, 0, 1, 1, 1] == assigned


def test_a_years_points_split_over_its_months_by_the_missed_deadline() -> None:
    """A year's §8.2 deduction counts in the month its missed deadline fell in (October),
    so the months' points add up to the year's."""
    world = _mixed()
    months = [_figures(world, "2026-12-31 18:00", ScorePeriod.of_month(2026, m)).points
              for m in range(1, 13)]
    assert (Decimal(-1), Decimal(-1)) == (months[9], sum(months, Decimal(0)))
    assert Decimal(-1) == _figures(world, "2026-12-31 18:00").points


def test_a_commendation_counts_in_the_office_figures() -> None:
    """chizhou-2021 §8.2 通报表扬 is worth 0 points but is recorded: the net stays 0."""
    world = LadderWorld("chizhou-2021")
    world.dispatch("2026-10-12 10:00", category="general")
    world.when("2026-10-15 10:00")
    decisions.commend(world.uow(), world.ctx, LEADER, "unit-a", "池开办〔2026〕3号", "按期办结")
    assert Decimal(0) == _figures(world, "2026-10-20 09:00").points


def test_every_figure_has_a_bilingual_definition() -> None:
    """Each statistic has a key that is a Figures attribute, a Chinese label and both
    definitions."""
    figures = _figures(_mixed(), "2026-10-15 18:00")
    missing = [s.key for s in STATISTICS
               if not (s.label and s.name and s.definition_zh and s.definition_en)
               or not hasattr(figures, s.key)]
    assert [] == missing
