"""What a workbook is made of: sheets, rows of typed cells, styles, print setup and charts.

All frozen ``attrs`` values built with named classmethods, checked when built, so that the
writer (``_writer``) only has to turn them into XML. A worksheet's rows are any iterable and
are consumed once, while the sheet is written: a generator streams a large ledger.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import TypeAlias

import attrs

from supervision.exceptions import InvalidInput

__all__ = [
    "Cell",
    "CellRange",
    "CellValue",
    "ChartSheet",
    "Column",
    "ColumnChart",
    "PrintSetup",
    "Row",
    "RowLike",
    "Sheet",
    "Style",
    "Workbook",
    "column_letter",
]

#: What a cell may hold. Text is always written as text (never as a formula); a date or an
#: aware datetime (shown in Asia/Shanghai) becomes a real date cell; None an empty cell.
CellValue: TypeAlias = str | int | float | Decimal | _dt.date | _dt.datetime | bool | None

#: Excel's limits: columns A..XFD, rows 1..1,048,576, 31 characters in a sheet name.
MAX_COLUMNS = 16_384
MAX_ROWS = 1_048_576
_SHEET_NAME_FORBIDDEN = frozenset("[]:*?/\\")
_HEX_RGB = re.compile(r"^[0-9A-Fa-f]{6}$")
_REF = re.compile(r"^\$?([A-Z]{1,3})\$?([0-9]{1,7})$")
_HORIZONTAL = frozenset({"left", "center", "right"})
_VERTICAL = frozenset({"top", "center", "bottom"})


def column_letter(index: int) -> str:
    """``1`` → ``A``, ``27`` → ``AA`` (1-based)."""
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _column_index(letters: str) -> int:
    index = 0
    for char in letters:
        index = index * 26 + ord(char) - 64
    return index


def _positive(field: str, value: object, limit: int) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= limit:
        raise InvalidInput(field, f"a whole number from 1 to {limit:,}", value)
    return value


@attrs.frozen(cache_hash=True)
class Style:
    """How a cell looks. Every attribute left ``None`` is inherited: a cell's style is laid
    over its row's, which is laid over its column's (see :meth:`over`).

    ``fill`` is an RGB hex colour (``"FFC7CE"``); ``number_format`` an Excel format code
    (``'yyyy"年"m"月"d"日"'``, ``"0.0%"``); ``border`` a thin frame on all four sides.
    """

    bold: bool | None = None
    size: float | None = None
    fill: str | None = None
    number_format: str | None = None
    wrap: bool | None = None
    horizontal: str | None = None
    vertical: str | None = None
    border: bool | None = None

    @classmethod
    def of(
        cls,
        *,
        bold: bool | None = None,
        size: float | None = None,
        fill: str | None = None,
        number_format: str | None = None,
        wrap: bool | None = None,
        horizontal: str | None = None,
        vertical: str | None = None,
        border: bool | None = None,
    ) -> Style:
        """A style from its attributes, checked (``fill`` six hex digits, alignments named)."""
        if fill is not None and not (isinstance(fill, str) and _HEX_RGB.match(fill)):
            raise InvalidInput("fill", "an RGB colour as six hex digits, e.g. FFC7CE", fill)
        if size is not None and (isinstance(size, bool) or not isinstance(size, int | float)
                                 or not 1 <= size <= 409):
            raise InvalidInput("size", "a font size in points from 1 to 409", size)
        if horizontal is not None and horizontal not in _HORIZONTAL:
            raise InvalidInput("horizontal", "left, center or right", horizontal)
        if vertical is not None and vertical not in _VERTICAL:
            raise InvalidInput("vertical", "top, center or bottom", vertical)
        if number_format is not None and (
            not isinstance(number_format, str) or not number_format or len(number_format) > 255
        ):
            raise InvalidInput("number_format", "an Excel number format code", number_format)
        for name, flag in (("bold", bold), ("wrap", wrap), ("border", border)):
            if flag is not None and not isinstance(flag, bool):
                raise InvalidInput(name, "True, False or None", flag)
        return cls(bold, None if size is None else float(size),
                   None if fill is None else fill.upper(), number_format, wrap, horizontal,
                   vertical, border)

    # ------------------------------------------------------------------ named styles
    @classmethod
    def plain(cls) -> Style:
        """Nothing set: the workbook's default font, no fill, general number format."""
        return cls()

    @classmethod
    def title(cls) -> Style:
        """A sheet's title line: bold, 16 pt, centred, unframed."""
        return cls.of(bold=True, size=16, horizontal="center", vertical="center", border=False)

    @classmethod
    def header(cls) -> Style:
        """A table's header row: bold, centred, wrapped, framed."""
        return cls.of(bold=True, horizontal="center", vertical="center", wrap=True,
                      border=True)

    @classmethod
    def body(cls) -> Style:
        """A table cell: framed, aligned to the top (rows of wrapped text line up)."""
        return cls.of(border=True, vertical="top")

    @classmethod
    def date(cls, number_format: str = 'yyyy"年"m"月"d"日"') -> Style:
        """A date shown the Chinese way, 2026年3月17日."""
        return cls.of(number_format=number_format)

    @classmethod
    def percent(cls, number_format: str = "0.0%") -> Style:
        """A share shown as a percentage, 87.5%."""
        return cls.of(number_format=number_format)

    @classmethod
    def filled(cls, colour: str) -> Style:
        """Only a solid fill (a row's standing colour)."""
        return cls.of(fill=colour)

    def over(self, base: Style | None) -> Style:
        """This style laid over ``base``: every attribute this one leaves ``None`` comes from
        ``base``."""
        if base is None or base == Style():
            return self
        return Style(*(mine if mine is not None else theirs
                       for mine, theirs in zip(attrs.astuple(self), attrs.astuple(base),
                                               strict=True)))

    def wrapped(self) -> Style:
        """This style with text wrapping on."""
        return attrs.evolve(self, wrap=True)


