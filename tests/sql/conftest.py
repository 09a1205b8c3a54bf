"""Databases for the SQL adapter's tests: a migrated SQLite file per test (copied from one
migrated per session) and a PostgreSQL database per test (created from a migrated template
on the session's throwaway server)."""

from __future__ import annotations

import itertools
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from supervision.adapters.sqlalchemy import create_engine, upgrade

# the SQL tests walk matters with the escalation tests' world too (sql_support)
_ESCALATION = str(Path(__file__).parent.parent / "escalation")
if _ESCALATION not in sys.path:
    sys.path.insert(0, _ESCALATION)

_TEMPLATE = "supervision_template"
_counter = itertools.count(1)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file migrated to the newest revision, copied for each test."""
    path = tmp_path_factory.mktemp("sqlite-template") / "template.db"
    upgrade(f"sqlite:///{path}")
    return path


@pytest.fixture
def sqlite_url(sqlite_template: Path, tmp_path: Path) -> str:
    """The URL of a fresh, migrated SQLite file for one test."""
    path = tmp_path / "supervision.db"
    shutil.copyfile(sqlite_template, path)
    return f"sqlite:///{path}"


@pytest.fixture
def sqlite_engine(sqlite_url: str) -> Iterator[sa.Engine]:
    engine = create_engine(sqlite_url, busy_timeout=5.0)
    yield engine
    engine.dispose()


def _admin(postgres_url: str) -> sa.Engine:
    return sa.create_engine(postgres_url, isolation_level="AUTOCOMMIT")


@pytest.fixture(scope="session")
def postgres_template(postgres_url: str) -> Iterator[str]:
    """A database migrated to the newest revision, the template of each test's database."""
    admin = _admin(postgres_url)
    with admin.connect() as connection:
        connection.exec_driver_sql(f"DROP DATABASE IF EXISTS {_TEMPLATE}")
        connection.exec_driver_sql(f"CREATE DATABASE {_TEMPLATE}")
    url = sa.make_url(postgres_url).set(database=_TEMPLATE)
    upgrade(url)
    yield _TEMPLATE
    with admin.connect() as connection:
        connection.exec_driver_sql(f"DROP DATABASE IF EXISTS {_TEMPLATE} WITH (FORCE)")
    admin.dispose()


@pytest.fixture
def postgres_db_url(postgres_url: str, postgres_template: str) -> Iterator[str]:
    """The URL of a fresh, migrated PostgreSQL database for one test."""
    name = f"supervision_t{next(_counter)}"
    admin = _admin(postgres_url)
    with admin.connect() as connection:
        connection.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        connection.exec_driver_sql(f"CREATE DATABASE {name} TEMPLATE {postgres_template}")
    yield sa.make_url(postgres_url).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    admin.dispose()


@pytest.fixture
def postgres_engine(postgres_db_url: str) -> Iterator[sa.Engine]:
    engine = create_engine(postgres_db_url, lock_timeout=2.0)
    yield engine
    engine.dispose()


@pytest.fixture
def empty_postgres_url(postgres_url: str) -> Iterator[str]:
    """The URL of an empty PostgreSQL database (nothing migrated) for one test."""
    name = f"supervision_e{next(_counter)}"
    admin = _admin(postgres_url)
    with admin.connect() as connection:
        connection.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        connection.exec_driver_sql(f"CREATE DATABASE {name}")
    yield sa.make_url(postgres_url).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def empty_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The URL of an empty database (nothing migrated) of each kind, for one test."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'empty.db'}"
    found: str = request.getfixturevalue("empty_postgres_url")
    return found


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def engine(request: pytest.FixtureRequest) -> sa.Engine:
    """A migrated database of each kind, one per test."""
    name = "sqlite_engine" if request.param == "sqlite" else "postgres_engine"
    found: sa.Engine = request.getfixturevalue(name)
    return found
