"""Documents numbered when their unit of work commits (issue 16.6).

An office's documents of one kind are numbered in one gapless series per year
(``道督催〔2026〕15号``). A sweep page renders its documents before it takes their numbers:
each document's notices are built with the series' *pending number*
(:func:`pending_number`, sequence :data:`PENDING_SEQUENCE`), handed to storage together
(:meth:`~supervision.ports.NoticeRepository.add_numbered`), and the commit takes all the
numbers a page needs in one statement, as late as it can, and writes each notice as
:func:`renumbered` makes it. Rendering a document prints its number once, on its 发文字号 line;
a redacted notice names it once in its subject and once in its text
(:func:`~supervision.documents.redacted_text`). :func:`pending_series` checks exactly that —
so a title or a name that happens to contain the pending number's text makes the document
unfit for numbering later (the caller numbers it at once instead), and replacing the pending
number's text by the real one gives what rendering with the real number gives. Nothing here
reads a clock or storage.
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from supervision.domain._numbers import MAX_SEQUENCE, RegistrationNumber
from supervision.domain.notices import Notice
from supervision.exceptions import InvalidInput

__all__ = ["PENDING_SEQUENCE", "fits_pending", "pending_number", "pending_series", "renumbered"]

#: The sequence of a pending number (never stored: the commit replaces it).
PENDING_SEQUENCE = MAX_SEQUENCE


def pending_number(prefix: str, year: int) -> RegistrationNumber:
    """The number a document of the series (``prefix``, ``year``) is rendered with until its
    commit takes its real one."""
    return RegistrationNumber.of(prefix, year, PENDING_SEQUENCE)


def _printed(notice: Notice, text: str) -> bool:
    """Whether ``text`` (the pending number's) is printed exactly where the number is: once
    in the text, once in a redacted notice's subject, nowhere else in the subject."""
    return notice.text.count(text) == 1 and notice.subject.count(text) == int(notice.redacted)


def fits_pending(notices: Sequence[Notice]) -> bool:
    """Whether the notices are one document's, numbered later: at least one, all about one
    matter of one office from one source, each carrying the same pending number printed
    exactly where the number is (see the module)."""
    if not notices or not all(isinstance(n, Notice) for n in notices):
        return False
    first = notices[0]
    number = first.number
    if number is None or number.seq != PENDING_SEQUENCE:
        return False
    text = str(number)
    return all(
        n.number == number and n.office_id == first.office_id and n.source == first.source
        and n.matter_id == first.matter_id and _printed(n, text)
        for n in notices
    )


def pending_series(notices: Sequence[Notice]) -> tuple[str, str, int]:
    """The series (office id, prefix, year) the document of ``notices`` is numbered in at
    commit; InvalidInput (``notices``) unless :func:`fits_pending`."""
    if isinstance(notices, str | bytes) or not isinstance(notices, Sequence) or not (
        fits_pending(notices)
    ):
        raise InvalidInput(
            "notices",
            "the notices of one document (one office, matter and source), each with the "
            "same pending number (supervision.domain.notice_numbers.pending_number) printed "
            "once in its text and, when redacted, once in its subject",
            notices,
        )
    number = notices[0].number
    assert number is not None
    return (notices[0].office_id, number.prefix, number.year)


def renumbered(notice: Notice, seq: int) -> Notice:
    """A notice carrying a pending number, as numbered ``seq`` in the same series: the
    pending number's text replaced by the real one's in its subject and text."""
    pending = notice.number
    if pending is None or pending.seq != PENDING_SEQUENCE:
        raise InvalidInput("notice.number", "a pending number", pending)
    number = RegistrationNumber.of(pending.prefix, pending.year, seq)
    old, new = str(pending), str(number)
    return attrs.evolve(notice, number=number, subject=notice.subject.replace(old, new),
                        text=notice.text.replace(old, new))
