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

from supervision.clock import require_aware
from supervision.domain.actors import UNIT_ROLES, Actor, require_actor
from supervision.domain.lifecycle import Status
from supervision.domain.model import Matter
from supervision.domain.permissions import OFFICE_FIGURE_ROLES, can_view
from supervision.exceptions import InputOutOfBounds, InvalidInput

from . import _rows
from ._schema import Tables
from ._session import Session

__all__ = [
    "FILTERS",
    "MAX_PAGE",
    "MAX_PAGE_SIZE",
    "SORT_KEYS",
    "MatterPage",
    "MatterQuery",
    "UnitCounts",
    "ledger_counts",
    "query_matters",
    "score_totals",
]

#: The largest page a caller may ask for, and the highest page number.
MAX_PAGE_SIZE = 500
MAX_PAGE = 1_000_000


def _status(value: str) -> str:
    try:
        return Status(value).value
    except ValueError as error:
        known = ", ".join(s.value for s in Status)
        raise InvalidInput("status", f"one of {known}", value) from error


def _instant(name: str) -> Callable[[str], _dt.datetime]:
    def parse(value: str) -> _dt.datetime:
        expected = "an ISO 8601 date-time with offset (2026-03-02T09:00:00+08:00), 1900–2999"
        if not isinstance(value, str) or len(value) > 40:
            raise InvalidInput(name, expected, value)
        try:
            parsed = _dt.datetime.fromisoformat(value)
            if parsed.utcoffset() is None:
                raise InvalidInput(name, "a date-time with its offset, e.g. +08:00", value)
            utc = parsed.astimezone(_dt.UTC)
        except (ValueError, OverflowError) as error:
            raise InvalidInput(name, expected, value) from error
        if not 1900 <= utc.year <= 2999:
            raise InvalidInput(name, expected, value)
        return parsed

    return parse


def _bool(name: str) -> Callable[[str], bool]:
    def parse(value: str) -> bool:
        if value not in ("true", "false"):
            raise InvalidInput(name, "true or false", value)
        return value == "true"

    return parse


def _year(value: str) -> int:
    if not isinstance(value, str) or not value.isascii() or not value.isdigit() or len(value) != 4:
        raise InvalidInput("year", "a four-digit year such as 2026", value)
    return int(value)


def _id(name: str) -> Callable[[str], str]:
    def parse(value: str) -> str:
        _rows.check_text(value, name)
        if not value or len(value) > 128:
            raise InvalidInput(name, "an id of 1 to 128 characters", value)
        return value

    return parse


_Condition = Callable[[Tables, Any], sa.ColumnElement[bool]]

#: Filter name → (parser of the caller's text, SQL condition builder).
FILTERS: Mapping[str, tuple[Callable[[str], Any], _Condition]] = {
    "status": (_status, lambda t, v: t.matters.c.status == v),
    "open": (_bool("open"), lambda t, v: t.matters.c.is_open == v),
    "unit_id": (
        _id("unit_id"),
        lambda t, v: t.matters.c.id.in_(
            sa.select(t.assignments.c.matter_id).where(t.assignments.c.unit_id == v)
        ),
    ),
    "lead_unit_id": (_id("lead_unit_id"), lambda t, v: t.matters.c.lead_unit_id == v),
    "parent_id": (_id("parent_id"), lambda t, v: t.matters.c.parent_id == v),
    "reinspection_of": (_id("reinspection_of"), lambda t, v: t.matters.c.reinspection_of == v),
    "year": (_year, lambda t, v: t.matters.c.number_year == v),
    "due_before": (_instant("due_before"), lambda t, v: t.matters.c.due_at < v),
    "due_after": (_instant("due_after"), lambda t, v: t.matters.c.due_at >= v),
    "registered_from": (_instant("registered_from"),
                        lambda t, v: t.matters.c.registered_at >= v),
    "registered_until": (_instant("registered_until"),
                         lambda t, v: t.matters.c.registered_at < v),
}

