"""The first sweep settles the quiet matters no longer open set-based
(``matters.settle_quiet``, :mod:`supervision.service_layer._quiet`) and records exactly what
the plain first sweep (every matter read and looked at) records — escalations and their
decisions, events, score entries, wakes and notices — in memory, on SQLite and on
PostgreSQL, on a mixed dataset: open matters overdue and not yet due, matters completed on
time or late long ago (quiet), one completed late within the look-back (the closed pass
issues its 通报), one registered and approved but never dispatched, and a received
上级督办件 never forwarded (its receipt duty falls due)."""

from __future__ import annotations

import contextlib
import itertools
import types
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from escalation_world import LadderWorld, at
from sql_support import sql_ladder_world

from supervision.adapters.sqlalchemy import create_engine, upgrade
from supervision.domain import Receipt
from supervision.service_layer import _quiet, registration
from supervision.service_layer import sweep as sweeping

FIRST, SECOND = "2026-10-20 09:00", "2026-10-28 09:00"


@contextlib.contextmanager
def _numbered_ids() -> Iterator[None]:
    """Matter ids 0…01, 0…02, … instead of random ones: the sweep's pages follow the ids
    (and number the documents in that order), so two worlds compare word for word."""
    counter = itertools.count(1)
    kept = registration.uuid
    registration.uuid = types.SimpleNamespace(  # type: ignore[assignment]
        uuid4=lambda: types.SimpleNamespace(hex=f"{next(counter):032x}"))
    try:
        yield
    finally:
        registration.uuid = kept


def _script(world: LadderWorld) -> None:
    """The same matters, in the same order and with the same ids, on any storage; nothing
    swept before the first sweep."""
    with _numbered_ids():
        _matters(world)


def _matters(world: LadderWorld) -> None:
    on_time = world.dispatch("2026-09-01 10:00", category="general")
    world.complete(on_time, "2026-09-03 10:00")
    late_long_ago = world.dispatch("2026-09-01 11:00", category="short")
    world.complete(late_long_ago, "2026-09-28 10:00")
    late_lately = world.dispatch("2026-09-02 10:00", category="short")
    world.complete(late_lately, "2026-10-16 10:00")
    world.dispatch("2026-09-02 11:00", category="general")  # open, overdue
    world.dispatch("2026-10-12 10:00", category="important")  # open, not yet due
    world.register("2026-10-12 11:00", category="general")  # a draft, never dispatched
    # 上级督办件 received, never forwarded (chizhou-2021 §7.3: the office's overdue duty)
    world.register("2026-10-09 15:00", category="general",
                   receipt=Receipt.of(at("2026-10-09 15:00"), "higher_level_item"))
    for hour in ("12:00", "13:00"):
        quiet = world.dispatch(f"2026-09-03 {hour}", category="general")
        world.complete(quiet, "2026-09-07 10:00")


def _records(world: LadderWorld) -> dict[str, Any]:
    """What is stored, each (random) matter id written as its registration number."""
    with world.uow() as uow:
        matters = uow.matters.list(offices=None)
        numbers = {m.id: str(m.number) for m in matters}

        def named(text: str) -> str:
            for matter_id, number in numbers.items():
                text = text.replace(matter_id, number)
            return text

        ids = sorted(numbers)
        escalations = uow.escalations.list(offices=None)
        return {
            "escalations": sorted((named(e.key), e.decision, e.issued_at) for e in escalations),
            "scores": sorted(named(e.key) for e in uow.scores.list(offices=None)),
            "events": sorted((named(e.event_id), e.kind.value, e.version, e.occurred_at)
                             for e in uow.events.list()),
            "versions": sorted((numbers[m.id], m.version) for m in matters),
            "wakes": sorted((named(i), w) for w, i in
                            uow.matters.wake_due(before=at("2030-01-01 00:00"),
                                                 limit=100_000)),
            "notices": sorted((named(n.key), n.recipient.key, n.subject, n.text)
                              for i in ids for n in uow.notices.for_matter(i)),
        }


