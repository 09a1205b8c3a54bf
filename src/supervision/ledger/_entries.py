"""The ledger's rows as the exports show them: the service layer's ledger plus where each
matter stands (:mod:`supervision.domain.statistics`: its standing, traffic light and the
light's history) and everything an import needs to register it again.

Built only from what :func:`supervision.service_layer.ledger` and
:func:`supervision.service_layer.list_matters` are built from (``visible_matters`` and
``ledger_rows``, read once), so read-path confidentiality applies: a matter
the actor may not see is not in the entries, and a secret matter shows its reference only.
:func:`read_ledger` adds one office's figures (the one set of statistics) to its rows.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Mapping

import attrs

from supervision._collector import paused
from supervision.calendar import Calendar
from supervision.domain._text import check_instant
from supervision.domain.actors import Actor
from supervision.domain.model import ConfidentialityKind, Matter
from supervision.domain.notices import Delivery, Notice
from supervision.domain.policy import Policy
from supervision.domain.scoring import ScorePeriod
from supervision.domain.statistics import (
    DEFAULT_DUE_SOON_WORKING_DAYS,
    Histories,
    Light,
    LightChange,
    MatterStanding,
    Outcome,
    Rate,
    Standing,
    matter_facts,
)
from supervision.exceptions import InvalidInput, UnknownCategory
from supervision.ledger._labels import deadline_text, leader_text, people_text, source_text
from supervision.ports import UnitOfWork
from supervision.service_layer._support import check_actor
from supervision.service_layer.context import Context
from supervision.service_layer.queries import LedgerRow, ledger_rows, visible_matters
from supervision.service_layer.reporting import OfficeStatistics, office_statistics
from supervision.text import cn_date

__all__ = [
    "DEFAULT_DUE_SOON_WORKING_DAYS",
    "HEADERS",
    "Ledger",
    "LedgerDetails",
    "LedgerEntry",
    "Standing",
    "UnitRate",
    "delivery_label",
    "ledger_entries",
    "on_time_rates",
    "read_ledger",
]

#: The ledger's columns (台账表头), in order: ``lianyungang-2019 §7.1`` lists content, method,
#: lead unit, deadline, responsible person and requirements; the source columns, category,
#: urgency, key work, the leader in charge and the confidentiality are what an import needs
#: to register the matter again (docs/ledger.md, "Round trip"); the rest is where the matter
#: stands: its status, standing, traffic light and the light's history.
HEADERS: tuple[str, ...] = (
    "序号",
    "编号",
    "督办事项",
    "事项来源",
    "来源说明",
    "来源日期",
    "纪要印发日期",
    "批示日期",
    "事项类别",
    "紧急程度",
    "重点工作",
    "办理方式",
    "主办单位",
    "协办单位",
    "责任人",
    "分管领导",
    "办理要求",
    "办理时限",
    "截止日期",
    "办理状态",
    "督办情况",
    "督办灯",
    "亮灯记录",
    "签收情况",
    "知情范围",
    "送达情况",
)


@attrs.frozen
class LedgerDetails:
    """What an import needs besides the service layer's row, as the ledger writes it."""

    source: str = ""
    reference: str = ""
    source_day: _dt.date | None = None
    minutes_day: _dt.date | None = None
    instruction_day: _dt.date | None = None
    urgency: str = ""
    key_work: bool = False
    responsible: str = ""
    supervising_leader: str = ""
    deadline: str = ""


def _details(matter: Matter) -> LedgerDetails:
    secret = matter.confidentiality.kind is ConfidentialityKind.SECRET
    source = matter.source
    return LedgerDetails(
        source=source_text(matter),
        reference="" if secret else source.reference,
        source_day=source.meeting_date or source.issued_on,
        minutes_day=source.minutes_date,
        instruction_day=None if matter.instruction is None else matter.instruction.on,
        urgency=matter.urgency.label,
        key_work=matter.key_work,
        responsible=people_text(matter.responsible),
        supervising_leader=leader_text(matter),
        deadline=deadline_text(matter.terms),
    )


