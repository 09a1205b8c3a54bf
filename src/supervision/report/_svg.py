"""The report's charts as inline SVG, drawn in Python: no library, no script, no URL.

Three charts, each a ``<svg role="img">`` with a ``<title>`` (its accessible name) and every
figure written as text beside its mark, so the chart reads without colour and prints as is:

* :func:`on_time_bars` — 按期办结率 by unit, horizontal bars on a 0-100 % scale;
* :func:`state_donut` — matters by state, a ring of ``stroke-dasharray`` arcs with a legend;
* :func:`trend_bars` — the monthly trend, grouped bars (registered / completed / overdue).

All text passes through :func:`html.escape`; the SVG is meant for an HTML5 document (no
``xmlns`` attribute is needed there, and none is written, so the file holds no URL).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape

from supervision.report._model import MonthTrend, StateCount, UnitStatistics, percent

__all__ = ["STATE_PALETTE", "TREND_SERIES", "on_time_bars", "state_donut", "trend_bars"]

#: Fills for the states, in the order the model lists them (cycled). None is a traffic-light
#: colour, so a light in the page is never confused with a slice.
STATE_PALETTE: tuple[str, ...] = (
    "#2f6db5", "#3aa6a0", "#8e6bbf", "#c07a2b", "#6b7f99", "#b5487f", "#4d7d2f", "#9a8c3a",
)  # fmt: skip
#: The trend's series: (field of MonthTrend, Chinese label, fill).
TREND_SERIES: tuple[tuple[str, str, str], ...] = (
    ("registered", "登记", "#2f6db5"),
    ("completed", "办结", "#3aa6a0"),
    ("overdue", "逾期", "#8e3b46"),
)
_BAR = "#2f6db5"
_AXIS = "#8a8f98"
_GRID = "#e3e6ea"
_INK = "#1f2933"
_MUTED = "#5f6b7a"
_FONT = 'font-family="inherit"'


def _open(chart_id: str, title: str, width: int, height: int) -> list[str]:
    return [
        f'<svg id="{chart_id}-svg" class="chart" role="img" aria-labelledby="{chart_id}-title"'
        f' viewBox="0 0 {width} {height}" width="{width}" height="{height}"'
        f' preserveAspectRatio="xMinYMin meet" {_FONT}>',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
    ]


def _text(x: float, y: float, text: str, *, anchor: str = "start", size: int = 12,
          fill: str = _INK, extra: str = "") -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" fill="{fill}"'
        f' text-anchor="{anchor}"{extra}>{escape(text)}</text>'
    )


def _short(name: str, limit: int) -> str:
    return name if len(name) <= limit else name[: limit - 1] + "…"


def _empty(chart_id: str, title: str, width: int, note: str) -> str:
    parts = _open(chart_id, title, width, 60)
    parts.append(_text(width / 2, 36, note, anchor="middle", size=14, fill=_MUTED))
    parts.append("</svg>")
    return "".join(parts)


def _rate_label(stat: UnitStatistics) -> str:
    rate = stat.on_time_rate
    if rate is None:
        return "无应办结事项（0/0）"
    return f"{rate}%（{stat.completed_on_time}/{stat.rate_denominator}）"


def on_time_bars(units: Sequence[UnitStatistics], *, chart_id: str = "chart-on-time") -> str:
    """按期办结率 by unit: one bar per unit (0-100 %), the rate and its base written after it;
    a unit with nothing decided gets no bar and says so."""
    title = "各单位按期办结率"
    width = 720
    if not units:
        return _empty(chart_id, title, width, "暂无单位统计")
    left, right, top, row = 168, 150, 30, 30
    plot = width - left - right
    height = top + row * len(units) + 26
    parts = _open(chart_id, title, width, height)
    for tick in range(0, 101, 25):
        x = left + plot * tick / 100
        parts.append(
            f'<line x1="{x:.1f}" y1="{top - 6}" x2="{x:.1f}" y2="{height - 22}"'
            f' stroke="{_GRID if tick else _AXIS}" stroke-width="1"/>'
        )
        parts.append(_text(x, height - 6, f"{tick}%", anchor="middle", size=11, fill=_MUTED))
    for index, stat in enumerate(units):
        y = top + row * index
        rate = stat.on_time_rate
        parts.append(
            f'<g class="bar" data-unit="{escape(stat.unit)}"'
            f' data-rate="{"" if rate is None else rate}">'
        )
        parts.append(f"<title>{escape(stat.unit)}：{escape(_rate_label(stat))}</title>")
        parts.append(_text(left - 8, y + 17, _short(stat.unit, 12), anchor="end"))
        length = 0.0 if rate is None else plot * float(rate) / 100
        if rate is not None:
            parts.append(
                f'<rect x="{left}" y="{y + 5}" width="{max(length, 1.0):.1f}" height="18"'
                f' fill="{_BAR}" rx="2"/>'
            )
        parts.append(_text(left + length + 6, y + 18, _rate_label(stat), size=11, fill=_MUTED))
        parts.append("</g>")
    parts.append("</svg>")
    return "".join(parts)


def state_donut(states: Sequence[StateCount], *, chart_id: str = "chart-states") -> str:
    """Matters by state: a ring split by count (drawn with dashed circles, so one state
    alone is a whole ring) and a legend of label, count and share."""
    title = "事项状态分布"
    width = 720
    total = sum(s.count for s in states)
    if total == 0:
        return _empty(chart_id, title, width, "暂无事项")
    radius, stroke, cx, cy = 70.0, 30.0, 110.0, 110.0
    circumference = 2 * math.pi * radius
    legend_rows = len(states)
    height = max(220, 24 + 24 * legend_rows)
    parts = _open(chart_id, title, width, height)
    parts.append(
        f'<circle cx="{cx}" cy="{cy}" r="{radius}" fill="none" stroke="{_GRID}"'
        f' stroke-width="{stroke}"/>'
    )
    start = 0.0
    for index, state in enumerate(states):
        colour = STATE_PALETTE[index % len(STATE_PALETTE)]
        share = percent(state.count, total)
        length = circumference * state.count / total
        if state.count:
            parts.append(
                f'<circle class="slice" data-state="{escape(state.label)}"'
                f' data-count="{state.count}" cx="{cx}" cy="{cy}" r="{radius}" fill="none"'
                f' stroke="{colour}" stroke-width="{stroke}"'
                f' stroke-dasharray="{length:.3f} {circumference - length:.3f}"'
                f' stroke-dashoffset="{-start:.3f}" transform="rotate(-90 {cx} {cy})">'
                f"<title>{escape(state.label)}：{state.count}项（{share}%）</title></circle>"
            )
        start += length
        y = 30 + 24 * index
        parts.append(
            f'<rect x="250" y="{y - 11}" width="14" height="14" fill="{colour}" rx="2"/>'
        )
        parts.append(_text(272, y, f"{state.label}：{state.count}项（{share}%）"))
    parts.append(_text(cx, cy - 2, f"{total}", anchor="middle", size=22))
    parts.append(_text(cx, cy + 18, "项事项", anchor="middle", size=11, fill=_MUTED))
    parts.append("</svg>")
    return "".join(parts)


def _nice_ceiling(value: int) -> tuple[int, int]:
    """A round axis maximum at least ``value`` and its tick step (1, 2 or 5 times 10ⁿ)."""
    if value <= 0:
        return 1, 1
    exponent = 10 ** (len(str(value)) - 1)
    top = next(f * exponent for f in (1, 2, 5, 10) if f * exponent >= value)
    step = max(1, top // 5) if top >= 5 else 1
    return top, step


def trend_bars(trend: Sequence[MonthTrend], *, chart_id: str = "chart-trend") -> str:
    """The monthly trend: per month three bars (登记, 办结, 逾期), each with its count on top,
    on a round integer axis, with a legend."""
    title = "月度趋势（登记、办结、逾期）"
    if not trend:
        return _empty(chart_id, title, 720, "暂无月度数据")
    group = 84
    left, top, bottom = 44, 36, 34
    width = max(720, left + group * len(trend) + 20)
    height = 260
    plot_h = height - top - bottom
    peak = max(getattr(m, field) for m in trend for field, _l, _c in TREND_SERIES)
    ceiling, step = _nice_ceiling(peak)
    parts = _open(chart_id, title, width, height)
    for index, (_field, label, colour) in enumerate(TREND_SERIES):
        x = left + 90 * index
        parts.append(f'<rect x="{x}" y="8" width="12" height="12" fill="{colour}" rx="2"/>')
        parts.append(_text(x + 17, 19, label, size=12))
    for tick in range(0, ceiling + 1, step):
        y = top + plot_h - plot_h * tick / ceiling
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{width - 10}" y2="{y:.1f}"'
            f' stroke="{_GRID if tick else _AXIS}" stroke-width="1"/>'
        )
        parts.append(_text(left - 6, y + 4, str(tick), anchor="end", size=11, fill=_MUTED))
    bar = 20
    for index, month in enumerate(trend):
        x0 = left + 12 + group * index
        parts.append(f'<g class="month" data-month="{month.year}-{month.month:02d}">')
        for offset, (field, label, colour) in enumerate(TREND_SERIES):
            value: int = getattr(month, field)
            h = plot_h * value / ceiling
            x = x0 + offset * (bar + 2)
            y = top + plot_h - h
            parts.append(
                f'<rect class="series-{field}" data-value="{value}" x="{x}" y="{y:.1f}"'
                f' width="{bar}" height="{h:.1f}" fill="{colour}">'
                f"<title>{escape(month.label)}{label}：{value}项</title></rect>"
            )
            parts.append(_text(x + bar / 2, y - 3, str(value), anchor="middle", size=10,
                               fill=_MUTED))
        parts.append(_text(x0 + 32, height - 12, month.label, anchor="middle", size=11))
        parts.append("</g>")
    parts.append("</svg>")
    return "".join(parts)
