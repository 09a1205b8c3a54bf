"""Writing the library's own values as JSON: :func:`to_stored_dict` here, and the text
writers' shared parts (:func:`supervision._encoded_text.to_stored_json` is the text twin).

The mirror of :mod:`supervision._stored`. The SQL adapter stores each matter, event, unit,
escalation and score entry as the JSON text :func:`supervision.serialization.to_json` writes,
and every change checks its values by writing them (:func:`supervision.domain._text.
check_value`); :func:`~supervision.serialization.to_dict` walks each value through a closure
per field, building the path of every field (``rounds[0].report.submitted_at``) in case it
has to name it in an error. The writers here are generated once per class from the same field
types (one function per class, as attrs generates ``__init__``) and make the same checks
(exact classes, aware instants inside the bounds, days inside the bounds, 64-bit integers,
text without lone surrogates, enum members), without the paths, into the dict ``to_dict``
writes (:func:`to_stored_dict`, what ``check_value`` reads back) or straight into the text
``to_json`` writes (:func:`to_stored_json`, what the SQL adapter stores: no dict in between;
a policy reference's text is reused while its very field objects are the same). On anything
they do not accept at once (a subclass, an instant in the first or last year, a wrong
type …) they give up, and ``to_dict`` (``to_json``) writes the value, or raises the
:class:`~supervision.exceptions.SupervisionError` naming the field: the result, or the error,
is always exactly theirs (``tests/test_encoded_json.py`` compares them, byte for byte, on
values of every shape).

Decimals, floats, mappings and times are written by ``to_dict``'s own converters (no stored
value of the library has them on its hot paths).
"""

from __future__ import annotations

import datetime as _dt
import enum
import functools
import json
import types
import typing
import zoneinfo
from collections.abc import Callable, Mapping
from typing import Any

import attrs

from supervision import serialization as _ser
from supervision.domain.model import RegistrationNumber
from supervision.periods import FIRST_DAY, LAST_DAY

__all__ = ["dumps", "to_stored_dict"]

_Dump = Callable[[Any], Any]


class _GiveUp(Exception):
    """The fast writer does not accept the value: ``to_dict`` writes it or names the fault."""


def _give_up() -> None:
    raise _GiveUp


_INT64_LOW, _INT64_HIGH = -(2**63), 2**63 - 1
_SURROGATE_SEARCH = _ser._SURROGATE.search
_DATETIME, _DATE = _dt.datetime, _dt.date

#: One encoder for every call, as ``to_json`` writes (json.dumps with arguments builds one
#: per call).
_ENCODER = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def dumps(data: Mapping[str, Any]) -> str:
    """JSON text of a JSON-ready dict exactly as :func:`~supervision.serialization.to_json`
    writes it (compact, UTF-8 kept, keys sorted)."""
    return _ENCODER.encode(data)


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


#: The zones whose offsets are a function of the instant alone (a ``tzinfo`` of another
#: class may answer differently from one call to the next).
_FIXED_ZONES = (_dt.timezone, zoneinfo.ZoneInfo)
#: The last instant of such a zone written, and its text (a matter's registration and
#: change, its event's instant: the same object, written three times in a row).
_LAST_INSTANT: list[tuple[object, str]] = [(None, "")]


def _datetime(value: Any) -> str:
    if value.__class__ is not _DATETIME:
        raise _GiveUp
    last = _LAST_INSTANT[0]
    if last[0] is value:
        return last[1]
    # inside the instants to_dict writes (its exact bounds are checked there for 1900, 2999)
    if value.tzinfo is None or value.utcoffset() is None or not 1900 < value.year < 2999:
        raise _GiveUp
    text: str = value.isoformat()
    if value.tzinfo.__class__ in _FIXED_ZONES:
        _LAST_INSTANT[0] = (value, text)
    return text


def _date(value: Any) -> str:
    if value.__class__ is not _DATE or not FIRST_DAY <= value <= LAST_DAY:
        raise _GiveUp
    return value.isoformat()


def _date_or_datetime(value: Any) -> str:
    if value.__class__ is _DATETIME:
        return _datetime(value)
    return _date(value)


def _checked(dump: Callable[[Any, str], Any]) -> _Dump:
    """``to_dict``'s own writer of a leaf (decimals, floats, times, mappings …)."""
    def run(value: Any) -> Any:
        return dump(value, "")
    return run


