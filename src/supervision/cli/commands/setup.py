"""Setting up: the database (``db upgrade``, ``db verify``), offices and units."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from supervision.cli._errors import EXIT_ERROR, UsageError
from supervision.cli._parser import Commands, add_at
from supervision.cli._parsing import parse_close, parse_day, parse_enum, parse_parameters
from supervision.cli._session import Result, Session, _sql
from supervision.cli._views import (
    office_event_line,
    office_line,
    office_view,
    unit_line,
    unit_view,
)
from supervision.clock import FixedClock
from supervision.exceptions import DuplicateRecord, OfficeNotFound

if TYPE_CHECKING:
    from supervision.service_layer.offices import OfficeSpec

__all__ = ["add"]


def add(commands: Commands) -> None:
    db = commands.group("db", "the database's schema and its event log (数据库)")
    p = db.add("upgrade", "create or migrate the schema (the packaged migrations); with "
               "--office/--office-name/--policy also set up the office", _db_upgrade)
    p.add_argument("url", metavar="URL", nargs="?",
                   help="the database (default: --db, SUPERVISION_DB, sqlite:///supervision.db)")
    p.add_argument("--office-name", metavar="NAME", help="the office's name (with --office ID)")
    _policy_options(p, required=False)
    p.add_argument("--effective-from", metavar="DAY",
                   help="the day the policy takes effect in the office (default: the policy's)")
    add_at(p, "the instant the office is recorded at")
    p = db.add("verify", "check the chain of records (events, escalations, decisions, score "
               "entries; 篡改检查), against an exported head if given", _db_verify)
    p.add_argument("--head", metavar="FILE",
                   help="the chain head exported earlier with `db head` and kept elsewhere: "
                   "truncation and a replayed head are found")
    p = db.add("head", "export the chain head (count, last hash, time) signed with the key "
               "ring, for an auditor to keep outside the database", _db_head)
    p.add_argument("--out", metavar="FILE", help="write the head's JSON here (default: stdout)")
    add_at(p, "the instant the head is exported at")

    office = commands.group("office", "offices (督查机构): set up, read, change the policy")
    p = office.add("add", "set up an office under a policy", _office_add)
    p.add_argument("office_id", metavar="ID", help="the office's id, e.g. daoli")
    p.add_argument("name", metavar="NAME", help="the office's name, e.g. 道里区人民政府督查室")
    _policy_options(p, required=True)
    p.add_argument("--effective-from", metavar="DAY",
                   help="the day the policy takes effect in the office (default: the policy's)")
    p.add_argument("--close", metavar="HH:MM",
                   help="the office's closing time: periods end then (default: 24:00)")
    add_at(p, "the instant the office is recorded at")
    office.add("list", "every office in the database", _office_list)
    p = office.add("show", "an office: name, 代字, the policies it worked under", _office_show)
    p.add_argument("office_id", metavar="ID", nargs="?", help="default: --office")
    p = office.add("change-policy", "a new regulation for the office from a day (审定领导)",
                   _office_change_policy)
    p.add_argument("policy", metavar="POLICY", help="the new policy's name")
    p.add_argument("--parameter", metavar="NAME=VALUE", action="append", default=[],
                   help="a parameter of the new policy (repeatable)")
    p.add_argument("--effective-from", metavar="DAY", required=True,
                   help="the day the new policy takes effect")
    p.add_argument("--reason", required=True, help="why the policy changes (变更理由)")
    add_at(p, "the instant the change is recorded at")
    office.add("history", "the recorded changes of the office", _office_history)

    unit = commands.group("unit", "the units that handle matters (承办单位)")
    p = unit.add("add", "add a unit to the office (督查办工作人员)", _unit_add)
    p.add_argument("unit_id", metavar="ID", help="the unit's id, e.g. econ")
    p.add_argument("name", metavar="NAME", help="the unit's name, e.g. 经济发展局")
    p.add_argument("--kind", metavar="KIND", default="department",
                   help="镇街 township, 部门 department (default), 派驻机构 stationed_agency, "
                   "国有企业 state_enterprise, 督查机构 supervision_office, 其他 other")
    p.add_argument("--parent", metavar="ID", help="the parent unit's id")
    p.add_argument("--head", metavar="PERSON", help="the main head's person id (主要负责人)")
    p.add_argument("--leader-in-charge", metavar="PERSON",
                   help="the leader in charge's person id (分管负责人)")
    p.add_argument("--liaison", metavar="PERSON", action="append", default=[],
                   help="a liaison's person id (联络员), repeatable")
    unit.add("list", "the office's units", _unit_list)


def _policy_options(p: Any, *, required: bool) -> None:
    p.add_argument("--policy", metavar="NAME", required=required,
                   help="the policy the office works under (see: supervision policy list)")
    p.add_argument("--parameter", metavar="NAME=VALUE", action="append", default=[],
                   help="a documented parameter of the policy, e.g. extensions_enabled=true "
                   "(repeatable)")
    p.add_argument("--numbering-prefix", metavar="TEXT",
                   help="the office's 机关代字 (default: the policy's, or the one the "
                   "database's numbers used)")


# ------------------------------------------------------------------------------ db
def _db_upgrade(session: Session) -> Result:
    from supervision.adapters.sqlalchemy._migrations import LEGACY_REVISIONS

    sql = _sql()
    args = session.args
    url = args.url or session.url()
    engine = session.engine(url, create=True)
    session.probe(engine)
    naming = session.naming()
    spec = _spec(session, args.office_name) if (args.office_name or args.policy) else None
    before = sql.current_revision(engine, schema=naming.get("schema"))
    default_office = None
    if spec is not None and before in LEGACY_REVISIONS:
        default_office = sql.DefaultOffice(spec.id, spec.name, spec.policy,
                                           dict(spec.parameters), spec.numbering_prefix)
    sql.upgrade(engine, default_office=default_office, **naming)
    after = sql.current_revision(engine, schema=naming.get("schema"))
    shown = session.shown_url()
    lines = []
    if before == after:
        lines.append(f"数据库已是最新 up to date: {shown} at revision {after}")
    else:
        lines.append(f"数据库已迁移 migrated: {shown} from {before or 'empty'} to {after}")
    data: dict[str, Any] = {"url": shown, "before": before, "after": after, "office": None}
    if default_office is not None:
        lines.append(f"原有事项已归属督查机构 matters of release 0.1.0 now belong to office "
                     f"{spec.id if spec else ''}")
    if spec is not None:
        from supervision.bootstrap import bootstrap

        app = bootstrap(engine=engine, clock=FixedClock(session.instant()),
                        calendar=session.calendar(), chain_key=session.chain_key(), **naming)
        if default_office is not None:  # the migration made it, with the database's 代字
            with app.uow() as uow:
                office = uow.offices.get(spec.id)
        else:
            office = app.ensure_offices([spec])[0]
        data["office"] = office_view(office)
        lines.append(f"督查机构 office: {office_line(office)}")
    else:
        data["at"] = None
    return Result(data, "\n".join(lines))


def _spec(session: Session, name: str | None) -> OfficeSpec:
    from supervision import policies as _policies
    from supervision.service_layer.offices import OfficeSpec

    args = session.args
    office_id = getattr(args, "office_id", None) or session.option("office")
    if office_id is None or not name or not args.policy:
        raise UsageError("setting up an office needs --office ID, --office-name NAME and "
                         "--policy NAME")
    policy = _policies.get(args.policy)
    parameters = parse_parameters(args.parameter, policy)
    effective = (None if args.effective_from is None
                 else parse_day(args.effective_from, "--effective-from"))
    close = None if getattr(args, "close", None) is None else parse_close(args.close)
    return OfficeSpec(str(office_id), name, policy.name, numbering_prefix=args.numbering_prefix,
                      parameters=parameters, effective_from=effective, close_time=close)


def _head(path: str | None) -> Any:
    if path is None:
        return None
    from pathlib import Path

    from supervision.audit import ChainHead
    from supervision.serialization import from_json

    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise UsageError(f"--head: cannot read {path}: {error}") from None
    return from_json(ChainHead, text)


def _db_verify(session: Session) -> Result:
    sql = _sql()
    engine = session.engine()
    session.check_migrated()
    check = sql.verify(engine, chain_key=session.chain_key(), head=_head(session.args.head),
                       **session.naming())
    data = {"intact": check.intact, "checked": check.checked,
            "first_bad_seq": check.first_bad_seq, "event_id": check.event_id,
            "problem": check.problem, "summary": check.summary}
    if check.intact:
        return Result(data, f"记录链完整 intact: {check.summary}")
    data["exit_code"] = EXIT_ERROR
    session.console.error(
        f"事件链被改动 the event log was altered at position {check.first_bad_seq}"
        f" ({check.event_id or 'missing row'}): {check.problem}")
    return Result(data, f"事件链被改动 NOT intact after {check.checked} events")


def _db_head(session: Session) -> Result:
    import json

    from supervision.serialization import to_json

    sql = _sql()
    engine = session.engine()
    session.check_migrated()
    keys = session.chain_key()
    if keys is None:
        raise UsageError("db head signs the head with the key ring: give --chain-key-file")
    head = sql.export_head(engine, chain_key=keys, at=session.instant(), **session.naming())
    text = to_json(head)
    written = []
    if session.args.out is not None:
        from pathlib import Path

        Path(session.args.out).write_text(text + "\n", encoding="utf-8")
        written.append(session.args.out)
    return Result({"head": json.loads(text), "written": written},
                  text if not written else f"链头已导出 head written: {written[0]}")


# -------------------------------------------------------------------------- offices
def _office_add(session: Session) -> Result:
    spec = _spec(session, session.args.name)
    app = session.app()
    with app.uow() as uow:
        try:
            uow.offices.get(spec.id)
        except OfficeNotFound:
            pass
        else:
            raise DuplicateRecord("office", spec.id)
    office = app.ensure_offices([spec])[0]
    return Result({"office": office_view(office)},
                  f"已设立督查机构 office added: {office_line(office)}")


def _office_list(session: Session) -> Result:
    app = session.app()
    with app.uow() as uow:
        offices = uow.offices.list()
    lines = [office_line(o) for o in offices] or ["（尚未设立督查机构 no office yet）"]
    return Result({"offices": [office_view(o) for o in offices]}, "\n".join(lines))


def _office_show(session: Session) -> Result:
    if session.args.office_id:
        session.args.office = session.args.office_id
    app = session.app()
    office = app.office(session.actor())
    lines = [office_line(office)]
    for term in office.policies:
        lines.append(f"  自 from {term.effective_from.isoformat()}  {term.policy.label()}"
                     f"  {term.reason}".rstrip())
    if office.calendar.close_time is not None:
        lines.append(f"  下班时间 closing time {office.calendar.close_time:%H:%M}")
    return Result({"office": office_view(office)}, "\n".join(lines))


def _office_change_policy(session: Session) -> Result:
    args = session.args
    app = session.app()
    policy = app.policies.get(args.policy)
    office = app.change_policy(
        session.actor(), policy.name,
        effective_from=parse_day(args.effective_from, "--effective-from"),
        reason=args.reason, parameters=parse_parameters(args.parameter, policy) or None,
    )
    return Result({"office": office_view(office)},
                  f"已变更适用制度 policy changed: {office_line(office)} "
                  f"from {office.current.effective_from.isoformat()}")


def _office_history(session: Session) -> Result:
    app = session.app()
    events = app.office_history(session.actor())
    data = [{"version": e.version, "kind": e.kind.value, "label": e.kind.label,
             "actor_id": e.actor_id, "occurred_at": e.occurred_at.isoformat(),
             "details": dict(e.details)} for e in events]
    return Result({"events": data}, "\n".join(office_event_line(e) for e in events))


# ---------------------------------------------------------------------------- units
def _unit_add(session: Session) -> Result:
    from supervision.domain.model import Unit, UnitKind

    args = session.args
    unit = Unit.create(
        args.unit_id, args.name, parse_enum(UnitKind, args.kind, "--kind"),
        parent_id=args.parent, head_id=args.head, leader_in_charge_id=args.leader_in_charge,
        liaison_ids=args.liaison,
    )
    added = session.app().add_unit(session.actor(), unit)
    return Result({"unit": unit_view(added)}, f"已添加承办单位 unit added: {unit_line(added)}")


def _unit_list(session: Session) -> Result:
    units = session.app().units(session.actor())
    lines = [unit_line(u) for u in units] or ["（尚无承办单位 no unit yet）"]
    return Result({"units": [unit_view(u) for u in units]}, "\n".join(lines))
