"""Offices in one store are isolated (issue 9): each office's people see, count, number,
escalate and score only their own office's matters, and another office's matter is reported
exactly as a missing one. Only an explicit ``read_offices`` lets a city-level reader see
several offices, and it still acts in its own office only.

The world: office-a under the test policy (池开督, no escalation ladder) and office-b under
tongren-2014 (铜高督, with a ladder) in one in-memory store; both keep a unit called
``unit-a``, under different names.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

import pytest
from builders import (
    CLERK,
    LIAISON_A,
    OFFICE,
    OTHER_CLERK,
    OTHER_OFFICE,
    World,
    office_spec,
    registration,
)

from supervision.adapters.memory import InMemoryUnitOfWork
from supervision.calendar import SHANGHAI
from supervision.domain import (
    Actor,
    Matter,
    ReasonKind,
    Responsible,
    Role,
    ScorePeriod,
    Unit,
    UnitKind,
)
from supervision.exceptions import MatterNotFound, OfficeNotFound, PermissionDenied
from supervision.service_layer import (
    Context,
    count_matters,
    escalations_for,
    get_matter,
    ledger,
    list_matters,
    preview_matter,
    scorecard,
    services,
    timeline,
)
from supervision.service_layer import sweep as sweeping

#: The name office-b gives its own unit-a.
OTHER_UNIT_NAME = "另一区经济发展局"
#: The day the sweep runs: both matters (due 17 March) are long overdue.
LATER = dt.datetime(2026, 4, 20, 9, tzinfo=SHANGHAI)
#: A unit liaison of office-b's unit-a (the same unit id as office-a's).
OTHER_LIAISON_A = Actor.of("liaison-9", Role.UNIT_LIAISON, office_id=OTHER_OFFICE,
                           unit_id="unit-a")


class TwoOffices:
    """One store, two offices under different policies, one dispatched matter in each."""

    def __init__(self) -> None:
        self.world = World()
        self.world.app.ensure_offices([office_spec("tongren-2014", OTHER_OFFICE)])
        services.add_unit(
            self.world.uow(), self.world.ctx, OTHER_CLERK,
            Unit.create("unit-a", OTHER_UNIT_NAME, UnitKind.DEPARTMENT, head_id="head-9",
                        liaison_ids=("liaison-9",)),
        )
        self.a = self.world.dispatched()
        other = services.register(self.world.uow(), self.world.ctx, OTHER_CLERK, registration())
        self.b = services.dispatch(self.world.uow(), self.world.ctx, OTHER_CLERK, other.id)

    @property
    def ctx(self) -> Context:
        return self.world.ctx

    def uow(self) -> InMemoryUnitOfWork:
        return self.world.uow()

    def swept(self) -> TwoOffices:
        self.world.clock.set(LATER)
        sweeping.sweep(self.uow(), self.ctx)
        return self


def _missing_and_hidden(read: Callable[[str], object], hidden_id: str) -> tuple[str, str]:
    """The messages of the MatterNotFound raised for a missing id and for ``hidden_id``,
    with the ids made equal; fails unless both raise exactly MatterNotFound."""
    with pytest.raises(MatterNotFound) as missing:
        read("no-such-matter")
    with pytest.raises(MatterNotFound) as hidden:
        read(hidden_id)
    assert (MatterNotFound, MatterNotFound) == (type(missing.value), type(hidden.value))
    return str(missing.value).replace("no-such-matter", hidden_id), str(hidden.value)


Read = Callable[[TwoOffices, Actor, str], object]
READS: dict[str, Read] = {
    "get_matter": lambda w, a, m: get_matter(w.uow(), w.ctx, a, m),
    "timeline": lambda w, a, m: timeline(w.uow(), w.ctx, a, m),
    "escalations_for": lambda w, a, m: escalations_for(w.uow(), w.ctx, a, m),
    "preview_matter": lambda w, a, m: preview_matter(w.uow(), w.ctx, a, m),
}


# ================================================================== reads per office
def test_each_offices_clerk_lists_only_their_offices_matters() -> None:
    """list_matters gives each office's clerk their own office's matter only."""
    w = TwoOffices()
    assert ([w.a.id], [w.b.id]) == (
        [m.id for m in list_matters(w.uow(), w.ctx, CLERK)],
        [m.id for m in list_matters(w.uow(), w.ctx, OTHER_CLERK)],
    )


def test_each_offices_clerk_counts_only_their_offices_matters() -> None:
    """count_matters never counts another office's matter."""
    w = TwoOffices()
    services.register(w.uow(), w.ctx, OTHER_CLERK, registration())
    assert (1, 2) == (count_matters(w.uow(), w.ctx, CLERK),
                      count_matters(w.uow(), w.ctx, OTHER_CLERK))


