"""Where one matter stands at an instant: its bucket for the statistics, its standing in the
ledger, its traffic light and the light's history.

The rule (docs/statistics.md, "Where a matter stands"): a matter is judged by what its lead
unit owes under its own policy — the completion deadline of the current round and, after a
return for redo (退回重办), the redo deadline the office or the policy set. Those are exactly
the obligations the escalation engine chases (:func:`~supervision.domain.escalation.occasions`),
so a matter is red exactly when the engine would remind its unit, and a matter whose unit
reported in time is never red while it waits for the office's review.

The light's history is derived, never stored: between two events a matter changes light only
when it enters the due-soon window or passes its deadline, both computable from the event's
state, so :func:`light_history` replays the events and those two instants. The same events
and calendar always give the same history; nothing extra has to be written, migrated or kept
in step with the events (docs/statistics.md, "Traffic lights and their history").
"""

from __future__ import annotations

import datetime as _dt
import enum
import functools
from collections.abc import Sequence

import attrs

from supervision.calendar import SHANGHAI, Calendar
from supervision.clock import require_aware
from supervision.domain.escalation._deadlines import Deadlines, completion_met_at, redo_due
from supervision.domain.events import Event
from supervision.domain.lifecycle import Status
from supervision.domain.model import Matter
from supervision.domain.policy import Policy
from supervision.domain.statistics._asof import last_day_of, matter_at
from supervision.domain.statistics._facts import MatterFacts, matter_facts
from supervision.domain.terms import ReviewOutcome
from supervision.exceptions import InvalidInput
from supervision.text import cn_date

__all__ = [
    "DEFAULT_DUE_SOON_WORKING_DAYS",
    "Light",
    "LightChange",
    "MatterStanding",
    "Outcome",
    "Standing",
    "assess",
    "assess_state",
    "light_history",
    "standing_of",
]

#: an obligation the unit owes: (a redo, not the completion; due instant; last day; met at)
_Owed = tuple[bool, _dt.datetime, _dt.date, _dt.datetime | None]

#: Library convention (no text names a warning window for the ledger): a matter is 临期 (yellow)
#: when what it owes is due at most this many working days after the day in question. The
#: policies' own pre-deadline reminder (``pre_deadline_warning_working_days``) is separate.
DEFAULT_DUE_SOON_WORKING_DAYS = 3

_FINISHED = frozenset({Status.ACCEPTED, Status.COMPLETED, Status.CLOSED, Status.ARCHIVED})
_AWAITING = frozenset({Status.REPORTED, Status.SUPPLEMENT_REQUESTED})
_ENDED = frozenset({Status.WITHDRAWN, Status.TERMINATED})
#: each status's group for the standing, by the status's value (a text's hash is kept with
#: it; an Enum member's is computed in Python at every lookup)
_GROUP = {s.value: ("finished" if s in _FINISHED else "awaiting" if s in _AWAITING
                    else "ended" if s in _ENDED else "") for s in Status}


class Light(enum.Enum):
    """The traffic light of a matter (督办灯); ``.label`` is the Chinese term shown beside the
    dot and ``.colour`` the dot's fill (CSS hex), so colour is never the only signal."""

    GREEN = "green"
    YELLOW = "yellow"
    RED = "red"
    NONE = "none"

    @property
    def label(self) -> str:
        """绿灯, 黄灯, 红灯, 无灯."""
        return {
            Light.GREEN: "绿灯",
            Light.YELLOW: "黄灯",
            Light.RED: "红灯",
            Light.NONE: "无灯",
        }[self]

    @property
    def colour(self) -> str:
        """The dot's fill: pure enough that a screenshot check can find it."""
        return {
            Light.GREEN: "#1e9e3e",
            Light.YELLOW: "#f5b800",
            Light.RED: "#d62828",
            Light.NONE: "#ffffff",
        }[self]


