"""Which deadlines an explanation (情况说明) covers (docs/escalation.md "Explanations"), worked on
2026 dates under each policy whose ladder reads explanations.

The library rule: an explanation given at ``t`` by a unit covers the unit's deadline of the
round under way at ``t`` that is still unmet at ``t`` and either (a) was due by ``t`` (a miss
explained) or (b) is the round's completion deadline (explaining in advance that the matter
will be late). It never covers a periodic report or a redo deadline due after ``t``, nor a
later round (chizhou-2021 §7.2 要及时说明情况，并随时报告工作进展情况: the unit that explained
keeps reporting). The rungs that read explanations: chizhou-2021 §8.1 通报 (仅主观原因) and
the §8.2 streak, daoli-2017 art.7(3) 催办 (超过时限且未说明原因的), tongren-2014 art.11(1) 问责
(不能充分说明原因的). daoli's and tongren's are set off by completion and redo deadlines
only, so the periodic-report cases are chizhou's; daoli reads any explanation, decided or
not, so only chizhou and tongren hold a rung while the office decides.

Dates: a chizhou 重要事项 from a meeting (§7.5 every 15 days), dispatched Monday 03-02 with a
stated 20 days, owes reports on 03-17 and 04-01 and completion on 03-23; a chizhou 一般事项
dispatched Monday 10-12 is due Monday 10-19 (10-17 rolled). A daoli art.7 一般事项 dispatched
Friday 09-25 is due Wednesday 09-30 (reminded 10-08, after National Day); a tongren urgent
matter dispatched Monday 09-28 is due Thursday 10-08 (reminded 10-09 and 10-14, 问责 proposed
at the second reminder's reply deadline, 10-20).
"""

from __future__ import annotations

from decimal import Decimal

from builders import CLERK
from escalation_world import LadderWorld, day, stated

from supervision.domain import DeadlineTerms, ReasonKind, ReviewOutcome, Source
from supervision.domain.escalation import Escalation
from supervision.domain.policy import EscalationAction
from supervision.periods import Period
from supervision.service_layer import services


def _occasions(escalations: list[Escalation]) -> list[str]:
    return sorted(e.occasion for e in escalations)


def _meeting(world: LadderWorld) -> str:
    """The chizhou meeting matter: reports due 03-17, 04-01, 04-16; completion 03-23."""
    return world.dispatch(
        "2026-03-02 10:00", source=Source.meeting(day("2026-03-01")), category="important",
        deadline=stated(20),
    ).id


def _returned(world: LadderWorld, matter: str, when: str, redo_day: str) -> None:
    """The final report is made on ``when`` and returned for redo by ``redo_day``."""
    world.final(matter, when)
    world.review(matter, when, ReviewOutcome.RETURNED, redo_due_day=day(redo_day))


def _reopened(world: LadderWorld, matter: str, deadline: DeadlineTerms) -> None:
    """Completed 11-04, struck off (销号) that day, reopened (回头看) on 12-01 for round 2."""
    world.complete(matter, "2026-11-04 10:00")
    world.when("2026-11-04 11:00")
    services.close(world.uow(), world.ctx, CLERK, matter, note="已办结销号")
    world.when("2026-12-01 09:00")
    services.reinspect(world.uow(), world.ctx, CLERK, matter, deadline=deadline,
                       reason="回头看")


# ------------------------------------------------------------------ chizhou-2021
def test_chizhou_7_2_explaining_a_missed_report_does_not_cover_the_next_reports() -> None:
    """§7.2 随时报告工作进展情况, §8.1, §8.2: report 1 (03-17) missed and explained on 03-18
    (objective, accepted) is excused — no bulletin, not counted in the streak; reports 2
    (04-01) and 3 (04-16) missed as well are each bulletined, and the third is the second
    miss in a row (report 1 does not count): 1 point deducted on it."""
    world = LadderWorld("chizhou-2021")
    matter = world.dispatch(
        "2026-03-02 10:00", source=Source.meeting(day("2026-03-01")), category="important",
        deadline=stated(90),
    ).id
    world.explain(matter, "2026-03-18 08:00", ReasonKind.OBJECTIVE, accept=True)
    world.sweep("2026-03-18 09:00")
    world.sweep("2026-04-02 09:00")
    assert [] == world.issued(EscalationAction.POINT_DEDUCTION)
    world.sweep("2026-04-17 09:00")
    assert ["r1.report2", "r1.report3"] == _occasions(
        world.issued(EscalationAction.BULLETIN, matter))
    [deduction] = world.issued(EscalationAction.POINT_DEDUCTION)
    assert ("miss.r1.report3", Decimal(-1)) == (deduction.occasion, world.points())


def test_chizhou_8_1_an_advance_explanation_covers_the_completion_deadline() -> None:
    """§8.1 由主观原因造成的: an objective cause explained on 03-05, before anything fell due,
    and accepted, covers the completion deadline (03-23) missed: no bulletin on it."""
    world = LadderWorld("chizhou-2021")
    matter = _meeting(world)
    world.explain(matter, "2026-03-05 10:00", ReasonKind.OBJECTIVE, accept=True)
    world.sweep("2026-03-24 09:00")
    assert "r1" not in _occasions(world.issued(EscalationAction.BULLETIN, matter))


