"""Every read path filters (issue 10.1): enumerated by introspection, each proved to show an
undesignated reader nothing of a matter they may not see.

The inventory (:mod:`read_paths_table`, :mod:`not_reads_table`, :mod:`id_paths`) lists
every public function of the service layer, every method of the composition root, the ledger,
documents and report functions and the SQL adapter's functions, each as a read path (probed),
an office-level figure (probed), a path taking a matter id, key, notice key or objection id
(probed with hidden and missing ids) or something that reads no matter (with the reason).
A public function added later without being listed fails
:func:`test_every_public_read_path_is_listed`.

The property checked for a read path is noninterference: the world of :mod:`read_world`
with the matters a reader may not see (a controlled and a secret matter, another office's
matter, another unit's matter for a unit's people) looks exactly as the same world without
them — no title, no id, no count, no trace. An office-level figure (the assessment and the
score totals, which :data:`~supervision.domain.permissions.OFFICE_FIGURE_ROLES` read as the
office's own figure, every matter counted) may count hidden matters for those roles but never
names one; for everyone else it is a read path like the others.
"""
from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest
import read_world as rw
from builders import CLERK_2, LEADER, LIAISON_A
from id_paths import ID_PATHS
from not_reads_table import NOT_READS
from read_paths_table import (
    OFFICE_FIGURES,
    READS,
    SQL_OFFICE_FIGURES,
    SQL_READS,
    YEAR,
    Observe,
)
from security_stores import Backend, Shared, kinds

from supervision.bootstrap import Supervision
from supervision.domain import Actor
from supervision.domain.permissions import OFFICE_FIGURE_ROLES

__all__ = ["ID_PATHS", "NOT_READS", "OFFICE_FIGURES", "READS", "SQL_OFFICE_FIGURES",
           "SQL_READS", "public_paths"]


# ====================================================================== the inventory
def public_paths() -> set[str]:
    """Every public callable the inventory must list, found by introspection."""
    import supervision.service_layer as service_layer

    found = {f"Supervision.{n}" for n, v in vars(Supervision).items()
             if not n.startswith("_") and callable(v)}
    for module in pkgutil.iter_modules(service_layer.__path__):
        loaded = importlib.import_module(f"supervision.service_layer.{module.name}")
        found |= {f"{module.name}.{n}" for n, f in inspect.getmembers(loaded, inspect.isfunction)
                  if f.__module__ == loaded.__name__ and not n.startswith("_")}
    for short, name in (("ledger", "supervision.ledger"), ("documents", "supervision.documents"),
                        ("report", "supervision.report"),
                        ("sqlalchemy", "supervision.adapters.sqlalchemy"),
                        ("memory", "supervision.adapters.memory")):
        package = importlib.import_module(name)
        found |= {f"{short}.{n}" for n in package.__all__
                  if inspect.isfunction(getattr(package, n))}
    return found


def _listed() -> list[str]:
    return [*READS, *OFFICE_FIGURES, *SQL_READS, *SQL_OFFICE_FIGURES, *ID_PATHS, *NOT_READS]


def test_every_public_read_path_is_listed() -> None:
    """The inventory lists exactly the public callables introspection finds: a new read path
    (or any new public function) must be classified and probed before the suite passes."""
    assert sorted(public_paths()) == sorted(set(_listed()))


def test_the_inventory_lists_each_path_once() -> None:
    """No path is classified twice (a read path is not also excused as reading nothing)."""
    names = _listed()
    assert [] == sorted({n for n in names if names.count(n) > 1})


# ====================================================================== the worlds
def _worlds(backend: Backend) -> dict[str, rw.ReadWorld]:
    """The full world, and for each reader the world without what they may not see."""
    full = rw.build(backend.fresh())
    found = {"full": full}
    for name, reader in rw.READERS.items():
        hidden = frozenset(rw.ALL) - frozenset(full.visible_ids(reader))
        key = ",".join(sorted(hidden))
        if key not in found:
            found[key] = rw.build(backend.fresh(), omit=hidden)
        found[name] = found[key]
    return found


def worlds_of(request: pytest.FixtureRequest, shared: Shared, kind: str
              ) -> dict[str, rw.ReadWorld]:
    """The worlds on ``kind``'s storage, built once per session."""
    found: dict[str, rw.ReadWorld] = shared.get(request, kind, "read-worlds", _worlds)
    return found


def _hidden(worlds: dict[str, rw.ReadWorld], reader: Actor) -> list[str]:
    return sorted(frozenset(rw.ALL) - frozenset(worlds["full"].visible_ids(reader)))


def _traces(matter_ids: list[str]) -> list[str]:
    """The texts that would betray the matters: ids, titles, requirements, the secret's
    reference."""
    found = [*matter_ids]
    for m in matter_ids:
        found += [t for t in (rw.TITLES[m], rw.MARKERS[m]) if t]
        if m == rw.SECRET:
            found.append(rw.SECRET_REFERENCE)
    return found


def _shown(value: object) -> str:
    if isinstance(value, bytes):
        return value.decode("latin-1")
    return repr(value)


def _leaks(value: object, matter_ids: list[str]) -> list[str]:
    text = _shown(value)
    return [t for t in _traces(matter_ids) if t in text]


