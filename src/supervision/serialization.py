"""JSON for every public value object and event: plain dicts, lists, strings and numbers.

OA systems talk to the library over HTTP, and the SQL adapter stores each matter as JSON text;
both use this module. It reads the fields of the frozen attrs classes by introspection and has
explicit hooks for the leaf types, so no serialization library is needed:

* aware datetimes → ISO 8601 with their offset (``2026-03-02T09:00:00+08:00``); naive ones are
  refused (:class:`~supervision.exceptions.NaiveDatetime`) both ways;
* dates and times → ISO 8601 (``2026-03-02``, ``17:30:00``);
* :class:`~decimal.Decimal` → its string (``"0.5"``), never a float;
* enums → their value (``"in_progress"``), never the Chinese label (labels may be reworded);
* :class:`~supervision.domain.model.RegistrationNumber` → its GB/T 9704 text
  (``池开督〔2026〕15号``), read back through ``RegistrationNumber.parse``;
* tuples → lists, frozensets → lists sorted for a stable text, attrs classes → objects keyed
  by field name.

Reading checks everything: an unknown or missing field, a wrong type or a bad value raises
:class:`~supervision.exceptions.InvalidInput` naming the path of the field
(``rounds[0].report.submitted_at``). Whatever the input, reading and writing raise nothing but
:class:`~supervision.exceptions.SupervisionError` subclasses. Bounds, both ways
(docs/integration.md, "Bounds on input"; :class:`~supervision.exceptions.InputOutOfBounds`):

* JSON text: at most :data:`MAX_JSON_LENGTH` characters (bytes, for bytes) and
  :data:`MAX_JSON_DEPTH` levels of arrays and objects; standard JSON only (no ``NaN``);
* strings: no lone surrogates (``"\\ud800"``: not encodable as UTF-8);
* integers: 64-bit signed; floats: finite; decimals: finite, at most 64 characters, magnitude
  below 10^18;
* dates: from :data:`~supervision.periods.FIRST_DAY` to :data:`~supervision.periods.LAST_DAY`
  (1900-01-01 to 2999-12-31); datetimes: from 1900-01-01T00:00+08:00 to 3000-01-01T00:00+08:00
  (24:00 on the last day).

    >>> from supervision.periods import Period
    >>> to_json(Period.working_days(5))
    '{"count":5,"unit":"工作日"}'
    >>> from_json(Period, '{"unit": "日", "count": 15}') == Period.days(15)
    True
"""

from __future__ import annotations

import datetime as _dt
import decimal
import enum
import functools
import json
import re
import types
import typing
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

import attrs

from supervision.domain.model import RegistrationNumber
from supervision.exceptions import InputOutOfBounds, InvalidInput, NaiveDatetime, shown
from supervision.periods import FIRST_DAY, LAST_DAY

__all__ = ["MAX_JSON_DEPTH", "MAX_JSON_LENGTH", "from_dict", "from_json", "to_dict", "to_json"]

#: The longest JSON text :func:`from_json` reads: 16 MiB (characters for str, bytes for bytes).
MAX_JSON_LENGTH = 16 * 1024 * 1024
#: The deepest nesting of arrays and objects :func:`from_json` reads (no public value class
#: nests more than 7 levels).
MAX_JSON_DEPTH = 32

_UTC8 = _dt.timezone(_dt.timedelta(hours=8))
_FIRST_INSTANT = _dt.datetime.combine(FIRST_DAY, _dt.time(0), _UTC8)
_END_INSTANT = _dt.datetime.combine(LAST_DAY + _dt.timedelta(days=1), _dt.time(0), _UTC8)
_INSTANTS = "an instant from 1900-01-01T00:00+08:00 to 3000-01-01T00:00+08:00"
_INSTANTS_LIMIT = f"{_FIRST_INSTANT.isoformat()}..{_END_INSTANT.isoformat()}"
_DAYS = f"a day from {FIRST_DAY.isoformat()} to {LAST_DAY.isoformat()}"
_DAYS_LIMIT = f"{FIRST_DAY.isoformat()}..{LAST_DAY.isoformat()}"
_INT64 = (-(2**63), 2**63 - 1)
_SURROGATE = re.compile("[\ud800-\udfff]")

