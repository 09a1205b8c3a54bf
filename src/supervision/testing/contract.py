"""The contract every storage adapter passes (a pytest suite shipped with the library).

Subclass :class:`UnitOfWorkContract` in a test module and implement its one hook,
:meth:`~UnitOfWorkContract.make_unit_of_work`: each call returns a *new* unit of work on the
same storage, which starts empty for each test. The in-memory adapter's test is the whole
example::

    import functools
    from supervision.adapters.memory import InMemoryStore, InMemoryUnitOfWork
    from supervision.testing.contract import UnitOfWorkContract

    class TestInMemory(UnitOfWorkContract):
        @functools.cached_property
        def store(self) -> InMemoryStore:
            return InMemoryStore()

        def make_unit_of_work(self) -> InMemoryUnitOfWork:
            return InMemoryUnitOfWork(self.store)

The class name ends in ``Contract`` so pytest does not collect it directly. The suite needs
``pytest``; importing :mod:`supervision` never imports this module.
"""

from __future__ import annotations

import abc
import contextlib
import datetime as dt
from typing import Any

import attrs
import pytest

from supervision.calendar import SHANGHAI
from supervision.domain.actors import Actor, Role
from supervision.domain.events import Event, EventKind
from supervision.domain.handling import register as register_matter
from supervision.domain.lifecycle import Status
from supervision.domain.model import (
    Confidentiality,
    DeadlineTerms,
    DueDate,
    Matter,
    Registration,
    RegistrationNumber,
    Responsible,
    Source,
    SourceKind,
    Unit,
    UnitKind,
)
from supervision.exceptions import (
    ConcurrencyError,
    DuplicateRecord,
    InvalidInput,
    MatterNotFound,
    UnitNotFound,
)
from supervision.periods import Period
from supervision.ports import UnitOfWork

__all__ = ["UnitOfWorkContract", "sample_matter"]

_T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=SHANGHAI)
_CLERK = Actor.of("contract-clerk", Role.OFFICE_CLERK)


def sample_matter(
    matter_id: str = "m-1",
    seq: int = 1,
    *,
    at: dt.datetime = _T0,
    unit_id: str = "u-1",
    parent_id: str | None = None,
    title: str = "推进园区道路改造",
) -> tuple[Matter, Event]:
    """A registered matter and its REGISTERED event, for storage tests."""
    registration = Registration(
        title=title,
        requirements="按期完成并报送结果",
        source=Source.of(SourceKind.LEADER_INSTRUCTION, "批示"),
        lead_unit_id=unit_id,
        responsible=(Responsible("p-1", "责任人"),),
        deadline=DeadlineTerms.stated(Period.days(15)),
        confidentiality=Confidentiality.none(),
        parent_id=parent_id,
    )
    change = register_matter(
        matter_id,
        RegistrationNumber.of("池开督", at.year, seq),
        registration,
        registration.deadline or DeadlineTerms.stated(Period.days(15)),
        _CLERK,
        at,
    )
    return change.matter, change.event


def _bumped(matter: Matter, **fields: Any) -> tuple[Matter, Event]:
    new = attrs.evolve(matter, version=matter.version + 1, **fields)
    event = Event(
        Event.make_id(new.id, new.version),
        new.id,
        EventKind.APPROVED,
        "contract-leader",
        _T0,
        matter.status,
        new.status,
        new.version,
    )
    return new, event


