"""supervision: 督查督办 for Chinese government OA systems, exactly as their regulations say.

The public surface is re-exported here; see docs/ for concepts and the integration guide.
``import supervision`` needs only the core dependencies (attrs, python-dateutil,
chinese-calendar, tzdata); SQL storage and office documents live behind extras and are imported
from their own modules (``supervision.adapters.sqlalchemy``, ``supervision.documents``).

The names are imported on first use (PEP 562), so ``import supervision`` itself costs almost
nothing: a command-line call or a host importing one module pays for what it uses.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from supervision._version import __version__

if TYPE_CHECKING:  # what the names are, for type checkers (imported lazily at run time)
    from supervision import calendar, domain, policies, service_layer
    from supervision.adapters.memory import InMemoryStore, InMemoryUnitOfWork
    from supervision.bootstrap import Supervision, bootstrap
    from supervision.calendar import SHANGHAI, Calendar, DayKind, YearSchedule
    from supervision.clock import Clock, FixedClock, SystemClock
    from supervision.domain import (
        Actor,
        CalendarChoice,
        Confidentiality,
        Escalation,
        EscalationKind,
        Event,
        EventKind,
        Matter,
        Office,
        Policy,
        PolicyRef,
        RegistrationNumber,
        Role,
        Scorecard,
        ScoreEntry,
        Source,
        SourceKind,
        Status,
        Unit,
        UnitKind,
    )
    from supervision.exceptions import (
        CalendarDataUnavailable,
        ConcurrencyError,
        DuplicateRecord,
        InvalidInput,
        MatterNotFound,
        NaiveDatetime,
        NotFound,
        OfficeNotFound,
        PermissionDenied,
        RuleViolation,
        SupervisionError,
        TransitionNotAllowed,
        UnitNotFound,
    )
    from supervision.periods import Deadline, Period, PeriodUnit
    from supervision.ports import UnitOfWork
    from supervision.service_layer import Context, OfficeSpec


#: public name → the module it comes from (a module itself when the name is a submodule)
_LAZY: dict[str, str] = {
    "calendar": "supervision.calendar",
    "domain": "supervision.domain",
    "policies": "supervision.policies",
    "service_layer": "supervision.service_layer",
    "InMemoryStore": "supervision.adapters.memory",
    "InMemoryUnitOfWork": "supervision.adapters.memory",
    "Supervision": "supervision.bootstrap",
    "bootstrap": "supervision.bootstrap",
    "SHANGHAI": "supervision.calendar",
    "Calendar": "supervision.calendar",
    "DayKind": "supervision.calendar",
    "YearSchedule": "supervision.calendar",
    "Clock": "supervision.clock",
    "FixedClock": "supervision.clock",
    "SystemClock": "supervision.clock",
    "Actor": "supervision.domain",
    "CalendarChoice": "supervision.domain",
    "Confidentiality": "supervision.domain",
    "Escalation": "supervision.domain",
    "EscalationKind": "supervision.domain",
    "Event": "supervision.domain",
    "EventKind": "supervision.domain",
    "Matter": "supervision.domain",
    "Office": "supervision.domain",
    "Policy": "supervision.domain",
    "PolicyRef": "supervision.domain",
    "RegistrationNumber": "supervision.domain",
    "Role": "supervision.domain",
    "Scorecard": "supervision.domain",
    "ScoreEntry": "supervision.domain",
    "Source": "supervision.domain",
    "SourceKind": "supervision.domain",
    "Status": "supervision.domain",
    "Unit": "supervision.domain",
    "UnitKind": "supervision.domain",
    "CalendarDataUnavailable": "supervision.exceptions",
    "ConcurrencyError": "supervision.exceptions",
    "DuplicateRecord": "supervision.exceptions",
    "InvalidInput": "supervision.exceptions",
    "MatterNotFound": "supervision.exceptions",
    "NaiveDatetime": "supervision.exceptions",
    "NotFound": "supervision.exceptions",
    "OfficeNotFound": "supervision.exceptions",
    "PermissionDenied": "supervision.exceptions",
    "RuleViolation": "supervision.exceptions",
    "SupervisionError": "supervision.exceptions",
    "TransitionNotAllowed": "supervision.exceptions",
    "UnitNotFound": "supervision.exceptions",
    "Deadline": "supervision.periods",
    "Period": "supervision.periods",
    "PeriodUnit": "supervision.periods",
    "UnitOfWork": "supervision.ports",
    "Context": "supervision.service_layer",
    "OfficeSpec": "supervision.service_layer",
}


_SUBMODULES = frozenset({"calendar", "domain", "policies", "service_layer"})


def __getattr__(name: str) -> Any:
    """Import a public name on first use."""
    target = _LAZY.get(name)
    if target is None:
        raise AttributeError(f"module 'supervision' has no attribute {name!r}")
    if name in _SUBMODULES:
        value: Any = importlib.import_module(target)
    else:
        value = getattr(importlib.import_module(target), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


__all__ = [
    "SHANGHAI",
    "Actor",
    "Calendar",
    "CalendarChoice",
    "CalendarDataUnavailable",
    "Clock",
    "ConcurrencyError",
    "Confidentiality",
    "Context",
    "DayKind",
    "Deadline",
    "DuplicateRecord",
    "Escalation",
    "EscalationKind",
    "Event",
    "EventKind",
    "FixedClock",
    "InMemoryStore",
    "InMemoryUnitOfWork",
    "InvalidInput",
    "Matter",
    "MatterNotFound",
    "NaiveDatetime",
    "NotFound",
    "Office",
    "OfficeNotFound",
    "OfficeSpec",
    "Period",
    "PeriodUnit",
    "PermissionDenied",
    "Policy",
    "PolicyRef",
    "RegistrationNumber",
    "Role",
    "RuleViolation",
    "ScoreEntry",
    "Scorecard",
    "Source",
    "SourceKind",
    "Status",
    "Supervision",
    "SupervisionError",
    "SystemClock",
    "TransitionNotAllowed",
    "Unit",
    "UnitKind",
    "UnitNotFound",
    "UnitOfWork",
    "YearSchedule",
    "__version__",
    "bootstrap",
    "calendar",
    "domain",
    "policies",
    "service_layer",
]
