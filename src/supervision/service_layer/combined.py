"""Commands that run several steps of the lifecycle as one command, in one transaction.

:func:`accept_and_close` is 审核通过 → 办结 → 销号 (``lianyungang-2019 §7.1`` 办结一项销号一项)
at once: the three steps are checked and applied in order under the matter's own policy, and
either all three are stored with their three events, or — on any refusal or conflict —
nothing is. Each step is checked exactly as its own command would check it (visibility, the
If-Match version, the permission table, the lifecycle, the reviewer never being the reporter).
"""

from __future__ import annotations

from supervision.domain import handling
from supervision.domain.actors import Actor
from supervision.domain.lifecycle import Action
from supervision.domain.model import Matter, ReviewOutcome
from supervision.domain.permissions import authorize
from supervision.exceptions import ConcurrencyError
from supervision.ports import UnitOfWork
from supervision.service_layer._support import check_actor, check_version, citing, load_visible
from supervision.service_layer.context import Context, scope_of
from supervision.text import require_text

__all__ = ["accept_and_close"]


def accept_and_close(
    uow: UnitOfWork,
    ctx: Context,
    actor: Actor,
    matter_id: str,
    *,
    opinion: str = "",
    note: str = "",
    expected_version: int | None = None,
) -> Matter:
    """审核通过, 办结 and 销号 of a reported matter as one command, all or nothing.

    ``opinion`` is the review opinion, ``note`` the 销号 note. ``expected_version`` is the
    version the caller showed (If-Match): a stale one raises
    :class:`~supervision.exceptions.ConcurrencyError` and nothing changes. The matter ends
    closed (已销号), with the review, completion and closing events in its timeline."""
    check_actor(actor)
    expected = check_version(expected_version)
    require_text(opinion, "opinion")
    require_text(note, "note")
    at = ctx.now()
    with uow:
        matter = load_visible(uow, actor, matter_id)
        if expected is not None and matter.version != expected:
            raise ConcurrencyError("matter", matter_id, expected, matter.version)
        authorize(actor, Action.ACCEPT, matter)
        authorize(actor, Action.COMPLETE, matter)
        authorize(actor, Action.CLOSE, matter)
        scope = scope_of(uow, ctx, matter)
        with citing(scope.policy):
            accepted = handling.review(matter, actor, at, ReviewOutcome.ACCEPTED, opinion)
            completed = handling.complete(accepted.matter, actor, at)
            closed = handling.close(completed.matter, actor, at, note)
        uow.matters.update(closed.matter, expected_version=matter.version)
        uow.events.append([accepted.event, completed.event, closed.event])
        uow.commit()
    return closed.matter
