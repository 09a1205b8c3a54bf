"""A throwaway PostgreSQL server for tests (测试用临时 PostgreSQL).

:class:`TemporaryPostgres` (or :func:`temporary_postgres`) is a context manager that runs
``initdb`` in a fresh temporary directory, starts PostgreSQL on ``127.0.0.1`` with a free port,
creates a database and yields a :class:`PostgresServer` whose ``url`` is a SQLAlchemy URL
(``postgresql+psycopg://postgres@127.0.0.1:PORT/supervision_test``). On exit it always stops
the server and removes the directory, also when the body raised or start-up failed half way.

* If ``SUPERVISION_TEST_PG_URL`` is set, that server is used as-is and none is started.
* The PostgreSQL binaries refuse to run as root; as root the harness runs them as the
  ``postgres`` OS user (``runuser -u postgres --``, or ``su postgres -c`` without runuser).
* Authentication is ``trust``, and the server listens on 127.0.0.1 only (plus a unix socket
  inside the temporary directory), with ``fsync`` off: it is for tests, never for data.

For pytest, :func:`postgres_fixtures` returns session fixtures ready to bind in a
``conftest.py``; tests marked ``@pytest.mark.postgres`` or using the fixtures skip when no
server can be had, unless ``SUPERVISION_REQUIRE_POSTGRES=1`` turns the skip into a failure
(:func:`postgres_required`, :func:`skip_or_fail`). See docs/testing.md.

This module imports psycopg and pytest only inside the functions that need them, so it imports
with the core dependencies alone.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shlex
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
import types
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, Final, NamedTuple, NoReturn

from supervision.exceptions import InvalidInput, PostgresCleanupFailed, PostgresUnavailable

from . import _pg_os, _pg_watchdog
from ._pg_connect import _check_connection
from ._pg_os import (  # noqa: F401 - used below and by tests
    _as_user,
    _checked_settings,
    _conf_quote,
    _conninfo_quote,
    _free_port,
    _is_our_postmaster,
    _os_account,
    _os_user_name,
    _reachable,
    _read_from,
    _read_pid,
    _tail,
    _version_key,
)
from ._pg_values import PostgresBinaries, PostgresServer

__all__ = [
    "ENV_REQUIRE",
    "ENV_URL",
    "PostgresBinaries",
    "PostgresServer",
    "PytestFixtures",
    "TemporaryPostgres",
    "find_binaries",
    "postgres_available",
    "postgres_fixtures",
    "postgres_required",
    "skip_or_fail",
    "temporary_postgres",
]

ENV_URL: Final = _pg_os.ENV_URL
"""Environment variable: the URL of an existing server to use instead of starting one."""

ENV_REQUIRE: Final = "SUPERVISION_REQUIRE_POSTGRES"
"""Environment variable: ``1`` makes an unavailable PostgreSQL fail the tests, not skip them."""

DEFAULT_USER: Final = "postgres"
DEFAULT_DBNAME: Final = "supervision_test"
DEFAULT_OS_USER: Final = "postgres"
LOOPBACK: Final = _pg_os.LOOPBACK

_TRUE: Final = frozenset({"1", "true", "yes", "on"})
_FALSE: Final = frozenset({"", "0", "false", "no", "off"})
_PORT_ATTEMPTS: Final = 5
_SOCKET_PATH_MAX: Final = 100  # sun_path is 104-108 bytes; leave room for ".s.PGSQL.NNNNN"
_SERVER_SETTINGS: Final = (
    ("fsync", "off"),
    ("synchronous_commit", "off"),
    ("full_page_writes", "off"),
    ("max_connections", "50"),
    ("shared_buffers", "32MB"),
    ("logging_collector", "off"),
)


class PytestFixtures(NamedTuple):
    """The fixtures :func:`postgres_fixtures` makes; bind all three in a ``conftest.py``."""

    server: Any
    url: Any
    marker_guard: Any


# -- availability and the skip-or-fail decision --------------------------------------------


def postgres_required(environ: Mapping[str, str] | None = None) -> bool:
    """Whether an unavailable PostgreSQL must fail the tests (``SUPERVISION_REQUIRE_POSTGRES``).

    ``1``/``true``/``yes``/``on`` mean required; unset, empty, ``0``/``false``/``no``/``off``
    mean not (the tests skip). Any other value is refused, so a typo cannot silently skip.
    """
    env = os.environ if environ is None else environ
    value = env.get(ENV_REQUIRE, "").strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise InvalidInput(
        ENV_REQUIRE,
        "1 (PostgreSQL required: its absence fails the tests) or 0/unset (absence skips them)",
        env.get(ENV_REQUIRE),
    )


def skip_or_fail(reason: str, environ: Mapping[str, str] | None = None) -> NoReturn:
    """Skip the current test because PostgreSQL is unavailable, or fail it when it is required.

    Raises pytest's skip exception, or pytest's failure exception when
    :func:`postgres_required` says so. Call it from a test or a fixture.
    """
    import pytest

    if postgres_required(environ):
        pytest.fail(
            f"PostgreSQL is required ({ENV_REQUIRE}=1) but unavailable: {reason}", pytrace=False
        )
    pytest.skip(f"PostgreSQL unavailable: {reason} (set {ENV_REQUIRE}=1 to fail instead)")


def postgres_available(
    environ: Mapping[str, str] | None = None, *, bindir: str | Path | None = None
) -> tuple[bool, str]:
    """Whether the harness can provide a server, and why (or why not).

    True when ``SUPERVISION_TEST_PG_URL`` is set (the server itself is checked on use), or when
    the binaries are found and, as root, the ``postgres`` OS user and ``runuser``/``su`` exist.
    """
    env = os.environ if environ is None else environ
    if env.get(ENV_URL, "").strip():
        return True, f"{ENV_URL} is set: that server is used"
    try:
        binaries = find_binaries(bindir)
        if os.geteuid() == 0:
            _os_account(DEFAULT_OS_USER)
            _as_user(DEFAULT_OS_USER, [])
    except PostgresUnavailable as error:
        return False, error.message
    return True, f"PostgreSQL binaries in {binaries.bindir}"


def find_binaries(bindir: str | Path | None = None) -> PostgresBinaries:
    """Find ``initdb``, ``pg_ctl`` and ``postgres``.

    With ``bindir``, only there. Otherwise on ``PATH`` first, then in
    ``/usr/lib/postgresql/<version>/bin`` (newest version first); all three come from one place.
    """
    names = ("initdb", "pg_ctl", "postgres")
    if bindir is not None:
        places = [Path(bindir)]
    else:
        on_path = [shutil.which(name) for name in names]
        found = [p for p in on_path if p is not None]
        if len(found) == len(names):
            return PostgresBinaries(*(Path(p) for p in found))
        versions = glob.glob("/usr/lib/postgresql/*/bin")
        places = sorted((Path(v) for v in versions), key=_version_key, reverse=True)
    for place in places:
        paths = [place / name for name in names]
        if all(os.access(p, os.X_OK) and p.is_file() for p in paths):
            return PostgresBinaries(*paths)
    where = str(bindir) if bindir is not None else "PATH or /usr/lib/postgresql/*/bin"
    missing = [n for n in names if not any((p / n).is_file() for p in places)]
    if bindir is None:
        missing = [n for n in missing if shutil.which(n) is None]
    raise PostgresUnavailable(
        "binaries",
        f"PostgreSQL server programs not found in {where} "
        f"(missing: {', '.join(missing) or 'a directory holding all of initdb, pg_ctl, postgres'})",
    )


# -- the harness ---------------------------------------------------------------------------


class TemporaryPostgres:
    """Context manager: a throwaway PostgreSQL server, or the one ``SUPERVISION_TEST_PG_URL`` names.

    ``environ`` replaces ``os.environ`` for the URL lookup (pass ``{}`` to always start a server);
    ``binaries`` or ``bindir`` choose the programs; ``base_dir`` is where the temporary directory
    is made (default: the system temporary directory, or ``/tmp`` when that is not reachable by
    the ``postgres`` user); ``os_user`` is the account used when running as root; ``settings``
    adds or overrides server settings (``{"shared_buffers": "1GB"}`` for a benchmark sized like
    a city's server; the defaults are a small test server's). ``directory`` holds the
    temporary directory of the current or last start (removed on exit).
    """

    def __init__(
        self,
        *,
        user: str = DEFAULT_USER,
        dbname: str = DEFAULT_DBNAME,
        environ: Mapping[str, str] | None = None,
        binaries: PostgresBinaries | None = None,
        bindir: str | Path | None = None,
        base_dir: str | Path | None = None,
        os_user: str = DEFAULT_OS_USER,
        startup_timeout: float = 60.0,
        settings: Mapping[str, str] | None = None,
    ) -> None:
        self.settings = _checked_settings(settings)
        self.user = user
        self.dbname = dbname
        self.environ: Mapping[str, str] = os.environ if environ is None else environ
        self.binaries = binaries
        self.bindir = bindir
        self.base_dir = None if base_dir is None else Path(base_dir)
        self.os_user = os_user
        self.startup_timeout = startup_timeout
        self.directory: Path | None = None
        self.server: PostgresServer | None = None
        self._pid: int | None = None
        self._account: pwd.struct_passwd | None = None
        self._entered = False
        self._watchdog: _pg_watchdog.Watchdog | None = None  # stops the server if we die

    # context manager protocol

    def __enter__(self) -> PostgresServer:
        if self._entered:
            raise RuntimeError("TemporaryPostgres is not re-entrant: make a new one")
        self._entered = True
        external = self.environ.get(ENV_URL, "").strip()
        if external:
            server = PostgresServer.from_url(self.environ[ENV_URL])
            _check_connection(server, timeout=self.startup_timeout)
            self.server = server
            return server
        try:
            self.server = self._start()
        except BaseException as error:
            try:
                self._cleanup()
            except PostgresCleanupFailed as failure:
                error.add_note(str(failure))
            raise
        return self.server

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: types.TracebackType | None,
    ) -> None:
        try:
            self._cleanup()
        except PostgresCleanupFailed as failure:
            if exc is None:
                raise
            exc.add_note(str(failure))

    # start-up

    def _start(self) -> PostgresServer:
        binaries = self.binaries or find_binaries(self.bindir)
        if os.geteuid() == 0:
            self._account = _os_account(self.os_user)
            _as_user(self.os_user, [])  # fail early, before making anything
        directory = self._make_directory()
        data, sockets, log = directory / "data", directory / "sockets", directory / "server.log"
        stop = [str(binaries.pg_ctl), "-D", str(data), "-m", "immediate", "-w", "-t", "20", "stop"]
        self._watchdog = _pg_watchdog.watch(
            stop if self._account is None else _as_user(self.os_user, stop), data, directory)
        self._mkdir_owned(sockets)

        self._run(
            "initdb",
            [
                str(binaries.initdb),
                "-D",
                str(data),
                "-U",
                self.user,
                "--auth=trust",
                "--encoding=UTF8",
                "--locale=C",
                "--no-sync",
            ],
            timeout=max(self.startup_timeout, 120.0),
        )
        self._configure(data, sockets)

        port = 0
        for attempt in range(1, _PORT_ATTEMPTS + 1):
            port = _free_port()
            offset = log.stat().st_size if log.exists() else 0
            result = self._run(
                "start",
                [
                    str(binaries.pg_ctl),
                    "-D",
                    str(data),
                    "-l",
                    str(log),
                    "-w",
                    "-t",
                    str(int(self.startup_timeout)),
                    "-o",
                    f"-p {port}",
                    "start",
                ],
                timeout=self.startup_timeout + 30.0,
                check=False,
            )
            if result.returncode == 0:
                break
            server_log = _read_from(log, offset)
            clash = "could not bind" in server_log or "already in use" in server_log
            if not clash or attempt == _PORT_ATTEMPTS or _read_pid(data) is not None:
                raise PostgresUnavailable(
                    "start",
                    f"pg_ctl start exited with {result.returncode} "
                    f"(port {port}, attempt {attempt})",
                    log_tail=_tail(result.stdout + result.stderr + server_log),
                    directory=str(directory),
                )
        self._pid = _read_pid(data)
        server = PostgresServer.local(
            port=port, user=self.user, dbname=self.dbname, directory=directory, pid=self._pid
        )
        self._create_database(server, binaries, log)
        return server

    def _make_directory(self) -> Path:
        base = self.base_dir
        if base is None:
            base = Path(tempfile.gettempdir())
            if self._account is not None and not _reachable(base, self._account):
                base = Path("/tmp")
        if self._account is not None and not _reachable(base, self._account):
            raise PostgresUnavailable(
                "directory",
                f"{base} is not reachable by the OS user {self.os_user!r} "
                f"(a parent directory lacks the x permission for it)",
                hint="pass base_dir= a directory every user can traverse, such as /tmp",
            )
        directory = Path(tempfile.mkdtemp(prefix="supervision-pg-", dir=base))
        self.directory = directory
        if self._account is not None:
            os.chown(directory, self._account.pw_uid, self._account.pw_gid)
        directory.chmod(stat.S_IRWXU)
        return directory

    def _mkdir_owned(self, path: Path) -> None:
        path.mkdir(mode=stat.S_IRWXU)
        if self._account is not None:
            os.chown(path, self._account.pw_uid, self._account.pw_gid)

    def _configure(self, data: Path, sockets: Path) -> None:
        socket_dir = str(sockets) if len(str(sockets)) <= _SOCKET_PATH_MAX else ""
        settings = [
            ("listen_addresses", LOOPBACK),
            ("unix_socket_directories", socket_dir),
            *((k, v) for k, v in _SERVER_SETTINGS if k not in self.settings),
            *self.settings.items(),
        ]
        lines = [f"{name} = {_conf_quote(value)}" for name, value in settings]
        with (data / "postgresql.conf").open("a", encoding="utf-8") as conf:
            conf.write("\n# supervision.testing.postgres: a throwaway server for tests\n")
            conf.write("\n".join(lines) + "\n")
        # Loopback and the private socket only; initdb's replication lines are not needed.
        (data / "pg_hba.conf").write_text(
            "# supervision.testing.postgres: trust on loopback only\n"
            "local all all trust\n"
            f"host all all {LOOPBACK}/32 trust\n",
            encoding="utf-8",
        )

    def _create_database(
        self, server: PostgresServer, binaries: PostgresBinaries, log: Path
    ) -> None:
        try:
            import psycopg
            from psycopg import sql
        except ImportError:
            self._create_database_with_program(server, binaries)
            return
        create = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(server.dbname))
        deadline = time.monotonic() + self.startup_timeout
        while True:
            try:
                with psycopg.connect(
                    host=LOOPBACK,
                    port=server.port,
                    user=server.user,
                    dbname="postgres",
                    autocommit=True,
                    connect_timeout=5,
                ) as conn:
                    conn.execute(create)
                return
            except psycopg.OperationalError as error:
                if time.monotonic() >= deadline:
                    raise PostgresUnavailable(
                        "connect",
                        f"server started but refused connections on {LOOPBACK}:{server.port}: "
                        f"{error}",
                        log_tail=_tail(_read_from(log, 0)),
                        directory=str(self.directory),
                    ) from error
                time.sleep(0.2)

    def _create_database_with_program(
        self, server: PostgresServer, binaries: PostgresBinaries
    ) -> None:
        """Without psycopg: ``createdb`` beside ``pg_ctl`` (or its link target), or on PATH."""
        places = [binaries.bindir, binaries.pg_ctl.resolve().parent]
        found = [p / "createdb" for p in places if (p / "createdb").is_file()]
        on_path = shutil.which("createdb")
        if not found and on_path is None:
            raise PostgresUnavailable(
                "createdb",
                "neither psycopg nor the createdb program is available",
                hint="install the postgres extra: pip install 'supervision-duban[postgres]'",
                directory=str(self.directory),
            )
        createdb = found[0] if found else Path(str(on_path))
        command = [str(createdb), "-h", LOOPBACK, "-p", str(server.port), "-U", server.user]
        self._run("createdb", [*command, server.dbname], timeout=self.startup_timeout)

    # running the programs

    def _run(
        self, stage: str, args: list[str], *, timeout: float, check: bool = True
    ) -> subprocess.CompletedProcess[str]:
        command = args if self._account is None else _as_user(self.os_user, args)
        env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
        try:
            result = subprocess.run(
                command,
                cwd=self.directory,
                env=env,
                stdin=subprocess.DEVNULL,
                capture_output=True,
                text=True,
                timeout=timeout,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired) as error:
            raise PostgresUnavailable(
                stage, f"{shlex.join(command)} failed: {error}", directory=str(self.directory)
            ) from error
        if check and result.returncode != 0:
            raise PostgresUnavailable(
                stage,
                f"{Path(args[0]).name} exited with {result.returncode}",
                log_tail=_tail(result.stdout + result.stderr),
                directory=str(self.directory),
            )
        return result

    # clean-up

    def _cleanup(self) -> None:
        self._stop_and_remove()
        if self._watchdog is not None:  # kept when clean-up failed: it tries again at our end
            self._watchdog.release()
            self._watchdog = None

    def _stop_and_remove(self) -> None:
        directory = self.directory
        if directory is None or not directory.exists():
            return
        data = directory / "data"
        pids = {p for p in (self._pid, _read_pid(data)) if p is not None}
        if pids:
            binaries = self.binaries or _maybe_binaries(self.bindir)
            for mode in ("fast", "immediate"):
                if binaries is None or not any(_is_our_postmaster(p, data) for p in pids):
                    break
                stop = [str(binaries.pg_ctl), "-D", str(data), "-m", mode, "-w", "-t", "20"]
                with contextlib.suppress(PostgresUnavailable):
                    self._run("stop", [*stop, "stop"], timeout=40.0, check=False)
            for pid in pids:
                if _is_our_postmaster(pid, data):
                    with contextlib.suppress(ProcessLookupError):
                        os.kill(pid, signal.SIGKILL)
            deadline = time.monotonic() + 10.0
            while any(_is_our_postmaster(pid, data) for pid in pids):
                if time.monotonic() >= deadline:
                    raise PostgresCleanupFailed(
                        str(directory), "the postmaster survived SIGKILL", pid=min(pids)
                    )
                time.sleep(0.05)
        errors: list[str] = []
        if sys.version_info >= (3, 12):
            shutil.rmtree(directory, onexc=lambda _f, path, exc: errors.append(f"{path}: {exc}"))
        else:
            shutil.rmtree(
                directory, onerror=lambda _f, path, info: errors.append(f"{path}: {info[1]}")
            )
        if directory.exists():
            raise PostgresCleanupFailed(str(directory), "; ".join(errors[:3]) or "rmtree failed")


@contextlib.contextmanager
def temporary_postgres(**options: Any) -> Iterator[PostgresServer]:
    """``with temporary_postgres() as server:`` — see :class:`TemporaryPostgres` for options."""
    with TemporaryPostgres(**options) as server:
        yield server


# -- pytest --------------------------------------------------------------------------------


def postgres_fixtures(
    *,
    server_name: str = "postgres_server",
    url_name: str = "postgres_url",
    marker: str = "postgres",
) -> PytestFixtures:
    """Make the pytest fixtures; bind them at module level in a ``conftest.py``::

        from supervision.testing.postgres import postgres_fixtures

        postgres_server, postgres_url, postgres_marker_guard = postgres_fixtures()

    * ``postgres_server`` (session): a :class:`PostgresServer`, started once per session and
      stopped at its end.
    * ``postgres_url`` (session): its ``url``.
    * an autouse guard: a test marked ``@pytest.mark.<marker>`` gets the server too, so it skips
      (or fails, under ``SUPERVISION_REQUIRE_POSTGRES=1``) when there is none.
    """
    import pytest

    @pytest.fixture(scope="session", name=server_name)
    def server_fixture() -> Iterator[PostgresServer]:
        with contextlib.ExitStack() as stack:
            unavailable = ""
            try:
                server = stack.enter_context(TemporaryPostgres())
            except PostgresUnavailable as error:
                unavailable = error.message
            if unavailable:
                skip_or_fail(unavailable)
            yield server

    @pytest.fixture(scope="session", name=url_name)
    def url_fixture(request: pytest.FixtureRequest) -> str:
        server: PostgresServer = request.getfixturevalue(server_name)
        return server.url

    @pytest.fixture(autouse=True, name=f"_{marker}_marker_guard")
    def marker_guard(request: pytest.FixtureRequest) -> None:
        if request.node.get_closest_marker(marker) is not None:
            request.getfixturevalue(server_name)

    return PytestFixtures(server=server_fixture, url=url_fixture, marker_guard=marker_guard)


# -- helpers -------------------------------------------------------------------------------
def _maybe_binaries(bindir: str | Path | None) -> PostgresBinaries | None:
    try:
        return find_binaries(bindir)
    except PostgresUnavailable:
        return None
