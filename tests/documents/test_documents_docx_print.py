"""The .docx a document is written as, read back with python-docx: the GB/T 9704-2012 page
set-up, page numbers, the signature block kept with the body, the 版记 at the foot, and an
office's own template."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest
from docx.shared import Mm, Pt
from print_support import KINDS, LETTERHEAD, Matters, docx_bytes, docx_lines, expected_lines

from supervision.documents import Document, Issuer, write_docx
from supervision.exceptions import InvalidInput

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


@pytest.fixture(scope="module")
def matters() -> Matters:
    return Matters()


@pytest.fixture(scope="module")
def notice(matters: Matters) -> Document:
    return KINDS["秘密督办通知"](matters, LETTERHEAD)


def _open(data: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(data))


def _body_paragraphs(opened: docx.document.Document) -> list[object]:
    return [c for c in opened.element.body.iterchildren() if c.tag == f"{W}p"]


def _text(element: object) -> str:
    return "".join(t.text or "" for t in element.iter(f"{W}t"))  # type: ignore[attr-defined]


def _keeps_with_next(paragraph: object) -> bool:
    found = paragraph.find(f"{W}pPr/{W}keepNext")  # type: ignore[attr-defined]
    return found is not None and found.get(f"{W}val") not in ("0", "false")


@pytest.mark.parametrize("kind", list(KINDS))
def test_docx_holds_the_layout_text_with_the_imprint_in_its_box(
    matters: Matters, kind: str
) -> None:
    """Every kind, with the office's letterhead, reads back as its layout, line for line."""
    document = KINDS[kind](matters, LETTERHEAD)
    assert expected_lines(document) == docx_lines(docx_bytes(document))


def test_gbt_9704_5_2_1_page_is_a4_with_the_standard_margins(notice: Document) -> None:
    """A4, 天头 37 mm, 订口 28 mm, right 26 mm, bottom 35 mm (版心 156 × 225 mm)."""
    section = _open(docx_bytes(notice)).sections[0]
    sizes = (section.page_width, section.page_height, section.top_margin,
             section.left_margin, section.right_margin, section.bottom_margin)
    assert [210, 297, 37, 28, 26, 35] == [round(s.mm) for s in sizes]


def test_gbt_9704_7_5_page_numbers_odd_right_even_left(notice: Document) -> None:
    """Odd and even pages have their own footers: — PAGE — on the right, on the left, one
    4号 character in, in 宋体 14 pt."""
    opened = _open(docx_bytes(notice))
    assert opened.settings.odd_and_even_pages_header_footer
    section = opened.sections[0]
    odd, even = section.footer.paragraphs[0], section.even_page_footer.paragraphs[0]
    for footer in (odd, even):
        assert "— 1 —" == footer.text
        assert " PAGE " in "".join(i.text for i in footer._p.iter(f"{W}instrText"))
        assert "公文页码" == footer.style.name
        assert (Pt(14), "宋体") == (footer.style.font.size, footer.style.font.name)
    assert ("RIGHT", Pt(14)) == (odd.alignment.name, odd.paragraph_format.right_indent)
    assert ("LEFT", Pt(14)) == (even.alignment.name, even.paragraph_format.left_indent)


def test_gbt_9704_7_2_1_copy_number_is_the_first_line(notice: Document) -> None:
    """The 份号 000001 is the first paragraph, top left, then 秘密★1年."""
    paragraphs = _body_paragraphs(_open(docx_bytes(notice)))
    assert ["000001", "秘密★1年", "加急"] == [_text(p) for p in paragraphs[:3]]


def test_gbt_9704_7_3_5_signature_block_is_kept_with_the_last_body_paragraph(
    notice: Document,
) -> None:
    """The last body paragraph, the signature, the date and the 附注 each keep with the next
    paragraph, so the signature block never starts a page alone."""
    paragraphs = _body_paragraphs(_open(docx_bytes(notice)))
    texts = [_text(p) for p in paragraphs]
    signature = texts.index(LETTERHEAD.name)
    closing = paragraphs[signature - 1 : signature + 3]  # last body, 署名, 日期, 附注
    assert [True, True, True, True] == [_keeps_with_next(p) for p in closing]
    assert "（联系人：王芳，电话：0566-2021234）" == texts[signature + 2]


def test_gbt_9704_headings_keep_with_their_paragraph(notice: Document) -> None:
    """A heading (一、…) never ends a page: it keeps with the paragraph after it."""
    paragraphs = _body_paragraphs(_open(docx_bytes(notice)))
    headings = [p for p in paragraphs if _text(p).startswith(("一、", "二、", "三、"))]
    assert 3 == len(headings)
    assert all(_keeps_with_next(p) for p in headings)


def test_gbt_9704_7_4_imprint_stands_on_the_bottom_edge_after_the_signature_block(
    notice: Document,
) -> None:
    """The 版记 is a box aligned to the bottom of the 版心, anchored in the last paragraph,
    which the 附注 keeps with: thick rule above 抄送, thin above 印发, thick under it."""
    paragraphs = _body_paragraphs(_open(docx_bytes(notice)))
    holder = paragraphs[-1]
    assert _keeps_with_next(paragraphs[-2])
    vertical = holder.find(f".//{WP}anchor/{WP}positionV")
    assert "margin" == vertical.get("relativeFrom")
    assert "bottom" == "".join(vertical.itertext())
    boxed = holder.find(f".//{W}txbxContent")
    rules = [
        [(side.tag.removeprefix(W), side.get(f"{W}sz")) for side in p.find(f"{W}pPr/{W}pBdr")]
        for p in boxed.iterchildren(f"{W}p")
    ]
    assert [[("top", "8")], [("top", "6"), ("bottom", "8")]] == rules
    assert ["抄送：管委会主任，区纪工委。",
            "池州经济技术开发区管委会办公室　2026年3月2日印发"] == [
        _text(p) for p in boxed.iterchildren(f"{W}p")
    ]


