"""Each matter lives under the policy recorded on it at registration, never a caller's.

Every shipped regulation drives the service layer as the one Policy type. When an office
changes its policy from a later effective date, a matter registered before keeps its rules and
its deadline, a matter registered from that day lives under the new policy, and
``migrate_matters`` moves an old matter explicitly, recording a POLICY_MIGRATED event.
"""

from __future__ import annotations

import datetime as dt

import pytest
from builders import (
    CLERK,
    HEAD_A,
    LEADER,
    LIAISON_A,
    OFFICE,
    OTHER_OFFICE,
    POLICY,
    T0,
    World,
    final_content,
    office_spec,
    registration,
)

from supervision import policies
from supervision.calendar import SHANGHAI
from supervision.domain import (
    Actor,
    DeadlineTerms,
    EventKind,
    Matter,
    OfficeEventKind,
    PolicyRef,
    ReviewOutcome,
    Role,
    Signoff,
    SignoffCapacity,
    SourceKind,
    Status,
)
from supervision.domain.policy import Policy
from supervision.domain.policy import build as pb
from supervision.exceptions import (
    InvalidInput,
    MatterNotFound,
    PermissionDenied,
    RuleViolation,
    UnknownPolicy,
)
from supervision.periods import Period
from supervision.service_layer import change_policy, migrate_matters, services

SIGNERS = {
    "unit_head": HEAD_A,
    "leader_in_charge": Actor.of("lic-a", Role.UNIT_HEAD, office_id=OFFICE, unit_id="unit-a"),
    "supervising_leader": LEADER,
}
D = dt.date

_cite = pb.citer("test-2027")
#: The regulation that replaces the test policy: general matters get 10 working days, every
#: matter is approved before dispatch, no extensions.
NEXT: Policy = pb.policy(
    "test-2027",
    title="测试区督查督办工作办法（2027年修订）",
    issuer="测试区人民政府办公室",
    issued=D(2026, 2, 1),
    numbering_prefix="池开督",
    categories=[
        pb.category("general", "一般事项", Period.working_days(10),
                    _cite("§3.1", "一般事项10个工作日内办结")),
    ],
    approval=pb.approval("分管领导", _cite("§4", "经分管领导审定后交办")),
    signoff=pb.signoff_by_unit_head(_cite("§5", "经承办单位主要负责人签字")),
)
#: The day the new regulation takes effect in the test office (a Wednesday).
EFFECTIVE = D(2026, 3, 4)
AFTER = dt.datetime(2026, 3, 4, 9, tzinfo=SHANGHAI)


def _world() -> World:
    """The test office under POLICY, with NEXT registered beside it."""
    world = World()
    world.ctx.policies.register(NEXT)
    return world


def _change(world: World) -> None:
    change_policy(world.uow(), world.ctx, LEADER, NEXT.name, effective_from=EFFECTIVE,
                  reason="区政府印发修订后的督查督办工作办法")


def _general(world: World) -> Matter:
    """A general matter with no stated deadline: its period is its policy's default."""
    return world.draft(deadline=None, category="general")


# ===================================================================== shipped policies
@pytest.mark.parametrize("name", policies.names())
def test_shipped_policy_is_a_policy_with_a_valid_signoff_rule(name: str) -> None:
    """Each registered regulation is the one Policy type, names who signs reports off and
    gives Periods (or none) as defaults."""
    policy = policies.get(name)
    assert isinstance(policy, Policy)
    assert policy.report_signoff in (
        "unit_head", "leader_in_charge", "supervising_leader", "none")
    for kind in SourceKind:
        for category in (None, *policy.categories):
            period = policy.default_period(category, kind.value)
            assert period is None or isinstance(period, Period)


