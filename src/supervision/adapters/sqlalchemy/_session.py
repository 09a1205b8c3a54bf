"""What the SQL repositories share with their unit of work: the staged changes and the small
interface they read and write through (:class:`Session`), so that no repository module
imports the unit of work's (and the unit of work imports them all)."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Collection
from typing import Any, Protocol

import sqlalchemy as sa

from supervision.domain.escalation import Escalation
from supervision.domain.events import Event
from supervision.domain.model import Matter, Unit
from supervision.domain.notices import Attempt, Delivery, Notice
from supervision.domain.objections import Objection
from supervision.domain.office import Office, OfficeEvent
from supervision.domain.scorecard import ScoreEntry
from supervision.exceptions import InvalidInput, SupervisionError

from ._schema import Tables

__all__ = ["Session", "Staged", "aware", "office_list", "optional_text"]


class Staged:
    """What one unit of work changed, with the rows to write, not yet committed."""

    def __init__(self) -> None:
        self.new_offices: dict[str, tuple[Office, dict[str, Any]]] = {}
        self.updated_offices: dict[str, tuple[Office, dict[str, Any], int]] = {}
        self.office_events: list[tuple[OfficeEvent, dict[str, Any]]] = []
        self.new_matters: dict[str, tuple[Matter, dict[str, Any]]] = {}
        self.updated_matters: dict[str, tuple[Matter, dict[str, Any], int]] = {}
        self.new_units: dict[tuple[str, str], tuple[Unit, dict[str, Any]]] = {}
        self.updated_units: dict[tuple[str, str], tuple[Unit, dict[str, Any]]] = {}
        self.events: list[tuple[Event, str]] = []
        self.sequences: dict[tuple[str, str, int], tuple[int, int]] = {}
        self.new_escalations: dict[str, tuple[Escalation, dict[str, Any]]] = {}
        self.decided_escalations: dict[str, tuple[Escalation, dict[str, Any]]] = {}
        self.new_scores: dict[str, tuple[ScoreEntry, dict[str, Any]]] = {}
        self.wakes: dict[str, tuple[int, _dt.datetime | None]] = {}
        self.reset_wakes = False
        #: ``matters.settle_quiet`` calls: (since, the offices or None), applied last
        self.settle_quiet: list[tuple[_dt.datetime | None, list[str] | None]] = []
        self.new_notices: dict[str, tuple[Notice, dict[str, Any]]] = {}
        #: documents numbered at commit, in the order staged: (series, [(notice key, its
        #: body cut where the numbered values go)])
        self.numbered: list[tuple[tuple[str, str, int], list[tuple[str, tuple[str, ...]]]]] = []
        #: notice key → (the new delivery state, the state it was read at: the commit's fence)
        self.deliveries: dict[str, tuple[Delivery, Delivery]] = {}
        self.attempts: dict[tuple[str, int], Attempt] = {}
        self.new_objections: dict[str, tuple[Objection, dict[str, Any]]] = {}
        self.updated_objections: dict[str, tuple[Objection, dict[str, Any], int]] = {}
        #: units read from the table in this transaction (a read cache, not a change: a
        #: sweep page writing notices reads each unit once)
        self.units_read: dict[tuple[str, str], Unit | None] = {}

    @property
    def empty(self) -> bool:
        return not (
            self.new_offices or self.updated_offices or self.office_events
            or self.new_matters or self.updated_matters or self.new_units
            or self.updated_units or self.events or self.sequences or self.new_escalations
            or self.decided_escalations or self.new_scores or self.wakes or self.reset_wakes
            or self.new_notices or self.deliveries or self.attempts or self.new_objections
            or self.updated_objections or self.settle_quiet
        )

    def matter(self, matter_id: str) -> Matter | None:
        if matter_id in self.new_matters:
            return self.new_matters[matter_id][0]
        if matter_id in self.updated_matters:
            return self.updated_matters[matter_id][0]
        return None

    def all_matters(self) -> list[Matter]:
        return [m for m, _ in self.new_matters.values()] + [
            m for m, _, _ in self.updated_matters.values()
        ]


class Session(Protocol):
    """The unit of work as its repositories see it."""

    @property
    def tables(self) -> Tables: ...

    @property
    def dialect(self) -> str: ...

    @property
    def staged(self) -> Staged: ...

    @property
    def connection(self) -> sa.Connection: ...

    def read(self, statement: sa.Executable) -> sa.CursorResult[Any]: ...

    def read_sql(self, sql: str, parameters: tuple[Any, ...]) -> sa.CursorResult[Any]: ...

    def begin_write(self) -> None: ...

    def execute(
        self,
        statement: sa.Executable,
        parameters: Any = None,
        *,
        on_unique: Callable[[], SupervisionError] | None = None,
    ) -> sa.CursorResult[Any]: ...

    def insert_many(
        self,
        table: sa.Table,
        rows: list[dict[str, Any]],
        *,
        on_unique: Callable[[], SupervisionError] | None = None,
    ) -> None: ...


def aware(value: object, field: str) -> _dt.datetime:
    """``value`` if it is an aware datetime; InvalidInput otherwise."""
    if not isinstance(value, _dt.datetime) or value.utcoffset() is None:
        raise InvalidInput(field, "an aware datetime", value)
    return value


def optional_text(value: object, field: str) -> str | None:
    """``value`` if it is text or None; InvalidInput otherwise."""
    if value is not None and not isinstance(value, str):
        raise InvalidInput(field, "an id (a string) or None", value)
    return value


def office_list(offices: object) -> list[str] | None:
    """None (every office) or the office ids of a collection, as a list."""
    if offices is None:
        return None
    if isinstance(offices, str) or not isinstance(offices, Collection):
        raise InvalidInput("offices", "a collection of office ids, or None for every office",
                           offices)
    if not all(isinstance(o, str) for o in offices):
        raise InvalidInput("offices", "a collection of office ids", offices)
    return sorted({str(o) for o in offices})
