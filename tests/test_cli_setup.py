"""Setting up from the command line: ``db upgrade`` (a new database, a release-0.1.0 one, a
prefix), ``db verify``, ``office add|list|show|change-policy|history``, ``unit add|list``,
and the database errors' exit codes."""

from __future__ import annotations

import datetime as dt
import decimal
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from cli_support import CLERK, DAOLI, LEADER, Desk, daoli_office, register, run

from supervision.adapters.sqlalchemy import create_engine, current_revision, head_revision
from supervision.adapters.sqlalchemy import upgrade as library_upgrade
from supervision.adapters.sqlalchemy._schema import UTCDateTime
from supervision.cli import (
    EXIT_CONFLICT,
    EXIT_DATABASE,
    EXIT_ERROR,
    EXIT_OK,
    EXIT_PERMISSION,
    EXIT_USAGE,
)

LEGACY = Path(__file__).parent / "data" / "legacy" / "legacy-0.1.0-daoli-2017.json"


# ================================================================================ db
def test_db_upgrade_creates_the_schema_and_a_second_run_changes_nothing(tmp_path: Path) -> None:
    """`db upgrade URL` migrates an empty SQLite file to the newest revision, then is a no-op."""
    url = f"sqlite:///{tmp_path / 'new.db'}"
    done = run("db", "upgrade", url)
    assert EXIT_OK == done.code, done.err
    assert "migrated" in done.out
    assert head_revision() == current_revision(url)
    assert "up to date" in run("db", "upgrade", url).out


def test_db_upgrade_takes_the_url_from_db_when_none_is_given(tmp_path: Path) -> None:
    """Without URL, `db upgrade` migrates the database --db names."""
    desk = Desk.at(tmp_path)
    desk.ok("db", "upgrade")
    assert head_revision() == current_revision(desk.url)


def test_db_upgrade_with_an_office_sets_up_the_office_on_a_new_database(tmp_path: Path) -> None:
    """--office/--office-name/--policy on a new database create the office under the policy,
    recorded at --at."""
    desk = daoli_office(tmp_path)
    office = desk.ok("office", "show", "--json").json()["office"]
    assert ("daoli", "道里区人民政府督查室", "哈里政督", DAOLI) == (
        office["id"], office["name"], office["numbering_prefix"], office["policy"])


def _rebuild_legacy(url: str) -> None:
    """A database as release 0.1.0 left it (schema 0003, no prefix, its own alembic_version
    table), with every row of tests/data/legacy's daoli-2017 quarter."""
    data = json.loads(LEGACY.read_text(encoding="utf-8"))["tables"]
    library_upgrade(url, "0003", table_prefix="", version_table="alembic_version")

    def decode(value: Any) -> Any:
        if isinstance(value, dict) and "$dt" in value:
            return dt.datetime.fromisoformat(value["$dt"])
        if isinstance(value, dict) and "$dec" in value:
            return decimal.Decimal(value["$dec"])
        return value

    engine = create_engine(url)
    with engine.begin() as connection:
        connection.exec_driver_sql("DELETE FROM event_chain")
        for name in ("event_chain", "units", "matters", "assignments", "events",
                     "number_sequences", "escalations", "score_entries",
                     "score_entry_matters"):
            rows = data[name]
            if not rows:
                continue
            kinds: dict[str, Any] = {}
            for row in rows:
                for column, value in row.items():
                    if isinstance(value, dict) and "$dt" in value:
                        kinds[column] = UTCDateTime()
                    elif isinstance(value, dict) and "$dec" in value:
                        kinds[column] = sa.Numeric(18, 6)
                    else:
                        kinds.setdefault(column, None)
            table = sa.table(name, *(sa.column(c, kinds[c]) for c in sorted(kinds)))
            connection.execute(table.insert(),
                               [{k: decode(v) for k, v in r.items()} for r in rows])
    engine.dispose()


def test_db_upgrade_of_a_release_0_1_0_database_needs_the_office_and_names_the_options(
    tmp_path: Path,
) -> None:
    """A 0.1.0 database with matters is refused without the office (exit 1, naming --office,
    --office-name and --policy), and nothing changes."""
    url = f"sqlite:///{tmp_path / 'legacy.db'}"
    _rebuild_legacy(url)
    done = run("db", "upgrade", url)
    assert EXIT_ERROR == done.code
    assert "--office-name" in done.err
    assert "0003" == current_revision(url)


