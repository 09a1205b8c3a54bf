"""The domain model: units (承办单位), matters (督办事项) and their value objects.

Everything here is a frozen attrs class holding only immutable values (tuples, frozensets,
dates, enums), so a matter can be shared freely and changed only through ``attrs.evolve`` in
:mod:`supervision.domain.handling`. Nothing here reads a clock, a database or a calendar.
"""

from __future__ import annotations

import datetime as _dt
import enum
import re
from collections.abc import Iterable, Mapping

import attrs

from supervision.clock import require_aware
from supervision.domain.actors import Actor, Role
from supervision.domain.lifecycle import Status
from supervision.domain.office import PolicyRef
from supervision.exceptions import InvalidInput
from supervision.periods import Period

__all__ = [
    "Assignment",
    "AssignmentRole",
    "Closing",
    "Confidentiality",
    "ConfidentialityKind",
    "DeadlineBasis",
    "DeadlineTerms",
    "Decision",
    "DueDate",
    "Explanation",
    "Extension",
    "HandlingMode",
    "Matter",
    "Milestone",
    "ReasonKind",
    "Registration",
    "RegistrationNumber",
    "Report",
    "ReportContent",
    "ReportKind",
    "ReportingCycle",
    "ReportingSchedule",
    "Responsible",
    "ReviewOutcome",
    "ReviewRound",
    "Signoff",
    "SignoffCapacity",
    "Source",
    "SourceKind",
    "Suspension",
    "Unit",
    "UnitKind",
    "Urgency",
]


def _text(value: object, field: str, *, allow_empty: bool = False) -> str:
    if not isinstance(value, str) or (not allow_empty and not value.strip()):
        what = "a string" if allow_empty else "a non-empty string"
        raise InvalidInput(field, what, value)
    if "\x00" in value:
        raise InvalidInput(field, "text without NUL characters", value)
    if not value.isascii():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise InvalidInput(field, "text without lone surrogate characters", value) from None
    return value


def _date(value: object, field: str) -> _dt.date:
    if not isinstance(value, _dt.date) or isinstance(value, _dt.datetime):
        raise InvalidInput(field, "a datetime.date 日期", value)
    return value


# ================================================================ enums with Chinese labels
class SourceKind(enum.Enum):
    """Where a matter comes from (事项来源): the union of the five texts (rules.md §1)."""

    LEADER_INSTRUCTION = "leader_instruction"
    LEADER_SPEECH = "leader_speech"
    TEMPORARY_ASSIGNMENT = "temporary_assignment"
    MEETING_DECISION = "meeting_decision"
    MAJOR_DEPLOYMENT = "major_deployment"
    LAW_OR_REGULATION = "law_or_regulation"
    DOCUMENT = "document"
    WORK_REPORT_TARGET = "work_report_target"
    ANNUAL_TARGET = "annual_target"
    NPC_SUGGESTION = "npc_suggestion"
    CPPCC_PROPOSAL = "cppcc_proposal"
    HOTLINE = "hotline"
    PEOPLES_LETTER = "peoples_letter"
    PETITION = "petition"
    PUBLIC_CONCERN = "public_concern"
    INSPECTION_HANDOVER = "inspection_handover"
    MAJOR_PROJECT = "major_project"
    ECONOMIC_INDICATOR = "economic_indicator"
    SUPERVISION_PLAN = "supervision_plan"
    OTHER = "other"

    @property
    def label(self) -> str:
        """The Chinese name of the source (领导批示, 会议决定事项, …)."""
        return _SOURCE_LABELS[self]


