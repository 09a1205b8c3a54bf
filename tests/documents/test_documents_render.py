"""Official documents: GB/T 9704 elements, every document type, .docx, confidentiality."""

from __future__ import annotations

import datetime as dt
import re
import sys
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import docx
import pytest
from builders import CLERK, CLERK_2, HEAD_A, HEAD_B, LIAISON_C, UNITS, World

from supervision.calendar import SHANGHAI
from supervision.documents import (
    Assessment,
    AssessmentRow,
    Bulletin,
    BulletinEntry,
    Classification,
    Deduction,
    Document,
    Heading,
    InterviewNotice,
    Issuer,
    Line,
    LineRole,
    Paragraph,
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
    render_markdown,
    render_text,
    special_report,
    urgency_mark,
    warning_notice,
    write_docx,
)
from supervision.domain import (
    Actor,
    Confidentiality,
    Matter,
    RegistrationNumber,
    Source,
    SourceKind,
    Urgency,
)
from supervision.exceptions import InvalidInput, MatterNotFound, MissingExtra
from supervision.policies import get as get_policy

ISSUER = Issuer.of("池州经济技术开发区管委会督查办公室", mark="池州经开区督查督办")
LIANYUNGANG = get_policy("lianyungang-2019")
REMIND = next(d for d in LIANYUNGANG.documents if d.key == "reminder_sheet")
WARN = next(d for d in LIANYUNGANG.documents if d.key == "warning_sheet")
INTERVIEW = next(d for d in get_policy("daoli-2017").documents if d.key == "interview_notice")
NOV_21 = dt.date(2026, 11, 21)
NUMBER_12 = RegistrationNumber.of("池开督", 2026, 12)


class Fixture:
    """A world with an urgent joint matter, a controlled one and a secret one."""

    def __init__(self) -> None:
        self.world = World()
        self.public = self.world.dispatched(
            urgency=Urgency.URGENT, co_unit_ids=("unit-b",)
        )
        self.controlled = self.world.dispatched(
            title="推进企业上市辅导",
            confidentiality=Confidentiality.controlled(["clerk-1", "head-a"]),
        )
        self.secret = self.world.dispatched(
            title="",
            requirements="",
            source=Source.of(SourceKind.LEADER_INSTRUCTION, "书记专项批示"),
            confidentiality=Confidentiality.secret("密〔2026〕7号", ["clerk-1"]),
        )


@pytest.fixture(scope="module")
def fx() -> Fixture:
    return Fixture()


def _reminder(matter: Matter) -> ReminderNotice:
    return ReminderNotice.of(
        matter, "unit-a", dt.date(2026, 3, 18), dt.date(2026, 3, 20), REMIND.citation,
        RegistrationNumber.of("池开督催", 2026, 3),
    )


def _warning(matter: Matter) -> WarningNotice:
    return WarningNotice.of(
        matter, "unit-a", dt.date(2026, 3, 25), "逾期未办结且未作情况说明", dt.date(2026, 4, 3),
        WARN.citation, RegistrationNumber.of("池开督告", 2026, 1),
    )


def _interview(matter: Matter) -> InterviewNotice:
    return InterviewNotice.of(
        matter, "unit-a", dt.date(2026, 3, 25), dt.datetime(2026, 3, 27, 9, 30, tzinfo=SHANGHAI),
        "管委会三楼会议室", INTERVIEW.citation, RegistrationNumber.of("池开督约", 2026, 2),
    )


#: Every document about one matter, as (name, build(reader, matter)).
SINGLE: dict[str, Callable[[Actor, Matter], Document]] = {
    "督办通知": lambda r, m: assignment_notice(r, m, UNITS, ISSUER),
    "催办单": lambda r, m: reminder_notice(r, _reminder(m), UNITS, ISSUER),
    "告诫单": lambda r, m: warning_notice(r, _warning(m), UNITS, ISSUER),
    "约谈通知": lambda r, m: interview_notice(r, _interview(m), UNITS, ISSUER),
}


def _bulletin(reader: Actor, matters: list[Matter]) -> Document:
    content = Bulletin.of(
        "2026年第一季度督办事项办理情况",
        dt.date(2026, 4, 3),
        RegistrationNumber.of("池开督通", 2026, 1),
        commended=[BulletinEntry.of("unit-a", "提前办结", matters[0])],
        criticised=[BulletinEntry.of("unit-a", "逾期未办结", m) for m in matters[1:]],
    )
    return bulletin(reader, content, UNITS, ISSUER)


