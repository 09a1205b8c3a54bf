"""The commands on a matter, as pure functions: each returns the changed matter and the event.

Every function checks the lifecycle table (:data:`~supervision.domain.lifecycle.LIFECYCLE`),
the rule it implements, and raises before anything changes. Permission checks (who may act)
happen in the service layer against :mod:`supervision.domain.permissions`; the one
person-level rule that needs the matter's history — the reviewer is never the person who
reported — is checked here. Time and the calendar are arguments.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

import attrs

from supervision.calendar import Calendar
from supervision.clock import require_aware
from supervision.domain._text import check_text
from supervision.domain.actors import Actor
from supervision.domain.deadlines import derive_due, working_days_paused
from supervision.domain.events import EVENT_FOR_ACTION, Event, EventKind
from supervision.domain.lifecycle import LIFECYCLE, Action, Status
from supervision.domain.model import (
    Assignment,
    AssignmentRole,
    Closing,
    Confidentiality,
    ConfidentialityKind,
    DeadlineTerms,
    Decision,
    DueDate,
    Explanation,
    Extension,
    HandlingMode,
    Instruction,
    Matter,
    Milestone,
    ReasonKind,
    Receipt,
    Registration,
    RegistrationNumber,
    Report,
    ReportContent,
    ReportingSchedule,
    ReportKind,
    Responsible,
    ReviewOutcome,
    ReviewRound,
    Signoff,
    SignoffCapacity,
    Source,
    Suspension,
    Unit,
    Urgency,
)
from supervision.domain.office import PolicyRef
from supervision.exceptions import InvalidInput, PermissionDenied, RuleViolation

__all__ = [
    "Change",
    "acknowledge",
    "approve",
    "archive",
    "check_registration",
    "close",
    "complete",
    "confirm_signoff",
    "contribute",
    "current_due",
    "decide_explanation",
    "decide_extension",
    "dispatch",
    "explain",
    "recompute_due",
    "register",
    "reopen",
    "report_progress",
    "request_extension",
    "resume",
    "review",
    "submit_final_report",
    "supply_supplement",
    "suspend",
    "terminate",
    "withdraw",
]


@attrs.frozen
class Change:
    """The result of a command: the new matter and the event that records it."""

    matter: Matter
    event: Event


def _details(**items: object) -> tuple[tuple[str, str], ...]:
    return tuple((k, str(v)) for k, v in items.items() if v is not None and v != "")


def _apply(
    matter: Matter,
    action: Action,
    actor: Actor,
    at: _dt.datetime,
    details: tuple[tuple[str, str], ...] = (),
    **fields: Any,
) -> Change:
    _check_time(matter, at)
    target = LIFECYCLE.target(matter.status, action, matter.id)
    new = attrs.evolve(
        matter, status=target, version=matter.version + 1, changed_at=at, **fields
    )
    event = Event(
        event_id=Event.make_id(new.id, new.version),
        matter_id=new.id,
        kind=EVENT_FOR_ACTION[action],
        actor_id=actor.person_id,
        occurred_at=at,
        status_before=matter.status,
        status_after=target,
        version=new.version,
        due_at=None if new.due is None else new.due.due_at,
        details=details,
    )
    return Change(new, event)


def _check_time(matter: Matter, at: _dt.datetime) -> None:
    require_aware(at, "at")
    if matter.changed_at is not None and at < matter.changed_at:
        raise InvalidInput(
            "at",
            f"a time not before the matter's last change ({matter.changed_at.isoformat()}): "
            "the record runs forward in time 记录时间不得早于上次变更",
            at,
        )


def _nonempty(value: object, field: str) -> str:
    return check_text(value, field)


# ======================================================================= registration
def check_registration(reg: Registration) -> None:
    """Check the types of a registration's fields (the values are checked by register)."""
    if not isinstance(reg, Registration):
        raise InvalidInput("registration", "a supervision.domain.Registration", reg)
    expected: tuple[tuple[str, object, type, str], ...] = (
        ("source", reg.source, Source, "a Source (Source.of / Source.meeting)"),
        ("urgency", reg.urgency, Urgency, "an Urgency"),
        ("reporting", reg.reporting, ReportingSchedule, "a ReportingSchedule"),
        ("confidentiality", reg.confidentiality, Confidentiality, "a Confidentiality"),
    )
    for field, value, kind, what in expected:
        if not isinstance(value, kind):
            raise InvalidInput(field, what, value)
    if reg.handling_mode is not None and not isinstance(reg.handling_mode, HandlingMode):
        raise InvalidInput("handling_mode", "a HandlingMode or None", reg.handling_mode)
    if not all(isinstance(r, Responsible) for r in reg.responsible):
        raise InvalidInput("responsible", "Responsible values", reg.responsible)
    if not all(isinstance(m, Milestone) for m in reg.milestones):
        raise InvalidInput("milestones", "Milestone values", reg.milestones)
    if isinstance(reg.co_unit_ids, str) or not isinstance(reg.co_unit_ids, tuple | list):
        raise InvalidInput("co_unit_ids", "a tuple of unit ids", reg.co_unit_ids)
    if not isinstance(reg.responsible, tuple | list):
        raise InvalidInput("responsible", "a tuple of Responsible", reg.responsible)
    if not isinstance(reg.milestones, tuple | list):
        raise InvalidInput("milestones", "a tuple of Milestone", reg.milestones)
    if reg.instruction is not None and not isinstance(reg.instruction, Instruction):
        raise InvalidInput("instruction", "an Instruction (Instruction.of(leader, on)) or None",
                           reg.instruction)
    if reg.receipt is not None and not isinstance(reg.receipt, Receipt):
        raise InvalidInput("receipt", "a Receipt (Receipt.of(received_at, duty)) or None",
                           reg.receipt)
    for field, flag in (("internal_function", reg.internal_function), ("key_work", reg.key_work)):
        if flag.__class__ is not bool:
            raise InvalidInput(field, "True or False", flag)
    if reg.supervising_leader is not None:
        _nonempty(reg.supervising_leader, "supervising_leader")
    for field, value in (("title", reg.title), ("requirements", reg.requirements),
                         ("lead_unit_id", reg.lead_unit_id)):
        if not isinstance(value, str):
            raise InvalidInput(field, "text", value)
    if reg.category is not None and not isinstance(reg.category, str):
        raise InvalidInput("category", "a category name or None", reg.category)


