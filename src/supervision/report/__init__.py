"""A self-contained HTML report of a supervision office (督查督办情况报告).

:func:`report_model` builds the :class:`ReportModel` of one office for a period as of an
instant from the store, for one reader (the one set of statistics; a matter the reader may not
see is not in it) — ``Supervision.report(actor, as_of=...)`` is the same call. A model may also
be built by hand from explicit rows. :func:`render_html` gives one HTML5 document and
:func:`write_html` writes it as a UTF-8 file. The file carries its CSS and its
charts (inline SVG drawn in Python), has no script and no URL, and its Content-Security-Policy
forbids loading anything, so it opens offline on a government intranet and prints on A4
landscape. See docs/report.md.

Only the core dependencies are needed.
"""

from __future__ import annotations

from supervision.report._build import report_model
from supervision.report._html import (
    CONTENT_SECURITY_POLICY,
    LEDGER_HEADERS,
    UNIT_HEADERS,
    render_html,
    write_html,
)
from supervision.report._model import (
    EscalationRow,
    Light,
    MatterRow,
    MonthTrend,
    ReportModel,
    ScoreItem,
    ScoreRow,
    StateCount,
    UnitStatistics,
)

__all__ = [
    "CONTENT_SECURITY_POLICY",
    "LEDGER_HEADERS",
    "UNIT_HEADERS",
    "EscalationRow",
    "Light",
    "MatterRow",
    "MonthTrend",
    "ReportModel",
    "ScoreItem",
    "ScoreRow",
    "StateCount",
    "UnitStatistics",
    "render_html",
    "report_model",
    "write_html",
]
