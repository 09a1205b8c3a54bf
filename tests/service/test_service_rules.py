"""The rules of registration, deadlines, reports, review, explanations, extensions,
suspension, re-inspection and numbering, through the service layer."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import pytest
from builders import (
    CLERK,
    HEAD_A,
    LEADER,
    LIAISON_A,
    LIAISON_B,
    OFFICE,
    T0,
    World,
    final_content,
    progress_content,
    registration,
)

from supervision.calendar import SHANGHAI, YearSchedule
from supervision.domain import (
    CalendarChoice,
    Confidentiality,
    DeadlineBasis,
    DeadlineTerms,
    Decision,
    EventKind,
    ReasonKind,
    ReportContent,
    ReportKind,
    ReviewOutcome,
    Signoff,
    SignoffCapacity,
    Source,
    SourceKind,
    Status,
)
from supervision.domain.policy import Obligation, PeriodRule, Policy, StartEvent
from supervision.domain.policy import build as pb
from supervision.exceptions import InvalidInput, NaiveDatetime, RuleViolation, UnitNotFound
from supervision.periods import Period
from supervision.service_layer import (
    Context,
    ledger,
    list_matters,
    services,
    timeline,
    update_office,
)

D = dt.date


def _policy(name: str, **parts: Any) -> Policy:
    """A small integrator policy called ``name``: one category 一般事项 (5 days) unless
    ``parts`` say otherwise, the 代字 池开督."""
    cite = pb.citer(name)
    given: dict[str, Any] = {
        "title": "测试区督查督办工作办法",
        "issuer": "测试区人民政府办公室",
        "issued": D(2026, 1, 1),
        "numbering_prefix": "池开督",
        "categories": [pb.category("general", "一般事项", Period.days(5),
                                   cite("§3.1", "一般事项5日内办结"))],
    }
    given.update(parts)
    return pb.policy(name, **given)


def _at(month: int, day: int, hour: int = 10) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, tzinfo=SHANGHAI)


# ===================================================================== registration
def test_gbt_9704_registration_numbers_run_per_prefix_and_year() -> None:
    """Matters are numbered 池开督〔2026〕1号, 2号, …; a new year starts again at 1号."""
    world = World()
    first = world.draft()
    second = world.draft()
    world.clock.set(dt.datetime(2027, 1, 4, 9, tzinfo=SHANGHAI))
    next_year = world.draft()
    assert ["池开督〔2026〕1号", "池开督〔2026〕2号", "池开督〔2027〕1号"] == [
        str(m.number) for m in (first, second, next_year)
    ]


def test_a_withdrawn_matters_number_is_never_reused() -> None:
    """Withdrawing 2号 does not free the number: the next matter is 3号."""
    world = World()
    world.draft()
    second = world.draft()
    services.withdraw(world.uow(), world.ctx, CLERK, second.id, reason="重复立项")
    assert "池开督〔2026〕3号" == str(world.draft().number)


def test_a_failed_registration_leaves_no_number_and_no_record() -> None:
    """A registration refused after numbering rolls the number back with everything else."""
    world = World()
    with pytest.raises(RuleViolation):
        world.draft(responsible=())
    with world.uow() as uow:
        assert ([], [], 0) == (
            uow.matters.list(offices=None),
            uow.events.list(),
            uow.numbers.current(OFFICE, "池开督", 2026),
        )
    assert "池开督〔2026〕1号" == str(world.draft().number)


def test_zhoucun_4_3_every_matter_carries_a_deadline() -> None:
    """Without a stated deadline or a policy default (zhoucun-2021 gives none for a 12345
    hotline matter), registration is refused, citing the matter's own policy."""
    world = World("zhoucun-2021")
    with pytest.raises(RuleViolation) as caught:
        world.draft(deadline=None, source=Source.of(SourceKind.HOTLINE, "12345热线转办"))
    clause = "《周村区政府重大工作部署事项督查管理办法》第四部分第（三）项"
    assert ("deadline_required", "zhoucun-2021 §4.3", clause) == (
        caught.value.rule, caught.value.citation, caught.value.cited)
    assert str(caught.value).endswith(f"[{clause}]")  # the key never reaches the reader


