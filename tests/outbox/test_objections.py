"""复核 (《政府督查工作条例》第十七条 as the issue reads it, cited by number): the unit files
within 30 days of receiving a conclusion, with reasons; the office answers within 30 days,
upheld, partly upheld or rejected, with reasons; a late answer is escalated; the effects on
escalations and score entries are recorded as events; every step is confidential like its
matter."""

from __future__ import annotations

from decimal import Decimal

import pytest
from builders import CLERK, HEAD_A, LEADER, LIAISON_A, LIAISON_B, OFFICE
from escalation_world import LadderWorld, at

from supervision.delivery import LoggingSender
from supervision.domain import Actor, Confidentiality, EventKind, Role, Source, SourceKind
from supervision.domain.escalation import Escalation
from supervision.domain.notices import NoticeKind, RecipientKind
from supervision.domain.objections import ObjectionOutcome, ReviewTerms
from supervision.domain.policy import EscalationAction
from supervision.exceptions import (
    InvalidInput,
    MatterNotFound,
    NotFound,
    PermissionDenied,
    RuleViolation,
)
from supervision.periods import Period
from supervision.service_layer import decisions

LEADER_2 = Actor.of("leader-2", Role.APPROVING_LEADER, office_id=OFFICE, name="另一审定领导")


def _bulletined(world: LadderWorld, **extra: object) -> tuple[str, Escalation]:
    """zhoucun-2021 §6.3: a deployment due Saturday 10-10, bulletined in 《周村督查》 and
    deducted 1 point by the 10-12 sweep."""
    matter = world.dispatch("2026-09-28 10:00", source=Source.of(
        SourceKind.MAJOR_DEPLOYMENT, "区政府常务会议部署"), **extra).id
    world.sweep("2026-10-12 09:00")
    [bulletin] = world.issued(EscalationAction.BULLETIN, matter)
    return matter, bulletin


def _delivered(world: LadderWorld, when: str) -> None:
    world.when(when)
    world.app.deliver(LoggingSender())


def test_gov_inspection_17_the_unit_files_within_30_days_of_receiving_the_conclusion() -> None:
    """Delivered 10-12 09:30: the filing period ends with 11-11 (30 日, the start day not
    counted); filed 11-10, the answer is due with 12-10 (30 日 from the filing)."""
    world = LadderWorld("zhoucun-2021")
    matter, bulletin = _bulletined(world)
    _delivered(world, "2026-10-12 09:30")
    world.when("2026-11-10 10:00")
    objection = world.app.file_objection(LIAISON_A, bulletin.key, "已按期报送，通报与事实不符")
    assert (at("2026-10-12 09:30"), at("2026-11-12 00:00"), at("2026-12-11 00:00")) == (
        objection.received_at, objection.filing_due_at, objection.answer_due_at)
    assert EventKind.OBJECTION_FILED is world.event_kinds(matter)[-1]


def test_gov_inspection_17_filing_after_the_period_is_refused() -> None:
    """On 11-12 the period that ended with 11-11 has run out: objection_out_of_time, citing
    the article in Chinese."""
    world = LadderWorld("zhoucun-2021")
    _matter, bulletin = _bulletined(world)
    _delivered(world, "2026-10-12 09:30")
    world.when("2026-11-12 09:00")
    with pytest.raises(RuleViolation) as late:
        world.app.file_objection(LIAISON_A, bulletin.key, "理由")
    assert ("objection_out_of_time", "《政府督查工作条例》第十七条") == (late.value.rule,
                                                                 late.value.cited)


def test_gov_inspection_17_the_period_runs_from_receipt_not_from_the_record() -> None:
    """A bulletin recorded 10-12 but delivered only 10-20 may be objected to on 11-15."""
    world = LadderWorld("zhoucun-2021")
    _matter, bulletin = _bulletined(world)
    _delivered(world, "2026-10-20 09:00")
    world.when("2026-11-15 09:00")
    assert at("2026-10-20 09:00") == world.app.file_objection(
        LIAISON_A, bulletin.key, "理由").received_at


def test_a_conclusion_never_delivered_counts_from_its_record() -> None:
    """Library convention: with no notice delivered, the period runs from the recording."""
    world = LadderWorld("zhoucun-2021")
    _matter, bulletin = _bulletined(world)
    world.when("2026-10-13 09:00")
    assert bulletin.issued_at == world.app.file_objection(LIAISON_A, bulletin.key,
                                                          "理由").received_at


def test_only_the_unit_a_conclusion_concerns_files() -> None:
    """Another unit's liaison, or the office's clerk, may not ask for review of it."""
    world = LadderWorld("zhoucun-2021")
    _matter, bulletin = _bulletined(world, co=("unit-b",))
    world.when("2026-10-13 09:00")
    for actor in (LIAISON_B, CLERK):
        with pytest.raises(PermissionDenied):
            world.app.file_objection(actor, bulletin.key, "理由")


