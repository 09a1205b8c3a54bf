"""The official-document value objects: the GB/T 9704 elements and the body blocks.

A :class:`Document` is plain data: what the builders in :mod:`supervision.documents._build`
produce from domain values, and what the text, Markdown and .docx renderers lay out. It holds
no matter: by the time a document exists, the reader's visibility has been applied.

GB/T 9704-2012 (党政机关公文格式) elements carried here:

* 版头: 份号 (left out: the library handles no classified content), 密级和保密期限
  (:class:`Classification`, written ``秘密★1年``), 紧急程度 (``特急`` / ``加急``), 发文机关标志
  (:attr:`Issuer.mark`), 发文字号 (:class:`~supervision.domain.RegistrationNumber`,
  ``池开督〔2026〕12号``: full year in 六角括号, no leading zeros, no 第).
* 主体: 标题, 主送机关, 正文, 发文机关署名 (:attr:`Issuer.name`), 成文日期 written
  ``2026年11月21日`` (Arabic numerals, full year, no leading zeros).
* 版记: 抄送机关, 印发机关和印发日期.
"""

from __future__ import annotations

import datetime as _dt
import enum
from collections.abc import Iterable

import attrs

from supervision.domain.model import RegistrationNumber, Urgency
from supervision.exceptions import InvalidInput

__all__ = [
    "Block",
    "Classification",
    "Document",
    "Heading",
    "Issuer",
    "Paragraph",
    "SecrecyLevel",
    "Table",
    "urgency_mark",
]


def _text(value: object, field: str, *, allow_empty: bool = False) -> str:
    if not isinstance(value, str) or (not allow_empty and not value.strip()):
        raise InvalidInput(field, "a string" if allow_empty else "a non-empty string", value)
    if "\x00" in value:
        raise InvalidInput(field, "text without NUL characters", value)
    return value


def _texts(values: Iterable[str], field: str) -> tuple[str, ...]:
    if isinstance(values, str):
        raise InvalidInput(field, "a list of names, not one string", values)
    return tuple(_text(v, field) for v in values)


class SecrecyLevel(enum.Enum):
    """密级 (GB/T 9704 §7.2.3; 保守国家秘密法): the value is the Chinese term."""

    SECRET = "秘密"
    CONFIDENTIAL = "机密"
    TOP_SECRET = "绝密"

    @property
    def label(self) -> str:
        """秘密, 机密, 绝密."""
        return self.value


@attrs.frozen
class Classification:
    """密级 and 保密期限, written ``秘密★1年`` (GB/T 9704 §7.2.3); the term is optional.

    The library never holds classified content (``daoli-2017 art.23``: secret matters are
    recorded by reference only); the marking exists for documents an integrator issues about
    such a matter's administration and classifies under their own rules.
    """

    level: SecrecyLevel
    term: str = ""

    @classmethod
    def of(cls, level: SecrecyLevel, term: str = "") -> Classification:
        """``Classification.of(SecrecyLevel.SECRET, "1年")`` → 秘密★1年."""
        if not isinstance(level, SecrecyLevel):
            raise InvalidInput("classification.level", "a SecrecyLevel 密级", level)
        term = _text(term, "classification.term", allow_empty=True).strip()
        if "★" in term:
            raise InvalidInput("classification.term", "the term alone, e.g. 1年 (no ★)", term)
        return cls(level, term)

    @property
    def label(self) -> str:
        """``秘密★1年``, or ``秘密`` with no term."""
        return f"{self.level.value}★{self.term}" if self.term else self.level.value


def urgency_mark(urgency: Urgency) -> str:
    """紧急程度 as GB/T 9704 §7.2.4 writes it: 特急 or 加急; an ordinary matter has none.

    The domain's 紧急 is the standard's 加急 (library convention: the texts say 紧急, the
    format standard knows only 特急 and 加急).
    """
    if not isinstance(urgency, Urgency):
        raise InvalidInput("urgency", "a supervision.domain.Urgency", urgency)
    return {Urgency.NORMAL: "", Urgency.URGENT: "加急", Urgency.EXTRA_URGENT: "特急"}[urgency]


