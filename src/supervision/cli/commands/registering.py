"""立项: ``register`` (from options or a TOML/JSON file) and ``import`` (an .xlsx ledger)."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from supervision.calendar import SHANGHAI
from supervision.cli._errors import UsageError
from supervision.cli._parser import Commands, add_at
from supervision.cli._parsing import (
    parse_category,
    parse_day,
    parse_enum,
    parse_instant,
    parse_period,
    parse_responsible,
    parse_roles,
    read_mapping,
    source_of,
)
from supervision.cli._session import Result, Session
from supervision.cli._views import matter_line, matter_view

if TYPE_CHECKING:
    from supervision.domain.model import (
        Confidentiality,
        DeadlineTerms,
        Instruction,
        Receipt,
        Registration,
        ReportingSchedule,
    )
    from supervision.domain.policy import Policy

__all__ = ["FIELDS", "add"]

#: Every field a registration file may hold (the options' names with ``_``), and whether it
#: is a list. Options given on the command line win over the file.
FIELDS: Mapping[str, bool] = {
    "title": False, "requirements": False, "source": False, "source_reference": False,
    "source_leader": False, "meeting_date": False, "minutes_date": False, "issued_on": False,
    "lead": False, "co": True, "responsible": True, "handling_mode": False,
    "category": False, "urgency": False, "deadline": False, "deadline_start": False,
    "report_every": False, "report_cycle": False, "instruction_leader": False,
    "instruction_date": False, "instruction_reference": False, "main_leader": False,
    "supervising_leader": False, "received_at": False, "receipt_duty": False,
    "key_work": False, "internal_function": False, "confidentiality": False,
    "designated": True, "allowed_role": True, "secret_reference": False, "parent": False,
    "matter_id": False,
}
_FLAGS = ("main_leader", "key_work", "internal_function")


def add(commands: Commands) -> None:
    p = commands.add("register", "立项: register a matter in the office (督查办工作人员)",
                     _register)
    p.add_argument("--file", metavar="FILE",
                   help="a .toml or .json file with the fields below (options win)")
    p.add_argument("--title", help="the matter (督办事项)")
    p.add_argument("--requirements", help="what is required (办理要求)")
    p.add_argument("--source", metavar="SOURCE",
                   help="事项来源 by label or id: 领导批示, 区长批示, 会议决定事项, 重要文件, "
                   "人大代表建议, 12345热线 …")
    p.add_argument("--source-reference", metavar="TEXT", help="the source's reference (文号)")
    p.add_argument("--source-leader", metavar="NAME", help="the leader the source names")
    p.add_argument("--meeting-date", metavar="DAY", help="a meeting decision's meeting day")
    p.add_argument("--minutes-date", metavar="DAY", help="the day its minutes were issued")
    p.add_argument("--issued-on", metavar="DAY", help="a document's issue day")
    p.add_argument("--lead", metavar="UNIT", help="the lead unit's id (主办单位)")
    p.add_argument("--co", metavar="UNIT", action="append",
                   help="a co-unit's id (协办), repeatable")
    p.add_argument("--responsible", metavar="PERSON", action="append",
                   help="a responsible person, 姓名（人员标识） or a person id, repeatable")
    p.add_argument("--handling-mode", metavar="MODE",
                   help="转办 transfer, 会办 joint or 自办 self (default: 会办 with co-units)")
    p.add_argument("--category", metavar="C",
                   help="事项类别 by label (重要事项) or key (important), as the policy names it")
    p.add_argument("--urgency", metavar="U", help="一般 normal (default), 紧急 urgent, 特急")
    p.add_argument("--deadline", metavar="PERIOD|DAY",
                   help="办理时限: 15日, 3个工作日, 1个月, 次日, or a day 2026-09-30 / "
                   "2026年9月30日 (default: the policy's for the category or source)")
    p.add_argument("--deadline-start", metavar="TIME",
                   help="the instant a stated period runs from (default: dispatch)")
    p.add_argument("--report-every", metavar="PERIOD", help="report periodically, e.g. 15日")
    p.add_argument("--report-cycle", metavar="CYCLE",
                   help="report each 每周 weekly, 每月 monthly, 每季度, 每半年, 每年")
    p.add_argument("--instruction-leader", metavar="NAME", help="the leader's 批示: who")
    p.add_argument("--instruction-date", metavar="DAY", help="the leader's 批示: which day")
    p.add_argument("--instruction-reference", metavar="TEXT", help="the 批示件 number")
    p.add_argument("--main-leader", action="store_true", default=None,
                   help="the instruction is a main leader's (主要领导)")
    p.add_argument("--supervising-leader", metavar="PERSON",
                   help="the government leader in charge who signs the reports (分管领导), "
                   "姓名（人员标识） or a person id")
    p.add_argument("--received-at", metavar="TIME", help="when a 收文 that starts a duty came in")
    p.add_argument("--receipt-duty", metavar="KEY",
                   help="the policy's duty it starts, e.g. higher_level_item")
    p.add_argument("--key-work", action="store_true", default=None, help="a key task (重点工作)")
    p.add_argument("--internal-function", action="store_true", default=None,
                   help="the department's own internal function (refused where the policy says)")
    p.add_argument("--confidentiality", metavar="KIND",
                   help="不涉密 none (default), 控制知情范围 controlled, 涉密 secret")
    p.add_argument("--designated", metavar="PERSON", action="append",
                   help="a person inside the circle of knowledge, repeatable")
    p.add_argument("--allowed-role", metavar="ROLE", action="append",
                   help="a role inside the circle of knowledge, repeatable")
    p.add_argument("--secret-reference", metavar="TEXT",
                   help="a secret matter's 密件 reference (title and requirements stay empty)")
    p.add_argument("--parent", metavar="MATTER", help="the matter this one is part of (分解立项)")
    p.add_argument("--matter-id", metavar="ID", help="the new matter's id (default: random)")
    add_at(p, "the registration instant")

    p = commands.add("import", "立项 from an .xlsx ledger, all rows or none (台账导入)", _import)
    p.add_argument("file", metavar="FILE", help="the .xlsx file (a ledger export, or by hand)")
    add_at(p, "the registration instant")


# ---------------------------------------------------------------------------- values
def _values(session: Session) -> dict[str, Any]:
    args = session.args
    values: dict[str, Any] = {}
    if args.file is not None:
        data = read_mapping(args.file)
        unknown = sorted(set(data) - set(FIELDS))
        if unknown:
            raise UsageError(f"--file: unknown fields {', '.join(unknown)}; the fields are "
                             + ", ".join(FIELDS))
        for key, value in data.items():
            if FIELDS[key] and isinstance(value, str):
                value = [value]
            if FIELDS[key] and (not isinstance(value, list)
                                or not all(isinstance(v, str) for v in value)):
                raise UsageError(f"--file {key}: expected a list of text")
            if key in _FLAGS and not isinstance(value, bool):
                raise UsageError(f"--file {key}: expected true or false")
            values[key] = value
    for key in FIELDS:
        given = getattr(args, key, None)
        if given is not None:
            values[key] = given
    return values


def _text(values: Mapping[str, Any], key: str, default: str = "") -> str:
    value = values.get(key, default)
    if value is None:
        return default
    if not isinstance(value, str):
        raise UsageError(f"{_option(key)}: expected text, got {value!r}")
    return value


def _option(key: str) -> str:
    return "--" + key.replace("_", "-")


def _day(values: Mapping[str, Any], key: str) -> _dt.date | None:
    value = values.get(key)
    if value is None or (isinstance(value, _dt.date) and not isinstance(value, _dt.datetime)):
        return value
    return parse_day(_text(values, key), _option(key))


def _instant(values: Mapping[str, Any], key: str) -> _dt.datetime | None:
    value = values.get(key)
    if value is None:
        return None
    if isinstance(value, _dt.datetime):
        if value.tzinfo is None:
            raise UsageError(f"{_option(key)}: {value} has no zone (需要带时区的时间)")
        return value
    return parse_instant(_text(values, key), _option(key))


def _deadline(values: Mapping[str, Any]) -> DeadlineTerms | None:
    from supervision.domain.model import DeadlineTerms

    value = values.get("deadline")
    if value is None:
        return None
    start = _instant(values, "deadline_start")
    if isinstance(value, _dt.date) and not isinstance(value, _dt.datetime):
        return DeadlineTerms.stated(due_day=value, start_at=start)
    text = _text(values, "deadline").strip()
    if any(c.isdigit() for c in text) and ("-" in text or "年" in text):
        return DeadlineTerms.stated(due_day=parse_day(text, "--deadline"), start_at=start)
    return DeadlineTerms.stated(parse_period(text, "--deadline"), start_at=start)


def _confidentiality(values: Mapping[str, Any]) -> Confidentiality:
    from supervision.domain.model import Confidentiality

    kind = _text(values, "confidentiality", "none").strip()
    people = values.get("designated") or []
    roles = parse_roles(values.get("allowed_role") or [], "--allowed-role")
    if kind in ("none", "不涉密", ""):
        if people or roles:
            raise UsageError("--designated / --allowed-role: only with --confidentiality "
                             "controlled or secret")
        return Confidentiality.none()
    if kind in ("controlled", "控制知情范围"):
        return Confidentiality.controlled(people, roles)
    if kind in ("secret", "涉密", "涉密（仅登记索引）"):
        return Confidentiality.secret(_text(values, "secret_reference"), people, roles)
    raise UsageError(f"--confidentiality: expected none (不涉密), controlled (控制知情范围) or "
                     f"secret (涉密), got {kind!r}")


def _reporting(values: Mapping[str, Any]) -> ReportingSchedule:
    from supervision.domain.model import ReportingCycle, ReportingSchedule

    every, cycle = values.get("report_every"), values.get("report_cycle")
    if every is not None and cycle is not None:
        raise UsageError("give --report-every or --report-cycle, not both")
    if every is not None:
        return ReportingSchedule.rolling(parse_period(_text(values, "report_every"),
                                                      "--report-every"))
    if cycle is not None:
        return ReportingSchedule.calendar(parse_enum(ReportingCycle, _text(values,
                                                                          "report_cycle"),
                                                     "--report-cycle"))
    return ReportingSchedule.none()


def _instruction(values: Mapping[str, Any]) -> Instruction | None:
    from supervision.domain.model import Instruction

    leader, on = values.get("instruction_leader"), _day(values, "instruction_date")
    if leader is None and on is None:
        if values.get("main_leader") or values.get("instruction_reference"):
            raise UsageError("--main-leader / --instruction-reference: with "
                             "--instruction-leader and --instruction-date")
        return None
    if leader is None or on is None:
        raise UsageError("a leader's instruction (批示) needs --instruction-leader NAME and "
                         "--instruction-date DAY")
    return Instruction.of(_text(values, "instruction_leader"), on,
                          _text(values, "instruction_reference"),
                          main_leader=bool(values.get("main_leader")))


def _receipt(values: Mapping[str, Any]) -> Receipt | None:
    from supervision.domain.model import Receipt

    received, duty = _instant(values, "received_at"), values.get("receipt_duty")
    if received is None and duty is None:
        return None
    if received is None or duty is None:
        raise UsageError("a receipt (收文) needs --received-at TIME and --receipt-duty KEY")
    return Receipt.of(received, _text(values, "receipt_duty"))


def _require(values: Mapping[str, Any]) -> None:
    for key in ("title", "lead", "source"):
        if key == "title" and values.get("confidentiality") in ("secret", "涉密"):
            continue
        if not values.get(key):
            raise UsageError(f"register: {_option(key)} is required (or in --file)")


def registration_from(values: Mapping[str, Any], policy: Policy) -> Registration:
    """The :class:`Registration` the options and file describe, under ``policy``."""
    from supervision.domain.model import HandlingMode, Registration, Urgency

    _require(values)
    source = source_of(
        _text(values, "source"), reference=_text(values, "source_reference"),
        leader=_text(values, "source_leader"), meeting_date=_day(values, "meeting_date"),
        minutes_date=_day(values, "minutes_date"), issued_on=_day(values, "issued_on"),
    )
    category = values.get("category")
    mode = values.get("handling_mode")
    leader = (None if values.get("supervising_leader") is None
              else parse_responsible(_text(values, "supervising_leader"), "--supervising-leader"))
    return Registration(
        title=_text(values, "title"),
        requirements=_text(values, "requirements"),
        source=source,
        lead_unit_id=_text(values, "lead"),
        responsible=tuple(parse_responsible(r) for r in values.get("responsible") or []),
        co_unit_ids=tuple(values.get("co") or ()),
        handling_mode=None if mode is None else parse_enum(HandlingMode, _text(values,
                                                                               "handling_mode"),
                                                           "--handling-mode"),
        category=None if category is None else parse_category(_text(values, "category"),
                                                               policy),
        urgency=parse_enum(Urgency, _text(values, "urgency", "normal"), "--urgency"),
        deadline=_deadline(values),
        reporting=_reporting(values),
        confidentiality=_confidentiality(values),
        parent_id=values.get("parent"),
        instruction=_instruction(values),
        internal_function=bool(values.get("internal_function")),
        key_work=bool(values.get("key_work")),
        supervising_leader=None if leader is None else leader.person_id,
        supervising_leader_name="" if leader is None else leader.name,
        receipt=_receipt(values),
    )


def _register(session: Session) -> Result:
    values = _values(session)
    _require(values)
    app = session.app()
    actor = session.actor()
    office = app.office(actor)
    day = session.instant().astimezone(SHANGHAI).date()
    policy = app.context.policy(office.term_on(day).policy)
    registration = registration_from(values, policy)
    if registration.parent_id is not None:
        registration = _with_parent(session, registration)
    matter = app.register(actor, registration, matter_id=values.get("matter_id"))
    return Result({"matter": matter_view(matter)},
                  f"已立项 registered: {matter_line(matter)}")


def _with_parent(session: Session, registration: Registration) -> Registration:
    import attrs

    assert registration.parent_id is not None
    return attrs.evolve(registration, parent_id=session.matter_id(registration.parent_id))


def _import(session: Session) -> Result:
    from pathlib import Path

    from supervision.ledger import import_xlsx

    path = Path(session.args.file)
    if not path.is_file():
        raise UsageError(f"import: no file {path}")
    app = session.app()
    matters = import_xlsx(app.uow(), app.context, session.actor(), path)
    lines = [f"已导入 imported {len(matters)} matters from {path}:"]
    lines += [f"  {matter_line(m)}" for m in matters]
    return Result({"matters": [matter_view(m) for m in matters]}, "\n".join(lines))
