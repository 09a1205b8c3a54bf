"""The shipped Alembic migrations build exactly the adapter's metadata on both databases,
under the default prefix, a custom prefix or a PostgreSQL schema, with the library's own
version table."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import attrs
import pytest
import sqlalchemy as sa
from alembic import command
from sql_support import schema_differences

from supervision import policies
from supervision.adapters.sqlalchemy import (
    DefaultOffice,
    SqlAlchemyUnitOfWork,
    _rows,
    alembic_config,
    create_engine,
    current_revision,
    head_revision,
    tables,
    upgrade,
)
from supervision.domain.office import PolicyRef
from supervision.exceptions import InvalidInput
from supervision.ports import WAKE_UNKNOWN
from supervision.testing.contract import OFFICE, sample_matter


def _table_names(engine: sa.Engine, schema: str | None = None) -> set[str]:
    with engine.connect() as connection:
        return set(sa.inspect(connection).get_table_names(schema=schema))


def test_migrating_an_empty_database_yields_exactly_the_metadata(empty_url: str) -> None:
    """After upgrade, autogenerate finds no difference between the schema and the tables the
    adapter uses (prefix sv_), and the database is at the newest revision."""
    assert None is current_revision(empty_url)
    engine = create_engine(empty_url)
    try:
        assert [] != schema_differences(engine, tables())
        upgrade(empty_url)
        assert [] == schema_differences(engine, tables())
        assert head_revision() == current_revision(engine)
    finally:
        engine.dispose()


def test_a_custom_prefix_yields_exactly_its_metadata(empty_url: str) -> None:
    """upgrade(table_prefix="dc_") creates dc_* tables only, exactly the metadata of
    tables("dc_"), and records its history in the library's version table."""
    upgrade(empty_url, table_prefix="dc_")
    engine = create_engine(empty_url)
    try:
        assert [] == schema_differences(engine, tables("dc_"))
        names = _table_names(engine)
        assert {"supervision_alembic_version", "dc_matters", "dc_offices"} <= names
        assert {"supervision_alembic_version"} == {n for n in names if not n.startswith("dc_")}
        assert head_revision() == current_revision(engine)
    finally:
        engine.dispose()


@pytest.mark.postgres
def test_a_postgres_schema_yields_exactly_its_metadata(empty_postgres_url: str) -> None:
    """upgrade(schema="supervision") creates the schema with the sv_* tables and the
    version table in it, exactly the metadata of tables("sv_", "supervision"), and leaves
    the public schema empty."""
    upgrade(empty_postgres_url, schema="supervision")
    engine = create_engine(empty_postgres_url)
    try:
        assert [] == schema_differences(engine, tables("sv_", "supervision"))
        assert "supervision_alembic_version" in _table_names(engine, "supervision")
        assert set() == _table_names(engine)
        assert head_revision() == current_revision(engine, schema="supervision")
        with SqlAlchemyUnitOfWork(engine, schema="supervision") as uow:
            assert 1 == uow.numbers.next(OFFICE, "池开督", 2026)
            uow.commit()
    finally:
        engine.dispose()


def test_a_default_office_given_to_a_new_database_is_created(empty_url: str) -> None:
    """upgrade(default_office=...) on a new database (a deploy script that always names
    the office) creates that office under the named policy, with the policy's 代字."""
    office = DefaultOffice("daoli", "道里区督查室", "daoli-2017",
                           {"pre_deadline_warning_working_days": 2})
    upgrade(empty_url, default_office=office)
    engine = create_engine(empty_url)
    try:
        with SqlAlchemyUnitOfWork(engine) as uow:
            stored = uow.offices.get("daoli")
            assert [] == uow.matters.list(offices=None)
        policy = policies.get("daoli-2017").with_parameters(pre_deadline_warning_working_days=2)
        assert (PolicyRef.of(policy), policy.numbering_prefix) == (
            stored.current.policy, stored.numbering_prefix)
    finally:
        engine.dispose()


def test_a_schema_is_refused_on_sqlite(tmp_path: Path) -> None:
    """Schemas are PostgreSQL's: upgrade(schema=...) on SQLite is invalid input."""
    with pytest.raises(InvalidInput) as caught:
        upgrade(f"sqlite:///{tmp_path / 'schema.db'}", schema="supervision")
    assert "schema" == caught.value.fields["field"]


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
    """Offline mode writes the PostgreSQL DDL of every revision, offices and triggers
    included, without a connection."""
    out = io.StringIO()
    config = alembic_config(url="postgresql+psycopg://nobody@127.0.0.1:1/none")
    config.stdout = out
    with contextlib.redirect_stdout(out):
        command.upgrade(config, "head", sql=True)
    text = out.getvalue()
    assert "CREATE TABLE sv_matters" in text
    assert "CREATE TABLE sv_offices" in text
    assert "CREATE TRIGGER sv_events_no_update_delete" in text
    assert "supervision_alembic_version" in text


def _matters_stored_before_0003_are_due_after_it(url: str) -> None:
    upgrade(url, "0002")
    matter, _event = sample_matter("m-old", 1)
    row = _rows.matter_row(matter)
    body = json.loads(row["body"])
    del body["office_id"], body["policy"]  # as a matter stored before revision 0004
    row = {k: v for k, v in row.items()
           if k not in ("wake_at", "office_id", "confidential", "facts")}
    row["body"] = _rows.dumps(body)
    columns = tables().matters.c
    old_matters = sa.table("sv_matters", *(sa.column(k, columns[k].type) for k in row))
    engine = create_engine(url)
    try:
        with engine.begin() as connection:
            connection.execute(old_matters.insert(), [row])
        upgrade(url, default_office=DefaultOffice(OFFICE, "池州经开区督查室", "chizhou-2021"))
        with SqlAlchemyUnitOfWork(engine) as uow:
            assert [(WAKE_UNKNOWN, "m-old")] == uow.matters.wake_due(
                before=dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
            )
            assert matter == uow.matters.get("m-old")
    finally:
        engine.dispose()


