"""Importing matters from an .xlsx ledger (台账导入): all rows or none.

Each row is read and checked on its own, every problem is collected with its row number and
column, and only when no row has a problem are the matters registered, through the service
layer's registration step, inside one unit of work that commits once. Any problem — in the
file or raised by registration (unknown category, no deadline, …) — raises one
:class:`~supervision.exceptions.LedgerImportError` carrying all of them, and the unit of work
is rolled back: nothing is imported.
"""

from __future__ import annotations

import datetime as _dt
import os
import re
import zipfile
from collections.abc import Mapping
from typing import IO, Any, NamedTuple

from supervision.calendar import SHANGHAI
from supervision.domain.actors import Actor
from supervision.domain.lifecycle import Action
from supervision.domain.model import (
    ConfidentialityKind,
    Instruction,
    Matter,
    Registration,
    Source,
    SourceKind,
    Unit,
    Urgency,
)
from supervision.domain.permissions import authorize
from supervision.domain.policy import Policy
from supervision.exceptions import (
    InvalidInput,
    LedgerImportError,
    NotFound,
    RuleViolation,
    SupervisionError,
)
from supervision.ledger._export import SHEET, _openpyxl
from supervision.ledger._labels import (
    parse_deadline,
    parse_handling_mode,
    parse_leader,
    parse_people,
    parse_source,
    parse_urgency,
)
from supervision.ports import UnitOfWork
from supervision.service_layer._support import check_actor
from supervision.service_layer.context import Context, office_of
from supervision.service_layer.registration import register_many_in
from supervision.text import day_parts

__all__ = ["IMPORT_HEADERS", "REQUIRED_HEADERS", "ImportProblem", "import_xlsx"]

#: Columns an import must have.
REQUIRED_HEADERS: tuple[str, ...] = ("督办事项", "办理要求", "事项来源", "主办单位", "责任人")
#: Every column an import reads; other columns (编号, 截止日期, 办理状态, 督办灯, … of an
#: exported ledger) are ignored, since numbers, due days and standings are assigned or
#: computed, never typed in. 会议日期 and 文件印发日期 are read too (older sheets); an
#: exported ledger writes both as 来源日期.
IMPORT_HEADERS: tuple[str, ...] = (
    *REQUIRED_HEADERS,
    "来源说明",
    "来源日期",
    "会议日期",
    "纪要印发日期",
    "文件印发日期",
    "批示日期",
    "协办单位",
    "事项类别",
    "紧急程度",
    "重点工作",
    "办理方式",
    "分管领导",
    "办理时限",
    "知情范围",
)


class ImportProblem(NamedTuple):
    """One problem in an imported ledger: the spreadsheet row (the header is row 1), the
    column's header and what was wrong."""

    row: int
    column: str
    message: str


_SPLIT = re.compile(r"[、，,;；\n]+")
_YES = {"是": True, "√": True, "yes": True, "true": True, "1": True,
        "": False, "否": False, "no": False, "false": False, "0": False}
_FIELD_COLUMNS: Mapping[str, str] = {
    "title": "督办事项",
    "requirements": "办理要求",
    "source": "事项来源",
    "lead_unit_id": "主办单位",
    "co_unit_ids": "协办单位",
    "responsible": "责任人",
    "category": "事项类别",
    "deadline": "办理时限",
    "urgency": "紧急程度",
    "instruction": "批示日期",
    "supervising_leader": "分管领导",
    "supervising_leader_name": "分管领导",
}
_RULE_COLUMNS: Mapping[str, str] = {
    "category_required": "事项类别",
    "deadline_required": "办理时限",
    "start_date_required": "来源日期",
    "leader_instruction_missing": "批示日期",
    "supervising_leader_required": "分管领导",
}


class _Problem(Exception):
    def __init__(self, column: str, message: str) -> None:
        super().__init__(message)
        self.column = column
        self.message = message


def _day(value: object, column: str) -> _dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    text = str(value).strip()
    parts = day_parts(text)
    if parts is None:
        raise _Problem(column, f"a date such as 2026年9月30日 or 2026-09-30, got {text!r}")
    try:
        return _dt.date(*parts)
    except ValueError:
        raise _Problem(column, f"no such day {text!r}") from None


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _names(value: object) -> list[str]:
    return [part.strip() for part in _SPLIT.split(_text(value)) if part.strip()]


def _unit(name: str, column: str, units: Mapping[str, Unit]) -> str:
    for unit in units.values():
        if name in (unit.id, unit.name):
            return unit.id
    raise _Problem(
        column, f"no unit named {name!r} (承办单位不存在); add it first or correct the name"
    )


