"""The periodic assessment (scorecard, 考核结果) as .xlsx, from explicit rows.

The rows are :class:`supervision.documents.Assessment` values (each unit's matters, matters
on time, score, grade and deductions), so the same input gives the published document and the
spreadsheet. Deductions about matters the reader may not see are left out (``daoli-2017
art.23``); a secret matter shows its reference only.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from typing import IO

from supervision._xlsx import CellValue, Style, Workbook, write_workbook
from supervision.documents import Assessment
from supervision.domain.actors import Actor
from supervision.domain.model import Unit
from supervision.domain.permissions import can_view
from supervision.exceptions import InvalidInput, UnitNotFound
from supervision.ledger._export import _table, _Widths

__all__ = ["DEDUCTIONS_SHEET", "SCORE_HEADERS", "SCORE_SHEET", "write_assessment_xlsx"]

SCORE_SHEET = "考核结果"
DEDUCTIONS_SHEET = "扣分明细"
#: The result sheet's columns.
SCORE_HEADERS: tuple[str, ...] = (
    "序号", "单位", "督办事项数", "按期办结数", "按期办结率", "得分", "等次",
)
_DEDUCTION_HEADERS = ("单位", "事项编号", "督办事项", "扣分", "原因")


def write_assessment_xlsx(
    reader: Actor,
    assessment: Assessment,
    units: Iterable[Unit] | Mapping[str, Unit],
    target: str | os.PathLike[str] | IO[bytes],
) -> None:
    """Write the assessment as .xlsx: sheet 考核结果 (one row per unit, the rate as a
    percentage, the score as a number) and sheet 扣分明细 (the deductions the reader may see).
    Both are laid out like the ledger: a title line (row 1), bold frozen headers (row 2,
    printed atop every page), an auto filter, fitted widths, landscape and one page wide.
    Core: no extra needed."""
    if not isinstance(reader, Actor):
        raise InvalidInput("reader", "the reading supervision.domain.Actor", reader)
    if not isinstance(assessment, Assessment):
        raise InvalidInput("assessment", "an Assessment (Assessment.of(...))", assessment)
    values = units.values() if isinstance(units, Mapping) else units
    names = {u.id: u.name for u in values}

    def name(unit_id: str) -> str:
        if unit_id not in names:
            raise UnitNotFound(unit_id)
        return names[unit_id]

    results: list[list[CellValue]] = []
    details: list[list[CellValue]] = []
    for index, row in enumerate(assessment.rows, start=1):
        rate = None if row.total == 0 else row.on_time / row.total
        results.append(
            [index, name(row.unit_id), row.total, row.on_time, rate, row.score, row.grade]
        )
        for item in row.deductions:
            if can_view(reader, item.matter):
                details.append([name(row.unit_id), str(item.matter.number),
                                item.matter.display_title, item.points, item.reason])

    period = assessment.period
    results_columns = _Widths(SCORE_HEADERS)
    details_columns = _Widths(_DEDUCTION_HEADERS)
    for line in results:
        results_columns.add(["" if v is None else str(v) for v in line])
    for line in details:
        details_columns.add(["" if v is None else str(v) for v in line])
    body = Style.body()
    rate = SCORE_HEADERS.index("按期办结率")
    result_styles = [Style.percent().over(body) if i == rate else body
                     for i in range(len(SCORE_HEADERS))]
    detail_styles = [body.wrapped() if h in ("督办事项", "原因") else body
                     for h in _DEDUCTION_HEADERS]
    book = Workbook.of([
        _table(SCORE_SHEET, f"{period}督查督办考核结果", SCORE_HEADERS, results,
               results_columns.columns(result_styles)),
        _table(DEDUCTIONS_SHEET, f"{period}督查督办考核扣分明细", _DEDUCTION_HEADERS, details,
               details_columns.columns(detail_styles)),
    ], title=f"{period}督查督办考核结果")
    write_workbook(book, target)
