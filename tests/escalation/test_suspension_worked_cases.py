"""While a matter is suspended (中止) its clock stops for every obligation, not only for the
completion deadline: no periodic report, cycle, milestone or redo falls due then, and none is
sanctioned as missed. Library convention (none of the five texts speaks of a suspension; the
completion deadline moves on resumption by the working days paused, docs/lifecycle.md):
rolling reports are counted anew from the resumption, calendar cycles ending while suspended
(or resumed with fewer than the first-cycle working days left) are not owed, one-off deadlines
(milestones, redos) move on by the working days paused. Worked on 2026 dates."""

from __future__ import annotations

from builders import CLERK
from escalation_world import LadderWorld, at, day, stated

from supervision.domain import (
    DeadlineTerms,
    Milestone,
    OccasionKind,
    ReportingCycle,
    ReportingSchedule,
    ReviewOutcome,
    Source,
    SourceKind,
)
from supervision.domain.escalation import occasions
from supervision.domain.statistics import Standing, assess_state
from supervision.service_layer import services


def _suspend(world: LadderWorld, matter: str, when: str) -> None:
    world.when(when)
    services.suspend(world.uow(), world.ctx, CLERK, matter, reason="等待上级批复")


def _resume(world: LadderWorld, matter: str, when: str) -> None:
    world.when(when)
    services.resume(world.uow(), world.ctx, CLERK, matter)


def _owed(world: LadderWorld, matter: str, until: str,
          *kinds: OccasionKind) -> list[tuple[str, str, bool]]:
    stored = world.stored(matter)
    found = occasions(stored, world.policy_of(stored), world.calendar, at(until))
    return [(o.key, o.last_day.isoformat(), o.met_at is not None) for o in found
            if o.kind in kinds]


def _unit_escalations(world: LadderWorld, matter: str) -> list[tuple[str, str]]:
    """What was issued against the unit (the office's own duties left out)."""
    return [(e.label, e.occasion) for e in world.escalations(matter) if e.unit_id is not None]


def test_chizhou_2021_7_5_no_fortnightly_report_falls_due_while_the_matter_is_suspended() -> None:
    """A meeting-decided matter dispatched Monday 03-02 reports on 03-10 (meeting its first
    fortnight, due 03-17) and is suspended on 03-12, resumed on Monday 04-20. Before, the
    fortnights kept running while suspended: the sweep of 04-01 bulletined the report 'due'
    03-25 (§8.1) and the sweep of 04-21 that of 04-09 and deducted a point (§8.2). Now
    nothing is owed while suspended, and the next report is due 15 days after the
    resumption: 05-05 is in the Labour Day holiday, so Wednesday 05-06."""
    world = LadderWorld("chizhou-2021")
    matter = world.dispatch("2026-03-02 10:00", source=Source.meeting(day("2026-03-01")),
                            category="important", deadline=stated(60)).id
    world.progress(matter, "2026-03-10 10:00")
    _suspend(world, matter, "2026-03-12 10:00")
    assert [("r1.report1", "2026-03-17", True)] == _owed(
        world, matter, "2026-04-30 00:00", OccasionKind.REPORT)
    world.sweep("2026-04-01 09:00")
    _resume(world, matter, "2026-04-20 10:00")
    world.sweep("2026-04-21 09:00")
    assert [] == _unit_escalations(world, matter)
    assert world.points() == 0
    assert [("r1.report1", "2026-03-17", True), ("r1.report2", "2026-05-06", False)] == _owed(
        world, matter, "2026-05-01 00:00", OccasionKind.REPORT)
    world.sweep("2026-05-07 09:00")  # the first report after the resumption, missed
    assert [("通报", "r1.report2")] == _unit_escalations(world, matter)


