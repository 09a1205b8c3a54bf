"""The package installs as promised: core imports need only the core dependencies."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import supervision

OPTIONAL = ("sqlalchemy", "alembic", "psycopg", "openpyxl", "docx", "numpy", "hypothesis", "pytest")

BLOCKER = textwrap.dedent(
    f"""
    import importlib.abc, sys

    class Block(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path=None, target=None):
            if name.split(".")[0] in {OPTIONAL!r}:
                raise ModuleNotFoundError(f"blocked optional dependency: {{name}}")
            return None

    sys.meta_path.insert(0, Block())
    """
)


def run_without_extras(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", BLOCKER + textwrap.dedent(code)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )


def test_import_supervision_needs_only_the_core_dependencies() -> None:
    """With every optional dependency blocked, the package imports and counts a deadline."""
    done = run_without_extras(
        """
        import datetime as dt
        import supervision
        from supervision import Period, calendar
        d = Period.days(3).deadline(dt.date(2026, 9, 30), calendar.china())
        assert d.last_day == dt.date(2026, 10, 8)
        import supervision.testing
        print("ok")
        """
    )
    assert 0 == done.returncode, done.stderr
    assert "ok" == done.stdout.strip()


def test_package_ships_its_type_marker() -> None:
    """py.typed is present so type checkers use the package's annotations."""
    assert (Path(supervision.__file__).parent / "py.typed").is_file()


def test_public_names_are_unique_and_importable() -> None:
    """Every name in __all__ exists, once (ruff's RUF022 keeps the list sorted)."""
    assert len(set(supervision.__all__)) == len(supervision.__all__)
    for name in supervision.__all__:
        assert hasattr(supervision, name), name
