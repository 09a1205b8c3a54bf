"""The keyed, tamper-evident chain of records, and what an auditor keeps of it.

Every record the library must never lose or alter silently is a link of one chain, in the
order it was committed: each matter event, each escalation issued (督办升级记录), each decision
on a proposal and each score entry (考核记录). A link holds its position, the record (an event's
JSON text; a record's kind, key and SHA-256 digest of its JSON text), the key id and the hash
of the link before it; its hash is an HMAC-SHA256 under the integrator's key:

    HMAC(secret, "<key id>␟<position>␟<previous hash>␟<payload>")

so nobody without the key can change, remove, insert or reorder a link and re-hash the chain
behind it. Links written before a key was configured (or by release 0.1.0) are *unkeyed*: a
plain SHA-256 of the same text without the key id. They stay verifiable as "legacy, unkeyed"
(:attr:`ChainCheck.unkeyed`) — but only a keyed link resists a re-hash, and once a keyed link
exists, storage refuses unkeyed ones (:class:`~supervision.exceptions.ChainKeyError`).

Keys rotate (:class:`Keyring`): the current key signs new links, retired keys stay in the ring
so older links still verify; every link records its key id.

The chain head (position and hash of the last link) is stored beside the chain with an HMAC of
its own. An auditor exports it signed (:class:`ChainHead`: count, last hash, time, key id) and
keeps it elsewhere; :func:`~supervision.adapters.sqlalchemy.verify` (or the in-memory
adapter's :func:`~supervision.adapters.memory.verify`) given that head detects a chain cut back
behind it (truncation) or re-hashed from an earlier link — which no check inside the database
alone can (docs/security.md, "What an auditor does").

Only the standard library is used (:mod:`hmac`, :mod:`hashlib`).
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import hmac
import re
from collections.abc import Iterable

import attrs

from supervision.clock import require_aware
from supervision.exceptions import InputOutOfBounds, InvalidInput

__all__ = [
    "GENESIS_HASH",
    "MIN_SECRET_BYTES",
    "ChainCheck",
    "ChainHead",
    "ChainKey",
    "ChainWalk",
    "Keyring",
    "Link",
    "check_records",
    "digest",
    "head_mac",
    "keyring",
    "latest",
    "link_hash",
    "record_payload",
]

#: The "previous hash" of the first link.
GENESIS_HASH = "0" * 64
#: The shortest secret a :class:`ChainKey` takes (HMAC-SHA256's block of 256 bits).
MIN_SECRET_BYTES = 32
_KEY_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$")
_HEX64 = re.compile(r"^[0-9a-f]{64}$")
#: The kinds of link: a matter event, an escalation issued, a decision on a proposal, a
#: score entry.
KINDS = ("event", "escalation", "decision", "score")


@attrs.frozen(repr=False)
class ChainKey:
    """One HMAC key of the chain: an id (recorded on every link it signs) and the secret,
    which the integrator holds (an environment variable, a secrets manager) and the library
    never stores. ``repr`` never shows the secret."""

    key_id: str
    secret: bytes

    @classmethod
    def of(cls, key_id: str, secret: bytes) -> ChainKey:
        """``ChainKey.of("2026-01", os.urandom(32))``: an id of 1–64 letters, digits and
        ``. _ : -``, and a secret of at least :data:`MIN_SECRET_BYTES` bytes."""
        if not isinstance(key_id, str) or not _KEY_ID.match(key_id):
            raise InvalidInput("key_id", "1 to 64 letters, digits, '.', '_', ':' or '-', "
                               "starting with a letter or digit", key_id)
        if not isinstance(secret, bytes | bytearray):
            raise InvalidInput("secret", f"bytes (at least {MIN_SECRET_BYTES}), e.g. "
                               "os.urandom(32) or bytes.fromhex(text)", type(secret).__name__)
        if len(secret) < MIN_SECRET_BYTES:
            raise InputOutOfBounds("secret", f"at least {MIN_SECRET_BYTES} bytes",
                                   f"{len(secret)} bytes", limit=MIN_SECRET_BYTES)
        return cls(key_id, bytes(secret))

    @classmethod
    def from_hex(cls, key_id: str, text: str) -> ChainKey:
        """A key whose secret is given as hexadecimal text (``secrets.token_hex(32)``)."""
        if not isinstance(text, str):
            raise InvalidInput("secret", "hexadecimal text", type(text).__name__)
        try:
            secret = bytes.fromhex(text)
        except ValueError:
            raise InvalidInput("secret", "hexadecimal text", "<not hexadecimal>") from None
        return cls.of(key_id, secret)

    def mac(self, text: str) -> str:
        """HMAC-SHA256 of ``text`` (UTF-8) under this key, as 64 hex digits."""
        return hmac.new(self.secret, text.encode("utf-8"), hashlib.sha256).hexdigest()

    def __repr__(self) -> str:
        return f"ChainKey(key_id={self.key_id!r}, secret=<{len(self.secret)} bytes, hidden>)"


@attrs.frozen
class Keyring:
    """The keys of a chain: ``current`` signs what is appended from now on; ``retired`` keys
    only verify the links they signed before a rotation. Key ids are unique."""

    current: ChainKey
    retired: tuple[ChainKey, ...] = ()

    @classmethod
    def of(cls, current: ChainKey, *retired: ChainKey) -> Keyring:
        """``Keyring.of(new_key, old_key)``: rotate by putting the new key first."""
        keys = (current, *retired)
        for i, key in enumerate(keys):
            if not isinstance(key, ChainKey):
                raise InvalidInput(f"keys[{i}]", "a ChainKey (ChainKey.of(key_id, secret))",
                                   type(key).__name__)
        ids = [k.key_id for k in keys]
        if len(set(ids)) != len(ids):
            raise InvalidInput("keys", "keys with distinct key ids", ids)
        return cls(current, tuple(retired))

    def get(self, key_id: str) -> ChainKey | None:
        """The key with this id, or None."""
        return next((k for k in (self.current, *self.retired) if k.key_id == key_id), None)

    @property
    def key_ids(self) -> tuple[str, ...]:
        return tuple(k.key_id for k in (self.current, *self.retired))


def keyring(value: object, field: str = "chain_key") -> Keyring | None:
    """``value`` as a key ring: None, a :class:`ChainKey` (a ring of one) or a
    :class:`Keyring`; InvalidInput otherwise."""
    if value is None or isinstance(value, Keyring):
        return value
    if isinstance(value, ChainKey):
        return Keyring.of(value)
    raise InvalidInput(field, "a supervision.audit.Keyring or ChainKey, or None",
                       type(value).__name__)


# ============================================================================ hashing
def digest(text: str) -> str:
    """SHA-256 of ``text`` (UTF-8), 64 hex digits: how a record's JSON text enters a link."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def record_payload(kind: str, ref: str, record_digest: str) -> str:
    """A record link's payload: its kind, its key and the digest of its JSON text."""
    return f"{kind}\x1f{ref}\x1f{record_digest}"


