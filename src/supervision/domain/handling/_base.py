"""What every command shares: the Change it returns and how an event is made."""

from __future__ import annotations

import datetime as _dt
from typing import Any

import attrs

from supervision.clock import require_aware
from supervision.domain._text import check_text, check_value
from supervision.domain.actors import Actor
from supervision.domain.events import EVENT_FOR_ACTION, Event
from supervision.domain.lifecycle import LIFECYCLE, Action
from supervision.domain.model import (
    DeadlineTerms,
    Matter,
)
from supervision.exceptions import InvalidInput


@attrs.frozen
class Change:
    """The result of a command: the new matter and the event that records it."""

    matter: Matter
    event: Event


def check_terms(terms: object, field: str) -> DeadlineTerms:
    """``terms`` if they are well-formed deadline inputs: a period, or a due day, as their
    basis says (``DeadlineTerms.stated(...)``); InvalidInput naming ``field`` otherwise."""
    if not isinstance(terms, DeadlineTerms):
        raise InvalidInput(field, "DeadlineTerms (DeadlineTerms.stated(...))", terms)
    check_value(terms, DeadlineTerms, field)
    return terms_shape(terms, field)


def terms_shape(terms: DeadlineTerms, field: str) -> DeadlineTerms:
    """:func:`check_terms` of terms :func:`~supervision.domain._text.check_value` has checked
    (as part of a registration): a period or a due day, not both."""
    if (terms.period is None) == (terms.due_day is None):
        raise InvalidInput(field, "deadline terms with a period or a due day, not both "
                           "(DeadlineTerms.stated(Period.days(15)) or .stated(day))", terms)
    return terms


def _details(**items: object) -> tuple[tuple[str, str], ...]:
    """An event's details: text a person typed is checked (storable, bounded), other values
    are whole numbers, flags or days; anything else is refused naming its argument."""
    found: list[tuple[str, str]] = []
    for key, value in items.items():
        if value is None or value == "":
            continue
        if isinstance(value, str):
            found.append((key, check_text(value, key, allow_empty=True)))
        elif isinstance(value, int | _dt.date):
            found.append((key, str(value)))
        else:
            raise InvalidInput(key, "text", value)
    return tuple(found)


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
