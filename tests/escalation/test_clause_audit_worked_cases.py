"""Worked cases for clauses whose behaviour had no end-to-end test (the w9 clause audit).

Each case walks a matter through the public service API (register → dispatch → report →
sweep) on the real 2026 calendar: Mid-Autumn 09-25..27, National Day 10-01..07 with make-up
working days Sunday 09-20 and Saturday 10-10. Periods are counted as rules.md §2 says: the
start day is not counted, a last day that is not a working day moves to the next working day
(a make-up day is one), and the period ends at 24:00 of its last day.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from builders import CLERK, LEADER, LIAISON_A
from escalation_world import LadderWorld, at, day, stated

from supervision.domain import (
    DeadlineTerms,
    ReasonKind,
    ReportContent,
    ReportKind,
    Source,
    SourceKind,
    Status,
)
from supervision.domain.policy import EscalationAction
from supervision.domain.scorecard import ScorePeriod
from supervision.exceptions import PeriodOutOfRange, RuleViolation
from supervision.periods import Period
from supervision.service_layer import decisions, services

_DEPLOYMENT = Source.of(SourceKind.MAJOR_DEPLOYMENT, "区政府常务会议部署")


def _last_day(world: LadderWorld, matter: str) -> str:
    due = world.stored(matter).due
    assert due is not None
    return due.last_day.isoformat()


# ------------------------------------------------------------------------ chizhou-2021
def test_chizhou_2021_7_2_stated_deadline_prevails_over_the_tier() -> None:
    """chizhou-2021 §7.2 凡注明办理期限的事项必须如期办结: a 一般事项 (5 days) whose notice
    states 20 days, dispatched 09-10, is due Wednesday 09-30 — not 09-15 — so nothing is
    bulletined before; missed, the §8.1 通报 follows on the office's next working day, 10-08."""
    world = LadderWorld("chizhou-2021")
    matter = world.dispatch("2026-09-10 10:00", category="general", deadline=stated(20)).id
    assert "2026-09-30" == _last_day(world, matter)
    world.sweep("2026-09-29 09:00")
    assert [] == world.issued(EscalationAction.BULLETIN, matter)
    world.sweep("2026-10-08 09:00")
    [bulletin] = world.issued(EscalationAction.BULLETIN, matter)
    assert ("chizhou-2021 §8.1", at("2026-10-08 00:00")) == (
        bulletin.citation.key, bulletin.due_at)


def test_chizhou_2021_7_2_subjective_explanation_keeps_deadline_and_bulletin() -> None:
    """chizhou-2021 §7.2 要及时说明情况 / §8.1 由主观原因造成的: a unit that explains a
    subjective cause before its 5-day deadline keeps the deadline (09-30) and is bulletined."""
    world = LadderWorld("chizhou-2021")
    matter = world.dispatch("2026-09-25 10:00", category="general").id
    world.explain(matter, "2026-09-29 10:00", ReasonKind.SUBJECTIVE, accept=True)
    assert "2026-09-30" == _last_day(world, matter)
    world.sweep("2026-10-08 09:00")
    assert 1 == len(world.issued(EscalationAction.BULLETIN, matter))


def test_chizhou_2021_8_2_missed_15_day_reports_are_consecutive_misses() -> None:
    """chizhou-2021 §7.5 + §8.2 未按时报送材料: a meeting-decided matter dispatched 03-02 that
    never reports misses report 1 (03-17) and report 2 (04-01, 15 days after the first was
    due): the second deducts 1 point; the third (04-16) deducts again and proposes 问责."""
    world = LadderWorld("chizhou-2021")
    matter = world.dispatch(
        "2026-03-02 10:00", source=Source.meeting(day("2026-03-01")), category="important",
        deadline=stated(90),
    ).id
    world.sweep("2026-03-18 09:00")
    assert Decimal(0) == world.points()
    world.sweep("2026-04-02 09:00")
    [deduction] = world.issued(EscalationAction.POINT_DEDUCTION, matter)
    assert ("miss.r1.report2", Decimal(-1)) == (deduction.occasion, world.points())
    summary = world.sweep("2026-04-17 09:00")
    [proposal] = summary.proposals
    assert (EscalationAction.ACCOUNTABILITY, "miss.r1.report3", True) == (
        proposal.action, proposal.occasion, proposal.pending)
    assert Decimal(-2) == world.points()


