"""The SQL rows' text check on the serialized JSON at once (``checked_dumps``) refuses and
accepts exactly what walking the value (``check_text``) does, naming the same field."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from supervision.adapters.sqlalchemy._rows import check_text, checked_dumps, dumps
from supervision.exceptions import InvalidInput

VALUES: list[Any] = [
    {"title": "推进园区道路改造", "n": 3, "tags": ["a", "b"]},
    {"title": "a\\u0000b"},  # an escaped backslash, not a NUL: accepted
    {"title": "x\x00y"},
    {"k\x00": "v"},
    {"list": ["ok", "\ud800"]},
    {"deep": {"deeper": ["中文", {"t": "\udfff"}]}},
]


@pytest.mark.parametrize("value", VALUES)
def test_checking_the_json_text_refuses_what_walking_the_value_refuses(value: Any) -> None:
    """Same outcome as check_text then dumps: the same JSON text, or the same InvalidInput."""
    assert _outcome(lambda: (check_text(value, "matter"), dumps(value))[1]) == _outcome(
        lambda: checked_dumps(value, "matter"))


def _outcome(run: Callable[[], str]) -> tuple[str, str]:
    """("text", the JSON) or ("refused", the field and message)."""
    try:
        return ("text", run())
    except InvalidInput as error:
        return ("refused", f"{error.field}: {error}")
