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

Each run prints the workers' CPU time and, on the throwaway server, the server's. On Linux
with autogroup scheduling the CPU is shared between sessions, so on a machine other sessions
keep busy the workers of one session get one session's share between them;
``--own-sessions`` starts each worker in a session of its own, as separate services run.
``--tail`` first times one worker's pages in this process: the share of each page from the
moment its commit takes the document numbers (and locks the chain head) to its end.
"""

from __future__ import annotations

import argparse
import contextlib
import multiprocessing as mp
import os
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


def worker(url: str, batch: int, ready: Any, go: EventType, results: Any,
           done: EventType, own_session: bool = False) -> None:
    if own_session:
        os.setsid()  # its own autogroup: Linux shares the CPU between sessions, not processes
    engine = create_engine(url)
    with engine.connect() as connection:  # connected before the start
        connection.exec_driver_sql("SELECT 1")
    ctx = context(SWEEP_AT)
    ready.put(1)
    go.wait()
    cpu = time.process_time()
    summary = sweeping.sweep(SqlAlchemyUnitOfWork(engine), ctx, batch_size=batch, claim=True)
    results.put((summary.matters_evaluated, len(summary.escalations), time.perf_counter(),
                 time.process_time() - cpu))
    done.wait()  # the connection (and its backend's CPU time) kept until it is counted
    engine.dispose()


def server_cpu(postmaster: int | None) -> float | None:
    """CPU seconds used so far by the PostgreSQL server whose postmaster is ``postmaster``
    (it and its children, the backends, read from /proc on Linux); None when unknown."""
    if postmaster is None:
        return None
    root = str(postmaster)
    try:
        total = 0
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            fields = stat[stat.rindex(")") + 2:].split()
            if entry.name == root or fields[1] == root:
                total += int(fields[11]) + int(fields[12])
    except (OSError, IndexError, ValueError):
        return None
    return total / os.sysconf("SC_CLK_TCK")


def run(url: str, workers: int, batch: int, postmaster: int | None = None,
        own_sessions: bool = False) -> tuple[float, int, int, float, float | None]:
    """(wall seconds, matters evaluated, escalations recorded, the workers' CPU seconds, the
    server's CPU seconds or None) of ``workers`` processes."""
    spawn = mp.get_context("spawn")
    ready, results, go, done = spawn.Queue(), spawn.Queue(), spawn.Event(), spawn.Event()
    procs = [spawn.Process(target=worker,
                           args=(url, batch, ready, go, results, done, own_sessions))
             for _ in range(workers)]
    for proc in procs:
        proc.start()
    for _ in procs:
        ready.get(timeout=120)
    before = server_cpu(postmaster)
    start = time.perf_counter()
    go.set()
    found = [results.get(timeout=3600) for _ in procs]
    after = server_cpu(postmaster)
    done.set()
    for proc in procs:
        proc.join()
        if proc.exitcode != 0:
            raise SystemExit(f"a worker failed (exit code {proc.exitcode})")
    wall = max(f[2] for f in found) - start
    server = None if before is None or after is None else after - before
    return (wall, sum(f[0] for f in found), sum(f[1] for f in found),
            sum(f[3] for f in found), server)


def tail(url: str, batch: int) -> None:
    """One worker in this process, timed per page: the share of a page's time from the
    moment its commit takes the office's document numbers (locking their series' rows on
    PostgreSQL), and from the moment it locks the event chain's head, to the end of its
    commit — what other workers queue for."""
    from supervision.adapters.sqlalchemy import _chain, _outbox, _uow

    marks: dict[str, float] = {}
    pages: list[dict[str, float]] = []
    numbering, chain, commit = (_outbox.number_documents, _chain.open_chain,
                                SqlAlchemyUnitOfWork.commit)

    def numbered(uow: Any, staged: Any) -> None:
        if staged.numbered:
            marks.setdefault("numbers", time.perf_counter())
        numbering(uow, staged)

    def chained(*args: Any) -> Any:
        marks["chain"] = time.perf_counter()
        return chain(*args)

    def committed(self: SqlAlchemyUnitOfWork) -> None:
        commit(self)
        pages.append({**marks, "end": time.perf_counter()})

    def entered(self: SqlAlchemyUnitOfWork) -> SqlAlchemyUnitOfWork:
        marks.clear()
        marks["start"] = time.perf_counter()
        return enter(self)

    enter = SqlAlchemyUnitOfWork.__enter__
    patches = [(_outbox, "number_documents", numbered), (_uow, "open_chain", chained),
               (SqlAlchemyUnitOfWork, "commit", committed),
               (SqlAlchemyUnitOfWork, "__enter__", entered)]
    saved = [(owner, name, getattr(owner, name)) for owner, name, _ in patches]
    for owner, name, value in patches:
        setattr(owner, name, value)
    engine = create_engine(url)
    try:
        sweeping.sweep(SqlAlchemyUnitOfWork(engine), context(SWEEP_AT), batch_size=batch,
                       claim=True)
    finally:
        for owner, name, value in saved:
            setattr(owner, name, value)
        engine.dispose()
    timed = [p for p in pages if "numbers" in p]
    total = sum(p["end"] - p["start"] for p in timed)
    for key, label in (("numbers", "document numbers held"), ("chain", "chain head held")):
        held = sum(p["end"] - p[key] for p in timed if key in p)
        print(f"tail: {label}: {held:.3f} s = {100 * held / total:.1f} % of {total:.3f} s "
              f"in {len(timed)} pages ({1000 * held / len(timed):.1f} ms a page)", flush=True)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--due", type=int, default=2_000)
    parser.add_argument("--batch", type=int, default=50)
    parser.add_argument("--workers", nargs="+", type=int, default=[1, 2, 4])
    parser.add_argument("--pg-url")
    parser.add_argument("--own-sessions", action="store_true",
                        help="start each worker in its own session, as separate services "
                             "run: with Linux's autogroup scheduling the workers of one "
                             "session share one session's CPU when other sessions are busy")
    parser.add_argument("--tail", action="store_true",
                        help="first time one worker's pages in this process (the share of "
                             "each page that holds the document numbers and the chain head)")
    args = parser.parse_args(argv)
    with contextlib.ExitStack() as stack:
        pg_url = args.pg_url
        postmaster: int | None = None
        if pg_url is None:
            from supervision.testing.postgres import TemporaryPostgres

            throwaway = stack.enter_context(TemporaryPostgres())
            pg_url = throwaway.url
            postmaster = throwaway.pid
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
        if args.tail:
            tail(fresh("workers_tail", template="workers_base"), args.batch)
        walls: dict[int, float] = {}
        expected: int | None = None
        ok = True
        for count in args.workers:
            url = fresh(f"workers_{count}", template="workers_base")
            wall, evaluated, escalations, cpu, server = run(url, count, args.batch, postmaster,
                                                             args.own_sessions)
            walls[count] = wall
            expected = escalations if expected is None else expected
            same = evaluated == args.due and escalations == expected
            ok = ok and same
            ratio = wall / walls[min(walls)]
            used = f"workers' CPU {cpu:.2f} s" + (
                "" if server is None else f", server's CPU {server:.2f} s")
            print(f"{count} worker(s): {wall:7.2f} s  evaluated {evaluated:,}  escalations "
                  f"{escalations:,}  ratio to {min(walls)} worker(s) {ratio:.2f}  ({used}, "
                  f"load {os.getloadavg()[0]:.1f})"
                  + ("" if same else "  MISMATCH"), flush=True)
        if 1 in walls and 2 in walls:
            met = walls[2] / walls[1] <= 0.6
            print(f"2 workers / 1 worker = {walls[2] / walls[1]:.2f} (target ≤ 0.6) — "
                  + ("met" if met else "MISSED"))
            ok = ok and met
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
