"""Embedding the library in an OA system's web layer: request handlers as plain functions.

Whatever the framework (Django, Flask, FastAPI …), a handler does the same four things, shown
here without one so the example runs anywhere:

1. the library's **composition root** (``supervision.bootstrap``) is built once, at start-up,
   from the database URL, the clock and the offices (each with the policy it works under) —
   nothing connects at import time;
2. each request calls **one use case** on it, actor first (``app.dispatch(actor, matter_id)``);
   each call is its own unit of work;
3. the **actor** comes from the request's authenticated user (their office, roles and unit),
   and every read is filtered by what that actor may see;
4. the library's exceptions become **HTTP-like status codes** in one place (``respond``):
   a missing *or hidden* matter is 404 with the same body (a confidential matter's existence
   is not revealed), a permission denial 403, bad input or a rule of the regulation 422, a
   stale version or a concurrent change 409, a database that is down or busy 503 (retry).

Requests and responses are plain dicts (``{"method": "POST", "path": "/matters", "user": …,
"json": …}`` in, ``{"status": 201, "json": …}`` out); a real adapter converts its framework's
objects to and from these. Run: ``python examples/embedding_web_handler.py``.
"""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from supervision import OfficeSpec, Supervision, bootstrap
from supervision.calendar import SHANGHAI
from supervision.clock import Clock, FixedClock
from supervision.domain import (
    Actor,
    Confidentiality,
    Instruction,
    Registration,
    Responsible,
    Role,
    Source,
    SourceKind,
    Unit,
)
from supervision.exceptions import (
    ConcurrencyError,
    InvalidInput,
    NotFound,
    PermissionDenied,
    RuleViolation,
    StorageError,
    SupervisionError,
    TransitionNotAllowed,
)
from supervision.serialization import to_dict

Request = dict[str, Any]
Response = dict[str, Any]
App = Supervision


# ------------------------------------------------------------------ the composition root
def start(url: str, clock: Clock) -> Supervision:
    """Start-up, once: migrate, record the office and its policy; production passes
    ``SystemClock()`` (the default)."""
    return bootstrap(url=url, migrate=True, clock=clock, offices=[
        OfficeSpec("lyg", "连云港市政府督查室", "lianyungang-2019"),
    ])


# ------------------------------------------------------------------ request → actor
def actor_of(request: Request) -> Actor:
    """The authenticated user as an Actor (your OA system's session supplies this)."""
    user = request["user"]
    return Actor.build(user["id"], [Role(r) for r in user["roles"]], office_id=user["office"],
                       unit_id=user.get("unit"))


def matter_json(matter: Any) -> dict[str, Any]:
    """What the OA screens show; ``to_dict`` gives the whole value if you need it."""
    return {
        "id": matter.id,
        "number": str(matter.number),
        "title": matter.display_title,
        "status": matter.status.value,
        "status_label": matter.status.label,
        "due": None if matter.due is None else matter.due.last_day.isoformat(),
        "version": matter.version,
    }


# ------------------------------------------------------------------ handlers
def register_matter(app: App, request: Request) -> Response:
    """POST /matters — 立项: the matter is numbered and stored (待审定 / not yet dispatched)."""
    body = request["json"]
    actor = actor_of(request)
    confidentiality = Confidentiality.none()
    if body.get("designated"):
        confidentiality = Confidentiality.controlled(body["designated"])
    registration = Registration(
        title=body.get("title", ""), requirements=body.get("requirements", ""),
        source=Source.of(SourceKind.LEADER_INSTRUCTION, body.get("instruction", ""),
                         leader=body.get("leader", "")),
        # lianyungang-2019 §5.1: no 立项 without a city leader's recorded instruction
        instruction=(Instruction.of(body["leader"], dt.date.fromisoformat(body["instructed_on"]),
                                    body.get("instruction", ""))
                     if body.get("leader") else None),
        lead_unit_id=body.get("lead_unit", ""),
        responsible=(Responsible(body.get("responsible", ""), ""),),
        confidentiality=confidentiality,
    )
    matter = app.register(actor, registration)
    return {"status": 201, "json": matter_json(matter)}


def dispatch_matter(app: App, request: Request) -> Response:
    """POST /matters/<id>/dispatch — 交办: the deadline is derived and its clock starts."""
    matter = app.dispatch(actor_of(request), request["params"]["id"])
    return {"status": 200, "json": matter_json(matter)}


def show_matter(app: App, request: Request) -> Response:
    """GET /matters/<id> — hidden and missing matters look the same (404)."""
    matter = app.get_matter(actor_of(request), request["params"]["id"])
    return {"status": 200, "json": matter_json(matter)}


def acknowledge(app: App, request: Request) -> Response:
    """POST /matters/<id>/acknowledge — 签收, with ``If-Match: <version>``: the library checks
    the version in the same transaction (a form filled in on an older version is refused)."""
    expected = request.get("if_match")
    matter = app.acknowledge(actor_of(request), request["params"]["id"],
                             expected_version=None if expected is None else int(expected))
    return {"status": 200, "json": matter_json(matter)}


def list_ledger(app: App, request: Request) -> Response:
    """GET /ledger — the rows this user may see."""
    rows = app.ledger(actor_of(request))
    return {"status": 200, "json": [
        {"number": r.number, "title": r.title, "unit": r.lead_unit, "status": r.status_label}
        for r in rows
    ]}


