"""立项: registering a matter in the actor's office, under the policy in force there that day.

The matter records its office and the office's policy term in force on the registration day
(name, exact parameters, fingerprint); from then on every rule applied to it comes from that
policy. The number is the office's: 机关代字〔year〕seq号, one sequence per office and year.
"""

from __future__ import annotations

import datetime as _dt
import uuid

from supervision.calendar import SHANGHAI
from supervision.domain import handling
from supervision.domain._text import check_instant
from supervision.domain.actors import Actor
from supervision.domain.lifecycle import Action
from supervision.domain.model import (
    DeadlineTerms,
    Matter,
    Registration,
    RegistrationNumber,
)
from supervision.domain.office import Office
from supervision.domain.permissions import authorize
from supervision.domain.policy import Obligation, Policy, Requirement, SignOff, StartEvent
from supervision.exceptions import InvalidInput, RuleViolation
from supervision.ports import UnitOfWork
from supervision.service_layer._support import check_actor, citing, load_visible
from supervision.service_layer.context import Context, office_of

__all__ = [
    "apply_registration_rules",
    "register",
    "register_in",
    "register_matter",
    "resolve_terms",
]

_START_LABELS = {
    "meeting": "the meeting (会议召开)",
    "minutes_issue": "the minutes' issue (会议纪要印发)",
    "document_issue": "the document's issue (文件印发)",
}


def _check_policy(policy: object) -> Policy:
    if not isinstance(policy, Policy):
        raise InvalidInput("policy", "a supervision.domain.policy.Policy", policy)
    return policy


def _requirement_cite(policy: Policy, requirement: Requirement) -> str:
    rule = next((r for r in policy.registration if r.requirement is requirement), None)
    return "" if rule is None else rule.citation.key


def resolve_terms(policy: Policy, registration: Registration) -> DeadlineTerms:
    """The deadline inputs of a new matter: the one stated in the notice or plan, else the
    policy's default for the category or source, counted from the event the policy names.

    Every matter carries a deadline: with neither, RuleViolation ``deadline_required`` citing
    the policy's rule where it has one."""
    _check_policy(policy)
    registration = handling.check_registration(registration)
    if registration.deadline is not None:
        if not isinstance(registration.deadline, DeadlineTerms):
            raise InvalidInput(
                "deadline", "DeadlineTerms (DeadlineTerms.stated(...))", registration.deadline
            )
        return registration.deadline
    source = registration.source.kind.value
    rule = policy.default_rule(registration.category, source)
    if rule is None:
        raise RuleViolation(
            "deadline_required",
            "督办事项须明确办理时限：请在交办通知中写明期限，或选择本制度有默认期限的事项类别。 "
            "Every matter carries a deadline: state one with DeadlineTerms.stated(...), or "
            "choose a category the policy has a default for.",
            _requirement_cite(policy, Requirement.DEADLINE_REQUIRED),
        )
    period = rule.period
    event = policy.default_start_event(registration.category, source) or "dispatch"
    src = registration.source
    day = {
        "meeting": src.meeting_date,
        "minutes_issue": src.minutes_date,
        "document_issue": src.issued_on,
    }.get(event)
    note = f"{policy.title}默认期限"
    if event in _START_LABELS:
        if day is None:
            raise RuleViolation(
                "start_date_required",
                f"本制度的默认期限（{period.label}）自{_START_LABELS[event]}起算，请登记该日期或写明"
                f"期限。 This matter's default period ({period.label}) runs from "
                f"{_START_LABELS[event]}: give that date in the source "
                "(Source.meeting(meeting_date, minutes_date) or Source.of(..., issued_on=...)) "
                "or state the deadline.",
                rule.citation.key,
            )
        start = _dt.datetime.combine(day, _dt.time(0), SHANGHAI)
        return DeadlineTerms.category_default(period, start_at=start, note=note)
    return DeadlineTerms.category_default(period, note=note)


