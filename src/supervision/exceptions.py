"""The library's exceptions: one tree rooted at :class:`SupervisionError`.

Every class says when it is raised, carries structured fields an OA system can show or log,
and has a message that names what was wrong and what to do. Domain terms appear in Chinese
beside the English. Classes subclass ``ValueError`` / ``LookupError`` where callers expect it.
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "CalendarDataUnavailable",
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

#: The longest ``repr`` of a wrong value that :func:`shown` lets an error quote whole.
SHOWN_LENGTH = 200


class SupervisionError(Exception):
    """Root of every error the library raises on purpose.

    ``fields`` holds the structured details (also available as attributes).
    """

    def __init__(self, message: str, **fields: Any) -> None:
        super().__init__(message)
        self.message = message
        self.fields: dict[str, Any] = dict(fields)
        for name, value in fields.items():
            setattr(self, name, value)

    def __str__(self) -> str:
        return self.message


class InvalidInput(SupervisionError, ValueError):
    """Raised when an argument has the wrong type, form or value.

    ``field`` names the argument (in the caller's terms), ``expected`` says what was expected
    and ``got`` is the value received.
    """

    field: str
    expected: str
    got: Any

    def __init__(self, field: str, expected: str, got: Any, *, hint: str = "") -> None:
        message = f"{field}: expected {expected}, got {got!r}"
        if hint:
            message += f". {hint}"
        super().__init__(message, field=field, expected=expected, got=got)


def shown(value: Any) -> Any:
    """``value`` itself if an error message can quote it whole; otherwise a short text about it.

    Errors quote the wrong value (``got``). A value from a hostile source can be huge (a 16 MB
    string, an integer of a million digits), nested too deep for ``repr``, or have a ``repr``
    that fails; quoting it would raise a second error or flood the log. Such a value is
    replaced by a text naming its type, its size and the start of its ``repr``:
    ``<str of 20000000 characters: '[[[[[[[[…>``. Values whose ``repr`` has at most
    :data:`SHOWN_LENGTH` characters are returned unchanged.
    """
    kind = type(value).__name__
    if isinstance(value, int) and value.bit_length() > 4 * SHOWN_LENGTH:
        return f"<{kind} of {value.bit_length()} bits>"
    if isinstance(value, str | bytes | bytearray):
        if len(value) <= SHOWN_LENGTH:
            return value
        unit = "characters" if isinstance(value, str) else "bytes"
        return f"<{kind} of {len(value)} {unit}: {repr(value[:SHOWN_LENGTH // 2])[:-1]}…>"
    try:
        text = repr(value)
    except Exception:  # RecursionError, a failing __repr__
        return f"<{kind} that cannot be shown>"
    if len(text) <= SHOWN_LENGTH:
        return value
    try:
        size = f" of {len(value)} items"
    except Exception:  # no len(), or a failing one
        size = ""
    return f"<{kind}{size}: {text[:SHOWN_LENGTH // 2]}…>"


class InputOutOfBounds(InvalidInput):
    """Raised when a value has the right type and form but lies beyond a bound the library
    documents (docs/integration.md, "Bounds on input"; 超出允许范围).

    Examples: a period longer than about a hundred years (``Period.days(10**9)``), a start day
    outside 1900–2999, JSON text longer than 16 MiB or nested more than 32 levels deep, text
    longer than its maximum. ``field``, ``expected`` and ``got`` as for :class:`InvalidInput`
    (``got`` passed through :func:`shown`); ``limit`` states the bound (``36525``,
    ``"1900-01-01..2999-12-31"``).
    """

    limit: Any

    def __init__(self, field: str, expected: str, got: Any, *, limit: Any, hint: str = "") -> None:
        super().__init__(field, expected, shown(got), hint=hint)
        self.limit = limit
        self.fields["limit"] = limit


class NaiveDatetime(InvalidInput):
    """Raised when a datetime without a time zone reaches the library.

    The library never guesses a zone: pass an aware datetime (any zone; it is converted to
    Asia/Shanghai before counting).
    """

    def __init__(self, field: str, got: Any) -> None:
        super().__init__(
            field,
            "an aware datetime (with tzinfo) 需要带时区的时间",
            got,
            hint="Attach a zone, e.g. value.replace(tzinfo=ZoneInfo('Asia/Shanghai')), "
            "or pass a date for a whole day",
        )


class ScheduleFileError(InvalidInput):
    """Raised when a holiday-schedule file (节假日安排 transcription) cannot be read or is invalid.

    ``path`` is the file, ``field`` the entry at fault.
    """

    path: str

    def __init__(self, path: str, field: str, expected: str, got: Any) -> None:
        super().__init__(field, expected, got, hint=f"in holiday schedule file {path}")
        self.path = path
        self.fields["path"] = path


class CalendarDataUnavailable(SupervisionError, LookupError):
    """Raised when working-day arithmetic touches a year the calendar has no schedule for.

    The library never guesses a year's holidays silently. ``year`` is the missing year and
    ``day`` the date that needed it (or None when only the year is known).
    """

    year: int

    def __init__(self, year: int, day: Any = None, *, known: str = "") -> None:
        where = f" (needed for {day})" if day is not None else ""
        known_part = f"; this calendar knows {known}" if known else ""
        message = (
            f"no working-day schedule for {year}{where}{known_part}. "
            f"{year}年节假日安排未知：请在国务院办公厅发布通知后提供. "
            f"Supply it with calendar.with_year({year}, holidays=[...], working_days=[...]) "
            f"or load a transcription of the notice with "
            f"calendar.china().with_schedule(calendar.load_schedule(path)); "
            f"or opt in to calendar.china(provisional=True), which counts unknown years with "
            f"their weekends and statutory holidays off (no 调休) and marks the results "
            f"provisional"
        )
        super().__init__(message, year=year, day=day)


# --------------------------------------------------------------------------------------------
# Domain core and storage (issue 3)


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
            f"{kind} {key!r} not found (未找到{zh}); check the id, "
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
            f"{kind} {key!r} already exists (重复记录); use a new id, or fetch and update the "
            f"existing record",
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
            f"{kind} {key!r} was changed by someone else (并发修改冲突): expected version "
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


class TransitionNotAllowed(SupervisionError):
    """Raised when an action is not allowed in a matter's current status.

    ``matter_id``, ``status`` (the current status's Chinese label, e.g. 已办结) and ``action``
    (the action's Chinese label, e.g. 退回); ``status_code`` and ``action_code`` are the
    enum values (``"completed"``, ``"return_for_redo"``) for programs. ``allowed`` lists the
    actions the status allows. The message reads like ``状态 已办结 不能 退回``.
    """

    matter_id: str
    status: str
    action: str
    allowed: tuple[str, ...]
    status_code: str
    action_code: str

    def __init__(
        self,
        matter_id: str,
        status: str,
        action: str,
        allowed: tuple[str, ...] = (),
        *,
        status_code: str = "",
        action_code: str = "",
    ) -> None:
        hint = f"; allowed here (可执行): {'、'.join(allowed)}" if allowed else ""
        super().__init__(
            f"状态 {status} 不能 {action} (matter {matter_id!r}: action not allowed in this "
            f"status{hint})",
            matter_id=matter_id,
            status=status,
            action=action,
            allowed=allowed,
            status_code=status_code,
            action_code=action_code,
        )


class LifecycleDefinitionError(SupervisionError, ValueError):
    """Raised when a lifecycle transition table is inconsistent (checked when it is defined).

    ``problem`` says what is wrong: no initial state, a state not reachable from it, a
    transition out of a final state, a non-final state with no way out.
    """

    problem: str

    def __init__(self, problem: str) -> None:
        super().__init__(
            f"invalid lifecycle table (流程定义错误): {problem}; fix the transition table",
            problem=problem,
        )


class PermissionDenied(SupervisionError, PermissionError):
    """Raised when an actor may not perform an action (无权操作).

    ``person_id`` is the actor, ``action`` the action's Chinese label and ``reason`` says which
    rule refused it (role, unit assignment, reviewer is the reporter, …). A denial writes
    nothing.
    """

    person_id: str
    action: str
    reason: str

    def __init__(self, person_id: str, action: str, reason: str) -> None:
        super().__init__(
            f"{person_id!r} may not {action} (无权{action}): {reason}",
            person_id=person_id,
            action=action,
            reason=reason,
        )


class RuleViolation(SupervisionError, ValueError):
    """Raised when a command breaks a rule of the domain or of the policy in force.

    ``rule`` is a stable code (``"deadline_required"``, ``"category_required"``,
    ``"extensions_disabled"``, ``"extension_too_late"``, ``"signoff_required"``, …),
    ``detail`` the explanation with what to do, ``citation`` the clause key it comes from
    (``"zhoucun-2021 §4.3"``, for code and tests) or ``""`` for a library convention, and
    ``cited`` the clause as a person reads it (《周村区…办法》第四部分第（三）项), which the
    message shows. The service layer fills ``cited`` from the matter's policy; the key alone
    never reaches the message once it has.
    """

    rule: str
    detail: str
    citation: str
    cited: str

    def __init__(self, rule: str, detail: str, citation: str = "", cited: str = "") -> None:
        shown = cited or citation
        source = f" [{shown}]" if shown else ""
        super().__init__(f"{detail}{source}", rule=rule, detail=detail, citation=citation,
                         cited=cited)

    def citing(self, cited: str) -> RuleViolation:
        """The same violation with the clause in the words a person reads."""
        return RuleViolation(self.rule, self.detail, self.citation, cited)


class DeliveryRefused(SupervisionError):
    """Raised by a notice sender (:class:`supervision.delivery.Sender`) when the channel
    refuses a notice for good (无法送达: no such recipient, an address the channel rejects):
    the notice is marked 未送达 at once instead of being tried again. ``reason`` says why."""

    reason: str

    def __init__(self, reason: str) -> None:
        super().__init__(f"the notice cannot be delivered (无法送达): {reason}", reason=reason)


class DuplicateSupervision(RuleViolation):
    """Raised when a registration likely repeats a matter the office already supervises
    (重复督查; rule ``duplicate_supervision``) and no override with a reason was given.
    ``candidates`` are the matters found (:class:`supervision.domain.duplicates
    .DuplicateCandidate`: id, number, title and why), only matters the registering person may
    see. Register anyway with ``override=DuplicateOverride.of(reason)`` (recorded)."""

    candidates: tuple[Any, ...]

    def __init__(self, candidates: tuple[Any, ...], cited: str = "") -> None:
        listed = "；".join(getattr(c, "label", str(c)) for c in candidates)
        RuleViolation.__init__(
            self, "duplicate_supervision",
            f"疑似重复督查：{listed}。确需另行立项的，请说明理由（override）。 The registration "
            "likely repeats a matter the office already supervises; register it with an "
            "override and its reason, or handle it under the existing matter.",
            "", cited,
        )
        self.candidates = tuple(candidates)
        self.fields["candidates"] = self.candidates

    def citing(self, cited: str) -> RuleViolation:
        return DuplicateSupervision(self.candidates, cited)


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


class UnknownPolicy(SupervisionError, LookupError):
    """Raised when a policy name (or alias) is not in the registry.

    ``name`` is what was asked for; ``known`` the registered names, sorted.
    """

    name: str
    known: tuple[str, ...]

    def __init__(self, name: str, known: tuple[str, ...]) -> None:
        message = (
            f"no policy named {name!r} (未找到督查督办制度 {name!r}); registered policies: "
            f"{', '.join(known) or '(none)'}. Use one of these names, or define the policy and "
            f"call supervision.policies.register(policy) first"
        )
        super().__init__(message, name=name, known=known)


class DuplicatePolicy(SupervisionError, ValueError):
    """Raised when a policy is registered under a name or alias that is already taken.

    ``name`` is the clashing name; ``holder`` the policy that already has it.
    """

    name: str
    holder: str

    def __init__(self, name: str, holder: str) -> None:
        message = (
            f"policy name {name!r} is already registered by {holder!r} (制度名称重复); "
            f"choose another name, e.g. '<place>-<year of issue>'"
        )
        super().__init__(message, name=name, holder=holder)


class InvalidPolicy(SupervisionError, ValueError):
    """Raised when a policy's data is inconsistent when it is defined (checked once, up front).

    ``policy`` is the policy name, ``problem`` what is wrong with its rules.
    """

    policy: str
    problem: str

    def __init__(self, policy: str, problem: str) -> None:
        message = f"policy {policy!r} is not well-formed (制度定义有误): {problem}"
        super().__init__(message, policy=policy, problem=problem)


class InvalidParameter(InvalidInput):
    """Raised when a policy parameter is unknown or out of its allowed range.

    ``policy`` is the policy, ``field`` the parameter, ``expected`` the allowed values and
    ``got`` the value given; nothing is changed.
    """

    policy: str

    def __init__(self, policy: str, parameter: str, expected: str, got: Any) -> None:
        super().__init__(
            parameter,
            expected,
            got,
            hint=f"policy {policy} parameter {parameter} 参数取值无效; the policy is unchanged",
        )
        self.policy = policy
        self.fields["policy"] = policy


class UnknownCategory(InvalidInput):
    """Raised when a matter category (事项类别) is not one the policy distinguishes.

    ``policy`` is the policy, ``got`` the category given, ``known`` the policy's categories.
    """

    policy: str
    known: tuple[str, ...]

    def __init__(self, policy: str, category: Any, known: tuple[str, ...]) -> None:
        super().__init__(
            "category",
            (f"one of {', '.join(known)} 事项类别" if known
             else "None: this policy distinguishes no categories 本制度不分事项类别"),
            category,
            hint=f"policy {policy} 无此事项类别",
        )
        self.policy = policy
        self.known = known
        self.fields.update(policy=policy, known=known)


class PeriodOutOfRange(InvalidInput):
    """Raised when a chosen period falls outside the range the regulation gives.

    Example: daoli-2017 art.7(2) gives 一般事项 3 to 5 days; 6 is refused. ``low`` and ``high``
    are the bounds (inclusive), ``got`` the value chosen.
    """

    policy: str
    category: str
    low: int
    high: int

    def __init__(
        self, policy: str, category: str, low: int, high: int, got: Any, unit: str
    ) -> None:
        super().__init__(
            "count",
            f"a whole number from {low} to {high} ({low}至{high}{unit})",
            got,
            hint=f"policy {policy} category {category}: 超出制度规定的期限范围; choose a value "
            f"inside the range or state the deadline in the notice",
        )
        self.policy = policy
        self.category = category
        self.low = low
        self.high = high
        self.fields.update(policy=policy, category=category, low=low, high=high)


class PolicyNotInForce(SupervisionError):
    """Raised when a policy is required to be in force on a day outside its validity.

    ``policy`` is the policy, ``on`` the day asked about, ``valid_from`` and ``valid_until``
    its validity (``valid_until`` None when open-ended). Use another policy for that day, or
    read :meth:`supervision.policies.Policy.validity_finding` to report and continue knowingly.
    """

    policy: str

    def __init__(self, policy: str, on: Any, valid_from: Any, valid_until: Any) -> None:
        until = f"to {valid_until}" if valid_until is not None else "open-ended"
        message = (
            f"policy {policy} is not in force on {on} (制度不在有效期内: 有效期 {valid_from} "
            f"{until}); use the regulation in force on that day, or define a successor policy"
        )
        super().__init__(message, policy=policy, on=on, valid_from=valid_from,
                         valid_until=valid_until)


# SQL storage (issue 5)


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


# --------------------------------------------------------------------------------------------
# Documents and the ledger (issue 6)


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
