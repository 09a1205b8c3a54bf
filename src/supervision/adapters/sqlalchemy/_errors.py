"""Database errors translated into the library's exceptions, at the adapter edge.

================================================  ==========================================
database error                                    raised as
================================================  ==========================================
unique violation (PostgreSQL 23505, SQLite         :class:`DuplicateRecord` (or the caller's
``UNIQUE constraint failed``)                      own choice, e.g. ConcurrencyError for a
                                                   number sequence)
lock not available (55P03), SQLite                 :class:`LockTimeout` (retryable)
``database is locked``
serialization failure (40001), deadlock (40P01),   :class:`StorageUnavailable` (retryable)
connection lost, server shutting down (57P01,
08xxx), invalidated connection
anything else                                      :class:`StorageError`
================================================  ==========================================
"""

from __future__ import annotations

from collections.abc import Callable

import sqlalchemy as sa

from supervision._logs import logger
from supervision.exceptions import (
    LockTimeout,
    StorageError,
    StorageUnavailable,
    SupervisionError,
)

__all__ = ["is_unique_violation", "translate"]

#: Lock timeouts and lost connections are logged here (WARNING) as they are translated.
_log = logger("supervision.storage")

#: SQLite failures of the file or the disk, not of the statement.
_SQLITE_UNAVAILABLE = ("disk I/O error", "unable to open database file", "database is busy")
_RETRYABLE_STATES = frozenset({"40001", "40P01", "57P01", "57P02", "57P03"})


def _sqlstate(error: sa.exc.DBAPIError) -> str:
    state = getattr(error.orig, "sqlstate", None)
    return state if isinstance(state, str) else ""


def _reason(error: BaseException) -> str:
    orig = getattr(error, "orig", None)
    text = str(orig if orig is not None else error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def is_unique_violation(error: sa.exc.DBAPIError) -> bool:
    """Whether ``error`` is a unique-key (or primary-key) violation."""
    if _sqlstate(error) == "23505":
        return True
    text = str(error.orig)
    return isinstance(error, sa.exc.IntegrityError) and "UNIQUE constraint failed" in text


def translate(
    error: sa.exc.SQLAlchemyError,
    operation: str,
    *,
    on_unique: Callable[[], SupervisionError] | None = None,
) -> SupervisionError:
    """The library exception for ``error`` raised while doing ``operation`` (a lock timeout
    or a lost connection is logged as a warning on ``supervision.storage``)."""
    found = _translate(error, operation, on_unique)
    if isinstance(found, LockTimeout):
        _log.warning("lock wait timed out while %s: %s", operation, found.fields["reason"])
    elif isinstance(found, StorageUnavailable):
        _log.warning("database unavailable while %s: %s", operation, found.fields["reason"])
    return found


def _translate(
    error: sa.exc.SQLAlchemyError,
    operation: str,
    on_unique: Callable[[], SupervisionError] | None,
) -> SupervisionError:
    if isinstance(error, sa.exc.DBAPIError):
        state = _sqlstate(error)
        if on_unique is not None and is_unique_violation(error):
            return on_unique()
        if state == "55P03" or (
            isinstance(error, sa.exc.OperationalError) and "database is locked" in str(error.orig)
        ):
            return LockTimeout(operation, _reason(error))
        if error.connection_invalidated or state in _RETRYABLE_STATES or state.startswith("08"):
            return StorageUnavailable(operation, _reason(error))
        if isinstance(error, sa.exc.OperationalError) and any(
            text in str(error.orig) for text in _SQLITE_UNAVAILABLE
        ):
            return StorageUnavailable(operation, _reason(error))
        return StorageError(operation, _reason(error))
    if isinstance(error, sa.exc.DisconnectionError | sa.exc.PendingRollbackError):
        return StorageUnavailable(operation, _reason(error))
    return StorageError(operation, _reason(error))
