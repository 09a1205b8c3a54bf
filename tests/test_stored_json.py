"""Reading back stored JSON (``supervision._stored.from_stored_json``, what the SQL adapter
uses for its own rows) gives exactly what :func:`supervision.serialization.from_json` gives:
the same value for matters of every status, confidentiality and stage and for their events,
and, for text altered in any field, the same value or the same error (issue 16 #1, #8)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator
from typing import Any

import attrs
import pytest
from builders import CLERK, HEAD_A, LEADER, LIAISON_A, LIAISON_B, World, progress_content
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from supervision._stored import from_stored_json
from supervision.domain import (
    Confidentiality,
    Event,
    Matter,
    ReasonKind,
    ReviewOutcome,
    Role,
    Status,
)
from supervision.exceptions import SupervisionError
from supervision.serialization import from_json, to_json
from supervision.service_layer import services


def _shapes() -> tuple[list[Matter], list[Event]]:
    """Matters at every stage a service can take them to, with their events."""
    world = World()
    uow, ctx = world.uow, world.ctx
    made: list[Matter] = [
        world.draft(),
        world.dispatched(),
        world.reported(),
        world.completed(),
        world.closed(),
        world.dispatched(co_unit_ids=("unit-b",), confidentiality=Confidentiality.controlled(
            ["clerk-1", "head-a", "liaison-a", "leader-1"], [Role.AUDITOR])),
        world.dispatched(title="", requirements="", confidentiality=Confidentiality.secret(
            "密〔2026〕7号", {"clerk-1", "head-a", "leader-1"})),
    ]
    archived = world.closed()
    made.append(services.archive(uow(), ctx, CLERK, archived.id))
    made.append(services.withdraw(uow(), ctx, CLERK, world.dispatched().id, reason="情况变化"))
    ended = services.suspend(uow(), ctx, CLERK, world.dispatched().id, reason="暂缓")
    made.append(services.terminate(uow(), ctx, LEADER, ended.id, reason="情况变化"))
    suspended = world.dispatched()
    made.append(services.suspend(uow(), ctx, CLERK, suspended.id, reason="暂缓"))
    returned = world.reported()
    world.clock.advance(hours=5)
    made.append(services.review(uow(), ctx, CLERK, returned.id, ReviewOutcome.RETURNED,
                                opinion="公文格式不规范",
                                redo_due_day=world.clock.now().date() + dt.timedelta(days=9)))
    # a joint matter with a contribution, a progress report, an explanation, an extension
    # and a suspension ended by a resumption
    joint = world.dispatched(co_unit_ids=("unit-b",))
    services.acknowledge(uow(), ctx, LIAISON_A, joint.id)
    services.report_progress(uow(), ctx, LIAISON_A, joint.id, progress_content())
    services.contribute(uow(), ctx, LIAISON_B, joint.id, progress_content())
    world.clock.advance(hours=3)
    services.explain(uow(), ctx, LIAISON_A, joint.id, ReasonKind.OBJECTIVE, "雨季停工")
    services.decide_explanation(uow(), ctx, CLERK, joint.id, 1, accept=True)
    due = world.stored(joint.id).due
    assert due is not None
    services.request_extension(uow(), ctx, LIAISON_A, joint.id,
                               due.last_day + dt.timedelta(days=10), "工期顺延")
    services.decide_extension(uow(), ctx, LEADER, joint.id, 1, grant=True)
    services.suspend(uow(), ctx, CLERK, joint.id, reason="暂缓")
    world.clock.advance(hours=48)
    services.resume(uow(), ctx, CLERK, joint.id)
    made.append(world.stored(joint.id))
    signed = world.reported(reporter=HEAD_A)  # the head's own report: sign-off unconfirmed
    made.append(signed)
    matters = [world.stored(m.id) for m in made]
    # every status on every shape (the loader checks types, not the lifecycle)
    matters += [attrs.evolve(m, status=s) for m in matters[:4] for s in Status]
    events = [e for m in made for e in world.events(m.id)]
    return matters, events


MATTERS, EVENTS = _shapes()


def _ids(values: list[Any]) -> list[str]:
    return [f"{i}-{getattr(v, 'status', getattr(v, 'kind', ''))}" for i, v in enumerate(values)]


def test_the_shapes_cover_every_status_and_the_nested_parts() -> None:
    """The matters compared below hold every status, reports, rounds returned and accepted,
    sign-offs, explanations, extensions, suspensions and each kind of confidentiality."""
    assert set(Status) == {m.status for m in MATTERS}
    assert all(any(getattr(m, part) for m in MATTERS) for part in (
        "progress_reports", "contributions", "rounds", "explanations", "extensions",
        "suspensions", "closings"))
    assert {ReviewOutcome.RETURNED, ReviewOutcome.ACCEPTED} <= {
        r.outcome for m in MATTERS for r in m.rounds}
    assert {"none", "controlled", "secret"} == {m.confidentiality.kind.value for m in MATTERS}


@pytest.mark.parametrize("matter", MATTERS, ids=_ids(MATTERS))
def test_a_stored_matter_reads_back_as_from_json_reads_it(matter: Matter) -> None:
    """Each stored matter's text gives the very value from_json gives (and the matter)."""
    text = to_json(matter)
    expected = from_json(Matter, text)
    actual = from_stored_json(Matter, text)
    assert expected == actual
    assert matter == actual
    assert to_json(expected) == to_json(actual)


