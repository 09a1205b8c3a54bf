"""What the office prints and files, as of an instant: ``ledger`` (台账: text, .xlsx, CSV,
the figures CSV), ``scorecard`` (考核情况: text, .xlsx) and ``report --html`` (the self-contained
HTML report). Each reads the library's one set of figures (docs/statistics.md) through the
composition root, shows only what the reading actor may see and states the instant, the
office and the policy it covers."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from supervision.cli._errors import UsageError
from supervision.cli._parser import Commands, add_at
from supervision.cli._session import Result, Session

if TYPE_CHECKING:
    from pathlib import Path

    from supervision.domain.scorecard import ScorePeriod

__all__ = ["add", "parse_period_key"]

_PERIOD_HELP = ("2026 (2026年度), 2026-H1 (2026年上半年), 2026-Q3 (2026年第三季度) or 2026-09 "
                "(2026年9月)")


def add(commands: Commands) -> None:
    p = commands.add("ledger", "the ledger (督办事项台账) as of an instant: text, .xlsx, CSV",
                     _ledger)
    p.add_argument("--xlsx", metavar="FILE", help="also write the print-ready .xlsx here")
    p.add_argument("--csv", metavar="FILE", help="also write UTF-8 CSV (with BOM) here")
    p.add_argument("--statistics-csv", metavar="FILE",
                   help="also write the figures per unit and the office total as CSV here")
    p.add_argument("--period", metavar="PERIOD",
                   help=f"the period the figures cover: {_PERIOD_HELP} (default: every matter "
                        "dispatched by the instant)")
    add_at(p, "the ledger's instant")
    p = commands.add("scorecard", "each unit's results for a period (考核情况)", _scorecard)
    p.add_argument("--period", required=True, metavar="PERIOD", help=_PERIOD_HELP)
    p.add_argument("--xlsx", metavar="FILE", help="also write the assessment .xlsx here")
    add_at(p, "the scorecard's instant")
    add_report(commands)


def add_report(commands: Commands) -> None:
    """``report --html FILE``: the HTML report, beside ``report progress`` and the others."""
    p = commands.parser("report")
    p.add_argument("--html", metavar="FILE",
                   help="write the office's self-contained HTML report (督查督办情况报告) here")
    p.add_argument("--period", metavar="PERIOD",
                   help=f"the report's period: {_PERIOD_HELP} (default: the assessment period "
                        "containing the instant)")
    add_at(p, "the report's instant")
    default = p.get_default("handler")

    def handler(session: Session) -> Result:
        if getattr(session.args, "html", None) is None:
            return default(session)  # type: ignore[no-any-return]
        return _report_html(session)

    p.set_defaults(handler=handler, command="report --html")


def _target(path: str | None, option: str) -> Path | None:
    if path is None:
        return None
    from pathlib import Path

    target = Path(path)
    if not target.resolve().parent.is_dir():
        raise UsageError(f"{option}: the folder of {path} does not exist")
    if target.is_dir():
        raise UsageError(f"{option}: {path} is a folder; give a file name")
    return target


def parse_period_key(text: str) -> ScorePeriod:
    """A period as ``ScorePeriod.parse`` reads it: 2026, 2026-H1, 2026-Q3, 2026-09, or the
    Chinese forms 2026年度, 2026年上半年, 2026年第三季度, 2026年9月."""
    from supervision.domain.scorecard import ScorePeriod

    return ScorePeriod.parse(text)


def _period(args: Any) -> ScorePeriod | None:
    given = getattr(args, "period", None)
    return None if given is None else parse_period_key(given)


# ----------------------------------------------------------------------------- ledger
def _ledger(session: Session) -> Result:
    from supervision.ledger import (
        ledger_json,
        ledger_text,
        write_csv,
        write_statistics_csv,
        write_xlsx,
    )

    args = session.args
    xlsx, csv = _target(args.xlsx, "--xlsx"), _target(args.csv, "--csv")
    figures = _target(args.statistics_csv, "--statistics-csv")
    period = _period(args)
    app = session.app()
    ledger = app.read_ledger(session.actor(), as_of=session.instant(), period=period)
    written: list[str] = []
    if xlsx is not None:
        write_xlsx(ledger, xlsx)
        written.append(str(xlsx))
    if csv is not None:
        write_csv(ledger, csv)
        written.append(str(csv))
    if figures is not None:
        write_statistics_csv(ledger, figures)
        written.append(str(figures))
    data = dict(ledger_json(ledger))
    data["written"] = written
    text = ledger_text(ledger) + "".join(f"\n已写入 written: {w}" for w in written)
    return Result(data, text)


# -------------------------------------------------------------------------- scorecard
def _scorecard(session: Session) -> Result:
    from supervision.ledger import scorecard_json, scorecard_text, write_scorecard_xlsx

    args = session.args
    period = parse_period_key(args.period)
    xlsx = _target(args.xlsx, "--xlsx")
    app = session.app()
    report = app.score_report(session.actor(), period, as_of=session.instant())
    written: list[str] = []
    if xlsx is not None:
        write_scorecard_xlsx(report, xlsx)
        written.append(str(xlsx))
    data = dict(scorecard_json(report))
    data["written"] = written
    text = scorecard_text(report) + "".join(f"\n已写入 written: {w}" for w in written)
    return Result(data, text)


# ----------------------------------------------------------------------------- report
def _report_html(session: Session) -> Result:
    from supervision.report import write_html

    args = session.args
    target = _target(args.html, "--html")
    assert target is not None
    app = session.app()
    model = app.report(session.actor(), as_of=session.instant(), period=_period(args))
    path = write_html(model, target)
    data = {"written": [str(path)], "office": model.office_name,
            "as_of": session.instant().isoformat(), "matters": len(model.matters)}
    text = f"督查督办情况报告 HTML report — {model.office_name}\n已写入 written: {path}"
    return Result(data, text)
