"""Offices (督查机构): who registers matters, under which policy, on which calendar.

A city runs several supervision offices in one system. Each :class:`Office` has its name, its
机关代字 (the numbering prefix of its registration numbers), the policy it works under and its
calendar choices (closing time, supplied holiday notices, provisional mode). Every matter,
unit, escalation, score entry and number sequence belongs to exactly one office (rules.md §1:
"A matter belongs to one office and is governed by the policy it was registered under").

The policy an office works under is recorded as a :class:`PolicyRef`: the policy's name, the
exact parameter values and a fingerprint of both, so a later parameter change is visible. An
office keeps the history of its policies (:class:`PolicyTerm`, each with the date it took
effect); a matter records the term in force on the day it was registered and keeps it unless
migrated explicitly. Nothing here reads a clock or storage.
"""

from __future__ import annotations

import datetime as _dt
import enum
import functools
import hashlib
import json
import re
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

import attrs

from supervision.calendar import YearSchedule
from supervision.clock import require_aware
from supervision.domain.policy import Policy
from supervision.exceptions import InvalidInput

__all__ = [
    "CalendarChoice",
    "Letterhead",
    "Office",
    "OfficeEvent",
    "OfficeEventKind",
    "PolicyRef",
    "PolicyTerm",
]

#: Longest office id; ids are the integrator's (e.g. the OA system's organisation code).
OFFICE_ID_LENGTH = 64
_OFFICE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:-]*$")
_PREFIX_BAD = re.compile(r"[\s\d〔〕\[\]()（）号]")


def _text(value: object, field: str, *, allow_empty: bool = False, limit: int = 200) -> str:
    if not isinstance(value, str) or (not allow_empty and not value.strip()):
        raise InvalidInput(field, "a string" if allow_empty else "a non-empty string", value)
    if "\x00" in value or len(value) > limit:
        raise InvalidInput(field, f"text of at most {limit} characters without NUL", value)
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidInput(field, "text without lone surrogate characters", value) from None
    return value


def check_office_id(value: object, field: str = "office_id") -> str:
    """Check an office id: letters, digits and ``_ . : -``, at most 64 characters."""
    if (
        not isinstance(value, str)
        or not 1 <= len(value) <= OFFICE_ID_LENGTH
        or not _OFFICE_ID.match(value)
    ):
        raise InvalidInput(
            field,
            f"an office id of 1–{OFFICE_ID_LENGTH} letters, digits, '_', '.', ':' or '-' "
            "(机关标识, e.g. 'daoli')",
            value,
        )
    return value


def check_prefix(value: object, field: str = "numbering_prefix") -> str:
    """Check a 机关代字: 1–20 characters, no spaces, digits, brackets or 号 (GB/T 9704)."""
    if (
        not isinstance(value, str)
        or not 1 <= len(value) <= 20
        or _PREFIX_BAD.search(value)
        or value.endswith("第")
    ):
        raise InvalidInput(
            field,
            "a 机关代字 of 1–20 characters without spaces, digits, brackets, 第 or 号 "
            "(e.g. 哈里政督)",
            value,
        )
    return _text(value, field)


# ==================================================================== policy reference
def _encode(value: object, field: str) -> str:
    """A parameter value as canonical JSON text (Decimal as its string)."""
    if isinstance(value, bool) or value is None or isinstance(value, int | str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, Decimal):
        return json.dumps(str(value))
    raise InvalidInput(field, "a parameter value (bool, int, str, Decimal or None)", value)


def _decode(text: str, default: object, field: str) -> object:
    try:
        value = json.loads(text)
    except (ValueError, TypeError, RecursionError):
        raise InvalidInput(field, "canonical JSON text of a parameter value", text) from None
    if isinstance(default, Decimal):
        if not isinstance(value, str):
            raise InvalidInput(field, "a decimal written as a string", text)
        try:
            return Decimal(value)
        except ArithmeticError:
            raise InvalidInput(field, "a decimal written as a string", text) from None
    return value


def _fingerprint(name: str, parameters: tuple[tuple[str, str], ...]) -> str:
    """The SHA-256 of the policy's name and parameters (remembered for the few distinct
    references a database holds: every matter read back checks its own)."""
    try:
        return _remembered_fingerprint(name, parameters)
    except TypeError:  # unhashable parts: computed (and refused) as they are
        return _compute_fingerprint(name, parameters)


@functools.lru_cache(maxsize=256)
def _remembered_fingerprint(name: str, parameters: tuple[tuple[str, str], ...]) -> str:
    return _compute_fingerprint(name, parameters)


