"""Benchmark: what the outbox costs the sweep, and how fast notices are delivered, on SQLite.

    .venv/bin/python benchmarks/outbox.py                 # 300 overdue matters
    .venv/bin/python benchmarks/outbox.py --matters 1000

In one run, on two fresh SQLite files with the same daoli-2017 office, units (a head and a
liaison each) and N overdue matters:

* the daily sweep that records their 通报批评 (daoli-2017 art.30(4)) with the outbox (every
  escalation writes its numbered 督查通报 notice to the unit's head and liaison) against the same
  sweep with the outbox's writer replaced by a no-op (the sweep as it was before); the ratio is
  what the notices cost;
* delivering every notice of the first database (claims in batches of 50, a LoggingSender, the
  outcome and its NOTICE_DELIVERED event recorded per notice) against the least a hand-written
  worker does per notice: one transaction updating the notice's row, in raw SQLAlchemy Core.

Checks that every escalation has its two notices and that every notice (the 督办通知 of the
dispatches and the warm-up's 到期提醒 too) ends 已送达. No target: it prints the figures recorded
in docs/performance.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from supervision import OfficeSpec, bootstrap
from supervision.adapters.sqlalchemy import SqlAlchemyUnitOfWork, create_engine, upgrade
from supervision.bootstrap import Supervision
from supervision.calendar import SHANGHAI
from supervision.clock import FixedClock
from supervision.delivery import LoggingSender
from supervision.domain import (
    Actor,
    DeadlineTerms,
    Registration,
    Responsible,
    Role,
    Source,
    SourceKind,
    Unit,
)
from supervision.domain.notices import DeliveryStatus
from supervision.periods import Period
from supervision.service_layer import outbox

CLERK = Actor.of("clerk-1", Role.OFFICE_CLERK, office_id="daoli")
LEADER = Actor.of("leader-1", Role.APPROVING_LEADER, office_id="daoli")
UNITS = 20


def _app(path: Path, clock: FixedClock, matters: int) -> Supervision:
    url = f"sqlite:///{path}"
    upgrade(url)
    app = bootstrap(engine=create_engine(url, busy_timeout=30.0), clock=clock,
                    offices=[OfficeSpec("daoli", "道里区人民政府督查室", "daoli-2017")])
    for i in range(UNITS):
        app.add_unit(CLERK, Unit.create(f"u{i}", f"单位{i}", head_id=f"head-{i}",
                                        liaison_ids=[f"liaison-{i}"]))
    registrations = [Registration(
        title=f"督办事项{n}", requirements="按期完成", category="general",
        source=Source.of(SourceKind.DOCUMENT, f"文件{n}"), lead_unit_id=f"u{n % UNITS}",
        responsible=(Responsible(f"head-{n % UNITS}", "负责人", f"u{n % UNITS}"),),
        deadline=DeadlineTerms.stated(Period.days(5)),
    ) for n in range(matters)]
    policy = app.policies.get("daoli-2017")
    for matter in app.register_many(CLERK, registrations):
        if policy.approval_for(matter.category, matter.source.kind.value) is not None:
            app.approve(LEADER, matter.id)
        app.dispatch(CLERK, matter.id)
    return app


def _timed(run: Any) -> tuple[float, Any]:
    t0 = time.perf_counter()
    value = run()
    return time.perf_counter() - t0, value


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--matters", type=int, default=300)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        apps = []
        for name in ("with", "without"):
            clock = FixedClock(dt.datetime(2026, 9, 21, 9, tzinfo=SHANGHAI))
            app = _app(Path(folder) / f"{name}.db", clock, args.matters)
            clock.set(dt.datetime(2026, 9, 24, 9, tzinfo=SHANGHAI))
            app.sweep()  # pre-deadline warnings, wakes stored: untimed
            clock.set(dt.datetime(2026, 9, 29, 9, tzinfo=SHANGHAI))
            apps.append(app)
        with_outbox, summary = _timed(apps[0].sweep)
        writer = outbox.notify_escalation
        outbox.notify_escalation = lambda *a, **k: []  # type: ignore[assignment]
        try:
            without, bare = _timed(apps[1].sweep)
        finally:
            outbox.notify_escalation = writer  # type: ignore[assignment]
        assert len(summary.escalations) == len(bare.escalations) == args.matters
        with SqlAlchemyUnitOfWork(apps[0]._uow_factory().engine) as uow:  # type: ignore[attr-defined]
            written = [n for n in uow.notices.list(offices=None, since=summary.now)
                       if n.source.startswith("escalation:")]
            total = len(uow.notices.list(offices=None))
        assert len(written) == 2 * len(summary.escalations)

        delivered, run = _timed(lambda: apps[0].deliver(LoggingSender(), batch_size=50))
        assert total == len(run.delivered)
        engine: sa.Engine = apps[1]._uow_factory().engine  # type: ignore[attr-defined]
        notices = sa.table("sv_notices", sa.column("key"), sa.column("status"))
        keys = [r.key for r in engine.connect().execute(sa.select(notices.c.key)).all()]
        t0 = time.perf_counter()
        for key in keys:
            with engine.begin() as connection:
                connection.execute(notices.update().where(notices.c.key == key)
                                   .values(status=DeliveryStatus.DELIVERED.value))
        raw = (time.perf_counter() - t0) / max(len(keys), 1) * total
    print(f"matters overdue: {args.matters}; notices of the timed sweep: {len(written)}; "
          f"notices delivered: {total}")
    print(f"sweep with the outbox      {with_outbox * 1000:9.1f} ms")
    print(f"sweep without (reference)  {without * 1000:9.1f} ms   "
          f"ratio {with_outbox / without:.2f}")
    print(f"delivery, library          {delivered * 1000:9.1f} ms   "
          f"{total / delivered:8.1f} notices/s")
    print(f"delivery, raw UPDATE/txn   {raw * 1000:9.1f} ms   ratio {delivered / raw:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
