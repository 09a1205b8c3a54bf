"""The domain core is pure: no clock, no I/O, no database, no calendar data at import."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).parent.parent.parent / "src" / "supervision"
DOMAIN_FILES = sorted((SRC / "domain").glob("*.py"))
FORBIDDEN = [
    r"\.now\(",
    r"\.today\(",
    r"\butcnow\(",
    r"\btime\.time\(",
    r"^\s*import chinese_calendar|^\s*from chinese_calendar",
    r"sqlalchemy",
    r"\bopen\(",
    r"\bimport uuid\b|\bimport random\b",
]


@pytest.mark.parametrize("path", DOMAIN_FILES, ids=lambda p: p.name)
def test_domain_module_reads_no_clock_and_does_no_io(path: Path) -> None:
    """No domain module reads the time, opens files, draws randomness or imports a database
    or the holiday data."""
    text = path.read_text(encoding="utf-8")
    found = [p for p in FORBIDDEN if re.search(p, text, re.MULTILINE)]
    assert [] == found


def test_only_the_system_clock_reads_the_real_time() -> None:
    """datetime.now()/date.today() appear in supervision.clock and in no core layer."""
    real_time = re.compile(r"\b(?:datetime|date)\.(?:now|today|utcnow)\(")
    layers = [SRC / "domain", SRC / "service_layer", SRC / "adapters", SRC / "ports.py"]
    files = [p for layer in layers for p in ([layer] if layer.is_file() else layer.rglob("*.py"))]
    offenders = [
        str(p.relative_to(SRC)) for p in files if real_time.search(p.read_text(encoding="utf-8"))
    ]
    assert [] == offenders
    assert real_time.search((SRC / "clock.py").read_text(encoding="utf-8"))


def test_importing_the_core_layers_loads_no_database_or_test_tools() -> None:
    """The domain, service layer and memory adapter load no database driver and no test
    tools (the domain files' own imports are checked above)."""
    code = (
        "import sys, supervision.domain, supervision.service_layer, "
        "supervision.adapters.memory, supervision.ports, supervision.clock;"
        "print(sorted(m for m in ('sqlalchemy', 'psycopg', 'pytest', 'hypothesis') "
        "if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert "[]" == out
