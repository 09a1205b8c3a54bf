"""The records the engine issues: escalations (督办升级), proposal decisions, and what the engine
reads about a matter (:class:`MatterRecord`) and answers (:class:`Evaluation`)."""

from __future__ import annotations

import datetime as _dt
import enum
from typing import Final

import attrs

from supervision.clock import require_aware
from supervision.domain.events import Event
from supervision.domain.model import (
    Decision,
    Matter,
)
from supervision.domain.policy import (
    Citation,
    EscalationAction,
    Scope,
    TriggerEvent,
)
from supervision.exceptions import InvalidInput


class EscalationKind(enum.Enum):
    """Whether an escalation is a ladder rung against a unit or the office's own overdue duty."""

    RUNG = "rung"
    OFFICE_DUTY = "office_duty"

    @property
    def label(self) -> str:
        """督办升级 or 督查机构逾期事项."""
        if self is EscalationKind.RUNG:
            return "督办升级"
        return "督查机构逾期事项"


def _text(value: object, field: str, *, allow_empty: bool = False) -> str:
    if not isinstance(value, str) or (not allow_empty and not value.strip()):
        raise InvalidInput(field, "a string" if allow_empty else "a non-empty string", value)
    if "\x00" in value:
        raise InvalidInput(field, "text without NUL characters", value)
    return value


@attrs.frozen
class ProposalDecision:
    """A person's decision on a proposal (问责 / 追究责任 / 曝光 / a measure from a menu).

    ``outcome`` is :attr:`Decision.ACCEPTED` (the measure is taken) or
    :attr:`Decision.REJECTED`; ``measure`` the option chosen from the rung's menu
    (``lianyungang-2019 §8.3``: 告诫约谈, 通报批评, 诫勉谈话, …), empty when there is no menu.
    """

    outcome: Decision
    decided_by: str
    decided_at: _dt.datetime
    measure: str = ""
    opinion: str = ""

    @classmethod
    def of(
        cls,
        outcome: Decision,
        decided_by: str,
        decided_at: _dt.datetime,
        *,
        measure: str = "",
        opinion: str = "",
    ) -> ProposalDecision:
        """Check and build a decision (accepted or rejected, never pending)."""
        if not isinstance(outcome, Decision) or outcome is Decision.PENDING:
            raise InvalidInput("outcome", "Decision.ACCEPTED or Decision.REJECTED", outcome)
        return cls(
            outcome,
            _text(decided_by, "decided_by"),
            require_aware(decided_at, "decided_at"),
            _text(measure, "measure", allow_empty=True),
            _text(opinion, "opinion", allow_empty=True),
        )

    @property
    def accepted(self) -> bool:
        return self.outcome is Decision.ACCEPTED


