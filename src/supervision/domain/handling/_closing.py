"""办结, 销号, 归档, re-inspection, extensions, suspension, withdrawal and recomputation."""

from __future__ import annotations

import datetime as _dt
from typing import Any

import attrs

from supervision.calendar import Calendar
from supervision.clock import require_aware
from supervision.domain._text import check_date
from supervision.domain.actors import Actor
from supervision.domain.deadlines import _end_of, derive_due, working_days_paused
from supervision.domain.events import Event, EventKind
from supervision.domain.handling._base import (
    Change,
    _apply,
    _check_time,
    _details,
    _nonempty,
    check_terms,
)
from supervision.domain.handling._registration import current_due
from supervision.domain.lifecycle import LIFECYCLE, Action
from supervision.domain.model import (
    Closing,
    DeadlineTerms,
    Decision,
    Extension,
    Matter,
    ReviewOutcome,
    ReviewRound,
    Suspension,
)
from supervision.exceptions import InvalidInput, RuleViolation
from supervision.periods import Period


def complete(matter: Matter, actor: Actor, at: _dt.datetime) -> Change:
    """办结: the accepted matter is completed."""
    return _apply(matter, Action.COMPLETE, actor, at, completed_at=at)


def close(matter: Matter, actor: Actor, at: _dt.datetime, note: str = "") -> Change:
    """销号: struck off the ledger; the closing record is kept for ever
    (``lianyungang-2019 §7.1`` 办结一项销号一项)."""
    record = Closing(matter.round, require_aware(at, "at"), actor.person_id, note)
    return _apply(
        matter, Action.CLOSE, actor, at, _details(round=matter.round, note=note),
        closings=(*matter.closings, record),
    )


def archive(matter: Matter, actor: Actor, at: _dt.datetime) -> Change:
    """归档 (``chizhou-2021 §6.5``; ``daoli-2017 art.12``; ``lianyungang-2019 §5.8``)."""
    return _apply(matter, Action.ARCHIVE, actor, at)


def reopen(
    matter: Matter,
    actor: Actor,
    at: _dt.datetime,
    terms: DeadlineTerms,
    calendar: Calendar,
    reason: str,
    *,
    close: _dt.time | None = None,
) -> Change:
    """回头看/再督查: reopen a closed matter for a new round with a new deadline
    (``lianyungang-2019 §7.3``). The closing record stays; acknowledgements start afresh."""
    require_aware(at, "at")
    LIFECYCLE.target(matter.status, Action.REOPEN, matter.id)
    _nonempty(reason, "reason")
    check_terms(terms, "deadline")
    new_terms = terms if terms.start_at is not None else attrs.evolve(terms, start_at=at)
    due = derive_due(
        new_terms, at, calendar, extensions=matter.extensions,
        suspensions=matter.suspensions, close=close,
    )
    assignments = tuple(
        attrs.evolve(a, acknowledged_at=None, acknowledged_by=None) for a in matter.assignments
    )
    return _apply(
        matter, Action.REOPEN, actor, at,
        _details(round=matter.round + 1, reason=reason, due=due.last_day.isoformat()),
        round=matter.round + 1, terms=new_terms, due=due, completed_at=None,
        assignments=assignments,
    )


def request_extension(
    matter: Matter,
    actor: Actor,
    at: _dt.datetime,
    requested_day: _dt.date,
    reason: str,
    *,
    enabled: bool,
) -> Change:
    """延期申请 by the lead unit, before the due date, where the policy enables extensions.

    Practice in deployed systems, not any of the five texts (rules.md §1).
    """
    require_aware(at, "at")
    if not enabled:
        raise RuleViolation(
            "extensions_disabled",
            "the policy in force does not allow extensions (延期); record an explanation "
            "(情况说明) instead",
            "rules.md §1 (explanations, not extensions)",
        )
    LIFECYCLE.target(matter.status, Action.REQUEST_EXTENSION, matter.id)
    assert matter.due is not None
    if at >= matter.due.due_at:
        raise RuleViolation(
            "extension_too_late",
            f"an extension must be requested before the due date ({matter.due.last_day}); "
            f"record an explanation (情况说明) instead",
        )
    check_date(requested_day, "requested_day")
    if requested_day <= matter.due.last_day:
        raise InvalidInput(
            "requested_day", f"a day after the current due day {matter.due.last_day}", requested_day
        )
    if matter.pending_extension is not None:
        raise RuleViolation(
            "extension_pending", "an extension request is already waiting for a decision"
        )
    item = Extension(
        number=len(matter.extensions) + 1,
        requested_by=actor.person_id,
        requested_at=at,
        requested_day=requested_day,
        reason=_nonempty(reason, "reason"),
    )
    return _apply(
        matter, Action.REQUEST_EXTENSION, actor, at,
        _details(extension=item.number, requested_day=requested_day.isoformat()),
        extensions=(*matter.extensions, item),
    )


