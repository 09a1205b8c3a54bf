"""Benchmark: the ledger .xlsx export against xlsxwriter and openpyxl (write-only), in one run.

    .venv/bin/python benchmarks/xlsx.py                        # 10,000 and 100,000 rows
    .venv/bin/python benchmarks/xlsx.py --sizes 10000          # quicker
    .venv/bin/python benchmarks/xlsx.py --sizes 1000 --repeat 3

For each size N it builds N synthetic ledger entries (every standing, texts of many lengths) and
times, from the same entries to a file on disk:

  * ``write_xlsx`` (the library's streaming writer, shared strings — the default), and the same
    workbook with inline strings (``shared_strings=False``), to show which is faster;
  * xlsxwriter (default mode, and ``constant_memory``) writing the same cells: the title line
    merged over the table, bold headers, thin borders, the wrapped columns, the due day as a
    date with the Chinese format, rows filled by standing, the same widths, frozen panes, auto
    filter, landscape one-page-wide print setup with the header row repeated, the rates sheet
    and the same column chart on a chart sheet;
  * openpyxl in write-only mode doing the same.

Every writer gets each row's cells once, as ``write_xlsx`` does. Then openpyxl reads the
library's file and xlsxwriter's back and the benchmark checks that every cell value is
identical (floats to 15 significant digits: xlsxwriter rounds them to 16). It prints times
and ratios and exits 1 if a target is missed. Targets (issue 16.1): at least 1/2 of
xlsxwriter's speed (the faster of its two modes); 100,000 rows in under 60 s; linear in rows
(time per row at the largest size at most 1.5 × that at the smallest).
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import random
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import openpyxl
import xlsxwriter

from supervision._xlsx import write_workbook
from supervision.calendar import SHANGHAI
from supervision.domain.lifecycle import Status
from supervision.domain.model import ConfidentialityKind
from supervision.ledger import (
    CHART_SHEET,
    HEADERS,
    RATES_SHEET,
    SHEET,
    LedgerEntry,
    Standing,
    on_time_rates,
    write_xlsx,
)
from supervision.ledger._export import (
    _DATE_FORMAT,
    _WRAPPED,
    CHART_TITLE,
    MAX_WIDTH,
    MIN_WIDTH,
    RATE_HEADERS,
    _ledger_workbook,
    _title_line,
    _width,
    _Widths,
)
from supervision.service_layer.queries import LedgerRow

AS_OF = dt.datetime(2026, 3, 10, 9, 0, tzinfo=SHANGHAI)
OFFICE = "池州经济技术开发区督查室"
UNITS = [f"{name}{n}" for n in range(1, 11)
         for name in ("经济发展局", "街道办事处", "财政局", "住房和城乡建设局", "生态环境分局")]
PHRASES = ["推进园区道路改造", "整治老街环境", "编制产业规划", "企业上市辅导", "报送统计数据",
           "落实安全生产责任", "完成年度目标任务", "督促整改到位", "G318", "二期"]


def synthetic_entries(count: int, seed: int = 20261121) -> list[LedgerEntry]:
    rng = random.Random(seed)
    standings = list(Standing)
    entries = []
    for n in range(1, count + 1):
        standing = rng.choice(standings)
        title = "".join(rng.choice(PHRASES) for _ in range(rng.randint(1, 4)))
        entries.append(LedgerEntry(
            index=n,
            row=LedgerRow(
                matter_id=f"m{n}", number=f"池开督〔2026〕{n}号", title=title,
                source=rng.choice(["领导批示", "会议决定事项", "重要文件", "信访事项"]),
                category=rng.choice(["一般事项", "重要事项"]),
                handling_mode=rng.choice(["督办", "催办", "转办"]), lead_unit=rng.choice(UNITS),
                co_units=tuple(rng.sample(UNITS, rng.randint(0, 2))),
                responsible=(rng.choice(["王局长（p1）", "李主任（p2）", "张科长（p3）"]),),
                requirements="按期办结并报送结果" * rng.randint(1, 4),
                deadline=rng.choice(["15日", "3个工作日", "1个月", "2026年9月30日前"]),
                due_day=None if standing is Standing.NOT_DISPATCHED
                else dt.date(2026, 3, 1) + dt.timedelta(days=rng.randint(0, 200)),
                status=Status.ACCEPTED if standing is Standing.DONE else Status.DISPATCHED,
                acknowledged=True, unacknowledged_units=(),
                overdue=standing is Standing.OVERDUE, closed=False, confidential=False,
            ),
            standing=standing,
            on_time=None if standing not in (Standing.DONE, Standing.OVERDUE)
            else standing is Standing.DONE and rng.random() < 0.8,
            confidentiality=ConfidentialityKind.NONE,
        ))
    return entries


def _cells(entries: list[LedgerEntry]) -> tuple[list[list[Any]], list[float]]:
    """Each row's values computed once (as write_xlsx does) and the fitted widths."""
    due = HEADERS.index("截止日期")
    widths = _Widths(HEADERS)
    rows = []
    for entry in entries:
        cells = entry.cells()
        widths.add(cells)
        values: list[Any] = list(cells)
        values[0] = entry.index
        values[due] = entry.row.due_day
        rows.append(values)
    return rows, [min(max(w + 2, MIN_WIDTH), MAX_WIDTH) for w in widths.widest]


