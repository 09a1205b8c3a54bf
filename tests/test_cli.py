"""The ``supervision`` command as a whole: version, entry points, global options and their
environment variables, the instant option, JSON output, logging, the exit-code table and
docs/cli.md covering every option; and the reference commands ``deadline`` and ``policy``."""

from __future__ import annotations

import argparse
import json
import logging
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from cli_support import CLERK, REGISTERED, daoli_office, register, run

import supervision
from supervision.cli import (
    EXIT_BUG,
    EXIT_CALENDAR,
    EXIT_CODES,
    EXIT_OK,
    EXIT_USAGE,
)
from supervision.cli._parser import build_parser
from supervision.cli._session import ENVIRONMENT

ROOT = Path(__file__).parent.parent
DATA = Path(__file__).parent / "data"
DOCS = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")


# ================================================================= entry points, version
def test_version_names_the_distribution_and_the_version() -> None:
    """`--version` prints supervision-duban and the version defined in supervision._version."""
    done = run("--version")
    assert EXIT_OK == done.code
    assert f"supervision-duban {supervision.__version__}" == done.out.strip()


def test_python_dash_m_supervision_runs_the_command() -> None:
    """The module entry point behaves like the console script."""
    done = subprocess.run(
        [sys.executable, "-m", "supervision", "deadline", "2026-09-30", "--period", "次日"],
        capture_output=True, text=True, encoding="utf-8", timeout=120, check=False,
    )
    assert 0 == done.returncode, done.stderr
    assert "2026-10-08" in done.stdout


def test_the_console_script_is_installed_and_answers() -> None:
    """The `supervision` script of the environment prints the version."""
    script = Path(sys.executable).parent / "supervision"
    if not script.exists():
        pytest.skip("the package is not installed with its scripts in this environment")
    done = subprocess.run([str(script), "--version"], capture_output=True, text=True,
                          encoding="utf-8", timeout=120, check=False)
    assert 0 == done.returncode, done.stderr
    assert done.stdout.startswith("supervision-duban ")


def test_a_bad_command_in_a_subprocess_exits_2_without_a_traceback() -> None:
    """Run as a process, a malformed instant is exit 2 and one message, never a traceback."""
    done = subprocess.run(
        [sys.executable, "-m", "supervision", "deadline", "--period", "3日", "--at", "tomorrow"],
        capture_output=True, text=True, encoding="utf-8", timeout=120, check=False,
    )
    assert EXIT_USAGE == done.returncode
    assert "Traceback" not in done.stderr
    assert done.stderr.startswith("supervision: ")


# ================================================================== deadline (reference)
def test_deadline_with_a_stated_period_explains_the_national_day_roll() -> None:
    """3日 from 30 September 2026 ends on 8 October, explained in both languages."""
    done = run("deadline", "2026-09-30", "--period", "3日")
    assert EXIT_OK == done.code
    assert "末日 last day: 2026-10-08" in done.out
    assert "顺延至10月8日" in done.out
    assert "National Day" in done.out


def test_chizhou_7_2_deadline_from_a_policy_cites_its_clause_with_a_chinese_category() -> None:
    """chizhou-2021 §7.2: an 重要事项 dispatched 28 September 2026 is due 13 October; the
    category may be given by its Chinese label and the clause is cited in Chinese."""
    done = run("deadline", "2026-09-28T09:00+08:00", "--policy", "chizhou-2021",
               "--category", "重要事项", "--json")
    assert EXIT_OK == done.code, done.err
    data = done.json()
    assert ("2026-10-13", "2026-10-14T00:00:00+08:00") == (data["last_day"], data["due_at"])
    assert "chizhou-2021 §7.2" == data["citation"]
    assert data["cited"].startswith("《")


def test_utc_start_counts_from_the_chinese_day() -> None:
    """16:30 UTC on 8 October 2026 is 9 October in China: 2日 end on Monday 12 October."""
    done = run("deadline", "2026-10-08T16:30+00:00", "--period", "2日", "--json")
    assert "2026-10-12" == done.json()["last_day"]


def test_office_closing_time_sets_due_at() -> None:
    """--close 17:30 ends the period when the office closes."""
    done = run("deadline", "2026-09-30", "--period", "3日", "--close", "17:30", "--json")
    assert "2026-10-08T17:30:00+08:00" == done.json()["due_at"]


