"""One dataset, every surface, the same numbers (issue 13): the figures of
:func:`~supervision.service_layer.reporting.office_statistics` are what the ledger's text, its
.xlsx rate sheet, statistics sheet and chart, the figures CSV and JSON, the scorecard (cards,
text, 考核结果.xlsx, JSON) and the HTML report show — and every matter has the same light in
the ledger and in the report."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from builders import CLERK, LIAISON_A
from escalation_world import LadderWorld, at
from report_dom import parse

from supervision.domain import Confidentiality, ReviewOutcome, Role
from supervision.domain.scorecard import ScorePeriod
from supervision.ledger import (
    CHART_SHEET,
    FIGURE_COLUMNS,
    FIGURE_HEADERS,
    RATES_SHEET,
    SCORE_SHEET,
    SCORECARD_HEADERS,
    STATISTICS_SHEET,
    ledger_text,
    read_ledger,
    scorecard_json,
    scorecard_text,
    statistics_json,
    write_scorecard_xlsx,
    write_statistics_csv,
    write_xlsx,
)
from supervision.ledger._figures import figure_texts, plain, signed
from supervision.report import UNIT_HEADERS, render_html, report_model
from supervision.service_layer import assessment, reporting

PERIOD = ScorePeriod.of_year(2026)
AS_OF = at("2026-10-20 17:00")
UNITS = ("经济发展局", "马衙街道", "建设局")
KEYS = [key for key, _label in FIGURE_COLUMNS]


@pytest.fixture(scope="module")
def world() -> LadderWorld:
    """chizhou-2021: on time, late, overdue (two misses: bulletins and a point), reported on
    time and awaiting review past its due day, returned and redone, not yet due, a controlled
    matter; the clock then moved a month on (the figures must not follow it)."""
    w = LadderWorld("chizhou-2021")
    on_time = w.dispatch("2026-09-21 10:00", category="general")
    late = w.dispatch("2026-09-25 10:00", category="general")
    w.dispatch("2026-10-09 10:00", category="general")                  # overdue on 10-15
    awaiting = w.dispatch("2026-10-09 11:00", category="general", lead="unit-b")
    returned = w.dispatch("2026-10-09 12:00", category="important", lead="unit-b")
    w.dispatch("2026-10-12 10:00", category="important")                # not yet due
    w.dispatch("2026-10-12 11:00", category="important", lead="unit-b",
               confidentiality=Confidentiality.controlled(["clerk-1"],
                                                          [Role.APPROVING_LEADER]))
    w.complete(on_time, "2026-09-25 15:00")
    w.sweep("2026-10-09 09:00")
    w.complete(late, "2026-10-13 10:00")
    w.final(awaiting, "2026-10-13 16:00")                                # never reviewed
    w.final(returned, "2026-10-14 10:00")
    w.review(returned, "2026-10-15 10:00", ReviewOutcome.RETURNED)
    w.final(returned, "2026-10-16 10:00")
    w.review(returned, "2026-10-16 15:00", ReviewOutcome.ACCEPTED)
    w.sweep("2026-10-15 09:00")
    w.sweep("2026-10-19 09:00")
    w.sweep("2026-10-20 09:00")
    w.when("2026-11-20 09:00")          # the machine's "now" is later than the figures' instant
    return w


@pytest.fixture(scope="module")
def expected(world: LadderWorld) -> dict[str, list[str]]:
    """The reference: each unit's figures as text, and the office's total."""
    stats = reporting.office_statistics(world.uow(), world.ctx, CLERK, as_of=AS_OF,
                                        period=PERIOD)
    found = {u.unit_name: figure_texts(u.figures) for u in stats.units}
    found["合计（本机构）"] = figure_texts(stats.total)
    return found


def _units_only(found: dict[str, list[str]]) -> dict[str, list[str]]:
    return {k: v for k, v in found.items() if k in UNITS}


def _cell(key: str, value: Any) -> str:
    """A spreadsheet value written as figure_texts writes it."""
    if value is None:
        return "—"
    if key == "on_time_rate":
        return f"{(Decimal(repr(value)) * 100).quantize(Decimal('0.1'))}%"
    if key == "points":
        return signed(Decimal(repr(value)))
    if isinstance(value, float):
        return plain(Decimal(repr(value)))
    return str(value)


def test_the_dataset_holds_every_case(expected: dict[str, list[str]]) -> None:
    """The reference itself: unit-a 1 on time, 1 late, 1 overdue, 1 not due (rate 1/3);
    unit-b 2 on time (one awaiting review), 1 not due (the controlled one); points -1."""
    a, b = expected["经济发展局"], expected["马衙街道"]
    pick = [KEYS.index(k) for k in ("assigned", "completed_on_time", "completed_late",
                                    "open_overdue", "open_not_yet_due", "on_time_rate",
                                    "returns", "points")]
    assert (["4", "1", "1", "1", "1", "33.3%", "0", "-1"], ["3", "2", "0", "0", "1", "100.0%",
                                                          "1", "0"]) == (
        [a[i] for i in pick], [b[i] for i in pick])


def test_ledger_text_shows_the_figures(world: LadderWorld, expected: dict[str, list[str]]) -> None:
    """The ledger's text table holds the same row per unit and the total."""
    text = ledger_text(read_ledger(world.uow(), world.ctx, CLERK, as_of=AS_OF, period=PERIOD))
    lines = text.splitlines()
    head = lines.index(" | ".join(FIGURE_HEADERS))
    found = {cells[0]: cells[1:] for cells in (line.split(" | ") for line in lines[head + 1:])}
    assert expected == found