def link_hash(key: ChainKey | None, seq: int, prev_hash: str, payload: str) -> str:
    """The hash of link ``seq``: HMAC-SHA256 under ``key`` over the key id, the position, the
    previous link's hash and the payload; without a key (legacy, unkeyed) SHA-256 of the
    same text without the key id — the hash release 0.1.0 wrote for events."""
    text = f"{seq}\x1f{prev_hash}\x1f{payload}"
    if key is None:
        return digest(text)
    return key.mac(f"{key.key_id}\x1f{text}")


def head_mac(key: ChainKey, last_seq: int, last_hash: str) -> str:
    """The HMAC the stored chain head carries, so it cannot be moved back without the key."""
    return key.mac(f"supervision-chain-head\x1f{key.key_id}\x1f{last_seq}\x1f{last_hash}")


# ============================================================================ the head
@attrs.frozen
class ChainHead:
    """The chain's head as an auditor exports and keeps it (外部留存的链头): how many links
    the chain had (``count``), the last link's hash, when it was exported (aware) and the key
    id of the ``signature`` (HMAC-SHA256 over all four). Store it outside the database — a
    write-once bucket, a printed and signed record — and pass it to ``verify(..., head=)``.

    JSON: ``supervision.serialization.to_json(head)`` / ``from_json(ChainHead, text)``."""

    count: int
    last_hash: str
    at: _dt.datetime
    key_id: str
    signature: str

    @classmethod
    def sign(cls, key: ChainKey, count: int, last_hash: str, at: _dt.datetime) -> ChainHead:
        """The head of a chain of ``count`` links ending in ``last_hash``, exported at ``at``."""
        if not isinstance(key, ChainKey):
            raise InvalidInput("chain_key", "a ChainKey to sign the head with",
                               type(key).__name__)
        if count.__class__ is not int or count < 0:
            raise InvalidInput("count", "a whole number ≥ 0", count)
        if not isinstance(last_hash, str) or not _HEX64.match(last_hash):
            raise InvalidInput("last_hash", "64 lower-case hex digits", last_hash)
        require_aware(at, "at")
        unsigned = cls(count, last_hash, at, key.key_id, "")
        return attrs.evolve(unsigned, signature=key.mac(unsigned.signed_text()))

    def signed_text(self) -> str:
        """What the signature covers."""
        return (f"supervision-chain-head-export\x1f{self.key_id}\x1f{self.count}\x1f"
                f"{self.last_hash}\x1f{self.at.isoformat()}")

    def problem(self, keys: Keyring | None) -> str:
        """Why this head cannot be trusted under ``keys`` ('' when its signature verifies)."""
        if keys is None:
            return "the exported head cannot be checked without the key ring (需要密钥)"
        key = keys.get(self.key_id) if isinstance(self.key_id, str) else None
        if key is None:
            return (f"the exported head is signed with key id {self.key_id!r}, not in the key "
                    "ring (密钥未提供)")
        try:
            expected = key.mac(self.signed_text())
        except (AttributeError, TypeError, ValueError, OverflowError):
            expected = ""
        if not isinstance(self.signature, str) or not hmac.compare_digest(expected,
                                                                          self.signature):
            return "the exported head's signature does not verify (链头签名无效，伪造或被改动)"
        return ""


