"""The start-up of the ``supervision`` command (issue 16, item 7), without timing anything
(that is ``benchmarks/startup.py``): the parser and the reference commands import only what
they use (a fresh interpreter runs the command and reports ``sys.modules``), and the parser
built for the one command a run names parses exactly as the full parser does."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from cli_support import run

from supervision.cli._parser import GLOBAL_VALUE_OPTIONS, _build, build_parser, parse_arguments
from supervision.cli._session import DEFAULT_ROLE_ID, DEFAULT_ROLE_LABEL
from supervision.domain.actors import Role

#: Runs ``python -m supervision ARGV`` and prints its exit code and sorted(sys.modules) as
#: the last line of stdout.
_WRAPPER = """
import json, runpy, sys
sys.argv = ["supervision", *sys.argv[1:]]
try:
    runpy.run_module("supervision", run_name="__main__", alter_sys=True)
    code = 0
except SystemExit as done:
    code = done.code
sys.stdout.flush()
print("\\n" + json.dumps({"code": code, "modules": sorted(sys.modules)}))
"""

#: What no reference command may load: the database, the composition root, the service layer.
_NEVER = (
    "sqlalchemy",
    "alembic",
    "supervision.adapters",
    "supervision.bootstrap",
    "supervision._application",
    "supervision.service_layer",
    "supervision.ledger",
    "supervision.documents",
)
#: What ``deadline --period`` and the parser do not need either: the domain, the policies, and
#: attrs, logging, tomllib, pathlib and dateutil (imported where they are used).
_NOT_FOR_A_PERIOD = (
    *_NEVER,
    "supervision.domain",
    "supervision.domain.actors",
    "supervision.domain.escalation",
    "supervision.domain.model",
    "supervision.policies",
    "supervision.serialization",
    # what the start-up of the one-line commands was spent on (docs/performance.md)
    "attr",
    "attrs",
    "logging",
    "tomllib",
    "pathlib",
    "dateutil",
)


def _loaded(*argv: str, tmp_path: Path) -> tuple[int, str, set[str]]:
    """The exit code, the command's own output and the modules loaded by ``supervision ARGV``."""
    done = subprocess.run(
        [sys.executable, "-c", _WRAPPER, *argv], capture_output=True, text=True,
        encoding="utf-8", cwd=tmp_path, timeout=120, check=False,
    )
    assert 0 == done.returncode, done.stderr
    output, _, last = done.stdout.rstrip("\n").rpartition("\n")
    report = json.loads(last)
    return int(report["code"] or 0), output, set(report["modules"])


def _present(modules: set[str], names: tuple[str, ...]) -> list[str]:
    return sorted(m for m in modules if any(m == n or m.startswith(n + ".") for n in names))


def test_the_deadline_command_imports_only_the_calendar_and_periods(tmp_path: Path) -> None:
    """`deadline START --period P` answers without loading the domain, the policies, the
    composition root, the service layer or SQLAlchemy."""
    code, output, modules = _loaded("deadline", "2026-09-30", "--period", "3个工作日",
                                    tmp_path=tmp_path)
    assert (0, True) == (code, "末日 last day: 2026-10-10" in output)
    assert {"supervision.calendar", "supervision.periods"} <= modules
    assert [] == _present(modules, _NOT_FOR_A_PERIOD)


def test_the_help_imports_no_domain_module_and_no_database(tmp_path: Path) -> None:
    """Building the whole parser (`--help`) loads no domain module and nothing of storage."""
    code, output, modules = _loaded("--help", tmp_path=tmp_path)
    assert (0, True) == (code, "deadline" in output and "register" in output)
    assert [] == _present(modules, _NOT_FOR_A_PERIOD)


def test_a_deadline_from_a_policy_loads_the_policies_but_no_database(tmp_path: Path) -> None:
    """`deadline --policy NAME` loads the policy registry, and still no composition root,
    service layer or SQLAlchemy."""
    code, output, modules = _loaded("deadline", "2026-09-30", "--policy", "chizhou-2021",
                                    "--category", "important", tmp_path=tmp_path)
    assert (0, True) == (code, "依据 rule:" in output)
    assert "supervision.policies" in modules
    assert [] == _present(modules, _NEVER)


def test_policy_list_loads_no_database_and_no_service_layer(tmp_path: Path) -> None:
    """`policy list` reads the registry only: no composition root, service layer or SQL."""
    code, output, modules = _loaded("policy", "list", tmp_path=tmp_path)
    assert (0, True) == (code, "chizhou-2021" in output)
    assert [] == _present(modules, _NEVER)


#: The domain modules the policy registry does not need (the lazy ``supervision.domain``).
_NOT_FOR_THE_REGISTRY = (
    "supervision.domain.model",
    "supervision.domain.escalation",
    "supervision.domain.handling",
    "supervision.domain.statistics",
    "supervision.domain.scorecard",
)


@pytest.mark.parametrize("argv", [("policy", "list"),
                                  ("deadline", "2026-09-30", "--policy", "chizhou-2021",
                                   "--category", "important")], ids=" ".join)
def test_the_policy_registry_loads_the_policy_vocabulary_not_the_whole_domain(
        argv: tuple[str, ...], tmp_path: Path) -> None:
    """Importing `supervision.domain.policy` runs the lazy `supervision.domain` package, which
    loads no matter model, escalation engine, handling or statistics."""
    code, _, modules = _loaded(*argv, tmp_path=tmp_path)
    assert 0 == code
    assert "supervision.domain.policy" in modules
    assert [] == _present(modules, _NOT_FOR_THE_REGISTRY)


