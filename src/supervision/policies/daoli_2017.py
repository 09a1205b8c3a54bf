"""daoli-2017: 哈里政办规〔2017〕8号《道里区人民政府督办检查工作制度》.

References:
    哈尔滨市道里区人民政府办公室, 2017-12-20; ``shared/seeds/003_c3d693a1a855554e.txt``.
    Clause digest: ``shared/docs/rules.md`` §3 "daoli-2017".
Checked with:
    ``tests/policies/test_policy_daoli_2017.py`` and the common policy suite.
Limitations:
    Two kinds of matters: art.7 matters (special inspection hand-overs, leaders' speeches,
    instructions and assignments) have report periods by category and the art.7(3) reminder;
    art.8 matters (decisions, documents, meeting decisions) have no default day count.
    Art.27 names three grades but no thresholds or weights: parameters with documented defaults.
"""

from __future__ import annotations

import datetime as _dt
from decimal import Decimal
from typing import Any, ClassVar

import attrs

from supervision.domain.policy import (
    ApprovalRule,
    AssessmentPeriod,
    Category,
    Citation,
    Criterion,
    Cycle,
    DocumentType,
    Duty,
    DutyHolder,
    EscalationAction,
    ExplanationEffect,
    Grade,
    GradingRule,
    Ladder,
    MatterKind,
    Note,
    Obligation,
    Parameters,
    PeriodRange,
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
    choice,
    parameter,
    prefix_field,
    warning_field,
    warning_rungs,
    whole_number,
)
from supervision.exceptions import InvalidParameter
from supervision.periods import Period, PeriodUnit

__all__ = ["NAME", "DaoliParameters", "build"]

NAME = "daoli-2017"
_FOLLOW_UP = "督查办要定期督促承办部门（单位）完成工作任务"


def _c(clause: str, quote: str) -> Citation:
    return Citation(NAME, clause, quote)


@attrs.frozen
class DaoliParameters(Parameters):
    """The defaults daoli-2017 takes where its text is silent (rules.md §3)."""

    POLICY: ClassVar[str] = NAME

    numbering_prefix: str = prefix_field(
        "哈里政督", "the issuing office's prefix 哈里政办规 with 督 for 督办"
    )
    pre_deadline_warning_working_days: int = warning_field(1, "art.13 " + _FOLLOW_UP)
    signoff_scope: str = parameter(
        "every_report",
        choice("every_report", "joint_matters_only"),
        "art.7(2) 上报的情况由牵头承办部门（单位）主要领导签发: every art.7 report is signed by "
        "the unit's main leader, since a single-unit matter's unit is its own lead.",
        "'joint_matters_only': only reports on matters several units handle jointly",
    )
    excellent_min: int = parameter(
        90,
        whole_number(1, 100),
        "art.27 优秀: the lowest composite half-year score (0–100) graded 优秀 (no threshold in "
        "the text).",
        "a fixed share of units (e.g. the top 20%) graded 优秀",
    )
    good_min: int = parameter(
        60,
        whole_number(1, 99),
        "art.27 良好: the lowest composite score graded 良好; below it 较差 (no threshold in "
        "the text).",
        "较差 only for units with a 通报批评 in the half-year",
    )
    results_weight: int = parameter(
        40,
        whole_number(0, 100),
        "art.27 落实效果: weight of results (share of the matters assessed whose report was "
        "accepted without a return, each matter once) in the composite score; the three "
        "weights sum to 100.",
        "equal weights (34/33/33)",
    )
    timeliness_weight: int = parameter(
        40,
        whole_number(0, 100),
        "art.27 是否符合时限要求: weight of timeliness (on-time rate).",
        "equal weights (34/33/33)",
    )
    format_weight: int = parameter(
        20,
        whole_number(0, 100),
        "art.27 行文是否规范: weight of document format (share of reports not returned for "
        "format, art.10).",
        "equal weights (34/33/33)",
    )

    def __attrs_post_init__(self) -> None:
        if not self.good_min < self.excellent_min:
            raise InvalidParameter(
                NAME, "good_min", f"less than excellent_min ({self.excellent_min})", self.good_min
            )
        total = self.results_weight + self.timeliness_weight + self.format_weight
        if total != 100:
            raise InvalidParameter(
                NAME, "format_weight",
                "results_weight + timeliness_weight + format_weight = 100", total,
            )


