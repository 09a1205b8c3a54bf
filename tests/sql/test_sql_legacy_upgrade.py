"""Upgrading databases written by release 0.1.0 (issue 9.6): every row survives into the
prefixed tables of one default office named by the caller, the event hash chain still
verifies, the legacy tables and their ``alembic_version`` are gone; without the office the
upgrade is refused and nothing changes. Run on SQLite and PostgreSQL from the rows in
``tests/data/legacy`` (see its README)."""

from __future__ import annotations

import datetime as dt
import decimal
import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sql_support import schema_differences

from supervision import bootstrap, policies
from supervision.adapters.sqlalchemy import (
    DefaultOffice,
    DefaultOfficeRequired,
    SqlAlchemyUnitOfWork,
    Tables,
    create_engine,
    current_revision,
    head_revision,
    tables,
    upgrade,
    verify,
)
from supervision.adapters.sqlalchemy._schema import UTCDateTime
from supervision.domain import Actor, Role
from supervision.domain.office import PolicyRef
from supervision.serialization import to_dict
from supervision.service_layer import OfficeSpec

LEGACY = sorted((Path(__file__).parent.parent / "data" / "legacy").glob("*.json"))
#: The tables of release 0.1.0 (schema 0003), parents before children.
TABLES = ("event_chain", "units", "matters", "assignments", "events", "number_sequences",
          "escalations", "score_entries", "score_entry_matters")
#: Each table's primary key (its rows are compared by it).
KEYS = {
    "event_chain": ("id",), "units": ("id",), "matters": ("id",),
    "assignments": ("matter_id", "unit_id"), "events": ("seq",),
    "number_sequences": ("prefix", "year"), "escalations": ("key",),
    "score_entries": ("key",), "score_entry_matters": ("entry_key", "matter_id"),
}
#: The bodies revision 0004 adds the office to (matters get their policy too).
WITH_OFFICE = ("units", "matters", "number_sequences", "escalations", "score_entries")
#: The office each database's matters are adopted into, and the exact policy parameters the
#: office ran release 0.1.0 with.
OFFICES = {
    "daoli-2017": DefaultOffice("daoli", "哈尔滨市道里区人民政府督查室", "daoli-2017",
                                {"pre_deadline_warning_working_days": 2}),
    "tongren-2014": DefaultOffice("tongren-gx", "铜仁高新区管委会督查室", "tongren-2014"),
}


