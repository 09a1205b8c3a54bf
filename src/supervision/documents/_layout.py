"""The GB/T 9704-2012 page, in numbers: the geometry the .docx writer prints with.

Pure arithmetic, no python-docx: the page and 版心 sizes, the line pitch of 22 lines and the
character pitch of 28 characters, the font sizes, and the rules that place the signature
block (§7.3.5.2) and size the 发文机关标志 so it fits the 版心.

Widths are counted in 字 (the width of one full-width character of the font in question):
a Chinese character or full-width sign counts 1, an ASCII character (Arabic numerals, 半角
signs) counts ½.
"""

from __future__ import annotations

import math
import unicodedata
from typing import Final

import attrs

__all__ = [
    "BODY_CONDENSE_TWIPS",
    "BODY_PT",
    "CHARS_PER_LINE",
    "CHAR_PITCH_PT",
    "FOLIO_GAP_MM",
    "FOLIO_PT",
    "IMPRINT_PT",
    "LINES_PER_PAGE",
    "LINE_PITCH_TWIPS",
    "MARK_TOP_MM",
    "MM_PER_PT",
    "PAGE",
    "SEPARATOR_GAP_MM",
    "TABLE_PT",
    "TITLE_PT",
    "Page",
    "SignaturePlacement",
    "column_widths",
    "folio",
    "mark_size",
    "signature_placement",
    "text_width",
    "title_lines",
]

MM_PER_PT: Final = 25.4 / 72


@attrs.frozen
class Page:
    """A4 with GB/T 9704 §5.2.1 margins: 天头 37 mm, 订口 28 mm, 版心 156 mm × 225 mm."""

    width_mm: float = 210.0
    height_mm: float = 297.0
    top_mm: float = 37.0
    left_mm: float = 28.0
    text_width_mm: float = 156.0
    text_height_mm: float = 225.0

    @property
    def right_mm(self) -> float:
        """The 切口 (right margin): 26 mm."""
        return self.width_mm - self.left_mm - self.text_width_mm

    @property
    def bottom_mm(self) -> float:
        """The bottom margin: 35 mm."""
        return self.height_mm - self.top_mm - self.text_height_mm

    @property
    def text_width_pt(self) -> float:
        """The 版心 width in points."""
        return self.text_width_mm / MM_PER_PT


PAGE: Final = Page()
LINES_PER_PAGE: Final = 22
CHARS_PER_LINE: Final = 28
BODY_PT: Final = 16.0  # 3号
TITLE_PT: Final = 22.0  # 2号
IMPRINT_PT: Final = 14.0  # 4号 (版记)
FOLIO_PT: Final = 14.0  # 4号 (页码)
TABLE_PT: Final = 12.0  # 小4号

#: The line pitch in twips (1/20 pt): 22 lines fill the 225 mm 版心 (579 twips = 28.95 pt;
#: 22 of them are 636.9 pt of the 637.8 pt available).
LINE_PITCH_TWIPS: Final = int(PAGE.text_height_mm / MM_PER_PT * 20 / LINES_PER_PAGE)

#: The character pitch that puts 28 characters of 3号 on a 156 mm line (15.8 pt).
CHAR_PITCH_PT: Final = PAGE.text_width_pt / CHARS_PER_LINE

#: 3号 characters are condensed by this much (in twips) to keep 28 to the line.
BODY_CONDENSE_TWIPS: Final = -math.ceil((BODY_PT - CHAR_PITCH_PT) * 20)

MARK_MAX_PT: Final = 36.0  # 小初: the largest 发文机关标志 this writer prints
MARK_MIN_PT: Final = 22.0
MARK_TOP_MM: Final = 35.0  # §7.2.4: the mark's top edge 35 mm below the 版心's (下行文)
SEPARATOR_GAP_MM: Final = 4.0  # §7.2.7: the red line 4 mm below the 发文字号
FOLIO_GAP_MM: Final = 7.0  # §7.5: the 一字线 7 mm below the 版心


def text_width(text: str) -> float:
    """The width of ``text`` in 字: full-width and wide characters 1, others ½."""
    return sum(
        1.0 if unicodedata.east_asian_width(ch) in ("W", "F") else 0.5 for ch in text
    )


def mark_size(mark: str, *, width_pt: float | None = None) -> float:
    """The 发文机关标志's font size in points: 36 pt (小初), smaller when the mark would not
    fit on one 版心 line, never below 22 pt (2号; a longer mark wraps)."""
    available = PAGE.text_width_pt if width_pt is None else width_pt
    width = max(text_width(mark), 1.0)
    return max(MARK_MIN_PT, min(MARK_MAX_PT, float(int(available / width))))


