"""Formula injection and characters XML cannot carry: hostile titles and unit names stay text in
the .xlsx and round-trip through CSV; control characters never corrupt the file."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import openpyxl
import pytest
from builders import CLERK, T0, World
from hypothesis import given
from hypothesis import strategies as st

from supervision._xlsx import Sheet, Workbook, write_workbook
from supervision.domain import Unit, UnitKind
from supervision.ledger import HEADERS, SHEET, ledger_entries, read_csv, write_csv, write_xlsx
from supervision.service_layer import services

HOSTILE = [
    '=HYPERLINK("http://x","y")',
    "=1+1",
    "+1+1",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1+1",
    "\r=1+1",
    "'=1+1",
    "''@x",
    "=cmd|' /C calc'!A0",
]
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def _world(titles: list[str], unit_name: str = "经济发展局") -> World:
    world = World()
    services.add_unit(world.uow(), world.ctx, CLERK,
                      Unit.create("unit-h", unit_name, UnitKind.DEPARTMENT))
    for title in titles:
        world.dispatched(title=title, lead_unit_id="unit-h")
    return world


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[str], Path]:
    world = _world(HOSTILE, unit_name='=HYPERLINK("http://x","单位")')
    entries = ledger_entries(world.uow(), world.ctx, CLERK, T0)
    path = tmp_path_factory.mktemp("hostile") / "台账.xlsx"
    write_xlsx(entries, path)
    return [e.row.title for e in entries], path


def test_hostile_titles_read_back_as_the_same_strings(hostile: tuple[list[str], Path]) -> None:
    """Every title beginning with =, +, -, @, a tab or CR is a string cell equal to the title
    (the carriage return included), never a formula."""
    titles, path = hostile
    sheet = openpyxl.load_workbook(path)[SHEET]
    column = HEADERS.index("督办事项") + 1
    cells = [sheet.cell(r, column) for r in range(3, sheet.max_row + 1)]
    assert HOSTILE == titles
    assert titles == [c.value for c in cells]
    assert {"s"} == {c.data_type for c in cells}


def test_hostile_unit_name_is_a_string_cell(hostile: tuple[list[str], Path]) -> None:
    """A unit named like a formula is written as text in the ledger and the rates sheet."""
    _, path = hostile
    book = openpyxl.load_workbook(path)
    lead = book[SHEET].cell(3, HEADERS.index("主办单位") + 1)
    rate_unit = book["按期办结率"]["A3"]
    assert ('=HYPERLINK("http://x","单位")', "s") == (lead.value, lead.data_type)
    assert ('=HYPERLINK("http://x","单位")', "s") == (rate_unit.value, rate_unit.data_type)


def test_no_sheet_of_the_package_contains_a_formula(hostile: tuple[list[str], Path]) -> None:
    """No worksheet XML has an <f> element: there is no path from text to a formula."""
    _, path = hostile
    with zipfile.ZipFile(path) as archive:
        sheets = [archive.read(n) for n in archive.namelist() if n.startswith("xl/worksheets/")]
    assert all(b"<f>" not in xml and b"<f " not in xml for xml in sheets)


def test_hostile_titles_round_trip_through_csv(tmp_path: Path) -> None:
    """write_csv neutralises formula starts with a quote and read_csv undoes exactly that."""
    world = _world(HOSTILE, unit_name="@单位")
    entries = ledger_entries(world.uow(), world.ctx, CLERK, T0)
    path = tmp_path / "台账.csv"
    write_csv(entries, path)
    rows = read_csv(path)
    assert HOSTILE == [r["督办事项"] for r in rows]
    assert {"@单位"} == {r["主办单位"] for r in rows}


def test_csv_fields_starting_a_formula_are_quoted_with_a_leading_quote(tmp_path: Path) -> None:
    """In the file itself a hostile title is "'=1+1": quoted, with one more single quote."""
    world = _world(["=1+1", "'=1+1", "普通事项"])
    path = tmp_path / "台账.csv"
    write_csv(ledger_entries(world.uow(), world.ctx, CLERK, T0), path)
    raw = path.read_text(encoding="utf-8-sig")
    assert ',"\'=1+1",' in raw
    assert ',"\'\'=1+1",' in raw
    assert ",普通事项," in raw
    assert not re.search(r"(^|,)[=+\-@]", raw.replace("\r\n", ",")), raw


@given(st.lists(st.text(st.sampled_from("=+-@\t\r'\"a,\n甲"), max_size=8), min_size=2,
                max_size=4))
def test_any_text_round_trips_through_csv(texts: list[str]) -> None:
    """Whatever mix of formula starts, quotes, commas and line breaks (in rows of two or more
    fields, as the ledger's are), read_csv gives back exactly what write_csv was given."""
    from supervision.ledger._export import _write_rows

    stream = io.StringIO(newline="")
    _write_rows(stream, [tuple(f"h{i}" for i in range(len(texts))), tuple(texts)])
    stream.seek(0)
    assert [dict(zip([f"h{i}" for i in range(len(texts))], texts, strict=True))] == read_csv(
        stream)


# ================================================================ XML-illegal characters
def _decode(text: str) -> str:
    """ECMA-376 ST_Xstring: _xHHHH_ stands for the UTF-16 code unit HHHH."""
    return re.sub(r"_x([0-9A-Fa-f]{4})_", lambda m: chr(int(m[1], 16)), text)


def _cell_texts(data: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        root = ElementTree.fromstring(archive.read("xl/sharedStrings.xml"))
    return [_decode("".join(t.text or "" for t in si.iter(f"{_MAIN}t")))
            for si in root.iter(f"{_MAIN}si")]


@pytest.mark.parametrize(
    "value",
    ["响铃\x07与垂直制表\x0b", "换页\x0c与退格\x08", "空字符\x00", "孤立代理\ud800项",
     "回车\r\n换行", "字面_x0041_转义", "非字符\ufffe\uffff", "_x005F_x0041_"],
)
def test_text_xml_cannot_carry_is_escaped_as_excel_does(value: str) -> None:
    """Control characters, lone surrogates and U+FFFE/U+FFFF are written as _xHHHH_, a literal
    _xHHHH_ as _x005F_xHHHH_ and CR as &#13;: the file parses, and decoding gives the
    original."""
    stream = io.BytesIO()
    write_workbook(Workbook.of([Sheet.of("表", [[value]])]), stream)
    assert [value] == _cell_texts(stream.getvalue())
    stream.seek(0)
    openpyxl.load_workbook(stream)  # a strict XML parser accepts every part


def test_a_ledger_with_control_characters_still_opens(tmp_path: Path) -> None:
    """A title pasted with a vertical tab exports; openpyxl opens the file (no corruption)."""
    world = _world(["粘贴的\x0b标题"])
    path = tmp_path / "台账.xlsx"
    write_xlsx(ledger_entries(world.uow(), world.ctx, CLERK, T0), path, as_of=dt.datetime(
        2026, 3, 2, 9, tzinfo=dt.timezone(dt.timedelta(hours=8))))
    sheet = openpyxl.load_workbook(path)[SHEET]
    assert "粘贴的_x000B_标题" == sheet.cell(3, HEADERS.index("督办事项") + 1).value
