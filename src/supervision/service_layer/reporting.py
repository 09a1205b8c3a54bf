"""The read path of every figure: one office's statistics as of an instant, for one reader.

:func:`_read_office` loads what a figure needs (the office, its units, its matters with their
events, the escalations and score entries) in one unit of work — private, because for an
office role it holds every matter of the office whole, confidential ones included;
:func:`office_statistics` turns it into the one set of figures
(:mod:`supervision.domain.statistics`), and :func:`score_report` into the ranked scorecards.
The ledger's rate sheet, the scorecard
outputs, the JSON exports and the HTML report all read these two functions.

Who sees what (as :mod:`~supervision.service_layer.assessment` explains): the figures are the
office's — an office role (督查办工作人员, 审定领导, 纪检监察, 审计只读) reads every unit's
figures computed from all the office's matters, because the regulations assess units on all
their work; a unit's own people read their unit's figures from the matters they may see. The
matters themselves — ledger rows, lights, matter numbers in a score trace, escalations — are
only ever the ones the reader may see (``daoli-2017 art.23``). Every result states its instant,
the office, the policy and that basis (``basis``).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping

import attrs

from supervision.calendar import SHANGHAI, Calendar
from supervision.domain._text import check_date, check_id, check_instant
from supervision.domain.actors import UNIT_ROLES, Actor
from supervision.domain.escalation import Escalation
from supervision.domain.events import Event
from supervision.domain.model import Matter, Unit
from supervision.domain.office import Office
from supervision.domain.permissions import OFFICE_FIGURE_ROLES, can_view
from supervision.domain.policy import AssessmentPeriod, Policy
from supervision.domain.scorecard import Scorecard, scorecards
from supervision.domain.scoring import ScoreEntry, ScorePeriod
from supervision.domain.statistics import (
    DEFAULT_DUE_SOON_WORKING_DAYS,
    Figures,
    MatterStanding,
    assess,
    assess_state,
    figures,
    figures_by_unit,
    matter_at,
)
from supervision.exceptions import InvalidInput, OfficeNotFound, SupervisionError
from supervision.ports import UnitOfWork
from supervision.service_layer._support import check_actor
from supervision.service_layer.context import Context

__all__ = [
    "OfficeRead",
    "OfficeStatistics",
    "ScoreReport",
    "UnitFigures",
    "assessment_period_of",
    "office_statistics",
    "score_report",
]

#: The basis of the figures, as every output states it.
OFFICE_BASIS = "本机构考核口径：计入本机构全部事项（含阅读人无权查看的事项，仅计数不列明细）"
UNIT_BASIS = "本单位口径：计入阅读人可见的本单位事项"


@attrs.frozen
class OfficeRead:
    """What one reader's figures of one office are computed from, as of ``as_of``.

    ``matters`` are the office's matters registered by ``as_of`` that count in the figures
    (all of them for an office role, the reader's own unit's visible ones otherwise),
    ``seen`` those the reader may see (whose ids are ``visible``), ``events`` each of those
    matters' events; ``escalations`` and ``entries`` are those of the office about them;
    ``policy`` is the policy the office works under at ``as_of`` (or at the period's end, if
    earlier)."""

    as_of: _dt.datetime
    reader: Actor
    office: Office
    policy: Policy
    calendar: Calendar
    close: _dt.time | None
    units: tuple[Unit, ...]
    matters: tuple[Matter, ...]
    events: Mapping[str, tuple[Event, ...]]
    escalations: tuple[Escalation, ...]
    entries: tuple[ScoreEntry, ...]
    visible: frozenset[str]
    office_level: bool
    seen: tuple[Matter, ...] = ()

    @property
    def basis(self) -> str:
        return OFFICE_BASIS if self.office_level else UNIT_BASIS

    def matter_at(self, matter_id: str) -> Matter | None:
        """The matter as it stood at ``as_of``."""
        matter = next((m for m in (*self.matters, *self.seen) if m.id == matter_id), None)
        if matter is None:
            return None
        return matter_at(matter, self.events.get(matter_id, ()), self.as_of)


def _check_period(period: object) -> ScorePeriod | None:
    if period is None:
        return None
    if not isinstance(period, ScorePeriod):
        raise InvalidInput(
            "period", "a ScorePeriod (ScorePeriod.of_year(2026), ScorePeriod.parse('2026-Q3')) "
            "or None", period)
    try:  # a period put together with the bare constructor is checked like any input
        key = period.key
    except Exception:  # fields of any type: formatting them may raise anything
        raise InvalidInput("period", "a ScorePeriod built with of_year, of_half, of_quarter, "
                           "of_month or parse", period) from None
    try:
        return ScorePeriod.parse(key)
    except InvalidInput as error:
        raise InvalidInput(f"period.{error.field}", error.expected, error.got) from None


@attrs.frozen
class _Scope:
    """Whose figures of which office a read gives, as of when: checked once here for both
    read paths (:func:`_read_office` and the scorecard's stored-facts read,
    ``assessment._read_judged``), so the two filter by the actor in exactly the same way."""

    as_of: _dt.datetime
    period: ScorePeriod | None
    office_id: str
    office_level: bool
    own_unit: str | None

    def units(self, uow: UnitOfWork) -> list[Unit]:
        """The office's units the reader's figures cover (its own unit for a unit role)."""
        units = uow.units.list(self.office_id)
        return units if self.office_level else [u for u in units if u.id == self.own_unit]

    def counted(self, matter_id: str, lead_unit_id: str, visible: frozenset[str]) -> bool:
        """Whether a matter of the office counts in the reader's figures."""
        return self.office_level or (matter_id in visible and lead_unit_id == self.own_unit)

    def escalations(self, uow: UnitOfWork, wanted: set[str]) -> tuple[Escalation, ...]:
        return tuple(e for e in uow.escalations.list(offices=(self.office_id,))
                     if e.matter_id in wanted)

    def entries(self, uow: UnitOfWork, visible: frozenset[str]) -> tuple[ScoreEntry, ...]:
        """The score entries the reader sees: all for an office role, else its own unit's
        entries whose matters it may all see."""
        return tuple(
            e for e in uow.scores.list(offices=(self.office_id,))
            if (self.office_level or (e.unit_id == self.own_unit
                                      and all(m in visible for m in e.matter_ids)))
        )

    def term_day(self) -> _dt.date:
        """The day whose term (policy) the figures are graded under."""
        day = self.as_of.date()
        return day if self.period is None else min(day, self.period.last_day)


