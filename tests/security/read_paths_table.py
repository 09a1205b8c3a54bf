"""The inventory of :mod:`test_read_paths`: every public read path with what it shows a
reader of a world (:data:`READS`), the office-level figures (:data:`OFFICE_FIGURES`), the
SQL adapter's own (:data:`SQL_READS`, :data:`SQL_OFFICE_FIGURES`); the paths taking a matter
id are in :mod:`id_paths`, what reads no matter in :mod:`not_reads_table`.

Document numbers (发文字号 of 催办单, 通报, 专报 …) are sequential per office and kind, a
disclosure docs/security.md states ("What the library does not hide"), like registration
numbers: the observations of the outbox and of recorded documents set a number's serial aside
(:func:`numbers_aside`); everything else they show is compared whole.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import attrs
import read_world as rw
from builders import CHINA

from supervision import documents, ledger, report
from supervision.domain import Actor, Confidentiality, RegistrationNumber, ScorePeriod, Status
from supervision.domain.duplicates import DuplicateGuard
from supervision.domain.notices import DeliveryStatus
from supervision.exceptions import SupervisionError
from supervision.policies import get as get_policy
from supervision.service_layer import (
    _support,
    assessment,
    context,
    objections,
    offices,
    outbox,
    queries,
    registration,
    reporting,
)

Observe = Callable[[rw.ReadWorld, Actor], object]
YEAR = ScorePeriod.of_year(2026)
ISSUER = documents.Issuer.of("测试区督查室")
NUMBER = RegistrationNumber.of("测督", 2026, 9)


def _each(world: rw.ReadWorld, reader: Actor, read: Callable[[str], object]) -> list[object]:
    return [read(m) for m in world.visible_ids(reader)]


def _in_uow(world: rw.ReadWorld, read: Callable[[Any], object]) -> object:
    with world.app.uow() as uow:
        return read(uow)


def _raw(world: rw.ReadWorld) -> list[Any]:
    """Every matter of the world as storage holds it (what an integrator might pass on)."""
    return [world.matter(i) for i in rw.ALL if i in world.present]


def _units(world: rw.ReadWorld) -> list[Any]:
    return world.app.units(rw.CLERK)


def _csv(world: rw.ReadWorld, reader: Actor) -> str:
    out = io.StringIO()
    ledger.write_csv(_entries(world, reader), out)
    return out.getvalue()


def _xlsx(world: rw.ReadWorld, reader: Actor) -> bytes:
    out = io.BytesIO()
    ledger.write_xlsx(_entries(world, reader), out)
    return out.getvalue()


def _entries(world: rw.ReadWorld, reader: Actor) -> list[Any]:
    return ledger.ledger_entries(world.app.uow(), world.app.context, reader, rw.END)


def _assessment(world: rw.ReadWorld) -> documents.Assessment:
    deductions = [documents.Deduction.of(m, 1, "未按期办结") for m in _raw(world)
                  if m.office_id == rw.OFFICE]
    rows = [documents.AssessmentRow.of("unit-a", 3, 1, Decimal("97"),
                                       deductions=[d for d in deductions
                                                   if d.matter.lead_unit_id == "unit-a"]),
            documents.AssessmentRow.of("unit-b", 1, 0, Decimal("99"),
                                       deductions=[d for d in deductions
                                                   if d.matter.lead_unit_id == "unit-b"])]
    return documents.Assessment.of("2026年度", dt.date(2026, 12, 31), NUMBER, rows)


def _assessment_xlsx(world: rw.ReadWorld, reader: Actor) -> bytes:
    out = io.BytesIO()
    ledger.write_assessment_xlsx(reader, _assessment(world), _units(world), out)
    return out.getvalue()


def _bulletin(world: rw.ReadWorld, reader: Actor) -> str:
    entries = [documents.BulletinEntry.of(m.lead_unit_id, "未按期办结", m) for m in _raw(world)
               if m.office_id == rw.OFFICE]
    content = documents.Bulletin.of("2026年第三季度督办事项办理情况", dt.date(2026, 10, 21),
                                    NUMBER, criticised=entries)
    return documents.render_text(documents.bulletin(reader, content, _units(world), ISSUER))


def _special_report(world: rw.ReadWorld, reader: Actor) -> str:
    return documents.render_text(documents.special_report(
        reader, [m for m in _raw(world) if m.office_id == rw.OFFICE], _units(world), ISSUER,
        subject="督办事项办理情况", on=dt.date(2026, 10, 21), number=NUMBER, as_of=rw.END))


def _assessment_result(world: rw.ReadWorld, reader: Actor) -> str:
    return documents.render_text(
        documents.assessment_result(reader, _assessment(world), _units(world), ISSUER))


def _notices(world: rw.ReadWorld, reader: Actor, build: Callable[..., Any]) -> list[str]:
    """A single-matter document for every matter of the world: a hidden one must be refused
    exactly as get_matter refuses a missing id (compared in the id tests); here the documents
    the reader may have are compared."""
    found: list[str] = []
    for matter in _raw(world):
        if matter.id in world.visible_ids(reader):
            found.append(documents.render_text(build(reader, matter, _units(world))))
    return found


def _assignment(reader: Actor, matter: Any, units: list[Any]) -> Any:
    return documents.assignment_notice(reader, matter, units, ISSUER)


def _reminder(reader: Actor, matter: Any, units: list[Any]) -> Any:
    clause = rw_clause()
    notice = documents.ReminderNotice.of(matter, matter.lead_unit_id, dt.date(2026, 10, 9),
                                         dt.date(2026, 10, 13), clause, NUMBER)
    return documents.reminder_notice(reader, notice, units, ISSUER)


def _warning(reader: Actor, matter: Any, units: list[Any]) -> Any:
    notice = documents.WarningNotice.of(matter, matter.lead_unit_id, dt.date(2026, 10, 9),
                                        "工作推进缓慢", dt.date(2026, 10, 20), rw_clause(), NUMBER)
    return documents.warning_notice(reader, notice, units, ISSUER)


def _interview(reader: Actor, matter: Any, units: list[Any]) -> Any:
    notice = documents.InterviewNotice.of(
        matter, matter.lead_unit_id, dt.date(2026, 10, 9), rw.at("2026-10-12 15:00"),
        "三楼会议室", rw_clause(), NUMBER)
    return documents.interview_notice(reader, notice, units, ISSUER)


def rw_clause() -> Any:
    from supervision.policies import get

    return get(rw.POLICY).ladders[0].rungs[0].citation


#: Read paths: what each shows ``reader`` of ``world``.
READS: dict[str, Observe] = {
    # the composition root
    "Supervision.get_matter": lambda w, r: _each(w, r, lambda m: w.app.get_matter(r, m)),
    "Supervision.list_matters": lambda w, r: [
        w.app.list_matters(r), w.app.list_matters(r, unit_id="unit-a"),
        w.app.list_matters(r, unit_id="unit-b"), w.app.list_matters(r, status=Status.DISPATCHED)],
    "Supervision.count_matters": lambda w, r: [
        w.app.count_matters(r), w.app.count_matters(r, unit_id="unit-a"),
        w.app.count_matters(r, unit_id="unit-b"), w.app.count_matters(r, status=Status.DISPATCHED)],
    "Supervision.timeline": lambda w, r: _each(w, r, lambda m: w.app.timeline(r, m)),
    "Supervision.escalations_for": lambda w, r: _each(
        w, r, lambda m: w.app.escalations_for(r, m)),
    "Supervision.preview": lambda w, r: _each(w, r, lambda m: w.app.preview(r, m)),
    "Supervision.ledger": lambda w, r: w.app.ledger(r),
    "Supervision.office": lambda w, r: w.app.office(r),
    "Supervision.offices": lambda w, r: w.app.offices(r),
    "Supervision.units": lambda w, r: w.app.units(r),
    "Supervision.office_history": lambda w, r: w.app.office_history(r),
    # the service layer
    "queries.get_matter": lambda w, r: _each(
        w, r, lambda m: queries.get_matter(w.app.uow(), w.app.context, r, m)),
    "queries.list_matters": lambda w, r: [
        queries.list_matters(w.app.uow(), w.app.context, r),
        queries.list_matters(w.app.uow(), w.app.context, r, unit_id="unit-a")],
    "queries.count_matters": lambda w, r: [
        queries.count_matters(w.app.uow(), w.app.context, r),
        queries.count_matters(w.app.uow(), w.app.context, r, unit_id="unit-a")],
    "queries.timeline": lambda w, r: _each(
        w, r, lambda m: queries.timeline(w.app.uow(), w.app.context, r, m)),
    "queries.escalations_for": lambda w, r: _each(
        w, r, lambda m: queries.escalations_for(w.app.uow(), w.app.context, r, m)),
    "queries.preview_matter": lambda w, r: _each(
        w, r, lambda m: queries.preview_matter(w.app.uow(), w.app.context, r, m)),
    "queries.ledger": lambda w, r: queries.ledger(w.app.uow(), w.app.context, r, rw.END),
    "queries.visible_matters": lambda w, r: _in_uow(
        w, lambda uow: queries.visible_matters(uow, r)),
    "queries.redact": lambda w, r: _in_uow(
        w, lambda uow: [queries.redact(uow, r, uow.matters.get(m)) for m in w.visible_ids(r)]),
    "queries.redact_event": lambda w, r: _in_uow(
        w, lambda uow: [queries.redact_event(uow, r, e) for m in w.visible_ids(r)
                        for e in uow.events.for_matter(m)]),
    "_support.load_visible": lambda w, r: _in_uow(
        w, lambda uow: [_support.load_visible(uow, r, m) for m in w.visible_ids(r)]),
    "context.office_of": lambda w, r: _in_uow(w, lambda uow: context.office_of(uow, r)),
    "offices.office_history": lambda w, r: offices.office_history(w.app.uow(), w.app.context, r),
    # the ledger and its exports
    "ledger.ledger_entries": _entries,
    "ledger.on_time_rates": lambda w, r: ledger.on_time_rates(_entries(w, r)),
    "ledger.write_csv": _csv,
    "ledger.write_xlsx": _xlsx,
    "ledger.write_assessment_xlsx": _assessment_xlsx,
    # official documents
    "documents.bulletin": _bulletin,
    "documents.special_report": _special_report,
    "documents.assessment_result": _assessment_result,
    "documents.assignment_notice": lambda w, r: _notices(w, r, _assignment),
    "documents.reminder_notice": lambda w, r: _notices(w, r, _reminder),
    "documents.warning_notice": lambda w, r: _notices(w, r, _warning),
    "documents.interview_notice": lambda w, r: _notices(w, r, _interview),
}

#: Office-level figures: the office's own roles read them over every matter (never named).
OFFICE_FIGURES: dict[str, Observe] = {
    "Supervision.scorecard": lambda w, r: w.app.scorecard(r, YEAR),
    "assessment.scorecard": lambda w, r: assessment.scorecard(w.app.uow(), w.app.context, r,
                                                              YEAR),
}


def _sql_session(world: rw.ReadWorld, read: Callable[[Any], object]) -> object:
    from supervision.adapters.sqlalchemy import SqlAlchemyUnitOfWork

    with SqlAlchemyUnitOfWork(world.storage["engine"]) as uow:
        return read(uow)


def _sql_query(world: rw.ReadWorld, reader: Actor) -> object:
    from supervision.adapters.sqlalchemy import MatterQuery, query_matters

    return _sql_session(world, lambda s: [
        query_matters(s, reader, MatterQuery.of()),
        query_matters(s, reader, MatterQuery.of(unit_id="unit-a")),
        query_matters(s, reader, MatterQuery.of(open="true", sort=("-due_at",))),
    ])


def _sql_counts(world: rw.ReadWorld, reader: Actor) -> object:
    from supervision.adapters.sqlalchemy import ledger_counts

    return _sql_session(world, lambda s: ledger_counts(s, reader, at=rw.END))


def _sql_totals(world: rw.ReadWorld, reader: Actor) -> object:
    from supervision.adapters.sqlalchemy import score_totals

    return _sql_session(world, lambda s: score_totals(s, reader, period="2026"))


#: The SQL adapter's read paths for OA list screens (SQL stores only).
SQL_READS: dict[str, Observe] = {
    "sqlalchemy.query_matters": _sql_query,
    "sqlalchemy.ledger_counts": _sql_counts,
}
#: The SQL adapter's office-level figure.
SQL_OFFICE_FIGURES: dict[str, Observe] = {"sqlalchemy.score_totals": _sql_totals}

# ====================================================================== added read paths
_NUMBER = re.compile(r"〔(\d{4})〕\d+号|(year=\d{4}, seq=)\d+")


def numbers_aside(value: object) -> str:
    """``value`` shown with each document number's serial set aside (铜高督催〔2026〕N号):
    the numbers run per office and kind through hidden matters' documents too."""
    shown = value.decode("latin-1") if isinstance(value, bytes) else repr(value)
    return _NUMBER.sub(lambda m: f"〔{m[1]}〕N号" if m[1] else f"{m[2]}N", shown)