def test_deadline_without_a_start_counts_from_at() -> None:
    """Without START the period runs from --at, and the JSON says the instant was given."""
    done = run("deadline", "--period", "3日", "--at", "2026-09-30T10:00+08:00", "--json")
    data = done.json()
    assert ("2026-10-08", False) == (data["last_day"], data["at_defaulted"])


def test_deadline_without_start_or_at_says_which_instant_it_used() -> None:
    """Neither START nor --at: the current time is used and named on stderr and in JSON."""
    done = run("deadline", "--period", "3日", "--provisional", "--json")
    assert EXIT_OK == done.code, done.err
    data = done.json()
    assert data["at_defaulted"] is True
    assert data["at"] in done.err
    assert "未指定 --at" in done.err


def test_a_missing_calendar_year_exits_3_naming_the_cli_remedies_not_the_python_api() -> None:
    """Past the published years the command exits 3 and tells of --schedule / --provisional,
    never calendar.with_year; --provisional then counts and says so."""
    done = run("deadline", "2027-12-28", "--period", "3个工作日")
    assert EXIT_CALENDAR == done.code
    assert "--schedule FILE" in done.err
    assert "--provisional" in done.err
    assert "with_year" not in done.err
    done = run("deadline", "2027-12-28", "--period", "3个工作日", "--provisional", "--json")
    assert done.json()["provisional"] is True


def test_schedule_file_supplies_a_year() -> None:
    """--schedule loads a transcription of a (here made-up) year's notice."""
    done = run("deadline", "2030-09-30", "--period", "1个工作日",
               "--schedule", str(DATA / "fictional-2030.toml"), "--json")
    assert EXIT_OK == done.code, done.err
    assert "2030-10-08" == done.json()["last_day"]


@pytest.mark.parametrize(
    "argv",
    [
        ("deadline", "2026-09-30T09:00", "--period", "3日"),  # naive datetime
        ("deadline", "30/09/2026", "--period", "3日"),
        ("deadline", "2026-09-30", "--period", "立即"),
        ("deadline", "2026-09-30", "--policy", "nowhere-2020"),
        ("deadline", "2026-09-30", "--policy", "chizhou-2021"),  # §7.2: a tier must be chosen
        ("deadline", "2026-09-30", "--policy", "chizhou-2021", "--category", "特别重要"),
        ("deadline", "2026-09-30", "--period", "3日", "--policy", "chizhou-2021"),
        ("deadline", "2026-09-30"),
        ("deadline", "2026-09-30", "--period", "3日", "--close", "5pm"),
        ("deadline", "2026-09-30", "--period", "3日", "--at", "2026-09-30T09:00+08:00"),
        ("deadline", "9999-12-31", "--period", "3日", "--provisional"),  # issue 10.4
        ("no-such-command",),
        (),
    ],
)
def test_bad_input_exits_2_with_one_message(argv: tuple[str, ...]) -> None:
    """Bad input gets exit code 2 and a reason on stderr, never a traceback."""
    done = run(*argv)
    assert EXIT_USAGE == done.code
    assert done.err.startswith("supervision: ")
    assert "Traceback" not in done.err


# ======================================================================= policy commands
def test_policy_list_names_the_five_regulations_with_their_categories() -> None:
    """`policy list` names every registered policy and its categories' Chinese labels."""
    done = run("policy", "list")
    assert EXIT_OK == done.code
    for name in ("chizhou-2021", "daoli-2017", "lianyungang-2019", "tongren-2014",
                 "zhoucun-2021"):
        assert name in done.out
    assert "重要事项" in done.out


def test_policy_show_prints_the_policy_as_markdown() -> None:
    """`policy show NAME` prints the policy's Markdown page (by alias too)."""
    done = run("policy", "show", "道里")
    assert EXIT_OK == done.code, done.err
    assert done.out.startswith("# daoli-2017: 道里区人民政府督办检查工作制度")


def test_policy_show_applies_a_parameter_and_refuses_an_unknown_one() -> None:
    """--parameter shows the policy with a parameter changed; an unknown name exits 2."""
    done = run("policy", "show", "daoli-2017", "--parameter", "extensions_enabled=true",
               "--json")
    assert done.json()["policy"]["derived"]["extensions_enabled"] is True
    assert EXIT_USAGE == run("policy", "show", "daoli-2017", "--parameter", "nope=1").code


