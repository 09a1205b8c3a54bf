"""The tables, as SQLAlchemy Core: no mapping inside the domain classes.

The library lives inside a host's database: every table name carries a prefix (``sv_`` by
default, so ``sv_matters`` never collides with a host's ``matters``) and may live in a
PostgreSQL schema. :func:`tables` builds (and caches) the table set for a prefix and schema;
:data:`metadata` is the default set's, for hosts that merge it into their own Alembic
environment.

Each aggregate is stored whole as JSON text (:mod:`supervision.serialization`) beside the
columns queries filter and sort on. Every instant is stored in UTC (:class:`UTCDateTime`):
PostgreSQL ``timestamptz``, SQLite ISO text in UTC, so both sort and compare the same way.
The event tables are append-only (triggers refuse UPDATE and DELETE). The matter events, and
the links of the escalations, decisions and score entries (``chain_records``), form one
keyed hash chain (:mod:`supervision.audit`), each link with the key id it was signed with; the
chain head and its HMAC live in ``event_chain``.
"""

from __future__ import annotations

import datetime as _dt
import functools
import re
import uuid
from typing import Any

import attrs
import sqlalchemy as sa
from sqlalchemy.engine import Dialect

from supervision.exceptions import InvalidInput, NaiveDatetime

__all__ = [
    "APPEND_ONLY",
    "DEFAULT_PREFIX",
    "GENESIS_HASH",
    "ID_LENGTH",
    "KEY_ID_LENGTH",
    "KEY_LENGTH",
    "OBJECTION_ID_LENGTH",
    "OFFICE_ID_LENGTH",
    "PREFIX_LENGTH",
    "Tables",
    "UTCDateTime",
    "append_only_ddl",
    "check_prefix",
    "check_schema",
    "metadata",
    "new_epoch",
    "tables",
]

#: The table-name prefix used unless the host chooses another.
DEFAULT_PREFIX = "sv_"
#: Longest id (matter, unit, person) the tables take; longer ids are refused before the DB.
ID_LENGTH = 128
#: Longest office id.
OFFICE_ID_LENGTH = 64
#: Longest numbering prefix (机关代字).
PREFIX_LENGTH = 64
#: Longest idempotency key of an escalation, a score entry or a notice.
KEY_LENGTH = 512
#: Longest objection id (the conclusion's key, ``:objection:`` and the unit id).
OBJECTION_ID_LENGTH = KEY_LENGTH + 160
#: Longest delivery worker name.
WORKER_LENGTH = 200
#: Longest key id of a chain key (:class:`supervision.audit.ChainKey`).
KEY_ID_LENGTH = 64
GENESIS_HASH = "0" * 64
#: The tables whose rows may be inserted but never updated or deleted (base names).
APPEND_ONLY: tuple[str, ...] = ("events", "score_entries", "score_entry_matters",
                                "office_events", "chain_records")

_PREFIX = re.compile(r"^([a-z][a-z0-9_]{0,9})?$")
_SCHEMA = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def check_prefix(prefix: object) -> str:
    """A table-name prefix: empty, or a lower-case letter then up to 9 letters, digits or
    ``_`` (kept short so constraint names stay within PostgreSQL's 63 characters)."""
    if not isinstance(prefix, str) or not _PREFIX.match(prefix):
        raise InvalidInput(
            "table_prefix",
            "'' or up to 10 lower-case letters, digits and '_', starting with a letter "
            "(e.g. 'sv_')",
            prefix,
        )
    return prefix


def check_schema(schema: object) -> str | None:
    """A PostgreSQL schema name (lower case, as an unquoted identifier), or None."""
    if schema is None:
        return None
    if not isinstance(schema, str) or not _SCHEMA.match(schema):
        raise InvalidInput(
            "schema", "a lower-case PostgreSQL schema name such as 'supervision', or None", schema
        )
    return schema


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


def _change_seq() -> sa.Column[int]:
    return sa.Column("change_seq", sa.BigInteger, nullable=False, server_default="0")


def _office(name: str = "office_id", *args: Any, **kwargs: Any) -> sa.Column[str]:
    return sa.Column(name, sa.String(OFFICE_ID_LENGTH), *args, nullable=False, **kwargs)


