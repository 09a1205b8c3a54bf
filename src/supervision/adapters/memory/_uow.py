"""The in-memory unit of work: a transaction on an :class:`InMemoryStore`, all or nothing."""

from __future__ import annotations

from types import TracebackType
from typing import TYPE_CHECKING, Self

from supervision._logs import logger
from supervision.adapters.memory._chain import append_links, check_key, prepare_links
from supervision.adapters.memory._matters import Matters, settle_quiet
from supervision.adapters.memory._outbox import Notices, Objections
from supervision.adapters.memory._records import Escalations, Scores
from supervision.adapters.memory._repos import Events, Numbers, Offices, Units
from supervision.adapters.memory._store import InMemoryStore, Staged
from supervision.audit import Keyring, keyring
from supervision.domain.notice_numbers import renumbered
from supervision.domain.notices import Delivery
from supervision.domain.statistics import matter_facts
from supervision.exceptions import (
    ConcurrencyError,
    DuplicateRecord,
    SupervisionError,
    UnitOfWorkInUse,
)
from supervision.ports import UnitOfWork

#: Conflicts found at commit are logged here (INFO), as by the SQL adapter.
_log = logger("supervision.storage")

__all__ = ["InMemoryUnitOfWork"]


class InMemoryUnitOfWork:
    """A transaction on an :class:`InMemoryStore`.

    Reads see the committed state plus this unit of work's own changes. ``commit`` checks
    every version and uniqueness rule again under the store's lock, then applies everything
    or nothing. Entering the ``with`` block starts a fresh transaction; leaving it without
    committing rolls back. Entering it again while it is entered, or while it holds changes
    made outside a ``with`` block, raises :class:`~supervision.exceptions.UnitOfWorkInUse`
    instead of silently discarding them.

    ``chain_key`` (a :class:`~supervision.audit.Keyring` or one
    :class:`~supervision.audit.ChainKey`) signs the links this unit of work appends to the
    store's chain of records; without it they are unkeyed, and appending to a chain that is
    already keyed raises :class:`~supervision.exceptions.ChainKeyError`.
    """

    def __init__(self, store: InMemoryStore, *, chain_key: object = None) -> None:
        if not isinstance(store, InMemoryStore):
            from supervision.exceptions import InvalidInput

            raise InvalidInput("store", "a supervision.adapters.memory.InMemoryStore", store)
        self.store = store
        self.chain_keys: Keyring | None = keyring(chain_key)
        self.staged = Staged()
        self._active = False
        #: identifies this unit of work's claims (``matters.claim_due``) in the store
        self.token = object()
        self.offices = Offices(self)
        self.matters = Matters(self)
        self.units = Units(self)
        self.events = Events(self)
        self.numbers = Numbers(self)
        self.escalations = Escalations(self)
        self.scores = Scores(self)
        self.notices = Notices(self)
        self.objections = Objections(self)

    def __enter__(self) -> Self:
        if self._active:
            raise UnitOfWorkInUse("the unit of work is already entered")
        if not self.staged.empty:
            raise UnitOfWorkInUse("changes made outside a with block")
        self._active = True
        self.staged = Staged()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._active = False
        self.rollback()

    def rollback(self) -> None:
        """Drop every change not committed (and end this unit of work's claims)."""
        self.staged = Staged()
        if self.store.claims:
            with self.store.lock:
                self.store.release_claims(self.token)

    def commit(self) -> None:
        """Apply every staged change, or none (raising the first conflict found)."""
        store, staged = self.store, self.staged
        with store.lock:
            try:
                self._check(store, staged)
                self._number_documents(store, staged)
                check_key(store, staged, self.chain_keys)
                links = prepare_links(store, staged, self.chain_keys)
            except SupervisionError as error:
                if isinstance(error, ConcurrencyError):
                    _log.info("conflict at commit: %s %s changed since it was read (version %s "
                              "read, %s stored); nothing was stored", error.fields["kind"],
                              error.fields["key"], error.fields["expected_version"],
                              error.fields["actual_version"])
                self.rollback()
                raise
            self._apply(store, staged)
            append_links(store, links, self.chain_keys)
            store.release_claims(self.token)
        self.staged = Staged()

    @staticmethod
    def _check(store: InMemoryStore, staged: Staged) -> None:
        for key, (base, _value) in staged.sequences.items():
            actual = store.sequences.get(key, 0)
            if actual != base:
                raise ConcurrencyError("number sequence", f"{key[1]}〔{key[2]}〕", base, actual)
        for office_id in staged.new_offices:
            if office_id in store.offices:
                raise DuplicateRecord("office", office_id)
        for office_id, (_office, expected) in staged.updated_offices.items():
            stored_office = store.offices.get(office_id)
            actual_version = None if stored_office is None else stored_office.version
            if actual_version != expected:
                raise ConcurrencyError("office", office_id, expected, actual_version)
        for office_event in staged.office_events:
            versions = {e.version for e in store.office_events.get(office_event.office_id, ())}
            if office_event.version in versions:
                # a change recorded concurrently on the same office version: a conflict
                raise ConcurrencyError("office", office_event.office_id,
                                       office_event.version - 1, None)
        for matter_id, matter in staged.new_matters.items():
            if matter_id in store.matters:
                raise DuplicateRecord("matter", matter_id)
            if (matter.office_id, matter.number) in store.numbers_index:
                raise DuplicateRecord("matter", str(matter.number))
        for matter_id, (_matter, expected) in staged.updated_matters.items():
            stored = store.matters.get(matter_id)
            actual_version = None if stored is None else stored.version
            if actual_version != expected:
                raise ConcurrencyError("matter", matter_id, expected, actual_version)
        for unit_key in staged.new_units:
            if unit_key in store.units:
                raise DuplicateRecord("unit", unit_key[1])
        for event in staged.events:
            if event.event_id in store.event_ids or (
                (event.matter_id, event.version) in store.event_versions
            ):
                # a change recorded concurrently on the same matter version: a conflict
                raise ConcurrencyError("matter", event.matter_id, event.version - 1, None)
        for esc_key in staged.new_escalations:
            if esc_key in store.escalations:
                raise DuplicateRecord("escalation", esc_key)
        for esc_key in staged.decided_escalations:
            stored_escalation = store.escalations.get(esc_key)
            if stored_escalation is None or stored_escalation.decision is not None:
                raise ConcurrencyError("escalation", esc_key, 0, 1)
        for score_key, entry in staged.new_scores.items():
            if score_key in store.scores:
                raise DuplicateRecord("score entry", score_key)
            if entry.compensates is not None and entry.compensates in store.compensated:
                raise DuplicateRecord("score entry", f"reversal of {entry.compensates}")
        InMemoryUnitOfWork._check_outbox(store, staged)

    @staticmethod
    def _number_documents(store: InMemoryStore, staged: Staged) -> None:
        """Number the documents staged with pending numbers, in the order staged, after
        the numbers ``next()`` handed out (stored with the other sequences)."""
        for series, keys in staged.numbered:
            base, value = staged.sequences.get(series) or (store.sequences.get(series, 0),) * 2
            value += 1
            for notice_key in keys:
                staged.new_notices[notice_key] = renumbered(staged.new_notices[notice_key],
                                                            value)
            staged.sequences[series] = (base, value)

    @staticmethod
    def _check_outbox(store: InMemoryStore, staged: Staged) -> None:
        for notice_key in staged.new_notices:
            if notice_key in store.notices:
                raise DuplicateRecord("notice", notice_key)
        for notice_key, (_moved, base) in staged.deliveries.items():
            if notice_key in staged.new_notices:
                continue
            stored_delivery = store.deliveries.get(notice_key)
            if stored_delivery is None or (
                stored_delivery.attempts, stored_delivery.claimed_by, stored_delivery.status
            ) != (base.attempts, base.claimed_by, base.status):
                actual = None if stored_delivery is None else stored_delivery.attempts
                raise ConcurrencyError("notice", notice_key, base.attempts, actual)
        for objection_id in staged.new_objections:
            if objection_id in store.objections:
                raise DuplicateRecord("objection", objection_id)
        for objection_id, (_objection, expected) in staged.updated_objections.items():
            stored_objection = store.objections.get(objection_id)
            actual_version = None if stored_objection is None else stored_objection.version
            if actual_version != expected:
                raise ConcurrencyError("objection", objection_id, expected, actual_version)

    @staticmethod
    def _apply(store: InMemoryStore, staged: Staged) -> None:
        for key, (_base, value) in staged.sequences.items():
            store.sequences[key] = value
        store.offices.update(staged.new_offices)
        for office_id, (office, _expected) in staged.updated_offices.items():
            store.offices[office_id] = office
        for office_event in staged.office_events:
            store.office_events.setdefault(office_event.office_id, []).append(office_event)
        store.number_changes(
            [*((m, None) for m in staged.new_matters.values()),
             *((m, store.matters[i]) for i, (m, _e) in staged.updated_matters.items())],
            [*staged.new_escalations.values(), *staged.decided_escalations.values()])
        for matter_id, matter in staged.new_matters.items():
            store.matters[matter_id] = matter
            store.facts[matter_id] = matter_facts(matter)
            store.numbers_index[(matter.office_id, matter.number)] = matter_id
            store.matters_by_office.setdefault(matter.office_id, {})[matter_id] = None
            store.index_units(matter, None)
        for matter_id, (matter, _expected) in staged.updated_matters.items():
            store.index_units(matter, store.matters[matter_id])
            store.matters[matter_id] = matter
            store.facts[matter_id] = matter_facts(matter)
        if staged.reset_wakes:
            store.forget_all_wakes()
        for matter_id in [*staged.new_matters, *staged.updated_matters]:
            store.forget_wake(matter_id)
        for matter_id, (version, wake) in staged.wakes.items():
            stored_matter = store.matters.get(matter_id)
            if stored_matter is not None and stored_matter.version == version:
                store.set_wake(matter_id, wake)
        store.units.update(staged.new_units)
        store.units.update(staged.updated_units)
        for event in staged.events:
            store.events.append(event)
            store.event_ids.add(event.event_id)
            store.event_versions.add((event.matter_id, event.version))
            store.events_by_matter.setdefault(event.matter_id, []).append(event)
            latest = store.latest_events.get(event.matter_id)
            if latest is None or event.version > latest[0]:
                store.latest_events[event.matter_id] = (event.version, event.occurred_at)
        for esc_key, escalation in staged.new_escalations.items():
            store.escalations[esc_key] = escalation
            store.escalations_by_matter.setdefault(escalation.matter_id, []).append(esc_key)
            if escalation.unit_id is not None:
                store.escalations_by_unit.setdefault(
                    (escalation.office_id, escalation.unit_id), []).append(esc_key)
        store.escalations.update(staged.decided_escalations)
        for score_key, entry in staged.new_scores.items():
            store.scores[score_key] = entry
            for matter_id in entry.matter_ids:
                store.scores_by_matter.setdefault(matter_id, []).append(score_key)
            store.scores_by_unit.setdefault((entry.office_id, entry.unit_id), []).append(
                score_key)
            if entry.compensates is not None:
                store.compensated.add(entry.compensates)
        for notice_key, notice in staged.new_notices.items():
            store.notices[notice_key] = notice
            store.deliveries[notice_key] = Delivery(due_at=notice.created_at)
            store.notices_by_matter.setdefault(notice.matter_id, []).append(notice_key)
        for notice_key, (state, _read) in staged.deliveries.items():
            store.deliveries[notice_key] = state
        for (notice_key, number), attempt in staged.attempts.items():
            kept = [a for a in store.attempts.get(notice_key, ()) if a.number != number]
            store.attempts[notice_key] = sorted([*kept, attempt], key=lambda a: a.number)
        store.objections.update(staged.new_objections)
        for objection_id, (objection, _expected) in staged.updated_objections.items():
            store.objections[objection_id] = objection
        for since, offices in staged.settle_quiet:
            settle_quiet(store, since, offices)


if TYPE_CHECKING:  # mypy proves the adapter satisfies the port
    _uow: UnitOfWork = InMemoryUnitOfWork(InMemoryStore())