def test_chizhou_2021_7_2_an_explanation_does_not_excuse_the_next_missed_report() -> None:
    """chizhou-2021 §7.2 要及时说明情况，并随时报告工作进展情况 / §8.1 未按时报送材料的: the unit
    that missed its first 15-day report (03-17) explains an objective cause on 03-18 and the
    office accepts it — that miss is not bulletined; but the unit must keep reporting, and
    the next report (04-01) missed as well is materials not submitted on time: 通报."""
    world = LadderWorld("chizhou-2021")
    matter = world.dispatch(
        "2026-03-02 10:00", source=Source.meeting(day("2026-03-01")), category="important",
        deadline=stated(90),
    ).id
    world.explain(matter, "2026-03-18 08:00", ReasonKind.OBJECTIVE, accept=True)
    world.sweep("2026-03-18 09:00")
    assert [] == world.issued(EscalationAction.BULLETIN, matter)
    world.sweep("2026-04-02 09:00")
    assert ["r1.report2"] == [e.occasion for e in world.issued(EscalationAction.BULLETIN, matter)]


def test_chizhou_2021_8_2_streak_is_ordered_by_due_time_not_dispatch() -> None:
    """chizhou-2021 §8.2 连续两次 (default: per unit, ordered by due time): an 重要事项
    dispatched 09-01 (due 09-16) and a 3-day matter dispatched 09-10 (due Monday 09-14) both
    missed: the later-due important matter is the second miss and carries the deduction."""
    world = LadderWorld("chizhou-2021")
    important = world.dispatch("2026-09-01 10:00", category="important").id
    short = world.dispatch("2026-09-10 10:00", category="short").id
    assert ("2026-09-16", "2026-09-14") == (_last_day(world, important),
                                            _last_day(world, short))
    world.sweep("2026-09-18 09:00")
    [deduction] = world.issued(EscalationAction.POINT_DEDUCTION)
    assert (important, Decimal(-1)) == (deduction.matter_id, world.points())


def test_chizhou_2021_8_2_an_on_time_report_resets_the_streak() -> None:
    """chizhou-2021 §8.2: a miss (09-07), an on-time 15-day report (due 09-17, made 09-15),
    a miss (Sunday 09-20, a make-up working day): no two in a row, nothing deducted; the
    meeting matter's next report (15 days after 09-15: 09-30) missed is the second in a row."""
    world = LadderWorld("chizhou-2021")
    world.dispatch("2026-09-01 10:00", category="general")
    meeting = world.dispatch(
        "2026-09-02 10:00", source=Source.meeting(day("2026-09-01")), category="important",
        deadline=stated(60),
    ).id
    late = world.dispatch("2026-09-14 10:00", category="general").id
    assert "2026-09-20" == _last_day(world, late)
    world.progress(meeting, "2026-09-15 10:00")
    world.sweep("2026-09-29 09:00")
    assert [] == world.issued(EscalationAction.POINT_DEDUCTION)
    world.sweep("2026-10-08 09:00")
    [deduction] = world.issued(EscalationAction.POINT_DEDUCTION)
    assert (meeting, "miss.r1.report2") == (deduction.matter_id, deduction.occasion)


def test_chizhou_2021_9_in_force_through_2024_04_05() -> None:
    """chizhou-2021 §9 自文件公布之日起执行，有效期3年: a sweep on 2024-04-05, the last day in
    force, reports nothing; one on 2024-04-06 reports the lapse."""
    world = LadderWorld("chizhou-2021")
    assert () == tuple(world.sweep("2024-04-05 09:00").findings)
    assert ["policy_expired"] == [f.code for f in world.sweep("2024-04-06 09:00").findings]


