"""Batch 销号 on SQL storage: one transaction, and a stale read closes nothing."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from builders import CLERK
from sql_support import SqlWorld

from supervision.domain import Status
from supervision.exceptions import ConcurrencyError
from supervision.service_layer import services


def test_close_many_after_a_concurrent_close_commits_nothing(engine: sa.Engine) -> None:
    """Another clerk closed one matter after the ledger page was read: the batch is refused,
    the other matter stays open for closing, and the other clerk's close is kept."""
    world = SqlWorld(engine)
    first, second = world.completed(), world.completed()
    read = {first.id: first.version, second.id: second.version}
    services.close(world.uow(), world.ctx, CLERK, second.id, note="已单独销号")
    with pytest.raises(ConcurrencyError):
        services.close_many(
            world.uow(), world.ctx, CLERK, [first.id, second.id], read_versions=read,
        )
    assert Status.COMPLETED == world.stored(first.id).status
    assert Status.CLOSED == world.stored(second.id).status


def test_close_many_commits_every_matter_on_sql(engine: sa.Engine) -> None:
    """All matters are closed in one transaction on SQLite and PostgreSQL."""
    world = SqlWorld(engine)
    matters = [world.completed() for _ in range(3)]
    services.close_many(world.uow(), world.ctx, CLERK, [m.id for m in matters])
    assert [Status.CLOSED] * 3 == [world.stored(m.id).status for m in matters]
