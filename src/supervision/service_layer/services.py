"""Use cases on a matter: one function per command, each its own transaction.

Every function takes the unit of work, the :class:`~supervision.service_layer.context.Context`
(clock, calendar, policies), the acting :class:`~supervision.domain.actors.Actor`, then the
subject (the matter id) and the command's own arguments; it then, inside one unit of work:

1. loads the matter — a matter the actor may not see (another office's, a confidential one,
   another unit's) raises :class:`~supervision.exceptions.MatterNotFound`, exactly as a
   missing id does;
2. checks an optional ``expected_version`` (If-Match): a stale one raises
   :class:`~supervision.exceptions.ConcurrencyError`;
3. checks the permission table (:func:`~supervision.domain.permissions.authorize`);
4. applies the pure domain function under the matter's own office, policy (the one recorded
   at registration, never a caller's) and calendar;
5. stores the new matter with an optimistic version check, appends its event, and commits.

Any error leaves nothing behind: the unit of work is rolled back, no event is written (a
denial leaves no trace). Functions return the matter as stored. Registration (``register``,
``register_in``) is implemented in :mod:`supervision.service_layer.registration` and offered
here too.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping, Sequence

import attrs

from supervision.domain import handling
from supervision.domain._text import check_id, check_ids, check_value
from supervision.domain.actors import Actor
from supervision.domain.handling import Change
from supervision.domain.lifecycle import Action
from supervision.domain.model import (
    ConfidentialityKind,
    DeadlineBasis,
    DeadlineTerms,
    Matter,
    ReasonKind,
    Registration,
    ReportContent,
    ReportKind,
    ReviewOutcome,
    Signoff,
    SignoffCapacity,
    Unit,
)
from supervision.domain.permissions import authorize
from supervision.domain.policy import Obligation, Policy
from supervision.exceptions import ConcurrencyError, InvalidInput
from supervision.ports import UnitOfWork
from supervision.service_layer import outbox
from supervision.service_layer._support import (
    check_actor,
    check_version,
    load_visible,
    run_command,
)
from supervision.service_layer.combined import accept_and_close
from supervision.service_layer.context import Context, Scope, office_of, scope_of
from supervision.service_layer.queries import redact
from supervision.service_layer.registration import _check_chosen_default as _check_default
from supervision.service_layer.registration import register, register_in, register_matter

__all__ = [
    "accept_and_close",
    "acknowledge",
    "add_unit",
    "approve",
    "archive",
    "close",
    "close_many",
    "complete",
    "confirm_signoff",
    "contribute",
    "decide_explanation",
    "decide_extension",
    "dispatch",
    "explain",
    "recompute_deadline",
    "register",
    "register_in",
    "reinspect",
    "report_progress",
    "request_extension",
    "resume",
    "review",
    "submit_final_report",
    "supply_supplement",
    "suspend",
    "terminate",
    "update_unit",
    "withdraw",
]


# ============================================================================== units
def _unit(actor: Actor, unit: object) -> Unit:
    if not isinstance(unit, Unit):
        raise InvalidInput("unit", "a supervision.domain.Unit (use Unit.create)", unit)
    check_value(unit, Unit, "unit")
    for field, value in (("unit.id", unit.id), ("unit.parent_id", unit.parent_id),
                         ("unit.head_id", unit.head_id),
                         ("unit.leader_in_charge_id", unit.leader_in_charge_id),
                         *(("unit.liaison_ids", i) for i in unit.liaison_ids)):
        if value is not None:
            check_id(value, field)
    assert actor.office_id is not None
    if unit.office_id and unit.office_id != actor.office_id:
        raise InvalidInput(
            "unit.office_id", f"the actor's office {actor.office_id!r} (or empty)", unit.office_id
        )
    return attrs.evolve(unit, office_id=actor.office_id)


def add_unit(uow: UnitOfWork, ctx: Context, actor: Actor, unit: Unit) -> Unit:
    """Add a unit (承办单位) to the list the actor's office keeps."""
    check_actor(actor)
    placed = _unit(actor, unit)
    with uow:
        office_of(uow, actor)
        authorize(actor, Action.MANAGE_UNITS)
        if placed.parent_id is not None:
            uow.units.get(placed.office_id, placed.parent_id)
        uow.units.add(placed)
        uow.commit()
    return placed


