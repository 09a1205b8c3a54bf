"""The world the read-path tests compare: two offices in one store, with matters an
undesignated reader may and may not see, walked to escalations, proposals and score entries.

Office ``office-a`` (tongren-2014) holds, registered in this order:

* ``m-a-open`` — lead unit-a, no confidentiality: every reader of the office sees it;
* ``m-b-unitb`` — lead unit-b: hidden from unit-a's people;
* ``m-c-controlled`` — 控制知情范围, designated clerk-1 and head-a only;
* ``m-d-secret`` — 涉及秘密, recorded by reference only, designated clerk-1 and head-a only;

and office ``office-b`` (tongren-2014) holds ``m-e-other``. Every matter is urgent, dispatched
Monday 2026-09-28 and left overdue; the sweep runs on 10-09, 10-14 and 10-20 (催办, 通报,
proposals of 追究责任, deductions, each with its numbered notices in the outbox); the leader
accepts the open matter's proposal and commends unit-a naming it; then the units ask for
复核: unit-a twice on the open matter (one answered, one open), unit-b on its matter, head-a
on the controlled and the secret matter, the other office's unit on its matter (left open).

:func:`build` can leave matters out. Hidden matters are registered after the visible ones,
their ids sort after the visible ones (the sweep numbers documents in id order) and nothing
visible links to them, so a world without the matters a reader may not see must look exactly
the same *to that reader* as the full world: that is the noninterference property the
read-path tests check. (Registration and document numbers are sequential per office, a
disclosure docs/security.md states: the world is built so that it does not show.)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from typing import Any

import attrs
from builders import (
    CHINA,
    CLERK,
    CLERK_2,
    HEAD_A,
    LEADER,
    LIAISON_A,
    LIAISON_B,
    OFFICE,
    OTHER_OFFICE,
    UNITS,
)

from supervision import bootstrap
from supervision.bootstrap import Supervision
from supervision.calendar import SHANGHAI
from supervision.clock import FixedClock
from supervision.domain import (
    Actor,
    Confidentiality,
    Instruction,
    Matter,
    Registration,
    Responsible,
    Role,
    Source,
    SourceKind,
    Unit,
    UnitKind,
)
from supervision.domain.objections import ObjectionOutcome
from supervision.domain.permissions import can_view
from supervision.service_layer import OfficeSpec

POLICY = "tongren-2014"
OTHER_CLERK = Actor.of("clerk-9", Role.OFFICE_CLERK, office_id=OTHER_OFFICE, name="另一督查室")
AUDITOR = Actor.of("auditor-1", Role.AUDITOR, office_id=OFFICE)
INSPECTOR = Actor.of("inspector-1", Role.DISCIPLINE_INSPECTION, office_id=OFFICE)
#: Readers none of the confidential matters designates, in roles that read the office, lead
#: and audit it, and a unit's liaison.
READERS: dict[str, Actor] = {
    "clerk": CLERK_2, "leader": LEADER, "auditor": AUDITOR, "inspector": INSPECTOR,
    "liaison": LIAISON_A,
}

OPEN, UNIT_B, CONTROLLED, SECRET, OTHER = (
    "m-a-open", "m-b-unitb", "m-c-controlled", "m-d-secret", "m-e-other")
#: What each matter is called; none of these may reach a reader who may not see it.
TITLES = {
    OPEN: "公开推进园区道路改造",
    UNIT_B: "马衙街道老旧小区改造",
    CONTROLLED: "控制知情范围的信访积案化解",
    SECRET: "",
    OTHER: "另一机构的防汛物资储备",
}
SECRET_REFERENCE = "密〔2026〕7号"
#: A text only the hidden matters carry (their requirements), searched for in every answer.
MARKERS = {
    OPEN: "公开要求", UNIT_B: "乙单位要求", CONTROLLED: "控制要求", SECRET: "", OTHER: "他局要求",
}
ALL = (OPEN, UNIT_B, CONTROLLED, SECRET, OTHER)
T0 = dt.datetime(2026, 9, 28, 10, tzinfo=SHANGHAI)
SWEEPS = ("2026-10-09 09:00", "2026-10-14 09:00", "2026-10-20 09:00")
END = dt.datetime(2026, 10, 21, 9, tzinfo=SHANGHAI)
MISSING = "m-no-such"


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=SHANGHAI)


def _confidentiality(matter_id: str) -> Confidentiality:
    if matter_id == CONTROLLED:
        return Confidentiality.controlled({"clerk-1", "head-a"})
    if matter_id == SECRET:
        return Confidentiality.secret(SECRET_REFERENCE, {"clerk-1", "head-a"})
    return Confidentiality.none()


def _registration(matter_id: str) -> Registration:
    lead = "unit-b" if matter_id == UNIT_B else "unit-a"
    return Registration(
        title=TITLES[matter_id],
        requirements=MARKERS[matter_id] + ("：按期完成并报送结果" if MARKERS[matter_id] else ""),
        source=Source.of(SourceKind.LEADER_INSTRUCTION, "主任批示", leader="主任"),
        lead_unit_id=lead,
        responsible=(Responsible("head-a" if lead == "unit-a" else "head-b", "负责人", lead),),
        category="urgent",
        instruction=Instruction.of("主任", T0.date()),
        supervising_leader=LEADER.person_id,
        confidentiality=_confidentiality(matter_id),
    )


@attrs.define
class ReadWorld:
    """The composition root over the world's store, its clock, and what was left out."""

    app: Supervision
    clock: FixedClock
    present: frozenset[str]
    storage: dict[str, Any]

    def visible_ids(self, reader: Actor) -> list[str]:
        """The ids of the world's matters ``reader`` may see, in registration order."""
        with self.app.uow() as uow:
            found = [uow.matters.get(i) for i in ALL if i in self.present]
        return [m.id for m in found if can_view(reader, m)]

    def matter(self, matter_id: str) -> Matter:
        with self.app.uow() as uow:
            return uow.matters.get(matter_id)

    def escalation_keys(self, matter_id: str) -> list[str]:
        with self.app.uow() as uow:
            return [e.key for e in uow.escalations.for_matter(matter_id)]

    def proposal_key(self, matter_id: str) -> str:
        with self.app.uow() as uow:
            return next(e.key for e in uow.escalations.for_matter(matter_id) if e.proposal)

    def objection_id(self, matter_id: str) -> str:
        """The open objection (复核申请) about ``matter_id``."""
        with self.app.uow() as uow:
            return next(o.id for o in uow.objections.for_matter(matter_id) if o.pending)

    def notice_key(self, matter_id: str) -> str:
        """A notice of an escalation on ``matter_id`` (a 催办单 to its unit)."""
        with self.app.uow() as uow:
            return next(n.key for n in uow.notices.for_matter(matter_id)
                        if n.source.startswith("escalation:"))

    def entry_key(self, matter_id: str) -> str:
        """A deduction tracing to ``matter_id``."""
        with self.app.uow() as uow:
            return next(e.key for e in uow.scores.for_matter(matter_id) if e.points < 0)