def register(
    matter_id: str,
    office_id: str,
    policy: PolicyRef,
    number: RegistrationNumber,
    registration: Registration,
    terms: DeadlineTerms,
    actor: Actor,
    at: _dt.datetime,
) -> Change:
    """Build a new matter of ``office_id`` under ``policy`` in 待审定 (draft) and its
    REGISTERED event.

    ``terms`` are the deadline inputs (the stated deadline, or the policy default the
    service looked up: every matter carries a deadline).
    """
    require_aware(at, "at")
    _nonempty(matter_id, "matter_id")
    _nonempty(office_id, "office_id")
    if not isinstance(policy, PolicyRef):
        raise InvalidInput("policy", "a PolicyRef", policy)
    reg = registration
    check_registration(reg)
    secret = reg.confidentiality.kind is ConfidentialityKind.SECRET
    if secret:
        if reg.title or reg.requirements:
            raise RuleViolation(
                "secret_content",
                "a secret matter (涉及秘密) is recorded by reference only: leave title and "
                "requirements empty and put the secrecy system's reference in "
                "Confidentiality.secret(reference, ...)",
                "daoli-2017 art.23",
            )
    else:
        _nonempty(reg.title, "title")
        _nonempty(reg.requirements, "requirements")
    _nonempty(reg.lead_unit_id, "lead_unit_id")
    co = tuple(reg.co_unit_ids)
    if len(set(co)) != len(co) or reg.lead_unit_id in co:
        raise InvalidInput(
            "co_unit_ids", "distinct co-units other than the lead unit 协办单位不得重复", co
        )
    mode = reg.handling_mode or (HandlingMode.JOINT if co else HandlingMode.TRANSFER)
    if mode is HandlingMode.JOINT and not co:
        raise InvalidInput(
            "co_unit_ids", "at least one co-unit for 会办 (tongren-2014 art.6(2))", co
        )
    if mode is not HandlingMode.JOINT and co:
        raise InvalidInput(
            "handling_mode", f"会办 (JOINT) when co-units are given, not {mode.label}", mode
        )
    if not reg.responsible:
        raise RuleViolation(
            "responsible_required",
            "name at least one responsible person (责任人) when registering",
            "daoli-2017 art.7(1)",
        )
    units = {reg.lead_unit_id, *co}
    for milestone in reg.milestones:
        if milestone.unit_id is not None and milestone.unit_id not in units:
            raise InvalidInput(
                "milestones.unit_id", "one of the matter's units", milestone.unit_id
            )
    if reg.parent_id == matter_id:
        raise InvalidInput("parent_id", "another matter's id", reg.parent_id)
    assignments = (
        Assignment(reg.lead_unit_id, AssignmentRole.LEAD),
        *(Assignment(u, AssignmentRole.CO) for u in co),
    )
    matter = Matter(
        id=matter_id,
        office_id=office_id,
        policy=policy,
        number=number,
        title=reg.title,
        requirements=reg.requirements,
        source=reg.source,
        category=reg.category,
        urgency=reg.urgency,
        handling_mode=mode,
        assignments=assignments,
        responsible=tuple(reg.responsible),
        terms=terms,
        reporting=reg.reporting,
        milestones=tuple(reg.milestones),
        confidentiality=reg.confidentiality,
        parent_id=reg.parent_id,
        reinspection_of=reg.reinspection_of,
        registered_at=at,
        registered_by=actor.person_id,
        changed_at=at,
        instruction=reg.instruction,
        key_work=reg.key_work,
        supervising_leader=reg.supervising_leader,
        receipt=reg.receipt,
    )
    event = Event(
        event_id=Event.make_id(matter_id, 1),
        matter_id=matter_id,
        kind=EventKind.REGISTERED,
        actor_id=actor.person_id,
        occurred_at=at,
        status_before=None,
        status_after=Status.DRAFT,
        version=1,
        details=_details(
            number=str(number),
            parent_id=reg.parent_id,
            reinspection_of=reg.reinspection_of,
            deadline=terms.label,
            basis=terms.basis.value,
            office=office_id,
            policy=policy.name,
            policy_fingerprint=policy.fingerprint,
        ),
    )
    return Change(matter, event)


