"""The sweep settles its quiet matters (``matters.settle_quiet``) through the wake index on
SQLite: the planner, which may prefer the (is_open, id) index and then walk every matter no
longer open on every sweep, is kept off it (``is_open + 0``, the same test of the stored 0
or 1). What is settled is the straightforward UPDATE's (issue 16 #2)."""

from __future__ import annotations

import datetime as dt

import attrs
import sqlalchemy as sa
from sql_support import sql_ladder_world
from test_sql_first_sweep import SECOND

from supervision.adapters.sqlalchemy import SqlAlchemyUnitOfWork, _quiet
from supervision.domain import Status
from supervision.testing.contract import sample_matter

_DAY = dt.datetime(2026, 6, 1, 9, 0, tzinfo=dt.UTC)


def _stored(engine: sa.Engine, count: int) -> None:
    """``count`` matters stored as a city's are between two sweeps: half closed and settled
    (no wake), half open with wakes of their own, one in fifty with its wake unknown."""
    with SqlAlchemyUnitOfWork(engine) as uow:
        for i in range(1, count + 1):
            matter, _ = sample_matter(f"m-{i:04d}", i, unit_id="u-1")
            uow.matters.add(attrs.evolve(matter, status=Status.CLOSED if i % 2 else (
                Status.IN_PROGRESS)))
        uow.commit()
    with SqlAlchemyUnitOfWork(engine) as uow:
        uow.matters.set_wakes([
            (m.id, m.version, None if m.status is Status.CLOSED else _DAY + dt.timedelta(
                hours=int(m.id[2:]))) for m in uow.matters.get_many(
                [f"m-{i:04d}" for i in range(1, count + 1) if i % 50])])
        uow.commit()


def _settling(engine: sa.Engine) -> tuple[str, object]:
    """The UPDATE ``settle_quiet`` sends (rolled back)."""
    sent: list[tuple[str, object]] = []

    def keep(*args: object) -> None:
        if str(args[2]).startswith("UPDATE sv_matters SET wake_at"):
            sent.append((str(args[2]), args[3]))

    sa.event.listen(engine, "before_cursor_execute", keep)
    try:
        with SqlAlchemyUnitOfWork(engine) as uow:
            uow.matters.settle_quiet(since=_DAY - dt.timedelta(days=7), offices=None)
            uow.commit()
    finally:
        sa.event.remove(engine, "before_cursor_execute", keep)
    [found] = sent
    return found


def test_sqlite_settles_the_quiet_matters_through_the_wake_index(
    sqlite_engine: sa.Engine,
) -> None:
    """The settling UPDATE over 2,000 stored matters, planned by SQLite without and with the
    tables' statistics (ANALYZE), seeks the (wake_at, id) index, never the (is_open, id)
    one. Without statistics SQLite takes whichever of two equal indexes was created last,
    and the migration creates a table's indexes in no fixed order: here the (is_open, id)
    index is made the last (the plain ``is_open = 0`` then walks it)."""
    _stored(sqlite_engine, 2000)
    with sqlite_engine.begin() as connection:
        [create] = connection.exec_driver_sql(
            "SELECT sql FROM sqlite_master WHERE name = 'ix_sv_matters_is_open_id'").one()
        connection.exec_driver_sql("DROP INDEX ix_sv_matters_is_open_id")
        connection.exec_driver_sql(create)
    for analyzed in (False, True):
        if analyzed:
            with sqlite_engine.begin() as connection:
                connection.exec_driver_sql("ANALYZE")
        statement, parameters = _settling(sqlite_engine)
        with sqlite_engine.connect() as connection:
            plan = " ".join(str(row[3]) for row in connection.exec_driver_sql(
                "EXPLAIN QUERY PLAN " + statement, parameters))  # type: ignore[arg-type]
        assert "INDEX ix_sv_matters_wake_at_id (wake_at=?)" in plan, (analyzed, plan)
        assert "is_open" not in plan, plan


def test_quiet_matters_found_through_the_wake_index_are_those_the_plain_test_finds(
    sqlite_engine: sa.Engine,
) -> None:
    """Before, between and after the first-sweep tests' two sweeps (unknown wakes, open and
    closed matters, matters before dispatch, events old and new), for every lookback and
    every choice of offices, the matters ``settle_quiet`` settles on SQLite
    (``is_open + 0 = 0``) are those of the plain ``is_open = false`` (as PostgreSQL tests
    it), and some are found."""
    from escalation_world import at
    from test_sql_first_sweep import FIRST, _script

    world = sql_ladder_world(sqlite_engine, "chizhou-2021")
    _script(world)
    found = 0
    for sweep_at in (None, FIRST, SECOND):
        if sweep_at is not None:
            with sqlite_engine.begin() as connection:  # every wake unknown once more
                connection.exec_driver_sql("UPDATE sv_matters SET wake_at = '1970-01-01'"
                                           " WHERE wake_at IS NOT NULL")
            world.sweep(sweep_at)
            with sqlite_engine.begin() as connection:
                connection.exec_driver_sql("UPDATE sv_matters SET wake_at = "
                                           "'1970-01-01 00:00:00.000000'")
        tables = SqlAlchemyUnitOfWork(sqlite_engine).tables
        t = tables.matters
        for days in (None, 0, 1, 7, 30, 400):
            since = None if days is None else at(SECOND) - dt.timedelta(days=days)
            for offices in (None, [], [world.office().id], ["elsewhere"]):
                with sqlite_engine.connect() as connection:
                    ids = [
                        {r.id for r in connection.execute(sa.select(t.c.id).where(
                            *_quiet.quiet(tables, dialect, since, offices)))}
                        for dialect in ("sqlite", "postgresql")]
                assert ids[0] == ids[1]
                found += len(ids[0])
    assert found