def _office_scope(actor: Actor, *, as_of: _dt.datetime, period: ScorePeriod | None,
                  office_id: str | None) -> _Scope:
    """Check the reader, the instant, the period and the office (the actor's, or one it
    reads: OfficeNotFound otherwise, as for a missing office)."""
    check_actor(actor)
    as_of = check_instant(as_of, "as_of").astimezone(SHANGHAI)
    period = _check_period(period)
    target = actor.office_id if office_id is None else check_id(office_id, "office_id")
    if not isinstance(target, str) or not actor.reads(target):
        raise OfficeNotFound(str(target))
    return _Scope(as_of=as_of, period=period, office_id=target,
                  office_level=bool(actor.roles & OFFICE_FIGURE_ROLES),
                  own_unit=actor.unit_id if actor.roles & UNIT_ROLES else None)


def _read_office(
    uow: UnitOfWork,
    ctx: Context,
    actor: Actor,
    *,
    as_of: _dt.datetime,
    period: ScorePeriod | None = None,
    office_id: str | None = None,
) -> OfficeRead:
    """Load one office's figures' inputs for ``actor`` as of ``as_of`` (the actor's office,
    or ``office_id``, one the actor reads; OfficeNotFound otherwise)."""
    scope = _office_scope(actor, as_of=as_of, period=period, office_id=office_id)
    as_of = scope.as_of
    with uow:
        office = uow.offices.get(scope.office_id)
        units = scope.units(uow)
        everything = [m for m in uow.matters.list(offices=(office.id,))
                      if m.registered_at <= as_of]
        visible = frozenset(m.id for m in everything if can_view(actor, m))
        matters = [m for m in everything if scope.counted(m.id, m.lead_unit_id, visible)]
        seen = [m for m in everything if m.id in visible]
        wanted = {m.id for m in matters} | visible
        # the events of every wanted matter in one set read (one query per 900 matters on
        # SQL), not one query per matter
        found_events = uow.events.for_matters([m.id for m in everything if m.id in wanted])
        events = {m.id: tuple(found_events.get(m.id, ())) for m in everything
                  if m.id in wanted}
        escalations = scope.escalations(uow, wanted)
        entries = scope.entries(uow, visible)
        policy = ctx.policy(office.term_on(scope.term_day()).policy)
        calendar = ctx.calendar_of(office)
    return OfficeRead(
        as_of=as_of, reader=actor, office=office, policy=policy, calendar=calendar,
        close=ctx.close_of(office), units=tuple(units), matters=tuple(matters), events=events,
        escalations=escalations, entries=entries, visible=visible,
        office_level=scope.office_level,
        seen=tuple(seen),
    )


