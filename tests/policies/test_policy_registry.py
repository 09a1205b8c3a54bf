"""The registry, the Citation value object, and the checks a policy passes when it is defined."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest
from policy_support import BUILTIN

from supervision import policies
from supervision.domain.policy import (
    Citation,
    EscalationAction,
    Ladder,
    MatterKind,
    Parameters,
    PeriodRange,
    PeriodRule,
    Policy,
    Rung,
    StartEvent,
    Trigger,
    TriggerEvent,
    Validity,
)
from supervision.domain.policy import (
    Obligation as Ob,
)
from supervision.domain.policy import build as pb
from supervision.exceptions import (
    DuplicatePolicy,
    InvalidInput,
    InvalidParameter,
    InvalidPolicy,
    UnknownPolicy,
)
from supervision.periods import Period, PeriodUnit
from supervision.policies import Registry


def minimal(name: str = "acme-2026", **changes: object) -> Policy:
    """A small integrator policy: one kind, one default period, one ladder."""
    cite = Citation(name, "art.3", "3个工作日内办结")
    fields: dict[str, object] = {
        "name": name,
        "title": "某区督查督办办法",
        "document_number": "某政办发〔2026〕1号",
        "issuer": "某区人民政府办公室",
        "issued": dt.date(2026, 1, 5),
        "validity": Validity(dt.date(2026, 1, 5)),
        "parameters": Parameters(numbering_prefix="某督"),
        "kinds": (MatterKind("matter", "督查事项", (), cite),),
        "fallback_kind": "matter",
        "periods": (PeriodRule("three", "matter", None, (), Period.working_days(3),
                               StartEvent.DISPATCH, Ob.COMPLETE, cite),),
        "ladders": (Ladder(None, (
            Rung(1, EscalationAction.REMINDER, (Trigger(TriggerEvent.OVERDUE),), cite),
            Rung(2, EscalationAction.ACCOUNTABILITY, (Trigger(TriggerEvent.REMINDED, 2),), cite,
                 requires_decision=True, decided_by="区政府"),
        )),),
    }
    fields.update(changes)
    return Policy(**fields)  # type: ignore[arg-type]


# ------------------------------------------------------------------ registry
def test_registry_names_are_the_five_regulations_sorted() -> None:
    """names() lists the shipped policies in sorted order."""
    assert BUILTIN == Registry.with_builtins().names()
    assert set(BUILTIN) <= set(policies.names())
    assert sorted(policies.names()) == list(policies.names())


def test_unknown_policy_error_lists_the_names() -> None:
    """Asking for an unknown policy names every registered one."""
    with pytest.raises(UnknownPolicy) as caught:
        Registry.with_builtins().get("beijing-2030")
    assert "beijing-2030" == caught.value.name
    assert BUILTIN == caught.value.known
    assert "chizhou-2021" in str(caught.value)
    assert isinstance(caught.value, LookupError)


def test_aliases_and_case_find_the_same_policy() -> None:
    """Aliases (Chinese place names too) and upper case resolve to the policy."""
    registry = Registry.with_builtins()
    assert "daoli-2017" == registry.get("道里").name
    assert "daoli-2017" == registry.get("Daoli").name
    assert "chizhou-2021" == registry.get("CHIZHOU-2021").name
    assert "连云港" in registry


def test_register_an_integrator_policy() -> None:
    """An integrator's policy is registered and found by name."""
    registry = Registry.with_builtins()
    registry.register(minimal())
    assert "acme-2026" in registry.names()
    assert Period.working_days(3) == registry.get("acme-2026").default_period(None, "other")


def test_register_duplicate_name_or_alias_is_rejected() -> None:
    """A name or alias already taken is refused and the registry is unchanged."""
    registry = Registry.with_builtins()
    with pytest.raises(DuplicatePolicy) as caught:
        registry.register(minimal("chizhou-2021"))
    assert "chizhou-2021" == caught.value.holder
    with pytest.raises(DuplicatePolicy):
        registry.register(minimal(aliases=("池州",)))
    assert BUILTIN == registry.names()


def test_register_refuses_what_is_not_a_policy() -> None:
    """Only Policy objects can be registered."""
    with pytest.raises(InvalidInput):
        Registry().register("chizhou-2021")  # type: ignore[arg-type]


def test_unregister_integrator_policy_but_never_a_shipped_one() -> None:
    """Integrator policies can be removed; the five regulations stay."""
    registry = Registry.with_builtins()
    registry.register(minimal())
    registry.unregister("acme-2026")
    assert BUILTIN == registry.names()
    with pytest.raises(InvalidInput):
        registry.unregister("chizhou-2021")


def test_integrator_policy_parameters_without_rebuild() -> None:
    """with_parameters on a policy without a rebuild function replaces the parameters only."""
    assert "新督" == minimal().with_parameters(numbering_prefix="新督").numbering_prefix


# ------------------------------------------------------------------ definition checks
def test_ladder_steps_must_increase() -> None:
    """A ladder whose steps go backwards is refused when defined."""
    cite = Citation("acme-2026", "art.3", "quote")
    rungs = (Rung(2, EscalationAction.REMINDER, (Trigger(TriggerEvent.OVERDUE),), cite),
             Rung(1, EscalationAction.BULLETIN, (Trigger(TriggerEvent.OVERDUE),), cite))
    with pytest.raises(InvalidPolicy, match="strictly increasing"):
        minimal(ladders=(Ladder(None, rungs),))


def test_accountability_can_never_be_automatic() -> None:
    """An accountability rung without requires_decision is refused."""
    cite = Citation("acme-2026", "art.3", "quote")
    rung = Rung(1, EscalationAction.ACCOUNTABILITY, (Trigger(TriggerEvent.OVERDUE),), cite)
    with pytest.raises(InvalidPolicy, match="proposal"):
        minimal(ladders=(Ladder(None, (rung,)),))


