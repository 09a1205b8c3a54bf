"""Use cases: one function per command, each its own transaction.

Every function takes the unit of work, the acting :class:`~supervision.domain.actors.Actor`
and a :class:`~supervision.clock.Clock` (plus the calendar and the policy where the rule needs
them), then, inside one unit of work:

1. loads the matter — a matter the actor may not see raises
   :class:`~supervision.exceptions.MatterNotFound`, exactly as a missing id does;
2. checks the permission table (:func:`~supervision.domain.permissions.authorize`);
3. applies the pure domain function, which checks the lifecycle table and the rule;
4. stores the new matter with an optimistic version check, appends its event, and commits.

Any error leaves nothing behind: the unit of work is rolled back, no event is written (a
denial leaves no trace). Functions return the matter as stored.

Each call enters the unit of work it is given, which starts a fresh transaction: pass a new
unit of work per call (``InMemoryUnitOfWork(store)``), or one with no pending changes.
"""

from __future__ import annotations

import datetime as _dt
import uuid
from collections.abc import Callable, Mapping, Sequence

from supervision.calendar import SHANGHAI, Calendar
from supervision.clock import Clock, require_aware
from supervision.domain import handling
from supervision.domain.actors import Actor
from supervision.domain.handling import Change
from supervision.domain.lifecycle import Action
from supervision.domain.model import (
    ConfidentialityKind,
    DeadlineTerms,
    Matter,
    ReasonKind,
    Registration,
    RegistrationNumber,
    ReportContent,
    ReviewOutcome,
    Signoff,
    SignoffCapacity,
    Unit,
)
from supervision.domain.permissions import authorize, can_view
from supervision.exceptions import (
    ConcurrencyError,
    InvalidInput,
    MatterNotFound,
    RuleViolation,
)
from supervision.ports import (
    MatterPolicy,
    UnitOfWork,
    default_start_event,
    office_close_time,
)

