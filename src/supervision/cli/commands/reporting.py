"""Reports and what answers them: ``report progress|plan|final|contribute|supplement``,
``confirm-signoff``, ``review accept|return|supplement``, ``explain`` and
``decide-explanation``, ``extend request|decide``."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from supervision.cli._errors import UsageError
from supervision.cli._parser import Commands, add_at, add_expected_version
from supervision.cli._parsing import parse_day, parse_enum, parse_instant, read_mapping
from supervision.cli._session import Result, Session
from supervision.cli.commands.handling import matter_result

if TYPE_CHECKING:
    from supervision.domain.model import ReportContent, Signoff

__all__ = ["add"]

_PARTS = ("situation", "measures", "results", "problems", "suggestions")
_PART_HELP = {
    "situation": "基本情况 the basic situation",
    "measures": "主要措施 the main measures",
    "results": "工作成效及进度 the results and progress",
    "problems": "存在问题及原因 the main problems and their causes",
    "suggestions": "意见建议 suggestions",
}


def _matter(p: argparse.ArgumentParser) -> None:
    p.add_argument("matter", metavar="MATTER", help="the matter's id or registration number")


def _content_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--file", metavar="FILE",
                   help="a .toml or .json file with the report's parts (options win)")
    for part in _PARTS:
        p.add_argument(f"--{part}", metavar="TEXT", help=_PART_HELP[part])


def add(commands: Commands) -> None:
    report = commands.group("report", "a unit's report (反馈): progress, plan, final result",
                            default=_report_without_kind)
    for name, help in (
        ("progress", "a progress report by the lead unit (进展报告)"),
        ("plan", "the lead unit's handling plan (办理方案)"),
        ("final", "the lead unit's final report (办理结果报告), signed off as the policy "
                  "requires"),
        ("contribute", "a co-unit's contribution (协办意见)"),
        ("supplement", "补充说明 in answer to the office's request"),
    ):
        p = report.add(name, help, _report)
        _matter(p)
        _content_options(p)
        if name == "final":
            p.add_argument("--signer", metavar="PERSON",
                           help="who signed the report off (default: the acting unit head)")
            p.add_argument("--signoff", metavar="CAPACITY",
                           help="in which capacity: 主要负责人核签 unit_head, 分管负责人阅签 "
                           "leader_in_charge, 分管领导同志阅签 supervising_leader "
                           "(default: what the matter's policy requires)")
            p.add_argument("--signed-at", metavar="TIME",
                           help="when it was signed (default: --at)")
        add_expected_version(p)
        add_at(p, "the instant the report is submitted at")

    p = commands.add("confirm-signoff", "核签确认: the signer confirms a sign-off recorded on "
                     "their behalf (as themselves: --actor PERSON)", _confirm_signoff)
    _matter(p)
    add_expected_version(p)
    add_at(p, "the instant of the confirmation")

    review = commands.group("review", "审核 of the final report by the office")
    for name, help in (("accept", "审核通过"), ("return", "退回重办 (a new round follows)"),
                       ("supplement", "要求补充说明")):
        p = review.add(name, help, _review)
        _matter(p)
        p.add_argument("--opinion", help="the office's opinion (审核意见)",
                       required=name != "accept")
        if name == "return":
            p.add_argument("--redo-due", metavar="DAY", help="the redo's due day")
        add_expected_version(p)
        add_at(p, "the instant of the review")

    p = commands.add("explain", "情况说明 by the actor's unit (the deadline does not move)",
                     _explain)
    _matter(p)
    p.add_argument("--reason-kind", metavar="KIND", required=True,
                   help="客观原因 objective or 主观原因 subjective")
    p.add_argument("--text", required=True, help="the explanation")
    p.add_argument("--next-steps", metavar="TEXT", help="what the unit will do next")
    add_expected_version(p)
    add_at(p, "the instant the explanation is submitted at")

    p = commands.add("decide-explanation", "the office accepts or rejects an explanation",
                     _decide_explanation)
    _matter(p)
    p.add_argument("number", metavar="NUMBER", type=int, help="the explanation's number (1, 2 …)")
    _yes_no(p, "--accept", "--reject", "采信 accept", "不采信 reject")
    p.add_argument("--opinion", help="the office's opinion")
    add_expected_version(p)
    add_at(p, "the instant of the decision")

    extend = commands.group("extend", "延期, where the matter's policy enables it")
    p = extend.add("request", "延期申请 by the lead unit before the due date", _extend_request)
    _matter(p)
    p.add_argument("--day", metavar="DAY", required=True, help="the day asked for")
    p.add_argument("--reason", required=True, help="why (延期理由)")
    add_expected_version(p)
    add_at(p, "the instant of the request")
    p = extend.add("decide", "an approver grants or refuses a request (审定领导)", _extend_decide)
    _matter(p)
    p.add_argument("number", metavar="NUMBER", type=int, help="the request's number (1, 2 …)")
    _yes_no(p, "--grant", "--refuse", "同意 grant", "不同意 refuse")
    p.add_argument("--granted-day", metavar="DAY", help="grant another day than asked for")
    p.add_argument("--opinion", help="the approver's opinion")
    add_expected_version(p)
    add_at(p, "the instant of the decision")


def _yes_no(p: argparse.ArgumentParser, yes: str, no: str, yes_help: str, no_help: str) -> None:
    choice = p.add_mutually_exclusive_group(required=True)
    choice.add_argument(yes, dest="yes", action="store_true", help=yes_help)
    choice.add_argument(no, dest="yes", action="store_false", help=no_help)


# ---------------------------------------------------------------------------- reports
def _report_without_kind(session: Session) -> Result:
    raise UsageError("report: give the kind of report: progress, plan, final, contribute or "
                     "supplement (see: supervision report --help)")


def _content(args: argparse.Namespace, final: bool) -> ReportContent:
    from supervision.domain.model import ReportContent

    parts: dict[str, Any] = {}
    if args.file is not None:
        data = read_mapping(args.file)
        unknown = sorted(set(data) - set(_PARTS))
        if unknown:
            raise UsageError(f"--file: unknown fields {', '.join(unknown)}; the fields are "
                             + ", ".join(_PARTS))
        parts.update(data)
    for part in _PARTS:
        if getattr(args, part) is not None:
            parts[part] = getattr(args, part)
    for part, value in parts.items():
        if not isinstance(value, str):
            raise UsageError(f"--{part}: expected text, got {value!r}")
    if not parts.get("situation"):
        raise UsageError("a report needs at least --situation (基本情况)")
    texts = [str(parts.get(p, "")) for p in _PARTS]
    if final:
        missing = [f"--{p}" for p, t in zip(_PARTS, texts, strict=True) if not t.strip()]
        if missing:
            raise UsageError("a final report states all five parts (write 无 where there is "
                             "nothing to say); missing " + ", ".join(missing))
        return ReportContent.final(*texts)
    return ReportContent.progress(*texts)


def _report(session: Session) -> Result:
    from supervision.domain.model import ReportKind

    args = session.args
    kind = args.report_command
    app = session.app()
    actor = session.actor()
    matter_id = session.matter_id(args.matter)
    content = _content(args, final=kind == "final")
    version = args.expected_version
    if kind == "final":
        matter = app.get_matter(actor, matter_id)
        signoff = _signoff(session, args, app.context.policy_of(matter).report_signoff)
        done = app.submit_final_report(actor, matter_id, content, signoff=signoff,
                                       expected_version=version)
        label = "已反馈办理结果 final report submitted"
        if done.rounds and done.rounds[-1].report.signoff is not None \
                and not done.rounds[-1].report.signoff.confirmed:
            label += f" (待 {done.rounds[-1].report.signoff.person_id} 核签确认 awaiting " \
                     "the signer's confirm-signoff)"
    elif kind == "contribute":
        done = app.contribute(actor, matter_id, content, expected_version=version)
        label = "协办单位已反馈 contribution recorded"
    elif kind == "supplement":
        done = app.supply_supplement(actor, matter_id, content, expected_version=version)
        label = "已补充说明 supplement supplied"
    else:
        report_kind = ReportKind.PLAN if kind == "plan" else ReportKind.PROGRESS
        done = app.report_progress(actor, matter_id, content, kind=report_kind,
                                   expected_version=version)
        label = f"已报送{report_kind.label} {kind} report recorded"
    return matter_result(done, label)


def _signoff(session: Session, args: argparse.Namespace, required: str) -> Signoff | None:
    from supervision.domain.actors import Role
    from supervision.domain.model import Signoff, SignoffCapacity

    actor = session.actor()
    capacity = (SignoffCapacity(required) if args.signoff is None
                else parse_enum(SignoffCapacity, args.signoff, "--signoff"))
    signer = args.signer
    if signer is None and capacity is SignoffCapacity.UNIT_HEAD and actor.has(Role.UNIT_HEAD):
        signer = actor.person_id
    if signer is None:
        if args.signoff is not None or args.signed_at is not None:
            raise UsageError("--signoff / --signed-at: give --signer PERSON too")
        return None
    if capacity is SignoffCapacity.NONE:
        raise UsageError(f"--signer {signer}: this matter's policy asks for no sign-off; "
                         "give --signoff CAPACITY to record one anyway")
    signed = (session.instant() if args.signed_at is None
              else parse_instant(args.signed_at, "--signed-at"))
    return Signoff(signer, capacity, signed)


def _confirm_signoff(session: Session) -> Result:
    args = session.args
    matter = session.app().confirm_signoff(session.actor(), session.matter_id(args.matter),
                                           expected_version=args.expected_version)
    return matter_result(matter, "签发已本人确认 sign-off confirmed")


# ----------------------------------------------------------------------------- review
def _review(session: Session) -> Result:
    from supervision.domain.model import ReviewOutcome

    args = session.args
    outcome = {"accept": ReviewOutcome.ACCEPTED, "return": ReviewOutcome.RETURNED,
               "supplement": ReviewOutcome.SUPPLEMENT_REQUESTED}[args.review_command]
    redo = getattr(args, "redo_due", None)
    matter = session.app().review(
        session.actor(), session.matter_id(args.matter), outcome, opinion=args.opinion or "",
        redo_due_day=None if redo is None else parse_day(redo, "--redo-due"),
        expected_version=args.expected_version,
    )
    return matter_result(matter, outcome.label)


def _explain(session: Session) -> Result:
    from supervision.domain.model import ReasonKind

    args = session.args
    matter = session.app().explain(
        session.actor(), session.matter_id(args.matter),
        parse_enum(ReasonKind, args.reason_kind, "--reason-kind"), args.text,
        next_steps=args.next_steps or "", expected_version=args.expected_version,
    )
    number = len(matter.explanations)
    return matter_result(matter, f"已作情况说明 explanation {number} recorded")


def _decide_explanation(session: Session) -> Result:
    args = session.args
    matter = session.app().decide_explanation(
        session.actor(), session.matter_id(args.matter), args.number, accept=args.yes,
        opinion=args.opinion or "", expected_version=args.expected_version,
    )
    return matter_result(matter, "情况说明已采信 explanation accepted" if args.yes
                         else "情况说明不予采信 explanation rejected")


def _extend_request(session: Session) -> Result:
    args = session.args
    matter = session.app().request_extension(
        session.actor(), session.matter_id(args.matter), parse_day(args.day, "--day"),
        args.reason, expected_version=args.expected_version,
    )
    return matter_result(matter, f"已申请延期 extension {len(matter.extensions)} requested")


def _extend_decide(session: Session) -> Result:
    args = session.args
    granted = None if args.granted_day is None else parse_day(args.granted_day, "--granted-day")
    matter = session.app().decide_extension(
        session.actor(), session.matter_id(args.matter), args.number, grant=args.yes,
        opinion=args.opinion or "", granted_day=granted, expected_version=args.expected_version,
    )
    return matter_result(matter, "已同意延期 extension granted" if args.yes
                         else "不同意延期 extension refused")
