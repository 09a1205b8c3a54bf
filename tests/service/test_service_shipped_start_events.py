"""The shipped policies count their default periods from the event their clause names."""

from __future__ import annotations

import datetime as dt

from builders import CLERK, LEADER, World, registration

from supervision import policies
from supervision.calendar import SHANGHAI
from supervision.domain import Source, SourceKind
from supervision.service_layer import list_matters, services

D = dt.date


def _due_day(world: World, source: Source) -> dt.date:
    matter = world.draft(deadline=None, source=source)
    if world.policy.requires_approval:
        services.approve(world.uow(), world.ctx, LEADER, matter.id)
    matter = services.dispatch(world.uow(), world.ctx, CLERK, matter.id)
    assert matter.due is not None
    return matter.due.last_day


def test_lianyungang_7_2_minutes_progress_report_runs_from_the_minutes_issue() -> None:
    """会议纪要下发10日内: minutes issued Thu 10 Sep 2026 → Sun 20 Sep, a make-up working day;
    counted from the dispatch on 14 September it would be 24 September."""
    world = World(policies.get("lianyungang-2019"))
    world.clock.set(dt.datetime(2026, 9, 14, 9, tzinfo=SHANGHAI))
    source = Source.meeting(D(2026, 9, 9), D(2026, 9, 10), "市政府常务会议纪要")
    assert D(2026, 9, 20) == _due_day(world, source)


def test_lianyungang_7_2_document_progress_report_runs_from_the_documents_issue() -> None:
    """文件下发1个月内: a document issued 31 August 2026 → 30 September (from the dispatch on
    7 September it would be 7 October, rolled to 8 October)."""
    world = World(policies.get("lianyungang-2019"))
    world.clock.set(dt.datetime(2026, 9, 7, 9, tzinfo=SHANGHAI))
    source = Source.of(SourceKind.DOCUMENT, "连政发〔2026〕8号", issued_on=D(2026, 8, 31))
    assert D(2026, 9, 30) == _due_day(world, source)


def test_policy_names_the_start_event_of_its_default() -> None:
    """default_start_event reads the start event off the cited period rule."""
    lianyungang = policies.get("lianyungang-2019")
    assert "minutes_issue" == lianyungang.default_start_event(None, "meeting_decision")
    assert "document_issue" == lianyungang.default_start_event(None, "document")
    assert "dispatch" == lianyungang.default_start_event(None, "leader_instruction")
    assert policies.get("chizhou-2021").default_start_event(None, "document") is None


def test_register_in_shares_the_callers_transaction() -> None:
    """register_in numbers and stores matters inside one unit of work: a rollback keeps none."""
    world = World()
    uow = world.uow()
    with uow:
        first = services.register_in(uow, world.ctx, CLERK, registration(), at=world.clock.now())
        second = services.register_in(uow, world.ctx, CLERK, registration(), at=world.clock.now())
        assert first.number.seq + 1 == second.number.seq
        uow.rollback()
    assert [] == list_matters(world.uow(), world.ctx, CLERK)
