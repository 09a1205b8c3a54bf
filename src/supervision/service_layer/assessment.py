"""The scorecard (考核情况) of an office's units, as an actor may read it.

The assessment is an office-level figure: the office's own roles (督查办工作人员, 审定领导,
纪检监察, 审计只读) read every unit's card computed from all the office's matters, because the
regulations assess units on all their work; but a card's trace never names a matter the
reader may not see (its id is left out of the entry's ``matter_ids``, and the entry's key,
which names the matter, is replaced by :data:`RESTRICTED_KEY` and its place; the points stay,
since the figure is the office's). A unit's own people read only their unit's card, computed
from the matters they may see. An office the actor does not read is reported missing.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Collection

import attrs

from supervision._collector import paused
from supervision.calendar import Calendar
from supervision.clock import require_aware
from supervision.domain._text import check_id, check_ids
from supervision.domain.actors import Actor
from supervision.domain.escalation import Escalation
from supervision.domain.model import Unit
from supervision.domain.permissions import OFFICE_FIGURE_ROLES, can_view_parts
from supervision.domain.policy import Policy
from supervision.domain.scorecard import Scorecard, ScorePeriod, judged_matter, scorecards
from supervision.domain.scoring import ScoreEntry
from supervision.domain.statistics import MatterFacts, MatterStanding
from supervision.domain.statistics._batch import standings_of
from supervision.exceptions import InvalidInput
from supervision.ports import UnitOfWork
from supervision.service_layer import reporting
from supervision.service_layer._support import check_actor
from supervision.service_layer.context import Context

__all__ = ["OFFICE_FIGURE_ROLES", "RESTRICTED_KEY", "scorecard"]

RESTRICTED_KEY = reporting.RESTRICTED_KEY


def scorecard(
    uow: UnitOfWork,
    ctx: Context,
    actor: Actor,
    period: ScorePeriod,
    *,
    office_id: str | None = None,
    unit_ids: Collection[str] | None = None,
    as_of: _dt.datetime | None = None,
) -> tuple[Scorecard, ...]:
    """The ranked scorecards of the units of the actor's office (or of ``office_id``, one
    the actor reads) for ``period`` as of ``as_of`` (default: the context's clock — pass the
    instant; every card states it in ``as_of``), each matter judged as it stood then under
    its own policy, graded under the policy the office works under at the period's end.

    The figures are :mod:`supervision.domain.statistics` (docs/statistics.md), read as
    :func:`supervision.service_layer.reporting._read_office` reads them, each matter judged
    from the facts stored beside it where they hold at ``as_of`` (``_read_judged``)."""
    check_actor(actor)
    checked = reporting._check_period(period)
    if checked is None:
        raise InvalidInput("period", "a ScorePeriod (ScorePeriod.of_year(2026))", period)
    period = checked
    wanted = None if unit_ids is None else set(check_ids(unit_ids, "unit_ids",
                                                         allow_empty=True))
    if office_id is not None:
        office_id = check_id(office_id, "office_id")
    when = ctx.now() if as_of is None else require_aware(as_of, "as_of")
    # every matter's facts and standing are built at once and dropped when ``_cards``
    # returns, none in a reference cycle: the collector's passes over the host's heap
    # meanwhile would find nothing to free (supervision._collector)
    with paused():
        return _cards(uow, ctx, actor, period, when, office_id, wanted)


def _cards(uow: UnitOfWork, ctx: Context, actor: Actor, period: ScorePeriod,
           as_of: _dt.datetime, office_id: str | None, wanted: set[str] | None
           ) -> tuple[Scorecard, ...]:
    read = _read_judged(uow, ctx, actor, as_of=as_of, period=period, office_id=office_id)
    units = read.units if wanted is None else tuple(u for u in read.units if u.id in wanted)
    cards = scorecards(units, (), read.escalations, read.entries, read.policy, read.calendar,
                       period, read.as_of, close=read.close, judged=read.judged)
    return tuple(reporting._traced_for(card, read.visible) for card in cards)


@attrs.frozen
class _Judged:
    """:class:`~supervision.service_layer.reporting.OfficeRead` with each counted matter
    judged (:func:`~supervision.domain.scorecard.judged_matter`) instead of the matters."""

    as_of: _dt.datetime
    policy: Policy
    calendar: Calendar
    close: _dt.time | None
    units: tuple[Unit, ...]
    judged: tuple[tuple[MatterFacts, MatterStanding], ...]
    escalations: tuple[Escalation, ...]
    entries: tuple[ScoreEntry, ...]
    visible: frozenset[str]


def _read_judged(
    uow: UnitOfWork,
    ctx: Context,
    actor: Actor,
    *,
    as_of: _dt.datetime,
    period: ScorePeriod | None,
    office_id: str | None,
) -> _Judged:
    """What :func:`~supervision.service_layer.reporting._read_office` reads (the same
    matters counted, the same filter by the actor), with the matters read as the facts
    stored beside them (``matters.facts``): a matter whose current version took effect by
    ``as_of`` is judged from its facts — exactly the facts of the matter rebuilt as of then,
    which is the matter itself — and only the others are read with their events and rebuilt,
    as the straightforward path rebuilds every one."""
    scope = reporting._office_scope(actor, as_of=as_of, period=period, office_id=office_id)
    as_of = scope.as_of
    with uow:
        office = uow.offices.get(scope.office_id)
        units = scope.units(uow)
        stored = [pair for pair in uow.matters.facts(offices=(office.id,))
                  if pair[0].registered_at <= as_of]
        visible = _visible(actor, [f for f, _at in stored])
        # an office-level reader counts every matter of the office (``scope.counted``)
        counted = stored if scope.office_level else [
            (f, at) for f, at in stored if scope.counted(f.matter_id, f.lead_unit_id, visible)]
        wanted = {f.matter_id for f, _at in counted} | visible
        # judged from the facts: the matters whose current version took effect by ``as_of``
        # (compared with the instant in UTC, as stored: the same order, without converting)
        utc = as_of.astimezone(_dt.UTC)
        as_is = [at is not None and at <= utc for _f, at in counted]
        later = [f.matter_id for (f, _at), quick in zip(counted, as_is, strict=True)
                 if not quick]
        rebuilt = {m.id: m for m in uow.matters.get_many(later)} if later else {}
        events = uow.events.for_matters(later) if later else {}
        escalations = scope.escalations(uow, wanted)
        entries = scope.entries(uow, visible)
        policy = ctx.policy(office.term_on(scope.term_day()).policy)
        calendar = ctx.calendar_of(office)
    close = ctx.close_of(office)
    policies: dict[int, Policy] = {}  # by the reference's identity (alive in ``counted``)
    owns: list[Policy] = []
    for facts, _at in counted:
        own = policies.get(id(facts.policy))
        if own is None:
            own = policies[id(facts.policy)] = ctx.policy(facts.policy)
        owns.append(own)
    # standing_of of each matter judged from its facts, the findings of equal parts once
    standings = iter(standings_of(
        [(facts, own) for (facts, _at), own, quick in zip(counted, owns, as_is, strict=True)
         if quick], calendar, as_of, close=close))
    judged: list[tuple[MatterFacts, MatterStanding]] = []
    for (facts, _at), own, quick in zip(counted, owns, as_is, strict=True):
        if quick:
            judged.append((facts, next(standings)))
            continue
        pair = judged_matter(rebuilt[facts.matter_id], events.get(facts.matter_id, ()), own,
                             calendar, as_of, close=close)
        if pair is not None:
            judged.append(pair)
    return _Judged(as_of=as_of, policy=policy, calendar=calendar, close=close,
                   units=tuple(units), judged=tuple(judged), escalations=escalations,
                   entries=entries, visible=visible)


def _visible(actor: Actor, facts: list[MatterFacts]) -> frozenset[str]:
    """The ids of the matters of ``facts`` that ``actor`` may see: ``can_view_parts`` of
    each one's office, assignments and circle, asked once per distinct parts. Facts read
    back share their assignments and circles (``adapters.sqlalchemy._facts``), so the parts
    are told apart by identity — every one of ``facts`` is alive meanwhile, so an identity
    is never another value's — and equal parts that are distinct objects are asked again."""
    seen: dict[tuple[str, int, int], bool] = {}
    found: list[str] = []
    for f in facts:
        key = (f.office_id, id(f.units), id(f.confidentiality))
        sees = seen.get(key)
        if sees is None:
            sees = seen[key] = can_view_parts(actor, f.office_id, f.units, f.confidentiality)
        if sees:
            found.append(f.matter_id)
    return frozenset(found)
