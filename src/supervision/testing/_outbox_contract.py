"""The storage contract, part 4: the outbox (notices written once by key, claimed by one
worker at a time under a lease, every attempt kept, outcomes fenced by attempt and worker)
and objections (复核申请, versioned); see :mod:`supervision.ports`."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest

from supervision.domain.notice_numbers import pending_number, renumbered
from supervision.domain.notices import AttemptOutcome, Delivery, DeliveryStatus, Notice
from supervision.exceptions import (
    ConcurrencyError,
    DuplicateRecord,
    InvalidInput,
    NotFound,
    RuleViolation,
)

from ._contract_base import ContractBase
from ._samples import OFFICE, OTHER_OFFICE, PREFIX, T0, sample_notice, sample_objection

__all__ = ["OutboxContract"]

_MINUTE = dt.timedelta(minutes=1)


class OutboxContract(ContractBase):
    """Notices (通知送达记录) and objections (复核申请)."""

    def _store_notices(self, *notices: Notice) -> None:
        with self.make_unit_of_work() as uow:
            for notice in notices or (sample_notice(),):
                uow.notices.add_if_absent(notice)
            uow.commit()

    def _claim(self, worker: str, now: dt.datetime, minutes: int = 5) -> list[str]:
        with self.make_unit_of_work() as uow:
            claims = uow.notices.claim(worker=worker, now=now,
                                       lease_until=now + minutes * _MINUTE)
            uow.commit()
        return [c.notice.key for c in claims]

    # ------------------------------------------------------------------ notices
    def test_a_notice_is_inserted_once_by_key(self) -> None:
        """add_if_absent() stores a new key (True) and ignores it again (False), in one unit
        of work and in the next; the notice reads back equal."""
        notice = sample_notice()
        with self.make_unit_of_work() as uow:
            assert True is uow.notices.add_if_absent(notice)
            assert False is uow.notices.add_if_absent(notice)
            uow.commit()
        with self.make_unit_of_work() as uow:
            assert False is uow.notices.add_if_absent(attrs.evolve(notice, text="另一文本"))
            assert notice == uow.notices.get(notice.key)

    def test_notices_persist_only_on_commit(self) -> None:
        """A notice added without commit is gone afterwards."""
        with self.make_unit_of_work() as uow:
            uow.notices.add_if_absent(sample_notice())
        with self.make_unit_of_work() as uow:
            assert [] == uow.notices.list(offices=None)
            with pytest.raises(NotFound):
                uow.notices.get(sample_notice().key)

    def test_two_units_of_work_inserting_one_notice_store_it_once(self) -> None:
        """Two units of work adding the same key: the later commit fails, one notice."""
        notice = sample_notice()
        uow1, uow2 = self.make_unit_of_work(), self.make_unit_of_work()
        with uow1:
            uow1.notices.add_if_absent(notice)
            with uow2:
                inserted = uow2.notices.add_if_absent(notice)
                uow2.commit()
            if inserted:
                with pytest.raises((DuplicateRecord, ConcurrencyError)):
                    uow1.commit()
        with self.make_unit_of_work() as uow:
            assert [notice.key] == [n.key for n in uow.notices.list(offices=None)]

    # ------------------------------------------------- documents numbered at commit
    @staticmethod
    def _document(source: str, *people: str, year: int = 2026) -> list[Notice]:
        """One 督查催办单 to ``people``, rendered with its series' pending number (the second
        person's copy redacted, as a recipient outside a confidential matter's circle)."""
        pending = pending_number(f"{PREFIX}催", year)
        found = []
        for i, person in enumerate(people or ("liaison-1",)):
            notice = sample_notice(source, person)
            redacted = i == 1
            found.append(attrs.evolve(
                notice, number=pending, redacted=redacted,
                subject=f"《督查催办单》（{pending}）" if redacted else notice.subject,
                text=f"{pending}\n{notice.text}",
            ))
        return found

    def test_documents_staged_unnumbered_are_numbered_at_commit_in_order(self) -> None:
        """add_numbered(): each document's notices get one number at commit, after the
        numbers next() handed out in the same series, in the order staged, the pending
        number's text replaced in subject and text; the series moves on gaplessly."""
        a, b = self._document("escalation:a", "liaison-1", "head-1"), self._document(
            "escalation:b")
        with self.make_unit_of_work() as uow:
            assert 1 == uow.numbers.next(OFFICE, f"{PREFIX}催", 2026)
            assert [n.key for n in a + b] == [n.key for n in uow.notices.add_numbered([a, b])]
            assert a[0] == uow.notices.get(a[0].key)  # pending until the commit
            uow.commit()
        with self.make_unit_of_work() as uow:
            stored = [uow.notices.get(n.key) for n in a + b]
            assert 3 == uow.numbers.current(OFFICE, f"{PREFIX}催", 2026)
            assert 4 == uow.numbers.next(OFFICE, f"{PREFIX}催", 2026)
        assert [2, 2, 3] == [n.number.seq for n in stored if n.number is not None]
        assert [renumbered(n, s) for n, s in zip(a + b, (2, 2, 3), strict=True)] == stored
        assert stored[0].text.startswith(f"{PREFIX}催〔2026〕2号\n")
        assert f"（{PREFIX}催〔2026〕2号）" in stored[1].subject

    def test_a_document_staged_unnumbered_takes_no_number_without_commit(self) -> None:
        """A rolled-back unit of work takes no number: the next document gets the first."""
        with self.make_unit_of_work() as uow:
            uow.notices.add_numbered([self._document("escalation:a")])
        with self.make_unit_of_work() as uow:
            assert 0 == uow.numbers.current(OFFICE, f"{PREFIX}催", 2026)
            uow.notices.add_numbered([self._document("escalation:b")])
            uow.commit()
        with self.make_unit_of_work() as uow:
            number = uow.notices.get(self._document("escalation:b")[0].key).number
        assert number is not None
        assert 1 == number.seq

    def test_a_document_on_record_is_left_out_whole_and_numbers_nothing(self) -> None:
        """A document any of whose keys exists is not staged again and takes no number."""
        first = self._document("escalation:a", "liaison-1")
        with self.make_unit_of_work() as uow:
            uow.notices.add_numbered([first])
            uow.commit()
        with self.make_unit_of_work() as uow:
            again = self._document("escalation:a", "liaison-1", "head-1")
            assert [] == uow.notices.add_numbered([again])
            uow.commit()
        with self.make_unit_of_work() as uow:
            assert 1 == uow.numbers.current(OFFICE, f"{PREFIX}催", 2026)
            with pytest.raises(NotFound):
                uow.notices.get(again[1].key)

    def test_two_units_of_work_numbering_one_series_both_commit_gaplessly(self) -> None:
        """Two open units of work staging documents of one series both commit (the
        numbers are taken at commit, not read before): 1 and 2, one each."""
        uow1, uow2 = self.make_unit_of_work(), self.make_unit_of_work()
        with uow1:
            uow1.notices.add_numbered([self._document("escalation:a")])
            with uow2:
                uow2.notices.add_numbered([self._document("escalation:b")])
                uow2.commit()
            uow1.commit()
        with self.make_unit_of_work() as uow:
            numbers = {uow.notices.get(self._document(s)[0].key).number
                       for s in ("escalation:a", "escalation:b")}
            assert 2 == uow.numbers.current(OFFICE, f"{PREFIX}催", 2026)
        assert {1, 2} == {n.seq for n in numbers if n is not None}

    def test_a_document_without_its_pending_number_is_refused(self) -> None:
        """add_numbered() refuses notices that do not carry one pending number printed once
        where the number goes (InvalidInput naming notices); nothing is staged."""
        numbered = [sample_notice()]
        twice = self._document("escalation:a")
        twice = [attrs.evolve(twice[0], text=twice[0].text + str(twice[0].number))]
        with self.make_unit_of_work() as uow:
            for bad in (numbered, twice, []):
                with pytest.raises(InvalidInput) as caught:
                    uow.notices.add_numbered([bad])
                assert "notices" == caught.value.fields["field"]
            assert [] == uow.notices.list(offices=None)

    def test_a_new_notice_is_pending_and_due_at_once(self) -> None:
        """A stored notice is 待送达 with no attempt, due at its creation instant."""
        self._store_notices()
        with self.make_unit_of_work() as uow:
            assert Delivery(DeliveryStatus.PENDING, 0, T0) == uow.notices.delivery(
                sample_notice().key)
            assert [] == uow.notices.attempts(sample_notice().key)

    def test_deliveries_are_each_notices_delivery(self) -> None:
        """deliveries() gives, by key, what delivery() gives for each key — stored, changed
        in the unit of work, or new in it — and NotFound for a key no notice has."""
        first = sample_notice()
        second = sample_notice("escalation:m-1:2.reminder:u-1:r1")
        self._store_notices(first, second)
        with self.make_unit_of_work() as uow:
            uow.notices.claim(worker="w1", now=T0, lease_until=T0 + 5 * _MINUTE, limit=1)
            new = sample_notice("escalation:m-1:3.reminder:u-1:r1")
            uow.notices.add_if_absent(new)
            keys = [second.key, new.key, first.key, second.key]
            assert {k: uow.notices.delivery(k) for k in keys} == uow.notices.deliveries(keys)
            assert [second.key, new.key, first.key] == list(uow.notices.deliveries(keys))
            assert {} == uow.notices.deliveries([])
            with pytest.raises(NotFound):
                uow.notices.deliveries([first.key, "escalation:none"])

    def test_notices_are_listed_per_matter_and_per_office(self) -> None:
        """for_matter() and list(offices=…) return only the matter's and the offices' own."""
        mine = sample_notice()
        other = sample_notice("escalation:m-9:1.reminder:u-1:r1", office_id=OTHER_OFFICE,
                              matter_id="m-9")
        self._store_notices(mine, other)
        with self.make_unit_of_work() as uow:
            assert [mine] == uow.notices.for_matter("m-1")
            assert [mine] == uow.notices.list(offices=[OFFICE])
            assert [other] == uow.notices.list(offices=[OTHER_OFFICE])
            assert [mine, other] == uow.notices.list(
                offices=None, status=DeliveryStatus.PENDING, since=T0, until=T0 + _MINUTE)
            assert [] == uow.notices.list(offices=None, status=DeliveryStatus.DELIVERED)

    def test_a_claim_begins_an_attempt_under_the_workers_lease(self) -> None:
        """claim() takes the due notice: 送达中, attempt 1 by the worker, due again when the
        lease ends; the attempt is open (no outcome)."""
        self._store_notices()
        with self.make_unit_of_work() as uow:
            claims = uow.notices.claim(worker="w1", now=T0, lease_until=T0 + 5 * _MINUTE)
            assert [(sample_notice().key, 1, "w1")] == [
                (c.notice.key, c.attempt, c.worker) for c in claims]
            uow.commit()
        with self.make_unit_of_work() as uow:
            delivery = uow.notices.delivery(sample_notice().key)
            assert (DeliveryStatus.SENDING, 1, T0 + 5 * _MINUTE, "w1") == (
                delivery.status, delivery.attempts, delivery.due_at, delivery.claimed_by)
            [attempt] = uow.notices.attempts(sample_notice().key)
            assert (1, "w1", T0, None) == (attempt.number, attempt.worker, attempt.started_at,
                                           attempt.outcome)

    def test_a_notice_not_yet_due_is_not_claimed(self) -> None:
        """A notice written after ``now`` is not taken."""
        self._store_notices(sample_notice(created_at=T0 + 10 * _MINUTE))
        assert [] == self._claim("w1", T0)

    def test_a_claimed_notice_is_not_claimed_again_while_its_lease_runs(self) -> None:
        """A second worker finds nothing while the first worker's lease runs."""
        self._store_notices()
        assert [sample_notice().key] == self._claim("w1", T0)
        assert [] == self._claim("w2", T0 + 4 * _MINUTE)

    def test_an_expired_lease_is_taken_over_and_its_attempt_ended_abandoned(self) -> None:
        """After the lease ends another worker begins attempt 2; attempt 1 is ended 中断."""
        self._store_notices()
        self._claim("w1", T0)
        assert [sample_notice().key] == self._claim("w2", T0 + 6 * _MINUTE)
        with self.make_unit_of_work() as uow:
            first, second = uow.notices.attempts(sample_notice().key)
            assert (AttemptOutcome.ABANDONED, T0 + 6 * _MINUTE) == (first.outcome,
                                                                   first.finished_at)
            assert (2, "w2", None) == (second.number, second.worker, second.outcome)

    def test_a_delivered_notice_is_never_claimed_again(self) -> None:
        """finish(DELIVERED) makes it 已送达 at that instant, the attempt 送达 with its
        receipt, and no later claim takes it."""
        self._store_notices()
        with self.make_unit_of_work() as uow:
            [claim] = uow.notices.claim(worker="w1", now=T0, lease_until=T0 + _MINUTE)
            uow.notices.finish(claim, at=T0 + 10 * dt.timedelta(seconds=1),
                               outcome=AttemptOutcome.DELIVERED, receipt="msg-1")
            uow.commit()
        with self.make_unit_of_work() as uow:
            delivery = uow.notices.delivery(sample_notice().key)
            assert (DeliveryStatus.DELIVERED, None, T0 + dt.timedelta(seconds=10), "msg-1") == (
                delivery.status, delivery.due_at, delivery.delivered_at, delivery.receipt)
            [attempt] = uow.notices.attempts(sample_notice().key)
            assert (AttemptOutcome.DELIVERED, "msg-1") == (attempt.outcome, attempt.receipt)
        assert [] == self._claim("w2", T0 + dt.timedelta(days=1))

    def test_a_failed_attempt_is_retried_at_its_retry_time(self) -> None:
        """finish(FAILED, retry_at=…) makes it 待送达 again, taken at the retry time only."""
        self._store_notices()
        with self.make_unit_of_work() as uow:
            [claim] = uow.notices.claim(worker="w1", now=T0, lease_until=T0 + _MINUTE)
            uow.notices.finish(claim, at=T0, outcome=AttemptOutcome.FAILED, error="503",
                               retry_at=T0 + 2 * _MINUTE)
            uow.commit()
        assert [] == self._claim("w1", T0 + _MINUTE)
        assert [sample_notice().key] == self._claim("w1", T0 + 2 * _MINUTE)
        with self.make_unit_of_work() as uow:
            first, second = uow.notices.attempts(sample_notice().key)
            assert (AttemptOutcome.FAILED, "503", 2) == (first.outcome, first.error,
                                                         second.number)

    def test_a_failure_without_retry_is_final_until_requeued(self) -> None:
        """finish(FAILED) with no retry time makes it 未送达; requeue() makes it 待送达 again,
        and requeueing a notice that did not fail is refused."""
        self._store_notices()
        with self.make_unit_of_work() as uow:
            [claim] = uow.notices.claim(worker="w1", now=T0, lease_until=T0 + _MINUTE)
            uow.notices.finish(claim, at=T0, outcome=AttemptOutcome.FAILED, error="no such user")
            uow.commit()
        assert [] == self._claim("w1", T0 + dt.timedelta(days=30))
        with self.make_unit_of_work() as uow:
            assert DeliveryStatus.FAILED is uow.notices.delivery(sample_notice().key).status
            uow.notices.requeue(sample_notice().key, at=T0 + _MINUTE)
            uow.commit()
        with self.make_unit_of_work() as uow:
            assert DeliveryStatus.PENDING is uow.notices.delivery(sample_notice().key).status
            with pytest.raises(RuleViolation):
                uow.notices.requeue(sample_notice().key, at=T0)

    def test_a_stale_claim_cannot_record_its_outcome(self) -> None:
        """Once another worker took the notice over, the first worker's outcome is refused
        with ConcurrencyError (at finish or at commit) and the takeover's state stays."""
        self._store_notices()
        with self.make_unit_of_work() as uow:
            [stale] = uow.notices.claim(worker="w1", now=T0, lease_until=T0 + _MINUTE)
            uow.commit()
        self._claim("w2", T0 + 2 * _MINUTE)
        with self.make_unit_of_work() as uow:

            def record() -> None:
                uow.notices.finish(stale, at=T0 + 3 * _MINUTE, outcome=AttemptOutcome.DELIVERED)
                uow.commit()

            with pytest.raises(ConcurrencyError):
                record()
        with self.make_unit_of_work() as uow:
            delivery = uow.notices.delivery(sample_notice().key)
            assert (DeliveryStatus.SENDING, 2, "w2") == (delivery.status, delivery.attempts,
                                                        delivery.claimed_by)

    def test_claims_are_limited_to_the_offices_asked_for(self) -> None:
        """claim(offices=…) never takes another office's notice."""
        other = sample_notice("escalation:m-9:1.reminder:u-1:r1", office_id=OTHER_OFFICE,
                              matter_id="m-9")
        self._store_notices(sample_notice(), other)
        with self.make_unit_of_work() as uow:
            claims = uow.notices.claim(worker="w1", now=T0, lease_until=T0 + _MINUTE,
                                       offices=[OTHER_OFFICE])
            uow.commit()
        assert [other.key] == [c.notice.key for c in claims]

    def test_claims_are_ordered_by_due_time_and_limited(self) -> None:
        """claim(limit=…) takes the notices due first, up to the limit."""
        early = sample_notice("escalation:a", created_at=T0 - _MINUTE)
        late = sample_notice("escalation:b", created_at=T0)
        self._store_notices(late, early)
        with self.make_unit_of_work() as uow:
            claims = uow.notices.claim(worker="w1", now=T0, lease_until=T0 + _MINUTE, limit=1)
            uow.commit()
        assert [early.key] == [c.notice.key for c in claims]

    def test_a_claim_refuses_a_bad_limit_or_lease(self) -> None:
        """limit outside 1–10000 or a lease not after now is InvalidInput."""
        with self.make_unit_of_work() as uow:
            with pytest.raises(InvalidInput):
                uow.notices.claim(worker="w1", now=T0, lease_until=T0 + _MINUTE, limit=0)
            with pytest.raises(InvalidInput):
                uow.notices.claim(worker="w1", now=T0, lease_until=T0)

    # --------------------------------------------------------------- objections
    def test_an_objection_is_stored_once_by_id(self) -> None:
        """add() stores a new objection; the same id again is DuplicateRecord."""
        objection = sample_objection()
        with self.make_unit_of_work() as uow:
            uow.objections.add(objection)
            uow.commit()
        with self.make_unit_of_work() as uow:
            assert objection == uow.objections.get(objection.id)
            with pytest.raises(DuplicateRecord):
                uow.objections.add(objection)

    def test_an_objection_update_names_the_version_it_read(self) -> None:
        """update() with the version read stores it; a stale version is ConcurrencyError."""
        objection = sample_objection()
        with self.make_unit_of_work() as uow:
            uow.objections.add(objection)
            uow.commit()
        answered = attrs.evolve(objection, version=2)
        with self.make_unit_of_work() as uow:
            uow.objections.update(answered, expected_version=1)
            uow.commit()
        with self.make_unit_of_work() as uow:
            assert 2 == uow.objections.get(objection.id).version
            with pytest.raises(ConcurrencyError):
                uow.objections.update(attrs.evolve(objection, version=3), expected_version=1)

    def test_overdue_objections_are_the_open_ones_due(self) -> None:
        """overdue(before=…) lists unanswered objections due by then, of the offices asked."""
        due = sample_objection(answer_due_at=T0 + _MINUTE)
        later = sample_objection("m-1:3.bulletin:u-1:r1", answer_due_at=T0 + 3 * _MINUTE)
        other = sample_objection("m-9:2.bulletin:u-1:r1", office_id=OTHER_OFFICE,
                                 matter_id="m-9", answer_due_at=T0)
        with self.make_unit_of_work() as uow:
            for objection in (due, later, other):
                uow.objections.add(objection)
            uow.commit()
        with self.make_unit_of_work() as uow:
            assert [due.id] == [o.id for o in uow.objections.overdue(
                before=T0 + 2 * _MINUTE, offices=[OFFICE])]
            assert [due, later] == uow.objections.for_matter("m-1")
            assert [other] == uow.objections.list(offices=[OTHER_OFFICE], open_only=True)
