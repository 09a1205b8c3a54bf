"""The official-document value objects: the GB/T 9704 elements and the body blocks.

A :class:`Document` is plain data: what the builders in :mod:`supervision.documents._build`
produce from domain values, and what the text, Markdown and .docx renderers lay out. It holds
no matter: by the time a document exists, the reader's visibility has been applied.

GB/T 9704-2012 (党政机关公文格式) elements carried here:

* 版头: 份号 (:attr:`Document.copy_number`, six digits ``000001``; every document marked
  秘密★ or above carries one, copy 1 unless another is chosen with :meth:`Document.copy`),
  密级和保密期限 (:class:`Classification`, written ``秘密★1年``), 紧急程度 (``特急`` /
  ``加急``), 发文机关标志 (:attr:`Issuer.mark`), 发文字号
  (:class:`~supervision.domain.RegistrationNumber`, ``池开督〔2026〕12号``: full year in
  六角括号, no leading zeros, no 第).
* 主体: 标题, 主送机关, 正文, 发文机关署名 (:attr:`Issuer.name`), 成文日期 written
  ``2026年11月21日`` (Arabic numerals, full year, no leading zeros), 附注 (the office's
  联系人及电话: ``（联系人：王芳，电话：0566-2021234）``).
* 版记: 抄送机关 (the office's standing list, then the document's own), 印发机关
  (:attr:`Issuer.printer`, the issuer unless given) 和印发日期 (the 成文日期 unless given).

An office supplies its letterhead data on its :class:`Issuer`: the name, the 发文机关标志, the
机关代字 for its 发文字号, the standing 抄送 list, the 印发机关, the 联系人 and 电话, and
optionally its own .docx template (styles, page set-up and header) for
:func:`~supervision.documents.write_docx`.
"""

from __future__ import annotations

import datetime as _dt
import enum
import os
from collections.abc import Iterable
from pathlib import Path

import attrs

from supervision.domain.model import RegistrationNumber, Urgency
from supervision.domain.office import Office
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


def _unique(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(values))


@attrs.frozen
class Issuer:
    """The issuing organ and its letterhead data (版头 and 版记 of every document it issues).

    ``name`` is the full name (发文机关署名); ``mark`` the 发文机关标志 printed in red above
    the separator (the name unless given, e.g. ``池州经开区督查督办``); ``code`` the 机关代字 of
    its 发文字号 (``池开督``, see :meth:`number`); ``copies_to`` the organs every document is
    copied to (抄送, before the document's own); ``printer`` the 印发机关 (the name unless
    given); ``contact`` and ``phone`` the 联系人及电话 printed as the 附注; ``template`` a .docx
    file whose styles, page set-up and header :func:`~supervision.documents.write_docx` uses.
    """

    name: str
    mark: str
    code: str = ""
    copies_to: tuple[str, ...] = ()
    printer: str = ""
    contact: str = ""
    phone: str = ""
    template: Path | None = None

    @classmethod
    def of(
        cls,
        name: str,
        *,
        mark: str = "",
        code: str = "",
        copies_to: Iterable[str] = (),
        printer: str = "",
        contact: str = "",
        phone: str = "",
        template: str | os.PathLike[str] | None = None,
    ) -> Issuer:
        """``Issuer.of("池州经济技术开发区管委会督查办公室", mark="池州经开区督查督办",
        code="池开督", contact="王芳", phone="0566-2021234")``."""
        name = _text(name, "issuer.name").strip()
        mark = _text(mark, "issuer.mark", allow_empty=True).strip()
        code = _text(code, "issuer.code", allow_empty=True).strip()
        if code:
            try:  # the same rule as a 发文字号's prefix
                RegistrationNumber.of(code, 2000, 1)
            except InvalidInput as error:
                raise InvalidInput("issuer.code", error.fields["expected"], code) from None
        printer = _text(printer, "issuer.printer", allow_empty=True).strip()
        contact = _text(contact, "issuer.contact", allow_empty=True).strip()
        phone = _text(phone, "issuer.phone", allow_empty=True).strip()
        if template is not None:
            if not isinstance(template, str | os.PathLike):
                raise InvalidInput("issuer.template", "a path to a .docx file or None", template)
            template = Path(template)
            if template.suffix.lower() != ".docx":
                raise InvalidInput("issuer.template", "a path to a .docx file", str(template))
        return cls(
            name, mark or name, code, _unique(_texts(copies_to, "issuer.copies_to")), printer,
            contact, phone, template,
        )

    @classmethod
    def for_office(
        cls, office: Office, *, template: str | os.PathLike[str] | None = None
    ) -> Issuer:
        """The issuer an office's letterhead data describes
        (:class:`~supervision.domain.office.Letterhead`): its name, 发文机关标志, 机关代字
        (the office's numbering prefix unless the letterhead names another), standing 抄送,
        印发机关, 联系人 and 电话."""
        if not isinstance(office, Office):
            raise InvalidInput("office", "a supervision.domain.office.Office", office)
        head = office.letterhead
        return cls.of(office.name, mark=head.mark, code=head.code or office.numbering_prefix,
                      copies_to=head.copies_to, printer=head.printer, contact=head.contact,
                      phone=head.phone, template=template)

    @property
    def imprint_organ(self) -> str:
        """The 印发机关: ``printer``, or the issuer's name."""
        return self.printer or self.name

    @property
    def contact_note(self) -> str:
        """The 附注 for 联系人及电话: ``（联系人：王芳，电话：0566-2021234）``, or empty."""
        parts = [f"联系人：{self.contact}"] if self.contact else []
        if self.phone:
            parts.append(f"电话：{self.phone}")
        return f"（{'，'.join(parts)}）" if parts else ""

    def number(self, year: int, sequence: int) -> RegistrationNumber:
        """The 发文字号 ``代字〔year〕sequence号`` with this issuer's ``code``."""
        if not self.code:
            raise InvalidInput("issuer.code", "the issuer's 机关代字 (Issuer.of(..., code=))", "")
        return RegistrationNumber.of(self.code, year, sequence)


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


