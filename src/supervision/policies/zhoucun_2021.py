"""zhoucun-2021: 《周村区政府重大工作部署事项督查管理办法》.

References:
    周村区人民政府办公室, 2021-07-16 (此件公开发布); ``shared/seeds/002_7dc166844cedc388.txt``.
    Clause digest: ``shared/docs/rules.md`` §3 "zhoucun-2021".
Checked with:
    ``tests/policies/test_policy_zhoucun_2021.py`` and the common policy suite.
Limitations:
    The published text carries no document number. §6.3 gives no point amount for a
    落实不力 item, nor a time after which an unheeded 通报 goes to the district leaders:
    parameters with documented defaults.
"""

from __future__ import annotations

import datetime as _dt
from decimal import Decimal
from typing import Any, ClassVar

import attrs

from supervision.domain.policy import (
    AssessmentPeriod,
    Citation,
    Cycle,
    DocumentType,
    Duty,
    DutyHolder,
    EscalationAction,
    Ladder,
    MatterKind,
    Note,
    Obligation,
    Parameters,
    PeriodRule,
    Policy,
    RegistrationRule,
    ReportingRule,
    Requirement,
    ReturnReason,
    Rung,
    ScoreBasis,
    ScoringRule,
    SignOff,
    SignOffRule,
    StartEvent,
    Trigger,
    TriggerEvent,
    Validity,
    decimal_points,
    parameter,
    prefix_field,
    warning_field,
    warning_rungs,
    whole_number,
)
from supervision.periods import Period

__all__ = ["NAME", "ZhoucunParameters", "build"]

NAME = "zhoucun-2021"
_LEADER = ("leader_instruction", "temporary_assignment")


def _c(clause: str, quote: str) -> Citation:
    return Citation(NAME, clause, quote)


@attrs.frozen
class ZhoucunParameters(Parameters):
    """The defaults zhoucun-2021 takes where its text is silent (rules.md §3)."""

    POLICY: ClassVar[str] = NAME

    numbering_prefix: str = prefix_field("周政督", "周村区政府 with 督 for 督查")
    shortfall_points: Decimal = parameter(  # noqa: RUF009 - an attrs field
        Decimal(1),
        decimal_points("0", "100"),
        "§6.3 计入部门“落实不力”考核项: points deducted per 通报 in 《周村督查》 in the annual "
        "evaluation (the text gives no amount).",
        "the amount in the district's annual evaluation rules",
    )
    pre_deadline_warning_working_days: int = warning_field(1, "§4.3 适时进行催办")
    leader_report_after_working_days: int = parameter(
        5,
        whole_number(1, 30),
        "§6.3 通报后仍未办理的…向区领导汇报: the office reports to the district leaders when the "
        "matter is still not done this many working days after the 通报 (the text says 及时).",
        "report at once when the 通报 has no effect by the office's own judgement",
    )


