"""立项: registering a matter in the actor's office, under the policy in force there that day.

The matter records its office and the office's policy term in force on the registration day
(name, exact parameters, fingerprint); from then on every rule applied to it comes from that
policy. The number is the office's: 机关代字〔year〕seq号, one sequence per office and year.
"""

from __future__ import annotations

import datetime as _dt
import os
import uuid
from collections.abc import Collection, Sequence

import attrs

from supervision._collector import paused
from supervision.calendar import SHANGHAI
from supervision.domain import handling
from supervision.domain._text import check_instant, check_value
from supervision.domain.actors import Actor
from supervision.domain.duplicates import DuplicateCandidate, DuplicateOverride, find_duplicates
from supervision.domain.handling._registration import built, check_registered
from supervision.domain.lifecycle import Action
from supervision.domain.model import (
    DeadlineBasis,
    DeadlineTerms,
    HandlingMode,
    Matter,
    Registration,
    RegistrationNumber,
    Source,
)
from supervision.domain.office import Office, PolicyTerm
from supervision.domain.permissions import authorize, can_view
from supervision.domain.policy import Obligation, Policy, Requirement, SignOff, StartEvent
from supervision.exceptions import (
    DuplicateSupervision,
    InvalidInput,
    RuleViolation,
    SupervisionError,
    UnitNotFound,
)
from supervision.ports import UnitOfWork
from supervision.service_layer._support import _cited, check_actor, load_visible
from supervision.service_layer.context import Context, office_of

__all__ = [
    "DUPLICATE_ARTICLE",
    "apply_registration_rules",
    "check_duplicates",
    "default_terms",
    "rederive_terms",
    "register",
    "register_in",
    "register_many_in",
    "register_matter",
    "resolve_terms",
]

#: The clause the duplicate guard rests on, cited by number (docs/duplicates.md: its wording
#: could not be confirmed here).
DUPLICATE_ARTICLE = "《政府督查工作条例》第十五条"

_START_LABELS = {
    "meeting": "the meeting (会议召开)",
    "minutes_issue": "the minutes' issue (会议纪要印发)",
    "document_issue": "the document's issue (文件印发)",
}


#: ``uuid.uuid4`` as imported: :func:`_new_id` writes its hex itself while it is this one.
_UUID4 = uuid.uuid4


def _new_id() -> str:
    """A new matter id: ``uuid.uuid4().hex`` — 16 random bytes with the version (4) and
    the variant bits set as :class:`uuid.UUID` sets them — written without building the
    ``UUID`` (≈ 3× cheaper); through ``uuid.uuid4`` itself when that was replaced (a host
    or a test numbering its matters)."""
    if uuid.uuid4 is not _UUID4:
        return uuid.uuid4().hex
    data = bytearray(os.urandom(16))
    data[6] = (data[6] & 0x0F) | 0x40
    data[8] = (data[8] & 0x3F) | 0x80
    return data.hex()


def _check_policy(policy: object) -> Policy:
    if not isinstance(policy, Policy):
        raise InvalidInput("policy", "a supervision.domain.policy.Policy", policy)
    return policy


def _requirement_cite(policy: Policy, requirement: Requirement) -> str:
    rule = next((r for r in policy.registration if r.requirement is requirement), None)
    return "" if rule is None else rule.citation.key


def resolve_terms(policy: Policy, registration: Registration) -> DeadlineTerms:
    """The deadline inputs of a new matter: the one stated in the notice or plan, else the
    policy's default for the category or source, counted from the event the policy names.

    Every matter carries a deadline: with neither, RuleViolation ``deadline_required`` citing
    the policy's rule where it has one."""
    _check_policy(policy)
    return _resolved(policy, handling.check_registration(registration))


def _resolved(policy: Policy, registration: Registration) -> DeadlineTerms:
    """:func:`resolve_terms` of a registration already checked."""
    if registration.deadline is not None:
        if not isinstance(registration.deadline, DeadlineTerms):
            raise InvalidInput(
                "deadline", "DeadlineTerms (DeadlineTerms.stated(...))", registration.deadline
            )
        if registration.deadline.basis is DeadlineBasis.CATEGORY_DEFAULT:
            _check_chosen_default(policy, registration.category, registration.source,
                                 registration.deadline)
        return registration.deadline
    return _defaults(policy, registration.category, registration.source)


