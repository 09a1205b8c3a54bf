"""The in-memory storage adapter: a real adapter, not a fake.

It keeps the same rules and raises the same errors as the SQL adapter (see
:mod:`supervision.ports`): unique ids and registration numbers per office, optimistic version
checks at update and again at commit, per-(office, prefix, year) number sequences that never
hand out a committed number twice, and all-or-nothing commits. Stored values are deeply
immutable (frozen attrs classes holding tuples, frozensets, dates and enums), so what a read
returns can never change what is stored: a caller must go through ``update`` and ``commit``.
Reads go through indexes (matters by office, events and records by matter, wakes in order), so
their cost follows what they return, not what is stored.

One :class:`InMemoryStore` is the database; each :class:`InMemoryUnitOfWork` is a transaction
on it. The store is safe to share between threads (commits are serialised by a lock). Its
events, escalations, decisions and score entries form a keyed chain of records, checked by
:func:`verify` and exported for an auditor by :func:`export_head`, exactly as the SQL
adapter's (:mod:`supervision.audit`).

    >>> store = InMemoryStore()
    >>> with InMemoryUnitOfWork(store) as uow:
    ...     uow.numbers.next("daoli", "哈里政督", 2026)
    ...     uow.commit()
    1
"""

from __future__ import annotations

from supervision.adapters.memory._chain import export_head, verify
from supervision.adapters.memory._store import InMemoryStore
from supervision.adapters.memory._uow import InMemoryUnitOfWork

__all__ = ["InMemoryStore", "InMemoryUnitOfWork", "export_head", "verify"]