def test_db_upgrade_moves_a_release_0_1_0_database_into_the_named_office(tmp_path: Path) -> None:
    """With --office, --office-name, --policy and the parameters it ran under, every matter of
    the 0.1.0 database belongs to the office afterwards and the event chain still verifies."""
    url = f"sqlite:///{tmp_path / 'legacy.db'}"
    _rebuild_legacy(url)
    matters = len(json.loads(LEGACY.read_text(encoding="utf-8"))["tables"]["matters"])
    done = run("db", "upgrade", url, "--office", "daoli", "--office-name",
               "哈尔滨市道里区人民政府督查室", "--policy", DAOLI,
               "--parameter", "pre_deadline_warning_working_days=2")
    assert EXIT_OK == done.code, done.err
    with sqlite3.connect(tmp_path / "legacy.db") as connection:
        stored = connection.execute(
            "SELECT count(*) FROM sv_matters WHERE office_id = 'daoli'").fetchone()[0]
    assert matters == stored
    listed = run("--db", url, "list", "--role", "office_clerk", "--json").json()["matters"]
    assert {"daoli"} == {m["office_id"] for m in listed}
    assert run("--db", url, "db", "verify", "--json").json()["intact"] is True


def test_db_upgrade_with_a_table_prefix_names_the_tables_with_it(tmp_path: Path) -> None:
    """--table-prefix dc_ puts the library's tables under dc_*, and the other commands find
    them with the same option."""
    desk = Desk.at(tmp_path)
    desk.ok("db", "upgrade", "--table-prefix", "dc_", "--office", "daoli",
            "--office-name", "道里区人民政府督查室", "--policy", DAOLI,
            "--at", "2026-09-01T09:00+08:00")
    names = {r[0] for r in sqlite3.connect(tmp_path / "office.db").execute(
        "SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert "dc_matters" in names
    assert "sv_matters" not in names
    assert ["daoli"] == [o["id"] for o in desk.ok(
        "office", "list", "--table-prefix", "dc_", "--json").json()["offices"]]


def test_a_schema_on_sqlite_is_refused_as_usage(tmp_path: Path) -> None:
    """--schema is PostgreSQL's: on SQLite exit 2."""
    assert EXIT_USAGE == Desk.at(tmp_path).run("db", "upgrade", "--schema", "supervision").code


@pytest.mark.parametrize(
    "argv",
    [
        ("db", "upgrade", "not a url"),
        ("db", "upgrade", "mysql://root@localhost/supervision"),
        ("db", "upgrade", "sqlite:///no/such/folder/x.db"),
        ("db", "upgrade", "sqlite://"),
        ("db",),
        ("db", "upgrade", "--table-prefix", "Bad-Prefix"),
    ],
)
def test_database_commands_refuse_bad_urls_with_exit_2(argv: tuple[str, ...],
                                                       tmp_path: Path) -> None:
    """A malformed or unsupported database URL or naming is bad input: exit 2 and a reason."""
    done = run("--db", f"sqlite:///{tmp_path / 'x.db'}", *argv)
    assert EXIT_USAGE == done.code
    assert done.err.startswith("supervision: ")


def test_db_verify_finds_the_event_log_intact_then_altered(tmp_path: Path) -> None:
    """`db verify` says intact (exit 0); after a row is edited behind the library's back it
    exits 1 naming the position."""
    desk = daoli_office(tmp_path)
    register(desk, "推进园区道路改造")
    assert desk.ok("db", "verify", "--json").json()["intact"] is True
    with sqlite3.connect(tmp_path / "office.db") as connection:
        connection.execute("DROP TRIGGER IF EXISTS sv_events_no_update")
        connection.execute("UPDATE sv_events SET body = replace(body, 'clerk-1', 'clerk-9') "
                           "WHERE seq = 1")
    done = desk.run("db", "verify")
    assert EXIT_ERROR == done.code
    assert "position 1" in done.err


def test_a_missing_database_file_exits_1_and_names_db_upgrade(tmp_path: Path) -> None:
    """No database file: exit 1, the message says how to create it, and no file appears."""
    done = Desk.at(tmp_path, "none.db").run("list")
    assert EXIT_ERROR == done.code
    assert "supervision db upgrade" in done.err
    assert not (tmp_path / "none.db").exists()


def test_an_unmigrated_database_exits_1(tmp_path: Path) -> None:
    """An empty (never migrated) database: exit 1 naming the revision it is at."""
    sqlite3.connect(tmp_path / "empty.db").close()
    done = Desk.at(tmp_path, "empty.db").run("list")
    assert EXIT_ERROR == done.code
    assert "数据库未迁移" in done.err


def test_an_unreachable_server_exits_4() -> None:
    """A server that refuses the connection is retryable: exit 4 (run again later)."""
    done = run("--db", "postgresql+psycopg://nobody@127.0.0.1:1/none", "sweep",
               "--at", "2026-10-08T09:00+08:00")
    assert EXIT_DATABASE == done.code
    assert "数据库连接中断" in done.err


# ========================================================================== offices
def test_office_add_sets_up_a_second_office_and_list_shows_both(tmp_path: Path) -> None:
    """`office add ID NAME --policy` adds an office; `office list` shows every office."""
    desk = daoli_office(tmp_path)
    added = desk.ok("office", "add", "lyg", "连云港市人民政府督查室", "--policy",
                    "lianyungang-2019", "--at", "2026-09-01T09:00+08:00", "--json")
    assert "连政督" == added.json()["office"]["numbering_prefix"]
    listed = desk.ok("office", "list", "--json").json()["offices"]
    assert ["daoli", "lyg"] == sorted(o["id"] for o in listed)


def test_office_add_refuses_an_existing_id_as_a_conflict(tmp_path: Path) -> None:
    """Adding an office whose id is taken is exit 8 and changes nothing."""
    desk = daoli_office(tmp_path)
    done = desk.run("office", "add", "daoli", "另一个督查室", "--policy", "tongren-2014",
                    "--at", "2026-09-01T09:00+08:00")
    assert EXIT_CONFLICT == done.code
    assert "道里区人民政府督查室" == desk.ok("office", "show", "--json").json()["office"]["name"]


def test_with_two_offices_the_actor_must_name_one(tmp_path: Path) -> None:
    """Once the database holds two offices, a command without --office is exit 2 naming them."""
    desk = daoli_office(tmp_path)
    desk.ok("office", "add", "lyg", "连云港市人民政府督查室", "--policy", "lianyungang-2019",
            "--at", "2026-09-01T09:00+08:00")
    done = desk.run("unit", "list")
    assert EXIT_USAGE == done.code
    assert "daoli, lyg" in done.err
    assert EXIT_OK == desk.run("unit", "list", "--office", "lyg").code


def test_office_change_policy_by_the_leader_is_recorded_in_the_history(tmp_path: Path) -> None:
    """An approving leader changes the office's policy from a day (the old one stays for the
    matters registered before); the change is in `office history`."""
    desk = daoli_office(tmp_path)
    done = desk.run("office", "change-policy", DAOLI, "--parameter", "extensions_enabled=true",
                    "--effective-from", "2026-10-01", "--reason", "启用延期申请", *LEADER,
                    "--at", "2026-09-20T09:00+08:00", "--json")
    assert EXIT_OK == done.code, done.err
    terms = done.json()["office"]["policies"]
    assert ["2017-12-20", "2026-10-01"] == [t["effective_from"] for t in terms]
    history = desk.ok("office", "history", "--json").json()["events"]
    assert ["created", "policy_changed"] == [e["kind"] for e in history]


def test_office_change_policy_by_a_clerk_is_refused(tmp_path: Path) -> None:
    """Only an approving leader changes the policy: a clerk gets exit 6."""
    done = daoli_office(tmp_path).run(
        "office", "change-policy", "tongren-2014", "--effective-from", "2026-10-01",
        "--reason", "换制度", *CLERK, "--at", "2026-09-20T09:00+08:00")
    assert EXIT_PERMISSION == done.code


def test_office_show_names_another_office_by_id(tmp_path: Path) -> None:
    """`office show ID` shows that office."""
    desk = daoli_office(tmp_path)
    desk.ok("office", "add", "lyg", "连云港市人民政府督查室", "--policy", "lianyungang-2019",
            "--at", "2026-09-01T09:00+08:00")
    assert "lyg" == desk.ok("office", "show", "lyg", "--json").json()["office"]["id"]


# ============================================================================ units
def test_unit_add_and_list_with_a_chinese_kind(tmp_path: Path) -> None:
    """`unit add --kind 镇街` adds a township; `unit list` shows the office's units."""
    desk = daoli_office(tmp_path)
    desk.ok("unit", "add", "qunli", "群力街道", "--kind", "镇街", "--head", "qunli-head", *CLERK)
    units = {u["id"]: u for u in desk.ok("unit", "list", "--json").json()["units"]}
    assert ("township", "镇街") == (units["qunli"]["kind"], units["qunli"]["kind_label"])
    assert {"econ", "qunli"} == set(units)


def test_unit_add_by_the_auditor_is_refused(tmp_path: Path) -> None:
    """The default reader (审计只读) may not add units: exit 6."""
    assert EXIT_PERMISSION == daoli_office(tmp_path).run("unit", "add", "x", "某局").code


def test_unit_add_with_an_unknown_kind_lists_the_kinds(tmp_path: Path) -> None:
    """An unknown --kind is exit 2 listing the kinds in Chinese."""
    done = daoli_office(tmp_path).run("unit", "add", "x", "某局", "--kind", "委员会", *CLERK)
    assert EXIT_USAGE == done.code
    assert "派驻机构" in done.err


# ======================================================================== PostgreSQL
@pytest.fixture
def empty_postgres(postgres_url: str) -> Iterator[str]:
    """An empty PostgreSQL database on the session's throwaway server, for one test."""
    name = "supervision_cli"
    admin = sa.create_engine(postgres_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        connection.exec_driver_sql(f"CREATE DATABASE {name}")
    yield sa.make_url(postgres_url).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    admin.dispose()


@pytest.mark.postgres
def test_on_postgresql_a_schema_holds_the_office_and_its_matters(empty_postgres: str) -> None:
    """On PostgreSQL, --schema puts the library's tables in that schema; the office, its unit
    and a registered matter are found again through the same option."""
    schema = ("--schema", "duban")
    desk = Desk(empty_postgres)
    desk.ok("db", "upgrade", *schema, "--office", "daoli", "--office-name", "道里区人民政府督查室",
            "--policy", DAOLI, "--at", "2026-09-01T09:00+08:00")
    desk.ok("unit", "add", "econ", "经济发展局", "--head", "econ-head", *CLERK, *schema)
    register(desk, "推进园区道路改造", *schema)
    listed = desk.ok("list", *schema, "--json").json()["matters"]
    assert ["哈里政督〔2026〕1号"] == [m["number"] for m in listed]
    engine = create_engine(empty_postgres)
    with engine.connect() as connection:
        assert "sv_matters" in sa.inspect(connection).get_table_names(schema="duban")
    engine.dispose()


def test_a_subprocess_sets_up_an_office_and_lists_it(tmp_path: Path) -> None:
    """`python -m supervision` against a database: db upgrade with an office, then office
    list --json, both as processes (the environment variable names the database)."""
    import os
    import subprocess
    import sys

    environ = {**os.environ, "SUPERVISION_DB": f"sqlite:///{tmp_path / 'office.db'}"}
    for argv in (["db", "upgrade", "--office", "daoli", "--office-name", "道里区人民政府督查室",
                  "--policy", DAOLI, "--at", "2026-09-01T09:00+08:00"],
                 ["office", "list", "--json"]):
        done = subprocess.run([sys.executable, "-m", "supervision", *argv], env=environ,
                              capture_output=True, text=True, encoding="utf-8", timeout=120,
                              check=False)
        assert 0 == done.returncode, done.stderr
    assert ["daoli"] == [o["id"] for o in json.loads(done.stdout)["offices"]]


# ======================================================================== the keyed chain
def test_a_keyed_database_is_written_and_verified_with_the_key_file(tmp_path: Path) -> None:
    """docs/security.md: with --chain-key-file every record is signed; `db verify` with the
    key is intact, `db head` exports a signed head, and verify against that head is intact;
    a wrong key reports the chain altered (exit 1)."""
    keys = tmp_path / "chain.keys"
    keys.write_text("# current first\nk2026 " + "ab" * 32 + "\n", encoding="utf-8")
    wrong = tmp_path / "wrong.keys"
    wrong.write_text("k2026 " + "cd" * 32 + "\n", encoding="utf-8")
    desk = Desk.at(tmp_path)
    key = ("--chain-key-file", str(keys))
    desk.ok("db", "upgrade", "--office", "daoli", "--office-name", "道里区人民政府督查室",
            "--policy", DAOLI, *key, "--at", "2026-09-01T09:00+08:00")
    desk.ok("unit", "add", "econ", "经济发展局", "--head", "econ-head", *CLERK, *key)
    register(desk, "推进园区道路改造", *key)
    assert desk.ok("db", "verify", *key, "--json").json()["intact"]
    head = tmp_path / "head.json"
    desk.ok("db", "head", "--out", str(head), *key, "--at", "2026-09-26T09:00+08:00")
    assert desk.ok("db", "verify", "--head", str(head), *key, "--json").json()["intact"]
    assert 1 == desk.run("db", "verify", "--chain-key-file", str(wrong)).code


def test_db_head_needs_the_key_file(tmp_path: Path) -> None:
    """Exporting a head signs it: without --chain-key-file it is a usage error (exit 2)."""
    desk = Desk.at(tmp_path)
    desk.ok("db", "upgrade")
    assert EXIT_USAGE == desk.run("db", "head").code


@pytest.mark.parametrize("content", ["", "only-an-id\n", "k1 not-hex\n"])
def test_a_malformed_key_file_is_a_usage_error(tmp_path: Path, content: str) -> None:
    """An empty key file, a line without a secret, a secret that is not hex: exit 2."""
    keys = tmp_path / "chain.keys"
    keys.write_text(content, encoding="utf-8")
    desk = Desk.at(tmp_path)
    desk.ok("db", "upgrade")
    assert EXIT_USAGE == desk.run("db", "verify", "--chain-key-file", str(keys)).code
