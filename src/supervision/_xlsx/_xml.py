"""Text and numbers as SpreadsheetML writes them.

Escaping is done once per value. Characters XML 1.0 cannot carry — control characters other
than tab, newline and carriage return, lone surrogates, U+FFFE and U+FFFF — are written the
way Excel writes them, ``_xHHHH_`` (ECMA-376 Part 1, §22.4.2.4, ST_Xstring); an underscore
that would otherwise start such an escape is itself escaped as ``_x005F_``, so Excel and
LibreOffice read back exactly the original text. A carriage return is written as the
character reference ``&#13;`` (a literal one would be read as a newline).
"""

from __future__ import annotations

import datetime as _dt
import math
import re
from decimal import Decimal

from supervision.calendar import SHANGHAI
from supervision.exceptions import InvalidInput, NaiveDatetime

__all__ = ["attribute", "date_serial", "datetime_serial", "number", "text"]

#: Excel's limit on the characters of one cell.
MAX_CELL_TEXT = 32_767

_SPECIAL = re.compile(
    "[&<>\r\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]|_(?=x[0-9A-Fa-f]{4}_)"
)
_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\r": "&#13;"}
_ATTRIBUTE_SPECIAL = re.compile('[&<>"]')
_EPOCH = _dt.date(1899, 12, 30).toordinal()


def _replace(match: re.Match[str]) -> str:
    char = match[0]
    entity = _ENTITIES.get(char)
    return entity if entity is not None else f"_x{ord(char):04X}_"


def text(value: str) -> str:
    """``value`` ready to stand between tags (``&``, ``<``, ``>`` as entities; what XML
    cannot carry as ``_xHHHH_``)."""
    if _SPECIAL.search(value) is None:
        return value
    return _SPECIAL.sub(_replace, value)


def attribute(value: str) -> str:
    """``value`` ready to stand in a double-quoted attribute (the caller has refused control
    characters)."""
    if _ATTRIBUTE_SPECIAL.search(value) is None:
        return value
    return _ATTRIBUTE_SPECIAL.sub(lambda m: _ENTITIES[m[0]], value)


#: Excel's 1900 date system counts a 29 February 1900 that never was: serial numbers are
#: right from 1 March 1900 on, so earlier days are refused.
FIRST_DAY = _dt.date(1900, 3, 1)


def date_serial(day: _dt.date, field: str = "date") -> int:
    """Excel's serial day number (1900 date system): 2026-03-10 → 46091."""
    if day < FIRST_DAY:
        raise InvalidInput(field, "a day from 1 March 1900 on (Excel's calendar)", day)
    return day.toordinal() - _EPOCH


def datetime_serial(moment: _dt.datetime, field: str) -> str:
    """An aware datetime as a serial day number with the fraction of the day, on the
    Asia/Shanghai wall clock (a spreadsheet has no time zones)."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise NaiveDatetime(field, moment)
    local = moment.astimezone(SHANGHAI)
    if local.date() < FIRST_DAY:
        raise InvalidInput(field, "an instant from 1 March 1900 on (Excel's calendar)", moment)
    seconds = local.hour * 3600 + local.minute * 60 + local.second + local.microsecond / 1e6
    return repr(local.toordinal() - _EPOCH + seconds / 86400)


def number(value: float | Decimal, field: str) -> str:
    """A finite float or Decimal as XML's xsd:double text."""
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise InvalidInput(field, "a finite number", value)
        return str(value)
    if not math.isfinite(value):
        raise InvalidInput(field, "a finite number", value)
    return repr(value)