__all__ = [
    "acknowledge",
    "add_unit",
    "approve",
    "archive",
    "close",
    "complete",
    "contribute",
    "decide_explanation",
    "decide_extension",
    "dispatch",
    "explain",
    "recompute_deadline",
    "register",
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


# ============================================================================ helpers
def _actor(actor: object) -> Actor:
    if not isinstance(actor, Actor):
        raise InvalidInput("actor", "a supervision.domain.Actor", actor)
    return actor


def _now(clock: Clock) -> _dt.datetime:
    return require_aware(clock.now(), "clock.now()")


def load_visible(uow: UnitOfWork, actor: Actor, matter_id: str) -> Matter:
    """The matter if ``actor`` may see it; MatterNotFound otherwise (as for a missing id)."""
    matter = uow.matters.get(matter_id)
    if not can_view(actor, matter):
        raise MatterNotFound(matter_id)
    return matter


def _run(
    uow: UnitOfWork,
    actor: Actor,
    matter_id: str,
    action: Action,
    step: Callable[[Matter], Change],
) -> Matter:
    _actor(actor)
    with uow:
        matter = load_visible(uow, actor, matter_id)
        authorize(actor, action, matter)
        change = step(matter)
        uow.matters.update(change.matter, expected_version=matter.version)
        uow.events.append([change.event])
        uow.commit()
    return change.matter


def _signoff_rule(policy: MatterPolicy) -> SignoffCapacity:
    try:
        return SignoffCapacity(policy.report_signoff)
    except ValueError:
        raise InvalidInput(
            "policy.report_signoff",
            "one of 'unit_head', 'leader_in_charge', 'none'",
            policy.report_signoff,
        ) from None


# ============================================================================== units
def add_unit(uow: UnitOfWork, actor: Actor, unit: Unit) -> Unit:
    """Add a unit (承办单位) to the list the office keeps."""
    _actor(actor)
    if not isinstance(unit, Unit):
        raise InvalidInput("unit", "a supervision.domain.Unit (use Unit.create)", unit)
    with uow:
        authorize(actor, Action.MANAGE_UNITS)
        if unit.parent_id is not None:
            uow.units.get(unit.parent_id)
        uow.units.add(unit)
        uow.commit()
    return unit


def update_unit(uow: UnitOfWork, actor: Actor, unit: Unit) -> Unit:
    """Replace a unit's record (new head, liaisons, …)."""
    _actor(actor)
    if not isinstance(unit, Unit):
        raise InvalidInput("unit", "a supervision.domain.Unit", unit)
    with uow:
        authorize(actor, Action.MANAGE_UNITS)
        uow.units.update(unit)
        uow.commit()
    return unit


# ======================================================================= registration
def _resolve_terms(policy: MatterPolicy, registration: Registration) -> DeadlineTerms:
    if registration.deadline is not None:
        if not isinstance(registration.deadline, DeadlineTerms):
            raise InvalidInput(
                "deadline", "DeadlineTerms (DeadlineTerms.stated(...))", registration.deadline
            )
        return registration.deadline
    period = policy.default_period(registration.category, registration.source.kind.value)
    if period is None:
        raise RuleViolation(
            "deadline_required",
            "every matter carries a deadline (督办事项须明确办理时限): state one with "
            "DeadlineTerms.stated(...), or choose a category the policy has a default for",
            "zhoucun-2021 §4.3",
        )
    event = default_start_event(
        policy, registration.category, registration.source.kind.value
    )
    source = registration.source
    day = {
        "meeting": source.meeting_date,
        "minutes_issue": source.minutes_date,
        "document_issue": source.issued_on,
    }.get(event)
    if event in ("meeting", "minutes_issue", "document_issue"):
        if day is None:
            raise RuleViolation(
                "start_date_required",
                f"policy {policy.name} counts this matter's default period ({period.label}) "
                f"from {_START_LABELS[event]}: give that date in the source "
                f"(Source.meeting(meeting_date, minutes_date) or Source.of(..., issued_on=...)) "
                f"or state the deadline",
                f"policy {policy.name}",
            )
        start = _dt.datetime.combine(day, _dt.time(0), SHANGHAI)
        return DeadlineTerms.category_default(
            period, start_at=start, note=f"{policy.name} default, from {_START_LABELS[event]}"
        )
    return DeadlineTerms.category_default(period, note=f"{policy.name} default")


_START_LABELS = {
    "meeting": "the meeting (会议召开)",
    "minutes_issue": "the minutes' issue (会议纪要印发)",
    "document_issue": "the document's issue (文件印发)",
}


def _check_category(policy: MatterPolicy, category: str | None) -> None:
    if category is None:
        if policy.category_required:
            choices = "、".join(policy.categories)
            raise RuleViolation(
                "category_required",
                f"policy {policy.name} needs a category chosen at registration "
                f"(请选择事项类别: {choices}); there is no silent default",
                f"policy {policy.name}",
            )
        return
    if not isinstance(category, str) or not category.strip():
        raise InvalidInput("category", "a category name or None", category)
    if policy.categories and category not in policy.categories:
        raise InvalidInput(
            "category", f"one of {policy.categories} (policy {policy.name})", category
        )


def _register(
    uow: UnitOfWork,
    actor: Actor,
    at: _dt.datetime,
    policy: MatterPolicy,
    registration: Registration,
    matter_id: str | None,
) -> Matter:
    handling.check_registration(registration)
    authorize(actor, Action.REGISTER)
    for unit_id in (registration.lead_unit_id, *registration.co_unit_ids):
        uow.units.get(unit_id)
    _check_category(policy, registration.category)
    terms = _resolve_terms(policy, registration)
    if registration.parent_id is not None:
        load_visible(uow, actor, registration.parent_id)
    if registration.reinspection_of is not None:
        load_visible(uow, actor, registration.reinspection_of)
    if not registration.confidentiality.permits(actor):
        raise InvalidInput(
            "confidentiality",
            "an access list that includes the registering person or one of their roles "
            "(登记人须在知情范围内)",
            registration.confidentiality,
        )
    year = at.astimezone(SHANGHAI).year
    seq = uow.numbers.next(policy.numbering_prefix, year)
    number = RegistrationNumber.of(policy.numbering_prefix, year, seq)
    change = handling.register(
        matter_id or uuid.uuid4().hex, number, registration, terms, actor, at
    )
    uow.matters.add(change.matter)
    uow.events.append([change.event])
    return change.matter


def register(
    uow: UnitOfWork,
    actor: Actor,
    clock: Clock,
    policy: MatterPolicy,
    registration: Registration,
    *,
    matter_id: str | None = None,
) -> Matter:
    """立项: number (GB/T 9704, per prefix and year), check and store a new matter in 待审定.

    The deadline is the one stated in the notice or plan, else the policy's default for the
    category or source; with neither, :class:`RuleViolation` ``deadline_required``
    (``zhoucun-2021 §4.3``). ``matter_id`` defaults to a random id.
    """
    _actor(actor)
    at = _now(clock)
    with uow:
        matter = _register(uow, actor, at, policy, registration, matter_id)
        uow.commit()
    return matter


def register_in(
    uow: UnitOfWork,
    actor: Actor,
    at: _dt.datetime,
    policy: MatterPolicy,
    registration: Registration,
    *,
    matter_id: str | None = None,
) -> Matter:
    """立项 inside a unit of work the caller has entered and will commit or roll back.

    For batches that must be all-or-nothing (a ledger import): register every matter in one
    ``with uow:`` block, then commit once. ``at`` is the registration instant (aware).
    Checks and numbering are exactly those of :func:`register`.
    """
    _actor(actor)
    return _register(uow, actor, require_aware(at, "at"), policy, registration, matter_id)


def approve(
    uow: UnitOfWork, actor: Actor, clock: Clock, matter_id: str, *, opinion: str = ""
) -> Matter:
    """审定 by the approving leader (``chizhou-2021 §6.1``; ``daoli-2017 art.7(1)``)."""
    at = _now(clock)
    return _run(
        uow, actor, matter_id, Action.APPROVE, lambda m: handling.approve(m, actor, at, opinion)
    )


def dispatch(
    uow: UnitOfWork,
    actor: Actor,
    clock: Clock,
    calendar: Calendar,
    policy: MatterPolicy,
    matter_id: str,
) -> Matter:
    """交办: the deadline is derived and its clock starts. Where the policy requires approval,
    a draft cannot be dispatched."""
    at = _now(clock)
    close_time = office_close_time(policy)
    return _run(
        uow, actor, matter_id, Action.DISPATCH,
        lambda m: handling.dispatch(
            m, actor, at, calendar, requires_approval=policy.requires_approval, close=close_time
        ),
    )


def acknowledge(uow: UnitOfWork, actor: Actor, clock: Clock, matter_id: str) -> Matter:
    """签收 by the actor's unit: recorded, never a clock event."""
    at = _now(clock)
    unit_id = _actor(actor).unit_id or ""
    return _run(
        uow, actor, matter_id, Action.ACKNOWLEDGE,
        lambda m: handling.acknowledge(m, actor, at, unit_id),
    )


def report_progress(
    uow: UnitOfWork, actor: Actor, clock: Clock, matter_id: str, content: ReportContent
) -> Matter:
    """A progress report by the lead unit."""
    at = _now(clock)
    return _run(
        uow, actor, matter_id, Action.REPORT_PROGRESS,
        lambda m: handling.report_progress(m, actor, at, content),
    )


def contribute(
    uow: UnitOfWork, actor: Actor, clock: Clock, matter_id: str, content: ReportContent
) -> Matter:
    """A co-unit's contribution, for the lead unit to consolidate."""
    at = _now(clock)
    unit_id = _actor(actor).unit_id or ""
    return _run(
        uow, actor, matter_id, Action.CONTRIBUTE,
        lambda m: handling.contribute(m, actor, at, unit_id, content),
    )


def submit_final_report(
    uow: UnitOfWork,
    actor: Actor,
    clock: Clock,
    policy: MatterPolicy,
    matter_id: str,
    content: ReportContent,
    *,
    signoff: Signoff | None = None,
) -> Matter:
    """The lead unit's consolidated final report, signed off as ``policy.report_signoff``
    requires; opens a review round."""
    at = _now(clock)
    rule = _signoff_rule(policy)

    def step(matter: Matter) -> Change:
        lead = uow.units.get(matter.lead_unit_id)
        return handling.submit_final_report(
            matter, actor, at, content, lead_unit=lead, signoff_rule=rule, signoff=signoff
        )

    return _run(uow, actor, matter_id, Action.SUBMIT_FINAL_REPORT, step)


def supply_supplement(
    uow: UnitOfWork, actor: Actor, clock: Clock, matter_id: str, content: ReportContent
) -> Matter:
    """补充说明 in answer to the office's request."""
    at = _now(clock)
    return _run(
        uow, actor, matter_id, Action.SUPPLY_SUPPLEMENT,
        lambda m: handling.supply_supplement(m, actor, at, content),
    )


def review(
    uow: UnitOfWork,
    actor: Actor,
    clock: Clock,
    matter_id: str,
    outcome: ReviewOutcome,
    *,
    opinion: str = "",
    redo_due_day: _dt.date | None = None,
) -> Matter:
    """审核: accept, return for redo, or ask for a supplement (``daoli-2017 art.10``).

    The reviewer is never the person who reported.
    """
    at = _now(clock)
    if not isinstance(outcome, ReviewOutcome):
        raise InvalidInput("outcome", "a ReviewOutcome", outcome)
    return _run(
        uow, actor, matter_id, handling.review_action(outcome),
        lambda m: handling.review(m, actor, at, outcome, opinion, redo_due_day=redo_due_day),
    )


def explain(
    uow: UnitOfWork,
    actor: Actor,
    clock: Clock,
    matter_id: str,
    reason_kind: ReasonKind,
    text: str,
    *,
    next_steps: str = "",
) -> Matter:
    """情况说明 by the actor's unit; the deadline does not move."""
    at = _now(clock)
    unit_id = _actor(actor).unit_id or ""
    return _run(
        uow, actor, matter_id, Action.EXPLAIN,
        lambda m: handling.explain(m, actor, at, unit_id, reason_kind, text, next_steps),
    )


def decide_explanation(
    uow: UnitOfWork,
    actor: Actor,
    clock: Clock,
    matter_id: str,
    number: int,
    *,
    accept: bool,
    opinion: str = "",
) -> Matter:
    """The office accepts or rejects explanation ``number``."""
    at = _now(clock)
    return _run(
        uow, actor, matter_id, Action.DECIDE_EXPLANATION,
        lambda m: handling.decide_explanation(m, actor, at, number, accept, opinion),
    )


def complete(uow: UnitOfWork, actor: Actor, clock: Clock, matter_id: str) -> Matter:
    """办结."""
    at = _now(clock)
    return _run(
        uow, actor, matter_id, Action.COMPLETE, lambda m: handling.complete(m, actor, at)
    )


def close(
    uow: UnitOfWork, actor: Actor, clock: Clock, matter_id: str, *, note: str = ""
) -> Matter:
    """销号 (办结一项销号一项)."""
    at = _now(clock)
    return _run(
        uow, actor, matter_id, Action.CLOSE, lambda m: handling.close(m, actor, at, note)
    )


def close_many(
    uow: UnitOfWork,
    actor: Actor,
    clock: Clock,
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
    _actor(actor)
    ids = list(matter_ids)
    if not ids or any(not isinstance(i, str) for i in ids):
        raise InvalidInput("matter_ids", "a non-empty list of matter ids", matter_ids)
    if len(set(ids)) != len(ids):
        raise InvalidInput("matter_ids", "each matter id once", matter_ids)
    if read_versions is not None and set(read_versions) != set(ids):
        raise InvalidInput("read_versions", "the version read of every matter id", read_versions)
    at = _now(clock)
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


def archive(uow: UnitOfWork, actor: Actor, clock: Clock, matter_id: str) -> Matter:
    """归档."""
    at = _now(clock)
    return _run(
        uow, actor, matter_id, Action.ARCHIVE, lambda m: handling.archive(m, actor, at)
    )


def reinspect(
    uow: UnitOfWork,
    actor: Actor,
    clock: Clock,
    calendar: Calendar,
    policy: MatterPolicy,
    matter_id: str,
    *,
    deadline: DeadlineTerms,
    reason: str,
    linked: bool = False,
) -> Matter:
    """回头看/再督查 (``lianyungang-2019 §7.3``).

    ``linked=False`` reopens the closed matter for a new round with ``deadline``;
    ``linked=True`` registers a new matter linked to it (``reinspection_of``), copying its
    units, source and requirements; the new matter is returned. Either way the earlier
    销号 record stays.
    """
    at = _now(clock)
    close_time = office_close_time(policy)
    if not linked:
        return _run(
            uow, actor, matter_id, Action.REOPEN,
            lambda m: handling.reopen(m, actor, at, deadline, calendar, reason, close=close_time),
        )
    _actor(actor)
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
            parent_id=original.parent_id,
            reinspection_of=original.id,
        )
        matter = _register(uow, actor, at, policy, registration, None)
        uow.commit()
    return matter


def request_extension(
    uow: UnitOfWork,
    actor: Actor,
    clock: Clock,
    policy: MatterPolicy,
    matter_id: str,
    requested_day: _dt.date,
    reason: str,
) -> Matter:
    """延期申请 by the lead unit before the due date, where ``policy.extensions_enabled``."""
    at = _now(clock)
    return _run(
        uow, actor, matter_id, Action.REQUEST_EXTENSION,
        lambda m: handling.request_extension(
            m, actor, at, requested_day, reason, enabled=policy.extensions_enabled
        ),
    )


def decide_extension(
    uow: UnitOfWork,
    actor: Actor,
    clock: Clock,
    calendar: Calendar,
    policy: MatterPolicy,
    matter_id: str,
    number: int,
    *,
    grant: bool,
    opinion: str = "",
    granted_day: _dt.date | None = None,
) -> Matter:
    """The approver grants (the due date moves; history kept) or refuses request ``number``."""
    at = _now(clock)
    close_time = office_close_time(policy)
    return _run(
        uow, actor, matter_id, Action.DECIDE_EXTENSION,
        lambda m: handling.decide_extension(
            m, actor, at, number, grant, calendar,
            opinion=opinion, granted_day=granted_day, close=close_time,
        ),
    )


def suspend(
    uow: UnitOfWork, actor: Actor, clock: Clock, matter_id: str, *, reason: str
) -> Matter:
    """中止 with a reason: the clock stops."""
    at = _now(clock)
    return _run(
        uow, actor, matter_id, Action.SUSPEND, lambda m: handling.suspend(m, actor, at, reason)
    )


def resume(
    uow: UnitOfWork,
    actor: Actor,
    clock: Clock,
    calendar: Calendar,
    policy: MatterPolicy,
    matter_id: str,
) -> Matter:
    """恢复: the due date moves by the working days paused."""
    at = _now(clock)
    close_time = office_close_time(policy)
    return _run(
        uow, actor, matter_id, Action.RESUME,
        lambda m: handling.resume(m, actor, at, calendar, close=close_time),
    )


def withdraw(
    uow: UnitOfWork, actor: Actor, clock: Clock, matter_id: str, *, reason: str
) -> Matter:
    """撤销 with a reason."""
    at = _now(clock)
    return _run(
        uow, actor, matter_id, Action.WITHDRAW, lambda m: handling.withdraw(m, actor, at, reason)
    )


def terminate(
    uow: UnitOfWork, actor: Actor, clock: Clock, matter_id: str, *, reason: str
) -> Matter:
    """终止 with a reason."""
    at = _now(clock)
    return _run(
        uow, actor, matter_id, Action.TERMINATE,
        lambda m: handling.terminate(m, actor, at, reason),
    )


def recompute_deadline(
    uow: UnitOfWork,
    actor: Actor,
    clock: Clock,
    calendar: Calendar,
    policy: MatterPolicy,
    matter_id: str,
) -> Matter:
    """Re-derive an open matter's due date from its inputs (e.g. after a year's holiday
    schedule was published); records DEADLINE_RECOMPUTED only when the date moved.
    Requires the office role (the same as dispatch)."""
    at = _now(clock)
    close_time = office_close_time(policy)
    _actor(actor)
    with uow:
        matter = load_visible(uow, actor, matter_id)
        authorize(actor, Action.DISPATCH, matter)
        change = handling.recompute_due(matter, actor, at, calendar, close=close_time)
        if change is None:
            return matter
        uow.matters.update(change.matter, expected_version=matter.version)
        uow.events.append([change.event])
        uow.commit()
    return change.matter


