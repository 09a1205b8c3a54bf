"""A matter's facts beside it: the ``matter_facts`` table (``statistics.matter_facts`` of
each matter as compact JSON, written with the matter in its transaction from now on),
back-filled from every stored body, so the scorecard and the figures judge a matter without
decoding it.

A matter whose body does not decode gets no facts row: the reader decodes the body, as it
always did, and reports the same error. Facts are never trusted beyond their format and the
matter's version, so a matter left without them, or changed by an older library, reads as
before.

Revision ID: 0008_matter_facts
Revises: 0007_change_numbers
Create Date: 2026-12-02
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import context, op

from supervision.adapters.sqlalchemy._migration_names import names
from supervision.adapters.sqlalchemy._schema import UTCDateTime
from supervision.exceptions import SupervisionError

revision: str = "0008_matter_facts"
down_revision: str | None = "0007_change_numbers"
branch_labels: str | None = None
depends_on: str | None = None

_PAGE = 500


def upgrade() -> None:
    n = names()
    op.create_table(
        n.t("matter_facts"),
        sa.Column("matter_id", sa.String(length=128), nullable=False),
        sa.Column("office_id", sa.String(length=64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("event_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("facts", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["matter_id"], [n.ref("matters", "id")],
                                name=n.fk("matter_facts", "matter_id", "matters")),
        sa.PrimaryKeyConstraint("matter_id", name=n.pk("matter_facts")),
        **n.kw,
    )
    op.create_index(n.ix("matter_facts", "office_id"), n.t("matter_facts"), ["office_id"],
                    **n.kw)
    if context.is_offline_mode():
        return  # no rows to read: the facts of rows stored meanwhile are derived on reading
    from supervision._stored import from_stored_json
    from supervision.adapters.sqlalchemy._facts import facts_text
    from supervision.domain.model import Matter

    bind = op.get_bind()
    table = sa.table(n.t("matters"), sa.column("id", sa.String), sa.column("version"),
                     sa.column("body", sa.Text), schema=n.schema)
    facts = sa.table(n.t("matter_facts"), sa.column("matter_id", sa.String),
                     sa.column("office_id", sa.String), sa.column("version", sa.Integer),
                     sa.column("event_at", UTCDateTime()), sa.column("facts", sa.Text),
                     schema=n.schema)
    events = sa.table(n.t("events"), sa.column("matter_id", sa.String),
                      sa.column("version", sa.Integer),
                      sa.column("occurred_at", UTCDateTime()), schema=n.schema)
    after = ""
    while True:
        rows = bind.execute(
            sa.select(table.c.id, table.c.version, table.c.body)
            .where(table.c.id > after).order_by(table.c.id).limit(_PAGE)
        ).all()
        if not rows:
            return
        # each matter's event of the highest version: its instant counts when it is the
        # event of the matter's version (no later event exists)
        latest: dict[str, tuple[int, Any]] = {}
        for matter_id, version, at in bind.execute(
                sa.select(events.c.matter_id, events.c.version, events.c.occurred_at)
                .where(events.c.matter_id.in_([r[0] for r in rows]))):
            if matter_id not in latest or version > latest[matter_id][0]:
                latest[matter_id] = (version, at)
        found = []
        for matter_id, version, body in rows:
            try:
                matter = from_stored_json(Matter, body)
            except SupervisionError:
                continue
            if matter.version == version:
                last = latest.get(matter_id)
                found.append({"matter_id": matter_id, "office_id": matter.office_id,
                              "version": version,
                              "event_at": last[1] if last and last[0] == version else None,
                              "facts": facts_text(matter)})
        if found:
            bind.execute(facts.insert(), found)
        after = rows[-1][0]


def downgrade() -> None:
    n = names()
    op.drop_index(n.ix("matter_facts", "office_id"), table_name=n.t("matter_facts"), **n.kw)
    op.drop_table(n.t("matter_facts"), **n.kw)