def test_stored_events_read_back_as_from_json_reads_them() -> None:
    """Every event of those matters gives the value from_json gives."""
    texts = [to_json(e) for e in EVENTS]
    assert [from_json(Event, t) for t in texts] == [from_stored_json(Event, t) for t in texts]


# ------------------------------------------------------------------ altered texts
def _paths(data: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield prefix
    if isinstance(data, dict):
        for key in sorted(data):
            yield from _paths(data[key], (*prefix, key))
    elif isinstance(data, list):
        for i, item in enumerate(data):
            yield from _paths(item, (*prefix, i))


_RICH = json.loads(to_json(MATTERS[-2]))  # the joint matter: most nested parts filled in
_PATHS = [p for p in _paths(_RICH) if p]

_odd_values = st.one_of(
    st.none(), st.booleans(), st.integers(-(2**70), 2**70), st.floats(allow_nan=False),
    st.sampled_from([
        "", "\ud800", "x\udfff", "1899-12-31", "3000-01-01", "1900-01-01", "2999-12-31",
        "2026-03-02T09:00:00", "2026-03-02T09:00:00+08:00", "1900-01-01T00:00:00+08:00",
        "1899-12-31T23:59:59+08:00", "2999-12-31T23:00:00-05:00", "3000-01-01T00:00:00+08:00",
        "in_progress", "secret", "lead", "日", "工作日", "0.5", "NaN", "道督〔2026〕1号",
        "17:30:00",
    ]),
    st.text(max_size=6),
    st.lists(st.integers(0, 3), max_size=2),
    st.just({}), st.just({"extra": 1}), st.just([[]]), st.just([["a", "b"]]),
)


def _outcome(read: Callable[[type[Matter], str], Matter], text: str) -> tuple[Any, ...]:
    try:
        return ("value", read(Matter, text))
    except SupervisionError as error:
        return ("error", type(error), str(error))


def _altered(path: tuple[Any, ...], how: str, value: Any) -> str:
    data = json.loads(json.dumps(_RICH))
    parent = data
    for key in path[:-1]:
        parent = parent[key]
    last = path[-1]
    if how == "drop" and isinstance(parent, dict):
        del parent[last]
    elif how == "add" and isinstance(parent, dict):
        parent["unknown_field"] = value
    else:
        parent[last] = value
    return json.dumps(data, ensure_ascii=False)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(_PATHS), st.sampled_from(["set", "drop", "add"]), _odd_values)
def test_an_altered_text_gives_the_value_or_the_error_from_json_gives(
        path: tuple[Any, ...], how: str, value: Any) -> None:
    """Any field of a stored matter replaced, dropped or joined by an unknown one: the stored
    read gives the same value as from_json, or raises the same SupervisionError."""
    text = _altered(path, how, value)
    assert _outcome(from_json, text) == _outcome(from_stored_json, text)


