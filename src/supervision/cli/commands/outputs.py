"""What the office prints and files, as of an instant: ``ledger`` (台账: text, .xlsx, CSV)
and ``scorecard`` (考核情况: text, .xlsx). Both show only what the reading actor may see and
state the instant, the office and the policy they cover."""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from supervision.calendar import SHANGHAI
from supervision.cli._errors import UsageError
from supervision.cli._parser import Commands, add_at
from supervision.cli._session import Result, Session, when
from supervision.cli.commands.reading import cited
from supervision.domain.model import RegistrationNumber
from supervision.domain.scorecard import Scorecard, ScorePeriod
from supervision.text import cn_date

__all__ = ["add", "parse_period_key"]


def add(commands: Commands) -> None:
    p = commands.add("ledger", "the ledger (督办事项台账) as of an instant: text, .xlsx, CSV",
                     _ledger)
    p.add_argument("--xlsx", metavar="FILE", help="also write the print-ready .xlsx here")
    p.add_argument("--csv", metavar="FILE", help="also write UTF-8 CSV (with BOM) here")
    add_at(p, "the ledger's instant")
    p = commands.add("scorecard", "each unit's results for a period (考核情况)", _scorecard)
    p.add_argument("--period", required=True, metavar="PERIOD",
                   help="2026 (2026年度), 2026-H1 (2026年上半年) or 2026-H2 (2026年下半年)")
    p.add_argument("--xlsx", metavar="FILE", help="also write the assessment .xlsx here")
    add_at(p, "the scorecard's instant")


def _target(path: str | None, option: str) -> Path | None:
    if path is None:
        return None
    target = Path(path)
    if not target.resolve().parent.is_dir():
        raise UsageError(f"{option}: the folder of {path} does not exist")
    if target.is_dir():
        raise UsageError(f"{option}: {path} is a folder; give a file name")
    return target


# ----------------------------------------------------------------------------- ledger
def _ledger(session: Session) -> Result:
    from supervision.ledger import Standing, ledger_entries, on_time_rates, write_csv, write_xlsx

    args = session.args
    xlsx, csv = _target(args.xlsx, "--xlsx"), _target(args.csv, "--csv")
    app = session.app()
    actor = session.actor()
    at = session.instant()
    office = app.office(actor)
    policy = app.context.policy(office.term_on(at.astimezone(SHANGHAI).date()).policy)
    entries = ledger_entries(app.uow(), app.context, actor, at)
    day = at.astimezone(SHANGHAI).date()
    written: list[str] = []
    if xlsx is not None:
        write_xlsx(entries, xlsx, title=f"督办事项台账（截至{cn_date(day)}）",
                   office=office.name, as_of=at)
        written.append(str(xlsx))
    if csv is not None:
        write_csv(entries, csv)
        written.append(str(csv))
    roles = "、".join(sorted(r.label for r in actor.roles))
    lines = [f"督办事项台账 ledger — {office.name}（{policy.name} {policy.title}）",
             f"截至 as of {when(at)}，读者 reader {actor.person_id}（{roles}）"]
    rows: list[dict[str, Any]] = []
    for entry in entries:
        row = entry.row
        due = "" if row.due_day is None else cn_date(row.due_day)
        lines.append(f"{entry.index:>3}  {row.number}  {row.title}  {row.lead_unit}  {due}  "
                     f"{row.status.label}  {entry.standing.label}")
        rows.append({
            "index": entry.index, "matter_id": row.matter_id, "number": row.number,
            "title": row.title, "lead_unit": row.lead_unit,
            "due_day": None if row.due_day is None else row.due_day.isoformat(),
            "status": row.status.value, "status_label": row.status.label,
            "standing": entry.standing.value, "standing_label": entry.standing.label,
            "on_time": entry.on_time, "cells": dict(zip(_headers(), entry.cells(), strict=True)),
        })
    counts = {s: sum(1 for e in entries if e.standing is s) for s in Standing}
    lines.append(f"共 {len(entries)} 项 rows: "
                 + "，".join(f"{s.label} {n}" for s, n in counts.items() if n))
    rates = on_time_rates(entries)
    for rate in rates:
        shown = "—" if rate.rate is None else f"{rate.rate * 100:.1f}%"
        lines.append(f"  按期办结率 on-time rate  {rate.unit}  {rate.on_time}/{rate.decided}  "
                     f"{shown}")
    lines += [f"已写入 written: {path}" for path in written]
    data = {
        "office": {"id": office.id, "name": office.name},
        "policy": policy.name,
        "reader": actor.person_id,
        "rows": rows,
        "counts": {s.value: n for s, n in counts.items()},
        "on_time_rates": [{"unit": r.unit, "decided": r.decided, "on_time": r.on_time,
                           "rate": r.rate} for r in rates],
        "written": written,
    }
    return Result(data, "\n".join(lines))


