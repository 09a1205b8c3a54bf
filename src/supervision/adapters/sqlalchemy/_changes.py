"""Change numbers in SQL (revision 0007): each commit that writes matters or escalations takes
the next number of the chain head's ``last_change`` (an ``UPDATE`` of the head row, whose
lock the commit holds until it ends, so the numbers follow the commit order) and stamps it
on the matters' ``assignments`` rows and on the escalations' ``change_seq``. A reader that
saw number *n* committed sees every change numbered up to *n*; reading the changes of one
unit after a number is one indexed range (see :mod:`supervision.ports`)."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from supervision.domain.model import Matter
from supervision.exceptions import InvalidInput, StorageError

from ._session import Session, Staged
from ._writes import among

__all__ = ["change_mark", "check_after", "departed_since", "departures", "stamp_changes"]


def _missing_head(table: sa.Table) -> StorageError:
    return StorageError(
        "reading the change numbers",
        f"the {table.name} head row is missing; create the schema with "
        "supervision.adapters.sqlalchemy.upgrade(url)",
    )


def check_after(after: object) -> int:
    """A change number to read after (a whole number ≥ 0)."""
    if not isinstance(after, int) or after.__class__ is not int or not 0 <= after < 2**63:
        raise InvalidInput("after", "a change number from change_mark() (a whole number ≥ 0)",
                           after)
    return after


def change_mark(uow: Session) -> tuple[str, int]:
    """(epoch, last change number committed) as this unit of work sees them."""
    head = uow.tables.event_chain
    found = uow.read(
        sa.select(head.c.change_epoch, head.c.last_change).where(head.c.id == 1)).first()
    if found is None:
        raise _missing_head(head)
    return str(found.change_epoch), int(found.last_change)


def departed_since(uow: Session, after: int) -> bool:
    """Whether a commit numbered after ``after`` took a unit off a matter."""
    head = uow.tables.event_chain
    found = uow.read(sa.select(head.c.last_departure).where(head.c.id == 1)).first()
    if found is None:
        raise _missing_head(head)
    return int(found.last_departure) > after


def departures(staged: Staged, read_before: dict[str, Matter], rewritten: list[str]) -> bool:
    """Whether the staged matters whose assignments are rewritten take any unit off a
    matter (unknown: yes)."""
    for matter_id in rewritten:
        matter, _row, base = staged.updated_matters[matter_id]
        before = read_before.get(matter_id)
        if before is None or before.version != base or not before.unit_ids <= matter.unit_ids:
            return True
    return False


def stamp_changes(uow: Any, staged: Staged, *, departed: bool) -> int | None:
    """Take the next change number and stamp the changed matters' stored ``assignments``
    rows and the decided escalations with it (inside the commit, after the chain head was
    locked if it was); the number (None: nothing to number). The new matters' rows and the
    new escalations are not stored yet: the caller inserts them stamped with the number
    returned (one INSERT instead of an INSERT and an UPDATE of every row)."""
    matter_ids = list(staged.updated_matters)
    keys = list(staged.decided_escalations)
    if not staged.new_matters and not matter_ids and not keys and not staged.new_escalations:
        return None
    head = uow.tables.event_chain
    number = head.c.last_change + 1
    values: dict[str, Any] = {"last_change": number}
    if departed:
        values["last_departure"] = number
    found = uow.execute(
        head.update().where(head.c.id == 1).values(values).returning(head.c.last_change)
    ).first()
    if found is None:
        raise _missing_head(head)
    stamp = int(found.last_change)
    assignments, escalations = uow.tables.assignments, uow.tables.escalations
    for start in range(0, len(matter_ids), 900):
        chunk = matter_ids[start:start + 900]
        uow.execute(assignments.update().where(among(uow, assignments.c.matter_id, chunk))
                    .values(change_seq=stamp))
    for start in range(0, len(keys), 900):
        chunk = keys[start:start + 900]
        uow.execute(escalations.update().where(among(uow, escalations.c.key, chunk))
                    .values(change_seq=stamp))
    return stamp