_SOURCE_LABELS: Mapping[SourceKind, str] = {
    SourceKind.LEADER_INSTRUCTION: "领导批示",
    SourceKind.LEADER_SPEECH: "领导讲话",
    SourceKind.TEMPORARY_ASSIGNMENT: "领导临时交办",
    SourceKind.MEETING_DECISION: "会议决定事项",
    SourceKind.MAJOR_DEPLOYMENT: "重大决策部署",
    SourceKind.LAW_OR_REGULATION: "法律法规和规范性文件",
    SourceKind.DOCUMENT: "重要文件",
    SourceKind.WORK_REPORT_TARGET: "政府工作报告目标任务和民生实事",
    SourceKind.ANNUAL_TARGET: "年度经济社会发展目标和重点工作",
    SourceKind.NPC_SUGGESTION: "人大代表建议",
    SourceKind.CPPCC_PROPOSAL: "政协提案",
    SourceKind.HOTLINE: "市长信箱、12345热线",
    SourceKind.PEOPLES_LETTER: "人民来信",
    SourceKind.PETITION: "信访事项",
    SourceKind.PUBLIC_CONCERN: "企业反映和群众关注问题",
    SourceKind.INSPECTION_HANDOVER: "专项督查组交办",
    SourceKind.MAJOR_PROJECT: "重大项目",
    SourceKind.ECONOMIC_INDICATOR: "经济指标",
    SourceKind.SUPERVISION_PLAN: "年度督查计划",
    SourceKind.OTHER: "其他",
}


class Urgency(enum.Enum):
    """How urgent the matter is (缓急程度)."""

    NORMAL = "normal"
    URGENT = "urgent"
    EXTRA_URGENT = "extra_urgent"

    @property
    def label(self) -> str:
        """一般, 紧急, 特急."""
        return {Urgency.NORMAL: "一般", Urgency.URGENT: "紧急", Urgency.EXTRA_URGENT: "特急"}[self]


class HandlingMode(enum.Enum):
    """How the office hands the matter out (``tongren-2014 art.6(2)``)."""

    TRANSFER = "transfer"
    JOINT = "joint"
    SELF = "self"

    @property
    def label(self) -> str:
        """转办 (one unit), 会办 (lead + co-units), 自办 (the office itself)."""
        if self is HandlingMode.TRANSFER:
            return "转办"
        return "会办" if self is HandlingMode.JOINT else "自办"


class UnitKind(enum.Enum):
    """The kind of a unit (单位类型)."""

    TOWNSHIP = "township"
    DEPARTMENT = "department"
    STATIONED_AGENCY = "stationed_agency"
    STATE_ENTERPRISE = "state_enterprise"
    SUPERVISION_OFFICE = "supervision_office"
    OTHER = "other"

    @property
    def label(self) -> str:
        """镇街, 部门, 派驻机构, 国有企业, 督查机构, 其他."""
        return {
            UnitKind.TOWNSHIP: "镇街",
            UnitKind.DEPARTMENT: "部门",
            UnitKind.STATIONED_AGENCY: "派驻机构",
            UnitKind.STATE_ENTERPRISE: "国有企业",
            UnitKind.SUPERVISION_OFFICE: "督查机构",
            UnitKind.OTHER: "其他",
        }[self]


class AssignmentRole(enum.Enum):
    """A unit's part in a matter."""

    LEAD = "lead"
    CO = "co"

    @property
    def label(self) -> str:
        """主办 (lead, 牵头) or 协办 (co-unit)."""
        return {AssignmentRole.LEAD: "主办", AssignmentRole.CO: "协办"}[self]


class DeadlineBasis(enum.Enum):
    """Where a matter's period comes from; a stated one always wins (rules.md §1)."""

    STATED = "stated"
    CATEGORY_DEFAULT = "category_default"

    @property
    def label(self) -> str:
        """通知/方案明确 or 按类别默认."""
        if self is DeadlineBasis.STATED:
            return "通知或方案明确"
        return "按类别默认"


class ReasonKind(enum.Enum):
    """Why a unit cannot finish in time (``chizhou-2021 §8.1`` 主观原因; ``tongren-2014 art.7``)."""

    OBJECTIVE = "objective"
    SUBJECTIVE = "subjective"

    @property
    def label(self) -> str:
        """客观原因 or 主观原因."""
        return {ReasonKind.OBJECTIVE: "客观原因", ReasonKind.SUBJECTIVE: "主观原因"}[self]


class Decision(enum.Enum):
    """The office's or approver's decision on an explanation or an extension request."""

    PENDING = "pending"
    ACCEPTED = "accepted"
    REJECTED = "rejected"

    @property
    def label(self) -> str:
        """待审, 同意/采信, 不同意/不采信."""
        return {Decision.PENDING: "待审", Decision.ACCEPTED: "同意", Decision.REJECTED: "不同意"}[
            self
        ]


