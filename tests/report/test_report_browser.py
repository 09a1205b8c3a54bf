"""The report in a real browser (headless Chromium): the DOM Chromium builds from the file has
the model's rows, totals and escalations, labelled lights, no hidden matter, no executed
script and no URL, and the painted page is not blank.

These tests skip without Chromium, and fail instead under ``SUPERVISION_REQUIRE_BROWSER=1``
(as ``.ci/run`` sets)."""

from __future__ import annotations

import re
from pathlib import Path

from report_dom import Node
from report_sample import HIDDEN_NUMBER, HIDDEN_TITLE, HOSTILE_TITLE

from supervision.report import Light, ReportModel
from supervision.testing.browser import Image
from supervision.text import cn_date

SUMMED = ("assigned", "completed_on_time", "completed_late", "open_overdue",
          "open_not_yet_due", "reminders", "returns", "bulletins")


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def _unit_rows(dom: Node) -> list[Node]:
    return dom.by_id("units").elements(lambda n: n.tag == "tr" and "data-unit" in n.attributes)


def test_browser_ledger_rows_equal_the_model_rows(model: ReportModel, browser_dom: Node) -> None:
    """The browser's ledger has one row per model row, same numbers and titles, same order."""
    rows = browser_dom.by_id("ledger").with_attr("data-matter-number")
    assert [(m.number, m.title) for m in model.matters] == [
        (r.attributes["data-matter-number"], r.field("title").text()) for r in rows
    ]


def test_browser_totals_row_equals_the_sum_of_the_unit_rows(
    model: ReportModel, browser_dom: Node
) -> None:
    """In the browser's DOM, each total is the sum of the unit rows above it."""
    rows, totals = _unit_rows(browser_dom), browser_dom.by_id("unit-totals")
    sums = {f: sum(int(r.field(f).text()) for r in rows) for f in SUMMED}
    assert (len(model.units), sums) == (
        len(rows), {f: int(totals.field(f).text()) for f in SUMMED}
    )


def test_browser_totals_rate_is_summed_numerator_over_summed_denominator(
    browser_dom: Node,
) -> None:
    """The totals rate's numerator and denominator are the sums of the units'."""
    rows = _unit_rows(browser_dom)
    rate = browser_dom.by_id("unit-totals").field("on_time_rate").attributes
    expected = tuple(
        sum(int(r.field("on_time_rate").attributes[key]) for r in rows)
        for key in ("data-numerator", "data-denominator")
    )
    assert expected == (int(rate["data-numerator"]), int(rate["data-denominator"]))


def test_browser_shows_every_escalation(model: ReportModel, browser_dom: Node) -> None:
    """Each escalation of the model is a row: day, matter, unit, measure, clause, delivery."""
    rows = browser_dom.by_id("escalations").with_attr("data-matter-number")
    expected = [
        (cn_date(e.day), e.matter_number, e.unit, e.measure_label, e.clause,
         e.delivery_label or "—")
        for e in model.escalations
    ]
    fields = ("day", "matter-number", "unit", "measure", "clause", "delivery")
    assert expected == [tuple(r.field(f).text() for f in fields) for r in rows]


def test_browser_lights_are_labelled_not_colour_alone(
    model: ReportModel, browser_dom: Node
) -> None:
    """Every ledger row's light cell reads its Chinese label beside the dot."""
    rows = browser_dom.by_id("ledger").with_attr("data-matter-number")
    labels = [r.field("light").text() for r in rows]
    dots = [len(r.field("light").elements(lambda n: "dot" in n.classes())) for r in rows]
    assert ([m.light.label for m in model.matters], [1] * len(rows)) == (labels, dots)


def test_hidden_title_is_in_neither_the_file_nor_the_browser_dom(
    report_file: Path, browser_dom_text: str
) -> None:
    """The confidential matter the caller filtered out appears nowhere: not in the file's
    bytes, not in the DOM (title or number)."""
    data = report_file.read_text(encoding="utf-8")
    found = [(where, s) for where, text in (("file", data), ("dom", browser_dom_text))
             for s in (HIDDEN_TITLE, HIDDEN_NUMBER) if s in text]
    assert [] == found


def test_browser_hostile_title_is_text_and_runs_nothing(
    model: ReportModel, browser_dom: Node
) -> None:
    """The hostile title is the cell's text; its script and onerror did not run: the page
    title is unchanged and the DOM has no script, img or event-handler attribute."""
    cell = browser_dom.with_attr("data-matter-number", "池开督〔2026〕2号")[0].field("title")
    handlers = [a for n in browser_dom.elements() for a in n.attributes if a.startswith("on")]
    title = f"{model.office_name}督查督办情况报告（{model.period_label}）"
    assert (HOSTILE_TITLE, [title], [], [], []) == (
        cell.text(),
        [t.text() for t in browser_dom.by_tag("head")[0].by_tag("title")],
        browser_dom.by_tag("script"),
        browser_dom.by_tag("img"),
        handlers,
    )


def test_the_report_is_offline(report_file: Path, browser_dom: Node) -> None:
    """The file holds no http:// or https://, and in the DOM nothing has a src and every
    link is an in-page anchor."""
    text = report_file.read_text(encoding="utf-8")
    hrefs = [n.attributes["href"] for n in browser_dom.with_attr("href")]
    assert ([], [], []) == (
        re.findall(r"https?://", text, flags=re.IGNORECASE),
        browser_dom.with_attr("src"),
        [h for h in hrefs if not h.startswith("#")],
    )


def test_browser_draws_the_three_charts(model: ReportModel, browser_dom: Node) -> None:
    """Each chart figure holds an SVG: a bar per unit, a slice per non-empty state, three
    bars per month."""
    on_time = browser_dom.by_id("chart-on-time").elements(lambda n: "bar" in n.classes())
    slices = browser_dom.by_id("chart-states").elements(lambda n: "slice" in n.classes())
    trend = browser_dom.by_id("chart-trend").elements(
        lambda n: n.tag == "rect" and "data-value" in n.attributes
    )
    assert (len(model.units), sum(1 for s in model.states if s.count), 3 * len(model.trend)) == (
        len(on_time), len(slices), len(trend)
    )


def test_screenshot_is_not_blank(shot: Image) -> None:
    """The painted top of the report is not a blank page: over 5 % of its pixels differ from
    the background, in more than 50 distinct colours."""
    share, colours = shot.share_not(shot.background()), len(shot.colours())
    assert (True, True) == (share > 0.05, colours > 50), (share, colours)


def test_screenshot_shows_red_yellow_and_green_lights(shot: Image) -> None:
    """The lights' dots are painted: each of red, yellow and green covers some pixels."""
    painted = {
        light: shot.count_near(_rgb(light.colour), tolerance=10)
        for light in (Light.RED, Light.YELLOW, Light.GREEN)
    }
    assert dict.fromkeys(painted, True) == {light: n >= 40 for light, n in painted.items()}, (
        painted
    )
