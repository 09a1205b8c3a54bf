"""The ``supervision`` command (also ``python -m supervision``).

Subcommands:

``supervision deadline START (--period 3个工作日 | --policy NAME [--category C] [--source S])``
    compute and explain a deadline on the statutory calendar.
``supervision policies``
    list the registered policies.
``supervision db upgrade URL``
    create or migrate a database's schema (the packaged Alembic migrations).
``supervision sweep --db URL --policy NAME [--at TIME]``
    the daily sweep (督查巡检), for cron: idempotent, prints a summary, a progress indicator on
    stderr when there is more than one page of open matters.
``supervision recompute --db URL --policy NAME --schedule FILE``
    re-derive every open matter's deadline, e.g. once next year's holiday notice is
    transcribed: provisional deadlines become firm (``recompute_deadlines``).
``supervision ledger --db URL --xlsx FILE [--csv FILE] [--as-of TIME]``
    the ledger (台账) as the reading actor may see it.
``supervision scorecard --db URL --policy NAME --period 2026 [--xlsx FILE]``
    each unit's results for an assessment period (考核情况).
``supervision demo``
    a quarter of a supervision office, simulated on a temporary SQLite file.

Reads happen as an actor: ``--actor-role`` (default ``auditor``, 审计只读: sees every matter
that is not confidential, changes nothing), ``--actor-id`` and, for unit roles,
``--actor-unit``. A matter the actor may not see is never printed or written.

Exit codes (documented in docs/cli.md and docs/integration.md):

* 0 — done;
* 1 — a library error (:class:`~supervision.exceptions.SupervisionError`) other than the ones
  below, e.g. a database that was never migrated;
* 2 — bad command-line input (unknown option, malformed date, naive datetime, unknown policy,
  malformed database URL …);
* 3 — the calendar lacks a year's holiday schedule (:class:`CalendarDataUnavailable`): supply it
  with ``--schedule FILE`` or opt in to ``--provisional``;
* 4 — the database is unreachable or busy (:class:`~supervision.exceptions.StorageError` with
  ``retryable`` true: connection refused or lost, lock timeout): nothing was stored, run the
  command again later.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as _dt
import json
import math
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from decimal import Decimal
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Self, TextIO

from supervision import calendar as _calendar
from supervision import policies
from supervision.calendar import SHANGHAI, Calendar
from supervision.clock import Clock, FixedClock, SystemClock
from supervision.domain.actors import Actor, Role
from supervision.domain.model import Matter, Unit
from supervision.domain.permissions import can_view
from supervision.domain.policy import (
    Policy,
)
from supervision.exceptions import (
    CalendarDataUnavailable,
    InvalidInput,
    MatterNotFound,
    StorageError,
    StorageUnavailable,
    SupervisionError,
    UnknownPolicy,
)
from supervision.periods import Deadline, Period
from supervision.text import cn_date

if TYPE_CHECKING:
    import sqlalchemy as sa

    from supervision.domain.scorecard import Scorecard
    from supervision.ports import (
        EscalationRepository,
        EventRepository,
        MatterRepository,
        NumberSequences,
        ScoreEntryRepository,
        UnitOfWork,
        UnitRepository,
    )
    from supervision.service_layer.sweep import SweepSummary

__all__ = [
    "DEFAULT_ACTOR_ROLE",
    "DEMO_EXAMPLE",
    "EXIT_CALENDAR",
    "EXIT_DATABASE",
    "EXIT_ERROR",
    "EXIT_OK",
    "EXIT_USAGE",
    "main",
]

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_CALENDAR = 3
EXIT_DATABASE = 4

#: Who reads when no ``--actor-role`` is given: 审计只读 (auditor) sees every matter that is not
#: confidential (a confidential one only when its access list allows the role) and may change
#: nothing — the safe default for a command whose output lands in files and logs.
DEFAULT_ACTOR_ROLE = Role.AUDITOR
#: The example ``supervision demo`` runs (from the ``examples/`` folder of a source checkout).
DEMO_EXAMPLE = "daoli_2017_quarter.py"


class _UsageError(Exception):
    """Bad command-line input; printed and mapped to exit code 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> Any:  # argparse's own errors use our exit code too
        raise _UsageError(message)


# ---------------------------------------------------------------------------- parsing
def parse_start(text: str) -> _dt.date | _dt.datetime:
    """``2026-09-30`` (a day in China) or an ISO 8601 datetime with an offset."""
    try:
        if len(text) == 10:
            return _dt.date.fromisoformat(text)
        moment = _dt.datetime.fromisoformat(text)
    except ValueError as exc:
        raise _UsageError(
            f"start: expected a date 2026-09-30 or a datetime 2026-09-30T16:30+08:00, got {text!r}"
        ) from exc
    if moment.tzinfo is None:
        raise _UsageError(
            f"start: {text!r} has no time zone (需要带时区); write e.g. {text}+08:00"
        )
    return moment


