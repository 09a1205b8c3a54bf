"""A small OA system's own code around the supervision library, shared by the Flask and the
FastAPI examples (``examples/flask_app``, ``examples/fastapi_app``): nothing here depends on a
web framework.

* ``database`` — the host's own tables (``oa_users``, ``oa_documents``) and its own Alembic
  history, migrated *beside* the library's (``sv_*`` tables, ``supervision_alembic_version``);
* ``web`` — the composition root built once at start-up, the signed-on user mapped to the
  library's ``Actor``, the use cases a request runs (a matter registered from an incoming
  document in one transaction with the host's row), the ledger download, the daily sweep, and
  the library's exceptions mapped to HTTP statuses in one place.
"""

from oa_host.database import migrate
from oa_host.web import (
    OFFICE,
    Host,
    Unauthenticated,
    http_error,
    start,
)

__all__ = ["OFFICE", "Host", "Unauthenticated", "http_error", "migrate", "start"]
