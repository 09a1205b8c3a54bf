"""Documents numbered when their unit of work commits: the pending number, the check that
it is printed exactly where the number goes, and the renumbered notice."""

from __future__ import annotations

import attrs
import pytest

from supervision.domain.model import RegistrationNumber
from supervision.domain.notice_numbers import (
    PENDING_SEQUENCE,
    fits_pending,
    pending_number,
    pending_series,
    renumbered,
)
from supervision.exceptions import InvalidInput
from supervision.testing.contract import OFFICE, sample_notice

PENDING = pending_number("池开督催", 2026)


def _document(*, text: str | None = None, subject: str | None = None,
              redacted: bool = False) -> list:
    notice = sample_notice()
    return [attrs.evolve(
        notice, number=PENDING, redacted=redacted,
        subject=subject if subject is not None else notice.subject,
        text=text if text is not None else f"{PENDING}\n{notice.text}",
    )]


def test_the_pending_number_is_the_last_of_its_series() -> None:
    """The pending number is 池开督催〔2026〕999999999号 (never a stored number)."""
    assert RegistrationNumber("池开督催", 2026, PENDING_SEQUENCE) == PENDING
    assert "池开督催〔2026〕999999999号" == str(PENDING)


def test_a_document_fits_when_its_number_is_printed_exactly_where_the_number_goes() -> None:
    """Once in the text; once in a redacted notice's subject, never in a document's title;
    not at all elsewhere: a title or text that happens to hold the pending number's text
    does not fit (it is numbered at once instead)."""
    assert fits_pending(_document())
    assert fits_pending(_document(subject=f"《督查催办单》（{PENDING}）", redacted=True))
    assert not fits_pending(_document(subject=f"关于{PENDING}的督查催办单"))
    assert not fits_pending(_document(text=f"{PENDING}\n又见{PENDING}"))
    assert not fits_pending(_document(text="没有文号"))
    assert not fits_pending(_document(subject="《督查催办单》", redacted=True))
    assert not fits_pending([sample_notice()])  # numbered already
    assert not fits_pending([])
    other = _document()[0]
    assert not fits_pending([*_document(), attrs.evolve(other, source="escalation:x")])


def test_the_series_of_a_document_is_its_office_prefix_and_year() -> None:
    """(office, 池开督催, 2026); InvalidInput naming notices when it does not fit."""
    assert (OFFICE, "池开督催", 2026) == pending_series(_document())
    with pytest.raises(InvalidInput) as caught:
        pending_series([sample_notice()])
    assert "notices" == caught.value.fields["field"]


def test_renumbering_replaces_the_pending_number_in_subject_and_text_only() -> None:
    """The number, its line in the text and a redacted subject read the real number."""
    [notice] = _document(subject=f"《督查催办单》（{PENDING}）", redacted=True)
    numbered = renumbered(notice, 15)
    assert "池开督催〔2026〕15号" == str(numbered.number)
    assert "《督查催办单》（池开督催〔2026〕15号）" == numbered.subject
    assert numbered.text.startswith("池开督催〔2026〕15号\n")
    assert attrs.evolve(numbered, number=PENDING, subject=notice.subject,
                        text=notice.text) == notice
    with pytest.raises(InvalidInput):
        renumbered(sample_notice(), 2)
