"""tongren-2014: 铜高党办发〔2014〕号《铜仁高新区督促检查工作制度（试行）》.

References:
    铜仁高新区党政办公室, 2014-10-25; ``shared/seeds/001_77acdbafe6bb1d23.txt``.
    Clause digest: ``shared/docs/rules.md`` §3 "tongren-2014".
Checked with:
    ``tests/policies/test_policy_tongren_2014.py`` and the common policy suite.
Limitations:
    A trial (试行) text with no end date: every use reports it as 试行 (an informative finding).
    The document number has no sequence number (铜高党办发〔2014〕号) as published.
    Art.11(2),(3) give no point amounts: parameters with documented defaults.
"""

from __future__ import annotations

import datetime as _dt
from decimal import Decimal
from typing import Any, ClassVar

import attrs

from supervision.domain.policy import (
    AssessmentPeriod,
    Category,
    Citation,
    Cycle,
    DocumentType,
    Duty,
    DutyHolder,
    EscalationAction,
    ExplanationEffect,
    Ladder,
    MatterKind,
    Note,
    Obligation,
    Parameters,
    PeriodRule,
    Policy,
    ReturnReason,
    Rung,
    ScoreBasis,
    ScoringRule,
    StartEvent,
    Trigger,
    TriggerEvent,
    Validity,
    choice,
    decimal_points,
    parameter,
    prefix_field,
    warning_field,
    warning_rungs,
    whole_number,
)
from supervision.periods import Period

__all__ = ["NAME", "TongrenParameters", "build"]

NAME = "tongren-2014"
_FOLLOW_UP = "及时督促承办单位按要求办结"


def _c(clause: str, quote: str) -> Citation:
    return Citation(NAME, clause, quote)


@attrs.frozen
class TongrenParameters(Parameters):
    """The defaults tongren-2014 takes where its text is silent (rules.md §3)."""

    POLICY: ClassVar[str] = NAME

    pre_deadline_warning_working_days: int = warning_field(1, "art.6(2) " + _FOLLOW_UP)
    numbering_prefix: str = prefix_field(
        "铜高督", "the issuing office's prefix 铜高党办发 shortened, with 督 for 督查"
    )
    reminder_reply_working_days: int = parameter(
        3,
        whole_number(1, 15),
        "art.11(1) counts reminders (被催办一次/两次) but sets no reply time: a reminder's reply "
        "is due this many working days after it; the next rung waits for that (library "
        "convention).",
        "the office states each reminder's reply deadline",
    )
    bulletin_timing: str = parameter(
        "on_reminder",
        choice("on_reminder", "after_reply"),
        "art.11(1) 逾期不报被催办一次…予以督查通报: read literally, the 督查通报 follows the first "
        "催办 itself (the same sweep, on the office's working day) — the text gives the unit no "
        "time to answer the reminder first (rules.md §3 tongren).",
        "'after_reply': the 督查通报 waits until the first reminder's reply deadline "
        "(reminder_reply_working_days) has passed unanswered",
    )
    supervision_bulletin_points: Decimal = parameter(  # noqa: RUF009 - an attrs field
        Decimal(1),
        decimal_points("0", "100"),
        "art.11(2): points deducted per 督查通报 (the text gives no amount).",
        "the amount in the zone's 目标绩效管理考核 rules",
    )
    efficiency_bulletin_points: Decimal = parameter(  # noqa: RUF009 - an attrs field
        Decimal(2),
        decimal_points("0", "100"),
        "art.11(2): points deducted per 效能通报 (heavier than a 督查通报; no amount in the text).",
        "the amount in the zone's 目标绩效管理考核 rules",
    )
    accountability_points: Decimal = parameter(  # noqa: RUF009 - an attrs field
        Decimal(3),
        decimal_points("0", "100"),
        "art.11(2): points deducted per decided 责任追究 (no amount in the text).",
        "the amount in the zone's 目标绩效管理考核 rules",
    )
    commendation_points: Decimal = parameter(  # noqa: RUF009 - an attrs field
        Decimal(1),
        decimal_points("0", "100"),
        "art.11(3): points added per 通报表彰 granted with the committees' approval "
        "(no amount in the text).",
        "the amount in the zone's 目标绩效管理考核 rules",
    )


