"""Notices (通知送达): what someone must be told of, written to the outbox in the same
transaction as the record that caused it, and the state of their delivery.

A :class:`Notice` is one message to one :class:`Recipient` (a unit, a role of the office, or a
person) about one matter: the escalation the sweep recorded (催办单, 告诫单, 约谈通知, 通报 …),
the 督办通知 of a dispatch, a decision, a 复核 step. It carries the document it sends as the
recipient may read it (``text``; a recipient outside a confidential matter's circle gets a
notice that says only where to look, ``redacted``), its 发文字号 and an idempotency key
(:attr:`Notice.key`, deterministic: the same cause and recipient always give the same key).

A notice is never rewritten. Its delivery (:class:`Delivery`) moves on as workers try it:
待送达 → 送达中 (claimed by one worker, with a lease) → 已送达, or back to 待送达 with a later
retry (:class:`Backoff`), or 未送达 once the attempts are spent or the sender reports a
permanent failure. Every attempt is kept (:class:`Attempt`); one a worker never finished
(the process died) is marked 中断 when another worker takes the notice over. Nothing here
reads a clock or storage.
"""

from __future__ import annotations

import datetime as _dt
import enum
import hashlib
from collections.abc import Mapping

import attrs

from supervision.clock import require_aware
from supervision.domain._text import check_text
from supervision.domain.actors import Actor, Role
from supervision.domain.escalation import Escalation
from supervision.domain.model import RegistrationNumber, Unit
from supervision.domain.policy import EscalationAction, Policy
from supervision.exceptions import ConcurrencyError, InvalidInput, RuleViolation

__all__ = [
    "ABANDONED_ERROR",
    "Attempt",
    "AttemptOutcome",
    "Backoff",
    "Claim",
    "Delivery",
    "DeliveryStatus",
    "Notice",
    "NoticeKind",
    "Recipient",
    "RecipientKind",
    "check_claim",
    "document_name",
    "kind_for",
    "notice_key",
]

#: Longest notice key the adapters store (as for escalation keys).
KEY_LENGTH = 512
#: Longest error or receipt text kept for an attempt.
TEXT_LENGTH = 2000
#: Longest delivery worker name.
WORKER_LENGTH = 200


def check_claim(worker: object, now: object, lease_until: object, limit: object) -> str:
    """The checks every adapter's ``claim`` makes; the worker name."""
    if not isinstance(worker, str) or not worker.strip() or len(worker) > WORKER_LENGTH:
        raise InvalidInput("worker", f"a worker name of 1–{WORKER_LENGTH} characters", worker)
    check_text(worker, "worker")
    start = require_aware(now, "now")
    end = require_aware(lease_until, "lease_until")
    if end <= start:
        raise InvalidInput("lease_until", "an instant after now", lease_until)
    if not isinstance(limit, int) or isinstance(limit, bool) or not 1 <= limit <= 10_000:
        raise InvalidInput("limit", "a whole number from 1 to 10000", limit)
    return worker


class NoticeKind(enum.Enum):
    """What a notice tells; ``.label`` is the Chinese name, ``.document`` the document it
    sends unless the policy names its own, ``.code`` the character added to the office's
    机关代字 for its own number series (empty: no number of its own)."""

    ASSIGNMENT = "assignment"
    PRE_DEADLINE = "pre_deadline"
    REMINDER = "reminder"
    WARNING = "warning"
    INTERVIEW = "interview"
    BULLETIN = "bulletin"
    EXPLANATION = "explanation"
    DEDUCTION = "deduction"
    SPECIAL_REPORT = "special_report"
    OFFICE_DUTY = "office_duty"
    DECISION = "decision"
    OBJECTION_FILED = "objection_filed"
    OBJECTION_DECIDED = "objection_decided"
    OBJECTION_OVERDUE = "objection_overdue"

    @property
    def label(self) -> str:
        """督办通知, 到期提醒, 催办, 告诫, 约谈, 通报, …"""
        return _KINDS[self][0]

    @property
    def document(self) -> str:
        """The document's default name (督查催办单, 约谈通知, 督查通报, 督查专报 …)."""
        return _KINDS[self][1]

    @property
    def code(self) -> str:
        """The number series' character (催, 告, 约, 通, 专 …), or empty."""
        return _KINDS[self][2]


