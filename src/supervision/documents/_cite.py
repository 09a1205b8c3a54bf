"""Citations in the words a document prints: 《道里区人民政府督办检查工作制度》第七条第（三）项.

Rules and clauses carry citation keys (``daoli-2017 art.7(3)``, ``chizhou-2021 §7.2``; see
``shared/seeds/README.md``): the library's own handles, never text for a reader. A document
names the regulation by its title and the clause the way Chinese official text does:

* ``art.7`` → 第七条, ``art.7(3)`` → 第七条第（三）项, ``art.7:2`` → 第七条第二款,
  ``art.8(4):2`` → 第八条第（四）项第二目 (texts numbered 第N条: tongren, daoli);
* ``§7`` → 第七部分, ``§7.2`` → 第七部分第（二）项, ``§5:2`` → 第五部分第二段,
  ``§4.3:2`` → 第四部分第（三）项第二目 (texts numbered 一、(一): chizhou, zhoucun,
  lianyungang).

:func:`cite_in_text` rewrites every key found in a sentence: after the regulation's own
《title》 the key becomes the clause alone, elsewhere the title and the clause. A policy that
is not registered has no title here; its clause is printed after 有关制度.
"""

from __future__ import annotations

import re
from typing import Final

from supervision.exceptions import InvalidInput, UnknownPolicy

__all__ = ["chinese_citation", "chinese_clause", "chinese_number", "cite_in_text"]

_DIGITS: Final = "零一二三四五六七八九"
_UNKNOWN: Final = "有关制度"

_POLICY: Final = r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*"
_CLAUSE: Final = r"(?:§\d+(?:\.\d+)?|art\.\d+(?:\(\d+\))?)(?::\d+)?"
_KEY: Final = re.compile(rf"(?P<policy>{_POLICY}) (?P<clause>{_CLAUSE})(?!\d)")
_KEY_TEXT: Final = rf"{_POLICY} {_CLAUSE}(?!\d)"
_IN_TEXT: Final = re.compile(
    rf"(?:《(?P<title>[^《》]+)》|(?P<name>{_POLICY}))?（(?P<bracketed>{_KEY_TEXT})）"
    rf"|(?P<bare>{_KEY_TEXT})"
)
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
    """A clause key without the policy (``art.7(3)``, ``§7.2``) as Chinese text."""
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


def _title(policy: str) -> str | None:
    from supervision.policies import get

    try:
        return get(policy).title
    except UnknownPolicy:
        return None


def chinese_citation(key: str, title: str | None = None) -> str:
    """``daoli-2017 art.7(3)`` → 《道里区人民政府督办检查工作制度》第七条第（三）项.

    ``title`` is the regulation's title; by default the registered policy's. A policy with no
    title known is cited as 有关制度 and the clause.
    """
    match = _KEY.fullmatch(key) if isinstance(key, str) else None
    if match is None:
        raise InvalidInput("key", "a citation key such as 'daoli-2017 art.7(3)'", key)
    name = title if title is not None else _title(match["policy"])
    clause = chinese_clause(match["clause"])
    return f"《{name.strip('《》')}》{clause}" if name else f"{_UNKNOWN}{clause}"


def cite_in_text(text: str) -> str:
    """Every citation key in ``text`` in its Chinese form.

    ``依据《T》（daoli-2017 art.7(3)）`` becomes ``依据《T》第七条第（三）项``;
    ``另行传递（daoli-2017 art.23）`` becomes ``另行传递（《T》第二十三条）``; an unregistered
    policy's ``name（name §3）`` (its name standing for the title) becomes ``有关制度第三部分``.
    """
    if not isinstance(text, str):
        raise InvalidInput("text", "a string", text)

    def replace(match: re.Match[str]) -> str:
        key = match["bracketed"] or match["bare"]
        parts = _KEY.fullmatch(key)
        assert parts is not None  # the same pattern matched it
        policy, clause = parts["policy"], chinese_clause(parts["clause"])
        title = _title(policy)
        cited = f"《{title}》{clause}" if title is not None else f"{_UNKNOWN}{clause}"
        if match["bare"] is not None:
            return cited
        if match["title"] is not None:
            if match["title"] == title:
                return cited
            return f"《{match['title']}》（{cited}）"
        if match["name"] is not None:
            if match["name"] == policy:
                return cited
            return f"{match['name']}（{cited}）"
        return f"（{cited}）"

    return _IN_TEXT.sub(replace, text)
