"""The graded assessment of a unit (``daoli-2017 art.27``: 办理结果, 办理时效, 公文格式; 优秀 /
良好 / 较差 by half-year): each criterion's share, points earned and lost, and the composite.

Used by :func:`supervision.domain.scorecard.scorecards`, which re-exports
:class:`GradeComponent`.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal

import attrs

from supervision.domain.model import ReviewOutcome
from supervision.domain.policy import Policy
from supervision.domain.statistics import MatterFacts, MatterStanding, Outcome, Rate, Standing

__all__ = ["GradeComponent", "components", "composite"]


@attrs.frozen
class GradeComponent:
    """One criterion of a graded assessment (``daoli-2017 art.27``: 办理结果, 办理时效, 公文格式)
    for one unit: its share as a :class:`Rate` (None: nothing to judge, counted as full marks),
    the weight, the points earned (share × weight) and lost, and the matters that cost it."""

    key: str
    label: str
    weight: int
    rate: Rate | None
    earned: Decimal
    lost: Decimal
    matter_ids: tuple[str, ...] = ()


_QUANT = Decimal("0.01")
#: delivered and not yet reviewed: awaiting the office's review, or a progress report that met
#: the deadline (``daoli-2017 art.7(2)``) while the work goes on
_DELIVERED_UNREVIEWED = frozenset({Standing.AWAITING_REVIEW, Standing.ON_TRACK})


def _format_return(opinion: str, policy: Policy) -> bool:
    reason = next((r for r in policy.return_reasons if r.key == "format"), None)
    return reason is not None and (reason.label in opinion or "格式" in opinion)


def components(
    policy: Policy, mine: Sequence[tuple[MatterFacts, MatterStanding]], rate: Rate
) -> tuple[GradeComponent, ...]:
    """The criteria of ``policy.grading`` for one unit's matters of the period."""
    assert policy.grading is not None
    reviewed = format_ok = 0
    not_first: list[str] = []
    bad_format: list[str] = []
    for matter, _standing in mine:
        for review_round in matter.reviews:
            if review_round.outcome is None:
                continue
            reviewed += 1
            if review_round.outcome is ReviewOutcome.RETURNED:
                if matter.id not in not_first:
                    not_first.append(matter.id)
                if _format_return(review_round.opinion, policy):
                    bad_format.append(matter.id)
                else:
                    format_ok += 1
            else:
                format_ok += 1
    late = tuple(s.matter_id for _m, s in mine
                 if s.outcome in (Outcome.COMPLETED_LATE, Outcome.OPEN_OVERDUE))
    first_accepted = {
        m.id for m, _s in mine
        if m.reviews and any(r.number == 1 and r.outcome is ReviewOutcome.ACCEPTED
                             for r in m.reviews)
    }
    # results: the matters assessed (reviewed, or counted in the on-time rate) whose report
    # was accepted without a return — each matter once, however many times it was reviewed.
    # A delivery the office has not reviewed yet is not judged: the review is the office's
    # duty, never scored against the unit (docs/statistics.md)
    unjudged = {m.id for m, s in mine
                if s.standing in _DELIVERED_UNREVIEWED
                and not any(r.outcome is not None for r in m.reviews)}
    assessed = [m.id for m, s in mine
                if any(r.outcome is not None for r in m.reviews)
                or (s.outcome.decided and m.id not in unjudged)]
    # the matters that cost the results share: returned, or decided without an acceptance
    costly = [m.id for m, s in mine
              if m.id not in first_accepted and m.id not in unjudged
              and (m.id in not_first or s.outcome.decided)]
    shares: dict[str, tuple[Rate | None, tuple[str, ...]]] = {
        "results": (
            Rate(sum(1 for m in assessed if m in first_accepted), len(assessed))
            if assessed else None,
            tuple(costly),
        ),
        "timeliness": (rate if rate.denominator else None, late),
        "format": (Rate(format_ok, reviewed) if reviewed else None,
                   tuple(dict.fromkeys(bad_format))),
    }
    found: list[GradeComponent] = []
    for criterion in policy.grading.criteria:
        share, matter_ids = shares.get(criterion.key, (None, ()))
        exact = _exact_points(share, criterion.weight)
        earned = exact.quantize(_QUANT, rounding=ROUND_HALF_UP)
        found.append(GradeComponent(
            criterion.key, criterion.label, criterion.weight, share, earned,
            Decimal(criterion.weight) - earned, matter_ids if exact < criterion.weight else (),
        ))
    return tuple(found)


def _exact_points(share: Rate | None, weight: int) -> Decimal:
    """A criterion's points from its exact share (numerator × weight ÷ denominator; full
    marks with nothing to judge), not from the share's one-decimal percentage: rounding
    first made a unit of exactly 60 (1/3 × 40 + 1 × 40 + 1/3 × 20) 59.98, 较差 (art.27)."""
    if share is None or not share.denominator:
        return Decimal(weight)
    return Decimal(share.numerator * weight) / Decimal(share.denominator)


def composite(components: Sequence[GradeComponent]) -> Decimal:
    """The composite score (``daoli-2017 art.27``): the sum of the criteria's exact points,
    rounded once to two decimals (half up)."""
    total = sum((_exact_points(c.rate, c.weight) for c in components), Decimal(0))
    return total.quantize(_QUANT, rounding=ROUND_HALF_UP)
