"""Domain events: a frozen, past-tense record of every change to a matter.

Every command appends exactly one :class:`Event`, stored in the same unit of work as the
changed matter (登记备案, ``daoli-2017 art.22``: the record of the handling process is
complete). Event ids are deterministic (``"<matter id>#<version>"``), so two writers can never
record the same change twice. Events never carry a secret matter's content.
"""

from __future__ import annotations

import datetime as _dt
import enum
from collections.abc import Mapping

import attrs

from supervision.domain.lifecycle import Action, Status

__all__ = ["EVENT_FOR_ACTION", "Event", "EventKind"]


class EventKind(enum.Enum):
    """What happened, in the past tense; ``.label`` is the Chinese record text."""

    REGISTERED = "registered"
    APPROVED = "approved"
    DISPATCHED = "dispatched"
    ACKNOWLEDGED = "acknowledged"
    PROGRESS_REPORTED = "progress_reported"
    CONTRIBUTED = "contributed"
    FINAL_REPORT_SUBMITTED = "final_report_submitted"
    SUPPLEMENT_SUPPLIED = "supplement_supplied"
    EXPLAINED = "explained"
    EXPLANATION_DECIDED = "explanation_decided"
    ACCEPTED = "accepted"
    RETURNED_FOR_REDO = "returned_for_redo"
    SUPPLEMENT_ASKED = "supplement_asked"
    COMPLETED = "completed"
    CLOSED = "closed"
    ARCHIVED = "archived"
    REOPENED = "reopened"
    EXTENSION_REQUESTED = "extension_requested"
    EXTENSION_DECIDED = "extension_decided"
    SUSPENDED = "suspended"
    RESUMED = "resumed"
    WITHDRAWN = "withdrawn"
    TERMINATED = "terminated"
    DEADLINE_RECOMPUTED = "deadline_recomputed"
    ESCALATED = "escalated"
    PROPOSAL_DECIDED = "proposal_decided"
    FINDING_RECORDED = "finding_recorded"
    POLICY_MIGRATED = "policy_migrated"
    SIGNOFF_CONFIRMED = "signoff_confirmed"
    NOTICE_DELIVERED = "notice_delivered"
    NOTICE_UNDELIVERED = "notice_undelivered"
    OBJECTION_FILED = "objection_filed"
    OBJECTION_DECIDED = "objection_decided"

    @property
    def label(self) -> str:
        """已立项, 已交办, 已签收, 已退回重办, …"""
        return _EVENT_LABELS[self]


_EVENT_LABELS: Mapping[EventKind, str] = {
    EventKind.REGISTERED: "已立项",
    EventKind.APPROVED: "已审定",
    EventKind.DISPATCHED: "已交办",
    EventKind.ACKNOWLEDGED: "已签收",
    EventKind.PROGRESS_REPORTED: "已报送进展",
    EventKind.CONTRIBUTED: "协办单位已反馈",
    EventKind.FINAL_REPORT_SUBMITTED: "已反馈办理结果",
    EventKind.SUPPLEMENT_SUPPLIED: "已补充说明",
    EventKind.EXPLAINED: "已作情况说明",
    EventKind.EXPLANATION_DECIDED: "情况说明已认定",
    EventKind.ACCEPTED: "审核通过",
    EventKind.RETURNED_FOR_REDO: "已退回重办",
    EventKind.SUPPLEMENT_ASKED: "已要求补充说明",
    EventKind.COMPLETED: "已办结",
    EventKind.CLOSED: "已销号",
    EventKind.ARCHIVED: "已归档",
    EventKind.REOPENED: "回头看已重新督办",
    EventKind.EXTENSION_REQUESTED: "已申请延期",
    EventKind.EXTENSION_DECIDED: "延期申请已审批",
    EventKind.SUSPENDED: "已中止",
    EventKind.RESUMED: "已恢复",
    EventKind.WITHDRAWN: "已撤销",
    EventKind.TERMINATED: "已终止",
    EventKind.DEADLINE_RECOMPUTED: "期限已重新计算",
    EventKind.ESCALATED: "已督办升级",
    EventKind.PROPOSAL_DECIDED: "处理建议已决定",
    EventKind.FINDING_RECORDED: "已认定问题",
    EventKind.POLICY_MIGRATED: "已迁移适用制度",
    EventKind.SIGNOFF_CONFIRMED: "签发已本人确认",
    EventKind.NOTICE_DELIVERED: "通知已送达",
    EventKind.NOTICE_UNDELIVERED: "通知未送达",
    EventKind.OBJECTION_FILED: "已申请复核",
    EventKind.OBJECTION_DECIDED: "复核已作出决定",
}

#: The event each lifecycle action records.
EVENT_FOR_ACTION: Mapping[Action, EventKind] = {
    Action.REGISTER: EventKind.REGISTERED,
    Action.APPROVE: EventKind.APPROVED,
    Action.DISPATCH: EventKind.DISPATCHED,
    Action.ACKNOWLEDGE: EventKind.ACKNOWLEDGED,
    Action.REPORT_PROGRESS: EventKind.PROGRESS_REPORTED,
    Action.CONTRIBUTE: EventKind.CONTRIBUTED,
    Action.SUBMIT_FINAL_REPORT: EventKind.FINAL_REPORT_SUBMITTED,
    Action.SUPPLY_SUPPLEMENT: EventKind.SUPPLEMENT_SUPPLIED,
    Action.EXPLAIN: EventKind.EXPLAINED,
    Action.DECIDE_EXPLANATION: EventKind.EXPLANATION_DECIDED,
    Action.ACCEPT: EventKind.ACCEPTED,
    Action.RETURN_FOR_REDO: EventKind.RETURNED_FOR_REDO,
    Action.ASK_SUPPLEMENT: EventKind.SUPPLEMENT_ASKED,
    Action.COMPLETE: EventKind.COMPLETED,
    Action.CLOSE: EventKind.CLOSED,
    Action.ARCHIVE: EventKind.ARCHIVED,
    Action.REOPEN: EventKind.REOPENED,
    Action.REQUEST_EXTENSION: EventKind.EXTENSION_REQUESTED,
    Action.DECIDE_EXTENSION: EventKind.EXTENSION_DECIDED,
    Action.SUSPEND: EventKind.SUSPENDED,
    Action.RESUME: EventKind.RESUMED,
    Action.WITHDRAW: EventKind.WITHDRAWN,
    Action.TERMINATE: EventKind.TERMINATED,
    Action.CONFIRM_SIGNOFF: EventKind.SIGNOFF_CONFIRMED,
}


@attrs.frozen
class Event:
    """One recorded change: who did what to which matter, when, and the status around it.

    ``version`` is the matter's version after the change; ``due_at`` the due instant in force
    after it (None before dispatch); ``details`` small string facts (unit id, report number,
    decision, reason) — never a secret matter's content.
    """

    event_id: str
    matter_id: str
    kind: EventKind
    actor_id: str
    occurred_at: _dt.datetime
    status_before: Status | None
    status_after: Status
    version: int
    due_at: _dt.datetime | None = None
    details: tuple[tuple[str, str], ...] = ()

    @staticmethod
    def make_id(matter_id: str, version: int) -> str:
        """The deterministic event id of a matter's change number ``version``."""
        return f"{matter_id}#{version}"

    def detail(self, key: str, default: str = "") -> str:
        """One of the ``details`` by key."""
        return next((v for k, v in self.details if k == key), default)
