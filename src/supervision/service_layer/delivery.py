"""Delivery: hand the outbox's due notices to the integrator's sender, record every attempt,
retry failures with backoff, and never deliver one notice twice when the sender honours the
notice's key.

:func:`deliver` is what a scheduler (cron, a worker loop) runs; any number of workers may run
it at once on one database. Each round it *claims* a batch of due notices in one unit of work
(PostgreSQL skips the rows another worker holds, ``FOR UPDATE SKIP LOCKED``; SQLite serialises
the claims), commits, then hands each notice to the sender outside any transaction and records
the outcome in its own unit of work:

* the sender returned → 已送达 (the return value is kept as the receipt), and the matter's
  timeline gets a ``NOTICE_DELIVERED`` event (送达);
* the sender raised → the attempt failed; the notice is due again after the
  :class:`~supervision.domain.notices.Backoff` delay, or 未送达 once the attempts are spent or
  when the sender raised :class:`~supervision.exceptions.DeliveryRefused` (a permanent
  failure: no such recipient); 未送达 records a ``NOTICE_UNDELIVERED`` event;
* the worker died (``kill -9``) between the claim and the outcome → its lease runs out, the
  next worker takes the notice over (the old attempt is ended 中断) and sends it again **with
  the same key**: a sender that honours the key (an HTTP ``Idempotency-Key`` header, a file
  named by the key) delivers it once.

An outcome is recorded only while the notice is still the worker's (attempt number and worker
checked at commit): a worker that outlived its lease loses the notice to its successor and
reports it as ``lost``, never overwriting the successor's record.
"""

from __future__ import annotations

import datetime as _dt
import os
import socket
import uuid
from collections.abc import Collection
from typing import Protocol

import attrs

from supervision._logs import logger
from supervision.domain.escalation import SYSTEM_ACTOR
from supervision.domain.events import Event, EventKind
from supervision.domain.model import Matter
from supervision.domain.notices import AttemptOutcome, Backoff, Claim, Delivery, Notice
from supervision.exceptions import ConcurrencyError, DeliveryRefused, InvalidInput
from supervision.ports import UnitOfWork
from supervision.service_layer.context import Context
from supervision.service_layer.sweep import check_offices

__all__ = ["DEFAULT_LEASE", "DeliveryRun", "Sender", "deliver", "requeue", "worker_name"]

log = logger("supervision.delivery")

#: How long a claimed notice stays with its worker before another may take it over.
DEFAULT_LEASE = _dt.timedelta(minutes=5)
_RECORD_ATTEMPTS = 5


class Sender(Protocol):
    """What delivers a notice: one method. Return a receipt (the channel's message id, or
    ``None``) once the channel accepted the notice; raise to report a failure (any exception:
    tried again later; :class:`~supervision.exceptions.DeliveryRefused`: never again). A
    sender *honours the key* when handing it the same :attr:`Notice.key` twice delivers once
    (e.g. it sends the key as the channel's idempotency key)."""

    def send(self, notice: Notice) -> str | None: ...


def worker_name() -> str:
    """A worker name unique to this process: ``host:pid:random``."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


@attrs.frozen
class DeliveryRun:
    """What one :func:`deliver` call did: the worker's name, the notices it claimed and
    handed over, delivered (已送达), failed and due again (``retrying``), failed for good
    (未送达, ``failed``), and lost to another worker after its lease ran out (``lost``); the
    attempts it made and the claim rounds it ran."""

    worker: str
    delivered: tuple[str, ...] = ()
    retrying: tuple[str, ...] = ()
    failed: tuple[str, ...] = ()
    lost: tuple[str, ...] = ()
    attempts: int = 0
    rounds: int = 0


def _positive(value: object, field: str, top: int) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= top:
        raise InvalidInput(field, f"a whole number from 1 to {top}", value)
    return value


def _delivery_event(notice: Notice, delivery: Delivery, at: _dt.datetime,
                    matter: Matter) -> Event:
    kind = (EventKind.NOTICE_DELIVERED if delivery.delivered_at is not None
            else EventKind.NOTICE_UNDELIVERED)
    version = matter.version + 1
    return Event(
        event_id=Event.make_id(notice.matter_id, version),
        matter_id=notice.matter_id,
        kind=kind,
        actor_id=SYSTEM_ACTOR,
        occurred_at=at,
        status_before=matter.status,
        status_after=matter.status,
        version=version,
        due_at=None if matter.due is None else matter.due.due_at,
        details=tuple((k, v) for k, v in (
            ("notice", notice.key),
            ("document", notice.document),
            ("number", "" if notice.number is None else str(notice.number)),
            ("recipient", notice.recipient.label),
            ("attempts", str(delivery.attempts)),
            ("error", "" if delivery.delivered_at is not None else delivery.last_error[:200]),
        ) if v),
    )


def _record(
    uow: UnitOfWork, claim: Claim, *, at: _dt.datetime, outcome: AttemptOutcome, error: str,
    receipt: str, retry_at: _dt.datetime | None,
) -> Delivery | None:
    """Record the attempt's outcome (and, once final, its event on the matter) in one unit of
    work; None when the notice is no longer this worker's."""
    for _ in range(_RECORD_ATTEMPTS):
        try:
            with uow:
                delivery = uow.notices.finish(claim, at=at, outcome=outcome, error=error,
                                              receipt=receipt, retry_at=retry_at)
                if delivery.status.final:
                    matter = uow.matters.get(claim.notice.matter_id)
                    when = max(at, matter.changed_at or at)
                    event = _delivery_event(claim.notice, delivery, when, matter)
                    uow.matters.update(attrs.evolve(matter, version=event.version,
                                                    changed_at=when),
                                       expected_version=matter.version)
                    uow.events.append([event])
                uow.commit()
            return delivery
        except ConcurrencyError as error_:
            if error_.kind == "notice":
                return None
            continue  # the matter changed meanwhile: record again on the new version
    return None


