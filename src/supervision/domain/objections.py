"""复核 (review of a supervision conclusion on a unit's objection): the record and its terms.

《政府督查工作条例》（国务院令第733号）, which ``zhoucun-2021`` invokes, lets a supervised unit
that disagrees with a conclusion about it ask for review within a period of receiving it, and
the reviewing body answer within a period (the issue text cites 第十七条 and 30 days for
both; see docs/objections.md for what could and could not be confirmed). The library's
reading (:class:`ReviewTerms`, an integrator may pass other terms):

* a *conclusion* is a measure recorded against a unit — an escalation taken (通报, 告诫,
  扣分, an accepted 问责 proposal …) or a score entry (考核扣分);
* the unit files within ``filing_period`` counted from the day it received the conclusion
  (the delivery of its notice; library convention: the day it was recorded when no notice
  was delivered), giving reasons (复核申请);
* the office answers within ``answer_period`` counted from the filing: upheld (复核成立: every
  score entry resting on the conclusion is reversed, the escalation is set aside), partly
  upheld (the measure stays on record, the deductions named are reversed) or rejected
  (维持原结论), always with reasons;
* an answer not given in time is escalated to the office (the sweep records it once);
* periods are counted as every 日 period is (rules.md §2): the start day is not counted, a
  last day that is not a working day moves to the next working day.

Nothing here reads a clock or storage.
"""

from __future__ import annotations

import datetime as _dt
import enum

import attrs

from supervision.clock import require_aware
from supervision.domain._text import check_text
from supervision.exceptions import InvalidInput
from supervision.periods import Period, PeriodUnit

#: 30 days (日): the filing and answer periods the issue reads in 第十七条.
THIRTY_DAYS = Period.days(30)

__all__ = [
    "REGULATION",
    "REGULATION_KEY",
    "ConclusionKind",
    "Objection",
    "ObjectionDecision",
    "ObjectionOutcome",
    "ReviewTerms",
    "objection_id",
]

#: The national regulation the 复核 workflow and the duplicate guard rest on.
REGULATION = "政府督查工作条例"
#: The name a :class:`~supervision.domain.policy.Citation` of that regulation carries (it is
#: not a policy: documents cite it by article number, ``REGULATION_KEY art.17`` →
#: 《政府督查工作条例》第十七条).
REGULATION_KEY = "gov-inspection"


class ConclusionKind(enum.Enum):
    """What an objection is about: an escalation recorded against the unit, or a score
    entry."""

    ESCALATION = "escalation"
    SCORE_ENTRY = "score_entry"

    @property
    def label(self) -> str:
        """督办措施 or 考核扣分."""
        return "督办措施" if self is ConclusionKind.ESCALATION else "考核扣分"


class ObjectionOutcome(enum.Enum):
    """Where an objection stands; ``.label`` is the Chinese term."""

    FILED = "filed"
    UPHELD = "upheld"
    PARTLY_UPHELD = "partly_upheld"
    REJECTED = "rejected"

    @property
    def label(self) -> str:
        """已申请复核, 复核成立, 复核部分成立, 维持原结论."""
        return {
            ObjectionOutcome.FILED: "已申请复核",
            ObjectionOutcome.UPHELD: "复核成立",
            ObjectionOutcome.PARTLY_UPHELD: "复核部分成立",
            ObjectionOutcome.REJECTED: "维持原结论",
        }[self]


def _days(value: object, field: str) -> Period:
    if not isinstance(value, Period) or value.unit not in (
        PeriodUnit.DAYS, PeriodUnit.WORKING_DAYS, PeriodUnit.MONTHS
    ):
        raise InvalidInput(field, "a Period of days, working days or months", value)
    return value


