"""chizhou-2021 §8.1, §8.2, §7.5, §6.2 and §9 on 2026 dates.

A 一般事项 (§7.2: 5 days) dispatched Friday 2026-09-25 is due Wednesday 09-30; one dispatched
Monday 2026-10-12 is due Saturday 10-17, rolled to Monday 10-19.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from builders import CLERK, LIAISON_A
from escalation_world import LadderWorld, at, day, stated

from supervision.domain import Matter, ReasonKind, Receipt, Source
from supervision.domain.policy import (
    EscalationAction,
)
from supervision.exceptions import InvalidInput
from supervision.service_layer import services


def _general(world: LadderWorld, when: str, lead: str = "unit-a") -> str:
    return world.dispatch(when, category="general", lead=lead).id


def test_chizhou_8_1_subjective_miss_gives_bulletin() -> None:
    """Not finished on time with no objective cause shown: 通报 of unit and person (§8.1),
    issued on the office's first working day after the deadline (09-30; the National Day
    holiday runs 10-01 to 10-07)."""
    world = LadderWorld("chizhou-2021")
    matter = _general(world, "2026-09-25 10:00")
    world.sweep("2026-10-08 09:00")
    [bulletin] = world.issued(EscalationAction.BULLETIN, matter)
    assert ("chizhou-2021 §8.1", at("2026-10-08 00:00")) == (
        bulletin.citation.key, bulletin.due_at)


def test_chizhou_8_1_objective_explanation_prevents_bulletin() -> None:
    """An explanation of an objective cause the office accepted: no bulletin."""
    world = LadderWorld("chizhou-2021")
    matter = _general(world, "2026-09-25 10:00")
    world.explain(matter, "2026-09-29 10:00", ReasonKind.OBJECTIVE, accept=True)
    world.sweep("2026-10-08 09:00")
    assert [] == world.issued(EscalationAction.BULLETIN, matter)


def test_chizhou_8_1_objective_explanation_awaiting_decision_holds_the_bulletin() -> None:
    """While the office has not decided an objective explanation the bulletin is held;
    rejected, it follows."""
    world = LadderWorld("chizhou-2021")
    matter = _general(world, "2026-09-25 10:00")
    world.explain(matter, "2026-09-29 10:00", ReasonKind.OBJECTIVE)
    summary = world.sweep("2026-10-08 09:00")
    assert [f"{matter}:2.bulletin:unit-a:r1"] == list(summary.held)
    assert [] == world.issued(EscalationAction.BULLETIN, matter)
    number = world.stored(matter).explanations[-1].number
    world.when("2026-10-08 10:00")
    services.decide_explanation(world.uow(), world.ctx, CLERK, matter, number, accept=False)
    world.sweep("2026-10-08 11:00")
    assert 1 == len(world.issued(EscalationAction.BULLETIN, matter))


def test_chizhou_8_2_second_consecutive_miss_deducts_one_point() -> None:
    """Two consecutive misses across the unit's matters: the second deducts 1 point from the
    annual target score; the first deducts nothing (default reading)."""
    world = LadderWorld("chizhou-2021")
    first = _general(world, "2026-09-25 10:00")
    second = _general(world, "2026-10-12 10:00")
    world.sweep("2026-10-08 09:00")
    assert Decimal(0) == world.points()
    world.sweep("2026-10-20 09:00")
    [deduction] = world.issued(EscalationAction.POINT_DEDUCTION)
    assert (second, "2") == (deduction.matter_id, deduction.detail("position"))
    [entry] = world.entries()
    assert (Decimal(-1), "2026", (second,)) == (entry.points, entry.period, entry.matter_ids)
    assert first not in entry.matter_ids


def test_chizhou_8_2_third_consecutive_miss_proposes_accountability() -> None:
    """The third consecutive miss deducts again and proposes 问责, waiting for a decision."""
    world = LadderWorld("chizhou-2021")
    for when in ("2026-09-25 10:00", "2026-10-12 10:00", "2026-10-14 10:00"):
        _general(world, when)
    summary = world.sweep("2026-10-22 09:00")
    [proposal] = summary.proposals
    assert (EscalationAction.ACCOUNTABILITY, "3", True) == (
        proposal.action, proposal.detail("position"), proposal.pending)
    assert Decimal(-2) == world.points()


def test_chizhou_8_2_an_on_time_completion_resets_the_streak() -> None:
    """Miss, on time, miss: never two in a row, so nothing is deducted."""
    world = LadderWorld("chizhou-2021")
    _general(world, "2026-09-25 10:00")
    on_time = _general(world, "2026-10-09 10:00")
    world.complete(on_time, "2026-10-12 10:00")
    _general(world, "2026-10-12 11:00")
    world.sweep("2026-10-20 09:00")
    assert [] == world.issued(EscalationAction.POINT_DEDUCTION)


def test_chizhou_8_2_an_accepted_objective_miss_does_not_count() -> None:
    """A miss whose objective explanation the office accepted is not counted."""
    world = LadderWorld("chizhou-2021")
    first = _general(world, "2026-09-25 10:00")
    world.explain(first, "2026-09-29 10:00", ReasonKind.OBJECTIVE, accept=True)
    _general(world, "2026-10-12 10:00")
    world.sweep("2026-10-20 09:00")
    assert [] == world.issued(EscalationAction.POINT_DEDUCTION)


def test_chizhou_8_2_per_matter_reading_counts_each_matter_alone() -> None:
    """With ``streak_scope="per_matter"`` misses on two different matters are no streak."""
    world = LadderWorld("chizhou-2021", streak_scope="per_matter")
    _general(world, "2026-09-25 10:00")
    _general(world, "2026-10-12 10:00")
    world.sweep("2026-10-20 09:00")
    assert [] == world.issued(EscalationAction.POINT_DEDUCTION)


def test_chizhou_8_2_whole_streak_reading_deducts_the_first_miss_too() -> None:
    """With ``streak_deduction="whole_streak"`` the second miss deducts both items."""
    world = LadderWorld("chizhou-2021", streak_deduction="whole_streak")
    _general(world, "2026-09-25 10:00")
    _general(world, "2026-10-12 10:00")
    world.sweep("2026-10-20 09:00")
    assert Decimal(-2) == world.points()


def test_chizhou_8_2_misses_under_the_next_policy_do_not_extend_the_streak() -> None:
    """The office adopts daoli-2017 from 10-12: the unit's chizhou miss (09-30) and its
    daoli miss (10-19) are not two consecutive §8.2 misses; the daoli matter is chased under
    daoli-2017 art.7(3) instead."""
    world = LadderWorld("chizhou-2021")
    old = _general(world, "2026-09-25 10:00")
    world.change_policy("daoli-2017", "2026-10-12", when="2026-10-09 10:00")
    new = _general(world, "2026-10-12 10:00")
    world.sweep("2026-10-20 09:00")
    assert ("chizhou-2021", "daoli-2017") == (world.policy_of(old).name,
                                              world.policy_of(new).name)
    assert [] == world.issued(EscalationAction.POINT_DEDUCTION)
    assert ["daoli-2017 art.7(3)"] == [
        e.citation.key for e in world.issued(EscalationAction.REMINDER, new)]


def test_chizhou_8_2_new_parameters_start_a_new_streak() -> None:
    """From 10-12 the office applies chizhou-2021 with ``streak_deduction="whole_streak"``:
    the 09-30 miss under the old parameters does not count; the matters dispatched 10-12
    and 10-14 under the new ones (both due Monday 10-19) are the first and second misses of
    their own streak, deducting both items (−2) and proposing no 问责."""
    world = LadderWorld("chizhou-2021")
    old = _general(world, "2026-09-25 10:00")
    world.change_policy("chizhou-2021", "2026-10-12", when="2026-10-09 10:00",
                        streak_deduction="whole_streak")
    second = _general(world, "2026-10-12 10:00")
    third = _general(world, "2026-10-14 10:00")
    summary = world.sweep("2026-10-22 09:00")
    deductions = world.issued(EscalationAction.POINT_DEDUCTION)
    assert ({second, third}, Decimal(-2), ()) == (
        {e.matter_id for e in deductions}, world.points(), summary.proposals)
    assert old not in {m for e in world.entries() for m in e.matter_ids}


def test_chizhou_7_5_missed_15_day_report_is_a_miss() -> None:
    """A meeting-decided matter reports every 15 days: 15 days after the 09-10 dispatch is
    09-25, the Mid-Autumn holiday, rolled to Monday 09-28; nothing by then is materials not
    submitted on time — a bulletin (§8.1)."""
    world = LadderWorld("chizhou-2021")
    matter = world.dispatch(
        "2026-09-10 10:00", source=Source.meeting(day("2026-09-09")), category="important",
        deadline=stated(60),
    )
    world.sweep("2026-09-28 09:00")
    assert [] == world.issued(EscalationAction.BULLETIN, matter)
    world.sweep("2026-09-29 09:00")
    [bulletin] = world.issued(EscalationAction.BULLETIN, matter)
    assert ("r1.report1", at("2026-09-29 00:00")) == (bulletin.occasion, bulletin.due_at)


def test_chizhou_7_5_next_report_counts_from_the_previous_report() -> None:
    """Reported on Sunday 09-20 (a make-up working day): the next report is due 15 days
    later, 10-05 — National Day — rolled to Thursday 10-08; nothing is missed before then."""
    world = LadderWorld("chizhou-2021")
    matter = world.dispatch(
        "2026-09-10 10:00", source=Source.meeting(day("2026-09-09")), category="important",
        deadline=stated(60),
    )
    world.progress(matter, "2026-09-20 10:00")
    world.sweep("2026-10-08 09:00")
    assert [] == world.issued(EscalationAction.BULLETIN, matter)
    world.sweep("2026-10-09 09:00")
    [bulletin] = world.issued(EscalationAction.BULLETIN, matter)
    assert ("r1.report2", at("2026-10-09 00:00")) == (bulletin.occasion, bulletin.due_at)


def test_chizhou_6_2_unconfirmed_delivery_is_reported_not_scored() -> None:
    """The office confirms delivery within 1 day of dispatch (shown by the lead unit's 签收);
    unconfirmed, it is the office's own overdue duty: reported, no unit scored."""
    world = LadderWorld("chizhou-2021")
    matter = world.dispatch("2026-03-02 10:00", category="important")
    summary = world.sweep("2026-03-04 09:00")
    [duty] = summary.escalations
    assert (None, "confirm_delivery", "chizhou-2021 §6.2") == (
        duty.unit_id, duty.duty, duty.citation.key)
    assert [] == world.entries()
    assert matter.id == duty.matter_id


def test_chizhou_6_2_a_short_deadline_is_confirmed_at_once() -> None:
    """期限短的应即时联系: a 3-day matter (confirm_at_once_within_days=3) must be confirmed the
    day it is dispatched; 签收 the next morning is already late (due at the end of 03-02)."""
    world = LadderWorld("chizhou-2021")
    matter = world.dispatch("2026-03-02 10:00", category="short")
    world.when("2026-03-03 09:00")
    services.acknowledge(world.uow(), world.ctx, LIAISON_A, matter.id)
    [duty] = [e for e in world.sweep("2026-03-03 10:00").escalations if e.duty]
    assert ("confirm_delivery", at("2026-03-03 00:00")) == (duty.duty, duty.due_at)


def test_chizhou_6_2_a_short_deadline_confirmed_the_same_day_needs_no_report() -> None:
    """签收 on the day of dispatch meets the at-once confirmation."""
    world = LadderWorld("chizhou-2021")
    matter = world.dispatch("2026-03-02 10:00", category="short")
    world.when("2026-03-02 16:00")
    services.acknowledge(world.uow(), world.ctx, LIAISON_A, matter.id)
    assert [] == [e for e in world.sweep("2026-03-03 10:00").escalations if e.duty]


def test_chizhou_6_2_at_once_is_a_parameter() -> None:
    """With confirm_at_once_within_days=0 a short matter keeps the ordinary 1 day."""
    world = LadderWorld("chizhou-2021", confirm_at_once_within_days=0)
    matter = world.dispatch("2026-03-02 10:00", category="short")
    world.when("2026-03-03 09:00")
    services.acknowledge(world.uow(), world.ctx, LIAISON_A, matter.id)
    assert [] == [e for e in world.sweep("2026-03-03 10:00").escalations if e.duty]


def test_chizhou_6_2_acknowledged_next_day_needs_no_report() -> None:
    """签收 within the day: the office's duty was met."""
    world = LadderWorld("chizhou-2021")
    matter = world.dispatch("2026-03-02 10:00", category="important")
    world.when("2026-03-03 09:00")
    services.acknowledge(world.uow(), world.ctx, LIAISON_A, matter.id)
    assert [] == list(world.sweep("2026-03-04 09:00").escalations)


def test_chizhou_9_use_after_the_validity_is_reported() -> None:
    """Valid three years from 2021-04-06: a 2026 sweep reports the lapse, and still runs."""
    world = LadderWorld("chizhou-2021")
    summary = world.sweep("2026-03-02 09:00")
    assert ["policy_expired"] == [f.code for f in summary.findings]


def test_chizhou_7_5_alternative_reading_fixed_windows_from_dispatch() -> None:
    """With ``report_anchor="dispatch"`` the second report is due 30 days after dispatch
    (10-10, a make-up working day) however early the first came; missed, it is bulletined on
    the office's next working day, Monday 10-12."""
    world = LadderWorld("chizhou-2021", report_anchor="dispatch")
    matter = world.dispatch(
        "2026-09-10 10:00", source=Source.meeting(day("2026-09-09")), category="important",
        deadline=stated(60),
    )
    world.progress(matter, "2026-09-20 10:00")
    world.sweep("2026-10-11 09:00")
    assert [] == world.issued(EscalationAction.BULLETIN, matter)
    world.sweep("2026-10-12 09:00")
    [bulletin] = world.issued(EscalationAction.BULLETIN, matter)
    assert ("r1.report2", at("2026-10-12 00:00")) == (bulletin.occasion, bulletin.due_at)


# ------------------------------------------------------------------- §7.3, §7.6 (receipt)
def _received(world: LadderWorld, when: str, duty: str) -> Matter:
    """A document received at ``when`` and registered at once, not yet forwarded."""
    return world.register(when, category="general",
                          receipt=Receipt.of(at(when), duty))


def test_chizhou_7_3_higher_level_item_not_forwarded_in_a_working_day_is_reported() -> None:
    """上级督办件 received Monday 03-02 15:00: signed off and forwarded by the end of the next
    working day's count (1 working day: 03-03); still a draft on 03-04, it is the office's
    overdue duty, recorded once and never scored."""
    world = LadderWorld("chizhou-2021")
    matter = _received(world, "2026-03-02 15:00", "higher_level_item")
    assert [] == list(world.sweep("2026-03-03 18:00").escalations)
    [duty] = world.sweep("2026-03-04 09:00").escalations
    assert ("higher_level_item", None, at("2026-03-04 00:00"), "chizhou-2021 §7.3") == (
        duty.duty, duty.unit_id, duty.due_at, duty.citation.key)
    assert duty.label == "督查机构逾期：上级督办件审签、转办转发"
    assert [] == list(world.sweep("2026-03-05 09:00").escalations)
    assert [] == world.entries()
    assert matter.id == duty.matter_id


def test_chizhou_7_3_forwarded_within_the_working_day_owes_nothing() -> None:
    """Forwarded (交办) on 03-03, within its working day: no report."""
    world = LadderWorld("chizhou-2021")
    matter = _received(world, "2026-03-02 15:00", "higher_level_item")
    world.forward(matter, "2026-03-03 16:00")
    assert [] == [e for e in world.sweep("2026-03-05 09:00").escalations
                  if e.duty == "higher_level_item"]


def test_chizhou_7_3_the_working_day_skips_the_weekend() -> None:
    """Received Friday 03-06: the working day is Monday 03-09; a sweep on Sunday finds
    nothing, Tuesday's finds it overdue."""
    world = LadderWorld("chizhou-2021")
    _received(world, "2026-03-06 16:00", "higher_level_item")
    assert [] == list(world.sweep("2026-03-08 12:00").escalations)
    [duty] = world.sweep("2026-03-10 09:00").escalations
    assert at("2026-03-10 00:00") == duty.due_at


def test_chizhou_7_6_emergency_report_forwarded_late_is_reported() -> None:
    """重大灾情报告 received 10:00 must be forwarded within 1 hour; forwarded at 11:30, the late
    forwarding is reported by the next sweep."""
    world = LadderWorld("chizhou-2021")
    matter = _received(world, "2026-03-02 10:00", "emergency_report")
    world.forward(matter, "2026-03-02 11:30")
    [duty] = [e for e in world.sweep("2026-03-02 12:00").escalations
              if e.duty == "emergency_report"]
    assert ("chizhou-2021 §7.6", at("2026-03-02 11:00")) == (duty.citation.key, duty.due_at)


def test_chizhou_7_6_emergency_report_forwarded_within_the_hour_owes_nothing() -> None:
    """Forwarded at 10:40, within the hour: nothing to report."""
    world = LadderWorld("chizhou-2021")
    matter = _received(world, "2026-03-02 10:00", "emergency_report")
    world.forward(matter, "2026-03-02 10:40")
    assert [] == [e for e in world.sweep("2026-03-02 12:00").escalations
                  if e.duty == "emergency_report"]


def test_chizhou_7_6_an_unforwarded_emergency_is_found_by_the_sweep_at_its_deadline() -> None:
    """A sweep before the hour is up records nothing and wakes the matter at 11:00: the sweep
    at 11:05 finds it (the wake was stored, not lost)."""
    world = LadderWorld("chizhou-2021")
    _received(world, "2026-03-02 10:00", "emergency_report")
    assert [] == list(world.sweep("2026-03-02 10:30").escalations)
    [duty] = world.sweep("2026-03-02 11:05").escalations
    assert "emergency_report" == duty.duty


def test_a_receipt_names_a_duty_of_the_policy() -> None:
    """A receipt naming a duty the policy does not run from receipt is refused."""
    world = LadderWorld("chizhou-2021")
    with pytest.raises(InvalidInput, match=r"receipt\.duty"):
        _received(world, "2026-03-02 10:00", "no_such_duty")
