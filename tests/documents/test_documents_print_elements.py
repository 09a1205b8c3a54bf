"""GB/T 9704-2012 print elements in the document data and its text: 份号, 附注, 版记, the
office's letterhead data, citations in Chinese, and the page arithmetic the .docx follows."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from print_support import KINDS, LETTERHEAD, PLAIN, Matters

from supervision.documents import (
    Classification,
    Document,
    Issuer,
    LineRole,
    Paragraph,
    SecrecyLevel,
    chinese_citation,
    chinese_clause,
    cite_in_text,
    layout,
    render_markdown,
    render_text,
)
from supervision.documents import _layout as page
from supervision.domain import RegistrationNumber
from supervision.exceptions import InvalidInput

NOV_21 = dt.date(2026, 11, 21)


@pytest.fixture(scope="module")
def matters() -> Matters:
    return Matters()


def _doc(issuer: Issuer = PLAIN, **options: object) -> Document:
    return Document.create(
        "督办通知", "关于某事项的督办通知", issuer, NOV_21,
        number=RegistrationNumber.of("池开督", 2026, 12), addressees=["经济发展局"],
        body=[Paragraph("请按期办结。")], **options,  # type: ignore[arg-type]
    )


def _role(document: Document, role: LineRole) -> list[str]:
    return [i.text for i in layout(document) if getattr(i, "role", None) is role]


# ===================================================================== 份号
def test_gbt_9704_7_2_1_a_classified_document_carries_copy_number_000001() -> None:
    """A document marked 秘密★ or above gets the six-digit 份号 000001 on its first line."""
    doc = _doc(classification=Classification.of(SecrecyLevel.SECRET, "1年"))
    assert ["000001", "秘密★1年"] == [i.text for i in layout(doc)[:2]]  # type: ignore[union-attr]


def test_gbt_9704_7_2_1_each_printed_copy_has_its_own_number() -> None:
    """copy(n) gives the same document as copy n: 份号 000002, 000123."""
    doc = _doc(classification=Classification.of(SecrecyLevel.TOP_SECRET))
    assert ["000002"] == _role(doc.copy(2), LineRole.COPY_NUMBER)
    assert "000123" == doc.copy(123).copy_label
    assert doc.body == doc.copy(2).body


def test_gbt_9704_7_2_1_an_unclassified_document_has_no_copy_number() -> None:
    """Without a 密级 no 份号 is printed unless one is asked for."""
    assert [] == _role(_doc(), LineRole.COPY_NUMBER)
    assert ["000007"] == _role(_doc(copy_number=7), LineRole.COPY_NUMBER)


@pytest.mark.parametrize("bad", [0, 1_000_000, True, "1"])
def test_gbt_9704_7_2_1_copy_number_has_six_digits(bad: object) -> None:
    """A 份号 is a whole number from 1 to 999999."""
    with pytest.raises(InvalidInput) as error:
        _doc(copy_number=bad)
    assert "copy_number" == error.value.fields["field"]


# ===================================================================== 附注
def test_gbt_9704_7_3_6_contact_and_phone_print_as_the_note_under_the_date() -> None:
    """The office's 联系人及电话 is the 附注, in brackets, on the line after the 成文日期."""
    lines = [i.text for i in layout(_doc(LETTERHEAD))]  # type: ignore[union-attr]
    date = lines.index("2026年11月21日")
    assert "（联系人：王芳，电话：0566-2021234）" == lines[date + 1]


def test_gbt_9704_7_3_6_a_document_may_set_or_drop_its_own_note() -> None:
    """note= replaces the office's 附注; note='' prints none."""
    assert ["（此件公开发布）"] == _role(_doc(LETTERHEAD, note="（此件公开发布）"), LineRole.NOTE)
    assert [] == _role(_doc(LETTERHEAD, note=""), LineRole.NOTE)
    assert [] == _role(_doc(PLAIN), LineRole.NOTE)


def test_contact_note_with_only_a_phone_number() -> None:
    """An office that gives only a phone number gets （电话：…）."""
    assert "（电话：0566-2021234）" == Issuer.of("某县督查室", phone="0566-2021234").contact_note


# ========================================================= letterhead data
def test_letterhead_copies_come_before_the_documents_own_each_once() -> None:
    """The office's standing 抄送 list is printed first, then the document's, no repeats."""
    doc = _doc(LETTERHEAD, copies_to=["区纪工委", "管委会主任"])
    assert ["抄送：管委会主任，区纪工委。"] == _role(doc, LineRole.COPIES)


def test_letterhead_printer_and_print_day_in_the_imprint() -> None:
    """印发机关 is the office's printer, 印发日期 the day given (else the 成文日期)."""
    doc = _doc(LETTERHEAD, printed_on=dt.date(2026, 11, 23))
    assert ["池州经济技术开发区管委会办公室　2026年11月23日印发"] == _role(doc, LineRole.IMPRINT)
    assert ["池州经济技术开发区管委会督查办公室　2026年11月21日印发"] == _role(
        _doc(PLAIN), LineRole.IMPRINT
    )