def test_trigger_counts_may_not_fall_along_the_ladder() -> None:
    """Reminded twice cannot come before reminded once."""
    cite = Citation("acme-2026", "art.3", "quote")
    rungs = (Rung(1, EscalationAction.BULLETIN, (Trigger(TriggerEvent.REMINDED, 2),), cite),
             Rung(2, EscalationAction.BULLETIN, (Trigger(TriggerEvent.REMINDED, 1),), cite))
    with pytest.raises(InvalidPolicy, match="higher count"):
        minimal(ladders=(Ladder(None, rungs),))


def test_pre_deadline_warning_must_come_first() -> None:
    """A warning placed after a reminder is refused."""
    cite = Citation("acme-2026", "art.3", "quote")
    rungs = (Rung(1, EscalationAction.REMINDER, (Trigger(TriggerEvent.OVERDUE),), cite),
             Rung(2, EscalationAction.PRE_DEADLINE_WARNING,
                  (Trigger(TriggerEvent.APPROACHING_DEADLINE, offset=Period.working_days(1)),),
                  cite))
    with pytest.raises(InvalidPolicy, match="warnings come before"):
        minimal(ladders=(Ladder(None, rungs),))


def test_forward_offset_names_its_start() -> None:
    """A trigger offset counted forward must say from which event."""
    cite = Citation("acme-2026", "art.3", "quote")
    rung = Rung(1, EscalationAction.REMINDER,
                (Trigger(TriggerEvent.OVERDUE, offset=Period.next_day()),), cite)
    with pytest.raises(InvalidPolicy, match="offset_from"):
        minimal(ladders=(Ladder(None, (rung,)),))


def test_two_period_rules_for_the_same_matters_are_refused() -> None:
    """Period rules may not overlap: which one applies would be ambiguous."""
    cite = Citation("acme-2026", "art.3", "quote")
    rules = tuple(PeriodRule(key, "matter", None, (), Period.days(n), StartEvent.DISPATCH,
                             Ob.COMPLETE, cite) for key, n in (("a", 3), ("b", 5)))
    with pytest.raises(InvalidPolicy, match="same kind"):
        minimal(periods=rules)


def test_citations_must_name_the_policy_itself() -> None:
    """A rule citing another policy is refused."""
    other = Citation("chizhou-2021", "§7.2", "重要事项15 日内办结")
    with pytest.raises(InvalidPolicy, match="another policy"):
        minimal(kinds=(MatterKind("matter", "督查事项", (), other),))


def test_range_must_end_at_the_default_period() -> None:
    """A range whose upper end is not the default period is refused."""
    cite = Citation("acme-2026", "art.3", "quote")
    rule = PeriodRule("r", "matter", None, (), Period.days(4), StartEvent.DISPATCH, Ob.COMPLETE,
                      cite, range=PeriodRange(PeriodUnit.DAYS, 3, 5))
    with pytest.raises(InvalidPolicy, match="upper end"):
        minimal(periods=(rule,))


def test_unknown_source_in_a_kind_is_refused() -> None:
    """Kinds list only the library's source names."""
    cite = Citation("acme-2026", "art.3", "quote")
    with pytest.raises(InvalidPolicy, match="unknown source"):
        minimal(kinds=(MatterKind("matter", "督查事项", ("tweets",), cite),))


def test_default_period_refuses_an_unknown_source() -> None:
    """A source name the library does not know is a clear error."""
    with pytest.raises(InvalidInput, match="leader_instruction"):
        policies.get("chizhou-2021").default_period("general", "tweets")


# ------------------------------------------------------------------ Citation
def test_citation_key_and_of() -> None:
    """Citation.of splits the key; key joins it back."""
    citation = Citation.of("daoli-2017 art.8(4):2", "每月报告一次进展情况")
    assert ("daoli-2017", "art.8(4):2") == (citation.policy, citation.clause)
    assert "daoli-2017 art.8(4):2" == citation.key


@pytest.mark.parametrize("clause", ["7.2", "§七.2", "art7(3)", "art.7(3", ""])
def test_citation_refuses_a_malformed_clause_key(clause: str) -> None:
    """Clause keys follow shared/seeds/README.md (§7.2, art.7(3), art.8(4):2)."""
    with pytest.raises(InvalidInput, match="clause"):
        Citation("daoli-2017", clause, "quote")


def test_citation_quote_must_be_short() -> None:
    """A quote is a short excerpt, not a copy of the clause."""
    with pytest.raises(InvalidInput, match="quote"):
        Citation("daoli-2017", "art.7", "长" * 61)


def test_citation_is_frozen() -> None:
    """Citations are immutable values."""
    citation = Citation("daoli-2017", "art.7", "quote")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        citation.quote = "other"  # type: ignore[misc]


def test_a_built_policys_parameter_error_names_the_policy() -> None:
    """A policy made with domain.policy.build (base Parameters, no POLICY of its own) reports
    a wrong parameter value under its own name."""
    cite = pb.citer("acme-2026")
    built = pb.policy(
        "acme-2026", title="某区督查督办办法", issuer="某区人民政府办公室",
        issued=dt.date(2026, 1, 5), numbering_prefix="某督",
        categories=[pb.category("general", "一般事项", Period.days(5), cite("art.3", "5日内办结"))],
    )
    with pytest.raises(InvalidParameter) as caught:
        built.with_parameters(numbering_prefix="某 督")
    assert ("acme-2026", "numbering_prefix") == (caught.value.policy, caught.value.field)