def approve(matter: Matter, actor: Actor, at: _dt.datetime, opinion: str = "") -> Change:
    """审定: the approving leader approves the matter before dispatch."""
    return _apply(
        matter, Action.APPROVE, actor, at, _details(opinion=opinion),
        approved_at=at, approved_by=actor.person_id,
    )


def current_due(matter: Matter, calendar: Calendar, close: _dt.time | None = None) -> DueDate:
    """Re-derive the matter's due date from its inputs (terms, extensions, suspensions)."""
    if matter.dispatched_at is None:
        raise RuleViolation(
            "not_dispatched", f"matter {matter.id!r} has no deadline until it is dispatched (交办)"
        )
    return derive_due(
        matter.terms,
        matter.dispatched_at,
        calendar,
        extensions=matter.extensions,
        suspensions=matter.suspensions,
        close=close,
    )


def dispatch(
    matter: Matter,
    actor: Actor,
    at: _dt.datetime,
    calendar: Calendar,
    *,
    approval: str | None,
    close: _dt.time | None = None,
) -> Change:
    """交办: the clock starts (from dispatch, or the explicit start in the terms).

    ``approval`` is the citation of the approval (审定) the matter's policy requires before
    dispatch, or None when it requires none."""
    require_aware(at, "at")
    if approval is not None and matter.status is Status.DRAFT:
        raise RuleViolation(
            "approval_required",
            f"事项{matter.number}须经审定后方可交办（当前状态：{matter.status.label}）。 "
            f"Matter {matter.number} must be approved (审定) before it is dispatched; it is "
            f"{matter.status.label} ({matter.status.value}).",
            approval,
        )
    LIFECYCLE.target(matter.status, Action.DISPATCH, matter.id)
    due = derive_due(matter.terms, at, calendar, close=close)
    return _apply(
        matter, Action.DISPATCH, actor, at, _details(due=due.last_day.isoformat()),
        dispatched_at=at, due=due,
    )


def acknowledge(matter: Matter, actor: Actor, at: _dt.datetime, unit_id: str) -> Change:
    """签收 by one assigned unit: recorded, never a clock event (rules.md §1)."""
    LIFECYCLE.target(matter.status, Action.ACKNOWLEDGE, matter.id)
    current = matter.assignment(unit_id)
    if current is None:
        raise InvalidInput("unit_id", f"a unit assigned to matter {matter.id!r}", unit_id)
    if current.acknowledged:
        raise RuleViolation(
            "already_acknowledged", f"unit {unit_id!r} already acknowledged (已签收) this matter"
        )
    acknowledged = attrs.evolve(current, acknowledged_at=at, acknowledged_by=actor.person_id)
    assignments = tuple(acknowledged if a.unit_id == unit_id else a for a in matter.assignments)
    return _apply(
        matter, Action.ACKNOWLEDGE, actor, at, _details(unit_id=unit_id), assignments=assignments
    )