def deliver(
    uow: UnitOfWork,
    ctx: Context,
    sender: Sender,
    *,
    worker: str | None = None,
    batch_size: int = 50,
    max_notices: int | None = None,
    lease: _dt.timedelta = DEFAULT_LEASE,
    backoff: Backoff | None = None,
    offices: Collection[str] | None = None,
) -> DeliveryRun:
    """Deliver the due notices (of every office, or of ``offices``) through ``sender`` until
    none is due or ``max_notices`` were handed over; see the module docs. ``worker`` names
    this worker in the attempts it records (default: :func:`worker_name`); ``lease`` is how
    long a claimed notice stays this worker's; ``backoff`` when failures are tried again.
    Safe to run from any number of processes at once."""
    if not callable(getattr(sender, "send", None)):
        raise InvalidInput("sender", "an object with a send(notice) method", sender)
    name = worker_name() if worker is None else worker
    batch = _positive(batch_size, "batch_size", 10_000)
    limit = None if max_notices is None else _positive(max_notices, "max_notices", 10**9)
    if not isinstance(lease, _dt.timedelta) or lease <= _dt.timedelta(0):
        raise InvalidInput("lease", "a positive timedelta", lease)
    retry = Backoff() if backoff is None else backoff
    if not isinstance(retry, Backoff):
        raise InvalidInput("backoff", "a supervision.domain.notices.Backoff", backoff)
    wanted = check_offices(offices)
    delivered: list[str] = []
    retrying: list[str] = []
    failed: list[str] = []
    lost: list[str] = []
    attempts = rounds = 0
    while limit is None or attempts < limit:
        now = ctx.now()
        take = batch if limit is None else min(batch, limit - attempts)
        with uow:
            claims = uow.notices.claim(worker=name, now=now, lease_until=now + lease,
                                       limit=take, offices=wanted)
            uow.commit()
        rounds += 1
        if not claims:
            break
        for claim in claims:
            attempts += 1
            outcome, error, receipt, final = AttemptOutcome.DELIVERED, "", "", False
            try:
                receipt = sender.send(claim.notice) or ""
            except DeliveryRefused as refused:
                outcome, error, final = AttemptOutcome.FAILED, str(refused), True
            except Exception as exc:  # the integrator's sender: any failure is retried
                outcome, error = AttemptOutcome.FAILED, f"{type(exc).__name__}: {exc}"
            at = ctx.now()
            retry_at = None if final or outcome is AttemptOutcome.DELIVERED else (
                retry.retry_at(claim.attempt, at))
            done = _record(uow, claim, at=at, outcome=outcome, error=error[:2000],
                           receipt=str(receipt)[:2000], retry_at=retry_at)
            key = claim.notice.key
            if done is None:
                lost.append(key)
                log.warning("notice %s: outcome not recorded, taken over by another worker",
                            key)
            elif outcome is AttemptOutcome.DELIVERED:
                delivered.append(key)
            elif done.status.final:
                failed.append(key)
                log.warning("notice %s undelivered after %d attempts: %s", key,
                            done.attempts, error)
            else:
                retrying.append(key)
                log.info("notice %s attempt %d failed, due again at %s: %s", key,
                         claim.attempt, retry_at, error)
    return DeliveryRun(name, tuple(delivered), tuple(retrying), tuple(failed), tuple(lost),
                       attempts, rounds)


def requeue(uow: UnitOfWork, ctx: Context, notice_key: str) -> Delivery:
    """A notice that was 未送达 made 待送达 again, due now (after its recipient's address was
    corrected, say): the office decides to try once more. A system task for the OA's own
    administration screen; RuleViolation ``not_failed`` for any other state."""
    if not isinstance(notice_key, str):
        raise InvalidInput("notice_key", "a notice key (text)", notice_key)
    with uow:
        delivery = uow.notices.requeue(notice_key, at=ctx.now())
        uow.commit()
    return delivery
