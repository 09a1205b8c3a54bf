"""The periodic assessment (考核结果) as .xlsx, text and JSON.

From a :class:`~supervision.service_layer.reporting.ScoreReport` (the scorecards of one office,
the one set of figures, docs/statistics.md): :func:`write_scorecard_xlsx` (sheet 考核结果 with
every column the text has — the figures, 催办, 退回, 通报, the points by clause, the grade — and
sheet 扣分明细 with every score entry, its clause and its matters, and, where the policy grades,
each criterion's lost points and the matters that cost them), :func:`scorecard_text` and
:func:`scorecard_json`. Each names the office, the period, the policy, the as-of instant and
the basis. A matter the reader may not see is never named (its points stay: the figure is the
office's, ``daoli-2017 art.23``).

:func:`write_assessment_xlsx` writes a published result's explicit rows
(:class:`supervision.documents.Assessment`) instead, so the same input gives the document and
the spreadsheet; its figures are whatever the caller put in the rows.
"""

from __future__ import annotations

import datetime as _dt
import os
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import IO, Any

from supervision._xlsx import CellValue, Row, RowLike, Style, Workbook, write_workbook
from supervision.calendar import SHANGHAI
from supervision.clock import require_aware
from supervision.documents import Assessment
from supervision.domain.actors import Actor
from supervision.domain.model import Unit
from supervision.domain.permissions import can_view
from supervision.domain.scorecard import Scorecard
from supervision.exceptions import InvalidInput, UnitNotFound
from supervision.ledger._export import _table, _title_line, _Widths
from supervision.ledger._figures import (
    FIGURE_COLUMNS,
    figure_texts,
    figure_values,
    figures_json,
    plain,
    signed,
)
from supervision.service_layer.reporting import ScoreReport
from supervision.text import cn_datetime

__all__ = [
    "DEDUCTIONS_SHEET",
    "DETAIL_HEADERS",
    "SCORECARD_HEADERS",
    "SCORE_HEADERS",
    "SCORE_SHEET",
    "scorecard_json",
    "scorecard_text",
    "write_assessment_xlsx",
    "write_scorecard_xlsx",
]

SCORE_SHEET = "考核结果"
DEDUCTIONS_SHEET = "扣分明细"
#: The result sheet's columns for a published result's explicit rows.
SCORE_HEADERS: tuple[str, ...] = (
    "序号", "单位", "督办事项数", "按期办结数", "按期办结率", "得分", "等次",
)
_DEDUCTION_HEADERS = ("单位", "事项编号", "督办事项", "扣分", "原因")
#: The scorecard's fixed columns (the clauses' columns follow, one per clause scored):
#: rank, unit, the figures of docs/statistics.md, then what only the assessment has.
SCORECARD_HEADERS: tuple[str, ...] = (
    "名次", "单位", *(label for _key, label in FIGURE_COLUMNS),
    "问责建议", "问责建议采纳", "通报表扬", "扣分合计", "加分合计", "综合得分", "等次",
)
#: 扣分明细's columns.
DETAIL_HEADERS: tuple[str, ...] = (
    "单位", "分值", "类别", "原因", "依据条款", "涉及事项", "发生时间", "记录时间", "说明",
)
_HIDDEN = "（涉及阅读人无权查看的事项，不列明）"


def _check(report: object) -> ScoreReport:
    if not isinstance(report, ScoreReport):
        raise InvalidInput("report", "a ScoreReport (score_report(...))", report)
    return report


def _clause_keys(report: ScoreReport) -> list[str]:
    """Every clause scored in the report, in the order first met."""
    keys: dict[str, None] = {}
    for card in report.cards:
        for entry in card.entries:
            keys.setdefault(entry.citation.key, None)
    return list(keys)


def _by_clause(card: Scorecard, key: str) -> Decimal:
    return sum((e.points for e in card.entries if e.citation.key == key), Decimal(0))


def _numbers(report: ScoreReport, matter_ids: Iterable[str]) -> str:
    return "、".join(report.numbers[m] for m in matter_ids if m in report.numbers)


def _when(report: ScoreReport) -> str:
    return cn_datetime(report.as_of.astimezone(SHANGHAI)) + "（北京时间）"


def _about(report: ScoreReport) -> list[tuple[str, str]]:
    return [
        ("督查机构", report.office_name),
        ("适用制度", f"《{report.policy_title}》"),
        ("考核期间", report.period.label),
        ("数据截至", _when(report)),
        ("统计口径", report.basis),
        ("阅读人", report.reader),
    ]


def _card_tail(card: Scorecard) -> list[Any]:
    return [card.proposals, card.proposals_accepted, card.commendations, card.deductions,
            card.bonuses, card.composite, card.grade or ""]


