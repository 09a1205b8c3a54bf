"""The keyed chain of records (issue 10.5): escalations, decisions and score entries join the
events' hash chain, every link records the key it was signed with, and the chain head carries
an HMAC.

New: ``key_id`` on ``events`` (NULL: legacy, unkeyed), ``key_id`` and ``mac`` on the chain
head ``event_chain``, and the append-only table ``chain_records``: one link per escalation
issued, decision recorded and score entry added (kind, key, SHA-256 of the record's JSON
text), numbered in one sequence with the events.

Existing rows are upgraded: every stored escalation and score entry gets an unkeyed link after
the last event (in key order), so ``verify`` checks them from now on; they and the events
before this revision stay verifiable as "legacy, unkeyed" and are reported as such. Links
appended with a key (``chain_key=`` on the unit of work or ``bootstrap``) are HMACs.

Revision ID: 0005_keyed_chain
Revises: 0004
Create Date: 2026-12-01
"""

from __future__ import annotations

import hashlib

import sqlalchemy as sa
from alembic import context, op

from supervision.adapters.sqlalchemy._migration_names import Names, names
from supervision.exceptions import SupervisionError

revision: str = "0005_keyed_chain"
down_revision: str | None = "0004"
branch_labels: str | None = None
depends_on: str | None = None


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _chain_existing_records(n: Names) -> None:
    """An unkeyed link for every stored escalation and score entry, after the head."""
    bind = op.get_bind()
    head = sa.table(n.t("event_chain"), sa.column("id", sa.Integer),
                    sa.column("last_seq", sa.BigInteger), sa.column("last_hash", sa.String),
                    schema=n.schema)
    found = bind.execute(sa.select(head.c.last_seq, head.c.last_hash)
                         .where(head.c.id == 1)).first()
    if found is None:
        return
    seq, prev = int(found.last_seq), str(found.last_hash)
    links = sa.table(n.t("chain_records"), sa.column("seq", sa.BigInteger),
                     sa.column("kind", sa.String), sa.column("ref", sa.String),
                     sa.column("digest", sa.String), sa.column("key_id", sa.String),
                     sa.column("prev_hash", sa.String), sa.column("hash", sa.String),
                     schema=n.schema)
    rows = []
    for kind, base in (("escalation", "escalations"), ("score", "score_entries")):
        table = sa.table(n.t(base), sa.column("key", sa.String), sa.column("body", sa.Text),
                         schema=n.schema)
        for key, body in bind.execute(sa.select(table.c.key, table.c.body)
                                      .order_by(table.c.key)):
            seq += 1
            digest = _sha256(str(body))
            hashed = _sha256(f"{seq}\x1f{prev}\x1f{kind}\x1f{key}\x1f{digest}")
            rows.append({"seq": seq, "kind": kind, "ref": key, "digest": digest,
                         "key_id": None, "prev_hash": prev, "hash": hashed})
            prev = hashed
    if rows:
        bind.execute(links.insert(), rows)
        bind.execute(head.update().where(head.c.id == 1).values(last_seq=seq, last_hash=prev))


def upgrade() -> None:
    n = names()
    op.add_column(n.t("events"), sa.Column("key_id", sa.String(length=64), nullable=True),
                  **n.kw)
    op.add_column(n.t("event_chain"), sa.Column("key_id", sa.String(length=64), nullable=True),
                  **n.kw)
    op.add_column(n.t("event_chain"), sa.Column("mac", sa.String(length=64), nullable=True),
                  **n.kw)
    op.create_table(
        n.t("chain_records"),
        sa.Column("seq", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("ref", sa.String(length=512), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("key_id", sa.String(length=64), nullable=True),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=n.pk("chain_records")),
        **n.kw,
    )
    op.create_index(n.ix("chain_records", "kind", "ref"), n.t("chain_records"),
                    ["kind", "ref"], **n.kw)
    for statement in n.append_only("chain_records"):
        op.execute(statement)
    # offline (``--sql``) there are no rows to read: the SQL is for a database without records
    if not context.is_offline_mode():
        _chain_existing_records(n)


def downgrade() -> None:
    raise SupervisionError(
        "revision 0005 (keyed chain) cannot be downgraded: events written since interleave "
        "with the links of escalations and score entries, so the chain before 0005 would no "
        "longer verify (链记录不可撤销); restore a backup taken before the upgrade instead"
    )