def update_unit(uow: UnitOfWork, ctx: Context, actor: Actor, unit: Unit) -> Unit:
    """Replace a unit's record in the actor's office (new head, liaisons, …)."""
    check_actor(actor)
    placed = _unit(actor, unit)
    with uow:
        office_of(uow, actor)
        authorize(actor, Action.MANAGE_UNITS)
        uow.units.update(placed)
        uow.commit()
    return placed


# ======================================================================= the lifecycle
def approve(
    uow: UnitOfWork, ctx: Context, actor: Actor, matter_id: str, *, opinion: str = "",
    expected_version: int | None = None,
) -> Matter:
    """审定 by the approving leader, where the matter's policy requires it."""
    at = ctx.now()
    return run_command(
        uow, ctx, actor, matter_id, Action.APPROVE,
        lambda m, s: handling.approve(m, actor, at, opinion),
        expected_version=expected_version,
    )


def _approval(matter: Matter, scope: Scope) -> str | None:
    rule = scope.policy.approval_for(matter.category, matter.source.kind.value)
    return None if rule is None else rule.citation.key


def dispatch(
    uow: UnitOfWork, ctx: Context, actor: Actor, matter_id: str, *,
    expected_version: int | None = None,
) -> Matter:
    """交办: the deadline is derived on the office's calendar and its clock starts. Where the
    matter's policy requires approval, a draft cannot be dispatched."""
    at = ctx.now()
    return run_command(
        uow, ctx, actor, matter_id, Action.DISPATCH,
        lambda m, s: handling.dispatch(m, actor, at, s.calendar, approval=_approval(m, s),
                                       close=s.close),
        expected_version=expected_version,
        after=outbox.notify_change,
    )


def acknowledge(
    uow: UnitOfWork, ctx: Context, actor: Actor, matter_id: str, *,
    expected_version: int | None = None,
) -> Matter:
    """签收 by the actor's unit: recorded, never a clock event."""
    at = ctx.now()
    unit_id = check_actor(actor).unit_id or ""
    return run_command(
        uow, ctx, actor, matter_id, Action.ACKNOWLEDGE,
        lambda m, s: handling.acknowledge(m, actor, at, unit_id),
        expected_version=expected_version,
    )


def report_progress(
    uow: UnitOfWork, ctx: Context, actor: Actor, matter_id: str, content: ReportContent, *,
    kind: ReportKind = ReportKind.PROGRESS,
    expected_version: int | None = None,
) -> Matter:
    """A progress report by the lead unit, or its handling plan (``kind=ReportKind.PLAN``)."""
    at = ctx.now()
    return run_command(
        uow, ctx, actor, matter_id, Action.REPORT_PROGRESS,
        lambda m, s: handling.report_progress(m, actor, at, content, kind),
        expected_version=expected_version,
    )


def contribute(
    uow: UnitOfWork, ctx: Context, actor: Actor, matter_id: str, content: ReportContent, *,
    expected_version: int | None = None,
) -> Matter:
    """A co-unit's contribution, for the lead unit to consolidate."""
    at = ctx.now()
    unit_id = check_actor(actor).unit_id or ""
    return run_command(
        uow, ctx, actor, matter_id, Action.CONTRIBUTE,
        lambda m, s: handling.contribute(m, actor, at, unit_id, content),
        expected_version=expected_version,
    )


def _signoff(scope: Scope) -> tuple[SignoffCapacity, str]:
    policy = scope.policy
    rule = SignoffCapacity(policy.report_signoff)
    cite = "" if policy.signoff is None else policy.signoff.citation.key
    return rule, cite


def submit_final_report(
    uow: UnitOfWork,
    ctx: Context,
    actor: Actor,
    matter_id: str,
    content: ReportContent,
    *,
    signoff: Signoff | None = None,
    expected_version: int | None = None,
) -> Matter:
    """The lead unit's consolidated final report, signed off as the matter's policy requires;
    opens a review round."""
    at = ctx.now()

    def step(matter: Matter, scope: Scope) -> Change:
        lead = uow.units.get(matter.office_id, matter.lead_unit_id)
        rule, cite = _signoff(scope)
        content_rule = scope.policy.report_content
        return handling.submit_final_report(
            matter, actor, at, content, lead_unit=lead, signoff_rule=rule, signoff=signoff,
            signoff_citation=cite,
            content_citation="" if content_rule is None else content_rule.key,
        )

    return run_command(uow, ctx, actor, matter_id, Action.SUBMIT_FINAL_REPORT, step,
                       expected_version=expected_version)


