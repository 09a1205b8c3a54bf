"""No traceback, ever (issue 10.4): hostile command lines — every command and option the
parser knows, mixed with malformed, huge, undecodable and out-of-range values — end with an
exit code from the documented table and one message on stderr."""

from __future__ import annotations

import argparse
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from cli_support import CLERK, daoli_with_matters, run
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from supervision.cli import EXIT_BUG, EXIT_CODES
from supervision.cli._parser import build_parser


def _commands(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()) -> Iterator[
        tuple[tuple[str, ...], list[str]]]:
    options = [o for a in parser._actions for o in a.option_strings
               if o not in ("-h", "--help")]
    subcommands = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if not subcommands:
        yield path, options
    for action in subcommands:
        for name, child in action.choices.items():
            if name != "demo":  # the demo runs a whole quarter: its own test covers it
                yield from _commands(child, (*path, name))


COMMANDS = list(_commands(build_parser()))
HOSTILE = [
    "", " ", "-", "--", "-1", "0", "1", "2", "99999999999999999999", "9" * 5000,
    "2026-10-08T09:00+08:00", "2026-10-08T09:00", "2026-10-08", "9999-12-31",
    "9999-12-31T23:59:59-23:59", "0001-01-01T00:00+14:00", "2026-02-30", "2026年9月30日",
    "15日", "3个工作日", "次日", "立即", "十五日", "区长批示", "会议决定事项", "一般事项",
    "important", "office_clerk", "联络员", "daoli", "econ", "哈里政督〔2026〕1号",
    "哈里政督〔2026〕99999999999号", "extensions_enabled=true", "numbering_prefix=",
    "a=b", "=", "sqlite:///", "sqlite://", "sqlite:///missing/x.db", "mysql://x",
    "postgresql+psycopg://nobody@127.0.0.1:1/none", "\udcff", "\ud800", "x\x00y",
    "=HYPERLINK(\"http://x\")", "../../etc/passwd", "/", "out.xlsx", "out.csv", "m.toml",
    "m.json", "2026-H1", "2026年度", "Bad-Prefix", "dc_", "public",
]
TOKENS = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=40))


@st.composite
def command_lines(draw: st.DrawFn) -> list[str]:
    path, options = draw(st.sampled_from(COMMANDS))
    tail: list[str] = []
    for _ in range(draw(st.integers(0, 7))):
        if options and draw(st.booleans()):
            tail.append(draw(st.sampled_from(options)))
        tail.append(draw(TOKENS))
    return [*path, *tail]


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A daoli office with three matters; the tests run in its folder (so relative paths a
    hostile command line names land there)."""
    folder = tmp_path_factory.mktemp("hostile")
    daoli_with_matters(folder)
    (folder / "m.toml").write_text("title = [1, 2]\n", encoding="utf-8")
    (folder / "m.json").write_text("[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]"
                                   "]]]]]]]]]]]]]]]", encoding="utf-8")
    old = Path.cwd()
    os.chdir(folder)
    try:
        yield folder
    finally:
        os.chdir(old)


@settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(argv=command_lines(), as_clerk=st.booleans())
def test_any_command_line_ends_with_a_documented_exit_code_and_no_traceback(
    office: Path, argv: list[str], as_clerk: bool
) -> None:
    """Whatever the command line, the exit code is in the table (and is not a bug's) and
    stderr holds no traceback."""
    environ = {"SUPERVISION_DB": f"sqlite:///{office / 'office.db'}",
               "SUPERVISION_OFFICE": "daoli"}
    done = run(*(CLERK if as_clerk else ()), *argv, environ=environ)
    assert done.code in EXIT_CODES
    assert EXIT_BUG != done.code, (argv, done.err)
    assert "Traceback" not in done.err, (argv, done.err)


@pytest.mark.parametrize(
    ("argv", "code"),
    [
        (("deadline", "9999-12-31", "--period", "3日", "--provisional"), 2),
        (("list", "--status", "\udcff"), 2),
        (("show", "哈里政督〔2026〕" + "9" * 5000 + "号"), 2),  # longer than any id: invalid input
        (("dispatch", "x", "--expected-version", "9" * 5000), 2),
        (("register", "--file", "m.json"), 2),
        (("register", "--file", "m.toml"), 2),
        (("scorecard", "--period", "9" * 5000), 2),
        (("ledger", "--xlsx", "/"), 2),
        (("sweep", "--batch-size", "9" * 5000), 2),
    ],
)
def test_known_hostile_inputs_get_their_exit_code_and_a_short_message(
    office: Path, argv: tuple[str, ...], code: int
) -> None:
    """Inputs that once raised raw exceptions (issue 10.4) get exit 2 (or 5 for a number no
    matter has) and one short message."""
    environ = {"SUPERVISION_DB": f"sqlite:///{office / 'office.db'}"}
    done = run(*CLERK, *argv, environ=environ)
    assert code == done.code, done.err
    assert "Traceback" not in done.err
    assert len(done.err) < 2000