T = TypeVar("T")

_Dump = Callable[[Any, str], Any]
_Load = Callable[[Any, str], Any]


class _NoConverter(TypeError):
    """A class has a field of a type this module cannot write (a programming error)."""


def _bad(path: str, expected: str, value: Any) -> InvalidInput:
    """InvalidInput at ``path``, quoting ``value`` only if it can be shown safely."""
    return InvalidInput(path, expected, shown(value))


def _relocated(error: InvalidInput, prefix: str) -> InvalidInput:
    """``error`` (of the same class) with ``prefix`` put before the field it names."""
    if not prefix:
        return error
    moved = error.__class__.__new__(error.__class__)
    moved.__dict__.update(error.__dict__)
    moved.field = prefix + error.field
    moved.fields = dict(error.fields, field=moved.field)
    moved.message = prefix + error.message
    moved.args = (moved.message,)
    return moved


# ----------------------------------------------------------------------------- leaf hooks
def _instant(value: _dt.datetime, path: str) -> _dt.datetime:
    """``value`` if it is aware and inside the instants this module reads and writes."""
    try:
        offset = value.utcoffset()
        # Offsets are under a day, so only the first and last years need the exact comparison.
        inside = offset is not None and (
            _FIRST_INSTANT.year < value.year < _END_INSTANT.year - 1
            or _FIRST_INSTANT <= value <= _END_INSTANT
        )
    except (ArithmeticError, TypeError, ValueError) as error:  # a broken tzinfo
        raise _bad(path, "a datetime whose zone gives a valid UTC offset", value) from error
    if offset is None:
        raise NaiveDatetime(path, value)
    if not inside:
        raise InputOutOfBounds(path, _INSTANTS, value, limit=_INSTANTS_LIMIT)
    return value


def _dump_datetime(value: Any, path: str) -> str:
    if not isinstance(value, _dt.datetime):
        raise _bad(path, "an aware datetime", value)
    return _instant(value, path).isoformat()


def _load_datetime(value: Any, path: str) -> _dt.datetime:
    if not isinstance(value, str):
        raise _bad(
            path, "an ISO 8601 date-time with offset, e.g. 2026-03-02T09:00:00+08:00", value
        )
    try:
        parsed = _dt.datetime.fromisoformat(value)
    except ValueError as error:
        raise _bad(
            path, "an ISO 8601 date-time with offset, e.g. 2026-03-02T09:00:00+08:00", value
        ) from error
    return _instant(parsed, path)


def _day(value: _dt.date, path: str) -> _dt.date:
    if not FIRST_DAY <= value <= LAST_DAY:
        raise InputOutOfBounds(path, _DAYS, value, limit=_DAYS_LIMIT)
    return value


def _dump_date(value: Any, path: str) -> str:
    if not isinstance(value, _dt.date) or isinstance(value, _dt.datetime):
        raise _bad(path, "a datetime.date", value)
    return _day(value, path).isoformat()


def _load_date(value: Any, path: str) -> _dt.date:
    if not isinstance(value, str) or len(value) != 10:
        raise _bad(path, "an ISO 8601 date such as 2026-03-02", value)
    try:
        parsed = _dt.date.fromisoformat(value)
    except ValueError as error:
        raise _bad(path, "an ISO 8601 date such as 2026-03-02", value) from error
    return _day(parsed, path)


def _dump_time(value: Any, path: str) -> str:
    if not isinstance(value, _dt.time):
        raise _bad(path, "a datetime.time", value)
    return value.isoformat()


def _load_time(value: Any, path: str) -> _dt.time:
    if not isinstance(value, str):
        raise _bad(path, "an ISO 8601 time such as 17:30:00", value)
    try:
        return _dt.time.fromisoformat(value)
    except ValueError as error:
        raise _bad(path, "an ISO 8601 time such as 17:30:00", value) from error