def test_zhoucun_2021_5_4_no_monthly_report_is_owed_for_a_month_ending_while_suspended() -> None:
    """A monthly task reports January on 01-30, is suspended on 02-10 and resumed on Monday
    04-27: February and March ended while suspended, April has three working days left after
    the resumption (fewer than the five the dispatch cycle needs, rules.md §2), so May is
    the first month owed again (its last day, Sunday 05-31, rolls to 06-01)."""
    world = LadderWorld("zhoucun-2021")
    matter = world.dispatch(
        "2026-01-05 10:00", source=Source.of(SourceKind.ANNUAL_TARGET, "年度重点工作"),
        deadline=DeadlineTerms.stated(due_day=day("2026-09-30")),
        reporting=ReportingSchedule.calendar(ReportingCycle.MONTHLY),
    ).id
    world.progress(matter, "2026-01-30 10:00")
    _suspend(world, matter, "2026-02-10 10:00")
    world.sweep("2026-04-01 09:00")
    _resume(world, matter, "2026-04-27 10:00")
    world.sweep("2026-05-06 09:00")
    assert [] == _unit_escalations(world, matter)
    assert [("r1.monthly2026-01-01", "2026-02-02", True),
            ("r1.monthly2026-05-01", "2026-06-01", False)] == _owed(
        world, matter, "2026-05-15 00:00", OccasionKind.REPORT)


def test_zhoucun_2021_5_2_a_milestone_moves_on_by_the_working_days_paused() -> None:
    """Milestones of 03-10 (met by the report of 03-05, before the suspension: it stays as
    set) and 04-15; suspended on Wednesday 03-11, resumed on Wednesday 03-25: the ten working
    days 03-12 … 03-25 move the April milestone to 04-29."""
    world = LadderWorld("zhoucun-2021")
    matter = world.dispatch(
        "2026-03-02 10:00", source=Source.of(SourceKind.MAJOR_DEPLOYMENT, "重大部署"),
        deadline=DeadlineTerms.stated(due_day=day("2026-08-31")),
        milestones=(Milestone("方案制定", day("2026-03-10")),
                    Milestone("全面完成", day("2026-04-15"))),
    ).id
    world.progress(matter, "2026-03-05 10:00")
    _suspend(world, matter, "2026-03-11 10:00")
    assert [("r1.milestone1", "2026-03-10", True)] == _owed(
        world, matter, "2026-05-01 00:00", OccasionKind.MILESTONE)
    _resume(world, matter, "2026-03-25 10:00")
    assert [("r1.milestone1", "2026-03-10", True), ("r1.milestone2", "2026-04-29", False)] == (
        _owed(world, matter, "2026-05-01 00:00", OccasionKind.MILESTONE))
    world.sweep("2026-04-20 09:00")
    assert [] == _unit_escalations(world, matter)


def test_lianyungang_2019_5_6_a_redo_deadline_waits_for_the_resumption_and_moves_on() -> None:
    """A final report of 03-05 is returned on Friday 03-06: the redo is due in 7 working days,
    03-17. Suspended on Monday 03-09 and resumed on Monday 03-23, nothing is owed meanwhile
    (the sweep of 03-20 issues nothing), and the ten working days paused (03-10 … 03-23) move
    the redo to 03-31: recorded on the review round by the resumption, so the ledger's
    standing reads the same day as the engine (not overdue on 03-24)."""
    world = LadderWorld("lianyungang-2019")
    matter = world.dispatch("2026-03-02 10:00").id
    world.final(matter, "2026-03-05 10:00")
    world.review(matter, "2026-03-06 10:00", ReviewOutcome.RETURNED)
    assert [("r1.redo1", "2026-03-17", False)] == _owed(
        world, matter, "2026-03-20 00:00", OccasionKind.REDO)
    _suspend(world, matter, "2026-03-09 10:00")
    assert [] == _owed(world, matter, "2026-03-20 00:00", OccasionKind.REDO)
    world.sweep("2026-03-20 09:00")
    assert [] == _unit_escalations(world, matter)
    _resume(world, matter, "2026-03-23 10:00")
    assert [("r1.redo1", "2026-03-31", False)] == _owed(
        world, matter, "2026-04-20 00:00", OccasionKind.REDO)
    stored = world.stored(matter)
    assert day("2026-03-31") == stored.rounds[0].redo_due_day
    standing = assess_state(stored, world.policy_of(stored), world.calendar,
                            at("2026-03-24 09:00"))
    assert (Standing.ON_TRACK, day("2026-03-31")) == (standing.standing, standing.owed_day)
    world.sweep("2026-03-24 09:00")
    assert [] == _unit_escalations(world, matter)


