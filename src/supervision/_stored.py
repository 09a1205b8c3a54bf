"""Reading back the JSON the library itself stored: :func:`from_stored_json`.

The SQL adapter keeps each matter, event, unit, office, escalation and score entry as the JSON
text :func:`supervision.serialization.to_json` wrote; reading a city's year back spent most of
its time in :func:`~supervision.serialization.from_json` building the path of every field
(``rounds[0].report.submitted_at``) in case it had to name it in an error. The loaders here
are built once per class from the same field types and make the same checks (types, unknown
and missing fields, bounds of integers, days and instants, lone surrogates, enum values, the
classes' own constructors), without the paths. On anything they do not accept they give up,
and the text is read again by :func:`~supervision.serialization.from_json`, which raises the
:class:`~supervision.exceptions.SupervisionError` naming the field, so an error is exactly the
one ``from_json`` gives.

Two checks of ``from_json`` are not repeated: the depth of the text (a loader goes only as deep
as the fields of its class, at most a few levels) and the order in which several bad fields are
found (only the first is reported, by ``from_json``). Public callers with JSON from outside
keep using ``from_json``; this module is for rows the library wrote (tests compare the two on
stored matters and events of every shape).
"""

from __future__ import annotations

import datetime as _dt
import enum
import functools
import types
import typing
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

import attrs

from supervision import serialization as _ser
from supervision.domain._numbers import _NUMBER, MAX_SEQUENCE, RegistrationNumber
from supervision.periods import FIRST_DAY, LAST_DAY

__all__ = ["check_written", "from_stored_dict", "from_stored_json"]

T = TypeVar("T")
_Load = Callable[[Any], Any]


class _GiveUp(Exception):
    """The fast loader does not accept the value: ``from_json`` reads it and names the fault."""


_MISSING = object()
_FROM_ISO_DATETIME = _dt.datetime.fromisoformat
_FROM_ISO_DATE = _dt.date.fromisoformat
_INT64_LOW, _INT64_HIGH = -(2**63), 2**63 - 1
_SURROGATE_SEARCH = _ser._SURROGATE.search


def _refuse() -> Any:
    raise _GiveUp


def _str(value: Any) -> str:
    if value.__class__ is not str or (
            not value.isascii() and _SURROGATE_SEARCH(value) is not None):
        raise _GiveUp
    return value


def _int(value: Any) -> int:
    if value.__class__ is not int or not _INT64_LOW <= value <= _INT64_HIGH:
        raise _GiveUp
    return value


def _bool(value: Any) -> bool:
    if value.__class__ is not bool:
        raise _GiveUp
    return value


def _datetime(value: Any) -> _dt.datetime:
    if value.__class__ is not str:
        raise _GiveUp
    parsed = _FROM_ISO_DATETIME(value)
    # inside the instants from_json reads (its exact bounds are checked there for 1900, 2999)
    if parsed.tzinfo is None or parsed.utcoffset() is None or not 1900 < parsed.year < 2999:
        raise _GiveUp
    return parsed


def _date(value: Any) -> _dt.date:
    if value.__class__ is not str or len(value) != 10:
        raise _GiveUp
    parsed = _FROM_ISO_DATE(value)
    if not FIRST_DAY <= parsed <= LAST_DAY:
        raise _GiveUp
    return parsed


def _date_or_datetime(value: Any) -> _dt.date | _dt.datetime:
    if value.__class__ is str and len(value) > 10:
        return _datetime(value)
    return _date(value)


_NUMBER_MATCH = _NUMBER.match
#: The prefixes (机关代字) of numbers ``RegistrationNumber.parse`` accepted (its checks of a
#: prefix depend on the prefix alone): a number with one of them needs only its year and
#: sequence checked.
_PREFIXES: set[str] = set()


