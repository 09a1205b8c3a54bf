"""Fresh stores for the security tests (see conftest.py): the :class:`Backend` a test gets."""

from __future__ import annotations

import itertools
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

_counter = itertools.count(1)


class Backend:
    """Fresh stores of one kind: ``fresh()`` gives the keyword arguments :func:`bootstrap`
    takes for a new, empty, migrated store (``store=`` or ``engine=``); ``engines`` the SQL
    engines made so far (disposed at the end of the test)."""

    def __init__(self, name: str, make: Callable[[], dict[str, Any]]) -> None:
        self.name = name
        self._make = make
        self.engines: list[Any] = []
        self.databases: list[str] = []
        self.admin_url = ""

    @property
    def sql(self) -> bool:
        return self.name != "memory"

    def fresh(self) -> dict[str, Any]:
        found = self._make()
        if "engine" in found:
            self.engines.append(found["engine"])
        return found


class PostgresTemplate:
    """The migrated template database, and what was made from it (dropped at the end)."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.databases: list[str] = []
        self.engines: list[Any] = []


def _memory() -> dict[str, Any]:
    from supervision.adapters.memory import InMemoryStore

    return {"store": InMemoryStore()}


def open_backend(request: pytest.FixtureRequest, name: str, directory: Path) -> Backend:
    """Fresh stores of kind ``name``; :func:`_close` releases them."""
    if name == "memory":
        return Backend("memory", _memory)
    from supervision.adapters.sqlalchemy import create_engine

    if name == "sqlite":
        template: Path = request.getfixturevalue("security_sqlite_template")

        def make() -> dict[str, Any]:
            path = directory / f"store-{next(_counter)}.db"
            shutil.copyfile(template, path)
            return {"engine": create_engine(f"sqlite:///{path}", busy_timeout=5.0)}

        return Backend(name, make)
    import sqlalchemy as sa

    postgres_url: str = request.getfixturevalue("postgres_url")
    pg_template: PostgresTemplate = request.getfixturevalue("security_postgres_template")
    found = Backend(name, lambda: {})

    def make_pg() -> dict[str, Any]:
        database = f"supervision_s{next(_counter)}"
        admin = sa.create_engine(postgres_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.exec_driver_sql(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
            connection.exec_driver_sql(f"CREATE DATABASE {database} TEMPLATE {pg_template.name}")
        admin.dispose()
        found.databases.append(database)
        pg_template.databases.append(database)
        url = sa.make_url(postgres_url).set(database=database)
        engine = create_engine(url.render_as_string(hide_password=False), lock_timeout=2.0)
        pg_template.engines.append(engine)
        return {"engine": engine}

    found._make = make_pg
    found.admin_url = postgres_url
    return found


def close_backend(found: Backend) -> None:
    for engine in found.engines:
        engine.dispose()
    if found.databases:
        import sqlalchemy as sa

        admin = sa.create_engine(found.admin_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            for name in found.databases:
                connection.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        admin.dispose()


class Shared:
    """Backends and what tests build on them, kept for the whole session: ``worlds(kind,
    build)`` builds once per kind (the test's ``request`` opens the kind's databases)."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.backends: dict[str, Backend] = {}
        self.built: dict[tuple[str, str], Any] = {}

    def backend(self, request: pytest.FixtureRequest, kind: str) -> Backend:
        if kind not in self.backends:
            self.backends[kind] = open_backend(request, kind, self.directory)
        return self.backends[kind]

    def get(self, request: pytest.FixtureRequest, kind: str, name: str,
            build: Callable[[Backend], Any]) -> Any:
        """What ``build`` makes on ``kind``'s backend, made once per session."""
        key = (kind, name)
        if key not in self.built:
            self.built[key] = build(self.backend(request, kind))
        return self.built[key]


def kinds(paths: list[str], *, sql_only: bool = False,
          everywhere: Callable[[str], bool] = lambda p: p.startswith("Supervision.")
          ) -> list[Any]:
    """Test parameters ``(kind, path)``: every path in memory (unless ``sql_only``), and on
    SQLite and PostgreSQL the paths ``everywhere`` selects (the composition root's: the
    service functions beneath it run the same code on every store)."""
    found: list[Any] = []
    for path in paths:
        if not sql_only:
            found.append(pytest.param("memory", path, id=f"memory-{path}"))
        if sql_only or everywhere(path):
            found.append(pytest.param("sqlite", path, id=f"sqlite-{path}"))
            found.append(pytest.param("postgres", path, id=f"postgres-{path}",
                                      marks=pytest.mark.postgres))
    return found
