"""docs/statistics.md defines every statistic exactly as the code does."""

from __future__ import annotations

from pathlib import Path

import pytest

from supervision import policies
from supervision.domain.statistics import STATISTICS, Statistic

PAGE = Path(__file__).parent.parent.parent / "docs" / "statistics.md"


@pytest.mark.parametrize("item", STATISTICS, ids=[s.key for s in STATISTICS])
def test_the_page_gives_each_statistics_names_and_both_definitions(item: Statistic) -> None:
    """The heading (Chinese label, English name, key) and the Chinese and English
    definitions are on the page as the code states them."""
    text = PAGE.read_text(encoding="utf-8")
    wanted = [f"### {item.label} — {item.name} (`{item.key}`)",
              f"- 定义：{item.definition_zh}", f"- Definition: {item.definition_en}"]
    assert [] == [w for w in wanted if w not in text]


def test_every_clause_a_statistic_serves_is_a_clause_of_its_policy() -> None:
    """Each clause key names a shipped policy and reads as a Chinese clause of it."""
    keys = {c for s in STATISTICS for c in s.clauses if not c.startswith("rules.md")}
    unread = [k for k in sorted(keys)
              if policies.get(k.split(" ")[0]).cite_key(k) == k]
    assert [] == unread