def assessment_period_of(policy: Policy, when: _dt.datetime | _dt.date) -> ScorePeriod:
    """The assessment period of ``policy`` containing ``when``: the half-year where the
    policy grades by half-year (``daoli-2017 art.27`` 每半年), else the year."""
    if not isinstance(policy, Policy):
        raise InvalidInput("policy", "a supervision.domain.policy.Policy", policy)
    if isinstance(when, _dt.datetime):
        when = check_instant(when, "when")
    elif not isinstance(when, _dt.date):
        raise InvalidInput("when", "an aware datetime or a date", when)
    else:
        when = check_date(when, "when")
    kinds = [r.assessment for r in policy.scoring]
    if policy.grading is not None:
        kinds.append(policy.grading.assessment)
    half = bool(kinds) and all(k is AssessmentPeriod.HALF_YEAR for k in kinds)
    return ScorePeriod.containing(when, AssessmentPeriod.HALF_YEAR if half
                                  else AssessmentPeriod.YEAR)


@attrs.frozen
class UnitFigures:
    """One unit's figures."""

    unit_id: str
    unit_name: str
    figures: Figures


@attrs.frozen
class OfficeStatistics:
    """One office's figures for ``period`` (None: every matter dispatched by ``as_of``) as
    of ``as_of``, as ``reader`` reads them: per unit (``units``, in the office's order) and
    for the office (``total``: the same figures over all its units' matters — the handling
    times are the office's own mean and median, never a mean of means).

    ``standings`` are the matters the reader may see, each as it stood at ``as_of``
    (the ledger's lights); ``basis`` says which matters the figures count."""

    office_id: str
    office_name: str
    policy_name: str
    policy_title: str
    period: ScorePeriod | None
    as_of: _dt.datetime
    reader: str
    basis: str
    units: tuple[UnitFigures, ...]
    total: Figures
    standings: tuple[MatterStanding, ...]

    @property
    def period_label(self) -> str:
        """2026年下半年, or 截至…全部事项 with no period."""
        if self.period is not None:
            return self.period.label
        return "截至统计时点的全部事项"

    def unit(self, unit_id: str) -> Figures:
        """The figures of one unit (InvalidInput when it is not among them)."""
        for unit in self.units:
            if unit.unit_id == unit_id:
                return unit.figures
        raise InvalidInput("unit_id", "a unit of these statistics", unit_id)

    def by_name(self) -> dict[str, Figures]:
        return {u.unit_name: u.figures for u in self.units}


def _reader_label(actor: Actor) -> str:
    roles = "、".join(sorted(r.label for r in actor.roles))
    return f"{actor.name}（{roles}）" if actor.name else f"{actor.person_id}（{roles}）"


def standings_of(
    ctx: Context,
    read: OfficeRead,
    *,
    due_soon_working_days: int = DEFAULT_DUE_SOON_WORKING_DAYS,
    seen: bool = False,
    every: bool = False,
) -> dict[str, MatterStanding]:
    """Every counted matter (with ``seen``, every matter the reader may see; with ``every``,
    both) as it stood at ``read.as_of``, under its own policy."""
    found: dict[str, MatterStanding] = {}
    if every:
        chosen = list({m.id: m for m in (*read.matters, *read.seen)}.values())
    else:
        chosen = list(read.seen if seen else read.matters)
    for matter in chosen:
        standing = assess(matter, read.events.get(matter.id, ()), ctx.policy_of(matter),
                          read.calendar, read.as_of, close=read.close,
                          due_soon_working_days=due_soon_working_days)
        if standing is not None:
            found[matter.id] = standing
    return found


