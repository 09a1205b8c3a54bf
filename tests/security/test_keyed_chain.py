"""The keyed chain of records (issue 10.5), on memory, SQLite and PostgreSQL: events,
escalations, decisions and score entries are links of one HMAC chain under the integrator's
key; an exported, signed head lets an auditor catch what no check inside storage can.

Each test builds the one-matter world of :mod:`read_world` (the open matter escalated, its
proposal decided, a commendation) with a key, then tampers as someone with write access to
storage but not the key would (:mod:`chain_tamper`).
"""

from __future__ import annotations

import os

import pytest
import read_world as rw
from builders import LIAISON_A, progress_content
from chain_tamper import rehash, tamper_of
from security_stores import Backend

from supervision.audit import ChainHead, ChainKey, Keyring
from supervision.exceptions import ChainKeyError, InvalidInput
from supervision.serialization import from_json, to_json

KEY_1 = ChainKey.of("2026-01", bytes(range(32)))
KEY_2 = ChainKey.of("2026-07", bytes(range(32, 64)))
GUESS = ChainKey.of("2026-01", os.urandom(32))
ONLY_OPEN = [m for m in rw.ALL if m != rw.OPEN]


def _world(backend: Backend, key: object = KEY_1, **extra: object) -> rw.ReadWorld:
    return rw.build(backend.fresh(), omit=ONLY_OPEN, chain_key=key, **extra)


def _progress(world: rw.ReadWorld, times: int = 1) -> None:
    for _ in range(times):
        world.app.report_progress(LIAISON_A, rw.OPEN, progress_content())


# ------------------------------------------------------------------ an untouched chain
def test_an_untouched_keyed_chain_verifies_every_kind_of_link(backend: Backend) -> None:
    """Every event, escalation, decision and score entry is a keyed link; all verify."""
    world = _world(backend)
    check = world.app.verify_chain()
    kinds = {link.kind for link in tamper_of(world.storage).links()}
    assert (True, {"event", "escalation", "decision", "score"}) == (check.intact, kinds)
    assert (check.checked, 0, ("2026-01",)) == (check.keyed, check.unkeyed, check.key_ids)


def test_every_escalation_and_score_entry_is_checked_against_the_chain(
    backend: Backend,
) -> None:
    """The check counts each stored escalation and score entry."""
    world = _world(backend)
    with world.app.uow() as uow:
        stored = len(uow.escalations.list(offices=None)) + len(uow.scores.list(offices=None))
    assert stored == world.app.verify_chain().records


def test_keyed_links_cannot_be_checked_without_the_key(backend: Backend) -> None:
    """Without the key ring a keyed chain is not reported intact."""
    world = _world(backend)
    check = world.app.verify_chain()
    assert check.intact
    keyless = _verify(world, None)
    assert (False, 1) == (keyless.intact, keyless.first_bad_seq)
    assert "需要密钥" in keyless.problem


def _verify(world: rw.ReadWorld, key: object, head: ChainHead | None = None) -> object:
    if "store" in world.storage:
        from supervision.adapters.memory import verify

        return verify(world.storage["store"], chain_key=key, head=head)
    from supervision.adapters.sqlalchemy import verify as sql_verify

    return sql_verify(world.storage["engine"], chain_key=key, head=head)


# ------------------------------------------------------------------ truncation
def test_truncation_with_the_head_moved_back_is_found(backend: Backend) -> None:
    """The newest links deleted and the head set to the link before them: the head's HMAC
    does not match, so the cut is found even without an exported head."""
    world = _world(backend)
    _progress(world, 2)
    tamper = tamper_of(world.storage)
    links = tamper.links()
    keep = len(links) - 2
    tamper.truncate(keep)
    _seq, _hash, key_id, mac = tamper.head()
    tamper.set_head((keep, links[keep - 1].hash, key_id, mac))
    check = world.app.verify_chain()
    assert (False, keep + 1) == (check.intact, check.first_bad_seq)
    assert "截断" in check.problem


def test_truncation_behind_a_replayed_head_is_found_by_the_exported_head(
    backend: Backend,
) -> None:
    """An attacker who kept an earlier head row deletes the newest links and puts the old
    row back: storage alone looks intact, the head the auditor exported says otherwise."""
    world = _world(backend)
    tamper = tamper_of(world.storage)
    old_head = tamper.head()
    _progress(world, 2)
    exported = world.app.chain_head()
    tamper.truncate(old_head[0])
    tamper.set_head(old_head)
    assert world.app.verify_chain().intact
    check = world.app.verify_chain(head=exported)
    assert (False, old_head[0] + 1) == (check.intact, check.first_bad_seq)
    assert "截断" in check.problem


def test_the_exported_head_verifies_as_long_as_the_chain_grows(backend: Backend) -> None:
    """A head exported earlier still verifies once more links are appended."""
    world = _world(backend)
    exported = world.app.chain_head()
    _progress(world, 2)
    assert world.app.verify_chain(head=exported).intact


def test_a_forged_exported_head_is_refused(backend: Backend) -> None:
    """A head whose count or hash was changed after signing does not verify."""
    world = _world(backend)
    exported = world.app.chain_head()
    forged = ChainHead(exported.count - 1, exported.last_hash, exported.at, exported.key_id,
                       exported.signature)
    check = world.app.verify_chain(head=forged)
    assert not check.intact
    assert "签名无效" in check.problem