class Standing(enum.Enum):
    """Where a matter stands (督办情况); ``.label`` is the Chinese term, ``.light`` its traffic
    light and ``.colour`` the row fill in the .xlsx ledger (RGB hex, empty for none)."""

    OVERDUE = "overdue"
    DUE_SOON = "due_soon"
    ON_TRACK = "on_track"
    AWAITING_REVIEW = "awaiting_review"
    SUSPENDED = "suspended"
    DONE = "done"
    NOT_DISPATCHED = "not_dispatched"
    ENDED = "ended"

    @property
    def label(self) -> str:
        """逾期, 临期, 正常推进, 已反馈待审核, 已中止, 已办结, 未交办, 已撤销或终止."""
        return {
            Standing.OVERDUE: "逾期",
            Standing.DUE_SOON: "临期",
            Standing.ON_TRACK: "正常推进",
            Standing.AWAITING_REVIEW: "已反馈待审核",
            Standing.SUSPENDED: "已中止",
            Standing.DONE: "已办结",
            Standing.NOT_DISPATCHED: "未交办",
            Standing.ENDED: "已撤销或终止",
        }[self]

    @property
    def light(self) -> Light:
        """Red when overdue, yellow when due soon, green while on track or awaiting review."""
        return _LIGHTS.get(self._value_, Light.NONE)

    @property
    def colour(self) -> str:
        """The .xlsx row fill: red, yellow or green by the light; no fill otherwise."""
        return {
            Light.RED: "FFC7CE",
            Light.YELLOW: "FFEB9C",
            Light.GREEN: "C6EFCE",
        }.get(self.light, "")


#: Each standing's light by the standing's value (a string: hashed in C, unlike a member)
_LIGHTS: dict[str, Light] = {
    Standing.OVERDUE.value: Light.RED,
    Standing.DUE_SOON.value: Light.YELLOW,
    Standing.ON_TRACK.value: Light.GREEN,
    Standing.AWAITING_REVIEW.value: Light.GREEN,
}


class Outcome(enum.Enum):
    """The bucket a matter counts in (docs/statistics.md): ``.label`` is the Chinese term."""

    COMPLETED_ON_TIME = "completed_on_time"
    COMPLETED_LATE = "completed_late"
    OPEN_OVERDUE = "open_overdue"
    OPEN_NOT_YET_DUE = "open_not_yet_due"
    ENDED = "ended"
    NOT_DISPATCHED = "not_dispatched"

    @property
    def label(self) -> str:
        """按期办结, 逾期办结, 逾期未办结, 在办未到期, 已撤销或终止, 未交办."""
        return {
            Outcome.COMPLETED_ON_TIME: "按期办结",
            Outcome.COMPLETED_LATE: "逾期办结",
            Outcome.OPEN_OVERDUE: "逾期未办结",
            Outcome.OPEN_NOT_YET_DUE: "在办未到期",
            Outcome.ENDED: "已撤销或终止",
            Outcome.NOT_DISPATCHED: "未交办",
        }[self]

    @property
    def decided(self) -> bool:
        """Whether the outcome counts in the on-time rate's denominator (按期办结率的分母):
        finished on time, finished late, or overdue and unfinished."""
        return self in (Outcome.COMPLETED_ON_TIME, Outcome.COMPLETED_LATE, Outcome.OPEN_OVERDUE)


@attrs.frozen
class MatterStanding:
    """One matter at one instant (``as_of``), as every surface counts and colours it.

    * ``outcome`` — the statistics bucket; ``standing`` and ``light`` — the ledger's words and
      colour; ``reason`` — why, in Chinese (``已逾期3个工作日``, ``已按期反馈，待审核`` …).
    * ``deadline_day`` — the completion deadline's last day in force at ``as_of`` (which
      decides the period the matter is assessed in, rules.md §2); ``due_at`` /
      ``owed_day`` — the instant and last day of what the unit owes now (the completion or
      the redo deadline; None when it owes nothing with a deadline).
    * ``delivered_at`` — when the unit delivered what met its last obligation;
      ``working_days`` — the handling time in working days from the dispatch day to that day.
    * ``returned_at`` — when each of the matter's reports was returned for redo (up to
      ``as_of``).
    """

    matter_id: str
    office_id: str
    lead_unit_id: str
    number: str
    status: Status
    outcome: Outcome
    standing: Standing
    reason: str
    as_of: _dt.datetime
    deadline_day: _dt.date | None = None
    due_at: _dt.datetime | None = None
    owed_day: _dt.date | None = None
    dispatched_at: _dt.datetime | None = None
    delivered_at: _dt.datetime | None = None
    working_days: int | None = None
    returned_at: tuple[_dt.datetime, ...] = ()

    @property
    def light(self) -> Light:
        return self.standing.light

    @property
    def on_time(self) -> bool | None:
        """True when finished on time, False when finished late or overdue, else None."""
        if self.outcome is Outcome.COMPLETED_ON_TIME:
            return True
        if self.outcome in (Outcome.COMPLETED_LATE, Outcome.OPEN_OVERDUE):
            return False
        return None


