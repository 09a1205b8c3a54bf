"""Frozen value classes written without attrs, for what the command line loads at start-up.

``import attrs`` costs about twice the interpreter's own start-up, so the value classes that
``supervision deadline START --period P`` needs (:class:`~supervision.periods.Period`,
:class:`~supervision.periods.Deadline`, :class:`~supervision.calendar.YearSchedule`,
:class:`~supervision.calendar.CalendarCorrection`) derive from :class:`Value` instead of being
``attrs.frozen``, and keep what that gave them:

* construction by the class's own ``__init__`` (positional or keyword, as attrs generated it);
* equality over the fields in order, only with an instance of the very same class (anything
  else is ``NotImplemented``), and a hash over the same fields;
* a repr ``Name(field=value, ...)`` without the fields listed in ``_hidden``;
* assignment and deletion of any attribute refused with attrs' ``FrozenInstanceError``;
* ``__slots__`` (with ``__weakref__``), ``__match_args__``, pickling and copying
  (``copy.replace`` too);
* attrs' own functions — ``attrs.has``, ``attrs.fields``, ``attrs.evolve``, ``attrs.asdict`` —
  through ``__attrs_attrs__``, which the metaclass builds (importing attrs) on first use: the
  JSON converters (:mod:`supervision.serialization`) read these classes as any attrs class.

tests/test_frozen_values.py compares each class with the attrs class it replaced.
"""

from __future__ import annotations

from operator import attrgetter
from typing import TYPE_CHECKING, Any, ClassVar, NoReturn, dataclass_transform

__all__ = ["Value"]


class _ValueType(type):
    """The metaclass: gives the classes an attrs description of their fields on first use."""

    @property
    def __attrs_attrs__(cls) -> Any:
        own = cls.__dict__.get("__attrs_attrs__")
        if own is not None:  # an attrs class derived from a value class: attrs' own fields
            return own
        found = cls.__dict__.get("_attrs_described")
        if found is None:
            import attrs

            fields = getattr(cls, "_fields", ())
            if not fields:  # Value itself: not an attrs class (attrs.has is False, and an
                # attrs subclass of a value class collects no fields from it)
                raise AttributeError("__attrs_attrs__")
            defaults: dict[str, Any] = getattr(cls, "_defaults", {})
            hidden: frozenset[str] = getattr(cls, "_hidden", frozenset())
            shadow = attrs.make_class(
                cls.__name__,
                {name: attrs.field(default=defaults.get(name, attrs.NOTHING),
                                   repr=name not in hidden) for name in fields},
                frozen=True,
            )
            found = attrs.fields(shadow)
            type.__setattr__(cls, "_attrs_described", found)
        return found


def _frozen() -> NoReturn:
    from attr.exceptions import FrozenInstanceError  # attrs is loaded only for the error

    raise FrozenInstanceError


@dataclass_transform(frozen_default=True)  # type checkers: the fields are read-only
class Value(metaclass=_ValueType):
    """Base of a hand-written frozen value class (see the module docstring).

    A subclass lists its fields in ``_fields`` (in the order of its ``__init__``) and in
    ``__slots__``, names the defaults of its ``__init__`` in ``_defaults`` and the fields its
    repr leaves out in ``_hidden``; its ``__init__`` sets each field with
    ``object.__setattr__``.
    """

    __slots__ = ("__weakref__",)

    _fields: ClassVar[tuple[str, ...]] = ()
    _defaults: ClassVar[dict[str, Any]] = {}
    _hidden: ClassVar[frozenset[str]] = frozenset()
    if TYPE_CHECKING:  # (not at run time: typing.get_type_hints reads the annotations)
        _values: ClassVar[attrgetter[Any]]  # the fields' values, as one tuple
        __attrs_attrs__: ClassVar[Any]  # attrs.has / attrs.fields accept the classes

    def __init_subclass__(cls) -> None:
        super().__init_subclass__()
        if "_fields" not in cls.__dict__ and cls._fields:
            return  # a subclass of a value class: its fields, as an attrs subclass has them
        fields = cls.__dict__.get("_fields", ())
        if len(fields) < 2 or sorted(fields) != sorted(cls.__dict__.get("__slots__", ())):
            raise TypeError(f"{cls.__name__}: a Value lists two fields or more in _fields, "
                            "in order, and the same names in __slots__")
        type.__setattr__(cls, "__match_args__", fields)
        cls._values = attrgetter(*fields)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        values = self._values
        return bool(values(self) == values(other))

    def __ne__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        values = self._values
        return bool(values(self) != values(other))

    def __hash__(self) -> int:
        return hash(self._values(self))

    def __repr__(self) -> str:
        hidden = self._hidden
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._fields
                          if name not in hidden)
        return f"{self.__class__.__qualname__.rsplit('>.', 1)[-1]}({shown})"  # as attrs

    def __setattr__(self, name: str, value: Any) -> NoReturn:
        _frozen()

    def __delattr__(self, name: str) -> NoReturn:
        _frozen()

    def __getstate__(self) -> dict[str, Any]:
        return dict(zip(self._fields, self._values(self), strict=True))

    def __replace__(self, **changes: Any) -> Any:
        """``copy.replace`` (Python 3.13), as attrs gives it: through the constructor."""
        return type(self)(**{**self.__getstate__(), **changes})

    def __setstate__(self, state: dict[str, Any]) -> None:
        for name, value in state.items():
            object.__setattr__(self, name, value)
