"""rules.md §2, calendar anchors: the cycle a matter is dispatched in is owed, its report due at
the cycle's end, unless fewer than ``first_cycle_min_working_days`` (default 5) working days of
it remain after dispatch; a cycle is never skipped because it began earlier on the dispatch day.

Worked on 2026 dates with a zhoucun-2021 year-long task (§5.4, the leader's chosen cycle)."""

from __future__ import annotations

from typing import Any

from escalation_world import LadderWorld, at, day

from supervision.domain import (
    DeadlineTerms,
    OccasionKind,
    ReportingCycle,
    ReportingSchedule,
    Source,
    SourceKind,
)
from supervision.domain.escalation import occasions


def _first_reports(
    dispatched: str, cycle: ReportingCycle, **parameters: Any
) -> list[tuple[str, str]]:
    """The first two periodic reports (key, last day) of a task dispatched at ``dispatched``."""
    world = LadderWorld("zhoucun-2021", **parameters)
    matter = world.dispatch(
        dispatched, source=Source.of(SourceKind.ANNUAL_TARGET, "年度重点工作"),
        deadline=DeadlineTerms.stated(due_day=day("2026-12-20")),
        reporting=ReportingSchedule.calendar(cycle),
    )
    stored = world.stored(matter)
    found = occasions(stored, world.policy_of(stored), world.calendar, at("2026-12-01 00:00"))
    return [(o.key, o.last_day.isoformat()) for o in found if o.kind is OccasionKind.REPORT][:2]


def test_rules_2_weekly_cycle_beginning_on_the_dispatch_day_is_owed() -> None:
    """Dispatched Monday 2026-03-02 at 10:00: the week began that day, so it is owed (due
    Sunday 03-08, rolled to Monday 03-09), though only 4 working days of it remain after."""
    assert [("r1.weekly2026-03-02", "2026-03-09"), ("r1.weekly2026-03-09", "2026-03-16")] == (
        _first_reports("2026-03-02 10:00", ReportingCycle.WEEKLY))


def test_rules_2_holiday_week_beginning_on_the_dispatch_day_is_owed() -> None:
    """Dispatched Monday 2026-09-28, the week of National Day (2 working days after the
    dispatch day): still owed, due 10-04 rolled over the holiday to Thursday 10-08."""
    assert ("r1.weekly2026-09-28", "2026-10-08") == (
        _first_reports("2026-09-28 10:00", ReportingCycle.WEEKLY)[0])


def test_rules_2_weekly_cycle_under_way_with_few_days_left_is_passed_over() -> None:
    """Dispatched Tuesday 2026-03-03 (3 working days left): the first report is next week's."""
    assert ("r1.weekly2026-03-09", "2026-03-16") == (
        _first_reports("2026-03-03 10:00", ReportingCycle.WEEKLY)[0])


def test_rules_2_month_with_5_working_days_left_is_owed() -> None:
    """Dispatched Tuesday 2026-03-24: 03-25, 26, 27, 30 and 31 remain, 5 working days, so
    March is owed (due 03-31)."""
    assert ("r1.monthly2026-03-01", "2026-03-31") == (
        _first_reports("2026-03-24 10:00", ReportingCycle.MONTHLY)[0])


def test_rules_2_month_with_4_working_days_left_is_passed_over() -> None:
    """Dispatched Wednesday 2026-03-25: 4 working days remain, so the first report is
    April's (due 04-30)."""
    assert ("r1.monthly2026-04-01", "2026-04-30") == (
        _first_reports("2026-03-25 10:00", ReportingCycle.MONTHLY)[0])


def test_rules_2_quarter_beginning_on_the_dispatch_day_is_owed() -> None:
    """Dispatched on 2026-07-01, the first day of Q3: Q3 is owed, due 09-30."""
    assert ("r1.quarterly2026-07-01", "2026-09-30") == (
        _first_reports("2026-07-01 10:00", ReportingCycle.QUARTERLY)[0])


def test_rules_2_no_grace_owes_the_dispatch_cycle_always() -> None:
    """With the parameter at 0 the dispatch cycle is owed even on its last working day."""
    assert ("r1.monthly2026-03-01", "2026-03-31") == _first_reports(
        "2026-03-31 10:00", ReportingCycle.MONTHLY, first_cycle_min_working_days=0)[0]
