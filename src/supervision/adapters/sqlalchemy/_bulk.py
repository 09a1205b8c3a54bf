"""Many rows inserted inside a commit through the driver itself: ``COPY … FROM STDIN`` on
PostgreSQL (psycopg 3), one ``executemany`` of the ``sqlite3`` cursor on SQLite.

SQLAlchemy's own ``executemany`` builds each row's parameters anew (the compiled
statement's parameter processing, the columns' processors looked up per row); here the
columns' bind processors (the very functions SQLAlchemy applies: ``UTCDateTime``'s UTC
conversion, SQLite's datetime text and booleans) are found once per statement and applied
to each row's values in place, and the rows go to the driver as tuples. The values stored
are those SQLAlchemy's ``executemany`` stores (``tests/sql/test_sql_bulk_rows.py`` compares
the tables row by row); driver errors are wrapped as SQLAlchemy wraps them, so the unit of
work translates them alike. Statements sent this way do not pass SQLAlchemy's execution
events (``echo`` does not show them).

On SQLite a commit's inserts of two rows or more go this way (:data:`SQLITE_DRIVER_FROM`),
and so do its updates of many matters (:func:`driver_update`: one ``executemany`` of the
``UPDATE``, whose row count the commit checks); ``tests/sql/test_sql_narrow_rows.py``
compares the tables a sweep leaves with those of SQLAlchemy's ``executemany``.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Sequence
from typing import Any

import sqlalchemy as sa

__all__ = ["DRIVER_FROM", "SQLITE_DRIVER_FROM", "driver_insert", "driver_update", "row_values"]

#: From this many rows on, a commit inserts through the driver (fewer: one SQLAlchemy
#: ``executemany``, which execution events and ``echo`` see).
DRIVER_FROM = 200
#: On SQLite, from this many rows on (the ``sqlite3`` cursor's ``executemany`` costs what
#: SQLAlchemy's costs, less the per-row parameter processing: 2 rows already gain).
SQLITE_DRIVER_FROM = 2


def row_values(
    table: sa.Table, names: Sequence[str], rows: Sequence[dict[str, Any]], dialect: sa.Dialect,
    columns: Sequence[str] | None = None,
) -> list[Any]:
    """Each row's values in the order of ``names``, bound as SQLAlchemy binds them
    (each column's bind processor applied; ``columns``: the column each name goes to, when
    not the column of that name), as lists. A value object met again in the same column
    (the batch's one instant, the unknown wake, True) is bound once: the processors are
    functions of the value, and the values they bind (instants, flags) are immutable."""
    get = operator.itemgetter(*names)
    processors: list[tuple[int, Callable[[Any], Any], dict[int, tuple[Any, Any]]]] = [
        (i, p, {}) for i, name in enumerate(columns or names)
        if (p := table.c[name].type.dialect_impl(dialect).bind_processor(dialect)) is not None
    ]
    single = len(names) == 1
    found: list[Any] = []
    append = found.append
    for row in rows:
        values = [get(row)] if single else list(get(row))
        for i, process, bound in processors:
            value = values[i]
            known = bound.get(id(value))
            if known is None or known[0] is not value:
                known = bound[id(value)] = (value, process(value))
            values[i] = known[1]
        append(values)
    return found


def driver_insert(connection: sa.Connection, table: sa.Table,
                  rows: Sequence[dict[str, Any]]) -> bool:
    """Insert ``rows`` (dicts with the same keys) into ``table`` through the driver when it
    is psycopg 3 or sqlite3; False (nothing done) for another driver. Driver errors come out
    as SQLAlchemy's ``DBAPIError`` subclasses (an ``IntegrityError`` for a unique
    violation)."""
    dialect = connection.dialect
    names = list(rows[0])
    preparer = dialect.identifier_preparer
    columns = ", ".join(preparer.quote(n) for n in names)
    target = preparer.format_table(table)
    raw = connection.connection.driver_connection
    if dialect.name == "postgresql" and dialect.driver == "psycopg":
        import psycopg

        statement = f"COPY {target} ({columns}) FROM STDIN"

        def run() -> None:
            assert raw is not None
            with raw.cursor() as cursor, cursor.copy(statement) as copy:
                write = copy.write_row
                for values in row_values(table, names, rows, dialect):
                    write(values)

        return _wrapped(run, statement, psycopg.Error)
    if dialect.name == "sqlite" and dialect.driver == "pysqlite":
        import sqlite3

        statement = f"INSERT INTO {target} ({columns}) VALUES ({', '.join('?' * len(names))})"

        def run() -> None:
            assert raw is not None
            cursor = raw.cursor()
            try:
                cursor.executemany(statement, row_values(table, names, rows, dialect))
            finally:
                cursor.close()

        return _wrapped(run, statement, sqlite3.Error)
    return False


def driver_update(connection: sa.Connection, table: sa.Table, rows: Sequence[dict[str, Any]],
                  *, names: Sequence[str], keys: Sequence[tuple[str, str]]) -> int | None:
    """On SQLite (``sqlite3``): set the columns ``names`` of the rows matching each row's
    ``keys`` (``(field of the row, column it must equal)`` pairs) in one ``executemany`` of
    the cursor; the number of rows changed (the driver adds up its executions). None
    (nothing done) for another driver."""
    dialect = connection.dialect
    if dialect.name != "sqlite" or dialect.driver != "pysqlite":
        return None
    import sqlite3

    quote = dialect.identifier_preparer.quote
    statement = (f"UPDATE {dialect.identifier_preparer.format_table(table)} SET "
                 + ", ".join(f"{quote(n)} = ?" for n in names) + " WHERE "
                 + " AND ".join(f"{quote(column)} = ?" for _field, column in keys))
    fields = [*names, *(field for field, _column in keys)]
    columns = [*names, *(column for _field, column in keys)]
    raw = connection.connection.driver_connection
    done = [0]

    def run() -> None:
        assert raw is not None
        cursor = raw.cursor()
        try:
            cursor.executemany(statement, row_values(table, fields, rows, dialect, columns))
            done[0] = cursor.rowcount
        finally:
            cursor.close()

    _wrapped(run, statement, sqlite3.Error)
    return done[0]


def _wrapped(run: Callable[[], None], statement: str, base: type[Exception]) -> bool:
    try:
        run()
    except base as error:
        raise sa.exc.DBAPIError.instance(statement, None, error, base) from error
    return True
