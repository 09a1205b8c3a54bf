"""Helpers for the SQL adapter's tests: the service-layer worlds of the other tests on a SQL
engine (the office and its units stored in the database, not in memory)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import TypeVar

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from builders import CHINA, CLERK, POLICY, T0, UNITS, World, office_spec
from escalation_world import LadderWorld

from supervision import bootstrap, policies
from supervision.adapters.sqlalchemy import SqlAlchemyUnitOfWork, Tables
from supervision.bootstrap import Supervision
from supervision.clock import FixedClock
from supervision.domain.policy import Policy
from supervision.exceptions import ConcurrencyError
from supervision.service_layer import Context, OfficeSpec

T = TypeVar("T")


def sql_app(
    engine: sa.Engine,
    *,
    clock: FixedClock,
    offices: Sequence[OfficeSpec] | None = None,
    own: Sequence[Policy] = (POLICY,),
    with_units: bool = True,
) -> Supervision:
    """The composition root on ``engine``: the test office (or ``offices``) stored in the
    database, the integrator's ``own`` policies registered, the test units added by CLERK."""
    shipped = set(policies.names())
    app = bootstrap(engine=engine, clock=clock, calendar=CHINA,
                    offices=list(offices) if offices is not None else [office_spec(POLICY)],
                    policies=[p for p in own if p.name not in shipped])
    if with_units:
        for unit in UNITS:
            app.add_unit(CLERK, unit)
    return app


class SqlWorld(World):
    """:class:`builders.World` on a SQL engine: the test office under the test policy and its
    units in the database, a fixed clock at T0, the China calendar."""

    def __init__(
        self,
        engine: sa.Engine,
        *,
        with_units: bool = True,
        policy: Policy = POLICY,
    ) -> None:
        self.engine = engine
        self.clock = FixedClock(T0)
        self.calendar = CHINA
        self.policy = policy
        self.app = sql_app(engine, clock=self.clock, offices=[office_spec(policy)],
                           own=[policy], with_units=with_units)
        self.ctx: Context = self.app.context

    def uow(self) -> SqlAlchemyUnitOfWork:  # type: ignore[override]
        return SqlAlchemyUnitOfWork(self.engine)


def sql_ladder_world(engine: sa.Engine, name: str, *, with_units: bool = True) -> LadderWorld:
    """The escalation tests' :class:`LadderWorld` for the shipped policy ``name`` on a SQL
    engine: its office (and units) stored in the database."""
    world = LadderWorld(name)
    world.app = sql_app(engine, clock=world.clock, offices=[office_spec(world.policy)],
                        own=[world.policy], with_units=with_units)
    world.ctx = world.app.context
    world.uow = lambda: SqlAlchemyUnitOfWork(engine)  # type: ignore[method-assign]
    return world


def schema_differences(
    engine: sa.Engine, t: Tables, *, version_table: str = "supervision_alembic_version"
) -> list[object]:
    """What Alembic's autogenerate finds between the database and the table set ``t``
    (its prefix and schema): tables named without the prefix (a host's own, the version
    table) are left out."""

    def ours(name: str | None, type_: str, _parent: object) -> bool:
        return type_ != "table" or not t.prefix or str(name).startswith(t.prefix)

    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={
            "compare_type": True, "include_schemas": bool(t.schema), "include_name": ours,
            "version_table": version_table, "version_table_schema": t.schema,
        })
        return list(compare_metadata(context, t.metadata))


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
