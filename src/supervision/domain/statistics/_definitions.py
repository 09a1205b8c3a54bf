"""The statistics, each defined once: its key, its Chinese and English names and definitions,
and the clauses it serves. docs/statistics.md lists exactly these (a test keeps them in step),
and every surface takes its column headings from :data:`STATISTICS`."""

from __future__ import annotations

from collections.abc import Mapping

import attrs

__all__ = ["STATISTICS", "Statistic", "statistic"]


@attrs.frozen
class Statistic:
    """One figure: ``key`` (the attribute of :class:`~supervision.domain.statistics.Figures`),
    ``label`` (the Chinese column heading), ``name`` (English), the definitions and the
    clauses (citation keys, or a rules.md section) it serves."""

    key: str
    label: str
    name: str
    definition_zh: str
    definition_en: str
    clauses: tuple[str, ...] = ()


STATISTICS: tuple[Statistic, ...] = (
    Statistic(
        "assigned", "交办事项", "assigned",
        "由该单位主办、截至统计时点已交办、且办理时限（截止日）落在统计期间内的事项数；"
        "未指定期间时为截至统计时点已交办的全部事项。",
        "Matters the unit leads, dispatched by the as-of instant, whose deadline in force (its "
        "last day) falls in the period; with no period, every matter dispatched by then.",
        ("rules.md §2", "daoli-2017 art.27"),
    ),
    Statistic(
        "completed_on_time", "按期办结", "completed on time",
        "承办单位在所负各项时限（办结时限；退回重办后办公室或制度规定的重办时限）内报送了"
        "办理结果的事项，含已反馈、待审核的事项。",
        "The unit delivered by every deadline it owed (the completion deadline and, after a "
        "return for redo, the redo deadline the office or the policy set), including matters "
        "reported and awaiting the office's review.",
        ("chizhou-2021 §7.2", "tongren-2014 art.7", "zhoucun-2021 §4.3"),
    ),
    Statistic(
        "completed_late", "逾期办结", "completed late",
        "承办单位已报送办理结果，但至少有一项时限届满后才报送的事项。",
        "The unit delivered, but missed at least one of those deadlines first.",
        ("chizhou-2021 §8.1", "daoli-2017 art.30(4)"),
    ),
    Statistic(
        "open_overdue", "逾期未办结", "open and overdue",
        "截至统计时点，承办单位所负时限已届满仍未报送的事项（督办引擎据以催办的同一规则）。",
        "At the as-of instant the unit owes something whose deadline has passed (the rule the "
        "escalation engine reminds on).",
        ("daoli-2017 art.7(3)", "chizhou-2021 §8.2", "lianyungang-2019 §8.2"),
    ),
    Statistic(
        "open_not_yet_due", "在办未到期", "open, not yet due",
        "已交办、尚未办结且无逾期的事项：时限未到、已中止（期限暂停计算）、或退回重办而未设"
        "重办时限。",
        "Dispatched, not finished and not overdue: its deadline is still ahead, it is "
        "suspended (the clock stopped), or it was returned with no redo deadline set.",
        ("zhoucun-2021 §4.3",),
    ),
    Statistic(
        "ended", "已撤销或终止", "withdrawn or terminated",
        "交办后被撤销或终止的事项；计入交办事项，不计入按期办结率。",
        "Dispatched, then withdrawn or terminated; counted as assigned, not in the rate.",
    ),
    Statistic(
        "on_time_rate", "按期办结率", "on-time rate",
        "按期办结 ÷（按期办结 + 逾期办结 + 逾期未办结），以百分数表示，保留一位小数（四舍五入）；"
        "分母为0时不计算（显示“—”）。每处输出均同时给出分子和分母。",
        "completed on time ÷ (completed on time + completed late + open and overdue), in per "
        "cent to one decimal place (half up); none when the denominator is 0 (shown “—”). "
        "Every output states the numerator and the denominator.",
        ("daoli-2017 art.27",),
    ),
    Statistic(
        "average_working_days", "平均办理用时（工作日）", "average handling time",
        "已报送办理结果的事项（按期办结 + 逾期办结）自交办之日至报送之日的工作日数的平均值"
        "（交办当日不计，报送当日计），保留一位小数。",
        "The mean number of working days from the dispatch day to the delivery day (the "
        "dispatch day not counted, the delivery day counted) over the matters delivered, to "
        "one decimal place.",
        ("rules.md §2",),
    ),
    Statistic(
        "median_working_days", "办理用时中位数（工作日）", "median handling time",
        "同上工作日数的中位数，保留一位小数。",
        "The median of the same working-day counts, to one decimal place.",
        ("rules.md §2",),
    ),
    Statistic(
        "reminders", "催办次数", "reminders",
        "截至统计时点已发出的催办（督查催办单）次数，计入所催办期限届满之日所在的统计期间"
        "（次期发出的亦同）。",
        "Reminders (催办) issued by the as-of instant, counted in the period the deadline they "
        "chase falls in, even when issued in the next one.",
        ("daoli-2017 art.7(3)", "lianyungang-2019 §7.3", "tongren-2014 art.11(1)",
         "rules.md §2"),
    ),
    Statistic(
        "returns", "退回次数", "returns",
        "统计期间内、截至统计时点该单位报送的办理结果被退回重办的次数。",
        "Reports of the unit returned for redo (退回重办) in the period, by the as-of instant.",
        ("daoli-2017 art.10", "lianyungang-2019 §5.6", "tongren-2014 art.11(1)"),
    ),
    Statistic(
        "bulletins", "通报次数", "bulletins",
        "截至统计时点已生效的各类通报（通报、督查通报、效能通报、通报批评、全区通报）次数，"
        "计入所针对的逾期期限届满之日所在的统计期间（无此期限的，计入其到期之时所在期间），"
        "与其扣分同期；建议类须经人工决定采纳后计入。",
        "Bulletins of every kind in effect by the as-of instant, counted in the period the "
        "missed deadline they rest on falls in (else the period they fell due in), as their "
        "points are; a proposal counts once a person accepted it.",
        ("chizhou-2021 §8.1", "tongren-2014 art.11(1)", "zhoucun-2021 §6.3", "daoli-2017 art.7(3)",
         "rules.md §2"),
    ),
    Statistic(
        "points", "加减分", "points",
        "截至统计时点已记录、计入统计期间的考核扣分与加分之和（扣分为负，冲正记录抵消原扣分）；"
        "逾期扣分计入期限所在期间。",
        "The net of the score entries recorded by the as-of instant that count in the period "
        "(deductions negative, a reversal cancelling its original); a missed deadline counts "
        "in the period its deadline falls in.",
        ("chizhou-2021 §8.2", "tongren-2014 art.11(2)", "zhoucun-2021 §6.3",
         "lianyungang-2019 §8.2"),
    ),
)

_BY_KEY: Mapping[str, Statistic] = {s.key: s for s in STATISTICS}


def statistic(key: str) -> Statistic:
    """The definition of the statistic ``key``."""
    return _BY_KEY[key]
