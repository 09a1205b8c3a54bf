"""The environment: optional dependencies, the test harness's PostgreSQL, ledger imports."""

from __future__ import annotations

from typing import Any

from supervision._exceptions._base import SupervisionError

__all__ = [
    "LedgerImportError",
    "MissingExtra",
    "PostgresCleanupFailed",
    "PostgresUnavailable",
]


class MissingExtra(SupervisionError, ImportError):
    """Raised when a feature needs an optional dependency that is not installed.

    ``extra`` is the extra to install (``"office"``), ``package`` the missing distribution
    (``"python-docx"``, ``"openpyxl"``) and ``feature`` what needed it.
    """

    extra: str
    package: str
    feature: str

    def __init__(self, extra: str, package: str, feature: str) -> None:
        super().__init__(
            f"{package} is needed to {feature} (缺少可选依赖 {package}): "
            f"install it with pip install 'supervision-duban[{extra}]'",
            extra=extra,
            package=package,
            feature=feature,
        )


class LedgerImportError(SupervisionError, ValueError):
    """Raised when an imported ledger (台账导入) has wrong rows; nothing was imported.

    ``problems`` holds every problem found, each a ``(row, column, message)`` tuple (the
    spreadsheet row number, the column's header, what was wrong and what was expected).
    Correct the file and import it again: an import is all or nothing.
    """

    problems: tuple[tuple[int, str, str], ...]

    def __init__(self, problems: Any) -> None:
        found = tuple(problems)
        lines = "; ".join(f"第{row}行 {column}: {message}" for row, column, message in found[:20])
        more = f"; … and {len(found) - 20} more" if len(found) > 20 else ""
        super().__init__(
            f"{len(found)} problem(s) in the ledger, nothing imported "
            f"(台账导入失败，未导入任何事项): {lines}{more}",
            problems=found,
        )


class PostgresUnavailable(SupervisionError, RuntimeError):
    """Raised when the test harness cannot provide a PostgreSQL server (测试用 PostgreSQL 不可用).

    ``stage`` names the step that failed (``binaries``, ``user``, ``directory``, ``initdb``,
    ``start``, ``connect``, ``createdb``, ``url``), ``reason`` what went wrong, ``log_tail`` the
    last lines of the tool or server output (empty when there is none) and ``directory`` the
    temporary directory the attempt used (already removed when this is raised), or None.
    """

    stage: str
    reason: str
    log_tail: str
    directory: str | None

    def __init__(
        self,
        stage: str,
        reason: str,
        *,
        hint: str = "",
        log_tail: str = "",
        directory: str | None = None,
    ) -> None:
        advice = hint or (
            "Install PostgreSQL 15 (initdb, pg_ctl and postgres on PATH or in "
            "/usr/lib/postgresql/<version>/bin), or set SUPERVISION_TEST_PG_URL to a server "
            "the tests may use"
        )
        message = (
            f"PostgreSQL for tests unavailable (测试用 PostgreSQL 不可用), {stage}: {reason}"
            f"{'' if reason.endswith(('.', '?', '!')) else '.'} {advice}"
        )
        if log_tail:
            message += f"\n--- last lines of output ---\n{log_tail}"
        super().__init__(
            message, stage=stage, reason=reason, log_tail=log_tail, directory=directory
        )


class PostgresCleanupFailed(SupervisionError, RuntimeError):
    """Raised when the test harness cannot stop its throwaway server or remove its directory.

    ``directory`` is the temporary directory, ``pid`` the postmaster process id (or None) and
    ``reason`` what failed; the message says how to finish the clean-up by hand.
    """

    directory: str
    pid: int | None
    reason: str

    def __init__(self, directory: str, reason: str, *, pid: int | None = None) -> None:
        by_hand = f"kill {pid} and " if pid is not None else ""
        message = (
            f"throwaway PostgreSQL not cleaned up (测试用 PostgreSQL 未能清理): {reason}. "
            f"Finish by hand: {by_hand}rm -rf {directory}"
        )
        super().__init__(message, directory=directory, pid=pid, reason=reason)
