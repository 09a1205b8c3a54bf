"""What every command shares: the Change it returns and how an event is made."""

from __future__ import annotations

import datetime as _dt
from typing import Any

import attrs

from supervision.clock import require_aware
from supervision.domain._text import check_text
from supervision.domain.actors import Actor
from supervision.domain.events import EVENT_FOR_ACTION, Event
from supervision.domain.lifecycle import LIFECYCLE, Action
from supervision.domain.model import (
    Matter,
)
from supervision.exceptions import InvalidInput


@attrs.frozen
class Change:
    """The result of a command: the new matter and the event that records it."""

    matter: Matter
    event: Event


def _details(**items: object) -> tuple[tuple[str, str], ...]:
    return tuple((k, str(v)) for k, v in items.items() if v is not None and v != "")


def _apply(
    matter: Matter,
    action: Action,
    actor: Actor,
    at: _dt.datetime,
    details: tuple[tuple[str, str], ...] = (),
    **fields: Any,
) -> Change:
    _check_time(matter, at)
    target = LIFECYCLE.target(matter.status, action, matter.id)
    new = attrs.evolve(
        matter, status=target, version=matter.version + 1, changed_at=at, **fields
    )
    event = Event(
        event_id=Event.make_id(new.id, new.version),
        matter_id=new.id,
        kind=EVENT_FOR_ACTION[action],
        actor_id=actor.person_id,
        occurred_at=at,
        status_before=matter.status,
        status_after=target,
        version=new.version,
        due_at=None if new.due is None else new.due.due_at,
        details=details,
    )
    return Change(new, event)


def _check_time(matter: Matter, at: _dt.datetime) -> None:
    require_aware(at, "at")
    if matter.changed_at is not None and at < matter.changed_at:
        raise InvalidInput(
            "at",
            f"a time not before the matter's last change ({matter.changed_at.isoformat()}): "
            "the record runs forward in time 记录时间不得早于上次变更",
            at,
        )


def _nonempty(value: object, field: str) -> str:
    return check_text(value, field)
