"""Every permission rule, allowed and denied, through the service layer.

The scenario: a 会办 matter led by unit-a (经济发展局) with co-unit unit-b (马衙街道); unit-c
is not assigned. For each action the test names who may perform it; every other actor is
refused (PermissionDenied, or MatterNotFound for units that may not even see the matter)
and the refusal leaves no trace.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import attrs
import pytest
from builders import (
    ALL_ACTORS,
    AUDITOR,
    CLERK,
    CLERK_2,
    HEAD_A,
    HEAD_B,
    INSPECTOR,
    LEADER,
    LIAISON_A,
    LIAISON_B,
    LIAISON_C,
    OFFICE,
    OTHER_CLERK,
    OTHER_OFFICE,
    UNITS,
    World,
    final_content,
    office_spec,
    progress_content,
    registration,
)

from supervision.domain import (
    Action,
    Actor,
    DeadlineTerms,
    ReasonKind,
    ReviewOutcome,
    Role,
    Unit,
    UnitKind,
)
from supervision.domain.policy import build as pb
from supervision.exceptions import MatterNotFound, PermissionDenied
from supervision.periods import Period
from supervision.service_layer import change_policy, get_matter, office_history, services

JOINT = {"co_unit_ids": ("unit-b",)}
Setup = Callable[[World], str]
Command = Callable[[World, Actor, str], object]


def _draft(w: World) -> str:
    return w.draft(**JOINT).id


def _dispatched(w: World) -> str:
    return w.dispatched(**JOINT).id


def _reported(w: World) -> str:
    return w.reported(**JOINT).id


def _awaiting_confirmation(w: World) -> str:
    """Reported by the liaison, naming head-a's sign-off, not yet confirmed by head-a."""
    mid = _dispatched(w)
    services.submit_final_report(
        w.uow(), w.ctx, LIAISON_A, mid, final_content(), signoff=w.signoff(),
    )
    return mid


def _supplement_requested(w: World) -> str:
    mid = _reported(w)
    services.review(
        w.uow(), w.ctx, CLERK, mid, ReviewOutcome.SUPPLEMENT_REQUESTED,
        opinion="请补充资金到位情况",
    )
    return mid


def _explained(w: World) -> str:
    mid = _dispatched(w)
    services.explain(w.uow(), w.ctx, LIAISON_A, mid, ReasonKind.OBJECTIVE, "汛期停工")
    return mid


def _accepted(w: World) -> str:
    mid = _reported(w)
    services.review(w.uow(), w.ctx, CLERK, mid, ReviewOutcome.ACCEPTED)
    return mid


def _completed(w: World) -> str:
    mid = _accepted(w)
    services.complete(w.uow(), w.ctx, CLERK, mid)
    return mid


def _closed(w: World) -> str:
    mid = _completed(w)
    services.close(w.uow(), w.ctx, CLERK, mid)
    return mid


def _extension_requested(w: World) -> str:
    mid = _dispatched(w)
    services.request_extension(w.uow(), w.ctx, LIAISON_A, mid, dt.date(2026, 3, 31), "征地未完成")
    return mid


def _suspended(w: World) -> str:
    mid = _dispatched(w)
    services.suspend(w.uow(), w.ctx, CLERK, mid, reason="上级要求暂缓")
    return mid


def _in_progress(w: World) -> str:
    mid = _dispatched(w)
    services.report_progress(w.uow(), w.ctx, LIAISON_A, mid, progress_content())
    return mid


def _final(w: World, a: Actor, mid: str) -> object:
    return services.submit_final_report(
        w.uow(), w.ctx, a, mid, final_content(), signoff=w.signoff(),
    )


STAFF = {CLERK, CLERK_2}
LEAD_UNIT = {HEAD_A, LIAISON_A}
CO_UNIT = {HEAD_B, LIAISON_B}
ALL = set(ALL_ACTORS)