def _special(reader: Actor, matters: list[Matter]) -> Document:
    return special_report(
        reader, matters, UNITS, ISSUER, subject="重点事项推进情况", on=dt.date(2026, 3, 20),
        number=RegistrationNumber.of("池开督专", 2026, 4),
        as_of=dt.datetime(2026, 3, 20, 17, 0, tzinfo=SHANGHAI),
    )


def _assessment(reader: Actor, matters: list[Matter]) -> Document:
    rows = [
        AssessmentRow.of(
            "unit-a", 7, 6, Decimal("97"), grade="优秀",
            deductions=[Deduction.of(m, 1, "逾期未办结") for m in matters],
        ),
        AssessmentRow.of("unit-b", 2, 2, Decimal("100"), grade="优秀"),
    ]
    number = RegistrationNumber.of("池开督考", 2027, 1)
    content = Assessment.of("2026年度", dt.date(2027, 1, 15), number, rows)
    return assessment_result(reader, content, UNITS, ISSUER)


#: Every document listing matters, as (name, build(reader, matters)).
LISTS: dict[str, Callable[[Actor, list[Matter]], Document]] = {
    "督查通报": _bulletin,
    "督查专报": _special,
    "考核结果": _assessment,
}


def _lines(document: Document) -> list[str]:
    return [i.text for i in layout(document) if isinstance(i, Line)]


def _role(document: Document, role: LineRole) -> list[str]:
    return [i.text for i in layout(document) if isinstance(i, Line) and i.role is role]


# ================================================================ GB/T 9704 elements
def test_gbt_9704_document_number_has_full_year_no_leading_zeros_and_no_di(fx: Fixture) -> None:
    """发文字号 is 代字〔2026〕12号: the full year in 六角括号, no leading zeros, no 第."""
    doc = assignment_notice(CLERK, fx.public, UNITS, ISSUER, number=NUMBER_12)
    assert ["池开督〔2026〕12号"] == _role(doc, LineRole.NUMBER)
    text = render_text(doc)
    assert "第" not in "".join(_role(doc, LineRole.NUMBER))
    assert not re.search(r"〔\d{2}〕|〔20\d\d〕0", text)


def test_gbt_9704_assignment_notice_defaults_to_the_matter_number_and_dispatch_day(
    fx: Fixture,
) -> None:
    """A 督办通知 carries the matter's registration number and is dated on its dispatch day."""
    doc = assignment_notice(CLERK, fx.public, UNITS, ISSUER)
    assert [str(fx.public.number)] == _role(doc, LineRole.NUMBER)
    assert ["2026年3月2日"] == _role(doc, LineRole.DATE)


def test_gbt_9704_date_is_written_without_leading_zeros(fx: Fixture) -> None:
    """成文日期 is 2026年3月2日 / 2026年11月21日, never 2026年03月02日."""
    doc = assignment_notice(CLERK, fx.public, UNITS, ISSUER, on=dt.date(2026, 3, 2))
    assert ["2026年3月2日"] == _role(doc, LineRole.DATE)
    later = assignment_notice(CLERK, fx.public, UNITS, ISSUER, on=NOV_21)
    assert ["2026年11月21日"] == _role(later, LineRole.DATE)
    assert not re.search(r"年0|月0", render_text(doc))


def test_gbt_9704_classification_and_term_are_marked_only_where_set(fx: Fixture) -> None:
    """密级和保密期限 reads 秘密★1年 at the top, under the 份号, when set, and is absent
    otherwise."""
    marked = assignment_notice(
        CLERK, fx.public, UNITS, ISSUER,
        classification=Classification.of(SecrecyLevel.SECRET, "1年"),
    )
    assert ["000001", "秘密★1年"] == _lines(marked)[:2]
    assert "机密" == Classification.of(SecrecyLevel.CONFIDENTIAL).label
    plain = assignment_notice(CLERK, fx.public, UNITS, ISSUER)
    assert [] == _role(plain, LineRole.CLASSIFICATION)


