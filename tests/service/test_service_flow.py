"""The whole lifecycle through the service layer on the in-memory adapter."""

from __future__ import annotations

import datetime as dt

from builders import CLERK, LIAISON_A, T0, World, final_content

from supervision.domain import EventKind, ReviewOutcome, Status
from supervision.service_layer import services


def test_a_matter_runs_from_registration_to_archive() -> None:
    """Register, dispatch, report, the signer's confirmation, accept, complete, close,
    archive: each step is recorded."""
    world = World()
    matter = world.reported()
    services.review(world.uow(), world.ctx, CLERK, matter.id, ReviewOutcome.ACCEPTED)
    services.complete(world.uow(), world.ctx, CLERK, matter.id)
    services.close(world.uow(), world.ctx, CLERK, matter.id)
    done = services.archive(world.uow(), world.ctx, CLERK, matter.id)
    assert done.status is Status.ARCHIVED
    kinds = [e.kind for e in world.events(matter.id)]
    assert kinds == [
        EventKind.REGISTERED,
        EventKind.DISPATCHED,
        EventKind.FINAL_REPORT_SUBMITTED,
        EventKind.SIGNOFF_CONFIRMED,
        EventKind.ACCEPTED,
        EventKind.COMPLETED,
        EventKind.CLOSED,
        EventKind.ARCHIVED,
    ]


def test_dispatch_derives_the_due_date_from_the_stated_period() -> None:
    """15 days from Monday 2 March 2026 end on Tuesday 17 March at 24:00."""
    world = World()
    matter = world.dispatched()
    assert matter.due is not None
    assert dt.date(2026, 3, 17) == matter.due.last_day
    assert matter.dispatched_at == T0


def test_final_report_is_kept_in_the_review_round() -> None:
    """The final report opens review round 1 holding the report and its content."""
    world = World()
    matter = world.reported(reporter=LIAISON_A)
    assert matter.current_round is not None
    assert 1 == matter.current_round.number
    assert final_content() == matter.current_round.report.content