@pytest.mark.parametrize("name", policies.names())
def test_shipped_policy_runs_a_matter_from_registration_to_closing(name: str) -> None:
    """Register, (approve,) dispatch, report with the policy's sign-off, accept, complete
    and close, in an office working under each shipped policy."""
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
    assert (matter.number.prefix, PolicyRef.of(policy)) == (policy.numbering_prefix,
                                                            matter.policy)
    if policy.requires_approval:
        services.approve(world.uow(), world.ctx, LEADER, matter.id)
    services.dispatch(world.uow(), world.ctx, CLERK, matter.id)
    rule = SignoffCapacity(policy.report_signoff)
    signer = SIGNERS.get(rule.value)
    signoff = None if signer is None else Signoff(signer.person_id, rule, T0)
    services.submit_final_report(
        world.uow(), world.ctx, LIAISON_A, matter.id, final_content(), signoff=signoff,
    )
    if signer is not None:  # the signer confirms the liaison's record as themselves
        services.confirm_signoff(world.uow(), world.ctx, signer, matter.id)
    services.review(world.uow(), world.ctx, CLERK, matter.id, ReviewOutcome.ACCEPTED)
    services.complete(world.uow(), world.ctx, CLERK, matter.id)
    done = services.close(world.uow(), world.ctx, CLERK, matter.id)
    assert Status.CLOSED is done.status


# ================================================================ the recorded policy
def test_a_matter_records_the_policy_in_force_in_its_office_on_the_registration_day() -> None:
    """A change recorded today but effective later leaves today's matters under the old
    policy: the term in force on the registration day is the one recorded."""
    world = _world()
    _change(world)
    matter = _general(world)
    assert (OFFICE, PolicyRef.of(POLICY), Period.days(5)) == (
        matter.office_id, matter.policy, matter.terms.period
    )


def test_an_old_matter_keeps_its_policys_rules_after_the_office_changes_policy() -> None:
    """After the change takes effect, a matter registered before is still dispatched without
    approval and may still ask for an extension, as its own policy says."""
    world = _world()
    old = _general(world)
    _change(world)
    world.clock.set(AFTER)
    dispatched = services.dispatch(world.uow(), world.ctx, CLERK, old.id)
    assert dispatched.due is not None
    asked = services.request_extension(
        world.uow(), world.ctx, LIAISON_A, old.id, dispatched.due.last_day + dt.timedelta(7),
        "征地未完成",
    )
    assert (PolicyRef.of(POLICY), 1) == (asked.policy, len(asked.extensions))


def test_an_old_matter_keeps_its_deadline_after_the_office_changes_policy() -> None:
    """The default period a matter got under its policy (5 days) stays after the office moves
    to a policy giving 10 working days, and recomputing it does not move it."""
    world = _world()
    old = services.dispatch(world.uow(), world.ctx, CLERK, _general(world).id)
    _change(world)
    world.clock.set(AFTER)
    again = services.recompute_deadline(world.uow(), world.ctx, CLERK, old.id)
    assert old.due is not None
    assert (Period.days(5), D(2026, 3, 9), old.version) == (
        again.terms.period, old.due.last_day, again.version
    )
    assert old.due == again.due


def test_a_matter_registered_from_the_effective_date_lives_under_the_new_policy() -> None:
    """From the effective date a new matter records the new policy and gets its default
    period; its rules apply (no dispatch before approval)."""
    world = _world()
    _change(world)
    world.clock.set(AFTER)
    new = _general(world)
    assert (PolicyRef.of(NEXT), Period.working_days(10)) == (new.policy, new.terms.period)
    with pytest.raises(RuleViolation) as caught:
        services.dispatch(world.uow(), world.ctx, CLERK, new.id)
    assert "approval_required" == caught.value.rule


def test_the_new_policy_refuses_what_it_does_not_provide() -> None:
    """A matter under the new policy, which enables no extensions, cannot ask for one."""
    world = _world()
    _change(world)
    world.clock.set(AFTER)
    new = _general(world)
    services.approve(world.uow(), world.ctx, LEADER, new.id)
    dispatched = services.dispatch(world.uow(), world.ctx, CLERK, new.id)
    assert dispatched.due is not None
    with pytest.raises(RuleViolation) as caught:
        services.request_extension(world.uow(), world.ctx, LIAISON_A, new.id,
                                   dispatched.due.last_day + dt.timedelta(7), "理由")
    assert "extensions_disabled" == caught.value.rule


