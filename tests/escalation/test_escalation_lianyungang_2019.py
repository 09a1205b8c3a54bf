"""lianyungang-2019 §5.6, §7.3, §7.4, §8.1, §8.2, §8.3 on 2026 dates.

A leader's instruction dispatched Monday 2026-09-28 gets feedback within 7 working days
(§5.5): 09-29, 09-30, 10-08, 10-09, Saturday 10-10 (make-up), 10-12, 10-13: due 10-13.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from builders import CLERK, LEADER
from escalation_world import LadderWorld, at

from supervision.domain import ReviewOutcome, Source, SourceKind
from supervision.domain.policy import (
    EscalationAction,
    TriggerEvent,
)
from supervision.exceptions import InvalidInput
from supervision.service_layer import decisions


def _instruction(world: LadderWorld, **extra: object) -> str:
    return world.dispatch("2026-09-28 10:00", **extra).id


def test_lianyungang_7_3_reminder_sheet_then_warning_sheet() -> None:
    """Overdue: 《督查催办单》 with a reply in 3 working days (parameter); unanswered by
    10-19: 《督查告诫单》."""
    world = LadderWorld("lianyungang-2019")
    matter = _instruction(world)
    world.sweep("2026-10-14 09:00")
    [reminder] = world.issued(EscalationAction.REMINDER, matter)
    assert ("《督查催办单》", at("2026-10-20 00:00")) == (reminder.document, reminder.reply_due_at)
    world.sweep("2026-10-20 09:00")
    [warning] = world.issued(EscalationAction.WARNING_NOTICE, matter)
    assert "《督查告诫单》" == warning.document


def test_lianyungang_8_1_media_exposure_is_only_proposed() -> None:
    """Exposure (曝光台) is proposed for the office to decide, never done automatically."""
    world = LadderWorld("lianyungang-2019")
    matter = _instruction(world)
    world.sweep("2026-10-14 09:00")
    summary = world.sweep("2026-10-20 09:00")
    [proposal] = summary.proposals
    assert (EscalationAction.MEDIA_EXPOSURE, True) == (proposal.action, proposal.pending)
    assert matter == proposal.matter_id


def test_lianyungang_8_1_second_exposure_makes_the_head_explain_publicly() -> None:
    """Exposed a second time: the unit's main head explains publicly in the column (a key
    work matter: §8.1 names key work and the main leaders' important instructions)."""
    world = LadderWorld("lianyungang-2019")
    matter = _instruction(world, key_work=True)
    world.sweep("2026-10-14 09:00")
    world.sweep("2026-10-20 09:00")
    world.when("2026-10-20 10:00")
    decisions.record_finding(
        world.uow(), world.ctx, CLERK, matter, TriggerEvent.POOR_CONDUCT, "推诿扯皮",
    )
    world.sweep("2026-10-20 11:00")
    exposures = world.issued(EscalationAction.MEDIA_EXPOSURE, matter)
    assert 2 == len(exposures)
    world.when("2026-10-21 10:00")
    for proposal in exposures:
        decisions.decide_proposal(
            world.uow(), world.ctx, LEADER, proposal.key, accept=True, opinion="予以曝光",
        )
    assert [] == world.issued(EscalationAction.PUBLIC_EXPLANATION, matter)
    world.sweep("2026-10-21 11:00")
    [explanation] = world.issued(EscalationAction.PUBLIC_EXPLANATION, matter)
    assert "exposure2" == explanation.occasion


def test_lianyungang_8_3_poor_conduct_proposes_a_measure_from_the_menu() -> None:
    """工作不实、推诿扯皮…: a proposal listing 告诫约谈 … 纪律处理; the person picks one."""
    world = LadderWorld("lianyungang-2019")
    matter = _instruction(world)
    world.when("2026-09-30 10:00")
    decisions.record_finding(
        world.uow(), world.ctx, CLERK, matter, TriggerEvent.POOR_CONDUCT, "慢作为",
    )
    world.sweep("2026-09-30 11:00")
    [menu] = world.issued(EscalationAction.MEASURES_MENU, matter)
    assert ("告诫约谈", "通报批评", "诫勉谈话", "组织处理", "纪律处理") == menu.options
    with pytest.raises(InvalidInput):
        decisions.decide_proposal(
            world.uow(), world.ctx, LEADER, menu.key, accept=True, measure="罚款",
        )
    decided = decisions.decide_proposal(
        world.uow(), world.ctx, LEADER, menu.key, accept=True, measure="告诫约谈",
    )
    assert decided.decision is not None
    assert "告诫约谈" == decided.decision.measure