# ================================================================ global options, env
def test_global_options_may_follow_the_command(tmp_path: Path) -> None:
    """--db and the actor options are accepted after the command as before it."""
    desk = daoli_office(tmp_path)
    before = run("--db", desk.url, "--json", "unit", "list")
    after = run("unit", "list", "--db", desk.url, "--json")
    assert EXIT_OK == before.code == after.code
    assert before.json() == after.json()


def test_environment_variables_stand_in_for_the_global_options(tmp_path: Path) -> None:
    """SUPERVISION_DB, _ACTOR, _ROLE and _OFFICE are used when the options are absent."""
    desk = daoli_office(tmp_path)
    environ = {"SUPERVISION_DB": desk.url, "SUPERVISION_ACTOR": "clerk-1",
               "SUPERVISION_ROLE": "office_clerk", "SUPERVISION_OFFICE": "daoli"}
    done = run("register", "--title", "环境变量立项", "--requirements", "按期报送",
               "--source", "区长批示", "--lead", "econ", "--responsible", "econ-head",
               "--category", "general", "--at", REGISTERED, "--json", environ=environ)
    assert EXIT_OK == done.code, done.err
    assert "哈里政督〔2026〕1号" == done.json()["matter"]["number"]


def test_an_option_wins_over_its_environment_variable(tmp_path: Path) -> None:
    """--role given on the command line overrides SUPERVISION_ROLE."""
    desk = daoli_office(tmp_path)
    environ = {"SUPERVISION_DB": desk.url, "SUPERVISION_ROLE": "office_clerk"}
    done = run("unit", "add", "plan", "发展改革局", "--role", "auditor", environ=environ)
    assert 6 == done.code  # 审计只读 may not manage units


def test_every_global_option_has_its_environment_variable_documented() -> None:
    """docs/cli.md names every SUPERVISION_* variable the CLI reads."""
    for variable in ENVIRONMENT.values():
        assert variable in DOCS, variable


def test_a_unit_role_without_a_unit_is_refused_as_usage(tmp_path: Path) -> None:
    """A liaison needs --unit: exit 2 naming the option."""
    desk = daoli_office(tmp_path)
    done = desk.run("list", "--role", "联络员")
    assert EXIT_USAGE == done.code
    assert "--unit" in done.err


def test_unknown_role_lists_the_accepted_roles(tmp_path: Path) -> None:
    """An unknown role is exit 2 listing the roles with their Chinese titles."""
    done = daoli_office(tmp_path).run("list", "--role", "mayor")
    assert EXIT_USAGE == done.code
    assert "审计只读" in done.err


# ============================================================================ output
def test_json_output_is_one_document_with_the_instant(tmp_path: Path) -> None:
    """--json prints exactly one JSON document holding the command and the instant used."""
    desk = daoli_office(tmp_path)
    done = desk.run("register", *CLERK, "--title", "一次JSON", "--requirements", "按期",
                    "--source", "领导批示", "--source-leader", "区长", "--lead", "econ",
                    "--responsible", "econ-head", "--category", "general",
                    "--at", REGISTERED, "--json")
    data = json.loads(done.out)
    assert ("register", "2026-09-25T10:00:00+08:00", False) == (
        data["command"], data["at"], data["at_defaulted"])


def test_an_error_with_json_prints_an_error_document_on_stdout(tmp_path: Path) -> None:
    """With --json a refused command prints {"error": {...}} with the exit code and fields."""
    done = daoli_office(tmp_path).run("show", "no-such-matter", "--json")
    error = done.json()["error"]
    assert (5, "MatterNotFound", "no-such-matter") == (
        error["exit_code"], error["type"], error["fields"]["key"])


def test_quiet_leaves_out_the_note_about_the_defaulted_instant() -> None:
    """-q: no note on stderr (the JSON still says the instant was defaulted)."""
    done = run("deadline", "--period", "3日", "--provisional", "-q", "--json")
    assert "" == done.err
    assert done.json()["at_defaulted"] is True


def test_verbose_shows_the_librarys_debug_log_on_stderr(tmp_path: Path) -> None:
    """-vv configures a handler for the library's loggers: the .xlsx writer's debug line
    reaches stderr."""
    desk = daoli_office(tmp_path)
    register(desk, "写台账")
    done = desk.run("ledger", "--at", REGISTERED, "--xlsx", str(tmp_path / "l.xlsx"), "-vv")
    assert EXIT_OK == done.code, done.err
    assert "[DEBUG supervision.xlsx]" in done.err


