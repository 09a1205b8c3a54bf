"""A matter's stored body after a change of only its version and ``changed_at`` (what a
sweep's escalation changes), written from the body read instead of serialising the matter
again.

The library stores a matter's body as :func:`~supervision._encoded_text.to_stored_json`
writes it: its keys sorted, ``changed_at`` among the first and ``version`` the last. Where
the matter differs from the one read only in those two fields (every other field the very
same object), replacing their two texts in the body read gives the text of the matter. The
body is patched only where it shows both as that writer writes them: ``"changed_at":`` once
(a key; inside a JSON string its quote would be escaped), followed by ``"closings":``, and
the body ending with the version read. Anything else is ``None``: the caller writes the
matter in full.

The body known is the one read (:meth:`get`, :meth:`get_many`) for the matter as read, or,
for a matter changed a second time in the same unit of work (escalated twice in one sweep
page), the body staged for it the first time: either is the text the library writes of it
(:func:`known_body`).

A matter so patched is staged as a *narrow* row (:func:`narrow_row`): only the columns such
a change moves — ``version``, ``body`` and ``wake_at`` (every change makes the sweep look
again) — beside its id. Every other column of the ``matters`` row is derived from fields
the change leaves as the very same objects (office, number, status, confidentiality, due
date, assignments, parent, re-inspection, registration instant), so the stored row already
holds them: the commit updates the four columns only (``_writes.update_matters``), and
leaves the matter's assignments alone."""

from __future__ import annotations

import operator
from collections.abc import Mapping
from typing import Any

import attrs

from supervision._encoded_text import field_text
from supervision.domain.model import Matter
from supervision.ports import WAKE_UNKNOWN

from ._session import Staged

__all__ = ["NARROW", "known_body", "narrow_row", "patched_body"]

#: The columns of a narrow row (:func:`narrow_row`), in order.
NARROW = ("id", "version", "body", "wake_at")

_PATCHED = ("changed_at", "version")
_kept = operator.attrgetter(*sorted(f.name for f in attrs.fields(Matter)
                                    if f.name not in _PATCHED))
_AT_KEY = '"changed_at":'


def patched_body(matter: Matter, read: Matter, body: str | None) -> str | None:
    """The stored JSON of ``matter`` from ``body``, the stored JSON of ``read`` (the matter
    as read; None: not known), when the two differ only in ``version`` and ``changed_at``
    and the body shows them as the library writes them; None otherwise."""
    if body is None or matter.__class__ is not Matter or read.__class__ is not Matter:
        return None
    if matter.version.__class__ is not int or read.version.__class__ is not int:
        return None
    if not all(a is b for a, b in zip(_kept(matter), _kept(read), strict=True)):
        return None
    write_at = field_text(Matter, "changed_at")
    try:
        before, after = write_at(read.changed_at), write_at(matter.changed_at)
    except Exception:  # what the writer refuses: written in full (to_json names the fault)
        return None
    old = f"{_AT_KEY}{before},\"closings\":"
    tail = f',"version":{int.__repr__(read.version)}}}'
    at = body.find(old)
    if at < 0 or not body.endswith(tail) or body.count(_AT_KEY) != 1 or (
            not body.startswith('{"approved_at":')) or "\\u0000" in body:
        return None
    return (f"{body[:at]}{_AT_KEY}{after},\"closings\":{body[at + len(old):-len(tail)]}"
            f',"version":{int.__repr__(matter.version)}}}')


def known_body(current: Matter, read: Mapping[str, Matter], bodies: Mapping[str, str],
               staged: Staged) -> str | None:
    """The stored JSON of ``current`` (the matter a change starts from) where it is known
    without writing it: the body read (``bodies``) when ``current`` is the very matter read
    (``read``), the body of the row staged for it when it is the very matter staged as
    changed (each body the library's text of its matter, patched or written in full); None
    otherwise."""
    if current is read.get(current.id):
        return bodies.get(current.id)
    found = staged.updated_matters.get(current.id)
    if found is not None and found[0] is current:
        body = found[1].get("body")
        return body if isinstance(body, str) else None
    return None


def narrow_row(matter: Matter, body: str, staged: Staged) -> dict[str, Any]:
    """The row to stage for ``matter``, whose stored JSON ``body`` was patched from the
    matter it changes (:func:`patched_body`: the two differ only in ``version`` and
    ``changed_at``): where a row is staged for the matter already (a new matter, or one
    changed before in this unit of work), that row with its version and body replaced (a
    new matter's row is inserted whole; a full row stays full, its derived columns those
    of this matter too); else the narrow row of :data:`NARROW`."""
    found = staged.new_matters.get(matter.id) or staged.updated_matters.get(matter.id)
    if found is not None:
        return {**found[1], "version": matter.version, "body": body}
    return {"id": matter.id, "version": matter.version, "body": body, "wake_at": WAKE_UNKNOWN}
