"""Documents from recorded facts: the document that belongs to a recorded escalation, dispatch,
decision or 复核 step, built from the records alone (the escalation, the matter, its units,
the office's letterhead, the matter's own policy and calendar, the number the outbox gave it).

* 催办单, 告诫单, 约谈通知, 通报 come from the rung the sweep recorded: its clause (in
  Chinese, under the matter's policy's title), its reply period (``reply_due_at``: the
  reply is due on the last day before it), else the library's convention of
  :data:`DEFAULT_REPLY_WORKING_DAYS` working days on the office's calendar;
* a matter past its deadline is never asked to finish "请于…前" a day already gone: the
  document says on which day it was due and since when it is overdue, then asks for the
  answer by the new reply deadline;
* proposals (问责, 曝光, a menu of measures) and reports to the leaders are 督查专报 to the
  leaders; an office's own overdue duty is a 提示 to the office;
* a 约谈通知 states the time and place when the office gives them, else that they follow
  (约谈时间、地点另行通知): the sweep records that an interview is due, not where.

Every builder applies the visibility rule of :mod:`supervision.documents._common`.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Mapping

from supervision.calendar import SHANGHAI, Calendar
from supervision.documents._common import (
    _clause,
    _day,
    _document,
    _due_text,
    _name,
    _reader,
    _secret,
    _secret_note,
    _subject,
    _text,
    _unit_map,
    _visible,
)
from supervision.documents._model import Block, Document, Issuer, Paragraph, urgency_mark
from supervision.documents._notices import (
    DEFAULT_REPLY_WORKING_DAYS,
    InterviewNotice,
    ReminderNotice,
    WarningNotice,
    _reminder,
    _warning,
    assignment_notice,
    interview_notice,
    reply_by_text,
)
from supervision.documents._reports import Bulletin, BulletinEntry, bulletin, special_report
from supervision.domain.actors import Actor
from supervision.domain.escalation import Escalation
from supervision.domain.model import Matter, RegistrationNumber, Unit
from supervision.domain.notices import NoticeKind, document_name, kind_for
from supervision.domain.policy import EscalationAction, Policy
from supervision.exceptions import CalendarDataUnavailable, InvalidInput
from supervision.text import cn_datetime

__all__ = [
    "DEFAULT_REPLY_WORKING_DAYS",
    "dispatch_document",
    "escalation_document",
    "matter_letter",
    "open_reply_day",
    "redacted_text",
    "reply_day",
]


_MICROSECOND = _dt.timedelta(microseconds=1)


def reply_day(escalation: Escalation, issued_on: _dt.date, calendar: Calendar) -> _dt.date:
    """The last day of the reply the escalation asks for: the day before its
    ``reply_due_at`` ends (the clause's own period: 当日, 3个工作日 …), else
    :data:`DEFAULT_REPLY_WORKING_DAYS` working days after ``issued_on``; never before
    ``issued_on``."""
    if escalation.reply_due_at is not None:
        last = (escalation.reply_due_at - _MICROSECOND).astimezone(SHANGHAI).date()
        return max(last, issued_on)
    return calendar.add_working_days(issued_on, DEFAULT_REPLY_WORKING_DAYS)


def open_reply_day(escalation: Escalation, issued_on: _dt.date,
                   calendar: Calendar) -> _dt.date | None:
    """:func:`reply_day`, or None when it is the library's default reply and the calendar
    does not know the year it would end in (rules.md §2: a year with no published holiday
    schedule is never guessed): the document then asks for the reply within
    :data:`DEFAULT_REPLY_WORKING_DAYS` working days of its receipt, naming no day, and the
    notice carries no reply deadline — so a 催办 issued in the last days of the last known
    year is recorded, not refused."""
    try:  # only the default count reads the calendar (a clause's own reply is recorded)
        return reply_day(escalation, issued_on, calendar)
    except CalendarDataUnavailable:
        return None


def _issued_on(escalation: Escalation, issued_on: _dt.date | None) -> _dt.date:
    if issued_on is None:
        return escalation.issued_at.astimezone(SHANGHAI).date()
    return _day(issued_on, "issued_on")


def matter_letter(
    reader: Actor,
    matter: Matter,
    issuer: Issuer,
    *,
    kind: str,
    title: str,
    addressees: Iterable[str],
    paragraphs: Iterable[str],
    on: _dt.date,
    number: RegistrationNumber | None = None,
) -> Document:
    """A short document about one matter (一事一文: 到期提醒, 督查通知, 扣分通知, 处理决定告知,
    复核决定书 …): the paragraphs as given, a secret matter's note, the GB/T 9704 frame.
    MatterNotFound when the reader may not see the matter."""
    matter = _visible(_reader(reader), matter)
    body: list[Block] = [Paragraph(_text(p, "paragraphs")) for p in paragraphs]
    if _secret(matter):
        body.append(Paragraph(_secret_note(matter)))
    return _document(
        kind, title, issuer, _day(on, "on"), number=number, addressees=list(addressees),
        body=body, copies_to=(), classification=None, urgency=urgency_mark(matter.urgency),
    )


def redacted_text(document: str, number: RegistrationNumber | None, issuer: Issuer) -> str:
    """What a recipient outside a confidential matter's circle of knowledge receives instead
    of the document (``daoli-2017 art.23``): its name and number and where to read it,
    nothing about the matter."""
    numbered = "" if number is None else f"（{number}）"
    return (
        f"{issuer.name}有一份《{document}》{numbered}需要你单位办理。该事项控制知情范围，"
        "具体内容不在本通知中显示，请由知情人员登录督查督办系统查阅，或与督查机构联系。"
    )


def dispatch_document(
    reader: Actor,
    matter: Matter,
    units: Iterable[Unit] | Mapping[str, Unit],
    issuer: Issuer,
    *,
    policy: Policy,
) -> Document:
    """The 督办通知 of a dispatched matter, under the name its policy gives it (政府督办通知,
    督办单, 督查单 …), numbered with the matter's registration number, dated the dispatch
    day."""
    return assignment_notice(reader, matter, units, issuer,
                             kind=document_name(policy, NoticeKind.ASSIGNMENT))


def _line(matter: Matter, unit: str) -> str:
    return f"你单位（{unit}）承办的{matter.number}“{_subject(matter)}”事项"


def escalation_document(
    reader: Actor,
    escalation: Escalation,
    matter: Matter,
    units: Iterable[Unit] | Mapping[str, Unit],
    issuer: Issuer,
    *,
    policy: Policy,
    calendar: Calendar,
    number: RegistrationNumber | None,
    issued_on: _dt.date | None = None,
    interview_at: _dt.datetime | None = None,
    place: str = "",
    attendee: str = "单位主要负责人",
) -> Document:
    """The document of a recorded escalation, as ``reader`` may see it. ``policy`` is the
    matter's own (``ctx.policy_of(matter)``), ``calendar`` its office's; ``number`` the
    发文字号 (the outbox's, per office and kind); ``issued_on`` the 成文日期 (the day it was
    recorded by default)."""
    _check_escalation(escalation, matter)
    reader = _reader(reader)
    return _escalation_document(
        reader, escalation, _visible(reader, matter), units, issuer, policy=policy,
        calendar=calendar, number=number, issued_on=issued_on, interview_at=interview_at,
        place=place, attendee=attendee)


def seen_escalation_document(
    reader: Actor,
    escalation: Escalation,
    matter: Matter,
    units: Iterable[Unit] | Mapping[str, Unit],
    issuer: Issuer,
    *,
    policy: Policy,
    calendar: Calendar,
    number: RegistrationNumber | None,
    issued_on: _dt.date | None = None,
) -> Document:
    """:func:`escalation_document` for a reader built by ``Actor.of`` or ``Actor.build``
    (as ``Recipient.viewer`` builds one) who may see ``matter`` (``can_view``, the caller's
    check): the same document, the reader not checked again (the outbox renders each
    document for a viewer it has just built and checked)."""
    _check_escalation(escalation, matter)
    return _escalation_document(reader, escalation, matter, units, issuer, policy=policy,
                                calendar=calendar, number=number, issued_on=issued_on)


def _check_escalation(escalation: Escalation, matter: Matter) -> None:
    if not isinstance(escalation, Escalation):
        raise InvalidInput("escalation", "a recorded Escalation", escalation)
    if escalation.matter_id != matter.id:
        raise InvalidInput("matter", f"the escalation's matter {escalation.matter_id!r}",
                           matter.id)


def _escalation_document(
    reader: Actor,
    escalation: Escalation,
    matter: Matter,
    units: Iterable[Unit] | Mapping[str, Unit],
    issuer: Issuer,
    *,
    policy: Policy,
    calendar: Calendar,
    number: RegistrationNumber | None,
    issued_on: _dt.date | None = None,
    interview_at: _dt.datetime | None = None,
    place: str = "",
    attendee: str = "单位主要负责人",
) -> Document:
    """:func:`escalation_document` once the reader is checked and may see ``matter``."""
    table = _unit_map(units)
    on = _issued_on(escalation, issued_on)
    kind = kind_for(escalation)
    name = document_name(policy, kind, escalation)
    own = escalation.citation.policy == policy.name
    clause = _clause(escalation.citation, policy if own else None)
    if kind is NoticeKind.OFFICE_DUTY:
        return _office_duty(reader, escalation, matter, issuer, name, clause, on)
    if kind is NoticeKind.SPECIAL_REPORT:
        return _special_report(reader, escalation, matter, table, issuer, name, clause, on,
                               number, _decider(policy, escalation))
    unit_id = escalation.unit_id or matter.lead_unit_id
    unit = _name(table, unit_id)
    reply = open_reply_day(escalation, on, calendar)
    if number is None and kind in (NoticeKind.REMINDER, NoticeKind.WARNING,
                                   NoticeKind.INTERVIEW, NoticeKind.BULLETIN):
        raise InvalidInput("number", f"the 发文字号 of the {name}", None)
    if kind is NoticeKind.REMINDER:
        assert number is not None
        notice = ReminderNotice.of(matter, unit_id, on, reply, escalation.citation, number)
        # = reminder_notice(reader, notice, table, issuer, kind=name, policy=policy): the
        # reader, the matter's visibility and the unit's name are checked above already
        return _reminder(notice, matter, unit, issuer, name, None, (), policy)
    if kind is NoticeKind.WARNING:
        assert number is not None
        finding = _finding(escalation)
        warning = WarningNotice.of(matter, unit_id, on, finding, reply, escalation.citation,
                                   number)
        # = warning_notice(reader, warning, table, issuer, kind=name, policy=policy)
        return _warning(warning, matter, unit, issuer, name, None, (), policy)
    if kind is NoticeKind.INTERVIEW and interview_at is not None and place:
        assert number is not None
        interview = InterviewNotice.of(matter, unit_id, on, interview_at, place,
                                       escalation.citation, number, attendee=attendee)
        return interview_notice(reader, interview, table, issuer, kind=name, policy=policy)
    if kind is NoticeKind.BULLETIN:
        assert number is not None
        content = Bulletin.of(
            f"{unit}{escalation.subject}未按要求办理", on, number,
            criticised=[BulletinEntry.of(unit_id, _finding(escalation), matter)],
            clause=escalation.citation,
        )
        return bulletin(reader, content, table, issuer, kind=name, addressees=("各承办单位",),
                        policy=policy)
    paragraphs = _paragraphs(escalation, matter, unit, clause, on, reply, policy, attendee)
    return matter_letter(reader, matter, issuer, kind=name,
                         title=f"关于{_subject(matter)}的{name}", addressees=[unit],
                         paragraphs=paragraphs, on=on, number=number)


def _finding(escalation: Escalation) -> str:
    trigger = "" if escalation.trigger is None else escalation.trigger.label
    return f"{escalation.subject}{'，' + trigger if trigger else ''}"


def _paragraphs(
    escalation: Escalation,
    matter: Matter,
    unit: str,
    clause: str,
    on: _dt.date,
    reply: _dt.date | None,
    policy: Policy,
    attendee: str,
) -> list[str]:
    action = escalation.action
    first = f"{_line(matter, unit)}，{_due_text(matter, on)}。"
    if action is EscalationAction.PRE_DEADLINE_WARNING:
        return [first, f"{clause}，现予提醒。请抓紧办理，按时报送办理结果；确因客观原因不能按期"
                       "办结的，应当在期限届满前书面说明原因和下一步措施。"]
    if action is EscalationAction.INTERVIEW_NOTICE:
        return [f"{first[:-1]}，至今未按要求办结。",
                f"{clause}，拟约谈你单位{attendee}，约谈时间、地点另行通知。请做好准备，"
                f"并{reply_by_text(reply)}书面说明有关情况和整改措施。"]
    if action in (EscalationAction.HEAD_EXPLANATION, EscalationAction.PUBLIC_EXPLANATION):
        how = "公开说明情况" if action is EscalationAction.PUBLIC_EXPLANATION else "作出书面说明"
        return [f"{first[:-1]}，{_finding(escalation)}。",
                f"{clause}，请你单位主要负责人{reply_by_text(reply)}就未按要求办理的原因和整改"
                f"措施{how}。"]
    if action is EscalationAction.POINT_DEDUCTION:
        points = "" if policy.streak is None else format(policy.streak.points_per_item
                                                          .normalize(), "f")
        amount = f"扣{points}分" if points else "扣分"
        return [f"{first[:-1]}，{_finding(escalation)}。",
                f"{clause}，在年度督查督办考核中对你单位{amount}。对本结论有异议的，可以依照"
                "《政府督查工作条例》的规定申请复核。"]
    return [first, f"{clause}，现予{escalation.label}。请{reply_by_text(reply)}报送办理结果或进展"
                   "情况。"]


def _decider(policy: Policy, escalation: Escalation) -> str:
    """Who decides the escalation's proposal, as its rung names them (审定领导 if none)."""
    rung = next((r for ladder in policy.ladders for r in ladder.rungs
                 if r.step == escalation.step and r.action is escalation.action), None)
    return (rung.decided_by if rung is not None else "") or "审定领导"


def _special_report(
    reader: Actor,
    escalation: Escalation,
    matter: Matter,
    table: Mapping[str, Unit],
    issuer: Issuer,
    name: str,
    clause: str,
    on: _dt.date,
    number: RegistrationNumber | None,
    decider: str,
) -> Document:
    unit = "" if escalation.unit_id is None else _name(table, escalation.unit_id)
    facts = f"{unit}承办的{matter.number}“{_subject(matter)}”事项，{_finding(escalation)}。"
    if escalation.proposal:
        measure = escalation.action.label if escalation.action is not None else "处理"
        target = escalation.target or unit
        options = "、".join(escalation.options)
        menu = f"（可选措施：{options}）" if options else ""
        summary = f"{facts}{clause}，建议对{target}{measure}{menu}，请审定。"
        subject = f"建议对{unit or target}{measure}"
    else:
        summary = f"{facts}{clause}，现将有关情况报告如下。"
        subject = f"{matter.number}督办事项办理情况"
    if number is None:
        raise InvalidInput("number", f"the 发文字号 of the {name}", None)
    return special_report(
        reader, [matter], table, issuer, subject=subject, on=on, number=number,
        as_of=escalation.issued_at, summary=summary, kind=name, addressees=(decider,),
    )


def _office_duty(
    reader: Actor, escalation: Escalation, matter: Matter, issuer: Issuer, name: str,
    clause: str, on: _dt.date,
) -> Document:
    due = escalation.due_at.astimezone(SHANGHAI)
    duty = escalation.detail("duty") or escalation.duty
    return matter_letter(
        reader, matter, issuer, kind=name, title=f"关于{_subject(matter)}的{name}",
        addressees=[issuer.name],
        paragraphs=[
            f"{matter.number}“{_subject(matter)}”事项，督查机构职责“{duty}”已于"
            f"{cn_datetime(due)}到期，尚未办理。",
            f"{clause}，请及时办理。",
        ],
        on=on,
    )