class ReportKind(enum.Enum):
    """Kinds of reports a unit sends (反馈)."""

    PROGRESS = "progress"
    FINAL = "final"
    SUPPLEMENT = "supplement"
    CONTRIBUTION = "contribution"

    @property
    def label(self) -> str:
        """进展报告, 办理结果报告, 补充说明, 协办意见."""
        return {
            ReportKind.PROGRESS: "进展报告",
            ReportKind.FINAL: "办理结果报告",
            ReportKind.SUPPLEMENT: "补充说明",
            ReportKind.CONTRIBUTION: "协办意见",
        }[self]


class ReviewOutcome(enum.Enum):
    """The office's review of a final report (``daoli-2017 art.10``, ``lianyungang-2019 §5.6``)."""

    ACCEPTED = "accepted"
    RETURNED = "returned"
    SUPPLEMENT_REQUESTED = "supplement_requested"

    @property
    def label(self) -> str:
        """审核通过, 退回重办, 要求补充说明."""
        return {
            ReviewOutcome.ACCEPTED: "审核通过",
            ReviewOutcome.RETURNED: "退回重办",
            ReviewOutcome.SUPPLEMENT_REQUESTED: "要求补充说明",
        }[self]


class ConfidentialityKind(enum.Enum):
    """Confidentiality (``daoli-2017 art.23``)."""

    NONE = "none"
    CONTROLLED = "controlled"
    SECRET = "secret"

    @property
    def label(self) -> str:
        """不涉密, 控制知情范围, 涉密（仅登记索引）."""
        return {
            ConfidentialityKind.NONE: "不涉密",
            ConfidentialityKind.CONTROLLED: "控制知情范围",
            ConfidentialityKind.SECRET: "涉密（仅登记索引）",
        }[self]


class ReportingCycle(enum.Enum):
    """Calendar reporting cycles (``zhoucun-2021 §5.4``, ``daoli-2017 art.8(4)``)."""

    WEEKLY = "weekly"
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    HALF_YEARLY = "half_yearly"
    YEARLY = "yearly"

    @property
    def label(self) -> str:
        """每周, 每月, 每季度, 每半年, 每年."""
        return {
            ReportingCycle.WEEKLY: "每周",
            ReportingCycle.MONTHLY: "每月",
            ReportingCycle.QUARTERLY: "每季度",
            ReportingCycle.HALF_YEARLY: "每半年",
            ReportingCycle.YEARLY: "每年",
        }[self]


class SignoffCapacity(enum.Enum):
    """Who signs a report off, as the policy requires (``MatterPolicy.report_signoff``)."""

    UNIT_HEAD = "unit_head"
    LEADER_IN_CHARGE = "leader_in_charge"
    NONE = "none"

    @property
    def label(self) -> str:
        """主要负责人核签, 分管负责人阅签, 无需签发."""
        return {
            SignoffCapacity.UNIT_HEAD: "主要负责人核签",
            SignoffCapacity.LEADER_IN_CHARGE: "分管负责人阅签",
            SignoffCapacity.NONE: "无需签发",
        }[self]


# ================================================================= registration number
#: The highest sequence number a registration number may carry.
MAX_SEQUENCE = 999_999_999
_NUMBER = re.compile(r"^(?P<prefix>[^〔〕\[\]()（）\s]+)〔(?P<year>\d{4})〕(?P<seq>[1-9]\d*)号$")


