"""Bulk registration writes, table by table and column by column, the rows the
straightforward paths write: the driver's own bulk inserts (``COPY`` on PostgreSQL, the
``sqlite3`` cursor's ``executemany`` on SQLite: ``_bulk``) against SQLAlchemy's
``executemany`` of the same unit of work, and a batch against one registration per unit of
work; a hostile registration in a large batch is refused naming its field and nothing is
written."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from types import SimpleNamespace

import attrs
import pytest
import sqlalchemy as sa
from builders import CLERK, registration
from sql_support import SqlWorld

from supervision.adapters.sqlalchemy import create_engine
from supervision.adapters.sqlalchemy._schema import tables
from supervision.adapters.sqlalchemy._uow import COPY_FROM
from supervision.domain import Confidentiality, Milestone, Role
from supervision.domain.model import Registration
from supervision.exceptions import DuplicateRecord, InvalidInput
from supervision.service_layer import registration as registering

ROWS = COPY_FROM + 40
_names = itertools.count(1)

#: Every table a registration writes or moves, and the columns that order its rows.
_TABLES = {
    "matters": ("id",), "assignments": ("matter_id", "unit_id"),
    "matter_facts": ("matter_id",), "events": ("seq",), "event_chain": ("id",),
    "number_sequences": ("office_id", "prefix", "year"),
}


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def fresh(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Callable[[], sa.Engine]]:
    """A maker of fresh, migrated databases of each kind (several per test)."""
    made: list[sa.Engine] = []
    names: list[str] = []
    admin: sa.Engine | None = None
    if request.param == "sqlite":
        template: Path = request.getfixturevalue("sqlite_template")

        def make() -> sa.Engine:
            path = tmp_path / f"bulk{next(_names)}.db"
            shutil.copyfile(template, path)
            made.append(create_engine(f"sqlite:///{path}"))
            return made[-1]
    else:
        url: str = request.getfixturevalue("postgres_url")
        template_name: str = request.getfixturevalue("postgres_template")
        admin = sa.create_engine(url, isolation_level="AUTOCOMMIT")

        def make() -> sa.Engine:
            name = f"supervision_bulk{next(_names)}"
            assert admin is not None
            with admin.connect() as connection:
                connection.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
                connection.exec_driver_sql(f"CREATE DATABASE {name} TEMPLATE {template_name}")
            names.append(name)
            made.append(create_engine(
                sa.make_url(url).set(database=name).render_as_string(hide_password=False)))
            return made[-1]
    yield make
    for engine in made:
        engine.dispose()
    if admin is not None:
        with admin.connect() as connection:
            for name in names:
                connection.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        admin.dispose()


def _registrations(n: int) -> list[Registration]:
    """Registrations of several shapes: one unit, co-units (会办), a category's default
    deadline, an access list, milestones, text needing JSON escapes."""
    shapes = [
        lambda i: registration(title=f"事项{i}"),
        lambda i: registration(title=f"会办事项{i}", co_unit_ids=("unit-b", "unit-c")),
        lambda i: registration(title=f"类别事项{i}", category="important", deadline=None),
        lambda i: registration(
            title=f"知情范围\"{i}\"\\", key_work=True,
            confidentiality=Confidentiality.controlled([CLERK.person_id], [Role.OFFICE_CLERK])),
        lambda i: registration(
            title=f"节点事项{i}", co_unit_ids=("unit-b",),
            milestones=(Milestone("开工", dt.date(2026, 3, 20), "unit-b"),)),
    ]
    return [shapes[i % len(shapes)](i) for i in range(n)]


@pytest.fixture
def same_ids(monkeypatch: pytest.MonkeyPatch) -> Callable[[], None]:
    """Matter ids drawn from one sequence, restarted on each call: two runs give their
    matters the same ids (uuid4 otherwise)."""
    def restart() -> None:
        numbers = itertools.count(1)
        monkeypatch.setattr(registering, "uuid", SimpleNamespace(
            uuid4=lambda: SimpleNamespace(hex=f"{next(numbers):032x}")))
    restart()
    return restart


def _rows(engine: sa.Engine) -> dict[str, list[tuple[object, ...]]]:
    """Every row of the tables a registration writes, in key order, as the database holds
    it (read through the driver, no column type applied: on SQLite an instant is the text
    stored, which the keyset pages and every comparison of the column read)."""
    t = tables()
    found = {}
    with engine.connect() as connection:
        for name, key in _TABLES.items():
            table = getattr(t, name)
            query = (f"SELECT * FROM {table.name} ORDER BY "
                     + ", ".join(table.c[k].name for k in key))
            found[name] = [tuple(row) for row in connection.exec_driver_sql(query)]
    return found


def _bulk_register(engine: sa.Engine, items: list[Registration]) -> None:
    world = SqlWorld(engine)
    with world.uow() as uow:
        registering.register_many_in(uow, world.ctx, CLERK, items, at=world.clock.now())
        uow.commit()


def test_driver_bulk_inserts_write_what_sqlalchemy_writes(
        fresh: Callable[[], sa.Engine], same_ids: Callable[[], None],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A batch written through the driver (COPY / the sqlite3 cursor) leaves every row of
    every table exactly as the same batch written with SQLAlchemy's executemany does."""
    items = _registrations(ROWS)
    fast, plain = fresh(), fresh()
    _bulk_register(fast, items)
    same_ids()
    calls: list[str] = []

    def refuse(connection: sa.Connection, table: sa.Table, rows: object) -> bool:
        calls.append(table.name)
        return False
    monkeypatch.setattr("supervision.adapters.sqlalchemy._uow.driver_insert", refuse)
    _bulk_register(plain, items)
    assert {"sv_matters", "sv_assignments", "sv_matter_facts", "sv_events"} <= set(calls)
    written = _rows(fast)
    assert len(written["matters"]) == ROWS
    assert written == _rows(plain)


