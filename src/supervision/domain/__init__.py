"""The pure domain core: offices, matters, units, the lifecycle, events, permissions, the
policy vocabulary (:mod:`supervision.domain.policy`) and the escalation engine.

No I/O, no clock, no database, no ``chinese_calendar`` import: time and the calendar are
arguments. See docs/concepts.md and docs/lifecycle.md.

The names are imported on first use (PEP 562, as in :mod:`supervision`), so importing one
submodule (``supervision.domain.policy`` for the policy registry, ``supervision.domain.actors``)
does not load the whole domain; ``from supervision.domain import Matter`` works as before.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # what the names are, for type checkers (imported lazily at run time)
    from supervision.domain.actors import UNIT_ROLES, Actor, Role
    from supervision.domain.deadlines import derive_due, working_days_paused
    from supervision.domain.escalation import (
        Escalation,
        EscalationKind,
        Evaluation,
        MatterRecord,
        MissOutcome,
        Occasion,
        OccasionKind,
        Preview,
        ProposalDecision,
        StreakItem,
        escalations_due,
        evaluate,
        evaluate_streaks,
        occasions,
        preview,
        streak_items,
    )
    from supervision.domain.events import EVENT_FOR_ACTION, Event, EventKind
    from supervision.domain.handling import Change
    from supervision.domain.lifecycle import (
        LIFECYCLE,
        Action,
        Status,
        Transition,
        TransitionTable,
        render_markdown,
    )
    from supervision.domain.model import (
        Assignment,
        AssignmentRole,
        Closing,
        Confidentiality,
        ConfidentialityKind,
        DeadlineBasis,
        DeadlineTerms,
        Decision,
        DueDate,
        Explanation,
        Extension,
        HandlingMode,
        Instruction,
        Matter,
        Milestone,
        ReasonKind,
        Receipt,
        Registration,
        RegistrationNumber,
        Report,
        ReportContent,
        ReportingCycle,
        ReportingSchedule,
        ReportKind,
        Responsible,
        ReviewOutcome,
        ReviewRound,
        Signoff,
        SignoffCapacity,
        Source,
        SourceKind,
        Suspension,
        Unit,
        UnitKind,
        Urgency,
    )
    from supervision.domain.office import (
        CalendarChoice,
        Office,
        OfficeEvent,
        OfficeEventKind,
        PolicyRef,
        PolicyTerm,
    )
    from supervision.domain.permissions import (
        PERMISSIONS,
        Permission,
        UnitScope,
        authorize,
        can,
        can_view,
    )
    from supervision.domain.policy import Policy
    from supervision.domain.scorecard import Scorecard, ScoreEntry, ScorePeriod, scorecards


#: public name → the module it comes from
_LAZY: dict[str, str] = {
    "UNIT_ROLES": "supervision.domain.actors",
    "Actor": "supervision.domain.actors",
    "Role": "supervision.domain.actors",
    "derive_due": "supervision.domain.deadlines",
    "working_days_paused": "supervision.domain.deadlines",
    "Escalation": "supervision.domain.escalation",
    "EscalationKind": "supervision.domain.escalation",
    "Evaluation": "supervision.domain.escalation",
    "MatterRecord": "supervision.domain.escalation",
    "MissOutcome": "supervision.domain.escalation",
    "Occasion": "supervision.domain.escalation",
    "OccasionKind": "supervision.domain.escalation",
    "Preview": "supervision.domain.escalation",
    "ProposalDecision": "supervision.domain.escalation",
    "StreakItem": "supervision.domain.escalation",
    "escalations_due": "supervision.domain.escalation",
    "evaluate": "supervision.domain.escalation",
    "evaluate_streaks": "supervision.domain.escalation",
    "occasions": "supervision.domain.escalation",
    "preview": "supervision.domain.escalation",
    "streak_items": "supervision.domain.escalation",
    "EVENT_FOR_ACTION": "supervision.domain.events",
    "Event": "supervision.domain.events",
    "EventKind": "supervision.domain.events",
    "Change": "supervision.domain.handling",
    "LIFECYCLE": "supervision.domain.lifecycle",
    "Action": "supervision.domain.lifecycle",
    "Status": "supervision.domain.lifecycle",
    "Transition": "supervision.domain.lifecycle",
    "TransitionTable": "supervision.domain.lifecycle",
    "render_markdown": "supervision.domain.lifecycle",
    "Assignment": "supervision.domain.model",
    "AssignmentRole": "supervision.domain.model",
    "Closing": "supervision.domain.model",
    "Confidentiality": "supervision.domain.model",
    "ConfidentialityKind": "supervision.domain.model",
    "DeadlineBasis": "supervision.domain.model",
    "DeadlineTerms": "supervision.domain.model",
    "Decision": "supervision.domain.model",
    "DueDate": "supervision.domain.model",
    "Explanation": "supervision.domain.model",
    "Extension": "supervision.domain.model",
    "HandlingMode": "supervision.domain.model",
    "Instruction": "supervision.domain.model",
    "Matter": "supervision.domain.model",
    "Milestone": "supervision.domain.model",
    "ReasonKind": "supervision.domain.model",
    "Receipt": "supervision.domain.model",
    "Registration": "supervision.domain.model",
    "RegistrationNumber": "supervision.domain.model",
    "Report": "supervision.domain.model",
    "ReportContent": "supervision.domain.model",
    "ReportingCycle": "supervision.domain.model",
    "ReportingSchedule": "supervision.domain.model",
    "ReportKind": "supervision.domain.model",
    "Responsible": "supervision.domain.model",
    "ReviewOutcome": "supervision.domain.model",
    "ReviewRound": "supervision.domain.model",
    "Signoff": "supervision.domain.model",
    "SignoffCapacity": "supervision.domain.model",
    "Source": "supervision.domain.model",
    "SourceKind": "supervision.domain.model",
    "Suspension": "supervision.domain.model",
    "Unit": "supervision.domain.model",
    "UnitKind": "supervision.domain.model",
    "Urgency": "supervision.domain.model",
    "CalendarChoice": "supervision.domain.office",
    "Office": "supervision.domain.office",
    "OfficeEvent": "supervision.domain.office",
    "OfficeEventKind": "supervision.domain.office",
    "PolicyRef": "supervision.domain.office",
    "PolicyTerm": "supervision.domain.office",
    "PERMISSIONS": "supervision.domain.permissions",
    "Permission": "supervision.domain.permissions",
    "UnitScope": "supervision.domain.permissions",
    "authorize": "supervision.domain.permissions",
    "can": "supervision.domain.permissions",
    "can_view": "supervision.domain.permissions",
    "Policy": "supervision.domain.policy",
    "Scorecard": "supervision.domain.scorecard",
    "ScoreEntry": "supervision.domain.scorecard",
    "ScorePeriod": "supervision.domain.scorecard",
    "scorecards": "supervision.domain.scorecard",
}


#: the subpackages and modules, attributes of the package once imported (as they were when the
#: package imported them all)
_SUBMODULES = frozenset({
    "actors", "deadlines", "duplicates", "escalation", "events", "handling", "lifecycle",
    "model", "notice_numbers", "notices", "objections", "office", "parts", "permissions",
    "policy", "scorecard", "scoring", "statistics", "terms",
})


def __getattr__(name: str) -> Any:
    """Import a public name, or a submodule, on first use."""
    target = _LAZY.get(name)
    if target is not None:
        value = getattr(importlib.import_module(target), name)
    elif name in _SUBMODULES:
        value = importlib.import_module(f"{__name__}.{name}")
    else:
        raise AttributeError(f"module 'supervision.domain' has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


__all__ = [
    "EVENT_FOR_ACTION",
    "LIFECYCLE",
    "PERMISSIONS",
    "UNIT_ROLES",
    "Action",
    "Actor",
    "Assignment",
    "AssignmentRole",
    "CalendarChoice",
    "Change",
    "Closing",
    "Confidentiality",
    "ConfidentialityKind",
    "DeadlineBasis",
    "DeadlineTerms",
    "Decision",
    "DueDate",
    "Escalation",
    "EscalationKind",
    "Evaluation",
    "Event",
    "EventKind",
    "Explanation",
    "Extension",
    "HandlingMode",
    "Instruction",
    "Matter",
    "MatterRecord",
    "Milestone",
    "MissOutcome",
    "Occasion",
    "OccasionKind",
    "Office",
    "OfficeEvent",
    "OfficeEventKind",
    "Permission",
    "Policy",
    "PolicyRef",
    "PolicyTerm",
    "Preview",
    "ProposalDecision",
    "ReasonKind",
    "Receipt",
    "Registration",
    "RegistrationNumber",
    "Report",
    "ReportContent",
    "ReportKind",
    "ReportingCycle",
    "ReportingSchedule",
    "Responsible",
    "ReviewOutcome",
    "ReviewRound",
    "Role",
    "ScoreEntry",
    "ScorePeriod",
    "Scorecard",
    "Signoff",
    "SignoffCapacity",
    "Source",
    "SourceKind",
    "Status",
    "StreakItem",
    "Suspension",
    "Transition",
    "TransitionTable",
    "Unit",
    "UnitKind",
    "UnitScope",
    "Urgency",
    "authorize",
    "can",
    "can_view",
    "derive_due",
    "escalations_due",
    "evaluate",
    "evaluate_streaks",
    "occasions",
    "preview",
    "render_markdown",
    "scorecards",
    "streak_items",
    "working_days_paused",
]
