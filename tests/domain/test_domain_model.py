"""Value objects of the domain model: numbers, sources, confidentiality, reports, policy."""

from __future__ import annotations

import datetime as dt

import pytest
from builders import CLERK, T0, registration
from hypothesis import given
from hypothesis import strategies as st
from strategies import prefixes

from supervision.domain import (
    Actor,
    BasicPolicy,
    Confidentiality,
    DeadlineTerms,
    HandlingMode,
    RegistrationNumber,
    ReportContent,
    Role,
    Source,
    SourceKind,
)
from supervision.domain import handling as h
from supervision.exceptions import InvalidInput, RuleViolation
from supervision.periods import Period

NUMBER = RegistrationNumber.of("池开督", 2026, 1)


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


@given(prefix=prefixes, year=st.integers(1900, 2999), seq=st.integers(1, 10**6))
def test_gbt_9704_number_round_trips(prefix: str, year: int, seq: int) -> None:
    """Any valid number survives rendering and parsing."""
    number = RegistrationNumber.of(prefix, year, seq)
    assert number == RegistrationNumber.parse(str(number))


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
        h.register("m-1", NUMBER, registration(confidentiality=secret), _terms(), CLERK, T0)
    assert "secret_content" == caught.value.rule


def test_daoli_23_secret_matter_by_reference_is_accepted() -> None:
    """With empty title and requirements, a secret matter is registered and shows its reference."""
    secret = Confidentiality.secret("密件2026-3", ["clerk-1"])
    reg = registration(title="", requirements="", confidentiality=secret)
    matter = h.register("m-1", NUMBER, reg, _terms(), CLERK, T0).matter
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
        h.register("m-1", NUMBER, reg, _terms(), CLERK, T0)


def test_co_units_default_the_mode_to_joint() -> None:
    """Giving co-units makes the matter 会办 with one lead and the co-units."""
    matter = h.register(
        "m-1", NUMBER, registration(co_unit_ids=("unit-b",)), _terms(), CLERK, T0
    ).matter
    assert HandlingMode.JOINT is matter.handling_mode
    assert ("unit-a", ("unit-b",)) == (matter.lead_unit_id, matter.co_unit_ids)


def test_the_lead_unit_cannot_also_be_a_co_unit() -> None:
    """A unit is either lead or co-unit, not both."""
    with pytest.raises(InvalidInput):
        h.register("m-1", NUMBER, registration(co_unit_ids=("unit-a",)), _terms(), CLERK, T0)


def test_daoli_7_1_registration_names_a_responsible_person() -> None:
    """A registration without a responsible person is refused."""
    with pytest.raises(RuleViolation) as caught:
        h.register("m-1", NUMBER, registration(responsible=()), _terms(), CLERK, T0)
    assert "daoli-2017 art.7(1)" == caught.value.citation


def test_registration_refuses_naive_time() -> None:
    """A naive registration time is refused."""
    with pytest.raises(InvalidInput):
        h.register("m-1", NUMBER, registration(), _terms(), CLERK, dt.datetime(2026, 3, 2, 9))


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


def test_basic_policy_looks_up_category_then_source_then_fallback() -> None:
    """default_period prefers the category, then the source, then the fallback."""
    policy = BasicPolicy.create(
        "p",
        numbering_prefix="某督",
        category_periods={"重要事项": Period.days(15)},
        source_periods={"meeting_decision": Period.working_days(5)},
        fallback_period=Period.days(7),
    )
    assert Period.days(15) == policy.default_period("重要事项", "meeting_decision")
    assert Period.working_days(5) == policy.default_period(None, "meeting_decision")
    assert Period.days(7) == policy.default_period(None, "petition")


def test_basic_policy_checks_its_signoff_rule() -> None:
    """report_signoff must be unit_head, leader_in_charge or none."""
    with pytest.raises(InvalidInput, match="report_signoff"):
        BasicPolicy.create("p", numbering_prefix="某督", report_signoff="mayor")


def test_basic_policy_satisfies_the_matter_policy_protocol() -> None:
    """BasicPolicy is a structural MatterPolicy."""
    from supervision.ports import MatterPolicy

    assert isinstance(BasicPolicy.create("p", numbering_prefix="某督"), MatterPolicy)


def test_registration_with_wrong_types_names_the_field() -> None:
    """A source given as a plain string is refused, naming the field."""
    with pytest.raises(InvalidInput, match="source"):
        h.register("m-1", NUMBER, registration(source="领导批示"), _terms(), CLERK, T0)
    with pytest.raises(InvalidInput, match="co_unit_ids"):
        h.register("m-1", NUMBER, registration(co_unit_ids="unit-b"), _terms(), CLERK, T0)
