"""Hostile values at the value layer (issue 10.4): whatever reaches a public function of
``supervision.periods``, ``.serialization``, ``.text`` or ``.clock`` (text with lone surrogates
or NUL, huge integers, deep nesting, broken time zones, odd types), only ``SupervisionError``
subclasses come out, every ``InvalidInput`` names its field, and valid values still work."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from supervision import calendar
from supervision.calendar import SHANGHAI
from supervision.clock import FixedClock, require_aware
from supervision.domain import Event, EventKind, Matter, Status, Unit
from supervision.exceptions import (
    SHOWN_LENGTH,
    InputOutOfBounds,
    InvalidInput,
    SupervisionError,
    shown,
)
from supervision.periods import FIRST_DAY, LAST_DAY, MAX_COUNT, Deadline, Period, PeriodUnit
from supervision.serialization import from_dict, from_json, to_dict, to_json
from supervision.text import (
    MAX_TEXT_LENGTH,
    cn_date,
    cn_datetime,
    cn_weekday,
    en_date,
    en_datetime,
    holiday_name_en,
    require_text,
)

CHINA = calendar.china()
T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=SHANGHAI)
FAST = settings(max_examples=150)


class _BrokenZone(dt.tzinfo):
    """A tzinfo whose offset is out of range, so every use of it raises ValueError."""

    def utcoffset(self, when: dt.datetime | None) -> dt.timedelta:
        return dt.timedelta(hours=30)

    def dst(self, when: dt.datetime | None) -> dt.timedelta | None:
        return None

    def tzname(self, when: dt.datetime | None) -> str:
        return "broken"

    def __repr__(self) -> str:
        return "_BrokenZone()"


class _Unprintable:
    """An object whose repr fails."""

    def __repr__(self) -> str:
        raise RuntimeError("no repr")


def _nested_list(levels: int) -> list[Any]:
    value: list[Any] = []
    for _ in range(levels):
        value = [value]
    return value


#: Text with every code point, lone surrogates and NUL included, plus some near-periods.
hostile_text = st.text(st.characters(exclude_categories=()), max_size=30) | st.sampled_from(
    ["", "\x00", "\ud800", "\udfff", "3个工作日\x00", "1\ud800日", "15日", "次日", "立即",
     "9" * 150 + "日", "100000日", "3 个 工 作 日"]
)
hostile_ints = st.integers() | st.sampled_from(
    [0, -1, 2**63, -(2**63) - 1, 10**18, 10**400, 10**4000]
)
zones = st.sampled_from([
    dt.UTC, SHANGHAI, _BrokenZone(),
    dt.timezone(dt.timedelta(hours=23, minutes=59)),
    dt.timezone(-dt.timedelta(hours=23, minutes=59)),
])
#: Datetimes over datetime's whole range: naive, aware in extreme offsets, or in a broken zone,
#: and datetime's first and last instants in every zone.
any_datetimes = st.one_of(
    st.datetimes(),
    st.builds(lambda d, z: d.replace(tzinfo=z), st.datetimes(), zones),
    st.builds(lambda d, z: d.replace(tzinfo=z),
              st.sampled_from([dt.datetime.min, dt.datetime.max]), zones),
)
json_values = st.recursive(
    st.none() | st.booleans() | hostile_ints | st.floats() | hostile_text,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(hostile_text, inner, max_size=4),
    max_leaves=10,
)
odd_values = st.one_of(
    st.none(), st.booleans(), hostile_ints, st.floats(), hostile_text, st.binary(max_size=8),
    st.dates(), st.sampled_from([dt.date.min, dt.date.max]), any_datetimes, st.times(),
    st.timedeltas(), st.decimals(),
    st.sampled_from(list(PeriodUnit)), st.just(_Unprintable()), st.builds(object),
    st.integers(1, 3_000).map(_nested_list), json_values,
)
periods = st.sampled_from(list(PeriodUnit)).flatmap(
    lambda unit: st.integers(1, MAX_COUNT[unit]).map(lambda n: Period(unit, n))
)
#: Public value classes to read hostile JSON into.
classes = st.sampled_from([Period, Deadline, Unit, Event, Matter])


def only_library_errors(call: Callable[[], object]) -> None:
    """Run ``call``: returning or raising a SupervisionError passes (an InvalidInput must name
    its field and have a message); any other exception escapes and fails the test."""
    try:
        call()
    except SupervisionError as error:
        caught = error
    else:
        return
    assert str(caught)
    if isinstance(caught, InvalidInput):
        assert isinstance(caught.field, str)
        assert caught.field


# ------------------------------------------------------------------------------ periods
@FAST
@given(odd_values)
def test_period_constructors_raise_only_library_errors(n: Any) -> None:
    """Period.days/working_days/months/hours and the bare constructor, given anything."""
    for make in (Period.days, Period.working_days, Period.months, Period.hours):
        only_library_errors(lambda make=make: make(n))  # type: ignore[misc]
    for unit in PeriodUnit:
        only_library_errors(lambda unit=unit: Period(unit, n))  # type: ignore[misc]
    only_library_errors(lambda: Period(n, 3))


@FAST
@given(odd_values)
def test_period_parse_raises_only_library_errors(text: Any) -> None:
    """Period.parse of any text (surrogates, NUL, long numbers) or any other value."""
    only_library_errors(lambda: Period.parse(text))


@FAST
@given(periods, st.one_of(odd_values, st.dates(), any_datetimes),
       st.sampled_from([CHINA, calendar.china(provisional=True)]))
def test_counting_from_any_start_raises_only_library_errors(
    period: Period, start: Any, cal: calendar.Calendar
) -> None:
    """period.deadline(start, calendar) with starts over datetime's whole range."""
    only_library_errors(lambda: period.deadline(start, cal))


