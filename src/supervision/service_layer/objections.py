"""复核: a unit asks for review of a conclusion about it, the office answers, and an answer
not given in time is escalated (《政府督查工作条例》; the terms are
:class:`~supervision.domain.objections.ReviewTerms`, docs/objections.md).

* :func:`file_objection` — the unit (its head or liaison) files within the filing period,
  counted from the day it received the conclusion (the delivery of its notice), with
  reasons; recorded on the matter (``OBJECTION_FILED``) and sent to the office's leaders;
* :func:`decide_objection` — an approving leader of the office answers with reasons: upheld
  (every score entry resting on the conclusion reversed by a compensating entry, the
  escalation set aside), partly upheld (the entries named reversed) or rejected; recorded on
  the matter (``OBJECTION_DECIDED``, with the entries reversed and the escalations set aside)
  and sent to the unit as a 复核决定书; the person who decided the measure objected to never
  reviews it (library convention, as a reviewer is never the reporter);
* :func:`escalate_overdue` — run by the sweep: an objection unanswered at the end of its
  answer period is recorded once as the office's overdue duty and sent to the leaders.

Every step is confidential like its matter: an objection about a matter the actor may not
see is reported exactly as a missing one, events carry no reasons (the objection record
does), and a notice to someone outside the matter's circle says only where to look.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
from collections.abc import Collection, Sequence

import attrs

from supervision.calendar import SHANGHAI
from supervision.domain.actors import UNIT_ROLES, Actor, Role
from supervision.domain.escalation import SYSTEM_ACTOR, Escalation, EscalationKind
from supervision.domain.events import Event, EventKind
from supervision.domain.model import Matter
from supervision.domain.notices import NoticeKind
from supervision.domain.objections import (
    REGULATION_KEY,
    ConclusionKind,
    Objection,
    ObjectionDecision,
    ObjectionOutcome,
    ReviewTerms,
    objection_id,
)
from supervision.domain.office import Office
from supervision.domain.policy import Citation
from supervision.domain.policy import chinese_clause as _clause_words
from supervision.domain.scorecard import ScoreEntry
from supervision.exceptions import (
    InvalidInput,
    MatterNotFound,
    NotFound,
    PermissionDenied,
    RuleViolation,
)
from supervision.ports import UnitOfWork
from supervision.service_layer import outbox
from supervision.service_layer._support import check_actor, load_visible
from supervision.service_layer.context import Context, office_of
from supervision.text import cn_date, cn_datetime

__all__ = [
    "REVIEW_CITATION",
    "decide_objection",
    "escalate_overdue",
    "file_objection",
    "objections_for",
    "open_objections",
]

#: The clause an overdue answer rests on: 《政府督查工作条例》 by article number (the wording
#: could not be confirmed, so no quote is printed; docs/objections.md).
REVIEW_CITATION = Citation(REGULATION_KEY, "art.17", "条文未经核实，仅引条号")
_NO_TERMS = ReviewTerms()


def _cited(terms: ReviewTerms) -> str:
    return f"《{terms.regulation}》{_clause_words(f'art.{terms.filing_article}')}"


def _text(value: object, field: str, what: str) -> str:
    if not isinstance(value, str) or not value.strip() or "\x00" in value:
        raise InvalidInput(field, what, value)
    return value


def _terms(terms: object) -> ReviewTerms:
    found = _NO_TERMS if terms is None else terms
    if not isinstance(found, ReviewTerms):
        raise InvalidInput("terms", "a supervision.domain.objections.ReviewTerms", terms)
    return found


def _event(matter: Matter, kind: EventKind, actor_id: str, at: _dt.datetime,
           details: Sequence[tuple[str, str]]) -> tuple[Matter, Event]:
    when = max(at, matter.changed_at or at)
    version = matter.version + 1
    event = Event(
        event_id=Event.make_id(matter.id, version), matter_id=matter.id, kind=kind,
        actor_id=actor_id, occurred_at=when, status_before=matter.status,
        status_after=matter.status, version=version,
        due_at=None if matter.due is None else matter.due.due_at,
        details=tuple((k, v) for k, v in details if v),
    )
    return attrs.evolve(matter, version=version, changed_at=when), event


def _store(uow: UnitOfWork, matter: Matter, moved: Matter, event: Event) -> None:
    uow.matters.update(moved, expected_version=matter.version)
    uow.events.append([event])


# ===================================================================== the conclusion
@attrs.frozen
class _Conclusion:
    key: str
    kind: ConclusionKind
    label: str
    unit_id: str
    matter: Matter
    recorded_at: _dt.datetime
    escalation: Escalation | None = None


def _conclusion(uow: UnitOfWork, actor: Actor, key: object) -> _Conclusion:
    """The escalation or score entry ``key`` names, against a unit of the actor's office, on
    matters the actor may see; NotFound (kind ``"conclusion"``) otherwise."""
    if not isinstance(key, str) or not key:
        raise InvalidInput("conclusion", "the key of an escalation or a score entry", key)
    try:
        try:
            escalation = uow.escalations.get(key)
        except NotFound:
            entry = uow.scores.get(key)
            if entry.is_reversal or not entry.is_deduction or not entry.matter_ids:
                raise NotFound("conclusion", key) from None
            matters = [load_visible(uow, actor, m) for m in entry.matter_ids]
            points = format(-entry.points.normalize(), "f")
            return _Conclusion(key, ConclusionKind.SCORE_ENTRY,
                               f"考核扣分{points}分（{entry.reason}）", entry.unit_id,
                               matters[0], entry.recorded_at)
        matter = load_visible(uow, actor, escalation.matter_id)
    except NotFound:
        raise NotFound("conclusion", key) from None
    if escalation.unit_id is None or not escalation.taken:
        raise NotFound("conclusion", key)
    return _Conclusion(key, ConclusionKind.ESCALATION, escalation.label, escalation.unit_id,
                       matter, escalation.issued_at, escalation)


def _received_at(uow: UnitOfWork, conclusion: _Conclusion) -> _dt.datetime:
    """When the unit received the conclusion: the first delivery of a notice of it to the
    unit; else (never delivered) the instant it was recorded (library convention)."""
    keys = {conclusion.key}
    if conclusion.kind is ConclusionKind.SCORE_ENTRY:
        keys |= set(uow.scores.get(conclusion.key).escalation_keys)
    sources = {outbox.escalation_source(k) for k in keys}
    delivered = [
        d.delivered_at for n in uow.notices.for_matter(conclusion.matter.id)
        if n.source in sources and n.recipient.unit_id == conclusion.unit_id
        and (d := uow.notices.delivery(n.key)).delivered_at is not None
    ]
    return min(delivered) if delivered else conclusion.recorded_at


def _entries_resting_on(uow: UnitOfWork, conclusion: _Conclusion) -> list[ScoreEntry]:
    """The unreversed deductions the conclusion stands for."""
    if conclusion.kind is ConclusionKind.SCORE_ENTRY:
        found = [uow.scores.get(conclusion.key)]
    else:
        found = [e for e in uow.scores.for_matter(conclusion.matter.id)
                 if conclusion.key in e.escalation_keys and not e.is_reversal]
    reversed_ = {e.compensates for e in uow.scores.for_matter(conclusion.matter.id)
                 if e.compensates is not None}
    return [e for e in found if e.key not in reversed_]


# ========================================================================= filing
def file_objection(
    uow: UnitOfWork,
    ctx: Context,
    actor: Actor,
    conclusion: str,
    reasons: str,
    *,
    terms: ReviewTerms | None = None,
) -> Objection:
    """复核申请 by the unit a conclusion concerns (its head or liaison): within the filing
    period from receipt (RuleViolation ``objection_out_of_time`` after it), once per
    conclusion (``objection_already_filed``), with reasons."""
    check_actor(actor)
    review = _terms(terms)
    reasons = _text(reasons, "reasons", "the reasons for the objection (复核理由)")
    at = ctx.now()
    with uow:
        office = office_of(uow, actor)
        found = _conclusion(uow, actor, conclusion)
        matter = found.matter
        if matter.office_id != office.id:
            raise NotFound("conclusion", conclusion)
        if not actor.roles & UNIT_ROLES or actor.unit_id != found.unit_id:
            raise PermissionDenied(actor.person_id, "申请复核",
                                   "only the unit the conclusion concerns (督查对象) files")
        calendar, close = ctx.calendar_of(office), ctx.close_of(office)
        received = _received_at(uow, found)
        filing_due = review.filing_period.deadline(received, calendar, close).due_at
        if at >= filing_due:
            raise RuleViolation(
                "objection_out_of_time",
                f"复核申请须自收到督查结论之日起{review.filing_period.label}内提出（收到于"
                f"{cn_datetime(received.astimezone(SHANGHAI))}，期限至"
                f"{cn_datetime(filing_due.astimezone(SHANGHAI))}）。 An objection is filed "
                "within the filing period from receipt of the conclusion.",
                "", _cited(review),
            )
        ident = objection_id(found.key, found.unit_id)
        try:
            uow.objections.get(ident)
        except NotFound:
            pass
        else:
            raise RuleViolation(
                "objection_already_filed",
                "该督查结论已申请过复核，复核决定为最终结论。 This unit has already asked for "
                "review of this conclusion.", "", _cited(review),
            )
        answer_due = review.answer_period.deadline(at, calendar, close).due_at
        objection = Objection(
            ident, office.id, matter.id, found.unit_id, found.key, found.kind, found.label,
            received, filing_due, at, actor.person_id, reasons, answer_due,
        )
        uow.objections.add(objection)
        moved, event = _event(matter, EventKind.OBJECTION_FILED, actor.person_id, at, (
            ("objection", ident), ("conclusion", found.key), ("unit_id", found.unit_id),
            ("answer_due", answer_due.isoformat()),
        ))
        _store(uow, matter, moved, event)
        due_day = (answer_due - _dt.timedelta(microseconds=1)).astimezone(SHANGHAI).date()
        unit = uow.units.get(office.id, found.unit_id).name
        outbox.notify_decision(
            uow, office, moved, source=f"objection:{ident}:filed",
            kind=NoticeKind.OBJECTION_FILED, title=f"关于{moved.display_title}的复核申请",
            paragraphs=[f"{unit}对{moved.number}“{moved.display_title}”事项的督查结论"
                        f"（{found.label}）提出复核申请。理由：{reasons}",
                        f"依照{_cited(review)}，请于{cn_date(due_day)}前作出复核决定。"],
            at=at, roles=(Role.APPROVING_LEADER,), name="复核申请",
        )
        uow.commit()
    return objection


# ======================================================================= deciding
def _visible_objection(uow: UnitOfWork, actor: Actor, objection_id_: object) -> Objection:
    if not isinstance(objection_id_, str):
        raise InvalidInput("objection_id", "an objection id (text)", objection_id_)
    try:
        objection = uow.objections.get(objection_id_)
        load_visible(uow, actor, objection.matter_id)
    except NotFound:
        raise NotFound("objection", objection_id_) from None
    if objection.office_id != actor.office_id:
        raise NotFound("objection", objection_id_)
    return objection


def decide_objection(
    uow: UnitOfWork,
    ctx: Context,
    actor: Actor,
    objection_id_: str,
    outcome: ObjectionOutcome,
    reasons: str,
    *,
    reverse: Sequence[str] = (),
    terms: ReviewTerms | None = None,
) -> Objection:
    """复核决定 by an approving leader of the office, with reasons: UPHELD reverses every
    deduction resting on the conclusion and sets the escalation aside; PARTLY_UPHELD keeps the
    measure on record but reverses the deductions named in ``reverse`` (one or more of those
    resting on it); REJECTED keeps the conclusion whole. Once only
    (``objection_already_decided``)."""
    check_actor(actor)
    review = _terms(terms)
    if Role.APPROVING_LEADER not in actor.roles:
        raise PermissionDenied(actor.person_id, "作出复核决定",
                               "only an approving leader (审定领导) of the office answers")
    if not isinstance(outcome, ObjectionOutcome) or outcome is ObjectionOutcome.FILED:
        raise InvalidInput("outcome", "UPHELD, PARTLY_UPHELD or REJECTED", outcome)
    reasons = _text(reasons, "reasons", "the reasons for the decision (复核决定理由)")
    if isinstance(reverse, str):
        raise InvalidInput("reverse", "a list of score entry keys", reverse)
    at = ctx.now()
    with uow:
        office = office_of(uow, actor)
        objection = _visible_objection(uow, actor, objection_id_)
        if not objection.pending:
            raise RuleViolation("objection_already_decided",
                                "该复核申请已作出决定。 The objection was already answered.",
                                "", _cited(review))
        found = _conclusion(uow, actor, objection.conclusion)
        decision_by = None if found.escalation is None or found.escalation.decision is None \
            else found.escalation.decision.decided_by
        if decision_by == actor.person_id:
            raise PermissionDenied(actor.person_id, "作出复核决定",
                                   "the person who decided the measure does not review it "
                                   "(参与作出督查结论的人员应当回避)")
        entries = _entries_resting_on(uow, found)
        chosen = _chosen(outcome, entries, reverse)
        reversals = [e.reversal(reason=f"复核成立：{reasons}", recorded_by=actor.person_id,
                                recorded_at=at) for e in chosen]
        for reversal in reversals:
            uow.scores.add_if_absent(reversal)
        set_aside = (found.key,) if (outcome is ObjectionOutcome.UPHELD
                                     and found.kind is ConclusionKind.ESCALATION) else ()
        decision = ObjectionDecision.of(outcome, actor.person_id, at, reasons,
                                        reversed=tuple(r.key for r in reversals),
                                        set_aside=set_aside)
        answered = objection.decided(decision)
        uow.objections.update(answered, expected_version=objection.version)
        matter = uow.matters.get(objection.matter_id)
        moved, event = _event(matter, EventKind.OBJECTION_DECIDED, actor.person_id, at, (
            ("objection", objection.id), ("outcome", outcome.value),
            ("reversed", ",".join(r.key for r in reversals)), ("set_aside", ",".join(set_aside)),
        ))
        _store(uow, matter, moved, event)
        _notify_decided(uow, office, moved, answered, reversals, review)
        uow.commit()
    return answered


def _chosen(
    outcome: ObjectionOutcome, entries: list[ScoreEntry], reverse: Sequence[str]
) -> list[ScoreEntry]:
    if outcome is ObjectionOutcome.REJECTED:
        if reverse:
            raise InvalidInput("reverse", "nothing for a rejected objection", list(reverse))
        return []
    if outcome is ObjectionOutcome.UPHELD:
        if reverse:
            raise InvalidInput("reverse", "nothing (an upheld objection reverses every "
                               "deduction resting on the conclusion)", list(reverse))
        return entries
    by_key = {e.key: e for e in entries}
    wanted = list(dict.fromkeys(reverse))
    if not wanted or any(k not in by_key for k in wanted):
        listed = ", ".join(sorted(by_key)) if by_key else "none (decide UPHELD or REJECTED)"
        raise InvalidInput(
            "reverse", f"one or more of the deductions resting on the conclusion: {listed}",
            list(reverse))
    return [by_key[k] for k in wanted]


def _notify_decided(
    uow: UnitOfWork, office: Office, matter: Matter, objection: Objection,
    reversals: list[ScoreEntry], review: ReviewTerms,
) -> None:
    assert objection.decision is not None
    decision = objection.decision
    effect = {
        ObjectionOutcome.UPHELD: "复核成立，撤销该督查结论",
        ObjectionOutcome.PARTLY_UPHELD: "复核部分成立",
        ObjectionOutcome.REJECTED: "复核不成立，维持原督查结论",
    }[decision.outcome]
    undone = "".join(f"{format(r.points.normalize(), 'f')}分" for r in reversals[:1])
    points = f"；相应考核扣分予以撤销（共{len(reversals)}项，如{undone}）" if reversals else ""
    outbox.notify_decision(
        uow, office, matter, source=f"objection:{objection.id}:decided",
        kind=NoticeKind.OBJECTION_DECIDED, title=f"关于{matter.display_title}的复核决定书",
        paragraphs=[f"你单位对{matter.number}“{matter.display_title}”事项的督查结论"
                    f"（{objection.conclusion_label}）提出的复核申请收悉。",
                    f"经复核，{effect}{points}。理由：{decision.reasons}",
                    f"依照{_cited(review)}，本决定为复核结论。"],
        at=decision.decided_at, unit_id=objection.unit_id,
    )


# ======================================================================== overdue
def _overdue_key(objection: Objection) -> str:
    digest = hashlib.sha256(objection.id.encode("utf-8")).hexdigest()[:16]
    return Escalation.make_key(objection.matter_id, "duty.objection_answer", None,
                               f"objection.{digest}")


def escalate_overdue(
    uow: UnitOfWork, ctx: Context, *, now: _dt.datetime, offices: Collection[str] | None = None,
) -> list[Escalation]:
    """Record once, as the office's overdue duty (an ``ESCALATED`` event on the matter and a
    notice to the leaders and clerks), every objection still unanswered at the end of its
    answer period. Run by the sweep; returns what it recorded."""
    recorded: list[Escalation] = []
    with uow:
        for objection in uow.objections.overdue(before=now, offices=offices):
            matter = uow.matters.get(objection.matter_id)
            escalation = Escalation(
                key=_overdue_key(objection), policy=matter.policy.name,
                office_id=objection.office_id, matter_id=objection.matter_id, unit_id=None,
                kind=EscalationKind.OFFICE_DUTY, action=None, step=None, trigger=None,
                occasion=_overdue_key(objection).rsplit(":", 1)[1], citation=REVIEW_CITATION,
                due_at=objection.answer_due_at, issued_at=now, duty="objection_answer",
                details=(("subject", "复核决定"), ("duty", "作出复核决定"),
                         ("objection", objection.id)),
            )
            if not uow.escalations.add_if_absent(escalation):
                continue
            moved, event = _event(matter, EventKind.ESCALATED, SYSTEM_ACTOR, now, (
                ("escalation", escalation.key), ("action", escalation.label),
                ("citation", escalation.citation.key),
            ))
            _store(uow, matter, moved, event)
            office = uow.offices.get(objection.office_id)
            due = objection.answer_due_at.astimezone(SHANGHAI)
            outbox.notify_decision(
                uow, office, moved, source=outbox.escalation_source(escalation.key),
                kind=NoticeKind.OBJECTION_OVERDUE,
                title=f"关于{moved.display_title}复核决定逾期的提示",
                paragraphs=[f"{moved.number}“{moved.display_title}”事项的复核申请"
                            f"（{objection.conclusion_label}）应于{cn_datetime(due)}前作出复核"
                            "决定，现已逾期。",
                            f"请依照{_cited(_NO_TERMS)}的规定尽快作出复核决定。"],
                at=now, roles=(Role.APPROVING_LEADER, Role.OFFICE_CLERK), name="复核期限提示",
            )
            recorded.append(escalation)
        uow.commit()
    return recorded


# ========================================================================== reads
def objections_for(
    uow: UnitOfWork, ctx: Context, actor: Actor, matter_id: str
) -> list[Objection]:
    """The objections about a matter the actor may see (MatterNotFound otherwise)."""
    check_actor(actor)
    with uow:
        load_visible(uow, actor, matter_id)
        return uow.objections.for_matter(matter_id)


def open_objections(uow: UnitOfWork, ctx: Context, actor: Actor) -> list[Objection]:
    """The unanswered objections of the actor's office about matters the actor may see, by
    filing time: the office's 复核 work list."""
    check_actor(actor)
    with uow:
        office = office_of(uow, actor)
        found: list[Objection] = []
        for objection in uow.objections.list(offices=(office.id,), open_only=True):
            try:
                load_visible(uow, actor, objection.matter_id)
            except MatterNotFound:
                continue
            found.append(objection)
        return found
