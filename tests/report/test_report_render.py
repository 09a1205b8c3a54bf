"""render_html / write_html without a browser: one escaped, offline, printable document whose
tables and charts carry exactly the model's figures."""

from __future__ import annotations

import math
import re
from decimal import Decimal
from pathlib import Path

import pytest
from report_dom import Node, parse
from report_sample import (
    ALL_MATTERS,
    HIDDEN_NUMBER,
    HIDDEN_TITLE,
    HOSTILE_TITLE,
    visible_model,
)

from supervision.exceptions import InvalidInput
from supervision.report import (
    CONTENT_SECURITY_POLICY,
    LEDGER_HEADERS,
    Light,
    ReportModel,
    StateCount,
    render_html,
    write_html,
)

SUMMED = ("assigned", "completed_on_time", "completed_late", "open_overdue",
          "open_not_yet_due", "reminders", "returns", "bulletins")


@pytest.fixture(scope="module")
def html(model: ReportModel) -> str:
    return render_html(model)


@pytest.fixture(scope="module")
def page(html: str) -> Node:
    return parse(html)


def test_render_is_one_html5_document_with_its_style_inline(html: str, page: Node) -> None:
    """The text is one HTML5 document carrying its CSS in a single <style> element."""
    assert (True, 1, 0) == (
        html.startswith("<!DOCTYPE html>\n<html lang=\"zh-CN\">"),
        len(page.by_tag("style")),
        len(page.by_tag("link")),
    )


def test_render_contains_no_script_at_all(html: str, page: Node) -> None:
    """The page has no <script> element and no element with an event-handler attribute."""
    handlers = [a for n in page.elements() for a in n.attributes if a.startswith("on")]
    assert ([], [], []) == (
        re.findall(r"<script", html, flags=re.IGNORECASE), page.by_tag("script"), handlers
    )


def test_content_security_policy_forbids_scripts_and_fetches(page: Node) -> None:
    """The CSP meta says default-src 'none' and allows only inline styles."""
    metas = page.with_attr("http-equiv", "Content-Security-Policy")
    assert [CONTENT_SECURITY_POLICY] == [m.attributes["content"] for m in metas]
    assert CONTENT_SECURITY_POLICY.startswith("default-src 'none'; style-src 'unsafe-inline';")


def test_hostile_title_is_escaped_in_the_source(html: str) -> None:
    """<, >, & and quotes of a title reach the file as character references."""
    escaped = "&quot;&lt;script&gt;document.title=&#x27;PWNED&#x27;&lt;/script&gt;&quot;&amp;"
    assert escaped in html


def test_hostile_title_parses_back_to_the_same_text(page: Node) -> None:
    """Parsed, the title cell's text is exactly the hostile title."""
    row = page.with_attr("data-matter-number", "池开督〔2026〕2号")[0]
    assert HOSTILE_TITLE == row.field("title").text()


def test_the_file_names_no_url(html: str, page: Node) -> None:
    """No http:// or https:// anywhere, every link is an in-page anchor, nothing has a src."""
    hrefs = [n.attributes["href"] for n in page.with_attr("href")]
    assert ([], [], True) == (
        re.findall(r"https?://|url\(|@import", html, flags=re.IGNORECASE),
        page.with_attr("src"),
        bool(hrefs) and all(h.startswith("#matter-") for h in hrefs),
    )


def test_every_in_page_link_has_a_target(page: Node) -> None:
    """Each anchor points at a ledger row that exists."""
    ids = {n.attributes["id"] for n in page.with_attr("id")}
    targets = {n.attributes["href"][1:] for n in page.with_attr("href")}
    assert set() == targets - ids


def test_ledger_has_one_row_per_model_row_in_order(model: ReportModel, page: Node) -> None:
    """The ledger's rows are the model's, numbered 1 to n, in the model's order."""
    rows = page.by_id("ledger").with_attr("data-matter-number")
    assert [m.number for m in model.matters] == [r.attributes["data-matter-number"] for r in rows]


def test_ledger_headers_are_the_chinese_columns(page: Node) -> None:
    """The ledger's header row reads 序号, 编号, 督办事项, … 督办灯, 亮灯原因."""
    table = page.by_id("ledger-table")
    assert list(LEDGER_HEADERS) == [th.text() for th in table.by_tag("th")]


