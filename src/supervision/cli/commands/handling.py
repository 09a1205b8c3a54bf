"""The office's and the units' steps on one matter: 审定, 交办, 签收, 办结, 销号, 归档, 中止,
恢复, 撤销, 终止, 回头看. Each takes the matter (id or registration number), ``--at`` and, where
the library takes it, ``--expected-version``."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from supervision.cli._parser import Commands, add_at, add_expected_version
from supervision.cli._parsing import parse_day, parse_period
from supervision.cli._session import Result, Session
from supervision.cli._views import matter_line, matter_view

if TYPE_CHECKING:
    from supervision.bootstrap import Supervision
    from supervision.domain.actors import Actor
    from supervision.domain.model import DeadlineTerms, Matter

__all__ = ["add", "matter_result"]

#: (command, help, done label, the options it takes beyond the matter)
_STEPS: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    ("approve", "审定 by the approving leader, where the policy requires it", "已审定",
     ("opinion",)),
    ("dispatch", "交办: the deadline is derived and its clock starts", "已交办", ()),
    ("acknowledge", "签收 by the actor's unit (--role 联络员 --unit ID)", "已签收", ()),
    ("complete", "办结", "已办结", ()),
    ("close", "销号 (办结一项销号一项)", "已销号", ("note",)),
    ("archive", "归档", "已归档", ()),
    ("suspend", "中止: the clock stops", "已中止", ("reason",)),
    ("resume", "恢复: the due date moves by the working days paused", "已恢复", ()),
    ("withdraw", "撤销 with a reason", "已撤销", ("reason",)),
    ("terminate", "终止 with a reason (审定领导)", "已终止", ("reason",)),
)

_OPTIONS = {
    "opinion": ("--opinion", "the leader's opinion (审定意见)", False),
    "note": ("--note", "a note on the 销号 record", False),
    "reason": ("--reason", "why (理由)", True),
}


def add(commands: Commands) -> None:
    for name, help, done, options in _STEPS:
        p = commands.add(name, help, _step(name, done))
        p.add_argument("matter", metavar="MATTER", help="the matter's id or registration number")
        for option in options:
            flag, text, required = _OPTIONS[option]
            p.add_argument(flag, help=text, required=required)
        add_expected_version(p)
        add_at(p, "the instant the step is recorded at")
    p = commands.add("reinspect", "回头看: reopen a closed matter, or open a linked one",
                     _reinspect)
    p.add_argument("matter", metavar="MATTER", help="the matter's id or registration number")
    p.add_argument("--deadline", metavar="PERIOD|DAY", required=True,
                   help="the new deadline: 15日, 3个工作日, or a day 2026-12-31")
    p.add_argument("--reason", required=True, help="why it is looked at again")
    p.add_argument("--linked", action="store_true",
                   help="register a new matter linked to it instead of reopening it")
    add_at(p, "the instant the step is recorded at")


def matter_result(matter: Matter, done: str) -> Result:
    """The result of a command on one matter: the matter as stored now."""
    return Result({"matter": matter_view(matter)}, f"{done}: {matter_line(matter)}")


def _step(name: str, done: str) -> Callable[[Session], Result]:
    def run(session: Session) -> Result:
        args = session.args
        app = session.app()
        actor = session.actor()
        matter_id = session.matter_id(args.matter)
        kwargs: dict[str, Any] = {"expected_version": args.expected_version}
        for option in ("opinion", "note", "reason"):
            if hasattr(args, option) and getattr(args, option) is not None:
                kwargs[option] = getattr(args, option)
        method: Callable[..., Matter] = getattr(app, name)
        return matter_result(method(actor, matter_id, **kwargs), done)

    run.__name__ = f"_{name}"
    return run


def deadline_terms(text: str, option: str = "--deadline") -> DeadlineTerms:
    """A stated deadline: a period (15日) or a day (2026-12-31, 2026年12月31日)."""
    from supervision.domain.model import DeadlineTerms

    compact = text.strip()
    if any(c.isdigit() for c in compact) and ("-" in compact or "年" in compact):
        return DeadlineTerms.stated(due_day=parse_day(compact, option))
    return DeadlineTerms.stated(parse_period(compact, option))


def _reinspect(session: Session) -> Result:
    args = session.args
    app: Supervision = session.app()
    actor: Actor = session.actor()
    matter = app.reinspect(actor, session.matter_id(args.matter),
                           deadline=deadline_terms(args.deadline), reason=args.reason,
                           linked=args.linked)
    return matter_result(matter, "已立项回头看 linked matter registered" if args.linked
                         else "回头看已重新督办 reopened")
