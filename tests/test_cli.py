"""The ``supervision`` command: deadlines and policies from the shell, documented exit codes."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from supervision.cli import (
    EXIT_CALENDAR,
    EXIT_DATABASE,
    EXIT_ERROR,
    EXIT_OK,
    EXIT_USAGE,
    main,
)

DATA = Path(__file__).parent / "data"


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(argv), out=out)
    return code, out.getvalue()


def test_deadline_with_a_stated_period_explains_the_national_day_roll() -> None:
    """3日 from 30 September 2026 ends on 8 October, explained in both languages."""
    code, out = run("deadline", "2026-09-30", "--period", "3日")
    assert EXIT_OK == code
    assert "末日 last day: 2026-10-08" in out
    assert "顺延至10月8日" in out
    assert "National Day" in out


def test_deadline_from_a_policy_cites_its_clause() -> None:
    """chizhou-2021 §7.2: an important matter dispatched 28 September 2026 is due 13 October."""
    code, out = run(
        "deadline", "2026-09-28T09:00+08:00", "--policy", "chizhou-2021", "--category", "important",
        "--json",
    )
    assert EXIT_OK == code
    data = json.loads(out)
    assert "2026-10-13" == data["last_day"]
    assert "2026-10-14T00:00:00+08:00" == data["due_at"]
    assert data["citation"].startswith("chizhou-2021 §7.2")


def test_utc_start_counts_from_the_chinese_day() -> None:
    """16:30 UTC on 8 October 2026 is 9 October in China: 2日 end on Monday 12 October."""
    code, out = run("deadline", "2026-10-08T16:30+00:00", "--period", "2日", "--json")
    assert EXIT_OK == code
    assert "2026-10-12" == json.loads(out)["last_day"]


def test_office_closing_time_sets_due_at() -> None:
    """--close 17:30 ends the period when the office closes."""
    code, out = run("deadline", "2026-09-30", "--period", "3日", "--close", "17:30", "--json")
    assert EXIT_OK == code
    assert "2026-10-08T17:30:00+08:00" == json.loads(out)["due_at"]


def test_unknown_year_exits_3_and_provisional_opt_in_answers() -> None:
    """Past the published years the command exits 3; --provisional counts and says so."""
    code, _ = run("deadline", "2026-12-31", "--period", "1个工作日")
    assert EXIT_CALENDAR == code
    code, out = run("deadline", "2026-12-31", "--period", "1个工作日", "--provisional", "--json")
    assert EXIT_OK == code
    assert json.loads(out)["provisional"] is True


def test_schedule_file_supplies_a_year(tmp_path: Path) -> None:
    """--schedule loads a transcription of a (here made-up) year's notice."""
    code, out = run(
        "deadline", "2030-09-30", "--period", "1个工作日", "--schedule",
        str(DATA / "fictional-2030.toml"), "--json",
    )
    assert EXIT_OK == code
    assert "2030-10-08" == json.loads(out)["last_day"]


@pytest.mark.parametrize(
    "argv",
    [
        ("deadline", "2026-09-30T09:00", "--period", "3日"),  # naive datetime
        ("deadline", "30/09/2026", "--period", "3日"),
        ("deadline", "2026-09-30", "--period", "立即"),
        ("deadline", "2026-09-30", "--policy", "nowhere-2020"),
        ("deadline", "2026-09-30", "--policy", "chizhou-2021"),  # §7.2: a tier must be chosen
        ("deadline", "2026-09-30", "--period", "3日", "--policy", "chizhou-2021"),
        ("deadline", "2026-09-30"),
        ("deadline", "2026-09-30", "--period", "3日", "--close", "5pm"),
        ("no-such-command",),
        (),
    ],
)
def test_bad_input_exits_2_with_a_message(
    argv: tuple[str, ...], capsys: pytest.CaptureFixture[str]
) -> None:
    """Bad input gets exit code 2 and a one-line reason on stderr."""
    code, _ = run(*argv)
    assert EXIT_USAGE == code
    assert capsys.readouterr().err.startswith("supervision: ")


