"""Writing the ledger (台账) as CSV and as .xlsx (both core: the .xlsx writer is the library's
own streaming writer, ``supervision._xlsx``; openpyxl is needed only to import).

CSV is UTF-8 with a byte-order mark, so Excel opens the Chinese text correctly, and a cell that
a spreadsheet would take for a formula is neutralised (OWASP CSV injection guidance). The .xlsx
is print-ready: a title line with the office and the as-of instant, Chinese headers repeated on
every printed page, frozen and filtered, widths fitted to the text, rows filled by standing
(逾期 red, 临期 yellow, 正常推进 green), landscape and one page wide; a second sheet holds each
lead unit's on-time rate and a chart sheet its column chart, one landscape page.

Given a :class:`~supervision.ledger.Ledger` (:func:`~supervision.ledger.read_ledger`) rather
than bare entries, the rates are the office's figures for the ledger's period (the one set
of statistics, docs/statistics.md), a sheet 统计指标 holds every figure per unit and for the
office, and every title line names the office, the period, the as-of instant and the policy.
:func:`ledger_text` and :func:`ledger_json` write the same ledger as text and as JSON.
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
from supervision.ledger._entries import HEADERS, Ledger, LedgerEntry, on_time_rates
from supervision.ledger._figures import (
    FIGURE_HEADERS,
    figure_texts,
    figure_values,
    figures_json,
)
from supervision.service_layer.reporting import OfficeStatistics
from supervision.text import cn_date, cn_datetime

__all__ = [
    "CHART_SHEET",
    "RATES_SHEET",
    "SHEET",
    "STATISTICS_SHEET",
    "ledger_json",
    "ledger_text",
    "read_csv",
    "statistics_json",
    "write_csv",
    "write_statistics_csv",
    "write_xlsx",
]

#: The ledger sheet's name, the on-time-rate sheet's, the chart sheet's and the figures'.
SHEET = "督办事项台账"
RATES_SHEET = "按期办结率"
CHART_SHEET = "按期办结率图"
STATISTICS_SHEET = "统计指标"
RATE_HEADERS: tuple[str, ...] = ("主办单位", "已到期或办结事项数", "按期办结数", "按期办结率")
CHART_TITLE = "各主办单位按期办结率"

_BOM = "\ufeff"


def _entries(entries: Ledger | Iterable[LedgerEntry]) -> list[LedgerEntry]:
    found = list(entries.entries if isinstance(entries, Ledger) else entries)
    for entry in found:
        if not isinstance(entry, LedgerEntry):
            raise InvalidInput("entries", "LedgerEntry values (from ledger_entries)", entry)
    return found


# ============================================================================= CSV
#: OWASP: a field starting with one of these is read as a formula by spreadsheets.
_FORMULA_START = re.compile("^'*[=+\\-@\t\r]")
_NEUTRALISED = re.compile("^'+[=+\\-@\t\r]")


#: A plain number (``-1``, ``+2``, ``66.7%``): a spreadsheet reads it as a number, never as a
#: formula, so it is written as it is.
_NUMBER = re.compile(r"[+-]?[0-9]+(?:\.[0-9]+)?%?")


def _csv_field(value: str) -> str:
    """One CSV field: a value a spreadsheet would take for a formula gets a leading single
    quote and is quoted (a plain number such as ``-1`` is no formula and stays as it is);
    any value with a comma, quote or line break is quoted (RFC 4180)."""
    if _FORMULA_START.match(value) and not _NUMBER.fullmatch(value):
        return '"\'' + value.replace('"', '""') + '"'
    if any(c in value for c in ',"\r\n'):
        return '"' + value.replace('"', '""') + '"'
    return value


def _csv_value(field: str) -> str:
    """Undo :func:`_csv_field`'s neutralising (the quotes are undone by the CSV reader)."""
    return field[1:] if _NEUTRALISED.match(field) else field