@attrs.frozen
class Cell:
    """A value with a style of its own, laid over its row's and column's."""

    value: CellValue
    style: Style

    @classmethod
    def of(cls, value: CellValue, style: Style) -> Cell:
        if not isinstance(style, Style):
            raise InvalidInput("style", "a Style (Style.of(...), Style.header(), …)", style)
        return cls(value, style)


@attrs.frozen
class Row:
    """A row of cells with an optional style for the whole row (laid over each column's) and
    an optional height in points."""

    values: Sequence[CellValue | Cell]
    style: Style | None = None
    height: float | None = None

    @classmethod
    def of(
        cls,
        values: Sequence[CellValue | Cell],
        style: Style | None = None,
        *,
        height: float | None = None,
    ) -> Row:
        if style is not None and not isinstance(style, Style):
            raise InvalidInput("style", "a Style or None", style)
        if height is not None and (isinstance(height, bool) or not isinstance(height, int | float)
                                   or not 0 < height <= 409):
            raise InvalidInput("height", "a row height in points, above 0 and at most 409",
                               height)
        return cls(values, style, None if height is None else float(height))


#: A worksheet row: a :class:`Row`, or a plain sequence of values (no row style).
RowLike: TypeAlias = Row | Sequence[CellValue | Cell]


@attrs.frozen
class Column:
    """A column's width (in characters of the default font) and its cells' base style."""

    width: float | None = None
    style: Style | None = None

    @classmethod
    def of(cls, width: float | None = None, style: Style | None = None) -> Column:
        if width is not None and (isinstance(width, bool) or not isinstance(width, int | float)
                                  or not 0 < width <= 255):
            raise InvalidInput("width", "a column width above 0 and at most 255", width)
        if style is not None and not isinstance(style, Style):
            raise InvalidInput("style", "a Style or None", style)
        return cls(None if width is None else float(width), style)


@attrs.frozen
class CellRange:
    """A rectangle of cells, 1-based and inclusive: ``CellRange.parse("A3:D9")``."""

    first_row: int
    first_column: int
    last_row: int
    last_column: int

    @classmethod
    def of(cls, first_row: int, first_column: int, last_row: int, last_column: int) -> CellRange:
        rows = [_positive("row", r, MAX_ROWS) for r in (first_row, last_row)]
        cols = [_positive("column", c, MAX_COLUMNS) for c in (first_column, last_column)]
        if rows[0] > rows[1] or cols[0] > cols[1]:
            raise InvalidInput("range", "a first cell above and left of the last",
                               (first_row, first_column, last_row, last_column))
        return cls(rows[0], cols[0], rows[1], cols[1])

    @classmethod
    def parse(cls, text: str) -> CellRange:
        """``"A1:P1"`` or a single cell ``"B2"`` (``$`` signs allowed)."""
        parts = text.split(":") if isinstance(text, str) else []
        matches = [_REF.match(p.strip().upper()) for p in parts]
        if not 1 <= len(parts) <= 2 or not all(matches):
            raise InvalidInput("range", "a cell range such as A1:P1", text)
        first, last = matches[0], matches[-1]
        assert first is not None
        assert last is not None
        return cls.of(int(first[2]), _column_index(first[1]), int(last[2]),
                      _column_index(last[1]))

    @property
    def ref(self) -> str:
        """``A1:P1`` (a single cell as ``B2``)."""
        first = f"{column_letter(self.first_column)}{self.first_row}"
        last = f"{column_letter(self.last_column)}{self.last_row}"
        return first if first == last else f"{first}:{last}"

    @property
    def absolute(self) -> str:
        """``$A$1:$P$1``, as formulas and defined names write it."""
        first = f"${column_letter(self.first_column)}${self.first_row}"
        last = f"${column_letter(self.last_column)}${self.last_row}"
        return f"{first}:{last}"


