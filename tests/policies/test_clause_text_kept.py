"""A clause key's Chinese text is worked out once per key (``chinese_clause`` keeps it): the
very text the working-out gives, every time, and a key refused is refused every time."""

from __future__ import annotations

import pytest

from supervision.domain.policy import _chinese, chinese_clause
from supervision.exceptions import InvalidInput


def _keys() -> list[str]:
    keys: list[str] = []
    for n in (1, 7, 10, 12, 23, 105, 999):
        for m in ("", "(3)", "(12)"):
            for p in ("", ":2", ":10"):
                keys.append(f"art.{n}{m}{p}")
        for m in ("", ".2", ".11"):
            for p in ("", ":2"):
                keys.append(f"§{n}{m}{p}")
    return keys


def test_a_kept_clause_text_is_the_text_worked_out_for_the_key() -> None:
    """Every form of key (第N条, 第（N）项, 第N款/目, 第N部分, 第N段), twice in a row and
    after other keys: the text kept is the one worked out, for a key given as a copy too."""
    _chinese._cached_clause_text.cache_clear()
    for _round in range(2):
        for key in _keys():
            assert chinese_clause(key) == _chinese._clause_text(key)
            assert chinese_clause("".join(list(key))) == _chinese._clause_text(key)
    assert _chinese._cached_clause_text.cache_info().hits > 0


@pytest.mark.parametrize("key", ["art.0", "art.1000", "§7.", "7", "", "art.7(3)x", None, 7,
                                 ["art.7"]])
def test_a_refused_clause_key_is_refused_every_time(key: object) -> None:
    for _round in range(2):
        with pytest.raises(InvalidInput) as raised:
            chinese_clause(key)  # type: ignore[arg-type]
        assert raised.value.field in ("clause", "number")
