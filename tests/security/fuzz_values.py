"""Hostile values for the fuzz suite: what a careless or malicious caller could pass to any
argument, by the argument's kind, and good values spoiled in one field.

Lone surrogates, NUL, huge and negative integers, floats that are not numbers, deep nesting,
wrong types, None where a tuple is expected, dates and instants at datetime's limits and
outside the calendar's years, values whose ``repr`` fails, and attrs values (a registration,
report content, a sign-off …) with one field replaced by any of these. A :class:`Policy` is
passed whole, never spoiled inside: it is the integrator's code, checked when it is defined.
"""

from __future__ import annotations

import datetime as dt
import decimal
from typing import Any

import attrs
from builders import CLERK
from hypothesis import strategies as st

from supervision.calendar import SHANGHAI
from supervision.domain import Actor, Role, Status
from supervision.domain.policy import Policy

_NESTED: list[Any] = []
for _ in range(3000):
    _NESTED = [_NESTED]


class BrokenZone(dt.tzinfo):
    """A tzinfo whose offset is out of range: any use of it raises ValueError."""

    def utcoffset(self, when: dt.datetime | None) -> dt.timedelta:
        return dt.timedelta(hours=30)

    def dst(self, when: dt.datetime | None) -> dt.timedelta | None:
        return None

    def tzname(self, when: dt.datetime | None) -> str:
        return "broken"


class Unprintable:
    """Its repr fails."""

    def __repr__(self) -> str:
        raise RuntimeError("no repr")


class Hashless:
    """Unhashable."""

    __hash__ = None  # type: ignore[assignment]


ANY = st.sampled_from([
    None, True, False, 0, -1, 2**31, 2**63, -(2**63) - 1, 10**400, 1.5, float("nan"),
    float("inf"), "", " ", "\x00", "\ud800", "a\udfffb", b"bytes", bytearray(b"x"), [], [None],
    (), (None,), {}, {"a": 1}, set(), frozenset({"x"}), object(), Unprintable(), Hashless(),
    Status.DRAFT, Role.AUDITOR, dt.date.min, dt.date.max, dt.datetime.max,
    dt.datetime.min.replace(tzinfo=dt.UTC), decimal.Decimal("NaN"), _NESTED, iter(()),
])
TEXT = st.text(st.characters(exclude_categories=()), max_size=30) | st.sampled_from([
    "\x00", "\ud800", "办理\udfff", "字" * 100_001, "\u202e反转", "=HYPERLINK(\"http://x\")",
    "9" * 5000, "x" * 129, " \t\n",
])
INTS = st.integers() | st.sampled_from([0, -1, 2**31, 2**63, 10**18, 10**400, True])
DAYS = st.dates() | st.sampled_from([dt.date.min, dt.date.max, dt.date(1899, 12, 31),
                                     dt.date(3000, 1, 1)]) | st.datetimes()
ZONES = st.sampled_from([dt.UTC, SHANGHAI, BrokenZone(),
                         dt.timezone(dt.timedelta(hours=23, minutes=59)),
                         dt.timezone(-dt.timedelta(hours=23, minutes=59))])
INSTANTS = st.one_of(
    st.datetimes(),
    st.builds(lambda d, z: d.replace(tzinfo=z), st.datetimes(), ZONES),
    st.builds(lambda d, z: d.replace(tzinfo=z),
              st.sampled_from([dt.datetime.min, dt.datetime.max]), ZONES),
)
#: Actors no check admitted: built with the bare constructor.
RAW_ACTORS = st.sampled_from([
    Actor("clerk-1", frozenset({"office_clerk"}), None, "", "office-a"),  # type: ignore[arg-type]
    Actor("\ud800", frozenset({Role.OFFICE_CLERK}), None, "", "office-a"),
    Actor("clerk-1", frozenset({Role.OFFICE_CLERK}), None, "", "\x00"),
    Actor("clerk-1", frozenset({Role.OFFICE_CLERK}), None, "", 123),  # type: ignore[arg-type]
    Actor("clerk-1", None, None, "", "office-a"),  # type: ignore[arg-type]
    Actor("liaison", frozenset({Role.UNIT_LIAISON}), ["unit-a"], "",  # type: ignore[arg-type]
          "office-a"),
    Actor("clerk-1", frozenset({Role.OFFICE_CLERK}), None, "", "office-a",
          None),  # type: ignore[arg-type]
    Actor(None, frozenset({Role.OFFICE_CLERK}), None, "", "office-a"),  # type: ignore[arg-type]
    attrs.evolve(CLERK, office_id="no-such-office"),
    attrs.evolve(CLERK, office_id=None),
    attrs.evolve(CLERK, read_offices=frozenset({"\ud800", "x" * 1000})),
])