# ============================================================================ checking
@attrs.frozen
class Link:
    """One link as storage holds it: position, kind, the record's key (an event id, an
    escalation or score-entry key), payload, key id (None: unkeyed), previous and own hash."""

    seq: int
    kind: str
    ref: str
    payload: str
    key_id: str | None
    prev_hash: str
    hash: str


@attrs.frozen
class ChainCheck:
    """What ``verify`` found.

    ``intact`` is True when every link is as appended, every escalation and score entry
    stored is the one its latest link names, the stored head is the chain's end and (when an
    exported head was given) the chain still holds that head. Otherwise ``first_bad_seq`` is
    the position of the first bad link (the first missing position for a deletion), with its
    event id (``event_id``) or record key (``ref``) when known, and ``problem`` says what is
    wrong (篡改 changed, 删除 removed, 次序 moved, 降级 unkeyed after keyed, 截断 cut back).

    ``checked`` counts the links read, ``keyed`` and ``unkeyed`` how many were keyed (and
    under which ``key_ids``) and legacy-unkeyed; ``records`` the escalations and score
    entries checked against the chain. A chain with unkeyed links is :attr:`legacy`: intact
    as far as a plain hash can tell, but re-hashable by anyone who can write to storage.
    """

    intact: bool
    checked: int
    first_bad_seq: int | None = None
    event_id: str | None = None
    problem: str = ""
    keyed: int = 0
    unkeyed: int = 0
    records: int = 0
    key_ids: tuple[str, ...] = ()
    ref: str | None = None

    @property
    def legacy(self) -> bool:
        """Whether some links are legacy, unkeyed (written before a key was configured)."""
        return self.unkeyed > 0

    @property
    def summary(self) -> str:
        """One line a person reads: 链完整 / 链已损坏, with the counts."""
        state = "链完整 intact" if self.intact else f"链已损坏 broken at {self.first_bad_seq}"
        legacy = (f"，其中{self.unkeyed}条为旧版未加密钥记录 (legacy, unkeyed)"
                  if self.legacy else "")
        problem = "" if self.intact else f"：{self.problem}"
        return f"{state}：{self.checked}条链接{legacy}{problem}"