@attrs.frozen
class Escalation:
    """One escalation issued (or due): a frozen record, never rewritten once stored.

    * ``key`` — the idempotency key, unique in storage (:meth:`make_key`).
    * ``policy`` / ``office_id`` — the policy it was issued under (the matter's own) and the
      office the matter belongs to.
    * ``matter_id`` — the matter it concerns; ``unit_id`` the unit it is addressed to, or None
      for the supervision office's own overdue duty (``kind`` OFFICE_DUTY, reported, never
      scored against a unit).
    * ``action`` — the rung's :class:`~supervision.policies.EscalationAction` (None for an
      office duty, which names its ``duty`` key instead); ``step`` the rung's step (None for a
      duty); ``trigger`` what set it off; ``occasion`` which obligation of the matter it
      belongs to (``r1`` the completion deadline of round 1, ``r1.report2`` the second periodic
      report, ``r1.redo1`` the redo after review round 1, ``miss.<…>`` a streak position …).
    * ``citation`` — the clause it rests on, from the policy data.
    * ``due_at`` — when it fell due; ``issued_at`` — when it was recorded; ``reply_due_at`` —
      the reply deadline it sets (daoli-2017 art.7(3): 当日), if any.
    * ``proposal`` — a proposal waiting for a person's ``decision`` (问责 is never automatic).
    * ``provisional`` — it rests on a deadline counted on a provisional calendar year; no
      point is deducted for it until the deadline is firm.
    """

    key: str
    policy: str
    office_id: str
    matter_id: str
    unit_id: str | None
    kind: EscalationKind
    action: EscalationAction | None
    step: int | None
    trigger: TriggerEvent | None
    occasion: str
    citation: Citation
    due_at: _dt.datetime
    issued_at: _dt.datetime
    reply_due_at: _dt.datetime | None = None
    proposal: bool = False
    decision: ProposalDecision | None = None
    provisional: bool = False
    scope: Scope = Scope.MATTER
    duty: str = ""
    target: str = ""
    document: str = ""
    options: tuple[str, ...] = ()
    details: tuple[tuple[str, str], ...] = ()

    @staticmethod
    def make_key(
        matter_id: str, code: str, unit_id: str | None, occasion: str
    ) -> str:
        """``"<matter id>:<code>:<unit id or office>:<occasion>"``; ``code`` is
        ``"<step>.<action key>"`` for a rung or ``"duty.<duty key>"`` for an office duty."""
        return f"{matter_id}:{code}:{unit_id or 'office'}:{occasion}"

    @property
    def label(self) -> str:
        """The Chinese name of what was done: 催办, 督查通报, 问责（建议）, 督查机构逾期：确认督办
        通知送达 (an office duty by its label, never its key)."""
        if self.action is None:
            return f"督查机构逾期：{self.detail('duty') or self.duty}"
        return f"{self.action.label}（建议）" if self.proposal else self.action.label

    @property
    def subject(self) -> str:
        """What it chases, in words: the obligation's label (办结时限（15日）, 定期报告（第2次）,
        退回重办（第1轮）…) as the engine recorded it, never the internal occasion key."""
        return self.detail("subject") or self.detail("missed") or "督办事项"

    @property
    def pending(self) -> bool:
        """Whether it is a proposal still waiting for a person's decision."""
        return self.proposal and self.decision is None

    @property
    def taken(self) -> bool:
        """Whether the measure is in effect: issued directly, or a proposal accepted."""
        return not self.proposal or (self.decision is not None and self.decision.accepted)

    def detail(self, key: str, default: str = "") -> str:
        """One of the ``details`` by key."""
        return next((v for k, v in self.details if k == key), default)

    def decided(self, decision: ProposalDecision) -> Escalation:
        """This proposal with ``decision`` recorded (storage checks it was still pending)."""
        if not self.proposal:
            raise InvalidInput(
                "key", "the key of a proposal (建议), not a measure issued", self.key
            )
        if not isinstance(decision, ProposalDecision):
            raise InvalidInput("decision", "a ProposalDecision", decision)
        if (
            decision.accepted
            and self.options
            and decision.measure not in self.options
        ):
            raise InvalidInput("measure", "one of " + "、".join(self.options), decision.measure)
        return attrs.evolve(self, decision=decision)



@attrs.frozen
class MatterRecord:
    """What the engine reads about one matter: the matter, its events and the escalations
    already issued for it (so that chains — reminded once, twice — follow what was done)."""

    matter: Matter
    events: tuple[Event, ...] = ()
    issued: tuple[Escalation, ...] = ()


#: Bulletins (通报) of every kind: what ``TriggerEvent.BULLETIN_UNHEEDED`` counts from.
BULLETINS: Final = frozenset({
    EscalationAction.BULLETIN,
    EscalationAction.SUPERVISION_BULLETIN,
    EscalationAction.EFFICIENCY_BULLETIN,
    EscalationAction.CRITICISM_BULLETIN,
    EscalationAction.DISTRICT_BULLETIN,
})

#: The actor the sweep records its changes as.
SYSTEM_ACTOR: Final = "system:sweep"


