"""The domain core is pure: no clock, no I/O, no database, no calendar data at import."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).parent.parent.parent / "src" / "supervision"
#: Every module of the domain, its subpackages (policy/, escalation/) included.
DOMAIN_FILES = sorted((SRC / "domain").rglob("*.py"))
#: What the domain may take from the rest of the library: the calendar's types (never
#: ``china()``, which loads the holiday data), the check that a datetime is aware (never a
#: clock), periods, text helpers, the errors, and the pure JSON conversion the domain checks a
#: value's parts with (``domain._text.check_value``).
ALLOWED_OUTSIDE_DOMAIN: dict[str, frozenset[str] | None] = {
    "supervision.calendar": frozenset({"Calendar", "YearSchedule", "SHANGHAI"}),
    "supervision.clock": frozenset({"require_aware"}),
    "supervision.periods": None,
    "supervision.text": None,
    "supervision.exceptions": None,
    "supervision.serialization": frozenset({"from_dict", "to_dict"}),
    # the same writing and reading as from_dict and to_dict, generated per class (pure)
    "supervision._encoded": frozenset({"to_stored_dict"}),
    "supervision._stored": frozenset({"check_written", "from_stored_dict"}),
}
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


@pytest.mark.parametrize("path", DOMAIN_FILES, ids=lambda p: str(p.relative_to(SRC)))
def test_domain_module_reads_no_clock_and_does_no_io(path: Path) -> None:
    """No domain module reads the time, opens files, draws randomness or imports a database
    or the holiday data."""
    text = path.read_text(encoding="utf-8")
    found = [p for p in FORBIDDEN if re.search(p, text, re.MULTILINE)]
    assert [] == found


def _library_imports(path: Path) -> list[tuple[str, str]]:
    """``(module, name)`` for every import of a supervision module outside the domain
    (``name`` is ``*`` for ``import supervision.x``)."""
    found: list[tuple[str, str]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.extend((node.module, alias.name) for alias in node.names)
        elif isinstance(node, ast.Import):
            found.extend((alias.name, "*") for alias in node.names)
    return [
        (module, name) for module, name in found
        if module.split(".")[0] == "supervision"
        and not (module == "supervision.domain" or module.startswith("supervision.domain."))
    ]


def test_domain_subpackages_are_checked() -> None:
    """The purity checks cover the policy vocabulary and the escalation engine too."""
    parents = {p.parent.name for p in DOMAIN_FILES}
    assert {"domain", "policy", "escalation"} <= parents


@pytest.mark.parametrize("path", DOMAIN_FILES, ids=lambda p: str(p.relative_to(SRC)))
def test_domain_module_imports_only_pure_parts_of_the_library(path: Path) -> None:
    """A domain module takes the calendar's types, require_aware, periods, text helpers and
    errors from the rest of the library, and nothing that reads a clock, builds the holiday
    calendar, stores or serves (no clock classes, adapters, ports, service layer, policies
    registry)."""
    offenders = []
    for module, name in _library_imports(path):
        allowed = ALLOWED_OUTSIDE_DOMAIN.get(module, frozenset())
        if name == "*" or (allowed is not None and name not in allowed):
            offenders.append(f"{module}.{name}")
    assert [] == offenders


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
