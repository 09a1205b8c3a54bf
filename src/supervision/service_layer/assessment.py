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

from collections.abc import Collection

import attrs

from supervision.domain._text import check_id, check_ids
from supervision.domain.actors import UNIT_ROLES, Actor
from supervision.domain.permissions import OFFICE_FIGURE_ROLES, can_view
from supervision.domain.scorecard import Scorecard, ScorePeriod, scorecards
from supervision.exceptions import InvalidInput, OfficeNotFound
from supervision.ports import UnitOfWork
from supervision.service_layer._support import check_actor
from supervision.service_layer.context import Context

__all__ = ["OFFICE_FIGURE_ROLES", "RESTRICTED_KEY", "scorecard"]


def scorecard(
    uow: UnitOfWork,
    ctx: Context,
    actor: Actor,
    period: ScorePeriod,
    *,
    office_id: str | None = None,
    unit_ids: Collection[str] | None = None,
) -> tuple[Scorecard, ...]:
    """The ranked scorecards of the units of the actor's office (or of ``office_id``, one
    the actor reads) for ``period`` as of now, each matter judged under its own policy and
    graded under the policy the office works under at the period's end."""
    check_actor(actor)
    if not isinstance(period, ScorePeriod):
        raise InvalidInput("period", "a ScorePeriod (ScorePeriod.of_year(2026))", period)
    try:  # a period put together with the bare constructor is checked like any input
        period = (ScorePeriod.of_year(period.year) if period.half is None
                  else ScorePeriod.of_half(period.year, period.half))
    except InvalidInput as error:
        raise InvalidInput(f"period.{error.field}", error.expected, error.got) from None
    wanted = None if unit_ids is None else set(check_ids(unit_ids, "unit_ids",
                                                         allow_empty=True))
    target = actor.office_id if office_id is None else check_id(office_id, "office_id")
    assert target is not None
    if not actor.reads(target):
        raise OfficeNotFound(target)
    now = ctx.now()
    office_level = bool(actor.roles & OFFICE_FIGURE_ROLES)
    with uow:
        office = uow.offices.get(target)
        units = uow.units.list(office.id)
        if wanted is not None:
            units = [u for u in units if u.id in wanted]
        if not office_level:
            own = actor.unit_id if actor.roles & UNIT_ROLES else None
            units = [u for u in units if u.id == own]
        everything = uow.matters.list(offices=(office.id,))
        visible = {m.id for m in everything if can_view(actor, m)}
        matters = everything if office_level else [m for m in everything if m.id in visible]
        counted = {m.id for m in matters}
        escalations = [e for e in uow.escalations.list(offices=(office.id,))
                       if e.matter_id in counted]
        entries = [e for e in uow.scores.list(offices=(office.id,), period=period.key)
                   if office_level or all(m in visible for m in e.matter_ids)]
        policy = ctx.policy(office.term_on(period.last_day).policy)
        calendar = ctx.calendar_of(office)
    cards = scorecards(units, matters, escalations, entries, policy, calendar, period, now,
                       close=ctx.close_of(office), policy_of=ctx.policy_of)
    return tuple(_traced_for(card, visible) for card in cards)


#: What an entry tracing to a matter the reader may not see is called instead of its key
#: (which names the matter): 不公开的考核记录 and its place on the card.
RESTRICTED_KEY = "restricted-entry"


def _traced_for(card: Scorecard, visible: set[str]) -> Scorecard:
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
    return attrs.evolve(card, entries=entries)
