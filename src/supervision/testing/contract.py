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

The suite checks every rule of :mod:`supervision.ports`: transactions, uniqueness,
optimistic versions, numbering, the queries and the sweep's wakes; escalations and score
entries; offices with their append-only history; the batched reads of the sweep
(``get_many``, ``for_matters``, ``set_wakes``) and its claims (``claim_due``); change
numbers (``change_mark``, a unit's changes after a mark); the outbox
(notices claimed under a lease, attempts kept, outcomes fenced) and objections; and that one
office never sees another's records (units unique per office, numbers per office, every list
limited to the offices asked for). The records it stores belong to two offices,
:data:`OFFICE` and :data:`OTHER_OFFICE`; the builders (:func:`sample_matter`,
:func:`sample_unit`, :func:`sample_office`, :func:`sample_escalation`,
:func:`sample_score_entry`, …) are public for an adapter's own tests.

The class name ends in ``Contract`` so pytest does not collect it directly. The suite needs
``pytest``; importing :mod:`supervision` never imports this module.
"""

from __future__ import annotations

from ._batch_contract import BatchContract
from ._change_contract import ChangeContract
from ._contract_base import ContractBase
from ._core_contract import CoreContract
from ._office_contract import OfficeContract
from ._outbox_contract import OutboxContract
from ._record_contract import RecordContract
from ._samples import (
    OFFICE,
    OTHER_OFFICE,
    PREFIX,
    T0,
    bumped,
    sample_escalation,
    sample_matter,
    sample_notice,
    sample_objection,
    sample_office,
    sample_office_event,
    sample_policy_ref,
    sample_score_entry,
    sample_unit,
)

__all__ = [
    "OFFICE",
    "OTHER_OFFICE",
    "PREFIX",
    "T0",
    "UnitOfWorkContract",
    "bumped",
    "sample_escalation",
    "sample_matter",
    "sample_notice",
    "sample_objection",
    "sample_office",
    "sample_office_event",
    "sample_policy_ref",
    "sample_score_entry",
    "sample_unit",
]


class UnitOfWorkContract(
    CoreContract, RecordContract, OfficeContract, OutboxContract, BatchContract,
    ChangeContract, ContractBase
):
    """The storage contract (see :mod:`supervision.ports`). Implement one hook,
    :meth:`make_unit_of_work`."""
