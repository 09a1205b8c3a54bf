"""Batch 销号 (close_many): all or nothing, each matter checked against the version read."""

from __future__ import annotations

import pytest
from builders import CLERK, LIAISON_A, World

from supervision.domain import Status
from supervision.exceptions import (
    ConcurrencyError,
    InvalidInput,
    MatterNotFound,
    PermissionDenied,
    TransitionNotAllowed,
)
from supervision.service_layer import services


def test_close_many_closes_every_completed_matter_with_an_event_each() -> None:
    """Three completed matters are struck off the ledger together, each with its own event."""
    world = World()
    matters = [world.completed() for _ in range(3)]
    closed = services.close_many(world.uow(), world.ctx, CLERK, [m.id for m in matters])
    assert [Status.CLOSED] * 3 == [world.stored(m.id).status for m in matters]
    assert [m.version + 1 for m in matters] == [m.version for m in closed]
    assert all(world.events(m.id)[-1].status_after is Status.CLOSED for m in matters)


def test_close_many_with_a_stale_read_version_closes_nothing() -> None:
    """If one matter changed after the ledger page was read, the batch fails and none closes."""
    world = World()
    first, second = world.completed(), world.completed()
    read = {first.id: first.version, second.id: second.version}
    services.close(world.uow(), world.ctx, CLERK, second.id, note="已单独销号")
    with pytest.raises(ConcurrencyError):
        services.close_many(
            world.uow(), world.ctx, CLERK, [first.id, second.id], read_versions=read,
        )
    assert Status.COMPLETED == world.stored(first.id).status


def test_close_many_with_one_matter_not_completed_closes_nothing() -> None:
    """A matter still in progress fails the whole batch (状态 不能 销号)."""
    world = World()
    done, open_matter = world.completed(), world.dispatched()
    with pytest.raises(TransitionNotAllowed):
        services.close_many(world.uow(), world.ctx, CLERK, [done.id, open_matter.id])
    assert Status.COMPLETED == world.stored(done.id).status


def test_close_many_is_for_the_office_only() -> None:
    """A unit's liaison may not strike matters off the ledger."""
    world = World()
    done = world.completed()
    with pytest.raises((PermissionDenied, MatterNotFound)):
        services.close_many(world.uow(), world.ctx, LIAISON_A, [done.id])
    assert Status.COMPLETED == world.stored(done.id).status


@pytest.mark.parametrize(
    ("ids", "versions", "field"),
    [
        ([], None, "matter_ids"),
        (["a", "a"], None, "matter_ids"),
        (["a"], {"b": 1}, "read_versions"),
    ],
)
def test_close_many_checks_its_arguments(
    ids: list[str], versions: dict[str, int] | None, field: str
) -> None:
    """An empty list, a repeated id or versions for other ids are refused, naming the field."""
    world = World()
    with pytest.raises(InvalidInput) as info:
        services.close_many(world.uow(), world.ctx, CLERK, ids, read_versions=versions)
    assert field == info.value.field
