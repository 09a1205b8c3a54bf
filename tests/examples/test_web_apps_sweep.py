"""The daily sweep of the web examples runs as docs/integration.md says: from a scheduler, as
the application's own job (``flask --app flask_app.app sweep``, ``python -m
fastapi_app.sweep``), never from a request; a second run records nothing new."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys

import pytest
from web_support import EXAMPLES, Client, document

from supervision.calendar import SHANGHAI


def sweep_lines(client: Client) -> list[str]:
    """Run the framework's sweep job once against the client's database and clock."""
    if client.framework == "flask":
        result = client.app.test_cli_runner().invoke(args=["sweep"])
        assert 0 == result.exit_code, result.output
        lines: list[str] = result.output.splitlines()
        return lines
    from fastapi_app.sweep import run
    from oa_host.web import summary_lines

    return summary_lines(run(client.url, client.clock))


def test_the_daily_sweep_records_the_reminder_once(client: Client) -> None:
    """lianyungang-2019 §7.3: the day after the 13 October deadline the sweep records a 催办
    for the port group; a second sweep that day records nothing."""
    matter = client.post("/matters", user="clerk", json=document()).body
    assert 200 == client.post(f"/matters/{matter['id']}/dispatch", user="clerk").status
    client.clock.set(dt.datetime(2026, 10, 14, 7, 30, tzinfo=SHANGHAI))
    first = sweep_lines(client)
    assert [f"  催办 {matter['id']} → port (lianyungang-2019 §7.3)"] == [
        line for line in first if "催办" in line]
    second = sweep_lines(client)
    assert second[0].endswith("0 escalations, 0 score entries, offices lyg")


@pytest.mark.parametrize("module", ["fastapi_app.sweep"])
def test_the_sweep_job_runs_from_the_command_line_as_cron_does(module: str, tmp_path) -> None:
    """``python -m fastapi_app.sweep`` with OA_DATABASE_URL exits 0, prints the summary and
    leaves the library's log lines on stderr (the job configures the handler, not the
    library)."""
    pytest.importorskip("fastapi")
    env = dict(os.environ, OA_DATABASE_URL=f"sqlite:///{tmp_path / 'oa.db'}",
               PYTHONPATH=str(EXAMPLES))
    done = subprocess.run([sys.executable, "-m", module], cwd=tmp_path, env=env,
                          capture_output=True, text=True, encoding="utf-8", timeout=300,
                          check=False)
    assert 0 == done.returncode, done.stderr
    assert done.stdout.startswith("巡检 ")
    assert "INFO supervision.sweep: sweep of office lyg at " in done.stderr
