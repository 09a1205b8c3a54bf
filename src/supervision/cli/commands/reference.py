"""Reference commands that need no database: ``deadline`` (compute and explain one) and
``policy list|show`` (the registered regulations, a policy as Markdown)."""

from __future__ import annotations

import datetime as _dt
from typing import TYPE_CHECKING, Any

from supervision.calendar import SHANGHAI
from supervision.cli._errors import UsageError
from supervision.cli._parser import Commands, add_at
from supervision.cli._parsing import (
    parse_category,
    parse_close,
    parse_parameters,
    parse_period,
    parse_source_kind,
    parse_start,
)
from supervision.cli._session import Result, Session
from supervision.periods import Deadline, Period

if TYPE_CHECKING:
    from supervision.domain.policy import Policy

__all__ = ["add"]


def add(commands: Commands) -> None:
    p = commands.add("deadline", "compute and explain a deadline on the statutory calendar "
                     "(期限计算)", _deadline)
    p.add_argument("start", metavar="START", nargs="?",
                   help="when the period starts: 2026-09-30 (a day in China) or "
                   "2026-09-30T16:30+08:00 (any offset); default: --at")
    p.add_argument("--period", metavar="PERIOD",
                   help="as written: 3个工作日, 15日, 1个月, 1小时, 次日, 当日")
    p.add_argument("--policy", metavar="NAME",
                   help="use the policy's default period (see: supervision policy list)")
    p.add_argument("--category", metavar="C",
                   help="the policy's category, by label (重要事项) or key (important)")
    p.add_argument("--source", metavar="SOURCE",
                   help="the matter's source, by label (领导批示) or id (leader_instruction)")
    p.add_argument("--close", metavar="HH:MM",
                   help="the office's closing time, e.g. 17:30 (default: 24:00)")
    add_at(p, "the start when START is not given")

    policy = commands.group("policy", "the registered regulations (督查督办制度)")
    policy.add("list", "the registered policies", _policy_list)
    p = policy.add("show", "one policy as Markdown: periods, ladders, scoring, parameters",
                   _policy_show)
    p.add_argument("name", metavar="NAME", help="a policy's name or alias (chizhou-2021, 池州)")
    p.add_argument("--parameter", metavar="NAME=VALUE", action="append", default=[],
                   help="show the policy with a parameter changed (repeatable)")


# --------------------------------------------------------------------------- deadline
def _deadline(session: Session) -> Result:
    args = session.args
    start: _dt.date | _dt.datetime
    if args.start is not None:
        if args.at is not None:
            raise UsageError("give START or --at, not both")
        start = parse_start(args.start)
        session.at_defaulted = False
    else:
        start = session.instant()
    close = None if args.close is None else parse_close(args.close)
    cited, key, counted_from = "", "", ""
    if args.period is not None:
        if args.policy or args.category or args.source:
            raise UsageError("give either --period or --policy/--category/--source, not both")
        period: Period = parse_period(args.period)
    elif args.policy is not None:
        from supervision import policies as _policies

        policy = _policies.get(args.policy)
        category = None if args.category is None else parse_category(args.category, policy)
        source = None if args.source is None else parse_source_kind(args.source)[0].value
        rule = policy.default_rule(category, source)
        if rule is None:
            labels = "; ".join(f"{c.key} ({c.label})" for c in policy.category_list)
            raise UsageError(
                f"policy {policy.name} gives no default period for category {args.category!r}"
                f" and source {args.source!r}" + (f"; categories: {labels}" if labels else "")
                + "; state the deadline with --period"
            )
        period = rule.period
        key = rule.citation.key
        cited = f"{policy.cite(rule.citation)}「{rule.citation.quote}」"
        if rule.start.name not in ("DISPATCH", "RECEIPT"):
            counted_from = rule.start.value
    else:
        raise UsageError("give --period (e.g. 3个工作日) or --policy NAME")
    deadline = period.deadline(start, session.calendar(), close)
    data = _deadline_json(deadline, key, cited, counted_from)
    data["at"] = start.isoformat()
    data["at_defaulted"] = session.at_defaulted
    return Result(data, _deadline_text(deadline, cited, counted_from))


def _deadline_json(deadline: Deadline, key: str, cited: str, counted_from: str
                   ) -> dict[str, Any]:
    return {
        "period": deadline.period.label,
        "start": deadline.start.isoformat(),
        "last_day": deadline.last_day.isoformat(),
        "nominal_last_day": deadline.nominal_last_day.isoformat(),
        "due_at": deadline.due_at.isoformat(),
        "provisional": deadline.provisional,
        "citation": key,
        "cited": cited,
        "counted_from": counted_from,
        "explanation_zh": deadline.explain_zh(),
        "explanation_en": deadline.explain_en(),
    }


def _deadline_text(deadline: Deadline, cited: str, counted_from: str) -> str:
    lines = []
    if cited:
        lines.append(f"依据 rule: {cited}")
    if counted_from:
        lines.append(f"起算 counted from: {counted_from}")
    lines += [
        f"期限 period: {deadline.period.label} ({deadline.period.label_en})",
        f"末日 last day: {deadline.last_day.isoformat()}",
        f"届满 due at: {deadline.due_at.astimezone(SHANGHAI).isoformat()}",
    ]
    if deadline.provisional:
        lines.append("临时 provisional: yes (a year's holiday schedule is not yet published)")
    lines.append(deadline.explain())
    return "\n".join(lines)


# ----------------------------------------------------------------------------- policy
def _policy_list(session: Session) -> Result:
    from supervision import policies as _policies

    lines, rows = [], []
    for name in _policies.names():
        policy = _policies.get(name)
        categories = "、".join(c.label for c in policy.category_list) or "—"
        lines.append(f"{name:<18} {policy.title}  代字 {policy.numbering_prefix}  "
                     f"[事项类别 categories: {categories}]")
        rows.append({"name": name, "title": policy.title,
                     "document_number": policy.document_number,
                     "numbering_prefix": policy.numbering_prefix,
                     "categories": [{"key": c.key, "label": c.label}
                                    for c in policy.category_list]})
    return Result({"policies": rows}, "\n".join(lines))


def _policy_show(session: Session) -> Result:
    from supervision import policies as _policies
    from supervision.domain.policy import snapshot, to_markdown

    base: Policy = _policies.get(session.args.name)
    changes = parse_parameters(session.args.parameter, base)
    policy = base.with_parameters(**changes) if changes else base
    return Result({"policy": snapshot(policy)}, to_markdown(policy))
