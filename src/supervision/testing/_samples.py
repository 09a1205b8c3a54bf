"""Records for storage tests: offices, units, matters, escalations and score entries that
belong to one of two offices (:data:`OFFICE`, :data:`OTHER_OFFICE`), built with the domain's
own constructors. Part of :mod:`supervision.testing.contract` (import them from there)."""

from __future__ import annotations

import datetime as dt
import functools
from decimal import Decimal
from typing import Any

import attrs

from supervision.calendar import SHANGHAI
from supervision.domain.actors import Actor, Role
from supervision.domain.escalation import Escalation, EscalationKind
from supervision.domain.events import Event, EventKind
from supervision.domain.handling import register as register_matter
from supervision.domain.model import (
    Confidentiality,
    DeadlineTerms,
    Matter,
    Registration,
    RegistrationNumber,
    Responsible,
    Source,
    SourceKind,
    Unit,
    UnitKind,
)
from supervision.domain.notices import Notice, NoticeKind, Recipient
from supervision.domain.objections import ConclusionKind, Objection, objection_id
from supervision.domain.office import (
    CalendarChoice,
    Office,
    OfficeEvent,
    OfficeEventKind,
    PolicyRef,
)
from supervision.domain.policy import Citation, EscalationAction, ScoreBasis, TriggerEvent
from supervision.domain.scorecard import ScoreEntry
from supervision.periods import Period

__all__ = [
    "OFFICE",
    "OTHER_OFFICE",
    "PREFIX",
    "T0",
    "bumped",
    "sample_escalation",
    "sample_matter",
    "sample_notice",
    "sample_objection",
    "sample_office",
    "sample_office_event",
    "sample_policy_ref",
    "sample_score_entry",
    "sample_unit",
]

#: Monday 2 March 2026, 09:00 in Shanghai: when the sample records happen.
T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=SHANGHAI)
#: The office every sample record belongs to unless told otherwise.
OFFICE = "contract-a"
#: A second office in the same storage, for the isolation tests.
OTHER_OFFICE = "contract-b"
#: The numbering prefix (机关代字) of the sample matters.
PREFIX = "池开督"
_POLICY = "chizhou-2021"


@functools.cache
def sample_policy_ref() -> PolicyRef:
    """The reference (name, exact parameters, fingerprint) the sample matters live under:
    the shipped chizhou-2021 regulation as configured by default."""
    from supervision import policies

    return PolicyRef.of(policies.get(_POLICY))


def sample_office(
    office_id: str = OFFICE, name: str = "池州经开区督查室", *, prefix: str = PREFIX
) -> Office:
    """A new office (version 1) under the sample policy."""
    return Office.create(
        office_id, name, numbering_prefix=prefix, policy=sample_policy_ref(),
        effective_from=dt.date(2021, 1, 1), recorded_at=T0, recorded_by="contract-setup",
        calendar=CalendarChoice.of(close_time=dt.time(17, 30)),
    )


def sample_office_event(
    office_id: str = OFFICE, version: int = 1, *, kind: OfficeEventKind = OfficeEventKind.CREATED
) -> OfficeEvent:
    """One entry of an office's history (``version``: the office's version after it)."""
    return OfficeEvent(office_id, version, kind, "contract-setup",
                       T0 + dt.timedelta(minutes=version), (("policy", _POLICY),))


def sample_unit(
    unit_id: str = "u-1", name: str = "经济发展局", *, office_id: str = OFFICE, **fields: Any
) -> Unit:
    """A unit (承办单位) of ``office_id``."""
    return Unit.create(unit_id, name, UnitKind.DEPARTMENT, office_id=office_id, **fields)


def sample_matter(
    matter_id: str = "m-1",
    seq: int = 1,
    *,
    at: dt.datetime = T0,
    unit_id: str = "u-1",
    parent_id: str | None = None,
    title: str = "推进园区道路改造",
    office_id: str = OFFICE,
) -> tuple[Matter, Event]:
    """A registered matter of ``office_id`` (number 池开督〔year〕seq号, under the sample
    policy) and its REGISTERED event, for storage tests."""
    registration = Registration(
        title=title,
        requirements="按期完成并报送结果",
        source=Source.of(SourceKind.LEADER_INSTRUCTION, "批示"),
        lead_unit_id=unit_id,
        responsible=(Responsible("p-1", "责任人"),),
        deadline=DeadlineTerms.stated(Period.days(15)),
        confidentiality=Confidentiality.none(),
        parent_id=parent_id,
    )
    change = register_matter(
        matter_id,
        office_id,
        sample_policy_ref(),
        RegistrationNumber.of(PREFIX, at.year, seq),
        registration,
        registration.deadline or DeadlineTerms.stated(Period.days(15)),
        Actor.of("contract-clerk", Role.OFFICE_CLERK, office_id=office_id),
        at,
    )
    return change.matter, change.event


