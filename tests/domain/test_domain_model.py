"""Value objects of the domain model: numbers, sources, confidentiality, reports, and the
policies an integrator builds."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from builders import CLERK, OFFICE, POLICY, T0, registration
from hypothesis import given
from hypothesis import strategies as st
from strategies import prefixes

from supervision import policies
from supervision.domain import (
    Actor,
    Confidentiality,
    DeadlineTerms,
    HandlingMode,
    PolicyRef,
    RegistrationNumber,
    ReportContent,
    Role,
    Source,
    SourceKind,
)
from supervision.domain import handling as h
from supervision.domain.model import Matter, Registration
from supervision.domain.policy import Citation, Obligation, PeriodRule, Policy, StartEvent
from supervision.domain.policy import build as pb
from supervision.exceptions import InvalidInput, InvalidPolicy, RuleViolation
from supervision.periods import Period

NUMBER = RegistrationNumber.of("池开督", 2026, 1)
REF = PolicyRef.of(POLICY)


def _register(reg: Registration, at: dt.datetime = T0) -> Matter:
    """The pure 立项 step for matter m-1 of the test office under the test policy."""
    return h.register("m-1", OFFICE, REF, NUMBER, reg, _terms(), CLERK, at).matter


def test_gbt_9704_number_renders_full_year_in_hexagonal_brackets() -> None:
    """A number reads 代字〔2026〕15号: full year in 〔〕, no leading zeros, no 第."""
    assert "池开督〔2026〕15号" == str(RegistrationNumber.of("池开督", 2026, 15))


def test_gbt_9704_number_parses_back() -> None:
    """Parsing the rendered text gives the same number."""
    assert RegistrationNumber("池开督", 2026, 15) == RegistrationNumber.parse("池开督〔2026〕15号")


@pytest.mark.parametrize(
    "text",
    ["池开督〔2026〕015号", "池开督〔26〕15号", "池开督〔2026〕第15号", "池开督[2026]15号",
     "池开督(2026)15号", "〔2026〕15号", "池开督〔2026〕15", "池开督〔2026〕0号"],
)
def test_gbt_9704_number_rejects_wrong_forms(text: str) -> None:
    """Leading zeros, short years, 第, square or round brackets, and missing parts are refused."""
    with pytest.raises(InvalidInput):
        RegistrationNumber.parse(text)


def test_gbt_9704_number_reads_full_width_digits_in_year_and_sequence_alike() -> None:
    """Full-width digits, as typed with a Chinese input method, read as ASCII in the year and
    in the sequence; a full-width leading zero is still a leading zero."""
    expected = RegistrationNumber("池开督", 2026, 15)
    for text in ("池开督〔２０２６〕１５号", "池开督〔2026〕１５号", "池开督〔２０２６〕15号"):
        assert expected == RegistrationNumber.parse(text)
    with pytest.raises(InvalidInput):
        RegistrationNumber.parse("池开督〔2026〕０１５号")


@pytest.mark.parametrize(
    "text", ["池开督〔٢٠٢٦〕15号", "池开督〔2026〕١٥号", "池开督〔２٠٢６〕15号"]
)
def test_gbt_9704_number_refuses_digits_of_other_scripts(text: str) -> None:
    """Digits of other scripts (Arabic-Indic ٢٠٢٦) are no Arabic numerals of GB/T 9704: refused
    naming the number, in the year as in the sequence."""
    with pytest.raises(InvalidInput) as raised:
        RegistrationNumber.parse(text)
    assert raised.value.field == "number"


@given(prefix=prefixes, year=st.integers(1900, 2999), seq=st.integers(1, 10**6))
def test_gbt_9704_number_round_trips(prefix: str, year: int, seq: int) -> None:
    """Any valid number survives rendering and parsing."""
    number = RegistrationNumber.of(prefix, year, seq)
    assert number == RegistrationNumber.parse(str(number))


@pytest.mark.parametrize("mark", ["〔", "〕", "[", "]", "(", ")", "（", "）", " ", "\t", "\u3000"])
def test_a_prefix_with_a_bracket_or_a_space_is_refused(mark: str) -> None:
    """A prefix holding any bracket of GB/T 9704's number, or white space, is refused, as
    is one ending in 第."""
    with pytest.raises(InvalidInput):
        RegistrationNumber.of(f"池开{mark}督", 2026, 1)
    with pytest.raises(InvalidInput):
        RegistrationNumber.of("池开督第", 2026, 1)


def test_numbers_order_by_prefix_year_and_sequence() -> None:
    """Numbers sort by sequence within a year, so 2号 comes before 10号."""
    two = RegistrationNumber.of("池开督", 2026, 2)
    ten = RegistrationNumber.of("池开督", 2026, 10)
    assert [two, ten] == sorted([ten, two])


def test_every_source_kind_has_a_chinese_label() -> None:
    """Each source of rules.md §1 is an enum member with a Chinese label."""
    assert "会议决定事项" == SourceKind.MEETING_DECISION.label
    assert "市长信箱、12345热线" == SourceKind.HOTLINE.label
    assert all(kind.label for kind in SourceKind)
    assert all(kind.value == kind.name.lower() for kind in SourceKind)


def test_meeting_source_carries_meeting_and_minutes_dates() -> None:
    """A meeting decision records the meeting date and the minutes' date."""
    source = Source.meeting(dt.date(2026, 3, 2), dt.date(2026, 3, 4), "第5次主任办公会议")
    assert (dt.date(2026, 3, 2), dt.date(2026, 3, 4)) == (source.meeting_date, source.minutes_date)