def parse_close(text: str) -> _dt.time:
    try:
        value = _dt.time.fromisoformat(text)
    except ValueError as exc:
        raise _UsageError(f"close: expected a time such as 17:30, got {text!r}") from exc
    if value.tzinfo is not None:
        raise _UsageError("close: give the office's wall-clock time without a zone, e.g. 17:30")
    return value


def build_calendar(schedules: Sequence[str], provisional: bool) -> Calendar:
    cal = _calendar.china(provisional=provisional)
    for path in schedules:
        cal = cal.with_schedule(_calendar.load_schedule(path))
    return cal


# ---------------------------------------------------------------------------- commands
def _deadline(args: argparse.Namespace, out: TextIO) -> int:
    start = parse_start(args.start)
    cal = build_calendar(args.schedule, args.provisional)
    close = parse_close(args.close) if args.close else None
    citation = ""
    if args.period:
        if args.policy or args.category or args.source:
            raise _UsageError("give either --period or --policy/--category/--source, not both")
        period = Period.parse(args.period)
    elif args.policy:
        policy = policies.get(args.policy)
        rule = policy.default_rule(args.category, args.source)
        if rule is None:
            raise _UsageError(
                f"policy {policy.name} gives no default period for category "
                f"{args.category!r} and source {args.source!r}"
                + (f"; categories: {', '.join(policy.categories)}" if policy.categories else "")
                + "; state the deadline with --period"
            )
        period = rule.period
        citation = f"{rule.citation.policy} {rule.citation.clause}「{rule.citation.quote}」"
        if rule.start.name not in ("DISPATCH", "RECEIPT"):
            citation += f" (counted from: {rule.start.value})"
    else:
        raise _UsageError("give --period (e.g. 3个工作日) or --policy NAME")
    deadline = period.deadline(start, cal, close)
    if args.json:
        json.dump(_deadline_json(deadline, citation), out, ensure_ascii=False, indent=2)
        out.write("\n")
    else:
        _print_deadline(deadline, citation, out)
    return EXIT_OK


def _policies(args: argparse.Namespace, out: TextIO) -> int:
    for name in policies.names():
        policy = policies.get(name)
        categories = ", ".join(policy.categories) or "—"
        out.write(f"{name:<18} {policy.title}  [categories: {categories}]\n")
    return EXIT_OK


def _deadline_json(deadline: Deadline, citation: str) -> dict[str, Any]:
    start = deadline.start
    return {
        "period": deadline.period.label,
        "start": start.isoformat(),
        "last_day": deadline.last_day.isoformat(),
        "nominal_last_day": deadline.nominal_last_day.isoformat(),
        "due_at": deadline.due_at.isoformat(),
        "provisional": deadline.provisional,
        "citation": citation,
        "explanation_zh": deadline.explain_zh(),
        "explanation_en": deadline.explain_en(),
    }


def _print_deadline(deadline: Deadline, citation: str, out: TextIO) -> None:
    if citation:
        out.write(f"依据 rule: {citation}\n")
    out.write(f"期限 period: {deadline.period.label} ({deadline.period.label_en})\n")
    out.write(f"末日 last day: {deadline.last_day.isoformat()}\n")
    out.write(f"届满 due at: {deadline.due_at.astimezone(SHANGHAI).isoformat()}\n")
    if deadline.provisional:
        out.write("临时 provisional: yes (a year's holiday schedule is not yet published)\n")
    out.write(deadline.explain() + "\n")


# ---------------------------------------------------------------------------- shared options
def parse_instant(text: str, option: str) -> _dt.datetime:
    """An ISO 8601 datetime **with** an offset (``2026-10-08T09:00+08:00``)."""
    try:
        moment = _dt.datetime.fromisoformat(text)
    except ValueError as exc:
        raise _UsageError(
            f"{option}: expected a datetime with an offset such as 2026-10-08T09:00+08:00, "
            f"got {text!r}"
        ) from exc
    if moment.tzinfo is None or len(text) <= 10:
        raise _UsageError(
            f"{option}: {text!r} has no time of day and zone (需要带时区的时间); "
            f"write e.g. {text[:10]}T09:00+08:00"
        )
    return moment


def _clock(text: str | None, option: str) -> Clock:
    return SystemClock() if text is None else FixedClock(parse_instant(text, option))


