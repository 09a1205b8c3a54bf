"""The report and the browser harness need only the core dependencies."""

from __future__ import annotations

import subprocess
import sys
import textwrap

OPTIONAL = ("sqlalchemy", "alembic", "psycopg", "openpyxl", "docx", "numpy", "hypothesis", "pytest")

SCRIPT = textwrap.dedent(
    f"""
    import importlib.abc, sys

    class Block(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path=None, target=None):
            if name.split(".")[0] in {OPTIONAL!r}:
                raise ModuleNotFoundError(f"blocked optional dependency: {{name}}")
            return None

    sys.meta_path.insert(0, Block())

    import datetime as dt
    from supervision.calendar import SHANGHAI
    from supervision.report import Light, MatterRow, ReportModel, render_html
    import supervision.testing.browser

    row = MatterRow.of(number="1", title="事项", source_label="批示", category_label="一般",
                       lead_unit="某局", status_label="办理中", light=Light.GREEN)
    model = ReportModel.of(office_name="某县督查室", policy_title="某办法",
                           policy_name="daoli-2017",
                           as_of=dt.datetime(2026, 1, 5, 9, tzinfo=SHANGHAI),
                           period_label="2026年", reader_label="督查办", matters=[row])
    assert "绿灯" in render_html(model)
    print("ok")
    """
)


def test_report_and_browser_harness_import_with_the_core_dependencies_only() -> None:
    """With every optional dependency blocked, a report renders and the harness imports."""
    done = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True,
                          encoding="utf-8", timeout=120, check=False)
    assert (0, "ok") == (done.returncode, done.stdout.strip()), done.stderr