def test_minutes_cannot_predate_the_meeting() -> None:
    """Minutes issued before the meeting are refused."""
    with pytest.raises(InvalidInput, match="minutes_date"):
        Source.meeting(dt.date(2026, 3, 2), dt.date(2026, 3, 1))


def test_meeting_decisions_need_the_meeting_constructor() -> None:
    """Source.of refuses MEETING_DECISION, which needs the meeting date."""
    with pytest.raises(InvalidInput):
        Source.of(SourceKind.MEETING_DECISION)


def test_daoli_23_secret_matter_keeps_no_content() -> None:
    """A secret matter with a title or requirements is refused (recorded by reference only)."""
    secret = Confidentiality.secret("密件2026-3", ["clerk-1"])
    with pytest.raises(RuleViolation) as caught:
        _register(registration(confidentiality=secret))
    assert "secret_content" == caught.value.rule


def test_daoli_23_secret_matter_by_reference_is_accepted() -> None:
    """With empty title and requirements, a secret matter is registered and shows its reference."""
    secret = Confidentiality.secret("密件2026-3", ["clerk-1"])
    reg = registration(title="", requirements="", confidentiality=secret)
    matter = _register(reg)
    assert "涉密事项（密件2026-3）" == matter.display_title


def test_controlled_confidentiality_admits_designated_people_and_roles() -> None:
    """控制知情范围: designated people and allowed roles are in; others are out."""
    access = Confidentiality.controlled(["head-a"], [Role.DISCIPLINE_INSPECTION])
    assert access.permits(Actor.of("head-a", Role.UNIT_HEAD, unit_id="unit-a"))
    assert access.permits(Actor.of("x", Role.DISCIPLINE_INSPECTION))
    assert not access.permits(Actor.of("clerk-9", Role.OFFICE_CLERK))


def test_confidentiality_needs_someone_in_the_circle() -> None:
    """An access list with nobody in it is refused."""
    with pytest.raises(InvalidInput):
        Confidentiality.controlled([])


def _terms() -> DeadlineTerms:
    return DeadlineTerms.stated(Period.days(15))


def test_joint_handling_needs_co_units() -> None:
    """会办 without co-units is refused (tongren-2014 art.6(2))."""
    reg = registration(handling_mode=HandlingMode.JOINT)
    with pytest.raises(InvalidInput, match="co_unit_ids"):
        _register(reg)


def test_co_units_default_the_mode_to_joint() -> None:
    """Giving co-units makes the matter 会办 with one lead and the co-units."""
    matter = _register(registration(co_unit_ids=("unit-b",)))
    assert HandlingMode.JOINT is matter.handling_mode
    assert ("unit-a", ("unit-b",)) == (matter.lead_unit_id, matter.co_unit_ids)


def test_the_lead_unit_cannot_also_be_a_co_unit() -> None:
    """A unit is either lead or co-unit, not both."""
    with pytest.raises(InvalidInput):
        _register(registration(co_unit_ids=("unit-a",)))


def test_daoli_7_1_registration_names_a_responsible_person() -> None:
    """A registration without a responsible person is refused."""
    with pytest.raises(RuleViolation) as caught:
        _register(registration(responsible=()))
    assert "daoli-2017 art.7(1)" == caught.value.citation


def test_registration_refuses_naive_time() -> None:
    """A naive registration time is refused."""
    with pytest.raises(InvalidInput):
        _register(registration(), at=dt.datetime(2026, 3, 2, 9))


def test_stated_deadline_is_a_period_or_a_day_not_both() -> None:
    """DeadlineTerms.stated takes exactly one of a period and a due day."""
    with pytest.raises(InvalidInput):
        DeadlineTerms.stated(Period.days(5), due_day=dt.date(2026, 9, 30))
    with pytest.raises(InvalidInput):
        DeadlineTerms.stated()
    assert "2026年9月30日前" == DeadlineTerms.stated(due_day=dt.date(2026, 9, 30)).label


