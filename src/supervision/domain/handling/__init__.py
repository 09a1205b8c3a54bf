"""The commands on a matter, as pure functions: each returns the changed matter and the event.

Every function checks the lifecycle table (:data:`~supervision.domain.lifecycle.LIFECYCLE`),
the rule it implements, and raises before anything changes. Permission checks (who may act)
happen in the service layer against :mod:`supervision.domain.permissions`; the one
person-level rule that needs the matter's history — the reviewer is never the person who
reported — is checked here. Time and the calendar are arguments.
"""

from __future__ import annotations

from supervision.domain.handling._base import (
    Change,
)
from supervision.domain.handling._closing import (
    archive,
    close,
    complete,
    decide_extension,
    recompute_due,
    reopen,
    request_extension,
    resume,
    suspend,
    terminate,
    withdraw,
)
from supervision.domain.handling._registration import (
    acknowledge,
    approve,
    check_registration,
    current_due,
    dispatch,
    register,
)
from supervision.domain.handling._reports import (
    confirm_signoff,
    contribute,
    decide_explanation,
    explain,
    report_progress,
    review,
    review_action,
    submit_final_report,
    supply_supplement,
)

__all__ = [
    "Change",
    "acknowledge",
    "approve",
    "archive",
    "check_registration",
    "close",
    "complete",
    "confirm_signoff",
    "contribute",
    "current_due",
    "decide_explanation",
    "decide_extension",
    "dispatch",
    "explain",
    "recompute_due",
    "register",
    "reopen",
    "report_progress",
    "request_extension",
    "resume",
    "review",
    "review_action",
    "submit_final_report",
    "supply_supplement",
    "suspend",
    "terminate",
    "withdraw",
]