@attrs.frozen
class LightChange:
    """The light a matter took at ``at``, and why."""

    at: _dt.datetime
    light: Light
    standing: Standing
    reason: str

    @property
    def text(self) -> str:
        """``2026年3月9日 黄灯（距截止3个工作日）``."""
        return f"{cn_date(self.at.astimezone(SHANGHAI).date())} {self.light.label}（{self.reason}）"


def _day(when: _dt.datetime) -> _dt.date:
    return when.astimezone(SHANGHAI).date()


#: the last instant judged at and its day in China: a read judges every matter at one
#: instant, so its day is converted once (a datetime is immutable; compared by identity)
_last_day: tuple[_dt.datetime, _dt.date] | None = None


def _today(as_of: _dt.datetime) -> _dt.date:
    global _last_day
    last = _last_day
    if last is not None and last[0] is as_of:
        return last[1]
    day = _day(as_of)
    _last_day = (as_of, day)
    return day


def _check_window(window: int) -> int:
    if window.__class__ is not int or not 0 <= window <= 60:
        raise InvalidInput("due_soon_working_days", "a whole number from 0 to 60", window)
    return window


def _soon_from(last_day: _dt.date, calendar: Calendar, window: int) -> _dt.date | None:
    """The first day on which ``last_day`` is within ``window`` working days (None: never)."""
    if window == 0:
        return None
    return _soon_cached(last_day, calendar, window)


@functools.lru_cache(maxsize=8192)
def _soon_cached(last_day: _dt.date, calendar: Calendar, window: int) -> _dt.date:
    # a calendar is immutable and hashed by identity, so the answer never goes stale
    day = last_day
    for _ in range(window * 7 + 40):
        before = day - _dt.timedelta(days=1)
        if calendar.add_working_days(before, window) < last_day:
            return day
        day = before
    return day


def _working_days(calendar: Calendar, start: _dt.date, end: _dt.date) -> int:
    return max(0, calendar.working_days_between(start, end))


def _owed(facts: MatterFacts, deadlines: Deadlines, policy: Policy, calendar: Calendar,
          close: _dt.time | None, when: _dt.datetime) -> tuple[_Owed | None, bool, list[_Owed]]:
    """What the unit owes at ``when``: (the unmet obligation with a deadline or None,
    whether a redo is owed without a deadline, the completion and redo obligations) — the
    completion and redo occasions of ``deadline_occasions``, as (redo, due instant, last
    day, met at)."""
    completion: _Owed = (False, deadlines.due_at, deadlines.last_day,
                         completion_met_at(deadlines, policy))
    if not deadlines.returns and deadlines.awaiting is None:  # the completion alone
        met = completion[3]
        return (completion if met is None or met > when else None), False, [completion]
    redos: dict[int, _Owed] = {}
    for returned in deadlines.returns:
        due = redo_due(returned, policy, calendar, close)
        if due is not None:
            redos[returned.number] = (True, due[1], due[0], returned.met_at)
    obligations = [completion, *sorted(redos.values(), key=lambda o: o[1])]
    if deadlines.awaiting is not None:
        redo = redos.get(deadlines.awaiting)
        return redo, redo is None, obligations
    unmet = next((o for o in obligations if o[3] is None or o[3] > when), None)
    return unmet, False, obligations


def _as_is_from(matter: Matter, events: Sequence[Event], current: MatterFacts | None
                ) -> _dt.datetime | None:
    """The instant from which ``matter`` stood as it is — its latest event's, when that
    event is of the matter's version (:func:`matter_at` returns the matter itself at that
    instant and later) — when ``current`` are its own facts (its id and version); else None."""
    if (current is None or not events or current.matter_id != matter.id
            or current.version != matter.version):
        return None
    latest = max(events, key=lambda e: e.version)
    return latest.occurred_at if latest.version == matter.version else None


