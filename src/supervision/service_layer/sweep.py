"""The daily sweep and deadline recomputation, across every office in the database.

:func:`sweep` is what a scheduler runs once a day (any number of times, from any number of
workers: every record has a deterministic key and is inserted only if absent, and its event
is written only when the insert happened). Each matter is evaluated under its own office's
calendar and the policy recorded on it at registration — never a caller's — so one sweep over
a city's database escalates each matter exactly once under its own rules.

It looks only at the matters due: each matter carries a wake
(:meth:`~supervision.ports.MatterRepository.set_wake`, sweep bookkeeping kept by storage
beside the matter) — the instant the engine says it could next find anything for it
(:func:`~supervision.domain.escalation.next_wake`), forgotten whenever the matter changes. The
sweep pages through the matters whose wake is unknown or has come, evaluates them one unit of
work per page, stores each one's next wake, then evaluates consecutive misses per unit (and
per policy) of the matters it looked at. A page whose commit meets a concurrent change is read
again and re-evaluated.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Collection, Iterable, Sequence

import attrs

from supervision.calendar import SHANGHAI
from supervision.domain import handling
from supervision.domain._text import check_ids
from supervision.domain.actors import Actor, Role
from supervision.domain.escalation import (
    SYSTEM_ACTOR,
    Escalation,
    MatterRecord,
    Occasion,
    evaluate,
    evaluate_streaks,
    next_wake,
    occasions,
)
from supervision.domain.events import Event, EventKind
from supervision.domain.model import DeadlineBasis, Matter
from supervision.domain.office import Office
from supervision.domain.policy import Finding, Policy
from supervision.domain.scorecard import ScoreEntry, entries_for_escalation, entries_for_overdue
from supervision.exceptions import ConcurrencyError, DuplicateRecord, InvalidInput
from supervision.ports import UnitOfWork
from supervision.service_layer.context import Context, Scope

__all__ = [
    "SWEEP_ACTOR",
    "DeadlineMove",
    "RecomputeSummary",
    "SweepSummary",
    "recompute_deadlines",
    "sweep",
]

#: The actor recorded on the sweep's own events.
SWEEP_ACTOR = Actor.of(SYSTEM_ACTOR, Role.OFFICE_CLERK, name="督查督办自动巡检")
_ATTEMPTS = 3


@attrs.frozen
class SweepSummary:
    """What one sweep did: the escalations and score entries it recorded (only those this
    run inserted), the escalations held while the office decides on an explanation, and the
    findings about the policies' validity (``chizhou-2021 §9``: reported, never silently
    accepted). ``offices`` are the offices swept (those asked for, or every office in the
    database) and ``policies`` the policies the evaluated matters live under;
    ``office_findings`` pairs each office with the findings about the policies it uses (the
    one in force there today and those its evaluated matters live under), so a city-wide
    sweep says which office applies a lapsed regulation."""

    now: _dt.datetime
    offices: tuple[str, ...]
    policies: tuple[str, ...]
    matters_evaluated: int
    units_evaluated: int
    escalations: tuple[Escalation, ...]
    score_entries: tuple[ScoreEntry, ...]
    held: tuple[str, ...]
    findings: tuple[Finding, ...]
    batches: int
    retries: int = 0
    office_findings: tuple[tuple[str, Finding], ...] = ()

    def findings_for(self, office_id: str) -> tuple[Finding, ...]:
        """The findings about the policies ``office_id`` uses (none for an office not swept)."""
        return tuple(f for o, f in self.office_findings if o == office_id)

    @property
    def proposals(self) -> tuple[Escalation, ...]:
        """The proposals (问责 …) recorded, each waiting for a person's decision."""
        return tuple(e for e in self.escalations if e.proposal)


def check_batch(batch_size: object) -> int:
    """A page size from 1 to 10000."""
    if not isinstance(batch_size, int) or isinstance(batch_size, bool) or not (
        1 <= batch_size <= 10_000
    ):
        raise InvalidInput("batch_size", "a whole number from 1 to 10000", batch_size)
    return batch_size


def check_offices(offices: object) -> tuple[str, ...] | None:
    """None (every office) or a non-empty collection of office ids."""
    if offices is None:
        return None
    return tuple(sorted(set(check_ids(offices, "offices"))))


def escalation_event(matter: Matter, escalation: Escalation, at: _dt.datetime) -> Event:
    """The ESCALATED event recording ``escalation`` on ``matter``."""
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
    event = escalation_event(matter, escalation, at)
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
    #: (office id, unit id, policy fingerprint) of each lead unit looked at
    units: set[tuple[str, str, str]] = attrs.Factory(set)
    policies: dict[str, Policy] = attrs.Factory(dict)
    matters: int = 0
    batches: int = 0
    retries: int = 0

    def absorb(self, other: _Run) -> None:
        self.escalations.extend(other.escalations)
        self.entries.extend(other.entries)
        self.held.extend(other.held)
        self.units |= other.units
        self.policies.update(other.policies)
        self.matters += other.matters


