"""Benchmark: the first sweep after a bulk registration (``sweep.py``'s warm-up) alone.

    .venv/bin/python benchmarks/first_sweep.py --db sqlite postgres --sizes 10000 100000
    .venv/bin/python benchmarks/first_sweep.py --db sqlite --sizes 1000000
    .venv/bin/python benchmarks/first_sweep.py --db sqlite --sizes 10000 --plain
    .venv/bin/python benchmarks/first_sweep.py --db postgres --sizes 1000000 \
        --pg-setting shared_buffers=1GB

For each store and N it stores the ``_world`` dataset (half the matters closed and quiet, half
open, ``--due`` of them due within days) through the library's bulk path, ANALYZEs, and times
the first sweep at ``WARM_UP`` (``batch_size=1000``, as ``sweep.py`` does): wall time, this
process's CPU time (the sweep's own share on a shared machine; on PostgreSQL the server's is
not in it) and the load average. ``--plain`` sweeps without settling the quiet matters no
longer open first (what the sweep did before: every matter read), the reference for what
settling saves. ``--pg-setting NAME=VALUE`` (repeatable) sets a setting of the throwaway
PostgreSQL server (its defaults are a small test server's: ``shared_buffers=32MB``).
Target: ≤ 0.18 ms per stored matter, ≤ 3 min at 1M (exit 1 if missed at 1M or more).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE] + [str(_HERE)]

from _world import WARM_UP, context, store  # noqa: E402
from sweep import analyze, storage  # noqa: E402

from supervision.service_layer import _quiet  # noqa: E402
from supervision.service_layer import sweep as sweeping  # noqa: E402


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
    args = parser.parse_args(argv)
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
                with plain() if args.plain else contextlib.nullcontext():
                    t0, c0 = time.perf_counter(), time.process_time()
                    summary = sweeping.sweep(make_uow(), context(WARM_UP), batch_size=1000)
                    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
                print(f"{kind:8} N={n:>9,}  load {loaded:7.1f} s  first sweep {wall:8.2f} s "
                      f"({wall / n * 1e3:.3f} ms/stored matter, CPU {cpu / n * 1e3:.3f} ms)  "
                      f"evaluated {summary.matters_evaluated:,}  "
                      f"escalations {len(summary.escalations)}  "
                      f"load average {os.getloadavg()[0]:.1f}", flush=True)
                if n >= 1_000_000 and wall > 180:
                    print(f"  MISSED: {wall:.0f} s at {n:,} (target ≤ 180 s)")
                    ok = False
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
