"""Helpers for the SQL adapter's tests: a service-layer world on a SQL engine."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TypeVar

import sqlalchemy as sa
from builders import CLERK, POLICY, T0, UNITS, registration

from supervision.adapters.sqlalchemy import SqlAlchemyUnitOfWork
from supervision.calendar import china
from supervision.clock import FixedClock
from supervision.domain import Matter
from supervision.exceptions import ConcurrencyError
from supervision.service_layer import services

T = TypeVar("T")


class SqlWorld:
    """The test units registered in a SQL database, a fixed clock and the test policy."""

    def __init__(self, engine: sa.Engine, *, with_units: bool = True) -> None:
        self.engine = engine
        self.clock = FixedClock(T0)
        self.calendar = china()
        self.policy = POLICY
        if with_units:
            for unit in UNITS:
                services.add_unit(self.uow(), self.ctx, CLERK, unit)

    def uow(self) -> SqlAlchemyUnitOfWork:
        return SqlAlchemyUnitOfWork(self.engine)

    def draft(self) -> Matter:
        return services.register(self.uow(), self.ctx, CLERK, registration())

    def dispatched(self) -> Matter:
        matter = self.draft()
        return services.dispatch(self.uow(), self.ctx, CLERK, matter.id)

    def stored(self, matter_id: str) -> Matter:
        with self.uow() as uow:
            return uow.matters.get(matter_id)


def retrying(run: Callable[[], T], attempts: int = 50) -> T:
    """Run ``run`` again after each ConcurrencyError (as an OA request handler would)."""
    for _ in range(attempts - 1):
        try:
            return run()
        except ConcurrencyError:
            continue
    return run()


def shanghai(day: int, hour: int = 9) -> dt.datetime:
    return dt.datetime(2026, 3, day, hour, tzinfo=dt.timezone(dt.timedelta(hours=8)))
