"""The policy data model: citations, rules, parameters and the :class:`Policy` that holds them.

A policy is one regulation turned into frozen data. Every rule carries a :class:`Citation`
(policy, clause key as in ``shared/seeds/README.md``, a short verbatim quote). Where the text is
silent or ambiguous the policy takes a named parameter with a documented default
(:class:`Parameters`), which an integrator overrides with :meth:`Policy.with_parameters`.

This module holds data and the small lookups an engine needs (which default period applies,
whether a registration is admissible, whether the policy is in force). The escalation engine,
the sweep and the scorecard read this data; they are not here.
"""

from __future__ import annotations

import datetime as _dt
import enum
import re
from collections.abc import Callable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any, ClassVar, Final

import attrs
from dateutil.relativedelta import relativedelta

from supervision.exceptions import (
    InvalidInput,
    InvalidParameter,
    InvalidPolicy,
    PeriodOutOfRange,
    PolicyNotInForce,
    UnknownCategory,
)
from supervision.periods import Period, PeriodUnit
from supervision.text import cn_date

#: Matter-source names a policy's :meth:`Policy.default_period` understands (rules.md §1): the
#: values of ``supervision.domain.model.SourceKind`` (``special_inspection`` is accepted as
#: another name for ``inspection_handover``).
SOURCES: Final[tuple[str, ...]] = (
    "annual_target",
    "cppcc_proposal",
    "document",
    "economic_indicator",
    "hotline",
    "inspection_handover",
    "law_or_regulation",
    "leader_instruction",
    "leader_speech",
    "major_deployment",
    "major_project",
    "meeting_decision",
    "npc_suggestion",
    "other",
    "peoples_letter",
    "petition",
    "public_concern",
    "special_inspection",
    "supervision_plan",
    "temporary_assignment",
    "work_report_target",
)

_POLICY_NAME = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
_CLAUSE = re.compile(r"^(§\d+(\.\d+)?|art\.\d+(\(\d+\))?)(:\d+)?$")
_KEY = re.compile(r"^[a-z][a-z0-9_]*$")
_WHITESPACE = re.compile(r"\s+")
MAX_QUOTE: Final = 60


# --------------------------------------------------------------------------- enums
class _Labelled(enum.Enum):
    """An enum whose value is its Chinese label."""

    @property
    def label(self) -> str:
        """The Chinese term."""
        return str(self.value)

    @property
    def key(self) -> str:
        """The identifier used in snapshots and docs (the member name, lower case)."""
        return self.name.lower()


class StartEvent(_Labelled):
    """The event a period is counted from (起算事件)."""

    DISPATCH = "交办"
    RECEIPT = "收到"
    MEETING = "会议召开"
    DOCUMENT_ISSUE = "文件下发"
    MINUTES_ISSUE = "会议纪要下发"
    PREVIOUS_REPORT = "上次报告"
    MISSED_DEADLINE = "超过办结时限"
    FEEDBACK_RECEIVED = "收到反馈"
    REMINDER = "催办"
    RETURN = "退回重办"
    BULLETIN = "通报"


class Obligation(_Labelled):
    """What must be done within a period."""

    COMPLETE = "办结"
    COMPLETE_AND_REPORT = "办结并报告"
    RESULT_OR_PROGRESS = "上报办理结果或进展情况"
    OPINION_OR_RESULT = "提报办理意见或结果"
    PROGRESS_REPORT = "报告进展情况"
    FEEDBACK = "反馈落实情况"
    HANDLING_PLAN = "提出办理方案"
    REDO = "重新办理"
    SIGN_OFF_AND_SPLIT = "呈报审签、分解任务"
    SIGN_OFF_AND_FORWARD = "审签、转办转发"
    SUBMIT_FOR_REVIEW = "送审报送"
    CONFIRM_DELIVERY = "确认送达"
    REVIEW = "审核反馈"
    DISPATCH = "分解交办"
    JOINT_MEETING = "召开联席会议"
    ASSESSMENT = "考核"


class Actor(_Labelled):
    """Who carries a duty."""

    OFFICE = "督查机构"
    UNIT = "承办单位"
    RECIPIENT = "收文单位"


class Cycle(_Labelled):
    """A reporting cycle. Calendar cycles are calendar weeks, months, quarters (rules.md §2)."""

    EVERY_PERIOD = "按期"
    WEEKLY = "每周"
    MONTHLY = "每月"
    QUARTERLY = "每季度"
    HALF_YEARLY = "每半年"
    YEARLY = "每年"
    MILESTONES = "时间节点"
    PHASES = "分阶段"


class EscalationAction(_Labelled):
    """What an escalation rung does (or proposes)."""

    PRE_DEADLINE_WARNING = "到期提醒"
    REMINDER = "催办"
    WARNING_NOTICE = "告诫"
    INTERVIEW_NOTICE = "约谈通知"
    BULLETIN = "通报"
    SUPERVISION_BULLETIN = "督查通报"
    EFFICIENCY_BULLETIN = "效能通报"
    CRITICISM_BULLETIN = "通报批评"
    DISTRICT_BULLETIN = "全区通报"
    HEAD_EXPLANATION = "主要负责人作出说明"
    MEDIA_EXPOSURE = "媒体曝光"
    PUBLIC_EXPLANATION = "主要负责人公开说明情况"
    REPORT_TO_LEADERS = "向区领导汇报"
    POINT_DEDUCTION = "扣分"
    ACCOUNTABILITY = "问责"
    MEASURES_MENU = "追究责任措施"

    @property
    def always_proposal(self) -> bool:
        """Whether this action may only ever be proposed for a person to decide."""
        return self in _PROPOSAL_ONLY


_PROPOSAL_ONLY: Final = frozenset({EscalationAction.ACCOUNTABILITY, EscalationAction.MEASURES_MENU})


