"""One run of the command: the options, the instant it works at, the calendar, the actor, the
composition root on the database, and the output (text, or one JSON document).

Every use case goes through :func:`supervision.bootstrap` → :class:`~supervision.Supervision`;
the session builds it once, on first use, and releases the engine at the end.

Start-up is paid per command: this module imports neither the domain nor the composition
root (nor SQLAlchemy) until a command asks for the database or the actor, so ``deadline``
loads only the calendar and the periods (tests/test_cli_startup.py).
"""

from __future__ import annotations

import argparse
import datetime as _dt
import enum
import math
import os
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, ClassVar, TextIO

from supervision import calendar as _calendar
from supervision._frozen import Value
from supervision.calendar import SHANGHAI, Calendar
from supervision.cli._errors import OfficeNotGiven, UsageError
from supervision.cli._parsing import parse_instant, parse_roles
from supervision.clock import Clock, SystemClock
from supervision.exceptions import (
    InvalidInput,
    MatterNotFound,
    MissingExtra,
    SupervisionError,
)
from supervision.text import cn_date

if TYPE_CHECKING:
    import sqlalchemy as sa

    from supervision.audit import Keyring
    from supervision.bootstrap import Supervision
    from supervision.domain.actors import Actor, Role
    from supervision.domain.model import Matter

    #: (imported on first use: see ``__getattr__``)
    DEFAULT_ROLE: Role

__all__ = [
    "DEFAULT_ACTOR",
    "DEFAULT_DB",
    "DEFAULT_ROLE",
    "DEFAULT_ROLE_ID",
    "DEFAULT_ROLE_LABEL",
    "ENVIRONMENT",
    "Console",
    "Result",
    "Session",
    "when",
]

#: The database when neither ``--db`` nor ``SUPERVISION_DB`` names one: a SQLite file in the
#: current folder (the embedded default).
DEFAULT_DB = "sqlite:///supervision.db"
#: Who acts when neither ``--actor`` nor ``SUPERVISION_ACTOR`` says.
DEFAULT_ACTOR = "supervision-cli"
#: The role when neither ``--role`` nor ``SUPERVISION_ROLE`` gives one: 审计只读 (auditor)
#: sees every matter that is not confidential and changes nothing — the safe default for a
#: command whose output lands in files and logs. ``DEFAULT_ROLE`` is ``Role.AUDITOR``; the
#: help text reads the id and label below, so that building the parser imports no domain
#: module (a test checks they are the role's).
DEFAULT_ROLE_ID = "auditor"
DEFAULT_ROLE_LABEL = "审计只读"
#: The environment variables the global options fall back to (option → variable).
ENVIRONMENT: Mapping[str, str] = {
    "db": "SUPERVISION_DB",
    "table_prefix": "SUPERVISION_TABLE_PREFIX",
    "schema": "SUPERVISION_SCHEMA",
    "chain_key_file": "SUPERVISION_CHAIN_KEY_FILE",
    "actor": "SUPERVISION_ACTOR",
    "role": "SUPERVISION_ROLE",
    "office": "SUPERVISION_OFFICE",
    "unit": "SUPERVISION_UNIT",
    "read_office": "SUPERVISION_READ_OFFICES",
}


def when(moment: _dt.datetime) -> str:
    """``2026年10月8日 09:00 (Asia/Shanghai)`` for messages."""
    local = moment.astimezone(SHANGHAI)
    return f"{cn_date(local.date())} {local:%H:%M} (Asia/Shanghai)"


def write(stream: TextIO, text: str) -> None:
    """Write ``text``; characters the stream cannot encode are escaped, never an error."""
    try:
        stream.write(text)
    except UnicodeEncodeError:
        encoding = getattr(stream, "encoding", None) or "utf-8"
        stream.write(text.encode(encoding, "backslashreplace").decode(encoding, "replace"))


