"""A hypothesis state machine drives the lifecycle with random actors and commands against
the in-memory adapter, and checks after every step that the record stays whole."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from builders import (
    ALL_ACTORS,
    AUDITOR,
    CLERK,
    World,
    final_content,
    progress_content,
    registration,
)
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule
from strategies import actors, clock_steps

from supervision.domain import (
    LIFECYCLE,
    Action,
    Actor,
    Confidentiality,
    DeadlineTerms,
    ReasonKind,
    ReviewOutcome,
    can,
    can_view,
)
from supervision.exceptions import (
    InvalidInput,
    MatterNotFound,
    PermissionDenied,
    RuleViolation,
    TransitionNotAllowed,
)
from supervision.periods import Period
from supervision.service_layer import count_matters, services

EXPECTED_ERRORS = (
    TransitionNotAllowed, PermissionDenied, MatterNotFound, RuleViolation, InvalidInput
)


def _later(world: World, matter_id: str) -> dt.date:
    due = world.stored(matter_id).due
    return (due.last_day if due else dt.date(2026, 3, 17)) + dt.timedelta(days=7)


Command = Callable[[World, Actor, str], object]
COMMANDS: dict[str, tuple[Action, Command]] = {
    "approve": (Action.APPROVE, lambda w, a, m: services.approve(w.uow(), w.ctx, a, m)),
    "dispatch": (
        Action.DISPATCH,
        lambda w, a, m: services.dispatch(w.uow(), w.ctx, a, m),
    ),
    "acknowledge": (
        Action.ACKNOWLEDGE, lambda w, a, m: services.acknowledge(w.uow(), w.ctx, a, m)
    ),
    "progress": (
        Action.REPORT_PROGRESS,
        lambda w, a, m: services.report_progress(w.uow(), w.ctx, a, m, progress_content()),
    ),
    "contribute": (
        Action.CONTRIBUTE,
        lambda w, a, m: services.contribute(w.uow(), w.ctx, a, m, progress_content()),
    ),
    "final": (
        Action.SUBMIT_FINAL_REPORT,
        lambda w, a, m: services.submit_final_report(
            w.uow(), w.ctx, a, m, final_content(), signoff=w.signoff(),
        ),
    ),
    "supplement": (
        Action.SUPPLY_SUPPLEMENT,
        lambda w, a, m: services.supply_supplement(w.uow(), w.ctx, a, m, progress_content()),
    ),
    "explain": (
        Action.EXPLAIN,
        lambda w, a, m: services.explain(w.uow(), w.ctx, a, m, ReasonKind.OBJECTIVE, "说明"),
    ),
    "decide_explanation": (
        Action.DECIDE_EXPLANATION,
        lambda w, a, m: services.decide_explanation(w.uow(), w.ctx, a, m, 1, accept=True),
    ),
    "accept": (
        Action.ACCEPT,
        lambda w, a, m: services.review(w.uow(), w.ctx, a, m, ReviewOutcome.ACCEPTED),
    ),
    "return": (
        Action.RETURN_FOR_REDO,
        lambda w, a, m: services.review(
            w.uow(), w.ctx, a, m, ReviewOutcome.RETURNED, opinion="重办",
        ),
    ),
    "ask_supplement": (
        Action.ASK_SUPPLEMENT,
        lambda w, a, m: services.review(
            w.uow(), w.ctx, a, m, ReviewOutcome.SUPPLEMENT_REQUESTED, opinion="补充",
        ),
    ),
    "complete": (Action.COMPLETE, lambda w, a, m: services.complete(w.uow(), w.ctx, a, m)),
    "close": (Action.CLOSE, lambda w, a, m: services.close(w.uow(), w.ctx, a, m)),
    "archive": (Action.ARCHIVE, lambda w, a, m: services.archive(w.uow(), w.ctx, a, m)),
    "reopen": (
        Action.REOPEN,
        lambda w, a, m: services.reinspect(
            w.uow(), w.ctx, a, m, deadline=DeadlineTerms.stated(Period.days(10)), reason="回头看",
        ),
    ),
    "request_extension": (
        Action.REQUEST_EXTENSION,
        lambda w, a, m: services.request_extension(w.uow(), w.ctx, a, m, _later(w, m), "理由"),
    ),
    "decide_extension": (
        Action.DECIDE_EXTENSION,
        lambda w, a, m: services.decide_extension(
            w.uow(), w.ctx, a, m, len(w.stored(m).extensions), grant=True,
        ),
    ),
    "suspend": (
        Action.SUSPEND, lambda w, a, m: services.suspend(w.uow(), w.ctx, a, m, reason="暂缓")
    ),
    "resume": (
        Action.RESUME,
        lambda w, a, m: services.resume(w.uow(), w.ctx, a, m),
    ),
    "withdraw": (
        Action.WITHDRAW, lambda w, a, m: services.withdraw(w.uow(), w.ctx, a, m, reason="撤")
    ),
    "terminate": (
        Action.TERMINATE,
        lambda w, a, m: services.terminate(w.uow(), w.ctx, a, m, reason="终止"),
    ),
}

#: Actions that move a matter on along the main path (chosen two times in three).
FORWARD = frozenset({
    Action.APPROVE, Action.DISPATCH, Action.SUBMIT_FINAL_REPORT, Action.ACCEPT,
    Action.COMPLETE, Action.CLOSE, Action.REOPEN, Action.ARCHIVE, Action.RESUME,
    Action.SUPPLY_SUPPLEMENT,
})


class LifecycleMachine(RuleBasedStateMachine):
    """Random actors issue random commands; the record must stay consistent."""

    def __init__(self) -> None:
        super().__init__()
        self.world = World()
        self.ids: list[str] = []
        self.hidden: set[str] = set()
        self.closings: dict[str, int] = {}

    @rule(joint=st.booleans(), confidential=st.booleans())
    def register(self, joint: bool, confidential: bool) -> None:
        extra: dict[str, object] = {}
        if joint:
            extra["co_unit_ids"] = ("unit-b",)
        if confidential:
            extra["confidentiality"] = Confidentiality.controlled(["clerk-1", "head-a"])
        matter = services.register(self.world.uow(), self.world.ctx, CLERK, registration(**extra))
        self.ids.append(matter.id)
        if confidential:
            self.hidden.add(matter.id)

    @rule(hours=clock_steps)
    def tick(self, hours: int) -> None:
        self.world.clock.advance(hours=hours)

    @precondition(lambda self: bool(self.ids))
    @rule(
        pick=st.integers(0, 1000),
        actor=actors,
        name=st.sampled_from(sorted(COMMANDS)),
    )
    def act(self, pick: int, actor: Actor, name: str) -> None:
        """Anyone tries anything: most attempts are refused and must leave no trace."""
        self._run(self.ids[pick % len(self.ids)], actor, name)

    @precondition(lambda self: bool(self.ids))
    @rule(pick=st.integers(0, 1000), choices=st.lists(st.integers(0, 10_000), max_size=12))
    def steps(self, pick: int, choices: list[int]) -> None:
        """Actors the tables allow take actions the status allows, several in a row on one
        matter: this drives matters deep into the lifecycle."""
        matter_id = self.ids[pick % len(self.ids)]
        for choice in choices:
            matter = self.world.stored(matter_id)
            options = [
                (actor, name)
                for name, (action, _command) in sorted(COMMANDS.items())
                if LIFECYCLE.can(matter.status, action)
                for actor in ALL_ACTORS
                if can(actor, action, matter) and can_view(actor, matter)
            ]
            forward = [(a, n) for a, n in options if COMMANDS[n][0] in FORWARD]
            if choice % 3 and forward:
                options = forward
            if not options:
                return
            actor, name = options[choice % len(options)]
            self._run(matter_id, actor, name)

    def _run(self, matter_id: str, actor: Actor, name: str) -> None:
        action, command = COMMANDS[name]
        before = self.world.stored(matter_id)
        events_before = self.world.events(matter_id)
        try:
            command(self.world, actor, matter_id)
        except EXPECTED_ERRORS:
            assert before == self.world.stored(matter_id)
            assert events_before == self.world.events(matter_id)
            return
        after = self.world.stored(matter_id)
        events = self.world.events(matter_id)
        assert before.version + 1 == after.version
        assert events_before == events[:-1]
        assert LIFECYCLE.target(before.status, action) is after.status
        last = events[-1]
        assert (before.status, after.status) == (last.status_before, last.status_after)
        assert actor.person_id == events[-1].actor_id

    @invariant()
    def every_matter_has_a_whole_record(self) -> None:
        for matter_id in self.ids:
            matter = self.world.stored(matter_id)
            events = self.world.events(matter_id)
            assert list(range(1, matter.version + 1)) == [e.version for e in events]
            assert matter.status is events[-1].status_after
            assert len(matter.closings) >= self.closings.get(matter_id, 0)
            self.closings[matter_id] = len(matter.closings)

    @invariant()
    def counts_never_reveal_hidden_matters(self) -> None:
        world = self.world
        assert len(self.ids) - len(self.hidden) == count_matters(world.uow(), world.ctx, AUDITOR)
        assert len(self.ids) == count_matters(world.uow(), world.ctx, CLERK)


LifecycleMachine.TestCase.settings = settings(
    max_examples=30, stateful_step_count=20, deadline=None
)
TestLifecycleMachine = LifecycleMachine.TestCase
