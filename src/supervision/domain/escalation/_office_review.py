"""What the office's review duty (``lianyungang-2019 §5.6`` 督查机构对承办单位的反馈报告及时审核
… 一般应在次日办理反馈) is owed for: each final report of the round under way, and each
supplement (补充说明) the unit supplied in answer to the office's request — the report it
completes is feedback to review again."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence

from supervision.domain.events import Event, EventKind
from supervision.domain.model import Matter

__all__ = ["review_items"]


def _asked_after(events: Sequence[Event], after: _dt.datetime) -> _dt.datetime | None:
    """The first supplement request (补充说明) recorded at or after ``after``."""
    return next((e.occurred_at for e in events
                 if e.kind is EventKind.SUPPLEMENT_ASKED and e.occurred_at >= after), None)


def review_items(
    matter: Matter, events: Sequence[Event]
) -> list[tuple[str, _dt.datetime, _dt.datetime | None]]:
    """``(occasion, start, met)`` for each piece of feedback of the round under way: a final
    report (``r2.feedback1``), answered by the review or by a request for a supplement; a
    supplement supplied (``r2.feedback1.supplement1``), answered by the review after it or by
    a further request."""
    items: list[tuple[str, _dt.datetime, _dt.datetime | None]] = []
    for review_round in matter.rounds:
        if review_round.report.round != matter.round:
            continue
        key = f"r{matter.round}.feedback{review_round.number}"
        submitted = review_round.report.submitted_at
        reviewed = review_round.reviewed_at
        items.append((key, submitted, _earliest(reviewed, _asked_after(events, submitted))))
        for k, supplement in enumerate(review_round.supplements, start=1):
            after = supplement.submitted_at
            answered = reviewed if reviewed is not None and reviewed >= after else None
            items.append((f"{key}.supplement{k}", after,
                          _earliest(answered, _asked_after(events, after))))
    return items


def _earliest(*instants: _dt.datetime | None) -> _dt.datetime | None:
    found = [i for i in instants if i is not None]
    return min(found) if found else None
