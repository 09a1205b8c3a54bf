"""Spreadsheets that print (15.4): every sheet of the ledger and of 考核结果 landscape, one page
wide, the header row repeated, a title row naming the office and the as-of instant; the
chart sheet one landscape page; every CSV with a byte-order mark."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from builders import CLERK, T0, UNITS, World

from supervision.calendar import SHANGHAI
from supervision.documents import Assessment, AssessmentRow
from supervision.domain import RegistrationNumber
from supervision.domain.scorecard import ScorePeriod
from supervision.ledger import (
    read_csv,
    read_ledger,
    write_assessment_xlsx,
    write_csv,
    write_scorecard_xlsx,
    write_statistics_csv,
    write_xlsx,
)
from supervision.service_layer import reporting

AS_OF = dt.datetime(2026, 3, 10, 9, 0, tzinfo=SHANGHAI)


@pytest.fixture(scope="module")
def world() -> World:
    world = World()
    world.dispatched(title="推进园区道路改造")
    world.closed(title="已办结事项")
    return world


def _setups(data: bytes) -> list[tuple[object, ...]]:
    book = openpyxl.load_workbook(io.BytesIO(data))
    return [(s.title, s.page_setup.orientation, s.page_setup.fitToWidth,
             s.page_setup.fitToHeight, s.print_title_rows, "测试区督查室" in str(s["A1"].value),
             "截至2026年3月10日9时" in str(s["A1"].value))
            for s in book.worksheets]


def test_every_ledger_sheet_prints_with_its_title_and_repeated_header(world: World) -> None:
    """督办事项台账, 按期办结率 and 统计指标: landscape, one page wide, row 2 repeated, office and
    instant in row 1."""
    stream = io.BytesIO()
    write_xlsx(read_ledger(world.uow(), world.ctx, CLERK, as_of=AS_OF), stream)
    assert [(name, "landscape", 1, 0, "$2:$2", True, True)
            for name in ("督办事项台账", "按期办结率", "统计指标")] == _setups(stream.getvalue())


def test_the_chart_sheet_is_one_landscape_page(world: World) -> None:
    """按期办结率图 is a chart sheet printed landscape, fitted to one page."""
    stream = io.BytesIO()
    write_xlsx(read_ledger(world.uow(), world.ctx, CLERK, as_of=AS_OF), stream)
    with zipfile.ZipFile(stream) as archive:
        chart_sheet = archive.read("xl/chartsheets/sheet1.xml").decode()
    assert 'orientation="landscape"' in chart_sheet


def test_both_assessment_workbooks_print_with_office_and_instant(
    world: World, tmp_path: Path
) -> None:
    """考核结果 from the figures and from a published result's rows: both sheets landscape, one
    page wide, header repeated, office and instant in the title row."""
    report = reporting.score_report(world.uow(), world.ctx, CLERK, ScorePeriod.of_year(2026),
                                    as_of=AS_OF)
    figures, rows = io.BytesIO(), io.BytesIO()
    write_scorecard_xlsx(report, figures)
    assessment = Assessment.of("2026年度", dt.date(2027, 1, 10),
                               RegistrationNumber.of("池开督考", 2027, 1),
                               [AssessmentRow.of("unit-a", 1, 1, Decimal(100))])
    write_assessment_xlsx(CLERK, assessment, UNITS, rows, office="测试区督查室", as_of=AS_OF)
    expected = [(name, "landscape", 1, 0, "$2:$2", True, True) for name in ("考核结果", "扣分明细")]
    assert [expected, expected] == [_setups(figures.getvalue()), _setups(rows.getvalue())]


def test_every_csv_starts_with_a_byte_order_mark(world: World) -> None:
    """The ledger CSV and the figures CSV open correctly in Excel: UTF-8 with a BOM."""
    ledger = read_ledger(world.uow(), world.ctx, CLERK, as_of=T0 + dt.timedelta(days=8))
    rows, figures = io.StringIO(newline=""), io.StringIO(newline="")
    write_csv(ledger, rows)
    write_statistics_csv(ledger, figures)
    assert ["\ufeff测试区督查室 督办事项台账", "\ufeff单位"] == [
        rows.getvalue().split("（")[0], figures.getvalue().split(",")[0]]


def test_the_ledger_csv_names_office_instant_and_policy_and_reads_back(world: World) -> None:
    """A Ledger's CSV starts with the title line (office, instant, policy); read_csv skips it
    and reads the rows by their headers."""
    ledger = read_ledger(world.uow(), world.ctx, CLERK, as_of=AS_OF)
    stream = io.StringIO(newline="")
    write_csv(ledger, stream)
    first = stream.getvalue().removeprefix("\ufeff").split("\r\n")[0]
    stream.seek(0)
    assert ("测试区督查室 督办事项台账（截至2026年3月10日9时；适用《测试区督查督办工作办法》）",
            ["推进园区道路改造", "已办结事项"]) == (
        first, [row["督办事项"] for row in read_csv(stream)])
