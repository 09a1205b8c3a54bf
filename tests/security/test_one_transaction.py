"""审核通过 → 办结 → 销号 as one command in one transaction (issue 10.7), on memory, SQLite and
PostgreSQL: all three steps stored with their events, or — on a stale If-Match version, a
refusal, or a change committed by someone else meanwhile — none. And dispatching before 审定
is refused like every other illegal transition, naming the state 待审定 (issue 10.4)."""

from __future__ import annotations

from typing import Any

import fuzz_world as fw
import pytest
from builders import CLERK, CLERK_2, LEADER, LIAISON_A, app_for, registration
from security_stores import Backend

from supervision.adapters.memory import InMemoryStore, InMemoryUnitOfWork
from supervision.domain import EventKind, Status
from supervision.domain.policy import TriggerEvent
from supervision.exceptions import (
    ApprovalRequired,
    ConcurrencyError,
    PermissionDenied,
    RuleViolation,
    TransitionNotAllowed,
)
from supervision.ports import UnitOfWork
from supervision.service_layer import decisions, services

STEPS = [EventKind.ACCEPTED, EventKind.COMPLETED, EventKind.CLOSED]


def _kinds(world: fw.FuzzWorld, matter_id: str) -> list[EventKind]:
    return [e.kind for e in world.app.timeline(CLERK, matter_id)]


def _snapshot(world: fw.FuzzWorld, matter_id: str) -> tuple[Any, ...]:
    matter = world.app.get_matter(CLERK, matter_id)
    return matter.version, matter.status, _kinds(world, matter_id)


def test_accept_and_close_runs_the_three_steps_as_one_command(backend: Backend) -> None:
    """A reported matter ends closed, its review accepted and 办结 recorded, with the three
    events in order, one version step each."""
    world = fw.build(backend.fresh())
    before = world.app.get_matter(CLERK, "f-reported")
    closed = world.app.accept_and_close(CLERK, "f-reported", opinion="同意", note="办结销号",
                                        expected_version=before.version)
    assert (Status.CLOSED, before.version + 3, STEPS) == (
        closed.status, closed.version, _kinds(world, "f-reported")[-3:])


def test_accept_and_close_with_a_stale_version_stores_nothing(backend: Backend) -> None:
    """An If-Match version the matter has moved past: ConcurrencyError, nothing changed."""
    world = fw.build(backend.fresh())
    before = _snapshot(world, "f-reported")
    with pytest.raises(ConcurrencyError):
        world.app.accept_and_close(CLERK, "f-reported", expected_version=before[0] - 1)
    assert before == _snapshot(world, "f-reported")


def test_accept_and_close_refused_for_a_role_stores_nothing(backend: Backend) -> None:
    """A leader may not 审核 (the office does): PermissionDenied, nothing changed."""
    world = fw.build(backend.fresh())
    before = _snapshot(world, "f-reported")
    with pytest.raises(PermissionDenied):
        world.app.accept_and_close(LEADER, "f-reported")
    assert before == _snapshot(world, "f-reported")


def _racing(uow: UnitOfWork, world: fw.FuzzWorld) -> UnitOfWork:
    """``uow`` whose commit lets another office clerk record a finding on the matter first,
    committed in a unit of work of its own."""
    original = uow.commit

    def commit() -> None:
        decisions.record_finding(world.app.uow(), world.app.context, CLERK, "f-reported",
                                 TriggerEvent.POOR_CONDUCT, "同时认定的问题")
        original()

    uow.commit = commit  # type: ignore[method-assign]
    return uow


def test_accept_and_close_loses_to_a_concurrent_change_and_stores_nothing(
    backend: Backend,
) -> None:
    """A change committed between the read and the commit wins: ConcurrencyError, and none
    of the three steps is stored (the matter is as the other change left it)."""
    world = fw.build(backend.fresh())
    version = world.app.get_matter(CLERK, "f-reported").version
    with pytest.raises(ConcurrencyError):
        services.accept_and_close(_racing(world.app.uow(), world), world.app.context,
                                  CLERK_2, "f-reported")
    assert (version + 1, Status.REPORTED, EventKind.FINDING_RECORDED) == (
        *_snapshot(world, "f-reported")[:2], _kinds(world, "f-reported")[-1])


def test_dispatching_before_approval_names_the_state_like_any_illegal_transition() -> None:
    """Under a policy that requires 审定, dispatching a draft is an ApprovalRequired — a
    RuleViolation citing the clause and a TransitionNotAllowed — whose message begins
    ``状态 待审定 不能 交办``, as 销号 of a draft does with ``状态 待审定 不能 销号``."""
    app = app_for("daoli-2017", store=InMemoryStore())
    matter = app.register(CLERK, registration(category="general"))
    with pytest.raises(ApprovalRequired) as dispatching:
        app.dispatch(CLERK, matter.id)
    with pytest.raises(TransitionNotAllowed) as closing:
        app.close(CLERK, matter.id)
    error = dispatching.value
    assert (True, True) == (isinstance(error, RuleViolation),
                            isinstance(error, TransitionNotAllowed))
    assert ("approval_required", "待审定", "draft", "交办") == (
        error.rule, error.status, error.status_code, error.action)
    assert (str(error).startswith("状态 待审定 不能 交办"),
            str(closing.value).startswith("状态 待审定 不能 销号")) == (True, True)
    assert "《" in error.cited


def test_a_liaison_is_not_among_those_who_close() -> None:
    """The combined command checks each step's permission: a unit's liaison may do none."""
    world = fw.build({"store": InMemoryStore()})
    with pytest.raises(PermissionDenied):
        services.accept_and_close(InMemoryUnitOfWork(world.storage["store"]),
                                  world.app.context, LIAISON_A, "f-reported")