_EDGE_VALUES = (None, True, 0, 2**63, -(2**63) - 1, 1.5, "", "\ud800", "1899-12-31",
                "3000-01-01", "1900-01-01", "2999-12-31", "2026-03-02T09:00:00",
                "1900-01-01T00:00:00+08:00", "1899-12-31T23:59:59+08:00",
                "3000-01-01T00:00:00+08:00", "3000-01-01T00:00:01+08:00", "in_progress", [],
                {}, [[]])


def test_every_field_set_to_each_edge_value_reads_as_from_json_reads_it() -> None:
    """Every field (and item) of the rich matter set in turn to each edge value (bounds of
    days, instants and integers, lone surrogates, naive instants, wrong types), dropped, or
    joined by an unknown field: the same value or the same error from both reads."""
    differing = []
    for path in _PATHS:
        for how, value in [("drop", None), ("add", 1)] + [("set", v) for v in _EDGE_VALUES]:
            text = _altered(path, how, value)
            if _outcome(from_json, text) != _outcome(from_stored_json, text):
                differing.append((path, how, value))
    assert [] == differing


@pytest.mark.parametrize("text", [
    "", "null", "[]", "{}", "NaN", '{"id": NaN}', "[" * 100 + "]" * 100, "{" * 5,
    to_json(MATTERS[0]).replace('"round":1', '"round":true'),
    to_json(MATTERS[0]).replace('"round":1', '"round":1.0'),
    to_json(MATTERS[0]).replace('"round":1', f'"round":{2**64}'),
])
def test_malformed_text_raises_what_from_json_raises(text: str) -> None:
    """Text that is not a stored matter raises the same error from both reads."""
    assert _outcome(from_json, text) == _outcome(from_stored_json, text)
    assert "error" == _outcome(from_stored_json, text)[0]


def test_a_stored_matter_and_its_events_are_read_without_from_json(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """What the library wrote is read by the stored loaders themselves (from_json, which
    would hide a wrong loader behind its own answer, is not called)."""
    import supervision.serialization as serialization

    def refused(cls: type, text: str) -> Any:
        raise AssertionError(f"from_json called for a {cls.__name__}")

    monkeypatch.setattr(serialization, "from_json", refused)
    assert MATTERS == [from_stored_json(Matter, to_json(m)) for m in MATTERS]
    assert EVENTS == [from_stored_json(Event, to_json(e)) for e in EVENTS]


def test_a_policy_reference_equal_to_one_read_before_is_that_one_and_any_other_is_checked(
) -> None:
    """A policy reference read again (its JSON equal to one accepted before) is the value read
    then; one whose parameters were altered, whose fingerprint was kept while a parameter
    changed, or whose text was replaced by numbers or booleans equal to it in Python (1, True)
    gets what from_json gives: the value, or its error."""
    from supervision.domain.office import PolicyRef
    from supervision.policies import get

    ref = PolicyRef.of(get("daoli-2017"))
    text = to_json(ref)
    first = from_stored_json(PolicyRef, text)
    assert first == ref
    assert from_stored_json(PolicyRef, text) is first
    data = json.loads(text)
    name, value = data["parameters"][0]
    variants = [
        {**data, "parameters": [[name, value + "0"], *data["parameters"][1:]]},
        {**data, "parameters": [[name, 1], *data["parameters"][1:]]},
        {**data, "parameters": [[True, value], *data["parameters"][1:]]},
        {**data, "name": 1},
        {**data, "parameters": data["parameters"][1:]},
    ]
    for variant in variants:
        altered = json.dumps(variant, ensure_ascii=False)
        try:
            expected: Any = from_json(PolicyRef, altered)
        except SupervisionError as error:
            expected = (type(error), str(error))
        try:
            got: Any = from_stored_json(PolicyRef, altered)
        except SupervisionError as error:
            got = (type(error), str(error))
        assert expected == got
        assert not isinstance(got, PolicyRef)  # each variant is refused
