"""Writing the ledger (台账) as CSV and as .xlsx (both core: the .xlsx writer is the library's
own streaming writer, ``supervision._xlsx``; openpyxl is needed only to import).

CSV is UTF-8 with a byte-order mark, so Excel opens the Chinese text correctly, and a cell that
a spreadsheet would take for a formula is neutralised (OWASP CSV injection guidance). The .xlsx
is print-ready: a title line with the office and the as-of instant, Chinese headers repeated on
every printed page, frozen and filtered, widths fitted to the text, rows filled by standing
(逾期 red, 临期 yellow, 正常推进 green), landscape and one page wide; a second sheet holds each
lead unit's on-time rate and a chart sheet its column chart, one landscape page.
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
import math
import os
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import IO, Any

from supervision._xlsx import (
    Cell,
    CellRange,
    CellValue,
    ChartSheet,
    Column,
    ColumnChart,
    PrintSetup,
    Row,
    RowLike,
    Sheet,
    Style,
    Workbook,
    write_workbook,
)
from supervision.calendar import SHANGHAI
from supervision.clock import require_aware
from supervision.exceptions import InvalidInput, MissingExtra
from supervision.ledger._entries import HEADERS, LedgerEntry, on_time_rates
from supervision.text import cn_datetime

__all__ = ["CHART_SHEET", "RATES_SHEET", "SHEET", "read_csv", "write_csv", "write_xlsx"]

#: The ledger sheet's name, the on-time-rate sheet's name and the chart sheet's name.
SHEET = "督办事项台账"
RATES_SHEET = "按期办结率"
CHART_SHEET = "按期办结率图"
RATE_HEADERS: tuple[str, ...] = ("主办单位", "已到期或办结事项数", "按期办结数", "按期办结率")
CHART_TITLE = "各主办单位按期办结率"

_BOM = "\ufeff"


def _entries(entries: Iterable[LedgerEntry]) -> list[LedgerEntry]:
    found = list(entries)
    for entry in found:
        if not isinstance(entry, LedgerEntry):
            raise InvalidInput("entries", "LedgerEntry values (from ledger_entries)", entry)
    return found


# ============================================================================= CSV
#: OWASP: a field starting with one of these is read as a formula by spreadsheets.
_FORMULA_START = re.compile("^'*[=+\\-@\t\r]")
_NEUTRALISED = re.compile("^'+[=+\\-@\t\r]")


def _csv_field(value: str) -> str:
    """One CSV field: a value a spreadsheet would take for a formula gets a leading single
    quote and is quoted; any value with a comma, quote or line break is quoted (RFC 4180)."""
    if _FORMULA_START.match(value):
        return '"\'' + value.replace('"', '""') + '"'
    if any(c in value for c in ',"\r\n'):
        return '"' + value.replace('"', '""') + '"'
    return value


def _csv_value(field: str) -> str:
    """Undo :func:`_csv_field`'s neutralising (the quotes are undone by the CSV reader)."""
    return field[1:] if _NEUTRALISED.match(field) else field


def write_csv(entries: Iterable[LedgerEntry], target: str | os.PathLike[str] | IO[str]) -> None:
    """Write the ledger as CSV: a UTF-8 byte-order mark, the :data:`HEADERS` row, one row per
    entry (:meth:`LedgerEntry.cells`). ``target`` is a path or a text stream (opened with
    ``newline=""``).

    Formula injection (OWASP): a cell beginning with ``=``, ``+``, ``-``, ``@``, a tab or a
    carriage return — after any single quotes — is written with one more single quote in
    front and in double quotes, so a spreadsheet shows it as text; :func:`read_csv` removes
    exactly that quote again."""
    rows = [HEADERS, *(e.cells() for e in _entries(entries))]
    if isinstance(target, str | os.PathLike):
        with open(target, "w", encoding="utf-8", newline="") as stream:
            _write_rows(stream, rows)
    else:
        _write_rows(target, rows)


