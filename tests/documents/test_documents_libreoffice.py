"""Every document kind printed through LibreOffice (PDF and PNG): the page count, the page
numbers, the 版记 at the foot of the last page and never on a page by itself, the signature
block never alone, and the 22 × 28 grid. Skipped where LibreOffice or poppler is absent."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import attrs
import pytest
from print_support import KINDS, LETTERHEAD, Matters, squeeze

from supervision.documents import (
    Document,
    Issuer,
    Line,
    LineRole,
    Paragraph,
    Table,
    layout,
    write_docx,
)
from supervision.documents._layout import LINE_PITCH_TWIPS, MM_PER_PT, PAGE
from supervision.domain import RegistrationNumber
from supervision.testing.office_print import (
    OfficePrinter,
    PrintedDocument,
    PrintedPage,
    require_office,
)

#: Pages each kind takes with the letterhead issuer (its 附注 and 抄送), as LibreOffice lays
#: them out on the 22-line grid.
EXPECTED_PAGES = {
    "督办通知": 2,
    "秘密督办通知": 2,
    "督查催办单": 2,
    "督查告诫单": 2,
    "约谈通知": 2,
    "督查通报": 2,
    "督查专报": 2,
    "考核结果": 2,
}
_LEFT = PAGE.left_mm / MM_PER_PT
_RIGHT = (PAGE.left_mm + PAGE.text_width_mm) / MM_PER_PT
_TEXT_BOTTOM = (PAGE.top_mm + PAGE.text_height_mm) / MM_PER_PT
_LINE_PT = LINE_PITCH_TWIPS / 20
_PARAGRAPH = "督查督办事项办理情况通报表扬批评整改落实到位按期办结报送进展"
_FOLIO = re.compile(r"—\s*(\d+)\s*—")
Printed = dict[str, tuple[Document, PrintedDocument]]


def _print(documents: dict[str, Document], folder: Path) -> Printed:
    require_office()
    paths = []
    for number, document in enumerate(documents.values()):
        path = folder / f"doc{number:02d}.docx"
        write_docx(document, path)
        paths.append(path)
    with OfficePrinter(resolution=30) as printer:
        printed = printer.print(paths, folder)
    return {name: (documents[name], p) for name, p in zip(documents, printed, strict=True)}


@pytest.fixture(scope="module")
def kinds(tmp_path_factory: pytest.TempPathFactory) -> Printed:
    require_office()
    matters = Matters()
    documents = {name: build(matters, LETTERHEAD) for name, build in KINDS.items()}
    return _print(documents, tmp_path_factory.mktemp("kinds"))


def _plain(paragraphs: int, *, chars: int = 26) -> Document:
    """A 督办通知 whose body is ``paragraphs`` paragraphs of ``chars`` Chinese characters."""
    body = [Paragraph((_PARAGRAPH * 4)[:chars]) for _ in range(paragraphs)]
    return Document.create(
        "督办通知", "关于某事项的督办通知", LETTERHEAD, dt.date(2026, 11, 21),
        number=RegistrationNumber.of("池开督", 2026, 12), addressees=["经济发展局"], body=body,
    )


#: Body lengths (one-line paragraphs) that end the body on either side of a page end, where
#: the signature block or the 版记 would be left alone without the keep rules.
_SWEEP = (3, 4, 10, 24, 25, 26)


@pytest.fixture(scope="module")
def sweep(tmp_path_factory: pytest.TempPathFactory) -> Printed:
    require_office()
    documents = {f"{n}段": _plain(n) for n in _SWEEP}
    documents["grid"] = _plain(30, chars=54)
    return _print(documents, tmp_path_factory.mktemp("sweep"))


def _closing(document: Document) -> list[str]:
    return [squeeze(i.text) for i in layout(document) if isinstance(i, Line)
            and i.role in (LineRole.SIGNATURE, LineRole.DATE, LineRole.NOTE)]


def _body_tail(document: Document) -> str:
    """A few characters that end the body: what the signature block's page must show."""
    for item in reversed(layout(document)):
        if isinstance(item, Table):
            return squeeze(item.rows[-1][0] if item.rows else item.headers[0])
        if item.role in (LineRole.PARAGRAPH, LineRole.HEADING):
            return squeeze(item.text)[-3:]
    raise AssertionError("a document without a body")


def _has_imprint(page: PrintedPage) -> bool:
    return "印发" in squeeze(page.text)