def _each_key(world: rw.ReadWorld, reader: Actor, keys: Callable[[str], list[str]],
              read: Callable[[str], object]) -> str:
    return numbers_aside([_outcome(lambda k=k: read(k)) for m in world.visible_ids(reader)
                          for k in keys(m)])


def _outcome(call: Callable[[], object]) -> tuple[str, object]:
    try:
        return "returned", call()
    except SupervisionError as error:
        return type(error).__name__, str(error)


def _notice_keys(world: rw.ReadWorld, matter_id: str) -> list[str]:
    with world.app.uow() as uow:
        return [n.key for n in uow.notices.for_matter(matter_id)]


def _document(world: rw.ReadWorld, reader: Actor, read: Callable[[str], Any],
              keys: Callable[[str], list[str]]) -> str:
    return _each_key(world, reader, keys, lambda k: documents.render_text(read(k)))


def _recorded(world: rw.ReadWorld, reader: Actor, build: Callable[..., Any]) -> str:
    """A recorded document (an escalation's, a dispatch's, a letter) for every escalation of
    every matter the reader may see, built from the records."""
    found: list[object] = []
    with world.app.uow() as uow:
        for matter in _raw(world):
            if matter.id not in world.visible_ids(reader):
                continue
            for escalation in uow.escalations.for_matter(matter.id):
                found.append(_outcome(lambda e=escalation, m=matter: documents.render_text(
                    build(reader, e, m, _units(world)))))
    return numbers_aside(found)