def test_a_bulk_batch_is_paged_through_by_its_wakes(fresh: Callable[[], sa.Engine]) -> None:
    """The sweep's keyset pages (wake, id) over a batch written through the driver find
    every matter once: the unknown wake is stored as SQLAlchemy stores it, so the page
    after the first compares equal to it (the driver's own datetime text did not)."""
    world = SqlWorld(fresh())
    with world.uow() as uow:
        registering.register_many_in(uow, world.ctx, CLERK, _registrations(ROWS),
                                     at=world.clock.now())
        uow.commit()
    found: list[str] = []
    after = None
    with world.uow() as uow:
        while True:
            page = uow.matters.wake_due(before=world.clock.now(), after=after, limit=50)
            found.extend(matter_id for _wake, matter_id in page)
            if len(page) < 50:
                break
            after = page[-1]
    assert ROWS == len(found) == len(set(found))


def test_a_batch_writes_what_one_registration_per_unit_of_work_writes(
        fresh: Callable[[], sa.Engine], same_ids: Callable[[], None]) -> None:
    """A batch leaves the rows that registering each matter in its own unit of work (one
    row per commit, SQLAlchemy's inserts) leaves, but for the change numbers (one per
    commit there, one for the batch here)."""
    items = _registrations(ROWS)
    batch, single = fresh(), fresh()
    _bulk_register(batch, items)
    same_ids()
    world = SqlWorld(single)
    for item in items:
        with world.uow() as uow:
            registering.register_in(uow, world.ctx, CLERK, item, at=world.clock.now())
            uow.commit()
    t = tables()
    dropped = {"assignments": t.assignments.c.keys().index("change_seq"),
               "event_chain": t.event_chain.c.keys().index("last_change")}

    def without_change_numbers(rows: dict[str, list[tuple[object, ...]]]) -> object:
        return {name: [tuple(v for i, v in enumerate(row) if i != dropped.get(name))
                       for row in found] for name, found in rows.items()}
    written = _rows(batch)
    assert {row[dropped["assignments"]] for row in written["assignments"]} == {1}
    assert without_change_numbers(written) == without_change_numbers(_rows(single))


