"""Laying a :class:`Document` out in GB/T 9704 order, and rendering it as text or Markdown.

:func:`layout` is the single source of the document's lines: the plain-text and Markdown
renderers here and the .docx writer (:func:`supervision.documents.write_docx`) all walk it, so
every format carries the same text. The body's citation keys (``daoli-2017 art.7(3)``) are
printed in their Chinese form (《道里区人民政府督办检查工作制度》第七条第（三）项, see
:func:`~supervision.documents.cite_in_text`): no internal key reaches a reader.

The text and Markdown renderings mark the 版记 with its rules: a thick rule (``━``) above the
first element and below the last, a thin one (``─``) between them, as GB/T 9704 §7.4.1 prints
them.
"""

from __future__ import annotations

import enum

import attrs

from supervision.documents._cite import cite_in_text
from supervision.documents._model import Document, Heading, Paragraph, Table
from supervision.text import cn_date

__all__ = ["Line", "LineRole", "layout", "render_markdown", "render_text"]


class LineRole(enum.Enum):
    """What a laid-out line is, in GB/T 9704 order."""

    COPY_NUMBER = "份号"
    CLASSIFICATION = "密级和保密期限"
    URGENCY = "紧急程度"
    MARK = "发文机关标志"
    NUMBER = "发文字号"
    SEPARATOR = "分隔线"
    TITLE = "标题"
    ADDRESSEES = "主送机关"
    HEADING = "层次标题"
    PARAGRAPH = "正文"
    SIGNATURE = "发文机关署名"
    DATE = "成文日期"
    NOTE = "附注"
    COPIES = "抄送机关"
    IMPRINT = "印发机关和印发日期"


@attrs.frozen
class Line:
    """One laid-out line: its role and its text (empty for the separator)."""

    role: LineRole
    text: str


def layout(document: Document) -> tuple[Line | Table, ...]:
    """The document's lines and tables in GB/T 9704 order (版头, 主体, 版记)."""
    items: list[Line | Table] = []
    if document.copy_number is not None:
        items.append(Line(LineRole.COPY_NUMBER, document.copy_label))
    if document.classification is not None:
        items.append(Line(LineRole.CLASSIFICATION, document.classification.label))
    if document.urgency:
        items.append(Line(LineRole.URGENCY, document.urgency))
    items.append(Line(LineRole.MARK, document.issuer.mark))
    if document.number is not None:
        items.append(Line(LineRole.NUMBER, str(document.number)))
    items.append(Line(LineRole.SEPARATOR, ""))
    items.append(Line(LineRole.TITLE, document.title))
    if document.addressees:
        items.append(Line(LineRole.ADDRESSEES, "、".join(document.addressees) + "："))
    for block in document.body:
        if isinstance(block, Paragraph):
            items.append(Line(LineRole.PARAGRAPH, cite_in_text(block.text)))
        elif isinstance(block, Heading):
            items.append(Line(LineRole.HEADING, cite_in_text(block.text)))
        else:
            items.append(
                Table(
                    tuple(cite_in_text(h) for h in block.headers),
                    tuple(tuple(cite_in_text(c) for c in row) for row in block.rows),
                )
            )
    items.append(Line(LineRole.SIGNATURE, document.issuer.name))
    items.append(Line(LineRole.DATE, cn_date(document.date)))
    if document.note:
        items.append(Line(LineRole.NOTE, document.note))
    if document.copies_to:
        items.append(Line(LineRole.COPIES, "抄送：" + "，".join(document.copies_to) + "。"))
    items.append(
        Line(
            LineRole.IMPRINT,
            f"{document.issuer.imprint_organ}　{cn_date(document.imprint_date)}印发",
        )
    )
    return tuple(items)


_IMPRINT_ROLES = (LineRole.COPIES, LineRole.IMPRINT)


def _imprint_rules(
    items: tuple[Line | Table, ...], thick: str, thin: str
) -> list[Line | Table | str]:
    """The items with the 版记's rules around and between its lines."""
    out: list[Line | Table | str] = []
    inside = False
    for item in items:
        if isinstance(item, Line) and item.role in _IMPRINT_ROLES:
            out.append(thin if inside else thick)
            inside = True
        out.append(item)
    if inside:
        out.append(thick)
    return out


_INDENT = "　　"
_THICK, _THIN = "━" * 32, "─" * 32
#: the roles ``render_text`` tests each line for, looked up once (reading an enum member
#: off its class costs several times a plain attribute on Python 3.11)
_SEPARATOR, _INDENTED = LineRole.SEPARATOR, (LineRole.PARAGRAPH, LineRole.NOTE)


def render_text(document: Document) -> str:
    """Plain text: one line per element, body paragraphs indented by two full-width spaces,
    table cells separated by tabs."""
    out: list[str] = []
    for item in _imprint_rules(layout(document), _THICK, _THIN):
        if isinstance(item, str):
            out.append(item)
        elif isinstance(item, Table):
            out.append("\t".join(item.headers))
            out.extend("\t".join(row) for row in item.rows)
        elif item.role is _SEPARATOR:
            out.append(_THIN)
        elif item.role in _INDENTED:
            out.append(_INDENT + item.text)
        else:
            out.append(item.text)
    return "\n".join(out) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_markdown(document: Document) -> str:
    """Markdown: the 发文机关标志 as the top heading, the 标题 as a second-level heading, body
    headings third-level, tables as pipe tables; every other element its own paragraph."""
    out: list[str] = []
    for item in _imprint_rules(layout(document), "***", "---"):
        if isinstance(item, str):
            out.append(item)
        elif isinstance(item, Table):
            out.append(
                "\n".join(
                    [
                        "| " + " | ".join(_cell(h) for h in item.headers) + " |",
                        "|" + "---|" * len(item.headers),
                        *("| " + " | ".join(_cell(c) for c in row) + " |" for row in item.rows),
                    ]
                )
            )
        elif item.role is LineRole.SEPARATOR:
            out.append("---")
        elif item.role is LineRole.MARK:
            out.append(f"# {item.text}")
        elif item.role is LineRole.TITLE:
            out.append(f"## {item.text}")
        elif item.role is LineRole.HEADING:
            out.append(f"### {item.text}")
        else:
            out.append(item.text)
    return "\n\n".join(out) + "\n"