def decide_extension(
    matter: Matter,
    actor: Actor,
    at: _dt.datetime,
    number: int,
    grant: bool,
    calendar: Calendar,
    *,
    opinion: str = "",
    granted_day: _dt.date | None = None,
    close: _dt.time | None = None,
) -> Change:
    """An approver grants (moving the due date; history kept) or refuses an extension."""
    require_aware(at, "at")
    if grant.__class__ is not bool:
        raise InvalidInput("grant", "True or False", grant)
    if granted_day is not None:
        check_date(granted_day, "granted_day")
    LIFECYCLE.target(matter.status, Action.DECIDE_EXTENSION, matter.id)
    item = next((e for e in matter.extensions if e.number == number), None)
    if item is None or item.decision is not Decision.PENDING:
        raise InvalidInput("number", "the number of a pending extension request", number)
    assert matter.due is not None
    day = None
    if grant:
        day = item.requested_day if granted_day is None else granted_day
        if not isinstance(day, _dt.date) or day <= matter.due.last_day:
            raise InvalidInput(
                "granted_day", f"a day after the current due day {matter.due.last_day}", day
            )
    elif granted_day is not None:
        raise InvalidInput("granted_day", "None when the extension is refused", granted_day)
    decided = attrs.evolve(
        item, decision=Decision.ACCEPTED if grant else Decision.REJECTED,
        decided_by=actor.person_id, decided_at=at, granted_day=day, opinion=opinion,
    )
    extensions = tuple(decided if e.number == number else e for e in matter.extensions)
    fields: dict[str, Any] = {"extensions": extensions}
    if grant:
        fields["due"] = current_due(attrs.evolve(matter, extensions=extensions), calendar, close)
    return _apply(
        matter, Action.DECIDE_EXTENSION, actor, at,
        _details(extension=number, decision=decided.decision.value,
                 granted_day=None if day is None else day.isoformat()),
        **fields,
    )


def suspend(matter: Matter, actor: Actor, at: _dt.datetime, reason: str) -> Change:
    """中止 with a reason: the clock stops until :func:`resume`."""
    item = Suspension(require_aware(at, "at"), actor.person_id, _nonempty(reason, "reason"))
    return _apply(
        matter, Action.SUSPEND, actor, at, _details(reason=reason),
        suspensions=(*matter.suspensions, item),
    )


def _moved_redos(
    matter: Matter, started: _dt.datetime, paused: int, redo: Period | None,
    calendar: Calendar, close: _dt.time | None,
) -> tuple[ReviewRound, ...]:
    """The review rounds with each redo still owed when the suspension began (退回重办, the
    round under way, not yet redone, not yet due) moved on by the working days paused, as the
    due date is (library convention): the day the office set, else the policy's ``redo``
    period from the return, is recorded as the moved day."""
    if paused <= 0:
        return matter.rounds
    finals = [r for r in matter.rounds if r.report.round == matter.round]
    moved: list[ReviewRound] = []
    for review in matter.rounds:
        returned = review.reviewed_at
        if (review.report.round == matter.round and review.outcome is ReviewOutcome.RETURNED
                and returned is not None and returned <= started
                and not any(f.report.submitted_at > returned for f in finals)):
            last_day: _dt.date | None = review.redo_due_day
            if last_day is None and redo is not None:
                last_day = redo.deadline(returned, calendar, close).last_day
            if last_day is not None and _end_of(last_day, close) > started:
                review = attrs.evolve(
                    review, redo_due_day=calendar.add_working_days(last_day, paused))
        moved.append(review)
    return tuple(moved)


def resume(
    matter: Matter, actor: Actor, at: _dt.datetime, calendar: Calendar,
    *, close: _dt.time | None = None, redo: Period | None = None,
) -> Change:
    """恢复: the due date moves on by the working days paused (counted on ``calendar``), and
    so does a redo still owed when the suspension began (``redo``: the policy's redo period,
    for a return with no day set; see :func:`_moved_redos`)."""
    require_aware(at, "at")
    LIFECYCLE.target(matter.status, Action.RESUME, matter.id)
    active = matter.active_suspension
    assert active is not None
    if at < active.started_at:
        raise InvalidInput("at", f"a time after the suspension ({active.started_at})", at)
    paused = working_days_paused(active.started_at, at, calendar)
    ended = attrs.evolve(
        active, resumed_at=at, resumed_by=actor.person_id, working_days_paused=paused
    )
    suspensions = tuple(ended if s is active else s for s in matter.suspensions)
    due = current_due(attrs.evolve(matter, suspensions=suspensions), calendar, close)
    rounds = _moved_redos(matter, active.started_at, paused, redo, calendar, close)
    return _apply(
        matter, Action.RESUME, actor, at,
        _details(working_days_paused=paused, due=due.last_day.isoformat()),
        suspensions=suspensions, due=due, rounds=rounds,
    )


def withdraw(matter: Matter, actor: Actor, at: _dt.datetime, reason: str) -> Change:
    """撤销 with a reason (before the unit starts handling it)."""
    _nonempty(reason, "reason")
    return _apply(matter, Action.WITHDRAW, actor, at, _details(reason=reason), ended_reason=reason)


def terminate(matter: Matter, actor: Actor, at: _dt.datetime, reason: str) -> Change:
    """终止 with a reason (handling stops; the record stays)."""
    _nonempty(reason, "reason")
    return _apply(matter, Action.TERMINATE, actor, at, _details(reason=reason), ended_reason=reason)


def recompute_due(
    matter: Matter, actor: Actor, at: _dt.datetime, calendar: Calendar,
    *, close: _dt.time | None = None,
) -> Change | None:
    """Re-derive an open matter's due date (e.g. a year's schedule was published: provisional
    → firm). Returns None when nothing moved; never touches past events."""
    _check_time(matter, at)
    if not matter.status.is_open or matter.due is None:
        return None
    due = current_due(matter, calendar, close)
    if due == matter.due:
        return None
    new = attrs.evolve(matter, version=matter.version + 1, due=due, changed_at=at)
    event = Event(
        event_id=Event.make_id(new.id, new.version),
        matter_id=new.id,
        kind=EventKind.DEADLINE_RECOMPUTED,
        actor_id=actor.person_id,
        occurred_at=at,
        status_before=matter.status,
        status_after=matter.status,
        version=new.version,
        due_at=due.due_at,
        details=_details(
            previous_due=matter.due.last_day.isoformat(), due=due.last_day.isoformat(),
            provisional=due.provisional,
        ),
    )
    return Change(new, event)
