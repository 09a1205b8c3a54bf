"""Every shipped policy drives the service layer through the MatterPolicy seam."""

from __future__ import annotations

import pytest
from builders import CLERK, LEADER, LIAISON_A, T0, World, final_content, registration

from supervision import policies
from supervision.domain import (
    DeadlineTerms,
    ReviewOutcome,
    Signoff,
    SignoffCapacity,
    SourceKind,
    Status,
)
from supervision.periods import Period
from supervision.ports import MatterPolicy
from supervision.service_layer import services

SIGNERS = {"unit_head": "head-a", "leader_in_charge": "lic-a"}


@pytest.mark.parametrize("name", policies.names())
def test_shipped_policy_satisfies_the_matter_policy_protocol(name: str) -> None:
    """Each registered policy is a structural MatterPolicy with a valid sign-off rule."""
    policy = policies.get(name)
    assert isinstance(policy, MatterPolicy)
    assert policy.report_signoff in ("unit_head", "leader_in_charge", "none")
    for kind in SourceKind:
        for category in (None, *policy.categories):
            period = policy.default_period(category, kind.value)
            assert period is None or isinstance(period, Period)


@pytest.mark.parametrize("name", policies.names())
def test_shipped_policy_runs_a_matter_from_registration_to_closing(name: str) -> None:
    """Register, (approve,) dispatch, report with the policy's sign-off, accept, complete
    and close, under each shipped policy."""
    policy = policies.get(name)
    world = World(policy)
    category = policy.categories[0] if policy.categories else None
    stated = policy.default_period(category, SourceKind.LEADER_INSTRUCTION.value) is None
    matter = services.register(
        world.uow(), world.ctx, CLERK,
        registration(
                category=category,
                deadline=DeadlineTerms.stated(Period.days(15)) if stated else None,
            ),
    )
    assert matter.number.prefix == policy.numbering_prefix
    if policy.requires_approval:
        services.approve(world.uow(), world.ctx, LEADER, matter.id)
    services.dispatch(world.uow(), world.ctx, CLERK, matter.id)
    rule = SignoffCapacity(policy.report_signoff)
    signoff = None if rule is SignoffCapacity.NONE else Signoff(SIGNERS[rule.value], rule, T0)
    services.submit_final_report(
        world.uow(), world.ctx, LIAISON_A, matter.id, final_content(), signoff=signoff,
    )
    services.review(world.uow(), world.ctx, CLERK, matter.id, ReviewOutcome.ACCEPTED)
    services.complete(world.uow(), world.ctx, CLERK, matter.id)
    done = services.close(world.uow(), world.ctx, CLERK, matter.id)
    assert Status.CLOSED is done.status
