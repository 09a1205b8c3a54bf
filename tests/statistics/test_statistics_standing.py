"""Where a matter stands at an instant: the rule behind the lights (docs/statistics.md)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from builders import CLERK
from escalation_world import LadderWorld, at

from supervision.domain import DeadlineTerms, Matter, ReviewOutcome
from supervision.domain.scorecard import ScorePeriod
from supervision.domain.statistics import (
    Light,
    MatterStanding,
    Outcome,
    Standing,
    assess,
    matter_at,
)
from supervision.service_layer import services


def _assess(world: LadderWorld, matter: Matter, when: str, **kw: int) -> MatterStanding:
    with world.uow() as uow:
        stored = uow.matters.get(matter.id)
        events = uow.events.for_matter(matter.id)
    found = assess(stored, events, world.ctx.policy_of(stored), world.calendar, at(when), **kw)
    assert found is not None
    return found


def test_reported_on_time_and_awaiting_review_is_green_not_red() -> None:
    """A final report delivered before the deadline keeps the matter green while the office
    has not reviewed it, even after the due day (issue 13: it showed red)."""
    world = LadderWorld("chizhou-2021")
    matter = world.dispatch("2026-09-25 10:00", category="general")   # due 09-30
    world.final(matter, "2026-09-29 10:00")
    found = _assess(world, matter, "2026-10-12 09:00")
    expected = (Standing.AWAITING_REVIEW, Light.GREEN, Outcome.COMPLETED_ON_TIME,
                "已按期反馈，待审核")
    assert expected == (found.standing, found.light, found.outcome, found.reason)


def test_unreported_past_its_deadline_is_red_with_the_working_days_overdue() -> None:
    """Open past its due instant with nothing delivered: red, 已逾期N个工作日 counted on the
    office's calendar: 10-08, 10-09, the make-up Saturday 10-10 and 10-12 (not the holiday)."""
    world = LadderWorld("chizhou-2021")
    matter = world.dispatch("2026-09-25 10:00", category="general")   # due 09-30
    found = _assess(world, matter, "2026-10-12 09:00")
    assert (Standing.OVERDUE, Light.RED, Outcome.OPEN_OVERDUE, "已逾期4个工作日") == (
        found.standing, found.light, found.outcome, found.reason)


def test_due_within_three_working_days_is_yellow() -> None:
    """Due on the third working day after the day in question: yellow (library convention
    DEFAULT_DUE_SOON_WORKING_DAYS = 3); the day before the window opens, green."""
    world = LadderWorld("chizhou-2021")
    matter = world.dispatch("2026-11-02 10:00", category="important")  # 15 days: due 11-17
    assert (Standing.ON_TRACK, Standing.DUE_SOON) == (
        _assess(world, matter, "2026-11-11 09:00").standing,
        _assess(world, matter, "2026-11-12 09:00").standing,
    )


def test_a_window_of_zero_turns_yellow_off() -> None:
    """due_soon_working_days=0: no yellow, the matter is green until it is red."""
    world = LadderWorld("chizhou-2021")
    matter = world.dispatch("2026-11-02 10:00", category="important")
    found = _assess(world, matter, "2026-11-17 09:00", due_soon_working_days=0)
    assert Standing.ON_TRACK is found.standing


def test_a_report_returned_with_a_redo_deadline_is_red_once_the_redo_is_late() -> None:
    """lianyungang-2019 §5.6: after a return the unit owes the redo by the deadline the
    office set; past it, unredone, the matter is red (重办已逾期)."""
    world = LadderWorld("lianyungang-2019")
    matter = world.dispatch("2026-09-01 10:00")                       # 7 working days
    world.final(matter, "2026-09-04 10:00")
    world.review(matter, "2026-09-07 10:00", ReviewOutcome.RETURNED,
                 redo_due_day=dt.date(2026, 9, 9))
    found = _assess(world, matter, "2026-09-11 09:00")
    assert (Standing.OVERDUE, Outcome.OPEN_OVERDUE, "重办已逾期2个工作日") == (
        found.standing, found.outcome, found.reason)


def test_a_return_without_a_redo_deadline_leaves_the_matter_open_and_not_overdue() -> None:
    """daoli-2017 art.10 sets no redo period: the engine chases nothing more, so the matter is
    open and not overdue (在办未到期), green, waiting for the new report."""
    world = LadderWorld("daoli-2017")
    matter = world.dispatch("2026-10-09 09:00", category="general")    # due 10-14
    world.final(matter, "2026-10-13 16:00")
    world.review(matter, "2026-10-14 10:00", ReviewOutcome.RETURNED, "公文格式不符合规范")
    found = _assess(world, matter, "2026-10-15 09:00")
    assert (Standing.ON_TRACK, Outcome.OPEN_NOT_YET_DUE) == (found.standing, found.outcome)


