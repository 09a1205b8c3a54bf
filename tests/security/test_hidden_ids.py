"""A hidden id and a missing id are indistinguishable everywhere (issue 10.1): every public
path that takes a matter id, an escalation or score-entry key, a notice key, an objection id,
or a registration naming a matter answers a matter the actor may not see exactly as one that
does not exist — the same error type, the same message (the id aside), the same result — and
changes nothing.

The hidden matters are those of :mod:`read_world` no probe's actor may see: the controlled
and the secret matter of the actor's office, and another office's matter.
"""

from __future__ import annotations

import inspect
import re

import pytest
import read_world as rw
from id_paths import COMMANDS, ID_READS, SQL_ID_READS, Probe, _outcome
from security_stores import Shared, kinds
from test_read_paths import OFFICE_FIGURES, READS, SQL_READS, public_paths

HIDDEN = (rw.CONTROLLED, rw.SECRET, rw.OTHER)
#: Parameters through which a path is told which matter (or a key of one) to act on.
ID_PARAMETERS = frozenset({"matter_id", "matter_ids", "key", "entry_key", "parent_id",
                           "reinspection_of", "registration", "registration_",
                           "registrations", "conclusion", "objection_id", "objection_id_",
                           "notice_key"})


#: Paths with such a parameter that name no stored matter by it, and why.
NOT_ID_PATHS = {
    "documents.chinese_citation": "its key is a clause's citation key",
    "registration.apply_registration_rules": "checks a registration against a policy only",
    "registration.resolve_terms": "derives a registration's deadline terms only",
    "registration.register_matter": "stages inside register / register_in (both probed)",
    "_support.run_command": "runs inside every probed command",
    "registration.check_duplicates": "compares a registration with the matters the actor may "
                                     "see (probed as a read path); it reads no link",
    "Supervision.requeue_notice": "a system task with no actor: nobody to hide a notice from",
    "delivery.requeue": "a system task with no actor: nobody to hide a notice from",
    "outbox.escalation_source": "words the key it is given; reads nothing",
    "_sweep_log.log_awaiting": "logs the ids the sweep gives it; reads nothing",
}


def _resolve(path: str) -> object:
    import importlib

    from supervision.bootstrap import Supervision

    owner, _, name = path.partition(".")
    if owner == "Supervision":
        return getattr(Supervision, name)
    packages = {"ledger": "supervision.ledger", "documents": "supervision.documents",
                "report": "supervision.report", "sqlalchemy": "supervision.adapters.sqlalchemy",
                "memory": "supervision.adapters.memory"}
    module = packages.get(owner, f"supervision.service_layer.{owner}")
    return getattr(importlib.import_module(module), name)


def test_every_path_taking_a_matter_id_is_probed_with_hidden_ids() -> None:
    """Introspection: each public path with a parameter naming a matter (``matter_id``,
    ``key``, ``entry_key``, ``parent_id``, a registration …) has a hidden-id probe."""
    probed = set(COMMANDS) | set(ID_READS) | set(SQL_ID_READS)
    excused = set(NOT_ID_PATHS)
    taking = {
        path for path in public_paths()
        if ID_PARAMETERS & set(inspect.signature(_resolve(path)).parameters)  # type: ignore[arg-type]
    }
    assert [] == sorted(taking - probed - excused)


def test_every_probed_path_is_in_the_inventory() -> None:
    """The probes name real paths, each classified in the inventory of test_read_paths."""
    known = set(READS) | set(OFFICE_FIGURES) | set(SQL_READS) | set(COMMANDS)
    assert [] == sorted((set(ID_READS) | set(SQL_ID_READS)) - known)


def _world(request: pytest.FixtureRequest, shared: Shared, kind: str) -> rw.ReadWorld:
    found: rw.ReadWorld = shared.get(request, kind, "full-world",
                                     lambda backend: rw.build(backend.fresh()))
    return found


def _state(world: rw.ReadWorld) -> tuple[object, ...]:
    """Everything stored, as a designated clerk of each office and the sweep would see it."""
    with world.app.uow() as uow:
        return (
            [(m.id, m.version, m.status) for m in uow.matters.list(offices=None)],
            len(uow.events.list(offices=None)),
            len(uow.escalations.list(offices=None)),
            [e.decision for e in uow.escalations.list(offices=None)],
            len(uow.scores.list(offices=None)),
        )


def _compare(world: rw.ReadWorld, probe: Probe, hidden: str) -> tuple[object, object]:
    before = _state(world)
    seen_hidden = _outcome(lambda: probe(world, hidden, hidden))
    seen_missing = _outcome(lambda: probe(world, hidden, rw.MISSING))
    assert before == _state(world)
    return (tuple(str(p).replace(hidden, "<id>") for p in seen_hidden),
            tuple(str(p).replace(rw.MISSING, "<id>") for p in seen_missing))


@pytest.mark.parametrize("hidden", HIDDEN)
@pytest.mark.parametrize(("kind", "path"), kinds(sorted(COMMANDS)))
def test_a_command_answers_a_hidden_matter_as_a_missing_one(
    request: pytest.FixtureRequest, shared: Shared, kind: str, path: str, hidden: str
) -> None:
    """Same error type and message for a hidden id as for a missing one; nothing stored."""
    on_hidden, on_missing = _compare(_world(request, shared, kind), COMMANDS[path], hidden)
    assert on_missing == on_hidden


@pytest.mark.parametrize("hidden", HIDDEN)
@pytest.mark.parametrize(("kind", "path"), kinds(sorted(ID_READS)))
def test_a_read_answers_a_hidden_matter_as_a_missing_one(
    request: pytest.FixtureRequest, shared: Shared, kind: str, path: str, hidden: str
) -> None:
    """Same error (or the same empty answer) for a hidden id as for a missing one."""
    on_hidden, on_missing = _compare(_world(request, shared, kind), ID_READS[path], hidden)
    assert on_missing == on_hidden


@pytest.mark.parametrize("hidden", HIDDEN)
@pytest.mark.parametrize(("kind", "path"), kinds(sorted(SQL_ID_READS), sql_only=True))
def test_a_sql_query_answers_a_hidden_link_as_a_missing_one(
    request: pytest.FixtureRequest, shared: Shared, kind: str, path: str, hidden: str
) -> None:
    """query_matters(parent_id=hidden) finds what parent_id=missing finds: nothing."""
    on_hidden, on_missing = _compare(_world(request, shared, kind), SQL_ID_READS[path], hidden)
    assert on_missing == on_hidden


def test_a_missing_id_is_refused_as_not_found() -> None:
    """The comparison is not vacuous: the commands refuse a missing matter with
    MatterNotFound (or, for keys, NotFound)."""
    world = rw.build()
    kinds: set[str] = set()
    for probe in COMMANDS.values():
        kind, shown = _outcome(lambda p=probe: p(world, rw.CONTROLLED, rw.MISSING))
        # probes trying several calls return each call's outcome
        kinds |= {kind} if kind != "returned" else set(re.findall(r"\('(\w+)'", shown))
    assert {"MatterNotFound", "NotFound"} == kinds