def _noninterference(worlds: dict[str, rw.ReadWorld], reader_name: str, observe: Observe
                     ) -> tuple[object, object, list[str]]:
    reader = rw.READERS[reader_name]
    full = observe(worlds["full"], reader)
    without = observe(worlds[reader_name], reader)
    return full, without, _leaks(full, _hidden(worlds, reader))


# ====================================================================== the properties
@pytest.mark.parametrize("reader_name", sorted(rw.READERS))
@pytest.mark.parametrize(("kind", "path"), kinds(sorted(READS)))
def test_a_read_path_shows_nothing_of_what_the_reader_may_not_see(
    request: pytest.FixtureRequest, shared: Shared, kind: str, path: str, reader_name: str
) -> None:
    """The reader gets exactly what they get from the world without their hidden matters:
    no title, id, reference or count of a matter they may not see."""
    worlds = worlds_of(request, shared, kind)
    full, without, leaks = _noninterference(worlds, reader_name, READS[path])
    assert [] == leaks
    assert _shown(without) == _shown(full)


@pytest.mark.parametrize("reader_name", sorted(rw.READERS))
@pytest.mark.parametrize(("kind", "path"), kinds(sorted(OFFICE_FIGURES)))
def test_an_office_figure_names_no_matter_the_reader_may_not_see(
    request: pytest.FixtureRequest, shared: Shared, kind: str, path: str, reader_name: str
) -> None:
    """The office's own roles read the assessment over every matter, but no trace names a
    hidden matter; anyone else reads it like any read path (nothing of a hidden matter)."""
    worlds = worlds_of(request, shared, kind)
    full, without, leaks = _noninterference(worlds, reader_name, OFFICE_FIGURES[path])
    assert [] == leaks
    if not rw.READERS[reader_name].roles & OFFICE_FIGURE_ROLES:
        assert _shown(without) == _shown(full)


@pytest.mark.parametrize("reader_name", sorted(rw.READERS))
@pytest.mark.parametrize(("kind", "path"), kinds(sorted(SQL_READS), sql_only=True))
def test_a_sql_query_shows_nothing_of_what_the_reader_may_not_see(
    request: pytest.FixtureRequest, shared: Shared, kind: str, path: str, reader_name: str
) -> None:
    """query_matters and ledger_counts, aggregated in SQL, count and return only what the
    reader may see: the same as in the world without their hidden matters."""
    worlds = worlds_of(request, shared, kind)
    full, without, leaks = _noninterference(worlds, reader_name, SQL_READS[path])
    assert [] == leaks
    assert _shown(without) == _shown(full)


@pytest.mark.parametrize("reader_name", sorted(rw.READERS))
@pytest.mark.parametrize(("kind", "path"), kinds(sorted(SQL_OFFICE_FIGURES), sql_only=True))
def test_score_totals_are_an_office_figure_and_a_unit_sees_only_its_visible_entries(
    request: pytest.FixtureRequest, shared: Shared, kind: str, path: str, reader_name: str
) -> None:
    """score_totals is the office's figure for office roles; a unit's people get their
    unit's total over the entries tracing to matters they may see, as in the world without
    the others."""
    worlds = worlds_of(request, shared, kind)
    full, without, leaks = _noninterference(worlds, reader_name, SQL_OFFICE_FIGURES[path])
    assert [] == leaks
    if not rw.READERS[reader_name].roles & OFFICE_FIGURE_ROLES:
        assert _shown(without) == _shown(full)


def test_the_readers_cannot_see_the_hidden_matters() -> None:
    """The world is what the tests assume: every reader misses the controlled, the secret
    and the other office's matter, and unit-a's liaison also unit-b's."""
    world = rw.build()
    assert {
        "clerk": [rw.OPEN, rw.UNIT_B], "leader": [rw.OPEN, rw.UNIT_B],
        "auditor": [rw.OPEN, rw.UNIT_B], "inspector": [rw.OPEN, rw.UNIT_B],
        "liaison": [rw.OPEN],
    } == {name: world.visible_ids(reader) for name, reader in rw.READERS.items()}


def test_the_office_figure_counts_the_hidden_matters_for_the_office() -> None:
    """The office's roles read the office's figure: unit-a's card counts its hidden matters
    too (three assigned), unlike its liaison's card (one)."""
    world = rw.build()
    office_card = next(c for c in world.app.scorecard(LEADER, YEAR) if c.unit_id == "unit-a")
    [own_card] = world.app.scorecard(LIAISON_A, YEAR)
    assert (3, 1) == (office_card.assigned, own_card.assigned)


def test_an_undesignated_clerk_sees_the_hidden_matters_nowhere_in_the_ledger() -> None:
    """A readable spot check of the property: CLERK_2's ledger lists the two open matters."""
    world = rw.build()
    assert [rw.OPEN, rw.UNIT_B] == [row.matter_id for row in world.app.ledger(CLERK_2)]


def test_the_office_statistics_count_hidden_matters_but_name_only_visible_ones() -> None:
    """An office role's statistics count every matter of the office (unit-a: three
    assigned) but their figures name only the matters the reader may see."""
    world = rw.build()
    stats = world.app.statistics(CLERK_2, as_of=rw.END, period=YEAR)
    unit_a = stats.unit("unit-a")
    assert (3, (rw.OPEN,), (rw.OPEN, rw.UNIT_B)) == (
        unit_a.assigned, unit_a.matter_ids, stats.total.matter_ids)
