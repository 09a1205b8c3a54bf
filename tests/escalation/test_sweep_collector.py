"""The sweep reads and evaluates each page with the cyclic collector paused and leaves it as
it found it: on when the host had it on, off when the host had switched it off, after a
sweep that ends and after one whose page fails; the commit runs with the host's setting."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest
from escalation_world import LadderWorld

from supervision.adapters.memory import InMemoryUnitOfWork
from supervision.service_layer import sweep as sweeping


@pytest.fixture
def host_collector() -> Iterator[None]:
    """The test process's collector setting, restored whatever a test does to it."""
    was = gc.isenabled()
    try:
        yield
    finally:
        gc.enable() if was else gc.disable()


def _world() -> LadderWorld:
    world = LadderWorld("daoli-2017")
    for _ in range(5):
        world.dispatch("2026-03-02 10:00", category="urgent")
    world.when("2026-04-20 09:00")
    return world


def _spied(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, bool]]:
    """What the collector was while each page was evaluated and while each unit of work
    committed."""
    seen: list[tuple[str, bool]] = []
    evaluate, commit = sweeping._evaluate_matters, InMemoryUnitOfWork.commit

    def spy_evaluate(*args: object, **kwargs: object) -> None:
        seen.append(("evaluate", gc.isenabled()))
        evaluate(*args, **kwargs)  # type: ignore[arg-type]

    def spy_commit(self: InMemoryUnitOfWork) -> None:
        seen.append(("commit", gc.isenabled()))
        commit(self)

    monkeypatch.setattr(sweeping, "_evaluate_matters", spy_evaluate)
    monkeypatch.setattr(InMemoryUnitOfWork, "commit", spy_commit)
    return seen


@pytest.mark.parametrize("claim", [False, True], ids=["pages", "claimed pages"])
@pytest.mark.parametrize("enabled", [True, False], ids=["host on", "host off"])
def test_a_sweep_page_is_evaluated_with_the_collector_paused_and_restored(
        monkeypatch: pytest.MonkeyPatch, host_collector: None, claim: bool,
        enabled: bool) -> None:
    world = _world()
    seen = _spied(monkeypatch)
    gc.enable() if enabled else gc.disable()
    summary = sweeping.sweep(world.uow(), world.ctx, batch_size=2, claim=claim)
    assert gc.isenabled() is enabled
    assert summary.escalations  # the pages evaluated overdue matters
    assert ("evaluate", False) in seen
    assert ("evaluate", True) not in seen
    assert ("commit", enabled) in seen
    assert ("commit", not enabled) not in seen


def test_a_failing_page_leaves_the_collector_on(
        monkeypatch: pytest.MonkeyPatch, host_collector: None) -> None:
    world = _world()

    def failing(*args: object, **kwargs: object) -> None:
        raise RuntimeError("the page failed")

    monkeypatch.setattr(sweeping, "_evaluate_matters", failing)
    gc.enable()
    with pytest.raises(RuntimeError, match="the page failed"):
        sweeping.sweep(world.uow(), world.ctx, batch_size=2)
    assert gc.isenabled()

