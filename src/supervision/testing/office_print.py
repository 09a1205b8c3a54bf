"""Printing .docx files through LibreOffice for tests (用 LibreOffice 检查公文版式).

:func:`print_docx` converts a .docx file to PDF with LibreOffice running headless in a fresh,
temporary profile directory (so it never touches a user's profile and several runs may go at
once), then reads the PDF with poppler's tools: ``pdfinfo`` for the page count, ``pdftotext``
for each page's text and ``pdftoppm`` for each page as a PNG image. :class:`OfficePrinter`
does the same for many files with one LibreOffice start.

The programs are looked up on ``PATH``: ``soffice`` (or ``libreoffice``), ``pdfinfo``,
``pdftotext`` and ``pdftoppm``. On Debian: ``apt-get install libreoffice-writer-nogui
poppler-utils fonts-noto-cjk``. :func:`office_available` tells whether they are all there;
:func:`require_office` skips the calling pytest test when they are not.

Nothing here is imported by ``import supervision``; pytest is imported only by
:func:`require_office`.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import tempfile
import types
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Final

import attrs

from supervision._logs import logger
from supervision.exceptions import InvalidInput, SupervisionError

__all__ = [
    "OfficePrinter",
    "OfficeTools",
    "OfficeUnavailable",
    "PrintFailed",
    "PrintedDocument",
    "PrintedPage",
    "PrintedWord",
    "chinese_font_installed",
    "find_tools",
    "office_available",
    "print_docx",
    "require_office",
]

_log = logger("supervision.testing.office_print")

_OFFICE_NAMES: Final = ("soffice", "libreoffice")
_POPPLER: Final = ("pdfinfo", "pdftotext", "pdftoppm")
_INSTALL_HINT: Final = (
    "install LibreOffice Writer and poppler (Debian: apt-get install libreoffice-writer-nogui "
    "poppler-utils fonts-noto-cjk)"
)


class OfficeUnavailable(SupervisionError, RuntimeError):
    """Raised when LibreOffice or poppler's PDF tools are not on PATH, or no Chinese font is
    installed (LibreOffice 不可用).

    ``missing`` names the programs not found.
    """

    missing: tuple[str, ...]

    def __init__(self, missing: Sequence[str]) -> None:
        names = tuple(missing)
        super().__init__(
            f"LibreOffice printing unavailable (LibreOffice 不可用): {', '.join(names)} not found; "
            f"{_INSTALL_HINT}",
            missing=names,
        )


class PrintFailed(SupervisionError, RuntimeError):
    """Raised when a conversion step fails (打印失败): ``stage`` is ``pdf``, ``pdfinfo``,
    ``pdftotext`` or ``pdftoppm``, ``source`` the file and ``output`` the program's output."""

    stage: str
    source: str
    output: str

    def __init__(self, stage: str, source: Path, output: str) -> None:
        super().__init__(
            f"printing {source.name} failed at {stage} (打印失败): {output.strip()[-2000:]}",
            stage=stage, source=str(source), output=output,
        )


@attrs.frozen
class OfficeTools:
    """Where the programs are."""

    office: Path
    pdfinfo: Path
    pdftotext: Path
    pdftoppm: Path


_WORD: Final = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>'
)
_PAGE_SIZE: Final = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">')


@attrs.frozen
class PrintedWord:
    """A word on a printed page and its box, in points from the page's top left corner."""

    text: str
    left: float
    top: float
    right: float
    bottom: float


@attrs.frozen
class PrintedPage:
    """One printed page: its number (from 1), its text in reading order (``pdftotext``), its
    text laid out as printed (``pdftotext -layout``), its image (a PNG file), its words with
    their boxes (``pdftotext -bbox``) and its size in points."""

    number: int
    text: str
    layout: str
    image: Path
    words: tuple[PrintedWord, ...] = ()
    width: float = 0.0
    height: float = 0.0

    @property
    def lines(self) -> tuple[str, ...]:
        """The page's non-blank text lines, stripped."""
        return tuple(line.strip() for line in self.text.splitlines() if line.strip())


@attrs.frozen
class PrintedDocument:
    """A .docx file printed to PDF: the source, the PDF and its pages."""

    source: Path
    pdf: Path
    pages: tuple[PrintedPage, ...]

    @property
    def page_count(self) -> int:
        """How many pages the PDF has."""
        return len(self.pages)


def find_tools() -> OfficeTools | None:
    """The programs on PATH, or None when one is missing (or no Chinese font is installed:
    without one LibreOffice lays the text out in a fallback font, not on the 28-character
    grid the checks measure)."""
    office = next((found for name in _OFFICE_NAMES if (found := shutil.which(name))), None)
    poppler = [shutil.which(name) for name in _POPPLER]
    if office is None or None in poppler or not chinese_font_installed():
        return None
    info, text, ppm = (Path(p) for p in poppler if p is not None)
    return OfficeTools(Path(office), info, text, ppm)


