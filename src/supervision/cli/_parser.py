"""The argument parser: the global options (accepted before or after the command) and the
commands each module of :mod:`supervision.cli.commands` adds.

Building it imports every command module but no domain module, no composition root and no
SQLAlchemy: those are imported by the handler that runs (tests/test_cli_startup.py). A run
builds only the parser of the command it names (:func:`parse_arguments`): the others are
skipped, unless the whole command line is needed (``--help``, a mistake), which then gets
exactly the full parser's answer."""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Sequence
from typing import Any, NoReturn, cast

from supervision._version import DISTRIBUTION, __version__
from supervision.cli._errors import UsageError
from supervision.cli._session import DEFAULT_DB, DEFAULT_ROLE_ID, DEFAULT_ROLE_LABEL, Handler

__all__ = ["Commands", "Parser", "build_parser", "parse_arguments"]

#: The global options that take a value (what :func:`_command_word` skips).
GLOBAL_VALUE_OPTIONS = frozenset({
    "--db", "--table-prefix", "--schema", "--chain-key-file", "--actor", "--role", "--office",
    "--unit", "--read-office", "--schedule",
})


class Parser(argparse.ArgumentParser):
    """argparse with its errors raised as :class:`UsageError` (exit 2, no usage dump)."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see: {self.prog} --help)")


def _global_options(parser: argparse.ArgumentParser, *, inherited: bool) -> None:
    """The options every command takes. On a command's own parser (``inherited``) they
    default to nothing, so a value given before the command is kept."""

    def default(value: Any) -> Any:
        return argparse.SUPPRESS if inherited else value

    group = parser.add_argument_group("global options (also after the command)")
    group.add_argument(
        "--db", metavar="URL", default=default(None),
        help=f"the database (env SUPERVISION_DB; default {DEFAULT_DB}): sqlite:///FILE or "
        "postgresql+psycopg://user@host/db",
    )
    group.add_argument(
        "--table-prefix", metavar="PREFIX", default=default(None),
        help="the prefix of the library's tables (env SUPERVISION_TABLE_PREFIX; default sv_)",
    )
    group.add_argument(
        "--schema", metavar="NAME", default=default(None),
        help="the PostgreSQL schema of the library's tables (env SUPERVISION_SCHEMA)",
    )
    group.add_argument(
        "--chain-key-file", metavar="FILE", default=default(None),
        help="the key ring that signs the chain of records (env SUPERVISION_CHAIN_KEY_FILE): "
        "one key per line, 'KEY_ID HEX', the current key first, retired keys after",
    )
    group.add_argument(
        "--actor", metavar="PERSON", default=default(None),
        help="who acts: the person id (env SUPERVISION_ACTOR; default supervision-cli)",
    )
    group.add_argument(
        "--role", metavar="ROLE", action="append", default=default(None),
        help="the actor's role, by id or Chinese title, repeatable (env SUPERVISION_ROLE, "
        f"comma-separated; default {DEFAULT_ROLE_ID} {DEFAULT_ROLE_LABEL})",
    )
    group.add_argument(
        "--office", metavar="ID", default=default(None),
        help="the office the actor works in (env SUPERVISION_OFFICE; default: the only "
        "office in the database)",
    )
    group.add_argument(
        "--unit", metavar="ID", default=default(None),
        help="the actor's unit, for a unit head or liaison (env SUPERVISION_UNIT)",
    )
    group.add_argument(
        "--read-office", metavar="ID", action="append", default=default(None),
        help="a further office the actor may read (a city-level reader), repeatable "
        "(env SUPERVISION_READ_OFFICES, comma-separated)",
    )
    group.add_argument(
        "--schedule", metavar="FILE", action="append", default=default(None),
        help="a TOML transcription of a year's holiday notice (repeatable)",
    )
    group.add_argument(
        "--provisional", action="store_true", default=default(False),
        help="count years without a published notice provisionally (weekends and statutory "
        "holidays off, no 调休; results marked 临时)",
    )
    group.add_argument(
        "--json", action="store_true", default=default(False),
        help="print one JSON document on stdout instead of text",
    )
    group.add_argument(
        "-v", "--verbose", action="count", default=default(0),
        help="more log output on stderr (-v info, -vv debug; tracebacks of bugs)",
    )
    group.add_argument(
        "-q", "--quiet", action="store_true", default=default(False),
        help="errors only on stderr (no notes, no progress)",
    )


class _Rebuild(Exception):
    """The parser built for one command cannot answer: parse again with the whole one."""


class _OneCommand(Parser):
    """The top of a parser built for one command: its help (which lists every command) and
    its errors are the whole parser's to give."""

    def print_help(self, file: Any = None) -> None:
        raise _Rebuild

    def error(self, message: str) -> NoReturn:
        raise _Rebuild


class _Unbuilt:
    """Stands for the parser of a command this run does not use: takes every call, builds
    nothing (a command module's ``add`` runs unchanged)."""

    def __getattr__(self, name: str) -> Any:
        return self._anything

    def _anything(self, *args: Any, **kwargs: Any) -> Any:
        return self


