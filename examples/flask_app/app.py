"""The OA system as a Flask application embedding the supervision library.

    cd examples
    OA_DATABASE_URL=sqlite:////var/lib/oa/oa.db flask --app flask_app.app run
    OA_DATABASE_URL=sqlite:////var/lib/oa/oa.db flask --app flask_app.app sweep   # from cron

``create_app`` is the composition root: it migrates the host's tables and the library's
(beside each other, each with its own Alembic history), builds ``supervision.bootstrap`` once
and keeps it on the application. Each request authenticates its user (``Authorization: Bearer
<token>`` → the host's ``oa_users`` → the library's ``Actor``) and runs one use case; every
library error becomes an HTTP status in one error handler (``oa_host.http_error``): 404 for a
missing *or hidden* matter, 403, 409 for a stale ``If-Match``, 422 naming the field or the
Chinese clause, 503 when the database is busy.
"""

from __future__ import annotations

import os
from typing import Any
from urllib.parse import quote

from flask import Flask, Response, current_app, jsonify, request
from oa_host import Host, Unauthenticated, http_error, start
from oa_host.web import (
    XLSX,
    DocumentAlreadyRegistered,
    authenticate,
    daily_sweep,
    if_match,
    ledger_xlsx,
    matter_json,
    register_from_document,
    seed,
    summary_lines,
)

from supervision.clock import Clock
from supervision.domain import Actor
from supervision.exceptions import SupervisionError

__all__ = ["create_app"]


def host() -> Host:
    found: Host = current_app.extensions["supervision"]
    return found


def actor() -> Actor:
    return authenticate(host(), request.headers.get("Authorization"))


def with_etag(body: dict[str, Any], status: int = 200) -> Response:
    response = jsonify(body)
    response.status_code = status
    response.headers["ETag"] = f'"{body["version"]}"'
    return response


def create_app(database_url: str | None = None, *, clock: Clock | None = None,
               demo_data: bool = True) -> Flask:
    """The application factory: the composition root, once per process."""
    url = database_url or os.environ.get("OA_DATABASE_URL", "sqlite:///oa.db")
    app = Flask(__name__)
    oa = start(url, clock)
    if demo_data:
        seed(oa)
    app.extensions["supervision"] = oa

    @app.errorhandler(SupervisionError)
    @app.errorhandler(Unauthenticated)
    @app.errorhandler(DocumentAlreadyRegistered)
    def library_error(error: Exception) -> Response:
        status, body, headers = http_error(error)
        response = jsonify(body)
        response.status_code = status
        response.headers.update(headers)
        return response

    @app.post("/matters")
    def register() -> Response:
        """立项 from an incoming document (the host's register row in the same transaction)."""
        matter = register_from_document(host(), actor(), request.get_json(force=True))
        response = with_etag(matter_json(matter), 201)
        response.headers["Location"] = f"/matters/{matter.id}"
        return response

    @app.get("/matters/<matter_id>")
    def show(matter_id: str) -> Response:
        """A matter the user may see (404 exactly as for a missing id otherwise)."""
        return with_etag(matter_json(host().app.get_matter(actor(), matter_id)))

    @app.post("/matters/<matter_id>/dispatch")
    def dispatch(matter_id: str) -> Response:
        """交办, with an optional ``If-Match``."""
        matter = host().app.dispatch(actor(), matter_id,
                                     expected_version=if_match(request.headers.get("If-Match")))
        return with_etag(matter_json(matter))

    @app.post("/matters/<matter_id>/acknowledge")
    def acknowledge(matter_id: str) -> Response:
        """签收 by the user's unit, with an optional ``If-Match``."""
        matter = host().app.acknowledge(
            actor(), matter_id, expected_version=if_match(request.headers.get("If-Match")))
        return with_etag(matter_json(matter))

    @app.get("/ledger.xlsx")
    def ledger() -> Response:
        """The 台账 the user may see, as an .xlsx download."""
        name, data = ledger_xlsx(host(), actor())
        response = Response(data, mimetype=XLSX)
        response.headers["Content-Disposition"] = (
            f"attachment; filename=ledger.xlsx; filename*=UTF-8''{quote(name)}")
        return response

    @app.cli.command("sweep")
    def sweep() -> None:
        """The daily sweep (督查巡检): run it from cron or a systemd timer, once a day."""
        for line in summary_lines(daily_sweep(host())):
            print(line)

    return app
