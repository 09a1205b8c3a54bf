"""Every read path filters (issue 10.1): enumerated by introspection, each proved to show an
undesignated reader nothing of a matter they may not see.

The inventory below lists every public function of the service layer, every method of the
composition root, the ledger, documents and report functions and the SQL adapter's functions,
each as a read path (probed), an office-level figure (probed), a path taking a matter id or
key (probed with hidden and missing ids) or something that reads no matter (with the reason).
A public function added later without being listed fails
:func:`test_every_public_read_path_is_listed`.

The property checked for a read path is noninterference: the world of :mod:`read_world`
with the matters a reader may not see (a controlled and a secret matter, another office's
matter, another unit's matter for a unit's people) looks exactly as the same world without
them — no title, no id, no count, no trace. An office-level figure (the assessment and the
score totals, which :data:`~supervision.domain.permissions.OFFICE_FIGURE_ROLES` read as the
office's own figure, every matter counted) may count hidden matters for those roles but never
names one; for everyone else it is a read path like the others.
"""

from __future__ import annotations

import datetime as dt
import importlib
import inspect
import io
import pkgutil
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
import read_world as rw
from builders import CLERK_2, LEADER, LIAISON_A
from security_stores import Backend, Shared, kinds

from supervision import documents, ledger
from supervision.bootstrap import Supervision
from supervision.domain import Actor, RegistrationNumber, ScorePeriod, Status
from supervision.domain.permissions import OFFICE_FIGURE_ROLES
from supervision.service_layer import (
    _support,
    assessment,
    context,
    offices,
    queries,
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

#: Paths that take a matter id or a key; tests/security/test_hidden_ids.py probes each with
#: a hidden and a missing one.
from id_paths import ID_PATHS  # noqa: E402

#: What reads no matter, and why.
NOT_READS: dict[str, str] = {
    "Supervision.uow": "hands out a unit of work (storage, not a read path)",
    "Supervision.dispose": "releases the engine",
    "Supervision.ensure_offices": "start-up configuration of offices (no actor, no matter)",
    "Supervision.change_policy": "an office command; returns the office",
    "Supervision.update_office": "an office command; returns the office",
    "Supervision.add_unit": "a unit command; returns the unit",
    "Supervision.update_unit": "a unit command; returns the unit",
    "Supervision.sweep": "the library's own daily job (system, no reader)",
    "Supervision.recompute_deadlines": "the library's own job (system, no reader)",
    "Supervision.chain_head": "the auditor's export of the chain head (count and hash only)",
    "Supervision.verify_chain": "the auditor's check of the chain (positions and keys only)",
    "_support.check_actor": "checks an argument",
    "_support.check_version": "checks an argument",
    "_support.citing": "words a RuleViolation",
    "_support.run_command": "runs a command through load_visible (probed via each command)",
    "context.scope_of": "the office and policy of a matter already loaded through load_visible",
    "offices.change_policy": "an office command; returns the office",
    "offices.ensure_office": "start-up configuration of offices",
    "offices.resolve_policy": "resolves a policy name",
    "offices.update_office": "an office command; returns the office",
    "registration.apply_registration_rules": "checks a registration against a policy",
    "registration.resolve_terms": "the deadline terms of a registration",
    "registration.register_matter": "stages a registration inside register / register_in "
                                    "(their links are probed in ID_PATHS)",
    "services.add_unit": "a unit command; returns the unit",
    "services.update_unit": "a unit command; returns the unit",
    "sweep.check_batch": "checks an argument",
    "sweep.check_offices": "checks an argument",
    "sweep.escalation_event": "builds the event of an escalation (pure)",
    "sweep.sweep": "the library's own daily job (system, no reader)",
    "sweep.recompute_deadlines": "the library's own job (system, no reader)",
    "ledger.read_csv": "reads a CSV file the caller gives",
    "ledger.import_xlsx": "reads a spreadsheet the caller gives (registers through register_in)",
    "documents.chinese_citation": "words a clause",
    "documents.chinese_clause": "words a clause",
    "documents.cite_in_text": "words a clause",
    "documents.layout": "lays out a Document already built for a reader",
    "documents.render_text": "renders a Document already built for a reader",
    "documents.render_markdown": "renders a Document already built for a reader",
    "documents.write_docx": "writes a Document already built for a reader",
    "documents.urgency_mark": "words an urgency",
    "report.render_html": "renders a ReportModel built from figures the caller read through "
                          "the filtered paths (no reader, no store)",
    "report.write_html": "writes what render_html renders",
    "sqlalchemy.alembic_config": "migration configuration",
    "sqlalchemy.create_engine": "opens an engine",
    "sqlalchemy.current_revision": "the schema revision",
    "sqlalchemy.head_revision": "the schema revision",
    "sqlalchemy.is_prepared": "engine set-up",
    "sqlalchemy.prepare": "engine set-up",
    "sqlalchemy.upgrade": "migrations",
    "sqlalchemy.verify": "the auditor's check of the chain (positions and keys only)",
    "sqlalchemy.export_head": "the auditor's export of the chain head (count and hash only)",
    "memory.verify": "the auditor's check of the chain (positions and keys only)",
    "memory.export_head": "the auditor's export of the chain head (count and hash only)",
}


# ====================================================================== the inventory
def public_paths() -> set[str]:
    """Every public callable the inventory must list, found by introspection."""
    import supervision.service_layer as service_layer

    found = {f"Supervision.{n}" for n, v in vars(Supervision).items()
             if not n.startswith("_") and callable(v)}
    for module in pkgutil.iter_modules(service_layer.__path__):
        loaded = importlib.import_module(f"supervision.service_layer.{module.name}")
        found |= {f"{module.name}.{n}" for n, f in inspect.getmembers(loaded, inspect.isfunction)
                  if f.__module__ == loaded.__name__ and not n.startswith("_")}
    for short, name in (("ledger", "supervision.ledger"), ("documents", "supervision.documents"),
                        ("report", "supervision.report"),
                        ("sqlalchemy", "supervision.adapters.sqlalchemy"),
                        ("memory", "supervision.adapters.memory")):
        package = importlib.import_module(name)
        found |= {f"{short}.{n}" for n in package.__all__
                  if inspect.isfunction(getattr(package, n))}
    return found


def _listed() -> list[str]:
    return [*READS, *OFFICE_FIGURES, *SQL_READS, *SQL_OFFICE_FIGURES, *ID_PATHS, *NOT_READS]


def test_every_public_read_path_is_listed() -> None:
    """The inventory lists exactly the public callables introspection finds: a new read path
    (or any new public function) must be classified and probed before the suite passes."""
    assert sorted(public_paths()) == sorted(set(_listed()))


def test_the_inventory_lists_each_path_once() -> None:
    """No path is classified twice (a read path is not also excused as reading nothing)."""
    names = _listed()
    assert [] == sorted({n for n in names if names.count(n) > 1})


# ====================================================================== the worlds
def _worlds(backend: Backend) -> dict[str, rw.ReadWorld]:
    """The full world, and for each reader the world without what they may not see."""
    full = rw.build(backend.fresh())
    found = {"full": full}
    for name, reader in rw.READERS.items():
        hidden = frozenset(rw.ALL) - frozenset(full.visible_ids(reader))
        key = ",".join(sorted(hidden))
        if key not in found:
            found[key] = rw.build(backend.fresh(), omit=hidden)
        found[name] = found[key]
    return found


def worlds_of(request: pytest.FixtureRequest, shared: Shared, kind: str
              ) -> dict[str, rw.ReadWorld]:
    """The worlds on ``kind``'s storage, built once per session."""
    found: dict[str, rw.ReadWorld] = shared.get(request, kind, "read-worlds", _worlds)
    return found


def _hidden(worlds: dict[str, rw.ReadWorld], reader: Actor) -> list[str]:
    return sorted(frozenset(rw.ALL) - frozenset(worlds["full"].visible_ids(reader)))


def _traces(matter_ids: list[str]) -> list[str]:
    """The texts that would betray the matters: ids, titles, requirements, the secret's
    reference."""
    found = [*matter_ids]
    for m in matter_ids:
        found += [t for t in (rw.TITLES[m], rw.MARKERS[m]) if t]
        if m == rw.SECRET:
            found.append(rw.SECRET_REFERENCE)
    return found


def _shown(value: object) -> str:
    if isinstance(value, bytes):
        return value.decode("latin-1")
    return repr(value)


def _leaks(value: object, matter_ids: list[str]) -> list[str]:
    text = _shown(value)
    return [t for t in _traces(matter_ids) if t in text]


def _noninterference(worlds: dict[str, rw.ReadWorld], reader_name: str, observe: Observe
                     ) -> tuple[object, object, list[str]]:
    reader = rw.READERS[reader_name]
    full = observe(worlds["full"], reader)
    without = observe(worlds[reader_name], reader)
    return full, without, _leaks(full, _hidden(worlds, reader))


# ====================================================================== the properties
@pytest.mark.parametrize("reader_name", sorted(rw.READERS))
@pytest.mark.parametrize(("kind", "path"), kinds(sorted(READS)))
def test_a_read_path_shows_nothing_of_what_the_reader_may_not_see(
    request: pytest.FixtureRequest, shared: Shared, kind: str, path: str, reader_name: str
) -> None:
    """The reader gets exactly what they get from the world without their hidden matters:
    no title, id, reference or count of a matter they may not see."""
    worlds = worlds_of(request, shared, kind)
    full, without, leaks = _noninterference(worlds, reader_name, READS[path])
    assert [] == leaks
    assert _shown(without) == _shown(full)


@pytest.mark.parametrize("reader_name", sorted(rw.READERS))
@pytest.mark.parametrize(("kind", "path"), kinds(sorted(OFFICE_FIGURES)))
def test_an_office_figure_names_no_matter_the_reader_may_not_see(
    request: pytest.FixtureRequest, shared: Shared, kind: str, path: str, reader_name: str
) -> None:
    """The office's own roles read the assessment over every matter, but no trace names a
    hidden matter; anyone else reads it like any read path (nothing of a hidden matter)."""
    worlds = worlds_of(request, shared, kind)
    full, without, leaks = _noninterference(worlds, reader_name, OFFICE_FIGURES[path])
    assert [] == leaks
    if not rw.READERS[reader_name].roles & OFFICE_FIGURE_ROLES:
        assert _shown(without) == _shown(full)


@pytest.mark.parametrize("reader_name", sorted(rw.READERS))
@pytest.mark.parametrize(("kind", "path"), kinds(sorted(SQL_READS), sql_only=True))
def test_a_sql_query_shows_nothing_of_what_the_reader_may_not_see(
    request: pytest.FixtureRequest, shared: Shared, kind: str, path: str, reader_name: str
) -> None:
    """query_matters and ledger_counts, aggregated in SQL, count and return only what the
    reader may see: the same as in the world without their hidden matters."""
    worlds = worlds_of(request, shared, kind)
    full, without, leaks = _noninterference(worlds, reader_name, SQL_READS[path])
    assert [] == leaks
    assert _shown(without) == _shown(full)


@pytest.mark.parametrize("reader_name", sorted(rw.READERS))
@pytest.mark.parametrize(("kind", "path"), kinds(sorted(SQL_OFFICE_FIGURES), sql_only=True))
def test_score_totals_are_an_office_figure_and_a_unit_sees_only_its_visible_entries(
    request: pytest.FixtureRequest, shared: Shared, kind: str, path: str, reader_name: str
) -> None:
    """score_totals is the office's figure for office roles; a unit's people get their
    unit's total over the entries tracing to matters they may see, as in the world without
    the others."""
    worlds = worlds_of(request, shared, kind)
    full, without, leaks = _noninterference(worlds, reader_name, SQL_OFFICE_FIGURES[path])
    assert [] == leaks
    if not rw.READERS[reader_name].roles & OFFICE_FIGURE_ROLES:
        assert _shown(without) == _shown(full)


def test_the_readers_cannot_see_the_hidden_matters() -> None:
    """The world is what the tests assume: every reader misses the controlled, the secret
    and the other office's matter, and unit-a's liaison also unit-b's."""
    world = rw.build()
    assert {
        "clerk": [rw.OPEN, rw.UNIT_B], "leader": [rw.OPEN, rw.UNIT_B],
        "auditor": [rw.OPEN, rw.UNIT_B], "inspector": [rw.OPEN, rw.UNIT_B],
        "liaison": [rw.OPEN],
    } == {name: world.visible_ids(reader) for name, reader in rw.READERS.items()}


def test_the_office_figure_counts_the_hidden_matters_for_the_office() -> None:
    """The office's roles read the office's figure: unit-a's card counts its hidden matters
    too (three assigned), unlike its liaison's card (one)."""
    world = rw.build()
    office_card = next(c for c in world.app.scorecard(LEADER, YEAR) if c.unit_id == "unit-a")
    [own_card] = world.app.scorecard(LIAISON_A, YEAR)
    assert (3, 1) == (office_card.assigned, own_card.assigned)


def test_an_undesignated_clerk_sees_the_hidden_matters_nowhere_in_the_ledger() -> None:
    """A readable spot check of the property: CLERK_2's ledger lists the two open matters."""
    world = rw.build()
    assert [rw.OPEN, rw.UNIT_B] == [row.matter_id for row in world.app.ledger(CLERK_2)]
