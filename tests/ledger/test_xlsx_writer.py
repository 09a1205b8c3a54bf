"""The streaming .xlsx writer against what was asked, read back by openpyxl: every cell's value
and style (fill, bold, number format, wrap), frozen panes, auto filter, widths, merged cells,
print settings, defined names and the package's parts."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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
from supervision.exceptions import InvalidInput, NaiveDatetime

UTC = dt.UTC


def _read(book: Workbook, *, shared_strings: bool = True) -> openpyxl.Workbook:
    stream = io.BytesIO()
    write_workbook(book, stream, shared_strings=shared_strings)
    stream.seek(0)
    return openpyxl.load_workbook(stream)


def _expected_value(value: CellValue, number_format: str | None) -> Any:
    """What openpyxl reads back for a value written (the straightforward translation): a date
    under an explicit number format that is not a date format reads as its serial number."""
    if value == "" or value is None:
        return None
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, dt.date):
        moment = (value.astimezone(SHANGHAI).replace(tzinfo=None)
                  if isinstance(value, dt.datetime)
                  else dt.datetime(value.year, value.month, value.day))
        if number_format is None or "d" in number_format:
            return moment
        serial = (moment - dt.datetime(1899, 12, 30)) / dt.timedelta(days=1)
        return pytest.approx(serial, abs=1e-9)
    return value


def _layered(row: RowLike, column: int, columns: list[Column]) -> tuple[CellValue, Style]:
    """A cell's value and its effective style: cell over row over column."""
    values, row_style = (row.values, row.style) if isinstance(row, Row) else (row, None)
    value = values[column]
    style = columns[column].style if column < len(columns) else None
    style = style or Style()
    if row_style is not None:
        style = row_style.over(style)
    if isinstance(value, Cell):
        return value.value, value.style.over(style)
    return value, style


def _assert_matches(sheet: Any, rows: list[RowLike], columns: list[Column]) -> None:
    for r, row in enumerate(rows, start=1):
        values = row.values if isinstance(row, Row) else row
        for c in range(len(values)):
            value, style = _layered(row, c, columns)
            cell = sheet.cell(r, c + 1)
            where = f"{cell.coordinate}: {value!r}"
            assert _expected_value(value, style.number_format) == cell.value, where
            if isinstance(value, str) and value:
                assert "s" == cell.data_type, where
            assert bool(style.bold) == bool(cell.font.b), where
            fill = cell.fill.fgColor.rgb[-6:] if cell.fill.fill_type == "solid" else None
            assert style.fill == fill, where
            assert bool(style.wrap) == bool(cell.alignment.wrap_text), where
            fmt = style.number_format
            if fmt is None and isinstance(value, dt.datetime):
                fmt = 'yyyy"年"m"月"d"日" hh:mm'
            elif fmt is None and isinstance(value, dt.date):
                fmt = 'yyyy"年"m"月"d"日"'
            assert (fmt or "General") == cell.number_format, where


# =================================================================== a fixed workbook
RED = Style.filled("FFC7CE")
COLUMNS = [
    Column.of(8, Style.body()),
    Column.of(30, Style.body().wrapped()),
    Column.of(14, Style.date().over(Style.body())),
    Column.of(10, Style.percent()),
    Column.of(12),
]
ROWS: list[RowLike] = [
    Row.of([Cell.of("某县督查室 督办事项台账", Style.title())], height=30),
    Row.of(["序号", "督办事项", "截止日期", "按期办结率", "备注"], Style.header()),
    Row.of([1, "推进园区道路改造\n分两期", dt.date(2026, 3, 17), 0.5, Decimal("98.5")], RED),
    [2, "  前后有空格  ", None, None, True],
    [3, "", dt.datetime(2026, 3, 10, 1, 30, tzinfo=UTC), 1, "单位、协办单位"],
    Row.of([4, "A & B < C > D \"引号\"", dt.date(2027, 1, 1), 0.125,
            Cell.of(dt.datetime(2026, 3, 10, 9, 0, 15, tzinfo=SHANGHAI), Style.of(bold=True))]),
]


