"""Connecting once to the server ``SUPERVISION_TEST_PG_URL`` names (private, split from
:mod:`supervision.testing.postgres` to keep each module short)."""

from __future__ import annotations

import socket

from supervision.exceptions import PostgresUnavailable

from ._pg_os import ENV_URL
from ._pg_values import PostgresServer

__all__ = ["_check_connection"]


def _check_connection(server: PostgresServer, *, timeout: float) -> None:
    """Connect once to an external server, so a wrong URL is a clear error, not many."""
    try:
        import psycopg
    except ImportError:
        error_types: tuple[type[Exception], ...] = (OSError,)
    else:
        error_types = (OSError, psycopg.Error)
    try:
        if len(error_types) == 2:
            with psycopg.connect(server.libpq_url, connect_timeout=max(1, int(timeout))):
                return
        with socket.create_connection((server.host, server.port), timeout=timeout):
            return
    except error_types as error:
        raise PostgresUnavailable(
            "connect",
            f"cannot connect to the server named by {ENV_URL} "
            f"({server.host}:{server.port}, database {server.dbname!r}): "
            + " ".join(str(error).split()),
            hint=f"check the URL in {ENV_URL}, or unset it to start a throwaway server",
        ) from error
