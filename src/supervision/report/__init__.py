"""A self-contained HTML report of a supervision office (督查督办情况报告).

Build a :class:`ReportModel` from the figures (already filtered to what the reading actor may
see: the renderer never sees a hidden matter), then :func:`render_html` gives one HTML5
document and :func:`write_html` writes it as a UTF-8 file. The file carries its CSS and its
charts (inline SVG drawn in Python), has no script and no URL, and its Content-Security-Policy
forbids loading anything, so it opens offline on a government intranet and prints on A4
landscape. See docs/report.md.

Only the core dependencies are needed.
"""

from __future__ import annotations

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
    "write_html",
]