def _reader(args: argparse.Namespace) -> Actor:
    """The actor a read happens as (``--actor-role``, ``--actor-id``, ``--actor-unit``)."""
    role = Role(args.actor_role)
    try:
        return Actor.of(args.actor_id, role, unit_id=args.actor_unit)
    except InvalidInput as exc:
        raise _UsageError(
            f"--actor-role {role.value} ({role.label}): {exc}; unit roles need --actor-unit ID"
        ) from exc


def _policy(args: argparse.Namespace) -> Policy:
    """``--policy NAME`` with its ``--param NAME=VALUE`` overrides (policy.with_parameters)."""
    policy = policies.get(args.policy)
    changes: dict[str, object] = {}
    current = policy.parameter_docs()
    for item in args.param:
        name, sep, text = item.partition("=")
        if not sep or name not in current:
            raise _UsageError(
                f"--param: expected NAME=VALUE with NAME one of {', '.join(current)}, "
                f"got {item!r}"
            )
        value = current[name][0]
        if isinstance(value, bool):
            if text not in ("true", "false"):
                raise _UsageError(f"--param {name}: expected true or false, got {text!r}")
            changes[name] = text == "true"
        elif isinstance(value, int):
            try:
                changes[name] = int(text)
            except ValueError as exc:
                raise _UsageError(f"--param {name}: expected a whole number, got {text!r}") from exc
        else:  # text, decimals and named readings are checked by with_parameters
            changes[name] = text
    return policy.with_parameters(**changes) if changes else policy


def _add_reader(p: argparse.ArgumentParser) -> None:
    roles = ", ".join(f"{r.value} ({r.label})" for r in Role)
    p.add_argument(
        "--actor-role", default=DEFAULT_ACTOR_ROLE.value, choices=[r.value for r in Role],
        metavar="ROLE",
        help=f"the role the output is read as (default {DEFAULT_ACTOR_ROLE.value}, "
        f"{DEFAULT_ACTOR_ROLE.label}); one of: {roles}",
    )
    p.add_argument("--actor-id", default="supervision-cli", help="the reader's person id")
    p.add_argument("--actor-unit", help="the reader's unit id (unit roles only)")


def _add_calendar(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--schedule", action="append", default=[], metavar="FILE",
        help="a TOML transcription of a year's holiday notice (repeatable)",
    )
    p.add_argument(
        "--provisional", action="store_true",
        help="count unknown years with weekends and statutory holidays off (no 调休) and mark "
        "the results provisional",
    )


def _add_policy(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--policy", required=True, help="the policy in force (see: supervision policies)"
    )
    p.add_argument(
        "--param", action="append", default=[], metavar="NAME=VALUE",
        help="override a documented policy parameter, e.g. extensions_enabled=true (repeatable)",
    )


# ---------------------------------------------------------------------------- the database
def _storage_error(error: Exception, operation: str) -> StorageError:
    """A SQLAlchemy error raised outside the adapter's own translation (connecting, reading
    the schema revision) as the library's exception: connection problems are retryable."""
    import sqlalchemy as sa

    reason = str(getattr(error, "orig", None) or error).strip().splitlines()
    text = reason[0] if reason else type(error).__name__
    if isinstance(error, sa.exc.OperationalError | sa.exc.InterfaceError
                  | sa.exc.DisconnectionError):
        return StorageUnavailable(operation, text)
    return StorageError(operation, text)


def _url(text: str) -> sa.URL:
    try:
        import sqlalchemy as sa

        import supervision.adapters.sqlalchemy  # noqa: F401  (the sql extra is installed)
    except ImportError as exc:
        raise SupervisionError(
            f"the database commands need the sql extra (缺少可选依赖): "
            f"pip install 'supervision-duban[sql]' ({exc})"
        ) from exc
    try:
        url = sa.make_url(text)
    except sa.exc.ArgumentError as exc:
        raise _UsageError(
            "--db: expected a database URL such as sqlite:///var/supervision.db or "
            f"postgresql+psycopg://app@db.internal/supervision, got {text!r}"
        ) from exc
    backend = url.get_backend_name()
    if backend not in ("sqlite", "postgresql"):
        raise _UsageError(f"--db: a sqlite:/// or postgresql+psycopg:// URL, got {backend}://")
    if backend == "sqlite":
        if url.database in (None, "", ":memory:"):
            raise _UsageError("--db: a SQLite database file, e.g. sqlite:///var/supervision.db")
        folder = Path(url.database).parent
        if not folder.is_dir():
            raise _UsageError(f"--db: the folder {folder} does not exist")
    return url


