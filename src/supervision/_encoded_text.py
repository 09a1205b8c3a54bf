"""Writing the library's own values as the JSON text ``to_json`` writes:
:func:`to_stored_json`, what the SQL adapter stores (no dict in between).

The text twin of :mod:`supervision._encoded`'s dict writers, with the same checks (it reuses
their per-type checks): generated once per class, giving up on anything not accepted at
once, so that :func:`supervision.serialization.to_json` writes the value or raises the
:class:`~supervision.exceptions.SupervisionError` naming the field; a policy reference's
text is reused while its very field objects are the same (:func:`_by_identity`).
``tests/test_encoded_json.py`` compares the text with ``to_json``'s, byte for byte.
"""

from __future__ import annotations

import datetime as _dt
import enum
import functools
import json
import operator
import types
import typing
from collections.abc import Callable, Mapping
from typing import Any

import attrs

from supervision import serialization as _ser
from supervision._encoded import (
    _BUILDERS,
    _BUILT,
    _EMPTY_LISTS,
    _ENCODER,
    _INLINE,
    _INT64_HIGH,
    _INT64_LOW,
    _LAZY,
    _SURROGATE_SEARCH,
    _bool,
    _build,
    _date,
    _date_or_datetime,
    _datetime,
    _direct,
    _Dump,
    _give_up,
    _GiveUp,
    _int,
    _number,
    _optional_part,
    _sort_key,
    _str,
    _texts,
    _writer,
)
from supervision.domain.model import RegistrationNumber

__all__ = ["field_text", "to_stored_json"]

# ------------------------------------------------------------------------ JSON text
# The same checks, writing the text ``to_json`` writes: each object's keys in sorted order,
# text through the very function the json module writes strings with (``ensure_ascii=False``),
# integers by ``int.__repr__`` as it does, instants and days as their ISO text (no character
# of which JSON escapes); whatever ``to_dict`` writes itself is encoded by the same encoder.

_ENC = json.encoder.encode_basestring
_Text = Callable[[Any], str]


def _str_text(value: Any) -> str:
    return _ENC(_str(value))


def _int_text(value: Any) -> str:
    return int.__repr__(_int(value))


def _bool_text(value: Any) -> str:
    return "true" if _bool(value) else "false"


def _datetime_text(value: Any) -> str:
    return '"' + _datetime(value) + '"'


def _date_text(value: Any) -> str:
    return '"' + _date(value) + '"'


def _date_or_datetime_text(value: Any) -> str:
    return '"' + _date_or_datetime(value) + '"'


def _number_text(value: Any) -> str:
    return _ENC(_number(value))


def _encoded(dump: _Dump) -> _Text:
    """The text of what ``dump`` (a writer of JSON-ready values) writes."""
    def run(value: Any) -> str:
        return _ENCODER.encode(dump(value))
    return run


_TEXT_LEAVES: Mapping[object, _Text] = {
    str: _str_text, int: _int_text, bool: _bool_text, _dt.datetime: _datetime_text,
    _dt.date: _date_text, RegistrationNumber: _number_text,
}


def _optional_text(inner: _Text) -> _Text:
    def text(value: Any) -> str:
        return "null" if value is None else inner(value)
    return text


def _enum_texts(kind: type[enum.Enum]) -> dict[str, str]:
    """Each member's text, keyed by its name (an enum's own ``__hash__`` is a Python
    function)."""
    return {member._name_: _ENCODER.encode(member._value_) for member in kind}


def _enum_text(kind: type[enum.Enum]) -> _Text:
    texts = _enum_texts(kind)

    def text(value: Any) -> str:
        if value.__class__ is not kind:
            raise _GiveUp
        return texts[value._name_]
    return text


def _texts_text(value: Any) -> str:
    return "[" + ",".join(map(_ENC, _texts(value))) + "]" if value else _empty(value)


_EMPTY_LISTS.add(_texts_text)


def _empty(value: Any) -> str:
    if value.__class__ is not tuple:
        raise _GiveUp
    return "[]"


_ENC_ASCII = json.encoder.encode_basestring_ascii


def _frozenset_text(inner: _Dump) -> _Text:
    """A frozenset's items as :func:`_frozenset` writes them (sorted by to_dict's key) and
    encoded; text items directly (json.dumps of a string, to_dict's key, is its ASCII
    encoding)."""
    def text(value: Any) -> str:
        if value.__class__ is not frozenset:
            raise _GiveUp
        if not value:
            return "[]"
        items = [inner(item) for item in value]
        if all(item.__class__ is str for item in items):
            return "[" + ",".join(map(_ENC, sorted(items, key=_ENC_ASCII))) + "]"
        return _ENCODER.encode(sorted(items, key=_sort_key))
    return text


