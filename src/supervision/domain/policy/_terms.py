"""The policy vocabulary: the terms every rule is written in (start events, obligations, actions,
triggers, scopes, score bases, assessment periods, sign-off, registration requirements).

Each term is an enum whose value is its Chinese label (``.label``) and whose ``.key`` is the
identifier used in snapshots and docs. Matter sources are the values of
:class:`supervision.domain.model.SourceKind`.
"""

from __future__ import annotations

import enum
import re
from typing import Final

__all__ = [
    "MAX_QUOTE",
    "SOURCES",
    "AssessmentPeriod",
    "Cycle",
    "DutyHolder",
    "EscalationAction",
    "ExplanationEffect",
    "Obligation",
    "Requirement",
    "Scope",
    "ScoreBasis",
    "Severity",
    "SignOff",
    "StartEvent",
    "TriggerEvent",
]

#: Matter-source names a policy's :meth:`Policy.default_period` understands (rules.md §1): the
#: values of :class:`supervision.domain.model.SourceKind` (``special_inspection`` is accepted as
#: another name for ``inspection_handover``).
SOURCES: Final[tuple[str, ...]] = (
    "annual_target",
    "cppcc_proposal",
    "document",
    "economic_indicator",
    "hotline",
    "inspection_handover",
    "law_or_regulation",
    "leader_instruction",
    "leader_speech",
    "major_deployment",
    "major_project",
    "meeting_decision",
    "npc_suggestion",
    "other",
    "peoples_letter",
    "petition",
    "public_concern",
    "special_inspection",
    "supervision_plan",
    "temporary_assignment",
    "work_report_target",
)

_POLICY_NAME = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
_CLAUSE = re.compile(r"^(§\d+(\.\d+)?|art\.\d+(\(\d+\))?)(:\d+)?$")
_KEY = re.compile(r"^[a-z][a-z0-9_]*$")
_WHITESPACE = re.compile(r"\s+")
MAX_QUOTE: Final = 60


# --------------------------------------------------------------------------- enums
class _Labelled(enum.Enum):
    """An enum whose value is its Chinese label."""

    @property
    def label(self) -> str:
        """The Chinese term."""
        return str(self.value)

    @property
    def key(self) -> str:
        """The identifier used in snapshots and docs (the member name, lower case)."""
        return self.name.lower()


class StartEvent(_Labelled):
    """The event a period is counted from (起算事件)."""

    DISPATCH = "交办"
    RECEIPT = "收到"
    MEETING = "会议召开"
    DOCUMENT_ISSUE = "文件下发"
    MINUTES_ISSUE = "会议纪要下发"
    PREVIOUS_REPORT = "上次报告"
    MISSED_DEADLINE = "超过办结时限"
    FEEDBACK_RECEIVED = "收到反馈"
    REMINDER = "催办"
    RETURN = "退回重办"
    BULLETIN = "通报"


class Obligation(_Labelled):
    """What must be done within a period."""

    COMPLETE = "办结"
    COMPLETE_AND_REPORT = "办结并报告"
    RESULT_OR_PROGRESS = "上报办理结果或进展情况"
    OPINION_OR_RESULT = "提报办理意见或结果"
    PROGRESS_REPORT = "报告进展情况"
    FEEDBACK = "反馈落实情况"
    HANDLING_PLAN = "提出办理方案"
    REDO = "重新办理"
    SIGN_OFF_AND_SPLIT = "呈报审签、分解任务"
    SIGN_OFF_AND_FORWARD = "审签、转办转发"
    SUBMIT_FOR_REVIEW = "送审报送"
    CONFIRM_DELIVERY = "确认送达"
    REVIEW = "审核反馈"
    DISPATCH = "分解交办"
    JOINT_MEETING = "召开联席会议"
    ASSESSMENT = "考核"


class DutyHolder(_Labelled):
    """Who carries a duty: the supervision office, the handling unit, or the receiving unit."""

    OFFICE = "督查机构"
    UNIT = "承办单位"
    RECIPIENT = "收文单位"


class Cycle(_Labelled):
    """A reporting cycle. Calendar cycles are calendar weeks, months, quarters (rules.md §2)."""

    EVERY_PERIOD = "按期"
    WEEKLY = "每周"
    MONTHLY = "每月"
    QUARTERLY = "每季度"
    HALF_YEARLY = "每半年"
    YEARLY = "每年"
    MILESTONES = "时间节点"
    PHASES = "分阶段"


