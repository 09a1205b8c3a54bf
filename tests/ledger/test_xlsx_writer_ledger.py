"""The fast ledger export against the straightforward reading of the rules: a synthetic ledger
of a few hundred rows, written by ``write_xlsx``, read back by openpyxl and compared cell by
cell (value, fill, bold, number format, wrap), with the widths recomputed the plain way (every
text measured), the frozen pane, the filter range and the print settings."""

from __future__ import annotations

import datetime as dt
import random
import unicodedata
from pathlib import Path

import openpyxl
import pytest

from supervision.calendar import SHANGHAI
from supervision.domain.lifecycle import Status
from supervision.domain.model import ConfidentialityKind
from supervision.ledger import (
    CHART_SHEET,
    HEADERS,
    RATES_SHEET,
    SHEET,
    LedgerEntry,
    Standing,
    import_xlsx,
    on_time_rates,
)
from supervision.service_layer.queries import LedgerRow

AS_OF = dt.datetime(2026, 3, 10, 9, 0, tzinfo=SHANGHAI)
UNITS = ["经济发展局", "马衙街道", "财政局", "住房和城乡建设局", "Ａ区管委会"]


def synthetic_entries(count: int, seed: int = 7) -> list[LedgerEntry]:
    """``count`` ledger entries of every standing, with texts of many lengths (some wider than
    the 50-character cap, some ASCII, some full-width)."""
    rng = random.Random(seed)
    standings = list(Standing)
    entries = []
    for n in range(1, count + 1):
        standing = rng.choice(standings)
        words = rng.randint(1, 40)
        title = "".join(rng.choice("推进园区道路改造整治老街环境编制产业规划abc 12")
                        for _ in range(words))
        entries.append(LedgerEntry(
            index=n,
            row=LedgerRow(
                matter_id=f"m{n}", number=f"池开督〔2026〕{n}号", title=title,
                source=rng.choice(["领导批示", "会议决定事项", "重要文件"]),
                category=rng.choice(["一般事项", "重要事项", ""]),
                handling_mode=rng.choice(["督办", "催办"]), lead_unit=rng.choice(UNITS),
                co_units=tuple(rng.sample(UNITS, rng.randint(0, 2))),
                responsible=("王局长（p1）",),
                requirements="按期办结并报送结果" * rng.randint(0, 6),
                deadline=rng.choice(["15日", "3个工作日", "1个月"]),
                due_day=None if standing is Standing.NOT_DISPATCHED else
                dt.date(2026, 3, 1) + dt.timedelta(days=rng.randint(0, 90)),
                status=Status.ACCEPTED if standing is Standing.DONE else Status.DISPATCHED,
                acknowledged=True, unacknowledged_units=(), overdue=standing is Standing.OVERDUE,
                closed=False, confidential=False,
            ),
            standing=standing,
            on_time=None if standing not in (Standing.DONE, Standing.OVERDUE)
            else standing is Standing.DONE and rng.random() < 0.8,
            confidentiality=ConfidentialityKind.NONE,
        ))
    return entries


def _plain_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[LedgerEntry], Path]:
    entries = synthetic_entries(400)
    path = tmp_path_factory.mktemp("ledger") / "台账.xlsx"
    from supervision.ledger import write_xlsx

    write_xlsx(entries, path, office="池州经开区督查室", as_of=AS_OF)
    return entries, path


def test_every_ledger_cell_reads_back_as_the_rules_say(
    written: tuple[list[LedgerEntry], Path],
) -> None:
    """Each data cell holds the entry's cell (序号 a number, 截止日期 a date), filled by the
    standing, framed; 督办事项/办理要求 wrap; the due day has the Chinese date format."""
    entries, path = written
    sheet = openpyxl.load_workbook(path)[SHEET]
    wrapped = {HEADERS.index("督办事项"), HEADERS.index("办理要求")}
    due = HEADERS.index("截止日期")
    assert len(entries) + 2 == sheet.max_row
    for line, entry in enumerate(entries, start=3):
        expected: list[object] = [c or None for c in entry.cells()]
        expected[0] = entry.index
        if entry.row.due_day is not None:
            expected[due] = dt.datetime.combine(entry.row.due_day, dt.time())
        cells = sheet[line]
        assert expected == [c.value for c in cells], line
        for i, cell in enumerate(cells):
            fill = cell.fill.fgColor.rgb[-6:] if cell.fill.fill_type == "solid" else ""
            assert (entry.standing.colour, False, i in wrapped) == (
                fill, bool(cell.font.b), bool(cell.alignment.wrap_text)), cell.coordinate
            assert ('yyyy"年"m"月"d"日"' if i == due else "General") == cell.number_format
            assert "thin" == cell.border.left.style


