"""Writing the library's own values (``supervision._encoded``, what the SQL adapter stores and
``check_value`` checks with) gives exactly what :func:`supervision.serialization.to_dict` and
:func:`~supervision.serialization.to_json` give: the same dict and the same text, byte for
byte, for matters of every status and shape, their events, registrations, units, offices,
escalations and score entries; and for a value with any part replaced by a hostile one, the
same value or the same error. ``check_value`` (written by the fast writers, read back only where
reading can refuse) refuses and accepts exactly what writing with ``to_dict`` and reading the
whole back with ``from_dict`` refuses and accepts (issue 16 #4, #2)."""

from __future__ import annotations

import copy
import datetime as dt
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest
from builders import CLERK, T0, World, registration
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_stored_json import EVENTS, MATTERS

from supervision._encoded import dumps, to_stored_dict
from supervision._encoded_text import to_stored_json
from supervision.domain import Event, Matter, Registration, Status
from supervision.domain._text import _unstorable_text, check_value
from supervision.domain.lifecycle import Action
from supervision.exceptions import InputOutOfBounds, InvalidInput
from supervision.periods import Period
from supervision.serialization import from_dict, to_dict, to_json
from supervision.service_layer import sweep

sys.path.insert(0, str(Path(__file__).parent / "security"))
from fuzz_values import ANY, DAYS, INSTANTS, INTS, TEXT, BrokenZone


def _records() -> list[Any]:
    """Escalations and score entries a sweep records over matters that missed deadlines."""
    world = World("chizhou-2021")
    made = [world.dispatched(), world.dispatched(co_unit_ids=("unit-b",))]
    world.clock.advance(days=40)
    sweep.sweep(world.uow(), world.ctx)
    uow = world.uow()
    with uow:
        ids = [m.id for m in made]
        escalations = [e for found in uow.escalations.for_matters(ids).values() for e in found]
        scores = [s for found in uow.scores.for_matters(ids).values() for s in found]
        office = uow.offices.get(CLERK.office_id)
        units = uow.units.list(CLERK.office_id)
    assert escalations
    assert scores
    return [*escalations, *scores, office, *units]


VALUES: list[Any] = [*MATTERS, *EVENTS, *_records(), registration(),
                     registration(co_unit_ids=("unit-b",), deadline=None, category="会议")]


def _outcome(write: Callable[[Any], Any], value: Any) -> tuple[Any, ...]:
    try:
        return ("value", write(value))
    except Exception as error:  # the same exception, whatever it is
        return ("error", type(error), str(error), getattr(error, "field", None))


@pytest.mark.parametrize("value", VALUES, ids=[type(v).__name__ for v in VALUES])
def test_a_value_is_written_byte_for_byte_as_to_json_writes_it(value: Any) -> None:
    """The same dict as to_dict, the same text as to_json (and as the dict dumped)."""
    assert to_dict(value) == to_stored_dict(value)
    assert to_json(value) == to_stored_json(value)
    assert to_json(value) == dumps(to_stored_dict(value))


def test_the_values_cover_every_status_and_every_stored_class() -> None:
    from supervision.domain.escalation import Escalation
    from supervision.domain.model import Unit
    from supervision.domain.office import Office
    from supervision.domain.scoring import ScoreEntry

    assert set(Status) == {v.status for v in VALUES if isinstance(v, Matter)}
    kinds = {type(v) for v in VALUES}
    assert {Matter, Event, Escalation, ScoreEntry, Office, Unit, Registration} <= kinds