def assess(
    matter: Matter,
    events: Sequence[Event],
    policy: Policy,
    calendar: Calendar,
    as_of: _dt.datetime,
    *,
    close: _dt.time | None = None,
    due_soon_working_days: int = DEFAULT_DUE_SOON_WORKING_DAYS,
    current: MatterFacts | None = None,
) -> MatterStanding | None:
    """Where ``matter`` stood at ``as_of`` (None when it was not registered by then), judged
    under ``policy`` (the matter's own) on the office's ``calendar`` (pure).

    ``events`` are the matter's events; the matter is rebuilt as it stood at ``as_of``
    (:func:`~supervision.domain.statistics.matter_at`), so the answer never depends on what
    happened later. ``current``, when given, is ``matter_facts(matter)`` (derived once, or
    as storage keeps it): when the matter stood as it is at ``as_of`` (its latest event, of
    its version, at or before then) it is judged from them without being rebuilt (as
    :func:`light_history`)."""
    as_of = require_aware(as_of, "as_of")
    window = _check_window(due_soon_working_days)
    since = _as_is_from(matter, events, current)
    if since is not None and current is not None and since <= as_of:
        return _standing_of(current, policy, calendar, as_of, close=close, window=window)
    state = matter_at(matter, events, as_of)
    if state is None:
        return None
    return _standing_of(matter_facts(state), policy, calendar, as_of, close=close,
                        window=window)


def assess_state(
    state: Matter,
    policy: Policy,
    calendar: Calendar,
    as_of: _dt.datetime,
    *,
    close: _dt.time | None = None,
    due_soon_working_days: int = DEFAULT_DUE_SOON_WORKING_DAYS,
) -> MatterStanding:
    """:func:`assess` of a matter already rebuilt as it stood at ``as_of``
    (``state = matter_at(matter, events, as_of)``, not None): for a caller that needs the
    rebuilt matter too, so it is rebuilt once (pure; ``assess`` is exactly this after
    ``matter_at``)."""
    return standing_of(matter_facts(state), policy, calendar, as_of, close=close,
                       due_soon_working_days=due_soon_working_days)


def standing_of(
    facts: MatterFacts,
    policy: Policy,
    calendar: Calendar,
    as_of: _dt.datetime,
    *,
    close: _dt.time | None = None,
    due_soon_working_days: int = DEFAULT_DUE_SOON_WORKING_DAYS,
) -> MatterStanding:
    """:func:`assess_state` of a matter's facts (:func:`~supervision.domain.statistics.matter_facts`
    of the matter as it stood at ``as_of``): ``assess_state`` is exactly this, so stored
    facts judge a matter as its decoded self would be judged (pure)."""
    as_of = require_aware(as_of, "as_of")
    window = _check_window(due_soon_working_days)
    return _standing_of(facts, policy, calendar, as_of, close=close, window=window)


def _standing_of(state: MatterFacts, policy: Policy, calendar: Calendar, as_of: _dt.datetime,
                 *, close: _dt.time | None, window: int) -> MatterStanding:
    return _built(state, as_of, _judgement(state, policy, calendar, as_of, close, window))


#: what a standing finds beside the facts it copies: (outcome, standing, reason, due_at,
#: owed_day, delivered_at, working_days)
_Judgement = tuple[Outcome, Standing, str, _dt.datetime | None, _dt.date | None,
                   _dt.datetime | None, int | None]