def test_category_default_applies_when_no_deadline_is_stated() -> None:
    """重要事项 with no stated deadline takes the policy's 15 days, marked as a default."""
    matter = World().draft(deadline=None, category="important")
    assert (DeadlineBasis.CATEGORY_DEFAULT, Period.days(15)) == (
        matter.terms.basis, matter.terms.period
    )


def test_a_stated_deadline_always_wins_over_the_category_default() -> None:
    """A deadline in the notice prevails over the category's default (rules.md §1)."""
    stated = DeadlineTerms.stated(Period.days(10))
    matter = World().draft(deadline=stated, category="general")
    assert (DeadlineBasis.STATED, Period.days(10)) == (matter.terms.basis, matter.terms.period)


def test_a_policy_requiring_a_category_refuses_none() -> None:
    """Where the policy says a category must be chosen, none is refused (no silent default)
    unless the deadline is stated (the category only chooses the period: chizhou-2021 §7.2
    凡注明办理期限的事项必须如期办结)."""
    policy = _policy(
        "strict-2026", registration=[pb.require_category(pb.citer("strict-2026")(
            "§2", "立项时须明确事项类别"))],
    )
    with pytest.raises(RuleViolation, match="category") as caught:
        World(policy).draft(category=None, deadline=None)
    assert "category_required" == caught.value.rule
    stated = World(policy).draft(category=None)
    assert stated.terms.basis is DeadlineBasis.STATED


def test_an_unknown_category_is_refused() -> None:
    """A category the policy does not know is refused, naming the choices."""
    with pytest.raises(InvalidInput, match="category"):
        World().draft(category="特别重要")


def test_registration_of_unknown_unit_is_refused() -> None:
    """A lead unit that does not exist is refused and nothing is stored."""
    world = World()
    with pytest.raises(UnitNotFound):
        world.draft(lead_unit_id="unit-zzz")
    with world.uow() as uow:
        assert [] == uow.matters.list(offices=None)


def test_sub_matters_are_listed_under_their_parent() -> None:
    """分解立项: sub-matters registered with parent_id are listed under the parent."""
    world = World()
    parent = world.draft(co_unit_ids=("unit-b",))
    child_a = world.draft(parent_id=parent.id)
    child_b = world.draft(parent_id=parent.id, lead_unit_id="unit-b",
                          responsible=registration().responsible)
    children = list_matters(world.uow(), world.ctx, CLERK, parent_id=parent.id)
    assert [child_a.id, child_b.id] == [m.id for m in children]


def test_clock_returning_naive_time_is_refused() -> None:
    """A clock that returns a naive datetime is refused before anything is written."""

    class NaiveClock:
        def now(self) -> dt.datetime:
            return dt.datetime(2026, 3, 2, 9)

    world = World()
    naive = Context(NaiveClock(), world.ctx.calendar, world.ctx.policies)
    with pytest.raises(NaiveDatetime):
        services.register(world.uow(), naive, CLERK, registration())
    with world.uow() as uow:
        assert [] == uow.matters.list(offices=None)


# ========================================================================= approval
def test_chizhou_6_1_approval_required_before_dispatch() -> None:
    """Where the policy requires approval, a draft cannot be dispatched; once approved it can."""
    policy = _policy("approve-2026", approval=pb.approval(
        "分管领导", pb.citer("approve-2026")("§4", "经分管领导审定后交办")))
    world = World(policy)
    matter = world.draft()
    with pytest.raises(RuleViolation) as caught:
        services.dispatch(world.uow(), world.ctx, CLERK, matter.id)
    assert "approval_required" == caught.value.rule
    services.approve(world.uow(), world.ctx, LEADER, matter.id)
    done = services.dispatch(world.uow(), world.ctx, CLERK, matter.id)
    assert Status.DISPATCHED is done.status


