"""``matters.settle_quiet`` at commit on SQL: the quiet matters no longer open get no wake
in one UPDATE, without reading a body (see :mod:`supervision.service_layer._quiet`)."""

from __future__ import annotations

import datetime as _dt
import time
from collections.abc import Collection

import sqlalchemy as sa

from supervision.domain.lifecycle import Status
from supervision.exceptions import LockTimeout
from supervision.ports import WAKE_UNKNOWN

from ._schema import Tables
from ._session import Session, Staged

__all__ = ["quiet", "settle_quiet"]

#: Statuses a matter no longer open may not be settled from: before dispatch, a received
#: matter may still owe its receipt duty (``awaiting_forwarding``).
_BEFORE_DISPATCH = (Status.DRAFT.value, Status.APPROVED.value)


def settle_quiet(session: Session, staged: Staged) -> None:
    """``matters.settle_quiet`` at commit, one UPDATE each: the matters not open nor before
    dispatch, wake unknown (through the ``(wake_at, id)`` index) and without an event at or
    after ``since`` (through the events' ``(matter_id, version)`` index) get no wake."""
    t = session.tables.matters
    if staged.settle_quiet and session.dialect == "postgresql":
        # workers sharing a sweep each settle first: one at a time (a transaction-level
        # advisory lock on the table's name), so two UPDATEs never take the same rows' locks
        # in different orders (a deadlock); the second finds them settled by the first
        _one_at_a_time(session, f"supervision.settle_quiet {t.fullname}")
    for since, offices in staged.settle_quiet:
        where = quiet(session.tables, session.dialect, since, offices)
        session.execute(t.update().where(*where).values(wake_at=None))


#: How long a worker waits for another's settling (a city's first sweep settles hundreds of
#: thousands of matters in one UPDATE: far longer than a row lock's ``lock_timeout``).
SETTLE_WAIT_SECONDS = 900.0


def _one_at_a_time(session: Session, name: str) -> None:
    """Take the transaction-level advisory lock ``name``, waiting while another transaction
    holds it — polled with ``pg_try_advisory_xact_lock``, so the wait is bounded by
    :data:`SETTLE_WAIT_SECONDS` rather than by the engine's ``lock_timeout`` (a row lock's
    wait); then :class:`~supervision.exceptions.LockTimeout`, nothing stored."""
    query = sa.text("SELECT pg_try_advisory_xact_lock(hashtext(:name))")
    waited, pause = 0.0, 0.05
    while not session.execute(query, {"name": name}).scalar():
        if waited >= SETTLE_WAIT_SECONDS:
            raise LockTimeout("settling the quiet matters",
                              f"another worker has been settling them for {waited:.0f} s")
        time.sleep(pause)
        waited += pause
        pause = min(pause * 2, 1.0)


def quiet(tables: Tables, dialect: str, since: _dt.datetime | None,
          offices: Collection[str] | None) -> list[sa.ColumnElement[bool]]:
    """The conditions of the matters ``settle_quiet`` settles (of ``offices``; without an
    event at or after ``since``) on ``dialect``. On SQLite the matter no longer open is
    tested as ``is_open + 0 = 0`` (the same test of the stored 0 or 1): it keeps the planner
    off the (is_open, id) index, which it may prefer and which walks every matter no longer
    open on every sweep (5.8 ms at 10k stored), so it seeks the wake index to the few
    unknown wakes."""
    t, events = tables.matters, tables.events
    where = [t.c.wake_at == WAKE_UNKNOWN,
             sa.type_coerce(t.c.is_open, sa.Integer) + 0 == 0 if dialect == "sqlite"
             else t.c.is_open == sa.false(),
             t.c.status.not_in(_BEFORE_DISPATCH)]
    if offices is not None:
        where.append(t.c.office_id.in_(offices))
    if since is not None:
        where.append(~sa.exists().where(events.c.matter_id == t.c.id,
                                        events.c.occurred_at >= since))
    return where
