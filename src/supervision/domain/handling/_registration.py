"""立项, 审定, 交办 and 签收: a matter from its registration to its dispatch."""

from __future__ import annotations

import datetime as _dt
import unicodedata

import attrs

from supervision.calendar import Calendar
from supervision.clock import require_aware
from supervision.domain._text import check_text, check_value
from supervision.domain.actors import Actor
from supervision.domain.deadlines import derive_due
from supervision.domain.events import Event, EventKind
from supervision.domain.handling._base import (
    Change,
    _apply,
    _details,
    _nonempty,
    terms_shape,
)
from supervision.domain.lifecycle import LIFECYCLE, Action, Status
from supervision.domain.model import (
    Assignment,
    AssignmentRole,
    Confidentiality,
    ConfidentialityKind,
    DeadlineTerms,
    DueDate,
    HandlingMode,
    Instruction,
    Matter,
    Milestone,
    Receipt,
    Registration,
    RegistrationNumber,
    ReportingSchedule,
    Responsible,
    Source,
    Urgency,
)
from supervision.domain.office import PolicyRef
from supervision.exceptions import (
    ApprovalRequired,
    InputOutOfBounds,
    InvalidInput,
    RuleViolation,
)


# ======================================================================= registration
def check_registration(reg: Registration) -> Registration:
    """Check the types of a registration's fields (the values are checked by register) and
    every part of it (:func:`~supervision.domain._text.check_value`: a source, deadline or
    list put together from hostile parts is refused naming its path); lists given where
    tuples belong are taken as tuples. Returns the registration as checked."""
    if not isinstance(reg, Registration):
        raise InvalidInput("registration", "a supervision.domain.Registration", reg)
    if (isinstance(reg.co_unit_ids, list) or isinstance(reg.responsible, list)
            or isinstance(reg.milestones, list)):
        reg = attrs.evolve(reg, **{name: tuple(getattr(reg, name))
                                   for name in ("co_unit_ids", "responsible", "milestones")
                                   if isinstance(getattr(reg, name), list)})
    if not isinstance(reg.source, Source):
        raise InvalidInput("source", "a Source (Source.of / Source.meeting)", reg.source)
    if not isinstance(reg.urgency, Urgency):
        raise InvalidInput("urgency", "an Urgency", reg.urgency)
    if not isinstance(reg.reporting, ReportingSchedule):
        raise InvalidInput("reporting", "a ReportingSchedule", reg.reporting)
    if not isinstance(reg.confidentiality, Confidentiality):
        raise InvalidInput("confidentiality", "a Confidentiality", reg.confidentiality)
    if reg.handling_mode is not None and not isinstance(reg.handling_mode, HandlingMode):
        raise InvalidInput("handling_mode", "a HandlingMode or None", reg.handling_mode)
    if isinstance(reg.co_unit_ids, str) or not isinstance(reg.co_unit_ids, tuple | list):
        raise InvalidInput("co_unit_ids", "a tuple of unit ids", reg.co_unit_ids)
    if not isinstance(reg.responsible, tuple | list):
        raise InvalidInput("responsible", "a tuple of Responsible", reg.responsible)
    if not isinstance(reg.milestones, tuple | list):
        raise InvalidInput("milestones", "a tuple of Milestone", reg.milestones)
    for person in reg.responsible:
        if not isinstance(person, Responsible):
            raise InvalidInput("responsible", "Responsible values", reg.responsible)
    for milestone in reg.milestones:
        if not isinstance(milestone, Milestone):
            raise InvalidInput("milestones", "Milestone values", reg.milestones)
    if reg.instruction is not None and not isinstance(reg.instruction, Instruction):
        raise InvalidInput("instruction", "an Instruction (Instruction.of(leader, on)) or None",
                           reg.instruction)
    if reg.receipt is not None and not isinstance(reg.receipt, Receipt):
        raise InvalidInput("receipt", "a Receipt (Receipt.of(received_at, duty)) or None",
                           reg.receipt)
    if reg.internal_function.__class__ is not bool:
        raise InvalidInput("internal_function", "True or False", reg.internal_function)
    if reg.key_work.__class__ is not bool:
        raise InvalidInput("key_work", "True or False", reg.key_work)
    if reg.supervising_leader is not None:
        _nonempty(reg.supervising_leader, "supervising_leader")
    _leader_name(reg)
    if not isinstance(reg.title, str):
        raise InvalidInput("title", "text", reg.title)
    if not isinstance(reg.requirements, str):
        raise InvalidInput("requirements", "text", reg.requirements)
    if not isinstance(reg.lead_unit_id, str):
        raise InvalidInput("lead_unit_id", "text", reg.lead_unit_id)
    if reg.category is not None and not isinstance(reg.category, str):
        raise InvalidInput("category", "a category name or None", reg.category)
    checked = check_value(reg, Registration, "registration")
    if checked.deadline is not None:  # its fields were checked with the registration's
        terms_shape(checked.deadline, "deadline")
    return checked


