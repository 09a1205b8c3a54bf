"""The in-memory store's chain of records: appended at commit, checked by :func:`verify`,
its head exported by :func:`export_head` — the same API and rules as the SQL adapter's
(:mod:`supervision.audit`)."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterator

from supervision.adapters.memory._store import InMemoryStore, Staged
from supervision.audit import (
    ChainCheck,
    ChainHead,
    ChainWalk,
    Keyring,
    Link,
    check_records,
    digest,
    head_mac,
    keyring,
    latest,
    link_hash,
    record_payload,
)
from supervision.clock import SystemClock, require_aware
from supervision.exceptions import ChainKeyError, InvalidInput
from supervision.serialization import to_json

__all__ = ["append_links", "check_key", "export_head", "prepare_links", "verify"]


def _chained(staged: Staged) -> bool:
    return bool(staged.events or staged.new_escalations or staged.decided_escalations
                or staged.new_scores)


def check_key(store: InMemoryStore, staged: Staged, keys: Keyring | None) -> None:
    """Refuse (before anything is applied) unkeyed links on a chain that is keyed."""
    key_id = store.chain_head[2]
    if keys is None and key_id is not None and _chained(staged):
        raise ChainKeyError("the store's chain is keyed; a unit of work without the key may "
                            "not append to it", key_id=key_id)


def _payloads(staged: Staged) -> Iterator[tuple[str, str, str]]:
    for event in staged.events:
        yield "event", event.event_id, to_json(event)
    for key, escalation in staged.new_escalations.items():
        yield "escalation", key, record_payload("escalation", key, digest(to_json(escalation)))
    for key, escalation in staged.decided_escalations.items():
        yield "decision", key, record_payload("decision", key, digest(to_json(escalation)))
    for key, entry in staged.new_scores.items():
        yield "score", key, record_payload("score", key, digest(to_json(entry)))


def prepare_links(store: InMemoryStore, staged: Staged, keys: Keyring | None) -> list[Link]:
    """The links what ``staged`` commits appends (under the store's lock, before anything is
    applied: a record that cannot be written as JSON fails here, leaving the store as it
    was), keyed under the ring's current key when there is one."""
    if not _chained(staged):
        return []
    key = None if keys is None else keys.current
    seq, prev, _key_id, _mac = store.chain_head
    links: list[Link] = []
    for kind, ref, payload in _payloads(staged):
        seq += 1
        hashed = link_hash(key, seq, prev, payload)
        links.append(Link(seq, kind, ref, payload, None if key is None else key.key_id,
                          prev, hashed))
        prev = hashed
    return links


def append_links(store: InMemoryStore, links: list[Link], keys: Keyring | None) -> None:
    """Append the prepared links and move the head (with its HMAC when keyed)."""
    if not links:
        return
    key = None if keys is None else keys.current
    store.chain.extend(links)
    last = links[-1]
    store.chain_head = (last.seq, last.hash, None if key is None else key.key_id,
                        None if key is None else head_mac(key, last.seq, last.hash))


def _stored_records(store: InMemoryStore) -> Iterator[tuple[str, str, str]]:
    for key, escalation in sorted(store.escalations.items()):
        yield "escalation", key, digest(to_json(escalation))
    for key, entry in sorted(store.scores.items()):
        yield "score", key, digest(to_json(entry))


def verify(
    store: InMemoryStore, *, chain_key: object = None, head: ChainHead | None = None
) -> ChainCheck:
    """Check the store's chain: every link (position, link to the one before, hash under the
    key ring ``chain_key``; unkeyed links as legacy), every event, escalation and score entry
    against its link, the stored head, and — when given — the ``head`` an auditor exported
    earlier (so a chain cut back or re-hashed behind it is found). Reads under the store's
    lock (a consistent snapshot)."""
    if not isinstance(store, InMemoryStore):
        raise InvalidInput("store", "a supervision.adapters.memory.InMemoryStore", store)
    keys = keyring(chain_key)
    walk = ChainWalk(keys, head)
    with store.lock:
        events = {e.event_id: e for e in store.events}
        linked_events: set[str] = set()
        for link in store.chain:
            if link.kind == "event":
                event = events.get(link.ref)
                if event is None or to_json(event) != link.payload:
                    problem = ("the link's event is no longer stored (删除)" if event is None
                               else "the event differs from its link (篡改)")
                    return walk.event_problem(link.seq, link.ref, problem)
                linked_events.add(link.ref)
            failure = walk.step(link)
            if failure is not None:
                return failure
        unlinked = [e for e in store.events if e.event_id not in linked_events]
        if unlinked:
            return walk.event_problem(None, unlinked[0].event_id,
                                       f"event {unlinked[0].event_id!r} is not in the chain "
                                       "(插入：未经链记录)")
        failure = check_records(walk, latest(store.chain), _stored_records(store))
        if failure is not None:
            return failure
        return walk.finish(*store.chain_head)


def export_head(
    store: InMemoryStore, *, chain_key: object, at: _dt.datetime | None = None
) -> ChainHead:
    """The store's chain head signed with the ring's current key, at ``at`` (default: now),
    for an auditor to keep elsewhere and pass to :func:`verify` later."""
    if not isinstance(store, InMemoryStore):
        raise InvalidInput("store", "a supervision.adapters.memory.InMemoryStore", store)
    keys = keyring(chain_key)
    if keys is None:
        raise ChainKeyError("a chain head is signed with the integrator's key")
    when = SystemClock().now() if at is None else require_aware(at, "at")
    with store.lock:
        seq, last, _key_id, _mac = store.chain_head
    return ChainHead.sign(keys.current, seq, last, when)