def bumped(matter: Matter, **fields: Any) -> tuple[Matter, Event]:
    """``matter`` changed (its version raised by one) and the event recording the change."""
    new = attrs.evolve(matter, version=matter.version + 1, **fields)
    event = Event(
        Event.make_id(new.id, new.version),
        new.id,
        EventKind.APPROVED,
        "contract-leader",
        T0,
        matter.status,
        new.status,
        new.version,
    )
    return new, event


def sample_escalation(
    matter_id: str = "m-1",
    unit_id: str | None = "u-1",
    *,
    action: EscalationAction = EscalationAction.REMINDER,
    step: int = 1,
    occasion: str = "r1",
    due_at: dt.datetime = T0,
    proposal: bool = False,
    options: tuple[str, ...] = (),
    office_id: str = OFFICE,
) -> Escalation:
    """An escalation record of ``office_id`` for storage tests (a 催办 by default;
    ``proposal=True`` for a 问责 proposal)."""
    if proposal:
        menu = EscalationAction.MEASURES_MENU
        action = menu if options else EscalationAction.ACCOUNTABILITY
    return Escalation(
        key=Escalation.make_key(matter_id, f"{step}.{action.key}", unit_id, occasion),
        policy=_POLICY,
        office_id=office_id,
        matter_id=matter_id,
        unit_id=unit_id,
        kind=EscalationKind.RUNG,
        action=action,
        step=step,
        trigger=TriggerEvent.OVERDUE,
        occasion=occasion,
        citation=Citation(_POLICY, "§8.2", "视具体情况对承办单位和个人予以问责"),
        due_at=due_at,
        issued_at=due_at + dt.timedelta(hours=9),
        reply_due_at=due_at + dt.timedelta(days=1),
        proposal=proposal,
        options=options,
        details=(("miss", "2"),),
    )


def sample_score_entry(
    key: str = "m-1:miss:u-1",
    unit_id: str = "u-1",
    *,
    period: str = "2026",
    points: str = "-1",
    matter_ids: tuple[str, ...] = ("m-1",),
    occurred_at: dt.datetime = T0,
    office_id: str = OFFICE,
) -> ScoreEntry:
    """A score entry of ``office_id`` (a 1-point deduction by default) for storage tests."""
    return ScoreEntry(
        key=key,
        policy=_POLICY,
        office_id=office_id,
        unit_id=unit_id,
        period=period,
        points=Decimal(points),
        basis=ScoreBasis.MISS_STREAK,
        reason="连续两次未按时完成",
        citation=Citation(_POLICY, "§8.2", "对承办单位在年终目标考核总分中扣 1 分/项"),
        occurred_at=occurred_at,
        recorded_at=occurred_at + dt.timedelta(hours=1),
        recorded_by="system:sweep",
        matter_ids=matter_ids,
        event_ids=tuple(f"{m}#3" for m in matter_ids),
        escalation_keys=(f"{matter_ids[0]}:3.point_deduction:{unit_id}:r1",) if matter_ids else (),
    )


def sample_notice(
    source: str = "escalation:m-1:1.reminder:u-1:r1",
    person_id: str = "liaison-1",
    *,
    office_id: str = OFFICE,
    matter_id: str = "m-1",
    created_at: dt.datetime = T0,
) -> Notice:
    """A 督查催办单 notice to a unit's liaison."""
    recipient = Recipient.of_person(person_id, Role.UNIT_LIAISON, unit_id="u-1",
                                    name="经济发展局联络员")
    return Notice.create(
        source, recipient, office_id=office_id, matter_id=matter_id, kind=NoticeKind.REMINDER,
        document="督查催办单", subject="关于催办推进园区道路改造的督查催办单",
        text="经济发展局：\n　　请于2026年3月5日前报送办理结果。", created_at=created_at,
        number=RegistrationNumber.of(f"{PREFIX}催", 2026, 1),
        reply_due_at=dt.datetime(2026, 3, 6, tzinfo=SHANGHAI),
    )


def sample_objection(
    conclusion: str = "m-1:2.bulletin:u-1:r1",
    unit_id: str = "u-1",
    *,
    office_id: str = OFFICE,
    matter_id: str = "m-1",
    filed_at: dt.datetime = T0,
    answer_due_at: dt.datetime | None = None,
) -> Objection:
    """A unit's objection (复核申请) to a bulletin, filed at ``filed_at``."""
    due = answer_due_at or filed_at + dt.timedelta(days=30)
    return Objection(
        objection_id(conclusion, unit_id), office_id, matter_id, unit_id, conclusion,
        ConclusionKind.ESCALATION, "督查通报", filed_at - dt.timedelta(days=2),
        filed_at + dt.timedelta(days=28), filed_at, "liaison-1",
        "已按期报送，通报所列情况与事实不符", due,
    )