def confirm_signoff(
    uow: UnitOfWork, ctx: Context, actor: Actor, matter_id: str, *,
    expected_version: int | None = None,
) -> Matter:
    """核签确认: the person a sign-off names confirms, as their own actor, the sign-off a
    liaison recorded on their behalf; until then the office cannot accept the report."""
    at = ctx.now()
    return run_command(
        uow, ctx, actor, matter_id, Action.CONFIRM_SIGNOFF,
        lambda m, s: handling.confirm_signoff(m, actor, at),
        expected_version=expected_version,
    )


def supply_supplement(
    uow: UnitOfWork, ctx: Context, actor: Actor, matter_id: str, content: ReportContent, *,
    expected_version: int | None = None,
) -> Matter:
    """补充说明 in answer to the office's request."""
    at = ctx.now()
    return run_command(
        uow, ctx, actor, matter_id, Action.SUPPLY_SUPPLEMENT,
        lambda m, s: handling.supply_supplement(m, actor, at, content),
        expected_version=expected_version,
    )


def review(
    uow: UnitOfWork,
    ctx: Context,
    actor: Actor,
    matter_id: str,
    outcome: ReviewOutcome,
    *,
    opinion: str = "",
    redo_due_day: _dt.date | None = None,
    expected_version: int | None = None,
) -> Matter:
    """审核: accept, return for redo, or ask for a supplement. The reviewer is never the
    person who reported."""
    at = ctx.now()
    if not isinstance(outcome, ReviewOutcome):
        raise InvalidInput("outcome", "a ReviewOutcome", outcome)
    return run_command(
        uow, ctx, actor, matter_id, handling.review_action(outcome),
        lambda m, s: handling.review(m, actor, at, outcome, opinion, redo_due_day=redo_due_day),
        expected_version=expected_version,
        after=outbox.notify_change,
    )


def explain(
    uow: UnitOfWork,
    ctx: Context,
    actor: Actor,
    matter_id: str,
    reason_kind: ReasonKind,
    text: str,
    *,
    next_steps: str = "",
    expected_version: int | None = None,
) -> Matter:
    """情况说明 by the actor's unit; the deadline does not move."""
    at = ctx.now()
    unit_id = check_actor(actor).unit_id or ""
    return run_command(
        uow, ctx, actor, matter_id, Action.EXPLAIN,
        lambda m, s: handling.explain(m, actor, at, unit_id, reason_kind, text, next_steps),
        expected_version=expected_version,
    )


def decide_explanation(
    uow: UnitOfWork,
    ctx: Context,
    actor: Actor,
    matter_id: str,
    number: int,
    *,
    accept: bool,
    opinion: str = "",
    expected_version: int | None = None,
) -> Matter:
    """The office accepts or rejects explanation ``number``."""
    at = ctx.now()
    return run_command(
        uow, ctx, actor, matter_id, Action.DECIDE_EXPLANATION,
        lambda m, s: handling.decide_explanation(m, actor, at, number, accept, opinion),
        expected_version=expected_version,
        after=outbox.notify_change,
    )


def complete(
    uow: UnitOfWork, ctx: Context, actor: Actor, matter_id: str, *,
    expected_version: int | None = None,
) -> Matter:
    """办结."""
    at = ctx.now()
    return run_command(uow, ctx, actor, matter_id, Action.COMPLETE,
                       lambda m, s: handling.complete(m, actor, at),
                       expected_version=expected_version)


def close(
    uow: UnitOfWork, ctx: Context, actor: Actor, matter_id: str, *, note: str = "",
    expected_version: int | None = None,
) -> Matter:
    """销号 (办结一项销号一项)."""
    at = ctx.now()
    return run_command(uow, ctx, actor, matter_id, Action.CLOSE,
                       lambda m, s: handling.close(m, actor, at, note),
                       expected_version=expected_version)