@attrs.frozen(order=True)
class RegistrationNumber:
    """A registration number in GB/T 9704 form: 代字〔2026〕15号.

    The year is written in full inside 〔〕, the sequence has no leading zeros and no 第; the
    prefix (机关代字) comes from the policy, and each (prefix, year) has its own sequence.
    """

    prefix: str
    year: int
    seq: int

    @classmethod
    def of(cls, prefix: str, year: int, seq: int) -> RegistrationNumber:
        """Check and build a number."""
        prefix = _text(prefix, "prefix")
        if re.search(r"[〔〕\[\]()（）\s]", prefix) or prefix.endswith("第"):
            raise InvalidInput(
                "prefix", "an issuing-organ code without brackets, spaces or 第 (如 池开督)", prefix
            )
        if year.__class__ is not int or not 1900 <= year <= 2999:
            raise InvalidInput("year", "a four-digit year such as 2026", year)
        if seq.__class__ is not int or not 1 <= seq <= MAX_SEQUENCE:
            raise InvalidInput("seq", f"a sequence number from 1 to {MAX_SEQUENCE}", seq)
        return cls(prefix, year, seq)

    @classmethod
    def parse(cls, text: str) -> RegistrationNumber:
        """Read ``池开督〔2026〕15号``.

        Rejects 第, leading zeros, short years and other brackets.
        """
        if not isinstance(text, str) or len(text) > 64:
            raise InvalidInput("number", "a string such as 池开督〔2026〕15号", text)
        match = _NUMBER.match(text.strip())
        if match is None:
            raise InvalidInput(
                "number",
                "代字〔四位年份〕序号号, e.g. 池开督〔2026〕15号 (GB/T 9704: 六角括号〔〕, "
                "full year, no leading zeros, no 第)",
                text,
            )
        return cls.of(match["prefix"], int(match["year"]), int(match["seq"]))

    def __str__(self) -> str:
        return f"{self.prefix}〔{self.year}〕{self.seq}号"


# =========================================================================== units
@attrs.frozen
class Unit:
    """A unit that handles matters (承办单位): a township, a department, an agency, …

    A unit belongs to one office (``office_id``; the service sets it to the adding actor's
    office): unit ids are unique within an office, and another office's unit is not found.
    """

    id: str
    name: str
    kind: UnitKind
    parent_id: str | None = None
    head_id: str | None = None
    leader_in_charge_id: str | None = None
    liaison_ids: tuple[str, ...] = ()
    office_id: str = ""

    @classmethod
    def create(
        cls,
        id: str,
        name: str,
        kind: UnitKind = UnitKind.DEPARTMENT,
        *,
        parent_id: str | None = None,
        head_id: str | None = None,
        leader_in_charge_id: str | None = None,
        liaison_ids: Iterable[str] = (),
        office_id: str = "",
    ) -> Unit:
        """Check and build a unit (``office_id`` is set when the unit is added)."""
        _text(id, "id")
        _text(name, "name")
        if not isinstance(kind, UnitKind):
            raise InvalidInput("kind", "a UnitKind", kind)
        if parent_id == id:
            raise InvalidInput("parent_id", "another unit's id (a unit is not its own parent)", id)
        for field, person in (("parent_id", parent_id), ("head_id", head_id),
                              ("leader_in_charge_id", leader_in_charge_id)):
            if person is not None:
                _text(person, field)
        if isinstance(liaison_ids, str):
            raise InvalidInput("liaison_ids", "a collection of person ids", liaison_ids)
        liaisons = tuple(liaison_ids)
        for i, person in enumerate(liaisons):
            _text(person, f"liaison_ids[{i}]")
        _text(office_id, "office_id", allow_empty=True)
        return cls(id, name, kind, parent_id, head_id, leader_in_charge_id, liaisons, office_id)


# ======================================================================= matter parts
@attrs.frozen
class Source:
    """Where a matter comes from, with the dates some rules count from.

    A meeting decision carries the meeting date and, when issued, the minutes date
    (``chizhou-2021 §7.4``, ``lianyungang-2019 §7.2``); a document may carry its issue date.
    """

    kind: SourceKind
    reference: str = ""
    leader: str = ""
    meeting_date: _dt.date | None = None
    minutes_date: _dt.date | None = None
    issued_on: _dt.date | None = None

    @classmethod
    def of(
        cls,
        kind: SourceKind,
        reference: str = "",
        *,
        leader: str = "",
        issued_on: _dt.date | None = None,
    ) -> Source:
        """A non-meeting source (use :meth:`meeting` for meeting decisions)."""
        if not isinstance(kind, SourceKind):
            raise InvalidInput("source.kind", "a SourceKind", kind)
        if kind is SourceKind.MEETING_DECISION:
            raise InvalidInput(
                "source.kind",
                "Source.meeting(...) for a meeting decision (it needs the meeting date)",
                kind,
            )
        return cls(
            kind,
            _text(reference, "source.reference", allow_empty=True),
            _text(leader, "source.leader", allow_empty=True),
            None,
            None,
            None if issued_on is None else _date(issued_on, "source.issued_on"),
        )

    @classmethod
    def meeting(
        cls,
        meeting_date: _dt.date,
        minutes_date: _dt.date | None = None,
        reference: str = "",
        *,
        leader: str = "",
    ) -> Source:
        """A meeting decision (会议决定事项): the meeting date, and the minutes' when issued."""
        held = _date(meeting_date, "source.meeting_date")
        if minutes_date is not None and _date(minutes_date, "source.minutes_date") < held:
            raise InvalidInput(
                "source.minutes_date", f"a date on or after the meeting ({held})", minutes_date
            )
        return cls(
            SourceKind.MEETING_DECISION,
            _text(reference, "source.reference", allow_empty=True),
            _text(leader, "source.leader", allow_empty=True),
            held,
            minutes_date,
            None,
        )


