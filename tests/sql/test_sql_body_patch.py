"""A sweep's escalated matter is stored with its body patched from the body read (only
``version`` and ``changed_at`` differ, ``_body_patch``): the text is exactly the one the
straightforward path writes (``to_stored_json`` of the whole matter, what ``to_json``
writes), for matters of every status and shape; anything else changed, or a body not in the
library's own form, is written in full (issue 16 #2)."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import attrs
import pytest
import sqlalchemy as sa
from sql_support import sql_ladder_world
from test_sql_first_sweep import _records, _swept

from supervision._encoded_text import to_stored_json
from supervision.adapters.sqlalchemy import _matters, create_engine, upgrade
from supervision.adapters.sqlalchemy._body_patch import patched_body
from supervision.adapters.sqlalchemy._rows import matter_row
from supervision.domain import Matter
from supervision.serialization import from_json, to_json

sys.path.insert(0, str(Path(__file__).parents[1]))
from test_stored_json import MATTERS

_AT = dt.datetime(2026, 6, 1, 17, 0, 0, 123456, tzinfo=dt.timezone(dt.timedelta(hours=8)))
_UTC = dt.datetime(2027, 1, 2, 3, 4, 5, tzinfo=dt.UTC)


def _moves(matter: Matter) -> list[Matter]:
    """The escalated matter as a sweep's ``record`` makes it, and other instants and
    versions (an instant in another zone, microseconds, none at all, a far version)."""
    later = _AT if matter.changed_at is None else max(matter.changed_at, _AT)
    return [attrs.evolve(matter, version=matter.version + 1, changed_at=later),
            attrs.evolve(matter, version=matter.version + 1, changed_at=_UTC),
            attrs.evolve(matter, version=matter.version + 1, changed_at=None),
            attrs.evolve(matter, version=matter.version + 98_765, changed_at=matter.changed_at)]


@pytest.mark.parametrize("matter", MATTERS, ids=[f"{i}-{m.status.value}"
                                                  for i, m in enumerate(MATTERS)])
def test_a_patched_body_is_the_straightforward_text_of_the_escalated_matter(
        matter: Matter) -> None:
    body = to_stored_json(matter)
    assert body == to_json(matter)
    for moved in _moves(matter):
        patched = patched_body(moved, matter, body)
        assert patched == to_json(moved)
        assert matter_row(moved, patched) == matter_row(moved)


@pytest.mark.parametrize("matter", MATTERS[:3] + MATTERS[-2:])
def test_a_matter_changed_elsewhere_too_is_written_in_full(matter: Matter) -> None:
    body = to_stored_json(matter)
    moved = attrs.evolve(matter, version=matter.version + 1, changed_at=_AT)
    for other in (attrs.evolve(moved, title=matter.title + "（改）"),
                  # equal, but not the very parts read: written in full (the same text)
                  attrs.evolve(moved, assignments=tuple([*matter.assignments])),
                  attrs.evolve(moved, key_work=not matter.key_work)):
        assert patched_body(other, matter, body) is None
        assert matter_row(other)["body"] == to_json(other)
    assert patched_body(moved, matter, None) is None


@pytest.mark.parametrize("matter", MATTERS[:2] + MATTERS[-2:])
def test_a_body_not_in_the_librarys_own_form_is_written_in_full(matter: Matter) -> None:
    moved = attrs.evolve(matter, version=matter.version + 1, changed_at=_AT)
    data = json.loads(to_json(matter))
    spaced = json.dumps(data, ensure_ascii=False, sort_keys=True)
    unsorted = json.dumps(dict(reversed(data.items())), ensure_ascii=False,
                          separators=(",", ":"))
    ascii_text = json.dumps(data, sort_keys=True, separators=(",", ":"))
    other_version = to_json(attrs.evolve(matter, version=matter.version + 5))
    for body in (spaced, unsorted, other_version, to_json(moved)):
        assert patched_body(moved, matter, body) is None
    # escaped non-ASCII text is still JSON of the same matter: patched, decoding the same
    found = patched_body(moved, matter, ascii_text)
    assert found is None or json.loads(found) == json.loads(to_json(moved))


def test_a_body_with_a_nul_escape_is_written_in_full() -> None:
    """``\\u0000`` in a body sends the matter to the full writer, whose text check decides."""
    matter = MATTERS[0]
    moved = attrs.evolve(matter, version=matter.version + 1, changed_at=_AT)
    body = to_stored_json(matter).replace('"title":', '"title_":"\\\\u0000","title":')
    assert patched_body(moved, matter, body) is None


def _bodies(engine: sa.Engine) -> dict[str, tuple[int, str]]:
    with engine.connect() as connection:
        rows = connection.execute(sa.text("SELECT body, version FROM sv_matters")).all()
    numbered = {}
    for body, version in rows:
        matter = from_json(Matter, body)
        numbered[str(matter.number)] = (version, body.replace(matter.id, str(matter.number)))
    return numbered


def test_a_sweep_with_patched_bodies_stores_what_the_straightforward_sweep_stores(
        engine: sa.Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The mixed dataset of the first-sweep tests, swept twice on SQLite and on PostgreSQL
    with the patch, and on SQLite with every body written in full: every stored body (its
    matter id written as its number) and every record the same, each body the straightforward
    text of its matter, and the patch used for escalated matters."""
    used: list[bool] = []

    def counted(matter: Matter, read: Matter, body: str | None) -> str | None:
        found = patched_body(matter, read, body)
        used.append(found is not None)
        return found

    monkeypatch.setattr(_matters, "patched_body", counted)
    world = sql_ladder_world(engine, "chizhou-2021")
    patched = _swept(world)
    patched_bodies = _bodies(engine)
    assert any(used)
    monkeypatch.setattr(_matters, "patched_body", lambda *_args: None)
    url = f"sqlite:///{tmp_path / 'full'}.db"
    upgrade(url)
    full_engine = create_engine(url)
    full = _swept(sql_ladder_world(full_engine, "chizhou-2021"))
    full_bodies = _bodies(full_engine)
    full_engine.dispose()
    assert patched == full
    assert patched_bodies == full_bodies
    assert all(body == to_json(from_json(Matter, body)) for _v, body in patched_bodies.values())
    assert patched[0] == _records(world)


def test_a_matter_escalated_twice_in_one_page_is_patched_from_the_body_staged_for_it(
        engine: sa.Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A matter changed a second time in one unit of work (escalated twice in a sweep page)
    is patched from the body staged for it the first time: the mixed dataset of the first-
    sweep tests swept on SQLite and on PostgreSQL (the staged body seen used), and on SQLite
    with every body written in full, store the very same bodies and records."""
    from supervision.adapters.sqlalchemy._body_patch import known_body

    staged: list[str] = []

    def counted(current: Matter, read: dict[str, Matter], bodies: dict[str, str],
                in_unit: object) -> str | None:
        found = known_body(current, read, bodies, in_unit)  # type: ignore[arg-type]
        if found is not None and current is not read.get(current.id):
            staged.append(current.id)
        return found

    monkeypatch.setattr(_matters, "known_body", counted)
    world = sql_ladder_world(engine, "chizhou-2021")
    patched = _swept(world)
    patched_bodies = _bodies(engine)
    assert staged
    monkeypatch.setattr(_matters, "patched_body", lambda *_args: None)
    url = f"sqlite:///{tmp_path / 'full'}.db"
    upgrade(url)
    full_engine = create_engine(url)
    full = _swept(sql_ladder_world(full_engine, "chizhou-2021"))
    full_bodies = _bodies(full_engine)
    full_engine.dispose()
    assert (patched, patched_bodies) == (full, full_bodies)
