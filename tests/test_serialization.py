"""JSON for value objects and events: every public class round-trips, leaf types are written
as documented (ISO 8601 with offset, Decimal as string, enums by value) and bad input is
refused with the path of the field."""

from __future__ import annotations

import datetime as dt
import decimal
import enum
import json
import types
import typing

import attrs
import pytest
from builders import CHINA, CLERK, LEADER, LIAISON_A, World, progress_content
from hypothesis import given
from hypothesis import strategies as st
from strategies import prefixes

import supervision.domain as domain_module
import supervision.periods as periods_module
from supervision import policies
from supervision.calendar import SHANGHAI, YearSchedule
from supervision.domain import (
    Actor,
    CalendarChoice,
    Confidentiality,
    Event,
    EventKind,
    Matter,
    Office,
    OfficeEvent,
    OfficeEventKind,
    Policy,
    PolicyRef,
    PolicyTerm,
    ReasonKind,
    RegistrationNumber,
    Role,
    Status,
    Unit,
    UnitKind,
)
from supervision.exceptions import InputOutOfBounds, InvalidInput, NaiveDatetime
from supervision.periods import Deadline, Period, PeriodUnit
from supervision.serialization import (
    _HOOKS,
    MAX_JSON_DEPTH,
    MAX_JSON_LENGTH,
    _converter,
    from_dict,
    from_json,
    to_dict,
    to_json,
)
from supervision.service_layer import services

T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=SHANGHAI)

#: From 1992: Shanghai kept daylight saving time until 1991, and Python never calls a wall time
#: in a DST gap or fold equal to the same instant in another zone (PEP 495).
aware_datetimes = st.datetimes(
    min_value=dt.datetime(1992, 1, 1), max_value=dt.datetime(2090, 12, 31),
    timezones=st.sampled_from([SHANGHAI, dt.UTC, dt.timezone(dt.timedelta(hours=-5, minutes=-30))]),
)
periods = st.builds(
    lambda unit, n: Period(unit, n if unit.name.endswith("S") else 1),
    st.sampled_from(list(PeriodUnit)),
    st.integers(1, 400),
)
numbers = st.builds(RegistrationNumber.of, prefixes, st.integers(1900, 2999), st.integers(1, 10**6))
short_text = st.text(st.characters(exclude_characters="\x00", codec="utf-8"), max_size=12)
events = st.builds(
    Event,
    event_id=short_text,
    matter_id=short_text,
    kind=st.sampled_from(list(EventKind)),
    actor_id=short_text,
    occurred_at=aware_datetimes,
    status_before=st.none() | st.sampled_from(list(Status)),
    status_after=st.sampled_from(list(Status)),
    version=st.integers(1, 10**6),
    due_at=st.none() | aware_datetimes,
    details=st.lists(st.tuples(short_text, short_text), max_size=4).map(tuple),
)


#: Public attrs classes that are not values exchanged as JSON: a Policy is a regulation
#: written in code (it carries a ``rebuild`` function); what a matter or an office stores is
#: its PolicyRef, and a policy is rendered with ``supervision.domain.policy.snapshot``.
NOT_JSON_VALUES: frozenset[type] = frozenset({Policy})


def _public_attrs_classes() -> list[type]:
    found: list[type] = []
    for module in (domain_module, periods_module):
        for name in module.__all__:
            value = getattr(module, name)
            if isinstance(value, type) and attrs.has(value) and value not in NOT_JSON_VALUES:
                found.append(value)
    return found


