"""Alembic migrations shipped inside the package, runnable from code or the CLI.

    from supervision.adapters.sqlalchemy import upgrade
    upgrade("postgresql+psycopg://app@db.example/oa")              # tables sv_* in public
    upgrade(url, table_prefix="dc_", schema="supervision")        # or a prefix / schema

The library keeps its own history in its own version table (``supervision_alembic_version``),
so ``upgrade`` never reads or writes a host's Alembic history in the same database. A host may
instead merge the library's revisions into its own Alembic environment (branch label
``supervision``; see docs/storage.md).

A database written by release 0.1.0 (tables without a prefix, history in ``alembic_version``)
is adopted on the first upgrade: its rows move into the prefixed tables unchanged (the event
hash chain stays valid), its history moves to the library's version table, and revision 0004
puts everything into one default office whose policy the caller names
(:class:`DefaultOffice`) — never guessed.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs
import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from supervision._logs import logger
from supervision.clock import SystemClock
from supervision.domain.office import Office, OfficeEvent, OfficeEventKind, PolicyRef
from supervision.domain.policy import Policy
from supervision.exceptions import InvalidInput, SupervisionError
from supervision.serialization import to_dict, to_json

from ._engine import create_engine
from ._errors import translate
from ._schema import DEFAULT_PREFIX, Tables, check_prefix, check_schema, tables

__all__ = [
    "LEGACY_REVISIONS",
    "MIGRATIONS",
    "VERSION_TABLE",
    "DefaultOffice",
    "DefaultOfficeRequired",
    "alembic_config",
    "current_revision",
    "head_revision",
    "upgrade",
]

#: The Alembic script directory inside the package.
MIGRATIONS = Path(__file__).with_name("migrations")
#: Each upgrade run is logged here: INFO when revisions were applied or a 0.1.0 database was
#: adopted, DEBUG when the database was already at the revision asked for.
_log = logger("supervision.migrations")
#: The library's own version table (a host's ``alembic_version`` is never touched).
VERSION_TABLE = "supervision_alembic_version"
#: Revisions a release-0.1.0 database can be at (history in ``alembic_version``, no prefix).
LEGACY_REVISIONS = ("0001", "0002", "0003")
_LEGACY_TABLES = {
    "0001": ("event_chain", "events", "matters", "number_sequences", "units", "assignments"),
    "0002": ("escalations", "score_entries", "score_entry_matters"),
}


@attrs.frozen
class DefaultOffice:
    """The office a release-0.1.0 database's matters belong to, and the policy (with its
    exact parameters) they were registered under. ``numbering_prefix`` defaults to the one
    the database's number sequence used (else the policy's)."""

    id: str
    name: str
    policy: Policy | str
    parameters: Mapping[str, Any] = attrs.field(factory=dict)
    numbering_prefix: str | None = None


class DefaultOfficeRequired(SupervisionError):
    """Raised (and nothing changed) when a database with matters from release 0.1.0 is
    upgraded without naming the office (and the policy) they belong to."""

    def __init__(self, count: int) -> None:
        super().__init__(
            f"this database holds {count} matters from release 0.1.0 that belong to no office "
            "(事项未归属督查机构); upgrade it naming the office and the policy they were "
            "registered under: supervision db upgrade URL --office ID --office-name NAME "
            "--policy NAME [--parameter NAME=VALUE …] (or upgrade(url, "
            "default_office=DefaultOffice(id, name, policy, parameters)))",
            count=count,
        )


def alembic_config(
    connection: sa.Connection | None = None,
    url: str | None = None,
    *,
    table_prefix: str = DEFAULT_PREFIX,
    schema: str | None = None,
    version_table: str = VERSION_TABLE,
) -> Config:
    """An Alembic :class:`~alembic.config.Config` for the shipped migrations under the given
    prefix, schema and version table; with a ``connection`` the migrations run on it."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS).replace("%", "%%"))
    if url is not None:
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    config.attributes["connection"] = connection
    config.attributes["supervision.table_prefix"] = check_prefix(table_prefix)
    config.attributes["supervision.schema"] = check_schema(schema)
    config.attributes["supervision.version_table"] = _version_table(version_table)
    return config


def _version_table(name: object) -> str:
    if not isinstance(name, str) or not name.replace("_", "").isalnum() or not name.islower():
        raise InvalidInput("version_table", "a lower-case table name such as "
                           "supervision_alembic_version", name)
    return name


