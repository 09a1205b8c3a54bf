"""The daily sweep, deadline recomputation, proposals, findings, commendations, objections,
and the scorecard and preview queries.

:func:`sweep` is what a scheduler runs once a day (any number of times, from any number of
workers: every record has a deterministic key and is inserted only if absent, and its event
is written only when the insert happened). It looks only at the matters due: each matter
carries a wake (:meth:`~supervision.ports.MatterRepository.set_wake`, sweep bookkeeping kept
by storage beside the matter) — the instant the engine says it could next find anything for
it (:func:`~supervision.domain.escalation.next_wake`: a warning, a deadline, a periodic
report or milestone, a rung's offset, a reply deadline, an office duty), forgotten whenever
the matter changes. The sweep pages through the matters whose wake is unknown or has come
(:meth:`~supervision.ports.MatterRepository.wake_due`, an index on SQL), evaluates them one
unit of work per page, stores each one's next wake, then evaluates consecutive misses per
unit of the matters it looked at. A page whose commit meets a concurrent change is read
again and re-evaluated.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Iterable, Sequence

import attrs

from supervision.calendar import SHANGHAI, Calendar
from supervision.clock import Clock, require_aware
from supervision.domain import handling
from supervision.domain.actors import Actor, Role
from supervision.domain.escalation import (
    SYSTEM_ACTOR,
    Escalation,
    MatterRecord,
    Occasion,
    Preview,
    ProposalDecision,
    evaluate,
    evaluate_streaks,
    next_wake,
    occasions,
    preview,
)
from supervision.domain.events import Event, EventKind
from supervision.domain.model import DeadlineBasis, Decision, Matter
from supervision.domain.permissions import can_view
from supervision.domain.scorecard import (
    Scorecard,
    ScoreEntry,
    ScorePeriod,
    commendation_entry,
    entries_for_escalation,
    entries_for_overdue,
    scorecards,
)
from supervision.exceptions import (
    ConcurrencyError,
    DuplicateRecord,
    InvalidInput,
    MatterNotFound,
    PermissionDenied,
)
from supervision.policies import Finding, Policy, TriggerEvent
from supervision.ports import UnitOfWork, office_close_time

__all__ = [
    "DeadlineMove",
    "RecomputeSummary",
    "SweepSummary",
    "commend",
    "decide_proposal",
    "escalations_for",
    "preview_matter",
    "recompute_deadlines",
    "record_finding",
    "scorecard",
    "sweep",
    "uphold_objection",
]

#: The actor recorded on the sweep's own events.
SWEEP_ACTOR = Actor.of(SYSTEM_ACTOR, Role.OFFICE_CLERK, name="督查督办自动巡检")
_ATTEMPTS = 3


@attrs.frozen
class SweepSummary:
    """What one sweep did: the escalations and score entries it recorded (only those this
    run inserted), the escalations held while the office decides on an explanation, and the
    findings about the policy's validity (``chizhou-2021 §9``: reported, never silently
    accepted)."""

    now: _dt.datetime
    policy: str
    matters_evaluated: int
    units_evaluated: int
    escalations: tuple[Escalation, ...]
    score_entries: tuple[ScoreEntry, ...]
    held: tuple[str, ...]
    findings: tuple[Finding, ...]
    batches: int
    retries: int = 0

    @property
    def proposals(self) -> tuple[Escalation, ...]:
        """The proposals (问责 …) recorded, each waiting for a person's decision."""
        return tuple(e for e in self.escalations if e.proposal)


def _now(clock: Clock) -> _dt.datetime:
    return require_aware(clock.now(), "clock.now()")


def _check_policy(policy: object) -> Policy:
    if not isinstance(policy, Policy):
        raise InvalidInput(
            "policy", "a supervision.policies.Policy (policies.get(name))", policy
        )
    return policy


def _check_batch(batch_size: object) -> int:
    if not isinstance(batch_size, int) or isinstance(batch_size, bool) or not (
        1 <= batch_size <= 10_000
    ):
        raise InvalidInput("batch_size", "a whole number from 1 to 10000", batch_size)
    return batch_size


