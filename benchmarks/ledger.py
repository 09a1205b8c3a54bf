"""Benchmark: ``ledger_entries`` (the ledger's rows with their standing) in memory, on SQLite
and on PostgreSQL.

    .venv/bin/python benchmarks/ledger.py                                 # 10k and 100k rows
    .venv/bin/python benchmarks/ledger.py --db memory sqlite --sizes 2000 8000 20000

For each store and size N (the dispatched matters of ``_world.py``, each with its REGISTERED
and DISPATCHED events) it times, in one run, ``ledger_entries`` as the office's clerk sees it
and, as the reference, the storage floor: reading the same matters (``matters.list``) and
their events (``events.for_matters``) with nothing built from them. Targets: ≥ 20,000 rows/s
on SQLite and PostgreSQL, time per row at the largest N ≤ 1.5 × that at the smallest
(linear) everywhere. Exits 1 if a target is missed.
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

from _world import SWEEP_AT, context, store  # noqa: E402
from sweep import storage  # noqa: E402

from supervision.domain import Actor, Role  # noqa: E402
from supervision.ledger import ledger_entries  # noqa: E402

CLERK = Actor.of("clerk", Role.OFFICE_CLERK, office_id="contract-a")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", nargs="+", default=["memory", "sqlite", "postgres"],
                        choices=["memory", "sqlite", "postgres"])
    parser.add_argument("--sizes", nargs="+", type=int, default=[10_000, 100_000])
    parser.add_argument("--pg-url")
    args = parser.parse_args(argv)
    ok = True
    ctx = context(SWEEP_AT)
    for kind in args.db:
        per_row: dict[int, float] = {}
        with storage(kind, args.pg_url) as make:
            for n in args.sizes:
                make_uow = make(f"ledger{n}")
                store(make_uow, n, 100, history=True)
                t0 = time.perf_counter()
                with make_uow() as uow:
                    matters = uow.matters.list(offices=("contract-a",))
                    uow.events.for_matters([m.id for m in matters])
                floor = time.perf_counter() - t0
                t0 = time.perf_counter()
                entries = ledger_entries(make_uow(), ctx, CLERK, SWEEP_AT)
                took = time.perf_counter() - t0
                if len(entries) != n:
                    raise SystemExit(f"expected {n} rows, got {len(entries)}")
                per_row[n] = took / n
                rate = n / took
                print(f"{kind:8} N={n:>8,}  ledger_entries {took:7.2f} s ({rate:8,.0f} rows/s)  "
                      f"reading alone {floor:7.2f} s  ratio {took / floor:.2f}", flush=True)
                if kind != "memory" and rate < 20_000:
                    print("  MISSED: below 20,000 rows/s")
                    ok = False
        small, large = min(per_row), max(per_row)
        if small != large:
            growth = per_row[large] / per_row[small]
            print(f"{kind:8} time per row at {large:,} / at {small:,} = {growth:.2f} "
                  "(target ≤ 1.5)")
            ok = ok and growth <= 1.5
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
