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
from decimal import Decimal
from typing import Any

import attrs
import pytest

from supervision.calendar import SHANGHAI
from supervision.domain.actors import Actor, Role
from supervision.domain.escalation import Escalation, EscalationKind, ProposalDecision
from supervision.domain.events import Event, EventKind
from supervision.domain.handling import register as register_matter
from supervision.domain.lifecycle import Status
from supervision.domain.model import (
    Confidentiality,
    DeadlineTerms,
    Decision,
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
from supervision.domain.policy import (
    Citation,
    EscalationAction,
    ScoreBasis,
    TriggerEvent,
)
from supervision.domain.scorecard import ScoreEntry
from supervision.exceptions import (
    ConcurrencyError,
    DuplicateRecord,
    InvalidInput,
    MatterNotFound,
    NotFound,
    RuleViolation,
    UnitNotFound,
)
from supervision.periods import Period
from supervision.ports import WAKE_UNKNOWN, UnitOfWork

__all__ = ["UnitOfWorkContract", "sample_escalation", "sample_matter", "sample_score_entry"]

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


def sample_escalation(
    matter_id: str = "m-1",
    unit_id: str | None = "u-1",
    *,
    action: EscalationAction = EscalationAction.REMINDER,
    step: int = 1,
    occasion: str = "r1",
    due_at: dt.datetime = _T0,
    proposal: bool = False,
    options: tuple[str, ...] = (),
) -> Escalation:
    """An escalation record for storage tests (a 催办 by default; ``proposal=True`` for a
    问责 proposal)."""
    if proposal:
        menu = EscalationAction.MEASURES_MENU
        action = menu if options else EscalationAction.ACCOUNTABILITY
    return Escalation(
        key=Escalation.make_key(matter_id, f"{step}.{action.key}", unit_id, occasion),
        policy="chizhou-2021",
        matter_id=matter_id,
        unit_id=unit_id,
        kind=EscalationKind.RUNG,
        action=action,
        step=step,
        trigger=TriggerEvent.OVERDUE,
        occasion=occasion,
        citation=Citation("chizhou-2021", "§8.2", "视具体情况对承办单位和个人予以问责"),
        due_at=due_at,
        issued_at=due_at + dt.timedelta(hours=9),
        reply_due_at=due_at + dt.timedelta(days=1),
        proposal=proposal,
        options=options,
        details=(("miss", "2"),),
    )


def sample_score_entry(
    key: str = "m-1:miss:u-1",
    unit_id: str = "u-1",
    *,
    period: str = "2026",
    points: str = "-1",
    matter_ids: tuple[str, ...] = ("m-1",),
    occurred_at: dt.datetime = _T0,
) -> ScoreEntry:
    """A score entry (a 1-point deduction by default) for storage tests."""
    return ScoreEntry(
        key=key,
        policy="chizhou-2021",
        unit_id=unit_id,
        period=period,
        points=Decimal(points),
        basis=ScoreBasis.MISS_STREAK,
        reason="连续两次未按时完成",
        citation=Citation("chizhou-2021", "§8.2", "对承办单位在年终目标考核总分中扣 1 分/项"),
        occurred_at=occurred_at,
        recorded_at=occurred_at + dt.timedelta(hours=1),
        recorded_by="system:sweep",
        matter_ids=matter_ids,
        event_ids=tuple(f"{m}#3" for m in matter_ids),
        escalation_keys=(f"{matter_ids[0]}:3.point_deduction:{unit_id}:r1",) if matter_ids else (),
    )


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
            uow.numbers.next(OFFICE, "池开督", 2026)
        with self.make_unit_of_work() as uow:
            with pytest.raises(MatterNotFound):
                uow.matters.get(matter.id)
            assert [] == uow.events.for_matter(matter.id)
            assert 0 == uow.numbers.current(OFFICE, "池开督", 2026)

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

    def test_a_committed_matter_reads_back_equal(self) -> None:
        """What was committed is what a new unit of work reads."""
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
            assert ["m-1"] == [m.id for m in uow.matters.list(offices=None)]

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
                uow.matters.get_by_number(OFFICE, RegistrationNumber.of("池开督", 2026, 99))
            with pytest.raises(UnitNotFound):
                uow.units.get(OFFICE, "nope")
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
            listed = uow.matters.list(offices=None)
            listed.clear()
            assert 1 == len(uow.matters.list(offices=None))

    # --------------------------------------------------------------- numbering
    def test_sequences_start_at_one_per_prefix_and_year(self) -> None:
        """Each (prefix, year) has its own sequence starting at 1."""
        with self.make_unit_of_work() as uow:
            assert 1 == uow.numbers.next(OFFICE, "池开督", 2026)
            assert 2 == uow.numbers.next(OFFICE, "池开督", 2026)
            assert 1 == uow.numbers.next(OFFICE, "池开督", 2027)
            assert 1 == uow.numbers.next(OFFICE, "连督", 2026)
            uow.commit()
        with self.make_unit_of_work() as uow:
            assert 2 == uow.numbers.current(OFFICE, "池开督", 2026)
            assert 3 == uow.numbers.next(OFFICE, "池开督", 2026)

    def test_a_committed_number_is_never_handed_out_again(self) -> None:
        """After a commit, later units of work continue the sequence."""
        with self.make_unit_of_work() as uow:
            uow.numbers.next(OFFICE, "池开督", 2026)
            uow.commit()
        with self.make_unit_of_work() as uow:
            assert 2 == uow.numbers.next(OFFICE, "池开督", 2026)
            uow.commit()
        with self.make_unit_of_work() as uow:
            assert 3 == uow.numbers.next(OFFICE, "池开督", 2026)

    def test_concurrent_number_allocation_never_duplicates(self) -> None:
        """Two units of work taking a number at once: both may not commit the same one."""
        uow1 = self.make_unit_of_work()
        uow2 = self.make_unit_of_work()
        with uow1, uow2:
            a = uow1.numbers.next(OFFICE, "池开督", 2026)
            b = uow2.numbers.next(OFFICE, "池开督", 2026)
            uow1.commit()
            if a == b:
                with pytest.raises(ConcurrencyError):
                    uow2.commit()
            else:
                uow2.commit()
        with self.make_unit_of_work() as uow:
            assert uow.numbers.current(OFFICE, "池开督", 2026) in (1, 2)

    # ------------------------------------------------------------------ queries
    def test_list_filters_by_status_unit_and_parent(self) -> None:
        """list() applies each filter given and orders by registration time."""
        parent = self._add("m-1", 1, unit_id="u-1")
        self._add("m-2", 2, unit_id="u-2", parent_id=parent.id, at=_T0 + dt.timedelta(hours=1))
        self._add("m-3", 3, unit_id="u-1", at=_T0 + dt.timedelta(hours=2))
        with self.make_unit_of_work() as uow:
            assert ["m-1", "m-2", "m-3"] == [m.id for m in uow.matters.list(offices=None)]
            assert ["m-1", "m-3"] == [m.id for m in uow.matters.list(offices=None, unit_id="u-1")]
            assert ["m-2"] == [m.id for m in uow.matters.list(offices=None, parent_id="m-1")]
            assert 3 == len(uow.matters.list(offices=None, status=Status.DRAFT))
            assert [] == uow.matters.list(offices=None, status=Status.CLOSED)

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
            assert unit == uow.units.get(OFFICE, "u-1")
            uow.units.update(changed)
            uow.commit()
        with self.make_unit_of_work() as uow:
            assert [changed] == uow.units.list(OFFICE)

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
        a = sample_escalation("m-1", "u-1", due_at=_T0 + dt.timedelta(days=2))
        b = sample_escalation("m-1", "u-2", due_at=_T0)
        c = sample_escalation("m-2", "u-1", due_at=_T0 + dt.timedelta(days=40))
        with self.make_unit_of_work() as uow:
            for record in (a, b, c):
                uow.escalations.add_if_absent(record)
            uow.commit()
        with self.make_unit_of_work() as uow:
            assert [b.key, a.key] == [e.key for e in uow.escalations.for_matter("m-1")]
            assert [a.key, c.key] == [e.key for e in uow.escalations.for_unit(OFFICE, "u-1")]
            april = dt.datetime(2026, 4, 1, tzinfo=SHANGHAI)
            assert [a.key] == [e.key for e in uow.escalations.for_unit(OFFICE, "u-1", until=april)]
            assert [c.key] == [e.key for e in uow.escalations.list(offices=None, since=april)]
            assert [] == uow.escalations.list(offices=None, pending_only=True)

    def test_a_proposal_is_decided_once(self) -> None:
        """decide() records a decision on a pending proposal; deciding again, or deciding a
        measure that is not a proposal, is refused."""
        proposal = sample_escalation(proposal=True, step=4)
        measure = sample_escalation(step=1)
        decision = ProposalDecision.of(
            Decision.ACCEPTED, "leader-1", _T0 + dt.timedelta(days=3), opinion="同意问责"
        )
        with self.make_unit_of_work() as uow:
            uow.escalations.add_if_absent(proposal)
            uow.escalations.add_if_absent(measure)
            uow.commit()
        with self.make_unit_of_work() as uow:
            assert [proposal.key] == [e.key for e in uow.escalations.list(offices=None, pending_only=True)]
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
                proposal.key, ProposalDecision.of(Decision.ACCEPTED, "leader-1", _T0)
            )
        chosen = ProposalDecision.of(Decision.ACCEPTED, "leader-1", _T0, measure="通报批评")
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
        yes = ProposalDecision.of(Decision.ACCEPTED, "leader-1", _T0)
        no = ProposalDecision.of(Decision.REJECTED, "leader-2", _T0)
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
        b = sample_score_entry("b", "u-2", period="2026-H1", occurred_at=_T0 - dt.timedelta(1))
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
        reversal = entry.reversal(reason="异议成立", recorded_by="leader-1", recorded_at=_T0)
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

    # ---------------------------------------------------------- sweep paging
    def test_list_open_pages_open_matters_by_id(self) -> None:
        """list_open() returns open matters by id, after a key and up to a limit."""
        for i, matter_id in enumerate(("m-3", "m-1", "m-2", "m-4"), start=1):
            matter = self._add(matter_id, i)
            if matter_id != "m-4":
                due = DueDate(
                    dt.date(2026, 3, 10), dt.date(2026, 3, 10),
                    dt.datetime(2026, 3, 11, tzinfo=SHANGHAI), False,
                )
                moved, event = _bumped(
                    matter, status=Status.DISPATCHED, due=due, dispatched_at=_T0
                )
                with self.make_unit_of_work() as uow:
                    uow.matters.update(moved, expected_version=1)
                    uow.events.append([event])
                    uow.commit()
        with self.make_unit_of_work() as uow:
            assert ["m-1", "m-2", "m-3"] == [m.id for m in uow.matters.list_open()]
            assert ["m-1", "m-2"] == [m.id for m in uow.matters.list_open(limit=2)]
            assert ["m-3"] == [m.id for m in uow.matters.list_open(after_id="m-2", limit=2)]
            with pytest.raises(InvalidInput):
                uow.matters.list_open(limit=0)

    # ------------------------------------------------------------ sweep wakes
    def _wakes(self, before: dt.datetime) -> list[tuple[dt.datetime, str]]:
        with self.make_unit_of_work() as uow:
            return uow.matters.wake_due(before=before)

    def test_a_new_matter_has_an_unknown_wake_and_is_due(self) -> None:
        """A matter never swept is due at any instant, reported with the unknown wake."""
        self._add("m-2", 2)
        self._add("m-1", 1)
        assert [(WAKE_UNKNOWN, "m-1"), (WAKE_UNKNOWN, "m-2")] == self._wakes(_T0)

    def test_set_wake_selects_only_matters_due_in_wake_order(self) -> None:
        """Stored wakes select the matters due at or before an instant, ordered by wake then
        id, in keyset pages; a matter never to wake is never selected."""
        for i, matter_id in enumerate(("m-1", "m-2", "m-3", "m-4"), start=1):
            self._add(matter_id, i)
        later = _T0 + dt.timedelta(days=3)
        with self.make_unit_of_work() as uow:
            uow.matters.set_wake("m-1", version=1, at=later)
            uow.matters.set_wake("m-2", version=1, at=_T0)
            uow.matters.set_wake("m-3", version=1, at=None)
            uow.matters.set_wake("m-4", version=1, at=_T0)
            assert 4 == len(uow.matters.wake_due(before=_T0))  # not seen before commit
            uow.commit()
        assert [] == self._wakes(_T0 - dt.timedelta(seconds=1))
        assert [(_T0, "m-2"), (_T0, "m-4")] == self._wakes(_T0)
        assert [(_T0, "m-2"), (_T0, "m-4"), (later, "m-1")] == self._wakes(later)
        with self.make_unit_of_work() as uow:
            assert [(_T0, "m-4")] == uow.matters.wake_due(before=later, limit=1,
                                                          after=(_T0, "m-2"))
            with pytest.raises(InvalidInput):
                uow.matters.wake_due(before=later, limit=0)
            with pytest.raises(MatterNotFound):
                uow.matters.set_wake("m-9", version=1, at=_T0)

    def test_setting_a_wake_keeps_the_version_and_a_change_forgets_it(self) -> None:
        """Setting a wake leaves the matter and its version as they were; updating the
        matter makes its wake unknown again; a wake set at an old version is skipped."""
        matter = self._add()
        later = _T0 + dt.timedelta(days=3)
        with self.make_unit_of_work() as uow:
            uow.matters.set_wake(matter.id, version=1, at=later)
            uow.commit()
        with self.make_unit_of_work() as uow:
            assert matter == uow.matters.get(matter.id)
        assert [] == self._wakes(_T0)
        moved, event = _bumped(matter, title="改")
        with self.make_unit_of_work() as uow:
            uow.matters.update(moved, expected_version=1)
            uow.events.append([event])
            uow.commit()
        assert [(WAKE_UNKNOWN, matter.id)] == self._wakes(_T0)
        with self.make_unit_of_work() as uow:
            uow.matters.set_wake(matter.id, version=1, at=later)  # read before the change
            uow.commit()
        assert [(WAKE_UNKNOWN, matter.id)] == self._wakes(_T0)

    def test_reset_wakes_makes_every_matter_due(self) -> None:
        """After reset_wakes every matter is due again, those never to wake included."""
        self._add("m-1", 1)
        self._add("m-2", 2)
        with self.make_unit_of_work() as uow:
            uow.matters.set_wake("m-1", version=1, at=None)
            uow.matters.set_wake("m-2", version=1, at=_T0 + dt.timedelta(days=1))
            uow.commit()
        assert [] == self._wakes(_T0)
        with self.make_unit_of_work() as uow:
            uow.matters.reset_wakes()
            uow.commit()
        assert [(WAKE_UNKNOWN, "m-1"), (WAKE_UNKNOWN, "m-2")] == self._wakes(_T0)