def test_gbt_9704_urgency_is_te_ji_or_jia_ji(fx: Fixture) -> None:
    """紧急程度: an urgent matter is marked 加急, an extra-urgent one 特急, an ordinary none."""
    assert ["加急"] == _role(assignment_notice(CLERK, fx.public, UNITS, ISSUER), LineRole.URGENCY)
    assert "特急" == urgency_mark(Urgency.EXTRA_URGENT)
    assert "" == urgency_mark(Urgency.NORMAL)
    ordinary = assignment_notice(CLERK, fx.controlled, UNITS, ISSUER)
    assert [] == _role(ordinary, LineRole.URGENCY)


def test_gbt_9704_addressees_and_copies(fx: Fixture) -> None:
    """主送 lists the lead then co-units ending in a full-width colon; 抄送 ends in 。."""
    doc = assignment_notice(
        CLERK, fx.public, UNITS, ISSUER, copies_to=["管委会主任", "区纪工委"]
    )
    assert ["经济发展局、马衙街道："] == _role(doc, LineRole.ADDRESSEES)
    assert ["抄送：管委会主任，区纪工委。"] == _role(doc, LineRole.COPIES)


def test_gbt_9704_signature_block_closes_the_body(fx: Fixture) -> None:
    """发文机关署名 then 成文日期 follow the body; the mark heads the document."""
    lines = _lines(assignment_notice(CLERK, fx.public, UNITS, ISSUER))
    signature = lines.index("池州经济技术开发区管委会督查办公室")
    assert "2026年3月2日" == lines[signature + 1]
    assert "池州经开区督查督办" in lines[:3]
    assert lines[-1].endswith("2026年3月2日印发")


def test_assignment_notice_carries_the_ledger_elements(fx: Fixture) -> None:
    """The notice states the matter, requirements, units, handling mode, deadline and due day."""
    text = render_text(assignment_notice(CLERK, fx.public, UNITS, ISSUER))
    for expected in ("推进园区道路改造", "9月底前完成施工并报送结果", "主办单位：经济发展局",
                     "协办单位：马衙街道", "会办", "15日", "2026年3月17日前", "赵局长"):
        assert expected in text


def test_assignment_notice_takes_the_policys_document_name(fx: Fixture) -> None:
    """kind= gives 政务督查交办单 (lianyungang-2019 §5.2) in the title."""
    sheet = next(d for d in LIANYUNGANG.documents if d.key == "assignment_sheet")
    doc = assignment_notice(CLERK, fx.public, UNITS, ISSUER, kind=sheet.title)
    assert ["关于推进园区道路改造的政务督查交办单"] == _role(doc, LineRole.TITLE)


def test_an_undispatched_matter_needs_an_explicit_date() -> None:
    """A draft has no dispatch day, so the 成文日期 must be given."""
    world = World()
    draft = world.draft()
    with pytest.raises(InvalidInput) as error:
        assignment_notice(CLERK, draft, UNITS, ISSUER)
    assert "on" == error.value.fields["field"]
    assert ["2026年11月21日"] == _role(
        assignment_notice(CLERK, draft, UNITS, ISSUER, on=NOV_21), LineRole.DATE
    )


@pytest.mark.parametrize(
    ("name", "title", "phrase"),
    [
        ("催办单", "关于催办推进园区道路改造的督查催办单", "现予催办。请于2026年3月20日前"),
        ("告诫单", "关于推进园区道路改造的督查告诫单", "现予告诫。请于2026年4月3日前整改到位"),
        ("约谈通知", "关于推进园区道路改造的约谈通知", "2026年3月27日9时30分在管委会三楼会议室"),
    ],
)
def test_lianyungang_7_3_and_daoli_7_3_escalation_documents(
    fx: Fixture, name: str, title: str, phrase: str
) -> None:
    """催办单, 告诫单 and 约谈通知 name the unit, the matter, the date asked and cite the clause."""
    doc = SINGLE[name](CLERK, fx.public)
    assert [title] == _role(doc, LineRole.TITLE)
    assert ["经济发展局："] == _role(doc, LineRole.ADDRESSEES)
    text = render_text(doc)
    assert phrase in text
    assert str(fx.public.number) in text
    assert re.search(
        r"《(连云港市政府系统大督查工作机制》第七部分|道里区人民政府督办检查工作制度》第七条)"
        r"第（三）项", text
    )


def test_reminder_reply_day_may_not_precede_its_issue(fx: Fixture) -> None:
    """A 催办单 answering before it was issued is refused."""
    with pytest.raises(InvalidInput):
        ReminderNotice.of(fx.public, "unit-a", dt.date(2026, 3, 18), dt.date(2026, 3, 17),
                          REMIND.citation, NUMBER_12)


