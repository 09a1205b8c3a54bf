"""The service layer: one function per use case, plus the read paths.

Every function takes the unit of work, the :class:`Context` (clock, calendar, policies) and the
acting actor first, then the subject: ``dispatch(uow, ctx, actor, matter_id)``. Integrators use
them through the composition root (:func:`supervision.bootstrap`), whose methods take the actor
first: ``app.dispatch(actor, matter_id)``.

* :mod:`~supervision.service_layer.registration` — 立项;
* :mod:`~supervision.service_layer.services` — the lifecycle commands and units;
* :mod:`~supervision.service_layer.combined` — several steps as one command and one
  transaction (:func:`accept_and_close`: 审核通过 → 办结 → 销号);
* :mod:`~supervision.service_layer.offices` — offices, policy changes, migrating matters;
* :mod:`~supervision.service_layer.sweep` — the daily sweep and deadline recomputation
  (call ``supervision.service_layer.sweep.sweep(...)``; the function shares the module's name);
* :mod:`~supervision.service_layer.decisions` — proposals, findings, commendations, objections;
* :mod:`~supervision.service_layer.queries` and :mod:`~supervision.service_layer.assessment` —
  the read paths, every one filtered by what the actor may see.
"""

from __future__ import annotations

from supervision.service_layer._support import load_visible
from supervision.service_layer.assessment import OFFICE_FIGURE_ROLES, scorecard
from supervision.service_layer.context import Context
from supervision.service_layer.decisions import (
    commend,
    decide_proposal,
    record_finding,
    uphold_objection,
)
from supervision.service_layer.offices import (
    OfficeSpec,
    change_policy,
    ensure_office,
    migrate_matters,
    office_history,
    update_office,
)
from supervision.service_layer.queries import (
    LedgerRow,
    count_matters,
    escalations_for,
    get_matter,
    ledger,
    list_matters,
    preview_matter,
    timeline,
)
from supervision.service_layer.registration import register, register_in
from supervision.service_layer.services import (
    accept_and_close,
    acknowledge,
    add_unit,
    approve,
    archive,
    close,
    close_many,
    complete,
    contribute,
    decide_explanation,
    decide_extension,
    dispatch,
    explain,
    recompute_deadline,
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
from supervision.service_layer.sweep import (
    DeadlineMove,
    RecomputeSummary,
    SweepSummary,
    recompute_deadlines,
)

__all__ = [
    "OFFICE_FIGURE_ROLES",
    "Context",
    "DeadlineMove",
    "LedgerRow",
    "OfficeSpec",
    "RecomputeSummary",
    "SweepSummary",
    "accept_and_close",
    "acknowledge",
    "add_unit",
    "approve",
    "archive",
    "change_policy",
    "close",
    "close_many",
    "commend",
    "complete",
    "contribute",
    "count_matters",
    "decide_explanation",
    "decide_extension",
    "decide_proposal",
    "dispatch",
    "ensure_office",
    "escalations_for",
    "explain",
    "get_matter",
    "ledger",
    "list_matters",
    "load_visible",
    "migrate_matters",
    "office_history",
    "preview_matter",
    "recompute_deadline",
    "recompute_deadlines",
    "record_finding",
    "register",
    "register_in",
    "reinspect",
    "report_progress",
    "request_extension",
    "resume",
    "review",
    "scorecard",
    "submit_final_report",
    "supply_supplement",
    "suspend",
    "terminate",
    "timeline",
    "update_office",
    "update_unit",
    "uphold_objection",
    "withdraw",
]
