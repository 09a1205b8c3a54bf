"""Engines configured for the adapter: SQLite in WAL mode with ``BEGIN IMMEDIATE`` for write
transactions and a busy timeout; PostgreSQL with a lock timeout. Nothing connects at import
time; the caller (the composition root) creates the engine."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from supervision.exceptions import InvalidInput

__all__ = ["WRITE_OPTION", "create_engine", "is_prepared", "prepare"]

#: Execution option a unit of work sets on its connection before it begins a transaction that
#: will write; on SQLite the transaction then starts with ``BEGIN IMMEDIATE``.
WRITE_OPTION = "supervision_write"


def create_engine(
    url: str | sa.URL,
    *,
    busy_timeout: float = 5.0,
    lock_timeout: float = 5.0,
    **engine_options: Any,
) -> sa.Engine:
    """An engine for ``url`` (``sqlite:///path/to/file.db`` or
    ``postgresql+psycopg://user@host/db``) set up as the adapter needs.

    * SQLite: WAL journal, ``synchronous=NORMAL``, foreign keys on, ``busy_timeout`` seconds of
      waiting for another writer, and ``BEGIN IMMEDIATE`` for write transactions (so two
      writers queue instead of failing on a lock upgrade). Use a file: an in-memory SQLite
      database is private to one connection.
    * PostgreSQL: ``lock_timeout`` seconds before a statement waiting for a row lock fails
      with :class:`~supervision.exceptions.LockTimeout`; connections are checked before use.

    Other keyword arguments go to :func:`sqlalchemy.create_engine`.
    """
    if not isinstance(busy_timeout, int | float) or busy_timeout < 0:
        raise InvalidInput("busy_timeout", "seconds ≥ 0", busy_timeout)
    if not isinstance(lock_timeout, int | float) or lock_timeout < 0:
        raise InvalidInput("lock_timeout", "seconds ≥ 0", lock_timeout)
    parsed = sa.make_url(url)
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        if parsed.database in (None, "", ":memory:"):
            raise InvalidInput(
                "url",
                "a SQLite database file, e.g. sqlite:///supervision.db",
                str(url),
                hint="an in-memory SQLite database is private to one connection; use a file "
                "(or the in-memory adapter, supervision.InMemoryUnitOfWork)",
            )
        connect_args = dict(engine_options.pop("connect_args", {}))
        connect_args.setdefault("timeout", busy_timeout)
        connect_args.setdefault("check_same_thread", False)
        engine = sa.create_engine(parsed, connect_args=connect_args, **engine_options)
        _configure_sqlite(engine, busy_timeout)
        _mark(engine)
        return engine
    if backend == "postgresql":
        connect_args = dict(engine_options.pop("connect_args", {}))
        options = connect_args.get("options", "")
        connect_args["options"] = f"{options} -c lock_timeout={int(lock_timeout * 1000)}".strip()
        engine_options.setdefault("pool_pre_ping", True)
        try:
            engine = sa.create_engine(parsed, connect_args=connect_args, **engine_options)
            _mark(engine)
            return engine
        except ImportError as error:
            raise ImportError(
                f"the PostgreSQL driver for {parsed.drivername} is missing ({error}): "
                "pip install 'supervision-duban[postgres]'"
            ) from error
    raise InvalidInput(
        "url",
        "a sqlite:/// or postgresql+psycopg:// URL",
        str(url),
        hint="the SQL adapter supports SQLite and PostgreSQL",
    )


_PREPARED = "_supervision_prepared"


def _mark(engine: sa.Engine) -> None:
    setattr(engine, _PREPARED, True)


def is_prepared(engine: sa.Engine) -> bool:
    """Whether ``engine`` has the adapter's set-up (made by :func:`create_engine`, or given
    to :func:`prepare`)."""
    return bool(getattr(engine, _PREPARED, False))


def prepare(engine: sa.Engine, *, busy_timeout: float = 5.0, lock_timeout: float = 5.0) -> None:
    """Give a host's own engine the set-up :func:`create_engine` gives (idempotent).

    SQLite: WAL journal, foreign keys, a busy timeout, and ``BEGIN IMMEDIATE`` for the
    library's write transactions (SQLAlchemy, not the ``sqlite3`` module, then decides how
    transactions begin, so SAVEPOINTs work). PostgreSQL: a lock timeout. Connections already
    open in the pool are closed, so every connection from now on has the set-up; call it
    before handing out connections you want the library to join."""
    if not isinstance(engine, sa.Engine):
        raise InvalidInput("engine", "a sqlalchemy.Engine", engine)
    if is_prepared(engine):
        return
    backend = engine.dialect.name
    if backend == "sqlite":
        if engine.url.database in (None, "", ":memory:"):
            raise InvalidInput(
                "engine", "an engine on a SQLite database file", str(engine.url),
                hint="an in-memory SQLite database is private to one connection",
            )
        _configure_sqlite(engine, busy_timeout)
    elif backend == "postgresql":
        milliseconds = int(lock_timeout * 1000)

        @sa.event.listens_for(engine, "connect")
        def _lock_timeout(dbapi_connection: Any, _record: Any) -> None:
            cursor = dbapi_connection.cursor()
            try:
                cursor.execute(f"SET lock_timeout = {milliseconds}")
            finally:
                cursor.close()
            dbapi_connection.commit()
    else:
        raise InvalidInput("engine", "an engine on SQLite or PostgreSQL", backend)
    engine.dispose()
    _mark(engine)


def _configure_sqlite(engine: sa.Engine, busy_timeout: float) -> None:
    @sa.event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # let SQLAlchemy's "begin" event, not the sqlite3 module, decide how to BEGIN
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout * 1000)}")
        finally:
            cursor.close()

    @sa.event.listens_for(engine, "begin")
    def _on_begin(connection: sa.Connection) -> None:
        write = connection.get_execution_options().get(WRITE_OPTION, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")
