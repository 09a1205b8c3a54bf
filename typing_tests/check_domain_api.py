"""Type-checked, never run: `mypy --strict typing_tests` proves the public API's types.

Lines marked ``# type: ignore[...]`` must stay errors (strict mode warns on unused ignores),
so a change that loosens the API's types fails the check.
"""

from __future__ import annotations

import datetime as dt

from supervision import calendar
from supervision.adapters.memory import InMemoryStore, InMemoryUnitOfWork
from supervision.calendar import SHANGHAI
from supervision.clock import Clock, FixedClock, SystemClock
from supervision.domain import Actor, Event, Matter, ReviewOutcome, Role, Status
from supervision.policies import Registry
from supervision.ports import UnitOfWork
from supervision.service_layer import Context, LedgerRow, ledger, services, timeline

store = InMemoryStore()
uow: UnitOfWork = InMemoryUnitOfWork(store)
clock: Clock = FixedClock(dt.datetime(2026, 3, 2, 9, tzinfo=SHANGHAI))
real: Clock = SystemClock()
ctx = Context(clock, calendar.china(), Registry.with_builtins())
clerk = Actor.of("clerk-1", Role.OFFICE_CLERK, office_id="daoli")


def typed_calls(matter_id: str) -> None:
    matter: Matter = services.approve(uow, ctx, clerk, matter_id)
    status: Status = matter.status
    rows: list[LedgerRow] = ledger(uow, ctx, clerk, ctx.now())
    events: list[Event] = timeline(uow, ctx, clerk, matter_id)
    services.review(uow, ctx, clerk, matter_id, ReviewOutcome.ACCEPTED)
    office_id: str = matter.office_id
    print(status, rows, events, office_id)


def misuse(matter_id: str) -> None:
    services.approve(uow, ctx, "clerk-1", matter_id)  # type: ignore[arg-type]
    services.approve(uow, clerk, ctx, matter_id)  # type: ignore[arg-type]
    services.review(uow, ctx, clerk, matter_id, "accepted")  # type: ignore[arg-type]
    Context(clock, calendar.china(), ["daoli-2017"])  # type: ignore[arg-type]
    matter = services.approve(uow, ctx, clerk, matter_id)
    matter.status = Status.CLOSED  # type: ignore[misc]