# ------------------------------------------------------------------ errors → status codes
def respond(app: App, handler: Callable[[App, Request], Response], request: Request) -> Response:
    """Run one handler and map the library's exceptions to status codes, in one place."""
    try:
        return handler(app, request)
    except NotFound:
        return {"status": 404, "json": {"error": "not_found", "message": "未找到该事项"}}
    except PermissionDenied as error:
        return {"status": 403, "json": {"error": "forbidden", "message": str(error)}}
    except (ConcurrencyError, TransitionNotAllowed) as error:
        return {"status": 409, "json": {"error": "conflict", "message": str(error)}}
    except (InvalidInput, RuleViolation) as error:
        return {"status": 422, "json": {"error": "invalid", "message": str(error),
                                        "field": error.fields.get("field", "")}}
    except StorageError as error:
        status = 503 if error.retryable else 500
        return {"status": status, "json": {"error": "storage", "retryable": error.retryable}}
    except SupervisionError as error:
        return {"status": 500, "json": {"error": type(error).__name__, "message": str(error)}}


# ------------------------------------------------------------------ a morning of requests
CLERK = {"id": "clerk-1", "roles": ["office_clerk"], "office": "lyg"}
PORT = {"id": "port-liaison", "roles": ["unit_liaison"], "office": "lyg", "unit": "port"}
OCEAN = {"id": "ocean-liaison", "roles": ["unit_liaison"], "office": "lyg", "unit": "ocean"}
AUDITOR = {"id": "audit-1", "roles": ["auditor"], "office": "lyg"}


def show(label: str, response: Response) -> Response:
    text = json.dumps(response["json"], ensure_ascii=False)
    print(f"{label:<44} → {response['status']}  {text[:110]}")
    return response


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        clock = FixedClock(dt.datetime(2026, 9, 28, 9, 0, tzinfo=SHANGHAI))
        app = start(f"sqlite:///{Path(folder) / 'oa.db'}", clock)
        for unit in (Unit.create("port", "港口控股集团", liaison_ids=["port-liaison"]),
                     Unit.create("ocean", "海洋发展局", liaison_ids=["ocean-liaison"])):
            app.add_unit(actor_of({"user": CLERK}), unit)
        print("连云港市政府督查室 OA — requests as plain dicts, one unit of work each\n")

        created = show("POST /matters (督查室 立项)", respond(app, register_matter, {
            "user": CLERK, "json": {
                "title": "港口集疏运铁路专用线建设", "requirements": "按期反馈办理结果",
                "instruction": "市长批示〔2026〕88号", "leader": "市长",
                "instructed_on": "2026-09-27", "lead_unit": "port",
                "responsible": "port-head"}}))
        matter_id = created["json"]["id"]
        show("POST /matters/<id>/dispatch (港口控股集团)", respond(app, dispatch_matter, {
            "user": PORT, "params": {"id": matter_id}}))
        created = show("POST /matters/<id>/dispatch (督查室 交办)", respond(app, dispatch_matter, {
            "user": CLERK, "params": {"id": matter_id}}))
        secret = show("POST /matters (控制知情范围)", respond(app, register_matter, {
            "user": CLERK, "json": {
                "title": "重大招商项目用地保障", "requirements": "按期反馈",
                "instruction": "市长批示〔2026〕90号", "leader": "市长",
                "instructed_on": "2026-09-27", "lead_unit": "ocean",
                "responsible": "ocean-head", "designated": ["clerk-1", "ocean-liaison"]}}))
        show("POST /matters/<secret id>/dispatch", respond(app, dispatch_matter, {
            "user": CLERK, "params": {"id": secret["json"]["id"]}}))
        show("POST /matters (no title)", respond(app, register_matter, {
            "user": CLERK, "json": {"requirements": "按期反馈", "lead_unit": "port",
                                     "instruction": "市长批示", "responsible": "port-head"}}))
        show("GET /matters/<id> (港口控股集团)", respond(app, show_matter, {
            "user": PORT, "params": {"id": matter_id}}))
        show("GET /matters/<id> (海洋发展局: not its unit)", respond(app, show_matter, {
            "user": OCEAN, "params": {"id": matter_id}}))
        show("GET /matters/<secret id> (审计只读)", respond(app, show_matter, {
            "user": AUDITOR, "params": {"id": secret["json"]["id"]}}))
        show("GET /matters/no-such-id (审计只读)", respond(app, show_matter, {
            "user": AUDITOR, "params": {"id": "no-such-id"}}))
        show("POST /matters/<id>/acknowledge (审计只读)", respond(app, acknowledge, {
            "user": AUDITOR, "params": {"id": matter_id}}))
        stale = created["json"]["version"] - 1
        show("POST …/acknowledge If-Match: stale version", respond(app, acknowledge, {
            "user": PORT, "params": {"id": matter_id}, "if_match": stale}))
        clock.advance(hours=1)
        show("POST …/acknowledge If-Match: current", respond(app, acknowledge, {
            "user": PORT, "params": {"id": matter_id},
            "if_match": created["json"]["version"]}))
        show("GET /ledger (审计只读)", respond(app, list_ledger, {"user": AUDITOR}))
        show("GET /ledger (督查室)", respond(app, list_ledger, {"user": CLERK}))
        full = to_dict(app.get_matter(actor_of({"user": CLERK}), matter_id))
        print(f"\nserialization.to_dict(matter) has {len(full)} fields for an API that wants all")
        app.dispose()


if __name__ == "__main__":
    main()