@attrs.frozen
class PrintSetup:
    """How a sheet prints: orientation, A4 paper (size 9), scaled to fit ``fit_width`` pages
    across and ``fit_height`` down (0: as many as needed), ``repeat_rows`` (first, last)
    printed atop every page, a centred page-number footer and margins in inches."""

    landscape: bool = True
    paper_size: int = 9
    fit_width: int | None = 1
    fit_height: int | None = 0
    repeat_rows: tuple[int, int] | None = None
    center_horizontally: bool = True
    footer: str = "&C第 &P 页，共 &N 页"
    margins: tuple[float, float, float, float, float, float] = (0.4, 0.4, 0.6, 0.6, 0.3, 0.3)

    @classmethod
    def landscape_fit_width(cls, *, repeat_rows: tuple[int, int] | None = None) -> PrintSetup:
        """Landscape A4, every column on one page's width, as many pages down as needed, the
        rows ``repeat_rows`` (e.g. the header row ``(2, 2)``) repeated on each page."""
        if repeat_rows is not None:
            first, last = (_positive("repeat_rows", r, MAX_ROWS) for r in repeat_rows)
            if first > last:
                raise InvalidInput("repeat_rows", "(first, last) with first <= last",
                                   repeat_rows)
            repeat_rows = (first, last)
        return cls(repeat_rows=repeat_rows)

    @classmethod
    def landscape_page(cls) -> PrintSetup:
        """Landscape A4, no scaling asked (a chart sheet fills its page)."""
        return cls(fit_width=None, fit_height=None, center_horizontally=False)


def _text(field: str, value: object, *, limit: int = 255, empty: bool = True) -> str:
    if not isinstance(value, str) or (not empty and not value) or len(value) > limit:
        raise InvalidInput(field, f"text of at most {limit} characters", value)
    if any((ord(c) < 0x20 and c not in "\t\n\r") or "\ud800" <= c <= "\udfff" for c in value):
        raise InvalidInput(field, "text without control characters or lone surrogates", value)
    return value


def _sheet_name(name: object) -> str:
    text = _text("name", name, limit=31, empty=False)
    if set(text) & _SHEET_NAME_FORBIDDEN or text.startswith("'") or text.endswith("'") or (
        text.strip() != text or "\n" in text or "\t" in text
    ):
        raise InvalidInput("name", "a sheet name of 1 to 31 characters without []:*?/\\ and "
                                   "not starting or ending with ' or a space", name)
    return text


@attrs.frozen(eq=False)
class Sheet:
    """A worksheet. ``rows`` is consumed once, as the sheet is written. ``freeze_rows`` rows
    (and ``freeze_columns`` columns) stay in view when scrolling; ``autofilter_row`` is the
    header row of an auto filter that spans every column and reaches the last row written;
    ``merged`` lists merged ranges (a title across the table)."""

    name: str
    rows: Iterable[RowLike]
    columns: tuple[Column, ...] = ()
    freeze_rows: int = 0
    freeze_columns: int = 0
    autofilter_row: int | None = None
    print_setup: PrintSetup | None = None
    merged: tuple[CellRange, ...] = ()

    @classmethod
    def of(
        cls,
        name: str,
        rows: Iterable[RowLike],
        *,
        columns: Sequence[Column] = (),
        freeze_rows: int = 0,
        freeze_columns: int = 0,
        autofilter_row: int | None = None,
        print_setup: PrintSetup | None = None,
        merged: Sequence[CellRange | str] = (),
    ) -> Sheet:
        for field, count in (("freeze_rows", freeze_rows), ("freeze_columns", freeze_columns)):
            if count.__class__ is not int or not 0 <= count < MAX_ROWS:
                raise InvalidInput(field, "a whole number of rows or columns, 0 or more", count)
        if autofilter_row is not None:
            _positive("autofilter_row", autofilter_row, MAX_ROWS)
        if len(columns) > MAX_COLUMNS or not all(isinstance(c, Column) for c in columns):
            raise InvalidInput("columns", f"at most {MAX_COLUMNS:,} Column values", columns)
        if print_setup is not None and not isinstance(print_setup, PrintSetup):
            raise InvalidInput("print_setup", "a PrintSetup or None", print_setup)
        ranges = tuple(r if isinstance(r, CellRange) else CellRange.parse(r) for r in merged)
        for n, one in enumerate(ranges):
            for other in ranges[:n]:
                if (one.first_row <= other.last_row and other.first_row <= one.last_row
                        and one.first_column <= other.last_column
                        and other.first_column <= one.last_column):
                    raise InvalidInput("merged", "ranges that do not overlap",
                                       (other.ref, one.ref))
        return cls(_sheet_name(name), rows, tuple(columns), freeze_rows, freeze_columns,
                   autofilter_row, print_setup, ranges)


