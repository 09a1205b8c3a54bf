"""Writing a :class:`~supervision._xlsx._model.Workbook` as an .xlsx package, streaming.

Each worksheet's XML is generated row by row and deflated into its zip member as it goes
(chunks of a few hundred rows), so time is linear in the cells and memory holds one chunk and
the shared-string table. Style indices are resolved once per (row style, column) pair, text
is escaped once per distinct string, and nothing already written is looked at again.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import os
import zipfile
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import IO

from supervision._logs import logger
from supervision._xlsx import _parts
from supervision._xlsx._model import (
    MAX_COLUMNS,
    MAX_ROWS,
    Cell,
    CellRange,
    CellValue,
    ChartSheet,
    Row,
    Sheet,
    Style,
    Workbook,
    column_letter,
)
from supervision._xlsx._styles import StyleBook
from supervision._xlsx._xml import MAX_CELL_TEXT, date_serial, datetime_serial, number, text
from supervision.exceptions import InvalidInput

__all__ = ["write_workbook"]

_log = logger("supervision.xlsx")

#: Rows of XML gathered before one write into the zip member.
_CHUNK = 512
#: A fixed timestamp for every member, so the same workbook gives the same bytes.
_STAMP = (1980, 1, 1, 0, 0, 0)
_SPACE = " \t\n"
_Write = Callable[[str], None]


class _Tap:
    """Collects the values of one column range while its sheet is written (chart caches)."""

    def __init__(self, area: CellRange) -> None:
        self.area = area
        self.values: list[CellValue] = [None] * (area.last_row - area.first_row + 1)


class _Strings:
    """The shared-string table: each distinct text once, in first-use order."""

    def __init__(self) -> None:
        self.index: dict[str, int] = {}

    def xml(self) -> Iterable[str]:
        yield f'{_parts.HEAD}<sst xmlns="{_parts.MAIN}" uniqueCount="{len(self.index)}">'
        chunk: list[str] = []
        for value in self.index:
            body = text(value)
            if value[0] in _SPACE or value[-1] in _SPACE:
                chunk.append(f'<si><t xml:space="preserve">{body}</t></si>')
            else:
                chunk.append(f"<si><t>{body}</t></si>")
            if len(chunk) >= 4096:
                yield "".join(chunk)
                chunk.clear()
        chunk.append("</sst>")
        yield "".join(chunk)


class _Writer:
    def __init__(self, archive: zipfile.ZipFile, shared_strings: bool, level: int) -> None:
        self.archive = archive
        self.level = level
        self.styles = StyleBook()
        self.strings = _Strings() if shared_strings else None
        self.letters = [column_letter(i) for i in range(1, 65)]

    def member(self, name: str) -> tuple[_Write, Callable[[], None]]:
        info = zipfile.ZipInfo(name, date_time=_STAMP)
        info.compress_type = zipfile.ZIP_DEFLATED
        # The deflate level travels on the ZipInfo (`_compresslevel`; from Python 3.13 an alias
        # of `compress_level`); ZipFile.open leaves it unset for a ZipInfo it is given.
        info._compresslevel = self.level  # type: ignore[attr-defined]
        stream = self.archive.open(info, "w")

        def write(part: str) -> None:
            stream.write(part.encode("utf-8"))

        return write, stream.close

    def put(self, name: str, content: str | Iterable[str]) -> None:
        write, close = self.member(name)
        try:
            if isinstance(content, str):
                write(content)
            else:
                for part in content:
                    write(part)
        finally:
            close()

    # ---------------------------------------------------------------- worksheets
    def worksheet(self, sheet: Sheet, entry: _parts.SheetEntry, selected: bool,
                  taps: list[_Tap]) -> None:
        write, close = self.member(f"xl/{entry.part}")
        try:
            write(self._head(sheet, selected))
            last_row, last_column = self._rows(sheet, write, taps)
            write("</sheetData>")
            if sheet.autofilter_row is not None:
                area = CellRange.of(sheet.autofilter_row, 1, max(last_row, sheet.autofilter_row),
                                    max(last_column, 1))
                write(f'<autoFilter ref="{area.ref}"/>')
                entry.filter_ref = area.absolute
            if sheet.merged:
                cells = "".join(f'<mergeCell ref="{r.ref}"/>' for r in sheet.merged)
                write(f'<mergeCells count="{len(sheet.merged)}">{cells}</mergeCells>')
            write(_parts.page_xml(sheet.print_setup))
            write("</worksheet>")
        finally:
            close()
        setup = sheet.print_setup
        if setup is not None and setup.repeat_rows is not None:
            entry.print_titles = f"${setup.repeat_rows[0]}:${setup.repeat_rows[1]}"
        _log.debug("sheet %s: %d rows, %d columns", sheet.name, last_row, last_column)

    def _head(self, sheet: Sheet, selected: bool) -> str:
        setup = sheet.print_setup
        fit = setup is not None and (setup.fit_width is not None or setup.fit_height is not None)
        out = [f'{_parts.HEAD}<worksheet xmlns="{_parts.MAIN}" xmlns:r="{_parts.REL}">']
        if fit:
            out.append('<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>')
        tab = ' tabSelected="1"' if selected else ""
        rows, cols = sheet.freeze_rows, sheet.freeze_columns
        if rows or cols:
            corner = f"{column_letter(cols + 1)}{rows + 1}"
            pane = "bottomRight" if rows and cols else ("bottomLeft" if rows else "topRight")
            split = (f' xSplit="{cols}"' if cols else "") + (f' ySplit="{rows}"' if rows else "")
            out.append(f'<sheetViews><sheetView{tab} workbookViewId="0"><pane{split} '
                       f'topLeftCell="{corner}" activePane="{pane}" state="frozen"/>'
                       f'<selection pane="{pane}" activeCell="{corner}" sqref="{corner}"/>'
                       "</sheetView></sheetViews>")
        else:
            out.append(f'<sheetViews><sheetView{tab} workbookViewId="0"/></sheetViews>')
        out.append('<sheetFormatPr defaultRowHeight="15"/>')
        widths = [
            f'<col min="{n}" max="{n}" width="{c.width:g}" customWidth="1"/>'
            for n, c in enumerate(sheet.columns, start=1) if c.width is not None
        ]
        if widths:
            out.append(f"<cols>{''.join(widths)}</cols>")
        out.append("<sheetData>")
        return "".join(out)

    def _row_styles(self, sheet: Sheet, style: Style | None) -> tuple[list[int], int]:
        """Format index per column for rows of ``style``, and for cells past the columns."""
        book = self.styles
        indices = [book.index(style.over(c.style) if style is not None else c.style)
                   for c in sheet.columns]
        return indices, book.index(style)

    def _rows(self, sheet: Sheet, write: _Write, taps: list[_Tap]) -> tuple[int, int]:
        strings = self.strings
        shared = strings.index if strings is not None else None
        letters = self.letters
        # Per row style: each column's s="…" attribute and format index, those for cells past
        # the columns, and each column's date format attribute (filled on first use).
        cache: dict[Style | None, tuple[list[str], str, list[int], int, list[str | None]]] = {}
        chunk: list[str] = []
        number_of_rows = 0
        widest = 0
        name = sheet.name
        for number_of_rows, row in enumerate(sheet.rows, start=1):
            if number_of_rows > MAX_ROWS:
                raise InvalidInput(f"{name}.rows", f"at most {MAX_ROWS:,} rows", number_of_rows)
            if isinstance(row, Row):
                values, style, height = row.values, row.style, row.height
            else:
                values, style, height = row, None, None
            found = cache.get(style)
            if found is None:
                indices, extra = self._row_styles(sheet, style)
                found = cache[style] = ([f' s="{i}"' if i else "" for i in indices],
                                        f' s="{extra}"' if extra else "", indices, extra,
                                        [None] * len(indices))
            attrs, extra_attr, indices, extra_index, dates = found
            r = str(number_of_rows)
            count = len(values)
            if count > len(attrs):  # cells past the columns: the row's own style
                if count > MAX_COLUMNS:
                    raise InvalidInput(f"{name}!{r}", f"at most {MAX_COLUMNS:,} cells in a row",
                                       count)
                while len(letters) < count:
                    letters.append(column_letter(len(letters) + 1))
                dates.extend([None] * (count - len(attrs)))
                indices.extend([extra_index] * (count - len(attrs)))
                attrs.extend([extra_attr] * (count - len(attrs)))
            if count > widest:
                widest = count
            parts = [f'<row r="{r}" ht="{height:g}" customHeight="1">' if height
                     else f'<row r="{r}">']
            append = parts.append
            for i, value in enumerate(values):
                if type(value) is str:
                    if not value:
                        if attrs[i]:
                            append(f'<c r="{letters[i]}{r}"{attrs[i]}/>')
                        continue
                    if len(value) > MAX_CELL_TEXT:
                        raise InvalidInput(f"{name}!{letters[i]}{r}",
                                           f"text of at most {MAX_CELL_TEXT:,} characters",
                                           value)
                    if shared is not None:
                        at = shared.get(value)
                        if at is None:
                            at = shared[value] = len(shared)
                        append(f'<c r="{letters[i]}{r}"{attrs[i]} t="s"><v>{at}</v></c>')
                    elif value[0] in _SPACE or value[-1] in _SPACE:
                        append(f'<c r="{letters[i]}{r}"{attrs[i]} t="inlineStr"><is>'
                               f'<t xml:space="preserve">{text(value)}</t></is></c>')
                    else:
                        append(f'<c r="{letters[i]}{r}"{attrs[i]} t="inlineStr"><is><t>'
                               f"{text(value)}</t></is></c>")
                elif type(value) is int:
                    append(f'<c r="{letters[i]}{r}"{attrs[i]}><v>{value}</v></c>')
                elif value is None:
                    if attrs[i]:
                        append(f'<c r="{letters[i]}{r}"{attrs[i]}/>')
                elif type(value) is _dt.date:
                    day = dates[i]
                    if day is None:
                        day = dates[i] = f' s="{self.styles.for_date(indices[i], False)}"'
                    serial = date_serial(value, f"{name}!{letters[i]}{r}")
                    append(f'<c r="{letters[i]}{r}"{day}><v>{serial}</v></c>')
                else:
                    append(self._other(value, indices[i], i, r, sheet, style))
            chunk.append("".join(parts))
            chunk.append("</row>")
            if taps:
                for tap in taps:
                    area = tap.area
                    if area.first_row <= number_of_rows <= area.last_row:
                        col = area.first_column - 1
                        cell = values[col] if col < count else None
                        tap.values[number_of_rows - area.first_row] = (
                            cell.value if isinstance(cell, Cell) else cell
                        )
            if len(chunk) >= _CHUNK:
                write("".join(chunk))
                chunk.clear()
        if chunk:
            write("".join(chunk))
        return number_of_rows, widest

    def _other(self, value: CellValue | Cell, index: int, column: int, r: str, sheet: Sheet,
               row_style: Style | None) -> str:
        """A cell that is not plain text, a whole number or empty."""
        ref = f"{self.letters[column]}{r}"
        field = f"{sheet.name}!{ref}"
        if isinstance(value, Cell):
            base = sheet.columns[column].style if column < len(sheet.columns) else None
            merged = row_style.over(base) if row_style is not None else base
            if isinstance(value.value, Cell):
                raise InvalidInput(field, "a cell value, not a Cell inside a Cell", value)
            return self._value(value.value, self.styles.index(value.style.over(merged)), ref,
                               field)
        return self._value(value, index, ref, field)

    def _value(self, value: object, index: int, ref: str, field: str) -> str:
        s = f' s="{index}"' if index else ""
        if value is None:
            return f'<c r="{ref}"{s}/>' if s else ""
        if isinstance(value, bool):
            return f'<c r="{ref}"{s} t="b"><v>{int(value)}</v></c>'
        if isinstance(value, str):
            if not value:
                return f'<c r="{ref}"{s}/>' if s else ""
            if len(value) > MAX_CELL_TEXT:
                raise InvalidInput(field, f"text of at most {MAX_CELL_TEXT:,} characters", value)
            plain = str.__add__(value, "")
            if self.strings is not None:
                at = self.strings.index.setdefault(plain, len(self.strings.index))
                return f'<c r="{ref}"{s} t="s"><v>{at}</v></c>'
            space = ' xml:space="preserve"' if plain[0] in _SPACE or plain[-1] in _SPACE else ""
            return f'<c r="{ref}"{s} t="inlineStr"><is><t{space}>{text(plain)}</t></is></c>'
        if isinstance(value, int):
            return f'<c r="{ref}"{s}><v>{int(value)}</v></c>'
        if isinstance(value, float | Decimal):
            return f'<c r="{ref}"{s}><v>{number(value, field)}</v></c>'
        if isinstance(value, _dt.datetime):
            serial = datetime_serial(value, field)
            at = self.styles.for_date(index, with_time=True)
            return f'<c r="{ref}" s="{at}"><v>{serial}</v></c>'
        if isinstance(value, _dt.date):
            at = self.styles.for_date(index, with_time=False)
            return f'<c r="{ref}" s="{at}"><v>{date_serial(value, field)}</v></c>'
        raise InvalidInput(field, "text, a number, a date, an aware datetime, True/False or None",
                           value)

    # ---------------------------------------------------------------- charts
    def chartsheet(self, sheet: ChartSheet, entry: _parts.SheetEntry, number: int,
                   taps: dict[str, list[_Tap]], entries: dict[str, _parts.SheetEntry]) -> None:
        chart = sheet.chart
        found = taps[chart.sheet]
        categories = next(t for t in found if t.area == chart.categories).values
        values = next(t for t in found if t.area == chart.values).values
        self.put(f"xl/{entry.part}", _parts.chartsheet_xml(sheet.print_setup))
        self.put(f"xl/chartsheets/_rels/{entry.part.rsplit('/', 1)[1]}.rels",
                 _parts.rels_xml([("drawing", f"../drawings/drawing{number}.xml")]))
        self.put(f"xl/drawings/drawing{number}.xml", _parts.drawing_xml())
        self.put(f"xl/drawings/_rels/drawing{number}.xml.rels",
                 _parts.rels_xml([("chart", f"../charts/chart{number}.xml")]))
        self.put(f"xl/charts/chart{number}.xml",
                 _parts.chart_xml(chart, categories, values, entries[chart.sheet].quoted))


def write_workbook(
    book: Workbook,
    target: str | os.PathLike[str] | IO[bytes],
    *,
    shared_strings: bool = True,
    compresslevel: int = 6,
) -> None:
    """Write ``book`` to a path or a writable binary stream.

    ``shared_strings`` writes text through the shared-string table (the default: faster and
    smaller for ledgers, whose units and labels repeat); otherwise each cell carries its text
    inline. Every text value is a string cell either way, never a formula. A path is written
    through a temporary file beside it, moved into place once complete.
    """
    if not isinstance(book, Workbook):
        raise InvalidInput("book", "a Workbook (Workbook.of(...))", book)
    if not (isinstance(target, str | os.PathLike) or hasattr(target, "write")):
        raise InvalidInput("target", "a path or a writable binary stream", target)
    if compresslevel.__class__ is not int or not 0 <= compresslevel <= 9:
        raise InvalidInput("compresslevel", "a deflate level from 0 to 9", compresslevel)
    entries: list[_parts.SheetEntry] = []
    worksheets = charts = 0
    for sheet in book.sheets:
        if isinstance(sheet, ChartSheet):
            charts += 1
            entries.append(_parts.SheetEntry(sheet.name, f"chartsheets/sheet{charts}.xml", True))
        else:
            worksheets += 1
            entries.append(_parts.SheetEntry(sheet.name, f"worksheets/sheet{worksheets}.xml",
                                             False))
    by_name = {e.name: e for e in entries}
    taps: dict[str, list[_Tap]] = {}
    for sheet in book.sheets:
        if isinstance(sheet, ChartSheet):
            found = taps.setdefault(sheet.chart.sheet, [])
            found.extend(_Tap(area) for area in (sheet.chart.categories, sheet.chart.values))
    if isinstance(target, str | os.PathLike):
        # Written beside the target and moved over it once complete: a failure leaves any
        # earlier file as it was and no half-written one.
        final = os.fspath(target)
        folder, name = os.path.split(final)
        partial = os.path.join(folder, f".{name}.{os.getpid()}.part")
        try:
            with open(partial, "wb") as stream:
                _write(book, stream, entries, taps, by_name, charts, shared_strings,
                       compresslevel)
            os.replace(partial, final)
        except BaseException:
            with contextlib.suppress(OSError):
                os.remove(partial)
            raise
    else:
        _write(book, target, entries, taps, by_name, charts, shared_strings, compresslevel)


def _write(book: Workbook, target: IO[bytes], entries: list[_parts.SheetEntry],
           taps: dict[str, list[_Tap]], by_name: dict[str, _parts.SheetEntry], charts: int,
           shared_strings: bool, compresslevel: int) -> None:
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED,
                         compresslevel=compresslevel) as archive:
        writer = _Writer(archive, shared_strings, compresslevel)
        writer.put("[Content_Types].xml",
                   _parts.content_types_xml(entries, charts, shared_strings))
        writer.put("_rels/.rels", _parts.root_rels_xml())
        writer.put("docProps/core.xml", _parts.core_xml(book.title, book.creator))
        writer.put("docProps/app.xml", _parts.app_xml(entries))
        pairs = list(zip(book.sheets, entries, strict=True))
        for index, (sheet, entry) in enumerate(pairs):  # the charts' data first
            if isinstance(sheet, Sheet):
                writer.worksheet(sheet, entry, index == 0, taps.get(sheet.name, []))
        chart_number = 0
        for sheet, entry in pairs:
            if isinstance(sheet, ChartSheet):
                chart_number += 1
                writer.chartsheet(sheet, entry, chart_number, taps, by_name)
        writer.put("xl/workbook.xml", _parts.workbook_xml(entries))
        writer.put("xl/_rels/workbook.xml.rels",
                   _parts.workbook_rels_xml(entries, shared_strings))
        writer.put("xl/styles.xml", writer.styles.xml())
        if writer.strings is not None:
            writer.put("xl/sharedStrings.xml", writer.strings.xml())