@attrs.frozen
class ReviewTerms:
    """The periods of the 复核 workflow and the articles they rest on (cited by number:
    ``filing_article`` for the filing and answer periods, ``duplicate_article`` for the
    duplicate guard). Defaults: 30 days to file from receipt, 30 days to answer from the
    filing (the issue's reading of 第十七条); the text is 《政府督查工作条例》."""

    filing_period: Period = THIRTY_DAYS
    answer_period: Period = THIRTY_DAYS
    regulation: str = REGULATION
    filing_article: int = 17

    @classmethod
    def of(
        cls,
        *,
        filing_period: Period = THIRTY_DAYS,
        answer_period: Period = THIRTY_DAYS,
        regulation: str = REGULATION,
        filing_article: int = 17,
    ) -> ReviewTerms:
        """Check and build (an integrator's own local rules may set other periods)."""
        if filing_article.__class__ is not int or not 1 <= filing_article <= 999:
            raise InvalidInput("filing_article", "an article number", filing_article)
        return cls(_days(filing_period, "filing_period"), _days(answer_period, "answer_period"),
                   check_text(regulation, "regulation").strip("《》"), filing_article)


def objection_id(conclusion: str, unit_id: str) -> str:
    """The id of ``unit_id``'s objection to ``conclusion``: one per unit and conclusion
    (复核 is asked for once)."""
    return f"{conclusion}:objection:{unit_id}"


@attrs.frozen
class ObjectionDecision:
    """The office's answer: the outcome, who answered and when, the reasons, the score
    entries reversed (their reversals' keys) and the escalations set aside."""

    outcome: ObjectionOutcome
    decided_by: str
    decided_at: _dt.datetime
    reasons: str
    reversed: tuple[str, ...] = ()
    set_aside: tuple[str, ...] = ()

    @classmethod
    def of(
        cls,
        outcome: ObjectionOutcome,
        decided_by: str,
        decided_at: _dt.datetime,
        reasons: str,
        *,
        reversed: tuple[str, ...] = (),
        set_aside: tuple[str, ...] = (),
    ) -> ObjectionDecision:
        """Check and build (never FILED)."""
        if not isinstance(outcome, ObjectionOutcome) or outcome is ObjectionOutcome.FILED:
            raise InvalidInput("outcome", "UPHELD, PARTLY_UPHELD or REJECTED", outcome)
        return cls(outcome, check_text(decided_by, "decided_by"),
                   require_aware(decided_at, "decided_at"),
                   check_text(reasons, "reasons"), tuple(reversed), tuple(set_aside))


@attrs.frozen
class Objection:
    """A unit's 复核 application and, once given, the office's answer.

    ``conclusion`` is the key of the escalation or score entry objected to (``kind`` says
    which) and ``conclusion_label`` what it is in words (督查通报, 考核扣分1分); ``received_at``
    when the unit received it and ``filing_due_at`` the end of its filing period;
    ``filed_at`` / ``filed_by`` / ``reasons`` the application; ``answer_due_at`` the end of
    the answer period. ``version`` counts changes (1 when filed, 2 once answered)."""

    id: str
    office_id: str
    matter_id: str
    unit_id: str
    conclusion: str
    kind: ConclusionKind
    conclusion_label: str
    received_at: _dt.datetime
    filing_due_at: _dt.datetime
    filed_at: _dt.datetime
    filed_by: str
    reasons: str
    answer_due_at: _dt.datetime
    decision: ObjectionDecision | None = None
    version: int = 1

    @property
    def outcome(self) -> ObjectionOutcome:
        """FILED until answered, then the answer's outcome."""
        return ObjectionOutcome.FILED if self.decision is None else self.decision.outcome

    @property
    def pending(self) -> bool:
        """Whether it waits for the office's answer."""
        return self.decision is None

    def overdue(self, now: _dt.datetime) -> bool:
        """Whether the answer is late at ``now``."""
        return self.pending and require_aware(now, "now") >= self.answer_due_at

    def decided(self, decision: ObjectionDecision) -> Objection:
        """This objection answered (once)."""
        if not isinstance(decision, ObjectionDecision):
            raise InvalidInput("decision", "an ObjectionDecision", decision)
        if self.decision is not None:
            raise InvalidInput("objection", "an objection not yet answered", self.id)
        return attrs.evolve(self, decision=decision, version=self.version + 1)
