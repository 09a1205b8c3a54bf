"""The ledger's rows as the exports show them: the service layer's ledger plus where each
matter stands (overdue, due soon, on track, …) and whether it was finished on time.

Built only from :func:`supervision.service_layer.ledger` and
:func:`supervision.service_layer.list_matters`, so read-path confidentiality applies: a matter
the actor may not see is not in the entries, and a secret matter shows its reference only.
"""

from __future__ import annotations

import datetime as _dt
import enum
from collections.abc import Iterable

import attrs

from supervision.calendar import SHANGHAI, Calendar
from supervision.domain._text import check_instant
from supervision.domain.actors import Actor
from supervision.domain.lifecycle import Status
from supervision.domain.model import ConfidentialityKind, Matter
from supervision.exceptions import InvalidInput, UnknownCategory
from supervision.ports import UnitOfWork
from supervision.service_layer.context import Context
from supervision.service_layer.queries import LedgerRow, ledger, list_matters
from supervision.text import cn_date

__all__ = [
    "DEFAULT_DUE_SOON_WORKING_DAYS",
    "HEADERS",
    "LedgerEntry",
    "Standing",
    "UnitRate",
    "ledger_entries",
    "on_time_rates",
]

#: Library convention (the texts name no warning window for a ledger): a matter is 临期 when its
#: due day is at most this many working days after the ledger's day. The policies' own
#: pre-deadline reminder (``pre_deadline_warning_working_days``, 1 by default) is separate.
DEFAULT_DUE_SOON_WORKING_DAYS = 3

_DONE = frozenset({Status.ACCEPTED, Status.COMPLETED, Status.CLOSED, Status.ARCHIVED})
_ENDED = frozenset({Status.WITHDRAWN, Status.TERMINATED})


class Standing(enum.Enum):
    """Where a matter stands at the ledger's time; ``.label`` is the Chinese term and
    ``.colour`` the row fill in the .xlsx export (RGB hex, empty for none)."""

    OVERDUE = "overdue"
    DUE_SOON = "due_soon"
    ON_TRACK = "on_track"
    DONE = "done"
    NOT_DISPATCHED = "not_dispatched"
    ENDED = "ended"

    @property
    def label(self) -> str:
        """逾期, 临期, 正常推进, 已办结, 未交办, 已撤销或终止."""
        return {
            Standing.OVERDUE: "逾期",
            Standing.DUE_SOON: "临期",
            Standing.ON_TRACK: "正常推进",
            Standing.DONE: "已办结",
            Standing.NOT_DISPATCHED: "未交办",
            Standing.ENDED: "已撤销或终止",
        }[self]

    @property
    def colour(self) -> str:
        """Red for overdue, yellow for due soon, green for on track; no fill otherwise."""
        return {
            Standing.OVERDUE: "FFC7CE",
            Standing.DUE_SOON: "FFEB9C",
            Standing.ON_TRACK: "C6EFCE",
        }.get(self, "")


#: The ledger's columns (台账表头), in order: ``lianyungang-2019 §7.1`` lists content, method,
#: lead unit, deadline, responsible person and requirements; the rest is the matter's standing.
HEADERS: tuple[str, ...] = (
    "序号",
    "编号",
    "督办事项",
    "事项来源",
    "事项类别",
    "办理方式",
    "主办单位",
    "协办单位",
    "责任人",
    "办理要求",
    "办理时限",
    "截止日期",
    "办理状态",
    "督办情况",
    "签收情况",
    "知情范围",
)


@attrs.frozen
class LedgerEntry:
    """One ledger row with its standing, its position (序号) and, once decided, whether the
    matter was finished on time (None while it is neither finished nor overdue).
    ``category_label`` is the category as the matter's policy names it (重要事项; the row
    holds its key)."""

    index: int
    row: LedgerRow
    standing: Standing
    on_time: bool | None
    confidentiality: ConfidentialityKind
    category_label: str = ""

    def cells(self) -> tuple[str, ...]:
        """The row as text, one cell per :data:`HEADERS` column (what the CSV holds)."""
        row = self.row
        if row.unacknowledged_units:
            acknowledged = "未签收：" + "、".join(row.unacknowledged_units)
        else:
            acknowledged = "已签收"
        return (
            str(self.index),
            row.number,
            row.title,
            row.source,
            self.category_label or row.category,
            row.handling_mode,
            row.lead_unit,
            "、".join(row.co_units),
            "、".join(row.responsible),
            row.requirements,
            row.deadline,
            "" if row.due_day is None else cn_date(row.due_day),
            row.status.label,
            self.standing.label,
            acknowledged,
            "" if self.confidentiality is ConfidentialityKind.NONE else self.confidentiality.label,
        )