class TriggerEvent(_Labelled):
    """What sets a rung off."""

    APPROACHING_DEADLINE = "期限将至"
    OVERDUE = "超过办结时限未办结"
    REPORT_OVERDUE = "未按时报送材料"
    REMINDED = "被催办"
    REMINDER_UNANSWERED = "经催办仍未报告"
    RETURNED_FOR_REDO = "因办理质量不高退回重办"
    RECTIFICATION_IGNORED = "领导提出整改要求仍落实不力"
    CONSECUTIVE_MISSES = "连续未按时完成或报送"
    POOR_CONDUCT = "工作作风问题经认定"
    BULLETIN_UNHEEDED = "通报后仍未办理"
    EXPOSED = "被曝光"


class ExplanationEffect(_Labelled):
    """How a unit's explanation (情况说明) bears on a rung (rules.md §1)."""

    IGNORED = "情况说明不影响"
    ANY_EXPLANATION_SUPPRESSES = "已说明情况的不适用"
    ACCEPTED_EXPLANATION_SUPPRESSES = "能充分说明原因的不适用"
    SUBJECTIVE_CAUSE_ONLY = "仅适用于主观原因"


class Scope(_Labelled):
    """Whether a rung or a count looks at one matter or at a unit across its matters."""

    MATTER = "按事项"
    UNIT = "按单位"


class ScoreBasis(_Labelled):
    """What a scoring rule counts."""

    MISS_STREAK = "连续未按时完成或报送"
    BULLETIN = "通报"
    SUPERVISION_BULLETIN = "督查通报"
    EFFICIENCY_BULLETIN = "效能通报"
    ACCOUNTABILITY = "责任追究"
    COMMENDATION = "通报表扬"
    OVERDUE_MATTER = "逾期事项"


class AssessmentPeriod(_Labelled):
    """The period a score or grade is kept for."""

    YEAR = "年度"
    HALF_YEAR = "半年"


class SignOff(_Labelled):
    """Who signs a unit's report before it goes to the office."""

    UNIT_HEAD = "承办单位主要负责人"
    LEADER_IN_CHARGE = "分管领导"
    NONE = "无签发要求"


class Requirement(_Labelled):
    """A condition a matter must meet to be registered (立项)."""

    CATEGORY_REQUIRED = "须选定事项类别"
    DEADLINE_REQUIRED = "须明确办理时限"
    LEADER_INSTRUCTION = "须经领导批示"
    NOT_INTERNAL_FUNCTION = "不属部门内部职能"
    NUMBERED = "编号登记"


class Severity(_Labelled):
    """How serious a :class:`Finding` is."""

    INFO = "提示"
    WARNING = "警告"
    REFUSAL = "不予办理"


# ------------------------------------------------------------------ value objects
def _check_key(value: str, field: str) -> None:
    if not isinstance(value, str) or not _KEY.match(value):
        raise InvalidInput(field, "a lower-case identifier such as 'general' or 'art7'", value)


@attrs.frozen
class Citation:
    """Where a rule comes from: the policy, the clause key and a short verbatim quote.

    ``clause`` is the key without the policy name (``§7.2``, ``art.7(3)``, ``art.8(4):2``);
    :attr:`key` is the full citation key as in ``shared/seeds/README.md``.
    """

    policy: str
    clause: str
    quote: str

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.policy, str) or not _POLICY_NAME.match(self.policy):
            raise InvalidInput("policy", "a policy name such as 'chizhou-2021'", self.policy)
        if not isinstance(self.clause, str) or not _CLAUSE.match(self.clause):
            raise InvalidInput(
                "clause", "a clause key such as '§7.2', 'art.7(3)' or 'art.8(4):2'", self.clause
            )
        if not isinstance(self.quote, str) or not self.quote.strip():
            raise InvalidInput("quote", "a short verbatim quote from the text 原文摘录", self.quote)
        if len(self.quote) > MAX_QUOTE:
            raise InvalidInput(
                "quote", f"at most {MAX_QUOTE} characters (a short quote 简短摘录)", self.quote
            )

    @classmethod
    def of(cls, key: str, quote: str) -> Citation:
        """Build from a full key: ``Citation.of("chizhou-2021 §7.2", "重要事项15 日内办结")``."""
        policy, sep, clause = key.partition(" ")
        if not sep:
            raise InvalidInput("key", "'<policy> <clause>', e.g. 'daoli-2017 art.7(3)'", key)
        return cls(policy, clause, quote)

    @property
    def key(self) -> str:
        """The citation key, e.g. ``daoli-2017 art.7(3)``."""
        return f"{self.policy} {self.clause}"

    def __str__(self) -> str:
        return f"{self.key}「{self.quote}」"


@attrs.frozen
class Note:
    """A remark the docs page shows: a limitation, a reading or a practice outside the text."""

    text: str
    citation: Citation | None = None


@attrs.frozen
class Finding:
    """Something reported about a use of the policy (never silently accepted).

    ``code`` is a stable identifier (``policy_expired``, ``category_required`` …), ``severity``
    says whether it is informative, a warning, or a refusal, ``message`` is Chinese then English.
    """

    code: str
    severity: Severity
    message: str
    citation: Citation | None = None

    @property
    def refuses(self) -> bool:
        """Whether the finding stops the action (立项 refused, for instance)."""
        return self.severity is Severity.REFUSAL


@attrs.frozen
class Validity:
    """When a policy applies: from ``effective_from`` for ``years`` years (None: open-ended).

    The last day in force is counted as the civil law counts a period in years: the issue day is
    not counted and the period ends on the same-numbered day (2021-04-06 + 3 years → 2024-04-06).
    It is not rolled to a working day: no act falls due on it. ``trial`` marks 试行 texts.
    """

    effective_from: _dt.date
    years: int | None = None
    trial: bool = False
    citation: Citation | None = None

    @property
    def last_day(self) -> _dt.date | None:
        """The last day the policy is in force, or None when open-ended."""
        if self.years is None:
            return None
        last: _dt.date = self.effective_from + relativedelta(years=self.years)
        return last

    def covers(self, on: _dt.date) -> bool:
        """Whether ``on`` falls inside the validity."""
        last = self.last_day
        return on >= self.effective_from and (last is None or on <= last)


@attrs.frozen
class MatterKind:
    """A kind of matter the policy treats differently (daoli-2017 art.7 versus art.8 matters).

    ``sources`` are the matter sources that fall under this kind.
    """

    key: str
    label: str
    sources: tuple[str, ...]
    citation: Citation