# =================================================================== acknowledgement
def test_acknowledgement_never_moves_the_clock_or_the_status() -> None:
    """签收 is recorded per unit, but the due date and the status stay (rules.md §1)."""
    world = World()
    matter = world.dispatched(co_unit_ids=("unit-b",))
    world.clock.advance(days=2)
    acked = services.acknowledge(world.uow(), world.ctx, LIAISON_B, matter.id)
    assert (matter.due, Status.DISPATCHED) == (acked.due, acked.status)
    b = acked.assignment("unit-b")
    a = acked.assignment("unit-a")
    assert b is not None
    assert a is not None
    assert (world.clock.now(), None) == (b.acknowledged_at, a.acknowledged_at)


def test_a_unit_acknowledges_only_once() -> None:
    """A second 签收 by the same unit is refused."""
    world = World()
    matter = world.dispatched()
    services.acknowledge(world.uow(), world.ctx, LIAISON_A, matter.id)
    with pytest.raises(RuleViolation, match="already"):
        services.acknowledge(world.uow(), world.ctx, HEAD_A, matter.id)


# =========================================================================== reports
def test_daoli_8_4_co_units_contribute_and_the_lead_alone_submits() -> None:
    """协办 input is kept beside the lead unit's consolidated final report."""
    world = World()
    matter = world.dispatched(co_unit_ids=("unit-b",))
    services.contribute(world.uow(), world.ctx, LIAISON_B, matter.id, progress_content())
    done = services.submit_final_report(
        world.uow(), world.ctx, LIAISON_A, matter.id, final_content(), signoff=world.signoff(),
    )
    kinds = [(r.kind, r.unit_id) for r in done.reports]
    assert [(ReportKind.CONTRIBUTION, "unit-b"), (ReportKind.FINAL, "unit-a")] == kinds


def test_chizhou_6_3_final_report_needs_the_unit_heads_signoff() -> None:
    """Without the main head's sign-off (核签) the final report is refused."""
    world = World()
    matter = world.dispatched()
    for signoff in (None, Signoff("lic-a", SignoffCapacity.LEADER_IN_CHARGE, T0),
                    Signoff("liaison-a", SignoffCapacity.UNIT_HEAD, T0)):
        with pytest.raises(RuleViolation) as caught:
            services.submit_final_report(
                world.uow(), world.ctx, LIAISON_A, matter.id, final_content(), signoff=signoff,
            )
        assert "signoff_required" == caught.value.rule
    assert Status.DISPATCHED is world.stored(matter.id).status


def test_zhoucun_4_4_leader_in_charge_signs_where_the_policy_says() -> None:
    """Where the policy names the leader in charge (阅签), he signs, not the main head."""
    policy = _policy("zc-2026", numbering_prefix="周督", signoff=pb.signoff_by_leader_in_charge(
        pb.citer("zc-2026")("§4.4", "报分管领导阅签")))
    world = World(policy)
    matter = world.dispatched()
    with pytest.raises(RuleViolation):
        services.submit_final_report(
            world.uow(), world.ctx, LIAISON_A, matter.id, final_content(),
            signoff=Signoff("head-a", SignoffCapacity.UNIT_HEAD, T0),
        )
    done = services.submit_final_report(
        world.uow(), world.ctx, LIAISON_A, matter.id, final_content(),
        signoff=Signoff("lic-a", SignoffCapacity.LEADER_IN_CHARGE, T0),
    )
    assert Status.REPORTED is done.status


def test_daoli_8_4_1_final_report_needs_all_five_parts() -> None:
    """A final report missing a part of art.8(4):1 is refused."""
    world = World("daoli-2017")
    matter = world.dispatched()
    with pytest.raises(RuleViolation) as caught:
        services.submit_final_report(
            world.uow(), world.ctx, LIAISON_A, matter.id, ReportContent.progress("只有情况"),
            signoff=world.signoff(),
        )
    assert "daoli-2017 art.8(4):1" == caught.value.citation