_KINDS: Mapping[NoticeKind, tuple[str, str, str]] = {
    NoticeKind.ASSIGNMENT: ("督办通知", "督办通知", ""),
    NoticeKind.PRE_DEADLINE: ("到期提醒", "督办事项到期提醒", ""),
    NoticeKind.REMINDER: ("催办", "督查催办单", "催"),
    NoticeKind.WARNING: ("告诫", "督查告诫单", "告"),
    NoticeKind.INTERVIEW: ("约谈", "约谈通知", "约"),
    NoticeKind.BULLETIN: ("通报", "督查通报", "通"),
    NoticeKind.EXPLANATION: ("要求作出说明", "督查通知", "知"),
    NoticeKind.DEDUCTION: ("考核扣分", "考核扣分通知", "扣"),
    NoticeKind.SPECIAL_REPORT: ("专报", "督查专报", "专"),
    NoticeKind.OFFICE_DUTY: ("督查机构逾期提示", "督查机构逾期事项提示", ""),
    NoticeKind.DECISION: ("处理决定", "处理决定告知", ""),
    NoticeKind.OBJECTION_FILED: ("复核申请", "复核申请", ""),
    NoticeKind.OBJECTION_DECIDED: ("复核决定", "复核决定书", "复"),
    NoticeKind.OBJECTION_OVERDUE: ("复核逾期提示", "复核期限提示", ""),
}


_ACTION_KINDS: Mapping[EscalationAction, NoticeKind] = {
    EscalationAction.PRE_DEADLINE_WARNING: NoticeKind.PRE_DEADLINE,
    EscalationAction.REMINDER: NoticeKind.REMINDER,
    EscalationAction.WARNING_NOTICE: NoticeKind.WARNING,
    EscalationAction.INTERVIEW_NOTICE: NoticeKind.INTERVIEW,
    EscalationAction.BULLETIN: NoticeKind.BULLETIN,
    EscalationAction.SUPERVISION_BULLETIN: NoticeKind.BULLETIN,
    EscalationAction.EFFICIENCY_BULLETIN: NoticeKind.BULLETIN,
    EscalationAction.CRITICISM_BULLETIN: NoticeKind.BULLETIN,
    EscalationAction.DISTRICT_BULLETIN: NoticeKind.BULLETIN,
    EscalationAction.MEDIA_EXPOSURE: NoticeKind.BULLETIN,
    EscalationAction.HEAD_EXPLANATION: NoticeKind.EXPLANATION,
    EscalationAction.PUBLIC_EXPLANATION: NoticeKind.EXPLANATION,
    EscalationAction.POINT_DEDUCTION: NoticeKind.DEDUCTION,
    EscalationAction.REPORT_TO_LEADERS: NoticeKind.SPECIAL_REPORT,
    EscalationAction.ACCOUNTABILITY: NoticeKind.SPECIAL_REPORT,
    EscalationAction.MEASURES_MENU: NoticeKind.SPECIAL_REPORT,
}

#: The policy document (:attr:`Policy.documents` key) a kind of notice sends, where the
#: policy names its own (first found).
_POLICY_DOCUMENTS: Mapping[NoticeKind, tuple[str, ...]] = {
    NoticeKind.ASSIGNMENT: ("notice", "dispatch_sheet", "inspection_sheet", "assignment_sheet"),
    NoticeKind.REMINDER: ("reminder_sheet",),
    NoticeKind.WARNING: ("warning_sheet",),
    NoticeKind.INTERVIEW: ("interview_notice",),
    NoticeKind.BULLETIN: ("bulletin",),
    NoticeKind.EXPLANATION: ("inspection_notice",),
    NoticeKind.SPECIAL_REPORT: ("special_report",),
}