@contextlib.contextmanager
def _database(text: str) -> Iterator[sa.Engine]:
    """An engine on a database migrated to the newest revision; disposed afterwards."""
    import sqlalchemy as sa

    from supervision.adapters.sqlalchemy import create_engine, current_revision, head_revision

    url = _url(text)
    shown = url.render_as_string(hide_password=True)
    if url.get_backend_name() == "sqlite" and not Path(str(url.database)).exists():
        raise SupervisionError(
            f"no database at {shown} (数据库不存在): create it with: supervision db upgrade {shown}"
        )
    engine = create_engine(url)
    try:
        try:
            revision = current_revision(engine)
        except sa.exc.SQLAlchemyError as exc:
            raise _storage_error(exc, f"connecting to {shown}") from exc
        head = head_revision()
        if revision != head:
            raise SupervisionError(
                f"the database {shown} is at revision {revision or 'none (empty)'}, this version "
                f"needs {head} (数据库未迁移): run: supervision db upgrade {shown}"
            )
        yield engine
    finally:
        engine.dispose()


def _db_upgrade(args: argparse.Namespace, out: TextIO) -> int:
    import sqlalchemy as sa

    from supervision.adapters.sqlalchemy import (
        create_engine,
        current_revision,
        head_revision,
        upgrade,
    )

    url = _url(args.url)
    shown = url.render_as_string(hide_password=True)
    engine = create_engine(url)
    try:
        try:
            before = current_revision(engine)
        except sa.exc.SQLAlchemyError as exc:
            raise _storage_error(exc, f"connecting to {shown}") from exc
        upgrade(engine)
        after = current_revision(engine)
    finally:
        engine.dispose()
    if before == after:
        out.write(f"数据库已是最新 up to date: {shown} at revision {after}\n")
    else:
        out.write(
            f"数据库已迁移 migrated: {shown} from {before or 'empty'} to {after} "
            f"(newest {head_revision()})\n"
        )
    return EXIT_OK


class _Progress:
    """Pages committed so far, on stderr: one updating line on a terminal, else a line a
    page (cron mails, journald)."""

    def __init__(self, stream: TextIO, pages: int) -> None:
        self.stream = stream
        self.pages = pages
        self.done = 0
        self.tty = bool(getattr(stream, "isatty", lambda: False)())

    def step(self) -> None:
        self.done += 1
        line = f"巡检进度 progress: {self.done}/{self.pages} 批 pages"
        if self.tty:
            self.stream.write("\r" + line)
        else:
            self.stream.write(line + "\n")
        self.stream.flush()

    def finish(self) -> None:
        if self.tty and self.done:
            self.stream.write("\n")


class _ReportingUnitOfWork:
    """A unit of work that reports each commit (one per page of the sweep) to a progress
    indicator; everything else is the wrapped unit of work's."""

    def __init__(self, inner: UnitOfWork, progress: _Progress | None) -> None:
        self._inner = inner
        self._progress = progress

    @property
    def matters(self) -> MatterRepository:
        return self._inner.matters

    @property
    def units(self) -> UnitRepository:
        return self._inner.units

    @property
    def events(self) -> EventRepository:
        return self._inner.events

    @property
    def numbers(self) -> NumberSequences:
        return self._inner.numbers

    @property
    def escalations(self) -> EscalationRepository:
        return self._inner.escalations

    @property
    def scores(self) -> ScoreEntryRepository:
        return self._inner.scores

    def __enter__(self) -> Self:
        self._inner.__enter__()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._inner.__exit__(exc_type, exc, tb)

    def commit(self) -> None:
        self._inner.commit()
        if self._progress is not None:
            self._progress.step()

    def rollback(self) -> None:
        self._inner.rollback()


def _visible(uow: UnitOfWork, reader: Actor, ids: Sequence[str]) -> dict[str, Matter]:
    """The matters among ``ids`` the reader may see (the others are left out)."""
    from supervision.service_layer.queries import get_matter

    found: dict[str, Matter] = {}
    for matter_id in dict.fromkeys(ids):
        try:
            found[matter_id] = get_matter(uow, reader, matter_id)
        except MatterNotFound:
            continue
    return found


def _when(moment: _dt.datetime) -> str:
    local = moment.astimezone(SHANGHAI)
    return f"{cn_date(local.date())} {local:%H:%M} (Asia/Shanghai)"