def test_new_matters_assignments_carry_their_commits_change_number(
        fresh: Callable[[], sa.Engine]) -> None:
    """The new matters' assignments rows, inserted once the commit took its change number,
    carry that number: one per commit for matters registered one at a time (the number of
    the commit that also wrote the matter's event), the next one for a whole batch."""
    engine = fresh()
    world = SqlWorld(engine)
    for item in _registrations(3):
        with world.uow() as uow:
            registering.register_in(uow, world.ctx, CLERK, item, at=world.clock.now())
            uow.commit()
    with world.uow() as uow:
        registering.register_many_in(uow, world.ctx, CLERK, _registrations(ROWS),
                                     at=world.clock.now())
        uow.commit()
    t = tables()
    with engine.connect() as connection:
        stamps = {(r.matter_id, r.unit_id): r.change_seq for r in connection.execute(
            sa.select(t.assignments.c.matter_id, t.assignments.c.unit_id,
                      t.assignments.c.change_seq))}
        seqs = {r.matter_id: r.seq for r in connection.execute(
            sa.select(t.events.c.matter_id, t.events.c.seq))}
        last = connection.execute(sa.select(t.event_chain.c.last_change)).scalar_one()
    assert last == 4
    assert len({matter_id for matter_id, _unit in stamps}) == 3 + ROWS
    for (matter_id, _unit), stamp in stamps.items():
        assert stamp == min(seqs[matter_id], 4)


@pytest.mark.parametrize("bad", ["title", "responsible"])
def test_a_hostile_registration_in_a_large_batch_writes_nothing(
        fresh: Callable[[], sa.Engine], bad: str) -> None:
    """A registration with a NUL in its title, or a person that is not a Responsible, deep
    in a batch larger than COPY_FROM is refused naming the field, with its index, and no
    row of the batch is written."""
    engine = fresh()
    before = _rows(engine)
    items = _registrations(ROWS)
    items[COPY_FROM + 3] = (registration(title="第\x00项") if bad == "title"
                            else registration(responsible=("赵局长",)))
    world = SqlWorld(engine)
    problems: list[tuple[int, object]] = []
    with world.uow() as uow:
        found = registering.register_many_in(uow, world.ctx, CLERK, items,
                                             at=world.clock.now(), problems=problems)
        uow.commit()
    assert found == []
    [(index, error)] = problems
    assert index == COPY_FROM + 3
    assert isinstance(error, InvalidInput)
    assert error.field.startswith("title" if bad == "title" else "responsible") or \
        error.field.startswith(f"registration.{bad}")
    after = _rows(engine)
    assert after == before


@pytest.mark.parametrize("value", [
    [1, "事项", None, True, False, [["unit-a", "lead"]], 0, "2026-03-02T09:00:00+08:00",
     [], [[1, "returned", "退回\"重办\"\\"]], "\x00\u2028\n"],
    {"b": 1, "a": [1.5, -0.0, 10**20]}, "text", 3, None,
])
def test_the_facts_encoder_writes_what_a_json_encoder_writes(value: object) -> None:
    """The facts text is written by one encoder made once: the text of a fresh
    ``JSONEncoder(ensure_ascii=False, separators=(",", ":"))`` on each value."""
    from supervision.adapters.sqlalchemy import _facts

    expected = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode(value)
    assert expected == _facts._dumps(value)


