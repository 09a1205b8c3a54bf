"""The ladder: which rungs of a policy's escalation ladder fire for one matter, to a fixed point,
and the office's own overdue duties (:func:`evaluate`)."""

from __future__ import annotations

import datetime as _dt
from typing import Final

import attrs

from supervision.calendar import SHANGHAI, Calendar
from supervision.clock import require_aware
from supervision.domain.escalation._deadlines import counted
from supervision.domain.escalation._explanations import _explanation_effect
from supervision.domain.escalation._occasions import (
    _CHASING,
    Occasion,
    OccasionKind,
    _day,
    _done_at,
    _kind_key,
    _source_key,
    _start_of,
    _unit_reports,
    occasions,
)
from supervision.domain.escalation._office_review import review_items
from supervision.domain.escalation._pauses import pauses_of, reply_due, shifted
from supervision.domain.escalation._receipts import receipt_duties
from supervision.domain.escalation._records import (
    BULLETINS,
    Escalation,
    EscalationKind,
    MatterRecord,
)
from supervision.domain.events import EventKind
from supervision.domain.model import ReportKind, ReviewOutcome
from supervision.domain.policy import (
    Duty,
    EscalationAction,
    Obligation,
    Policy,
    Rung,
    Trigger,
    TriggerEvent,
)
from supervision.exceptions import CalendarDataUnavailable, InvalidInput
from supervision.periods import Period


@attrs.frozen
class Evaluation:
    """The engine's answer at ``now``: the escalations due and not yet issued, the occasions
    it looked at, the keys of escalations held back while the office decides on an
    explanation (情况说明待认定), and of those due but waiting for a year's holiday schedule
    (``awaiting_calendar``: the reply period they set would end in a year the calendar does
    not know — rules.md §2, never guessed; they are issued by the first sweep after the
    schedule is supplied)."""

    now: _dt.datetime
    escalations: tuple[Escalation, ...]
    occasions: tuple[Occasion, ...] = ()
    held: tuple[str, ...] = ()
    awaiting_calendar: tuple[str, ...] = ()

#: Rung actions that are not sent to anyone (a proposal waits for a person; a deduction is a
#: score entry): they keep the instant they fall due, working day or not.
_NOT_SENT: Final = frozenset({
    EscalationAction.POINT_DEDUCTION,
    EscalationAction.ACCOUNTABILITY,
    EscalationAction.MEASURES_MENU,
})


# ---------------------------------------------------------------------- firing
#: Triggers whose firings depend only on the matter, its events, its occasions, the calendar
#: and the issue floor — never on the escalations issued — so one evaluation finds them once.
_STATIC: Final = frozenset({
    TriggerEvent.APPROACHING_DEADLINE,
    TriggerEvent.OVERDUE,
    TriggerEvent.REPORT_OVERDUE,
    TriggerEvent.RETURNED_FOR_REDO,
    TriggerEvent.POOR_CONDUCT,
    TriggerEvent.RECTIFICATION_IGNORED,
})

#: The actions the other triggers read from what was issued (``REMINDED`` and
#: ``REMINDER_UNANSWERED`` the reminders, ``BULLETIN_UNHEEDED`` the bulletins, ``EXPOSED``
#: the exposures); an escalation of any other action changes no trigger's firings.
_READ: Final = frozenset({
    EscalationAction.REMINDER, EscalationAction.MEDIA_EXPOSURE, *BULLETINS,
})


@attrs.frozen
class _Firing:
    rung: Rung
    trigger: Trigger
    occasion: str
    unit_id: str
    due_at: _dt.datetime
    provisional: bool
    details: tuple[tuple[str, str], ...] = ()


#: The rungs of a policy's ladder that apply to a kind of matter (:func:`_rungs`):
#: (policy id, kind, source, key matter) → (the policy, the rungs). The policy is kept, so
#: its id is never reused meanwhile.
_RUNGS: dict[tuple[int, str | None, str, bool], tuple[Policy, tuple[Rung, ...]]] = {}


