"""SQL storage on SQLite or PostgreSQL (SQLAlchemy 2 Core), with Alembic migrations.

Install the extra: ``pip install 'supervision[sql]'`` (and ``'supervision[postgres]'`` for the
PostgreSQL driver). ``import supervision`` never imports this package.

    from supervision.adapters.sqlalchemy import SqlAlchemyUnitOfWork, create_engine, upgrade

    upgrade("sqlite:///supervision.db")           # create or migrate the schema
    engine = create_engine("sqlite:///supervision.db")
    with SqlAlchemyUnitOfWork(engine) as uow:
        ...
        uow.commit()

See docs/storage.md: choosing and migrating a database, running migrations, time zones.
"""

from __future__ import annotations

try:
    import alembic
    import sqlalchemy
except ImportError as error:  # pragma: no cover - exercised in a venv without the extra
    raise ImportError(
        "supervision.adapters.sqlalchemy needs SQLAlchemy and Alembic: "
        "pip install 'supervision[sql]'"
    ) from error

from ._audit import ChainCheck, verify
from ._engine import create_engine
from ._migrations import alembic_config, current_revision, head_revision, upgrade
from ._query import (
    MatterPage,
    MatterQuery,
    UnitCounts,
    ledger_counts,
    query_matters,
    score_totals,
)
from ._schema import metadata
from ._uow import SqlAlchemyUnitOfWork

__all__ = [
    "ChainCheck",
    "MatterPage",
    "MatterQuery",
    "SqlAlchemyUnitOfWork",
    "UnitCounts",
    "alembic_config",
    "create_engine",
    "current_revision",
    "head_revision",
    "ledger_counts",
    "metadata",
    "query_matters",
    "score_totals",
    "upgrade",
    "verify",
]

del alembic, sqlalchemy
