"""Writing a :class:`Document` as .docx (the ``office`` extra: python-docx, imported lazily).

The page follows GB/T 9704-2012: A4, 天头 37 mm, 订口 28 mm, 版心 156 mm × 225 mm; the
发文机关标志 in red 小标宋, a red separator line, the 标题 in 2号 (22 pt) 小标宋 centred, the
body in 3号 (16 pt) 仿宋 with a two-character first-line indent, the 版记 in 4号 (14 pt). Fonts are
named as Chinese offices install them (方正小标宋简体, 仿宋_GB2312, 黑体); Word substitutes
where one is missing. The text is exactly that of :func:`~supervision.documents.layout`.
"""

from __future__ import annotations

import os
from typing import IO, TYPE_CHECKING, Any

from supervision.documents._model import Document, Table
from supervision.documents._render import Line, LineRole, layout
from supervision.exceptions import MissingExtra

if TYPE_CHECKING:
    from docx.text.paragraph import Paragraph as DocxParagraph

__all__ = ["write_docx"]

_TITLE_FONT = "方正小标宋简体"
_BODY_FONT = "仿宋_GB2312"
_HEADING_FONT = "黑体"
_RED = (0xE6, 0x00, 0x12)


def _docx() -> Any:
    try:
        import docx
    except ImportError as error:
        raise MissingExtra("office", "python-docx", "write .docx documents") from error
    return docx


def _font(paragraph: DocxParagraph, text: str, face: str, size: float, *,
          bold: bool = False, red: bool = False) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    run = paragraph.add_run(text)
    run.font.name = face
    run.font.size = Pt(size)
    run.font.bold = bold
    if red:
        run.font.color.rgb = RGBColor(*_RED)
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), face)


def _red_rule(paragraph: DocxParagraph) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    bottom.set(qn("w:val"), "single")
    bottom.set(qn("w:sz"), "12")
    bottom.set(qn("w:space"), "1")
    bottom.set(qn("w:color"), "".join(f"{c:02X}" for c in _RED))
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)


def write_docx(document: Document, target: str | os.PathLike[str] | IO[bytes]) -> None:
    """Write ``document`` as a .docx file to a path or a binary stream.

    Needs the ``office`` extra; without it raises
    :class:`~supervision.exceptions.MissingExtra` (an ImportError) naming
    ``pip install 'supervision-duban[office]'``.
    """
    if not isinstance(document, Document):
        from supervision.exceptions import InvalidInput

        raise InvalidInput("document", "a supervision.documents.Document", document)
    docx = _docx()
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    out = docx.Document()
    section = out.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    core = out.core_properties
    core.title = document.title
    core.subject = document.kind
    core.author = document.issuer.name

    for item in layout(document):
        if isinstance(item, Table):
            grid = out.add_table(rows=1 + len(item.rows), cols=len(item.headers))
            grid.style = "Table Grid"
            for col, header in enumerate(item.headers):
                cell = grid.cell(0, col)
                _font(cell.paragraphs[0], header, _HEADING_FONT, 12)
            for row_index, row in enumerate(item.rows, start=1):
                for col, value in enumerate(row):
                    _font(grid.cell(row_index, col).paragraphs[0], value, _BODY_FONT, 12)
            continue
        _line(out, item, WD_ALIGN_PARAGRAPH, Pt)
    out.save(target)


def _line(out: Any, item: Line, align: Any, pt: Any) -> None:
    paragraph = out.add_paragraph()
    role = item.role
    if role is LineRole.SEPARATOR:
        _red_rule(paragraph)
        return
    if role in (LineRole.CLASSIFICATION, LineRole.URGENCY):
        _font(paragraph, item.text, _HEADING_FONT, 16)
    elif role is LineRole.MARK:
        paragraph.alignment = align.CENTER
        _font(paragraph, item.text, _TITLE_FONT, 26, red=True)
    elif role is LineRole.NUMBER:
        paragraph.alignment = align.CENTER
        _font(paragraph, item.text, _BODY_FONT, 16)
    elif role is LineRole.TITLE:
        paragraph.alignment = align.CENTER
        _font(paragraph, item.text, _TITLE_FONT, 22)
    elif role is LineRole.HEADING:
        paragraph.paragraph_format.first_line_indent = pt(32)
        _font(paragraph, item.text, _HEADING_FONT, 16)
    elif role is LineRole.PARAGRAPH:
        paragraph.paragraph_format.first_line_indent = pt(32)
        _font(paragraph, item.text, _BODY_FONT, 16)
    elif role in (LineRole.SIGNATURE, LineRole.DATE):
        paragraph.alignment = align.RIGHT
        paragraph.paragraph_format.right_indent = pt(64)
        _font(paragraph, item.text, _BODY_FONT, 16)
    elif role in (LineRole.COPIES, LineRole.IMPRINT):
        _font(paragraph, item.text, _BODY_FONT, 14)
    else:  # ADDRESSEES: 顶格
        _font(paragraph, item.text, _BODY_FONT, 16)