@attrs.frozen
class Category:
    """A category (事项类别) a matter of ``kind`` may be put in, such as 紧急 / 一般 / 重要.

    ``follow_up`` is the follow-up style the text gives the category (tongren-2014 art.6(2):
    紧急事项跟踪督查, 一般事项定期督查), or empty.
    """

    key: str
    label: str
    kind: str
    citation: Citation
    follow_up: str = ""


@attrs.frozen
class PeriodRange:
    """A range the text gives (daoli-2017 art.7(2): 3至5日): ``low``..``high`` inclusive.

    The default is the upper end; any whole number inside the range may be chosen.
    """

    unit: PeriodUnit
    low: int
    high: int

    def period(self, count: int) -> Period:
        """The period of ``count`` units (caller checks the range)."""
        return Period(self.unit, count)

    def contains(self, count: int) -> bool:
        """Whether ``count`` is inside the range."""
        return count.__class__ is int and self.low <= count <= self.high


@attrs.frozen
class PeriodRule:
    """The default period a matter gets when its notice states no deadline.

    It applies to matters of ``kind`` in ``category`` (None: matters with no category) whose
    source is one of ``sources`` (empty: any source of the kind). ``start`` names the event it
    runs from; ``obligation`` what is due. ``range`` is set when the text gives a range
    (``period`` is then its upper end). A deadline stated in the notice always prevails.
    """

    key: str
    kind: str
    category: str | None
    sources: tuple[str, ...]
    period: Period
    start: StartEvent
    obligation: Obligation
    citation: Citation
    range: PeriodRange | None = None


@attrs.frozen
class Duty:
    """A timed duty outside a matter's own deadline: the office's or a unit's.

    ``period`` from ``start`` (None with ``immediate`` for 立即 / 第一时间, which carry no number,
    or with ``cycle`` for recurring duties); ``cap`` an outer limit (chizhou-2021 §7.4: 不能超过
    3日); ``sources`` limits it to matters of those sources (empty: all). ``scored`` says whether a
    miss counts against a unit's score (the office's own duties are reported, never scored).
    """

    key: str
    label: str
    actor: Actor
    obligation: Obligation
    start: StartEvent | None
    citation: Citation
    period: Period | None = None
    cap: Period | None = None
    immediate: bool = False
    immediate_within: Period | None = None
    cycle: Cycle | None = None
    sources: tuple[str, ...] = ()
    scored: bool = False


@attrs.frozen
class ReportingRule:
    """Periodic reporting: when progress reports fall due while a matter is open.

    ``period`` from ``first_start`` for the first report, then from ``next_start`` for each
    following one (None: a single report). ``cycles`` are calendar cycles; with
    ``cycle_selectable`` the leader picks one of them for the matter. ``year_end`` adds a report
    before 31 December; ``final_report`` a completion report; ``until_done`` repeats until the
    matter is completed.
    """

    key: str
    label: str
    kind: str | None
    sources: tuple[str, ...]
    citation: Citation
    period: Period | None = None
    first_start: StartEvent | None = None
    next_start: StartEvent | None = None
    cycles: tuple[Cycle, ...] = ()
    cycle_selectable: bool = False
    until_done: bool = False
    year_end: bool = False
    final_report: bool = False


@attrs.frozen
class RegistrationRule:
    """A condition for registering a matter (立项); see :meth:`Policy.check_registration`.

    For :attr:`Requirement.LEADER_INSTRUCTION`, ``admissible_sources`` are the sources that
    satisfy the condition without a recorded instruction (empty: an instruction is required).
    """

    requirement: Requirement
    citation: Citation
    admissible_sources: tuple[str, ...] = ()


@attrs.frozen
class ApprovalRule:
    """Approval (审定) before dispatch for matters of ``kind`` (None: all kinds).

    ``approver`` is who approves, in the text's words; ``consult_units`` whether the units are
    consulted first (daoli-2017 art.8(1)).
    """

    kind: str | None
    approver: str
    citation: Citation
    consult_units: bool = False


@attrs.frozen
class SignOffRule:
    """Who signs a unit's report before it reaches the office, and any formalities.

    ``joint_matters_only`` limits the signature to matters handled by several units.
    """

    signer: SignOff
    citation: Citation
    formalities: tuple[str, ...] = ()
    joint_matters_only: bool = False


@attrs.frozen
class Trigger:
    """What sets a rung off: ``count`` occurrences of ``event``, after an ``offset``.

    For :attr:`TriggerEvent.APPROACHING_DEADLINE` the offset is counted back from the deadline;
    otherwise forward from ``offset_from`` (daoli-2017 art.7(3): 次日 after the missed deadline,
    ``offset_from=StartEvent.MISSED_DEADLINE``).
    """

    event: TriggerEvent
    count: int = 1
    offset: Period | None = None
    offset_from: StartEvent | None = None


@attrs.frozen
class Rung:
    """One rung of an escalation ladder.

    ``step`` orders the ladder; the rung fires on any of ``triggers``. ``reply`` is the deadline
    the unit gets to answer, counted from ``reply_start``. ``requires_decision`` marks a
    proposal that waits for a person's decision (``decided_by``); accountability and measure
    menus are always proposals. ``options`` lists the measures a person chooses from.
    ``sources`` limits the rung to matters of those sources (empty: all).
    """

    step: int
    action: EscalationAction
    triggers: tuple[Trigger, ...]
    citation: Citation
    target: str = "承办单位"
    scope: Scope = Scope.MATTER
    explanation: ExplanationEffect = ExplanationEffect.IGNORED
    reply: Period | None = None
    reply_start: StartEvent | None = None
    requires_decision: bool = False
    decided_by: str = ""
    options: tuple[str, ...] = ()
    document: str = ""
    sources: tuple[str, ...] = ()


@attrs.frozen
class Ladder:
    """The ordered escalation rungs for matters of ``kind`` (None: every kind)."""

    kind: str | None
    rungs: tuple[Rung, ...]


