"""Alembic migrations shipped inside the package, runnable from code.

    from supervision.adapters.sqlalchemy import upgrade
    upgrade("postgresql+psycopg://app@db.example/supervision")   # to the newest revision

or from a shell: ``python -m supervision.adapters.sqlalchemy upgrade URL``. The migration
scripts live in ``supervision/adapters/sqlalchemy/migrations/versions``.
"""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from supervision.exceptions import InvalidInput

from ._engine import create_engine
from ._errors import translate

__all__ = ["MIGRATIONS", "alembic_config", "current_revision", "head_revision", "upgrade"]

#: The Alembic script directory inside the package.
MIGRATIONS = Path(__file__).with_name("migrations")


def alembic_config(connection: sa.Connection | None = None, url: str | None = None) -> Config:
    """An Alembic :class:`~alembic.config.Config` for the shipped migrations; with a
    ``connection`` the migrations run on it (inside its transaction)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS).replace("%", "%%"))
    if url is not None:
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    config.attributes["connection"] = connection
    return config


def _engine(target: str | sa.URL | sa.Engine) -> tuple[sa.Engine, bool]:
    if isinstance(target, sa.Engine):
        return target, False
    if isinstance(target, str | sa.URL):
        return create_engine(target), True
    raise InvalidInput("url", "a database URL or a sqlalchemy.Engine", target)


def upgrade(url: str | sa.URL | sa.Engine, revision: str = "head") -> None:
    """Migrate the database at ``url`` (or on an engine) to ``revision`` (the newest by
    default), in one transaction: an empty database gets the whole schema."""
    engine, owned = _engine(url)
    try:
        with engine.begin() as connection:
            command.upgrade(alembic_config(connection), revision)
    except sa.exc.SQLAlchemyError as error:
        raise translate(error, f"migrating the database to {revision}") from error
    finally:
        if owned:
            engine.dispose()


def current_revision(url: str | sa.URL | sa.Engine) -> str | None:
    """The revision the database is at (None for an empty database)."""
    engine, owned = _engine(url)
    try:
        with engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()
    finally:
        if owned:
            engine.dispose()


def head_revision() -> str:
    """The newest revision the package ships."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head
