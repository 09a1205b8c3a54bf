"""Initial schema: matters, assignments, units, the append-only hash-chained events with
their chain head, and number sequences.

Revision ID: 0001
Revises:
Create Date: 2026-11-21
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "event_chain",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("last_seq", sa.BigInteger(), nullable=False),
        sa.Column("last_hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event_chain")),
    )
    op.create_table(
        "events",
        sa.Column("seq", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("event_id", sa.String(length=256), nullable=False),
        sa.Column("matter_id", sa.String(length=128), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_events")),
        sa.UniqueConstraint("event_id", name=op.f("uq_events_event_id")),
        sa.UniqueConstraint("matter_id", "version", name=op.f("uq_events_matter_id_version")),
    )
    op.create_index(op.f("ix_events_occurred_at"), "events", ["occurred_at"], unique=False)
    op.create_table(
        "matters",
        sa.Column("id", sa.String(length=128), nullable=False),
        sa.Column("number_prefix", sa.String(length=64), nullable=False),
        sa.Column("number_year", sa.Integer(), nullable=False),
        sa.Column("number_seq", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("is_open", sa.Boolean(), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("sweep_due_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("lead_unit_id", sa.String(length=128), nullable=False),
        sa.Column("parent_id", sa.String(length=128), nullable=True),
        sa.Column("reinspection_of", sa.String(length=128), nullable=True),
        sa.Column("registered_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_matters")),
        sa.UniqueConstraint(
            "number_prefix",
            "number_year",
            "number_seq",
            name=op.f("uq_matters_number_prefix_number_year_number_seq"),
        ),
    )
    op.create_index(op.f("ix_matters_sweep_due_at"), "matters", ["sweep_due_at"], unique=False)
    op.create_index(op.f("ix_matters_is_open_id"), "matters", ["is_open", "id"], unique=False)
    op.create_index(op.f("ix_matters_lead_unit_id"), "matters", ["lead_unit_id"], unique=False)
    op.create_index(op.f("ix_matters_parent_id"), "matters", ["parent_id"], unique=False)
    op.create_index(op.f("ix_matters_registered_at"), "matters", ["registered_at"], unique=False)
    op.create_index(
        op.f("ix_matters_reinspection_of"), "matters", ["reinspection_of"], unique=False
    )
    op.create_index(op.f("ix_matters_status"), "matters", ["status"], unique=False)
    op.create_table(
        "number_sequences",
        sa.Column("prefix", sa.String(length=64), nullable=False),
        sa.Column("year", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("last", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("prefix", "year", name=op.f("pk_number_sequences")),
    )
    op.create_table(
        "units",
        sa.Column("id", sa.String(length=128), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("parent_id", sa.String(length=128), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_units")),
    )
    op.create_table(
        "assignments",
        sa.Column("matter_id", sa.String(length=128), nullable=False),
        sa.Column("unit_id", sa.String(length=128), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.ForeignKeyConstraint(
            ["matter_id"], ["matters.id"], name=op.f("fk_assignments_matter_id_matters")
        ),
        sa.PrimaryKeyConstraint("matter_id", "unit_id", name=op.f("pk_assignments")),
    )
    op.create_index(op.f("ix_assignments_unit_id"), "assignments", ["unit_id"], unique=False)
    op.bulk_insert(
        sa.table(
            "event_chain",
            sa.column("id", sa.Integer),
            sa.column("last_seq", sa.BigInteger),
            sa.column("last_hash", sa.String),
        ),
        [{"id": 1, "last_seq": 0, "last_hash": "0" * 64}],
    )
    for statement in _append_only("events"):
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
    op.drop_index(op.f("ix_assignments_unit_id"), table_name="assignments")
    op.drop_table("assignments")
    op.drop_table("units")
    op.drop_table("number_sequences")
    op.drop_index(op.f("ix_matters_status"), table_name="matters")
    op.drop_index(op.f("ix_matters_reinspection_of"), table_name="matters")
    op.drop_index(op.f("ix_matters_registered_at"), table_name="matters")
    op.drop_index(op.f("ix_matters_parent_id"), table_name="matters")
    op.drop_index(op.f("ix_matters_lead_unit_id"), table_name="matters")
    op.drop_index(op.f("ix_matters_is_open_id"), table_name="matters")
    op.drop_index(op.f("ix_matters_sweep_due_at"), table_name="matters")
    op.drop_table("matters")
    op.drop_index(op.f("ix_events_occurred_at"), table_name="events")
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER events_no_truncate ON events")
        op.execute("DROP TRIGGER events_no_update_delete ON events")
        op.execute("DROP FUNCTION events_append_only()")
    else:
        op.execute("DROP TRIGGER events_no_update")
        op.execute("DROP TRIGGER events_no_delete")
    op.drop_table("events")
    op.drop_table("event_chain")
