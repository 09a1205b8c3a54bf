"""lianyungang-2019, clause by clause, with 2026 dates across National Day and Spring Festival."""

from __future__ import annotations

from decimal import Decimal

import pytest
from policy_support import cal, d

from supervision import policies
from supervision.domain.policy import (
    DutyHolder,
    EscalationAction,
    ScoreBasis,
    StartEvent,
    TriggerEvent,
)
from supervision.exceptions import InvalidParameter
from supervision.periods import Period

P = policies.get("lianyungang-2019")


def duty(key: str, policy: policies.Policy = P) -> policies.Duty:
    return next(x for x in policy.duties if x.key == key)


def rung(action: EscalationAction) -> policies.Rung:
    ladder = P.ladder(None)
    assert ladder is not None
    return next(r for r in ladder.rungs if r.action is action)


# ------------------------------------------------------------------- §7.2 and §5.5
def test_lianyungang_7_2_minutes_progress_report_10_days() -> None:
    """Minutes issued 24 September: 10 days end 4 October, a holiday, so due 8 October."""
    rule = P.default_rule(None, "meeting_decision")
    assert Period.days(10) == rule.period
    assert StartEvent.MINUTES_ISSUE is rule.start
    assert d("2026-10-08") == rule.period.deadline(d("2026-09-24"), cal()).last_day


def test_lianyungang_7_2_document_progress_report_1_month() -> None:
    """A document issued 30 January 2026 reports by 28 February, a make-up working day."""
    rule = P.default_rule(None, "document")
    assert Period.months(1) == rule.period
    assert StartEvent.DOCUMENT_ISSUE is rule.start
    assert d("2026-02-28") == rule.period.deadline(d("2026-01-30"), cal()).last_day


def test_lianyungang_7_2_document_month_ending_in_national_day() -> None:
    """A document issued 7 September ends 7 October, a holiday: due 8 October."""
    assert d("2026-10-08") == P.default_period(None, "document").deadline(
        d("2026-09-07"), cal()
    ).last_day


def test_lianyungang_7_2_completion_report_follows_the_progress_report() -> None:
    """After the one progress report, the unit reports completion when done."""
    (rule,) = P.reporting_for(None, "document")
    assert rule.next_start is None
    assert rule.final_report is True


def test_lianyungang_5_5_other_matters_feed_back_within_7_working_days() -> None:
    """A hotline item dispatched 28 September feeds back by 13 October."""
    period = P.default_period(None, "hotline")
    assert Period.working_days(7) == period
    assert d("2026-10-13") == period.deadline(d("2026-09-28"), cal()).last_day


def test_lianyungang_5_5_feedback_precedence_is_a_parameter() -> None:
    """Under the alternative reading documents also get §5.5's 7 working days."""
    changed = P.with_parameters(precedence="feedback_rule")
    assert Period.working_days(7) == changed.default_period(None, "document")
    assert Period.working_days(7) == changed.default_period(None, "meeting_decision")
    assert 2 == len(changed.reporting)


def test_lianyungang_5_5_unit_head_signs_the_feedback() -> None:
    """The unit's main responsible comrade signs before the report is sent."""
    assert "unit_head" == P.report_signoff
    assert P.requires_approval is False


# ------------------------------------------------------------------- §5.6
def test_lianyungang_5_6_office_reviews_by_the_next_day() -> None:
    """Feedback arriving 30 September is reviewed by 8 October (次日, rolled); not scored."""
    review = duty("review")
    assert DutyHolder.OFFICE is review.actor
    assert StartEvent.FEEDBACK_RECEIVED is review.start
    assert review.scored is False
    assert d("2026-10-08") == review.period.deadline(d("2026-09-30"), cal()).last_day


def test_lianyungang_5_6_redo_defaults_to_7_working_days() -> None:
    """A returned report is redone within 7 working days unless the office sets a time."""
    redo = duty("redo")
    assert Period.working_days(7) == redo.period
    assert StartEvent.RETURN is redo.start
    assert redo.scored is True


def test_lianyungang_5_6_unit_redo_next_day_is_the_alternative_reading() -> None:
    """The alternative reading makes the unit's redo due the next day."""
    changed = P.with_parameters(review_reading="unit_redo_next_day")
    assert Period.next_day() == duty("redo", changed).period
    assert duty("review", changed).immediate is True


# ------------------------------------------------------------------- §5.1
def test_lianyungang_5_1_no_leader_instruction_means_no_registration() -> None:
    """A hotline item with no recorded instruction is refused (不予立项)."""
    (finding,) = P.check_registration(category=None, source="hotline")
    assert "leader_instruction_missing" == finding.code
    assert finding.refuses
    assert () == P.check_registration(category=None, source="hotline", leader_instruction=True)


