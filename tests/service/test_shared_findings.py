"""The scorecard's shortcuts for values many matters share (issue 16 #8, seventh pass) give
exactly what they stand for, compared with the straightforward computation on the same data:

* the SQL adapter's deadlines read back by their stored values (``_facts._DEADLINES``, one
  value for the matters that store equal deadlines) equal the deadlines read anew, also for
  texts that differ from a kept one in a single part;
* ``standings_of`` (the findings of equal parts computed once) equals ``standing_of`` of
  each matter, with the findings kept and after it stops keeping them;
* ``assessment._visible`` (``can_view_parts`` asked once per distinct parts) equals
  ``can_view_parts`` asked for each matter, for every reader, also for matters that share
  their assignments but not their circle.

The world is ``test_facts_fast_paths``' (every status, each kind of confidentiality, returns,
extensions, suspensions, escalations), in memory, on SQLite and on PostgreSQL; the whole
scorecard is compared with the straightforward path there."""

from __future__ import annotations

import json
from typing import Any

import attrs
import pytest
from test_facts_fast_paths import INSTANTS, OFFICE_C, READERS, world

from supervision import policies as shipped
from supervision.adapters.sqlalchemy import _facts
from supervision.bootstrap import Supervision
from supervision.domain.permissions import can_view_parts
from supervision.domain.statistics import MatterFacts, _batch, standing_of
from supervision.domain.statistics._batch import standings_of
from supervision.service_layer.assessment import _visible

__all__ = ["world"]  # the fixture, shared with test_facts_fast_paths


def _facts_of(app: Supervision) -> list[MatterFacts]:
    with app.uow() as uow:
        return [f for f, _at in uow.matters.facts(offices=(OFFICE_C,))]


def _texts(app: Supervision) -> list[str]:
    """The world's facts texts, and for each pair of matters with deadlines, the first's
    text with one part of its deadlines taken from the second's (so it differs from a kept
    one in that part alone)."""
    with app.uow() as uow:
        matters = uow.matters.list(offices=(OFFICE_C,))
        for m in matters:  # every policy known to the reader, as a read learns it
            _facts.learn_policy(m.policy)
    texts = [_facts.facts_text(m) for m in matters]
    values = [json.loads(t) for t in texts]
    with_deadlines = [v for v in values if v[16] is not None and v[16][12] == []]
    found = list(texts)
    for first in with_deadlines:
        for second in with_deadlines:
            for part in (*range(12), 13):
                if first[16][part] != second[16][part]:
                    changed = json.loads(json.dumps(first))
                    changed[16][part] = second[16][part]
                    found.append(json.dumps(changed, ensure_ascii=False))
    return found


def _read(text: str) -> MatterFacts | None:
    v = json.loads(text)
    return _facts.read_facts(text, v[1], v[2], v[3], lambda _f, _m: None)


def test_deadlines_kept_by_their_stored_values_equal_those_read_anew(
        world: Supervision) -> None:
    texts = _texts(world)
    _facts._DEADLINES.clear()
    kept = [_read(t) for t in texts]  # each text after all before it: the kept values used
    assert len(_facts._DEADLINES) < len([f for f in kept if f and f.deadlines])  # shared
    anew = []
    for text in texts:
        _facts._DEADLINES.clear()
        anew.append(_read(text))
    assert None not in anew
    assert kept == anew
    assert len(texts) > 3 * len(_facts_of(world))  # the single-part variants exist


def _judged(app: Supervision) -> tuple[list[tuple[MatterFacts, Any]], Any, Any]:
    ctx = app.context
    with app.uow() as uow:
        office = uow.offices.get(OFFICE_C)
    facts = _facts_of(app)
    policies = {f.policy.fingerprint: ctx.policy(f.policy) for f in facts}  # one object each
    judged = [(f, policies[f.policy.fingerprint]) for f in facts]
    # every matter's parts with every other matter's deadlines (one object, shared)
    dated = [f for f in facts if f.deadlines is not None]
    judged += [(attrs.evolve(f, deadlines=d.deadlines), policies[f.policy.fingerprint])
               for f in facts for d in dated]
    # every matter under each shipped policy (its deadlines the same object)
    judged += [(f, other) for other in map(shipped.get, shipped.names()) for f in facts]
    # and each matter with deadlines with every other's status, dispatch, deadline day and
    # suspension, one at a time (its own deadlines object: parts differing in one alone)
    for f in dated:
        own = policies[f.policy.fingerprint]
        for g in facts:
            judged += [(attrs.evolve(f, status=g.status), own),
                       (attrs.evolve(f, dispatched_at=g.dispatched_at), own),
                       (attrs.evolve(f, deadline_day=g.deadline_day), own),
                       (attrs.evolve(f, suspended=g.suspended), own)]
    return judged, ctx.calendar_of(office), ctx.close_of(office)


@pytest.mark.parametrize("keep", ["kept", "not kept"])
def test_the_standings_of_many_equal_the_standing_of_each(
        world: Supervision, keep: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # kept for every matter, or not after the first one
    monkeypatch.setattr(_batch, "_TRY", 10**9 if keep == "kept" else 0)
    judged, calendar, close = _judged(world)
    assert len({id(f.deadlines) for f, _p in judged}) < len(judged) / 4  # shared
    for as_of in INSTANTS:
        expected = [standing_of(f, p, calendar, as_of, close=close) for f, p in judged]
        assert expected == standings_of(judged, calendar, as_of, close=close)
        assert [standing_of(f, p, calendar, as_of, close=close, due_soon_working_days=0)
                for f, p in judged] == standings_of(judged, calendar, as_of, close=close,
                                                    due_soon_working_days=0)


def test_many_distinct_deadlines_stop_the_keeping_and_give_the_same_standings(
        world: Supervision) -> None:
    judged, calendar, close = _judged(world)
    # distinct objects for equal deadlines: nothing shared by identity
    dated = [(f, p) for f, p in judged if f.deadlines is not None]
    many = [(attrs.evolve(f, deadlines=attrs.evolve(f.deadlines)), p)
            for f, p in (dated * (2 * _batch._TRY // len(dated) + 2))[: 2 * _batch._TRY + 50]]
    for as_of in INSTANTS:
        assert [standing_of(f, p, calendar, as_of, close=close) for f, p in many] == \
            standings_of(many, calendar, as_of, close=close)


@pytest.mark.parametrize("actor", READERS, ids=lambda a: a.person_id)
def test_the_visible_matters_are_those_each_reader_may_view(
        world: Supervision, actor: Any) -> None:
    facts = _facts_of(world)
    # every matter's assignments (the same object) with every other matter's circle
    facts += [attrs.evolve(f, matter_id=f"{f.matter_id}~{i}",
                           confidentiality=g.confidentiality)
              for f in facts for i, g in enumerate(facts)]
    expected = frozenset(f.matter_id for f in facts
                         if can_view_parts(actor, f.office_id, f.units, f.confidentiality))
    assert expected == _visible(actor, facts)
    assert 0 < len(expected) < len(facts) or actor.unit_id is None