def test_each_offices_ledger_shows_only_its_own_rows() -> None:
    """The ledger of each office lists its own matter, with its own unit's name."""
    w = TwoOffices()
    mine = [(r.matter_id, r.office_id, r.lead_unit) for r in ledger(w.uow(), w.ctx, CLERK, LATER)]
    theirs = [(r.matter_id, r.office_id, r.lead_unit)
              for r in ledger(w.uow(), w.ctx, OTHER_CLERK, LATER)]
    assert ([(w.a.id, OFFICE, "经济发展局")], [(w.b.id, OTHER_OFFICE, OTHER_UNIT_NAME)]) == (
        mine, theirs
    )


@pytest.mark.parametrize("name", sorted(READS))
def test_another_offices_matter_reads_exactly_as_a_missing_id(name: str) -> None:
    """Reading another office's matter raises the same MatterNotFound, with the same message,
    as reading an id that does not exist."""
    w = TwoOffices()
    missing, hidden = _missing_and_hidden(lambda m: READS[name](w, CLERK, m), w.b.id)
    assert missing == hidden


@pytest.mark.parametrize("name", sorted(READS))
def test_an_office_reads_its_own_matter(name: str) -> None:
    """The same read paths answer for the office's own matter (the refusal above is about
    the office, not the read path)."""
    w = TwoOffices()
    READS[name](w, OTHER_CLERK, w.b.id)


def test_another_offices_command_reads_exactly_as_a_missing_id() -> None:
    """A command on another office's matter fails as for a missing id and writes nothing."""
    w = TwoOffices()
    before = w.world.events(w.b.id)
    missing, hidden = _missing_and_hidden(
        lambda m: services.suspend(w.uow(), w.ctx, CLERK, m, reason="暂缓"), w.b.id
    )
    assert (missing, before) == (hidden, w.world.events(w.b.id))


# ============================================================= numbers and units
def test_numbers_run_per_office_under_each_offices_prefix() -> None:
    """Each office's first matter of 2026 is 〔2026〕1号 under its own 代字."""
    w = TwoOffices()
    assert ("池开督〔2026〕1号", "铜高督〔2026〕1号") == (str(w.a.number), str(w.b.number))


def test_two_offices_with_the_same_prefix_each_number_from_one() -> None:
    """Sequences belong to the office, not to the 代字: two offices using 池开督 both start
    at 1号, and a second matter in one office does not move the other's sequence."""
    world = World()
    world.app.ensure_offices([office_spec("tongren-2014", OTHER_OFFICE,
                                          numbering_prefix="池开督")])
    services.add_unit(world.uow(), world.ctx, OTHER_CLERK, Unit.create("unit-a", "经济局"))
    first_a = world.draft()
    second_a = world.draft()
    first_b = services.register(world.uow(), world.ctx, OTHER_CLERK, registration())
    assert ["池开督〔2026〕1号", "池开督〔2026〕2号", "池开督〔2026〕1号"] == [
        str(m.number) for m in (first_a, second_a, first_b)
    ]


def test_numbers_restart_each_year_in_each_office() -> None:
    """A new year starts every office's sequence at 1号 again."""
    w = TwoOffices()
    w.world.clock.set(dt.datetime(2027, 1, 4, 9, tzinfo=SHANGHAI))
    mine = w.world.draft()
    theirs = services.register(w.uow(), w.ctx, OTHER_CLERK, registration())
    assert ("池开督〔2027〕1号", "铜高督〔2027〕1号") == (str(mine.number), str(theirs.number))


def test_a_unit_id_may_exist_in_both_offices() -> None:
    """office-a and office-b each keep their own unit-a, under their own names."""
    w = TwoOffices()
    names = {
        office: [(u.id, u.name) for u in w.world.app.units(actor) if u.id == "unit-a"]
        for office, actor in ((OFFICE, CLERK), (OTHER_OFFICE, OTHER_CLERK))
    }
    assert {OFFICE: [("unit-a", "经济发展局")],
            OTHER_OFFICE: [("unit-a", OTHER_UNIT_NAME)]} == names


def test_a_unit_role_sees_only_its_units_matters_in_its_own_office() -> None:
    """office-a's unit-a liaison sees office-a's unit-a matter, neither office-a's unit-b
    matter nor office-b's matter for its own unit-a."""
    w = TwoOffices()
    w.world.draft(lead_unit_id="unit-b", responsible=(Responsible("head-b", "钱主任", "unit-b"),))
    assert [w.a.id] == [m.id for m in list_matters(w.uow(), w.ctx, LIAISON_A)]


def test_the_same_unit_id_in_another_office_does_not_let_its_people_act() -> None:
    """office-b's unit-a liaison cannot explain office-a's unit-a matter: it is not found."""
    w = TwoOffices()
    with pytest.raises(MatterNotFound):
        services.explain(w.uow(), w.ctx, OTHER_LIAISON_A, w.a.id, ReasonKind.OBJECTIVE, "说明")


