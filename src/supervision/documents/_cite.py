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

from supervision.domain.policy import chinese_clause, chinese_number
from supervision.exceptions import InvalidInput, UnknownPolicy

__all__ = ["chinese_citation", "chinese_clause", "chinese_number", "cite_in_text"]

_UNKNOWN: Final = "有关制度"

_POLICY: Final = r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*"
_CLAUSE: Final = r"(?:§\d+(?:\.\d+)?|art\.\d+(?:\(\d+\))?)(?::\d+)?"
_KEY: Final = re.compile(rf"(?P<policy>{_POLICY}) (?P<clause>{_CLAUSE})(?!\d)")
_KEY_TEXT: Final = rf"{_POLICY} {_CLAUSE}(?!\d)"
_IN_TEXT: Final = re.compile(
    rf"(?:《(?P<title>[^《》]+)》|(?P<name>{_POLICY}))?（(?P<bracketed>{_KEY_TEXT})）"
    rf"|(?P<bare>{_KEY_TEXT})"
)


def _without_key(text: str) -> bool:
    """Whether ``text`` holds no citation key: every key is a policy name, a space and a
    clause starting ``§`` or ``art.`` (:data:`_CLAUSE`), so a text without ``" §"`` and
    without ``" art."`` has none, and :data:`_IN_TEXT` matches nowhere in it."""
    return " §" not in text and " art." not in text


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
    return text if _without_key(text) else _cited(text)


def _cited(text: str) -> str:
    """:func:`cite_in_text` of a string, every match of :data:`_IN_TEXT` rewritten."""

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
