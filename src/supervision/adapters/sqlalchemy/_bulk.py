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
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Sequence
from typing import Any

import sqlalchemy as sa

__all__ = ["DRIVER_FROM", "driver_insert", "row_values"]

#: From this many rows on, a commit inserts through the driver (fewer: one SQLAlchemy
#: ``executemany``, which execution events and ``echo`` see).
DRIVER_FROM = 200


def row_values(
    table: sa.Table, names: Sequence[str], rows: Sequence[dict[str, Any]], dialect: sa.Dialect
) -> list[Any]:
    """Each row's values in the order of ``names``, bound as SQLAlchemy binds them
    (each column's bind processor applied), as lists. A value object met again in the same
    column (the batch's one instant, the unknown wake, True) is bound once: the processors
    are functions of the value, and the values they bind (instants, flags) are immutable."""
    get = operator.itemgetter(*names)
    processors: list[tuple[int, Callable[[Any], Any], dict[int, tuple[Any, Any]]]] = [
        (i, p, {}) for i, name in enumerate(names)
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


def _wrapped(run: Callable[[], None], statement: str, base: type[Exception]) -> bool:
    try:
        run()
    except base as error:
        raise sa.exc.DBAPIError.instance(statement, None, error, base) from error
    return True
