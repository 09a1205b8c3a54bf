"""Writing a :class:`Document` as .docx (the ``office`` extra: python-docx, imported lazily).

The page follows GB/T 9704-2012 so the file prints right in Word, WPS and LibreOffice:

* A4, 天头 37 mm, 订口 28 mm, 版心 156 mm × 225 mm; 22 lines of 28 characters (exact line
  pitch 28.95 pt, 3号 characters condensed to the 15.8 pt pitch); body in 3号 (16 pt) 仿宋,
  two-character first-line indent, justified;
* 版头: 份号 (six digits), 密级和保密期限 and 紧急程度 in 3号黑体 on the first lines, top left;
  the 发文机关标志 in red 小标宋, its top 35 mm below the 版心's, the 发文字号 two lines under
  it, the red separator 4 mm under the number; the 标题 in 2号小标宋 two lines under the rule,
  a long one cut into balanced lines (§7.3.1);
* the signature block of a document without a seal (§7.3.5.2): one line under the body, 署名
  右空二字, the 成文日期 two characters right of it, the 附注 (联系人及电话) under the date
  居左空二字; the last body paragraph (or table row), the signature, the date, the 附注 and the
  版记 are kept on one page, so neither the signature block nor the 版记 is ever alone on a
  page; headings keep with the paragraph after them;
* 版记 (§7.4) at the foot of the last page, its last rule on the 版心's bottom edge: a thick
  rule above the 抄送机关, a thin one above 印发机关和印发日期, a thick one under them, in
  4号仿宋 (see :func:`_imprint`);
* 页码 (§7.5) in the footers: ``— 1 —`` in 4号 半角宋体, odd pages right and even pages left,
  one character in, the 一字线 7 mm under the 版心 (different odd and even footers).

Text is formatted through named paragraph styles (公文正文, 公文标题, 发文机关标志, 版记, …):
fonts are named as Chinese offices install them (方正小标宋简体, 仿宋_GB2312, 黑体, 宋体) and
a reader substitutes where one is missing. An issuer's ``template`` (a .docx file) supplies
the styles (any of these names it defines is used as it is), the page set-up and the headers;
its footers are kept when they already number the pages. The text is exactly that of
:func:`~supervision.documents.layout`.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Final

from supervision.documents import _layout as page
from supervision.documents._model import Document, Table
from supervision.documents._render import Line, LineRole, layout
from supervision.exceptions import InvalidInput, MissingExtra
from supervision.text import cn_date

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument
    from docx.section import Section
    from docx.text.paragraph import Paragraph as DocxParagraph

__all__ = ["write_docx"]

_TITLE_FONT: Final = "方正小标宋简体"
_BODY_FONT: Final = "仿宋_GB2312"
_HEADING_FONT: Final = "黑体"
_FOLIO_FONT: Final = "宋体"
_RED: Final = "E60012"
_BLACK: Final = "000000"
_LINE: Final = page.LINE_PITCH_TWIPS / 20  # pt
_PT_PER_MM: Final = 72 / 25.4
_EMU_PER_PT: Final = 12700
_W: Final = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

#: The paragraph styles: name → (font, size in pt, colour, condensed to the 28-character line).
_STYLES: Final = {
    "公文版头": (_HEADING_FONT, page.BODY_PT, _BLACK, False),
    "发文机关标志": (_TITLE_FONT, page.MARK_MAX_PT, _RED, False),
    "发文字号": (_BODY_FONT, page.BODY_PT, _BLACK, False),
    "公文标题": (_TITLE_FONT, page.TITLE_PT, _BLACK, False),
    "主送机关": (_BODY_FONT, page.BODY_PT, _BLACK, True),
    "公文正文": (_BODY_FONT, page.BODY_PT, _BLACK, True),
    "公文一级标题": (_HEADING_FONT, page.BODY_PT, _BLACK, True),
    "公文落款": (_BODY_FONT, page.BODY_PT, _BLACK, False),
    "公文附注": (_BODY_FONT, page.BODY_PT, _BLACK, True),
    "版记": (_BODY_FONT, page.IMPRINT_PT, _BLACK, False),
    "公文页码": (_FOLIO_FONT, page.FOLIO_PT, _BLACK, False),
    "表格文字": (_BODY_FONT, page.TABLE_PT, _BLACK, False),
    "表格表头": (_HEADING_FONT, page.TABLE_PT, _BLACK, False),
}
_STYLE_OF: Final = {
    LineRole.COPY_NUMBER: "公文版头",
    LineRole.CLASSIFICATION: "公文版头",
    LineRole.URGENCY: "公文版头",
    LineRole.MARK: "发文机关标志",
    LineRole.NUMBER: "发文字号",
    LineRole.TITLE: "公文标题",
    LineRole.ADDRESSEES: "主送机关",
    LineRole.PARAGRAPH: "公文正文",
    LineRole.HEADING: "公文一级标题",
    LineRole.SIGNATURE: "公文落款",
    LineRole.DATE: "公文落款",
    LineRole.NOTE: "公文附注",
    LineRole.COPIES: "版记",
    LineRole.IMPRINT: "版记",
}
_FRONT: Final = (LineRole.COPY_NUMBER, LineRole.CLASSIFICATION, LineRole.URGENCY)
_IMPRINT: Final = (LineRole.COPIES, LineRole.IMPRINT)
_BODY: Final = (LineRole.TITLE, LineRole.ADDRESSEES, LineRole.HEADING, LineRole.PARAGRAPH)


def _docx() -> Any:
    try:
        import docx
    except ImportError as error:
        raise MissingExtra("office", "python-docx", "write .docx documents") from error
    return docx


def _el(tag: str, **attributes: str) -> Any:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    element = OxmlElement(tag)
    for name, value in attributes.items():
        element.set(qn(f"w:{name}"), value)
    return element


def _fonts(properties: Any, face: str) -> None:
    """Name ``face`` for every script (ASCII digits, Chinese) in a run's properties."""
    from docx.oxml.ns import qn

    fonts = properties.get_or_add_rFonts()
    for script in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(qn(f"w:{script}"), face)