@attrs.frozen
class Confidentiality:
    """Who may know of a matter (``daoli-2017 art.23``).

    * ``none()``: visible to everyone the permission table lets see it.
    * ``controlled(...)``: 控制知情范围 — only the designated people and the listed roles.
    * ``secret(reference, ...)``: 涉及秘密 — the matter is recorded by reference only (the
      classified content stays in the secrecy system); title and requirements must be empty.

    Confidentiality only narrows what the permission table allows, never widens it.
    """

    kind: ConfidentialityKind
    designated: frozenset[str] = frozenset()
    allowed_roles: frozenset[Role] = frozenset()
    reference: str = ""

    @classmethod
    def none(cls) -> Confidentiality:
        return cls(ConfidentialityKind.NONE)

    @classmethod
    def controlled(
        cls, designated: Iterable[str], allowed_roles: Iterable[Role] = ()
    ) -> Confidentiality:
        """An access list: designated person ids and the roles allowed to know."""
        people = frozenset(designated)
        roles = frozenset(allowed_roles)
        if not people and not roles:
            raise InvalidInput(
                "confidentiality.designated",
                "at least one designated person or allowed role 须指定知情人员或范围",
                designated,
            )
        return cls(ConfidentialityKind.CONTROLLED, people, roles, "")

    @classmethod
    def secret(
        cls, reference: str, designated: Iterable[str], allowed_roles: Iterable[Role] = ()
    ) -> Confidentiality:
        """A secret matter recorded by reference only (its 密件 number or filing reference)."""
        people = frozenset(designated)
        roles = frozenset(allowed_roles)
        if not people and not roles:
            raise InvalidInput(
                "confidentiality.designated",
                "at least one designated person or allowed role 须指定知情人员或范围",
                designated,
            )
        return cls(
            ConfidentialityKind.SECRET, people, roles, _text(reference, "confidentiality.reference")
        )

    @property
    def restricted(self) -> bool:
        return self.kind is not ConfidentialityKind.NONE

    def permits(self, actor: Actor) -> bool:
        """Whether ``actor`` is inside the circle of knowledge."""
        if self.kind is ConfidentialityKind.NONE:
            return True
        return actor.person_id in self.designated or bool(actor.roles & self.allowed_roles)


@attrs.frozen
class Assignment:
    """One unit's part in a matter, with its own acknowledgement (签收).

    Library convention (rules.md §1): 签收 is recorded and reported on, never a clock event.
    """

    unit_id: str
    role: AssignmentRole
    acknowledged_at: _dt.datetime | None = None
    acknowledged_by: str | None = None

    @property
    def acknowledged(self) -> bool:
        return self.acknowledged_at is not None


@attrs.frozen
class Responsible:
    """A responsible person (责任人) for the matter, optionally of one unit."""

    person_id: str
    name: str = ""
    unit_id: str | None = None


