"""Small constructors for a jurisdiction of your own: the same :class:`Policy` type the five
shipped regulations are, written in a few lines, every rule citing your regulation.

    import datetime as dt
    from supervision.domain.policy import build as pb
    from supervision.periods import Period

    cite = pb.citer("mycounty-2026")
    policy = pb.policy(
        "mycounty-2026",
        title="某县督查督办工作办法",
        issuer="某县人民政府办公室",
        issued=dt.date(2026, 1, 5),
        numbering_prefix="某县督",
        categories=[
            pb.category("general", "一般事项", Period.working_days(5),
                        cite("§3.1", "一般事项5个工作日内办结")),
            pb.category("important", "重要事项", Period.days(15),
                        cite("§3.2", "重要事项15日内办结")),
        ],
        registration=[pb.require_category(cite("§3", "立项时明确事项类别"))],
        approval=pb.approval("分管领导", cite("§4", "经分管领导审定后交办")),
        signoff=pb.signoff_by_unit_head(cite("§5", "经单位主要负责人签字")),
        ladder=[
            pb.reminder(cite("§6.1", "逾期未办结的予以催办"), reply=Period.working_days(2)),
            pb.bulletin(cite("§6.2", "经催办仍未办结的予以通报")),
            pb.accountability(cite("§6.3", "造成不良影响的追究责任"), decided_by="县政府"),
        ],
        scoring=[pb.deduct_per_bulletin("1", cite("§7", "每通报一次扣1分"))],
    )

Check it with :func:`supervision.testing.policy_suite.check_policy` (the common suite the
shipped policies pass) against your regulation's text, and hand it to
:func:`supervision.bootstrap` (``policies=[policy]``).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Sequence
from decimal import Decimal

import attrs

from supervision.domain.policy._parameters import Parameters, warning_rungs
from supervision.domain.policy._policy import Policy
from supervision.domain.policy._rules import (
    ApprovalRule,
    Category,
    Citation,
    DocumentType,
    Duty,
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
    EscalationAction,
    ExplanationEffect,
    Obligation,
    Requirement,
    ScoreBasis,
    SignOff,
    StartEvent,
    TriggerEvent,
)
from supervision.exceptions import InvalidInput
from supervision.periods import Period

__all__ = [
    "CategorySpec",
    "accountability",
    "approval",
    "bulletin",
    "category",
    "citer",
    "commendation",
    "deduct_per_bulletin",
    "policy",
    "reminder",
    "require_category",
    "require_deadline",
    "require_leader_instruction",
    "signoff_by_leader_in_charge",
    "signoff_by_unit_head",
    "warning",
]

#: The one matter kind a simple policy has when it names none: every source.
GENERAL_KIND = "general"
_ALL_SOURCES = tuple(s for s in SOURCES if s != "special_inspection")


def citer(policy_name: str) -> Callable[[str, str], Citation]:
    """``cite = citer("mycounty-2026")``; ``cite("§3.1", "一般事项5个工作日内办结")``."""
    return lambda clause, quote: Citation(policy_name, clause, quote)


@attrs.frozen
class CategorySpec:
    """A category (事项类别) and its default period, made by :func:`category`."""

    category: Category
    period: PeriodRule


def category(
    key: str,
    label: str,
    period: Period,
    citation: Citation,
    *,
    kind: str = GENERAL_KIND,
    start: StartEvent = StartEvent.DISPATCH,
    obligation: Obligation = Obligation.COMPLETE_AND_REPORT,
    low: int | None = None,
) -> CategorySpec:
    """A category with the period a matter in it gets when its notice states none (counted
    from ``start``). ``low`` makes the period a range ``low``..``period`` (3至5日), the upper
    end the default."""
    if not isinstance(period, Period):
        raise InvalidInput("period", "a supervision.Period", period)
    span = None if low is None else PeriodRange(period.unit, low, period.count)
    return CategorySpec(
        Category(key, label, kind, citation),
        PeriodRule(f"{key}_default", kind, key, (), period, start, obligation, citation,
                   range=span),
    )


def require_category(citation: Citation) -> RegistrationRule:
    """立项 needs a category (no silent default)."""
    return RegistrationRule(Requirement.CATEGORY_REQUIRED, citation)


def require_deadline(citation: Citation) -> RegistrationRule:
    """Every matter carries a deadline: stated, or its category's default."""
    return RegistrationRule(Requirement.DEADLINE_REQUIRED, citation)