@pytest.mark.parametrize("clash", ["event_id", "version"])
def test_events_checked_against_storage_in_pieces_find_a_stored_one(
        fresh: Callable[[], sa.Engine], monkeypatch: pytest.MonkeyPatch, clash: str) -> None:
    """The events of a batch checked against storage in many pieces (SQLite binds each id of
    an IN; pieces of 7 here) still find one repeating a stored event's id, or its (matter,
    version), wherever it falls: DuplicateRecord, nothing staged."""
    monkeypatch.setattr("supervision.adapters.sqlalchemy._repos.IN_CHUNK", 7)
    engine = fresh()
    world = SqlWorld(engine)
    first = world.draft()
    with world.uow() as uow:
        stored = uow.events.for_matter(first.id)[0]
        office = uow.offices.get(first.office_id)
        changes = [registering._prepare(uow, world.ctx, CLERK, office, world.clock.now(),
                                        registration(), matter_id=f"bulk-{i}")
                   for i in range(60)]
        for position in (0, 29, 59):
            events = [c.event for c in changes]
            events[position] = (
                attrs.evolve(events[position], event_id=stored.event_id) if clash == "event_id"
                else attrs.evolve(events[position], matter_id=first.id, event_id="other#1"))
            with pytest.raises(DuplicateRecord):
                uow.events.append(events)
        assert uow.staged.events == []


@pytest.mark.parametrize("chunk", [7, 900])
def test_the_event_checks_read_what_sqlalchemys_in_reads(
        fresh: Callable[[], sa.Engine], monkeypatch: pytest.MonkeyPatch, chunk: int) -> None:
    """The events' checks against storage sent as the driver's own text on SQLite find the
    rows SQLAlchemy's ``IN`` finds (the straightforward path: ``DRIVER_READS`` off), for ids
    stored and not, one piece or many; and a batch repeating a stored event is refused with
    the same error either way, wherever the repeat falls."""
    from supervision.adapters.sqlalchemy import _repos

    monkeypatch.setattr(_repos, "IN_CHUNK", chunk)
    engine = fresh()
    world = SqlWorld(engine)
    drafts = [world.draft() for _ in range(3)]
    with world.uow() as uow:
        stored = {d.id: uow.events.for_matter(d.id)[0] for d in drafts}
        t = uow.tables.events
        repo = uow.events
        assert isinstance(repo, _repos.SqlEventRepository)
        absent = ["none#1", "o'quote#2", "", "事项#1"]
        asked = [*absent, *(e.event_id for e in stored.values())]  # stored ones first and last
        asked.insert(0, asked.pop())
        matters = ["none", "事项", *stored]
        found: dict[bool, object] = {}
        for driver in (True, False):
            monkeypatch.setattr(_repos, "DRIVER_READS", driver)
            found[driver] = (
                sorted(tuple(r) for r in repo._stored(t, (t.c.event_id,), t.c.event_id, asked)),
                [tuple(r) for r in repo._stored(t, (t.c.event_id,), t.c.event_id, absent,
                                                first=True)],
                len(repo._stored(t, (t.c.event_id,), t.c.event_id, asked, first=True)),
                [tuple(r) for r in repo._stored(t, (t.c.event_id,), t.c.event_id, asked[-1:],
                                                first=True)],
                sorted(tuple(r) for r in repo._stored(t, (t.c.matter_id, t.c.version),
                                                      t.c.matter_id, matters)),
            )
        assert found[True] == found[False]
        assert found[True] == (sorted((e.event_id,) for e in stored.values()), [], 1,
                               [(asked[-1],)],
                               sorted((e.matter_id, e.version) for e in stored.values()))
        office = uow.offices.get(drafts[0].office_id)
        changes = [registering._prepare(uow, world.ctx, CLERK, office, world.clock.now(),
                                        registration(), matter_id=f"bulk-{i}")
                   for i in range(30)]
        one = next(iter(stored.values()))
        for position, clash in itertools.product((0, 15, 29), ("event_id", "version")):
            events = [c.event for c in changes]
            events[position] = (
                attrs.evolve(events[position], event_id=one.event_id) if clash == "event_id"
                else attrs.evolve(events[position], matter_id=one.matter_id,
                                  event_id="other#1"))
            errors = []
            for driver in (True, False):
                monkeypatch.setattr(_repos, "DRIVER_READS", driver)
                with pytest.raises(DuplicateRecord) as raised:
                    uow.events.append(events)
                errors.append((str(raised.value), raised.value.fields))
            assert errors[0] == errors[1]
        assert uow.staged.events == []
        uow.events.append([c.event for c in changes])  # the batch without a repeat is taken
        assert len(uow.staged.events) == 30