@attrs.frozen
class DeadlineTerms:
    """The inputs a deadline is derived from, kept so it can be recomputed.

    Either a ``period`` counted from ``start_at`` (the dispatch instant when None, or an
    explicit start such as proven receipt, the meeting or the minutes' issue), or a ``due_day``
    fixed in the notice. ``basis`` says whether it was stated in the notice or plan (which
    always wins, rules.md §1) or is the policy's category default.
    """

    basis: DeadlineBasis
    period: Period | None = None
    due_day: _dt.date | None = None
    start_at: _dt.datetime | None = None
    note: str = ""

    @classmethod
    def stated(
        cls,
        period: Period | None = None,
        *,
        due_day: _dt.date | None = None,
        start_at: _dt.datetime | None = None,
        note: str = "",
    ) -> DeadlineTerms:
        """A deadline stated in the notice or plan: a period or a fixed day (exactly one)."""
        if (period is None) == (due_day is None):
            raise InvalidInput(
                "deadline",
                "exactly one of a Period or a due_day 期限或截止日期二选一",
                (period, due_day),
            )
        if period is not None and not isinstance(period, Period):
            raise InvalidInput("deadline.period", "a supervision.Period", period)
        return cls(
            DeadlineBasis.STATED,
            period,
            None if due_day is None else _date(due_day, "deadline.due_day"),
            None if start_at is None else require_aware(start_at, "deadline.start_at"),
            _text(note, "deadline.note", allow_empty=True),
        )

    @classmethod
    def category_default(
        cls, period: Period, *, start_at: _dt.datetime | None = None, note: str = ""
    ) -> DeadlineTerms:
        """The policy's default period for the matter's category or source."""
        if not isinstance(period, Period):
            raise InvalidInput("deadline.period", "a supervision.Period", period)
        return cls(
            DeadlineBasis.CATEGORY_DEFAULT,
            period,
            None,
            None if start_at is None else require_aware(start_at, "deadline.start_at"),
            note,
        )

    @property
    def label(self) -> str:
        """期限 as written: 15日, 3个工作日, or 2026年9月30日前."""
        if self.period is not None:
            return self.period.label
        assert self.due_day is not None
        return f"{self.due_day.year}年{self.due_day.month}月{self.due_day.day}日前"


@attrs.frozen
class DueDate:
    """The derived deadline (期限届满) in force: computed, never typed in.

    ``base_last_day`` is what the terms alone give; ``last_day``/``due_at`` include granted
    extensions and suspensions. ``provisional`` is true when a year's holiday schedule was
    not yet published. ``explanation`` is the Chinese trace of the count.
    """

    base_last_day: _dt.date
    last_day: _dt.date
    due_at: _dt.datetime
    provisional: bool
    explanation: str = ""


@attrs.frozen
class ReportingSchedule:
    """Periodic reporting: a rolling period (每15日, ``chizhou-2021 §7.5``) or a calendar cycle
    (``zhoucun-2021 §5.4``, ``daoli-2017 art.8(4)``), optionally with a year-end report."""

    every: Period | None = None
    cycle: ReportingCycle | None = None
    year_end_report: bool = False

    @classmethod
    def none(cls) -> ReportingSchedule:
        return cls()

    @classmethod
    def rolling(cls, every: Period, *, year_end_report: bool = False) -> ReportingSchedule:
        """A report every ``every`` after the previous one (or after dispatch for the first)."""
        if not isinstance(every, Period):
            raise InvalidInput("reporting.every", "a supervision.Period", every)
        return cls(every, None, year_end_report)

    @classmethod
    def calendar(cls, cycle: ReportingCycle, *, year_end_report: bool = False) -> ReportingSchedule:
        """A report each calendar week, month, quarter, half-year or year."""
        if not isinstance(cycle, ReportingCycle):
            raise InvalidInput("reporting.cycle", "a ReportingCycle", cycle)
        return cls(None, cycle, year_end_report)


@attrs.frozen
class Milestone:
    """A milestone (时间节点) with its responsible unit (``zhoucun-2021 §5.2``)."""

    name: str
    due_day: _dt.date
    unit_id: str | None = None


