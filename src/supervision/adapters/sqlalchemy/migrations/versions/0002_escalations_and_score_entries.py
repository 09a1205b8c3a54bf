"""Escalations (unique by idempotency key, only a proposal's decision ever changes) and
append-only score entries with the matters they trace back to.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-21
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "escalations",
        sa.Column("key", sa.String(length=512), nullable=False),
        sa.Column("matter_id", sa.String(length=128), nullable=False),
        sa.Column("unit_id", sa.String(length=128), nullable=True),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("pending", sa.Boolean(), nullable=False),
        sa.Column("decided", sa.Boolean(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_escalations")),
    )
    op.create_index(op.f("ix_escalations_due_at"), "escalations", ["due_at"], unique=False)
    op.create_index(op.f("ix_escalations_matter_id"), "escalations", ["matter_id"], unique=False)
    op.create_index(
        op.f("ix_escalations_unit_id_due_at"), "escalations", ["unit_id", "due_at"], unique=False
    )
    op.create_table(
        "score_entries",
        sa.Column("key", sa.String(length=512), nullable=False),
        sa.Column("unit_id", sa.String(length=128), nullable=False),
        sa.Column("period", sa.String(length=32), nullable=False),
        sa.Column("points", sa.Numeric(precision=18, scale=6), nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("compensates", sa.String(length=512), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_score_entries")),
        sa.UniqueConstraint("compensates", name=op.f("uq_score_entries_compensates")),
    )
    op.create_index(op.f("ix_score_entries_period"), "score_entries", ["period"], unique=False)
    op.create_index(
        op.f("ix_score_entries_unit_id_period"),
        "score_entries",
        ["unit_id", "period"],
        unique=False,
    )
    op.create_table(
        "score_entry_matters",
        sa.Column("entry_key", sa.String(length=512), nullable=False),
        sa.Column("matter_id", sa.String(length=128), nullable=False),
        sa.ForeignKeyConstraint(
            ["entry_key"],
            ["score_entries.key"],
            name=op.f("fk_score_entry_matters_entry_key_score_entries"),
        ),
        sa.PrimaryKeyConstraint("entry_key", "matter_id", name=op.f("pk_score_entry_matters")),
    )
    op.create_index(
        op.f("ix_score_entry_matters_matter_id"), "score_entry_matters", ["matter_id"], unique=False
    )
    for table in ("score_entries", "score_entry_matters"):
        for statement in _append_only(table):
            op.execute(statement)


def _append_only(table: str) -> list[str]:
    """Triggers refusing UPDATE and DELETE (and TRUNCATE on PostgreSQL) on ``table``."""
    message = f"{table} is append-only (只可追加，不得修改或删除)"
    if op.get_bind().dialect.name == "postgresql":
        return [
            f"CREATE FUNCTION {table}_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN RAISE EXCEPTION '{message}' USING ERRCODE = 'restrict_violation'; END $$",
            f"CREATE TRIGGER {table}_no_update_delete BEFORE UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION {table}_append_only()",
            f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {table}_append_only()",
        ]
    return [
        f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} "
        f"BEGIN SELECT RAISE(ABORT, '{message}'); END",
        f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} "
        f"BEGIN SELECT RAISE(ABORT, '{message}'); END",
    ]


def downgrade() -> None:
    for table in ("score_entry_matters", "score_entries"):
        if op.get_bind().dialect.name == "postgresql":
            op.execute(f"DROP TRIGGER {table}_no_truncate ON {table}")
            op.execute(f"DROP TRIGGER {table}_no_update_delete ON {table}")
            op.execute(f"DROP FUNCTION {table}_append_only()")
        else:
            op.execute(f"DROP TRIGGER {table}_no_update")
            op.execute(f"DROP TRIGGER {table}_no_delete")
    op.drop_index(op.f("ix_score_entry_matters_matter_id"), table_name="score_entry_matters")
    op.drop_table("score_entry_matters")
    op.drop_index(op.f("ix_score_entries_unit_id_period"), table_name="score_entries")
    op.drop_index(op.f("ix_score_entries_period"), table_name="score_entries")
    op.drop_table("score_entries")
    op.drop_index(op.f("ix_escalations_unit_id_due_at"), table_name="escalations")
    op.drop_index(op.f("ix_escalations_matter_id"), table_name="escalations")
    op.drop_index(op.f("ix_escalations_due_at"), table_name="escalations")
    op.drop_table("escalations")
