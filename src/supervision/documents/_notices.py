"""督办通知 / 交办单, and the notices to one unit about one matter: 督查催办单, 督查告诫单
(``lianyungang-2019 §7.3``) and 约谈通知 (``daoli-2017 art.7(3)``), with their inputs.

Documents the texts name (rules.md §1): 督办通知 / 交办单 / 督办单 / 督查单
(``chizhou-2021 §4.3``, ``lianyungang-2019 §5.2``, ``zhoucun-2021 §5.3``,
``tongren-2014 art.6(1)``, ``daoli-2017 art.7(1)``); 督查催办单 and 督查告诫单
(``lianyungang-2019 §7.3``); 约谈通知 (``daoli-2017 art.7(3)``). The visibility rule is
:mod:`supervision.documents._common`'s.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Mapping

import attrs

from supervision.calendar import SHANGHAI
from supervision.clock import require_aware
from supervision.documents._common import (
    _clause,
    _day,
    _document,
    _due_text,
    _matter,
    _name,
    _number,
    _numbered,
    _reader,
    _secret,
    _secret_note,
    _subject,
    _text,
    _unit_map,
    _visible,
)
from supervision.documents._model import (
    Block,
    Classification,
    Document,
    Issuer,
    Paragraph,
    urgency_mark,
)
from supervision.domain.actors import Actor
from supervision.domain.model import HandlingMode, Matter, RegistrationNumber, Unit
from supervision.domain.policy import Citation, Policy
from supervision.exceptions import InvalidInput
from supervision.text import cn_date, cn_datetime

__all__ = [
    "InterviewNotice",
    "ReminderNotice",
    "WarningNotice",
    "assignment_notice",
    "interview_notice",
    "reminder_notice",
    "warning_notice",
]


# ============================================================ 督办通知 / 交办单
def assignment_notice(
    reader: Actor,
    matter: Matter,
    units: Iterable[Unit] | Mapping[str, Unit],
    issuer: Issuer,
    *,
    kind: str = "督办通知",
    on: _dt.date | None = None,
    number: RegistrationNumber | None = None,
    classification: Classification | None = None,
    copies_to: Iterable[str] = (),
) -> Document:
    """督办通知 (or 交办单, 督办单, 督查单: pass the policy's ``DocumentType.title`` as ``kind``)
    handing ``matter`` to its units (``chizhou-2021 §4.3``, ``lianyungang-2019 §5.2``).

    The 发文字号 is the matter's registration number unless ``number`` is given; the 成文日期
    is ``on``, else the dispatch day (Asia/Shanghai). 主送: the lead unit, then the co-units.
    """
    reader = _reader(reader)
    matter = _visible(reader, _matter(matter, "matter"))
    table = _unit_map(units)
    if on is None:
        if matter.dispatched_at is None:
            raise InvalidInput(
                "on", "the 成文日期 (the matter is not dispatched yet, so it has no dispatch day)",
                on,
            )
        on = matter.dispatched_at.astimezone(SHANGHAI).date()
    on = _day(on, "on")
    lead = _name(table, matter.lead_unit_id)
    co = [_name(table, u) for u in matter.co_unit_ids]
    secret = _secret(matter)
    source = matter.source
    if secret:
        opening = f"现将{matter.number}督办事项交你单位办理，有关事项通知如下："
    else:
        origin = source.kind.label + (f"（{source.reference}）" if source.reference else "")
        opening = f"根据{origin}，现将{matter.number}督办事项交你单位办理，有关事项通知如下："
    sections: list[tuple[str, list[Block]]] = []
    if secret:
        sections.append(
            ("督办事项", [Paragraph(_subject(matter)), Paragraph(_secret_note(matter))])
        )
    else:
        sections.append(("督办事项", [Paragraph(matter.title)]))
        sections.append(("办理要求", [Paragraph(matter.requirements)]))
    units_text = f"主办单位：{lead}。"
    if co:
        units_text += f"协办单位：{'、'.join(co)}。"
    units_text += f"办理方式：{matter.handling_mode.label}。"
    unit_blocks: list[Block] = [Paragraph(units_text)]
    if matter.handling_mode is HandlingMode.JOINT and co:
        unit_blocks.append(
            Paragraph(
                "协办单位应主动配合，及时向主办单位提供办理意见，由主办单位汇总后统一报送"
                "（tongren-2014 art.8(2)）。"
            )
        )
    sections.append(("承办单位", unit_blocks))
    time_blocks: list[Block] = [Paragraph(_due_text(matter, on) + "并报送办理结果。")]
    reporting = matter.reporting
    if reporting.every is not None:
        time_blocks.append(Paragraph(f"办理期间每{reporting.every.label}报送一次进展情况。"))
    elif reporting.cycle is not None:
        time_blocks.append(Paragraph(f"办理期间{reporting.cycle.label}报送一次进展情况。"))
    if reporting.year_end_report:
        time_blocks.append(Paragraph("年底前报送全年办理情况。"))
    if matter.milestones and not secret:
        for milestone in matter.milestones:
            owner = "" if milestone.unit_id is None else f"（{_name(table, milestone.unit_id)}）"
            time_blocks.append(
                Paragraph(f"时间节点：{cn_date(milestone.due_day)}前{milestone.name}{owner}。")
            )
    time_blocks.append(
        Paragraph("确因客观原因不能按期办结的，应当书面说明原因和下一步措施，并继续报送进展情况。")
    )
    sections.append(("办理时限", time_blocks))
    people = "、".join(r.name or r.person_id for r in matter.responsible)
    sections.append(("责任人", [Paragraph(f"{people}。")]))
    return _document(
        kind,
        f"关于{_subject(matter)}的{kind}",
        issuer,
        on,
        number=matter.number if number is None else _number(number),
        addressees=[lead, *co],
        body=[Paragraph(opening), *_numbered(sections)],
        copies_to=copies_to,
        classification=classification,
        urgency=urgency_mark(matter.urgency),
    )


#: Library convention: the reply period of a 催办 / 告诫 whose clause names none (the texts of
#: chizhou, zhoucun and the daoli interview rungs give no reply period): 3 working days after
#: the document's day, on the office's calendar.
DEFAULT_REPLY_WORKING_DAYS = 3


def reply_by_text(reply: _dt.date | None) -> str:
    """「于2026年12月31日前」, or 「于收到本通知后3个工作日内」 when the day is open
    (``_recorded.open_reply_day``: the calendar does not know the year the default reply
    would end in)."""
    if reply is None:
        return f"于收到本通知后{DEFAULT_REPLY_WORKING_DAYS}个工作日内"
    return f"于{cn_date(reply)}前"


# =================================================== 催办单, 告诫单, 约谈通知 (inputs)
@attrs.frozen
class ReminderNotice:
    """What a 督查催办单 says (``lianyungang-2019 §7.3``): which matter and unit, the 成文日期,
    the day the unit must answer by, the clause the reminder rests on and the 发文字号.

    The escalation engine builds these from its records; they can also be made by hand.
    """

    matter: Matter
    unit_id: str
    issued_on: _dt.date
    reply_by: _dt.date | None
    clause: Citation
    number: RegistrationNumber

    @classmethod
    def of(
        cls,
        matter: Matter,
        unit_id: str,
        issued_on: _dt.date,
        reply_by: _dt.date | None,
        clause: Citation,
        number: RegistrationNumber,
    ) -> ReminderNotice:
        """Check and build; ``reply_by`` may not be before ``issued_on`` (None: within
        :data:`DEFAULT_REPLY_WORKING_DAYS` working days of receipt, no day named)."""
        matter = _matter(matter, "matter")
        if matter.assignment(unit_id) is None:
            raise InvalidInput("unit_id", f"one of the matter's units {sorted(matter.unit_ids)}",
                               unit_id)
        issued = _day(issued_on, "issued_on")
        if reply_by is not None and _day(reply_by, "reply_by") < issued:
            raise InvalidInput("reply_by", f"a day on or after issued_on ({issued})", reply_by)
        _clause(clause)
        return cls(matter, unit_id, issued, reply_by, clause, _number(number))


@attrs.frozen
class WarningNotice:
    """What a 督查告诫单 says (``lianyungang-2019 §7.3``): the matter and unit, the 成文日期,
    the finding (what went wrong), the day to put it right by, the clause and the 发文字号."""

    matter: Matter
    unit_id: str
    issued_on: _dt.date
    finding: str
    rectify_by: _dt.date | None
    clause: Citation
    number: RegistrationNumber

    @classmethod
    def of(
        cls,
        matter: Matter,
        unit_id: str,
        issued_on: _dt.date,
        finding: str,
        rectify_by: _dt.date | None,
        clause: Citation,
        number: RegistrationNumber,
    ) -> WarningNotice:
        """Check and build; ``rectify_by`` may not be before ``issued_on`` (None: as
        :class:`ReminderNotice`'s ``reply_by``)."""
        matter = _matter(matter, "matter")
        if matter.assignment(unit_id) is None:
            raise InvalidInput("unit_id", f"one of the matter's units {sorted(matter.unit_ids)}",
                               unit_id)
        issued = _day(issued_on, "issued_on")
        if rectify_by is not None and _day(rectify_by, "rectify_by") < issued:
            raise InvalidInput("rectify_by", f"a day on or after issued_on ({issued})", rectify_by)
        _clause(clause)
        return cls(matter, unit_id, issued, _text(finding, "finding"), rectify_by, clause,
                   _number(number))


@attrs.frozen
class InterviewNotice:
    """What a 约谈通知 says (``daoli-2017 art.7(3)``): the matter and unit, the 成文日期, when
    and where the interview is, who must attend (单位主要负责人 by default), the clause and the
    发文字号."""

    matter: Matter
    unit_id: str
    issued_on: _dt.date
    interview_at: _dt.datetime
    place: str
    clause: Citation
    number: RegistrationNumber
    attendee: str = "单位主要负责人"

    @classmethod
    def of(
        cls,
        matter: Matter,
        unit_id: str,
        issued_on: _dt.date,
        interview_at: _dt.datetime,
        place: str,
        clause: Citation,
        number: RegistrationNumber,
        *,
        attendee: str = "单位主要负责人",
    ) -> InterviewNotice:
        """Check and build; the interview is an aware datetime on or after the issue day."""
        matter = _matter(matter, "matter")
        if matter.assignment(unit_id) is None:
            raise InvalidInput("unit_id", f"one of the matter's units {sorted(matter.unit_ids)}",
                               unit_id)
        issued = _day(issued_on, "issued_on")
        at = require_aware(interview_at, "interview_at")
        if at.astimezone(SHANGHAI).date() < issued:
            raise InvalidInput("interview_at", f"a time on or after issued_on ({issued})", at)
        _clause(clause)
        return cls(matter, unit_id, issued, at, _text(place, "place"), clause, _number(number),
                   _text(attendee, "attendee"))


def _matter_line(matter: Matter, unit_name: str) -> str:
    return f"你单位（{unit_name}）承办的{matter.number}“{_subject(matter)}”事项"


def _addressed(
    reader: Actor,
    notice: ReminderNotice | WarningNotice | InterviewNotice,
    expected: type[ReminderNotice] | type[WarningNotice] | type[InterviewNotice],
    units: Iterable[Unit] | Mapping[str, Unit],
) -> tuple[Matter, str]:
    """Check a notice addressed to one unit about one matter: the matter as ``reader`` may see
    it (MatterNotFound otherwise) and the unit's name."""
    reader = _reader(reader)
    if not isinstance(notice, expected):
        article = "an" if expected.__name__[0] in "AEIOU" else "a"
        raise InvalidInput(
            "notice", f"{article} {expected.__name__} ({expected.__name__}.of(...))", notice
        )
    return _visible(reader, notice.matter), _name(_unit_map(units), notice.unit_id)


def _notice_document(
    kind: str,
    title: str,
    issuer: Issuer,
    notice: ReminderNotice | WarningNotice | InterviewNotice,
    matter: Matter,
    unit: str,
    body: list[Block],
    copies_to: Iterable[str],
    classification: Classification | None,
) -> Document:
    """Finish a notice to one unit: a secret matter's note, then the GB/T 9704 frame."""
    if _secret(matter):
        body.append(Paragraph(_secret_note(matter)))
    return _document(
        kind, title, issuer, notice.issued_on,
        number=notice.number, addressees=[unit], body=body, copies_to=copies_to,
        classification=classification, urgency=urgency_mark(matter.urgency),
    )


def reminder_notice(
    reader: Actor,
    notice: ReminderNotice,
    units: Iterable[Unit] | Mapping[str, Unit],
    issuer: Issuer,
    *,
    kind: str = "督查催办单",
    classification: Classification | None = None,
    copies_to: Iterable[str] = (),
    policy: Policy | None = None,
) -> Document:
    """督查催办单 (``lianyungang-2019 §7.3``) to the unit named in ``notice``. ``policy`` is the
    policy the clause is of (``app.context.policy_of(matter)``), for its title; without it the
    title of the shipped policy so named."""
    matter, unit = _addressed(reader, notice, ReminderNotice, units)
    return _reminder(notice, matter, unit, issuer, kind, classification, copies_to, policy)


def _reminder(
    notice: ReminderNotice,
    matter: Matter,
    unit: str,
    issuer: Issuer,
    kind: str,
    classification: Classification | None,
    copies_to: Iterable[str],
    policy: Policy | None,
) -> Document:
    """:func:`reminder_notice` once :func:`_addressed` has given the matter as the reader may
    see it and the unit's name (``escalation_document`` has checked both already)."""
    body: list[Block] = [
        Paragraph(f"{_matter_line(matter, unit)}，{_due_text(matter, notice.issued_on)}。"),
        Paragraph(
            f"{_clause(notice.clause, policy)}，现予催办。请{reply_by_text(notice.reply_by)}报送"
            "办理结果或进展情况；确因客观原因不能按期办结的，应当书面说明原因和下一步措施。"
        ),
    ]
    return _notice_document(
        kind, f"关于催办{_subject(matter)}的{kind}", issuer, notice, matter, unit, body,
        copies_to, classification,
    )


def warning_notice(
    reader: Actor,
    notice: WarningNotice,
    units: Iterable[Unit] | Mapping[str, Unit],
    issuer: Issuer,
    *,
    kind: str = "督查告诫单",
    classification: Classification | None = None,
    copies_to: Iterable[str] = (),
    policy: Policy | None = None,
) -> Document:
    """督查告诫单 (``lianyungang-2019 §7.3``) to the unit named in ``notice`` (``policy`` as for
    :func:`reminder_notice`)."""
    matter, unit = _addressed(reader, notice, WarningNotice, units)
    return _warning(notice, matter, unit, issuer, kind, classification, copies_to, policy)


def _warning(
    notice: WarningNotice,
    matter: Matter,
    unit: str,
    issuer: Issuer,
    kind: str,
    classification: Classification | None,
    copies_to: Iterable[str],
    policy: Policy | None,
) -> Document:
    """:func:`warning_notice` once :func:`_addressed` has checked its reader and unit (as
    :func:`_reminder`)."""
    body: list[Block] = [
        Paragraph(f"{_matter_line(matter, unit)}，{_due_text(matter, notice.issued_on)}。"
                  f"经查，{notice.finding}。"),
        Paragraph(
            f"{_clause(notice.clause, policy)}，现予告诫。请{reply_by_text(notice.rectify_by)}"
            "整改到位，并将整改情况书面报送。"
        ),
    ]
    return _notice_document(
        kind, f"关于{_subject(matter)}的{kind}", issuer, notice, matter, unit, body,
        copies_to, classification,
    )


def interview_notice(
    reader: Actor,
    notice: InterviewNotice,
    units: Iterable[Unit] | Mapping[str, Unit],
    issuer: Issuer,
    *,
    kind: str = "约谈通知",
    classification: Classification | None = None,
    copies_to: Iterable[str] = (),
    policy: Policy | None = None,
) -> Document:
    """约谈通知 (``daoli-2017 art.7(3)``) to the unit named in ``notice`` (``policy`` as for
    :func:`reminder_notice`)."""
    matter, unit = _addressed(reader, notice, InterviewNotice, units)
    at = notice.interview_at.astimezone(SHANGHAI)
    body: list[Block] = [
        Paragraph(f"{_matter_line(matter, unit)}，{_due_text(matter, notice.issued_on)}，"
                  "至今未按要求办结。"),
        Paragraph(
            f"{_clause(notice.clause, policy)}，定于{cn_datetime(at)}在{notice.place}约谈"
            f"你单位{notice.attendee}，请准时参加，并书面说明有关情况和整改措施。"
        ),
    ]
    return _notice_document(
        kind, f"关于{_subject(matter)}的{kind}", issuer, notice, matter, unit, body,
        copies_to, classification,
    )