# ============================================================================ review
def test_daoli_10_return_for_redo_keeps_every_round() -> None:
    """Returned reports and opinions stay in numbered rounds; the next report opens round 2."""
    world = World()
    matter = world.reported()
    services.review(
        world.uow(), world.ctx, CLERK, matter.id, ReviewOutcome.RETURNED, opinion="措施不具体",
        redo_due_day=D(2026, 3, 10),
    )
    again = services.submit_final_report(
        world.uow(), world.ctx, HEAD_A, matter.id, final_content(), signoff=world.signoff(),
    )
    done = services.review(world.uow(), world.ctx, CLERK, again.id, ReviewOutcome.ACCEPTED)
    first, second = done.rounds
    assert (1, ReviewOutcome.RETURNED, "措施不具体", "liaison-a", D(2026, 3, 10)) == (
        first.number, first.outcome, first.opinion, first.report.submitted_by, first.redo_due_day
    )
    assert (2, ReviewOutcome.ACCEPTED, "head-a") == (
        second.number, second.outcome, second.report.submitted_by
    )
    assert Status.ACCEPTED is done.status


def test_daoli_10_a_return_needs_an_opinion() -> None:
    """退回 without saying what is wrong is refused and writes nothing."""
    world = World()
    matter = world.reported()
    with pytest.raises(InvalidInput, match="opinion"):
        services.review(world.uow(), world.ctx, CLERK, matter.id, ReviewOutcome.RETURNED)
    assert Status.REPORTED is world.stored(matter.id).status


def test_daoli_10_supplement_is_added_to_the_round() -> None:
    """补充说明: the request and the supplement stay in the same review round."""
    world = World()
    matter = world.reported()
    services.review(
        world.uow(), world.ctx, CLERK, matter.id, ReviewOutcome.SUPPLEMENT_REQUESTED,
        opinion="请补充资金情况",
    )
    done = services.supply_supplement(
        world.uow(), world.ctx, LIAISON_A, matter.id, progress_content(),
    )
    (only,) = done.rounds
    assert (Status.REPORTED, ("请补充资金情况",), 1) == (
        done.status, only.supplement_requests, len(only.supplements)
    )


# ======================================================================= explanations
def test_chizhou_7_2_explanation_never_moves_the_deadline() -> None:
    """情况说明 is recorded with its reason kind; the due date stays where it was."""
    world = World()
    matter = world.dispatched()
    explained = services.explain(
        world.uow(), world.ctx, LIAISON_A, matter.id, ReasonKind.OBJECTIVE, "汛期无法施工",
        next_steps="汛后复工",
    )
    decided = services.decide_explanation(
        world.uow(), world.ctx, CLERK, matter.id, 1, accept=True, opinion="属实",
    )
    assert matter.due == explained.due == decided.due
    (item,) = decided.explanations
    assert (ReasonKind.OBJECTIVE, Decision.ACCEPTED, "clerk-1") == (
        item.reason_kind, item.decision, item.decided_by
    )


def test_an_explanation_is_decided_once() -> None:
    """A second decision on the same explanation is refused."""
    world = World()
    matter = world.dispatched()
    services.explain(world.uow(), world.ctx, LIAISON_A, matter.id, ReasonKind.SUBJECTIVE, "忘了")
    services.decide_explanation(world.uow(), world.ctx, CLERK, matter.id, 1, accept=False)
    with pytest.raises(RuleViolation, match="already"):
        services.decide_explanation(world.uow(), world.ctx, CLERK, matter.id, 1, accept=True)


# ========================================================================= extensions
def test_extension_granted_before_the_due_date_moves_it_and_keeps_history() -> None:
    """A granted extension moves the due day; the request and decision stay on record."""
    world = World()
    matter = world.dispatched()
    assert matter.due is not None
    assert D(2026, 3, 17) == matter.due.last_day
    world.clock.set(_at(3, 10))
    services.request_extension(
        world.uow(), world.ctx, LIAISON_A, matter.id, D(2026, 3, 31), "征地拆迁未完成",
    )
    done = services.decide_extension(
        world.uow(), world.ctx, LEADER, matter.id, 1, grant=True, opinion="同意",
    )
    assert done.due is not None
    assert (D(2026, 3, 31), D(2026, 3, 17)) == (done.due.last_day, done.due.base_last_day)
    (item,) = done.extensions
    assert (Decision.ACCEPTED, D(2026, 3, 31), "leader-1") == (
        item.decision, item.granted_day, item.decided_by
    )


