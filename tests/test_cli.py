"""The ``supervision`` command: deadlines and policies from the shell, documented exit codes."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from supervision.cli import EXIT_CALENDAR, EXIT_OK, EXIT_USAGE, main

DATA = Path(__file__).parent / "data"


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(argv), out=out)
    return code, out.getvalue()


def test_deadline_with_a_stated_period_explains_the_national_day_roll() -> None:
    """3日 from 30 September 2026 ends on 8 October, explained in both languages."""
    code, out = run("deadline", "2026-09-30", "--period", "3日")
    assert EXIT_OK == code
    assert "末日 last day: 2026-10-08" in out
    assert "顺延至10月8日" in out
    assert "National Day" in out


def test_deadline_from_a_policy_cites_its_clause() -> None:
    """chizhou-2021 §7.2: an important matter dispatched 28 September 2026 is due 13 October."""
    code, out = run(
        "deadline", "2026-09-28T09:00+08:00", "--policy", "chizhou-2021", "--category", "important",
        "--json",
    )
    assert EXIT_OK == code
    data = json.loads(out)
    assert "2026-10-13" == data["last_day"]
    assert "2026-10-14T00:00:00+08:00" == data["due_at"]
    assert data["citation"].startswith("chizhou-2021 §7.2")


def test_utc_start_counts_from_the_chinese_day() -> None:
    """16:30 UTC on 8 October 2026 is 9 October in China: 2日 end on Monday 12 October."""
    code, out = run("deadline", "2026-10-08T16:30+00:00", "--period", "2日", "--json")
    assert EXIT_OK == code
    assert "2026-10-12" == json.loads(out)["last_day"]


def test_office_closing_time_sets_due_at() -> None:
    """--close 17:30 ends the period when the office closes."""
    code, out = run("deadline", "2026-09-30", "--period", "3日", "--close", "17:30", "--json")
    assert EXIT_OK == code
    assert "2026-10-08T17:30:00+08:00" == json.loads(out)["due_at"]


def test_unknown_year_exits_3_and_provisional_opt_in_answers() -> None:
    """Past the published years the command exits 3; --provisional counts and says so."""
    code, _ = run("deadline", "2026-12-31", "--period", "1个工作日")
    assert EXIT_CALENDAR == code
    code, out = run("deadline", "2026-12-31", "--period", "1个工作日", "--provisional", "--json")
    assert EXIT_OK == code
    assert json.loads(out)["provisional"] is True


def test_schedule_file_supplies_a_year(tmp_path: Path) -> None:
    """--schedule loads a transcription of a (here made-up) year's notice."""
    code, out = run(
        "deadline", "2030-09-30", "--period", "1个工作日", "--schedule",
        str(DATA / "fictional-2030.toml"), "--json",
    )
    assert EXIT_OK == code
    assert "2030-10-08" == json.loads(out)["last_day"]


@pytest.mark.parametrize(
    "argv",
    [
        ("deadline", "2026-09-30T09:00", "--period", "3日"),  # naive datetime
        ("deadline", "30/09/2026", "--period", "3日"),
        ("deadline", "2026-09-30", "--period", "立即"),
        ("deadline", "2026-09-30", "--policy", "nowhere-2020"),
        ("deadline", "2026-09-30", "--policy", "chizhou-2021"),  # §7.2: a tier must be chosen
        ("deadline", "2026-09-30", "--period", "3日", "--policy", "chizhou-2021"),
        ("deadline", "2026-09-30"),
        ("deadline", "2026-09-30", "--period", "3日", "--close", "5pm"),
        ("no-such-command",),
        (),
    ],
)
def test_bad_input_exits_2_with_a_message(
    argv: tuple[str, ...], capsys: pytest.CaptureFixture[str]
) -> None:
    """Bad input gets exit code 2 and a one-line reason on stderr."""
    code, _ = run(*argv)
    assert EXIT_USAGE == code
    assert capsys.readouterr().err.startswith("supervision: ")


def test_policies_lists_the_five_regulations() -> None:
    """`supervision policies` names every registered policy."""
    code, out = run("policies")
    assert EXIT_OK == code
    for name in ("chizhou-2021", "daoli-2017", "lianyungang-2019", "tongren-2014", "zhoucun-2021"):
        assert name in out


def test_python_dash_m_supervision_runs_the_command() -> None:
    """The module entry point behaves like the console script."""
    done = subprocess.run(
        [sys.executable, "-m", "supervision", "deadline", "2026-09-30", "--period", "次日"],
        capture_output=True, text=True, encoding="utf-8", timeout=60, check=False,
    )
    assert 0 == done.returncode, done.stderr
    assert "2026-10-08" in done.stdout