def test_letterhead_code_numbers_documents() -> None:
    """The office's 机关代字 makes its 发文字号: 池开督〔2026〕5号."""
    assert "池开督〔2026〕5号" == str(LETTERHEAD.number(2026, 5))
    with pytest.raises(InvalidInput):
        PLAIN.number(2026, 5)


@pytest.mark.parametrize(
    ("options", "field"),
    [
        ({"code": "池开督〔"}, "issuer.code"),
        ({"template": "letterhead.pdf"}, "issuer.template"),
        ({"copies_to": "管委会主任"}, "issuer.copies_to"),
        ({"contact": 3}, "issuer.contact"),
    ],
    ids=["bracket-in-code", "not-docx", "one-string-copies", "contact-not-text"],
)
def test_letterhead_data_is_checked(options: dict[str, object], field: str) -> None:
    """Bad letterhead data raises InvalidInput naming the field."""
    with pytest.raises(InvalidInput) as error:
        Issuer.of("某县督查室", **options)  # type: ignore[arg-type]
    assert field == error.value.fields["field"]


# ======================================================== the text renderings
def test_gbt_9704_7_4_1_text_rendering_rules_the_imprint() -> None:
    """The text rendering draws the 版记's thick rule above, thin between, thick under."""
    tail = render_text(_doc(LETTERHEAD)).splitlines()[-5:]
    assert ["━" * 32, "抄送：管委会主任。", "─" * 32,
            "池州经济技术开发区管委会办公室　2026年11月21日印发", "━" * 32] == tail


def test_markdown_rendering_carries_the_copy_number_and_note() -> None:
    """Markdown has the 份号 and the 附注 like the text rendering."""
    md = render_markdown(_doc(LETTERHEAD, classification=Classification.of(SecrecyLevel.SECRET)))
    assert md.startswith("000001\n\n秘密\n\n")
    assert "（联系人：王芳，电话：0566-2021234）" in md


# ================================================================= citations
@pytest.mark.parametrize(
    ("clause", "expected"),
    [
        ("art.7", "第七条"),
        ("art.7(3)", "第七条第（三）项"),
        ("art.23", "第二十三条"),
        ("art.7:2", "第七条第二款"),
        ("art.8(4):2", "第八条第（四）项第二目"),
        ("§7", "第七部分"),
        ("§7.2", "第七部分第（二）项"),
        ("§5:2", "第五部分第二段"),
        ("§4.3:2", "第四部分第（三）项第二目"),
    ],
)
def test_citation_clause_keys_read_as_chinese(clause: str, expected: str) -> None:
    """Clause keys become 第N条第（N）项 (第N条 texts) or 第N部分第（N）项 (一、 texts)."""
    assert expected == chinese_clause(clause)


def test_citation_key_with_the_policy_title() -> None:
    """daoli-2017 art.7(3) is 《道里区人民政府督办检查工作制度》第七条第（三）项."""
    assert "《道里区人民政府督办检查工作制度》第七条第（三）项" == chinese_citation(
        "daoli-2017 art.7(3)"
    )
    assert "《某县督查办法》第三部分" == chinese_citation("my-county-2026 §3", "某县督查办法")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("依据《道里区人民政府督办检查工作制度》（daoli-2017 art.7(3)）“约谈”的规定",
         "依据《道里区人民政府督办检查工作制度》第七条第（三）项“约谈”的规定"),
        ("另行传递（daoli-2017 art.23）。",
         "另行传递（《道里区人民政府督办检查工作制度》第二十三条）。"),
        ("依据my-county-2026（my-county-2026 §3）“按期办结”的规定",
         "依据有关制度第三部分“按期办结”的规定"),
        ("见chizhou-2021 §8.1。", "见《池州经济技术开发区督查督办工作制度》第八部分第（一）项。"),
        ("无引用。", "无引用。"),
    ],
    ids=["after-title", "bracketed", "unregistered-policy", "bare", "none"],
)
def test_citation_keys_in_a_sentence_become_chinese(text: str, expected: str) -> None:
    """cite_in_text rewrites every key: after its own title, bracketed, bare, or unknown."""
    assert expected == cite_in_text(text)


_INTERNAL = re.compile(r"[A-Za-z]")


@pytest.mark.parametrize("kind", list(KINDS))
def test_no_internal_key_reaches_the_body(matters: Matters, kind: str) -> None:
    """No citation key, id or English value (no Latin letter at all) is printed."""
    text = render_text(KINDS[kind](matters, LETTERHEAD))
    assert [] == _INTERNAL.findall(text)


def test_a_citation_in_a_bulletin_names_the_regulation(matters: Matters) -> None:
    """A 通报 resting on lianyungang-2019 §7.3 names the regulation and 第七部分第（三）项."""
    text = render_text(KINDS["督查通报"](matters, PLAIN))
    assert "依据《连云港市政府系统大督查工作机制》第七部分第（三）项“" in text