def test_daoli_8_4_final_report_has_all_five_parts() -> None:
    """A final report needs situation, measures, results, problems and suggestions."""
    with pytest.raises(InvalidInput, match="problems"):
        ReportContent.final("情况", "措施", "成效", "", "建议")
    assert ReportContent.final("情况", "措施", "成效", "无", "无").complete
    assert not ReportContent.progress("已开工").complete


def test_registration_records_the_office_and_the_policy_it_lives_under() -> None:
    """A new matter belongs to the office it was registered in and records the policy term
    (name, parameters, fingerprint) it lives under from then on."""
    matter = _register(registration())
    assert (OFFICE, REF) == (matter.office_id, matter.policy)


def test_registration_refuses_a_policy_that_is_not_a_recorded_reference() -> None:
    """The pure step takes a PolicyRef, never a Policy object to be consulted later."""
    bad: Any = POLICY
    with pytest.raises(InvalidInput, match="policy"):
        h.register("m-1", OFFICE, bad, NUMBER, registration(), _terms(), CLERK, T0)


_cite = pb.citer("mycounty-2026")


def _county(**parts: Any) -> Policy:
    """mycounty-2026, an integrator's policy: one category 一般事项 unless ``parts`` say
    otherwise."""
    given: dict[str, Any] = {
        "title": "某县督查督办工作办法", "issuer": "某县人民政府办公室",
        "issued": dt.date(2026, 1, 5), "numbering_prefix": "某县督",
        "categories": [pb.category("general", "一般事项", Period.days(5),
                                   _cite("§3.1", "一般事项5日内办结"))],
    }
    given.update(parts)
    return pb.policy("mycounty-2026", **given)


def test_built_policy_looks_up_category_then_source_then_general_rule() -> None:
    """default_period prefers the category's rule, then a rule for the source, then the
    policy's general rule."""
    policy = _county(
        categories=[pb.category("important", "重要事项", Period.days(15),
                                _cite("§3.2", "重要事项15日内办结"))],
        periods=[
            PeriodRule("meeting", "general", None, ("meeting_decision",),
                       Period.working_days(5), StartEvent.DISPATCH,
                       Obligation.COMPLETE_AND_REPORT,
                       _cite("§3.3", "会议决定事项5个工作日内办结")),
            PeriodRule("fallback", "general", None, (), Period.days(7), StartEvent.DISPATCH,
                       Obligation.COMPLETE_AND_REPORT, _cite("§3.4", "其他事项7日内办结")),
        ],
    )
    assert Period.days(15) == policy.default_period("important", "meeting_decision")
    assert Period.working_days(5) == policy.default_period(None, "meeting_decision")
    assert Period.days(7) == policy.default_period(None, "petition")


def test_built_policy_names_who_signs_a_report_off() -> None:
    """report_signoff reads unit_head, leader_in_charge or none off the policy's sign-off
    rule."""
    head = _county(signoff=pb.signoff_by_unit_head(_cite("§5", "经单位主要负责人核签")))
    leader = _county(signoff=pb.signoff_by_leader_in_charge(_cite("§5", "经分管领导阅签")))
    assert ["unit_head", "leader_in_charge", "none"] == [
        p.report_signoff for p in (head, leader, _county())
    ]


def test_built_policy_refuses_a_rule_citing_another_regulation() -> None:
    """Every rule of a policy cites that policy: a sign-off resting on another regulation's
    clause is refused when the policy is built."""
    foreign = Citation("chizhou-2021", "§6.3", "主要负责人签字")
    with pytest.raises(InvalidPolicy, match="another policy"):
        _county(signoff=pb.signoff_by_unit_head(foreign))


def test_built_policy_is_the_type_the_shipped_regulations_are() -> None:
    """An integrator's policy and the five shipped regulations are one Policy type, each
    referenced the same way (PolicyRef)."""
    shipped = policies.get("daoli-2017")
    assert (Policy, Policy) == (type(_county()), type(shipped))
    assert ("mycounty-2026", "daoli-2017") == (
        PolicyRef.of(_county()).name, PolicyRef.of(shipped).name
    )


def test_registration_with_wrong_types_names_the_field() -> None:
    """A source given as a plain string is refused, naming the field."""
    with pytest.raises(InvalidInput, match="source"):
        _register(registration(source="领导批示"))
    with pytest.raises(InvalidInput, match="co_unit_ids"):
        _register(registration(co_unit_ids="unit-b"))
