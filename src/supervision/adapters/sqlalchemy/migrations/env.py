"""Alembic environment for the supervision schema (run by
:func:`supervision.adapters.sqlalchemy.upgrade` or the ``alembic`` command)."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import context

from supervision.adapters.sqlalchemy._engine import create_engine
from supervision.adapters.sqlalchemy._schema import metadata


def _run(connection: sa.Connection) -> None:
    context.configure(connection=connection, target_metadata=metadata, compare_type=True)
    with context.begin_transaction():
        context.run_migrations()


def _main() -> None:
    config = context.config
    if context.is_offline_mode():
        context.configure(
            url=config.get_main_option("sqlalchemy.url"),
            target_metadata=metadata,
            literal_binds=True,
        )
        with context.begin_transaction():
            context.run_migrations()
        return
    connection = config.attributes.get("connection")
    if isinstance(connection, sa.Connection):
        _run(connection)
        return
    url = config.get_main_option("sqlalchemy.url")
    if not url:
        raise RuntimeError("set sqlalchemy.url, or run supervision.adapters.sqlalchemy.upgrade")
    engine = create_engine(url)
    try:
        with engine.begin() as own:
            _run(own)
    finally:
        engine.dispose()


_main()