def _standing(
    row: LedgerRow, as_of: _dt.datetime, calendar: Calendar, window: int
) -> Standing:
    if row.status in _DONE:
        return Standing.DONE
    if row.status in _ENDED:
        return Standing.ENDED
    if not row.status.is_open or row.due_day is None:
        return Standing.NOT_DISPATCHED
    if row.overdue:
        return Standing.OVERDUE
    day = as_of.astimezone(SHANGHAI).date()
    if window and row.due_day <= calendar.add_working_days(day, window):
        return Standing.DUE_SOON
    return Standing.ON_TRACK


def _on_time(row: LedgerRow, standing: Standing, matter: Matter | None) -> bool | None:
    if standing is Standing.OVERDUE:
        return False
    if standing is not Standing.DONE or matter is None or matter.due is None:
        return None
    finished = matter.completed_at
    if finished is None:  # accepted, not yet 办结: judged by the review time
        rounds = matter.rounds
        finished = rounds[-1].reviewed_at if rounds else None
    if finished is None:
        return None
    return finished <= matter.due.due_at


def ledger_entries(
    uow: UnitOfWork,
    ctx: Context,
    actor: Actor,
    as_of: _dt.datetime,
    *,
    due_soon_working_days: int = DEFAULT_DUE_SOON_WORKING_DAYS,
) -> list[LedgerEntry]:
    """The ledger at ``as_of`` as the actor may see it, each row with its standing.

    Standing: 逾期 when open and past its due instant; 临期 when open and due within
    ``due_soon_working_days`` working days of ``as_of``'s day (counted on the matter's
    office's calendar; 0 turns it off); 正常推进 otherwise while open; 已办结 once accepted,
    completed, closed or archived; 未交办 before dispatch; 已撤销或终止 when withdrawn or
    terminated.
    """
    check_instant(as_of, "as_of")
    if due_soon_working_days.__class__ is not int or not 0 <= due_soon_working_days <= 60:
        raise InvalidInput("due_soon_working_days", "a whole number from 0 to 60",
                           due_soon_working_days)
    rows = ledger(uow, ctx, actor, as_of)
    matters = {m.id: m for m in list_matters(uow, ctx, actor)}
    with uow:
        calendars = {o.id: ctx.calendar_of(o) for o in uow.offices.list()
                     if actor.reads(o.id)}
    entries: list[LedgerEntry] = []
    for index, row in enumerate(rows, start=1):
        calendar = calendars.get(row.office_id, ctx.calendar)
        standing = _standing(row, as_of, calendar, due_soon_working_days)
        matter = matters.get(row.matter_id)
        kind = ConfidentialityKind.NONE if matter is None else matter.confidentiality.kind
        entries.append(LedgerEntry(
            index, row, standing, _on_time(row, standing, matter), kind,
            _category_label(ctx, matter, row.category),
        ))
    return entries


def _category_label(ctx: Context, matter: Matter | None, key: str) -> str:
    """The Chinese label of ``key`` in the policy ``matter`` lives under ('' when none)."""
    if matter is None or not key:
        return ""
    try:
        return ctx.policy_of(matter).category(key).label
    except UnknownCategory:
        return ""


@attrs.frozen
class UnitRate:
    """A lead unit's on-time rate (按期办结率): of its matters whose outcome is decided at the
    ledger's time (finished, or overdue), how many were finished by their due instant.
    ``rate`` is None when nothing is decided yet."""

    unit: str
    decided: int
    on_time: int

    @property
    def rate(self) -> float | None:
        return None if self.decided == 0 else self.on_time / self.decided


def on_time_rates(entries: Iterable[LedgerEntry]) -> list[UnitRate]:
    """The on-time rate of each lead unit (主办单位: the lead alone reports,
    ``tongren-2014 art.8(2)``), in the order units first appear in the ledger."""
    counts: dict[str, list[int]] = {}
    for entry in entries:
        tally = counts.setdefault(entry.row.lead_unit, [0, 0])
        if entry.on_time is not None:
            tally[0] += 1
            tally[1] += entry.on_time
    return [UnitRate(unit, decided, on_time) for unit, (decided, on_time) in counts.items()]
