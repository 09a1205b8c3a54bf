"""The storage contract, part 2: escalations and score entries, inserted once by key, a
proposal decided once, a reversal compensating its entry once (see :mod:`supervision.ports`)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs
import pytest

from supervision.calendar import SHANGHAI
from supervision.domain.escalation import EscalationKind, ProposalDecision
from supervision.domain.model import Decision
from supervision.exceptions import (
    ConcurrencyError,
    DuplicateRecord,
    InvalidInput,
    NotFound,
    RuleViolation,
)

from ._contract_base import ContractBase
from ._samples import OFFICE, T0, sample_escalation, sample_score_entry

__all__ = ["RecordContract"]


class RecordContract(ContractBase):
    """Escalations (督办升级记录) and score entries (考核扣分/加分记录)."""

    # -------------------------------------------------------------- escalations
    def test_an_escalation_is_inserted_once_by_key(self) -> None:
        """add_if_absent() stores a new key (True) and ignores the same key again (False),
        inside one unit of work and across units of work."""
        first = sample_escalation()
        with self.make_unit_of_work() as uow:
            assert True is uow.escalations.add_if_absent(first)
            assert False is uow.escalations.add_if_absent(first)
            uow.commit()
        with self.make_unit_of_work() as uow:
            assert False is uow.escalations.add_if_absent(attrs.evolve(first, step=9))
            uow.commit()
        with self.make_unit_of_work() as uow:
            assert first == uow.escalations.get(first.key)
            assert [first] == uow.escalations.list(offices=None)

    def test_escalations_persist_only_on_commit(self) -> None:
        """An escalation added without commit is gone afterwards."""
        with self.make_unit_of_work() as uow:
            uow.escalations.add_if_absent(sample_escalation())
        with self.make_unit_of_work() as uow:
            assert [] == uow.escalations.list(offices=None)
            with pytest.raises(NotFound):
                uow.escalations.get(sample_escalation().key)

    def test_two_workers_inserting_one_key_store_it_once(self) -> None:
        """Two units of work inserting the same key: the second commit fails, one record."""
        record = sample_escalation()
        uow1 = self.make_unit_of_work()
        uow2 = self.make_unit_of_work()
        with uow1, uow2:
            assert uow1.escalations.add_if_absent(record)
            inserted = uow2.escalations.add_if_absent(record)
            uow1.commit()
            if inserted:
                with pytest.raises((DuplicateRecord, ConcurrencyError)):
                    uow2.commit()
        with self.make_unit_of_work() as uow:
            assert [record.key] == [e.key for e in uow.escalations.list(offices=None)]

    def test_escalations_round_trip_every_field(self) -> None:
        """Every field of an escalation reads back equal, instants as the same instant."""
        record = attrs.evolve(
            sample_escalation(proposal=True, options=("告诫约谈", "通报批评")),
            provisional=True, duty="", target="承办单位和个人", document="《督办通报》",
        )
        duty = attrs.evolve(
            sample_escalation(matter_id="m-2", unit_id=None),
            key="m-2:duty.review:office:r1.feedback1", kind=EscalationKind.OFFICE_DUTY,
            action=None, step=None, trigger=None, duty="review", reply_due_at=None,
        )
        with self.make_unit_of_work() as uow:
            uow.escalations.add_if_absent(record)
            uow.escalations.add_if_absent(duty)
            uow.commit()
        with self.make_unit_of_work() as uow:
            assert record == uow.escalations.get(record.key)
            assert duty == uow.escalations.get(duty.key)

    def test_escalations_list_by_matter_unit_and_period(self) -> None:
        """for_matter(), for_unit() and list() filter and order by due instant, then key."""
        a = sample_escalation("m-1", "u-1", due_at=T0 + dt.timedelta(days=2))
        b = sample_escalation("m-1", "u-2", due_at=T0)
        c = sample_escalation("m-2", "u-1", due_at=T0 + dt.timedelta(days=40))
        with self.make_unit_of_work() as uow:
            for record in (a, b, c):
                uow.escalations.add_if_absent(record)
            uow.commit()
        with self.make_unit_of_work() as uow:
            assert [b.key, a.key] == [e.key for e in uow.escalations.for_matter("m-1")]
            assert [a.key, c.key] == [e.key for e in uow.escalations.for_unit(OFFICE, "u-1")]
            april = dt.datetime(2026, 4, 1, tzinfo=SHANGHAI)
            assert [a.key] == [
                e.key for e in uow.escalations.for_unit(OFFICE, "u-1", until=april)
            ]
            assert [c.key] == [e.key for e in uow.escalations.list(offices=None, since=april)]
            assert [] == uow.escalations.list(offices=None, pending_only=True)

    def test_a_proposal_is_decided_once(self) -> None:
        """decide() records a decision on a pending proposal; deciding again, or deciding a
        measure that is not a proposal, is refused."""
        proposal = sample_escalation(proposal=True, step=4)
        measure = sample_escalation(step=1)
        decision = ProposalDecision.of(
            Decision.ACCEPTED, "leader-1", T0 + dt.timedelta(days=3), opinion="同意问责"
        )
        with self.make_unit_of_work() as uow:
            uow.escalations.add_if_absent(proposal)
            uow.escalations.add_if_absent(measure)
            uow.commit()
        with self.make_unit_of_work() as uow:
            assert [proposal.key] == [
                e.key for e in uow.escalations.list(offices=[OFFICE], pending_only=True)
            ]
            decided = uow.escalations.decide(proposal.key, decision)
            assert decision == decided.decision
            uow.commit()
        with self.make_unit_of_work() as uow:
            assert decision == uow.escalations.get(proposal.key).decision
            assert [] == uow.escalations.list(offices=None, pending_only=True)
            with pytest.raises(RuleViolation):
                uow.escalations.decide(proposal.key, decision)
            with pytest.raises(RuleViolation):
                uow.escalations.decide(measure.key, decision)
            with pytest.raises(NotFound):
                uow.escalations.decide("nope", decision)

    def test_a_menu_decision_names_one_of_the_options(self) -> None:
        """Accepting a menu proposal needs a measure from its options."""
        proposal = sample_escalation(proposal=True, step=6, options=("告诫约谈", "通报批评"))
        with self.make_unit_of_work() as uow:
            uow.escalations.add_if_absent(proposal)
            uow.commit()
        with self.make_unit_of_work() as uow, pytest.raises(InvalidInput):
            uow.escalations.decide(
                proposal.key, ProposalDecision.of(Decision.ACCEPTED, "leader-1", T0)
            )
        chosen = ProposalDecision.of(Decision.ACCEPTED, "leader-1", T0, measure="通报批评")
        with self.make_unit_of_work() as uow:
            decided = uow.escalations.decide(proposal.key, chosen).decision
            assert decided is not None
            assert "通报批评" == decided.measure
            uow.commit()

    def test_two_deciders_cannot_both_decide(self) -> None:
        """Two units of work deciding one proposal: the second commit fails."""
        proposal = sample_escalation(proposal=True, step=4)
        with self.make_unit_of_work() as uow:
            uow.escalations.add_if_absent(proposal)
            uow.commit()
        yes = ProposalDecision.of(Decision.ACCEPTED, "leader-1", T0)
        no = ProposalDecision.of(Decision.REJECTED, "leader-2", T0)
        uow1 = self.make_unit_of_work()
        uow2 = self.make_unit_of_work()
        with uow1, uow2:
            uow1.escalations.decide(proposal.key, yes)
            uow2.escalations.decide(proposal.key, no)
            uow1.commit()
            with pytest.raises((ConcurrencyError, RuleViolation)):
                uow2.commit()
        with self.make_unit_of_work() as uow:
            stored = uow.escalations.get(proposal.key).decision
            assert stored is not None
            assert "leader-1" == stored.decided_by

    # ------------------------------------------------------------ score entries
    def test_a_score_entry_is_inserted_once_by_key(self) -> None:
        """add_if_absent() stores a new key and ignores it the second time."""
        entry = sample_score_entry()
        with self.make_unit_of_work() as uow:
            assert True is uow.scores.add_if_absent(entry)
            assert False is uow.scores.add_if_absent(entry)
            uow.commit()
        with self.make_unit_of_work() as uow:
            assert False is uow.scores.add_if_absent(entry)
            assert entry == uow.scores.get(entry.key)
            with pytest.raises(NotFound):
                uow.scores.get("nope")

    def test_score_entries_list_by_unit_matter_and_period(self) -> None:
        """for_unit(), for_matter() and list() filter by unit, traced matter and period key."""
        a = sample_score_entry("a", "u-1", matter_ids=("m-1", "m-2"))
        b = sample_score_entry("b", "u-2", period="2026-H1", occurred_at=T0 - dt.timedelta(1))
        c = sample_score_entry("c", "u-1", period="2027", matter_ids=())
        with self.make_unit_of_work() as uow:
            for entry in (a, b, c):
                uow.scores.add_if_absent(entry)
            uow.commit()
        with self.make_unit_of_work() as uow:
            assert ["b", "a", "c"] == [e.key for e in uow.scores.list(offices=None)]
            assert ["a", "c"] == [e.key for e in uow.scores.for_unit(OFFICE, "u-1")]
            assert ["a"] == [e.key for e in uow.scores.for_unit(OFFICE, "u-1", period="2026")]
            assert ["b"] == [e.key for e in uow.scores.list(offices=None, period="2026-H1")]
            assert ["a"] == [e.key for e in uow.scores.for_matter("m-2")]
            assert Decimal("-1") == uow.scores.get("a").points

    def test_a_reversal_compensates_an_existing_entry_once(self) -> None:
        """A compensating entry needs its original, and only one may compensate it."""
        entry = sample_score_entry()
        reversal = entry.reversal(reason="异议成立", recorded_by="leader-1", recorded_at=T0)
        with self.make_unit_of_work() as uow, pytest.raises(NotFound):
            uow.scores.add_if_absent(reversal)
        with self.make_unit_of_work() as uow:
            uow.scores.add_if_absent(entry)
            assert uow.scores.add_if_absent(reversal)
            uow.commit()
        second = attrs.evolve(reversal, key="another-reversal")
        with self.make_unit_of_work() as uow, pytest.raises(DuplicateRecord):
            uow.scores.add_if_absent(second)
        with self.make_unit_of_work() as uow:
            stored = uow.scores.get(reversal.key)
            assert (Decimal(1), entry.key) == (stored.points, stored.compensates)
