"""The ledger's words, written and read by the same functions so a ledger round-trips.

Writing (:func:`source_text`, :func:`deadline_text`, :func:`people_text`, :func:`leader_text`)
and reading (:func:`parse_source`, :func:`parse_deadline`, :func:`parse_people`,
:func:`parse_leader`, :func:`parse_urgency`,
:func:`parse_handling_mode`, :func:`parse_category`, :func:`chinese_number`) are each other's
inverse: an exported ledger imports unchanged in meaning. The readers also take what people
type: Chinese numerals in periods (十五日, 三个工作日, 两个月), the source as people write it
(区长批示 is a 领导批示 by 区长), a category by its label (重要事项) or key (important). Every
reader raises :class:`~supervision.exceptions.InvalidInput` naming the column and listing the
accepted values.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterable, Mapping

from supervision._period_text import words_count
from supervision.domain.model import (
    DeadlineBasis,
    DeadlineTerms,
    HandlingMode,
    Matter,
    Responsible,
    SourceKind,
    Urgency,
)
from supervision.domain.policy import Policy
from supervision.exceptions import InputOutOfBounds, InvalidInput
from supervision.periods import Period
from supervision.text import FULL_WIDTH_DIGITS, day_parts

__all__ = [
    "DEFAULT_MARK",
    "MAIN_LEADER_MARK",
    "chinese_number",
    "deadline_text",
    "leader_text",
    "parse_category",
    "parse_deadline",
    "parse_handling_mode",
    "parse_leader",
    "parse_people",
    "parse_source",
    "parse_urgency",
    "people_text",
    "source_text",
]

#: How a category default is written in 办理时限: ``5日（制度默认）`` — the period the policy
#: gave, marked so that an import applies *its* policy's default again (never a stated period).
DEFAULT_MARK = "（制度默认）"
#: The mark of a main leader's instruction (主要领导批示) in 事项来源: ``区长批示（主要领导）``.
MAIN_LEADER_MARK = "（主要领导）"

_NUMBER = r"[0-9]+|[零〇一二两三四五六七八九十百千万]+"
_PERIOD = re.compile(
    rf"^(?P<n>{_NUMBER})\s*(?P<unit>个工作日|工作日|个自然日|自然日|日|天|个月|月|个小时|小时)"
    r"(?:内|以内|之内)?$"
)
_PERSON = re.compile(r"^(?P<name>[^（(]+)[（(](?P<id>[^）)]+)[）)]$")
_SPLIT = re.compile(r"[、，,;；\n]+")
_WITH_LEADER = re.compile(r"^(?P<label>.+?)[（(](?P<leader>[^（）()]+)[）)]$")

_URGENCY: Mapping[str, Urgency] = {
    "": Urgency.NORMAL, "一般": Urgency.NORMAL, "普通": Urgency.NORMAL, "平件": Urgency.NORMAL,
    "紧急": Urgency.URGENT, "加急": Urgency.URGENT, "急": Urgency.URGENT,
    "特急": Urgency.EXTRA_URGENT, "特提": Urgency.EXTRA_URGENT,
    **{u.value: u for u in Urgency},
}
_MODES: Mapping[str, HandlingMode] = {
    **{m.label: m for m in HandlingMode}, **{m.value: m for m in HandlingMode},
}


def chinese_number(text: str) -> int:
    """``15`` or ``十五`` (``三``, ``二十``, ``一百零五``, ``两``) as an int; InvalidInput
    otherwise (full-width digits read as ASCII ones; ² or ٣ is no number here)."""
    if not isinstance(text, str):
        raise InvalidInput("number", "a number such as 15 or 十五", text)
    digits = text.translate(FULL_WIDTH_DIGITS)
    if digits.isascii() and digits.isdigit():
        return int(digits)
    # written the standard way only: 三三 or 十十 is no number, never silently 3 or 20
    value = words_count(text)
    if value is None:
        raise InvalidInput("number", "a number such as 15 or 十五", text)
    return value


def _day(text: str) -> _dt.date | None:
    parts = day_parts(text)
    if parts is None:
        return None
    try:
        return _dt.date(*parts)
    except ValueError:
        raise InvalidInput("办理时限", "a day that exists", text) from None


# ------------------------------------------------------------------- 办理时限 (deadline)
def deadline_text(terms: DeadlineTerms) -> str:
    """办理时限 as written in the ledger: the stated period or day (``15日``, ``3个工作日``,
    ``2026年9月30日前``), or the policy's default marked ``5日（制度默认）``."""
    if terms.basis is DeadlineBasis.CATEGORY_DEFAULT:
        return f"{terms.label}{DEFAULT_MARK}"
    return terms.label