def require_leader_instruction(
    citation: Citation, *, admissible_sources: Sequence[str] = ()
) -> RegistrationRule:
    """No 立项 without a recorded leader's instruction (批示), except for the sources named."""
    return RegistrationRule(Requirement.LEADER_INSTRUCTION, citation, tuple(admissible_sources))


def approval(approver: str, citation: Citation, *, kind: str | None = None) -> ApprovalRule:
    """审定 by ``approver`` before dispatch (for matters of ``kind``; None: all)."""
    return ApprovalRule(kind, approver, citation)


def signoff_by_unit_head(citation: Citation) -> SignOffRule:
    """The unit's main head signs a report off before it reaches the office (核签)."""
    return SignOffRule(SignOff.UNIT_HEAD, citation)


def signoff_by_leader_in_charge(citation: Citation) -> SignOffRule:
    """The leader in charge reads and signs a report (阅签)."""
    return SignOffRule(SignOff.LEADER_IN_CHARGE, citation)


def warning(working_days: int, citation: Citation) -> tuple[Rung, ...]:
    """A pre-deadline warning (到期提醒) ``working_days`` before the deadline (0: none)."""
    return warning_rungs(working_days, citation)


def reminder(
    citation: Citation,
    *,
    step: int = 1,
    reply: Period | None = None,
    after: Period | None = None,
    explained: ExplanationEffect = ExplanationEffect.IGNORED,
) -> Rung:
    """催办 once a deadline or a report passes unmet (``after`` it, counted from the missed
    deadline), with a ``reply`` period from the reminder. ``explained`` says how a unit's
    explanation bears on it."""
    return Rung(
        step=step, action=EscalationAction.REMINDER,
        triggers=(Trigger(TriggerEvent.OVERDUE, offset=after,
                          offset_from=None if after is None else StartEvent.MISSED_DEADLINE),
                  Trigger(TriggerEvent.REPORT_OVERDUE, offset=after,
                          offset_from=None if after is None else StartEvent.MISSED_DEADLINE)),
        citation=citation, explanation=explained, reply=reply,
        reply_start=None if reply is None else StartEvent.REMINDER,
    )


def bulletin(
    citation: Citation,
    *,
    step: int = 2,
    after_reminders: int = 1,
    action: EscalationAction = EscalationAction.BULLETIN,
    document: str = "",
) -> Rung:
    """通报 once a unit was reminded ``after_reminders`` times (or returned for redo)."""
    return Rung(
        step=step, action=action,
        triggers=(Trigger(TriggerEvent.REMINDED, after_reminders),
                  Trigger(TriggerEvent.RETURNED_FOR_REDO, after_reminders)),
        citation=citation, document=document,
    )


def accountability(
    citation: Citation, *, step: int = 3, after_reminders: int = 2, decided_by: str = ""
) -> Rung:
    """问责 proposed (never taken automatically) once a unit was reminded
    ``after_reminders`` times without answering; a person decides."""
    return Rung(
        step=step, action=EscalationAction.ACCOUNTABILITY,
        triggers=(Trigger(TriggerEvent.REMINDED, after_reminders),),
        citation=citation, requires_decision=True, decided_by=decided_by,
        explanation=ExplanationEffect.ACCEPTED_EXPLANATION_SUPPRESSES,
    )