def _escalation_event(matter: Matter, escalation: Escalation, at: _dt.datetime) -> Event:
    return Event(
        event_id=Event.make_id(matter.id, matter.version + 1),
        matter_id=matter.id,
        kind=EventKind.ESCALATED,
        actor_id=SYSTEM_ACTOR,
        occurred_at=at,
        status_before=matter.status,
        status_after=matter.status,
        version=matter.version + 1,
        due_at=None if matter.due is None else matter.due.due_at,
        details=tuple(
            (k, v) for k, v in (
                ("escalation", escalation.key),
                ("action", escalation.label),
                ("unit_id", escalation.unit_id or ""),
                ("citation", escalation.citation.key),
                ("proposal", "true" if escalation.proposal else ""),
            ) if v
        ),
    )


def _record(
    uow: UnitOfWork, matter: Matter, escalation: Escalation, at: _dt.datetime
) -> tuple[Matter, str | None]:
    """Insert the escalation if absent and, only then, its event on the matter."""
    if not uow.escalations.add_if_absent(escalation):
        return matter, None
    event = _escalation_event(matter, escalation, at)
    moved = attrs.evolve(
        matter,
        version=event.version,
        changed_at=at if matter.changed_at is None else max(matter.changed_at, at),
    )
    uow.matters.update(moved, expected_version=matter.version)
    uow.events.append([event])
    return moved, event.event_id


def _firm(escalation: Escalation, by_key: dict[str, Occasion]) -> bool:
    """Whether the deadline an escalation rests on is firm now (re-derived, not as issued)."""
    occasion = escalation.occasion.removeprefix("miss.")
    found = by_key.get(occasion)
    return not (found.provisional if found is not None else escalation.provisional)


def _score(
    uow: UnitOfWork,
    policy: Policy,
    escalations: Iterable[Escalation],
    occasion_list: Sequence[Occasion],
    now: _dt.datetime,
    event_ids: dict[str, str],
) -> list[ScoreEntry]:
    by_key = {o.key: o for o in occasion_list}
    added: list[ScoreEntry] = []
    candidates: list[ScoreEntry] = []
    for escalation in escalations:
        candidates.extend(entries_for_escalation(
            escalation, policy, firm=_firm(escalation, by_key), recorded_at=now,
            event_id=event_ids.get(escalation.key),
        ))
    for occasion in occasion_list:
        if occasion.due_at <= now:
            candidates.extend(entries_for_overdue(occasion, policy, recorded_at=now))
    for entry in candidates:
        if uow.scores.add_if_absent(entry):
            added.append(entry)
    return added


@attrs.define
class _Run:
    escalations: list[Escalation] = attrs.Factory(list)
    entries: list[ScoreEntry] = attrs.Factory(list)
    held: list[str] = attrs.Factory(list)
    units: set[str] = attrs.Factory(set)
    matters: int = 0
    batches: int = 0
    retries: int = 0


def _with_retries(run: _Run, step: Callable[[], None]) -> None:
    for attempt in range(_ATTEMPTS):
        try:
            step()
            return
        except (ConcurrencyError, DuplicateRecord):
            if attempt == _ATTEMPTS - 1:
                raise
            run.retries += 1


def _closed_cutoff(events: Sequence[Event], now: _dt.datetime, lookback_days: int) -> (
    _dt.datetime | None
):
    """The last instant a matter no longer open is still looked at: ``lookback_days`` after
    its last event (None: not any more)."""
    if not lookback_days or not events:
        return None
    cutoff = max(e.occurred_at for e in events) + _dt.timedelta(days=lookback_days)
    return cutoff if cutoff >= now else None