def _compute_fingerprint(name: str, parameters: tuple[tuple[str, str], ...]) -> str:
    text = json.dumps(
        {"policy": name, "parameters": dict(parameters)},
        ensure_ascii=False, sort_keys=True, separators=(",", ":"),
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@attrs.frozen
class PolicyRef:
    """Which policy, with exactly which parameters: what a matter lives under.

    ``parameters`` are ``(name, canonical JSON value)`` pairs, sorted by name, for every
    parameter the policy has; ``fingerprint`` is the SHA-256 of the name and the parameters,
    so two references agree exactly when they name the same policy with the same values.
    Build one with :meth:`of`; :meth:`values` gives the parameters back as Python values.
    """

    name: str
    parameters: tuple[tuple[str, str], ...]
    fingerprint: str

    @classmethod
    def of(cls, policy: Policy) -> PolicyRef:
        """The reference to ``policy`` as configured (its current parameter values)."""
        if not isinstance(policy, Policy):
            raise InvalidInput("policy", "a supervision.domain.policy.Policy", policy)
        params = tuple(sorted(
            (a.name, _encode(getattr(policy.parameters, a.name), f"parameters.{a.name}"))
            for a in attrs.fields(type(policy.parameters))
        ))
        return cls(policy.name, params, _fingerprint(policy.name, params))

    def __attrs_post_init__(self) -> None:
        _text(self.name, "policy.name", limit=64)
        if _fingerprint(self.name, self.parameters) != self.fingerprint:
            raise InvalidInput(
                "policy.fingerprint",
                "the fingerprint of the policy's name and parameters (记录的制度参数被改动)",
                self.fingerprint,
            )

    @property
    def short(self) -> str:
        """The first 12 hex digits of the fingerprint, for messages and docs."""
        return self.fingerprint[:12]

    def values(self, policy: Policy) -> dict[str, Any]:
        """The recorded parameter values, typed as ``policy``'s parameters are (a parameter
        the policy no longer has is left out; one it has since gained keeps its default)."""
        defaults = {a.name: getattr(policy.parameters, a.name)
                    for a in attrs.fields(type(policy.parameters))}
        return {
            name: _decode(text, defaults[name], f"policy.parameters.{name}")
            for name, text in self.parameters
            if name in defaults
        }

    def label(self) -> str:
        """``daoli-2017（参数 1a2b3c4d5e6f）`` for messages."""
        return f"{self.name}（参数 {self.short}）"


@attrs.frozen
class PolicyTerm:
    """One period of an office's policy: the reference, the day it took effect, and who
    recorded the change, when and why. Matters registered on or after ``effective_from`` (up
    to the next term) live under it."""

    policy: PolicyRef
    effective_from: _dt.date
    recorded_at: _dt.datetime
    recorded_by: str
    reason: str = ""


@attrs.frozen
class CalendarChoice:
    """An office's calendar choices: the closing time its periods end at (None: 24:00,
    rules.md §2), the holiday notices it supplied for years the calendar package does not know
    yet, and whether it counts unknown years provisionally (weekends and statutory holidays,
    results marked provisional) instead of refusing them."""

    close_time: _dt.time | None = None
    schedules: tuple[YearSchedule, ...] = ()
    provisional: bool = False

    @classmethod
    def of(
        cls,
        *,
        close_time: _dt.time | None = None,
        schedules: tuple[YearSchedule, ...] = (),
        provisional: bool = False,
    ) -> CalendarChoice:
        """Check and build the choices."""
        if close_time is not None and (
            not isinstance(close_time, _dt.time) or close_time.tzinfo is not None
        ):
            raise InvalidInput(
                "calendar.close_time", "a naive time such as time(17, 30), or None", close_time
            )
        if isinstance(schedules, str | bytes) or not isinstance(schedules, Iterable):
            raise InvalidInput("calendar.schedules", "a tuple of YearSchedule", schedules)
        found = tuple(schedules)
        for i, schedule in enumerate(found):
            if not isinstance(schedule, YearSchedule):
                raise InvalidInput(
                    f"calendar.schedules[{i}]", "a supervision.calendar.YearSchedule", schedule
                )
        if provisional.__class__ is not bool:
            raise InvalidInput("calendar.provisional", "True or False", provisional)
        return cls(close_time, found, provisional)


@attrs.frozen
class Letterhead:
    """An office's letterhead data (版头 and 版记 of every document it issues): the
    发文机关标志 (``mark``; the office's name when empty), the 机关代字 of its 发文字号
    (``code``; the office's numbering prefix when empty), the organs every document is copied
    to (抄送), the 印发机关 (``printer``; the office's name when empty) and the 联系人 and 电话
    printed as the 附注. :meth:`supervision.documents.Issuer.for_office` turns it into an
    issuer."""

    mark: str = ""
    code: str = ""
    copies_to: tuple[str, ...] = ()
    printer: str = ""
    contact: str = ""
    phone: str = ""

    @classmethod
    def of(
        cls,
        *,
        mark: str = "",
        code: str = "",
        copies_to: tuple[str, ...] | list[str] = (),
        printer: str = "",
        contact: str = "",
        phone: str = "",
    ) -> Letterhead:
        """Check and build (``Letterhead.of(mark="池州经开区督查督办", contact="王芳",
        phone="0566-2021234")``)."""
        if isinstance(copies_to, str):
            raise InvalidInput("letterhead.copies_to", "a list of organs, not one string",
                               copies_to)
        if code:
            check_prefix(code, "letterhead.code")
        return cls(
            _text(mark, "letterhead.mark", allow_empty=True).strip(), code,
            tuple(_text(c, "letterhead.copies_to").strip() for c in copies_to),
            _text(printer, "letterhead.printer", allow_empty=True).strip(),
            _text(contact, "letterhead.contact", allow_empty=True).strip(),
            _text(phone, "letterhead.phone", allow_empty=True).strip(),
        )


@attrs.frozen
class Office:
    """A supervision office (督查机构) as stored.

    ``policies`` is the history of the policy it works under, ordered by ``effective_from``
    (never empty); ``version`` counts changes (optimistic concurrency). Build one with
    :meth:`create`; change it through :mod:`supervision.service_layer` (each change records an
    :class:`OfficeEvent`).
    """

    id: str
    name: str
    numbering_prefix: str
    policies: tuple[PolicyTerm, ...]
    calendar: CalendarChoice = CalendarChoice()
    version: int = 1
    letterhead: Letterhead = Letterhead()

    @classmethod
    def create(
        cls,
        id: str,
        name: str,
        *,
        numbering_prefix: str,
        policy: PolicyRef,
        effective_from: _dt.date,
        recorded_at: _dt.datetime,
        recorded_by: str,
        calendar: CalendarChoice | None = None,
        letterhead: Letterhead | None = None,
    ) -> Office:
        """Check and build a new office under ``policy`` from ``effective_from``."""
        check_office_id(id, "office.id")
        _text(name, "office.name")
        check_prefix(numbering_prefix, "office.numbering_prefix")
        if not isinstance(policy, PolicyRef):
            raise InvalidInput("office.policy", "a PolicyRef (PolicyRef.of(policy))", policy)
        if not isinstance(effective_from, _dt.date) or isinstance(effective_from, _dt.datetime):
            raise InvalidInput("office.effective_from", "a date 生效日期", effective_from)
        term = PolicyTerm(policy, effective_from, require_aware(recorded_at, "recorded_at"),
                          _text(recorded_by, "recorded_by"), "")
        choice = CalendarChoice() if calendar is None else calendar
        if not isinstance(choice, CalendarChoice):
            raise InvalidInput("office.calendar", "a CalendarChoice", calendar)
        head = Letterhead() if letterhead is None else letterhead
        if not isinstance(head, Letterhead):
            raise InvalidInput("office.letterhead", "a Letterhead", letterhead)
        return cls(id, name, numbering_prefix, (term,), choice, 1, head)

    @property
    def current(self) -> PolicyTerm:
        """The newest policy term (possibly taking effect in the future)."""
        return self.policies[-1]

    def term_on(self, day: _dt.date) -> PolicyTerm:
        """The policy term in force on ``day`` (the first term when ``day`` is before it)."""
        found = self.policies[0]
        for term in self.policies:
            if term.effective_from <= day:
                found = term
        return found

    def with_policy(self, term: PolicyTerm) -> Office:
        """This office with ``term`` appended (it must take effect after the current one)."""
        if not isinstance(term, PolicyTerm):
            raise InvalidInput("term", "a PolicyTerm", term)
        if term.effective_from <= self.current.effective_from:
            raise InvalidInput(
                "effective_from",
                f"a day after {self.current.effective_from.isoformat()}, when the current "
                "policy took effect (新制度的生效日期须晚于现行制度)",
                term.effective_from,
            )
        return attrs.evolve(self, policies=(*self.policies, term), version=self.version + 1)


class OfficeEventKind(enum.Enum):
    """What happened to an office (the office's own record, beside the matters' events)."""

    CREATED = "created"
    UPDATED = "updated"
    POLICY_CHANGED = "policy_changed"
    MATTERS_MIGRATED = "matters_migrated"

    @property
    def label(self) -> str:
        """已设立, 已更新, 已变更适用制度, 事项已迁移适用制度."""
        return {
            OfficeEventKind.CREATED: "已设立",
            OfficeEventKind.UPDATED: "已更新",
            OfficeEventKind.POLICY_CHANGED: "已变更适用制度",
            OfficeEventKind.MATTERS_MIGRATED: "事项已迁移适用制度",
        }[self]


@attrs.frozen
class OfficeEvent:
    """One change to an office: ``version`` is the office's version after it."""

    office_id: str
    version: int
    kind: OfficeEventKind
    actor_id: str
    occurred_at: _dt.datetime
    details: tuple[tuple[str, str], ...] = ()

    def detail(self, key: str, default: str = "") -> str:
        """One of the ``details`` by key."""
        return next((v for k, v in self.details if k == key), default)


def policy_ref_from(policy: Policy, parameters: Mapping[str, Any] | None = None) -> PolicyRef:
    """The reference to ``policy`` with ``parameters`` applied (validated by the policy)."""
    if parameters:
        policy = policy.with_parameters(**dict(parameters))
    return PolicyRef.of(policy)
