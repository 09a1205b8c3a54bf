"""Each of the five regulations end to end through the public API on the in-memory adapter:
register → dispatch → deadline → reports → sweep → escalations → scorecard."""

from __future__ import annotations

from decimal import Decimal

from builders import LEADER
from escalation_world import LadderWorld, at, day

from supervision.domain import DeadlineTerms, ReviewOutcome, Source, SourceKind
from supervision.domain.policy import (
    EscalationAction,
)
from supervision.domain.scorecard import ScorePeriod
from supervision.service_layer import decisions

YEAR = ScorePeriod.of_year(2026)


def test_chizhou_2021_end_to_end() -> None:
    """unit-a misses twice (bulletins, a 1-point deduction), unit-b finishes on time and is
    commended: unit-b ranks first, unit-c (nothing due) second, unit-a third."""
    world = LadderWorld("chizhou-2021")
    first = world.dispatch("2026-09-25 10:00", category="general")
    second = world.dispatch("2026-10-12 10:00", category="general")
    on_time = world.dispatch("2026-10-12 11:00", category="general", lead="unit-b")
    assert day("2026-10-19") == world.stored(second).due.last_day  # type: ignore[union-attr]
    world.when("2026-10-15 10:00")
    world.complete(on_time, "2026-10-15 10:00")
    world.progress(first, "2026-10-15 11:00")
    world.sweep("2026-10-20 09:00")
    assert 2 == len(world.issued(EscalationAction.BULLETIN))
    decisions.commend(
        world.uow(), world.ctx, LEADER, "unit-b", "池开办〔2026〕3号", "按期高质量办结",
    )
    cards = world.scorecards(YEAR, "2026-12-31 18:00")
    a, b = cards["unit-a"], cards["unit-b"]
    assert (2, 0, 0, 2, Decimal(0)) == (a.assigned, a.completed_on_time, a.completed_late,
                                        a.open_overdue, a.on_time_rate)
    assert (Decimal(-1), 2, 3, 2) == (a.points, a.bulletins, a.rank, cards["unit-c"].rank)
    assert (1, Decimal(100), 1, 1) == (b.completed_on_time, b.on_time_rate, b.commendations,
                                      b.rank)
    assert [((second.id,), "chizhou-2021 §8.2")] == [(e.matter_ids, e.citation.key)
                                                     for e in a.entries]


def test_tongren_2014_end_to_end() -> None:
    """An urgent matter overdue, reminded twice: 督查通报 and 效能通报 cost 3 points; the unit
    then reports on 10-15, late, 9 working days after dispatch (10-10 a make-up day)."""
    world = LadderWorld("tongren-2014")
    matter = world.dispatch("2026-09-28 10:00", category="urgent")
    world.sweep("2026-10-09 09:00")
    world.sweep("2026-10-14 09:00")
    world.complete(matter, "2026-10-15 10:00")
    world.sweep("2026-10-20 09:00")
    assert [] == world.issued(EscalationAction.ACCOUNTABILITY, matter)
    card = world.scorecards(YEAR, "2026-12-31 18:00")["unit-a"]
    assert (1, 2, 2, Decimal(-3)) == (card.completed_late, card.reminders, card.bulletins,
                                      card.points)
    assert Decimal(9) == card.average_working_days


def test_zhoucun_2021_end_to_end() -> None:
    """A deployment reported late: reminder, 《周村督查》 bulletin, 1 point; the other unit's
    matter is reported on time (signed by the leader in charge)."""
    world = LadderWorld("zhoucun-2021")
    deployment = Source.of(SourceKind.MAJOR_DEPLOYMENT, "区政府常务会议部署")
    late = world.dispatch("2026-09-28 10:00", source=deployment)
    on_time = world.dispatch("2026-09-28 11:00", source=deployment)
    world.final(on_time, "2026-10-09 10:00")
    world.review(on_time, "2026-10-09 15:00", ReviewOutcome.ACCEPTED)
    world.sweep("2026-10-12 09:00")
    world.final(late, "2026-10-13 10:00")
    card = world.scorecards(YEAR, "2026-12-31 18:00")["unit-a"]
    assert (1, 1, Decimal(50), Decimal(-1)) == (
        card.completed_on_time, card.completed_late, card.on_time_rate, card.points)
    assert [late.id] == [e.matter_id for e in world.issued(EscalationAction.BULLETIN)]


def test_daoli_2017_end_to_end() -> None:
    """An art.7 matter overdue over National Day: reminder, interview, district bulletin;
    graded for the second half-year: accepted first time (40) but late (0 of 40), format
    sound (20): 60, 良好."""
    world = LadderWorld("daoli-2017")
    matter = world.dispatch("2026-09-25 10:00", category="general")
    world.sweep("2026-10-08 09:00")
    world.sweep("2026-10-09 09:00")
    world.complete(matter, "2026-10-12 10:00")
    assert ["到期提醒", "催办", "约谈通知", "全区通报"][1:] == world.actions(matter)
    card = world.scorecards(ScorePeriod.of_half(2026, 2), "2026-12-31 18:00")["unit-a"]
    assert (1, 1, 1, "良好", Decimal(60)) == (
        card.completed_late, card.reminders, card.bulletins, card.grade, card.composite)