class Result(Value):
    """What a command produced: ``data`` for ``--json`` and ``text`` for people (a frozen
    value, :class:`supervision._frozen.Value`, as attrs would have it, without loading attrs)."""

    __slots__ = ("data", "text")
    _fields: ClassVar[tuple[str, ...]] = ("data", "text")
    _defaults: ClassVar[dict[str, Any]] = {"text": ""}

    data: Mapping[str, Any]
    text: str

    def __init__(self, data: Mapping[str, Any], text: str = "") -> None:
        object.__setattr__(self, "data", data)
        object.__setattr__(self, "text", text)


class Console:
    """stdout for results, stderr for notes (silenced by ``-q``) and errors."""

    def __init__(self, out: TextIO, err: TextIO, *, json_mode: bool, quiet: bool) -> None:
        self.out = out
        self.err = err
        self.json_mode = json_mode
        self.quiet = quiet

    def note(self, text: str) -> None:
        if not self.quiet:
            write(self.err, f"supervision: {text}\n")

    def error(self, text: str) -> None:
        write(self.err, f"supervision: {text}\n")

    def document(self, data: Mapping[str, Any]) -> None:
        import json

        write(self.out, json.dumps(plain(data), ensure_ascii=False, indent=2,
                                   allow_nan=False) + "\n")

    def text(self, text: str) -> None:
        if text:
            write(self.out, text if text.endswith("\n") else text + "\n")


def plain(value: Any) -> Any:
    """``value`` as JSON-ready data (dates ISO 8601, decimals as text, enums by value)."""
    import decimal

    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, _dt.date | _dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, enum.Enum):
        return plain(value.value)
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        items = sorted(value, key=str) if isinstance(value, set | frozenset) else value
        return [plain(v) for v in items]
    return str(value)