def _detail_rows(report: ScoreReport) -> list[list[Any]]:
    """扣分明细: every entry with its clause and matters, then the grade's lost points (the
    points as a Decimal, the rest as text)."""
    rows: list[list[Any]] = []
    for card in report.cards:
        for entry in card.entries:
            numbers = _numbers(report, entry.matter_ids)
            hidden = entry.key in report.limited
            note = "冲正（异议成立）" if entry.is_reversal else ""
            rows.append([
                card.unit_name, entry.points, entry.basis.value, entry.reason,
                report.cite(entry.citation.key),
                "；".join(x for x in (numbers, _HIDDEN if hidden else "") if x),
                cn_datetime(entry.occurred_at.astimezone(SHANGHAI)),
                cn_datetime(entry.recorded_at.astimezone(SHANGHAI)), note,
            ])
        for part in card.components:
            if part.lost <= 0:
                continue
            share = "—" if part.rate is None else part.rate.full_text
            numbers = _numbers(report, part.matter_ids)
            rows.append([
                card.unit_name, -part.lost, "等次评定", f"{part.label}：{share}，"
                f"权重{part.weight}%，得{plain(part.earned)}分", report.grading_clause,
                numbers or (_HIDDEN if part.matter_ids else ""), "", "",
                f"综合得分{plain(card.composite)}（{card.grade or '—'}）",
            ])
    return rows


def write_scorecard_xlsx(report: ScoreReport, target: str | os.PathLike[str] | IO[bytes]) -> None:
    """Write the assessment as .xlsx (core: no extra).

    Sheet 考核结果: one row per unit in rank order with :data:`SCORECARD_HEADERS` — the
    figures (the on-time rate as a percentage, with its numerator and denominator), the
    proposals, commendations, deductions, bonuses, composite score and grade — then one column
    per clause scored with the unit's net points under it; below the table, the office,
    policy, period, as-of instant and basis. Sheet 扣分明细: every score entry (points, basis,
    reason, the clause in Chinese, the matters' numbers the reader may see, when it occurred
    and was recorded), and where the policy grades each criterion's lost points with the
    matters that cost them. Both sheets: a title line naming office, period, instant and
    policy, bold frozen headers repeated on every printed page, landscape, one page wide."""
    report = _check(report)
    clauses = _clause_keys(report)
    headers = (*SCORECARD_HEADERS, *(f"依据：{report.cite(k)}" for k in clauses))
    results: list[list[CellValue]] = []
    widths = _Widths(headers)
    for card in report.cards:
        assert card.figures is not None
        line: list[Any] = [card.rank, card.unit_name, *figure_values(card.figures),
                           *_card_tail(card), *(_by_clause(card, k) for k in clauses)]
        values = [float(v) if isinstance(v, Decimal) else v for v in line]
        results.append(values)
        widths.add(["" if v is None else str(v) for v in line])
    body = Style.body()
    rate = headers.index("按期办结率")
    styles = [Style.percent().over(body) if i == rate else body for i in range(len(headers))]
    title = f"{report.period.label}督查督办考核结果"
    about: list[RowLike] = [Row.of([])]
    about.extend(Row.of([name, value]) for name, value in _about(report))
    detail_widths = _Widths(DETAIL_HEADERS)
    detail_rows: list[RowLike] = []
    for row in _detail_rows(report):
        detail_widths.add([row[0], signed(row[1]), *row[2:]])
        detail_rows.append([row[0], float(row[1]), *row[2:]])
    detail_styles = [body.wrapped() if h in ("原因", "依据条款", "涉及事项", "说明") else body
                     for h in DETAIL_HEADERS]
    book = Workbook.of([
        _table(SCORE_SHEET, _line(report, title), headers, [*results, *about],
               widths.columns(styles), autofilter=False),
        _table(DEDUCTIONS_SHEET, _line(report, f"{report.period.label}督查督办考核扣分明细"),
               DETAIL_HEADERS, detail_rows, detail_widths.columns(detail_styles)),
    ], title=f"{report.office_name} {title}")
    write_workbook(book, target)


def _line(report: ScoreReport, title: str) -> str:
    return _title_line(title, report.office_name, report.as_of, policy=report.policy_title)


def scorecard_text(report: ScoreReport) -> str:
    """The assessment as plain text: the heading (office, policy, period, instant, basis),
    one line per unit with the same columns as the .xlsx, then each unit's entries with
    their clauses and matters (and the grade's lost points)."""
    report = _check(report)
    lines = [f"{report.office_name} {report.period.label}督查督办考核情况"]
    lines.extend(f"{name}：{value}" for name, value in _about(report))
    lines.append("")
    lines.append(" | ".join(SCORECARD_HEADERS))
    for card in report.cards:
        assert card.figures is not None
        tail = [str(card.proposals), str(card.proposals_accepted), str(card.commendations),
                signed(card.deductions), signed(card.bonuses), plain(card.composite),
                card.grade or "—"]
        lines.append(" | ".join([str(card.rank), card.unit_name, *figure_texts(card.figures),
                                 *tail]))
    details = _detail_rows(report)
    if details:
        lines.append("")
        lines.append("扣分明细：")
        for row in details:
            unit, points, _basis, reason, clause, matters = row[:6]
            lines.append(f"  {unit} {signed(points)}分：{reason}（{clause}）"
                         + (f"；涉及事项：{matters}" if matters else ""))
    return "\n".join(lines) + "\n"


