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
    "facts_from_values",
    "facts_text",
    "fingerprint_of",
    "learn_policy",
    "parse",
    "policy_known",
    "remembered",
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


def policy_known(fingerprint: str) -> bool:
    """Whether the policy reference with this fingerprint was read already."""
    return fingerprint in _POLICIES


def learn_policy(ref: PolicyRef) -> None:
    """Remember a policy reference read from a matter's body (by its fingerprint)."""
    if len(_POLICIES) > 1024:
        _POLICIES.clear()
    _POLICIES[ref.fingerprint] = ref


def parse(text: str | None) -> list[Any] | None:
    """The values of a ``facts`` text (None: none, or not JSON of the facts' shape)."""
    if text is None:
        return None
    try:
        values = json.loads(text)
    except ValueError:
        return None
    return values if values.__class__ is list and len(values) == 19 else None


def fingerprint_of(values: list[Any]) -> str | None:
    """The policy fingerprint the parsed facts name."""
    found = values[10]
    return found if found.__class__ is str else None


def _circle(value: Any) -> Confidentiality:
    if value == 0:
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


def _read_deadlines(v: list[Any]) -> Deadlines:
    (rnd, last_day, due_at, provisional, suspended, by_default, category, source, label,
     progress, final, completed, returns, awaiting) = v
    if category is not None:
        _str(category)
    return Deadlines(
        round=_int(rnd), last_day=_DAY(last_day), due_at=_instant(due_at),
        provisional=_bool(provisional), suspended=_bool(suspended),
        by_default=_bool(by_default), category=category, source=_str(source),
        label=_str(label), progress_met=_maybe_instant(progress),
        final_met=_maybe_instant(final), completed_at=_maybe_instant(completed),
        returns=tuple(
            Return(_int(n), _instant(at), None if day is None else _DAY(day),
                   _maybe_instant(met))
            for n, at, day, met in returns
        ),
        awaiting=None if awaiting is None else _int(awaiting),
    )


#: facts read back, by the text they were read from (which names the matter, its office and
#: version): the same text always reads back as the same facts, so a text seen again is not
#: parsed again (bounded: forgotten all at once when full)
_READ: dict[str, MatterFacts] = {}
_READ_LIMIT = 250_000


def remembered(matter_id: str, office_id: str, version: int, text: str | None
               ) -> MatterFacts | None:
    """The facts read back before from exactly this row (None: not seen). The text names
    the matter, its office and version, so equal texts read back as equal facts; the row's
    own key columns are compared too."""
    found = None if text is None else _READ.get(text)
    if found is None or found.matter_id != matter_id or found.version != version:
        return None
    return found if found.office_id == office_id else None


def facts_from_values(
    values: list[Any] | None, matter_id: str, office_id: str, version: int, *,
    text: str | None = None,
) -> MatterFacts | None:
    """The facts a ``matter_facts`` row holds (:func:`parse` of its ``text``) for its matter
    at ``version``; None when there are none, of another format or version, naming a
    policy not read yet (:func:`policy_known`), or anything not read back. With ``text``,
    what is read back is remembered (:func:`remembered`)."""
    found = _facts_from_values(values, matter_id, office_id, version)
    if found is not None and text is not None:
        if len(_READ) >= _READ_LIMIT:
            _READ.clear()
        _READ[text] = found
    return found


def _facts_from_values(
    values: list[Any] | None, matter_id: str, office_id: str, version: int
) -> MatterFacts | None:
    if values is None:
        return None
    try:
        (fmt, stored_id, stored_office, stored_version, prefix, year, seq, registered, lead,
         status, policy, units, circle, dispatched, deadline_day, suspended, deadlines,
         returned, reviews) = values
        if (fmt != FACTS_FORMAT or stored_version != version or version.__class__ is not int
                or stored_id != matter_id or stored_office != office_id):
            return None
        ref = _POLICIES.get(policy)
        if ref is None:
            return None
        return MatterFacts(
            matter_id=matter_id, office_id=office_id, version=version,
            number=RegistrationNumber(_str(prefix), _int(year), _int(seq)),
            registered_at=_instant(registered), lead_unit_id=_str(lead),
            status=_STATUS[status], policy=ref,
            units=tuple((_str(u), _ROLES[role]) for u, role in units),
            confidentiality=_circle(circle),
            dispatched_at=_maybe_instant(dispatched),
            deadline_day=None if deadline_day is None else _DAY(deadline_day),
            suspended=_bool(suspended),
            deadlines=None if deadlines is None else _read_deadlines(deadlines),
            returned_at=tuple(_instant(a) for a in returned),
            reviews=tuple(Review(_int(n), _OUTCOMES[outcome], _str(opinion))
                          for n, outcome, opinion in reviews),
        )
    except Exception:
        return None