def _format(paragraph: DocxParagraph, style: str, *, align: str = "both",
            line: float | None = _LINE, before: float = 0.0, first: float = 0.0,
            left: float = 0.0, right: float = 0.0, keep_next: bool = False,
            keep_together: bool = False) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.shared import Pt

    paragraph.style = style
    fmt = paragraph.paragraph_format
    fmt.alignment = {
        "both": WD_ALIGN_PARAGRAPH.JUSTIFY, "left": WD_ALIGN_PARAGRAPH.LEFT,
        "center": WD_ALIGN_PARAGRAPH.CENTER, "right": WD_ALIGN_PARAGRAPH.RIGHT,
    }[align]
    fmt.space_before = Pt(before)
    fmt.space_after = Pt(0)
    if line is not None:
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(line)
    fmt.first_line_indent = Pt(first)
    fmt.left_indent = Pt(left)
    fmt.right_indent = Pt(right)
    fmt.widow_control = True
    fmt.keep_with_next = keep_next
    fmt.keep_together = keep_together


def _border(paragraph: DocxParagraph, *, top: tuple[int, str] | None = None,
            bottom: tuple[int, str] | None = None, space: int = 1) -> None:
    """Paragraph rules: (width in eighths of a point, colour) above and/or below."""
    borders = _el("w:pBdr")
    for side, rule in (("top", top), ("bottom", bottom)):
        if rule is not None:
            borders.append(
                _el(f"w:{side}", val="single", sz=str(rule[0]), space=str(space), color=rule[1])
            )
    properties = paragraph._p.get_or_add_pPr()
    # CT_PPr keeps its children in schema order: pBdr comes before shd, tabs, spacing, ind, jc.
    later = ("shd", "tabs", "suppressAutoHyphens", "spacing", "ind", "jc")
    anchor = next((c for c in properties if c.tag.rsplit("}", 1)[-1] in later), None)
    (anchor.addprevious(borders) if anchor is not None else properties.append(borders))


