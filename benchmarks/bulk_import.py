"""Benchmark: bulk registration (the storage path of a ledger import) on SQLite and
PostgreSQL, against raw SQLAlchemy Core inserts of the very same rows.

    .venv/bin/python benchmarks/bulk_import.py                           # 1k, 3k and 10k rows
    .venv/bin/python benchmarks/bulk_import.py --db sqlite --sizes 1000 10000 50000

For each database and size N it times, in one run and in one unit of work each (all or
nothing): ``registration.register_many_in`` of N registrations — what ``import_xlsx`` and
``Supervision.register_many`` do once the sheet is read: every registration checked and
numbered, the matters staged with ``matters.add_many`` and their REGISTERED events with one
``events.append`` (the commit writes them through the driver: ``COPY`` on PostgreSQL, the
``sqlite3`` cursor's ``executemany`` on SQLite) — and, as the
reference, the rows the library stored (matters, assignments, the matters' facts, events
with their hash chain) inserted into a second fresh database with Core ``executemany`` (rows
built outside the timing; the ratio without the facts rows, the reference before the facts
were stored beside the matter, is printed beside it); each is run ``--repeat`` times on
fresh databases and the best of each is compared.
Targets: library ≥ 1/2 of raw on SQLite (≥ 1/3 on PostgreSQL), and the time per
row at the largest N ≤ 1.5 × that at the smallest (linear). Exits 1 if a target is missed.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Sequence
from pathlib import Path

# this folder after the standard library: benchmarks/calendar.py must not shadow ``calendar``
_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE] + [str(_HERE)]

import argparse  # noqa: E402

import sqlalchemy as sa  # noqa: E402
from _world import SWEEP_AT, context, store  # noqa: E402
from sweep import storage  # noqa: E402

from supervision.adapters.sqlalchemy import _rows  # noqa: E402
from supervision.adapters.sqlalchemy._schema import GENESIS_HASH, tables  # noqa: E402
from supervision.domain import (  # noqa: E402
    Actor,
    Confidentiality,
    DeadlineTerms,
    Registration,
    Responsible,
    Role,
    Source,
    SourceKind,
)
from supervision.periods import Period  # noqa: E402
from supervision.service_layer.registration import register_many_in  # noqa: E402

CLERK = Actor.of("clerk", Role.OFFICE_CLERK, office_id="contract-a")


def registrations(n: int) -> list[Registration]:
    return [
        Registration(
            title=f"推进第{i}项重点工作", requirements="按期完成并报送结果",
            source=Source.of(SourceKind.LEADER_INSTRUCTION, "主任批示", leader="主任"),
            lead_unit_id=f"u-{i % 50:02d}", responsible=(Responsible("p-1", "责任人"),),
            deadline=DeadlineTerms.stated(Period.days(15)), confidentiality=Confidentiality.none(),
        )
        for i in range(n)
    ]


def raw(engine: sa.Engine, source: sa.Engine) -> tuple[float, float]:
    """Seconds to insert, with Core executemany (COPY on PostgreSQL), the rows the library
    stored in ``source``: every table it wrote (matters, assignments, their facts, events with
    their hash chain), and the same without the facts (the reference of the passes before
    the facts were stored beside the matter)."""
    from supervision.adapters.sqlalchemy import SqlAlchemyUnitOfWork

    with SqlAlchemyUnitOfWork(source) as uow:
        matters = uow.matters.list(offices=("contract-a",))
        events = uow.events.for_matters([m.id for m in matters])
    t = tables()
    with source.connect() as connection:
        stored_facts = {r.matter_id: dict(r._mapping)
                        for r in connection.execute(sa.select(t.matter_facts))}
    matter_rows = [_rows.matter_row(m) for m in matters]
    assignment_rows = [a for m in matters for a in _rows.assignment_rows(m)]
    facts_rows = [stored_facts[m.id] for m in matters]
    event_rows, seq, prev = [], 0, GENESIS_HASH
    for matter in matters:
        for event in events[matter.id]:
            seq += 1
            row = _rows.event_row(event, _rows.event_body(event), seq, prev)
            prev = row["hash"]
            event_rows.append(row)
    core = ((t.matters, matter_rows), (t.assignments, assignment_rows), (t.events, event_rows))
    t0 = time.perf_counter()
    with engine.begin() as connection:
        for table, rows in core:
            if engine.dialect.name == "postgresql":
                copy_rows(connection, table, rows)
            else:
                connection.execute(table.insert(), rows)
        t1 = time.perf_counter()
        if engine.dialect.name == "postgresql":
            copy_rows(connection, t.matter_facts, facts_rows)
        else:
            connection.execute(t.matter_facts.insert(), facts_rows)
        t2 = time.perf_counter()
    done = time.perf_counter()
    return done - t0, done - t0 - (t2 - t1)


def copy_rows(connection: sa.Connection, table: sa.Table, rows: list[dict[str, object]]) -> None:
    """Raw ``COPY … FROM STDIN`` of the rows through psycopg (values bound as SQLAlchemy
    binds them)."""
    names = list(rows[0])
    dialect = connection.dialect
    processors = [table.c[n].type.bind_processor(dialect) for n in names]
    raw = connection.connection.driver_connection
    assert raw is not None
    columns = ", ".join(names)
    with raw.cursor() as cursor, cursor.copy(
            f"COPY {table.name} ({columns}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row([row[n] if p is None else p(row[n])
                            for n, p in zip(names, processors, strict=True)])


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", nargs="+", default=["sqlite", "postgres"],
                        choices=["memory", "sqlite", "postgres"])
    parser.add_argument("--sizes", nargs="+", type=int, default=[1_000, 3_000, 10_000])
    parser.add_argument("--repeat", type=int, default=3,
                        help="runs of each (the best of each is kept; the machine is shared)")
    parser.add_argument("--pg-url")
    args = parser.parse_args(argv)
    ok = True
    ctx = context(SWEEP_AT)
    for kind in args.db:
        per_row: dict[int, float] = {}
        with storage(kind, args.pg_url) as make:
            for n in args.sizes:
                took = reference = without_facts = float("inf")
                for rep in range(args.repeat):  # the best of each, fresh databases each time
                    make_uow = make(f"bulk{n}r{rep}")
                    store(make_uow, 0, 0)
                    items = registrations(n)
                    t0 = time.perf_counter()
                    with make_uow() as uow:
                        found = register_many_in(uow, ctx, CLERK, items, at=SWEEP_AT)
                        uow.commit()
                    took = min(took, time.perf_counter() - t0)
                    assert len(found) == n
                    engine = getattr(make_uow(), "engine", None)
                    if engine is not None:
                        raw_make = make(f"raw{n}r{rep}")
                        every, core = raw(raw_make().engine, engine)  # type: ignore[attr-defined]
                        reference = min(reference, every)
                        without_facts = min(without_facts, core)
                per_row[n] = took / n
                line = f"{kind:8} N={n:>7,}  library {n / took:8,.0f} rows/s"
                if reference < float("inf"):
                    share = reference / took
                    target = 1 / 2 if kind == "sqlite" else 1 / 3
                    how = "COPY" if kind == "postgres" else "executemany"
                    line += (f"  raw {how} {n / reference:8,.0f} rows/s  library / raw "
                             f"1/{1 / share:.2f} (target ≥ 1/{1 / target:.0f}; without the "
                             f"facts rows 1/{took / without_facts:.2f})")
                    ok = ok and share >= target
                print(line, flush=True)
        small, large = min(per_row), max(per_row)
        if small != large:
            growth = per_row[large] / per_row[small]
            print(f"{kind:8} time per row at {large:,} / at {small:,} = {growth:.2f} "
                  "(target ≤ 1.5)")
            ok = ok and growth <= 1.5
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
