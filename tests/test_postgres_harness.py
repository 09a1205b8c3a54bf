"""The throwaway PostgreSQL harness (issue 2, item 3): it connects, cleans up, honours
``SUPERVISION_TEST_PG_URL`` and skips or fails as ``SUPERVISION_REQUIRE_POSTGRES`` says."""

from __future__ import annotations

import os
import shutil
import socket
import tempfile
from pathlib import Path

import psycopg
import pytest
import sqlalchemy

from supervision.exceptions import InvalidInput, PostgresUnavailable, SupervisionError
from supervision.testing import postgres as pg
from supervision.testing.postgres import (
    ENV_REQUIRE,
    ENV_URL,
    PostgresBinaries,
    PostgresServer,
    TemporaryPostgres,
    find_binaries,
    postgres_available,
    postgres_required,
    skip_or_fail,
    temporary_postgres,
)


def _accepts_connections(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1.0):
            return True
    except OSError:
        return False


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = Path(f"/proc/{pid}/stat")
    if stat.exists():
        return stat.read_text().rsplit(")", 1)[1].split()[0] != "Z"
    return True


# -- the session server --------------------------------------------------------------------


@pytest.mark.postgres
def test_harness_server_runs_postgresql_15_or_later(postgres_server: PostgresServer) -> None:
    """The harness yields a server psycopg connects to, running PostgreSQL 15 or later."""
    with psycopg.connect(postgres_server.libpq_url) as conn:
        version = conn.execute("select version()").fetchone()
        number = conn.execute("show server_version_num").fetchone()
    assert version is not None
    assert number is not None
    assert version[0].startswith("PostgreSQL ")
    assert int(number[0]) >= 150000


@pytest.mark.postgres
def test_harness_database_accepts_create_insert_select(postgres_server: PostgresServer) -> None:
    """The yielded database takes a table, an insert and a select (through psycopg)."""
    with psycopg.connect(postgres_server.conninfo) as conn:
        conn.execute("create temporary table harness_probe (id int primary key, label text)")
        conn.execute("insert into harness_probe values (%s, %s), (%s, %s)", (1, "督办", 2, "催办"))
        rows = conn.execute("select id, label from harness_probe order by id").fetchall()
    assert rows == [(1, "督办"), (2, "催办")]


def test_harness_url_works_with_sqlalchemy(postgres_url: str) -> None:
    """The ``postgres_url`` fixture is a URL SQLAlchemy's create_engine connects with."""
    engine = sqlalchemy.create_engine(postgres_url)
    try:
        with engine.connect() as conn:
            database = conn.execute(sqlalchemy.text("select current_database()")).scalar_one()
            total = conn.execute(sqlalchemy.text("select 40 + 2")).scalar_one()
    finally:
        engine.dispose()
    assert total == 42
    assert database == PostgresServer.from_url(postgres_url).dbname


@pytest.mark.postgres
def test_harness_started_server_listens_on_loopback_with_psycopg_url(
    postgres_server: PostgresServer,
) -> None:
    """A server the harness starts is on 127.0.0.1 and its URL names the psycopg driver."""
    if not postgres_server.started:
        pytest.skip(f"{ENV_URL} is set: the session uses an external server")
    expected = (
        f"postgresql+psycopg://{postgres_server.user}@127.0.0.1:"
        f"{postgres_server.port}/{postgres_server.dbname}"
    )
    assert expected == postgres_server.url
    assert postgres_server.directory is not None
    assert postgres_server.directory.is_dir()


# -- clean-up --------------------------------------------------------------------------------


@pytest.mark.postgres
def test_harness_stops_server_and_removes_directory_even_when_body_raises() -> None:
    """After the block exits with an error, the server is stopped and its directory is gone."""
    available, reason = postgres_available({})
    if not available:
        if os.environ.get(ENV_URL):
            pytest.skip(f"cannot start a server here ({reason}); the session uses {ENV_URL}")
        skip_or_fail(reason)

    seen: list[tuple[PostgresServer, bool]] = []

    def body_that_fails() -> None:
        with TemporaryPostgres(environ={}) as running:
            seen.append((running, _accepts_connections(running.port)))
            raise RuntimeError("body failed")

    with pytest.raises(RuntimeError, match="body failed"):
        body_that_fails()

    [(server, was_accepting)] = seen
    assert was_accepting
    assert server.directory is not None
    assert server.pid is not None
    assert not server.directory.exists()
    assert not _alive(server.pid)
    assert not _accepts_connections(server.port)


