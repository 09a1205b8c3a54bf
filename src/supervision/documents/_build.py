"""Building the documents the texts name from domain data, for one reader.

Every builder takes the reading :class:`~supervision.domain.Actor` and applies the same
visibility rule as the service layer's read paths (:func:`~supervision.domain.can_view`:
the permission table, then the matter's confidentiality, ``daoli-2017 art.23``):

* a document about one matter the reader may not see raises
  :class:`~supervision.exceptions.MatterNotFound`, exactly as ``get_matter`` does for a
  missing id;
* a document listing matters (通报, 专报, 考核结果) leaves out every entry about a matter the
  reader may not see;
* a secret matter recorded by reference only renders as its reference
  (``涉密事项（reference）``): no title, requirements, source reference, milestones or report
  content.

Documents the texts name (rules.md §1): 督办通知 / 交办单 / 督办单 / 督查单
(``chizhou-2021 §4.3``, ``lianyungang-2019 §5.2``, ``zhoucun-2021 §5.3``,
``tongren-2014 art.6(1)``, ``daoli-2017 art.7(1)``); 督查催办单 and 督查告诫单
(``lianyungang-2019 §7.3``); 约谈通知 (``daoli-2017 art.7(3)``); 督查通报 (``chizhou-2021 §4.3``,
``tongren-2014 art.6(3)``, 通报表扬/批评 ``chizhou-2021 §8.1``, ``§8.2``); 督查专报
(``chizhou-2021 §4.3``, ``zhoucun-2021 §5.3``). The periodic assessment result takes its rows
as explicit values (:class:`AssessmentRow`).
"""

from __future__ import annotations

import datetime as _dt
import enum
from collections.abc import Iterable, Mapping
from decimal import Decimal

import attrs

from supervision.calendar import SHANGHAI
from supervision.clock import require_aware
from supervision.documents._model import (
    Block,
    Classification,
    Document,
    Heading,
    Issuer,
    Paragraph,
    Table,
    urgency_mark,
)
from supervision.domain.actors import Actor, require_actor
from supervision.domain.model import (
    ConfidentialityKind,
    HandlingMode,
    Matter,
    RegistrationNumber,
    ReportKind,
    Unit,
)
from supervision.domain.permissions import can_view
from supervision.domain.policy import Citation, Policy, chinese_clause
from supervision.exceptions import InvalidInput, MatterNotFound, UnitNotFound, UnknownPolicy
from supervision.policies import get as get_policy
from supervision.text import cn_date, cn_datetime

__all__ = [
    "Assessment",
    "AssessmentRow",
    "Bulletin",
    "BulletinEntry",
    "BulletinTone",
    "Deduction",
    "InterviewNotice",
    "ReminderNotice",
    "WarningNotice",
    "assessment_result",
    "assignment_notice",
    "bulletin",
    "interview_notice",
    "reminder_notice",
    "special_report",
    "warning_notice",
]

_NUMERALS = "一二三四五六七八九十"


# ====================================================================== helpers
def _reader(reader: object) -> Actor:
    return require_actor(reader, "reader")


def _matter(value: object, field: str) -> Matter:
    if not isinstance(value, Matter):
        raise InvalidInput(field, "a supervision.domain.Matter", value)
    return value


def _visible(reader: Actor, matter: Matter) -> Matter:
    """The read paths' rule: a matter the reader may not see is reported as not found."""
    if not can_view(reader, matter):
        raise MatterNotFound(matter.id)
    return matter


def _day(value: object, field: str) -> _dt.date:
    if not isinstance(value, _dt.date) or isinstance(value, _dt.datetime):
        raise InvalidInput(field, "a datetime.date", value)
    return value


def _text(value: object, field: str, *, allow_empty: bool = False) -> str:
    if not isinstance(value, str) or (not allow_empty and not value.strip()):
        raise InvalidInput(field, "a string" if allow_empty else "a non-empty string", value)
    return value


