"""Citations as a person reads them: 《道里区人民政府督办检查工作制度》第七条第（三）项.

Clause keys (``shared/seeds/README.md``) are for code and tests; documents, messages and
ledgers show the Chinese form. Documents numbered 第N条 with (一)(二) items (tongren, daoli) are
cited 第七条第（三）项; documents numbered 一、二、三 with (一)(二) items (chizhou, zhoucun,
lianyungang) 第七部分第（二）项. A numbered paragraph inside an item (``art.8(4):2``, the
paragraph "2.") is 第2点; an unnumbered paragraph of a section (``§5:2``) is 第2段.
"""

from __future__ import annotations

import re

from supervision.exceptions import InvalidInput

__all__ = ["chinese_clause", "chinese_number"]

_DIGITS = "零一二三四五六七八九"
_CLAUSE = re.compile(r"^(?:§(?P<sec>\d+)(?:\.(?P<item>\d+))?|art\.(?P<art>\d+)"
                     r"(?:\((?P<artitem>\d+)\))?)(?::(?P<para>\d+))?$")


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 15 → 十五, 20 → 二十, 99 → 九十九 (1–99)."""
    if n.__class__ is not int or not 1 <= n <= 99:
        raise InvalidInput("n", "a whole number from 1 to 99", n)
    tens, ones = divmod(n, 10)
    if tens == 0:
        return _DIGITS[ones]
    head = "" if tens == 1 else _DIGITS[tens]
    return f"{head}十{_DIGITS[ones] if ones else ''}"


def chinese_clause(clause: str) -> str:
    """A clause key in Chinese: ``art.7(3)`` → 第七条第（三）项, ``§7.2`` → 第七部分第（二）项,
    ``art.8(4):2`` → 第八条第（四）项第2点, ``§5:2`` → 第五部分第2段."""
    match = _CLAUSE.match(clause) if isinstance(clause, str) else None
    if match is None:
        raise InvalidInput("clause", "a clause key such as '§7.2' or 'art.7(3)'", clause)
    if match["art"] is not None:
        text = f"第{chinese_number(int(match['art']))}条"
        item = match["artitem"]
        para_word = "点"
    else:
        text = f"第{chinese_number(int(match['sec']))}部分"
        item = match["item"]
        para_word = "段" if item is None else "点"
    if item is not None:
        text += f"第（{chinese_number(int(item))}）项"
    if match["para"] is not None:
        text += f"第{int(match['para'])}{para_word}"
    return text
