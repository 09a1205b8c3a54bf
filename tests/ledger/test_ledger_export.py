"""The ledger exports: .xlsx layout, fills and chart; CSV with a BOM; confidentiality."""

from __future__ import annotations

import csv
import datetime as dt
import io
import sys
from pathlib import Path

import openpyxl
import pytest
from builders import CLERK, CLERK_2, HEAD_B, World

from supervision.calendar import SHANGHAI
from supervision.domain import Actor, Confidentiality, DeadlineTerms
from supervision.exceptions import InvalidInput
from supervision.ledger import (
    CHART_SHEET,
    DEFAULT_DUE_SOON_WORKING_DAYS,
    HEADERS,
    RATES_SHEET,
    SHEET,
    LedgerEntry,
    Standing,
    ledger_entries,
    on_time_rates,
    read_csv,
    write_csv,
    write_xlsx,
)
from supervision.periods import Period

#: Tuesday 10 March 2026, 09:00: eight days after the world's T0.
AS_OF = dt.datetime(2026, 3, 10, 9, 0, tzinfo=SHANGHAI)
#: The ledger sheet's last column letter (one column per header).
_LAST = chr(ord("A") + len(HEADERS) - 1)


def _stated(period: Period) -> DeadlineTerms:
    return DeadlineTerms.stated(period)


class Office:
    """Matters in every standing at AS_OF (all dispatched on Monday 2 March 2026)."""

    def __init__(self) -> None:
        self.world = World()
        w = self.world
        self.overdue = w.dispatched(title="逾期事项", deadline=_stated(Period.working_days(1)))
        self.due_soon = w.dispatched(title="临期事项", deadline=_stated(Period.days(10)))
        self.on_track = w.dispatched(title="正常事项", deadline=_stated(Period.days(30)))
        self.done = w.closed(title="已办结事项")
        self.draft = w.draft(title="未交办事项")
        self.late_b = w.dispatched(
            title="街道逾期事项", lead_unit_id="unit-b", deadline=_stated(Period.working_days(1))
        )
        self.controlled = w.dispatched(
            title="控制知情范围事项",
            deadline=_stated(Period.days(30)),
            confidentiality=Confidentiality.controlled(["clerk-1"]),
        )

    def entries(self, actor: Actor = CLERK, **kw: int) -> list[LedgerEntry]:
        return ledger_entries(self.world.uow(), self.world.ctx, actor, AS_OF, **kw)


@pytest.fixture(scope="module")
def office() -> Office:
    return Office()


def _by_title(entries: list[LedgerEntry]) -> dict[str, LedgerEntry]:
    return {e.row.title: e for e in entries}


# ================================================================== standings
def test_standing_of_each_matter_at_the_ledgers_time(office: Office) -> None:
    """Overdue, due within 3 working days, on track, done and not dispatched are told apart."""
    standing = {t: e.standing for t, e in _by_title(office.entries()).items()}
    assert {
        "逾期事项": Standing.OVERDUE,
        "临期事项": Standing.DUE_SOON,
        "正常事项": Standing.ON_TRACK,
        "已办结事项": Standing.DONE,
        "未交办事项": Standing.NOT_DISPATCHED,
        "街道逾期事项": Standing.OVERDUE,
        "控制知情范围事项": Standing.ON_TRACK,
    } == standing


def test_due_soon_window_is_a_parameter_in_working_days(office: Office) -> None:
    """Due on Thu 12 March is 2 working days after Tue 10 March: 临期 with 2, not with 1."""
    assert 3 == DEFAULT_DUE_SOON_WORKING_DAYS
    assert Standing.DUE_SOON == _by_title(office.entries(due_soon_working_days=2))[
        "临期事项"].standing
    assert Standing.ON_TRACK == _by_title(office.entries(due_soon_working_days=1))[
        "临期事项"].standing
    assert Standing.ON_TRACK == _by_title(office.entries(due_soon_working_days=0))[
        "临期事项"].standing
    with pytest.raises(InvalidInput):
        office.entries(due_soon_working_days=-1)


def test_on_time_rate_per_lead_unit(office: Office) -> None:
    """Of the decided matters (finished or overdue), the share finished by the due instant."""
    rates = {r.unit: (r.decided, r.on_time, r.rate) for r in on_time_rates(office.entries())}
    assert {"经济发展局": (2, 1, 0.5), "马衙街道": (1, 0, 0.0)} == rates


