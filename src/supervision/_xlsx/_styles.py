"""The style table (styles.xml): every distinct resolved style gets one cell format index.

Styles are registered as the writer meets them (a handful per workbook), so the cells refer to
precomputed indices and styles.xml is written once, after the sheets.
"""

from __future__ import annotations

from supervision._xlsx._model import Style
from supervision._xlsx._xml import attribute

__all__ = ["DEFAULT_FONT", "StyleBook"]

#: The workbook's font: SimSun, the usual face of Chinese official tables, 11 pt.
DEFAULT_FONT = "宋体"
DEFAULT_SIZE = 11.0
DATE_FORMAT = 'yyyy"年"m"月"d"日"'
DATETIME_FORMAT = 'yyyy"年"m"月"d"日" hh:mm'

_BUILTIN_FORMATS = {
    "General": 0, "0": 1, "0.00": 2, "#,##0": 3, "#,##0.00": 4, "0%": 9, "0.00%": 10,
    "0.00E+00": 11, "@": 49,
}
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_THIN = '<{side} style="thin"><color auto="1"/></{side}>'

_Key = tuple[int, int, int, int, str]


class StyleBook:
    """Cell formats by index; index 0 is the default (nothing set)."""

    def __init__(self) -> None:
        self._fonts: dict[tuple[bool, float], int] = {(False, DEFAULT_SIZE): 0}
        self._fills: dict[str, int] = {}
        self._formats: dict[str, int] = {}
        self._xfs: dict[_Key, int] = {(0, 0, 0, 0, ""): 0}
        self._styles: list[Style] = [Style()]
        self._by_style: dict[Style, int] = {Style(): 0}
        self._as_date: dict[tuple[int, bool], int] = {}

    def index(self, style: Style | None) -> int:
        """The cell format index of ``style`` (registered on first use)."""
        if style is None:
            return 0
        found = self._by_style.get(style)
        if found is not None:
            return found
        font = self._fonts.setdefault(
            (bool(style.bold), style.size or DEFAULT_SIZE), len(self._fonts)
        )
        fill = 0 if not style.fill else self._fills.setdefault(style.fill, len(self._fills) + 2)
        border = 1 if style.border else 0
        code = style.number_format or "General"
        fmt = _BUILTIN_FORMATS.get(code)
        if fmt is None:
            fmt = self._formats.setdefault(code, 164 + len(self._formats))
        align = ""
        if style.horizontal:
            align += f' horizontal="{style.horizontal}"'
        if style.vertical:
            align += f' vertical="{style.vertical}"'
        if style.wrap:
            align += ' wrapText="1"'
        key = (font, fill, border, fmt, align)
        index = self._xfs.get(key)
        if index is None:
            index = self._xfs[key] = len(self._xfs)
            self._styles.append(style)
        self._by_style[style] = index
        return index

    def for_date(self, index: int, with_time: bool) -> int:
        """The format to use for a date (or datetime) in a cell of format ``index``: the same
        when it has a number format, else with the Chinese date (and time) format added."""
        key = (index, with_time)
        found = self._as_date.get(key)
        if found is None:
            style = self._styles[index]
            if style.number_format is None:
                code = DATETIME_FORMAT if with_time else DATE_FORMAT
                style = Style.of(number_format=code).over(style)
            found = self._as_date[key] = self.index(style)
        return found

    def xml(self) -> str:
        """styles.xml."""
        out = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n',
               f'<styleSheet xmlns="{_MAIN}">']
        if self._formats:
            out.append(f'<numFmts count="{len(self._formats)}">')
            out.extend(f'<numFmt numFmtId="{i}" formatCode="{attribute(code)}"/>'
                       for code, i in self._formats.items())
            out.append("</numFmts>")
        out.append(f'<fonts count="{len(self._fonts)}">')
        for bold, size in self._fonts:
            out.append(f'<font>{"<b/>" if bold else ""}<sz val="{size:g}"/>'
                       f'<name val="{DEFAULT_FONT}"/><family val="3"/><charset val="134"/>'
                       "</font>")
        out.append(f'</fonts><fills count="{len(self._fills) + 2}">'
                   '<fill><patternFill patternType="none"/></fill>'
                   '<fill><patternFill patternType="gray125"/></fill>')
        out.extend(f'<fill><patternFill patternType="solid"><fgColor rgb="FF{rgb}"/>'
                   '<bgColor indexed="64"/></patternFill></fill>' for rgb in self._fills)
        out.append('</fills><borders count="2">'
                   "<border><left/><right/><top/><bottom/><diagonal/></border><border>")
        out.extend(_THIN.format(side=side) for side in ("left", "right", "top", "bottom"))
        out.append("<diagonal/></border></borders>"
                   '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" '
                   'borderId="0"/></cellStyleXfs>'
                   f'<cellXfs count="{len(self._xfs)}">')
        for font, fill, border, fmt, align in self._xfs:
            applied = "".join(
                f' {name}="1"' for name, used in (
                    ("applyNumberFormat", fmt), ("applyFont", font), ("applyFill", fill),
                    ("applyBorder", border), ("applyAlignment", align),
                ) if used
            )
            head = (f'<xf numFmtId="{fmt}" fontId="{font}" fillId="{fill}" '
                    f'borderId="{border}" xfId="0"{applied}')
            out.append(f"{head}><alignment{align}/></xf>" if align else f"{head}/>")
        out.append('</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" '
                   'builtinId="0"/></cellStyles><dxfs count="0"/><tableStyles count="0" '
                   'defaultTableStyle="TableStyleMedium9" defaultPivotStyle="PivotStyleLight16"'
                   "/></styleSheet>")
        return "".join(out)