def _number(value: Any) -> RegistrationNumber:
    """``RegistrationNumber.parse`` of a stored number, its prefix checked once."""
    if value.__class__ is not str or len(value) > 64:
        raise _GiveUp
    # the pattern parse matches (text with surrounding spaces does not match: from_json reads
    # it, as parse strips them first)
    match = _NUMBER_MATCH(value)
    if match is None:
        raise _GiveUp
    prefix, year_text, seq_text = match.group("prefix", "year", "seq")
    year, seq = int(year_text), int(seq_text)
    if prefix not in _PREFIXES:
        number = RegistrationNumber.parse(value)  # all its checks; refused: from_json reads
        if number.prefix == prefix and len(_PREFIXES) < 4096:
            _PREFIXES.add(prefix)
        return number
    if not 1900 <= year <= 2999 or not 1 <= seq <= MAX_SEQUENCE:
        raise _GiveUp
    return RegistrationNumber(prefix, year, seq)


def _checked(load: Callable[[Any, str], Any]) -> _Load:
    """``from_json``'s own loader of a leaf (decimals, registration numbers, times …)."""
    def run(value: Any) -> Any:
        return load(value, "")
    return run


_LEAVES: Mapping[object, _Load] = {
    str: _str, int: _int, bool: _bool, _dt.datetime: _datetime, _dt.date: _date,
}


#: The loader inside each optional one (a generated loader calls it directly).
_INNER_OF_OPTIONAL: dict[_Load, _Load] = {}


def _optional(inner: _Load) -> _Load:
    def load(value: Any) -> Any:
        return None if value is None else inner(value)
    _INNER_OF_OPTIONAL[load] = inner
    return load


#: The members by value of each enum's loader (a generated loader looks them up inline).
_ENUMS: dict[_Load, dict[Any, enum.Enum]] = {}


def _enum(kind: type[enum.Enum]) -> _Load:
    members = {m.value: m for m in kind}

    def load(value: Any) -> Any:
        found = members.get(value)
        if found is None:
            raise _GiveUp  # an unknown value, or one only the enum's own lookup accepts
        return found
    _ENUMS[load] = members
    return load


def _texts(value: Any) -> bool:
    """Whether every item of the list ``value`` is a string :func:`_str` accepts."""
    for item in value:
        if item.__class__ is not str or (
                not item.isascii() and _SURROGATE_SEARCH(item) is not None):
            return False
    return True


#: The size of each loader of a fixed tuple of strings (a sequence of them reads them inline).
_TEXT_TUPLES: dict[_Load, int] = {}
#: The loaders of variable-length tuples (``tuple[X, ...]``): an empty list is ``()`` (a
#: generated loader reads it without calling them).
_SEQUENCES: set[_Load] = set()


def _sequence(inner: _Load) -> _Load:
    made = _sequence_of(inner)
    _SEQUENCES.add(made)
    return made


def _sequence_of(inner: _Load) -> _Load:
    if inner is _str:
        def texts(value: Any) -> Any:
            if value.__class__ is not list or not _texts(value):
                raise _GiveUp
            return tuple(value)
        return texts
    size = _TEXT_TUPLES.get(inner)
    if size is not None:
        def text_tuples(value: Any) -> Any:
            if value.__class__ is not list:
                raise _GiveUp
            for item in value:
                if item.__class__ is not list or len(item) != size or not _texts(item):
                    raise _GiveUp
            return tuple([tuple(item) for item in value])
        return text_tuples

    def load(value: Any) -> Any:
        if value.__class__ is not list:
            raise _GiveUp
        return tuple([inner(item) for item in value])
    return load


def _fixed(items: tuple[_Load, ...]) -> _Load:
    size = len(items)
    if all(item is _str for item in items):
        def texts(value: Any) -> Any:
            if value.__class__ is not list or len(value) != size or not _texts(value):
                raise _GiveUp
            return tuple(value)
        _TEXT_TUPLES[texts] = size
        return texts

    def load(value: Any) -> Any:
        if value.__class__ is not list or len(value) != size:
            raise _GiveUp
        return tuple([ld(v) for ld, v in zip(items, value, strict=True)])
    return load


def _frozenset(inner: _Load) -> _Load:
    def load(value: Any) -> Any:
        if value.__class__ is not list:
            raise _GiveUp
        return frozenset([inner(item) for item in value])
    return load