def test_migration_0003_makes_every_stored_matter_due_once(empty_url: str) -> None:
    """A matter stored before the wakes existed has an unknown wake after 0003: the next
    sweep looks at it (and after 0004 it reads back as stored, in the default office)."""
    _matters_stored_before_0003_are_due_after_it(empty_url)


def _store_before_0008(url: str, prefix: str, schema: str | None) -> list[Any]:
    """Matters stored (raw rows) in a database at revision 0006: no facts yet."""
    from supervision.domain.lifecycle import Status
    from supervision.domain.model import DueDate

    upgrade(url, "0006_outbox", table_prefix=prefix, schema=schema)
    plain, _ = sample_matter("m-1", 1)
    other, _ = sample_matter("m-2", 2, unit_id="u-2")
    day = dt.date(2026, 3, 20)
    dispatched = attrs.evolve(
        sample_matter("m-3", 3)[0], status=Status.IN_PROGRESS, version=2,
        dispatched_at=dt.datetime(2026, 3, 3, 9, tzinfo=dt.UTC),
        due=DueDate(day, day, dt.datetime(2026, 3, 20, 16, tzinfo=dt.UTC), False))
    matters = [plain, other, dispatched]
    columns = tables(prefix, schema).matters.c
    rows = [_rows.matter_row(m) for m in matters]
    stored = sa.table(f"{prefix}matters", *(sa.column(k, columns[k].type) for k in rows[0]),
                      schema=schema)
    a = tables(prefix, schema).assignments.c
    assigned = sa.table(f"{prefix}assignments", sa.column("matter_id", a.matter_id.type),
                        sa.column("unit_id", a.unit_id.type), sa.column("role", a.role.type),
                        schema=schema)
    engine = create_engine(url)
    try:
        with engine.begin() as connection:
            connection.execute(stored.insert(), rows)
            connection.execute(assigned.insert(),
                               [r for m in matters for r in _rows.assignment_rows(m)])
    finally:
        engine.dispose()
    return matters


def _facts_back_filled(url: str, prefix: str, schema: str | None) -> None:
    from supervision.adapters.sqlalchemy._facts import facts_text
    from supervision.domain.statistics import matter_facts

    matters = _store_before_0008(url, prefix, schema)
    upgrade(url, table_prefix=prefix, schema=schema)
    engine = create_engine(url)
    try:
        f = tables(prefix, schema).matter_facts
        with engine.connect() as connection:
            stored = {r.matter_id: (r.office_id, r.version, r.facts)
                      for r in connection.execute(sa.select(f))}
        assert {m.id: (m.office_id, m.version, facts_text(m)) for m in matters} == stored
        with SqlAlchemyUnitOfWork(engine, table_prefix=prefix, schema=schema) as uow:
            listed = uow.matters.list(offices=None)
            assert [(matter_facts(m), None) for m in listed] == uow.matters.facts(offices=None)
            assert {m.id for m in matters} == {m.id for m in listed}
    finally:
        engine.dispose()


@pytest.mark.parametrize("prefix", ["sv_", "dc_"])
def test_migration_0008_back_fills_the_facts_of_every_stored_matter(
        empty_url: str, prefix: str) -> None:
    """Matters stored before revision 0008 get their facts (``matter_facts`` rows exactly as
    the library writes them, read back as each matter's own facts), under the default and a
    custom table prefix."""
    _facts_back_filled(empty_url, prefix, None)


@pytest.mark.postgres
def test_migration_0008_back_fills_the_facts_in_a_postgres_schema(
        empty_postgres_url: str) -> None:
    """The same in a PostgreSQL schema."""
    _facts_back_filled(empty_postgres_url, "sv_", "supervision")


def test_migration_0008_back_fills_each_matters_latest_event(empty_url: str) -> None:
    """Matters stored with their events by the library, their facts dropped (downgrade to
    0006) and the migration run again: each facts row holds the instant of the matter's
    event of its version, and the facts read back as the matters' own."""
    from supervision.adapters.sqlalchemy._facts import facts_text
    from supervision.domain.statistics import matter_facts

    upgrade(empty_url, default_office=DefaultOffice(OFFICE, "池州经开区督查室", "chizhou-2021"))
    pairs = [sample_matter(f"m-{i}", i) for i in range(1, 4)]
    engine = create_engine(empty_url)
    try:
        with SqlAlchemyUnitOfWork(engine) as uow:
            uow.matters.add_many([m for m, _e in pairs])
            uow.events.append([e for _m, e in pairs])
            uow.commit()
        with engine.begin() as connection:
            command.downgrade(alembic_config(connection), "0006_outbox")
        assert "sv_matter_facts" not in _table_names(engine)
        upgrade(engine)
        f = tables().matter_facts
        with engine.connect() as connection:
            stored = {r.matter_id: (r.version, r.event_at, r.facts)
                      for r in connection.execute(sa.select(f))}
        assert {m.id: (m.version, e.occurred_at, facts_text(m)) for m, e in pairs} == stored
        with SqlAlchemyUnitOfWork(engine) as uow:
            assert [(matter_facts(m), e.occurred_at) for m, e in pairs] == uow.matters.facts(
                offices=None)
    finally:
        engine.dispose()