def kind_for(escalation: Escalation) -> NoticeKind:
    """What the notice of a recorded escalation tells: an office duty overdue goes to the
    office (督查机构逾期提示); a proposal (问责 …) and a report to the leaders go to the
    leaders as a 督查专报; a rung against a unit goes to the unit as the document its action
    sends (催办单, 告诫单, 约谈通知, 通报, 督查通知, 扣分通知, 到期提醒)."""
    if not isinstance(escalation, Escalation):
        raise InvalidInput("escalation", "an Escalation", escalation)
    if escalation.action is None:
        return NoticeKind.OFFICE_DUTY
    if escalation.proposal:
        return NoticeKind.SPECIAL_REPORT
    return _ACTION_KINDS[escalation.action]


def document_name(
    policy: Policy, kind: NoticeKind, escalation: Escalation | None = None
) -> str:
    """The name of the document a notice sends: the one the escalation's rung names
    (《督查催办单》 → 督查催办单, 《周村督查》 → 周村督查), else the policy's own document of that
    kind (政府督办通知, 督办单, 督查单 …), else the kind's default."""
    if escalation is not None and escalation.document.strip("《》 ") and (
        kind is not NoticeKind.SPECIAL_REPORT
    ):
        return escalation.document.strip("《》 ")
    titles = {d.key: d.title for d in policy.documents}
    for key in _POLICY_DOCUMENTS.get(kind, ()):
        if key in titles:
            return titles[key].strip("《》 ")
    return kind.document


class RecipientKind(enum.Enum):
    """Whom a notice is addressed to: a unit (承办单位), a role of the office (审定领导 …) or a
    person (the unit's head or liaison, a leader). ``.label`` is the Chinese term."""

    UNIT = "unit"
    ROLE = "role"
    PERSON = "person"

    @property
    def label(self) -> str:
        """单位, 角色, 个人."""
        return {RecipientKind.UNIT: "单位", RecipientKind.ROLE: "角色",
                RecipientKind.PERSON: "个人"}[self]


def _key_text(value: object, field: str) -> str:
    text = check_text(value, field)
    if any(c in text for c in ">\n\r\t"):
        raise InvalidInput(field, "an id without '>', tabs or line breaks", value)
    return text


@attrs.frozen
class Recipient:
    """One addressee. ``id`` is the unit id, the role's value or the person id; ``unit_id``
    the unit a person is addressed for; ``role`` the role a person is addressed in (单位联络员,
    单位主要负责人, 审定领导 …); ``name`` what a reader sees. The integrator's sender maps a
    recipient to an address (a phone number, a 企业微信 or 钉钉 account, a mailbox)."""

    kind: RecipientKind
    id: str
    name: str = ""
    unit_id: str | None = None
    role: Role | None = None

    @classmethod
    def of_unit(cls, unit: Unit) -> Recipient:
        """The unit as a whole (when it has no head or liaison on record)."""
        if not isinstance(unit, Unit):
            raise InvalidInput("unit", "a supervision.domain.Unit", unit)
        return cls(RecipientKind.UNIT, _key_text(unit.id, "unit.id"), unit.name, unit.id, None)

    @classmethod
    def of_role(cls, role: Role) -> Recipient:
        """Everyone of the office in ``role`` (the integrator's directory knows who)."""
        if not isinstance(role, Role):
            raise InvalidInput("role", "a supervision.domain.Role", role)
        return cls(RecipientKind.ROLE, role.value, role.label, None, role)

    @classmethod
    def of_person(
        cls, person_id: str, role: Role, *, unit_id: str | None = None, name: str = ""
    ) -> Recipient:
        """One person, addressed in ``role`` (for ``unit_id`` when a unit role)."""
        if not isinstance(role, Role):
            raise InvalidInput("role", "a supervision.domain.Role", role)
        if unit_id is not None:
            _key_text(unit_id, "unit_id")
        return cls(RecipientKind.PERSON, _key_text(person_id, "person_id"),
                   check_text(name, "name", allow_empty=True), unit_id, role)

    @classmethod
    def for_unit(cls, unit: Unit) -> tuple[Recipient, ...]:
        """The people a notice to ``unit`` goes to: its main head (单位主要负责人) and its
        liaisons (单位联络员); the unit itself when none is on record."""
        if not isinstance(unit, Unit):
            raise InvalidInput("unit", "a supervision.domain.Unit", unit)
        people: list[Recipient] = []
        if unit.head_id:
            people.append(cls.of_person(unit.head_id, Role.UNIT_HEAD, unit_id=unit.id,
                                        name=f"{unit.name}主要负责人"))
        for liaison in unit.liaison_ids:
            if liaison != unit.head_id:
                people.append(cls.of_person(liaison, Role.UNIT_LIAISON, unit_id=unit.id,
                                            name=f"{unit.name}联络员"))
        return tuple(people) or (cls.of_unit(unit),)

    @property
    def key(self) -> str:
        """``unit:econ``, ``role:approving_leader``, ``person:liaison-a``."""
        return f"{self.kind.value}:{self.id}"

    @property
    def label(self) -> str:
        """What a reader sees: the name, else the id."""
        return self.name or self.id

    def viewer(self, office_id: str) -> Actor:
        """The actor whose view of a matter the notice may show (the read-path rule is applied
        to it): the person in their role; a unit as its liaison would be, judged by role only;
        a role as any holder of it, judged by role only."""
        if self.kind is RecipientKind.PERSON:
            assert self.role is not None
            return Actor.of(self.id, self.role, office_id=office_id, unit_id=self.unit_id,
                            name=self.name)
        if self.kind is RecipientKind.UNIT:
            return Actor.of(f"unit:{self.id}", Role.UNIT_LIAISON, office_id=office_id,
                            unit_id=self.id, name=self.name)
        assert self.role is not None
        return Actor.of(f"role:{self.id}", self.role, office_id=office_id, name=self.name)