# ------------------------------------------------------------------- the page
def _new(document: Document, template: Path | None) -> DocxDocument:
    docx = _docx()
    if template is None:
        out: DocxDocument = docx.Document()
        _page_setup(out.sections[0])
    else:
        if not template.is_file():
            raise InvalidInput("template", "an existing .docx file", str(template))
        try:
            out = docx.Document(str(template))
        except Exception as error:  # python-docx raises several kinds for a bad package
            raise InvalidInput("template", "a .docx file python-docx can open",
                               str(template)) from error
        body = out.element.body
        for child in list(body):
            if child.tag.rsplit("}", 1)[-1] != "sectPr":
                body.remove(child)
    _styles(out)
    core = out.core_properties
    core.title = document.title
    core.subject = document.kind
    core.author = document.issuer.name
    core.comments = ""
    return out


def _page_setup(section: Section) -> None:
    from docx.shared import Mm

    geometry = page.PAGE
    section.page_width, section.page_height = Mm(geometry.width_mm), Mm(geometry.height_mm)
    section.top_margin, section.bottom_margin = Mm(geometry.top_mm), Mm(geometry.bottom_mm)
    section.left_margin, section.right_margin = Mm(geometry.left_mm), Mm(geometry.right_mm)
    section.header_distance = Mm(15)
    # The footer line is 6.35 mm (18 pt) high with the 一字线 across its middle: its bottom
    # goes 7 mm + 3.2 mm under the 版心 for the 一字线 to stand 7 mm under it (§7.5).
    section.footer_distance = Mm(geometry.bottom_mm - page.FOLIO_GAP_MM - 3.2)