def build(parameters: Any = None) -> Policy:
    """The zhoucun-2021 policy with ``parameters`` (defaults when None)."""
    p = ZhoucunParameters() if parameters is None else parameters
    if not isinstance(p, ZhoucunParameters):
        raise TypeError("zhoucun-2021 takes ZhoucunParameters")

    rungs: list[Rung] = [
        *warning_rungs(p.pre_deadline_warning_working_days, _c("§4.3", "适时进行催办")),
        Rung(step=2, action=EscalationAction.REMINDER,
             triggers=(Trigger(TriggerEvent.OVERDUE), Trigger(TriggerEvent.REPORT_OVERDUE)),
             citation=_c("§4.3", "电话催报、逐件催办")),
        Rung(step=3, action=EscalationAction.BULLETIN,
             triggers=(Trigger(TriggerEvent.OVERDUE), Trigger(TriggerEvent.REPORT_OVERDUE),
                       Trigger(TriggerEvent.RETURNED_FOR_REDO), Trigger(TriggerEvent.POOR_CONDUCT)),
             citation=_c("§6.3", "将通过《周村督查》在全区进行通报"),
             target="承办部门、单位", document="《周村督查》"),
        Rung(step=4, action=EscalationAction.REPORT_TO_LEADERS,
             triggers=(Trigger(TriggerEvent.BULLETIN_UNHEEDED,
                               offset=Period.working_days(p.leader_report_after_working_days),
                               offset_from=StartEvent.BULLETIN),),
             citation=_c("§6.3", "通报后仍未办理的，区政府督查室会及时将有关情况向区领导汇报"),
             target="区领导"),
    ]

    return Policy(
        name=NAME,
        title="周村区政府重大工作部署事项督查管理办法",
        document_number="",
        issuer="周村区人民政府办公室",
        issued=_dt.date(2021, 7, 16),
        validity=Validity(effective_from=_dt.date(2021, 7, 16), years=None,
                          citation=_c("§7.2", "本办法自发布之日起施行")),
        parameters=p,
        kinds=(
            MatterKind("deployment", "重大决策、重要工作部署、重要会议精神等事项",
                       ("document", "major_deployment", "meeting_decision"),
                       _c("§5.1", "对重大决策、重要工作部署、重要会议精神等事项")),
            MatterKind("leader_assignment", "主要领导临时交办事项和批示件",
                       ("leader_instruction", "temporary_assignment"),
                       _c("§5.3", "区委、区政府主要领导同志临时交办事项和批示件")),
            MatterKind("staged", "重点阶段性工作", (),
                       _c("§5.2", "区政府主要领导同志有明确要求的重点阶段性工作")),
            MatterKind("year_long", "贯穿全年的工作任务", ("annual_target", "work_report_target"),
                       _c("§5.4", "贯穿全年的工作任务")),
            MatterKind("other", "其他督查事项", (), _c("§4.3", "督查事项要明确办理时限")),
        ),
        fallback_kind="other",
        periods=(
            PeriodRule("deployment_5_working_days", "deployment", None, (),
                       Period.working_days(5), StartEvent.RECEIPT, Obligation.COMPLETE_AND_REPORT,
                       _c("§5.1", "一般应在5个工作日内办结完毕并报告办理情况")),
            PeriodRule("leader_assignment_5_days", "leader_assignment", None, (),
                       Period.days(5), StartEvent.RECEIPT, Obligation.OPINION_OR_RESULT,
                       _c("§5.3", "一般在5日内提报办理意见或结果")),
        ),
        duties=(
            Duty("split_and_dispatch", "分解并以《督办单》交办", DutyHolder.OFFICE,
                 Obligation.DISPATCH,
                 None, _c("§5.3", "区政府督查室要第一时间分解"), immediate=True,
                 sources=_LEADER),
            Duty("take_over", "立即承接办理", DutyHolder.UNIT, Obligation.HANDLING_PLAN, None,
                 _c("§5.3", "要立即承接办理"), immediate=True, sources=_LEADER),
            Duty("handling_plan", "次日提出办理方案", DutyHolder.UNIT, Obligation.HANDLING_PLAN,
                 StartEvent.RECEIPT, _c("§5.3", "次日提出办理方案"), period=Period.next_day(),
                 sources=_LEADER, scored=True),
        ),
        reporting=(
            ReportingRule("milestones", "按时间节点报送办理情况", "staged", (),
                          _c("§5.2", "明确办理时间节点、责任单位"),
                          cycles=(Cycle.MILESTONES,), final_report=True),
            ReportingRule("year_long_cycles", "以周、月、季、年为周期调度，年底前报告完成情况",
                          "year_long", (), _c("§5.4", "以周、月、季、年为周期"),
                          cycles=(Cycle.WEEKLY, Cycle.MONTHLY, Cycle.QUARTERLY, Cycle.YEARLY),
                          cycle_selectable=True, until_done=True, year_end=True),
        ),
        registration=(
            RegistrationRule(Requirement.DEADLINE_REQUIRED, _c("§4.3", "督查事项要明确办理时限")),
        ),
        signoff=SignOffRule(SignOff.SUPERVISING_LEADER, _c("§4.4", "经区政府分管领导同志阅签后")),
        ladders=(Ladder(None, tuple(rungs)),),
        scoring=(
            ScoringRule("shortfall", ScoreBasis.BULLETIN, p.shortfall_points, False,
                        AssessmentPeriod.YEAR, _c("§6.3", "在年度考评中予以扣分"),
                        parameter="shortfall_points"),
        ),
        return_reasons=(
            ReturnReason("below_quality", "未按质量要求完成",
                         _c("§6.3", "未按质量要求完成督查任务")),
        ),
        documents=(
            DocumentType("dispatch_sheet", "督办单",
                         _c("§5.3", "以《督办单》形式交办责任部门、单位")),
            DocumentType("special_report", "督查专报",
                         _c("§5.3", "以《督查专报》形式报区委、区政府领导同志参阅")),
            DocumentType("bulletin", "周村督查", _c("§4.4", "以《周村督查》方式通报")),
        ),
        notes=(
            Note("A deadline in the notice or the implementation plan prevails.",
                 _c("§5.1", "有明确时限要求的，按督查通知要求的时间和实施方案确定的完成时限")),
            Note("A unit that misses its deadline explains why and what it will do next; "
                 "problems it cannot solve go to the leader in charge, then the main leader.",
                 _c("§4.2", "要向区政府督查室说明原因和下一步办理的意见")),
            Note("Supervision activities follow the annual plan and are approved and filed "
                 "(审批备案); matters themselves arrive carrying a leader's requirement, so the "
                 "library does not require approval before dispatch.",
                 _c("§4.1", "对督查事项实行审批备案制度")),
        ),
        aliases=("zhoucun", "周村"),
        rebuild=build,
    )