def test_policies_lists_the_five_regulations() -> None:
    """`supervision policies` names every registered policy."""
    code, out = run("policies")
    assert EXIT_OK == code
    for name in ("chizhou-2021", "daoli-2017", "lianyungang-2019", "tongren-2014", "zhoucun-2021"):
        assert name in out


def test_python_dash_m_supervision_runs_the_command() -> None:
    """The module entry point behaves like the console script."""
    done = subprocess.run(
        [sys.executable, "-m", "supervision", "deadline", "2026-09-30", "--period", "次日"],
        capture_output=True, text=True, encoding="utf-8", timeout=60, check=False,
    )
    assert 0 == done.returncode, done.stderr
    assert "2026-10-08" in done.stdout


# ============================================================ the database subcommands
DAOLI = "daoli-2017"


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def office_database(folder: Path) -> str:
    """A migrated SQLite file with two daoli-2017 matters due 30 September 2026 (one
    controlled: only clerk-1, leader-1 and the unit head know of it) and one due later."""
    import datetime as dt

    from supervision import calendar, policies
    from supervision.adapters.sqlalchemy import SqlAlchemyUnitOfWork, create_engine, upgrade
    from supervision.calendar import SHANGHAI
    from supervision.clock import FixedClock
    from supervision.domain import (
        Actor,
        Confidentiality,
        Registration,
        Responsible,
        Role,
        Source,
        SourceKind,
        Unit,
    )
    from supervision.service_layer import services

    url = sqlite_url(folder / "office.db")
    upgrade(url)
    engine = create_engine(url)
    policy = policies.get(DAOLI)
    china = calendar.china()
    clerk = Actor.of("clerk-1", Role.OFFICE_CLERK)
    leader = Actor.of("leader-1", Role.APPROVING_LEADER)
    clock = FixedClock(dt.datetime(2026, 9, 25, 10, 0, tzinfo=SHANGHAI))

    def uow() -> SqlAlchemyUnitOfWork:
        return SqlAlchemyUnitOfWork(engine)

    services.add_unit(uow(), clerk, Unit.create("unit-a", "经济发展局", head_id="head-a"))
    for title, access in (
        ("推进园区道路改造", Confidentiality.none()),
        ("拟上市企业辅导", Confidentiality.controlled(["clerk-1", "leader-1", "head-a"])),
        ("编制产业规划", Confidentiality.none()),
    ):
        category = "complex" if title == "编制产业规划" else "general"  # art.7(2): 15日 / 5日
        matter = services.register(uow(), clerk, clock, policy, Registration(
            title=title, requirements="按期报送办理结果",
            source=Source.of(SourceKind.LEADER_INSTRUCTION, "区长批示"),
            lead_unit_id="unit-a", responsible=(Responsible("head-a", "赵局长", "unit-a"),),
            category=category, confidentiality=access,
        ))
        services.approve(uow(), leader, clock, matter.id)
        services.dispatch(uow(), clerk, clock, china, policy, matter.id)
    engine.dispose()
    return url


@pytest.fixture
def office_db(tmp_path: Path) -> str:
    return office_database(tmp_path)


AFTER_HOLIDAY = "2026-10-08T09:00+08:00"


def test_db_upgrade_creates_the_schema_and_a_second_run_changes_nothing(tmp_path: Path) -> None:
    """`db upgrade URL` migrates an empty SQLite file to the newest revision, then is a no-op."""
    from supervision.adapters.sqlalchemy import current_revision, head_revision

    url = sqlite_url(tmp_path / "new.db")
    code, out = run("db", "upgrade", url)
    assert EXIT_OK == code
    assert "migrated" in out
    assert head_revision() == current_revision(url)
    code, out = run("db", "upgrade", url)
    assert EXIT_OK == code
    assert "up to date" in out


@pytest.mark.parametrize(
    "argv",
    [
        ("db", "upgrade", "not a url"),
        ("db", "upgrade", "mysql://root@localhost/supervision"),
        ("db", "upgrade", "sqlite:///no/such/folder/x.db"),
        ("db",),
        ("sweep", "--db", "sqlite:///x.db"),  # --policy is required
    ],
)
def test_database_commands_refuse_bad_urls_with_exit_2(
    argv: tuple[str, ...], capsys: pytest.CaptureFixture[str]
) -> None:
    """A malformed or unsupported database URL is bad input: exit 2 and a reason."""
    code, _ = run(*argv)
    assert EXIT_USAGE == code
    assert capsys.readouterr().err.startswith("supervision: ")


