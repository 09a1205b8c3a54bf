"""Offices: every matter, unit, escalation, score entry and number sequence belongs to one
office, and a matter records the policy it lives under.

New tables ``offices`` and ``office_events`` (append-only). ``office_id`` on matters (with the
per-office registration-number constraint), units (keyed by office and id), number sequences
(per office, prefix and year), escalations and score entries; ``confidential`` on matters for
filtered queries.

A database written by release 0.1.0 holds one office's matters without saying whose: it is
moved into one default office whose policy is given explicitly by the upgrade (``supervision
db upgrade URL --office ID --office-name NAME --policy NAME``), never guessed. Each stored
matter, unit, escalation and score entry gets that office, and each matter that policy with
its exact parameters. The events and their hash chain are not touched.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01
"""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa
from alembic import context, op

from supervision.adapters.sqlalchemy._migration_names import Names, names
from supervision.adapters.sqlalchemy._migrations import DefaultOfficeRequired
from supervision.adapters.sqlalchemy._schema import UTCDateTime
from supervision.exceptions import SupervisionError

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | None = None
depends_on: str | None = None


def _dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _rewrite(n: Names, base: str, key: str, extra: dict[str, Any]) -> None:
    """Add ``extra`` to the JSON body of every row of ``base`` (keyed by ``key``)."""
    table = sa.table(n.t(base), sa.column(key, sa.String), sa.column("body", sa.Text),
                     sa.column("office_id", sa.String), schema=n.schema)
    bind = op.get_bind()
    rows = bind.execute(sa.select(table.c[key], table.c.body)).all()
    for row_key, body in rows:
        data = json.loads(body)
        data.update(extra)
        bind.execute(
            table.update().where(table.c[key] == row_key)
            .values(body=_dumps(data), office_id=extra["office_id"])
        )


