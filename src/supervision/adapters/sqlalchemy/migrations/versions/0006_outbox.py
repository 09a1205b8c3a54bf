"""The outbox and 复核: ``notices`` (one row per notice, its delivery state in columns, the
``(due_at, key)`` index the delivery workers claim through), ``notice_attempts`` (every
attempt, keyed by notice and number) and ``objections`` (复核申请, versioned, with the
``(open, answer_due_at)`` index the sweep's overdue query uses). New tables only: nothing
stored before is touched.

Revision ID: 0006_outbox
Revises: 0004 (the lead re-chains it after 0005_keyed_chain at merge)
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from supervision.adapters.sqlalchemy._migration_names import names

revision: str = "0006_outbox"
down_revision: str | None = "0005_keyed_chain"
branch_labels: str | None = None
depends_on: str | None = None

_KEY = 512
_OBJECTION_ID = _KEY + 160
_WORKER = 200


def upgrade() -> None:
    n = names()
    op.create_table(
        n.t("notices"),
        sa.Column("key", sa.String(length=_KEY), nullable=False),
        sa.Column("office_id", sa.String(length=64), nullable=False),
        sa.Column("matter_id", sa.String(length=128), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("claimed_by", sa.String(length=_WORKER), nullable=True),
        sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=False),
        sa.Column("receipt", sa.Text(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=n.pk("notices")),
        **n.kw,
    )
    op.create_index(n.ix("notices", "due_at", "key"), n.t("notices"), ["due_at", "key"],
                    **n.kw)
    op.create_index(n.ix("notices", "matter_id"), n.t("notices"), ["matter_id"], **n.kw)
    op.create_index(n.ix("notices", "office_id", "created_at"), n.t("notices"),
                    ["office_id", "created_at"], **n.kw)
    op.create_table(
        n.t("notice_attempts"),
        sa.Column("notice_key", sa.String(length=_KEY), nullable=False),
        sa.Column("number", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("worker", sa.String(length=_WORKER), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("outcome", sa.String(length=16), nullable=True),
        sa.Column("error", sa.Text(), nullable=False),
        sa.Column("receipt", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["notice_key"], [n.ref("notices", "key")],
                                name=n.fk("notice_attempts", "notice_key", "notices")),
        sa.PrimaryKeyConstraint("notice_key", "number", name=n.pk("notice_attempts")),
        **n.kw,
    )
    op.create_table(
        n.t("objections"),
        sa.Column("id", sa.String(length=_OBJECTION_ID), nullable=False),
        sa.Column("office_id", sa.String(length=64), nullable=False),
        sa.Column("matter_id", sa.String(length=128), nullable=False),
        sa.Column("unit_id", sa.String(length=128), nullable=False),
        sa.Column("conclusion", sa.String(length=_KEY), nullable=False),
        sa.Column("open", sa.Boolean(), nullable=False),
        sa.Column("filed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("answer_due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=n.pk("objections")),
        **n.kw,
    )
    op.create_index(n.ix("objections", "matter_id"), n.t("objections"), ["matter_id"], **n.kw)
    op.create_index(n.ix("objections", "open", "answer_due_at"), n.t("objections"),
                    ["open", "answer_due_at"], **n.kw)
    op.create_index(n.ix("objections", "office_id", "filed_at"), n.t("objections"),
                    ["office_id", "filed_at"], **n.kw)


def downgrade() -> None:
    n = names()
    op.drop_table(n.t("objections"), **n.kw)
    op.drop_table(n.t("notice_attempts"), **n.kw)
    op.drop_table(n.t("notices"), **n.kw)
