"""The argument parser: the global options (accepted before or after the command) and the
commands each module of :mod:`supervision.cli.commands` adds.

Building it imports every command module but no domain module, no composition root and no
SQLAlchemy: those are imported by the handler that runs (tests/test_cli_imports.py)."""

from __future__ import annotations

import argparse
import importlib
from typing import Any, NoReturn

from supervision._version import DISTRIBUTION, __version__
from supervision.cli._errors import UsageError
from supervision.cli._session import DEFAULT_DB, DEFAULT_ROLE_ID, DEFAULT_ROLE_LABEL, Handler

__all__ = ["Commands", "Parser", "build_parser"]


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


class Commands:
    """Where a command group module adds its commands (see :mod:`supervision.cli.commands`)."""

    def __init__(self, sub: Any, common: argparse.ArgumentParser,
                 parsers: dict[str, Parser] | None = None) -> None:
        self._sub = sub
        self._common = common
        self._parsers: dict[str, Parser] = {} if parsers is None else parsers

    def add(self, name: str, help: str, handler: Handler | None = None,
            **kwargs: Any) -> Parser:
        """A command ``name`` (its own parser, with the global options); ``handler`` runs it."""
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
        parser = self.add(name, help, default)
        sub = parser.add_subparsers(dest=f"{name}_command", metavar="COMMAND",
                                    required=default is None, parser_class=Parser)
        return _Nested(sub, self._common, name, self._parsers)

    def parser(self, name: str) -> Parser:
        """The parser of a command added before (by this or an earlier module), to give it
        more options — e.g. ``report --html FILE`` beside ``report progress``."""
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
    from supervision.cli.commands import GROUPS

    parser = Parser(
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
    commands = Commands(sub, common)
    for name in GROUPS:
        # a plain name is a module of supervision.cli.commands; a dotted one is imported as is
        module = importlib.import_module(name if "." in name
                                         else f"supervision.cli.commands.{name}")
        module.add(commands)
    return parser