@pytest.mark.postgres
@pytest.mark.parametrize("signal_name", ["SIGKILL", "SIGTERM"])
def test_harness_server_is_stopped_and_removed_when_the_process_that_started_it_is_killed(
    signal_name: str,
) -> None:
    """pg_ctl detaches the server into its own session, so a test process killed without
    cleaning up (SIGKILL, or SIGTERM from a CI job's timeout) would leave it running with its
    directory on disk: the harness's watchdog stops it and removes the directory."""
    import signal
    import subprocess
    import sys
    import time

    available, reason = postgres_available({})
    if not available:
        if os.environ.get(ENV_URL):
            pytest.skip(f"cannot start a server here ({reason}); the session uses {ENV_URL}")
        skip_or_fail(reason)
    program = (
        "import sys, time\n"
        "from supervision.testing.postgres import TemporaryPostgres\n"
        "with TemporaryPostgres(environ={}) as running:\n"
        "    print(running.port, running.pid, running.directory, flush=True)\n"
        "    time.sleep(600)\n"
    )
    child = subprocess.Popen([sys.executable, "-c", program], stdout=subprocess.PIPE,
                             text=True, env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)})
    assert child.stdout is not None
    port_text, pid_text, directory_text = child.stdout.readline().split()
    port, pid, directory = int(port_text), int(pid_text), Path(directory_text)
    assert _accepts_connections(port)
    assert directory.is_dir()

    try:
        child.send_signal(getattr(signal, signal_name))
        child.wait(timeout=30)
        deadline = time.monotonic() + 60
        while (directory.exists() or _alive(pid)) and time.monotonic() < deadline:
            time.sleep(0.1)

        assert not _alive(pid)
        assert not _accepts_connections(port)
        assert not directory.exists()
    finally:  # a failing run leaves nothing behind either
        if _alive(pid):
            os.kill(pid, signal.SIGKILL)
        shutil.rmtree(directory, ignore_errors=True)


def test_harness_watchdog_does_nothing_once_released_and_the_server_is_cleaned_up() -> None:
    """Released by the normal clean-up, the watchdog exits and leaves the directory alone."""
    from supervision.testing import _pg_watchdog

    kept = Path(tempfile.mkdtemp(prefix="watchdog-"))
    try:
        dog = _pg_watchdog.watch(["/bin/false"], kept / "data", kept)
        dog.release()
        assert kept.is_dir()
    finally:
        shutil.rmtree(kept, ignore_errors=True)


def test_harness_removes_directory_when_initdb_fails() -> None:
    """A start-up that fails half way (initdb fails) raises PostgresUnavailable and leaves no
    directory behind."""
    false = Path("/bin/false") if Path("/bin/false").exists() else Path("/usr/bin/false")
    broken = PostgresBinaries(initdb=false, pg_ctl=false, postgres=false)
    harness = TemporaryPostgres(environ={}, binaries=broken)

    with pytest.raises(PostgresUnavailable) as raised, harness:
        pytest.fail("the block must not run when start-up fails")

    assert raised.value.stage == "initdb"
    assert harness.directory is not None
    assert not harness.directory.exists()


def test_harness_reports_missing_binaries_by_name(tmp_path: Path) -> None:
    """Without the server programs the error names each missing one."""
    with pytest.raises(PostgresUnavailable) as raised:
        find_binaries(tmp_path)

    error = raised.value
    assert isinstance(error, SupervisionError)
    assert error.stage == "binaries"
    for name in ("initdb", "pg_ctl", "postgres"):
        assert name in error.message
    assert ENV_URL in error.message


def test_postgres_available_is_false_without_binaries_or_url(tmp_path: Path) -> None:
    """postgres_available says no, and why, when neither binaries nor a URL are there."""
    available, reason = postgres_available({}, bindir=tmp_path)

    assert available is False
    assert "initdb" in reason


# -- SUPERVISION_TEST_PG_URL -----------------------------------------------------------------