@attrs.frozen
class ScoringRule:
    """Points in the unit's assessment for each ``basis`` occurrence.

    ``points`` is positive; ``bonus`` says whether it is added or deducted; ``parameter``
    names the parameter that set an amount the text does not give (None: the text states it).
    ``approval`` names who must agree first (empty: nobody).
    """

    key: str
    basis: ScoreBasis
    points: Decimal
    bonus: bool
    assessment: AssessmentPeriod
    citation: Citation
    parameter: str | None = None
    approval: str = ""


@attrs.frozen
class StreakRule:
    """Consecutive misses (chizhou-2021 §8.2): deductions from the ``deduct_from``-th miss on,
    accountability proposed from the ``propose_accountability_from``-th.

    A miss is any of ``misses``. ``scope`` is per unit across its matters (ordered by due time)
    or per matter; an on-time completion or report resets the streak. With
    ``whole_streak`` the miss that started the streak is deducted too when it reaches
    ``deduct_from``. ``objective_counts`` says whether a miss explained by an accepted
    objective cause still counts.
    """

    misses: tuple[TriggerEvent, ...]
    deduct_from: int
    points_per_item: Decimal
    propose_accountability_from: int
    scope: Scope
    whole_streak: bool
    objective_counts: bool
    citation: Citation
    accountability_citation: Citation


@attrs.frozen
class Grade:
    """A grade and the lowest composite score (0–100) that earns it."""

    label: str
    min_score: int


@attrs.frozen
class Criterion:
    """One criterion of a graded assessment and its weight (weights sum to 100)."""

    key: str
    label: str
    weight: int


@attrs.frozen
class GradingRule:
    """A periodic grading (daoli-2017 art.27): criteria, weights and grade thresholds.

    ``grades`` are ordered best first; the composite score is the weighted mean of the criteria
    (each a share 0–100) and earns the first grade whose ``min_score`` it reaches.
    """

    assessment: AssessmentPeriod
    criteria: tuple[Criterion, ...]
    grades: tuple[Grade, ...]
    citation: Citation

    def grade_for(self, score: Decimal | int) -> Grade:
        """The grade a composite ``score`` (0–100) earns."""
        if isinstance(score, bool) or not isinstance(score, int | Decimal) or not (
            0 <= score <= 100
        ):
            raise InvalidInput("score", "a composite score from 0 to 100", score)
        for grade in self.grades:
            if score >= grade.min_score:
                return grade
        return self.grades[-1]


@attrs.frozen
class ReturnReason:
    """A ground the text gives for returning a report (退回重办 / 补充说明).

    ``redo`` is True when the report is done again, False when a supplement is asked for,
    None when the text leaves it to the office (daoli-2017 art.10: 补充说明或重新办理).
    """

    key: str
    label: str
    citation: Citation
    redo: bool | None = None


@attrs.frozen
class DocumentType:
    """A document the text names (督办通知, 督查催办单 …)."""

    key: str
    title: str
    citation: Citation


# ------------------------------------------------------------------- parameters
def _fail(instance: object, attribute: attrs.Attribute[Any], expected: str, got: Any) -> None:
    policy = getattr(instance, "POLICY", type(instance).__name__)
    raise InvalidParameter(policy, attribute.name, expected, got)