def build(parameters: Any = None) -> Policy:
    """The tongren-2014 policy with ``parameters`` (defaults when None)."""
    p = TongrenParameters() if parameters is None else parameters
    if not isinstance(p, TongrenParameters):
        raise TypeError("tongren-2014 takes TongrenParameters")
    reply = Period.working_days(p.reminder_reply_working_days)
    art11_1 = "art.11(1)"

    return Policy(
        name=NAME,
        title="铜仁高新区督促检查工作制度（试行）",
        document_number="铜高党办发〔2014〕号",
        issuer="铜仁高新区党政办公室",
        issued=_dt.date(2014, 10, 25),
        validity=Validity(effective_from=_dt.date(2014, 10, 25), years=None, trial=True),
        parameters=p,
        kinds=(
            MatterKind("leader_assigned", "领导批办交办督查事项",
                       ("leader_instruction", "temporary_assignment"),
                       _c("art.7(1)", "领导批办交办督查事项")),
            MatterKind("special", "其他专门督查事项", (),
                       _c("art.7(2)", "其他专门督查事项按督查单、督查通知明确的要求办理并反馈")),
        ),
        fallback_kind="special",
        category_list=(
            Category("urgent", "紧急事项", "leader_assigned",
                     _c("art.7(1)", "属紧急事项的,原则上3个工作日内办结并报告结果"),
                     follow_up="跟踪督查"),
            Category("general", "一般事项", "leader_assigned",
                     _c("art.7(1)", "属一般事项的,在7个工作日内办结并报告情况"),
                     follow_up="定期督查"),
            Category("research", "专题调研类", "leader_assigned",
                     _c("art.7(1)", "专题调研类,原则应在30日内办结并报告情况")),
        ),
        periods=(
            PeriodRule("urgent_3_working_days", "leader_assigned", "urgent", (),
                       Period.working_days(3), StartEvent.RECEIPT, Obligation.COMPLETE_AND_REPORT,
                       _c("art.7(1)", "属紧急事项的,原则上3个工作日内办结并报告结果")),
            PeriodRule("general_7_working_days", "leader_assigned", "general", (),
                       Period.working_days(7), StartEvent.RECEIPT, Obligation.COMPLETE_AND_REPORT,
                       _c("art.7(1)", "属一般事项的,在7个工作日内办结并报告情况")),
            PeriodRule("research_30_days", "leader_assigned", "research", (),
                       Period.days(30), StartEvent.RECEIPT, Obligation.COMPLETE_AND_REPORT,
                       _c("art.7(1)", "专题调研类,原则应在30日内办结并报告情况")),
        ),
        duties=(
            Duty("joint_meeting", "工作督查和责任追究联席会议", DutyHolder.OFFICE,
                 Obligation.JOINT_MEETING, None, _c("art.10(1)", "原则上每季度召开一次会议"),
                 cycle=Cycle.QUARTERLY),
            Duty("important_result_to_leaders", "重要督查事项办结后向领导汇报", DutyHolder.OFFICE,
                 Obligation.REVIEW, None,
                 _c("art.6(3)", "由区党政办公室及时向区党工委、管委会领导汇报办理结果"),
                 immediate=True),
        ),
        ladders=(Ladder(None, (
            *warning_rungs(p.pre_deadline_warning_working_days, _c("art.6(2)", _FOLLOW_UP)),
            Rung(step=1, action=EscalationAction.REMINDER,
                 triggers=(Trigger(TriggerEvent.OVERDUE),),
                 citation=_c(art11_1, "逾期不报被催办一次"),
                 reply=reply, reply_start=StartEvent.REMINDER),
            Rung(step=2, action=EscalationAction.SUPERVISION_BULLETIN,
                 triggers=(Trigger(TriggerEvent.REMINDED, 1)
                           if p.bulletin_timing == "on_reminder"
                           else Trigger(TriggerEvent.REMINDER_UNANSWERED, 1),
                           Trigger(TriggerEvent.RETURNED_FOR_REDO, 1)),
                 citation=_c(art11_1, "因办理质量不高退回重办的,予以督查通报"),
                 document="《督查通报》"),
            Rung(step=3, action=EscalationAction.REMINDER,
                 triggers=(Trigger(TriggerEvent.REMINDER_UNANSWERED, 1),),
                 citation=_c(art11_1, "对被催办两次"),
                 reply=reply, reply_start=StartEvent.REMINDER),
            Rung(step=4, action=EscalationAction.EFFICIENCY_BULLETIN,
                 triggers=(Trigger(TriggerEvent.REMINDED, 2),
                           Trigger(TriggerEvent.RECTIFICATION_IGNORED, 1)),
                 citation=_c(art11_1, "提出明确整改要求仍然落实不力的,予以效能通报")),
            Rung(step=5, action=EscalationAction.HEAD_EXPLANATION,
                 triggers=(Trigger(TriggerEvent.REMINDED, 2),
                           Trigger(TriggerEvent.RECTIFICATION_IGNORED, 1)),
                 citation=_c(art11_1, "被通报单位主要负责人向高新区主要领导或分管领导作出说明"),
                 target="被通报单位主要负责人"),
            Rung(step=6, action=EscalationAction.ACCOUNTABILITY,
                 triggers=(Trigger(TriggerEvent.REMINDED, 2),),
                 citation=_c(art11_1, "被催办两次仍没有落实又不能充分说明原因的"),
                 target="相关单位和人员",
                 explanation=ExplanationEffect.ACCEPTED_EXPLANATION_SUPPRESSES,
                 requires_decision=True, decided_by="区党工委、管委会"),
        )),),
        scoring=(
            ScoringRule("supervision_bulletin", ScoreBasis.SUPERVISION_BULLETIN,
                        p.supervision_bulletin_points, False, AssessmentPeriod.YEAR,
                        _c("art.11(2)", "扣减年度目标绩效考核分值"),
                        parameter="supervision_bulletin_points"),
            ScoringRule("efficiency_bulletin", ScoreBasis.EFFICIENCY_BULLETIN,
                        p.efficiency_bulletin_points, False, AssessmentPeriod.YEAR,
                        _c("art.11(2)", "对受到督查(效能)通报和责任追究的单位"),
                        parameter="efficiency_bulletin_points"),
            ScoringRule("accountability", ScoreBasis.ACCOUNTABILITY,
                        p.accountability_points, False, AssessmentPeriod.YEAR,
                        _c("art.11(2)", "将工作督查和责任追究情况纳入各单位年度目标绩效考核范围"),
                        parameter="accountability_points"),
            ScoringRule("commendation", ScoreBasis.COMMENDATION,
                        p.commendation_points, True, AssessmentPeriod.YEAR,
                        _c("art.11(3)", "加计年度绩效考核分值"),
                        parameter="commendation_points", approval="高新区党工委、管委会"),
        ),
        return_reasons=(
            ReturnReason("poor_quality", "办理质量不高", _c("art.11(1)", "因办理质量不高退回重办"),
                         redo=True),
        ),
        documents=(
            DocumentType("inspection_sheet", "督查单",
                         _c("art.6(1)", "发督查单、督查通知等形式进行交办")),
            DocumentType("inspection_notice", "督查通知",
                         _c("art.6(1)", "发督查单、督查通知等形式进行交办")),
            DocumentType("bulletin", "督查通报", _c("art.6(3)", "编发政务信息和《督查通报》")),
        ),
        notes=(
            Note("A phone notice counts as receipt: periods run from receipt of the 督查单 or "
                 "督查通知.", _c("art.7", "(包括电话和文字通知)")),
            Note("A unit that cannot finish for objective reasons reports in writing; the "
                 "report never moves the deadline.", _c("art.7", "要以书面形式向区党政办公室报告")),
            Note("An explanation the office accepts rules out accountability only for the "
                 "deadlines it explains (library rule, docs/escalation.md): the unit's "
                 "deadlines of the current round due by the time it is given and still "
                 "unmet, and the round's completion deadline if still unmet; never a redo "
                 "deadline or a reopened round's deadline falling due after it.",
                 _c("art.11(1)", "被催办两次仍没有落实又不能充分说明原因的")),
            Note("A leader's own deadline prevails over the category's period.",
                 _c("art.7(1)", "领导有具体时限要求的,按照领导要求办理")),
            Note("Follow-up style by category: important matters 重点督查, urgent 跟踪督查, "
                 "general 定期督查.", _c("art.6(2)", "紧急事项跟踪督查、一般事项定期督查")),
            Note("Matters within the supervision branch's remit are transferred to it, which "
                 "reports back.", _c("art.10(3)", "应将相关材料及时移交区监察分局")),
        ),
        aliases=("tongren", "铜仁"),
        rebuild=build,
    )
