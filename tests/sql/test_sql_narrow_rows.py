"""The sweep's fast writes store exactly what the straightforward ones store, on the same data:

* a matter changed only in its version and ``changed_at`` (an escalation recorded on it) is
  written as a narrow row (id, version, body, wake: ``_body_patch.narrow_row``) instead of
  the full row;
* the facts rows of changed matters are replaced by one ``UPDATE`` (an upsert only where a
  row is missing: ``_writes.replace_facts``);
* new escalations are inserted in one statement stamped with the commit's change number
  (``_records.insert_escalations``) instead of inserted and then stamped by an ``UPDATE``;
* on SQLite, inserts of two rows or more and the matters' and facts' updates go through
  the ``sqlite3`` cursor's ``executemany`` (``_bulk``) instead of SQLAlchemy's.

Each is compared table by table, row by row, with the path it replaces; the version check
of a narrow row still refuses a concurrent change."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import attrs
import pytest
import sqlalchemy as sa
from test_sql_batched_writes import _dump, _store, _sweeps

from supervision.adapters.sqlalchemy import (
    SqlAlchemyUnitOfWork,
    _bulk,
    _matters,
    _rows,
    _uow,
    create_engine,
    upgrade,
)
from supervision.adapters.sqlalchemy._body_patch import NARROW
from supervision.calendar import SHANGHAI
from supervision.domain import Status
from supervision.exceptions import ConcurrencyError


def _twin(empty_url: str) -> sa.Engine:
    upgrade(empty_url)
    return create_engine(empty_url)


def _swept(engine: sa.Engine) -> dict[str, list[tuple[Any, ...]]]:
    _store(engine)
    _sweeps(engine)
    return _dump(engine)


def _full_row(matter: Any, body: str, _staged: object) -> dict[str, Any]:
    """What the commit wrote before narrow rows: the full row of the patched body."""
    return _rows.matter_row(matter, body)


def _counting(calls: list[int], func: Callable[..., Any]) -> Callable[..., Any]:
    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return func(*args, **kwargs)
    return counted


def test_a_sweep_writing_narrow_rows_stores_what_full_rows_store(
    engine: sa.Engine, empty_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two sweeps (warm-up, then the due matters with their escalations, events, notices,
    score entries, facts, chain links and wakes) store row for row the same data when each
    escalated matter is written as a narrow row and when it is written in full."""
    narrow: list[int] = []
    with monkeypatch.context() as patch:
        patch.setattr(_matters, "narrow_row", _counting(narrow, _matters.narrow_row))
        fast = _swept(engine)
    plain = _twin(empty_url)
    try:
        with monkeypatch.context() as patch:
            patch.setattr(_matters, "narrow_row", _full_row)
            slow = _swept(plain)
    finally:
        plain.dispose()
    assert len(narrow) >= 20
    assert len(fast["sv_escalations"]) >= 20
    assert fast == slow


def _stamped_after(uow: Any, new: dict[str, tuple[Any, dict[str, Any]]],
                   stamp: int | None) -> None:
    """The straightforward path: insert the escalations unstamped, then stamp them with the
    change number by an UPDATE."""
    if not new:
        return
    table = uow.tables.escalations
    uow.execute(table.insert(), [row for _e, row in new.values()])
    uow.execute(table.update().where(table.c.key.in_(list(new))).values(change_seq=stamp))


