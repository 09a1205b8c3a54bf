"""The suite every registered policy passes: cited rules, ordered ladders, valid periods,
parameters in range, the MatterPolicy members, the golden snapshot and the generated docs page."""

from __future__ import annotations

import datetime as dt
import json
import re
from decimal import Decimal
from typing import Any

import attrs
import pytest
from policy_support import (
    BUILTIN,
    DOCS,
    SEEDS,
    SNAPSHOTS,
    UPDATE_ENV,
    cal,
    normalise,
    seed_text,
    updating,
)

from supervision import policies
from supervision.domain.policy import (
    SOURCES,
    Citation,
    EscalationAction,
    Policy,
    TriggerEvent,
    quotes_missing_from,
    snapshot,
    to_markdown,
)
from supervision.exceptions import InvalidParameter
from supervision.periods import Period

CLAUSE = re.compile(r"^[a-z]+-\d{4} (§\d+(\.\d+)?|art\.\d+(\(\d+\))?)(:\d+)?$")


def all_policies() -> list[Policy]:
    return [policies.Registry.with_builtins().get(name) for name in BUILTIN]


POLICIES = all_policies()
IDS = [p.name for p in POLICIES]


def rules_of(policy: Policy) -> list[Any]:
    """Every rule object of the policy that must carry a citation."""
    rules: list[Any] = [*policy.kinds, *policy.category_list, *policy.periods, *policy.duties,
                        *policy.reporting, *policy.registration, *policy.approvals,
                        *policy.scoring, *policy.documents]
    rules += [rung for ladder in policy.ladders for rung in ladder.rungs]
    rules += [x for x in (policy.signoff, policy.streak, policy.grading) if x is not None]
    return rules


@pytest.mark.parametrize("policy", POLICIES, ids=IDS)
def test_every_rule_carries_a_citation_of_its_own_policy(policy: Policy) -> None:
    """Every rule has a Citation naming this policy with a well-formed clause key."""
    for rule in rules_of(policy):
        citation = rule.citation
        assert isinstance(citation, Citation), rule
        assert citation.policy == policy.name
        assert CLAUSE.match(citation.key), citation.key


@pytest.mark.parametrize("policy", POLICIES, ids=IDS)
def test_every_quote_occurs_verbatim_in_the_seed_text(policy: Policy) -> None:
    """Each citation's quote occurs in the regulation's text (whitespace-normalised)."""
    text = seed_text(policy.name)
    missing = [c.key + " " + c.quote for c in policy.citations() if normalise(c.quote) not in text]
    assert [] == missing
    raw = (SEEDS / f"{policy.name}.txt").read_text(encoding="utf-8")
    assert () == quotes_missing_from(policy, raw)


def test_quotes_missing_from_finds_a_quote_not_in_the_text() -> None:
    """The integrator helper reports a citation whose quote the text lacks."""
    policy = policies.get("chizhou-2021")
    (missing,) = quotes_missing_from(policy, "重要事项15日内办结")[:1]
    assert "chizhou-2021" == missing.policy
    text = (SEEDS / "chizhou-2021.txt").read_text(encoding="utf-8")
    assert quotes_missing_from(policy, text.replace("有效期3年", "有效期5年"))


@pytest.mark.parametrize("policy", POLICIES, ids=IDS)
def test_the_seed_copies_are_the_shared_texts(policy: Policy) -> None:
    """The test copies of the regulations name the document of the policy."""
    text = (SEEDS / f"{policy.name}.txt").read_text(encoding="utf-8")
    assert normalise(policy.title[:8]) in normalise(text)


@pytest.mark.parametrize("policy", POLICIES, ids=IDS)
def test_ladders_are_ordered_and_proposals_wait_for_a_person(policy: Policy) -> None:
    """Rungs have strictly increasing steps, warnings come first, accountability is a proposal."""
    assert policy.ladders
    for ladder in policy.ladders:
        steps = [r.step for r in ladder.rungs]
        assert sorted(set(steps)) == steps
        warnings = [i for i, r in enumerate(ladder.rungs)
                    if r.action is EscalationAction.PRE_DEADLINE_WARNING]
        assert list(range(len(warnings))) == warnings
        for rung in ladder.rungs:
            if rung.action in (EscalationAction.ACCOUNTABILITY, EscalationAction.MEASURES_MENU):
                assert rung.requires_decision is True
                assert rung.decided_by
            if rung.reply is not None:
                assert rung.reply_start is not None
            for trigger in rung.triggers:
                assert trigger.count >= 1
                if trigger.event is TriggerEvent.APPROACHING_DEADLINE:
                    assert trigger.offset is not None


@pytest.mark.parametrize("policy", POLICIES, ids=IDS)
def test_default_periods_are_valid_and_count_across_national_day(policy: Policy) -> None:
    """Each default period counts from 30 September 2026 to a working day after the holiday."""
    calendar = cal()
    for rule in policy.periods:
        assert isinstance(rule.period, Period)
        assert rule.period.count >= 1
        if rule.range is not None:
            assert rule.range.high == rule.period.count
        deadline = rule.period.deadline(dt.date(2026, 9, 30), calendar)
        assert deadline.last_day > dt.date(2026, 9, 30)
        assert calendar.is_working_day(deadline.last_day)
        assert not deadline.provisional


@pytest.mark.parametrize("policy", POLICIES, ids=IDS)
def test_default_period_answers_for_every_category_and_source(policy: Policy) -> None:
    """default_period gives a Period or None for every category of a kind and every source."""
    for category in (None, *policy.categories):
        for source in (None, *SOURCES):
            result = policy.default_period(category, source)
            assert result is None or isinstance(result, Period)


