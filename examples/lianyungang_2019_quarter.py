"""A quarter of the 连云港 city supervision office under lianyungang-2019 (连政办发〔2019〕23号).

2026-09-01 … 2026-12-20 on SQLite (``./out/lianyungang-2019.db``), one sweep a day at 07:30
driven by a FixedClock, exactly as ``supervision sweep`` would run from cron. What it shows:

* §5.1 only matters a city leader instructed on (批示: who, when) are registered; the
  documents' and meetings' items here carry the leader who ordered them supervised;
* §5.5 feedback within 7 working days of dispatch — from 28 September that is 13 October,
  the National Day holiday not counted; §7.2 a document's matters report within a month of
  its issue, a meeting's within 10 days of the minutes' issue;
* §7.3 a late unit: 催办 with a 督查催办单 (here as text and .docx), 告诫 when the reminder
  goes unanswered; §8.1 media exposure (媒体曝光) only as a *proposal*, which an approving
  leader here declines; §8.2 each overdue matter counts in the year's evaluation (−1, a
  parameter);
* §5.6 the office reviews feedback by the next day; a return for redo (退回重办) gives the
  unit 7 working days;
* an extension (延期): not in the text, so the office enables it with
  ``policy.with_parameters(extensions_enabled=True)``; a controlled matter the auditor does
  not see; the year's scorecard and the ledger written as .xlsx.

Run: ``python examples/lianyungang_2019_quarter.py`` (files go to ./out).
"""

from __future__ import annotations

from pathlib import Path

from _office import Office, day, headline

from supervision import policies
from supervision.domain import Confidentiality, Role, Source, SourceKind, Unit, UnitKind
from supervision.domain.scorecard import ScorePeriod

UNITS = [
    Unit.create("port", "港口控股集团", UnitKind.STATE_ENTERPRISE, head_id="port-head",
                liaison_ids=["port-liaison"]),
    Unit.create("ocean", "海洋发展局", head_id="ocean-head", liaison_ids=["ocean-liaison"]),
    Unit.create("tourism", "文化广电和旅游局", head_id="tourism-head",
                liaison_ids=["tourism-liaison"]),
    Unit.create("haizhou", "海州区政府", UnitKind.TOWNSHIP, head_id="haizhou-head",
                liaison_ids=["haizhou-liaison"]),
]


def instruction(text: str) -> Source:
    return Source.of(SourceKind.LEADER_INSTRUCTION, text, leader="市长")


def main(out_dir: Path = Path("out")) -> None:
    policy = policies.get("lianyungang-2019").with_parameters(extensions_enabled=True)
    office = Office(policy, "连云港市人民政府督查室", UNITS, out_dir, day(9, 1))
    headline(f"{policy.title}（{policy.document_number}）")
    print("  本季度：2026年9月1日至12月20日；每日07:30自动巡检；延期审批按本办做法启用。")

    office.go_to(day(9, 1))
    railway = office.assign("港口集疏运铁路专用线建设", "port",
                            source=instruction("市长批示〔2026〕88号"))
    office.acknowledge(railway)
    office.go_to(day(9, 9), 16)
    office.report(railway, "专用线征地拆迁完成，开工手续办结")
    office.go_to(day(9, 10), 10)
    office.close(railway)

    office.go_to(day(9, 24))
    ocean = office.assign(
        "落实《关于加快海洋经济高质量发展的实施意见》", "ocean",
        source=Source.of(SourceKind.DOCUMENT, "连政发〔2026〕41号", issued_on=day(9, 23),
                         leader="常务副市长"),
    )
    office.acknowledge(ocean)
    office.go_to(day(9, 28))
    tourism = office.assign("国庆假期旅游市场秩序整治", "tourism",
                            source=instruction("市长批示〔2026〕95号"))
    office.acknowledge(tourism)               # ...and then no feedback until 23 October

    office.go_to(day(10, 12))
    flood = office.assign(
        "海州区城区排涝设施改造", "haizhou",
        source=Source.meeting(day(10, 10), day(10, 12), "市政府第37次常务会议纪要",
                              leader="市长"),
    )
    office.acknowledge(flood)
    office.go_to(day(10, 21), 16)
    office.report(flood, "完成排涝泵站改造2座")
    office.report(ocean, "出台配套政策3项，海洋产业项目开工9个")
    office.go_to(day(10, 22), 10)
    office.return_for_redo(flood, "未说明管网改造进度，请补充后重新报送")
    office.close(ocean)
    office.go_to(day(10, 23), 15)
    office.report(tourism, "查处违规旅行社4家，受理游客投诉办结率100%")
    office.go_to(day(10, 26), 10)
    office.close(tourism)
    # §8.1 media exposure is a proposal: nothing happens until an approving leader decides.
    pending = [e for e in office.app.escalations_for(office.leader, tourism.id) if e.pending]
    for proposal in pending:
        office.app.decide_proposal(office.leader, proposal.key, accept=False,
                                   opinion="已整改到位，不予曝光")
        office.say(f"审定领导 决定：{proposal.label} → 不同意（已整改到位）")

    office.go_to(day(10, 28))
    harbour = office.assign("徐圩港区航道疏浚", "port", source=instruction("市长批示〔2026〕102号"))
    office.acknowledge(harbour)
    office.go_to(day(10, 28), 16)
    office.report(flood, "完成排涝泵站改造2座、雨水管网改造4.6公里")
    office.go_to(day(10, 29), 10)
    office.close(flood)
    office.go_to(day(11, 3), 10)
    office.extend(harbour, day(11, 20), "受台风影响疏浚船舶停工一周")

    office.go_to(day(11, 9))
    land = office.assign(
        "重大招商项目用地保障", "haizhou", source=instruction("市长批示〔2026〕110号"),
        confidentiality=Confidentiality.controlled(
            ["clerk-1", "haizhou-head", "haizhou-liaison"], [Role.APPROVING_LEADER]),
    )
    office.acknowledge(land)
    office.go_to(day(11, 17), 16)
    office.report(land, "落实用地指标320亩")
    office.go_to(day(11, 18), 10)
    office.close(land)
    office.go_to(day(11, 19), 15)
    office.report(harbour, "航道疏浚完成，通过竣工验收")
    office.go_to(day(11, 20), 10)
    office.close(harbour)

    office.go_to(day(12, 1))
    office.assign("冬季海上安全生产检查", "ocean", source=instruction("市长批示〔2026〕121号"))
    office.go_to(day(12, 14))
    winter = office.assign("景区冬季旅游产品推介", "tourism",
                           source=instruction("市长批示〔2026〕126号"))
    office.acknowledge(winter)
    office.go_to(day(12, 18), 17)
    office.finish(ScorePeriod.of_year(2026))


if __name__ == "__main__":
    main()