def notice_key(source: str, recipient: Recipient) -> str:
    """The idempotency key of the notice of ``source`` to ``recipient``:
    ``"<source>><recipient key>"``, or a digest when that would be longer than the stored
    key (deterministic either way)."""
    key = f"{source}>{recipient.key}"
    if len(key) <= KEY_LENGTH:
        return key
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()
    return f"{source[:KEY_LENGTH - 80]}>#{digest}"


@attrs.frozen
class Notice:
    """One notice in the outbox, frozen once written.

    * ``key`` — the idempotency key (:func:`notice_key`), unique in storage; a sender that
      honours it delivers the notice once however often it is handed over.
    * ``office_id`` / ``matter_id`` — whose and about which matter; ``source`` what caused it
      (``escalation:<key>``, ``event:<event id>``, ``objection:<id>:<step>``).
    * ``kind`` / ``document`` / ``number`` — what it tells, the document's name (the policy's
      own where it names one) and its 发文字号 (None for a notice without a number of its own).
    * ``subject`` / ``text`` — the title and the document's text (:func:`render_text`) as the
      recipient may read them; ``redacted`` when the recipient is outside a confidential
      matter's circle of knowledge (then neither names the matter: ``daoli-2017 art.23``).
    * ``created_at`` — when it was written; ``reply_due_at`` — the reply deadline the document
      states, if any.
    """

    key: str
    office_id: str
    matter_id: str
    source: str
    kind: NoticeKind
    recipient: Recipient
    document: str
    subject: str
    text: str
    created_at: _dt.datetime
    number: RegistrationNumber | None = None
    redacted: bool = False
    reply_due_at: _dt.datetime | None = None

    @classmethod
    def create(
        cls,
        source: str,
        recipient: Recipient,
        *,
        office_id: str,
        matter_id: str,
        kind: NoticeKind,
        document: str,
        subject: str,
        text: str,
        created_at: _dt.datetime,
        number: RegistrationNumber | None = None,
        redacted: bool = False,
        reply_due_at: _dt.datetime | None = None,
    ) -> Notice:
        """Check and build; the key follows from ``source`` and ``recipient``."""
        if not isinstance(recipient, Recipient):
            raise InvalidInput("recipient", "a Recipient", recipient)
        if not isinstance(kind, NoticeKind):
            raise InvalidInput("kind", "a NoticeKind", kind)
        if number is not None and not isinstance(number, RegistrationNumber):
            raise InvalidInput("number", "a RegistrationNumber or None", number)
        if redacted.__class__ is not bool:
            raise InvalidInput("redacted", "True or False", redacted)
        due = None if reply_due_at is None else require_aware(reply_due_at, "reply_due_at")
        source = check_text(source, "source")
        return cls(
            notice_key(source, recipient), check_text(office_id, "office_id"),
            check_text(matter_id, "matter_id"), source, kind, recipient,
            check_text(document, "document"), check_text(subject, "subject"),
            check_text(text, "text"), require_aware(created_at, "created_at"), number,
            redacted, due,
        )


