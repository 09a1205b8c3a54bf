"""Importing matters from an .xlsx ledger: row-by-row validation, all or nothing."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import openpyxl
import pytest
from builders import CLERK, LIAISON_A, OFFICE, T0, World

from supervision.domain import DeadlineBasis, Matter, SourceKind, Status, Urgency
from supervision.exceptions import (
    InvalidInput,
    LedgerImportError,
    MissingExtra,
    PermissionDenied,
)
from supervision.ledger import (
    IMPORT_HEADERS,
    ImportProblem,
    import_xlsx,
    ledger_entries,
    write_xlsx,
)
from supervision.periods import Period
from supervision.service_layer import list_matters

HEAD = [
    "督办事项", "办理要求", "事项来源", "来源说明", "会议日期", "主办单位", "协办单位", "责任人",
    "事项类别", "紧急程度", "办理时限",
]

GOOD = [
    ["推进园区道路改造", "9月底前完工", "领导批示", "主任批示", None, "经济发展局", None,
     "赵局长（head-a）", None, "紧急", "15日"],
    ["整治马衙老街环境", "分三期整治", "会议决定事项", "第5次主任办公会", dt.datetime(2026, 2, 27),
     "马衙街道", "建设局、经济发展局", "钱主任，孙科长", None, None, "3个工作日"],
    ["编制产业规划", "形成初稿", "年度督查计划", None, None, "unit-c", None, "李局长", "重要事项",
     "特急", None],
    ["报送统计数据", "按月报送", "重要文件", None, None, "建设局", None, "周科长", None, None,
     dt.datetime(2026, 3, 31)],
]


def _xlsx(path: Path, rows: list[list[object]], head: list[str] = HEAD) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(head)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def _count(world: World) -> tuple[int, int, int]:
    with world.uow() as uow:
        return (
            len(uow.matters.list(offices=None)),
            len(uow.events.list()),
            uow.numbers.current(OFFICE, "池开督", 2026),
        )


def _import(world: World, path: Path) -> list[Matter]:
    return import_xlsx(world.uow(), world.ctx, CLERK, path)


def test_a_good_ledger_registers_every_row(tmp_path: Path) -> None:
    """Each row becomes a registered matter, numbered in row order, with its fields."""
    world = World()
    matters = _import(world, _xlsx(tmp_path / "good.xlsx", GOOD))
    assert ["池开督〔2026〕1号", "池开督〔2026〕2号", "池开督〔2026〕3号", "池开督〔2026〕4号"] == [
        str(m.number) for m in matters
    ]
    assert (4, 4, 4) == _count(world)
    road, street, plan, stats = matters
    assert Status.DRAFT is road.status
    assert Urgency.URGENT is road.urgency
    assert ("head-a", "赵局长") == (road.responsible[0].person_id, road.responsible[0].name)
    assert Period.days(15) == road.terms.period
    assert SourceKind.MEETING_DECISION is street.source.kind
    assert dt.date(2026, 2, 27) == street.source.meeting_date
    assert ("unit-c", "unit-a") == street.co_unit_ids
    assert ["钱主任", "孙科长"] == [r.name for r in street.responsible]
    assert Period.working_days(3) == street.terms.period
    assert DeadlineBasis.CATEGORY_DEFAULT is plan.terms.basis
    assert Period.days(15) == plan.terms.period
    assert Urgency.EXTRA_URGENT is plan.urgency
    assert dt.date(2026, 3, 31) == stats.terms.due_day


def test_every_bad_cell_is_reported_with_row_and_column_and_nothing_is_imported(
    tmp_path: Path,
) -> None:
    """One error lists all problems by (row, column); the store is unchanged."""
    world = World()
    before = _count(world)
    rows = [
        GOOD[0],
        ["甲", "乙", "领导批示", None, None, "不存在的局", None, "赵局长", None, None, "15天半"],
        [None, "乙", "会议决定事项", None, None, "经济发展局", None, None, None, "很急", "5日"],
        ["丙", "丁", "小道消息", None, None, "经济发展局", "经济发展局", "赵局长", None, None,
         "5日"],
    ]
    with pytest.raises(LedgerImportError) as error:
        _import(world, _xlsx(tmp_path / "bad.xlsx", rows))
    found = {(p[0], p[1]) for p in error.value.problems}
    assert {
        (3, "主办单位"),
        (3, "办理时限"),
        (4, "督办事项"),
        (4, "会议日期"),
        (4, "责任人"),
        (4, "紧急程度"),
        (5, "事项来源"),
        (5, "协办单位"),
    } == found
    assert all(isinstance(p, ImportProblem) for p in error.value.problems)
    assert "第3行 主办单位" in str(error.value)
    assert before == _count(world)


def test_a_category_is_read_by_its_label_or_by_its_key(tmp_path: Path) -> None:
    """事项类别 may hold the label the policy gives a category (重要事项) or its key."""
    world = World()
    by_key = [*GOOD[2][:8], "important", *GOOD[2][9:]]
    matters = _import(world, _xlsx(tmp_path / "cat.xlsx", [GOOD[2], by_key]))
    assert ["important", "important"] == [m.category for m in matters]


def test_a_registration_rule_failing_on_one_row_rolls_back_the_others(tmp_path: Path) -> None:
    """Rows valid on their own but refused by registration (unknown category, no deadline)
    are reported by row and column, and the good rows before them are not kept."""
    world = World()
    before = _count(world)
    rows = [
        GOOD[0],
        ["甲", "乙", "领导批示", None, None, "经济发展局", None, "赵局长", "特别事项", None, None],
        ["丙", "丁", "领导批示", None, None, "经济发展局", None, "赵局长", None, None, None],
        GOOD[2],
    ]
    with pytest.raises(LedgerImportError) as error:
        _import(world, _xlsx(tmp_path / "rule.xlsx", rows))
    assert [(3, "事项类别"), (4, "办理时限")] == [(p[0], p[1]) for p in error.value.problems]
    assert before == _count(world)
    assert [] == list_matters(world.uow(), world.ctx, CLERK)


def test_a_missing_required_column_is_reported_on_row_1(tmp_path: Path) -> None:
    """Without 责任人 the header row is the problem."""
    world = World()
    head = [h for h in HEAD if h != "责任人"]
    rows = [[v for h, v in zip(HEAD, GOOD[0], strict=True) if h != "责任人"]]
    with pytest.raises(LedgerImportError) as error:
        _import(world, _xlsx(tmp_path / "nohead.xlsx", rows, head))
    assert [(1, "责任人")] == [(p[0], p[1]) for p in error.value.problems]


def test_daoli_23_confidential_rows_are_refused(tmp_path: Path) -> None:
    """A row marked 控制知情范围 is not imported without its access list."""
    world = World()
    head = [*HEAD, "知情范围"]
    with pytest.raises(LedgerImportError) as error:
        _import(world, _xlsx(tmp_path / "c.xlsx", [[*GOOD[0], "控制知情范围"]], head))
    assert [(2, "知情范围")] == [(p[0], p[1]) for p in error.value.problems]


def test_blank_rows_are_skipped_and_an_empty_sheet_imports_nothing(tmp_path: Path) -> None:
    """Blank lines between rows are ignored; a sheet with no data rows is an error."""
    world = World()
    matters = _import(world, _xlsx(tmp_path / "gaps.xlsx", [GOOD[0], [None] * 11, GOOD[3]]))
    assert 2 == len(matters)
    with pytest.raises(LedgerImportError):
        _import(world, _xlsx(tmp_path / "empty.xlsx", []))


def test_only_the_office_may_import(tmp_path: Path) -> None:
    """A unit liaison may not register matters, so may not import them either."""
    world = World()
    with pytest.raises(PermissionDenied):
        import_xlsx(world.uow(), world.ctx, LIAISON_A, _xlsx(tmp_path / "g.xlsx", GOOD))


def test_an_exported_ledger_imports_into_another_office(tmp_path: Path) -> None:
    """The export's columns are read back: titles, units and periods survive; numbers are new."""
    source = World()
    source.dispatched()
    source.dispatched(title="第二项", co_unit_ids=("unit-b",))
    path = tmp_path / "export.xlsx"
    write_xlsx(ledger_entries(source.uow(), source.ctx, CLERK, T0), path)
    target = World()
    matters = _import(target, path)
    assert ["推进园区道路改造", "第二项"] == [m.title for m in matters]
    assert ("unit-b",) == matters[1].co_unit_ids
    assert Period.days(15) == matters[0].terms.period
    assert set(IMPORT_HEADERS) >= {"督办事项", "办理时限"}


