"""Every document kind, built once for the print tests, with a letterhead-rich issuer.

``KINDS`` maps a name to a function of (world fixture) → Document; ``LETTERHEAD`` is an issuer
that supplies every letterhead element (代字, standing 抄送, 印发机关, 联系人及电话).
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Callable
from decimal import Decimal

import docx
from builders import CLERK, UNITS, World

from supervision.calendar import SHANGHAI
from supervision.documents import (
    Assessment,
    AssessmentRow,
    Bulletin,
    BulletinEntry,
    Classification,
    Deduction,
    Document,
    InterviewNotice,
    Issuer,
    Line,
    ReminderNotice,
    SecrecyLevel,
    Table,
    WarningNotice,
    assessment_result,
    assignment_notice,
    bulletin,
    interview_notice,
    layout,
    reminder_notice,
    special_report,
    warning_notice,
    write_docx,
)
from supervision.domain import Confidentiality, Matter, RegistrationNumber, Urgency
from supervision.policies import get as get_policy

LETTERHEAD = Issuer.of(
    "池州经济技术开发区管委会督查办公室",
    mark="池州经开区督查督办",
    code="池开督",
    copies_to=["管委会主任"],
    printer="池州经济技术开发区管委会办公室",
    contact="王芳",
    phone="0566-2021234",
)
PLAIN = Issuer.of("池州经济技术开发区管委会督查办公室", mark="池州经开区督查督办")

_LIANYUNGANG = get_policy("lianyungang-2019")
_REMIND = next(d for d in _LIANYUNGANG.documents if d.key == "reminder_sheet")
_WARN = next(d for d in _LIANYUNGANG.documents if d.key == "warning_sheet")
_INTERVIEW = next(d for d in get_policy("daoli-2017").documents if d.key == "interview_notice")


class Matters:
    """An urgent joint matter, a controlled one and a secret one, all dispatched."""

    def __init__(self) -> None:
        world = World()
        self.public = world.dispatched(urgency=Urgency.URGENT, co_unit_ids=("unit-b",))
        self.controlled = world.dispatched(
            title="推进企业上市辅导",
            confidentiality=Confidentiality.controlled(["clerk-1", "head-a"]),
        )
        self.secret = world.dispatched(
            title="", requirements="",
            confidentiality=Confidentiality.secret("密〔2026〕7号", ["clerk-1"]),
        )

    @property
    def all(self) -> list[Matter]:
        """The three matters."""
        return [self.public, self.controlled, self.secret]


def _reminder(m: Matters, issuer: Issuer) -> Document:
    notice = ReminderNotice.of(
        m.public, "unit-a", dt.date(2026, 3, 18), dt.date(2026, 3, 20), _REMIND.citation,
        issuer.number(2026, 3) if issuer.code else RegistrationNumber.of("池开督催", 2026, 3),
    )
    return reminder_notice(CLERK, notice, UNITS, issuer)


def _warning(m: Matters, issuer: Issuer) -> Document:
    notice = WarningNotice.of(
        m.public, "unit-a", dt.date(2026, 3, 25), "逾期未办结且未作情况说明",
        dt.date(2026, 4, 3), _WARN.citation, RegistrationNumber.of("池开督告", 2026, 1),
    )
    return warning_notice(CLERK, notice, UNITS, issuer)


def _interview(m: Matters, issuer: Issuer) -> Document:
    notice = InterviewNotice.of(
        m.secret, "unit-a", dt.date(2026, 3, 25),
        dt.datetime(2026, 3, 27, 9, 30, tzinfo=SHANGHAI), "管委会三楼会议室",
        _INTERVIEW.citation, RegistrationNumber.of("池开督约", 2026, 2),
    )
    return interview_notice(CLERK, notice, UNITS, issuer)


def _bulletin(m: Matters, issuer: Issuer) -> Document:
    content = Bulletin.of(
        "2026年第一季度督办事项办理情况", dt.date(2026, 4, 3),
        RegistrationNumber.of("池开督通", 2026, 1),
        commended=[BulletinEntry.of("unit-a", "提前办结", m.public)],
        criticised=[BulletinEntry.of("unit-a", "逾期未办结", m.controlled)],
        clause=_REMIND.citation,
    )
    return bulletin(CLERK, content, UNITS, issuer)


def _special(m: Matters, issuer: Issuer) -> Document:
    return special_report(
        CLERK, m.all, UNITS, issuer, subject="重点事项推进情况", on=dt.date(2026, 3, 20),
        number=RegistrationNumber.of("池开督专", 2026, 4),
        as_of=dt.datetime(2026, 3, 20, 17, 0, tzinfo=SHANGHAI),
    )


def _assessment(m: Matters, issuer: Issuer) -> Document:
    rows = [
        AssessmentRow.of("unit-a", 7, 6, Decimal("97"), grade="优秀",
                         deductions=[Deduction.of(x, 1, "逾期未办结") for x in m.all]),
        AssessmentRow.of("unit-b", 2, 2, Decimal("100"), grade="优秀"),
    ]
    content = Assessment.of(
        "2026年度", dt.date(2027, 1, 15), RegistrationNumber.of("池开督考", 2027, 1), rows
    )
    return assessment_result(CLERK, content, UNITS, issuer)


def _classified(m: Matters, issuer: Issuer) -> Document:
    return assignment_notice(
        CLERK, m.public, UNITS, issuer, copies_to=["区纪工委"],
        classification=Classification.of(SecrecyLevel.SECRET, "1年"),
    )


#: Every document kind the library writes (the 督办通知 also marked 秘密★1年).
KINDS: dict[str, Callable[[Matters, Issuer], Document]] = {
    "督办通知": lambda m, i: assignment_notice(CLERK, m.public, UNITS, i),
    "秘密督办通知": _classified,
    "督查催办单": _reminder,
    "督查告诫单": _warning,
    "约谈通知": _interview,
    "督查通报": _bulletin,
    "督查专报": _special,
    "考核结果": _assessment,
}


def expected_lines(document: Document) -> list[str]:
    """The layout's lines, a table's rows as tab-joined cells."""
    lines: list[str] = []
    for item in layout(document):
        if isinstance(item, Table):
            lines.append("\t".join(item.headers))
            lines.extend("\t".join(r) for r in item.rows)
        elif isinstance(item, Line):
            lines.append(item.text)
    return lines


def _text(element: object) -> str:
    return "".join(
        t.text or "" for t in element.iter()  # type: ignore[attr-defined]
        if t.tag.endswith("}t") and not any(
            a.tag.endswith("}txbxContent") for a in t.iterancestors()
        )
    )


def docx_lines(data: bytes) -> list[str]:
    """The body's lines in order: paragraphs, table rows (tab-joined cells), and the
    paragraphs of text boxes, each where its box is anchored."""
    opened = docx.Document(io.BytesIO(data))
    lines: list[str] = []
    for child in opened.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            boxes = [b for b in child.iter() if b.tag.endswith("}txbxContent")]
            own = _text(child)
            if own or not boxes:
                lines.append(own)
            for box in boxes:
                lines.extend(
                    "".join(t.text or "" for t in p.iter() if t.tag.endswith("}t"))
                    for p in box.iterchildren() if p.tag.endswith("}p")
                )
        elif tag == "tbl":
            for row in (r for r in child.iter() if r.tag.endswith("}tr")):
                lines.append("\t".join(
                    _text(cell) for cell in row.iterchildren() if cell.tag.endswith("}tc")
                ))
    return lines


def docx_bytes(document: Document, **options: object) -> bytes:
    """``write_docx`` into memory."""
    out = io.BytesIO()
    write_docx(document, out, **options)  # type: ignore[arg-type]
    return out.getvalue()


def squeeze(text: str) -> str:
    """Text without any whitespace (pdftotext spaces CJK and digits apart)."""
    return re.sub(r"\s+", "", text)
