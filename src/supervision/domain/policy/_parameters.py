"""Policy parameters: the named, documented defaults a policy takes where its text is silent.

Each parameter is an attrs field whose metadata holds ``doc`` (what it means and why the
default) and ``alternative`` (the other reading). A policy's ``Parameters`` subclass lists them;
:meth:`~supervision.domain.policy.Policy.with_parameters` changes them (validated).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any, ClassVar

import attrs

from supervision.domain.policy._rules import Citation, Rung, Trigger
from supervision.domain.policy._terms import EscalationAction, TriggerEvent
from supervision.exceptions import InvalidParameter
from supervision.periods import Period

__all__ = [
    "Parameters",
    "choice",
    "decimal_points",
    "extensions_field",
    "flag",
    "parameter",
    "prefix_field",
    "warning_field",
    "warning_rungs",
    "whole_number",
]


def _fail(instance: object, attribute: attrs.Attribute[Any], expected: str, got: Any) -> None:
    policy = getattr(instance, "POLICY", type(instance).__name__)
    raise InvalidParameter(policy, attribute.name, expected, got)


def choice(*allowed: str) -> Callable[[object, attrs.Attribute[Any], Any], None]:
    """An attrs validator accepting one of ``allowed`` strings."""

    def check(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
        if value not in allowed:
            _fail(instance, attribute, "one of " + ", ".join(repr(a) for a in allowed), value)

    return check


def whole_number(low: int, high: int) -> Callable[[object, attrs.Attribute[Any], Any], None]:
    """An attrs validator accepting a whole number from ``low`` to ``high``."""

    def check(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
        if value.__class__ is not int or not low <= value <= high:
            _fail(instance, attribute, f"a whole number from {low} to {high}", value)

    return check


def decimal_points(low: str, high: str) -> Callable[[object, attrs.Attribute[Any], Any], None]:
    """An attrs validator accepting points (a Decimal) from ``low`` to ``high``."""

    lo, hi = Decimal(low), Decimal(high)

    def check(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
        if not isinstance(value, Decimal) or not value.is_finite() or not lo <= value <= hi:
            _fail(instance, attribute, f"points from {low} to {high} (e.g. Decimal('0.5'))", value)

    return check


def to_points(value: Any) -> Any:
    """Converter: accept int, str or Decimal points; leave anything else for the validator."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, str):
        try:
            return Decimal(value)
        except InvalidOperation:
            return value
    return value


def _prefix(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if (
        not isinstance(value, str)
        or not 1 <= len(value) <= 20
        or any(c.isspace() or c.isdigit() or c in "〔〕[]()（）号" for c in value)
    ):
        _fail(
            instance,
            attribute,
            "a document prefix (代字) of 1–20 characters without spaces, digits, brackets or 号, "
            "e.g. '池开督'",
            value,
        )


def _flag(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value.__class__ is not bool:
        _fail(instance, attribute, "True or False", value)


def parameter(default: Any, validator: Any, doc: str, alternative: str) -> Any:
    """A documented parameter field: ``doc`` says what it means and why the default,
    ``alternative`` names the other reading."""
    return attrs.field(
        default=default,
        validator=validator,
        converter=to_points if isinstance(default, Decimal) else None,
        metadata={"doc": doc, "alternative": alternative},
    )


def flag() -> Callable[[object, attrs.Attribute[Any], Any], None]:
    """An attrs validator accepting True or False only."""
    return _flag


def prefix_field(default: str, reason: str = "") -> Any:
    """The ``numbering_prefix`` parameter (代字) with a policy's default and why it was chosen."""
    return attrs.field(
        default=default,
        validator=_prefix,
        metadata={
            "doc": "Document prefix (代字) of registration numbers, 代字〔2026〕15号. "
            "Library convention: the texts fix none" + (f"; {reason}." if reason else "."),
            "alternative": "any prefix the office uses",
        },
    )


def warning_field(default: int, basis: str) -> Any:
    """The ``pre_deadline_warning_working_days`` parameter (0 turns the warning off)."""
    return attrs.field(
        default=default,
        validator=whole_number(0, 10),
        metadata={
            "doc": f"{basis}: a pre-deadline warning this many working days before a deadline "
            "(library convention: the text asks for timely follow-up but names no time; "
            "0 turns it off).",
            "alternative": "0: no pre-deadline warning",
        },
    )


def warning_rungs(working_days: int, citation: Citation) -> tuple[Rung, ...]:
    """The pre-deadline warning rung (step 0), or none when ``working_days`` is 0."""
    if not working_days:
        return ()
    return (Rung(
        step=0,
        action=EscalationAction.PRE_DEADLINE_WARNING,
        triggers=(Trigger(TriggerEvent.APPROACHING_DEADLINE,
                          offset=Period.working_days(working_days)),),
        citation=citation,
    ),)


def extensions_field() -> Any:
    """The ``extensions_enabled`` parameter: off, since none of the five texts has extensions."""
    return attrs.field(
        default=False,
        validator=_flag,
        metadata={
            "doc": "Whether extensions (延期) may be requested. None of the five texts provides "
            "them (rules.md §1): a unit explains and keeps reporting instead.",
            "alternative": "True, as many deployed systems practise",
        },
    )


@attrs.frozen
class Parameters:
    """Base of every policy's parameters: named, documented defaults an integrator overrides.

    Each field's metadata holds ``doc`` (what it means and why the default) and
    ``alternative`` (the other reading). Subclasses set ``POLICY``.
    """

    POLICY: ClassVar[str] = "policy"

    numbering_prefix: str = prefix_field("督")
    extensions_enabled: bool = extensions_field()
    first_cycle_min_working_days: int = attrs.field(
        default=5,
        validator=whole_number(0, 30),
        metadata={
            "doc": "Calendar reporting cycles (每月, 每季度 …): the cycle a matter is dispatched "
            "in is owed, its report due at the cycle's end, unless fewer than this many working "
            "days of it remain after dispatch; then the first report is the next cycle's. A "
            "cycle that begins on the dispatch day is always owed "
            "(rules.md §2, library convention: the texts name no grace).",
            "alternative": "0: the dispatch cycle is always owed",
        },
    )
    office_actions_on_working_days: bool = attrs.field(
        default=True,
        validator=_flag,
        metadata={
            "doc": "The office's actions (催办单, 告诫单, 约谈通知, 通报) go out on working days: "
            "one falling due on a rest day or holiday is issued at the start of the next "
            "working day (library convention: an office does not act on its days off).",
            "alternative": "False: issued the moment it falls due, whatever the day",
        },
    )
