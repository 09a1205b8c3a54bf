"""The policy suite's check of the commands: each registration requirement a policy declares
is enforced when a matter is registered through the composition root (issue 11.1).
Re-exported by :mod:`supervision.testing.policy_suite`."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from typing import Any

import attrs

from supervision.adapters.memory import InMemoryStore
from supervision.bootstrap import bootstrap
from supervision.calendar import SHANGHAI
from supervision.clock import FixedClock
from supervision.domain.actors import Actor, Role
from supervision.domain.model import (
    DeadlineTerms,
    Instruction,
    Registration,
    Responsible,
    Source,
    SourceKind,
    Unit,
    UnitKind,
)
from supervision.domain.policy import SOURCES, Policy, Requirement
from supervision.exceptions import RuleViolation, SupervisionError
from supervision.periods import Period
from supervision.policies import Registry
from supervision.service_layer import OfficeSpec
from supervision.testing._problem import Problem

__all__ = ["REFUSAL_CODES", "check_requirement", "unapplied_requirements"]

# ======================================================= requirements applied
#: The code of the refusal each registration requirement stands for: the finding
#: :meth:`Policy.check_registration` reports, and the ``rule`` of the RuleViolation
#: registration raises. NUMBERED refuses nothing: every matter gets a number.
REFUSAL_CODES: Mapping[Requirement, str] = {
    Requirement.CATEGORY_REQUIRED: "category_required",
    Requirement.DEADLINE_REQUIRED: "deadline_required",
    Requirement.LEADER_INSTRUCTION: "leader_instruction_missing",
    Requirement.NOT_INTERNAL_FUNCTION: "internal_function",
}

_OFFICE = "policy-suite"
_CLERK = Actor.of("suite-clerk", Role.OFFICE_CLERK, office_id=_OFFICE)
_UNIT = Unit.create("suite-unit", "经济发展局", UnitKind.DEPARTMENT, head_id="suite-head")


def _source(kind: str, day: _dt.date) -> Source:
    if kind == SourceKind.MEETING_DECISION.value:
        return Source.meeting(day, day, "会议纪要")
    leader = "主要领导" if kind == SourceKind.LEADER_INSTRUCTION.value else ""
    return Source.of(SourceKind(kind), "来源", leader=leader, issued_on=day)


def _violating(policy: Policy, code: str | None) -> tuple[str | None, str, bool] | None:
    """A (category, source, deadline stated) the policy refuses with exactly ``code`` (None:
    one it accepts), or None when there is no such registration."""
    kinds = {k.value for k in SourceKind}
    for category in (None, *policy.categories):
        for source in (s for s in SOURCES if s in kinds):
            for stated in (True, False):
                findings = policy.check_registration(
                    category=category, source=source, deadline_stated=stated,
                    leader_instruction=source == SourceKind.LEADER_INSTRUCTION.value,
                )
                refusals = {f.code for f in findings if f.refuses}
                if refusals == ({code} if code else set()):
                    return category, source, stated
    return None


def _register(policy: Policy, case: tuple[str | None, str, bool], **extra: Any) -> Any:
    """Register one matter (category, source, deadline stated) under ``policy`` through the
    composition root: the matter, or the error registration raised."""
    category, source, stated = case
    day = policy.validity.effective_from
    app = bootstrap(
        store=InMemoryStore(), clock=FixedClock(_dt.datetime.combine(day, _dt.time(9), SHANGHAI)),
        offices=[OfficeSpec(_OFFICE, "督查室", policy, effective_from=day)],
        policies=[] if policy.name in Registry.with_builtins() else [policy],
    )
    app.add_unit(_CLERK, _UNIT)
    registration = Registration(
        title="推进园区道路改造", requirements="按期完成并报送结果", source=_source(source, day),
        lead_unit_id=_UNIT.id, responsible=(Responsible("suite-head", "赵局长", _UNIT.id),),
        category=category, deadline=DeadlineTerms.stated(Period.days(15)) if stated else None,
        # a leader's instruction is recorded for an instruction source (as _violating
        # assumes), and a supervising leader for policies whose reports they sign
        instruction=(Instruction.of("主要领导", day)
                     if source == SourceKind.LEADER_INSTRUCTION.value else None),
        supervising_leader="suite-leader",
    )
    try:
        return app.register(_CLERK, attrs.evolve(registration, **extra))
    except SupervisionError as error:
        return error


def _outcome(outcome: Any) -> str:
    if isinstance(outcome, SupervisionError):
        return f"{type(outcome).__name__}: {outcome}"
    return f"matter {outcome.number} (立项成功)"


def check_requirement(policy: Policy, requirement: Requirement) -> list[Problem]:
    """Registration enforces ``requirement``: a matter breaking it is refused with the
    RuleViolation :data:`REFUSAL_CODES` names (NUMBERED: a registered matter carries the
    office's number; NOT_INTERNAL_FUNCTION needs a ``Registration.internal_function`` flag)."""
    rule = next((r for r in policy.registration if r.requirement is requirement), None)
    subject = f"{requirement.name.lower()} ({requirement.label})"
    if rule is None:
        return [Problem("requirements", subject, f"{policy.name} does not declare it")]
    cite = policy.cite(rule.citation)
    code = REFUSAL_CODES.get(requirement)
    extra: dict[str, Any] = {}
    if requirement is Requirement.NOT_INTERNAL_FUNCTION:
        if "internal_function" not in attrs.fields_dict(Registration):
            return [Problem(
                "requirements", subject,
                f"{cite}: 立项登记无法记载“属部门内部职能”，无命令执行此项规定。 A "
                "Registration cannot record that a matter is a department's internal function, "
                "so no command applies this requirement.",
            )]
        extra = {"internal_function": True}
    case = _violating(policy, None if extra else code)
    if case is None:
        # No registration breaks it (every matter meets it by construction), or none passes.
        return [] if code else [Problem("requirements", subject, "no registration is accepted")]
    outcome = _register(policy, case, **extra)
    if code is None:  # NUMBERED
        if isinstance(outcome, SupervisionError) or not str(outcome.number).startswith(
            policy.numbering_prefix
        ):
            return [Problem("requirements", subject,
                            f"{cite}: the matter carries no number ({_outcome(outcome)})")]
        return []
    if isinstance(outcome, RuleViolation) and outcome.rule == code:
        return []
    category, source, stated = case
    return [Problem(
        "requirements", subject,
        f"{cite}: 制度规定的立项条件未被执行。 Registering category={category!r}, "
        f"source={source!r}, deadline {'stated' if stated else 'not stated'}"
        f"{', ' + repr(extra) if extra else ''} should be refused with RuleViolation "
        f"{code!r}; registration gave {_outcome(outcome)}.",
    )]


def unapplied_requirements(policy: Policy) -> list[Problem]:
    """The registration requirements ``policy`` declares that registration does not enforce
    (issue 11.1: a policy must declare no check that no command applies)."""
    found: list[Problem] = []
    for rule in policy.registration:
        found += check_requirement(policy, rule.requirement)
    return found
