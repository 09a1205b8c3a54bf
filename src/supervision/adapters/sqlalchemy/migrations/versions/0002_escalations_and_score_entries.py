"""Escalations (unique by idempotency key, only a proposal's decision ever changes) and
append-only score entries with the matters they trace back to.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-21
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from supervision.adapters.sqlalchemy._migration_names import names

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    n = names()
    op.create_table(
        n.t("escalations"),
        sa.Column("key", sa.String(length=512), nullable=False),
        sa.Column("matter_id", sa.String(length=128), nullable=False),
        sa.Column("unit_id", sa.String(length=128), nullable=True),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("pending", sa.Boolean(), nullable=False),
        sa.Column("decided", sa.Boolean(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=n.pk("escalations")),
        **n.kw,
    )
    for columns in (("due_at",), ("matter_id",), ("unit_id", "due_at")):
        op.create_index(n.ix("escalations", *columns), n.t("escalations"), list(columns),
                        **n.kw)
    op.create_table(
        n.t("score_entries"),
        sa.Column("key", sa.String(length=512), nullable=False),
        sa.Column("unit_id", sa.String(length=128), nullable=False),
        sa.Column("period", sa.String(length=32), nullable=False),
        sa.Column("points", sa.Numeric(precision=18, scale=6), nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("compensates", sa.String(length=512), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=n.pk("score_entries")),
        sa.UniqueConstraint("compensates", name=n.uq("score_entries", "compensates")),
        **n.kw,
    )
    for columns in (("period",), ("unit_id", "period")):
        op.create_index(n.ix("score_entries", *columns), n.t("score_entries"), list(columns),
                        **n.kw)
    op.create_table(
        n.t("score_entry_matters"),
        sa.Column("entry_key", sa.String(length=512), nullable=False),
        sa.Column("matter_id", sa.String(length=128), nullable=False),
        sa.ForeignKeyConstraint(
            ["entry_key"], [n.ref("score_entries", "key")],
            name=n.fk("score_entry_matters", "entry_key", "score_entries"),
        ),
        sa.PrimaryKeyConstraint("entry_key", "matter_id", name=n.pk("score_entry_matters")),
        **n.kw,
    )
    op.create_index(n.ix("score_entry_matters", "matter_id"), n.t("score_entry_matters"),
                    ["matter_id"], **n.kw)
    for table in ("score_entries", "score_entry_matters"):
        for statement in n.append_only(table):
            op.execute(statement)


def downgrade() -> None:
    n = names()
    for table in ("score_entry_matters", "score_entries"):
        for statement in n.drop_append_only(table):
            op.execute(statement)
    for table in ("score_entry_matters", "score_entries", "escalations"):
        op.drop_table(n.t(table), **n.kw)
