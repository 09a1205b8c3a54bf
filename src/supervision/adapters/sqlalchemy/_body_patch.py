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
(:func:`known_body`)."""

from __future__ import annotations

import operator
from collections.abc import Mapping

import attrs

from supervision._encoded_text import field_text
from supervision.domain.model import Matter

from ._session import Staged

__all__ = ["known_body", "patched_body"]

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
