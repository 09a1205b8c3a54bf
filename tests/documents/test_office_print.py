"""supervision.testing.office_print: finding LibreOffice, refusing bad requests, and failing
with the library's errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from supervision.exceptions import InvalidInput, SupervisionError
from supervision.testing import office_print
from supervision.testing.office_print import (
    OfficePrinter,
    OfficeTools,
    OfficeUnavailable,
    PrintFailed,
    office_available,
    require_office,
)

FAKE = OfficeTools(*(Path(f"/nonexistent/{n}") for n in ("soffice", "pdfinfo", "pdftotext",
                                                          "pdftoppm")))


def _no_programs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(office_print.shutil, "which", lambda name: None)


def test_without_libreoffice_the_printer_names_what_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """With no soffice or poppler on PATH, OfficeUnavailable lists them and the apt command."""
    _no_programs(monkeypatch)
    assert not office_available()
    with pytest.raises(OfficeUnavailable) as error:
        OfficePrinter()
    assert ("soffice", "pdfinfo", "pdftotext", "pdftoppm",
            "a Chinese font (fc-list :lang=zh)") == error.value.missing
    assert "apt-get install libreoffice-writer-nogui poppler-utils" in str(error.value)
    assert isinstance(error.value, SupervisionError)


def test_without_a_chinese_font_the_print_checks_skip_naming_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """LibreOffice without a font covering Chinese lays 公文 out in a fallback font, off the
    22 × 28 grid: the tools count as unavailable, naming the font and fonts-noto-cjk."""
    monkeypatch.setattr(office_print, "chinese_font_installed", lambda: False)
    assert not office_available()
    with pytest.raises(pytest.skip.Exception, match="fonts-noto-cjk"):
        require_office()


def test_require_office_skips_the_test_when_absent(monkeypatch: pytest.MonkeyPatch) -> None:
    """require_office() skips (not fails) the calling test without LibreOffice."""
    _no_programs(monkeypatch)
    with pytest.raises(pytest.skip.Exception):
        require_office()


def test_files_with_the_same_name_are_refused(tmp_path: Path) -> None:
    """Two sources with one stem would overwrite each other's PDF: InvalidInput."""
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "通知.docx").write_bytes(b"")
    with OfficePrinter(tools=FAKE) as printer, pytest.raises(InvalidInput) as error:
        printer.print([tmp_path / "a" / "通知.docx", tmp_path / "b" / "通知.docx"], tmp_path)
    assert "sources" == error.value.fields["field"]


def test_the_printer_must_be_entered(tmp_path: Path) -> None:
    """print() outside ``with`` has no profile directory: InvalidInput."""
    with pytest.raises(InvalidInput):
        OfficePrinter(tools=FAKE).print([tmp_path / "x.docx"], tmp_path)


def test_resolution_is_checked() -> None:
    """The PNG resolution is whole dots per inch from 10 to 600."""
    with pytest.raises(InvalidInput):
        OfficePrinter(resolution=5, tools=FAKE)


def test_the_profile_directory_is_removed_on_exit() -> None:
    """The temporary LibreOffice profile does not outlive the ``with`` block."""
    with OfficePrinter(tools=FAKE) as printer:
        profile = Path(printer._profile.name)  # type: ignore[union-attr]
        assert profile.is_dir()
    assert not profile.exists()


def test_a_failing_conversion_raises_print_failed_with_its_output(tmp_path: Path) -> None:
    """When the office program exits with an error, PrintFailed names the stage and keeps
    what it printed."""
    office = tmp_path / "soffice"
    office.write_text("#!/bin/sh\necho 'source file could not be loaded' >&2\nexit 1\n")
    office.chmod(0o755)
    source = tmp_path / "通知.docx"
    source.write_bytes(b"")
    tools = OfficeTools(office, FAKE.pdfinfo, FAKE.pdftotext, FAKE.pdftoppm)
    with OfficePrinter(tools=tools) as printer, pytest.raises(PrintFailed) as error:
        printer.print([source], tmp_path / "out")
    assert "pdf" == error.value.fields["stage"]
    assert "could not be loaded" in error.value.fields["output"]
