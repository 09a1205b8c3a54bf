"""The OA system as a FastAPI application embedding the supervision library.

    cd examples
    OA_DATABASE_URL=sqlite:////var/lib/oa/oa.db uvicorn --factory fastapi_app.app:create_app
    OA_DATABASE_URL=sqlite:////var/lib/oa/oa.db python -m fastapi_app.sweep   # from cron

``create_app`` is the composition root: it migrates the host's tables and the library's
(beside each other, each with its own Alembic history), builds ``supervision.bootstrap`` once
and keeps it on ``app.state``. A dependency turns ``Authorization: Bearer <token>`` into the
library's ``Actor`` (the host's ``oa_users`` table); each endpoint runs one use case; one
exception handler maps every library error to an HTTP status (``oa_host.http_error``): 404 for
a missing *or hidden* matter, 403, 409 for a stale ``If-Match``, 422 naming the field or the
Chinese clause, 503 when the database is busy.

The endpoints are plain ``def`` functions: FastAPI runs them in its thread pool, and each use
case opens its own unit of work (a connection from the engine's pool) for the request.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import AsyncIterator
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import Body, Depends, FastAPI, Header, Request
from fastapi.responses import JSONResponse, Response
from oa_host import Host, Unauthenticated, http_error, start
from oa_host.web import (
    XLSX,
    DocumentAlreadyRegistered,
    authenticate,
    if_match,
    ledger_xlsx,
    matter_json,
    register_from_document,
    seed,
)

from supervision.clock import Clock
from supervision.domain import Actor
from supervision.exceptions import SupervisionError

__all__ = ["actor", "create_app", "host"]


def _with_etag(body: dict[str, Any], status: int = 200) -> JSONResponse:
    return JSONResponse(body, status_code=status, headers={"ETag": f'"{body["version"]}"'})


def host(request: Request) -> Host:
    """The composition root built at start-up."""
    found: Host = request.app.state.supervision
    return found


def actor(request: Request, authorization: Annotated[str | None, Header()] = None) -> Actor:
    """The signed-on user as the library's Actor (a FastAPI dependency)."""
    return authenticate(host(request), authorization)


async def library_error(_request: Request, error: Exception) -> JSONResponse:
    """Every library error → its HTTP status, in one place."""
    status, body, headers = http_error(error)
    return JSONResponse(body, status_code=status, headers=headers)


def create_app(database_url: str | None = None, *, clock: Clock | None = None,
               demo_data: bool = True) -> FastAPI:
    """The application factory: the composition root, once per process."""
    url = database_url or os.environ.get("OA_DATABASE_URL", "sqlite:///oa.db")
    oa = start(url, clock)
    if demo_data:
        seed(oa)

    @contextlib.asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        oa.close()                              # at shutdown: the engines' connections

    app = FastAPI(title="OA 督查督办", lifespan=lifespan)
    app.state.supervision = oa

    for kind in (SupervisionError, Unauthenticated, DocumentAlreadyRegistered):
        app.add_exception_handler(kind, library_error)

    @app.post("/matters", status_code=201)
    def register(request: Request, user: Annotated[Actor, Depends(actor)],
                 body: Annotated[dict[str, Any], Body()]) -> JSONResponse:
        """立项 from an incoming document (the host's register row in the same transaction)."""
        matter = register_from_document(host(request), user, body)
        response = _with_etag(matter_json(matter), 201)
        response.headers["Location"] = f"/matters/{matter.id}"
        return response

    @app.get("/matters/{matter_id}")
    def show(request: Request, matter_id: str,
             user: Annotated[Actor, Depends(actor)]) -> JSONResponse:
        """A matter the user may see (404 exactly as for a missing id otherwise)."""
        return _with_etag(matter_json(host(request).app.get_matter(user, matter_id)))

    @app.post("/matters/{matter_id}/dispatch")
    def dispatch(request: Request, matter_id: str, user: Annotated[Actor, Depends(actor)],
                 if_match_header: Annotated[str | None, Header(alias="If-Match")] = None,
                 ) -> JSONResponse:
        """交办, with an optional ``If-Match``."""
        matter = host(request).app.dispatch(user, matter_id,
                                            expected_version=if_match(if_match_header))
        return _with_etag(matter_json(matter))

    @app.post("/matters/{matter_id}/acknowledge")
    def acknowledge(request: Request, matter_id: str, user: Annotated[Actor, Depends(actor)],
                    if_match_header: Annotated[str | None, Header(alias="If-Match")] = None,
                    ) -> JSONResponse:
        """签收 by the user's unit, with an optional ``If-Match``."""
        matter = host(request).app.acknowledge(user, matter_id,
                                               expected_version=if_match(if_match_header))
        return _with_etag(matter_json(matter))

    @app.get("/ledger.xlsx")
    def ledger(request: Request, user: Annotated[Actor, Depends(actor)]) -> Response:
        """The 台账 the user may see, as an .xlsx download."""
        name, data = ledger_xlsx(host(request), user)
        return Response(data, media_type=XLSX, headers={
            "Content-Disposition": f"attachment; filename=ledger.xlsx; "
                                   f"filename*=UTF-8''{quote(name)}"})

    return app
