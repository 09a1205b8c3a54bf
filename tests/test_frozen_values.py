"""The hand-written frozen value classes (``supervision._frozen.Value``: Period, Deadline,
YearSchedule, CalendarCorrection and the CLI's Result) behave as the ``attrs.frozen`` classes
they replaced, so the command line can start without importing attrs. Each is compared with a
reference attrs class declared here as the library declared it before, on the same values."""

from __future__ import annotations

import copy
import datetime as dt
import inspect
import pickle
import typing
import weakref
from collections.abc import Callable, Mapping
from typing import Any

import attrs
import pytest

from supervision._calendar.kinds import DayKind
from supervision._frozen import Value
from supervision.calendar import CORRECTIONS, CalendarCorrection, YearSchedule, china
from supervision.cli._session import Result
from supervision.periods import Deadline, Period, PeriodUnit


# ------------------------------------------------------------ the attrs classes, as they were
class _Reference:
    """Namespace of the attrs declarations the library had (same names, same fields)."""

    @attrs.frozen
    class Period:
        unit: PeriodUnit
        count: int = 1

    @attrs.frozen
    class Deadline:
        period: Any
        start: dt.datetime | dt.date
        last_day: dt.date
        due_at: dt.datetime
        provisional: bool
        nominal_last_day: dt.date
        steps_zh: tuple[str, ...] = attrs.field(repr=False)
        steps_en: tuple[str, ...] = attrs.field(repr=False)

    @attrs.frozen
    class YearSchedule:
        year: int
        holidays: tuple[tuple[dt.date, str], ...]
        working_days: tuple[tuple[dt.date, str], ...]
        source: str = ""

    @attrs.frozen
    class CalendarCorrection:
        day: dt.date
        kind: DayKind
        holiday: str
        notice_year: int
        notice: str
        title: str
        words: str
        note: str = ""

    @attrs.frozen
    class Result:
        data: Mapping[str, Any]
        text: str = ""


def _deadline() -> Deadline:
    return Period.working_days(3).deadline(dt.date(2026, 9, 30), china())


def _samples() -> list[tuple[Callable[[], Any], type]]:
    return [
        (lambda: Period.working_days(3), _Reference.Period),
        (lambda: Period.hours(24), _Reference.Period),
        (_deadline, _Reference.Deadline),
        (lambda: Period.months(1).deadline(
            dt.datetime(2026, 1, 31, 9, tzinfo=dt.UTC), china(), dt.time(17, 30)),
         _Reference.Deadline),
        (lambda: china().notice(2026), _Reference.YearSchedule),
        (lambda: YearSchedule(2030, ((dt.date(2030, 1, 1), "元旦"),), ()), _Reference.YearSchedule),
        (lambda: CORRECTIONS[0], _Reference.CalendarCorrection),
        (lambda: Result({"command": "deadline"}, "text"), _Reference.Result),
        (lambda: Result({}), _Reference.Result),
    ]


def _as_reference(value: Value, reference: type) -> Any:
    """The same fields in the reference attrs class (a Period inside a Deadline stays one)."""
    return reference(**{name: getattr(value, name) for name in type(value)._fields})


_IDS = [f"{ref.__name__}-{i}" for i, (_, ref) in enumerate(_samples())]


@pytest.fixture(params=range(len(_samples())), ids=_IDS)
def pair(request: pytest.FixtureRequest) -> tuple[Value, Any]:
    make, reference = _samples()[request.param]
    value = make()
    assert value is not None
    return value, _as_reference(value, reference)


# ------------------------------------------------------------------------------ the tests
def test_a_value_class_is_declared_with_the_reference_classes_fields_and_constructor() -> None:
    """Same field names in order, same defaults, repr and init flags, the same constructor
    signature and the same field types (what the JSON converters read)."""
    pairs: list[tuple[Any, Any]] = [(Period, _Reference.Period), (Deadline, _Reference.Deadline),
                                    (YearSchedule, _Reference.YearSchedule),
                                    (CalendarCorrection, _Reference.CalendarCorrection),
                                    (Result, _Reference.Result)]
    for cls, reference in pairs:
        described = [(f.name, f.default, f.repr, f.init, f.alias) for f in attrs.fields(cls)]
        expected = [(f.name, f.default, f.repr, f.init, f.alias)
                    for f in attrs.fields(reference)]
        assert expected == described
        assert reference.__match_args__ == cls.__match_args__
        assert attrs.has(cls)
        mine = inspect.signature(cls).parameters
        theirs = inspect.signature(reference).parameters
        assert [(p.name, p.default, p.kind) for p in theirs.values()] == [
            (p.name, p.default, p.kind) for p in mine.values()]
        hints, reference_hints = typing.get_type_hints(cls), typing.get_type_hints(reference)
        names = [f.name for f in attrs.fields(reference)]
        if cls is not Deadline:  # the reference types Deadline.period as Any (no cycle)
            assert {n: reference_hints[n] for n in names} == {n: hints[n] for n in names}
        else:
            assert Period is hints["period"]


