"""The sweep's wake per matter: ``matters.wake_at`` with its ``(wake_at, id)`` index, so the
daily sweep selects only the matters due (unknown wakes are 1970-01-01: every matter stored
before this revision is looked at once by the next sweep).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-21
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from alembic import op

from supervision.adapters.sqlalchemy._migration_names import names

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | None = None
depends_on: str | None = None

_UNKNOWN = dt.datetime(1970, 1, 1)


def upgrade() -> None:
    n = names()
    op.add_column(n.t("matters"), sa.Column("wake_at", sa.DateTime(timezone=True),
                                            nullable=True), **n.kw)
    matters = sa.table(n.t("matters"), sa.column("wake_at", sa.DateTime(timezone=True)),
                       schema=n.schema)
    unknown = (
        _UNKNOWN.replace(tzinfo=dt.UTC)
        if op.get_bind().dialect.name == "postgresql"
        else _UNKNOWN
    )
    op.execute(matters.update().values(wake_at=unknown))
    op.create_index(n.ix("matters", "wake_at", "id"), n.t("matters"), ["wake_at", "id"],
                    **n.kw)


def downgrade() -> None:
    n = names()
    op.drop_index(n.ix("matters", "wake_at", "id"), table_name=n.t("matters"), **n.kw)
    with op.batch_alter_table(n.t("matters"), **n.kw) as batch:
        batch.drop_column("wake_at")
