"""The service layer: one function per use case, plus the read paths.

Commands (:mod:`supervision.service_layer.services`) each run in their own unit of work and
take the actor and a clock; queries (:mod:`supervision.service_layer.queries`) filter every
result by what the actor may see.
"""

from __future__ import annotations

from supervision.service_layer.queries import (
    LedgerRow,
    count_matters,
    get_matter,
    ledger,
    list_matters,
    timeline,
)
from supervision.service_layer.services import (
    acknowledge,
    add_unit,
    approve,
    archive,
    close,
    complete,
    contribute,
    decide_explanation,
    decide_extension,
    dispatch,
    explain,
    load_visible,
    recompute_deadline,
    register,
    register_in,
    reinspect,
    report_progress,
    request_extension,
    resume,
    review,
    submit_final_report,
    supply_supplement,
    suspend,
    terminate,
    update_unit,
    withdraw,
)

__all__ = [
    "LedgerRow",
    "acknowledge",
    "add_unit",
    "approve",
    "archive",
    "close",
    "complete",
    "contribute",
    "count_matters",
    "decide_explanation",
    "decide_extension",
    "dispatch",
    "explain",
    "get_matter",
    "ledger",
    "list_matters",
    "load_visible",
    "recompute_deadline",
    "register",
    "register_in",
    "reinspect",
    "report_progress",
    "request_extension",
    "resume",
    "review",
    "submit_final_report",
    "supply_supplement",
    "suspend",
    "terminate",
    "timeline",
    "update_unit",
    "withdraw",
]
