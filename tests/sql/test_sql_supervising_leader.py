"""zhoucun-2021 §4.4: the leader in charge's name is stored with the matter in the SQL
stores, and a body stored before the name was recorded (no ``supervising_leader_name`` key)
still reads, the name empty and everything else as stored."""

from __future__ import annotations

import json

import attrs
import sqlalchemy as sa
from sql_support import SqlWorld


def test_zhoucun_4_4_the_leaders_name_is_stored_and_an_old_body_without_it_reads(
    engine: sa.Engine,
) -> None:
    world = SqlWorld(engine)
    matter = world.dispatched(supervising_leader_name="王副区长")
    stored = world.stored(matter.id)
    assert ("leader-1", "王副区长") == (stored.supervising_leader,
                                        stored.supervising_leader_name)
    with engine.begin() as connection:
        body = connection.execute(sa.text("SELECT body FROM sv_matters WHERE id = :id"),
                                  {"id": matter.id}).scalar_one()
        old = json.loads(body)
        assert "王副区长" == old.pop("supervising_leader_name")
        connection.execute(sa.text("UPDATE sv_matters SET body = :body WHERE id = :id"),
                           {"id": matter.id, "body": json.dumps(old, ensure_ascii=False)})
    assert attrs.evolve(stored, supervising_leader_name="") == world.stored(matter.id)