class EscalationAction(_Labelled):
    """What an escalation rung does (or proposes)."""

    PRE_DEADLINE_WARNING = "到期提醒"
    REMINDER = "催办"
    WARNING_NOTICE = "告诫"
    INTERVIEW_NOTICE = "约谈通知"
    BULLETIN = "通报"
    SUPERVISION_BULLETIN = "督查通报"
    EFFICIENCY_BULLETIN = "效能通报"
    CRITICISM_BULLETIN = "通报批评"
    DISTRICT_BULLETIN = "全区通报"
    HEAD_EXPLANATION = "主要负责人作出说明"
    MEDIA_EXPOSURE = "媒体曝光"
    PUBLIC_EXPLANATION = "主要负责人公开说明情况"
    REPORT_TO_LEADERS = "向区领导汇报"
    POINT_DEDUCTION = "扣分"
    ACCOUNTABILITY = "问责"
    MEASURES_MENU = "追究责任措施"

    @property
    def always_proposal(self) -> bool:
        """Whether this action may only ever be proposed for a person to decide."""
        return self in _PROPOSAL_ONLY


_PROPOSAL_ONLY: Final = frozenset({EscalationAction.ACCOUNTABILITY, EscalationAction.MEASURES_MENU})


class TriggerEvent(_Labelled):
    """What sets a rung off."""

    APPROACHING_DEADLINE = "期限将至"
    OVERDUE = "超过办结时限未办结"
    REPORT_OVERDUE = "未按时报送材料"
    REMINDED = "被催办"
    REMINDER_UNANSWERED = "经催办仍未报告"
    RETURNED_FOR_REDO = "因办理质量不高退回重办"
    RECTIFICATION_IGNORED = "领导提出整改要求仍落实不力"
    CONSECUTIVE_MISSES = "连续未按时完成或报送"
    POOR_CONDUCT = "工作作风问题经认定"
    BULLETIN_UNHEEDED = "通报后仍未办理"
    EXPOSED = "被曝光"


class ExplanationEffect(_Labelled):
    """How a unit's explanation (情况说明) bears on a rung (rules.md §1)."""

    IGNORED = "情况说明不影响"
    ANY_EXPLANATION_SUPPRESSES = "已说明情况的不适用"
    ACCEPTED_EXPLANATION_SUPPRESSES = "能充分说明原因的不适用"
    SUBJECTIVE_CAUSE_ONLY = "仅适用于主观原因"


class Scope(_Labelled):
    """Whether a rung or a count looks at one matter or at a unit across its matters."""

    MATTER = "按事项"
    UNIT = "按单位"


class ScoreBasis(_Labelled):
    """What a scoring rule counts."""

    MISS_STREAK = "连续未按时完成或报送"
    BULLETIN = "通报"
    SUPERVISION_BULLETIN = "督查通报"
    EFFICIENCY_BULLETIN = "效能通报"
    ACCOUNTABILITY = "责任追究"
    COMMENDATION = "通报表扬"
    OVERDUE_MATTER = "逾期事项"


class AssessmentPeriod(_Labelled):
    """The period a score or grade is kept for."""

    YEAR = "年度"
    HALF_YEAR = "半年"


class SignOff(_Labelled):
    """Who signs a unit's report before it goes to the office."""

    UNIT_HEAD = "承办单位主要负责人"
    LEADER_IN_CHARGE = "分管领导"
    SUPERVISING_LEADER = "分管该事项的政府领导"
    NONE = "无签发要求"


class Requirement(_Labelled):
    """A condition a matter must meet to be registered (立项)."""

    CATEGORY_REQUIRED = "须选定事项类别"
    DEADLINE_REQUIRED = "须明确办理时限"
    LEADER_INSTRUCTION = "须经领导批示"
    NOT_INTERNAL_FUNCTION = "不属部门内部职能"
    NUMBERED = "编号登记"


class Severity(_Labelled):
    """How serious a :class:`Finding` is."""

    INFO = "提示"
    WARNING = "警告"
    REFUSAL = "不予办理"