def _judged_of(
    ctx: Context,
    read: OfficeRead,
    *,
    due_soon_working_days: int = DEFAULT_DUE_SOON_WORKING_DAYS,
) -> tuple[dict[str, MatterStanding], dict[str, Matter]]:
    """:func:`standings_of` of the counted matters together with each one as it stood at
    ``read.as_of`` (``matter_at``), every matter rebuilt once: what the scorecards read."""
    found: dict[str, MatterStanding] = {}
    states: dict[str, Matter] = {}
    for matter in read.matters:
        state = matter_at(matter, read.events.get(matter.id, ()), read.as_of)
        if state is None:
            continue
        found[matter.id] = assess_state(
            state, ctx.policy_of(matter), read.calendar, read.as_of, close=read.close,
            due_soon_working_days=due_soon_working_days)
        states[matter.id] = state
    return found, states


def office_statistics(
    uow: UnitOfWork,
    ctx: Context,
    actor: Actor,
    *,
    as_of: _dt.datetime,
    period: ScorePeriod | None = None,
    office_id: str | None = None,
    due_soon_working_days: int = DEFAULT_DUE_SOON_WORKING_DAYS,
) -> OfficeStatistics:
    """The one set of figures of the actor's office (or ``office_id``) for ``period`` as of
    ``as_of`` (docs/statistics.md): per unit and for the office, with the reader's matters'
    standings."""
    read = _read_office(uow, ctx, actor, as_of=as_of, period=period, office_id=office_id)
    return statistics_of(ctx, read, period, due_soon_working_days=due_soon_working_days)


def _named(figures: Figures, visible: frozenset[str]) -> Figures:
    """``figures`` naming only the matters the reader may see: an office role's figures count
    every matter of the office, but never name one the reader may not see."""
    return attrs.evolve(figures, matter_ids=tuple(m for m in figures.matter_ids
                                                  if m in visible))


def statistics_of(
    ctx: Context,
    read: OfficeRead,
    period: ScorePeriod | None,
    *,
    due_soon_working_days: int = DEFAULT_DUE_SOON_WORKING_DAYS,
    standings: Mapping[str, MatterStanding] | None = None,
) -> OfficeStatistics:
    """:func:`office_statistics` from what :func:`_read_office` loaded (``standings``: the
    matters' standings when the caller has them, ``standings_of(..., every=True)``)."""
    if standings is None:
        standings = standings_of(ctx, read, due_soon_working_days=due_soon_working_days,
                                 every=True)
    counted = {m.id for m in read.matters}
    values = [s for s in standings.values() if s.matter_id in counted]
    by_unit = figures_by_unit([u.id for u in read.units], values, read.escalations,
                              read.entries, period=period, as_of=read.as_of)
    unit_ids = {u.id for u in read.units}
    total = figures([s for s in values if s.lead_unit_id in unit_ids],
                    [e for e in read.escalations if e.unit_id in unit_ids],
                    [e for e in read.entries if e.unit_id in unit_ids],
                    period=period, as_of=read.as_of, matter_ids={s.matter_id for s in values})
    return OfficeStatistics(
        office_id=read.office.id,
        office_name=read.office.name,
        policy_name=read.policy.name,
        policy_title=read.policy.title,
        period=period,
        as_of=read.as_of,
        reader=_reader_label(read.reader),
        basis=read.basis,
        units=tuple(UnitFigures(u.id, u.name, _named(by_unit[u.id], read.visible))
                    for u in read.units),
        total=_named(total, read.visible),
        standings=tuple(s for s in standings.values() if s.matter_id in read.visible),
    )


@attrs.frozen
class ScoreReport:
    """The ranked scorecards of one office for ``period`` as of ``as_of``, as ``reader``
    reads them: the office, the policy (its registry name and title) and the basis stated,
    every card's trace limited to the matters the reader may see (``limited``: the keys of
    the entries whose trace names a matter the reader may not see), and ``numbers`` the
    registration number of each visible matter (for 扣分明细)."""

    office_id: str
    office_name: str
    policy_name: str
    policy_title: str
    period: ScorePeriod
    as_of: _dt.datetime
    reader: str
    basis: str
    cards: tuple[Scorecard, ...]
    numbers: Mapping[str, str]
    policy: Policy
    clauses: Mapping[str, str] = attrs.field(factory=dict)
    limited: frozenset[str] = frozenset()

    def cite(self, key: str) -> str:
        """A clause key in its policy's Chinese words (《…》第八条第（二）项)."""
        return self.clauses.get(key) or self.policy.cite_key(key)

    @property
    def grading_clause(self) -> str:
        """The grading clause in Chinese (``daoli-2017 art.27``), empty where none."""
        grading = self.policy.grading
        return "" if grading is None else self.policy.cite(grading.citation)