def test_daoli_7_3_sweep_reminds_on_the_first_working_day_after_national_day(
    office_db: str,
) -> None:
    """daoli-2017 art.7(3): a 30 September deadline is reminded (催办) on 8 October."""
    code, out = run("sweep", "--db", office_db, "--policy", DAOLI, "--at", AFTER_HOLIDAY)
    assert EXIT_OK == code
    assert "推进园区道路改造" in out
    assert "催办" in out
    assert "daoli-2017 art.7(3)" in out


def test_sweep_run_twice_at_the_same_time_records_nothing_new(office_db: str) -> None:
    """The sweep is idempotent: the second run at the same instant records 0 escalations."""
    code, first = run("sweep", "--db", office_db, "--policy", DAOLI, "--at", AFTER_HOLIDAY)
    assert EXIT_OK == code
    assert "new escalations: 0" not in first
    code, second = run("sweep", "--db", office_db, "--policy", DAOLI, "--at", AFTER_HOLIDAY)
    assert EXIT_OK == code
    assert "new escalations: 0" in second
    assert "new score entries: 0" in second


def test_sweep_output_hides_a_controlled_matter_from_the_default_auditor(office_db: str) -> None:
    """daoli-2017 art.23: the default reader (审计只读) is not shown a controlled matter's
    escalations (only that some exist); a person on its access list is."""
    code, out = run("sweep", "--db", office_db, "--policy", DAOLI, "--at", AFTER_HOLIDAY)
    assert EXIT_OK == code
    assert "拟上市企业辅导" not in out
    assert "另有" in out
    code, out = run("sweep", "--db", office_db, "--policy", DAOLI,
                    "--at", "2026-10-09T09:00+08:00",          # 约谈 and 通报 the day after
                    "--actor-role", "office_clerk", "--actor-id", "clerk-1")
    assert EXIT_OK == code
    assert "拟上市企业辅导" in out
    assert "另有" not in out