def _check_chosen_default(policy: Policy, category: str | None, source: Source,
                         terms: DeadlineTerms) -> None:
    """A deadline passed as the policy's category default must be that default, or a value the
    clerk chose inside the range the text gives (``daoli-2017 art.7(2)`` 一般事项3至5日,
    涉及面较广…7至15日): PeriodOutOfRange outside the range, RuleViolation
    ``not_the_default`` for any other period (a deadline of the notice's own is
    ``DeadlineTerms.stated``); ``deadline_required`` where the policy has no default. Applied
    at registration and to a reopened round (``reinspect``)."""
    fresh = _defaults(policy, category, source)
    period = terms.period
    if period is None or period == fresh.period:
        return
    rule = policy.default_rule(category, source.kind.value)
    if rule is not None and rule.range is not None and category is not None \
            and period.unit is rule.range.unit:
        policy.choose_period(category, source.kind.value,
                             period.count)  # raises PeriodOutOfRange outside the range
        return
    raise RuleViolation(
        "not_the_default",
        f"本制度对该类事项的默认期限为{fresh.period.label if fresh.period else ''}，"
        f"不是{period.label}；通知写明的期限请按写明的期限登记。 The policy's default for this "
        f"matter is {fresh.period.label if fresh.period else '-'}, not {period.label}: record a "
        "deadline the notice states with DeadlineTerms.stated(...).",
        "" if rule is None else rule.citation.key,
    )


def default_terms(policy: Policy, category: str | None, src: Source) -> DeadlineTerms:
    """The policy's default deadline for a matter of ``category`` from ``src``: the period
    and the event it counts from (dispatch, the meeting, the minutes' or the document's
    issue). RuleViolation ``deadline_required`` when the policy gives none,
    ``start_date_required`` when the start event's date is not recorded. ``category`` is a
    key or a person's words for it (重要事项, 重要: :meth:`Policy.category_named`)."""
    _check_policy(policy)
    if category is not None and not isinstance(category, str):
        raise InvalidInput("category", "a category key or label (text) or None", category)
    named = None if category is None else policy.category_named(category)
    key = category if named is None else named.key
    return _defaults(policy, key, check_value(src, Source, "src"))


def _defaults(policy: Policy, category: str | None, src: Source) -> DeadlineTerms:
    """:func:`default_terms` of a checked category and source (a checked registration's)."""
    source = src.kind.value
    rule = policy.default_rule(category, source)
    if rule is None:
        raise RuleViolation(
            "deadline_required",
            "督办事项须明确办理时限：请在交办通知中写明期限，或选择本制度有默认期限的事项类别。 "
            "Every matter carries a deadline: state one with DeadlineTerms.stated(...), or "
            "choose a category the policy has a default for.",
            _requirement_cite(policy, Requirement.DEADLINE_REQUIRED),
        )
    period = rule.period
    event = policy.default_start_event(category, source) or "dispatch"
    day = {
        "meeting": src.meeting_date,
        "minutes_issue": src.minutes_date,
        "document_issue": src.issued_on,
    }.get(event)
    note = f"{policy.title}默认期限"
    if event in _START_LABELS:
        if day is None:
            raise RuleViolation(
                "start_date_required",
                f"本制度的默认期限（{period.label}）自{_START_LABELS[event]}起算，请登记该日期或写明"
                f"期限。 This matter's default period ({period.label}) runs from "
                f"{_START_LABELS[event]}: give that date in the source "
                "(Source.meeting(meeting_date, minutes_date) or Source.of(..., issued_on=...)) "
                "or state the deadline.",
                rule.citation.key,
            )
        start = _dt.datetime.combine(day, _dt.time(0), SHANGHAI)
        return DeadlineTerms.category_default(period, start_at=start, note=note)
    return DeadlineTerms.category_default(period, note=note)


def apply_registration_rules(policy: Policy, registration: Registration) -> None:
    """Every registration rule of ``policy`` applied to ``registration``: the first refusal
    (``category_required``, ``deadline_required``, ``leader_instruction_missing``,
    ``internal_function``) raises :class:`RuleViolation` citing the clause, so nothing is
    stored. A category the policy does not know raises UnknownCategory listing its own."""
    _check_policy(policy)
    _apply_rules(policy, _category_by_key(policy, handling.check_registration(registration)))


def _category_by_key(policy: Policy, registration: Registration) -> Registration:
    """``registration`` with its category written as the key of the category it names: a
    person's words (重要事项, 重要, 紧急) are accepted where the key is (``important``),
    :meth:`~supervision.domain.policy.Policy.category_named`; text that names none is left
    as given, and refused by the rules (UnknownCategory listing the policy's own)."""
    text = registration.category
    if text is None:
        return registration
    named = policy.category_named(text)
    if named is None or named.key == text:
        return registration
    return attrs.evolve(registration, category=named.key)


