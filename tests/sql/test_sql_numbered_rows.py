"""A notice staged with a pending number is written, once its commit has taken the number,
by one join of its stored body's pieces: the same row as building the renumbered notice's
row from scratch (the straightforward path), whatever its text holds."""

from __future__ import annotations

import attrs
import pytest

from supervision.adapters.sqlalchemy._outbox import _RENUMBERED, notice_row, renumbered_row
from supervision.adapters.sqlalchemy._rows import dumps, dumps_joined, dumps_pieces
from supervision.domain.model import RegistrationNumber
from supervision.domain.notice_numbers import pending_number, renumbered
from supervision.serialization import to_dict
from supervision.testing.contract import sample_notice


@pytest.mark.parametrize(("prefix", "text", "redacted"), [
    ("池开督催", "正文\n\t“引号”\"quoted\" \\ 反斜杠 \u2028 尾", False),
    ("池开督催", "有一份《督查催办单》（{n}）需要你单位办理。", True),
    ('a"b\\督', "\\{n}\\ \"{n}\"", False),  # a prefix JSON escapes
    ("n督", "\n督〔2026〕999999999号 \n{n}", False),  # text ending like the pending number
])
def test_a_renumbered_row_is_the_row_of_the_renumbered_notice(
    prefix: str, text: str, redacted: bool,
) -> None:
    pending = pending_number(prefix, 2026)
    notice = attrs.evolve(
        sample_notice(), number=pending, redacted=redacted,
        subject=f"《督查催办单》（{pending}）" if redacted else "关于催办的督查催办单",
        text=text.replace("{n}", str(pending)) if "{n}" in text else f"{pending}\n{text}",
    )
    pieces = dumps_pieces(to_dict(notice), _RENUMBERED, str(pending))
    assert dumps(to_dict(notice)) == dumps_joined(pieces, str(pending))
    for seq in (1, 15, 999_999_999):
        number = RegistrationNumber.of(prefix, 2026, seq)
        assert notice_row(renumbered(notice, seq)) == renumbered_row(
            notice_row(notice), pieces, number)
