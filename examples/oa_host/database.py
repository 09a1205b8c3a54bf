"""The host's database: its own tables and Alembic history, and the library's beside them.

One deployment step runs both (``migrate``): first the host's own Alembic history (its
``alembic_version`` table, revision ``h001``), then the library's ``upgrade()``, which keeps
its tables under the ``sv_`` prefix and its history in ``supervision_alembic_version``, so
neither ever reads or writes the other's.
"""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config

from supervision.adapters.sqlalchemy import upgrade

#: The host's Alembic scripts (env.py and versions/ beside this file).
HOST_MIGRATIONS = Path(__file__).with_name("migrations")

host_metadata = sa.MetaData()
#: The OA system's users and their sign-on tokens (a real system has its SSO here).
users = sa.Table(
    "oa_users", host_metadata,
    sa.Column("token", sa.String(64), primary_key=True),
    sa.Column("person_id", sa.String(128), nullable=False),
    sa.Column("name", sa.String(64), nullable=False),
    sa.Column("office_id", sa.String(64), nullable=False),
    sa.Column("roles", sa.String(256), nullable=False),
    sa.Column("unit_id", sa.String(128), nullable=True),
)
#: The incoming-document register (收文登记): each document number once, with its matter.
documents = sa.Table(
    "oa_documents", host_metadata,
    sa.Column("number", sa.String(64), primary_key=True),
    sa.Column("matter_id", sa.String(128), nullable=False),
    sa.Column("received_by", sa.String(128), nullable=False),
)


def host_alembic_config(url: str) -> Config:
    """The host's own Alembic configuration (what its ``alembic.ini`` would say)."""
    config = Config()
    config.set_main_option("script_location", str(HOST_MIGRATIONS))
    config.set_main_option("path_separator", "os")
    config.set_main_option("sqlalchemy.url", url)
    return config


def migrate(url: str) -> None:
    """The deployment step: the host's migrations, then the library's, each with its own
    history. Safe to run on every deployment."""
    command.upgrade(host_alembic_config(url), "head")
    upgrade(url)