def _escalation_document(reader: Actor, escalation: Any, matter: Any, units: list[Any]) -> Any:
    return documents.escalation_document(
        reader, escalation, matter, units, ISSUER, policy=get_policy(rw.POLICY),
        calendar=CHINA, number=NUMBER)


def _dispatch_document(reader: Actor, escalation: Any, matter: Any, units: list[Any]) -> Any:
    return documents.dispatch_document(reader, matter, units, ISSUER,
                                       policy=get_policy(rw.POLICY))


def _letter(reader: Actor, escalation: Any, matter: Any, units: list[Any]) -> Any:
    return documents.matter_letter(reader, matter, ISSUER, kind="督查通知",
                                   title=f"关于{escalation.label}的通知", addressees=["经济发展局"],
                                   paragraphs=[escalation.label], on=rw.END.date())


def _duplicates(world: rw.ReadWorld, reader: Actor) -> object:
    """The duplicate guard, on, asked about a repeat of every matter of the world: it finds
    only the matters the reader may see."""
    guarded = copy.copy(world.app.context)
    guarded.duplicates = DuplicateGuard.of()
    found = []
    with world.app.uow() as uow:
        office = context.office_of(uow, reader)
        for matter_id in rw.ALL:
            again = attrs.evolve(rw._registration(matter_id),
                                 confidentiality=Confidentiality.none())
            found.append(_outcome(lambda r=again: registration.check_duplicates(
                uow, guarded, reader, office, rw.END, r, None)))
    return found