#: What an entry tracing to a matter the reader may not see is called instead of its key
#: (which names the matter): 不公开的考核记录 and its place on the card.
RESTRICTED_KEY = "restricted-entry"


def _traced_for(card: Scorecard, visible: frozenset[str]) -> Scorecard:
    """The card with every entry's trace limited to the matters the reader may see: an entry
    tracing to a hidden matter keeps its points, basis, clause and time (the office's
    figure) but not its key, trace or the key it compensates, which would name the matter."""
    hidden = {e.key for e in card.entries if not all(m in visible for m in e.matter_ids)}
    entries = tuple(
        e if e.key not in hidden and e.compensates not in hidden
        else attrs.evolve(
            e,
            key=f"{RESTRICTED_KEY}:{card.unit_id}:{i}" if e.key in hidden else e.key,
            matter_ids=tuple(m for m in e.matter_ids if m in visible),
            event_ids=() if e.key in hidden else e.event_ids,
            escalation_keys=() if e.key in hidden else e.escalation_keys,
            compensates=None if e.compensates in hidden else e.compensates,
        )
        for i, e in enumerate(card.entries, start=1)
    )
    components = tuple(
        attrs.evolve(c, matter_ids=tuple(m for m in c.matter_ids if m in visible))
        for c in card.components
    )
    figures = card.figures
    if figures is not None:
        figures = attrs.evolve(figures, matter_ids=tuple(m for m in figures.matter_ids
                                                         if m in visible))
    return attrs.evolve(card, entries=entries, components=components, figures=figures)


def scorecards_of(
    ctx: Context, read: OfficeRead, period: ScorePeriod,
    standings: Mapping[str, MatterStanding] | None = None,
) -> tuple[Scorecard, ...]:
    """The ranked scorecards of ``read``'s units for ``period``, traces limited to what the
    reader may see."""
    states: Mapping[str, Matter] | None = None
    if standings is None:
        standings, states = _judged_of(ctx, read)
    cards = scorecards(
        read.units, read.matters, read.escalations, read.entries, read.policy, read.calendar,
        period, read.as_of, close=read.close, policy_of=ctx.policy_of, events=read.events,
        standings=standings, states=states,
    )
    return tuple(_traced_for(card, read.visible) for card in cards)


def score_report(
    uow: UnitOfWork,
    ctx: Context,
    actor: Actor,
    period: ScorePeriod,
    *,
    as_of: _dt.datetime,
    office_id: str | None = None,
) -> ScoreReport:
    """The scorecards of the actor's office (or ``office_id``) for ``period`` as of
    ``as_of``, with what the outputs name (office, policy, basis, matter numbers)."""
    checked = _check_period(period)
    if checked is None:
        raise InvalidInput("period", "a ScorePeriod (ScorePeriod.of_year(2026))", period)
    read = _read_office(uow, ctx, actor, as_of=as_of, period=checked, office_id=office_id)
    return score_report_of(ctx, read, checked)


def _clause(ctx: Context, key: str) -> str:
    name = key.split(" ", 1)[0]
    try:
        return ctx.policies.get(name).cite_key(key)
    except SupervisionError:
        return key


def score_report_of(
    ctx: Context, read: OfficeRead, period: ScorePeriod,
    standings: Mapping[str, MatterStanding] | None = None,
) -> ScoreReport:
    """:func:`score_report` from what :func:`_read_office` loaded."""
    cards = scorecards_of(ctx, read, period, standings)
    keys = {e.citation.key for card in cards for e in card.entries}
    return ScoreReport(
        office_id=read.office.id,
        office_name=read.office.name,
        policy_name=read.policy.name,
        policy_title=read.policy.title,
        period=period,
        as_of=read.as_of,
        reader=_reader_label(read.reader),
        basis=read.basis,
        cards=cards,
        numbers={m.id: str(m.number) for m in read.matters if m.id in read.visible},
        policy=read.policy,
        clauses={key: _clause(ctx, key) for key in sorted(keys)},
        limited=frozenset(e.key for card in cards for e in card.entries
                          if e.key.startswith(f"{RESTRICTED_KEY}:")),
    )