def test_daoli_2017_27_results_count_each_matter_once_however_often_it_was_reviewed() -> None:
    """daoli-2017 art.27 落实效果 (docs/scorecard.md: reports accepted without a return, out of
    the matters assessed): of two matters finished on time, one accepted at its first review
    and one returned once (任务不落实, not a format ground) then accepted, the results share is
    1 of 2 matters — not 1 of the 3 reviews, which would count the returned matter twice —
    so 20 of 40, timeliness 40 of 40, format 3 of 3 reviews 20 of 20: 80."""
    world = LadderWorld("daoli-2017")
    first = world.dispatch("2026-09-01 10:00", category="general").id
    second = world.dispatch("2026-09-01 11:00", category="general").id
    world.complete(first, "2026-09-03 10:00")
    world.final(second, "2026-09-03 10:00")
    world.review(second, "2026-09-03 15:00", ReviewOutcome.RETURNED, opinion="任务不落实")
    world.complete(second, "2026-09-04 10:00")
    card = world.scorecards(ScorePeriod.of_half(2026, 2), "2026-12-31 18:00")["unit-a"]
    shares = {c.key: (c.rate.numerator, c.rate.denominator) if c.rate else None
              for c in card.components}
    assert {"results": (1, 2), "timeliness": (2, 2), "format": (3, 3)} == shares
    assert Decimal(80) == card.composite
    [results] = [c for c in card.components if c.key == "results"]
    assert (second,) == results.matter_ids


def test_daoli_2017_27_a_composite_of_exactly_60_is_good_not_rounded_below() -> None:
    """daoli-2017 art.27 (优秀、良好、较差; 良好 from 60 by default): of three matters due
    2026-03-20, one accepted at its first review and two returned for their format (公文格式不
    符合规范, art.10, no redo deadline: not yet due) — results 1 of 3, timeliness 1 of 1,
    format 1 of 3 reviews — score 1/3 × 40 + 40 + 1/3 × 20 = 60 exactly: 良好. Before, each
    criterion was computed from its one-decimal share (33.3% × 40 = 13.32, 33.3% × 20 =
    6.66): 59.98, 较差."""
    world = LadderWorld("daoli-2017")
    due = DeadlineTerms.stated(due_day=day("2026-03-20"))
    accepted = world.dispatch("2026-03-02 10:00", category="general", deadline=due)
    returned = [world.dispatch(f"2026-03-02 10:{m}0", category="general", deadline=due)
                for m in (1, 2)]
    world.complete(accepted, "2026-03-04 10:00")
    for matter in returned:
        world.final(matter, "2026-03-04 11:00")
        world.review(matter, "2026-03-04 15:00", ReviewOutcome.RETURNED, "公文格式不符合规范")
    card = world.scorecards(ScorePeriod.of_half(2026, 1), "2026-03-10 18:00")["unit-a"]
    shares = {c.key: (c.rate.numerator, c.rate.denominator, c.earned) if c.rate else None
              for c in card.components}
    assert {"results": (1, 3, Decimal("13.33")), "timeliness": (1, 1, Decimal(40)),
            "format": (1, 3, Decimal("6.67"))} == shares
    assert (Decimal(60), "良好") == (card.composite, card.grade)


def test_daoli_2017_27_a_report_awaiting_the_offices_review_costs_no_results() -> None:
    """daoli-2017 art.27 落实效果 with docs/statistics.md (the review is the office's duty,
    never scored against the unit): a final report of 2026-03-04 on a matter due 03-20, not
    yet reviewed, is not judged for results — 40 + 40 + 20 (no review: full marks) = 100,
    优秀, as it is once the office accepts it on 03-26. Before, the unreviewed matter counted
    0 of 1 in the results share until the office got round to it: 60, 良好."""
    world = LadderWorld("daoli-2017")
    matter = world.dispatch("2026-03-02 10:00", category="general",
                            deadline=DeadlineTerms.stated(due_day=day("2026-03-20")))
    world.final(matter, "2026-03-04 11:00")
    half = ScorePeriod.of_half(2026, 1)
    waiting = world.scorecards(half, "2026-03-25 18:00")["unit-a"]
    [results] = [c for c in waiting.components if c.key == "results"]
    assert (None, (), Decimal(100), "优秀") == (results.rate, results.matter_ids,
                                              waiting.composite, waiting.grade)
    world.review(matter, "2026-03-26 15:00", ReviewOutcome.ACCEPTED)
    reviewed = world.scorecards(half, "2026-03-27 18:00")["unit-a"]
    assert (Decimal(100), "优秀") == (reviewed.composite, reviewed.grade)

def test_lianyungang_2019_end_to_end() -> None:
    """Feedback late after a 催办单, on Friday 10-16; the office's review is due the next
    working day, Monday 10-19, and comes a day late (its own duty, nobody scored); the overdue
    matter costs a point in the annual evaluation."""
    world = LadderWorld("lianyungang-2019")
    matter = world.dispatch("2026-09-28 10:00")
    world.sweep("2026-10-14 09:00")
    world.final(matter, "2026-10-16 10:00")
    world.sweep("2026-10-19 09:00")
    assert 1 == len(world.escalations(matter))
    world.sweep("2026-10-20 09:00")
    world.review(matter, "2026-10-20 10:00", ReviewOutcome.ACCEPTED)
    kinds = [(e.label, e.unit_id) for e in world.escalations(matter)]
    assert [("催办", "unit-a"), ("督查机构逾期：审核反馈报告", None)] == kinds
    card = world.scorecards(YEAR, "2026-12-31 18:00")["unit-a"]
    assert (1, Decimal(-1), at("2026-10-14 00:00")) == (
        card.completed_late, card.points, card.entries[0].occurred_at)
