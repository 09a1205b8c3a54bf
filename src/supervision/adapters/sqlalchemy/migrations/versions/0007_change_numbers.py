"""Change numbers for the consecutive-miss pass (``chizhou-2021 §8.2``): every commit that
writes matters or escalations takes the next number of the chain head's ``last_change``
(under the head's row lock, so numbers follow the commit order) and stamps it on the
matters' ``assignments`` rows and on the escalations (``change_seq``, indexed by unit); the
head also keeps ``last_departure`` (the last commit that took a unit off a matter) and a
``change_epoch`` naming the counter. Back-fill: every stored row gets number 0 and the
counter starts at 0 with a fresh epoch, so a reader that read everything once at number 0
reads only what changed after it.

Revision ID: 0007_change_numbers
Revises: 0006_outbox
Create Date: 2026-12-02
"""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from alembic import op

from supervision.adapters.sqlalchemy._migration_names import names

revision: str = "0007_change_numbers"
down_revision: str | None = "0006_outbox"
branch_labels: str | None = None
depends_on: str | None = None


def _number() -> sa.Column[int]:
    return sa.Column("change_seq", sa.BigInteger(), nullable=False, server_default="0")


def upgrade() -> None:
    n = names()
    op.add_column(n.t("assignments"), _number(), **n.kw)
    op.add_column(n.t("escalations"), _number(), **n.kw)
    for column in ("last_change", "last_departure"):
        op.add_column(n.t("event_chain"), sa.Column(column, sa.BigInteger(), nullable=False,
                                                    server_default="0"), **n.kw)
    op.add_column(n.t("event_chain"), sa.Column("change_epoch", sa.String(length=32),
                                                nullable=False, server_default=""), **n.kw)
    head = sa.table(n.t("event_chain"), sa.column("change_epoch", sa.String),
                    schema=n.schema)
    op.execute(head.update().values(change_epoch=uuid.uuid4().hex))
    op.create_index(n.ix("assignments", "unit_id", "change_seq"), n.t("assignments"),
                    ["unit_id", "change_seq"], **n.kw)
    op.create_index(n.ix("escalations", "office_id", "unit_id", "change_seq"),
                    n.t("escalations"), ["office_id", "unit_id", "change_seq"], **n.kw)


def downgrade() -> None:
    n = names()
    op.drop_index(n.ix("escalations", "office_id", "unit_id", "change_seq"),
                  table_name=n.t("escalations"), **n.kw)
    op.drop_index(n.ix("assignments", "unit_id", "change_seq"),
                  table_name=n.t("assignments"), **n.kw)
    with op.batch_alter_table(n.t("event_chain"), **n.kw) as batch:
        for column in ("change_epoch", "last_departure", "last_change"):
            batch.drop_column(column)
    for base in ("escalations", "assignments"):
        with op.batch_alter_table(n.t(base), **n.kw) as batch:
            batch.drop_column("change_seq")