def _sequence_text(inner: _Text) -> _Text:
    if inner is _str_text:
        return _texts_text
    size = _TEXT_PAIRS.get(inner)
    if size is not None:
        return _text_tuples(size)

    def text(value: Any) -> str:
        if value.__class__ is not tuple:
            raise _GiveUp
        if not value:
            return "[]"
        return "[" + ",".join([inner(item) for item in value]) + "]"
    _EMPTY_LISTS.add(text)
    return text


#: The size of each text writer of a fixed tuple of strings (a sequence of them writes them
#: inline).
_TEXT_PAIRS: dict[_Text, int] = {}


def _text_tuples(size: int) -> _Text:
    if size == 2:
        return _text_pairs

    def text(value: Any) -> str:
        if value.__class__ is not tuple:
            raise _GiveUp
        for item in value:
            if item.__class__ is not tuple or len(item) != size:
                raise _GiveUp
            _texts(item)
        return "[" + ",".join(["[" + ",".join(map(_ENC, item)) + "]" for item in value]) + "]"
    _EMPTY_LISTS.add(text)
    return text


def _text_pairs(value: Any) -> str:
    """:func:`_text_tuples` of pairs (an event's details, a policy's parameters), each
    string checked as :func:`_texts` checks it, written inline."""
    if value.__class__ is not tuple:
        raise _GiveUp
    parts = []
    for item in value:
        if item.__class__ is not tuple or len(item) != 2:
            raise _GiveUp
        key, text = item
        if (key.__class__ is not str or text.__class__ is not str
                or (not key.isascii() and _SURROGATE_SEARCH(key) is not None)
                or (not text.isascii() and _SURROGATE_SEARCH(text) is not None)):
            raise _GiveUp
        parts.append("[" + _ENC(key) + "," + _ENC(text) + "]")
    return "[" + ",".join(parts) + "]"


_EMPTY_LISTS.add(_text_pairs)


def _fixed_text(items: tuple[_Text, ...]) -> _Text:
    size = len(items)
    if all(item is _str_text for item in items):
        def texts(value: Any) -> str:
            if value.__class__ is not tuple or len(value) != size:
                raise _GiveUp
            return _texts_text(value)
        _TEXT_PAIRS[texts] = size
        return texts

    def text(value: Any) -> str:
        if value.__class__ is not tuple or len(value) != size:
            raise _GiveUp
        return "[" + ",".join([t(v) for t, v in zip(items, value, strict=True)]) + "]"
    return text


def _text_writer(hint: Any) -> _Text:
    """The text writer of a field of type ``hint``, chosen as :func:`_writer` chooses."""
    leaf = _TEXT_LEAVES.get(hint)
    if leaf is not None:
        return leaf
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        members = [a for a in args if a is not type(None)]
        if set(members) == {_dt.date, _dt.datetime}:
            pair: _Text = _date_or_datetime_text
        elif len(members) == 1:
            pair = _text_writer(members[0])
        else:
            return _encoded(_writer(hint))
        return _optional_text(pair) if len(members) < len(args) else pair
    if origin is tuple and hint not in _ser._HOOKS:
        if len(args) == 2 and args[1] is Ellipsis:
            return _sequence_text(_text_writer(args[0]))
        return _fixed_text(tuple(_text_writer(a) for a in args))
    if origin is frozenset:
        return _frozenset_text(_writer(args[0]))
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return _enum_text(hint)
    if isinstance(hint, type) and attrs.has(hint) and hint not in _ser._HOOKS:
        return _direct(_object_text(hint))
    # frozensets (sorted as to_dict sorts them), times, decimals, floats, mappings
    return _encoded(_writer(hint))


@functools.cache
def _object_text(cls: type) -> _Text:
    key = ("text", cls)

    def text(value: Any) -> str:  # built on first use: classes may refer to each other
        written: str = (_BUILT.get(key) or _build(key))(value)
        return written
    _LAZY[text] = key
    return text


