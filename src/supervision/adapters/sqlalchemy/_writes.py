"""Many rows in one statement inside a commit.

On PostgreSQL with psycopg 3 a page's rows are one ``INSERT … SELECT FROM unnest(…)`` or
``UPDATE … FROM unnest(…)`` with one array parameter per column, sent in binary (no text
escaping of the JSON bodies): the server runs one statement instead of one per row (what an
``executemany`` sends), and its text is the same whatever the number of rows (psycopg
converts it once and prepares it after a few runs). The arrays are cast to the column's type
without a length (``VARCHAR[]``), so a value too long for its column still fails when stored
instead of being cut by the cast. Elsewhere the same rows go through one ``executemany``.

Each statement is built once per table, columns and dialect (:func:`functools.cache`)."""

from __future__ import annotations

import functools
from collections.abc import Callable, Collection, Sequence
from typing import TYPE_CHECKING, Any, NoReturn

import sqlalchemy as sa

from supervision.exceptions import ConcurrencyError, SupervisionError
from supervision.ports import WAKE_UNKNOWN

from . import _bulk
from ._errors import translate
from ._schema import UTCDateTime
from ._session import Session, Staged

if TYPE_CHECKING:
    from sqlalchemy.engine.interfaces import Dialect

__all__ = [
    "Updated",
    "among",
    "batched",
    "insert_rows",
    "replace_facts",
    "update_matters",
    "update_rows",
    "upsert_rows",
    "write_wakes",
]


class _Array(list[Any]):
    """A list psycopg sends as a binary array (registered on first use)."""


def _register(uow: Session) -> None:
    """Make this connection send :class:`_Array` values as binary arrays (SQLAlchemy gives
    each connection an adapters map of its own)."""
    from psycopg.adapt import PyFormat
    from psycopg.types.array import ListBinaryDumper

    raw = uow.connection.connection.driver_connection
    adapters = getattr(raw, "adapters", None)
    if adapters is None:
        raise AssertionError("a psycopg 3 connection")
    if not issubclass(adapters.get_dumper(_Array, PyFormat.AUTO), ListBinaryDumper):
        adapters.register_dumper(_Array, ListBinaryDumper)


def batched(uow: Session) -> bool:
    """Whether rows go to the server as arrays (PostgreSQL through psycopg 3)."""
    if uow.dialect != "postgresql":
        return False
    return uow.connection.dialect.driver == "psycopg"


class _ArrayType(sa.types.UserDefinedType[Any]):
    """An array parameter cast to ``spec`` (``%(a)s::VARCHAR[]``), passed as it is."""

    cache_ok = True
    render_bind_cast = True

    def __init__(self, spec: str) -> None:
        self.spec = spec

    def get_col_spec(self, **_kw: Any) -> str:
        return self.spec


def _spec(column_type: sa.types.TypeEngine[Any], dialect: Dialect) -> str:
    """The array type of a column's values, text types without their length."""
    found: sa.types.TypeEngine[Any] = column_type
    if isinstance(found, sa.types.TypeDecorator):
        found = found.impl_instance
    if isinstance(found, sa.String) and not isinstance(found, sa.Text):
        found = sa.String()
    return f"{dialect.type_compiler_instance.process(found)}[]"


def among(uow: Session, column: sa.ColumnElement[Any], values: Collection[Any]
          ) -> sa.ColumnElement[bool]:
    """``column IN (values)``; on PostgreSQL ``column = ANY(:array)``: one parameter whatever
    the number of values, so the statement's text is the same for every page (psycopg
    converts it once and prepares it after a few runs; the server parses and plans one
    parameter, not one per value), sent in binary through psycopg 3."""
    if uow.dialect != "postgresql":
        return column.in_(list(values))
    if not batched(uow):
        from sqlalchemy.dialects import postgresql

        return column == sa.any_(sa.bindparam(
            None, list(values), type_=postgresql.ARRAY(column.type)))
    _register(uow)
    spec = _spec(column.type, uow.connection.dialect)
    return column == sa.any_(sa.bindparam(None, _Array(values), type_=_ArrayType(spec)))