def _loader(hint: Any) -> _Load:
    leaf = _LEAVES.get(hint)
    if leaf is not None:
        return leaf
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        members = [a for a in args if a is not type(None)]
        if set(members) == {_dt.date, _dt.datetime}:
            pair: _Load = _date_or_datetime
        elif len(members) == 1:
            pair = _loader(members[0])
        else:
            return _checked(_ser._converter(hint)[1])
        return _optional(pair) if len(members) < len(args) else pair
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            return _sequence(_loader(args[0]))
        return _fixed(tuple(_loader(a) for a in args))
    if origin is frozenset:
        return _frozenset(_loader(args[0]))
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return _enum(hint)
    if hint is RegistrationNumber:
        return _number
    if isinstance(hint, type) and attrs.has(hint) and hint not in _ser._BUILDERS:
        return _direct(_object(hint))
    # decimals, times, floats, mappings, registration numbers: from_json's own
    return _checked(_ser._converter(hint)[1])


@functools.cache
def _object(cls: type) -> _Load:
    hints = typing.get_type_hints(cls)
    plan: list[tuple[str, str, bool]] = []
    for field in attrs.fields(cls):
        if not field.init:
            continue
        plan.append((field.name, field.alias or field.name, field.default is attrs.NOTHING))
    names = frozenset(name for name, *_ in plan)
    built: list[_Load] = []

    def some_fields(value: Any, loads: dict[str, _Load]) -> Any:
        """Fields left out take their defaults (the library writes every field)."""
        kwargs: dict[str, Any] = {}
        for name, alias, required in plan:
            item = value.get(name, _MISSING)
            if item is _MISSING:
                if required:
                    raise _GiveUp
                continue
            kwargs[alias] = loads[name](item)
        return cls(**kwargs)

    def force() -> _Load:
        if not built:
            _BUILDING.add(cls)
            try:
                built.append(_compiled(cls, plan, names, hints, some_fields))
            finally:
                _BUILDING.discard(cls)
        return built[0]

    def load(value: Any) -> Any:  # built on first use: classes may refer to each other
        return (built[0] if built else force())(value)
    _FORCE[load] = (cls, force)
    return load


#: The classes whose loaders are being built; how to build each lazy loader now.
_BUILDING: set[type] = set()
_FORCE: dict[_Load, tuple[type, Callable[[], _Load]]] = {}


def _direct(load: _Load) -> _Load:
    """The built loader itself for a lazy one (built now), so a generated loader calls its
    parts' loaders without the lazy step; the lazy one for a class being built (a class met
    again inside itself)."""
    found = _FORCE.get(load)
    return load if found is None or found[0] in _BUILDING else found[1]()


def _text_only(hint: Any) -> bool:
    """Whether a field of type ``hint`` holds only strings (a str, or tuples of them)."""
    if hint is str:
        return True
    args = typing.get_args(hint)
    return typing.get_origin(hint) is tuple and bool(args) and all(
        a is Ellipsis or _text_only(a) for a in args) and len(
        {a for a in args if a is not Ellipsis}) == 1


def _copy(value: Any) -> Any:
    """A copy of decoded JSON that nothing else holds (lists and dicts copied)."""
    if value.__class__ is list:
        return [_copy(item) for item in value]
    if value.__class__ is dict:
        return {key: _copy(item) for key, item in value.items()}
    return value


#: How many distinct values of a class of text only a loader keeps to compare with.
_RECENT = 16