def _dump_date_or_datetime(value: Any, path: str) -> str:
    if isinstance(value, _dt.datetime):
        return _dump_datetime(value, path)
    return _dump_date(value, path)


def _load_date_or_datetime(value: Any, path: str) -> _dt.date | _dt.datetime:
    if isinstance(value, str) and len(value) > 10:
        return _load_datetime(value, path)
    return _load_date(value, path)


_DECIMALS = "a finite decimal of at most 64 characters, magnitude below 10^18"


def _bounded_decimal(value: decimal.Decimal, text: str, path: str) -> decimal.Decimal:
    if not value.is_finite():
        raise _bad(path, "a finite decimal", text)
    if len(text) > 64 or value.adjusted() >= 18:
        raise InputOutOfBounds(path, _DECIMALS, text, limit=_DECIMALS)
    return value


def _dump_decimal(value: Any, path: str) -> str:
    if not isinstance(value, decimal.Decimal):
        raise _bad(path, "a finite decimal.Decimal", value)
    text = str(value)
    _bounded_decimal(value, text, path)
    return text


def _load_decimal(value: Any, path: str) -> decimal.Decimal:
    if not isinstance(value, str):
        raise _bad(path, 'a decimal written as a string, e.g. "0.5"', value)
    if len(value) > 64:
        raise InputOutOfBounds(path, _DECIMALS, value, limit=_DECIMALS)
    try:
        parsed = decimal.Decimal(value)
    except (decimal.InvalidOperation, ValueError) as error:
        raise _bad(path, 'a decimal written as a string, e.g. "0.5"', value) from error
    return _bounded_decimal(parsed, value, path)


def _dump_number(value: Any, path: str) -> str:
    if not isinstance(value, RegistrationNumber):
        raise _bad(path, "a RegistrationNumber", value)
    return str(value)


def _load_number(value: Any, path: str) -> RegistrationNumber:
    if not isinstance(value, str):
        raise _bad(path, "a registration number such as 池开督〔2026〕15号", value)
    try:
        return RegistrationNumber.parse(value)
    except InvalidInput as error:
        raise _bad(path, error.fields["expected"], value) from error


def _scalar(kind: type) -> tuple[_Dump, _Load]:
    def check(value: Any, path: str) -> Any:
        # bool is an int subclass: accept it only where a bool is declared
        if type(value) is not kind:
            raise _bad(path, f"a JSON {_JSON_NAMES[kind]}", value)
        return value

    return check, check


def _check_str(value: Any, path: str) -> str:
    if type(value) is not str:
        raise _bad(path, "a JSON string", value)
    if not value.isascii() and _SURROGATE.search(value) is not None:
        raise _bad(path, "text without lone surrogates (不得含孤立代理项; not encodable as UTF-8)",
                   value)
    return value


def _check_int(value: Any, path: str) -> int:
    if type(value) is not int:
        raise _bad(path, "a JSON integer", value)
    if not _INT64[0] <= value <= _INT64[1]:
        raise InputOutOfBounds(path, "a 64-bit signed integer", value, limit="±2^63")
    return value


def _check_float(value: Any, path: str) -> float:
    if type(value) is not float:
        raise _bad(path, "a JSON number", value)
    if value != value or value in (float("inf"), float("-inf")):
        raise _bad(path, "a finite number", value)
    return value


_JSON_NAMES: Mapping[type, str] = {str: "string", int: "integer", bool: "boolean", float: "number"}

#: Explicit hooks for leaf types: (dump, load).
_HOOKS: Mapping[object, tuple[_Dump, _Load]] = {
    _dt.datetime: (_dump_datetime, _load_datetime),
    _dt.date: (_dump_date, _load_date),
    _dt.time: (_dump_time, _load_time),
    decimal.Decimal: (_dump_decimal, _load_decimal),
    RegistrationNumber: (_dump_number, _load_number),
    str: (_check_str, _check_str),
    int: (_check_int, _check_int),
    bool: _scalar(bool),
    float: (_check_float, _check_float),
}


