"""The figures table every output shares: one column per statistic of docs/statistics.md,
its heading from :data:`~supervision.domain.statistics.STATISTICS`, its cells from a
:class:`~supervision.domain.statistics.Figures` value — as typed spreadsheet values, as text
and as JSON. Nothing here counts: it only writes what the figures hold."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from supervision.domain.statistics import Figures, statistic

__all__ = [
    "FIGURE_COLUMNS",
    "FIGURE_HEADERS",
    "figure_texts",
    "figure_values",
    "figures_json",
    "plain",
    "signed",
]

#: The figures' columns after the name column: (key, heading). The rate is followed by its
#: numerator and denominator, so every output states its base.
FIGURE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("assigned", statistic("assigned").label),
    ("completed_on_time", statistic("completed_on_time").label),
    ("completed_late", statistic("completed_late").label),
    ("open_overdue", statistic("open_overdue").label),
    ("open_not_yet_due", statistic("open_not_yet_due").label),
    ("ended", statistic("ended").label),
    ("on_time_rate", statistic("on_time_rate").label),
    ("rate_numerator", "按期办结率分子"),
    ("rate_denominator", "按期办结率分母"),
    ("average_working_days", statistic("average_working_days").label),
    ("median_working_days", statistic("median_working_days").label),
    ("reminders", statistic("reminders").label),
    ("returns", statistic("returns").label),
    ("bulletins", statistic("bulletins").label),
    ("points", statistic("points").label),
)
#: The headings, the name column first.
FIGURE_HEADERS: tuple[str, ...] = ("单位", *(label for _key, label in FIGURE_COLUMNS))


def plain(value: Decimal | None) -> str:
    """A decimal as written: ``2.5``, ``3``, ``—`` for none (never ``-0``)."""
    if value is None:
        return "—"
    text = format(value.normalize(), "f")
    return "0" if text in ("-0", "0") else text


def signed(value: Decimal) -> str:
    """Points as written: ``-1``, ``+2``, ``0``."""
    text = plain(value)
    return text if value <= 0 else f"+{text}"


def _raw(figures: Figures, key: str) -> object:
    if key == "on_time_rate":
        return figures.on_time_rate
    if key == "rate_numerator":
        return figures.completed_on_time
    return getattr(figures, key)


def figure_values(figures: Figures) -> list[Any]:
    """The cells as spreadsheet values: whole numbers, the rate as its fraction (a cell
    formatted ``0.0%`` shows the statistics' one-decimal percentage), handling times and
    points as numbers, None for none."""
    values: list[Any] = []
    for key, _label in FIGURE_COLUMNS:
        raw = _raw(figures, key)
        if key == "on_time_rate":
            values.append(figures.on_time_rate.fraction)
        elif isinstance(raw, Decimal):
            values.append(int(raw) if raw == raw.to_integral_value() else float(raw))
        else:
            values.append(raw)
    return values


def figure_texts(figures: Figures) -> list[str]:
    """The cells as text: ``66.7%``, ``2.5``, ``—`` for none, points signed."""
    texts: list[str] = []
    for key, _label in FIGURE_COLUMNS:
        raw = _raw(figures, key)
        if key == "on_time_rate":
            texts.append(figures.on_time_rate.text)
        elif key == "points":
            texts.append(signed(figures.points))
        elif isinstance(raw, Decimal) or raw is None:
            texts.append(plain(raw if isinstance(raw, Decimal) else None))
        else:
            texts.append(str(raw))
    return texts


def _number(value: Decimal | None) -> str | None:
    return None if value is None else plain(value)


def figures_json(figures: Figures) -> dict[str, Any]:
    """The figures as JSON-ready values: counts as numbers, the rate as
    ``{"percent": "66.7", "numerator": 2, "denominator": 3}`` (percent a string, None when
    there is none), handling times and points as decimal strings."""
    rate = figures.on_time_rate
    return {
        "assigned": figures.assigned,
        "completed_on_time": figures.completed_on_time,
        "completed_late": figures.completed_late,
        "open_overdue": figures.open_overdue,
        "open_not_yet_due": figures.open_not_yet_due,
        "ended": figures.ended,
        "on_time_rate": {
            "percent": None if rate.percent is None else str(rate.percent),
            "numerator": rate.numerator,
            "denominator": rate.denominator,
        },
        "average_working_days": _number(figures.average_working_days),
        "median_working_days": _number(figures.median_working_days),
        "reminders": figures.reminders,
        "returns": figures.returns,
        "bulletins": figures.bulletins,
        "points": plain(figures.points),
    }
