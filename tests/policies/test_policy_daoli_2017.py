"""daoli-2017, clause by clause, with 2026 dates across National Day and Spring Festival."""

from __future__ import annotations

from decimal import Decimal

import pytest
from policy_support import cal, d

from supervision import policies
from supervision.domain.policy import (
    Cycle,
    EscalationAction,
    ExplanationEffect,
    StartEvent,
    TriggerEvent,
)
from supervision.exceptions import InvalidInput, InvalidParameter, PeriodOutOfRange, UnknownCategory
from supervision.periods import Period

P = policies.get("daoli-2017")


def art7_rungs() -> tuple[policies.Rung, ...]:
    ladder = P.ladder("art7")
    assert ladder is not None
    return tuple(r for r in ladder.rungs if r.action is not EscalationAction.PRE_DEADLINE_WARNING)


# ------------------------------------------------------------------- kinds
def test_daoli_7_and_8_matters_are_distinct_kinds() -> None:
    """Leader instructions and special inspections are art.7 matters; documents art.8."""
    assert "art7" == P.kind_for(None, "leader_instruction").key
    assert "art7" == P.kind_for(None, "special_inspection").key
    assert "art7" == P.kind_for(None, "inspection_handover").key
    assert "art7" == P.kind_for(None, "leader_speech").key
    assert "art8" == P.kind_for(None, "document").key
    assert "art8" == P.kind_for(None, "meeting_decision").key
    assert "art7" == P.kind_for("urgent", None).key


# ------------------------------------------------------------------- art.7(2)
def test_daoli_7_2_general_range_defaults_to_upper_end() -> None:
    """一般事项 3 to 5 days defaults to 5: dispatched 28 September, due 8 October (rolled)."""
    period = P.default_period("general", "leader_instruction")
    assert Period.days(5) == period
    assert d("2026-10-08") == period.deadline(d("2026-09-28"), cal()).last_day


def test_daoli_7_2_any_value_inside_the_range_is_allowed() -> None:
    """The clerk may choose 3, 4 or 5 days for a general matter."""
    assert Period.days(3) == P.choose_period("general", "leader_instruction", 3)
    assert Period.days(4) == P.choose_period("general", None, 4)


@pytest.mark.parametrize("count", [2, 6, 0])
def test_daoli_7_2_value_outside_the_range_is_rejected(count: int) -> None:
    """A general matter cannot get fewer than 3 or more than 5 days."""
    with pytest.raises(PeriodOutOfRange, match="3 to 5") as caught:
        P.choose_period("general", "leader_instruction", count)
    assert (3, 5) == (caught.value.low, caught.value.high)


def test_daoli_7_2_complex_matter_7_to_15_days_defaults_to_15() -> None:
    """A complex matter defaults to 15 days; 7 is allowed, 16 is not."""
    assert Period.days(15) == P.default_period("complex", "special_inspection")
    assert Period.days(7) == P.choose_period("complex", None, 7)
    with pytest.raises(PeriodOutOfRange):
        P.choose_period("complex", None, 16)


def test_daoli_7_2_urgent_matter_2_days_across_spring_festival() -> None:
    """An urgent matter dispatched 13 February ends 15 February, a holiday: due 24 February."""
    period = P.default_period("urgent", "leader_instruction")
    assert Period.days(2) == period
    assert d("2026-02-24") == period.deadline(d("2026-02-13"), cal()).last_day


def test_daoli_7_2_urgent_matter_has_no_range() -> None:
    """紧急事项 is a fixed 2 days: choosing another value is refused."""
    with pytest.raises(InvalidInput, match="range"):
        P.choose_period("urgent", None, 1)


def test_daoli_7_2_report_is_of_result_or_progress_and_signed_by_the_main_leader() -> None:
    """The art.7 period is for reporting result or progress; the main leader signs with seal."""
    rule = P.default_rule("general", None)
    assert "上报办理结果或进展情况" == rule.obligation.label
    assert "unit_head" == P.report_signoff
    assert ("标明联系方式", "加盖公章") == P.signoff.formalities
    assert P.signoff.joint_matters_only is False
    assert P.with_parameters(signoff_scope="joint_matters_only").signoff.joint_matters_only


# ------------------------------------------------------------------- art.8
def test_daoli_8_matters_have_no_default_day_count() -> None:
    """Decisions, documents and meeting decisions get no default period."""
    assert P.default_period(None, "document") is None
    assert P.default_period(None, "meeting_decision") is None


def test_daoli_8_categories_belong_to_art7_matters_only() -> None:
    """An art.7 category on an art.8 matter gives no default and is reported at registration."""
    assert P.default_period("general", "document") is None
    assert False is P.category_applies("general", "document")
    (finding,) = P.check_registration(category="general", source="document")
    assert "category_not_applicable" == finding.code
    with pytest.raises(UnknownCategory):
        P.default_period("important", "document")


def test_daoli_8_1_and_8_2_units_consulted_then_district_leader_approves() -> None:
    """Art.8 matters are approved by a district leader after consulting the units."""
    art8 = next(a for a in P.approvals if a.kind == "art8")
    assert "区级领导" == art8.approver
    assert art8.consult_units is True
    assert P.requires_approval is True


def test_daoli_7_1_leader_in_charge_approves_art7_matters() -> None:
    """Art.7 matters are approved by the government leader in charge before the notice."""
    art7 = next(a for a in P.approvals if a.kind == "art7")
    assert "政府主管领导" == art7.approver


def test_daoli_8_4_2_annual_key_work_reports_monthly_and_at_year_end() -> None:
    """Annual key work reports every month and at year end."""
    annual = next(r for r in P.reporting_for(None, "work_report_target") if r.cycles[0] is
                  Cycle.MONTHLY)
    assert annual.year_end is True
    assert annual.until_done is True