def _report(
    matter: Matter, kind: ReportKind, unit_id: str, actor: Actor, at: _dt.datetime,
    content: ReportContent, signoff: Signoff | None = None,
) -> Report:
    if not isinstance(content, ReportContent):
        raise InvalidInput("content", "a ReportContent", content)
    return Report(
        number=len(matter.reports) + 1,
        kind=kind,
        round=matter.round,
        unit_id=unit_id,
        submitted_by=actor.person_id,
        submitted_at=require_aware(at, "at"),
        content=content,
        signoff=signoff,
    )


def report_progress(
    matter: Matter,
    actor: Actor,
    at: _dt.datetime,
    content: ReportContent,
    kind: ReportKind = ReportKind.PROGRESS,
) -> Change:
    """A progress report by the lead unit (``daoli-2017 art.8(4)``; ``chizhou-2021 §7.5``),
    or its handling plan (``kind=ReportKind.PLAN``, ``zhoucun-2021 §5.3`` 办理方案)."""
    LIFECYCLE.target(matter.status, Action.REPORT_PROGRESS, matter.id)
    if kind not in (ReportKind.PROGRESS, ReportKind.PLAN):
        raise InvalidInput("kind", "ReportKind.PROGRESS or ReportKind.PLAN", kind)
    report = _report(matter, kind, matter.lead_unit_id, actor, at, content)
    return _apply(
        matter, Action.REPORT_PROGRESS, actor, at,
        _details(report=report.number, kind=kind.value if kind is ReportKind.PLAN else None),
        progress_reports=(*matter.progress_reports, report),
    )


def contribute(
    matter: Matter, actor: Actor, at: _dt.datetime, unit_id: str, content: ReportContent
) -> Change:
    """A co-unit's input, for the lead unit to consolidate (``tongren-2014 art.8(2)``)."""
    LIFECYCLE.target(matter.status, Action.CONTRIBUTE, matter.id)
    if unit_id not in matter.co_unit_ids:
        raise InvalidInput("unit_id", f"a co-unit (协办单位) of matter {matter.id!r}", unit_id)
    report = _report(matter, ReportKind.CONTRIBUTION, unit_id, actor, at, content)
    return _apply(
        matter, Action.CONTRIBUTE, actor, at, _details(unit_id=unit_id, report=report.number),
        contributions=(*matter.contributions, report),
    )


def _signer(rule: SignoffCapacity, unit: Unit, matter: Matter) -> str | None:
    """Who must sign under ``rule``: the lead unit's head or leader in charge, or the
    government leader in charge recorded on the matter."""
    if rule is SignoffCapacity.UNIT_HEAD:
        return unit.head_id
    if rule is SignoffCapacity.LEADER_IN_CHARGE:
        return unit.leader_in_charge_id
    return matter.supervising_leader


def _check_signoff(
    rule: SignoffCapacity,
    signoff: Signoff | None,
    unit: Unit,
    matter: Matter,
    actor: Actor,
    at: _dt.datetime,
    citation: str,
) -> Signoff | None:
    """The sign-off as recorded: checked against who must sign, stamped with who recorded it,
    confirmed when the signer submits it themselves."""
    if rule is SignoffCapacity.NONE:
        return None if signoff is None else _recorded(signoff, actor)
    expected = _signer(rule, unit, matter)
    if signoff is None:
        raise RuleViolation(
            "signoff_required",
            f"办理结果须经{rule.label}（{unit.name}）。 The report must be signed off: "
            f"{rule.label} of unit {unit.name}.",
            citation,
        )
    if not isinstance(signoff, Signoff):
        raise InvalidInput("signoff", "a Signoff(person_id, capacity, signed_at)", signoff)
    require_aware(signoff.signed_at, "signoff.signed_at")
    if signoff.capacity is not rule or expected is None or signoff.person_id != expected:
        raise RuleViolation(
            "signoff_required",
            f"办理结果须由{rule.label}（{expected or '未登记'}）签发，而非 {signoff.person_id}"
            f"（{signoff.capacity.label}）。 The report must be signed off by {rule.label} "
            f"({expected!r}), not {signoff.person_id!r} as {signoff.capacity.label}.",
            citation,
        )
    if signoff.signed_at > at:
        raise InvalidInput("signoff.signed_at", f"a time not after the submission ({at})", signoff)
    return _recorded(signoff, actor)


