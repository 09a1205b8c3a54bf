"""A small, fast, streaming .xlsx writer (standard library only), private to the library.

A :class:`Workbook` holds worksheets (:class:`Sheet`: rows of typed cells with named styles,
column widths, a frozen header, an auto filter, merged title cells and a print setup) and chart
sheets (:class:`ChartSheet` with a :class:`ColumnChart` over a cell range);
:func:`write_workbook` writes it. Text is always a string cell: there is no way to write a
formula, so a title such as ``=HYPERLINK(...)`` stays text. Characters XML cannot carry are
written as Excel's ``_xHHHH_`` escapes. The ledger and assessment exports are built on it
(``supervision.ledger``); openpyxl is used only to read.
"""

from __future__ import annotations

from supervision._xlsx._model import (
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
    column_letter,
)
from supervision._xlsx._writer import write_workbook

__all__ = [
    "Cell",
    "CellRange",
    "CellValue",
    "ChartSheet",
    "Column",
    "ColumnChart",
    "PrintSetup",
    "Row",
    "RowLike",
    "Sheet",
    "Style",
    "Workbook",
    "column_letter",
    "write_workbook",
]