def _check_print(document: Document, printed: PrintedDocument) -> None:
    """The invariants every printed document keeps."""
    pages = printed.pages
    with_imprint = [p.number for p in pages if _has_imprint(p)]
    assert [printed.page_count] == with_imprint, "the 版记 is on the last page only"
    last = squeeze(pages[-1].text)
    for line in _closing(document):
        assert line in last, f"{line} is on the 版记's page"
    assert _body_tail(document) in last, "the body's end is on the signature block's page"
    for page in pages:
        folios = [int(n) for n in _FOLIO.findall(page.layout)]
        assert [page.number] == folios


@pytest.mark.parametrize("kind", list(KINDS))
def test_gbt_9704_each_kind_prints_on_its_expected_page_count(kinds: Printed, kind: str) -> None:
    """Each document kind takes the pages it takes on the 22-line grid."""
    assert EXPECTED_PAGES[kind] == kinds[kind][1].page_count


@pytest.mark.parametrize("kind", list(KINDS))
def test_gbt_9704_7_4_no_page_holds_only_the_imprint(kinds: Printed, kind: str) -> None:
    """The 版记 is on the last page with the signature block and the end of the body, and
    every page carries its number."""
    _check_print(*kinds[kind])


@pytest.mark.parametrize("kind", list(KINDS))
def test_gbt_9704_7_4_imprint_is_the_foot_of_the_last_page(kinds: Printed, kind: str) -> None:
    """The 印发 line is the last line of the 版心 on the last page: its words end within one
    line above the 版心's bottom edge, and nothing but the page number is lower."""
    page = kinds[kind][1].pages[-1]
    text_words = [w for w in page.words if w.bottom <= _TEXT_BOTTOM + 2]
    imprint = [w for w in text_words if "印发" in w.text]
    assert imprint
    assert _TEXT_BOTTOM - _LINE_PT < imprint[0].bottom <= _TEXT_BOTTOM
    assert max(w.bottom for w in text_words) == pytest.approx(imprint[0].bottom, abs=1)


@pytest.mark.parametrize("kind", list(KINDS))
def test_gbt_9704_7_5_page_numbers_stand_outside_one_character_in(
    kinds: Printed, kind: str
) -> None:
    """— 1 — ends one 4号 character left of the 版心's right edge on odd pages, — 2 — starts
    one character right of its left edge on even pages, 7 mm under the 版心."""
    for page in kinds[kind][1].pages:
        dashes = [w for w in page.words if w.text == "—"]
        assert 2 == len(dashes)
        if page.number % 2:
            assert _RIGHT - 14 == pytest.approx(dashes[-1].right, abs=2)
        else:
            assert _LEFT + 14 == pytest.approx(dashes[0].left, abs=2)
        middle = (dashes[0].top + dashes[0].bottom) / 2
        assert 7.0 == pytest.approx((middle - _TEXT_BOTTOM) * MM_PER_PT, abs=1.5)


@pytest.mark.parametrize("kind", list(KINDS))
def test_each_kind_prints_as_png_pages(kinds: Printed, kind: str) -> None:
    """Each page is also a PNG image of an A4 page."""
    for page in kinds[kind][1].pages:
        data = page.image.read_bytes()
        assert b"\x89PNG\r\n\x1a\n" == data[:8]
        width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
        assert 1.41 == round(height / width, 2)


@pytest.mark.parametrize("name", [f"{n}段" for n in _SWEEP])
def test_gbt_9704_7_3_5_signature_block_and_imprint_never_alone_at_any_body_length(
    sweep: Printed, name: str
) -> None:
    """Whatever page the body ends on, the signature block and the 版记 share it with the
    body's last paragraph."""
    _check_print(*sweep[name])


def test_gbt_9704_5_2_3_a_full_page_holds_22_lines_of_28_characters(sweep: Printed) -> None:
    """A page of body text has 22 lines; a two-line paragraph is 26 characters (the first
    line's two-character indent) then 28."""
    printed = sweep["grid"][1]
    full = [len(squeeze(line)) for line in printed.pages[1].text.splitlines()
            if line.strip() and not _FOLIO.search(line)]
    assert [26, 28] * 11 == full
    assert 4 == printed.page_count


def test_office_template_header_prints_on_every_page(tmp_path: Path) -> None:
    """A template's header is printed on odd and even pages alike."""
    require_office()
    import docx

    template = docx.Document()
    template.sections[0].header.paragraphs[0].text = "某县人民政府督查室内部资料"
    path = tmp_path / "letterhead.docx"
    template.save(str(path))
    issuer = Issuer.of(LETTERHEAD.name, mark=LETTERHEAD.mark, template=path)
    document = attrs.evolve(_plain(12), issuer=issuer)
    printed = _print({"t": document}, tmp_path)["t"][1]
    assert 2 == printed.page_count
    for page in printed.pages:
        assert "某县人民政府督查室内部资料" in squeeze(page.text)
