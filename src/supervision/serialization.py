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
(``rounds[0].report.submitted_at``).

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
import types
import typing
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

import attrs

from supervision.domain.model import RegistrationNumber
from supervision.exceptions import InvalidInput, NaiveDatetime
from supervision.periods import Period

__all__ = ["from_dict", "from_json", "to_dict", "to_json"]

T = TypeVar("T")

_Dump = Callable[[Any, str], Any]
_Load = Callable[[Any, str], Any]


# ----------------------------------------------------------------------------- leaf hooks
def _dump_datetime(value: Any, path: str) -> str:
    if not isinstance(value, _dt.datetime):
        raise InvalidInput(path, "an aware datetime", value)
    if value.utcoffset() is None:
        raise NaiveDatetime(path, value)
    return value.isoformat()


def _load_datetime(value: Any, path: str) -> _dt.datetime:
    if not isinstance(value, str):
        raise InvalidInput(
            path, "an ISO 8601 date-time with offset, e.g. 2026-03-02T09:00:00+08:00", value
        )
    try:
        parsed = _dt.datetime.fromisoformat(value)
    except ValueError as error:
        raise InvalidInput(
            path, "an ISO 8601 date-time with offset, e.g. 2026-03-02T09:00:00+08:00", value
        ) from error
    if parsed.utcoffset() is None:
        raise NaiveDatetime(path, value)
    return parsed


def _dump_date(value: Any, path: str) -> str:
    if not isinstance(value, _dt.date) or isinstance(value, _dt.datetime):
        raise InvalidInput(path, "a datetime.date", value)
    return value.isoformat()


def _load_date(value: Any, path: str) -> _dt.date:
    if not isinstance(value, str) or len(value) != 10:
        raise InvalidInput(path, "an ISO 8601 date such as 2026-03-02", value)
    try:
        return _dt.date.fromisoformat(value)
    except ValueError as error:
        raise InvalidInput(path, "an ISO 8601 date such as 2026-03-02", value) from error


def _dump_time(value: Any, path: str) -> str:
    if not isinstance(value, _dt.time):
        raise InvalidInput(path, "a datetime.time", value)
    return value.isoformat()


def _load_time(value: Any, path: str) -> _dt.time:
    if not isinstance(value, str):
        raise InvalidInput(path, "an ISO 8601 time such as 17:30:00", value)
    try:
        return _dt.time.fromisoformat(value)
    except ValueError as error:
        raise InvalidInput(path, "an ISO 8601 time such as 17:30:00", value) from error


def _dump_date_or_datetime(value: Any, path: str) -> str:
    if isinstance(value, _dt.datetime):
        return _dump_datetime(value, path)
    return _dump_date(value, path)


def _load_date_or_datetime(value: Any, path: str) -> _dt.date | _dt.datetime:
    if isinstance(value, str) and len(value) > 10:
        return _load_datetime(value, path)
    return _load_date(value, path)


def _dump_decimal(value: Any, path: str) -> str:
    if not isinstance(value, decimal.Decimal) or not value.is_finite():
        raise InvalidInput(path, "a finite decimal.Decimal", value)
    return str(value)


def _load_decimal(value: Any, path: str) -> decimal.Decimal:
    if not isinstance(value, str):
        raise InvalidInput(path, 'a decimal written as a string, e.g. "0.5"', value)
    try:
        parsed = decimal.Decimal(value)
    except decimal.InvalidOperation as error:
        raise InvalidInput(path, 'a decimal written as a string, e.g. "0.5"', value) from error
    if not parsed.is_finite():
        raise InvalidInput(path, "a finite decimal", value)
    return parsed


def _dump_number(value: Any, path: str) -> str:
    if not isinstance(value, RegistrationNumber):
        raise InvalidInput(path, "a RegistrationNumber", value)
    return str(value)


def _load_number(value: Any, path: str) -> RegistrationNumber:
    if not isinstance(value, str):
        raise InvalidInput(path, "a registration number such as 池开督〔2026〕15号", value)
    try:
        return RegistrationNumber.parse(value)
    except InvalidInput as error:
        raise InvalidInput(path, error.fields["expected"], value) from error