def _sweep(args: argparse.Namespace, out: TextIO) -> int:
    from supervision.adapters.sqlalchemy import SqlAlchemyUnitOfWork
    from supervision.service_layer import sweep as sweeping

    policy = _policy(args)
    cal = build_calendar(args.schedule, args.provisional)
    reader = _reader(args)
    clock = _clock(args.at, "--at")
    if args.batch_size < 1 or args.batch_size > 10_000:
        raise _UsageError(f"--batch-size: a whole number from 1 to 10000, got {args.batch_size}")

    with _database(args.db) as engine:
        # Size the progress indicator by what is due (the same index the sweep reads), so
        # counting costs what the sweep costs, not what is stored.
        due = _count_due(SqlAlchemyUnitOfWork(engine), clock.now())
        progress = None
        if due > args.batch_size and not args.quiet:
            progress = _Progress(sys.stderr, math.ceil(due / args.batch_size))
        uow = _ReportingUnitOfWork(SqlAlchemyUnitOfWork(engine), progress)
        try:
            summary = sweeping.sweep(uow, clock, policy, cal, batch_size=args.batch_size)
        finally:
            if progress is not None:
                progress.finish()
        _print_sweep(summary, policy, reader, SqlAlchemyUnitOfWork(engine), out)
    return EXIT_OK


def _count_due(uow: UnitOfWork, now: _dt.datetime, page: int = 10_000) -> int:
    """How many matters the sweep at ``now`` will evaluate (their wake is due or unknown)."""
    count = 0
    after: tuple[_dt.datetime, str] | None = None
    with uow:
        while True:
            keys = uow.matters.wake_due(before=now, after=after, limit=page)
            count += len(keys)
            if len(keys) < page:
                return count
            after = keys[-1]


def _print_sweep(
    summary: SweepSummary, policy: Policy, reader: Actor, uow: UnitOfWork, out: TextIO
) -> None:
    with uow:
        names = {u.id: u.name for u in uow.units.list()}
    ids = [e.matter_id for e in summary.escalations]
    ids += [m for entry in summary.score_entries for m in entry.matter_ids]
    seen = _visible(uow, reader, ids)
    out.write(f"督查巡检 sweep — {policy.name} {policy.title}\n")
    out.write(f"巡检时间 at: {_when(summary.now)}\n")
    out.write(
        f"检查事项 matters evaluated: {summary.matters_evaluated}"
        f"（承办单位 units: {summary.units_evaluated}，批次 pages: {summary.batches}）\n"
    )
    out.write(f"新增督办措施 new escalations: {len(summary.escalations)}\n")
    hidden = 0
    for escalation in summary.escalations:
        matter = seen.get(escalation.matter_id)
        if matter is None:
            hidden += 1
            continue
        unit = names.get(escalation.unit_id or "", "督查机构 office")
        flag = "（临时期限 provisional）" if escalation.provisional else ""
        out.write(
            f"  {matter.number}  {matter.display_title}  {unit}  {escalation.label}{flag}"
            f"  [{escalation.citation.key}]\n"
        )
    out.write(f"新增考核记录 new score entries: {len(summary.score_entries)}\n")
    for entry in summary.score_entries:
        if entry.matter_ids and not all(m in seen for m in entry.matter_ids):
            hidden += 1
            continue
        out.write(
            f"  {names.get(entry.unit_id, entry.unit_id)}  {entry.points:+}  {entry.reason}"
            f"  [{entry.citation.key}]\n"
        )
    if hidden:
        out.write(
            f"  另有 {hidden} 项涉及您无权查看的事项 ({hidden} more on matters "
            f"{reader.person_id} may not see)\n"
        )
    if summary.proposals:
        out.write(f"待领导决定的处理建议 proposals awaiting a decision: {len(summary.proposals)}\n")
    if summary.held:
        out.write(f"待认定情况说明暂缓 held for an explanation's decision: {len(summary.held)}\n")
    for finding in summary.findings:
        out.write(f"提示 finding [{finding.code}]: {finding.message}\n")


def _recompute(args: argparse.Namespace, out: TextIO) -> int:
    from supervision.adapters.sqlalchemy import SqlAlchemyUnitOfWork
    from supervision.service_layer import sweep as sweeping

    policy = _policy(args)
    cal = build_calendar(args.schedule, args.provisional)
    reader = _reader(args)
    clock = _clock(args.at, "--at")
    with _database(args.db) as engine:
        summary = sweeping.recompute_deadlines(SqlAlchemyUnitOfWork(engine), clock, policy, cal)
        seen = _visible(SqlAlchemyUnitOfWork(engine), reader, [m.matter_id for m in summary.moved])
    out.write(f"重新计算期限 recompute — {policy.name}，{_when(summary.now)}\n")
    out.write(f"在办事项 open matters: {summary.matters_evaluated}，"
              f"期限变动 moved: {len(summary.moved)}\n")
    hidden = 0
    for move in summary.moved:
        matter = seen.get(move.matter_id)
        if matter is None:
            hidden += 1
            continue
        before = "临时" if move.provisional_before else "确定"
        after = "临时" if move.provisional_after else "确定"
        out.write(f"  {matter.number}  {matter.display_title}  {cn_date(move.previous_day)}"
                  f"（{before}）→ {cn_date(move.new_day)}（{after}）\n")
    if hidden:
        out.write(f"  另有 {hidden} 项涉及您无权查看的事项 ({hidden} more not shown)\n")
    return EXIT_OK


