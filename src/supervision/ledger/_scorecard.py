"""The periodic assessment (scorecard, 考核结果) as .xlsx, from explicit rows.

The rows are :class:`supervision.documents.Assessment` values (each unit's matters, matters
on time, score, grade and deductions), so the same input gives the published document and the
spreadsheet. Deductions about matters the reader may not see are left out (``daoli-2017
art.23``); a secret matter shows its reference only.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import IO

from supervision.documents import Assessment
from supervision.domain.actors import Actor
from supervision.domain.model import Unit
from supervision.domain.permissions import can_view
from supervision.exceptions import InvalidInput, UnitNotFound
from supervision.ledger._export import _openpyxl, _width

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
    Both have bold, frozen headers, an auto filter and fitted widths. Needs the ``office``
    extra."""
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

    results: list[list[object]] = []
    details: list[list[object]] = []
    for index, row in enumerate(assessment.rows, start=1):
        rate = None if row.total == 0 else row.on_time / row.total
        results.append(
            [index, name(row.unit_id), row.total, row.on_time, rate, row.score, row.grade]
        )
        for item in row.deductions:
            if can_view(reader, item.matter):
                details.append([name(row.unit_id), str(item.matter.number),
                                item.matter.display_title, item.points, item.reason])

    openpyxl = _openpyxl()
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = openpyxl.Workbook()
    book.properties.title = f"{assessment.period}督查督办考核结果"
    first = book.active
    first.title = SCORE_SHEET
    for sheet, headers, rows in (
        (first, SCORE_HEADERS, results),
        (book.create_sheet(DEDUCTIONS_SHEET), _DEDUCTION_HEADERS, details),
    ):
        sheet.append(list(headers))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row_values in rows:
            sheet.append([float(v) if isinstance(v, Decimal) else v for v in row_values])
        for col, header in enumerate(headers, start=1):
            texts = [header, *("" if r[col - 1] is None else str(r[col - 1]) for r in rows)]
            width = max(_width(t) for t in texts) + 2
            sheet.column_dimensions[get_column_letter(col)].width = min(max(width, 8), 50)
        sheet.freeze_panes = "A2"
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{max(sheet.max_row, 1)}"
    for line in range(2, first.max_row + 1):
        first.cell(line, SCORE_HEADERS.index("按期办结率") + 1).number_format = "0.0%"
    book.save(target)