class ChainWalk:
    """Walks links in position order and checks each: no gap, linked to the one before, its
    hash (HMAC under the ring's key of its key id; SHA-256 when unkeyed), never unkeyed after
    a keyed link, and the exported ``head`` when given. The adapters feed it and then check
    their records and stored head with :meth:`records_checked` and :meth:`finish`."""

    def __init__(self, keys: Keyring | None, head: ChainHead | None) -> None:
        if head is not None and not isinstance(head, ChainHead):
            raise InvalidInput("head", "a ChainHead exported earlier (or None)",
                               type(head).__name__)
        self.keys = keys
        self.head = head
        self.seq = 0
        self.prev = GENESIS_HASH
        self.checked = 0
        self.keyed = 0
        self.unkeyed = 0
        self.records = 0
        self.key_ids: list[str] = []
        self.head_seen = head is not None and head.count == 0
        self.failure: ChainCheck | None = None
        if head is not None:
            problem = head.problem(keys)
            if problem:
                self.failure = self._bad(None, problem)

    def _bad(self, seq: int | None, problem: str, *, event_id: str | None = None,
             ref: str | None = None) -> ChainCheck:
        return ChainCheck(False, self.checked, seq, event_id, problem, self.keyed,
                          self.unkeyed, self.records, tuple(self.key_ids), ref)

    def step(self, link: Link) -> ChainCheck | None:
        """Check one link (the next in position order); the failure, or None."""
        if self.failure is not None:
            return self.failure
        self.checked += 1
        expected = self.seq + 1
        event_id = link.ref if link.kind == "event" else None
        ref = None if link.kind == "event" else link.ref
        if link.seq != expected:
            self.failure = self._bad(expected, f"link {expected} is missing (删除): the next "
                                     f"link is {link.seq}")
            return self.failure
        if link.prev_hash != self.prev:
            self.failure = self._bad(link.seq, "the link does not follow the link before it "
                                     "(删除或次序被改动)", event_id=event_id, ref=ref)
            return self.failure
        problem = self._hash_problem(link)
        if problem:
            self.failure = self._bad(link.seq, problem, event_id=event_id, ref=ref)
            return self.failure
        self.seq, self.prev = link.seq, link.hash
        if self.head is not None and link.seq == self.head.count:
            if link.hash != self.head.last_hash:
                self.failure = self._bad(link.seq, "the chain differs from the exported head "
                                         "at its last link (链被重算或篡改)",
                                         event_id=event_id, ref=ref)
                return self.failure
            self.head_seen = True
        return None

    def _hash_problem(self, link: Link) -> str:
        if link.key_id is None:
            if self.keyed:
                return "an unkeyed link after keyed links (降级：未加密钥，篡改)"
            self.unkeyed += 1
            if link_hash(None, link.seq, link.prev_hash, link.payload) != link.hash:
                return "the link's content was changed (篡改)"
            return ""
        if self.keys is None:
            return ("the link is keyed (key id " f"{link.key_id!r}); keyed links cannot be "
                    "checked without the key ring (需要密钥)")
        key = self.keys.get(link.key_id)
        if key is None:
            return (f"the link is keyed with key id {link.key_id!r}, not in the key ring "
                    "(密钥未提供或伪造)")
        self.keyed += 1
        if link.key_id not in self.key_ids:
            self.key_ids.append(link.key_id)
        if not hmac.compare_digest(link_hash(key, link.seq, link.prev_hash, link.payload),
                                   link.hash):
            return "the link's content was changed (篡改)"
        return ""

    def event_problem(self, seq: int | None, event_id: str, problem: str) -> ChainCheck:
        """Report a stored event that disagrees with its link (or has none)."""
        self.failure = self._bad(seq, problem, event_id=event_id)
        return self.failure

    def record_problem(self, seq: int | None, ref: str, problem: str) -> ChainCheck:
        """Report a stored record that disagrees with the chain."""
        self.failure = self._bad(seq, problem, ref=ref)
        return self.failure

    def count_record(self) -> None:
        self.records += 1

    def finish(self, last_seq: int | None, last_hash: str | None, key_id: str | None,
               mac: str | None) -> ChainCheck:
        """Check the stored head (its position, hash and HMAC) and the exported head, after
        the last link; the result."""
        if self.failure is not None:
            return self.failure
        end = self.seq
        if last_seq is None or last_seq != end or last_hash != self.prev:
            return self._bad(end + 1, f"links after {end} are missing (删除): the chain head "
                             f"says {last_seq}")
        if key_id is None:
            if self.keyed:
                return self._bad(end + 1, "the chain head is unkeyed after keyed links "
                                 "(降级，篡改)")
        else:
            key = None if self.keys is None else self.keys.get(key_id)
            if key is None:
                return self._bad(end + 1, f"the chain head is keyed with key id {key_id!r}, "
                                 "not in the key ring (密钥未提供)")
            if not isinstance(mac, str) or not hmac.compare_digest(
                    head_mac(key, end, self.prev), mac):
                return self._bad(end + 1, "the chain head was moved (截断或篡改)")
        if self.head is not None and not self.head_seen:
            return self._bad(end + 1, f"the chain ends at {end}, before the exported head's "
                             f"{self.head.count} (截断：links after {end} are missing)")
        return ChainCheck(True, self.checked, None, None, "", self.keyed, self.unkeyed,
                          self.records, tuple(self.key_ids))