def _rich_world_matter(step: int) -> tuple[World, Matter]:
    """A joint matter taken through acknowledgement, a progress report, an explanation, an
    extension and a suspension: most nested parts of the aggregate filled in."""
    world = World()
    matter = world.dispatched(co_unit_ids=("unit-b",))
    services.acknowledge(world.uow(), world.ctx, LIAISON_A, matter.id)
    services.report_progress(world.uow(), world.ctx, LIAISON_A, matter.id, progress_content())
    world.clock.advance(hours=step)
    services.explain(world.uow(), world.ctx, LIAISON_A, matter.id, ReasonKind.OBJECTIVE, "雨季停工")
    services.decide_explanation(world.uow(), world.ctx, CLERK, matter.id, 1, accept=True)
    due = world.stored(matter.id).due
    assert due is not None
    services.request_extension(
        world.uow(), world.ctx, LIAISON_A, matter.id, due.last_day + dt.timedelta(days=10),
        "工期顺延",
    )
    services.decide_extension(world.uow(), world.ctx, LEADER, matter.id, 1, grant=True)
    services.suspend(world.uow(), world.ctx, CLERK, matter.id, reason="暂缓")
    world.clock.advance(hours=48)
    services.resume(world.uow(), world.ctx, CLERK, matter.id)
    return world, world.stored(matter.id)


# ------------------------------------------------------------------------- round trips
def test_every_public_value_class_has_a_converter() -> None:
    """Every attrs class the domain and periods modules export can be written and read."""
    classes = _public_attrs_classes()
    assert {Matter, Office, OfficeEvent, PolicyRef, PolicyTerm, CalendarChoice} <= set(classes)
    for cls in classes:
        assert callable(_converter(cls)[0])


def test_a_matter_through_its_whole_handling_round_trips() -> None:
    """A matter with reports, an explanation, an extension and a suspension reads back equal,
    and so does every event recorded for it."""
    world, matter = _rich_world_matter(3)
    assert matter == from_json(Matter, to_json(matter))
    assert 1 == len(matter.extensions)
    assert 1 == len(matter.explanations)
    assert 1 == len(matter.suspensions)
    for event in world.events(matter.id):
        assert event == from_json(Event, to_json(event))


@given(st.sampled_from(["draft", "dispatched", "reported", "completed", "closed"]),
       st.booleans(), st.booleans())
def test_matters_at_every_stage_round_trip(stage: str, joint: bool, controlled: bool) -> None:
    """Matters at each stage of the lifecycle, joint or not, controlled or not, round-trip."""
    world = World()
    extra: dict[str, object] = {}
    if joint:
        extra["co_unit_ids"] = ("unit-b",)
    if controlled:
        extra["confidentiality"] = Confidentiality.controlled(
            ["clerk-1", "head-a", "liaison-a", "leader-1"],
            [Role.DISCIPLINE_INSPECTION, Role.AUDITOR],
        )
    matter = getattr(world, stage)(**extra)
    assert matter == from_dict(Matter, to_dict(matter))
    assert to_json(matter) == to_json(from_json(Matter, to_json(matter)))


@given(events)
def test_events_round_trip_as_the_same_instants(event: Event) -> None:
    """Any event, with datetimes in any offset, reads back equal (the same instants)."""
    assert event == from_json(Event, to_json(event))


@given(periods)
def test_periods_round_trip(period: Period) -> None:
    """Every period unit and count round-trips."""
    assert period == from_json(Period, to_json(period))


@given(numbers)
def test_registration_numbers_round_trip_as_gb_t_9704_text(number: RegistrationNumber) -> None:
    """Inside an aggregate a number is its GB/T 9704 text; alone it round-trips too."""
    assert number == from_json(RegistrationNumber, to_json(number))
    world = World()
    matter = attrs.evolve(world.draft(), number=number)
    assert str(number) == to_dict(matter)["number"]


@given(st.dates(min_value=dt.date(2026, 1, 2), max_value=dt.date(2026, 10, 31)),
       st.integers(1, 30))
def test_deadlines_round_trip(start: dt.date, n: int) -> None:
    """A computed Deadline, with its explanation steps, round-trips."""
    deadline = Period.working_days(n).deadline(start, CHINA)
    assert deadline == from_json(Deadline, to_json(deadline))