def test_chizhou_2021_6_2_a_5_day_matter_over_national_day_is_not_short() -> None:
    """chizhou-2021 §6.2 督办通知发出后1日内…（期限短的应即时联系）, parameter
    ``confirm_at_once_within_days=3`` ("a matter whose own deadline falls at most this many days
    after dispatch"): a 一般事项 (5 days) dispatched Monday 09-28 falls due 10-03, rolled to
    10-08 — ten days on, not short — so the office has the ordinary 1 day: the lead unit's
    签收 on the morning of 09-29 confirms delivery in time and nothing is reported."""
    world = LadderWorld("chizhou-2021")
    matter = world.dispatch("2026-09-28 10:00", category="general").id
    assert "2026-10-08" == _last_day(world, matter)
    world.when("2026-09-29 09:00")
    services.acknowledge(world.uow(), world.ctx, LIAISON_A, matter)
    assert [] == [e for e in world.sweep("2026-09-29 10:00").escalations if e.duty]


# ------------------------------------------------------------------------ tongren-2014
def test_tongren_2014_7_1_research_matter_30_days_then_reminded() -> None:
    """tongren-2014 art.7(1) 专题调研类…30日内 / art.11(1): a research matter received 09-08 is
    due Thursday 10-08 (30 calendar days, holidays counted); not chased during its last day,
    reminded the next morning, and the 督查通报 follows the first reminder."""
    world = LadderWorld("tongren-2014")
    matter = world.dispatch("2026-09-08 10:00", category="research").id
    assert "2026-10-08" == _last_day(world, matter)
    world.sweep("2026-10-08 20:00")
    assert [] == world.issued(EscalationAction.REMINDER, matter)
    world.sweep("2026-10-09 09:00")
    [reminder] = world.issued(EscalationAction.REMINDER, matter)
    assert (at("2026-10-09 00:00"), at("2026-10-14 00:00")) == (
        reminder.due_at, reminder.reply_due_at)
    assert 1 == len(world.issued(EscalationAction.SUPERVISION_BULLETIN, matter))


def test_tongren_2014_7_written_objective_report_does_not_move_the_deadline() -> None:
    """tongren-2014 art.7 因客观原因…要以书面形式…报告: the written report (accepted) leaves the
    3-working-day deadline at 10-08; the overdue matter is still reminded (art.11(1))."""
    world = LadderWorld("tongren-2014")
    matter = world.dispatch("2026-09-28 10:00", category="urgent").id
    world.explain(matter, "2026-09-30 10:00", ReasonKind.OBJECTIVE, accept=True)
    assert "2026-10-08" == _last_day(world, matter)
    world.sweep("2026-10-09 09:00")
    assert 1 == len(world.issued(EscalationAction.REMINDER, matter))


def test_tongren_2014_11_2_a_2025_miss_sanctioned_in_2026_counts_in_2025() -> None:
    """tongren-2014 art.11(2) 扣减年度目标绩效考核分值, rules.md §2 (a missed deadline counts
    once, in the period its deadline falls in): a matter due Wednesday 2025-12-31 is reminded
    on make-up Sunday 2026-01-04 (督查通报, 1 point), reminded again 01-08 (效能通报, 2 points)
    and its 追究责任 proposal (01-14) is accepted on 01-15 (3 points): all six points count in
    2025, the year of the missed deadline, and none in 2026."""
    world = LadderWorld("tongren-2014")
    world.dispatch("2025-12-24 10:00", category="urgent",
                   deadline=DeadlineTerms.stated(due_day=day("2025-12-31")))
    world.sweep("2026-01-04 09:00")
    world.sweep("2026-01-08 09:00")
    [proposal] = world.sweep("2026-01-14 09:00").proposals
    world.when("2026-01-15 10:00")
    decisions.decide_proposal(world.uow(), world.ctx, LEADER, proposal.key, accept=True,
                              opinion="党工委、管委会同意追责")
    assert [("2025", Decimal(-3)), ("2025", Decimal(-2)), ("2025", Decimal(-1))] == sorted(
        (e.period, e.points) for e in world.entries())
    assert (Decimal(-6), Decimal(0)) == tuple(
        world.scorecards(ScorePeriod.of_year(year), "2026-06-30 18:00")["unit-a"].points
        for year in (2025, 2026))


