"""The registration number (GB/T 9704 form) and the unit that handles matters: frozen
values re-exported by :mod:`supervision.domain.parts`."""

from __future__ import annotations

import re
from collections.abc import Iterable

import attrs

from supervision.domain._text import check_text as _text
from supervision.domain.terms import UnitKind
from supervision.exceptions import InvalidInput
from supervision.text import FULL_WIDTH_DIGITS

__all__ = ["MAX_SEQUENCE", "RegistrationNumber", "Unit"]


# ================================================================= registration number
#: The highest sequence number a registration number may carry.
MAX_SEQUENCE = 999_999_999
_NUMBER = re.compile(r"^(?P<prefix>[^〔〕\[\]()（）\s]+)〔(?P<year>[0-9０-９]{4})〕"
                     r"(?P<seq>[1-9１-９][0-9０-９]*)号$")
#: The characters a prefix may not hold (compiled once: ``re.search`` of a pattern's text
#: looks it up in the module's cache on every call).
_BRACKETS = re.compile(r"[〔〕\[\]()（）\s]")


@attrs.frozen(order=True)
class RegistrationNumber:
    """A registration number in GB/T 9704 form: 代字〔2026〕15号.

    The year is written in full inside 〔〕, the sequence has no leading zeros and no 第; the
    prefix (机关代字) comes from the policy, and each (prefix, year) has its own sequence.
    """

    prefix: str
    year: int
    seq: int

    @classmethod
    def of(cls, prefix: str, year: int, seq: int) -> RegistrationNumber:
        """Check and build a number."""
        prefix = _text(prefix, "prefix")
        if _BRACKETS.search(prefix) or prefix.endswith("第"):
            raise InvalidInput(
                "prefix", "an issuing-organ code without brackets, spaces or 第 (如 池开督)", prefix
            )
        if year.__class__ is not int or not 1900 <= year <= 2999:
            raise InvalidInput("year", "a four-digit year such as 2026", year)
        if seq.__class__ is not int or not 1 <= seq <= MAX_SEQUENCE:
            raise InvalidInput("seq", f"a sequence number from 1 to {MAX_SEQUENCE}", seq)
        return cls(prefix, year, seq)

    @classmethod
    def parse(cls, text: str) -> RegistrationNumber:
        """Read ``池开督〔2026〕15号``.

        Rejects 第, leading zeros, short years and other brackets; full-width digits are read
        as ASCII ones (in the year and the sequence), digits of other scripts refused.
        """
        if not isinstance(text, str) or len(text) > 64:
            raise InvalidInput("number", "a string such as 池开督〔2026〕15号", text)
        match = _NUMBER.match(text.strip())
        if match is None:
            raise InvalidInput(
                "number",
                "代字〔四位年份〕序号号, e.g. 池开督〔2026〕15号 (GB/T 9704: 六角括号〔〕, "
                "full year, no leading zeros, no 第)",
                text,
            )
        year, seq = (match[g].translate(FULL_WIDTH_DIGITS) for g in ("year", "seq"))
        return cls.of(match["prefix"], int(year), int(seq))

    def __str__(self) -> str:
        return f"{self.prefix}〔{self.year}〕{self.seq}号"


# =========================================================================== units
@attrs.frozen
class Unit:
    """A unit that handles matters (承办单位): a township, a department, an agency, …

    A unit belongs to one office (``office_id``; the service sets it to the adding actor's
    office): unit ids are unique within an office, and another office's unit is not found.
    """

    id: str
    name: str
    kind: UnitKind
    parent_id: str | None = None
    head_id: str | None = None
    leader_in_charge_id: str | None = None
    liaison_ids: tuple[str, ...] = ()
    office_id: str = ""

    @classmethod
    def create(
        cls,
        id: str,
        name: str,
        kind: UnitKind = UnitKind.DEPARTMENT,
        *,
        parent_id: str | None = None,
        head_id: str | None = None,
        leader_in_charge_id: str | None = None,
        liaison_ids: Iterable[str] = (),
        office_id: str = "",
    ) -> Unit:
        """Check and build a unit (``office_id`` is set when the unit is added)."""
        _text(id, "id")
        _text(name, "name")
        if not isinstance(kind, UnitKind):
            raise InvalidInput("kind", "a UnitKind", kind)
        if parent_id == id:
            raise InvalidInput("parent_id", "another unit's id (a unit is not its own parent)", id)
        for field, person in (("parent_id", parent_id), ("head_id", head_id),
                              ("leader_in_charge_id", leader_in_charge_id)):
            if person is not None:
                _text(person, field)
        if isinstance(liaison_ids, str):
            raise InvalidInput("liaison_ids", "a collection of person ids", liaison_ids)
        liaisons = tuple(liaison_ids)
        for i, person in enumerate(liaisons):
            _text(person, f"liaison_ids[{i}]")
        _text(office_id, "office_id", allow_empty=True)
        return cls(id, name, kind, parent_id, head_id, leader_in_charge_id, liaisons, office_id)