#: The longest name of the leader in charge (分管领导) a registration takes.
LEADER_NAME_LENGTH = 200


def _leader_name(reg: Registration) -> str:
    """The leader in charge's name (``zhoucun-2021 §4.4``): empty, or text of at most
    :data:`LEADER_NAME_LENGTH` characters without control characters or brackets (the ledger
    writes it ``王副区长（vice-head-1）`` and reads it back), given only with the leader's id."""
    name = check_text(reg.supervising_leader_name, "supervising_leader_name",
                      allow_empty=True)
    if not name:
        return name
    if len(name) > LEADER_NAME_LENGTH:
        raise InputOutOfBounds("supervising_leader_name",
                               f"a name of at most {LEADER_NAME_LENGTH} characters", name,
                               limit=LEADER_NAME_LENGTH)
    if not name.strip() or any(unicodedata.category(c) == "Cc" or c in "（）()" for c in name):
        raise InvalidInput("supervising_leader_name",
                           "a name without control characters or brackets (姓名，不含括号)", name)
    if reg.supervising_leader is None:
        raise InvalidInput("supervising_leader_name",
                           "a name given with the leader's person id (supervising_leader)", name)
    return name


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
    return registered(matter_id, office_id, policy, number, check_registration(registration),
                      terms, actor, at)


def registered(
    matter_id: str,
    office_id: str,
    policy: PolicyRef,
    number: RegistrationNumber,
    reg: Registration,
    terms: DeadlineTerms,
    actor: Actor,
    at: _dt.datetime,
) -> Change:
    """:func:`register` of a registration :func:`check_registration` returned (the service
    checks each registration once, then applies the policy's rules and builds the matter)."""
    mode = check_registered(matter_id, office_id, policy, reg, at)
    return built(matter_id, office_id, policy, number, reg, terms, actor, at, mode)


def check_registered(
    matter_id: str, office_id: str, policy: PolicyRef, reg: Registration, at: _dt.datetime
) -> HandlingMode:
    """What :func:`registered` refuses, checked before a number is taken (a batch numbers
    its matters only once every registration passed): the handling mode the matter gets."""
    require_aware(at, "at")
    _nonempty(matter_id, "matter_id")
    _nonempty(office_id, "office_id")
    if not isinstance(policy, PolicyRef):
        raise InvalidInput("policy", "a PolicyRef", policy)
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
    return mode


def built(
    matter_id: str,
    office_id: str,
    policy: PolicyRef,
    number: RegistrationNumber,
    reg: Registration,
    terms: DeadlineTerms,
    actor: Actor,
    at: _dt.datetime,
    mode: HandlingMode,
) -> Change:
    """The new matter and its REGISTERED event, of what :func:`check_registered` passed
    (``mode`` is what it returned)."""
    co = tuple(reg.co_unit_ids)
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
        supervising_leader_name=reg.supervising_leader_name,
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
        allowed = tuple(a for a in LIFECYCLE.allowed(matter.status) if a is not Action.DISPATCH)
        raise ApprovalRequired(
            matter.id, matter.status.label, Action.DISPATCH.label,
            f"事项{matter.number}须经审定后方可交办。 Matter {matter.number} must be approved "
            f"(审定) before it is dispatched; it is {matter.status.label} "
            f"({matter.status.value}).",
            approval,
            allowed=tuple(a.label for a in allowed),
            status_code=matter.status.value, action_code=Action.DISPATCH.value,
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