def test_a_value_compares_hashes_and_prints_as_the_attrs_class_did(pair: tuple[Any, Any]) -> None:
    """repr (hidden fields left out), equality with an equal value and not with a changed
    one, never equal to another class, and a hash that agrees with equality."""
    value, reference = pair
    assert repr(reference).removeprefix("_Reference.") == repr(value)
    twin = copy.copy(value)
    assert (value == twin, value != twin) == (reference == copy.copy(reference),
                                               reference != copy.copy(reference))
    assert (value == reference, value != reference) == (False, True)
    assert (value == object(), value != object()) == (False, True)
    assert value.__eq__(object()) is NotImplemented
    for name in type(value)._fields:  # each field counts: one changed, the values differ
        variant = copy.copy(value)
        variant.__setstate__({name: "changed"})
        assert (False, True) == (value == variant, value != variant), name
        assert (False, True) == (reference == attrs.evolve(reference, **{name: "changed"}),
                                 reference != attrs.evolve(reference, **{name: "changed"}))
    try:
        expected_hash: int | None = hash(reference)
    except TypeError:
        expected_hash = None
    if expected_hash is None:
        with pytest.raises(TypeError):
            hash(value)
    else:
        assert hash(value) == hash(twin)


def test_a_value_refuses_assignment_and_deletion_as_the_attrs_class_did(
        pair: tuple[Any, Any]) -> None:
    """Setting or deleting a field (or any attribute) raises attrs' FrozenInstanceError."""
    value, reference = pair
    for target in (value, reference):
        for name in (type(value)._fields[0], "no_such_field"):
            with pytest.raises(attrs.exceptions.FrozenInstanceError):
                setattr(target, name, 1)
            with pytest.raises(attrs.exceptions.FrozenInstanceError):
                delattr(target, name)
    assert not hasattr(value, "__dict__")
    assert weakref.ref(value)() is value


def test_a_value_pickles_copies_and_converts_as_the_attrs_class_did(
        pair: tuple[Any, Any]) -> None:
    """pickle, copy, deepcopy give an equal value; attrs.asdict and astuple give what they
    give for the reference class; attrs.evolve rebuilds through the checking constructor."""
    value, reference = pair
    for again in (pickle.loads(pickle.dumps(value)), copy.copy(value), copy.deepcopy(value)):
        assert type(value) is type(again)
        assert value == again
    assert attrs.asdict(reference) == attrs.asdict(value)
    assert attrs.astuple(reference) == attrs.astuple(value)
    assert value == attrs.evolve(value)
    first = type(value)._fields[0]
    same = getattr(value, first)
    assert attrs.evolve(value, **{first: same}) == value.__replace__(**{first: same})


def test_evolve_checks_the_new_fields_as_the_constructor_does() -> None:
    """attrs.evolve on a Period or a Deadline goes through their checks (named fields)."""
    from supervision.exceptions import InvalidInput

    with pytest.raises(InvalidInput) as period:
        attrs.evolve(Period.days(3), count=0)  # type: ignore[misc]
    with pytest.raises(InvalidInput) as deadline:
        attrs.evolve(_deadline(), due_at="2026-10-11")  # type: ignore[misc]
    assert ("count", "due_at") == (period.value.field, deadline.value.field)
    with pytest.raises(InvalidInput) as replaced:  # copy.replace on Python 3.13
        Period.days(3).__replace__(count=0)
    assert "count" == replaced.value.field
    assert Period.days(5) == Period.days(3).__replace__(count=5)


def test_a_value_class_must_list_its_fields_in_order_and_in_slots() -> None:
    """A subclass whose _fields and __slots__ disagree (or that has fewer than two fields) is
    refused when it is declared."""
    with pytest.raises(TypeError):
        type("Bad", (Value,), {"__slots__": ("a", "b"), "_fields": ("a",)})
    with pytest.raises(TypeError):
        type("Bad", (Value,), {"__slots__": ("a", "b"), "_fields": ("a", "c")})
    good = type("Good", (Value,), {"__slots__": ("a", "b"), "_fields": ("b", "a")})
    assert ("b", "a") == good.__match_args__  # type: ignore[attr-defined]


def test_a_subclass_of_a_value_class_keeps_its_fields_as_an_attrs_subclass_does() -> None:
    """A subclass declared without fields of its own (as one may subclass an attrs class)
    has the fields, equality and checks of its base."""

    class Later(Period):
        pass

    @attrs.frozen
    class LaterReference(_Reference.Period):
        pass

    later = Later(PeriodUnit.DAYS, 3)
    assert [f.name for f in attrs.fields(LaterReference)] == [f.name for f in attrs.fields(Later)]
    assert (later == Later(PeriodUnit.DAYS, 3), later == Period.days(3)) == (True, False)
    assert repr(LaterReference(PeriodUnit.DAYS, 3)).replace("LaterReference", "Later") == repr(
        later)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        later.count = 4  # type: ignore[misc]


def test_an_attrs_subclass_of_a_value_class_describes_its_own_fields() -> None:
    """A host may derive an attrs class from a value class, as it could from the attrs class
    it replaced: attrs sees the base's fields and the subclass's own (the metaclass must not
    hide the subclass's description), and the bare base ``Value`` is no attrs class."""
    @attrs.frozen
    class Wider(Period):  # type: ignore[misc]
        extra: int = 0

    wide = Wider(unit=Period.days(1).unit, count=3, extra=1)
    assert ["unit", "count", "extra"] == [f.name for f in attrs.fields(Wider)]
    assert ["unit", "count"] == [f.name for f in attrs.fields(Period)]
    assert (3, 1) == (wide.count, wide.extra)
    assert not attrs.has(Value)