def test_a_unit_asks_for_review_of_a_conclusion_once() -> None:
    """A second filing on the same conclusion is objection_already_filed."""
    world = LadderWorld("zhoucun-2021")
    _matter, bulletin = _bulletined(world)
    world.when("2026-10-13 09:00")
    world.app.file_objection(LIAISON_A, bulletin.key, "理由")
    with pytest.raises(RuleViolation) as again:
        world.app.file_objection(HEAD_A, bulletin.key, "另一理由")
    assert "objection_already_filed" == again.value.rule


def test_the_filing_goes_to_the_leaders_with_its_reasons() -> None:
    """The approving leaders get the 复核申请 with the unit's reasons and the answer's day."""
    world = LadderWorld("zhoucun-2021")
    matter, bulletin = _bulletined(world)
    world.when("2026-10-13 09:00")
    world.app.file_objection(LIAISON_A, bulletin.key, "通报所列情况与事实不符")
    [filed] = [n for n, _ in world.app.notices_for(CLERK, matter)
               if n.kind is NoticeKind.OBJECTION_FILED]
    assert (RecipientKind.ROLE, "approving_leader") == (filed.recipient.kind, filed.recipient.id)
    assert "通报所列情况与事实不符" in filed.text
    assert "请于2026年11月12日前作出复核决定" in filed.text


def test_gov_inspection_17_upheld_reverses_the_deduction_and_sets_the_bulletin_aside() -> None:
    """复核成立: the 1-point deduction is reversed by a compensating entry, the bulletin set
    aside; OBJECTION_DECIDED records both; the unit gets its 复核决定书 (复 series)."""
    world = LadderWorld("zhoucun-2021")
    matter, bulletin = _bulletined(world)
    assert Decimal(-1) == world.points()
    world.when("2026-10-13 09:00")
    objection = world.app.file_objection(LIAISON_A, bulletin.key, "理由")
    world.when("2026-10-20 09:00")
    answered = world.app.decide_objection(LEADER, objection.id, ObjectionOutcome.UPHELD,
                                          "经核实已按期报送")
    assert answered.decision is not None
    assert (Decimal(0), (bulletin.key,)) == (world.points(), answered.decision.set_aside)
    event = world.app.timeline(CLERK, matter)[-1]
    assert (EventKind.OBJECTION_DECIDED, "upheld", bulletin.key) == (
        event.kind, event.detail("outcome"), event.detail("set_aside"))
    assert answered.decision.reversed == tuple(event.detail("reversed").split(","))
    [told] = [n for n, _ in world.app.notices_for(CLERK, matter)
              if n.kind is NoticeKind.OBJECTION_DECIDED and n.recipient.id == "liaison-a"]
    assert ("复核决定书", "周政督复〔2026〕1号") == (told.document, str(told.number))


def test_gov_inspection_17_partly_upheld_keeps_the_measure_and_reverses_the_deduction() -> None:
    """复核部分成立: the bulletin stays on record, the deduction named is reversed."""
    world = LadderWorld("zhoucun-2021")
    _matter, bulletin = _bulletined(world)
    [entry] = world.entries()
    world.when("2026-10-13 09:00")
    objection = world.app.file_objection(LIAISON_A, bulletin.key, "理由")
    answered = world.app.decide_objection(LEADER, objection.id,
                                          ObjectionOutcome.PARTLY_UPHELD, "扣分不当",
                                          reverse=[entry.key])
    assert answered.decision is not None
    assert ((), Decimal(0)) == (answered.decision.set_aside, world.points())


def test_gov_inspection_17_rejected_keeps_the_conclusion() -> None:
    """维持原结论: nothing is reversed; naming deductions to reverse is refused."""
    world = LadderWorld("zhoucun-2021")
    _matter, bulletin = _bulletined(world)
    [entry] = world.entries()
    world.when("2026-10-13 09:00")
    objection = world.app.file_objection(LIAISON_A, bulletin.key, "理由")
    with pytest.raises(InvalidInput):
        world.app.decide_objection(LEADER, objection.id, ObjectionOutcome.REJECTED, "不成立",
                                   reverse=[entry.key])
    world.app.decide_objection(LEADER, objection.id, ObjectionOutcome.REJECTED, "情况属实")
    assert Decimal(-1) == world.points()


def test_an_objection_is_answered_once_by_an_approving_leader() -> None:
    """A clerk may not answer; a second answer is objection_already_decided."""
    world = LadderWorld("zhoucun-2021")
    _matter, bulletin = _bulletined(world)
    world.when("2026-10-13 09:00")
    objection = world.app.file_objection(LIAISON_A, bulletin.key, "理由")
    with pytest.raises(PermissionDenied):
        world.app.decide_objection(CLERK, objection.id, ObjectionOutcome.REJECTED, "不成立")
    world.app.decide_objection(LEADER, objection.id, ObjectionOutcome.REJECTED, "不成立")
    with pytest.raises(RuleViolation) as again:
        world.app.decide_objection(LEADER, objection.id, ObjectionOutcome.UPHELD, "改判")
    assert "objection_already_decided" == again.value.rule


