"""What the sweep benchmarks share: a city's worth of dispatched matters, stored in memory or
in SQL through the library's own bulk path, and the context a sweep runs under.

Of N matters (office ``contract-a``, policy daoli-2017 as configured by default, 50 lead
units), ``due`` are open and their deadline passes between the warm-up instant ``WARM_UP`` and
the sweep instant ``SWEEP_AT``; half of the rest are closed (and quiet), half open and due two
months later (nothing falls due for them in between)."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterator
from typing import Any

import attrs

from supervision import calendar, policies
from supervision.calendar import SHANGHAI
from supervision.clock import FixedClock
from supervision.domain import DueDate, Event, EventKind, Matter, RegistrationNumber, Status
from supervision.domain.office import CalendarChoice, Office, PolicyRef
from supervision.ports import UnitOfWork
from supervision.service_layer.context import Context
from supervision.testing.contract import T0, sample_matter, sample_unit

SWEEP_AT = dt.datetime(2026, 6, 1, 17, 0, tzinfo=SHANGHAI)
WARM_UP = SWEEP_AT - dt.timedelta(days=4)
UNITS = 50
BATCH = 2000
CHINA = calendar.china()


POLICY = PolicyRef.of(policies.get("daoli-2017"))


def office() -> Office:
    """The office the matters belong to (daoli-2017, the national calendar)."""
    return Office.create(
        "contract-a", "道里区人民政府督查室", numbering_prefix="道督", policy=POLICY,
        effective_from=dt.date(2017, 1, 1), recorded_at=T0, recorded_by="benchmark",
        calendar=CalendarChoice.of(close_time=dt.time(17, 30)),
    )


def context(at: dt.datetime) -> Context:
    """The sweep's context at ``at`` (the shipped policies, the national calendar)."""
    return Context(FixedClock(at), CHINA)


def best_of(repeat: int, func: Callable[[], Any]) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        func()
        times.append(time.perf_counter() - t0)
    return min(times)


def dispatched(n: int, due: int, *, prefix: str = "s") -> Iterator[list[tuple[Matter, Event]]]:
    """Batches of (dispatched matter, REGISTERED event) as described above."""
    template, registered = sample_matter("template", 1)
    dispatched_at = SWEEP_AT - dt.timedelta(days=20)
    batch: list[tuple[Matter, Event]] = []
    for i in range(1, n + 1):
        if i <= due:
            status, last = Status.IN_PROGRESS, dt.date(2026, 5, 29)
        elif i % 2:
            status, last = Status.CLOSED, dt.date(2026, 5, 20)
        else:
            status, last = Status.IN_PROGRESS, dt.date(2026, 7, 31) + dt.timedelta(days=i % 30)
        due_at = dt.datetime.combine(last + dt.timedelta(days=1), dt.time(0), SHANGHAI)
        matter_id = f"{prefix}{i:07d}"
        lead = attrs.evolve(template.assignments[0], unit_id=f"u-{i % UNITS:02d}")
        matter = attrs.evolve(
            template, id=matter_id, number=RegistrationNumber("道督", 2026, i),
            policy=POLICY, status=status, version=2, assignments=(lead,),
            dispatched_at=dispatched_at,
            due=DueDate(last, last, due_at, False),
        )
        event = attrs.evolve(registered, event_id=Event.make_id(matter_id, 1),
                             matter_id=matter_id, details=(("number", str(matter.number)),))
        batch.append((matter, event))
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def dispatched_event(matter: Matter, registered: Event) -> Event:
    """The event of a matter's second version (its dispatch, with its status and due
    instant): with it the stored history agrees with the matter, so a figure judged as of an
    instant (``matter_at``) sees the matter as it is."""
    return Event(
        event_id=Event.make_id(matter.id, matter.version), matter_id=matter.id,
        kind=EventKind.DISPATCHED, actor_id="benchmark",
        occurred_at=matter.dispatched_at or matter.registered_at,
        status_before=registered.status_after, status_after=matter.status, version=matter.version,
        due_at=None if matter.due is None else matter.due.due_at,
    )


def store(make_uow: Callable[[], UnitOfWork], n: int, due: int, *,
          history: bool = False) -> None:
    """The office, its units and the N matters, one unit of work per batch (with
    ``history``, each matter's dispatch event too: :func:`dispatched_event`)."""
    with make_uow() as uow:
        uow.offices.add(office())
        for u in range(UNITS):
            uow.units.add(sample_unit(f"u-{u:02d}", f"单位{u}"))
        uow.commit()
    for batch in dispatched(n, due):
        with make_uow() as uow:
            add_many = getattr(uow.matters, "add_many", None)
            if add_many is not None:
                add_many([m for m, _ in batch])
            else:
                for matter, _event in batch:
                    uow.matters.add(matter)
            uow.events.append([e for _, e in batch])
            if history:
                uow.events.append([dispatched_event(m, e) for m, e in batch])
            uow.commit()