def write_csv(
    entries: Ledger | Iterable[LedgerEntry], target: str | os.PathLike[str] | IO[str]
) -> None:
    """Write the ledger as CSV: a UTF-8 byte-order mark, the :data:`HEADERS` row, one row per
    entry (:meth:`LedgerEntry.cells`). ``target`` is a path or a text stream (opened with
    ``newline=""``). ``entries`` is a :class:`~supervision.ledger.Ledger` — then a title line
    naming the office, the as-of instant and the policy comes first, as in the .xlsx — or
    bare entries.

    Formula injection (OWASP): a cell beginning with ``=``, ``+``, ``-``, ``@``, a tab or a
    carriage return — after any single quotes — is written with one more single quote in
    front and in double quotes, so a spreadsheet shows it as text; :func:`read_csv` removes
    exactly that quote again."""
    rows: list[Sequence[str]] = [HEADERS, *(e.cells() for e in _entries(entries))]
    if isinstance(entries, Ledger):
        stats = entries.statistics
        rows.insert(0, [_title_line(SHEET, stats.office_name, stats.as_of,
                                    policy=stats.policy_title)])
    if isinstance(target, str | os.PathLike):
        with open(target, "w", encoding="utf-8", newline="") as stream:
            _write_rows(stream, rows)
    else:
        _write_rows(target, rows)


def _write_rows(stream: IO[str], rows: Sequence[Sequence[str]]) -> None:
    stream.write(_BOM)
    stream.writelines(",".join(_csv_field(v) for v in row) + "\r\n" for row in rows)


def _statistics_rows(statistics: OfficeStatistics) -> list[list[str]]:
    rows = [[u.unit_name, *figure_texts(u.figures)] for u in statistics.units]
    rows.append([_TOTAL, *figure_texts(statistics.total)])
    return rows


def write_statistics_csv(
    statistics: OfficeStatistics | Ledger, target: str | os.PathLike[str] | IO[str]
) -> None:
    """Write the office's figures as CSV (UTF-8 with a byte-order mark, like the ledger):
    the :data:`~supervision.ledger.FIGURE_HEADERS` row, one row per unit and the office's
    total (合计), then the lines naming the period, the instant, the policy and the basis."""
    stats = statistics.statistics if isinstance(statistics, Ledger) else statistics
    if not isinstance(stats, OfficeStatistics):
        raise InvalidInput("statistics", "OfficeStatistics (office_statistics(...)) or a Ledger",
                           statistics)
    rows: list[list[str]] = [list(FIGURE_HEADERS), *_statistics_rows(stats), []]
    rows.extend([name, value] for name, value in _about(stats))
    if isinstance(target, str | os.PathLike):
        with open(target, "w", encoding="utf-8", newline="") as stream:
            _write_rows(stream, rows)
    else:
        _write_rows(target, rows)


_TOTAL = "合计（本机构）"


def _about(stats: OfficeStatistics) -> list[tuple[str, str]]:
    """What every figures output states: office, policy, period, instant, basis, reader."""
    return [
        ("督查机构", stats.office_name),
        ("适用制度", f"《{stats.policy_title}》"),
        ("统计期间", stats.period_label),
        ("数据截至", cn_datetime(stats.as_of.astimezone(SHANGHAI)) + "（北京时间）"),
        ("统计口径", stats.basis),
        ("阅读人", stats.reader),
    ]

def read_csv(source: str | os.PathLike[str] | IO[str]) -> list[dict[str, str]]:
    """Read a ledger CSV back (byte-order mark optional): one dict per row, by header, with
    :func:`write_csv`'s formula neutralising undone (a hostile title reads back unchanged).
    A title line above the header row (as :func:`write_csv` writes for a Ledger) is
    skipped."""
    if isinstance(source, str | os.PathLike):
        with open(source, encoding="utf-8-sig", newline="") as stream:
            text = stream.read()
    else:
        text = source.read()
        text = text.removeprefix(_BOM)
    lines = list(csv.reader(io.StringIO(text, newline="")))
    if len(lines) > 1 and len(lines[0]) == 1 and len(lines[1]) > 1:
        lines = lines[1:]  # the title line
    header = [_csv_value(h) for h in (lines[0] if lines else [])]
    return [dict(zip(header, (_csv_value(v) for v in row), strict=False)) for row in lines[1:]]


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
_WRAPPED = frozenset({"督办事项", "办理要求", "亮灯记录"})
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