def _row(
    cells: Mapping[str, object], units: Mapping[str, Unit], policy: Policy
) -> tuple[Registration, list[_Problem]]:
    problems: list[_Problem] = []

    def cell(column: str, required: bool = False) -> str:
        text = _text(cells.get(column))
        if required and not text:
            problems.append(_Problem(column, "required, empty (必填)"))
        return text

    def attempt(column: str, read: Any) -> Any:
        try:
            return read()
        except _Problem as problem:
            problems.append(problem)
        except InvalidInput as error:
            problems.append(_Problem(column, str(error)))
        return None

    def day(*columns: str) -> _dt.date | None:
        for column in columns:
            found = attempt(column, lambda c=column: _day(cells.get(c), c))
            if found is not None:
                return found  # type: ignore[no-any-return]
        return None

    title = cell("督办事项", True)
    requirements = cell("办理要求", True)
    secrecy = cell("知情范围")
    if secrecy and secrecy != ConfidentialityKind.NONE.label:
        problems.append(_Problem(
            "知情范围",
            f"confidential matters ({secrecy}) are not imported from a spreadsheet: register "
            "them with services.register and their access list (daoli-2017 art.23)",
        ))
    source_name = cell("事项来源", True)
    kind: SourceKind | None = None
    leader, main_leader = "", False
    if source_name:
        parsed = attempt("事项来源", lambda: parse_source(source_name))
        if parsed is not None:
            kind, leader, main_leader = parsed
    reference = cell("来源说明")
    source: Source | None = None
    if kind is SourceKind.MEETING_DECISION:
        held = day("会议日期", "来源日期")
        minutes = day("纪要印发日期")
        if held is None and not any(p.column in ("会议日期", "来源日期") for p in problems):
            column = "会议日期" if "会议日期" in cells else "来源日期"
            problems.append(_Problem(column, "required for a 会议决定事项 (the meeting date)"))
        elif held is not None:
            source = attempt("纪要印发日期",
                             lambda: Source.meeting(held, minutes, reference, leader=leader))
    elif kind is not None:
        issued = day("文件印发日期", "来源日期")
        source = attempt("事项来源",
                         lambda: Source.of(kind, reference, leader=leader, issued_on=issued))
    instruction: Instruction | None = None
    instructed = day("批示日期")
    if instructed is not None:
        if not leader:
            problems.append(_Problem(
                "批示日期",
                "a 批示 needs its leader: write 事项来源 as 区长批示 (or 领导讲话（区长）)",
            ))
        else:
            instruction = attempt("批示日期", lambda: Instruction.of(
                leader, instructed, reference, main_leader=main_leader))
    lead_name = cell("主办单位", True)
    lead = attempt("主办单位", lambda: _unit(lead_name, "主办单位", units)) if lead_name else None
    co: list[str] = []
    for name in _names(cells.get("协办单位")):
        unit_id = attempt("协办单位", lambda n=name: _unit(n, "协办单位", units))
        if unit_id is not None:
            co.append(unit_id)
    if lead is not None and lead in co:
        problems.append(_Problem("协办单位", "the lead unit (主办单位) cannot also be a co-unit"))
    people = parse_people(cell("责任人", True))
    # a label becomes its key; anything else goes to registration, which refuses an unknown
    # category listing the policy's own (UnknownCategory)
    category_text = cell("事项类别")
    named = policy.category_named(category_text)
    category = named.key if named is not None else category_text or None
    urgency = attempt("紧急程度", lambda: parse_urgency(cell("紧急程度")))
    mode = attempt("办理方式", lambda: parse_handling_mode(cell("办理方式")))
    key_work_text = cell("重点工作").lower()
    if key_work_text not in _YES:
        problems.append(_Problem("重点工作", f"是 or empty, got {key_work_text!r}"))
    deadline = attempt("办理时限", lambda: parse_deadline(cells.get("办理时限")))
    leader_id, leader_name = attempt("分管领导", lambda: parse_leader(cell("分管领导"))) or (
        None, "")
    registration = Registration(
        title=title,
        requirements=requirements,
        source=source if source is not None else Source.of(SourceKind.OTHER),
        lead_unit_id=lead or "",
        responsible=tuple(people),
        co_unit_ids=tuple(co),
        handling_mode=mode,
        category=category,
        urgency=urgency or Urgency.NORMAL,
        deadline=deadline,
        instruction=instruction,
        key_work=_YES.get(key_work_text, False),
        supervising_leader=leader_id,
        supervising_leader_name=leader_name,
    )
    return registration, problems


def _column_of(error: SupervisionError) -> str:
    if isinstance(error, RuleViolation):
        return _RULE_COLUMNS.get(error.rule, "（整行）")
    if isinstance(error, InvalidInput):
        field = str(error.fields.get("field", "")).split(".")[0]
        return _FIELD_COLUMNS.get(field, "（整行）")
    if isinstance(error, NotFound):
        return "主办单位"
    return "（整行）"


def _header_row(lines: list[tuple[object, ...]]) -> int:
    """The header row's index: the first row holding every required header (an exported
    ledger has a title line above it). With none, the row holding most of them (the first
    such), so the missing columns are reported where the header was meant to be."""
    best, best_count = 0, -1
    for index, line in enumerate(lines):
        texts = {_text(v) for v in line}
        count = sum(1 for h in REQUIRED_HEADERS if h in texts)
        if count == len(REQUIRED_HEADERS):
            return index
        if count > best_count:
            best, best_count = index, count
    return best


