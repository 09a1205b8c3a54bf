"""Hypothesis strategies shared by the tests."""

from __future__ import annotations

from builders import ALL_ACTORS, OTHER_CLERK
from hypothesis import strategies as st

#: Issuing-organ codes (机关代字): CJK characters, no brackets or spaces, not ending in 第.
prefixes = st.text(
    alphabet=st.sampled_from("池开督连政办发周村道里铜仁高新区委"), min_size=1, max_size=6
).filter(lambda p: not p.endswith("第"))

#: Any of the test actors (office, leader, unit heads and liaisons, discipline, audit), and a
#: clerk of another office, who must find none of the test office's matters.
actors = st.sampled_from((*ALL_ACTORS, OTHER_CLERK))

#: Hours a clock moves on between two commands.
clock_steps = st.integers(0, 72)