def test_every_light_is_a_dot_and_its_label(model: ReportModel, page: Node) -> None:
    """Each ledger row shows a dot of its light's class and the light's Chinese label."""
    rows = page.by_id("ledger").with_attr("data-matter-number")
    shown = [
        (r.attributes["data-light"], sorted(c for n in r.field("light").elements()
                                            for c in n.classes() if c.startswith("dot-")),
         r.field("light").text())
        for r in rows
    ]
    expected = [(m.light.value, [f"dot-{m.light.value}"], m.light.label) for m in model.matters]
    assert expected == shown


def test_light_colours_are_in_the_style(html: str) -> None:
    """The CSS gives each light's dot its colour."""
    for light in Light:
        assert f".dot-{light.value} {{ background: {light.colour};" in html


def test_totals_row_is_the_sum_of_the_unit_rows(model: ReportModel, page: Node) -> None:
    """Every count in the totals row is the sum of that column over the unit rows."""
    totals = page.by_id("unit-totals")
    rows = page.by_id("units").elements(lambda n: n.tag == "tr" and "data-unit" in n.attributes)
    assert len(model.units) == len(rows)
    for field in SUMMED:
        assert sum(int(r.field(field).text()) for r in rows) == int(totals.field(field).text())


def test_totals_rate_adds_numerators_and_denominators(page: Node) -> None:
    """The totals rate is 3 on time of 6 decided: 50.0%（3/6）, not an average of rates."""
    assert "50.0%（3/6）" == page.by_id("unit-totals").field("on_time_rate").text()


def test_totals_points_are_the_net_of_the_units(page: Node) -> None:
    """-2 + 0.5 - 1 + 0 is -2.5 points."""
    assert "-2.5" == page.by_id("unit-totals").field("points").text()


def test_a_unit_with_nothing_decided_shows_no_rate(page: Node) -> None:
    """A denominator of 0 reads —（0/0）, never 0 % or 100 %."""
    row = page.by_id("units").with_attr("data-unit", "自然资源和规划分局")[0]
    assert "—（0/0）" == row.field("on_time_rate").text()


def test_header_names_office_policy_as_of_and_reader(page: Node) -> None:
    """The heading names the office, the policy (by its title, never its key), the instant
    and the reader."""
    meta = page.by_id("report-meta")
    assert [
        "池州经济技术开发区管委会督查办公室",
        "《池州经济技术开发区督查督办工作制度》",
        "2026年上半年",
        "2026年6月30日17时30分（北京时间）",
        "经济发展局联络员",
    ] == [meta.field(f).text() for f in ("office", "policy", "period", "as-of", "reader")]


def test_every_score_item_shows_points_clause_and_matters(model: ReportModel, page: Node) -> None:
    """Each scorecard item shows its signed points, reason, clause and matter numbers."""
    items = page.by_id("scorecard").elements(lambda n: "score-item" in n.classes())
    expected = [
        (f"{'+' if i.points > 0 else ''}{i.points.normalize()}分", i.reason, i.clause,
         "、".join(i.matter_numbers))
        for row in model.scorecard for i in row.items
    ]
    shown = [
        tuple(n.elements(lambda e, c=c: c in e.classes())[0].text()
              for c in ("points", "reason", "clause", "matters"))
        for n in items
    ]
    assert expected == shown


def test_composite_score_is_shown_as_given(page: Node) -> None:
    """A composite of 98.00 reads 98.00 (its precision is the policy's)."""
    row = page.by_id("scorecard").with_attr("data-unit", "经济发展局")[0]
    assert "98.00" == row.field("composite").text()


def test_escalations_link_to_their_ledger_rows(page: Node) -> None:
    """An escalation's matter number links to the ledger row of that matter."""
    first = page.by_id("escalations").with_attr("data-matter-number")[0]
    assert ["#matter-1"] == [a.attributes["href"] for a in first.by_tag("a")]


def test_print_style_is_a4_landscape_with_headers_repeated(html: str) -> None:
    """Printing uses A4 landscape and repeats each table's header row on every page."""
    assert ("@page { size: A4 landscape;" in html,
            "thead { display: table-header-group; }" in html) == (True, True)