@attrs.frozen
class ColumnChart:
    """A clustered column (bar) chart of one series: ``values`` (one column of numbers) by
    ``categories`` (one column of labels), both ranges of the worksheet ``sheet``. The y
    axis runs from ``y_min`` to ``y_max`` in ``y_number_format``; the series is named
    ``series_name`` (no legend is shown for a single series)."""

    title: str
    sheet: str
    categories: CellRange
    values: CellRange
    series_name: str = ""
    y_title: str = ""
    y_min: float | None = None
    y_max: float | None = None
    y_number_format: str = "General"

    @classmethod
    def of(
        cls,
        title: str,
        sheet: str,
        *,
        categories: CellRange | str,
        values: CellRange | str,
        series_name: str = "",
        y_title: str = "",
        y_min: float | None = None,
        y_max: float | None = None,
        y_number_format: str = "General",
    ) -> ColumnChart:
        cats = categories if isinstance(categories, CellRange) else CellRange.parse(categories)
        vals = values if isinstance(values, CellRange) else CellRange.parse(values)
        for field, area in (("categories", cats), ("values", vals)):
            if area.first_column != area.last_column:
                raise InvalidInput(field, "a range within one column", area.ref)
        if cats.last_row - cats.first_row != vals.last_row - vals.first_row:
            raise InvalidInput("values", "as many rows as the categories", vals.ref)
        for field, bound in (("y_min", y_min), ("y_max", y_max)):
            if bound is not None and (isinstance(bound, bool)
                                      or not isinstance(bound, int | float)):
                raise InvalidInput(field, "a number or None", bound)
        return cls(_text("title", title), _sheet_name(sheet), cats, vals,
                   _text("series_name", series_name), _text("y_title", y_title),
                   None if y_min is None else float(y_min),
                   None if y_max is None else float(y_max),
                   _text("y_number_format", y_number_format, empty=False))


@attrs.frozen
class ChartSheet:
    """A sheet holding only a chart, sized by the application to one printed page."""

    name: str
    chart: ColumnChart
    print_setup: PrintSetup

    @classmethod
    def of(cls, name: str, chart: ColumnChart, *,
           print_setup: PrintSetup | None = None) -> ChartSheet:
        if not isinstance(chart, ColumnChart):
            raise InvalidInput("chart", "a ColumnChart (ColumnChart.of(...))", chart)
        return cls(_sheet_name(name), chart, print_setup or PrintSetup.landscape_page())


@attrs.frozen(eq=False)
class Workbook:
    """Sheets in order (the first is shown on opening) and the document's title property."""

    sheets: tuple[Sheet | ChartSheet, ...]
    title: str = ""
    creator: str = "supervision"

    @classmethod
    def of(cls, sheets: Sequence[Sheet | ChartSheet], *, title: str = "",
           creator: str = "supervision") -> Workbook:
        found = tuple(sheets)
        if not found or not all(isinstance(s, Sheet | ChartSheet) for s in found):
            raise InvalidInput("sheets", "one or more Sheet or ChartSheet values", sheets)
        if not any(isinstance(s, Sheet) for s in found):
            raise InvalidInput("sheets", "at least one worksheet (Sheet)", sheets)
        names = [s.name.casefold() for s in found]
        if len(set(names)) != len(names):
            raise InvalidInput("sheets", "sheets with different names", [s.name for s in found])
        worksheets = {s.name for s in found if isinstance(s, Sheet)}
        for sheet in found:
            if isinstance(sheet, ChartSheet) and sheet.chart.sheet not in worksheets:
                raise InvalidInput("chart.sheet", f"one of the worksheets {sorted(worksheets)}",
                                   sheet.chart.sheet)
        return cls(found, _text("title", title, limit=1000), _text("creator", creator))
