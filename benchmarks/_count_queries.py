"""How many SQL statements the scorecard and ``ledger_entries`` send on SQLite for N matters
(the world of ``scorecard.py`` and ``ledger.py``), with the time of each call.

    .venv/bin/python benchmarks/_count_queries.py 10000

Set-based reads send a number of statements that does not follow N (one per 900 matters
for the set reads); a read per matter sends N or more.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

# this folder after the standard library: benchmarks/calendar.py must not shadow ``calendar``
_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE] + [str(_HERE)]

import sqlalchemy as sa  # noqa: E402
from _world import SWEEP_AT, context, store  # noqa: E402
from sweep import storage  # noqa: E402

from supervision.domain import Actor, Role  # noqa: E402
from supervision.domain.scorecard import ScorePeriod  # noqa: E402
from supervision.ledger import ledger_entries  # noqa: E402
from supervision.service_layer.assessment import scorecard  # noqa: E402

CLERK = Actor.of("clerk", Role.OFFICE_CLERK, office_id="contract-a")


def main() -> int:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    ctx = context(SWEEP_AT)
    count = [0]

    def counted(*_args: Any, **_kwargs: Any) -> None:
        count[0] += 1

    sa.event.listen(sa.engine.Engine, "before_cursor_execute", counted)
    with storage("sqlite", None) as make:
        make_uow = make("count")
        store(make_uow, n, 100, history=True)
        calls: dict[str, Callable[[], object]] = {
            "scorecard": lambda: scorecard(make_uow(), ctx, CLERK, ScorePeriod.of_year(2026)),
            "ledger_entries": lambda: ledger_entries(make_uow(), ctx, CLERK, SWEEP_AT),
        }
        for name, call in calls.items():
            count[0] = 0
            t0 = time.perf_counter()
            call()
            print(f"{name}: {count[0]} queries, {time.perf_counter() - t0:.2f} s at N={n:,}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