@contextlib.contextmanager
def _plain() -> Iterator[None]:
    """The plain first sweep: nothing settled before the pages are read."""
    kept = _quiet.settle
    _quiet.settle = lambda *args, **kwargs: None
    try:
        yield
    finally:
        _quiet.settle = kept


def _swept(world: LadderWorld) -> tuple[dict[str, Any], list[int]]:
    _script(world)
    evaluated = [world.sweep(FIRST).matters_evaluated, world.sweep(SECOND).matters_evaluated]
    return _records(world), evaluated


def _plain_reference() -> tuple[dict[str, Any], list[int]]:
    with _plain():
        return _swept(LadderWorld("chizhou-2021"))


def test_the_first_sweep_in_memory_records_what_the_plain_first_sweep_records() -> None:
    """In memory: the same records and wakes, and the quiet matters were never evaluated by
    either sweep (the plain one read them only to find them quiet)."""
    expected, plain_evaluated = _plain_reference()
    assert expected["escalations"]  # the dataset escalates (the open overdue matter)
    assert expected["scores"]  # and scores (a chizhou-2021 §8.2 streak)
    assert any(k.startswith("池开督〔2026〕3号:") for k, _d, _i in expected["escalations"])
    assert any(":duty.higher_level_item:" in k for k, _d, _i in expected["escalations"])
    found, evaluated = _swept(LadderWorld("chizhou-2021"))
    assert expected == found
    assert plain_evaluated == evaluated


def test_the_first_sweep_on_sql_records_what_the_plain_first_sweep_records(
    engine: sa.Engine,
) -> None:
    """On SQLite and PostgreSQL: the records of the plain first sweep in memory, and (on
    SQLite, on a second database) of the plain first sweep on SQL."""
    expected, plain_evaluated = _plain_reference()
    found, evaluated = _swept(sql_ladder_world(engine, "chizhou-2021"))
    assert expected == found
    assert plain_evaluated == evaluated


def test_the_first_sweep_on_sqlite_records_what_the_plain_sqlite_sweep_records(
    tmp_path: Path,
) -> None:
    """SQLite against SQLite: the plain first sweep and the settling one on two databases."""
    found = []
    for name, settle in (("plain", False), ("settled", True)):
        url = f"sqlite:///{tmp_path / name}.db"
        upgrade(url)
        engine = create_engine(url)
        with contextlib.nullcontext() if settle else _plain():
            found.append(_swept(sql_ladder_world(engine, "chizhou-2021")))
        engine.dispose()
    assert found[0] == found[1]


def test_the_settled_matters_are_the_quiet_ones_only() -> None:
    """Settling at the first sweep's instant gives no wake to the four matters closed and
    quiet for more than the look-back, nothing else: the approved matter never dispatched,
    the received one and the matter completed lately are still due."""
    world = LadderWorld("chizhou-2021")
    _script(world)
    world.when(FIRST)
    with world.uow() as uow:
        quiet_before = len(uow.matters.wake_due(before=at(FIRST)))
    _quiet.settle(world.uow(), at(FIRST), None, 7)
    with world.uow() as uow:
        due = uow.matters.wake_due(before=at(FIRST))
    assert 9 == quiet_before
    assert 5 == len(due)


@pytest.mark.parametrize("lookback", [0, 30])
def test_any_lookback_gives_the_plain_records(lookback: int) -> None:
    """With no look-back (closed matters never looked at) and a long one (every closed matter
    looked at), the settling sweep still records what the plain one records."""
    found = []
    for settle in (False, True):
        world = LadderWorld("chizhou-2021")
        _script(world)
        with contextlib.nullcontext() if settle else _plain():
            world.when(FIRST)
            sweeping.sweep(world.uow(), world.ctx, lookback_days=lookback)
        found.append(_records(world))
    assert found[0] == found[1]
