"""zhoucun-2021 §4.4 (区政府分管领导同志阅签): the ledger's 分管领导 column names the leader in
charge as a person reads it, 王副区长（leader-1）, never only an internal key when a name was
recorded; the import reads that cell back into the person id the sign-off is checked against
and the name."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest
from builders import CLERK, LEADER, T0, World

from supervision.exceptions import LedgerImportError
from supervision.ledger import (
    HEADERS,
    SHEET,
    import_xlsx,
    ledger_entries,
    read_csv,
    write_csv,
    write_xlsx,
)
from supervision.ledger._labels import parse_leader

NAMED = "王副区长（leader-1）"


def _leader_cells(world: World) -> list[str]:
    entries = ledger_entries(world.uow(), world.ctx, CLERK, T0)
    column = HEADERS.index("分管领导")
    return [entry.cells()[column] for entry in entries]


def test_zhoucun_4_4_the_ledger_shows_the_leader_in_charge_by_name_and_id() -> None:
    """分管领导 is 王副区长（leader-1） with a name recorded, just the id without one."""
    world = World()
    world.dispatched(supervising_leader_name="王副区长")
    world.dispatched(title="整治马衙老街环境")
    assert [NAMED, LEADER.person_id] == _leader_cells(world)


def test_zhoucun_4_4_the_csv_and_xlsx_ledgers_show_the_leaders_name(tmp_path: Path) -> None:
    """The CSV and the .xlsx carry the same 分管领导 cell as the entries."""
    world = World()
    world.dispatched(supervising_leader_name="王副区长")
    ledger = world.app.read_ledger(CLERK, as_of=T0)
    stream = io.StringIO(newline="")
    write_csv(ledger, stream)
    stream.seek(0)
    assert [NAMED] == [row["分管领导"] for row in read_csv(stream)]
    write_xlsx(ledger, tmp_path / "台账.xlsx")
    rows = list(openpyxl.load_workbook(tmp_path / "台账.xlsx")[SHEET].iter_rows(
        min_row=2, values_only=True))
    header = [str(h) for h in rows[0]]
    assert [NAMED] == [row[header.index("分管领导")] for row in rows[1:]]


def test_zhoucun_4_4_an_exported_ledger_imports_with_the_leaders_id_and_name(
    tmp_path: Path,
) -> None:
    """Export → import: the leader's person id (what the sign-off is compared with) and the
    name come back; a row without a name comes back with the id alone."""
    world = World()
    world.dispatched(supervising_leader_name="王副区长")
    world.dispatched(title="整治马衙老街环境")
    path = tmp_path / "台账.xlsx"
    write_xlsx(world.app.read_ledger(CLERK, as_of=T0), path)
    target = World()
    imported = import_xlsx(target.uow(), target.ctx, CLERK, path)
    assert [("leader-1", "王副区长"), ("leader-1", "")] == [
        (m.supervising_leader, m.supervising_leader_name) for m in imported]
    assert [NAMED, LEADER.person_id] == _leader_cells(target)


@pytest.mark.parametrize(("cell", "read"), [
    ("王副区长（vice-head-1）", ("vice-head-1", "王副区长")),
    ("王副区长(vice-head-1)", ("vice-head-1", "王副区长")),
    (" vice-head-1 ", ("vice-head-1", "")),
    ("", (None, "")),
    (None, (None, "")),
])
def test_zhoucun_4_4_the_leader_cell_reads_as_the_responsible_cell_does(
    cell: object, read: tuple[str | None, str]
) -> None:
    """姓名（人员标识） gives the id and the name; a bare id the id alone; empty none."""
    assert read == parse_leader(cell)


def _typed_ledger(path: Path, leader: str) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["督办事项", "办理要求", "事项来源", "主办单位", "责任人", "办理时限", "分管领导"])
    sheet.append(["推进园区道路改造", "9月底前完工", "区长批示", "unit-a", "赵局长（head-a）",
                  "15日", leader])
    book.save(path)
    return path


def test_zhoucun_4_4_a_typed_leader_cell_registers_the_id_and_the_name(tmp_path: Path) -> None:
    """A ledger typed by hand: 王副区长（vice-head-1） registers vice-head-1 named 王副区长."""
    world = World()
    (matter,) = import_xlsx(world.uow(), world.ctx, CLERK,
                            _typed_ledger(tmp_path / "手工.xlsx", "王副区长（vice-head-1）"))
    assert ("vice-head-1", "王副区长", "王副区长（vice-head-1）") == (
        matter.supervising_leader, matter.supervising_leader_name,
        matter.supervising_leader_label)


@pytest.mark.parametrize("cell", ["王副区长（vice-head-1）、李副区长（vice-head-2）",
                                  "王（副）区长（vice-head-1）", "王副区长（vice-head-1"])
def test_zhoucun_4_4_a_leader_cell_that_is_not_one_leader_is_a_problem_of_its_column(
    tmp_path: Path, cell: str
) -> None:
    """Two leaders, or brackets that are not 姓名（人员标识）: refused, naming 分管领导."""
    world = World()
    with pytest.raises(LedgerImportError) as error:
        import_xlsx(world.uow(), world.ctx, CLERK, _typed_ledger(tmp_path / "坏.xlsx", cell))
    assert [(2, "分管领导")] == [(p.row, p.column) for p in error.value.problems]
