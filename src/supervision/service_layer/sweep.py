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
sweep first gives no wake, set-based and without reading them, to the matters no longer open
whose wake is unknown and that had no event within the look-back (:mod:`._quiet`: what
evaluating them would store), then pages through the matters whose wake is unknown or has
come, evaluates them one unit of work per page, stores each one's next wake, then evaluates
consecutive misses per unit (and per policy) of the matters it looked at. A page whose
commit meets a concurrent change is read again and re-evaluated. Every escalation it records
writes its notices to the outbox in the same unit of work
(:mod:`supervision.service_layer.outbox`), and objections (复核) left
unanswered past their answer period are recorded as the office's overdue duty
(:func:`~supervision.service_layer.objections.escalate_overdue`).

A page is read in a constant number of queries, whatever its size: the matters
(``matters.get_many``), their events, escalations and score entries (``for_matters``), and
its wakes are stored in one call (``matters.set_wakes``). With ``claim=True`` several workers
share a sweep: each page claims its due matters (``matters.claim_due``, ``FOR UPDATE SKIP
LOCKED`` on PostgreSQL). The consecutive-miss pass is in :mod:`._streak_pass`.
"""

from __future__ import annotations

import datetime as _dt
from collections import Counter
from collections.abc import Callable, Collection, Sequence

import attrs

from supervision._collector import paused
from supervision.calendar import SHANGHAI
from supervision.domain import handling
from supervision.domain._text import check_ids
from supervision.domain.actors import Actor, Role
from supervision.domain.escalation import (
    SYSTEM_ACTOR,
    Escalation,
    MatterRecord,
    awaiting_forwarding,
    evaluate,
    next_wake,
)
from supervision.domain.model import Matter
from supervision.domain.policy import Finding, Policy
from supervision.domain.scorecard import ScoreEntry
from supervision.exceptions import InvalidInput
from supervision.ports import UnitOfWork
from supervision.service_layer import _quiet, _sweep_log, objections
from supervision.service_layer._streak_pass import streak_step
from supervision.service_layer._sweep_records import (
    Page,
    Run,
    Scopes,
    closed_cutoff,
    escalation_event,
    record,
    score,
    with_retries,
)
from supervision.service_layer.context import Context
from supervision.service_layer.registration import rederive_terms

__all__ = [
    "SWEEP_ACTOR",
    "DeadlineMove",
    "RecomputeSummary",
    "SweepSummary",
    "escalation_event",
    "recompute_deadlines",
    "sweep",
]

#: The actor recorded on the sweep's own events.
SWEEP_ACTOR = Actor.of(SYSTEM_ACTOR, Role.OFFICE_CLERK, name="督查督办自动巡检")


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


def _evaluate_matters(
    uow: UnitOfWork,
    scopes: Scopes,
    now: _dt.datetime,
    page: Sequence[Matter],
    run: Run,
    lookback_days: int,
) -> None:
    """Evaluate and record one page of matters (inside the caller's unit of work), each
    under its own office and policy, and store each one's next wake. The page's records are
    read at once (:class:`Page`), so a page costs a constant number of reads besides the
    writes of what it records."""
    records = Page.read(uow, [m.id for m in page])
    for matter in page:
        events = tuple(records.events.get(matter.id, ()))
        cutoff = None
        if not matter.status.is_open and not awaiting_forwarding(matter):
            cutoff = closed_cutoff(events, now, lookback_days)
            if cutoff is None:
                # closed, and quiet for longer than the lookback: never looked at again
                records.wakes.append((matter.id, matter.version, None))
                continue
        scope = scopes.of(uow, matter)
        policy, calendar, close = scope.policy, scope.calendar, scope.close
        run.matters += 1
        run.per_office[matter.office_id] += 1
        run.policies[matter.policy.fingerprint] = policy
        issued = records.escalations.setdefault(matter.id, [])
        matter_record = MatterRecord(matter, events, tuple(issued))
        result = evaluate(matter_record, policy, calendar, now, close=close)
        run.held.extend(result.held)
        if result.awaiting_calendar:
            _sweep_log.log_awaiting(matter.office_id, matter.id, result.awaiting_calendar)
        current = matter
        event_ids: dict[str, str] = {}
        for escalation in result.escalations:
            current, event_id = record(uow, current, escalation, now, records,
                                       ctx=scopes.ctx, scope=scope)
            if event_id is not None:
                run.escalations.append(escalation)
                event_ids[escalation.key] = event_id
                _sweep_log.log_escalation(escalation)
        if event_ids:
            issued.sort(key=lambda e: (e.due_at, e.key))
        everything = tuple(issued)
        run.entries.extend(score(uow, policy, everything, result.occasions, now, event_ids,
                                  records.score_keys))
        run.units.add((matter.office_id, matter.lead_unit_id, matter.policy.fingerprint))
        wake = next_wake(MatterRecord(current, events, everything), policy, calendar,
                         now, close=close)
        if cutoff is not None and event_ids:
            cutoff = now + _dt.timedelta(days=lookback_days)  # an event was recorded now
        if cutoff is not None and (wake is None or wake > cutoff):
            wake = None
        records.wakes.append((current.id, current.version, wake))
    records.stage(uow)


def _looked_at_first(matter: Matter) -> bool:
    """Open matters, and matters awaiting forwarding (a receipt duty runs), come first."""
    return matter.status.is_open or awaiting_forwarding(matter)


# A page is read and evaluated with the cyclic collector paused (``_collector.paused``, as
# the scorecard and a bulk registration are): the page's matters, events, findings and
# notices form no reference cycles, and the collector's full passes over the host's heap
# that their allocation triggers found nothing to free while costing more than the page
# (≈ 45 ms each beside a stored world of 100k matters, one pass in about every second timed
# sweep: docs/performance.md, "After the seventh pass's merges"). The commit, which may
# wait for the database's write lock, runs with the collector as the host set it.


def _page_step(
    uow: UnitOfWork,
    ctx: Context,
    now: _dt.datetime,
    ids: list[str],
    run: Run,
    lookback_days: int,
    *,
    open_only: bool,
    deferred: list[str],
    carried: dict[str, Matter],
) -> Callable[[], None]:
    """One page as a retryable step: the totals reach ``run`` only after the commit. With
    ``open_only`` the page's matters no longer open are left in ``deferred`` for later (and
    in ``carried`` as read, so the later page need not read them again; a retry re-reads)."""
    attempts = [0]

    def step() -> None:
        scratch = Run()
        later: list[Matter] = []
        with uow:
            with paused():  # see the note above _page_step
                if attempts[0] == 0 and all(i in carried for i in ids):
                    page = [carried.pop(i) for i in ids]
                else:
                    page = uow.matters.get_many(ids)
                attempts[0] += 1
                if open_only:
                    later = [m for m in page if not _looked_at_first(m)]
                    page = [m for m in page if _looked_at_first(m)]
                _evaluate_matters(uow, Scopes(ctx), now, page, scratch, lookback_days)
            uow.commit()
        deferred.extend(m.id for m in later)
        carried.update((m.id, m) for m in later)
        run.absorb(scratch)

    return step


def _claim_step(
    uow: UnitOfWork,
    ctx: Context,
    now: _dt.datetime,
    batch: int,
    offices: tuple[str, ...] | None,
    after: tuple[_dt.datetime, str] | None,
    run: Run,
    lookback_days: int,
    claimed: list[tuple[_dt.datetime, str]],
) -> Callable[[], None]:
    """One claimed page as a retryable step (``claimed``: the pairs it took, once
    committed)."""

    def step() -> None:
        scratch = Run()
        with uow:
            pairs = uow.matters.claim_due(before=now, after=after, limit=batch, offices=offices)
            with paused():  # see the note above _page_step
                page = uow.matters.get_many([i for _wake, i in pairs])
                page = ([m for m in page if _looked_at_first(m)]
                        + [m for m in page if not _looked_at_first(m)])
                _evaluate_matters(uow, Scopes(ctx), now, page, scratch, lookback_days)
            uow.commit()
        claimed[:] = pairs
        run.absorb(scratch)

    return step


def _claimed_pages(
    uow: UnitOfWork,
    ctx: Context,
    now: _dt.datetime,
    batch: int,
    offices: tuple[str, ...] | None,
    run: Run,
    lookback_days: int,
) -> None:
    """The sweep's pages as a worker sharing the sweep: each unit of work claims the next
    ``batch`` due matters no other worker holds (``matters.claim_due``: ``FOR UPDATE SKIP
    LOCKED`` on PostgreSQL), evaluates them (open ones first) and commits, which stores their
    wakes and ends the claims. Pages follow the (wake, id) key, so the sweep ends."""
    after: tuple[_dt.datetime, str] | None = None
    while True:
        claimed: list[tuple[_dt.datetime, str]] = []
        with_retries(run, _claim_step(uow, ctx, now, batch, offices, after, run,
                                       lookback_days, claimed))
        run.batches += 1
        if len(claimed) < batch:
            return
        after = claimed[-1]


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
    claim: bool = False,
) -> SweepSummary:
    """Evaluate the escalation engine over the matters due in every office (or in
    ``offices``) and record, exactly once, the escalations due (with an ``ESCALATED`` event on
    the matter), the consecutive-miss escalations per unit, and the score entries they earn
    (never on a provisional deadline). Each matter is evaluated under the policy recorded on
    it and its office's calendar.

    A matter is due when its wake has come or is unknown (it changed since the last sweep,
    or was never swept); after evaluating it the sweep stores its next wake, so matters with
    nothing due cost nothing. Matters no longer open with an unknown wake and no event in
    the last ``lookback_days`` are given no wake first, set-based and without being read
    (``matters.settle_quiet``; each worker with ``claim=True`` too), which is what
    evaluating them would store. Open matters are evaluated first, in id order. Matters no
    longer open are evaluated while they have had an event in the last ``lookback_days``, so
    a miss completed late between two sweeps is still sanctioned where the policy says so
    (``chizhou-2021 §8.1`` 未按时完成). Safe to run again at any time: what was recorded is
    found by key and not recorded twice. Each page of ``batch_size`` matters is one unit of
    work; a page that meets a concurrent change is re-read and re-evaluated (up to three
    times). After the calendar or a policy's parameters change, run
    :func:`recompute_deadlines` (it makes every matter due once more).

    With ``claim=True`` the sweep is one of several workers sharing it: each page claims
    the next due matters no other worker holds (``FOR UPDATE SKIP LOCKED`` on PostgreSQL)
    and evaluates them, open ones first within the page, so two workers started together
    split the due matters between them instead of each evaluating all of them. What is
    recorded is the same either way (exactly once).
    """
    wanted = check_offices(offices)
    batch = check_batch(batch_size)
    if lookback_days.__class__ is not int or not 0 <= lookback_days <= 366:
        raise InvalidInput("lookback_days", "a whole number of days from 0 to 366", lookback_days)
    now = ctx.now()
    run = Run()
    if wanted is not None:
        with uow:
            for office_id in wanted:
                uow.offices.get(office_id)
    if claim.__class__ is not bool:
        raise InvalidInput("claim", "True or False", claim)
    # the quiet matters no longer open get no wake set-based, without being read (a
    # concurrent change met at its commit: settled again, as a page is read again); workers
    # sharing the sweep each do it first, one at a time (storage serialises it), and the
    # later ones find nothing left to settle
    with_retries(run, lambda: _quiet.settle(uow, now, wanted, lookback_days))
    due = [] if claim else _due_ids(uow, now, batch, wanted)
    _sweep_log.log_start(now, wanted, len(due), batch)
    if claim:
        _claimed_pages(uow, ctx, now, batch, wanted, run, lookback_days)
    closed: list[str] = []
    carried: dict[str, Matter] = {}
    for open_only, ids in ((True, due), (False, closed)):
        for start in range(0, len(ids), batch):
            chunk = ids[start:start + batch]
            with_retries(run, _page_step(uow, ctx, now, chunk, run, lookback_days,
                                          open_only=open_only, deferred=closed,
                                          carried=carried))
            run.batches += 1
            _sweep_log.log_page(run.batches, len(chunk), start + len(chunk), len(ids))
    streaky = sorted(u for u in run.units if run.policies[u[2]].streak is not None)
    for start in range(0, len(streaky), batch):
        units = streaky[start:start + batch]
        with_retries(run, streak_step(uow, ctx, now, units, run))
        run.batches += 1
    # 复核 answers not given within their period: the office's overdue duty, recorded once
    with_retries(run, lambda: run.escalations.extend(
        objections.escalate_overdue(uow, ctx, now=now, offices=wanted)))
    swept, findings, office_findings = _findings(uow, ctx, now, wanted, run)
    _sweep_log.log_summary(now, swept, run.per_office, run.escalations,
                           Counter(e.office_id for e in run.entries), len(set(run.held)),
                           office_findings, run.batches, run.retries)
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
    uow: UnitOfWork, ctx: Context, now: _dt.datetime, wanted: tuple[str, ...] | None, run: Run
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
            scopes = Scopes(ctx)
            page = uow.matters.list_open(after_id=after, limit=batch, offices=wanted)
            for matter in page:
                scope = scopes.of(uow, matter)
                candidate = rederive_terms(matter, scope.policy)
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
    _sweep_log.log_recompute(now, wanted, evaluated, len(moved))
    return RecomputeSummary(now, evaluated, tuple(moved))
