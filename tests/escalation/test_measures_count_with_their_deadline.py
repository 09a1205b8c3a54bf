"""rules.md §2 (a missed deadline counts once, in the assessment period its deadline falls in,
even when the measure follows in the next): the measures taken on a missed deadline — its
催办, its 通报, a proposal fired by the reminders — count in the same period as the points they
earn, on the scorecard, in the office's figures and in the report's list of measures."""

from __future__ import annotations

from decimal import Decimal

from builders import CLERK, LEADER
from escalation_world import LadderWorld, at, day

from supervision.domain import DeadlineTerms
from supervision.domain.escalation import Escalation, EscalationKind
from supervision.domain.policy import Citation, EscalationAction
from supervision.domain.scorecard import ScorePeriod
from supervision.domain.statistics import escalation_counts_in, missed_deadlines
from supervision.report import report_model
from supervision.service_layer import decisions, reporting

_2025, _2026 = ScorePeriod.of_year(2025), ScorePeriod.of_year(2026)


def _tongren_miss_at_year_end() -> tuple[LadderWorld, str]:
    """tongren-2014 art.11(1): due Wednesday 2025-12-31, reminded on make-up Sunday
    2026-01-04 (督查通报 on the first 催办) and again on 01-08 (效能通报 on the second)."""
    world = LadderWorld("tongren-2014")
    matter = world.dispatch("2025-12-24 10:00", category="urgent",
                            deadline=DeadlineTerms.stated(due_day=day("2025-12-31"))).id
    world.sweep("2026-01-04 09:00")
    world.sweep("2026-01-08 09:00")
    return world, matter


def test_tongren_2014_11_1_reminders_and_bulletins_of_a_2025_miss_count_in_2025() -> None:
    """The two 催办 and the two bulletins issued in January 2026 on a deadline of 2025-12-31
    are 2025's, where its 3 points are: the 2026 card shows none of them."""
    world, matter = _tongren_miss_at_year_end()
    assert 2 == len(world.issued(EscalationAction.REMINDER, matter))
    cards = {p.key: world.scorecards(p, "2026-06-30 18:00")["unit-a"] for p in (_2025, _2026)}
    assert (2, 2, Decimal(-3)) == (cards["2025"].reminders, cards["2025"].bulletins,
                                   cards["2025"].points)
    assert (0, 0, Decimal(0)) == (cards["2026"].reminders, cards["2026"].bulletins,
                                  cards["2026"].points)


def test_tongren_2014_11_1_an_accepted_accountability_proposal_counts_in_the_misses_year() -> None:
    """The 追究责任 proposal fired by the second reminder (it records no deadline itself) and
    accepted in 2026 counts in 2025 among the proposals, as its points do."""
    world, _matter = _tongren_miss_at_year_end()
    [proposal] = world.sweep("2026-01-14 09:00").proposals
    world.when("2026-01-15 10:00")
    decisions.decide_proposal(world.uow(), world.ctx, LEADER, proposal.key, accept=True,
                              opinion="党工委、管委会同意追责")
    old = world.scorecards(_2025, "2026-06-30 18:00")["unit-a"]
    new = world.scorecards(_2026, "2026-06-30 18:00")["unit-a"]
    assert (1, 1, Decimal(-6)) == (old.proposals, old.proposals_accepted, old.points)
    assert (0, 0, Decimal(0)) == (new.proposals, new.proposals_accepted, new.points)


def test_the_office_figures_and_the_report_list_the_measures_in_the_deadlines_period() -> None:
    """The office's figures for 2025 count the reminders and bulletins; the report for 2025
    lists the five measures (dated the day each fell due: 01-04 催办 and 督查通报, 01-08 催办,
    效能通报 and the main head's explanation) and the report for 2026 none."""
    world, _matter = _tongren_miss_at_year_end()
    as_of = at("2026-06-30 18:00")
    world.when("2026-06-30 18:00")
    for period, wanted in ((_2025, (2, 2)), (_2026, (0, 0))):
        stats = reporting.office_statistics(world.uow(), world.ctx, CLERK, as_of=as_of,
                                            period=period)
        assert wanted == (stats.total.reminders, stats.total.bulletins)
    listed = report_model(world.uow(), world.ctx, CLERK, as_of=as_of, period=_2025).escalations
    assert sorted([(day("2026-01-04"), "催办"), (day("2026-01-04"), "督查通报"),
                   (day("2026-01-08"), "催办"), (day("2026-01-08"), "效能通报"),
                   (day("2026-01-08"), "主要负责人作出说明")]) == sorted(
        (r.day, r.measure_label) for r in listed)
    assert () == tuple(report_model(world.uow(), world.ctx, CLERK, as_of=as_of,
                                    period=_2026).escalations)


