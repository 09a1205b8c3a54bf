"""The ``supervision`` command (also ``python -m supervision``): the whole lifecycle of a
matter from the shell, for offices without an OA front end and for scripts (docs/cli.md).

Every command goes through the composition root (:func:`supervision.bootstrap`); global
options (``--db``, ``--actor``, ``--role``, ``--office``, ``--unit``, ``--json``, ``-v``/``-q``
…) may stand before or after the command and fall back to ``SUPERVISION_*`` environment
variables. Commands that depend on time take ``--at`` and say on stderr which instant they
used when it is left out. Every error is one short message on stderr and a documented exit
code (:data:`EXIT_CODES`); never a traceback, unless ``-v`` asks for a bug's.

Adding a command group: write a module in :mod:`supervision.cli.commands` with a function
``add(commands)`` and put its name in :data:`supervision.cli.commands.GROUPS`.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, TextIO

from supervision import _logs
from supervision.cli._errors import (
    EXIT_BUG,
    EXIT_CALENDAR,
    EXIT_CODES,
    EXIT_CONFLICT,
    EXIT_DATABASE,
    EXIT_ERROR,
    EXIT_INTERRUPTED,
    EXIT_NOT_FOUND,
    EXIT_OK,
    EXIT_PERMISSION,
    EXIT_RULE,
    EXIT_USAGE,
    UsageError,
    classify,
    error_fields,
)
from supervision.cli._parsing import check_argv
from supervision.cli._session import Console, Session, write
from supervision.exceptions import SupervisionError

if TYPE_CHECKING:
    import logging

__all__ = [
    "EXIT_BUG",
    "EXIT_CALENDAR",
    "EXIT_CODES",
    "EXIT_CONFLICT",
    "EXIT_DATABASE",
    "EXIT_ERROR",
    "EXIT_INTERRUPTED",
    "EXIT_NOT_FOUND",
    "EXIT_OK",
    "EXIT_PERMISSION",
    "EXIT_RULE",
    "EXIT_USAGE",
    "UsageError",
    "main",
]

_LOGGER = "supervision"


def _wants_json(argv: Sequence[str]) -> bool:
    return "--json" in argv


def _verbosity(argv: Sequence[str]) -> int:
    count = 0
    for item in argv:
        if item == "--verbose":
            count += 1
        elif item.startswith("-") and not item.startswith("--") and set(item[1:]) == {"v"}:
            count += len(item) - 1
    return count


def _logging(err: TextIO, verbosity: int, quiet: bool) -> logging.Handler:
    """A handler on stderr for the library's loggers (the library itself configures none)."""
    import logging

    handler = logging.StreamHandler(err)
    handler.setFormatter(logging.Formatter("supervision: [%(levelname)s %(name)s] %(message)s"))
    if quiet:
        level = logging.ERROR
    elif verbosity >= 2:
        level = logging.DEBUG
    elif verbosity == 1:
        level = logging.INFO
    else:
        level = logging.WARNING
    handler.setLevel(level)
    return handler


def main(
    argv: Sequence[str] | None = None,
    out: TextIO | None = None,
    err: TextIO | None = None,
    environ: Mapping[str, str] | None = None,
) -> int:
    """Run the command line; returns the exit code (docs/cli.md, "Exit codes").

    ``out`` / ``err`` default to the process's stdout / stderr and ``environ`` to its
    environment, so tests and scripts can run it in-process."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    stdout = out if out is not None else sys.stdout
    stderr = err if err is not None else sys.stderr
    verbosity = _verbosity(arguments)
    console = Console(stdout, stderr, json_mode=_wants_json(arguments),
                      quiet="-q" in arguments or "--quiet" in arguments)
    # the handler goes on when logging is loaded: at once, or before the first library
    # logger is made (a `deadline` that logs nothing does not load logging at all)
    logs = _StderrLogging(stderr, verbosity, console.quiet)
    withdraw = _logs.when_logging(logs.attach)
    session: Session | None = None
    try:
        check_argv(arguments)
        from supervision.cli._parser import parse_arguments

        try:
            with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
                args = parse_arguments(arguments)
        except SystemExit as done:  # --help and --version print and stop
            return int(done.code or 0) if isinstance(done.code, int | None) else EXIT_USAGE
        console.json_mode = bool(args.json)
        console.quiet = bool(args.quiet)
        session = Session(args, console, environ)
        result = args.handler(session)
        data = dict(result.data)
        data.setdefault("command", args.command)
        if session.timed and "at" not in data:
            data["at"] = session.instant().isoformat()
            data["at_defaulted"] = session.at_defaulted
        if console.json_mode:
            console.document(data)
        else:
            console.text(result.text)
        return int(data.get("exit_code", EXIT_OK))
    except KeyboardInterrupt:
        console.error("已中断 interrupted")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        return EXIT_ERROR
    except Exception as error:
        return _report(error, console, verbosity)
    finally:
        if session is not None:
            try:
                session.close()
            except Exception as error:  # releasing the engine must not hide the outcome
                console.error(f"could not close the database cleanly: {type(error).__name__}")
        withdraw()
        logs.detach()


class _StderrLogging:
    """The CLI's stderr handler (:func:`_logging`) on the ``supervision`` logger: attached,
    and detached at the end of the run with the logger's level restored."""

    def __init__(self, err: TextIO, verbosity: int, quiet: bool) -> None:
        self._options = (err, verbosity, quiet)
        self._attached: tuple[logging.Logger, logging.Handler, int] | None = None

    def attach(self) -> None:
        import logging

        logger = logging.getLogger(_LOGGER)
        handler = _logging(*self._options)
        previous = logger.level
        logger.addHandler(handler)
        if logger.level == logging.NOTSET or logger.level > handler.level:
            logger.setLevel(handler.level)
        self._attached = (logger, handler, previous)

    def detach(self) -> None:
        if self._attached is not None:
            logger, handler, previous = self._attached
            logger.removeHandler(handler)
            logger.setLevel(previous)
            self._attached = None


def _report(error: Exception, console: Console, verbosity: int) -> int:
    """One message on stderr (and a JSON error document with ``--json``); the exit code."""
    if isinstance(error, OSError) and not isinstance(error, SupervisionError):
        error = UsageError(
            f"文件或系统错误 file or system error: {error.strerror or error}"
            + (f": {error.filename}" if getattr(error, "filename", None) else "")
        )
    code, message = classify(error)
    console.error(message)
    if code == EXIT_BUG and verbosity:
        import traceback

        write(console.err, "".join(traceback.format_exception(error)))
    if console.json_mode:
        # the error document is a courtesy: the exit code is the answer
        with contextlib.suppress(Exception):
            console.document({
                "error": {
                    "exit_code": code,
                    "type": type(error).__name__,
                    "message": message,
                    "fields": error_fields(error),
                }
            })
    return code
