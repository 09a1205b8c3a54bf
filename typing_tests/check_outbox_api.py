"""Type-checked, never run: an integrator's sender and delivery worker, the documents of
recorded escalations and the 复核 calls under ``mypy --strict``."""

from __future__ import annotations

import datetime as dt

from supervision import Actor, Role, bootstrap
from supervision.delivery import LoggingSender, MailDropSender, Sender, WebhookSender
from supervision.documents import Document
from supervision.domain.duplicates import DuplicateGuard, DuplicateOverride
from supervision.domain.notices import Backoff, Delivery, DeliveryStatus, Notice
from supervision.domain.objections import Objection, ObjectionOutcome, ReviewTerms
from supervision.exceptions import DeliveryRefused
from supervision.service_layer.delivery import DeliveryRun


class SmsGateway:
    """An integrator's own channel: any object with ``send(notice) -> str | None``."""

    def send(self, notice: Notice) -> str | None:
        if notice.recipient.id == "nobody":
            raise DeliveryRefused("no such recipient")
        return None


senders: list[Sender] = [SmsGateway(), LoggingSender(), MailDropSender("/tmp/drop"),
                         WebhookSender("https://sms.example.gov.cn/api", timeout=5)]

app = bootstrap(duplicate_guard=DuplicateGuard.of(title_similarity=0.9),
                review_terms=ReviewTerms())
clerk = Actor.of("clerk-1", Role.OFFICE_CLERK, office_id="daoli")
run: DeliveryRun = app.deliver(senders[0], worker="cron-1", batch_size=20,
                               lease=dt.timedelta(minutes=2), backoff=Backoff.of(attempts=3))
delivered: tuple[str, ...] = run.delivered
outbox: list[tuple[Notice, Delivery]] = app.notices(clerk, status=DeliveryStatus.FAILED)
document: Document = app.document_for_escalation(clerk, "m-1:1.reminder:econ:r1")
objection: Objection = app.decide_objection(clerk, "x", ObjectionOutcome.REJECTED, "不成立")
override = DuplicateOverride.of("上级再次批示", matter_ids=["m-1"])

app.deliver(object())  # type: ignore[arg-type]