def _ledger(args: argparse.Namespace, out: TextIO) -> int:
    from supervision.adapters.sqlalchemy import SqlAlchemyUnitOfWork
    from supervision.ledger import Standing, ledger_entries, write_csv, write_xlsx

    cal = build_calendar(args.schedule, args.provisional)
    reader = _reader(args)
    as_of = _clock(args.as_of, "--as-of").now()
    if args.xlsx is None and args.csv is None:
        raise _UsageError("give --xlsx FILE and/or --csv FILE")
    for target in (args.xlsx, args.csv):
        if target is not None and not Path(target).resolve().parent.is_dir():
            raise _UsageError(f"the folder of {target} does not exist")
    with _database(args.db) as engine:
        entries = ledger_entries(SqlAlchemyUnitOfWork(engine), reader, as_of, cal)
    day = as_of.astimezone(SHANGHAI).date()
    if args.xlsx is not None:
        write_xlsx(entries, args.xlsx, title=f"督办事项台账（截至{cn_date(day)}）")
    if args.csv is not None:
        write_csv(entries, args.csv)
    out.write(f"督办事项台账 ledger — 截至 as of {_when(as_of)}，"
              f"读者 reader: {reader.person_id} ({'、'.join(r.label for r in reader.roles)})\n")
    for entry in entries:
        row = entry.row
        due = "" if row.due_day is None else cn_date(row.due_day)
        out.write(
            f"{entry.index:>3}  {row.number}  {row.title}  {row.lead_unit}  {due}  "
            f"{row.status.label}  {entry.standing.label}\n"
        )
    counts = {s: sum(1 for e in entries if e.standing is s) for s in Standing}
    out.write(
        f"共 {len(entries)} 项 rows: "
        + "，".join(f"{s.label} {n}" for s, n in counts.items() if n)
        + "\n"
    )
    for target in (args.xlsx, args.csv):
        if target is not None:
            out.write(f"已写入 written: {target}\n")
    return EXIT_OK


def _scorecard(args: argparse.Namespace, out: TextIO) -> int:
    from supervision.adapters.sqlalchemy import SqlAlchemyUnitOfWork
    from supervision.domain.scorecard import ScorePeriod
    from supervision.service_layer import sweep as sweeping

    policy = _policy(args)
    cal = build_calendar(args.schedule, args.provisional)
    reader = _reader(args)
    clock = _clock(args.at, "--at")
    period = ScorePeriod.parse(args.period)
    if args.xlsx is not None and not Path(args.xlsx).resolve().parent.is_dir():
        raise _UsageError(f"the folder of {args.xlsx} does not exist")
    with _database(args.db) as engine:
        cards = sweeping.scorecard(SqlAlchemyUnitOfWork(engine), clock, policy, cal, period)
        uow = SqlAlchemyUnitOfWork(engine)
        with uow:
            units = uow.units.list()
        ids = [m for card in cards for entry in card.entries for m in entry.matter_ids]
        seen = _visible(SqlAlchemyUnitOfWork(engine), reader, ids)
    out.write(f"{period.label}督查督办考核情况 scorecard — {policy.name} {policy.title}\n")
    out.write(f"统计时间 as of: {_when(clock.now())}\n")
    _print_cards(cards, seen, out)
    if args.xlsx is not None:
        _write_scorecard_xlsx(cards, seen, reader, units, policy, period, clock, args.xlsx)
        out.write(f"已写入 written: {args.xlsx}\n")
    return EXIT_OK


def _rate(value: Decimal | None) -> str:
    return "—" if value is None else f"{value}%"