def test_the_cli_leaves_no_handler_on_the_library_logger() -> None:
    """After main() returns, the `supervision` logger has the handlers it had before."""
    before = list(logging.getLogger("supervision").handlers)
    run("policy", "list", "-v")
    assert before == logging.getLogger("supervision").handlers


def test_an_unexpected_exception_is_exit_70_without_a_traceback_unless_verbose(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A bug (not a library error) is one line and exit 70; -v adds the traceback."""
    from supervision.cli.commands import reference

    def broken(session: object) -> object:
        raise RuntimeError("boom")

    monkeypatch.setattr(reference, "_policy_list", broken)
    done = run("policy", "list")
    assert (EXIT_BUG, False) == (done.code, "Traceback" in done.err)
    assert "RuntimeError: boom" in done.err
    done = run("policy", "list", "-v")
    assert (EXIT_BUG, True) == (done.code, "Traceback" in done.err)


# ==================================================================== docs/cli.md
def _parsers(parser: argparse.ArgumentParser, path: str = "") -> list[tuple[str,
                                                                            argparse.ArgumentParser]]:
    found = [(path, parser)]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, child in action.choices.items():
                found += _parsers(child, f"{path} {name}".strip())
    return found


def test_docs_cover_every_command_and_every_option() -> None:
    """Every command and every option argparse knows appears in docs/cli.md."""
    missing = []
    for path, parser in _parsers(build_parser()):
        if path and f"`{path}" not in DOCS and f"supervision {path}" not in DOCS:
            missing.append(f"command {path}")
        for action in parser._actions:
            for option in action.option_strings:
                if not re.search(rf"(?<![\w-]){re.escape(option)}(?![\w-])", DOCS):
                    missing.append(f"{path or '(global)'} {option}")
    assert [] == missing


def test_docs_list_every_exit_code() -> None:
    """The exit-code table in docs/cli.md has a row for every code the command returns."""
    for code in EXIT_CODES:
        assert re.search(rf"^\| {code} \|", DOCS, re.MULTILINE), code


# =========================================================== adding a command group
def _extra_group(monkeypatch: pytest.MonkeyPatch, add: object) -> None:
    """Register a module `extra.group` with ``add`` in the command registry (a dotted name
    is imported as it is; a plain one is a module of supervision.cli.commands)."""
    import types

    from supervision.cli import commands

    module = types.ModuleType("extra.group")
    module.add = add  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "extra.group", module)
    monkeypatch.setattr(commands, "GROUPS", (*commands.GROUPS, "extra.group"))


def test_a_command_group_is_one_module_and_one_line_in_the_registry(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A module whose add() adds a command, named in GROUPS, is a command of `supervision`
    with the global options, --json and the exit codes."""
    from supervision.cli._parser import Commands
    from supervision.cli._session import Result, Session

    def hello(session: Session) -> Result:
        return Result({"greeting": "你好"}, "你好 hello")

    def add(commands: Commands) -> None:
        commands.add("hello", "say hello", hello)

    _extra_group(monkeypatch, add)
    assert "你好 hello\n" == run("hello").out
    assert {"greeting": "你好", "command": "hello"} == run("hello", "--json").json()


def test_without_the_sql_extra_deadline_works_and_database_commands_name_the_extra() -> None:
    """With SQLAlchemy missing, `deadline` still answers and `list` is exit 1 naming
    pip install 'supervision-duban[sql]'."""
    code = textwrap.dedent(
        """
        import importlib.abc, io, sys

        class Block(importlib.abc.MetaPathFinder):
            def find_spec(self, name, path=None, target=None):
                if name.split(".")[0] in ("sqlalchemy", "alembic", "psycopg"):
                    raise ModuleNotFoundError(f"blocked optional dependency: {name}")
                return None

        sys.meta_path.insert(0, Block())
        from supervision.cli import main
        out, err = io.StringIO(), io.StringIO()
        print(main(["deadline", "2026-09-30", "--period", "3日"], out=out, err=err,
                   environ={}))
        print(main(["list"], out=out, err=err, environ={}))
        print(err.getvalue())
        """
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          encoding="utf-8", timeout=120, check=False)
    lines = done.stdout.splitlines()
    assert ["0", "1"] == lines[:2], done.stderr
    assert "supervision-duban[sql]" in done.stdout