def test_refused_extension_leaves_the_due_date() -> None:
    """A refused extension is recorded and the due date stays."""
    world = World()
    matter = world.dispatched()
    services.request_extension(world.uow(), world.ctx, LIAISON_A, matter.id, D(2026, 3, 31), "理由")
    done = services.decide_extension(
        world.uow(), world.ctx, LEADER, matter.id, 1, grant=False, opinion="不同意",
    )
    assert (matter.due, Decision.REJECTED) == (done.due, done.extensions[0].decision)


def test_extension_must_be_requested_before_the_due_date() -> None:
    """At or after the due instant an extension request is refused."""
    world = World()
    matter = world.dispatched()
    world.clock.set(dt.datetime(2026, 3, 18, 0, 0, tzinfo=SHANGHAI))
    with pytest.raises(RuleViolation) as caught:
        services.request_extension(
            world.uow(), world.ctx, LIAISON_A, matter.id, D(2026, 3, 31), "晚了",
        )
    assert "extension_too_late" == caught.value.rule


def test_extensions_only_where_the_policy_enables_them() -> None:
    """A policy without extensions refuses a request and points to 情况说明."""
    policy = _policy("no-ext-2026")
    world = World(policy)
    matter = world.dispatched()
    with pytest.raises(RuleViolation, match="情况说明") as caught:
        services.request_extension(
            world.uow(), world.ctx, LIAISON_A, matter.id, D(2026, 3, 31), "理由",
        )
    assert "extensions_disabled" == caught.value.rule


# ========================================================================= suspension
def test_resume_moves_the_due_date_by_the_working_days_paused() -> None:
    """Suspended 30 April, resumed 8 May 2026: 6, 7, 8 May count (劳动节 does not), so the
    due day moves three working days, from 15 May to 20 May."""
    world = World()
    world.clock.set(_at(4, 30, 9))
    matter = world.dispatched()
    assert matter.due is not None
    assert D(2026, 5, 15) == matter.due.last_day
    world.clock.set(_at(4, 30, 10))
    services.suspend(world.uow(), world.ctx, CLERK, matter.id, reason="上级要求暂缓")
    world.clock.set(_at(5, 8, 10))
    done = services.resume(world.uow(), world.ctx, CLERK, matter.id)
    assert done.due is not None
    assert (D(2026, 5, 20), 3) == (done.due.last_day, done.suspensions[0].working_days_paused)
    assert Status.IN_PROGRESS is done.status


# ====================================================================== re-inspection
def test_lianyungang_7_3_reopening_keeps_the_closing_record() -> None:
    """回头看 reopens a closed matter for round 2 with a new deadline; the 销号 stays."""
    world = World()
    matter = world.closed()
    world.clock.set(_at(6, 1))
    reopened = services.reinspect(
        world.uow(), world.ctx, CLERK, matter.id,
        deadline=DeadlineTerms.stated(Period.working_days(5)), reason="群众反映问题反弹",
    )
    assert reopened.due is not None
    assert (Status.IN_PROGRESS, 2, 1, D(2026, 6, 8)) == (
        reopened.status, reopened.round, len(reopened.closings), reopened.due.last_day
    )
    services.submit_final_report(
        world.uow(), world.ctx, LIAISON_A, matter.id, final_content(), signoff=world.signoff(),
    )
    services.confirm_signoff(world.uow(), world.ctx, HEAD_A, matter.id)
    services.review(world.uow(), world.ctx, CLERK, matter.id, ReviewOutcome.ACCEPTED)
    services.complete(world.uow(), world.ctx, CLERK, matter.id)
    again = services.close(world.uow(), world.ctx, CLERK, matter.id)
    assert [1, 2] == [c.round for c in again.closings]


