"""supervision: 督查督办 for Chinese government OA systems, exactly as their regulations say.

The public surface is re-exported here; see docs/ for concepts and the integration guide.
``import supervision`` needs only the core dependencies (attrs, python-dateutil,
chinese-calendar, tzdata); SQL storage and office documents live behind extras and are imported
from their own modules (``supervision.adapters.sqlalchemy``, ``supervision.documents``).
"""

from __future__ import annotations

from supervision import calendar, domain, policies, service_layer
from supervision._version import __version__
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