def test_ledger_xlsx_rates_statistics_and_chart_show_the_figures(
    world: LadderWorld, expected: dict[str, list[str]], tmp_path: Path
) -> None:
    """Sheet 按期办结率 (denominator, on time, rate), the chart's cached points and sheet
    统计指标 (every figure) hold the reference figures."""
    path = tmp_path / "台账.xlsx"
    write_xlsx(read_ledger(world.uow(), world.ctx, CLERK, as_of=AS_OF, period=PERIOD), path)
    book = openpyxl.load_workbook(path)
    rates = {r[0]: [str(r[2]), str(r[1]), _cell("on_time_rate", r[3])]
             for r in book[RATES_SHEET].iter_rows(min_row=3, values_only=True)}
    want = {k: [v[KEYS.index("completed_on_time")], v[KEYS.index("rate_denominator")],
                v[KEYS.index("on_time_rate")]] for k, v in _units_only(expected).items()}
    chart = book[CHART_SHEET]._charts[0].series[0]
    points = [_cell("on_time_rate", float(p.v)) for p in chart.val.numRef.numCache.pt]
    table = {row[0]: [_cell(k, v) for k, v in zip(KEYS, row[1:], strict=True)]
             for row in book[STATISTICS_SHEET].iter_rows(min_row=3, max_row=6, values_only=True)}
    assert (want, [w[2] for w in want.values() if w[2] != "—"], expected) == (
        rates, points, table)


def test_figures_csv_and_json_show_the_figures(
    world: LadderWorld, expected: dict[str, list[str]]
) -> None:
    """The figures CSV (BOM first) and the JSON hold the same values."""
    stats = reporting.office_statistics(world.uow(), world.ctx, CLERK, as_of=AS_OF,
                                        period=PERIOD)
    stream = io.StringIO(newline="")
    write_statistics_csv(stats, stream)
    text = stream.getvalue()
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline="")))
    from_csv = {r[0]: r[1:] for r in rows[1:5]}
    document = statistics_json(stats)
    from_json = {u["unit"]: _json_texts(u) for u in document["units"]}
    from_json["合计（本机构）"] = _json_texts(document["total"])
    assert (True, expected, expected) == (text.startswith("\ufeff"), from_csv, from_json)


def _json_texts(unit: dict[str, Any]) -> list[str]:
    rate = unit["on_time_rate"]
    values = {**unit, "on_time_rate": "—" if rate["percent"] is None else f"{rate['percent']}%",
              "rate_numerator": rate["numerator"], "rate_denominator": rate["denominator"],
              "points": signed(Decimal(unit["points"]))}
    return ["—" if values[k] is None else str(values[k]) for k in KEYS]


def test_the_scorecard_cards_text_xlsx_and_json_show_the_figures(
    world: LadderWorld, expected: dict[str, list[str]], tmp_path: Path
) -> None:
    """Scorecard (assessment.scorecard), scorecard_text, 考核结果.xlsx and scorecard_json:
    the same figures per unit."""
    units = _units_only(expected)
    cards = assessment.scorecard(world.uow(), world.ctx, CLERK, PERIOD, as_of=AS_OF)
    from_cards = {c.unit_name: figure_texts(c.figures) for c in cards if c.figures}
    report = reporting.score_report(world.uow(), world.ctx, CLERK, PERIOD, as_of=AS_OF)
    lines = scorecard_text(report).splitlines()
    head = lines.index(" | ".join(SCORECARD_HEADERS))
    width = len(FIGURE_COLUMNS)
    from_text = {cells[1]: cells[2:2 + width]
                 for cells in (line.split(" | ") for line in lines[head + 1:head + 4])}
    path = tmp_path / "考核结果.xlsx"
    write_scorecard_xlsx(report, path)
    sheet = openpyxl.load_workbook(path)[SCORE_SHEET]
    from_xlsx = {row[1]: [_cell(k, v) for k, v in zip(KEYS, row[2:2 + width], strict=True)]
                 for row in sheet.iter_rows(min_row=3, max_row=5, values_only=True)}
    from_json = {u["unit"]: _json_texts(u) for u in scorecard_json(report)["units"]}
    assert [units] * 4 == [from_cards, from_text, from_xlsx, from_json]