def latest(links: Iterable[Link]) -> dict[tuple[str, str], tuple[int, str]]:
    """For each record (kind group, key): the position and digest of its latest link
    (``escalation`` and ``decision`` links share the group ``escalation``)."""
    found: dict[tuple[str, str], tuple[int, str]] = {}
    for link in links:
        if link.kind == "event":
            continue
        group = "escalation" if link.kind in ("escalation", "decision") else link.kind
        found[(group, link.ref)] = (link.seq, link.payload.rsplit("\x1f", 1)[-1])
    return found


def check_records(
    walk: ChainWalk,
    links: dict[tuple[str, str], tuple[int, str]],
    stored: Iterable[tuple[str, str, str]],
) -> ChainCheck | None:
    """Check every stored record ``(group, key, digest of its JSON text)`` against the latest
    link of its key (``links``, from :func:`latest`): a record no link names was inserted
    behind the chain's back, one whose digest differs was changed (or replaced by an older
    version), and a linked record no longer stored was deleted. The first problem, or None."""
    remaining = dict(links)
    for group, key, found in stored:
        walk.count_record()
        linked = remaining.pop((group, key), None)
        what = "escalation" if group == "escalation" else "score entry"
        if linked is None:
            return walk.record_problem(None, key, f"{what} {key!r} is not in the chain "
                                       "(插入：未经链记录)")
        if not hmac.compare_digest(linked[1], found):
            return walk.record_problem(linked[0], key, f"{what} {key!r} differs from its "
                                       "latest link (篡改或回退)")
    if remaining:
        (group, key), (seq, _) = min(remaining.items(), key=lambda item: item[1][0])
        what = "escalation" if group == "escalation" else "score entry"
        return walk.record_problem(seq, key, f"{what} {key!r} is in the chain but no longer "
                                   "stored (删除)")
    return None