def scorecard_json(report: ScoreReport) -> dict[str, Any]:
    """The assessment as a JSON-ready dict: office, policy, period (key and label), instant
    (ISO 8601), basis, and ``units`` in rank order, each with its figures
    (:func:`~supervision.ledger.figures_json`), proposals, commendations, deductions, bonuses,
    points, composite, grade, ``by_clause`` (clause → points) and ``entries`` (points, basis,
    reason, clause key and Chinese, matter numbers)."""
    report = _check(report)
    units = []
    for card in report.cards:
        assert card.figures is not None
        units.append({
            "rank": card.rank,
            "unit_id": card.unit_id,
            "unit": card.unit_name,
            **figures_json(card.figures),
            "proposals": card.proposals,
            "proposals_accepted": card.proposals_accepted,
            "commendations": card.commendations,
            "deductions": plain(card.deductions),
            "bonuses": plain(card.bonuses),
            "composite": None if card.composite is None else plain(card.composite),
            "grade": card.grade,
            "by_clause": {report.cite(k): plain(_by_clause(card, k))
                          for k in _clause_keys(report) if _by_clause(card, k)},
            "entries": [
                {"points": plain(e.points), "basis": e.basis.value, "reason": e.reason,
                 "clause_key": e.citation.key, "clause": report.cite(e.citation.key),
                 "matters": [report.numbers[m] for m in e.matter_ids if m in report.numbers],
                 "reversal": e.is_reversal}
                for e in card.entries
            ],
            "components": [
                {"criterion": c.label, "weight": c.weight,
                 "rate": None if c.rate is None else c.rate.full_text,
                 "earned": plain(c.earned), "lost": plain(c.lost),
                 "matters": [report.numbers[m] for m in c.matter_ids if m in report.numbers]}
                for c in card.components
            ],
        })
    return {
        "office_id": report.office_id,
        "office": report.office_name,
        "policy": report.policy_name,
        "policy_title": report.policy_title,
        "period": report.period.key,
        "period_label": report.period.label,
        "as_of": report.as_of.isoformat(),
        "basis": report.basis,
        "reader": report.reader,
        "units": units,
    }


def write_assessment_xlsx(
    reader: Actor,
    assessment: Assessment,
    units: Iterable[Unit] | Mapping[str, Unit],
    target: str | os.PathLike[str] | IO[bytes],
    *,
    office: str = "",
    as_of: _dt.datetime | None = None,
) -> None:
    """Write a published result's explicit rows as .xlsx: sheet 考核结果 (one row per unit,
    the rate — on time ÷ the row's matters — as a percentage, the score as a number) and
    sheet 扣分明细 (the deductions the reader may see). Both are laid out like the ledger: a
    title line (row 1), bold frozen headers (row 2, printed atop every page), an auto filter,
    fitted widths, landscape and one page wide; ``office`` and ``as_of`` (aware), when
    given, are named in the title lines. Core: no extra needed. For the figures themselves
    use :func:`write_scorecard_xlsx`."""
    if not isinstance(reader, Actor):
        raise InvalidInput("reader", "the reading supervision.domain.Actor", reader)
    if not isinstance(assessment, Assessment):
        raise InvalidInput("assessment", "an Assessment (Assessment.of(...))", assessment)
    values = units.values() if isinstance(units, Mapping) else units
    names = {u.id: u.name for u in values}

    def name(unit_id: str) -> str:
        if unit_id not in names:
            raise UnitNotFound(unit_id)
        return names[unit_id]

    results: list[list[CellValue]] = []
    details: list[list[CellValue]] = []
    for index, row in enumerate(assessment.rows, start=1):
        rate = None if row.total == 0 else row.on_time / row.total
        results.append(
            [index, name(row.unit_id), row.total, row.on_time, rate, row.score, row.grade]
        )
        for item in row.deductions:
            if can_view(reader, item.matter):
                details.append([name(row.unit_id), str(item.matter.number),
                                item.matter.display_title, item.points, item.reason])

    period = assessment.period
    results_columns = _Widths(SCORE_HEADERS)
    details_columns = _Widths(_DEDUCTION_HEADERS)
    for line in results:
        results_columns.add(["" if v is None else str(v) for v in line])
    for line in details:
        details_columns.add(["" if v is None else str(v) for v in line])
    body = Style.body()
    rate_column = SCORE_HEADERS.index("按期办结率")
    result_styles = [Style.percent().over(body) if i == rate_column else body
                     for i in range(len(SCORE_HEADERS))]
    detail_styles = [body.wrapped() if h in ("督办事项", "原因") else body
                     for h in _DEDUCTION_HEADERS]
    if as_of is not None:
        require_aware(as_of, "as_of")
    book = Workbook.of([
        _table(SCORE_SHEET, _title_line(f"{period}督查督办考核结果", office, as_of),
               SCORE_HEADERS, results, results_columns.columns(result_styles)),
        _table(DEDUCTIONS_SHEET, _title_line(f"{period}督查督办考核扣分明细", office, as_of),
               _DEDUCTION_HEADERS, details, details_columns.columns(detail_styles)),
    ], title=f"{period}督查督办考核结果")
    write_workbook(book, target)
