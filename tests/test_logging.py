"""The library logs through ``logging.getLogger("supervision.<family>")`` and configures no
handler: one test per logger family proves its records (level, logger name, message naming
the office and the counts), and docs/integration.md lists exactly the families in use."""

from __future__ import annotations

import datetime as dt
import logging
import re
import sqlite3
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import attrs
import pytest
from builders import CLERK, LIAISON_A, T0, World, registration

from supervision import OfficeSpec, bootstrap
from supervision.adapters.memory import InMemoryUnitOfWork
from supervision.calendar import SHANGHAI, Calendar
from supervision.clock import FixedClock
from supervision.domain import Unit
from supervision.exceptions import CalendarDataUnavailable, ConcurrencyError, LockTimeout
from supervision.ports import UnitOfWork
from supervision.service_layer import sweep as sweeping

ROOT = Path(__file__).parent.parent


def records(caplog: pytest.LogCaptureFixture, name: str) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == name]


def messages(caplog: pytest.LogCaptureFixture, name: str, level: int) -> list[str]:
    return [r.getMessage() for r in records(caplog, name) if r.levelno == level]


# ------------------------------------------------------------------------------ sweep
@pytest.fixture
def late_world() -> World:
    """One dispatched matter of the test office (under daoli-2017), past its 15-day
    deadline."""
    world = World("daoli-2017")
    world.dispatched()
    world.clock.set(T0 + dt.timedelta(days=20))
    return world


def test_sweep_logs_one_info_summary_per_office_with_its_counts(
    late_world: World, caplog: pytest.LogCaptureFixture
) -> None:
    """Each office swept gets one INFO line naming it, the matters evaluated and the
    escalations and score entries recorded; the totals close the sweep."""
    with caplog.at_level(logging.INFO, logger="supervision.sweep"):
        summary = late_world.app.sweep()
    per_office = [m for m in messages(caplog, "supervision.sweep", logging.INFO)
                  if m.startswith("sweep of office ")]
    assert [
        f"sweep of office office-a at {summary.now.isoformat()}: 1 matters evaluated, "
        f"{len(summary.escalations)} escalations recorded, "
        f"{len(summary.score_entries)} score entries recorded"
    ] == per_office
    (done,) = [m for m in messages(caplog, "supervision.sweep", logging.INFO)
               if m.startswith("sweep done ")]
    assert f"1 offices, 1 matters evaluated, {len(summary.escalations)} escalations" in done


def test_sweep_logs_each_escalation_recorded_at_debug(
    late_world: World, caplog: pytest.LogCaptureFixture
) -> None:
    """Every escalation the sweep inserted is one DEBUG line with its office, matter, unit
    and clause; a second sweep records nothing and logs none."""
    with caplog.at_level(logging.DEBUG, logger="supervision.sweep"):
        summary = late_world.app.sweep()
    recorded = [m for m in messages(caplog, "supervision.sweep", logging.DEBUG)
                if " recorded on matter " in m]
    assert summary.escalations
    assert [
        f"office office-a: {e.label} recorded on matter {e.matter_id} for unit {e.unit_id} "
        f"({e.citation.key}, key {e.key})" for e in summary.escalations
    ] == recorded
    caplog.clear()
    with caplog.at_level(logging.DEBUG, logger="supervision.sweep"):
        late_world.app.sweep()
    assert [] == [m for m in messages(caplog, "supervision.sweep", logging.DEBUG)
                  if " recorded on matter " in m]


def test_sweep_logs_page_progress_at_debug(
    late_world: World, caplog: pytest.LogCaptureFixture
) -> None:
    """Each page of matters evaluated is one DEBUG progress line (page, size, done of due)."""
    late_world.dispatched()
    with caplog.at_level(logging.DEBUG, logger="supervision.sweep"):
        late_world.app.sweep(batch_size=1)
    pages = [m for m in messages(caplog, "supervision.sweep", logging.DEBUG)
             if m.startswith("sweep page ")]
    assert ["sweep page 1: 1 matters evaluated (1 of 2)",
            "sweep page 2: 1 matters evaluated (2 of 2)"] == pages


class _ConflictOnce(InMemoryUnitOfWork):
    """A unit of work whose first commit meets a concurrent change."""

    conflicts = 1

    def commit(self) -> None:
        if self.conflicts:
            self.conflicts -= 1
            self.rollback()
            raise ConcurrencyError("matter", "m-raced", 2, 3)
        super().commit()