def test_chizhou_7_5_an_explanation_given_before_a_report_falls_due_does_not_cover_it() -> None:
    """§7.5 每15天报告一次: the same advance explanation (03-05) does not cover the report due
    03-17, which was not yet due when it was given: the missed report is bulletined."""
    world = LadderWorld("chizhou-2021")
    matter = _meeting(world)
    world.explain(matter, "2026-03-05 10:00", ReasonKind.OBJECTIVE, accept=True)
    world.sweep("2026-03-24 09:00")
    assert ["r1.report1"] == _occasions(world.issued(EscalationAction.BULLETIN, matter))


def test_chizhou_8_1_an_explanation_does_not_cover_a_redo_deadline_set_after_it() -> None:
    """An advance explanation (10-13, accepted) of the 一般事项 due 10-19; the final report of
    10-16 is returned for redo by 10-23 and not redone: the redo deadline, after the
    explanation, is bulletined."""
    world = LadderWorld("chizhou-2021")
    matter = world.dispatch("2026-10-12 10:00", category="general").id
    world.explain(matter, "2026-10-13 10:00", ReasonKind.OBJECTIVE, accept=True)
    _returned(world, matter, "2026-10-16 10:00", "2026-10-23")
    world.sweep("2026-10-26 09:00")
    assert ["r1.redo1"] == _occasions(world.issued(EscalationAction.BULLETIN, matter))


def test_chizhou_8_1_an_explanation_does_not_cover_a_reopened_round() -> None:
    """lianyungang-2019 §7.3 再督查 under chizhou: an explanation of round 1 (11-03, accepted)
    does not cover round 2 (reopened 12-01, 5 days: due Monday 12-07), missed: 通报 on r2."""
    world = LadderWorld("chizhou-2021")
    matter = world.dispatch("2026-11-02 10:00", category="general").id
    world.explain(matter, "2026-11-03 10:00", ReasonKind.OBJECTIVE, accept=True)
    _reopened(world, matter, DeadlineTerms.category_default(Period.days(5)))
    world.sweep("2026-12-08 09:00")
    assert ["r2"] == _occasions(world.issued(EscalationAction.BULLETIN, matter))


def test_chizhou_8_1_a_pending_explanation_holds_only_the_report_it_covers() -> None:
    """An objective explanation of the missed report 1 (03-18), not decided: the bulletin on
    report 1 is held; report 2 missed on 04-01 is bulletined, report 1 still held."""
    world = LadderWorld("chizhou-2021")
    matter = world.dispatch(
        "2026-03-02 10:00", source=Source.meeting(day("2026-03-01")), category="important",
        deadline=stated(90),
    ).id
    world.explain(matter, "2026-03-18 08:00", ReasonKind.OBJECTIVE)
    held = f"{matter}:2.bulletin:unit-a:r1.report1"
    assert [held] == list(world.sweep("2026-03-18 09:00").held)
    assert [held] == list(world.sweep("2026-04-02 09:00").held)
    assert ["r1.report2"] == _occasions(world.issued(EscalationAction.BULLETIN, matter))


# ------------------------------------------------------------------- daoli-2017
def test_daoli_7_3_an_advance_explanation_covers_the_completion_deadline() -> None:
    """art.7(3) 超过时限且未说明原因的: explained on 09-29, before the deadline (09-30): no
    reminder after it (nor the interview notice and bulletin the reminder leads to)."""
    world = LadderWorld("daoli-2017")
    matter = world.dispatch("2026-09-25 10:00", category="general").id
    world.explain(matter, "2026-09-29 10:00", ReasonKind.OBJECTIVE)
    world.sweep("2026-10-08 09:00")
    world.sweep("2026-10-09 09:00")
    assert [] == world.issued(EscalationAction.REMINDER, matter)


def test_daoli_7_3_an_explanation_does_not_cover_a_redo_deadline_set_after_it() -> None:
    """art.7(3), art.10 退回重办: explained on 09-29 (not decided: daoli reads any
    explanation); the final report of that day returned for redo by 10-12 and not redone:
    reminded on 10-13 about the redo deadline, which the explanation, given before it was
    set, does not cover."""
    world = LadderWorld("daoli-2017")
    matter = world.dispatch("2026-09-25 10:00", category="general").id
    world.explain(matter, "2026-09-29 10:00", ReasonKind.OBJECTIVE)
    _returned(world, matter, "2026-09-29 11:00", "2026-10-12")
    world.sweep("2026-10-13 09:00")
    assert ["r1.redo1"] == _occasions(world.issued(EscalationAction.REMINDER, matter))