#: Classes read back through their checking constructor rather than the bare attrs __init__
#: (Period checks its count in its own __init__).
_BUILDERS: Mapping[type, Callable[[dict[str, Any]], Any]] = {
    RegistrationNumber: lambda fields: RegistrationNumber.of(**fields),
}


# --------------------------------------------------------------------- composed converters
def _optional(inner: tuple[_Dump, _Load]) -> tuple[_Dump, _Load]:
    dump, load = inner

    def dump_opt(value: Any, path: str) -> Any:
        return None if value is None else dump(value, path)

    def load_opt(value: Any, path: str) -> Any:
        return None if value is None else load(value, path)

    return dump_opt, load_opt


def _enum(kind: type[enum.Enum]) -> tuple[_Dump, _Load]:
    def dump(value: Any, path: str) -> Any:
        if not isinstance(value, kind):
            raise _bad(path, f"a {kind.__name__}", value)
        return value.value

    def load(value: Any, path: str) -> Any:
        try:
            return kind(value)
        except (ValueError, TypeError) as error:
            known = ", ".join(repr(m.value) for m in kind)
            raise _bad(path, f"one of {known}", value) from error

    return dump, load


def _sequence(inner: tuple[_Dump, _Load]) -> tuple[_Dump, _Load]:
    dump, load = inner

    def dump_seq(value: Any, path: str) -> Any:
        if not isinstance(value, tuple):
            raise _bad(path, "a tuple", value)
        return [dump(item, f"{path}[{i}]") for i, item in enumerate(value)]

    def load_seq(value: Any, path: str) -> Any:
        if not isinstance(value, list):
            raise _bad(path, "a JSON array", value)
        return tuple(load(item, f"{path}[{i}]") for i, item in enumerate(value))

    return dump_seq, load_seq


def _fixed_tuple(items: tuple[tuple[_Dump, _Load], ...]) -> tuple[_Dump, _Load]:
    def dump_fixed(value: Any, path: str) -> Any:
        if not isinstance(value, tuple) or len(value) != len(items):
            raise _bad(path, f"a tuple of {len(items)} items", value)
        return [
            d(v, f"{path}[{i}]") for i, ((d, _), v) in enumerate(zip(items, value, strict=True))
        ]

    def load_fixed(value: Any, path: str) -> Any:
        if not isinstance(value, list) or len(value) != len(items):
            raise _bad(path, f"a JSON array of {len(items)} items", value)
        return tuple(
            ld(v, f"{path}[{i}]") for i, ((_, ld), v) in enumerate(zip(items, value, strict=True))
        )

    return dump_fixed, load_fixed


def _frozenset(inner: tuple[_Dump, _Load]) -> tuple[_Dump, _Load]:
    dump, load = inner

    def dump_set(value: Any, path: str) -> Any:
        if not isinstance(value, frozenset):
            raise _bad(path, "a frozenset", value)
        dumped = [dump(item, f"{path}[]") for item in value]
        return sorted(dumped, key=lambda item: json.dumps(item, sort_keys=True))

    def load_set(value: Any, path: str) -> Any:
        if not isinstance(value, list):
            raise _bad(path, "a JSON array", value)
        return frozenset(load(item, f"{path}[{i}]") for i, item in enumerate(value))

    return dump_set, load_set


def _mapping(key: tuple[_Dump, _Load], inner: tuple[_Dump, _Load]) -> tuple[_Dump, _Load]:
    dump_key, load_key = key
    dump, load = inner

    def dump_map(value: Any, path: str) -> Any:
        if not isinstance(value, Mapping):
            raise _bad(path, "a mapping", value)
        out: dict[str, Any] = {}
        for k, v in value.items():
            dumped_key = dump_key(k, f"{path}.<key>")
            if not isinstance(dumped_key, str):
                raise _bad(f"{path}.<key>", "a key that is written as a string", k)
            out[dumped_key] = dump(v, f"{path}.{dumped_key}")
        return out

    def load_map(value: Any, path: str) -> Any:
        if not isinstance(value, dict):
            raise _bad(path, "a JSON object", value)
        return {load_key(k, f"{path}.<key>"): load(v, f"{path}.{k}") for k, v in value.items()}

    return dump_map, load_map