def _recorded(signoff: Signoff, actor: Actor) -> Signoff:
    """The sign-off with who recorded it; confirmed only when the signer recorded it."""
    own = signoff.person_id == actor.person_id
    return attrs.evolve(signoff, recorded_by=actor.person_id,
                        confirmed_at=signoff.signed_at if own else None)


def confirm_signoff(matter: Matter, actor: Actor, at: _dt.datetime) -> Change:
    """The signer confirms, as their own actor, the sign-off a liaison recorded on their
    behalf on the current final report (核签确认). Only the person the sign-off names may."""
    require_aware(at, "at")
    LIFECYCLE.target(matter.status, Action.CONFIRM_SIGNOFF, matter.id)
    current = matter.rounds[-1]
    signoff = current.report.signoff
    if signoff is None or signoff.confirmed:
        raise RuleViolation(
            "nothing_to_confirm",
            "当前办理结果没有待确认的签发。 The current report has no sign-off waiting for its "
            "signer's confirmation.",
        )
    if actor.person_id != signoff.person_id:
        raise PermissionDenied(
            actor.person_id, Action.CONFIRM_SIGNOFF.label,
            f"only {signoff.person_id!r}, whom the sign-off names, confirms it (签发须本人确认)",
        )
    confirmed = attrs.evolve(signoff, confirmed_at=at)
    report = attrs.evolve(current.report, signoff=confirmed)
    updated = attrs.evolve(current, report=report)
    return _apply(
        matter, Action.CONFIRM_SIGNOFF, actor, at,
        _details(review_round=current.number, signer=signoff.person_id),
        rounds=(*matter.rounds[:-1], updated),
    )


def submit_final_report(
    matter: Matter,
    actor: Actor,
    at: _dt.datetime,
    content: ReportContent,
    *,
    lead_unit: Unit,
    signoff_rule: SignoffCapacity,
    signoff: Signoff | None = None,
    signoff_citation: str = "",
    content_citation: str = "",
) -> Change:
    """The lead unit's consolidated final report; opens a review round.

    Content: all five parts of ``daoli-2017 art.8(4):1``; sign-off as the policy requires.
    """
    LIFECYCLE.target(matter.status, Action.SUBMIT_FINAL_REPORT, matter.id)
    if lead_unit.id != matter.lead_unit_id:
        raise InvalidInput("lead_unit", f"the lead unit {matter.lead_unit_id!r}", lead_unit.id)
    if not isinstance(content, ReportContent) or not content.complete:
        raise RuleViolation(
            "report_content",
            "a final report states the basic situation, main measures, results and progress, "
            "main problems and their causes, and suggestions (write 无 where there is none)",
            content_citation,
        )
    recorded = _check_signoff(signoff_rule, signoff, lead_unit, matter, actor, at,
                              signoff_citation)
    report = _report(matter, ReportKind.FINAL, lead_unit.id, actor, at, content, recorded)
    review_round = ReviewRound(number=len(matter.rounds) + 1, report=report)
    return _apply(
        matter, Action.SUBMIT_FINAL_REPORT, actor, at,
        _details(report=report.number, review_round=review_round.number),
        rounds=(*matter.rounds, review_round),
    )


def supply_supplement(
    matter: Matter, actor: Actor, at: _dt.datetime, content: ReportContent
) -> Change:
    """补充说明: the lead unit answers the office's request for more (``daoli-2017 art.10``)."""
    LIFECYCLE.target(matter.status, Action.SUPPLY_SUPPLEMENT, matter.id)
    current = matter.rounds[-1]
    report = _report(matter, ReportKind.SUPPLEMENT, matter.lead_unit_id, actor, at, content)
    updated = attrs.evolve(current, supplements=(*current.supplements, report))
    return _apply(
        matter, Action.SUPPLY_SUPPLEMENT, actor, at,
        _details(report=report.number, review_round=current.number),
        rounds=(*matter.rounds[:-1], updated),
    )


_REVIEW_ACTIONS = {
    ReviewOutcome.ACCEPTED: Action.ACCEPT,
    ReviewOutcome.RETURNED: Action.RETURN_FOR_REDO,
    ReviewOutcome.SUPPLEMENT_REQUESTED: Action.ASK_SUPPLEMENT,
}


def review_action(outcome: ReviewOutcome) -> Action:
    """The lifecycle action a review outcome performs."""
    return _REVIEW_ACTIONS[outcome]


