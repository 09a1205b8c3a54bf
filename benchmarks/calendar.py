"""Benchmark: the working-day calendar against chinese-calendar and numpy, in one run.

    .venv/bin/python benchmarks/calendar.py            # 100,000 random dates (takes minutes:
                                                      # chinese-calendar walks day by day)
    .venv/bin/python benchmarks/calendar.py --dates 10000 --reference-dates 2000   # quicker

For random start dates in 2020–2026 it times, per call,
  * ``Calendar.add_working_days(d, n)`` for n = 1, 5, 15, 30 against
    ``chinese_calendar.find_workday(n, d)`` and ``numpy.busday_offset`` (7-day weekmask with every
    non-working day listed as a holiday, so make-up weekend days work),
  * ``Calendar.working_days_between(a, b)`` against ``chinese_calendar.get_workdays`` and
    ``numpy.busday_count``,
checks that all three agree, prints throughput and ratios, and exits 1 if a target is missed.
Targets (issue 2): add_working_days ≥ 1,000× find_workday at n = 15 and ≥ 5× numpy.busday_offset
per call; working_days_between ≥ 1,000× get_workdays.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import time
from collections.abc import Callable, Sequence
from typing import Any

import chinese_calendar
import numpy as np

from supervision import calendar

FIRST = dt.date(2020, 1, 1)
LAST_START = dt.date(2026, 10, 31)  # the reference raises past 2026: keep n = 30 walks inside it
LAST_DAY = dt.date(2026, 12, 31)
MAX_SPAN = 120


def best_of(repeat: int, func: Callable[[], Any]) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        func()
        times.append(time.perf_counter() - t0)
    return min(times)


def per_call(seconds: float, calls: int) -> float:
    return seconds / calls


def fmt_rate(seconds_per_call: float) -> str:
    return f"{1 / seconds_per_call:>14,.0f}/s  {seconds_per_call * 1e6:>9.3f} µs"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dates", type=int, default=100_000, help="random start dates")
    parser.add_argument(
        "--reference-dates",
        type=int,
        default=None,
        help="time chinese-calendar on only the first K dates (default: all of them)",
    )
    parser.add_argument("--seed", type=int, default=20261121)
    args = parser.parse_args(argv)

    rng = random.Random(args.seed)
    span_days = (LAST_START - FIRST).days
    starts = [FIRST + dt.timedelta(rng.randrange(span_days + 1)) for _ in range(args.dates)]
    ends = [min(d + dt.timedelta(rng.randrange(1, MAX_SPAN + 1)), LAST_DAY) for d in starts]
    ref_n = args.reference_dates or args.dates
    ref_starts, ref_ends = starts[:ref_n], ends[:ref_n]

    cal = calendar.china()
    off = [
        np.datetime64(d)
        for d in (FIRST + dt.timedelta(k) for k in range((dt.date(2026, 12, 31) - FIRST).days + 1))
        if not cal.is_working_day(d)
    ]
    np_cal = np.busdaycalendar(weekmask="1111111", holidays=off)
    np_starts = [np.datetime64(d) for d in starts]
    np_ends = [np.datetime64(d) for d in ends]
    one = np.timedelta64(1, "D")

    print(f"supervision calendar benchmark — Python {sys.version.split()[0]}, "
          f"numpy {np.__version__}")
    print(f"{args.dates:,} random start dates {FIRST}…{LAST_START} (seed {args.seed}); "
          f"chinese-calendar timed on {ref_n:,} of them\n")

    # ---------------------------------------------------------------- agreement
    rolled = [cal.roll_forward(d) for d in starts]
    for n in (1, 5, 15, 30):
        ours = [cal.add_working_days(d, n) for d in rolled]
        ref = [chinese_calendar.find_workday(n, d) for d in ref_starts] if n in (1, 30) else None
        if ref is not None and ref != [cal.add_working_days(cal.roll_forward(d), n)
                                       for d in ref_starts]:
            print(f"DISAGREEMENT with find_workday at n = {n}")
            return 2
        numpy_res = [
            np.busday_offset(np.datetime64(d), n, busdaycal=np_cal).astype(dt.date)
            for d in rolled
        ]
        if numpy_res != ours:
            print(f"DISAGREEMENT with numpy.busday_offset at n = {n}")
            return 2
    counts = [cal.working_days_between(a, b) for a, b in zip(starts, ends, strict=True)]
    ref_counts = [
        len(chinese_calendar.get_workdays(a, b)) - chinese_calendar.is_workday(a)
        for a, b in zip(ref_starts[:2000], ref_ends[:2000], strict=True)
    ]
    np_counts = [
        int(np.busday_count(a + one, b + one, busdaycal=np_cal))
        for a, b in zip(np_starts, np_ends, strict=True)
    ]
    if counts[: len(ref_counts)] != ref_counts or counts != np_counts:
        print("DISAGREEMENT in working_days_between")
        return 2
    print("agreement: add_working_days = find_workday (on rolled starts) = busday_offset; "
          "working_days_between = get_workdays − start = busday_count\n")

    # ---------------------------------------------------------------- timing
    failures: list[str] = []
    rows: list[str] = []
    add = cal.add_working_days
    header = (f"{'operation':<34}{'supervision':>28}{'reference':>44}{'ratio':>12}  target")
    print(header)
    print("-" * len(header))
    for n in (1, 5, 15, 30):
        ours_t = per_call(best_of(5, lambda n=n: [add(d, n) for d in starts]), len(starts))
        cc_t = per_call(
            best_of(1, lambda n=n: [chinese_calendar.find_workday(n, d) for d in ref_starts]),
            len(ref_starts),
        )
        np_t = per_call(
            best_of(3, lambda n=n: [np.busday_offset(d, n, roll="forward", busdaycal=np_cal)
                                    for d in np_starts]),
            len(np_starts),
        )
        cc_ratio, np_ratio = cc_t / ours_t, np_t / ours_t
        cc_target = 1000 if n == 15 else None
        ok_cc = cc_target is None or cc_ratio >= cc_target
        ok_np = np_ratio >= 5
        if not ok_cc:
            failures.append(f"add_working_days n={n} vs find_workday {cc_ratio:.0f}×")
        if not ok_np:
            failures.append(f"add_working_days n={n} vs busday_offset {np_ratio:.1f}×")
        rows.append(f"add_working_days n={n:<2} vs find_workday{'':<4}{fmt_rate(ours_t)}"
                    f"{fmt_rate(cc_t):>44}{cc_ratio:>11,.0f}×  "
                    f"{'≥1000× ' + ('ok' if ok_cc else 'MISSED') if cc_target else '—'}")
        rows.append(f"add_working_days n={n:<2} vs busday_offset{'':<3}{fmt_rate(ours_t)}"
                    f"{fmt_rate(np_t):>44}{np_ratio:>11,.1f}×  ≥5× {'ok' if ok_np else 'MISSED'}")
        print(rows[-2])
        print(rows[-1])

    between = cal.working_days_between
    pairs = list(zip(starts, ends, strict=True))
    ref_pairs = list(zip(ref_starts, ref_ends, strict=True))
    np_pairs = list(zip(np_starts, np_ends, strict=True))
    ours_t = per_call(best_of(5, lambda: [between(a, b) for a, b in pairs]), len(pairs))
    cc_t = per_call(
        best_of(1, lambda: [chinese_calendar.get_workdays(a, b) for a, b in ref_pairs]),
        len(ref_pairs),
    )
    np_t = per_call(
        best_of(3, lambda: [np.busday_count(a + one, b + one, busdaycal=np_cal)
                            for a, b in np_pairs]),
        len(np_pairs),
    )
    cc_ratio, np_ratio = cc_t / ours_t, np_t / ours_t
    ok = cc_ratio >= 1000
    if not ok:
        failures.append(f"working_days_between vs get_workdays {cc_ratio:.0f}×")
    print(f"{'working_days_between vs get_workdays':<40}{fmt_rate(ours_t)}{fmt_rate(cc_t):>44}"
          f"{cc_ratio:>11,.0f}×  ≥1000× {'ok' if ok else 'MISSED'}")
    print(f"{'working_days_between vs busday_count':<40}{fmt_rate(ours_t)}{fmt_rate(np_t):>44}"
          f"{np_ratio:>11,.1f}×  —")

    # Context, not a target: numpy over a whole array at once.
    arr = np.array(np_starts)
    vec_t = per_call(best_of(5, lambda: np.busday_offset(arr, 15, roll="forward",
                                                         busdaycal=np_cal)), len(arr))
    print(f"\n(context) numpy.busday_offset vectorised over all dates, n=15: {fmt_rate(vec_t)}")
    print(f"spans for working_days_between: 1–{MAX_SPAN} days; "
          "chinese-calendar's time per call grows with the span walked")

    if failures:
        print("\nTARGETS MISSED: " + "; ".join(failures))
        return 1
    print("\nall targets met")
    return 0


if __name__ == "__main__":
    sys.exit(main())
