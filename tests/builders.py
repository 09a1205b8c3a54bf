"""Builders for the domain and service tests: actors, units, registrations and a small world.

``World`` wraps an in-memory store, a fixed clock, the China calendar and a test policy, and
walks a matter along its lifecycle so each test starts where its rule applies.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs

from supervision import calendar
from supervision.adapters.memory import InMemoryStore, InMemoryUnitOfWork
from supervision.calendar import SHANGHAI
from supervision.clock import FixedClock
from supervision.domain import (
    Actor,
    BasicPolicy,
    DeadlineTerms,
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
from supervision.periods import Period
from supervision.service_layer import services

CHINA = calendar.china()
#: Monday 2 March 2026, 09:00 in Shanghai.
T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=SHANGHAI)

CLERK = Actor.of("clerk-1", Role.OFFICE_CLERK, name="督查办张三")
CLERK_2 = Actor.of("clerk-2", Role.OFFICE_CLERK, name="督查办李四")
LEADER = Actor.of("leader-1", Role.APPROVING_LEADER, name="分管领导王五")
HEAD_A = Actor.of("head-a", Role.UNIT_HEAD, unit_id="unit-a")
LIAISON_A = Actor.of("liaison-a", Role.UNIT_LIAISON, unit_id="unit-a")
HEAD_B = Actor.of("head-b", Role.UNIT_HEAD, unit_id="unit-b")
LIAISON_B = Actor.of("liaison-b", Role.UNIT_LIAISON, unit_id="unit-b")
LIAISON_C = Actor.of("liaison-c", Role.UNIT_LIAISON, unit_id="unit-c")
INSPECTOR = Actor.of("inspector-1", Role.DISCIPLINE_INSPECTION)
AUDITOR = Actor.of("auditor-1", Role.AUDITOR)

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

POLICY = BasicPolicy.create(
    "test-2026",
    numbering_prefix="池开督",
    extensions_enabled=True,
    report_signoff="unit_head",
    category_periods={"一般事项": Period.days(5), "重要事项": Period.days(15)},
)


def registration(**overrides: Any) -> Registration:
    """A valid single-unit registration with a stated 15-day deadline; override any field."""
    base = Registration(
        title="推进园区道路改造",
        requirements="9月底前完成施工并报送结果",
        source=Source.of(SourceKind.LEADER_INSTRUCTION, "管委会主任批示", leader="主任"),
        lead_unit_id="unit-a",
        responsible=(Responsible("head-a", "赵局长", "unit-a"),),
        deadline=DeadlineTerms.stated(Period.days(15)),
    )
    return attrs.evolve(base, **overrides)


def final_content() -> ReportContent:
    return ReportContent.final("基本情况", "主要措施", "已完成改造", "无", "无")


def progress_content() -> ReportContent:
    return ReportContent.progress("已开工，完成三成")


class World:
    """One in-memory store, a fixed clock at T0, the China calendar and the test policy."""

    def __init__(self, policy: Any = POLICY) -> None:
        self.store = InMemoryStore()
        self.clock = FixedClock(T0)
        self.calendar = CHINA
        self.policy = policy
        for unit in UNITS:
            services.add_unit(self.uow(), CLERK, unit)

    def uow(self) -> InMemoryUnitOfWork:
        return InMemoryUnitOfWork(self.store)

    def signoff(self, person: str = "head-a") -> Signoff:
        return Signoff(person, SignoffCapacity.UNIT_HEAD, self.clock.now())

    # ------------------------------------------------------------ walking a matter
    def draft(self, **overrides: Any) -> Matter:
        return services.register(
            self.uow(), CLERK, self.clock, self.policy, registration(**overrides)
        )

    def dispatched(self, **overrides: Any) -> Matter:
        matter = self.draft(**overrides)
        if self.policy.requires_approval:
            services.approve(self.uow(), LEADER, self.clock, matter.id)
        return services.dispatch(
            self.uow(), CLERK, self.clock, self.calendar, self.policy, matter.id
        )

    def reported(self, reporter: Actor = LIAISON_A, **overrides: Any) -> Matter:
        matter = self.dispatched(**overrides)
        return services.submit_final_report(
            self.uow(), reporter, self.clock, self.policy, matter.id, final_content(),
            signoff=self.signoff(),
        )

    def completed(self, **overrides: Any) -> Matter:
        matter = self.reported(**overrides)
        services.review(self.uow(), CLERK, self.clock, matter.id, ReviewOutcome.ACCEPTED)
        return services.complete(self.uow(), CLERK, self.clock, matter.id)

    def closed(self, **overrides: Any) -> Matter:
        matter = self.completed(**overrides)
        return services.close(self.uow(), CLERK, self.clock, matter.id, note="已办结销号")

    def events(self, matter_id: str) -> list[Any]:
        with self.uow() as uow:
            return uow.events.for_matter(matter_id)

    def stored(self, matter_id: str) -> Matter:
        with self.uow() as uow:
            return uow.matters.get(matter_id)