#: Sort key → the columns it orders by (the id always breaks ties last).
SORT_KEYS: Mapping[str, Callable[[Tables], tuple[sa.ColumnElement[Any], ...]]] = {
    "registered_at": lambda t: (t.matters.c.registered_at,),
    "due_at": lambda t: (t.matters.c.due_at,),
    "number": lambda t: (t.matters.c.office_id, t.matters.c.number_prefix,
                         t.matters.c.number_year, t.matters.c.number_seq),
    "status": lambda t: (t.matters.c.status,),
    "id": lambda t: (t.matters.c.id,),
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
                # the parameter is named, unless its name itself is not printable text
                shown_name = (name if isinstance(name, str) and name.isprintable()
                              and 0 < len(name) <= 64 else "params")
                raise InvalidInput(
                    shown_name, f"a filter among {sorted(FILTERS)} or {list(_PAGING)}", text
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
        if page.__class__ is not int or not 1 <= page <= MAX_PAGE:
            raise InvalidInput("page", f"a page number from 1 to {MAX_PAGE}", page)
        if page_size.__class__ is not int or not 1 <= page_size <= MAX_PAGE_SIZE:
            raise InvalidInput("page_size", f"a page size from 1 to {MAX_PAGE_SIZE}", page_size)
        return cls(tuple(checked), tuple(order), page, page_size)


def _int(name: str, value: str) -> int:
    if not isinstance(value, str) or not value.isascii() or not value.isdigit() or len(value) > 9:
        raise InvalidInput(name, "a whole number (at most 9 digits)", value)
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


def _visible_condition(session: Session, actor: Actor) -> sa.ColumnElement[bool]:
    """The SQL part of what ``actor`` may see: the offices they read, their own unit's
    matters for unit roles, and of the confidential matters only those they are designated
    for (checked in Python, since the access list lives in the matter's body)."""
    actor = require_actor(actor)
    t = session.tables
    m = t.matters
    conditions: list[sa.ColumnElement[bool]] = [m.c.office_id.in_(sorted(actor.readable_offices))]
    if actor.roles <= UNIT_ROLES:
        conditions.append(m.c.id.in_(
            sa.select(t.assignments.c.matter_id).where(t.assignments.c.unit_id == actor.unit_id)
        ))
    base = sa.and_(*conditions)
    confidential = [
        _rows.matter_from_row(row)
        for row in session.read(
            sa.select(m.c.body, m.c.version).where(base, m.c.confidential == sa.true()))
    ]
    allowed = sorted(x.id for x in confidential if can_view(actor, x))
    return sa.and_(base, sa.or_(m.c.confidential == sa.false(), m.c.id.in_(allowed)))


def _visible_ids(
    session: Session, visible: sa.ColumnElement[bool], ids: set[str]
) -> set[str]:
    """Which of ``ids`` name matters the reader may see (``visible``: their condition)."""
    if not ids:
        return set()
    m = session.tables.matters
    rows = session.read(sa.select(m.c.id).where(visible, m.c.id.in_(sorted(ids))))
    return {str(row.id) for row in rows}


_LINKS = ("parent_id", "reinspection_of")


def _redacted(
    session: Session, visible: sa.ColumnElement[bool], items: tuple[Matter, ...]
) -> tuple[Matter, ...]:
    """The matters with their links to matters the reader may not see blanked (as the
    service layer's :func:`~supervision.service_layer.queries.redact` does)."""
    linked = {v for m in items for v in (m.parent_id, m.reinspection_of) if v is not None}
    shown = _visible_ids(session, visible, linked)

    def blank(matter: Matter) -> Matter:
        parent = matter.parent_id if matter.parent_id in shown else None
        origin = matter.reinspection_of if matter.reinspection_of in shown else None
        if (parent, origin) == (matter.parent_id, matter.reinspection_of):
            return matter
        return attrs.evolve(matter, parent_id=parent, reinspection_of=origin)

    return tuple(blank(m) for m in items)


def query_matters(session: Session, actor: Actor, query: MatterQuery) -> MatterPage:
    """Run a checked query on committed data for ``actor``: only the matters the actor may
    see are counted and returned (their office, their unit for unit roles, confidentiality).
    A ``parent_id`` / ``reinspection_of`` filter naming a matter the actor may not see finds
    nothing, as a missing id does, and a returned matter's link to a hidden matter is blanked,
    so a page never names a hidden matter."""
    if not isinstance(query, MatterQuery):
        raise InvalidInput("query", "a MatterQuery (from MatterQuery.of or from_params)", query)
    t = session.tables
    m = t.matters
    visible = _visible_condition(session, actor)
    named = {value for name, value in query.filters if name in _LINKS}
    if named and _visible_ids(session, visible, named) != named:
        return MatterPage((), 0, query.page, query.page_size)
    conditions = [visible, *(FILTERS[name][1](t, value) for name, value in query.filters)]
    total = session.read(
        sa.select(sa.func.count()).select_from(m).where(*conditions)
    ).scalar_one()
    order: list[sa.ColumnElement[Any]] = []
    for name, descending in query.sort:
        order.extend(c.desc() if descending else c.asc() for c in SORT_KEYS[name](t))
    order.append(m.c.id.asc())
    rows = session.read(
        sa.select(m.c.body, m.c.version)
        .where(*conditions)
        .order_by(*order)
        .limit(query.page_size)
        .offset((query.page - 1) * query.page_size)
    )
    items = _redacted(session, visible, tuple(_rows.matter_from_row(row) for row in rows))
    return MatterPage(items, int(total), query.page, query.page_size)


@attrs.frozen
class UnitCounts:
    """A unit's ledger counts at an instant, aggregated in SQL (as lead unit, 主办):
    ``total`` matters, ``open`` ones, ``overdue`` (open and due before the instant) and
    ``finished`` (completed, closed or archived), of the matters the reader may see."""

    unit_id: str
    total: int
    open: int
    overdue: int
    finished: int


_FINISHED = (Status.COMPLETED.value, Status.CLOSED.value, Status.ARCHIVED.value)


def ledger_counts(
    session: Session, actor: Actor, *, at: _dt.datetime
) -> tuple[UnitCounts, ...]:
    """Per lead unit: the matters ``actor`` may see, open, overdue at ``at`` and finished,
    in one GROUP BY (the ledger's summary rows), ordered by unit id."""
    require_aware(at, "at")
    try:
        year = at.astimezone(_dt.UTC).year
    except (OverflowError, ValueError):
        year = 0
    if not 1900 <= year <= 2999:
        raise InputOutOfBounds("at", "an aware datetime from 1900 to 2999", at,
                               limit="1900-01-01..2999-12-31")
    m = session.tables.matters
    overdue = sa.and_(m.c.is_open == sa.true(), m.c.due_at < at)
    rows = session.read(
        sa.select(
            m.c.lead_unit_id,
            sa.func.count(),
            sa.func.sum(sa.case((m.c.is_open == sa.true(), 1), else_=0)),
            sa.func.sum(sa.case((overdue, 1), else_=0)),
            sa.func.sum(sa.case((m.c.status.in_(_FINISHED), 1), else_=0)),
        )
        .where(_visible_condition(session, actor))
        .group_by(m.c.lead_unit_id)
        .order_by(m.c.lead_unit_id)
    )
    found: list[UnitCounts] = []
    for row in rows:
        unit, total, open_, late, done = tuple(row)
        found.append(UnitCounts(str(unit), int(total), int(open_ or 0), int(late or 0),
                                int(done or 0)))
    return tuple(found)


def score_totals(
    session: Session, actor: Actor, *, period: str
) -> dict[str, decimal.Decimal]:
    """Each unit's summed points in a period key (``"2026"``, ``"2026-H1"``) in the actor's
    office, aggregated in SQL.

    For the roles in :data:`~supervision.domain.permissions.OFFICE_FIGURE_ROLES` this is an
    *office-level figure*: every entry of the office counts, also those tracing to matters
    the reader may not see (the regulations assess a unit on all its work; no matter is named).
    A unit's people see their own unit's total only, counting only the entries that trace to
    matters they may see, as :func:`~supervision.service_layer.assessment.scorecard` does."""
    if require_actor(actor).office_id is None:
        raise InvalidInput("actor", "a supervision.domain.Actor working in an office", actor)
    if not isinstance(period, str) or not period or len(period) > 32:
        raise InvalidInput("period", "a period key such as 2026 or 2026-H1", period)
    _rows.check_text(period, "period")
    t = session.tables
    s = t.score_entries
    query = (
        sa.select(s.c.unit_id, sa.func.sum(s.c.points))
        .where(s.c.period == period, s.c.office_id == actor.office_id)
        .group_by(s.c.unit_id)
        .order_by(s.c.unit_id)
    )
    if not actor.roles & OFFICE_FIGURE_ROLES:
        links, m = t.score_entry_matters, t.matters
        seen = sa.select(m.c.id).where(_visible_condition(session, actor))
        hidden_link = sa.select(links.c.entry_key).where(
            links.c.entry_key == s.c.key, links.c.matter_id.not_in(seen))
        query = query.where(s.c.unit_id == (actor.unit_id or ""), ~sa.exists(hidden_link))
    totals: dict[str, decimal.Decimal] = {}
    for row in session.read(query):
        unit, total = tuple(row)
        totals[str(unit)] = decimal.Decimal(str(total)).quantize(
            decimal.Decimal("0.000001")).normalize()
    return totals