def test_sweep_shows_a_progress_indicator_when_there_is_more_than_one_page(
    office_db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """With more open matters than --batch-size, each committed page is reported on stderr."""
    code, _ = run("sweep", "--db", office_db, "--policy", DAOLI, "--at", AFTER_HOLIDAY,
                  "--batch-size", "1")
    assert EXIT_OK == code
    err = capsys.readouterr().err
    assert "巡检进度 progress: 1/3" in err
    assert "巡检进度 progress: 3/3" in err


def test_sweep_on_a_missing_database_exits_1_and_names_db_upgrade(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """No database file: exit 1, and the message says how to create it."""
    code, _ = run("sweep", "--db", sqlite_url(tmp_path / "none.db"), "--policy", DAOLI)
    assert EXIT_ERROR == code
    assert "supervision db upgrade" in capsys.readouterr().err
    assert not (tmp_path / "none.db").exists()


def test_sweep_on_an_unmigrated_database_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An empty (never migrated) database: exit 1 with the revision it is at."""
    import sqlite3

    sqlite3.connect(tmp_path / "empty.db").close()
    code, _ = run("sweep", "--db", sqlite_url(tmp_path / "empty.db"), "--policy", DAOLI)
    assert EXIT_ERROR == code
    assert "数据库未迁移" in capsys.readouterr().err


def test_sweep_on_an_unreachable_server_exits_4(capsys: pytest.CaptureFixture[str]) -> None:
    """A database server that refuses the connection is retryable: exit 4 (run again later)."""
    code, _ = run("sweep", "--db", "postgresql+psycopg://nobody@127.0.0.1:1/none",
                  "--policy", DAOLI, "--at", AFTER_HOLIDAY)
    assert EXIT_DATABASE == code
    assert "数据库连接中断" in capsys.readouterr().err


def test_ledger_needing_next_years_calendar_exits_3_unless_provisional(
    office_db: str, tmp_path: Path
) -> None:
    """On 29 December the 临期 window (3 working days) reaches into 2027, whose schedule is
    not published: exit 3; --provisional counts it provisionally and answers."""
    import datetime as dt

    from supervision import calendar, policies
    from supervision.adapters.sqlalchemy import SqlAlchemyUnitOfWork, create_engine
    from supervision.calendar import SHANGHAI
    from supervision.clock import FixedClock
    from supervision.domain import (
        Actor,
        DeadlineTerms,
        Registration,
        Responsible,
        Role,
        Source,
        SourceKind,
    )
    from supervision.service_layer import services

    engine = create_engine(office_db)
    clerk = Actor.of("clerk-1", Role.OFFICE_CLERK)
    clock = FixedClock(dt.datetime(2026, 12, 21, 9, 0, tzinfo=SHANGHAI))
    policy = policies.get(DAOLI)
    matter = services.register(SqlAlchemyUnitOfWork(engine), clerk, clock, policy, Registration(
        title="年终总结", requirements="年底前报送", lead_unit_id="unit-a",
        source=Source.of(SourceKind.LEADER_INSTRUCTION, "区长批示"),
        responsible=(Responsible("head-a", "赵局长", "unit-a"),),
        deadline=DeadlineTerms.stated(due_day=dt.date(2026, 12, 31)),
    ))
    services.approve(SqlAlchemyUnitOfWork(engine), Actor.of("leader-1", Role.APPROVING_LEADER),
                     clock, matter.id)
    services.dispatch(SqlAlchemyUnitOfWork(engine), clerk, clock, calendar.china(), policy,
                      matter.id)
    engine.dispose()
    argv = ("ledger", "--db", office_db, "--csv", str(tmp_path / "l.csv"),
            "--as-of", "2026-12-29T09:00+08:00")
    code, _ = run(*argv)
    assert EXIT_CALENDAR == code
    code, _ = run(*argv, "--provisional")
    assert EXIT_OK == code


@pytest.mark.parametrize(
    "extra",
    [
        ("--at", "2026-10-08T09:00"),                  # naive
        ("--at", "2026-10-08"),                        # no time of day
        ("--param", "extensions_enabled=maybe"),
        ("--param", "no_such_parameter=1"),
        ("--actor-role", "unit_liaison"),              # a unit role needs --actor-unit
        ("--actor-role", "mayor"),
        ("--batch-size", "0"),
    ],
)
def test_sweep_bad_options_exit_2(office_db: str, extra: tuple[str, ...]) -> None:
    """Malformed times, parameters and readers are refused with exit 2, before any work."""
    code, _ = run("sweep", "--db", office_db, "--policy", DAOLI, *extra)
    assert EXIT_USAGE == code


def test_ledger_writes_xlsx_and_csv_with_the_rows_the_reader_may_see(
    office_db: str, tmp_path: Path
) -> None:
    """`ledger` writes the .xlsx and BOM CSV; the auditor's copy lacks the controlled matter."""
    import openpyxl

    from supervision.ledger import HEADERS, SHEET, read_csv

    xlsx, table = tmp_path / "台账.xlsx", tmp_path / "台账.csv"
    code, out = run("ledger", "--db", office_db, "--xlsx", str(xlsx), "--csv", str(table),
                    "--as-of", AFTER_HOLIDAY)
    assert EXIT_OK == code
    sheet = openpyxl.load_workbook(xlsx)[SHEET]
    assert list(HEADERS) == [c.value for c in sheet[2]]     # below the title line
    assert 1 + 2 + 1 == sheet.max_row                        # title, header, two visible matters
    assert b"\xef\xbb\xbf" == table.read_bytes()[:3]
    assert ["逾期", "临期"] == [row["督办情况"] for row in read_csv(table)]  # due 10-08, 10-10
    assert "拟上市企业辅导" not in out
    assert "逾期 1" in out


def test_ledger_without_an_output_file_exits_2(office_db: str) -> None:
    """`ledger` needs --xlsx and/or --csv."""
    code, _ = run("ledger", "--db", office_db)
    assert EXIT_USAGE == code


def test_daoli_27_scorecard_grades_each_unit_and_writes_the_assessment(
    office_db: str, tmp_path: Path
) -> None:
    """daoli-2017 art.27: the half-year scorecard prints each unit's grade and writes .xlsx."""
    import openpyxl

    from supervision.ledger import SCORE_SHEET

    run("sweep", "--db", office_db, "--policy", DAOLI, "--at", AFTER_HOLIDAY)
    target = tmp_path / "考核.xlsx"
    code, out = run("scorecard", "--db", office_db, "--policy", DAOLI, "--period", "2026-H2",
                    "--at", AFTER_HOLIDAY, "--xlsx", str(target))
    assert EXIT_OK == code
    assert "2026年下半年" in out
    assert "经济发展局" in out
    sheet = openpyxl.load_workbook(target)[SCORE_SHEET]
    assert [1, "经济发展局", 3, 0] == [c.value for c in sheet[3]][:4]  # below title and header


@pytest.mark.parametrize("period", ["2026-Q3", "26", "2026-H3"])
def test_scorecard_bad_period_exits_2(office_db: str, period: str) -> None:
    """The period is a year or a half-year: 2026, 2026-H1, 2026-H2."""
    code, _ = run("scorecard", "--db", office_db, "--policy", DAOLI, "--period", period)
    assert EXIT_USAGE == code


def test_demo_runs_the_main_example_and_keeps_its_files_with_out(tmp_path: Path) -> None:
    """`demo --out DIR` runs the daoli-2017 quarter and leaves its ledger .xlsx in DIR."""
    code, out = run("demo", "--out", str(tmp_path))
    assert EXIT_OK == code
    assert "督办事项台账" in out
    assert "考核情况" in out
    assert (tmp_path / "daoli-2017-台账.xlsx").is_file()


def test_recompute_with_next_years_schedule_makes_a_provisional_deadline_firm(
    tmp_path: Path,
) -> None:
    """A matter dispatched on 28 December 2026 under provisional counting (7个工作日, 2027 not
    published, 元旦 on 1 January kept) is due 7 January; once a 2027 schedule with 元旦 on 1–3
    January is supplied, `recompute` keeps 7 January and marks it firm."""
    import datetime as dt

    from supervision import calendar, policies
    from supervision.adapters.sqlalchemy import SqlAlchemyUnitOfWork, create_engine, upgrade
    from supervision.calendar import SHANGHAI
    from supervision.clock import FixedClock
    from supervision.domain import Actor, Registration, Responsible, Role, Source, SourceKind
    from supervision.domain import Unit as OfficeUnit
    from supervision.service_layer import get_matter, services

    url = sqlite_url(tmp_path / "office.db")
    upgrade(url)
    engine = create_engine(url)
    clerk = Actor.of("clerk-1", Role.OFFICE_CLERK)
    clock = FixedClock(dt.datetime(2026, 12, 28, 9, 0, tzinfo=SHANGHAI))
    policy = policies.get("lianyungang-2019")                 # §5.5: 7个工作日
    services.add_unit(SqlAlchemyUnitOfWork(engine), clerk, OfficeUnit.create("port", "港口集团"))
    matter = services.register(SqlAlchemyUnitOfWork(engine), clerk, clock, policy, Registration(
        title="航道疏浚", requirements="按期反馈", lead_unit_id="port",
        source=Source.of(SourceKind.LEADER_INSTRUCTION, "市长批示"),
        responsible=(Responsible("port-head", "钱总"),),
    ))
    services.dispatch(SqlAlchemyUnitOfWork(engine), clerk, clock,
                      calendar.china(provisional=True), policy, matter.id)
    schedule = tmp_path / "2027.toml"
    schedule.write_text(
        'year = 2027\n[[holiday]]\nname = "元旦"\nstart = 2027-01-01\nend = 2027-01-03\n',
        encoding="utf-8",
    )
    code, out = run("recompute", "--db", url, "--policy", "lianyungang-2019",
                    "--schedule", str(schedule), "--at", "2026-12-29T09:00+08:00")
    assert EXIT_OK == code
    assert "2027年1月7日（临时）→ 2027年1月7日（确定）" in out
    moved = get_matter(SqlAlchemyUnitOfWork(engine), clerk, matter.id).due
    engine.dispose()
    assert moved is not None
    assert (dt.date(2027, 1, 7), False) == (moved.last_day, moved.provisional)
