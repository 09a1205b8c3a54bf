"""Read paths: every one takes the actor and filters by what the actor may see.

A matter of another office, a confidential matter outside the actor's circle of knowledge
(``daoli-2017 art.23``), or another unit's matter is absent from lists, counts, ledger rows,
timelines and escalation lists, and fetching it raises the same
:class:`~supervision.exceptions.MatterNotFound` as a missing id. A visible matter never names
a hidden one (its ``parent_id`` / ``reinspection_of`` are blanked, and so are the details of
its events that name one). Queries never write. tests/security/test_read_paths.py enumerates
every public read path and proves each one filters.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping, Sequence

import attrs

from supervision.calendar import SHANGHAI, Calendar
from supervision.domain._text import check_instant
from supervision.domain.actors import Actor
from supervision.domain.escalation import Escalation, MatterRecord, Preview, preview
from supervision.domain.events import Event
from supervision.domain.lifecycle import Status
from supervision.domain.model import ConfidentialityKind, Matter
from supervision.domain.office import Office
from supervision.domain.permissions import can_view
from supervision.domain.policy import Policy
from supervision.domain.statistics import (
    DEFAULT_DUE_SOON_WORKING_DAYS,
    Histories,
    MatterFacts,
    MatterStanding,
    Outcome,
    assess,
)
from supervision.exceptions import InvalidInput, MatterNotFound, UnitNotFound
from supervision.ports import UnitOfWork
from supervision.service_layer._support import check_actor, load_visible
from supervision.service_layer.context import Context, office_of, scope_of

__all__ = [
    "LedgerRow",
    "count_matters",
    "escalations_for",
    "get_matter",
    "ledger",
    "list_matters",
    "preview_matter",
    "redact",
    "redact_event",
    "timeline",
    "visible_matters",
]


def _visible_id(uow: UnitOfWork, actor: Actor, matter_id: str | None) -> bool:
    if matter_id is None:
        return True
    try:
        load_visible(uow, actor, matter_id)
    except MatterNotFound:
        return False
    return True


def redact(uow: UnitOfWork, actor: Actor, matter: Matter) -> Matter:
    """``matter`` as ``actor`` may read it: links to matters the actor may not see
    (``parent_id``, ``reinspection_of``) are blanked, so a visible matter never names a
    hidden one."""
    parent = matter.parent_id if _visible_id(uow, actor, matter.parent_id) else None
    origin = (matter.reinspection_of if _visible_id(uow, actor, matter.reinspection_of)
              else None)
    if (parent, origin) == (matter.parent_id, matter.reinspection_of):
        return matter
    return attrs.evolve(matter, parent_id=parent, reinspection_of=origin)


def get_matter(uow: UnitOfWork, ctx: Context, actor: Actor, matter_id: str) -> Matter:
    """One matter; MatterNotFound if it is missing or the actor may not see it."""
    check_actor(actor)
    with uow:
        return redact(uow, actor, load_visible(uow, actor, matter_id))


def visible_matters(
    uow: UnitOfWork,
    actor: Actor,
    *,
    status: Status | None = None,
    unit_id: str | None = None,
    parent_id: str | None = None,
    reinspection_of: str | None = None,
) -> list[Matter]:
    """Inside the caller's unit of work: the matters of the actor's readable offices that
    the actor may see, filtered (a hidden ``parent_id`` / ``reinspection_of`` finds nothing,
    as a missing one does), links to hidden matters blanked. OfficeNotFound when the actor's
    own office is unknown."""
    office_of(uow, actor)
    if status is not None and not isinstance(status, Status):
        raise InvalidInput("status", "a supervision.Status or None", status)
    for field, value in (("unit_id", unit_id), ("parent_id", parent_id),
                         ("reinspection_of", reinspection_of)):
        if value is not None and not isinstance(value, str):
            raise InvalidInput(field, "an id (text) or None", value)
    if not _visible_id(uow, actor, parent_id) or not _visible_id(uow, actor, reinspection_of):
        return []
    found = uow.matters.list(
        offices=actor.readable_offices, status=status, unit_id=unit_id, parent_id=parent_id,
        reinspection_of=reinspection_of,
    )
    return [redact(uow, actor, m) for m in found if can_view(actor, m)]


def list_matters(
    uow: UnitOfWork,
    ctx: Context,
    actor: Actor,
    *,
    status: Status | None = None,
    unit_id: str | None = None,
    parent_id: str | None = None,
    reinspection_of: str | None = None,
) -> list[Matter]:
    """The matters the actor may see, filtered; ``parent_id`` lists a matter's sub-matters
    (分解立项) and ``reinspection_of`` the matters opened by re-inspecting one."""
    check_actor(actor)
    with uow:
        return visible_matters(uow, actor, status=status, unit_id=unit_id,
                               parent_id=parent_id, reinspection_of=reinspection_of)


def count_matters(
    uow: UnitOfWork,
    ctx: Context,
    actor: Actor,
    *,
    status: Status | None = None,
    unit_id: str | None = None,
) -> int:
    """How many matters the actor may see (never counting hidden ones)."""
    return len(list_matters(uow, ctx, actor, status=status, unit_id=unit_id))


#: Event details that name another matter (分解立项, 回头看): blanked when it is hidden.
LINK_DETAILS = ("parent_id", "reinspection_of")


def redact_event(uow: UnitOfWork, actor: Actor, event: Event) -> Event:
    """``event`` as ``actor`` may read it: a detail naming a matter the actor may not see
    (the parent or re-inspected matter recorded at registration) is left out, so a visible
    matter's timeline never names a hidden one."""
    hidden = {k for k, v in event.details
              if k in LINK_DETAILS and not _visible_id(uow, actor, v)}
    if not hidden:
        return event
    return attrs.evolve(event, details=tuple((k, v) for k, v in event.details
                                             if k not in hidden))