@functools.cache
def _attrs_converter(cls: type) -> tuple[_Dump, _Load]:
    hints = typing.get_type_hints(cls)
    plan: list[tuple[str, str, _Dump, _Load, bool]] = []
    for field in attrs.fields(cls):
        if not field.init:
            continue
        dump, load = _converter(hints[field.name])
        required = field.default is attrs.NOTHING
        plan.append((field.name, field.alias or field.name, dump, load, required))
    names = frozenset(name for name, *_ in plan)

    def dump_obj(value: Any, path: str) -> Any:
        if value.__class__ is not cls:
            raise _bad(path or cls.__name__, f"a {cls.__name__}", value)
        prefix = f"{path}." if path else ""
        return {name: dump(getattr(value, name), prefix + name) for name, _, dump, _, _ in plan}

    def load_obj(value: Any, path: str) -> Any:
        where = path or cls.__name__
        if not isinstance(value, dict):
            raise _bad(where, f"a JSON object for a {cls.__name__}", value)
        extra = set(value) - names
        if extra:
            for key in extra:
                if type(key) is not str:
                    raise _bad(f"{where}.<key>", f"field names of {cls.__name__} (strings)", key)
            first = min(extra)
            raise _bad(
                f"{where}.{shown(first)}",
                f"one of the fields of {cls.__name__}: {sorted(names)}",
                value[first],
            )
        prefix = f"{path}." if path else ""
        kwargs: dict[str, Any] = {}
        for name, alias, _, load, required in plan:
            if name in value:
                kwargs[alias] = load(value[name], prefix + name)
            elif required:
                raise _bad(prefix + name, f"the field {name!r} of {cls.__name__}", None)
        build = _BUILDERS.get(cls)
        try:
            return cls(**kwargs) if build is None else build(kwargs)
        except InvalidInput as error:
            raise _relocated(error, prefix) from error

    return dump_obj, load_obj


def _converter(hint: Any) -> tuple[_Dump, _Load]:
    if hint in _HOOKS:
        return _HOOKS[hint]
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        members = [a for a in args if a is not type(None)]
        if set(members) == {_dt.date, _dt.datetime}:
            pair: tuple[_Dump, _Load] = (_dump_date_or_datetime, _load_date_or_datetime)
        elif len(members) == 1:
            pair = _converter(members[0])
        else:
            raise _NoConverter(f"supervision.serialization: no converter for the union {hint!r}")
        return _optional(pair) if len(members) < len(args) else pair
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            return _sequence(_converter(args[0]))
        return _fixed_tuple(tuple(_converter(a) for a in args))
    if origin is frozenset:
        return _frozenset(_converter(args[0]))
    if origin in (dict, Mapping) or origin is typing.get_origin(Mapping[str, str]):
        return _mapping(_converter(args[0]), _converter(args[1]))
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return _enum(hint)
    if isinstance(hint, type) and attrs.has(hint):
        return _attrs_converter(hint)
    raise _NoConverter(f"supervision.serialization: no converter for {hint!r}")


# ------------------------------------------------------------------------------ public API
def _converter_of(cls: type, field: str) -> tuple[_Dump, _Load]:
    try:
        return _attrs_converter(cls)
    except (_NoConverter, NameError) as error:  # a field type with no hook, a bad annotation
        raise _bad(field, "a value class whose fields this module can write", cls) from error


def to_dict(value: object) -> dict[str, Any]:
    """A value object or event as a JSON-ready dict (strings, numbers, booleans, None, lists
    and dicts only). Raises InvalidInput if the value holds something it cannot write (a naive
    datetime, a wrong type in a field, a value beyond the bounds in the module docstring)."""
    cls = type(value)
    if not attrs.has(cls):
        raise _bad("value", "a supervision value object (an attrs class)", value)
    dumped: dict[str, Any] = _converter_of(cls, "value")[0](value, "")
    return dumped