def _evaluate_matters(
    uow: UnitOfWork,
    policy: Policy,
    calendar: Calendar,
    now: _dt.datetime,
    close: _dt.time | None,
    page: Sequence[Matter],
    run: _Run,
    lookback_days: int,
) -> None:
    """Evaluate and record one page of matters (inside the caller's unit of work) and store
    each one's next wake; the run's totals are updated by the caller after the commit."""
    for matter in page:
        events = tuple(uow.events.for_matter(matter.id))
        cutoff = None
        if not matter.status.is_open:
            cutoff = _closed_cutoff(events, now, lookback_days)
            if cutoff is None:
                # closed, and quiet for longer than the lookback: never looked at again
                uow.matters.set_wake(matter.id, version=matter.version, at=None)
                continue
        run.matters += 1
        record = MatterRecord(matter, events, tuple(uow.escalations.for_matter(matter.id)))
        result = evaluate(record, policy, calendar, now, close=close)
        run.held.extend(result.held)
        current = matter
        event_ids: dict[str, str] = {}
        for escalation in result.escalations:
            current, event_id = _record(uow, current, escalation, now)
            if event_id is not None:
                run.escalations.append(escalation)
                event_ids[escalation.key] = event_id
        everything = uow.escalations.for_matter(matter.id)
        run.entries.extend(_score(uow, policy, everything, result.occasions, now, event_ids))
        run.units.add(matter.lead_unit_id)
        wake = next_wake(MatterRecord(current, events, tuple(everything)), policy, calendar,
                         now, close=close)
        if cutoff is not None and event_ids:
            cutoff = now + _dt.timedelta(days=lookback_days)  # an event was recorded now
        if cutoff is not None and (wake is None or wake > cutoff):
            wake = None
        uow.matters.set_wake(current.id, version=current.version, at=wake)


def _page_step(
    uow: UnitOfWork,
    policy: Policy,
    calendar: Calendar,
    now: _dt.datetime,
    close: _dt.time | None,
    load: Callable[[UnitOfWork], Sequence[Matter]],
    run: _Run,
    lookback_days: int,
    *,
    open_only: bool,
    deferred: list[str],
) -> Callable[[], None]:
    """One page as a retryable step: the totals reach ``run`` only after the commit. With
    ``open_only`` the page's matters no longer open are left in ``deferred`` for later."""

    def step() -> None:
        scratch = _Run()
        later: list[str] = []
        with uow:
            page = list(load(uow))
            if open_only:
                later = [m.id for m in page if not m.status.is_open]
                page = [m for m in page if m.status.is_open]
            _evaluate_matters(uow, policy, calendar, now, close, page, scratch, lookback_days)
            uow.commit()
        deferred.extend(later)
        run.escalations.extend(scratch.escalations)
        run.entries.extend(scratch.entries)
        run.held.extend(scratch.held)
        run.units |= scratch.units
        run.matters += scratch.matters

    return step


def _due_ids(uow: UnitOfWork, now: _dt.datetime, batch: int) -> list[str]:
    """The ids of every matter whose wake is unknown or has come, read in keyset pages."""
    found: list[str] = []
    after: tuple[_dt.datetime, str] | None = None
    with uow:
        while True:
            page = uow.matters.wake_due(before=now, after=after, limit=batch)
            found.extend(matter_id for _wake, matter_id in page)
            if len(page) < batch:
                return sorted(found)
            after = page[-1]