def _number(value: Any) -> str:
    if value.__class__ is not RegistrationNumber:
        raise _GiveUp
    return str(value)


#: The leaves written here; every other hook of ``to_dict`` is used as it is.
_LEAVES: Mapping[object, _Dump] = {
    str: _str, int: _int, bool: _bool, _dt.datetime: _datetime, _dt.date: _date,
    RegistrationNumber: _number,
}


def _optional(inner: _Dump) -> _Dump:
    def dump(value: Any) -> Any:
        return None if value is None else inner(value)
    return dump


def _enum(kind: type[enum.Enum]) -> _Dump:
    def dump(value: Any) -> Any:
        if value.__class__ is not kind:
            raise _GiveUp
        return value._value_
    return dump


def _texts(value: Any) -> Any:
    if value.__class__ is not tuple:
        raise _GiveUp
    for item in value:
        if item.__class__ is not str or (
                not item.isascii() and _SURROGATE_SEARCH(item) is not None):
            raise _GiveUp
    return list(value)


def _sequence(inner: _Dump) -> _Dump:
    if inner is _str:
        return _texts

    def dump(value: Any) -> Any:
        if value.__class__ is not tuple:
            raise _GiveUp
        return [inner(item) for item in value] if value else []
    _EMPTY_LISTS.add(dump)
    return dump


#: The writers of a variable-length tuple (``tuple[X, ...]``): each writes an empty tuple as
#: an empty list (text: ``[]``), which the generated writers do inline.
_EMPTY_LISTS: set[Callable[[Any], Any]] = set()


def _fixed(items: tuple[_Dump, ...]) -> _Dump:
    size = len(items)
    if all(item is _str for item in items):
        def texts(value: Any) -> Any:
            if len(value) != size:
                raise _GiveUp
            return _texts(value)
        return texts

    def dump(value: Any) -> Any:
        if value.__class__ is not tuple or len(value) != size:
            raise _GiveUp
        return [d(v) for d, v in zip(items, value, strict=True)]
    return dump


def _sort_key(item: Any) -> str:
    # the very key to_dict sorts a frozenset's items by
    return json.dumps(item, sort_keys=True)


def _frozenset(inner: _Dump) -> _Dump:
    def dump(value: Any) -> Any:
        if value.__class__ is not frozenset:
            raise _GiveUp
        return sorted([inner(item) for item in value], key=_sort_key)
    return dump


def _writer(hint: Any) -> _Dump:
    """The writer of a field of type ``hint``, chosen in the order ``to_dict`` chooses."""
    leaf = _LEAVES.get(hint)
    if leaf is not None:
        return leaf
    if hint in _ser._HOOKS:  # times, decimals, floats: to_dict's own
        return _checked(_ser._HOOKS[hint][0])
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        members = [a for a in args if a is not type(None)]
        if set(members) == {_dt.date, _dt.datetime}:
            pair: _Dump = _date_or_datetime
        elif len(members) == 1:
            pair = _writer(members[0])
        else:
            return _checked(_ser._converter(hint)[0])
        return _optional(pair) if len(members) < len(args) else pair
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            return _sequence(_writer(args[0]))
        return _fixed(tuple(_writer(a) for a in args))
    if origin is frozenset:
        return _frozenset(_writer(args[0]))
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return _enum(hint)
    if isinstance(hint, type) and attrs.has(hint):
        return _direct(_object(hint))
    # mappings and whatever else: to_dict's own (it raises for a type it cannot write)
    return _checked(_ser._converter(hint)[0])


#: The writers built, by (kind, class); the classes whose writers are being built; what each
#: lazy writer is the writer of.
_BUILT: dict[tuple[str, type], Callable[[Any], Any]] = {}
_BUILDING: set[tuple[str, type]] = set()
_LAZY: dict[Callable[[Any], Any], tuple[str, type]] = {}
#: How each kind's writer of a class is generated: ``"dict"`` here, ``"text"`` by
#: :mod:`supervision._encoded_text` (which adds itself when imported).
_BUILDERS: dict[str, Callable[[type], Callable[[Any], Any]]] = {}