def from_dict(cls: type[T], data: Mapping[str, Any]) -> T:
    """Read a ``cls`` back from what :func:`to_dict` wrote; every field is checked and a bad
    one raises InvalidInput naming its path.

    Reading goes only as deep as the fields of ``cls`` do, so no nesting of ``data`` can
    exhaust the stack: the first value of the wrong shape is refused."""
    if not (isinstance(cls, type) and attrs.has(cls)):
        raise _bad("cls", "a supervision value object class (an attrs class)", cls)
    load = _converter_of(cls, "cls")[1]
    if isinstance(data, Mapping) and type(data) is not dict:
        try:
            data = dict(data)
        except Exception as error:  # a foreign mapping that cannot be read
            raise _bad("data", "a mapping whose items can be read", data) from error
    loaded: T = load(data, "")
    return loaded


def to_json(value: object) -> str:
    """:func:`to_dict` as compact JSON text (UTF-8 characters kept as they are, keys sorted,
    so equal values give equal text)."""
    return json.dumps(to_dict(value), ensure_ascii=False, sort_keys=True, separators=(",", ":"))


class _NotStandard(ValueError):
    """NaN, Infinity or -Infinity: accepted by Python's json module, not by standard JSON."""


def _refuse_constant(name: str) -> Any:
    raise _NotStandard(name)


#: One decoder for every call (json.loads with an argument builds a new one each time).
_DECODER = json.JSONDecoder(parse_constant=_refuse_constant)


def _deeper_than(data: Any, limit: int) -> bool:
    """Whether arrays and objects in ``data`` nest more than ``limit`` levels (iteratively)."""
    level = [data] if type(data) in (dict, list) else []
    depth = 0
    while level:
        depth += 1
        if depth > limit:
            return True
        below: list[Any] = []
        for container in level:
            for item in container.values() if type(container) is dict else container:
                if type(item) is dict or type(item) is list:
                    below.append(item)
        level = below
    return False


def from_json(cls: type[T], text: str | bytes) -> T:
    """Read a ``cls`` from JSON text written by :func:`to_json` (or by an OA system).

    ``text`` is a str, or bytes in UTF-8 (UTF-16 and UTF-32 are recognised too). Malformed or
    non-standard JSON raises :class:`InvalidInput` (field ``json``); text longer than
    :data:`MAX_JSON_LENGTH` or nested deeper than :data:`MAX_JSON_DEPTH` raises
    :class:`~supervision.exceptions.InputOutOfBounds`; then :func:`from_dict` checks every field.
    """
    name = cls.__name__ if isinstance(cls, type) else "value object"
    if not isinstance(text, str | bytes | bytearray):
        raise _bad("json", f"JSON text (str or bytes) for a {name}", text)
    if len(text) > MAX_JSON_LENGTH:
        raise InputOutOfBounds(
            "json", f"JSON text of at most {MAX_JSON_LENGTH} characters", text,
            limit=MAX_JSON_LENGTH,
        )
    try:
        if not isinstance(text, str):  # as json.loads does: UTF-8, -16 or -32, surrogates kept
            text = bytes(text).decode(json.detect_encoding(text), "surrogatepass")
        data = _DECODER.decode(text)
    except _NotStandard as error:
        raise _bad("json", f"standard JSON text (no {error}) for a {name}", text) from error
    except RecursionError as error:
        raise _too_deep(text) from error
    except (ValueError, TypeError) as error:  # JSONDecodeError, UnicodeDecodeError, > 4300 digits
        raise _bad("json", f"JSON text for a {name}", text) from error
    brackets = text.count("[") + text.count("{")
    if brackets > MAX_JSON_DEPTH and _deeper_than(data, MAX_JSON_DEPTH):
        raise _too_deep(text)
    return from_dict(cls, data)


def _too_deep(text: str | bytes | bytearray) -> InputOutOfBounds:
    return InputOutOfBounds(
        "json", f"JSON nested at most {MAX_JSON_DEPTH} levels deep", text, limit=MAX_JSON_DEPTH
    )