def _print_cards(cards: Sequence[Scorecard], seen: dict[str, Matter], out: TextIO) -> None:
    out.write(
        "名次  单位  督办事项  按期办结  逾期办结  逾期未办结  按期办结率  催办  退回  通报"
        "  得分  等次\n"
    )
    for c in cards:
        grade = c.grade or ""
        score = f"{c.points:+}" if c.composite is None else f"{c.composite}"
        out.write(
            f"{c.rank:>3}  {c.unit_name}  {c.assigned}  {c.completed_on_time}  "
            f"{c.completed_late}  {c.open_overdue}  {_rate(c.on_time_rate)}  {c.reminders}  "
            f"{c.returns}  {c.bulletins}  {score}  {grade}\n"
        )
    lines = [
        (c.unit_name, entry)
        for c in cards for entry in c.entries
        if all(m in seen for m in entry.matter_ids)
    ]
    hidden = sum(len(c.entries) for c in cards) - len(lines)
    if lines:
        out.write("考核记录 score entries:\n")
    for unit, entry in lines:
        numbers = "、".join(str(seen[m].number) for m in entry.matter_ids)
        out.write(
            f"  {unit}  {entry.points:+}  {entry.reason}  {numbers}  [{entry.citation.key}]\n"
        )
    if hidden:
        out.write(f"  另有 {hidden} 条记录涉及您无权查看的事项 ({hidden} more not shown)\n")


def _write_scorecard_xlsx(
    cards: Sequence[Scorecard],
    seen: dict[str, Matter],
    reader: Actor,
    units: Sequence[Unit],
    policy: Policy,
    period: Any,
    clock: Clock,
    target: str,
) -> None:
    from supervision.documents import Assessment, AssessmentRow, Deduction
    from supervision.domain.model import RegistrationNumber
    from supervision.ledger import write_assessment_xlsx

    rows = []
    for card in cards:
        reversed_keys = {e.compensates for e in card.entries if e.compensates}
        deductions = [
            Deduction.of(seen[entry.matter_ids[0]], -entry.points, entry.reason)
            for entry in card.entries
            if entry.points < 0 and entry.key not in reversed_keys
            and len(entry.matter_ids) == 1 and entry.matter_ids[0] in seen
            and can_view(reader, seen[entry.matter_ids[0]])
        ]
        score = card.points if card.composite is None else card.composite
        rows.append(AssessmentRow.of(
            card.unit_id, card.assigned, card.completed_on_time, score,
            grade=card.grade or "", deductions=deductions,
        ))
    day = clock.now().astimezone(SHANGHAI).date()
    number = RegistrationNumber.of(f"{policy.numbering_prefix}考", day.year, 1)
    assessment = Assessment.of(period.label, day, number, rows)
    write_assessment_xlsx(reader, assessment, units, target)


def _examples() -> Path:
    """The example scripts: a source checkout's ``examples/``, else the copy the wheel
    installs under ``<prefix>/share/supervision/examples``."""
    checkout = Path(__file__).resolve().parents[2] / "examples"
    installed = Path(sys.prefix) / "share" / "supervision" / "examples"
    return checkout if (checkout / DEMO_EXAMPLE).is_file() else installed


def _demo(args: argparse.Namespace, out: TextIO) -> int:
    import runpy

    script = _examples() / DEMO_EXAMPLE
    if not script.is_file():
        raise SupervisionError(
            f"supervision demo runs examples/{DEMO_EXAMPLE}, which is neither in a source "
            f"checkout nor installed at {script} (演示脚本不存在): reinstall the package, or "
            f"clone the repository and run python examples/{DEMO_EXAMPLE}"
        )
    folder = args.out
    with contextlib.ExitStack() as stack:
        if folder is None:
            folder = stack.enter_context(tempfile.TemporaryDirectory(prefix="supervision-demo-"))
        Path(folder).mkdir(parents=True, exist_ok=True)
        sys.path.insert(0, str(script.parent))
        stack.callback(sys.path.remove, str(script.parent))
        namespace = runpy.run_path(str(script), run_name="supervision_demo")
        run: Callable[[Path], None] = namespace["main"]
        with contextlib.redirect_stdout(out):
            run(Path(folder))
        if args.out is None:
            out.write("(演示数据在临时目录中，已删除；用 --out DIR 保留台账和数据库文件)\n")
    return EXIT_OK


