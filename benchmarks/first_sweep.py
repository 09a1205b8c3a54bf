"""Benchmark: the first sweep after a bulk registration (``sweep.py``'s warm-up) alone.

    .venv/bin/python benchmarks/first_sweep.py --db sqlite postgres --sizes 10000 100000
    .venv/bin/python benchmarks/first_sweep.py --db sqlite --sizes 1000000
    .venv/bin/python benchmarks/first_sweep.py --db sqlite --sizes 10000 --plain
    .venv/bin/python benchmarks/first_sweep.py --db postgres --sizes 1000000 \
        --pg-setting shared_buffers=1GB
    .venv/bin/python benchmarks/first_sweep.py --db postgres --sizes 100000 --workers 1 2

For each store and N it stores the ``_world`` dataset (half the matters closed and quiet, half
open, ``--due`` of them due within days) through the library's bulk path, ANALYZEs, and times
the first sweep at ``WARM_UP`` (``batch_size=1000``, as ``sweep.py`` does): wall time, this
process's CPU time (the sweep's own share on a shared machine; on PostgreSQL the server's is
not in it) and the load average. ``--plain`` sweeps without settling the quiet matters no
longer open first (what the sweep did before: every matter read), the reference for what
settling saves. ``--pg-setting NAME=VALUE`` (repeatable) sets a setting of the throwaway
PostgreSQL server (its defaults are a small test server's: ``shared_buffers=32MB``).
``--workers N …`` (PostgreSQL) times, after the single sweep, N worker processes sharing
the first sweep (``sweep(claim=True)``: each settles the quiet matters first, one at a time,
then claims pages with ``FOR UPDATE SKIP LOCKED``), each N on a copy of the stored database
(``CREATE DATABASE … TEMPLATE``), and checks that they record what the single sweep recorded
(escalation keys, score entries, the same wakes) and evaluate the same matters between them.
Target: ≤ 0.18 ms per stored matter, ≤ 3 min at 1M (exit 1 if missed at 1M or more by the
single sweep and by every worker count asked for).
"""

from __future__ import annotations

import argparse
import contextlib
import multiprocessing as mp
import os
import sys
import time
from collections.abc import Iterator, Sequence
from multiprocessing.synchronize import Event as EventType
from pathlib import Path
from typing import TYPE_CHECKING, Any

_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE] + [str(_HERE)]

from _world import WARM_UP, context, store  # noqa: E402
from sweep import analyze, storage  # noqa: E402

from supervision.service_layer import _quiet  # noqa: E402
from supervision.service_layer import sweep as sweeping  # noqa: E402

if TYPE_CHECKING:
    import sqlalchemy as sa


def _worker(url: str, ready: Any, go: EventType, results: Any) -> None:
    """One worker process sharing the first sweep (connected before the start)."""
    from supervision.adapters.sqlalchemy import SqlAlchemyUnitOfWork, create_engine

    engine = create_engine(url)
    with engine.connect() as connection:
        connection.exec_driver_sql("SELECT 1")
    ctx = context(WARM_UP)
    ready.put(1)
    go.wait()
    cpu = time.process_time()
    summary = sweeping.sweep(SqlAlchemyUnitOfWork(engine), ctx, batch_size=1000, claim=True)
    results.put((summary.matters_evaluated, time.perf_counter(), time.process_time() - cpu))
    engine.dispose()


def workers_run(url: str, workers: int) -> tuple[float, int, float]:
    """(wall seconds from the release of all workers to the last one's end, matters
    evaluated by all, their CPU seconds) of ``workers`` processes on ``url``."""
    spawn = mp.get_context("spawn")
    ready, results, go = spawn.Queue(), spawn.Queue(), spawn.Event()
    procs = [spawn.Process(target=_worker, args=(url, ready, go, results))
             for _ in range(workers)]
    for proc in procs:
        proc.start()
    for _ in procs:
        ready.get(timeout=300)
    start = time.perf_counter()
    go.set()
    found = [results.get(timeout=7200) for _ in procs]
    for proc in procs:
        proc.join()
        if proc.exitcode != 0:
            raise SystemExit(f"a worker failed (exit code {proc.exitcode})")
    return (max(f[1] for f in found) - start, sum(f[0] for f in found),
            sum(f[2] for f in found))


def stored_state(engine: sa.Engine) -> tuple[int, int, int, str]:
    """What a first sweep stored, to compare two runs: the number of escalations, score
    entries and matters with a wake, and a digest of every (matter id, wake) and escalation
    and score-entry key (computed by the server)."""
    import sqlalchemy as sa

    with engine.connect() as connection:
        row = connection.execute(sa.text(
            "SELECT (SELECT count(*) FROM sv_escalations), (SELECT count(*) FROM sv_score_entries),"
            " (SELECT count(*) FROM sv_matters WHERE wake_at IS NOT NULL),"
            " md5((SELECT string_agg(id || ':' || coalesce(wake_at::text, '-'), ',' ORDER BY id)"
            " FROM sv_matters) || (SELECT coalesce(string_agg(key, ',' ORDER BY key), '')"
            " FROM sv_escalations) || (SELECT coalesce(string_agg(key, ',' ORDER BY key), '')"
            " FROM sv_score_entries))")).one()
    return int(row[0]), int(row[1]), int(row[2]), str(row[3])


