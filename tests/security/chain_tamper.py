"""What an attacker with write access to storage (but not the key) does to the chain, on each
kind of store: read and rewrite links, move the head, delete records. The SQL version drops
the append-only triggers first, as a database owner could."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import attrs
import sqlalchemy as sa

from supervision.adapters.memory import InMemoryStore
from supervision.adapters.sqlalchemy import tables
from supervision.adapters.sqlalchemy._schema import APPEND_ONLY, drop_append_only_ddl
from supervision.audit import ChainKey, Link, link_hash, record_payload
from supervision.serialization import to_json

Head = tuple[int, str, str | None, str | None]


class MemoryTamper:
    """The in-memory store's chain, laid bare."""

    def __init__(self, store: InMemoryStore) -> None:
        self.store = store

    def links(self) -> list[Link]:
        return list(self.store.chain)

    def head(self) -> Head:
        return self.store.chain_head

    def set_head(self, head: Head) -> None:
        self.store.chain_head = head

    def rewrite(self, links: list[Link]) -> None:
        """Replace the links with these positions (same positions, new content)."""
        by_seq = {link.seq: link for link in links}
        self.store.chain = [by_seq.get(link.seq, link) for link in self.store.chain]

    def edit_event(self, seq: int, change: Callable[[str], str]) -> str:
        """Change the stored event at ``seq`` (its actor); returns its new payload."""
        link = self.store.chain[seq - 1]
        index = next(i for i, e in enumerate(self.store.events) if e.event_id == link.ref)
        edited = attrs.evolve(self.store.events[index],
                              actor_id=change(self.store.events[index].actor_id))
        self.store.events[index] = edited
        return to_json(edited)

    def truncate(self, keep: int) -> None:
        """Remove every link after ``keep`` and the events they name (the tail holds events
        only)."""
        gone = {link.ref for link in self.store.chain[keep:]}
        assert all(link.kind == "event" for link in self.store.chain[keep:])
        self.store.chain = self.store.chain[:keep]
        self.store.events = [e for e in self.store.events if e.event_id not in gone]

    def delete_escalation(self, key: str) -> None:
        del self.store.escalations[key]

    def delete_score_entry(self, key: str) -> None:
        del self.store.scores[key]


class SqlTamper:
    """The SQL tables of the chain, written to directly (triggers dropped)."""

    def __init__(self, engine: sa.Engine) -> None:
        self.engine = engine
        self.t = tables()
        with engine.begin() as connection:
            for base in APPEND_ONLY:
                for statement in drop_append_only_ddl(connection.dialect.name,
                                                      self.t.qualified(base)):
                    connection.exec_driver_sql(statement)

    def links(self) -> list[Link]:
        e, r = self.t.events, self.t.chain_records
        with self.engine.connect() as connection:
            events = [Link(int(x.seq), "event", x.event_id, x.body, x.key_id, x.prev_hash,
                           x.hash) for x in connection.execute(sa.select(e))]
            records = [Link(int(x.seq), x.kind, x.ref, record_payload(x.kind, x.ref, x.digest),
                            x.key_id, x.prev_hash, x.hash)
                       for x in connection.execute(sa.select(r))]
        return sorted(events + records, key=lambda link: link.seq)

    def head(self) -> Head:
        c = self.t.event_chain
        with self.engine.connect() as connection:
            row = connection.execute(sa.select(c.c.last_seq, c.c.last_hash, c.c.key_id,
                                               c.c.mac)).one()
        return int(row.last_seq), str(row.last_hash), row.key_id, row.mac

    def set_head(self, head: Head) -> None:
        c = self.t.event_chain
        seq, last, key_id, mac = head
        with self.engine.begin() as connection:
            connection.execute(c.update().values(last_seq=seq, last_hash=last, key_id=key_id,
                                                 mac=mac))

    def rewrite(self, links: list[Link]) -> None:
        e, r = self.t.events, self.t.chain_records
        with self.engine.begin() as connection:
            for link in links:
                table = e if link.kind == "event" else r
                values: dict[str, Any] = {"prev_hash": link.prev_hash, "hash": link.hash,
                                          "key_id": link.key_id}
                if link.kind == "event":
                    values["body"] = link.payload
                connection.execute(table.update().where(table.c.seq == link.seq)
                                   .values(**values))

    def edit_event(self, seq: int, change: Callable[[str], str]) -> str:
        e = self.t.events
        with self.engine.begin() as connection:
            body = connection.execute(sa.select(e.c.body).where(e.c.seq == seq)).scalar_one()
            import json

            data = json.loads(body)
            data["actor_id"] = change(data["actor_id"])
            edited = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
            connection.execute(e.update().where(e.c.seq == seq).values(body=edited))
        return edited

    def truncate(self, keep: int) -> None:
        e, r = self.t.events, self.t.chain_records
        with self.engine.begin() as connection:
            assert connection.execute(sa.select(sa.func.count()).select_from(r)
                                      .where(r.c.seq > keep)).scalar_one() == 0
            connection.execute(e.delete().where(e.c.seq > keep))

    def delete_escalation(self, key: str) -> None:
        with self.engine.begin() as connection:
            connection.execute(self.t.escalations.delete().where(self.t.escalations.c.key == key))

    def delete_score_entry(self, key: str) -> None:
        s, links = self.t.score_entries, self.t.score_entry_matters
        with self.engine.begin() as connection:
            connection.execute(links.delete().where(links.c.entry_key == key))
            connection.execute(s.delete().where(s.c.key == key))


def tamper_of(storage: dict[str, Any]) -> MemoryTamper | SqlTamper:
    if "store" in storage:
        return MemoryTamper(storage["store"])
    return SqlTamper(storage["engine"])


def rehash(links: list[Link], start: int, key: ChainKey | None,
           payloads: dict[int, str]) -> list[Link]:
    """The links from position ``start`` on, re-hashed with ``key`` (the attacker's guess;
    None: unkeyed), with the new payloads given by position."""
    out: list[Link] = []
    prev = links[start - 2].hash if start > 1 else "0" * 64
    for link in links[start - 1:]:
        payload = payloads.get(link.seq, link.payload)
        hashed = link_hash(key, link.seq, prev, payload)
        out.append(attrs.evolve(link, payload=payload, prev_hash=prev, hash=hashed,
                                key_id=None if key is None else key.key_id))
        prev = hashed
    return out
