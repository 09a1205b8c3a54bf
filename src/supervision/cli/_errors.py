"""Exit codes and how every error becomes one short message (docs/cli.md, "Exit codes").

Every :class:`~supervision.exceptions.SupervisionError` maps to a documented exit code and a
message in Chinese and English; a bad command line is :class:`UsageError` (exit 2). Anything
else is a bug of the library or the CLI (exit 70): it is reported in one line too, and its
traceback is shown only with ``-v``.
"""

from __future__ import annotations

from typing import Any

from supervision.exceptions import (
    CalendarDataUnavailable,
    ConcurrencyError,
    DuplicatePolicy,
    DuplicateRecord,
    InvalidInput,
    LedgerImportError,
    NotFound,
    PermissionDenied,
    PolicyNotInForce,
    RuleViolation,
    StorageError,
    SupervisionError,
    TransitionNotAllowed,
    UnitOfWorkInUse,
    UnknownPolicy,
    shown,
)

__all__ = [
    "EXIT_BUG",
    "EXIT_CALENDAR",
    "EXIT_CODES",
    "EXIT_CONFLICT",
    "EXIT_DATABASE",
    "EXIT_ERROR",
    "EXIT_INTERRUPTED",
    "EXIT_NOT_FOUND",
    "EXIT_OK",
    "EXIT_PERMISSION",
    "EXIT_RULE",
    "EXIT_USAGE",
    "OfficeNotGiven",
    "UsageError",
    "classify",
    "error_fields",
]

EXIT_OK = 0
#: A library error not listed below (a database never migrated, a missing extra, …).
EXIT_ERROR = 1
#: Bad command-line input or invalid input to the library (InvalidInput, an unknown policy).
EXIT_USAGE = 2
#: The calendar lacks a year's holiday schedule (CalendarDataUnavailable).
EXIT_CALENDAR = 3
#: The database is unreachable or busy (a retryable StorageError): nothing was stored.
EXIT_DATABASE = 4
#: A matter, office, unit, escalation … is missing — or the actor may not see it.
EXIT_NOT_FOUND = 5
#: The actor's roles do not allow the action (PermissionDenied).
EXIT_PERMISSION = 6
#: A rule of the regulation or of the lifecycle refuses the command (RuleViolation,
#: TransitionNotAllowed, PolicyNotInForce).
EXIT_RULE = 7
#: Someone else changed the record first, or it already exists (ConcurrencyError,
#: DuplicateRecord): re-read and try again.
EXIT_CONFLICT = 8
#: A bug: an exception that is not the library's. Reported in one line; ``-v`` shows the
#: traceback. Please report it.
EXIT_BUG = 70
#: Interrupted (Ctrl-C).
EXIT_INTERRUPTED = 130

#: Every exit code the command returns, with its meaning (the table in docs/cli.md).
EXIT_CODES: dict[int, str] = {
    EXIT_OK: "完成 done",
    EXIT_ERROR: "错误 library error",
    EXIT_USAGE: "输入有误 invalid input",
    EXIT_CALENDAR: "缺少节假日安排 calendar year missing",
    EXIT_DATABASE: "数据库不可用 database unavailable",
    EXIT_NOT_FOUND: "未找到 not found",
    EXIT_PERMISSION: "无权操作 permission denied",
    EXIT_RULE: "不符合规定 rule violation",
    EXIT_CONFLICT: "冲突 conflict",
    EXIT_BUG: "内部错误 internal error",
    EXIT_INTERRUPTED: "已中断 interrupted",
}


class UsageError(SupervisionError):
    """Bad command-line input (an unknown option, a malformed value): exit 2."""

    def __init__(self, message: str) -> None:
        super().__init__(message)


class OfficeNotGiven(UsageError):
    """No ``--office`` and the database holds no office or several: exit 2."""


#: What to type on the command line for the rules a registration or a report can break.
_RULE_HINTS = {
    "deadline_required": "give --deadline (15日, 3个工作日, 2026-09-30) or --category",
    "category_required": "give --category (the category's label or key; see: supervision "
    "policy show NAME)",
    "leader_instruction_missing": "give --instruction-leader NAME --instruction-date DATE",
    "supervising_leader_required": "give --supervising-leader PERSON",
    "signoff_required": "give --signer PERSON (and --signoff CAPACITY)",
    "start_date_required": "give --meeting-date / --minutes-date / --issued-on, or --deadline",
    "report_content": "give all five parts: --situation --measures --results --problems "
    "--suggestions (write 无 where there is nothing to say)",
}


def _calendar_message(error: CalendarDataUnavailable) -> str:
    """The missing-year message in the words of the command line (never the Python API)."""
    year = error.year
    day = error.fields.get("day")
    where = f" (needed for {day})" if day is not None else ""
    return (
        f"no working-day schedule for {year}{where}. "
        f"{year}年节假日安排未知：请在国务院办公厅发布通知后提供。 "
        f"Supply it with --schedule FILE (a TOML transcription of the notice; see "
        f"docs/calendar.md), or opt in to --provisional, which counts unknown years with "
        f"their weekends and statutory holidays off (no 调休) and marks the results "
        f"provisional (临时)"
    )


def classify(error: BaseException) -> tuple[int, str]:
    """The exit code and the one-paragraph message for ``error``."""
    if isinstance(error, UsageError):
        return EXIT_USAGE, f"{EXIT_CODES[EXIT_USAGE]}: {_safe_str(error)}"
    if isinstance(error, CalendarDataUnavailable):
        return EXIT_CALENDAR, f"{EXIT_CODES[EXIT_CALENDAR]}: {_calendar_message(error)}"
    if isinstance(error, InvalidInput | UnknownPolicy | DuplicatePolicy | LedgerImportError):
        code = EXIT_USAGE
    elif isinstance(error, StorageError) and error.retryable:
        code = EXIT_DATABASE
    elif isinstance(error, NotFound):
        code = EXIT_NOT_FOUND
    elif isinstance(error, PermissionDenied):
        code = EXIT_PERMISSION
    elif isinstance(error, RuleViolation | TransitionNotAllowed | PolicyNotInForce):
        code = EXIT_RULE
    elif isinstance(error, ConcurrencyError | DuplicateRecord | UnitOfWorkInUse):
        code = EXIT_CONFLICT
    elif isinstance(error, SupervisionError):
        code = EXIT_ERROR
    else:
        text = _safe_str(error)
        return EXIT_BUG, (
            f"{EXIT_CODES[EXIT_BUG]}: {type(error).__name__}: {text} — this is a bug of "
            "supervision (请报告此问题); run again with -v to see the traceback, and report it"
        )
    message = _safe_str(error)
    if isinstance(error, RuleViolation) and error.rule in _RULE_HINTS:
        message += f" (命令行 command line: {_RULE_HINTS[error.rule]})"
    return code, f"{EXIT_CODES[code]}: {message}"


def _safe_str(error: BaseException) -> str:
    try:
        text = str(error)
    except Exception:  # a broken __str__ must not hide the error
        text = ""
    if len(text) > 1000:
        text = text[:1000] + "…"
    return text or type(error).__name__


def error_fields(error: BaseException) -> dict[str, Any]:
    """The structured fields of a library error, JSON-ready (values shown safely)."""
    fields = getattr(error, "fields", None)
    if not isinstance(fields, dict):
        return {}
    return {str(k): _plain(v) for k, v in fields.items()}


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return shown(value)
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value[:50]]
    return str(shown(value))