def _compiled(
    cls: type,
    plan: list[tuple[str, str, bool]],
    names: frozenset[str],
    hints: dict[str, Any],
    some_fields: Callable[[Any, dict[str, _Load]], Any],
) -> _Load:
    """One function reading every field of ``cls`` in a single call of its constructor
    (generated, as attrs generates ``__init__``): no loop, no dict of arguments."""
    loads = {name: _loader(hints[name]) for name, *_ in plan}
    scope: dict[str, Any] = {"cls": cls, "names": names, "loads": loads, "_GiveUp": _GiveUp,
                             "some_fields": some_fields, "count": len(plan)}
    scope["_refuse"], scope["SUR"] = _refuse, _SURROGATE_SEARCH
    scope["ISO"] = _FROM_ISO_DATETIME
    # the leaves inline, as _str, _datetime and an enum's loader read them
    text = "(v if v.__class__ is str and (v.isascii() or SUR(v) is None) else _refuse())"
    instant = ("((d if (d := ISO(v)).tzinfo is not None and d.utcoffset() is not None "
               "and 1900 < d.year < 2999 else _refuse()) if v.__class__ is str else _refuse())")
    args: list[str] = []
    for i, (name, alias, _required) in enumerate(plan):
        inner = _INNER_OF_OPTIONAL.get(loads[name])
        scope[f"L{i}"] = loads[name] if inner is None else inner
        item = f"value[{name!r}]"
        leaf = loads[name] if inner is None else inner
        if leaf in _ENUMS:
            scope[f"M{i}"] = _ENUMS[leaf]
            member = f"(m if (m := M{i}.get(v)) is not None else _refuse())"
        if loads[name] is _str:  # _str inline
            args.append(f"{alias}=v if (v := {item}).__class__ is str and "
                        "(v.isascii() or SUR(v) is None) else _refuse()")
        elif inner is _str:
            args.append(f"{alias}=None if (v := {item}) is None else {text}")
        elif loads[name] is _datetime:
            walrus = f"if (v := {item}).__class__"
            args.append(f"{alias}=" + instant.replace("if v.__class__", walrus))
        elif inner is _datetime:
            args.append(f"{alias}=None if (v := {item}) is None else {instant}")
        elif loads[name] in _ENUMS:
            args.append(f"{alias}=" + member.replace(".get(v)", f".get({item})"))
        elif inner in _ENUMS:
            args.append(f"{alias}=None if (v := {item}) is None else {member}")
        elif loads[name] in _SEQUENCES:  # an empty list is (), without a call
            args.append(f"{alias}=() if (v := {item}) == [] else L{i}(v)")
        elif inner is None:
            args.append(f"{alias}=L{i}({item})")
        else:
            args.append(f"{alias}=None if (v := {item}) is None else L{i}(v)")
    head = (
        "def load(value):\n"
        "    if value.__class__ is not dict or not value.keys() <= names:\n"
        "        raise _GiveUp\n"
        "    if len(value) != count:\n"
        "        return some_fields(value, loads)\n"
    )
    if plan and all(_text_only(hints[name]) for name, *_ in plan):
        # fields of text only: the value as read equal to one read before (and accepted:
        # its constructor's checks passed) is the same value, so the value built then is
        # returned (a policy reference, whose constructor hashes its eleven parameters,
        # repeats on every matter of an office). Equality of decoded JSON is exact here:
        # what was kept holds only strings in lists and dicts, and a string equals nothing
        # but the same string (no 1 == True, 1 == 1.0 as between numbers); a copy is kept,
        # so a caller's dict changed later (``from_stored_dict``) cannot change it. What is
        # compared comes from JSON or from the library's writers (``to_stored_dict``), which
        # refuse a subclass of str (one that could redefine equality).
        scope["recent"] = []
        scope["_copy"] = _copy
        scope["limit"] = _RECENT
        source = head + (
            "    for seen, found in recent:\n"
            "        if seen == value:\n"
            "            return found\n"
            f"    found = cls({', '.join(args)})\n"
            "    if len(recent) < limit:\n"
            "        recent.append((_copy(value), found))\n"
            "    return found\n"
        )
    else:
        source = head + f"    return cls({', '.join(args)})\n"
    exec(compile(source, f"<stored loader of {cls.__qualname__}>", "exec"), scope)
    made: _Load = scope["load"]
    return made


#: The loader of each class read so far (the class checked once).
_READY: dict[type, _Load] = {}


def from_stored_json(cls: type[T], text: str | bytes) -> T:
    """``from_json(cls, text)`` for JSON the library stored itself: the same value, read
    without building every field's path; whatever it does not accept is read by ``from_json``
    (which raises the error naming the field)."""
    load = _READY.get(cls) if cls.__class__ is type else None
    if load is None:
        if not (isinstance(cls, type) and attrs.has(cls)) or cls in _ser._BUILDERS:
            return _ser.from_json(cls, text)
        load = _READY[cls] = _direct(_object(cls))
    try:
        if text.__class__ is not str or len(text) > _ser.MAX_JSON_LENGTH:
            raise _GiveUp
        data = _ser._DECODER.decode(text)
        loaded: T = load(data)
    except Exception:  # anything at all: from_json decides, and names the fault
        return _ser.from_json(cls, text)
    return loaded