def _source(fields: tuple[tuple[str, str], ...]) -> Any:
    """``unnest(:a_<name>::<type> …) AS v(<name> …)``: one array parameter per field."""
    arrays = [sa.bindparam(f"a_{n}", type_=_ArrayType(spec)) for n, spec in fields]
    return sa.func.unnest(*arrays).table_valued(
        *(sa.column(n) for n, _spec in fields)).render_derived()


@functools.cache
def _insert(table: sa.Table, fields: tuple[tuple[str, str], ...], conflict: tuple[str, ...],
            update: tuple[str, ...]) -> sa.Executable:
    from sqlalchemy.dialects import postgresql

    source = _source(fields)
    names = [n for n, _spec in fields]
    statement = postgresql.insert(table).from_select(
        names, sa.select(*(source.c[n] for n in names)))
    if conflict:
        statement = statement.on_conflict_do_update(
            index_elements=[table.c[n] for n in conflict],
            set_={n: statement.excluded[n] for n in update})
    return statement


@functools.cache
def _update(table: sa.Table, fields: tuple[tuple[str, str], ...],
            keys: tuple[tuple[str, str], ...], names: tuple[str, ...]) -> sa.Executable:
    source = _source(fields)
    return (table.update()
            .where(*(table.c[column] == source.c[field] for field, column in keys))
            .values({n: source.c[n] for n in names}))


def _arrays(uow: Session, table: sa.Table, rows: Sequence[dict[str, Any]],
            fields: Sequence[tuple[str, str]]) -> tuple[tuple[tuple[str, str], ...],
                                                        dict[str, Any]]:
    """The (field, array type) pairs of ``fields`` (field name, column it goes to) and the
    parameters: each field's values through the column's own bind processing (an instant's
    checks and conversion to UTC)."""
    _register(uow)
    dialect = uow.connection.dialect
    typed: list[tuple[str, str]] = []
    params: dict[str, Any] = {}
    for field, column in fields:
        column_type = table.c[column].type
        typed.append((field, _spec(column_type, dialect)))
        process = column_type.dialect_impl(dialect).bind_processor(dialect)
        values = [row[field] for row in rows]
        params[f"a_{field}"] = _Array(values if process is None else map(process, values))
    return tuple(typed), params


def insert_rows(
    uow: Session, table: sa.Table, rows: Sequence[dict[str, Any]], *,
    on_unique: Callable[[], SupervisionError] | None = None,
) -> None:
    """Insert ``rows`` (dicts with the same keys) in one statement, or one ``executemany``
    where rows are not sent as arrays; a unique violation is ``on_unique()``."""
    if not rows:
        return
    if len(rows) == 1 or not batched(uow):
        uow.execute(table.insert(), list(rows), on_unique=on_unique)
        return
    fields, params = _arrays(uow, table, rows, [(n, n) for n in rows[0]])
    uow.execute(_insert(table, fields, (), ()), params, on_unique=on_unique)


def upsert_rows(
    uow: Session, table: sa.Table, rows: Sequence[dict[str, Any]], *, key: Sequence[str],
) -> None:
    """Insert ``rows``, or where a row with the same ``key`` exists, replace its other
    columns (``INSERT … ON CONFLICT (key) DO UPDATE``): one statement, or one
    ``executemany``."""
    if not rows:
        return
    names = tuple(rows[0])
    update = tuple(n for n in names if n not in key)
    if batched(uow):
        fields, params = _arrays(uow, table, rows, [(n, n) for n in names])
        uow.execute(_insert(table, fields, tuple(key), update), params)
        return
    uow.execute(_upsert(table, uow.dialect, tuple(key), update), list(rows))