# ========================================================== page arithmetic
def test_gbt_9704_5_2_page_is_a4_with_the_standard_margins() -> None:
    """A4, 天头 37 mm, 订口 28 mm, 版心 156 × 225 mm, so the bottom margin is 35 mm, right 26."""
    assert (26.0, 35.0) == (page.PAGE.right_mm, page.PAGE.bottom_mm)


def test_gbt_9704_5_2_3_twenty_two_lines_of_twenty_eight_characters() -> None:
    """22 lines at the line pitch fit the 225 mm 版心; 28 condensed 3号 characters fit 156 mm."""
    points = page.PAGE.text_height_mm / page.MM_PER_PT
    assert page.LINE_PITCH_TWIPS / 20 * 22 <= points < page.LINE_PITCH_TWIPS / 20 * 22 + 1
    condensed = page.BODY_PT + page.BODY_CONDENSE_TWIPS / 20
    assert condensed * 28 <= page.PAGE.text_width_pt < (condensed + 0.1) * 29


@pytest.mark.parametrize(
    ("signature", "date", "expected"),
    [
        ("池州经济技术开发区管委会督查办公室", "2026年3月2日", (2.0, 11.0)),
        ("某县督查室", "2026年11月21日", (6.0, 2.0)),
    ],
    ids=["long-signature", "date-longer"],
)
def test_gbt_9704_7_3_5_2_signature_right_two_date_two_characters_in(
    signature: str, date: str, expected: tuple[float, float]
) -> None:
    """署名 右空二字 with the date's first character two 字 right of the signature's; a longer
    date is 右空二字 and the signature moves left to keep the offset."""
    placement = page.signature_placement(signature, date)
    assert expected == (placement.signature, placement.date)
    start_signature = placement.signature + page.text_width(signature)
    start_date = placement.date + page.text_width(date)
    assert 2.0 == start_signature - start_date


def test_gbt_9704_7_3_1_long_title_breaks_into_balanced_lines_between_words() -> None:
    """A 标题 too long for one line is cut into lines of about equal width, not inside a word
    or a number."""
    lines = page.title_lines("关于2026年第一季度督办事项办理情况的通报")
    assert ["关于2026年第一季度", "督办事项办理情况的通报"] == lines
    assert ["关于推进园区道路改造的督办通知"] == page.title_lines("关于推进园区道路改造的督办通知")


def test_gbt_9704_7_5_page_number_has_a_dash_either_side() -> None:
    """页码 is — 1 — (一字线, the number, 一字线)."""
    assert "— 12 —" == page.folio(12)


def test_mark_shrinks_to_fit_the_text_block() -> None:
    """The 发文机关标志 is 36 pt unless it would not fit on a line of the 版心."""
    assert 36.0 == page.mark_size("池州经开区督查督办")
    assert page.mark_size("池州经济技术开发区管委会督查办公室") * 17 <= page.PAGE.text_width_pt


def test_table_columns_fit_the_text_block() -> None:
    """Columns that fit get their natural width; the rest share the remaining room."""
    widths = page.column_widths([30.0, 300.0, 300.0], 400.0, minimum=20.0)
    assert [30.0, 185.0, 185.0] == widths
    assert [100.0, 300.0] == page.column_widths([25.0, 75.0], 400.0, minimum=20.0)


def _texts() -> list[str]:
    """Sentences made of the pieces a key is written with (names, the space, 《》（）, § and
    art., digits, brackets), in every order of three, and the rendered texts' sentences."""
    import itertools

    pieces = ["daoli-2017", " ", "§", "art.", "7", "(3)", ":2", ".2", "（", "）", "《", "》",
              "道里区人民政府督办检查工作制度", "x", " §7", " art.23", "zz-1 §3"]
    texts = ["".join(p) for p in itertools.product(pieces, repeat=3)]
    texts += ["依据《道里区人民政府督办检查工作制度》（daoli-2017 art.7(3)）的规定",
              "另行传递（daoli-2017 art.23）。", "unknown-2020（unknown-2020 §3）", "art.7",
              "§7.2", "daoli-2017art.7", "daoli-2017\u3000art.7", "daoli-2017 art7", ""]
    return texts


def test_a_text_without_a_key_is_cited_as_written_and_any_other_text_as_before() -> None:
    """``cite_in_text`` hands a text holding neither " §" nor " art." back as it is: every
    key is a policy name, a space and a clause starting § or art., so the pattern matches
    nowhere in it; any other text is rewritten as before (the straightforward ``_cited``)."""
    from supervision.documents import _cite

    skipped = 0
    for text in _texts():
        assert cite_in_text(text) == _cite._cited(text)
        if _cite._without_key(text):
            skipped += 1
            assert _cite._IN_TEXT.search(text) is None
    assert 0 < skipped < len(_texts())
