"""Definition-time checks of a policy's data, and the quote check integrators run on theirs."""

from __future__ import annotations

import datetime as _dt
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import attrs

from supervision.domain.policy._parameters import Parameters
from supervision.domain.policy._rules import Citation, Validity
from supervision.domain.policy._terms import (
    _KEY,
    _POLICY_NAME,
    _WHITESPACE,
    SOURCES,
    EscalationAction,
    TriggerEvent,
)
from supervision.exceptions import InvalidInput, InvalidPolicy
from supervision.periods import Period

if TYPE_CHECKING:
    from supervision.domain.policy._policy import Policy

__all__ = ["check_policy", "collect_citations", "quotes_missing_from"]


def _check_key(value: str, field: str) -> None:
    if not isinstance(value, str) or not _KEY.match(value):
        raise InvalidInput(field, "a lower-case identifier such as 'general' or 'art7'", value)


def quotes_missing_from(policy: Policy, text: str) -> tuple[Citation, ...]:
    """The policy's citations whose quote does not occur in ``text`` (the regulation's text).

    Whitespace is ignored on both sides (published texts break lines and space digits:
    ``15 日`` / ``15日``). Use it in an integrator's tests: the result should be empty.
    """
    haystack = _WHITESPACE.sub("", text)
    return tuple(
        c for c in policy.citations() if _WHITESPACE.sub("", c.quote) not in haystack
    )


def collect_citations(value: Any, found: list[Citation]) -> None:
    if isinstance(value, Citation):
        found.append(value)
    elif isinstance(value, tuple):
        for item in value:
            collect_citations(item, found)
    elif attrs.has(type(value)) and not isinstance(value, Parameters | Period):
        for a in attrs.fields(type(value)):
            if a.name != "rebuild":
                collect_citations(getattr(value, a.name), found)