# ------------------------------------------------------------------ edits
def test_an_edited_event_re_hashed_without_the_key_is_found(backend: Backend) -> None:
    """An event changed and every link from it re-hashed with a guessed key (same key id):
    the HMAC of the edited link does not verify."""
    world = _world(backend)
    tamper = tamper_of(world.storage)
    links = tamper.links()
    target = next(link for link in links if link.kind == "event" and link.seq > 1)
    payload = tamper.edit_event(target.seq, lambda actor: actor + "-forged")
    tamper.rewrite(rehash(links, target.seq, GUESS, {target.seq: payload}))
    check = world.app.verify_chain()
    assert (False, target.seq) == (check.intact, check.first_bad_seq)
    assert "篡改" in check.problem


def test_an_edited_event_re_hashed_as_unkeyed_is_found(backend: Backend) -> None:
    """Re-hashing as legacy, unkeyed links after keyed ones is a downgrade, found."""
    world = _world(backend)
    _progress(world)
    tamper = tamper_of(world.storage)
    links = tamper.links()
    target = links[-1]
    payload = tamper.edit_event(target.seq, lambda actor: actor + "-forged")
    tamper.rewrite(rehash(links, target.seq, None, {target.seq: payload}))
    check = world.app.verify_chain()
    assert (False, target.seq) == (check.intact, check.first_bad_seq)
    assert "降级" in check.problem


# ------------------------------------------------------------------ deleted records
def test_a_deleted_escalation_is_found(backend: Backend) -> None:
    """Deleting an escalation row (so a re-sweep would issue it again) is found: its link
    names a record no longer stored."""
    world = _world(backend)
    key = world.escalation_keys(rw.OPEN)[0]
    tamper_of(world.storage).delete_escalation(key)
    check = world.app.verify_chain()
    assert (False, key) == (check.intact, check.ref)
    assert "删除" in check.problem


def test_a_deleted_score_entry_is_found(backend: Backend) -> None:
    """Deleting a score entry (a deduction made to vanish) is found."""
    world = _world(backend)
    key = world.entry_key(rw.OPEN)
    tamper_of(world.storage).delete_score_entry(key)
    check = world.app.verify_chain()
    assert (False, key) == (check.intact, check.ref)
    assert "删除" in check.problem


# ------------------------------------------------------------------ keys
def test_links_signed_before_a_key_rotation_verify_with_the_retired_key(
    backend: Backend,
) -> None:
    """After rotating to a new key (the old one kept as retired) both keys' links verify,
    and a ring without the old key cannot check the old links."""
    world = _world(backend)
    rotated = rw.ReadWorld(
        rw.reopen(world, Keyring.of(KEY_2, KEY_1)), world.clock, world.present, world.storage)
    _progress(rotated)
    check = rotated.app.verify_chain()
    assert (True, ("2026-01", "2026-07")) == (check.intact, check.key_ids)
    without_old = _verify(world, KEY_2)
    assert (False, 1) == (without_old.intact, without_old.first_bad_seq)
    assert "2026-01" in without_old.problem


def test_an_exported_head_signed_with_a_retired_key_still_verifies(backend: Backend) -> None:
    """A head exported under the old key checks against the ring that keeps it."""
    world = _world(backend)
    exported = world.app.chain_head()
    rotated = rw.reopen(world, Keyring.of(KEY_2, KEY_1))
    assert rotated.verify_chain(head=exported).intact


def test_a_unit_of_work_without_the_key_may_not_extend_a_keyed_chain(
    backend: Backend,
) -> None:
    """Writing unkeyed links after keyed ones is refused (ChainKeyError) and stores
    nothing."""
    world = _world(backend)
    keyless = rw.reopen(world, None)
    before = tamper_of(world.storage).head()
    with pytest.raises(ChainKeyError) as caught:
        keyless.report_progress(LIAISON_A, rw.OPEN, progress_content())
    assert ("2026-01", before) == (caught.value.key_id, tamper_of(world.storage).head())


def test_unkeyed_links_before_a_key_are_reported_as_legacy(backend: Backend) -> None:
    """A chain begun without a key and continued with one verifies; its first links are
    counted as legacy, unkeyed."""
    world = _world(backend, key=None)
    unkeyed = len(tamper_of(world.storage).links())
    keyed = rw.reopen(world, KEY_1)
    keyed.report_progress(LIAISON_A, rw.OPEN, progress_content())
    check = keyed.verify_chain()
    assert (True, unkeyed, 1, True) == (check.intact, check.unkeyed, check.keyed, check.legacy)


def test_a_key_shorter_than_32_bytes_is_refused() -> None:
    """HMAC-SHA256 keys are at least 32 bytes; a short secret is InvalidInput naming it."""
    with pytest.raises(InvalidInput) as caught:
        ChainKey.of("k1", b"short")
    assert "secret" == caught.value.field


def test_a_key_never_shows_its_secret() -> None:
    """repr of a key and of a ring names the key id only."""
    shown = repr(Keyring.of(KEY_2, KEY_1))
    assert "2026-07" in shown
    assert bytes(range(32, 64)).hex() not in shown
    assert repr(bytes(range(32, 64))) not in shown


def test_an_exported_head_round_trips_through_json() -> None:
    """The auditor stores the head as JSON text and reads it back unchanged."""
    head = ChainHead.sign(KEY_1, 12, "a" * 64, rw.END)
    assert head == from_json(ChainHead, to_json(head))
