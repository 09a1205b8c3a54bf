"""The SQL rows' text check on the serialized JSON at once (``checked_dumps``) refuses and
accepts exactly what walking the value (``check_text``) does, naming the same field."""

from __future__ import annotations

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
    try:
        check_text(value, "matter")
    except InvalidInput as expected:
        with pytest.raises(InvalidInput) as raised:
            checked_dumps(value, "matter")
        assert (expected.field, str(expected)) == (raised.value.field, str(raised.value))
    else:
        assert dumps(value) == checked_dumps(value, "matter")
