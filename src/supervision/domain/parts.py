"""The parts a matter is made of: its source, confidentiality, assignments, responsible
people, deadline inputs and due date, reporting schedule and milestones, reports and review
rounds, explanations, extensions, suspensions and closings — and the registration number and
the unit. All frozen values."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable

import attrs

from supervision.clock import require_aware
from supervision.domain._numbers import MAX_SEQUENCE, RegistrationNumber, Unit
from supervision.domain._text import check_date as _date
from supervision.domain._text import check_text as _text
from supervision.domain.actors import Actor, Role
from supervision.domain.terms import (
    AssignmentRole,
    ConfidentialityKind,
    DeadlineBasis,
    Decision,
    ReasonKind,
    ReportingCycle,
    ReportKind,
    ReviewOutcome,
    SignoffCapacity,
    SourceKind,
)
from supervision.exceptions import InvalidInput
from supervision.periods import Period

__all__ = [
    "MAX_SEQUENCE",
    "Assignment",
    "Closing",
    "Confidentiality",
    "DeadlineTerms",
    "DueDate",
    "Explanation",
    "Extension",
    "Milestone",
    "RegistrationNumber",
    "Report",
    "ReportContent",
    "ReportingSchedule",
    "Responsible",
    "ReviewRound",
    "Signoff",
    "Source",
    "Suspension",
    "Unit",
]


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
    """Who signed a report off and in what capacity (核签 / 阅签).

    A sign-off is never the submitter's word for someone else: ``recorded_by`` is the person
    who submitted the report naming it. When that is the signer themselves, it is confirmed on
    the spot (``confirmed_at``); when a liaison submits on the signer's behalf, it stays
    unconfirmed until the signer confirms it as their own actor
    (:func:`supervision.service_layer.services.confirm_signoff`), and the office cannot accept
    the report before (``signoff_unconfirmed``).
    """

    person_id: str
    capacity: SignoffCapacity
    signed_at: _dt.datetime
    recorded_by: str = ""
    confirmed_at: _dt.datetime | None = None

    @property
    def confirmed(self) -> bool:
        """Whether the signer confirmed the sign-off as their own."""
        return self.confirmed_at is not None


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


