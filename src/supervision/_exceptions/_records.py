"""Records: not found (or not visible), duplicates, conflicts, and the database's own errors."""

from __future__ import annotations

from supervision._exceptions._base import SupervisionError, shown

__all__ = [
    "ConcurrencyError",
    "DuplicateRecord",
    "LockTimeout",
    "MatterNotFound",
    "NotFound",
    "OfficeNotFound",
    "StorageError",
    "StorageUnavailable",
    "UnitNotFound",
    "UnitOfWorkInUse",
]


class NotFound(SupervisionError, LookupError):
    """Raised when a record does not exist *or the caller may not see it*.

    A confidential matter an actor may not see raises exactly the same error as a missing id,
    so the error never reveals that the record exists. ``kind`` names the record type
    (``"matter"``, ``"unit"``) and ``key`` the id that was looked up.
    """

    kind: str
    key: str

    def __init__(self, kind: str, key: str) -> None:
        zh = {"matter": "督办事项", "unit": "承办单位", "office": "督查机构",
              "escalation": "督办升级记录", "score entry": "考核记录", "notice": "通知",
              "objection": "复核申请", "conclusion": "督查结论"}.get(kind, kind)
        super().__init__(
            f"{kind} {shown(key)!r} not found (未找到{zh}); check the id, "
            f"and that you are allowed to see it",
            kind=kind,
            key=key,
        )


class MatterNotFound(NotFound):
    """Raised when a matter (督办事项) id is unknown or not visible to the actor."""

    def __init__(self, matter_id: str) -> None:
        super().__init__("matter", matter_id)


class OfficeNotFound(NotFound):
    """Raised when an office (督查机构) id is unknown, or not one the actor may act in."""

    def __init__(self, office_id: str) -> None:
        super().__init__("office", office_id)


class UnitNotFound(NotFound):
    """Raised when a unit (承办单位) id is unknown."""

    def __init__(self, unit_id: str) -> None:
        super().__init__("unit", unit_id)


class DuplicateRecord(SupervisionError, ValueError):
    """Raised when storage already holds a record with the same unique key.

    ``kind`` is the record type (``"matter"``, ``"unit"``, ``"event"``, ``"number"``) and
    ``key`` the duplicated key (an id, or a registration number such as 池开督〔2026〕15号).
    """

    kind: str
    key: str

    def __init__(self, kind: str, key: str) -> None:
        super().__init__(
            f"{kind} {shown(key)!r} already exists (重复记录); use a new id, or fetch and update "
            f"the existing record",
            kind=kind,
            key=key,
        )


class ConcurrencyError(SupervisionError):
    """Raised when a record changed since it was read (optimistic concurrency, 并发修改冲突).

    ``kind`` and ``key`` identify the record; ``expected_version`` is the version the caller
    read, ``actual_version`` the one storage holds now (None if it vanished). Re-read the
    record and apply the change again.
    """

    kind: str
    key: str
    expected_version: int
    actual_version: int | None

    def __init__(
        self, kind: str, key: str, expected_version: int, actual_version: int | None
    ) -> None:
        super().__init__(
            f"{kind} {shown(key)!r} was changed by someone else (并发修改冲突): expected version "
            f"{expected_version}, found {actual_version}; re-read it and try again",
            kind=kind,
            key=key,
            expected_version=expected_version,
            actual_version=actual_version,
        )


class UnitOfWorkInUse(SupervisionError, RuntimeError):
    """Raised when a unit of work is entered again while it holds changes not yet committed
    or rolled back (工作单元仍有未提交的更改): entering would silently discard them.

    Use a new unit of work per command, or commit / roll back first.
    """

    def __init__(self, pending: str) -> None:
        super().__init__(
            f"this unit of work still holds uncommitted changes ({pending}); commit or roll "
            "back before entering it again, or use a new unit of work per command "
            "(工作单元仍有未提交的更改)",
            pending=pending,
        )


class StorageError(SupervisionError):
    """Raised when the database refuses an operation for a reason the library has no more
    specific error for (数据库错误); ``operation`` names what the adapter was doing and
    ``reason`` is the database's own message. ``retryable`` says whether running the whole unit
    of work again may succeed (False here; True for :class:`StorageUnavailable`)."""

    retryable: bool = False
    operation: str
    reason: str

    def __init__(self, operation: str, reason: str) -> None:
        super().__init__(
            f"database error while {operation} (数据库错误): {reason}; nothing of this unit of "
            f"work was stored, check the database and its schema (supervision db upgrade URL)",
            operation=operation,
            reason=reason,
        )


class StorageUnavailable(StorageError):
    """Raised when the connection to the database was lost or the server ended the
    transaction (connection killed, server restart, serialization failure, deadlock victim):
    数据库连接中断. Nothing of the unit of work was stored; ``retryable`` is True, so run the
    whole unit of work again (e.g. with a retry decorator)."""

    retryable: bool = True

    def __init__(self, operation: str, reason: str) -> None:
        SupervisionError.__init__(
            self,
            f"database unavailable while {operation} (数据库连接中断，本次操作未保存): {reason}; "
            f"nothing was stored, run the unit of work again",
            operation=operation,
            reason=reason,
        )


class LockTimeout(StorageUnavailable):
    """Raised when a lock held by another transaction was not released within the adapter's
    lock timeout (锁等待超时) instead of waiting for ever. Nothing was stored; retry later, or
    find the transaction that holds the lock."""

    def __init__(self, operation: str, reason: str) -> None:
        SupervisionError.__init__(
            self,
            f"lock wait timed out while {operation} (锁等待超时，本次操作未保存): {reason}; "
            f"another transaction holds the lock, retry later",
            operation=operation,
            reason=reason,
        )
