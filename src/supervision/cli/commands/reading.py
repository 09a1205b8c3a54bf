"""Reading matters as the actor may see them: ``show``, ``timeline``, ``list``. A matter the
actor may not see is reported exactly as a missing one (exit 5)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from supervision.cli._parser import Commands
from supervision.cli._parsing import parse_enum
from supervision.cli._session import Result, Session, when
from supervision.cli._views import event_line, event_view, matter_line, matter_view
from supervision.exceptions import SupervisionError
from supervision.text import cn_date

if TYPE_CHECKING:
    from supervision.bootstrap import Supervision
    from supervision.domain.escalation import Escalation
    from supervision.domain.policy import Citation

__all__ = ["add", "cited", "escalation_line", "escalation_view"]


def add(commands: Commands) -> None:
    p = commands.add("show", "one matter: its terms, units, reports, review rounds and "
                     "escalations", _show)
    p.add_argument("matter", metavar="MATTER", help="the matter's id or registration number")
    p = commands.add("timeline", "a matter's recorded events, in order (办理过程记录)", _timeline)
    p.add_argument("matter", metavar="MATTER", help="the matter's id or registration number")
    p = commands.add("list", "the matters the actor may see", _list)
    p.add_argument("--status", metavar="STATUS",
                   help="only this status, by label or id: 待审定 draft, 已交办 dispatched, "
                   "办理中 in_progress, 已反馈 reported, 已办结 completed, 已销号 closed …")
    p.add_argument("--assigned-to", dest="unit_filter", metavar="UNIT",
                   help="only matters assigned to this unit")
    p.add_argument("--parent", metavar="MATTER", help="only the sub-matters of this one")


def cited(app: Supervision, citation: Citation) -> str:
    """The clause as a person reads it (《…》第七条第（三）项), else its key."""
    try:
        return app.policies.get(citation.policy).cite(citation)
    except SupervisionError:
        return citation.key


def escalation_view(escalation: Escalation) -> dict[str, Any]:
    return {
        "key": escalation.key,
        "matter_id": escalation.matter_id,
        "unit_id": escalation.unit_id,
        "label": escalation.label,
        "subject": escalation.subject,
        "citation": escalation.citation.key,
        "due_at": escalation.due_at.isoformat(),
        "issued_at": escalation.issued_at.isoformat(),
        "proposal": escalation.proposal,
        "pending": escalation.pending,
        "provisional": escalation.provisional,
    }


def escalation_line(app: Supervision, escalation: Escalation) -> str:
    flag = "（临时期限 provisional）" if escalation.provisional else ""
    pending = "（待决定 awaiting a decision）" if escalation.pending else ""
    return (f"{escalation.label}{flag}{pending}  {escalation.subject}  "
            f"{when(escalation.issued_at)}  依据 {cited(app, escalation.citation)}")


def _show(session: Session) -> Result:
    from supervision.serialization import to_dict

    app = session.app()
    actor = session.actor()
    matter = session.matter(session.args.matter)
    escalations = app.escalations_for(actor, matter.id)
    names = {u.id: u.name for u in app.units(actor)}
    lines = [matter_line(matter)]
    lines.append(f"  事项来源 source: {matter.source.kind.label}"
                 + (f"（{matter.source.leader}）" if matter.source.leader else "")
                 + (f" {matter.source.reference}" if matter.source.reference else ""))
    if matter.category:
        lines.append(f"  事项类别 category: {_category(app, matter.policy.name, matter.category)}")
    lines.append(f"  办理时限 deadline: {matter.terms.label}（{matter.terms.basis.label}）")
    if matter.due is not None:
        lines.append(f"  期限届满 due at: {when(matter.due.due_at)}")
    lines.append(f"  主办单位 lead: {names.get(matter.lead_unit_id, matter.lead_unit_id)}")
    if matter.co_unit_ids:
        lines.append("  协办单位 co-units: "
                     + "、".join(names.get(u, u) for u in matter.co_unit_ids))
    if matter.responsible:
        lines.append("  责任人 responsible: "
                     + "、".join(r.name or r.person_id for r in matter.responsible))
    if matter.supervising_leader:
        lines.append(f"  分管领导 supervising leader: {matter.supervising_leader_label}")
    if matter.requirements:
        lines.append(f"  办理要求 requirements: {matter.requirements}")
    lines.append(f"  适用制度 policy: {matter.policy.label()}")
    for review_round in matter.rounds:
        outcome = "待审核" if review_round.outcome is None else review_round.outcome.label
        signoff = review_round.report.signoff
        signed = ""
        if signoff is not None:
            state = "已确认" if signoff.confirmed else "待本人确认"
            signer = (matter.supervising_leader_label
                      if signoff.person_id == matter.supervising_leader else signoff.person_id)
            signed = f"，{signoff.capacity.label} {signer}（{state}）"
        lines.append(f"  第{review_round.number}轮 round {review_round.number}: "
                     f"{outcome}{signed}")
    for explanation in matter.explanations:
        lines.append(f"  情况说明 {explanation.number}: {explanation.reason_kind.label}，"
                     f"{explanation.decision.label}")
    for extension in matter.extensions:
        lines.append(f"  延期申请 {extension.number}: 至 {cn_date(extension.requested_day)}，"
                     f"{extension.decision.label}")
    for escalation in escalations:
        lines.append(f"  督办 {escalation_line(app, escalation)}")
    return Result({"matter": matter_view(matter), "record": to_dict(matter),
                   "escalations": [escalation_view(e) for e in escalations]},
                  "\n".join(lines))


def _category(app: Supervision, policy: str, key: str) -> str:
    try:
        return app.policies.get(policy).category(key).label
    except SupervisionError:
        return key


def _timeline(session: Session) -> Result:
    app = session.app()
    matter = session.matter(session.args.matter)
    events = app.timeline(session.actor(), matter.id)
    lines = [matter_line(matter), *(f"  {event_line(e)}" for e in events)]
    return Result({"matter": matter_view(matter), "events": [event_view(e) for e in events]},
                  "\n".join(lines))


def _list(session: Session) -> Result:
    from supervision.domain.lifecycle import Status

    args = session.args
    app = session.app()
    actor = session.actor()
    status = None if args.status is None else parse_enum(Status, args.status, "--status")
    parent = None if args.parent is None else session.matter_id(args.parent)
    matters = app.list_matters(actor, status=status, unit_id=args.unit_filter, parent_id=parent)
    lines = [matter_line(m) for m in matters]
    lines.append(f"共 {len(matters)} 项 matters")
    return Result({"matters": [matter_view(m) for m in matters]}, "\n".join(lines))
