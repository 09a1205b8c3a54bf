"""tongren-2014, clause by clause, with 2026 dates across National Day and Spring Festival."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from policy_support import cal, d

from supervision import policies
from supervision.domain.policy import (
    Cycle,
    EscalationAction,
    ExplanationEffect,
    ScoreBasis,
    Severity,
    StartEvent,
    TriggerEvent,
)
from supervision.exceptions import InvalidParameter
from supervision.periods import Period

P = policies.get("tongren-2014")


def rungs(policy: policies.Policy = P) -> tuple[policies.Rung, ...]:
    ladder = policy.ladder("leader_assigned")
    assert ladder is not None
    return tuple(r for r in ladder.rungs if r.action is not EscalationAction.PRE_DEADLINE_WARNING)


def scoring(basis: ScoreBasis, policy: policies.Policy = P) -> policies.ScoringRule:
    return next(s for s in policy.scoring if s.basis is basis)


# ------------------------------------------------------------------- art.7
def test_tongren_7_urgent_leader_matter_3_working_days() -> None:
    """An urgent leader matter received Tuesday 29 September is due Friday 9 October."""
    period = P.default_period("urgent", "leader_instruction")
    assert Period.working_days(3) == period
    assert d("2026-10-09") == period.deadline(d("2026-09-29"), cal()).last_day


def test_tongren_7_urgent_leader_matter_counts_spring_festival_make_up_day() -> None:
    """Received 12 February: 13 February, make-up Saturday 14 February, then 24 February."""
    period = P.default_period("urgent", "leader_instruction")
    assert d("2026-02-24") == period.deadline(d("2026-02-12"), cal()).last_day


def test_tongren_7_general_leader_matter_7_working_days() -> None:
    """A general leader matter received 28 September is due 13 October (make-up 10 Oct counts)."""
    period = P.default_period("general", "leader_instruction")
    assert Period.working_days(7) == period
    assert d("2026-10-13") == period.deadline(d("2026-09-28"), cal()).last_day


def test_tongren_7_research_matter_30_days_ends_on_a_make_up_day() -> None:
    """A research matter received 10 September ends 10 October, a make-up working day."""
    period = P.default_period("research", "leader_instruction")
    assert Period.days(30) == period
    assert d("2026-10-10") == period.deadline(d("2026-09-10"), cal()).last_day


def test_tongren_7_periods_run_from_receipt_phone_notice_included() -> None:
    """The clock runs from receipt of the notice (a phone notice counts)."""
    rule = P.default_rule("general", "leader_instruction")
    assert rule is not None
    assert StartEvent.RECEIPT is rule.start
    assert any(n.citation is not None and "电话" in n.citation.quote for n in P.notes)


def test_tongren_7_leader_matter_without_category_has_no_default() -> None:
    """A leader matter with no category and no stated deadline gets no default period."""
    assert P.default_period(None, "leader_instruction") is None
    assert P.category_required is False


def test_tongren_7_2_other_matters_follow_their_notice() -> None:
    """Matters other than leader assignments have no default: the notice sets the time."""
    assert "special" == P.kind_for(None, "meeting_decision").key
    assert P.default_period(None, "meeting_decision") is None


# ------------------------------------------------------------------- art.11(1)
def test_tongren_11_1_overdue_matter_is_reminded_with_a_reply_deadline() -> None:
    """The first rung reminds an overdue matter; its reply is due 3 working days later."""
    first = rungs()[0]
    assert EscalationAction.REMINDER is first.action
    assert Period.working_days(3) == first.reply
    assert StartEvent.REMINDER is first.reply_start
    assert d("2026-10-09") == first.reply.deadline(d("2026-09-29"), cal()).last_day


def test_tongren_11_1_reminded_once_or_returned_gives_supervision_bulletin() -> None:
    """Reminded once, or returned for poor quality → 督查通报."""
    bulletin = next(r for r in rungs() if r.action is EscalationAction.SUPERVISION_BULLETIN)
    assert {(TriggerEvent.REMINDED, 1), (TriggerEvent.RETURNED_FOR_REDO, 1)} == {
        (t.event, t.count) for t in bulletin.triggers
    }


def test_tongren_11_1_reminded_twice_gives_efficiency_bulletin_and_head_explains() -> None:
    """Reminded twice or rectification ignored → 效能通报, and the main head explains."""
    actions = [r.action for r in rungs()]
    efficiency = rungs()[actions.index(EscalationAction.EFFICIENCY_BULLETIN)]
    assert (TriggerEvent.REMINDED, 2) in {(t.event, t.count) for t in efficiency.triggers}
    assert actions.index(EscalationAction.HEAD_EXPLANATION) > actions.index(
        EscalationAction.EFFICIENCY_BULLETIN
    )


def test_tongren_11_1_accountability_is_a_proposal_unless_adequately_explained() -> None:
    """追究责任 needs the committees' approval and does not apply to an adequate explanation."""
    last = rungs()[-1]
    assert EscalationAction.ACCOUNTABILITY is last.action
    assert last.requires_decision is True
    assert "区党工委、管委会" == last.decided_by
    assert ExplanationEffect.ACCEPTED_EXPLANATION_SUPPRESSES is last.explanation


