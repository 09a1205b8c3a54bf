"""A small world for the escalation and scorecard tests: one office under a shipped policy,
the China calendar, an in-memory store, a settable clock, and helpers that walk matters
through the public service API (register → approve → dispatch → reports → review → sweep).

Each helper follows the policy the matter itself was registered under (an office may change
its policy from an effective date), and the office's own calendar choices."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from builders import (
    CLERK,
    CLERK_2,
    HEAD_A,
    HEAD_B,
    LEADER,
    LIAISON_A,
    LIAISON_B,
    OFFICE,
    UNITS,
    app_for,
    final_content,
)

from supervision import calendar, policies
from supervision.adapters.memory import InMemoryStore, InMemoryUnitOfWork
from supervision.calendar import SHANGHAI, Calendar, YearSchedule
from supervision.clock import FixedClock
from supervision.domain import (
    Actor,
    DeadlineTerms,
    EventKind,
    Instruction,
    Matter,
    ReasonKind,
    Registration,
    ReportContent,
    Responsible,
    ReviewOutcome,
    Role,
    Signoff,
    SignoffCapacity,
    Source,
    SourceKind,
)
from supervision.domain.escalation import Escalation, Preview
from supervision.domain.office import CalendarChoice, Office
from supervision.domain.policy import (
    EscalationAction,
    Policy,
)
from supervision.domain.scorecard import Scorecard, ScoreEntry, ScorePeriod
from supervision.periods import Period
from supervision.service_layer import assessment, queries, services, sweep

CHINA = calendar.china()
__all__ = ["CHINA", "LadderWorld", "at", "day"]


def at(text: str) -> dt.datetime:
    """``"2026-10-08 09:00"`` in Asia/Shanghai."""
    return dt.datetime.fromisoformat(text).replace(tzinfo=SHANGHAI)


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


_REPORTERS = {"unit-a": (LIAISON_A, HEAD_A), "unit-b": (LIAISON_B, HEAD_B)}


class LadderWorld:
    """One office (``OFFICE``) under one policy, one store, one clock; units 经济发展局
    (unit-a), 马衙街道 (unit-b), 建设局. ``policy`` is the policy the office was set up
    under; a matter's own policy is ``ctx.policy_of(matter)``."""

    def __init__(self, name: str, **parameters: Any) -> None:
        policy = policies.get(name)
        self.policy: Policy = policy.with_parameters(**parameters) if parameters else policy
        self.store = InMemoryStore()
        self.clock = FixedClock(at("2026-03-02 09:00"))
        self.app = app_for(self.policy, store=self.store, clock=self.clock)
        self.ctx = self.app.context

    def uow(self) -> InMemoryUnitOfWork:
        return InMemoryUnitOfWork(self.store)

    # ---------------------------------------------------------------- the office
    def office(self) -> Office:
        return self.app.office(LEADER)

    @property
    def calendar(self) -> Calendar:
        """The office's calendar (its supplied notices, provisional mode when chosen)."""
        return self.ctx.calendar_of(self.office())

    def choose_calendar(
        self, *, provisional: bool = False, schedules: tuple[YearSchedule, ...] = ()
    ) -> Office:
        """The office's leader changes its calendar choices (at the world's current time)."""
        choice = CalendarChoice.of(schedules=schedules, provisional=provisional)
        return self.app.update_office(LEADER, calendar=choice)

    def change_policy(
        self, name: str, effective_from: str, *, when: str, **parameters: Any
    ) -> Office:
        """The office's leader records a new policy (or new parameters) at ``when``, in force
        from ``effective_from``."""
        self.when(when)
        return self.app.change_policy(
            LEADER, name, effective_from=day(effective_from), reason="新制度印发施行",
            parameters=parameters or None,
        )

    def policy_of(self, matter: Matter | str) -> Policy:
        """The policy ``matter`` lives under (recorded at registration)."""
        return self.ctx.policy_of(self.stored(matter))

    def when(self, text: str) -> LadderWorld:
        self.clock.set(at(text))
        return self

    # ---------------------------------------------------------------- matters
    def register(
        self,
        when: str,
        *,
        source: Source | None = None,
        category: str | None = None,
        deadline: DeadlineTerms | None = None,
        lead: str = "unit-a",
        co: tuple[str, ...] = (),
        **extra: Any,
    ) -> Matter:
        """Register (and approve, where the policy requires it) at ``when``, not dispatched.

        A leader's instruction (批示) is recorded (the source's leader, else 市长), and LEADER
        as the matter's supervising leader (分管领导), as an office's clerk would."""
        self.when(when)
        chosen = source or Source.of(SourceKind.LEADER_INSTRUCTION, "主任批示", leader="主任")
        if "instruction" not in extra:  # pass instruction=None to register without one
            extra["instruction"] = Instruction.of(chosen.leader or "市长",
                                                  self.clock.now().date())
        extra.setdefault("supervising_leader", LEADER.person_id)
        registration = Registration(
            title="推进园区道路改造",
            requirements="按期完成并报送结果",
            source=chosen,
            lead_unit_id=lead,
            co_unit_ids=co,
            responsible=(Responsible("head-a", "赵局长", lead),),
            category=category,
            deadline=deadline,
            **extra,
        )
        matter = services.register(self.uow(), self.ctx, CLERK, registration)
        if self.ctx.policy_of(matter).requires_approval:
            return services.approve(self.uow(), self.ctx, LEADER, matter.id)
        return matter

    def forward(self, matter: Matter | str, when: str) -> Matter:
        """交办 (dispatch) a registered matter at ``when``."""
        self.when(when)
        return services.dispatch(self.uow(), self.ctx, CLERK, _id(matter))

    def dispatch(
        self,
        when: str,
        *,
        source: Source | None = None,
        category: str | None = None,
        deadline: DeadlineTerms | None = None,
        lead: str = "unit-a",
        co: tuple[str, ...] = (),
        **extra: Any,
    ) -> Matter:
        """Register (see :meth:`register`) and dispatch at ``when``."""
        matter = self.register(when, source=source, category=category, deadline=deadline,
                               lead=lead, co=co, **extra)
        return services.dispatch(self.uow(), self.ctx, CLERK, matter.id)

    def _reporter(self, matter: Matter | str) -> Actor:
        return _REPORTERS[self.stored(matter).lead_unit_id][0]

    def progress(self, matter: Matter | str, when: str) -> Matter:
        self.when(when)
        return services.report_progress(
            self.uow(), self.ctx, self._reporter(matter), _id(matter),
            ReportContent.progress("进展顺利"),
        )

    def final(self, matter: Matter | str, when: str) -> Matter:
        self.when(when)
        unit = next(u for u in UNITS if u.id == self.stored(matter).lead_unit_id)
        policy = self.policy_of(matter)
        signer: Actor | None = None
        capacity = None if policy.signoff is None else SignoffCapacity(policy.report_signoff)
        if capacity is SignoffCapacity.UNIT_HEAD and unit.head_id:
            signer = Actor.of(unit.head_id, Role.UNIT_HEAD, office_id=OFFICE, unit_id=unit.id)
        elif capacity is SignoffCapacity.LEADER_IN_CHARGE and unit.leader_in_charge_id:
            signer = Actor.of(unit.leader_in_charge_id, Role.UNIT_HEAD, office_id=OFFICE,
                              unit_id=unit.id)
        elif capacity is SignoffCapacity.SUPERVISING_LEADER:
            signer = LEADER
        signoff = None
        if signer is not None and capacity is not None:
            signoff = Signoff(signer.person_id, capacity, self.clock.now())
        stored = services.submit_final_report(
            self.uow(), self.ctx, self._reporter(matter), _id(matter), final_content(),
            signoff=signoff,
        )
        if signer is None:
            return stored
        # The signer confirms the sign-off the liaison recorded, as themselves.
        return services.confirm_signoff(self.uow(), self.ctx, signer, _id(matter))

    def review(
        self, matter: Matter | str, when: str, outcome: ReviewOutcome, opinion: str = "",
        redo_due_day: dt.date | None = None,
    ) -> Matter:
        self.when(when)
        return services.review(
            self.uow(), self.ctx, CLERK_2, _id(matter), outcome,
            opinion=opinion or ("" if outcome is ReviewOutcome.ACCEPTED else "办理质量不高"),
            redo_due_day=redo_due_day,
        )

    def complete(self, matter: Matter | str, when: str) -> Matter:
        """Final report, accepted and completed at ``when``."""
        self.final(matter, when)
        self.review(matter, when, ReviewOutcome.ACCEPTED)
        return services.complete(self.uow(), self.ctx, CLERK, _id(matter))

    def explain(
        self, matter: Matter | str, when: str, kind: ReasonKind, *,
        accept: bool | None = None, by: Actor | None = None,
    ) -> Matter:
        self.when(when)
        by = by or _REPORTERS[self.stored(matter).lead_unit_id][1]
        stored = services.explain(
            self.uow(), self.ctx, by, _id(matter), kind,
            "暴雨停工" if kind is ReasonKind.OBJECTIVE else "工作安排不到位",
        )
        if accept is None:
            return stored
        number = stored.explanations[-1].number
        return services.decide_explanation(
            self.uow(), self.ctx, CLERK, _id(matter), number, accept=accept,
        )

    # ----------------------------------------------------------------- engine
    def sweep(self, when: str) -> sweep.SweepSummary:
        self.when(when)
        return sweep.sweep(self.uow(), self.ctx)

    def escalations(self, matter: Matter | str | None = None) -> list[Escalation]:
        with self.uow() as uow:
            if matter is None:
                return uow.escalations.list(offices=None)
            return uow.escalations.for_matter(_id(matter))

    def actions(self, matter: Matter | str | None = None) -> list[str]:
        """The labels of the escalations recorded, in due order (催办, 约谈通知, …)."""
        return [e.label for e in self.escalations(matter)]

    def issued(self, action: EscalationAction, matter: Matter | str | None = None
               ) -> list[Escalation]:
        return [e for e in self.escalations(matter) if e.action is action]

    def entries(self, unit_id: str = "unit-a") -> list[ScoreEntry]:
        with self.uow() as uow:
            return uow.scores.for_unit(OFFICE, unit_id)

    def points(self, unit_id: str = "unit-a") -> Decimal:
        return sum((e.points for e in self.entries(unit_id)), Decimal(0))

    def event_kinds(self, matter: Matter | str) -> list[EventKind]:
        with self.uow() as uow:
            return [e.kind for e in uow.events.for_matter(_id(matter))]

    def stored(self, matter: Matter | str) -> Matter:
        with self.uow() as uow:
            return uow.matters.get(_id(matter))

    def preview(self, matter: Matter | str, when: str) -> Preview:
        self.when(when)
        return queries.preview_matter(self.uow(), self.ctx, CLERK, _id(matter))

    def scorecards(self, period: ScorePeriod, when: str) -> dict[str, Scorecard]:
        self.when(when)
        cards = assessment.scorecard(self.uow(), self.ctx, CLERK, period)
        return {c.unit_id: c for c in cards}


def stated(days: int) -> DeadlineTerms:
    return DeadlineTerms.stated(Period.days(days))


def _id(matter: Matter | str) -> str:
    return matter if isinstance(matter, str) else matter.id
