"""Citations as a person reads them: 《道里区人民政府督办检查工作制度》第七条第（三）项.

Clause keys (``shared/seeds/README.md``) are for code and tests; documents, messages and
ledgers show the Chinese form. This module is the one definition of that form:

* ``art.7`` → 第七条, ``art.7(3)`` → 第七条第（三）项, ``art.7:2`` → 第七条第二款,
  ``art.8(4):2`` → 第八条第（四）项第二目 (texts numbered 第N条: tongren, daoli);
* ``§7`` → 第七部分, ``§7.2`` → 第七部分第（二）项, ``§5:2`` → 第五部分第二段,
  ``§4.3:2`` → 第四部分第（三）项第二目 (texts numbered 一、(一): chizhou, zhoucun,
  lianyungang).
"""

from __future__ import annotations

import functools
import re
from typing import Final

from supervision.exceptions import InvalidInput

__all__ = ["chinese_clause", "chinese_number"]

_DIGITS: Final = "零一二三四五六七八九"
_CLAUSE_PARTS: Final = re.compile(
    r"^(?:§(?P<section>\d+)(?:\.(?P<sitem>\d+))?|art\.(?P<article>\d+)(?:\((?P<aitem>\d+)\))?)"
    r"(?::(?P<position>\d+))?$"
)


def chinese_number(value: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 23 → 二十三, 105 → 一百零五 (1 to 999)."""
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 999:
        raise InvalidInput("number", "a whole number from 1 to 999", value)
    hundreds, rest = divmod(value, 100)
    tens, ones = divmod(rest, 10)
    out = f"{_DIGITS[hundreds]}百" if hundreds else ""
    if tens:
        out += ("" if tens == 1 and not hundreds else _DIGITS[tens]) + "十"
    elif hundreds and ones:
        out += "零"
    if ones:
        out += _DIGITS[ones]
    return out


def chinese_clause(clause: str) -> str:
    """A clause key without the policy (``art.7(3)``, ``§7.2``) as Chinese text (each key's
    text worked out once: :func:`_clause_text`, a pure function of the key)."""
    if type(clause) is not str:
        return _clause_text(clause)
    return _cached_clause_text(clause)


def _clause_text(clause: object) -> str:
    """:func:`chinese_clause` worked out (InvalidInput for anything but a clause key)."""
    match = _CLAUSE_PARTS.match(clause) if isinstance(clause, str) else None
    if match is None:
        raise InvalidInput("clause", "a clause key such as '§7.2', 'art.7(3)' or 'art.8(4):2'",
                           clause)
    parts = match.groupdict()
    if parts["article"] is not None:
        text, item = f"第{chinese_number(int(parts['article']))}条", parts["aitem"]
        bare_position = "款"
    else:
        text, item = f"第{chinese_number(int(parts['section']))}部分", parts["sitem"]
        bare_position = "段"
    if item is not None:
        text += f"第（{chinese_number(int(item))}）项"
    if parts["position"] is not None:
        text += f"第{chinese_number(int(parts['position']))}"
        text += "目" if item is not None else bare_position
    return text


#: :func:`_clause_text` of a ``str`` key, kept per key (a key refused is not kept: the error
#: is raised again each time); a document cites its clause up to three times.
_cached_clause_text = functools.lru_cache(maxsize=4096)(_clause_text)