@attrs.frozen
class ReportContent:
    """What a report says, as ``daoli-2017 art.8(4):1`` lists it: basic situation, main
    measures, results and progress, main problems and their causes, suggestions."""

    situation: str
    measures: str = ""
    results: str = ""
    problems: str = ""
    suggestions: str = ""

    @classmethod
    def progress(
        cls,
        situation: str,
        measures: str = "",
        results: str = "",
        problems: str = "",
        suggestions: str = "",
    ) -> ReportContent:
        """A progress report: the situation is required, the rest as known."""
        return cls(
            _text(situation, "content.situation"),
            _text(measures, "content.measures", allow_empty=True),
            _text(results, "content.results", allow_empty=True),
            _text(problems, "content.problems", allow_empty=True),
            _text(suggestions, "content.suggestions", allow_empty=True),
        )

    @classmethod
    def final(
        cls, situation: str, measures: str, results: str, problems: str, suggestions: str
    ) -> ReportContent:
        """A final report: all five parts required (write 无 where there is nothing to say)."""
        return cls(
            _text(situation, "content.situation"),
            _text(measures, "content.measures"),
            _text(results, "content.results"),
            _text(problems, "content.problems"),
            _text(suggestions, "content.suggestions"),
        )

    @property
    def complete(self) -> bool:
        """Whether every one of the five parts is filled in."""
        return all(
            p.strip()
            for p in (self.situation, self.measures, self.results, self.problems, self.suggestions)
        )


@attrs.frozen
class Signoff:
    """Who signed a report off and in what capacity (核签 / 阅签)."""

    person_id: str
    capacity: SignoffCapacity
    signed_at: _dt.datetime


@attrs.frozen
class Report:
    """A report a unit sent: progress, final, supplement, or a co-unit's contribution."""

    number: int
    kind: ReportKind
    round: int
    unit_id: str
    submitted_by: str
    submitted_at: _dt.datetime
    content: ReportContent
    signoff: Signoff | None = None


@attrs.frozen
class ReviewRound:
    """One round of review of a final report: the report, any supplements, the outcome and
    the opinion. Rounds are numbered; a return for redo opens the next one and every round is
    kept (``daoli-2017 art.10``)."""

    number: int
    report: Report
    supplements: tuple[Report, ...] = ()
    outcome: ReviewOutcome | None = None
    opinion: str = ""
    reviewed_by: str | None = None
    reviewed_at: _dt.datetime | None = None
    redo_due_day: _dt.date | None = None
    supplement_requests: tuple[str, ...] = ()


@attrs.frozen
class Explanation:
    """A unit's explanation (情况说明) of why it cannot finish in time, and the office's decision.

    It never moves the deadline; escalation reads it (rules.md §1).
    """

    number: int
    unit_id: str
    submitted_by: str
    submitted_at: _dt.datetime
    reason_kind: ReasonKind
    text: str
    next_steps: str = ""
    decision: Decision = Decision.PENDING
    decided_by: str | None = None
    decided_at: _dt.datetime | None = None
    opinion: str = ""


@attrs.frozen
class Extension:
    """An extension request (延期申请) and its decision; a grant moves the due date.

    Not in the five texts; offered where a policy enables it (rules.md §1).
    """

    number: int
    requested_by: str
    requested_at: _dt.datetime
    requested_day: _dt.date
    reason: str
    decision: Decision = Decision.PENDING
    decided_by: str | None = None
    decided_at: _dt.datetime | None = None
    granted_day: _dt.date | None = None
    opinion: str = ""


@attrs.frozen
class Suspension:
    """A suspension (中止) with its reason; on resume the due date moves by the working days
    paused (library convention: the working days after the suspension day up to and
    including the resume day)."""

    started_at: _dt.datetime
    suspended_by: str
    reason: str
    resumed_at: _dt.datetime | None = None
    resumed_by: str | None = None
    working_days_paused: int = 0

    @property
    def active(self) -> bool:
        return self.resumed_at is None


@attrs.frozen
class Closing:
    """A 销号 record; kept for ever, also when re-inspection reopens the matter."""

    round: int
    closed_at: _dt.datetime
    closed_by: str
    note: str = ""


