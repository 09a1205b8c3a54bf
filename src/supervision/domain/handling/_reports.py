"""Reports, sign-offs, review and explanations: what the units send and the office decides."""

from __future__ import annotations

import datetime as _dt

import attrs

from supervision.clock import require_aware
from supervision.domain._text import check_date, check_text, check_value
from supervision.domain.actors import Actor
from supervision.domain.handling._base import Change, _apply, _details, _nonempty
from supervision.domain.lifecycle import LIFECYCLE, Action
from supervision.domain.model import (
    Decision,
    Explanation,
    Matter,
    ReasonKind,
    Report,
    ReportContent,
    ReportKind,
    ReviewOutcome,
    ReviewRound,
    Signoff,
    SignoffCapacity,
    Unit,
)
from supervision.exceptions import InvalidInput, PermissionDenied, RuleViolation


def _report(
    matter: Matter, kind: ReportKind, unit_id: str, actor: Actor, at: _dt.datetime,
    content: ReportContent, signoff: Signoff | None = None,
) -> Report:
    check_value(content, ReportContent, "content")
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
    check_value(signoff, Signoff, "signoff")
    require_aware(signoff.signed_at, "signoff.signed_at")
    if signoff.capacity is not rule or expected is None or signoff.person_id != expected:
        signer = expected or "未登记"
        if rule is SignoffCapacity.SUPERVISING_LEADER and expected is not None:
            signer = matter.supervising_leader_label  # 王副区长（vice-head-1）, the name recorded
        raise RuleViolation(
            "signoff_required",
            f"办理结果须由{rule.label}（{signer}）签发，而非 {signoff.person_id}"
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
    if not isinstance(content, ReportContent) or not check_value(
            content, ReportContent, "content").complete:
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
    if redo_due_day is not None:
        check_date(redo_due_day, "redo_due_day")
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
    if accept.__class__ is not bool:
        raise InvalidInput("accept", "True or False", accept)
    check_text(opinion, "opinion", allow_empty=True)
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