def _engine(target: str | sa.URL | sa.Engine) -> tuple[sa.Engine, bool]:
    if isinstance(target, sa.Engine):
        return target, False
    if isinstance(target, str | sa.URL):
        return create_engine(target), True
    raise InvalidInput("url", "a database URL or a sqlalchemy.Engine", target)


# ------------------------------------------------------------------- the default office
def _office_attributes(
    connection: sa.Connection, t: Tables, office: DefaultOffice
) -> dict[str, Any]:
    from supervision.policies import Registry

    if not isinstance(office, DefaultOffice):
        raise InvalidInput("default_office", "a DefaultOffice(id, name, policy)", office)
    policy: Policy
    if isinstance(office.policy, Policy):
        policy = office.policy
    else:
        policy = Registry.with_builtins().get(office.policy)
    if office.parameters:
        policy = policy.with_parameters(**dict(office.parameters))
    ref = PolicyRef.of(policy)
    prefix = office.numbering_prefix
    if prefix is None:
        found: set[str] = set()
        # a new database has no sequences yet (nor their table): the policy's prefix then
        if sa.inspect(connection).has_table(t.name("number_sequences"), schema=t.schema):
            legacy = sa.table(t.name("number_sequences"), sa.column("prefix", sa.String),
                              schema=t.schema)
            found = {r[0] for r in connection.execute(sa.select(legacy.c.prefix).distinct())}
        prefix = found.pop() if len(found) == 1 else policy.numbering_prefix
    now = SystemClock().now()
    created = Office.create(
        office.id, office.name, numbering_prefix=prefix, policy=ref,
        effective_from=policy.validity.effective_from, recorded_at=now,
        recorded_by="system:migration",
    )
    event = OfficeEvent(created.id, 1, OfficeEventKind.CREATED, "system:migration", now,
                        (("policy", ref.name), ("fingerprint", ref.fingerprint),
                         ("migrated_from", "0.1.0")))
    return {
        "id": created.id,
        "name": created.name,
        "body": to_json(created),
        "event_body": to_json(event),
        "occurred_at": now,
        "policy": to_dict(ref),
    }


# ---------------------------------------------------------------- adopting 0.1.0 databases
def _legacy_revision(connection: sa.Connection, t: Tables, version_table: str) -> str | None:
    """The revision of a release-0.1.0 layout in this database, or None."""
    inspector = sa.inspect(connection)
    if inspector.has_table(version_table, schema=t.schema):
        return None
    if not inspector.has_table("event_chain") or not inspector.has_table("alembic_version"):
        return None
    columns = {c["name"] for c in inspector.get_columns("event_chain")}
    if columns != {"id", "last_seq", "last_hash"}:
        return None
    found = [r[0] for r in connection.exec_driver_sql("SELECT version_num FROM alembic_version")]
    ours = [r for r in found if r in LEGACY_REVISIONS]
    return ours[0] if len(ours) == 1 else None


def _drop_legacy_version(connection: sa.Connection, revision: str) -> None:
    connection.execute(sa.text("DELETE FROM alembic_version WHERE version_num = :r"),
                       {"r": revision})
    left = connection.exec_driver_sql("SELECT count(*) FROM alembic_version").scalar_one()
    if not left:
        connection.exec_driver_sql("DROP TABLE alembic_version")


def _adopt(connection: sa.Connection, t: Tables, revision: str, config: Config) -> None:
    """Move a release-0.1.0 layout under the library's version table and prefix."""
    if t.prefix == "" and t.schema is None:
        command.stamp(config, revision)
        _drop_legacy_version(connection, revision)
        return
    command.upgrade(config, revision)
    names = [n for rev in LEGACY_REVISIONS if rev <= revision
             for n in _LEGACY_TABLES.get(rev, ())]
    dialect = connection.dialect.name
    target_chain = sa.table(t.name("event_chain"), sa.column("id"), schema=t.schema)
    connection.execute(target_chain.delete())
    for base in names:
        columns = [c["name"] for c in sa.inspect(connection).get_columns(base)]
        listed = ", ".join(columns)
        connection.exec_driver_sql(
            f"INSERT INTO {t.qualified(base)} ({listed}) SELECT {listed} FROM {base}"
        )
    for base in reversed(names):
        connection.exec_driver_sql(f"DROP TABLE {base}")
        if dialect == "postgresql" and base in ("events", "score_entries",
                                                "score_entry_matters"):
            connection.exec_driver_sql(f"DROP FUNCTION IF EXISTS {base}_append_only()")
    _drop_legacy_version(connection, revision)


