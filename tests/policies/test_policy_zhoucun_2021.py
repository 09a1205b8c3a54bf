"""zhoucun-2021, clause by clause, with 2026 dates across National Day and Spring Festival."""

from __future__ import annotations

from decimal import Decimal

import pytest
from policy_support import cal, d

from supervision import policies
from supervision.domain.policy import (
    Cycle,
    DutyHolder,
    EscalationAction,
    ScoreBasis,
    Severity,
    StartEvent,
    TriggerEvent,
)
from supervision.exceptions import InvalidParameter
from supervision.periods import Period

P = policies.get("zhoucun-2021")


def duty(key: str) -> policies.Duty:
    return next(x for x in P.duties if x.key == key)


def rung(action: EscalationAction, policy: policies.Policy = P) -> policies.Rung:
    ladder = policy.ladder(None)
    assert ladder is not None
    return next(r for r in ladder.rungs if r.action is action)


# ------------------------------------------------------------------- §5.1
def test_zhoucun_5_1_major_deployment_5_working_days_from_receipt() -> None:
    """A deployment received 28 September is due Saturday 10 October, a make-up working day."""
    period = P.default_period(None, "major_deployment")
    assert Period.working_days(5) == period
    assert StartEvent.RECEIPT is P.default_rule(None, "major_deployment").start
    assert d("2026-10-10") == period.deadline(d("2026-09-28"), cal()).last_day


def test_zhoucun_5_1_meeting_spirit_and_documents_share_the_5_working_days() -> None:
    """Meeting decisions and documents with no stated deadline also get 5 working days."""
    assert Period.working_days(5) == P.default_period(None, "meeting_decision")
    assert Period.working_days(5) == P.default_period(None, "document")


# ------------------------------------------------------------------- §5.2, §5.4
def test_zhoucun_5_2_staged_work_reports_at_milestones() -> None:
    """Staged key work has no default period: it reports at the milestones the leader sets."""
    (rule,) = [r for r in P.reporting if r.kind == "staged"]
    assert (Cycle.MILESTONES,) == rule.cycles
    assert rule.final_report is True


def test_zhoucun_5_4_year_long_tasks_report_on_a_chosen_cycle_and_before_year_end() -> None:
    """Year-long tasks report weekly, monthly, quarterly or yearly, and before year end."""
    (rule,) = P.reporting_for(None, "work_report_target")
    assert (Cycle.WEEKLY, Cycle.MONTHLY, Cycle.QUARTERLY, Cycle.YEARLY) == rule.cycles
    assert rule.cycle_selectable is True
    assert rule.year_end is True
    assert P.default_period(None, "work_report_target") is None


# ------------------------------------------------------------------- §5.3
def test_zhoucun_5_3_leader_assignment_5_days_across_national_day() -> None:
    """A main leader's assignment received 28 September ends 3 October: due 8 October."""
    period = P.default_period(None, "leader_instruction")
    assert Period.days(5) == period
    assert d("2026-10-08") == period.deadline(d("2026-09-28"), cal()).last_day


def test_zhoucun_5_3_handling_plan_the_next_day_rolls_over_the_holiday() -> None:
    """Received 30 September, the handling plan (次日) is due 8 October."""
    plan = duty("handling_plan")
    assert Period.next_day() == plan.period
    assert ("leader_instruction", "temporary_assignment") == plan.sources
    assert d("2026-10-08") == plan.period.deadline(d("2026-09-30"), cal()).last_day


def test_zhoucun_5_3_handling_plan_across_spring_festival() -> None:
    """Received 14 February (make-up Saturday), the plan is due 24 February."""
    assert d("2026-02-24") == duty("handling_plan").period.deadline(d("2026-02-14"), cal()).last_day


def test_zhoucun_5_3_office_dispatches_at_once_without_a_number() -> None:
    """第一时间 is an urgency flag for the office, not a zero-day period."""
    dispatch = duty("split_and_dispatch")
    assert DutyHolder.OFFICE is dispatch.actor
    assert dispatch.immediate is True
    assert dispatch.period is None


# ------------------------------------------------------------------- §4
def test_zhoucun_4_3_every_matter_carries_a_deadline() -> None:
    """An NPC suggestion with no stated deadline and no default is refused; stated, accepted."""
    (finding,) = P.check_registration(category=None, source="npc_suggestion")
    assert "deadline_required" == finding.code
    assert Severity.REFUSAL is finding.severity
    assert () == P.check_registration(category=None, source="npc_suggestion", deadline_stated=True)
    assert () == P.check_registration(category=None, source="major_deployment")


def test_zhoucun_4_4_supervising_leader_signs_the_report() -> None:
    """The district leader in charge (分管领导, the government's, not the unit's) reads and
    signs (阅签) before the report goes in."""
    assert "supervising_leader" == P.report_signoff
    assert P.requires_approval is False
    assert P.category_required is False


# ------------------------------------------------------------------- §6.3
def test_zhoucun_6_3_late_or_poor_work_is_bulletined_in_zhoucun_duzha() -> None:
    """Late reports, returns for quality and poor conduct are bulletined in 《周村督查》."""
    bulletin = rung(EscalationAction.BULLETIN)
    assert "《周村督查》" == bulletin.document
    assert {TriggerEvent.OVERDUE, TriggerEvent.REPORT_OVERDUE, TriggerEvent.RETURNED_FOR_REDO,
            TriggerEvent.POOR_CONDUCT} == {t.event for t in bulletin.triggers}


def test_zhoucun_6_3_bulletin_deducts_a_shortfall_point() -> None:
    """Each 通报 deducts 1 point (default) as a 落实不力 item in the annual evaluation."""
    (rule,) = P.scoring
    assert ScoreBasis.BULLETIN is rule.basis
    assert Decimal(1) == rule.points
    assert "shortfall_points" == rule.parameter
    changed = P.with_parameters(shortfall_points=Decimal("0.5"))
    assert Decimal("0.5") == changed.scoring[0].points


def test_zhoucun_6_3_unheeded_bulletin_goes_to_the_district_leaders() -> None:
    """Still not done 5 working days after the 通报 (default), the office reports upward."""
    report = rung(EscalationAction.REPORT_TO_LEADERS)
    (trigger,) = report.triggers
    assert TriggerEvent.BULLETIN_UNHEEDED is trigger.event
    assert Period.working_days(5) == trigger.offset
    assert StartEvent.BULLETIN is trigger.offset_from
    with pytest.raises(InvalidParameter):
        P.with_parameters(leader_report_after_working_days=31)


def test_zhoucun_in_force_since_publication() -> None:
    """The 办法 applies from 16 July 2021 with no end date."""
    assert P.validity.last_day is None
    assert P.validity_finding(d("2026-10-08")) is None


def test_zhoucun_6_3_work_below_the_required_quality_is_returned() -> None:
    """Work below the quality required is a ground for return and for a 通报."""
    (reason,) = P.return_reasons
    assert "below_quality" == reason.key
    assert "zhoucun-2021 §6.3" == reason.citation.key


def test_zhoucun_4_2_missed_deadline_is_explained_and_escalated_by_the_unit() -> None:
    """A unit that misses its deadline explains why and what next (documented with §4.2)."""
    assert "zhoucun-2021 §4.2" in {n.citation.key for n in P.notes if n.citation}


def test_zhoucun_4_1_supervision_plan_approval_is_not_matter_approval() -> None:
    """§4.1 approves the year's supervision plan; matters need no approval before dispatch."""
    assert "zhoucun-2021 §4.1" in {n.citation.key for n in P.notes if n.citation}
    assert P.requires_approval is False
