"""The command groups of the ``supervision`` command, one module each.

Each module listed in :data:`GROUPS` defines ``add(commands: supervision.cli._parser.Commands)``
and adds its commands there: ``commands.add(name, help, handler)`` for a command,
``commands.group(name, help)`` for one with subcommands (``office add``). A handler takes the
:class:`~supervision.cli._session.Session` and returns a
:class:`~supervision.cli._session.Result` (``data`` for ``--json``, ``text`` for people); it
reaches the library only through ``session.app()`` (the composition root).

To add a command group (``notices``, ``deliver`` …): write
``supervision/cli/commands/<name>.py`` with its ``add`` function, and add ``"<name>"`` to
:data:`GROUPS` — one module, one line (a dotted name, ``"package.module"``, is imported as it
is). A module may also give an existing command more options: ``report --html FILE`` beside
``report progress`` is ``commands.parser("report")`` plus ``add_argument("--html")`` and
``set_defaults(handler=..., command="report --html")`` (the ``report`` group runs its default
handler when no kind is given). docs/cli.md must then document every new option (a test
checks it).
"""

from __future__ import annotations

__all__ = ["GROUPS"]

#: The command groups, in the order ``supervision --help`` lists them.
GROUPS: tuple[str, ...] = (
    "setup",        # db upgrade|verify, office …, unit …
    "registering",  # register, import
    "handling",     # approve, dispatch, acknowledge, complete, close, archive, suspend …
    "reporting",    # report progress|plan|final|contribute|supplement, confirm-signoff,
                    # review, explain, decide-explanation, extend request|decide
    "reading",      # show, timeline, list
    "outputs",      # ledger, scorecard, report --html
    "delivery",     # notices [show|requeue|backfill], deliver, document
    "system",       # sweep, recompute
    "reference",    # deadline, policy list|show
    "demo",         # demo
)