# ======================================================================== xlsx
@pytest.fixture(scope="module")
def workbook(office: Office, tmp_path_factory: pytest.TempPathFactory) -> openpyxl.Workbook:
    path = tmp_path_factory.mktemp("ledger") / "台账.xlsx"
    write_xlsx(office.entries(), path, title="督办事项台账（截至2026年3月10日）")
    return openpyxl.load_workbook(path)


def test_xlsx_has_chinese_headers_frozen_and_filtered(workbook: openpyxl.Workbook) -> None:
    """Row 2 holds the Chinese headers under the title line; rows 1-2 are frozen and the auto
    filter covers the table from the header row down."""
    sheet = workbook[SHEET]
    assert list(HEADERS) == [c.value for c in sheet[2]]
    assert "A3" == sheet.freeze_panes
    assert f"A2:{_LAST}{sheet.max_row}" == sheet.auto_filter.ref
    assert 9 == sheet.max_row  # title + header + 7 matters
    assert all(c.font.b for c in sheet[2])


def test_xlsx_title_line_names_the_office_and_the_as_of_instant(
    office: Office, tmp_path: Path
) -> None:
    """Row 1, merged across the table, reads office, title and 截至 the as-of instant."""
    path = tmp_path / "t.xlsx"
    write_xlsx(office.entries(), path, office="池州市政府督查室", as_of=AS_OF)
    sheet = openpyxl.load_workbook(path)[SHEET]
    assert "池州市政府督查室 督办事项台账（截至2026年3月10日9时）" == sheet["A1"].value
    assert [f"A1:{_LAST}1"] == [str(r) for r in sheet.merged_cells.ranges]


def test_xlsx_column_widths_fit_the_text(workbook: openpyxl.Workbook) -> None:
    """Widths grow with the text, within 8 to 50 characters."""
    sheet = workbook[SHEET]
    widths = {h: sheet.column_dimensions[chr(ord("A") + i)].width for i, h in enumerate(HEADERS)}
    assert all(8 <= w <= 50 for w in widths.values())
    assert widths["督办事项"] > widths["序号"]


def test_xlsx_rows_are_coloured_by_standing(workbook: openpyxl.Workbook) -> None:
    """Overdue rows red, due-soon yellow, on-track green, others unfilled, on every cell."""
    sheet = workbook[SHEET]
    title_col = HEADERS.index("督办事项") + 1
    fills: dict[str, set[str]] = {}
    for line in range(3, sheet.max_row + 1):
        title = sheet.cell(line, title_col).value
        fills[title] = {
            (sheet.cell(line, c).fill.fgColor.rgb[-6:] if sheet.cell(line, c).fill.fill_type
             else "")
            for c in range(1, len(HEADERS) + 1)
        }
    assert {"FFC7CE"} == fills["逾期事项"]
    assert {"FFEB9C"} == fills["临期事项"]
    assert {"C6EFCE"} == fills["正常事项"]
    assert {""} == fills["已办结事项"]
    assert {""} == fills["未交办事项"]


def test_xlsx_due_day_is_a_date_cell(workbook: openpyxl.Workbook) -> None:
    """截止日期 is a real date, shown as 2026年3月3日."""
    sheet = workbook[SHEET]
    cell = sheet.cell(3, HEADERS.index("截止日期") + 1)
    assert dt.datetime(2026, 3, 3) == cell.value
    assert 'yyyy"年"m"月"d"日"' == cell.number_format


def test_xlsx_second_sheet_has_rates_and_a_chart_sheet_its_column_chart(
    workbook: openpyxl.Workbook,
) -> None:
    """按期办结率 lists each lead unit's rate under its title line; the chart sheet after it
    carries one clustered column chart."""
    sheet = workbook[RATES_SHEET]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert ["主办单位", "已到期或办结事项数", "按期办结数", "按期办结率"] == rows[1]
    assert [["经济发展局", 2, 1, 0.5], ["马衙街道", 1, 0, 0]] == rows[2:]
    assert [SHEET, RATES_SHEET, CHART_SHEET] == workbook.sheetnames
    charts = workbook[CHART_SHEET]._charts
    assert 1 == len(charts)
    assert ("bar", "col", "clustered") == (
        charts[0].tagname.removesuffix("Chart"), charts[0].type, charts[0].grouping
    )