def test_an_office_with_two_policy_terms_and_its_calendar_choices_round_trips() -> None:
    """An office keeps its policy history, closing time, supplied holiday notice and
    provisional choice through JSON."""
    daoli = policies.get("daoli-2017")
    notice = YearSchedule.build(2027, {dt.date(2027, 1, 1): "元旦"}, source="国办发明电")
    office = Office.create(
        "daoli", "道里区人民政府督查室", numbering_prefix="哈里政督",
        policy=PolicyRef.of(daoli), effective_from=dt.date(2017, 12, 20), recorded_at=T0,
        recorded_by="system:bootstrap",
        calendar=CalendarChoice.of(close_time=dt.time(17, 30), schedules=(notice,),
                                   provisional=True),
    ).with_policy(PolicyTerm(PolicyRef.of(daoli.with_parameters(extensions_enabled=True)),
                             dt.date(2026, 4, 1), T0, "leader-1", "启用延期"))
    assert office == from_json(Office, to_json(office))
    assert 2 == len(office.policies)


def test_office_events_round_trip() -> None:
    """An office's recorded change, with its details, reads back equal."""
    event = OfficeEvent("daoli", 2, OfficeEventKind.POLICY_CHANGED, "leader-1", T0,
                        (("policy", "daoli-2017"), ("reason", "新办法印发")))
    assert event == from_json(OfficeEvent, to_json(event))


def test_a_policy_reference_with_altered_parameters_is_refused() -> None:
    """A recorded parameter changed behind the fingerprint's back is refused on reading, so
    a matter cannot silently come to live under other rules."""
    data = to_dict(PolicyRef.of(policies.get("daoli-2017")))
    data["parameters"] = [
        [name, "true" if name == "extensions_enabled" else value]
        for name, value in data["parameters"]
    ]
    with pytest.raises(InvalidInput) as caught:
        from_dict(PolicyRef, data)
    assert "policy.fingerprint" == caught.value.fields["field"]


def test_units_and_actors_round_trip() -> None:
    """Units (with liaisons, in their office) and actors (with a frozenset of roles, their
    office and the offices they read) round-trip."""
    unit = attrs.evolve(
        Unit.create("u-1", "经济发展局", UnitKind.DEPARTMENT, liaison_ids=("p-1", "p-2")),
        office_id="daoli",
    )
    actor = Actor.of("p-1", Role.UNIT_LIAISON, Role.UNIT_HEAD, office_id="daoli", unit_id="u-1",
                     name="张三", read_offices=("city", "tongren"))
    assert unit == from_json(Unit, to_json(unit))
    assert actor == from_json(Actor, to_json(actor))


# ------------------------------------------------------------------------- leaf formats
def test_aware_datetimes_are_written_as_iso_8601_with_offset() -> None:
    """A Shanghai instant is written with +08:00 and read back as the same instant."""
    event = Event("e", "m", EventKind.REGISTERED, "p", T0, None, Status.DRAFT, 1)
    assert "2026-03-02T09:00:00+08:00" == to_dict(event)["occurred_at"]
    utc = dict(to_dict(event), occurred_at="2026-03-02T01:00:00+00:00")
    assert T0 == from_dict(Event, utc).occurred_at


def test_enums_are_written_by_value_and_tuples_as_lists() -> None:
    """Enums are their value, never the Chinese label; details are lists of pairs."""
    event = Event("e", "m", EventKind.REGISTERED, "p", T0, None, Status.DRAFT, 1,
                  details=(("unit", "u-1"),))
    data = to_dict(event)
    assert ("registered", "draft", None) == (data["kind"], data["status_after"],
                                              data["status_before"])
    assert [["unit", "u-1"]] == data["details"]


def test_dates_are_written_as_iso_dates() -> None:
    """A date is written as YYYY-MM-DD."""
    deadline = Period.days(15).deadline(dt.date(2026, 3, 2), CHINA)
    assert "2026-03-17" == to_dict(deadline)["last_day"]
    assert "2026-03-02" == to_dict(deadline)["start"]