# ------------------------------------------------------------------------ zhoucun-2021
def test_zhoucun_2021_4_2_explanation_after_missed_deadline_keeps_deadline() -> None:
    """zhoucun-2021 §4.2 未办结的，要…说明原因和下一步办理的意见: a deployment dispatched 09-28
    (5 working days: due make-up Saturday 10-10) explained on 10-11 keeps its deadline; it is
    chased (§4.3), bulletined in 《周村督查》 and deducted a 落实不力 point (§6.3)."""
    world = LadderWorld("zhoucun-2021")
    matter = world.dispatch("2026-09-28 10:00", source=_DEPLOYMENT).id
    world.explain(matter, "2026-10-11 10:00", ReasonKind.OBJECTIVE, accept=True)
    assert "2026-10-10" == _last_day(world, matter)
    world.sweep("2026-10-12 09:00")
    assert ["催办", "通报"] == world.actions(matter)
    assert Decimal(-1) == world.points()


def test_zhoucun_2021_5_3_leader_limit_owes_no_handling_plan() -> None:
    """zhoucun-2021 §5.3 有明确时限要求的，按要求推进办理: a main leader's instruction with its
    own 20-day limit (from 09-30: 10-20) owes no 次日 handling plan and nothing before 10-20."""
    world = LadderWorld("zhoucun-2021")
    matter = world.dispatch("2026-09-30 10:00", deadline=stated(20)).id
    assert "2026-10-20" == _last_day(world, matter)
    world.sweep("2026-10-12 09:00")
    assert [] == world.escalations(matter)


def test_zhoucun_2021_5_3_a_handling_plan_does_not_meet_the_5_day_limit() -> None:
    """zhoucun-2021 §5.3 次日提出办理方案，一般在5日内提报办理意见或结果: a main leader's
    instruction dispatched Monday 09-21 gets its plan on 09-22 (次日, on time: no plan
    escalation); the 5 days end 09-26 in the Mid-Autumn holiday, so 09-28; with only the
    plan by then, the matter is chased and bulletined on 09-29."""
    world = LadderWorld("zhoucun-2021")
    matter = world.dispatch("2026-09-21 10:00").id
    assert "2026-09-28" == _last_day(world, matter)
    world.when("2026-09-22 10:00")
    services.report_progress(world.uow(), world.ctx, LIAISON_A, matter,
                             ReportContent.progress("办理方案：分三步推进"), kind=ReportKind.PLAN)
    world.sweep("2026-09-28 20:00")
    assert [] == world.issued(EscalationAction.REMINDER, matter)
    world.sweep("2026-09-29 09:00")
    assert "r1.handling_plan" not in {e.occasion for e in world.escalations(matter)}
    assert {"r1"} == {e.occasion for e in world.escalations(matter)
                      if e.action in (EscalationAction.REMINDER, EscalationAction.BULLETIN)}
    assert 2 == len([e for e in world.escalations(matter)
                     if e.action in (EscalationAction.REMINDER, EscalationAction.BULLETIN)])


# ------------------------------------------------------------------------ daoli-2017
def test_daoli_2017_7_2_urgent_2_days_from_a_make_up_saturday() -> None:
    """daoli-2017 art.7(2) 紧急事项…2日内 / art.7(3) 超过时限次日催办…限其当日上报: dispatched
    on make-up Saturday 10-10, due Monday 10-12; reminded Tuesday 10-13, reply by its end."""
    world = LadderWorld("daoli-2017")
    matter = world.dispatch("2026-10-10 10:00", category="urgent").id
    assert "2026-10-12" == _last_day(world, matter)
    world.sweep("2026-10-13 09:00")
    [reminder] = world.issued(EscalationAction.REMINDER, matter)
    assert (at("2026-10-13 00:00"), at("2026-10-14 00:00")) == (
        reminder.due_at, reminder.reply_due_at)


def test_daoli_2017_7_2_the_clerk_chooses_inside_the_range_only() -> None:
    """daoli-2017 art.7(2) 对列为一般事项的…应当在3至5日内上报: the clerk may register a
    一般事项 with 3 days — dispatched Monday 11-02 it is due Thursday 11-05 and reminded the
    next day — but 2 or 6 days passed as the policy's default are refused, and nothing is
    stored."""
    world = LadderWorld("daoli-2017")
    for count in (2, 6):
        with pytest.raises(PeriodOutOfRange, match="3 to 5"):
            world.dispatch("2026-11-02 10:00", category="general",
                           deadline=DeadlineTerms.category_default(Period.days(count)))
    with world.uow() as uow:
        assert [] == uow.matters.list(offices=None)
    matter = world.dispatch("2026-11-02 10:00", category="general",
                            deadline=DeadlineTerms.category_default(Period.days(3))).id
    assert "2026-11-05" == _last_day(world, matter)
    world.sweep("2026-11-06 09:00")
    [reminder] = world.issued(EscalationAction.REMINDER, matter)
    assert at("2026-11-06 00:00") == reminder.due_at


