"""The report as one self-contained HTML file: inline CSS, inline SVG, no script, no URL.

:func:`render_html` lays out a :class:`~supervision.report.ReportModel` in this order: the
heading (office, policy, period, as-of instant, reader), a summary of the traffic lights, the
ledger (台账), the unit statistics with their totals row, the three charts, the scorecard with
every point traced to its clause and matters, and the escalations of the period.

Guarantees the browser test checks:

* every piece of text goes through :func:`html.escape` (titles are hostile input), and a
  Content-Security-Policy ``default-src 'none'`` forbids any script and any fetch, so the file
  works on an intranet with no network and nothing in it can run;
* the only links are in-page anchors (``href="#matter-3"``); no ``src`` attribute, no URL;
* stable hooks: ``id="ledger"`` (rows ``tr[data-matter-number]``, ``data-light``),
  ``id="units"`` (rows ``tr[data-unit]``, totals ``tr#unit-totals``, cells ``data-field``),
  ``id="scorecard"``, ``id="escalations"``, ``id="chart-on-time"``, ``id="chart-states"``,
  ``id="chart-trend"``, ``id="summary"``;
* a traffic light is a coloured dot *and* its label (绿灯/黄灯/红灯/无灯);
* print: A4 landscape, table headers repeated on every page, rows never split.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from decimal import Decimal
from html import escape
from pathlib import Path

from supervision._logs import logger
from supervision.calendar import SHANGHAI
from supervision.exceptions import InvalidInput
from supervision.report._model import (
    EscalationRow,
    Light,
    MatterRow,
    ReportModel,
    ScoreRow,
    UnitStatistics,
    percent,
)
from supervision.report._svg import on_time_bars, state_donut, trend_bars
from supervision.text import cn_date, cn_datetime

__all__ = ["CONTENT_SECURITY_POLICY", "LEDGER_HEADERS", "UNIT_HEADERS", "render_html",
           "write_html"]

_log = logger("supervision.report")

#: The page's Content-Security-Policy: nothing may load or run; only the inline styles apply.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
    "base-uri 'none'; form-action 'none'"
)

#: The ledger's columns (台账), in order.
LEDGER_HEADERS: tuple[str, ...] = (
    "序号", "编号", "督办事项", "事项来源", "事项类别", "主办单位", "协办单位", "截止日期",
    "办理状态", "督办灯", "亮灯原因", "亮灯记录",
)  # fmt: skip

#: The unit table's columns and the ``data-field`` of each figure.
UNIT_HEADERS: tuple[tuple[str, str], ...] = (
    ("unit", "单位"),
    ("assigned", "交办事项"),
    ("completed_on_time", "按期办结"),
    ("completed_late", "逾期办结"),
    ("open_overdue", "逾期未办结"),
    ("open_not_yet_due", "在办未到期"),
    ("ended", "已撤销或终止"),
    ("on_time_rate", "按期办结率（分子/分母）"),
    ("average_working_days", "平均办理用时（工作日）"),
    ("median_working_days", "办理用时中位数（工作日）"),
    ("reminders", "催办次数"),
    ("returns", "退回次数"),
    ("bulletins", "通报次数"),
    ("points", "加减分"),
)
_SUMMED = (
    "assigned", "completed_on_time", "completed_late", "open_overdue", "open_not_yet_due",
    "ended", "reminders", "returns", "bulletins",
)  # fmt: skip
_DASH = "—"
_NUM = ' class="num"'
_SCORE_HEADERS = (
    "名次", "单位", "加减分", "综合得分", "等次", "计分明细（分值、原因、依据、事项）",
)  # fmt: skip

_CSS_TEMPLATE = """
:root { --ink: #1f2933; --muted: #5f6b7a; --line: #d5dae1; --head: #eef1f5; --accent: #9b1c1c; }
* { box-sizing: border-box; }
html { background: #ffffff; }
body {
  margin: 0 auto; padding: 24px 28px 40px; max-width: 1400px; color: var(--ink);
  font: 14px/1.55 "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC",
    "WenQuanYi Zen Hei", "SimSun", sans-serif;
}
header { border-bottom: 3px solid var(--accent); padding-bottom: 12px; margin-bottom: 18px; }
h1 { margin: 0 0 4px; font-size: 24px; color: var(--accent); letter-spacing: 1px; }
h2 {
  font-size: 18px; margin: 26px 0 10px; padding-left: 8px; border-left: 4px solid var(--accent);
}
.subtitle { margin: 0 0 10px; font-size: 16px; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 2px 14px; margin: 0; }
dl.meta dt { color: var(--muted); }
dl.meta dd { margin: 0; }
.cards { display: flex; flex-wrap: wrap; gap: 10px; }
.card {
  border: 1px solid var(--line); border-radius: 6px; padding: 8px 14px; min-width: 128px;
  background: #fafbfc;
}
.card .value { font-size: 22px; font-weight: 600; display: block; }
.card .name { color: var(--muted); }
table { border-collapse: collapse; width: 100%; margin: 4px 0 8px; }
th, td { border: 1px solid var(--line); padding: 4px 6px; text-align: left; vertical-align: top; }
th { background: var(--head); font-weight: 600; }
#ledger-table td, #escalations-table td { white-space: nowrap; }
#ledger-table td[data-field="title"], #ledger-table td[data-field="light-reason"],
#ledger-table td[data-field="co-units"], #ledger-table td[data-field="history"],
#ledger-table td[data-field="category"], #ledger-table td[data-field="source"],
#escalations-table td[data-field="clause"] {
  white-space: normal;
}
#ledger-table td[data-field="category"] { min-width: 6em; max-width: 12em; }
#ledger-table td[data-field="history"] { min-width: 17em; }
ol.history { margin: 0; padding: 0; list-style: none; font-size: 12px; line-height: 1.45; }
ol.history li { white-space: nowrap; }
ol.history .when { color: var(--muted); margin-right: 4px; }
ol.history .reason { color: var(--muted); margin-left: 2px; white-space: normal; }
#ledger-table td[data-field="title"] { min-width: 16em; }
#ledger-table td[data-field="light-reason"] { min-width: 7em; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.totals td { font-weight: 700; background: #f6f7f9; }
.dot {
  display: inline-block; width: 14px; height: 14px; border-radius: 50%; vertical-align: -2px;
  margin-right: 4px; border: 1px solid rgba(0, 0, 0, 0.25);
  -webkit-print-color-adjust: exact; print-color-adjust: exact;
}
.dot-green { background: @green@; }
.dot-yellow { background: @yellow@; }
.dot-red { background: @red@; }
.dot-none { background: @none@; border-color: #8a8f98; }
.light { white-space: nowrap; }
.charts { display: flex; flex-wrap: wrap; gap: 18px; }
figure { margin: 0; border: 1px solid var(--line); border-radius: 6px; padding: 10px; }
figcaption { font-weight: 600; margin-bottom: 6px; }
svg.chart { max-width: 100%; height: auto; display: block; }
ul.score-items { margin: 0; padding-left: 18px; }
.muted { color: var(--muted); }
footer { margin-top: 28px; color: var(--muted); font-size: 12px; border-top: 1px solid var(--line);
  padding-top: 8px; }
a { color: inherit; }
@page { size: A4 landscape; margin: 12mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  thead { display: table-header-group; }
  tfoot { display: table-footer-group; }
  tr, figure, .card { break-inside: avoid; page-break-inside: avoid; }
  h2 { break-after: avoid; page-break-after: avoid; }
  a { text-decoration: none; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""


def _style() -> str:
    css = _CSS_TEMPLATE
    for light in Light:
        css = css.replace(f"@{light.value}@", light.colour)
    return css


_CSS = _style()


def _h(value: object) -> str:
    return escape(str(value), quote=True)


def _plain(value: Decimal | None) -> str:
    if value is None:
        return _DASH
    text = format(value.normalize(), "f")
    return "0" if text in ("-0", "0") else text


def _signed(value: Decimal) -> str:
    text = _plain(value)
    return text if value <= 0 else f"+{text}"


def _rate(part: int, whole: int) -> str:
    rate = percent(part, whole)
    return f"{_DASH}（{part}/{whole}）" if rate is None else f"{rate}%（{part}/{whole}）"


def _light(light: Light) -> str:
    return (
        f'<span class="light"><span class="dot dot-{light.value}" aria-hidden="true"></span>'
        f'<span class="light-label">{light.label}</span></span>'
    )


def _policy_title(title: str) -> str:
    return title if title.startswith("《") else f"《{title}》"


def _table_head(headers: Iterable[str], numeric: Iterable[int] = ()) -> str:
    right = set(numeric)
    cells = "".join(
        f'<th scope="col"{_NUM if i in right else ""}>{_h(h)}</th>'
        for i, h in enumerate(headers)
    )
    return f"<thead><tr>{cells}</tr></thead>"


class _Anchors:
    """In-page links from a matter number to its ledger row (when the reader sees the row)."""

    def __init__(self, rows: Iterable[MatterRow]) -> None:
        self._ids = {row.number: f"matter-{index}" for index, row in enumerate(rows, start=1)}

    def id_of(self, number: str) -> str:
        return self._ids[number]

    def link(self, number: str) -> str:
        target = self._ids.get(number)
        if target is None:
            return _h(number)
        return f'<a href="#{target}">{_h(number)}</a>'


# -- sections ------------------------------------------------------------------------------


def _header(model: ReportModel) -> str:
    meta = (
        ("督查机构", model.office_name),
        ("适用制度", _policy_title(model.policy_title)),
        ("统计期间", model.period_label),
        ("数据截至", cn_datetime(model.as_of) + "（北京时间）"),
        ("阅读人", model.reader_label),
    )
    items = "".join(
        f'<dt>{_h(name)}</dt><dd data-field="{key}">{_h(value)}</dd>'
        for (name, value), key in zip(
            meta, ("office", "policy", "period", "as-of", "reader"), strict=True
        )
    )
    return (
        f'<header id="report-header"><h1>{_h(model.office_name)}督查督办情况报告</h1>'
        f'<p class="subtitle">{_h(model.period_label)}</p>'
        f'<dl class="meta" id="report-meta">{items}</dl></header>'
    )


def _summary(model: ReportModel) -> str:
    counts = model.light_counts()
    cards = [
        f'<div class="card" data-field="matters"><span class="value">{len(model.matters)}</span>'
        '<span class="name">台账事项</span></div>'
    ]
    for light in (Light.RED, Light.YELLOW, Light.GREEN, Light.NONE):
        cards.append(
            f'<div class="card" data-light="{light.value}">'
            f'<span class="value">{counts[light]}</span>{_light(light)}</div>'
        )
    cards.append(
        f'<div class="card" data-field="escalations">'
        f'<span class="value">{len(model.escalations)}</span>'
        '<span class="name">本期督办措施</span></div>'
    )
    return (
        '<section id="summary" aria-labelledby="summary-title">'
        f'<h2 id="summary-title">概况</h2><div class="cards">{"".join(cards)}</div></section>'
    )


def _history(row: MatterRow, year: int) -> str:
    """The light's changes, one per line: day, light, why."""
    if not row.history:
        return _DASH
    items = "".join(
        f'<li data-light="{c.light.value}" data-at="{c.at.isoformat()}">'
        f'<span class="when">{_h(cn_date(c.at.astimezone(SHANGHAI).date(), omit_year=year))}'
        f"</span>{_light(c.light)}"
        f'<span class="reason">{_h(c.reason)}</span></li>'
        for c in row.history
    )
    return f'<ol class="history">{items}</ol>'


def _ledger_row(index: int, row: MatterRow, anchors: _Anchors, year: int) -> str:
    due = _DASH if row.due_day is None else cn_date(row.due_day)
    co_units = "、".join(row.co_units) or _DASH
    cells = (
        f'<td class="num">{index}</td>',
        f'<td data-field="number">{_h(row.number)}</td>',
        f'<td data-field="title">{_h(row.title)}</td>',
        f'<td data-field="source">{_h(row.source_label)}</td>',
        f'<td data-field="category">{_h(row.category_label)}</td>',
        f'<td data-field="lead-unit">{_h(row.lead_unit)}</td>',
        f'<td data-field="co-units">{_h(co_units)}</td>',
        f'<td data-field="due-day">{_h(due)}</td>',
        f'<td data-field="status">{_h(row.status_label)}</td>',
        f'<td data-field="light">{_light(row.light)}</td>',
        f'<td data-field="light-reason">{_h(row.light_reason or _DASH)}</td>',
        f'<td data-field="history">{_history(row, year)}</td>',
    )
    return (
        f'<tr id="{anchors.id_of(row.number)}" data-matter-number="{_h(row.number)}"'
        f' data-light="{row.light.value}">{"".join(cells)}</tr>'
    )


def _ledger(model: ReportModel, anchors: _Anchors) -> str:
    if model.matters:
        body = "".join(
            _ledger_row(i, row, anchors, model.as_of.year)
            for i, row in enumerate(model.matters, start=1)
        )
    else:
        body = f'<tr><td colspan="{len(LEDGER_HEADERS)}" class="muted">暂无可查看的事项</td></tr>'
    return (
        '<section id="ledger" aria-labelledby="ledger-title">'
        f'<h2 id="ledger-title">督查督办台账（{len(model.matters)}项）</h2>'
        f'<table id="ledger-table">{_table_head(LEDGER_HEADERS, (0,))}'
        f"<tbody>{body}</tbody></table></section>"
    )


def _unit_cells(stat: UnitStatistics) -> str:
    values = {
        "unit": _h(stat.unit),
        **{field: str(getattr(stat, field)) for field in _SUMMED},
        "on_time_rate": _rate(stat.completed_on_time, stat.rate_denominator),
        "average_working_days": _plain(stat.average_working_days),
        "median_working_days": _plain(stat.median_working_days),
        "points": _signed(stat.points),
    }
    return _cells(values, numerator=stat.completed_on_time, denominator=stat.rate_denominator)


def _cells(values: dict[str, str], *, numerator: int, denominator: int) -> str:
    out = []
    for field, _label in UNIT_HEADERS:
        extra = ""
        if field == "on_time_rate":
            extra = f' data-numerator="{numerator}" data-denominator="{denominator}"'
        css = "" if field == "unit" else ' class="num"'
        out.append(f'<td data-field="{field}"{css}{extra}>{values[field]}</td>')
    return "".join(out)


def _units(model: ReportModel) -> str:
    head = _table_head((label for _f, label in UNIT_HEADERS), range(1, len(UNIT_HEADERS)))
    if not model.units:
        body = f'<tr><td colspan="{len(UNIT_HEADERS)}" class="muted">暂无单位统计</td></tr>'
        return (
            '<section id="units" aria-labelledby="units-title"><h2 id="units-title">'
            f'单位统计</h2><table id="units-table">{head}<tbody>{body}</tbody></table></section>'
        )
    rows = "".join(
        f'<tr data-unit="{_h(s.unit)}">{_unit_cells(s)}</tr>' for s in model.units
    )
    sums = {field: sum(getattr(s, field) for s in model.units) for field in _SUMMED}
    numerator = sum(s.completed_on_time for s in model.units)
    denominator = sum(s.rate_denominator for s in model.units)
    points = sum((s.points for s in model.units), Decimal(0))
    totals = {
        "unit": "合计",
        **{field: str(value) for field, value in sums.items()},
        "on_time_rate": _rate(numerator, denominator),
        "average_working_days": _plain(model.overall_average_working_days),
        "median_working_days": _plain(model.overall_median_working_days),
        "points": _signed(points),
    }
    foot = (
        f'<tfoot><tr id="unit-totals" class="totals">'
        f"{_cells(totals, numerator=numerator, denominator=denominator)}</tr></tfoot>"
    )
    return (
        '<section id="units" aria-labelledby="units-title">'
        '<h2 id="units-title">单位统计</h2>'
        f'<table id="units-table">{head}<tbody>{rows}</tbody>{foot}</table>'
        '<p class="muted">按期办结率 = 按期办结数 ÷ 分母（已有结果的事项：按期办结、逾期办结、'
        "逾期未办结），保留一位小数；合计行的比率按各单位分子、分母之和计算。"
        f"{_basis(model)}</p></section>"
    )


def _basis(model: ReportModel) -> str:
    if not model.basis:
        return ""
    return f'<span id="units-basis" data-field="basis">统计口径：{_h(model.basis)}。</span>'


def _charts(model: ReportModel) -> str:
    figures = (
        ("chart-on-time", "各单位按期办结率", on_time_bars(model.units)),
        ("chart-states", "事项状态分布", state_donut(model.states)),
        ("chart-trend", "月度趋势", trend_bars(model.trend)),
    )
    body = "".join(
        f'<figure id="{fid}"><figcaption>{_h(caption)}</figcaption>{svg}</figure>'
        for fid, caption, svg in figures
    )
    return (
        '<section id="charts" aria-labelledby="charts-title">'
        f'<h2 id="charts-title">统计图表</h2><div class="charts">{body}</div></section>'
    )


def _score_row(row: ScoreRow, anchors: _Anchors) -> str:
    items = []
    for item in row.items:
        matters = "、".join(anchors.link(n) for n in item.matter_numbers) or _DASH
        items.append(
            f'<li class="score-item" data-points="{_plain(item.points)}">'
            f'<span class="points">{_signed(item.points)}分</span>：'
            f'<span class="reason">{_h(item.reason)}</span>；依据'
            f'<span class="clause">{_h(item.clause)}</span>；涉及事项：'
            f'<span class="matters">{matters}</span></li>'
        )
    for text in row.grading:
        items.append(f'<li class="grading">{_h(text)}</li>')
    trace = f'<ul class="score-items">{"".join(items)}</ul>' if items else "无加减分"
    composite = _DASH if row.composite is None else format(row.composite, "f")
    return (
        f'<tr data-unit="{_h(row.unit)}" data-points="{_plain(row.points)}">'
        f'<td class="num" data-field="rank">{row.rank}</td>'
        f'<td data-field="unit">{_h(row.unit)}</td>'
        f'<td class="num" data-field="points">{_signed(row.points)}</td>'
        f'<td class="num" data-field="composite">{composite}</td>'
        f'<td data-field="grade">{_h(row.grade or _DASH)}</td>'
        f'<td data-field="items">{trace}</td></tr>'
    )


def _scorecard(model: ReportModel, anchors: _Anchors) -> str:
    head = _table_head(_SCORE_HEADERS, (0, 2, 3))
    if model.scorecard:
        body = "".join(_score_row(row, anchors) for row in model.scorecard)
    else:
        body = '<tr><td colspan="6" class="muted">暂无考核结果</td></tr>'
    return (
        '<section id="scorecard" aria-labelledby="scorecard-title">'
        '<h2 id="scorecard-title">考核计分</h2>'
        f'<table id="scorecard-table">{head}<tbody>{body}</tbody></table></section>'
    )


def _escalation_row(row: EscalationRow, anchors: _Anchors) -> str:
    return (
        f'<tr data-matter-number="{_h(row.matter_number)}" data-measure="{_h(row.measure_label)}">'
        f'<td data-field="day">{cn_date(row.day)}</td>'
        f'<td data-field="matter-number">{anchors.link(row.matter_number)}</td>'
        f'<td data-field="unit">{_h(row.unit)}</td>'
        f'<td data-field="measure">{_h(row.measure_label)}</td>'
        f'<td data-field="clause">{_h(row.clause)}</td>'
        f'<td data-field="delivery">{_h(row.delivery_label or _DASH)}</td></tr>'
    )


def _escalations(model: ReportModel, anchors: _Anchors) -> str:
    head = _table_head(("日期", "事项编号", "单位", "督办措施", "依据条款", "送达情况"))
    if model.escalations:
        body = "".join(_escalation_row(row, anchors) for row in model.escalations)
    else:
        body = '<tr><td colspan="6" class="muted">本期无督办措施</td></tr>'
    return (
        '<section id="escalations" aria-labelledby="escalations-title">'
        f'<h2 id="escalations-title">本期督办措施（{len(model.escalations)}项）</h2>'
        f'<table id="escalations-table">{head}<tbody>{body}</tbody></table></section>'
    )


# -- the page ------------------------------------------------------------------------------


def render_html(model: ReportModel) -> str:
    """The report as one HTML5 document (a ``str``; write it as UTF-8, or use
    :func:`write_html`). Pure: the same model always gives the same text."""
    if not isinstance(model, ReportModel):
        raise InvalidInput("model", "a supervision.report.ReportModel (ReportModel.of(...))",
                           model)
    anchors = _Anchors(model.matters)
    title = f"{model.office_name}督查督办情况报告（{model.period_label}）"
    body = "".join(
        (
            _header(model),
            "<main>",
            _summary(model),
            _ledger(model, anchors),
            _units(model),
            _charts(model),
            _scorecard(model, anchors),
            _escalations(model, anchors),
            "</main>",
            f'<footer id="report-footer">本报告由督查督办系统生成，数据截至'
            f"{_h(cn_datetime(model.as_of))}；仅含阅读人有权查看的事项。"
            "离线文件：不引用任何外部资源，不含脚本。</footer>",
        )
    )
    return (
        "<!DOCTYPE html>\n"
        '<html lang="zh-CN"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{CONTENT_SECURITY_POLICY}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta name="referrer" content="no-referrer">'
        f"<title>{_h(title)}</title><style>{_CSS}</style></head>"
        f'<body data-as-of="{model.as_of.isoformat()}" data-policy="{_h(model.policy_name)}">'
        f"{body}</body></html>\n"
    )


def write_html(model: ReportModel, path: str | os.PathLike[str]) -> Path:
    """Write :func:`render_html` to ``path`` as UTF-8 (no BOM), replacing the file; returns
    the path written. A file that cannot be written raises the ``OSError`` as is."""
    if not isinstance(path, str | os.PathLike):
        raise InvalidInput("path", "a file path (str or os.PathLike)", path)
    target = Path(path)
    text = render_html(model)
    target.write_bytes(text.encode("utf-8"))
    _log.debug("report written: %s (%d matters, %d bytes)", target, len(model.matters),
               len(text))
    return target