def test_the_library_s_values_are_written_without_to_dict(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """What the library stores is written by the generated writers themselves (to_dict and
    to_json, which would hide a wrong writer behind their own answer, are not called)."""
    import supervision.serialization as serialization

    expected = [(to_dict(v), to_json(v)) for v in VALUES]

    def refused(value: Any) -> Any:
        raise AssertionError(f"to_dict called for a {type(value).__name__}")

    monkeypatch.setattr(serialization, "to_dict", refused)
    monkeypatch.setattr(serialization, "to_json", refused)
    assert expected == [(to_stored_dict(v), to_stored_json(v)) for v in VALUES]


# ------------------------------------------------------------------ altered values
def _reference_check(value: Any, cls: type, field: str) -> Any:
    """``check_value`` as it was: to_dict, from_dict of everything, then the NUL walk."""
    if not isinstance(value, cls):
        raise InvalidInput(field, f"a supervision {cls.__name__}", value)
    try:
        data = to_dict(value)
        from_dict(cls, data)
    except InvalidInput as error:
        inner = f"{field}.{error.field}" if error.field else field
        if isinstance(error, InputOutOfBounds):
            raise InputOutOfBounds(inner, error.expected, error.got,
                                   limit=error.limit) from None
        raise InvalidInput(inner, error.expected, error.got) from None
    found = _unstorable_text(data, "")
    if found is not None:
        raise InvalidInput(f"{field}.{found[0]}" if found[0] else field,
                           "text without NUL characters", found[1])
    return value


class _Text(str):
    """A str subclass: to_dict refuses it where a str belongs."""


class _Instant(dt.datetime):
    """A datetime subclass."""


_EDGES: tuple[Any, ...] = (
    None, True, 0, 1, 2**63, -(2**63) - 1, 1.5, float("nan"), "", "a\x00b", "\ud800",
    _Text("x"), [], (), ("a",), (("a", "b"),), ["a", "b"], ("a", "b", "c"), ("a", "\ud800"),
    (_Text("x"), "b"), ("a", 1), frozenset({"x"}), {"a": 1},
    dt.date(1899, 12, 31), dt.date(1900, 1, 1), dt.date(2999, 12, 31), dt.date(3000, 1, 1),
    dt.datetime(2026, 3, 2, 9), dt.datetime(2026, 3, 2, 9, tzinfo=BrokenZone()),
    dt.datetime(1900, 1, 1, tzinfo=dt.timezone(dt.timedelta(hours=8))),
    dt.datetime(1900, 1, 1, 1, tzinfo=dt.UTC), dt.datetime(2999, 12, 31, 17, tzinfo=dt.UTC),
    dt.datetime(2999, 12, 31, 15, 59, tzinfo=dt.UTC),
    dt.datetime(2026, 3, 2, 9, tzinfo=dt.timezone(dt.timedelta(hours=8, microseconds=1))),
    _Instant(2026, 3, 2, 9, tzinfo=dt.UTC), T0, Status.DRAFT, Action.APPROVE,
    Period.days(3), object(),
)


def _paths(value: Any, prefix: tuple[Any, ...] = (), depth: int = 3
           ) -> Iterator[tuple[Any, ...]]:
    """Every field of ``value`` (and of its parts, items of tuples) to ``depth`` levels."""
    if depth == 0:
        return
    if attrs.has(type(value)):
        for field in attrs.fields(type(value)):
            yield (*prefix, field.name)
            yield from _paths(getattr(value, field.name), (*prefix, field.name), depth - 1)
    elif isinstance(value, tuple):
        for i, item in enumerate(value):
            yield (*prefix, i)
            yield from _paths(item, (*prefix, i), depth - 1)


def _replaced(value: Any, path: tuple[Any, ...], new: Any) -> Any:
    """``value`` with the part at ``path`` replaced, constructors and validators bypassed
    (as hostile code could build it)."""
    if not path:
        return new
    head, rest = path[0], path[1:]
    if isinstance(value, tuple):
        return (*value[:head], _replaced(value[head], rest, new), *value[head + 1:])
    changed = copy.copy(value)
    object.__setattr__(changed, head, _replaced(getattr(value, head), rest, new))
    return changed


_RICH_MATTER = MATTERS[-2]  # the joint matter: most nested parts filled in
_RICH_REGISTRATION = registration(
    co_unit_ids=("unit-b",), deadline=None, category="会议",
    milestones=(), supervising_leader="leader-1")


@pytest.mark.parametrize("value", [_RICH_MATTER, _RICH_REGISTRATION, EVENTS[-1]],
                         ids=["matter", "registration", "event"])
def test_every_part_set_to_each_edge_value_is_written_and_checked_as_before(
        value: Any) -> None:
    """Every field (and field of a field, item of a tuple) set in turn to each edge value —
    wrong types, subclasses of str and datetime, naive and broken instants, the first and last
    instants and days, 64-bit bounds, lone surrogates, NUL, a Period whose count its
    constructor refuses: the same dict or error as to_dict, the same text or error as to_json,
    the same result or error of check_value as writing and reading it whole."""
    cls = type(value)
    differing = []
    paths = list(_paths(value))
    assert len(paths) > 10
    for path in paths:
        for new in _EDGES:
            altered = _replaced(value, path, new)
            if _outcome(to_dict, altered) != _outcome(to_stored_dict, altered):
                differing.append(("dict", path, new))
            if _outcome(to_json, altered) != _outcome(to_stored_json, altered):
                differing.append(("json", path, new))
            if (_outcome(lambda v: _reference_check(v, cls, "v"), altered)
                    != _outcome(lambda v: check_value(v, cls, "v"), altered)):
                differing.append(("check", path, new))
    assert [] == differing


def test_a_period_its_constructor_refuses_is_refused_by_check_value() -> None:
    """A part whose own constructor checks it (Period's count) is read back: a registration
    whose deadline period was set to a count Period refuses is refused, naming the field."""
    bad = _replaced(registration(), ("deadline", "period", "count"), -5)
    with pytest.raises(InvalidInput) as refused:
        check_value(bad, Registration, "registration")
    with pytest.raises(InvalidInput) as before:
        _reference_check(bad, Registration, "registration")
    assert before.value.field == refused.value.field
    assert refused.value.field.startswith("registration.deadline.period")


_SPOILED = [(value, path) for value in (_RICH_MATTER, _RICH_REGISTRATION, EVENTS[-1])
            for path in _paths(value)]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(_SPOILED), ANY | TEXT | INTS | DAYS | INSTANTS)