def choice(*allowed: str) -> Callable[[object, attrs.Attribute[Any], Any], None]:
    """An attrs validator accepting one of ``allowed`` strings."""

    def check(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
        if value not in allowed:
            _fail(instance, attribute, "one of " + ", ".join(repr(a) for a in allowed), value)

    return check


def whole_number(low: int, high: int) -> Callable[[object, attrs.Attribute[Any], Any], None]:
    """An attrs validator accepting a whole number from ``low`` to ``high``."""

    def check(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
        if value.__class__ is not int or not low <= value <= high:
            _fail(instance, attribute, f"a whole number from {low} to {high}", value)

    return check


def decimal_points(low: str, high: str) -> Callable[[object, attrs.Attribute[Any], Any], None]:
    """An attrs validator accepting points (a Decimal) from ``low`` to ``high``."""

    lo, hi = Decimal(low), Decimal(high)

    def check(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
        if not isinstance(value, Decimal) or not value.is_finite() or not lo <= value <= hi:
            _fail(instance, attribute, f"points from {low} to {high} (e.g. Decimal('0.5'))", value)

    return check


def to_points(value: Any) -> Any:
    """Converter: accept int, str or Decimal points; leave anything else for the validator."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, str):
        try:
            return Decimal(value)
        except InvalidOperation:
            return value
    return value


def _prefix(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if (
        not isinstance(value, str)
        or not 1 <= len(value) <= 20
        or any(c.isspace() or c.isdigit() or c in "〔〕[]()（）号" for c in value)
    ):
        _fail(
            instance,
            attribute,
            "a document prefix (代字) of 1–20 characters without spaces, digits, brackets or 号, "
            "e.g. '池开督'",
            value,
        )


def _flag(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value.__class__ is not bool:
        _fail(instance, attribute, "True or False", value)


def parameter(default: Any, validator: Any, doc: str, alternative: str) -> Any:
    """A documented parameter field: ``doc`` says what it means and why the default,
    ``alternative`` names the other reading."""
    return attrs.field(
        default=default,
        validator=validator,
        converter=to_points if isinstance(default, Decimal) else None,
        metadata={"doc": doc, "alternative": alternative},
    )


def flag() -> Callable[[object, attrs.Attribute[Any], Any], None]:
    """An attrs validator accepting True or False only."""
    return _flag


def prefix_field(default: str, reason: str = "") -> Any:
    """The ``numbering_prefix`` parameter (代字) with a policy's default and why it was chosen."""
    return attrs.field(
        default=default,
        validator=_prefix,
        metadata={
            "doc": "Document prefix (代字) of registration numbers, 代字〔2026〕15号. "
            "Library convention: the texts fix none" + (f"; {reason}." if reason else "."),
            "alternative": "any prefix the office uses",
        },
    )


def warning_field(default: int, basis: str) -> Any:
    """The ``pre_deadline_warning_working_days`` parameter (0 turns the warning off)."""
    return attrs.field(
        default=default,
        validator=whole_number(0, 10),
        metadata={
            "doc": f"{basis}: a pre-deadline warning this many working days before a deadline "
            "(library convention: the text asks for timely follow-up but names no time; "
            "0 turns it off).",
            "alternative": "0: no pre-deadline warning",
        },
    )


def warning_rungs(working_days: int, citation: Citation) -> tuple[Rung, ...]:
    """The pre-deadline warning rung (step 0), or none when ``working_days`` is 0."""
    if not working_days:
        return ()
    return (Rung(
        step=0,
        action=EscalationAction.PRE_DEADLINE_WARNING,
        triggers=(Trigger(TriggerEvent.APPROACHING_DEADLINE,
                          offset=Period.working_days(working_days)),),
        citation=citation,
    ),)


def extensions_field() -> Any:
    """The ``extensions_enabled`` parameter: off, since none of the five texts has extensions."""
    return attrs.field(
        default=False,
        validator=_flag,
        metadata={
            "doc": "Whether extensions (延期) may be requested. None of the five texts provides "
            "them (rules.md §1): a unit explains and keeps reporting instead.",
            "alternative": "True, as many deployed systems practise",
        },
    )


@attrs.frozen
class Parameters:
    """Base of every policy's parameters: named, documented defaults an integrator overrides.

    Each field's metadata holds ``doc`` (what it means and why the default) and
    ``alternative`` (the other reading). Subclasses set ``POLICY``.
    """

    POLICY: ClassVar[str] = "policy"

    numbering_prefix: str = prefix_field("督")
    extensions_enabled: bool = extensions_field()


# ------------------------------------------------------------------------- policy
def _tuple(value: Any) -> tuple[Any, ...]:
    return tuple(value)


@attrs.frozen
class Policy:
    """One regulation as frozen data (see the module docstring).

    Build one with keyword arguments (every collection is a tuple); the data is checked when it
    is defined (:class:`~supervision.exceptions.InvalidPolicy`). ``rebuild`` turns changed
    parameters into a new policy; integrator policies without one get the parameters replaced
    only.
    """

    name: str
    title: str
    document_number: str
    issuer: str
    issued: _dt.date
    validity: Validity
    parameters: Parameters
    kinds: tuple[MatterKind, ...] = attrs.field(converter=_tuple)
    category_list: tuple[Category, ...] = attrs.field(default=(), converter=_tuple)
    periods: tuple[PeriodRule, ...] = attrs.field(default=(), converter=_tuple)
    duties: tuple[Duty, ...] = attrs.field(default=(), converter=_tuple)
    reporting: tuple[ReportingRule, ...] = attrs.field(default=(), converter=_tuple)
    registration: tuple[RegistrationRule, ...] = attrs.field(default=(), converter=_tuple)
    approvals: tuple[ApprovalRule, ...] = attrs.field(default=(), converter=_tuple)
    signoff: SignOffRule | None = None
    ladders: tuple[Ladder, ...] = attrs.field(default=(), converter=_tuple)
    scoring: tuple[ScoringRule, ...] = attrs.field(default=(), converter=_tuple)
    streak: StreakRule | None = None
    grading: GradingRule | None = None
    return_reasons: tuple[ReturnReason, ...] = attrs.field(default=(), converter=_tuple)
    documents: tuple[DocumentType, ...] = attrs.field(default=(), converter=_tuple)
    notes: tuple[Note, ...] = attrs.field(default=(), converter=_tuple)
    aliases: tuple[str, ...] = attrs.field(default=(), converter=_tuple)
    fallback_kind: str | None = None
    rebuild: Callable[[Any], Policy] | None = attrs.field(
        default=None, eq=False, repr=False, kw_only=True
    )

    def __attrs_post_init__(self) -> None:
        _check_policy(self)

    # ------------------------------------------------ MatterPolicy protocol members
    @property
    def numbering_prefix(self) -> str:
        """The document prefix (代字) of registration numbers: 代字〔2026〕15号."""
        return self.parameters.numbering_prefix

    @property
    def extensions_enabled(self) -> bool:
        """Whether extensions (延期) may be requested; off unless the parameter enables them."""
        return self.parameters.extensions_enabled

    @property
    def requires_approval(self) -> bool:
        """Whether matters are approved (审定) before dispatch."""
        return bool(self.approvals)

    @property
    def report_signoff(self) -> str:
        """``unit_head``, ``leader_in_charge`` or ``none``: who signs a unit's report."""
        return "none" if self.signoff is None else self.signoff.signer.key

    @property
    def category_required(self) -> bool:
        """Whether the registering clerk must choose a category (no silent default)."""
        return any(r.requirement is Requirement.CATEGORY_REQUIRED for r in self.registration)

    @property
    def categories(self) -> tuple[str, ...]:
        """The category keys the policy distinguishes (across its kinds)."""
        return tuple(c.key for c in self.category_list)

    def default_period(self, category: str | None, source: str | None) -> Period | None:
        """The period the text gives a matter of ``category`` / ``source`` with no deadline stated.

        None when the text gives none (the deadline must then be stated, or a category chosen).
        For a range the upper end is returned (:meth:`choose_period` picks another value).
        """
        rule = self.default_rule(category, source)
        return None if rule is None else rule.period

    def default_start_event(self, category: str | None, source: str | None) -> str | None:
        """The event :meth:`default_period` is counted from, as the service layer names it
        (``"dispatch"``, ``"receipt"``, ``"meeting"``, ``"minutes_issue"``,
        ``"document_issue"``); None when there is no default period.

        ``lianyungang-2019 §7.2`` counts from the issue of the document or the minutes,
        ``chizhou-2021 §7.4`` from the meeting; most defaults run from dispatch.
        """
        rule = self.default_rule(category, source)
        if rule is None:
            return None
        return _SERVICE_START_EVENTS.get(rule.start, "dispatch")

    # ----------------------------------------------------------------- lookups
    def kind(self, key: str) -> MatterKind:
        """The matter kind called ``key``."""
        for kind in self.kinds:
            if kind.key == key:
                return kind
        raise InvalidInput(
            "kind", "one of " + ", ".join(k.key for k in self.kinds), key,
            hint=f"policy {self.name} 无此事项种类",
        )

    def category(self, key: str) -> Category:
        """The category called ``key``."""
        for category in self.category_list:
            if category.key == key:
                return category
        raise UnknownCategory(self.name, key, self.categories)

    def kind_for(self, category: str | None, source: str | None) -> MatterKind | None:
        """The kind a matter of ``category`` / ``source`` belongs to (None: no kind applies).

        A source names its kind; with no source, the category's kind; otherwise the policy's
        fallback kind.
        """
        if source is not None:
            _check_source(source)
            for kind in self.kinds:
                if source in kind.sources:
                    return kind
        elif category is not None:
            return self.kind(self.category(category).kind)
        return None if self.fallback_kind is None else self.kind(self.fallback_kind)

    def category_applies(self, category: str, source: str | None) -> bool:
        """Whether ``category`` belongs to the kind of a matter from ``source``.

        tongren-2014's 紧急/一般/专题调研 apply to leader-assigned matters only, daoli-2017's to
        art.7 matters only. An unknown category raises UnknownCategory.
        """
        owner = self.category(category).kind
        kind = self.kind_for(category, source)
        return kind is not None and kind.key == owner

    def default_rule(self, category: str | None, source: str | None) -> PeriodRule | None:
        """The :class:`PeriodRule` behind :meth:`default_period` (its start event included).

        None when the text gives no default, including a category that does not apply to the
        source's kind (:meth:`check_registration` reports that).
        """
        if category is not None and not self.category_applies(category, source):
            return None
        kind = self.kind_for(category, source)
        if kind is None:
            return None
        candidates = [r for r in self.periods if r.kind == kind.key and r.category == category]
        specific = [r for r in candidates if r.sources and source in r.sources]
        general = [r for r in candidates if not r.sources]
        found = specific or general
        return found[0] if found else None

    def choose_period(self, category: str, source: str | None, count: int) -> Period:
        """A period inside the range the text gives (daoli-2017 art.7(2) 一般 3至5日).

        Raises :class:`~supervision.exceptions.PeriodOutOfRange` outside the range, and
        :class:`~supervision.exceptions.InvalidInput` when the category has no range.
        """
        rule = self.default_rule(category, source)
        if rule is None or rule.range is None:
            raise InvalidInput(
                "category", "a category whose default period is a range", category,
                hint=f"policy {self.name}: 该类别没有期限范围; state the deadline instead",
            )
        if not rule.range.contains(count):
            raise PeriodOutOfRange(
                self.name, category, rule.range.low, rule.range.high, count, rule.range.unit.value
            )
        return rule.range.period(count)

    def ladder(self, kind: str | None) -> Ladder | None:
        """The escalation ladder for matters of ``kind`` (a kind-specific one first)."""
        if kind is not None:
            self.kind(kind)
        for ladder in self.ladders:
            if ladder.kind == kind:
                return ladder
        for ladder in self.ladders:
            if ladder.kind is None:
                return ladder
        return None

    def reporting_for(self, category: str | None, source: str | None) -> tuple[ReportingRule, ...]:
        """The periodic reporting rules that apply to a matter of ``category`` / ``source``."""
        kind = self.kind_for(category, source)
        found = []
        for rule in self.reporting:
            if rule.kind is not None and (kind is None or rule.kind != kind.key):
                continue
            if rule.sources and source not in rule.sources:
                continue
            found.append(rule)
        return tuple(found)

    @property
    def hour_limits(self) -> tuple[Duty, ...]:
        """The duties counted in hours (chizhou-2021 §7.6: 1 hour from receipt)."""
        return tuple(
            d for d in self.duties if d.period is not None and d.period.unit is PeriodUnit.HOURS
        )

    @property
    def office_duties(self) -> tuple[Duty, ...]:
        """The office's own duties (reported, never scored against units)."""
        return tuple(d for d in self.duties if d.actor is Actor.OFFICE)

    def citations(self) -> tuple[Citation, ...]:
        """Every citation in the policy, in a stable order."""
        found: list[Citation] = []
        _collect(self, found)
        return tuple(found)

    # ---------------------------------------------------------------- validity
    def in_force(self, on: _dt.date) -> bool:
        """Whether the policy is in force on ``on`` (a date in China)."""
        return self.validity.covers(_as_date(on))

    def validity_finding(self, on: _dt.date) -> Finding | None:
        """A finding to report when ``on`` falls outside the validity, or the text is 试行."""
        on = _as_date(on)
        v = self.validity
        if on < v.effective_from:
            return Finding(
                "policy_not_yet_in_force",
                Severity.WARNING,
                f"{self.title}自{cn_date(v.effective_from)}起施行，{cn_date(on)}尚未生效。"
                f" {self.name} takes effect on {v.effective_from.isoformat()}; it does not "
                f"apply on {on.isoformat()}.",
                v.citation,
            )
        last = v.last_day
        if last is not None and on > last:
            return Finding(
                "policy_expired",
                Severity.WARNING,
                f"{self.title}有效期{v.years}年，至{cn_date(last)}届满，{cn_date(on)}已失效。"
                f" {self.name} lapsed after {last.isoformat()} (valid {v.years} years); "
                f"using it on {on.isoformat()} applies a regulation no longer in force.",
                v.citation,
            )
        if v.trial:
            return Finding(
                "policy_trial",
                Severity.INFO,
                f"{self.title}为试行制度。 {self.name} is a trial (试行) regulation.",
                v.citation,
            )
        return None

    def require_in_force(self, on: _dt.date) -> None:
        """Raise :class:`~supervision.exceptions.PolicyNotInForce` outside the validity."""
        on = _as_date(on)
        if not self.in_force(on):
            raise PolicyNotInForce(
                self.name, on, self.validity.effective_from, self.validity.last_day
            )

    # ------------------------------------------------------------ registration
    def check_registration(
        self,
        *,
        category: str | None,
        source: str | None,
        leader_instruction: bool = False,
        internal_function: bool = False,
        deadline_stated: bool = False,
    ) -> tuple[Finding, ...]:
        """What the policy says about registering (立项) such a matter: refusals and warnings.

        An empty tuple means the policy raises no objection. ``leader_instruction`` says a
        leader's instruction (批示) is recorded; ``internal_function`` that the matter is a
        department's own internal function; ``deadline_stated`` that the notice states one.
        """
        if category is not None:
            self.category(category)
        if source is not None:
            _check_source(source)
        findings: list[Finding] = []
        if category is not None and not self.category_applies(category, source):
            cat = self.category(category)
            findings.append(Finding(
                "category_not_applicable", Severity.WARNING,
                f"事项类别“{cat.label}”不适用于该来源的事项，无默认期限。 Category {category!r} "
                f"applies to {self.kind(cat.kind).label} only; this matter gets no default period.",
                cat.citation,
            ))
        for rule in self.registration:
            req = rule.requirement
            if req is Requirement.CATEGORY_REQUIRED and category is None:
                findings.append(Finding(
                    "category_required", Severity.REFUSAL,
                    f"须选定事项类别（{'/'.join(c.label for c in self.category_list)}），"
                    "不设默认期限。 Choose a category: the policy has no silent default.",
                    rule.citation,
                ))
            elif req is Requirement.DEADLINE_REQUIRED and not deadline_stated and (
                self.default_period(category, source) is None
            ):
                findings.append(Finding(
                    "deadline_required", Severity.REFUSAL,
                    "督查事项须明确办理时限。 State a deadline: this matter has no default period.",
                    rule.citation,
                ))
            elif req is Requirement.LEADER_INSTRUCTION and not leader_instruction and (
                source not in rule.admissible_sources
            ):
                findings.append(Finding(
                    "leader_instruction_missing", Severity.REFUSAL,
                    "未经领导批示的事项不予立项。 Not registered: no recorded leader instruction, "
                    "and the source is not itself a decision at that level.",
                    rule.citation,
                ))
            elif req is Requirement.NOT_INTERNAL_FUNCTION and internal_function:
                findings.append(Finding(
                    "internal_function", Severity.REFUSAL,
                    "属部门内部职能的事项不予立项。 Not registered: a department's own internal "
                    "function.",
                    rule.citation,
                ))
        return tuple(findings)

    # -------------------------------------------------------------- parameters
    def with_parameters(self, **changes: Any) -> Policy:
        """A copy with parameters changed, e.g. ``with_parameters(streak_scope="per_matter")``.

        Unknown names and out-of-range values raise
        :class:`~supervision.exceptions.InvalidParameter`; the policy itself never changes.
        """
        known = [a.name for a in attrs.fields(type(self.parameters))]
        for name in changes:
            if name not in known:
                raise InvalidParameter(
                    self.name, name, "one of the policy's parameters: " + ", ".join(known), name
                )
        parameters = attrs.evolve(self.parameters, **changes)
        if self.rebuild is None:
            return attrs.evolve(self, parameters=parameters)
        return self.rebuild(parameters)

    def parameter_docs(self) -> Mapping[str, tuple[Any, str, str]]:
        """Each parameter's (current value, meaning and default's reason, alternative reading)."""
        out: dict[str, tuple[Any, str, str]] = {}
        for a in attrs.fields(type(self.parameters)):
            out[a.name] = (
                getattr(self.parameters, a.name),
                str(a.metadata.get("doc", "")),
                str(a.metadata.get("alternative", "")),
            )
        return out


# ------------------------------------------------------------------ definition checks
def quotes_missing_from(policy: Policy, text: str) -> tuple[Citation, ...]:
    """The policy's citations whose quote does not occur in ``text`` (the regulation's text).

    Whitespace is ignored on both sides (published texts break lines and space digits:
    ``15 日`` / ``15日``). Use it in an integrator's tests: the result should be empty.
    """
    haystack = _WHITESPACE.sub("", text)
    return tuple(
        c for c in policy.citations() if _WHITESPACE.sub("", c.quote) not in haystack
    )


def _as_date(on: object) -> _dt.date:
    if isinstance(on, _dt.datetime) or not isinstance(on, _dt.date):
        raise InvalidInput("on", "a date (the day in China, 日期)", on)
    return on


def _check_source(source: object) -> None:
    if source not in SOURCES:
        raise InvalidInput("source", "one of " + ", ".join(SOURCES) + " 事项来源", source)


def _collect(value: Any, found: list[Citation]) -> None:
    if isinstance(value, Citation):
        found.append(value)
    elif isinstance(value, tuple):
        for item in value:
            _collect(item, found)
    elif attrs.has(type(value)) and not isinstance(value, Parameters | Period):
        for a in attrs.fields(type(value)):
            if a.name != "rebuild":
                _collect(getattr(value, a.name), found)


def _check_policy(p: Policy) -> None:
    def bad(problem: str) -> InvalidPolicy:
        return InvalidPolicy(getattr(p, "name", "?"), problem)

    if not isinstance(p.name, str) or not _POLICY_NAME.match(p.name):
        raise bad("name must look like 'place-2021' (lower case, digits and hyphens)")
    for text_field in ("title", "document_number", "issuer"):
        if not isinstance(getattr(p, text_field), str):
            raise bad(f"{text_field} must be a string")
    if not isinstance(p.issued, _dt.date) or isinstance(p.issued, _dt.datetime):
        raise bad("issued must be a date")
    if not isinstance(p.validity, Validity):
        raise bad("validity must be a Validity")
    if not isinstance(p.parameters, Parameters):
        raise bad("parameters must be a supervision.policies.Parameters (or a subclass)")
    for citation in p.citations():
        if citation.policy != p.name:
            raise bad(f"citation {citation.key} names another policy than {p.name}")
    if not p.kinds:
        raise bad("at least one matter kind is needed")
    kind_keys = [k.key for k in p.kinds]
    if len(set(kind_keys)) != len(kind_keys):
        raise bad("matter kind keys must be unique")
    for k in p.kinds:
        _check_key(k.key, "kind.key")
        for s in k.sources:
            if s not in SOURCES:
                raise bad(f"kind {k.key}: unknown source {s!r}; sources are {', '.join(SOURCES)}")
    sources = [s for k in p.kinds for s in k.sources]
    if len(set(sources)) != len(sources):
        raise bad("a source may belong to one kind only")
    if p.fallback_kind is not None and p.fallback_kind not in kind_keys:
        raise bad(f"fallback_kind {p.fallback_kind!r} is not a kind")
    cat_keys = [c.key for c in p.category_list]
    if len(set(cat_keys)) != len(cat_keys):
        raise bad("category keys must be unique")
    for c in p.category_list:
        _check_key(c.key, "category.key")
        if c.kind not in kind_keys:
            raise bad(f"category {c.key}: unknown kind {c.kind!r}")
    period_keys = [r.key for r in p.periods]
    if len(set(period_keys)) != len(period_keys):
        raise bad("period rule keys must be unique")
    applies = [(r.kind, r.category, r.sources) for r in p.periods]
    if len(set(applies)) != len(applies):
        raise bad("two period rules apply to the same kind, category and sources")
    for r in p.periods:
        if r.kind not in kind_keys:
            raise bad(f"period rule {r.key}: unknown kind {r.kind!r}")
        if r.category is not None and r.category not in cat_keys:
            raise bad(f"period rule {r.key}: unknown category {r.category!r}")
        if not isinstance(r.period, Period):
            raise bad(f"period rule {r.key}: period must be a supervision.periods.Period")
        if r.range is not None and not (
            r.range.unit is r.period.unit
            and 1 <= r.range.low < r.range.high
            and r.period.count == r.range.high
        ):
            raise bad(f"period rule {r.key}: a range must be low < high, in the period's unit, "
                      "with the period at its upper end")
    for d in p.duties:
        if d.period is None and not d.immediate and d.cycle is None:
            raise bad(f"duty {d.key}: needs a period, immediate=True or a cycle")
        if d.period is not None and d.start is None:
            raise bad(f"duty {d.key}: a period needs a start event")
    for rep in p.reporting:
        if rep.kind is not None and rep.kind not in kind_keys:
            raise bad(f"reporting rule {rep.key}: unknown kind {rep.kind!r}")
        if rep.period is not None and rep.first_start is None:
            raise bad(f"reporting rule {rep.key}: a period needs first_start")
        if rep.period is None and not rep.cycles:
            raise bad(f"reporting rule {rep.key}: needs a period or cycles")
    for ap in p.approvals:
        if ap.kind is not None and ap.kind not in kind_keys:
            raise bad(f"approval rule: unknown kind {ap.kind!r}")
    for ladder in p.ladders:
        if ladder.kind is not None and ladder.kind not in kind_keys:
            raise bad(f"ladder: unknown kind {ladder.kind!r}")
        if not ladder.rungs:
            raise bad(f"ladder {ladder.kind}: has no rungs")
        steps = [r.step for r in ladder.rungs]
        if steps != sorted(set(steps)):
            raise bad(f"ladder {ladder.kind}: steps must be strictly increasing, got {steps}")
        warnings = [i for i, r in enumerate(ladder.rungs)
                    if r.action is EscalationAction.PRE_DEADLINE_WARNING]
        if warnings != list(range(len(warnings))):
            raise bad(f"ladder {ladder.kind}: pre-deadline warnings come before every other rung")
        seen: dict[TriggerEvent, int] = {}
        for rung in ladder.rungs:
            if not rung.triggers:
                raise bad(f"ladder {ladder.kind} step {rung.step}: no trigger")
            if rung.action.always_proposal and not rung.requires_decision:
                raise bad(
                    f"ladder {ladder.kind} step {rung.step}: {rung.action.label} is only ever a "
                    "proposal awaiting a person's decision (requires_decision=True)"
                )
            if rung.reply is not None and rung.reply_start is None:
                raise bad(f"ladder {ladder.kind} step {rung.step}: a reply needs reply_start")
            for t in rung.triggers:
                if t.count.__class__ is not int or t.count < 1:
                    raise bad(f"ladder {ladder.kind} step {rung.step}: trigger counts are ≥ 1")
                forward = t.event is not TriggerEvent.APPROACHING_DEADLINE
                if t.offset is not None and forward and t.offset_from is None:
                    raise bad(f"ladder {ladder.kind} step {rung.step}: an offset needs offset_from")
                if t.count < seen.get(t.event, 1):
                    raise bad(
                        f"ladder {ladder.kind} step {rung.step}: trigger {t.event.key} count "
                        f"{t.count} comes after a higher count"
                    )
                seen[t.event] = t.count
    for scoring in p.scoring:
        if not isinstance(scoring.points, Decimal) or scoring.points < 0:
            raise bad(f"scoring rule {scoring.key}: points must be a Decimal ≥ 0")
    if p.streak is not None and not (
        1 <= p.streak.deduct_from < p.streak.propose_accountability_from
    ):
        raise bad("streak: deductions must start before accountability proposals")
    if p.grading is not None:
        g = p.grading
        if sum(c.weight for c in g.criteria) != 100:
            raise bad("grading: criteria weights must sum to 100")
        mins = [gr.min_score for gr in g.grades]
        if mins != sorted(mins, reverse=True) or len(set(mins)) != len(mins) or mins[-1] != 0:
            raise bad("grading: grades best first, thresholds strictly falling, the last at 0")
    reason_keys = [r.key for r in p.return_reasons]
    if len(set(reason_keys)) != len(reason_keys):
        raise bad("return reason keys must be unique")
    for alias in p.aliases:
        if not isinstance(alias, str) or not alias:
            raise bad("aliases must be non-empty strings")


#: How the service layer names the start events a matter's default period can run from.
_SERVICE_START_EVENTS: dict[StartEvent, str] = {
    StartEvent.DISPATCH: "dispatch",
    StartEvent.RECEIPT: "receipt",
    StartEvent.MEETING: "meeting",
    StartEvent.MINUTES_ISSUE: "minutes_issue",
    StartEvent.DOCUMENT_ISSUE: "document_issue",
}
