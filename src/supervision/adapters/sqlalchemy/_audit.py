"""Checking the keyed chain of records (:mod:`supervision.audit`) in SQL: :func:`verify`
finds the first link that was changed, removed, inserted or moved since it was appended, an
escalation or score entry that disagrees with its link, a chain head moved back, and (given
the head an auditor exported earlier with :func:`export_head`) a chain cut back or re-hashed
behind that head."""

from __future__ import annotations

import datetime as _dt
import heapq
from collections.abc import Iterator
from typing import Any

import sqlalchemy as sa

from supervision.audit import (
    ChainCheck,
    ChainHead,
    ChainWalk,
    Link,
    check_records,
    digest,
    keyring,
    record_payload,
)
from supervision.clock import SystemClock, require_aware
from supervision.exceptions import ChainKeyError, InvalidInput, SupervisionError
from supervision.serialization import from_json

from ._errors import translate
from ._schema import DEFAULT_PREFIX, Tables, tables

__all__ = ["ChainCheck", "export_head", "verify"]


def _engine(engine: object) -> sa.Engine:
    if not isinstance(engine, sa.Engine):
        raise InvalidInput("engine", "a sqlalchemy.Engine", engine)
    return engine


def _events(connection: sa.Connection, t: Tables, batch: int) -> Iterator[tuple[int, Any]]:
    e = t.events
    rows = connection.execution_options(yield_per=batch).execute(
        sa.select(e.c.seq, e.c.event_id, e.c.matter_id, e.c.version, e.c.kind, e.c.occurred_at,
                  e.c.body, e.c.key_id, e.c.prev_hash, e.c.hash).order_by(e.c.seq))
    for row in rows:
        yield int(row.seq), row


def _record_links(connection: sa.Connection, t: Tables, batch: int
                  ) -> Iterator[tuple[int, Any]]:
    r = t.chain_records
    rows = connection.execution_options(yield_per=batch).execute(
        sa.select(r.c.seq, r.c.kind, r.c.ref, r.c.digest, r.c.key_id, r.c.prev_hash, r.c.hash)
        .order_by(r.c.seq))
    for row in rows:
        yield int(row.seq), row


def _link(row: Any) -> Link:
    if hasattr(row, "event_id"):
        return Link(int(row.seq), "event", str(row.event_id), str(row.body), row.key_id,
                    str(row.prev_hash), str(row.hash))
    return Link(int(row.seq), str(row.kind), str(row.ref),
                record_payload(str(row.kind), str(row.ref), str(row.digest)), row.key_id,
                str(row.prev_hash), str(row.hash))


def _stored(connection: sa.Connection, t: Tables) -> Iterator[tuple[str, str, str]]:
    for group, table in (("escalation", t.escalations), ("score", t.score_entries)):
        for key, body in connection.execute(sa.select(table.c.key, table.c.body)
                                            .order_by(table.c.key)):
            yield group, str(key), digest(str(body))


def verify(
    engine: sa.Engine,
    *,
    chain_key: object = None,
    head: ChainHead | None = None,
    batch: int = 5000,
    table_prefix: str = DEFAULT_PREFIX,
    schema: str | None = None,
) -> ChainCheck:
    """Walk the chain in position order — the events and the links of escalations, decisions
    and score entries — and check every link's position, its link to the one before, its hash
    (an HMAC under the key ring ``chain_key``; a legacy, unkeyed link a SHA-256) and an
    event's columns against its JSON body; then every stored escalation and score entry
    against its latest link, the stored head and its HMAC, and — when given — the ``head``
    an auditor exported earlier (:func:`export_head`), so that a chain cut back or re-hashed
    behind it is found.

    Reads in one transaction (a consistent snapshot); needs no lock."""
    bound = _engine(engine)
    if batch.__class__ is not int or not 1 <= batch <= 100_000:
        raise InvalidInput("batch", "a whole number from 1 to 100000", batch)
    keys = keyring(chain_key)
    walk = ChainWalk(keys, head)
    t = tables(table_prefix, schema)
    latest: dict[tuple[str, str], tuple[int, str]] = {}
    try:
        with bound.connect() as connection:
            merged = heapq.merge(_events(connection, t, batch), _record_links(connection, t, batch),
                                 key=lambda item: item[0])
            for _seq, row in merged:
                link = _link(row)
                failure = walk.step(link)
                if failure is None and link.kind == "event":
                    problem = _columns_disagree(row)
                    if problem:
                        failure = walk.event_problem(link.seq, link.ref, problem)
                if failure is not None:
                    return failure
                if link.kind != "event":
                    group = "escalation" if link.kind in ("escalation", "decision") else "score"
                    latest[(group, link.ref)] = (link.seq, str(row.digest))
            failure = check_records(walk, latest, _stored(connection, t))
            if failure is not None:
                return failure
            chain = t.event_chain
            stored = connection.execute(
                sa.select(chain.c.last_seq, chain.c.last_hash, chain.c.key_id, chain.c.mac)
            ).first()
    except sa.exc.SQLAlchemyError as error:
        raise translate(error, "verifying the chain") from error
    if stored is None:
        return walk.finish(None, None, None, None)
    return walk.finish(int(stored.last_seq), str(stored.last_hash), stored.key_id, stored.mac)


def export_head(
    engine: sa.Engine,
    *,
    chain_key: object,
    at: _dt.datetime | None = None,
    table_prefix: str = DEFAULT_PREFIX,
    schema: str | None = None,
) -> ChainHead:
    """The database's chain head (how many links, the last hash) signed with the ring's
    current key at ``at`` (default: now), for an auditor to keep outside the database and pass
    to :func:`verify` later. Verify the chain first: the head says what the chain *is*."""
    bound = _engine(engine)
    keys = keyring(chain_key)
    if keys is None:
        raise ChainKeyError("a chain head is signed with the integrator's key")
    when = SystemClock().now() if at is None else require_aware(at, "at")
    chain = tables(table_prefix, schema).event_chain
    try:
        with bound.connect() as connection:
            found = connection.execute(sa.select(chain.c.last_seq, chain.c.last_hash)).first()
    except sa.exc.SQLAlchemyError as error:
        raise translate(error, "reading the chain head") from error
    if found is None:
        raise InvalidInput("engine", "a database migrated with upgrade(url) (no chain head)",
                           bound.url.render_as_string(hide_password=True))
    return ChainHead.sign(keys.current, int(found.last_seq), str(found.last_hash), when)


def _columns_disagree(row: Any) -> str:
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
