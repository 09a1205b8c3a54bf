"""The domain's terms with their Chinese labels: where a matter comes from, urgency, handling
mode, unit kinds, roles in a matter, deadline basis, reasons, decisions, report kinds, review
outcomes, confidentiality, reporting cycles, sign-off capacities. Every enum's ``.label`` is
what a person reads; its value is the stable identifier storage and JSON use."""

from __future__ import annotations

import enum
from collections.abc import Mapping

__all__ = [
    "AssignmentRole",
    "ConfidentialityKind",
    "DeadlineBasis",
    "Decision",
    "HandlingMode",
    "ReasonKind",
    "ReportKind",
    "ReportingCycle",
    "ReviewOutcome",
    "SignoffCapacity",
    "SourceKind",
    "UnitKind",
    "Urgency",
]


# ================================================================ enums with Chinese labels
class SourceKind(enum.Enum):
    """Where a matter comes from (事项来源): the union of the five texts (rules.md §1)."""

    LEADER_INSTRUCTION = "leader_instruction"
    LEADER_SPEECH = "leader_speech"
    TEMPORARY_ASSIGNMENT = "temporary_assignment"
    MEETING_DECISION = "meeting_decision"
    MAJOR_DEPLOYMENT = "major_deployment"
    LAW_OR_REGULATION = "law_or_regulation"
    DOCUMENT = "document"
    WORK_REPORT_TARGET = "work_report_target"
    ANNUAL_TARGET = "annual_target"
    NPC_SUGGESTION = "npc_suggestion"
    CPPCC_PROPOSAL = "cppcc_proposal"
    HOTLINE = "hotline"
    PEOPLES_LETTER = "peoples_letter"
    PETITION = "petition"
    PUBLIC_CONCERN = "public_concern"
    INSPECTION_HANDOVER = "inspection_handover"
    MAJOR_PROJECT = "major_project"
    ECONOMIC_INDICATOR = "economic_indicator"
    SUPERVISION_PLAN = "supervision_plan"
    OTHER = "other"

    @property
    def label(self) -> str:
        """The Chinese name of the source (领导批示, 会议决定事项, …)."""
        return _SOURCE_LABELS[self]


_SOURCE_LABELS: Mapping[SourceKind, str] = {
    SourceKind.LEADER_INSTRUCTION: "领导批示",
    SourceKind.LEADER_SPEECH: "领导讲话",
    SourceKind.TEMPORARY_ASSIGNMENT: "领导临时交办",
    SourceKind.MEETING_DECISION: "会议决定事项",
    SourceKind.MAJOR_DEPLOYMENT: "重大决策部署",
    SourceKind.LAW_OR_REGULATION: "法律法规和规范性文件",
    SourceKind.DOCUMENT: "重要文件",
    SourceKind.WORK_REPORT_TARGET: "政府工作报告目标任务和民生实事",
    SourceKind.ANNUAL_TARGET: "年度经济社会发展目标和重点工作",
    SourceKind.NPC_SUGGESTION: "人大代表建议",
    SourceKind.CPPCC_PROPOSAL: "政协提案",
    SourceKind.HOTLINE: "市长信箱、12345热线",
    SourceKind.PEOPLES_LETTER: "人民来信",
    SourceKind.PETITION: "信访事项",
    SourceKind.PUBLIC_CONCERN: "企业反映和群众关注问题",
    SourceKind.INSPECTION_HANDOVER: "专项督查组交办",
    SourceKind.MAJOR_PROJECT: "重大项目",
    SourceKind.ECONOMIC_INDICATOR: "经济指标",
    SourceKind.SUPERVISION_PLAN: "年度督查计划",
    SourceKind.OTHER: "其他",
}


class Urgency(enum.Enum):
    """How urgent the matter is (缓急程度)."""

    NORMAL = "normal"
    URGENT = "urgent"
    EXTRA_URGENT = "extra_urgent"

    @property
    def label(self) -> str:
        """一般, 紧急, 特急."""
        return {Urgency.NORMAL: "一般", Urgency.URGENT: "紧急", Urgency.EXTRA_URGENT: "特急"}[self]


class HandlingMode(enum.Enum):
    """How the office hands the matter out (``tongren-2014 art.6(2)``)."""

    TRANSFER = "transfer"
    JOINT = "joint"
    SELF = "self"

    @property
    def label(self) -> str:
        """转办 (one unit), 会办 (lead + co-units), 自办 (the office itself)."""
        if self is HandlingMode.TRANSFER:
            return "转办"
        return "会办" if self is HandlingMode.JOINT else "自办"


class UnitKind(enum.Enum):
    """The kind of a unit (单位类型)."""

    TOWNSHIP = "township"
    DEPARTMENT = "department"
    STATIONED_AGENCY = "stationed_agency"
    STATE_ENTERPRISE = "state_enterprise"
    SUPERVISION_OFFICE = "supervision_office"
    OTHER = "other"

    @property
    def label(self) -> str:
        """镇街, 部门, 派驻机构, 国有企业, 督查机构, 其他."""
        return {
            UnitKind.TOWNSHIP: "镇街",
            UnitKind.DEPARTMENT: "部门",
            UnitKind.STATIONED_AGENCY: "派驻机构",
            UnitKind.STATE_ENTERPRISE: "国有企业",
            UnitKind.SUPERVISION_OFFICE: "督查机构",
            UnitKind.OTHER: "其他",
        }[self]


