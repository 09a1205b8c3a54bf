"""Builders for the domain and service tests: actors, units, registrations and a small world.

``World`` wraps an in-memory store with one office (``OFFICE``) under a test policy, a fixed
clock and the China calendar (a :class:`~supervision.service_layer.Context` as ``world.ctx``
and the composition root as ``world.app``), and walks a matter along its lifecycle so each
test starts where its rule applies.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs

from supervision import bootstrap, calendar, policies
from supervision.adapters.memory import InMemoryStore, InMemoryUnitOfWork
from supervision.bootstrap import Supervision
from supervision.calendar import SHANGHAI
from supervision.clock import FixedClock
from supervision.domain import (
    Actor,
    DeadlineTerms,
    Instruction,
    Matter,
    Registration,
    ReportContent,
    Responsible,
    ReviewOutcome,
    Role,
    Signoff,
    SignoffCapacity,
    Source,
    SourceKind,
    Unit,
    UnitKind,
)
from supervision.domain.policy import Policy
from supervision.domain.policy import build as pb
from supervision.periods import Period
from supervision.service_layer import Context, OfficeSpec, services

CHINA = calendar.china()
#: Monday 2 March 2026, 09:00 in Shanghai.
T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=SHANGHAI)

#: The office every builder actor works in.
OFFICE = "office-a"
#: Another office in the same database (isolation tests).
OTHER_OFFICE = "office-b"

CLERK = Actor.of("clerk-1", Role.OFFICE_CLERK, office_id=OFFICE, name="督查办张三")
CLERK_2 = Actor.of("clerk-2", Role.OFFICE_CLERK, office_id=OFFICE, name="督查办李四")
LEADER = Actor.of("leader-1", Role.APPROVING_LEADER, office_id=OFFICE, name="分管领导王五")
HEAD_A = Actor.of("head-a", Role.UNIT_HEAD, office_id=OFFICE, unit_id="unit-a")
LIAISON_A = Actor.of("liaison-a", Role.UNIT_LIAISON, office_id=OFFICE, unit_id="unit-a")
HEAD_B = Actor.of("head-b", Role.UNIT_HEAD, office_id=OFFICE, unit_id="unit-b")
LIAISON_B = Actor.of("liaison-b", Role.UNIT_LIAISON, office_id=OFFICE, unit_id="unit-b")
LIAISON_C = Actor.of("liaison-c", Role.UNIT_LIAISON, office_id=OFFICE, unit_id="unit-c")
INSPECTOR = Actor.of("inspector-1", Role.DISCIPLINE_INSPECTION, office_id=OFFICE)
AUDITOR = Actor.of("auditor-1", Role.AUDITOR, office_id=OFFICE)
OTHER_CLERK = Actor.of("clerk-9", Role.OFFICE_CLERK, office_id=OTHER_OFFICE, name="另一督查室")

ALL_ACTORS = (
    CLERK, CLERK_2, LEADER, HEAD_A, LIAISON_A, HEAD_B, LIAISON_B, LIAISON_C, INSPECTOR, AUDITOR
)

UNITS = (
    Unit.create(
        "unit-a", "经济发展局", UnitKind.DEPARTMENT,
        head_id="head-a", leader_in_charge_id="lic-a", liaison_ids=("liaison-a",),
    ),
    Unit.create(
        "unit-b", "马衙街道", UnitKind.TOWNSHIP, head_id="head-b", liaison_ids=("liaison-b",)
    ),
    Unit.create("unit-c", "建设局", UnitKind.DEPARTMENT, head_id="head-c"),
)

_cite = pb.citer("test-2026")
#: A small integrator-style policy: two categories, sign-off by the unit head, extensions on.
POLICY: Policy = pb.policy(
    "test-2026",
    title="测试区督查督办工作办法",
    issuer="测试区人民政府办公室",
    issued=dt.date(2026, 1, 1),
    numbering_prefix="池开督",
    extensions_enabled=True,
    categories=[
        pb.category("general", "一般事项", Period.days(5), _cite("§3.1", "一般事项5日内办结")),
        pb.category("important", "重要事项", Period.days(15), _cite("§3.2", "重要事项15日内办结")),
    ],
    signoff=pb.signoff_by_unit_head(_cite("§5", "经承办单位主要负责人签字")),
)


def office_spec(
    policy: Policy | str = POLICY, office_id: str = OFFICE, **extra: Any
) -> OfficeSpec:
    """The test office under ``policy``."""
    name = {OFFICE: "测试区督查室", OTHER_OFFICE: "另一区督查室"}.get(office_id, office_id)
    return OfficeSpec(office_id, name, policy, effective_from=dt.date(2000, 1, 1), **extra)


def app_for(
    policy: Policy | str = POLICY,
    *,
    store: InMemoryStore | None = None,
    clock: FixedClock | None = None,
    with_units: bool = True,
) -> Supervision:
    """A composition root on an in-memory store with the test office under ``policy``."""
    shipped = set(policies.names())
    extra = [policy] if isinstance(policy, Policy) and policy.name not in shipped else []
    app = bootstrap(store=store or InMemoryStore(), clock=clock or FixedClock(T0),
                    calendar=CHINA, offices=[office_spec(policy)], policies=extra)
    if with_units:
        for unit in UNITS:
            app.add_unit(CLERK, unit)
    return app


def registration(**overrides: Any) -> Registration:
    """A valid single-unit registration with a stated 15-day deadline, the leader's instruction
    (批示) recorded and LEADER as supervising leader (分管领导); override any field."""
    base = Registration(
        title="推进园区道路改造",
        requirements="9月底前完成施工并报送结果",
        source=Source.of(SourceKind.LEADER_INSTRUCTION, "管委会主任批示", leader="主任"),
        lead_unit_id="unit-a",
        responsible=(Responsible("head-a", "赵局长", "unit-a"),),
        deadline=DeadlineTerms.stated(Period.days(15)),
        instruction=Instruction.of("主任", T0.date()),
        supervising_leader=LEADER.person_id,
    )
    return attrs.evolve(base, **overrides)


def final_content() -> ReportContent:
    return ReportContent.final("基本情况", "主要措施", "已完成改造", "无", "无")


def progress_content() -> ReportContent:
    return ReportContent.progress("已开工，完成三成")


class World:
    """One in-memory store with the test office under ``policy``, a fixed clock at T0, the
    China calendar; ``ctx`` is the service layer's Context, ``app`` the composition root."""

    def __init__(self, policy: Policy | str = POLICY) -> None:
        self.store = InMemoryStore()
        self.clock = FixedClock(T0)
        self.calendar = CHINA
        self.app = app_for(policy, store=self.store, clock=self.clock)
        self.ctx: Context = self.app.context
        self.policy: Policy = (
            policy if isinstance(policy, Policy) else self.ctx.policies.get(policy)
        )

    def uow(self) -> InMemoryUnitOfWork:
        return InMemoryUnitOfWork(self.store)

    def signoff(self, person: str = "head-a") -> Signoff:
        return Signoff(person, SignoffCapacity.UNIT_HEAD, self.clock.now())

    # ------------------------------------------------------------ walking a matter
    def draft(self, **overrides: Any) -> Matter:
        return services.register(self.uow(), self.ctx, CLERK, registration(**overrides))

    def dispatched(self, **overrides: Any) -> Matter:
        matter = self.draft(**overrides)
        if self.policy.requires_approval:
            services.approve(self.uow(), self.ctx, LEADER, matter.id)
        return services.dispatch(self.uow(), self.ctx, CLERK, matter.id)

    def reported(self, reporter: Actor = LIAISON_A, **overrides: Any) -> Matter:
        """Dispatched, then the final report the liaison submits naming head-a's sign-off,
        which head-a confirms as themselves (核签确认)."""
        matter = self.dispatched(**overrides)
        reported = services.submit_final_report(
            self.uow(), self.ctx, reporter, matter.id, final_content(), signoff=self.signoff(),
        )
        if reporter.person_id == HEAD_A.person_id:
            return reported
        return services.confirm_signoff(self.uow(), self.ctx, HEAD_A, matter.id)

    def completed(self, **overrides: Any) -> Matter:
        matter = self.reported(**overrides)
        services.review(self.uow(), self.ctx, CLERK, matter.id, ReviewOutcome.ACCEPTED)
        return services.complete(self.uow(), self.ctx, CLERK, matter.id)

    def closed(self, **overrides: Any) -> Matter:
        matter = self.completed(**overrides)
        return services.close(self.uow(), self.ctx, CLERK, matter.id, note="已办结销号")

    def events(self, matter_id: str) -> list[Any]:
        with self.uow() as uow:
            return uow.events.for_matter(matter_id)

    def stored(self, matter_id: str) -> Matter:
        with self.uow() as uow:
            return uow.matters.get(matter_id)
