"""chizhou-2021: 池开秘〔2021〕11号《池州经济技术开发区督查督办工作制度》.

References:
    池州经开区党工委、管委会, 2021-04-06 (此件公开发布); ``shared/seeds/000_b87eaaa676a2ce2b.txt``.
    Clause digest: ``shared/docs/rules.md`` §3 "chizhou-2021".
Checked with:
    ``tests/policies/test_policy_chizhou_2021.py`` (deadlines across the 2026 National Day and
    Spring Festival holidays) and the common policy suite.
Limitations:
    Valid three years from issue (§9): the policy reports every use after 2024-04-06.
    The 3-day tier of §7.2 is unnamed in the text; the clerk must choose a tier (no default).
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
    RegistrationRule,
    ReportingRule,
    Requirement,
    Rung,
    Scope,
    ScoreBasis,
    ScoringRule,
    SignOff,
    SignOffRule,
    StartEvent,
    StreakRule,
    Trigger,
    TriggerEvent,
    Validity,
    choice,
    flag,
    parameter,
    prefix_field,
    warning_field,
    warning_rungs,
    whole_number,
)
from supervision.periods import Period

__all__ = ["NAME", "ChizhouParameters", "build"]

NAME = "chizhou-2021"
_FOLLOW_UP = "具体经办人员要及时催办、催报"


def _c(clause: str, quote: str) -> Citation:
    return Citation(NAME, clause, quote)


@attrs.frozen
class ChizhouParameters(Parameters):
    """The defaults chizhou-2021 takes where its text is silent or ambiguous (rules.md §3)."""

    POLICY: ClassVar[str] = NAME

    numbering_prefix: str = prefix_field(
        "池开督", "the issuing office's prefix 池开秘 with 督 for 督办"
    )
    report_anchor: str = parameter(
        "previous_report",
        choice("previous_report", "dispatch"),
        "§7.5 每15日报送一次: the next progress report is due 15 days after the previous "
        "report (after dispatch for the first).",
        "'dispatch': fixed 15-day windows counted from dispatch",
    )
    streak_scope: str = parameter(
        "per_unit",
        choice("per_unit", "per_matter"),
        "§8.2 连续两次/三次: misses are counted per unit across its matters, ordered by due time.",
        "'per_matter': consecutive misses on the same matter",
    )
    streak_deduction: str = parameter(
        "from_second_miss",
        choice("from_second_miss", "whole_streak"),
        "§8.2 扣1分/项: from the second consecutive miss on, each missed item deducts 1 point.",
        "'whole_streak': at the second miss the first missed item is deducted as well",
    )
    objective_miss_counts: bool = parameter(
        False,
        flag(),
        "§8.2: a miss whose explanation the office accepted as objective does not count "
        "towards the streak (§8.1 reads 主观原因).",
        "True: every miss counts, whatever the cause",
    )
    pre_deadline_warning_working_days: int = warning_field(1, "§6.2 " + _FOLLOW_UP)
    confirm_at_once_within_days: int = parameter(
        3,
        whole_number(0, 15),
        "§6.2 期限短的应即时联系: a matter whose own deadline falls at most this many days "
        "after dispatch gets its delivery confirmed at once — by the end of the dispatch day "
        "(当日) — rather than within 1 day (library reading of 期限短 and 即时).",
        "0: always within 1 day",
    )


def build(parameters: Any = None) -> Policy:
    """The chizhou-2021 policy with ``parameters`` (defaults when None)."""
    p = ChizhouParameters() if parameters is None else parameters
    if not isinstance(p, ChizhouParameters):
        raise TypeError("chizhou-2021 takes ChizhouParameters")

    streak_scope = Scope.UNIT if p.streak_scope == "per_unit" else Scope.MATTER
    miss_effect = (
        ExplanationEffect.IGNORED
        if p.objective_miss_counts
        else ExplanationEffect.SUBJECTIVE_CAUSE_ONLY
    )
    rungs: list[Rung] = [
        *warning_rungs(p.pre_deadline_warning_working_days, _c("§6.2", _FOLLOW_UP)),
        Rung(
            step=2,
            action=EscalationAction.BULLETIN,
            triggers=(Trigger(TriggerEvent.OVERDUE), Trigger(TriggerEvent.REPORT_OVERDUE)),
            citation=_c("§8.1", "由主观原因造成的"),
            target="承办单位和个人（办公室会同纪检监察工委）",
            explanation=ExplanationEffect.SUBJECTIVE_CAUSE_ONLY,
            document="《督办通报》",
        ),
        Rung(
            step=3,
            action=EscalationAction.POINT_DEDUCTION,
            triggers=(Trigger(TriggerEvent.CONSECUTIVE_MISSES, count=2),),
            citation=_c("§8.2", "连续两次未按时完成督办事项或未按时报送材料的"),
            scope=streak_scope,
            explanation=miss_effect,
        ),
        Rung(
            step=4,
            action=EscalationAction.ACCOUNTABILITY,
            triggers=(Trigger(TriggerEvent.CONSECUTIVE_MISSES, count=3),),
            citation=_c("§8.2", "视具体情况对承办单位和个人予以问责"),
            target="承办单位和个人",
            scope=streak_scope,
            explanation=miss_effect,
            requires_decision=True,
            decided_by="党工委、管委会",
        ),
    ]

    return Policy(
        name=NAME,
        title="池州经济技术开发区督查督办工作制度",
        document_number="池开秘〔2021〕11号",
        issuer="池州经开区党工委、管委会",
        issued=_dt.date(2021, 4, 6),
        validity=Validity(
            effective_from=_dt.date(2021, 4, 6),
            years=3,
            citation=_c("§9", "自文件公布之日起执行，有效期3年"),
        ),
        parameters=p,
        kinds=(MatterKind("matter", "督办事项", (), _c("§7.1", "凡纳入督办的事项")),),
        fallback_kind="matter",
        category_list=(
            Category("short", "3日事项（原文未命名）", "matter",
                     _c("§7.2", "未注明办理期限的事项原则上3日内办结")),
            Category("general", "一般事项", "matter", _c("§7.2", "一般事项5日内办结")),
            Category("important", "重要事项", "matter", _c("§7.2", "重要事项15 日内办结")),
        ),
        periods=(
            PeriodRule("short_3_days", "matter", "short", (), Period.days(3),
                       StartEvent.DISPATCH, Obligation.COMPLETE,
                       _c("§7.2", "未注明办理期限的事项原则上3日内办结")),
            PeriodRule("general_5_days", "matter", "general", (), Period.days(5),
                       StartEvent.DISPATCH, Obligation.COMPLETE,
                       _c("§7.2", "一般事项5日内办结")),
            PeriodRule("important_15_days", "matter", "important", (), Period.days(15),
                       StartEvent.DISPATCH, Obligation.COMPLETE,
                       _c("§7.2", "重要事项15 日内办结")),
        ),
        duties=(
            Duty("confirm_delivery", "确认督办通知送达", DutyHolder.OFFICE,
                 Obligation.CONFIRM_DELIVERY,
                 StartEvent.DISPATCH, _c("§6.2", "督办通知发出后1日内"),
                 period=Period.days(1),
                 immediate_within=(Period.days(p.confirm_at_once_within_days)
                                   if p.confirm_at_once_within_days else None)),
            Duty("sign_off_and_split", "呈报审签、分解任务、明确责任", DutyHolder.UNIT,
                 Obligation.SIGN_OFF_AND_SPLIT, StartEvent.RECEIPT,
                 _c("§7.1", "承办单位原则上应在1个工作日内呈报审签、分解任务、明确责任"),
                 period=Period.working_days(1)),
            Duty("higher_level_item", "上级督办件审签、转办转发", DutyHolder.RECIPIENT,
                 Obligation.SIGN_OFF_AND_FORWARD, StartEvent.RECEIPT,
                 _c("§7.3", "原则上 1 个工作日内完成审签、转办转发"),
                 period=Period.working_days(1)),
            Duty("meeting_request", "会议明确的请示、报告送审报送", DutyHolder.UNIT,
                 Obligation.SUBMIT_FOR_REVIEW, StartEvent.MEETING,
                 _c("§7.4", "会议召开后 1 个工作日内送审报送，特殊情况不能超过 3 日"),
                 period=Period.working_days(1), cap=Period.days(3)),
            Duty("emergency_report", "重大灾情、突发事件报告请示审签转办", DutyHolder.RECIPIENT,
                 Obligation.SIGN_OFF_AND_FORWARD, StartEvent.RECEIPT,
                 _c("§7.6", "审签办理、转办转发不能超过 1 小时"),
                 period=Period.hours(1)),
        ),
        reporting=(
            ReportingRule(
                "meeting_progress_15_days", "会议明确事项每15日报送落实情况", "matter",
                ("meeting_decision",),
                _c("§7.5", "原则上 15 日内报送一次落实情况"),
                period=Period.days(15),
                first_start=StartEvent.DISPATCH,
                next_start=(StartEvent.PREVIOUS_REPORT if p.report_anchor == "previous_report"
                            else StartEvent.DISPATCH),
                cycles=(),
                until_done=True,
                final_report=True,
            ),
        ),
        registration=(
            RegistrationRule(Requirement.CATEGORY_REQUIRED,
                             _c("§7.2", "未注明办理期限的事项原则上3日内办结")),
        ),
        approvals=(ApprovalRule(None, "相关领导", _c("§6.1", "报请相关领导同意后")),),
        signoff=SignOffRule(SignOff.UNIT_HEAD, _c("§6.3", "经承办单位主要负责人核签后报办公室")),
        ladders=(Ladder(None, tuple(rungs)),),
        scoring=(
            ScoringRule("commendation", ScoreBasis.COMMENDATION, Decimal(0), True,
                        AssessmentPeriod.YEAR,
                        _c("§8.2", "对成绩突出、成效显著承办单位或个人，予以通报表扬")),
        ),
        streak=StreakRule(
            misses=(TriggerEvent.OVERDUE, TriggerEvent.REPORT_OVERDUE),
            deduct_from=2,
            points_per_item=Decimal(1),
            propose_accountability_from=3,
            scope=streak_scope,
            whole_streak=p.streak_deduction == "whole_streak",
            objective_counts=p.objective_miss_counts,
            citation=_c("§8.2", "对承办单位在年终目标考核总分中扣 1 分/项"),
            accountability_citation=_c("§8.2", "视具体情况对承办单位和个人予以问责"),
        ),
        documents=(
            DocumentType("notice", "督办通知", _c("§4.3", "《督办通知》")),
            DocumentType("ledger", "督办事项台账", _c("§4.3", "《督办事项台账》")),
            DocumentType("bulletin", "督办通报", _c("§4.3", "《督办通报》")),
            DocumentType("special_report", "督查专报", _c("§4.3", "《督查专报》")),
            DocumentType("situation_report", "督查情况报告", _c("§4.4", "撰写《督查情况报告》")),
        ),
        notes=(
            Note("A deadline stated in the notice always prevails over the tier's period.",
                 _c("§7.2", "凡注明办理期限的事项必须如期办结")),
            Note("A unit that cannot finish explains and keeps reporting; the explanation never "
                 "moves the deadline.", _c("§7.2", "要及时说明情况，并随时报告工作进展情况")),
            Note("An explanation covers only the deadlines it explains (library rule, "
                 "docs/escalation.md): the unit's deadlines of the current round due by the "
                 "time it is given and still unmet, and the round's completion deadline if "
                 "still unmet; never a 15-day report, redo deadline or later round falling "
                 "due after it — each such miss is bulletined (§8.1) and counts in the "
                 "streak (§8.2) unless explained in turn.",
                 _c("§8.1", "未按时报送材料的、由主观原因造成的")),
            Note("The 15-day reports of §7.5 repeat until the matter is done (滚动跟踪督办).",
                 _c("§7.5", "未办结的实行滚动跟踪督办，直至办结")),
            Note("Higher-level items are registered at once (立即登记), then signed off and "
                 "forwarded within 1 working day.", _c("§7.3", "要立即登记办理")),
        ),
        aliases=("chizhou", "池州"),
        rebuild=build,
    )