def test_chizhou_2021_7_2_a_tier_default_must_be_the_tiers_period() -> None:
    """chizhou-2021 §7.2 一般事项5日内办结 has no range: a 一般事项 registered with 7 days as
    the policy's default is refused (a deadline of the notice's own is stated instead)."""
    world = LadderWorld("chizhou-2021")
    with pytest.raises(RuleViolation, match=r"DeadlineTerms\.stated") as caught:
        world.dispatch("2026-11-02 10:00", category="general",
                       deadline=DeadlineTerms.category_default(Period.days(7)))
    assert ("not_the_default", "chizhou-2021 §7.2") == (caught.value.rule,
                                                       caught.value.citation)
    matter = world.dispatch("2026-11-02 10:00", category="general",
                            deadline=DeadlineTerms.category_default(Period.days(5))).id
    assert "2026-11-09" == _last_day(world, matter)


def test_daoli_2017_7_3_the_day_after_a_friday_deadline_is_monday() -> None:
    """daoli-2017 art.7(3) 次日 (a one-day period, rules.md §2): an urgent matter of Wednesday
    11-11 is due Friday 11-13; the next day is a Saturday, so the 催办 goes out Monday 11-16
    and the same-day reply is due at its end."""
    world = LadderWorld("daoli-2017")
    matter = world.dispatch("2026-11-11 10:00", category="urgent").id
    assert "2026-11-13" == _last_day(world, matter)
    world.sweep("2026-11-14 09:00")
    assert [] == world.issued(EscalationAction.REMINDER, matter)
    world.sweep("2026-11-16 09:00")
    [reminder] = world.issued(EscalationAction.REMINDER, matter)
    assert (at("2026-11-16 00:00"), at("2026-11-17 00:00")) == (
        reminder.due_at, reminder.reply_due_at)


def test_daoli_2017_27_matter_is_graded_in_the_half_year_of_its_deadline() -> None:
    """daoli-2017 art.27 每半年 (rules.md §2: assessed in the period its deadline falls): a
    一般事项 dispatched 06-29 is due Monday 07-06 (07-04 a Saturday); finished late on 07-10 it
    counts in the second half-year only — accepted first time (40), late (0), format sound
    (20): 60, 良好 — and the first half-year has nothing to grade."""
    world = LadderWorld("daoli-2017")
    matter = world.dispatch("2026-06-29 10:00", category="general").id
    assert "2026-07-06" == _last_day(world, matter)
    world.complete(matter, "2026-07-10 10:00")
    first = world.scorecards(ScorePeriod.of_half(2026, 1), "2026-12-31 18:00")["unit-a"]
    second = world.scorecards(ScorePeriod.of_half(2026, 2), "2026-12-31 18:00")["unit-a"]
    assert (0, None) == (first.assigned, first.grade)
    assert (1, 1, "良好", Decimal(60)) == (
        second.assigned, second.completed_late, second.grade, second.composite)


# ------------------------------------------------------------------------ lianyungang-2019
def test_lianyungang_2019_5_5_leader_requirement_prevails_over_7_working_days() -> None:
    """lianyungang-2019 §5.5 领导对交办单位有特殊要求的，按要求: a matter dispatched 09-28 whose
    leader set 10-20 is not chased on 10-14 (when 7 working days would have run out); it is
    chased with a 《督查催办单》 on 10-21."""
    world = LadderWorld("lianyungang-2019")
    matter = world.dispatch(
        "2026-09-28 10:00", deadline=DeadlineTerms.stated(due_day=day("2026-10-20"))).id
    world.sweep("2026-10-14 09:00")
    assert [] == world.issued(EscalationAction.REMINDER, matter)
    world.sweep("2026-10-21 09:00")
    [reminder] = world.issued(EscalationAction.REMINDER, matter)
    assert ("lianyungang-2019 §7.3", at("2026-10-21 00:00")) == (
        reminder.citation.key, reminder.due_at)