def _headers() -> Sequence[str]:
    from supervision.ledger import HEADERS

    return HEADERS


# -------------------------------------------------------------------------- scorecard
_CN_PERIOD = re.compile(r"^(\d{4})年(?:度|(上|下)半年)?$")


def parse_period_key(text: str) -> ScorePeriod:
    """``2026``, ``2026-H1``, ``2026-H2``, or 2026年度, 2026年上半年, 2026年下半年."""
    compact = "".join(text.split())
    if len(compact) > 20:  # ScorePeriod.parse would meet Python's limit on integer digits
        raise UsageError(f"--period: expected 2026, 2026-H1 or 2026-H2, got {text[:40]!r}…")
    match = _CN_PERIOD.match(compact)
    if match is not None:
        half = {"上": "-H1", "下": "-H2"}.get(match[2] or "", "")
        compact = match[1] + half
    return ScorePeriod.parse(compact)


def _rate(value: Decimal | None) -> str:
    return "—" if value is None else f"{value}%"


def _scorecard(session: Session) -> Result:
    args = session.args
    period = parse_period_key(args.period)
    xlsx = _target(args.xlsx, "--xlsx")
    app = session.app()
    actor = session.actor()
    at = session.instant()
    office = app.office(actor)
    policy = app.context.policy(office.term_on(period.last_day).policy)
    cards = app.scorecard(actor, period)
    lines = [f"{period.label}督查督办考核情况 scorecard — {office.name}（{policy.name} "
             f"{policy.title}）", f"统计时间 as of {when(at)}",
             "名次  单位  督办事项  按期办结  逾期办结  逾期未办结  按期办结率  催办  退回  通报"
             "  得分  等次"]
    for c in cards:
        score = f"{c.points:+}" if c.composite is None else f"{c.composite}"
        lines.append(f"{c.rank:>3}  {c.unit_name}  {c.assigned}  {c.completed_on_time}  "
                     f"{c.completed_late}  {c.open_overdue}  {_rate(c.on_time_rate)}  "
                     f"{c.reminders}  {c.returns}  {c.bulletins}  {score}  {c.grade or ''}")
    entries = [(c, e) for c in cards for e in c.entries]
    if entries:
        lines.append("考核记录 score entries:")
    for card, entry in entries:
        lines.append(f"  {card.unit_name}  {entry.points:+}  {entry.reason}  "
                     f"依据 {cited(app, entry.citation)}")
    written: list[str] = []
    if xlsx is not None:
        _write_xlsx(session, cards, period, xlsx)
        written.append(str(xlsx))
        lines.append(f"已写入 written: {xlsx}")
    data = {
        "office": {"id": office.id, "name": office.name},
        "policy": policy.name,
        "period": period.key,
        "period_label": period.label,
        "cards": [_card(c) for c in cards],
        "written": written,
    }
    return Result(data, "\n".join(lines))


def _card(card: Scorecard) -> dict[str, Any]:
    return {
        "rank": card.rank, "unit_id": card.unit_id, "unit_name": card.unit_name,
        "assigned": card.assigned, "completed_on_time": card.completed_on_time,
        "completed_late": card.completed_late, "open_overdue": card.open_overdue,
        "open_not_due": card.open_not_due, "on_time_rate": card.on_time_rate,
        "reminders": card.reminders, "returns": card.returns, "bulletins": card.bulletins,
        "points": card.points, "composite": card.composite, "grade": card.grade,
        "entries": [{"key": e.key, "points": e.points, "reason": e.reason,
                     "citation": e.citation.key, "matter_ids": list(e.matter_ids)}
                    for e in card.entries],
    }


def _write_xlsx(session: Session, cards: Sequence[Scorecard], period: ScorePeriod,
                target: Path) -> None:
    from supervision.documents import Assessment, AssessmentRow, Deduction
    from supervision.exceptions import MatterNotFound
    from supervision.ledger import write_assessment_xlsx

    app = session.app()
    actor = session.actor()
    office = app.office(actor)
    rows = []
    for card in cards:
        reversed_keys = {e.compensates for e in card.entries if e.compensates}
        deductions = []
        for entry in card.entries:
            if entry.points >= 0 or entry.key in reversed_keys or len(entry.matter_ids) != 1:
                continue
            try:
                matter = app.get_matter(actor, entry.matter_ids[0])
            except MatterNotFound:
                continue
            deductions.append(Deduction.of(matter, -entry.points, entry.reason))
        score = card.points if card.composite is None else card.composite
        rows.append(AssessmentRow.of(card.unit_id, card.assigned, card.completed_on_time,
                                     score, grade=card.grade or "", deductions=deductions))
    day = session.instant().astimezone(SHANGHAI).date()
    number = RegistrationNumber.of(f"{office.numbering_prefix}考", day.year, 1)
    write_assessment_xlsx(actor, Assessment.of(period.label, day, number, rows),
                          app.units(actor), target)
