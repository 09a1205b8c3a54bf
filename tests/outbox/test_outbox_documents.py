"""Documents from recorded facts: the document of every escalation kind of every shipped
policy renders from the records alone (the escalation, the matter, its units, the office's
letterhead, the matter's policy and calendar), with its number, its reply deadline stated
correctly and its clause in Chinese."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest
from builders import CLERK, LEADER, UNITS
from escalation_world import LadderWorld, at, day

from supervision import policies
from supervision.documents import (
    DEFAULT_REPLY_WORKING_DAYS,
    Issuer,
    escalation_document,
    render_text,
    reply_day,
)
from supervision.domain import DeadlineTerms, Matter
from supervision.domain.escalation import Escalation, EscalationKind
from supervision.domain.model import RegistrationNumber
from supervision.domain.notices import NoticeKind, document_name, kind_for
from supervision.domain.office import Letterhead
from supervision.domain.policy import EscalationAction, Policy, Rung
from supervision.exceptions import MatterNotFound, NotFound
from supervision.periods import Period

ISSUED = at("2026-10-09 09:00")
NUMBER = RegistrationNumber.of("测督催", 2026, 7)


def _cases() -> list[tuple[str, int, str]]:
    found: list[tuple[str, int, str]] = []
    for name in policies.names():
        seen: set[tuple[int, str]] = set()
        for ladder in policies.get(name).ladders:
            for rung in ladder.rungs:
                if (rung.step, rung.action.key) not in seen:
                    seen.add((rung.step, rung.action.key))
                    found.append((name, rung.step, rung.action.key))
    return found


def _rung(policy: Policy, step: int, action: str) -> Rung:
    return next(r for ladder in policy.ladders for r in ladder.rungs
                if r.step == step and r.action.key == action)


def _dispatched(name: str) -> tuple[LadderWorld, Matter]:
    world = LadderWorld(name)
    category = world.policy.categories[0] if world.policy.categories else None
    matter = world.dispatch("2026-09-28 10:00", category=category,
                            deadline=DeadlineTerms.stated(Period.days(5)))
    return world, matter


def _escalation(matter: Matter, policy: Policy, rung: Rung, issued: dt.datetime) -> Escalation:
    assert matter.due is not None
    return Escalation(
        key=Escalation.make_key(matter.id, f"{rung.step}.{rung.action.key}", "unit-a", "r1"),
        policy=policy.name, office_id=matter.office_id, matter_id=matter.id, unit_id="unit-a",
        kind=EscalationKind.RUNG, action=rung.action, step=rung.step,
        trigger=rung.triggers[0].event, occasion="r1", citation=rung.citation,
        due_at=matter.due.due_at, issued_at=issued,
        proposal=rung.requires_decision or rung.action.always_proposal, target=rung.target,
        document=rung.document, options=rung.options,
        details=(("subject", "办结时限（5日）"),),
    )


@pytest.mark.parametrize(("name", "step", "action"), _cases(),
                         ids=[f"{n}-{s}.{a}" for n, s, a in _cases()])
def test_every_escalation_of_every_policy_renders_from_recorded_data(
    name: str, step: int, action: str
) -> None:
    """The rung's document renders under the policy's own document name, with the 发文字号,
    the clause under the regulation's title (never its key) and, for a matter past its
    deadline, no request to finish by a day already gone."""
    world, matter = _dispatched(name)
    policy = world.ctx.policy_of(matter)
    rung = _rung(policy, step, action)
    pre = rung.action is EscalationAction.PRE_DEADLINE_WARNING
    issued = at("2026-10-08 08:00") if pre else ISSUED
    escalation = _escalation(matter, policy, rung, issued)
    document = escalation_document(
        CLERK, escalation, matter, UNITS, Issuer.of("测试区督查室", code="测督"), policy=policy,
        calendar=world.calendar, number=NUMBER,
    )
    text = render_text(document)
    assert document_name(policy, kind_for(escalation), escalation) == document.kind
    assert policy.title in text
    assert name not in text
    assert "请于2026年10月8日前办结" not in text or pre
    if kind_for(escalation) not in (NoticeKind.PRE_DEADLINE, NoticeKind.OFFICE_DUTY):
        assert str(NUMBER) in text


@pytest.mark.parametrize("name", policies.names())
def test_every_office_duty_of_every_policy_renders_to_the_office(name: str) -> None:
    """An office's own overdue duty renders as a 督查机构逾期事项提示 addressed to the office,
    naming the duty, never its key."""
    world, matter = _dispatched(name)
    policy = world.ctx.policy_of(matter)
    duty = policy.duties[0]
    escalation = Escalation(
        key=Escalation.make_key(matter.id, f"duty.{duty.key}", None, "r1"), policy=name,
        office_id=matter.office_id, matter_id=matter.id, unit_id=None,
        kind=EscalationKind.OFFICE_DUTY, action=None, step=None, trigger=None, occasion="r1",
        citation=duty.citation, due_at=ISSUED, issued_at=ISSUED, duty=duty.key,
        details=(("duty", duty.label),),
    )
    document = escalation_document(CLERK, escalation, matter, UNITS, Issuer.of("测试区督查室"),
                                   policy=policy, calendar=world.calendar, number=None)
    assert (["测试区督查室"], "督查机构逾期事项提示") == (list(document.addressees), document.kind)
    assert duty.label in render_text(document)


def test_daoli_7_3_reminder_reply_is_due_the_same_day() -> None:
    """daoli-2017 art.7(3) 当日: the reply day is the reminder's own day."""
    world = LadderWorld("daoli-2017")
    matter = world.dispatch("2026-09-25 10:00", category="general")
    world.sweep("2026-10-08 09:00")
    [reminder] = world.issued(EscalationAction.REMINDER, matter)
    assert day("2026-10-08") == reply_day(reminder, day("2026-10-08"), world.calendar)