def _rungs(policy: Policy, kind: str | None, source: str, key: bool) -> tuple[Rung, ...]:
    """The per-matter rungs of the ladder of ``kind`` that apply to a matter from
    ``source`` (a key matter or not): those without sources or naming this one, the key
    matters' rungs only for a key matter, and no consecutive-miss rung (a unit's streak is
    :func:`evaluate_streaks`'). Found once per policy and kind: a policy is frozen data."""
    memo = (id(policy), kind, source, key)
    found = _RUNGS.get(memo)
    if found is not None and found[0] is policy:
        return found[1]
    ladder = policy.ladder(kind)
    rungs = () if ladder is None else tuple(
        r for r in ladder.rungs
        if (not r.sources or source in r.sources)
        and (key or not r.key_matters_only)
        and not any(t.event is TriggerEvent.CONSECUTIVE_MISSES for t in r.triggers)
    )
    if len(_RUNGS) > 4096:
        _RUNGS.clear()
    _RUNGS[memo] = (policy, rungs)
    return rungs


class _Ladder:
    """Evaluates one matter's ladder against what was issued, to a fixed point."""

    def __init__(
        self,
        record: MatterRecord,
        policy: Policy,
        calendar: Calendar,
        now: _dt.datetime,
        issue_floor: _dt.datetime,
        close: _dt.time | None,
    ) -> None:
        self.matter = record.matter
        self.events = record.events
        self.policy = policy
        self.calendar = calendar
        self.now = now
        self.issue_floor = issue_floor
        self.close = close
        self.issued: dict[str, Escalation] = {e.key: e for e in record.issued}
        self.new: dict[str, Escalation] = {}
        self.held: set[str] = set()
        self.awaiting: set[str] = set()  # due, the reply's year unknown (:meth:`_issued`)
        # what was issued in order (:meth:`_all`), kept until a new escalation is added
        self._in_order: list[Escalation] | None = None
        # the firings of triggers that do not depend on what was issued (:data:`_STATIC`),
        # found once: they stay the same at every pass of :meth:`run`
        self._static: dict[tuple[int, int], list[_Firing]] = {}
        self.occasions = occasions(self.matter, policy, calendar, now, close=close)
        self.by_key = {o.key: o for o in self.occasions}
        key = self.matter.key_work or (
            self.matter.instruction is not None and self.matter.instruction.main_leader)
        self.rungs = _rungs(policy, _kind_key(self.matter, policy), _source_key(self.matter),
                            bool(key))

    # ---- what was issued
    def _all(self) -> list[Escalation]:
        """What was issued and what this evaluation added, by issue, due instant and key
        (sorted again only after an escalation was added)."""
        if self._in_order is None:
            self._in_order = sorted([*self.issued.values(), *self.new.values()],
                                    key=lambda e: (e.issued_at, e.due_at, e.key))
        return self._in_order

    def _reminders(self, occasion: str) -> list[Escalation]:
        return [e for e in self._all()
                if e.occasion == occasion and e.action is EscalationAction.REMINDER]

    def _reply(self, reminder: Escalation) -> _dt.datetime | None:
        """The reminder's reply deadline, moved on with the deadline it chased or by the
        working days of a suspension begun since its issue (None: none set, or still
        suspended; ``_pauses.reply_due``)."""
        occasion = self.by_key.get(reminder.occasion)
        return reply_due(reminder.reply_due_at, reminder.issued_at, self.matter, self.calendar,
                         details=reminder.details,
                         last_day=None if occasion is None else occasion.last_day)

    def _answered(self, occasion: Occasion, reminder: Escalation) -> bool:
        if reminder.reply_due_at is None:
            return not occasion.outstanding_at(self.now)
        reply = self._reply(reminder)
        if reply is None:
            return False  # suspended before its reply was due: it waits for the resumption
        if not occasion.outstanding_at(reply):
            return True
        # a report in reply answers the reminder (daoli-2017 art.7(3) 当日报告); a handling
        # plan answers only a reminder about the plan (zhoucun-2021 §5.3)
        plan_ok = occasion.kind is OccasionKind.HANDLING_PLAN
        return any(
            occasion.due_at < r.submitted_at <= reply
            for r in _unit_reports(self.matter)
            if plan_ok or r.kind is not ReportKind.PLAN
        )

    # ---- the firings of one trigger
    def _firings(self, rung: Rung, trigger: Trigger) -> list[_Firing]:
        m = self.matter
        event = trigger.event
        out: list[_Firing] = []
        if event is TriggerEvent.APPROACHING_DEADLINE:
            occ = self.by_key.get(f"r{m.round}")
            if occ is not None and trigger.offset is not None:
                n = trigger.offset.count
                at = _start_of(self.calendar.add_working_days(occ.last_day, -n))
                # a warning is worth sending only before the deadline it warns of
                # (and after the matter was handed out)
                fresh = self.issue_floor < occ.due_at and at >= (m.dispatched_at or at)
                if at < occ.due_at and fresh and occ.outstanding_at(at):
                    out.append(_Firing(rung, trigger, occ.key, occ.unit_id, at, occ.provisional))
        elif event in (TriggerEvent.OVERDUE, TriggerEvent.REPORT_OVERDUE):
            for occ in self.occasions:
                if occ.event is not event or not occ.missed:
                    continue
                offset_at = self._offset_instant(trigger.offset, occ.last_day, occ.due_at)
                if offset_at is None:
                    continue
                at = offset_at
                # a reminder chases what is still owed: not what was done since
                if rung.action in _CHASING and not occ.outstanding_at(max(at, self.issue_floor)):
                    continue
                out.append(_Firing(rung, trigger, occ.key, occ.unit_id, at, occ.provisional,
                                   (("deadline", occ.last_day.isoformat()),)))
        elif event is TriggerEvent.REMINDED:
            for occ_key in {e.occasion for e in self._all()}:
                reminders = self._reminders(occ_key)
                if len(reminders) < trigger.count:
                    continue
                kth = reminders[trigger.count - 1]
                occ = self.by_key.get(occ_key)
                at = kth.issued_at
                if rung.requires_decision:
                    # 被催办两次仍没有落实: a proposal waits for the reminder's reply deadline
                    reply = self._reply(kth)
                    if reply is None or occ is None or self._answered(occ, kth):
                        continue
                    at = reply
                out.append(_Firing(rung, trigger, occ_key, kth.unit_id or m.lead_unit_id, at,
                                   kth.provisional, (("reminders", str(trigger.count)),)))
        elif event is TriggerEvent.REMINDER_UNANSWERED:
            for occ_key in {e.occasion for e in self._all()}:
                reminders = self._reminders(occ_key)
                occ = self.by_key.get(occ_key)
                if len(reminders) < trigger.count or occ is None:
                    continue
                kth = reminders[trigger.count - 1]
                reply = self._reply(kth)
                if reply is None or self._answered(occ, kth):
                    continue
                out.append(_Firing(rung, trigger, occ_key, kth.unit_id or m.lead_unit_id,
                                   reply, kth.provisional,
                                   (("reply_due", reply.isoformat()),)))
        elif event is TriggerEvent.RETURNED_FOR_REDO:
            returns = [r for r in m.rounds if r.outcome is ReviewOutcome.RETURNED
                       and r.reviewed_at is not None and r.report.round == m.round]
            for i, review_round in enumerate(returns, start=1):
                if i < trigger.count:
                    continue
                assert review_round.reviewed_at is not None
                out.append(_Firing(rung, trigger, f"r{m.round}.return{review_round.number}",
                                   m.lead_unit_id, review_round.reviewed_at, False,
                                   (("opinion", review_round.opinion),)))
        elif event in (TriggerEvent.POOR_CONDUCT, TriggerEvent.RECTIFICATION_IGNORED):
            found = [e for e in self.events if e.kind is EventKind.FINDING_RECORDED
                     and e.detail("finding") == event.key]
            for i, ev in enumerate(found, start=1):
                if i < trigger.count:
                    continue
                out.append(_Firing(rung, trigger, f"finding{ev.version}",
                                   ev.detail("unit_id") or m.lead_unit_id, ev.occurred_at,
                                   False, (("event_id", ev.event_id),)))
        elif event is TriggerEvent.BULLETIN_UNHEEDED:
            done = _done_at(m)
            for bulletin in self._all():
                if bulletin.action not in BULLETINS or not bulletin.taken:
                    continue
                offset_at = self._offset_instant(trigger.offset, _day(bulletin.issued_at),
                                                 bulletin.issued_at)
                # the clock stops while suspended: the n working days move on by those paused
                moved = None if offset_at is None else shifted(
                    _day(offset_at), offset_at, bulletin.issued_at, pauses_of(m), self.calendar)
                if moved is None:
                    continue
                at = moved[1]
                occ = self.by_key.get(bulletin.occasion)
                still_open = (occ.outstanding_at(at) if occ is not None
                              else done is None or done > at)
                if still_open:
                    out.append(_Firing(rung, trigger, bulletin.occasion,
                                       bulletin.unit_id or m.lead_unit_id, at,
                                       bulletin.provisional, (("bulletin", bulletin.key),)))
        elif event is TriggerEvent.EXPOSED:
            exposures = sorted(
                (e for e in self._all()
                 if e.action is EscalationAction.MEDIA_EXPOSURE and e.decision is not None
                 and e.decision.accepted),
                key=lambda e: (e.decision.decided_at if e.decision else e.due_at, e.key),
            )
            if len(exposures) >= trigger.count:
                kth = exposures[trigger.count - 1]
                assert kth.decision is not None
                out.append(_Firing(rung, trigger, f"exposure{trigger.count}",
                                   kth.unit_id or m.lead_unit_id, kth.decision.decided_at,
                                   False, (("exposure", kth.key),)))
        return out

    def _offset_instant(
        self, offset: Period | None, day: _dt.date, fallback: _dt.datetime
    ) -> _dt.datetime | None:
        """The start of the last day of ``offset`` counted from ``day`` (``fallback`` without
        one); None when the count needs a year the calendar does not know and so ends after
        the instant the ladder is judged at (:meth:`_after_now`: not due yet)."""
        if offset is None:
            return fallback
        try:
            return _start_of(counted(offset, day, self.calendar).last_day)
        except CalendarDataUnavailable as error:
            if self._after_now(error):
                return None
            raise

    def _after_now(self, error: CalendarDataUnavailable) -> bool:
        """Whether a firing whose offset, counted forward, needed the year the calendar does
        not know (``error.year``) falls after the instant the ladder is judged at: a forward
        count ends no earlier than any day it reads, so at or after that year's first day;
        judged before it, the firing is not due (rules.md §2: nothing is guessed — in that
        year's own sweeps it raises as before, until its schedule is supplied)."""
        return self.now < _dt.datetime(error.year, 1, 1, tzinfo=SHANGHAI)

    def _issued(self, key: str, firing: _Firing) -> Escalation | None:
        """:meth:`_issue`, or None — the key kept in ``awaiting`` — when the ladder is judged
        at its own instant (the sweep's evaluation, not a look-ahead) and the rung's reply
        period, counted from the issue, needs a later year the calendar does not know: the
        escalation waits for that year's schedule rather than a guessed reply deadline
        (rules.md §2). A look-ahead raises as before (and looks less far ahead)."""
        try:
            return self._issue(firing)
        except CalendarDataUnavailable as error:
            if self.issue_floor < self.now or not self._after_now(error):
                raise
            self.awaiting.add(key)
            return None

    def _issue(self, firing: _Firing) -> Escalation:
        rung = firing.rung
        issued_at = max(firing.due_at, self.issue_floor)
        reply_due_at = None
        if rung.reply is not None:
            reply_due_at = counted(rung.reply, issued_at, self.calendar, self.close).due_at
        assert rung.action is not None
        return Escalation(
            key=Escalation.make_key(self.matter.id, f"{rung.step}.{rung.action.key}",
                                    firing.unit_id, firing.occasion),
            policy=self.policy.name,
            office_id=self.matter.office_id,
            matter_id=self.matter.id,
            unit_id=firing.unit_id,
            kind=EscalationKind.RUNG,
            action=rung.action,
            step=rung.step,
            trigger=firing.trigger.event,
            occasion=firing.occasion,
            citation=rung.citation,
            due_at=firing.due_at,
            issued_at=issued_at,
            reply_due_at=reply_due_at,
            proposal=rung.requires_decision or rung.action.always_proposal,
            provisional=firing.provisional,
            scope=rung.scope,
            target=rung.target,
            document=rung.document,
            options=rung.options,
            details=(("subject", self._subject(firing.occasion)), *firing.details),
        )

    def _subject(self, occasion: str) -> str:
        """The obligation an escalation chases, in words (for documents, ledgers and score
        reasons): the occasion's label, or what the trigger was."""
        found = self.by_key.get(occasion)
        if found is not None:
            return found.label
        if ".return" in occasion:
            return f"退回重办（第{occasion.rsplit('return', 1)[1]}轮）"
        if occasion.startswith("finding"):
            return "经认定的问题"
        if occasion.startswith("exposure"):
            return f"第{occasion.removeprefix('exposure')}次曝光"
        return "督办事项"

    def _static_firings(self, index: int, t_index: int) -> list[_Firing]:
        """The firings of a trigger that does not read what was issued (:data:`_STATIC`),
        moved to office days, found once."""
        found = self._static.get((index, t_index))
        if found is None:
            rung = self.rungs[index]
            found = [self._on_office_day(f) for f in self._firings(rung, rung.triggers[t_index])]
            self._static[index, t_index] = found
        return found

    def _firings_on_office_days(self, index: int, rung: Rung) -> list[_Firing]:
        """Every firing of the rung's triggers, each moved to an office day where due
        (:meth:`_on_office_day`); a trigger that does not read what was issued is found once."""
        firings: list[_Firing] = []
        for t_index, trigger in enumerate(rung.triggers):
            if trigger.event in _STATIC:
                firings.extend(self._static_firings(index, t_index))
            else:
                firings.extend(self._on_office_day(f) for f in self._firings(rung, trigger))
        return firings

    def first_static_due(self, after: _dt.datetime) -> _dt.datetime | None:
        """The earliest instant after ``after`` at which a trigger that does not read what
        was issued would issue a rung not issued yet (a guess where to look first: the
        look-ahead's answer never depends on it)."""
        best: _dt.datetime | None = None
        for index, rung in enumerate(self.rungs):
            assert rung.action is not None
            for t_index, trigger in enumerate(rung.triggers):
                if trigger.event not in _STATIC:
                    continue
                for firing in self._static_firings(index, t_index):
                    if firing.due_at <= after or (best is not None and firing.due_at >= best):
                        continue
                    key = Escalation.make_key(self.matter.id, f"{rung.step}.{rung.action.key}",
                                              firing.unit_id, firing.occasion)
                    if key in self.issued or _explanation_effect(
                            rung.explanation, self.matter, firing.unit_id, self.now,
                            self.by_key.get(firing.occasion)) != "fire":
                        continue
                    best = firing.due_at
        return best

    def run(self, cutoff: _dt.datetime | None = None) -> None:
        """Issue every firing due by ``cutoff`` (default ``now``), to a fixed point.

        A pass that added nothing a trigger reads (:data:`_READ`) ends the run: the next
        pass would compute the same firings — the static ones are kept, the others read only
        reminders, bulletins and exposures — and meet each with the same outcome (issued,
        held, suppressed or not yet due), so it would add nothing."""
        cutoff = self.now if cutoff is None else cutoff
        for _ in range(50):
            added = False
            read = False
            for index, rung in enumerate(self.rungs):
                firings = self._firings_on_office_days(index, rung)
                for firing in sorted(firings, key=lambda f: f.due_at):
                    if firing.due_at > cutoff:
                        continue
                    assert rung.action is not None
                    key = Escalation.make_key(
                        self.matter.id, f"{rung.step}.{rung.action.key}", firing.unit_id,
                        firing.occasion,
                    )
                    if key in self.issued or key in self.new:
                        continue
                    effect = _explanation_effect(
                        rung.explanation, self.matter, firing.unit_id, self.now,
                        self.by_key.get(firing.occasion),
                    )
                    if effect == "suppressed":
                        continue
                    if effect == "held":
                        self.held.add(key)
                        continue
                    escalation = self._issued(key, firing)
                    if escalation is None:
                        continue
                    self.new[key] = escalation
                    self._in_order = None
                    added = True
                    read = read or rung.action in _READ
            if not added or not read:
                return

    def _on_office_day(self, firing: _Firing) -> _Firing:
        """An office action falling due on a rest day or holiday goes out at the start of the
        next working day (parameter ``office_actions_on_working_days``); proposals and point
        deductions are not actions sent to anyone and keep their instant."""
        action = firing.rung.action
        if not self.policy.parameters.office_actions_on_working_days or action in _NOT_SENT:
            return firing
        day = _day(firing.due_at)
        try:
            if self.calendar.is_working_day(day):
                return firing
            next_day = self.calendar.roll_forward(day)
        except CalendarDataUnavailable:
            return firing
        return attrs.evolve(firing, due_at=_start_of(next_day))

    def _duty_period(self, duty: Duty) -> Period:
        """The duty's period for this matter: ``immediate_within`` (chizhou-2021 §6.2
        期限短的应即时联系) makes it 当日 — by the end of the day it starts — when the matter's
        own deadline (its last day, as rolled past rest days) falls at most that many days
        after dispatch: the threshold's own last day as counted, not rolled (a 5-day matter
        dispatched before National Day, due after it, is not short because 3 days from its
        dispatch would roll to the same day)."""
        assert duty.period is not None
        m = self.matter
        if duty.immediate_within is None or m.due is None or m.dispatched_at is None:
            return duty.period
        limit = counted(duty.immediate_within, m.dispatched_at, self.calendar, self.close)
        if m.due.last_day <= limit.nominal_last_day:
            return Period.same_day()
        return duty.period

    def office_duties(self) -> list[Escalation]:
        """The office's own duties found overdue (reported, never scored against a unit):
        ``chizhou-2021 §6.2`` delivery confirmed within 1 day of dispatch (shown by the lead
        unit's 签收), ``lianyungang-2019 §5.6`` feedback reviewed by the next day."""
        m = self.matter
        out: list[Escalation] = []
        assert m.dispatched_at is not None
        for duty in self.policy.office_duties:
            if duty.period is None or duty.start is None:
                continue
            if duty.obligation is Obligation.CONFIRM_DELIVERY and m.round == 1:
                lead = m.assignment(m.lead_unit_id)
                met = None if lead is None else lead.acknowledged_at
                items = [(f"r{m.round}", m.dispatched_at, met)]
            elif duty.obligation is Obligation.REVIEW:
                items = review_items(m, self.events)
            else:
                continue
            period = self._duty_period(duty)
            for occasion, start, met in items:
                deadline = counted(period, start, self.calendar, self.close)
                if deadline.due_at > self.now or (met is not None and met <= deadline.due_at):
                    continue
                key = Escalation.make_key(m.id, f"duty.{duty.key}", None, occasion)
                if key in self.issued:
                    continue
                out.append(Escalation(
                    key=key, policy=self.policy.name, office_id=m.office_id, matter_id=m.id,
                    unit_id=None,
                    kind=EscalationKind.OFFICE_DUTY, action=None, step=None, trigger=None,
                    occasion=occasion, citation=duty.citation, due_at=deadline.due_at,
                    issued_at=max(deadline.due_at, self.issue_floor),
                    provisional=deadline.provisional, duty=duty.key, target=duty.actor.label,
                    details=(("subject", duty.label), ("duty", duty.label),
                             ("deadline", deadline.last_day.isoformat())),
                ))
        return out


