"""Offices as the service layer keeps them (issue 9): changing the policy an office works
under, the office's history, configuring offices at start-up, and the clear errors naming
what is wrong (unknown office, actor without an office, unregistered policy, a unit of
another office, a unit of work entered twice)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs
import pytest
from builders import (
    CLERK,
    LEADER,
    OFFICE,
    OTHER_CLERK,
    OTHER_OFFICE,
    POLICY,
    T0,
    World,
    office_spec,
    registration,
)

from supervision import bootstrap, policies
from supervision.calendar import SHANGHAI
from supervision.domain import (
    Actor,
    Office,
    OfficeEventKind,
    PolicyRef,
    Role,
    Unit,
)
from supervision.exceptions import (
    InvalidInput,
    MatterNotFound,
    OfficeNotFound,
    UnitOfWorkInUse,
    UnknownPolicy,
)
from supervision.service_layer import (
    OfficeSpec,
    change_policy,
    count_matters,
    get_matter,
    ledger,
    list_matters,
    office_history,
    services,
)

D = dt.date
EFFECTIVE = D(2026, 4, 1)
REASON = "区政府印发新的督查督办工作办法"
DAOLI = PolicyRef.of(policies.get("daoli-2017"))


def _change(world: World, actor: Actor = LEADER, **overrides: Any) -> Office:
    """The actor moves their office to daoli-2017 from 1 April 2026 (``overrides`` change the
    arguments)."""
    arguments: dict[str, Any] = {"effective_from": EFFECTIVE, "reason": REASON}
    arguments.update(overrides)
    return change_policy(world.uow(), world.ctx, actor, "daoli-2017", **arguments)


def _terms(world: World, office_id: str = OFFICE) -> list[tuple[str, D]]:
    with world.uow() as uow:
        return [(t.policy.name, t.effective_from) for t in uow.offices.get(office_id).policies]


# ===================================================================== change_policy
# Who may change it (the approving leader only, every other role refused) is proved with the
# permission table in test_service_permissions.py.
def test_change_policy_adds_a_term_from_the_effective_date() -> None:
    """The office keeps its old term and works under the new policy from the effective day."""
    world = World()
    _change(world)
    assert [("test-2026", D(2000, 1, 1)), ("daoli-2017", EFFECTIVE)] == _terms(world)


def test_change_policy_changes_only_the_leaders_own_office() -> None:
    """A leader of another office changes that office; this office keeps its policy."""
    world = World()
    world.app.ensure_offices([office_spec("tongren-2014", OTHER_OFFICE)])
    other_leader = Actor.of("leader-9", Role.APPROVING_LEADER, office_id=OTHER_OFFICE)
    _change(world, other_leader)
    assert ([("test-2026", D(2000, 1, 1))], [("tongren-2014", D(2000, 1, 1)),
                                             ("daoli-2017", EFFECTIVE)]) == (
        _terms(world), _terms(world, OTHER_OFFICE)
    )


@pytest.mark.parametrize("day", [D(2000, 1, 1), D(1999, 12, 31)], ids=["same", "earlier"])
def test_change_policy_needs_an_effective_date_after_the_current_term(day: D) -> None:
    """A new term must take effect after the one in force: the same day or earlier is
    refused, naming effective_from."""
    world = World()
    with pytest.raises(InvalidInput) as caught:
        _change(world, effective_from=day)
    assert "effective_from" == caught.value.fields["field"]
    assert [("test-2026", D(2000, 1, 1))] == _terms(world)


def test_a_second_change_must_follow_the_first() -> None:
    """After a change from 1 April, another from before 1 April is refused."""
    world = World()
    _change(world)
    with pytest.raises(InvalidInput) as caught:
        change_policy(world.uow(), world.ctx, LEADER, "tongren-2014",
                      effective_from=D(2026, 3, 15), reason=REASON)
    assert "effective_from" == caught.value.fields["field"]


def test_change_policy_refuses_a_datetime_as_the_effective_date() -> None:
    """The effective date is a day (生效日期), not an instant."""
    world = World()
    with pytest.raises(InvalidInput) as caught:
        _change(world, effective_from=T0)
    assert "effective_from" == caught.value.fields["field"]


@pytest.mark.parametrize("reason", ["", "  ", None], ids=["empty", "blank", "none"])
def test_change_policy_needs_a_reason(reason: object) -> None:
    """A change of regulation states why (变更理由)."""
    world = World()
    with pytest.raises(InvalidInput) as caught:
        _change(world, reason=reason)
    assert "reason" == caught.value.fields["field"]
    assert 1 == len(_terms(world))


def test_change_policy_records_an_office_event() -> None:
    """The change is recorded: who, when, which policy with which fingerprint, from when,
    and why, at the office's new version."""
    world = World()
    office = _change(world)
    (event,) = [e for e in office_history(world.uow(), world.ctx, LEADER)
                if e.kind is OfficeEventKind.POLICY_CHANGED]
    assert (OFFICE, office.version, "leader-1", T0) == (
        event.office_id, event.version, event.actor_id, event.occurred_at
    )
    assert ("daoli-2017", DAOLI.fingerprint, "2026-04-01", REASON) == (
        event.detail("policy"), event.detail("fingerprint"), event.detail("effective_from"),
        event.detail("reason"),
    )


