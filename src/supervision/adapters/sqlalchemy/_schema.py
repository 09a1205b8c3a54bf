"""The tables, as SQLAlchemy Core: no mapping inside the domain classes.

Each aggregate is stored whole as JSON text (:mod:`supervision.serialization`) beside the
columns queries filter and sort on. Every instant is stored in UTC (:class:`UTCDateTime`):
PostgreSQL ``timestamptz``, SQLite ISO text in UTC, so both sort and compare the same way.
The event table is append-only (triggers refuse UPDATE and DELETE) and hash-chained; its
head lives in ``event_chain``.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Dialect

from supervision.exceptions import NaiveDatetime

__all__ = [
    "APPEND_ONLY_TABLES",
    "GENESIS_HASH",
    "ID_LENGTH",
    "KEY_LENGTH",
    "PREFIX_LENGTH",
    "UTCDateTime",
    "append_only_ddl",
    "assignments",
    "escalations",
    "event_chain",
    "events",
    "matters",
    "metadata",
    "number_sequences",
    "score_entries",
    "score_entry_matters",
    "units",
]

#: Longest id (matter, unit, person) the tables take; longer ids are refused before the DB.
ID_LENGTH = 128
#: Longest numbering prefix (机关代字).
PREFIX_LENGTH = 64

metadata = sa.MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)


class UTCDateTime(sa.types.TypeDecorator[_dt.datetime]):
    """An aware datetime stored as UTC; read back as an aware UTC datetime (the same instant).

    Naive datetimes are refused with :class:`~supervision.exceptions.NaiveDatetime`.
    """

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> _dt.datetime | None:
        if value is None:
            return None
        if not isinstance(value, _dt.datetime) or value.utcoffset() is None:
            raise NaiveDatetime("datetime column", value)
        utc = value.astimezone(_dt.UTC)
        return utc.replace(tzinfo=None) if dialect.name == "sqlite" else utc

    def process_result_value(self, value: Any, dialect: Dialect) -> _dt.datetime | None:
        if value is None:
            return None
        assert isinstance(value, _dt.datetime)
        if value.tzinfo is None:
            return value.replace(tzinfo=_dt.UTC)
        return value.astimezone(_dt.UTC)


def _id(name: str, *args: Any, **kwargs: Any) -> sa.Column[str]:
    return sa.Column(name, sa.String(ID_LENGTH), *args, **kwargs)


matters = sa.Table(
    "matters",
    metadata,
    _id("id", primary_key=True),
    sa.Column("number_prefix", sa.String(PREFIX_LENGTH), nullable=False),
    sa.Column("number_year", sa.Integer, nullable=False),
    sa.Column("number_seq", sa.Integer, nullable=False),
    sa.Column("status", sa.String(32), nullable=False),
    sa.Column("is_open", sa.Boolean, nullable=False),
    sa.Column("due_at", UTCDateTime, nullable=True),
    # the due instant while the matter is open, NULL once it is not: the sweep's index. One
    # column (not is_open + due_at) so the planner's statistics see how few are due.
    sa.Column("sweep_due_at", UTCDateTime, nullable=True),
    # sweep bookkeeping (not part of the matter): when the sweep must look at the matter
    # again; 1970-01-01 (ports.WAKE_UNKNOWN) when unknown (set on every insert and update),
    # NULL when not until it changes. Ordered (wake_at, id) through its index.
    sa.Column("wake_at", UTCDateTime, nullable=True),
    _id("lead_unit_id", nullable=False),
    _id("parent_id", nullable=True),
    _id("reinspection_of", nullable=True),
    sa.Column("registered_at", UTCDateTime, nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("body", sa.Text, nullable=False),
    sa.UniqueConstraint("number_prefix", "number_year", "number_seq"),
    sa.Index(None, "sweep_due_at"),
    sa.Index(None, "wake_at", "id"),
    sa.Index(None, "is_open", "id"),
    sa.Index(None, "status"),
    sa.Index(None, "lead_unit_id"),
    sa.Index(None, "parent_id"),
    sa.Index(None, "reinspection_of"),
    sa.Index(None, "registered_at"),
)

assignments = sa.Table(
    "assignments",
    metadata,
    _id("matter_id", sa.ForeignKey("matters.id"), primary_key=True),
    _id("unit_id", primary_key=True),
    sa.Column("role", sa.String(16), nullable=False),
    sa.Index(None, "unit_id"),
)

units = sa.Table(
    "units",
    metadata,
    _id("id", primary_key=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("kind", sa.String(32), nullable=False),
    _id("parent_id", nullable=True),
    sa.Column("body", sa.Text, nullable=False),
)

events = sa.Table(
    "events",
    metadata,
    sa.Column("seq", sa.BigInteger, primary_key=True, autoincrement=False),
    sa.Column("event_id", sa.String(2 * ID_LENGTH), nullable=False, unique=True),
    _id("matter_id", nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("kind", sa.String(32), nullable=False),
    sa.Column("occurred_at", UTCDateTime, nullable=False),
    sa.Column("body", sa.Text, nullable=False),
    sa.Column("prev_hash", sa.String(64), nullable=False),
    sa.Column("hash", sa.String(64), nullable=False),
    sa.UniqueConstraint("matter_id", "version"),
    sa.Index(None, "occurred_at"),
)

#: The head of the event hash chain: one row (id 1), updated under a row lock by every
#: transaction that appends events, so appends are serialised and the chain never forks.
event_chain = sa.Table(
    "event_chain",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("last_seq", sa.BigInteger, nullable=False),
    sa.Column("last_hash", sa.String(64), nullable=False),
)

number_sequences = sa.Table(
    "number_sequences",
    metadata,
    sa.Column("prefix", sa.String(PREFIX_LENGTH), primary_key=True),
    sa.Column("year", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("last", sa.Integer, nullable=False),
)

#: Longest idempotency key of an escalation or a score entry.
KEY_LENGTH = 512

#: Escalations issued (督办升级记录), unique by idempotency key; only the decision on a
#: proposal ever changes (``decided`` guards it: UPDATE … WHERE NOT decided).
escalations = sa.Table(
    "escalations",
    metadata,
    sa.Column("key", sa.String(KEY_LENGTH), primary_key=True),
    _id("matter_id", nullable=False),
    _id("unit_id", nullable=True),
    sa.Column("due_at", UTCDateTime, nullable=False),
    sa.Column("pending", sa.Boolean, nullable=False),
    sa.Column("decided", sa.Boolean, nullable=False),
    sa.Column("body", sa.Text, nullable=False),
    sa.Index(None, "matter_id"),
    sa.Index(None, "unit_id", "due_at"),
    sa.Index(None, "due_at"),
)

#: Score entries (考核扣分/加分记录), append-only, unique by key; at most one entry
#: compensates a given entry. ``points`` is kept for aggregation in SQL; the exact Decimal is
#: in the body.
score_entries = sa.Table(
    "score_entries",
    metadata,
    sa.Column("key", sa.String(KEY_LENGTH), primary_key=True),
    _id("unit_id", nullable=False),
    sa.Column("period", sa.String(32), nullable=False),
    sa.Column("points", sa.Numeric(18, 6), nullable=False),
    sa.Column("occurred_at", UTCDateTime, nullable=False),
    sa.Column("compensates", sa.String(KEY_LENGTH), nullable=True, unique=True),
    sa.Column("body", sa.Text, nullable=False),
    sa.Index(None, "unit_id", "period"),
    sa.Index(None, "period"),
)

#: The matters a score entry traces back to (for ``for_matter``).
score_entry_matters = sa.Table(
    "score_entry_matters",
    metadata,
    sa.Column(
        "entry_key", sa.String(KEY_LENGTH), sa.ForeignKey("score_entries.key"), primary_key=True
    ),
    _id("matter_id", primary_key=True),
    sa.Index(None, "matter_id"),
)

#: Tables whose rows may be inserted but never updated or deleted.
APPEND_ONLY_TABLES: tuple[str, ...] = ("events", "score_entries", "score_entry_matters")

GENESIS_HASH = "0" * 64


def append_only_ddl(dialect: str, table: str) -> list[str]:
    """The statements that make ``table`` append-only on ``dialect`` (``sqlite`` or
    ``postgresql``): triggers refusing UPDATE and DELETE (and TRUNCATE on PostgreSQL)."""
    message = f"{table} is append-only (只可追加，不得修改或删除)"
    if dialect == "sqlite":
        return [
            f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} "
            f"BEGIN SELECT RAISE(ABORT, '{message}'); END",
            f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} "
            f"BEGIN SELECT RAISE(ABORT, '{message}'); END",
        ]
    if dialect == "postgresql":
        return [
            f"CREATE FUNCTION {table}_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN RAISE EXCEPTION '{message}' USING ERRCODE = 'restrict_violation'; END $$",
            f"CREATE TRIGGER {table}_no_update_delete BEFORE UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION {table}_append_only()",
            f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {table}_append_only()",
        ]
    raise ValueError(f"supervision's SQL adapter supports sqlite and postgresql, not {dialect}")


def _install_append_only(target: sa.Table, connection: sa.Connection, **_: Any) -> None:
    for statement in append_only_ddl(connection.dialect.name, target.name):
        connection.exec_driver_sql(statement)


def _seed_chain(target: sa.Table, connection: sa.Connection, **_: Any) -> None:
    connection.execute(target.insert().values(id=1, last_seq=0, last_hash=GENESIS_HASH))


for _table in APPEND_ONLY_TABLES:
    sa.event.listen(metadata.tables[_table], "after_create", _install_append_only)
sa.event.listen(event_chain, "after_create", _seed_chain)
