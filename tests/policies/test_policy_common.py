"""The common policy suite (supervision.testing.policy_suite) run on every registered policy,
and what holds of the five shipped texts besides: the golden snapshot, the generated docs
page, extensions off, in force from the day of issue."""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Mapping
from typing import ClassVar

import attrs
import pytest
from policy_support import DOCS, SEEDS, SNAPSHOTS, UPDATE_ENV, updating

from supervision import policies
from supervision.domain.policy import (
    Policy,
    Requirement,
    quotes_missing_from,
    snapshot,
    to_markdown,
)
from supervision.testing.policy_suite import PolicyContract

REGISTRY = policies.Registry.with_builtins()
POLICIES = [REGISTRY.get(name) for name in REGISTRY.names()]
IDS = [p.name for p in POLICIES]

#: Registration requirements the shipped policies declare that no command applies yet: none
#: (registration enforces every one since issue 11.1).
NOT_YET_APPLIED: Mapping[Requirement, str] = {}


class ShippedPolicyContract(PolicyContract):
    """The common suite on one shipped policy, its regulation text the test seed copy."""

    name: ClassVar[str]

    def policy(self) -> Policy:
        return _shipped(self.name)

    def regulation_text(self) -> str:
        return (SEEDS / f"{self.name}.txt").read_text(encoding="utf-8")

    def requirements_not_yet_applied(self) -> Mapping[Requirement, str]:
        return NOT_YET_APPLIED


@functools.cache
def _shipped(name: str) -> Policy:
    return REGISTRY.get(name)


# One test class per registered policy: TestSuite_chizhou_2021, TestSuite_daoli_2017, …
for _name in REGISTRY.names():
    _cls = type(f"TestSuite_{_name.replace('-', '_')}", (ShippedPolicyContract,), {"name": _name})
    globals()[_cls.__name__] = _cls


def test_quotes_missing_from_finds_a_quote_not_in_the_text() -> None:
    """The integrator helper reports a citation whose quote the text lacks."""
    policy = policies.get("chizhou-2021")
    (missing,) = quotes_missing_from(policy, "重要事项15日内办结")[:1]
    assert "chizhou-2021" == missing.policy
    text = (SEEDS / "chizhou-2021.txt").read_text(encoding="utf-8")
    assert () == quotes_missing_from(policy, text)
    assert quotes_missing_from(policy, text.replace("有效期3年", "有效期5年"))


@pytest.mark.parametrize("policy", POLICIES, ids=IDS)
def test_extensions_are_off_in_every_shipped_text(policy: Policy) -> None:
    """None of the five texts provides extensions (rules.md §1): off unless enabled."""
    assert (False, True) == (
        policy.extensions_enabled,
        policy.with_parameters(extensions_enabled=True).extensions_enabled,
    )


@pytest.mark.parametrize("policy", POLICIES, ids=IDS)
def test_policy_is_frozen(policy: Policy) -> None:
    """A policy cannot be changed in place."""
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        policy.name = "other"  # type: ignore[misc]


@pytest.mark.parametrize("policy", POLICIES, ids=IDS)
def test_in_force_on_its_issue_date_and_not_before(policy: Policy) -> None:
    """Every shipped text applies from its date of issue and reports any day before it."""
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


def test_snapshot_shows_a_rule_rebuilt_from_a_parameter() -> None:
    """A parameter that rebuilds rules (chizhou's streak scope) changes the rendering."""
    policy = policies.get("chizhou-2021")
    assert snapshot(policy) != snapshot(policy.with_parameters(streak_scope="per_matter"))