def close_many(
    uow: UnitOfWork,
    ctx: Context,
    actor: Actor,
    matter_ids: Sequence[str],
    *,
    read_versions: Mapping[str, int] | None = None,
    note: str = "",
) -> list[Matter]:
    """销号 several completed matters at once (the year-end 集中销号), all or nothing.

    ``read_versions`` maps each id to the version the caller showed the user (a ledger page
    read earlier): if any matter has changed since, :class:`ConcurrencyError` and nothing is
    closed. Without it the versions read here are checked at commit, so a concurrent change
    still wins over this batch. Any matter that may not be closed (not completed, hidden, not
    permitted) fails the whole batch with its own error.
    """
    check_actor(actor)
    ids = check_ids(matter_ids, "matter_ids")
    if len(set(ids)) != len(ids):
        raise InvalidInput("matter_ids", "each matter id once", matter_ids)
    if read_versions is not None:
        if not isinstance(read_versions, Mapping) or set(read_versions) != set(ids):
            raise InvalidInput("read_versions", "the version read of every matter id",
                               read_versions)
        for value in read_versions.values():
            check_version(value)
    at = ctx.now()
    closed: list[Matter] = []
    with uow:
        for matter_id in ids:
            matter = load_visible(uow, actor, matter_id)
            if read_versions is not None and read_versions[matter_id] != matter.version:
                raise ConcurrencyError(
                    "matter", matter_id, read_versions[matter_id], matter.version
                )
            authorize(actor, Action.CLOSE, matter)
            change = handling.close(matter, actor, at, note)
            uow.matters.update(change.matter, expected_version=matter.version)
            uow.events.append([change.event])
            closed.append(change.matter)
        uow.commit()
    return closed


def archive(
    uow: UnitOfWork, ctx: Context, actor: Actor, matter_id: str, *,
    expected_version: int | None = None,
) -> Matter:
    """归档."""
    at = ctx.now()
    return run_command(uow, ctx, actor, matter_id, Action.ARCHIVE,
                       lambda m, s: handling.archive(m, actor, at),
                       expected_version=expected_version)


def reinspect(
    uow: UnitOfWork,
    ctx: Context,
    actor: Actor,
    matter_id: str,
    *,
    deadline: DeadlineTerms,
    reason: str,
    linked: bool = False,
) -> Matter:
    """回头看/再督查 (``lianyungang-2019 §7.3``).

    ``linked=False`` reopens the closed matter for a new round with ``deadline``;
    ``linked=True`` registers a new matter linked to it (``reinspection_of``), copying its
    units, source and requirements, under the policy in force in the office today; the new
    matter is returned. Either way the earlier 销号 record stays.
    """
    at = ctx.now()
    if linked.__class__ is not bool:
        raise InvalidInput("linked", "True or False", linked)
    if not linked:
        return run_command(
            uow, ctx, actor, matter_id, Action.REOPEN,
            lambda m, s: handling.reopen(m, actor, at, _reopened_terms(s.policy, m, deadline),
                                         s.calendar, reason, close=s.close),
        )
    check_actor(actor)
    if not isinstance(reason, str) or not reason.strip():
        raise InvalidInput("reason", "a non-empty text", reason)
    with uow:
        original = load_visible(uow, actor, matter_id)
        authorize(actor, Action.REOPEN, original)
        secret = original.confidentiality.kind is ConfidentialityKind.SECRET
        registration = Registration(
            title="" if secret else f"回头看：{original.title}",
            requirements="" if secret else f"{reason}\n原办理要求：{original.requirements}",
            source=original.source,
            lead_unit_id=original.lead_unit_id,
            responsible=original.responsible,
            co_unit_ids=original.co_unit_ids,
            handling_mode=original.handling_mode,
            category=original.category,
            urgency=original.urgency,
            deadline=deadline,
            reporting=original.reporting,
            confidentiality=original.confidentiality,
            # the original's parent only if the actor may see it (never named otherwise)
            parent_id=redact(uow, actor, original).parent_id,
            reinspection_of=original.id,
        )
        office = uow.offices.get(original.office_id)
        matter = register_matter(uow, ctx, actor, office, at, registration, None)
        uow.commit()
    return matter