def test_chizhou_8_bulletin_commends_and_criticises(fx: Fixture) -> None:
    """A 督查通报 has a 通报表扬 section and a 通报批评 section with the units and matters."""
    doc = _bulletin(CLERK, [fx.public, fx.controlled])
    headings = [i.text for i in layout(doc) if isinstance(i, Line) and i.role is LineRole.HEADING]
    assert ["一、通报表扬", "二、通报批评"] == headings
    tables = [i for i in layout(doc) if isinstance(i, Table)]
    assert [("1", "经济发展局", str(fx.public.number), "推进园区道路改造", "提前办结")] == list(
        tables[0].rows
    )
    assert "推进企业上市辅导" == tables[1].rows[0][3]


def test_special_report_counts_and_lists_the_matters(fx: Fixture) -> None:
    """A 督查专报 states how many matters it covers and their status and due day."""
    doc = _special(CLERK, [fx.public, fx.controlled])
    text = render_text(doc)
    assert "本期专报督办事项2项，其中已办结0项，逾期未办结2项" in text
    assert "办理状态" in text
    assert "2026年3月17日" in text


def test_assessment_result_lists_rates_scores_and_deductions(fx: Fixture) -> None:
    """The assessment shows each unit's on-time rate, score, grade and its deductions."""
    doc = _assessment(CLERK, [fx.public])
    table = next(i for i in layout(doc) if isinstance(i, Table))
    assert ("1", "经济发展局", "7", "6", "85.7%", "97", "优秀") == table.rows[0]
    assert f"经济发展局：{fx.public.number}“推进园区道路改造”，逾期未办结，扣1分。" in _lines(doc)


def test_markdown_carries_the_same_elements(fx: Fixture) -> None:
    """The Markdown rendering has the mark, title, number, date and table."""
    md = render_markdown(_assessment(CLERK, [fx.public]))
    assert "# 池州经开区督查督办" in md
    assert "## 关于2026年度督查督办考核结果的通报" in md
    assert "池开督考〔2027〕1号" in md
    assert "| 序号 | 单位 |" in md
    assert "2027年1月15日" in md


# ======================================================================= .docx
def _docx_lines(path: Path) -> list[str]:
    opened = docx.Document(str(path))
    lines: list[str] = []
    body = opened.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append("".join(t.text or "" for t in child.iter() if t.tag.endswith("}t")))
        elif tag == "tbl":
            for row in child.iter():
                if row.tag.endswith("}tr"):
                    cells = [
                        "".join(t.text or "" for t in cell.iter() if t.tag.endswith("}t"))
                        for cell in row.iterchildren() if cell.tag.endswith("}tc")
                    ]
                    lines.append("\t".join(cells))
    return lines


def _expected_lines(document: Document) -> list[str]:
    lines: list[str] = []
    for item in layout(document):
        if isinstance(item, Table):
            lines.append("\t".join(item.headers))
            lines.extend("\t".join(r) for r in item.rows)
        else:
            lines.append(item.text)
    return lines


@pytest.mark.parametrize("name", [*SINGLE, *LISTS])
def test_docx_opens_and_holds_the_same_text(fx: Fixture, tmp_path: Path, name: str) -> None:
    """Each document written as .docx opens with python-docx and reads as the text rendering."""
    doc = (
        SINGLE[name](CLERK, fx.public) if name in SINGLE
        else LISTS[name](CLERK, [fx.public, fx.controlled])
    )
    target = tmp_path / "doc.docx"
    write_docx(doc, target)
    assert _expected_lines(doc) == _docx_lines(target)


def test_docx_writes_to_a_binary_stream(fx: Fixture) -> None:
    """write_docx accepts a binary stream as well as a path."""
    import io

    stream = io.BytesIO()
    write_docx(SINGLE["催办单"](CLERK, fx.public), stream)
    stream.seek(0)
    assert "督查催办单" in "".join(p.text for p in docx.Document(stream).paragraphs)


