"""Chinese labels in and out (issue 13.5): periods with Chinese numerals, sources as people
write them, categories by label, each refused with the accepted values listed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from builders import CLERK, POLICY, World

from supervision.domain import DeadlineBasis, SourceKind, Urgency
from supervision.exceptions import InputOutOfBounds, InvalidInput
from supervision.ledger import (
    chinese_number,
    import_xlsx,
    parse_category,
    parse_deadline,
    parse_source,
    parse_urgency,
)
from supervision.periods import Period


@pytest.mark.parametrize(("text", "number"), [
    ("3", 3), ("三", 3), ("十", 10), ("十五", 15), ("二十", 20), ("二十一", 21), ("两", 2),
    ("一百零五", 105),
])
def test_chinese_numerals_are_read(text: str, number: int) -> None:
    """三, 十五, 二十一, 两, 一百零五 as people write them."""
    assert number == chinese_number(text)


def test_chinese_number_reads_full_width_digits_and_refuses_other_scripts() -> None:
    """１５ is 15; ² and ٣ are digits to Python but no number a person writes here: refused
    as InvalidInput naming the number (² once raised a bare ValueError), as is what is no
    text."""
    assert 15 == chinese_number("１５")
    for text in ("²", "٣", "1²", None):
        with pytest.raises(InvalidInput) as raised:
            chinese_number(text)  # type: ignore[arg-type]
        assert raised.value.field == "number"


@pytest.mark.parametrize(("text", "period"), [
    ("十五日", Period.days(15)), ("三日", Period.days(3)), ("15天", Period.days(15)),
    ("三个工作日", Period.working_days(3)), ("十五个工作日内", Period.working_days(15)),
    ("7个工作日以内", Period.working_days(7)), ("两个月", Period.months(2)),
    ("一个月", Period.months(1)), ("二十四小时", Period.hours(24)), ("次日", Period.next_day()),
])
def test_periods_with_chinese_numerals_are_stated_periods(text: str, period: Period) -> None:
    """办理时限 十五日 / 三个工作日内 / 两个月 is the stated period."""
    terms = parse_deadline(text)
    assert terms is not None
    assert (DeadlineBasis.STATED, period) == (terms.basis, terms.period)


def test_a_day_is_a_stated_due_day() -> None:
    """2026年9月30日前 and a date cell are a fixed due day."""
    days = [parse_deadline("2026年9月30日前"), parse_deadline(dt.date(2026, 9, 30))]
    assert [dt.date(2026, 9, 30)] * 2 == [t.due_day if t else None for t in days]


@pytest.mark.parametrize("text", ["", "5日（制度默认）", "制度默认", None])
def test_empty_or_the_default_mark_means_the_policys_default(text: str | None) -> None:
    """Left empty or marked as the export writes a default: None (the policy's default)."""
    assert parse_deadline(text) is None


def test_a_period_that_is_no_period_is_refused_listing_the_forms() -> None:
    """15天半 names 办理时限 and the accepted forms."""
    with pytest.raises(InvalidInput, match=r"办理时限.*十五日"):
        parse_deadline("15天半")


@pytest.mark.parametrize(("text", "kind", "leader", "main"), [
    ("领导批示", SourceKind.LEADER_INSTRUCTION, "", False),
    ("区长批示", SourceKind.LEADER_INSTRUCTION, "区长", False),
    ("市长批示件", SourceKind.LEADER_INSTRUCTION, "市长", False),
    ("区长批示（主要领导）", SourceKind.LEADER_INSTRUCTION, "区长", True),
    ("会议决定事项", SourceKind.MEETING_DECISION, "", False),
    ("会议议定", SourceKind.MEETING_DECISION, "", False),
    ("meeting_decision", SourceKind.MEETING_DECISION, "", False),
    ("领导讲话（区长）", SourceKind.LEADER_SPEECH, "区长", False),
    ("12345热线", SourceKind.HOTLINE, "", False),
])
def test_sources_are_read_as_people_write_them(
    text: str, kind: SourceKind, leader: str, main: bool
) -> None:
    """区长批示 is a 领导批示 by 区长; labels, ids and common forms are read."""
    assert (kind, leader, main) == parse_source(text)


def test_an_unknown_source_is_refused_listing_the_accepted_labels() -> None:
    """小道消息 names 事项来源 and lists the labels (领导批示, 会议决定事项, …)."""
    with pytest.raises(InvalidInput, match=r"事项来源.*领导批示、领导讲话"):
        parse_source("小道消息")


def test_a_category_is_read_by_label_or_key_and_an_unknown_one_lists_the_policys() -> None:
    """重要事项 and important are the same category; 特别事项 lists 一般事项、重要事项."""
    assert ("important", "important") == (parse_category("重要事项", POLICY),
                                          parse_category("important", POLICY))
    with pytest.raises(InvalidInput, match="一般事项、重要事项"):
        parse_category("特别事项", POLICY)


def test_urgency_labels_are_read() -> None:
    """一般 (or empty), 紧急 / 加急, 特急."""
    assert [Urgency.NORMAL, Urgency.URGENT, Urgency.URGENT, Urgency.EXTRA_URGENT] == [
        parse_urgency(t) for t in ("", "紧急", "加急", "特急")]


def test_an_import_reads_chinese_numerals_and_a_leaders_instruction(tmp_path: Path) -> None:
    """A hand-made sheet with 区长批示, 批示日期 and 三个工作日 registers the instruction and
    the stated period."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["督办事项", "办理要求", "事项来源", "批示日期", "主办单位", "责任人", "办理时限"])
    sheet.append(["修缮文化站", "年底前完工", "区长批示", "2026年3月1日", "马衙街道", "李镇长",
                  "三个工作日"])
    path = tmp_path / "导入.xlsx"
    book.save(path)
    world = World()
    [matter] = import_xlsx(world.uow(), world.ctx, CLERK, path)
    assert (SourceKind.LEADER_INSTRUCTION, "区长", ("区长", dt.date(2026, 3, 1)),
            Period.working_days(3)) == (
        matter.source.kind, matter.source.leader,
        (matter.instruction.leader, matter.instruction.on) if matter.instruction else None,
        matter.terms.period)


@pytest.mark.parametrize("text", ["三三日", "十十日", "一二个工作日", "零日", "二〇日"])
def test_a_number_not_written_the_standard_way_is_refused_naming_the_column(text: str) -> None:
    """三三日 is no period (it was read as 3日): refused as 办理时限, never guessed."""
    with pytest.raises(InvalidInput) as info:
        parse_deadline(text)
    assert "办理时限" == info.value.field


@pytest.mark.parametrize(("text", "limit"), [("99999999日", 36_525), ("十万个工作日", 25_000)])
def test_a_period_above_the_bound_is_refused_naming_the_column(text: str, limit: int) -> None:
    """A count above the bound is InputOutOfBounds naming 办理时限 (not the constructor's n)."""
    with pytest.raises(InputOutOfBounds) as info:
        parse_deadline(text)
    assert ("办理时限", limit) == (info.value.field, info.value.limit)
