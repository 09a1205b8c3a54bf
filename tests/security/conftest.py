"""Storage for the security tests: each test asks ``backend`` for as many fresh, migrated
stores as it needs (an in-memory store, a SQLite file copied from one migrated per session, or
a PostgreSQL database created from a migrated template on the session's throwaway server).

PostgreSQL is skipped when no server can be had, unless ``SUPERVISION_REQUIRE_POSTGRES=1``.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from security_stores import Backend, PostgresTemplate, Shared, close_backend, open_backend

_ESCALATION = str(Path(__file__).parent.parent / "escalation")
if _ESCALATION not in sys.path:
    sys.path.insert(0, _ESCALATION)

_TEMPLATE = "supervision_security_template"


@pytest.fixture(scope="session")
def security_sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from supervision.adapters.sqlalchemy import upgrade

    path = tmp_path_factory.mktemp("security-sqlite") / "template.db"
    upgrade(f"sqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def security_postgres_template(postgres_url: str) -> Iterator[PostgresTemplate]:
    """A database migrated once, the template of each test's database; at the end of the
    session (before the server stops) every database made from it is dropped, and it too."""
    import sqlalchemy as sa

    from supervision.adapters.sqlalchemy import upgrade

    admin = sa.create_engine(postgres_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f"DROP DATABASE IF EXISTS {_TEMPLATE} WITH (FORCE)")
        connection.exec_driver_sql(f"CREATE DATABASE {_TEMPLATE}")
    upgrade(sa.make_url(postgres_url).set(database=_TEMPLATE))
    found = PostgresTemplate(_TEMPLATE)
    yield found
    for engine in found.engines:
        engine.dispose()
    with admin.connect() as connection:
        for name in [*found.databases, _TEMPLATE]:
            connection.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    admin.dispose()


_KINDS = ["memory", "sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


@pytest.fixture(params=_KINDS)
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Backend]:
    """Fresh stores of each kind (memory, SQLite, PostgreSQL), as many as the test asks for."""
    found = open_backend(request, request.param, tmp_path)
    yield found
    close_backend(found)


@pytest.fixture(scope="session")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Shared]:
    """Worlds built once per session and storage kind (read-only tests share them)."""
    found = Shared(tmp_path_factory.mktemp("security-shared"))
    yield found
    for backend in found.backends.values():
        # PostgreSQL databases are dropped by security_postgres_template, set up after this
        # fixture and so torn down before it, while the server still runs
        if backend.name != "postgres":
            close_backend(backend)