class AssignmentRole(enum.Enum):
    """A unit's part in a matter."""

    LEAD = "lead"
    CO = "co"

    @property
    def label(self) -> str:
        """主办 (lead, 牵头) or 协办 (co-unit)."""
        return {AssignmentRole.LEAD: "主办", AssignmentRole.CO: "协办"}[self]


class DeadlineBasis(enum.Enum):
    """Where a matter's period comes from; a stated one always wins (rules.md §1)."""

    STATED = "stated"
    CATEGORY_DEFAULT = "category_default"

    @property
    def label(self) -> str:
        """通知/方案明确 or 按类别默认."""
        if self is DeadlineBasis.STATED:
            return "通知或方案明确"
        return "按类别默认"


class ReasonKind(enum.Enum):
    """Why a unit cannot finish in time (``chizhou-2021 §8.1`` 主观原因; ``tongren-2014 art.7``)."""

    OBJECTIVE = "objective"
    SUBJECTIVE = "subjective"

    @property
    def label(self) -> str:
        """客观原因 or 主观原因."""
        return {ReasonKind.OBJECTIVE: "客观原因", ReasonKind.SUBJECTIVE: "主观原因"}[self]


class Decision(enum.Enum):
    """The office's or approver's decision on an explanation or an extension request."""

    PENDING = "pending"
    ACCEPTED = "accepted"
    REJECTED = "rejected"

    @property
    def label(self) -> str:
        """待审, 同意/采信, 不同意/不采信."""
        return {Decision.PENDING: "待审", Decision.ACCEPTED: "同意", Decision.REJECTED: "不同意"}[
            self
        ]


class ReportKind(enum.Enum):
    """Kinds of reports a unit sends (反馈). A handling plan (办理方案, ``zhoucun-2021 §5.3``
    次日提出办理方案) is its own kind: it meets the plan's deadline, never a deadline for the
    opinions or results, which a progress report or the final report meets."""

    PLAN = "plan"
    PROGRESS = "progress"
    FINAL = "final"
    SUPPLEMENT = "supplement"
    CONTRIBUTION = "contribution"

    @property
    def label(self) -> str:
        """办理方案, 进展报告, 办理结果报告, 补充说明, 协办意见."""
        return {
            ReportKind.PLAN: "办理方案",
            ReportKind.PROGRESS: "进展报告",
            ReportKind.FINAL: "办理结果报告",
            ReportKind.SUPPLEMENT: "补充说明",
            ReportKind.CONTRIBUTION: "协办意见",
        }[self]


class ReviewOutcome(enum.Enum):
    """The office's review of a final report (``daoli-2017 art.10``, ``lianyungang-2019 §5.6``)."""

    ACCEPTED = "accepted"
    RETURNED = "returned"
    SUPPLEMENT_REQUESTED = "supplement_requested"

    @property
    def label(self) -> str:
        """审核通过, 退回重办, 要求补充说明."""
        return {
            ReviewOutcome.ACCEPTED: "审核通过",
            ReviewOutcome.RETURNED: "退回重办",
            ReviewOutcome.SUPPLEMENT_REQUESTED: "要求补充说明",
        }[self]


class ConfidentialityKind(enum.Enum):
    """Confidentiality (``daoli-2017 art.23``)."""

    NONE = "none"
    CONTROLLED = "controlled"
    SECRET = "secret"

    @property
    def label(self) -> str:
        """不涉密, 控制知情范围, 涉密（仅登记索引）."""
        return {
            ConfidentialityKind.NONE: "不涉密",
            ConfidentialityKind.CONTROLLED: "控制知情范围",
            ConfidentialityKind.SECRET: "涉密（仅登记索引）",
        }[self]


class ReportingCycle(enum.Enum):
    """Calendar reporting cycles (``zhoucun-2021 §5.4``, ``daoli-2017 art.8(4)``)."""

    WEEKLY = "weekly"
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    HALF_YEARLY = "half_yearly"
    YEARLY = "yearly"

    @property
    def label(self) -> str:
        """每周, 每月, 每季度, 每半年, 每年."""
        return {
            ReportingCycle.WEEKLY: "每周",
            ReportingCycle.MONTHLY: "每月",
            ReportingCycle.QUARTERLY: "每季度",
            ReportingCycle.HALF_YEARLY: "每半年",
            ReportingCycle.YEARLY: "每年",
        }[self]


class SignoffCapacity(enum.Enum):
    """Who signs a report off, as the matter's policy requires (``Policy.report_signoff``):
    the unit's main head (核签), the unit's leader in charge (分管负责人阅签), or the government
    leader in charge of the matter recorded on it (``zhoucun-2021 §4.4`` 区政府分管领导同志阅签)."""

    UNIT_HEAD = "unit_head"
    LEADER_IN_CHARGE = "leader_in_charge"
    SUPERVISING_LEADER = "supervising_leader"
    NONE = "none"

    @property
    def label(self) -> str:
        """主要负责人核签, 分管负责人阅签, 分管领导同志阅签, 无需签发."""
        return {
            SignoffCapacity.UNIT_HEAD: "主要负责人核签",
            SignoffCapacity.LEADER_IN_CHARGE: "分管负责人阅签",
            SignoffCapacity.SUPERVISING_LEADER: "分管领导同志阅签",
            SignoffCapacity.NONE: "无需签发",
        }[self]