def sweep(
    uow: UnitOfWork,
    clock: Clock,
    policy: Policy,
    calendar: Calendar,
    *,
    batch_size: int = 200,
    lookback_days: int = 7,
) -> SweepSummary:
    """Evaluate the escalation engine over the matters due and record, exactly once, the
    escalations due (with an ``ESCALATED`` event on the matter), the consecutive-miss
    escalations per unit, and the score entries they earn (never on a provisional deadline).

    A matter is due when its wake has come or is unknown (it changed since the last sweep,
    or was never swept); after evaluating it the sweep stores its next wake, so matters with
    nothing due cost nothing. Open matters are evaluated first, in id order. Matters no
    longer open are evaluated while they have had an event in the last ``lookback_days``, so
    a miss completed late between two sweeps is still sanctioned where the policy says so
    (``chizhou-2021 §8.1`` 未按时完成). Safe to run again at any time: what was recorded is
    found by key and not recorded twice. Each page of ``batch_size`` matters is one unit of
    work; a page that meets a concurrent change is re-read and re-evaluated (up to three
    times). After the calendar or the policy's parameters change, run
    :func:`recompute_deadlines` (it makes every matter due once more).
    """
    policy = _check_policy(policy)
    batch = _check_batch(batch_size)
    if lookback_days.__class__ is not int or not 0 <= lookback_days <= 366:
        raise InvalidInput("lookback_days", "a whole number of days from 0 to 366", lookback_days)
    now = _now(clock)
    close = office_close_time(policy)
    run = _Run()
    due = _due_ids(uow, now, batch)
    closed: list[str] = []
    for open_only, ids in ((True, due), (False, closed)):
        for start in range(0, len(ids), batch):
            chunk = ids[start:start + batch]

            def load(u: UnitOfWork, chunk_ids: list[str] = chunk) -> list[Matter]:
                return [u.matters.get(i) for i in chunk_ids]

            _with_retries(run, _page_step(uow, policy, calendar, now, close, load, run,
                                          lookback_days, open_only=open_only,
                                          deferred=closed))
            run.batches += 1
    if policy.streak is not None:
        units = sorted(run.units)
        for start in range(0, len(units), batch):
            chunk = units[start:start + batch]
            _with_retries(run, _bind_streak_page(uow, policy, calendar, now, close, chunk, run))
            run.batches += 1
    findings = tuple(
        f for f in (policy.validity_finding(now.astimezone(SHANGHAI).date()),) if f is not None
    )
    return SweepSummary(
        now=now,
        policy=policy.name,
        matters_evaluated=run.matters,
        units_evaluated=len(run.units),
        escalations=tuple(run.escalations),
        score_entries=tuple(run.entries),
        held=tuple(dict.fromkeys(run.held)),
        findings=findings,
        batches=run.batches,
        retries=run.retries,
    )


def _bind_streak_page(
    uow: UnitOfWork,
    policy: Policy,
    calendar: Calendar,
    now: _dt.datetime,
    close: _dt.time | None,
    unit_ids: Sequence[str],
    run: _Run,
) -> Callable[[], None]:
    return lambda: _streak_page(uow, policy, calendar, now, close, unit_ids, run)


def _streak_page(
    uow: UnitOfWork,
    policy: Policy,
    calendar: Calendar,
    now: _dt.datetime,
    close: _dt.time | None,
    unit_ids: Sequence[str],
    run: _Run,
) -> None:
    found: list[Escalation] = []
    entries: list[ScoreEntry] = []
    with uow:
        for unit_id in unit_ids:
            matters = uow.matters.list(unit_id=unit_id)
            issued = uow.escalations.for_unit(unit_id)
            due = evaluate_streaks(unit_id, matters, issued, policy, calendar, now, close=close)
            by_id = {m.id: m for m in matters}
            for escalation in due:
                matter = uow.matters.get(escalation.matter_id)
                moved, event_id = _record(uow, matter, escalation, now)
                by_id[matter.id] = moved
                if event_id is None:
                    continue
                found.append(escalation)
                occasion_list = occasions(moved, policy, calendar, now, close=close)
                entries.extend(_score(uow, policy, [escalation], occasion_list, now,
                                      {escalation.key: event_id}))
            for matter_id in {e.matter_id for e in issued if e.provisional}:
                matter = by_id.get(matter_id) or uow.matters.get(matter_id)
                occasion_list = occasions(matter, policy, calendar, now, close=close)
                streak_issued = [e for e in uow.escalations.for_matter(matter_id)
                                 if e.occasion.startswith("miss.")]
                entries.extend(_score(uow, policy, streak_issued, occasion_list, now, {}))
        uow.commit()
    run.escalations.extend(found)
    run.entries.extend(entries)