def deduct_per_bulletin(
    points: Decimal | int | str,
    citation: Citation,
    *,
    assessment: AssessmentPeriod = AssessmentPeriod.YEAR,
) -> ScoringRule:
    """Points deducted from the unit's assessment for each 通报."""
    return ScoringRule("bulletin", ScoreBasis.BULLETIN, Decimal(str(points)), False,
                       assessment, citation)


def commendation(
    points: Decimal | int | str,
    citation: Citation,
    *,
    assessment: AssessmentPeriod = AssessmentPeriod.YEAR,
) -> ScoringRule:
    """Points added for each 通报表扬."""
    return ScoringRule("commendation", ScoreBasis.COMMENDATION, Decimal(str(points)), True,
                       assessment, citation)


def policy(
    name: str,
    *,
    title: str,
    issuer: str,
    issued: _dt.date,
    numbering_prefix: str,
    document_number: str = "",
    valid_years: int | None = None,
    trial: bool = False,
    validity_citation: Citation | None = None,
    kinds: Sequence[MatterKind] = (),
    categories: Sequence[CategorySpec] = (),
    periods: Sequence[PeriodRule] = (),
    duties: Sequence[Duty] = (),
    reporting: Sequence[ReportingRule] = (),
    registration: Sequence[RegistrationRule] = (),
    approval: ApprovalRule | None = None,
    signoff: SignOffRule | None = None,
    ladder: Sequence[Rung | tuple[Rung, ...]] = (),
    scoring: Sequence[ScoringRule] = (),
    streak: StreakRule | None = None,
    return_reasons: Sequence[ReturnReason] = (),
    documents: Sequence[DocumentType] = (),
    notes: Sequence[Note] = (),
    aliases: Sequence[str] = (),
    extensions_enabled: bool = False,
) -> Policy:
    """A whole :class:`Policy` from the parts above (checked when built, like the shipped
    ones). Without ``kinds`` it has one kind, ``general``, for every source."""
    found_kinds = tuple(kinds) or (
        MatterKind(GENERAL_KIND, "督办事项", _ALL_SOURCES,
                   _first_citation(categories, registration, ladder, validity_citation, name)),
    )
    rungs: list[Rung] = []
    for item in ladder:
        rungs.extend(item if isinstance(item, tuple) else (item,))
    parameters = attrs.evolve(Parameters(), numbering_prefix=numbering_prefix,
                              extensions_enabled=extensions_enabled)
    return Policy(
        name=name,
        title=title,
        document_number=document_number,
        issuer=issuer,
        issued=issued,
        validity=Validity(issued, valid_years, trial, validity_citation),
        parameters=parameters,
        kinds=found_kinds,
        category_list=tuple(c.category for c in categories),
        periods=(*(c.period for c in categories), *periods),
        duties=tuple(duties),
        reporting=tuple(reporting),
        registration=tuple(registration),
        approvals=() if approval is None else (approval,),
        signoff=signoff,
        ladders=(Ladder(None, tuple(rungs)),) if rungs else (),
        scoring=tuple(scoring),
        streak=streak,
        return_reasons=tuple(return_reasons),
        documents=tuple(documents),
        notes=tuple(notes),
        aliases=tuple(aliases),
    )


def _first_citation(
    categories: Sequence[CategorySpec],
    registration: Sequence[RegistrationRule],
    ladder: Sequence[Rung | tuple[Rung, ...]],
    validity: Citation | None,
    name: str,
) -> Citation:
    """The citation the implicit ``general`` kind rests on: the policy's first rule's."""
    for c in categories:
        return c.category.citation
    for r in registration:
        return r.citation
    for item in ladder:
        first = item[0] if isinstance(item, tuple) and item else item
        if isinstance(first, Rung):
            return first.citation
    if validity is not None:
        return validity
    raise InvalidInput(
        "kinds", f"matter kinds, or at least one cited rule (policy {name} cites nothing)", ()
    )
