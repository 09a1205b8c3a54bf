"""Documents about several matters or units: 督查通报 (通报表扬 / 通报批评,
``chizhou-2021 §8.1``, ``§8.2``, ``tongren-2014 art.6(3)``), 督查专报 to the leaders
(``chizhou-2021 §4.3``, ``zhoucun-2021 §5.3``) and the periodic assessment result, whose rows
are explicit values (:class:`AssessmentRow`). Entries about matters the reader may not see are
left out (:mod:`supervision.documents._common`).
"""

from __future__ import annotations

import datetime as _dt
import enum
from collections.abc import Iterable, Mapping
from decimal import Decimal

import attrs

from supervision.calendar import SHANGHAI
from supervision.clock import require_aware
from supervision.documents._common import (
    _clause,
    _day,
    _decimal,
    _document,
    _matter,
    _name,
    _number,
    _numbered,
    _points,
    _reader,
    _secret,
    _subject,
    _text,
    _unit_map,
)
from supervision.documents._model import (
    Block,
    Classification,
    Document,
    Heading,
    Issuer,
    Paragraph,
    Table,
)
from supervision.domain.actors import Actor
from supervision.domain.model import Matter, RegistrationNumber, ReportKind, Unit
from supervision.domain.permissions import can_view
from supervision.domain.policy import Citation, Policy
from supervision.exceptions import InvalidInput
from supervision.text import cn_date, cn_datetime

__all__ = [
    "Assessment",
    "AssessmentRow",
    "Bulletin",
    "BulletinEntry",
    "BulletinTone",
    "Deduction",
    "assessment_result",
    "bulletin",
    "special_report",
]


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