def _write_rows(stream: IO[str], rows: list[tuple[str, ...]]) -> None:
    stream.write(_BOM)
    stream.writelines(",".join(_csv_field(v) for v in row) + "\r\n" for row in rows)


def read_csv(source: str | os.PathLike[str] | IO[str]) -> list[dict[str, str]]:
    """Read a ledger CSV back (byte-order mark optional): one dict per row, by header, with
    :func:`write_csv`'s formula neutralising undone (a hostile title reads back unchanged)."""
    if isinstance(source, str | os.PathLike):
        with open(source, encoding="utf-8-sig", newline="") as stream:
            text = stream.read()
    else:
        text = source.read()
        text = text.removeprefix(_BOM)
    reader = csv.reader(io.StringIO(text, newline=""))
    header = [_csv_value(h) for h in next(reader, [])]
    return [dict(zip(header, (_csv_value(v) for v in row), strict=False)) for row in reader]


# ============================================================================ xlsx
def _openpyxl() -> Any:
    """openpyxl, for reading .xlsx (the ``office`` extra)."""
    try:
        import openpyxl
    except ImportError as error:
        raise MissingExtra("office", "openpyxl", "read .xlsx ledgers") from error
    return openpyxl


def _width(text: str) -> int:
    """Display width: East Asian wide characters count two."""
    if text.isascii():
        return len(text)
    kinds = Counter(map(unicodedata.east_asian_width, text))
    return len(text) + kinds["W"] + kinds["F"]


#: Column widths, in characters: the widest text plus 2, kept within these bounds.
MIN_WIDTH, MAX_WIDTH = 8, 50
_WRAPPED = frozenset({"督办事项", "办理要求"})
_DATE_FORMAT = 'yyyy"年"m"月"d"日"'


class _Widths:
    """The widest text of each column, measured only while it could still widen it."""

    def __init__(self, headers: Sequence[str]) -> None:
        self.widest = [_width(h) for h in headers]

    def add(self, texts: Sequence[str]) -> None:
        widest = self.widest
        for i, text in enumerate(texts):
            best = widest[i]
            # Skip texts that cannot be wider: a character is at most two columns wide, and
            # only one of three or four UTF-8 bytes can be, so the width is at most
            # len + (UTF-8 bytes - len) // 2.
            length = len(text)
            if best >= MAX_WIDTH - 2 or 2 * length <= best or (
                length + (len(text.encode()) - length) // 2 <= best
            ):
                continue
            measured = _width(text)
            if measured > best:
                widest[i] = measured

    def columns(self, styles: Sequence[Style]) -> list[Column]:
        return [Column.of(min(max(w + 2, MIN_WIDTH), MAX_WIDTH), style)
                for w, style in zip(self.widest, styles, strict=True)]


def _title_line(title: str, office: str, as_of: _dt.datetime | None) -> str:
    line = f"{office} {title}" if office else title
    if as_of is not None:
        line += f"（截至{cn_datetime(as_of.astimezone(SHANGHAI))}）"
    return line


def _table(
    name: str,
    line: str,
    headers: Sequence[str],
    rows: Iterable[RowLike],
    columns: Sequence[Column],
    *,
    autofilter: bool = True,
) -> Sheet:
    """A print-ready table: the title line merged across the columns (row 1), the header
    row (row 2: bold, frozen, filtered, repeated on every printed page), then ``rows``;
    landscape A4, one page wide."""
    # The title is 16 pt over an 11 pt table: wrap it when it is wider than the columns.
    across = sum(c.width or 8.43 for c in columns)
    lines = max(1, math.ceil(_width(line) * 16 / 11 / across))
    head: list[RowLike] = [
        Row.of([Cell.of(line, Style.title().wrapped())], height=min(24 * lines + 6, 409)),
        Row.of(list(headers), Style.header()),
    ]

    def all_rows() -> Iterable[RowLike]:
        yield from head
        yield from rows

    return Sheet.of(
        name, all_rows(), columns=columns, freeze_rows=2,
        autofilter_row=2 if autofilter else None,
        print_setup=PrintSetup.landscape_fit_width(repeat_rows=(2, 2)),
        merged=[CellRange.of(1, 1, 1, len(headers))],
    )


