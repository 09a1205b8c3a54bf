"""A separate process for the SQL reliability tests (run as a script, not collected).

    python sql_worker.py register URL COUNT   register COUNT matters (retrying on conflicts)
    python sql_worker.py die URL              die (os._exit) between two writes of a commit
    python sql_worker.py sweep URL            sweep (tongren-2014) at 2026-10-09 09:00
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "escalation"))

from builders import CLERK, registration
from sql_support import SqlWorld, retrying, sql_ladder_world

from supervision.adapters.sqlalchemy import SqlAlchemyUnitOfWork, create_engine
from supervision.service_layer import services


class _DiesBetweenWrites(SqlAlchemyUnitOfWork):
    """Writes the matter rows of its commit, then the process dies before the events."""

    def _flush_matters(self, staged: object) -> None:
        super()._flush_matters(staged)  # type: ignore[arg-type]
        os._exit(17)


def main(mode: str, url: str, count: int) -> int:
    engine = create_engine(url, busy_timeout=30.0)
    if mode == "sweep":
        from escalation_world import at

        from supervision.service_layer import sweep

        ladder = sql_ladder_world(engine, "tongren-2014", with_units=False)
        ladder.clock.set(at("2026-10-09 09:00"))
        sweep.sweep(SqlAlchemyUnitOfWork(engine), ladder.ctx, batch_size=2)
        return 0
    world = SqlWorld(engine, with_units=False)
    if mode == "register":
        for _ in range(count):
            retrying(
                lambda: services.register(world.uow(), world.ctx, CLERK, registration()),
                attempts=200,
            )
        return 0
    if mode == "die":
        services.register(_DiesBetweenWrites(engine), world.ctx, CLERK, registration())
        return 1  # not reached: the process died inside the commit
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 0))