CASES: dict[Action, tuple[Setup, Command, set[Actor]]] = {
    Action.APPROVE: (_draft, lambda w, a, m: services.approve(w.uow(), w.ctx, a, m), {LEADER}),
    Action.DISPATCH: (
        _draft,
        lambda w, a, m: services.dispatch(w.uow(), w.ctx, a, m),
        STAFF,
    ),
    Action.ACKNOWLEDGE: (
        _dispatched, lambda w, a, m: services.acknowledge(w.uow(), w.ctx, a, m),
        LEAD_UNIT | CO_UNIT,
    ),
    Action.REPORT_PROGRESS: (
        _dispatched,
        lambda w, a, m: services.report_progress(w.uow(), w.ctx, a, m, progress_content()),
        LEAD_UNIT,
    ),
    Action.CONTRIBUTE: (
        _dispatched,
        lambda w, a, m: services.contribute(w.uow(), w.ctx, a, m, progress_content()),
        CO_UNIT,
    ),
    Action.SUBMIT_FINAL_REPORT: (_dispatched, _final, LEAD_UNIT),
    Action.CONFIRM_SIGNOFF: (
        _awaiting_confirmation,
        lambda w, a, m: services.confirm_signoff(w.uow(), w.ctx, a, m),
        {HEAD_A},  # only the person the sign-off names
    ),
    Action.SUPPLY_SUPPLEMENT: (
        _supplement_requested,
        lambda w, a, m: services.supply_supplement(w.uow(), w.ctx, a, m, progress_content()),
        LEAD_UNIT,
    ),
    Action.EXPLAIN: (
        _dispatched,
        lambda w, a, m: services.explain(w.uow(), w.ctx, a, m, ReasonKind.SUBJECTIVE, "人手不足"),
        LEAD_UNIT | CO_UNIT,
    ),
    Action.DECIDE_EXPLANATION: (
        _explained,
        lambda w, a, m: services.decide_explanation(w.uow(), w.ctx, a, m, 1, accept=True),
        STAFF,
    ),
    Action.ACCEPT: (
        _reported,
        lambda w, a, m: services.review(w.uow(), w.ctx, a, m, ReviewOutcome.ACCEPTED),
        STAFF,
    ),
    Action.RETURN_FOR_REDO: (
        _reported,
        lambda w, a, m: services.review(
            w.uow(), w.ctx, a, m, ReviewOutcome.RETURNED, opinion="措施不具体",
        ),
        STAFF,
    ),
    Action.ASK_SUPPLEMENT: (
        _reported,
        lambda w, a, m: services.review(
            w.uow(), w.ctx, a, m, ReviewOutcome.SUPPLEMENT_REQUESTED, opinion="请补充",
        ),
        STAFF,
    ),
    Action.COMPLETE: (
        _accepted, lambda w, a, m: services.complete(w.uow(), w.ctx, a, m), STAFF
    ),
    Action.CLOSE: (_completed, lambda w, a, m: services.close(w.uow(), w.ctx, a, m), STAFF),
    Action.ARCHIVE: (_closed, lambda w, a, m: services.archive(w.uow(), w.ctx, a, m), STAFF),
    Action.REOPEN: (
        _closed,
        lambda w, a, m: services.reinspect(
            w.uow(), w.ctx, a, m, deadline=DeadlineTerms.stated(Period.days(10)),
            reason="回头看发现反弹",
        ),
        STAFF,
    ),
    Action.REQUEST_EXTENSION: (
        _dispatched,
        lambda w, a, m: services.request_extension(
            w.uow(), w.ctx, a, m, dt.date(2026, 3, 31), "征地未完成",
        ),
        LEAD_UNIT,
    ),
    Action.DECIDE_EXTENSION: (
        _extension_requested,
        lambda w, a, m: services.decide_extension(w.uow(), w.ctx, a, m, 1, grant=True),
        {LEADER},
    ),
    Action.SUSPEND: (
        _dispatched,
        lambda w, a, m: services.suspend(w.uow(), w.ctx, a, m, reason="暂缓"),
        STAFF | {LEADER},
    ),
    Action.RESUME: (
        _suspended,
        lambda w, a, m: services.resume(w.uow(), w.ctx, a, m),
        STAFF | {LEADER},
    ),
    Action.WITHDRAW: (
        _draft,
        lambda w, a, m: services.withdraw(w.uow(), w.ctx, a, m, reason="重复立项"),
        STAFF | {LEADER},
    ),
    Action.TERMINATE: (
        _in_progress,
        lambda w, a, m: services.terminate(w.uow(), w.ctx, a, m, reason="上级政策调整"),
        {LEADER},
    ),
    Action.VIEW: (
        _dispatched, lambda w, a, m: get_matter(w.uow(), w.ctx, a, m), ALL - {LIAISON_C}
    ),
}

PAIRS = [
    pytest.param(action, actor, id=f"{action.value}-{actor.person_id}")
    for action in CASES
    for actor in ALL_ACTORS
]


def test_every_matter_action_has_a_permission_case() -> None:
    """The cases below cover every action except registering, managing units and managing
    the office (tested on their own further down)."""
    assert set(Action) - {Action.REGISTER, Action.MANAGE_UNITS, Action.MANAGE_OFFICE} == set(
        CASES
    )


@pytest.mark.parametrize(("action", "actor"), PAIRS)
def test_permission_table_allows_exactly_the_listed_actors(action: Action, actor: Actor) -> None:
    """The listed actors may perform the action; everyone else is refused without a trace."""
    setup, command, allowed = CASES[action]
    world = World()
    matter_id = setup(world)
    before = (world.stored(matter_id), len(world.events(matter_id)))
    if actor in allowed:
        command(world, actor, matter_id)
        if action is not Action.VIEW:
            assert before[1] + 1 == len(world.events(matter_id))
        return
    with pytest.raises((PermissionDenied, MatterNotFound)) as caught:
        command(world, actor, matter_id)
    if actor in (HEAD_A, LIAISON_A, HEAD_B, LIAISON_B, CLERK, CLERK_2, LEADER):
        assert isinstance(caught.value, PermissionDenied)
    assert before == (world.stored(matter_id), len(world.events(matter_id)))


