"""The transactional outbox: every escalation, dispatch and decision someone must be told of
writes its notices in the same unit of work, numbered in its own series per office and kind,
rendered for each recipient as that recipient may read it."""

from __future__ import annotations

import pytest
from builders import (
    CLERK,
    LEADER,
    LIAISON_A,
    OFFICE,
    OTHER_CLERK,
    OTHER_OFFICE,
    office_spec,
    registration,
)
from escalation_world import LadderWorld

from supervision.domain import Confidentiality, EventKind, ReviewOutcome, Role, Unit, UnitKind
from supervision.domain.notices import Notice, NoticeKind, RecipientKind
from supervision.domain.policy import EscalationAction
from supervision.exceptions import MatterNotFound, PermissionDenied
from supervision.service_layer import decisions, offices
from supervision.service_layer import services as svc


def _notices(world: LadderWorld, matter_id: str) -> list[Notice]:
    with world.uow() as uow:
        return list(uow.notices.for_matter(matter_id))


def _reminded(world: LadderWorld) -> str:
    """lianyungang-2019: dispatched 2026-09-28 (due 10-13), reminded by the 10-14 sweep."""
    matter = world.dispatch("2026-09-28 10:00").id
    world.sweep("2026-10-14 09:00")
    return matter


def test_an_escalation_writes_a_notice_to_each_person_of_its_unit() -> None:
    """The 督查催办单 goes to the unit's main head and its liaison, one notice each, with the
    escalation's key as its source."""
    world = LadderWorld("lianyungang-2019")
    matter = _reminded(world)
    [reminder] = world.issued(EscalationAction.REMINDER, matter)
    sent = [n for n in world.app.notices_for(CLERK, matter) if n[0].kind is NoticeKind.REMINDER]
    assert [("person:head-a", Role.UNIT_HEAD), ("person:liaison-a", Role.UNIT_LIAISON)] == [
        (n.recipient.key, n.recipient.role) for n, _ in sent]
    assert {f"escalation:{reminder.key}"} == {n.source for n, _ in sent}


def test_sweeping_again_writes_no_notice_again() -> None:
    """A second sweep records nothing, so it writes no notice either."""
    world = LadderWorld("lianyungang-2019")
    matter = _reminded(world)
    before = len(_notices(world, matter))
    world.sweep("2026-10-14 09:00")
    assert before == len(_notices(world, matter))


def test_lianyungang_7_3_reminder_notice_carries_the_reminder_sheet_in_chinese() -> None:
    """The notice's text is the 督查催办单 with its 发文字号 from the office's 催 series, the
    clause in Chinese (never its key), and the reply deadline of the clause (3 working days
    from 10-14: 10-19)."""
    world = LadderWorld("lianyungang-2019")
    matter = _reminded(world)
    notice, _ = next(n for n in world.app.notices_for(CLERK, matter)
                     if n[0].kind is NoticeKind.REMINDER)
    assert ("督查催办单", "连政督催〔2026〕1号") == (notice.document, str(notice.number))
    assert "《连云港市政府系统大督查工作机制》第七部分第（三）项" in notice.text
    assert "lianyungang-2019" not in notice.text
    assert "请于2026年10月19日前报送办理结果或进展情况" in notice.text


def test_an_overdue_matter_is_told_since_when_it_is_overdue_never_to_finish_by_a_past_day() -> None:
    """The 催办单 of a matter due 10-13, issued 10-14, says it was due 10-13 and is overdue
    since 10-14; it never asks "请于2026年10月13日前办结"."""
    world = LadderWorld("lianyungang-2019")
    matter = _reminded(world)
    notice, _ = next(n for n in world.app.notices_for(CLERK, matter)
                     if n[0].kind is NoticeKind.REMINDER)
    assert "应于2026年10月13日前办结，自2026年10月14日起已逾期" in notice.text
    assert "请于2026年10月13日前办结" not in notice.text


def test_each_kind_of_document_has_its_own_number_series_per_office() -> None:
    """Two reminders in one office are 催 1 and 2; the warning that follows starts the 告
    series at 1."""
    world = LadderWorld("lianyungang-2019")
    first = world.dispatch("2026-09-28 10:00").id
    second = world.dispatch("2026-09-28 11:00").id
    world.sweep("2026-10-14 09:00")
    world.sweep("2026-10-20 09:00")
    numbers = sorted(
        (n.kind.value, str(n.number)) for m in (first, second) for n in _notices(world, m)
        if n.kind in (NoticeKind.REMINDER, NoticeKind.WARNING) and n.recipient.id == "head-a")
    assert [("reminder", "连政督催〔2026〕1号"), ("reminder", "连政督催〔2026〕2号"),
            ("warning", "连政督告〔2026〕1号"), ("warning", "连政督告〔2026〕2号")] == numbers


def test_another_office_numbers_its_documents_from_one() -> None:
    """An office's series are its own: the second office's first 催办单 is number 1 too."""
    world = LadderWorld("lianyungang-2019")
    with world.uow() as uow:
        offices.ensure_office(uow, world.ctx, office_spec("lianyungang-2019", OTHER_OFFICE))
        uow.commit()
    world.app.add_unit(OTHER_CLERK, Unit.create("unit-a", "经济发展局", UnitKind.DEPARTMENT,
                                                head_id="head-x"))
    world.dispatch("2026-09-28 10:00")
    world.when("2026-09-28 10:00")
    other = world.app.register(OTHER_CLERK, registration())
    world.app.dispatch(OTHER_CLERK, other.id)
    world.sweep("2026-10-14 09:00")
    with world.uow() as uow:
        mine = {str(n.number) for n in uow.notices.list(offices=[OFFICE])
                if n.kind is NoticeKind.REMINDER}
        theirs = {str(n.number) for n in uow.notices.list(offices=[OTHER_OFFICE])
                  if n.kind is NoticeKind.REMINDER}
    assert ({"连政督催〔2026〕1号"}, {"连政督催〔2026〕1号"}) == (mine, theirs)