def _ledger_rows(world: rw.ReadWorld, reader: Actor) -> object:
    return _in_uow(world, lambda uow: queries.ledger_rows(
        uow, world.app.context, queries.visible_matters(uow, reader), rw.END))


READS |= {
    # the outbox (督办通知 and every escalation's notices) and 复核
    "Supervision.notices": lambda w, r: numbers_aside([
        w.app.notices(r), w.app.notices(r, status=DeliveryStatus.PENDING),
        w.app.notices(r, since=rw.at("2026-10-14 00:00"), until=rw.END)]),
    "Supervision.notices_for": lambda w, r: numbers_aside(
        _each(w, r, lambda m: w.app.notices_for(r, m))),
    "Supervision.document_for_escalation": lambda w, r: _document(
        w, r, lambda k: w.app.document_for_escalation(r, k), w.escalation_keys),
    "Supervision.document_for_notice": lambda w, r: _document(
        w, r, lambda k: w.app.document_for_notice(r, k), lambda m: _notice_keys(w, m)),
    "Supervision.objections_for": lambda w, r: _each(w, r, lambda m: w.app.objections_for(r, m)),
    "Supervision.open_objections": lambda w, r: w.app.open_objections(r),
    "outbox.list_notices": lambda w, r: numbers_aside(
        outbox.list_notices(w.app.uow(), w.app.context, r)),
    "outbox.notices_for": lambda w, r: numbers_aside(
        _each(w, r, lambda m: outbox.notices_for(w.app.uow(), w.app.context, r, m))),
    "outbox.document_for_escalation": lambda w, r: _document(
        w, r, lambda k: outbox.document_for_escalation(w.app.uow(), w.app.context, r, k),
        w.escalation_keys),
    "outbox.document_for_notice": lambda w, r: _document(
        w, r, lambda k: outbox.document_for_notice(w.app.uow(), w.app.context, r, k),
        lambda m: _notice_keys(w, m)),
    "objections.objections_for": lambda w, r: _each(
        w, r, lambda m: objections.objections_for(w.app.uow(), w.app.context, r, m)),
    "objections.open_objections": lambda w, r: objections.open_objections(
        w.app.uow(), w.app.context, r),
    # recorded documents
    "documents.escalation_document": lambda w, r: _recorded(w, r, _escalation_document),
    "documents.dispatch_document": lambda w, r: _recorded(w, r, _dispatch_document),
    "documents.matter_letter": lambda w, r: _recorded(w, r, _letter),
    # the service layer's building blocks that take the actor or the filtered matters
    "queries.ledger_rows": _ledger_rows,
    "registration.check_duplicates": _duplicates,
}


