"""The ``supervision`` command (also ``python -m supervision``).

Subcommands:

``supervision deadline START (--period 3个工作日 | --policy NAME [--category C] [--source S])``
    compute and explain a deadline on the statutory calendar.
``supervision policies``
    list the registered policies.

Exit codes (documented in docs/cli.md):

* 0 — done;
* 1 — a library error (:class:`~supervision.exceptions.SupervisionError`) other than the ones below;
* 2 — bad command-line input (unknown option, malformed date, naive datetime, unknown policy …);
* 3 — the calendar lacks a year's holiday schedule (:class:`CalendarDataUnavailable`): supply it
  with ``--schedule FILE`` or opt in to ``--provisional``.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import sys
from collections.abc import Callable, Sequence
from typing import Any, TextIO

from supervision import calendar as _calendar
from supervision import policies
from supervision.calendar import SHANGHAI, Calendar
from supervision.exceptions import (
    CalendarDataUnavailable,
    InvalidInput,
    SupervisionError,
    UnknownPolicy,
)
from supervision.periods import Deadline, Period

__all__ = ["EXIT_CALENDAR", "EXIT_ERROR", "EXIT_OK", "EXIT_USAGE", "main"]

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_CALENDAR = 3


class _UsageError(Exception):
    """Bad command-line input; printed and mapped to exit code 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> Any:  # argparse's own errors use our exit code too
        raise _UsageError(message)


# ---------------------------------------------------------------------------- parsing
def parse_start(text: str) -> _dt.date | _dt.datetime:
    """``2026-09-30`` (a day in China) or an ISO 8601 datetime with an offset."""
    try:
        if len(text) == 10:
            return _dt.date.fromisoformat(text)
        moment = _dt.datetime.fromisoformat(text)
    except ValueError as exc:
        raise _UsageError(
            f"start: expected a date 2026-09-30 or a datetime 2026-09-30T16:30+08:00, got {text!r}"
        ) from exc
    if moment.tzinfo is None:
        raise _UsageError(
            f"start: {text!r} has no time zone (需要带时区); write e.g. {text}+08:00"
        )
    return moment


def parse_close(text: str) -> _dt.time:
    try:
        value = _dt.time.fromisoformat(text)
    except ValueError as exc:
        raise _UsageError(f"close: expected a time such as 17:30, got {text!r}") from exc
    if value.tzinfo is not None:
        raise _UsageError("close: give the office's wall-clock time without a zone, e.g. 17:30")
    return value


def build_calendar(schedules: Sequence[str], provisional: bool) -> Calendar:
    cal = _calendar.china(provisional=provisional)
    for path in schedules:
        cal = cal.with_schedule(_calendar.load_schedule(path))
    return cal


# ---------------------------------------------------------------------------- commands
def _deadline(args: argparse.Namespace, out: TextIO) -> int:
    start = parse_start(args.start)
    cal = build_calendar(args.schedule, args.provisional)
    close = parse_close(args.close) if args.close else None
    citation = ""
    if args.period:
        if args.policy or args.category or args.source:
            raise _UsageError("give either --period or --policy/--category/--source, not both")
        period = Period.parse(args.period)
    elif args.policy:
        policy = policies.get(args.policy)
        rule = policy.default_rule(args.category, args.source)
        if rule is None:
            raise _UsageError(
                f"policy {policy.name} gives no default period for category "
                f"{args.category!r} and source {args.source!r}"
                + (f"; categories: {', '.join(policy.categories)}" if policy.categories else "")
                + "; state the deadline with --period"
            )
        period = rule.period
        citation = f"{rule.citation.policy} {rule.citation.clause}「{rule.citation.quote}」"
        if rule.start.name not in ("DISPATCH", "RECEIPT"):
            citation += f" (counted from: {rule.start.value})"
    else:
        raise _UsageError("give --period (e.g. 3个工作日) or --policy NAME")
    deadline = period.deadline(start, cal, close)
    if args.json:
        json.dump(_deadline_json(deadline, citation), out, ensure_ascii=False, indent=2)
        out.write("\n")
    else:
        _print_deadline(deadline, citation, out)
    return EXIT_OK


def _policies(args: argparse.Namespace, out: TextIO) -> int:
    for name in policies.names():
        policy = policies.get(name)
        categories = ", ".join(policy.categories) or "—"
        out.write(f"{name:<18} {policy.title}  [categories: {categories}]\n")
    return EXIT_OK


def _deadline_json(deadline: Deadline, citation: str) -> dict[str, Any]:
    start = deadline.start
    return {
        "period": deadline.period.label,
        "start": start.isoformat(),
        "last_day": deadline.last_day.isoformat(),
        "nominal_last_day": deadline.nominal_last_day.isoformat(),
        "due_at": deadline.due_at.isoformat(),
        "provisional": deadline.provisional,
        "citation": citation,
        "explanation_zh": deadline.explain_zh(),
        "explanation_en": deadline.explain_en(),
    }


def _print_deadline(deadline: Deadline, citation: str, out: TextIO) -> None:
    if citation:
        out.write(f"依据 rule: {citation}\n")
    out.write(f"期限 period: {deadline.period.label} ({deadline.period.label_en})\n")
    out.write(f"末日 last day: {deadline.last_day.isoformat()}\n")
    out.write(f"届满 due at: {deadline.due_at.astimezone(SHANGHAI).isoformat()}\n")
    if deadline.provisional:
        out.write("临时 provisional: yes (a year's holiday schedule is not yet published)\n")
    out.write(deadline.explain() + "\n")


# ---------------------------------------------------------------------------- main
def _parser() -> _Parser:
    parser = _Parser(prog="supervision", description="督查督办 — supervision of assigned matters")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    p = sub.add_parser("deadline", help="compute and explain a deadline (期限计算)")
    p.add_argument("start", help="start: 2026-09-30, or 2026-09-30T16:30+08:00 (any offset)")
    p.add_argument("--period", help="as written: 3个工作日, 15日, 1个月, 1小时, 次日, 当日")
    p.add_argument("--policy", help="a policy name (see: supervision policies); its default period")
    p.add_argument("--category", help="the policy's category, e.g. important (chizhou-2021)")
    p.add_argument("--source", help="the matter's source, e.g. leader_instruction, document")
    p.add_argument("--close", help="the office's closing time, e.g. 17:30 (default: 24:00)")
    p.add_argument(
        "--schedule", action="append", default=[], metavar="FILE",
        help="a TOML transcription of a year's holiday notice (repeatable)",
    )
    p.add_argument(
        "--provisional", action="store_true",
        help="count unknown years weekends-only and mark the result provisional",
    )
    p.add_argument("--json", action="store_true", help="print JSON instead of text")
    p.set_defaults(handler=_deadline)
    p = sub.add_parser("policies", help="list the registered policies (督查督办制度)")
    p.set_defaults(handler=_policies)
    return parser


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    """Run the command line; returns the exit code (see the module docstring)."""
    stream = out if out is not None else sys.stdout
    err = sys.stderr
    try:
        args = _parser().parse_args(argv)
        handler: Callable[[argparse.Namespace, TextIO], int] = args.handler
        return handler(args, stream)
    except (_UsageError, InvalidInput, UnknownPolicy) as exc:
        err.write(f"supervision: {exc}\n")
        return EXIT_USAGE
    except CalendarDataUnavailable as exc:
        err.write(f"supervision: {exc}\n")
        return EXIT_CALENDAR
    except SupervisionError as exc:
        err.write(f"supervision: {exc}\n")
        return EXIT_ERROR
