"""The storage contract, part 3: offices with their history, and the isolation of one
office's records from another's in the same storage (see :mod:`supervision.ports`)."""

from __future__ import annotations

import contextlib
import datetime as dt

import attrs
import pytest

from supervision.calendar import SHANGHAI
from supervision.domain.lifecycle import Status
from supervision.domain.model import Matter
from supervision.domain.office import OfficeEventKind, PolicyTerm
from supervision.exceptions import (
    ConcurrencyError,
    DuplicateRecord,
    InvalidInput,
    MatterNotFound,
    OfficeNotFound,
    UnitNotFound,
)
from supervision.ports import WAKE_UNKNOWN

from ._contract_base import ContractBase
from ._samples import (
    OFFICE,
    OTHER_OFFICE,
    PREFIX,
    T0,
    bumped,
    sample_escalation,
    sample_matter,
    sample_office,
    sample_office_event,
    sample_policy_ref,
    sample_score_entry,
    sample_unit,
)

__all__ = ["OfficeContract"]

_A, _B = [OFFICE], [OTHER_OFFICE]


class OfficeContract(ContractBase):
    """Offices (督查机构) and what each office sees of the shared storage."""

    # ------------------------------------------------------------------ offices
    def _add_office(self, office_id: str = OFFICE) -> None:
        with self.make_unit_of_work() as uow:
            uow.offices.add(sample_office(office_id))
            uow.offices.record(sample_office_event(office_id, 1))
            uow.commit()

    def test_an_office_reads_back_equal_and_lists_by_id(self) -> None:
        """A committed office (its policy terms and calendar choices included) reads back
        equal; list() gives every office by id; an unknown id is OfficeNotFound."""
        self._add_office(OTHER_OFFICE)
        self._add_office(OFFICE)
        with self.make_unit_of_work() as uow:
            assert sample_office(OFFICE) == uow.offices.get(OFFICE)
            assert [OFFICE, OTHER_OFFICE] == [o.id for o in uow.offices.list()]
            with pytest.raises(OfficeNotFound):
                uow.offices.get("contract-none")

    def test_an_office_persists_only_on_commit(self) -> None:
        """An office added without commit is gone afterwards, its history too."""
        with self.make_unit_of_work() as uow:
            uow.offices.add(sample_office())
            uow.offices.record(sample_office_event())
            assert sample_office() == uow.offices.get(OFFICE)
        with self.make_unit_of_work() as uow:
            assert [] == uow.offices.list()
            assert [] == uow.offices.history(OFFICE)

    def test_office_ids_are_unique(self) -> None:
        """Adding an office whose id exists raises DuplicateRecord, staged or committed."""
        self._add_office()
        with self.make_unit_of_work() as uow, pytest.raises(DuplicateRecord):
            uow.offices.add(sample_office(OFFICE, "另一个督查室"))
        with self.make_unit_of_work() as uow:
            uow.offices.add(sample_office(OTHER_OFFICE))
            with pytest.raises(DuplicateRecord):
                uow.offices.add(sample_office(OTHER_OFFICE))

    def test_an_office_update_names_the_version_it_read(self) -> None:
        """update() with the version read stores the change; a stale version raises
        ConcurrencyError; a version not raised is invalid input."""
        self._add_office()
        office = sample_office()
        term = PolicyTerm(sample_policy_ref(), dt.date(2027, 1, 1), T0, "leader-1", "新办法")
        changed = office.with_policy(term)
        with self.make_unit_of_work() as uow:
            with pytest.raises(InvalidInput):
                uow.offices.update(office, expected_version=1)
            uow.offices.update(changed, expected_version=1)
            uow.commit()
        with self.make_unit_of_work() as uow:
            assert changed == uow.offices.get(OFFICE)
            assert 2 == uow.offices.get(OFFICE).version
            with pytest.raises(ConcurrencyError):
                uow.offices.update(attrs.evolve(changed, name="改", version=2),
                                   expected_version=1)

    def test_two_editors_of_one_office_cannot_both_commit(self) -> None:
        """Two units of work update an office read at version 1: the second commit raises
        ConcurrencyError and the first change stays."""
        self._add_office()
        office = sample_office()
        uow1 = self.make_unit_of_work()
        uow2 = self.make_unit_of_work()
        with uow1, uow2:
            uow1.offices.update(attrs.evolve(office, name="甲", version=2), expected_version=1)
            uow1.offices.record(sample_office_event(OFFICE, 2, kind=OfficeEventKind.UPDATED))
            uow2.offices.update(attrs.evolve(office, name="乙", version=2), expected_version=1)
            uow2.offices.record(sample_office_event(OFFICE, 2, kind=OfficeEventKind.UPDATED))
            uow1.commit()
            with pytest.raises(ConcurrencyError):
                uow2.commit()
        with self.make_unit_of_work() as uow:
            assert ("甲", 2) == (uow.offices.get(OFFICE).name, uow.offices.get(OFFICE).version)
            assert [1, 2] == [e.version for e in uow.offices.history(OFFICE)]

    def test_the_office_history_is_append_only_by_version(self) -> None:
        """history() gives an office's events in version order, its own only; recording a
        version twice raises DuplicateRecord, staged or committed."""
        self._add_office()
        self._add_office(OTHER_OFFICE)
        second = sample_office_event(OFFICE, 2, kind=OfficeEventKind.POLICY_CHANGED)
        with self.make_unit_of_work() as uow:
            uow.offices.record(second)
            with pytest.raises(DuplicateRecord):
                uow.offices.record(second)
            uow.commit()
        with self.make_unit_of_work() as uow:
            assert [sample_office_event(OFFICE, 1), second] == uow.offices.history(OFFICE)
            assert [1] == [e.version for e in uow.offices.history(OTHER_OFFICE)]
            with pytest.raises(DuplicateRecord):
                uow.offices.record(attrs.evolve(second, actor_id="someone-else"))

    def test_a_concurrent_office_event_of_one_version_is_a_concurrency_error(self) -> None:
        """Two units of work each record version 2 of an office's history: the second
        commit raises ConcurrencyError (a concurrent change of the same office version)."""
        self._add_office()
        uow1 = self.make_unit_of_work()
        uow2 = self.make_unit_of_work()
        with uow1, uow2:
            uow1.offices.record(sample_office_event(OFFICE, 2, kind=OfficeEventKind.UPDATED))
            uow2.offices.record(sample_office_event(OFFICE, 2, kind=OfficeEventKind.UPDATED))
            uow1.commit()
            with pytest.raises(ConcurrencyError):
                uow2.commit()
        with self.make_unit_of_work() as uow:
            assert [1, 2] == [e.version for e in uow.offices.history(OFFICE)]

    # -------------------------------------------------------------- isolation
    def test_the_same_unit_id_lives_in_two_offices(self) -> None:
        """Units are unique by (office, id): two offices each keep their own u-1, read,
        listed and updated apart; another office's unit is not found."""
        mine = sample_unit("u-1", "经济发展局")
        theirs = sample_unit("u-1", "住建局", office_id=OTHER_OFFICE)
        with self.make_unit_of_work() as uow:
            uow.units.add(mine)
            uow.units.add(theirs)
            uow.units.add(sample_unit("u-2", "财政局", office_id=OTHER_OFFICE))
            uow.commit()
        with self.make_unit_of_work() as uow:
            uow.units.update(attrs.evolve(mine, head_id="p-9"))
            uow.commit()
        with self.make_unit_of_work() as uow:
            assert attrs.evolve(mine, head_id="p-9") == uow.units.get(OFFICE, "u-1")
            assert theirs == uow.units.get(OTHER_OFFICE, "u-1")
            assert ["u-1"] == [u.id for u in uow.units.list(OFFICE)]
            assert ["住建局", "财政局"] == [u.name for u in uow.units.list(OTHER_OFFICE)]
            with pytest.raises(UnitNotFound):
                uow.units.get(OFFICE, "u-2")

    def test_units_read_at_once_are_the_units_read_one_by_one(self) -> None:
        """``get_many`` gives each known id's unit as ``get`` does — stored, staged new,
        changed and not yet committed, another office's never — and leaves out the unknown
        ones (``get`` raises for them), also when some were read before."""
        with self.make_unit_of_work() as uow:
            uow.units.add(sample_unit("u-1", "经济发展局"))
            uow.units.add(sample_unit("u-2", "财政局"))
            uow.units.add(sample_unit("u-3", "住建局", office_id=OTHER_OFFICE))
            uow.commit()
        wanted = ["u-1", "u-2", "u-3", "u-4", "u-5", "u-2"]
        with self.make_unit_of_work() as uow:
            uow.units.update(attrs.evolve(uow.units.get(OFFICE, "u-2"), head_id="p-9"))
            uow.units.add(sample_unit("u-5", "教育局"))
            one_by_one = {}
            for unit_id in wanted:
                with contextlib.suppress(UnitNotFound):
                    one_by_one[unit_id] = uow.units.get(OFFICE, unit_id)
            assert ["u-1", "u-2", "u-5"] == sorted(one_by_one)
            assert one_by_one == uow.units.get_many(OFFICE, wanted)
        for first in ([], ["u-1"], ["u-4"]):
            with self.make_unit_of_work() as uow:
                for unit_id in first:
                    uow.units.get_many(OFFICE, [unit_id])
                many = uow.units.get_many(OFFICE, set(wanted))
                assert {"u-1": uow.units.get(OFFICE, "u-1"),
                        "u-2": uow.units.get(OFFICE, "u-2")} == many
                assert {"u-3": uow.units.get(OTHER_OFFICE, "u-3")} == uow.units.get_many(
                    OTHER_OFFICE, wanted)
                assert {} == uow.units.get_many(OFFICE, [])
                with pytest.raises(UnitNotFound):
                    uow.units.get(OFFICE, "u-4")

    def test_number_sequences_run_per_office(self) -> None:
        """Each office has its own sequence for one prefix and year, also when two units of
        work take their first numbers at once."""
        uow1 = self.make_unit_of_work()
        uow2 = self.make_unit_of_work()
        with uow1, uow2:
            assert 1 == uow1.numbers.next(OFFICE, PREFIX, 2026)
            assert 2 == uow1.numbers.next(OFFICE, PREFIX, 2026)
            assert 1 == uow2.numbers.next(OTHER_OFFICE, PREFIX, 2026)
            uow1.commit()
            uow2.commit()
        with self.make_unit_of_work() as uow:
            assert (2, 1) == (uow.numbers.current(OFFICE, PREFIX, 2026),
                              uow.numbers.current(OTHER_OFFICE, PREFIX, 2026))
            assert 2 == uow.numbers.next(OTHER_OFFICE, PREFIX, 2026)

    def test_registration_numbers_are_unique_per_office(self) -> None:
        """Two offices may each hold 池开督〔2026〕1号; get_by_number finds each office's own
        and never another's."""
        mine = self._add("m-1", 1)
        theirs = self._add("m-2", 1, office_id=OTHER_OFFICE)
        self._add("m-3", 2, office_id=OTHER_OFFICE)
        with self.make_unit_of_work() as uow:
            assert mine == uow.matters.get_by_number(OFFICE, mine.number)
            assert theirs == uow.matters.get_by_number(OTHER_OFFICE, mine.number)
            with pytest.raises(MatterNotFound):
                uow.matters.get_by_number(OFFICE, attrs.evolve(mine.number, seq=2))
            with pytest.raises(MatterNotFound):
                uow.matters.get_by_number("contract-none", mine.number)

    def _two_offices(self) -> None:
        """m-a1, m-a2 of OFFICE and m-b1 of OTHER_OFFICE, all dispatched and due."""
        self._dispatch(self._add("m-a1", 1), 10)
        self._dispatch(self._add("m-b1", 1, office_id=OTHER_OFFICE), 11)
        self._dispatch(self._add("m-a2", 2, at=T0 + dt.timedelta(hours=1)), 12)

    def test_matter_lists_return_only_the_offices_asked_for(self) -> None:
        """list(offices=...) returns the matters of those offices only, staged ones
        included; an empty collection returns none; None returns every office's."""
        self._two_offices()
        staged, _ = sample_matter("m-b2", 2, office_id=OTHER_OFFICE)
        with self.make_unit_of_work() as uow:
            uow.matters.add(staged)
            assert ["m-a1", "m-a2"] == [m.id for m in uow.matters.list(offices=_A)]
            assert ["m-b1", "m-b2"] == [m.id for m in uow.matters.list(offices=_B)]
            assert ["m-a1", "m-a2"] == [
                m.id for m in uow.matters.list(offices=_A, unit_id="u-1")
            ]
            assert [] == uow.matters.list(offices=())
            assert 4 == len(uow.matters.list(offices=[OFFICE, OTHER_OFFICE]))
            assert 4 == len(uow.matters.list(offices=None))

    def test_list_open_returns_only_the_offices_asked_for(self) -> None:
        """list_open(offices=...) pages the open matters of those offices only."""
        self._two_offices()
        changed, _ = bumped(self._stored("m-b1"), title="改")
        with self.make_unit_of_work() as uow:
            uow.matters.update(changed, expected_version=2)
            assert ["m-a1", "m-a2"] == [m.id for m in uow.matters.list_open(offices=_A)]
            assert ["m-a2"] == [
                m.id for m in uow.matters.list_open(offices=_A, after_id="m-a1", limit=5)
            ]
            assert ["m-b1"] == [m.id for m in uow.matters.list_open(offices=_B)]
            assert 3 == len(uow.matters.list_open())

    def test_list_due_returns_only_the_offices_asked_for(self) -> None:
        """list_due(offices=...) returns the due matters of those offices only."""
        self._two_offices()
        later = dt.datetime(2026, 4, 1, tzinfo=SHANGHAI)
        changed, _ = bumped(self._stored("m-b1"), title="改")
        with self.make_unit_of_work() as uow:
            uow.matters.update(changed, expected_version=2)
            assert ["m-a1", "m-a2"] == [m.id for m in uow.matters.list_due(before=later,
                                                                           offices=_A)]
            assert ["m-b1"] == [m.id for m in uow.matters.list_due(before=later, offices=_B)]
            assert 3 == len(uow.matters.list_due(before=later))

    def test_wake_due_returns_only_the_offices_asked_for(self) -> None:
        """wake_due(offices=...) reports the wakes of those offices' matters only, staged
        changes included."""
        self._two_offices()
        with self.make_unit_of_work() as uow:
            for matter_id in ("m-a1", "m-a2", "m-b1"):
                uow.matters.set_wake(matter_id, version=2, at=T0)
            uow.commit()
        assert [(T0, "m-a1"), (T0, "m-a2")] == self._wakes(T0, _A)
        assert [(T0, "m-b1")] == self._wakes(T0, _B)
        staged, _ = sample_matter("m-b2", 2, office_id=OTHER_OFFICE)
        changed, _ = bumped(self._stored("m-a1"), title="改")
        with self.make_unit_of_work() as uow:
            uow.matters.add(staged)
            uow.matters.update(changed, expected_version=2)
            assert [(WAKE_UNKNOWN, "m-a1"), (T0, "m-a2")] == uow.matters.wake_due(
                before=T0, offices=_A)
            assert [(WAKE_UNKNOWN, "m-b2"), (T0, "m-b1")] == uow.matters.wake_due(
                before=T0, offices=_B)

    def test_event_lists_return_only_the_offices_asked_for(self) -> None:
        """events.list(offices=...) returns the events of those offices' matters only,
        staged ones included."""
        self._two_offices()
        staged, event = sample_matter("m-b2", 2, office_id=OTHER_OFFICE)
        with self.make_unit_of_work() as uow:
            uow.matters.add(staged)
            uow.events.append([event])
            assert {"m-a1", "m-a2"} == {e.matter_id for e in uow.events.list(offices=_A)}
            assert 4 == len(uow.events.list(offices=_A))
            assert {"m-b1", "m-b2"} == {e.matter_id for e in uow.events.list(offices=_B)}
            assert 3 == len(uow.events.list(offices=_B, since=T0))
            assert 7 == len(uow.events.list())

    def test_escalation_lists_return_only_the_offices_asked_for(self) -> None:
        """escalations.list(offices=...) and for_unit(office, unit) return the escalations
        of those offices only, staged ones included; the same unit id in another office is
        another unit."""
        mine = sample_escalation("m-a1", "u-1")
        proposal = sample_escalation("m-a1", "u-1", proposal=True, step=4)
        theirs = sample_escalation("m-b1", "u-1", office_id=OTHER_OFFICE,
                                   due_at=T0 + dt.timedelta(days=1))
        with self.make_unit_of_work() as uow:
            uow.escalations.add_if_absent(mine)
            uow.escalations.add_if_absent(theirs)
            uow.commit()
        staged = sample_escalation("m-b2", "u-1", office_id=OTHER_OFFICE, proposal=True,
                                   step=4, due_at=T0 + dt.timedelta(days=2))
        with self.make_unit_of_work() as uow:
            uow.escalations.add_if_absent(proposal)
            uow.escalations.add_if_absent(staged)
            assert [mine.key, proposal.key] == sorted(
                e.key for e in uow.escalations.list(offices=_A))
            assert [theirs.key, staged.key] == [e.key for e in uow.escalations.list(offices=_B)]
            assert [staged.key] == [
                e.key for e in uow.escalations.list(offices=_B, pending_only=True)
            ]
            assert [theirs.key, staged.key] == [
                e.key for e in uow.escalations.for_unit(OTHER_OFFICE, "u-1")
            ]
            assert 2 == len(uow.escalations.for_unit(OFFICE, "u-1"))
            assert [] == uow.escalations.for_unit(OFFICE, "u-2")
            assert 4 == len(uow.escalations.list(offices=None))

    def test_score_lists_return_only_the_offices_asked_for(self) -> None:
        """scores.list(offices=...) and for_unit(office, unit) return the entries of those
        offices only, staged ones included."""
        with self.make_unit_of_work() as uow:
            uow.scores.add_if_absent(sample_score_entry("a1", "u-1"))
            uow.scores.add_if_absent(sample_score_entry("b1", "u-1", office_id=OTHER_OFFICE))
            uow.commit()
        with self.make_unit_of_work() as uow:
            uow.scores.add_if_absent(sample_score_entry(
                "b2", "u-1", office_id=OTHER_OFFICE, occurred_at=T0 + dt.timedelta(hours=1)))
            assert ["a1"] == [e.key for e in uow.scores.list(offices=_A)]
            assert ["b1", "b2"] == [e.key for e in uow.scores.list(offices=_B)]
            assert ["b1", "b2"] == [
                e.key for e in uow.scores.for_unit(OTHER_OFFICE, "u-1", period="2026")
            ]
            assert ["a1"] == [e.key for e in uow.scores.for_unit(OFFICE, "u-1")]
            assert [] == uow.scores.list(offices=_A, period="2027")
            assert 3 == len(uow.scores.list(offices=None))

    # --------------------------------------------------------- quiet matters
    def _closed(self, matter_id: str, at: dt.datetime) -> None:
        """Store the dispatched matter as closed by an event at ``at``."""
        matter = self._stored(matter_id)
        moved, event = bumped(matter, status=Status.CLOSED)
        event = attrs.evolve(event, occurred_at=at)
        with self.make_unit_of_work() as uow:
            uow.matters.update(moved, expected_version=matter.version)
            uow.events.append([event])
            uow.commit()

    def test_settle_quiet_gives_no_wake_to_the_quiet_matters_no_longer_open(self) -> None:
        """settle_quiet(since=…, offices=…) gives no wake, at commit, to the matters of those
        offices that are not open nor before dispatch, whose wake is unknown and which have
        no event at or after ``since``: an open matter, a draft, a matter with a recent
        event, one with a known wake, another office's, are left as they were."""
        self._two_offices()  # m-a1, m-a2 of _A and m-b1 of _B, dispatched
        self._add("m-a3", 3)  # a draft
        self._dispatch(self._add("m-a4", 4), 13)
        self._dispatch(self._add("m-a5", 5), 14)
        later = T0 + dt.timedelta(days=30)
        self._closed("m-a1", T0)
        self._closed("m-b1", T0)
        self._closed("m-a4", later)  # its last event is recent
        self._closed("m-a5", T0)
        with self.make_unit_of_work() as uow:
            uow.matters.set_wake("m-a5", version=3, at=later)
            uow.commit()
        since = T0 + dt.timedelta(days=1)
        with self.make_unit_of_work() as uow:
            uow.matters.settle_quiet(since=since, offices=_A)
            uow.rollback()
        unknown = [(WAKE_UNKNOWN, i) for i in ("m-a1", "m-a2", "m-a3", "m-a4", "m-b1")]
        assert unknown == self._wakes(T0)  # rolled back: nothing
        with self.make_unit_of_work() as uow:
            uow.matters.settle_quiet(since=since, offices=_A)
            assert unknown == uow.matters.wake_due(before=T0)  # not before commit
            uow.commit()
        assert [(WAKE_UNKNOWN, i) for i in ("m-a2", "m-a3", "m-a4", "m-b1")] == self._wakes(T0)
        assert [(later, "m-a5")] == [w for w in self._wakes(later) if w[1] == "m-a5"]
        assert 3 == self._stored("m-a1").version  # the matter itself is untouched
        with self.make_unit_of_work() as uow:
            uow.matters.settle_quiet(since=None, offices=None)  # whatever their events
            uow.commit()
        assert [(WAKE_UNKNOWN, i) for i in ("m-a2", "m-a3")] == self._wakes(T0)
        changed, _ = bumped(self._stored("m-a1"), title="改")
        with self.make_unit_of_work() as uow:
            uow.matters.update(changed, expected_version=3)
            uow.commit()
        assert (WAKE_UNKNOWN, "m-a1") in self._wakes(T0)  # a change forgets it, as ever
        with self.make_unit_of_work() as uow, pytest.raises(InvalidInput):
            uow.matters.settle_quiet(since=dt.datetime(2026, 1, 1), offices=None)  # naive

    def _stored(self, matter_id: str) -> Matter:
        with self.make_unit_of_work() as uow:
            return uow.matters.get(matter_id)
