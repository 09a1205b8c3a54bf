"""The rules a policy is made of: citations, validity, kinds and categories of matters, default
periods, duties, reporting, registration, approval, sign-off, escalation ladders, scoring.

All frozen data; the lookups over them live on :class:`~supervision.domain.policy.Policy`.
"""

from __future__ import annotations

import datetime as _dt
from decimal import Decimal

import attrs
from dateutil.relativedelta import relativedelta

from supervision.domain.policy._terms import (
    _CLAUSE,
    _POLICY_NAME,
    MAX_QUOTE,
    AssessmentPeriod,
    Cycle,
    DutyHolder,
    EscalationAction,
    ExplanationEffect,
    Obligation,
    Requirement,
    Scope,
    ScoreBasis,
    Severity,
    SignOff,
    StartEvent,
    TriggerEvent,
)
from supervision.exceptions import InvalidInput
from supervision.periods import Period, PeriodUnit

__all__ = [
    "ApprovalRule",
    "Category",
    "Citation",
    "Criterion",
    "DocumentType",
    "Duty",
    "Finding",
    "Grade",
    "GradingRule",
    "Ladder",
    "MatterKind",
    "Note",
    "PeriodRange",
    "PeriodRule",
    "RegistrationRule",
    "ReportingRule",
    "ReturnReason",
    "Rung",
    "ScoringRule",
    "SignOffRule",
    "StreakRule",
    "Trigger",
    "Validity",
]


# ------------------------------------------------------------------ value objects
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

    「自文件公布之日起执行，有效期3年」: the day of publication is the first day in force, so
    three years from 2021-04-06 are 2021-04-06 through 2024-04-05 (administrative practice, as in
    「自2019年1月1日起施行，有效期至2023年12月31日」; rules.md §3 chizhou). A validity is not a
    民法典 period: it does not start the next day and is not rolled to a working day (no act
    falls due on it). ``trial`` marks 试行 texts.
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
        end: _dt.date = self.effective_from + relativedelta(years=self.years)
        return end - _dt.timedelta(days=1)

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
    actor: DutyHolder
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
    matter is completed. The cycle a matter is dispatched in is owed unless fewer than the
    policy's ``first_cycle_min_working_days`` working days of it remain (rules.md §2); a
    cycle that begins on the dispatch day is always owed.
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
    ``sources`` limits the rung to matters of those sources (empty: all). ``key_matters_only``
    limits it to matters recorded as key work (重点工作) or resting on a main leader's
    instruction (主要领导批示, ``lianyungang-2019 §8.1``).
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
    key_matters_only: bool = False


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
