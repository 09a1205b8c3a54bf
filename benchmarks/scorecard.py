"""Benchmark: the scorecard (考核情况) of an office's 50 units in memory, on SQLite and on
PostgreSQL.

    .venv/bin/python benchmarks/scorecard.py                              # 10k and 100k matters
    .venv/bin/python benchmarks/scorecard.py --db memory --sizes 10000 100000 1000000

For each store and size N (the matters of ``_world.py``: a year's work of one office, every
deadline in 2026, each with its REGISTERED and DISPATCHED events) it times, in one run,
``service_layer.assessment.scorecard`` for 2026 as the office's clerk reads it and, as the
reference, the pure domain function ``domain.scorecard.scorecards`` on the same records (the
events included) read beforehand (so the difference is what storage costs). Target: 100k
matters in ≤ 2 s in memory and on SQLite (the first call; the same call made again is
printed beside it). Exits 1 if missed.
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
from supervision.domain.scorecard import ScorePeriod, scorecards  # noqa: E402
from supervision.service_layer.assessment import scorecard  # noqa: E402

CLERK = Actor.of("clerk", Role.OFFICE_CLERK, office_id="contract-a")
PERIOD = ScorePeriod.of_year(2026)


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
        with storage(kind, args.pg_url) as make:
            for n in args.sizes:
                make_uow = make(f"card{n}")
                store(make_uow, n, 100, history=True)
                with make_uow() as uow:
                    office = uow.offices.get("contract-a")
                    units = uow.units.list(office.id)
                    matters = uow.matters.list(offices=(office.id,))
                    escalations = uow.escalations.list(offices=(office.id,))
                    entries = uow.scores.list(offices=(office.id,), period=PERIOD.key)
                    events = uow.events.for_matters([m.id for m in matters])
                policy = ctx.policy(office.term_on(PERIOD.last_day).policy)
                t0 = time.perf_counter()
                pure = scorecards(units, matters, escalations, entries, policy,
                                  ctx.calendar_of(office), PERIOD, SWEEP_AT,
                                  close=ctx.close_of(office), policy_of=ctx.policy_of,
                                  events=events)
                reference = time.perf_counter() - t0
                t0 = time.perf_counter()
                cards = scorecard(make_uow(), ctx, CLERK, PERIOD)
                took = time.perf_counter() - t0
                # the same call again: what a process that has read the office before pays
                # (the SQL adapter keeps the facts it has read back, by their stored text)
                t0 = time.perf_counter()
                again = scorecard(make_uow(), ctx, CLERK, PERIOD)
                warm = time.perf_counter() - t0
                if cards != pure or again != pure or sum(c.assigned for c in cards) != n:
                    raise SystemExit("the service's scorecards differ from the pure function's")
                print(f"{kind:8} N={n:>9,}  scorecard {took:7.2f} s (again {warm:5.2f} s)  "
                      f"pure scorecards {reference:7.2f} s  ratio {took / reference:.2f}",
                      flush=True)
                if n >= 100_000 and kind != "postgres" and took > 2 * n / 100_000:
                    print("  MISSED: more than 2 s per 100k matters")
                    ok = False
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
