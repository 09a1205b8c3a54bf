"""Checking the event hash chain: :func:`verify` finds the first row that was changed,
removed or moved since it was appended."""

from __future__ import annotations

import attrs
import sqlalchemy as sa

from supervision.exceptions import InvalidInput, SupervisionError
from supervision.serialization import from_json

from ._rows import chain_hash
from ._schema import DEFAULT_PREFIX, GENESIS_HASH, tables

__all__ = ["ChainCheck", "verify"]


@attrs.frozen
class ChainCheck:
    """The result of :func:`verify`.

    ``intact`` is True when every row is as appended; otherwise ``first_bad_seq`` is the chain
    position of the first bad row (the first missing position for a deletion), ``event_id``
    that row's event id (None when the row is missing) and ``problem`` says what is wrong
    (篡改 changed, 删除 removed, 次序 moved). ``checked`` counts the rows read.
    """

    intact: bool
    checked: int
    first_bad_seq: int | None = None
    event_id: str | None = None
    problem: str = ""


def verify(
    engine: sa.Engine,
    *,
    batch: int = 5000,
    table_prefix: str = DEFAULT_PREFIX,
    schema: str | None = None,
) -> ChainCheck:
    """Walk the event table in chain order and check every row's hash, its link to the row
    before, its position and its columns against its JSON body, then the chain head.

    Reads in one transaction (a consistent snapshot); needs no lock."""
    if not isinstance(engine, sa.Engine):
        raise InvalidInput("engine", "a sqlalchemy.Engine", engine)
    t = tables(table_prefix, schema)
    events, event_chain = t.events, t.event_chain
    expected_seq, prev, checked = 1, GENESIS_HASH, 0
    with engine.connect() as connection:
        rows = connection.execution_options(yield_per=batch).execute(
            sa.select(events).order_by(events.c.seq)
        )
        for row in rows:
            checked += 1
            if row.seq != expected_seq:
                return ChainCheck(
                    False,
                    checked,
                    expected_seq,
                    None,
                    f"row {expected_seq} is missing (删除): the next row is {row.seq}",
                )
            if row.prev_hash != prev:
                return ChainCheck(
                    False,
                    checked,
                    row.seq,
                    row.event_id,
                    "the row does not follow the row before it (删除或次序被改动)",
                )
            if chain_hash(prev, row.seq, row.body) != row.hash:
                return ChainCheck(
                    False, checked, row.seq, row.event_id, "the row's content was changed (篡改)"
                )
            problem = _columns_disagree(row)
            if problem:
                return ChainCheck(False, checked, row.seq, row.event_id, problem)
            prev = row.hash
            expected_seq += 1
        head = connection.execute(
            sa.select(event_chain.c.last_seq, event_chain.c.last_hash)
        ).first()
    if head is None or head.last_seq != expected_seq - 1 or head.last_hash != prev:
        last = None if head is None else head.last_seq
        return ChainCheck(
            False,
            checked,
            expected_seq,
            None,
            f"rows after {expected_seq - 1} are missing (删除): the chain head says {last}",
        )
    return ChainCheck(True, checked)


def _columns_disagree(row: sa.Row[tuple[object, ...]]) -> str:
    try:
        from supervision.domain.events import Event

        event = from_json(Event, str(row.body))
    except SupervisionError as error:
        return f"the row's JSON body is unreadable (篡改): {error}"
    columns = (row.event_id, row.matter_id, row.version, row.kind, row.occurred_at)
    body = (event.event_id, event.matter_id, event.version, event.kind.value, event.occurred_at)
    if columns != body:
        return "the row's columns disagree with its JSON body (篡改)"
    return ""