def _read(source: str | os.PathLike[str] | IO[bytes]) -> list[tuple[int, dict[str, object]]]:
    openpyxl = _openpyxl()
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = openpyxl.load_workbook(source, read_only=True, data_only=True)
    except (OSError, ValueError, KeyError, zipfile.BadZipFile, InvalidFileException) as error:
        raise InvalidInput(
            "source", "a readable .xlsx workbook (台账文件)", f"{source!r}: {error}"
        ) from None
    try:
        sheet = book[SHEET] if SHEET in book.sheetnames else book.worksheets[0]
        lines = list(sheet.iter_rows(values_only=True))
    finally:
        book.close()
    if not lines:
        raise LedgerImportError([ImportProblem(1, "表头", "the sheet is empty: no header row")])
    at = _header_row(lines)
    header = [_text(h) for h in lines[at]]
    problems: list[ImportProblem] = []
    for column in REQUIRED_HEADERS:
        if column not in header:
            problems.append(ImportProblem(at + 1, column, "missing column (缺少必需列)"))
    seen: set[str] = set()
    for name in header:
        if name in IMPORT_HEADERS and name in seen:
            problems.append(ImportProblem(at + 1, name, "column appears twice (列重复)"))
        seen.add(name)
    if problems:
        raise LedgerImportError(problems)
    rows: list[tuple[int, dict[str, object]]] = []
    for number, values in enumerate(lines[at + 1:], start=at + 2):
        cells = {
            name: value
            for name, value in zip(header, values, strict=False)
            if name in IMPORT_HEADERS
        }
        if all(_text(v) == "" for v in values):
            continue
        rows.append((number, cells))
    return rows


def import_xlsx(
    uow: UnitOfWork,
    ctx: Context,
    actor: Actor,
    source: str | os.PathLike[str] | IO[bytes],
) -> list[Matter]:
    """Register one matter per row of the ledger sheet (督办事项台账, else the first sheet).

    The header row is the first row holding every one of :data:`REQUIRED_HEADERS` (row 1 of
    a hand-made sheet, row 2 of an exported ledger, below its title line); the columns read
    are :data:`IMPORT_HEADERS`; rows below it are matters, blank rows are skipped. Units are
    named by name or id; several co-units or responsible people are separated by 、 or ，; a
    responsible person is ``姓名`` or ``姓名（人员标识）``. 事项来源 is a source's label or id, or
    a leader's instruction as people write it (区长批示; ``区长批示（主要领导）`` for a main
    leader's); 批示日期 records the instruction (批示) with that leader. 事项类别 is the
    category's label (重要事项) or key in the policy the office works under that day.
    办理时限 is a stated period (15日, 十五日, 3个工作日, 三个工作日内, 1个月, 次日, 当日) or a day
    (2026年9月30日前, or a date cell); left empty or marked ``（制度默认）`` as an exported
    ledger writes a default, the policy's default for 事项类别 applies. 紧急程度 is 一般, 紧急
    or 特急; 办理方式 转办, 会办 or 自办; 重点工作 是 or empty; 分管领导 the person id of the
    leader in charge. Confidential matters are refused (register them with their access
    list).

    Returns the registered matters in row order. Any problem raises
    :class:`~supervision.exceptions.LedgerImportError` listing every problem as
    ``(row, column, message)``, and nothing is imported. A denied actor raises
    :class:`~supervision.exceptions.PermissionDenied` before the file is read.
    """
    check_actor(actor)
    authorize(actor, Action.REGISTER)
    at = ctx.now()
    rows = _read(source)
    with uow:
        office = office_of(uow, actor)
        units = {u.id: u for u in uow.units.list(office.id)}
    policy = ctx.policy(office.term_on(at.astimezone(SHANGHAI).date()).policy)
    problems: list[ImportProblem] = []
    registrations: list[tuple[int, Registration]] = []
    for number, cells in rows:
        registration, found = _row(cells, units, policy)
        problems.extend(ImportProblem(number, p.column, p.message) for p in found)
        if not found:
            registrations.append((number, registration))
    if problems:
        raise LedgerImportError(sorted(problems, key=lambda p: p.row))
    if not registrations:
        raise LedgerImportError([ImportProblem(2, "（整行）", "no rows to import (台账无数据行)")])
    refused: list[tuple[int, SupervisionError]] = []
    with uow:
        # checked and numbered row by row, stored at once (linear in the rows)
        matters = register_many_in(uow, ctx, actor, [r for _n, r in registrations], at=at,
                                   problems=refused)
        problems.extend(ImportProblem(registrations[i][0], _column_of(error), str(error))
                        for i, error in refused)
        if problems:
            uow.rollback()
            raise LedgerImportError(problems)
        uow.commit()
    return matters
