"""What a scheduler runs: ``sweep`` (督查巡检, daily, idempotent) and ``recompute`` (after a
year's holiday notice is supplied). Both cover every office unless ``--only-office`` says;
each matter is handled under the policy recorded on it, never a policy given here.

The summary shows in full only what the reading actor may see (``--actor``/``--role``/
``--office``); the rest is counted, and with several offices and no ``--office`` only the
counts are shown."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from supervision.cli._errors import OfficeNotGiven, UsageError
from supervision.cli._parser import Commands, add_at
from supervision.cli._session import Result, Session, when
from supervision.cli.commands.handling import matter_result
from supervision.cli.commands.reading import cited, escalation_view
from supervision.exceptions import MatterNotFound
from supervision.text import cn_date

if TYPE_CHECKING:
    from supervision.bootstrap import Supervision
    from supervision.domain.actors import Actor
    from supervision.domain.model import Matter

__all__ = ["add"]


def add(commands: Commands) -> None:
    p = commands.add("sweep", "the daily sweep (督查巡检) over every office, for cron; running "
                     "it again at the same --at records nothing new", _sweep)
    _offices(p)
    p.add_argument("--batch-size", metavar="N", type=int, default=200,
                   help="matters per unit of work (default 200)")
    p.add_argument("--lookback-days", metavar="N", type=int, default=7,
                   help="how long matters no longer open are still looked at (default 7)")
    p.add_argument("--claim", action="store_true",
                   help="one of several workers sharing the sweep: each page claims due "
                        "matters no other worker holds (PostgreSQL: FOR UPDATE SKIP LOCKED); "
                        "run the same command in each worker")
    add_at(p, "the instant the sweep runs at")
    p = commands.add("recompute", "re-derive open matters' deadlines (e.g. after --schedule "
                     "supplies a new year): provisional deadlines become firm", _recompute)
    p.add_argument("matter", metavar="MATTER", nargs="?",
                   help="only this matter (default: every open matter)")
    _offices(p)
    p.add_argument("--batch-size", metavar="N", type=int, default=200,
                   help="matters per unit of work (default 200)")
    add_at(p, "the instant the change is recorded at")


def _offices(p: Any) -> None:
    p.add_argument("--only-office", metavar="ID", action="append",
                   help="only this office (repeatable; default: every office)")


def _reader(session: Session) -> Actor | None:
    """The actor the summary is shown to, or None when no office can be told."""
    try:
        return session.actor()
    except OfficeNotGiven:
        return None


class _Visible:
    """The matters among those named that the reader may see (the others are counted)."""

    def __init__(self, app: Supervision, reader: Actor | None) -> None:
        self.app = app
        self.reader = reader
        self.found: dict[str, Matter | None] = {}

    def get(self, matter_id: str) -> Matter | None:
        if matter_id not in self.found:
            matter = None
            if self.reader is not None:
                try:
                    matter = self.app.get_matter(self.reader, matter_id)
                except MatterNotFound:
                    matter = None
            self.found[matter_id] = matter
        return self.found[matter_id]


def _sweep(session: Session) -> Result:
    args = session.args
    app = session.app()
    reader = _reader(session)
    summary = app.sweep(offices=args.only_office, batch_size=args.batch_size,
                        lookback_days=args.lookback_days, claim=args.claim)
    visible = _Visible(app, reader)
    names = {u.id: u.name for u in app.units(reader)} if reader is not None else {}
    lines = [f"督查巡检 sweep — 巡检时间 at {when(summary.now)}",
             f"督查机构 offices: {'、'.join(summary.offices) or '—'}；适用制度 policies: "
             f"{'、'.join(summary.policies) or '—'}",
             f"检查事项 matters evaluated: {summary.matters_evaluated}（承办单位 units: "
             f"{summary.units_evaluated}，批次 pages: {summary.batches}）",
             f"新增督办措施 new escalations: {len(summary.escalations)}"]
    shown: list[dict[str, Any]] = []
    for escalation in summary.escalations:
        matter = visible.get(escalation.matter_id)
        if matter is None:
            continue
        unit = names.get(escalation.unit_id or "", "督查机构 office")
        flag = "（临时期限 provisional）" if escalation.provisional else ""
        lines.append(f"  {matter.number}  {matter.display_title}  {unit}  {escalation.label}"
                     f"{flag}  依据 {cited(app, escalation.citation)}")
        shown.append(escalation_view(escalation))
    hidden = len(summary.escalations) - len(shown)
    lines.append(f"新增考核记录 new score entries: {len(summary.score_entries)}")
    entries: list[dict[str, Any]] = []
    for entry in summary.score_entries:
        if not all(visible.get(m) is not None for m in entry.matter_ids) or (
                reader is None or entry.office_id not in reader.readable_offices):
            continue
        lines.append(f"  {names.get(entry.unit_id, entry.unit_id)}  {entry.points:+}  "
                     f"{entry.reason}  依据 {cited(app, entry.citation)}")
        entries.append({"key": entry.key, "unit_id": entry.unit_id, "points": entry.points,
                        "reason": entry.reason, "citation": entry.citation.key,
                        "matter_ids": list(entry.matter_ids)})
    hidden_entries = len(summary.score_entries) - len(entries)
    if hidden or hidden_entries:
        who = "未指定督查机构 no --office" if reader is None else reader.person_id
        lines.append(f"  另有 {hidden} 项督办措施、{hidden_entries} 条考核记录不予显示 "
                     f"({hidden} escalations and {hidden_entries} score entries not shown to "
                     f"{who})")
    if summary.proposals:
        lines.append(f"待领导决定的处理建议 proposals awaiting a decision: "
                     f"{len(summary.proposals)}")
    if summary.held:
        lines.append(f"待认定情况说明暂缓 held for an explanation's decision: {len(summary.held)}")
    for office_id, finding in summary.office_findings:
        lines.append(f"提示 finding [{office_id}] [{finding.code}]: {finding.message}")
    data = {
        "now": summary.now.isoformat(),
        "offices": list(summary.offices),
        "policies": list(summary.policies),
        "matters_evaluated": summary.matters_evaluated,
        "units_evaluated": summary.units_evaluated,
        "batches": summary.batches,
        "retries": summary.retries,
        "escalations_recorded": len(summary.escalations),
        "score_entries_recorded": len(summary.score_entries),
        "escalations": shown,
        "score_entries": entries,
        "not_shown": {"escalations": hidden, "score_entries": hidden_entries},
        "proposals": len(summary.proposals),
        "held": len(summary.held),
        "findings": [{"office_id": o, "code": f.code, "message": f.message}
                     for o, f in summary.office_findings],
    }
    return Result(data, "\n".join(lines))


def _recompute(session: Session) -> Result:
    args = session.args
    app = session.app()
    if args.matter is not None:
        if args.only_office:
            raise UsageError("recompute MATTER: --only-office is for every open matter")
        matter = app.recompute_deadline(session.actor(), session.matter_id(args.matter))
        return matter_result(matter, "期限已重新计算 deadline re-derived")
    reader = _reader(session)
    summary = app.recompute_deadlines(offices=args.only_office, batch_size=args.batch_size)
    visible = _Visible(app, reader)
    lines = [f"重新计算期限 recompute — {when(summary.now)}",
             f"在办事项 open matters: {summary.matters_evaluated}，期限变动 moved: "
             f"{len(summary.moved)}"]
    moves: list[dict[str, Any]] = []
    for move in summary.moved:
        moved = visible.get(move.matter_id)
        if moved is None:
            continue
        before = "临时" if move.provisional_before else "确定"
        after = "临时" if move.provisional_after else "确定"
        lines.append(f"  {moved.number}  {moved.display_title}  {cn_date(move.previous_day)}"
                     f"（{before}）→ {cn_date(move.new_day)}（{after}）")
        moves.append({"matter_id": move.matter_id, "previous_day": move.previous_day,
                      "new_day": move.new_day, "provisional_before": move.provisional_before,
                      "provisional_after": move.provisional_after})
    hidden = len(summary.moved) - len(moves)
    if hidden:
        lines.append(f"  另有 {hidden} 项不予显示 ({hidden} more not shown)")
    data = {"now": summary.now.isoformat(), "matters_evaluated": summary.matters_evaluated,
            "moved": moves, "not_shown": hidden}
    return Result(data, "\n".join(lines))
