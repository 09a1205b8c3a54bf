"""zhoucun-2021 §4.3, §5.3 and §6.3 on 2026 dates.

A major deployment dispatched Monday 2026-09-28 has 5 working days (§5.1): 09-29, 09-30,
then National Day, 10-08, 10-09 and Saturday 10-10 (a make-up working day): due 10-10.
"""

from __future__ import annotations

from decimal import Decimal

from builders import CLERK
from escalation_world import LadderWorld, at, day

from supervision.domain import (
    DeadlineTerms,
    ReportingCycle,
    ReportingSchedule,
    ReviewOutcome,
    Source,
    SourceKind,
)
from supervision.domain.policy import (
    EscalationAction,
    TriggerEvent,
)
from supervision.service_layer import decisions


def _deployment(world: LadderWorld) -> str:
    return world.dispatch(
        "2026-09-28 10:00", source=Source.of(SourceKind.MAJOR_DEPLOYMENT, "区政府常务会议部署")
    ).id


def test_zhoucun_5_1_deadline_counts_the_make_up_saturday() -> None:
    """5 working days from 09-28 end on Saturday 10-10, a make-up working day."""
    world = LadderWorld("zhoucun-2021")
    matter = world.stored(_deployment(world))
    assert matter.due is not None
    assert at("2026-10-11 00:00") == matter.due.due_at


def test_zhoucun_4_3_overdue_is_reminded() -> None:
    """Overdue: 电话催报、逐件催办 (§4.3), on the office's next working day (the deadline
    passed at the end of Saturday 10-10; Sunday 10-11 is a rest day)."""
    world = LadderWorld("zhoucun-2021")
    matter = _deployment(world)
    world.sweep("2026-10-12 09:00")
    [reminder] = world.issued(EscalationAction.REMINDER, matter)
    assert ("zhoucun-2021 §4.3", at("2026-10-12 00:00")) == (
        reminder.citation.key, reminder.due_at)


def test_zhoucun_6_3_late_work_is_bulletined_and_deducted() -> None:
    """Not done in time: 通报 in 《周村督查》 and a 落实不力 item deducted (1 point default)."""
    world = LadderWorld("zhoucun-2021")
    matter = _deployment(world)
    world.sweep("2026-10-12 09:00")
    [bulletin] = world.issued(EscalationAction.BULLETIN, matter)
    assert "《周村督查》" == bulletin.document
    [entry] = world.entries()
    assert (Decimal(-1), "zhoucun-2021 §6.3", (bulletin.key,)) == (
        entry.points, entry.citation.key, entry.escalation_keys)


def test_zhoucun_6_3_still_not_done_after_the_bulletin_goes_to_the_district_leaders() -> None:
    """Still not done 5 working days after the bulletin (issued 10-12): reported to the
    district leaders on 10-19; done before then, it is not."""
    world = LadderWorld("zhoucun-2021")
    matter = _deployment(world)
    world.sweep("2026-10-12 09:00")
    world.sweep("2026-10-16 09:00")
    assert [] == world.issued(EscalationAction.REPORT_TO_LEADERS, matter)
    world.sweep("2026-10-19 09:00")
    [report] = world.issued(EscalationAction.REPORT_TO_LEADERS, matter)
    assert at("2026-10-19 00:00") == report.due_at
    other = LadderWorld("zhoucun-2021")
    done = _deployment(other)
    other.sweep("2026-10-12 09:00")
    other.final(done, "2026-10-13 09:00")
    other.sweep("2026-10-19 09:00")
    assert [] == other.issued(EscalationAction.REPORT_TO_LEADERS, done)


def test_zhoucun_5_3_handling_plan_is_due_the_next_day() -> None:
    """A main leader's instruction dispatched Wednesday 09-30 needs a handling plan 次日: the
    next day is National Day, so Thursday 10-08; none by then is a late report."""
    world = LadderWorld("zhoucun-2021")
    matter = world.dispatch("2026-09-30 10:00").id
    world.sweep("2026-10-08 09:00")
    assert [] == world.escalations(matter)
    world.sweep("2026-10-09 09:00")
    assert "r1.handling_plan" in {e.occasion for e in world.escalations(matter)}


def test_zhoucun_6_3_return_for_quality_is_bulletined() -> None:
    """Work below the quality required (returned for redo) is bulletined."""
    world = LadderWorld("zhoucun-2021")
    matter = _deployment(world)
    world.final(matter, "2026-10-09 10:00")
    world.review(matter, "2026-10-09 15:00", ReviewOutcome.RETURNED, "未按质量要求完成")
    world.sweep("2026-10-09 16:00")
    assert ["r1.return1"] == [
        e.occasion for e in world.issued(EscalationAction.BULLETIN, matter)]


def test_zhoucun_6_3_perfunctory_work_found_is_bulletined() -> None:
    """A recorded finding of perfunctory work (敷衍了事) is bulletined."""
    world = LadderWorld("zhoucun-2021")
    matter = _deployment(world)
    world.when("2026-09-29 10:00")
    decisions.record_finding(
        world.uow(), world.ctx, CLERK, matter, TriggerEvent.POOR_CONDUCT, "工作作风漂浮、敷衍了事",
    )
    world.sweep("2026-09-29 11:00")
    [bulletin] = world.issued(EscalationAction.BULLETIN, matter)
    assert bulletin.occasion.startswith("finding")


def test_zhoucun_5_4_monthly_cycle_report_missed_is_reminded() -> None:
    """A year-long task reported monthly (the leader's chosen cycle), dispatched 03-02: the
    March and April reports came in; May's was due by Sunday 05-31, rolled to Monday 06-01;
    none came, so it is chased."""
    world = LadderWorld("zhoucun-2021")
    matter = world.dispatch(
        "2026-03-02 10:00", source=Source.of(SourceKind.ANNUAL_TARGET, "年度重点工作"),
        deadline=DeadlineTerms.stated(due_day=day("2026-12-20")),
        reporting=ReportingSchedule.calendar(ReportingCycle.MONTHLY),
    ).id
    world.progress(matter, "2026-03-30 10:00")
    world.progress(matter, "2026-04-28 10:00")
    world.sweep("2026-06-01 09:00")
    assert [] == world.escalations(matter)
    world.sweep("2026-06-02 09:00")
    [reminder] = world.issued(EscalationAction.REMINDER, matter)
    assert ("r1.monthly2026-05-01", at("2026-06-02 00:00")) == (
        reminder.occasion, reminder.due_at)
