"""The policy vocabulary: one :class:`Policy` type for every jurisdiction.

A policy is one regulation turned into frozen, cited data: its document and validity, the kinds
and categories of matters it distinguishes, default periods with their start events, duties,
periodic reporting, registration, approval and sign-off rules, escalation ladders and scoring.
Every rule carries a :class:`Citation`. Where the text is silent a policy takes a documented
parameter (:class:`Parameters`).

The five shipped regulations are data built from this vocabulary in :mod:`supervision.policies`;
an integrator's own jurisdiction is the same type, built in their own code (see
:mod:`supervision.domain.policy.build` for small constructors, and docs/policies/index.md).
"""

from __future__ import annotations

from supervision.domain.policy._checks import quotes_missing_from
from supervision.domain.policy._chinese import chinese_clause, chinese_number
from supervision.domain.policy._parameters import (
    Parameters,
    choice,
    decimal_points,
    extensions_field,
    flag,
    parameter,
    prefix_field,
    warning_field,
    warning_rungs,
    whole_number,
)
from supervision.domain.policy._policy import Policy
from supervision.domain.policy._render import snapshot, to_markdown
from supervision.domain.policy._rules import (
    ApprovalRule,
    Category,
    Citation,
    Criterion,
    DocumentType,
    Duty,
    Finding,
    Grade,
    GradingRule,
    Ladder,
    MatterKind,
    Note,
    PeriodRange,
    PeriodRule,
    RegistrationRule,
    ReportingRule,
    ReturnReason,
    Rung,
    ScoringRule,
    SignOffRule,
    StreakRule,
    Trigger,
    Validity,
)
from supervision.domain.policy._terms import (
    SOURCES,
    AssessmentPeriod,
    Cycle,
    DutyHolder,
    EscalationAction,
    ExplanationEffect,
    Obligation,
    Requirement,
    Scope,
    ScoreBasis,
    Severity,
    SignOff,
    StartEvent,
    TriggerEvent,
)

__all__ = [
    "SOURCES",
    "ApprovalRule",
    "AssessmentPeriod",
    "Category",
    "Citation",
    "Criterion",
    "Cycle",
    "DocumentType",
    "Duty",
    "DutyHolder",
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
    "chinese_clause",
    "chinese_number",
    "choice",
    "decimal_points",
    "extensions_field",
    "flag",
    "parameter",
    "prefix_field",
    "quotes_missing_from",
    "snapshot",
    "to_markdown",
    "warning_field",
    "warning_rungs",
    "whole_number",
]
