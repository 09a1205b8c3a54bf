"""The composition root's object: :class:`Supervision`, every use case with one argument
order (the actor first, then the subject), built by :func:`supervision.bootstrap.bootstrap`
and re-exported there."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from supervision.audit import ChainCheck, ChainHead
from supervision.calendar import Calendar
from supervision.clock import Clock
from supervision.documents import Document
from supervision.domain.actors import Actor
from supervision.domain.duplicates import DuplicateOverride
from supervision.domain.escalation import Escalation, Preview
from supervision.domain.events import Event
from supervision.domain.lifecycle import Status
from supervision.domain.model import (
    DeadlineTerms,
    Matter,
    ReasonKind,
    Registration,
    ReportContent,
    ReportKind,
    ReviewOutcome,
    Signoff,
    Unit,
)
from supervision.domain.notices import Backoff, Delivery, DeliveryStatus, Notice
from supervision.domain.objections import Objection, ObjectionOutcome, ReviewTerms
from supervision.domain.office import CalendarChoice, Letterhead, Office, OfficeEvent
from supervision.domain.policy import Policy, TriggerEvent
from supervision.domain.scorecard import Scorecard, ScoreEntry, ScorePeriod
from supervision.exceptions import InvalidInput
from supervision.policies import Registry
from supervision.ports import UnitOfWork
from supervision.service_layer import (
    assessment,
    decisions,
    delivery,
    objections,
    offices,
    outbox,
    queries,
    registration,
    reporting,
    services,
)
from supervision.service_layer import sweep as sweeping
from supervision.service_layer._support import check_actor
from supervision.service_layer.context import Context, office_of
from supervision.service_layer.offices import OfficeSpec

if TYPE_CHECKING:
    from supervision.ledger import Ledger
    from supervision.report import ReportModel

__all__ = ["ChainAudit", "Supervision"]


@attrs.frozen
class ChainAudit:
    """How the composition root reaches its store's chain: ``verify(head)`` and
    ``export(at)`` (the adapter's ``verify`` and ``export_head`` with the configured key)."""

    verify: Callable[[ChainHead | None], ChainCheck]
    export: Callable[[_dt.datetime | None], ChainHead]



class Supervision:
    """Everything a host needs, built once: a unit-of-work factory and the
    :class:`~supervision.service_layer.context.Context` (clock, calendar, policies).

    Every method runs one use case in its own unit of work; the actor comes first, then the
    subject. Build it with :func:`bootstrap`.
    """

    def __init__(
        self,
        uow_factory: Callable[[], UnitOfWork],
        context: Context,
        *,
        dispose: Callable[[], None] | None = None,
        review_terms: ReviewTerms | None = None,
        audit: ChainAudit | None = None,
    ) -> None:
        self._uow_factory = uow_factory
        self.context = context
        self._dispose = dispose
        #: the periods of the 复核 workflow (《政府督查工作条例》 as the library reads it)
        self.review_terms = ReviewTerms() if review_terms is None else review_terms
        self._audit = audit

    # ---------------------------------------------------------------- plumbing
    @property
    def clock(self) -> Clock:
        return self.context.clock

    @property
    def calendar(self) -> Calendar:
        return self.context.calendar

    @property
    def policies(self) -> Registry:
        return self.context.policies

    def uow(self) -> UnitOfWork:
        """A new unit of work (one per command, as in a web request)."""
        return self._uow_factory()

    def dispose(self) -> None:
        """Release what :func:`bootstrap` opened (the engine it created from a URL)."""
        if self._dispose is not None:
            self._dispose()

    def ensure_offices(self, specs: Iterable[OfficeSpec]) -> list[Office]:
        """Create the configured offices or bring the stored ones in line, in one
        transaction (see :func:`~supervision.service_layer.offices.ensure_office`)."""
        if not isinstance(specs, list | tuple):
            raise InvalidInput("specs", "a list of OfficeSpec", specs)
        found: list[Office] = []
        with self.uow() as uow:
            for i, spec in enumerate(specs):
                found.append(offices.ensure_office(uow, self.context, spec,
                                                   field=f"offices[{i}]"))
            uow.commit()
        return found

    # ------------------------------------------------------------------- audit
    def chain_head(self, *, at: _dt.datetime | None = None) -> ChainHead:
        """The chain head (count, last hash, time, key id) signed with the configured key,
        for an auditor to keep outside the database (docs/security.md)."""
        if self._audit is None:
            raise InvalidInput("audit", "a Supervision built by bootstrap()", None)
        return self._audit.export(at)

    def verify_chain(self, *, head: ChainHead | None = None) -> ChainCheck:
        """Check the chain of records with the configured key ring, and against ``head`` (a
        head exported earlier by :meth:`chain_head`) when given."""
        if self._audit is None:
            raise InvalidInput("audit", "a Supervision built by bootstrap()", None)
        return self._audit.verify(head)

    # ----------------------------------------------------------------- offices
    def office(self, actor: Actor) -> Office:
        """The actor's office."""
        check_actor(actor)
        with self.uow() as uow:
            return office_of(uow, actor)

    def offices(self, actor: Actor) -> list[Office]:
        """The offices the actor reads (their own, and any in ``read_offices``)."""
        check_actor(actor)
        with self.uow() as uow:
            return [o for o in uow.offices.list() if actor.reads(o.id)]

    def change_policy(
        self, actor: Actor, policy: Policy | str, *, effective_from: _dt.date, reason: str,
        parameters: Mapping[str, Any] | None = None,
    ) -> Office:
        """A new regulation for the actor's office from ``effective_from`` (recorded)."""
        return offices.change_policy(self.uow(), self.context, actor, policy,
                                     effective_from=effective_from, reason=reason,
                                     parameters=parameters)

    def migrate_matters(self, actor: Actor, matter_ids: Sequence[str], *, reason: str
                        ) -> list[Matter]:
        """Move matters to the policy the office works under today (recorded per matter)."""
        return offices.migrate_matters(self.uow(), self.context, actor, matter_ids,
                                       reason=reason)

    def update_office(
        self, actor: Actor, *, name: str | None = None, numbering_prefix: str | None = None,
        calendar: CalendarChoice | None = None, letterhead: Letterhead | None = None,
    ) -> Office:
        """Change the actor's office's name, 代字, calendar choices or letterhead data
        (recorded)."""
        return offices.update_office(self.uow(), self.context, actor, name=name,
                                     numbering_prefix=numbering_prefix, calendar=calendar,
                                     letterhead=letterhead)

    def office_history(self, actor: Actor) -> list[OfficeEvent]:
        """The recorded changes of the actor's office."""
        return offices.office_history(self.uow(), self.context, actor)

    # ------------------------------------------------------------------- units
    def add_unit(self, actor: Actor, unit: Unit) -> Unit:
        """Add a unit (承办单位) to the actor's office."""
        return services.add_unit(self.uow(), self.context, actor, unit)

    def update_unit(self, actor: Actor, unit: Unit) -> Unit:
        """Replace a unit's record in the actor's office."""
        return services.update_unit(self.uow(), self.context, actor, unit)

    def units(self, actor: Actor) -> list[Unit]:
        """The units of the actor's office."""
        check_actor(actor)
        with self.uow() as uow:
            office = office_of(uow, actor)
            return uow.units.list(office.id)

    # ----------------------------------------------------------- registration
    def register(self, actor: Actor, registration_: Registration, *,
                 matter_id: str | None = None,
                 override: DuplicateOverride | None = None) -> Matter:
        """立项 in the actor's office, under the policy in force there today. With the
        duplicate guard on, a likely repeat is refused unless ``override`` gives the reason
        (recorded)."""
        return registration.register(self.uow(), self.context, actor, registration_,
                                     matter_id=matter_id, override=override)

    def register_many(self, actor: Actor, registrations: Sequence[Registration]) -> list[Matter]:
        """立项 of several matters at once, all or nothing (one transaction)."""
        if not isinstance(registrations, list | tuple) or not registrations:
            raise InvalidInput("registrations", "a non-empty list of Registration", registrations)
        check_actor(actor)
        at = self.context.now()
        with self.uow() as uow:
            found = registration.register_many_in(uow, self.context, actor,
                                                  list(registrations), at=at)
            uow.commit()
        return found

    # -------------------------------------------------------------- lifecycle
    def approve(self, actor: Actor, matter_id: str, *, opinion: str = "",
                expected_version: int | None = None) -> Matter:
        """审定."""
        return services.approve(self.uow(), self.context, actor, matter_id, opinion=opinion,
                                expected_version=expected_version)

    def dispatch(self, actor: Actor, matter_id: str, *,
                 expected_version: int | None = None) -> Matter:
        """交办: the deadline is derived and its clock starts."""
        return services.dispatch(self.uow(), self.context, actor, matter_id,
                                 expected_version=expected_version)

    def acknowledge(self, actor: Actor, matter_id: str, *,
                    expected_version: int | None = None) -> Matter:
        """签收 by the actor's unit."""
        return services.acknowledge(self.uow(), self.context, actor, matter_id,
                                    expected_version=expected_version)

    def report_progress(self, actor: Actor, matter_id: str, content: ReportContent, *,
                        kind: ReportKind = ReportKind.PROGRESS,
                        expected_version: int | None = None) -> Matter:
        """A progress report by the lead unit, or its handling plan (``ReportKind.PLAN``)."""
        return services.report_progress(self.uow(), self.context, actor, matter_id, content,
                                        kind=kind, expected_version=expected_version)

    def contribute(self, actor: Actor, matter_id: str, content: ReportContent, *,
                   expected_version: int | None = None) -> Matter:
        """A co-unit's contribution."""
        return services.contribute(self.uow(), self.context, actor, matter_id, content,
                                   expected_version=expected_version)

    def submit_final_report(self, actor: Actor, matter_id: str, content: ReportContent, *,
                            signoff: Signoff | None = None,
                            expected_version: int | None = None) -> Matter:
        """The lead unit's final report, signed off as the matter's policy requires."""
        return services.submit_final_report(self.uow(), self.context, actor, matter_id,
                                            content, signoff=signoff,
                                            expected_version=expected_version)

    def confirm_signoff(self, actor: Actor, matter_id: str, *,
                        expected_version: int | None = None) -> Matter:
        """核签确认 by the person a sign-off recorded on their behalf names."""
        return services.confirm_signoff(self.uow(), self.context, actor, matter_id,
                                        expected_version=expected_version)

    def supply_supplement(self, actor: Actor, matter_id: str, content: ReportContent, *,
                          expected_version: int | None = None) -> Matter:
        """补充说明."""
        return services.supply_supplement(self.uow(), self.context, actor, matter_id, content,
                                          expected_version=expected_version)

    def review(self, actor: Actor, matter_id: str, outcome: ReviewOutcome, *,
               opinion: str = "", redo_due_day: _dt.date | None = None,
               expected_version: int | None = None) -> Matter:
        """审核: accept, return for redo, or ask for a supplement."""
        return services.review(self.uow(), self.context, actor, matter_id, outcome,
                               opinion=opinion, redo_due_day=redo_due_day,
                               expected_version=expected_version)

    def explain(self, actor: Actor, matter_id: str, reason_kind: ReasonKind, text: str, *,
                next_steps: str = "", expected_version: int | None = None) -> Matter:
        """情况说明 by the actor's unit (the deadline does not move)."""
        return services.explain(self.uow(), self.context, actor, matter_id, reason_kind, text,
                                next_steps=next_steps, expected_version=expected_version)

    def decide_explanation(self, actor: Actor, matter_id: str, number: int, *, accept: bool,
                           opinion: str = "", expected_version: int | None = None) -> Matter:
        """The office accepts or rejects an explanation."""
        return services.decide_explanation(self.uow(), self.context, actor, matter_id, number,
                                           accept=accept, opinion=opinion,
                                           expected_version=expected_version)

    def complete(self, actor: Actor, matter_id: str, *,
                 expected_version: int | None = None) -> Matter:
        """办结."""
        return services.complete(self.uow(), self.context, actor, matter_id,
                                 expected_version=expected_version)

    def close(self, actor: Actor, matter_id: str, *, note: str = "",
              expected_version: int | None = None) -> Matter:
        """销号."""
        return services.close(self.uow(), self.context, actor, matter_id, note=note,
                              expected_version=expected_version)

    def accept_and_close(self, actor: Actor, matter_id: str, *, opinion: str = "",
                         note: str = "", expected_version: int | None = None) -> Matter:
        """审核通过 → 办结 → 销号 as one command, in one transaction: all or nothing."""
        return services.accept_and_close(self.uow(), self.context, actor, matter_id,
                                         opinion=opinion, note=note,
                                         expected_version=expected_version)

    def close_many(self, actor: Actor, matter_ids: Sequence[str], *,
                   read_versions: Mapping[str, int] | None = None, note: str = ""
                   ) -> list[Matter]:
        """销号 of several completed matters, all or nothing."""
        return services.close_many(self.uow(), self.context, actor, matter_ids,
                                   read_versions=read_versions, note=note)

    def archive(self, actor: Actor, matter_id: str, *,
                expected_version: int | None = None) -> Matter:
        """归档."""
        return services.archive(self.uow(), self.context, actor, matter_id,
                                expected_version=expected_version)

    def reinspect(self, actor: Actor, matter_id: str, *, deadline: DeadlineTerms, reason: str,
                  linked: bool = False) -> Matter:
        """回头看: reopen, or open a linked matter."""
        return services.reinspect(self.uow(), self.context, actor, matter_id,
                                  deadline=deadline, reason=reason, linked=linked)

    def request_extension(self, actor: Actor, matter_id: str, requested_day: _dt.date,
                          reason: str, *, expected_version: int | None = None) -> Matter:
        """延期申请, where the matter's policy enables extensions."""
        return services.request_extension(self.uow(), self.context, actor, matter_id,
                                          requested_day, reason,
                                          expected_version=expected_version)

    def decide_extension(self, actor: Actor, matter_id: str, number: int, *, grant: bool,
                         opinion: str = "", granted_day: _dt.date | None = None,
                         expected_version: int | None = None) -> Matter:
        """An approver grants or refuses an extension request."""
        return services.decide_extension(self.uow(), self.context, actor, matter_id, number,
                                         grant=grant, opinion=opinion, granted_day=granted_day,
                                         expected_version=expected_version)

    def suspend(self, actor: Actor, matter_id: str, *, reason: str,
                expected_version: int | None = None) -> Matter:
        """中止."""
        return services.suspend(self.uow(), self.context, actor, matter_id, reason=reason,
                                expected_version=expected_version)

    def resume(self, actor: Actor, matter_id: str, *,
               expected_version: int | None = None) -> Matter:
        """恢复."""
        return services.resume(self.uow(), self.context, actor, matter_id,
                               expected_version=expected_version)

    def withdraw(self, actor: Actor, matter_id: str, *, reason: str,
                 expected_version: int | None = None) -> Matter:
        """撤销."""
        return services.withdraw(self.uow(), self.context, actor, matter_id, reason=reason,
                                 expected_version=expected_version)

    def terminate(self, actor: Actor, matter_id: str, *, reason: str,
                  expected_version: int | None = None) -> Matter:
        """终止."""
        return services.terminate(self.uow(), self.context, actor, matter_id, reason=reason,
                                  expected_version=expected_version)

    def recompute_deadline(self, actor: Actor, matter_id: str) -> Matter:
        """Re-derive one matter's due date."""
        return services.recompute_deadline(self.uow(), self.context, actor, matter_id)

    # -------------------------------------------------------------- decisions
    def decide_proposal(self, actor: Actor, key: str, *, accept: bool, measure: str = "",
                        opinion: str = "") -> Escalation:
        """A person decides a proposal (问责 …)."""
        return decisions.decide_proposal(self.uow(), self.context, actor, key, accept=accept,
                                         measure=measure, opinion=opinion)

    def record_finding(self, actor: Actor, matter_id: str, finding: TriggerEvent, note: str, *,
                       unit_id: str | None = None) -> Matter:
        """The office records a finding (poor conduct, rectification ignored)."""
        return decisions.record_finding(self.uow(), self.context, actor, matter_id, finding,
                                        note, unit_id=unit_id)

    def commend(self, actor: Actor, unit_id: str, reference: str, reason: str, *,
                matter_ids: Sequence[str] = ()) -> ScoreEntry:
        """通报表扬 of a unit."""
        return decisions.commend(self.uow(), self.context, actor, unit_id, reference, reason,
                                 matter_ids=matter_ids)

    def uphold_objection(self, actor: Actor, entry_key: str, reason: str) -> ScoreEntry:
        """异议成立: a compensating entry reverses a deduction."""
        return decisions.uphold_objection(self.uow(), self.context, actor, entry_key, reason)

    # ------------------------------------------------------------------ 复核
    def file_objection(self, actor: Actor, conclusion: str, reasons: str) -> Objection:
        """复核申请 by the unit a conclusion (an escalation or score entry key) concerns,
        within the filing period from receipt."""
        return objections.file_objection(self.uow(), self.context, actor, conclusion,
                                         reasons, terms=self.review_terms)

    def decide_objection(self, actor: Actor, objection_id: str, outcome: ObjectionOutcome,
                         reasons: str, *, reverse: Sequence[str] = ()) -> Objection:
        """复核决定 by an approving leader: upheld, partly upheld (``reverse``: the deductions
        reversed) or rejected, with reasons."""
        return objections.decide_objection(self.uow(), self.context, actor, objection_id,
                                           outcome, reasons, reverse=reverse,
                                           terms=self.review_terms)

    def objections_for(self, actor: Actor, matter_id: str) -> list[Objection]:
        """The objections about a matter the actor may see."""
        return objections.objections_for(self.uow(), self.context, actor, matter_id)

    def open_objections(self, actor: Actor) -> list[Objection]:
        """The office's unanswered objections the actor may see (its 复核 work list)."""
        return objections.open_objections(self.uow(), self.context, actor)

    # ---------------------------------------------------------- outbox, documents
    def notices_for(self, actor: Actor, matter_id: str) -> list[tuple[Notice, Delivery]]:
        """The notices about a matter the actor may see, with their delivery state."""
        return outbox.notices_for(self.uow(), self.context, actor, matter_id)

    def notices(self, actor: Actor, *, status: DeliveryStatus | None = None,
                since: _dt.datetime | None = None, until: _dt.datetime | None = None
                ) -> list[tuple[Notice, Delivery]]:
        """The outbox of the actor's offices (notices about matters the actor may see),
        filtered by delivery status and the time written."""
        return outbox.list_notices(self.uow(), self.context, actor, status=status,
                                   since=since, until=until)

    def document_for_escalation(self, actor: Actor, key: str, *,
                                interview_at: _dt.datetime | None = None, place: str = "",
                                template: str | None = None) -> Document:
        """The document of a recorded escalation (催办单, 告诫单, 约谈通知, 通报, 专报 …) as the
        actor may read it: its own number, the clause in Chinese, the office's letterhead."""
        return outbox.document_for_escalation(self.uow(), self.context, actor, key,
                                              interview_at=interview_at, place=place,
                                              template=template)

    def document_for_notice(self, actor: Actor, notice_key: str, *,
                            template: str | None = None) -> Document:
        """The document a notice sends, re-rendered from the records for the actor."""
        return outbox.document_for_notice(self.uow(), self.context, actor, notice_key,
                                          template=template)

    def deliver(self, sender: delivery.Sender, *, worker: str | None = None,
                batch_size: int = 50, max_notices: int | None = None,
                lease: _dt.timedelta = delivery.DEFAULT_LEASE, backoff: Backoff | None = None,
                offices: Collection[str] | None = None) -> delivery.DeliveryRun:
        """Hand the due notices to ``sender`` (what ``supervision deliver`` runs from cron);
        any number of workers may run it at once."""
        return delivery.deliver(self.uow(), self.context, sender, worker=worker,
                                batch_size=batch_size, max_notices=max_notices, lease=lease,
                                backoff=backoff, offices=offices)

    def requeue_notice(self, notice_key: str) -> Delivery:
        """Make a 未送达 notice 待送达 again (a system task)."""
        return delivery.requeue(self.uow(), self.context, notice_key)

    def backfill_notices(self, *, offices: Collection[str] | None = None,
                         since: _dt.datetime | None = None) -> int:
        """Write the notices of escalations recorded before the outbox existed (once)."""
        return outbox.backfill(self.uow(), self.context, offices=offices, since=since)

    # ------------------------------------------------------------------ system
    def sweep(self, *, offices: Collection[str] | None = None, batch_size: int = 200,
              lookback_days: int = 7, claim: bool = False) -> sweeping.SweepSummary:
        """The daily sweep over every office (or ``offices``); ``claim=True`` in each of
        several workers sharing it (each page claims its due matters, ``FOR UPDATE SKIP
        LOCKED`` on PostgreSQL)."""
        return sweeping.sweep(self.uow(), self.context, offices=offices, batch_size=batch_size,
                              lookback_days=lookback_days, claim=claim)

    def recompute_deadlines(self, *, offices: Collection[str] | None = None,
                            batch_size: int = 200) -> sweeping.RecomputeSummary:
        """Re-derive every open matter's deadline."""
        return sweeping.recompute_deadlines(self.uow(), self.context, offices=offices,
                                            batch_size=batch_size)

    # ----------------------------------------------------------------- queries
    def get_matter(self, actor: Actor, matter_id: str) -> Matter:
        """One matter the actor may see."""
        return queries.get_matter(self.uow(), self.context, actor, matter_id)

    def list_matters(self, actor: Actor, *, status: Status | None = None,
                     unit_id: str | None = None, parent_id: str | None = None,
                     reinspection_of: str | None = None) -> list[Matter]:
        """The matters the actor may see, filtered."""
        return queries.list_matters(self.uow(), self.context, actor, status=status,
                                    unit_id=unit_id, parent_id=parent_id,
                                    reinspection_of=reinspection_of)

    def count_matters(self, actor: Actor, *, status: Status | None = None,
                      unit_id: str | None = None) -> int:
        """How many matters the actor may see."""
        return queries.count_matters(self.uow(), self.context, actor, status=status,
                                     unit_id=unit_id)

    def timeline(self, actor: Actor, matter_id: str) -> list[Event]:
        """A matter's events."""
        return queries.timeline(self.uow(), self.context, actor, matter_id)

    def escalations_for(self, actor: Actor, matter_id: str) -> list[Escalation]:
        """The escalations issued on a matter."""
        return queries.escalations_for(self.uow(), self.context, actor, matter_id)

    def preview(self, actor: Actor, matter_id: str, *, horizon_days: int = 120) -> Preview:
        """What happens next to a matter if nothing changes."""
        return queries.preview_matter(self.uow(), self.context, actor, matter_id,
                                      horizon_days=horizon_days)

    def ledger(self, actor: Actor, as_of: _dt.datetime | None = None
               ) -> list[queries.LedgerRow]:
        """The ledger rows the actor may see, as of ``as_of`` (default: now)."""
        when = self.context.now() if as_of is None else as_of
        return queries.ledger(self.uow(), self.context, actor, when)

    def scorecard(self, actor: Actor, period: ScorePeriod, *, office_id: str | None = None,
                  unit_ids: Collection[str] | None = None,
                  as_of: _dt.datetime | None = None) -> tuple[Scorecard, ...]:
        """The ranked scorecards of an office's units for ``period`` as of ``as_of``
        (default: the clock's now; every card states the instant it used)."""
        return assessment.scorecard(self.uow(), self.context, actor, period,
                                    office_id=office_id, unit_ids=unit_ids, as_of=as_of)

    # -------------------------------------------------------------- statistics
    def statistics(self, actor: Actor, *, as_of: _dt.datetime,
                   period: ScorePeriod | None = None, office_id: str | None = None
                   ) -> reporting.OfficeStatistics:
        """The one set of figures (docs/statistics.md) of an office for ``period`` (None:
        every matter dispatched by then) as of ``as_of``, per unit and for the office."""
        return reporting.office_statistics(self.uow(), self.context, actor, as_of=as_of,
                                           period=period, office_id=office_id)

    def score_report(self, actor: Actor, period: ScorePeriod, *, as_of: _dt.datetime,
                     office_id: str | None = None) -> reporting.ScoreReport:
        """The scorecards with what their outputs name (office, policy, period, instant,
        basis, the reader's matter numbers): the input of ``supervision.ledger``'s
        ``write_scorecard_xlsx``, ``scorecard_text`` and ``scorecard_json``."""
        return reporting.score_report(self.uow(), self.context, actor, period, as_of=as_of,
                                      office_id=office_id)

    def read_ledger(self, actor: Actor, *, as_of: _dt.datetime,
                    period: ScorePeriod | None = None, office_id: str | None = None
                    ) -> Ledger:
        """An office's ledger at ``as_of`` with its figures for ``period``: the input of
        ``supervision.ledger``'s ``write_xlsx``, ``write_csv``, ``ledger_text`` and
        ``ledger_json``."""
        from supervision.ledger import read_ledger

        return read_ledger(self.uow(), self.context, actor, as_of=as_of, period=period,
                           office_id=office_id)

    def report(self, actor: Actor, *, as_of: _dt.datetime, period: ScorePeriod | None = None,
               office_id: str | None = None) -> ReportModel:
        """The HTML report's model (``supervision.report``) of the actor's office (or
        ``office_id``) for ``period`` (default: the assessment period containing ``as_of``)
        as of ``as_of``, filtered to what the actor may see; write it with
        ``supervision.report.write_html``."""
        from supervision.report import report_model

        return report_model(self.uow(), self.context, actor, as_of=as_of, period=period,
                            office_id=office_id)
