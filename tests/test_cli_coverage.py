"""Every command of the command line is run by a test (issue 15: every CLI subcommand has a
test). Read from the test modules' source: a call whose leading arguments are the command's
words as string literals (``desk.ok("notices", "requeue", key, ...)``) runs it."""

from __future__ import annotations

import argparse
import ast
from pathlib import Path

from supervision.cli._parser import build_parser

TESTS = Path(__file__).resolve().parent


def command_paths(parser: argparse.ArgumentParser, prefix: tuple[str, ...] = ()
                  ) -> list[tuple[str, ...]]:
    """The words of every command that runs something (``("notices", "requeue")``)."""
    found: list[tuple[str, ...]] = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                if any(isinstance(a, argparse._SubParsersAction) for a in sub._actions):
                    found += command_paths(sub, (*prefix, name))
                else:
                    found.append((*prefix, name))
    return found


def invoked() -> set[tuple[str, ...]]:
    """The leading string arguments of every call in the CLI test modules."""
    found: set[tuple[str, ...]] = set()
    for path in sorted(TESTS.glob("test_cli*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                words: list[str] = []
                for arg in node.args:
                    if not (isinstance(arg, ast.Constant) and isinstance(arg.value, str)):
                        break
                    words.append(arg.value)
                if words:
                    found.add(tuple(words))
    return found


def untested(paths: list[tuple[str, ...]], calls: set[tuple[str, ...]]) -> list[str]:
    return [" ".join(p) for p in paths if not any(c[:len(p)] == p for c in calls)]


def test_every_command_is_run_by_a_test() -> None:
    """No command of `supervision` is left without a test that runs it."""
    assert [] == untested(command_paths(build_parser()), invoked())


def test_the_scan_sees_the_commands_and_a_missing_one() -> None:
    """The checker itself: it finds dozens of commands, and a command no call names is
    reported."""
    paths = command_paths(build_parser())
    assert len(paths) > 40
    assert ("notices", "requeue") in paths
    assert ["db head"] == untested([("db", "head")], {("db", "verify", "--head")})
