"""The look-ahead's short cut (``_lookahead.probe``: the ladder run only to the end of the first
day anything can happen) finds the same wake as running the ladder to the horizon
(``_next_wake_plain``), for matters under all five policies, of every category and several
sources, with reports, returns for redo, completions, explanations (pending, accepted,
refused), extensions, suspensions, withdrawals, reopened rounds and escalations already issued
by sweeps, looked at around their deadlines, reply deadlines, closing times and the holidays
and make-up days of 2026 — on the national calendar (2027 unknown: the long horizons raise)
and counted provisionally."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Iterator
from typing import Any

from builders import CLERK, LEADER, LIAISON_A
from escalation_world import CHINA, LadderWorld
from hypothesis import HealthCheck, event, given, reject, settings
from hypothesis import strategies as st

from supervision.calendar import SHANGHAI, Calendar
from supervision.domain import (
    DeadlineTerms,
    MatterRecord,
    ReasonKind,
    ReviewOutcome,
    Source,
    SourceKind,
)
from supervision.domain.escalation import _lookahead, _preview, next_wake
from supervision.domain.escalation._preview import _next_wake_plain
from supervision.domain.policy import Policy
from supervision.exceptions import CalendarDataUnavailable, RuleViolation, SupervisionError
from supervision.periods import Period
from supervision.service_layer import services

_CATEGORIES: dict[str, tuple[str | None, ...]] = {
    "chizhou-2021": ("general", "important", "short"),
    "daoli-2017": ("general", "complex", "urgent"),
    "tongren-2014": ("urgent",),
    "zhoucun-2021": (None,),
    "lianyungang-2019": (None,),
}
_SOURCES = (SourceKind.LEADER_INSTRUCTION, SourceKind.HOTLINE, SourceKind.MEETING_DECISION,
            SourceKind.DOCUMENT, SourceKind.PETITION)
#: Dispatch days around the holidays and make-up days of 2026 (Spring Festival 02-15…02-23
#: with make-up Saturdays 02-14 and 02-28, Labour Day 05-01…05-05, National Day 10-01…10-08
#: with make-up days 09-20 and 10-10) and the end of the known calendar (2026-12-31).
_DAYS = ("2026-02-10", "2026-02-13", "2026-04-28", "2026-04-30", "2026-06-17",
         "2026-09-18", "2026-09-25", "2026-09-30", "2026-11-20", "2026-12-18")
_ACTIONS = ("progress", "final", "returned", "complete", "objective", "subjective",
            "pending", "extend", "suspend", "resume", "withdraw", "reopen", "sweep", "sweep")
#: (calendar: 0 national, 1 provisional; closing time; horizon in days)
_LOOKS = ((0, None, 400), (0, dt.time(17, 30), 400), (0, dt.time(18, 0), 400),
          (1, None, 400), (1, dt.time(17, 30), 400), (0, dt.time(17, 30), 30))
_TICK = dt.timedelta(microseconds=1)


def _days(n: int) -> DeadlineTerms:
    return DeadlineTerms.stated(Period.days(n))


def _text(when: dt.datetime) -> str:
    return when.strftime("%Y-%m-%d %H:%M")


@st.composite
def _histories(draw: st.DrawFn) -> dict[str, Any]:
    name = draw(st.sampled_from(sorted(_CATEGORIES)))
    return {
        "name": name,
        "category": draw(st.sampled_from(_CATEGORIES[name])),
        "source": draw(st.sampled_from(_SOURCES)),
        "day": draw(st.sampled_from(_DAYS)),
        "hour": draw(st.sampled_from((9, 17, 18, 23))),
        "key_work": draw(st.booleans()),
        "stated": draw(st.sampled_from((None, 1, 5, 15, 45))),
        "steps": draw(st.lists(st.tuples(st.sampled_from(_ACTIONS), st.integers(1, 20 * 24),
                                         st.booleans()), max_size=7)),
    }


def _source(kind: SourceKind, day: dt.date) -> Source:
    if kind is SourceKind.LEADER_INSTRUCTION:
        return Source.of(kind, "主任批示", leader="主任")
    if kind is SourceKind.MEETING_DECISION:
        return Source.meeting(day, day, "常务会议纪要")
    if kind is SourceKind.DOCUMENT:
        return Source.of(kind, "区政府文件", issued_on=day)
    return Source.of(kind, "群众反映")


def _act(world: LadderWorld, matter_id: str, action: str, when: str) -> None:
    if action == "progress":
        world.progress(matter_id, when)
    elif action == "final":
        world.final(matter_id, when)
    elif action == "returned":
        world.final(matter_id, when)
        world.review(matter_id, when, ReviewOutcome.RETURNED)
    elif action == "complete":
        world.complete(matter_id, when)
    elif action == "objective":
        world.explain(matter_id, when, ReasonKind.OBJECTIVE, accept=True)
    elif action == "subjective":
        world.explain(matter_id, when, ReasonKind.SUBJECTIVE, accept=False)
    elif action == "pending":
        world.explain(matter_id, when, ReasonKind.OBJECTIVE)
    elif action == "extend":
        world.when(when)
        due = world.stored(matter_id).due
        assert due is not None
        services.request_extension(world.uow(), world.ctx, LIAISON_A, matter_id,
                                   due.last_day + dt.timedelta(days=12), "施工受阻")
        services.decide_extension(world.uow(), world.ctx, LEADER, matter_id,
                                  len(world.stored(matter_id).extensions), grant=True)
    elif action == "suspend":
        world.when(when)
        services.suspend(world.uow(), world.ctx, CLERK, matter_id, reason="等待上级批复")
    elif action == "resume":
        world.when(when)
        services.resume(world.uow(), world.ctx, CLERK, matter_id)
    elif action == "withdraw":
        world.when(when)
        services.withdraw(world.uow(), world.ctx, CLERK, matter_id, reason="情况变化")
    elif action == "reopen":  # 销号 then 回头看: a new round, which no earlier explanation covers
        with contextlib.suppress(SupervisionError):
            world.complete(matter_id, when)
        world.when(when)
        services.close(world.uow(), world.ctx, CLERK, matter_id, note="已办结销号")
        services.reinspect(world.uow(), world.ctx, CLERK, matter_id, deadline=_days(5),
                           reason="回头看")
    else:
        world.sweep(when)


def _wake(function: Any, record: MatterRecord, policy: Policy, calendar: Calendar,
          when: dt.datetime, close: dt.time | None, days: int) -> tuple[object, ...]:
    try:
        return ("value", function(record, policy, calendar, when, close=close,
                                  horizon_days=days))
    except SupervisionError as error:
        return ("error", type(error), str(error))


def _instants(record: MatterRecord, now: dt.datetime) -> set[dt.datetime]:
    """Instants around what the matter owes: now and later, days after its dispatch, each
    deadline, escalation and reply deadline (and 1 µs either side), the start and end of
    their days."""
    found = {now, now + dt.timedelta(days=3), now + dt.timedelta(days=40)}
    if record.matter.dispatched_at is not None:
        found |= {record.matter.dispatched_at + dt.timedelta(days=d) for d in (1, 9, 20)}
    marks = [e.reply_due_at for e in record.issued if e.reply_due_at is not None]
    marks += [e.due_at for e in record.issued]
    if record.matter.due is not None:
        marks.append(record.matter.due.due_at)
    for mark in marks:
        day = dt.datetime.combine(mark.astimezone(SHANGHAI).date(), dt.time(0), SHANGHAI)
        found |= {mark - _TICK, mark, mark + _TICK, day, day + dt.timedelta(days=1) - _TICK,
                  mark - dt.timedelta(days=1)}
    return found


@contextlib.contextmanager
def _answered() -> Iterator[list[int]]:
    """Counts the wakes the short cut answered itself (not left to the plain look-ahead)."""
    seen = [0]
    kept = _preview.probe

    def counting(*args: Any, **kwargs: Any) -> Any:
        found = kept(*args, **kwargs)
        if found is not _lookahead.UNPROVEN:
            seen[0] += 1
        return found

    _preview.probe = counting
    try:
        yield seen
    finally:
        _preview.probe = kept


@settings(max_examples=int(os.environ.get("WAKE_EXAMPLES", "40")), deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(_histories())
def test_next_wake_short_look_ahead_finds_the_wake_of_the_ladder_run_to_the_horizon(
    history: dict[str, Any],
) -> None:
    """Every stored matter, at instants around its deadlines and reply deadlines, with three
    closing times, three horizons and two calendars: the same wake (or the same error)."""
    world = LadderWorld(history["name"], extensions_enabled=True)
    day = dt.date.fromisoformat(history["day"])
    start = dt.datetime.combine(day, dt.time(history["hour"]), SHANGHAI)
    source = _source(history["source"], day)
    stated = history["stated"]
    try:
        try:
            first = world.dispatch(_text(start), category=history["category"], source=source,
                                   key_work=history["key_work"],
                                   deadline=stated and _days(stated)).id
        except RuleViolation:  # no default deadline for the source: the 督办单 states one
            stated = stated or 15
            first = world.dispatch(_text(start), category=history["category"], source=source,
                                   key_work=history["key_work"], deadline=_days(stated)).id
    except CalendarDataUnavailable:
        reject()  # a deadline counted into 2027, which the national calendar does not know
    with contextlib.suppress(SupervisionError):
        world.dispatch(_text(start + dt.timedelta(hours=5)), category=history["category"],
                       source=source, deadline=_days(stated or 15))
    now = start + dt.timedelta(hours=6)
    for action, hours, then_sweep in history["steps"]:
        now += dt.timedelta(hours=hours)
        with contextlib.suppress(SupervisionError):  # a step the matter's state refuses
            _act(world, first, action, _text(now))
        if then_sweep:
            now += dt.timedelta(hours=1)
            with contextlib.suppress(SupervisionError):
                world.sweep(_text(now))
    with contextlib.suppress(SupervisionError):  # a sweep counting into 2027 is refused
        world.sweep(_text(now))
    calendars = (world.calendar, world.calendar.as_provisional())
    with _answered() as seen, world.uow() as uow:
        for matter in uow.matters.list(offices=None):
            record = MatterRecord(matter, tuple(uow.events.for_matter(matter.id)),
                                  tuple(uow.escalations.for_matter(matter.id)))
            policy = world.ctx.policy_of(matter)
            # both are pure: instants before the last step compare too (what was issued
            # after such an instant is left to the plain look-ahead, ``_lookahead``'s (G))
            for when in sorted(_instants(record, now)):
                for calendar, close, days in _LOOKS:
                    assert _wake(next_wake, record, policy, calendars[calendar], when, close,
                                 days) == _wake(_next_wake_plain, record, policy,
                                                calendars[calendar], when, close, days)
    event("the short cut answered", "some" if seen[0] else "none")


def test_next_wake_short_look_ahead_answers_a_matter_before_its_deadline_itself() -> None:
    """The short cut is taken, not left to the plain look-ahead: a daoli matter before its
    deadline wakes at its pre-deadline warning (daoli-2017 art.13 定期督促承办部门完成工作任务),
    found by the probe alone."""
    world = LadderWorld("daoli-2017")
    matter = world.dispatch("2026-06-01 09:00", category="general")
    world.sweep("2026-06-02 09:00")
    with world.uow() as uow, _answered() as seen:
        record = MatterRecord(uow.matters.get(matter.id), tuple(uow.events.for_matter(matter.id)),
                              tuple(uow.escalations.for_matter(matter.id)))
        now = dt.datetime(2026, 6, 2, 9, 0, tzinfo=SHANGHAI)
        wake = next_wake(record, world.ctx.policy_of(record.matter), CHINA, now)
        assert wake == _next_wake_plain(record, world.ctx.policy_of(record.matter), CHINA, now)
        due = record.matter.due
        assert due is not None
        assert wake is not None
        assert now < wake < due.due_at
    assert 1 == seen[0]