class DeliveryStatus(enum.Enum):
    """Where a notice's delivery stands; ``.label`` is the Chinese term."""

    PENDING = "pending"
    SENDING = "sending"
    DELIVERED = "delivered"
    FAILED = "failed"

    @property
    def label(self) -> str:
        """待送达, 送达中, 已送达, 未送达."""
        return {DeliveryStatus.PENDING: "待送达", DeliveryStatus.SENDING: "送达中",
                DeliveryStatus.DELIVERED: "已送达", DeliveryStatus.FAILED: "未送达"}[self]

    @property
    def final(self) -> bool:
        """Whether nothing more will be tried (已送达 or 未送达)."""
        return self in (DeliveryStatus.DELIVERED, DeliveryStatus.FAILED)


@attrs.frozen
class Delivery:
    """The delivery state of one notice, kept beside it by storage.

    ``attempts`` counts the attempts begun; ``due_at`` is when a worker may take it next (the
    next retry while 待送达, the end of the lease while 送达中, None once final);
    ``claimed_by`` the worker holding or last holding it; ``delivered_at`` when the sender
    accepted it; ``last_error`` the last failure as the sender reported it; ``receipt`` what
    the sender returned (the channel's message id)."""

    status: DeliveryStatus = DeliveryStatus.PENDING
    attempts: int = 0
    due_at: _dt.datetime | None = None
    claimed_by: str | None = None
    delivered_at: _dt.datetime | None = None
    last_error: str = ""
    receipt: str = ""

    def delivered_by(self, when: _dt.datetime) -> bool:
        """Whether it was delivered at or before ``when``."""
        return self.delivered_at is not None and self.delivered_at <= when

    def due(self, now: _dt.datetime) -> bool:
        """Whether a worker may take it at ``now`` (待送达 and its retry time has come, or
        送达中 and its lease has ended)."""
        return not self.status.final and self.due_at is not None and self.due_at <= now

    def claimed(self, worker: str, lease_until: _dt.datetime) -> Delivery:
        """The state once ``worker`` began the next attempt, held until ``lease_until``."""
        return attrs.evolve(self, status=DeliveryStatus.SENDING, attempts=self.attempts + 1,
                            due_at=lease_until, claimed_by=worker)

    def finished(
        self,
        claim: Claim,
        *,
        at: _dt.datetime,
        outcome: AttemptOutcome,
        error: str = "",
        receipt: str = "",
        retry_at: _dt.datetime | None = None,
    ) -> Delivery:
        """The state once ``claim``'s attempt ended: 已送达; or 待送达 again at ``retry_at``;
        or 未送达 when ``retry_at`` is None. ConcurrencyError when the notice is no longer at
        the claim's attempt and worker (its lease ran out and another worker took it)."""
        require_aware(at, "at")
        if retry_at is not None:
            require_aware(retry_at, "retry_at")
        check_text(error, "error", allow_empty=True)
        check_text(receipt, "receipt", allow_empty=True)
        if outcome not in (AttemptOutcome.DELIVERED, AttemptOutcome.FAILED):
            raise InvalidInput("outcome", "AttemptOutcome.DELIVERED or FAILED", outcome)
        if (
            self.status is not DeliveryStatus.SENDING
            or self.attempts != claim.attempt
            or self.claimed_by != claim.worker
        ):
            raise ConcurrencyError("notice", claim.notice.key, claim.attempt, self.attempts)
        if outcome is AttemptOutcome.DELIVERED:
            return attrs.evolve(self, status=DeliveryStatus.DELIVERED, due_at=None,
                                delivered_at=at, receipt=receipt[:TEXT_LENGTH], last_error="")
        status = DeliveryStatus.FAILED if retry_at is None else DeliveryStatus.PENDING
        return attrs.evolve(self, status=status, due_at=retry_at,
                            last_error=error[:TEXT_LENGTH])

    def requeued(self, at: _dt.datetime) -> Delivery:
        """A 未送达 notice made 待送达 again at ``at``; RuleViolation ``not_failed``
        otherwise."""
        require_aware(at, "at")
        if self.status is not DeliveryStatus.FAILED:
            raise RuleViolation(
                "not_failed",
                f"该通知的送达状态为{self.status.label}，只有未送达的通知才能重新送达。 "
                "Only a notice whose delivery failed can be queued again.",
            )
        return attrs.evolve(self, status=DeliveryStatus.PENDING, due_at=at)


