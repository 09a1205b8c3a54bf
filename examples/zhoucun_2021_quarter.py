"""A quarter of the 周村区 supervision office under zhoucun-2021 (重大工作部署事项督查管理办法).

2026-09-01 … 2026-12-20 on SQLite (``./out/zhoucun-2021.db``), one sweep a day at 07:30 driven
by a FixedClock, exactly as ``supervision sweep`` would run from cron. What it shows:

* §4.3 every matter carries a deadline; §5.1 deployments have 5 working days and §5.3 a
  leader's instruction 5 days, counted from receipt (read as dispatch) on the statutory
  calendar — 5日 from 29 September end in the National Day holiday and run to 8 October;
* §5.3 批示件 次日提出办理方案: where the leader set no time limit, the unit owes a handling
  plan the next (working) day (sent as a report of kind 办理方案, which does not meet the 5-day
  opinions-or-results limit) and a unit that sends none is reminded (催办); a 批示件 whose
  leader set a limit (冬季供暖, 12月11日前) owes no plan, only that limit;
* §6.3 a late unit: 催办, then 通报 in 《周村督查》 (−1), then, still undone 5 working days
  after the bulletin, the matter goes to the district leaders (向区领导汇报);
* a return for redo (退回重办) is bulletined too (§6.3 落实不力);
* §4.4 final reports read and signed by the district government's leader in charge of the
  matter, recorded at 立项 (区政府分管领导同志阅签), who confirms the sign-off as themselves;
* an extension (延期): not in the text, so the office enables it with
  ``policy.with_parameters(extensions_enabled=True)``; a controlled matter the auditor does
  not see; the year's scorecard and the ledger written as .xlsx.

Run: ``python examples/zhoucun_2021_quarter.py`` (files go to ./out).
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


def unit(unit_id: str, name: str, kind: UnitKind = UnitKind.DEPARTMENT) -> Unit:
    return Unit.create(unit_id, name, kind, head_id=f"{unit_id}-head",
                       leader_in_charge_id=f"{unit_id}-leader",
                       liaison_ids=[f"{unit_id}-liaison"])


UNITS = [
    unit("approval", "行政审批服务局"),
    unit("petition", "信访局"),
    unit("roads", "交通运输局"),
    unit("housing", "住房和城乡建设局"),
    unit("sizhou", "丝绸路街道", UnitKind.TOWNSHIP),
]


def instruction(text: str) -> Source:
    return Source.of(SourceKind.LEADER_INSTRUCTION, text, leader="区长")


def main(out_dir: Path = Path("out")) -> None:
    policy = policies.get("zhoucun-2021").with_parameters(extensions_enabled=True)
    office = Office(policy, "淄博市周村区人民政府督查室", UNITS, out_dir, day(9, 1))
    headline(f"{policy.title}")
    print("  本季度：2026年9月1日至12月20日；每日07:30自动巡检；延期审批按本办做法启用。")

    office.go_to(day(9, 1))
    certificates = office.assign(
        "“无证明城市”建设工作部署", "approval",
        source=Source.of(SourceKind.MAJOR_DEPLOYMENT, "区委区政府重大工作部署"),
    )
    office.acknowledge(certificates)
    office.go_to(day(9, 7), 16)
    office.report(certificates, "取消证明事项58项，实现“免证办”")
    office.go_to(day(9, 8), 10)
    office.close(certificates)

    office.go_to(day(9, 29))
    letters = office.assign("国庆期间信访稳定工作", "petition",
                            source=instruction("区长批示〔2026〕19号"))
    office.acknowledge(letters)
    office.go_to(day(9, 30), 10)
    office.plan(letters, "领导包案、每日调度、节后集中化解")
    office.go_to(day(9, 30), 11)
    potholes = office.assign("城区主干道坑槽修补", "roads",
                             source=instruction("区长批示〔2026〕20号"))
    office.acknowledge(potholes)              # ...and then nothing: no plan, no report

    office.go_to(day(10, 8), 16)
    office.report(letters, "节日期间未发生赴省进京上访，化解积案3件")
    office.go_to(day(10, 9), 10)
    office.close(letters)

    office.go_to(day(10, 12))
    lifts = office.assign(
        "老旧小区加装电梯试点", "housing",
        source=Source.meeting(day(10, 10), day(10, 12), "区政府第21次常务会议纪要"),
    )
    office.acknowledge(lifts)
    office.go_to(day(10, 16), 16)
    office.report(lifts, "确定试点小区3个")
    office.go_to(day(10, 19), 10)
    office.return_for_redo(lifts, "未明确资金来源和施工计划，落实不力，请重新报送")
    office.go_to(day(10, 21), 15)
    office.report(lifts, "确定试点小区3个，资金由区财政和居民分担，11月开工")
    office.go_to(day(10, 22), 10)
    office.close(lifts)

    office.go_to(day(10, 26))
    market = office.assign(
        "丝绸市场消防通道整治", "sizhou", source=instruction("区长批示〔2026〕24号"),
        deadline=DeadlineTerms.stated(due_day=day(11, 6)),
    )
    office.acknowledge(market)
    office.go_to(day(10, 27), 10)
    office.plan(market, "摸排堵点、分片包干、11月6日前清理完毕")
    office.go_to(day(10, 28), 15)
    office.report(potholes, "修补坑槽1260平方米")        # very late: due 8 October
    office.go_to(day(10, 29), 10)
    office.close(potholes)
    office.go_to(day(11, 4), 10)
    office.extend(market, day(11, 20), "涉及商户搬迁，需协调市场管理方")

    office.go_to(day(11, 9))
    vetting = office.assign(
        "重点企业上市前合规审查", "approval",
        source=Source.of(SourceKind.MAJOR_DEPLOYMENT, "区委区政府重大工作部署"),
        confidentiality=Confidentiality.controlled(
            ["clerk-1", "approval-head", "approval-liaison", "approval-leader"],
            [Role.APPROVING_LEADER]),
    )
    office.acknowledge(vetting)
    office.go_to(day(11, 13), 16)
    office.report(vetting, "已完成合规审查，出具意见书")
    office.go_to(day(11, 16), 10)
    office.close(vetting)
    office.go_to(day(11, 18), 16)
    office.report(market, "清理消防通道12条，搬迁摊位40个")
    office.go_to(day(11, 19), 10)
    office.close(market)

    office.go_to(day(12, 7))
    office.assign("冬季供暖问题集中整治", "housing", source=instruction("区长批示〔2026〕31号"),
                  deadline=DeadlineTerms.stated(due_day=day(12, 11)))
    office.go_to(day(12, 16))
    roads = office.assign("农村公路冬季养护", "roads", source=instruction("区长批示〔2026〕33号"))
    office.acknowledge(roads)
    office.go_to(day(12, 17), 10)
    office.plan(roads, "分段包保、储备融雪物资")
    office.go_to(day(12, 18), 17)
    office.finish(ScorePeriod.of_year(2026))


if __name__ == "__main__":
    main()