def _compiled_text(cls: type) -> _Text:
    """One function writing the JSON object of ``cls``, its keys sorted, in one f-string."""
    hints = typing.get_type_hints(cls)
    names = sorted(f.name for f in attrs.fields(cls) if f.init)
    scope: dict[str, Any] = {"cls": cls, "G": _give_up, "SUR": _SURROGATE_SEARCH,
                             "LOW": _INT64_LOW, "HIGH": _INT64_HIGH, "ENC": _ENC,
                             "INT": int.__repr__}
    lines = ["def text(value):", "    if value.__class__ is not cls:", "        G()"]
    for i, name in enumerate(names):
        optional, inner_hint = _optional_part(hints[name])
        inner = _text_writer(inner_hint)
        lines.append(f"    v = value.{name}")
        indent = "    "
        if optional:
            lines += ["    if v is None:", f"        t{i} = 'null'", "    else:"]
            indent = "        "
        if inner is _str_text:
            lines += [f"{indent}if {_INLINE[_str][0]}:", f"{indent}    G()",
                      f"{indent}t{i} = ENC(v)"]
        elif inner is _int_text:
            lines += [f"{indent}if {_INLINE[_int][0]}:", f"{indent}    G()",
                      f"{indent}t{i} = INT(v)"]
        elif inner is _bool_text:
            lines += [f"{indent}if v is True:", f"{indent}    t{i} = 'true'",
                      f"{indent}elif v is False:", f"{indent}    t{i} = 'false'",
                      f"{indent}else:", f"{indent}    G()"]
        elif isinstance(inner_hint, type) and issubclass(inner_hint, enum.Enum):
            scope[f"E{i}"], scope[f"N{i}"] = inner_hint, _enum_texts(inner_hint)
            lines += [f"{indent}if v.__class__ is not E{i}:", f"{indent}    G()",
                      f"{indent}t{i} = N{i}[v._name_]"]
        elif inner in _EMPTY_LISTS:
            scope[f"T{i}"] = _direct(inner)
            lines.append(f"{indent}t{i} = '[]' if v.__class__ is tuple and not v else T{i}(v)")
        else:
            scope[f"T{i}"] = _direct(inner)
            lines.append(f"{indent}t{i} = T{i}(v)")
    body = ",".join(f'"{name}":{{t{i}}}' for i, name in enumerate(names))
    lines.append(f"    return f'{{{{{body}}}}}'")
    exec(compile("\n".join(lines) + "\n", f"<stored text writer of {cls.__qualname__}>",
                 "exec"), scope)
    made: _Text = scope["text"]
    if len(names) > 1 and all(_text_only(hints[name]) for name in names) and any(
            hints[name] is not str for name in names):
        return _by_identity(cls, names, made)
    return made


def _text_only(hint: Any) -> bool:
    """Whether a field of type ``hint`` holds only strings (a str, or tuples of them)."""
    if hint is str:
        return True
    args = typing.get_args(hint)
    return typing.get_origin(hint) is tuple and bool(args) and all(
        a is Ellipsis or _text_only(a) for a in args)


def _by_identity(cls: type, names: list[str], write: _Text) -> _Text:
    """``write`` remembering the text of the last values it wrote, by identity: a value of a
    class whose fields hold only strings and tuples of them (a policy reference, the same on
    every matter of an office, with its parameters) whose very field objects were written
    before — strings and tuples, which cannot change — has the same text."""
    fields = operator.attrgetter(*names)
    memo: dict[int, tuple[object, tuple[object, ...], str]] = {}

    def text(value: Any) -> str:
        found = memo.get(id(value))
        if found is not None and found[0] is value and value.__class__ is cls:
            now = fields(value)
            if all(a is b for a, b in zip(now, found[1], strict=True)):
                return found[2]
        written = write(value)  # checks the class and every string
        if len(memo) >= 64:
            memo.clear()
        memo[id(value)] = (value, fields(value), written)
        return written
    return text


@functools.cache
def field_text(cls: type, name: str) -> _Text:
    """The writer of the field ``name`` of ``cls``: the text :func:`to_stored_json` writes
    for its value inside the object's text (``null`` for None where the field is optional).
    It raises on a value the object's writer would give up on."""
    return _direct(_text_writer(typing.get_type_hints(cls)[name]))


def to_stored_json(value: object) -> str:
    """``to_json(value)`` for the library's own values: the same text, written without a
    dict in between; whatever the writers do not accept at once is written by ``to_json``
    (which raises the error naming the field)."""
    cls = value.__class__
    if attrs.has(cls):
        try:
            return _object_text(cls)(value)
        except Exception:  # anything at all: to_json decides, and names the fault
            return _ser.to_json(value)
    return _ser.to_json(value)


_BUILDERS["text"] = _compiled_text