# ======================================================================== recompute
@attrs.frozen
class DeadlineMove:
    """One open matter whose deadline moved when re-derived."""

    matter_id: str
    previous_day: _dt.date
    new_day: _dt.date
    provisional_before: bool
    provisional_after: bool
    event_id: str


@attrs.frozen
class RecomputeSummary:
    """What :func:`recompute_deadlines` did: the matters looked at and those that moved."""

    now: _dt.datetime
    matters_evaluated: int
    moved: tuple[DeadlineMove, ...]


def _rederived_terms(matter: Matter, policy: Policy) -> Matter:
    """A matter whose deadline is the policy's category default gets the default the policy
    now gives (after a parameter change); a period the clerk chose inside a range the text
    gives (daoli-2017 art.7(2) 3至5日) is kept."""
    terms = matter.terms
    if terms.basis is not DeadlineBasis.CATEGORY_DEFAULT or terms.period is None:
        return matter
    try:
        rule = policy.default_rule(matter.category, matter.source.kind.value)
    except InvalidInput:
        return matter
    if rule is None or rule.period == terms.period:
        return matter
    if (
        rule.range is not None
        and terms.period.unit is rule.range.unit
        and rule.range.contains(terms.period.count)
    ):
        return matter
    return attrs.evolve(matter, terms=attrs.evolve(terms, period=rule.period))


def recompute_deadlines(
    uow: UnitOfWork,
    clock: Clock,
    policy: Policy,
    calendar: Calendar,
    *,
    batch_size: int = 200,
) -> RecomputeSummary:
    """Re-derive every open matter's deadline from its kept inputs (terms, start, extensions,
    suspensions) on ``calendar`` and the policy's current parameters: after a year's holiday
    schedule is supplied (provisional → firm) or a parameter changed. Records a
    ``DEADLINE_RECOMPUTED`` event for each matter that moved; escalations already issued are
    never rewritten (their records keep the deadline they rested on)."""
    policy = _check_policy(policy)
    batch = _check_batch(batch_size)
    now = _now(clock)
    close = office_close_time(policy)
    moved: list[DeadlineMove] = []
    evaluated = 0
    after: str | None = None
    with uow:
        # the calendar or the policy may have changed: every matter's wake is re-derived
        uow.matters.reset_wakes()
        uow.commit()
    while True:
        with uow:
            page = uow.matters.list_open(after_id=after, limit=batch)
            for matter in page:
                candidate = _rederived_terms(matter, policy)
                change = handling.recompute_due(candidate, SWEEP_ACTOR, now, calendar, close=close)
                if change is None or matter.due is None or change.matter.due is None:
                    continue
                uow.matters.update(change.matter, expected_version=matter.version)
                uow.events.append([change.event])
                moved.append(DeadlineMove(
                    matter.id, matter.due.last_day, change.matter.due.last_day,
                    matter.due.provisional, change.matter.due.provisional,
                    change.event.event_id,
                ))
            uow.commit()
        evaluated += len(page)
        if len(page) < batch:
            break
        after = page[-1].id
    return RecomputeSummary(now, evaluated, tuple(moved))


# ====================================================================== decisions
def _require_role(actor: Actor, roles: frozenset[Role], action: str, why: str) -> None:
    if not isinstance(actor, Actor):
        raise InvalidInput("actor", "a supervision.domain.Actor", actor)
    if not actor.roles & roles:
        raise PermissionDenied(actor.person_id, action, why)


_DECIDERS = frozenset({Role.APPROVING_LEADER})
_OFFICE = frozenset({Role.OFFICE_CLERK, Role.APPROVING_LEADER, Role.DISCIPLINE_INSPECTION})


