"""A quarter of the 道里区 supervision office under daoli-2017 (哈里政办规〔2017〕8号).

2026-09-01 … 2026-12-20 on SQLite (``./out/daoli-2017.db``), a FixedClock driving one sweep a
day at 07:30, exactly as ``supervision sweep`` would from cron. What it shows:

* art.7(1) 编号登记 and 审定 before 交办; art.7(2) periods by category (紧急 2日, 一般 3至5日,
  默认5日, 复杂 15日) counted on the statutory calendar — a matter dispatched on 29 September
  ends in the National Day holiday and runs to 8 October;
* art.7(3) a late unit: 催办 on the next *working* day after the deadline, the unit to report
  the same day (当日), then 约谈 and 全区通报 as the ladder says;
* art.10 退回重办 of a report whose format is wrong (公文格式不符合规范, which also costs the
  format share of the art.27 grade);
* an extension (延期): none of the five texts has one, so the office turns it on explicitly
  with ``policy.with_parameters(extensions_enabled=True)``;
* art.23 控制知情范围: a controlled matter is in the office's ledger, not in the auditor's;
* a 情况说明 is recorded but never moves a deadline: the matter stays overdue;
* the ledger on 20 December: done, overdue (red) and due soon (yellow) rows, written as .xlsx;
* art.27 the half-year assessment (每半年): composite score and grade per unit.

Run: ``python examples/daoli_2017_quarter.py`` (files go to ./out).
"""

from __future__ import annotations

from pathlib import Path

from _office import Office, day, headline

from supervision import policies
from supervision.domain import (
    Confidentiality,
    DeadlineTerms,
    Role,
    Source,
    SourceKind,
    Unit,
    UnitKind,
)
from supervision.domain.scorecard import ScorePeriod
from supervision.periods import Period

UNITS = [
    Unit.create("econ", "经济发展局", head_id="econ-head", liaison_ids=["econ-liaison"]),
    Unit.create("city", "城市管理局", head_id="city-head", liaison_ids=["city-liaison"]),
    Unit.create("housing", "住建局", head_id="housing-head", liaison_ids=["housing-liaison"]),
    Unit.create("qunli", "群力街道", UnitKind.TOWNSHIP, head_id="qunli-head",
                liaison_ids=["qunli-liaison"]),
]


def instruction(text: str) -> Source:
    return Source.of(SourceKind.LEADER_INSTRUCTION, text, leader="区长")


def main(out_dir: Path = Path("out")) -> None:
    # Extensions are practice, not in the text: the office enables them explicitly.
    policy = policies.get("daoli-2017").with_parameters(extensions_enabled=True)
    office = Office(policy, "道里区人民政府督查室", UNITS, out_dir, day(9, 1))
    headline(f"{policy.title}（{policy.document_number}）")
    print("  本季度：2026年9月1日至12月20日；每日07:30自动巡检；延期审批按本办做法启用。")

    office.go_to(day(9, 1))
    business = office.assign("优化营商环境专项整治", "econ", category="complex",
                             source=instruction("区长批示第12号"))
    office.acknowledge(business)

    office.go_to(day(9, 14), 15)
    office.report(business, "梳理问题清单32项，已整改30项")
    office.go_to(day(9, 15), 10)
    office.close(business)

    office.go_to(day(9, 28))
    safety = office.assign("国庆假期安全生产大检查", "city", category="urgent",
                           source=instruction("区长批示第15号"))
    office.acknowledge(safety)
    office.go_to(day(9, 29))
    heating = office.assign("老旧小区供暖设施改造", "housing", category="general",
                            source=instruction("区长批示第16号"))
    office.acknowledge(heating)
    office.go_to(day(9, 30), 16)
    office.report(safety, "检查企业86家，督促整改隐患41处")
    office.close(safety)

    # National Day: no sweeps find anything until the first working day after the holiday.
    office.go_to(day(10, 9), 9)
    roads = office.assign("群力新区道路积水整治", "qunli", category="general",
                          source=instruction("区长批示第18号"))
    office.acknowledge(roads)
    office.go_to(day(10, 12))
    snow = office.assign("冬季清雪保障预案", "city", category="complex",
                         source=instruction("区长批示第19号"))
    office.acknowledge(snow)
    office.go_to(day(10, 13), 16)
    office.report(roads, "已疏通排水管网1.2公里")
    office.go_to(day(10, 14), 10)
    office.return_for_redo(roads, "公文格式不符合规范，且未说明积水点位整治情况，请重新报送")
    office.go_to(day(10, 14), 17)
    office.report(heating, "完成供暖管网改造3.5公里，涉及小区12个")
    office.go_to(day(10, 15), 10)
    office.close(heating)
    office.go_to(day(10, 16), 15)
    office.report(roads, "排水管网疏通1.2公里，积水点位9处全部整治完毕")
    office.go_to(day(10, 19), 10)
    office.close(roads)

    office.go_to(day(10, 23))
    office.extend(snow, day(11, 10), "需待气象部门发布冬季预测后修订方案")
    office.go_to(day(11, 2))
    projects = office.assign(
        "重点项目开复工情况统计", "econ", category="general",
        source=instruction("区长批示第23号"),
        # 控制知情范围 (art.23): the office, the leaders and the unit's own people only.
        confidentiality=Confidentiality.controlled(
            ["clerk-1", "econ-head", "econ-liaison"], [Role.APPROVING_LEADER]),
    )
    office.acknowledge(projects)
    office.go_to(day(11, 6), 15)
    office.report(snow, "清雪预案已修订印发，储备融雪剂800吨")
    office.report(projects, "统计重点项目46个，开复工率93%")
    office.go_to(day(11, 9), 10)
    office.close(snow)
    office.close(projects)

    office.go_to(day(11, 16))
    hotline = office.assign(
        "12345热线诉求集中回访", "qunli", source=Source.of(SourceKind.HOTLINE, "12345热线"),
        deadline=DeadlineTerms.stated(Period.working_days(10)),
    )
    office.acknowledge(hotline)
    office.go_to(day(11, 27), 16)
    office.report(hotline, "回访诉求人215人，满意率96%")
    office.go_to(day(11, 30), 10)
    office.close(hotline)

    # December: one matter still overdue and one due soon when the quarter's ledger is drawn.
    office.go_to(day(12, 9))
    hazards = office.assign("年终安全生产隐患排查", "housing", category="general",
                            source=instruction("区长批示第27号"))
    office.acknowledge(hazards)
    office.go_to(day(12, 15), 11)
    office.explain(hazards, "排查范围大，尚有两个片区未完成")
    office.go_to(day(12, 17))
    market = office.assign("元旦春节市场保供稳价", "econ", category="general",
                           source=instruction("区长批示第28号"))
    office.acknowledge(market)
    office.go_to(day(12, 20), 17)
    office.finish(ScorePeriod.of_half(2026, 2))


if __name__ == "__main__":
    main()
