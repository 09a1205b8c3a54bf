"""The ledger (督办事项台账, ``lianyungang-2019 §7.1``, ``chizhou-2021 §6.1``): exports and import.

:func:`ledger_entries` reads the ledger through the service layer (read-path confidentiality
applies) and adds each matter's standing; :func:`write_csv` writes UTF-8 CSV with a byte-order
mark; :func:`write_xlsx` writes the print-ready .xlsx ledger and
:func:`write_assessment_xlsx` the periodic assessment (scorecard) from explicit rows, both with
the library's own writer (core). :func:`import_xlsx` reads with openpyxl and needs the
``office`` extra (``pip install 'supervision-duban[office]'``), imported only when called. See
docs/ledger.md.
"""

from __future__ import annotations

from supervision.ledger._entries import (
    DEFAULT_DUE_SOON_WORKING_DAYS,
    HEADERS,
    LedgerEntry,
    Standing,
    UnitRate,
    ledger_entries,
    on_time_rates,
)
from supervision.ledger._export import (
    CHART_SHEET,
    RATES_SHEET,
    SHEET,
    read_csv,
    write_csv,
    write_xlsx,
)
from supervision.ledger._import import (
    IMPORT_HEADERS,
    REQUIRED_HEADERS,
    ImportProblem,
    import_xlsx,
)
from supervision.ledger._scorecard import (
    DEDUCTIONS_SHEET,
    SCORE_HEADERS,
    SCORE_SHEET,
    write_assessment_xlsx,
)

__all__ = [
    "CHART_SHEET",
    "DEDUCTIONS_SHEET",
    "DEFAULT_DUE_SOON_WORKING_DAYS",
    "HEADERS",
    "IMPORT_HEADERS",
    "RATES_SHEET",
    "REQUIRED_HEADERS",
    "SCORE_HEADERS",
    "SCORE_SHEET",
    "SHEET",
    "ImportProblem",
    "LedgerEntry",
    "Standing",
    "UnitRate",
    "import_xlsx",
    "ledger_entries",
    "on_time_rates",
    "read_csv",
    "write_assessment_xlsx",
    "write_csv",
    "write_xlsx",
]