@FAST
@given(periods, st.times() | st.times(timezones=zones) | odd_values, odd_values)
def test_counting_with_any_close_or_calendar_raises_only_library_errors(
    period: Period, close: Any, cal: Any
) -> None:
    """period.deadline(start, calendar, close) given anything as the closing time or calendar."""
    only_library_errors(lambda: period.deadline(T0, CHINA, close))
    only_library_errors(lambda: period.deadline(T0, cal))


@FAST
@given(odd_values, st.sampled_from(["period", "start", "last_day", "nominal_last_day", "due_at",
                                    "provisional", "steps_zh", "steps_en"]))
def test_deadline_values_raise_only_library_errors(value: Any, field: str) -> None:
    """A Deadline rebuilt with any value in one field, then used, or asked if overdue at it."""
    good = Period.days(3).deadline(dt.date(2026, 3, 2), CHINA)

    def use() -> None:
        bad = attrs.evolve(good, **{field: value})
        assert isinstance(bad.start_day, dt.date)
        assert isinstance(bad.explain(), str)

    only_library_errors(use)
    only_library_errors(lambda: good.is_overdue(value))


# ------------------------------------------------------------------------------ text
@FAST
@given(odd_values, odd_values)
def test_text_helpers_raise_only_library_errors(value: Any, omit_year: Any) -> None:
    """cn_date & co. and require_text, given anything as the value and as omit_year."""
    for helper in (cn_date, cn_datetime):
        only_library_errors(lambda helper=helper: helper(value, omit_year=omit_year))
    for simple in (cn_weekday, en_date, en_datetime, holiday_name_en):
        only_library_errors(lambda simple=simple: simple(value))
    only_library_errors(lambda: require_text(value, "note"))


# ------------------------------------------------------------------------------ clock
@FAST
@given(odd_values, st.sampled_from(["days", "hours", "weeks", "seconds"]) | hostile_text)
def test_clock_raises_only_library_errors(value: Any, unit: str) -> None:
    """FixedClock(value), set(value), advance(unit=value) and require_aware(value)."""
    only_library_errors(lambda: FixedClock(value))
    only_library_errors(lambda: FixedClock(T0).set(value))
    only_library_errors(lambda: FixedClock(T0).advance(**{unit: value}))
    only_library_errors(lambda: require_aware(value, "now"))


# ------------------------------------------------------------------------------ serialization
def _json_texts() -> st.SearchStrategy[Any]:
    valid = [to_json(Period.days(3)), to_json(Unit.create("u-1", "经济发展局")),
             to_json(Event("e", "m", EventKind.REGISTERED, "p", T0, None, Status.DRAFT, 1))]
    mutated = st.builds(
        lambda text, cut, insert: text[:cut] + insert + text[cut:],
        st.sampled_from(valid), st.integers(0, 200),
        st.sampled_from(['\\ud800', '\\u0000', "[", "{", "]", "NaN", "1e400", "9" * 30, '"',
                         "-", "\x00", "\ud800"]) | hostile_text,
    )
    deep = st.builds(lambda n, open_, close: open_ * n + close * n, st.integers(1, 20_000),
                     st.sampled_from(["[", '{"a":[']), st.sampled_from(["]", "]}"]))
    dumped = json_values.map(lambda v: json.dumps(v, ensure_ascii=False))
    text = st.one_of(mutated, deep, dumped, hostile_text)
    return text | text.map(lambda t: t.encode("utf-8", "surrogatepass")) | odd_values


@FAST
@given(classes, _json_texts())
def test_from_json_raises_only_library_errors(cls: type, text: Any) -> None:
    """from_json of broken, deep, mutated or non-standard JSON text, str or bytes."""
    only_library_errors(lambda: from_json(cls, text))


@FAST
@given(classes | odd_values, json_values | odd_values)
def test_from_dict_raises_only_library_errors(cls: Any, data: Any) -> None:
    """from_dict of any data into any class, and with anything passed as the class."""
    only_library_errors(lambda: from_dict(cls, data))


@FAST
@given(odd_values, st.sampled_from(["event_id", "occurred_at", "status_before", "version",
                                    "due_at", "details"]))
def test_writing_a_value_with_an_odd_field_raises_only_library_errors(
    value: Any, field: str
) -> None:
    """to_dict / to_json of an Event holding any value in a field, and of non-values."""
    event = attrs.evolve(
        Event("e", "m", EventKind.REGISTERED, "p", T0, None, Status.DRAFT, 1), **{field: value}
    )
    only_library_errors(lambda: to_json(event))
    only_library_errors(lambda: to_dict(value))


