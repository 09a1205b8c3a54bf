"""Initial schema: matters, assignments, units, the append-only hash-chained events with
their chain head, and number sequences.

Table names carry the configured prefix (``sv_`` unless the host chose another) and live in
the configured schema; see ``supervision.adapters.sqlalchemy._migration_names``.

Revision ID: 0001
Revises:
Create Date: 2026-11-21
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from supervision.adapters.sqlalchemy._migration_names import names

revision: str = "0001"
down_revision: str | None = None
#: The library's branch: a host that merges these revisions into its own Alembic environment
#: upgrades them with ``alembic upgrade supervision@head``.
branch_labels: tuple[str, ...] | None = ("supervision",)
depends_on: str | None = None


def upgrade() -> None:
    n = names()
    op.create_table(
        n.t("event_chain"),
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("last_seq", sa.BigInteger(), nullable=False),
        sa.Column("last_hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=n.pk("event_chain")),
        **n.kw,
    )
    op.create_table(
        n.t("events"),
        sa.Column("seq", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("event_id", sa.String(length=256), nullable=False),
        sa.Column("matter_id", sa.String(length=128), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=n.pk("events")),
        sa.UniqueConstraint("event_id", name=n.uq("events", "event_id")),
        sa.UniqueConstraint("matter_id", "version", name=n.uq("events", "matter_id", "version")),
        **n.kw,
    )
    op.create_index(n.ix("events", "occurred_at"), n.t("events"), ["occurred_at"], **n.kw)
    op.create_table(
        n.t("matters"),
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
        sa.PrimaryKeyConstraint("id", name=n.pk("matters")),
        sa.UniqueConstraint(
            "number_prefix", "number_year", "number_seq",
            name=n.uq("matters", "number_prefix", "number_year", "number_seq"),
        ),
        **n.kw,
    )
    for columns in (("sweep_due_at",), ("is_open", "id"), ("lead_unit_id",), ("parent_id",),
                    ("registered_at",), ("reinspection_of",), ("status",)):
        op.create_index(n.ix("matters", *columns), n.t("matters"), list(columns), **n.kw)
    op.create_table(
        n.t("number_sequences"),
        sa.Column("prefix", sa.String(length=64), nullable=False),
        sa.Column("year", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("last", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("prefix", "year", name=n.pk("number_sequences")),
        **n.kw,
    )
    op.create_table(
        n.t("units"),
        sa.Column("id", sa.String(length=128), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("parent_id", sa.String(length=128), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=n.pk("units")),
        **n.kw,
    )
    op.create_table(
        n.t("assignments"),
        sa.Column("matter_id", sa.String(length=128), nullable=False),
        sa.Column("unit_id", sa.String(length=128), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.ForeignKeyConstraint(
            ["matter_id"], [n.ref("matters", "id")],
            name=n.fk("assignments", "matter_id", "matters"),
        ),
        sa.PrimaryKeyConstraint("matter_id", "unit_id", name=n.pk("assignments")),
        **n.kw,
    )
    op.create_index(n.ix("assignments", "unit_id"), n.t("assignments"), ["unit_id"], **n.kw)
    op.bulk_insert(
        sa.table(
            n.t("event_chain"),
            sa.column("id", sa.Integer),
            sa.column("last_seq", sa.BigInteger),
            sa.column("last_hash", sa.String),
            schema=n.schema,
        ),
        [{"id": 1, "last_seq": 0, "last_hash": "0" * 64}],
    )
    for statement in n.append_only("events"):
        op.execute(statement)


def downgrade() -> None:
    n = names()
    for statement in n.drop_append_only("events"):
        op.execute(statement)
    for table in ("assignments", "units", "number_sequences", "matters", "events",
                  "event_chain"):
        op.drop_table(n.t(table), **n.kw)