def _reminded_then_suspended(world: LadderWorld) -> str:
    """An urgent daoli-2017 art.7 matter dispatched Monday 03-02, due in 2 days (03-04),
    reminded on 03-05 (逾期次日催办, the unit to report that same day), suspended an hour
    later and resumed on Monday 03-16: the seven working days paused (03-06 … 03-16) move
    the completion deadline to 03-13 and the reply to the reminder to 03-16."""
    matter = world.dispatch("2026-03-02 10:00", category="urgent").id
    world.sweep("2026-03-05 09:00")
    assert [("催办", "r1")] == _unit_escalations(world, matter)
    _suspend(world, matter, "2026-03-05 10:00")
    world.sweep("2026-03-10 09:00")
    _resume(world, matter, "2026-03-16 10:00")
    assert world.stored(matter).due is not None
    assert day("2026-03-13") == world.stored(matter).due.last_day  # type: ignore[union-attr]
    return matter


def test_daoli_2017_7_3_a_reminder_s_reply_day_moves_on_by_the_working_days_paused() -> None:
    """Before, the interview notice and the district bulletin (仍未报告的) were issued by the
    first sweep after the resumption (03-16 11:00), the reply day having been the suspended
    03-05; now the unit has the rest of its reply (to 03-16 24:00), and they come on 03-17."""
    world = LadderWorld("daoli-2017")
    matter = _reminded_then_suspended(world)
    world.sweep("2026-03-16 11:00")
    assert [("催办", "r1")] == _unit_escalations(world, matter)
    world.sweep("2026-03-17 09:00")
    assert [("催办", "r1"), ("约谈通知", "r1"), ("全区通报", "r1")] == (
        _unit_escalations(world, matter))


def test_daoli_2017_7_3_a_report_on_the_resumption_day_answers_the_reminder() -> None:
    world = LadderWorld("daoli-2017")
    matter = _reminded_then_suspended(world)
    world.progress(matter, "2026-03-16 15:00")
    world.sweep("2026-03-17 09:00")
    assert [("催办", "r1")] == _unit_escalations(world, matter)


def test_zhoucun_2021_6_3_still_not_done_after_the_bulletin_waits_for_the_days_paused() -> None:
    """A major deployment dispatched Monday 03-02 (5 working days, due 03-09) is bulletined in
    《周村督查》 on 03-10 and suspended an hour later, resumed on Monday 03-30. Before, the
    report to the district leaders (通报后仍未完成的) came on 03-17, while suspended; now the
    five working days after the bulletin move on by the fourteen paused (03-11 … 03-30) and
    it comes on 04-07 (04-04 … 04-06 are the Qingming holiday)."""
    world = LadderWorld("zhoucun-2021")
    matter = world.dispatch(
        "2026-03-02 10:00", source=Source.of(SourceKind.MAJOR_DEPLOYMENT, "重大部署")).id
    world.sweep("2026-03-10 09:00")
    assert [("催办", "r1"), ("通报", "r1")] == _unit_escalations(world, matter)
    _suspend(world, matter, "2026-03-10 10:00")
    world.sweep("2026-03-17 09:00")
    _resume(world, matter, "2026-03-30 10:00")
    for when in ("2026-03-31 09:00", "2026-04-03 09:00"):
        world.sweep(when)
    assert [("催办", "r1"), ("通报", "r1")] == _unit_escalations(world, matter)
    world.sweep("2026-04-07 09:00")
    assert [("催办", "r1"), ("通报", "r1"), ("向区领导汇报", "r1")] == (
        _unit_escalations(world, matter))