def _apply_rules(policy: Policy, registration: Registration) -> None:
    """:func:`apply_registration_rules` on a registration already checked."""
    category = registration.category
    if category is not None and (not isinstance(category, str) or not category.strip()):
        raise InvalidInput("category", "a category name or None", category)
    findings = policy.check_registration(
        category=category,
        source=registration.source.kind.value,
        leader_instruction=registration.instruction is not None,
        internal_function=registration.internal_function,
        deadline_stated=registration.deadline is not None,
    )
    refusal = next((f for f in findings if f.refuses), None)
    if refusal is not None:
        raise RuleViolation(
            refusal.code, refusal.message,
            "" if refusal.citation is None else refusal.citation.key,
        )
    _check_receipt(policy, registration)
    if policy.signoff is not None and policy.signoff.signer is SignOff.SUPERVISING_LEADER and (
        registration.supervising_leader is None
    ):
        raise RuleViolation(
            "supervising_leader_required",
            "本制度的办理结果须经分管领导同志阅签：立项时请登记该事项的分管领导。 "
            "Record the government leader in charge of the matter, who signs its reports.",
            policy.signoff.citation.key,
        )


def _check_receipt(policy: Policy, registration: Registration) -> None:
    receipt = registration.receipt
    if receipt is None:
        return
    duties = [d.key for d in policy.duties
              if d.start is StartEvent.RECEIPT and d.obligation is Obligation.SIGN_OFF_AND_FORWARD]
    if receipt.duty not in duties:
        raise InvalidInput(
            "receipt.duty",
            "one of the policy's duties that run from receipt: " + (", ".join(duties) or "none"),
            receipt.duty,
        )


def check_duplicates(
    uow: UnitOfWork,
    ctx: Context,
    actor: Actor,
    office: Office,
    at: _dt.datetime,
    registration: Registration,
    override: DuplicateOverride | None,
) -> tuple[DuplicateCandidate, ...]:
    """The duplicate-supervision guard (重复督查, :mod:`supervision.domain.duplicates`): the
    office's matters the registering person may see that ``registration`` likely repeats.
    Found and not overridden: :class:`~supervision.exceptions.DuplicateSupervision` (a
    RuleViolation ``duplicate_supervision`` listing them). An override must name every matter
    found when it names any (``matter_ids``). Off (nothing found) when the context has no
    guard."""
    if override is not None and not isinstance(override, DuplicateOverride):
        raise InvalidInput("override", "a DuplicateOverride (DuplicateOverride.of(reason))",
                           override)
    guard = ctx.duplicates
    if guard is None:
        return ()
    existing = [m for m in uow.matters.list(offices=(office.id,),
                                            unit_id=registration.lead_unit_id)
                if can_view(actor, m)]
    found = tuple(find_duplicates(registration, at, existing, guard))
    if not found:
        return ()
    if override is None:
        raise DuplicateSupervision(found, DUPLICATE_ARTICLE)
    missing = sorted({c.matter_id for c in found} - set(override.matter_ids))
    if override.matter_ids and missing:
        raise InvalidInput(
            "override.matter_ids",
            "every matter the guard found (" + "、".join(c.number for c in found) + ")",
            list(override.matter_ids),
        )
    return found


def register_matter(
    uow: UnitOfWork,
    ctx: Context,
    actor: Actor,
    office: Office,
    at: _dt.datetime,
    registration: Registration,
    matter_id: str | None,
    override: DuplicateOverride | None = None,
) -> Matter:
    """Check, number and stage a new matter of ``office`` (inside the caller's unit of work).
    A likely duplicate (when the context's guard is on) is refused unless ``override`` gives
    the reason, which the REGISTERED event records with the matters it overrides."""
    change = _prepare(uow, ctx, actor, office, at, registration, matter_id, override=override)
    uow.matters.add(change.matter)
    uow.events.append([change.event])
    return change.matter


def _prepare(
    uow: UnitOfWork,
    ctx: Context,
    actor: Actor,
    office: Office,
    at: _dt.datetime,
    registration: Registration,
    matter_id: str | None,
    units: Collection[str] | None = None,
    *,
    override: DuplicateOverride | None = None,
) -> handling.Change:
    """Check and number a new matter of ``office``: the matter and its REGISTERED event, not
    stored yet. ``units``: the office's unit ids, when the caller read them already."""
    checked = _checked(uow, ctx, actor, office, at, registration, matter_id, units,
                       override=override)
    return _numbered(uow, office, actor, at, checked)