def test_change_policy_records_the_term_with_who_and_why() -> None:
    """The new term itself names the person, the instant and the reason."""
    world = World()
    _change(world)
    with world.uow() as uow:
        term = uow.offices.get(OFFICE).current
    assert (DAOLI, "leader-1", T0, REASON) == (
        term.policy, term.recorded_by, term.recorded_at, term.reason
    )


def test_change_policy_with_parameters_records_them_in_the_term() -> None:
    """The same regulation with other parameters is a new term with its own fingerprint."""
    world = World()
    _change(world, parameters={"extensions_enabled": True})
    with world.uow() as uow:
        term = uow.offices.get(OFFICE).current
    assert ("daoli-2017", "true", False) == (
        term.policy.name, dict(term.policy.parameters)["extensions_enabled"],
        term.policy.fingerprint == DAOLI.fingerprint,
    )


# ==================================================================== office_history
def test_office_history_runs_from_creation_in_version_order() -> None:
    """The office's history starts with its creation at start-up and lists each change."""
    world = World()
    _change(world)
    history = office_history(world.uow(), world.ctx, CLERK)
    assert [(1, OfficeEventKind.CREATED, "system:bootstrap"),
            (2, OfficeEventKind.POLICY_CHANGED, "leader-1")] == [
        (e.version, e.kind, e.actor_id) for e in history
    ]


def test_office_history_is_the_actors_own_offices() -> None:
    """Each office's people read their own office's history only."""
    world = World()
    world.app.ensure_offices([office_spec("tongren-2014", OTHER_OFFICE)])
    _change(world)
    theirs = office_history(world.uow(), world.ctx, OTHER_CLERK)
    assert ([OTHER_OFFICE], [OfficeEventKind.CREATED]) == (
        sorted({e.office_id for e in theirs}), [e.kind for e in theirs]
    )


# ============================================================ bootstrap / ensure_office
def _restart(world: World, spec: OfficeSpec) -> None:
    """Start the composition root again on the same store with ``spec`` configured."""
    bootstrap(store=world.store, clock=world.clock, calendar=world.calendar, offices=[spec],
              policies=[POLICY])


def test_restarting_with_the_same_configuration_changes_nothing() -> None:
    """Configuring an office exactly as stored records no new term and no event."""
    world = World()
    _restart(world, office_spec())
    assert ([("test-2026", D(2000, 1, 1))], 1) == (
        _terms(world), len(office_history(world.uow(), world.ctx, CLERK))
    )


def test_another_configured_policy_without_an_effective_date_is_refused() -> None:
    """A stored office configured under another policy with no effective_from raises
    InvalidInput naming offices[0].effective_from; the office keeps its policy."""
    world = World()
    with pytest.raises(InvalidInput) as caught:
        _restart(world, OfficeSpec(OFFICE, "测试区督查室", "daoli-2017"))
    assert "offices[0].effective_from" == caught.value.fields["field"]
    assert [("test-2026", D(2000, 1, 1))] == _terms(world)