# ---------------------------------------------------------------------------- main
def _parser() -> _Parser:
    parser = _Parser(prog="supervision", description="督查督办 — supervision of assigned matters")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    p = sub.add_parser("deadline", help="compute and explain a deadline (期限计算)")
    p.add_argument("start", help="start: 2026-09-30, or 2026-09-30T16:30+08:00 (any offset)")
    p.add_argument("--period", help="as written: 3个工作日, 15日, 1个月, 1小时, 次日, 当日")
    p.add_argument("--policy", help="a policy name (see: supervision policies); its default period")
    p.add_argument("--category", help="the policy's category, e.g. important (chizhou-2021)")
    p.add_argument("--source", help="the matter's source, e.g. leader_instruction, document")
    p.add_argument("--close", help="the office's closing time, e.g. 17:30 (default: 24:00)")
    p.add_argument(
        "--schedule", action="append", default=[], metavar="FILE",
        help="a TOML transcription of a year's holiday notice (repeatable)",
    )
    p.add_argument(
        "--provisional", action="store_true",
        help="count unknown years with weekends and statutory holidays off (no 调休) and mark "
        "the result provisional",
    )
    p.add_argument("--json", action="store_true", help="print JSON instead of text")
    p.set_defaults(handler=_deadline)
    p = sub.add_parser("policies", help="list the registered policies (督查督办制度)")
    p.set_defaults(handler=_policies)

    db = sub.add_parser("db", help="the database's schema (数据库)")
    db_sub = db.add_subparsers(dest="db_command", required=True, parser_class=_Parser)
    p = db_sub.add_parser("upgrade", help="create or migrate the schema (packaged migrations)")
    p.add_argument("url", metavar="URL",
                   help="sqlite:///var/supervision.db or postgresql+psycopg://app@host/db")
    p.set_defaults(handler=_db_upgrade)

    p = sub.add_parser("sweep", help="the daily sweep (督查巡检), for cron; idempotent")
    p.add_argument("--db", required=True, metavar="URL", help="the database URL")
    _add_policy(p)
    p.add_argument("--at", metavar="TIME",
                   help="sweep as of this instant, e.g. 2026-10-08T09:00+08:00 (default: now)")
    p.add_argument("--batch-size", type=int, default=200, metavar="N",
                   help="matters per unit of work (default 200)")
    p.add_argument("--quiet", action="store_true", help="no progress indicator on stderr")
    _add_calendar(p)
    _add_reader(p)
    p.set_defaults(handler=_sweep)

    p = sub.add_parser(
        "recompute",
        help="re-derive open matters' deadlines (e.g. after --schedule supplies a new year)",
    )
    p.add_argument("--db", required=True, metavar="URL", help="the database URL")
    _add_policy(p)
    p.add_argument("--at", metavar="TIME", help="record the change at this instant (default: now)")
    _add_calendar(p)
    _add_reader(p)
    p.set_defaults(handler=_recompute)

    p = sub.add_parser("ledger", help="the ledger (台账) as .xlsx and/or CSV")
    p.add_argument("--db", required=True, metavar="URL", help="the database URL")
    p.add_argument("--xlsx", metavar="FILE", help="write the .xlsx ledger here")
    p.add_argument("--csv", metavar="FILE", help="write UTF-8 CSV (with BOM) here")
    p.add_argument("--as-of", metavar="TIME",
                   help="the ledger's instant, e.g. 2026-10-08T17:00+08:00 (default: now)")
    _add_calendar(p)
    _add_reader(p)
    p.set_defaults(handler=_ledger)

    p = sub.add_parser("scorecard", help="each unit's results for a period (考核情况)")
    p.add_argument("--db", required=True, metavar="URL", help="the database URL")
    _add_policy(p)
    p.add_argument("--period", required=True, help="2026, 2026-H1 or 2026-H2")
    p.add_argument("--xlsx", metavar="FILE", help="write the assessment .xlsx here")
    p.add_argument("--at", metavar="TIME", help="as of this instant (default: now)")
    _add_calendar(p)
    _add_reader(p)
    p.set_defaults(handler=_scorecard)

    p = sub.add_parser("demo", help=f"a quarter of a supervision office (examples/{DEMO_EXAMPLE})")
    p.add_argument("--out", metavar="DIR",
                   help="keep the database and the .xlsx files here (default: a temp folder)")
    p.set_defaults(handler=_demo)
    return parser


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    """Run the command line; returns the exit code (see the module docstring)."""
    stream = out if out is not None else sys.stdout
    err = sys.stderr
    try:
        args = _parser().parse_args(argv)
        handler: Callable[[argparse.Namespace, TextIO], int] = args.handler
        return handler(args, stream)
    except (_UsageError, InvalidInput, UnknownPolicy) as exc:
        err.write(f"supervision: {exc}\n")
        return EXIT_USAGE
    except CalendarDataUnavailable as exc:
        err.write(f"supervision: {exc}\n")
        return EXIT_CALENDAR
    except StorageError as exc:
        err.write(f"supervision: {exc}\n")
        return EXIT_DATABASE if exc.retryable else EXIT_ERROR
    except SupervisionError as exc:
        err.write(f"supervision: {exc}\n")
        return EXIT_ERROR
