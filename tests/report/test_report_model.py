"""The report's input model checks what it is given: types, arithmetic, order, time zone."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from report_sample import AS_OF, UNITS, visible_model

from supervision.calendar import SHANGHAI
from supervision.exceptions import InvalidInput, SupervisionError
from supervision.report import (
    EscalationRow,
    Light,
    MatterRow,
    MonthTrend,
    ScoreItem,
    ScoreRow,
    StateCount,
    UnitStatistics,
)


def _unit(**overrides: Any) -> UnitStatistics:
    values: dict[str, Any] = {
        "unit": "经济发展局", "assigned": 5, "completed_on_time": 2, "completed_late": 1,
        "open_overdue": 1, "open_not_yet_due": 1, "rate_denominator": 4,
    }
    values.update(overrides)
    return UnitStatistics.of(**values)


def test_light_labels_are_the_chinese_terms() -> None:
    """Each light carries its Chinese label, shown beside the dot."""
    assert ["绿灯", "黄灯", "红灯", "无灯"] == [light.label for light in Light]


def test_matter_row_refuses_a_light_given_as_a_string() -> None:
    """A ledger row's light must be a Light, not the word "red"."""
    with pytest.raises(InvalidInput) as caught:
        MatterRow.of(number="1", title="t", source_label="s", category_label="c",
                     lead_unit="u", status_label="办理中", light="red")  # type: ignore[arg-type]
    assert "matter.light" == caught.value.field


def test_matter_row_refuses_an_empty_title() -> None:
    """A ledger row needs a title to show."""
    with pytest.raises(InvalidInput) as caught:
        MatterRow.of(number="1", title="  ", source_label="s", category_label="c",
                     lead_unit="u", status_label="办理中", light=Light.GREEN)
    assert "matter.title" == caught.value.field


def test_unit_statistics_refuse_more_matters_in_buckets_than_assigned() -> None:
    """On time + late + overdue + not yet due cannot exceed the matters assigned."""
    with pytest.raises(InvalidInput) as caught:
        _unit(assigned=4)
    assert "unit.assigned" == caught.value.field


def test_unit_statistics_refuse_more_on_time_than_the_rate_denominator() -> None:
    """The on-time rate's numerator never exceeds its denominator."""
    with pytest.raises(InvalidInput) as caught:
        _unit(rate_denominator=1)
    assert "unit.rate_denominator" == caught.value.field


def test_counts_refuse_booleans() -> None:
    """True is not a count of matters."""
    with pytest.raises(InvalidInput) as caught:
        _unit(reminders=True)
    assert "unit.reminders" == caught.value.field


def test_counts_refuse_negative_numbers() -> None:
    """A count below zero is refused."""
    with pytest.raises(InvalidInput) as caught:
        StateCount.of("办理中", -1)
    assert "state.count" == caught.value.field


def test_on_time_rate_is_on_time_over_its_denominator_to_one_decimal() -> None:
    """1 on time of 3 decided is 33.3 per cent (half up)."""
    assert Decimal("33.3") == _unit(completed_on_time=1, rate_denominator=3).on_time_rate


def test_on_time_rate_is_none_when_nothing_was_decided() -> None:
    """With a denominator of 0 there is no rate (not 0 %, not 100 %)."""
    unit = _unit(completed_on_time=0, completed_late=0, open_overdue=0, rate_denominator=0)
    assert unit.on_time_rate is None


def test_points_given_as_a_float_are_kept_as_written() -> None:
    """0.1 points stay Decimal("0.1"), not the binary float's expansion."""
    assert Decimal("0.1") == _unit(points=0.1).points


def test_handling_time_refuses_a_negative_number_of_days() -> None:
    """An average handling time below zero working days is refused."""
    with pytest.raises(InvalidInput) as caught:
        _unit(average_working_days=-1)
    assert "unit.average_working_days" == caught.value.field


def test_score_row_refuses_points_not_traced_to_its_items() -> None:
    """A row's points must be the sum of its items: every point traced to a clause."""
    item = ScoreItem.of(-1, "逾期未办结", "《某制度》第八条", ["督〔2026〕1号"])
    with pytest.raises(InvalidInput) as caught:
        ScoreRow.of(rank=1, unit="建设局", points=-2, items=[item])
    assert "score.points" == caught.value.field