def _judgement(state: MatterFacts, policy: Policy, calendar: Calendar, as_of: _dt.datetime,
               close: _dt.time | None, window: int) -> _Judgement:
    """The standing's own findings: of the facts, they read only the status, the dispatch,
    the deadline's last day, the suspension and the deadlines (``_batch`` relies on it)."""
    outcome, standing, reason = Outcome.NOT_DISPATCHED, Standing.NOT_DISPATCHED, "未交办"
    due_at: _dt.datetime | None = None
    owed_day: _dt.date | None = None
    delivered: _dt.datetime | None = None
    days: int | None = None
    status = state.status
    group = _GROUP[status.value]
    if group == "ended":
        reason = status.label
        if state.dispatched_at is not None:
            outcome, standing = Outcome.ENDED, Standing.ENDED
    elif state.dispatched_at is None or state.deadline_day is None:
        pass
    elif state.suspended:
        outcome, standing = Outcome.OPEN_NOT_YET_DUE, Standing.SUSPENDED
        reason = "已中止，期限暂停计算"
    else:
        deadlines = state.deadlines
        assert deadlines is not None  # dispatched, due and not ended
        owed, redo_without_deadline, obligations = _owed(state, deadlines, policy, calendar,
                                                         close, as_of)
        today = _today(as_of)
        if redo_without_deadline:
            outcome, standing = Outcome.OPEN_NOT_YET_DUE, Standing.ON_TRACK
            reason = "退回重办，待重新报送（未设重办时限）"
        elif owed is not None:
            what = "重办" if owed[0] else ""
            due_at, owed_day = owed[1], owed[2]
            soon = None if due_at <= as_of else _soon_from(owed_day, calendar, window)
            if due_at <= as_of:
                late = _working_days(calendar, owed_day, today)
                outcome, standing = Outcome.OPEN_OVERDUE, Standing.OVERDUE
                reason = f"{what}已逾期{late}个工作日" if late else f"{what}已逾期"
            elif soon is not None and today >= soon:
                left = _working_days(calendar, today, owed_day)
                outcome, standing = Outcome.OPEN_NOT_YET_DUE, Standing.DUE_SOON
                reason = f"{what}今日到期" if owed_day == today else (
                    f"{what}距截止{left}个工作日" if left else f"{what}即将到期")
            else:
                outcome, standing = Outcome.OPEN_NOT_YET_DUE, Standing.ON_TRACK
                reason = f"正常推进（{what}截止{cn_date(owed_day)}）"
        else:
            # every obligation with a deadline was met by ``as_of``: delivered
            met = [o[3] for o in obligations if o[3] is not None]
            # the delivery that stands is the report finally accepted: a redo delivered
            # after a return counts even where no redo deadline was owed (docs/statistics.md)
            met.extend(r.met_at for r in deadlines.returns if r.met_at is not None)
            delivered = max(met) if met else deadlines.completed_at
            punctual = all(o[3] is not None and o[3] <= o[1] for o in obligations)
            outcome = Outcome.COMPLETED_ON_TIME if punctual else Outcome.COMPLETED_LATE
            if delivered is not None:
                days = _working_days(calendar, _day(state.dispatched_at), _day(delivered))
            if group == "finished":
                standing, reason = Standing.DONE, outcome.label
            elif group == "awaiting":
                standing = Standing.AWAITING_REVIEW
                reason = "已按期反馈，待审核" if punctual else "逾期反馈，待审核"
            else:
                standing = Standing.ON_TRACK
                reason = ("已按期报送办理情况，继续办理" if punctual
                          else "逾期报送办理情况，继续办理")
    return outcome, standing, reason, due_at, owed_day, delivered, days


def _built(state: MatterFacts, as_of: _dt.datetime, found: _Judgement) -> MatterStanding:
    outcome, standing, reason, due_at, owed_day, delivered, days = found
    return MatterStanding(  # positional, in the fields' order (a many-matter read builds many)
        state.matter_id, state.office_id, state.lead_unit_id, str(state.number), state.status,
        outcome, standing, reason, as_of, state.deadline_day, due_at, owed_day,
        state.dispatched_at, delivered, days, state.returned_at)