_UNBUILT = _Unbuilt()


class Commands:
    """Where a command group module adds its commands (see :mod:`supervision.cli.commands`)."""

    def __init__(self, sub: Any, common: argparse.ArgumentParser,
                 parsers: dict[str, Parser] | None = None, *, only: str | None = None) -> None:
        self._sub = sub
        self._common = common
        self._parsers: dict[str, Parser] = {} if parsers is None else parsers
        #: build only this command (None: every command)
        self._only = only

    def _skips(self, name: str) -> bool:
        return self._only is not None and self._only != name

    def add(self, name: str, help: str, handler: Handler | None = None,
            **kwargs: Any) -> Parser:
        """A command ``name`` (its own parser, with the global options); ``handler`` runs it."""
        if self._skips(name):
            return cast(Parser, _UNBUILT)
        parser: Parser = self._sub.add_parser(name, help=help, description=help,
                                              parents=[self._common], **kwargs)
        if handler is not None:
            parser.set_defaults(handler=handler, command=name)
        self._parsers[name] = parser
        return parser

    def group(self, name: str, help: str, *, default: Handler | None = None) -> Commands:
        """A command with subcommands of its own (``office add``, ``office list``, …).

        With ``default`` the subcommand may be left out and ``default`` runs instead (a
        later module may give the group's own parser options and its own handler, see
        :meth:`parser`)."""
        if self._skips(name):
            return cast(Commands, _UNBUILT)
        parser = self.add(name, help, default)
        sub = parser.add_subparsers(dest=f"{name}_command", metavar="COMMAND",
                                    required=default is None, parser_class=Parser)
        return _Nested(sub, self._common, name, self._parsers)

    def parser(self, name: str) -> Parser:
        """The parser of a command added before (by this or an earlier module), to give it
        more options — e.g. ``report --html FILE`` beside ``report progress``."""
        if self._skips(name.split(" ")[0]):
            return cast(Parser, _UNBUILT)
        return self._parsers[name]


class _Nested(Commands):
    def __init__(self, sub: Any, common: argparse.ArgumentParser, prefix: str,
                 parsers: dict[str, Parser]) -> None:
        super().__init__(sub, common, parsers)
        self._prefix = prefix

    def add(self, name: str, help: str, handler: Handler | None = None,
            **kwargs: Any) -> Parser:
        parser = super().add(name, help, handler, **kwargs)
        del self._parsers[name]
        self._parsers[f"{self._prefix} {name}"] = parser
        if handler is not None:
            parser.set_defaults(command=f"{self._prefix} {name}")
        return parser


def add_at(parser: argparse.ArgumentParser, help: str = "") -> None:
    """The one instant option of every command that depends on time."""
    parser.add_argument(
        "--at", metavar="TIME",
        help=(help or "the instant the command works at")
        + ", e.g. 2026-10-08T09:00+08:00 (default: now, printed on stderr)",
    )


def add_expected_version(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--expected-version", metavar="N", type=int,
        help="refuse (exit 8) unless the matter is still at version N (If-Match)",
    )


def build_parser() -> Parser:
    """The whole command line: the global options, then every registered command group."""
    return _build(None)


def parse_arguments(argv: Sequence[str]) -> argparse.Namespace:
    """``argv`` parsed as :func:`build_parser` parses it, building first only the parser of
    the command ``argv`` names. When that cannot answer — the top-level ``--help``, any
    mistake, a first word that is no command — the whole parser parses ``argv`` again, so
    every message and every result is the full parser's."""
    word = _command_word(argv)
    if word is not None:
        try:
            return _build(word).parse_args(argv)
        except (_Rebuild, UsageError):
            pass
    return build_parser().parse_args(argv)


def _command_word(argv: Sequence[str]) -> str | None:
    """The first word that is neither an option nor a global option's value (a guess: a
    wrong one only costs the full parser)."""
    skip = False
    for item in argv:
        if skip:
            skip = False
        elif item == "--":
            return None
        elif item.startswith("-"):
            skip = item in GLOBAL_VALUE_OPTIONS
        else:
            return item
    return None


def _build(only: str | None) -> Parser:
    from supervision.cli.commands import GROUPS

    parser = (Parser if only is None else _OneCommand)(
        prog="supervision",
        description="督查督办 — supervision and follow-up of assigned matters "
        "(docs/cli.md)",
    )
    parser.add_argument("--version", action="version",
                        version=f"{DISTRIBUTION} {__version__}")
    _global_options(parser, inherited=False)
    common = argparse.ArgumentParser(add_help=False)
    _global_options(common, inherited=True)
    sub = parser.add_subparsers(dest="command_group", metavar="COMMAND", required=True,
                                parser_class=Parser)
    commands = Commands(sub, common, only=only)
    for name in GROUPS:
        # a plain name is a module of supervision.cli.commands; a dotted one is imported as is
        module = importlib.import_module(name if "." in name
                                         else f"supervision.cli.commands.{name}")
        module.add(commands)
    return parser