# ============================================================================ matter
@attrs.frozen
class Matter:
    """A supervised matter (督办事项), the aggregate every command changes.

    It belongs to one office (``office_id``) and lives under the policy recorded at
    registration (``policy``: name, exact parameters, fingerprint): every rule applied to it
    comes from that policy, never from a caller's (rules.md §1).

    Build one with :func:`supervision.domain.handling.register`; change it only through the
    functions in :mod:`supervision.domain.handling`, each of which returns the new matter and
    the event recording the change. ``version`` counts the changes (optimistic concurrency);
    ``changed_at`` is the time of the last change (a later command may not be earlier).
    """

    id: str
    office_id: str
    policy: PolicyRef
    number: RegistrationNumber
    title: str
    requirements: str
    source: Source
    category: str | None
    urgency: Urgency
    handling_mode: HandlingMode
    assignments: tuple[Assignment, ...]
    responsible: tuple[Responsible, ...]
    terms: DeadlineTerms
    reporting: ReportingSchedule
    milestones: tuple[Milestone, ...]
    confidentiality: Confidentiality
    parent_id: str | None
    reinspection_of: str | None
    registered_at: _dt.datetime
    registered_by: str
    status: Status = Status.DRAFT
    version: int = 1
    round: int = 1
    due: DueDate | None = None
    approved_at: _dt.datetime | None = None
    approved_by: str | None = None
    dispatched_at: _dt.datetime | None = None
    progress_reports: tuple[Report, ...] = ()
    contributions: tuple[Report, ...] = ()
    rounds: tuple[ReviewRound, ...] = ()
    explanations: tuple[Explanation, ...] = ()
    extensions: tuple[Extension, ...] = ()
    suspensions: tuple[Suspension, ...] = ()
    closings: tuple[Closing, ...] = ()
    completed_at: _dt.datetime | None = None
    ended_reason: str = ""
    changed_at: _dt.datetime | None = None

    # ------------------------------------------------------------------ views
    @property
    def lead_unit_id(self) -> str:
        """The lead unit (主办/牵头单位)."""
        return next(a.unit_id for a in self.assignments if a.role is AssignmentRole.LEAD)

    @property
    def co_unit_ids(self) -> tuple[str, ...]:
        """The co-units (协办单位), in the order given."""
        return tuple(a.unit_id for a in self.assignments if a.role is AssignmentRole.CO)

    @property
    def unit_ids(self) -> frozenset[str]:
        return frozenset(a.unit_id for a in self.assignments)

    def assignment(self, unit_id: str) -> Assignment | None:
        return next((a for a in self.assignments if a.unit_id == unit_id), None)

    @property
    def current_round(self) -> ReviewRound | None:
        """The review round of the current report, if a final report was submitted."""
        return self.rounds[-1] if self.rounds else None

    @property
    def reports(self) -> tuple[Report, ...]:
        """Every report, in the order sent."""
        everything = [*self.progress_reports, *self.contributions]
        for r in self.rounds:
            everything.append(r.report)
            everything.extend(r.supplements)
        return tuple(sorted(everything, key=lambda rep: rep.number))

    @property
    def active_suspension(self) -> Suspension | None:
        return next((s for s in self.suspensions if s.active), None)

    @property
    def pending_extension(self) -> Extension | None:
        return next((e for e in self.extensions if e.decision is Decision.PENDING), None)

    @property
    def display_title(self) -> str:
        """The title, or for a secret matter its reference (涉密事项, 见 …)."""
        if self.confidentiality.kind is ConfidentialityKind.SECRET:
            return f"涉密事项（{self.confidentiality.reference}）"
        return self.title


@attrs.frozen
class Registration:
    """What the office fills in to register a matter (立项登记, ``daoli-2017 art.7(1)``).

    ``deadline`` may be None only when the policy has a default for the category or source;
    the service resolves it before the matter is built (``zhoucun-2021 §4.3``: every matter
    carries a deadline). ``handling_mode`` defaults to 会办 when co-units are given, else 转办.
    For a secret matter (``Confidentiality.secret``) title and requirements must be empty.
    """

    title: str
    requirements: str
    source: Source
    lead_unit_id: str
    responsible: tuple[Responsible, ...]
    co_unit_ids: tuple[str, ...] = ()
    handling_mode: HandlingMode | None = None
    category: str | None = None
    urgency: Urgency = Urgency.NORMAL
    deadline: DeadlineTerms | None = None
    reporting: ReportingSchedule = ReportingSchedule()
    milestones: tuple[Milestone, ...] = ()
    confidentiality: Confidentiality = Confidentiality(ConfidentialityKind.NONE)
    parent_id: str | None = None
    reinspection_of: str | None = None
