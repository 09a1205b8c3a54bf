"""The outbox end to end on SQLite and PostgreSQL (issue 14, done when): a sweep writes the
notices, two delivery workers in their own processes share the outbox through a
failing-then-succeeding gateway, one is killed with SIGKILL after the gateway accepted a
notice and before the delivery was recorded; every notice reaches the gateway exactly once
(one message per key) and ends 已送达 with every attempt recorded."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from escalation_world import at
from gateway import FakeGateway
from sql_support import sql_ladder_world

from supervision.adapters.sqlalchemy import SqlAlchemyUnitOfWork, verify
from supervision.domain import EventKind
from supervision.domain.notices import AttemptOutcome, DeliveryStatus

WORKER = Path(__file__).with_name("delivery_worker.py")
_WAIT = 120.0  # seconds a worker may take before the test gives up on it (never a timing check)


@pytest.fixture
def gateway() -> Iterator[FakeGateway]:
    server = FakeGateway().start()
    yield server
    server.stop()


def _url(engine: sa.Engine) -> str:
    return engine.url.render_as_string(hide_password=False)


def _worker(engine: sa.Engine, gateway: FakeGateway, name: str, when: str, cwd: Path,
            hang_after: int = 0) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(WORKER), _url(engine), gateway.url, name,
         at(when).isoformat(), str(hang_after), "4"],
        cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def _finish(process: subprocess.Popen[str]) -> dict[str, object]:
    out, err = process.communicate(timeout=_WAIT)
    assert 0 == process.returncode, err
    found: dict[str, object] = json.loads(out.strip().splitlines()[-1])
    return found


def _keys(engine: sa.Engine) -> list[str]:
    with SqlAlchemyUnitOfWork(engine) as uow:
        return sorted(n.key for n in uow.notices.list(offices=None))


def test_two_workers_and_a_kill_9_deliver_each_notice_exactly_once(
    engine: sa.Engine, gateway: FakeGateway, tmp_path: Path
) -> None:
    """Six lianyungang-2019 matters reminded on 10-14: 24 notices. Both workers at 09:00 (the
    gateway fails every first request): each notice attempted once, by one of them. Worker A
    at 09:02 claims four, delivers one, gets the gateway's 200 for the second and is killed
    before recording it. Worker B at 09:03 delivers what A does not hold; at 09:10 A's lease
    has ended: B takes A's three over and sends them again with the same keys. Every notice is
    delivered once at the gateway, recorded 已送达 once (one NOTICE_DELIVERED event each), and
    the killed attempt reads 中断 between the failed and the delivered one."""
    world = sql_ladder_world(engine, "lianyungang-2019")
    matters = [world.dispatch(f"2026-09-28 {9 + i:02d}:00").id for i in range(6)]
    world.sweep("2026-10-14 09:00")
    keys = _keys(engine)
    assert 24 == len(keys)

    a, b = (_worker(engine, gateway, n, "2026-10-14 09:00", tmp_path) for n in ("A", "B"))
    first = [_finish(a), _finish(b)]
    assert 24 == sum(int(str(r["attempts"])) for r in first)
    with SqlAlchemyUnitOfWork(engine) as uow:
        attempts = {k: uow.notices.attempts(k) for k in keys}
    assert {(AttemptOutcome.FAILED,)} == {tuple(x.outcome for x in v) for v in attempts.values()}
    assert {x.worker for v in attempts.values() for x in v} <= {"A", "B"}

    doomed = _worker(engine, gateway, "A", "2026-10-14 09:02", tmp_path, hang_after=2)
    marker = tmp_path / "A.hung"
    deadline = time.monotonic() + _WAIT
    while not marker.exists():
        assert doomed.poll() is None, doomed.communicate()[1]
        assert time.monotonic() < deadline, "worker A never reached the gateway"
        time.sleep(0.05)
    hung_key = marker.read_text(encoding="utf-8")
    os.kill(doomed.pid, signal.SIGKILL)
    doomed.wait(timeout=_WAIT)
    assert -signal.SIGKILL == doomed.returncode
    with SqlAlchemyUnitOfWork(engine) as uow:
        held = [k for k in keys if uow.notices.delivery(k).claimed_by == "A"
                and uow.notices.delivery(k).status is DeliveryStatus.SENDING]
    assert 3 == len(held)
    assert hung_key in held

    during = _finish(_worker(engine, gateway, "B", "2026-10-14 09:03", tmp_path))
    assert not set(held) & set(during["delivered"])  # type: ignore[arg-type]
    after = _finish(_worker(engine, gateway, "B", "2026-10-14 09:10", tmp_path))
    assert sorted(held) == sorted(after["delivered"])  # type: ignore[type-var]

    assert keys == sorted(gateway.accepted)
    assert 3 == gateway.requests[hung_key]  # 503, then 200 to A (killed), then 200 to B
    with SqlAlchemyUnitOfWork(engine) as uow:
        assert {DeliveryStatus.DELIVERED} == {uow.notices.delivery(k).status for k in keys}
        hung = [(x.worker, x.outcome) for x in uow.notices.attempts(hung_key)]
        delivered_events = [
            e for m in matters for e in uow.events.for_matter(m)
            if e.kind is EventKind.NOTICE_DELIVERED
        ]
    assert "A" == hung[1][0]
    assert [AttemptOutcome.FAILED, AttemptOutcome.ABANDONED, AttemptOutcome.DELIVERED] == [
        o for _w, o in hung]
    assert ("B", 24) == (hung[2][0], len(delivered_events))
    assert keys == sorted(e.detail("notice") for e in delivered_events)
    assert verify(engine).intact


@pytest.mark.postgres
def test_postgres_workers_claiming_at_once_skip_each_others_rows(
    postgres_engine: sa.Engine,
) -> None:
    """Two units of work claiming together on PostgreSQL: the second skips the rows the first
    holds (FOR UPDATE SKIP LOCKED) instead of waiting, and both commit disjoint claims."""
    world = sql_ladder_world(postgres_engine, "lianyungang-2019")
    world.dispatch("2026-09-28 10:00")
    world.dispatch("2026-09-28 11:00")
    now = at("2026-10-14 09:00")
    first, second = SqlAlchemyUnitOfWork(postgres_engine), SqlAlchemyUnitOfWork(postgres_engine)
    with first:
        mine = first.notices.claim(worker="w1", now=now, lease_until=at("2026-10-14 09:05"),
                                   limit=2)
        result: list[int] = []

        def other() -> None:
            with second:
                result.append(len(second.notices.claim(
                    worker="w2", now=now, lease_until=at("2026-10-14 09:05"), limit=10)))
                second.commit()

        thread = threading.Thread(target=other)
        thread.start()
        thread.join(timeout=_WAIT)
        first.commit()
    assert (2, [2]) == (len(mine), result)
    with SqlAlchemyUnitOfWork(postgres_engine) as uow:
        holders = sorted(uow.notices.delivery(k).claimed_by or "" for k in _keys(postgres_engine))
    assert ["w1", "w1", "w2", "w2"] == holders
