"""A hypothesis state machine drives the in-memory adapter and the SQL adapter (SQLite) with
the same random commands: every outcome, stored matter and event log must be identical."""

from __future__ import annotations

import functools
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "service"))

from builders import CLERK, World, registration
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule
from sql_support import SqlWorld
from strategies import actors, clock_steps
from test_service_stateful import COMMANDS, EXPECTED_ERRORS

from supervision.adapters.sqlalchemy import create_engine, upgrade
from supervision.domain import Actor
from supervision.serialization import to_json
from supervision.service_layer import services


@functools.cache
def _template() -> Path:
    path = Path(tempfile.mkdtemp(prefix="supervision-equivalence-")) / "template.db"
    upgrade(f"sqlite:///{path}")
    return path


class SameBehaviour(RuleBasedStateMachine):
    """Each command runs on both adapters; they must agree on everything."""

    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(prefix="supervision-sql-"))
        shutil.copyfile(_template(), self.folder / "db.sqlite")
        self.engine = create_engine(f"sqlite:///{self.folder / 'db.sqlite'}")
        self.memory = World()
        self.sql = SqlWorld(self.engine)
        self.pairs: list[tuple[str, str]] = []

    def teardown(self) -> None:
        self.engine.dispose()
        shutil.rmtree(self.folder, ignore_errors=True)

    @rule()
    def register(self) -> None:
        one = services.register(self.memory.uow(), self.memory.ctx, CLERK, registration())
        two = services.register(self.sql.uow(), self.sql.ctx, CLERK, registration())
        self.pairs.append((one.id, two.id))

    @rule(hours=clock_steps)
    def tick(self, hours: int) -> None:
        self.memory.clock.advance(hours=hours)
        self.sql.clock.advance(hours=hours)

    @precondition(lambda self: bool(self.pairs))
    @rule(pick=st.integers(0, 1000), actor=actors, name=st.sampled_from(sorted(COMMANDS)))
    def act(self, pick: int, actor: Actor, name: str) -> None:
        memory_id, sql_id = self.pairs[pick % len(self.pairs)]
        _action, command = COMMANDS[name]
        outcomes = []
        for world, matter_id in ((self.memory, memory_id), (self.sql, sql_id)):
            try:
                command(world, actor, matter_id)
                outcomes.append("ok")
            except EXPECTED_ERRORS as error:
                outcomes.append(type(error).__name__)
        assert outcomes[0] == outcomes[1]

    @invariant()
    def both_stores_hold_the_same_records(self) -> None:
        for memory_id, sql_id in self.pairs:
            mine = to_json(self.memory.stored(memory_id)).replace(memory_id, "<id>")
            theirs = to_json(self.sql.stored(sql_id)).replace(sql_id, "<id>")
            assert mine == theirs
            mine_events = [to_json(e).replace(memory_id, "<id>")
                           for e in self.memory.events(memory_id)]
            their_events = [to_json(e).replace(sql_id, "<id>") for e in self.sql.events(sql_id)]
            assert mine_events == their_events


SameBehaviour.TestCase.settings = settings(max_examples=12, stateful_step_count=12,
                                           deadline=None)
TestSameBehaviour = SameBehaviour.TestCase
