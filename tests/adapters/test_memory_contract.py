"""The in-memory adapter passes the storage contract."""

from __future__ import annotations

import functools

from supervision.adapters.memory import InMemoryStore, InMemoryUnitOfWork
from supervision.testing.contract import UnitOfWorkContract


class TestInMemoryUnitOfWork(UnitOfWorkContract):
    """Every contract test, on one fresh in-memory store per test."""

    @functools.cached_property
    def store(self) -> InMemoryStore:
        return InMemoryStore()

    def make_unit_of_work(self) -> InMemoryUnitOfWork:
        return InMemoryUnitOfWork(self.store)
