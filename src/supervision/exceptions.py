"""The library's exceptions: one tree rooted at :class:`SupervisionError`.

Every class says when it is raised, carries structured fields an OA system can show or log,
and has a message that names what was wrong and what to do. Domain terms appear in Chinese
beside the English. Classes subclass ``ValueError`` / ``LookupError`` where callers expect it.

Every public entry point raises only these (docs/security.md, "The error guarantee"); an
:class:`InvalidInput` names the argument at fault in ``field``. The classes live in the
private package ``supervision._exceptions``; import them from here.
"""

from __future__ import annotations

from supervision._exceptions._audit import ChainKeyError
from supervision._exceptions._base import (
    SHOWN_LENGTH,
    CalendarDataUnavailable,
    InputOutOfBounds,
    InvalidInput,
    NaiveDatetime,
    ScheduleFileError,
    SupervisionError,
    shown,
)
from supervision._exceptions._delivery import DeliveryRefused, DuplicateSupervision
from supervision._exceptions._environment import (
    LedgerImportError,
    MissingExtra,
    PostgresCleanupFailed,
    PostgresUnavailable,
)
from supervision._exceptions._records import (
    ConcurrencyError,
    DuplicateRecord,
    LockTimeout,
    MatterNotFound,
    NotFound,
    OfficeNotFound,
    StorageError,
    StorageUnavailable,
    UnitNotFound,
    UnitOfWorkInUse,
)
from supervision._exceptions._rules import (
    ApprovalRequired,
    DuplicatePolicy,
    InvalidParameter,
    InvalidPolicy,
    LifecycleDefinitionError,
    PeriodOutOfRange,
    PermissionDenied,
    PolicyNotInForce,
    RuleViolation,
    TransitionNotAllowed,
    UnknownCategory,
    UnknownPolicy,
)

__all__ = [
    "SHOWN_LENGTH",
    "ApprovalRequired",
    "CalendarDataUnavailable",
    "ChainKeyError",
    "ConcurrencyError",
    "DeliveryRefused",
    "DuplicatePolicy",
    "DuplicateRecord",
    "DuplicateSupervision",
    "InputOutOfBounds",
    "InvalidInput",
    "InvalidParameter",
    "InvalidPolicy",
    "LedgerImportError",
    "LifecycleDefinitionError",
    "LockTimeout",
    "MatterNotFound",
    "MissingExtra",
    "NaiveDatetime",
    "NotFound",
    "OfficeNotFound",
    "PeriodOutOfRange",
    "PermissionDenied",
    "PolicyNotInForce",
    "PostgresCleanupFailed",
    "PostgresUnavailable",
    "RuleViolation",
    "ScheduleFileError",
    "StorageError",
    "StorageUnavailable",
    "SupervisionError",
    "TransitionNotAllowed",
    "UnitNotFound",
    "UnitOfWorkInUse",
    "UnknownCategory",
    "UnknownPolicy",
    "shown",
]

for _name in __all__:
    _value = globals()[_name]
    if isinstance(_value, type):
        _value.__module__ = __name__
del _name, _value