@attrs.frozen(eq=False)
class Tables:
    """One set of the library's tables under a prefix (and PostgreSQL schema)."""

    prefix: str
    schema: str | None
    metadata: sa.MetaData
    offices: sa.Table
    office_events: sa.Table
    matters: sa.Table
    assignments: sa.Table
    units: sa.Table
    events: sa.Table
    event_chain: sa.Table
    number_sequences: sa.Table
    escalations: sa.Table
    score_entries: sa.Table
    score_entry_matters: sa.Table
    notices: sa.Table
    notice_attempts: sa.Table
    objections: sa.Table
    chain_records: sa.Table
    matter_facts: sa.Table

    def name(self, base: str) -> str:
        """The table name for ``base`` (``matters`` → ``sv_matters``)."""
        return f"{self.prefix}{base}"

    def qualified(self, base: str) -> str:
        """The schema-qualified table name, as DDL writes it."""
        name = self.name(base)
        return f"{self.schema}.{name}" if self.schema else name

    @property
    def append_only(self) -> tuple[sa.Table, ...]:
        return tuple(self.metadata.tables[self._key(b)] for b in APPEND_ONLY)

    def _key(self, base: str) -> str:
        return f"{self.schema}.{self.name(base)}" if self.schema else self.name(base)


@functools.cache
def tables(prefix: str = DEFAULT_PREFIX, schema: str | None = None) -> Tables:
    """The library's tables under ``prefix`` (``sv_`` by default) in ``schema`` (PostgreSQL;
    None: the connection's default schema). Cached: the same arguments give the same objects."""
    prefix = check_prefix(prefix)
    schema = check_schema(schema)
    p = prefix
    md = sa.MetaData(
        schema=schema,
        naming_convention={
            "ix": "ix_%(table_name)s_%(column_0_N_name)s",
            "uq": "uq_%(table_name)s_%(column_0_N_name)s",
            "ck": "ck_%(table_name)s_%(constraint_name)s",
            "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
            "pk": "pk_%(table_name)s",
        },
    )
    matters_ref = f"{schema}.{p}matters.id" if schema else f"{p}matters.id"
    entries_ref = f"{schema}.{p}score_entries.key" if schema else f"{p}score_entries.key"
    offices = sa.Table(
        f"{p}offices", md,
        sa.Column("id", sa.String(OFFICE_ID_LENGTH), primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("body", sa.Text, nullable=False),
    )
    office_events = sa.Table(
        f"{p}office_events", md,
        _office(primary_key=True),
        sa.Column("version", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("occurred_at", UTCDateTime, nullable=False),
        sa.Column("body", sa.Text, nullable=False),
    )
    matters = sa.Table(
        f"{p}matters", md,
        _id("id", primary_key=True),
        _office(),
        sa.Column("number_prefix", sa.String(PREFIX_LENGTH), nullable=False),
        sa.Column("number_year", sa.Integer, nullable=False),
        sa.Column("number_seq", sa.Integer, nullable=False),
        sa.Column("status", sa.String(32), nullable=False),
        sa.Column("is_open", sa.Boolean, nullable=False),
        sa.Column("confidential", sa.Boolean, nullable=False),
        sa.Column("due_at", UTCDateTime, nullable=True),
        # the due instant while the matter is open, NULL once it is not: the sweep's index
        sa.Column("sweep_due_at", UTCDateTime, nullable=True),
        # sweep bookkeeping (not part of the matter): when the sweep must look at the matter
        # again; 1970-01-01 (ports.WAKE_UNKNOWN) when unknown, NULL when not until it changes
        sa.Column("wake_at", UTCDateTime, nullable=True),
        _id("lead_unit_id", nullable=False),
        _id("parent_id", nullable=True),
        _id("reinspection_of", nullable=True),
        sa.Column("registered_at", UTCDateTime, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.UniqueConstraint("office_id", "number_prefix", "number_year", "number_seq"),
        sa.Index(None, "sweep_due_at"),
        sa.Index(None, "wake_at", "id"),
        sa.Index(None, "is_open", "id"),
        sa.Index(None, "status"),
        sa.Index(None, "office_id", "registered_at"),
        sa.Index(None, "office_id", "lead_unit_id"),
        sa.Index(None, "parent_id"),
        sa.Index(None, "reinspection_of"),
        sa.Index(None, "registered_at"),
    )
    # ``change_seq``: the change number (``event_chain.last_change``) of the commit that last
    # wrote the matter (revision 0007): the streak pass reads a unit's changes through it
    assignments = sa.Table(
        f"{p}assignments", md,
        _id("matter_id", sa.ForeignKey(matters_ref), primary_key=True),
        _id("unit_id", primary_key=True),
        sa.Column("role", sa.String(16), nullable=False),
        _change_seq(),
        sa.Index(None, "unit_id"),
        sa.Index(None, "unit_id", "change_seq"),
    )
    # each matter's facts (statistics.matter_facts, compact JSON), written with the matter in
    # its transaction (revision 0008): small rows, read without the bodies. ``event_at`` is
    # the instant of the matter's event of this version while no event of a later version
    # exists (NULL: unknown), kept by the commits that write the matter or its events
    matter_facts = sa.Table(
        f"{p}matter_facts", md,
        _id("matter_id", sa.ForeignKey(matters_ref), primary_key=True),
        _office(),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("event_at", UTCDateTime, nullable=True),
        sa.Column("facts", sa.Text, nullable=False),
        sa.Index(None, "office_id"),
    )
    units = sa.Table(
        f"{p}units", md,
        _office(primary_key=True),
        _id("id", primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        _id("parent_id", nullable=True),
        sa.Column("body", sa.Text, nullable=False),
    )
    events = sa.Table(
        f"{p}events", md,
        sa.Column("seq", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("event_id", sa.String(2 * ID_LENGTH), nullable=False, unique=True),
        _id("matter_id", nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("occurred_at", UTCDateTime, nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        # the chain key the link's hash is an HMAC under (NULL: legacy, unkeyed SHA-256)
        sa.Column("key_id", sa.String(KEY_ID_LENGTH), nullable=True),
        sa.UniqueConstraint("matter_id", "version"),
        sa.Index(None, "occurred_at"),
    )
    # the head of the chain: one row (id 1), updated under a row lock by every transaction
    # that appends links, so appends are serialised and the chain never forks; ``mac`` is the
    # head's HMAC under ``key_id`` (NULL while the chain is unkeyed). The same row numbers
    # the commits that write matters or escalations, under the same lock (revision 0007):
    # ``last_change`` the last one, ``last_departure`` the last that took a unit off a
    # matter, ``change_epoch`` names the counter (a database made anew has another)
    event_chain = sa.Table(
        f"{p}event_chain", md,
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("last_seq", sa.BigInteger, nullable=False),
        sa.Column("last_hash", sa.String(64), nullable=False),
        sa.Column("key_id", sa.String(KEY_ID_LENGTH), nullable=True),
        sa.Column("mac", sa.String(64), nullable=True),
        sa.Column("last_change", sa.BigInteger, nullable=False, server_default="0"),
        sa.Column("last_departure", sa.BigInteger, nullable=False, server_default="0"),
        sa.Column("change_epoch", sa.String(32), nullable=False, server_default=""),
    )
    number_sequences = sa.Table(
        f"{p}number_sequences", md,
        _office(primary_key=True),
        sa.Column("prefix", sa.String(PREFIX_LENGTH), primary_key=True),
        sa.Column("year", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("last", sa.Integer, nullable=False),
    )
    # escalations issued (督办升级记录), unique by idempotency key; only the decision on a
    # proposal ever changes (``decided`` guards it: UPDATE … WHERE NOT decided)
    escalations = sa.Table(
        f"{p}escalations", md,
        sa.Column("key", sa.String(KEY_LENGTH), primary_key=True),
        _office(),
        _id("matter_id", nullable=False),
        _id("unit_id", nullable=True),
        sa.Column("due_at", UTCDateTime, nullable=False),
        sa.Column("pending", sa.Boolean, nullable=False),
        sa.Column("decided", sa.Boolean, nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        _change_seq(),
        sa.Index(None, "matter_id"),
        sa.Index(None, "office_id", "unit_id", "due_at"),
        sa.Index(None, "office_id", "due_at"),
        sa.Index(None, "office_id", "unit_id", "change_seq"),
    )
    # score entries (考核扣分/加分记录), append-only, unique by key; at most one entry
    # compensates a given entry. ``points`` is kept for aggregation in SQL; the exact Decimal
    # is in the body
    score_entries = sa.Table(
        f"{p}score_entries", md,
        sa.Column("key", sa.String(KEY_LENGTH), primary_key=True),
        _office(),
        _id("unit_id", nullable=False),
        sa.Column("period", sa.String(32), nullable=False),
        sa.Column("points", sa.Numeric(18, 6), nullable=False),
        sa.Column("occurred_at", UTCDateTime, nullable=False),
        sa.Column("compensates", sa.String(KEY_LENGTH), nullable=True, unique=True),
        sa.Column("body", sa.Text, nullable=False),
        sa.Index(None, "office_id", "unit_id", "period"),
        sa.Index(None, "office_id", "period"),
    )
    score_entry_matters = sa.Table(
        f"{p}score_entry_matters", md,
        sa.Column("entry_key", sa.String(KEY_LENGTH), sa.ForeignKey(entries_ref),
                  primary_key=True),
        _id("matter_id", primary_key=True),
        sa.Index(None, "matter_id"),
    )
    # the chain's links for escalations issued, decisions on proposals and score entries
    # (kind ``escalation`` / ``decision`` / ``score``, the record's key and the SHA-256 of its
    # JSON text), numbered in one sequence with the events; append-only
    chain_records = sa.Table(
        f"{p}chain_records", md,
        sa.Column("seq", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("ref", sa.String(KEY_LENGTH), nullable=False),
        sa.Column("digest", sa.String(64), nullable=False),
        sa.Column("key_id", sa.String(KEY_ID_LENGTH), nullable=True),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.Index(None, "kind", "ref"),
    )
    notices, notice_attempts, objections = _outbox_tables(md, p, schema)
    found = Tables(prefix, schema, md, offices, office_events, matters, assignments, units,
                   events, event_chain, number_sequences, escalations, score_entries,
                   score_entry_matters, notices, notice_attempts, objections, chain_records,
                   matter_facts)
    for table in found.append_only:
        sa.event.listen(table, "after_create", _install_append_only)
    sa.event.listen(event_chain, "after_create", _seed_chain)
    return found


def _outbox_tables(
    md: sa.MetaData, p: str, schema: str | None
) -> tuple[sa.Table, sa.Table, sa.Table]:
    """The outbox (notices, their attempts) and the objections (复核), revision 0006."""
    notices_ref = f"{schema}.{p}notices.key" if schema else f"{p}notices.key"
    # the outbox (通知送达记录): one row per notice, its content as JSON in ``body`` (never
    # rewritten), its delivery state in the columns; ``due_at`` is when a worker may take it
    # next (the retry while pending, the lease's end while sending, NULL once final): the
    # claim query's index
    notices = sa.Table(
        f"{p}notices", md,
        sa.Column("key", sa.String(KEY_LENGTH), primary_key=True),
        _office(),
        _id("matter_id", nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("due_at", UTCDateTime, nullable=True),
        sa.Column("claimed_by", sa.String(WORKER_LENGTH), nullable=True),
        sa.Column("delivered_at", UTCDateTime, nullable=True),
        sa.Column("last_error", sa.Text, nullable=False),
        sa.Column("receipt", sa.Text, nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Index(None, "due_at", "key"),
        sa.Index(None, "matter_id"),
        sa.Index(None, "office_id", "created_at"),
    )
    notice_attempts = sa.Table(
        f"{p}notice_attempts", md,
        sa.Column("notice_key", sa.String(KEY_LENGTH), sa.ForeignKey(notices_ref),
                  primary_key=True),
        sa.Column("number", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("worker", sa.String(WORKER_LENGTH), nullable=False),
        sa.Column("started_at", UTCDateTime, nullable=False),
        sa.Column("finished_at", UTCDateTime, nullable=True),
        sa.Column("outcome", sa.String(16), nullable=True),
        sa.Column("error", sa.Text, nullable=False),
        sa.Column("receipt", sa.Text, nullable=False),
    )
    # objections (复核申请), versioned; ``open`` until answered, ``answer_due_at`` the end of
    # the answer period (the overdue query's index)
    objections = sa.Table(
        f"{p}objections", md,
        sa.Column("id", sa.String(OBJECTION_ID_LENGTH), primary_key=True),
        _office(),
        _id("matter_id", nullable=False),
        _id("unit_id", nullable=False),
        sa.Column("conclusion", sa.String(KEY_LENGTH), nullable=False),
        sa.Column("open", sa.Boolean, nullable=False),
        sa.Column("filed_at", UTCDateTime, nullable=False),
        sa.Column("answer_due_at", UTCDateTime, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Index(None, "matter_id"),
        sa.Index(None, "open", "answer_due_at"),
        sa.Index(None, "office_id", "filed_at"),
    )
    return notices, notice_attempts, objections


def append_only_ddl(dialect: str, qualified: str) -> list[str]:
    """The statements that make table ``qualified`` (``schema.name`` or ``name``)
    append-only on ``dialect`` (``sqlite`` or ``postgresql``): triggers refusing UPDATE and
    DELETE (and TRUNCATE on PostgreSQL)."""
    schema, _, name = qualified.rpartition(".")
    message = f"{name} is append-only (只可追加，不得修改或删除)"
    if dialect == "sqlite":
        return [
            f"CREATE TRIGGER {name}_no_update BEFORE UPDATE ON {name} "
            f"BEGIN SELECT RAISE(ABORT, '{message}'); END",
            f"CREATE TRIGGER {name}_no_delete BEFORE DELETE ON {name} "
            f"BEGIN SELECT RAISE(ABORT, '{message}'); END",
        ]
    if dialect == "postgresql":
        function = f"{schema}.{name}_append_only" if schema else f"{name}_append_only"
        return [
            f"CREATE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN RAISE EXCEPTION '{message}' USING ERRCODE = 'restrict_violation'; END $$",
            f"CREATE TRIGGER {name}_no_update_delete BEFORE UPDATE OR DELETE ON {qualified} "
            f"FOR EACH ROW EXECUTE FUNCTION {function}()",
            f"CREATE TRIGGER {name}_no_truncate BEFORE TRUNCATE ON {qualified} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {function}()",
        ]
    raise InvalidInput("dialect", "sqlite or postgresql (the SQL adapter's databases)", dialect)


def drop_append_only_ddl(dialect: str, qualified: str) -> list[str]:
    """The statements that remove what :func:`append_only_ddl` created (for migrations that
    must rewrite rows, and downgrades)."""
    schema, _, name = qualified.rpartition(".")
    if dialect == "sqlite":
        return [f"DROP TRIGGER IF EXISTS {name}_no_update",
                f"DROP TRIGGER IF EXISTS {name}_no_delete"]
    function = f"{schema}.{name}_append_only" if schema else f"{name}_append_only"
    return [
        f"DROP TRIGGER IF EXISTS {name}_no_truncate ON {qualified}",
        f"DROP TRIGGER IF EXISTS {name}_no_update_delete ON {qualified}",
        f"DROP FUNCTION IF EXISTS {function}()",
    ]


def _qualified(table: sa.Table) -> str:
    return f"{table.schema}.{table.name}" if table.schema else table.name


def _install_append_only(target: sa.Table, connection: sa.Connection, **_: Any) -> None:
    for statement in append_only_ddl(connection.dialect.name, _qualified(target)):
        connection.exec_driver_sql(statement)


def _seed_chain(target: sa.Table, connection: sa.Connection, **_: Any) -> None:
    connection.execute(target.insert().values(id=1, last_seq=0, last_hash=GENESIS_HASH,
                                              change_epoch=new_epoch()))


def new_epoch() -> str:
    """A fresh name for a database's change counter (32 hex digits)."""
    return uuid.uuid4().hex


#: The default table set's metadata (prefix ``sv_``, no schema).
metadata = tables().metadata
