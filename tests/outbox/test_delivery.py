"""Delivery: pending notices handed to a sender, every attempt recorded, failures retried with
backoff, a permanent refusal final at once, a dead worker's notice taken over with the same
key, delivery status on the timeline and in the ledger (送达 / 未送达)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from builders import CLERK
from escalation_world import LadderWorld, at
from gateway import FakeGateway

from supervision.delivery import LoggingSender, MailDropSender, WebhookSender, message_of
from supervision.domain import EventKind, Role
from supervision.domain.notices import AttemptOutcome, Backoff, DeliveryStatus, Notice, Recipient
from supervision.exceptions import DeliveryRefused, InvalidInput
from supervision.ledger import ledger_entries

MINUTE = dt.timedelta(minutes=1)


class FailingOnce:
    """Fails the first time it sees a key, delivers (once per key) after that."""

    def __init__(self) -> None:
        self.seen: set[str] = set()
        self.delivered: list[str] = []

    def send(self, notice: Notice) -> str:
        if notice.key not in self.seen:
            self.seen.add(notice.key)
            raise ConnectionError("gateway busy")
        if notice.key not in self.delivered:
            self.delivered.append(notice.key)
        return f"msg-{len(self.delivered)}"


class Refusing:
    def send(self, notice: Notice) -> str:
        raise DeliveryRefused("no such recipient")


class Failing:
    def send(self, notice: Notice) -> str:
        raise TimeoutError("no answer")


def _world_with_reminder() -> tuple[LadderWorld, str]:
    """lianyungang-2019: dispatched 09-28 (the 督办通知 to unit-a's head and liaison), reminded
    10-14 (the 催办单 to both): 4 notices."""
    world = LadderWorld("lianyungang-2019")
    matter = world.dispatch("2026-09-28 10:00").id
    world.sweep("2026-10-14 09:00")
    return world, matter


def test_a_failing_then_succeeding_sender_delivers_each_notice_once_with_its_attempts() -> None:
    """First attempts fail and are due again after the backoff; the second delivers: every
    notice delivered once, with a failed and a delivered attempt recorded."""
    world, matter = _world_with_reminder()
    sender = FailingOnce()
    first = world.app.deliver(sender, worker="w1")
    assert ([], 0) == (list(first.delivered), len(first.failed))
    world.when("2026-10-14 09:02")
    second = world.app.deliver(sender, worker="w1")
    keys = sorted(n.key for n, _ in world.app.notices_for(CLERK, matter))
    assert keys == sorted(second.delivered) == sorted(sender.delivered)
    with world.uow() as uow:
        outcomes = {tuple(a.outcome for a in uow.notices.attempts(k)) for k in keys}
    assert {(AttemptOutcome.FAILED, AttemptOutcome.DELIVERED)} == outcomes


def test_a_failed_attempt_is_not_retried_before_its_backoff() -> None:
    """A run one second after the failure hands nothing over again (1 minute backoff)."""
    world, _matter = _world_with_reminder()
    sender = FailingOnce()
    world.app.deliver(sender)
    world.when("2026-10-14 09:00")
    assert 0 == world.app.deliver(sender).attempts


def test_delivery_is_recorded_on_the_matters_timeline() -> None:
    """Each delivered notice adds a NOTICE_DELIVERED event (通知已送达) naming the notice and
    the recipient; no event for a failed attempt that will be retried."""
    world, matter = _world_with_reminder()
    world.app.deliver(FailingOnce())
    assert EventKind.NOTICE_DELIVERED not in world.event_kinds(matter)
    world.when("2026-10-14 09:05")
    world.app.deliver(FailingOnce())  # a new sender: this one fails each notice once more
    world.when("2026-10-14 09:30")
    world.app.deliver(LoggingSender())
    delivered = [e for e in world.app.timeline(CLERK, matter)
                 if e.kind is EventKind.NOTICE_DELIVERED]
    assert 4 == len(delivered)
    people = {e.detail("recipient") for e in delivered}
    assert {"经济发展局主要负责人", "经济发展局联络员"} == people


def test_a_refusal_is_final_at_once_and_shown_undelivered() -> None:
    """DeliveryRefused: 未送达 after one attempt, a NOTICE_UNDELIVERED event, and the ledger
    reads 未送达（4件）."""
    world, matter = _world_with_reminder()
    run = world.app.deliver(Refusing())
    assert (4, 4) == (len(run.failed), run.attempts)
    assert 4 == world.event_kinds(matter).count(EventKind.NOTICE_UNDELIVERED)
    [entry] = ledger_entries(world.uow(), world.ctx, CLERK, world.clock.now())
    assert "未送达（4件）" == entry.delivery


def test_a_notice_is_undelivered_once_its_attempts_are_spent() -> None:
    """With 2 attempts, a sender that always fails leaves every notice 未送达 after the second."""
    world, matter = _world_with_reminder()
    backoff = Backoff.of(first=MINUTE, attempts=2)
    world.app.deliver(Failing(), backoff=backoff)
    world.when("2026-10-14 09:05")
    run = world.app.deliver(Failing(), backoff=backoff)
    assert 4 == len(run.failed)
    with world.uow() as uow:
        states = {uow.notices.delivery(n.key).status for n in uow.notices.for_matter(matter)}
    assert {DeliveryStatus.FAILED} == states


def test_the_ledger_reads_delivered_once_every_notice_was() -> None:
    """送达情况: 已送达 when every notice written by then was delivered by then."""
    world, _matter = _world_with_reminder()
    world.app.deliver(LoggingSender())
    [entry] = ledger_entries(world.uow(), world.ctx, CLERK, world.clock.now())
    assert "已送达" == entry.delivery
    assert "已送达" == entry.cells()[-1]


def test_a_dead_workers_notice_is_taken_over_and_delivered_once_with_the_same_key() -> None:
    """A worker that claimed and never reported back (killed) loses its notices when its lease
    ends; the next worker sends them again with the same keys, and a sender honouring the
    key delivers each once; the dead attempt is recorded 中断."""
    world, _matter = _world_with_reminder()
    sender = LoggingSender()
    with world.uow() as uow:
        claims = uow.notices.claim(worker="dead", now=world.clock.now(),
                                   lease_until=world.clock.now() + 5 * MINUTE)
        uow.commit()
    for claim in claims:  # it sent them, then died before recording anything
        sender.send(claim.notice)
    assert 0 == world.app.deliver(sender, worker="w2").attempts  # the lease still runs
    world.when("2026-10-14 09:06")
    run = world.app.deliver(sender, worker="w2")
    assert sorted(c.notice.key for c in claims) == sorted(run.delivered) == sorted(
        sender.delivered)
    with world.uow() as uow:
        first, second = uow.notices.attempts(claims[0].notice.key)
    assert (AttemptOutcome.ABANDONED, AttemptOutcome.DELIVERED, "w2") == (
        first.outcome, second.outcome, second.worker)


def test_a_worker_that_outlived_its_lease_reports_its_notice_lost() -> None:
    """A worker whose lease ran out while sending cannot record its outcome: the notice is
    its successor's, and the run lists it as lost."""
    world, _matter = _world_with_reminder()

    class Slow:
        def send(self, notice: Notice) -> str:
            if notice.key not in taken:
                taken.add(notice.key)
                world.when("2026-10-14 09:10")  # the lease (5 minutes) runs out meanwhile
                world.app.deliver(LoggingSender(), worker="successor", max_notices=6)
            return "late"

    taken: set[str] = set()
    run = world.app.deliver(Slow(), worker="slow", max_notices=1)
    assert 1 == len(run.lost)


def test_deliver_refuses_a_sender_without_send() -> None:
    """A sender is an object with a send(notice) method."""
    world, _matter = _world_with_reminder()
    with pytest.raises(InvalidInput):
        world.app.deliver(object())  # type: ignore[arg-type]


def test_backoff_doubles_up_to_its_cap_then_gives_up() -> None:
    """1, 2, 4 … minutes after each failure, at most the cap, none after the last attempt."""
    backoff = Backoff.of(first=MINUTE, cap=3 * MINUTE, attempts=4)
    t0 = at("2026-10-14 09:00")
    assert [t0 + MINUTE, t0 + 2 * MINUTE, t0 + 3 * MINUTE, None] == [
        backoff.retry_at(n, t0) for n in (1, 2, 3, 4)]


# ---------------------------------------------------------------------- senders
def test_the_mail_drop_writes_one_file_per_notice_once(tmp_path: Path) -> None:
    """MailDropSender honours the key: the same notice twice is one file, the same receipt."""
    world, matter = _world_with_reminder()
    [(notice, _), *_] = world.app.notices_for(CLERK, matter)
    sender = MailDropSender(tmp_path / "drop")
    assert sender.send(notice) == sender.send(notice)
    [written] = list((tmp_path / "drop").iterdir())
    assert notice.key == json.loads(written.read_text(encoding="utf-8"))["idempotency_key"]


@pytest.fixture
def gateway() -> Iterator[FakeGateway]:
    server = FakeGateway().start()
    yield server
    server.stop()


def test_the_webhook_sender_delivers_through_a_failing_then_succeeding_gateway(
    gateway: FakeGateway,
) -> None:
    """The gateway's 503 is retried after the backoff; its 200 delivers; each notice reaches
    the gateway once, under its own key."""
    world, matter = _world_with_reminder()
    sender = WebhookSender(gateway.url, timeout=5)
    world.app.deliver(sender)
    world.when("2026-10-14 09:02")
    run = world.app.deliver(sender)
    keys = {n.key for n, _ in world.app.notices_for(CLERK, matter)}
    assert keys == set(run.delivered) == set(gateway.accepted)
    assert {2} == set(gateway.requests.values())


def test_the_webhook_sender_refuses_for_good_on_a_client_error(gateway: FakeGateway) -> None:
    """A 404 from the gateway is DeliveryRefused (未送达 at once, no retry)."""
    world, matter = _world_with_reminder()
    [(notice, _), *_] = world.app.notices_for(CLERK, matter)
    nobody = Notice.create(
        "test:nobody", Recipient.of_person("nobody", Role.UNIT_LIAISON, unit_id="unit-a"),
        office_id=notice.office_id, matter_id=notice.matter_id, kind=notice.kind,
        document=notice.document, subject=notice.subject, text=notice.text,
        created_at=notice.created_at)
    with pytest.raises(DeliveryRefused):
        WebhookSender(gateway.url).send(nobody)
    assert "idempotency_key" in message_of(nobody)