_KINDS: dict[str, st.SearchStrategy[Any]] = {
    "text": TEXT,
    "id": TEXT | st.sampled_from(["x" * 129, "m" * 100_000, "f-open\x00", "../../etc"]),
    "int": INTS,
    "bool": st.sampled_from([0, 1, "true", None, 2]),
    "day": DAYS,
    "instant": INSTANTS,
    "actor": RAW_ACTORS,
}

#: Each parameter name the entry points use, by kind of value.
PARAMETER_KINDS = {
    **dict.fromkeys(("opinion", "note", "reason", "text", "next_steps", "measure",
                     "reference", "name", "numbering_prefix", "reasons", "place", "worker",
                     "template"), "text"),
    **dict.fromkeys(("matter_id", "unit_id", "parent_id", "reinspection_of", "office_id",
                     "key", "entry_key", "conclusion", "objection_id", "notice_key"), "id"),
    **dict.fromkeys(("number", "horizon_days", "batch_size", "lookback_days",
                     "expected_version", "max_notices"), "int"),
    **dict.fromkeys(("accept", "grant", "linked", "claim"), "bool"),
    **dict.fromkeys(("effective_from", "requested_day", "granted_day", "redo_due_day"), "day"),
    **dict.fromkeys(("as_of", "at", "since", "until", "interview_at"), "instant"),
    "actor": "actor",
}


def _field_values() -> st.SearchStrategy[Any]:
    return ANY | TEXT | INTS | DAYS | INSTANTS


def spoiled(value: Any, depth: int = 2) -> st.SearchStrategy[Any]:
    """``value`` with one part replaced by a hostile value: an attrs value's field (or a
    field of a field), an element of a list or tuple, or a mapping's value."""
    if attrs.has(type(value)) and depth and not isinstance(value, Policy):
        fields = [f.name for f in attrs.fields(type(value))]

        def replace(name: str, new: Any) -> Any:
            return attrs.evolve(value, **{name: new})

        inner = st.sampled_from(fields).flatmap(
            lambda name: st.one_of(
                _field_values(),
                spoiled(getattr(value, name), depth - 1),
            ).map(lambda new, name=name: replace(name, new))  # type: ignore[misc]
        )
        return inner
    if isinstance(value, list | tuple) and value and depth:
        kind = type(value)
        return st.tuples(st.integers(0, len(value) - 1),
                         _field_values() | spoiled(value[0], depth - 1)).map(
            lambda pair: kind([*value[:pair[0]], pair[1], *value[pair[0] + 1:]]))
    if isinstance(value, list | tuple) and depth:
        return st.lists(_field_values(), min_size=1, max_size=3).map(type(value))
    return _field_values()


def hostile(name: str, good: Any) -> st.SearchStrategy[Any]:
    """A hostile value for the parameter ``name`` whose good value is ``good``."""
    kind = PARAMETER_KINDS.get(name)
    found = ANY | spoiled(good)
    if kind is not None:
        found = found | _KINDS[kind]
    if isinstance(good, list | tuple) or name.endswith("s"):
        found = found | st.sampled_from(["f-open", None, ("f-open", None), [["f-open"]],
                                         {"f-open": 1}, _NESTED])
    return found