def replace_facts(uow: Session, rows: Sequence[dict[str, Any]]) -> None:
    """Replace the ``matter_facts`` rows of changed matters (``_rows.facts_row``): one
    ``UPDATE`` by matter id for all of them (arrays on PostgreSQL, the driver's
    ``executemany`` on SQLite); when it changed fewer rows than given (a host's matter
    stored without facts), :func:`upsert_rows` of them all (the rows it updated are written
    again with the same values)."""
    if not rows:
        return
    facts = uow.tables.matter_facts
    names = [n for n in rows[0] if n != "matter_id"]
    keys = (("f_key", "matter_id"),)
    keyed = [{"f_key": row["matter_id"], **row} for row in rows]
    done: int | None = None
    if len(rows) > 1 and batched(uow):
        done = update_rows(uow, facts, keyed, keys=keys, names=names)
    elif len(rows) >= _bulk.SQLITE_DRIVER_FROM and uow.dialect == "sqlite":
        try:
            done = _bulk.driver_update(uow.connection, facts, keyed, names=names, keys=keys)
        except sa.exc.DBAPIError as error:
            raise translate(error, "committing") from error
    if done is None:
        statement = facts.update().where(facts.c.matter_id == sa.bindparam("f_key")).values(
            {n: sa.bindparam(f"f_{n}", type_=facts.c[n].type) for n in names})
        done = int(uow.execute(statement, [
            {"f_key": row["matter_id"], **{f"f_{n}": row[n] for n in names}} for row in rows
        ]).rowcount)
    if done != len(rows):
        upsert_rows(uow, facts, rows, key=("matter_id",))


@functools.cache
def _upsert(table: sa.Table, dialect: str, key: tuple[str, ...], update: tuple[str, ...]
            ) -> sa.Executable:
    if dialect == "postgresql":
        from sqlalchemy.dialects import postgresql

        pg = postgresql.insert(table)
        return pg.on_conflict_do_update(index_elements=[table.c[n] for n in key],
                                        set_={n: pg.excluded[n] for n in update})
    from sqlalchemy.dialects import sqlite

    lite = sqlite.insert(table)
    return lite.on_conflict_do_update(index_elements=[table.c[n] for n in key],
                                      set_={n: lite.excluded[n] for n in update})


def update_rows(
    uow: Session, table: sa.Table, rows: Sequence[dict[str, Any]], *,
    keys: Sequence[tuple[str, str]], names: Sequence[str],
) -> int:
    """Set the columns ``names`` of the rows matching each row's ``keys`` (``(field of the
    row, column it must equal)`` pairs: the id and the version read) in one ``UPDATE … FROM
    unnest(…)``; the number of rows changed. Only where :func:`batched`."""
    fields, params = _arrays(uow, table, rows, [*keys, *((n, n) for n in names)])
    statement = _update(table, fields, tuple(keys), tuple(names))
    return int(uow.execute(statement, params).rowcount)


#: The changed matters of a commit: (id, (matter, row, version read)).
Updated = list[tuple[str, tuple[Any, dict[str, Any], int]]]


def update_matters(uow: Session, updated: Updated) -> None:
    """Replace the changed matters, each only at the version it was read at: one statement
    per shape of row — full rows, and the narrow rows of matters changed only in their
    version (``_body_patch.narrow_row``: id, version, body and wake) — for all of them
    (arrays on PostgreSQL, the driver's ``executemany`` on SQLite, else an executemany where
    the driver counts its rows)."""
    shapes: dict[tuple[str, ...], Updated] = {}
    for item in updated:
        shapes.setdefault(tuple(item[1][1]), []).append(item)
    for rows in shapes.values():
        _update_matters(uow, rows)


