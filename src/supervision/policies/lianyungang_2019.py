"""lianyungang-2019: 连政办发〔2019〕23号《连云港市政府系统大督查工作机制》.

References:
    连云港市人民政府办公室, 2019-03-11 (此件公开发布); ``shared/seeds/004_0d33005df054530b.txt``.
    Clause digest: ``shared/docs/rules.md`` §3 "lianyungang-2019".
Checked with:
    ``tests/policies/test_policy_lianyungang_2019.py`` and the common policy suite.
Limitations:
    The text states no commencement date; the policy applies from the date of issue.
    §5.1, §5.6 and the relation of §5.5 to §7.2 are ambiguous: the rules.md readings are the
    defaults and the alternatives are parameters. §8's measures are proposals only.
"""

from __future__ import annotations

import datetime as _dt
from decimal import Decimal
from typing import Any, ClassVar

import attrs

from supervision.domain.policy import (
    AssessmentPeriod,
    Citation,
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
    choice,
    decimal_points,
    parameter,
    prefix_field,
    warning_field,
    warning_rungs,
    whole_number,
)
from supervision.periods import Period

__all__ = ["CITY_LEVEL_SOURCES", "NAME", "LianyungangParameters", "build"]

NAME = "lianyungang-2019"
_FOLLOW_UP = "对落实情况跟踪督促,限时办结"

#: Sources that are themselves city-level decisions or leaders' items (§4), admitted by §5.1
#: without a recorded instruction under the wider reading (``registration_reading=
#: "city_source_admitted"``); the default requires the instruction.
CITY_LEVEL_SOURCES = (
    "cppcc_proposal",
    "document",
    "leader_instruction",
    "major_deployment",
    "meeting_decision",
    "npc_suggestion",
    "temporary_assignment",
    "work_report_target",
)


def _c(clause: str, quote: str) -> Citation:
    return Citation(NAME, clause, quote)


@attrs.frozen
class LianyungangParameters(Parameters):
    """The defaults lianyungang-2019 takes where its text is silent or ambiguous (rules.md §3)."""

    POLICY: ClassVar[str] = NAME

    numbering_prefix: str = prefix_field(
        "连政督", "the issuing office's prefix 连政办发 with 督 for 督查"
    )
    pre_deadline_warning_working_days: int = warning_field(1, "§5.4 " + _FOLLOW_UP)
    registration_reading: str = parameter(
        "instruction_required",
        choice("instruction_required", "city_source_admitted"),
        "§5.1 未经市委、市政府领导批示的…不予立项: every matter records the city leader's "
        "instruction (Registration.instruction: who, when); without one it is refused and "
        "nothing is stored (rules.md §3 lianyungang, the default reading).",
        "'city_source_admitted': a source that is itself a city-level decision (§4(1)–(4): "
        "decisions, documents, work-report targets, meeting decisions, NPC/CPPCC items) counts "
        "as instructed",
    )
    review_reading: str = parameter(
        "office_review_next_day",
        choice("office_review_next_day", "unit_redo_next_day"),
        "§5.6 一般应在次日办理反馈: the office's review is due the day after feedback arrives "
        "(a duty of the office, reported but not scored against units).",
        "'unit_redo_next_day': a unit's redo is due the next day after it is returned",
    )
    redo_working_days: int = parameter(
        7,
        whole_number(1, 30),
        "§5.6 责成重新办理: the redo deadline when the office sets none: 7 working days again "
        "(as §5.5's feedback period).",
        "the office states every redo deadline",
    )
    precedence: str = parameter(
        "progress_report_rule",
        choice("progress_report_rule", "feedback_rule"),
        "§7.2 governs document- and minutes-based matters with no stated deadline (1 month after "
        "the document, 10 days after the minutes); §5.5 (7 working days) governs the others.",
        "'feedback_rule': §5.5's 7 working days for every matter, §7.2 only as progress reports",
    )
    reminder_reply_working_days: int = parameter(
        3,
        whole_number(1, 15),
        "§7.3 《督查催办单》《督查告诫单》: the reply a reminder or warning asks for is due this "
        "many working days after it (the text sets none; library convention).",
        "the office states each reply deadline",
    )
    hotline_deadline_working_days: int = parameter(
        5,
        whole_number(1, 30),
        "§7.4 责令限期办结到位: the time a criticised 市长信箱/12345/信访 item gets to be finished "
        "when the office sets none.",
        "the office states the deadline in the bulletin",
    )
    evaluation_points: Decimal = parameter(  # noqa: RUF009 - an attrs field
        Decimal(1),
        decimal_points("0", "100"),
        "§8.2 纳入考核: points deducted in the annual evaluation per matter completed late "
        "(the text gives no amount).",
        "the amount in the city's annual evaluation rules",
    )