def test_gbt_9704_7_2_4_mark_is_red_and_the_separator_red(notice: Document) -> None:
    """发文机关标志 in red 小标宋; the 版头 separator is a red rule under the 发文字号."""
    opened = _open(docx_bytes(notice))
    mark = opened.styles["发文机关标志"]
    assert ("E60012", "方正小标宋简体") == (str(mark.font.color.rgb), mark.font.name)
    rules = [b for b in opened.element.body.iter(f"{W}bottom")
             if b.getparent().tag == f"{W}pBdr"]
    assert "E60012" == rules[0].get(f"{W}color")


def test_a_long_title_is_broken_into_balanced_lines(matters: Matters) -> None:
    """A title longer than a line gets a line break between words (梯形 layout)."""
    paragraphs = _body_paragraphs(_open(docx_bytes(KINDS["督查通报"](matters, LETTERHEAD))))
    title = next(p for p in paragraphs if _text(p).startswith("关于"))
    parts = "".join(
        "\n" if e.tag == f"{W}br" else e.text or "" for e in title.iter(f"{W}t", f"{W}br")
    )
    assert "关于2026年第一季度\n督办事项办理情况的通报" == parts


# ================================================================= templates
def _template(path: Path, *, numbered: bool) -> Path:
    """An office's template: its own header, 公文正文 in 楷体, 30 mm top margin."""
    made = docx.Document()
    section = made.sections[0]
    section.top_margin = Mm(30)
    section.header.paragraphs[0].text = "某县人民政府督查室内部资料"
    style = made.styles.add_style("公文正文", 1)
    style.font.name = "楷体"
    if numbered:
        made.settings.odd_and_even_pages_header_footer = True
        footer = section.footer.paragraphs[0]
        footer.text = "第"
        footer._p.append(docx.oxml.parse_xml(
            f'<w:fldSimple xmlns:w="{W[1:-1]}" w:instr=" PAGE "><w:r><w:t>1</w:t></w:r>'
            "</w:fldSimple>"
        ))
    made.add_paragraph("模板自带的正文，应被去掉")
    made.save(str(path))
    return path


def test_office_template_supplies_styles_page_setup_and_header(
    matters: Matters, tmp_path: Path
) -> None:
    """With an office template, the header and page set-up are the template's, its 公文正文
    style is used as it is, its own body is dropped, and page numbers are added."""
    template = _template(tmp_path / "letterhead.docx", numbered=False)
    issuer = Issuer.of(LETTERHEAD.name, mark=LETTERHEAD.mark, template=template)
    document = KINDS["督查催办单"](matters, issuer)
    opened = _open(docx_bytes(document))
    section = opened.sections[0]
    assert "某县人民政府督查室内部资料" == section.header.paragraphs[0].text
    assert 30 == round(section.top_margin.mm)
    assert "楷体" == opened.styles["公文正文"].font.name
    assert expected_lines(document) == docx_lines(docx_bytes(document))
    assert "— 1 —" == section.footer.paragraphs[0].text


def _png() -> bytes:
    """A 1 × 1 red PNG."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xe6\x00\x12")
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels)
            + chunk(b"IEND", b""))


def test_office_template_header_with_a_picture_is_on_even_pages_too(
    matters: Matters, tmp_path: Path
) -> None:
    """Odd and even pages have their own footers; a template header that is the same on every
    page (here with the office's emblem) is copied to the even pages, picture and all."""
    made = docx.Document()
    (tmp_path / "emblem.png").write_bytes(_png())
    header = made.sections[0].header.paragraphs[0]
    header.add_run("某县人民政府督查室")
    header.add_run().add_picture(str(tmp_path / "emblem.png"))
    made.save(str(tmp_path / "emblem.docx"))
    document = KINDS["督查催办单"](matters, LETTERHEAD)
    section = _open(docx_bytes(document, template=tmp_path / "emblem.docx")).sections[0]
    even = section.even_page_header
    assert "某县人民政府督查室" == even.paragraphs[0].text
    blip = next(e for e in even._element.iter() if e.tag.endswith("}blip"))
    embedded = blip.get(f"{{{R}}}embed")
    assert _png() == even.part.related_parts[embedded].blob


def test_office_template_that_numbers_pages_keeps_its_footer(
    matters: Matters, tmp_path: Path
) -> None:
    """A template whose footer already has a PAGE field keeps that footer."""
    template = _template(tmp_path / "numbered.docx", numbered=True)
    document = KINDS["督查催办单"](matters, LETTERHEAD)
    opened = _open(docx_bytes(document, template=template))
    assert opened.sections[0].footer.paragraphs[0].text.startswith("第")


def test_a_missing_template_is_refused(matters: Matters, tmp_path: Path) -> None:
    """A template path that is not a file raises InvalidInput naming template."""
    with pytest.raises(InvalidInput) as error:
        write_docx(KINDS["督查催办单"](matters, LETTERHEAD), io.BytesIO(),
                   template=tmp_path / "absent.docx")
    assert "template" == error.value.fields["field"]