def _update_matters(uow: Session, updated: Updated) -> None:
    """:func:`update_matters` of rows with the same columns."""
    matters = uow.tables.matters
    names = [n for n in updated[0][1][1] if n != "id"]
    if len(updated) > 1 and batched(uow):
        done = update_rows(uow, matters, [{"m_id": i, "m_base": base, **row}
                                          for i, (_matter, row, base) in updated],
                           keys=(("m_id", "id"), ("m_base", "version")), names=names)
        if done != len(updated):
            _conflicting(uow, updated)
        return
    if len(updated) >= _bulk.SQLITE_DRIVER_FROM and uow.dialect == "sqlite":
        try:
            counted = _bulk.driver_update(
                uow.connection, matters,
                [{"m_id": i, "m_base": base, **row} for i, (_matter, row, base) in updated],
                names=names, keys=(("m_id", "id"), ("m_base", "version")))
        except sa.exc.DBAPIError as error:
            raise translate(error, "committing") from error
        if counted is not None:
            if counted != len(updated):
                _conflicting(uow, updated)
            return
    if len(updated) == 1 or not uow.connection.dialect.supports_sane_multi_rowcount:
        for matter_id, (_matter, row, base) in updated:
            done = uow.execute(
                matters.update()
                .where(matters.c.id == matter_id, matters.c.version == base)
                .values(row)
            ).rowcount
            if done != 1:
                actual = uow.execute(
                    sa.select(matters.c.version).where(matters.c.id == matter_id)
                ).scalar()
                raise ConcurrencyError("matter", matter_id, base, actual)
        return
    statement = (
        matters.update()
        .where(matters.c.id == sa.bindparam("m_id"),
               matters.c.version == sa.bindparam("m_base"))
        .values({n: sa.bindparam(f"m_{n}", type_=matters.c[n].type) for n in names})
    )
    params = [{"m_id": i, "m_base": base, **{f"m_{n}": row[n] for n in names}}
              for i, (_matter, row, base) in updated]
    if uow.execute(statement, params).rowcount != len(updated):
        _conflicting(uow, updated)


def _conflicting(uow: Session, updated: Updated) -> NoReturn:
    """The ConcurrencyError of the first matter of ``updated`` whose stored version is not
    the one written (after a batched update changed fewer rows than it was given)."""
    matters = uow.tables.matters
    stored = {
        r.id: (r.version, r.body) for r in uow.execute(
            sa.select(matters.c.id, matters.c.version, matters.c.body)
            .where(among(uow, matters.c.id, [i for i, _ in updated])))
    }
    for matter_id, (matter, row, base) in updated:
        found = stored.get(matter_id)
        if found != (matter.version, row["body"]):
            raise ConcurrencyError("matter", matter_id, base,
                                   None if found is None else found[0])
    raise ConcurrencyError("matter", updated[0][0], updated[0][1][2], None)


def write_wakes(uow: Session, staged: Staged, woken: set[str]) -> None:
    """Store the staged wakes (those not written with their matter: ``woken``), each only
    where the matter is still at the version it was staged for (one statement: arrays on
    PostgreSQL, the driver's ``executemany`` on SQLite, else SQLAlchemy's)."""
    matters = uow.tables.matters
    if staged.reset_wakes:
        uow.execute(matters.update().values(wake_at=WAKE_UNKNOWN))
    wakes = sorted((i, vw) for i, vw in staged.wakes.items() if i not in woken)
    if not wakes:
        return
    keys = (("w_id", "id"), ("w_version", "version"))
    if len(wakes) > 1 and batched(uow):
        update_rows(uow, matters, [{"w_id": i, "w_version": v, "wake_at": w}
                                   for i, (v, w) in wakes], keys=keys, names=("wake_at",))
        return
    if len(wakes) >= _bulk.SQLITE_DRIVER_FROM and uow.dialect == "sqlite":
        try:
            done = _bulk.driver_update(uow.connection, matters, [
                {"w_id": i, "w_version": v, "wake_at": w} for i, (v, w) in wakes],
                names=("wake_at",), keys=keys)
        except sa.exc.DBAPIError as error:
            raise translate(error, "committing") from error
        if done is not None:
            return
    uow.execute(
        matters.update()
        .where(
            matters.c.id == sa.bindparam("wake_id"),
            matters.c.version == sa.bindparam("wake_version"),
        )
        .values(wake_at=sa.bindparam("wake", type_=UTCDateTime)),
        [{"wake_id": i, "wake_version": v, "wake": w} for i, (v, w) in wakes],
    )
