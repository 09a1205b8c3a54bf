"""Confidential matters (daoli-2017 art.23) on every read path and every command."""

from __future__ import annotations

import pytest
from builders import (
    AUDITOR,
    CLERK,
    CLERK_2,
    HEAD_A,
    INSPECTOR,
    LEADER,
    LIAISON_A,
    LIAISON_C,
    T0,
    World,
    registration,
)

from supervision.domain import Actor, Confidentiality, Role
from supervision.exceptions import InvalidInput, MatterNotFound
from supervision.service_layer import (
    count_matters,
    get_matter,
    ledger,
    list_matters,
    services,
    timeline,
)

OUTSIDERS = (CLERK_2, LIAISON_A, LEADER, INSPECTOR, AUDITOR)
INSIDERS = (CLERK, HEAD_A)


def _world_with_one_open_and_one_controlled() -> tuple[World, str, str]:
    world = World()
    public = world.dispatched().id
    controlled = world.dispatched(
        confidentiality=Confidentiality.controlled(["clerk-1", "head-a"])
    ).id
    return world, public, controlled


@pytest.mark.parametrize("actor", OUTSIDERS, ids=lambda a: a.person_id)
def test_daoli_23_outsider_gets_the_same_not_found_as_a_missing_id(actor: Actor) -> None:
    """Fetching a controlled matter outside the circle fails exactly like a missing id."""
    world, _public, controlled = _world_with_one_open_and_one_controlled()
    with pytest.raises(MatterNotFound) as hidden:
        get_matter(world.uow(), world.ctx, actor, controlled)
    with pytest.raises(MatterNotFound) as missing:
        get_matter(world.uow(), world.ctx, actor, "no-such-id")
    assert type(missing.value) is type(hidden.value)
    assert str(missing.value).replace("no-such-id", controlled) == str(hidden.value)


@pytest.mark.parametrize("actor", OUTSIDERS, ids=lambda a: a.person_id)
def test_daoli_23_lists_counts_ledger_and_timeline_hide_it(actor: Actor) -> None:
    """Lists, counts, ledger rows and the timeline never show or count a hidden matter."""
    world, public, controlled = _world_with_one_open_and_one_controlled()
    uow = world.uow
    assert [public] == [m.id for m in list_matters(uow(), world.ctx, actor)]
    assert 1 == count_matters(uow(), world.ctx, actor)
    assert [public] == [r.matter_id for r in ledger(uow(), world.ctx, actor, T0)]
    with pytest.raises(MatterNotFound):
        timeline(uow(), world.ctx, actor, controlled)


@pytest.mark.parametrize("actor", INSIDERS, ids=lambda a: a.person_id)
def test_daoli_23_designated_people_see_it_everywhere(actor: Actor) -> None:
    """The designated people see the matter on every read path."""
    world, public, controlled = _world_with_one_open_and_one_controlled()
    uow = world.uow
    assert {public, controlled} == {m.id for m in list_matters(uow(), world.ctx, actor)}
    assert 2 == count_matters(uow(), world.ctx, actor)
    assert controlled == get_matter(uow(), world.ctx, actor, controlled).id
    assert 2 == len(timeline(uow(), world.ctx, actor, controlled))
    rows = ledger(uow(), world.ctx, actor, T0)
    assert {True, False} == {r.confidential for r in rows}


def test_daoli_23_allowed_roles_see_it() -> None:
    """A role the access list allows sees the matter (here 纪检监察)."""
    world = World()
    matter = world.dispatched(
        confidentiality=Confidentiality.controlled(["clerk-1"], [Role.DISCIPLINE_INSPECTION])
    )
    assert matter.id == get_matter(world.uow(), world.ctx, INSPECTOR, matter.id).id
    with pytest.raises(MatterNotFound):
        get_matter(world.uow(), world.ctx, AUDITOR, matter.id)


def test_daoli_23_confidentiality_narrows_never_widens() -> None:
    """A designated liaison of an unassigned unit still cannot see the matter."""
    world = World()
    matter = world.dispatched(confidentiality=Confidentiality.controlled(["clerk-1", "liaison-c"]))
    with pytest.raises(MatterNotFound):
        get_matter(world.uow(), world.ctx, LIAISON_C, matter.id)


def test_daoli_23_commands_on_a_hidden_matter_fail_as_not_found() -> None:
    """An outsider's command fails as not found and writes nothing."""
    world, _public, controlled = _world_with_one_open_and_one_controlled()
    before = len(world.events(controlled))
    with pytest.raises(MatterNotFound):
        services.suspend(world.uow(), world.ctx, CLERK_2, controlled, reason="x")
    with pytest.raises(MatterNotFound):
        services.acknowledge(world.uow(), world.ctx, LIAISON_A, controlled)
    assert before == len(world.events(controlled))


def test_daoli_23_secret_matter_shows_only_its_reference_in_the_ledger() -> None:
    """A secret matter's ledger row carries its reference, never content."""
    world = World()
    world.dispatched(
        title="", requirements="",
        confidentiality=Confidentiality.secret("密件〔2026〕3号", ["clerk-1"]),
    )
    (row,) = ledger(world.uow(), world.ctx, CLERK, T0)
    assert ("涉密事项（密件〔2026〕3号）", "") == (row.title, row.requirements)


def test_registrar_must_be_inside_the_circle() -> None:
    """Registering a matter the registering clerk could not see is refused."""
    world = World()
    with pytest.raises(InvalidInput, match="confidentiality"):
        world.draft(confidentiality=Confidentiality.controlled(["head-a"]))
    with world.uow() as uow:
        assert [] == uow.matters.list(offices=None)


def test_sub_matters_under_a_hidden_parent_cannot_be_registered_by_outsiders() -> None:
    """A parent the clerk may not see is reported as not found (分解立项)."""
    world = World()
    parent = world.draft(confidentiality=Confidentiality.controlled(["clerk-1"]))
    with pytest.raises(MatterNotFound):
        services.register(world.uow(), world.ctx, CLERK_2, registration(parent_id=parent.id))