# ------------------------------------------------------------------------ the references
def with_xlsxwriter(entries: list[LedgerEntry], path: Path, constant_memory: bool) -> None:
    rows, widths = _cells(entries)
    line = _title_line(SHEET, OFFICE, AS_OF)
    book = xlsxwriter.Workbook(str(path), {"constant_memory": constant_memory})
    book.set_properties({"title": line})
    base = {"font_name": "宋体", "font_size": 11}
    title = book.add_format({**base, "bold": True, "font_size": 16, "align": "center",
                             "valign": "vcenter"})
    header = book.add_format({**base, "bold": True, "align": "center", "valign": "vcenter",
                              "text_wrap": True, "border": 1})
    formats: dict[tuple[str, int], Any] = {}
    kinds = ["center" if h == "序号" else "date" if h == "截止日期" else
             "wrap" if h in _WRAPPED else "body" for h in HEADERS]
    for colour in {e.standing.colour for e in entries}:
        for kind in set(kinds):
            spec: dict[str, Any] = {**base, "border": 1, "valign": "top"}
            if kind == "center":
                spec["align"] = "center"
            elif kind == "date":
                spec["num_format"] = _DATE_FORMAT
            elif kind == "wrap":
                spec["text_wrap"] = True
            if colour:
                spec.update(pattern=1, bg_color=f"#{colour}")
            formats[colour, kinds.index(kind)] = book.add_format(spec)
    column_kind = [kinds.index(k) for k in kinds]
    sheet = book.add_worksheet(SHEET)
    last_col = len(HEADERS) - 1
    for col, width in enumerate(widths):
        sheet.set_column(col, col, width)
    sheet.set_row(0, 30)
    sheet.merge_range(0, 0, 0, last_col, line, title)
    sheet.write_row(1, 0, HEADERS, header)
    for r, (entry, values) in enumerate(zip(entries, rows, strict=True), start=2):
        colour = entry.standing.colour
        for c, value in enumerate(values):
            fmt = formats[colour, column_kind[c]]
            if value is None or value == "":
                sheet.write_blank(r, c, None, fmt)
            elif isinstance(value, dt.date):
                sheet.write_datetime(r, c, value, fmt)
            elif isinstance(value, str):
                sheet.write_string(r, c, value, fmt)
            else:
                sheet.write_number(r, c, value, fmt)
    sheet.freeze_panes(2, 0)
    sheet.autofilter(1, 0, len(rows) + 1, last_col)
    _print_setup(sheet)
    rates = on_time_rates(entries)
    rate_sheet = book.add_worksheet(RATES_SHEET)
    body = book.add_format({**base, "border": 1, "valign": "top"})
    percent = book.add_format({**base, "border": 1, "valign": "top", "num_format": "0.0%"})
    rate_sheet.set_row(0, 30)
    rate_sheet.merge_range(0, 0, 0, 3, _title_line(CHART_TITLE, OFFICE, AS_OF), title)
    rate_sheet.write_row(1, 0, RATE_HEADERS, header)
    for col, width in enumerate([max(MIN_WIDTH, *(_width(r.unit) for r in rates)) + 2, 20, 12,
                                 12]):
        rate_sheet.set_column(col, col, width)
    for r, rate in enumerate(rates, start=2):
        rate_sheet.write_string(r, 0, rate.unit, body)
        rate_sheet.write_number(r, 1, rate.decided, body)
        rate_sheet.write_number(r, 2, rate.on_time, body)
        if rate.rate is None:
            rate_sheet.write_blank(r, 3, None, percent)
        else:
            rate_sheet.write_number(r, 3, rate.rate, percent)
    rate_sheet.freeze_panes(2, 0)
    _print_setup(rate_sheet)
    chart = book.add_chart({"type": "column"})
    chart.add_series({"name": "按期办结率", "categories": [RATES_SHEET, 2, 0, len(rates) + 1, 0],
                      "values": [RATES_SHEET, 2, 3, len(rates) + 1, 3],
                      "data_labels": {"value": True, "num_format": "0%"}})
    chart.set_title({"name": CHART_TITLE})
    chart.set_y_axis({"name": "按期办结率", "min": 0, "max": 1, "num_format": "0%"})
    chart.set_legend({"none": True})
    chart_sheet = book.add_chartsheet(CHART_SHEET)
    chart_sheet.set_chart(chart)
    chart_sheet.set_landscape()
    chart_sheet.set_paper(9)
    book.close()