def test_lianyungang_7_4_slow_hotline_item_is_criticised_with_a_deadline() -> None:
    """A slow 12345 item: 通报批评 and 限期办结 (5 working days by default: issued 10-14,
    due at the end of 10-21)."""
    world = LadderWorld("lianyungang-2019")
    matter = world.dispatch(
        "2026-09-28 10:00", source=Source.of(SourceKind.HOTLINE, "12345工单", leader="市长")
    ).id
    world.sweep("2026-10-14 09:00")
    [bulletin] = world.issued(EscalationAction.CRITICISM_BULLETIN, matter)
    assert ("lianyungang-2019 §7.4", at("2026-10-22 00:00")) == (
        bulletin.citation.key, bulletin.reply_due_at)
    other = LadderWorld("lianyungang-2019")
    plain = _instruction(other)
    other.sweep("2026-10-14 09:00")
    assert [] == other.issued(EscalationAction.CRITICISM_BULLETIN, plain)


def test_lianyungang_8_2_a_matter_overdue_costs_evaluation_points() -> None:
    """Results feed the annual evaluation: 1 point per overdue matter (parameter)."""
    world = LadderWorld("lianyungang-2019")
    matter = _instruction(world)
    world.sweep("2026-10-14 09:00")
    world.sweep("2026-10-15 09:00")
    [entry] = world.entries()
    assert (Decimal(-1), (matter,), "lianyungang-2019 §8.2") == (
        entry.points, entry.matter_ids, entry.citation.key)


def test_lianyungang_5_6_unreviewed_feedback_is_the_offices_overdue_duty() -> None:
    """Feedback on Friday 10-09 is reviewed by the next day — Saturday 10-10, a make-up
    working day; not reviewed, it is reported as the office's duty and nobody is scored."""
    world = LadderWorld("lianyungang-2019")
    matter = _instruction(world)
    world.final(matter, "2026-10-09 10:00")
    assert [] == list(world.sweep("2026-10-10 18:00").escalations)
    summary = world.sweep("2026-10-11 09:00")
    [duty] = summary.escalations
    assert (None, "review", at("2026-10-11 00:00")) == (duty.unit_id, duty.duty, duty.due_at)
    assert [] == world.entries()


def test_lianyungang_5_6_missed_redo_deadline_is_reminded() -> None:
    """Returned on 10-09 with no redo date set: 7 working days (parameter) to 10-19; no
    new report by then is a missed redo deadline, reminded like any other."""
    world = LadderWorld("lianyungang-2019")
    matter = _instruction(world)
    world.final(matter, "2026-10-09 10:00")
    world.review(matter, "2026-10-09 15:00", ReviewOutcome.RETURNED, "不符合督办要求")
    world.sweep("2026-10-19 09:00")
    assert [] == world.issued(EscalationAction.REMINDER, matter)
    world.sweep("2026-10-20 09:00")
    [reminder] = world.issued(EscalationAction.REMINDER, matter)
    assert ("r1.redo1", at("2026-10-20 00:00")) == (reminder.occasion, reminder.due_at)


def test_lianyungang_5_6_alternative_reading_the_unit_redoes_by_the_next_day() -> None:
    """With ``review_reading="unit_redo_next_day"`` a return on Friday 10-09 is due again by
    the next day, Saturday 10-10 (a make-up working day); the office chases on its next
    working day, Monday 10-12 (Sunday 10-11 is a rest day)."""
    world = LadderWorld("lianyungang-2019", review_reading="unit_redo_next_day")
    matter = _instruction(world)
    world.final(matter, "2026-10-09 10:00")
    world.review(matter, "2026-10-09 15:00", ReviewOutcome.RETURNED, "不符合督办要求")
    world.sweep("2026-10-12 09:00")
    [reminder] = world.issued(EscalationAction.REMINDER, matter)
    assert ("r1.redo1", at("2026-10-12 00:00")) == (reminder.occasion, reminder.due_at)