def test_header_and_title_rows_read_back_as_asked(
    written: tuple[list[LedgerEntry], Path],
) -> None:
    """Row 1 is the bold merged title line; row 2 the bold headers."""
    _, path = written
    sheet = openpyxl.load_workbook(path)[SHEET]
    assert "池州经开区督查室 督办事项台账（截至2026年3月10日9时）" == sheet["A1"].value
    assert sheet["A1"].font.b
    assert list(HEADERS) == [c.value for c in sheet[2]]
    assert all(c.font.b for c in sheet[2])


def test_widths_equal_the_plain_computation_over_every_text(
    written: tuple[list[LedgerEntry], Path],
) -> None:
    """The pruned width measure gives what measuring every text gives: widest + 2, 8 to 50."""
    entries, path = written
    sheet = openpyxl.load_workbook(path)[SHEET]
    for col, header in enumerate(HEADERS):
        texts = [header, *(e.cells()[col] for e in entries)]
        plain = min(max(max(_plain_width(t) for t in texts) + 2, 8), 50)
        letter = chr(ord("A") + col)
        assert plain == sheet.column_dimensions[letter].width, header


def test_pane_filter_and_print_settings(written: tuple[list[LedgerEntry], Path]) -> None:
    """Frozen below the header, filtered over the whole table, landscape one page wide with
    the header row repeated on every page."""
    entries, path = written
    sheet = openpyxl.load_workbook(path)[SHEET]
    assert "A3" == sheet.freeze_panes
    assert f"A2:{chr(ord('A') + len(HEADERS) - 1)}{len(entries) + 2}" == sheet.auto_filter.ref
    assert ("landscape", 1, 0, "$2:$2") == (
        sheet.page_setup.orientation, sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight,
        sheet.print_title_rows)


def test_rates_sheet_and_chart_match_on_time_rates(
    written: tuple[list[LedgerEntry], Path],
) -> None:
    """按期办结率 lists on_time_rates in order, the rate as 0.0%; the chart's cached points
    are those rates and its ranges cover exactly those rows."""
    entries, path = written
    book = openpyxl.load_workbook(path)
    rates = on_time_rates(entries)
    sheet = book[RATES_SHEET]
    assert [[r.unit, r.decided, r.on_time, r.rate] for r in rates] == [
        [c.value for c in row] for row in sheet.iter_rows(min_row=3)]
    assert {"0.0%"} == {sheet.cell(r, 4).number_format for r in range(3, len(rates) + 3)}
    series = book[CHART_SHEET]._charts[0].series[0]
    last = len(rates) + 2
    assert f"'按期办结率'!$D$3:$D${last}" == series.val.numRef.f
    assert [r.rate for r in rates if r.rate is not None] == [
        float(p.v) for p in series.val.numRef.numCache.pt]
    assert [r.unit for r in rates] == [p.v for p in series.cat.strRef.strCache.pt]


def test_an_exported_ledger_with_its_title_line_imports_back(tmp_path: Path) -> None:
    """import_xlsx finds the header row below the title line: its columns are read."""
    from builders import CLERK, T0, World

    from supervision.ledger import ledger_entries, write_xlsx

    source = World()
    source.dispatched(title="第一项")
    path = tmp_path / "台账.xlsx"
    write_xlsx(ledger_entries(source.uow(), source.ctx, CLERK, T0), path, office="督查室", as_of=T0)
    target = World()
    matters = import_xlsx(target.uow(), target.ctx, CLERK, path)
    assert ["第一项"] == [m.title for m in matters]


def test_a_missing_column_is_reported_on_the_header_row_below_a_title(tmp_path: Path) -> None:
    """With a title line in row 1 and the header in row 2 lacking 责任人, the problem is
    reported on row 2, the row that holds most of the required headers."""
    from builders import CLERK, World

    from supervision.exceptions import LedgerImportError

    book = openpyxl.Workbook()
    rows = book.active
    rows.append(["某县督办事项台账"])
    rows.append(["督办事项", "办理要求", "事项来源", "主办单位"])
    rows.append(["修缮文化站", "年底前完工", "领导批示", "经济发展局"])
    path = tmp_path / "缺列.xlsx"
    book.save(path)
    world = World()
    with pytest.raises(LedgerImportError) as error:
        import_xlsx(world.uow(), world.ctx, CLERK, path)
    assert [(2, "责任人")] == [(p[0], p[1]) for p in error.value.problems]
