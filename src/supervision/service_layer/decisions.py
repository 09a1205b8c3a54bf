"""Decisions people take on what the sweep proposes, and the records only a person makes:
proposals decided (问责 …), findings recorded, commendations, objections upheld.

Every function takes the actor and works in the actor's office only: an escalation, a score
entry or a matter of another office — or a confidential matter outside the actor's circle of
knowledge — is reported exactly as a missing one (same error type, same message).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence

import attrs

from supervision.calendar import SHANGHAI
from supervision.domain._text import check_id, check_ids, check_text
from supervision.domain.actors import Actor, Role
from supervision.domain.escalation import Escalation, ProposalDecision
from supervision.domain.events import Event, EventKind
from supervision.domain.model import Decision, Matter
from supervision.domain.notices import NoticeKind
from supervision.domain.permissions import can_view
from supervision.domain.policy import TriggerEvent
from supervision.domain.scorecard import ScoreEntry, commendation_entry, entries_for_escalation
from supervision.exceptions import (
    InvalidInput,
    MatterNotFound,
    NotFound,
    PermissionDenied,
)
from supervision.ports import UnitOfWork
from supervision.service_layer import outbox
from supervision.service_layer._support import check_actor, load_visible
from supervision.service_layer.context import Context, office_of

__all__ = ["commend", "decide_proposal", "record_finding", "uphold_objection"]

_DECIDERS = frozenset({Role.APPROVING_LEADER})
_OFFICE = frozenset({Role.OFFICE_CLERK, Role.APPROVING_LEADER, Role.DISCIPLINE_INSPECTION})


def _require_role(actor: Actor, roles: frozenset[Role], action: str, why: str) -> None:
    check_actor(actor)
    if not actor.roles & roles:
        raise PermissionDenied(actor.person_id, action, why)


def _visible_escalation(uow: UnitOfWork, actor: Actor, key: object) -> tuple[Escalation, Matter]:
    """The escalation and its matter, in the actor's office and visible to the actor;
    NotFound("escalation", key) otherwise — the same as for a missing key."""
    if not isinstance(key, str):
        raise InvalidInput("key", "an escalation key (text)", key)
    try:
        escalation = uow.escalations.get(key)
        matter = uow.matters.get(escalation.matter_id)
    except NotFound:
        raise NotFound("escalation", key) from None
    if matter.office_id != actor.office_id or not can_view(actor, matter):
        raise NotFound("escalation", key)
    return escalation, matter


def decide_proposal(
    uow: UnitOfWork,
    ctx: Context,
    actor: Actor,
    key: str,
    *,
    accept: bool,
    measure: str = "",
    opinion: str = "",
) -> Escalation:
    """A person decides a proposal (问责 / 追究责任 / 曝光 / a measure from
    ``lianyungang-2019 §8.3``'s menu): the only way such a measure is ever taken. Records the
    decision, a ``PROPOSAL_DECIDED`` event on the matter and, when accepted, the score entry
    the matter's policy gives (``tongren-2014 art.11(2)``). Only an approving leader of the
    matter's office decides."""
    _require_role(actor, _DECIDERS, "决定处理建议",
                  "only an approving leader (审定领导) decides a proposal")
    if accept.__class__ is not bool:
        raise InvalidInput("accept", "True or False", accept)
    at = ctx.now()
    decision = ProposalDecision.of(
        Decision.ACCEPTED if accept else Decision.REJECTED, actor.person_id, at,
        measure=measure, opinion=opinion,
    )
    with uow:
        _current, matter = _visible_escalation(uow, actor, key)
        policy = ctx.policy_of(matter)
        decided = uow.escalations.decide(key, decision)
        event = Event(
            event_id=Event.make_id(matter.id, matter.version + 1),
            matter_id=matter.id,
            kind=EventKind.PROPOSAL_DECIDED,
            actor_id=actor.person_id,
            occurred_at=at,
            status_before=matter.status,
            status_after=matter.status,
            version=matter.version + 1,
            due_at=None if matter.due is None else matter.due.due_at,
            details=tuple((k, v) for k, v in (
                ("escalation", key), ("decision", decision.outcome.value),
                ("measure", measure), ("opinion", opinion),
            ) if v),
        )
        moved = attrs.evolve(matter, version=event.version,
                             changed_at=max(at, matter.changed_at or at))
        uow.matters.update(moved, expected_version=matter.version)
        uow.events.append([event])
        for entry in entries_for_escalation(
            decided, policy, firm=True, recorded_at=at, event_id=event.event_id,
            deadline=_missed_deadline(uow, decided),
        ):
            uow.scores.add_if_absent(entry)
        if decision.accepted and decided.unit_id is not None:
            _notify_measure(uow, moved, decided, event)
        uow.commit()
    return decided


def _missed_deadline(uow: UnitOfWork, decided: Escalation) -> _dt.date | None:
    """The deadline a proposal fired by a reminder rests on (``tongren-2014 art.11(1)``
    被催办两次…追究责任 records none itself): the one the matter's escalations on the same
    occasion record, so the accepted proposal counts in that deadline's period (rules.md §2)."""
    if decided.detail("deadline"):
        return None
    recorded = next((e.detail("deadline") for e in uow.escalations.for_matter(decided.matter_id)
                     if e.occasion == decided.occasion and e.detail("deadline")), "")
    return _dt.date.fromisoformat(recorded) if recorded else None


def _notify_measure(uow: UnitOfWork, matter: Matter, decided: Escalation, event: Event) -> None:
    """The unit is told of the measure taken (处理决定告知), in the decision's unit of work."""
    assert decided.decision is not None
    assert decided.unit_id is not None
    measure = decided.decision.measure or (
        decided.action.label if decided.action is not None else "处理")
    opinion = f"审定意见：{decided.decision.opinion}。" if decided.decision.opinion else ""
    outbox.notify_decision(
        uow, uow.offices.get(matter.office_id), matter, source=f"event:{event.event_id}",
        kind=NoticeKind.DECISION, title=f"关于{matter.display_title}的处理决定告知",
        paragraphs=[f"你单位承办的{matter.number}“{matter.display_title}”事项，"
                    f"{decided.subject}未按要求办理。经审定，决定予以{measure}。{opinion}",
                    "对本决定有异议的，可以依照《政府督查工作条例》的规定申请复核。"],
        at=decided.decision.decided_at, unit_id=decided.unit_id, name="处理决定告知",
    )


_FINDINGS = frozenset({TriggerEvent.POOR_CONDUCT, TriggerEvent.RECTIFICATION_IGNORED})


def record_finding(
    uow: UnitOfWork,
    ctx: Context,
    actor: Actor,
    matter_id: str,
    finding: TriggerEvent,
    note: str,
    *,
    unit_id: str | None = None,
) -> Matter:
    """The office records a finding a person made on a matter of its own.

    Poor conduct: ``daoli-2017 art.25`` (敷衍塞责、弄虚作假…), ``lianyungang-2019 §8.3``
    (工作不实、推诿扯皮、不作为、慢作为), ``zhoucun-2021 §6.3``; or rectification ignored:
    ``tongren-2014 art.11(1)`` (提出明确整改要求仍然落实不力). The next sweep escalates it as the
    matter's policy's ladder says.
    """
    _require_role(actor, _OFFICE, "认定问题", "only the office, a leader or discipline inspection")
    if not isinstance(finding, TriggerEvent) or finding not in _FINDINGS:
        raise InvalidInput("finding", "TriggerEvent.POOR_CONDUCT or RECTIFICATION_IGNORED", finding)
    if not isinstance(note, str) or not note.strip() or "\x00" in note:
        raise InvalidInput("note", "what was found (认定情况)", note)
    check_text(note, "note")
    if unit_id is not None:
        check_id(unit_id, "unit_id")
    at = ctx.now()
    with uow:
        matter = load_visible(uow, actor, matter_id)
        if matter.office_id != actor.office_id:
            raise MatterNotFound(matter_id)
        unit = unit_id or matter.lead_unit_id
        if unit not in matter.unit_ids:
            raise InvalidInput("unit_id", f"a unit assigned to matter {matter_id!r}", unit_id)
        if matter.changed_at is not None and at < matter.changed_at:
            raise InvalidInput("clock", "a time not before the matter's last change", at)
        event = Event(
            event_id=Event.make_id(matter.id, matter.version + 1),
            matter_id=matter.id,
            kind=EventKind.FINDING_RECORDED,
            actor_id=actor.person_id,
            occurred_at=at,
            status_before=matter.status,
            status_after=matter.status,
            version=matter.version + 1,
            due_at=None if matter.due is None else matter.due.due_at,
            details=(("finding", finding.key), ("unit_id", unit), ("note", note)),
        )
        moved = attrs.evolve(matter, version=event.version, changed_at=at)
        uow.matters.update(moved, expected_version=matter.version)
        uow.events.append([event])
        uow.commit()
    return moved


def commend(
    uow: UnitOfWork,
    ctx: Context,
    actor: Actor,
    unit_id: str,
    reference: str,
    reason: str,
    *,
    matter_ids: Sequence[str] = (),
) -> ScoreEntry:
    """通报表扬 / 通报表彰 of a unit of the actor's office (``chizhou-2021 §8.2``,
    ``tongren-2014 art.11(3)`` with the committees' approval, ``daoli-2017 art.30(4)``): a
    bonus entry worth the points of the policy the office works under today. ``reference``
    (the commendation's document number) makes it idempotent. Every matter named must be one
    the actor may see (a hidden one is reported missing). Only an approving leader records it."""
    _require_role(actor, _DECIDERS, "通报表扬", "only an approving leader (审定领导)")
    ids = check_ids(matter_ids, "matter_ids", allow_empty=True)
    check_id(unit_id, "unit_id")
    at = ctx.now()
    with uow:
        office = office_of(uow, actor)
        policy = ctx.policy(office.term_on(at.astimezone(SHANGHAI).date()).policy)
        uow.units.get(office.id, unit_id)
        for matter_id in ids:
            if load_visible(uow, actor, matter_id).office_id != office.id:
                raise MatterNotFound(matter_id)
        entry = commendation_entry(policy, office.id, unit_id, reference, reason, at,
                                   recorded_by=actor.person_id, matter_ids=tuple(ids))
        inserted = uow.scores.add_if_absent(entry)
        uow.commit()
    if not inserted:
        with uow:
            return uow.scores.get(entry.key)
    return entry


def _visible_entry(uow: UnitOfWork, actor: Actor, key: object) -> ScoreEntry:
    if not isinstance(key, str):
        raise InvalidInput("entry_key", "a score entry key (text)", key)
    try:
        entry = uow.scores.get(key)
    except NotFound:
        raise NotFound("score entry", key) from None
    if entry.office_id != actor.office_id:
        raise NotFound("score entry", key)
    for matter_id in entry.matter_ids:
        try:
            load_visible(uow, actor, matter_id)
        except MatterNotFound:
            raise NotFound("score entry", key) from None
    return entry


def uphold_objection(
    uow: UnitOfWork, ctx: Context, actor: Actor, entry_key: str, reason: str
) -> ScoreEntry:
    """An objection upheld (异议成立) outside the 复核 workflow: the deduction is reversed by a
    compensating entry that points at it; the original stays on record. Only an approving
    leader of the entry's office who may see every matter it traces to decides (otherwise it
    is reported missing). Kept for integrators that record objections elsewhere; the library's
    own workflow — filing within the period, the answer with reasons and its deadline — is
    :mod:`supervision.service_layer.objections`."""
    _require_role(actor, _DECIDERS, "认定异议成立", "only an approving leader (审定领导)")
    at = ctx.now()
    with uow:
        original = _visible_entry(uow, actor, entry_key)
        reversal = original.reversal(reason=reason, recorded_by=actor.person_id, recorded_at=at)
        uow.scores.add_if_absent(reversal)
        uow.commit()
    return reversal