@attrs.frozen
class LedgerEntry:
    """One ledger row with its standing, its position (序号) and, once decided, whether the
    matter was finished on time (None while it is neither finished nor overdue).

    ``category_label`` is the category as the matter's policy names it (重要事项; the row holds
    its key); ``outcome`` its statistics bucket, ``reason`` why its light has its colour and
    ``history`` every change of its light (derived from its events); ``details`` what an
    import needs; ``policy`` the name of the policy the matter lives under."""

    index: int
    row: LedgerRow
    standing: Standing
    on_time: bool | None
    confidentiality: ConfidentialityKind
    category_label: str = ""
    outcome: Outcome | None = None
    reason: str = ""
    history: tuple[LightChange, ...] = ()
    details: LedgerDetails | None = None
    policy: str = ""
    #: the delivery of the matter's notices at the ledger's time: 已送达, 未送达（N件）, or
    #: empty when none was written (:func:`delivery_label`)
    delivery: str = ""

    @property
    def light(self) -> Light:
        return self.standing.light

    @property
    def light_text(self) -> str:
        """``红灯（已逾期3个工作日）``, or just the label with no reason."""
        return f"{self.light.label}（{self.reason}）" if self.reason else self.light.label

    @property
    def history_text(self) -> str:
        """The light's history in one cell: ``2026年3月2日 绿灯（…）；2026年3月9日 黄灯（…）``."""
        return "；".join(change.text for change in self.history)

    def cells(self) -> tuple[str, ...]:
        """The row as text, one cell per :data:`HEADERS` column (what the CSV holds)."""
        row = self.row
        details = self.details or LedgerDetails(source=row.source, deadline=row.deadline,
                                                responsible="、".join(row.responsible))
        if row.unacknowledged_units:
            acknowledged = "未签收：" + "、".join(row.unacknowledged_units)
        else:
            acknowledged = "已签收"
        values = {
            "序号": str(self.index),
            "编号": row.number,
            "督办事项": row.title,
            "事项来源": details.source,
            "来源说明": details.reference,
            "来源日期": "" if details.source_day is None else cn_date(details.source_day),
            "纪要印发日期": "" if details.minutes_day is None else cn_date(details.minutes_day),
            "批示日期": (
                "" if details.instruction_day is None else cn_date(details.instruction_day)
            ),
            "事项类别": self.category_label or row.category,
            "紧急程度": details.urgency,
            "重点工作": "是" if details.key_work else "",
            "办理方式": row.handling_mode,
            "主办单位": row.lead_unit,
            "协办单位": "、".join(row.co_units),
            "责任人": details.responsible,
            "分管领导": details.supervising_leader,
            "办理要求": row.requirements,
            "办理时限": details.deadline,
            "截止日期": "" if row.due_day is None else cn_date(row.due_day),
            "办理状态": row.status.label,
            "督办情况": self.standing.label,
            "督办灯": self.light_text,
            "亮灯记录": self.history_text,
            "签收情况": acknowledged,
            "知情范围": (
                "" if self.confidentiality is ConfidentialityKind.NONE
                else self.confidentiality.label
            ),
            "送达情况": self.delivery,
        }
        return tuple(values[h] for h in HEADERS)


def ledger_entries(
    uow: UnitOfWork,
    ctx: Context,
    actor: Actor,
    as_of: _dt.datetime,
    *,
    due_soon_working_days: int = DEFAULT_DUE_SOON_WORKING_DAYS,
    history: bool = True,
) -> list[LedgerEntry]:
    """The ledger at ``as_of`` as the actor may see it, each row with its standing, light
    and (unless ``history`` is False, for a bulk export: about a millisecond a matter) the
    light's history up to ``as_of`` (docs/statistics.md).

    Standing: 逾期 (red) when the lead unit owes something whose deadline has passed; 临期
    (yellow) when it is due within ``due_soon_working_days`` working days of ``as_of``'s day
    (counted on the matter's office's calendar; 0 turns it off); 正常推进 (green) otherwise
    while open; 已反馈待审核 (green) once the unit reported and the office has not reviewed
    yet; 已中止 while suspended; 已办结 once accepted, completed, closed or archived; 未交办
    before dispatch; 已撤销或终止 when withdrawn or terminated.
    """
    check_instant(as_of, "as_of")
    with_history = bool(history)
    if due_soon_working_days.__class__ is not int or not 0 <= due_soon_working_days <= 60:
        raise InvalidInput("due_soon_working_days", "a whole number from 0 to 60",
                           due_soon_working_days)
    check_actor(actor)
    # every row's matter, events, facts, standings and entry are built at once and kept
    # until the entries are returned, none in a reference cycle: the collector's passes over
    # the host's heap meanwhile would find nothing to free (supervision._collector)
    with paused():
        return _entries(uow, ctx, actor, as_of, due_soon_working_days, with_history)


