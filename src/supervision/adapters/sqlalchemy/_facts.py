"""A matter's facts (:func:`supervision.domain.statistics.matter_facts`) as the ``facts``
column of its ``matters`` row holds them: compact JSON written with the row, read without
decoding the matter's body.

The policy a matter lives under is named by its fingerprint (the reference itself is read
from one matter's body per fingerprint, once per process). The text carries the facts'
format (:data:`~supervision.domain.statistics.FACTS_FORMAT`) and
the matter's version; facts of another format or version, or any text this module does not
read back exactly (a row written by an older library, or changed outside the library), are
never used: the reader decodes the body and derives the facts again (:func:`facts_from_row`),
so stored facts can be missing or stale without changing an answer.
"""

from __future__ import annotations

import datetime as _dt
import json
import json.scanner
from collections.abc import Callable
from typing import Any

from supervision._stored import from_stored_json
from supervision.domain.escalation._deadlines import Deadlines, Return
from supervision.domain.lifecycle import Status
from supervision.domain.model import (
    AssignmentRole,
    Confidentiality,
    Matter,
    RegistrationNumber,
    ReviewOutcome,
)
from supervision.domain.office import PolicyRef
from supervision.domain.statistics import FACTS_FORMAT, MatterFacts, Review, matter_facts
from supervision.serialization import to_dict

__all__ = [
    "facts_text",
    "learn_policy",
    "read_facts",
    "stored_instant",
]

_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))
#: the encoder ``_ENCODER.encode`` makes on each call, made once (the facts are lists built
#: here, never circular): the same text
_MAKE = getattr(json.encoder, "c_make_encoder", None)
_CHUNKS = None if _MAKE is None else _MAKE(
    None, _ENCODER.default, json.encoder.encode_basestring, None, ":", ",", False, False, True)


def _dumps(value: Any) -> str:
    return _ENCODER.encode(value) if _CHUNKS is None else "".join(_CHUNKS(value, 0))


_INSTANT = _dt.datetime.fromisoformat
_DAY = _dt.date.fromisoformat