@pytest.mark.postgres
def test_env_url_is_used_as_is_and_no_server_is_started(
    postgres_server: PostgresServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With SUPERVISION_TEST_PG_URL set, the harness yields that URL and starts no server."""

    def refuse(bindir: object = None) -> PostgresBinaries:
        raise AssertionError("the harness looked for binaries although the URL was set")

    monkeypatch.setenv(ENV_URL, postgres_server.url)
    monkeypatch.setattr(pg, "find_binaries", refuse)

    with temporary_postgres() as server:
        assert postgres_server.url == server.url
        assert server.started is False
        assert server.directory is None
        with psycopg.connect(server.libpq_url) as conn:
            assert conn.execute("select 1").fetchone() == (1,)


def test_env_url_is_parsed_into_its_parts() -> None:
    """An external URL's host, port, user, password and database are read from it."""
    server = PostgresServer.from_url("postgresql://alice:s%40cret@db.example:6543/app")

    assert ("db.example", 6543, "alice", "s@cret", "app") == (
        server.host,
        server.port,
        server.user,
        server.password,
        server.dbname,
    )
    assert "postgresql+psycopg://alice:s%40cret@db.example:6543/app" == server.sqlalchemy_url
    assert "postgresql://alice:s%40cret@db.example:6543/app" == server.libpq_url


def test_env_url_with_another_scheme_is_refused() -> None:
    """A SUPERVISION_TEST_PG_URL that is not a postgresql URL is a clear InvalidInput."""
    with pytest.raises(InvalidInput) as raised:
        PostgresServer.from_url("mysql://root@localhost/db")

    assert ENV_URL == raised.value.field


def test_unreachable_env_url_is_postgres_unavailable() -> None:
    """A SUPERVISION_TEST_PG_URL nothing listens on raises PostgresUnavailable at connect."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    environ = {ENV_URL: f"postgresql+psycopg://nobody@127.0.0.1:{port}/none"}

    with pytest.raises(PostgresUnavailable) as raised, TemporaryPostgres(environ=environ):
        pytest.fail("the block must not run when the server is unreachable")

    assert "connect" == raised.value.stage


# -- skip or fail ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "required"),
    [("1", True), ("true", True), ("YES", True), ("0", False), ("", False), ("off", False)],
)
def test_require_postgres_flag_values(
    value: str, required: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SUPERVISION_REQUIRE_POSTGRES=1 (or true/yes/on) requires PostgreSQL; 0/empty does not."""
    monkeypatch.setenv(ENV_REQUIRE, value)

    assert required is postgres_required()


def test_require_postgres_unset_means_skip(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without SUPERVISION_REQUIRE_POSTGRES an unavailable PostgreSQL skips the test."""
    monkeypatch.delenv(ENV_REQUIRE, raising=False)

    assert postgres_required() is False
    with pytest.raises(pytest.skip.Exception, match="no initdb here"):
        skip_or_fail("no initdb here")


def test_require_postgres_turns_skip_into_failure(monkeypatch: pytest.MonkeyPatch) -> None:
    """With SUPERVISION_REQUIRE_POSTGRES=1 an unavailable PostgreSQL fails the test instead."""
    monkeypatch.setenv(ENV_REQUIRE, "1")

    with pytest.raises(pytest.fail.Exception, match=r"required.*no initdb here"):
        skip_or_fail("no initdb here")


def test_require_postgres_typo_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    """A SUPERVISION_REQUIRE_POSTGRES value that is neither yes nor no is an InvalidInput."""
    monkeypatch.setenv(ENV_REQUIRE, "sometimes")

    with pytest.raises(InvalidInput) as raised:
        postgres_required()

    assert ENV_REQUIRE == raised.value.field


# -- extra server settings -----------------------------------------------------------------


@pytest.mark.postgres
def test_harness_settings_add_to_and_override_the_test_servers_defaults() -> None:
    """``settings`` reach the started server: one overrides a default (shared_buffers), one
    is new (work_mem), and the defaults not named stay (fsync off)."""
    available, reason = postgres_available({})
    if not available:
        if os.environ.get(ENV_URL):
            pytest.skip(f"cannot start a server here ({reason}); the session uses {ENV_URL}")
        skip_or_fail(reason)
    wanted = {"shared_buffers": "48MB", "work_mem": "7MB"}
    with TemporaryPostgres(environ={}, settings=wanted) as running, psycopg.connect(
        running.libpq_url
    ) as connection:
        shown = {name: connection.execute(f"SHOW {name}").fetchone()
                 for name in ("shared_buffers", "work_mem", "fsync")}
    assert shown == {"shared_buffers": ("48MB",), "work_mem": ("7MB",), "fsync": ("off",)}


@pytest.mark.parametrize("settings", [
    {"shared_buffers; drop": "1GB"},
    {"shared_buffers": "1GB\nlisten_addresses = '*'"},
    {"shared_buffers": "1GB\rlisten_addresses = '*'"},
    {"work_mem": "7MB\x00"},
    {"work_mem": 7},
    {7: "1GB"},
])
def test_harness_settings_refuse_what_is_not_a_setting_name_and_one_line_value(
    settings: dict[object, object],
) -> None:
    """A hostile setting (a name that is not one, a value that would add a line to the
    server's configuration, a value not text) is InvalidInput naming ``settings``."""
    with pytest.raises(InvalidInput) as raised:
        TemporaryPostgres(environ={}, settings=settings)  # type: ignore[arg-type]
    assert raised.value.field == "settings"
