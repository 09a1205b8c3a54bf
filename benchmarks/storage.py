"""Benchmark: the SQL adapter on SQLite and PostgreSQL at 10k, 100k (and 1M) matters.

    .venv/bin/python benchmarks/storage.py                          # 10k and 100k, both databases
    .venv/bin/python benchmarks/storage.py --sizes 10000 100000 1000000 --db sqlite
    .venv/bin/python benchmarks/storage.py --pg-url postgresql+psycopg://user@host/db
    .venv/bin/python benchmarks/storage.py --million                # adds N = 1,000,000

PostgreSQL: without ``--pg-url`` a throwaway server is started (``supervision.testing.postgres``).

For each database and size N it builds a migrated database and measures, in one run:

* registrations per second through the library's bulk path (``matters.add_many`` + the
  REGISTERED events, one unit of work per batch: serialization, text checks, duplicate checks,
  the event hash chain) beside raw SQLAlchemy Core ``executemany`` inserts of the same rows
  into a second fresh database (target: at least 1/10 of the raw rate);
* the sweep's due selection (``matters.list_due`` and a ``due_batch`` page) with a fixed number
  of matters due (``--due``, 100) however many are stored; the growth t(largest N)/t(smallest
  N) must stay ≤ 1.5 — the sweep must cost what is due, not what is stored;
* the service layer's daily sweep (``service_layer.sweep.sweep``, policy daoli-2017) over N
  dispatched matters of which ``--due`` fall due between a first warm-up sweep (which looks
  at every matter once and stores its wake) and the timed sweep a few days later; the growth
  t(largest N)/t(smallest N) of the timed sweep must stay ≤ 1.5 too;
* a ledger page (``query_matters``: open matters of one unit by due instant) and the per-unit
  ledger aggregate (``ledger_counts``, one GROUP BY over every matter) and score totals
  (``score_totals`` over N/100 score entries).

Of the stored matters, ``--due`` are open and due before the sweep instant, half of the rest
are closed and half open but due after it. Exits 1 if a target is missed.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

# this folder after the standard library: benchmarks/calendar.py must not shadow ``calendar``
_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE] + [str(_HERE)]

import attrs  # noqa: E402
import sqlalchemy as sa  # noqa: E402
from _world import SWEEP_AT as WORLD_SWEEP_AT  # noqa: E402
from _world import WARM_UP, context, store  # noqa: E402

from supervision.adapters.sqlalchemy import (  # noqa: E402
    MatterQuery,
    SqlAlchemyUnitOfWork,
    _rows,
    create_engine,
    ledger_counts,
    query_matters,
    score_totals,
    upgrade,
)
from supervision.adapters.sqlalchemy._schema import GENESIS_HASH, tables  # noqa: E402
from supervision.calendar import SHANGHAI  # noqa: E402
from supervision.domain import (  # noqa: E402
    Actor,
    DueDate,
    Event,
    Matter,
    RegistrationNumber,
    Role,
    Status,
)
from supervision.service_layer import sweep as sweeping  # noqa: E402
from supervision.testing.contract import sample_matter, sample_score_entry  # noqa: E402

SWEEP_AT = dt.datetime(2026, 6, 1, 17, 0, tzinfo=SHANGHAI)
BATCH = 2000
UNITS = 50


def best_of(repeat: int, func: Callable[[], Any]) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        func()
        times.append(time.perf_counter() - t0)
    return min(times)


def generate(n: int, due: int) -> Iterator[list[tuple[Matter, Event]]]:
    """Batches of (matter, REGISTERED event): ``due`` open matters due before SWEEP_AT, then
    alternately closed ones and open ones due after it."""
    template, registered = sample_matter("template", 1)
    batch: list[tuple[Matter, Event]] = []
    for i in range(1, n + 1):
        if i <= due:
            status, due_at = Status.IN_PROGRESS, SWEEP_AT - dt.timedelta(minutes=i)
        elif i % 2:
            status, due_at = Status.CLOSED, SWEEP_AT - dt.timedelta(days=30, minutes=i % 9000)
        else:
            status, due_at = Status.IN_PROGRESS, SWEEP_AT + dt.timedelta(days=1, minutes=i % 9000)
        matter_id = f"b{i:07d}"
        unit = f"u-{i % UNITS:02d}"
        lead = attrs.evolve(template.assignments[0], unit_id=unit)
        matter = attrs.evolve(
            template,
            id=matter_id,
            number=RegistrationNumber("池开督", 2026, i),
            status=status,
            assignments=(lead,),
            due=DueDate(due_at.date(), due_at.date(), due_at, False),
        )
        event = attrs.evolve(
            registered,
            event_id=Event.make_id(matter_id, 1),
            matter_id=matter_id,
            details=(("number", str(matter.number)),),
        )
        batch.append((matter, event))
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def register_library(engine: sa.Engine, n: int, due: int) -> float:
    """Seconds to register n matters through the library's bulk path."""
    total = 0.0
    for batch in generate(n, due):
        t0 = time.perf_counter()
        with SqlAlchemyUnitOfWork(engine) as uow:
            uow.matters.add_many([m for m, _ in batch])
            uow.events.append([e for _, e in batch])
            uow.commit()
        total += time.perf_counter() - t0
    return total