def test_lianyungang_7_3_linked_reinspection_leaves_the_original_closed() -> None:
    """再督查 as a linked matter: a new number, linked back; the original stays 已销号."""
    world = World()
    matter = world.closed()
    linked = services.reinspect(
        world.uow(), world.ctx, CLERK, matter.id, deadline=DeadlineTerms.stated(Period.days(10)),
        reason="落实不力", linked=True,
    )
    assert (matter.id, "池开督〔2026〕2号", Status.DRAFT) == (
        linked.reinspection_of, str(linked.number), linked.status
    )
    assert Status.CLOSED is world.stored(matter.id).status
    found = list_matters(world.uow(), world.ctx, CLERK, reinspection_of=matter.id)
    assert [linked.id] == [m.id for m in found]


# ============================================================= withdrawal and ending
def test_withdrawal_needs_a_reason_and_writes_nothing_without_one() -> None:
    """撤销 with an empty reason is refused; with one, the matter is 已撤销 and final."""
    world = World()
    matter = world.draft()
    with pytest.raises(InvalidInput, match="reason"):
        services.withdraw(world.uow(), world.ctx, CLERK, matter.id, reason=" ")
    assert 1 == len(world.events(matter.id))
    done = services.withdraw(world.uow(), world.ctx, CLERK, matter.id, reason="重复立项")
    assert (Status.WITHDRAWN, "重复立项") == (done.status, done.ended_reason)


def test_termination_records_its_reason() -> None:
    """终止 by the leader keeps the reason."""
    world = World()
    matter = world.dispatched()
    services.report_progress(world.uow(), world.ctx, LIAISON_A, matter.id, progress_content())
    done = services.terminate(world.uow(), world.ctx, LEADER, matter.id, reason="政策调整")
    assert (Status.TERMINATED, "政策调整") == (done.status, done.ended_reason)


# ============================================================ events and the ledger
def test_every_change_appends_one_event_with_the_status_around_it() -> None:
    """Versions run 1..n; each event's status_before is the previous status_after."""
    world = World()
    matter = world.closed(co_unit_ids=("unit-b",))
    events = timeline(world.uow(), world.ctx, CLERK, matter.id)
    assert list(range(1, len(events) + 1)) == [e.version for e in events]
    assert world.stored(matter.id).version == events[-1].version
    for before, after in itertools.pairwise(events):
        assert before.status_after is after.status_before
    assert events[0].status_before is None
    assert all(e.occurred_at.tzinfo is not None for e in events)
    assert all(e.event_id == f"{matter.id}#{e.version}" for e in events)


def test_ledger_shows_the_status_as_of_a_time() -> None:
    """The ledger at a past instant shows the status and due day then, and flags overdue."""
    world = World()
    matter = world.draft()
    world.clock.advance(hours=1)
    services.dispatch(world.uow(), world.ctx, CLERK, matter.id)
    (early,) = ledger(world.uow(), world.ctx, CLERK, T0 + dt.timedelta(minutes=30))
    assert (Status.DRAFT, None, False) == (early.status, early.due_day, early.overdue)
    (late,) = ledger(world.uow(), world.ctx, CLERK, _at(3, 18, 0))
    assert (Status.DISPATCHED, D(2026, 3, 17), True) == (late.status, late.due_day, late.overdue)
    assert ("经济发展局", "转办", "已交办") == (
        late.lead_unit, late.handling_mode, late.status_label
    )
    assert [] == ledger(world.uow(), world.ctx, CLERK, T0 - dt.timedelta(seconds=1))


def test_ledger_reports_which_units_have_not_acknowledged() -> None:
    """签收 is reported on: the ledger names the units that had not acknowledged by then."""
    world = World()
    matter = world.dispatched(co_unit_ids=("unit-b",))
    world.clock.advance(hours=2)
    services.acknowledge(world.uow(), world.ctx, LIAISON_B, matter.id)
    (before,) = ledger(world.uow(), world.ctx, CLERK, T0 + dt.timedelta(hours=1))
    (after,) = ledger(world.uow(), world.ctx, CLERK, world.clock.now())
    assert ("经济发展局", "马衙街道") == before.unacknowledged_units
    assert (("经济发展局",), False) == (after.unacknowledged_units, after.acknowledged)