def _styles(out: DocxDocument) -> None:
    """Add the 公文 paragraph styles a template does not define already."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    existing = {style.name for style in out.styles}
    for name, (face, size, colour, condensed) in _STYLES.items():
        if name in existing:
            continue
        style = out.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = None
        style.quick_style = True
        style.font.name = face
        style.font.size = Pt(size)
        style.font.bold = False
        style.font.color.rgb = RGBColor.from_string(colour)
        properties = style.element.get_or_add_rPr()
        _fonts(properties, face)
        if condensed:
            properties.append(_el("w:spacing", val=str(page.BODY_CONDENSE_TWIPS)))
        if properties.find(qn("w:lang")) is None:
            properties.append(_el("w:lang", val="zh-CN", eastAsia="zh-CN"))
        fmt = style.paragraph_format
        fmt.space_before = fmt.space_after = Pt(0)
        fmt.widow_control = True


def _has_page_field(footer: Any) -> bool:
    xml = footer._element.xml
    return "PAGE" in xml and ("fldSimple" in xml or "instrText" in xml)


def _copy_story(source: Any, target: Any) -> None:
    """Give ``target`` (a header or footer) the content of ``source``, with its pictures."""
    import copy

    from docx.oxml.ns import qn

    target.is_linked_to_previous = False
    for old in list(target._element):
        target._element.remove(old)
    ids = {}
    for element in source._element.iter():
        for name in (qn("r:embed"), qn("r:id"), qn("r:link")):
            rid = element.get(name)
            if rid and rid not in ids and rid in source.part.rels:
                rel = source.part.rels[rid]
                ids[rid] = (
                    target.part.relate_to(rel.target_ref, rel.reltype, is_external=True)
                    if rel.is_external else target.part.relate_to(rel.target_part, rel.reltype)
                )
    for child in source._element:
        twin = copy.deepcopy(child)
        for element in twin.iter():
            for name in (qn("r:embed"), qn("r:id"), qn("r:link")):
                if element.get(name) in ids:
                    element.set(name, ids[element.get(name)])
        target._element.append(twin)


def _folios(out: DocxDocument, *, keep_numbered: bool) -> None:
    """``— n —`` in the footers: odd pages right, even pages left, one character in.

    Odd and even pages get their own footers; a template's header that is the same on every
    page is copied to the even pages so they keep it.
    """
    out.settings.odd_and_even_pages_header_footer = True
    for section in out.sections:
        odd, even = section.header, section.even_page_header
        if even.is_linked_to_previous and not odd.is_linked_to_previous:
            _copy_story(odd, even)
        section.different_first_page_header_footer = False
        for footer, align in ((section.footer, "right"), (section.even_page_footer, "left")):
            if keep_numbered and not footer.is_linked_to_previous and _has_page_field(footer):
                continue
            footer.is_linked_to_previous = False
            for old in list(footer._element):
                footer._element.remove(old)
            paragraph = footer.add_paragraph()
            inset = page.FOLIO_PT  # 空一字
            _format(paragraph, "公文页码", align=align, line=18.0,
                    left=inset if align == "left" else 0.0,
                    right=inset if align == "right" else 0.0)
            paragraph.add_run("— ")
            field = paragraph.add_run()
            for part in ("begin", " PAGE ", "separate", "1", "end"):
                if part in ("begin", "separate", "end"):
                    field._r.append(_el("w:fldChar", fldCharType=part))
                else:
                    text = _el("w:instrText" if part.strip() == "PAGE" else "w:t")
                    text.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
                    text.text = part
                    field._r.append(text)
            paragraph.add_run(" —")


# ------------------------------------------------------------------- the text
def write_docx(
    document: Document,
    target: str | os.PathLike[str] | IO[bytes],
    *,
    template: str | os.PathLike[str] | None = None,
) -> None:
    """Write ``document`` as a .docx file to a path or a binary stream.

    ``template`` (default: the issuer's :attr:`~supervision.documents.Issuer.template`) is a
    .docx file whose styles, page set-up and headers are used; its body is dropped. Needs the
    ``office`` extra; without it raises :class:`~supervision.exceptions.MissingExtra` (an
    ImportError) naming ``pip install 'supervision-duban[office]'``.
    """
    if not isinstance(document, Document):
        raise InvalidInput("document", "a supervision.documents.Document", document)
    if template is not None and not isinstance(template, str | os.PathLike):
        raise InvalidInput("template", "a path to a .docx file or None", template)
    chosen = Path(template) if template is not None else document.issuer.template
    out = _new(document, chosen)
    items = layout(document)
    last_body = max(
        (i for i, item in enumerate(items) if isinstance(item, Table) or item.role in _BODY),
        default=-1,
    )
    above = 0  # lines above the 发文机关标志
    imprint: list[Line] = []
    for index, item in enumerate(items):
        if isinstance(item, Table):
            _table(out, item, keep_last_row=index == last_body)
        elif item.role in _IMPRINT:
            imprint.append(item)
        else:
            above += item.role in _FRONT
            _line(out, document, item, above=above, keep_next=index == last_body)
    if imprint:
        _imprint(out, imprint)
    _folios(out, keep_numbered=chosen is not None)
    out.save(target if not isinstance(target, os.PathLike) else os.fspath(target))


def _line(out: DocxDocument, document: Document, item: Line, *, above: int,
          keep_next: bool) -> None:
    from docx.shared import Pt

    paragraph = out.add_paragraph()
    role, text, style = item.role, item.text, _STYLE_OF.get(item.role, "Normal")
    char = page.CHAR_PITCH_PT
    if role is LineRole.SEPARATOR:  # §7.2.7: red, 版心 wide, 4 mm under the 发文字号
        _format(paragraph, "Normal", align="left", line=page.SEPARATOR_GAP_MM * _PT_PER_MM)
        _border(paragraph, bottom=(12, _RED), space=0)
        return
    if role in _FRONT:  # 顶格, one line each, top left
        _format(paragraph, style, align="left")
    elif role is LineRole.MARK:
        size = page.mark_size(text)
        height = round(size * 1.3, 1)
        gap = page.MARK_TOP_MM * _PT_PER_MM - above * _LINE - (height - size) / 2
        _format(paragraph, style, align="center", line=height, before=max(0.0, gap))
        paragraph.add_run(text).font.size = Pt(size)
        return
    elif role is LineRole.NUMBER:  # 发文机关标志下空二行, 居中
        _format(paragraph, style, align="center", before=2 * _LINE)
    elif role is LineRole.TITLE:  # 红色分隔线下空二行, 居中, balanced lines
        _format(paragraph, style, align="center", before=2 * _LINE, keep_next=True,
                keep_together=True)
        for number, part in enumerate(page.title_lines(text)):
            if number:
                paragraph.add_run().add_break()
            paragraph.add_run(part)
        return
    elif role is LineRole.ADDRESSEES:  # 标题下空一行, 居左顶格
        _format(paragraph, style, before=_LINE, keep_next=keep_next)
    elif role in (LineRole.HEADING, LineRole.PARAGRAPH):  # 每个自然段左空二字
        _format(paragraph, style, first=2 * char,
                keep_next=role is LineRole.HEADING or keep_next)
    else:
        _closing(paragraph, document, role, style)
    paragraph.add_run(text)


def _closing(paragraph: DocxParagraph, document: Document, role: LineRole, style: str) -> None:
    """署名, 成文日期 and 附注 (§7.3.5.2, §7.3.6), each kept with what follows it."""
    placement = page.signature_placement(document.issuer.name, cn_date(document.date))
    char = page.BODY_PT
    if role is LineRole.SIGNATURE:  # 正文下空一行, 右空二字
        _format(paragraph, style, align="right", before=_LINE,
                right=placement.signature * char, keep_next=True, keep_together=True)
    elif role is LineRole.DATE:  # 首字比署名首字右移二字
        _format(paragraph, style, align="right", right=placement.date * char,
                keep_next=True, keep_together=True)
    else:  # 附注: 居左空二字, 成文日期下一行
        _format(paragraph, style, align="left", left=2 * page.CHAR_PITCH_PT,
                keep_next=True, keep_together=True)


_BOX: Final = (
    f'<w:r xmlns:w="{_W}"'
    ' xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"'
    ' xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"'
    ' xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
    '<w:drawing><wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0"'
    ' relativeHeight="251659264" behindDoc="0" locked="1" layoutInCell="1" allowOverlap="1">'
    '<wp:simplePos x="0" y="0"/>'
    '<wp:positionH relativeFrom="margin"><wp:align>center</wp:align></wp:positionH>'
    '<wp:positionV relativeFrom="margin"><wp:align>bottom</wp:align></wp:positionV>'
    '<wp:extent cx="{cx}" cy="{cy}"/><wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapNone/>'
    '<wp:docPr id="{id}" name="版记" descr="版记"/><wp:cNvGraphicFramePr/>'
    '<a:graphic><a:graphicData'
    ' uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
    '<wps:wsp><wps:cNvSpPr txBox="1"/><wps:spPr>'
    '<a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>'
    '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:noFill/><a:ln><a:noFill/></a:ln>'
    '</wps:spPr><wps:txbx><w:txbxContent/></wps:txbx>'
    '<wps:bodyPr rot="0" vert="horz" wrap="square" lIns="0" tIns="0" rIns="0" bIns="0"'
    ' anchor="b" anchorCtr="0"><a:noAutofit/></wps:bodyPr></wps:wsp>'
    '</a:graphicData></a:graphic></wp:anchor></w:drawing></w:r>'
)
_RULES_PT: Final = 6.0  # the three rules and their spacing


def _copies_lines(text: str) -> int:
    """How many lines the 抄送 line takes: 左右各空一字, continuation lines after 抄送：
    (a character of slack a line, for wider digits)."""
    per_line = page.PAGE.text_width_pt / page.IMPRINT_PT
    first, rest = int(per_line) - 3, int(per_line) - 6
    width = page.text_width(text)
    return 1 if width <= first else 1 + -(-int(width - first) // rest)


def _imprint(out: DocxDocument, lines: list[Line]) -> None:
    """The 版记 at the foot of the last page, never on a page by itself.

    Its lines go in a text box standing on the 版心's bottom edge (its last rule on the edge),
    anchored in a paragraph as tall as the box that follows the signature block and is kept
    with it. The flow thus reserves the 版记's room on the page where the signature block
    ends: the box covers no text (nothing flows after its paragraph), and it cannot go to a
    page alone (its paragraph cannot leave the signature block).
    """
    from docx.enum.text import WD_TAB_ALIGNMENT
    from docx.oxml import parse_xml
    from docx.oxml.ns import qn
    from docx.shared import Pt

    thick, thin = (8, _BLACK), (6, _BLACK)  # 0.35 mm and 0.25 mm (§7.4.1)
    char = page.IMPRINT_PT
    count = sum(_copies_lines(i.text) if i.role is LineRole.COPIES else 1 for i in lines)
    height = count * _LINE + _RULES_PT
    holder = out.add_paragraph()
    _format(holder, "Normal", align="left", line=height, keep_together=True)
    box = parse_xml(_BOX.format(
        cx=round(page.PAGE.text_width_pt * _EMU_PER_PT), cy=round(height * _EMU_PER_PT),
        id=str(1000 + len(out.paragraphs)),
    ))
    holder._p.append(box)
    content = box.find(".//" + qn("w:txbxContent"))
    for index, item in enumerate(lines):
        paragraph = out.add_paragraph()
        if item.role is LineRole.COPIES:  # 左右各空一字; 回行时与冒号后的首字对齐
            _format(paragraph, "版记", align="left", left=4 * char, first=-3 * char,
                    right=char)
            paragraph.add_run(item.text)
        else:  # 印发机关左空一字, 印发日期右空一字
            _format(paragraph, "版记", align="left", left=char, right=char)
            organ, _, when = item.text.rpartition("　")
            stops = paragraph.paragraph_format.tab_stops
            stops.add_tab_stop(Pt(page.PAGE.text_width_pt - char), WD_TAB_ALIGNMENT.RIGHT)
            paragraph.add_run(organ + "　")
            paragraph.add_run().add_tab()
            paragraph.add_run(when)
        last = index == len(lines) - 1
        _border(paragraph, top=thick if index == 0 else thin, bottom=thick if last else None)
        content.append(paragraph._p)  # moves it from the body into the box


_CELL_PADDING_PT: Final = 10.8  # Word's default cell margins, 0.19 cm each side


def _table(out: DocxDocument, table: Table, *, keep_last_row: bool) -> None:
    """A 横排表格 (§8) as wide as the 版心, columns sized to their contents; the header row
    repeats on each page, rows never split, and the last row stays with the signature block
    when the table ends the body."""
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.oxml.ns import qn
    from docx.shared import Pt

    size = page.TABLE_PT
    natural = [
        max(page.text_width(row[col]) for row in (table.headers, *table.rows)) * size
        + _CELL_PADDING_PT
        for col in range(len(table.headers))
    ]
    widths = page.column_widths(
        natural, page.PAGE.text_width_pt, minimum=2 * size + _CELL_PADDING_PT
    )
    grid = out.add_table(rows=1 + len(table.rows), cols=len(table.headers))
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    grid.autofit = False
    properties = grid._tbl.tblPr
    for name in ("w:tblW", "w:tblLayout"):
        existing = properties.find(qn(name))
        if existing is not None:
            properties.remove(existing)
    properties.append(_el("w:tblW", w=str(round(page.PAGE.text_width_pt * 20)), type="dxa"))
    properties.append(_el("w:tblLayout", type="fixed"))
    for column, width in zip(grid._tbl.tblGrid.iterchildren(), widths, strict=True):
        column.set(qn("w:w"), str(round(width * 20)))
    rows = grid.rows
    rows[0]._tr.get_or_add_trPr().append(_el("w:tblHeader"))
    for number, row in enumerate(rows):
        row._tr.get_or_add_trPr().append(_el("w:cantSplit"))
        values = table.headers if number == 0 else table.rows[number - 1]
        keep = number == 0 or (keep_last_row and number == len(rows) - 1)
        for col, value in enumerate(values):
            cell = row.cells[col]
            cell.width = Pt(widths[col])
            paragraph = cell.paragraphs[0]
            _format(paragraph, "表格表头" if number == 0 else "表格文字",
                    align="center" if number == 0 else "left", line=None, keep_next=keep)
            paragraph.paragraph_format.line_spacing = 1.15
            paragraph.add_run(value)
