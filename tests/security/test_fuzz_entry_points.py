"""The error guarantee (issue 10.4), fuzzed: every public command and query — each method of
the composition root on memory, SQLite and PostgreSQL, each service function beneath it, and
the SQL adapter's query functions — given hostile values raises only the library's own errors
(:class:`~supervision.exceptions.SupervisionError` subclasses; an
:class:`~supervision.exceptions.InvalidInput` names its field), and a refused call leaves the
store exactly as it was.

Each example starts from a good call (:func:`fuzz_world.good_calls`: the right actor, a
matter in the right state) and spoils one or two of its arguments (:mod:`fuzz_values`), so
the hostile value travels as deep as the command goes. The example counts keep the suite in
CI's budget: raise ``SUPERVISION_FUZZ_EXAMPLES`` to search harder.
"""

from __future__ import annotations

import inspect
import os
from collections.abc import Callable
from typing import Any

import fuzz_world as fw
import pytest
from fuzz_values import hostile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from security_stores import Shared, kinds

from supervision.bootstrap import Supervision
from supervision.exceptions import InvalidInput, SupervisionError

_SCALE = int(os.environ.get("SUPERVISION_FUZZ_EXAMPLES", "1"))
EXAMPLES = {"memory": 30 * _SCALE, "sqlite": 8 * _SCALE, "postgres": 6 * _SCALE}
_SETTINGS = {"deadline": None, "database": None, "derandomize": True,
             "suppress_health_check": list(HealthCheck)}


def _methods() -> list[str]:
    return sorted(n for n, v in vars(Supervision).items()
                  if not n.startswith("_") and callable(v))


def test_every_method_of_the_composition_root_is_fuzzed() -> None:
    """Introspection: each public method has a good call to spoil (or a reason not to)."""
    world_calls = set(fw.good_calls(fw.FuzzWorld(None, None, {}, "k")))  # type: ignore[arg-type]
    assert sorted(_methods()) == sorted(world_calls | set(fw.NOT_FUZZED))


def test_every_good_call_names_every_parameter_of_its_method() -> None:
    """A good call spells out every parameter, so every parameter gets spoiled."""
    calls = fw.good_calls(fw.FuzzWorld(None, None, {}, "k"))  # type: ignore[arg-type]
    missing = {
        name: sorted(set(list(inspect.signature(getattr(Supervision, name)).parameters)[1:])
                     - set(call))
        for name, call in calls.items()
    }
    assert {} == {k: v for k, v in missing.items() if v}


def _world(request: pytest.FixtureRequest, shared: Shared, kind: str) -> fw.FuzzWorld:
    found: fw.FuzzWorld = shared.get(request, kind, "fuzz-world",
                                     lambda backend: fw.build(backend.fresh()))
    return found


def _state(world: fw.FuzzWorld) -> tuple[object, ...]:
    """Everything stored that a command could change."""
    with world.app.uow() as uow:
        return (
            [(o.id, o.version) for o in uow.offices.list()],
            [(o.id, len(uow.offices.history(o.id))) for o in uow.offices.list()],
            [(u.id, u) for o in uow.offices.list() for u in uow.units.list(o.id)],
            [(m.id, m.version, m.status) for m in uow.matters.list(offices=None)],
            len(uow.events.list(offices=None)),
            [(e.key, e.decision) for e in uow.escalations.list(offices=None)],
            sorted(e.key for e in uow.scores.list(offices=None)),
        )


def only_library_errors(world: fw.FuzzWorld, call: Callable[[], object]) -> None:
    """Run ``call``: it returns, or raises a SupervisionError (an InvalidInput naming its
    field) and the store is unchanged; anything else fails the test."""
    before = _state(world)
    try:
        call()
    except SupervisionError as error:
        caught: SupervisionError | None = error
    else:
        caught = None
    if caught is None:
        return
    assert str(caught)
    if isinstance(caught, InvalidInput):
        assert isinstance(caught.field, str)
        assert caught.field
    assert before == _state(world)


def _spoil(data: st.DataObject, good: dict[str, Any]) -> dict[str, Any]:
    names = sorted(good)
    spoilt = data.draw(st.lists(st.sampled_from(names), min_size=1, max_size=2, unique=True))
    args = dict(good)
    for name in spoilt:
        args[name] = data.draw(hostile(name, good[name]), label=name)
    return args


@pytest.mark.parametrize(("kind", "method"), kinds(sorted(fw.good_calls(
    fw.FuzzWorld(None, None, {}, "k"))), everywhere=lambda m: True))  # type: ignore[arg-type]