def test_on_time_chart_has_a_bar_per_unit_with_its_rate(page: Node) -> None:
    """The on-time chart has one bar group per unit, carrying that unit's rate."""
    bars = page.by_id("chart-on-time").elements(lambda n: "bar" in n.classes())
    assert [("经济发展局", "33.3"), ("马衙街道", "100.0"), ("建设局", "0.0"),
            ("自然资源和规划分局", "")] == [
        (b.attributes["data-unit"], b.attributes["data-rate"]) for b in bars
    ]


def test_state_chart_slices_add_up_to_the_matters(model: ReportModel, page: Node) -> None:
    """The donut has a slice per non-empty state, their counts summing to the total."""
    slices = page.by_id("chart-states").elements(lambda n: "slice" in n.classes())
    assert (3, sum(s.count for s in model.states)) == (
        len(slices), sum(int(s.attributes["data-count"]) for s in slices)
    )


def test_single_state_fills_the_whole_ring() -> None:
    """With one state only, its arc is the whole circumference."""
    page = parse(render_html(visible_model(states=[StateCount.of("办理中", 4)])))
    arc = page.by_id("chart-states").elements(lambda n: "slice" in n.classes())[0]
    length = float(arc.attributes["stroke-dasharray"].split()[0])
    assert pytest.approx(2 * math.pi * 70, abs=0.01) == length


def test_trend_chart_has_three_bars_per_month(model: ReportModel, page: Node) -> None:
    """Each month of the trend has its registered, completed and overdue bars with values."""
    months = page.by_id("chart-trend").elements(lambda n: "month" in n.classes())
    shown = [[int(r.attributes["data-value"]) for r in m.by_tag("rect")] for m in months]
    assert [[m.registered, m.completed, m.overdue] for m in model.trend] == shown


def test_hidden_matter_is_absent_when_the_caller_filtered_it(html: str) -> None:
    """The confidential matter filtered out by the caller leaves no trace in the page."""
    assert (HIDDEN_TITLE in html, HIDDEN_NUMBER in html) == (False, False)


def test_renderer_itself_shows_whatever_the_model_holds() -> None:
    """Unfiltered, the confidential title does appear: filtering is the caller's duty."""
    everything = visible_model(matters=[row for row, _visible in ALL_MATTERS])
    assert HIDDEN_TITLE in render_html(everything)


def test_empty_report_says_there_is_nothing_to_show() -> None:
    """A reader who may see nothing gets placeholders, not empty tables or broken charts."""
    empty = ReportModel.of(
        office_name="某县督查室", policy_title="某县督查督办办法", policy_name="daoli-2017",
        as_of=visible_model().as_of, period_label="2026年", reader_label="访客",
    )
    text = render_html(empty)
    assert all(note in text for note in ("暂无可查看的事项", "暂无单位统计", "暂无事项",
                                         "暂无月度数据", "暂无考核结果", "本期无督办措施"))


def test_render_is_deterministic(model: ReportModel) -> None:
    """The same model gives the same text."""
    assert render_html(model) == render_html(model)


def test_write_html_writes_the_rendering_as_utf8(model: ReportModel, tmp_path: Path) -> None:
    """The file is the rendering encoded as UTF-8, with no byte-order mark."""
    path = write_html(model, tmp_path / "out.html")
    assert render_html(model).encode("utf-8") == path.read_bytes()


def test_render_refuses_something_that_is_not_a_model() -> None:
    """Passing a dict is an InvalidInput naming the argument."""
    with pytest.raises(InvalidInput) as caught:
        render_html({"office_name": "x"})  # type: ignore[arg-type]
    assert "model" == caught.value.field


def test_points_are_written_with_their_sign() -> None:
    """+0.5 for a bonus, -2 for a deduction, 0 for none (no trailing zeros)."""
    page = parse(render_html(visible_model()))
    units = page.by_id("units")
    assert ["-2", "+0.5", "-1", "0"] == [
        r.field("points").text()
        for r in units.elements(lambda n: n.tag == "tr" and "data-unit" in n.attributes)
    ]
    assert Decimal("-2.5") == Decimal(page.by_id("unit-totals").field("points").text())
