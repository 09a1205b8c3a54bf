"""A commit's rows sent as arrays (one ``INSERT … SELECT FROM unnest`` / ``UPDATE … FROM
unnest`` per table on PostgreSQL, ``_writes``) store exactly what the straightforward path
stores (one row per statement execution, ``executemany``), refuse what it refuses, and the
facts row of a changed matter is replaced (or written where it was missing)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs
import pytest
import sqlalchemy as sa

from supervision import calendar, policies
from supervision.adapters.sqlalchemy import SqlAlchemyUnitOfWork, _writes, create_engine, upgrade
from supervision.calendar import SHANGHAI
from supervision.clock import FixedClock
from supervision.domain import DueDate, Event, RegistrationNumber, Status
from supervision.domain.model import AssignmentRole
from supervision.domain.office import CalendarChoice, Office, PolicyRef
from supervision.exceptions import ConcurrencyError, SupervisionError
from supervision.service_layer import sweep as sweeping
from supervision.service_layer.context import Context
from supervision.testing.contract import T0, sample_matter, sample_unit

SWEEP_AT = dt.datetime(2026, 6, 1, 17, 0, tzinfo=SHANGHAI)
POLICY = PolicyRef.of(policies.get("daoli-2017"))


def _store(engine: sa.Engine, n: int = 40) -> None:
    """An office, five units and ``n`` dispatched matters with fixed ids, most of them
    falling due before :data:`SWEEP_AT` (some with co-units), the rest closed."""
    template, registered = sample_matter("template", 1)
    with SqlAlchemyUnitOfWork(engine) as uow:
        uow.offices.add(Office.create(
            "contract-a", "道里区人民政府督查室", numbering_prefix="道督", policy=POLICY,
            effective_from=dt.date(2017, 1, 1), recorded_at=T0, recorded_by="test",
            calendar=CalendarChoice.of(close_time=dt.time(17, 30))))
        for u in range(5):
            uow.units.add(sample_unit(f"u-{u}", f"单位{u}"))
        uow.commit()
    with SqlAlchemyUnitOfWork(engine) as uow:
        for i in range(1, n + 1):
            last = dt.date(2026, 5, 20 + i % 9)
            lead = attrs.evolve(template.assignments[0], unit_id=f"u-{i % 5}")
            co = (attrs.evolve(template.assignments[0], unit_id=f"u-{(i + 1) % 5}",
                               role=AssignmentRole.CO),) if i % 3 == 0 else ()
            matter = attrs.evolve(
                template, id=f"m{i:04d}", number=RegistrationNumber("道督", 2026, i),
                policy=POLICY, status=Status.CLOSED if i % 7 == 0 else Status.IN_PROGRESS,
                version=2, assignments=(lead, *co),
                dispatched_at=SWEEP_AT - dt.timedelta(days=25),
                due=DueDate(last, last, dt.datetime.combine(
                    last + dt.timedelta(days=1), dt.time(0), SHANGHAI), False))
            uow.matters.add(matter)
            uow.events.append([attrs.evolve(
                registered, event_id=Event.make_id(matter.id, 1), matter_id=matter.id,
                details=(("number", str(matter.number)),))])
        uow.commit()


def _sweeps(engine: sa.Engine) -> None:
    china = calendar.china()
    for at in (SWEEP_AT - dt.timedelta(days=10), SWEEP_AT):
        sweeping.sweep(SqlAlchemyUnitOfWork(engine), Context(FixedClock(at), china),
                       batch_size=15)


def _dump(engine: sa.Engine) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every library table, in a fixed order (but the chain head's change
    epoch, drawn when each database was made)."""
    tables = SqlAlchemyUnitOfWork(engine).tables
    found: dict[str, list[tuple[Any, ...]]] = {}
    with engine.connect() as connection:
        for table in tables.metadata.sorted_tables:
            columns = [c for c in table.c if c.name != "change_epoch"]
            rows = connection.execute(sa.select(*columns)).all()
            found[table.name] = sorted((tuple(r) for r in rows), key=repr)
    return found