def check_policy(p: Policy) -> None:
    def bad(problem: str) -> InvalidPolicy:
        return InvalidPolicy(getattr(p, "name", "?"), problem)

    if not isinstance(p.name, str) or not _POLICY_NAME.match(p.name):
        raise bad("name must look like 'place-2021' (lower case, digits and hyphens)")
    for text_field in ("title", "document_number", "issuer"):
        if not isinstance(getattr(p, text_field), str):
            raise bad(f"{text_field} must be a string")
    if not isinstance(p.issued, _dt.date) or isinstance(p.issued, _dt.datetime):
        raise bad("issued must be a date")
    if not isinstance(p.validity, Validity):
        raise bad("validity must be a Validity")
    if not isinstance(p.parameters, Parameters):
        raise bad("parameters must be a supervision.policies.Parameters (or a subclass)")
    for citation in p.citations():
        if citation.policy != p.name:
            raise bad(f"citation {citation.key} names another policy than {p.name}")
    if not p.kinds:
        raise bad("at least one matter kind is needed")
    kind_keys = [k.key for k in p.kinds]
    if len(set(kind_keys)) != len(kind_keys):
        raise bad("matter kind keys must be unique")
    for k in p.kinds:
        _check_key(k.key, "kind.key")
        for s in k.sources:
            if s not in SOURCES:
                raise bad(f"kind {k.key}: unknown source {s!r}; sources are {', '.join(SOURCES)}")
    sources = [s for k in p.kinds for s in k.sources]
    if len(set(sources)) != len(sources):
        raise bad("a source may belong to one kind only")
    if p.fallback_kind is not None and p.fallback_kind not in kind_keys:
        raise bad(f"fallback_kind {p.fallback_kind!r} is not a kind")
    cat_keys = [c.key for c in p.category_list]
    if len(set(cat_keys)) != len(cat_keys):
        raise bad("category keys must be unique")
    for c in p.category_list:
        _check_key(c.key, "category.key")
        if c.kind not in kind_keys:
            raise bad(f"category {c.key}: unknown kind {c.kind!r}")
    period_keys = [r.key for r in p.periods]
    if len(set(period_keys)) != len(period_keys):
        raise bad("period rule keys must be unique")
    applies = [(r.kind, r.category, r.sources) for r in p.periods]
    if len(set(applies)) != len(applies):
        raise bad("two period rules apply to the same kind, category and sources")
    for r in p.periods:
        if r.kind not in kind_keys:
            raise bad(f"period rule {r.key}: unknown kind {r.kind!r}")
        if r.category is not None and r.category not in cat_keys:
            raise bad(f"period rule {r.key}: unknown category {r.category!r}")
        if not isinstance(r.period, Period):
            raise bad(f"period rule {r.key}: period must be a supervision.periods.Period")
        if r.range is not None and not (
            r.range.unit is r.period.unit
            and 1 <= r.range.low < r.range.high
            and r.period.count == r.range.high
        ):
            raise bad(f"period rule {r.key}: a range must be low < high, in the period's unit, "
                      "with the period at its upper end")
    for d in p.duties:
        if d.period is None and not d.immediate and d.cycle is None:
            raise bad(f"duty {d.key}: needs a period, immediate=True or a cycle")
        if d.period is not None and d.start is None:
            raise bad(f"duty {d.key}: a period needs a start event")
    for rep in p.reporting:
        if rep.kind is not None and rep.kind not in kind_keys:
            raise bad(f"reporting rule {rep.key}: unknown kind {rep.kind!r}")
        if rep.period is not None and rep.first_start is None:
            raise bad(f"reporting rule {rep.key}: a period needs first_start")
        if rep.period is None and not rep.cycles:
            raise bad(f"reporting rule {rep.key}: needs a period or cycles")
    for ap in p.approvals:
        if ap.kind is not None and ap.kind not in kind_keys:
            raise bad(f"approval rule: unknown kind {ap.kind!r}")
    for ladder in p.ladders:
        if ladder.kind is not None and ladder.kind not in kind_keys:
            raise bad(f"ladder: unknown kind {ladder.kind!r}")
        if not ladder.rungs:
            raise bad(f"ladder {ladder.kind}: has no rungs")
        steps = [r.step for r in ladder.rungs]
        if steps != sorted(set(steps)):
            raise bad(f"ladder {ladder.kind}: steps must be strictly increasing, got {steps}")
        warnings = [i for i, r in enumerate(ladder.rungs)
                    if r.action is EscalationAction.PRE_DEADLINE_WARNING]
        if warnings != list(range(len(warnings))):
            raise bad(f"ladder {ladder.kind}: pre-deadline warnings come before every other rung")
        seen: dict[TriggerEvent, int] = {}
        for rung in ladder.rungs:
            if not rung.triggers:
                raise bad(f"ladder {ladder.kind} step {rung.step}: no trigger")
            if rung.action.always_proposal and not rung.requires_decision:
                raise bad(
                    f"ladder {ladder.kind} step {rung.step}: {rung.action.label} is only ever a "
                    "proposal awaiting a person's decision (requires_decision=True)"
                )
            if rung.reply is not None and rung.reply_start is None:
                raise bad(f"ladder {ladder.kind} step {rung.step}: a reply needs reply_start")
            for t in rung.triggers:
                if t.count.__class__ is not int or t.count < 1:
                    raise bad(f"ladder {ladder.kind} step {rung.step}: trigger counts are ≥ 1")
                forward = t.event is not TriggerEvent.APPROACHING_DEADLINE
                if t.offset is not None and forward and t.offset_from is None:
                    raise bad(f"ladder {ladder.kind} step {rung.step}: an offset needs offset_from")
                if t.count < seen.get(t.event, 1):
                    raise bad(
                        f"ladder {ladder.kind} step {rung.step}: trigger {t.event.key} count "
                        f"{t.count} comes after a higher count"
                    )
                seen[t.event] = t.count
    for scoring in p.scoring:
        if not isinstance(scoring.points, Decimal) or scoring.points < 0:
            raise bad(f"scoring rule {scoring.key}: points must be a Decimal ≥ 0")
    if p.streak is not None and not (
        1 <= p.streak.deduct_from < p.streak.propose_accountability_from
    ):
        raise bad("streak: deductions must start before accountability proposals")
    if p.grading is not None:
        g = p.grading
        if sum(c.weight for c in g.criteria) != 100:
            raise bad("grading: criteria weights must sum to 100")
        mins = [gr.min_score for gr in g.grades]
        if mins != sorted(mins, reverse=True) or len(set(mins)) != len(mins) or mins[-1] != 0:
            raise bad("grading: grades best first, thresholds strictly falling, the last at 0")
    reason_keys = [r.key for r in p.return_reasons]
    if len(set(reason_keys)) != len(reason_keys):
        raise bad("return reason keys must be unique")
    for alias in p.aliases:
        if not isinstance(alias, str) or not alias:
            raise bad("aliases must be non-empty strings")