def from_stored_dict(cls: type[T], data: Any) -> T:
    """``from_dict(cls, data)`` for what :func:`supervision._encoded.to_stored_dict` (or
    ``to_dict``) wrote: the same value, read by the same loaders as :func:`from_stored_json`;
    whatever they do not accept is read by ``from_dict`` (which raises the error naming the
    field)."""
    if not (isinstance(cls, type) and attrs.has(cls)) or cls in _ser._BUILDERS:
        return _ser.from_dict(cls, data)
    try:
        loaded: T = _object(cls)(data)
    except Exception:  # anything at all: from_dict decides, and names the fault
        return _ser.from_dict(typing.cast("type[T]", cls), data)
    return loaded


# ------------------------------------------------------------ what reading back still checks
def _constructed(cls: type) -> bool:
    """Whether building ``cls`` from fields of the right types can still refuse them: a
    post-init check, validators or converters, a builder, an ``__init__`` of its own."""
    init = getattr(vars(cls).get("__init__"), "__code__", None)
    return (cls in _ser._BUILDERS or hasattr(cls, "__attrs_post_init__")
            or hasattr(cls, "__attrs_pre_init__")
            or init is None or "attrs generated" not in init.co_filename
            or any(f.validator is not None or f.converter is not None
                   for f in attrs.fields(cls)))


_IN_PROGRESS: set[type] = set()


@functools.cache
def _recheck(hint: Any) -> _Load | None:
    """What ``from_dict`` checks, of a field of type ``hint`` that ``to_dict`` wrote, beyond
    the checks writing made (exact types, bounds, text, enum members): None when nothing
    (reading it back gives the value written); else the loader of the parts that can still
    be refused (a class whose constructor checks its fields, a leaf read by parsing)."""
    if hint in _LEAVES:
        return None
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        members = [a for a in args if a is not type(None)]
        if set(members) == {_dt.date, _dt.datetime}:
            return None
        if len(members) != 1:
            return _loader(hint)
        inner = _recheck(members[0])
        return None if inner is None else (
            _optional(inner) if len(members) < len(args) else inner)
    if origin is tuple and hint not in _ser._HOOKS:
        parts = [_recheck(a) for a in args if a is not Ellipsis]
        if all(p is None for p in parts):
            return None
        return _loader(hint)
    if origin is frozenset:
        return None if _recheck(args[0]) is None else _loader(hint)
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return None
    if isinstance(hint, type) and attrs.has(hint) and hint not in _ser._HOOKS:
        return _recheck_object(hint)
    return _loader(hint)  # times, decimals, floats, mappings, registration numbers


@functools.cache
def _recheck_object(cls: type) -> _Load | None:
    if _constructed(cls) or cls in _IN_PROGRESS:
        return _object(cls)  # read back whole (and a class met again inside itself)
    _IN_PROGRESS.add(cls)
    try:
        hints = typing.get_type_hints(cls)
        checks = [(f.name, check) for f in attrs.fields(cls) if f.init
                  for check in [_recheck(hints[f.name])] if check is not None]
    finally:
        _IN_PROGRESS.discard(cls)
    if not checks:
        return None

    def load(value: Any) -> Any:
        if value.__class__ is not dict:
            raise _GiveUp
        for name, check in checks:
            check(value[name])
        return value
    return load


def check_written(cls: type, data: Any) -> None:
    """Whether ``from_dict(cls, data)`` accepts what :func:`supervision._encoded.
    to_stored_dict` wrote from a value of exactly ``cls``: its error if not. Writing made
    every check of types, text, bounds and enum members already, so only what can still
    refuse it is read back (the classes whose constructors check their fields, such as
    ``Period``; leaves read by parsing, such as registration numbers); on anything refused
    ``from_dict`` reads ``data`` and raises the error naming the field."""
    if not attrs.has(cls) or cls in _ser._HOOKS:
        _ser.from_dict(cls, data)
        return
    try:
        check = _recheck_object(cls)
        if check is not None:
            check(data)
    except Exception:  # from_dict decides, and names the fault
        _ser.from_dict(cls, data)