def _before_dispatch(matter: Matter, ordered: Sequence[Event], when: _dt.datetime
                     ) -> MatterStanding | None:
    """``_standing_of(matter_facts(matter_at(matter, ordered, when)), …)`` when that
    rebuilt matter was not dispatched by ``when``, had no deadline then, or was withdrawn
    or terminated (未交办, 已撤销或终止: judged by its status, dispatch and ids alone, which
    are read here as ``matter_at`` sets them, without rebuilding the rest); None otherwise
    (and whenever ``matter_at`` would return the matter itself). ``ordered``: the matter's
    events in version order."""
    last = None
    for event in ordered:
        if event.occurred_at <= when:
            last = event  # the highest version by then (ordered by version)
    if last is None or last.version == matter.version:
        return None
    status = last.status_after
    dispatched = matter.dispatched_at
    if dispatched is not None and dispatched > when:
        dispatched = None
    due = matter.due
    if last.due_at is None:
        deadline_day = None
    elif due is not None and due.due_at == last.due_at:
        deadline_day = due.last_day
    else:
        deadline_day = last_day_of(last.due_at)
    if status in _ENDED:
        ended = dispatched is not None
        outcome = Outcome.ENDED if ended else Outcome.NOT_DISPATCHED
        standing = Standing.ENDED if ended else Standing.NOT_DISPATCHED
        reason = status.label
    elif dispatched is None or deadline_day is None:
        outcome, standing, reason = Outcome.NOT_DISPATCHED, Standing.NOT_DISPATCHED, "未交办"
    else:
        return None
    return MatterStanding(
        matter_id=matter.id, office_id=matter.office_id, lead_unit_id=matter.lead_unit_id,
        number=str(matter.number), status=status, outcome=outcome, standing=standing,
        reason=reason, as_of=when, deadline_day=deadline_day, dispatched_at=dispatched,
        returned_at=tuple(
            r.reviewed_at for r in matter.rounds
            if r.report.submitted_at <= when and r.reviewed_at is not None
            and r.reviewed_at <= when and r.outcome is ReviewOutcome.RETURNED
        ),
    )


def light_history(
    matter: Matter,
    events: Sequence[Event],
    policy: Policy,
    calendar: Calendar,
    until: _dt.datetime,
    *,
    close: _dt.time | None = None,
    due_soon_working_days: int = DEFAULT_DUE_SOON_WORKING_DAYS,
    current: MatterFacts | None = None,
) -> tuple[LightChange, ...]:
    """Every change of ``matter``'s standing up to ``until``, in order, derived from its
    events: at each event, and at the instants between events where what the unit owes
    enters the due-soon window (00:00 of that day) or passes its deadline (pure).

    The first change is the matter's registration (未交办, no light); consecutive equal
    standings are merged. The same events, policy and calendar always give the same
    history.

    ``current``, when given, is ``matter_facts(matter)`` (derived once by a caller that
    judges the matter at several instants, or as storage keeps it): from the instant of the
    matter's latest event, when that event is of the matter's version, the matter stood as
    it is (:func:`matter_at` returns it), so its standing there is judged from these facts
    without rebuilding it; before that instant (or when the facts are of another matter or
    version) the matter is rebuilt at each instant, as without them."""
    until = require_aware(until, "until")
    window = _check_window(due_soon_working_days)
    ordered = sorted((e for e in events if e.occurred_at <= until), key=lambda e: e.version)
    changes: list[LightChange] = []
    since = _as_is_from(matter, events, current)

    def record(when: _dt.datetime) -> MatterStanding | None:
        if since is not None and current is not None and since <= when:
            judged = current
        else:
            found = None if since is None else _before_dispatch(matter, ordered, when)
            if found is not None:
                if not changes or changes[-1].standing is not found.standing:
                    changes.append(LightChange(when, found.light, found.standing,
                                               found.reason))
                return found
            state = matter_at(matter, ordered, when)
            if state is None:
                return None
            judged = matter_facts(state)
        found = _standing_of(judged, policy, calendar, when, close=close, window=window)
        if not changes or changes[-1].standing is not found.standing:
            changes.append(LightChange(when, found.light, found.standing, found.reason))
        return found

    for i, event in enumerate(ordered):
        if i + 1 < len(ordered) and ordered[i + 1].occurred_at == event.occurred_at:
            continue  # several changes at one instant: only the last state is seen
        found = record(event.occurred_at)
        if found is None or found.due_at is None or found.owed_day is None:
            continue
        following = ordered[i + 1].occurred_at if i + 1 < len(ordered) else until
        soon = _soon_from(found.owed_day, calendar, window)
        moments = []
        if soon is not None:
            moments.append(_dt.datetime.combine(soon, _dt.time(0), SHANGHAI))
        moments.append(found.due_at)
        for moment in sorted(moments):
            if event.occurred_at < moment <= following and moment <= until:
                if moment == following and i + 1 < len(ordered):
                    continue  # the next event is judged at that instant anyway
                record(moment)
    return tuple(changes)
