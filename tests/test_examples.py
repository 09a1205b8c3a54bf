"""Every script in examples/ runs to completion (they are what newcomers run first)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

FOLDER = Path(__file__).parent.parent / "examples"
#: The runnable scripts (``_office.py`` is the quarters' shared helper, not a script).
EXAMPLES = sorted(p for p in FOLDER.glob("*.py") if not p.name.startswith("_"))
QUARTERS = sorted(FOLDER.glob("*_quarter.py"))


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


def run_example(script: Path, cwd: Path) -> str:
    done = subprocess.run(
        [sys.executable, str(script)], cwd=cwd, capture_output=True, text=True,
        encoding="utf-8", timeout=300, check=False,
    )
    assert 0 == done.returncode, done.stderr
    return done.stdout


def test_there_is_one_quarter_example_per_registered_policy() -> None:
    """Every shipped regulation has its quarter example."""
    from supervision import policies

    expected = sorted(f"{name.replace('-', '_')}_quarter.py" for name in policies.names())
    assert expected == [p.name for p in QUARTERS]


@pytest.mark.parametrize("script", QUARTERS, ids=[p.name for p in QUARTERS])
def test_quarter_example_writes_the_ledger_and_the_assessment_under_out(
    script: Path, tmp_path: Path
) -> None:
    """A quarter example prints the ledger and the scorecard and writes both .xlsx files and
    its SQLite database into ./out of the working directory."""
    import openpyxl

    from supervision.ledger import HEADERS, SCORE_SHEET, SHEET

    out = run_example(script, tmp_path)
    policy = script.name.removesuffix("_quarter.py").replace("_", "-")
    assert "督办事项台账" in out
    assert "考核情况" in out
    assert "国庆节假期" in out                          # a period counted over National Day
    assert "批准延期" in out
    assert "退回重办" in out
    assert "[巡检]" in out
    ledger = openpyxl.load_workbook(tmp_path / "out" / f"{policy}-台账.xlsx")[SHEET]
    assert list(HEADERS) == [c.value for c in ledger[2]]  # below the title line
    assessment = openpyxl.load_workbook(tmp_path / "out" / f"{policy}-考核结果.xlsx")
    assert SCORE_SHEET in assessment.sheetnames
    assert (tmp_path / "out" / f"{policy}.db").is_file()


def test_quarter_example_run_twice_starts_a_fresh_quarter(tmp_path: Path) -> None:
    """Running an example again in the same folder replaces its database, same output."""
    script = FOLDER / "daoli_2017_quarter.py"
    assert run_example(script, tmp_path) == run_example(script, tmp_path)


def test_embedding_example_maps_errors_to_http_like_status_codes(tmp_path: Path) -> None:
    """The web-handler example answers 201, 200, 422, 403, 404 (hidden = missing) and 409."""
    out = run_example(FOLDER / "embedding_web_handler.py", tmp_path)
    for line, status in (
        ("POST /matters (督查室 立项)", "201"),
        ("POST /matters (no title)", "422"),
        ("GET /matters/<id> (海洋发展局: not its unit)", "404"),
        ("GET /matters/<secret id> (审计只读)", "404"),
        ("GET /matters/no-such-id (审计只读)", "404"),
        ("POST /matters/<id>/acknowledge (审计只读)", "403"),
        ("POST …/acknowledge If-Match: stale version", "409"),
        ("POST …/acknowledge If-Match: current", "200"),
    ):
        found = next(x for x in out.splitlines() if x.startswith(line))
        assert f"→ {status}" in found, found
    assert not list(tmp_path.iterdir())                # it wrote only into a temp dir