def test_recompute_moves_a_provisional_deadline_once_the_year_is_published() -> None:
    """Counted provisionally, 14 days from 18 Dec 2026 end on 元旦, Fri 1 Jan 2027, and roll to
    Mon 4 Jan (provisional); once the office supplies 2027's holidays the same day is firm, and
    an event records the change."""
    world = World()
    update_office(world.uow(), world.ctx, LEADER, calendar=CalendarChoice.of(provisional=True))
    world.clock.set(dt.datetime(2026, 12, 18, 9, tzinfo=SHANGHAI))
    matter = world.dispatched(deadline=DeadlineTerms.stated(Period.days(14)))
    assert matter.due is not None
    assert (D(2027, 1, 4), True) == (matter.due.last_day, matter.due.provisional)
    notice = YearSchedule.build(2027, [D(2027, 1, 1), D(2027, 1, 2), D(2027, 1, 3)])
    update_office(world.uow(), world.ctx, LEADER,
                  calendar=CalendarChoice.of(schedules=(notice,), provisional=True))
    done = services.recompute_deadline(world.uow(), world.ctx, CLERK, matter.id)
    assert done.due is not None
    assert (D(2027, 1, 4), False) == (done.due.last_day, done.due.provisional)
    assert EventKind.DEADLINE_RECOMPUTED is world.events(matter.id)[-1].kind
    unchanged = services.recompute_deadline(world.uow(), world.ctx, CLERK, matter.id)
    assert unchanged.version == done.version


def _minutes_policy() -> Policy:
    """A policy whose meeting matters count 10 days from the minutes' issue (as
    lianyungang-2019 §7.2 does), through a period rule that names its start event."""
    cite = pb.citer("minutes-2026")
    rule = PeriodRule(
        "meeting_default", "general", None, ("meeting_decision",), Period.days(10),
        StartEvent.MINUTES_ISSUE, Obligation.COMPLETE_AND_REPORT,
        cite("§7.2", "会议纪要下发10日内报送办理情况"),
    )
    return _policy("minutes-2026", numbering_prefix="连督", categories=[], periods=[rule],
                   validity_citation=cite("§9", "本办法自印发之日起施行"))


def test_lianyungang_7_2_default_period_runs_from_the_minutes_issue() -> None:
    """10 days from minutes issued Wed 4 March 2026 end Sat 14 March, rolled to Mon 16 March,
    although the matter is dispatched a day later."""
    world = World(_minutes_policy())
    world.clock.set(_at(3, 5))
    matter = world.dispatched(
        deadline=None, source=Source.meeting(D(2026, 3, 2), D(2026, 3, 4), "主任办公会议")
    )
    assert matter.due is not None
    assert D(2026, 3, 16) == matter.due.last_day


def test_a_default_counted_from_the_minutes_needs_their_date() -> None:
    """Without the minutes' date the default cannot be counted: registration says so."""
    world = World(_minutes_policy())
    with pytest.raises(RuleViolation) as caught:
        world.draft(deadline=None, source=Source.meeting(D(2026, 3, 2)))
    assert "start_date_required" == caught.value.rule


def test_linked_reinspection_of_a_secret_matter_stays_by_reference() -> None:
    """A linked re-inspection of a secret matter copies no content and keeps the access list."""
    world = World()
    secret = Confidentiality.secret("密件〔2026〕3号", ["clerk-1", "liaison-a", "head-a"])
    matter = world.closed(title="", requirements="", confidentiality=secret)
    linked = services.reinspect(
        world.uow(), world.ctx, CLERK, matter.id, deadline=DeadlineTerms.stated(Period.days(10)),
        reason="再督查", linked=True,
    )
    assert ("", "", secret) == (linked.title, linked.requirements, linked.confidentiality)


def test_a_command_may_not_be_dated_before_the_last_change() -> None:
    """A clock set back before the matter's last change is refused; the record runs forward."""
    world = World()
    matter = world.dispatched()
    world.clock.set(T0 - dt.timedelta(hours=1))
    with pytest.raises(InvalidInput, match="last change"):
        services.acknowledge(world.uow(), world.ctx, LIAISON_A, matter.id)
    assert matter == world.stored(matter.id)