def build(parameters: Any = None) -> Policy:
    """The lianyungang-2019 policy with ``parameters`` (defaults when None)."""
    p = LianyungangParameters() if parameters is None else parameters
    if not isinstance(p, LianyungangParameters):
        raise TypeError("lianyungang-2019 takes LianyungangParameters")

    feedback = PeriodRule("feedback_7_working_days", "matter", None, (), Period.working_days(7),
                          StartEvent.DISPATCH, Obligation.FEEDBACK,
                          _c("§5.5", "承办单位一般在7个工作日内反馈落实情况"))
    document = PeriodRule("document_1_month", "matter", None, ("document",), Period.months(1),
                          StartEvent.DOCUMENT_ISSUE, Obligation.PROGRESS_REPORT,
                          _c("§7.2", "文件下发1个月内"))
    minutes = PeriodRule("minutes_10_days", "matter", None, ("meeting_decision",),
                         Period.days(10), StartEvent.MINUTES_ISSUE, Obligation.PROGRESS_REPORT,
                         _c("§7.2", "会议纪要下发10日内报告进展情况"))
    periods = (
        (document, minutes, feedback) if p.precedence == "progress_report_rule" else (feedback,)
    )

    review_cite = _c("§5.6", "一般应在次日办理反馈")
    redo_cite = _c("§5.6", "对不符合督办要求的责成重新办理")
    if p.review_reading == "office_review_next_day":
        duties = (
            Duty("review", "审核反馈报告", DutyHolder.OFFICE, Obligation.REVIEW,
                 StartEvent.FEEDBACK_RECEIVED, review_cite, period=Period.next_day()),
            Duty("redo", "重新办理", DutyHolder.UNIT, Obligation.REDO, StartEvent.RETURN, redo_cite,
                 period=Period.working_days(p.redo_working_days), scored=True),
        )
    else:
        duties = (
            Duty("review", "审核反馈报告", DutyHolder.OFFICE, Obligation.REVIEW, None,
                 _c("§5.6", "督查机构对承办单位的反馈报告及时审核"), immediate=True),
            Duty("redo", "重新办理", DutyHolder.UNIT, Obligation.REDO, StartEvent.RETURN,
                 review_cite,
                 period=Period.next_day(), scored=True),
        )

    admissible = CITY_LEVEL_SOURCES if p.registration_reading == "city_source_admitted" else ()
    reply = Period.working_days(p.reminder_reply_working_days)

    return Policy(
        name=NAME,
        title="连云港市政府系统大督查工作机制",
        document_number="连政办发〔2019〕23号",
        issuer="连云港市人民政府办公室",
        issued=_dt.date(2019, 3, 11),
        validity=Validity(effective_from=_dt.date(2019, 3, 11), years=None),
        parameters=p,
        kinds=(MatterKind("matter", "督查事项", (), _c("§5.1", "对需要督查的事项")),),
        fallback_kind="matter",
        periods=periods,
        duties=duties,
        reporting=(
            ReportingRule("document_progress", "文件下发1个月内报告进展情况", "matter",
                          ("document",), _c("§7.2", "文件下发1个月内"),
                          period=Period.months(1), first_start=StartEvent.DOCUMENT_ISSUE,
                          final_report=True),
            ReportingRule("minutes_progress", "会议纪要下发10日内报告进展情况", "matter",
                          ("meeting_decision",), _c("§7.2", "会议纪要下发10日内报告进展情况"),
                          period=Period.days(10), first_start=StartEvent.MINUTES_ISSUE,
                          final_report=True),
        ),
        registration=(
            RegistrationRule(Requirement.LEADER_INSTRUCTION,
                             _c("§5.1", "未经市委、市政府领导批示"), admissible),
            RegistrationRule(Requirement.NOT_INTERNAL_FUNCTION,
                             _c("§5.1", "属部门内部职能的事项,政府督查室不予立项")),
        ),
        report_content=_c("§5.5", "报告办理情况要事实清楚、结论准确、措施切实"),
        signoff=SignOffRule(SignOff.UNIT_HEAD, _c("§5.5", "由单位主要负责同志签字后报送")),
        ladders=(Ladder(None, (
            *warning_rungs(p.pre_deadline_warning_working_days, _c("§5.4", _FOLLOW_UP)),
            Rung(step=1, action=EscalationAction.REMINDER,
                 triggers=(Trigger(TriggerEvent.OVERDUE), Trigger(TriggerEvent.REPORT_OVERDUE)),
                 citation=_c("§7.3", "《督查催办单》"), document="《督查催办单》",
                 reply=reply, reply_start=StartEvent.REMINDER),
            Rung(step=2, action=EscalationAction.WARNING_NOTICE,
                 triggers=(Trigger(TriggerEvent.REMINDER_UNANSWERED),),
                 citation=_c("§7.3", "《督查告诫单》"), document="《督查告诫单》",
                 reply=reply, reply_start=StartEvent.REMINDER),
            Rung(step=3, action=EscalationAction.CRITICISM_BULLETIN,
                 triggers=(Trigger(TriggerEvent.OVERDUE),),
                 citation=_c("§7.4", "予以通报批评,并责令限期办结到位"),
                 reply=Period.working_days(p.hotline_deadline_working_days),
                 reply_start=StartEvent.BULLETIN,
                 sources=("hotline", "peoples_letter", "petition")),
            Rung(step=4, action=EscalationAction.MEDIA_EXPOSURE,
                 triggers=(Trigger(TriggerEvent.REMINDER_UNANSWERED),
                           Trigger(TriggerEvent.POOR_CONDUCT)),
                 citation=_c("§8.1", "对督促检查中发现的问题集中曝光"),
                 requires_decision=True, decided_by="政府督查室（必要时）"),
            Rung(step=5, action=EscalationAction.PUBLIC_EXPLANATION,
                 triggers=(Trigger(TriggerEvent.EXPOSED, count=2),),
                 citation=_c("§8.1", "被二次曝光的,单位主要负责人要在栏目中说明情况并表态发言"),
                 target="单位主要负责人", key_matters_only=True),
            Rung(step=6, action=EscalationAction.MEASURES_MENU,
                 triggers=(Trigger(TriggerEvent.POOR_CONDUCT),),
                 citation=_c("§8.3", "相应给予告诫约谈、通报批评,"
                                     "必要时按有关程序进行诫勉谈话直至组织和纪律处理"),
                 target="单位和个人", requires_decision=True, decided_by="有权机关",
                 options=("告诫约谈", "通报批评", "诫勉谈话", "组织处理", "纪律处理")),
        )),),
        scoring=(
            ScoringRule("evaluation", ScoreBasis.OVERDUE_MATTER, p.evaluation_points, False,
                        AssessmentPeriod.YEAR,
                        _c("§8.2", "督查结果作为各责任单位年度考评重要依据"),
                        parameter="evaluation_points"),
        ),
        return_reasons=(
            ReturnReason("not_as_required", "不符合督办要求", redo_cite, redo=True),
        ),
        documents=(
            DocumentType("notice", "督办通知", _c("§5.2", "《督办通知》")),
            DocumentType("assignment_sheet", "政务督查交办单", _c("§5.2", "《政务督查交办单》")),
            DocumentType("inspection_sheet", "督查交办单", _c("§7.3", "《督查交办单》")),
            DocumentType("reminder_sheet", "督查催办单", _c("§7.3", "《督查催办单》")),
            DocumentType("warning_sheet", "督查告诫单", _c("§7.3", "《督查告诫单》")),
            DocumentType("report", "政务督查",
                         _c("§5.7", "重要事项及时编发《政务督查》呈送政府领导")),
        ),
        notes=(
            Note("A leader's requirement prevails over the 7 working days.",
                 _c("§5.5", "领导对交办单位有特殊要求的,按要求及时报告落实情况")),
            Note("Ledger: one item struck off as each is completed (销号动态管理).",
                 _c("§7.1", "办结一项销号一项")),
            Note("Key matters get a 回头看; poorly implemented ones a new round (再督查); "
                 "high-profile matters and main leaders' instructions an on-site check.",
                 _c("§7.3", "对重点督查事项适时开展“回头看”")),
            Note("A unit that cannot report in time reports progress as the matter allows and "
                 "follows up with the result; the deadline does not move.",
                 _c("§7.2", "因特殊情况不能按要求时限报告的")),
            Note("The second-exposure rule applies to key work and the main leaders' important "
                 "instructions.", _c("§8.1", "重点工作和政府主要领导重要批示件办理落实进度滞后")),
            Note("A problem list is read regularly at the government executive meeting.",
                 _c("§7.4", "定期在政府常务会议上通报")),
        ),
        aliases=("lianyungang", "连云港"),
        rebuild=build,
    )
