"""The sweep and the engine: exactly once, batches, events, recomputed deadlines, previews,
and deductions never resting on a provisional deadline."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from builders import CLERK, LEADER
from escalation_world import CHINA, LadderWorld, at, day
from hypothesis import given, settings
from hypothesis import strategies as st

from supervision.adapters.memory import InMemoryUnitOfWork
from supervision.calendar import YearSchedule
from supervision.domain import DeadlineTerms, EventKind, Instruction, Source, SourceKind
from supervision.domain.escalation import MatterRecord, escalations_due, evaluate
from supervision.domain.policy import (
    EscalationAction,
)
from supervision.exceptions import InvalidInput, PermissionDenied
from supervision.periods import Period
from supervision.service_layer import decisions, services
from supervision.service_layer import sweep as sweeping


def _overdue_daoli(world: LadderWorld) -> str:
    return world.dispatch("2026-09-25 10:00", category="general").id


def test_sweeping_twice_records_each_escalation_and_event_once() -> None:
    """A second sweep at the same or a later time records nothing again."""
    world = LadderWorld("daoli-2017")
    matter = _overdue_daoli(world)
    first = world.sweep("2026-10-08 09:00")
    again = world.sweep("2026-10-08 09:00")
    later = world.sweep("2026-10-08 17:00")
    assert (1, 0, 0) == (len(first.escalations), len(again.escalations), len(later.escalations))
    assert 1 == world.event_kinds(matter).count(EventKind.ESCALATED)


def test_two_workers_sweeping_at_once_record_each_escalation_once() -> None:
    """Two sweeps whose transactions overlap: one commits, the other re-reads and finds
    everything recorded."""
    world = LadderWorld("tongren-2014")
    world.dispatch("2026-09-28 10:00", category="urgent")
    world.when("2026-10-09 09:00")
    first = InMemoryUnitOfWork(world.store)
    second = InMemoryUnitOfWork(world.store)
    original_commit = second.commit
    commits = []

    def commit_after_the_other_worker() -> None:
        commits.append(second.staged.empty)
        if len(commits) == 2:  # the page's (the first settles the quiet matters no longer open)
            sweeping.sweep(first, world.ctx)
        original_commit()

    second.commit = commit_after_the_other_worker  # type: ignore[method-assign]
    summary = sweeping.sweep(second, world.ctx)
    assert 1 == summary.retries
    assert [] == list(summary.escalations)
    assert 2 == len(world.escalations())
    assert not commits[1]  # the page had staged its escalations when the other committed


def test_evaluating_with_the_result_yields_nothing_new() -> None:
    """The pure engine: evaluating again with what it returned as issued yields nothing."""
    world = LadderWorld("tongren-2014")
    matter = world.dispatch("2026-09-28 10:00", category="urgent")
    now = at("2026-10-14 09:00")
    record = MatterRecord(world.stored(matter))
    first = evaluate(record, world.policy, CHINA, now)
    second = evaluate(MatterRecord(record.matter, (), first.escalations), world.policy,
                      CHINA, now)
    assert (2, ()) == (len(first.escalations), second.escalations)
    assert len({e.key for e in first.escalations}) == len(first.escalations)


def test_the_sweep_pages_through_open_matters_in_batches() -> None:
    """With a batch of 2, five overdue matters are all evaluated, three pages."""
    world = LadderWorld("daoli-2017")
    for hour in range(10, 15):
        world.dispatch(f"2026-09-25 {hour}:00", category="general")
    world.when("2026-10-08 09:00")
    summary = sweeping.sweep(world.uow(), world.ctx, batch_size=2)
    assert (5, 5) == (summary.matters_evaluated, len(summary.escalations))
    assert 3 <= summary.batches
    with pytest.raises(InvalidInput):
        sweeping.sweep(world.uow(), world.ctx, batch_size=0)


def test_completed_matters_are_not_swept() -> None:
    """A matter completed late is no longer chased (its miss still counts in streaks)."""
    world = LadderWorld("daoli-2017")
    matter = _overdue_daoli(world)
    world.complete(matter, "2026-10-08 08:00")
    assert [] == list(world.sweep("2026-10-09 09:00").escalations)


def test_a_suspended_matter_is_not_chased() -> None:
    """While suspended (中止) the clock stops: no reminder."""
    world = LadderWorld("daoli-2017")
    matter = _overdue_daoli(world)
    world.when("2026-09-29 10:00")
    services.suspend(world.uow(), world.ctx, CLERK, matter, reason="等待上级批复")
    world.sweep("2026-10-08 09:00")
    assert [] == world.issued(EscalationAction.REMINDER, matter)


def test_recompute_deadlines_firms_a_provisional_deadline_and_records_the_move() -> None:
    """A deadline counted into 2027 before its schedule was published is provisional (the
    office counts unknown years provisionally); once the office supplies the schedule (a
    hypothetical one making 2027-01-04 a holiday) recompute moves it to 01-05, records
    DEADLINE_RECOMPUTED, and keeps the escalations already issued (the warning the sweep of
    2027-01-01 sent while the year was counted provisionally)."""
    world = LadderWorld("daoli-2017")
    world.choose_calendar(provisional=True)
    matter = world.dispatch("2026-12-20 10:00", category="complex")
    due = world.stored(matter).due
    assert due is not None
    assert (day("2027-01-04"), True) == (due.last_day, due.provisional)
    warned = world.sweep("2027-01-01 09:00").escalations
    assert [EscalationAction.PRE_DEADLINE_WARNING] == [e.action for e in warned]
    world.when("2027-01-01 10:00")
    world.choose_calendar(provisional=True, schedules=(YearSchedule.build(
        2027, {day("2027-01-01"): "元旦", day("2027-01-04"): "元旦（假设）"}),))
    summary = sweeping.recompute_deadlines(world.uow(), world.ctx)
    [move] = summary.moved
    assert (day("2027-01-04"), day("2027-01-05"), True, False) == (
        move.previous_day, move.new_day, move.provisional_before, move.provisional_after)
    assert EventKind.DEADLINE_RECOMPUTED is world.event_kinds(matter)[-1]
    assert warned == tuple(world.escalations(matter))
    again = sweeping.recompute_deadlines(world.uow(), world.ctx)
    assert () == again.moved


def _document(world: LadderWorld) -> str:
    """A lianyungang-2019 matter from a document issued and dispatched Monday 2026-09-28
    with no stated deadline: §7.2 a progress report within 1 month, 10-28."""
    source = Source.of(SourceKind.DOCUMENT, "连政发〔2026〕30号", issued_on=day("2026-09-28"))
    instructed = Instruction.of("市长", day("2026-09-28"))  # §5.1: only instructed matters
    return world.dispatch("2026-09-28 10:00", source=source, instruction=instructed).id


def test_recompute_deadlines_keeps_the_parameters_a_matter_was_registered_under() -> None:
    """The office switches lianyungang-2019 to precedence="feedback_rule" (§5.5's 7 working
    days for every matter) from 09-29: recompute leaves the matters registered on 09-28
    under their recorded parameters (the document's §7.2 1 month, 10-28; the instruction's
    §5.5 10-13); a document matter registered on 09-29 lives under the new parameters
    (§5.5, 10-14)."""
    world = LadderWorld("lianyungang-2019")
    document = _document(world)
    instruction = world.dispatch("2026-09-28 10:00").id
    world.change_policy("lianyungang-2019", "2026-09-29", when="2026-09-28 18:00",
                        precedence="feedback_rule")
    world.when("2026-09-29 10:00")
    summary = sweeping.recompute_deadlines(world.uow(), world.ctx)
    assert () == summary.moved
    assert (day("2026-10-28"), day("2026-10-13")) == (
        world.stored(document).due.last_day,  # type: ignore[union-attr]
        world.stored(instruction).due.last_day)  # type: ignore[union-attr]
    source = Source.of(SourceKind.DOCUMENT, "连政发〔2026〕31号", issued_on=day("2026-09-29"))
    later = world.dispatch("2026-09-29 10:00", source=source)
    assert day("2026-10-14") == later.due.last_day  # type: ignore[union-attr]


def test_recompute_deadlines_follows_a_changed_parameter_once_the_matter_moves() -> None:
    """A category default re-derives from the parameters the matter lives under: migrated
    to the office's new precedence="feedback_rule", the 09-28 document matter's §7.2 month
    (10-28) becomes §5.5's 7 working days (10-13); a stated 20 days (10-18, a Sunday, so
    10-19) never moves."""
    world = LadderWorld("lianyungang-2019")
    document = _document(world)
    stated = world.dispatch("2026-09-28 10:00", source=Source.of(
        SourceKind.DOCUMENT, "连政发〔2026〕32号", issued_on=day("2026-09-28")),
        deadline=DeadlineTerms.stated(Period.days(20))).id
    world.change_policy("lianyungang-2019", "2026-09-29", when="2026-09-28 18:00",
                        precedence="feedback_rule")
    world.when("2026-09-29 10:00")
    world.app.migrate_matters(LEADER, [document, stated], reason="按新制度办理")
    sweeping.recompute_deadlines(world.uow(), world.ctx)
    assert (day("2026-10-13"), day("2026-10-19")) == (
        world.stored(document).due.last_day,  # type: ignore[union-attr]
        world.stored(stated).due.last_day)  # type: ignore[union-attr]


def test_no_deduction_rests_on_a_provisional_deadline() -> None:
    """chizhou-2021 §8.2 misses in January 2027 counted on the office's provisional calendar:
    the deduction is escalated but not scored until the deadline is firm."""
    world = LadderWorld("chizhou-2021")
    world.choose_calendar(provisional=True)
    world.dispatch("2026-12-28 10:00", category="short")
    world.dispatch("2026-12-29 10:00", category="short")
    world.sweep("2027-01-06 09:00")
    [deduction] = world.issued(EscalationAction.POINT_DEDUCTION)
    assert (True, Decimal(0)) == (deduction.provisional, world.points())
    world.when("2027-01-06 10:00")
    world.choose_calendar(provisional=True, schedules=(
        YearSchedule.build(2027, {day("2027-01-01"): "元旦"}),))
    sweeping.recompute_deadlines(world.uow(), world.ctx)
    world.sweep("2027-01-06 11:00")
    assert Decimal(-1) == world.points()


def test_preview_says_what_happens_next_and_when() -> None:
    """daoli-2017 art.7(3) if nothing changes: warning 09-29, reminder 10-08 (over National
    Day), then interview notice and district bulletin at 24:00 of 10-08."""
    world = LadderWorld("daoli-2017")
    matter = _overdue_daoli(world)
    preview = world.preview(matter, "2026-09-28 09:00")
    assert [
        ("到期提醒", at("2026-09-29 00:00")),
        ("催办", at("2026-10-08 00:00")),
        ("约谈通知", at("2026-10-09 00:00")),
        ("全区通报", at("2026-10-09 00:00")),
    ] == [(e.label, e.due_at) for e in preview.steps]
    assert preview.next is not None
    assert at("2026-10-01 00:00") == preview.due_at
    assert [] == world.escalations(matter)


def test_proposals_are_decided_only_by_a_leader_and_once() -> None:
    """A clerk cannot decide a proposal; a leader decides it once."""
    world = LadderWorld("chizhou-2021")
    for when in ("2026-09-25 10:00", "2026-10-12 10:00", "2026-10-14 10:00"):
        world.dispatch(when, category="general")
    [proposal] = world.sweep("2026-10-22 09:00").proposals
    with pytest.raises(PermissionDenied):
        decisions.decide_proposal(world.uow(), world.ctx, CLERK, proposal.key, accept=True)
    decisions.decide_proposal(
        world.uow(), world.ctx, LEADER, proposal.key, accept=True, opinion="予以问责",
    )
    assert EventKind.PROPOSAL_DECIDED is world.event_kinds(proposal.matter_id)[-1]
    with pytest.raises(Exception, match="already decided"):
        decisions.decide_proposal(world.uow(), world.ctx, LEADER, proposal.key, accept=False)
    assert dt.timedelta(0) <= world.clock.now() - proposal.issued_at


def test_a_late_report_before_the_sweep_is_not_chased() -> None:
    """Reported after the deadline but before the reminder went out: no reminder (a
    reminder chases what is still owed)."""
    world = LadderWorld("daoli-2017")
    matter = _overdue_daoli(world)
    world.progress(matter, "2026-10-05 10:00")
    world.sweep("2026-10-08 09:00")
    assert [] == world.issued(EscalationAction.REMINDER, matter)


def test_a_matter_completed_late_between_sweeps_is_still_sanctioned() -> None:
    """chizhou-2021 §8.1: finished late (10-05) and completed before the next sweep, the
    miss is still bulletined: the sweep looks back at matters closed in the last week."""
    world = LadderWorld("chizhou-2021")
    late = world.dispatch("2026-09-25 10:00", category="general")
    world.complete(late, "2026-10-05 10:00")
    world.sweep("2026-10-08 09:00")
    [bulletin] = world.issued(EscalationAction.BULLETIN, late)
    assert at("2026-10-08 00:00") == bulletin.due_at  # the office's first working day


def test_escalations_due_covers_ladders_and_streaks_at_once() -> None:
    """The pure engine over a set of matters: two chizhou-2021 misses give two bulletins
    (§8.1) and one deduction (§8.2), each key once."""
    world = LadderWorld("chizhou-2021")
    ids = [world.dispatch(when, category="general").id
           for when in ("2026-09-25 10:00", "2026-10-12 10:00")]
    records = [MatterRecord(world.stored(i)) for i in ids]
    due = escalations_due(records, world.policy, CHINA, at("2026-10-20 09:00"))
    actions = sorted(e.action.key for e in due if e.action is not None)
    assert ["bulletin", "bulletin", "point_deduction"] == actions
    assert len({e.key for e in due}) == len(due)


@settings(max_examples=25)
@given(
    dispatch_day=st.dates(dt.date(2026, 9, 1), dt.date(2026, 10, 31)),
    gaps=st.lists(st.integers(0, 12), min_size=1, max_size=4),
    policy=st.sampled_from(["chizhou-2021", "daoli-2017", "tongren-2014",
                            "zhoucun-2021", "lianyungang-2019"]),
)
def test_sweeping_repeatedly_never_records_a_key_twice(
    dispatch_day: dt.date, gaps: list[int], policy: str
) -> None:
    """Whatever the days the sweep runs, each escalation is recorded once with one event,
    and a second sweep at the same instant records nothing."""
    world = LadderWorld(policy)
    category = {"chizhou-2021": "general", "daoli-2017": "general",
                "tongren-2014": "urgent"}.get(policy)
    matter = world.dispatch(f"{dispatch_day.isoformat()} 10:00", category=category).id
    when = dt.datetime.combine(dispatch_day, dt.time(9), tzinfo=at("2026-01-01 00:00").tzinfo)
    for gap in gaps:
        when += dt.timedelta(days=gap + 1)
        world.sweep(when.strftime("%Y-%m-%d %H:%M"))
        assert () == world.sweep(when.strftime("%Y-%m-%d %H:%M")).escalations
    keys = [e.key for e in world.escalations()]
    assert len(set(keys)) == len(keys)
    assert len([e for e in world.escalations() if e.matter_id == matter]) == (
        world.event_kinds(matter).count(EventKind.ESCALATED))


def test_a_migrated_matter_gets_the_whole_term_a_fresh_matter_would() -> None:
    """Re-derivation takes the period and the event it counts from together: a document issued
    09-20 and dispatched 09-28 runs §7.2's month from the document (10-20); migrated to
    precedence="feedback_rule" it runs §5.5's 7 working days from dispatch (10-13), as a fresh
    matter with the same inputs does — not 7 working days from the document's issue."""
    world = LadderWorld("lianyungang-2019")
    source = Source.of(SourceKind.DOCUMENT, "连政发〔2026〕40号", issued_on=day("2026-09-20"))
    matter = world.dispatch("2026-09-28 10:00", source=source,
                            instruction=Instruction.of("市长", day("2026-09-28")))
    assert day("2026-10-20") == matter.due.last_day  # type: ignore[union-attr]
    world.change_policy("lianyungang-2019", "2026-09-29", when="2026-09-28 18:00",
                        precedence="feedback_rule")
    world.when("2026-09-29 10:00")
    [migrated] = world.app.migrate_matters(LEADER, [matter.id], reason="按新制度办理")
    fresh = world.dispatch("2026-09-29 10:00", source=source,
                           instruction=Instruction.of("市长", day("2026-09-29")))
    assert (day("2026-10-13"), None) == (
        migrated.due.last_day, migrated.terms.start_at)  # type: ignore[union-attr]
    assert fresh.terms.start_at == migrated.terms.start_at
    assert fresh.terms.period == migrated.terms.period