# ------------------------------------------------------------------------------ valid values
@FAST
@given(periods)
def test_every_period_within_the_bounds_parses_back_from_its_label(period: Period) -> None:
    """Counts from 1 to MAX_COUNT of every unit are periods, and their labels read back."""
    assert period == Period.parse(period.label)


#: From 1992, as in test_serialization: Shanghai kept daylight saving time until 1991, and
#: Python never calls a wall time in a DST gap or fold equal to an instant in another zone.
@FAST
@given(st.datetimes(min_value=dt.datetime(1992, 1, 1), max_value=dt.datetime(2899, 12, 31),
                    timezones=st.sampled_from([dt.UTC, SHANGHAI])),
       st.integers(1, MAX_COUNT[PeriodUnit.HOURS]))
def test_hours_from_any_start_in_range_end_n_hours_later(start: dt.datetime, n: int) -> None:
    """Within the bounds an hour period needs no calendar and is exact, and it round-trips."""
    deadline = Period.hours(n).deadline(start, CHINA)
    assert start + dt.timedelta(hours=n) == deadline.due_at
    assert deadline == from_json(Deadline, to_json(deadline))


@FAST
@given(st.dates(min_value=FIRST_DAY, max_value=LAST_DAY))
def test_every_day_in_range_is_written_as_gb_t_9704_text(day: dt.date) -> None:
    """Each day from 1900 to 2999 is written with the full year and no leading zeros."""
    assert f"{day.year}年{day.month}月{day.day}日" == cn_date(day)


@FAST
@given(st.text(st.characters(exclude_characters="\x00", exclude_categories=("Cs",)), max_size=50))
def test_require_text_accepts_any_storable_text(text: str) -> None:
    """Text without NUL or lone surrogates (Hypothesis never draws those here) is returned."""
    assert text == require_text(text, "note")


# ------------------------------------------------------------------------------ specific rules
def test_require_text_refuses_a_lone_surrogate_naming_the_field() -> None:
    """A lone surrogate cannot be encoded as UTF-8, so a note holding one is refused."""
    with pytest.raises(InvalidInput) as caught:
        require_text("办理情况\ud800", "note")
    assert "note" == caught.value.field
    assert "U+D800" in str(caught.value)


def test_require_text_refuses_nul() -> None:
    """PostgreSQL cannot store NUL, so text holding one is refused."""
    with pytest.raises(InvalidInput) as caught:
        require_text("a\x00b", "title")
    assert "title" == caught.value.field


def test_require_text_refuses_text_over_its_maximum_length() -> None:
    """One character more than MAX_TEXT_LENGTH is InputOutOfBounds, with the limit."""
    with pytest.raises(InputOutOfBounds) as caught:
        require_text("字" * (MAX_TEXT_LENGTH + 1), "note")
    assert MAX_TEXT_LENGTH == caught.value.limit


def test_require_text_can_refuse_blank_text() -> None:
    """With allow_empty=False whitespace alone is refused."""
    with pytest.raises(InvalidInput):
        require_text(" \t", "title", allow_empty=False)


def test_text_helpers_refuse_what_is_not_a_date() -> None:
    """cn_date of an ISO string is InvalidInput naming day, not AttributeError."""
    with pytest.raises(InvalidInput) as caught:
        cn_date("2026-09-30")  # type: ignore[arg-type]
    assert "day" == caught.value.field


def test_a_broken_time_zone_is_refused_naming_the_field() -> None:
    """A tzinfo whose offset is out of range is InvalidInput for now, not ValueError."""
    with pytest.raises(InvalidInput) as caught:
        FixedClock(dt.datetime(2026, 3, 2, tzinfo=_BrokenZone()))
    assert "now" == caught.value.field


def test_advancing_a_clock_past_the_year_9999_is_refused() -> None:
    """A step that would overflow datetime is InputOutOfBounds (delta), and the clock stays."""
    clock = FixedClock(T0)
    with pytest.raises(InputOutOfBounds) as caught:
        clock.advance(days=3_000_000)
    assert ("delta", T0) == (caught.value.field, clock.now())


def test_shown_keeps_a_short_value_as_it_is() -> None:
    """A value with a short repr is quoted unchanged."""
    assert [1, "二"] == shown([1, "二"])


def test_shown_summarises_a_long_string_with_its_length() -> None:
    """A string far longer than SHOWN_LENGTH is replaced by its type, length and start."""
    summary = shown("长" * 10_000)
    assert summary.startswith("<str of 10000 characters: '长长")
    assert len(summary) < 2 * SHOWN_LENGTH


def test_shown_describes_a_value_whose_repr_fails() -> None:
    """An object whose repr raises is described by its type name."""
    assert "<_Unprintable that cannot be shown>" == shown(_Unprintable())


def test_shown_describes_nesting_too_deep_to_print() -> None:
    """A list nested 100,000 deep cannot be printed; the error quotes a description."""
    assert "<list that cannot be shown>" == shown(_nested_list(100_000))
