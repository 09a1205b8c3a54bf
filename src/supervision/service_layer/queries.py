"""Read paths: every one filters by what the actor may see.

A confidential matter outside the actor's circle of knowledge (``daoli-2017 art.23``) is
absent from lists, counts, ledger rows and timelines, and fetching it raises the same
:class:`~supervision.exceptions.MatterNotFound` as a missing id. Units see only the matters
assigned to them. Queries never write.
"""

from __future__ import annotations

import datetime as _dt

import attrs

from supervision.calendar import SHANGHAI
from supervision.clock import require_aware
from supervision.domain.actors import Actor
from supervision.domain.events import Event
from supervision.domain.lifecycle import Status
from supervision.domain.model import ConfidentialityKind, Matter
from supervision.domain.permissions import can_view
from supervision.exceptions import InvalidInput, UnitNotFound
from supervision.ports import UnitOfWork
from supervision.service_layer.services import load_visible

__all__ = [
    "LedgerRow",
    "count_matters",
    "get_matter",
    "ledger",
    "list_matters",
    "timeline",
]


def _actor(actor: object) -> Actor:
    if not isinstance(actor, Actor):
        raise InvalidInput("actor", "a supervision.domain.Actor", actor)
    return actor


def get_matter(uow: UnitOfWork, actor: Actor, matter_id: str) -> Matter:
    """One matter; MatterNotFound if it is missing or the actor may not see it."""
    _actor(actor)
    with uow:
        return load_visible(uow, actor, matter_id)


def list_matters(
    uow: UnitOfWork,
    actor: Actor,
    *,
    status: Status | None = None,
    unit_id: str | None = None,
    parent_id: str | None = None,
    reinspection_of: str | None = None,
) -> list[Matter]:
    """The matters the actor may see, filtered; ``parent_id`` lists a matter's sub-matters
    (分解立项) and ``reinspection_of`` the matters opened by re-inspecting one."""
    _actor(actor)
    with uow:
        found = uow.matters.list(
            status=status, unit_id=unit_id, parent_id=parent_id, reinspection_of=reinspection_of
        )
    return [m for m in found if can_view(actor, m)]


def count_matters(
    uow: UnitOfWork, actor: Actor, *, status: Status | None = None, unit_id: str | None = None
) -> int:
    """How many matters the actor may see (never counting hidden ones)."""
    return len(list_matters(uow, actor, status=status, unit_id=unit_id))


def timeline(uow: UnitOfWork, actor: Actor, matter_id: str) -> list[Event]:
    """A matter's events in order; MatterNotFound if the actor may not see the matter."""
    _actor(actor)
    with uow:
        load_visible(uow, actor, matter_id)
        return uow.events.for_matter(matter_id)


@attrs.frozen
class LedgerRow:
    """One row of the ledger (督办事项台账, ``lianyungang-2019 §7.1``, ``chizhou-2021 §6.1``):
    content, method, lead unit, deadline, responsible person, requirements, and the status as
    of the ledger's time. ``acknowledged`` is the lead unit's 签收 and
    ``unacknowledged_units`` the units that had not acknowledged by then (签收 is reported
    on, never a clock event). A secret matter shows its reference only."""

    matter_id: str
    number: str
    title: str
    source: str
    category: str
    handling_mode: str
    lead_unit: str
    co_units: tuple[str, ...]
    responsible: tuple[str, ...]
    requirements: str
    deadline: str
    due_day: _dt.date | None
    status: Status
    acknowledged: bool
    unacknowledged_units: tuple[str, ...]
    overdue: bool
    closed: bool
    confidential: bool

    @property
    def status_label(self) -> str:
        return self.status.label


def _last_day(due_at: _dt.datetime) -> _dt.date:
    return (due_at - _dt.timedelta(microseconds=1)).astimezone(SHANGHAI).date()


def ledger(uow: UnitOfWork, actor: Actor, as_of: _dt.datetime) -> list[LedgerRow]:
    """The ledger as it stood at ``as_of``: every visible matter registered by then, with its
    status, due day, lead unit's acknowledgement and overdue flag at that instant. Ordered by
    registration number."""
    _actor(actor)
    require_aware(as_of, "as_of")
    rows: list[LedgerRow] = []
    with uow:
        units = {u.id: u.name for u in uow.units.list()}
        matters = [m for m in uow.matters.list() if can_view(actor, m)]
        for matter in sorted(matters, key=lambda m: m.number):
            history = [e for e in uow.events.for_matter(matter.id) if e.occurred_at <= as_of]
            if not history:
                continue
            last = history[-1]
            status = last.status_after
            due_at = last.due_at
            lead = matter.assignment(matter.lead_unit_id)
            assert lead is not None
            acknowledged = lead.acknowledged_at is not None and lead.acknowledged_at <= as_of
            secret = matter.confidentiality.kind is ConfidentialityKind.SECRET

            def name(unit_id: str) -> str:
                if unit_id not in units:
                    raise UnitNotFound(unit_id)
                return units[unit_id]

            rows.append(
                LedgerRow(
                    matter_id=matter.id,
                    number=str(matter.number),
                    title=matter.display_title,
                    source=matter.source.kind.label,
                    category=matter.category or "",
                    handling_mode=matter.handling_mode.label,
                    lead_unit=name(matter.lead_unit_id),
                    co_units=tuple(name(u) for u in matter.co_unit_ids),
                    responsible=tuple(r.name or r.person_id for r in matter.responsible),
                    requirements="" if secret else matter.requirements,
                    deadline=matter.terms.label,
                    due_day=None if due_at is None else _last_day(due_at),
                    status=status,
                    acknowledged=acknowledged,
                    unacknowledged_units=tuple(
                        name(a.unit_id)
                        for a in matter.assignments
                        if a.acknowledged_at is None or a.acknowledged_at > as_of
                    ),
                    overdue=status.is_open and due_at is not None and as_of >= due_at,
                    closed=status in (Status.CLOSED, Status.ARCHIVED),
                    confidential=matter.confidentiality.restricted,
                )
            )
    return rows