def _sheet(rows: list[RowLike] = ROWS) -> Sheet:
    return Sheet.of(
        "台账", rows, columns=COLUMNS, freeze_rows=2, autofilter_row=2,
        print_setup=PrintSetup.landscape_fit_width(repeat_rows=(2, 2)), merged=["A1:E1"],
    )


@pytest.fixture(scope="module", params=[True, False], ids=["shared", "inline"])
def fixed(request: pytest.FixtureRequest) -> openpyxl.Workbook:
    chart = ColumnChart.of("各单位按期办结率", "台账", categories="B3:B6", values="D3:D6",
                           series_name="按期办结率", y_min=0, y_max=1, y_number_format="0%")
    book = Workbook.of([_sheet(), ChartSheet.of("图表", chart)], title="测试台账")
    return _read(book, shared_strings=request.param)


def test_every_cell_value_and_style_reads_back_as_written(fixed: openpyxl.Workbook) -> None:
    """Each cell's value, string type, fill, bold, wrap and number format are what was asked,
    with shared strings and with inline strings."""
    _assert_matches(fixed["台账"], ROWS, COLUMNS)


def test_sheet_layout_reads_back_as_asked(fixed: openpyxl.Workbook) -> None:
    """Frozen panes, auto filter, column widths, merged title and row height as asked."""
    sheet = fixed["台账"]
    assert "A3" == sheet.freeze_panes
    assert "A2:E6" == sheet.auto_filter.ref
    assert [8, 30, 14, 10, 12] == [sheet.column_dimensions[c].width for c in "ABCDE"]
    assert ["A1:E1"] == [str(r) for r in sheet.merged_cells.ranges]
    assert 30 == sheet.row_dimensions[1].height


def test_print_settings_read_back_as_asked(fixed: openpyxl.Workbook) -> None:
    """Landscape A4, fit to one page wide and any number down, header row repeated, centred,
    page numbers in the footer."""
    sheet = fixed["台账"]
    setup = sheet.page_setup
    assert ("landscape", 9, 1, 0) == (setup.orientation, setup.paperSize, setup.fitToWidth,
                                        setup.fitToHeight)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert "$2:$2" == sheet.print_title_rows
    assert sheet.print_options.horizontalCentered
    assert "第 &P 页，共 &N 页" == sheet.oddFooter.center.text


def test_chart_sheet_holds_a_clustered_column_chart_of_the_range(
    fixed: openpyxl.Workbook,
) -> None:
    """The chart sheet's chart is a clustered column chart referencing the asked ranges, its
    y axis from 0 to 1 in percent."""
    chart = fixed["图表"]._charts[0]
    series = chart.series[0]
    assert ("col", "clustered") == (chart.type, chart.grouping)
    assert "'台账'!$B$3:$B$6" == series.cat.strRef.f
    assert "'台账'!$D$3:$D$6" == series.val.numRef.f
    assert (0, 1, "0%") == (chart.y_axis.scaling.min, chart.y_axis.scaling.max,
                            chart.y_axis.numFmt.formatCode)
    assert "各单位按期办结率" == chart.title.tx.rich.p[0].r[0].t


def test_document_title_property(fixed: openpyxl.Workbook) -> None:
    """docProps/core.xml carries the workbook's title."""
    assert "测试台账" == fixed.properties.title


def _parts(book: Workbook) -> dict[str, bytes]:
    stream = io.BytesIO()
    write_workbook(book, stream)
    with zipfile.ZipFile(stream) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_package_has_every_part_excel_expects() -> None:
    """Content types, relationships, properties, workbook, styles, strings, the sheet, the
    chart sheet, its drawing and chart are all in the package and declared."""
    chart = ColumnChart.of("图", "台账", categories="B3:B6", values="D3:D6")
    parts = _parts(Workbook.of([_sheet(), ChartSheet.of("图表", chart)]))
    assert {
        "[Content_Types].xml", "_rels/.rels", "docProps/core.xml", "docProps/app.xml",
        "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml",
        "xl/sharedStrings.xml", "xl/worksheets/sheet1.xml", "xl/chartsheets/sheet1.xml",
        "xl/chartsheets/_rels/sheet1.xml.rels", "xl/drawings/drawing1.xml",
        "xl/drawings/_rels/drawing1.xml.rels", "xl/charts/chart1.xml",
    } == set(parts)
    types = parts["[Content_Types].xml"].decode()
    for name in parts:
        if name.startswith("xl/") and not name.endswith(".rels"):
            assert f'PartName="/{name}"' in types, name


