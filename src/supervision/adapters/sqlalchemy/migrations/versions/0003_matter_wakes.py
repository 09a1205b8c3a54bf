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

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | None = None
depends_on: str | None = None

_UNKNOWN = dt.datetime(1970, 1, 1)


def upgrade() -> None:
    op.add_column("matters", sa.Column("wake_at", sa.DateTime(timezone=True), nullable=True))
    matters = sa.table("matters", sa.column("wake_at", sa.DateTime(timezone=True)))
    unknown = (
        _UNKNOWN.replace(tzinfo=dt.UTC)
        if op.get_bind().dialect.name == "postgresql"
        else _UNKNOWN
    )
    op.execute(matters.update().values(wake_at=unknown))
    op.create_index(op.f("ix_matters_wake_at_id"), "matters", ["wake_at", "id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_matters_wake_at_id"), table_name="matters")
    with op.batch_alter_table("matters") as batch:
        batch.drop_column("wake_at")