def test_a_method_given_hostile_values_raises_only_library_errors(
    request: pytest.FixtureRequest, shared: Shared, kind: str, method: str
) -> None:
    """The composition root's ``method`` with one or two arguments spoiled: only the
    library's errors, the field named, nothing half-written."""
    world = _world(request, shared, kind)
    good = fw.good_calls(world)[method]

    @settings(max_examples=EXAMPLES[kind], **_SETTINGS)
    @given(st.data())
    def run(data: st.DataObject) -> None:
        args = _spoil(data, good)
        only_library_errors(world, lambda: getattr(world.app, method)(**args))

    run()


# ================================================================== the service functions
#: Service functions with a twin on the composition root: the twin's good call, renamed.
TWINS: dict[str, tuple[str, dict[str, str]]] = {
    **{f"services.{n}": (n, {}) for n in (
        "approve", "dispatch", "acknowledge", "report_progress", "contribute",
        "submit_final_report", "confirm_signoff", "supply_supplement", "review", "explain",
        "decide_explanation", "complete", "close", "close_many", "archive", "reinspect",
        "request_extension", "decide_extension", "suspend", "resume", "withdraw",
        "terminate", "recompute_deadline", "add_unit", "update_unit")},
    "registration.register": ("register", {"registration_": "registration"}),
    "combined.accept_and_close": ("accept_and_close", {}),
    **{f"decisions.{n}": (n, {}) for n in (
        "decide_proposal", "record_finding", "commend", "uphold_objection")},
    **{f"offices.{n}": (n, {}) for n in (
        "change_policy", "migrate_matters", "update_office", "office_history")},
    **{f"queries.{n}": (n, {}) for n in (
        "get_matter", "list_matters", "count_matters", "timeline", "escalations_for")},
    "queries.preview_matter": ("preview", {}),
    "assessment.scorecard": ("scorecard", {}),
    "sweep.sweep": ("sweep", {}),
    "sweep.recompute_deadlines": ("recompute_deadlines", {}),
    **{f"objections.{n}": (n, {}) for n in (
        "file_objection", "objections_for", "open_objections")},
    "objections.decide_objection": ("decide_objection", {"objection_id": "objection_id_"}),
    **{f"outbox.{n}": (n, {}) for n in (
        "notices_for", "document_for_escalation", "document_for_notice")},
    "outbox.list_notices": ("notices", {}),
    "outbox.backfill": ("backfill_notices", {}),
    "delivery.deliver": ("deliver", {}),
    "delivery.requeue": ("requeue_notice", {}),
    "reporting.office_statistics": ("statistics", {}),
    "reporting.score_report": ("score_report", {}),
}


def _service(path: str) -> Callable[..., object]:
    import importlib

    module, _, name = path.partition(".")
    found: Callable[..., object] = getattr(
        importlib.import_module(f"supervision.service_layer.{module}"), name)
    return found


