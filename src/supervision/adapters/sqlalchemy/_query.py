"""Ledger queries for OA callers: filters, sort keys and paging checked against a whitelist.

An OA system passes its request's parameters through unchanged; anything not on the
whitelist is refused with :class:`~supervision.exceptions.InvalidInput` naming the parameter
and what is allowed, so a caller can never sort or filter on an arbitrary column.

    >>> MatterQuery.from_params({"status": "in_progress", "sort": "-due_at,number"}).sort
    (('due_at', True), ('number', False))
"""

from __future__ import annotations

import datetime as _dt
import decimal
from collections.abc import Callable, Mapping
from typing import Any

import attrs
import sqlalchemy as sa

from supervision.domain.lifecycle import Status
from supervision.domain.model import Matter
from supervision.exceptions import InvalidInput

from . import _rows
from ._schema import assignments, matters, score_entries

__all__ = [
    "FILTERS",
    "MAX_PAGE_SIZE",
    "SORT_KEYS",
    "MatterPage",
    "MatterQuery",
    "UnitCounts",
    "ledger_counts",
    "query_matters",
    "score_totals",
]

#: The largest page a caller may ask for.
MAX_PAGE_SIZE = 500


def _status(value: str) -> str:
    try:
        return Status(value).value
    except ValueError as error:
        known = ", ".join(s.value for s in Status)
        raise InvalidInput("status", f"one of {known}", value) from error


def _instant(name: str) -> Callable[[str], _dt.datetime]:
    def parse(value: str) -> _dt.datetime:
        try:
            parsed = _dt.datetime.fromisoformat(value)
        except ValueError as error:
            raise InvalidInput(
                name, "an ISO 8601 date-time with offset (2026-03-02T09:00:00+08:00)", value
            ) from error
        if parsed.utcoffset() is None:
            raise InvalidInput(name, "a date-time with its offset, e.g. +08:00", value)
        return parsed

    return parse


def _bool(name: str) -> Callable[[str], bool]:
    def parse(value: str) -> bool:
        if value not in ("true", "false"):
            raise InvalidInput(name, "true or false", value)
        return value == "true"

    return parse


def _year(value: str) -> int:
    if not value.isdigit() or len(value) != 4:
        raise InvalidInput("year", "a four-digit year such as 2026", value)
    return int(value)


def _id(name: str) -> Callable[[str], str]:
    def parse(value: str) -> str:
        _rows.check_text(value, name)
        if not value or len(value) > 128:
            raise InvalidInput(name, "an id of 1 to 128 characters", value)
        return value

    return parse


#: Filter name → (parser of the caller's text, SQL condition builder).
FILTERS: Mapping[str, tuple[Callable[[str], Any], Callable[[Any], sa.ColumnElement[bool]]]] = {
    "status": (_status, lambda v: matters.c.status == v),
    "open": (_bool("open"), lambda v: matters.c.is_open == v),
    "unit_id": (
        _id("unit_id"),
        lambda v: matters.c.id.in_(
            sa.select(assignments.c.matter_id).where(assignments.c.unit_id == v)
        ),
    ),
    "lead_unit_id": (_id("lead_unit_id"), lambda v: matters.c.lead_unit_id == v),
    "parent_id": (_id("parent_id"), lambda v: matters.c.parent_id == v),
    "reinspection_of": (_id("reinspection_of"), lambda v: matters.c.reinspection_of == v),
    "year": (_year, lambda v: matters.c.number_year == v),
    "due_before": (_instant("due_before"), lambda v: matters.c.due_at < v),
    "due_after": (_instant("due_after"), lambda v: matters.c.due_at >= v),
    "registered_from": (_instant("registered_from"), lambda v: matters.c.registered_at >= v),
    "registered_until": (_instant("registered_until"), lambda v: matters.c.registered_at < v),
}

#: Sort key → the columns it orders by (the id always breaks ties last).
SORT_KEYS: Mapping[str, tuple[sa.ColumnElement[Any], ...]] = {
    "registered_at": (matters.c.registered_at,),
    "due_at": (matters.c.due_at,),
    "number": (matters.c.number_prefix, matters.c.number_year, matters.c.number_seq),
    "status": (matters.c.status,),
    "id": (matters.c.id,),
}

_PAGING = ("sort", "page", "page_size")


