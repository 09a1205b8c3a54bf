"""The host's own tables: its users (with their sign-on tokens) and its incoming-document
register (收文登记), which names the supervision matter a document became.

Revision ID: h001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "h001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "oa_users",
        sa.Column("token", sa.String(64), primary_key=True),
        sa.Column("person_id", sa.String(128), nullable=False),
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("office_id", sa.String(64), nullable=False),
        sa.Column("roles", sa.String(256), nullable=False),
        sa.Column("unit_id", sa.String(128), nullable=True),
    )
    op.create_table(
        "oa_documents",
        sa.Column("number", sa.String(64), primary_key=True),
        sa.Column("matter_id", sa.String(128), nullable=False),
        sa.Column("received_by", sa.String(128), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("oa_documents")
    op.drop_table("oa_users")