def test_a_dispatch_sends_the_assignment_notice_to_lead_and_co_units() -> None:
    """交办 writes the 督办通知 (under the policy's own name) to every assigned unit's people,
    numbered with the matter's registration number."""
    world = LadderWorld("zhoucun-2021")
    matter = world.dispatch("2026-09-28 10:00", co=("unit-b",))
    sent = [n for n, _ in world.app.notices_for(CLERK, matter.id)
            if n.kind is NoticeKind.ASSIGNMENT]
    assert ["person:head-a", "person:head-b", "person:liaison-a", "person:liaison-b"] == sorted(
        n.recipient.key for n in sent)
    assert {("督办单", str(matter.number))} == {(n.document, str(n.number)) for n in sent}
    assert all("马衙街道" in n.text for n in sent)


def test_a_confidential_matter_is_not_shown_to_a_recipient_outside_its_circle() -> None:
    """daoli-2017 art.23: the head inside the circle gets the document; the liaison outside
    it gets a notice naming neither the matter nor its requirements."""
    world = LadderWorld("lianyungang-2019")
    matter = world.dispatch(
        "2026-09-28 10:00", confidentiality=Confidentiality.controlled(
            ["clerk-1", "head-a"], [Role.APPROVING_LEADER]),
    )
    sent = {n.recipient.id: n for n, _ in world.app.notices_for(CLERK, matter.id)}
    assert (False, True) == (sent["head-a"].redacted, sent["liaison-a"].redacted)
    assert "推进园区道路改造" in sent["head-a"].text
    assert "推进园区道路改造" not in sent["liaison-a"].text + sent["liaison-a"].subject
    assert "控制知情范围" in sent["liaison-a"].text


def test_a_secret_matter_notice_shows_its_reference_only() -> None:
    """A secret matter (recorded by reference only) is named by its reference in the 督办通知
    its designated head receives."""
    world = LadderWorld("lianyungang-2019")
    world.when("2026-09-28 10:00")
    matter = world.app.register(CLERK, registration(
        title="", requirements="",
        confidentiality=Confidentiality.secret("密〔2026〕3号", ["clerk-1", "head-a"])))
    world.app.dispatch(CLERK, matter.id)
    sent = {n.recipient.id: n for n, _ in world.app.notices_for(CLERK, matter.id)}
    assert "涉密事项（密〔2026〕3号）" in sent["head-a"].text
    assert sent["liaison-a"].redacted


def test_a_notice_of_a_matter_hidden_from_the_reader_is_not_listed() -> None:
    """notices_for() of a matter the actor may not see is MatterNotFound, as for a missing id."""
    world = LadderWorld("lianyungang-2019")
    matter = world.dispatch("2026-09-28 10:00",
                            confidentiality=Confidentiality.controlled(["clerk-1"]))
    with pytest.raises(MatterNotFound):
        world.app.notices_for(LIAISON_A, matter.id)


def test_a_proposal_is_reported_to_the_leaders_and_its_decision_told_to_the_unit() -> None:
    """lianyungang-2019 §8.1: the exposure proposal goes to the approving leaders as a
    督查专报; once accepted, the unit gets the 处理决定告知."""
    world = LadderWorld("lianyungang-2019")
    matter = _reminded(world)
    summary = world.sweep("2026-10-20 09:00")
    [proposal] = summary.proposals
    reports = [n for n, _ in world.app.notices_for(CLERK, matter)
               if n.kind is NoticeKind.SPECIAL_REPORT]
    assert [(RecipientKind.ROLE, "approving_leader", "督查专报")] == [
        (n.recipient.kind, n.recipient.id, n.document) for n in reports]
    world.when("2026-10-20 10:00")
    decisions.decide_proposal(world.uow(), world.ctx, LEADER, proposal.key, accept=True,
                              opinion="同意曝光")
    told = [n for n, _ in world.app.notices_for(CLERK, matter) if n.kind is NoticeKind.DECISION]
    assert ["head-a", "liaison-a"] == [n.recipient.id for n in told]
    assert "决定予以媒体曝光" in told[0].text


def test_a_report_returned_for_redo_is_told_to_the_lead_unit() -> None:
    """退回重办 writes a 退回重办通知 with the opinion and the redo day to the lead unit."""
    world = LadderWorld("lianyungang-2019")
    matter = world.dispatch("2026-09-28 10:00").id
    world.final(matter, "2026-10-09 10:00")
    world.review(matter, "2026-10-09 11:00", ReviewOutcome.RETURNED, "数据不实")
    [told] = [n for n, _ in world.app.notices_for(CLERK, matter)
              if n.kind is NoticeKind.DECISION and n.recipient.id == "liaison-a"]
    assert "退回重办通知" == told.document
    assert "审核意见：数据不实" in told.text


def test_notices_persist_only_with_their_record() -> None:
    """A dispatch refused (a unit's liaison may not dispatch) writes no notice."""
    world = LadderWorld("lianyungang-2019")
    world.when("2026-09-28 10:00")
    draft = svc.register(world.uow(), world.ctx, CLERK, registration())
    with pytest.raises(PermissionDenied):
        svc.dispatch(world.uow(), world.ctx, LIAISON_A, draft.id)
    assert [] == _notices(world, draft.id)
    assert EventKind.REGISTERED == world.event_kinds(draft)[-1]
