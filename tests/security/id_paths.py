"""The public paths that take a matter id, or a key that belongs to a matter (an escalation's,
a score entry's, a notice's, an objection's id), or name a matter inside an argument (a
registration's parent): each probe
calls one path for an actor who may not see the matter, so that a hidden id and a missing id
can be compared (tests/security/test_hidden_ids.py).

A probe is ``probe(world, template, matter_id)``: ``template`` is the hidden matter whose
escalation or score entry gives the shape of a key, ``matter_id`` the id put in it (the
hidden one itself, or a missing one).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable

import attrs
import read_world as rw
from builders import CLERK_2, LEADER, LIAISON_A, final_content, progress_content

from supervision.domain import DeadlineTerms, ReasonKind, ReviewOutcome, Signoff, SignoffCapacity
from supervision.domain.objections import ObjectionOutcome
from supervision.domain.policy import TriggerEvent
from supervision.periods import Period
from supervision.service_layer import (
    _support,
    combined,
    decisions,
    objections,
    offices,
    outbox,
    queries,
    registration,
    services,
)

Probe = Callable[[rw.ReadWorld, str, str], object]
DAY = dt.date(2026, 11, 30)
TERMS = DeadlineTerms.stated(Period.days(10))


def _key(world: rw.ReadWorld, template: str, matter_id: str) -> str:
    return world.proposal_key(template).replace(template, matter_id)


def _entry(world: rw.ReadWorld, template: str, matter_id: str) -> str:
    return world.entry_key(template).replace(template, matter_id)


def _conclusion(world: rw.ReadWorld, template: str, matter_id: str) -> str:
    """An escalation of the matter no objection was filed against yet (its second 催办)."""
    key = next(k for k in world.escalation_keys(template) if ":3.reminder:" in k)
    return key.replace(template, matter_id)


def _objection(world: rw.ReadWorld, template: str, matter_id: str) -> str:
    return world.objection_id(template).replace(template, matter_id)


def _escalation(world: rw.ReadWorld, template: str, matter_id: str) -> str:
    return world.escalation_keys(template)[0].replace(template, matter_id)


def _notice(world: rw.ReadWorld, template: str, matter_id: str) -> str:
    return world.notice_key(template).replace(template, matter_id)


def _child(matter_id: str, link: str = "parent_id") -> object:
    return attrs.evolve(rw._registration(rw.OPEN), title="分解事项", **{link: matter_id})


def _signoff() -> Signoff:
    return Signoff("head-a", SignoffCapacity.UNIT_HEAD, rw.END)


def _in_uow(world: rw.ReadWorld, call: Callable[[object], object]) -> object:
    with world.app.uow() as uow:
        return call(uow)


# Each command: the call with the given matter id (or the key built from it), by an actor of
# office-a the hidden matters do not designate.
COMMAND_CALLS: dict[str, Probe] = {
    "approve": lambda w, t, m: w.app.approve(LEADER, m),
    "dispatch": lambda w, t, m: w.app.dispatch(CLERK_2, m),
    "acknowledge": lambda w, t, m: w.app.acknowledge(LIAISON_A, m),
    "report_progress": lambda w, t, m: w.app.report_progress(LIAISON_A, m, progress_content()),
    "contribute": lambda w, t, m: w.app.contribute(LIAISON_A, m, progress_content()),
    "submit_final_report": lambda w, t, m: w.app.submit_final_report(
        LIAISON_A, m, final_content(), signoff=_signoff()),
    "confirm_signoff": lambda w, t, m: w.app.confirm_signoff(LEADER, m),
    "supply_supplement": lambda w, t, m: w.app.supply_supplement(LIAISON_A, m, final_content()),
    "review": lambda w, t, m: w.app.review(CLERK_2, m, ReviewOutcome.ACCEPTED),
    "explain": lambda w, t, m: w.app.explain(LIAISON_A, m, ReasonKind.OBJECTIVE, "客观原因"),
    "decide_explanation": lambda w, t, m: w.app.decide_explanation(CLERK_2, m, 1, accept=True),
    "complete": lambda w, t, m: w.app.complete(CLERK_2, m),
    "close": lambda w, t, m: w.app.close(CLERK_2, m),
    "accept_and_close": lambda w, t, m: w.app.accept_and_close(CLERK_2, m),
    "close_many": lambda w, t, m: w.app.close_many(CLERK_2, [m]),
    "archive": lambda w, t, m: w.app.archive(CLERK_2, m),
    "reinspect": lambda w, t, m: [
        _outcome(lambda: w.app.reinspect(CLERK_2, m, deadline=TERMS, reason="回头看")),
        _outcome(lambda: w.app.reinspect(CLERK_2, m, deadline=TERMS, reason="回头看",
                                         linked=True))],
    "request_extension": lambda w, t, m: w.app.request_extension(LIAISON_A, m, DAY, "延期"),
    "decide_extension": lambda w, t, m: w.app.decide_extension(LEADER, m, 1, grant=True),
    "suspend": lambda w, t, m: w.app.suspend(CLERK_2, m, reason="中止"),
    "resume": lambda w, t, m: w.app.resume(CLERK_2, m),
    "withdraw": lambda w, t, m: w.app.withdraw(CLERK_2, m, reason="撤销"),
    "terminate": lambda w, t, m: w.app.terminate(LEADER, m, reason="终止"),
    "recompute_deadline": lambda w, t, m: w.app.recompute_deadline(CLERK_2, m),
    "decide_proposal": lambda w, t, m: w.app.decide_proposal(LEADER, _key(w, t, m), accept=True),
    "record_finding": lambda w, t, m: w.app.record_finding(
        CLERK_2, m, TriggerEvent.POOR_CONDUCT, "敷衍塞责"),
    "commend": lambda w, t, m: w.app.commend(LEADER, "unit-a", "表彰〔2026〕9号", "表扬",
                                             matter_ids=(m,)),
    "uphold_objection": lambda w, t, m: w.app.uphold_objection(LEADER, _entry(w, t, m),
                                                               "异议成立"),
    "migrate_matters": lambda w, t, m: w.app.migrate_matters(LEADER, [m], reason="迁移"),
    "file_objection": lambda w, t, m: [
        _outcome(lambda: w.app.file_objection(LIAISON_A, _conclusion(w, t, m), "依据不足")),
        _outcome(lambda: w.app.file_objection(LIAISON_A, _entry(w, t, m), "扣分依据不足"))],
    "decide_objection": lambda w, t, m: w.app.decide_objection(
        LEADER, _objection(w, t, m), ObjectionOutcome.REJECTED, "复核不成立"),
    "register": lambda w, t, m: [
        _outcome(lambda: w.app.register(CLERK_2, _child(m))),
        _outcome(lambda: w.app.register(CLERK_2, _child(m, "reinspection_of")))],
}


def _outcome(call: Callable[[], object]) -> tuple[str, str]:
    try:
        value = call()
    except Exception as error:
        return type(error).__name__, str(error)
    return "returned", repr(value)


def _via_services_probe(name: str, world: rw.ReadWorld, template: str, matter_id: str
                        ) -> object:
    return _via_services(world, name, matter_id)


def _via_services(world: rw.ReadWorld, name: str, matter_id: str) -> object:
    """The service function ``name`` with the arguments the composition root passes."""
    ctx, uow = world.app.context, world.app.uow()
    calls: dict[str, Callable[[], object]] = {
        "approve": lambda: services.approve(uow, ctx, LEADER, matter_id),
        "dispatch": lambda: services.dispatch(uow, ctx, CLERK_2, matter_id),
        "acknowledge": lambda: services.acknowledge(uow, ctx, LIAISON_A, matter_id),
        "report_progress": lambda: services.report_progress(uow, ctx, LIAISON_A, matter_id,
                                                            progress_content()),
        "contribute": lambda: services.contribute(uow, ctx, LIAISON_A, matter_id,
                                                  progress_content()),
        "submit_final_report": lambda: services.submit_final_report(
            uow, ctx, LIAISON_A, matter_id, final_content(), signoff=_signoff()),
        "confirm_signoff": lambda: services.confirm_signoff(uow, ctx, LEADER, matter_id),
        "supply_supplement": lambda: services.supply_supplement(uow, ctx, LIAISON_A, matter_id,
                                                                final_content()),
        "review": lambda: services.review(uow, ctx, CLERK_2, matter_id, ReviewOutcome.RETURNED),
        "explain": lambda: services.explain(uow, ctx, LIAISON_A, matter_id,
                                            ReasonKind.SUBJECTIVE, "主观原因"),
        "decide_explanation": lambda: services.decide_explanation(uow, ctx, CLERK_2, matter_id,
                                                                  1, accept=False),
        "complete": lambda: services.complete(uow, ctx, CLERK_2, matter_id),
        "close": lambda: services.close(uow, ctx, CLERK_2, matter_id),
        "close_many": lambda: services.close_many(uow, ctx, CLERK_2, [matter_id]),
        "archive": lambda: services.archive(uow, ctx, CLERK_2, matter_id),
        "reinspect": lambda: services.reinspect(uow, ctx, CLERK_2, matter_id, deadline=TERMS,
                                                reason="回头看", linked=True),
        "request_extension": lambda: services.request_extension(uow, ctx, LIAISON_A, matter_id,
                                                                DAY, "延期"),
        "decide_extension": lambda: services.decide_extension(uow, ctx, LEADER, matter_id, 1,
                                                              grant=False),
        "suspend": lambda: services.suspend(uow, ctx, CLERK_2, matter_id, reason="中止"),
        "resume": lambda: services.resume(uow, ctx, CLERK_2, matter_id),
        "withdraw": lambda: services.withdraw(uow, ctx, CLERK_2, matter_id, reason="撤销"),
        "terminate": lambda: services.terminate(uow, ctx, LEADER, matter_id, reason="终止"),
        "recompute_deadline": lambda: services.recompute_deadline(uow, ctx, CLERK_2, matter_id),
    }
    return calls[name]()


#: Commands: the composition root's methods, the service functions beneath them.
COMMANDS: dict[str, Probe] = {
    **{f"Supervision.{name}": call for name, call in COMMAND_CALLS.items()},
    "Supervision.register_many": lambda w, t, m: w.app.register_many(
        CLERK_2, [_child(m)]),
    **{f"services.{name}": functools.partial(_via_services_probe, name)
       for name in ("approve", "dispatch", "acknowledge", "report_progress", "contribute",
                    "submit_final_report", "confirm_signoff", "supply_supplement", "review",
                    "explain", "decide_explanation", "complete", "close", "close_many",
                    "archive", "reinspect", "request_extension", "decide_extension", "suspend",
                    "resume", "withdraw", "terminate", "recompute_deadline")},
    "combined.accept_and_close": lambda w, t, m: combined.accept_and_close(
        w.app.uow(), w.app.context, CLERK_2, m),
    "decisions.decide_proposal": lambda w, t, m: decisions.decide_proposal(
        w.app.uow(), w.app.context, LEADER, _key(w, t, m), accept=False),
    "decisions.record_finding": lambda w, t, m: decisions.record_finding(
        w.app.uow(), w.app.context, CLERK_2, m, TriggerEvent.POOR_CONDUCT, "敷衍塞责"),
    "decisions.commend": lambda w, t, m: decisions.commend(
        w.app.uow(), w.app.context, LEADER, "unit-a", "表彰〔2026〕8号", "表扬", matter_ids=[m]),
    "decisions.uphold_objection": lambda w, t, m: decisions.uphold_objection(
        w.app.uow(), w.app.context, LEADER, _entry(w, t, m), "异议成立"),
    "offices.migrate_matters": lambda w, t, m: offices.migrate_matters(
        w.app.uow(), w.app.context, LEADER, [m], reason="迁移"),
    "registration.register": lambda w, t, m: registration.register(
        w.app.uow(), w.app.context, CLERK_2, _child(m)),
    "registration.register_in": lambda w, t, m: _in_uow(
        w, lambda uow: registration.register_in(
            uow, w.app.context, CLERK_2, _child(m), at=rw.END)),
    "registration.register_many_in": lambda w, t, m: _in_uow(
        w, lambda uow: registration.register_many_in(
            uow, w.app.context, CLERK_2, [_child(m)], at=rw.END)),
    "objections.file_objection": lambda w, t, m: objections.file_objection(
        w.app.uow(), w.app.context, LIAISON_A, _conclusion(w, t, m), "依据不足"),
    "objections.decide_objection": lambda w, t, m: objections.decide_objection(
        w.app.uow(), w.app.context, LEADER, _objection(w, t, m), ObjectionOutcome.UPHELD,
        "复核成立"),
}


#: Read paths that take a matter id (or a link to one), probed with hidden and missing ids
#: besides the noninterference probes of test_read_paths.py.
ID_READS: dict[str, Probe] = {
    "Supervision.get_matter": lambda w, t, m: w.app.get_matter(CLERK_2, m),
    "Supervision.timeline": lambda w, t, m: w.app.timeline(CLERK_2, m),
    "Supervision.escalations_for": lambda w, t, m: w.app.escalations_for(LIAISON_A, m),
    "Supervision.preview": lambda w, t, m: w.app.preview(LEADER, m),
    "Supervision.list_matters": lambda w, t, m: [
        w.app.list_matters(CLERK_2, parent_id=m), w.app.list_matters(CLERK_2,
                                                                      reinspection_of=m)],
    "queries.get_matter": lambda w, t, m: queries.get_matter(w.app.uow(), w.app.context,
                                                             LIAISON_A, m),
    "queries.timeline": lambda w, t, m: queries.timeline(w.app.uow(), w.app.context, LEADER, m),
    "queries.escalations_for": lambda w, t, m: queries.escalations_for(
        w.app.uow(), w.app.context, CLERK_2, m),
    "queries.preview_matter": lambda w, t, m: queries.preview_matter(
        w.app.uow(), w.app.context, CLERK_2, m),
    "queries.list_matters": lambda w, t, m: queries.list_matters(
        w.app.uow(), w.app.context, LEADER, parent_id=m),
    "queries.visible_matters": lambda w, t, m: _in_uow(
        w, lambda uow: queries.visible_matters(uow, CLERK_2, reinspection_of=m)),
    "_support.load_visible": lambda w, t, m: _in_uow(
        w, lambda uow: _support.load_visible(uow, LEADER, m)),
    # the outbox and 复核: a hidden matter's notices, documents and objections
    "Supervision.notices_for": lambda w, t, m: w.app.notices_for(LIAISON_A, m),
    "Supervision.objections_for": lambda w, t, m: w.app.objections_for(CLERK_2, m),
    "Supervision.document_for_escalation": lambda w, t, m: w.app.document_for_escalation(
        CLERK_2, _escalation(w, t, m)),
    "Supervision.document_for_notice": lambda w, t, m: w.app.document_for_notice(
        LIAISON_A, _notice(w, t, m)),
    "outbox.notices_for": lambda w, t, m: outbox.notices_for(w.app.uow(), w.app.context,
                                                             LEADER, m),
    "outbox.document_for_escalation": lambda w, t, m: outbox.document_for_escalation(
        w.app.uow(), w.app.context, LEADER, _escalation(w, t, m)),
    "outbox.document_for_notice": lambda w, t, m: outbox.document_for_notice(
        w.app.uow(), w.app.context, CLERK_2, _notice(w, t, m)),
    "objections.objections_for": lambda w, t, m: objections.objections_for(
        w.app.uow(), w.app.context, LIAISON_A, m),
}

#: Read paths of the SQL adapter that take a link to a matter (SQL stores only).
SQL_ID_READS: dict[str, Probe] = {
    "sqlalchemy.query_matters": lambda w, t, m: _sql_query(w, m),
}


def _sql_query(world: rw.ReadWorld, matter_id: str) -> object:
    from supervision.adapters.sqlalchemy import MatterQuery, SqlAlchemyUnitOfWork, query_matters

    with SqlAlchemyUnitOfWork(world.storage["engine"]) as uow:
        return [query_matters(uow, CLERK_2, MatterQuery.of(parent_id=matter_id)),
                query_matters(uow, LIAISON_A, MatterQuery.of(reinspection_of=matter_id))]


ID_PATHS = COMMANDS