def _ledger(w: rw.ReadWorld, r: Actor) -> Any:
    return ledger.read_ledger(w.app.uow(), w.app.context, r, as_of=rw.END, period=YEAR)


def _score_report(w: rw.ReadWorld, r: Actor) -> Any:
    return reporting.score_report(w.app.uow(), w.app.context, r, YEAR, as_of=rw.END)


def _statistics(w: rw.ReadWorld, r: Actor) -> Any:
    return reporting.office_statistics(w.app.uow(), w.app.context, r, as_of=rw.END,
                                       period=YEAR)


def _written(write: Callable[[Any, Any], None], value: Any, stream: Any) -> Any:
    write(value, stream)
    return stream.getvalue()


OFFICE_FIGURES |= {
    # the one set of figures (docs/statistics.md): the office's for its roles
    "Supervision.statistics": lambda w, r: [
        w.app.statistics(r, as_of=rw.END), w.app.statistics(r, as_of=rw.END, period=YEAR)],
    "Supervision.score_report": lambda w, r: w.app.score_report(r, YEAR, as_of=rw.END),
    "Supervision.read_ledger": lambda w, r: w.app.read_ledger(r, as_of=rw.END, period=YEAR),
    "Supervision.report": lambda w, r: w.app.report(r, as_of=rw.END),
    "reporting.office_statistics": _statistics,
    "reporting.score_report": _score_report,
    "ledger.read_ledger": _ledger,
    "report.report_model": lambda w, r: report.report_model(
        w.app.uow(), w.app.context, r, as_of=rw.END),
    # their outputs
    "ledger.ledger_text": lambda w, r: ledger.ledger_text(_ledger(w, r)),
    "ledger.ledger_json": lambda w, r: ledger.ledger_json(_ledger(w, r)),
    "ledger.statistics_json": lambda w, r: ledger.statistics_json(_statistics(w, r)),
    "ledger.write_statistics_csv": lambda w, r: _written(
        ledger.write_statistics_csv, _statistics(w, r), io.StringIO()),
    "ledger.figure_texts": lambda w, r: ledger.figure_texts(_statistics(w, r).total),
    "ledger.figure_values": lambda w, r: ledger.figure_values(_statistics(w, r).total),
    "ledger.figures_json": lambda w, r: ledger.figures_json(_statistics(w, r).total),
    "ledger.scorecard_text": lambda w, r: ledger.scorecard_text(_score_report(w, r)),
    "ledger.scorecard_json": lambda w, r: ledger.scorecard_json(_score_report(w, r)),
    "ledger.write_scorecard_xlsx": lambda w, r: _written(
        ledger.write_scorecard_xlsx, _score_report(w, r), io.BytesIO()),
}
