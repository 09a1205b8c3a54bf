"""The storage contract, part 5: change numbers (``change_mark``, ``unit_changes``). What a
unit's changes after a mark give, added to what was read at the mark, is what reading the
unit whole gives now; a unit taken off a matter makes ``unit_changes`` answer None."""

from __future__ import annotations

import datetime as dt

import attrs

from supervision.domain.escalation import ProposalDecision
from supervision.domain.model import Assignment, AssignmentRole, Decision, Matter

from ._contract_base import ContractBase
from ._samples import OFFICE, OTHER_OFFICE, T0, bumped, sample_escalation

__all__ = ["ChangeContract"]


def _with_units(matter: Matter, lead: str, *co: str) -> Matter:
    return attrs.evolve(matter, assignments=(
        Assignment(lead, AssignmentRole.LEAD), *(Assignment(u, AssignmentRole.CO) for u in co)))


class ChangeContract(ContractBase):
    """Change numbers in commit order; a unit's changes after a mark."""

    def _mark(self) -> tuple[str, int]:
        with self.make_unit_of_work() as uow:
            return uow.matters.change_mark()

    def _changes(self, unit_id: str, after: int, office_id: str = OFFICE
                 ) -> dict[str, int] | None:
        with self.make_unit_of_work() as uow:
            return uow.matters.unit_changes(office_id=office_id, unit_id=unit_id, after=after)

    def _update(self, matter: Matter, **fields: object) -> Matter:
        moved, event = bumped(matter, **fields)
        with self.make_unit_of_work() as uow:
            uow.matters.update(moved, expected_version=matter.version)
            uow.events.append([event])
            uow.commit()
        return moved

    def test_a_units_changes_after_a_mark_are_the_matters_written_since(self) -> None:
        """unit_changes(after=n) gives id → version of the office's matters assigning the
        unit (any role) written after mark n, each commit raising the mark; other units'
        and other offices' writes are not among them; the epoch stays."""
        epoch, start = self._mark()
        first = self._add("m-1", 1)
        self._add("m-2", 2, unit_id="u-2")
        self._add("m-9", 9, office_id=OTHER_OFFICE)
        with self.make_unit_of_work() as uow:
            whole = uow.matters.versions(offices=[OFFICE], unit_id="u-1")
        assert {"m-1": 1} == whole == self._changes("u-1", start)
        epoch_after, middle = self._mark()
        assert (epoch, True) == (epoch_after, middle > start)
        self._update(_with_units(first, "u-1", "u-2"))
        assert {"m-1": 2} == self._changes("u-1", middle)
        assert {"m-1": 2, "m-2": 1} == self._changes("u-2", start)
        assert {} == self._changes("u-1", self._mark()[1])

    def test_a_units_changes_include_the_unit_of_works_own(self) -> None:
        """A matter added or updated in the unit of work reading is among its changes."""
        first = self._add("m-1", 1)
        mark = self._mark()[1]
        moved, _event = bumped(first, title="改")
        with self.make_unit_of_work() as uow:
            uow.matters.update(moved, expected_version=1)
            assert {"m-1": 2} == uow.matters.unit_changes(office_id=OFFICE, unit_id="u-1",
                                                          after=mark)

    def test_taking_a_unit_off_a_matter_makes_its_changes_unknown(self) -> None:
        """After a commit takes a unit off a matter, unit_changes for a mark before it
        answers None (read the unit whole); for a mark after it, the changes again."""
        first = self._add("m-1", 1)
        self._update(_with_units(first, "u-1", "u-2"))
        before = self._mark()[1]
        moved = self._update(_with_units(self._get_matter("m-1"), "u-1"))
        assert None is self._changes("u-2", before)
        after = self._mark()[1]
        assert {} == self._changes("u-2", after)
        self._update(moved, title="改")
        assert {"m-1": moved.version + 1} == self._changes("u-1", after)

    def _get_matter(self, matter_id: str) -> Matter:
        with self.make_unit_of_work() as uow:
            return uow.matters.get(matter_id)

    def test_a_units_escalations_after_a_mark_are_those_issued_or_decided_since(self) -> None:
        """escalations.unit_changes(after=n) gives the unit's escalations issued after mark
        n, and a proposal again once decided; not other units' ones."""
        reminder = sample_escalation("m-1", "u-1")
        proposal = sample_escalation("m-1", "u-1", proposal=True, occasion="r2")
        start = self._mark()[1]
        with self.make_unit_of_work() as uow:
            uow.escalations.add_if_absent(reminder)
            uow.escalations.add_if_absent(proposal)
            uow.escalations.add_if_absent(sample_escalation("m-2", "u-2"))
            uow.commit()
        with self.make_unit_of_work() as uow:
            assert ([e.key for e in uow.escalations.for_unit(OFFICE, "u-1")]
                    == [e.key for e in uow.escalations.unit_changes(OFFICE, "u-1",
                                                                    after=start)])
        mark = self._mark()[1]
        decision = ProposalDecision.of(Decision.ACCEPTED, "leader-1",
                                       T0 + dt.timedelta(days=3), opinion="同意问责")
        with self.make_unit_of_work() as uow:
            assert [] == uow.escalations.unit_changes(OFFICE, "u-1", after=mark)
            uow.escalations.decide(proposal.key, decision)
            staged = uow.escalations.unit_changes(OFFICE, "u-1", after=mark)
            assert [(proposal.key, decision)] == [(e.key, e.decision) for e in staged]
            uow.commit()
        with self.make_unit_of_work() as uow:
            assert [(proposal.key, decision)] == [
                (e.key, e.decision) for e in uow.escalations.unit_changes(OFFICE, "u-1",
                                                                          after=mark)]
