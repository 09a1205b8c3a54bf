"""A reopened round (回头看 / 再督查, ``lianyungang-2019 §7.3``) owes its periodic reports from
its reopening, not from the first dispatch: nothing due before the reopening is missed by
it. Worked on 2026 dates (chizhou-2021 §7.5 every 15 days; zhoucun-2021 §5.4 calendar cycles
and §5.2 milestones)."""

from __future__ import annotations

from builders import CLERK
from escalation_world import LadderWorld, at, day, stated

from supervision.domain import (
    DeadlineTerms,
    Milestone,
    OccasionKind,
    ReportingCycle,
    ReportingSchedule,
    Source,
    SourceKind,
)
from supervision.domain.escalation import occasions
from supervision.domain.policy import EscalationAction
from supervision.service_layer import services


def _closed_and_reopened(world: LadderWorld, matter: str, reopen: str, days: int) -> None:
    world.complete(matter, "2026-03-20 10:00")
    world.when("2026-03-21 10:00")
    services.close(world.uow(), world.ctx, CLERK, matter)
    world.sweep("2026-03-25 09:00")
    world.when(reopen)
    services.reinspect(world.uow(), world.ctx, CLERK, matter, deadline=stated(days),
                       reason="回头看发现整改不到位")


def _reports(world: LadderWorld, matter: str, until: str) -> list[tuple[str, str]]:
    stored = world.stored(matter)
    found = occasions(stored, world.policy_of(stored), world.calendar, at(until))
    return [(o.key, o.last_day.isoformat()) for o in found
            if o.kind in (OccasionKind.REPORT, OccasionKind.MILESTONE)]


def test_chizhou_2021_7_5_a_reopened_meeting_matter_reports_15_days_after_its_reopening() -> None:
    """A meeting-decided matter dispatched 03-02, reported 03-15, completed and struck off in
    March, reopened on Monday 06-01 for 30 days: its first report of round 2 is due 06-16,
    so the sweep of 06-03 records nothing (the earlier fortnights are round 1's, met or
    over), and the sweep of 06-17 bulletins the missed report (§8.1)."""
    world = LadderWorld("chizhou-2021")
    matter = world.dispatch("2026-03-02 10:00", source=Source.meeting(day("2026-03-01")),
                            category="important", deadline=stated(60)).id
    world.progress(matter, "2026-03-15 10:00")
    _closed_and_reopened(world, matter, "2026-06-01 10:00", 30)
    assert ("r2.report1", "2026-06-16") == _reports(world, matter, "2026-06-02 00:00")[0]
    world.sweep("2026-06-03 09:00")
    assert [] == world.escalations(matter)
    world.sweep("2026-06-17 09:00")
    assert [(EscalationAction.BULLETIN, "r2.report1")] == [
        (e.action, e.occasion) for e in world.escalations(matter)]


def test_zhoucun_2021_5_4_a_reopened_year_long_task_owes_the_cycles_from_its_reopening() -> None:
    """A monthly task dispatched 2026-01-05 and reopened on Tuesday 09-01: its first month
    of round 2 is September (due 09-30; October's last day, Saturday 10-31, rolls to 11-02),
    not January."""
    world = LadderWorld("zhoucun-2021")
    matter = world.dispatch(
        "2026-01-05 10:00", source=Source.of(SourceKind.ANNUAL_TARGET, "年度重点工作"),
        deadline=DeadlineTerms.stated(due_day=day("2026-03-31")),
        reporting=ReportingSchedule.calendar(ReportingCycle.MONTHLY),
    ).id
    for when in ("2026-01-30 10:00", "2026-02-27 10:00"):
        world.progress(matter, when)
    _closed_and_reopened(world, matter, "2026-09-01 10:00", 60)
    assert [("r2.monthly2026-09-01", "2026-09-30"), ("r2.monthly2026-10-01", "2026-11-02")] == (
        _reports(world, matter, "2026-10-15 00:00")[:2])


def test_zhoucun_2021_5_2_a_reopened_round_owes_only_the_milestones_after_its_reopening() -> None:
    """Milestones of 03-10 and 07-15; the matter reopened on 06-01: the March milestone is
    past (round 1's), the July one is owed in round 2."""
    world = LadderWorld("zhoucun-2021")
    matter = world.dispatch(
        "2026-03-02 10:00", source=Source.of(SourceKind.MAJOR_DEPLOYMENT, "重大部署"),
        deadline=DeadlineTerms.stated(due_day=day("2026-08-31")),
        milestones=(Milestone("方案制定", day("2026-03-10")),
                    Milestone("全面完成", day("2026-07-15"))),
    ).id
    _closed_and_reopened(world, matter, "2026-06-01 10:00", 60)
    assert [("r2.milestone2", "2026-07-15")] == _reports(world, matter, "2026-07-20 00:00")


def test_the_first_round_is_counted_from_the_dispatch_as_before() -> None:
    """Round 1 is unchanged: the chizhou-2021 §7.5 fortnights run from the dispatch."""
    world = LadderWorld("chizhou-2021")
    matter = world.dispatch("2026-03-02 10:00", source=Source.meeting(day("2026-03-01")),
                            category="important", deadline=stated(60)).id
    assert [("r1.report1", "2026-03-17"), ("r1.report2", "2026-04-01")] == (
        _reports(world, matter, "2026-03-20 00:00")[:2])