def test_other_configured_parameters_without_an_effective_date_are_refused() -> None:
    """The same policy with other parameters is a change too and needs effective_from."""
    world = World()
    spec = OfficeSpec(OFFICE, "测试区督查室", POLICY, parameters={"extensions_enabled": False})
    with pytest.raises(InvalidInput) as caught:
        _restart(world, spec)
    assert "offices[0].effective_from" == caught.value.fields["field"]


def test_another_configured_policy_with_a_too_early_effective_date_is_refused() -> None:
    """An effective date not after the current term's is refused like a missing one."""
    world = World()
    with pytest.raises(InvalidInput) as caught:
        _restart(world, office_spec("daoli-2017"))
    assert ("offices[0].effective_from", D(2000, 1, 1)) == (
        caught.value.fields["field"], caught.value.fields["got"]
    )
    assert 1 == len(_terms(world))


def test_another_configured_policy_with_an_effective_date_records_a_new_term() -> None:
    """With a later effective_from the configured policy becomes a new term, recorded as a
    POLICY_CHANGED event by the start-up configuration."""
    world = World()
    _restart(world, attrs.evolve(office_spec("daoli-2017"), effective_from=EFFECTIVE))
    last = office_history(world.uow(), world.ctx, CLERK)[-1]
    assert ([("test-2026", D(2000, 1, 1)), ("daoli-2017", EFFECTIVE)],
            OfficeEventKind.POLICY_CHANGED, "system:bootstrap", "2026-04-01") == (
        _terms(world), last.kind, last.actor_id, last.detail("effective_from")
    )


def test_a_configured_change_applies_to_matters_from_its_effective_date() -> None:
    """After a configured change, matters registered before keep the old policy and those
    registered from the effective date get the new one."""
    world = World()
    before = world.draft()
    _restart(world, attrs.evolve(office_spec("daoli-2017"), effective_from=EFFECTIVE))
    world.clock.set(dt.datetime(2026, 4, 1, 9, tzinfo=SHANGHAI))
    after = world.draft()
    assert (PolicyRef.of(POLICY), DAOLI) == (world.stored(before.id).policy, after.policy)


def test_a_configured_policy_that_is_not_registered_is_refused() -> None:
    """bootstrap with an office under a policy name nobody registered raises UnknownPolicy."""
    with pytest.raises(UnknownPolicy):
        bootstrap(offices=[OfficeSpec(OFFICE, "测试区督查室", "nowhere-2030")])


def test_a_matters_policy_that_is_no_longer_registered_is_refused() -> None:
    """A store opened without the policy its matters were registered under refuses to handle
    them (UnknownPolicy) instead of applying some other policy."""
    world = World()
    matter = world.draft()
    again = bootstrap(store=world.store, clock=world.clock, calendar=world.calendar)
    with pytest.raises(UnknownPolicy):
        again.dispatch(CLERK, matter.id)
    assert 1 == len(world.events(matter.id))


# ============================================================ errors naming the field
def test_an_actor_of_an_office_not_stored_gets_office_not_found() -> None:
    """Registering as an actor whose office is unknown raises OfficeNotFound naming it."""
    world = World()
    stranger = Actor.of("clerk-x", Role.OFFICE_CLERK, office_id="nowhere")
    with pytest.raises(OfficeNotFound) as caught:
        services.register(world.uow(), world.ctx, stranger, registration())
    assert ("office", "nowhere") == (caught.value.fields["kind"], caught.value.fields["key"])


def test_adding_a_unit_to_an_office_not_stored_gets_office_not_found() -> None:
    """Units are added to the actor's office, which must exist."""
    world = World()
    stranger = Actor.of("clerk-x", Role.OFFICE_CLERK, office_id="nowhere")
    with pytest.raises(OfficeNotFound):
        services.add_unit(world.uow(), world.ctx, stranger, Unit.create("u-1", "新单位"))


@pytest.mark.parametrize("read", ["list_matters", "count_matters", "ledger"])
def test_listing_as_an_actor_of_an_office_not_stored_gets_office_not_found(read: str) -> None:
    """Lists, counts and the ledger name the unknown office instead of quietly answering
    with nothing (a mistyped office id would otherwise look like an empty office)."""
    world = World()
    world.draft()
    stranger = Actor.of("clerk-x", Role.OFFICE_CLERK, office_id="nowhere")
    reads = {
        "list_matters": lambda: list_matters(world.uow(), world.ctx, stranger),
        "count_matters": lambda: count_matters(world.uow(), world.ctx, stranger),
        "ledger": lambda: ledger(world.uow(), world.ctx, stranger, T0),
    }
    with pytest.raises(OfficeNotFound) as caught:
        reads[read]()
    assert "nowhere" == caught.value.fields["key"]


