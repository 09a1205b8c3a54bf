"""tongren-2014 art.11: reminders, 督查通报, 效能通报, accountability, points; 2026 dates.

An urgent leader-assigned matter dispatched Monday 2026-09-28 has 3 working days (art.7(1)):
09-29, 09-30, then National Day, then Thursday 10-08. The first reminder is issued Friday
10-09; its reply (3 working days, a parameter) counts Saturday 10-10, a make-up working day.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from builders import CLERK, LEADER
from escalation_world import LadderWorld, at

from supervision.domain import ReasonKind, ReviewOutcome
from supervision.domain.policy import (
    EscalationAction,
    TriggerEvent,
)
from supervision.service_layer import decisions


def _urgent(world: LadderWorld) -> str:
    return world.dispatch("2026-09-28 10:00", category="urgent").id


def test_tongren_11_1_overdue_is_reminded_with_a_reply_over_the_make_up_day() -> None:
    """Overdue: 催办 at the deadline; the reply counts Saturday 10-10 (调休上班) as a working
    day, so it is due at the end of Tuesday 10-13."""
    world = LadderWorld("tongren-2014")
    matter = _urgent(world)
    world.sweep("2026-10-09 09:00")
    [reminder] = world.issued(EscalationAction.REMINDER, matter)
    assert (at("2026-10-09 00:00"), at("2026-10-14 00:00")) == (
        reminder.due_at, reminder.reply_due_at)


def test_tongren_11_1_reminded_once_gives_supervision_bulletin() -> None:
    """被催办一次 → 督查通报, with the deduction art.11(2) sets (1 point by default)."""
    world = LadderWorld("tongren-2014")
    matter = _urgent(world)
    world.sweep("2026-10-09 09:00")
    assert ["催办", "督查通报"] == world.actions(matter)
    assert Decimal(-1) == world.points()


def test_tongren_11_1_bulletin_after_the_reply_is_a_parameter() -> None:
    """With bulletin_timing="after_reply" the 督查通报 waits for the first reminder's reply
    deadline (end of 10-13) to pass unanswered: 10-09 brings only the 催办; 10-14 the 通报."""
    world = LadderWorld("tongren-2014", bulletin_timing="after_reply")
    matter = _urgent(world)
    world.sweep("2026-10-09 09:00")
    assert ["催办"] == world.actions(matter)
    world.sweep("2026-10-14 09:00")
    [bulletin] = world.issued(EscalationAction.SUPERVISION_BULLETIN, matter)
    assert at("2026-10-14 00:00") == bulletin.due_at


def test_tongren_11_1_a_reminder_falling_on_a_rest_day_goes_out_on_the_next_working_day() -> None:
    """A deadline ending Friday 10-16 passes at the start of Saturday 10-17 (a rest day): the
    催办 and the 督查通报 are issued on Monday 10-19."""
    world = LadderWorld("tongren-2014")
    matter = world.dispatch("2026-10-13 10:00", category="urgent").id
    world.sweep("2026-10-17 09:00")
    assert [] == world.actions(matter)
    world.sweep("2026-10-19 09:00")
    escalations = world.escalations(matter)
    assert ["催办", "督查通报"] == [e.label for e in escalations]
    assert [dt.date(2026, 10, 19)] * 2 == [e.due_at.date() for e in escalations]


def test_tongren_11_1_returned_for_redo_gives_supervision_bulletin() -> None:
    """因办理质量不高退回重办 → 督查通报, even when the report itself was on time."""
    world = LadderWorld("tongren-2014")
    matter = _urgent(world)
    world.final(matter, "2026-09-30 10:00")
    world.review(matter, "2026-09-30 15:00", ReviewOutcome.RETURNED, "办理质量不高")
    world.sweep("2026-09-30 16:00")
    [bulletin] = world.issued(EscalationAction.SUPERVISION_BULLETIN, matter)
    assert "r1.return1" == bulletin.occasion


def test_tongren_11_1_reminded_twice_gives_efficiency_bulletin() -> None:
    """An unanswered reminder brings the second; 被催办两次 → 效能通报 and the unit's main head
    explains to the leaders (2 points deducted by default, on top of the first bulletin)."""
    world = LadderWorld("tongren-2014")
    matter = _urgent(world)
    world.sweep("2026-10-09 09:00")
    world.sweep("2026-10-13 09:00")
    assert 1 == len(world.issued(EscalationAction.REMINDER, matter))
    summary = world.sweep("2026-10-14 09:00")
    assert ["催办", "效能通报", "主要负责人作出说明"] == [e.label for e in summary.escalations]
    assert Decimal(-3) == world.points()


def test_tongren_11_1_reminded_twice_without_explanation_proposes_accountability() -> None:
    """Reminded twice, still not done by the second reply, no adequate explanation:
    追究责任 is proposed for the committees to decide; only an accepted proposal deducts."""
    world = LadderWorld("tongren-2014")
    matter = _urgent(world)
    for when in ("2026-10-09 09:00", "2026-10-14 09:00"):
        world.sweep(when)
    summary = world.sweep("2026-10-20 09:00")
    [proposal] = summary.proposals
    assert (EscalationAction.ACCOUNTABILITY, at("2026-10-20 00:00"), matter) == (
        proposal.action, proposal.due_at, proposal.matter_id)
    assert Decimal(-3) == world.points()
    decisions.decide_proposal(
        world.uow(), world.ctx, LEADER, proposal.key, accept=True, opinion="党工委、管委会同意追责",
    )
    assert Decimal(-6) == world.points()


def test_tongren_11_1_an_accepted_explanation_prevents_accountability() -> None:
    """能充分说明原因: an explanation the office accepted means no accountability proposal."""
    world = LadderWorld("tongren-2014")
    matter = _urgent(world)
    for when in ("2026-10-09 09:00", "2026-10-14 09:00"):
        world.sweep(when)
    world.explain(matter, "2026-10-15 09:00", ReasonKind.OBJECTIVE, accept=True)
    world.sweep("2026-10-20 09:00")
    assert [] == world.issued(EscalationAction.ACCOUNTABILITY, matter)


def test_tongren_11_3_commendation_adds_points() -> None:
    """通报表彰, granted with the committees' approval, adds 1 point by default."""
    world = LadderWorld("tongren-2014")
    world.when("2026-12-20 10:00")
    entry = decisions.commend(
        world.uow(), world.ctx, LEADER, "unit-b", "铜高党办〔2026〕9号", "办理重点项目成效显著",
    )
    assert (Decimal(1), "2026", "tongren-2014 art.11(3)") == (
        entry.points, entry.period, entry.citation.key)
    again = decisions.commend(
        world.uow(), world.ctx, LEADER, "unit-b", "铜高党办〔2026〕9号", "办理重点项目成效显著",
    )
    assert [entry] == [again] == world.entries("unit-b")


def test_tongren_11_1_rectification_ignored_gives_efficiency_bulletin() -> None:
    """领导提出明确整改要求仍然落实不力 (recorded as a finding) → 效能通报 and the head explains,
    without any reminder."""
    world = LadderWorld("tongren-2014")
    matter = _urgent(world)
    world.when("2026-09-29 10:00")
    decisions.record_finding(
        world.uow(), world.ctx, CLERK, matter, TriggerEvent.RECTIFICATION_IGNORED,
        "整改要求提出后仍落实不力",
    )
    summary = world.sweep("2026-09-29 11:00")
    assert ["效能通报", "主要负责人作出说明"] == [e.label for e in summary.escalations]
    assert Decimal(-2) == world.points()