# ======================================================================== migration
def test_migrate_matters_moves_a_matter_to_the_new_policy_with_an_event() -> None:
    """migrate_matters gives the old matter the policy in force today and records
    POLICY_MIGRATED with the old and new policy, their fingerprints and the reason."""
    world = _world()
    old = _general(world)
    _change(world)
    world.clock.set(AFTER)
    (moved,) = migrate_matters(world.uow(), world.ctx, LEADER, [old.id], reason="统一适用新办法")
    event = world.events(old.id)[-1]
    before, after = PolicyRef.of(POLICY), PolicyRef.of(NEXT)
    assert (after, old.version + 1, EventKind.POLICY_MIGRATED, "leader-1") == (
        moved.policy, moved.version, event.kind, event.actor_id
    )
    assert (
        ("from_policy", "test-2026"), ("from_fingerprint", before.fingerprint),
        ("policy", "test-2027"), ("fingerprint", after.fingerprint), ("reason", "统一适用新办法"),
    ) == event.details


def test_a_migrated_matter_is_handled_under_its_new_policy() -> None:
    """After migration the new policy's rules apply: the draft now needs approval."""
    world = _world()
    old = _general(world)
    _change(world)
    world.clock.set(AFTER)
    migrate_matters(world.uow(), world.ctx, LEADER, [old.id], reason="统一适用新办法")
    with pytest.raises(RuleViolation) as caught:
        services.dispatch(world.uow(), world.ctx, CLERK, old.id)
    assert "approval_required" == caught.value.rule


def test_migration_is_recorded_in_the_offices_history() -> None:
    """The office records how many matters moved, to which policy, and why."""
    world = _world()
    old = _general(world)
    _change(world)
    world.clock.set(AFTER)
    migrate_matters(world.uow(), world.ctx, LEADER, [old.id], reason="统一适用新办法")
    with world.uow() as uow:
        last = uow.offices.history(OFFICE)[-1]
    assert (OfficeEventKind.MATTERS_MIGRATED, "1", PolicyRef.of(NEXT).fingerprint) == (
        last.kind, last.detail("count"), last.detail("fingerprint")
    )


def test_a_matter_already_under_the_policy_in_force_is_not_migrated() -> None:
    """Migrating a matter that already lives under today's policy changes nothing."""
    world = _world()
    _change(world)
    world.clock.set(AFTER)
    new = _general(world)
    assert [] == migrate_matters(world.uow(), world.ctx, LEADER, [new.id], reason="统一")
    assert [EventKind.REGISTERED] == [e.kind for e in world.events(new.id)]


def test_only_an_approving_leader_migrates_matters() -> None:
    """A clerk cannot move a matter to another policy; the matter keeps its own."""
    world = _world()
    old = _general(world)
    _change(world)
    world.clock.set(AFTER)
    with pytest.raises(PermissionDenied):
        migrate_matters(world.uow(), world.ctx, CLERK, [old.id], reason="统一适用新办法")
    assert PolicyRef.of(POLICY) == world.stored(old.id).policy


def test_another_offices_matter_cannot_be_migrated() -> None:
    """A leader of another office migrating this office's matter gets MatterNotFound."""
    world = _world()
    world.app.ensure_offices([office_spec("daoli-2017", OTHER_OFFICE)])
    old = _general(world)
    other_leader = Actor.of("leader-9", Role.APPROVING_LEADER, office_id=OTHER_OFFICE)
    with pytest.raises(MatterNotFound):
        migrate_matters(world.uow(), world.ctx, other_leader, [old.id], reason="统一")
    assert PolicyRef.of(POLICY) == world.stored(old.id).policy


# ======================================================== no policy but a registered one
def test_a_policy_that_is_not_registered_is_refused() -> None:
    """An office cannot be moved to a policy name the registry does not hold."""
    world = World()
    with pytest.raises(UnknownPolicy):
        change_policy(world.uow(), world.ctx, LEADER, "nowhere-2030", effective_from=EFFECTIVE,
                      reason="新办法")


def test_a_policy_object_differing_from_the_registered_one_is_refused() -> None:
    """A Policy passed in under a registered name but with other rules is refused: the
    registered policy is the only one a name stands for."""
    world = _world()
    impostor = pb.policy(
        "test-2027", title="另一个办法", issuer="某办", issued=D(2026, 2, 1),
        numbering_prefix="池开督",
        categories=[pb.category("general", "一般事项", Period.days(1),
                                _cite("§3.1", "一般事项1日内办结"))],
    )
    with pytest.raises(InvalidInput, match="policy"):
        change_policy(world.uow(), world.ctx, LEADER, impostor, effective_from=EFFECTIVE,
                      reason="新办法")
    with world.uow() as uow:
        assert 1 == len(uow.offices.get(OFFICE).policies)