def review(
    matter: Matter,
    actor: Actor,
    at: _dt.datetime,
    outcome: ReviewOutcome,
    opinion: str = "",
    *,
    redo_due_day: _dt.date | None = None,
) -> Change:
    """审核 the current final report: accept, return for redo (a new round follows, every
    round kept) or ask for a supplement (``daoli-2017 art.10``; ``lianyungang-2019 §5.6``).

    The reviewer is never the person who submitted the report or its supplements.
    """
    if not isinstance(outcome, ReviewOutcome):
        raise InvalidInput("outcome", "a ReviewOutcome", outcome)
    action = _REVIEW_ACTIONS[outcome]
    LIFECYCLE.target(matter.status, action, matter.id)
    current = matter.rounds[-1]
    reporters = {current.report.submitted_by} | {s.submitted_by for s in current.supplements}
    if actor.person_id in reporters:
        raise PermissionDenied(
            actor.person_id,
            action.label,
            "the reviewer is never the person who reported (审核人不得为报送人)",
        )
    if outcome is ReviewOutcome.ACCEPTED:
        signoff = current.report.signoff
        if signoff is not None and not signoff.confirmed:
            raise RuleViolation(
                "signoff_unconfirmed",
                f"办理结果的签发（{signoff.person_id}）尚待本人确认，确认前不能审核通过。 The "
                f"report's sign-off by {signoff.person_id!r} was recorded by "
                f"{signoff.recorded_by!r} and awaits the signer's own confirmation.",
            )
    else:
        _nonempty(opinion, "opinion")
    if redo_due_day is not None and outcome is not ReviewOutcome.RETURNED:
        raise InvalidInput("redo_due_day", "only with a return for redo", redo_due_day)
    if outcome is ReviewOutcome.SUPPLEMENT_REQUESTED:
        updated = attrs.evolve(current, supplement_requests=(*current.supplement_requests, opinion))
    else:
        updated = attrs.evolve(
            current, outcome=outcome, opinion=opinion, reviewed_by=actor.person_id,
            reviewed_at=at, redo_due_day=redo_due_day,
        )
    return _apply(
        matter, action, actor, at,
        _details(review_round=current.number, opinion=opinion,
                 redo_due_day=None if redo_due_day is None else redo_due_day.isoformat()),
        rounds=(*matter.rounds[:-1], updated),
    )


def explain(
    matter: Matter,
    actor: Actor,
    at: _dt.datetime,
    unit_id: str,
    reason_kind: ReasonKind,
    text: str,
    next_steps: str = "",
) -> Change:
    """情况说明: a unit explains why it cannot finish in time. Never moves the deadline
    (``chizhou-2021 §7.2``; ``tongren-2014 art.7``; ``zhoucun-2021 §4.2``)."""
    LIFECYCLE.target(matter.status, Action.EXPLAIN, matter.id)
    if matter.assignment(unit_id) is None:
        raise InvalidInput("unit_id", f"a unit assigned to matter {matter.id!r}", unit_id)
    if not isinstance(reason_kind, ReasonKind):
        raise InvalidInput("reason_kind", "a ReasonKind (客观原因/主观原因)", reason_kind)
    item = Explanation(
        number=len(matter.explanations) + 1,
        unit_id=unit_id,
        submitted_by=actor.person_id,
        submitted_at=require_aware(at, "at"),
        reason_kind=reason_kind,
        text=_nonempty(text, "text"),
        next_steps=next_steps,
    )
    return _apply(
        matter, Action.EXPLAIN, actor, at,
        _details(explanation=item.number, unit_id=unit_id, reason_kind=reason_kind.value),
        explanations=(*matter.explanations, item),
    )


def decide_explanation(
    matter: Matter, actor: Actor, at: _dt.datetime, number: int, accept: bool, opinion: str = ""
) -> Change:
    """The office accepts or rejects an explanation; the deadline stays where it is."""
    LIFECYCLE.target(matter.status, Action.DECIDE_EXPLANATION, matter.id)
    item = next((e for e in matter.explanations if e.number == number), None)
    if item is None:
        raise InvalidInput("number", f"an explanation number of matter {matter.id!r}", number)
    if item.decision is not Decision.PENDING:
        raise RuleViolation(
            "already_decided", f"explanation {number} was already decided ({item.decision.label})"
        )
    decided = attrs.evolve(
        item, decision=Decision.ACCEPTED if accept else Decision.REJECTED,
        decided_by=actor.person_id, decided_at=at, opinion=opinion,
    )
    return _apply(
        matter, Action.DECIDE_EXPLANATION, actor, at,
        _details(explanation=number, decision=decided.decision.value),
        explanations=tuple(decided if e.number == number else e for e in matter.explanations),
    )