class Session:
    """The state of one run; built by :func:`supervision.cli.main`."""

    def __init__(self, args: argparse.Namespace, console: Console,
                 environ: Mapping[str, str] | None = None) -> None:
        self.args = args
        self.console = console
        self.environ = os.environ if environ is None else environ
        self._instant: _dt.datetime | None = None
        self.at_defaulted = False
        self._calendar: Calendar | None = None
        self._app: Supervision | None = None
        self._engine: sa.Engine | None = None
        self._actor: Actor | None = None
        self._url: str | None = None

    # ------------------------------------------------------------------ options
    def option(self, name: str) -> Any:
        """A global option: the command line, else its environment variable, else None."""
        value = getattr(self.args, name, None)
        if value not in (None, []):
            return value
        variable = ENVIRONMENT.get(name)
        if variable is None:
            return None
        text = self.environ.get(variable, "").strip()
        if not text:
            return None
        if name in ("role", "read_office"):
            return [part for part in text.split(",") if part.strip()]
        return text

    @property
    def timed(self) -> bool:
        """Whether the command depends on time (it has ``--at``)."""
        return hasattr(self.args, "at")

    def instant(self) -> _dt.datetime:
        """The instant the command works at: ``--at``, else now (said on stderr once)."""
        if self._instant is None:
            given = getattr(self.args, "at", None)
            if given is not None:
                self._instant = parse_instant(given, "--at")
            else:
                self._instant = SystemClock().now().replace(microsecond=0)
                self.at_defaulted = True
                self.console.note(
                    f"未指定 --at，按当前时间计算 (no --at given: working at the current "
                    f"time) {self._instant.isoformat()}"
                )
        return self._instant

    def calendar(self) -> Calendar:
        """The national calendar with ``--schedule`` files, provisional with ``--provisional``."""
        if self._calendar is None:
            cal = _calendar.china(provisional=bool(getattr(self.args, "provisional", False)))
            for path in getattr(self.args, "schedule", None) or []:
                cal = cal.with_schedule(_calendar.load_schedule(path), replace=True)
            self._calendar = cal
        return self._calendar

    # ----------------------------------------------------------------- database
    def url(self) -> str:
        return str(self.option("db") or DEFAULT_DB)

    def chain_key(self) -> Keyring | None:
        """The key ring of ``--chain-key-file`` (None when not given): one key per line,
        ``KEY_ID HEX`` (the current key first), blank lines and ``#`` comments ignored."""
        path = self.option("chain_key_file")
        if path is None:
            return None
        from pathlib import Path

        from supervision.audit import ChainKey, Keyring

        try:
            text = Path(str(path)).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise UsageError(f"--chain-key-file: cannot read {path}: {error}") from None
        keys: list[ChainKey] = []
        for number, line in enumerate(text.splitlines(), start=1):
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            parts = line.split()
            if len(parts) != 2:
                raise UsageError(f"--chain-key-file: line {number}: expected 'KEY_ID HEX'")
            try:
                keys.append(ChainKey.from_hex(parts[0], parts[1]))
            except InvalidInput as error:
                raise UsageError(f"--chain-key-file: line {number}: {error}") from None
        if not keys:
            raise UsageError(f"--chain-key-file: no key in {path}")
        return Keyring.of(keys[0], *keys[1:])

    def naming(self) -> dict[str, Any]:
        """``table_prefix`` / ``schema`` for the adapter (only those given)."""
        found: dict[str, Any] = {}
        prefix, schema = self.option("table_prefix"), self.option("schema")
        if prefix is not None:
            found["table_prefix"] = prefix
        if schema is not None:
            found["schema"] = schema
        return found

    def engine(self, url: str | None = None, *, create: bool = False) -> sa.Engine:
        """An engine on the database (``--db``); unless ``create``, the SQLite file must exist."""
        if self._engine is not None:
            return self._engine
        sql = _sql()
        import sqlalchemy as sa

        text = url or self.url()
        self._url = text
        if len(text) > 2000:
            raise UsageError("--db: a database URL of at most 2000 characters")
        try:
            parsed = sa.make_url(text)
        except (sa.exc.ArgumentError, ValueError, TypeError):
            raise UsageError(
                "--db: expected a database URL such as sqlite:///supervision.db or "
                f"postgresql+psycopg://app@db.internal/supervision, got {text!r}"
            ) from None
        backend = parsed.get_backend_name()
        if backend not in ("sqlite", "postgresql"):
            raise UsageError(f"--db: a sqlite:/// or postgresql+psycopg:// URL, got {backend}://")
        shown = parsed.render_as_string(hide_password=True)
        if backend == "sqlite":
            if parsed.database in (None, "", ":memory:"):
                raise UsageError("--db: a SQLite database file, e.g. sqlite:///supervision.db")
            from pathlib import Path

            database = Path(parsed.database)
            if not database.parent.is_dir():
                raise UsageError(f"--db: the folder {database.parent} does not exist")
            if not create and not database.is_file():
                raise SupervisionError(
                    f"no database at {shown} (数据库不存在): create it with: "
                    f"supervision db upgrade {shown}"
                )
        try:
            self._engine = sql.create_engine(parsed)
        except ImportError as error:
            raise MissingExtra("postgres", "psycopg", f"connect to {backend} ({error})") from None
        except InvalidInput as error:
            raise UsageError(f"--db: {error}") from None
        return self._engine

    def shown_url(self) -> str:
        import sqlalchemy as sa

        try:
            return sa.make_url(self._url or self.url()).render_as_string(hide_password=True)
        except (sa.exc.ArgumentError, ValueError, TypeError):
            return "the database"

    def probe(self, engine: sa.Engine) -> None:
        """Connect once: a server that refuses or drops the connection is retryable (exit 4)."""
        import sqlalchemy as sa

        from supervision.exceptions import StorageUnavailable

        try:
            with engine.connect():
                pass
        except sa.exc.SQLAlchemyError as error:
            text = str(getattr(error, "orig", None) or error).strip().splitlines()
            raise StorageUnavailable(f"connecting to {self.shown_url()}",
                                     text[0] if text else type(error).__name__) from None

    def check_migrated(self) -> None:
        """Refuse a database the library was never migrated into, or an older one."""
        sql = _sql()
        engine = self.engine()
        self.probe(engine)
        revision = sql.current_revision(engine, schema=self.naming().get("schema"))
        head = sql.head_revision()
        if revision != head:
            shown = self.shown_url()
            raise SupervisionError(
                f"the database {shown} is at revision {revision or 'none (empty)'}, this version "
                f"needs {head} (数据库未迁移): run: supervision db upgrade {shown}"
            )

    def app(self) -> Supervision:
        """The composition root on the database, at the command's instant (if timed)."""
        if self._app is None:
            engine = self.engine()
            self.check_migrated()
            from supervision.bootstrap import bootstrap

            clock: Clock = _SessionClock(self) if self.timed else SystemClock()
            self._app = bootstrap(engine=engine, clock=clock, calendar=self.calendar(),
                                  chain_key=self.chain_key(), **self.naming())
        return self._app

    def close(self) -> None:
        if self._app is not None:
            self._app.dispose()
        if self._engine is not None:
            self._engine.dispose()

    # -------------------------------------------------------------------- actor
    def office_id(self, app: Supervision) -> str:
        """``--office``, else the only office in the database."""
        given = self.option("office")
        if given is not None:
            return str(given)
        with app.uow() as uow:
            offices = uow.offices.list()
        if len(offices) == 1:
            return offices[0].id
        if not offices:
            raise OfficeNotGiven(
                "no office in the database yet (尚未设立督查机构): add one with "
                "supervision office add ID NAME --policy NAME"
            )
        raise OfficeNotGiven(
            "give --office ID (or SUPERVISION_OFFICE): the database holds the offices "
            + ", ".join(o.id for o in offices)
        )

    def actor(self) -> Actor:
        """The person acting: ``--actor``, ``--role``, ``--office``, ``--unit``."""
        if self._actor is None:
            from supervision.domain.actors import Actor, Role

            app = self.app()
            person = str(self.option("actor") or DEFAULT_ACTOR)
            roles = parse_roles(self.option("role") or []) or frozenset({Role(DEFAULT_ROLE_ID)})
            unit = self.option("unit")
            readable = [o.strip() for o in self.option("read_office") or [] if o.strip()]
            try:
                self._actor = Actor.build(person, roles, office_id=self.office_id(app),
                                          unit_id=unit, read_offices=readable)
            except InvalidInput as error:
                option = {"person_id": "--actor", "unit_id": "--unit", "roles": "--role",
                          "office_id": "--office", "read_offices": "--read-office"}
                raise UsageError(
                    f"{option.get(error.field, error.field)}: {error}; a unit head or liaison "
                    "needs --unit ID"
                ) from None
        return self._actor

    def matter_id(self, reference: str) -> str:
        """A matter by id, or by its registration number (哈里政督〔2026〕1号)."""
        from supervision.domain.model import RegistrationNumber

        try:
            number = RegistrationNumber.parse(reference)
        except InvalidInput:
            return reference
        found = [m for m in self.app().list_matters(self.actor()) if m.number == number]
        if len(found) == 1:
            return found[0].id
        raise MatterNotFound(reference)

    def matter(self, reference: str) -> Matter:
        return self.app().get_matter(self.actor(), self.matter_id(reference))


class _SessionClock:
    """The session's instant, read only when a use case asks for the time (so a command
    refused before it needs the time says nothing about the instant)."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def now(self) -> _dt.datetime:
        return self._session.instant()


def _sql() -> Any:
    try:
        from supervision.adapters import sqlalchemy as sql
    except ImportError:
        raise MissingExtra("sql", "SQLAlchemy", "use a database from the command line") from None
    return sql


#: A command's handler: the session in, the result out.
Handler = Callable[[Session], Result]


def __getattr__(name: str) -> Any:
    """``DEFAULT_ROLE`` (``Role.AUDITOR``), imported on first use."""
    if name == "DEFAULT_ROLE":
        from supervision.domain.actors import Role

        return Role(DEFAULT_ROLE_ID)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