@attrs.frozen
class _Checked:
    """A registration that passed every check, not numbered yet: what numbering it and
    building its matter needs."""

    registration: Registration
    matter_id: str
    day: _dt.date
    term: PolicyTerm
    terms: DeadlineTerms
    mode: HandlingMode
    duplicates: tuple[DuplicateCandidate, ...]
    override: DuplicateOverride | None


def _checked(
    uow: UnitOfWork,
    ctx: Context,
    actor: Actor,
    office: Office,
    at: _dt.datetime,
    registration: Registration,
    matter_id: str | None,
    units: Collection[str] | None = None,
    *,
    override: DuplicateOverride | None = None,
    found: dict[_dt.datetime, tuple[_dt.date, PolicyTerm, Policy]] | None = None,
    authorized: bool = False,
) -> _Checked:
    """Every check of a new matter of ``office``, before it is numbered. ``found``: the
    day, term and policy of each instant, kept by the caller of a batch (what the first
    registration found, for the same office and instant); ``authorized``: the caller has
    found that ``actor`` may register (the same answer for every registration)."""
    registration = handling.check_registration(registration)
    if not authorized:
        authorize(actor, Action.REGISTER)
    known = None if found is None else found.get(at)
    if known is None:
        day = at.astimezone(SHANGHAI).date()
        term = office.term_on(day)
        policy = ctx.policy(term.policy)
        if found is not None:
            found[at] = (day, term, policy)
    else:
        day, term, policy = known
    for unit_id in (registration.lead_unit_id, *registration.co_unit_ids):
        if not isinstance(unit_id, str):
            raise InvalidInput("unit_id", "a unit id (text)", unit_id)
        if units is None:
            uow.units.get(office.id, unit_id)
        elif unit_id not in units:
            raise UnitNotFound(unit_id)
    registration = _category_by_key(policy, registration)
    try:
        _apply_rules(policy, registration)
        terms = _resolved(policy, registration)
    except RuleViolation as error:
        found_error = _cited(policy, error)
        if found_error is error:
            raise
        raise found_error from None
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
    if matter_id is not None and (not isinstance(matter_id, str) or not matter_id.strip()
                                  or len(matter_id) > 128):
        raise InvalidInput("matter_id", "a matter id of 1–128 characters, or None", matter_id)
    duplicates = (() if override is None and ctx.duplicates is None else
                  check_duplicates(uow, ctx, actor, office, at, registration, override))
    new_id = matter_id or _new_id()
    mode = check_registered(new_id, office.id, term.policy, registration, at)
    return _Checked(registration, new_id, day, term, terms, mode, duplicates, override)


def _numbered(uow: UnitOfWork, office: Office, actor: Actor, at: _dt.datetime,
              checked: _Checked) -> handling.Change:
    """The matter of a checked registration, numbered (the office's next number), and its
    REGISTERED event."""
    seq = uow.numbers.next(office.id, office.numbering_prefix, checked.day.year)
    number = RegistrationNumber.of(office.numbering_prefix, checked.day.year, seq)
    change = built(checked.matter_id, office.id, checked.term.policy, number,
                   checked.registration, checked.terms, actor, at, checked.mode)
    if checked.duplicates:
        override = checked.override
        assert override is not None
        change = attrs.evolve(change, event=attrs.evolve(change.event, details=(
            *change.event.details,
            ("duplicate_of", ",".join(c.matter_id for c in checked.duplicates)),
            ("duplicate_override", override.reason),
        )))
    return change


def register(
    uow: UnitOfWork,
    ctx: Context,
    actor: Actor,
    registration: Registration,
    *,
    matter_id: str | None = None,
    override: DuplicateOverride | None = None,
) -> Matter:
    """立项 in the actor's office: number (GB/T 9704, per office and year), check and store a
    new matter in 待审定, under the policy in force in the office that day. With the
    duplicate guard on (``Context(duplicates=...)``), a likely repeat of a matter the office
    supervises is refused (:class:`~supervision.exceptions.DuplicateSupervision`) unless
    ``override`` says why it is registered anyway (recorded on the REGISTERED event).

    The deadline is the one stated in the notice or plan, else the policy's default for the
    category or source; with neither, :class:`RuleViolation` ``deadline_required``.
    ``matter_id`` defaults to a random id (matter ids are unique across offices).
    """
    check_actor(actor)
    at = ctx.now()
    with uow:
        office = office_of(uow, actor)
        matter = register_matter(uow, ctx, actor, office, at, registration, matter_id,
                                 override)
        uow.commit()
    return matter