def test_decimals_are_written_as_strings() -> None:
    """A Decimal is written as its exact string and read back exactly."""
    dump, load = _converter(decimal.Decimal)
    assert "0.10" == dump(decimal.Decimal("0.10"), "score")
    assert decimal.Decimal("0.10") == load("0.10", "score")
    with pytest.raises(InvalidInput):
        load(0.1, "score")


def test_json_text_is_compact_utf8_with_sorted_keys() -> None:
    """Chinese stays readable in the text and equal values give equal text."""
    unit = Unit.create("u-1", "经济发展局")
    text = to_json(unit)
    assert "经济发展局" in text
    assert list(json.loads(text)) == sorted(json.loads(text))


# ------------------------------------------------------------------------- bad input
def test_a_naive_datetime_in_json_is_refused() -> None:
    """An ISO date-time without offset raises NaiveDatetime naming the field."""
    event = Event("e", "m", EventKind.REGISTERED, "p", T0, None, Status.DRAFT, 1)
    data = dict(to_dict(event), occurred_at="2026-03-02T09:00:00")
    with pytest.raises(NaiveDatetime) as caught:
        from_dict(Event, data)
    assert "occurred_at" == caught.value.fields["field"]


def test_a_naive_datetime_is_refused_when_writing() -> None:
    """A value holding a naive datetime cannot be written."""
    event = Event("e", "m", EventKind.REGISTERED, "p", dt.datetime(2026, 3, 2), None,
                  Status.DRAFT, 1)
    with pytest.raises(NaiveDatetime):
        to_json(event)


def test_a_bad_nested_field_is_reported_with_its_path() -> None:
    """A wrong enum value deep in a matter names the path to it."""
    world = World()
    data = to_dict(world.draft())
    data["assignments"][0]["role"] = "boss"
    with pytest.raises(InvalidInput) as caught:
        from_dict(Matter, data)
    assert "assignments[0].role" == caught.value.fields["field"]


def test_unknown_and_missing_fields_are_refused() -> None:
    """An unknown field or a missing required one raises InvalidInput."""
    data = to_dict(Unit.create("u-1", "经济发展局"))
    with pytest.raises(InvalidInput) as unknown:
        from_dict(Unit, dict(data, colour="red"))
    assert "Unit.colour" == unknown.value.fields["field"]
    del data["name"]
    with pytest.raises(InvalidInput) as missing:
        from_dict(Unit, data)
    assert "name" == missing.value.fields["field"]


def test_a_bool_is_not_accepted_as_an_int() -> None:
    """JSON true is not a version number."""
    event = Event("e", "m", EventKind.REGISTERED, "p", T0, None, Status.DRAFT, 1)
    with pytest.raises(InvalidInput):
        from_dict(Event, dict(to_dict(event), version=True))


def test_a_malformed_registration_number_is_refused() -> None:
    """A number with a leading zero (not GB/T 9704) is refused on reading."""
    data = to_dict(World().draft())
    data["number"] = "池开督〔2026〕01号"
    with pytest.raises(InvalidInput) as caught:
        from_dict(Matter, data)
    assert "number" == caught.value.fields["field"]


def test_a_period_of_zero_is_refused() -> None:
    """A period read from JSON is checked like one built by its constructor."""
    with pytest.raises(InvalidInput):
        from_json(Period, '{"unit": "日", "count": 0}')


def test_text_that_is_not_json_is_refused() -> None:
    """Broken JSON raises InvalidInput, not a bare ValueError from the json module."""
    with pytest.raises(InvalidInput):
        from_json(Unit, "{not json")


