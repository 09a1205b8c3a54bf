"""The ledger round-trips (issue 13.4): an exported ledger imports into another office's
database unchanged in meaning, and exporting that office's ledger gives the same columns."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import attrs
import openpyxl
import pytest
from builders import CLERK, LEADER, OFFICE, POLICY, T0, app_for

from supervision.adapters.memory import InMemoryStore
from supervision.bootstrap import Supervision
from supervision.clock import FixedClock
from supervision.domain import (
    DeadlineTerms,
    HandlingMode,
    Instruction,
    Matter,
    Registration,
    Responsible,
    Source,
    SourceKind,
    Unit,
    UnitKind,
    Urgency,
)
from supervision.ledger import HEADERS, SHEET, import_xlsx, write_xlsx
from supervision.periods import Period

#: Columns that describe the matter as registered (the rest — number, due day, status,
#: standing, light and its history, acknowledgement — follow its handling).
MEANING = ("督办事项", "事项来源", "来源说明", "来源日期", "纪要印发日期", "批示日期", "事项类别",
           "紧急程度", "重点工作", "办理方式", "主办单位", "协办单位", "责任人", "分管领导",
           "办理要求", "办理时限", "知情范围")


def _registrations() -> list[Registration]:
    base = Registration(
        title="推进园区道路改造", requirements="9月底前完成施工并报送结果",
        source=Source.of(SourceKind.LEADER_INSTRUCTION, "主任批示第3号", leader="主任"),
        lead_unit_id="unit-a", responsible=(Responsible("head-a", "赵局长", "unit-a"),),
        deadline=DeadlineTerms.stated(Period.working_days(7)),
        instruction=Instruction.of("主任", T0.date(), "主任批示第3号", main_leader=True),
        supervising_leader=LEADER.person_id, supervising_leader_name="王副区长",
        urgency=Urgency.URGENT, key_work=True,
    )
    return [
        base,
        attrs.evolve(
            base, title="整治马衙老街环境", requirements="分三期整治",
            source=Source.meeting(dt.date(2026, 2, 26), dt.date(2026, 2, 27), "第5次主任办公会"),
            lead_unit_id="unit-b", co_unit_ids=("unit-c", "unit-a"),
            responsible=(Responsible("p-qian", "钱主任"), Responsible("p-sun", "孙科长")),
            deadline=None, category="important", instruction=None, urgency=Urgency.NORMAL,
            key_work=False, handling_mode=HandlingMode.JOINT,
        ),
        attrs.evolve(
            base, title="报送统计数据", requirements="按月报送",
            source=Source.of(SourceKind.DOCUMENT, "测政办发〔2026〕2号",
                             issued_on=dt.date(2026, 2, 20)),
            lead_unit_id="unit-c", deadline=DeadlineTerms.stated(due_day=dt.date(2026, 3, 31)),
            instruction=None, urgency=Urgency.EXTRA_URGENT, key_work=False,
        ),
        attrs.evolve(
            base, title="编制产业规划", requirements="形成初稿",
            source=Source.of(SourceKind.SUPERVISION_PLAN), deadline=None, category="general",
            instruction=None, urgency=Urgency.NORMAL, key_work=False,
        ),
    ]


def _source_office() -> Supervision:
    app = app_for(POLICY, clock=FixedClock(T0))
    for registration in _registrations():
        matter = app.register(CLERK, registration)
        if POLICY.requires_approval:
            app.approve(LEADER, matter.id)
        app.dispatch(CLERK, matter.id)
    return app


def _target_office() -> Supervision:
    """Another database: the same unit names under other ids."""
    app = app_for(POLICY, store=InMemoryStore(), clock=FixedClock(T0), with_units=False)
    for unit_id, name, kind in (("u-econ", "经济发展局", UnitKind.DEPARTMENT),
                                ("u-maya", "马衙街道", UnitKind.TOWNSHIP),
                                ("u-build", "建设局", UnitKind.DEPARTMENT)):
        app.add_unit(CLERK, Unit.create(unit_id, name, kind))
    return app


def _export(app: Supervision, path: Path) -> Path:
    write_xlsx(app.read_ledger(CLERK, as_of=T0), path)
    return path


def _columns(path: Path) -> list[dict[str, Any]]:
    sheet = openpyxl.load_workbook(path)[SHEET]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    header = [str(h) for h in rows[0]]
    assert list(HEADERS) == header
    return [{h: v for h, v in zip(header, row, strict=True) if h in MEANING} for row in rows[1:]]


@pytest.fixture(scope="module")
def trip(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, list[Matter]]:
    folder = tmp_path_factory.mktemp("trip")
    first = _export(_source_office(), folder / "甲.xlsx")
    target = _target_office()
    imported = import_xlsx(target.uow(), target.context, CLERK, first)
    return first, _export(target, folder / "乙.xlsx"), imported


def test_export_import_export_gives_the_same_ledger(
    trip: tuple[Path, Path, list[Matter]]
) -> None:
    """Every column that describes a matter is the same in both exports, row by row."""
    first, second, _matters = trip
    assert _columns(first) == _columns(second)


def test_a_meeting_row_imports_with_its_meeting_and_minutes_dates(
    trip: tuple[Path, Path, list[Matter]]
) -> None:
    """The meeting decision keeps its 会议日期 and 纪要印发日期 (it failed for lack of them)."""
    meeting = trip[2][1]
    assert (SourceKind.MEETING_DECISION, dt.date(2026, 2, 26), dt.date(2026, 2, 27)) == (
        meeting.source.kind, meeting.source.meeting_date, meeting.source.minutes_date)


def test_urgency_instruction_and_key_work_survive(trip: tuple[Path, Path, list[Matter]]) -> None:
    """紧急 / 特急, the main leader's instruction (who, when) and 重点工作 come back."""
    road, _meeting, stats, _plan = trip[2]
    assert (Urgency.URGENT, Urgency.EXTRA_URGENT, ("主任", T0.date(), True), True,
            (LEADER.person_id, "王副区长")) == (
        road.urgency, stats.urgency,
        (road.instruction.leader, road.instruction.on, road.instruction.main_leader)
        if road.instruction else None, road.key_work,
        (road.supervising_leader, road.supervising_leader_name))