class AttemptOutcome(enum.Enum):
    """How one attempt ended; ``.label`` is the Chinese term."""

    DELIVERED = "delivered"
    FAILED = "failed"
    ABANDONED = "abandoned"

    @property
    def label(self) -> str:
        """送达, 失败, 中断（结果未知）."""
        return {AttemptOutcome.DELIVERED: "送达", AttemptOutcome.FAILED: "失败",
                AttemptOutcome.ABANDONED: "中断（结果未知）"}[self]


#: The error an ABANDONED attempt records when its notice is taken over (every adapter).
ABANDONED_ERROR = "执行该次送达的进程未报告结果（租约到期） the worker never reported back"


@attrs.frozen
class Attempt:
    """One attempt to deliver a notice: which worker, when it began and ended, how it ended
    (None while it runs), the sender's error or receipt. An attempt whose worker died is
    ended 中断 (:attr:`AttemptOutcome.ABANDONED`) when the notice is taken over: whether the
    sender got it is unknown, which is why the next attempt carries the same key."""

    notice_key: str
    number: int
    worker: str
    started_at: _dt.datetime
    finished_at: _dt.datetime | None = None
    outcome: AttemptOutcome | None = None
    error: str = ""
    receipt: str = ""


@attrs.frozen
class Claim:
    """A notice a worker took: the notice, the attempt number it began (its fence: the
    outcome is recorded only while the notice is still at this attempt and this worker), the
    worker and the end of its lease."""

    notice: Notice
    attempt: int
    worker: str
    lease_until: _dt.datetime


@attrs.frozen
class Backoff:
    """When to try again after a failed attempt, and when to give up: ``first`` after the
    first failure, then ``factor`` times longer each time up to ``cap``; after ``attempts``
    attempts in all the notice is 未送达. Deterministic (no jitter): two runs of the same
    history wait the same. Library convention: 1 minute, doubling, at most 6 hours, 8
    attempts (the texts name no delivery procedure)."""

    first: _dt.timedelta = _dt.timedelta(minutes=1)
    factor: int = 2
    cap: _dt.timedelta = _dt.timedelta(hours=6)
    attempts: int = 8

    @classmethod
    def of(
        cls,
        *,
        first: _dt.timedelta = _dt.timedelta(minutes=1),
        factor: int = 2,
        cap: _dt.timedelta = _dt.timedelta(hours=6),
        attempts: int = 8,
    ) -> Backoff:
        """Check and build."""
        if not isinstance(first, _dt.timedelta) or first <= _dt.timedelta(0):
            raise InvalidInput("first", "a positive timedelta", first)
        if not isinstance(cap, _dt.timedelta) or cap < first:
            raise InvalidInput("cap", "a timedelta at least as long as first", cap)
        if factor.__class__ is not int or not 1 <= factor <= 10:
            raise InvalidInput("factor", "a whole number from 1 to 10", factor)
        if attempts.__class__ is not int or not 1 <= attempts <= 100:
            raise InvalidInput("attempts", "a whole number of attempts from 1 to 100", attempts)
        return cls(first, factor, cap, attempts)

    def retry_at(self, attempt: int, failed_at: _dt.datetime) -> _dt.datetime | None:
        """When to try again after attempt number ``attempt`` failed at ``failed_at``; None
        when the attempts are spent."""
        if attempt >= self.attempts:
            return None
        delay: _dt.timedelta = self.first * int(self.factor ** (attempt - 1))
        failed: _dt.datetime = require_aware(failed_at, "failed_at")
        return failed + min(delay, self.cap)