def register_raw(engine: sa.Engine, n: int, due: int) -> float:
    """Seconds to insert the same rows with Core executemany (rows built outside the timing)."""
    total, seq, prev = 0.0, 0, GENESIS_HASH
    for batch in generate(n, due):
        matter_rows = [_rows.matter_row(m) for m, _ in batch]
        assignment_rows = [a for m, _ in batch for a in _rows.assignment_rows(m)]
        event_rows = []
        for _, event in batch:
            seq += 1
            row = _rows.event_row(event, _rows.event_body(event), seq, prev)
            prev = row["hash"]
            event_rows.append(row)
        t0 = time.perf_counter()
        with engine.begin() as connection:
            t = tables()
            connection.execute(t.matters.insert(), matter_rows)
            connection.execute(t.assignments.insert(), assignment_rows)
            connection.execute(t.events.insert(), event_rows)
        total += time.perf_counter() - t0
    return total


def add_scores(engine: sa.Engine, count: int) -> None:
    with SqlAlchemyUnitOfWork(engine) as uow:
        for i in range(count):
            uow.scores.add_if_absent(
                sample_score_entry(f"s{i:06d}", f"u-{i % UNITS:02d}", matter_ids=(f"b{i + 1:07d}",))
            )
        uow.commit()


def timings(engine: sa.Engine, due: int) -> dict[str, float]:
    """Best-of timings of the sweep's due selection, a ledger page and the aggregates."""

    def list_due() -> None:
        with SqlAlchemyUnitOfWork(engine) as uow:
            found = uow.matters.list_due(before=SWEEP_AT)
            assert due == len(found), len(found)

    def due_page() -> None:
        with SqlAlchemyUnitOfWork(engine) as uow:
            assert due == len(uow.matters.due_batch(before=SWEEP_AT, limit=due))

    query = MatterQuery.of(open="true", lead_unit_id="u-08", sort=("due_at",), page_size=50)

    clerk = Actor.of("clerk", Role.OFFICE_CLERK, office_id="contract-a")

    def ledger_page() -> None:
        with SqlAlchemyUnitOfWork(engine) as uow:
            query_matters(uow, clerk, query)

    def counts() -> None:
        with SqlAlchemyUnitOfWork(engine) as uow:
            assert UNITS == len(ledger_counts(uow, clerk, at=SWEEP_AT))

    def scores() -> None:
        with SqlAlchemyUnitOfWork(engine) as uow:
            totals = score_totals(uow, clerk, period="2026")
            assert all(v < Decimal(0) for v in totals.values())

    return {
        "list_due": best_of(7, list_due),
        "due_batch": best_of(7, due_page),
        "ledger_page": best_of(7, ledger_page),
        "ledger_counts": best_of(3, counts),
        "score_totals": best_of(3, scores),
    }


def service_sweep(engine: sa.Engine, n: int, due: int) -> tuple[float, float, int, int]:
    """(warm-up seconds, timed sweep seconds, matters the timed sweep evaluated,
    escalations it recorded) of the service layer's sweep over the n dispatched matters of
    ``_world.py`` (daoli-2017; see benchmarks/sweep.py for the full measurement)."""
    def make_uow() -> SqlAlchemyUnitOfWork:
        return SqlAlchemyUnitOfWork(engine)

    store(make_uow, n, due)
    with engine.connect() as connection:
        connection.exec_driver_sql("ANALYZE")
        connection.commit()
    warm_ctx, ctx = context(WARM_UP), context(WORLD_SWEEP_AT)
    t0 = time.perf_counter()
    sweeping.sweep(make_uow(), warm_ctx, batch_size=1000)
    warm = time.perf_counter() - t0
    with engine.connect() as connection:
        connection.exec_driver_sql("ANALYZE")
        connection.commit()
    t0 = time.perf_counter()
    summary = sweeping.sweep(make_uow(), ctx)
    timed = time.perf_counter() - t0
    return warm, timed, summary.matters_evaluated, len(summary.escalations)