def _print_setup(sheet: Any) -> None:
    sheet.set_landscape()
    sheet.set_paper(9)
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(1)
    sheet.center_horizontally()
    sheet.set_footer("&C第 &P 页，共 &N 页")
    sheet.set_margins(0.4, 0.4, 0.6, 0.6)


def with_openpyxl(entries: list[LedgerEntry], path: Path) -> None:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.chart import BarChart, Reference
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    rows, widths = _cells(entries)
    line = _title_line(SHEET, OFFICE, AS_OF)
    book = openpyxl.Workbook(write_only=True)
    book.properties.title = line
    sheet = book.create_sheet(SHEET)
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    font = Font(name="宋体", size=11)
    fills = {c: PatternFill("solid", start_color=c, end_color=c) if c else PatternFill()
             for c in {e.standing.colour for e in entries}}
    aligns = [Alignment(horizontal="center", vertical="top") if h == "序号" else
              Alignment(wrap_text=True, vertical="top") if h in _WRAPPED else
              Alignment(vertical="top") for h in HEADERS]
    due = HEADERS.index("截止日期")
    for col, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(col)].width = width
    sheet.freeze_panes = "A3"
    last = get_column_letter(len(HEADERS))
    sheet.auto_filter.ref = f"A2:{last}{len(rows) + 2}"
    sheet.merged_cells.ranges.add(f"A1:{last}1")  # type: ignore[attr-defined]
    sheet.print_title_rows = "2:2"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    title_cell = WriteOnlyCell(sheet, line)
    title_cell.font = Font(name="宋体", size=16, bold=True)
    sheet.append([title_cell])
    head = []
    for h in HEADERS:
        cell = WriteOnlyCell(sheet, h)
        cell.font, cell.border = Font(name="宋体", bold=True), border
        head.append(cell)
    sheet.append(head)
    for entry, values in zip(entries, rows, strict=True):
        fill = fills[entry.standing.colour]
        out = []
        for c, value in enumerate(values):
            cell = WriteOnlyCell(sheet, None if value == "" else value)
            cell.font, cell.border, cell.fill, cell.alignment = font, border, fill, aligns[c]
            if c == due:
                cell.number_format = _DATE_FORMAT
            out.append(cell)
        sheet.append(out)
    rates = on_time_rates(entries)
    rate_sheet = book.create_sheet(RATES_SHEET)
    rate_sheet.append([line])
    rate_sheet.append(list(RATE_HEADERS))
    for rate in rates:
        cell = WriteOnlyCell(rate_sheet, rate.rate)
        cell.number_format = "0.0%"
        rate_sheet.append([rate.unit, rate.decided, rate.on_time, cell])
    chart = BarChart()
    chart.type, chart.grouping, chart.title, chart.legend = "col", "clustered", CHART_TITLE, None
    chart.y_axis.scaling.min, chart.y_axis.scaling.max = 0, 1
    chart.y_axis.number_format = "0%"
    chart.add_data(Reference(rate_sheet, min_col=4, min_row=3, max_row=len(rates) + 2))
    chart.set_categories(Reference(rate_sheet, min_col=1, min_row=3, max_row=len(rates) + 2))
    book.create_chartsheet(CHART_SHEET).add_chart(chart)
    book.save(str(path))


# ------------------------------------------------------------------------ timing and checks
def best_of(repeat: int, func: Callable[[], None]) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        func()
        times.append(time.perf_counter() - t0)
    return min(times)


def _trimmed(row: Sequence[Any]) -> list[Any]:
    values = list(row)
    while values and values[-1] is None:  # a merged title row may list its blank cells
        values.pop()
    return values


