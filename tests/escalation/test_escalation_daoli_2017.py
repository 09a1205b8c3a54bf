"""daoli-2017: the art.7(3) reminder ladder, art.30(4), art.25 and art.27, on 2026 dates.

An art.7 一般事项 dispatched Friday 2026-09-25 has 5 days (art.7(2), upper end): last day
Wednesday 09-30; the next day is National Day (10-01..07), so the office reminds on Thursday
10-08 and the reply is due the same day.
"""

from __future__ import annotations

from builders import CLERK, LEADER
from escalation_world import LadderWorld, at, day, stated

from supervision.domain import ReasonKind, Source, SourceKind
from supervision.domain.policy import (
    EscalationAction,
    TriggerEvent,
)
from supervision.domain.scorecard import ScorePeriod
from supervision.service_layer import decisions


def _overdue_art7(world: LadderWorld) -> str:
    return world.dispatch("2026-09-25 10:00", category="general").id


def test_daoli_7_3_reminder_the_day_after_the_deadline_reply_same_day() -> None:
    """Past the deadline with no explanation, the office reminds on the next working day
    after it (10-08, over National Day) and the unit must report that same day."""
    world = LadderWorld("daoli-2017")
    matter = _overdue_art7(world)
    world.sweep("2026-10-07 09:00")
    assert [] == world.issued(EscalationAction.REMINDER, matter)
    world.sweep("2026-10-08 09:00")
    [reminder] = world.issued(EscalationAction.REMINDER, matter)
    assert (at("2026-10-08 00:00"), at("2026-10-09 00:00")) == (
        reminder.due_at, reminder.reply_due_at)
    assert "daoli-2017 art.7(3)" == reminder.citation.key


def test_daoli_7_3_explanation_given_means_no_reminder() -> None:
    """A unit that explained (说明原因) is not reminded (art.7(3) 超过时限且未说明原因的)."""
    world = LadderWorld("daoli-2017")
    matter = _overdue_art7(world)
    world.explain(matter, "2026-09-30 15:00", ReasonKind.OBJECTIVE)
    world.sweep("2026-10-08 09:00")
    assert [] == world.issued(EscalationAction.REMINDER, matter)


def test_daoli_7_3_no_report_by_the_reply_gives_interview_and_district_bulletin() -> None:
    """Still no report at the end of the reminder day: an interview notice (约谈通知) and a
    district-wide bulletin (全区通报), both due at 24:00 of 10-08."""
    world = LadderWorld("daoli-2017")
    matter = _overdue_art7(world)
    world.sweep("2026-10-08 09:00")
    summary = world.sweep("2026-10-09 09:00")
    assert ["约谈通知", "全区通报"] == [e.label for e in summary.escalations]
    assert {at("2026-10-09 00:00")} == {e.due_at for e in summary.escalations}
    assert {matter} == {e.matter_id for e in summary.escalations}


def test_daoli_7_3_a_report_the_same_day_stops_the_ladder() -> None:
    """A progress report on the reminder day answers it: no interview, no bulletin."""
    world = LadderWorld("daoli-2017")
    matter = _overdue_art7(world)
    world.sweep("2026-10-08 09:00")
    world.progress(matter, "2026-10-08 16:00")
    world.sweep("2026-10-09 09:00")
    assert ["催办"] == world.actions(matter)
    assert [] == world.issued(EscalationAction.INTERVIEW_NOTICE, matter)


def test_daoli_7_2_a_progress_report_in_time_meets_the_report_deadline() -> None:
    """For an art.7 matter the category period is for the result *or progress*: a progress
    report by 09-30 means no reminder."""
    world = LadderWorld("daoli-2017")
    matter = _overdue_art7(world)
    world.progress(matter, "2026-09-30 17:00")
    world.sweep("2026-10-09 09:00")
    assert [] == world.escalations(matter)


def test_daoli_13_pre_deadline_warning_one_working_day_before() -> None:
    """The office's follow-up (art.13) warns one working day before the last day."""
    world = LadderWorld("daoli-2017")
    matter = _overdue_art7(world)
    summary = world.sweep("2026-09-29 09:00")
    [warning] = summary.escalations
    assert (EscalationAction.PRE_DEADLINE_WARNING, at("2026-09-29 00:00")) == (
        warning.action, warning.due_at)
    assert matter == warning.matter_id


def test_daoli_30_4_art8_matter_overdue_without_reason_gets_criticism() -> None:
    """An art.8 matter (a meeting decision) overdue with no reason: 通报批评 (无故超时)."""
    world = LadderWorld("daoli-2017")
    matter = world.dispatch(
        "2026-09-21 10:00", source=Source.meeting(day("2026-09-18")), deadline=stated(9)
    )
    world.sweep("2026-10-08 09:00")
    [bulletin] = world.issued(EscalationAction.CRITICISM_BULLETIN, matter.id)
    assert "daoli-2017 art.30(4)" == bulletin.citation.key
    assert [] == world.issued(EscalationAction.REMINDER, matter.id)


def test_daoli_25_poor_conduct_gives_criticism_and_an_accountability_proposal() -> None:
    """A finding of perfunctory work (art.25): 通报批评 at once and accountability proposed,
    waiting for a person's decision — never taken automatically."""
    world = LadderWorld("daoli-2017")
    matter = world.dispatch("2026-03-02 10:00", category="complex")
    world.when("2026-03-05 10:00")
    decisions.record_finding(
        world.uow(), world.ctx, CLERK, matter.id, TriggerEvent.POOR_CONDUCT, "敷衍塞责，虚报进度",
    )
    summary = world.sweep("2026-03-05 11:00")
    assert ["通报批评", "问责（建议）"] == [e.label for e in summary.escalations]
    [proposal] = summary.proposals
    assert proposal.pending
    decided = decisions.decide_proposal(
        world.uow(), world.ctx, LEADER, proposal.key, accept=False, opinion="情节轻微",
    )
    assert not decided.taken


def test_daoli_27_half_year_grade() -> None:
    """Every half year each unit is graded 优秀 / 良好 / 较差 (art.27): one matter on time
    and accepted first time is 优秀; one never reported is 较差."""
    world = LadderWorld("daoli-2017")
    good = world.dispatch("2026-03-02 10:00", category="urgent", lead="unit-a")
    world.complete(good, "2026-03-03 10:00")
    world.dispatch("2026-03-02 11:00", category="urgent", lead="unit-b")
    cards = world.scorecards(ScorePeriod.of_half(2026, 1), "2026-06-30 18:00")
    assert ("优秀", "较差") == (cards["unit-a"].grade, cards["unit-b"].grade)
    assert (1, 2) == (cards["unit-a"].rank, cards["unit-b"].rank)
    assert SourceKind.LEADER_INSTRUCTION is world.stored(good).source.kind


def test_daoli_30_4_commendation_is_recorded_without_points() -> None:
    """通报表扬 (art.30(4)) is counted in the half-year scorecard; the text gives no points."""
    world = LadderWorld("daoli-2017")
    world.when("2026-05-20 10:00")
    entry = decisions.commend(
        world.uow(), world.ctx, LEADER, "unit-a", "哈里政督〔2026〕7号", "办理事项落实成绩突出",
    )
    assert ("2026-H1", "daoli-2017 art.30(4)") == (entry.period, entry.citation.key)
    card = world.scorecards(ScorePeriod.of_half(2026, 1), "2026-06-30 18:00")["unit-a"]
    assert (1, 0) == (card.commendations, card.points)