def _reopened_terms(policy: Policy, matter: Matter, deadline: DeadlineTerms) -> DeadlineTerms:
    """A reopened round's deadline checked as registration checks a category default."""
    if isinstance(deadline, DeadlineTerms) and deadline.basis is DeadlineBasis.CATEGORY_DEFAULT:
        _check_default(policy, matter.category, matter.source, deadline)
    return deadline  # (anything else: handling.reopen refuses it, naming the field)


def request_extension(
    uow: UnitOfWork,
    ctx: Context,
    actor: Actor,
    matter_id: str,
    requested_day: _dt.date,
    reason: str,
    *,
    expected_version: int | None = None,
) -> Matter:
    """延期申请 by the lead unit before the due date, where the matter's policy enables it."""
    at = ctx.now()
    return run_command(
        uow, ctx, actor, matter_id, Action.REQUEST_EXTENSION,
        lambda m, s: handling.request_extension(
            m, actor, at, requested_day, reason, enabled=s.policy.extensions_enabled
        ),
        expected_version=expected_version,
    )


def decide_extension(
    uow: UnitOfWork,
    ctx: Context,
    actor: Actor,
    matter_id: str,
    number: int,
    *,
    grant: bool,
    opinion: str = "",
    granted_day: _dt.date | None = None,
    expected_version: int | None = None,
) -> Matter:
    """The approver grants (the due date moves; history kept) or refuses request ``number``."""
    at = ctx.now()
    return run_command(
        uow, ctx, actor, matter_id, Action.DECIDE_EXTENSION,
        lambda m, s: handling.decide_extension(
            m, actor, at, number, grant, s.calendar,
            opinion=opinion, granted_day=granted_day, close=s.close,
        ),
        expected_version=expected_version,
        after=outbox.notify_change,
    )


def suspend(
    uow: UnitOfWork, ctx: Context, actor: Actor, matter_id: str, *, reason: str,
    expected_version: int | None = None,
) -> Matter:
    """中止 with a reason: the clock stops."""
    at = ctx.now()
    return run_command(uow, ctx, actor, matter_id, Action.SUSPEND,
                       lambda m, s: handling.suspend(m, actor, at, reason),
                       expected_version=expected_version)


def resume(
    uow: UnitOfWork, ctx: Context, actor: Actor, matter_id: str, *,
    expected_version: int | None = None,
) -> Matter:
    """恢复: the due date, and a redo still owed, move by the working days paused."""
    at = ctx.now()
    return run_command(
        uow, ctx, actor, matter_id, Action.RESUME,
        lambda m, s: handling.resume(m, actor, at, s.calendar, close=s.close, redo=next(
            (d.period for d in s.policy.duties if d.obligation is Obligation.REDO), None)),
        expected_version=expected_version,
    )


def withdraw(
    uow: UnitOfWork, ctx: Context, actor: Actor, matter_id: str, *, reason: str,
    expected_version: int | None = None,
) -> Matter:
    """撤销 with a reason."""
    at = ctx.now()
    return run_command(uow, ctx, actor, matter_id, Action.WITHDRAW,
                       lambda m, s: handling.withdraw(m, actor, at, reason),
                       expected_version=expected_version)


def terminate(
    uow: UnitOfWork, ctx: Context, actor: Actor, matter_id: str, *, reason: str,
    expected_version: int | None = None,
) -> Matter:
    """终止 with a reason."""
    at = ctx.now()
    return run_command(uow, ctx, actor, matter_id, Action.TERMINATE,
                       lambda m, s: handling.terminate(m, actor, at, reason),
                       expected_version=expected_version)


def recompute_deadline(uow: UnitOfWork, ctx: Context, actor: Actor, matter_id: str) -> Matter:
    """Re-derive an open matter's due date from its inputs on the office's calendar (e.g.
    after a year's holiday schedule was published); records DEADLINE_RECOMPUTED only when
    the date moved. Requires the office role (the same as dispatch)."""
    at = ctx.now()
    check_actor(actor)
    with uow:
        matter = load_visible(uow, actor, matter_id)
        authorize(actor, Action.DISPATCH, matter)
        scope = scope_of(uow, ctx, matter)
        change = handling.recompute_due(matter, actor, at, scope.calendar, close=scope.close)
        if change is None:
            return matter
        uow.matters.update(change.matter, expected_version=matter.version)
        uow.events.append([change.event])
        uow.commit()
    return change.matter