def _at(value: _dt.datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def _on(value: _dt.date | None) -> str | None:
    return None if value is None else value.isoformat()


def _deadlines(d: Deadlines) -> list[Any]:
    return [
        d.round, d.last_day.isoformat(), d.due_at.isoformat(), d.provisional, d.suspended,
        d.by_default, d.category, d.source, d.label, _at(d.progress_met), _at(d.final_met),
        _at(d.completed_at),
        [[r.number, r.returned_at.isoformat(), _on(r.redo_due_day), _at(r.met_at)]
         for r in d.returns],
        d.awaiting,
    ]


def facts_text(matter: Matter) -> str:
    """The ``facts`` column of ``matter``'s ``matter_facts`` row (the policy is named by its
    fingerprint, read from a matter's body once per process: :func:`learn_policy`)."""
    f = matter_facts(matter)
    circle = f.confidentiality
    return _dumps([
        FACTS_FORMAT, f.matter_id, f.office_id, f.version, f.number.prefix, f.number.year,
        f.number.seq,
        f.registered_at.isoformat(), f.lead_unit_id, f.status.value, f.policy.fingerprint,
        [[u, role.value] for u, role in f.units],
        0 if circle == _OPEN else _dumps(to_dict(circle)), _at(f.dispatched_at),
        _on(f.deadline_day), f.suspended,
        None if f.deadlines is None else _deadlines(f.deadlines),
        [a.isoformat() for a in f.returned_at],
        [[r.number, r.outcome.value, r.opinion] for r in f.reviews],
    ])


_OPEN = Confidentiality.none()
#: policy references by fingerprint (the constructor checks a reference's fingerprint, so
#: one fingerprint is one reference)
_POLICIES: dict[str, PolicyRef] = {}
_CIRCLES: dict[str, Confidentiality] = {}
_STATUS = {s.value: s for s in Status}
_ROLES = {r.value: r for r in AssignmentRole}
_OUTCOMES = {o.value: o for o in ReviewOutcome}


def learn_policy(ref: PolicyRef) -> None:
    """Remember a policy reference read from a matter's body (by its fingerprint)."""
    if len(_POLICIES) > 1024:
        _POLICIES.clear()
    _POLICIES[ref.fingerprint] = ref


def _circle(value: Any) -> Confidentiality:
    if value.__class__ is int and value == 0:
        return _OPEN
    found = _CIRCLES.get(value)
    if found is None:
        found = from_stored_json(Confidentiality, _str(value))
        if len(_CIRCLES) > 256:
            _CIRCLES.clear()
        _CIRCLES[value] = found
    return found


def _str(value: Any) -> str:
    if value.__class__ is not str:
        raise TypeError("text")
    return value


def _instant(value: Any) -> _dt.datetime:
    found = _INSTANT(value)
    if found.tzinfo is None:
        raise TypeError("naive instant")
    return found


def _maybe_instant(value: Any) -> _dt.datetime | None:
    return None if value is None else _instant(value)


def _bool(value: Any) -> bool:
    if value.__class__ is not bool:
        raise TypeError("boolean")
    return value


def _int(value: Any) -> int:
    if value.__class__ is not int:
        raise TypeError("integer")
    return value


#: the assignments read back, by their stored values (an office has few units, so few
#: distinct assignment lists: one tuple each, shared by the facts that hold it)
_UNITS: dict[tuple[tuple[Any, ...], ...], tuple[tuple[str, AssignmentRole], ...]] = {}


def _units(value: Any) -> tuple[tuple[str, AssignmentRole], ...]:
    key = tuple(map(tuple, value))
    found = _UNITS.get(key)
    if found is None:
        found = tuple((_str(u), _ROLES[role]) for u, role in key)
        if len(_UNITS) > 4096:
            _UNITS.clear()
        _UNITS[key] = found
    return found


#: the deadlines read back without returns, by their stored values (matters due the same day
#: under the same rule and not reported yet share them: one value each)
_DEADLINES: dict[tuple[Any, ...], Deadlines] = {}


def _read_deadlines(v: Any) -> Deadlines:
    (rnd, last_day, due_at, provisional, suspended, by_default, category, source, label,
     progress, final, completed, returns, awaiting) = v
    if (rnd.__class__ is not int or provisional.__class__ is not bool
            or suspended.__class__ is not bool or by_default.__class__ is not bool
            or (category is not None and category.__class__ is not str)
            or source.__class__ is not str or label.__class__ is not str
            or (awaiting is not None and awaiting.__class__ is not int)):
        raise TypeError("deadlines")
    key: tuple[Any, ...] | None = None
    if returns.__class__ is list and not returns:
        # every part's type is checked above or is text the build below reads (a value equal
        # to a key's is then of the same type: an int never equals a text, a bool is no int
        # here), so equal values read back equal deadlines
        key = (rnd, last_day, due_at, provisional, suspended, by_default, category, source,
               label, progress, final, completed, awaiting)
        try:
            found = _DEADLINES.get(key)
        except TypeError:  # a list or an object where a text belongs: refused below
            found, key = None, None
        if found is not None:
            return found
    made = Deadlines(
        round=rnd, last_day=_DAY(last_day), due_at=_instant(due_at), provisional=provisional,
        suspended=suspended, by_default=by_default, category=category, source=source,
        label=label, progress_met=None if progress is None else _instant(progress),
        final_met=None if final is None else _instant(final),
        completed_at=None if completed is None else _instant(completed),
        returns=tuple(
            Return(_int(n), _instant(at), None if day is None else _DAY(day),
                   _maybe_instant(met))
            for n, at, day, met in returns
        ) if returns.__class__ is not list or returns else (),
        awaiting=awaiting,
    )
    if key is not None:
        if len(_DEADLINES) >= 4096:
            _DEADLINES.clear()
        _DEADLINES[key] = made
    return made


#: the JSON scanner itself (what ``json.loads`` runs after its checks): a facts text is
#: read back only when it is exactly one JSON value, as :func:`facts_text` writes it
_SCAN: Callable[[str, int], tuple[Any, int]] = json.scanner.make_scanner(
    json.JSONDecoder())  # type: ignore[arg-type]  # typeshed: the context is the decoder


def read_facts(
    text: object, matter_id: str, office_id: str, version: object,
    policy_for: Callable[[str, str], PolicyRef | None],
) -> MatterFacts | None:
    """The facts a ``matter_facts`` row holds (its ``facts`` text) for its matter at
    ``version``; None when the text is not
    what :func:`facts_text` writes for this matter at this version in this format, or
    anything in it does not read back. The policy is named by its fingerprint: one read
    before (:func:`learn_policy`), else ``policy_for(fingerprint, matter_id)`` (which reads
    it from the matter's body, or gives None)."""
    if text.__class__ is not str:
        return None
    assert isinstance(text, str)
    try:
        values, end = _SCAN(text, 0)
    except (ValueError, StopIteration, RecursionError):
        return None
    if end != len(text) or values.__class__ is not list or len(values) != 19:
        return None
    (fmt, stored_id, stored_office, stored_version, prefix, year, seq, registered, lead,
     status, fingerprint, units, circle, dispatched, deadline_day, suspended, deadlines,
     returned, reviews) = values
    if (fmt.__class__ is not int or fmt != FACTS_FORMAT
            or stored_version.__class__ is not int or stored_version != version
            or stored_id != matter_id or stored_office != office_id
            or prefix.__class__ is not str or year.__class__ is not int
            or seq.__class__ is not int or lead.__class__ is not str
            or suspended.__class__ is not bool or fingerprint.__class__ is not str):
        return None
    ref = _POLICIES.get(fingerprint) or policy_for(fingerprint, matter_id)
    if ref is None or ref.fingerprint != fingerprint:
        return None
    try:
        # positional, in MatterFacts' order (test_facts_fast_paths reads every field back)
        found = MatterFacts(
            matter_id, office_id, stored_version, RegistrationNumber(prefix, year, seq),
            _instant(registered), lead, _STATUS[status], ref, _units(units), _circle(circle),
            None if dispatched is None else _instant(dispatched),
            None if deadline_day is None else _DAY(deadline_day),
            suspended,
            None if deadlines is None else _read_deadlines(deadlines),
            tuple(_instant(a) for a in returned)
            if returned.__class__ is not list or returned else (),
            tuple(Review(_int(n), _OUTCOMES[outcome], _str(opinion))
                  for n, outcome, opinion in reviews)
            if reviews.__class__ is not list or reviews else (),
        )
    except Exception:  # anything else not read back exactly: the body is read instead
        return None
    return found


def stored_instant(value: object) -> _dt.datetime | None:
    """An instant as the driver gives a :class:`~._schema.UTCDateTime` column read as it is
    stored (a datetime on PostgreSQL, SQLite's text of the UTC instant): the aware UTC
    instant, as the column type reads it; None for NULL or anything else (unknown)."""
    if value.__class__ is str:
        assert isinstance(value, str)
        try:
            return _INSTANT(value + "+00:00")  # SQLite: the naive UTC instant's text
        except ValueError:
            pass
        try:
            value = _INSTANT(value)
        except ValueError:
            return None
    if not isinstance(value, _dt.datetime):
        return None
    return value.replace(tzinfo=_dt.UTC) if value.tzinfo is None else value.astimezone(_dt.UTC)