@pytest.mark.postgres
def test_a_sweep_written_as_arrays_stores_the_rows_the_straightforward_path_stores(
    postgres_engine: sa.Engine, empty_postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two sweeps (warm-up, then the due matters with their escalations, events, notices,
    score entries, facts, chain links and wakes) store row for row the same data when each
    table's rows go as arrays and when they go one row per execution (``batched`` off)."""
    upgrade(empty_postgres_url)
    plain = create_engine(empty_postgres_url)
    try:
        _store(postgres_engine)
        _sweeps(postgres_engine)
        fast = _dump(postgres_engine)
        with monkeypatch.context() as patch:
            patch.setattr(_writes, "batched", lambda _uow: False)
            _store(plain)
            _sweeps(plain)
        slow = _dump(plain)
    finally:
        plain.dispose()
    assert len(fast["sv_escalations"]) >= 20
    assert len(fast["sv_notices"]) >= 20
    assert any(r[-1] != 0 for r in fast["sv_assignments"])  # change numbers stamped
    assert fast == slow


def test_a_changed_matter_replaces_its_facts_row_or_writes_a_missing_one(
    engine: sa.Engine,
) -> None:
    """The commit of changed matters upserts their facts: the stored row follows the new
    version, and a matter whose facts row was missing (a host's row) gets one."""
    _store(engine, n=3)
    facts = SqlAlchemyUnitOfWork(engine).tables.matter_facts
    with engine.begin() as connection:
        connection.execute(facts.delete().where(facts.c.matter_id == "m0002"))
    with SqlAlchemyUnitOfWork(engine) as uow:
        for matter in uow.matters.get_many(["m0001", "m0002"]):
            uow.matters.update(attrs.evolve(matter, version=matter.version + 1),
                               expected_version=matter.version)
        uow.commit()
    with engine.connect() as connection:
        rows = {r.matter_id: r.version for r in connection.execute(sa.select(facts))}
    assert {"m0001": 3, "m0002": 3, "m0003": 2} == rows


def test_a_batched_update_meeting_a_concurrent_change_stores_nothing(engine: sa.Engine) -> None:
    """Three matters written in one statement, one of them changed by another unit of work
    since it was read: ConcurrencyError names that matter, and none of the three is
    changed."""
    _store(engine, n=3)
    late = SqlAlchemyUnitOfWork(engine)
    with late:
        read = late.matters.get_many(["m0001", "m0002", "m0003"])
        with SqlAlchemyUnitOfWork(engine) as other:
            moved = other.matters.get("m0002")
            other.matters.update(attrs.evolve(moved, version=3, title="另一个标题"),
                                 expected_version=2)
            other.commit()
        for matter in read:
            late.matters.update(attrs.evolve(matter, version=3), expected_version=2)
        with pytest.raises(ConcurrencyError) as raised:
            late.commit()
    assert raised.value.fields["key"] == "m0002"
    with SqlAlchemyUnitOfWork(engine) as uow:
        assert [2, 3, 2] == [m.version for m in uow.matters.get_many(["m0001", "m0002", "m0003"])]


@pytest.mark.postgres
def test_rows_sent_as_arrays_still_refuse_a_value_too_long_for_its_column(
    postgres_engine: sa.Engine,
) -> None:
    """The arrays are cast without a length: a text too long for its column fails when
    stored (it is never cut to fit), and nothing of the statement is stored."""
    engine = postgres_engine
    _store(engine, n=1)
    uow = SqlAlchemyUnitOfWork(engine)
    units = uow.tables.units
    rows = [{"office_id": "contract-a", "id": f"x-{i}", "name": "n", "kind": "department",
             "parent_id": None, "body": "{}"} for i in range(3)]
    rows[1]["id"] = "x" * 200
    with uow:
        uow.begin_write()
        with pytest.raises(SupervisionError):
            _writes.insert_rows(uow, units, rows)
    with engine.connect() as connection:
        stored = connection.execute(sa.select(units.c.id).where(units.c.id.like("x%"))).all()
    assert [] == stored