def _build(key: tuple[str, type]) -> Callable[[Any], Any]:
    found = _BUILT.get(key)
    if found is None:
        _BUILDING.add(key)
        try:
            found = _BUILDERS[key[0]](key[1])
        finally:
            _BUILDING.discard(key)
        _BUILT[key] = found
    return found


def _direct(writer: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """The built writer itself for a lazy one (built now), so a generated writer calls its
    parts' writers without the lazy step; the lazy one for a class being built (a class
    met again inside itself)."""
    key = _LAZY.get(writer)
    return writer if key is None or key in _BUILDING else _build(key)


@functools.cache
def _object(cls: type) -> _Dump:
    key = ("dict", cls)

    def dump(value: Any) -> Any:  # built on first use: classes may refer to each other
        return (_BUILT.get(key) or _build(key))(value)
    _LAZY[dump] = key
    return dump


#: Leaves written inline in a generated writer (no call): the check, then the value written.
_INLINE: Mapping[_Dump, tuple[str, str]] = {
    _str: ("v.__class__ is not str or (not v.isascii() and SUR(v) is not None)", "v"),
    _int: ("v.__class__ is not int or not LOW <= v <= HIGH", "v"),
    _bool: ("v.__class__ is not bool", "v"),
}


def _optional_part(hint: Any) -> tuple[bool, Any]:
    """Whether a field's type is ``X | None``, and ``X`` (else the type itself): the
    generated writers test for None inline and write the rest with ``X``'s writer."""
    args = typing.get_args(hint)
    if (typing.get_origin(hint) in (typing.Union, types.UnionType)
            and len(args) == 2 and type(None) in args):
        return True, next(a for a in args if a is not type(None))
    return False, hint


def _compiled(cls: type) -> _Dump:
    """One function writing every field of ``cls`` into one dict display (generated, as
    attrs generates ``__init__``): no loop over the fields, no path built."""
    hints = typing.get_type_hints(cls)
    names = [f.name for f in attrs.fields(cls) if f.init]
    scope: dict[str, Any] = {"cls": cls, "G": _give_up, "SUR": _SURROGATE_SEARCH,
                             "LOW": _INT64_LOW, "HIGH": _INT64_HIGH}
    lines = ["def dump(value):", "    if value.__class__ is not cls:", "        G()"]
    for i, name in enumerate(names):
        optional, inner_hint = _optional_part(hints[name])
        inner = _writer(inner_hint)
        lines.append(f"    v = value.{name}")
        indent = "    "
        if optional:
            lines += ["    if v is None:", f"        f{i} = None", "    else:"]
            indent = "        "
        if inner in _INLINE:
            check, out = _INLINE[inner]
            lines += [f"{indent}if {check}:", f"{indent}    G()", f"{indent}f{i} = {out}"]
        elif isinstance(inner_hint, type) and issubclass(inner_hint, enum.Enum):
            scope[f"E{i}"] = inner_hint
            lines += [f"{indent}if v.__class__ is not E{i}:", f"{indent}    G()",
                      f"{indent}f{i} = v._value_"]
        elif inner in _EMPTY_LISTS or inner is _texts:
            scope[f"D{i}"] = _direct(inner)
            lines += [f"{indent}f{i} = [] if v.__class__ is tuple and not v else D{i}(v)"]
        else:
            scope[f"D{i}"] = _direct(inner)
            lines.append(f"{indent}f{i} = D{i}(v)")
    display = ", ".join(f"{name!r}: f{i}" for i, name in enumerate(names))
    lines.append(f"    return {{{display}}}")
    exec(compile("\n".join(lines) + "\n", f"<stored writer of {cls.__qualname__}>", "exec"),
         scope)
    made: _Dump = scope["dump"]
    return made


def to_stored_dict(value: object) -> dict[str, Any]:
    """``to_dict(value)`` for the library's own values: the same dict, written without
    building every field's path; whatever the writers do not accept at once is written by
    ``to_dict`` (which raises the error naming the field)."""
    cls = value.__class__
    if attrs.has(cls):
        try:
            written: dict[str, Any] = _object(cls)(value)
        except Exception:  # anything at all: to_dict decides, and names the fault
            return _ser.to_dict(value)
        return written
    return _ser.to_dict(value)


_BUILDERS["dict"] = _compiled