def test_gov_inspection_17_an_answer_not_given_in_time_is_escalated_once() -> None:
    """Filed 10-13, unanswered when the period ends (with 11-12): the 11-13 sweep records the
    office's overdue duty once, on the matter's timeline, and tells the leaders."""
    world = LadderWorld("zhoucun-2021")
    matter, bulletin = _bulletined(world)
    world.when("2026-10-13 09:00")
    world.app.file_objection(LIAISON_A, bulletin.key, "理由")
    world.sweep("2026-11-12 09:00")
    assert [] == [e for e in world.escalations(matter) if e.duty == "objection_answer"]
    first = world.sweep("2026-11-13 09:00")
    again = world.sweep("2026-11-14 09:00")
    overdue = [e for e in first.escalations if e.duty == "objection_answer"]
    assert (1, []) == (len(overdue), [e for e in again.escalations
                                      if e.duty == "objection_answer"])
    assert "督查机构逾期：作出复核决定" == overdue[0].label
    kinds = {n.recipient.id for n, _ in world.app.notices_for(CLERK, matter)
             if n.kind is NoticeKind.OBJECTION_OVERDUE}
    assert {"approving_leader", "office_clerk"} == kinds


def test_an_answered_objection_is_never_escalated() -> None:
    """Answered in time, nothing is escalated when the period ends."""
    world = LadderWorld("zhoucun-2021")
    matter, bulletin = _bulletined(world)
    world.when("2026-10-13 09:00")
    objection = world.app.file_objection(LIAISON_A, bulletin.key, "理由")
    world.app.decide_objection(LEADER, objection.id, ObjectionOutcome.REJECTED, "不成立")
    world.sweep("2026-11-13 09:00")
    assert [] == [e for e in world.escalations(matter) if e.duty == "objection_answer"]


def test_the_leader_who_decided_the_measure_does_not_review_it() -> None:
    """lianyungang-2019 §8.1: the exposure LEADER accepted is reviewed by another leader."""
    world = LadderWorld("lianyungang-2019")
    matter = world.dispatch("2026-09-28 10:00").id
    world.sweep("2026-10-14 09:00")
    [proposal] = world.sweep("2026-10-20 09:00").proposals
    world.when("2026-10-20 10:00")
    decisions.decide_proposal(world.uow(), world.ctx, LEADER, proposal.key, accept=True)
    objection = world.app.file_objection(LIAISON_A, proposal.key, "理由")
    with pytest.raises(PermissionDenied):
        world.app.decide_objection(LEADER, objection.id, ObjectionOutcome.REJECTED, "不成立")
    world.app.decide_objection(LEADER_2, objection.id, ObjectionOutcome.REJECTED, "不成立")
    assert matter == objection.matter_id


def test_every_step_is_confidential_like_its_matter() -> None:
    """An objection about a matter a leader may not see is NotFound for that leader, and its
    list of objections is MatterNotFound, exactly as a missing one."""
    world = LadderWorld("zhoucun-2021")
    matter, bulletin = _bulletined(world, confidentiality=Confidentiality.controlled(
        ["clerk-1", "head-a", "liaison-a", "leader-1"]))
    world.when("2026-10-13 09:00")
    objection = world.app.file_objection(LIAISON_A, bulletin.key, "理由")
    with pytest.raises(NotFound) as hidden:
        world.app.decide_objection(LEADER_2, objection.id, ObjectionOutcome.REJECTED, "不成立")
    assert "objection" == hidden.value.kind
    with pytest.raises(MatterNotFound):
        world.app.objections_for(LEADER_2, matter)
    assert [objection] == world.app.open_objections(LEADER)
    assert [] == world.app.open_objections(LEADER_2)


def test_a_score_entry_is_a_conclusion_too() -> None:
    """A deduction (考核扣分) may be objected to by its key; upheld, it is reversed."""
    world = LadderWorld("zhoucun-2021")
    _matter, _bulletin = _bulletined(world)
    [entry] = world.entries()
    world.when("2026-10-13 09:00")
    objection = world.app.file_objection(HEAD_A, entry.key, "理由")
    world.app.decide_objection(LEADER, objection.id, ObjectionOutcome.UPHELD, "扣分有误")
    assert Decimal(0) == world.points()


def test_an_office_may_set_its_own_review_terms() -> None:
    """ReviewTerms: a 10-day filing period refuses a filing on day 11."""
    world = LadderWorld("zhoucun-2021")
    world.app.review_terms = ReviewTerms.of(filing_period=Period.days(10))
    _matter, bulletin = _bulletined(world)
    world.when("2026-10-23 09:00")
    with pytest.raises(RuleViolation):
        world.app.file_objection(LIAISON_A, bulletin.key, "理由")