def timeline(uow: UnitOfWork, ctx: Context, actor: Actor, matter_id: str) -> list[Event]:
    """A matter's events in order; MatterNotFound if the actor may not see the matter. A
    detail naming a matter the actor may not see is left out (:func:`redact_event`)."""
    check_actor(actor)
    with uow:
        load_visible(uow, actor, matter_id)
        return [redact_event(uow, actor, e) for e in uow.events.for_matter(matter_id)]


def escalations_for(
    uow: UnitOfWork, ctx: Context, actor: Actor, matter_id: str
) -> list[Escalation]:
    """The escalations issued on a matter the actor may see."""
    check_actor(actor)
    with uow:
        load_visible(uow, actor, matter_id)
        return uow.escalations.for_matter(matter_id)


def preview_matter(
    uow: UnitOfWork,
    ctx: Context,
    actor: Actor,
    matter_id: str,
    *,
    horizon_days: int = 120,
) -> Preview:
    """What happens next to one matter, and when, if nothing changes: under the matter's own
    policy and its office's calendar."""
    check_actor(actor)
    now = ctx.now()
    with uow:
        matter = load_visible(uow, actor, matter_id)
        scope = scope_of(uow, ctx, matter)
        record = MatterRecord(
            matter, tuple(uow.events.for_matter(matter_id)),
            tuple(uow.escalations.for_matter(matter_id)),
        )
    return preview(record, scope.policy, scope.calendar, now, horizon_days=horizon_days,
                   close=scope.close)


@attrs.frozen
class LedgerRow:
    """One row of the ledger (督办事项台账, ``lianyungang-2019 §7.1``, ``chizhou-2021 §6.1``):
    content, method, lead unit, deadline, responsible person, requirements, and the status as
    of the ledger's time. ``acknowledged`` is the lead unit's 签收 and
    ``unacknowledged_units`` the units that had not acknowledged by then (签收 is reported
    on, never a clock event). A secret matter shows its reference only."""

    matter_id: str
    number: str
    title: str
    source: str
    category: str
    handling_mode: str
    lead_unit: str
    co_units: tuple[str, ...]
    responsible: tuple[str, ...]
    requirements: str
    deadline: str
    due_day: _dt.date | None
    status: Status
    acknowledged: bool
    unacknowledged_units: tuple[str, ...]
    overdue: bool
    closed: bool
    confidential: bool
    office_id: str = ""

    @property
    def status_label(self) -> str:
        return self.status.label


def _last_day(due_at: _dt.datetime) -> _dt.date:
    return (due_at - _dt.timedelta(microseconds=1)).astimezone(SHANGHAI).date()


def ledger(uow: UnitOfWork, ctx: Context, actor: Actor, as_of: _dt.datetime) -> list[LedgerRow]:
    """The ledger as it stood at ``as_of``: every matter the actor may see that was
    registered by then, with its status, due day, lead unit's acknowledgement and overdue
    flag at that instant (overdue as docs/statistics.md defines it: the lead unit owes
    something whose deadline has passed). Ordered by office, then registration number."""
    check_actor(actor)
    check_instant(as_of, "as_of")
    with uow:
        return ledger_rows(uow, ctx, visible_matters(uow, actor), as_of)


