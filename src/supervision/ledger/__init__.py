"""The ledger (督办事项台账, ``lianyungang-2019 §7.1``, ``chizhou-2021 §6.1``): exports and import.

:func:`ledger_entries` reads the ledger through the service layer (read-path confidentiality
applies) and adds each matter's standing, traffic light and the light's history;
:func:`read_ledger` adds one office's figures (the one set of statistics,
docs/statistics.md). :func:`write_csv` writes UTF-8 CSV with a byte-order mark;
:func:`write_xlsx` writes the print-ready .xlsx ledger; :func:`ledger_text` and
:func:`ledger_json` the same ledger as text and JSON; :func:`write_statistics_csv` and
:func:`statistics_json` the figures alone. The scorecard (考核结果) is written by
:func:`write_scorecard_xlsx`, :func:`scorecard_text` and :func:`scorecard_json` from a
:class:`~supervision.service_layer.reporting.ScoreReport`, and :func:`write_assessment_xlsx`
from the explicit rows of a published result. Every writer is core (the library's own .xlsx
writer). :func:`import_xlsx` reads with openpyxl and needs the ``office`` extra
(``pip install 'supervision-duban[office]'``), imported only when called; an exported ledger
imports unchanged in meaning (docs/ledger.md, "Round trip"). See docs/ledger.md.
"""

from __future__ import annotations

from supervision.ledger._entries import (
    DEFAULT_DUE_SOON_WORKING_DAYS,
    HEADERS,
    Ledger,
    LedgerDetails,
    LedgerEntry,
    Standing,
    UnitRate,
    ledger_entries,
    on_time_rates,
    read_ledger,
)
from supervision.ledger._export import (
    CHART_SHEET,
    RATES_SHEET,
    SHEET,
    STATISTICS_SHEET,
    ledger_json,
    ledger_text,
    read_csv,
    statistics_json,
    write_csv,
    write_statistics_csv,
    write_xlsx,
)
from supervision.ledger._figures import (
    FIGURE_COLUMNS,
    FIGURE_HEADERS,
    figure_texts,
    figure_values,
    figures_json,
)
from supervision.ledger._import import (
    IMPORT_HEADERS,
    REQUIRED_HEADERS,
    ImportProblem,
    import_xlsx,
)
from supervision.ledger._labels import (
    chinese_number,
    parse_category,
    parse_deadline,
    parse_source,
    parse_urgency,
)
from supervision.ledger._scorecard import (
    DEDUCTIONS_SHEET,
    DETAIL_HEADERS,
    SCORE_HEADERS,
    SCORE_SHEET,
    SCORECARD_HEADERS,
    scorecard_json,
    scorecard_text,
    write_assessment_xlsx,
    write_scorecard_xlsx,
)

__all__ = [
    "CHART_SHEET",
    "DEDUCTIONS_SHEET",
    "DEFAULT_DUE_SOON_WORKING_DAYS",
    "DETAIL_HEADERS",
    "FIGURE_COLUMNS",
    "FIGURE_HEADERS",
    "HEADERS",
    "IMPORT_HEADERS",
    "RATES_SHEET",
    "REQUIRED_HEADERS",
    "SCORECARD_HEADERS",
    "SCORE_HEADERS",
    "SCORE_SHEET",
    "SHEET",
    "STATISTICS_SHEET",
    "ImportProblem",
    "Ledger",
    "LedgerDetails",
    "LedgerEntry",
    "Standing",
    "UnitRate",
    "chinese_number",
    "figure_texts",
    "figure_values",
    "figures_json",
    "import_xlsx",
    "ledger_entries",
    "ledger_json",
    "ledger_text",
    "on_time_rates",
    "parse_category",
    "parse_deadline",
    "parse_source",
    "parse_urgency",
    "read_csv",
    "read_ledger",
    "scorecard_json",
    "scorecard_text",
    "statistics_json",
    "write_assessment_xlsx",
    "write_csv",
    "write_scorecard_xlsx",
    "write_statistics_csv",
    "write_xlsx",
]
