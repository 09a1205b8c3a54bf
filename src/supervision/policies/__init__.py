"""The five regulations as cited, frozen policy data, and the registry that holds them.

    >>> from supervision import policies
    >>> policies.names()
    ('chizhou-2021', 'daoli-2017', 'lianyungang-2019', 'tongren-2014', 'zhoucun-2021')
    >>> policies.get("chizhou-2021").default_period("important", "meeting_decision")
    Period(unit=<PeriodUnit.DAYS: '日'>, count=15)

Each policy is one regulation turned into data (``docs/policies/``): its document and validity,
the kinds and categories of matters it distinguishes, default periods with their start events,
duties, periodic reporting, registration, approval and sign-off rules, escalation ladders and
scoring. Every rule carries a :class:`Citation`. Defaults where the text is silent are
parameters: ``policies.get("chizhou-2021").with_parameters(streak_scope="per_matter")``.
Integrators define a new jurisdiction's :class:`Policy` in their own code and :func:`register` it.
"""

from __future__ import annotations

from supervision.policies._model import (
    SOURCES,
    Actor,
    ApprovalRule,
    AssessmentPeriod,
    Category,
    Citation,
    Criterion,
    Cycle,
    DocumentType,
    Duty,
    EscalationAction,
    ExplanationEffect,
    Finding,
    Grade,
    GradingRule,
    Ladder,
    MatterKind,
    Note,
    Obligation,
    Parameters,
    PeriodRange,
    PeriodRule,
    Policy,
    RegistrationRule,
    ReportingRule,
    Requirement,
    ReturnReason,
    Rung,
    Scope,
    ScoreBasis,
    ScoringRule,
    Severity,
    SignOff,
    SignOffRule,
    StartEvent,
    StreakRule,
    Trigger,
    TriggerEvent,
    Validity,
    choice,
    decimal_points,
    flag,
    parameter,
    prefix_field,
    quotes_missing_from,
    warning_field,
    warning_rungs,
    whole_number,
)
from supervision.policies._registry import Registry
from supervision.policies._render import to_dict, to_markdown

__all__ = [
    "SOURCES",
    "Actor",
    "ApprovalRule",
    "AssessmentPeriod",
    "Category",
    "Citation",
    "Criterion",
    "Cycle",
    "DocumentType",
    "Duty",
    "EscalationAction",
    "ExplanationEffect",
    "Finding",
    "Grade",
    "GradingRule",
    "Ladder",
    "MatterKind",
    "Note",
    "Obligation",
    "Parameters",
    "PeriodRange",
    "PeriodRule",
    "Policy",
    "RegistrationRule",
    "Registry",
    "ReportingRule",
    "Requirement",
    "ReturnReason",
    "Rung",
    "Scope",
    "ScoreBasis",
    "ScoringRule",
    "Severity",
    "SignOff",
    "SignOffRule",
    "StartEvent",
    "StreakRule",
    "Trigger",
    "TriggerEvent",
    "Validity",
    "choice",
    "decimal_points",
    "flag",
    "get",
    "names",
    "parameter",
    "prefix_field",
    "quotes_missing_from",
    "register",
    "to_dict",
    "to_markdown",
    "unregister",
    "warning_field",
    "warning_rungs",
    "whole_number",
]

_default: Registry | None = None


def _registry() -> Registry:
    global _default
    if _default is None:
        _default = Registry.with_builtins()
    return _default


def get(name: str) -> Policy:
    """The registered policy called ``name`` (or an alias such as ``"chizhou"`` / ``"池州"``).

    An unknown name raises :class:`~supervision.exceptions.UnknownPolicy` listing the names.
    """
    return _registry().get(name)


def names() -> tuple[str, ...]:
    """The registered policy names, sorted."""
    return _registry().names()


def register(policy: Policy) -> Policy:
    """Register an integrator-defined policy; a name or alias already taken is refused."""
    return _registry().register(policy)


def unregister(name: str) -> None:
    """Remove an integrator-registered policy (the five shipped regulations stay)."""
    _registry().unregister(name)