class UnitOfWorkContract(abc.ABC):
    """The storage contract (see :mod:`supervision.ports`). Implement one hook."""

    @abc.abstractmethod
    def make_unit_of_work(self) -> UnitOfWork:
        """A new unit of work on this test's storage (empty when the test starts)."""

    # ------------------------------------------------------------------ helpers
    def _add(self, matter_id: str = "m-1", seq: int = 1, **kwargs: Any) -> Matter:
        matter, event = sample_matter(matter_id, seq, **kwargs)
        with self.make_unit_of_work() as uow:
            uow.matters.add(matter)
            uow.events.append([event])
            uow.commit()
        return matter

    # --------------------------------------------------------------- atomicity
    def test_nothing_persists_without_commit(self) -> None:
        """Leaving the unit of work without commit stores nothing."""
        matter, event = sample_matter()
        with self.make_unit_of_work() as uow:
            uow.matters.add(matter)
            uow.events.append([event])
            uow.numbers.next("池开督", 2026)
        with self.make_unit_of_work() as uow:
            with pytest.raises(MatterNotFound):
                uow.matters.get(matter.id)
            assert [] == uow.events.for_matter(matter.id)
            assert 0 == uow.numbers.current("池开督", 2026)

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
            assert [] == uow.matters.list()
            assert [] == uow.events.list()

    def test_explicit_rollback_discards_changes(self) -> None:
        """rollback() forgets what was staged; a later commit stores nothing of it."""
        matter, _event = sample_matter()
        with self.make_unit_of_work() as uow:
            uow.matters.add(matter)
            uow.rollback()
            uow.commit()
        with self.make_unit_of_work() as uow:
            assert [] == uow.matters.list()

    def test_a_committed_matter_reads_back_equal(self) -> None:
        """What was committed is what a new unit of work reads."""
        matter = self._add()
        with self.make_unit_of_work() as uow:
            assert matter == uow.matters.get(matter.id)
            assert matter == uow.matters.get_by_number(matter.number)

    def test_a_unit_of_work_sees_its_own_changes(self) -> None:
        """Inside one unit of work an added matter can be read before commit."""
        matter, _event = sample_matter()
        with self.make_unit_of_work() as uow:
            uow.matters.add(matter)
            assert matter == uow.matters.get(matter.id)

    # -------------------------------------------------------------- uniqueness
    def test_matter_ids_are_unique(self) -> None:
        """Adding a second matter with the same id raises DuplicateRecord."""
        self._add("m-1", 1)
        other, _ = sample_matter("m-1", 2)
        with self.make_unit_of_work() as uow, pytest.raises(DuplicateRecord):
            uow.matters.add(other)

    def test_registration_numbers_are_unique(self) -> None:
        """Two matters cannot share a registration number."""
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
            assert ["m-1"] == [m.id for m in uow.matters.list()]

    def test_unit_ids_are_unique(self) -> None:
        """Adding a unit twice raises DuplicateRecord."""
        unit = Unit.create("u-1", "经济发展局", UnitKind.DEPARTMENT)
        with self.make_unit_of_work() as uow:
            uow.units.add(unit)
            uow.commit()
        with self.make_unit_of_work() as uow, pytest.raises(DuplicateRecord):
            uow.units.add(unit)

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
                uow.matters.get_by_number(RegistrationNumber.of("池开督", 2026, 99))
            with pytest.raises(UnitNotFound):
                uow.units.get("nope")
            with pytest.raises(UnitNotFound):
                uow.units.update(Unit.create("nope", "无此单位"))

    def test_updating_a_missing_matter_raises_not_found(self) -> None:
        """update() of a matter never stored raises MatterNotFound."""
        matter, _ = sample_matter()
        new, _ = _bumped(matter)
        with self.make_unit_of_work() as uow, pytest.raises(MatterNotFound):
            uow.matters.update(new, expected_version=1)

    # ------------------------------------------------------------- concurrency
    def test_update_with_the_read_version_succeeds(self) -> None:
        """An update naming the version read is stored."""
        matter = self._add()
        new, event = _bumped(matter, status=Status.APPROVED)
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
        new, _ = _bumped(matter)
        with self.make_unit_of_work() as uow:
            uow.matters.update(new, expected_version=1)
            uow.commit()
        newer, _ = _bumped(matter)
        with self.make_unit_of_work() as uow, pytest.raises(ConcurrencyError):
            uow.matters.update(newer, expected_version=1)

    def test_lost_update_is_refused_at_commit(self) -> None:
        """Two units of work read version 1; the second to commit fails and nothing of it
        is stored."""
        matter = self._add()
        uow1 = self.make_unit_of_work()
        uow2 = self.make_unit_of_work()
        with uow1, uow2:
            one, e1 = _bumped(uow1.matters.get(matter.id), title="甲")
            two, e2 = _bumped(uow2.matters.get(matter.id), title="乙")
            uow1.matters.update(one, expected_version=1)
            uow1.events.append([e1])
            uow2.matters.update(two, expected_version=1)
            uow1.commit()
            with contextlib.suppress(DuplicateRecord):
                uow2.events.append([e2])
            with pytest.raises((ConcurrencyError, DuplicateRecord)):
                uow2.commit()
        with self.make_unit_of_work() as uow:
            stored = uow.matters.get(matter.id)
            assert ("甲", 2) == (stored.title, stored.version)
            assert [1, 2] == [e.version for e in uow.events.for_matter(matter.id)]

    def test_update_must_raise_the_version(self) -> None:
        """An update that does not raise the version is refused as invalid input."""
        matter = self._add()
        with self.make_unit_of_work() as uow, pytest.raises(InvalidInput):
            uow.matters.update(matter, expected_version=1)

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
            listed = uow.matters.list()
            listed.clear()
            assert 1 == len(uow.matters.list())

    # --------------------------------------------------------------- numbering
    def test_sequences_start_at_one_per_prefix_and_year(self) -> None:
        """Each (prefix, year) has its own sequence starting at 1."""
        with self.make_unit_of_work() as uow:
            assert 1 == uow.numbers.next("池开督", 2026)
            assert 2 == uow.numbers.next("池开督", 2026)
            assert 1 == uow.numbers.next("池开督", 2027)
            assert 1 == uow.numbers.next("连督", 2026)
            uow.commit()
        with self.make_unit_of_work() as uow:
            assert 2 == uow.numbers.current("池开督", 2026)
            assert 3 == uow.numbers.next("池开督", 2026)

    def test_a_committed_number_is_never_handed_out_again(self) -> None:
        """After a commit, later units of work continue the sequence."""
        with self.make_unit_of_work() as uow:
            uow.numbers.next("池开督", 2026)
            uow.commit()
        with self.make_unit_of_work() as uow:
            assert 2 == uow.numbers.next("池开督", 2026)
            uow.commit()
        with self.make_unit_of_work() as uow:
            assert 3 == uow.numbers.next("池开督", 2026)

    def test_concurrent_number_allocation_never_duplicates(self) -> None:
        """Two units of work taking a number at once: both may not commit the same one."""
        uow1 = self.make_unit_of_work()
        uow2 = self.make_unit_of_work()
        with uow1, uow2:
            a = uow1.numbers.next("池开督", 2026)
            b = uow2.numbers.next("池开督", 2026)
            uow1.commit()
            if a == b:
                with pytest.raises(ConcurrencyError):
                    uow2.commit()
            else:
                uow2.commit()
        with self.make_unit_of_work() as uow:
            assert uow.numbers.current("池开督", 2026) in (1, 2)

    # ------------------------------------------------------------------ queries
    def test_list_filters_by_status_unit_and_parent(self) -> None:
        """list() applies each filter given and orders by registration time."""
        parent = self._add("m-1", 1, unit_id="u-1")
        self._add("m-2", 2, unit_id="u-2", parent_id=parent.id, at=_T0 + dt.timedelta(hours=1))
        self._add("m-3", 3, unit_id="u-1", at=_T0 + dt.timedelta(hours=2))
        with self.make_unit_of_work() as uow:
            assert ["m-1", "m-2", "m-3"] == [m.id for m in uow.matters.list()]
            assert ["m-1", "m-3"] == [m.id for m in uow.matters.list(unit_id="u-1")]
            assert ["m-2"] == [m.id for m in uow.matters.list(parent_id="m-1")]
            assert 3 == len(uow.matters.list(status=Status.DRAFT))
            assert [] == uow.matters.list(status=Status.CLOSED)

    def test_list_due_returns_open_matters_due_before_an_instant(self) -> None:
        """list_due() finds open matters due before the instant, by due instant; drafts and
        matters due later are left out."""
        early = self._add("m-1", 1)
        late = self._add("m-2", 2)
        self._add("m-3", 3)
        for matter, day in ((early, 10), (late, 20)):
            due = DueDate(
                dt.date(2026, 3, day), dt.date(2026, 3, day),
                dt.datetime(2026, 3, day + 1, tzinfo=SHANGHAI), False,
            )
            moved, event = _bumped(
                matter, status=Status.DISPATCHED, due=due, dispatched_at=_T0
            )
            with self.make_unit_of_work() as uow:
                uow.matters.update(moved, expected_version=1)
                uow.events.append([event])
                uow.commit()
        with self.make_unit_of_work() as uow:
            assert [] == uow.matters.list_due(before=dt.datetime(2026, 3, 11, tzinfo=SHANGHAI))
            found = uow.matters.list_due(before=dt.datetime(2026, 3, 22, tzinfo=SHANGHAI))
            assert ["m-1", "m-2"] == [m.id for m in found]
            with pytest.raises(InvalidInput):
                uow.matters.list_due(before=dt.datetime(2026, 3, 22))

    def test_events_read_back_in_version_order(self) -> None:
        """for_matter() returns a matter's events by version; list(since=) filters by time."""
        matter = self._add()
        new, event = _bumped(matter)
        with self.make_unit_of_work() as uow:
            uow.matters.update(new, expected_version=1)
            uow.events.append([event])
            uow.commit()
        with self.make_unit_of_work() as uow:
            assert [1, 2] == [e.version for e in uow.events.for_matter(matter.id)]
            assert 2 == len(uow.events.list(since=_T0))
            assert [] == uow.events.list(since=_T0 + dt.timedelta(seconds=1))

    def test_units_round_trip(self) -> None:
        """A unit reads back equal, and update() replaces it."""
        unit = Unit.create("u-1", "经济发展局", head_id="p-1", liaison_ids=("p-2", "p-3"))
        with self.make_unit_of_work() as uow:
            uow.units.add(unit)
            uow.commit()
        changed = attrs.evolve(unit, head_id="p-9")
        with self.make_unit_of_work() as uow:
            assert unit == uow.units.get("u-1")
            uow.units.update(changed)
            uow.commit()
        with self.make_unit_of_work() as uow:
            assert [changed] == uow.units.list()

    def test_text_with_nul_is_refused(self) -> None:
        """NUL characters are refused before they reach storage (PostgreSQL refuses them)."""
        with self.make_unit_of_work() as uow, pytest.raises(InvalidInput):
            uow.units.add(Unit("u-x", "bad\x00name", UnitKind.OTHER))

    def test_aware_datetimes_round_trip_as_the_same_instant(self) -> None:
        """Registration time and event time read back as the same instant."""
        matter = self._add()
        with self.make_unit_of_work() as uow:
            stored = uow.matters.get(matter.id)
            assert _T0 == stored.registered_at
            assert _T0 == uow.events.for_matter(matter.id)[0].occurred_at