def register_in(
    uow: UnitOfWork,
    ctx: Context,
    actor: Actor,
    registration: Registration,
    *,
    at: _dt.datetime,
    matter_id: str | None = None,
    override: DuplicateOverride | None = None,
) -> Matter:
    """立项 inside a unit of work the caller has entered and will commit or roll back.

    For batches that must be all-or-nothing (a ledger import): register every matter in one
    ``with uow:`` block, then commit once. ``at`` is the registration instant (aware).
    Checks and numbering are exactly those of :func:`register`.
    """
    check_actor(actor)
    when = check_instant(at, "at")
    office = office_of(uow, actor)
    return register_matter(uow, ctx, actor, office, when, registration, matter_id, override)


def rederive_terms(matter: Matter, policy: Policy) -> Matter:
    """``matter`` with its category-default deadline re-derived whole under ``policy`` — the
    period and the event it counts from, as a fresh matter with the same inputs would get
    (after a parameter change or a migration to another policy). A stated deadline never
    moves; a period the clerk chose inside a range the text gives (daoli-2017 art.7(2)
    3至5日) is kept; where the policy now gives no default the old terms stay."""
    terms = matter.terms
    if terms.basis is not DeadlineBasis.CATEGORY_DEFAULT:
        return matter
    try:
        fresh = default_terms(policy, matter.category, matter.source)
        rule = policy.default_rule(matter.category, matter.source.kind.value)
    except (RuleViolation, InvalidInput):
        return matter
    period = fresh.period
    if (rule is not None and rule.range is not None and terms.period is not None
            and terms.period.unit is rule.range.unit
            and rule.range.contains(terms.period.count)):
        period = terms.period
    if (period, fresh.start_at) == (terms.period, terms.start_at):
        return matter
    return attrs.evolve(matter, terms=attrs.evolve(
        terms, period=period, start_at=fresh.start_at, note=fresh.note))



def register_many_in(
    uow: UnitOfWork,
    ctx: Context,
    actor: Actor,
    registrations: Sequence[Registration],
    *,
    at: _dt.datetime,
    problems: list[tuple[int, SupervisionError]] | None = None,
) -> list[Matter]:
    """立项 of many matters inside a unit of work the caller has entered and will commit or
    roll back (all or nothing): each is checked and numbered exactly as :func:`register_in`
    does, then all are staged at once (``matters.add_many`` and one ``events.append``), so
    the cost is linear in the rows (a ledger import, a bulk registration).

    A problem raises at the first registration it is found in; with ``problems`` given,
    every problem is appended there as ``(index, error)`` instead, and nothing is staged if
    there is any.
    """
    check_actor(actor)
    when = check_instant(at, "at")
    if isinstance(registrations, Registration) or not isinstance(registrations, Sequence):
        raise InvalidInput("registrations", "a list of Registration", registrations)
    if problems is not None and not isinstance(problems, list):
        raise InvalidInput("problems", "a list to collect the problems in, or None", problems)
    office = office_of(uow, actor)
    units = {u.id for u in uow.units.list(office.id)}
    # every registration's checked value, matter, event and rows are built at once and
    # kept until the commit, none in a reference cycle: the collector's passes over the
    # host's heap meanwhile would find nothing to free (supervision._collector)
    with paused():
        return _registered_many(uow, ctx, actor, office, when, units, registrations,
                                problems)


def _registered_many(
    uow: UnitOfWork,
    ctx: Context,
    actor: Actor,
    office: Office,
    when: _dt.datetime,
    units: Collection[str],
    registrations: Sequence[Registration],
    problems: list[tuple[int, SupervisionError]] | None,
) -> list[Matter]:
    """:func:`register_many_in` once its arguments, the office and its units are read."""
    try:  # the same answer for every registration: asked again of each if it refuses
        authorize(actor, Action.REGISTER)
        authorized = True
    except SupervisionError:
        authorized = False
    checked: list[_Checked] = []
    failed = False
    found: dict[_dt.datetime, tuple[_dt.date, PolicyTerm, Policy]] = {}
    for index, registration in enumerate(registrations):
        try:
            checked.append(_checked(uow, ctx, actor, office, when, registration, None, units,
                                    found=found, authorized=authorized))
        except SupervisionError as error:
            if problems is None:
                raise
            problems.append((index, error))
            failed = True
    if failed:
        return []
    # numbered only once every registration passed: a refused batch takes no number
    changes = [_numbered(uow, office, actor, when, c) for c in checked]
    uow.matters.add_many([c.matter for c in changes])
    uow.events.append([c.event for c in changes])
    return [c.matter for c in changes]
