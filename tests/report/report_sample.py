"""A sample report model for the report tests: four units, a ledger with every light, a
hostile title, a scorecard with traced points and the escalations of the period.

``ALL_MATTERS`` also holds a confidential matter (``HIDDEN_TITLE``) that the reading actor may
not see; :func:`visible_model` filters it out the way a caller must, before rendering.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from supervision.calendar import SHANGHAI
from supervision.report import (
    EscalationRow,
    Light,
    MatterRow,
    MonthTrend,
    ReportModel,
    ScoreItem,
    ScoreRow,
    StateCount,
    UnitStatistics,
)

AS_OF = dt.datetime(2026, 6, 30, 17, 30, tzinfo=SHANGHAI)
#: A title that runs script if it is ever written into the page unescaped.
HOSTILE_TITLE = (
    "关于\"<script>document.title='PWNED'</script>\"& <img src=x onerror=\"document.title="
    "'PWNED2'\"> 'quoted' 事项"
)
#: The title of a confidential matter the reader is not designated for.
HIDDEN_TITLE = "绝密项目甲乙丙选址论证"
HIDDEN_NUMBER = "池开督〔2026〕99号"
READER = "经济发展局联络员"


def _matter(number: int, title: str, light: Light, **overrides: Any) -> MatterRow:
    values: dict[str, Any] = {
        "number": f"池开督〔2026〕{number}号",
        "title": title,
        "source_label": "领导批示",
        "category_label": "一般事项",
        "lead_unit": "经济发展局",
        "co_units": ("建设局",),
        "due_day": dt.date(2026, 7, number % 28 + 1),
        "status_label": "办理中",
        "light": light,
        "light_reason": {
            Light.RED: "已逾期2个工作日",
            Light.YELLOW: "距截止3个工作日内",
            Light.GREEN: "正常推进",
            Light.NONE: "已办结",
        }[light],
    }
    values.update(overrides)
    return MatterRow.of(**values)


#: Every matter the office holds, with a flag: may the reader see it?
ALL_MATTERS: tuple[tuple[MatterRow, bool], ...] = (
    (_matter(1, "推进园区道路改造", Light.RED, status_label="逾期未办结"), True),
    (_matter(2, HOSTILE_TITLE, Light.YELLOW), True),
    (_matter(3, "优化企业开办流程", Light.GREEN, lead_unit="马衙街道", co_units=()), True),
    (_matter(4, "老旧小区加装电梯", Light.NONE, status_label="已办结", due_day=None), True),
    (_matter(5, "污水管网排查整治", Light.RED, lead_unit="建设局"), True),
    (
        MatterRow.of(
            number=HIDDEN_NUMBER,
            title=HIDDEN_TITLE,
            source_label="上级交办",
            category_label="重要事项",
            lead_unit="经济发展局",
            status_label="办理中",
            light=Light.RED,
            light_reason="已逾期1个工作日",
        ),
        False,
    ),
)

UNITS = (
    UnitStatistics.of(
        unit="经济发展局", assigned=4, completed_on_time=1, completed_late=1, open_overdue=1,
        open_not_yet_due=1, rate_denominator=3, average_working_days=Decimal("6.5"),
        median_working_days=Decimal("6.5"), reminders=3, returns=1, bulletins=1,
        points=Decimal("-2"),
    ),
    UnitStatistics.of(
        unit="马衙街道", assigned=2, completed_on_time=2, completed_late=0, open_overdue=0,
        open_not_yet_due=0, rate_denominator=2, average_working_days=4,
        median_working_days=4, points=Decimal("0.5"),
    ),
    UnitStatistics.of(
        unit="建设局", assigned=3, completed_on_time=0, completed_late=0, open_overdue=1,
        open_not_yet_due=2, rate_denominator=1, reminders=2, bulletins=1, points=-1,
    ),
    UnitStatistics.of(
        unit="自然资源和规划分局", assigned=1, completed_on_time=0, completed_late=0,
        open_overdue=0, open_not_yet_due=1, rate_denominator=0,
    ),
)

#: The regulation the clauses cite.
TEXT = "《池州经济技术开发区督查督办工作制度》"


def _number(n: int) -> str:
    return f"池开督〔2026〕{n}号"


SCORECARD = (
    ScoreRow.of(
        rank=1, unit="马衙街道", points=Decimal("0.5"), composite=Decimal("100.50"), grade="好",
        items=[ScoreItem.of(Decimal("0.5"), "提前办结", f"{TEXT}第九条", [_number(3)])],
    ),
    ScoreRow.of(
        rank=2, unit="建设局", points=-1, grade="较好",
        items=[ScoreItem.of(-1, "逾期未办结", f"{TEXT}第八条第二款", [_number(5)])],
    ),
    ScoreRow.of(
        rank=3, unit="经济发展局", points=-2, composite=Decimal("98.00"), grade="一般",
        items=[
            ScoreItem.of(-1, "逾期未办结", f"{TEXT}第八条第二款", [_number(1)]),
            ScoreItem.of(-1, "被通报", f"{TEXT}第八条第三款", [_number(1), _number(2)]),
        ],
    ),
)

ESCALATIONS = (
    EscalationRow.of(
        day=dt.date(2026, 6, 10), matter_number=_number(1), unit="经济发展局",
        measure_label="催办", clause=f"{TEXT}第七条", delivery_label="已签收",
    ),
    EscalationRow.of(
        day=dt.date(2026, 6, 17), matter_number=_number(1), unit="经济发展局",
        measure_label="督查告诫", clause=f"{TEXT}第八条", delivery_label="已送达未签收",
    ),
    EscalationRow.of(
        day=dt.date(2026, 6, 24), matter_number=_number(5), unit="建设局",
        measure_label="通报", clause=f"{TEXT}第八条第三款",
    ),
)


def visible_model(**overrides: Any) -> ReportModel:
    """The model as a caller builds it for ``READER``: hidden matters filtered out first."""
    values: dict[str, Any] = {
        "office_name": "池州经济技术开发区管委会督查办公室",
        "policy_title": "池州经济技术开发区督查督办工作制度",
        "policy_name": "chizhou-2021",
        "as_of": AS_OF,
        "period_label": "2026年上半年",
        "reader_label": READER,
        "matters": [row for row, visible in ALL_MATTERS if visible],
        "units": UNITS,
        "states": [StateCount.of("办理中", 3), StateCount.of("逾期未办结", 1),
                   StateCount.of("已办结", 1), StateCount.of("已撤销", 0)],
        "trend": [
            MonthTrend.of(2026, 4, registered=3, completed=0, overdue=0),
            MonthTrend.of(2026, 5, registered=1, completed=1, overdue=1),
            MonthTrend.of(2026, 6, registered=1, completed=0, overdue=2),
        ],
        "scorecard": SCORECARD,
        "escalations": ESCALATIONS,
        "overall_average_working_days": Decimal("5.2"),
        "overall_median_working_days": 5,
    }
    values.update(overrides)
    return ReportModel.of(**values)