def _entries(uow: UnitOfWork, ctx: Context, actor: Actor, as_of: _dt.datetime,
             due_soon_working_days: int, with_history: bool) -> list[LedgerEntry]:
    """:func:`ledger_entries` once its arguments are checked."""
    with uow:
        # the matters are read once, with their events in one read per 900 (set-based):
        # the same rows ledger() gives, the same matters list_matters() gives
        visible = visible_matters(uow, actor)
        events = uow.events.for_matters([m.id for m in visible])
        # each matter's facts, derived once: at an instant where the matter stood as it is
        # (its latest event, of its version, by then) it is judged from them, not rebuilt
        # (``assess``, ``light_history``: ``current``); the body is decoded here anyway, and
        # deriving them costs less than reading the stored ones back on SQL
        facts = {m.id: matter_facts(m) for m in visible}
        standings: dict[str, MatterStanding] = {}
        # the standings and the histories judged once per distinct parts (Histories)
        judge = Histories()
        rows = ledger_rows(uow, ctx, visible, as_of, events=events, standings=standings,
                           facts=facts, judge=judge)
        offices = {o.id: o for o in uow.offices.list() if actor.reads(o.id)}
        notices = uow.notices.for_matters([row.matter_id for row in rows])
        # the delivery of every notice written by then, in one read for the set
        states = uow.notices.deliveries([n.key for row in rows for n in notices[row.matter_id]
                                         if n.created_at <= as_of])
        delivered = {row.matter_id: _delivered(notices[row.matter_id], states, as_of)
                     for row in rows}
    calendars: dict[str, Calendar] = {k: ctx.calendar_of(o) for k, o in offices.items()}
    closes = {k: ctx.close_of(o) for k, o in offices.items()}
    matters = {m.id: m for m in visible}
    # what is the same for every row of a policy, found once per read: each recorded
    # policy (by its fingerprint: the name and the parameters) and its categories' labels
    default_window = due_soon_working_days == DEFAULT_DUE_SOON_WORKING_DAYS
    if not default_window:
        judge = Histories(due_soon_working_days=due_soon_working_days)
    policies: dict[str, Policy] = {}
    labels: dict[tuple[str, str], str] = {}
    entries: list[LedgerEntry] = []
    for index, row in enumerate(rows, start=1):
        matter = matters[row.matter_id]
        office_id = row.office_id
        calendar = calendars.get(office_id, ctx.calendar)
        close = closes.get(office_id)
        fingerprint = matter.policy.fingerprint
        policy = policies.get(fingerprint)
        if policy is None:
            policy = policies[fingerprint] = ctx.policy_of(matter)
        events_of = events.get(row.matter_id, [])
        current = facts.get(row.matter_id)
        # the row's standing is this one when the window is the default (same matter,
        # events, policy, calendar and closing time)
        standing = standings.get(row.matter_id) if (
            default_window and office_id in offices) else None
        if standing is None:
            standing = judge.standing(matter, events_of, policy, calendar, as_of,
                                      close=close, current=current)
        assert standing is not None  # the row exists: the matter was registered by as_of
        changes = () if not with_history else judge.of(
            matter, events_of, policy, calendar, as_of, close=close, current=current)
        label_key = (fingerprint, row.category)
        label = labels.get(label_key)
        if label is None:
            label = labels[label_key] = _category_label(policy, row.category)
        entries.append(LedgerEntry(
            index, row, standing.standing, standing.on_time, matter.confidentiality.kind,
            label, standing.outcome, standing.reason,
            changes, _details(matter), policy.name, delivered[row.matter_id],
        ))
    return entries