def _period(number: str, unit: str, text: str) -> Period:
    """The period of a 办理时限 cell; every refusal names the column (办理时限)."""
    try:
        count = chinese_number(number)
    except InvalidInput:
        raise InvalidInput("办理时限", "a period numbered 15 or 十五", text) from None
    if count < 1:
        raise InvalidInput("办理时限", "a period of at least 1", text)
    try:
        if "工作日" in unit:
            return Period.working_days(count)
        if "月" in unit:
            return Period.months(count)
        if "小时" in unit:
            return Period.hours(count)
        return Period.days(count)
    except InputOutOfBounds as error:
        raise InputOutOfBounds("办理时限", error.expected, text, limit=error.limit) from None


def parse_deadline(value: object) -> DeadlineTerms | None:
    """Read 办理时限: a stated period (``15日``, ``十五日``, ``3个工作日``, ``三个工作日内``,
    ``1个月``, ``两个月``, ``24小时``, ``次日``, ``当日``), a day (``2026年9月30日前``,
    ``2026-09-30``, a date), or empty / ``…（制度默认）`` / ``制度默认`` for the policy's default
    (None)."""
    if value is None:
        return None
    if isinstance(value, _dt.datetime):
        value = value.date()
    if isinstance(value, _dt.date):
        return DeadlineTerms.stated(due_day=value)
    text = re.sub(r"\s+", "", str(value))
    if not text or text.endswith(DEFAULT_MARK) or text in ("制度默认", "默认", "按类别默认"):
        return None
    if text in ("次日", "当日", "当天"):
        return DeadlineTerms.stated(Period.next_day() if text == "次日" else Period.same_day())
    match = _PERIOD.match(text)
    if match is not None:
        return DeadlineTerms.stated(_period(match["n"], match["unit"], text))
    day = _day(text)
    if day is not None:
        return DeadlineTerms.stated(due_day=day)
    raise InvalidInput(
        "办理时限",
        "a period (15日, 十五日, 3个工作日, 1个月, 次日, 当日) or a day (2026年9月30日前); "
        f"empty or …{DEFAULT_MARK} for the policy's default for the category",
        text,
    )


# ------------------------------------------------------------------- 事项来源 (source)
def source_text(matter: Matter) -> str:
    """事项来源 as the ledger writes it: the source's label (会议决定事项), a leader's instruction
    as people write it (区长批示), a main leader's marked ``区长批示（主要领导）``, another source
    with its leader ``领导讲话（区长）``."""
    source = matter.source
    leader = source.leader or (matter.instruction.leader if matter.instruction else "")
    main = matter.instruction is not None and matter.instruction.main_leader
    if source.kind is SourceKind.LEADER_INSTRUCTION and leader:
        return f"{leader}批示" + (MAIN_LEADER_MARK if main else "")
    text = source.kind.label
    if leader:
        text += f"（{leader}）"
    return text


_SOURCES: Mapping[str, SourceKind] = {
    **{k.label: k for k in SourceKind}, **{k.value: k for k in SourceKind},
    "批示": SourceKind.LEADER_INSTRUCTION, "领导批示件": SourceKind.LEADER_INSTRUCTION,
    "会议决定": SourceKind.MEETING_DECISION, "会议议定事项": SourceKind.MEETING_DECISION,
    "会议议定": SourceKind.MEETING_DECISION, "临时交办": SourceKind.TEMPORARY_ASSIGNMENT,
    "12345热线": SourceKind.HOTLINE, "市长信箱": SourceKind.HOTLINE,
    "信访": SourceKind.PETITION, "文件": SourceKind.DOCUMENT,
}