def test_a_reply_period_the_text_does_not_name_is_three_working_days() -> None:
    """Library convention: without the clause's own reply period, 3 working days after the
    document's day, on the office's calendar: from Friday 10-09, Saturday 10-10 (a make-up
    working day), 10-12 and Tuesday 10-13."""
    world, matter = _dispatched("zhoucun-2021")
    policy = world.ctx.policy_of(matter)
    rung = _rung(policy, 2, "reminder")
    escalation = _escalation(matter, policy, rung, ISSUED)
    assert (3, day("2026-10-13")) == (
        DEFAULT_REPLY_WORKING_DAYS, reply_day(escalation, day("2026-10-09"), world.calendar))


def test_a_recorded_reminder_renders_exactly_as_its_notice_carries_it() -> None:
    """app.document_for_escalation() renders the 催办单 of the recorded escalation with the
    number its notices carry: the notice's text is that document's text."""
    world = LadderWorld("lianyungang-2019")
    matter = world.dispatch("2026-09-28 10:00").id
    world.sweep("2026-10-14 09:00")
    [reminder] = world.issued(EscalationAction.REMINDER, matter)
    document = world.app.document_for_escalation(CLERK, reminder.key)
    notice, _ = next(n for n in world.app.notices_for(CLERK, matter)
                     if n[0].source == f"escalation:{reminder.key}")
    assert notice.text == render_text(document)
    assert notice.number == document.number


def test_a_document_carries_the_offices_letterhead() -> None:
    """The office's letterhead data (发文机关标志, 联系人及电话, 抄送) reach every document."""
    world = LadderWorld("lianyungang-2019")
    world.app.update_office(LEADER, letterhead=Letterhead.of(
        mark="测试区督查督办", contact="王芳", phone="0566-2021234", copies_to=["区长"]))
    matter = world.dispatch("2026-09-28 10:00").id
    world.sweep("2026-10-14 09:00")
    [reminder] = world.issued(EscalationAction.REMINDER, matter)
    text = render_text(world.app.document_for_escalation(CLERK, reminder.key))
    assert "测试区督查督办" in text.splitlines()
    assert "（联系人：王芳，电话：0566-2021234）" in text
    assert "抄送：区长。" in text


def test_an_interview_notice_states_time_and_place_when_the_office_gives_them() -> None:
    """daoli-2017 art.7(3): the 约谈通知 says the time and place follow, until the office
    renders it with them."""
    world = LadderWorld("daoli-2017")
    matter = world.dispatch("2026-09-25 10:00", category="general")
    world.sweep("2026-10-08 09:00")
    world.sweep("2026-10-09 09:00")
    [interview] = world.issued(EscalationAction.INTERVIEW_NOTICE, matter)
    plain = render_text(world.app.document_for_escalation(CLERK, interview.key))
    dated = render_text(world.app.document_for_escalation(
        CLERK, interview.key, interview_at=at("2026-10-12 15:00"), place="区政府三楼会议室"))
    assert "约谈时间、地点另行通知" in plain
    assert "区政府三楼会议室" in dated