def _scalar(kind: type) -> tuple[_Dump, _Load]:
    def check(value: Any, path: str) -> Any:
        # bool is an int subclass: accept it only where a bool is declared
        if value.__class__ is not kind:
            raise InvalidInput(path, f"a JSON {_JSON_NAMES[kind]}", value)
        return value

    return check, check


_JSON_NAMES: Mapping[type, str] = {str: "string", int: "integer", bool: "boolean", float: "number"}

#: Explicit hooks for leaf types: (dump, load).
_HOOKS: Mapping[object, tuple[_Dump, _Load]] = {
    _dt.datetime: (_dump_datetime, _load_datetime),
    _dt.date: (_dump_date, _load_date),
    _dt.time: (_dump_time, _load_time),
    decimal.Decimal: (_dump_decimal, _load_decimal),
    RegistrationNumber: (_dump_number, _load_number),
    str: _scalar(str),
    int: _scalar(int),
    bool: _scalar(bool),
    float: _scalar(float),
}


def _build_period(fields: dict[str, Any]) -> Period:
    period = Period(**fields)
    if period.count < 1:
        raise InvalidInput("count", "a whole number ≥ 1 期限须为正整数", period.count)
    return period


#: Classes read back through their checking constructor rather than the bare attrs __init__.
_BUILDERS: Mapping[type, Callable[[dict[str, Any]], Any]] = {
    RegistrationNumber: lambda fields: RegistrationNumber.of(**fields),
    Period: _build_period,
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
            raise InvalidInput(path, f"a {kind.__name__}", value)
        return value.value

    def load(value: Any, path: str) -> Any:
        try:
            return kind(value)
        except (ValueError, TypeError) as error:
            known = ", ".join(repr(m.value) for m in kind)
            raise InvalidInput(path, f"one of {known}", value) from error

    return dump, load


def _sequence(inner: tuple[_Dump, _Load]) -> tuple[_Dump, _Load]:
    dump, load = inner

    def dump_seq(value: Any, path: str) -> Any:
        if not isinstance(value, tuple):
            raise InvalidInput(path, "a tuple", value)
        return [dump(item, f"{path}[{i}]") for i, item in enumerate(value)]

    def load_seq(value: Any, path: str) -> Any:
        if not isinstance(value, list):
            raise InvalidInput(path, "a JSON array", value)
        return tuple(load(item, f"{path}[{i}]") for i, item in enumerate(value))

    return dump_seq, load_seq


def _fixed_tuple(items: tuple[tuple[_Dump, _Load], ...]) -> tuple[_Dump, _Load]:
    def dump_fixed(value: Any, path: str) -> Any:
        if not isinstance(value, tuple) or len(value) != len(items):
            raise InvalidInput(path, f"a tuple of {len(items)} items", value)
        return [
            d(v, f"{path}[{i}]") for i, ((d, _), v) in enumerate(zip(items, value, strict=True))
        ]

    def load_fixed(value: Any, path: str) -> Any:
        if not isinstance(value, list) or len(value) != len(items):
            raise InvalidInput(path, f"a JSON array of {len(items)} items", value)
        return tuple(
            ld(v, f"{path}[{i}]") for i, ((_, ld), v) in enumerate(zip(items, value, strict=True))
        )

    return dump_fixed, load_fixed


def _frozenset(inner: tuple[_Dump, _Load]) -> tuple[_Dump, _Load]:
    dump, load = inner

    def dump_set(value: Any, path: str) -> Any:
        if not isinstance(value, frozenset):
            raise InvalidInput(path, "a frozenset", value)
        dumped = [dump(item, f"{path}[]") for item in value]
        return sorted(dumped, key=lambda item: json.dumps(item, sort_keys=True))

    def load_set(value: Any, path: str) -> Any:
        if not isinstance(value, list):
            raise InvalidInput(path, "a JSON array", value)
        return frozenset(load(item, f"{path}[{i}]") for i, item in enumerate(value))

    return dump_set, load_set


def _mapping(key: tuple[_Dump, _Load], inner: tuple[_Dump, _Load]) -> tuple[_Dump, _Load]:
    dump_key, load_key = key
    dump, load = inner

    def dump_map(value: Any, path: str) -> Any:
        if not isinstance(value, Mapping):
            raise InvalidInput(path, "a mapping", value)
        out: dict[str, Any] = {}
        for k, v in value.items():
            dumped_key = dump_key(k, f"{path}.<key>")
            if not isinstance(dumped_key, str):
                raise InvalidInput(f"{path}.<key>", "a key that is written as a string", k)
            out[dumped_key] = dump(v, f"{path}.{dumped_key}")
        return out

    def load_map(value: Any, path: str) -> Any:
        if not isinstance(value, dict):
            raise InvalidInput(path, "a JSON object", value)
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
            raise InvalidInput(path or cls.__name__, f"a {cls.__name__}", value)
        prefix = f"{path}." if path else ""
        return {name: dump(getattr(value, name), prefix + name) for name, _, dump, _, _ in plan}

    def load_obj(value: Any, path: str) -> Any:
        where = path or cls.__name__
        if not isinstance(value, dict):
            raise InvalidInput(where, f"a JSON object for a {cls.__name__}", value)
        unknown = sorted(set(value) - names)
        if unknown:
            raise InvalidInput(
                f"{where}.{unknown[0]}",
                f"one of the fields of {cls.__name__}: {sorted(names)}",
                value[unknown[0]],
            )
        prefix = f"{path}." if path else ""
        kwargs: dict[str, Any] = {}
        for name, alias, _, load, required in plan:
            if name in value:
                kwargs[alias] = load(value[name], prefix + name)
            elif required:
                raise InvalidInput(prefix + name, f"the field {name!r} of {cls.__name__}", None)
        build = _BUILDERS.get(cls)
        if build is None:
            return cls(**kwargs)
        try:
            return build(kwargs)
        except InvalidInput as error:
            raise InvalidInput(
                f"{prefix}{error.fields['field']}", error.fields["expected"], error.fields["got"]
            ) from error

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
            raise TypeError(f"supervision.serialization: no converter for the union {hint!r}")
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
    raise TypeError(f"supervision.serialization: no converter for {hint!r}")


# ------------------------------------------------------------------------------ public API
def to_dict(value: object) -> dict[str, Any]:
    """A value object or event as a JSON-ready dict (strings, numbers, booleans, None, lists
    and dicts only). Raises InvalidInput if the value holds something it cannot write (a naive
    datetime, a wrong type in a field)."""
    cls = value.__class__
    if not attrs.has(cls):
        raise InvalidInput("value", "a supervision value object (an attrs class)", value)
    dumped: dict[str, Any] = _attrs_converter(cls)[0](value, "")
    return dumped


def from_dict(cls: type[T], data: Mapping[str, Any]) -> T:
    """Read a ``cls`` back from what :func:`to_dict` wrote; every field is checked and a bad
    one raises InvalidInput naming its path."""
    if not (isinstance(cls, type) and attrs.has(cls)):
        raise InvalidInput("cls", "a supervision value object class (an attrs class)", cls)
    loaded: T = _attrs_converter(cls)[1](dict(data) if isinstance(data, Mapping) else data, "")
    return loaded


def to_json(value: object) -> str:
    """:func:`to_dict` as compact JSON text (UTF-8 characters kept as they are, keys sorted,
    so equal values give equal text)."""
    return json.dumps(to_dict(value), ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def from_json(cls: type[T], text: str | bytes) -> T:
    """Read a ``cls`` from JSON text written by :func:`to_json` (or by an OA system)."""
    try:
        data = json.loads(text)
    except (ValueError, TypeError) as error:
        raise InvalidInput(
            "json", f"JSON text for a {getattr(cls, '__name__', cls)}", text
        ) from error
    return from_dict(cls, data)