def test_import_without_the_office_extra_names_the_install_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With openpyxl missing, import_xlsx raises an ImportError naming the extra."""
    path = _xlsx(tmp_path / "g.xlsx", GOOD)
    world = World()
    monkeypatch.setitem(sys.modules, "openpyxl", None)
    with pytest.raises(MissingExtra) as error:
        _import(world, path)
    assert "pip install 'supervision-duban[office]'" in str(error.value)
    assert isinstance(error.value, ImportError)


def test_import_reads_a_binary_stream(tmp_path: Path) -> None:
    """An uploaded file (a binary stream) imports like a path."""
    import io

    data = io.BytesIO(_xlsx(tmp_path / "up.xlsx", GOOD[:1]).read_bytes())
    world = World()
    matters = import_xlsx(world.uow(), world.ctx, CLERK, data)
    assert ["推进园区道路改造"] == [m.title for m in matters]
    assert (1, 1, 1) == _count(world)


def test_a_file_that_is_not_a_workbook_is_refused_clearly(tmp_path: Path) -> None:
    """A text file given as the ledger raises InvalidInput naming the source."""
    bogus = tmp_path / "not.xlsx"
    bogus.write_text("这不是表格", encoding="utf-8")
    world = World()
    with pytest.raises(InvalidInput) as error:
        _import(world, bogus)
    assert "source" == error.value.fields["field"]
