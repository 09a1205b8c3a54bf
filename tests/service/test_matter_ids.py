"""A new matter's id is ``uuid.uuid4().hex``: written from the same 16 random bytes with the
same version and variant bits (registration's own writer), or through ``uuid.uuid4`` when
a host or a test replaced it."""

from __future__ import annotations

import types
import uuid

import pytest

from supervision.service_layer import registration


def test_a_new_matter_id_is_the_uuid4_hex_of_the_same_random_bytes(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """For any 16 random bytes, the id is what ``uuid.UUID(bytes=..., version=4).hex``
    (what ``uuid.uuid4()`` builds of them) gives."""
    samples = [bytes(16), b"\xff" * 16, bytes(range(16)), *(uuid.uuid4().bytes
                                                          for _ in range(200))]
    for raw in samples:
        monkeypatch.setattr(registration.os, "urandom", lambda n, raw=raw: raw[:n])
        assert registration._new_id() == uuid.UUID(bytes=raw, version=4).hex
    monkeypatch.undo()
    made = registration._new_id()
    found = uuid.UUID(made)
    assert (found.hex, found.version, found.variant) == (made, 4, uuid.RFC_4122)


def test_a_replaced_uuid4_gives_the_matter_ids(monkeypatch: pytest.MonkeyPatch) -> None:
    """A replaced ``uuid.uuid4`` (a test numbering its matters) is asked for each id."""
    monkeypatch.setattr(registration, "uuid", types.SimpleNamespace(
        uuid4=lambda: types.SimpleNamespace(hex="0" * 31 + "7")))
    assert registration._new_id() == "0" * 31 + "7"
