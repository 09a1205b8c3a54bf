"""Every script in examples/ runs to completion (they are what newcomers run first)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = sorted((Path(__file__).parent.parent / "examples").glob("*.py"))


@pytest.mark.parametrize("script", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_example_runs(script: Path, tmp_path: Path) -> None:
    """The example exits 0 and prints something."""
    done = subprocess.run(
        [sys.executable, str(script)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
        check=False,
    )
    assert 0 == done.returncode, done.stderr
    assert done.stdout.strip()


def test_deadline_demo_shows_the_national_day_roll() -> None:
    """The README's demo prints the rolled National Day deadline with its explanation."""
    script = Path(__file__).parent.parent / "examples" / "deadlines.py"
    out = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, encoding="utf-8",
        check=True, timeout=300,
    ).stdout
    assert "末日10月3日为法定节假日，顺延至10月8日" in out
    assert "provisional=True" in out