def _load(path: Path) -> dict[str, list[dict[str, Any]]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    assert ("0.1.0", "0003") == (data["release"], data["revision"])
    tables_: dict[str, list[dict[str, Any]]] = data["tables"]
    return tables_


def _decode(value: Any) -> Any:
    if isinstance(value, dict) and "$dt" in value:
        return dt.datetime.fromisoformat(value["$dt"])
    if isinstance(value, dict) and "$dec" in value:
        return decimal.Decimal(value["$dec"])
    return value


def _legacy_table(name: str, rows: list[dict[str, Any]]) -> sa.TableClause:
    """The 0.1.0 table as the rows show it: instants as UTC (as the 0.1.0 adapter wrote
    them), decimals as numerics."""
    kinds: dict[str, Any] = {}
    for row in rows:
        for column, value in row.items():
            if isinstance(value, dict) and "$dt" in value:
                kinds[column] = UTCDateTime()
            elif isinstance(value, dict) and "$dec" in value:
                kinds[column] = sa.Numeric(18, 6)
            else:
                kinds.setdefault(column, None)
    return sa.table(name, *(sa.column(c, kinds[c]) for c in sorted(kinds)))


def rebuild(url: str, path: Path) -> dict[str, list[dict[str, Any]]]:
    """The database release 0.1.0 left: migrations to 0003 without a prefix, history in
    ``alembic_version``, then every row of ``path``. Returns the rows."""
    data = _load(path)
    upgrade(url, "0003", table_prefix="", version_table="alembic_version")
    engine = create_engine(url)
    try:
        with engine.begin() as connection:
            connection.exec_driver_sql("DELETE FROM event_chain")
            for name in TABLES:
                if data[name]:
                    connection.execute(
                        _legacy_table(name, data[name]).insert(),
                        [{k: _decode(v) for k, v in row.items()} for row in data[name]],
                    )
    finally:
        engine.dispose()
    return data


def _key(name: str, row: Mapping[str, Any]) -> tuple[Any, ...]:
    return tuple(row[k] for k in KEYS[name])


def _read(engine: sa.Engine, name: str, table: sa.TableClause | sa.Table) -> dict[
        tuple[Any, ...], dict[str, Any]]:
    with engine.connect() as connection:
        return {_key(name, r._mapping): dict(r._mapping)
                for r in connection.execute(sa.select(table))}


def _expected_body(name: str, body: str, office: DefaultOffice) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(body)
    if name in WITH_OFFICE:
        data["office_id"] = office.id
    if name == "matters":
        data["policy"] = to_dict(_ref(office))
    return data


def _ref(office: DefaultOffice) -> PolicyRef:
    policy = policies.get(str(office.policy))
    return PolicyRef.of(policy.with_parameters(**dict(office.parameters)))


def assert_every_row_survived(
    engine: sa.Engine, data: dict[str, list[dict[str, Any]]], office: DefaultOffice,
    t: Tables,
) -> None:
    """Every legacy row is in the upgraded table under the same key, each column the same
    (instants as the same instant), each body equal but for the office (and the policy)."""
    for name in TABLES:
        if name == "event_chain":  # the head moves on: 0005 chains the records (below)
            continue
        stored = _read(engine, name, getattr(t, name))
        legacy = {_key(name, r): {k: _decode(v) for k, v in r.items()} for r in data[name]}
        assert sorted(legacy) == sorted(stored), name
        for key, row in legacy.items():
            found = stored[key]
            for column, value in row.items():
                if column == "body" and name != "events":
                    expected = _expected_body(name, value, office)
                    assert expected == json.loads(found["body"]), (name, key)
                else:
                    assert value == found[column], (name, key, column)
            if name in WITH_OFFICE:
                assert office.id == found["office_id"], (name, key)


def _tables_in(engine: sa.Engine, schema: str | None = None) -> set[str]:
    with engine.connect() as connection:
        return set(sa.inspect(connection).get_table_names(schema=schema))


@pytest.fixture
def engine_of(empty_url: str) -> Iterator[sa.Engine]:
    engine = create_engine(empty_url)
    yield engine
    engine.dispose()


@pytest.mark.parametrize("path", LEGACY, ids=[p.stem for p in LEGACY])
def test_a_0_1_0_database_upgrades_into_one_named_office_keeping_every_row(
    empty_url: str, engine_of: sa.Engine, path: Path,
) -> None:
    """Every matter, unit, assignment, event, escalation, score entry and number survives
    under its id with its body (plus the office, and the named policy with its exact
    parameters on matters); the chain verifies; the legacy tables and alembic_version are
    gone; the schema is exactly the adapter's."""
    data = rebuild(empty_url, path)
    office = OFFICES[path.stem.removeprefix("legacy-0.1.0-")]
    assert "0003" == current_revision(empty_url)
    upgrade(empty_url, default_office=office)
    assert_every_row_survived(engine_of, data, office, tables())
    check = verify(engine_of)
    # revision 0005 links every escalation and score entry after the events, unkeyed
    linked = len(data["events"]) + len(data["escalations"]) + len(data["score_entries"])
    assert (True, linked, linked, True) == (check.intact, check.checked, check.unkeyed,
                                            check.legacy)
    assert set() == (set(TABLES) | {"alembic_version"}) & _tables_in(engine_of)
    assert head_revision() == current_revision(empty_url)
    assert [] == schema_differences(engine_of, tables())


@pytest.mark.parametrize("path", LEGACY, ids=[p.stem for p in LEGACY])
def test_the_adopted_office_works_under_the_named_policy(
    empty_url: str, engine_of: sa.Engine, path: Path,
) -> None:
    """After the upgrade the office exists under the named policy (its creation recorded),
    each matter records that policy, and a clerk of the office reads all its matters
    through a composition root configured with the same office."""
    data = rebuild(empty_url, path)
    office = OFFICES[path.stem.removeprefix("legacy-0.1.0-")]
    upgrade(empty_url, default_office=office)
    with SqlAlchemyUnitOfWork(engine_of) as uow:
        stored = uow.offices.get(office.id)
        history = uow.offices.history(office.id)
        matters = uow.matters.list(offices=[office.id])
    assert (office.name, _ref(office)) == (stored.name, stored.current.policy)
    assert ["created"] == [e.kind.value for e in history]
    assert {_ref(office)} == {m.policy for m in matters}
    app = bootstrap(engine=engine_of, offices=[OfficeSpec(
        office.id, office.name, office.policy, parameters=office.parameters)])
    clerk = Actor.of("clerk-1", Role.OFFICE_CLERK, office_id=office.id)
    assert sorted(r["id"] for r in data["matters"]) == sorted(
        m.id for m in app.list_matters(clerk))
    assert len(data["units"]) == len(app.units(clerk))


@pytest.mark.parametrize("path", LEGACY[:1], ids=[p.stem for p in LEGACY[:1]])
def test_without_a_default_office_the_upgrade_is_refused_and_nothing_changes(
    empty_url: str, engine_of: sa.Engine, path: Path,
) -> None:
    """A 0.1.0 database with matters upgraded without default_office raises
    DefaultOfficeRequired naming what to pass; its tables, rows and history stay as they
    were (no sv_ table, no library version table)."""
    data = rebuild(empty_url, path)
    before = _tables_in(engine_of)
    with pytest.raises(DefaultOfficeRequired) as caught:
        upgrade(empty_url)
    assert "default_office=DefaultOffice(" in str(caught.value)
    assert str(len(data["matters"])) in str(caught.value)
    assert before == _tables_in(engine_of)
    assert set(TABLES) | {"alembic_version"} == before
    assert "0003" == current_revision(empty_url)
    for name in TABLES:
        legacy = {_key(name, r): {k: _decode(v) for k, v in r.items()} for r in data[name]}
        if legacy:
            assert legacy == _read(engine_of, name, _legacy_table(name, data[name])), name
        else:
            with engine_of.connect() as connection:
                assert 0 == connection.exec_driver_sql(f"SELECT count(*) FROM {name}").scalar()


@pytest.mark.postgres
def test_a_0_1_0_database_can_be_adopted_into_a_schema_with_a_prefix(
    empty_postgres_url: str,
) -> None:
    """Upgrading with table_prefix and schema moves every row into that schema's prefixed
    tables (the chain verifies there) and leaves nothing of 0.1.0 in the public schema."""
    url = empty_postgres_url
    engine = create_engine(url)
    try:
        data = rebuild(url, LEGACY[-1])
        office = OFFICES[LEGACY[-1].stem.removeprefix("legacy-0.1.0-")]
        upgrade(url, table_prefix="dc_", schema="supervision", default_office=office)
        t = tables("dc_", "supervision")
        assert_every_row_survived(engine, data, office, t)
        assert verify(engine, table_prefix="dc_", schema="supervision").intact
        assert set() == _tables_in(engine)
        assert [] == schema_differences(engine, t)
    finally:
        engine.dispose()