def test_daoli_2017_7_3_the_reminder_on_the_day_after_a_half_years_last_day_counts_in_it() -> None:
    """daoli-2017 art.7(3) 超过办结时限的次日 / art.27 半年考核: a deadline of Tuesday 2026-06-30
    is chased on 07-01: the reminder is the first half-year's, not the second's."""
    world = LadderWorld("daoli-2017")
    matter = world.dispatch("2026-06-24 10:00", category="general",
                            deadline=DeadlineTerms.stated(due_day=day("2026-06-30"))).id
    world.sweep("2026-07-01 09:00")
    [reminder] = world.issued(EscalationAction.REMINDER, matter)
    assert at("2026-07-01 00:00") == reminder.due_at
    first = world.scorecards(ScorePeriod.of_half(2026, 1), "2026-07-01 18:00")["unit-a"]
    second = world.scorecards(ScorePeriod.of_half(2026, 2), "2026-07-01 18:00")["unit-a"]
    assert (1, 0) == (first.reminders, second.reminders)


def test_a_warning_before_the_deadline_counts_when_it_fell_due() -> None:
    """An escalation that chases no missed deadline (nothing recorded, or a deadline still
    ahead of it) counts at the instant it fell due, as before."""
    def made(occasion: str, due: str, deadline: str | None) -> Escalation:
        return Escalation(
            key=f"m1:{occasion}:{due}", policy="tongren-2014", office_id="office",
            matter_id="m1", unit_id="unit-a", kind=EscalationKind.RUNG,
            action=EscalationAction.REMINDER, step=1, trigger=None, occasion=occasion,
            citation=Citation("tongren-2014", "art.11(1)", "被催办一次"), due_at=at(due),
            issued_at=at(due), provisional=False,
            details=(() if deadline is None else (("deadline", deadline),)))

    warning = made("r1.completion", "2025-12-29 09:00", None)
    chaser = made("r1.completion", "2026-01-04 09:00", "2025-12-31")
    missed = missed_deadlines([warning, chaser])
    assert {("m1", "r1.completion"): day("2025-12-31")} == missed
    assert (True, False) == (escalation_counts_in(warning, _2025, missed),
                             escalation_counts_in(warning, _2026, missed))
    late = made("r1.completion", "2026-01-05 09:00", None)
    assert (True, False) == (escalation_counts_in(late, _2025, missed),
                             escalation_counts_in(late, _2026, missed))
    assert escalation_counts_in(late, None, missed)


def test_tongren_2014_11_2_points_of_a_march_miss_count_in_its_quarter_and_month() -> None:
    """tongren-2014 art.11(2) with rules.md §2, for a quarter and a month: a deadline of
    Tuesday 2026-03-31, reminded on 04-01 (督查通报) and 04-08 (效能通报), the 追究责任 proposal
    accepted on 04-21. The three measures and their 6 points are all Q1's and March's —
    before, the points of the two bulletins and of the accepted proposal (which record no
    deadline themselves) counted in Q2 and April, where no measure was."""
    world = LadderWorld("tongren-2014")
    world.dispatch("2026-03-24 10:00", category="urgent",
                   deadline=DeadlineTerms.stated(due_day=day("2026-03-31")))
    world.sweep("2026-04-01 09:00")
    world.sweep("2026-04-08 09:00")
    [proposal] = world.sweep("2026-04-14 09:00").proposals
    world.when("2026-04-21 10:00")
    decisions.decide_proposal(world.uow(), world.ctx, LEADER, proposal.key, accept=True,
                              opinion="党工委、管委会同意追责")
    wanted = {"2026": (2, 2, 1, Decimal(-6)), "2026-Q1": (2, 2, 1, Decimal(-6)),
              "2026-03": (2, 2, 1, Decimal(-6)), "2026-Q2": (0, 0, 0, Decimal(0)),
              "2026-04": (0, 0, 0, Decimal(0))}
    for key, figures in wanted.items():
        card = world.scorecards(ScorePeriod.parse(key), "2026-06-30 18:00")["unit-a"]
        assert figures == (card.reminders, card.bulletins, card.proposals_accepted,
                           card.points), key
        stats = reporting.office_statistics(world.uow(), world.ctx, CLERK,
                                            as_of=at("2026-06-30 18:00"),
                                            period=ScorePeriod.parse(key))
        assert figures[3] == stats.total.points, key
