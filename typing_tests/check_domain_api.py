"""Type-checked, never run: `mypy --strict typing_tests` proves the public API's types.

Lines marked ``# type: ignore[...]`` must stay errors (strict mode warns on unused ignores),
so a change that loosens the API's types fails the check.
"""

from __future__ import annotations

import datetime as dt

from supervision.adapters.memory import InMemoryStore, InMemoryUnitOfWork
from supervision.calendar import SHANGHAI
from supervision.clock import Clock, FixedClock, SystemClock
from supervision.domain import (
    Actor,
    BasicPolicy,
    Event,
    Matter,
    ReviewOutcome,
    Role,
    Status,
)
from supervision.ports import MatterPolicy, UnitOfWork
from supervision.service_layer import LedgerRow, ledger, services, timeline

store = InMemoryStore()
uow: UnitOfWork = InMemoryUnitOfWork(store)
policy: MatterPolicy = BasicPolicy.create("typing", numbering_prefix="督")
clock: Clock = FixedClock(dt.datetime(2026, 3, 2, 9, tzinfo=SHANGHAI))
real: Clock = SystemClock()
clerk = Actor.of("clerk-1", Role.OFFICE_CLERK)


def typed_calls(matter_id: str) -> None:
    matter: Matter = services.approve(uow, clerk, clock, matter_id)
    status: Status = matter.status
    rows: list[LedgerRow] = ledger(uow, clerk, clock.now())
    events: list[Event] = timeline(uow, clerk, matter_id)
    services.review(uow, clerk, clock, matter_id, ReviewOutcome.ACCEPTED)
    print(status, rows, events)


def misuse(matter_id: str) -> None:
    services.approve(uow, "clerk-1", clock, matter_id)  # type: ignore[arg-type]
    services.review(uow, clerk, clock, matter_id, "accepted")  # type: ignore[arg-type]
    matter = services.approve(uow, clerk, clock, matter_id)
    matter.status = Status.CLOSED  # type: ignore[misc]