def test_daoli_8_4_3_long_work_reports_in_phases_then_a_final_report() -> None:
    """Long work reports in phases and finishes with a comprehensive report."""
    phases = next(r for r in P.reporting_for(None, "document") if Cycle.PHASES in r.cycles)
    assert phases.final_report is True


# ------------------------------------------------------------------- art.7(3)
def test_daoli_7_3_reminder_the_day_after_the_deadline_reply_the_same_day() -> None:
    """Deadline 30 September: remind on 8 October (次日, rolled); the reply is due that day."""
    reminder = art7_rungs()[0]
    assert EscalationAction.REMINDER is reminder.action
    (trigger,) = reminder.triggers
    assert Period.next_day() == trigger.offset
    assert StartEvent.MISSED_DEADLINE is trigger.offset_from
    assert d("2026-10-08") == trigger.offset.deadline(d("2026-09-30"), cal()).last_day
    assert Period.same_day() == reminder.reply
    assert StartEvent.REMINDER is reminder.reply_start
    assert d("2026-10-08") == reminder.reply.deadline(d("2026-10-08"), cal()).last_day


def test_daoli_7_3_units_that_explained_are_not_reminded() -> None:
    """The reminder applies only to units that gave no explanation."""
    assert ExplanationEffect.ANY_EXPLANATION_SUPPRESSES is art7_rungs()[0].explanation


def test_daoli_7_3_unanswered_reminder_brings_interview_notice_and_district_bulletin() -> None:
    """Still no report after the reminder → 约谈通知 and a district-wide 通报."""
    following = [r.action for r in art7_rungs()
                 if TriggerEvent.REMINDER_UNANSWERED in {t.event for t in r.triggers}]
    assert [EscalationAction.INTERVIEW_NOTICE, EscalationAction.DISTRICT_BULLETIN] == following


def test_daoli_7_3_art8_matters_have_no_next_day_reminder() -> None:
    """The art.7(3) reminder belongs to art.7 matters only."""
    ladder = P.ladder("art8")
    assert EscalationAction.REMINDER not in [r.action for r in ladder.rungs]


# ------------------------------------------------------------------- art.25, art.27, art.30
def test_daoli_25_misconduct_gives_criticism_and_proposes_accountability() -> None:
    """Stalling or false reports → 通报批评, and accountability as a proposal."""
    last = art7_rungs()[-1]
    assert EscalationAction.ACCOUNTABILITY is last.action
    assert last.requires_decision is True
    assert EscalationAction.CRITICISM_BULLETIN is art7_rungs()[-2].action


def test_daoli_27_half_year_grades_with_default_thresholds() -> None:
    """Composite 90+ is 优秀, 60–89 良好, below 60 较差 (documented defaults)."""
    grading = P.grading
    assert "优秀" == grading.grade_for(90).label
    assert "良好" == grading.grade_for(89).label
    assert "良好" == grading.grade_for(Decimal("60")).label
    assert "较差" == grading.grade_for(59).label
    assert (40, 40, 20) == tuple(c.weight for c in grading.criteria)


def test_daoli_27_thresholds_and_weights_are_parameters() -> None:
    """An integrator moves the thresholds; inconsistent ones are refused."""
    changed = P.with_parameters(excellent_min=85, good_min=70)
    assert "优秀" == changed.grading.grade_for(85).label
    assert "较差" == changed.grading.grade_for(69).label
    with pytest.raises(InvalidParameter, match="good_min"):
        P.with_parameters(good_min=95)
    with pytest.raises(InvalidParameter, match="= 100"):
        P.with_parameters(format_weight=30)
    balanced = P.with_parameters(results_weight=34, timeliness_weight=33, format_weight=33)
    assert 100 == sum(c.weight for c in balanced.grading.criteria)


def test_daoli_27_score_outside_0_to_100_is_refused() -> None:
    """A composite score must be between 0 and 100."""
    with pytest.raises(InvalidInput, match="0 to 100"):
        P.grading.grade_for(101)


def test_daoli_30_4_unexcused_lateness_on_art8_matters_is_criticised() -> None:
    """无故超时 → 通报批评, unless the unit explained."""
    first = P.ladder("art8").rungs[1]
    assert EscalationAction.CRITICISM_BULLETIN is first.action
    assert ExplanationEffect.ANY_EXPLANATION_SUPPRESSES is first.explanation


def test_daoli_numbering_prefix_default() -> None:
    """The documented default 代字 is 哈里政督."""
    assert "哈里政督" == P.numbering_prefix


def test_daoli_10_grounds_for_returning_a_report() -> None:
    """Unclear, unfinished, inconclusive, non-compliant or badly formatted reports go back."""
    assert ("unclear", "not_done", "inconclusive", "non_compliant", "format") == tuple(
        r.key for r in P.return_reasons
    )
    assert all(r.redo is None for r in P.return_reasons)
    assert all("daoli-2017 art.10" == r.citation.key for r in P.return_reasons)


def test_daoli_16_coordination_beyond_the_office_goes_to_the_district_leaders() -> None:
    """What the office cannot coordinate is put to the district leaders (documented)."""
    assert "daoli-2017 art.16" in {n.citation.key for n in P.notes if n.citation}


def test_daoli_13_pre_deadline_warning_on_every_kind() -> None:
    """Every ladder opens with a warning one working day before the deadline (0 turns it off)."""
    for ladder in P.ladders:
        assert EscalationAction.PRE_DEADLINE_WARNING is ladder.rungs[0].action
        assert Period.working_days(1) == ladder.rungs[0].triggers[0].offset
    quiet = P.with_parameters(pre_deadline_warning_working_days=0)
    assert EscalationAction.REMINDER is quiet.ladder("art7").rungs[0].action
