"""A matter's facts: the few parts of a matter that its standing, the figures, the scorecard
and the read paths' confidentiality filter read, derived from the matter alone.

:func:`matter_facts` is the one derivation. Every standing is judged from facts
(:func:`~supervision.domain.statistics.standing_of`; :func:`~supervision.domain.statistics.assess`
derives them from the matter rebuilt as of the instant first), so the storage adapters may
keep a matter's facts beside it, written with it, and a read path may judge a matter from its
stored facts without decoding the matter — with the same answer, because it is the same
function of the same values. Nothing in the facts depends on a policy, a calendar or a
closing time: those are applied when the standing is judged, so stored facts never go stale
while their matter (id, version) is unchanged.
"""

from __future__ import annotations

import datetime as _dt

import attrs

from supervision.domain.escalation._deadlines import Deadlines, deadlines_of
from supervision.domain.lifecycle import Status
from supervision.domain.model import (
    AssignmentRole,
    Confidentiality,
    Matter,
    RegistrationNumber,
    ReviewOutcome,
)
from supervision.domain.office import PolicyRef

__all__ = ["FACTS_FORMAT", "MatterFacts", "Review", "matter_facts"]

#: The facts' format: stored facts of another format are not read (the matter is decoded
#: and its facts derived again), so a change to :func:`matter_facts` never reads old ones.
FACTS_FORMAT = 1


@attrs.frozen
class Review:
    """A reviewed report (审核): its round number, the outcome and, for a return, the opinion
    (what the graded assessment reads, ``daoli-2017 art.27``)."""

    number: int
    outcome: ReviewOutcome
    opinion: str = ""


@attrs.frozen
class MatterFacts:
    """What is read of a matter to judge and count it (:func:`matter_facts`).

    ``units`` are its assignments (unit id and role) and ``confidentiality`` its circle of
    knowledge, for the confidentiality filter; ``deadline_day`` is the due date's last day;
    ``deadlines`` what its completion and redo deadlines come from (None when it owes none);
    ``returned_at`` when each report was returned for redo; ``reviews`` its reviewed
    reports."""

    matter_id: str
    office_id: str
    version: int
    number: RegistrationNumber
    registered_at: _dt.datetime
    lead_unit_id: str
    status: Status
    policy: PolicyRef
    units: tuple[tuple[str, AssignmentRole], ...]
    confidentiality: Confidentiality
    dispatched_at: _dt.datetime | None = None
    deadline_day: _dt.date | None = None
    suspended: bool = False
    deadlines: Deadlines | None = None
    returned_at: tuple[_dt.datetime, ...] = ()
    reviews: tuple[Review, ...] = ()

    @property
    def id(self) -> str:
        return self.matter_id


def matter_facts(matter: Matter) -> MatterFacts:
    """The facts of ``matter`` as it is (pure; for a matter as it stood at an earlier
    instant, of :func:`~supervision.domain.statistics.matter_at`'s result)."""
    rounds = matter.rounds
    return MatterFacts(
        matter_id=matter.id, office_id=matter.office_id, version=matter.version,
        number=matter.number, registered_at=matter.registered_at,
        lead_unit_id=matter.lead_unit_id, status=matter.status, policy=matter.policy,
        units=tuple((a.unit_id, a.role) for a in matter.assignments),
        confidentiality=matter.confidentiality,
        dispatched_at=matter.dispatched_at,
        deadline_day=None if matter.due is None else matter.due.last_day,
        suspended=matter.active_suspension is not None,
        deadlines=deadlines_of(matter),
        returned_at=tuple(
            r.reviewed_at for r in rounds
            if r.outcome is ReviewOutcome.RETURNED and r.reviewed_at is not None
        ),
        reviews=tuple(
            Review(r.number, r.outcome,
                   r.opinion if r.outcome is ReviewOutcome.RETURNED else "")
            for r in rounds if r.outcome is not None
        ),
    )
