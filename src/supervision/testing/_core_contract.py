"""The storage contract, part 1: transactions, uniqueness, versions, numbering, matter
queries and the sweep's wakes (see :mod:`supervision.ports`)."""

from __future__ import annotations

import contextlib
import datetime as dt

import attrs
import pytest

from supervision.calendar import SHANGHAI
from supervision.domain.lifecycle import Status
from supervision.domain.model import RegistrationNumber, Unit, UnitKind
from supervision.exceptions import (
    ConcurrencyError,
    DuplicateRecord,
    InvalidInput,
    MatterNotFound,
    UnitNotFound,
    UnitOfWorkInUse,
)
from supervision.ports import WAKE_UNKNOWN

from ._contract_base import ContractBase
from ._samples import OFFICE, PREFIX, T0, bumped, sample_matter, sample_unit

__all__ = ["CoreContract"]


class CoreContract(ContractBase):
    """Transactions, uniqueness, optimistic versions, numbering, queries and wakes."""

    # --------------------------------------------------------------- atomicity
    def test_nothing_persists_without_commit(self) -> None:
        """Leaving the unit of work without commit stores nothing."""
        matter, event = sample_matter()
        with self.make_unit_of_work() as uow:
            uow.matters.add(matter)
            uow.events.append([event])
            uow.numbers.next(OFFICE, PREFIX, 2026)
        with self.make_unit_of_work() as uow:
            with pytest.raises(MatterNotFound):
                uow.matters.get(matter.id)
            assert [] == uow.events.for_matter(matter.id)
            assert 0 == uow.numbers.current(OFFICE, PREFIX, 2026)

    def test_an_exception_rolls_everything_back(self) -> None:
        """An exception inside the block leaves no matter and no event behind."""
        matter, event = sample_matter()

        def fail_inside() -> None:
            with self.make_unit_of_work() as uow:
                uow.matters.add(matter)
                uow.events.append([event])
                raise RuntimeError("boom")

        with pytest.raises(RuntimeError):
            fail_inside()
        with self.make_unit_of_work() as uow:
            assert [] == uow.matters.list(offices=None)
            assert [] == uow.events.list()

    def test_explicit_rollback_discards_changes(self) -> None:
        """rollback() forgets what was staged; a later commit stores nothing of it."""
        matter, _event = sample_matter()
        with self.make_unit_of_work() as uow:
            uow.matters.add(matter)
            uow.rollback()
            uow.commit()
        with self.make_unit_of_work() as uow:
            assert [] == uow.matters.list(offices=None)

    def test_entering_an_entered_unit_of_work_is_refused(self) -> None:
        """Entering a unit of work again inside its own block raises UnitOfWorkInUse and
        keeps what it staged: the outer block still commits it."""
        matter, event = sample_matter()
        uow = self.make_unit_of_work()
        with uow:
            uow.matters.add(matter)
            uow.events.append([event])
            with pytest.raises(UnitOfWorkInUse):
                uow.__enter__()
            assert matter == uow.matters.get(matter.id)
            uow.commit()
        with self.make_unit_of_work() as again:
            assert matter == again.matters.get(matter.id)

    def test_a_committed_matter_reads_back_equal(self) -> None:
        """What was committed is what a new unit of work reads, by id and by number."""
        matter = self._add()
        with self.make_unit_of_work() as uow:
            assert matter == uow.matters.get(matter.id)
            assert matter == uow.matters.get_by_number(OFFICE, matter.number)

    def test_a_unit_of_work_sees_its_own_changes(self) -> None:
        """Inside one unit of work an added matter can be read before commit."""
        matter, _event = sample_matter()
        with self.make_unit_of_work() as uow:
            uow.matters.add(matter)
            assert matter == uow.matters.get(matter.id)
            assert matter == uow.matters.get_by_number(OFFICE, matter.number)

    # -------------------------------------------------------------- uniqueness
    def test_matter_ids_are_unique(self) -> None:
        """Adding a second matter with the same id raises DuplicateRecord."""
        self._add("m-1", 1)
        other, _ = sample_matter("m-1", 2)
        with self.make_unit_of_work() as uow, pytest.raises(DuplicateRecord):
            uow.matters.add(other)

    def test_registration_numbers_are_unique_in_an_office(self) -> None:
        """Two matters of one office cannot share a registration number."""
        self._add("m-1", 1)
        other, _ = sample_matter("m-2", 1)
        with self.make_unit_of_work() as uow, pytest.raises(DuplicateRecord):
            uow.matters.add(other)

    def test_concurrent_registrations_with_one_number_store_only_one(self) -> None:
        """Two units of work adding the same number: the second commit fails, nothing of it
        is stored."""
        first, e1 = sample_matter("m-1", 7)
        second, e2 = sample_matter("m-2", 7)
        uow1 = self.make_unit_of_work()
        uow2 = self.make_unit_of_work()
        with uow1, uow2:
            uow1.matters.add(first)
            uow1.events.append([e1])
            uow2.matters.add(second)
            uow2.events.append([e2])
            uow1.commit()
            with pytest.raises((DuplicateRecord, ConcurrencyError)):
                uow2.commit()
        with self.make_unit_of_work() as uow:
            assert ["m-1"] == [m.id for m in uow.matters.list(offices=None)]
            assert [] == uow.events.for_matter("m-2")

    def test_unit_ids_are_unique_in_an_office(self) -> None:
        """Adding a unit of an office twice raises DuplicateRecord."""
        unit = sample_unit("u-1", "经济发展局")
        with self.make_unit_of_work() as uow:
            uow.units.add(unit)
            uow.commit()
        with self.make_unit_of_work() as uow, pytest.raises(DuplicateRecord):
            uow.units.add(attrs.evolve(unit, name="另一个经济发展局"))

    def test_event_ids_and_versions_are_unique(self) -> None:
        """The same event, or another event for the same matter version, is refused."""
        _matter, event = sample_matter()
        self._add()
        with self.make_unit_of_work() as uow, pytest.raises(DuplicateRecord):
            uow.events.append([event])
        clash = attrs.evolve(event, event_id="other-id")
        with self.make_unit_of_work() as uow, pytest.raises(DuplicateRecord):
            uow.events.append([clash])

    # ---------------------------------------------------------------- not found
    def test_missing_records_raise_not_found(self) -> None:
        """Unknown matter ids, numbers and unit ids raise the library's NotFound errors."""
        with self.make_unit_of_work() as uow:
            with pytest.raises(MatterNotFound):
                uow.matters.get("nope")
            with pytest.raises(MatterNotFound):
                uow.matters.get_by_number(OFFICE, RegistrationNumber.of(PREFIX, 2026, 99))
            with pytest.raises(UnitNotFound):
                uow.units.get(OFFICE, "nope")
            with pytest.raises(UnitNotFound):
                uow.units.update(sample_unit("nope", "无此单位"))

    def test_updating_a_missing_matter_raises_not_found(self) -> None:
        """update() of a matter never stored raises MatterNotFound."""
        matter, _ = sample_matter()
        new, _ = bumped(matter)
        with self.make_unit_of_work() as uow, pytest.raises(MatterNotFound):
            uow.matters.update(new, expected_version=1)

    # ------------------------------------------------------------- concurrency
    def test_update_with_the_read_version_succeeds(self) -> None:
        """An update naming the version read is stored."""
        matter = self._add()
        new, event = bumped(matter, status=Status.APPROVED)
        with self.make_unit_of_work() as uow:
            uow.matters.update(new, expected_version=1)
            uow.events.append([event])
            uow.commit()
        with self.make_unit_of_work() as uow:
            assert 2 == uow.matters.get(matter.id).version
            assert Status.APPROVED is uow.matters.get(matter.id).status

    def test_update_with_a_stale_version_raises_concurrency_error(self) -> None:
        """An update naming an old version raises ConcurrencyError."""
        matter = self._add()
        new, _ = bumped(matter)
        with self.make_unit_of_work() as uow:
            uow.matters.update(new, expected_version=1)
            uow.commit()
        newer, _ = bumped(matter)
        with self.make_unit_of_work() as uow, pytest.raises(ConcurrencyError):
            uow.matters.update(newer, expected_version=1)

    def test_lost_update_is_refused_at_commit(self) -> None:
        """Two units of work read version 1; the second to commit fails with
        ConcurrencyError and nothing of it is stored (its event, refused as a duplicate
        when staged after the first commit, included)."""
        matter = self._add()
        uow1 = self.make_unit_of_work()
        uow2 = self.make_unit_of_work()
        with uow1, uow2:
            one, e1 = bumped(uow1.matters.get(matter.id), title="甲")
            two, e2 = bumped(uow2.matters.get(matter.id), title="乙")
            uow1.matters.update(one, expected_version=1)
            uow1.events.append([e1])
            uow2.matters.update(two, expected_version=1)
            uow1.commit()
            with contextlib.suppress(DuplicateRecord):
                uow2.events.append([e2])
            with pytest.raises(ConcurrencyError):
                uow2.commit()
        with self.make_unit_of_work() as uow:
            stored = uow.matters.get(matter.id)
            assert ("甲", 2) == (stored.title, stored.version)
            assert [1, 2] == [e.version for e in uow.events.for_matter(matter.id)]

    def test_a_concurrent_change_of_one_matter_version_is_a_concurrency_error(self) -> None:
        """Two units of work each stage a change of version 1 and its event before either
        commits: the second commit raises ConcurrencyError (never DuplicateRecord, though
        its event clashes with the first's)."""
        matter = self._add()
        uow1 = self.make_unit_of_work()
        uow2 = self.make_unit_of_work()
        with uow1, uow2:
            one, e1 = bumped(uow1.matters.get(matter.id), title="甲")
            two, e2 = bumped(uow2.matters.get(matter.id), title="乙")
            uow1.matters.update(one, expected_version=1)
            uow1.events.append([e1])
            uow2.matters.update(two, expected_version=1)
            uow2.events.append([e2])
            uow1.commit()
            with pytest.raises(ConcurrencyError):
                uow2.commit()
        with self.make_unit_of_work() as uow:
            assert "甲" == uow.matters.get(matter.id).title
            assert ["contract-leader"] == [
                e.actor_id for e in uow.events.for_matter(matter.id) if e.version == 2
            ]

    def test_a_concurrent_event_for_one_matter_version_is_a_concurrency_error(self) -> None:
        """Two units of work each append an event for the same new version of a matter
        (without updating it): the second commit raises ConcurrencyError."""
        matter = self._add()
        _one, e1 = bumped(matter)
        e2 = attrs.evolve(e1, actor_id="contract-other")
        uow1 = self.make_unit_of_work()
        uow2 = self.make_unit_of_work()
        with uow1, uow2:
            uow1.events.append([e1])
            uow2.events.append([e2])
            uow1.commit()
            with pytest.raises(ConcurrencyError):
                uow2.commit()
        with self.make_unit_of_work() as uow:
            assert ["contract-leader"] == [
                e.actor_id for e in uow.events.for_matter(matter.id) if e.version == 2
            ]

    def test_update_must_raise_the_version(self) -> None:
        """An update that does not raise the version is refused as invalid input."""
        matter = self._add()
        with self.make_unit_of_work() as uow, pytest.raises(InvalidInput):
            uow.matters.update(matter, expected_version=1)

    def test_an_update_may_not_move_a_matter_to_another_office(self) -> None:
        """A matter keeps its office: an update naming another office is invalid input."""
        matter = self._add()
        moved, _ = bumped(matter, office_id="contract-b")
        with self.make_unit_of_work() as uow, pytest.raises(InvalidInput):
            uow.matters.update(moved, expected_version=1)

    # ---------------------------------------------------------------- copies
    def test_reads_cannot_change_storage(self) -> None:
        """Changing a value read from storage (by evolve) changes nothing stored."""
        matter = self._add()
        with self.make_unit_of_work() as uow:
            read = uow.matters.get(matter.id)
            changed = attrs.evolve(read, title="改过的标题")
            assert "改过的标题" == changed.title
        with self.make_unit_of_work() as uow:
            assert matter.title == uow.matters.get(matter.id).title
            listed = uow.matters.list(offices=None)
            listed.clear()
            assert 1 == len(uow.matters.list(offices=None))

    # --------------------------------------------------------------- numbering
    def test_sequences_start_at_one_per_prefix_and_year(self) -> None:
        """Each (office, prefix, year) has its own sequence starting at 1."""
        with self.make_unit_of_work() as uow:
            assert 1 == uow.numbers.next(OFFICE, PREFIX, 2026)
            assert 2 == uow.numbers.next(OFFICE, PREFIX, 2026)
            assert 1 == uow.numbers.next(OFFICE, PREFIX, 2027)
            assert 1 == uow.numbers.next(OFFICE, "连督", 2026)
            uow.commit()
        with self.make_unit_of_work() as uow:
            assert 2 == uow.numbers.current(OFFICE, PREFIX, 2026)
            assert 3 == uow.numbers.next(OFFICE, PREFIX, 2026)

    def test_a_committed_number_is_never_handed_out_again(self) -> None:
        """After a commit, later units of work continue the sequence."""
        with self.make_unit_of_work() as uow:
            uow.numbers.next(OFFICE, PREFIX, 2026)
            uow.commit()
        with self.make_unit_of_work() as uow:
            assert 2 == uow.numbers.next(OFFICE, PREFIX, 2026)
            uow.commit()
        with self.make_unit_of_work() as uow:
            assert 3 == uow.numbers.next(OFFICE, PREFIX, 2026)

    def test_concurrent_number_allocation_never_duplicates(self) -> None:
        """Two units of work taking a number at once: both may not commit the same one."""
        uow1 = self.make_unit_of_work()
        uow2 = self.make_unit_of_work()
        with uow1, uow2:
            a = uow1.numbers.next(OFFICE, PREFIX, 2026)
            b = uow2.numbers.next(OFFICE, PREFIX, 2026)
            uow1.commit()
            if a == b:
                with pytest.raises(ConcurrencyError):
                    uow2.commit()
            else:
                uow2.commit()
        with self.make_unit_of_work() as uow:
            assert uow.numbers.current(OFFICE, PREFIX, 2026) in (1, 2)

    # ------------------------------------------------------------------ queries
    def test_list_filters_by_status_unit_and_parent(self) -> None:
        """list() applies each filter given and orders by registration time."""
        parent = self._add("m-1", 1, unit_id="u-1")
        self._add("m-2", 2, unit_id="u-2", parent_id=parent.id, at=T0 + dt.timedelta(hours=1))
        self._add("m-3", 3, unit_id="u-1", at=T0 + dt.timedelta(hours=2))
        with self.make_unit_of_work() as uow:
            assert ["m-1", "m-2", "m-3"] == [m.id for m in uow.matters.list(offices=None)]
            assert ["m-1", "m-3"] == [
                m.id for m in uow.matters.list(offices=[OFFICE], unit_id="u-1")
            ]
            assert ["m-2"] == [m.id for m in uow.matters.list(offices=None, parent_id="m-1")]
            assert 3 == len(uow.matters.list(offices=None, status=Status.DRAFT))
            assert [] == uow.matters.list(offices=None, status=Status.CLOSED)

    def test_list_due_returns_open_matters_due_before_an_instant(self) -> None:
        """list_due() finds open matters due before the instant, by due instant; drafts and
        matters due later are left out."""
        self._dispatch(self._add("m-1", 1), 10)
        self._dispatch(self._add("m-2", 2), 20)
        self._add("m-3", 3)
        with self.make_unit_of_work() as uow:
            assert [] == uow.matters.list_due(before=dt.datetime(2026, 3, 11, tzinfo=SHANGHAI))
            found = uow.matters.list_due(before=dt.datetime(2026, 3, 22, tzinfo=SHANGHAI))
            assert ["m-1", "m-2"] == [m.id for m in found]
            with pytest.raises(InvalidInput):
                uow.matters.list_due(before=dt.datetime(2026, 3, 22))

    def test_events_read_back_in_version_order(self) -> None:
        """for_matter() returns a matter's events by version; list(since=) filters by time."""
        matter = self._add()
        new, event = bumped(matter)
        with self.make_unit_of_work() as uow:
            uow.matters.update(new, expected_version=1)
            uow.events.append([event])
            uow.commit()
        with self.make_unit_of_work() as uow:
            assert [1, 2] == [e.version for e in uow.events.for_matter(matter.id)]
            assert 2 == len(uow.events.list(since=T0))
            assert [] == uow.events.list(since=T0 + dt.timedelta(seconds=1))

    def test_units_round_trip(self) -> None:
        """A unit reads back equal, and update() replaces it."""
        unit = sample_unit("u-1", "经济发展局", head_id="p-1", liaison_ids=("p-2", "p-3"))
        with self.make_unit_of_work() as uow:
            uow.units.add(unit)
            uow.commit()
        changed = attrs.evolve(unit, head_id="p-9")
        with self.make_unit_of_work() as uow:
            assert unit == uow.units.get(OFFICE, "u-1")
            uow.units.update(changed)
            uow.commit()
        with self.make_unit_of_work() as uow:
            assert [changed] == uow.units.list(OFFICE)

    def test_text_with_nul_is_refused(self) -> None:
        """NUL characters are refused before they reach storage (PostgreSQL refuses them)."""
        with self.make_unit_of_work() as uow, pytest.raises(InvalidInput):
            uow.units.add(Unit("u-x", "bad\x00name", UnitKind.OTHER, office_id=OFFICE))

    def test_aware_datetimes_round_trip_as_the_same_instant(self) -> None:
        """Registration time and event time read back as the same instant."""
        matter = self._add()
        with self.make_unit_of_work() as uow:
            stored = uow.matters.get(matter.id)
            assert T0 == stored.registered_at
            assert T0 == uow.events.for_matter(matter.id)[0].occurred_at

    # ---------------------------------------------------------- sweep paging
    def test_list_open_pages_open_matters_by_id(self) -> None:
        """list_open() returns open matters by id, after a key and up to a limit."""
        for i, matter_id in enumerate(("m-3", "m-1", "m-2", "m-4"), start=1):
            matter = self._add(matter_id, i)
            if matter_id != "m-4":
                self._dispatch(matter, 10)
        with self.make_unit_of_work() as uow:
            assert ["m-1", "m-2", "m-3"] == [m.id for m in uow.matters.list_open()]
            assert ["m-1", "m-2"] == [m.id for m in uow.matters.list_open(limit=2)]
            assert ["m-3"] == [m.id for m in uow.matters.list_open(after_id="m-2", limit=2)]
            with pytest.raises(InvalidInput):
                uow.matters.list_open(limit=0)

    # ------------------------------------------------------------ sweep wakes
    def test_a_new_matter_has_an_unknown_wake_and_is_due(self) -> None:
        """A matter never swept is due at any instant, reported with the unknown wake."""
        self._add("m-2", 2)
        self._add("m-1", 1)
        assert [(WAKE_UNKNOWN, "m-1"), (WAKE_UNKNOWN, "m-2")] == self._wakes(T0)

    def test_set_wake_selects_only_matters_due_in_wake_order(self) -> None:
        """Stored wakes select the matters due at or before an instant, ordered by wake then
        id, in keyset pages; a matter never to wake is never selected."""
        for i, matter_id in enumerate(("m-1", "m-2", "m-3", "m-4"), start=1):
            self._add(matter_id, i)
        later = T0 + dt.timedelta(days=3)
        with self.make_unit_of_work() as uow:
            uow.matters.set_wake("m-1", version=1, at=later)
            uow.matters.set_wake("m-2", version=1, at=T0)
            uow.matters.set_wake("m-3", version=1, at=None)
            uow.matters.set_wake("m-4", version=1, at=T0)
            assert 4 == len(uow.matters.wake_due(before=T0))  # not seen before commit
            uow.commit()
        assert [] == self._wakes(T0 - dt.timedelta(seconds=1))
        assert [(T0, "m-2"), (T0, "m-4")] == self._wakes(T0)
        assert [(T0, "m-2"), (T0, "m-4"), (later, "m-1")] == self._wakes(later)
        with self.make_unit_of_work() as uow:
            assert [(T0, "m-4")] == uow.matters.wake_due(before=later, limit=1,
                                                         after=(T0, "m-2"))
            with pytest.raises(InvalidInput):
                uow.matters.wake_due(before=later, limit=0)
            with pytest.raises(MatterNotFound):
                uow.matters.set_wake("m-9", version=1, at=T0)

    def test_setting_a_wake_keeps_the_version_and_a_change_forgets_it(self) -> None:
        """Setting a wake leaves the matter and its version as they were; updating the
        matter makes its wake unknown again; a wake set at an old version is skipped."""
        matter = self._add()
        later = T0 + dt.timedelta(days=3)
        with self.make_unit_of_work() as uow:
            uow.matters.set_wake(matter.id, version=1, at=later)
            uow.commit()
        with self.make_unit_of_work() as uow:
            assert matter == uow.matters.get(matter.id)
        assert [] == self._wakes(T0)
        moved, event = bumped(matter, title="改")
        with self.make_unit_of_work() as uow:
            uow.matters.update(moved, expected_version=1)
            uow.events.append([event])
            uow.commit()
        assert [(WAKE_UNKNOWN, matter.id)] == self._wakes(T0)
        with self.make_unit_of_work() as uow:
            uow.matters.set_wake(matter.id, version=1, at=later)  # read before the change
            uow.commit()
        assert [(WAKE_UNKNOWN, matter.id)] == self._wakes(T0)

    def test_reset_wakes_makes_every_matter_due(self) -> None:
        """After reset_wakes every matter is due again, those never to wake included."""
        self._add("m-1", 1)
        self._add("m-2", 2)
        with self.make_unit_of_work() as uow:
            uow.matters.set_wake("m-1", version=1, at=None)
            uow.matters.set_wake("m-2", version=1, at=T0 + dt.timedelta(days=1))
            uow.commit()
        assert [] == self._wakes(T0)
        with self.make_unit_of_work() as uow:
            uow.matters.reset_wakes()
            uow.commit()
        assert [(WAKE_UNKNOWN, "m-1"), (WAKE_UNKNOWN, "m-2")] == self._wakes(T0)