def complete(matter: Matter, actor: Actor, at: _dt.datetime) -> Change:
    """办结: the accepted matter is completed."""
    return _apply(matter, Action.COMPLETE, actor, at, completed_at=at)


def close(matter: Matter, actor: Actor, at: _dt.datetime, note: str = "") -> Change:
    """销号: struck off the ledger; the closing record is kept for ever
    (``lianyungang-2019 §7.1`` 办结一项销号一项)."""
    record = Closing(matter.round, require_aware(at, "at"), actor.person_id, note)
    return _apply(
        matter, Action.CLOSE, actor, at, _details(round=matter.round, note=note),
        closings=(*matter.closings, record),
    )


def archive(matter: Matter, actor: Actor, at: _dt.datetime) -> Change:
    """归档 (``chizhou-2021 §6.5``; ``daoli-2017 art.12``; ``lianyungang-2019 §5.8``)."""
    return _apply(matter, Action.ARCHIVE, actor, at)


def reopen(
    matter: Matter,
    actor: Actor,
    at: _dt.datetime,
    terms: DeadlineTerms,
    calendar: Calendar,
    reason: str,
    *,
    close: _dt.time | None = None,
) -> Change:
    """回头看/再督查: reopen a closed matter for a new round with a new deadline
    (``lianyungang-2019 §7.3``). The closing record stays; acknowledgements start afresh."""
    require_aware(at, "at")
    LIFECYCLE.target(matter.status, Action.REOPEN, matter.id)
    _nonempty(reason, "reason")
    if not isinstance(terms, DeadlineTerms):
        raise InvalidInput("terms", "DeadlineTerms for the new round", terms)
    new_terms = terms if terms.start_at is not None else attrs.evolve(terms, start_at=at)
    due = derive_due(
        new_terms, at, calendar, extensions=matter.extensions,
        suspensions=matter.suspensions, close=close,
    )
    assignments = tuple(
        attrs.evolve(a, acknowledged_at=None, acknowledged_by=None) for a in matter.assignments
    )
    return _apply(
        matter, Action.REOPEN, actor, at,
        _details(round=matter.round + 1, reason=reason, due=due.last_day.isoformat()),
        round=matter.round + 1, terms=new_terms, due=due, completed_at=None,
        assignments=assignments,
    )


def request_extension(
    matter: Matter,
    actor: Actor,
    at: _dt.datetime,
    requested_day: _dt.date,
    reason: str,
    *,
    enabled: bool,
) -> Change:
    """延期申请 by the lead unit, before the due date, where the policy enables extensions.

    Practice in deployed systems, not any of the five texts (rules.md §1).
    """
    require_aware(at, "at")
    if not enabled:
        raise RuleViolation(
            "extensions_disabled",
            "the policy in force does not allow extensions (延期); record an explanation "
            "(情况说明) instead",
            "rules.md §1 (explanations, not extensions)",
        )
    LIFECYCLE.target(matter.status, Action.REQUEST_EXTENSION, matter.id)
    assert matter.due is not None
    if at >= matter.due.due_at:
        raise RuleViolation(
            "extension_too_late",
            f"an extension must be requested before the due date ({matter.due.last_day}); "
            f"record an explanation (情况说明) instead",
        )
    if not isinstance(requested_day, _dt.date) or requested_day <= matter.due.last_day:
        raise InvalidInput(
            "requested_day", f"a day after the current due day {matter.due.last_day}", requested_day
        )
    if matter.pending_extension is not None:
        raise RuleViolation(
            "extension_pending", "an extension request is already waiting for a decision"
        )
    item = Extension(
        number=len(matter.extensions) + 1,
        requested_by=actor.person_id,
        requested_at=at,
        requested_day=requested_day,
        reason=_nonempty(reason, "reason"),
    )
    return _apply(
        matter, Action.REQUEST_EXTENSION, actor, at,
        _details(extension=item.number, requested_day=requested_day.isoformat()),
        extensions=(*matter.extensions, item),
    )


