"""Benchmark: several PostgreSQL sweep workers sharing one sweep (issue 10.6).

    .venv/bin/python benchmarks/workers.py                          # 100k matters, 2,000 due
    .venv/bin/python benchmarks/workers.py --size 20000 --due 500   # a quick run
    .venv/bin/python benchmarks/workers.py --pg-url postgresql+psycopg://user@host/db

One database of N dispatched matters (see ``_world.py``) is stored and warmed up once (the
first sweep, which stores every matter's wake), then copied (``CREATE DATABASE … TEMPLATE``)
for each run, so that every run starts from the same state: ``--due`` matters fall due. Then
1, 2 and 4 worker processes run ``sweep(claim=True)`` at the same instant, each with its own
engine: each page claims the next due matters with ``FOR UPDATE SKIP LOCKED``, so the workers
split them. Wall time runs from the moment all workers are released to the last one's end.

Checked in every run: the matters evaluated by all workers add up to ``--due`` (disjoint
claims) and the escalations recorded to the one-worker run's. Target: 2 workers ≤ 0.6× the
wall time of one. Exits 1 if it is missed. PostgreSQL: a throwaway server unless ``--pg-url``.
"""

from __future__ import annotations

import argparse
import contextlib
import multiprocessing as mp
import sys
import time
from collections.abc import Sequence
from multiprocessing.synchronize import Event as EventType
from pathlib import Path
from typing import Any

# this folder after the standard library: benchmarks/calendar.py must not shadow ``calendar``
_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE] + [str(_HERE)]

import sqlalchemy as sa  # noqa: E402
from _world import SWEEP_AT, WARM_UP, context, store  # noqa: E402

from supervision.adapters.sqlalchemy import (  # noqa: E402
    SqlAlchemyUnitOfWork,
    create_engine,
    upgrade,
)
from supervision.service_layer import sweep as sweeping  # noqa: E402


def worker(url: str, batch: int, ready: Any, go: EventType, results: Any) -> None:
    engine = create_engine(url)
    with engine.connect() as connection:  # connected before the start
        connection.exec_driver_sql("SELECT 1")
    ctx = context(SWEEP_AT)
    ready.put(1)
    go.wait()
    summary = sweeping.sweep(SqlAlchemyUnitOfWork(engine), ctx, batch_size=batch, claim=True)
    results.put((summary.matters_evaluated, len(summary.escalations), time.perf_counter()))
    engine.dispose()


def run(url: str, workers: int, batch: int) -> tuple[float, int, int]:
    """(wall seconds, matters evaluated, escalations recorded) of ``workers`` processes."""
    spawn = mp.get_context("spawn")
    ready, results, go = spawn.Queue(), spawn.Queue(), spawn.Event()
    procs = [spawn.Process(target=worker, args=(url, batch, ready, go, results))
             for _ in range(workers)]
    for proc in procs:
        proc.start()
    for _ in procs:
        ready.get(timeout=120)
    start = time.perf_counter()
    go.set()
    found = [results.get(timeout=3600) for _ in procs]
    for proc in procs:
        proc.join()
        if proc.exitcode != 0:
            raise SystemExit(f"a worker failed (exit code {proc.exitcode})")
    wall = max(end for _e, _s, end in found) - start
    return wall, sum(e for e, _s, _t in found), sum(s for _e, s, _t in found)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--due", type=int, default=2_000)
    parser.add_argument("--batch", type=int, default=50)
    parser.add_argument("--workers", nargs="+", type=int, default=[1, 2, 4])
    parser.add_argument("--pg-url")
    args = parser.parse_args(argv)
    with contextlib.ExitStack() as stack:
        pg_url = args.pg_url
        if pg_url is None:
            from supervision.testing.postgres import TemporaryPostgres

            pg_url = stack.enter_context(TemporaryPostgres()).url
        admin = sa.create_engine(pg_url, isolation_level="AUTOCOMMIT")
        stack.callback(admin.dispose)

        def fresh(name: str, template: str | None = None) -> str:
            with admin.connect() as connection:
                connection.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
                connection.exec_driver_sql(
                    f"CREATE DATABASE {name}" + (f" TEMPLATE {template}" if template else ""))
            return sa.make_url(pg_url).set(database=name).render_as_string(hide_password=False)

        base = fresh("workers_base")
        upgrade(base)
        engine = create_engine(base)
        t0 = time.perf_counter()
        store(lambda: SqlAlchemyUnitOfWork(engine), args.size, args.due)
        with engine.connect() as connection:
            connection.exec_driver_sql("ANALYZE")
            connection.commit()
        sweeping.sweep(SqlAlchemyUnitOfWork(engine), context(WARM_UP), batch_size=1000)
        with engine.connect() as connection:
            connection.exec_driver_sql("ANALYZE")
            connection.commit()
        engine.dispose()
        print(f"stored and warmed up {args.size:,} matters in {time.perf_counter() - t0:.1f} s",
              flush=True)
        walls: dict[int, float] = {}
        expected: int | None = None
        ok = True
        for count in args.workers:
            url = fresh(f"workers_{count}", template="workers_base")
            wall, evaluated, escalations = run(url, count, args.batch)
            walls[count] = wall
            expected = escalations if expected is None else expected
            same = evaluated == args.due and escalations == expected
            ok = ok and same
            ratio = wall / walls[min(walls)]
            print(f"{count} worker(s): {wall:7.2f} s  evaluated {evaluated:,}  escalations "
                  f"{escalations:,}  ratio to {min(walls)} worker(s) {ratio:.2f}"
                  + ("" if same else "  MISMATCH"), flush=True)
        if 1 in walls and 2 in walls:
            met = walls[2] / walls[1] <= 0.6
            print(f"2 workers / 1 worker = {walls[2] / walls[1]:.2f} (target ≤ 0.6) — "
                  + ("met" if met else "MISSED"))
            ok = ok and met
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
