"""The composition root: one object, built once at start-up, that hands out units of work and
exposes every use case with one argument order — the actor first, then the subject.

    import datetime as dt
    from supervision import Actor, Role, bootstrap, FixedClock, OfficeSpec, SHANGHAI

    app = bootstrap(                      # in memory; url="sqlite:///supervision.db" for SQL
        clock=FixedClock(dt.datetime(2026, 3, 2, 9, tzinfo=SHANGHAI)),
        offices=[OfficeSpec("daoli", "道里区人民政府督查室", "daoli-2017")],
    )
    clerk = Actor.of("clerk-1", Role.OFFICE_CLERK, office_id="daoli")
    app.add_unit(clerk, Unit.create("econ", "经济发展局", head_id="econ-head"))
    matter = app.register(clerk, registration)
    app.dispatch(clerk, matter.id)
    app.sweep()                           # every office, each matter under its own policy

Nothing connects at import time; :func:`bootstrap` is called by the host at start-up (it may
migrate the schema, then records or checks the configured offices). The service functions in
:mod:`supervision.service_layer` stay underneath, for hosts that manage units of work
themselves.
"""

from __future__ import annotations

import sys as _sys
import types as _types
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from supervision import calendar as _calendar
from supervision._application import ChainAudit, Supervision
from supervision.adapters import memory as memory_chain
from supervision.adapters.memory import InMemoryStore, InMemoryUnitOfWork
from supervision.audit import ChainKey, Keyring, keyring
from supervision.calendar import Calendar
from supervision.clock import Clock, SystemClock
from supervision.domain.duplicates import DuplicateGuard
from supervision.domain.objections import ReviewTerms
from supervision.domain.policy import Policy
from supervision.exceptions import InvalidInput
from supervision.policies import Registry
from supervision.ports import UnitOfWork
from supervision.service_layer.context import Context
from supervision.service_layer.offices import OfficeSpec

__all__ = ["ChainAudit", "Supervision", "bootstrap"]


def _registry(policies: Iterable[Policy]) -> Registry:
    registry = Registry.with_builtins()
    for i, policy in enumerate(policies):
        if not isinstance(policy, Policy):
            raise InvalidInput(f"policies[{i}]", "a supervision.domain.policy.Policy", policy)
        registry.register(policy)
    return registry


def bootstrap(
    *,
    url: str | None = None,
    engine: Any = None,
    store: InMemoryStore | None = None,
    clock: Clock | None = None,
    calendar: Calendar | None = None,
    offices: Sequence[OfficeSpec] = (),
    policies: Sequence[Policy] = (),
    migrate: bool = False,
    table_prefix: str | None = None,
    schema: str | None = None,
    duplicate_guard: DuplicateGuard | bool = False,
    review_terms: ReviewTerms | None = None,
    chain_key: Keyring | ChainKey | None = None,
) -> Supervision:
    """Build the composition root once, at start-up.

    Storage: ``url`` (``sqlite:///path.db`` or ``postgresql+psycopg://…``; the engine is
    created here and released by :meth:`Supervision.dispose`), an ``engine`` from
    :func:`supervision.adapters.sqlalchemy.create_engine`, an :class:`InMemoryStore`, or
    nothing (a new in-memory store). ``migrate`` upgrades a SQL schema first. ``clock``
    defaults to the system clock, ``calendar`` to :func:`supervision.calendar.china`.
    ``policies`` are the integrator's own, registered beside the five shipped ones.
    ``offices`` are created, or checked against what is stored (see
    :func:`~supervision.service_layer.offices.ensure_office`). ``table_prefix`` and
    ``schema`` name the library's SQL tables when the host migrated them under another
    prefix or a PostgreSQL schema (default ``sv_`` in the connection's schema).
    ``duplicate_guard`` turns the
    duplicate-supervision guard on at registration (True: the default settings, or a
    :class:`~supervision.domain.duplicates.DuplicateGuard`); ``review_terms`` sets the 复核
    periods (default: 30 days to file, 30 days to answer).
    ``chain_key`` is the integrator's key ring (:class:`~supervision.audit.Keyring`, or one
    :class:`~supervision.audit.ChainKey`): every unit of work signs the links it appends to the
    chain of records with it (docs/security.md, "The keyed chain").
    """
    keys = keyring(chain_key)
    given = [name for name, value in (("url", url), ("engine", engine), ("store", store))
             if value is not None]
    if len(given) > 1:
        raise InvalidInput("storage", "one of url, engine or store", given)
    if duplicate_guard is True:
        guard: DuplicateGuard | None = DuplicateGuard()
    elif duplicate_guard is False:
        guard = None
    elif isinstance(duplicate_guard, DuplicateGuard):
        guard = duplicate_guard
    else:
        raise InvalidInput("duplicate_guard", "True, False or a DuplicateGuard", duplicate_guard)
    if review_terms is not None and not isinstance(review_terms, ReviewTerms):
        raise InvalidInput("review_terms", "a ReviewTerms, or None", review_terms)
    context = Context(SystemClock() if clock is None else clock,
                      _calendar.china() if calendar is None else calendar,
                      _registry(policies), duplicates=guard)
    dispose: Callable[[], None] | None = None
    factory: Callable[[], UnitOfWork]
    if url is not None or engine is not None:
        from supervision.adapters import sqlalchemy as sql

        naming: dict[str, Any] = {"schema": schema}
        if table_prefix is not None:
            naming["table_prefix"] = table_prefix
        bound = sql.create_engine(url) if url is not None else engine
        if url is not None:
            dispose = bound.dispose
        if migrate:
            sql.upgrade(bound, **naming)

        def factory() -> UnitOfWork:
            return sql.SqlAlchemyUnitOfWork(bound, chain_key=keys, **naming)

        try:
            factory()  # checks the prefix and schema now (building one connects to nothing)
        except Exception:
            if dispose is not None:
                dispose()
            raise
        audit = ChainAudit(
            lambda head: sql.verify(bound, chain_key=keys, head=head, **naming),
            lambda at: sql.export_head(bound, chain_key=keys, at=at, **naming),
        )
    else:
        for name, value in (("table_prefix", table_prefix), ("schema", schema)):
            if value is not None:
                raise InvalidInput(name, "None for an in-memory store (SQL naming only)", value)
        if migrate:
            raise InvalidInput("migrate", "False for an in-memory store", migrate)
        memory = InMemoryStore() if store is None else store
        if not isinstance(memory, InMemoryStore):
            raise InvalidInput("store", "a supervision.adapters.memory.InMemoryStore", store)

        def factory() -> UnitOfWork:
            return InMemoryUnitOfWork(memory, chain_key=keys)

        audit = ChainAudit(
            lambda head: memory_chain.verify(memory, chain_key=keys, head=head),
            lambda at: memory_chain.export_head(memory, chain_key=keys, at=at),
        )

    app = Supervision(factory, context, dispose=dispose, review_terms=review_terms,
                     audit=audit)
    if isinstance(offices, OfficeSpec):
        raise InvalidInput("offices", "a list of OfficeSpec", offices)
    if offices:
        app.ensure_offices(offices)
    return app


class _CallableModule(_types.ModuleType):
    """This module, callable as :func:`bootstrap`: ``supervision`` imports its names lazily,
    and importing this submodule sets ``supervision.bootstrap`` to the module, so calling it
    must still bootstrap."""

    def __call__(self, *args: Any, **kwargs: Any) -> Supervision:
        return bootstrap(*args, **kwargs)


_sys.modules[__name__].__class__ = _CallableModule