def delivery_label(uow: UnitOfWork, matter_id: str, as_of: _dt.datetime) -> str:
    """送达 / 未送达 of a matter's notices written by ``as_of`` (inside the caller's unit of
    work): 已送达 when every one was delivered by then, 未送达（N件） with the number not
    delivered, empty when none was written."""
    notices = [n for n in uow.notices.for_matter(matter_id) if n.created_at <= as_of]
    return _delivered(notices, uow.notices.deliveries([n.key for n in notices]), as_of)


def _delivered(notices: Iterable[Notice], states: Mapping[str, Delivery],
               as_of: _dt.datetime) -> str:
    """:func:`delivery_label` of the matter's notices, their delivery states read already
    (``states``: at least those written by ``as_of``, by key)."""
    notices = [n for n in notices if n.created_at <= as_of]
    if not notices:
        return ""
    missing = sum(not states[n.key].delivered_by(as_of) for n in notices)
    return "已送达" if not missing else f"未送达（{missing}件）"


def _category_label(policy: Policy, key: str) -> str:
    """The Chinese label of ``key`` in ``policy`` (the matter's own; '' when none)."""
    if not key:
        return ""
    try:
        return policy.category(key).label
    except UnknownCategory:
        return ""


@attrs.frozen
class UnitRate:
    """A lead unit's on-time rate (按期办结率) over the ledger's rows: of its matters whose
    outcome is decided at the ledger's time (finished, or overdue) — the rate's denominator —
    how many were finished on time. ``rate`` is the rate as a fraction (the one rounding of
    :class:`~supervision.domain.statistics.Rate`), None when nothing is decided yet."""

    unit: str
    decided: int
    on_time: int

    @property
    def figure(self) -> Rate:
        return Rate(self.on_time, self.decided)

    @property
    def rate(self) -> float | None:
        return self.figure.fraction


def _decided(entry: LedgerEntry) -> tuple[bool, bool]:
    """(in the rate's denominator, on time) for one entry."""
    if entry.outcome is not None:
        return entry.outcome.decided, entry.outcome is Outcome.COMPLETED_ON_TIME
    return entry.on_time is not None, bool(entry.on_time)


def on_time_rates(entries: Iterable[LedgerEntry]) -> list[UnitRate]:
    """The on-time rate of each lead unit (主办单位: the lead alone reports,
    ``tongren-2014 art.8(2)``) over these rows, in the order units first appear."""
    counts: dict[str, list[int]] = {}
    for entry in entries:
        tally = counts.setdefault(entry.row.lead_unit, [0, 0])
        decided, on_time = _decided(entry)
        if decided:
            tally[0] += 1
            tally[1] += on_time
    return [UnitRate(unit, decided, on_time) for unit, (decided, on_time) in counts.items()]


@attrs.frozen
class Ledger:
    """One office's ledger at ``as_of`` as the reader may see it, with the office's figures
    for ``period`` (None: every matter dispatched by ``as_of``): what the ledger's text,
    CSV, .xlsx (rate sheet, statistics sheet, chart) and JSON outputs show. ``statistics``
    states the office, the policy, the instant and the basis."""

    entries: tuple[LedgerEntry, ...]
    statistics: OfficeStatistics

    @property
    def as_of(self) -> _dt.datetime:
        return self.statistics.as_of

    @property
    def office_name(self) -> str:
        return self.statistics.office_name


def read_ledger(
    uow: UnitOfWork,
    ctx: Context,
    actor: Actor,
    *,
    as_of: _dt.datetime,
    period: ScorePeriod | None = None,
    office_id: str | None = None,
    due_soon_working_days: int = DEFAULT_DUE_SOON_WORKING_DAYS,
    history: bool = True,
) -> Ledger:
    """The actor's office's (or ``office_id``'s) ledger at ``as_of`` with its figures for
    ``period`` (:func:`~supervision.service_layer.reporting.office_statistics`);
    ``history=False`` leaves the lights' history out (a bulk export)."""
    statistics = office_statistics(uow, ctx, actor, as_of=as_of, period=period,
                                   office_id=office_id,
                                   due_soon_working_days=due_soon_working_days)
    found = [e for e in ledger_entries(uow, ctx, actor, as_of,
                                       due_soon_working_days=due_soon_working_days,
                                       history=history)
             if e.row.office_id == statistics.office_id]
    entries = tuple(attrs.evolve(e, index=i) for i, e in enumerate(found, start=1))
    return Ledger(entries, statistics)
