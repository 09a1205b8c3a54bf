"""Benchmark: the service layer's daily sweep in memory, on SQLite and on PostgreSQL.

    .venv/bin/python benchmarks/sweep.py                       # 10k and 100k, every store
    .venv/bin/python benchmarks/sweep.py --db memory --sizes 10000 1000000
    .venv/bin/python benchmarks/sweep.py --db sqlite postgres --sizes 1000000 --due 100

For each store and size N (see ``_world.py``: ``--due`` matters fall due between the warm-up
and the sweep) it measures in one run:

* the **warm-up**: the first sweep after the bulk registration, which looks at every matter
  once (records their pre-deadline warnings and stores their wakes); target ≤ 3 min at 1M;
* the **timed sweep** four days later, which evaluates exactly the ``--due`` matters and
  records their escalations and score entries (on PostgreSQL after a ``VACUUM ANALYZE``,
  what autovacuum has done by then; ``--no-vacuum`` leaves it out); its growth
  t(largest N)/t(smallest N) must stay ≤ 1.5 (in memory too);
* the **pure engine** on the same due matters (``evaluate`` then ``next_wake`` on records read
  beforehand, no storage at all), the reference for the cost per evaluated matter: the
  timed sweep per matter must stay ≤ 3× the engine's. On SQL the timed sweep runs
  ``--repeat`` times, the database put back as the warm-up left it before each (same
  engine), the engine timed just before each, and the best of each is kept (the machine is
  shared).

PostgreSQL: a throwaway server (``supervision.testing.postgres``) unless ``--pg-url``.
Exits 1 if a target is missed.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

# this folder after the standard library: benchmarks/calendar.py must not shadow ``calendar``
_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE] + [str(_HERE)]

from _world import SWEEP_AT, WARM_UP, best_of, context, store  # noqa: E402

from supervision.adapters.memory import InMemoryStore, InMemoryUnitOfWork  # noqa: E402
from supervision.domain.escalation import MatterRecord, evaluate, next_wake  # noqa: E402
from supervision.ports import UnitOfWork  # noqa: E402
from supervision.service_layer import sweep as sweeping  # noqa: E402


@contextlib.contextmanager
def storage(
    kind: str, pg_url: str | None, pg_settings: dict[str, str] | None = None
) -> Iterator[Callable[[str], Callable[[], UnitOfWork]]]:
    """Yields a factory: name → a unit-of-work factory on fresh, empty storage of ``kind``
    (``pg_settings``: extra settings of the throwaway PostgreSQL server started)."""
    if kind == "memory":
        def make_memory(_name: str) -> Callable[[], UnitOfWork]:
            shared = InMemoryStore()
            return lambda: InMemoryUnitOfWork(shared)

        yield make_memory
        return
    from supervision.adapters.sqlalchemy import SqlAlchemyUnitOfWork, create_engine, upgrade

    if kind == "sqlite":
        with tempfile.TemporaryDirectory() as tmp:
            def make_sqlite(name: str) -> Callable[[], UnitOfWork]:
                url = f"sqlite:///{Path(tmp) / name}.db"
                upgrade(url)
                engine = create_engine(url)
                return lambda: SqlAlchemyUnitOfWork(engine)

            yield make_sqlite
        return
    import sqlalchemy as sa

    with contextlib.ExitStack() as stack:
        if pg_url is None:
            from supervision.testing.postgres import TemporaryPostgres

            pg_url = stack.enter_context(TemporaryPostgres(settings=pg_settings)).url
        admin = sa.create_engine(pg_url, isolation_level="AUTOCOMMIT")
        stack.callback(admin.dispose)

        def make_pg(name: str) -> Callable[[], UnitOfWork]:
            with admin.connect() as connection:
                connection.exec_driver_sql(f"DROP DATABASE IF EXISTS sweep_{name} WITH (FORCE)")
                connection.exec_driver_sql(f"CREATE DATABASE sweep_{name}")
            url = sa.make_url(pg_url).set(database=f"sweep_{name}")
            upgrade(url)
            engine = create_engine(url.render_as_string(hide_password=False))
            stack.callback(engine.dispose)
            return lambda: SqlAlchemyUnitOfWork(engine)

        yield make_pg


def analyze(make_uow: Callable[[], UnitOfWork], *, vacuum: bool = False) -> None:
    """ANALYZE the database (SQL); with ``vacuum`` on PostgreSQL, VACUUM ANALYZE: what
    autovacuum has done by the timed sweep four days after the warm-up. The warm-up rewrites
    every matter's wake, so until a vacuum the (wake_at, id) index holds a dead entry per
    stored matter at the unknown wake, ahead of the due ones, and the sweep's first read of
    its due matters visits all of them (91–142 ms at 100k). A database put back from its
    template copy starts with empty statistics, so autovacuum would never see them."""
    engine = getattr(make_uow(), "engine", None)
    if engine is not None:
        postgres = engine.url.get_backend_name() == "postgresql"
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.exec_driver_sql("VACUUM ANALYZE" if vacuum and postgres else "ANALYZE")


def engine_seconds(make_uow: Callable[[], UnitOfWork]) -> tuple[float, int]:
    """(seconds, matters) of the pure engine on the matters due at SWEEP_AT, read first."""
    ctx = context(SWEEP_AT)
    with make_uow() as uow:
        ids = [i for _w, i in uow.matters.wake_due(before=SWEEP_AT, limit=100_000)]
        matters = uow.matters.get_many(ids)
        events = uow.events.for_matters(ids)
        issued = uow.escalations.for_matters(ids)
        office = uow.offices.get(matters[0].office_id)
    calendar, close = ctx.calendar_of(office), ctx.close_of(office)
    records = [(MatterRecord(m, tuple(events[m.id]), tuple(issued[m.id])), ctx.policy_of(m))
               for m in matters]

    def run() -> None:
        for record, policy in records:
            evaluate(record, policy, calendar, SWEEP_AT, close=close)
            next_wake(record, policy, calendar, SWEEP_AT, close=close)

    return best_of(3, run), len(records)


def restorer(make_uow: Callable[[], UnitOfWork]) -> Callable[[], None] | None:
    """Keep a copy of the database behind ``make_uow`` as it is now; the function returned
    puts it back (None in memory, which is not timed again). The engine stays the same, so
    its compiled statements stay warm (SQLite: the backup API; PostgreSQL: ``CREATE
    DATABASE … TEMPLATE`` of the copy)."""
    engine = getattr(make_uow(), "engine", None)
    if engine is None:
        return None
    import sqlalchemy as sa

    url = engine.url
    if url.get_backend_name() == "sqlite":
        import sqlite3

        path = str(url.database)
        kept = path + ".kept"

        def copy(source: str, target: str) -> None:
            engine.dispose()
            with contextlib.closing(sqlite3.connect(source)) as a, \
                    contextlib.closing(sqlite3.connect(target)) as b:
                a.backup(b)

        copy(path, kept)
        return lambda: copy(kept, path)
    name, kept_name = str(url.database), f"{url.database}_kept"

    def run(*statements: str) -> None:
        engine.dispose()
        admin = sa.create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            for statement in statements:
                connection.exec_driver_sql(statement)
        admin.dispose()

    run(f"DROP DATABASE IF EXISTS {kept_name} WITH (FORCE)",
        f"CREATE DATABASE {kept_name} TEMPLATE {name}")
    return lambda: run(f"DROP DATABASE {name} WITH (FORCE)",
                       f"CREATE DATABASE {name} TEMPLATE {kept_name}")


def measure(make_uow: Callable[[], UnitOfWork], n: int, due: int, repeat: int = 3,
            vacuum: bool = True) -> dict[str, float]:
    t0 = time.perf_counter()
    store(make_uow, n, due)
    loaded = time.perf_counter() - t0
    analyze(make_uow)
    warm_ctx, ctx = context(WARM_UP), context(SWEEP_AT)
    t0 = time.perf_counter()
    warm = sweeping.sweep(make_uow(), warm_ctx, batch_size=1000)
    warm_s = time.perf_counter() - t0
    analyze(make_uow, vacuum=vacuum)
    timed_s = engine_s = float("inf")
    # the timed sweep (and the engine just before it), the database put back as the warm-up
    # left it before each run, the best of each kept: the machine is shared
    restore = restorer(make_uow)
    for rep in range(1 if restore is None else repeat):
        if rep and restore is not None:
            restore()
            analyze(make_uow, vacuum=vacuum)
        engine_once, engine_n = engine_seconds(make_uow)
        t0 = time.perf_counter()
        summary = sweeping.sweep(make_uow(), ctx)
        timed_s = min(timed_s, time.perf_counter() - t0)
        engine_s = min(engine_s, engine_once)
        if summary.matters_evaluated != due or engine_n != due:
            raise SystemExit(f"expected {due} due, swept {summary.matters_evaluated}, "
                             f"engine {engine_n}")
    return {
        "load": loaded, "warm": warm_s, "warm_matters": warm.matters_evaluated,
        "timed": timed_s, "engine": engine_s, "escalations": len(summary.escalations),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", nargs="+", default=["memory", "sqlite", "postgres"],
                        choices=["memory", "sqlite", "postgres"])
    parser.add_argument("--sizes", nargs="+", type=int, default=[10_000, 100_000])
    parser.add_argument("--due", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3,
                        help="timed sweeps on copies of the database (SQL; the best is kept)")
    parser.add_argument("--pg-url")
    parser.add_argument("--no-vacuum", action="store_true",
                        help="PostgreSQL: only ANALYZE after the warm-up (no autovacuum yet)")
    args = parser.parse_args(argv)
    ok = True
    for kind in args.db:
        results: dict[int, dict[str, float]] = {}
        with storage(kind, args.pg_url) as make:
            for n in args.sizes:
                results[n] = r = measure(make(f"n{n}"), n, args.due, args.repeat,
                                         vacuum=not args.no_vacuum)
                per = r["timed"] / args.due
                engine = r["engine"] / args.due
                print(f"{kind:8} N={n:>9,}  load {r['load']:8.1f} s  warm-up {r['warm']:8.2f} s "
                      f"({r['warm'] / n * 1e3:.3f} ms/matter)  "
                      f"timed sweep {r['timed'] * 1e3:8.1f} ms "
                      f"({r['escalations']:.0f} escalations)  per matter {per * 1e3:.3f} ms  "
                      f"engine {engine * 1e3:.3f} ms  ratio {per / engine:.2f}", flush=True)
                if per / engine > 3:
                    print(f"  MISSED: per matter {per / engine:.2f}× the engine (target ≤ 3)")
                    ok = False
        small, large = min(results), max(results)
        if small != large:
            growth = results[large]["timed"] / results[small]["timed"]
            # the same growth with each timed sweep divided by the engine's time measured
            # just before it: what is left when the machine's speed changed between sizes
            steady = (results[large]["timed"] / results[large]["engine"]) / (
                results[small]["timed"] / results[small]["engine"])
            print(f"{kind:8} growth t({large:,})/t({small:,}) = {growth:.2f} (target ≤ 1.5); "
                  f"in engine units {steady:.2f}")
            ok = ok and growth <= 1.5
        if large >= 1_000_000 and results[large]["warm"] > 180:
            print(f"  MISSED: warm-up at {large:,} took {results[large]['warm']:.0f} s (≤ 180)")
            ok = False
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
