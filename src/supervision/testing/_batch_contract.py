"""The storage contract, part 4: the batched reads the sweep uses for a page of matters
(``get_many``, ``for_matters``, ``set_wakes``) give what the one-at-a-time reads give, and
``claim_due`` shares the due matters between units of work (see :mod:`supervision.ports`)."""

from __future__ import annotations

import datetime as dt

import pytest

from supervision.domain.model import Matter
from supervision.exceptions import DuplicateRecord, MatterNotFound
from supervision.ports import WAKE_UNKNOWN

from ._contract_base import ContractBase
from ._samples import T0, bumped, sample_escalation, sample_matter, sample_score_entry

__all__ = ["BatchContract"]


class BatchContract(ContractBase):
    """Batched reads equal to the single reads; claims."""

    #: Whether a second open unit of work skips the matters another one claimed (True for
    #: PostgreSQL and memory; SQLite has one writer at a time, so the second one waits).
    claims_skip_concurrently = True

    def _mixed(self) -> list[str]:
        """Three committed matters with events, escalations and score entries (one with
        none), and a fourth one staged-only in the reading unit of work's tests."""
        ids = ["m-1", "m-2", "m-3"]
        for seq, matter_id in enumerate(ids, start=1):
            self._add(matter_id, seq)
        moved, event = bumped(self._get("m-1"), title="改")
        with self.make_unit_of_work() as uow:
            uow.matters.update(moved, expected_version=1)
            uow.events.append([event])
            uow.escalations.add_if_absent(sample_escalation("m-1", occasion="r2",
                                                            due_at=T0 + dt.timedelta(days=1)))
            uow.escalations.add_if_absent(sample_escalation("m-1"))
            uow.escalations.add_if_absent(sample_escalation("m-3"))
            uow.scores.add_if_absent(sample_score_entry("k-1", matter_ids=("m-1", "m-3")))
            uow.scores.add_if_absent(sample_score_entry("k-2", matter_ids=("m-3",)))
            uow.commit()
        return ids

    def _get(self, matter_id: str) -> Matter:
        with self.make_unit_of_work() as uow:
            return uow.matters.get(matter_id)

    def test_get_many_gives_each_matter_as_get_does_in_the_order_asked(self) -> None:
        """get_many returns the matters asked for in that order, each equal to get's,
        this unit of work's own changes included."""
        self._mixed()
        staged, _event = sample_matter("m-4", 4)
        with self.make_unit_of_work() as uow:
            uow.matters.add(staged)
            asked = ["m-3", "m-4", "m-1"]
            assert [uow.matters.get(i) for i in asked] == uow.matters.get_many(asked)
            assert [] == uow.matters.get_many([])

    def test_get_many_of_an_unknown_id_is_matter_not_found(self) -> None:
        """An unknown id among many raises MatterNotFound, as get does."""
        self._mixed()
        with self.make_unit_of_work() as uow, pytest.raises(MatterNotFound):
            uow.matters.get_many(["m-1", "m-9"])

    def test_for_matters_gives_what_for_matter_gives_for_each_id(self) -> None:
        """events, escalations and score entries for_matters equal for_matter of each id
        (an id without records maps to an empty list; staged records included)."""
        ids = [*self._mixed(), "m-9"]
        with self.make_unit_of_work() as uow:
            uow.escalations.add_if_absent(sample_escalation("m-2"))
            uow.scores.add_if_absent(sample_score_entry("k-3", matter_ids=("m-2",)))
            assert {i: uow.events.for_matter(i) for i in ids} == uow.events.for_matters(ids)
            assert ({i: uow.escalations.for_matter(i) for i in ids}
                    == uow.escalations.for_matters(ids))
            assert {i: uow.scores.for_matter(i) for i in ids} == uow.scores.for_matters(ids)
            assert 2 == len(uow.escalations.for_matters(ids)["m-1"])
            assert 2 == len(uow.scores.for_matters(ids)["m-3"])

    def test_set_wakes_stores_what_set_wake_stores(self) -> None:
        """set_wakes records every wake given, in one call, as set_wake does one by one."""
        self._mixed()
        later = T0 + dt.timedelta(days=2)
        with self.make_unit_of_work() as uow:
            uow.matters.set_wakes([("m-1", 2, T0), ("m-2", 1, None), ("m-3", 1, later)])
            uow.commit()
        assert [(T0, "m-1"), (later, "m-3")] == self._wakes(later)

    def test_set_wakes_with_an_unknown_id_stages_nothing(self) -> None:
        """An unknown id among the wakes raises MatterNotFound and none of them is stored."""
        self._mixed()
        with self.make_unit_of_work() as uow:
            with pytest.raises(MatterNotFound):
                uow.matters.set_wakes([("m-1", 2, None), ("m-9", 1, None)])
            uow.commit()
        assert 3 == len(self._wakes(T0))

    def test_claim_due_claims_the_due_matters_in_wake_order(self) -> None:
        """claim_due reports the committed matters due, as wake_due does, in keyset pages."""
        self._mixed()
        with self.make_unit_of_work() as uow:
            uow.matters.set_wake("m-2", version=1, at=T0 + dt.timedelta(days=9))
            uow.commit()
        with self.make_unit_of_work() as uow:
            assert [(WAKE_UNKNOWN, "m-1"), (WAKE_UNKNOWN, "m-3")] == uow.matters.claim_due(
                before=T0)
            assert [(WAKE_UNKNOWN, "m-3")] == uow.matters.claim_due(
                before=T0, after=(WAKE_UNKNOWN, "m-1"))

    def test_a_claimed_matter_is_skipped_by_another_unit_of_work_until_it_ends(self) -> None:
        """While one unit of work holds its claims another one's claim_due skips them; once
        the first ends (rollback or commit) they can be claimed again."""
        if not self.claims_skip_concurrently:
            pytest.skip("this storage has one writer at a time: a second claim waits")
        self._mixed()
        first = self.make_unit_of_work()
        with first:
            assert ["m-1"] == [i for _w, i in first.matters.claim_due(before=T0, limit=1)]
            with self.make_unit_of_work() as second:
                assert ["m-2", "m-3"] == [i for _w, i in second.matters.claim_due(before=T0)]
        with self.make_unit_of_work() as third:
            assert ["m-1", "m-2", "m-3"] == [i for _w, i in third.matters.claim_due(before=T0)]

    def test_versions_gives_the_version_of_each_matter_list_gives(self) -> None:
        """versions(offices, unit_id) maps each matter list(offices, unit_id=…) gives to its
        version, this unit of work's own changes included."""
        self._mixed()
        self._add("m-5", 5, unit_id="u-2")
        with self.make_unit_of_work() as uow:
            staged, _event = sample_matter("m-4", 4)
            uow.matters.add(staged)
            listed = uow.matters.list(offices=None, unit_id="u-1")
            assert {m.id: m.version for m in listed} == uow.matters.versions(
                offices=None, unit_id="u-1")
            assert {"m-5": 1} == uow.matters.versions(offices=None, unit_id="u-2")

    def test_add_many_stores_every_matter_or_none(self) -> None:
        """add_many stores each matter as add does; a number taken in storage raises
        DuplicateRecord (at commit at the latest) and stores none of the batch."""
        matters = [sample_matter(f"n-{i}", i)[0] for i in range(1, 4)]
        with self.make_unit_of_work() as uow:
            uow.matters.add_many(matters)
            uow.commit()
        with self.make_unit_of_work() as uow:
            assert matters == uow.matters.get_many([m.id for m in matters])
        clash = [sample_matter("n-9", 9)[0], sample_matter("n-8", 1)[0]]

        def store_clash() -> None:
            with self.make_unit_of_work() as uow:
                uow.matters.add_many(clash)
                uow.commit()

        with pytest.raises(DuplicateRecord):
            store_clash()
        with self.make_unit_of_work() as uow, pytest.raises(MatterNotFound):
            uow.matters.get("n-9")

    def test_two_units_of_work_adding_the_same_score_entries_cannot_both_commit(self) -> None:
        """Several score entries staged by two units of work at once: the second commit
        raises DuplicateRecord and stores none of its entries."""
        self._mixed()
        entries = [sample_score_entry(f"k-{i}", matter_ids=("m-2",)) for i in (7, 8)]
        first, second = self.make_unit_of_work(), self.make_unit_of_work()
        with first, second:
            for entry in entries:
                assert first.scores.add_if_absent(entry)
                assert second.scores.add_if_absent(entry)
            first.commit()
            with pytest.raises(DuplicateRecord):
                second.commit()
        with self.make_unit_of_work() as uow:
            assert ["k-7", "k-8"] == sorted(
                e.key for e in uow.scores.for_matters(["m-2"])["m-2"])