def test_xlsx_properties_carry_the_title(workbook: openpyxl.Workbook) -> None:
    """The workbook's title property says what the ledger is."""
    assert "督办事项台账（截至2026年3月10日）" == workbook.properties.title


def test_xlsx_is_written_without_the_office_extra(
    office: Office, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """With openpyxl missing, write_xlsx still writes the workbook (the writer is core)."""
    monkeypatch.setitem(sys.modules, "openpyxl", None)
    write_xlsx(office.entries(), tmp_path / "x.xlsx")
    assert b"PK" == (tmp_path / "x.xlsx").read_bytes()[:2]


# ========================================================================= CSV
def test_csv_starts_with_a_utf8_bom_and_round_trips(office: Office, tmp_path: Path) -> None:
    """The file opens with EF BB BF; reading it back gives the same cells."""
    entries = office.entries()
    path = tmp_path / "台账.csv"
    write_csv(entries, path)
    raw = path.read_bytes()
    assert b"\xef\xbb\xbf" == raw[:3]
    assert "序号,编号,督办事项" == raw[3:].decode("utf-8").split("\n")[0][:10]
    assert [dict(zip(HEADERS, e.cells(), strict=True)) for e in entries] == read_csv(path)
    with path.open(encoding="utf-8-sig", newline="") as stream:
        assert list(HEADERS) == next(csv.reader(stream))


def test_csv_to_a_text_stream(office: Office) -> None:
    """write_csv writes to an open text stream too, BOM first."""
    stream = io.StringIO(newline="")
    write_csv(office.entries(), stream)
    assert stream.getvalue().startswith("\ufeff序号")
    stream.seek(0)
    assert 7 == len(read_csv(stream))


# ============================================================= confidentiality
def test_daoli_23_exports_leave_out_what_the_reader_may_not_see(
    office: Office, tmp_path: Path
) -> None:
    """An outsider's CSV and xlsx have no row for the controlled matter; an insider's has."""
    outsider = office.entries(CLERK_2)
    write_csv(outsider, tmp_path / "o.csv")
    write_xlsx(outsider, tmp_path / "o.xlsx")
    assert "控制知情范围事项" not in (tmp_path / "o.csv").read_text(encoding="utf-8-sig")
    sheet = openpyxl.load_workbook(tmp_path / "o.xlsx")[SHEET]
    titles = [sheet.cell(r, 3).value for r in range(3, sheet.max_row + 1)]
    assert "控制知情范围事项" not in titles
    assert 6 == len(titles)
    insider = _by_title(office.entries(CLERK))["控制知情范围事项"]
    assert "控制知情范围" == insider.cells()[HEADERS.index("知情范围")]


def test_daoli_23_a_unit_exports_only_its_own_matters(office: Office) -> None:
    """A unit head's ledger holds the matters assigned to the unit only."""
    assert ["街道逾期事项"] == [e.row.title for e in office.entries(HEAD_B)]


def test_daoli_23_secret_matter_exports_its_reference_only(tmp_path: Path) -> None:
    """A secret matter's row shows 涉密事项（reference） and no requirements."""
    world = World()
    world.dispatched(
        title="",
        requirements="",
        confidentiality=Confidentiality.secret("密〔2026〕2号", ["clerk-1"]),
    )
    entries = ledger_entries(world.uow(), world.ctx, CLERK, AS_OF)
    write_csv(entries, tmp_path / "s.csv")
    row = read_csv(tmp_path / "s.csv")[0]
    assert "涉密事项（密〔2026〕2号）" == row["督办事项"]
    assert "" == row["办理要求"]
    assert "涉密（仅登记索引）" == row["知情范围"]


def test_category_column_shows_the_label_of_the_matters_policy() -> None:
    """事项类别 shows the category as the matter's policy names it (重要事项), not its key."""
    world = World()
    world.dispatched(category="important", deadline=None)
    (entry,) = ledger_entries(world.uow(), world.ctx, CLERK, AS_OF)
    assert ("重要事项", "important") == (entry.cells()[HEADERS.index("事项类别")],
                                        entry.row.category)
