"""What every use case needs besides the unit of work and the actor: the clock, the base
calendar and the policies, and the lookups built on them.

A :class:`Context` resolves the policy a matter lives under from the reference recorded on it
(:class:`~supervision.domain.office.PolicyRef`: name and exact parameters), never from a
caller, and an office's calendar from its choices (closing time, supplied notices,
provisional mode). Both are cached: a sweep over many matters builds each policy and calendar
once. The composition root (:func:`supervision.bootstrap`) builds one Context and hands it to
every call; tests may build their own.
"""

from __future__ import annotations

import datetime as _dt
import threading

import attrs

from supervision.calendar import Calendar
from supervision.clock import Clock, require_aware
from supervision.domain.actors import Actor, require_actor
from supervision.domain.duplicates import DuplicateGuard
from supervision.domain.model import Matter
from supervision.domain.office import Office, PolicyRef
from supervision.domain.policy import Policy
from supervision.exceptions import InvalidInput, InvalidPolicy, OfficeNotFound
from supervision.policies import Registry
from supervision.ports import UnitOfWork

__all__ = ["Context"]


class Context:
    """The clock, the base calendar and the policy registry, with cached resolution.

    ``policies`` defaults to the five shipped regulations; pass a :class:`Registry` holding
    an integrator's own policies too. ``duplicates`` turns the duplicate-supervision guard on
    for registration (:class:`~supervision.domain.duplicates.DuplicateGuard`; None: off).
    """

    def __init__(
        self,
        clock: Clock,
        calendar: Calendar,
        policies: Registry | None = None,
        *,
        duplicates: DuplicateGuard | None = None,
    ) -> None:
        if not callable(getattr(clock, "now", None)):
            raise InvalidInput("clock", "a supervision.Clock (SystemClock(), FixedClock(...))",
                               clock)
        if not isinstance(calendar, Calendar):
            raise InvalidInput("calendar", "a supervision.calendar.Calendar (calendar.china())",
                               calendar)
        if policies is not None and not isinstance(policies, Registry):
            raise InvalidInput("policies", "a supervision.policies.Registry", policies)
        if duplicates is not None and not isinstance(duplicates, DuplicateGuard):
            raise InvalidInput("duplicates", "a DuplicateGuard, or None", duplicates)
        self.clock = clock
        self.calendar = calendar
        self.duplicates = duplicates
        self.policies = policies if policies is not None else Registry.with_builtins()
        self._lock = threading.Lock()
        self._policies: dict[str, Policy] = {}
        self._calendars: dict[tuple[str, int], Calendar] = {}

    # -------------------------------------------------------------------- time
    def now(self) -> _dt.datetime:
        """The clock's instant (it must be aware)."""
        return require_aware(self.clock.now(), "clock.now()")

    # ---------------------------------------------------------------- policies
    def policy(self, ref: PolicyRef) -> Policy:
        """The policy ``ref`` names, with exactly the recorded parameters.

        UnknownPolicy when the name is not registered; InvalidPolicy when a recorded
        parameter no longer exists or no longer reads back the same (the policy changed in a
        way that would silently change the rules a matter lives under)."""
        if not isinstance(ref, PolicyRef):
            raise InvalidInput("policy", "a PolicyRef", ref)
        with self._lock:
            cached = self._policies.get(ref.fingerprint)
        if cached is not None:
            return cached
        base = self.policies.get(ref.name)
        values = ref.values(base)
        missing = sorted({name for name, _ in ref.parameters} - set(values))
        if missing:
            raise InvalidPolicy(
                ref.name,
                f"the parameters {missing} recorded on matters and offices no longer exist; "
                "register the policy version they were recorded under",
            )
        changed = {k: v for k, v in values.items() if getattr(base.parameters, k) != v}
        policy = base.with_parameters(**changed) if changed else base
        again = PolicyRef.of(policy)
        recorded = dict(ref.parameters)
        if any(dict(again.parameters).get(k) != v for k, v in recorded.items()):
            raise InvalidPolicy(ref.name, "the recorded parameters do not read back the same")
        with self._lock:
            self._policies[ref.fingerprint] = policy
        return policy

    def policy_of(self, matter: Matter) -> Policy:
        """The policy ``matter`` lives under (recorded at registration)."""
        return self.policy(matter.policy)

    # --------------------------------------------------------------- calendars
    def calendar_of(self, office: Office) -> Calendar:
        """The office's calendar: the base calendar with the office's supplied notices, in
        provisional mode when the office chose it."""
        key = (office.id, office.version)
        with self._lock:
            cached = self._calendars.get(key)
        if cached is not None:
            return cached
        calendar = self.calendar
        for schedule in office.calendar.schedules:
            calendar = calendar.with_schedule(schedule, replace=True)
        if office.calendar.provisional and not calendar.provisional:
            calendar = calendar.as_provisional()
        with self._lock:
            self._calendars[key] = calendar
        return calendar

    @staticmethod
    def close_of(office: Office) -> _dt.time | None:
        """The office's closing time (None: periods end at 24:00)."""
        return office.calendar.close_time


@attrs.frozen
class Scope:
    """One office's rules as a command applies them to a matter: the office, the matter's own
    policy, the office's calendar and closing time."""

    office: Office
    policy: Policy
    calendar: Calendar
    close: _dt.time | None


def scope_of(uow: UnitOfWork, ctx: Context, matter: Matter) -> Scope:
    """The office, policy, calendar and closing time ``matter`` is handled under."""
    office = uow.offices.get(matter.office_id)
    return Scope(office, ctx.policy_of(matter), ctx.calendar_of(office), ctx.close_of(office))


def office_of(uow: UnitOfWork, actor: Actor) -> Office:
    """The office the actor works in; InvalidInput when the actor names none,
    OfficeNotFound when it is unknown."""
    actor = require_actor(actor)
    if actor.office_id is None:
        raise InvalidInput(
            "actor.office_id",
            "the id of the office the person works in (Actor.of(..., office_id=...))",
            None,
        )
    try:
        return uow.offices.get(actor.office_id)
    except OfficeNotFound:
        raise OfficeNotFound(actor.office_id) from None