def chinese_font_installed() -> bool:
    """Whether fontconfig knows a font covering Chinese (``fc-list :lang=zh``)."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return False
    try:
        done = subprocess.run([fc_list, ":lang=zh", "family"], capture_output=True, text=True,
                              encoding="utf-8", errors="replace", timeout=60, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0 and bool(done.stdout.strip())


def _missing() -> tuple[str, ...]:
    missing = [] if any(shutil.which(n) for n in _OFFICE_NAMES) else ["soffice"]
    missing.extend(name for name in _POPPLER if shutil.which(name) is None)
    if not chinese_font_installed():
        missing.append("a Chinese font (fc-list :lang=zh)")
    return tuple(missing)


def office_available() -> bool:
    """True when LibreOffice, poppler's ``pdfinfo``, ``pdftotext``, ``pdftoppm`` and a
    Chinese font are there."""
    return find_tools() is not None


def require_office() -> OfficeTools:
    """The tools, or skip the calling pytest test naming what is missing."""
    tools = find_tools()
    if tools is None:
        import pytest

        pytest.skip(str(OfficeUnavailable(_missing())))
    return tools


def _run(args: Sequence[str | Path], stage: str, source: Path, timeout: float) -> str:
    try:
        done = subprocess.run(
            [str(a) for a in args], capture_output=True, text=True, encoding="utf-8",
            errors="replace", timeout=timeout, check=False,
            env={**os.environ, "SAL_USE_VCLPLUGIN": "svp"},
        )
    except subprocess.TimeoutExpired as error:
        raise PrintFailed(stage, source, f"timed out after {timeout:g} s") from error
    if done.returncode != 0:
        raise PrintFailed(stage, source, done.stdout + done.stderr)
    return done.stdout


class OfficePrinter:
    """A LibreOffice profile for one or more conversions; a context manager.

    ``with OfficePrinter() as printer: printed = printer.print([a, b], out)`` starts
    LibreOffice once for all the files. The profile directory is removed on exit.
    ``resolution`` is the PNG resolution in dots per inch.
    """

    def __init__(
        self, *, resolution: int = 60, timeout: float = 240.0, tools: OfficeTools | None = None
    ) -> None:
        if resolution.__class__ is not int or not 10 <= resolution <= 600:
            raise InvalidInput("resolution", "whole dots per inch from 10 to 600", resolution)
        found = tools if tools is not None else find_tools()
        if found is None:
            raise OfficeUnavailable(_missing())
        self.tools = found
        self.resolution = resolution
        self.timeout = timeout
        self._profile: tempfile.TemporaryDirectory[str] | None = None

    def __enter__(self) -> OfficePrinter:
        self._profile = tempfile.TemporaryDirectory(prefix="supervision-office-")
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: types.TracebackType | None,
    ) -> None:
        if self._profile is not None:
            self._profile.cleanup()
            self._profile = None

    def print(
        self, sources: Iterable[str | os.PathLike[str]], out_dir: str | os.PathLike[str]
    ) -> list[PrintedDocument]:
        """Convert each .docx to ``out_dir/<stem>.pdf`` and its pages to
        ``out_dir/<stem>-<n>.png``; the stems must differ."""
        if self._profile is None:
            raise InvalidInput("printer", "an entered OfficePrinter (use `with`)", self)
        files = [Path(s).resolve() for s in sources]
        if not files:
            return []
        stems = [f.stem for f in files]
        if len(set(stems)) != len(stems):
            raise InvalidInput("sources", "files with different names (stems)", stems)
        for file in files:
            if not file.is_file():
                raise InvalidInput("sources", "existing .docx files", str(file))
        out = Path(out_dir).resolve()
        out.mkdir(parents=True, exist_ok=True)
        profile = Path(self._profile.name).as_uri()
        _log.debug("converting %d file(s) with %s", len(files), self.tools.office)
        _run(
            [self.tools.office, f"-env:UserInstallation={profile}", "--headless", "--norestore",
             "--nologo", "--nodefault", "--nolockcheck", "--convert-to", "pdf",
             "--outdir", out, *files],
            "pdf", files[0], self.timeout * len(files),
        )
        return [self._pages(file, out / f"{file.stem}.pdf", out) for file in files]

    def _pages(self, source: Path, pdf: Path, out: Path) -> PrintedDocument:
        if not pdf.is_file():
            raise PrintFailed("pdf", source, f"LibreOffice wrote no {pdf.name}")
        info = _run([self.tools.pdfinfo, pdf], "pdfinfo", source, self.timeout)
        count = next(
            (int(line.split(":", 1)[1]) for line in info.splitlines()
             if line.startswith("Pages:")),
            0,
        )
        _run(
            [self.tools.pdftoppm, "-r", str(self.resolution), "-png", pdf, out / source.stem],
            "pdftoppm", source, self.timeout,
        )
        images = sorted(
            out.glob(f"{source.stem}-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1])
        )
        pages = []
        for number in range(1, count + 1):
            texts = [
                _run(
                    [self.tools.pdftotext, *mode, "-f", str(number), "-l", str(number), pdf, "-"],
                    "pdftotext", source, self.timeout,
                )
                for mode in ((), ("-layout",), ("-bbox",))
            ]
            if number > len(images):
                raise PrintFailed("pdftoppm", source, f"no image of page {number}")
            size = _PAGE_SIZE.search(texts[2])
            words = tuple(
                PrintedWord(html.unescape(m[5]), float(m[1]), float(m[2]), float(m[3]),
                            float(m[4]))
                for m in _WORD.finditer(texts[2])
            )
            pages.append(PrintedPage(
                number, texts[0], texts[1], images[number - 1], words,
                float(size[1]) if size else 0.0, float(size[2]) if size else 0.0,
            ))
        return PrintedDocument(source, pdf, tuple(pages))


def print_docx(
    source: str | os.PathLike[str], out_dir: str | os.PathLike[str], *, resolution: int = 60
) -> PrintedDocument:
    """Print one .docx file through LibreOffice: the PDF, page count, pages' text and PNGs."""
    with OfficePrinter(resolution=resolution) as printer:
        return printer.print([source], out_dir)[0]
