"""The domain model: matters (督办事项), their registration, and (re-exported) every value
object they are made of (:mod:`~supervision.domain.terms`, :mod:`~supervision.domain.parts`).

Everything here is a frozen attrs class holding only immutable values (tuples, frozensets,
dates, enums), so a matter can be shared freely and changed only through ``attrs.evolve`` in
:mod:`supervision.domain.handling`. Nothing here reads a clock, a database or a calendar.
"""

from __future__ import annotations

import datetime as _dt

import attrs

from supervision.clock import require_aware
from supervision.domain._text import check_date, check_text
from supervision.domain.lifecycle import Status
from supervision.domain.office import PolicyRef
from supervision.domain.parts import (
    MAX_SEQUENCE,
    Assignment,
    Closing,
    Confidentiality,
    DeadlineTerms,
    DueDate,
    Explanation,
    Extension,
    Milestone,
    RegistrationNumber,
    Report,
    ReportContent,
    ReportingSchedule,
    Responsible,
    ReviewRound,
    Signoff,
    Source,
    Suspension,
    Unit,
)
from supervision.domain.terms import (
    AssignmentRole,
    ConfidentialityKind,
    DeadlineBasis,
    Decision,
    HandlingMode,
    ReasonKind,
    ReportingCycle,
    ReportKind,
    ReviewOutcome,
    SignoffCapacity,
    SourceKind,
    UnitKind,
    Urgency,
)
from supervision.exceptions import InvalidInput

__all__ = [
    "MAX_SEQUENCE",
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
    "Instruction",
    "Matter",
    "Milestone",
    "ReasonKind",
    "Receipt",
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


# ======================================================================= registration
@attrs.frozen
class Instruction:
    """A leader's instruction (领导批示) a matter rests on: who gave it, on which day, its
    reference (批示件编号) and whether the leader is a main leader (主要领导, e.g. 市长/区长):
    ``lianyungang-2019 §5.1`` registers nothing without one, ``§8.1`` and ``zhoucun-2021
    §5.3`` treat main leaders' instructions apart."""

    leader: str
    on: _dt.date
    reference: str = ""
    main_leader: bool = False

    @classmethod
    def of(
        cls, leader: str, on: _dt.date, reference: str = "", *, main_leader: bool = False
    ) -> Instruction:
        """Check and build an instruction record."""
        if main_leader.__class__ is not bool:
            raise InvalidInput("instruction.main_leader", "True or False", main_leader)
        return cls(
            check_text(leader, "instruction.leader"),
            check_date(on, "instruction.on"),
            check_text(reference, "instruction.reference", allow_empty=True),
            main_leader,
        )


@attrs.frozen
class Receipt:
    """When a document that starts a duty of its own was received (收文), and which of the
    policy's duties it starts: ``chizhou-2021 §7.3`` 上级督办件 (1 working day to sign off and
    forward), ``§7.6`` an emergency report (1 hour). ``duty`` is the policy's duty key
    (``"higher_level_item"``, ``"emergency_report"``); the duty is met when the matter is
    forwarded (交办)."""

    received_at: _dt.datetime
    duty: str

    @classmethod
    def of(cls, received_at: _dt.datetime, duty: str) -> Receipt:
        """Check and build a receipt record."""
        return cls(require_aware(received_at, "receipt.received_at"),
                   check_text(duty, "receipt.duty"))


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
    instruction: Instruction | None = None
    key_work: bool = False
    supervising_leader: str | None = None
    supervising_leader_name: str = ""
    receipt: Receipt | None = None

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

    @property
    def supervising_leader_label(self) -> str:
        """The government leader in charge (分管领导, ``zhoucun-2021 §4.4``) as a person reads
        it: ``王副区长（vice-head-1）``, just the id when no name was recorded, empty when none
        is recorded."""
        leader = self.supervising_leader or ""
        name = self.supervising_leader_name
        return f"{name}（{leader}）" if leader and name and name != leader else leader


@attrs.frozen
class Registration:
    """What the office fills in to register a matter (立项登记, ``daoli-2017 art.7(1)``).

    ``deadline`` may be None only when the policy has a default for the category or source;
    the service resolves it before the matter is built (``zhoucun-2021 §4.3``: every matter
    carries a deadline). ``handling_mode`` defaults to 会办 when co-units are given, else 转办.
    For a secret matter (``Confidentiality.secret``) title and requirements must be empty.

    ``instruction`` records the leader's 批示 the matter rests on (``lianyungang-2019 §5.1``
    refuses a matter without one); ``internal_function`` flags a department's own internal
    function (refused by the same clause); ``key_work`` a key task (重点工作, ``lianyungang-2019
    §8.1``); ``supervising_leader`` the person id of the government leader in charge of the
    matter who signs its reports (区政府分管领导, ``zhoucun-2021 §4.4``), and
    ``supervising_leader_name`` that leader's name as people read it (王副区长; optional, only
    with the id, at most 200 characters, no control characters or brackets, since the ledger
    writes it 王副区长（vice-head-1）); ``receipt`` when a
    document that starts a duty of its own was received (``chizhou-2021 §7.3``, ``§7.6``).
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
    reporting: ReportingSchedule = ReportingSchedule()  # noqa: RUF009 - a frozen value
    milestones: tuple[Milestone, ...] = ()
    confidentiality: Confidentiality = Confidentiality(ConfidentialityKind.NONE)  # noqa: RUF009
    parent_id: str | None = None
    reinspection_of: str | None = None
    instruction: Instruction | None = None
    internal_function: bool = False
    key_work: bool = False
    supervising_leader: str | None = None
    supervising_leader_name: str = ""
    receipt: Receipt | None = None

