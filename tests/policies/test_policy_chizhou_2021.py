"""chizhou-2021, clause by clause, with 2026 dates across National Day and Spring Festival."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from policy_support import at, cal, d

from supervision import policies
from supervision.domain.policy import (
    DutyHolder,
    EscalationAction,
    ExplanationEffect,
    Scope,
    Severity,
    StartEvent,
    TriggerEvent,
)
from supervision.exceptions import InvalidParameter, PolicyNotInForce, UnknownCategory
from supervision.periods import Period

P = policies.get("chizhou-2021")


def duty(key: str) -> policies.Duty:
    return next(x for x in P.duties if x.key == key)


def rung(action: EscalationAction) -> policies.Rung:
    ladder = P.ladder(None)
    assert ladder is not None
    return next(r for r in ladder.rungs if r.action is action)


# ------------------------------------------------------------------- §7.2
def test_chizhou_7_2_important_matter_has_15_days() -> None:
    """An important matter dispatched on make-up Sunday 20 September is due 8 October."""
    period = P.default_period("important", "leader_instruction")
    assert Period.days(15) == period
    assert d("2026-10-08") == period.deadline(d("2026-09-20"), cal()).last_day


def test_chizhou_7_2_general_matter_has_5_days() -> None:
    """A general matter dispatched 30 September ends on 5 October, a holiday: due 8 October."""
    period = P.default_period("general", None)
    assert Period.days(5) == period
    assert d("2026-10-08") == period.deadline(d("2026-09-30"), cal()).last_day


def test_chizhou_7_2_unnamed_tier_has_3_days_across_spring_festival() -> None:
    """The 3-day tier from 13 February 2026 ends in the Spring Festival: due 24 February."""
    period = P.default_period("short", "meeting_decision")
    assert Period.days(3) == period
    assert d("2026-02-24") == period.deadline(d("2026-02-13"), cal()).last_day


def test_chizhou_7_2_no_category_has_no_silent_default() -> None:
    """Without a chosen tier there is no default period (never a silent 3 days)."""
    assert P.default_period(None, "leader_instruction") is None
    assert P.default_period(None, None) is None


def test_chizhou_7_2_category_must_be_chosen_at_registration() -> None:
    """Registering with no tier is refused, citing §7.2; with a tier there is no objection."""
    assert True is P.category_required
    assert ("short", "general", "important") == P.categories
    (finding,) = P.check_registration(category=None, source="document")
    assert "category_required" == finding.code
    assert Severity.REFUSAL is finding.severity
    assert "chizhou-2021 §7.2" == finding.citation.key
    assert () == P.check_registration(category="general", source="document")


def test_chizhou_7_2_unknown_category_is_rejected() -> None:
    """A tier the policy does not have is refused with the known tiers listed."""
    with pytest.raises(UnknownCategory, match="important"):
        P.default_period("urgent", None)


def test_chizhou_7_2_periods_run_from_dispatch() -> None:
    """The tier periods count from dispatch of the 督办通知."""
    rule = P.default_rule("important", None)
    assert rule is not None
    assert StartEvent.DISPATCH is rule.start


# ------------------------------------------------------------------- §7.1, §7.3, §7.4, §7.6
def test_chizhou_7_1_unit_signs_off_and_splits_within_1_working_day() -> None:
    """A matter received 30 September must be signed off and split by 8 October."""
    rule = duty("sign_off_and_split")
    assert DutyHolder.UNIT is rule.actor
    assert StartEvent.RECEIPT is rule.start
    assert d("2026-10-08") == rule.period.deadline(d("2026-09-30"), cal()).last_day


def test_chizhou_7_3_higher_level_item_forwarded_within_1_working_day() -> None:
    """A higher-level item received Friday 9 October is due on make-up Saturday 10 October."""
    rule = duty("higher_level_item")
    assert d("2026-10-10") == rule.period.deadline(d("2026-10-09"), cal()).last_day


def test_chizhou_7_4_meeting_request_1_working_day_never_more_than_3_days() -> None:
    """After a meeting on 30 September: due 8 October, and the 3-day cap also ends 8 October."""
    rule = duty("meeting_request")
    assert StartEvent.MEETING is rule.start
    assert d("2026-10-08") == rule.period.deadline(d("2026-09-30"), cal()).last_day
    assert Period.days(3) == rule.cap
    assert d("2026-10-08") == rule.cap.deadline(d("2026-09-30"), cal()).last_day


def test_chizhou_7_6_emergency_report_within_1_hour_holidays_included() -> None:
    """An emergency report received 22:30 on National Day is due 23:30 the same evening."""
    (limit,) = P.hour_limits
    assert StartEvent.RECEIPT is limit.start
    deadline = limit.period.deadline(at("2026-10-01T22:30"), cal())
    assert at("2026-10-01T23:30") == deadline.due_at


# ------------------------------------------------------------------- §7.5
def test_chizhou_7_5_meeting_matters_report_every_15_days_from_the_previous_report() -> None:
    """Meeting-decided matters report 15 days after dispatch, then after each report, until done."""
    (rule,) = P.reporting_for("general", "meeting_decision")
    assert Period.days(15) == rule.period
    assert StartEvent.DISPATCH is rule.first_start
    assert StartEvent.PREVIOUS_REPORT is rule.next_start
    assert rule.until_done is True
    assert d("2026-10-08") == rule.period.deadline(d("2026-09-20"), cal()).last_day


def test_chizhou_7_5_fixed_windows_from_dispatch_is_a_parameter() -> None:
    """The alternative reading counts every report window from dispatch."""
    (rule,) = P.with_parameters(report_anchor="dispatch").reporting_for(None, "meeting_decision")
    assert StartEvent.DISPATCH is rule.next_start


def test_chizhou_7_5_other_sources_have_no_periodic_reports() -> None:
    """Only meeting-decided matters get the 15-day reports."""
    assert () == P.reporting_for("general", "leader_instruction")


# ------------------------------------------------------------------- §6
def test_chizhou_6_1_matters_are_approved_before_dispatch() -> None:
    """§6.1: the relevant leader agrees before the 督办通知 goes out."""
    assert True is P.requires_approval
    assert "相关领导" == P.approvals[0].approver


def test_chizhou_6_2_office_confirms_delivery_within_1_day() -> None:
    """Dispatched 30 September: the office confirms delivery by 8 October (1 day, rolled)."""
    rule = duty("confirm_delivery")
    assert DutyHolder.OFFICE is rule.actor
    assert rule in P.office_duties
    assert rule.scored is False
    assert d("2026-10-08") == rule.period.deadline(d("2026-09-30"), cal()).last_day


def test_chizhou_6_2_short_deadlines_are_confirmed_at_once() -> None:
    """Matters of at most 3 days are confirmed at once (即时); the threshold is a parameter."""
    assert Period.days(3) == duty("confirm_delivery").immediate_within
    changed = P.with_parameters(confirm_at_once_within_days=0)
    assert next(x for x in changed.duties if x.key == "confirm_delivery").immediate_within is None


def test_chizhou_6_2_pre_deadline_warning_one_working_day_before() -> None:
    """The office warns one working day before a deadline; 0 removes the rung."""
    warning = rung(EscalationAction.PRE_DEADLINE_WARNING)
    assert Period.working_days(1) == warning.triggers[0].offset
    ladder = P.with_parameters(pre_deadline_warning_working_days=0).ladder(None)
    assert ladder is not None
    assert EscalationAction.PRE_DEADLINE_WARNING not in [r.action for r in ladder.rungs]


def test_chizhou_6_3_unit_head_signs_the_report() -> None:
    """§6.3: the unit's main head signs (核签) the report."""
    assert "unit_head" == P.report_signoff