def _checked_text(field: str, value: object) -> str:
    if not isinstance(value, str) or len(value) > 200:
        raise InvalidInput(field, "text of at most 200 characters", value)
    return value


def write_xlsx(
    entries: Iterable[LedgerEntry],
    target: str | os.PathLike[str] | IO[bytes],
    *,
    title: str = "",
    office: str = "",
    as_of: _dt.datetime | None = None,
) -> None:
    """Write the ledger as an .xlsx workbook to a path or a binary stream (core: no extra).

    Sheet 督办事项台账: row 1 the title line — ``office``, ``title`` (default 督办事项台账) and
    ``as_of`` (an aware instant, shown as 截至2026年3月10日9时) — merged across the table; row 2
    the :data:`HEADERS` (bold, frozen, with an auto filter, printed atop every page); one row
    per entry filled by standing, widths fitted to the text (8 to 50 characters; the title
    and requirements columns wrap); the due day is a real date cell. Sheet 按期办结率: each
    lead unit's decided matters, those on time and the rate; chart sheet 按期办结率图 its
    column chart. Every sheet prints landscape, one page wide. ``title`` (or the title line)
    goes into the workbook's properties. Text is never written as a formula.
    """
    write_workbook(_ledger_workbook(_entries(entries), title, office, as_of), target)


def _ledger_workbook(
    rows: list[LedgerEntry], title: str, office: str, as_of: _dt.datetime | None
) -> Workbook:
    title = _checked_text("title", title)
    office = _checked_text("office", office)
    if as_of is not None:
        require_aware(as_of, "as_of")
    line = _title_line(title or SHEET, office, as_of)
    ledger = _ledger_sheet(rows, line)
    rates = _rates_sheet(rows, _title_line(CHART_TITLE, office, as_of))
    last = max(len({e.row.lead_unit for e in rows}), 1) + 2
    chart = ColumnChart.of(
        CHART_TITLE, RATES_SHEET,
        categories=CellRange.of(3, 1, last, 1), values=CellRange.of(3, 4, last, 4),
        series_name="按期办结率", y_title="按期办结率", y_min=0, y_max=1, y_number_format="0%",
    )
    return Workbook.of([ledger, rates, ChartSheet.of(CHART_SHEET, chart)], title=title or line)


def _ledger_sheet(entries: list[LedgerEntry], line: str) -> Sheet:
    due = HEADERS.index("截止日期")
    widths = _Widths(HEADERS)
    fills = {e.standing: Style.filled(e.standing.colour) if e.standing.colour else None
             for e in entries}
    rows: list[RowLike] = []
    for entry in entries:
        cells = entry.cells()  # once per row: the widths and the values come from it
        widths.add(cells)
        values: list[CellValue] = list(cells)
        values[0] = entry.index
        values[due] = entry.row.due_day
        rows.append(Row(values, fills[entry.standing]))
    body = Style.body()
    styles = [
        body.wrapped() if h in _WRAPPED
        else Style.of(number_format=_DATE_FORMAT).over(body) if h == "截止日期"
        else Style.of(horizontal="center").over(body) if h == "序号"
        else body
        for h in HEADERS
    ]
    return _table(SHEET, line, HEADERS, rows, widths.columns(styles))


def _rates_sheet(entries: list[LedgerEntry], line: str) -> Sheet:
    rates = on_time_rates(entries)
    unit_width = max([MIN_WIDTH, *(_width(r.unit) for r in rates)]) + 2
    body = Style.body()
    columns = [Column.of(min(unit_width, MAX_WIDTH), body), Column.of(20, body),
               Column.of(12, body), Column.of(12, Style.percent().over(body))]
    rows = [[r.unit, r.decided, r.on_time, r.rate] for r in rates]
    return _table(RATES_SHEET, line, RATE_HEADERS, rows, columns, autofilter=False)