# ------------------------------------------------------------------------- bounds on input
def _schema_depth(hint: object) -> int:
    """Levels of JSON arrays and objects a value of type ``hint`` can nest."""
    if hint in _HOOKS or (isinstance(hint, type) and issubclass(hint, enum.Enum)):
        return 0
    args = [a for a in typing.get_args(hint) if a is not type(None) and a is not Ellipsis]
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        return max(_schema_depth(a) for a in args)
    if origin is not None:
        return 1 + max((_schema_depth(a) for a in args), default=0)
    assert isinstance(hint, type)
    hints = typing.get_type_hints(hint)
    return 1 + max((_schema_depth(hints[f.name]) for f in attrs.fields(hint) if f.init), default=0)


def _nested(levels: int, inner: str = "1") -> str:
    return "[" * levels + inner + "]" * levels


def test_every_public_class_nests_well_inside_the_depth_limit() -> None:
    """No value the library writes comes near MAX_JSON_DEPTH, so the limit refuses only
    hostile text."""
    deepest = max(_schema_depth(cls) for cls in _public_attrs_classes())
    assert deepest < MAX_JSON_DEPTH // 2


def test_arrays_nested_a_hundred_thousand_deep_are_refused_not_recursing() -> None:
    """The fuzz of issue 10.4: deep arrays raise InputOutOfBounds (json), not RecursionError."""
    with pytest.raises(InputOutOfBounds) as caught:
        from_json(Period, _nested(100_000))
    assert ("json", MAX_JSON_DEPTH) == (caught.value.field, caught.value.limit)


def test_objects_nested_one_level_too_deep_are_refused() -> None:
    """MAX_JSON_DEPTH + 1 levels, far below Python's recursion limit, are refused all the same."""
    text = '{"a":' * (MAX_JSON_DEPTH + 1) + "1" + "}" * (MAX_JSON_DEPTH + 1)
    with pytest.raises(InputOutOfBounds) as caught:
        from_json(Unit, text)
    assert "json" == caught.value.field


def test_nesting_at_the_depth_limit_is_read_and_judged_by_its_fields() -> None:
    """Exactly MAX_JSON_DEPTH levels pass the depth check; the wrong shape is then refused."""
    with pytest.raises(InvalidInput) as caught:
        from_json(Period, _nested(MAX_JSON_DEPTH))
    assert not isinstance(caught.value, InputOutOfBounds)
    assert "Period" == caught.value.field


def test_text_longer_than_the_maximum_is_refused_and_summarised() -> None:
    """JSON text over MAX_JSON_LENGTH is refused unread; the error quotes a short summary."""
    text = '{"name": "' + "长" * MAX_JSON_LENGTH + '"}'
    with pytest.raises(InputOutOfBounds) as caught:
        from_json(Unit, text)
    assert "json" == caught.value.field
    assert len(str(caught.value)) < 1_000


def test_nan_and_infinity_are_not_json() -> None:
    """Python's json reads NaN; standard JSON has no such token, so it is refused."""
    with pytest.raises(InvalidInput) as caught:
        from_json(Period, '{"unit": "日", "count": NaN}')
    assert "json" == caught.value.field


def test_a_lone_surrogate_in_a_string_is_refused_naming_the_path() -> None:
    """A \\ud800 escape reads as a lone surrogate, which no UTF-8 store can hold."""
    with pytest.raises(InvalidInput) as caught:
        from_json(Unit, to_json(Unit.create("u-1", "经济发展局")).replace("经济", "\\ud800"))
    assert "name" == caught.value.field


def test_a_lone_surrogate_is_refused_when_writing() -> None:
    """A value holding a lone surrogate cannot be written as JSON text."""
    event = Event("e", "m", EventKind.REGISTERED, "p", T0, None, Status.DRAFT, 1,
                  details=(("note", "坏\udc00"),))
    with pytest.raises(InvalidInput) as caught:
        to_json(event)
    assert "details[0][1]" == caught.value.field


def test_a_surrogate_pair_escape_is_one_character_and_accepted() -> None:
    """\\ud83d\\ude00 is a valid pair (😀), not a lone surrogate."""
    unit = from_json(Unit, to_json(Unit.create("u-1", "经济")).replace("经济", "\\ud83d\\ude00"))
    assert "😀" == unit.name


