"""The notice outbox from the command line (docs/outbox.md): ``notices`` lists what was
written for people to be told and how its delivery stands, ``notices show`` prints the
document a notice sends, ``notices requeue`` / ``notices backfill`` are the system tasks,
``deliver`` hands due notices to a sender (what cron runs; several workers may run at once),
and ``document`` prints the document of a recorded escalation (催办单, 告诫单, 约谈通知, 通报 …)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from supervision.cli._errors import UsageError
from supervision.cli._parser import Commands, add_at
from supervision.cli._parsing import parse_enum, parse_instant
from supervision.cli._session import Result, Session, when

if TYPE_CHECKING:
    from supervision.domain.notices import Delivery, Notice

__all__ = ["add"]


def add(commands: Commands) -> None:
    notices = commands.group("notices", "the notice outbox (待送达, 已送达, 未送达)",
                             default=_list)
    _list_options(commands.parser("notices"))
    p = notices.add("show", "the document a notice sends, as the actor may read it", _show)
    p.add_argument("key", metavar="NOTICE", help="the notice's key (from `notices`)")
    p.add_argument("--docx", metavar="FILE", help="also write it as .docx (needs the office "
                   "extra)")
    p = notices.add("requeue", "make a 未送达 notice 待送达 again (system task)", _requeue)
    p.add_argument("key", metavar="NOTICE", help="the notice's key")
    add_at(p, "the instant it is due again")
    p = notices.add("backfill", "write the notices of escalations recorded before the "
                    "outbox existed (system task, once)", _backfill)
    p.add_argument("--since", metavar="TIME", help="only escalations issued from this instant")
    add_at(p)

    p = commands.add("deliver", "hand the due notices to a sender (cron; workers may share)",
                     _deliver)
    sender = p.add_mutually_exclusive_group(required=True)
    sender.add_argument("--mail-drop", metavar="DIR",
                        help="write each notice as a JSON file into this folder")
    sender.add_argument("--webhook", metavar="URL",
                        help="POST each notice as JSON to this http(s) URL with an "
                        "Idempotency-Key header")
    sender.add_argument("--log", action="store_true",
                        help="only log each notice (supervision.delivery, INFO)")
    p.add_argument("--header", action="append", default=[], metavar="NAME:VALUE",
                   help="an extra HTTP header for --webhook (repeatable), e.g. a token")
    p.add_argument("--worker", metavar="NAME", help="this worker's name (default: host and pid)")
    p.add_argument("--batch-size", type=int, default=50, metavar="N",
                   help="notices claimed per round (default 50)")
    p.add_argument("--max", dest="max_notices", type=int, metavar="N",
                   help="stop after N notices (default: every notice due)")
    add_at(p, "the delivery's instant")

    p = commands.add("document", "the document of a recorded escalation (催办单, 告诫单, "
                     "约谈通知, 通报 …)", _document)
    p.add_argument("key", metavar="ESCALATION", help="the escalation's key (from `show`)")
    p.add_argument("--interview-at", metavar="TIME", help="for a 约谈通知: when")
    p.add_argument("--place", metavar="TEXT", default="", help="for a 约谈通知: where")
    p.add_argument("--docx", metavar="FILE", help="also write it as .docx (needs the office "
                   "extra)")


def _list_options(p: Any) -> None:
    p.add_argument("--status", metavar="STATUS",
                   help="only this delivery state, by label or id: 待送达 pending, 送达中 "
                   "sending, 已送达 delivered, 未送达 failed")
    p.add_argument("--matter", metavar="MATTER", help="only the notices about this matter")
    p.add_argument("--since", metavar="TIME", help="only notices written from this instant")
    p.add_argument("--until", metavar="TIME", help="only notices written before this instant")


def _view(notice: Notice, delivery: Delivery) -> dict[str, Any]:
    return {
        "key": notice.key, "matter_id": notice.matter_id, "kind": notice.kind.value,
        "document": notice.document, "subject": notice.subject,
        "recipient": notice.recipient.label, "created_at": notice.created_at.isoformat(),
        "status": delivery.status.value, "status_label": delivery.status.label,
        "attempts": delivery.attempts,
        "delivered_at": None if delivery.delivered_at is None
        else delivery.delivered_at.isoformat(),
        "last_error": delivery.last_error,
    }


def _line(notice: Notice, delivery: Delivery) -> str:
    return (f"{delivery.status.label}  {notice.document}  {notice.subject}  → "
            f"{notice.recipient.label}  {when(notice.created_at)}  ({notice.key})")


def _list(session: Session) -> Result:
    from supervision.domain.notices import DeliveryStatus

    args = session.args
    app = session.app()
    actor = session.actor()
    if getattr(args, "matter", None):
        found = app.notices_for(actor, session.matter_id(args.matter))
        status = (None if args.status is None
                  else parse_enum(DeliveryStatus, args.status, "--status"))
        found = [(n, d) for n, d in found if status is None or d.status is status]
    else:
        found = app.notices(
            actor,
            status=None if args.status is None
            else parse_enum(DeliveryStatus, args.status, "--status"),
            since=None if args.since is None else parse_instant(args.since, "--since"),
            until=None if args.until is None else parse_instant(args.until, "--until"),
        )
    lines = [_line(n, d) for n, d in found] or ["（无通知 no notices）"]
    return Result({"notices": [_view(n, d) for n, d in found]}, "\n".join(lines))


def _write_docx(document: Any, target: str | None) -> list[str]:
    if target is None:
        return []
    from pathlib import Path

    path = Path(target)
    if not path.resolve().parent.is_dir():
        raise UsageError(f"--docx: the folder of {target} does not exist")
    from supervision.documents import write_docx

    write_docx(document, path)
    return [str(path)]


def _rendered(document: Any, docx: str | None) -> Result:
    from supervision.documents import render_text

    written = _write_docx(document, docx)
    text = render_text(document) + "".join(f"\n已写入 written: {w}" for w in written)
    return Result({"text": render_text(document), "written": written}, text)


def _show(session: Session) -> Result:
    app = session.app()
    document = app.document_for_notice(session.actor(), session.args.key)
    return _rendered(document, session.args.docx)


def _document(session: Session) -> Result:
    args = session.args
    app = session.app()
    at = None if args.interview_at is None else parse_instant(args.interview_at,
                                                               "--interview-at")
    document = app.document_for_escalation(session.actor(), args.key, interview_at=at,
                                           place=args.place)
    return _rendered(document, args.docx)


def _requeue(session: Session) -> Result:
    session.instant()
    delivery = session.app().requeue_notice(session.args.key)
    return Result({"key": session.args.key, "status": delivery.status.value},
                  f"{delivery.status.label}  {session.args.key}")


def _backfill(session: Session) -> Result:
    session.instant()
    since = None if session.args.since is None else parse_instant(session.args.since,
                                                                  "--since")
    written = session.app().backfill_notices(since=since)
    return Result({"written": written}, f"补写通知 notices written: {written}")


def _sender(args: Any) -> Any:
    from supervision.delivery import LoggingSender, MailDropSender, WebhookSender

    if args.mail_drop is not None:
        return MailDropSender(args.mail_drop)
    if args.webhook is not None:
        headers: dict[str, str] = {}
        for item in args.header:
            name, sep, value = item.partition(":")
            if not sep or not name.strip():
                raise UsageError(f"--header: expected NAME:VALUE, got {item!r}")
            headers[name.strip()] = value.strip()
        return WebhookSender(args.webhook, headers=headers)
    if args.header:
        raise UsageError("--header goes with --webhook")
    return LoggingSender()


def _deliver(session: Session) -> Result:
    args = session.args
    sender = _sender(args)
    session.instant()
    run = session.app().deliver(sender, worker=args.worker, batch_size=args.batch_size,
                                max_notices=args.max_notices)
    data = {"worker": run.worker, "delivered": list(run.delivered),
            "retrying": list(run.retrying), "failed": list(run.failed), "lost": list(run.lost),
            "attempts": run.attempts, "rounds": run.rounds}
    text = (f"送达 delivered {len(run.delivered)}，待重试 retrying {len(run.retrying)}，"
            f"未送达 failed {len(run.failed)}，被接管 lost {len(run.lost)}"
            f"（worker {run.worker}，attempts {run.attempts}）")
    return Result(data, text)
