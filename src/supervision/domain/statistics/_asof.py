"""A matter, its escalations and score entries as they stood at an instant.

Every statistic is computed "as of" an instant the caller gives, never the clock. A stored
matter holds its whole history (every report, review round, extension, suspension with its
instant), and its events record the status and the due instant after each change, so the
matter as it stood at any earlier instant is rebuilt exactly: what happened later is left out
and decisions taken later are still pending. :func:`matter_at` is that rebuild; statistics,
traffic lights and their history all read it.

What a later change overwrote without keeping the old value cannot come back: a re-inspection
(回头看) replaces the deadline terms (``terms``) of the earlier round. Before the re-inspection
the rebuilt matter keeps the current terms, but its status, round and due instant are the
earlier ones (from the events), which is all a statistic reads.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Sequence

import attrs

from supervision.calendar import SHANGHAI
from supervision.domain.escalation import Escalation
from supervision.domain.events import Event, EventKind
from supervision.domain.model import Decision, DueDate, Matter, ReviewRound
from supervision.domain.scoring import ScoreEntry

__all__ = ["entries_at", "escalations_at", "last_day_of", "matter_at"]


def last_day_of(due_at: _dt.datetime) -> _dt.date:
    """The last day of a period that ends at ``due_at`` (24:00, or the office's closing
    time on that day), in China."""
    return (due_at - _dt.timedelta(microseconds=1)).astimezone(SHANGHAI).date()


def _round_at(review: ReviewRound, when: _dt.datetime) -> ReviewRound:
    supplements = tuple(s for s in review.supplements if s.submitted_at <= when)
    report = review.report
    signoff = report.signoff
    if signoff is not None and signoff.confirmed_at is not None and signoff.confirmed_at > when:
        report = attrs.evolve(report, signoff=attrs.evolve(signoff, confirmed_at=None))
    if review.reviewed_at is not None and review.reviewed_at > when:
        return attrs.evolve(review, report=report, supplements=supplements, outcome=None,
                            opinion="", reviewed_by=None, reviewed_at=None, redo_due_day=None)
    if supplements != review.supplements or report is not review.report:
        return attrs.evolve(review, report=report, supplements=supplements)
    return review


def matter_at(matter: Matter, events: Sequence[Event], when: _dt.datetime) -> Matter | None:
    """``matter`` as it stood at ``when`` (None when it was not yet registered then).

    ``events`` are the matter's events (any order). Status, version, round and due instant
    come from the last event at or before ``when``; reports, review rounds, explanations,
    extensions, suspensions and closings made later are left out, and decisions taken later
    are pending again."""
    history = sorted((e for e in events if e.occurred_at <= when), key=lambda e: e.version)
    if not history:
        return None
    last = history[-1]
    if last.version == matter.version:
        return matter
    reopened = [e for e in history if e.kind is EventKind.REOPENED]
    since = reopened[-1].occurred_at if reopened else None
    completed = [
        e.occurred_at for e in history
        if e.kind is EventKind.COMPLETED and (since is None or e.occurred_at >= since)
    ]
    due: DueDate | None = None
    if last.due_at is not None:
        if matter.due is not None and matter.due.due_at == last.due_at:
            due = matter.due
        else:
            day = last_day_of(last.due_at)
            due = DueDate(day, day, last.due_at,
                          False if matter.due is None else matter.due.provisional)

    def on_time(moment: _dt.datetime | None) -> bool:
        return moment is not None and moment <= when

    extensions = tuple(
        e if on_time(e.decided_at) or e.decision is Decision.PENDING
        else attrs.evolve(e, decision=Decision.PENDING, decided_by=None, decided_at=None,
                          granted_day=None, opinion="")
        for e in matter.extensions if e.requested_at <= when
    )
    explanations = tuple(
        e if on_time(e.decided_at) or e.decision is Decision.PENDING
        else attrs.evolve(e, decision=Decision.PENDING, decided_by=None, decided_at=None,
                          opinion="")
        for e in matter.explanations if e.submitted_at <= when
    )
    suspensions = tuple(
        s if s.resumed_at is None or s.resumed_at <= when
        else attrs.evolve(s, resumed_at=None, resumed_by=None, working_days_paused=0)
        for s in matter.suspensions if s.started_at <= when
    )
    assignments = tuple(
        a if a.acknowledged_at is None or a.acknowledged_at <= when
        else attrs.evolve(a, acknowledged_at=None, acknowledged_by=None)
        for a in matter.assignments
    )
    return attrs.evolve(
        matter,
        status=last.status_after,
        version=last.version,
        changed_at=last.occurred_at,
        round=1 + len(reopened),
        due=due,
        approved_at=matter.approved_at if on_time(matter.approved_at) else None,
        approved_by=matter.approved_by if on_time(matter.approved_at) else None,
        dispatched_at=matter.dispatched_at if on_time(matter.dispatched_at) else None,
        progress_reports=tuple(r for r in matter.progress_reports if r.submitted_at <= when),
        contributions=tuple(r for r in matter.contributions if r.submitted_at <= when),
        rounds=tuple(_round_at(r, when) for r in matter.rounds if r.report.submitted_at <= when),
        explanations=explanations,
        extensions=extensions,
        suspensions=suspensions,
        closings=tuple(c for c in matter.closings if c.closed_at <= when),
        completed_at=completed[-1] if completed else None,
        assignments=assignments,
    )


def escalations_at(escalations: Iterable[Escalation], when: _dt.datetime) -> list[Escalation]:
    """The escalations issued by ``when``, each proposal's decision kept only if it was
    taken by then."""
    found: list[Escalation] = []
    for escalation in escalations:
        if escalation.issued_at > when:
            continue
        decision = escalation.decision
        if decision is not None and decision.decided_at > when:
            escalation = attrs.evolve(escalation, decision=None)
        found.append(escalation)
    return found


def entries_at(entries: Iterable[ScoreEntry], when: _dt.datetime) -> list[ScoreEntry]:
    """The score entries recorded by ``when``."""
    return [e for e in entries if e.recorded_at <= when]