def test_the_default_role_the_help_names_is_the_auditor() -> None:
    """The help's default role (static text, so the parser needs no domain) is Role.AUDITOR."""
    assert (Role.AUDITOR.value, Role.AUDITOR.label) == (DEFAULT_ROLE_ID, DEFAULT_ROLE_LABEL)


def test_the_session_default_role_is_the_auditor() -> None:
    """`DEFAULT_ROLE` (imported on first use) is still the Role member 审计只读."""
    from supervision.cli import _session

    assert Role.AUDITOR is _session.DEFAULT_ROLE


# ====================================================== the lazy domain package (PEP 562)
def test_the_lazy_domain_package_gives_each_public_name_from_its_module() -> None:
    """Every name of `supervision.domain.__all__` is the very object of the module the
    package names for it, and the package lists each name once."""
    import importlib

    import supervision.domain as domain

    assert sorted(domain.__all__) == sorted(domain._LAZY)
    for name, module in domain._LAZY.items():
        assert getattr(importlib.import_module(module), name) is getattr(domain, name), name


def test_the_lazy_domain_package_reaches_every_submodule_as_an_attribute() -> None:
    """`supervision.domain.model` and the others are attributes of the package (as when the
    package imported them all), and a name it has not raises AttributeError."""
    import importlib
    import pkgutil

    import supervision.domain as domain

    public = {m.name for m in pkgutil.iter_modules(domain.__path__) if not m.name.startswith("_")}
    assert public == set(domain._SUBMODULES)
    for name in sorted(public):
        assert importlib.import_module(f"supervision.domain.{name}") is getattr(domain, name)
    with pytest.raises(AttributeError):
        domain.no_such_name  # noqa: B018


# ======================================================== the parser of the one command run
def _subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    found: dict[str, argparse.ArgumentParser] = {}
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            found.update(action.choices)
    return found


def _helps(parser: argparse.ArgumentParser, path: str = "") -> Iterator[tuple[str, str]]:
    """(command path, its help) for every command and subcommand under ``parser``."""
    for name, sub in _subparsers(parser).items():
        here = f"{path} {name}".strip()
        yield here, sub.format_help()
        yield from _helps(sub, here)


def _plain(namespace: argparse.Namespace) -> dict[str, Any]:
    """The parsed options, the handler by its name (each build makes its own closures)."""
    return {k: getattr(v, "__qualname__", v) if k == "handler" else v
            for k, v in vars(namespace).items()}


def test_the_parser_built_for_one_command_has_the_full_parsers_commands() -> None:
    """For every command, the parser built for it alone gives that command (and each of its
    subcommands) the very help — options, defaults, texts — of the full parser."""
    full = dict(_helps(build_parser()))
    assert len(full) > 40
    for name in _subparsers(build_parser()):
        alone = dict(_helps(_build(name)))
        assert {k: v for k, v in full.items() if k.split(" ")[0] == name} == alone


_ARGV = [
    ("deadline", "2026-09-30", "--period", "3个工作日"),
    ("--json", "deadline", "2026-09-30T16:30+08:00", "--policy", "池州", "--category", "重要事项",
     "--close", "17:30"),
    ("--db", "sqlite:///x.db", "--role", "联络员", "--unit", "econ", "report", "progress", "M-1",
     "--situation", "进展", "--at", "2026-10-08T09:00+08:00"),
    ("report", "--html", "r.html", "--period", "2026-Q3"),
    ("notices", "--status", "待送达"),
    ("notices", "show", "K-1", "-vv"),
    ("policy", "show", "chizhou-2021", "--parameter", "streak_scope=per_matter"),
    ("--schedule", "a.toml", "--schedule=b.toml", "db", "upgrade", "--office", "daoli"),
    ("close", "M-1", "--note", "done", "--expected-version", "3", "--actor", "clerk-1"),
    ("--act", "deadline", "list", "--status", "已交办"),  # an abbreviated global option
    ("--provisional", "-q", "sweep", "--only-office", "a", "--only-office", "b"),
]


@pytest.mark.parametrize("argv", _ARGV, ids=[" ".join(a[:4]) for a in _ARGV])
def test_parsing_through_the_one_command_parser_gives_the_full_parsers_result(
        argv: tuple[str, ...]) -> None:
    """`parse_arguments` (the parser of the named command only) returns what the full
    parser returns, global options before or after the command included."""
    assert _plain(build_parser().parse_args(argv)) == _plain(parse_arguments(argv))


def test_a_mistake_is_answered_by_the_full_parser() -> None:
    """A first word that is no command gets the full parser's message, listing every command."""
    done = run("--db", "sqlite:///x.db", "bogus")
    assert 2 == done.code
    assert [True, True, True] == [f"'{word}'" in done.err for word in ("deadline", "register",
                                                                       "demo")]


def test_the_top_level_help_lists_every_command_even_after_a_command_word() -> None:
    """`--help` before a command is the top-level help, listing every command."""
    done = run("--help", "deadline")
    assert 0 == done.code
    assert all(word in done.out for word in ("register", "sweep", "deadline", "policy"))


def test_the_options_the_command_word_scan_skips_are_the_global_options_with_a_value() -> None:
    """GLOBAL_VALUE_OPTIONS names exactly the global options that take a value."""
    parser = build_parser()
    taking = {option for action in parser._actions if action.nargs != 0
              for option in action.option_strings}
    assert taking == GLOBAL_VALUE_OPTIONS
