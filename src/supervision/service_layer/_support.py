"""What every use case shares: checking the actor, loading a matter the actor may see, and
running one command on one matter in one transaction."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator

from supervision._logs import logger
from supervision.domain._text import check_id, check_value
from supervision.domain.actors import Actor, require_actor
from supervision.domain.handling import Change
from supervision.domain.lifecycle import Action
from supervision.domain.model import Matter
from supervision.domain.permissions import authorize, can_view
from supervision.domain.policy import Policy
from supervision.exceptions import ConcurrencyError, InvalidInput, MatterNotFound, RuleViolation
from supervision.ports import UnitOfWork
from supervision.service_layer.context import Context, Scope, scope_of

__all__ = ["check_actor", "check_version", "citing", "load_visible", "run_command"]

#: Commands refused for a stale If-Match version are logged here (INFO).
_log = logger("supervision.service")


def check_actor(actor: object) -> Actor:
    """``actor`` if it is an :class:`Actor` working in an office (checked again whole, see
    :func:`~supervision.domain.actors.require_actor`); InvalidInput otherwise."""
    actor = require_actor(actor)
    if actor.office_id is None:
        raise InvalidInput(
            "actor.office_id",
            "the id of the office the person works in (Actor.of(..., office_id=...))",
            None,
        )
    return actor


def check_version(expected_version: object) -> int | None:
    """An optional If-Match version: None, or a whole number ≥ 1."""
    if expected_version is None:
        return None
    if (
        isinstance(expected_version, bool)
        or not isinstance(expected_version, int)
        or not 1 <= expected_version <= 2**31
    ):
        raise InvalidInput(
            "expected_version", "the matter's version as last read (a whole number ≥ 1)",
            expected_version,
        )
    return expected_version


def load_visible(uow: UnitOfWork, actor: Actor, matter_id: str) -> Matter:
    """The matter if ``actor`` may see it; MatterNotFound otherwise, exactly as for a missing
    id (another office's matter, a confidential one outside the actor's circle, a unit's
    matter for another unit)."""
    require_actor(actor)
    check_id(matter_id, "matter_id")
    try:
        matter = uow.matters.get(matter_id)
    except MatterNotFound:
        raise MatterNotFound(matter_id) from None
    if not can_view(actor, matter):
        raise MatterNotFound(matter_id)
    return matter


def run_command(
    uow: UnitOfWork,
    ctx: Context,
    actor: Actor,
    matter_id: str,
    action: Action,
    step: Callable[[Matter, Scope], Change],
    *,
    expected_version: int | None = None,
    after: Callable[[UnitOfWork, Change, Scope], object] | None = None,
) -> Matter:
    """One command on one matter, in one transaction: load what the actor may see, check
    the If-Match version and the permission table, apply the pure step under the matter's
    own office, policy and calendar, store the matter (optimistic version) and its event;
    ``after`` then writes what the change causes (its notices in the outbox) in the same
    unit of work, before the commit."""
    check_actor(actor)
    expected = check_version(expected_version)
    with uow:
        matter = load_visible(uow, actor, matter_id)
        if expected is not None and matter.version != expected:
            _log.info("office %s: %s on matter %s refused, stale If-Match (version %d read, "
                      "%d stored)", matter.office_id, action.value, matter_id, expected,
                      matter.version)
            raise ConcurrencyError("matter", matter_id, expected, matter.version)
        authorize(actor, action, matter)
        scope = scope_of(uow, ctx, matter)
        with citing(scope.policy):
            change = step(matter, scope)
        # a backstop: whatever a step took from the caller, only a well-formed matter is stored
        check_value(change.matter, Matter, "matter")
        uow.matters.update(change.matter, expected_version=matter.version)
        uow.events.append([change.event])
        if after is not None:
            after(uow, change, scope)
        uow.commit()
    return change.matter


@contextlib.contextmanager
def citing(policy: Policy) -> Iterator[None]:
    """A RuleViolation raised inside carries its clause in the words of ``policy``
    (:meth:`Policy.cite_key`): the message a person reads never shows the key alone."""
    try:
        yield
    except RuleViolation as error:
        found = _cited(policy, error)
        if found is error:
            raise
        raise found from None


def _cited(policy: Policy, error: RuleViolation) -> RuleViolation:
    """``error`` with its clause in the words of ``policy`` (:func:`citing`), or itself."""
    if error.cited or not error.citation:
        return error
    key = policy.cite_key(error.citation)
    if key == error.citation:
        return error
    return error.citing(key).with_traceback(error.__traceback__)