def apply_registration_rules(policy: Policy, registration: Registration) -> None:
    """Every registration rule of ``policy`` applied to ``registration``: the first refusal
    (``category_required``, ``deadline_required``, ``leader_instruction_missing``,
    ``internal_function``) raises :class:`RuleViolation` citing the clause, so nothing is
    stored. A category the policy does not know raises UnknownCategory listing its own."""
    _check_policy(policy)
    registration = handling.check_registration(registration)
    category = registration.category
    if category is not None and (not isinstance(category, str) or not category.strip()):
        raise InvalidInput("category", "a category name or None", category)
    findings = policy.check_registration(
        category=category,
        source=registration.source.kind.value,
        leader_instruction=registration.instruction is not None,
        internal_function=registration.internal_function,
        deadline_stated=registration.deadline is not None,
    )
    refusal = next((f for f in findings if f.refuses), None)
    if refusal is not None:
        raise RuleViolation(
            refusal.code, refusal.message,
            "" if refusal.citation is None else refusal.citation.key,
        )
    _check_receipt(policy, registration)
    if policy.signoff is not None and policy.signoff.signer is SignOff.SUPERVISING_LEADER and (
        registration.supervising_leader is None
    ):
        raise RuleViolation(
            "supervising_leader_required",
            "本制度的办理结果须经分管领导同志阅签：立项时请登记该事项的分管领导。 "
            "Record the government leader in charge of the matter, who signs its reports.",
            policy.signoff.citation.key,
        )


def _check_receipt(policy: Policy, registration: Registration) -> None:
    receipt = registration.receipt
    if receipt is None:
        return
    duties = [d.key for d in policy.duties
              if d.start is StartEvent.RECEIPT and d.obligation is Obligation.SIGN_OFF_AND_FORWARD]
    if receipt.duty not in duties:
        raise InvalidInput(
            "receipt.duty",
            "one of the policy's duties that run from receipt: " + (", ".join(duties) or "none"),
            receipt.duty,
        )


def register_matter(
    uow: UnitOfWork,
    ctx: Context,
    actor: Actor,
    office: Office,
    at: _dt.datetime,
    registration: Registration,
    matter_id: str | None,
) -> Matter:
    """Check, number and stage a new matter of ``office`` (inside the caller's unit of work)."""
    registration = handling.check_registration(registration)
    authorize(actor, Action.REGISTER)
    day = at.astimezone(SHANGHAI).date()
    term = office.term_on(day)
    policy = ctx.policy(term.policy)
    for unit_id in (registration.lead_unit_id, *registration.co_unit_ids):
        if not isinstance(unit_id, str):
            raise InvalidInput("unit_id", "a unit id (text)", unit_id)
        uow.units.get(office.id, unit_id)
    with citing(policy):
        apply_registration_rules(policy, registration)
        terms = resolve_terms(policy, registration)
    if registration.parent_id is not None:
        load_visible(uow, actor, registration.parent_id)
    if registration.reinspection_of is not None:
        load_visible(uow, actor, registration.reinspection_of)
    if not registration.confidentiality.permits(actor):
        raise InvalidInput(
            "confidentiality",
            "an access list that includes the registering person or one of their roles "
            "(登记人须在知情范围内)",
            registration.confidentiality,
        )
    if matter_id is not None and (not isinstance(matter_id, str) or not matter_id.strip()
                                  or len(matter_id) > 128):
        raise InvalidInput("matter_id", "a matter id of 1–128 characters, or None", matter_id)
    seq = uow.numbers.next(office.id, office.numbering_prefix, day.year)
    number = RegistrationNumber.of(office.numbering_prefix, day.year, seq)
    change = handling.register(
        matter_id or uuid.uuid4().hex, office.id, term.policy, number, registration, terms,
        actor, at,
    )
    uow.matters.add(change.matter)
    uow.events.append([change.event])
    return change.matter


def register(
    uow: UnitOfWork,
    ctx: Context,
    actor: Actor,
    registration: Registration,
    *,
    matter_id: str | None = None,
) -> Matter:
    """立项 in the actor's office: number (GB/T 9704, per office and year), check and store a
    new matter in 待审定, under the policy in force in the office that day.

    The deadline is the one stated in the notice or plan, else the policy's default for the
    category or source; with neither, :class:`RuleViolation` ``deadline_required``.
    ``matter_id`` defaults to a random id (matter ids are unique across offices).
    """
    check_actor(actor)
    at = ctx.now()
    with uow:
        office = office_of(uow, actor)
        matter = register_matter(uow, ctx, actor, office, at, registration, matter_id)
        uow.commit()
    return matter


def register_in(
    uow: UnitOfWork,
    ctx: Context,
    actor: Actor,
    registration: Registration,
    *,
    at: _dt.datetime,
    matter_id: str | None = None,
) -> Matter:
    """立项 inside a unit of work the caller has entered and will commit or roll back.

    For batches that must be all-or-nothing (a ledger import): register every matter in one
    ``with uow:`` block, then commit once. ``at`` is the registration instant (aware).
    Checks and numbering are exactly those of :func:`register`.
    """
    check_actor(actor)
    when = check_instant(at, "at")
    office = office_of(uow, actor)
    return register_matter(uow, ctx, actor, office, when, registration, matter_id)