@pytest.mark.parametrize("call", ["register", "get_matter", "list_matters", "dispatch",
                                  "office_history"])
def test_an_actor_with_no_office_is_refused_naming_actor_office_id(call: str) -> None:
    """Every service call needs the office the actor works in: InvalidInput names
    actor.office_id."""
    world = World()
    matter = world.draft()
    nobody = Actor.of("clerk-x", Role.OFFICE_CLERK)
    calls = {
        "register": lambda: services.register(world.uow(), world.ctx, nobody, registration()),
        "get_matter": lambda: get_matter(world.uow(), world.ctx, nobody, matter.id),
        "list_matters": lambda: list_matters(world.uow(), world.ctx, nobody),
        "dispatch": lambda: services.dispatch(world.uow(), world.ctx, nobody, matter.id),
        "office_history": lambda: office_history(world.uow(), world.ctx, nobody),
    }
    with pytest.raises(InvalidInput) as caught:
        calls[call]()
    assert "actor.office_id" == caught.value.fields["field"]


def test_a_matter_of_another_office_is_not_found() -> None:
    """Fetching another office's matter raises MatterNotFound naming the id asked for."""
    world = World()
    world.app.ensure_offices([office_spec("tongren-2014", OTHER_OFFICE)])
    matter = world.draft()
    with pytest.raises(MatterNotFound) as caught:
        get_matter(world.uow(), world.ctx, OTHER_CLERK, matter.id)
    assert matter.id == caught.value.fields["key"]


def test_a_unit_of_another_office_is_refused_naming_unit_office_id() -> None:
    """Adding a Unit stamped with another office raises InvalidInput naming unit.office_id,
    and stores nothing in either office."""
    world = World()
    unit = attrs.evolve(Unit.create("u-new", "新单位"), office_id=OTHER_OFFICE)
    with pytest.raises(InvalidInput) as caught:
        services.add_unit(world.uow(), world.ctx, CLERK, unit)
    assert "unit.office_id" == caught.value.fields["field"]
    with world.uow() as uow:
        assert [] == [u for u in uow.units.list(OFFICE) if u.id == "u-new"]


def test_updating_a_unit_of_another_office_is_refused_naming_unit_office_id() -> None:
    """Replacing a unit's record cannot move it into another office."""
    world = World()
    with world.uow() as uow:
        unit = uow.units.get(OFFICE, "unit-a")
    with pytest.raises(InvalidInput) as caught:
        services.update_unit(world.uow(), world.ctx, CLERK,
                             attrs.evolve(unit, office_id=OTHER_OFFICE))
    assert "unit.office_id" == caught.value.fields["field"]


def test_an_added_unit_belongs_to_the_actors_office() -> None:
    """A Unit with no office is stamped with the adding clerk's office."""
    world = World()
    added = services.add_unit(world.uow(), world.ctx, CLERK, Unit.create("u-new", "新单位"))
    assert OFFICE == added.office_id


# ===================================================================== units of work
def test_a_service_call_inside_an_open_unit_of_work_raises_unit_of_work_in_use() -> None:
    """Handing a service the unit of work the caller has already entered raises
    UnitOfWorkInUse and registers nothing."""
    world = World()
    uow = world.uow()
    with uow, pytest.raises(UnitOfWorkInUse):
        services.register(uow, world.ctx, CLERK, registration())
    with world.uow() as fresh:
        assert [] == fresh.matters.list(offices=None)


def test_a_query_inside_an_open_unit_of_work_raises_unit_of_work_in_use() -> None:
    """Reads enter their unit of work too: the same rule holds for get_matter."""
    world = World()
    matter = world.draft()
    uow = world.uow()
    with uow, pytest.raises(UnitOfWorkInUse):
        get_matter(uow, world.ctx, CLERK, matter.id)
