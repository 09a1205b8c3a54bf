"""Fixtures for the report tests: the Chromium executable (skips without it, fails under
``SUPERVISION_REQUIRE_BROWSER=1``), and the sample report written, loaded and photographed
once per session."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from report_dom import Node, parse
from report_sample import visible_model

from supervision.report import ReportModel, write_html
from supervision.testing.browser import Image, chromium_fixture, decode_png, dump_dom, screenshot

chromium = chromium_fixture()

_ESCALATION = str(Path(__file__).parent.parent / "escalation")
if _ESCALATION not in sys.path:  # the store-built report tests walk the escalation world
    sys.path.insert(0, _ESCALATION)

#: The screenshot's window: wide enough for the ledger, tall enough for summary and ledger.
SHOT_WIDTH, SHOT_HEIGHT = 1280, 1024


@pytest.fixture(scope="session")
def model() -> ReportModel:
    """The sample report as the reader may see it (the confidential matter filtered out)."""
    return visible_model()


@pytest.fixture(scope="session")
def report_file(tmp_path_factory: pytest.TempPathFactory, model: ReportModel) -> Path:
    """The sample report written by ``write_html``."""
    return write_html(model, tmp_path_factory.mktemp("report") / "report.html")


@pytest.fixture(scope="session")
def browser_dom_text(chromium: Path, report_file: Path) -> str:
    """The report's DOM as Chromium serialises it after loading the file."""
    return dump_dom(report_file, executable=chromium)


@pytest.fixture(scope="session")
def browser_dom(browser_dom_text: str) -> Node:
    return parse(browser_dom_text)


@pytest.fixture(scope="session")
def shot(chromium: Path, report_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Image:
    """The top of the report as Chromium paints it, decoded."""
    png = tmp_path_factory.mktemp("shot") / "report.png"
    screenshot(report_file, png, SHOT_WIDTH, SHOT_HEIGHT, executable=chromium)
    return decode_png(png.read_bytes())