def decide_proposal(
    uow: UnitOfWork,
    actor: Actor,
    clock: Clock,
    policy: Policy,
    key: str,
    *,
    accept: bool,
    measure: str = "",
    opinion: str = "",
) -> Escalation:
    """A person decides a proposal (问责 / 追究责任 / 曝光 / a measure from
    ``lianyungang-2019 §8.3``'s menu): the only way such a measure is ever taken. Records the
    decision, a ``PROPOSAL_DECIDED`` event on the matter and, when accepted, the score entry
    the policy gives (``tongren-2014 art.11(2)``). Only an approving leader decides."""
    policy = _check_policy(policy)
    _require_role(actor, _DECIDERS, "决定处理建议",
                  "only an approving leader (审定领导) decides a proposal")
    at = _now(clock)
    decision = ProposalDecision.of(
        Decision.ACCEPTED if accept else Decision.REJECTED, actor.person_id, at,
        measure=measure, opinion=opinion,
    )
    with uow:
        current = uow.escalations.get(key)
        matter = uow.matters.get(current.matter_id)
        if not can_view(actor, matter):
            raise MatterNotFound(matter.id)
        decided = uow.escalations.decide(key, decision)
        event = Event(
            event_id=Event.make_id(matter.id, matter.version + 1),
            matter_id=matter.id,
            kind=EventKind.PROPOSAL_DECIDED,
            actor_id=actor.person_id,
            occurred_at=at,
            status_before=matter.status,
            status_after=matter.status,
            version=matter.version + 1,
            due_at=None if matter.due is None else matter.due.due_at,
            details=tuple((k, v) for k, v in (
                ("escalation", key), ("decision", decision.outcome.value),
                ("measure", measure), ("opinion", opinion),
            ) if v),
        )
        moved = attrs.evolve(matter, version=event.version,
                             changed_at=max(at, matter.changed_at or at))
        uow.matters.update(moved, expected_version=matter.version)
        uow.events.append([event])
        for entry in entries_for_escalation(
            decided, policy, firm=True, recorded_at=at, event_id=event.event_id
        ):
            uow.scores.add_if_absent(entry)
        uow.commit()
    return decided


_FINDINGS = frozenset({TriggerEvent.POOR_CONDUCT, TriggerEvent.RECTIFICATION_IGNORED})


def record_finding(
    uow: UnitOfWork,
    actor: Actor,
    clock: Clock,
    matter_id: str,
    finding: TriggerEvent,
    note: str,
    *,
    unit_id: str | None = None,
) -> Matter:
    """The office records a finding a person made on a matter.

    Poor conduct: ``daoli-2017 art.25`` (敷衍塞责、弄虚作假…), ``lianyungang-2019 §8.3``
    (工作不实、推诿扯皮、不作为、慢作为), ``zhoucun-2021 §6.3``; or rectification ignored:
    ``tongren-2014 art.11(1)`` (提出明确整改要求仍然落实不力). The next sweep escalates it as the
    policy's ladder says.
    """
    _require_role(actor, _OFFICE, "认定问题", "only the office, a leader or discipline inspection")
    if finding not in _FINDINGS:
        raise InvalidInput("finding", "TriggerEvent.POOR_CONDUCT or RECTIFICATION_IGNORED", finding)
    if not isinstance(note, str) or not note.strip():
        raise InvalidInput("note", "what was found (认定情况)", note)
    at = _now(clock)
    with uow:
        matter = uow.matters.get(matter_id)
        if not can_view(actor, matter):
            raise MatterNotFound(matter_id)
        unit = unit_id or matter.lead_unit_id
        if unit not in matter.unit_ids:
            raise InvalidInput("unit_id", f"a unit assigned to matter {matter_id!r}", unit_id)
        if matter.changed_at is not None and at < matter.changed_at:
            raise InvalidInput("clock", "a time not before the matter's last change", at)
        event = Event(
            event_id=Event.make_id(matter.id, matter.version + 1),
            matter_id=matter.id,
            kind=EventKind.FINDING_RECORDED,
            actor_id=actor.person_id,
            occurred_at=at,
            status_before=matter.status,
            status_after=matter.status,
            version=matter.version + 1,
            due_at=None if matter.due is None else matter.due.due_at,
            details=(("finding", finding.key), ("unit_id", unit), ("note", note)),
        )
        moved = attrs.evolve(matter, version=event.version, changed_at=at)
        uow.matters.update(moved, expected_version=matter.version)
        uow.events.append([event])
        uow.commit()
    return moved


