"""How matters, offices, units and events read: one line of text for people, a small
JSON object for scripts (the shapes documented in docs/cli.md, "JSON output")."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from supervision.cli._session import when
from supervision.text import cn_date

if TYPE_CHECKING:
    from supervision.domain.events import Event
    from supervision.domain.model import Matter, Unit
    from supervision.domain.office import Office, OfficeEvent

__all__ = [
    "event_line",
    "event_view",
    "matter_line",
    "matter_view",
    "office_line",
    "office_view",
    "unit_line",
    "unit_view",
]


def matter_view(matter: Matter) -> dict[str, Any]:
    """``{"id", "number", "title", "status", "status_label", "version", …}``."""
    due = matter.due
    return {
        "id": matter.id,
        "number": str(matter.number),
        "title": matter.display_title,
        "office_id": matter.office_id,
        "policy": matter.policy.name,
        "status": matter.status.value,
        "status_label": matter.status.label,
        "version": matter.version,
        "category": matter.category,
        "source": matter.source.kind.value,
        "source_label": matter.source.kind.label,
        "lead_unit_id": matter.lead_unit_id,
        "co_unit_ids": list(matter.co_unit_ids),
        "deadline": matter.terms.label,
        "due": None if due is None else {
            "last_day": due.last_day.isoformat(),
            "due_at": due.due_at.isoformat(),
            "provisional": due.provisional,
        },
        "confidentiality": matter.confidentiality.kind.value,
    }


def matter_line(matter: Matter) -> str:
    """``哈里政督〔2026〕1号  推进园区道路改造  [已交办]  截止 2026年10月8日  v3  id …``."""
    due = ""
    if matter.due is not None:
        due = f"  截止 due {cn_date(matter.due.last_day)}"
        if matter.due.provisional:
            due += "（临时 provisional）"
    return (f"{matter.number}  {matter.display_title}  [{matter.status.label}]{due}  "
            f"版本 v{matter.version}  id {matter.id}")


def office_view(office: Office) -> dict[str, Any]:
    current = office.current
    return {
        "id": office.id,
        "name": office.name,
        "numbering_prefix": office.numbering_prefix,
        "version": office.version,
        "policy": current.policy.name,
        "policy_fingerprint": current.policy.fingerprint,
        "parameters": {k: v for k, v in current.policy.parameters},
        "policies": [
            {"policy": t.policy.name, "fingerprint": t.policy.fingerprint,
             "effective_from": t.effective_from.isoformat(), "recorded_by": t.recorded_by,
             "reason": t.reason}
            for t in office.policies
        ],
        "close_time": None if office.calendar.close_time is None
        else office.calendar.close_time.isoformat(),
        "provisional": office.calendar.provisional,
    }


def office_line(office: Office) -> str:
    return (f"{office.id}  {office.name}  代字 {office.numbering_prefix}  "
            f"制度 policy {office.current.policy.label()}")


def unit_view(unit: Unit) -> dict[str, Any]:
    return {
        "id": unit.id,
        "name": unit.name,
        "kind": unit.kind.value,
        "kind_label": unit.kind.label,
        "office_id": unit.office_id,
        "parent_id": unit.parent_id,
        "head_id": unit.head_id,
        "leader_in_charge_id": unit.leader_in_charge_id,
        "liaison_ids": list(unit.liaison_ids),
    }


def unit_line(unit: Unit) -> str:
    people = []
    if unit.head_id:
        people.append(f"主要负责人 head {unit.head_id}")
    if unit.leader_in_charge_id:
        people.append(f"分管负责人 {unit.leader_in_charge_id}")
    if unit.liaison_ids:
        people.append("联络员 liaison " + "、".join(unit.liaison_ids))
    extra = f"  ({'；'.join(people)})" if people else ""
    return f"{unit.id}  {unit.name}  [{unit.kind.label}]{extra}"


def event_view(event: Event) -> dict[str, Any]:
    return {
        "event_id": event.event_id,
        "kind": event.kind.value,
        "label": event.kind.label,
        "actor_id": event.actor_id,
        "occurred_at": event.occurred_at.isoformat(),
        "status_before": None if event.status_before is None else event.status_before.value,
        "status_after": event.status_after.value,
        "version": event.version,
        "details": dict(event.details),
    }


def event_line(event: Event) -> str:
    details = "，".join(f"{k}={v}" for k, v in event.details)
    return (f"v{event.version}  {when(event.occurred_at)}  {event.kind.label}  "
            f"[{event.status_after.label}]  {event.actor_id}" + (f"  {details}" if details else ""))


def office_event_line(event: OfficeEvent) -> str:
    details = "，".join(f"{k}={v}" for k, v in event.details)
    return (f"v{event.version}  {when(event.occurred_at)}  {event.kind.label}  {event.actor_id}"
            + (f"  {details}" if details else ""))
