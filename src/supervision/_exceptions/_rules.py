"""Rules: the lifecycle, permissions, the rules of a policy, and policies themselves."""

from __future__ import annotations

from typing import Any

from supervision._exceptions._base import InvalidInput, SupervisionError, shown

__all__ = [
    "ApprovalRequired",
    "DuplicatePolicy",
    "InvalidParameter",
    "InvalidPolicy",
    "LifecycleDefinitionError",
    "PeriodOutOfRange",
    "PermissionDenied",
    "PolicyNotInForce",
    "RuleViolation",
    "TransitionNotAllowed",
    "UnknownCategory",
    "UnknownPolicy",
]


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
            f"状态 {status} 不能 {action} (matter {shown(matter_id)!r}: action not allowed in this "
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
            f"{shown(person_id)!r} may not {action} (无权{action}): {reason}",
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


class ApprovalRequired(RuleViolation, TransitionNotAllowed):
    """Raised when a matter whose policy requires 审定 is dispatched (交办) before it: an
    illegal transition refused by a rule of the policy, so it is both a
    :class:`RuleViolation` (``rule`` ``"approval_required"``, citing the clause) and a
    :class:`TransitionNotAllowed` (``status`` 待审定, ``action`` 交办, ``allowed`` what the
    state allows), and its message names the state like every other illegal transition:
    ``状态 待审定 不能 交办``.
    """

    def __init__(
        self,
        matter_id: str,
        status: str,
        action: str,
        detail: str,
        citation: str = "",
        cited: str = "",
        *,
        allowed: tuple[str, ...] = (),
        status_code: str = "",
        action_code: str = "",
    ) -> None:
        shown = cited or citation
        source = f" [{shown}]" if shown else ""
        SupervisionError.__init__(
            self,
            f"状态 {status} 不能 {action}：{detail}{source}",
            rule="approval_required", detail=detail, citation=citation, cited=cited,
            matter_id=matter_id, status=status, action=action, allowed=allowed,
            status_code=status_code, action_code=action_code,
        )

    def citing(self, cited: str) -> ApprovalRequired:
        """The same refusal with the clause in the words a person reads."""
        return ApprovalRequired(
            self.matter_id, self.status, self.action, self.detail, self.citation, cited,
            allowed=self.allowed, status_code=self.status_code, action_code=self.action_code,
        )


class UnknownPolicy(SupervisionError, LookupError):
    """Raised when a policy name (or alias) is not in the registry.

    ``name`` is what was asked for; ``known`` the registered names, sorted.
    """

    name: str
    known: tuple[str, ...]

    def __init__(self, name: str, known: tuple[str, ...]) -> None:
        message = (
            f"no policy named {shown(name)!r} (未找到督查督办制度 {shown(name)!r}); registered "
            f"policies: "
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
            f"policy name {shown(name)!r} is already registered by {shown(holder)!r} "
            f"(制度名称重复); "
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
        message = f"policy {shown(policy)!r} is not well-formed (制度定义有误): {problem}"
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

    ``policy`` is the policy, ``got`` the category given, ``known`` the policy's categories
    (keys); the message names each by its label too (``labels``, in the same order).
    """

    policy: str
    known: tuple[str, ...]

    def __init__(self, policy: str, category: Any, known: tuple[str, ...],
                 labels: tuple[str, ...] = ()) -> None:
        named = ([f"{label}（{key}）" for key, label in zip(known, labels, strict=True)]
                 if len(labels) == len(known) else list(known))
        super().__init__(
            "category",
            (f"one of {', '.join(named)} 事项类别" if known
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