def evaluate(
    record: MatterRecord,
    policy: Policy,
    calendar: Calendar,
    now: _dt.datetime,
    *,
    close: _dt.time | None = None,
    issue_floor: _dt.datetime | None = None,
) -> Evaluation:
    """The escalations due for one matter at ``now`` and not yet issued (pure).

    Per-matter rungs only: consecutive misses across a unit's matters come from
    :func:`evaluate_streaks`. Evaluating again with the result added to ``record.issued``
    yields nothing new (the keys are the same). ``issue_floor`` (default ``now``) is the
    earliest instant a new escalation counts as issued; the preview passes the real now.
    """
    now = require_aware(now, "now")
    if not isinstance(record, MatterRecord):
        raise InvalidInput("record", "a MatterRecord(matter, events, issued)", record)
    received = receipt_duties(record, policy, calendar, now, close=close,
                              issue_floor=issue_floor)
    if record.matter.due is None or record.matter.dispatched_at is None:
        return Evaluation(now, tuple(received))  # before dispatch: only the receipt duty
    ladder = _Ladder(record, policy, calendar, now, issue_floor or now, close)
    ladder.run()  # a matter done late is still sanctioned; chasing stops once it is done
    duties = ladder.office_duties() if record.matter.status.is_open else []
    duties = [*duties, *received]
    found = sorted([*ladder.new.values(), *duties], key=lambda e: (e.due_at, e.key))
    return Evaluation(now, tuple(found), ladder.occasions, tuple(sorted(ladder.held)),
                      tuple(sorted(ladder.awaiting)))



