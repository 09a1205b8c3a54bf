"""SQL storage on SQLite or PostgreSQL (SQLAlchemy 2 Core), with Alembic migrations.

Install the extra: ``pip install 'supervision-duban[sql]'`` (and ``[postgres]`` for the
PostgreSQL driver). ``import supervision`` never imports this package.

    from supervision.adapters.sqlalchemy import SqlAlchemyUnitOfWork, create_engine, upgrade

    upgrade("sqlite:///supervision.db")           # create or migrate the schema (tables sv_*)
    engine = create_engine("sqlite:///supervision.db")
    with SqlAlchemyUnitOfWork(engine) as uow:
        ...
        uow.commit()

Most hosts never touch this directly: :func:`supervision.bootstrap` takes a URL or an engine.
See docs/storage.md: the table prefix or schema, the library's own version table, running
migrations beside a host's or inside its Alembic environment, joining a host's transaction.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

try:
    import sqlalchemy
except ImportError as error:  # pragma: no cover - exercised in a venv without the extra
    raise ImportError(
        "supervision.adapters.sqlalchemy needs SQLAlchemy and Alembic: "
        "pip install 'supervision-duban[sql]'"
    ) from error

from ._audit import ChainCheck, export_head, verify
from ._engine import create_engine, is_prepared, prepare
from ._query import (
    MatterPage,
    MatterQuery,
    UnitCounts,
    ledger_counts,
    query_matters,
    score_totals,
)
from ._schema import DEFAULT_PREFIX, Tables, metadata, tables
from ._uow import SqlAlchemyUnitOfWork

__all__ = [
    "DEFAULT_PREFIX",
    "MIGRATIONS",
    "VERSION_TABLE",
    "ChainCheck",
    "DefaultOffice",
    "DefaultOfficeRequired",
    "MatterPage",
    "MatterQuery",
    "SqlAlchemyUnitOfWork",
    "Tables",
    "UnitCounts",
    "alembic_config",
    "create_engine",
    "current_revision",
    "export_head",
    "head_revision",
    "is_prepared",
    "ledger_counts",
    "metadata",
    "prepare",
    "query_matters",
    "score_totals",
    "tables",
    "upgrade",
    "verify",
]

del sqlalchemy

if TYPE_CHECKING:
    from ._migrations import (
        MIGRATIONS,
        VERSION_TABLE,
        DefaultOffice,
        DefaultOfficeRequired,
        alembic_config,
        current_revision,
        head_revision,
        upgrade,
    )


def __getattr__(name: str) -> object:
    # migrations (and so Alembic) load only when asked for: importing the adapter to run a
    # unit of work does not import Alembic
    if name in ("MIGRATIONS", "VERSION_TABLE", "DefaultOffice", "DefaultOfficeRequired",
                "alembic_config", "current_revision", "head_revision", "upgrade"):
        from . import _migrations

        return getattr(_migrations, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
