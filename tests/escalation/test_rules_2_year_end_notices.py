"""rules.md §2 at the end of the last year the calendar knows (2026).

「A year with no published schedule must never be guessed silently」: a count that needs 2027
is refused or marked provisional — but one notice's reply day falling into 2027 must not stop
the whole sweep. Today the notice path (``service_layer/outbox.py`` → ``documents/_recorded.py``
``reply_day``) counts the library's default 3-working-day reply of a 催办 / 约谈通知 with
``calendar.add_working_days``, which raises ``CalendarDataUnavailable`` out of ``sweep``: every
office's escalations stop from 2026-12-29 until the 2027 notice is loaded. Those files are being
changed in parallel, so the failing cases are recorded here, strictly expected to fail.
"""

from __future__ import annotations

import datetime as dt

import pytest
from escalation_world import LadderWorld, at

from supervision.calendar import YearSchedule
from supervision.domain import Event, Source, SourceKind
from supervision.domain.escalation import MatterRecord, evaluate
from supervision.domain.notices import Notice, NoticeKind
from supervision.domain.policy import EscalationAction
from supervision.exceptions import CalendarDataUnavailable


def test_zhoucun_2021_4_3_reminder_on_29_december_does_not_stop_the_sweep() -> None:
    """zhoucun-2021 §5.1, §4.3: a deployment dispatched Monday 2026-12-21 has 5 working days,
    due Monday 12-28; the sweep of Tuesday 12-29 must record the 催办 (its reply day, three
    working days on, lies in 2027 and may only be provisional or left open)."""
    world = LadderWorld("zhoucun-2021")
    matter = world.dispatch(
        "2026-12-21 10:00", source=Source.of(SourceKind.MAJOR_DEPLOYMENT, "区政府常务会议部署"))
    world.sweep("2026-12-29 09:00")
    [reminder] = world.issued(EscalationAction.REMINDER, matter)
    assert at("2026-12-29 00:00") == reminder.due_at
    notices = _reminders_of(world, matter.id)
    assert notices  # one to each of the unit's people
    for notice in notices:
        assert notice.reply_due_at is None
        assert "请于收到本通知后3个工作日内报送" in notice.text
        assert "2027年" not in notice.text


def test_a_reminder_whose_default_reply_ends_in_the_known_year_names_its_day() -> None:
    """The same reminder a week earlier (due Monday 12-21, reminded Tuesday 12-22): its
    default reply ends on Friday 12-25, inside 2026, and the document names that day."""
    world = LadderWorld("zhoucun-2021")
    matter = world.dispatch(
        "2026-12-14 10:00", source=Source.of(SourceKind.MAJOR_DEPLOYMENT, "区政府常务会议部署"))
    world.sweep("2026-12-22 09:00")
    notices = _reminders_of(world, matter.id)
    assert notices
    for notice in notices:
        assert at("2026-12-26 00:00") == notice.reply_due_at
        assert "请于2026年12月25日前报送" in notice.text


def _reminders_of(world: LadderWorld, matter_id: str) -> list[Notice]:
    with world.uow() as uow:
        return [n for n in uow.notices.for_matter(matter_id) if n.kind is NoticeKind.REMINDER]


def test_daoli_2017_7_3_interview_notice_on_30_december_does_not_stop_the_sweep() -> None:
    """daoli-2017 art.7(2), art.7(3): a 一般事项 dispatched Tuesday 2026-12-22 is due Monday
    12-28 (5 days, 12-27 a Sunday); reminded 12-29 with no same-day report, the 约谈通知 and
    全区通报 of 12-30 must be recorded although the interview notice's default reply runs into
    2027."""
    world = LadderWorld("daoli-2017")
    matter = world.dispatch("2026-12-22 10:00", category="general")
    world.sweep("2026-12-29 09:00")
    world.sweep("2026-12-30 09:00")
    assert ["催办", "约谈通知", "全区通报"] == world.actions(matter)


def test_tongren_2014_a_reminder_whose_reply_period_needs_2027_waits_for_its_schedule() -> None:
    """tongren-2014 art.11: an urgent instruction dispatched 2026-12-18; the second 催办, due
    12-30, sets a reply period of its rung's own that ends in 2027. rules.md §2: that year's
    working days are never guessed, so the escalation waits (``Evaluation.awaiting_calendar``)
    and the sweep goes on; once the office supplies the 2027 notice, the next sweep issues it
    with the reply deadline counted on it."""
    world = LadderWorld("tongren-2014")
    matter = world.dispatch("2026-12-18 10:00", category="urgent",
                            source=Source.of(SourceKind.LEADER_INSTRUCTION, "领导批示"))
    for when in range(19, 30):  # a sweep every day: 到期提醒 12-22, 催办 and 督查通报 12-24
        world.sweep(f"2026-12-{when} 09:00")
    before = {e.key for e in world.escalations(matter)}
    world.sweep("2026-12-30 09:00")
    record = MatterRecord(world.stored(matter), _events(world, matter.id),
                          tuple(world.escalations(matter)))
    result = evaluate(record, world.policy_of(matter), world.calendar, at("2026-12-30 09:00"))
    assert result.awaiting_calendar  # due, not issued, and named
    assert {e.key for e in world.escalations(matter)} == before
    assert not set(result.awaiting_calendar) & before

    world.when("2026-12-30 10:00").choose_calendar(schedules=(YearSchedule.build(
        2027, [dt.date(2027, 1, 1), dt.date(2027, 1, 2), dt.date(2027, 1, 3)]),))
    world.sweep("2026-12-30 11:00")
    issued = {e.key: e for e in world.escalations(matter)}
    assert set(result.awaiting_calendar) <= set(issued)
    for key in result.awaiting_calendar:
        reply = issued[key].reply_due_at
        assert reply is not None
        assert reply.year == 2027


def test_a_firing_counted_into_an_unknown_year_is_not_due_before_it() -> None:
    """zhoucun-2021: a rung offset in working days from a deadline of Monday 2026-12-28 ends in
    2027; judged on 12-29 it is not due yet (a forward count ends no earlier than any day it
    reads) and the evaluation answers instead of refusing; judged in 2027 itself, with no
    schedule for it, the evaluation still refuses (nothing guessed)."""
    world = LadderWorld("zhoucun-2021")
    matter = world.dispatch(
        "2026-12-21 10:00", source=Source.of(SourceKind.MAJOR_DEPLOYMENT, "区政府常务会议部署"))
    record = MatterRecord(world.stored(matter), _events(world, matter.id), ())
    policy = world.policy_of(matter)
    found = evaluate(record, policy, world.calendar, at("2026-12-29 09:00"))
    assert found.escalations
    with pytest.raises(CalendarDataUnavailable):
        evaluate(record, policy, world.calendar, at("2027-01-04 09:00"))


def _events(world: LadderWorld, matter_id: str) -> tuple[Event, ...]:
    with world.uow() as uow:
        return tuple(uow.events.for_matter(matter_id))
