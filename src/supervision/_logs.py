"""The library's loggers, made through one function so that ``logging`` loads only when needed.

Every ``supervision.*`` logger is made by :func:`logger` (tests/test_logging.py checks that no
module calls ``logging.getLogger`` itself). The command line configures a handler for them but
should not import ``logging`` for a command that logs nothing (``supervision deadline``, about
a seventh of its start-up): it hands the configuring function to :func:`when_logging`, which
runs it at once if ``logging`` is already loaded, and otherwise just before the first library
logger is made — so before any library record can be emitted.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import logging

__all__ = ["logger", "when_logging"]

#: configuring functions waiting for the first library logger
_PENDING: list[Callable[[], None]] = []


def logger(name: str) -> logging.Logger:
    """``logging.getLogger(name)``, after running the configuring functions still waiting."""
    import logging

    while _PENDING:
        _PENDING.pop(0)()
    return logging.getLogger(name)


def when_logging(configure: Callable[[], None]) -> Callable[[], None]:
    """Run ``configure`` now if ``logging`` is loaded, else before the first library logger
    is made; returns a function that withdraws it if it has not run yet."""
    if "logging" in sys.modules:
        configure()
    else:
        _PENDING.append(configure)

    def withdraw() -> None:
        if configure in _PENDING:
            _PENDING.remove(configure)

    return withdraw
