"""The shipped Alembic migrations build exactly the adapter's metadata on both databases."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from supervision.adapters.sqlalchemy import (
    SqlAlchemyUnitOfWork,
    _rows,
    create_engine,
    current_revision,
    head_revision,
    metadata,
    upgrade,
)
from supervision.adapters.sqlalchemy._schema import matters as matters_table
from supervision.ports import WAKE_UNKNOWN
from supervision.testing.contract import sample_matter


def _differences(engine: sa.Engine) -> list[object]:
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return list(compare_metadata(context, metadata))


@pytest.fixture
def empty_postgres_url(postgres_url: str) -> Iterator[str]:
    admin = sa.create_engine(postgres_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql("DROP DATABASE IF EXISTS supervision_empty WITH (FORCE)")
        connection.exec_driver_sql("CREATE DATABASE supervision_empty")
    yield sa.make_url(postgres_url).set(database="supervision_empty").render_as_string(False)
    with admin.connect() as connection:
        connection.exec_driver_sql("DROP DATABASE IF EXISTS supervision_empty WITH (FORCE)")
    admin.dispose()


def test_migrating_an_empty_sqlite_database_yields_exactly_the_metadata(tmp_path: Path) -> None:
    """After upgrade, autogenerate finds no difference between the SQLite schema and the
    tables the adapter uses, and the database is at the newest revision."""
    url = f"sqlite:///{tmp_path / 'empty.db'}"
    assert None is current_revision(url)
    engine = create_engine(url)
    try:
        assert [] != _differences(engine)
        upgrade(url)
        assert [] == _differences(engine)
        assert head_revision() == current_revision(engine)
    finally:
        engine.dispose()


@pytest.mark.postgres
def test_migrating_an_empty_postgres_database_yields_exactly_the_metadata(
    empty_postgres_url: str,
) -> None:
    """After upgrade, autogenerate finds no difference on PostgreSQL either."""
    upgrade(empty_postgres_url)
    engine = create_engine(empty_postgres_url)
    try:
        assert [] == _differences(engine)
        assert head_revision() == current_revision(engine)
    finally:
        engine.dispose()


def test_upgrading_twice_changes_nothing(tmp_path: Path) -> None:
    """Running the migrations on a migrated database is a no-op (safe in deploy scripts)."""
    url = f"sqlite:///{tmp_path / 'twice.db'}"
    upgrade(url)
    upgrade(url)
    assert head_revision() == current_revision(url)


def test_the_module_command_migrates_a_database(tmp_path: Path) -> None:
    """``python -m supervision.adapters.sqlalchemy upgrade URL`` migrates and exits 0; bad
    usage exits 2."""
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    done = subprocess.run(
        [sys.executable, "-m", "supervision.adapters.sqlalchemy", "upgrade", url],
        capture_output=True, text=True, check=False,
    )
    assert 0 == done.returncode, done.stderr
    assert head_revision() == current_revision(url)
    usage = subprocess.run(
        [sys.executable, "-m", "supervision.adapters.sqlalchemy", "downgrade"],
        capture_output=True, text=True, check=False,
    )
    assert 2 == usage.returncode


def test_migrations_print_postgres_sql_for_a_dba_offline() -> None:
    """Offline mode writes the PostgreSQL DDL, triggers included, without a connection."""
    import contextlib
    import io

    from alembic import command

    from supervision.adapters.sqlalchemy import alembic_config

    out = io.StringIO()
    config = alembic_config(url="postgresql+psycopg://nobody@127.0.0.1:1/none")
    config.stdout = out
    with contextlib.redirect_stdout(out):
        command.upgrade(config, "head", sql=True)
    text = out.getvalue()
    assert "CREATE TABLE matters" in text
    assert "CREATE TRIGGER events_no_update_delete" in text


def _matters_stored_before_0003_are_due_after_it(url: str) -> None:
    upgrade(url, "0002")
    matter, _event = sample_matter("m-old", 1)
    row = {k: v for k, v in _rows.matter_row(matter).items() if k != "wake_at"}
    engine = create_engine(url)
    try:
        with engine.begin() as connection:
            connection.execute(matters_table.insert(), row)
        upgrade(url)
        with SqlAlchemyUnitOfWork(engine) as uow:
            assert [(WAKE_UNKNOWN, "m-old")] == uow.matters.wake_due(
                before=dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
            )
    finally:
        engine.dispose()


def test_migration_0003_makes_every_stored_sqlite_matter_due_once(tmp_path: Path) -> None:
    """A matter stored before the wakes existed has an unknown wake after 0003: the next
    sweep looks at it."""
    _matters_stored_before_0003_are_due_after_it(f"sqlite:///{tmp_path / 'old.db'}")


@pytest.mark.postgres
def test_migration_0003_makes_every_stored_postgres_matter_due_once(
    empty_postgres_url: str,
) -> None:
    """The same on PostgreSQL."""
    _matters_stored_before_0003_are_due_after_it(empty_postgres_url)
