"""Issue 11's rules where state is stored: the new registration fields survive the SQL
adapter and the engine reads them from the database (SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from escalation_world import at, day
from sql_support import sql_ladder_world

from supervision.domain import Instruction, Receipt, Source, SourceKind
from supervision.exceptions import RuleViolation


def test_chizhou_7_6_a_receipt_stored_in_sql_is_escalated_at_its_deadline(
    engine: sa.Engine,
) -> None:
    """An emergency report received 10:00 and not forwarded: the sweep at 10:30 stores the
    wake, the one at 11:05 (reading the matter back) records the office's overdue duty once."""
    world = sql_ladder_world(engine, "chizhou-2021")
    matter = world.register("2026-03-02 10:00", category="general",
                            receipt=Receipt.of(at("2026-03-02 10:00"), "emergency_report"))
    assert Receipt.of(at("2026-03-02 10:00"), "emergency_report") == world.stored(
        matter).receipt
    assert [] == list(world.sweep("2026-03-02 10:30").escalations)
    [duty] = world.sweep("2026-03-02 11:05").escalations
    assert ("emergency_report", "chizhou-2021 §7.6") == (duty.duty, duty.citation.key)
    assert [] == list(world.sweep("2026-03-02 12:00").escalations)


def test_lianyungang_5_1_the_instruction_and_key_work_flag_are_stored(
    engine: sa.Engine,
) -> None:
    """The leader's instruction (who, when, main leader) and the key-work flag read back
    equal; without an instruction nothing is stored."""
    world = sql_ladder_world(engine, "lianyungang-2019")
    instruction = Instruction.of("市长", day("2026-09-28"), "批示〔2026〕7号", main_leader=True)
    matter = world.dispatch("2026-09-28 10:00", instruction=instruction, key_work=True)
    stored = world.stored(matter)
    assert (instruction, True) == (stored.instruction, stored.key_work)
    with pytest.raises(RuleViolation) as caught:
        world.register("2026-09-28 11:00", instruction=None,
                       source=Source.of(SourceKind.HOTLINE, "12345热线转办"))
    assert "leader_instruction_missing" == caught.value.rule
    with world.uow() as uow:
        assert 1 == len(uow.matters.list(offices=None))
