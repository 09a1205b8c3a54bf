"""Demo: real deadlines of the five regulations on the statutory working-day calendar.

Run it with ``python3 tasks.py demo`` (or ``.venv/bin/python examples/deadlines.py``).
Each line is a rule from ../shared/docs/rules.md with its clause, counted from a start around the
2026 National Day holiday, and explained the way a supervision office would write it.
"""

from __future__ import annotations

import datetime as dt

from supervision import CalendarDataUnavailable, Period, calendar
from supervision.calendar import SHANGHAI
from supervision.text import cn_date

CHINA = calendar.china()


def moment(y: int, m: int, d: int, hh: int = 9, mm: int = 0) -> dt.datetime:
    return dt.datetime(y, m, d, hh, mm, tzinfo=SHANGHAI)


# (clause, what the rule says, the period, the start event and when it happened)
CASES: list[tuple[str, str, Period, str, dt.datetime]] = [
    ("chizhou-2021 §7.2", "重要事项 15日 (important matter, 15 days)",
     Period.days(15), "交办 dispatch", moment(2026, 9, 28)),
    ("chizhou-2021 §7.4", "会议要求的请示报告 1个工作日 (request after a meeting)",
     Period.working_days(1), "会议 the meeting", moment(2026, 9, 30, 15)),
    ("chizhou-2021 §7.6", "突发事件报告 1小时 (emergency report, from receipt)",
     Period.hours(1), "收到 receipt (16:30 UTC)",
     dt.datetime(2026, 9, 30, 16, 30, tzinfo=dt.UTC)),
    ("tongren-2014 art.7", "紧急事项 3个工作日 (urgent leader-assigned matter)",
     Period.working_days(3), "交办 dispatch", moment(2026, 9, 29)),
    ("tongren-2014 art.7", "专题调研 30日 (research assignment)",
     Period.days(30), "交办 dispatch", moment(2026, 9, 7)),
    ("zhoucun-2021 §5.1", "重大决策部署 5个工作日 (major deployment)",
     Period.working_days(5), "交办 dispatch", moment(2026, 9, 28)),
    ("zhoucun-2021 §5.3", "批示件 次日提出办理方案 (handling plan the next day)",
     Period.next_day(), "交办 dispatch", moment(2026, 9, 30, 11)),
    ("daoli-2017 art.7(2)", "一般事项 3至5日，默认5日 (general matter)",
     Period.days(5), "交办 dispatch", moment(2026, 9, 26)),
    ("daoli-2017 art.7(3)", "催办当日报告 (report the same day as the reminder)",
     Period.same_day(), "催办 reminder", moment(2026, 10, 9, 9)),
    ("lianyungang-2019 §5.5", "反馈 7个工作日 (feedback)",
     Period.working_days(7), "交办 dispatch", moment(2026, 9, 25)),
    ("lianyungang-2019 §7.2", "文件类事项 1个月内报告进展 (after a document's issue)",
     Period.months(1), "文件印发 document issued", moment(2026, 1, 31)),
    ("lianyungang-2019 §7.2", "会议纪要类事项 10日内报告进展 (after the minutes' issue)",
     Period.days(10), "纪要印发 minutes issued", moment(2026, 9, 23)),
]


def main() -> None:
    print("督查督办期限演示 — deadlines on the statutory working-day calendar")
    print(f"calendar: {CHINA!r}\n")
    for clause, rule, period, event, start in CASES:
        deadline = period.deadline(start, CHINA)
        print(f"[{clause}] {rule}")
        print(f"  起算 start: {event}, {start.astimezone(SHANGHAI):%Y-%m-%d %H:%M %Z}")
        print(f"  期限 period: {period.label}  →  末日 last day {cn_date(deadline.last_day)}"
              f", 届满 due {deadline.due_at:%Y-%m-%d %H:%M %z}")
        for line in deadline.explain().splitlines():
            print(f"    {line}")
        print()

    print("[2026/2027] 2027年节假日安排尚未公布 — the 2027 schedule is not in the package yet:")
    start = dt.date(2026, 12, 28)
    try:
        Period.working_days(7).deadline(start, CHINA)
    except CalendarDataUnavailable as exc:
        print(f"  refused: {exc}".split(". Supply")[0] + ".")
    provisional = Period.working_days(7).deadline(start, calendar.china(provisional=True))
    print(f"  opted in to provisional counting: {cn_date(provisional.last_day)}"
          f" (provisional={provisional.provisional})")
    for line in provisional.explain().splitlines():
        print(f"    {line}")


if __name__ == "__main__":
    main()