def upgrade() -> None:
    n = names()
    bind = op.get_bind()
    matters_table = sa.table(n.t("matters"), sa.column("id", sa.String), schema=n.schema)
    # offline (``--sql``, DDL for a DBA) there are no rows to read: the SQL is for a database
    # without matters; adopting a 0.1.0 database's rows runs online
    count = 0 if context.is_offline_mode() else bind.execute(
        sa.select(sa.func.count()).select_from(matters_table)).scalar_one()
    office: dict[str, Any] | None = context.config.attributes.get("supervision.default_office")
    if count and office is None:
        raise DefaultOfficeRequired(int(count))

    op.create_table(
        n.t("offices"),
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=n.pk("offices")),
        **n.kw,
    )
    op.create_table(
        n.t("office_events"),
        sa.Column("office_id", sa.String(length=64), nullable=False),
        sa.Column("version", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("office_id", "version", name=n.pk("office_events")),
        **n.kw,
    )
    for statement in n.append_only("office_events"):
        op.execute(statement)

    office_id = "" if office is None else str(office["id"])
    # ---- matters
    op.add_column(n.t("matters"), sa.Column("office_id", sa.String(length=64), nullable=True),
                  **n.kw)
    op.add_column(n.t("matters"), sa.Column("confidential", sa.Boolean(), nullable=True), **n.kw)
    if count:
        assert office is not None
        table = sa.table(n.t("matters"), sa.column("id", sa.String), sa.column("body", sa.Text),
                         sa.column("office_id", sa.String), sa.column("confidential", sa.Boolean),
                         schema=n.schema)
        for matter_id, body in bind.execute(sa.select(table.c.id, table.c.body)).all():
            data = json.loads(body)
            data["office_id"] = office_id
            data["policy"] = office["policy"]
            confidential = data.get("confidentiality", {}).get("kind", "none") != "none"
            bind.execute(table.update().where(table.c.id == matter_id).values(
                body=_dumps(data), office_id=office_id, confidential=confidential))
    with op.batch_alter_table(n.t("matters"), **n.kw) as batch:
        batch.alter_column("office_id", existing_type=sa.String(length=64), nullable=False)
        batch.alter_column("confidential", existing_type=sa.Boolean(), nullable=False)
        batch.drop_constraint(n.uq("matters", "number_prefix", "number_year", "number_seq"),
                              type_="unique")
        batch.create_unique_constraint(
            n.uq("matters", "office_id", "number_prefix", "number_year", "number_seq"),
            ["office_id", "number_prefix", "number_year", "number_seq"],
        )
        batch.drop_index(n.ix("matters", "lead_unit_id"))
        batch.create_index(n.ix("matters", "office_id", "registered_at"),
                           ["office_id", "registered_at"])
        batch.create_index(n.ix("matters", "office_id", "lead_unit_id"),
                           ["office_id", "lead_unit_id"])

    # ---- units: keyed by (office, id)
    op.add_column(n.t("units"), sa.Column("office_id", sa.String(length=64), nullable=True),
                  **n.kw)
    if office is not None:
        _rewrite(n, "units", "id", {"office_id": office_id})
    with op.batch_alter_table(n.t("units"), **n.kw) as batch:
        batch.alter_column("office_id", existing_type=sa.String(length=64), nullable=False)
        batch.drop_constraint(n.pk("units"), type_="primary")
        batch.create_primary_key(n.pk("units"), ["office_id", "id"])

    # ---- number sequences: per (office, prefix, year)
    op.add_column(n.t("number_sequences"),
                  sa.Column("office_id", sa.String(length=64), nullable=True), **n.kw)
    sequences = sa.table(n.t("number_sequences"), sa.column("office_id", sa.String),
                         schema=n.schema)
    op.execute(sequences.update().values(office_id=office_id))
    with op.batch_alter_table(n.t("number_sequences"), **n.kw) as batch:
        batch.alter_column("office_id", existing_type=sa.String(length=64), nullable=False)
        batch.drop_constraint(n.pk("number_sequences"), type_="primary")
        batch.create_primary_key(n.pk("number_sequences"), ["office_id", "prefix", "year"])

    # ---- escalations
    op.add_column(n.t("escalations"),
                  sa.Column("office_id", sa.String(length=64), nullable=True), **n.kw)
    if office is not None:
        _rewrite(n, "escalations", "key", {"office_id": office_id})
    with op.batch_alter_table(n.t("escalations"), **n.kw) as batch:
        batch.alter_column("office_id", existing_type=sa.String(length=64), nullable=False)
        batch.drop_index(n.ix("escalations", "unit_id", "due_at"))
        batch.drop_index(n.ix("escalations", "due_at"))
        batch.create_index(n.ix("escalations", "office_id", "unit_id", "due_at"),
                           ["office_id", "unit_id", "due_at"])
        batch.create_index(n.ix("escalations", "office_id", "due_at"), ["office_id", "due_at"])

    # ---- score entries (append-only: the triggers step aside for this rewrite only)
    for statement in n.drop_append_only("score_entries"):
        op.execute(statement)
    op.add_column(n.t("score_entries"),
                  sa.Column("office_id", sa.String(length=64), nullable=True), **n.kw)
    if office is not None:
        _rewrite(n, "score_entries", "key", {"office_id": office_id})
    with op.batch_alter_table(n.t("score_entries"), **n.kw) as batch:
        batch.alter_column("office_id", existing_type=sa.String(length=64), nullable=False)
        batch.drop_index(n.ix("score_entries", "unit_id", "period"))
        batch.drop_index(n.ix("score_entries", "period"))
        batch.create_index(n.ix("score_entries", "office_id", "unit_id", "period"),
                           ["office_id", "unit_id", "period"])
        batch.create_index(n.ix("score_entries", "office_id", "period"),
                           ["office_id", "period"])
    for statement in n.append_only("score_entries"):
        op.execute(statement)

    # ---- the default office itself, and its first event
    if office is not None:
        offices = sa.table(n.t("offices"), sa.column("id", sa.String), sa.column("name", sa.Text),
                           sa.column("version", sa.Integer), sa.column("body", sa.Text),
                           schema=n.schema)
        bind.execute(offices.insert().values(id=office_id, name=office["name"], version=1,
                                             body=office["body"]))
        events = sa.table(n.t("office_events"), sa.column("office_id", sa.String),
                          sa.column("version", sa.Integer), sa.column("kind", sa.String),
                          sa.column("occurred_at", UTCDateTime),
                          sa.column("body", sa.Text), schema=n.schema)
        bind.execute(events.insert().values(office_id=office_id, version=1, kind="created",
                                            occurred_at=office["occurred_at"],
                                            body=office["event_body"]))


def downgrade() -> None:
    raise SupervisionError(
        "revision 0004 (offices) cannot be downgraded: the office of every record would be "
        "lost (督查机构归属不可撤销); restore a backup taken before the upgrade instead"
    )
