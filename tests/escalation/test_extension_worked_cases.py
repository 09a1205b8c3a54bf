"""Extensions (延期, a library feature a policy may enable; none of the five texts has them)
granted before and after a reminder, on daoli-2017 art.7(3) (逾期未完成且未说明情况的，于逾期
次日进行催办，承办单位须于当日报告；仍未报告的，发约谈通知 … 全区通报). Worked on 2026 dates:
an urgent matter dispatched Monday 03-02 is due in 2 days, 03-04; the lead unit asks on
03-03 for 03-13."""

from __future__ import annotations

from builders import LEADER, LIAISON_A
from escalation_world import LadderWorld, day

from supervision.service_layer import services


def _asked(world: LadderWorld) -> str:
    matter = world.dispatch("2026-03-02 10:00", category="urgent").id
    world.when("2026-03-03 10:00")
    services.request_extension(world.uow(), world.ctx, LIAISON_A, matter, day("2026-03-13"),
                               "需协调多部门")
    return matter


def _grant(world: LadderWorld, matter: str, when: str) -> None:
    world.when(when)
    services.decide_extension(world.uow(), world.ctx, LEADER, matter, 1, grant=True)


def _issued(world: LadderWorld, matter: str) -> list[tuple[str, str]]:
    return [(e.label, e.issued_at.strftime("%m-%d"))
            for e in world.escalations(matter) if e.unit_id is not None]


def test_daoli_2017_7_3_an_extension_granted_before_the_deadline_moves_the_reminder() -> None:
    world = LadderWorld("daoli-2017", extensions_enabled=True)
    matter = _asked(world)
    _grant(world, matter, "2026-03-04 10:00")
    world.sweep("2026-03-05 09:00")
    assert [] == _issued(world, matter)
    world.sweep("2026-03-16 09:00")  # 03-13 missed: reminded the next working day
    assert [("催办", "03-16")] == _issued(world, matter)


def test_daoli_2017_7_3_a_reminder_before_a_late_grant_stands_for_the_extended_deadline() -> None:
    """Reminded on 03-05 (the request still pending), granted an hour later: before, the
    interview notice and the district bulletin came the next day for a deadline no longer
    missed. Now the reminder stands for the extended deadline, its reply moved on by the
    seven working days the deadline moved (03-05 → 03-16): nothing before 03-17, and a report
    by then answers it."""
    world = LadderWorld("daoli-2017", extensions_enabled=True)
    matter = _asked(world)
    world.sweep("2026-03-05 09:00")
    assert [("催办", "03-05")] == _issued(world, matter)
    _grant(world, matter, "2026-03-05 10:00")
    world.sweep("2026-03-06 09:00")
    world.sweep("2026-03-16 09:00")
    assert [("催办", "03-05")] == _issued(world, matter)
    world.sweep("2026-03-17 09:00")
    assert [("催办", "03-05"), ("约谈通知", "03-17"), ("全区通报", "03-17")] == (
        _issued(world, matter))


def test_daoli_2017_7_3_a_report_by_the_extended_deadline_answers_the_earlier_reminder() -> None:
    world = LadderWorld("daoli-2017", extensions_enabled=True)
    matter = _asked(world)
    world.sweep("2026-03-05 09:00")
    _grant(world, matter, "2026-03-05 10:00")
    world.progress(matter, "2026-03-12 10:00")
    world.sweep("2026-03-17 09:00")
    assert [("催办", "03-05")] == _issued(world, matter)