def parse_source(value: object) -> tuple[SourceKind, str, bool]:
    """Read 事项来源: (kind, leader, main leader). A label or id (领导批示, 会议决定事项,
    meeting_decision), a leader's instruction as people write it (区长批示, 市长批示件,
    ``区长批示（主要领导）``), or a label with its leader (``领导讲话（区长）``)."""
    text = re.sub(r"\s+", "", "" if value is None else str(value))
    main = text.endswith(MAIN_LEADER_MARK)
    if main:
        text = text[: -len(MAIN_LEADER_MARK)]
    if text in _SOURCES:
        return _SOURCES[text], "", main
    instruction = re.match(r"^(?P<leader>.+?)批示(?:件)?$", text)
    if instruction is not None and instruction["leader"] != "领导":
        return SourceKind.LEADER_INSTRUCTION, instruction["leader"], main
    labelled = _WITH_LEADER.match(text)
    if labelled is not None and labelled["label"] in _SOURCES:
        return _SOURCES[labelled["label"]], labelled["leader"], main
    accepted = "、".join(k.label for k in SourceKind)
    raise InvalidInput(
        "事项来源", f"one of {accepted}; or a leader's instruction such as 区长批示", text)


# ------------------------------------------------------------------- people
def people_text(people: Iterable[Responsible]) -> str:
    """责任人: ``姓名（人员标识）`` each (just the name when it is the id), joined by 、."""
    parts = []
    for person in people:
        name = person.name or person.person_id
        parts.append(name if name == person.person_id else f"{name}（{person.person_id}）")
    return "、".join(parts)


def parse_people(value: object) -> list[Responsible]:
    """Read 责任人: ``姓名`` or ``姓名（人员标识）``, several separated by 、 or ，."""
    found: list[Responsible] = []
    for part in _SPLIT.split("" if value is None else str(value)):
        person = part.strip()
        if not person:
            continue
        match = _PERSON.match(person)
        if match is not None:
            found.append(Responsible(match["id"].strip(), match["name"].strip()))
        else:
            found.append(Responsible(person, person))
    return found


def leader_text(matter: Matter) -> str:
    """分管领导: ``王副区长（vice-head-1）``, just the person id when no name was recorded, empty
    when the matter records no leader in charge (``zhoucun-2021 §4.4``)."""
    return matter.supervising_leader_label


def parse_leader(value: object) -> tuple[str | None, str]:
    """Read 分管领导: (person id, name) from ``姓名（人员标识）`` (as :func:`parse_people` reads a
    责任人) or a bare person id (name empty: the id is what the sign-off is checked against,
    ``zhoucun-2021 §4.4``); (None, "") when empty. One leader only."""
    text = "" if value is None else str(value).strip()
    if not text:
        return None, ""
    if len([part for part in _SPLIT.split(text) if part.strip()]) > 1:
        raise InvalidInput("分管领导", "one leader: 姓名（人员标识） or a person id", text)
    match = _PERSON.match(text)
    if match is not None:
        return match["id"].strip(), match["name"].strip()
    if any(c in text for c in "（）()"):
        raise InvalidInput("分管领导", "姓名（人员标识） or a person id", text)
    return text, ""


# ------------------------------------------------------------------- the rest
def parse_urgency(value: object) -> Urgency:
    """Read 紧急程度: 一般 (or empty), 紧急 / 加急, 特急 (or the ids)."""
    text = re.sub(r"\s+", "", "" if value is None else str(value))
    if text not in _URGENCY:
        raise InvalidInput("紧急程度", "一般, 紧急 or 特急", text)
    return _URGENCY[text]


def parse_handling_mode(value: object) -> HandlingMode | None:
    """Read 办理方式: 转办, 会办, 自办 (or the ids); empty for the default."""
    text = re.sub(r"\s+", "", "" if value is None else str(value))
    if not text:
        return None
    if text not in _MODES:
        raise InvalidInput("办理方式", "转办, 会办 or 自办", text)
    return _MODES[text]


def parse_category(value: object, policy: Policy) -> str | None:
    """Read 事项类别: the label (一般事项, 重要事项, or 一般, 重要) or the key of one of
    ``policy``'s categories (:meth:`~supervision.domain.policy.Policy.category_named`);
    empty for none."""
    text = re.sub(r"\s+", "", "" if value is None else str(value))
    if not text:
        return None
    named = policy.category_named(text)
    if named is not None:
        return named.key
    accepted = "、".join(c.label for c in policy.category_list) or "（本制度无事项类别）"
    raise InvalidInput("事项类别", f"one of {accepted} ({policy.name})", text)
