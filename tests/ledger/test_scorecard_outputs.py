"""考核结果.xlsx, the scorecard text and JSON (issue 13.6, 15.4): every column the text has,
the period, policy and office named, a 扣分明细 listing every entry with its clause and
matters (and a grade's lost points), printable."""

from __future__ import annotations

import io
from decimal import Decimal

import openpyxl
import pytest
from builders import CLERK, CLERK_2
from escalation_world import LadderWorld, at

from supervision.domain import Confidentiality, Role
from supervision.domain.scorecard import ScorePeriod
from supervision.ledger import (
    DEDUCTIONS_SHEET,
    DETAIL_HEADERS,
    SCORE_SHEET,
    SCORECARD_HEADERS,
    scorecard_json,
    scorecard_text,
    write_scorecard_xlsx,
)
from supervision.service_layer import reporting
from supervision.service_layer.reporting import ScoreReport

YEAR = ScorePeriod.of_year(2026)
H2 = ScorePeriod.of_half(2026, 2)


@pytest.fixture(scope="module")
def chizhou() -> LadderWorld:
    """Two consecutive misses of unit-a (a §8.2 point), one of them controlled."""
    world = LadderWorld("chizhou-2021")
    world.dispatch("2026-09-25 10:00", category="general")
    world.dispatch("2026-10-12 10:00", category="general", confidentiality=(
        Confidentiality.controlled(["clerk-1"], [Role.APPROVING_LEADER])))
    world.sweep("2026-10-20 09:00")
    return world


def _report(world: LadderWorld, period: ScorePeriod, reader: object = CLERK) -> ScoreReport:
    return reporting.score_report(world.uow(), world.ctx, reader, period,  # type: ignore[arg-type]
                                  as_of=at("2026-12-20 17:00"))


def _book(report: ScoreReport) -> openpyxl.Workbook:
    stream = io.BytesIO()
    write_scorecard_xlsx(report, stream)
    stream.seek(0)
    return openpyxl.load_workbook(stream)


def test_the_result_sheet_has_every_column_of_the_text(chizhou: LadderWorld) -> None:
    """考核结果's header row is the text's header plus one column per clause scored."""
    report = _report(chizhou, YEAR)
    sheet = _book(report)[SCORE_SHEET]
    header = [c.value for c in sheet[2]]
    text_header = next(line for line in scorecard_text(report).splitlines()
                       if line.startswith("名次 | "))
    clause = "依据：《池州经济技术开发区督查督办工作制度》第八部分第（二）项"
    assert (list(SCORECARD_HEADERS), [clause]) == (
        header[:len(SCORECARD_HEADERS)], header[len(SCORECARD_HEADERS):])
    assert text_header.split(" | ") == list(SCORECARD_HEADERS)


def test_the_title_and_the_foot_name_office_period_instant_and_policy(
    chizhou: LadderWorld,
) -> None:
    """Row 1 names the office, the period, the instant and the policy; below the table the
    basis and the reader."""
    sheet = _book(_report(chizhou, YEAR))[SCORE_SHEET]
    values = [[c for c in row if c is not None]
              for row in sheet.iter_rows(values_only=True)]
    assert ("测试区督查室 2026年度督查督办考核结果（截至2026年12月20日17时；"
            "适用《池州经济技术开发区督查督办工作制度》）") == values[0][0]
    assert ["统计口径", reporting.OFFICE_BASIS] in values


def test_the_points_by_clause_add_up_to_the_units_points(chizhou: LadderWorld) -> None:
    """unit-a's §8.2 column holds its -1, equal to its 加减分."""
    report = _report(chizhou, YEAR)
    sheet = _book(report)[SCORE_SHEET]
    header = [c.value for c in sheet[2]]
    row = next(r for r in sheet.iter_rows(min_row=3, values_only=True) if r[1] == "经济发展局")
    assert (-1, -1) == (row[header.index("加减分")], row[-1])


def test_deductions_list_every_entry_with_its_clause_and_matters(chizhou: LadderWorld) -> None:
    """扣分明细: the entry, its points, the clause in Chinese and the matter's number."""
    report = _report(chizhou, YEAR)
    rows = list(_book(report)[DEDUCTIONS_SHEET].iter_rows(min_row=3, values_only=True))
    [entry] = report.cards[-1].entries
    assert [("经济发展局", -1, "《池州经济技术开发区督查督办工作制度》第八部分第（二）项",
             report.numbers[entry.matter_ids[0]])] == [(r[0], r[1], r[4], r[5]) for r in rows]
    assert list(DETAIL_HEADERS) == [c.value for c in _book(report)[DEDUCTIONS_SHEET][2]]


def test_a_reader_outside_the_circle_sees_the_points_but_not_the_matter(
    chizhou: LadderWorld,
) -> None:
    """daoli-2017 art.23: the deduction stays (the office's figure), the controlled matter's
    number is not written."""
    report = _report(chizhou, YEAR, CLERK_2)
    rows = list(_book(report)[DEDUCTIONS_SHEET].iter_rows(min_row=3, values_only=True))
    assert [(-1, "（涉及阅读人无权查看的事项，不列明）")] == [(r[1], r[5]) for r in rows]


def test_a_graded_units_lost_points_are_listed_with_their_matters() -> None:
    """daoli-2017 art.27: a unit graded 40 (较差) has 扣分明细 rows for the timeliness and
    results shares it lost, naming the late matters (issue 13: the sheet was empty)."""
    world = LadderWorld("daoli-2017")
    late = world.dispatch("2026-09-25 10:00", category="general")
    world.dispatch("2026-12-09 10:00", category="general")
    world.sweep("2026-10-08 09:00")
    world.complete(late, "2026-10-12 10:00")
    report = _report(world, H2)
    card = next(c for c in report.cards if c.unit_id == "unit-a")
    rows = [r for r in _book(report)[DEDUCTIONS_SHEET].iter_rows(min_row=3, values_only=True)
            if r[0] == "经济发展局"]
    assert (Decimal(40), "较差") == (card.composite, card.grade)
    assert [(-20, "等次评定"), (-40, "等次评定")] == [(r[1], r[2]) for r in rows]
    assert report.numbers[late.id] in rows[1][5]
    assert sum(-r[1] for r in rows) == 100 - 40


def test_both_sheets_print_landscape_one_page_wide_with_the_header_repeated(
    chizhou: LadderWorld,
) -> None:
    """15.4: landscape, fit to one page wide, the header row printed atop every page."""
    book = _book(_report(chizhou, YEAR))
    assert [("landscape", 1, 0, "$2:$2")] * 2 == [
        (s.page_setup.orientation, s.page_setup.fitToWidth, s.page_setup.fitToHeight,
         s.print_title_rows) for s in book.worksheets]


def test_the_json_names_the_instant_and_traces_each_point(chizhou: LadderWorld) -> None:
    """scorecard_json: the ISO instant, the period key, and each entry's clause and matters."""
    report = _report(chizhou, YEAR)
    document = scorecard_json(report)
    unit = next(u for u in document["units"] if u["unit_id"] == "unit-a")
    clause = "《池州经济技术开发区督查督办工作制度》第八部分第（二）项"
    assert ("2026-12-20T17:00:00+08:00", "2026", {clause: "-1"}, 1) == (
        document["as_of"], document["period"], unit["by_clause"],
        len(unit["entries"][0]["matters"]))