def test_the_document_of_an_escalation_hidden_from_the_reader_is_not_found() -> None:
    """A reader who may not see the matter gets NotFound, as for a missing key."""
    from builders import LIAISON_B

    world = LadderWorld("lianyungang-2019")
    matter = world.dispatch("2026-09-28 10:00").id
    world.sweep("2026-10-14 09:00")
    [reminder] = world.issued(EscalationAction.REMINDER, matter)
    with pytest.raises(NotFound) as hidden:
        world.app.document_for_escalation(LIAISON_B, reminder.key)
    with pytest.raises(NotFound) as missing:
        world.app.document_for_escalation(LIAISON_B, "no-such-key")
    assert (hidden.value.kind, "escalation") == (missing.value.kind, hidden.value.kind)
    assert not isinstance(hidden.value, MatterNotFound)


def test_a_reminder_or_warning_of_a_recorded_escalation_is_the_one_its_public_builder_makes(
) -> None:
    """``escalation_document`` builds a 催办单 or 告诫单 without checking its reader, the
    matter's visibility and the unit again (it has just checked them): for every reminder
    and warning rung of every shipped policy, on a plain and on a secret matter, the document
    is the very one ``reminder_notice`` or ``warning_notice`` makes of the same notice (the
    straightforward path, checks and all)."""
    from supervision.calendar import SHANGHAI
    from supervision.documents import (
        ReminderNotice,
        WarningNotice,
        reminder_notice,
        warning_notice,
    )
    from supervision.documents._recorded import _finding
    from supervision.domain import Confidentiality

    issuer = Issuer.of("测试区督查室", code="测督")
    compared: dict[NoticeKind, int] = {NoticeKind.REMINDER: 0, NoticeKind.WARNING: 0}
    for name, step, action in _cases():
        world, plain = _dispatched(name)
        secret = attrs.evolve(plain, title="", requirements="", confidentiality=(
            Confidentiality.secret("机要〔2026〕1号", ["clerk-1"])))
        for matter in (plain, secret):
            policy = world.ctx.policy_of(matter)
            escalation = _escalation(matter, policy, _rung(policy, step, action), ISSUED)
            kind = kind_for(escalation)
            if kind not in compared:
                continue
            on = ISSUED.astimezone(SHANGHAI).date()
            reply = reply_day(escalation, on, world.calendar)
            title = document_name(policy, kind, escalation)
            if kind is NoticeKind.REMINDER:
                reminder = ReminderNotice.of(matter, "unit-a", on, reply, escalation.citation,
                                             NUMBER)
                expected = reminder_notice(CLERK, reminder, UNITS, issuer, kind=title,
                                           policy=policy)
            else:
                warning = WarningNotice.of(matter, "unit-a", on, _finding(escalation), reply,
                                           escalation.citation, NUMBER)
                expected = warning_notice(CLERK, warning, UNITS, issuer, kind=title,
                                          policy=policy)
            assert escalation_document(
                CLERK, escalation, matter, UNITS, issuer, policy=policy,
                calendar=world.calendar, number=NUMBER) == expected
            compared[kind] += 1
    assert all(compared.values()), compared


def test_an_escalation_document_for_a_seen_viewer_is_the_checked_one() -> None:
    """The outbox renders each escalation's document for a viewer it has built and found may
    see the matter (``seen_escalation_document``, the reader not checked again): for every
    rung of every shipped policy, on a plain and on a secret matter, and every reader who may
    see it, the document ``escalation_document`` makes, checks and all."""
    from supervision.documents._recorded import seen_escalation_document
    from supervision.domain import Confidentiality
    from supervision.domain.actors import Actor, Role
    from supervision.domain.permissions import can_view

    issuer = Issuer.of("测试区督查室", code="测督")
    readers = [CLERK, LEADER, Actor.of("head-a", Role.UNIT_HEAD, office_id=CLERK.office_id,
                                       unit_id="unit-a", name="甲局主要负责人")]
    compared = 0
    for name, step, action in _cases():
        world, plain = _dispatched(name)
        secret = attrs.evolve(plain, title="", requirements="", confidentiality=(
            Confidentiality.secret("机要〔2026〕1号", ["clerk-1", "head-a"])))
        for matter in (plain, secret):
            policy = world.ctx.policy_of(matter)
            rung = _rung(policy, step, action)
            issued = at("2026-10-08 08:00") if rung.action is (
                EscalationAction.PRE_DEADLINE_WARNING) else ISSUED
            escalation = _escalation(matter, policy, rung, issued)
            for reader in readers:
                if not can_view(reader, matter):
                    continue
                assert seen_escalation_document(
                    reader, escalation, matter, UNITS, issuer, policy=policy,
                    calendar=world.calendar, number=NUMBER) == escalation_document(
                    reader, escalation, matter, UNITS, issuer, policy=policy,
                    calendar=world.calendar, number=NUMBER)
                compared += 1
    assert compared > 2 * len(_cases())
