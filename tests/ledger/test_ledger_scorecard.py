"""The periodic assessment (scorecard) as .xlsx, from explicit rows."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest
from builders import CLERK, CLERK_2, UNITS, World

from supervision.documents import Assessment, AssessmentRow, Deduction
from supervision.domain import Actor, Confidentiality, RegistrationNumber
from supervision.ledger import (
    DEDUCTIONS_SHEET,
    SCORE_HEADERS,
    SCORE_SHEET,
    write_assessment_xlsx,
)


@pytest.fixture(scope="module")
def assessment() -> Assessment:
    world = World()
    public = world.dispatched(title="公开事项")
    hidden = world.dispatched(
        title="控制事项", confidentiality=Confidentiality.controlled(["clerk-1"])
    )
    rows = [
        AssessmentRow.of(
            "unit-a", 8, 6, Decimal("98.5"), grade="良好",
            deductions=[Deduction.of(public, 1, "逾期未办结"),
                        Deduction.of(hidden, Decimal("0.5"), "未按时报送进展")],
        ),
        AssessmentRow.of("unit-b", 0, 0, Decimal("100")),
    ]
    return Assessment.of("2026年度", dt.date(2027, 1, 15),
                         RegistrationNumber.of("池开督考", 2027, 1), rows)


def _open(reader: Actor, assessment: Assessment) -> openpyxl.Workbook:
    stream = io.BytesIO()
    write_assessment_xlsx(reader, assessment, UNITS, stream)
    stream.seek(0)
    return openpyxl.load_workbook(stream)


def test_assessment_xlsx_lists_each_units_result(assessment: Assessment) -> None:
    """Sheet 考核结果: a title line, then Chinese headers, frozen and filtered; the rate as a
    percentage."""
    sheet = _open(CLERK, assessment)[SCORE_SHEET]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert "2026年度督查督办考核结果" == rows[0][0]
    assert list(SCORE_HEADERS) == rows[1]
    assert [1, "经济发展局", 8, 6, 0.75, 98.5, "良好"] == rows[2]
    assert [2, "马衙街道", 0, 0, None, 100, None] == rows[3]
    assert "A3" == sheet.freeze_panes
    assert "A2:G4" == sheet.auto_filter.ref
    assert "0.0%" == sheet.cell(3, 5).number_format


def test_assessment_xlsx_prints_landscape_one_page_wide(assessment: Assessment) -> None:
    """Both sheets print landscape, fitted to one page's width, the header row repeated."""
    book = _open(CLERK, assessment)
    setups = [(s.page_setup.orientation, s.page_setup.fitToWidth, s.page_setup.fitToHeight,
               s.print_title_rows) for s in book.worksheets]
    assert [("landscape", 1, 0, "$2:$2")] * 2 == setups


def test_daoli_23_assessment_xlsx_leaves_out_hidden_deductions(assessment: Assessment) -> None:
    """Sheet 扣分明细 shows the deductions about matters the reader may see, only."""
    insider = [r[2] for r in _open(CLERK, assessment)[DEDUCTIONS_SHEET].iter_rows(
        min_row=3, values_only=True)]
    outsider = [r[2] for r in _open(CLERK_2, assessment)[DEDUCTIONS_SHEET].iter_rows(
        min_row=3, values_only=True)]
    assert ["公开事项", "控制事项"] == insider
    assert ["公开事项"] == outsider