def decide_extension(
    matter: Matter,
    actor: Actor,
    at: _dt.datetime,
    number: int,
    grant: bool,
    calendar: Calendar,
    *,
    opinion: str = "",
    granted_day: _dt.date | None = None,
    close: _dt.time | None = None,
) -> Change:
    """An approver grants (moving the due date; history kept) or refuses an extension."""
    require_aware(at, "at")
    LIFECYCLE.target(matter.status, Action.DECIDE_EXTENSION, matter.id)
    item = next((e for e in matter.extensions if e.number == number), None)
    if item is None or item.decision is not Decision.PENDING:
        raise InvalidInput("number", "the number of a pending extension request", number)
    assert matter.due is not None
    day = None
    if grant:
        day = item.requested_day if granted_day is None else granted_day
        if not isinstance(day, _dt.date) or day <= matter.due.last_day:
            raise InvalidInput(
                "granted_day", f"a day after the current due day {matter.due.last_day}", day
            )
    elif granted_day is not None:
        raise InvalidInput("granted_day", "None when the extension is refused", granted_day)
    decided = attrs.evolve(
        item, decision=Decision.ACCEPTED if grant else Decision.REJECTED,
        decided_by=actor.person_id, decided_at=at, granted_day=day, opinion=opinion,
    )
    extensions = tuple(decided if e.number == number else e for e in matter.extensions)
    fields: dict[str, Any] = {"extensions": extensions}
    if grant:
        fields["due"] = current_due(attrs.evolve(matter, extensions=extensions), calendar, close)
    return _apply(
        matter, Action.DECIDE_EXTENSION, actor, at,
        _details(extension=number, decision=decided.decision.value,
                 granted_day=None if day is None else day.isoformat()),
        **fields,
    )


def suspend(matter: Matter, actor: Actor, at: _dt.datetime, reason: str) -> Change:
    """中止 with a reason: the clock stops until :func:`resume`."""
    item = Suspension(require_aware(at, "at"), actor.person_id, _nonempty(reason, "reason"))
    return _apply(
        matter, Action.SUSPEND, actor, at, _details(reason=reason),
        suspensions=(*matter.suspensions, item),
    )


def resume(
    matter: Matter, actor: Actor, at: _dt.datetime, calendar: Calendar,
    *, close: _dt.time | None = None,
) -> Change:
    """恢复: the due date moves on by the working days paused (counted on ``calendar``)."""
    require_aware(at, "at")
    LIFECYCLE.target(matter.status, Action.RESUME, matter.id)
    active = matter.active_suspension
    assert active is not None
    if at < active.started_at:
        raise InvalidInput("at", f"a time after the suspension ({active.started_at})", at)
    paused = working_days_paused(active.started_at, at, calendar)
    ended = attrs.evolve(
        active, resumed_at=at, resumed_by=actor.person_id, working_days_paused=paused
    )
    suspensions = tuple(ended if s is active else s for s in matter.suspensions)
    due = current_due(attrs.evolve(matter, suspensions=suspensions), calendar, close)
    return _apply(
        matter, Action.RESUME, actor, at,
        _details(working_days_paused=paused, due=due.last_day.isoformat()),
        suspensions=suspensions, due=due,
    )


def withdraw(matter: Matter, actor: Actor, at: _dt.datetime, reason: str) -> Change:
    """撤销 with a reason (before the unit starts handling it)."""
    _nonempty(reason, "reason")
    return _apply(matter, Action.WITHDRAW, actor, at, _details(reason=reason), ended_reason=reason)


def terminate(matter: Matter, actor: Actor, at: _dt.datetime, reason: str) -> Change:
    """终止 with a reason (handling stops; the record stays)."""
    _nonempty(reason, "reason")
    return _apply(matter, Action.TERMINATE, actor, at, _details(reason=reason), ended_reason=reason)


def recompute_due(
    matter: Matter, actor: Actor, at: _dt.datetime, calendar: Calendar,
    *, close: _dt.time | None = None,
) -> Change | None:
    """Re-derive an open matter's due date (e.g. a year's schedule was published: provisional
    → firm). Returns None when nothing moved; never touches past events."""
    _check_time(matter, at)
    if not matter.status.is_open or matter.due is None:
        return None
    due = current_due(matter, calendar, close)
    if due == matter.due:
        return None
    new = attrs.evolve(matter, version=matter.version + 1, due=due, changed_at=at)
    event = Event(
        event_id=Event.make_id(new.id, new.version),
        matter_id=new.id,
        kind=EventKind.DEADLINE_RECOMPUTED,
        actor_id=actor.person_id,
        occurred_at=at,
        status_before=matter.status,
        status_after=matter.status,
        version=new.version,
        due_at=due.due_at,
        details=_details(
            previous_due=matter.due.last_day.isoformat(), due=due.last_day.isoformat(),
            provisional=due.provisional,
        ),
    )
    return Change(new, event)