def test_docx_without_the_office_extra_names_the_install_command(
    fx: Fixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With python-docx missing, write_docx raises an ImportError naming the extra."""
    monkeypatch.setitem(sys.modules, "docx", None)
    with pytest.raises(ImportError) as error:
        write_docx(SINGLE["催办单"](CLERK, fx.public), Path("never-written.docx"))
    assert isinstance(error.value, MissingExtra)
    assert "pip install 'supervision-duban[office]'" in str(error.value)
    assert not Path("never-written.docx").exists()


# ============================================================= confidentiality
@pytest.mark.parametrize("name", list(SINGLE))
@pytest.mark.parametrize("reader", [CLERK_2, HEAD_B, LIAISON_C], ids=lambda a: a.person_id)
def test_daoli_23_single_matter_documents_hide_it_as_not_found(
    fx: Fixture, name: str, reader: Actor
) -> None:
    """A reader outside the circle gets the same MatterNotFound as for a missing id."""
    with pytest.raises(MatterNotFound) as hidden:
        SINGLE[name](reader, fx.controlled)
    assert str(MatterNotFound(fx.controlled.id)) == str(hidden.value)


@pytest.mark.parametrize("name", list(SINGLE))
def test_daoli_23_insiders_get_the_controlled_matter(fx: Fixture, name: str) -> None:
    """Designated people (the clerk, the unit head) get the document with the title."""
    for reader in (CLERK, HEAD_A):
        assert "推进企业上市辅导" in render_text(SINGLE[name](reader, fx.controlled))


@pytest.mark.parametrize("name", list(SINGLE))
def test_daoli_23_secret_matter_renders_only_its_reference(fx: Fixture, name: str) -> None:
    """A secret matter shows its reference, never its source or content; outsiders get none."""
    text = render_text(SINGLE[name](CLERK, fx.secret))
    assert "涉密事项（密〔2026〕7号）" in text
    assert "书记专项批示" not in text
    with pytest.raises(MatterNotFound):
        SINGLE[name](CLERK_2, fx.secret)


@pytest.mark.parametrize("name", list(LISTS))
def test_daoli_23_list_documents_omit_hidden_matters(fx: Fixture, name: str) -> None:
    """Bulletins, special reports and assessments leave out matters the reader may not see."""
    matters = [fx.public, fx.controlled, fx.secret]
    outsider = render_text(LISTS[name](CLERK_2, matters))
    assert str(fx.public.number) in outsider
    for hidden in (fx.controlled, fx.secret):
        assert str(hidden.number) not in outsider
    assert "推进企业上市辅导" not in outsider
    assert "密〔2026〕7号" not in outsider
    insider = render_text(LISTS[name](CLERK, matters))
    assert "推进企业上市辅导" in insider
    assert "涉密事项（密〔2026〕7号）" in insider


def test_daoli_23_unit_reader_sees_only_its_own_matters_in_a_special_report(
    fx: Fixture,
) -> None:
    """A unit head reading a 专报 sees only matters assigned to the unit."""
    text = render_text(_special(HEAD_B, [fx.public, fx.controlled]))
    assert "本期专报督办事项1项" in text


def test_document_blocks_are_checked() -> None:
    """A document refuses a body that is not made of Paragraph, Heading and Table blocks."""
    with pytest.raises(InvalidInput):
        Document.create("督办通知", "标题", ISSUER, NOV_21, number=None, addressees=[],
                        body=["plain string"])  # type: ignore[list-item]
    doc = Document.create("督办通知", "标题", ISSUER, NOV_21, number=None, addressees=[],
                          body=[Heading("一、事项"), Paragraph("内容")])
    assert ["一、事项"] == _role(doc, LineRole.HEADING)


@pytest.mark.parametrize(
    ("build", "field"),
    [
        (lambda: Classification.of(SecrecyLevel.SECRET, "★1年"), "classification.term"),
        (lambda: Issuer.of("  "), "issuer.name"),
        (lambda: Deduction.of(Fixture().public, "abc", "逾期"), "points"),
        (lambda: Deduction.of(Fixture().public, 0, "逾期"), "points"),
        (lambda: AssessmentRow.of("unit-a", 3, 4, 100), "on_time"),
        (lambda: Bulletin.of("某事", NOV_21, NUMBER_12), "commended/criticised"),
    ],
    ids=["star-in-term", "blank-issuer", "bad-points", "zero-points", "on-time-above-total",
         "empty-bulletin"],
)
def test_document_inputs_reject_bad_values_by_field(
    build: Callable[[], object], field: str
) -> None:
    """Bad document inputs raise InvalidInput naming the field."""
    with pytest.raises(InvalidInput) as error:
        build()
    assert field == error.value.fields["field"]