def _number(value: object, field: str = "number") -> RegistrationNumber:
    if not isinstance(value, RegistrationNumber):
        raise InvalidInput(field, "a RegistrationNumber 发文字号 (RegistrationNumber.of)", value)
    return value


def _unit_map(units: Iterable[Unit] | Mapping[str, Unit]) -> dict[str, Unit]:
    values = units.values() if isinstance(units, Mapping) else units
    found: dict[str, Unit] = {}
    for unit in values:
        if not isinstance(unit, Unit):
            raise InvalidInput("units", "supervision.domain.Unit values", unit)
        found[unit.id] = unit
    return found


def _name(units: Mapping[str, Unit], unit_id: str) -> str:
    if unit_id not in units:
        raise UnitNotFound(unit_id)
    return units[unit_id].name


def _secret(matter: Matter) -> bool:
    return matter.confidentiality.kind is ConfidentialityKind.SECRET


def _secret_note(matter: Matter) -> str:
    return (
        f"本事项为涉密事项，仅登记索引（{matter.confidentiality.reference}），具体内容按保密规定"
        "另行传递（daoli-2017 art.23）。"
    )


def _subject(matter: Matter) -> str:
    """How a document names the matter: its title, or a secret matter's reference."""
    return matter.display_title


def _due_text(matter: Matter) -> str:
    if matter.due is None:
        return f"办理时限为{matter.terms.label}，自交办之日起计算"
    text = f"办理时限为{matter.terms.label}，请于{cn_date(matter.due.last_day)}前办结"
    if matter.due.provisional:
        text += ("（该年度节假日安排尚未公布，日期暂按周末和法定节假日推算，"
                 "公布后以重新计算的日期为准）")
    return text


def _clause(citation: Citation, policy: Policy | None = None) -> str:
    """依据《title》第六条“quote”的规定 — the clause in Chinese under the title of ``policy``
    (the one the citation is of: the matter's own, ``ctx.policy_of(matter)``), else of the
    registered policy so named, else 有关制度 and the clause; never the citation key."""
    if not isinstance(citation, Citation):
        raise InvalidInput("clause", "a supervision.policies.Citation", citation)
    if policy is not None:
        if not isinstance(policy, Policy) or policy.name != citation.policy:
            raise InvalidInput("policy", f"the policy {citation.policy} the clause is of", policy)
        return f"依据{policy.cite(citation)}“{citation.quote}”的规定"
    try:
        cited = get_policy(citation.policy).cite(citation)
    except UnknownPolicy:
        cited = f"有关制度{chinese_clause(citation.clause)}"
    return f"依据{cited}“{citation.quote}”的规定"


def _points(value: Decimal) -> str:
    return format(value.normalize(), "f")


def _decimal(value: object, field: str, expected: str) -> Decimal:
    if isinstance(value, bool):
        raise InvalidInput(field, expected, value)
    try:
        number = Decimal(value) if isinstance(value, int | str) else value
    except ArithmeticError:
        raise InvalidInput(field, expected, value) from None
    if not isinstance(number, Decimal) or not number.is_finite():
        raise InvalidInput(field, expected, value)
    return number


def _numbered(sections: list[tuple[str, list[Block]]]) -> list[Block]:
    blocks: list[Block] = []
    for index, (heading, content) in enumerate(sections):
        blocks.append(Heading(f"{_NUMERALS[index]}、{heading}"))
        blocks.extend(content)
    return blocks