def _misconduct_rungs(first_step: int) -> tuple[Rung, ...]:
    return (
        Rung(step=first_step, action=EscalationAction.CRITICISM_BULLETIN,
             triggers=(Trigger(TriggerEvent.POOR_CONDUCT),),
             citation=_c("art.25", "给予通报批评")),
        Rung(step=first_step + 1, action=EscalationAction.ACCOUNTABILITY,
             triggers=(Trigger(TriggerEvent.POOR_CONDUCT),),
             citation=_c("art.25", "追究承办部门（单位）主要领导和相关责任人的责任"),
             target="承办部门（单位）主要领导和相关责任人",
             requires_decision=True, decided_by="有权机关（按《哈尔滨市行政问责规定》）"),
    )


def build(parameters: Any = None) -> Policy:
    """The daoli-2017 policy with ``parameters`` (defaults when None)."""
    p = DaoliParameters() if parameters is None else parameters
    if not isinstance(p, DaoliParameters):
        raise TypeError("daoli-2017 takes DaoliParameters")

    no_reason_overdue = Rung(
        step=1, action=EscalationAction.CRITICISM_BULLETIN,
        triggers=(Trigger(TriggerEvent.OVERDUE),),
        citation=_c("art.30(4)", "无故超时"),
        explanation=ExplanationEffect.ANY_EXPLANATION_SUPPRESSES,
    )
    warning = warning_rungs(p.pre_deadline_warning_working_days, _c("art.13", _FOLLOW_UP))
    art7_ladder = Ladder("art7", (
        *warning,
        Rung(step=1, action=EscalationAction.REMINDER,
             triggers=(Trigger(TriggerEvent.OVERDUE, offset=Period.next_day(),
                               offset_from=StartEvent.MISSED_DEADLINE),),
             citation=_c("art.7(3)", "应在超过时限次日催办承办部门（单位），限其当日上报办理情况"),
             explanation=ExplanationEffect.ANY_EXPLANATION_SUPPRESSES,
             reply=Period.same_day(), reply_start=StartEvent.REMINDER),
        Rung(step=2, action=EscalationAction.INTERVIEW_NOTICE,
             triggers=(Trigger(TriggerEvent.REMINDER_UNANSWERED),),
             citation=_c("art.7(3)", "应向承办部门（单位）发出约谈通知"),
             target="承办部门（单位）有关负责人"),
        Rung(step=3, action=EscalationAction.DISTRICT_BULLETIN,
             triggers=(Trigger(TriggerEvent.REMINDER_UNANSWERED),),
             citation=_c("art.7(3)", "并予以全区通报")),
        *_misconduct_rungs(4),
    ))
    art8_ladder = Ladder("art8", (*warning, no_reason_overdue, *_misconduct_rungs(2)))
    other_ladder = Ladder(None, (*warning, no_reason_overdue, *_misconduct_rungs(2)))

    return Policy(
        name=NAME,
        title="道里区人民政府督办检查工作制度",
        document_number="哈里政办规〔2017〕8号",
        issuer="哈尔滨市道里区人民政府办公室",
        issued=_dt.date(2017, 12, 20),
        validity=Validity(effective_from=_dt.date(2017, 12, 20), years=None,
                          citation=_c("art.32", "本工作制度自发布之日起施行")),
        parameters=p,
        kinds=(
            MatterKind("art7", "第六条第（一）、（二）项事项（专项督查组交办、领导讲话批示交办）",
                       ("inspection_handover", "leader_instruction", "leader_speech",
                        "special_inspection", "temporary_assignment"),
                       _c("art.7", "本工作制度第六条第（一）、（二）项督办检查工作程序")),
            MatterKind("art8",
                       "第六条第（三）、（四）、（五）项事项（重大决策部署、文件、会议决定）",
                       ("annual_target", "document", "law_or_regulation", "major_deployment",
                        "meeting_decision", "work_report_target"),
                       _c("art.8", "本工作制度第六条第（三）、（四）、（五）项督办检查工作程序")),
            MatterKind("other", "其他需要督办检查的事项", (),
                       _c("art.6(6)", "其他需要督办检查的事项")),
        ),
        fallback_kind="other",
        category_list=(
            Category("urgent", "紧急事项", "art7", _c("art.7(2)", "对列为紧急事项的")),
            Category("general", "一般事项", "art7", _c("art.7(2)", "对列为一般事项的")),
            Category("complex", "涉及面较广、问题复杂需要反复协调的事项", "art7",
                     _c("art.7(2)", "对涉及面较广、问题复杂需要反复协调的事项")),
        ),
        periods=(
            PeriodRule("urgent_2_days", "art7", "urgent", (), Period.days(2),
                       StartEvent.DISPATCH, Obligation.RESULT_OR_PROGRESS,
                       _c("art.7(2)",
                          "要在2日内（或按督办通知要求的时限）上报办理结果或工作进展情况")),
            PeriodRule("general_3_to_5_days", "art7", "general", (), Period.days(5),
                       StartEvent.DISPATCH, Obligation.RESULT_OR_PROGRESS,
                       _c("art.7(2)", "应当在3至5日内上报办理结果或工作进展情况"),
                       range=PeriodRange(PeriodUnit.DAYS, 3, 5)),
            PeriodRule("complex_7_to_15_days", "art7", "complex", (), Period.days(15),
                       StartEvent.DISPATCH, Obligation.RESULT_OR_PROGRESS,
                       _c("art.7(2)", "应当在7至15日内上报办理结果或工作进展情况"),
                       range=PeriodRange(PeriodUnit.DAYS, 7, 15)),
        ),
        duties=(
            Duty("half_year_assessment", "半年业绩考核", DutyHolder.OFFICE, Obligation.ASSESSMENT,
                 None, _c("art.27", "督查办每半年按优秀、良好、较差3个等次进行考核"),
                 cycle=Cycle.HALF_YEARLY),
        ),
        reporting=(
            ReportingRule("annual_key_work_monthly", "年度重点工作每月报告，年底报告总体落实情况",
                          "art8", ("annual_target", "work_report_target"),
                          _c("art.8(4):2", "每月报告一次进展情况，年底报告总体落实情况"),
                          cycles=(Cycle.MONTHLY,), until_done=True, year_end=True),
            ReportingRule("long_work_phases", "较长时间办理的工作分阶段报告，完成后提报综合报告",
                          "art8", (),
                          _c("art.8(4):3",
                             "须按要求分阶段报告工作进展情况，工作完成后再提报综合报告"),
                          cycles=(Cycle.PHASES,), final_report=True),
        ),
        registration=(
            RegistrationRule(Requirement.NUMBERED, _c("art.7(1)", "由督查办进行编号登记")),
        ),
        approvals=(
            ApprovalRule("art7", "政府主管领导", _c("art.7(1)", "经政府主管领导审定后")),
            ApprovalRule("art8", "区级领导", _c("art.8(2)", "经区级领导审定后"),
                         consult_units=True),
        ),
        report_content=_c("art.8(4):1", "报告内容包括：承办事项的基本情况，落实的主要措施"),
        signoff=SignOffRule(
            SignOff.UNIT_HEAD,
            _c("art.7(2)", "上报的情况由牵头承办部门（单位）主要领导签发"),
            formalities=("标明联系方式", "加盖公章"),
            joint_matters_only=p.signoff_scope == "joint_matters_only",
        ),
        ladders=(art7_ladder, art8_ladder, other_ladder),
        scoring=(
            ScoringRule("commendation", ScoreBasis.COMMENDATION, Decimal(0), True,
                        AssessmentPeriod.HALF_YEAR,
                        _c("art.30(4)", "对办理事项落实工作成绩突出的部门（单位）予以通报表扬")),
        ),
        grading=GradingRule(
            assessment=AssessmentPeriod.HALF_YEAR,
            criteria=(
                Criterion("results", "落实效果", p.results_weight),
                Criterion("timeliness", "是否符合时限要求", p.timeliness_weight),
                Criterion("format", "行文是否规范", p.format_weight),
            ),
            grades=(Grade("优秀", p.excellent_min), Grade("良好", p.good_min), Grade("较差", 0)),
            citation=_c("art.27", "督查办每半年按优秀、良好、较差3个等次进行考核"),
        ),
        return_reasons=(
            ReturnReason("unclear", "办理情况报告不清楚", _c("art.10", "办理情况报告不清楚")),
            ReturnReason("not_done", "任务不落实", _c("art.10", "任务不落实")),
            ReturnReason("inconclusive", "结论不明确", _c("art.10", "结论不明确")),
            ReturnReason("non_compliant", "处理结果不符合法律、法规及政策规定",
                         _c("art.10", "处理结果不符合法律、法规及政策规定")),
            ReturnReason("format", "公文格式不符合规范", _c("art.10", "公文格式不符合规范")),
        ),
        documents=(
            DocumentType("notice", "政府督办通知",
                         _c("art.7(1)", "向承办部门（单位）发出政府督办通知")),
            DocumentType("office_document", "政府办公室文件",
                         _c("art.8(2)", "以政府办公室文件的形式下发承办部门（单位）")),
            DocumentType("interview_notice", "约谈通知", _c("art.7(3)", "发出约谈通知")),
        ),
        notes=(
            Note("For art.7 matters the periods are for the report of the result or progress; "
                 "the completion deadline is the one the office fixes at registration.",
                 _c("art.7(1)", "确定承办部门（单位）和完成时限")),
            Note("A leader's own time limit prevails over the category's period.",
                 _c("art.7(2)", "需按领导批示时限上报办理结果或工作进展情况")),
            Note("An explanation spares the art.7(3) reminder and the art.30(4) 无故超时 "
                 "bulletin only for the deadlines it explains (library rule, "
                 "docs/escalation.md): the unit's deadlines of the "
                 "current round due by the time it is given and still unmet, and the round's "
                 "completion deadline if still unmet; never a redo deadline or a reopened "
                 "round's deadline falling due after it.",
                 _c("art.7(3)", "对超过办结时限且承办部门（单位）未说明情况的")),
            Note("Art.25 also has the unit's main leader review every report.",
                 _c("art.25", "主要领导应当对交办事项的落实情况报告认真审核把关")),
            Note("For art.8 matters the units are consulted before the district leader approves.",
                 _c("art.8(1)", "并征求承办部门（单位）意见")),
            Note("Art.8 matters have no default day count: reports are due as set at "
                 "registration, with the content of art.8(4):1.",
                 _c("art.8(4):1", "承办部门（单位）应按规定时限向督查办报告有关工作落实情况")),
            Note("A returned report is supplemented or redone, as the office decides; format "
                 "returns feed the art.27 format criterion.",
                 _c("art.10", "督查办应责成承办部门（单位）作出补充说明或重新办理")),
            Note("Coordination the office cannot achieve goes to the district leaders.",
                 _c("art.16", "提请区级领导协调")),
            Note("Matters whose circle of knowledge is controlled are handled only by designated "
                 "people within a designated scope.",
                 _c("art.23", "要在指定人员和指定范围内进行")),
        ),
        aliases=("daoli", "道里"),
        rebuild=build,
    )
