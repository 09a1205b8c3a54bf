"""LibreOffice opens what the writer produces: a ledger converts to PDF headless, and a hostile
title comes out as text, not as a formula's result (skipped when ``soffice`` is missing)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from builders import CLERK, T0, World

from supervision.ledger import ledger_entries, write_xlsx

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")


def _convert(source: Path, target_format: str, out: Path) -> Path:
    assert SOFFICE is not None
    profile = out / "profile"  # a private profile: no clash with another running soffice
    done = subprocess.run(
        [SOFFICE, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to",
         target_format, "--outdir", str(out), str(source)],
        capture_output=True, text=True, timeout=180, check=False,
    )
    assert 0 == done.returncode, done.stderr
    found = out / f"{source.stem}.{target_format.split(':')[0]}"
    assert found.exists(), done.stdout + done.stderr
    return found


@pytest.fixture(scope="module")
def ledger(tmp_path_factory: pytest.TempPathFactory) -> Path:
    world = World()
    world.dispatched(title="=1+1")
    world.dispatched(title="推进园区道路改造")
    path = tmp_path_factory.mktemp("lo") / "ledger.xlsx"
    write_xlsx(ledger_entries(world.uow(), world.ctx, CLERK, T0), path, office="督查室", as_of=T0)
    return path


def test_libreoffice_converts_the_ledger_to_pdf(ledger: Path, tmp_path: Path) -> None:
    """soffice --headless --convert-to pdf succeeds and writes a PDF."""
    pdf = _convert(ledger, "pdf", tmp_path)
    assert b"%PDF" == pdf.read_bytes()[:4]


def test_libreoffice_reads_a_hostile_title_as_text(ledger: Path, tmp_path: Path) -> None:
    """Converted to CSV by LibreOffice (text cells quoted), the title =1+1 is the quoted text
    "=1+1" (a formula would give the number 2)."""
    csv = _convert(ledger, 'csv:Text - txt - csv (StarCalc):44,34,76,1', tmp_path)
    lines = csv.read_text(encoding="utf-8").splitlines()
    assert "督办事项" in lines[1]
    assert any(',"=1+1",' in line for line in lines[2:]), lines