def test_score_row_points_equal_to_the_items_sum_are_accepted() -> None:
    """-1 and +0.5 trace a net of -0.5 points."""
    items = [ScoreItem.of(-1, "逾期", "《某制度》第八条"), ScoreItem.of(Decimal("0.5"), "提前",
                                                                   "《某制度》第九条")]
    assert Decimal("-0.5") == ScoreRow.of(rank=1, unit="建设局", points=-0.5, items=items).points


def test_score_row_refuses_rank_zero() -> None:
    """Ranks start at 1."""
    with pytest.raises(InvalidInput) as caught:
        ScoreRow.of(rank=0, unit="建设局", points=0)
    assert "score.rank" == caught.value.field


def test_escalation_refuses_a_datetime_for_its_day() -> None:
    """An escalation's day is a date, not an instant."""
    with pytest.raises(InvalidInput) as caught:
        EscalationRow.of(day=AS_OF, matter_number="1", unit="u", measure_label="催办",
                         clause="《某制度》第七条")
    assert "escalation.day" == caught.value.field


def test_month_label_is_written_in_chinese() -> None:
    """Month 3 of 2026 reads 2026年3月."""
    assert "2026年3月" == MonthTrend.of(2026, 3, registered=1, completed=0, overdue=0).label


def test_month_refuses_month_thirteen() -> None:
    """There are twelve months."""
    with pytest.raises(InvalidInput) as caught:
        MonthTrend.of(2026, 13, registered=1, completed=0, overdue=0)
    assert "trend.month" == caught.value.field


def test_report_refuses_a_naive_as_of() -> None:
    """The as-of instant must carry a time zone."""
    with pytest.raises(InvalidInput) as caught:
        visible_model(as_of=dt.datetime(2026, 6, 30, 17, 30))
    assert "as_of" == caught.value.field


def test_report_keeps_as_of_in_shanghai() -> None:
    """An instant given in UTC is kept as the same instant in Asia/Shanghai."""
    utc = dt.datetime(2026, 6, 30, 9, 30, tzinfo=dt.UTC)
    model = visible_model(as_of=utc)
    assert (dt.datetime(2026, 6, 30, 17, 30, tzinfo=SHANGHAI), SHANGHAI) == (
        model.as_of, model.as_of.tzinfo
    )


def test_report_refuses_the_same_matter_number_twice() -> None:
    """A ledger lists each matter once."""
    row = visible_model().matters[0]
    with pytest.raises(InvalidInput) as caught:
        visible_model(matters=[row, row])
    assert "matters" == caught.value.field


def test_report_refuses_the_same_unit_twice() -> None:
    """The unit table lists each unit once."""
    with pytest.raises(InvalidInput) as caught:
        visible_model(units=[UNITS[0], UNITS[0]])
    assert "units" == caught.value.field


def test_report_refuses_months_out_of_order() -> None:
    """The trend's months ascend."""
    may = MonthTrend.of(2026, 5, registered=1, completed=0, overdue=0)
    april = MonthTrend.of(2026, 4, registered=1, completed=0, overdue=0)
    with pytest.raises(InvalidInput) as caught:
        visible_model(trend=[may, april])
    assert "trend" == caught.value.field


def test_report_refuses_a_plain_dict_as_a_ledger_row() -> None:
    """Rows are built with MatterRow.of, and the error is the library's own."""
    with pytest.raises(SupervisionError) as caught:
        visible_model(matters=[{"number": "1"}])
    assert isinstance(caught.value, InvalidInput)


def test_light_counts_cover_every_light() -> None:
    """The sample ledger has 2 red, 1 yellow, 1 green and 1 unlit row."""
    expected = {Light.RED: 2, Light.YELLOW: 1, Light.GREEN: 1, Light.NONE: 1}
    assert expected == visible_model().light_counts()


def test_report_module_lists_its_public_names() -> None:
    """Every name in supervision.report.__all__ exists, once."""
    import supervision.report as report

    assert (len(report.__all__), True) == (
        len(set(report.__all__)), all(hasattr(report, n) for n in report.__all__)
    )