def test_an_integer_beyond_64_bits_is_refused_naming_the_path() -> None:
    """Integers are stored in 64-bit columns; 2**63 in a version is InputOutOfBounds."""
    event = Event("e", "m", EventKind.REGISTERED, "p", T0, None, Status.DRAFT, 1)
    with pytest.raises(InputOutOfBounds) as caught:
        from_dict(Event, dict(to_dict(event), version=2**63))
    assert "version" == caught.value.field


def test_an_integer_of_5000_digits_is_refused_as_json() -> None:
    """Python will not read integers of more than 4300 digits: InvalidInput, not ValueError."""
    with pytest.raises(InvalidInput) as caught:
        from_json(Period, '{"unit": "日", "count": ' + "9" * 5000 + "}")
    assert "json" == caught.value.field


def test_a_count_beyond_the_maximum_is_refused_naming_count() -> None:
    """A period read from JSON is bounded like one built in code, at the path of its count."""
    with pytest.raises(InputOutOfBounds) as caught:
        from_json(Deadline, to_json(Period.days(3).deadline(dt.date(2026, 3, 2), CHINA))
                  .replace('"count":3', '"count":1000000'))
    assert "period.count" == caught.value.field


def test_a_date_after_2999_is_refused_naming_the_path() -> None:
    """Dates are read only from 1900-01-01 to 2999-12-31, the days periods count in."""
    data = to_dict(Period.days(3).deadline(dt.date(2026, 3, 2), CHINA))
    with pytest.raises(InputOutOfBounds) as caught:
        from_dict(Deadline, dict(data, last_day="9999-12-31"))
    assert "last_day" == caught.value.field


def test_an_instant_whose_shanghai_day_is_past_the_range_is_refused() -> None:
    """9999-12-31T23:59:59-23:59 is a valid ISO text but no Asia/Shanghai time: refused."""
    event = Event("e", "m", EventKind.REGISTERED, "p", T0, None, Status.DRAFT, 1)
    with pytest.raises(InputOutOfBounds) as caught:
        from_dict(Event, dict(to_dict(event), occurred_at="9999-12-31T23:59:59-23:59"))
    assert "occurred_at" == caught.value.field


def test_24_00_on_the_last_day_round_trips() -> None:
    """The latest instant allowed is 24:00 on 31 December 2999 (a deadline's due_at)."""
    end = dt.datetime(3000, 1, 1, tzinfo=SHANGHAI)
    event = Event("e", "m", EventKind.REGISTERED, "p", end, None, Status.DRAFT, 1)
    assert event == from_json(Event, to_json(event))


def test_a_decimal_of_huge_magnitude_is_refused() -> None:
    """1E+999999 is finite but would overflow arithmetic: InputOutOfBounds naming the field."""
    _, load = _converter(decimal.Decimal)
    with pytest.raises(InputOutOfBounds) as caught:
        load("1E+999999", "points")
    assert "points" == caught.value.field


def test_a_key_that_is_not_a_string_is_refused() -> None:
    """from_dict given a dict with an int key names the key, instead of failing to sort."""
    with pytest.raises(InvalidInput) as caught:
        from_dict(Period, {"unit": "日", "count": 3, 1: 2})
    assert "Period.<key>" == caught.value.field


def test_a_class_with_fields_it_cannot_write_is_refused_naming_cls() -> None:
    """An attrs class with a field of a type that has no converter is InvalidInput, not
    TypeError."""

    @attrs.frozen
    class Holder:
        callback: object

    with pytest.raises(InvalidInput) as caught:
        from_dict(Holder, {"callback": None})
    assert "cls" == caught.value.field


def test_text_that_is_neither_str_nor_bytes_is_refused() -> None:
    """from_json of a number (not text) raises InvalidInput naming json."""
    with pytest.raises(InvalidInput) as caught:
        from_json(Period, 15)  # type: ignore[arg-type]
    assert "json" == caught.value.field
