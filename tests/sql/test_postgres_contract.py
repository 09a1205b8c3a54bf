"""The SQL adapter on PostgreSQL passes the storage contract (a database per test)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from supervision.adapters.sqlalchemy import SqlAlchemyUnitOfWork
from supervision.testing.contract import UnitOfWorkContract


@pytest.mark.postgres
class TestPostgresUnitOfWork(UnitOfWorkContract):
    """Every contract test, on a fresh PostgreSQL database from the migrated template."""

    @pytest.fixture(autouse=True)
    def _database(self, postgres_engine: sa.Engine) -> None:
        self.engine = postgres_engine

    def make_unit_of_work(self) -> SqlAlchemyUnitOfWork:
        return SqlAlchemyUnitOfWork(self.engine)