@attrs.frozen
class Issuer:
    """The issuing organ: ``name`` (the full name, 发文机关署名) and ``mark`` (发文机关标志,
    printed in red above the separator; the name unless given, e.g. ``池州经开区督查督办``)."""

    name: str
    mark: str

    @classmethod
    def of(cls, name: str, *, mark: str = "") -> Issuer:
        """``Issuer.of("池州经济技术开发区管委会督查办公室")``."""
        name = _text(name, "issuer.name").strip()
        mark = _text(mark, "issuer.mark", allow_empty=True).strip()
        return cls(name, mark or name)


@attrs.frozen
class Paragraph:
    """A paragraph of the body (正文)."""

    text: str


@attrs.frozen
class Heading:
    """A heading inside the body (一、 二、 …)."""

    text: str


@attrs.frozen
class Table:
    """A table inside the body: Chinese headers and rows of text cells, all the same width."""

    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]

    @classmethod
    def of(cls, headers: Iterable[str], rows: Iterable[Iterable[str]]) -> Table:
        """Check that every row has one cell per header."""
        head = tuple(headers)
        body = tuple(tuple(r) for r in rows)
        for number, row in enumerate(body, start=1):
            if len(row) != len(head):
                raise InvalidInput(f"rows[{number}]", f"{len(head)} cells", row)
        return cls(head, body)


Block = Paragraph | Heading | Table


@attrs.frozen
class Document:
    """One official document (公文), ready to render.

    ``kind`` is the document type's name (督办通知, 督查催办单, …; a policy's
    :class:`~supervision.policies.DocumentType` title), ``title`` the 标题, ``date`` the
    成文日期, ``addressees`` the 主送机关 and ``copies_to`` the 抄送机关.
    """

    kind: str
    title: str
    issuer: Issuer
    date: _dt.date
    number: RegistrationNumber | None
    addressees: tuple[str, ...]
    body: tuple[Block, ...]
    copies_to: tuple[str, ...] = ()
    classification: Classification | None = None
    urgency: str = ""

    @classmethod
    def create(
        cls,
        kind: str,
        title: str,
        issuer: Issuer,
        date: _dt.date,
        *,
        number: RegistrationNumber | None,
        addressees: Iterable[str],
        body: Iterable[Block],
        copies_to: Iterable[str] = (),
        classification: Classification | None = None,
        urgency: str = "",
    ) -> Document:
        """Check and build a document."""
        if not isinstance(issuer, Issuer):
            raise InvalidInput("issuer", "a supervision.documents.Issuer (Issuer.of(...))", issuer)
        if not isinstance(date, _dt.date) or isinstance(date, _dt.datetime):
            raise InvalidInput("date", "a datetime.date 成文日期", date)
        if number is not None and not isinstance(number, RegistrationNumber):
            raise InvalidInput(
                "number", "a RegistrationNumber 发文字号 (RegistrationNumber.of(...))", number
            )
        if classification is not None and not isinstance(classification, Classification):
            raise InvalidInput("classification", "a Classification 密级 or None", classification)
        if urgency not in ("", "特急", "加急"):
            raise InvalidInput("urgency", "'', '特急' or '加急' (GB/T 9704 §7.2.4)", urgency)
        blocks = tuple(body)
        for block in blocks:
            if not isinstance(block, Paragraph | Heading | Table):
                raise InvalidInput("body", "Paragraph, Heading or Table blocks", block)
        return cls(
            _text(kind, "kind"),
            _text(title, "title"),
            issuer,
            date,
            number,
            _texts(addressees, "addressees"),
            blocks,
            _texts(copies_to, "copies_to"),
            classification,
            urgency,
        )
