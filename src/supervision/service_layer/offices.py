"""Offices: setting one up, changing the policy it works under, moving matters to the new
policy, and its history.

A new regulation replacing the old is an explicit act with an effective date
(:func:`change_policy`): matters registered from that day live under the new policy, those
registered before keep theirs unless moved with :func:`migrate_matters`. Each change records
an :class:`~supervision.domain.office.OfficeEvent`.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from supervision.calendar import SHANGHAI, YearSchedule
from supervision.domain import handling
from supervision.domain._text import check_ids
from supervision.domain.actors import Actor
from supervision.domain.events import Event, EventKind
from supervision.domain.lifecycle import Action
from supervision.domain.model import Matter
from supervision.domain.office import (
    CalendarChoice,
    Letterhead,
    Office,
    OfficeEvent,
    OfficeEventKind,
    PolicyRef,
    PolicyTerm,
    check_office_id,
    check_prefix,
)
from supervision.domain.permissions import authorize
from supervision.domain.policy import Policy
from supervision.exceptions import InvalidInput, MatterNotFound, OfficeNotFound
from supervision.ports import UnitOfWork
from supervision.service_layer._support import check_actor, load_visible
from supervision.service_layer.context import Context, office_of
from supervision.service_layer.registration import rederive_terms

__all__ = [
    "BOOTSTRAP_ACTOR",
    "OfficeSpec",
    "change_policy",
    "ensure_office",
    "migrate_matters",
    "office_history",
    "resolve_policy",
    "update_office",
]

#: Who the library records as setting up or updating an office from its configuration.
BOOTSTRAP_ACTOR = "system:bootstrap"


@attrs.frozen
class OfficeSpec:
    """An office as the integrator configures it at start-up.

    ``policy`` is a registered policy's name (or alias) or a :class:`Policy`, with
    ``parameters`` applied; ``numbering_prefix`` defaults to the policy's; ``effective_from``
    is the day the policy takes effect in the office — required when the office already
    exists under another policy (or other parameters): a change of regulation is never
    implicit.
    """

    id: str
    name: str
    policy: Policy | str
    numbering_prefix: str | None = None
    parameters: Mapping[str, Any] = attrs.field(factory=dict)
    effective_from: _dt.date | None = None
    close_time: _dt.time | None = None
    schedules: tuple[YearSchedule, ...] = ()
    provisional: bool = False
    letterhead: Letterhead | None = None


def resolve_policy(
    ctx: Context, policy: object, parameters: Mapping[str, Any] | None, field: str = "policy"
) -> Policy:
    """The registered policy ``policy`` names (or is), with ``parameters`` applied."""
    if isinstance(policy, Policy):
        registered = ctx.policies.get(policy.name)
        if registered.rebuild is None and registered != policy:
            raise InvalidInput(
                field, f"the policy registered as {policy.name!r} (register yours with "
                "bootstrap(policies=[...]))", policy.name,
            )
        base = policy
    elif isinstance(policy, str):
        base = ctx.policies.get(policy)
    else:
        raise InvalidInput(field, "a registered policy's name or a Policy", policy)
    if parameters is not None and not isinstance(parameters, Mapping):
        raise InvalidInput(f"{field}.parameters", "a mapping of parameter names to values",
                           parameters)
    return base.with_parameters(**dict(parameters)) if parameters else base


def _record(uow: UnitOfWork, office: Office, kind: OfficeEventKind, actor_id: str,
            at: _dt.datetime, **details: str) -> None:
    uow.offices.record(OfficeEvent(
        office.id, office.version, kind, actor_id, at,
        tuple((k, v) for k, v in details.items() if v),
    ))


def ensure_office(
    uow: UnitOfWork, ctx: Context, spec: OfficeSpec, *, field: str = "office"
) -> Office:
    """Inside the caller's unit of work: create the office ``spec`` describes, or bring the
    stored one in line with it (name, 代字, calendar choices). A stored office under another
    policy or other parameters gets the new one only from ``spec.effective_from`` (a new
    policy term, recorded); without an effective date, InvalidInput naming the field."""
    if not isinstance(spec, OfficeSpec):
        raise InvalidInput(field, "an OfficeSpec", spec)
    check_office_id(spec.id, f"{field}.id")
    policy = resolve_policy(ctx, spec.policy, spec.parameters, f"{field}.policy")
    ref = PolicyRef.of(policy)
    prefix = check_prefix(spec.numbering_prefix or policy.numbering_prefix,
                          f"{field}.numbering_prefix")
    calendar = CalendarChoice.of(close_time=spec.close_time, schedules=spec.schedules,
                                 provisional=spec.provisional)
    if spec.effective_from is not None and (
        not isinstance(spec.effective_from, _dt.date)
        or isinstance(spec.effective_from, _dt.datetime)
    ):
        raise InvalidInput(f"{field}.effective_from", "a date 生效日期", spec.effective_from)
    at = ctx.now()
    try:
        stored = uow.offices.get(spec.id)
    except OfficeNotFound:
        office = Office.create(
            spec.id, spec.name, numbering_prefix=prefix, policy=ref,
            effective_from=spec.effective_from or policy.validity.effective_from,
            recorded_at=at, recorded_by=BOOTSTRAP_ACTOR, calendar=calendar,
            letterhead=spec.letterhead,
        )
        uow.offices.add(office)
        _record(uow, office, OfficeEventKind.CREATED, BOOTSTRAP_ACTOR, at,
                policy=ref.name, fingerprint=ref.fingerprint)
        return office
    office = stored
    if (office.name, office.numbering_prefix, office.calendar) != (spec.name, prefix, calendar):
        office = attrs.evolve(office, name=spec.name, numbering_prefix=prefix,
                              calendar=calendar, version=office.version + 1)
        _record(uow, office, OfficeEventKind.UPDATED, BOOTSTRAP_ACTOR, at,
                name=spec.name, numbering_prefix=prefix)
    if spec.letterhead is not None and spec.letterhead != office.letterhead:
        if not isinstance(spec.letterhead, Letterhead):
            raise InvalidInput(f"{field}.letterhead", "a Letterhead", spec.letterhead)
        office = attrs.evolve(office, letterhead=spec.letterhead, version=office.version + 1)
        _record(uow, office, OfficeEventKind.UPDATED, BOOTSTRAP_ACTOR, at,
                letterhead=spec.letterhead.mark or office.name)
    if office.current.policy.fingerprint != ref.fingerprint:
        if spec.effective_from is None or spec.effective_from <= office.current.effective_from:
            raise InvalidInput(
                f"{field}.effective_from",
                f"the day the new policy takes effect, after "
                f"{office.current.effective_from.isoformat()} (office {office.id!r} works under "
                f"{office.current.policy.label()}; the configuration names {ref.label()}: "
                "变更适用制度须指明生效日期)",
                spec.effective_from,
            )
        office = office.with_policy(PolicyTerm(ref, spec.effective_from, at, BOOTSTRAP_ACTOR,
                                               "configuration"))
        _record(uow, office, OfficeEventKind.POLICY_CHANGED, BOOTSTRAP_ACTOR, at,
                policy=ref.name, fingerprint=ref.fingerprint,
                effective_from=spec.effective_from.isoformat())
    if office is not stored:
        uow.offices.update(office, expected_version=stored.version)
    return office


def change_policy(
    uow: UnitOfWork,
    ctx: Context,
    actor: Actor,
    policy: Policy | str,
    *,
    effective_from: _dt.date,
    reason: str,
    parameters: Mapping[str, Any] | None = None,
) -> Office:
    """A new regulation (or new parameters) for the actor's office from ``effective_from``:
    matters registered from that day live under it; earlier ones keep theirs. Only an
    approving leader (审定领导) of the office changes it; the change is recorded."""
    check_actor(actor)
    if not isinstance(effective_from, _dt.date) or isinstance(effective_from, _dt.datetime):
        raise InvalidInput("effective_from", "the date the new policy takes effect 生效日期",
                           effective_from)
    if not isinstance(reason, str) or not reason.strip() or "\x00" in reason:
        raise InvalidInput("reason", "why the policy changes (变更理由)", reason)
    resolved = resolve_policy(ctx, policy, parameters)
    ref = PolicyRef.of(resolved)
    at = ctx.now()
    with uow:
        office = office_of(uow, actor)
        authorize(actor, Action.MANAGE_OFFICE)
        changed = office.with_policy(PolicyTerm(ref, effective_from, at, actor.person_id, reason))
        uow.offices.update(changed, expected_version=office.version)
        _record(uow, changed, OfficeEventKind.POLICY_CHANGED, actor.person_id, at,
                policy=ref.name, fingerprint=ref.fingerprint,
                effective_from=effective_from.isoformat(), reason=reason)
        uow.commit()
    return changed


def migrate_matters(
    uow: UnitOfWork,
    ctx: Context,
    actor: Actor,
    matter_ids: Sequence[str],
    *,
    reason: str,
) -> list[Matter]:
    """Move matters of the actor's office to the policy the office works under today, all or
    nothing: each gets a ``POLICY_MIGRATED`` event (old and new policy and fingerprints) and
    its deadline re-derived under the new policy on the office's calendar. Only an approving
    leader of the office migrates."""
    check_actor(actor)
    ids = check_ids(matter_ids, "matter_ids")
    if not isinstance(reason, str) or not reason.strip() or "\x00" in reason:
        raise InvalidInput("reason", "why the matters move to the new policy (迁移理由)", reason)
    at = ctx.now()
    moved: list[Matter] = []
    with uow:
        office = office_of(uow, actor)
        authorize(actor, Action.MANAGE_OFFICE)
        term = office.term_on(at.astimezone(SHANGHAI).date())
        policy = ctx.policy(term.policy)
        calendar, close = ctx.calendar_of(office), ctx.close_of(office)
        for matter_id in dict.fromkeys(ids):
            matter = load_visible(uow, actor, matter_id)
            if matter.office_id != office.id:
                raise MatterNotFound(matter_id)
            if matter.policy.fingerprint == term.policy.fingerprint:
                continue
            version = matter.version + 1
            migrated = attrs.evolve(matter, policy=term.policy, version=version, changed_at=at)
            if migrated.status.is_open:
                migrated = rederive_terms(migrated, policy)
            if migrated.due is not None and migrated.status.is_open:
                due = handling.current_due(migrated, calendar, close)
                migrated = attrs.evolve(migrated, due=due)
            event = Event(
                event_id=Event.make_id(matter.id, version), matter_id=matter.id,
                kind=EventKind.POLICY_MIGRATED, actor_id=actor.person_id, occurred_at=at,
                status_before=matter.status, status_after=matter.status, version=version,
                due_at=None if migrated.due is None else migrated.due.due_at,
                details=(("from_policy", matter.policy.name),
                         ("from_fingerprint", matter.policy.fingerprint),
                         ("policy", policy.name), ("fingerprint", term.policy.fingerprint),
                         ("reason", reason)),
            )
            uow.matters.update(migrated, expected_version=matter.version)
            uow.events.append([event])
            moved.append(migrated)
        if moved:
            office2 = attrs.evolve(office, version=office.version + 1)
            uow.offices.update(office2, expected_version=office.version)
            _record(uow, office2, OfficeEventKind.MATTERS_MIGRATED, actor.person_id, at,
                    count=str(len(moved)), fingerprint=term.policy.fingerprint, reason=reason)
        uow.commit()
    return moved


def update_office(
    uow: UnitOfWork,
    ctx: Context,
    actor: Actor,
    *,
    name: str | None = None,
    numbering_prefix: str | None = None,
    calendar: CalendarChoice | None = None,
    letterhead: Letterhead | None = None,
) -> Office:
    """Change the actor's office's name, 代字 (a new prefix starts its own sequence),
    calendar choices or letterhead data; recorded. Only an approving leader of the office
    changes it."""
    check_actor(actor)
    at = ctx.now()
    with uow:
        office = office_of(uow, actor)
        authorize(actor, Action.MANAGE_OFFICE)
        changes: dict[str, Any] = {}
        if name is not None:
            if not isinstance(name, str) or not name.strip() or "\x00" in name:
                raise InvalidInput("name", "the office's name", name)
            changes["name"] = name
        if numbering_prefix is not None:
            changes["numbering_prefix"] = check_prefix(numbering_prefix)
        if calendar is not None:
            if not isinstance(calendar, CalendarChoice):
                raise InvalidInput("calendar", "a CalendarChoice", calendar)
            changes["calendar"] = calendar
        if letterhead is not None:
            if not isinstance(letterhead, Letterhead):
                raise InvalidInput("letterhead", "a Letterhead", letterhead)
            changes["letterhead"] = letterhead
        if not changes:
            return office
        changed = attrs.evolve(office, **changes, version=office.version + 1)
        uow.offices.update(changed, expected_version=office.version)
        _record(uow, changed, OfficeEventKind.UPDATED, actor.person_id, at,
                **{k: str(v) for k, v in changes.items()
                   if k not in ("calendar", "letterhead")})
        if calendar is not None:
            uow.matters.reset_wakes()
        uow.commit()
    return changed


def office_history(uow: UnitOfWork, ctx: Context, actor: Actor) -> list[OfficeEvent]:
    """The recorded changes of the actor's office, in order."""
    check_actor(actor)
    with uow:
        office = office_of(uow, actor)
        return uow.offices.history(office.id)