_MAX_COPY = 999_999  # 份号 are six digits (GB/T 9704 §7.2.1)


def _copy_number(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= _MAX_COPY:
        raise InvalidInput("copy_number", f"a 份号 from 1 to {_MAX_COPY}", value)
    return value


@attrs.frozen
class Document:
    """One official document (公文), ready to render.

    ``kind`` is the document type's name (督办通知, 督查催办单, …; a policy's
    :class:`~supervision.policies.DocumentType` title), ``title`` the 标题, ``date`` the
    成文日期, ``addressees`` the 主送机关 and ``copies_to`` the 抄送机关 (the issuer's standing
    list first). ``copy_number`` is the 份号 (None: none printed; a classified document always
    has one), ``note`` the 附注 (by default the issuer's 联系人及电话) and ``printed_on`` the
    印发日期 (None: the 成文日期).
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
    copy_number: int | None = None
    note: str = ""
    printed_on: _dt.date | None = None

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
        copy_number: int | None = None,
        note: str | None = None,
        printed_on: _dt.date | None = None,
    ) -> Document:
        """Check and build a document.

        A document marked 秘密★ or above gets 份号 ``000001`` unless ``copy_number`` is given;
        ``note=None`` takes the issuer's 联系人及电话 (``""``: no 附注); the 抄送 list is the
        issuer's standing list followed by ``copies_to``, each organ once.
        """
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
        if copy_number is not None:
            copy_number = _copy_number(copy_number)
        elif classification is not None:
            copy_number = 1
        note = issuer.contact_note if note is None else _text(note, "note", allow_empty=True)
        if printed_on is not None and (
            not isinstance(printed_on, _dt.date) or isinstance(printed_on, _dt.datetime)
        ):
            raise InvalidInput("printed_on", "a datetime.date 印发日期 or None", printed_on)
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
            _unique((*issuer.copies_to, *_texts(copies_to, "copies_to"))),
            classification,
            urgency,
            copy_number,
            note.strip(),
            printed_on,
        )

    def copy(self, copy_number: int) -> Document:
        """The same document as printed copy ``copy_number`` (份号): ``doc.copy(2)`` → 000002."""
        return attrs.evolve(self, copy_number=_copy_number(copy_number))

    @property
    def copy_label(self) -> str:
        """The 份号 as printed, six digits (``000001``), or empty."""
        return "" if self.copy_number is None else f"{self.copy_number:06d}"

    @property
    def imprint_date(self) -> _dt.date:
        """The 印发日期: ``printed_on``, or the 成文日期."""
        return self.date if self.printed_on is None else self.printed_on