@contextlib.contextmanager
def plain() -> Iterator[None]:
    """The sweep without settling the quiet matters no longer open first."""
    kept = _quiet.settle
    _quiet.settle = lambda *args, **kwargs: None
    try:
        yield
    finally:
        _quiet.settle = kept


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", nargs="+", default=["sqlite", "postgres"],
                        choices=["memory", "sqlite", "postgres"])
    parser.add_argument("--sizes", nargs="+", type=int, default=[10_000, 100_000])
    parser.add_argument("--due", type=int, default=100)
    parser.add_argument("--pg-url")
    parser.add_argument("--pg-setting", action="append", default=[], metavar="NAME=VALUE",
                        help="a setting of the throwaway PostgreSQL server (repeatable)")
    parser.add_argument("--plain", action="store_true",
                        help="do not settle the quiet matters no longer open first")
    parser.add_argument("--workers", nargs="+", type=int, default=[], metavar="N",
                        help="PostgreSQL: also time N worker processes sharing the first "
                             "sweep (claim=True), each N on a copy of the stored database")
    args = parser.parse_args(argv)
    if args.workers and (args.db != ["postgres"] or args.plain
                         or any(n < 1 for n in args.workers)):
        parser.error("--workers N (N >= 1) goes with --db postgres alone, without --plain")
    settings = dict(item.partition("=")[::2] for item in args.pg_setting)
    if settings:
        print("PostgreSQL settings: " + ", ".join(f"{k}={v}" for k, v in settings.items()))
    ok = True
    for kind in args.db:
        with storage(kind, args.pg_url, settings) as make:
            for n in args.sizes:
                make_uow = make(f"first{n}")
                t0 = time.perf_counter()
                store(make_uow, n, args.due)
                loaded = time.perf_counter() - t0
                analyze(make_uow)
                copies = copied(make_uow, args.workers)
                with plain() if args.plain else contextlib.nullcontext():
                    t0, c0 = time.perf_counter(), time.process_time()
                    summary = sweeping.sweep(make_uow(), context(WARM_UP), batch_size=1000)
                    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
                print(f"{kind:8} N={n:>9,}  load {loaded:7.1f} s  first sweep {wall:8.2f} s "
                      f"({wall / n * 1e3:.3f} ms/stored matter, CPU {cpu / n * 1e3:.3f} ms)  "
                      f"evaluated {summary.matters_evaluated:,}  "
                      f"escalations {len(summary.escalations)}  "
                      f"load average {os.getloadavg()[0]:.1f}", flush=True)
                best = wall
                if copies:
                    expected = stored_state(engine_of(make_uow))
                for workers, url in copies.items():
                    shared, evaluated, cpu = workers_run(url, workers)
                    best = min(best, shared)
                    same = stored_state(_engine(url)) == expected
                    print(f"{'':8} {workers} worker{'s' if workers > 1 else ' '} sharing it "
                          f"{shared:8.2f} s ({shared / n * 1e3:.3f} ms/stored matter, "
                          f"{shared / wall:.2f}× the single sweep; workers' CPU "
                          f"{cpu / n * 1e3:.3f} ms)  evaluated {evaluated:,}  "
                          f"same records and wakes: {'yes' if same else 'NO'}", flush=True)
                    if not same or evaluated != summary.matters_evaluated:
                        print("  MISMATCH: the workers did not store what the single sweep did")
                        ok = False
                if n >= 1_000_000 and best > 180:
                    print(f"  MISSED: {best:.0f} s at {n:,} (target ≤ 180 s)")
                    ok = False
    return 0 if ok else 1


def engine_of(make_uow: Any) -> sa.Engine:
    """The engine of a factory's units of work."""
    engine: sa.Engine = make_uow().engine
    return engine


def _engine(url: str) -> sa.Engine:
    import sqlalchemy as sa

    return sa.create_engine(url)


def copied(make_uow: Any, workers: Sequence[int]) -> dict[int, str]:
    """For each worker count, the URL of a copy of the stored database (``CREATE DATABASE …
    TEMPLATE``, so each run starts where the single sweep starts); none without counts."""
    if not workers:
        return {}
    import sqlalchemy as sa

    engine = engine_of(make_uow)
    engine.dispose()  # a template may have no other connection
    url = engine.url
    admin = sa.create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    found: dict[int, str] = {}
    with admin.connect() as connection:
        for count in dict.fromkeys(workers):
            name = f"{url.database}_w{count}"
            connection.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
            connection.exec_driver_sql(f"CREATE DATABASE {name} TEMPLATE {url.database}")
            found[count] = url.set(database=name).render_as_string(hide_password=False)
    admin.dispose()
    return found


if __name__ == "__main__":
    sys.exit(main())
