"""A quarter of the 铜仁高新区 supervision office under tongren-2014 (a trial, 试行, text).

2026-09-01 … 2026-12-20 on SQLite (``./out/tongren-2014.db``), one sweep a day at 07:30 driven
by a FixedClock, exactly as ``supervision sweep`` would run from cron. What it shows:

* art.7(1) periods for leader-assigned matters counted in *working* days (紧急 3个工作日,
  一般 7个工作日) or days (专题调研 30日): 30日 from 1 September end on 1 October, inside the
  National Day holiday, and run to 8 October;
* art.11(1)-(2) a late unit: 催办, 督查通报 (−1), a second 催办 when the first is not answered,
  效能通报 (−2), the unit head's explanation and a 问责 *proposal* that an approving leader
  decides (accepted: −3) — nothing follows from a proposal by itself;
* a return for redo (退回重办) triggers 督查通报 too (办理质量不高);
* an extension (延期): not in the text, so the office enables it with
  ``policy.with_parameters(extensions_enabled=True)``;
* art.11(3) 通报表彰 (+1) recorded by a leader; a controlled matter the auditor does not see;
* the year's scorecard and the ledger written as .xlsx.

Run: ``python examples/tongren_2014_quarter.py`` (files go to ./out).
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
    Unit.create("land", "国土规划建设局", head_id="land-head", liaison_ids=["land-liaison"]),
    Unit.create("tech", "科技创新服务中心", head_id="tech-head",
                liaison_ids=["tech-liaison"]),
]


def instruction(text: str) -> Source:
    return Source.of(SourceKind.LEADER_INSTRUCTION, text, leader="党工委书记")


def main(out_dir: Path = Path("out")) -> None:
    policy = policies.get("tongren-2014").with_parameters(extensions_enabled=True)
    office = Office(policy, "铜仁高新区党政办公室督查室", UNITS, out_dir, day(9, 1))
    headline(f"{policy.title}")
    finding = policy.validity_finding(day(9, 1))
    if finding is not None:
        print(f"  提示 [{finding.code}]：{finding.message.split(' ')[0]}")
    print("  本季度：2026年9月1日至12月20日；每日07:30自动巡检；延期审批按本办做法启用。")

    office.go_to(day(9, 1))
    research = office.assign("大数据产业发展专题调研", "tech", category="research",
                             source=instruction("书记批示第21号"))
    office.acknowledge(research)

    office.go_to(day(9, 29))
    fire = office.assign("国庆期间消防安全隐患整治", "safety", category="urgent",
                         source=instruction("书记批示第25号"))
    office.acknowledge(fire)

    office.go_to(day(10, 8), 15)
    office.report(research, "形成调研报告1份，提出政策建议8条")
    office.go_to(day(10, 9), 10)
    office.close(research)

    office.go_to(day(10, 12))
    land = office.assign("标准厂房用地报批", "land", category="general",
                         source=instruction("书记批示第28号"))
    office.acknowledge(land)
    office.go_to(day(10, 13))
    park = office.assign("园区企业服务专员制度落实", "econ", category="general",
                         source=instruction("书记批示第29号"))
    office.acknowledge(park)
    office.go_to(day(10, 16), 16)
    office.report(park, "已为86家企业配备服务专员")
    office.go_to(day(10, 19), 9)
    office.extend(land, day(11, 13), "需等待省自然资源厅用地预审意见")
    office.go_to(day(10, 19), 10)
    office.return_for_redo(park, "办理质量不高：未附企业对接台账，请完善后重新报送")
    office.go_to(day(10, 20), 15)
    office.report(park, "已为86家企业配备服务专员，附企业对接台账")
    office.go_to(day(10, 21), 10)
    office.close(park)

    # The 问责 proposal waits for a person: the approving leader decides it.
    office.go_to(day(10, 21), 11)
    pending = [e for e in office.app.escalations_for(office.leader, fire.id) if e.pending]
    for proposal in pending:
        office.app.decide_proposal(office.leader, proposal.key, accept=True,
                                   opinion="经研究，对安监局予以问责")
        clause = office.policy.cite(proposal.citation)
        office.say(f"审定领导 决定：{proposal.label} → 同意（{clause}）")
    office.go_to(day(10, 22), 15)
    office.report(fire, "整治消防隐患52处，约谈企业负责人6人")
    office.go_to(day(10, 23), 10)
    office.close(fire)

    office.go_to(day(11, 2))
    chips = office.assign(
        "集成电路项目落地洽谈", "econ", category="general",
        source=instruction("书记批示第33号"),
        confidentiality=Confidentiality.controlled(
            ["clerk-1", "econ-head", "econ-liaison"], [Role.APPROVING_LEADER]),
    )
    office.acknowledge(chips)
    office.go_to(day(11, 9), 16)
    office.report(chips, "已签订框架协议")
    office.report(land, "标准厂房用地已获批复")
    office.go_to(day(11, 10), 10)
    office.close(chips)
    office.close(land)

    office.go_to(day(12, 1), 10)
    office.app.commend(office.leader, "tech", "铜高党办通〔2026〕9号", "大数据产业专题调研成果突出",
                       matter_ids=(research.id,))
    office.say("审定领导 通报表彰 科技创新服务中心（经党工委、管委会同意，"
               "《铜仁高新区督促检查工作制度（试行）》第十一条第（三）项）")

    office.go_to(day(12, 7))
    office.assign("冬季安全生产大检查", "safety", category="urgent",
                  source=instruction("书记批示第41号"))
    office.go_to(day(12, 16))
    office.assign("年度科技项目申报材料审核", "tech", category="general",
                  source=instruction("书记批示第44号"))
    office.go_to(day(12, 18), 17)
    office.finish(ScorePeriod.of_year(2026))


if __name__ == "__main__":
    main()