def _title_line(
    title: str, office: str, as_of: _dt.datetime | None, *, period: str = "",
    policy: str = "",
) -> str:
    line = f"{office} {title}" if office else title
    parts = [period] if period else []
    if as_of is not None:
        parts.append(f"截至{cn_datetime(as_of.astimezone(SHANGHAI))}")
    if policy:
        parts.append(f"适用《{policy}》")
    if parts:
        line += f"（{'；'.join(parts)}）"
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
    entries: Ledger | Iterable[LedgerEntry],
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
    per entry filled by its light, widths fitted to the text (8 to 50 characters; the title,
    requirements and light-history columns wrap); the due day is a real date cell. Sheet
    按期办结率: each lead unit's rate's denominator, those on time and the rate; chart sheet
    按期办结率图 its column chart. Every sheet prints landscape, one page wide. ``title`` (or
    the title line) goes into the workbook's properties. Text is never written as a formula.

    ``entries`` is a :class:`~supervision.ledger.Ledger` (then ``office`` and ``as_of``
    default to its own, every title line also names its period and policy, the rates are the
    office's figures and sheet 统计指标 holds them all) or bare entries (the rates are then
    counted over these rows).
    """
    statistics = entries.statistics if isinstance(entries, Ledger) else None
    rows = _entries(entries)
    if statistics is not None:
        office = office or statistics.office_name
        as_of = as_of or statistics.as_of
    write_workbook(_ledger_workbook(rows, title, office, as_of, statistics=statistics), target)


def _ledger_workbook(
    rows: list[LedgerEntry], title: str, office: str, as_of: _dt.datetime | None,
    *, statistics: OfficeStatistics | None = None,
) -> Workbook:
    title = _checked_text("title", title)
    office = _checked_text("office", office)
    if as_of is not None:
        require_aware(as_of, "as_of")
    period = policy = ""
    if statistics is not None:
        period, policy = statistics.period_label, statistics.policy_title
    line = _title_line(title or SHEET, office, as_of, policy=policy)
    ledger = _ledger_sheet(rows, line)
    rate_line = _title_line(CHART_TITLE, office, as_of, period=period, policy=policy)
    if statistics is None:
        rates = [(r.unit, r.decided, r.on_time, r.rate) for r in on_time_rates(rows)]
    else:
        rates = [(u.unit_name, u.figures.rate_denominator, u.figures.completed_on_time,
                  u.figures.on_time_rate.fraction) for u in statistics.units]
    sheets: list[Sheet | ChartSheet] = [ledger, _rates_sheet(rates, rate_line)]
    if statistics is not None:
        sheets.append(_statistics_sheet(statistics, _title_line(
            "督查督办统计指标", office, as_of, period=period, policy=policy)))
    last = max(len(rates), 1) + 2
    chart = ColumnChart.of(
        CHART_TITLE, RATES_SHEET,
        categories=CellRange.of(3, 1, last, 1), values=CellRange.of(3, 4, last, 4),
        series_name="按期办结率", y_title="按期办结率", y_min=0, y_max=1, y_number_format="0%",
    )
    sheets.append(ChartSheet.of(CHART_SHEET, chart))
    return Workbook.of(sheets, title=title or line)


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


def _rates_sheet(rates: list[tuple[str, int, int, float | None]], line: str) -> Sheet:
    unit_width = max([MIN_WIDTH, *(_width(r[0]) for r in rates)]) + 2
    body = Style.body()
    columns = [Column.of(min(unit_width, MAX_WIDTH), body), Column.of(20, body),
               Column.of(12, body), Column.of(12, Style.percent().over(body))]
    rows = [list(r) for r in rates]
    return _table(RATES_SHEET, line, RATE_HEADERS, rows, columns, autofilter=False)


def _statistics_sheet(statistics: OfficeStatistics, line: str) -> Sheet:
    """Every figure per unit, the office's total, then what the figures are: the period,
    the instant, the policy and the basis."""
    rows: list[list[CellValue]] = [
        [u.unit_name, *figure_values(u.figures)] for u in statistics.units
    ]
    rows.append([_TOTAL, *figure_values(statistics.total)])
    widths = _Widths(FIGURE_HEADERS)
    for unit in [*statistics.units]:
        widths.add([unit.unit_name, *figure_texts(unit.figures)])
    widths.add([_TOTAL])
    body = Style.body()
    rate = FIGURE_HEADERS.index("按期办结率")
    styles = [Style.percent().over(body) if i == rate else body
              for i in range(len(FIGURE_HEADERS))]
    about: list[RowLike] = [Row.of([])]
    about.extend(Row.of([name, value]) for name, value in _about(statistics))
    return _table(STATISTICS_SHEET, line, FIGURE_HEADERS, [*rows, *about],
                  widths.columns(styles), autofilter=False)


def statistics_json(statistics: OfficeStatistics | Ledger) -> dict[str, Any]:
    """The office's figures as a JSON-ready dict: the office, policy, period, instant
    (ISO 8601) and basis, then ``units`` (each with ``unit_id``, ``unit`` and the figures)
    and ``total``."""
    stats = statistics.statistics if isinstance(statistics, Ledger) else statistics
    if not isinstance(stats, OfficeStatistics):
        raise InvalidInput("statistics", "OfficeStatistics (office_statistics(...)) or a Ledger",
                           statistics)
    return {
        "office_id": stats.office_id,
        "office": stats.office_name,
        "policy": stats.policy_name,
        "policy_title": stats.policy_title,
        "period": None if stats.period is None else stats.period.key,
        "period_label": stats.period_label,
        "as_of": stats.as_of.isoformat(),
        "basis": stats.basis,
        "reader": stats.reader,
        "units": [
            {"unit_id": u.unit_id, "unit": u.unit_name, **figures_json(u.figures)}
            for u in stats.units
        ],
        "total": figures_json(stats.total),
    }


def ledger_json(ledger: Ledger) -> dict[str, Any]:
    """The ledger as a JSON-ready dict: :func:`statistics_json` plus ``matters``, one per
    row with its number, title, lead unit, due day, status, standing, light (``red``,
    ``yellow``, ``green``, ``none``), the reason and the light's history."""
    if not isinstance(ledger, Ledger):
        raise InvalidInput("ledger", "a Ledger (read_ledger(...))", ledger)
    document = statistics_json(ledger)
    document["matters"] = [
        {
            "index": e.index,
            "number": e.row.number,
            "title": e.row.title,
            "lead_unit": e.row.lead_unit,
            "due_day": None if e.row.due_day is None else e.row.due_day.isoformat(),
            "status": e.row.status.label,
            "standing": e.standing.label,
            "outcome": None if e.outcome is None else e.outcome.label,
            "light": e.light.value,
            "reason": e.reason,
            "history": [
                {"at": c.at.isoformat(), "light": c.light.value, "standing": c.standing.label,
                 "reason": c.reason}
                for c in e.history
            ],
        }
        for e in ledger.entries
    ]
    return document


def ledger_text(ledger: Ledger) -> str:
    """The ledger as plain text: a heading naming the office, period, instant, policy and
    basis; one line per row (number, title, lead unit, due day, status, light and reason);
    then the figures table, one line per unit and the office's total."""
    if not isinstance(ledger, Ledger):
        raise InvalidInput("ledger", "a Ledger (read_ledger(...))", ledger)
    stats = ledger.statistics
    lines = [f"{stats.office_name} 督办事项台账（截至{cn_datetime(stats.as_of)}）"]
    lines.extend(f"{name}：{value}" for name, value in _about(stats))
    lines.append("")
    for e in ledger.entries:
        due = "" if e.row.due_day is None else cn_date(e.row.due_day)
        lines.append(f"{e.index}. {e.row.number} {e.row.title} | {e.row.lead_unit} | 截止{due} | "
                     f"{e.row.status.label} | {e.light_text}")
    lines.append("")
    lines.append(" | ".join(FIGURE_HEADERS))
    for row in _statistics_rows(stats):
        lines.append(" | ".join(row))
    return "\n".join(lines) + "\n"