def test_a_category_default_comes_back_as_the_policys_default(
    trip: tuple[Path, Path, list[Matter]]
) -> None:
    """A default (15日（制度默认）) is imported as the category's default, not a stated 15日."""
    meeting, plan = trip[2][1], trip[2][3]
    assert [("category_default", Period.days(15)), ("category_default", Period.days(5))] == [
        (m.terms.basis.value, m.terms.period) for m in (meeting, plan)]


def test_units_and_people_are_matched_by_name_and_id(
    trip: tuple[Path, Path, list[Matter]]
) -> None:
    """The importing office's own unit ids; people with their ids; 会办 kept."""
    meeting = trip[2][1]
    assert ("u-maya", ("u-build", "u-econ"), [("p-qian", "钱主任"), ("p-sun", "孙科长")],
            HandlingMode.JOINT) == (
        meeting.lead_unit_id, meeting.co_unit_ids,
        [(r.person_id, r.name) for r in meeting.responsible], meeting.handling_mode)


def test_the_imported_matters_belong_to_the_importing_office(
    trip: tuple[Path, Path, list[Matter]]
) -> None:
    """Each imported matter is the importing office's, registered under its policy."""
    assert {(OFFICE, POLICY.name)} == {(m.office_id, m.policy.name) for m in trip[2]}


def test_read_ledger_states_the_office_and_instant_in_the_title(
    trip: tuple[Path, Path, list[Matter]]
) -> None:
    """The exported title line names the office, the instant and the policy."""
    title = openpyxl.load_workbook(trip[0])[SHEET]["A1"].value
    expected = "测试区督查室 督办事项台账（截至2026年3月2日9时；适用《测试区督查督办工作办法》）"
    assert expected == title


def test_the_first_export_reads_as_its_office_wrote_it(
    trip: tuple[Path, Path, list[Matter]]
) -> None:
    """What the source office wrote: 主任批示（主要领导）, the minutes' day, 15日（制度默认）."""
    rows = _columns(trip[0])
    expected = ("主任批示（主要领导）", "是", "7个工作日", "2026年2月27日", "15日（制度默认）",
                "会办")
    assert expected == (
        rows[0]["事项来源"], rows[0]["重点工作"], rows[0]["办理时限"], rows[1]["纪要印发日期"],
        rows[1]["办理时限"], rows[1]["办理方式"])