def test_tongren_11_1_reminder_reply_time_is_a_parameter() -> None:
    """The reply time a reminder gives is a parameter from 1 to 15 working days."""
    changed = P.with_parameters(reminder_reply_working_days=5)
    assert Period.working_days(5) == rungs(changed)[0].reply
    with pytest.raises(InvalidParameter):
        P.with_parameters(reminder_reply_working_days=0)


# ------------------------------------------------------------------- art.11(2),(3)
def test_tongren_11_2_bulletins_and_accountability_deduct_default_points() -> None:
    """Default deductions: 督查通报 1, 效能通报 2, 责任追究 3 points in the annual assessment."""
    assert Decimal(1) == scoring(ScoreBasis.SUPERVISION_BULLETIN).points
    assert Decimal(2) == scoring(ScoreBasis.EFFICIENCY_BULLETIN).points
    assert Decimal(3) == scoring(ScoreBasis.ACCOUNTABILITY).points
    assert not any(s.bonus for s in P.scoring if s.basis is not ScoreBasis.COMMENDATION)


def test_tongren_11_3_commendation_adds_points_with_the_committees_approval() -> None:
    """A 通报表彰 adds 1 point by default, granted with the committees' approval."""
    commendation = scoring(ScoreBasis.COMMENDATION)
    assert commendation.bonus is True
    assert Decimal(1) == commendation.points
    assert "高新区党工委、管委会" == commendation.approval


def test_tongren_11_2_point_amounts_are_parameters() -> None:
    """An integrator sets the amounts (ints, strings or Decimals); negatives are refused."""
    changed = P.with_parameters(supervision_bulletin_points="0.5", commendation_points=2)
    assert Decimal("0.5") == scoring(ScoreBasis.SUPERVISION_BULLETIN, changed).points
    assert Decimal(2) == scoring(ScoreBasis.COMMENDATION, changed).points
    with pytest.raises(InvalidParameter, match="accountability_points"):
        P.with_parameters(accountability_points=-3)


def test_tongren_7_temporary_assignments_are_leader_matters() -> None:
    """A leader's temporary assignment (交办) counts as a leader-assigned matter."""
    assert Period.working_days(7) == P.default_period("general", "temporary_assignment")


# ------------------------------------------------------------------- art.10, art.6, trial
def test_tongren_6_2_urgent_matters_tracked_general_matters_periodic() -> None:
    """紧急事项跟踪督查、一般事项定期督查: the follow-up style per category."""
    assert "跟踪督查" == P.category("urgent").follow_up
    assert "定期督查" == P.category("general").follow_up


def test_tongren_6_3_important_results_go_to_the_leaders_at_once() -> None:
    """The office reports an important matter's result to the leaders promptly (及时)."""
    duty = next(x for x in P.duties if x.key == "important_result_to_leaders")
    assert duty.immediate is True
    assert duty in P.office_duties


def test_tongren_10_1_joint_meeting_every_quarter() -> None:
    """The office holds the joint meeting once a quarter."""
    meeting = next(x for x in P.duties if x.key == "joint_meeting")
    assert Cycle.QUARTERLY is meeting.cycle


def test_tongren_trial_regulation_is_reported_as_such() -> None:
    """The 试行 text is in force, open-ended, and every use reports it as a trial."""
    assert True is P.in_force(dt.date(2026, 9, 30))
    finding = P.validity_finding(dt.date(2026, 9, 30))
    assert finding is not None
    assert "policy_trial" == finding.code
    assert Severity.INFO is finding.severity
    P.require_in_force(dt.date(2026, 9, 30))


def test_tongren_has_no_signature_rule_and_no_approval() -> None:
    """The text has no sign-off rule and no approval step before dispatch."""
    assert "none" == P.report_signoff
    assert P.requires_approval is False


def test_tongren_11_1_poor_quality_is_a_ground_for_redo() -> None:
    """A report of poor quality is returned for redo (and brings a 督查通报)."""
    (reason,) = P.return_reasons
    assert ("poor_quality", True) == (reason.key, reason.redo)


def test_tongren_7_2_categories_apply_to_leader_matters_only() -> None:
    """紧急/一般/专题调研 classify leader assignments; on other matters they give no default."""
    assert P.default_period("urgent", "meeting_decision") is None
    (finding,) = P.check_registration(category="urgent", source="meeting_decision")
    assert "category_not_applicable" == finding.code
    assert Severity.WARNING is finding.severity


def test_tongren_6_2_pre_deadline_warning_can_be_turned_off() -> None:
    """及时督促: a warning one working day before the deadline, off with 0."""
    assert EscalationAction.PRE_DEADLINE_WARNING is P.ladder(None).rungs[0].action
    quiet = P.with_parameters(pre_deadline_warning_working_days=0)
    assert EscalationAction.REMINDER is quiet.ladder(None).rungs[0].action