@pytest.mark.parametrize("path", sorted(TWINS))
def test_a_service_function_given_hostile_values_raises_only_library_errors(
    request: pytest.FixtureRequest, shared: Shared, path: str
) -> None:
    """The service function beneath a method, called directly with its arguments spoiled
    (in memory: the storage paths are fuzzed through the composition root)."""
    world = _world(request, shared, "memory")
    method, renamed = TWINS[path]
    good = {renamed.get(k, k): v for k, v in fw.good_calls(world)[method].items()}
    function = _service(path)

    @settings(max_examples=EXAMPLES["memory"] // 2, **_SETTINGS)
    @given(st.data())
    def run(data: st.DataObject) -> None:
        args = _spoil(data, good)
        only_library_errors(world, lambda: function(world.app.uow(), world.app.context, **args))

    run()


def test_the_service_ledger_given_hostile_instants_raises_only_library_errors(
    request: pytest.FixtureRequest, shared: Shared
) -> None:
    """queries.ledger and ledger.ledger_entries with any ``as_of`` (and actor)."""
    from fuzz_values import INSTANTS, RAW_ACTORS

    from supervision import ledger
    from supervision.service_layer import queries

    world = _world(request, shared, "memory")

    @settings(max_examples=EXAMPLES["memory"], **_SETTINGS)
    @given(INSTANTS | hostile("as_of", None), RAW_ACTORS | st.just(fw.CLERK),
           hostile("due_soon_working_days", 5) | st.just(5))
    def run(as_of: Any, actor: Any, window: Any) -> None:
        only_library_errors(world, lambda: queries.ledger(world.app.uow(), world.app.context,
                                                          actor, as_of))
        only_library_errors(world, lambda: ledger.ledger_entries(
            world.app.uow(), world.app.context, actor, as_of, due_soon_working_days=window))

    run()


# ================================================================== the SQL adapter's own
def _sql_world(request: pytest.FixtureRequest, shared: Shared, kind: str) -> fw.FuzzWorld:
    return _world(request, shared, kind)


@pytest.mark.parametrize("kind", ["sqlite", pytest.param("postgres",
                                                         marks=pytest.mark.postgres)])
def test_the_sql_queries_given_hostile_parameters_raise_only_library_errors(
    request: pytest.FixtureRequest, shared: Shared, kind: str
) -> None:
    """MatterQuery.from_params with an OA request's parameters, hostile (pages of 5,000
    digits or superscript digits, instants at the end of time, unknown names), then
    query_matters, ledger_counts and score_totals with hostile actors, instants and periods."""
    from fuzz_values import INSTANTS, RAW_ACTORS, TEXT

    from supervision.adapters.sqlalchemy import (
        MatterQuery,
        SqlAlchemyUnitOfWork,
        ledger_counts,
        query_matters,
        score_totals,
    )
    from supervision.adapters.sqlalchemy._query import FILTERS

    world = _sql_world(request, shared, kind)
    engine = world.storage["engine"]
    names = st.sampled_from([*FILTERS, "sort", "page", "page_size", "drop table"]) | TEXT
    values = TEXT | st.sampled_from(["²", "9" * 5000, "99999999999999999999", "-1", "0",
                                     "9999-12-31T23:59:59-23:59", "0001-01-01T00:00:00+23:59",
                                     "in_progress", "true", "-due_at,number", "2026"])
    actors = RAW_ACTORS | st.just(fw.CLERK) | hostile("actor", fw.CLERK)

    @settings(max_examples=4 * EXAMPLES[kind], **_SETTINGS)
    @given(st.dictionaries(names, values, max_size=4), actors, INSTANTS, TEXT)
    def run(params: dict[str, str], actor: Any, at: Any, period: Any) -> None:
        def page() -> object:
            query = MatterQuery.from_params(params)
            with SqlAlchemyUnitOfWork(engine) as uow:
                return query_matters(uow, actor, query)

        def counts() -> object:
            with SqlAlchemyUnitOfWork(engine) as uow:
                return ledger_counts(uow, actor, at=at)

        def totals() -> object:
            with SqlAlchemyUnitOfWork(engine) as uow:
                return score_totals(uow, actor, period=period)

        for call in (page, counts, totals):
            only_library_errors(world, call)

    run()


@pytest.mark.parametrize("kind", ["memory", "sqlite",
                                  pytest.param("postgres", marks=pytest.mark.postgres)])
def test_verify_and_export_given_hostile_arguments_raise_only_library_errors(
    request: pytest.FixtureRequest, shared: Shared, kind: str
) -> None:
    """The auditor's verify and export_head with any key ring, head, batch or instant."""
    from fuzz_values import ANY, INSTANTS

    from supervision.adapters import memory
    from supervision.adapters import sqlalchemy as sql
    from supervision.audit import ChainHead, ChainKey

    world = _world(request, shared, kind)
    key = ChainKey.of("k1", bytes(32))
    heads = st.builds(ChainHead, ANY | st.integers(), ANY | st.just("0" * 64), ANY | INSTANTS,
                      ANY | st.just("k1"), ANY | st.just("0" * 64))

    @settings(max_examples=2 * EXAMPLES[kind], **_SETTINGS)
    @given(ANY | st.just(key), ANY | heads, ANY | st.integers(), ANY | INSTANTS)
    def run(chain_key: Any, head: Any, batch: Any, at: Any) -> None:
        if kind == "memory":
            store = world.storage["store"]
            only_library_errors(world, lambda: memory.verify(store, chain_key=chain_key,
                                                             head=head))
            only_library_errors(world, lambda: memory.export_head(store, chain_key=chain_key,
                                                                  at=at))
        else:
            engine = world.storage["engine"]
            only_library_errors(world, lambda: sql.verify(engine, chain_key=chain_key,
                                                          head=head, batch=batch))
            only_library_errors(world, lambda: sql.export_head(engine, chain_key=chain_key,
                                                               at=at))

    run()


# ================================================================== the other service functions
def _helpers(world: fw.FuzzWorld) -> dict[str, tuple[Callable[..., object], dict[str, Any]]]:
    """Service functions without a twin: the function and its good arguments (the unit of
    work and context are added by the test where the function takes them)."""
    from builders import registration

    from supervision.service_layer import (
        _support,
        context,
        offices,
        queries,
        reporting,
        sweep,
    )
    from supervision.service_layer import (
        registration as registering,
    )

    policy = fw.POLICY
    spec = fw.office_spec(fw.POLICY)
    return {
        "_support.check_actor": (_support.check_actor, {"actor": fw.CLERK}),
        "_support.check_version": (_support.check_version, {"expected_version": 3}),
        "_support.load_visible": (_with_uow(world, _support.load_visible),
                                  {"actor": fw.CLERK, "matter_id": "f-open"}),
        "context.office_of": (_with_uow(world, context.office_of), {"actor": fw.CLERK}),
        "queries.visible_matters": (_with_uow(world, queries.visible_matters), {
            "actor": fw.CLERK, "status": None, "unit_id": "unit-a", "parent_id": None,
            "reinspection_of": None}),
        "sweep.check_batch": (sweep.check_batch, {"batch_size": 200}),
        "sweep.check_offices": (sweep.check_offices, {"offices": ["office-a"]}),
        "offices.resolve_policy": (lambda **k: offices.resolve_policy(world.app.context, **k),
                                   {"policy": "tongren-2014", "parameters": None}),
        "offices.ensure_office": (_with_uow(world, lambda uow, **k: offices.ensure_office(
            uow, world.app.context, **k)), {"spec": spec}),
        "registration.register_in": (_with_uow(world, lambda uow, **k: registering.register_in(
            uow, world.app.context, **k)), {"actor": fw.CLERK, "registration": registration(),
                                            "at": fw.AFTER, "matter_id": None}),
        "registration.apply_registration_rules": (registering.apply_registration_rules, {
            "policy": policy, "registration": registration()}),
        "registration.resolve_terms": (registering.resolve_terms, {
            "policy": policy, "registration": registration()}),
        "registration.default_terms": (registering.default_terms, {
            "policy": policy, "category": "general", "src": registration().source}),
        "registration.register_many_in": (_with_uow(world, lambda uow, **k: (
            registering.register_many_in(uow, world.app.context, **k))), {
                "actor": fw.CLERK, "registrations": [registration()], "at": fw.AFTER,
                "problems": None}),
        "reporting.assessment_period_of": (reporting.assessment_period_of, {
            "policy": policy, "when": fw.AFTER}),
    }


def _with_uow(world: fw.FuzzWorld, function: Callable[..., object]) -> Callable[..., object]:
    def call(**kwargs: Any) -> object:
        with world.app.uow() as uow:
            return function(uow, **kwargs)

    return call


#: Service functions fuzzed through another (they take only what the library built).
NOT_FUZZED_DIRECTLY = {
    "_support.citing": "words a RuleViolation under a policy (a context manager)",
    "_support.run_command": "runs each command (fuzzed through every command)",
    "context.scope_of": "takes a matter the library loaded through load_visible",
    "queries.redact": "takes a matter the library loaded (fuzzed through every read)",
    "queries.redact_event": "takes an event the library loaded (fuzzed through timeline)",
    "queries.ledger": "fuzzed by test_the_service_ledger_given_hostile_instants_…",
    "registration.register_matter": "stages inside register_in (fuzzed)",
    "queries.ledger_rows": "takes the matters visible_matters gave (fuzzed through ledger)",
    "registration.check_duplicates": "takes the office the library loaded (fuzzed through "
                                     "register's override)",
    "registration.rederive_terms": "takes a matter the library loaded (fuzzed through "
                                   "migrate_matters and the sweep)",
    "reporting.standings_of": "takes the OfficeRead the library loaded (fuzzed through "
                              "statistics, score_report and report)",
    "reporting.statistics_of": "takes the OfficeRead the library loaded (fuzzed through "
                               "statistics)",
    "reporting.scorecards_of": "takes the OfficeRead the library loaded (fuzzed through "
                               "scorecard)",
    "reporting.score_report_of": "takes the OfficeRead the library loaded (fuzzed through "
                                 "score_report)",
    "delivery.worker_name": "takes no argument",
    "outbox.escalation_source": "words the key of an escalation the library recorded",
    "outbox.number_for": "takes the office the library loaded, inside a command's unit of work",
    "outbox.notify_change": "runs inside every command's unit of work on the change it made",
    "outbox.notify_decision": "runs inside a command's unit of work on the matter it loaded",
    "outbox.notify_dispatch": "runs inside dispatch's unit of work (fuzzed through dispatch)",
    "outbox.notify_escalation": "runs inside the sweep's unit of work on what it recorded",
    "outbox.notify_escalations": "runs inside the sweep's unit of work on what its page "
                                 "recorded (fuzzed through sweep)",
    "objections.escalate_overdue": "run by the sweep with its own clock (fuzzed through sweep)",
    "_streak_pass.streak_step": "called only by sweep.sweep (fuzzed through sweep)",
    "_quiet.settle": "called only by sweep.sweep with its own clock and look-back "
                     "(fuzzed through sweep)",
    **{f"_sweep_log.{n}": "logs the sweep's progress; called only by sweep.sweep and "
                          "recompute_deadlines with their own values" for n in (
        "log_start", "log_page", "log_retry", "log_escalation", "log_awaiting", "log_summary",
        "log_recompute")},
    **{f"_sweep_records.{n}": "called only by sweep.sweep on what it loaded and recorded "
                              "(fuzzed through sweep)" for n in (
        "escalation_event", "record", "score", "with_retries", "closed_cutoff")},
}


def test_every_service_function_is_fuzzed() -> None:
    """Introspection: each public service function has a twin, a helper call, or a reason."""
    import importlib
    import pkgutil

    import supervision.service_layer as service_layer

    found = set()
    for module in pkgutil.iter_modules(service_layer.__path__):
        loaded = importlib.import_module(f"supervision.service_layer.{module.name}")
        found |= {f"{module.name}.{n}" for n, f in inspect.getmembers(loaded, inspect.isfunction)
                  if f.__module__ == loaded.__name__ and not n.startswith("_")}
    helpers = set(_helpers(fw.FuzzWorld(None, None, {}, "k")))  # type: ignore[arg-type]
    assert sorted(found) == sorted(set(TWINS) | helpers | set(NOT_FUZZED_DIRECTLY))


@pytest.mark.parametrize("path", sorted(_helpers(fw.FuzzWorld(None, None, {}, "k"))))  # type: ignore[arg-type]
def test_a_service_helper_given_hostile_values_raises_only_library_errors(
    request: pytest.FixtureRequest, shared: Shared, path: str
) -> None:
    """The service functions without a twin, with their arguments spoiled (in memory)."""
    world = _world(request, shared, "memory")
    function, good = _helpers(world)[path]

    @settings(max_examples=EXAMPLES["memory"] // 2, **_SETTINGS)
    @given(st.data())
    def run(data: st.DataObject) -> None:
        args = _spoil(data, good)
        only_library_errors(world, lambda: function(**args))

    run()


# ================================================================== found by the fuzz suite
def test_a_score_period_put_together_by_hand_is_refused_as_invalid_input(
    request: pytest.FixtureRequest, shared: Shared
) -> None:
    """A ScorePeriod built with the bare constructor and a field of the wrong type is
    refused by the statistics and the score report as InvalidInput naming the period."""
    from supervision.domain import ScorePeriod

    world = _world(request, shared, "memory")
    spoilt = ScorePeriod(2026, None, None, ("x",))  # type: ignore[arg-type]
    fields = []
    for call in (lambda: world.app.score_report(fw.CLERK, spoilt, as_of=fw.AFTER),
                 lambda: world.app.statistics(fw.CLERK, as_of=fw.AFTER, period=spoilt),
                 lambda: world.app.scorecard(fw.CLERK, spoilt)):
        with pytest.raises(InvalidInput) as caught:
            call()
        fields.append(caught.value.field)
    assert ["period", "period", "period"] == fields


def test_hostile_outbox_filters_are_refused_as_invalid_input(
    request: pytest.FixtureRequest, shared: Shared
) -> None:
    """The outbox's time filters and backfill's offices are checked like every input: an
    instant outside datetime's range or a list of lists is InvalidInput naming the field."""
    import datetime as dt

    world = _world(request, shared, "memory")
    edge = dt.datetime.max.replace(tzinfo=dt.timezone(dt.timedelta(hours=-23)))
    fields = []
    for call in (lambda: world.app.notices(fw.CLERK, since=edge),
                 lambda: world.app.notices(fw.CLERK, until=edge),
                 lambda: world.app.backfill_notices(since=edge),
                 lambda: world.app.backfill_notices(offices=[["office-a"]])):
        with pytest.raises(InvalidInput) as caught:
            call()
        fields.append(caught.value.field)
    assert ["since", "until", "since", "offices"] == fields


def test_a_statistics_office_id_of_any_type_is_refused_as_invalid_input(
    request: pytest.FixtureRequest, shared: Shared
) -> None:
    """An office id that is not text is InvalidInput naming office_id (not a raw error from
    printing it in OfficeNotFound)."""
    from fuzz_values import Unprintable

    world = _world(request, shared, "memory")
    with pytest.raises(InvalidInput) as caught:
        world.app.statistics(fw.CLERK, as_of=fw.AFTER, office_id=Unprintable())
    assert "office_id" == caught.value.field