# ------------------------------------------------------------------- §8
def test_chizhou_8_1_bulletin_only_for_subjective_causes() -> None:
    """A late matter or late material is bulletined only when the cause is subjective."""
    bulletin = rung(EscalationAction.BULLETIN)
    assert ExplanationEffect.SUBJECTIVE_CAUSE_ONLY is bulletin.explanation
    assert {TriggerEvent.OVERDUE, TriggerEvent.REPORT_OVERDUE} == {
        t.event for t in bulletin.triggers
    }
    assert bulletin.requires_decision is False


def test_chizhou_8_2_second_consecutive_miss_deducts_1_point_per_item() -> None:
    """From the second consecutive miss per unit, each missed item deducts 1 point."""
    streak = P.streak
    assert streak is not None
    assert 2 == streak.deduct_from
    assert Decimal(1) == streak.points_per_item
    assert Scope.UNIT is streak.scope
    assert streak.whole_streak is False
    assert streak.objective_counts is False


def test_chizhou_8_2_third_consecutive_miss_proposes_accountability() -> None:
    """The third consecutive miss proposes 问责, which waits for a person's decision."""
    accountability = rung(EscalationAction.ACCOUNTABILITY)
    assert 3 == accountability.triggers[0].count
    assert accountability.requires_decision is True
    assert 3 == P.streak.propose_accountability_from


def test_chizhou_8_2_per_matter_streak_is_a_parameter() -> None:
    """The per-matter reading of the streak is a parameter; bad readings are refused."""
    changed = P.with_parameters(streak_scope="per_matter")
    assert Scope.MATTER is changed.streak.scope
    assert Scope.MATTER is changed.ladder(None).rungs[-1].scope
    with pytest.raises(InvalidParameter, match="per_unit"):
        P.with_parameters(streak_scope="per_department")


def test_chizhou_8_2_whole_streak_and_objective_misses_are_parameters() -> None:
    """The alternative deduction reading and counting objective misses are parameters."""
    changed = P.with_parameters(streak_deduction="whole_streak", objective_miss_counts=True)
    assert changed.streak.whole_streak is True
    assert changed.streak.objective_counts is True
    assert ExplanationEffect.IGNORED is changed.ladder(None).rungs[-1].explanation


# ------------------------------------------------------------------- §9
def test_chizhou_9_valid_three_years_from_issue() -> None:
    """「自文件公布之日起执行，有效期3年」: the day of publication (2021-04-06) is the first
    day in force, so the last is 2024-04-05 (rules.md §9 reading); not in force on 04-06."""
    assert dt.date(2024, 4, 5) == P.validity.last_day
    assert True is P.in_force(dt.date(2021, 4, 6))
    assert True is P.in_force(dt.date(2024, 4, 5))
    assert False is P.in_force(dt.date(2024, 4, 6))
    assert False is P.in_force(dt.date(2021, 4, 5))
    assert P.validity_finding(dt.date(2023, 1, 1)) is None


def test_chizhou_9_use_after_lapse_is_reported() -> None:
    """Using the policy in 2026 yields a warning finding citing §9, and a strict check raises."""
    finding = P.validity_finding(dt.date(2026, 9, 30))
    assert finding is not None
    assert "policy_expired" == finding.code
    assert Severity.WARNING is finding.severity
    assert "chizhou-2021 §9" == finding.citation.key
    with pytest.raises(PolicyNotInForce, match="2024-04-05"):
        P.require_in_force(dt.date(2026, 9, 30))


def test_chizhou_numbering_prefix_default() -> None:
    """The documented default 代字 is 池开督."""
    assert "池开督" == P.numbering_prefix
