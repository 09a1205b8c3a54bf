"""Writing the ledger (台账) as CSV (core) and as .xlsx (the ``office`` extra: openpyxl).

CSV is UTF-8 with a byte-order mark, so Excel opens the Chinese text correctly; the .xlsx has
Chinese headers, a frozen header row, an auto filter, widths fitted to the text, rows filled by
standing (逾期 red, 临期 yellow, 正常推进 green) and a second sheet with each lead unit's
on-time rate and its bar chart.
"""

from __future__ import annotations

import csv
import io
import os
import unicodedata
from collections.abc import Iterable
from typing import IO, Any

from supervision.exceptions import InvalidInput, MissingExtra
from supervision.ledger._entries import HEADERS, LedgerEntry, on_time_rates

__all__ = ["RATES_SHEET", "SHEET", "read_csv", "write_csv", "write_xlsx"]

#: The ledger sheet's name and the on-time-rate sheet's name.
SHEET = "督办事项台账"
RATES_SHEET = "按期办结率"

_BOM = "\ufeff"


def _entries(entries: Iterable[LedgerEntry]) -> list[LedgerEntry]:
    found = list(entries)
    for entry in found:
        if not isinstance(entry, LedgerEntry):
            raise InvalidInput("entries", "LedgerEntry values (from ledger_entries)", entry)
    return found


def write_csv(entries: Iterable[LedgerEntry], target: str | os.PathLike[str] | IO[str]) -> None:
    """Write the ledger as CSV: a UTF-8 byte-order mark, the :data:`HEADERS` row, one row per
    entry (:meth:`LedgerEntry.cells`). ``target`` is a path or a text stream (opened with
    ``newline=""``)."""
    rows = [HEADERS, *(e.cells() for e in _entries(entries))]
    if isinstance(target, str | os.PathLike):
        with open(target, "w", encoding="utf-8", newline="") as stream:
            _write_rows(stream, rows)
    else:
        _write_rows(target, rows)


def _write_rows(stream: IO[str], rows: list[tuple[str, ...]]) -> None:
    stream.write(_BOM)
    csv.writer(stream).writerows(rows)


def read_csv(source: str | os.PathLike[str] | IO[str]) -> list[dict[str, str]]:
    """Read a ledger CSV back (byte-order mark optional): one dict per row, by header."""
    if isinstance(source, str | os.PathLike):
        with open(source, encoding="utf-8-sig", newline="") as stream:
            text = stream.read()
    else:
        text = source.read()
        text = text.removeprefix(_BOM)
    return list(csv.DictReader(io.StringIO(text, newline="")))


# ============================================================================ xlsx
def _openpyxl() -> Any:
    try:
        import openpyxl
    except ImportError as error:
        raise MissingExtra("office", "openpyxl", "read and write .xlsx ledgers") from error
    return openpyxl


def _width(text: str) -> int:
    """Display width: East Asian wide characters count two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


_WRAPPED = frozenset({"督办事项", "办理要求"})


def write_xlsx(
    entries: Iterable[LedgerEntry],
    target: str | os.PathLike[str] | IO[bytes],
    *,
    title: str = "",
) -> None:
    """Write the ledger as an .xlsx workbook to a path or a binary stream.

    Sheet 督办事项台账: the :data:`HEADERS` row (bold, frozen, with an auto filter), one row
    per entry filled by standing, widths fitted to the text (8 to 50 characters; the title
    and requirements columns wrap); the due day is a real date cell. Sheet 按期办结率: each lead
    unit's decided matters, those on time and the rate, with a bar chart. ``title`` goes into
    the workbook's properties. Needs the ``office`` extra.
    """
    rows = _entries(entries)
    openpyxl = _openpyxl()
    from openpyxl.chart import BarChart, Reference
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    book = openpyxl.Workbook()
    if title:
        book.properties.title = title
    sheet = book.active
    sheet.title = SHEET
    sheet.append(list(HEADERS))
    bold = Font(bold=True)
    for cell in sheet[1]:
        cell.font = bold
        cell.alignment = Alignment(horizontal="center", vertical="center")
    due_col = HEADERS.index("截止日期") + 1
    for entry in rows:
        values: list[object] = list(entry.cells())
        values[0] = entry.index
        if entry.row.due_day is not None:
            values[due_col - 1] = entry.row.due_day
        sheet.append(values)
        line = sheet.max_row
        sheet.cell(line, due_col).number_format = 'yyyy"年"m"月"d"日"'
        colour = entry.standing.colour
        if colour:
            fill = PatternFill(fill_type="solid", start_color=colour, end_color=colour)
            for col in range(1, len(HEADERS) + 1):
                sheet.cell(line, col).fill = fill
    for col, header in enumerate(HEADERS, start=1):
        texts = [header, *(e.cells()[col - 1] for e in rows)]
        width = max(_width(t) for t in texts) + 2
        sheet.column_dimensions[get_column_letter(col)].width = min(max(width, 8), 50)
        if header in _WRAPPED:
            for line in range(2, sheet.max_row + 1):
                sheet.cell(line, col).alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(HEADERS))}{max(sheet.max_row, 1)}"

    rates = book.create_sheet(RATES_SHEET)
    rates.append(["主办单位", "已到期或办结事项数", "按期办结数", "按期办结率"])
    for cell in rates[1]:
        cell.font = bold
    unit_rates = on_time_rates(rows)
    for rate in unit_rates:
        rates.append([rate.unit, rate.decided, rate.on_time, rate.rate])
        rates.cell(rates.max_row, 4).number_format = "0.0%"
    unit_width = max([8, *(_width(r.unit) for r in unit_rates)]) + 2
    for letter, width in zip("ABCD", (unit_width, 20, 12, 12), strict=True):
        rates.column_dimensions[letter].width = width
    rates.freeze_panes = "A2"
    chart = BarChart()
    chart.type = "col"
    chart.title = "各主办单位按期办结率"
    chart.y_axis.title = "按期办结率"
    chart.y_axis.number_format = "0%"
    chart.y_axis.scaling.min = 0
    chart.y_axis.scaling.max = 1
    chart.legend = None
    last = max(rates.max_row, 2)
    chart.add_data(Reference(rates, min_col=4, min_row=1, max_row=last), titles_from_data=True)
    chart.set_categories(Reference(rates, min_col=1, min_row=2, max_row=last))
    chart.width, chart.height = 18, 9
    rates.add_chart(chart, "F2")
    book.save(target)
