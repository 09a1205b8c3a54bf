"""The demo's own report in a real browser (15.1): ``python3 tasks.py demo`` writes
out/daoli-2017-督查督办情况报告.html; loaded in headless Chromium its ledger rows, unit rows and
totals are the statistics functions' values on the demo's database at the instant the page
states, the auditor's report holds no controlled matter, and the painted page is not blank.

Skips without Chromium, fails instead under ``SUPERVISION_REQUIRE_BROWSER=1``."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from report_dom import Node, parse

from supervision import bootstrap
from supervision.bootstrap import Supervision
from supervision.domain import Actor, Role
from supervision.domain.scorecard import ScorePeriod
from supervision.ledger import FIGURE_COLUMNS
from supervision.ledger._figures import figure_texts
from supervision.report import UNIT_HEADERS, Light, write_html
from supervision.service_layer.reporting import OfficeStatistics
from supervision.testing.browser import decode_png, dump_dom, screenshot

DEMO = Path(__file__).parent.parent.parent / "examples" / "daoli_2017_quarter.py"
PERIOD = ScorePeriod.of_half(2026, 2)
#: The controlled matter of the demo (控制知情范围, daoli-2017 art.23).
CONTROLLED = "重点项目开复工情况统计"
CLERK = Actor.of("clerk-1", Role.OFFICE_CLERK, office_id="daoli", name="督查室 王科员")
AUDITOR = Actor.of("audit-1", Role.AUDITOR, office_id="daoli", name="审计 周审计")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo run in a fresh folder: its ./out."""
    folder = tmp_path_factory.mktemp("demo")
    done = subprocess.run([sys.executable, str(DEMO)], cwd=folder, capture_output=True,
                          text=True, encoding="utf-8", timeout=300, check=False)
    assert 0 == done.returncode, done.stderr
    return folder / "out"


@pytest.fixture(scope="module")
def page(demo: Path) -> Path:
    return demo / "daoli-2017-督查督办情况报告.html"


@pytest.fixture(scope="module")
def dom(chromium: Path, page: Path) -> Node:
    return parse(dump_dom(page, executable=chromium))


@pytest.fixture(scope="module")
def app(demo: Path) -> Iterator[Supervision]:
    opened = bootstrap(url=f"sqlite:///{demo / 'daoli-2017.db'}")
    yield opened
    opened.dispose()


@pytest.fixture(scope="module")
def stats(app: Supervision, dom: Node) -> OfficeStatistics:
    """The statistics at the instant the page states (``data-as-of``)."""
    as_of = dt.datetime.fromisoformat(dom.by_tag("body")[0].attributes["data-as-of"])
    return app.statistics(CLERK, as_of=as_of, period=PERIOD)


def _texts(row: Node) -> list[str]:
    fields = {f: row.field(f).text() for f, _label in UNIT_HEADERS if f != "unit"}
    rate = row.field("on_time_rate").attributes
    fields["on_time_rate"] = fields["on_time_rate"].split("（")[0]
    fields["rate_numerator"] = rate["data-numerator"]
    fields["rate_denominator"] = rate["data-denominator"]
    return [fields[key] for key, _label in FIGURE_COLUMNS]


def test_demo_unit_rows_and_totals_are_the_statistics(dom: Node, stats: OfficeStatistics) -> None:
    """Each unit row of the browser's DOM, and the totals row, hold the statistics' figures."""
    rows = dom.by_id("units").elements(lambda n: n.tag == "tr" and "data-unit" in n.attributes)
    found = {r.attributes["data-unit"]: _texts(r) for r in rows}
    found["合计"] = _texts(dom.by_id("unit-totals"))
    expected = {u.unit_name: figure_texts(u.figures) for u in stats.units}
    expected["合计"] = figure_texts(stats.total)
    assert expected == found


def test_demo_ledger_rows_carry_the_statistics_lights(dom: Node, stats: OfficeStatistics) -> None:
    """One ledger row per matter the clerk may see, each with the light its standing has."""
    rows = dom.by_id("ledger").with_attr("data-matter-number")
    assert sorted((s.number, s.light.value) for s in stats.standings) == sorted(
        (r.attributes["data-matter-number"], r.attributes["data-light"]) for r in rows)


def test_demo_report_names_its_instant_office_and_policy(dom: Node) -> None:
    """The heading states the office, the policy (by its title, never its key) and the as-of
    instant."""
    meta = dom.by_id("report-meta")
    assert ("道里区人民政府督查室", "2026年12月20日17时（北京时间）") == (
        meta.field("office").text(), meta.field("as-of").text())
    assert "《道里区人民政府督办检查工作制度》" == meta.field("policy").text()


def test_the_auditors_report_holds_no_controlled_matter(
    chromium: Path, app: Supervision, stats: OfficeStatistics, tmp_path: Path
) -> None:
    """Written for 审计只读 from the demo's database: the controlled matter's title is in
    neither the file nor the browser's DOM (it is in the clerk's)."""
    path = write_html(app.report(AUDITOR, as_of=stats.as_of, period=PERIOD),
                      tmp_path / "audit.html")
    text = path.read_text(encoding="utf-8")
    browser = dump_dom(path, executable=chromium)
    assert (False, False) == (CONTROLLED in text, CONTROLLED in browser)


def test_the_clerks_report_does_hold_the_controlled_matter(page: Path) -> None:
    """The designated clerk's report names it: the filter, not the data, hides it above."""
    assert CONTROLLED in page.read_text(encoding="utf-8")


def test_demo_screenshot_is_not_blank_and_shows_the_lights(
    chromium: Path, page: Path, tmp_path: Path
) -> None:
    """The painted top of the demo's report: over 5 % of its pixels differ from the
    background, in more than 50 colours, and the red and yellow lights are painted."""
    png = screenshot(page, tmp_path / "demo.png", 1280, 1200, executable=chromium)
    image = decode_png(png.read_bytes())
    red, yellow = (image.count_near(_rgb(light.colour), tolerance=10)
                   for light in (Light.RED, Light.YELLOW))
    assert (True, True, True, True) == (
        image.share_not(image.background()) > 0.05, len(image.colours()) > 50, red >= 40,
        yellow >= 40), (red, yellow)


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)