@pytest.mark.parametrize("action", list(CASES), ids=lambda a: a.value)
def test_an_actor_of_another_office_gets_not_found_for_every_action(action: Action) -> None:
    """A clerk of another office in the same store is refused every action as if the matter
    did not exist, and the refusal leaves no trace."""
    setup, command, _allowed = CASES[action]
    world = World()
    world.app.ensure_offices([office_spec("daoli-2017", OTHER_OFFICE)])
    matter_id = setup(world)
    before = (world.stored(matter_id), len(world.events(matter_id)))
    with pytest.raises(MatterNotFound):
        command(world, OTHER_CLERK, matter_id)
    assert before == (world.stored(matter_id), len(world.events(matter_id)))


def test_a_unit_not_assigned_cannot_even_see_the_matter() -> None:
    """Unit-c's liaison gets the not-found error for a matter it is not assigned to."""
    world = World()
    matter_id = _dispatched(world)
    with pytest.raises(MatterNotFound):
        services.acknowledge(world.uow(), world.ctx, LIAISON_C, matter_id)


@pytest.mark.parametrize("actor", ALL_ACTORS, ids=lambda a: a.person_id)
def test_only_the_office_registers(actor: Actor) -> None:
    """立项 is the office's (daoli-2017 art.7(1) 编号登记)."""
    world = World()
    if actor in STAFF:
        services.register(world.uow(), world.ctx, actor, registration())
        return
    with pytest.raises(PermissionDenied):
        services.register(world.uow(), world.ctx, actor, registration())
    with world.uow() as uow:
        assert ([], 0) == (
            uow.matters.list(offices=None), uow.numbers.current(OFFICE, "池开督", 2026)
        )


@pytest.mark.parametrize("actor", ALL_ACTORS, ids=lambda a: a.person_id)
def test_only_the_office_manages_units(actor: Actor) -> None:
    """Adding a unit is the office's; others are refused and nothing is stored."""
    world = World()
    unit = Unit.create("unit-new", "新单位", UnitKind.OTHER)
    if actor in STAFF:
        services.add_unit(world.uow(), world.ctx, actor, unit)
        return
    with pytest.raises(PermissionDenied):
        services.add_unit(world.uow(), world.ctx, actor, unit)
    with world.uow() as uow:
        assert [attrs.evolve(u, office_id=OFFICE) for u in UNITS] == uow.units.list(OFFICE)


@pytest.mark.parametrize("actor", ALL_ACTORS, ids=lambda a: a.person_id)
def test_only_an_approving_leader_changes_the_offices_policy(actor: Actor) -> None:
    """A new regulation for the office is the approving leader's act; anyone else is refused
    and the office keeps its policy and its history."""
    world = World()
    with world.uow() as uow:
        before = (uow.offices.get(OFFICE), uow.offices.history(OFFICE))
    change = {"effective_from": dt.date(2026, 4, 1), "reason": "区政府印发新办法"}
    if actor is LEADER:
        office = change_policy(world.uow(), world.ctx, actor, "daoli-2017", **change)
        assert ("daoli-2017", 2) == (office.current.policy.name, len(office.policies))
        return
    with pytest.raises(PermissionDenied):
        change_policy(world.uow(), world.ctx, actor, "daoli-2017", **change)
    with world.uow() as uow:
        assert before == (uow.offices.get(OFFICE), uow.offices.history(OFFICE))
    assert before[1] == office_history(world.uow(), world.ctx, LEADER)


def test_the_reviewer_is_never_the_person_who_reported() -> None:
    """A clerk who reported a 自办 matter for the office cannot review it; another clerk can."""
    office = Unit.create("office", "督查室", UnitKind.SUPERVISION_OFFICE, head_id="chief")
    both = Actor.of("clerk-x", Role.OFFICE_CLERK, Role.UNIT_LIAISON, office_id=OFFICE,
                    unit_id="office")
    cite = pb.citer("self-2026")
    policy = pb.policy(
        "self-2026", title="自办事项督查办法", issuer="测试区人民政府办公室",
        issued=dt.date(2026, 1, 1), numbering_prefix="督",
        categories=[pb.category("general", "一般事项", Period.days(5),
                                cite("§3", "一般事项5日内办结"))],
    )
    assert "none" == policy.report_signoff
    world = World(policy)
    services.add_unit(world.uow(), world.ctx, CLERK, office)
    matter = world.dispatched(lead_unit_id="office")
    services.submit_final_report(world.uow(), world.ctx, both, matter.id, final_content())
    with pytest.raises(PermissionDenied, match="reviewer"):
        services.review(world.uow(), world.ctx, both, matter.id, ReviewOutcome.ACCEPTED)
    assert 3 == len(world.events(matter.id))
    done = services.review(world.uow(), world.ctx, CLERK_2, matter.id, ReviewOutcome.ACCEPTED)
    assert "clerk-2" == done.rounds[-1].reviewed_by


def test_read_only_roles_can_see_but_not_act() -> None:
    """纪检监察 and 审计只读 see every ordinary matter but cannot change one."""
    world = World()
    matter_id = _dispatched(world)
    for actor in (INSPECTOR, AUDITOR):
        assert matter_id == get_matter(world.uow(), world.ctx, actor, matter_id).id
        with pytest.raises(PermissionDenied):
            services.suspend(world.uow(), world.ctx, actor, matter_id, reason="x")
