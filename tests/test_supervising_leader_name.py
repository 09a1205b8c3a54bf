"""zhoucun-2021 §4.4 (区政府分管领导同志阅签): a registration records the leader in charge's
name beside the person id the sign-off is checked against; the name is checked like other
text a person typed, stored with the matter, and a matter stored before names existed still
decodes (its name empty)."""

from __future__ import annotations

import json
from typing import Any

import attrs
import pytest
from builders import HEAD_A, World, final_content

from supervision._stored import from_stored_json
from supervision.domain import Matter, Signoff, SignoffCapacity
from supervision.exceptions import InputOutOfBounds, InvalidInput, RuleViolation
from supervision.serialization import from_dict, from_json, to_dict, to_json
from supervision.service_layer import services


def test_zhoucun_4_4_a_registration_records_the_leaders_name_beside_the_id() -> None:
    matter = World().draft(supervising_leader_name="王副区长")
    assert ("leader-1", "王副区长", "王副区长（leader-1）") == (
        matter.supervising_leader, matter.supervising_leader_name,
        matter.supervising_leader_label)


def test_zhoucun_4_4_without_a_name_the_leader_reads_as_the_id() -> None:
    world = World()
    assert ["leader-1", ""] == [world.draft().supervising_leader_label,
                                world.draft(supervising_leader=None).supervising_leader_label]


@pytest.mark.parametrize("name", [
    "王副\n区长", "王副区长\x07", "\t王副区长", "王（副）区长", "王副区长(vice)", "   ", 5, None,
    "\ud800", "王\x00",
])
def test_zhoucun_4_4_a_leaders_name_that_is_no_name_is_refused_naming_the_field(
    name: Any,
) -> None:
    """Control characters, brackets (the ledger writes 姓名（人员标识）), blank text or no
    text at all: InvalidInput naming supervising_leader_name; nothing is stored."""
    world = World()
    with pytest.raises(InvalidInput) as error:
        world.draft(supervising_leader_name=name)
    assert "supervising_leader_name" == error.value.fields["field"]
    with world.uow() as uow:
        assert [] == uow.matters.list(offices=None)


def test_zhoucun_4_4_a_leaders_name_has_a_length_bound() -> None:
    world = World()
    assert 200 == len(world.draft(supervising_leader_name="王" * 200).supervising_leader_name)
    with pytest.raises(InputOutOfBounds) as error:
        world.draft(supervising_leader_name="王" * 201)
    assert ("supervising_leader_name", 200) == (error.value.fields["field"],
                                                error.value.fields["limit"])


def test_zhoucun_4_4_a_name_without_the_leaders_id_is_refused() -> None:
    """The id is what the sign-off is checked against: a name alone records no leader."""
    with pytest.raises(InvalidInput) as error:
        World().draft(supervising_leader=None, supervising_leader_name="王副区长")
    assert "supervising_leader_name" == error.value.fields["field"]


def _old(matter: Matter) -> dict[str, Any]:
    data = to_dict(matter)
    del data["supervising_leader_name"]
    return data


def test_zhoucun_4_4_a_matter_stored_before_names_were_recorded_still_decodes() -> None:
    """A body without supervising_leader_name (written before the field existed) reads as
    the same matter with the name empty, by every reader the library has."""
    matter = World().dispatched(supervising_leader_name="王副区长")
    expected = attrs.evolve(matter, supervising_leader_name="")
    old = _old(matter)
    text = json.dumps(old, ensure_ascii=False)
    assert [expected, expected, expected] == [
        from_dict(Matter, old), from_json(Matter, text), from_stored_json(Matter, text)]
    assert matter == from_json(Matter, to_json(matter)) == from_stored_json(
        Matter, to_json(matter))


def test_zhoucun_4_4_a_refused_signoff_names_the_leader_who_must_sign() -> None:
    """Signed by someone else: the refusal names the leader as recorded, 王副区长（leader-1）."""
    world = World("zhoucun-2021")
    matter = world.dispatched(supervising_leader_name="王副区长", category=None)
    services.acknowledge(world.uow(), world.ctx, HEAD_A, matter.id)
    wrong = Signoff(HEAD_A.person_id, SignoffCapacity.SUPERVISING_LEADER, world.clock.now())
    with pytest.raises(RuleViolation) as error:
        services.submit_final_report(world.uow(), world.ctx, HEAD_A, matter.id,
                                     final_content(), signoff=wrong)
    assert "王副区长（leader-1）" in str(error.value)
