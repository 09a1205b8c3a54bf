"""The office's review duty (``lianyungang-2019 §5.6`` 督查机构对承办单位的反馈报告及时审核 …
一般应在次日办理反馈) for a report completed by a supplement (补充说明): the supplemented report
is feedback to review again by the next day. Worked on 2026 dates: a final report of Thursday
03-05, a supplement asked on Friday 03-06 (in time), supplied on Monday 03-09."""

from __future__ import annotations

from builders import LIAISON_A
from escalation_world import LadderWorld

from supervision.domain import ReportContent, ReviewOutcome
from supervision.service_layer import services


def _supplemented(world: LadderWorld) -> str:
    matter = world.dispatch("2026-03-02 10:00").id
    world.final(matter, "2026-03-05 10:00")
    world.review(matter, "2026-03-06 10:00", ReviewOutcome.SUPPLEMENT_REQUESTED)
    world.when("2026-03-09 10:00")
    services.supply_supplement(world.uow(), world.ctx, LIAISON_A, matter,
                               ReportContent.progress("补充说明"))
    return matter


def _duties(world: LadderWorld, matter: str) -> list[tuple[str, str]]:
    """The office's overdue duties recorded: (occasion, the duty's last day)."""
    return [(e.occasion, dict(e.details)["deadline"])
            for e in world.escalations(matter) if e.unit_id is None]


def test_lianyungang_2019_5_6_a_supplement_supplied_is_reviewed_by_the_next_day() -> None:
    """Before, the request for the supplement closed the duty for good: the office could leave
    the supplemented report unreviewed for ever and nothing was recorded. Now the supplement of
    03-09 is owed a review by 03-10: the daily sweep of 03-11 records the office's overdue
    review (never scored against the unit), once."""
    world = LadderWorld("lianyungang-2019")
    matter = _supplemented(world)
    for when in ("2026-03-07 09:00", "2026-03-10 09:00", "2026-03-11 09:00",
                 "2026-03-12 09:00"):
        world.sweep(when)
    assert [("r1.feedback1.supplement1", "2026-03-10")] == _duties(world, matter)
    assert world.points() == 0


def test_lianyungang_2019_5_6_a_supplement_reviewed_the_next_day_owes_nothing() -> None:
    world = LadderWorld("lianyungang-2019")
    matter = _supplemented(world)
    world.review(matter, "2026-03-10 10:00", ReviewOutcome.ACCEPTED)
    world.sweep("2026-03-20 09:00")
    assert [] == _duties(world, matter)


def test_lianyungang_2019_5_6_a_further_request_answers_the_supplement() -> None:
    """Asking again (a second 补充说明) on 03-10 answers the first supplement in time; the
    second, supplied on 03-12, is owed its review by 03-13."""
    world = LadderWorld("lianyungang-2019")
    matter = _supplemented(world)
    world.review(matter, "2026-03-10 10:00", ReviewOutcome.SUPPLEMENT_REQUESTED)
    world.when("2026-03-12 10:00")
    services.supply_supplement(world.uow(), world.ctx, LIAISON_A, matter,
                               ReportContent.progress("再次补充说明"))
    world.sweep("2026-03-13 09:00")
    assert [] == _duties(world, matter)
    world.sweep("2026-03-16 09:00")
    assert [("r1.feedback1.supplement2", "2026-03-13")] == _duties(world, matter)


def test_lianyungang_2019_5_6_an_in_time_request_answers_the_report_even_if_returned_late(
) -> None:
    """Returned for redo only on 03-17, with no sweep in between: the report of 03-05 was
    answered in time by the request of 03-06 (before, the late return was read as its review
    and the office was recorded overdue on it); the supplement of 03-09 was not (due 03-10)."""
    world = LadderWorld("lianyungang-2019")
    matter = _supplemented(world)
    world.review(matter, "2026-03-17 10:00", ReviewOutcome.RETURNED)
    world.sweep("2026-03-17 11:00")
    assert [("r1.feedback1.supplement1", "2026-03-10")] == _duties(world, matter)
