"""Bulk registration on SQL storage: one registration at a time and ``register_many_in``
(``matters.add_many``, one ``events.append``; on PostgreSQL the commit writes with COPY from
``COPY_FROM`` rows on) store the very same matters and events, all or nothing."""

from __future__ import annotations

import attrs
import pytest
import sqlalchemy as sa
from builders import CLERK, World, registration
from sql_support import SqlWorld

from supervision.adapters.sqlalchemy import SqlAlchemyUnitOfWork, verify
from supervision.adapters.sqlalchemy._uow import COPY_FROM
from supervision.exceptions import DuplicateRecord, UnitNotFound
from supervision.service_layer import registration as registering

ROWS = COPY_FROM + 25


@pytest.fixture(params=["sqlite", "postgres"])
def bulk_engine(request: pytest.FixtureRequest) -> sa.Engine:
    if request.param == "postgres":
        request.applymarker(pytest.mark.postgres)
        engine: sa.Engine = request.getfixturevalue("postgres_engine")
    else:
        engine = request.getfixturevalue("sqlite_engine")
    return engine


def _stored(world: World) -> list[tuple[object, ...]]:
    """Each matter (id blanked) with its events (ids blanked), by registration number."""
    with world.uow() as uow:
        matters = uow.matters.list(offices=None)
        events = uow.events.for_matters([m.id for m in matters])
    return sorted(
        (str(m.number), attrs.evolve(m, id=""),
         [(e.kind, e.version, e.occurred_at, e.details) for e in events[m.id]])
        for m in matters
    )


def test_bulk_registration_stores_what_one_at_a_time_stores(bulk_engine: sa.Engine) -> None:
    """register_many_in of more than COPY_FROM rows stores the matters and events that
    registering them one at a time stores (in memory), and the event chain stays intact."""
    bulk, single = SqlWorld(bulk_engine), World()
    items = [registration(title=f"事项{i}") for i in range(ROWS)]
    with bulk.uow() as uow:
        registering.register_many_in(uow, bulk.ctx, CLERK, items, at=bulk.clock.now())
        uow.commit()
    with single.uow() as uow:
        for item in items:
            registering.register_in(uow, single.ctx, CLERK, item, at=single.clock.now())
        uow.commit()
    assert _stored(single) == _stored(bulk)
    assert verify(bulk_engine).intact


def test_a_bulk_registration_meeting_a_stored_id_stores_nothing(bulk_engine: sa.Engine) -> None:
    """A batch whose matter id is taken in storage fails at commit with DuplicateRecord and
    stores none of its rows (all or nothing, through COPY too)."""
    world = SqlWorld(bulk_engine)
    first = world.draft()
    with world.uow() as uow:
        office = uow.offices.get(first.office_id)
        changes = [
            registering._prepare(uow, world.ctx, CLERK, office, world.clock.now(),
                                 registration(), matter_id=f"bulk-{i}")
            for i in range(ROWS)
        ]
        taken = attrs.evolve(changes[-1].matter, id=first.id)
        uow.matters.add_many([*(c.matter for c in changes[:-1]), taken])
        with pytest.raises(DuplicateRecord):
            uow.commit()
    with SqlAlchemyUnitOfWork(bulk_engine) as uow:
        assert [first.id] == [m.id for m in uow.matters.list(offices=None)]


@pytest.mark.parametrize("clash", ["event_id", "version"])
def test_a_large_event_batch_meeting_a_stored_event_is_refused(
        bulk_engine: sa.Engine, clash: str) -> None:
    """A batch of more events than one list of bound ids holds (on PostgreSQL one array
    parameter) is refused with DuplicateRecord when one of them repeats a stored event's id
    or its (matter, version), as a small batch is."""
    world = SqlWorld(bulk_engine)
    first = world.draft()
    with world.uow() as uow:
        stored = uow.events.for_matter(first.id)[0]
        office = uow.offices.get(first.office_id)
        changes = [
            registering._prepare(uow, world.ctx, CLERK, office, world.clock.now(),
                                 registration(), matter_id=f"bulk-{i}")
            for i in range(ROWS)
        ]
        repeat = (attrs.evolve(changes[-1].event, event_id=stored.event_id)
                  if clash == "event_id" else
                  attrs.evolve(changes[-1].event, matter_id=first.id, event_id="other#1"))
        with pytest.raises(DuplicateRecord):
            uow.events.append([*(c.event for c in changes[:-1]), repeat])
        uow.events.append([c.event for c in changes])  # the batch without it is taken


def test_a_bulk_registration_leaves_the_collector_as_it_found_it(
        bulk_engine: sa.Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    """The collector is off while register_many_in builds a batch and while the commit of
    a batch of COPY_FROM rows or more writes it (not for a smaller commit), and as it was
    before once either returns or fails: on when it was on, off when the host had switched
    it off."""
    import gc

    from supervision.adapters.sqlalchemy import _uow
    from supervision.service_layer import registration as module

    seen: list[tuple[str, bool]] = []
    numbered, flush = module._numbered, _uow.SqlAlchemyUnitOfWork._flush

    def spy_numbered(*args: object, **kwargs: object) -> object:
        seen.append(("numbered", gc.isenabled()))
        return numbered(*args, **kwargs)  # type: ignore[arg-type]

    def spy_flush(self: _uow.SqlAlchemyUnitOfWork, staged: object) -> None:
        seen.append(("flush", gc.isenabled()))
        flush(self, staged)  # type: ignore[arg-type]

    monkeypatch.setattr(module, "_numbered", spy_numbered)
    monkeypatch.setattr(_uow.SqlAlchemyUnitOfWork, "_flush", spy_flush)
    world = SqlWorld(bulk_engine)
    was = gc.isenabled()
    try:
        for enabled in (True, False):
            gc.enable() if enabled else gc.disable()
            seen.clear()
            with world.uow() as uow:
                registering.register_many_in(
                    uow, world.ctx, CLERK, [registration() for _ in range(ROWS)],
                    at=world.clock.now())
                assert gc.isenabled() is enabled
                uow.commit()
            assert gc.isenabled() is enabled
            assert set(seen) == {("numbered", False), ("flush", False)}
            seen.clear()
            with world.uow() as uow:  # a small batch: its commit runs as the host set it
                registering.register_many_in(uow, world.ctx, CLERK, [registration()],
                                             at=world.clock.now())
                uow.commit()
            assert seen == [("numbered", False), ("flush", enabled)]
            assert gc.isenabled() is enabled
            # refused while paused: restored all the same
            with world.uow() as uow, pytest.raises(UnitNotFound):
                registering.register_many_in(
                    uow, world.ctx, CLERK,
                    [registration(), registration(lead_unit_id="no-such-unit")],
                    at=world.clock.now())
            assert gc.isenabled() is enabled
            first = world.draft()
            with world.uow() as uow:  # a commit failing while paused: restored too
                office = uow.offices.get(first.office_id)
                changes = [registering._prepare(uow, world.ctx, CLERK, office,
                                                world.clock.now(), registration(),
                                                matter_id=None)
                           for _ in range(ROWS)]
                taken = attrs.evolve(changes[-1].matter, id=first.id)
                uow.matters.add_many([*(c.matter for c in changes[:-1]), taken])
                with pytest.raises(DuplicateRecord):
                    uow.commit()
            assert gc.isenabled() is enabled
    finally:
        gc.enable() if was else gc.disable()
