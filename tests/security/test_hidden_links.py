"""A visible matter never names a hidden one (issue 10.1): a sub-matter (分解立项) whose
parent is a controlled matter, and a re-inspection (回头看) of it, are visible to an
undesignated clerk — but their links, the details of their events, the filters by parent and
the SQL page never give the hidden matter away, while the designated clerk still sees them.

On memory, SQLite and PostgreSQL; the world is :mod:`read_world` plus the two linked matters,
registered by the designated clerk.
"""

from __future__ import annotations

import attrs
import pytest
import read_world as rw
from builders import CLERK, CLERK_2
from security_stores import Shared, kinds

from supervision.domain import DeadlineTerms
from supervision.periods import Period

CHILD, AGAIN = "m-child", "m-again"


def _linked(backend: object) -> rw.ReadWorld:
    world = rw.build(backend.fresh())  # type: ignore[attr-defined]
    base = rw._registration(rw.OPEN)
    world.app.register(CLERK, attrs.evolve(base, title="分解事项", parent_id=rw.CONTROLLED),
                       matter_id=CHILD)
    world.app.register(CLERK, attrs.evolve(base, title="回头看事项",
                                           reinspection_of=rw.CONTROLLED), matter_id=AGAIN)
    return world


def _world(request: pytest.FixtureRequest, shared: Shared, kind: str) -> rw.ReadWorld:
    found: rw.ReadWorld = shared.get(request, kind, "linked-world", _linked)
    return found


PARAMS = kinds(["links"], everywhere=lambda p: True)


@pytest.mark.parametrize(("kind", "path"), PARAMS)
def test_a_visible_child_does_not_name_its_hidden_parent(
    request: pytest.FixtureRequest, shared: Shared, kind: str, path: str
) -> None:
    """get_matter and list_matters blank parent_id and reinspection_of for the clerk who may
    not see the controlled matter, and keep them for the one who may."""
    world = _world(request, shared, kind)
    shown = {m.id: (m.parent_id, m.reinspection_of) for m in world.app.list_matters(CLERK_2)}
    assert ((None, None), (None, None)) == (shown[CHILD], shown[AGAIN])
    assert (None, None) == (world.app.get_matter(CLERK_2, CHILD).parent_id,
                            world.app.get_matter(CLERK_2, AGAIN).reinspection_of)
    assert (rw.CONTROLLED, rw.CONTROLLED) == (world.app.get_matter(CLERK, CHILD).parent_id,
                                              world.app.get_matter(CLERK, AGAIN).reinspection_of)


@pytest.mark.parametrize(("kind", "path"), PARAMS)
def test_filtering_by_a_hidden_parent_finds_what_a_missing_one_finds(
    request: pytest.FixtureRequest, shared: Shared, kind: str, path: str
) -> None:
    """list_matters(parent_id=hidden) and (reinspection_of=hidden) are empty, as for a
    missing id; the designated clerk finds the linked matter."""
    world = _world(request, shared, kind)
    assert ([], [], [], []) == (
        world.app.list_matters(CLERK_2, parent_id=rw.CONTROLLED),
        world.app.list_matters(CLERK_2, parent_id=rw.MISSING),
        world.app.list_matters(CLERK_2, reinspection_of=rw.CONTROLLED),
        world.app.list_matters(CLERK_2, reinspection_of=rw.MISSING),
    )
    assert [CHILD] == [m.id for m in world.app.list_matters(CLERK, parent_id=rw.CONTROLLED)]


@pytest.mark.parametrize(("kind", "path"), PARAMS)
def test_the_timeline_of_a_visible_child_does_not_name_its_hidden_parent(
    request: pytest.FixtureRequest, shared: Shared, kind: str, path: str
) -> None:
    """The REGISTERED event's parent_id / reinspection_of details are left out for the
    clerk who may not see the parent, and kept for the one who may."""
    world = _world(request, shared, kind)
    hidden = [v for m in (CHILD, AGAIN) for e in world.app.timeline(CLERK_2, m)
              for _k, v in e.details if v == rw.CONTROLLED]
    seen = [v for m in (CHILD, AGAIN) for e in world.app.timeline(CLERK, m)
            for _k, v in e.details if v == rw.CONTROLLED]
    assert ([], [rw.CONTROLLED, rw.CONTROLLED]) == (hidden, seen)


@pytest.mark.parametrize(("kind", "path"), kinds(["query_matters"], sql_only=True))
def test_a_sql_page_does_not_name_a_hidden_parent(
    request: pytest.FixtureRequest, shared: Shared, kind: str, path: str
) -> None:
    """query_matters blanks the links of the matters it returns, and a parent_id filter
    naming a hidden matter finds nothing."""
    from supervision.adapters.sqlalchemy import MatterQuery, SqlAlchemyUnitOfWork, query_matters

    world = _world(request, shared, kind)
    with SqlAlchemyUnitOfWork(world.storage["engine"]) as uow:
        page = query_matters(uow, CLERK_2, MatterQuery.of())
        by_parent = query_matters(uow, CLERK_2, MatterQuery.of(parent_id=rw.CONTROLLED))
        designated = query_matters(uow, CLERK, MatterQuery.of(parent_id=rw.CONTROLLED))
    links = {m.id: (m.parent_id, m.reinspection_of) for m in page.items}
    assert ((None, None), (None, None), 0, [CHILD]) == (
        links[CHILD], links[AGAIN], by_parent.total, [m.id for m in designated.items])


def test_a_linked_reinspection_of_a_visible_child_does_not_name_its_hidden_parent() -> None:
    """回头看 (linked) of the child by the undesignated clerk opens a new matter without the
    parent it may not see — instead of a MatterNotFound naming the hidden parent."""
    world = _linked(type("Memory", (), {"fresh": staticmethod(lambda: {"store": _store()})})())
    opened = world.app.reinspect(CLERK_2, CHILD, deadline=DeadlineTerms.stated(Period.days(5)),
                                 reason="回头看", linked=True)
    assert (None, CHILD) == (opened.parent_id, opened.reinspection_of)


def _store() -> object:
    from supervision.adapters.memory import InMemoryStore

    return InMemoryStore()