def test_a_spoiled_value_is_written_and_checked_as_before(
        where: tuple[Any, tuple[Any, ...]], new: Any) -> None:
    """Any part of a rich matter, registration or event replaced by any of the fuzz suite's
    hostile values (constructors bypassed): the same outcome from the fast writers and check
    as from to_dict, to_json and the whole read."""
    value = _replaced(where[0], where[1], new)
    assert _outcome(to_dict, value) == _outcome(to_stored_dict, value)
    assert _outcome(to_json, value) == _outcome(to_stored_json, value)
    for cls in (Matter, Registration, Event):
        assert (_outcome(lambda v, c=cls: _reference_check(v, c, "v"), value)
                == _outcome(lambda v, c=cls: check_value(v, c, "v"), value))


def test_a_subclass_of_the_checked_class_is_read_back_as_the_class() -> None:
    """check_value of an instance of a subclass (with a field of its own) gives what writing
    it and reading it back as the class gives: refused, the extra field named."""

    @attrs.frozen
    class Wider(Period):  # type: ignore[misc]
        extra: int = 0

    wide = Wider(unit=Period.days(1).unit, count=3, extra=1)
    assert (_outcome(lambda v: _reference_check(v, Period, "p"), wide)
            == _outcome(lambda v: check_value(v, Period, "p"), wide))
    assert "error" == _outcome(lambda v: check_value(v, Period, "p"), wide)[0]


def test_a_policy_reference_changed_in_place_is_written_anew() -> None:
    """The text of a policy reference is remembered by the identity of its fields: one whose
    parameters were replaced (bypassing its constructor) is written from its new fields."""
    matter = MATTERS[0]
    before = to_stored_json(matter)
    policy = copy.copy(matter.policy)
    object.__setattr__(policy, "parameters", (*policy.parameters, ("extra", "1")))
    changed = _replaced(matter, ("policy",), policy)
    assert to_json(changed) == to_stored_json(changed)
    assert before != to_stored_json(changed)
    object.__setattr__(policy, "parameters", (("x", _Text("y")),))
    assert _outcome(to_json, changed) == _outcome(to_stored_json, changed)
    assert "error" == _outcome(to_stored_json, changed)[0]


def test_an_instant_written_again_is_written_as_to_json_writes_it() -> None:
    """The last instant of a fixed zone written is remembered by identity: the same object
    written again (a matter's registration and change, its event) gives to_json's text, an
    equal instant of another zone or object its own, and an instant of a zone whose offset
    may change between calls is written anew each time."""
    import zoneinfo

    class Shifting(dt.tzinfo):
        """A zone whose offset its owner moves between writes."""

        hours = 1

        def utcoffset(self, _when: dt.datetime | None) -> dt.timedelta:
            return dt.timedelta(hours=self.hours)

        def dst(self, _when: dt.datetime | None) -> dt.timedelta:
            return dt.timedelta(0)

    shanghai = dt.datetime(2026, 3, 2, 9, tzinfo=zoneinfo.ZoneInfo("Asia/Shanghai"))
    utc = shanghai.astimezone(dt.UTC)
    zone = Shifting()
    shifting = dt.datetime(2026, 3, 2, 9, tzinfo=zone)
    event = EVENTS[-1]
    texts = []
    for hours, when in enumerate((shanghai, utc, shanghai, shifting, shifting, utc, shifting)):
        zone.hours = hours
        changed = attrs.evolve(event, occurred_at=when, due_at=None)  # its only instant
        assert _outcome(to_json, changed) == _outcome(to_stored_json, changed)
        assert _outcome(to_dict, changed) == _outcome(to_stored_dict, changed)
        texts.append(to_stored_dict(changed)["occurred_at"])
    assert texts == ["2026-03-02T09:00:00+08:00", "2026-03-02T01:00:00+00:00",
                     "2026-03-02T09:00:00+08:00", "2026-03-02T09:00:00+03:00",
                     "2026-03-02T09:00:00+04:00", "2026-03-02T01:00:00+00:00",
                     "2026-03-02T09:00:00+06:00"]
