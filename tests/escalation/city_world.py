"""A city's database for the multi-office tests: several supervision offices in one in-memory
store, each under its own shipped policy, with the same unit ids in every office (经济发展局
``unit-a``, 马衙街道 ``unit-b``) so that isolation is by office, never by a lucky id.

Every office has its own clerk, leader and unit people (``Actor.of(..., office_id=...)``);
helpers walk a matter through the composition root as that office's people would.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping
from typing import Any

from escalation_world import CHINA, at

from supervision import bootstrap
from supervision.adapters.memory import InMemoryStore, InMemoryUnitOfWork
from supervision.bootstrap import Supervision
from supervision.clock import FixedClock
from supervision.domain import (
    Actor,
    EventKind,
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
from supervision.domain.escalation import Escalation
from supervision.domain.events import Event
from supervision.domain.policy import Policy
from supervision.service_layer import OfficeSpec
from supervision.service_layer.sweep import SweepSummary

__all__ = ["CITY", "CityWorld"]

#: Office id → (name, policy).
CITY: Mapping[str, tuple[str, str]] = {
    "daoli": ("道里区人民政府督查室", "daoli-2017"),
    "lyg": ("连云港市人民政府督查室", "lianyungang-2019"),
    "chizhou": ("池州经开区督查督办室", "chizhou-2021"),
}


class CityWorld:
    """One store, one clock, the offices of ``offices`` (id → (name, policy))."""

    def __init__(self, offices: Mapping[str, tuple[str, str]] = CITY) -> None:
        self.store = InMemoryStore()
        self.clock = FixedClock(at("2026-03-02 09:00"))
        self.app: Supervision = bootstrap(
            store=self.store, clock=self.clock, calendar=CHINA,
            offices=[OfficeSpec(o, name, policy) for o, (name, policy) in offices.items()],
        )
        self.ctx = self.app.context
        for office in offices:
            for unit in self.units(office):
                self.app.add_unit(self.clerk(office), unit)

    def uow(self) -> InMemoryUnitOfWork:
        return InMemoryUnitOfWork(self.store)

    def when(self, text: str) -> CityWorld:
        self.clock.set(at(text))
        return self

    # --------------------------------------------------------------- people
    @staticmethod
    def clerk(office: str, person: str = "clerk") -> Actor:
        return Actor.of(f"{office}-{person}", Role.OFFICE_CLERK, office_id=office,
                        name="督查室工作人员")

    @staticmethod
    def leader(office: str) -> Actor:
        return Actor.of(f"{office}-leader", Role.APPROVING_LEADER, office_id=office)

    @staticmethod
    def liaison(office: str, unit: str = "unit-a") -> Actor:
        return Actor.of(f"{office}-liaison-{unit}", Role.UNIT_LIAISON, office_id=office,
                        unit_id=unit)

    @staticmethod
    def head(office: str, unit: str = "unit-a") -> Actor:
        return Actor.of(f"{office}-head-{unit}", Role.UNIT_HEAD, office_id=office, unit_id=unit)

    @staticmethod
    def units(office: str) -> tuple[Unit, ...]:
        return (
            Unit.create("unit-a", "经济发展局", UnitKind.DEPARTMENT,
                        head_id=f"{office}-head-unit-a", liaison_ids=(f"{office}-liaison-unit-a",)),
            Unit.create("unit-b", "马衙街道", UnitKind.TOWNSHIP,
                        head_id=f"{office}-head-unit-b", liaison_ids=(f"{office}-liaison-unit-b",)),
        )

    # -------------------------------------------------------------- matters
    def dispatch(
        self, office: str, when: str, *, category: str | None = None, lead: str = "unit-a",
        **extra: Any,
    ) -> Matter:
        """Register (and approve, where the matter's policy requires it) and dispatch; the
        leader's instruction (批示) is recorded and the office's leader as supervising leader."""
        self.when(when)
        extra.setdefault("instruction", Instruction.of("主任", self.clock.now().date()))
        extra.setdefault("supervising_leader", f"{office}-leader")
        registration = Registration(
            title="推进园区道路改造",
            requirements="按期完成并报送结果",
            source=Source.of(SourceKind.LEADER_INSTRUCTION, "主任批示", leader="主任"),
            lead_unit_id=lead,
            responsible=(Responsible(f"{office}-head-{lead}", "赵局长", lead),),
            category=category,
            **extra,
        )
        matter = self.app.register(self.clerk(office), registration)
        if self.ctx.policy_of(matter).requires_approval:
            self.app.approve(self.leader(office), matter.id)
        return self.app.dispatch(self.clerk(office), matter.id)

    def progress(self, matter: Matter, when: str) -> Matter:
        self.when(when)
        return self.app.report_progress(self.liaison(matter.office_id, matter.lead_unit_id),
                                        matter.id, ReportContent.progress("进展顺利"))

    def complete(self, matter: Matter, when: str) -> Matter:
        """Final report (signed where the matter's policy asks), accepted and completed."""
        self.when(when)
        office, unit = matter.office_id, matter.lead_unit_id
        signoff = None
        if self.policy_of(matter).report_signoff == "unit_head":
            signoff = Signoff(f"{office}-head-{unit}", SignoffCapacity.UNIT_HEAD, self.clock.now())
        self.app.submit_final_report(
            self.liaison(office, unit), matter.id,
            ReportContent.final("基本情况", "主要措施", "已完成", "无", "无"), signoff=signoff,
        )
        if signoff is not None:
            self.app.confirm_signoff(self.head(office, unit), matter.id)
        self.app.review(self.clerk(office), matter.id, ReviewOutcome.ACCEPTED)
        return self.app.complete(self.clerk(office), matter.id)

    def policy_of(self, matter: Matter | str) -> Policy:
        return self.ctx.policy_of(self.stored(matter))

    # --------------------------------------------------------------- engine
    def sweep(self, when: str, offices: Collection[str] | None = None) -> SweepSummary:
        self.when(when)
        return self.app.sweep(offices=offices)

    def escalations(self, matter: Matter | str) -> list[Escalation]:
        with self.uow() as uow:
            return uow.escalations.for_matter(_id(matter))

    def timeline(self, matter: Matter | str) -> list[Event]:
        with self.uow() as uow:
            return uow.events.for_matter(_id(matter))

    def escalated_events(self, matter: Matter | str) -> int:
        with self.uow() as uow:
            return [e.kind for e in uow.events.for_matter(_id(matter))].count(
                EventKind.ESCALATED)

    def stored(self, matter: Matter | str) -> Matter:
        with self.uow() as uow:
            return uow.matters.get(_id(matter))


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def _id(matter: Matter | str) -> str:
    return matter if isinstance(matter, str) else matter.id