def test_redone_after_a_return_is_on_time_when_every_deadline_it_owed_was_met() -> None:
    """Reported on time, returned, reported again by the redo deadline, accepted: finished on
    time; the handling time runs to the report that was accepted."""
    world = LadderWorld("lianyungang-2019")
    matter = world.dispatch("2026-09-01 10:00")
    world.final(matter, "2026-09-04 10:00")
    world.review(matter, "2026-09-07 10:00", ReviewOutcome.RETURNED,
                 redo_due_day=dt.date(2026, 9, 11))
    world.final(matter, "2026-09-10 10:00")
    world.review(matter, "2026-09-10 15:00", ReviewOutcome.ACCEPTED)
    found = _assess(world, matter, "2026-09-30 09:00")
    assert (Standing.DONE, Outcome.COMPLETED_ON_TIME, 7) == (
        found.standing, found.outcome, found.working_days)


def test_a_suspended_matter_is_neither_due_nor_overdue() -> None:
    """While suspended (中止) the clock stops: the matter counts as open and not yet due, no
    light, whatever the calendar says."""
    world = LadderWorld("chizhou-2021")
    matter = world.dispatch("2026-09-25 10:00", category="general")
    world.when("2026-09-28 10:00")
    services.suspend(world.uow(), world.ctx, CLERK, matter.id, reason="等待上级批复")
    found = _assess(world, matter, "2026-10-20 09:00")
    assert (Standing.SUSPENDED, Light.NONE, Outcome.OPEN_NOT_YET_DUE) == (
        found.standing, found.light, found.outcome)


def test_the_standing_at_an_earlier_instant_ignores_what_happened_later() -> None:
    """Assessed as of the day before the report, a matter later reported late is overdue
    then: the answer depends on the instant given, never on the present state."""
    world = LadderWorld("chizhou-2021")
    matter = world.dispatch("2026-09-25 10:00", category="general")
    world.complete(matter, "2026-10-13 10:00")
    before = _assess(world, matter, "2026-10-12 18:00")
    after = _assess(world, matter, "2026-10-20 09:00")
    assert ((Standing.OVERDUE, Outcome.OPEN_OVERDUE), (Standing.DONE, Outcome.COMPLETED_LATE)) == (
        (before.standing, before.outcome), (after.standing, after.outcome))


def test_matter_at_leaves_out_later_reports_and_reopens_later_decisions() -> None:
    """The rebuilt matter has the status of its last event by then, none of the later
    reports and the review decided later still pending."""
    world = LadderWorld("chizhou-2021")
    matter = world.dispatch("2026-09-25 10:00", category="general")
    world.final(matter, "2026-09-28 10:00")
    world.review(matter, "2026-09-29 10:00", ReviewOutcome.ACCEPTED)
    with world.uow() as uow:
        stored = uow.matters.get(matter.id)
        events = uow.events.for_matter(matter.id)
    earlier = matter_at(stored, events, at("2026-09-28 12:00"))
    assert earlier is not None
    assert ("reported", 1, None) == (
        earlier.status.value, len(earlier.rounds), earlier.rounds[0].outcome)
    assert None is matter_at(stored, events, at("2026-09-25 09:59"))


def test_daoli_2017_art_10_handling_time_runs_to_the_redone_report_finally_accepted() -> None:
    """daoli-2017 art.10 (退回…重新办理) gives no redo deadline: a final report of Thursday
    2026-03-05 returned for its format and redone on Friday 03-06, accepted, counts 4 working
    days from the dispatch of Monday 03-02 (the delivery that stands), not 3 (the first,
    returned report: before, the handling time stopped there); beside a matter delivered on
    03-04 (2 days) the unit's average and median are 3.0, not 2.5."""
    world = LadderWorld("daoli-2017")
    redone = world.dispatch("2026-03-02 10:00", category="general",
                            deadline=DeadlineTerms.stated(due_day=dt.date(2026, 3, 20)))
    world.final(redone, "2026-03-05 10:00")
    world.review(redone, "2026-03-05 11:00", ReviewOutcome.RETURNED, "公文格式不符合规范")
    world.final(redone, "2026-03-06 10:00")
    world.review(redone, "2026-03-06 11:00", ReviewOutcome.ACCEPTED)
    services.complete(world.uow(), world.ctx, CLERK, redone.id)
    plain = world.dispatch("2026-03-02 10:30", category="general",
                           deadline=DeadlineTerms.stated(due_day=dt.date(2026, 3, 20)))
    world.complete(plain, "2026-03-04 10:00")
    found = _assess(world, redone, "2026-06-30 18:00")
    assert (Outcome.COMPLETED_ON_TIME, 4, at("2026-03-06 10:00")) == (
        found.outcome, found.working_days, found.delivered_at)
    card = world.scorecards(ScorePeriod.of_half(2026, 1), "2026-06-30 18:00")["unit-a"]
    assert (Decimal("3.0"), Decimal("3.0")) == (card.average_working_days,
                                                card.median_working_days)
