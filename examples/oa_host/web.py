"""What a request of the OA system does with the library, whatever the web framework.

The composition root (``start``) is built once per process: the host's and the library's
migrations, the library's engine, ``supervision.bootstrap`` with the office and its
regulation. A request then authenticates its user (``authenticate``: the host's own
``oa_users`` table → the library's ``Actor``), runs one use case, and maps any library error
to an HTTP status in one place (``http_error``).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa

from oa_host.database import documents, migrate, users
from supervision import OfficeSpec, Supervision, bootstrap
from supervision.adapters.sqlalchemy import SqlAlchemyUnitOfWork, create_engine
from supervision.clock import Clock, SystemClock
from supervision.domain import (
    Actor,
    Confidentiality,
    Instruction,
    Matter,
    Registration,
    Responsible,
    Role,
    Source,
    SourceKind,
    Unit,
)
from supervision.exceptions import (
    CalendarDataUnavailable,
    ConcurrencyError,
    DuplicateRecord,
    InvalidInput,
    NotFound,
    PermissionDenied,
    RuleViolation,
    StorageError,
    SupervisionError,
    TransitionNotAllowed,
)
from supervision.ledger import ledger_entries, write_xlsx
from supervision.service_layer import registration as registering
from supervision.service_layer.sweep import SweepSummary

#: The office this OA system serves, under the regulation it works by.
OFFICE = OfficeSpec("lyg", "连云港市人民政府督查室", "lianyungang-2019")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class Unauthenticated(Exception):
    """No valid sign-on token (the host's own error: 401)."""


class DocumentAlreadyRegistered(Exception):
    """The incoming document's number is already in the host's register (409)."""

    def __init__(self, number: str) -> None:
        super().__init__(f"收文 {number} 已登记")
        self.number = number


class Host:
    """The long-lived objects of one process: the engine and the composition root."""

    def __init__(self, engine: sa.Engine, app: Supervision) -> None:
        self.engine = engine
        self.app = app

    def close(self) -> None:
        self.app.dispose()
        self.engine.dispose()


def start(url: str, clock: Clock | None = None) -> Host:
    """Start-up, once: migrate (host's, then library's), build the composition root."""
    migrate(url)
    engine = create_engine(url)
    app = bootstrap(engine=engine, clock=SystemClock() if clock is None else clock,
                    offices=[OFFICE])
    return Host(engine, app)


# ------------------------------------------------------------------ who is asking
def authenticate(host: Host, authorization: str | None) -> Actor:
    """``Authorization: Bearer <token>`` → the user's row → the library's Actor (their office,
    roles and unit are the host's data)."""
    if not authorization or not authorization.startswith("Bearer "):
        raise Unauthenticated("sign on first")
    token = authorization.removeprefix("Bearer ").strip()
    with host.engine.connect() as connection:
        row = connection.execute(sa.select(users).where(users.c.token == token)).first()
    if row is None:
        raise Unauthenticated("unknown token")
    roles = [Role(r) for r in row.roles.split(",")]
    return Actor.of(row.person_id, *roles, office_id=row.office_id, unit_id=row.unit_id,
                    name=row.name)


def if_match(header: str | None) -> int | None:
    """The version an ``If-Match`` header names (``"3"``, ``W/"3"`` or ``3``), or None."""
    if header is None:
        return None
    text = header.strip().removeprefix("W/").strip('"')
    if not text.isdigit():
        raise InvalidInput("If-Match", 'the ETag of the matter as read, e.g. "3"', header)
    return int(text)


def etag(matter: Matter) -> str:
    return f'"{matter.version}"'


def matter_json(matter: Matter) -> dict[str, Any]:
    """What the OA screens show of a matter."""
    return {
        "id": matter.id,
        "number": str(matter.number),
        "title": matter.display_title,
        "status": matter.status.value,
        "status_label": matter.status.label,
        "due": None if matter.due is None else matter.due.last_day.isoformat(),
        "version": matter.version,
    }


# ------------------------------------------------------------------ use cases
def _text(body: Mapping[str, Any], name: str, default: str | None = None) -> str:
    value = body.get(name, default)
    if not isinstance(value, str):
        raise InvalidInput(name, "text", value)
    return value


def registration_of(body: Mapping[str, Any]) -> Registration:
    """The registration a POST /matters body describes (lianyungang-2019 §5.1 needs the
    leader's instruction: ``leader`` and ``instructed_on``)."""
    instruction = None
    if body.get("leader"):
        raw = _text(body, "instructed_on", "")
        try:
            on = dt.date.fromisoformat(raw)
        except ValueError:
            raise InvalidInput("instructed_on", "a date such as 2026-09-27", raw) from None
        instruction = Instruction.of(_text(body, "leader"), on)
    designated = body.get("designated") or []
    return Registration(
        title=_text(body, "title", ""),
        requirements=_text(body, "requirements", ""),
        source=Source.of(SourceKind.LEADER_INSTRUCTION, _text(body, "document_number", ""),
                         leader=_text(body, "leader", "")),
        instruction=instruction,
        lead_unit_id=_text(body, "lead_unit", ""),
        responsible=(Responsible(_text(body, "responsible", ""), ""),),
        confidentiality=(Confidentiality.controlled(designated) if designated
                         else Confidentiality.none()),
    )


def register_from_document(host: Host, actor: Actor, body: Mapping[str, Any]) -> Matter:
    """立项 from an incoming document: the host's register row and the library's matter
    (with its number and event) in **one** transaction — the unit of work joins the host's
    connection, so a failure of either stores neither."""
    number = _text(body, "document_number", "")
    if not number:
        raise InvalidInput("document_number", "the incoming document's number 收文编号", number)
    registration = registration_of(body)
    try:
        with host.engine.connect() as connection, connection.begin():
            matter = registering.register(SqlAlchemyUnitOfWork(connection), host.app.context,
                                          actor, registration)
            connection.execute(documents.insert().values(
                number=number, matter_id=matter.id, received_by=actor.person_id))
    except sa.exc.IntegrityError:
        raise DocumentAlreadyRegistered(number) from None
    return matter


def ledger_xlsx(host: Host, actor: Actor) -> tuple[str, bytes]:
    """The 台账 the actor may see, as an .xlsx download: (file name, bytes)."""
    now = host.app.context.now()
    office = host.app.office(actor)
    entries = ledger_entries(host.app.uow(), host.app.context, actor, now)
    stream = io.BytesIO()
    write_xlsx(entries, stream, office=office.name, as_of=now)
    return f"{office.name}-督办事项台账.xlsx", stream.getvalue()


def daily_sweep(host: Host) -> SweepSummary:
    """The daily sweep (督查巡检) of every office, run by the scheduler (never a request)."""
    return host.app.sweep()


def summary_lines(summary: SweepSummary) -> list[str]:
    """The sweep's summary as a scheduler's log shows it."""
    lines = [f"巡检 {summary.now.isoformat()}: {summary.matters_evaluated} matters evaluated, "
             f"{len(summary.escalations)} escalations, {len(summary.score_entries)} score "
             f"entries, offices {', '.join(summary.offices)}"]
    lines += [f"  {e.label} {e.matter_id} → {e.unit_id or '督查机构'} ({e.citation.key})"
              for e in summary.escalations]
    lines += [f"  提示 {office}: {finding.code}" for office, finding in summary.office_findings]
    return lines


# ------------------------------------------------------------------ errors → HTTP
NOT_FOUND = {"error": "not_found", "message": "未找到该事项"}


def http_error(error: Exception) -> tuple[int, dict[str, Any], dict[str, str]]:
    """(status, JSON body, headers) for an error, in one place. A hidden matter and a missing
    one get the same 404 body, so a confidential matter's existence is not revealed."""
    if isinstance(error, Unauthenticated):
        return 401, {"error": "unauthenticated"}, {"WWW-Authenticate": "Bearer"}
    if isinstance(error, DocumentAlreadyRegistered):
        return 409, {"error": "duplicate_document", "message": str(error)}, {}
    if not isinstance(error, SupervisionError):
        raise error
    if isinstance(error, NotFound):
        return 404, dict(NOT_FOUND), {}
    if isinstance(error, PermissionDenied):
        return 403, {"error": "forbidden", "message": str(error)}, {}
    if isinstance(error, ConcurrencyError):
        return 409, {"error": "conflict", "message": str(error),
                     "current_version": error.fields["actual_version"]}, {}
    if isinstance(error, TransitionNotAllowed | DuplicateRecord):
        return 409, {"error": "not_allowed", "message": str(error)}, {}
    if isinstance(error, RuleViolation):
        return 422, {"error": "rule_violation", "rule": error.fields["rule"],
                     "clause": error.fields["cited"], "message": str(error)}, {}
    if isinstance(error, InvalidInput):
        return 422, {"error": "invalid", "field": error.fields["field"],
                     "message": str(error)}, {}
    if isinstance(error, CalendarDataUnavailable):
        return 503, {"error": "calendar", "year": error.fields["year"],
                     "message": str(error)}, {}
    if isinstance(error, StorageError) and error.retryable:
        return 503, {"error": "busy", "retryable": True}, {"Retry-After": "30"}
    return 500, {"error": type(error).__name__}, {}


# ------------------------------------------------------------------ demo data
DEMO_USERS = (
    ("clerk-token", "clerk-1", "督查室王芳", "office_clerk", None),
    ("leader-token", "leader-1", "分管副秘书长", "approving_leader", None),
    ("port-token", "port-liaison", "港口集团联络员", "unit_liaison", "port"),
    ("ocean-token", "ocean-liaison", "海洋局联络员", "unit_liaison", "ocean"),
    ("audit-token", "audit-1", "审计处", "auditor", None),
)


def seed(host: Host) -> None:
    """The host's users and the office's units (idempotent)."""
    with host.engine.begin() as connection:
        known = set(connection.execute(sa.select(users.c.token)).scalars())
        for token, person, name, roles, unit in DEMO_USERS:
            if token not in known:
                connection.execute(users.insert().values(
                    token=token, person_id=person, name=name, office_id=OFFICE.id,
                    roles=roles, unit_id=unit))
    clerk = authenticate(host, "Bearer clerk-token")
    stored = {u.id for u in host.app.units(clerk)}
    for unit in (Unit.create("port", "港口控股集团", head_id="port-head",
                             liaison_ids=["port-liaison"]),
                 Unit.create("ocean", "海洋发展局", head_id="ocean-head",
                             liaison_ids=["ocean-liaison"])):
        if unit.id not in stored:
            host.app.add_unit(clerk, unit)
