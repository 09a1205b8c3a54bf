"""Alembic environment for the supervision schema (run by
:func:`supervision.adapters.sqlalchemy.upgrade` or the ``supervision db upgrade`` command).

The library keeps its own history: its version table is ``supervision_alembic_version`` (in
the configured schema) unless configured otherwise, so a host's own Alembic history in the same
database is never read or written. The table prefix and schema come from the configuration
(see ``supervision.adapters.sqlalchemy._migration_names``).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import context

from supervision.adapters.sqlalchemy._engine import create_engine
from supervision.adapters.sqlalchemy._migration_names import names
from supervision.adapters.sqlalchemy._schema import tables

VERSION_TABLE = "supervision_alembic_version"


def _run(connection: sa.Connection) -> None:
    config = context.config
    n = names()
    version_table = (config.attributes.get("supervision.version_table")
                     or config.get_main_option("supervision.version_table") or VERSION_TABLE)
    if n.schema and connection.dialect.name == "postgresql":
        connection.exec_driver_sql(f"CREATE SCHEMA IF NOT EXISTS {n.schema}")
    context.configure(
        connection=connection,
        target_metadata=tables(n.prefix, n.schema).metadata,
        compare_type=True,
        version_table=version_table,
        version_table_schema=n.schema,
        include_schemas=bool(n.schema),
    )
    with context.begin_transaction():
        context.run_migrations()


def _main() -> None:
    config = context.config
    if context.is_offline_mode():
        n = names()
        context.configure(
            url=config.get_main_option("sqlalchemy.url"),
            target_metadata=tables(n.prefix, n.schema).metadata,
            literal_binds=True,
            version_table=config.get_main_option("supervision.version_table") or VERSION_TABLE,
            version_table_schema=n.schema,
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