def _document(
    kind: str,
    title: str,
    issuer: Issuer,
    date: _dt.date,
    *,
    number: RegistrationNumber | None,
    addressees: Iterable[str],
    body: Iterable[Block],
    copies_to: Iterable[str],
    classification: Classification | None,
    urgency: str = "",
) -> Document:
    return Document.create(
        _text(kind, "kind"),
        title,
        issuer,
        date,
        number=number,
        addressees=addressees,
        body=body,
        copies_to=copies_to,
        classification=classification,
        urgency=urgency,
    )


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
    time_blocks: list[Block] = [Paragraph(_due_text(matter) + "并报送办理结果。")]
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
    reply_by: _dt.date
    clause: Citation
    number: RegistrationNumber

    @classmethod
    def of(
        cls,
        matter: Matter,
        unit_id: str,
        issued_on: _dt.date,
        reply_by: _dt.date,
        clause: Citation,
        number: RegistrationNumber,
    ) -> ReminderNotice:
        """Check and build; ``reply_by`` may not be before ``issued_on``."""
        matter = _matter(matter, "matter")
        if matter.assignment(unit_id) is None:
            raise InvalidInput("unit_id", f"one of the matter's units {sorted(matter.unit_ids)}",
                               unit_id)
        issued = _day(issued_on, "issued_on")
        if _day(reply_by, "reply_by") < issued:
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
    rectify_by: _dt.date
    clause: Citation
    number: RegistrationNumber

    @classmethod
    def of(
        cls,
        matter: Matter,
        unit_id: str,
        issued_on: _dt.date,
        finding: str,
        rectify_by: _dt.date,
        clause: Citation,
        number: RegistrationNumber,
    ) -> WarningNotice:
        """Check and build; ``rectify_by`` may not be before ``issued_on``."""
        matter = _matter(matter, "matter")
        if matter.assignment(unit_id) is None:
            raise InvalidInput("unit_id", f"one of the matter's units {sorted(matter.unit_ids)}",
                               unit_id)
        issued = _day(issued_on, "issued_on")
        if _day(rectify_by, "rectify_by") < issued:
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
    body: list[Block] = [
        Paragraph(f"{_matter_line(matter, unit)}，{_due_text(matter)}。"),
        Paragraph(
            f"{_clause(notice.clause, policy)}，现予催办。请于{cn_date(notice.reply_by)}前报送"
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
    body: list[Block] = [
        Paragraph(f"{_matter_line(matter, unit)}，{_due_text(matter)}。经查，{notice.finding}。"),
        Paragraph(
            f"{_clause(notice.clause, policy)}，现予告诫。请于{cn_date(notice.rectify_by)}前"
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
        Paragraph(f"{_matter_line(matter, unit)}，{_due_text(matter)}，至今未按要求办结。"),
        Paragraph(
            f"{_clause(notice.clause, policy)}，定于{cn_datetime(at)}在{notice.place}约谈"
            f"你单位{notice.attendee}，请准时参加，并书面说明有关情况和整改措施。"
        ),
    ]
    return _notice_document(
        kind, f"关于{_subject(matter)}的{kind}", issuer, notice, matter, unit, body,
        copies_to, classification,
    )


# ================================================================== 督查通报
@attrs.frozen
class BulletinEntry:
    """One unit named in a bulletin, with what it did (``finding``) and, when the entry is
    about one matter, that matter (left out for readers who may not see it)."""

    unit_id: str
    finding: str
    matter: Matter | None = None

    @classmethod
    def of(cls, unit_id: str, finding: str, matter: Matter | None = None) -> BulletinEntry:
        """Check and build."""
        if matter is not None and _matter(matter, "matter").assignment(unit_id) is None:
            raise InvalidInput("unit_id", f"one of the matter's units {sorted(matter.unit_ids)}",
                               unit_id)
        return cls(_text(unit_id, "unit_id"), _text(finding, "finding"), matter)


class BulletinTone(enum.Enum):
    """通报表扬 (``chizhou-2021 §8.2``) or 通报批评 (``chizhou-2021 §8.1``)."""

    COMMEND = "commend"
    CRITICISE = "criticise"

    @property
    def label(self) -> str:
        """通报表扬 or 通报批评."""
        return "通报表扬" if self is BulletinTone.COMMEND else "通报批评"


@attrs.frozen
class Bulletin:
    """A 督查通报: its subject (``2026年第三季度督办事项办理情况``), 成文日期, 发文字号, an
    opening summary, the units commended and the units criticised, and the clause it rests on
    (optional)."""

    subject: str
    issued_on: _dt.date
    number: RegistrationNumber
    summary: str = ""
    commended: tuple[BulletinEntry, ...] = ()
    criticised: tuple[BulletinEntry, ...] = ()
    clause: Citation | None = None

    @classmethod
    def of(
        cls,
        subject: str,
        issued_on: _dt.date,
        number: RegistrationNumber,
        *,
        summary: str = "",
        commended: Iterable[BulletinEntry] = (),
        criticised: Iterable[BulletinEntry] = (),
        clause: Citation | None = None,
    ) -> Bulletin:
        """Check and build; a bulletin commends or criticises at least one unit."""
        good, bad = tuple(commended), tuple(criticised)
        for entry in (*good, *bad):
            if not isinstance(entry, BulletinEntry):
                raise InvalidInput("entries", "BulletinEntry values", entry)
        if not good and not bad:
            raise InvalidInput("commended/criticised", "at least one entry 至少通报一个单位", ())
        if clause is not None:
            _clause(clause)
        return cls(_text(subject, "subject"), _day(issued_on, "issued_on"), _number(number),
                   _text(summary, "summary", allow_empty=True), good, bad, clause)


def _entry_rows(
    reader: Actor, entries: Iterable[BulletinEntry], units: Mapping[str, Unit]
) -> list[tuple[str, ...]]:
    rows: list[tuple[str, ...]] = []
    for entry in entries:
        if entry.matter is not None and not can_view(reader, entry.matter):
            continue
        number = "" if entry.matter is None else str(entry.matter.number)
        subject = "" if entry.matter is None else _subject(entry.matter)
        rows.append(
            (str(len(rows) + 1), _name(units, entry.unit_id), number, subject, entry.finding)
        )
    return rows


def bulletin(
    reader: Actor,
    content: Bulletin,
    units: Iterable[Unit] | Mapping[str, Unit],
    issuer: Issuer,
    *,
    kind: str = "督查通报",
    addressees: Iterable[str] = ("各承办单位",),
    classification: Classification | None = None,
    copies_to: Iterable[str] = (),
    policy: Policy | None = None,
) -> Document:
    """督查通报 commending (通报表扬) and/or criticising (通报批评) units
    (``chizhou-2021 §8.1``, ``§8.2``; ``tongren-2014 art.6(3)``). Entries about matters the
    reader may not see are left out; ``policy`` as for :func:`reminder_notice`."""
    reader = _reader(reader)
    if not isinstance(content, Bulletin):
        raise InvalidInput("content", "a Bulletin (Bulletin.of(...))", content)
    table = _unit_map(units)
    headers = ("序号", "单位", "事项编号", "督办事项", "情况")
    sections: list[tuple[str, list[Block]]] = []
    good = _entry_rows(reader, content.commended, table)
    bad = _entry_rows(reader, content.criticised, table)
    if good:
        sections.append((
            BulletinTone.COMMEND.label,
            [Paragraph("以下单位办理督办事项及时、成效明显，予以通报表扬："),
             Table.of(headers, good),
             Paragraph("希望受到表扬的单位再接再厉，各单位以先进为榜样，推动各项工作落实。")],
        ))
    if bad:
        sections.append((
            BulletinTone.CRITICISE.label,
            [Paragraph("以下单位未按要求办理督办事项，予以通报批评："),
             Table.of(headers, bad),
             Paragraph("被通报单位要认真查找原因，明确整改措施和时限，并将整改情况书面报送。")],
        ))
    body: list[Block] = []
    if content.summary:
        body.append(Paragraph(content.summary))
    if content.clause is not None:
        body.append(Paragraph(f"{_clause(content.clause, policy)}，现将有关情况通报如下："))
    else:
        body.append(Paragraph("现将有关情况通报如下："))
    if sections:
        body.extend(_numbered(sections))
    else:
        body.append(Paragraph("（无）"))
    return _document(
        kind, f"关于{content.subject}的通报", issuer, content.issued_on,
        number=content.number, addressees=addressees, body=body, copies_to=copies_to,
        classification=classification,
    )


# ================================================================== 督查专报
def _latest_progress(matter: Matter) -> str:
    if _secret(matter):
        return ""
    reports = [r for r in matter.reports if r.kind is not ReportKind.CONTRIBUTION]
    if not reports:
        return ""
    last = reports[-1]
    return last.content.results or last.content.situation


def special_report(
    reader: Actor,
    matters: Iterable[Matter],
    units: Iterable[Unit] | Mapping[str, Unit],
    issuer: Issuer,
    *,
    subject: str,
    on: _dt.date,
    number: RegistrationNumber,
    as_of: _dt.datetime,
    summary: str = "",
    kind: str = "督查专报",
    addressees: Iterable[str] = ("各位领导",),
    classification: Classification | None = None,
    copies_to: Iterable[str] = (),
) -> Document:
    """督查专报 to the leaders (``chizhou-2021 §4.3``, ``zhoucun-2021 §5.3``): the listed matters
    as given (pass them as loaded, e.g. from ``list_matters``) with their status, due day and
    latest report, each judged overdue at ``as_of``; matters the reader may not see are left
    out."""
    reader = _reader(reader)
    as_of = require_aware(as_of, "as_of")
    table = _unit_map(units)
    shown = [m for m in (_matter(m, "matters") for m in matters) if can_view(reader, m)]
    rows: list[tuple[str, ...]] = []
    done = overdue = 0
    for matter in shown:
        late = (
            matter.status.is_open and matter.due is not None and as_of >= matter.due.due_at
        )
        done += matter.completed_at is not None and not matter.status.is_open
        overdue += late
        rows.append((
            str(len(rows) + 1),
            str(matter.number),
            _subject(matter),
            _name(table, matter.lead_unit_id),
            "" if matter.due is None else cn_date(matter.due.last_day),
            matter.status.label + ("（逾期）" if late else ""),
            _latest_progress(matter),
        ))
    body: list[Block] = []
    if summary:
        body.append(Paragraph(_text(summary, "summary")))
    body.append(
        Paragraph(
            f"截至{cn_datetime(as_of.astimezone(SHANGHAI))}，本期专报督办事项{len(rows)}项，"
            f"其中已办结{done}项，逾期未办结{overdue}项。"
        )
    )
    if rows:
        body.append(
            Table.of(
                ("序号", "编号", "督办事项", "主办单位", "截止日期", "办理状态", "最新进展"), rows
            )
        )
    return _document(
        kind, f"关于{_text(subject, 'subject')}的{kind}", issuer, _day(on, "on"),
        number=_number(number), addressees=addressees, body=body, copies_to=copies_to,
        classification=classification,
    )


# ============================================================ 考核结果 (assessment)
@attrs.frozen
class Deduction:
    """A deduction in a unit's assessment, about one matter (``chizhou-2021 §8.2``: 扣1分)."""

    matter: Matter
    points: Decimal
    reason: str

    @classmethod
    def of(cls, matter: Matter, points: Decimal | int | str, reason: str) -> Deduction:
        """Check and build; points are positive (the amount taken off)."""
        value = _decimal(points, "points", "positive points such as Decimal('1')")
        if value <= 0:
            raise InvalidInput("points", "positive points such as Decimal('1')", points)
        return cls(_matter(matter, "matter"), value, _text(reason, "reason"))


@attrs.frozen
class AssessmentRow:
    """One unit's line in a periodic assessment result: matters counted, matters finished on
    time, the score, the grade (等次, may be empty) and the deductions behind the score."""

    unit_id: str
    total: int
    on_time: int
    score: Decimal
    grade: str = ""
    deductions: tuple[Deduction, ...] = ()

    @classmethod
    def of(
        cls,
        unit_id: str,
        total: int,
        on_time: int,
        score: Decimal | int | str,
        *,
        grade: str = "",
        deductions: Iterable[Deduction] = (),
    ) -> AssessmentRow:
        """Check and build: 0 ≤ on_time ≤ total."""
        if total.__class__ is not int or total < 0:
            raise InvalidInput("total", "a whole number ≥ 0", total)
        if on_time.__class__ is not int or not 0 <= on_time <= total:
            raise InvalidInput("on_time", f"a whole number from 0 to total ({total})", on_time)
        value = _decimal(score, "score", "a score such as Decimal('98.5')")
        items = tuple(deductions)
        for item in items:
            if not isinstance(item, Deduction):
                raise InvalidInput("deductions", "Deduction values", item)
        return cls(_text(unit_id, "unit_id"), total, on_time, value,
                   _text(grade, "grade", allow_empty=True), items)


@attrs.frozen
class Assessment:
    """A periodic assessment result (考核结果): the period's name (``2026年度``), 成文日期,
    发文字号 and the rows in the order to print them."""

    period: str
    issued_on: _dt.date
    number: RegistrationNumber
    rows: tuple[AssessmentRow, ...]

    @classmethod
    def of(
        cls, period: str, issued_on: _dt.date, number: RegistrationNumber,
        rows: Iterable[AssessmentRow],
    ) -> Assessment:
        """Check and build."""
        items = tuple(rows)
        for row in items:
            if not isinstance(row, AssessmentRow):
                raise InvalidInput("rows", "AssessmentRow values", row)
        return cls(_text(period, "period"), _day(issued_on, "issued_on"), _number(number), items)


def _rate(on_time: int, total: int) -> str:
    if total == 0:
        return "—"
    return f"{(Decimal(on_time) * 100 / Decimal(total)).quantize(Decimal('0.1'))}%"


def assessment_result(
    reader: Actor,
    assessment: Assessment,
    units: Iterable[Unit] | Mapping[str, Unit],
    issuer: Issuer,
    *,
    kind: str = "督查督办考核结果",
    addressees: Iterable[str] = ("各承办单位",),
    classification: Classification | None = None,
    copies_to: Iterable[str] = (),
) -> Document:
    """The periodic assessment result: one row per unit (matters, on time, on-time rate,
    score, grade) and the deductions behind the scores; deductions about matters the reader
    may not see are left out (the unit's score stays: it is the unit's, not the matter's)."""
    reader = _reader(reader)
    if not isinstance(assessment, Assessment):
        raise InvalidInput("assessment", "an Assessment (Assessment.of(...))", assessment)
    table = _unit_map(units)
    rows = [
        (
            str(index),
            _name(table, row.unit_id),
            str(row.total),
            str(row.on_time),
            _rate(row.on_time, row.total),
            _points(row.score),
            row.grade,
        )
        for index, row in enumerate(assessment.rows, start=1)
    ]
    body: list[Block] = [
        Paragraph(f"现将{assessment.period}督查督办工作考核结果公布如下："),
        Heading("一、考核结果"),
        Table.of(("序号", "单位", "督办事项数", "按期办结数", "按期办结率", "得分", "等次"), rows),
    ]
    details: list[Block] = []
    for row in assessment.rows:
        for item in row.deductions:
            if not can_view(reader, item.matter):
                continue
            details.append(
                Paragraph(
                    f"{_name(table, row.unit_id)}：{item.matter.number}“{_subject(item.matter)}”，"
                    f"{item.reason}，扣{_points(item.points)}分。"
                )
            )
    if details:
        body.append(Heading("二、扣分情况"))
        body.extend(details)
    return _document(
        kind, f"关于{assessment.period}{kind}的通报", issuer, assessment.issued_on,
        number=assessment.number, addressees=addressees, body=body, copies_to=copies_to,
        classification=classification,
    )
