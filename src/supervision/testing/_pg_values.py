"""The values :mod:`supervision.testing.postgres` hands out (the binaries found, a running
server): split from it to keep each module short; import them from there."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote, unquote, urlsplit, urlunsplit

import attrs

from supervision.exceptions import InvalidInput

from ._pg_os import ENV_URL, LOOPBACK, _conninfo_quote, _os_user_name


@attrs.frozen
class PostgresBinaries:
    """Where the server programs are: ``initdb``, ``pg_ctl`` and ``postgres``."""

    initdb: Path
    pg_ctl: Path
    postgres: Path

    @property
    def bindir(self) -> Path:
        """The directory of ``pg_ctl`` (``createdb`` is looked up there)."""
        return self.pg_ctl.parent


@attrs.frozen
class PostgresServer:
    """A server the tests may use.

    ``url`` is the URL to hand to SQLAlchemy (for a server from ``SUPERVISION_TEST_PG_URL``,
    exactly that variable's value); ``libpq_url`` is the same without the ``+driver`` part, for
    psycopg or ``psql``. ``started`` is True when the harness started the server itself; then
    ``directory`` is its temporary directory and ``pid`` the postmaster's process id.
    For an external URL, ``host``/``port``/``user``/``dbname`` are read from it, with libpq's
    defaults (``localhost``, 5432, the OS user, the user name) where it is silent.
    """

    url: str
    host: str
    port: int
    user: str
    dbname: str
    password: str | None = None
    started: bool = False
    directory: Path | None = None
    pid: int | None = None

    @classmethod
    def from_url(cls, url: str, *, field: str = ENV_URL) -> PostgresServer:
        """Describe the existing server at ``url`` (``postgresql[+driver]://...``)."""
        parts = urlsplit(url.strip())
        scheme = parts.scheme.split("+", 1)[0]
        if scheme not in ("postgresql", "postgres"):
            raise InvalidInput(
                field,
                "a URL like postgresql+psycopg://user@host:5432/dbname",
                url,
                hint="use the postgresql:// or postgresql+psycopg:// scheme",
            )
        try:
            port = parts.port or 5432
        except ValueError as error:
            raise InvalidInput(field, "a port number between 1 and 65535", url) from error
        user = unquote(parts.username) if parts.username else _os_user_name()
        dbname = unquote(parts.path.lstrip("/")) or user
        return cls(
            url=url,
            host=parts.hostname or "localhost",
            port=port,
            user=user,
            dbname=dbname,
            password=unquote(parts.password) if parts.password is not None else None,
        )

    @classmethod
    def local(
        cls, *, port: int, user: str, dbname: str, directory: Path, pid: int | None
    ) -> PostgresServer:
        """Describe a server this harness started on 127.0.0.1."""
        url = f"postgresql+psycopg://{quote(user, safe='')}@{LOOPBACK}:{port}/{quote(dbname)}"
        return cls(
            url=url,
            host=LOOPBACK,
            port=port,
            user=user,
            dbname=dbname,
            started=True,
            directory=directory,
            pid=pid,
        )

    @property
    def libpq_url(self) -> str:
        """``url`` with the scheme ``postgresql`` (no ``+driver``): what libpq and psycopg take."""
        parts = urlsplit(self.url)
        return urlunsplit(("postgresql", *parts[1:]))

    @property
    def sqlalchemy_url(self) -> str:
        """``url``, with ``postgresql+psycopg`` when the URL names no driver.

        SQLAlchemy reads a bare ``postgresql://`` as psycopg2, which this library does not use.
        """
        parts = urlsplit(self.url)
        if "+" in parts.scheme:
            return self.url
        return urlunsplit(("postgresql+psycopg", *parts[1:]))

    @property
    def conninfo(self) -> str:
        """A libpq key/value connection string (``host=... port=... user=... dbname=...``)."""
        if not self.started:
            return self.libpq_url
        pairs = [("host", self.host), ("port", str(self.port)), ("user", self.user)]
        pairs.append(("dbname", self.dbname))
        return " ".join(f"{key}={_conninfo_quote(value)}" for key, value in pairs)
