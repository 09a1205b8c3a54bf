"""Appending to the keyed chain of records inside a commit (:mod:`supervision.audit`).

A commit that writes events, escalations, decisions or score entries locks the chain head
(``SELECT … FOR UPDATE`` on PostgreSQL; SQLite's write transaction is already exclusive),
numbers its links after the head — the events in ``events``, the records' links in
``chain_records`` — each hashed with the unit of work's current key (unkeyed without one),
and moves the head with its HMAC. A unit of work without a key may not append to a chain
whose head is keyed (:class:`~supervision.exceptions.ChainKeyError`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import attrs
import sqlalchemy as sa

from supervision.audit import ChainKey, Keyring, digest, head_mac, link_hash, record_payload
from supervision.exceptions import ChainKeyError, ConcurrencyError, StorageError

from ._session import Staged

if TYPE_CHECKING:
    from ._uow import SqlAlchemyUnitOfWork

__all__ = ["OpenChain", "close_chain", "open_chain", "write_events", "write_record_links"]


@attrs.define
class OpenChain:
    """The chain while one commit appends to it: the last position and hash, and the key."""

    seq: int
    prev: str
    key: ChainKey | None

    def next(self, payload: str) -> tuple[int, str, str]:
        """Take the next position for ``payload``: (position, previous hash, own hash)."""
        self.seq += 1
        prev = self.prev
        self.prev = link_hash(self.key, self.seq, prev, payload)
        return self.seq, prev, self.prev

    @property
    def key_id(self) -> str | None:
        return None if self.key is None else self.key.key_id


def _chained(staged: Staged) -> bool:
    return bool(staged.events or staged.new_escalations or staged.decided_escalations
                or staged.new_scores)


def open_chain(
    uow: SqlAlchemyUnitOfWork, staged: Staged, keys: Keyring | None
) -> OpenChain | None:
    """Lock and read the head when ``staged`` has anything to chain (None otherwise)."""
    if not _chained(staged):
        return None
    chain = uow.tables.event_chain
    head = sa.select(chain.c.last_seq, chain.c.last_hash, chain.c.key_id).where(chain.c.id == 1)
    if uow.dialect == "postgresql":
        head = head.with_for_update()
    found = uow.execute(head).first()
    if found is None:
        raise StorageError(
            "appending to the chain",
            f"the {chain.name} head row is missing; create the schema with "
            "supervision.adapters.sqlalchemy.upgrade(url)",
        )
    if keys is None and found.key_id is not None:
        raise ChainKeyError("the database's chain is keyed; a unit of work without the key "
                            "may not append to it", key_id=str(found.key_id))
    return OpenChain(int(found.last_seq), str(found.last_hash),
                     None if keys is None else keys.current)


def write_events(uow: SqlAlchemyUnitOfWork, chain: OpenChain | None, staged: Staged) -> None:
    """Insert the staged events at the chain's next positions."""
    if chain is None or not staged.events:
        return
    rows: list[dict[str, Any]] = []
    for event, body in staged.events:
        seq, prev, hashed = chain.next(body)
        rows.append({
            "seq": seq, "event_id": event.event_id, "matter_id": event.matter_id,
            "version": event.version, "kind": event.kind.value,
            "occurred_at": event.occurred_at, "body": body, "prev_hash": prev,
            "hash": hashed, "key_id": chain.key_id,
        })
    first = staged.events[0][0]
    # an event key taken at commit is a concurrent change of the same matter version
    uow.insert_many(uow.tables.events, rows, on_unique=lambda: ConcurrencyError(
        "matter", first.matter_id, first.version - 1, None))


def write_record_links(
    uow: SqlAlchemyUnitOfWork, chain: OpenChain | None, staged: Staged
) -> None:
    """Insert a link for each escalation issued, decision recorded and score entry added."""
    if chain is None:
        return
    records = [
        *(("escalation", key, row["body"]) for key, (_e, row) in staged.new_escalations.items()),
        *(("decision", key, row["body"])
          for key, (_e, row) in sorted(staged.decided_escalations.items())),
        *(("score", key, row["body"]) for key, (_e, row) in staged.new_scores.items()),
    ]
    if not records:
        return
    rows: list[dict[str, Any]] = []
    for kind, key, body in records:
        record_digest = digest(body)
        seq, prev, hashed = chain.next(record_payload(kind, key, record_digest))
        rows.append({"seq": seq, "kind": kind, "ref": key, "digest": record_digest,
                     "key_id": chain.key_id, "prev_hash": prev, "hash": hashed})
    uow.insert_many(uow.tables.chain_records, rows)


def close_chain(uow: SqlAlchemyUnitOfWork, chain: OpenChain | None) -> None:
    """Move the head to the last link written, with its HMAC."""
    if chain is None:
        return
    table = uow.tables.event_chain
    mac = None if chain.key is None else head_mac(chain.key, chain.seq, chain.prev)
    uow.execute(table.update().where(table.c.id == 1).values(
        last_seq=chain.seq, last_hash=chain.prev, key_id=chain.key_id, mac=mac))