@attrs.frozen
class MatterQuery:
    """A checked ledger query: filters, sort keys (``(key, descending)``) and a page.

    Build one with :meth:`from_params` (an OA request's parameters as strings) or :meth:`of`.
    """

    filters: tuple[tuple[str, Any], ...] = ()
    sort: tuple[tuple[str, bool], ...] = (("registered_at", False),)
    page: int = 1
    page_size: int = 50

    @classmethod
    def from_params(cls, params: Mapping[str, str]) -> MatterQuery:
        """Read ``status=in_progress&unit_id=u-1&sort=-due_at,number&page=2&page_size=50``
        (as a mapping); unknown names and bad values raise InvalidInput."""
        filters = {k: v for k, v in params.items() if k not in _PAGING}
        sort = params.get("sort", "registered_at")
        return cls.of(
            sort=tuple(part.strip() for part in str(sort).split(",") if part.strip()),
            page=_int("page", params.get("page", "1")),
            page_size=_int("page_size", params.get("page_size", "50")),
            **filters,
        )

    @classmethod
    def of(
        cls,
        *,
        sort: tuple[str, ...] = ("registered_at",),
        page: int = 1,
        page_size: int = 50,
        **filters: str,
    ) -> MatterQuery:
        """Check and build a query; ``sort`` keys may start with ``-`` for descending."""
        checked: list[tuple[str, Any]] = []
        for name, text in sorted(filters.items()):
            if name not in FILTERS:
                raise InvalidInput(
                    name, f"a filter among {sorted(FILTERS)} or {list(_PAGING)}", text
                )
            if not isinstance(text, str):
                raise InvalidInput(name, "the filter's value as text", text)
            checked.append((name, FILTERS[name][0](text)))
        order: list[tuple[str, bool]] = []
        for key in sort:
            if not isinstance(key, str):
                raise InvalidInput("sort", f"sort keys among {sorted(SORT_KEYS)}", key)
            descending = key.startswith("-")
            name = key.removeprefix("-")
            if name not in SORT_KEYS:
                raise InvalidInput("sort", f"sort keys among {sorted(SORT_KEYS)}", key)
            order.append((name, descending))
        if page.__class__ is not int or page < 1:
            raise InvalidInput("page", "a page number ≥ 1", page)
        if page_size.__class__ is not int or not 1 <= page_size <= MAX_PAGE_SIZE:
            raise InvalidInput("page_size", f"a page size from 1 to {MAX_PAGE_SIZE}", page_size)
        return cls(tuple(checked), tuple(order), page, page_size)


def _int(name: str, value: str) -> int:
    if not isinstance(value, str) or not value.isdigit():
        raise InvalidInput(name, "a whole number", value)
    return int(value)


@attrs.frozen
class MatterPage:
    """One page of a ledger query: the matters, the total matching, the page asked for."""

    items: tuple[Matter, ...]
    total: int
    page: int
    page_size: int

    @property
    def pages(self) -> int:
        """How many pages the total fills (at least 1)."""
        return max(1, -(-self.total // self.page_size))


def query_matters(connection: sa.Connection, query: MatterQuery) -> MatterPage:
    """Run a checked query on committed data (``uow.connection`` or any connection)."""
    if not isinstance(query, MatterQuery):
        raise InvalidInput("query", "a MatterQuery (from MatterQuery.of or from_params)", query)
    conditions = [FILTERS[name][1](value) for name, value in query.filters]
    total = connection.execute(
        sa.select(sa.func.count()).select_from(matters).where(*conditions)
    ).scalar_one()
    order: list[sa.ColumnElement[Any]] = []
    for name, descending in query.sort:
        order.extend(c.desc() if descending else c.asc() for c in SORT_KEYS[name])
    order.append(matters.c.id.asc())
    rows = connection.execute(
        sa.select(matters.c.body, matters.c.version)
        .where(*conditions)
        .order_by(*order)
        .limit(query.page_size)
        .offset((query.page - 1) * query.page_size)
    )
    items = tuple(_rows.matter_from_row(row) for row in rows)
    return MatterPage(items, int(total), query.page, query.page_size)


@attrs.frozen
class UnitCounts:
    """A unit's ledger counts at an instant, aggregated in SQL (as lead unit, 主办):
    ``total`` matters, ``open`` ones, ``overdue`` (open and due before the instant) and
    ``finished`` (completed, closed or archived)."""

    unit_id: str
    total: int
    open: int
    overdue: int
    finished: int


_FINISHED = (Status.COMPLETED.value, Status.CLOSED.value, Status.ARCHIVED.value)


def ledger_counts(connection: sa.Connection, *, at: _dt.datetime) -> tuple[UnitCounts, ...]:
    """Per lead unit: matters, open, overdue at ``at`` and finished, in one GROUP BY over the
    ``lead_unit_id`` index (the ledger's summary rows), ordered by unit id."""
    if not isinstance(at, _dt.datetime) or at.utcoffset() is None:
        raise InvalidInput("at", "an aware datetime", at)
    overdue = sa.and_(matters.c.is_open == sa.true(), matters.c.due_at < at)
    rows = connection.execute(
        sa.select(
            matters.c.lead_unit_id,
            sa.func.count(),
            sa.func.sum(sa.case((matters.c.is_open == sa.true(), 1), else_=0)),
            sa.func.sum(sa.case((overdue, 1), else_=0)),
            sa.func.sum(sa.case((matters.c.status.in_(_FINISHED), 1), else_=0)),
        )
        .group_by(matters.c.lead_unit_id)
        .order_by(matters.c.lead_unit_id)
    )
    return tuple(
        UnitCounts(str(unit), int(total), int(open_ or 0), int(late or 0), int(done or 0))
        for unit, total, open_, late, done in rows
    )


def score_totals(connection: sa.Connection, *, period: str) -> dict[str, decimal.Decimal]:
    """Each unit's summed points in a period key (``"2026"``, ``"2026-H1"``), aggregated in
    SQL over the ``(unit_id, period)`` index; exact decimals."""
    if not isinstance(period, str) or not period:
        raise InvalidInput("period", "a period key such as 2026 or 2026-H1", period)
    rows = connection.execute(
        sa.select(score_entries.c.unit_id, sa.func.sum(score_entries.c.points))
        .where(score_entries.c.period == period)
        .group_by(score_entries.c.unit_id)
        .order_by(score_entries.c.unit_id)
    )
    return {
        str(unit): decimal.Decimal(str(total)).quantize(decimal.Decimal("0.000001")).normalize()
        for unit, total in rows
    }
