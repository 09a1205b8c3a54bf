"""Revision 0007_change_numbers on both databases, under a table prefix and a PostgreSQL
schema: rows stored before it are numbered 0 and the counter starts at 0 under a fresh
epoch, so a reader that read everything at mark 0 reads only what is written after; down and
up again yields exactly the metadata."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from alembic import command
from sql_support import schema_differences

from supervision.adapters.sqlalchemy import (
    SqlAlchemyUnitOfWork,
    alembic_config,
    create_engine,
    tables,
    upgrade,
)
from supervision.testing.contract import OFFICE, sample_escalation, sample_matter, sample_office


def _store(engine: sa.Engine, matter_id: str, seq: int, *, prefix: str,
           schema: str | None) -> None:
    matter, event = sample_matter(matter_id, seq)
    with SqlAlchemyUnitOfWork(engine, table_prefix=prefix, schema=schema) as uow:
        uow.matters.add(matter)
        uow.events.append([event])
        uow.escalations.add_if_absent(sample_escalation(matter_id))
        uow.commit()


def _down_and_up(url: str, engine: sa.Engine, *, prefix: str, schema: str | None) -> None:
    upgrade(url, table_prefix=prefix, schema=schema)
    with SqlAlchemyUnitOfWork(engine, table_prefix=prefix, schema=schema) as uow:
        uow.offices.add(sample_office())
        uow.commit()
    _store(engine, "m-1", 1, prefix=prefix, schema=schema)
    with SqlAlchemyUnitOfWork(engine, table_prefix=prefix, schema=schema) as uow:
        epoch, number = uow.matters.change_mark()
    assert number > 0
    command.downgrade(alembic_config(url=url, table_prefix=prefix, schema=schema),
                      "0006_outbox")
    upgrade(url, table_prefix=prefix, schema=schema)
    assert [] == schema_differences(engine, tables(prefix, schema))
    with SqlAlchemyUnitOfWork(engine, table_prefix=prefix, schema=schema) as uow:
        back_filled = uow.matters.change_mark()
        assert (True, 0) == (back_filled[0] not in ("", epoch), back_filled[1])
        assert {"m-1": 1} == uow.matters.versions(offices=[OFFICE], unit_id="u-1")
        assert {} == uow.matters.unit_changes(office_id=OFFICE, unit_id="u-1", after=0)
        assert [] == uow.escalations.unit_changes(OFFICE, "u-1", after=0)
    _store(engine, "m-2", 2, prefix=prefix, schema=schema)
    with SqlAlchemyUnitOfWork(engine, table_prefix=prefix, schema=schema) as uow:
        assert {"m-2": 1} == uow.matters.unit_changes(office_id=OFFICE, unit_id="u-1",
                                                      after=0)
        assert ["m-2"] == [e.matter_id for e in uow.escalations.unit_changes(
            OFFICE, "u-1", after=0)]


def test_migration_0007_numbers_stored_rows_zero_under_a_prefix(empty_url: str) -> None:
    """Under prefix dc_: stored rows get number 0, the counter 0 and a new epoch; what is
    written after is read after mark 0; the schema equals the metadata again."""
    engine = create_engine(empty_url)
    try:
        _down_and_up(empty_url, engine, prefix="dc_", schema=None)
    finally:
        engine.dispose()


@pytest.mark.postgres
def test_migration_0007_numbers_stored_rows_zero_in_a_schema(empty_postgres_url: str) -> None:
    """The same in a PostgreSQL schema."""
    engine = create_engine(empty_postgres_url)
    try:
        _down_and_up(empty_postgres_url, engine, prefix="sv_", schema="supervision")
    finally:
        engine.dispose()