class _Scopes:
    """Each office's scope (office, calendar, closing time), read once per unit of work."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.offices: dict[str, Office] = {}

    def of(self, uow: UnitOfWork, matter: Matter) -> Scope:
        office = self.offices.get(matter.office_id)
        if office is None:
            office = self.offices[matter.office_id] = uow.offices.get(matter.office_id)
        return Scope(office, self.ctx.policy_of(matter), self.ctx.calendar_of(office),
                     self.ctx.close_of(office))


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
    scopes: _Scopes,
    now: _dt.datetime,
    page: Sequence[Matter],
    run: _Run,
    lookback_days: int,
) -> None:
    """Evaluate and record one page of matters (inside the caller's unit of work), each
    under its own office and policy, and store each one's next wake."""
    for matter in page:
        events = tuple(uow.events.for_matter(matter.id))
        cutoff = None
        if not matter.status.is_open:
            cutoff = _closed_cutoff(events, now, lookback_days)
            if cutoff is None:
                # closed, and quiet for longer than the lookback: never looked at again
                uow.matters.set_wake(matter.id, version=matter.version, at=None)
                continue
        scope = scopes.of(uow, matter)
        policy, calendar, close = scope.policy, scope.calendar, scope.close
        run.matters += 1
        run.policies[matter.policy.fingerprint] = policy
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
        run.units.add((matter.office_id, matter.lead_unit_id, matter.policy.fingerprint))
        wake = next_wake(MatterRecord(current, events, tuple(everything)), policy, calendar,
                         now, close=close)
        if cutoff is not None and event_ids:
            cutoff = now + _dt.timedelta(days=lookback_days)  # an event was recorded now
        if cutoff is not None and (wake is None or wake > cutoff):
            wake = None
        uow.matters.set_wake(current.id, version=current.version, at=wake)


def _page_step(
    uow: UnitOfWork,
    ctx: Context,
    now: _dt.datetime,
    ids: list[str],
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
            page = [uow.matters.get(i) for i in ids]
            if open_only:
                later = [m.id for m in page if not m.status.is_open]
                page = [m for m in page if m.status.is_open]
            _evaluate_matters(uow, _Scopes(ctx), now, page, scratch, lookback_days)
            uow.commit()
        deferred.extend(later)
        run.absorb(scratch)

    return step


def _due_ids(
    uow: UnitOfWork, now: _dt.datetime, batch: int, offices: tuple[str, ...] | None
) -> list[str]:
    """The ids of every matter whose wake is unknown or has come, read in keyset pages."""
    found: list[str] = []
    after: tuple[_dt.datetime, str] | None = None
    with uow:
        while True:
            page = uow.matters.wake_due(before=now, after=after, limit=batch, offices=offices)
            found.extend(matter_id for _wake, matter_id in page)
            if len(page) < batch:
                return sorted(found)
            after = page[-1]


def sweep(
    uow: UnitOfWork,
    ctx: Context,
    *,
    offices: Collection[str] | None = None,
    batch_size: int = 200,
    lookback_days: int = 7,
) -> SweepSummary:
    """Evaluate the escalation engine over the matters due in every office (or in
    ``offices``) and record, exactly once, the escalations due (with an ``ESCALATED`` event on
    the matter), the consecutive-miss escalations per unit, and the score entries they earn
    (never on a provisional deadline). Each matter is evaluated under the policy recorded on
    it and its office's calendar.

    A matter is due when its wake has come or is unknown (it changed since the last sweep,
    or was never swept); after evaluating it the sweep stores its next wake, so matters with
    nothing due cost nothing. Open matters are evaluated first, in id order. Matters no
    longer open are evaluated while they have had an event in the last ``lookback_days``, so
    a miss completed late between two sweeps is still sanctioned where the policy says so
    (``chizhou-2021 §8.1`` 未按时完成). Safe to run again at any time: what was recorded is
    found by key and not recorded twice. Each page of ``batch_size`` matters is one unit of
    work; a page that meets a concurrent change is re-read and re-evaluated (up to three
    times). After the calendar or a policy's parameters change, run
    :func:`recompute_deadlines` (it makes every matter due once more).
    """
    wanted = check_offices(offices)
    batch = check_batch(batch_size)
    if lookback_days.__class__ is not int or not 0 <= lookback_days <= 366:
        raise InvalidInput("lookback_days", "a whole number of days from 0 to 366", lookback_days)
    now = ctx.now()
    run = _Run()
    if wanted is not None:
        with uow:
            for office_id in wanted:
                uow.offices.get(office_id)
    due = _due_ids(uow, now, batch, wanted)
    closed: list[str] = []
    for open_only, ids in ((True, due), (False, closed)):
        for start in range(0, len(ids), batch):
            chunk = ids[start:start + batch]
            _with_retries(run, _page_step(uow, ctx, now, chunk, run, lookback_days,
                                          open_only=open_only, deferred=closed))
            run.batches += 1
    streaky = sorted(u for u in run.units if run.policies[u[2]].streak is not None)
    for start in range(0, len(streaky), batch):
        units = streaky[start:start + batch]
        _with_retries(run, _bind_streak_page(uow, ctx, now, units, run))
        run.batches += 1
    swept, findings, office_findings = _findings(uow, ctx, now, wanted, run)
    return SweepSummary(
        now=now,
        offices=swept,
        policies=tuple(sorted({p.name for p in run.policies.values()})),
        matters_evaluated=run.matters,
        units_evaluated=len({(o, u) for o, u, _ in run.units}),
        escalations=tuple(run.escalations),
        score_entries=tuple(run.entries),
        held=tuple(dict.fromkeys(run.held)),
        findings=findings,
        batches=run.batches,
        retries=run.retries,
        office_findings=office_findings,
    )


def _findings(
    uow: UnitOfWork, ctx: Context, now: _dt.datetime, wanted: tuple[str, ...] | None, run: _Run
) -> tuple[tuple[str, ...], tuple[Finding, ...], tuple[tuple[str, Finding], ...]]:
    """The offices swept, the validity findings of the policies they work under today and of
    those the evaluated matters live under (each once), and the same findings per office."""
    today = now.astimezone(SHANGHAI).date()
    uses: dict[str, dict[str, Policy]] = {}
    with uow:
        for office in uow.offices.list():
            if wanted is None or office.id in wanted:
                term = office.term_on(today)
                uses.setdefault(office.id, {})[term.policy.fingerprint] = ctx.policy(term.policy)
    for office_id, _unit_id, fingerprint in run.units:
        uses.setdefault(office_id, {})[fingerprint] = run.policies[fingerprint]
    found: dict[tuple[str, str], Finding] = {}
    per_office: dict[tuple[str, str, str], Finding] = {}
    for office_id, policies in uses.items():
        for policy in policies.values():
            finding = policy.validity_finding(today)
            if finding is not None:
                found.setdefault((policy.name, finding.code), finding)
                per_office.setdefault((office_id, policy.name, finding.code), finding)
    return (
        tuple(sorted(uses)) if wanted is None else wanted,
        tuple(found[k] for k in sorted(found)),
        tuple((k[0], per_office[k]) for k in sorted(per_office)),
    )


def _bind_streak_page(
    uow: UnitOfWork,
    ctx: Context,
    now: _dt.datetime,
    units: Sequence[tuple[str, str, str]],
    run: _Run,
) -> Callable[[], None]:
    return lambda: _streak_page(uow, ctx, now, units, run)


def _streak_page(
    uow: UnitOfWork,
    ctx: Context,
    now: _dt.datetime,
    units: Sequence[tuple[str, str, str]],
    run: _Run,
) -> None:
    """Consecutive misses of each (office, unit, policy): a unit's streak counts only the
    matters living under that one policy (no other policy's rule scores them)."""
    found: list[Escalation] = []
    entries: list[ScoreEntry] = []
    with uow:
        scopes = _Scopes(ctx)
        for office_id, unit_id, fingerprint in units:
            policy = run.policies[fingerprint]
            matters = [
                m for m in uow.matters.list(offices=(office_id,), unit_id=unit_id)
                if m.policy.fingerprint == fingerprint
            ]
            if not matters:
                continue
            scope = scopes.of(uow, matters[0])
            calendar, close = scope.calendar, scope.close
            by_id = {m.id: m for m in matters}
            issued = [e for e in uow.escalations.for_unit(office_id, unit_id)
                      if e.matter_id in by_id]
            due = evaluate_streaks(unit_id, matters, issued, policy, calendar, now, close=close)
            for escalation in due:
                matter = by_id.get(escalation.matter_id) or uow.matters.get(escalation.matter_id)
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
    ctx: Context,
    *,
    offices: Collection[str] | None = None,
    batch_size: int = 200,
) -> RecomputeSummary:
    """Re-derive every open matter's deadline (of every office, or of ``offices``) from its
    kept inputs (terms, start, extensions, suspensions) on its office's calendar and its own
    policy: after a year's holiday schedule is supplied (provisional → firm). Records a
    ``DEADLINE_RECOMPUTED`` event for each matter that moved; escalations already issued are
    never rewritten (their records keep the deadline they rested on)."""
    wanted = check_offices(offices)
    batch = check_batch(batch_size)
    now = ctx.now()
    moved: list[DeadlineMove] = []
    evaluated = 0
    after: str | None = None
    with uow:
        # the calendar or a policy may have changed: every matter's wake is re-derived
        uow.matters.reset_wakes()
        uow.commit()
    while True:
        with uow:
            scopes = _Scopes(ctx)
            page = uow.matters.list_open(after_id=after, limit=batch, offices=wanted)
            for matter in page:
                scope = scopes.of(uow, matter)
                candidate = _rederived_terms(matter, scope.policy)
                change = handling.recompute_due(candidate, SWEEP_ACTOR, now, scope.calendar,
                                                close=scope.close)
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
