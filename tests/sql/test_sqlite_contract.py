"""The SQL adapter on SQLite passes the storage contract (a migrated file per test)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from supervision.adapters.sqlalchemy import SqlAlchemyUnitOfWork
from supervision.testing.contract import UnitOfWorkContract


class TestSqliteUnitOfWork(UnitOfWorkContract):
    """Every contract test, on a fresh SQLite file (WAL, BEGIN IMMEDIATE writes)."""

    claims_skip_concurrently = False  # one writer at a time: a second claim waits

    @pytest.fixture(autouse=True)
    def _database(self, sqlite_engine: sa.Engine) -> None:
        self.engine = sqlite_engine

    def make_unit_of_work(self) -> SqlAlchemyUnitOfWork:
        return SqlAlchemyUnitOfWork(self.engine)
