"""supervision: 督查督办 for Chinese government OA systems, exactly as their regulations say.

The public surface is re-exported here; see docs/ for concepts and the integration guide.
``import supervision`` needs only the core dependencies (attrs, python-dateutil,
chinese-calendar, tzdata); SQL storage and office documents live behind extras and are imported
from their own modules (``supervision.adapters.sqlalchemy``, ``supervision.documents``).
"""

from __future__ import annotations

from supervision import calendar, domain, policies, service_layer
from supervision.adapters.memory import InMemoryStore, InMemoryUnitOfWork
from supervision.calendar import SHANGHAI, Calendar, DayKind, YearSchedule
from supervision.clock import Clock, FixedClock, SystemClock
from supervision.domain import (
    Actor,
    BasicPolicy,
    Confidentiality,
    Escalation,
    EscalationKind,
    Event,
    EventKind,
    Matter,
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
    PermissionDenied,
    RuleViolation,
    SupervisionError,
    TransitionNotAllowed,
    UnitNotFound,
)
from supervision.periods import Deadline, Period, PeriodUnit
from supervision.ports import MatterPolicy, UnitOfWork

__version__ = "0.1.0"

__all__ = [
    "SHANGHAI",
    "Actor",
    "BasicPolicy",
    "Calendar",
    "CalendarDataUnavailable",
    "Clock",
    "ConcurrencyError",
    "Confidentiality",
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
    "MatterPolicy",
    "NaiveDatetime",
    "NotFound",
    "Period",
    "PeriodUnit",
    "PermissionDenied",
    "RegistrationNumber",
    "Role",
    "RuleViolation",
    "ScoreEntry",
    "Scorecard",
    "Source",
    "SourceKind",
    "Status",
    "SupervisionError",
    "SystemClock",
    "TransitionNotAllowed",
    "Unit",
    "UnitKind",
    "UnitNotFound",
    "UnitOfWork",
    "YearSchedule",
    "__version__",
    "calendar",
    "domain",
    "policies",
    "service_layer",
]