def hidden_from(reader: Actor) -> frozenset[str]:
    """The matters of the full world ``reader`` may not see."""
    world = build()
    return frozenset(ALL) - frozenset(world.visible_ids(reader))


_OTHER_UNIT = Unit.create("unit-a", "另一区经济发展局", UnitKind.DEPARTMENT, head_id="head-9",
                          liaison_ids=("liaison-9",))


def build(
    storage: dict[str, Any] | None = None,
    *,
    omit: Collection[str] = (),
    chain_key: Any = None,
) -> ReadWorld:
    """The world on ``storage`` (``bootstrap``'s ``store=`` or ``engine=``; a new in-memory
    store by default), without the matters in ``omit``."""
    from supervision.adapters.memory import InMemoryStore

    storage = {"store": InMemoryStore()} if storage is None else storage
    clock = FixedClock(T0)
    extra = {} if chain_key is None else {"chain_key": chain_key}
    app = bootstrap(clock=clock, calendar=CHINA, **storage, **extra, offices=[
        OfficeSpec(OFFICE, "测试区督查室", POLICY, effective_from=dt.date(2000, 1, 1)),
        OfficeSpec(OTHER_OFFICE, "另一区督查室", POLICY, effective_from=dt.date(2000, 1, 1)),
    ])
    for unit in UNITS:
        app.add_unit(CLERK, unit)
    app.add_unit(OTHER_CLERK, _OTHER_UNIT)
    present = frozenset(ALL) - frozenset(omit)
    for matter_id in ALL:
        if matter_id not in present:
            continue
        clerk = OTHER_CLERK if matter_id == OTHER else CLERK
        matter = app.register(clerk, _registration(matter_id), matter_id=matter_id)
        if app.context.policy_of(matter).requires_approval:
            app.approve(LEADER if clerk is CLERK else OTHER_LEADER, matter.id)
        app.dispatch(clerk, matter.id)
    for when in SWEEPS:
        clock.set(at(when))
        app.sweep()
    clock.set(at("2026-10-20 10:00"))
    world = ReadWorld(app, clock, present, storage)
    app.decide_proposal(LEADER, world.proposal_key(OPEN), accept=True, measure="",
                        opinion="同意追究责任")
    app.commend(LEADER, "unit-a", "表彰〔2026〕1号", "按期办结示范", matter_ids=(OPEN,))
    clock.set(at("2026-10-20 11:00"))
    _object(world)
    clock.set(END)
    return world


#: Who asks for 复核 of which conclusion about each matter (the unit it concerns).
OBJECTORS: dict[str, tuple[Actor, str]] = {
    OPEN: (LIAISON_A, "1.reminder"),
    UNIT_B: (LIAISON_B, "1.reminder"),
    CONTROLLED: (HEAD_A, "1.reminder"),
    SECRET: (HEAD_A, "1.reminder"),
    OTHER: (Actor.of("liaison-9", Role.UNIT_LIAISON, office_id=OTHER_OFFICE, unit_id="unit-a"),
            "1.reminder"),
}


def _object(world: ReadWorld) -> None:
    """The units' 复核 requests, in matter order: unit-a's first request on the open matter is
    answered (不成立), every other one is left open."""
    for matter_id, (actor, step) in OBJECTORS.items():
        if matter_id not in world.present:
            continue
        key = next(k for k in world.escalation_keys(matter_id) if f":{step}:" in k)
        world.app.file_objection(actor, key, "已按要求办理，催办依据不足")
        if matter_id == OPEN:
            world.app.decide_objection(LEADER, world.objection_id(OPEN),
                                       ObjectionOutcome.REJECTED, "催办依据充分")
            bulletin = next(k for k in world.escalation_keys(OPEN) if ".supervision_bulletin:" in k)
            world.app.file_objection(actor, bulletin, "通报所列情况与事实不符")


OTHER_LEADER = Actor.of("leader-9", Role.APPROVING_LEADER, office_id=OTHER_OFFICE)


def reopen(world: ReadWorld, chain_key: Any) -> Supervision:
    """Another composition root on the world's storage and clock, with ``chain_key`` (as a
    host restarted with a rotated key, or misconfigured without one)."""
    return bootstrap(clock=world.clock, calendar=CHINA, chain_key=chain_key, **world.storage)
