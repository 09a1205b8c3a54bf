"""Explicit row ↔ domain functions: each aggregate is stored as JSON text beside the columns
that queries use; nothing here lives in the domain classes.

Text is checked before it reaches the database: PostgreSQL refuses NUL characters in text
and SQLite would store them, so both are refused here with a clear
:class:`~supervision.exceptions.InvalidInput`; ids longer than the columns are refused too.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Mapping, Sequence
from typing import Any

from supervision._encoded import dumps as _dumps
from supervision._encoded import to_stored_dict as to_dict
from supervision._encoded_text import to_stored_json
from supervision._stored import from_stored_json
from supervision.audit import link_hash
from supervision.domain.events import Event
from supervision.domain.model import AssignmentRole, Matter, Unit
from supervision.domain.office import Office, OfficeEvent
from supervision.exceptions import InvalidInput, StorageError
from supervision.ports import WAKE_UNKNOWN

from ._facts import facts_text
from ._schema import ID_LENGTH, OFFICE_ID_LENGTH, PREFIX_LENGTH

__all__ = [
    "assignment_rows",
    "chain_hash",
    "check_dumped",
    "check_text",
    "dumps",
    "dumps_joined",
    "dumps_pieces",
    "event_body",
    "event_from_row",
    "event_row",
    "matter_from_row",
    "matter_row",
    "office_event_row",
    "office_from_row",
    "office_row",
    "unit_from_row",
    "unit_row",
]


def dumps(data: Mapping[str, Any]) -> str:
    """JSON text exactly as :func:`supervision.serialization.to_json` writes it."""
    return _dumps(data)


#: ``json.dumps(text, ensure_ascii=False)`` of a key or a text, and ``json.dumps(value,
#: ensure_ascii=False, sort_keys=True, separators=(",", ":"))`` of any value, with one encoder
#: each for every call (``json.dumps`` with arguments builds an encoder per call).
_TEXT = json.JSONEncoder(ensure_ascii=False).encode
_VALUE = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode


def _escaped(text: str) -> str:
    return _TEXT(text)[1:-1]


def dumps_pieces(data: Mapping[str, Any], keys: Collection[str], old: str) -> tuple[str, ...]:
    """:func:`dumps` of ``data`` cut at every ``old`` inside the (text) values of ``keys``:
    for any ``new``, ``escaped(new).join(pieces)`` is :func:`dumps` of ``data`` with
    ``old`` replaced by ``new`` in those values (JSON writes an object as its sorted
    ``"key":value`` pairs joined by commas, and escapes a text character by character), so
    the replaced JSON costs one join. The pairs between two cut values are written by one
    call of the encoder, as the object of just those keys (its braces left off): sorted keys
    stay in the same order in any part of an object."""
    pieces: list[str] = []
    current, comma = "{", ""
    run: dict[str, Any] = {}
    for key in sorted(data):
        value = data[key]
        if key in keys and isinstance(value, str):
            if run:
                current += comma + _VALUE(run)[1:-1]
                run, comma = {}, ","
            current += comma + _TEXT(key) + ':"'
            comma = ","
            first, *rest = value.split(old)
            current += _escaped(first)
            for piece in rest:
                pieces.append(current)
                current = _escaped(piece)
            current += '"'
        else:
            run[key] = value
    if run:
        current += comma + _VALUE(run)[1:-1]
    pieces.append(current + "}")
    return tuple(pieces)


def dumps_pieces_by_pair(data: Mapping[str, Any], keys: Collection[str], old: str
                         ) -> tuple[str, ...]:
    """:func:`dumps_pieces` written pair by pair (each key and each value by a call of its
    own): the straightforward form, which the tests hold :func:`dumps_pieces` to."""
    pieces: list[str] = []
    current = "{"
    for i, key in enumerate(sorted(data)):
        current += ("," if i else "") + _TEXT(key) + ":"
        value = data[key]
        if key in keys and isinstance(value, str):
            first, *rest = value.split(old)
            current += '"' + _escaped(first)
            for piece in rest:
                pieces.append(current)
                current = _escaped(piece)
            current += '"'
        else:
            current += _VALUE(value)
    pieces.append(current + "}")
    return tuple(pieces)


def split_pieces(text: str, values: Sequence[object], old: str) -> tuple[str, ...] | None:
    """:func:`dumps_pieces` of the data whose :func:`dumps` is ``text`` and whose values of
    the keys to cut are ``values``, as ``text.split(old)``, where that provably gives them;
    None otherwise (then :func:`dumps_pieces`). It does when ``old`` holds no character JSON
    escapes (so each ``old`` in a value is written as ``old``, where the value is written),
    cannot overlap itself (its first character occurs nowhere else in it: two occurrences
    never share a character, so ``count`` counts every one) and occurs in ``text`` exactly as
    often as in those values (so every occurrence in the text is one of theirs: none in a
    key, another value, or across an escape): the cuts are then the very cuts
    :func:`dumps_pieces` makes, in the same order."""
    if not old or old[0] in old[1:] or any(c in '"\\' or c < " " for c in old):
        return None
    if text.count(old) != sum(v.count(old) for v in values if isinstance(v, str)):
        return None
    return tuple(text.split(old))


def dumps_joined(pieces: tuple[str, ...], new: str) -> str:
    """The JSON text of :func:`dumps_pieces` with ``new`` in place of the old text."""
    return _escaped(new).join(pieces)


def check_text(value: Any, path: str) -> None:
    """Refuse NUL characters and lone surrogates anywhere in a JSON-ready value (names the
    field's path): PostgreSQL refuses NUL in text, and neither database can store text that
    is not valid UTF-8."""
    if isinstance(value, str):
        if "\x00" in value:
            raise InvalidInput(path, "text without NUL characters (不得含空字符 NUL)", value)
        if not value.isascii():
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                raise InvalidInput(path, "text without lone surrogate characters",
                                   value) from None
    elif isinstance(value, dict):
        for key, item in value.items():
            check_text(key, f"{path}.<key>")
            check_text(item, f"{path}.{key}")
    elif isinstance(value, list):
        for i, item in enumerate(value):
            check_text(item, f"{path}[{i}]")


def checked_dumps(data: Mapping[str, Any], path: str) -> str:
    """:func:`dumps` of ``data`` after :func:`check_text`'s checks, done on the JSON text at
    once: a NUL is written ``\\u0000`` and a lone surrogate fails to encode, so only text
    showing either is walked (to name the field, or to find it was an escaped ``\\``)."""
    text = dumps(data)
    check_dumped(text, data, path)
    return text


def check_dumped(text: str, data: Mapping[str, Any], path: str) -> None:
    """:func:`check_text` of ``data`` given ``text``, its JSON as :func:`dumps` writes it: a
    NUL is written ``\\u0000`` and a lone surrogate fails to encode, so ``data`` is walked
    (to name the field, or to find it was an escaped ``\\``) only when the text shows either."""
    if "\\u0000" in text or (not text.isascii() and not _encodes(text)):
        check_text(data, path)


def checked_json(value: object, path: str) -> str:
    """The JSON text of ``value`` as :func:`supervision.serialization.to_json` writes it
    (:func:`supervision._encoded.to_stored_json`), after :func:`check_text`'s checks, done on
    the text as :func:`checked_dumps` does them (the dict is written only to name a field)."""
    text = to_stored_json(value)
    if "\\u0000" in text or (not text.isascii() and not _encodes(text)):
        check_text(to_dict(value), path)
    return text


def _encodes(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _check_id(value: str | None, field: str, length: int = ID_LENGTH) -> None:
    if value is not None and len(value) > length:
        raise InvalidInput(field, f"an id of at most {length} characters", value)


def matter_row(matter: Matter, body: str | None = None) -> dict[str, Any]:
    """The ``matters`` row of a matter (checks text and id lengths first); ``body``: its
    stored JSON when already written (``_body_patch``), else written here."""
    body = checked_json(matter, "matter") if body is None else body
    _check_id(matter.id, "matter.id")
    _check_id(matter.number.prefix, "matter.number.prefix", PREFIX_LENGTH)
    _check_id(matter.parent_id, "matter.parent_id")
    _check_id(matter.reinspection_of, "matter.reinspection_of")
    leads = [a.unit_id for a in matter.assignments if a.role is AssignmentRole.LEAD]
    if len(leads) != 1:
        raise InvalidInput("matter.assignments", "exactly one lead unit (主办单位)", leads)
    for i, assignment in enumerate(matter.assignments):
        _check_id(assignment.unit_id, f"matter.assignments[{i}].unit_id")
    _check_id(matter.office_id, "matter.office_id", OFFICE_ID_LENGTH)
    if not matter.office_id:
        raise InvalidInput("matter.office_id", "the id of the matter's office", "")
    return {
        "id": matter.id,
        "office_id": matter.office_id,
        "number_prefix": matter.number.prefix,
        "number_year": matter.number.year,
        "number_seq": matter.number.seq,
        "status": matter.status.value,
        "is_open": matter.status.is_open,
        "confidential": matter.confidentiality.restricted,
        "due_at": None if matter.due is None else matter.due.due_at,
        "sweep_due_at": (
            matter.due.due_at if matter.due is not None and matter.status.is_open else None
        ),
        "wake_at": WAKE_UNKNOWN,  # every change makes the sweep look again
        "lead_unit_id": leads[0],
        "parent_id": matter.parent_id,
        "reinspection_of": matter.reinspection_of,
        "registered_at": matter.registered_at,
        "version": matter.version,
        "body": body,
    }


def facts_row(matter: Matter, latest: Event | None) -> dict[str, Any]:
    """The ``matter_facts`` row of a matter: its facts (``_facts.facts_text``), and the
    instant of ``latest`` (the matter's event of the highest version written with it) when
    that is its event of this version."""
    at = None if latest is None or latest.version != matter.version else latest.occurred_at
    return {"matter_id": matter.id, "office_id": matter.office_id, "version": matter.version,
            "event_at": at, "facts": facts_text(matter)}


def assignment_rows(matter: Matter, *, change_seq: int | None = None) -> list[dict[str, Any]]:
    """The ``assignments`` rows of a matter (one per unit); with ``change_seq``, stamped
    with that change number."""
    if change_seq is not None:
        return [{"matter_id": matter.id, "unit_id": a.unit_id, "role": a.role.value,
                 "change_seq": change_seq} for a in matter.assignments]
    return [
        {"matter_id": matter.id, "unit_id": a.unit_id, "role": a.role.value}
        for a in matter.assignments
    ]


def matter_from_row(row: Any) -> Matter:
    """The matter a ``matters`` row holds; its version column must agree with the body."""
    matter = from_stored_json(Matter, row.body)
    if matter.version != row.version:
        raise StorageError(
            "reading a matter",
            f"row {matter.id!r} has version {row.version} but its body "
            f"{matter.version}: the row was changed outside the library",
        )
    return matter


def unit_row(unit: Unit) -> dict[str, Any]:
    """The ``units`` row of a unit (checks text and id lengths first)."""
    data = to_dict(unit)
    check_text(data, "unit")
    _check_id(unit.id, "unit.id")
    _check_id(unit.parent_id, "unit.parent_id")
    _check_id(unit.office_id, "unit.office_id", OFFICE_ID_LENGTH)
    if not unit.office_id:
        raise InvalidInput("unit.office_id", "the id of the unit's office", "")
    return {
        "office_id": unit.office_id,
        "id": unit.id,
        "name": unit.name,
        "kind": unit.kind.value,
        "parent_id": unit.parent_id,
        "body": dumps(data),
    }


def unit_from_row(row: Any) -> Unit:
    return from_stored_json(Unit, row.body)


def office_row(office: Office) -> dict[str, Any]:
    """The ``offices`` row of an office."""
    data = to_dict(office)
    check_text(data, "office")
    _check_id(office.id, "office.id", OFFICE_ID_LENGTH)
    return {"id": office.id, "name": office.name, "version": office.version, "body": dumps(data)}


def office_from_row(row: Any) -> Office:
    office = from_stored_json(Office, row.body)
    if office.version != row.version:
        raise StorageError(
            "reading an office",
            f"row {office.id!r} has version {row.version} but its body {office.version}: the "
            "row was changed outside the library",
        )
    return office


def office_event_row(event: OfficeEvent) -> dict[str, Any]:
    """The ``office_events`` row of an office event."""
    data = to_dict(event)
    check_text(data, "office event")
    return {"office_id": event.office_id, "version": event.version, "kind": event.kind.value,
            "occurred_at": event.occurred_at, "body": dumps(data)}


def chain_hash(prev_hash: str, seq: int, body: str) -> str:
    """The unkeyed (legacy) hash of event row ``seq``: SHA-256 over its position, the previous
    row's hash and the event's JSON text (:func:`supervision.audit.link_hash` without a key;
    the unit of work writes keyed links when it has a key)."""
    return link_hash(None, seq, prev_hash, body)


def event_body(event: Event) -> str:
    """The JSON text stored for an event (checks text and id lengths first)."""
    body = checked_json(event, "event")
    _check_id(event.event_id, "event.event_id", 2 * ID_LENGTH)
    _check_id(event.matter_id, "event.matter_id")
    return body


def event_row(event: Event, body: str, seq: int, prev_hash: str) -> dict[str, Any]:
    """The ``events`` row of an event (its ``body`` from :func:`event_body`) at chain position
    ``seq`` after ``prev_hash``."""
    return {
        "seq": seq,
        "event_id": event.event_id,
        "matter_id": event.matter_id,
        "version": event.version,
        "kind": event.kind.value,
        "occurred_at": event.occurred_at,
        "body": body,
        "prev_hash": prev_hash,
        "hash": chain_hash(prev_hash, seq, body),
    }


def event_from_row(row: Any) -> Event:
    return from_stored_json(Event, row.body)
