"""The common policy suite finds what a policy gets wrong: each check on a flawed policy."""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

import attrs
import pytest

from supervision.domain.policy import (
    Citation,
    Parameters,
    PeriodRule,
    Policy,
    Requirement,
    StartEvent,
    Validity,
    parameter,
)
from supervision.domain.policy import Obligation as Ob
from supervision.domain.policy import build as pb
from supervision.exceptions import InvalidPolicy
from supervision.periods import Period
from supervision.service_layer import registration
from supervision.testing.policy_suite import (
    check_citations,
    check_ladders,
    check_lookups,
    check_parameters,
    check_periods,
    check_policy,
    check_quotes,
    check_rendering,
    check_requirement,
    check_validity,
    unapplied_requirements,
)

NAME = "suite-2026"
TEXT = """某县督查督办工作办法
三、一般事项5个工作日内办结。立项时明确事项类别。
六、逾期未办结的予以催办。经两次催办仍未办结的，依规追究责任。
九、本办法自印发之日起施行，有效期2年。"""
cite = pb.citer(NAME)


def sound(**changes: Any) -> Policy:
    """A small policy the suite passes; ``changes`` replace keyword arguments of pb.policy."""
    arguments: dict[str, Any] = {
        "title": "某县督查督办工作办法",
        "issuer": "某县人民政府办公室",
        "issued": dt.date(2026, 1, 5),
        "numbering_prefix": "某县督",
        "valid_years": 2,
        "validity_citation": cite("§9", "本办法自印发之日起施行，有效期2年"),
        "categories": [pb.category("general", "一般事项", Period.working_days(5),
                                   cite("§3", "一般事项5个工作日内办结"))],
        "registration": [pb.require_category(cite("§3", "立项时明确事项类别"))],
        "ladder": [
            pb.reminder(cite("§6", "逾期未办结的予以催办")),
            pb.accountability(cite("§6", "经两次催办仍未办结的，依规追究责任"), step=2,
                              decided_by="县政府"),
        ],
    }
    arguments.update(changes)
    return pb.policy(NAME, **arguments)


def test_a_sound_policy_has_no_problem() -> None:
    """The small policy passes every data check and its requirement is applied."""
    assert ([], []) == (check_policy(sound(), TEXT), unapplied_requirements(sound()))


def test_a_quote_missing_from_the_text_is_named_by_its_key() -> None:
    """A citation whose quote the regulation lacks is reported with its key."""
    text = TEXT.replace("逾期未办结的予以催办", "逾期的予以提醒")
    assert [("quotes", "suite-2026 §6")] == [(p.check, p.subject)
                                               for p in check_quotes(sound(), text)]


def test_a_text_of_another_regulation_is_reported() -> None:
    """A text that does not name the policy's document is reported (and an empty one)."""
    assert ["quotes"] == [p.check for p in check_quotes(sound(), TEXT.replace("某县", "某市"))
                          if p.subject == "某县督查督办工作办法"]
    assert 1 == len(check_quotes(sound(), "  "))


def test_an_uncited_period_of_validity_is_reported() -> None:
    """A policy valid for some years cites the clause that says so."""
    assert ["validity"] == [p.subject for p in check_citations(sound(validity_citation=None))]


def test_a_policy_without_a_ladder_is_reported() -> None:
    """A policy that never escalates is reported."""
    assert ["ladders"] == [p.check for p in check_ladders(sound(ladder=[]))]


def test_accountability_without_a_decider_is_reported() -> None:
    """Accountability is a proposal that names who decides."""
    undecided = sound(ladder=[
        pb.reminder(cite("§6", "逾期未办结的予以催办")),
        pb.accountability(cite("§6", "经两次催办仍未办结的，依规追究责任"), step=2),
    ])
    assert ["all kinds step 2 问责"] == [p.subject for p in check_ladders(undecided)]


def test_a_default_period_from_an_event_registration_cannot_count_is_reported() -> None:
    """A default period running from a report (not dispatch, receipt, meeting or issue) is
    reported: registration would count it from dispatch."""
    quote = cite("§3", "一般事项5个工作日内办结")
    rule = PeriodRule("after_report", "general", None, (), Period.days(5),
                      StartEvent.PREVIOUS_REPORT, Ob.COMPLETE, quote)
    assert ["after_report"] == [p.subject for p in check_periods(sound(periods=[rule]))]


@attrs.frozen
class SloppyParameters(Parameters):
    """Parameters with an unvalidated, undocumented entry and a free-form prefix."""

    POLICY: ClassVar[str] = NAME

    numbering_prefix: str = attrs.field(default="某县 督")
    reply_days: int = parameter(2, None, "", "")


def test_an_undocumented_unvalidated_parameter_is_reported() -> None:
    """Missing docs, accepted wrong values and a 代字 that is not one are all reported."""
    sloppy = attrs.evolve(sound(), parameters=SloppyParameters())
    found = {(p.subject, p.message[:7]) for p in check_parameters(sloppy)}
    assert {("reply_days", "参数须说明含义"), ("reply_days", "accepts")} <= found
    assert {"numbering_prefix"} == {p.subject for p in check_lookups(sloppy)}


def test_a_rebuild_that_ignores_parameters_is_reported() -> None:
    """A policy whose parameter change does not show in its snapshot is reported."""
    original = sound()
    stuck = attrs.evolve(original, rebuild=lambda _parameters: original)
    assert [("snapshot", "a parameter change does not show")] == [
        (p.subject, p.message) for p in check_rendering(stuck)
    ]


def test_a_policy_in_force_before_its_issue_is_reported() -> None:
    """Taking effect before the day of issue is inconsistent."""
    quote = cite("§9", "本办法自印发之日起施行，有效期2年")
    early = attrs.evolve(sound(), validity=Validity(dt.date(2025, 12, 1), 2, False, quote))
    assert ["in force before it was issued"] == [p.message for p in check_validity(early)]


def test_an_undeclared_requirement_is_reported() -> None:
    """Asking whether a requirement the policy does not declare is applied is a problem."""
    assert ["suite-2026 does not declare it"] == [
        p.message for p in check_requirement(sound(), Requirement.DEADLINE_REQUIRED)
    ]


def test_a_requirement_registration_does_not_enforce_is_reported(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """With registration no longer applying the policy's rules, the declared requirement
    fails (``_apply_rules``: what registering applies to a registration it has checked)."""
    monkeypatch.setattr(registration, "_apply_rules", lambda _policy, _reg: None)
    (problem,) = check_requirement(sound(), Requirement.CATEGORY_REQUIRED)
    assert ("requirements", "category_required (须选定事项类别)") == (problem.check,
                                                                   problem.subject)


def test_a_leader_instruction_requirement_is_enforced_at_registration() -> None:
    """A policy requiring a leader's instruction has uninstructed matters refused."""
    rule = pb.require_leader_instruction(cite("§3", "立项时明确事项类别"))
    demanding = sound(registration=[rule])
    assert [] == check_requirement(demanding, Requirement.LEADER_INSTRUCTION)


def test_a_citation_of_another_policy_is_refused_when_the_policy_is_built() -> None:
    """Cross-policy citations never reach the suite: the policy cannot be built with one."""
    with pytest.raises(InvalidPolicy):
        sound(ladder=[pb.reminder(Citation("other-2026", "§6", "逾期未办结的予以催办"))])