def test_sweep_logs_a_retried_page_at_info(
    late_world: World, caplog: pytest.LogCaptureFixture
) -> None:
    """A page that met a concurrent change is read again, and the retry is one INFO line
    naming the conflict."""
    uow: UnitOfWork = _ConflictOnce(late_world.store)
    with caplog.at_level(logging.INFO, logger="supervision.sweep"):
        summary = sweeping.sweep(uow, late_world.ctx)
    assert 1 == summary.retries
    (retry,) = [m for m in messages(caplog, "supervision.sweep", logging.INFO)
                if "concurrent change" in m]
    assert retry.startswith("sweep page met a concurrent change (ConcurrencyError: matter "
                            "'m-raced'")
    assert retry.endswith("reading it again (retry 1 of 2)")


def test_sweep_logs_a_lapsed_policy_as_a_warning_naming_the_office(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """chizhou-2021 lapsed after 2024-04-05 (§9): the sweep warns, naming the office that
    still works under it and the finding's code."""
    app = bootstrap(clock=FixedClock(dt.datetime(2026, 9, 1, 8, tzinfo=SHANGHAI)),
                    offices=[OfficeSpec("chizhou", "池州经开区督查办", "chizhou-2021")])
    with caplog.at_level(logging.INFO, logger="supervision.sweep"):
        app.sweep()
    (warning,) = messages(caplog, "supervision.sweep", logging.WARNING)
    assert warning.startswith("office chizhou: policy finding policy_expired: ")
    assert "至2024年4月5日届满" in warning


def test_recompute_logs_its_totals_at_info(
    late_world: World, caplog: pytest.LogCaptureFixture
) -> None:
    """A deadline recomputation logs how many open matters it evaluated and moved."""
    with caplog.at_level(logging.INFO, logger="supervision.sweep"):
        late_world.app.recompute_deadlines()
    (line,) = [m for m in messages(caplog, "supervision.sweep", logging.INFO)
               if m.startswith("deadlines recomputed")]
    assert line.endswith("in every office: 1 open matters evaluated, 0 moved")


# --------------------------------------------------------------------------- calendar
def _calendar_of_2026(*, provisional: bool = False) -> Calendar:
    """A fresh calendar knowing only 2026 (so what it logs is said for the first time)."""
    china = World().calendar
    notice = china.notice(2026)
    assert notice is not None
    return Calendar.from_schedules([notice], provisional=provisional)


def test_calendar_warns_once_about_a_year_it_has_no_schedule_for(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Counting into a year without a schedule is refused and logged as one WARNING per
    year and calendar, naming the year and the years known."""
    calendar = _calendar_of_2026()
    with caplog.at_level(logging.INFO, logger="supervision.calendar"):
        for _ in range(3):
            with pytest.raises(CalendarDataUnavailable):
                calendar.add_working_days(dt.date(2026, 12, 31), 1)
    (warning,) = messages(caplog, "supervision.calendar", logging.WARNING)
    assert warning.startswith("calendar has no holiday schedule for 2027 (known 2026)")


def test_the_calendar_imports_logging_only_when_it_has_something_to_say() -> None:
    """Importing the calendar and counting within its years loads no `logging` (the command
    line's start-up); the first refusal of a year makes the logger, and says it."""
    code = textwrap.dedent(
        """
        import datetime as dt, sys
        import supervision.calendar as c
        calendar = c.china()
        calendar.add_working_days(dt.date(2026, 9, 30), 3)
        before = "logging" in sys.modules
        try:
            calendar.is_working_day(dt.date(2090, 1, 5))
        except c.CalendarDataUnavailable:
            pass
        print(before, "logging" in sys.modules)
        """
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          encoding="utf-8", timeout=120, check=False, cwd=ROOT)
    assert 0 == done.returncode, done.stderr
    assert "False True" == done.stdout.strip()
    assert "calendar has no holiday schedule for 2090" in done.stderr  # logging's last resort


def test_every_library_logger_is_made_through_the_one_function() -> None:
    """No module but `supervision._logs` calls logging.getLogger (the CLI only configures the
    `supervision` logger), so a handler waiting in `_logs.when_logging` is on before any
    library record can be emitted."""
    src = ROOT / "src" / "supervision"
    calling = sorted(str(path.relative_to(src)) for path in src.rglob("*.py")
                     if "getLogger(" in path.read_text(encoding="utf-8"))
    assert ["_logs.py", "cli/__init__.py"] == calling
    assert "getLogger(_LOGGER)" in (src / "cli" / "__init__.py").read_text(encoding="utf-8")


def test_a_configuring_function_waits_for_the_first_library_logger() -> None:
    """In a process without logging, when_logging keeps the function until the first library
    logger is made (which runs it first); withdrawn, it never runs; with logging loaded, it
    runs at once."""
    code = textwrap.dedent(
        """
        import sys
        from supervision import _logs
        ran = []
        withdraw = _logs.when_logging(lambda: ran.append("first"))
        _logs.when_logging(lambda: ran.append("second"))()  # withdrawn at once
        waiting = ("logging" in sys.modules, list(ran))
        _logs.logger("supervision.example")
        made = list(ran)
        withdraw()
        _logs.when_logging(lambda: ran.append("third"))  # logging is loaded now
        print(waiting, made, ran, _logs._PENDING)
        """
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          encoding="utf-8", timeout=120, check=False, cwd=ROOT)
    assert 0 == done.returncode, done.stderr
    assert "(False, []) ['first'] ['first', 'third'] []" == done.stdout.strip()


@pytest.mark.parametrize("options", [(), ("-q",), ("-vv",)], ids=["default", "quiet", "debug"])
def test_the_command_line_shows_the_calendars_warning_though_it_loads_logging_late(
        options: tuple[str, ...]) -> None:
    """`supervision deadline` starts without logging; counting into a year without a
    schedule still shows the calendar's WARNING in the CLI's format (not with -q), then the
    error, and exits 3; a count that logs nothing never loads logging."""
    code = textwrap.dedent(
        """
        import runpy, sys
        sys.argv = ["supervision", *sys.argv[1:]]
        try:
            runpy.run_module("supervision", run_name="__main__", alter_sys=True)
        except SystemExit as done:
            print("exit", done.code, "logging" in sys.modules)
        """
    )
    def cli(*argv: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-c", code, *argv], capture_output=True,
                              text=True, encoding="utf-8", timeout=120, check=False, cwd=ROOT)

    refused = cli("deadline", "2090-01-05", "--period", "3个工作日", *options)
    assert refused.stdout.endswith("exit 3 True\n")
    warning = ("supervision: [WARNING supervision.calendar] calendar has no holiday schedule "
               "for 2090 (known 2004–")
    lines = refused.stderr.splitlines()
    assert (options != ("-q",)) == lines[0].startswith(warning)
    assert lines[-1].startswith("supervision: 缺少节假日安排 calendar year missing")
    counted = cli("deadline", "2026-09-30", "--period", "3个工作日", *options)
    assert counted.stdout.endswith("exit 0 False\n")


def test_calendar_logs_provisional_counting_once_per_year(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A count reaching into a year counted provisionally is said once, at INFO, with the
    year."""
    calendar = _calendar_of_2026(provisional=True)
    with caplog.at_level(logging.INFO, logger="supervision.calendar"):
        for day in (dt.date(2027, 1, 4), dt.date(2027, 3, 1)):
            assert calendar.touches_provisional(dt.date(2026, 12, 28), day)
    (line,) = messages(caplog, "supervision.calendar", logging.INFO)
    assert line.startswith("counting into 2027 provisionally: ")


# ---------------------------------------------------------------------------- storage
def _conflicting_commits(first: UnitOfWork, second: UnitOfWork, matter_id: str) -> None:
    """Two units of work change the same version of a matter; the second commit conflicts."""
    with first, second:
        matter = first.matters.get(matter_id)
        moved = attrs.evolve(matter, version=matter.version + 1)
        first.matters.update(moved, expected_version=matter.version)
        second.matters.update(moved, expected_version=matter.version)
        first.commit()
        with pytest.raises(ConcurrencyError):
            second.commit()


def test_a_conflict_at_commit_is_logged_at_info_in_memory(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """The in-memory adapter logs a conflict found at commit: the record, the versions."""
    world = World()
    matter = world.draft()
    with caplog.at_level(logging.INFO, logger="supervision.storage"):
        _conflicting_commits(world.uow(), world.uow(), matter.id)
    assert [
        f"conflict at commit: matter {matter.id} changed since it was read (version 1 read, "
        "2 stored); nothing was stored"
    ] == messages(caplog, "supervision.storage", logging.INFO)


@pytest.fixture
def sqlite_app(tmp_path: Path) -> tuple[str, str]:
    """A migrated SQLite file with the test office and a draft matter: its path and the
    matter id."""
    pytest.importorskip("sqlalchemy")
    world = World()
    path = tmp_path / "host.db"
    app = bootstrap(url=f"sqlite:///{path}", migrate=True, clock=world.clock,
                    calendar=world.calendar, offices=[_office_of(world)],
                    policies=[world.policy])
    app.add_unit(CLERK, Unit.create("unit-a", "经济发展局", head_id="head-a"))
    matter = app.register(CLERK, registration())
    app.dispose()
    return str(path), matter.id


def _office_of(world: World) -> OfficeSpec:
    from builders import office_spec

    return office_spec(world.policy)


def test_a_conflict_at_commit_is_logged_at_info_on_sqlite(
    sqlite_app: tuple[str, str], caplog: pytest.LogCaptureFixture
) -> None:
    """The SQL adapter logs a conflict found at commit the same way."""
    from supervision.adapters.sqlalchemy import SqlAlchemyUnitOfWork, create_engine

    path, matter_id = sqlite_app
    engine = create_engine(f"sqlite:///{path}")
    with caplog.at_level(logging.INFO, logger="supervision.storage"):
        _conflicting_commits(SqlAlchemyUnitOfWork(engine), SqlAlchemyUnitOfWork(engine),
                             matter_id)
    engine.dispose()
    assert [
        f"conflict at commit: matter {matter_id} changed since it was read (version 1 read, "
        "2 stored); nothing was stored"
    ] == messages(caplog, "supervision.storage", logging.INFO)


def _hold_write_lock(path: str) -> sqlite3.Connection:
    blocker = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    blocker.execute("BEGIN IMMEDIATE")
    return blocker


def test_a_lock_timeout_is_logged_as_a_warning(
    sqlite_app: tuple[str, str], caplog: pytest.LogCaptureFixture
) -> None:
    """A writer that waited past the busy timeout gets LockTimeout, and the adapter logs a
    WARNING naming what it was doing."""
    from supervision.adapters.sqlalchemy import SqlAlchemyUnitOfWork, create_engine

    path, _ = sqlite_app
    engine = create_engine(f"sqlite:///{path}", busy_timeout=0.05)
    blocker = _hold_write_lock(path)
    try:
        with caplog.at_level(logging.INFO, logger="supervision.storage"), \
                SqlAlchemyUnitOfWork(engine) as uow:
            uow.numbers.next("office-a", "池开督", 2026)
            with pytest.raises(LockTimeout):
                uow.commit()
    finally:
        blocker.rollback()
        blocker.close()
        engine.dispose()
    (warning,) = messages(caplog, "supervision.storage", logging.WARNING)
    assert warning.startswith("lock wait timed out while starting a write transaction: ")
    assert "database is locked" in warning


def test_a_wait_for_the_write_lock_is_logged_at_info(
    sqlite_app: tuple[str, str], caplog: pytest.LogCaptureFixture
) -> None:
    """A writer that had to wait for another writer's lock (held here for half a second)
    logs how long it waited."""
    from supervision.adapters.sqlalchemy import SqlAlchemyUnitOfWork, create_engine

    path, _ = sqlite_app
    engine = create_engine(f"sqlite:///{path}", busy_timeout=30)
    blocker = _hold_write_lock(path)
    release = threading.Timer(0.5, blocker.rollback)
    release.start()
    try:
        with caplog.at_level(logging.INFO, logger="supervision.storage"), \
                SqlAlchemyUnitOfWork(engine) as uow:
            uow.numbers.next("office-a", "池开督", 2026)
            uow.commit()
    finally:
        release.join()
        blocker.close()
        engine.dispose()
    (line,) = messages(caplog, "supervision.storage", logging.INFO)
    assert re.fullmatch(r"waited \d+\.\d\d s for the sqlite write lock \(another writer "
                        r"held it\)", line), line


# ---------------------------------------------------------------------------- service
def test_a_stale_if_match_is_logged_at_info_with_the_office(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A command refused for a stale If-Match version logs the office, the action, the
    matter and both versions."""
    world = World()
    matter = world.dispatched()
    with caplog.at_level(logging.INFO, logger="supervision.service"), \
            pytest.raises(ConcurrencyError):
        world.app.acknowledge(LIAISON_A, matter.id, expected_version=matter.version - 1)
    assert [
        f"office office-a: acknowledge on matter {matter.id} refused, stale If-Match "
        f"(version {matter.version - 1} read, {matter.version} stored)"
    ] == messages(caplog, "supervision.service", logging.INFO)


# ------------------------------------------------------------------------- migrations
def test_migrations_log_what_they_applied_and_when_there_was_nothing_to_do(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """An upgrade that applied revisions is one INFO line (from, to, prefix, version table);
    a repeated upgrade is one DEBUG line saying there was nothing to do."""
    pytest.importorskip("sqlalchemy")
    from supervision.adapters.sqlalchemy import head_revision, upgrade

    url = f"sqlite:///{tmp_path / 'm.db'}"
    with caplog.at_level(logging.DEBUG, logger="supervision.migrations"):
        upgrade(url, table_prefix="dc_")
        upgrade(url, table_prefix="dc_")
    head = head_revision()
    assert [f"migrated {url} from an empty schema to {head} (tables dc_*, history in "
            "supervision_alembic_version)"] == messages(caplog, "supervision.migrations",
                                                         logging.INFO)
    assert [f"{url} already at {head}: nothing to migrate"] == messages(
        caplog, "supervision.migrations", logging.DEBUG)


# ----------------------------------------------------------------- no handlers, documented
_IMPORT_EVERYTHING = textwrap.dedent(
    """
    import importlib, json, logging, pkgutil, sys
    import supervision
    for found in pkgutil.walk_packages(supervision.__path__, "supervision."):
        if ".migrations." in found.name or found.name.endswith(".__main__"):
            continue
        importlib.import_module(found.name)
    # the calendar makes its logger on first use (it imports logging only then)
    importlib.import_module("supervision.calendar")._log()
    names = sorted(n for n, v in logging.root.manager.loggerDict.items()
                   if n.split(".")[0] == "supervision" and isinstance(v, logging.Logger))
    handlers = {n: len(logging.getLogger(n).handlers) for n in names}
    print(json.dumps({"root": len(logging.getLogger().handlers), "loggers": handlers}))
    """
)


def _loggers_after_importing_everything() -> dict[str, object]:
    import json

    done = subprocess.run([sys.executable, "-c", _IMPORT_EVERYTHING], capture_output=True,
                          text=True, encoding="utf-8", timeout=300, check=False, cwd=ROOT)
    assert 0 == done.returncode, done.stderr
    found: dict[str, object] = json.loads(done.stdout.splitlines()[-1])
    return found


def test_importing_the_library_adds_no_handler_to_any_supervision_logger() -> None:
    """After importing every module of the package, no ``supervision*`` logger and not the
    root logger has a handler: configuring output is the host's (or the CLI's) business."""
    found = _loggers_after_importing_everything()
    loggers = found["loggers"]
    assert isinstance(loggers, dict)
    assert loggers
    assert {"root": 0, "loggers": dict.fromkeys(loggers, 0)} == found


def test_integration_page_documents_every_logger_family() -> None:
    """docs/integration.md's logger table lists exactly the loggers library code creates."""
    found = _loggers_after_importing_everything()
    loggers = found["loggers"]
    assert isinstance(loggers, dict)
    named = set()  # every logger the source names, made at import or on first use
    for path in (ROOT / "src" / "supervision").rglob("*.py"):
        named |= set(re.findall(r'\blogger\("(supervision[a-z_.]*)"\)',
                                path.read_text(encoding="utf-8")))
    assert named == set(loggers)
    page = (ROOT / "docs" / "integration.md").read_text(encoding="utf-8")
    section = re.search(r"^## \d+\. Logging$(.*?)(?=^## )", page, re.MULTILINE | re.DOTALL)
    assert section is not None, "integration.md has a 'Logging' section"
    documented = set(re.findall(r"^\| `(supervision(?:\.[a-z_]+)*)` \|", section.group(1),
                                re.MULTILINE))
    assert sorted(loggers) == sorted(documented)