def test_daoli_7_3_an_explanation_does_not_cover_a_reopened_round() -> None:
    """An explanation of round 1 (11-03) does not cover round 2 (reopened 12-01 with a stated
    3 days: due Friday 12-04), missed: reminded about r2 on the next working day, 12-07."""
    world = LadderWorld("daoli-2017")
    matter = world.dispatch("2026-11-02 10:00", category="general").id
    world.explain(matter, "2026-11-03 10:00", ReasonKind.OBJECTIVE)
    _reopened(world, matter, stated(3))
    world.sweep("2026-12-07 09:00")
    assert ["r2"] == _occasions(world.issued(EscalationAction.REMINDER, matter))


# ------------------------------------------------------------------ tongren-2014
def _sweep_tongren(world: LadderWorld, *whens: str) -> None:
    for when in whens or ("2026-10-09 09:00", "2026-10-14 09:00", "2026-10-20 09:00"):
        world.sweep(when)


def test_tongren_11_1_an_advance_explanation_covers_the_completion_deadline() -> None:
    """art.11(1) 被催办两次仍没有落实又不能充分说明原因的: an objective cause explained on 09-29,
    before the deadline (10-08), and accepted: the reminders still go out (the explanation
    never moves the deadline) but no accountability is proposed on 10-20."""
    world = LadderWorld("tongren-2014")
    matter = world.dispatch("2026-09-28 10:00", category="urgent").id
    world.explain(matter, "2026-09-29 10:00", ReasonKind.OBJECTIVE, accept=True)
    _sweep_tongren(world)
    assert 2 == len(world.issued(EscalationAction.REMINDER, matter))
    assert [] == world.issued(EscalationAction.ACCOUNTABILITY, matter)


def test_tongren_11_1_an_explanation_does_not_cover_a_redo_deadline_set_after_it() -> None:
    """Explained and accepted on 09-29; the final report of that day returned for redo by
    10-12 and not redone: reminded twice about the redo deadline (10-13, 10-19), and 问责 is
    proposed on it at the second reminder's reply deadline (10-24)."""
    world = LadderWorld("tongren-2014")
    matter = world.dispatch("2026-09-28 10:00", category="urgent").id
    world.explain(matter, "2026-09-29 10:00", ReasonKind.OBJECTIVE, accept=True)
    _returned(world, matter, "2026-09-29 11:00", "2026-10-12")
    _sweep_tongren(world, "2026-10-13 09:00", "2026-10-19 09:00", "2026-10-26 09:00")
    assert ["r1.redo1"] == _occasions(world.issued(EscalationAction.ACCOUNTABILITY, matter))


def test_tongren_11_1_an_explanation_does_not_cover_a_reopened_round() -> None:
    """An explanation of round 1 (11-03, accepted) does not cover round 2 (reopened 12-01
    with a stated 3 working days: due Friday 12-04), reminded twice and still not done: 问责
    is proposed on r2."""
    world = LadderWorld("tongren-2014")
    matter = world.dispatch("2026-11-02 10:00", category="urgent").id
    world.explain(matter, "2026-11-03 10:00", ReasonKind.OBJECTIVE, accept=True)
    _reopened(world, matter, DeadlineTerms.stated(Period.working_days(3)))
    _sweep_tongren(world, "2026-12-07 09:00", "2026-12-10 09:00", "2026-12-14 09:00",
                   "2026-12-18 09:00")
    assert ["r2"] == _occasions(world.issued(EscalationAction.ACCOUNTABILITY, matter))


def test_tongren_11_1_a_pending_explanation_holds_only_the_deadline_it_covers() -> None:
    """An explanation given on 09-29 and not decided covers the completion deadline (10-08)
    only, not the redo deadline (10-12) set by the return of that day's final report: the
    redo deadline's accountability proposal (10-24) is made, nothing is held."""
    world = LadderWorld("tongren-2014")
    matter = world.dispatch("2026-09-28 10:00", category="urgent").id
    world.explain(matter, "2026-09-29 10:00", ReasonKind.OBJECTIVE)
    _returned(world, matter, "2026-09-29 11:00", "2026-10-12")
    world.sweep("2026-10-13 09:00")
    world.sweep("2026-10-19 09:00")
    assert () == world.sweep("2026-10-26 09:00").held
    assert ["r1.redo1"] == _occasions(world.issued(EscalationAction.ACCOUNTABILITY, matter))


def test_tongren_11_1_a_pending_explanation_of_the_missed_deadline_holds_its_proposal() -> None:
    """The completion deadline (10-08) missed and explained on 10-15, not decided: the
    accountability proposal due 10-20 on it is held."""
    world = LadderWorld("tongren-2014")
    matter = world.dispatch("2026-09-28 10:00", category="urgent").id
    _sweep_tongren(world, "2026-10-09 09:00", "2026-10-14 09:00")
    world.explain(matter, "2026-10-15 09:00", ReasonKind.OBJECTIVE)
    assert [f"{matter}:6.accountability:unit-a:r1"] == list(
        world.sweep("2026-10-20 09:00").held)
    assert [] == world.issued(EscalationAction.ACCOUNTABILITY, matter)