def test_lianyungang_5_1_city_level_sources_meet_the_check_only_under_the_wider_reading() -> None:
    """With ``registration_reading="city_source_admitted"`` a city-level document or meeting
    decision (§4(1)–(4)) is registered without a separate instruction; a hotline item still
    needs one."""
    wider = P.with_parameters(registration_reading="city_source_admitted")
    assert () == wider.check_registration(category=None, source="document")
    assert () == wider.check_registration(category=None, source="meeting_decision")
    (finding,) = wider.check_registration(category=None, source="hotline")
    assert "leader_instruction_missing" == finding.code


def test_lianyungang_5_1_internal_functions_are_refused() -> None:
    """A department's own internal function is refused even with an instruction."""
    (finding,) = P.check_registration(
        category=None, source="leader_instruction", leader_instruction=True,
        internal_function=True,
    )
    assert "internal_function" == finding.code


def test_lianyungang_5_1_by_default_even_a_document_needs_a_recorded_instruction() -> None:
    """The default reading (rules.md): every matter records the city leader's instruction;
    a city document or meeting decision without one is refused."""
    for source in ("document", "meeting_decision"):
        (finding,) = P.check_registration(category=None, source=source)
        assert ("leader_instruction_missing", True) == (finding.code, finding.refuses)


# ------------------------------------------------------------------- §7.3, §7.4, §8
def test_lianyungang_7_3_reminder_sheet_then_warning_sheet() -> None:
    """An overdue matter gets a 督查催办单; an unanswered one a 督查告诫单."""
    ladder = P.ladder(None)
    assert ["《督查催办单》", "《督查告诫单》"] == [r.document for r in ladder.rungs[1:3]]
    assert Period.working_days(3) == rung(EscalationAction.REMINDER).reply


def test_lianyungang_7_4_slow_hotline_items_are_criticised_with_a_set_deadline() -> None:
    """Slow 市长信箱/12345/信访 items get 通报批评 and a deadline (5 working days by default)."""
    criticism = rung(EscalationAction.CRITICISM_BULLETIN)
    assert ("hotline", "peoples_letter", "petition") == criticism.sources
    assert Period.working_days(5) == criticism.reply
    assert StartEvent.BULLETIN is criticism.reply_start


def test_lianyungang_8_1_media_exposure_is_decided_by_a_person() -> None:
    """Exposure happens 必要时: it is proposed, not automatic."""
    assert rung(EscalationAction.MEDIA_EXPOSURE).requires_decision is True


def test_lianyungang_8_1_second_exposure_requires_public_explanation() -> None:
    """Exposed a second time, the unit's main head explains publicly."""
    (trigger,) = rung(EscalationAction.PUBLIC_EXPLANATION).triggers
    assert (TriggerEvent.EXPOSED, 2) == (trigger.event, trigger.count)


def test_lianyungang_8_2_results_feed_the_annual_evaluation() -> None:
    """Each late matter deducts 1 point (default) in the annual evaluation."""
    (rule,) = P.scoring
    assert ScoreBasis.OVERDUE_MATTER is rule.basis
    assert Decimal(1) == rule.points
    with pytest.raises(InvalidParameter):
        P.with_parameters(evaluation_points=Decimal(101))


def test_lianyungang_8_3_measures_are_a_menu_for_a_person_to_choose() -> None:
    """告诫约谈 … 纪律处理 are options of a proposal, never automatic."""
    menu = rung(EscalationAction.MEASURES_MENU)
    assert menu.requires_decision is True
    assert ("告诫约谈", "通报批评", "诫勉谈话", "组织处理", "纪律处理") == menu.options


def test_lianyungang_in_force_from_issue_with_no_end() -> None:
    """The mechanism applies from 11 March 2019 with no end date."""
    assert P.in_force(d("2026-10-08")) is True
    assert P.validity_finding(d("2026-10-08")) is None


def test_lianyungang_5_6_reports_short_of_the_requirements_are_redone() -> None:
    """A report that falls short of the requirements is returned for redo."""
    (reason,) = P.return_reasons
    assert (True, "lianyungang-2019 §5.6") == (reason.redo, reason.citation.key)


def test_lianyungang_7_1_ledger_strikes_off_each_completed_item() -> None:
    """办结一项销号一项 is documented with its clause."""
    assert "lianyungang-2019 §7.1" in {n.citation.key for n in P.notes if n.citation}


def test_lianyungang_7_3_reinspection_and_on_site_checks_are_documented() -> None:
    """回头看 and on-site checks are documented with §7.3."""
    assert "lianyungang-2019 §7.3" in {n.citation.key for n in P.notes if n.citation}


def test_lianyungang_5_4_pre_deadline_warning_one_working_day_before() -> None:
    """跟踪督促,限时办结: a warning one working day before the deadline by default."""
    warning = rung(EscalationAction.PRE_DEADLINE_WARNING)
    assert 0 == warning.step
    assert Period.working_days(1) == warning.triggers[0].offset