def test_workbook_defines_print_titles_and_the_filter_database() -> None:
    """workbook.xml names _xlnm._FilterDatabase and _xlnm.Print_Titles for the sheet."""
    workbook = _parts(Workbook.of([_sheet()]))["xl/workbook.xml"].decode()
    assert ('<definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">'
            "'台账'!$A$2:$E$6</definedName>") in workbook
    assert ('<definedName name="_xlnm.Print_Titles" localSheetId="0">'
            "'台账'!$2:$2</definedName>") in workbook


def test_same_workbook_gives_the_same_bytes() -> None:
    """Members carry a fixed timestamp, so writing twice gives identical files."""
    first, second = io.BytesIO(), io.BytesIO()
    write_workbook(Workbook.of([_sheet(list(ROWS))]), first)
    write_workbook(Workbook.of([_sheet(list(ROWS))]), second)
    assert first.getvalue() == second.getvalue()


def test_rows_may_be_a_generator_consumed_once() -> None:
    """A sheet streams its rows from any iterable: a generator of 2,000 rows reads back."""
    rows = ([n, f"事项{n}"] for n in range(2000))
    sheet = _read(Workbook.of([Sheet.of("大表", rows, autofilter_row=1)])).active
    assert (2000, [1999, "事项1999"]) == (sheet.max_row, [c.value for c in sheet[2000]])
    assert "A1:B2000" == sheet.auto_filter.ref


# =================================================================== property: any cells
_texts = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffe\uffff"),
    max_size=12,
).filter(lambda t: "_x" not in t)
_values = st.one_of(
    st.none(), _texts, st.integers(-(2**53), 2**53),
    st.floats(allow_nan=False, allow_infinity=False, width=64),
    st.decimals(allow_nan=False, allow_infinity=False, places=3, min_value=-10**9,
                max_value=10**9),
    st.dates(dt.date(1900, 3, 1), dt.date(9999, 12, 31)),
    st.datetimes(dt.datetime(1901, 1, 1), dt.datetime(2200, 1, 1), timezones=st.just(UTC))
    .map(lambda d: d.replace(microsecond=0)),
    st.booleans(),
)
_styles = st.one_of(st.none(), st.builds(
    Style.of, bold=st.sampled_from([None, True, False]),
    fill=st.sampled_from([None, "FFC7CE", "C6EFCE"]),
    number_format=st.sampled_from([None, "0.0%", "0.00", "#,##0"]),
    wrap=st.sampled_from([None, True]),
))


@st.composite
def _tables(draw: st.DrawFn) -> tuple[list[RowLike], list[Column]]:
    width = draw(st.integers(1, 5))
    columns = [Column.of(draw(st.floats(1, 60)), draw(_styles)) for _ in range(width)]
    rows: list[RowLike] = []
    for _ in range(draw(st.integers(1, 6))):
        values: list[CellValue | Cell] = draw(st.lists(_values, min_size=1, max_size=width + 1))
        if draw(st.booleans()):
            values[0] = Cell.of(values[0], draw(_styles) or Style.of(bold=True))
        style = draw(_styles)
        rows.append(Row.of(values, style) if style is not None else values)
    return rows, columns


@settings(max_examples=60)
@given(_tables(), st.booleans())
def test_any_table_reads_back_as_written(
    table: tuple[list[RowLike], list[Column]], shared: bool
) -> None:
    """Any mix of text, numbers, dates, datetimes, booleans and blanks with layered styles
    reads back from openpyxl with the values and styles asked."""
    rows, columns = table
    got = _read(Workbook.of([Sheet.of("表", rows, columns=columns)]), shared_strings=shared)
    _assert_matches(got.active, rows, columns)


