"""Type-checked, never run: the one set of figures through the composition root — statistics,
ledger, scorecard and report as of an instant the caller gives."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

from supervision import SHANGHAI, Actor, Role, Supervision
from supervision.domain.scorecard import ScorePeriod
from supervision.domain.statistics import Figures, Light, LightChange, MatterStanding, Rate
from supervision.ledger import (
    Ledger,
    ledger_json,
    ledger_text,
    scorecard_json,
    scorecard_text,
    statistics_json,
    write_scorecard_xlsx,
    write_statistics_csv,
    write_xlsx,
)
from supervision.report import ReportModel, write_html
from supervision.service_layer.reporting import OfficeStatistics, ScoreReport


def quarter_end(app: Supervision, out: Path) -> None:
    clerk = Actor.of("clerk-1", Role.OFFICE_CLERK, office_id="daoli")
    as_of = dt.datetime(2026, 12, 20, 17, tzinfo=SHANGHAI)
    period = ScorePeriod.parse("2026-H2")
    stats: OfficeStatistics = app.statistics(clerk, as_of=as_of, period=period)
    figures: Figures = stats.unit("econ")
    rate: Rate = figures.on_time_rate
    percent: Decimal | None = rate.percent
    standings: tuple[MatterStanding, ...] = stats.standings
    light: Light = standings[0].light
    ledger: Ledger = app.read_ledger(clerk, as_of=as_of, period=period)
    history: tuple[LightChange, ...] = ledger.entries[0].history
    write_xlsx(ledger, out / "台账.xlsx")
    write_statistics_csv(stats, out / "统计.csv")
    report: ScoreReport = app.score_report(clerk, period, as_of=as_of)
    write_scorecard_xlsx(report, out / "考核结果.xlsx")
    documents: list[dict[str, Any]] = [statistics_json(stats), ledger_json(ledger),
                                       scorecard_json(report)]
    texts: list[str] = [ledger_text(ledger), scorecard_text(report)]
    model: ReportModel = app.report(clerk, as_of=as_of)
    written: Path = write_html(model, out / "report.html")
    print(figures, percent, light, history, documents, texts, written)


def misuse(app: Supervision, clerk: Actor) -> None:
    app.report(clerk)  # type: ignore[call-arg]
    app.statistics(clerk, as_of="2026-12-20")  # type: ignore[arg-type]
    app.score_report(clerk, "2026", as_of=dt.datetime(2026, 1, 1, tzinfo=SHANGHAI))  # type: ignore[arg-type]