def commend(
    uow: UnitOfWork,
    actor: Actor,
    clock: Clock,
    policy: Policy,
    unit_id: str,
    reference: str,
    reason: str,
    *,
    matter_ids: tuple[str, ...] = (),
) -> ScoreEntry:
    """通报表扬 / 通报表彰 of a unit (``chizhou-2021 §8.2``, ``tongren-2014 art.11(3)`` with the
    committees' approval, ``daoli-2017 art.30(4)``): a bonus entry worth the policy's
    commendation points. ``reference`` (the commendation's document number) makes it
    idempotent. Only an approving leader records it."""
    policy = _check_policy(policy)
    _require_role(actor, _DECIDERS, "通报表扬", "only an approving leader (审定领导)")
    at = _now(clock)
    entry = commendation_entry(policy, unit_id, reference, reason, at,
                               recorded_by=actor.person_id, matter_ids=tuple(matter_ids))
    with uow:
        uow.units.get(unit_id)
        for matter_id in entry.matter_ids:
            uow.matters.get(matter_id)
        inserted = uow.scores.add_if_absent(entry)
        uow.commit()
    if not inserted:
        with uow:
            return uow.scores.get(entry.key)
    return entry


def uphold_objection(
    uow: UnitOfWork, actor: Actor, clock: Clock, entry_key: str, reason: str
) -> ScoreEntry:
    """An objection upheld (异议成立): the deduction is reversed by a compensating entry that
    points at it; the original stays on record. Only an approving leader decides."""
    _require_role(actor, _DECIDERS, "认定异议成立", "only an approving leader (审定领导)")
    at = _now(clock)
    with uow:
        original = uow.scores.get(entry_key)
        reversal = original.reversal(reason=reason, recorded_by=actor.person_id, recorded_at=at)
        uow.scores.add_if_absent(reversal)
        uow.commit()
    return reversal


# ========================================================================= queries
def escalations_for(uow: UnitOfWork, actor: Actor, matter_id: str) -> list[Escalation]:
    """The escalations issued on a matter the actor may see."""
    with uow:
        matter = uow.matters.get(matter_id)
        if not can_view(actor, matter):
            raise MatterNotFound(matter_id)
        return uow.escalations.for_matter(matter_id)


def preview_matter(
    uow: UnitOfWork,
    actor: Actor,
    clock: Clock,
    policy: Policy,
    calendar: Calendar,
    matter_id: str,
    *,
    horizon_days: int = 120,
) -> Preview:
    """What happens next to one matter, and when, if nothing changes."""
    policy = _check_policy(policy)
    now = _now(clock)
    with uow:
        matter = uow.matters.get(matter_id)
        if not can_view(actor, matter):
            raise MatterNotFound(matter_id)
        record = MatterRecord(
            matter, tuple(uow.events.for_matter(matter_id)),
            tuple(uow.escalations.for_matter(matter_id)),
        )
    return preview(record, policy, calendar, now, horizon_days=horizon_days,
                   close=office_close_time(policy))


def scorecard(
    uow: UnitOfWork,
    clock: Clock,
    policy: Policy,
    calendar: Calendar,
    period: ScorePeriod,
    *,
    unit_ids: Sequence[str] | None = None,
) -> tuple[Scorecard, ...]:
    """The ranked scorecards of every unit (or those named) for ``period`` as of now."""
    policy = _check_policy(policy)
    if not isinstance(period, ScorePeriod):
        raise InvalidInput("period", "a ScorePeriod (ScorePeriod.of_year(2026))", period)
    now = _now(clock)
    with uow:
        units = uow.units.list()
        if unit_ids is not None:
            wanted = set(unit_ids)
            units = [u for u in units if u.id in wanted]
        matters = uow.matters.list()
        escalations = uow.escalations.list()
        entries = uow.scores.list(period=period.key)
    return scorecards(units, matters, escalations, entries, policy, calendar, period, now,
                      close=office_close_time(policy))