@pytest.mark.parametrize("policy", POLICIES, ids=IDS)
def test_matter_policy_protocol_members(policy: Policy) -> None:
    """The policy offers exactly the members the domain's MatterPolicy protocol reads."""
    assert isinstance(policy.name, str)
    assert isinstance(policy.numbering_prefix, str)
    assert policy.numbering_prefix
    assert isinstance(policy.requires_approval, bool)
    assert policy.extensions_enabled is False
    assert policy.report_signoff in ("unit_head", "leader_in_charge", "none")
    assert isinstance(policy.category_required, bool)
    assert isinstance(policy.categories, tuple)
    assert all(isinstance(c, str) for c in policy.categories)
    assert callable(policy.default_period)


@pytest.mark.parametrize("policy", POLICIES, ids=IDS)
def test_parameters_have_defaults_docs_and_alternatives(policy: Policy) -> None:
    """Every parameter is documented with the reason for its default and the other reading."""
    docs = policy.parameter_docs()
    assert "numbering_prefix" in docs
    assert "extensions_enabled" in docs
    for name, (_value, doc, alternative) in docs.items():
        assert doc, name
        assert alternative, name


def _bad_values(value: object) -> list[object]:
    if isinstance(value, bool):
        return ["yes", 1]
    if isinstance(value, int):
        return [-1, 10_000, "3", 2.5]
    if isinstance(value, Decimal):
        return [Decimal(-1), Decimal(1_000), "many", Decimal("NaN")]
    return ["no such reading", 3, ""]


@pytest.mark.parametrize("policy", POLICIES, ids=IDS)
def test_parameters_out_of_range_are_rejected_with_a_clear_error(policy: Policy) -> None:
    """Each parameter refuses wrong types and out-of-range values, naming itself."""
    for name, (value, _doc, _alt) in policy.parameter_docs().items():
        for bad in _bad_values(value):
            with pytest.raises(InvalidParameter) as caught:
                policy.with_parameters(**{name: bad})
            assert name == caught.value.field
            assert policy.name == caught.value.policy


@pytest.mark.parametrize("policy", POLICIES, ids=IDS)
def test_unknown_parameter_is_rejected(policy: Policy) -> None:
    """with_parameters refuses a name the policy does not have and lists the known ones."""
    with pytest.raises(InvalidParameter, match="numbering_prefix"):
        policy.with_parameters(no_such_parameter=1)


@pytest.mark.parametrize("policy", POLICIES, ids=IDS)
def test_numbering_prefix_is_overridable(policy: Policy) -> None:
    """An integrator's 代字 replaces the documented default and leaves the original untouched."""
    changed = policy.with_parameters(numbering_prefix="某督")
    assert "某督" == changed.numbering_prefix
    assert "某督" != policy.numbering_prefix
    assert policy.name == changed.name


@pytest.mark.parametrize("policy", POLICIES, ids=IDS)
def test_extensions_can_be_enabled_by_parameter(policy: Policy) -> None:
    """Extensions are off (not in the texts) and a parameter turns them on."""
    assert True is policy.with_parameters(extensions_enabled=True).extensions_enabled


@pytest.mark.parametrize("policy", POLICIES, ids=IDS)
def test_policy_is_frozen(policy: Policy) -> None:
    """A policy cannot be changed in place."""
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        policy.name = "other"  # type: ignore[misc]


@pytest.mark.parametrize("policy", POLICIES, ids=IDS)
def test_in_force_on_its_issue_date_and_not_before(policy: Policy) -> None:
    """Every policy applies from its date of issue and reports any day before it."""
    assert True is policy.in_force(policy.issued)
    assert False is policy.in_force(policy.issued - dt.timedelta(days=1))
    finding = policy.validity_finding(policy.issued - dt.timedelta(days=1))
    assert finding is not None
    assert "policy_not_yet_in_force" == finding.code


@pytest.mark.parametrize("policy", POLICIES, ids=IDS)
def test_golden_snapshot(policy: Policy) -> None:
    """The policy's data equals its reviewed snapshot (regenerate with the env variable)."""
    path = SNAPSHOTS / f"{policy.name}.json"
    rendered = json.dumps(snapshot(policy), ensure_ascii=False, indent=2) + "\n"
    if updating():
        path.write_text(rendered, encoding="utf-8")
    assert path.exists(), f"no snapshot: run with {UPDATE_ENV}=1 and review the diff"
    assert path.read_text(encoding="utf-8") == rendered, (
        f"{policy.name} changed: if intended, rerun with {UPDATE_ENV}=1 and review the diff"
    )


@pytest.mark.parametrize("policy", POLICIES, ids=IDS)
def test_docs_page_matches_the_data(policy: Policy) -> None:
    """docs/policies/<name>.md is the page generated from the policy data."""
    path = DOCS / f"{policy.name}.md"
    rendered = to_markdown(policy)
    if updating():
        path.write_text(rendered, encoding="utf-8")
    assert path.read_text(encoding="utf-8") == rendered, (
        f"docs page of {policy.name} is stale: rerun with {UPDATE_ENV}=1"
    )


def test_snapshot_is_deterministic() -> None:
    """Two builds of a policy render to the same dict."""
    assert snapshot(all_policies()[0]) == snapshot(all_policies()[0])


def test_snapshot_shows_a_parameter_change() -> None:
    """Changing a parameter changes the rendering (so it shows in review)."""
    policy = policies.get("chizhou-2021")
    assert snapshot(policy) != snapshot(
        policy.with_parameters(streak_scope="per_matter")
    )