def test_the_html_report_shows_the_figures(
    world: LadderWorld, expected: dict[str, list[str]]
) -> None:
    """The report's unit table (each data-field cell) and its totals row hold the same
    figures; the rate cell states its numerator and denominator."""
    model = report_model(world.uow(), world.ctx, CLERK, as_of=AS_OF, period=PERIOD)
    dom = parse(render_html(model))
    fields = [f for f, _label in UNIT_HEADERS if f != "unit"]

    def texts(row: Any) -> list[str]:
        values = {f: row.field(f).text() for f in fields}
        rate = row.field("on_time_rate").attributes
        values["on_time_rate"] = values["on_time_rate"].split("（")[0]
        values["rate_numerator"] = rate["data-numerator"]
        values["rate_denominator"] = rate["data-denominator"]
        return [values[k] for k in KEYS]

    rows = dom.by_id("units").elements(lambda n: n.tag == "tr" and "data-unit" in n.attributes)
    found = {r.attributes["data-unit"]: texts(r) for r in rows}
    found["合计（本机构）"] = texts(dom.by_id("unit-totals"))
    assert expected == found


def test_every_matter_has_the_same_light_in_the_ledger_and_the_report(
    world: LadderWorld,
) -> None:
    """Ledger rows, the report's rows and the statistics' standings agree matter by matter;
    the report awaiting review is green."""
    ledger = read_ledger(world.uow(), world.ctx, CLERK, as_of=AS_OF, period=PERIOD)
    model = report_model(world.uow(), world.ctx, CLERK, as_of=AS_OF, period=PERIOD)
    stats = reporting.office_statistics(world.uow(), world.ctx, CLERK, as_of=AS_OF,
                                        period=PERIOD)
    from_ledger = {e.row.number: (e.light, e.reason) for e in ledger.entries}
    from_report = {m.number: (m.light, m.light_reason) for m in model.matters}
    from_stats = {s.number: (s.light, s.reason) for s in stats.standings}
    assert from_ledger == from_report == from_stats
    assert "已按期反馈，待审核" in {reason for _light, reason in from_ledger.values()}


def test_the_figures_do_not_follow_the_clock(world: LadderWorld) -> None:
    """The clock stands a month after the instant asked: the scorecard as of that instant is
    the one computed with the clock at that instant."""
    later = assessment.scorecard(world.uow(), world.ctx, CLERK, PERIOD, as_of=AS_OF)
    clock = world.clock.now()
    world.clock.set(AS_OF)
    try:
        then = assessment.scorecard(world.uow(), world.ctx, CLERK, PERIOD)
    finally:
        world.clock.set(clock)
    assert [(c.unit_id, c.figures, c.points, c.as_of) for c in then] == [
        (c.unit_id, c.figures, c.points, c.as_of) for c in later]


def test_a_unit_reads_its_own_figures_as_the_office_counts_them(world: LadderWorld) -> None:
    """A unit's liaison reads only its unit's row, the same figures as the office's (its
    matters are all visible to it)."""
    own = reporting.office_statistics(world.uow(), world.ctx, LIAISON_A, as_of=AS_OF,
                                      period=PERIOD)
    office = reporting.office_statistics(world.uow(), world.ctx, CLERK, as_of=AS_OF,
                                         period=PERIOD)
    assert (["unit-a"], office.unit("unit-a")) == ([u.unit_id for u in own.units],
                                                   own.unit("unit-a"))


def test_every_output_states_its_instant_policy_and_office(world: LadderWorld) -> None:
    """Text, JSON and the report name the office, the policy (by its title in what people
    read, by its key in JSON), the period and the instant."""
    ledger = read_ledger(world.uow(), world.ctx, CLERK, as_of=AS_OF, period=PERIOD)
    report = reporting.score_report(world.uow(), world.ctx, CLERK, PERIOD, as_of=AS_OF)
    model = report_model(world.uow(), world.ctx, CLERK, as_of=AS_OF, period=PERIOD)
    texts = [ledger_text(ledger), scorecard_text(report), render_html(model)]
    wanted = ["测试区督查室", "《池州经济技术开发区督查督办工作制度》", "2026年度",
              "2026年10月20日17时"]
    document = statistics_json(ledger)
    assert [[True] * 4] * 3 == [[w in t for w in wanted] for t in texts]
    assert ("测试区督查室", "chizhou-2021", "2026", AS_OF.isoformat()) == (
        document["office"], document["policy"], document["period"], document["as_of"])
    assert dt.datetime.fromisoformat(document["as_of"]) == AS_OF
