"""``matters.settle_quiet`` at commit on SQL: the quiet matters no longer open get no wake
in one UPDATE, without reading a body (see :mod:`supervision.service_layer._quiet`)."""

from __future__ import annotations

import sqlalchemy as sa

from supervision.domain.lifecycle import Status
from supervision.ports import WAKE_UNKNOWN

from ._session import Session, Staged

__all__ = ["settle_quiet"]

#: Statuses a matter no longer open may not be settled from: before dispatch, a received
#: matter may still owe its receipt duty (``awaiting_forwarding``).
_BEFORE_DISPATCH = (Status.DRAFT.value, Status.APPROVED.value)


def settle_quiet(session: Session, staged: Staged) -> None:
    """``matters.settle_quiet`` at commit, one UPDATE each: the matters not open nor before
    dispatch, wake unknown (through the ``(wake_at, id)`` index) and without an event at or
    after ``since`` (through the events' ``(matter_id, version)`` index) get no wake."""
    t, events = session.tables.matters, session.tables.events
    for since, offices in staged.settle_quiet:
        query = t.update().where(
            t.c.wake_at == WAKE_UNKNOWN,
            t.c.is_open == sa.false(),
            t.c.status.not_in(_BEFORE_DISPATCH),
        )
        if offices is not None:
            query = query.where(t.c.office_id.in_(offices))
        if since is not None:
            query = query.where(~sa.exists().where(events.c.matter_id == t.c.id,
                                                   events.c.occurred_at >= since))
        session.execute(query.values(wake_at=None))