def values_of(path: Path) -> list[list[list[Any]]]:
    """Every cell value of the ledger and rates sheets, as openpyxl reads them."""
    book = openpyxl.load_workbook(path, read_only=True)
    try:
        return [[_trimmed(row) for row in book[name].iter_rows(values_only=True)]
                for name in (SHEET, RATES_SHEET)]
    finally:
        book.close()


def same_values(ours: list[list[list[Any]]], theirs: list[list[list[Any]]]) -> bool:
    """Equal cell by cell; floats to 15 significant digits (xlsxwriter writes %.16g, we write
    the shortest text that reads back as the very same double)."""
    for mine, other in zip(ours, theirs, strict=True):
        if len(mine) != len(other):
            return False
        for row_a, row_b in zip(mine, other, strict=True):
            if len(row_a) != len(row_b):
                return False
            for a, b in zip(row_a, row_b, strict=True):
                if isinstance(a, float) and isinstance(b, float):
                    if not math.isclose(a, b, rel_tol=1e-15):
                        return False
                elif a != b:
                    return False
    return True


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--repeat", type=int, default=1, help="best of this many runs")
    parser.add_argument("--no-openpyxl", action="store_true", help="skip the openpyxl timing")
    args = parser.parse_args(argv)
    failed: list[str] = []
    per_row: dict[int, float] = {}
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        for n in args.sizes:
            entries = synthetic_entries(n)
            ours = out / f"ours-{n}.xlsx"
            times = {
                "write_xlsx (shared strings)": best_of(args.repeat, lambda e=entries, p=ours:
                    write_xlsx(e, p, office=OFFICE, as_of=AS_OF)),
                "same, inline strings": best_of(args.repeat, lambda e=entries, p=out / "inl.xlsx":
                    write_workbook(_ledger_workbook(e, "", OFFICE, AS_OF), p,
                                   shared_strings=False)),
                "xlsxwriter": best_of(args.repeat, lambda e=entries, p=out / "xw.xlsx":
                    with_xlsxwriter(e, p, constant_memory=False)),
                "xlsxwriter constant_memory": best_of(args.repeat, lambda e=entries,
                    p=out / "xwc.xlsx": with_xlsxwriter(e, p, constant_memory=True)),
            }
            if not args.no_openpyxl:
                times["openpyxl write-only"] = best_of(args.repeat, lambda e=entries,
                    p=out / "op.xlsx": with_openpyxl(e, p))
            ours_t = times["write_xlsx (shared strings)"]
            reference = min(times["xlsxwriter"], times["xlsxwriter constant_memory"])
            print(f"\nN = {n:,} ledger rows (16 columns, styles, rates sheet, chart sheet)")
            for name, seconds in times.items():
                print(f"  {name:<30} {seconds:8.2f} s  {n / seconds:>10,.0f} rows/s  "
                      f"speed vs ours {ours_t / seconds:5.2f}")
            ratio = reference / ours_t
            print(f"  ours / fastest xlsxwriter speed: {ratio:.2f}  (target >= 0.50)")
            sizes = {p.name: p.stat().st_size for p in out.glob("*.xlsx")}
            print("  file sizes: " + ", ".join(f"{k} {v / 1e6:.1f} MB" for k, v in
                                                 sorted(sizes.items())))
            if ratio < 0.5:
                failed.append(f"N={n}: {ratio:.2f} of xlsxwriter's speed")
            if n >= 100_000 and ours_t >= 60:
                failed.append(f"N={n}: {ours_t:.1f} s, not under 60 s")
            per_row[n] = ours_t / n
            t0 = time.perf_counter()
            same = same_values(values_of(ours), values_of(out / "xw.xlsx"))
            print(f"  openpyxl reads identical values from ours and xlsxwriter's: {same} "
                  f"({time.perf_counter() - t0:.1f} s to read both)")
            if not same:
                failed.append(f"N={n}: values differ from xlsxwriter's file")
    if len(per_row) > 1:
        small, large = min(per_row), max(per_row)
        growth = per_row[large] / per_row[small]
        print(f"\ntime per row at {large:,} / at {small:,}: {growth:.2f} (target <= 1.5)")
        if growth > 1.5:
            failed.append(f"not linear: per-row time grew {growth:.2f}x")
    if failed:
        print("\nTARGETS MISSED: " + "; ".join(failed))
        return 1
    print("\nall targets met")
    return 0


if __name__ == "__main__":
    sys.exit(main())
