"""Nothing is half-written: conflicts and errors leave the store as it was."""

from __future__ import annotations

import pytest
from builders import CLERK, LEADER, LIAISON_A, World

from supervision.adapters.memory import InMemoryUnitOfWork
from supervision.domain import Confidentiality, Status
from supervision.exceptions import ConcurrencyError
from supervision.service_layer import services


class _RacingUnitOfWork(InMemoryUnitOfWork):
    """Runs a competing command on the same store just before committing."""

    def __init__(self, world: World, matter_id: str) -> None:
        super().__init__(world.store)
        self.world = world
        self.matter_id = matter_id

    def commit(self) -> None:
        services.suspend(self.world.uow(), self.world.ctx, LEADER, self.matter_id, reason="先")
        super().commit()


def test_a_lost_update_through_the_service_raises_and_keeps_the_winner() -> None:
    """Two commands on the same version: the second commit fails and only the first stays."""
    world = World()
    matter = world.dispatched()
    racing = _RacingUnitOfWork(world, matter.id)
    with pytest.raises(ConcurrencyError) as caught:
        services.acknowledge(racing, world.ctx, LIAISON_A, matter.id)
    assert (2, 3) == (caught.value.expected_version, caught.value.actual_version)
    stored = world.stored(matter.id)
    assert (Status.SUSPENDED, 3) == (stored.status, stored.version)
    lead = stored.assignment("unit-a")
    assert lead is not None
    assert lead.acknowledged_at is None
    assert [1, 2, 3] == [e.version for e in world.events(matter.id)]


def test_events_of_a_secret_matter_carry_no_content() -> None:
    """No event of a secret matter mentions anything but its number and facts."""
    world = World()
    matter = world.closed(
        title="", requirements="",
        confidentiality=Confidentiality.secret(
            "密件〔2026〕3号", ["clerk-1", "liaison-a", "head-a"]),
    )
    for event in world.events(matter.id):
        assert all("密件" not in value for _key, value in event.details)
    assert CLERK.person_id == world.events(matter.id)[0].actor_id