@contextlib.contextmanager
def databases(kind: str, pg_url: str | None) -> Iterator[Callable[[str], str]]:
    """Yields a factory: name → URL of a fresh, migrated database of ``kind``."""
    if kind == "sqlite":
        with tempfile.TemporaryDirectory() as tmp:

            def make_sqlite(name: str) -> str:
                url = f"sqlite:///{Path(tmp) / name}.db"
                upgrade(url)
                return url

            yield make_sqlite
        return
    with contextlib.ExitStack() as stack:
        if pg_url is None:
            from supervision.testing.postgres import TemporaryPostgres

            pg_url = stack.enter_context(TemporaryPostgres()).url
        admin = sa.create_engine(pg_url, isolation_level="AUTOCOMMIT")
        stack.callback(admin.dispose)
        made: list[str] = []

        def make_pg(name: str) -> str:
            with admin.connect() as connection:
                connection.exec_driver_sql(f"DROP DATABASE IF EXISTS bench_{name} WITH (FORCE)")
                connection.exec_driver_sql(f"CREATE DATABASE bench_{name}")
            made.append(name)
            url = sa.make_url(pg_url).set(database=f"bench_{name}")
            upgrade(url)
            return url.render_as_string(hide_password=False)

        yield make_pg
        with admin.connect() as connection:
            for name in made:
                connection.exec_driver_sql(f"DROP DATABASE IF EXISTS bench_{name} WITH (FORCE)")


def run(kind: str, sizes: Sequence[int], due: int, pg_url: str | None) -> bool:
    ok = True
    sweep_times: dict[int, float] = {}
    service_times: dict[int, float] = {}
    print(f"\n== {kind} ==")
    with databases(kind, pg_url) as fresh:
        for n in sizes:
            lib_engine = create_engine(fresh(f"lib_{n}"))
            raw_engine = create_engine(fresh(f"raw_{n}"))
            svc_engine = create_engine(fresh(f"svc_{n}"))
            try:
                lib = register_library(lib_engine, n, due)
                raw = register_raw(raw_engine, n, due)
                add_scores(lib_engine, max(1, n // 100))
                with lib_engine.connect() as connection:
                    connection.exec_driver_sql("ANALYZE")
                    connection.commit()

                times = timings(lib_engine, due)
                t_due = times["list_due"]
                sweep_times[n] = t_due
                lib_rate, raw_rate = n / lib, n / raw
                print(f"N = {n:>9,}")
                print(
                    f"  register: library {lib_rate:>10,.0f}/s   raw executemany "
                    f"{raw_rate:>10,.0f}/s   ratio 1/{raw_rate / lib_rate:.1f}"
                    f"{'' if lib_rate * 10 >= raw_rate else '   MISSED (target ≥ 1/10)'}"
                )
                ok &= lib_rate * 10 >= raw_rate
                print(f"  sweep list_due ({due} due):    {t_due * 1e3:9.2f} ms")
                print(f"  sweep due_batch ({due}):       {times['due_batch'] * 1e3:9.2f} ms")
                print(f"  ledger page (50 rows):       {times['ledger_page'] * 1e3:9.2f} ms")
                print(f"  ledger_counts ({UNITS} units):   {times['ledger_counts'] * 1e3:9.2f} ms")
                print(f"  score_totals ({n // 100} entries): {times['score_totals'] * 1e3:9.2f} ms")
                warm, timed, evaluated, issued = service_sweep(svc_engine, n, due)
                service_times[n] = timed
                print(f"  service sweep warm-up (every matter once): {warm:9.2f} s")
                print(f"  service sweep ({evaluated} due, {issued} escalations): "
                      f"{timed * 1e3:9.2f} ms")
                ok &= evaluated == due
            finally:
                lib_engine.dispose()
                raw_engine.dispose()
                svc_engine.dispose()
    small, large = min(sweep_times), max(sweep_times)
    growth = sweep_times[large] / sweep_times[small]
    verdict = "met" if growth <= 1.5 else "MISSED"
    print(f"  sweep growth t({large:,})/t({small:,}) = {growth:.2f}  (target ≤ 1.5: {verdict})")
    service_growth = service_times[large] / service_times[small]
    verdict = "met" if service_growth <= 1.5 else "MISSED"
    print(f"  service sweep growth t({large:,})/t({small:,}) = {service_growth:.2f}  "
          f"(target ≤ 1.5: {verdict})")
    return ok and growth <= 1.5 and service_growth <= 1.5


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--due", type=int, default=100)
    parser.add_argument("--million", action="store_true", help="add N = 1,000,000")
    parser.add_argument(
        "--db", nargs="+", choices=["sqlite", "postgresql"], default=["sqlite", "postgresql"]
    )
    parser.add_argument("--pg-url", default=None)
    args = parser.parse_args(argv)
    if min(args.sizes) <= args.due:
        parser.error("every size must exceed --due")
    sizes = sorted({*args.sizes, *([1_000_000] if args.million else [])})
    ok = all([run(kind, sizes, args.due, args.pg_url) for kind in args.db])
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