@attrs.frozen
class SignaturePlacement:
    """Right indents, in 字, of the 发文机关署名 and the 成文日期 (GB/T 9704 §7.3.5.2)."""

    signature: float
    date: float


def signature_placement(signature: str, date: str) -> SignaturePlacement:
    """Where a document without a seal puts its signature block (§7.3.5.2).

    The 发文机关署名 is 右空二字; the 成文日期 goes on the next line, its first character two
    字 right of the signature's first character. When the date is the longer (it would reach
    past 右空二字), the date is 右空二字 and the signature moves left to keep the two-字 offset.
    """
    name, day = text_width(signature), text_width(date)
    signature_right = max(2.0, day - name + 4.0)
    return SignaturePlacement(signature_right, signature_right + name - day - 2.0)


def column_widths(natural: list[float], total: float, *, minimum: float) -> list[float]:
    """Widths for table columns that want ``natural`` widths (their longest cell), filling
    ``total``: columns that fit get what they want and the rest share what is left equally,
    never below ``minimum``; when everything fits, the spare room is shared in proportion."""
    if not natural:
        return []
    wanted = [max(minimum, w) for w in natural]
    if sum(wanted) <= total:
        scale = total / sum(wanted)
        return [w * scale for w in wanted]
    widths = [0.0] * len(wanted)
    open_columns = set(range(len(wanted)))
    left = total
    while open_columns:
        share = left / len(open_columns)
        fitting = {i for i in open_columns if wanted[i] <= share}
        if not fitting:
            for i in open_columns:
                widths[i] = max(minimum, share)
            break
        for i in fitting:
            widths[i] = wanted[i]
            left -= wanted[i]
        open_columns -= fitting
    return widths


_NO_LINE_START: Final = frozenset("，。、；：？！）》〕」』”’…—·")
_NO_LINE_END: Final = frozenset("（《〔「『“‘")
_GOOD_BREAK_AFTER: Final = frozenset("的和与及、，")
#: Words of this domain's titles that a line break must not cut (词意完整).
_WORDS: Final = frozenset((
    "督办", "督查", "督促", "检查", "事项", "办理", "情况", "通报", "通知", "考核",
    "结果", "推进", "催办", "告诫", "约谈", "专报", "季度", "年度", "工作", "落实",
    "整改", "表扬", "批评", "重点", "重大", "部署", "决策", "批示", "会议", "议定",
    "建议", "提案", "交办", "领导", "单位", "政府", "人民", "责任", "进展", "完成",
    "问题", "项目", "建设", "改造", "提升", "管理", "服务",
))


def _bracket_depth(text: str, at: int) -> int:
    depth = 0
    for ch in text[:at]:
        depth += (ch in _NO_LINE_END) - (ch in "）》〕」』”’")
    return depth


def _breakable(text: str, at: int) -> bool:
    if _bracket_depth(text, at) > 0:  # never inside （…）, 〔…〕, 《…》, “…”
        return False
    before, after = text[at - 1], text[at]
    if after in _NO_LINE_START or before in _NO_LINE_END or before + after in _WORDS:
        return False
    return not (before.isascii() and before.isalnum() and after.isascii() and after.isalnum())


def title_lines(title: str, *, size: float = TITLE_PT) -> list[str]:
    """The 标题 cut into lines that fit the 版心 (§7.3.1: 回行时词意完整, 排列对称, 长短适宜):
    as few lines as fit, of about equal width, never breaking inside a number, a bracket or a
    word of the domain, nor before a closing sign, preferring a cut after 的, 和, 与, 及 or a
    pause sign near the even point."""
    capacity = PAGE.text_width_pt / size - 1  # a character of slack for wider digits
    total = text_width(title)
    if total <= capacity or len(title) < 2:
        return [title]
    count = math.ceil(total / capacity)
    lines: list[str] = []
    rest = title
    for remaining in range(count, 1, -1):
        target = text_width(rest) / remaining
        best: tuple[float, int] | None = None
        width = 0.0
        for at in range(1, len(rest)):
            width += text_width(rest[at - 1])
            if width > capacity:
                break
            if not _breakable(rest, at):
                continue
            cost = abs(width - target) - (1.5 if rest[at - 1] in _GOOD_BREAK_AFTER else 0.0)
            if best is None or cost < best[0]:
                best = (cost, at)
        if best is None:
            break
        lines.append(rest[: best[1]])
        rest = rest[best[1]:]
    lines.append(rest)
    return lines


def folio(number: int) -> str:
    """The 页码 as printed: ``— 1 —`` (一字线, a half-width space, the number, §7.5)."""
    return f"— {number} —"