# ------------------------------------------------------------------------------ upgrade
def upgrade(
    url: str | sa.URL | sa.Engine,
    revision: str = "head",
    *,
    table_prefix: str = DEFAULT_PREFIX,
    schema: str | None = None,
    version_table: str = VERSION_TABLE,
    default_office: DefaultOffice | None = None,
) -> None:
    """Migrate the database at ``url`` (or on an engine) to ``revision`` (the newest by
    default), in one transaction: an empty database gets the whole schema, a release-0.1.0
    database is adopted (see the module docstring; its matters go to ``default_office``).

    The library's tables get ``table_prefix`` (``sv_``) and live in ``schema`` (PostgreSQL
    only); its history is kept in ``version_table``. A database error comes out as the
    library's :class:`~supervision.exceptions.StorageError`; a release-0.1.0 database with
    matters and no ``default_office`` is refused naming what to pass."""
    engine, owned = _engine(url)
    t = tables(table_prefix, schema)
    if schema is not None and engine.dialect.name != "postgresql":
        raise InvalidInput("schema", "None on SQLite (schemas are PostgreSQL's)", schema)
    try:
        with engine.connect() as connection:
            sqlite = connection.dialect.name == "sqlite"
            if sqlite:  # batch migrations rebuild tables: foreign keys are checked at the end
                connection.connection.dbapi_connection.execute(  # type: ignore[union-attr]
                    "PRAGMA foreign_keys=OFF")
            try:
                with connection.begin():
                    config = alembic_config(connection, table_prefix=table_prefix,
                                            schema=schema, version_table=version_table)
                    legacy = _legacy_revision(connection, t, _version_table(version_table))
                    before = _current_in(connection, version_table, schema)
                    where = engine.url.render_as_string(hide_password=True)
                    if legacy is not None:
                        _log.info("adopting a release-0.1.0 database at revision %s (%s): "
                                  "tables moved under prefix %r", legacy, where, table_prefix)
                        _adopt(connection, t, legacy, config)
                    if default_office is not None:
                        config.attributes["supervision.default_office"] = _office_attributes(
                            connection, t, default_office)
                    command.upgrade(config, revision)
                    after = _current_in(connection, version_table, schema)
                    if after != before or legacy is not None:
                        _log.info("migrated %s from %s to %s (tables %s*%s, history in %s)",
                                  where, before or "an empty schema", after, table_prefix,
                                  f" in schema {schema}" if schema else "", version_table)
                    else:
                        _log.debug("%s already at %s: nothing to migrate", where, after)
                    if sqlite:
                        broken = connection.exec_driver_sql("PRAGMA foreign_key_check").first()
                        if broken is not None:
                            raise SupervisionError(
                                f"the migration left a broken foreign key in {broken[0]}")
            finally:
                if sqlite:
                    connection.connection.dbapi_connection.execute(  # type: ignore[union-attr]
                        "PRAGMA foreign_keys=ON")
    except sa.exc.SQLAlchemyError as error:
        raise translate(error, f"migrating the database to {revision}") from error
    finally:
        if owned:
            engine.dispose()


def _current_in(connection: sa.Connection, version_table: str, schema: str | None
                ) -> str | None:
    """The library's revision as the migration's own connection sees it."""
    context = MigrationContext.configure(connection, opts={
        "version_table": _version_table(version_table),
        "version_table_schema": schema,
    })
    return context.get_current_revision()


def current_revision(
    url: str | sa.URL | sa.Engine,
    *,
    schema: str | None = None,
    version_table: str = VERSION_TABLE,
) -> str | None:
    """The revision the database is at in the library's history (None for a database the
    library was never migrated into; a release-0.1.0 database reports its legacy revision)."""
    engine, owned = _engine(url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={
                "version_table": _version_table(version_table),
                "version_table_schema": check_schema(schema),
            })
            found = context.get_current_revision()
            if found is None:
                found = _legacy_revision(connection, tables("", None), version_table)
            return found
    except sa.exc.SQLAlchemyError as error:
        raise translate(error, "reading the database's revision") from error
    finally:
        if owned:
            engine.dispose()


def head_revision() -> str:
    """The newest revision the package ships."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head