# ======================================================================= refusals
@pytest.mark.parametrize(
    ("value", "error"),
    [(float("nan"), InvalidInput), (Decimal("Infinity"), InvalidInput),
     (dt.datetime(2026, 3, 1, 9), NaiveDatetime), (object(), InvalidInput),
     ("长" * 32_768, InvalidInput)],
    ids=["nan", "infinite-decimal", "naive-datetime", "object", "too-long-text"],
)
def test_a_value_a_cell_cannot_hold_is_refused_naming_the_cell(value: object,
                                                               error: type[Exception]) -> None:
    """NaN, infinities, naive datetimes, other objects and text past Excel's 32,767
    characters raise InvalidInput naming the sheet and cell."""
    book = Workbook.of([Sheet.of("表", [["a", "b"], ["c", value]])])  # type: ignore[list-item]
    with pytest.raises(error) as raised:
        write_workbook(book, io.BytesIO())
    assert "表!B2" == raised.value.fields["field"]  # type: ignore[attr-defined]


def test_a_failed_write_leaves_the_earlier_file_and_no_partial_one(tmp_path: Path) -> None:
    """A cell refused halfway through leaves the file written before untouched, and nothing
    else in the folder."""
    path = tmp_path / "台账.xlsx"
    write_workbook(Workbook.of([Sheet.of("表", [["旧"]])]), path)
    before = path.read_bytes()
    with pytest.raises(InvalidInput):
        write_workbook(Workbook.of([Sheet.of("表", [["新"], [float("inf")]])]), path)
    assert (before, ["台账.xlsx"]) == (path.read_bytes(), [p.name for p in tmp_path.iterdir()])


def test_days_before_march_1900_are_refused() -> None:
    """Excel's 1900 calendar has a false 29 February 1900, so earlier days are refused."""
    with pytest.raises(InvalidInput):
        write_workbook(Workbook.of([Sheet.of("表", [[dt.date(1900, 2, 28)]])]), io.BytesIO())


@pytest.mark.parametrize("name", ["", "a/b", "x" * 32, "'引号", "表[1]"])
def test_sheet_names_excel_refuses_are_refused(name: str) -> None:
    """Empty, too long, or with []:*?/\\ or a leading quote: InvalidInput."""
    with pytest.raises(InvalidInput):
        Sheet.of(name, [])


def test_overlapping_merged_ranges_are_refused() -> None:
    """Excel repairs a file whose merged ranges overlap, so A1:C1 with B1:B2 is refused."""
    with pytest.raises(InvalidInput):
        Sheet.of("表", [], merged=["A1:C1", "B1:B2"])


def test_two_sheets_may_not_share_a_name_in_any_case() -> None:
    """Excel compares sheet names without case: Data and DATA clash."""
    with pytest.raises(InvalidInput):
        Workbook.of([Sheet.of("Data", []), Sheet.of("DATA", [])])


def test_a_chart_must_reference_a_worksheet_of_the_book() -> None:
    """A chart over a sheet the workbook does not have is refused when the book is built."""
    chart = ColumnChart.of("图", "别的表", categories="A1:A2", values="B1:B2")
    with pytest.raises(InvalidInput):
        Workbook.of([Sheet.of("表", []), ChartSheet.of("图表", chart)])


def test_cell_ranges_parse_and_print_in_a1_notation() -> None:
    """A3:AB10 is rows 3-10, columns 1-28; printed plain and absolute."""
    area = CellRange.parse("A3:AB10")
    assert (3, 1, 10, 28) == (area.first_row, area.first_column, area.last_row,
                              area.last_column)
    assert ("A3:AB10", "$A$3:$AB$10") == (area.ref, area.absolute)
    with pytest.raises(InvalidInput):
        CellRange.parse("B2:A1")