# ============================================================ escalation and scores
def test_the_sweep_escalates_each_matter_under_its_own_offices_policy() -> None:
    """One sweep over both offices: office-b's matter is reminded and bulletined as
    tongren-2014 says; office-a's matter, under a policy with no ladder, gets nothing."""
    w = TwoOffices().swept()
    mine = escalations_for(w.uow(), w.ctx, CLERK, w.a.id)
    theirs = escalations_for(w.uow(), w.ctx, OTHER_CLERK, w.b.id)
    assert ([], {"tongren-2014"}, {OTHER_OFFICE}) == (
        mine, {e.policy for e in theirs}, {e.office_id for e in theirs}
    )
    assert theirs


def test_escalations_of_a_unit_are_kept_per_office() -> None:
    """office-b's escalations to its unit-a are not office-a's unit-a's."""
    w = TwoOffices().swept()
    with w.uow() as uow:
        found = (len(uow.escalations.for_unit(OFFICE, "unit-a")),
                 len(uow.escalations.for_unit(OTHER_OFFICE, "unit-a")) > 0)
    assert (0, True) == found


def test_a_unit_id_in_two_offices_is_scored_separately() -> None:
    """The deduction office-b's policy gives its unit-a never reaches office-a's unit-a."""
    w = TwoOffices().swept()
    period = ScorePeriod.of_year(2026)

    def points(actor: Actor) -> Decimal:
        (card,) = scorecard(w.uow(), w.ctx, actor, period, unit_ids=["unit-a"])
        return card.points

    mine, theirs = points(CLERK), points(OTHER_CLERK)
    assert 0 == mine
    assert 0 > theirs


def test_another_offices_scorecard_is_not_found() -> None:
    """Asking for another office's scorecard without read access is OfficeNotFound."""
    w = TwoOffices()
    with pytest.raises(OfficeNotFound):
        scorecard(w.uow(), w.ctx, CLERK, ScorePeriod.of_year(2026), office_id=OTHER_OFFICE)


# ============================================================= city-level readers
CITY = Actor.of("city-1", Role.OFFICE_CLERK, office_id="city", name="市督查室",
                read_offices=(OFFICE, OTHER_OFFICE))


def _with_city(w: TwoOffices) -> TwoOffices:
    w.world.app.ensure_offices([office_spec("daoli-2017", "city")])
    return w


def test_a_city_reader_lists_the_matters_of_every_office_it_reads() -> None:
    """read_offices lets a city-level supervisor list and count both offices' matters."""
    w = _with_city(TwoOffices())
    assert ({w.a.id, w.b.id}, 2) == (
        {m.id for m in list_matters(w.uow(), w.ctx, CITY)}, count_matters(w.uow(), w.ctx, CITY)
    )


def test_a_city_reader_reads_each_offices_matter_and_ledger() -> None:
    """get_matter, the timeline and the ledger answer for matters of both offices."""
    w = _with_city(TwoOffices())
    got = [get_matter(w.uow(), w.ctx, CITY, m.id).id for m in (w.a, w.b)]
    rows = [(r.office_id, r.lead_unit) for r in ledger(w.uow(), w.ctx, CITY, LATER)]
    assert ([w.a.id, w.b.id], [(OFFICE, "经济发展局"), (OTHER_OFFICE, OTHER_UNIT_NAME)]) == (
        got, rows
    )
    assert timeline(w.uow(), w.ctx, CITY, w.b.id)


def test_a_city_reader_cannot_act_on_another_offices_matter() -> None:
    """Reading an office is not acting in it: a command is refused and writes nothing."""
    w = _with_city(TwoOffices())
    before = w.world.events(w.b.id)
    with pytest.raises(PermissionDenied, match="own office"):
        services.suspend(w.uow(), w.ctx, CITY, w.b.id, reason="暂缓")
    assert before == w.world.events(w.b.id)


def test_a_city_reader_registers_in_its_own_office_only() -> None:
    """立项 by the city reader creates a matter of its own office, numbered there."""
    w = _with_city(TwoOffices())
    services.add_unit(w.uow(), w.ctx, CITY, Unit.create("unit-a", "市发改委"))
    matter: Matter = services.register(w.uow(), w.ctx, CITY, registration())
    assert ("city", "哈里政督〔2026〕1号") == (matter.office_id, str(matter.number))


def test_without_read_offices_a_reader_sees_only_its_own_office() -> None:
    """Read access to other offices is explicit data, never a default."""
    w = _with_city(TwoOffices())
    plain = Actor.of("city-2", Role.OFFICE_CLERK, office_id="city")
    assert [] == list_matters(w.uow(), w.ctx, plain)
