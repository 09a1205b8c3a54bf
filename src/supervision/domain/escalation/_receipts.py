"""Duties that run from the receipt of a document (收文), before the matter is dispatched.

``chizhou-2021 §7.3``: a 上级督办件 is signed off and forwarded (审签、转办转发) within 1 working
day of receipt; ``§7.6``: a report of a major disaster or emergency within 1 hour. The clerk
records the receipt instant on the registration (:class:`~supervision.domain.Receipt`); the
duty is met when the matter is forwarded (交办, its dispatch instant). Missed, it is the
office's own overdue duty like any other: recorded once, reported, never scored against a unit.
The sweep looks at a matter awaiting forwarding as at an open one (:func:`awaiting_forwarding`)
and wakes at the duty's deadline (:func:`receipt_wake`).
"""

from __future__ import annotations

import datetime as _dt

from supervision.calendar import Calendar
from supervision.domain.escalation._deadlines import counted
from supervision.domain.escalation._records import Escalation, EscalationKind, MatterRecord
from supervision.domain.lifecycle import Status
from supervision.domain.model import Matter
from supervision.domain.policy import Duty, Policy, StartEvent
from supervision.periods import Deadline

__all__ = ["awaiting_forwarding", "receipt_duties", "receipt_wake"]

_BEFORE_DISPATCH = frozenset({Status.DRAFT, Status.APPROVED})


def awaiting_forwarding(matter: Matter) -> bool:
    """Whether ``matter`` was received with a duty of its own and is not yet forwarded."""
    return (matter.receipt is not None and matter.dispatched_at is None
            and matter.status in _BEFORE_DISPATCH)


def _duty(matter: Matter, policy: Policy) -> Duty | None:
    receipt = matter.receipt
    if receipt is None:
        return None
    return next((d for d in policy.duties if d.key == receipt.duty
                 and d.start is StartEvent.RECEIPT and d.period is not None), None)


def _deadline(matter: Matter, duty: Duty, calendar: Calendar,
              close: _dt.time | None) -> Deadline:
    assert matter.receipt is not None
    assert duty.period is not None
    return counted(duty.period, matter.receipt.received_at, calendar, close)


def _key(matter: Matter, duty: Duty) -> str:
    return Escalation.make_key(matter.id, f"duty.{duty.key}", None, "receipt")


def receipt_duties(
    record: MatterRecord,
    policy: Policy,
    calendar: Calendar,
    now: _dt.datetime,
    *,
    close: _dt.time | None = None,
    issue_floor: _dt.datetime | None = None,
) -> list[Escalation]:
    """The receipt duty found overdue at ``now`` and not yet recorded: not forwarded by its
    deadline (or forwarded after it). Empty when the matter records no receipt."""
    matter = record.matter
    duty = _duty(matter, policy)
    if duty is None:
        return []
    key = _key(matter, duty)
    if any(e.key == key for e in record.issued):
        return []
    deadline = _deadline(matter, duty, calendar, close)
    met = matter.dispatched_at
    if deadline.due_at > now or (met is not None and met <= deadline.due_at):
        return []
    if met is None and not awaiting_forwarding(matter):
        return []  # withdrawn before it was forwarded: nothing is owed any more
    floor = issue_floor or now
    return [Escalation(
        key=key, policy=policy.name, office_id=matter.office_id, matter_id=matter.id,
        unit_id=None, kind=EscalationKind.OFFICE_DUTY, action=None, step=None, trigger=None,
        occasion="receipt", citation=duty.citation, due_at=deadline.due_at,
        issued_at=max(deadline.due_at, floor), provisional=deadline.provisional,
        duty=duty.key, target=duty.actor.label,
        details=(("subject", duty.label), ("duty", duty.label),
                 ("received_at", matter.receipt.received_at.isoformat()
                  if matter.receipt is not None else ""),
                 ("deadline", deadline.last_day.isoformat())),
    )]


def receipt_wake(
    record: MatterRecord,
    policy: Policy,
    calendar: Calendar,
    now: _dt.datetime,
    *,
    close: _dt.time | None = None,
) -> _dt.datetime | None:
    """When a matter awaiting forwarding must be looked at again: its receipt duty's deadline
    while it is ahead, None once the duty is recorded or the matter forwarded."""
    matter = record.matter
    duty = _duty(matter, policy)
    if duty is None or not awaiting_forwarding(matter):
        return None
    if any(e.key == _key(matter, duty) for e in record.issued):
        return None
    deadline = _deadline(matter, duty, calendar, close).due_at
    return deadline if deadline > now else now + _dt.timedelta(seconds=1)
