"""Benchmark: the chizhou-2021 §8.2 consecutive-miss pass of the sweep, by the unit's size.

    .venv/bin/python benchmarks/streaks.py                   # units of 1k and 10k, memory, SQLite
    .venv/bin/python benchmarks/streaks.py --db sqlite --sizes 1000 10000 --misses 20

One unit (chizhou-2021 as configured by default) holds N matters: ``--misses`` open ones
whose deadline passes between a warm-up sweep (untimed: it stores every matter's wake) and
the timed sweep, and N − misses closed long ago on time (their streak items are all met).
The timed sweep evaluates the missed matters and then the unit's streak, which records a
deduction for the second miss on and a 问责 proposal from the third; then the streak pass
alone is timed again (best of 5: it reads the unit's changes since its last pass, finds the
same misses and nothing new to record). Target: t(largest N) / t(smallest N) ≤ 1.5 with the
same misses, for the timed sweep and for the pass alone (the pass costs the new misses, not
the unit's size). Checked: the same escalations are recorded at every size. Exits 1 if
missed.
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from collections.abc import Sequence
from pathlib import Path

# this folder after the standard library: benchmarks/calendar.py must not shadow ``calendar``
_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE] + [str(_HERE)]

import argparse  # noqa: E402

import attrs  # noqa: E402
from _world import SWEEP_AT, WARM_UP, best_of, context  # noqa: E402
from sweep import storage  # noqa: E402

from supervision.calendar import SHANGHAI  # noqa: E402
from supervision.domain import DueDate, Event, RegistrationNumber, Status  # noqa: E402
from supervision.ports import UnitOfWork  # noqa: E402
from supervision.service_layer import sweep as sweeping  # noqa: E402
from supervision.service_layer._streak_pass import streak_step  # noqa: E402
from supervision.service_layer._sweep_records import Run  # noqa: E402
from supervision.testing.contract import sample_matter, sample_office, sample_unit  # noqa: E402


def fill(make_uow: type[UnitOfWork] | object, n: int, misses: int) -> None:
    make = make_uow  # a unit-of-work factory
    template, registered = sample_matter("template", 1)
    with make() as uow:  # type: ignore[operator]
        uow.offices.add(sample_office())
        uow.units.add(sample_unit("u-1", "经济发展局"))
        uow.commit()
    batch = []
    for i in range(1, n + 1):
        if i <= misses:
            # open, due one after the other between the warm-up and the sweep
            last = dt.date(2026, 5, 28) + dt.timedelta(days=0)
            due_at = dt.datetime.combine(last, dt.time(17, 30), SHANGHAI) + dt.timedelta(
                minutes=i)
            status, completed, dispatched = Status.IN_PROGRESS, None, dt.datetime(
                2026, 5, 11, 9, tzinfo=SHANGHAI)
        else:
            # closed on time, spread over the previous year
            days = 30 + i % 300
            last = dt.date(2026, 4, 30) - dt.timedelta(days=days)
            due_at = dt.datetime.combine(last, dt.time(17, 30), SHANGHAI)
            dispatched = due_at - dt.timedelta(days=15)
            status, completed = Status.CLOSED, due_at - dt.timedelta(days=2)
        matter_id = f"k{i:07d}"
        matter = attrs.evolve(
            template, id=matter_id, number=RegistrationNumber("池开督", 2026, i),
            status=status, version=2, dispatched_at=dispatched, completed_at=completed,
            due=DueDate(last, last, due_at, False),
        )
        event = attrs.evolve(registered, event_id=Event.make_id(matter_id, 1),
                             matter_id=matter_id, occurred_at=dispatched,
                             details=(("number", str(matter.number)),))
        batch.append((matter, event))
        if len(batch) == 2000 or i == n:
            with make() as uow:  # type: ignore[operator]
                uow.matters.add_many([m for m, _ in batch])
                uow.events.append([e for _, e in batch])
                uow.commit()
            batch = []


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", nargs="+", default=["memory", "sqlite"],
                        choices=["memory", "sqlite", "postgres"])
    parser.add_argument("--sizes", nargs="+", type=int, default=[1_000, 10_000])
    parser.add_argument("--misses", type=int, default=20)
    parser.add_argument("--pg-url")
    args = parser.parse_args(argv)
    ok = True
    for kind in args.db:
        times: dict[int, float] = {}
        passes: dict[int, float] = {}
        recorded: set[tuple[str, ...]] = set()
        with storage(kind, args.pg_url) as make:
            for n in args.sizes:
                make_uow = make(f"streak{n}")
                fill(make_uow, n, args.misses)
                sweeping.sweep(make_uow(), context(WARM_UP), batch_size=1000)
                ctx = context(SWEEP_AT)
                t0 = time.perf_counter()
                summary = sweeping.sweep(make_uow(), ctx)
                times[n] = time.perf_counter() - t0
                keys = tuple(sorted(e.key for e in summary.escalations))
                recorded.add(keys)
                streak = sum(1 for k in keys if "miss." in k)
                # the streak pass alone, again (it finds everything recorded): best of 5
                with make_uow() as uow:
                    some = uow.matters.get("k0000001")
                run = Run()
                run.policies[some.policy.fingerprint] = ctx.policy_of(some)
                units = [(some.office_id, some.lead_unit_id, some.policy.fingerprint)]
                passes[n] = best_of(5, streak_step(make_uow(), ctx, SWEEP_AT, units, run))
                print(f"{kind:8} unit of {n:>7,} matters  timed sweep {times[n] * 1e3:8.1f} ms  "
                      f"evaluated {summary.matters_evaluated}  escalations {len(keys)} "
                      f"({streak} from the streak)  streak pass alone {passes[n] * 1e3:7.1f} ms",
                      flush=True)
        if len(recorded) != 1:
            print("  MISMATCH: the sizes recorded different escalations")
            ok = False
        small, large = min(times), max(times)
        growth = times[large] / times[small]
        alone = passes[large] / passes[small]
        print(f"{kind:8} timed sweep t({large:,})/t({small:,}) = {growth:.2f}, streak pass alone "
              f"{alone:.2f} (target ≤ 1.5 for both)")
        ok = ok and growth <= 1.5 and alone <= 1.5
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
