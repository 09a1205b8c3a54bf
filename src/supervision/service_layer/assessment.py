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

from supervision.clock import require_aware
from supervision.domain._text import check_id, check_ids
from supervision.domain.actors import Actor
from supervision.domain.permissions import OFFICE_FIGURE_ROLES
from supervision.domain.scorecard import Scorecard, ScorePeriod
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

    The figures are :mod:`supervision.domain.statistics` (docs/statistics.md), read through
    :func:`supervision.service_layer.reporting.read_office`."""
    check_actor(actor)
    if not isinstance(period, ScorePeriod):
        raise InvalidInput("period", "a ScorePeriod (ScorePeriod.of_year(2026))", period)
    try:  # a period put together with the bare constructor is checked like any input
        key = period.key
    except (TypeError, ValueError, OverflowError):  # a field of the wrong type: 2026.5
        raise InvalidInput("period", "a ScorePeriod (ScorePeriod.of_year(2026))",
                           period) from None
    try:
        period = ScorePeriod.parse(key)
    except InvalidInput as error:
        raise InvalidInput(f"period.{error.field}", error.expected, error.got) from None
    wanted = None if unit_ids is None else set(check_ids(unit_ids, "unit_ids",
                                                         allow_empty=True))
    if office_id is not None:
        office_id = check_id(office_id, "office_id")
    when = ctx.now() if as_of is None else require_aware(as_of, "as_of")
    read = reporting.read_office(uow, ctx, actor, as_of=when, period=period,
                                 office_id=office_id)
    if wanted is not None:
        read = attrs.evolve(read, units=tuple(u for u in read.units if u.id in wanted))
    return reporting.scorecards_of(ctx, read, period)