def test_escalations_inserted_stamped_store_what_an_insert_and_a_stamp_store(
    engine: sa.Engine, empty_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The escalations inserted with the commit's change number are the rows (change
    numbers included) that inserting them and then stamping them store, every other table
    the same too; and each escalation carries the number of the commit that recorded it
    (a number the chain head has given)."""
    fast = _swept(engine)
    plain = _twin(empty_url)
    try:
        with monkeypatch.context() as patch:
            patch.setattr(_uow, "insert_escalations", _stamped_after)
            slow = _swept(plain)
    finally:
        plain.dispose()
    assert fast == slow
    with engine.connect() as connection:
        stamps = connection.execute(sa.text("SELECT change_seq FROM sv_escalations")).scalars()
        numbered = list(stamps)
        last = connection.execute(sa.text("SELECT last_change FROM sv_event_chain")).scalar()
    assert len(numbered) >= 20
    assert all(0 < n <= last for n in numbered)


def test_the_sqlite_drivers_executemany_stores_what_sqlalchemys_executemany_stores(
    sqlite_engine: sa.Engine, tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On SQLite the commit's inserts of two rows or more and its updates of matters and
    facts go through the ``sqlite3`` cursor (used here, counted); sent through SQLAlchemy's
    ``executemany`` instead, the same sweeps store the very same rows."""
    inserts: list[int] = []
    updates: list[int] = []
    with monkeypatch.context() as patch:
        patch.setattr(_uow, "driver_insert", _counting(inserts, _uow.driver_insert))
        patch.setattr(_bulk, "driver_update", _counting(updates, _bulk.driver_update))
        fast = _swept(sqlite_engine)
    plain = _twin(f"sqlite:///{tmp_path / 'plain.db'}")
    try:
        with monkeypatch.context() as patch:
            patch.setattr(_bulk, "SQLITE_DRIVER_FROM", 10**9)
            patch.setattr(_uow, "driver_insert", _counting([], _uow.driver_insert))
            slow = _swept(plain)
    finally:
        plain.dispose()
    assert len(inserts) >= 10
    assert len(updates) >= 4
    assert fast == slow


def test_a_narrow_row_meeting_a_concurrent_change_stores_nothing(engine: sa.Engine) -> None:
    """Three matters escalated (version and changed_at only: narrow rows) in one commit,
    one of them changed by another unit of work since it was read: ConcurrencyError names
    that matter, and none of the three is changed."""
    _store(engine, n=3)
    at = dt.datetime(2026, 6, 1, 17, 0, tzinfo=SHANGHAI)
    earlier = at - dt.timedelta(hours=1)
    late = SqlAlchemyUnitOfWork(engine)
    with late:
        read = late.matters.get_many(["m0001", "m0002", "m0003"])
        with SqlAlchemyUnitOfWork(engine) as other:
            moved = other.matters.get("m0002")
            other.matters.update(attrs.evolve(moved, version=3, changed_at=earlier),
                                 expected_version=2)
            other.commit()
        for matter in read:
            late.matters.update(attrs.evolve(matter, version=3, changed_at=at),
                                expected_version=2)
        assert all(tuple(late.staged.updated_matters[m.id][1]) == NARROW for m in read)
        with pytest.raises(ConcurrencyError) as raised:
            late.commit()
    assert raised.value.fields["key"] == "m0002"
    with SqlAlchemyUnitOfWork(engine) as uow:
        found = uow.matters.get_many(["m0001", "m0002", "m0003"])
    assert [2, 3, 2] == [m.version for m in found]
    assert [read[0].changed_at, earlier, read[2].changed_at] == [m.changed_at for m in found]


def test_a_matter_changed_in_full_then_escalated_in_one_unit_of_work_keeps_its_full_row(
    engine: sa.Engine, empty_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A matter whose status changed and which was then escalated in the same unit of work
    (its body patched from the one staged) stores its new status in its columns: the rows
    are those of writing every change in full."""

    def change(target: sa.Engine) -> dict[str, list[tuple[Any, ...]]]:
        _store(target, n=3)
        at = dt.datetime(2026, 6, 1, 17, 0, tzinfo=SHANGHAI)
        with SqlAlchemyUnitOfWork(target) as uow:
            matter = uow.matters.get("m0001")
            closed = attrs.evolve(matter, version=3, status=Status.CLOSED)
            uow.matters.update(closed, expected_version=2)
            uow.matters.update(attrs.evolve(closed, version=4, changed_at=at),
                               expected_version=3)
            uow.commit()
        return _dump(target)

    fast = change(engine)
    plain = _twin(empty_url)
    try:
        with monkeypatch.context() as patch:
            patch.setattr(_matters, "narrow_row", _full_row)
            slow = change(plain)
    finally:
        plain.dispose()
    assert fast == slow
    with engine.connect() as connection:
        row = connection.execute(sa.text(
            "SELECT status, is_open, version FROM sv_matters WHERE id = 'm0001'")).one()
    assert (row.status, bool(row.is_open), row.version) == (Status.CLOSED.value, False, 4)