def ledger_rows(
    uow: UnitOfWork,
    ctx: Context,
    matters: Sequence[Matter],
    as_of: _dt.datetime,
    *,
    events: Mapping[str, Sequence[Event]] | None = None,
    standings: dict[str, MatterStanding] | None = None,
    facts: Mapping[str, MatterFacts] | None = None,
    judge: Histories | None = None,
) -> list[LedgerRow]:
    """Inside the caller's unit of work: the ledger rows of ``matters`` (already filtered
    for the actor by :func:`visible_matters`) at ``as_of``, as :func:`ledger` gives them;
    the events of all of them are read at once (or given: ``events``, every matter's, as
    ``events.for_matters`` reads them). ``standings``, when given, receives each row's
    matter's standing (``assess`` under its own policy, the default due-soon window);
    ``facts``, when given, the matters' facts (matter id → ``matter_facts`` of it, derived
    or as storage keeps them), which ``assess`` judges a matter from where they hold;
    ``judge``, when given, judges the standings (``Histories.standing``: ``assess``'s
    answer, the findings shared by matters with equal parts; the default window)."""
    if judge is not None and judge.due_soon_working_days != DEFAULT_DUE_SOON_WORKING_DAYS:
        raise InvalidInput("judge", "Histories with the default due-soon window",
                           judge.due_soon_working_days)
    rows: list[LedgerRow] = []
    names: dict[tuple[str, str], str] = {}
    for office_id in {m.office_id for m in matters}:
        names.update({(office_id, u.id): u.name for u in uow.units.list(office_id)})
    # every matter's events in one read per 900 matters, not one query per matter
    if events is None:
        events = uow.events.for_matters([m.id for m in matters])
    # each office read once (scope_of reads it per matter)
    offices: dict[str, tuple[Office, Calendar, _dt.time | None]] = {}
    for office_id in {m.office_id for m in matters}:
        office = uow.offices.get(office_id)
        offices[office_id] = (office, ctx.calendar_of(office), ctx.close_of(office))
    # by office, then number: a number orders as its (prefix, year, seq) (attrs' order)
    # found once per read: each recorded policy (by its fingerprint: the name and the
    # parameters) and each due instant's last day (matters due together share one)
    policies: dict[str, Policy] = {}
    last_days: dict[_dt.datetime, _dt.date] = {}

    def name(unit_id: str, office_id: str) -> str:
        found = names.get((office_id, unit_id))
        if found is None:
            raise UnitNotFound(unit_id)
        return found

    for matter in sorted(matters, key=lambda m: (m.office_id, m.number.prefix, m.number.year,
                                                 m.number.seq)):
        own = events[matter.id]
        history = [e for e in own if e.occurred_at <= as_of]
        if not history:
            continue
        # overdue as the statistics define it (docs/statistics.md): reported on time and
        # awaiting review, or suspended, is not overdue
        office_id = matter.office_id
        _office, calendar, close = offices[office_id]
        current = None if facts is None else facts.get(matter.id)
        policy = policies.get(matter.policy.fingerprint)
        if policy is None:
            policy = policies[matter.policy.fingerprint] = ctx.policy_of(matter)
        if judge is None:
            standing = assess(matter, own, policy, calendar, as_of, close=close,
                              current=current)
        else:
            standing = judge.standing(matter, own, policy, calendar, as_of, close=close,
                                      current=current)
        if standings is not None and standing is not None:
            standings[matter.id] = standing
        last = history[-1]
        status = last.status_after
        due_at = last.due_at
        lead_id = matter.lead_unit_id
        lead = matter.assignment(lead_id)
        assert lead is not None
        acknowledged = lead.acknowledged_at is not None and lead.acknowledged_at <= as_of
        secret = matter.confidentiality.kind is ConfidentialityKind.SECRET
        if due_at is None:
            due_day = None
        else:
            due_day = last_days.get(due_at)
            if due_day is None:
                due_day = last_days[due_at] = _last_day(due_at)

        rows.append(
            LedgerRow(
                matter_id=matter.id,
                number=str(matter.number),
                title=matter.display_title,
                source=matter.source.kind.label,
                category=matter.category or "",
                handling_mode=matter.handling_mode.label,
                lead_unit=name(lead_id, office_id),
                co_units=tuple([name(u, office_id) for u in matter.co_unit_ids]),
                responsible=tuple([r.name or r.person_id for r in matter.responsible]),
                requirements="" if secret else matter.requirements,
                deadline=matter.terms.label,
                due_day=due_day,
                status=status,
                acknowledged=acknowledged,
                unacknowledged_units=tuple([
                    name(a.unit_id, office_id)
                    for a in matter.assignments
                    if a.acknowledged_at is None or a.acknowledged_at > as_of
                ]),
                overdue=standing is not None and standing.outcome is Outcome.OPEN_OVERDUE,
                closed=status in (Status.CLOSED, Status.ARCHIVED),
                confidential=matter.confidentiality.restricted,
                office_id=office_id,
            )
        )
    return rows
