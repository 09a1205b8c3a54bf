"""A quarter of the 池州经开区 supervision office under chizhou-2021 (池开秘〔2021〕11号).

2026-09-01 … 2026-12-20 on SQLite (``./out/chizhou-2021.db``), one sweep a day at 07:30 driven
by a FixedClock, exactly as ``supervision sweep`` would run from cron. What it shows:

* §9 validity: the text was valid for three years; every sweep reports ``policy_expired``
  (reported, never silently accepted) and still runs;
* §6.1 审定 before 交办; §7.2 the tier must be chosen (3日 / 一般事项 5日 / 重要事项 15日) and
  counts on the statutory calendar: 3日 from 28 September end in the National Day holiday and
  run to 8 October;
* §8.1 a unit that misses its deadline is bulletined (通报); §8.2 its second consecutive miss
  costs a point (扣1分) in the year-end assessment;
* a return for redo (退回重办) and an extension (延期): none of the five texts has one, so
  the office enables it with ``policy.with_parameters(extensions_enabled=True)``;
* §6.2 the office's own duty (delivery confirmed within a day) reported when it lapses;
* a controlled matter (控制知情范围) missing from the auditor's ledger;
* the year's scorecard (考核情况) and the ledger written as .xlsx.

Run: ``python examples/chizhou_2021_quarter.py`` (files go to ./out).
"""

from __future__ import annotations

from pathlib import Path

from _office import Office, day, headline

from supervision import policies
from supervision.domain import Confidentiality, Role, Source, SourceKind, Unit
from supervision.domain.scorecard import ScorePeriod

UNITS = [
    Unit.create("econ", "经济发展局", head_id="econ-head", liaison_ids=["econ-liaison"]),
    Unit.create("safety", "安全生产监督管理局", head_id="safety-head",
                liaison_ids=["safety-liaison"]),
    Unit.create("build", "规划建设局", head_id="build-head", liaison_ids=["build-liaison"]),
    Unit.create("invest", "招商局", head_id="invest-head", liaison_ids=["invest-liaison"]),
]


def instruction(text: str) -> Source:
    return Source.of(SourceKind.LEADER_INSTRUCTION, text, leader="管委会主任")


def main(out_dir: Path = Path("out")) -> None:
    policy = policies.get("chizhou-2021").with_parameters(extensions_enabled=True)
    office = Office(policy, "池州经济技术开发区管委会督查办公室", UNITS, out_dir, day(9, 1))
    headline(f"{policy.title}（{policy.document_number}）")
    finding = policy.validity_finding(day(9, 1))
    if finding is not None:
        print(f"  提示 [{finding.code}]：{finding.message.split(' ')[0]}")
    print("  本季度：2026年9月1日至12月20日；每日07:30自动巡检；延期审批按本办做法启用。")

    office.go_to(day(9, 1))
    staffing = office.assign("园区企业用工需求摸排", "econ", category="general",
                             source=instruction("主任批示〔2026〕31号"))
    office.acknowledge(staffing)
    office.go_to(day(9, 4), 16)
    office.report(staffing, "摸排企业126家，汇总用工缺口1800人")
    office.go_to(day(9, 7), 10)
    office.close(staffing)

    office.go_to(day(9, 28))
    checks = office.assign("国庆期间危化企业安全检查", "safety", category="short",
                           source=instruction("主任批示〔2026〕35号"))
    office.acknowledge(checks)
    office.go_to(day(9, 29))
    permits = office.assign("重点项目审批手续攻坚", "build", category="important",
                            source=instruction("主任批示〔2026〕36号"))
    office.acknowledge(permits)

    office.go_to(day(10, 9))
    leads = office.assign("招商引资在谈项目信息报送", "safety", category="general",
                          source=instruction("主任批示〔2026〕38号"))
    office.acknowledge(leads)
    office.go_to(day(10, 12), 15)
    office.report(checks, "检查危化企业23家，整改隐患17处")     # late: due 8 October
    office.go_to(day(10, 13), 10)
    office.close(checks)
    office.go_to(day(10, 13), 11)
    office.extend(permits, day(10, 30), "用地预审需省厅批复，批复时间不确定")

    office.go_to(day(10, 19))
    signs = office.assign("园区主干道标识标牌更新", "invest", category="short",
                          source=instruction("主任批示〔2026〕40号"))
    office.acknowledge(signs)
    office.go_to(day(10, 19), 15)
    office.report(leads, "在谈项目14个，协议投资额62亿元")     # late again: due 14 October
    office.go_to(day(10, 20), 10)
    office.close(leads)
    office.go_to(day(10, 21), 16)
    office.report(signs, "已更新标识标牌40块")
    office.go_to(day(10, 22), 10)
    office.return_for_redo(signs, "未附更新点位清单和照片，请补齐后重新报送")
    office.go_to(day(10, 22), 17)
    office.report(signs, "已更新标识标牌40块，附点位清单和照片")
    office.go_to(day(10, 23), 10)
    office.close(signs)
    office.go_to(day(10, 28), 15)
    office.report(permits, "12个重点项目审批手续全部办结")
    office.go_to(day(10, 29), 10)
    office.close(permits)

    office.go_to(day(11, 2))
    listing = office.assign(
        "拟上市企业辅导推进", "econ", category="important",
        source=instruction("主任批示〔2026〕44号"),
        confidentiality=Confidentiality.controlled(
            ["clerk-1", "econ-head", "econ-liaison"], [Role.APPROVING_LEADER]),
    )
    office.acknowledge(listing)
    office.go_to(day(11, 13), 16)
    office.report(listing, "2家企业完成股改，1家进入辅导备案")
    office.go_to(day(11, 16), 10)
    office.close(listing)

    # §6.2: the office confirms delivery within a day; with no 签收 from the unit the sweep
    # reports the office's own duty as overdue (never scored against a unit).
    office.go_to(day(12, 9))
    office.assign("冬季消防安全专项整治", "build", category="general",
                  source=instruction("主任批示〔2026〕51号"))
    office.go_to(day(12, 16))
    totals = office.assign("年度招商引资目标完成情况统计", "invest", category="short",
                           source=instruction("主任批示〔2026〕53号"))
    office.acknowledge(totals)
    office.go_to(day(12, 18), 17)
    office.finish(ScorePeriod.of_year(2026))


if __name__ == "__main__":
    main()