def test_lianyungang_2019_7_2_minutes_count_from_their_issue_not_dispatch() -> None:
    """lianyungang-2019 §7.2 会议纪要下发10日内: minutes issued 09-24, the matter dispatched
    09-28: the progress report is due 10 days after the minutes (10-04, National Day, so
    10-08), not after dispatch; missed, the 催办单 of 10-09 asks a reply in 3 working days
    counting make-up Saturday 10-10 (by the end of 10-13)."""
    world = LadderWorld("lianyungang-2019")
    matter = world.dispatch(
        "2026-09-28 10:00",
        source=Source.meeting(day("2026-09-22"), day("2026-09-24"), "市政府常务会议纪要"),
    ).id
    assert "2026-10-08" == _last_day(world, matter)
    world.sweep("2026-10-08 20:00")
    assert [] == world.issued(EscalationAction.REMINDER, matter)
    world.sweep("2026-10-09 09:00")
    [reminder] = world.issued(EscalationAction.REMINDER, matter)
    assert (at("2026-10-09 00:00"), at("2026-10-14 00:00")) == (
        reminder.due_at, reminder.reply_due_at)


def test_lianyungang_2019_7_2_document_month_counts_from_its_issue() -> None:
    """lianyungang-2019 §7.2 文件下发1个月内报告进展情况…完成后及时报告完成情况: a document issued
    08-28 and dispatched 09-01 owes its progress report by Monday 09-28 (a month from the
    issue, not from dispatch); none by then is chased on 09-29 (reply in 3 working days over
    National Day: by the end of 10-09). A progress report on 09-25 meets it, and the
    completion reported on 11-02 is not late."""
    document = Source.of(SourceKind.DOCUMENT, "连政发〔2026〕5号", issued_on=day("2026-08-28"))
    silent = LadderWorld("lianyungang-2019")
    matter = silent.dispatch("2026-09-01 10:00", source=document).id
    assert "2026-09-28" == _last_day(silent, matter)
    silent.sweep("2026-09-29 09:00")
    [reminder] = silent.issued(EscalationAction.REMINDER, matter)
    assert (at("2026-09-29 00:00"), at("2026-10-10 00:00")) == (
        reminder.due_at, reminder.reply_due_at)
    world = LadderWorld("lianyungang-2019")
    reported = world.dispatch("2026-09-01 10:00", source=document).id
    world.progress(reported, "2026-09-25 10:00")
    world.sweep("2026-10-29 09:00")
    assert [] == world.escalations(reported)
    world.complete(reported, "2026-11-02 10:00")
    card = world.scorecards(ScorePeriod.of_year(2026), "2026-12-31 18:00")["unit-a"]
    assert (1, 0, Decimal(0)) == (card.completed_on_time, card.completed_late, card.points)


def test_chizhou_2021_7_2_a_reopened_round_checks_a_category_default_as_registration_does(
) -> None:
    """lianyungang-2019 §7.3 再督查 reopening a closed chizhou 一般事项 (§7.2 5日, no range) with
    ``DeadlineTerms.category_default(7日)`` is refused as registration refuses it
    (RuleViolation ``not_the_default``) and the matter stays closed; the default 5日 reopens
    it for round 2."""
    world = LadderWorld("chizhou-2021")
    matter = world.dispatch("2026-11-02 10:00", category="general").id
    world.complete(matter, "2026-11-04 10:00")
    world.when("2026-11-04 11:00")
    services.close(world.uow(), world.ctx, CLERK, matter, note="已办结销号")
    world.when("2026-12-01 09:00")
    with pytest.raises(RuleViolation) as caught:
        services.reinspect(world.uow(), world.ctx, CLERK, matter,
                           deadline=DeadlineTerms.category_default(Period.days(7)),
                           reason="回头看")
    assert "not_the_default" == caught.value.rule
    assert Status.CLOSED is world.stored(matter).status
    reopened = services.reinspect(world.uow(), world.ctx, CLERK, matter,
                                  deadline=DeadlineTerms.category_default(Period.days(5)),
                                  reason="回头看")
    assert (Status.IN_PROGRESS, 2) == (reopened.status, reopened.round)
