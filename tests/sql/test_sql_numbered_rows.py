"""A notice staged with a pending number is written, once its commit has taken the number,
by one join of its stored body's pieces: the same row as building the renumbered notice's
row from scratch (the straightforward path), whatever its text holds."""

from __future__ import annotations

import attrs
import pytest
import sqlalchemy as sa

from supervision.adapters.sqlalchemy import SqlAlchemyUnitOfWork
from supervision.adapters.sqlalchemy._outbox import _RENUMBERED, notice_row, renumbered_row
from supervision.adapters.sqlalchemy._rows import (
    check_text,
    dumps,
    dumps_joined,
    dumps_pieces,
    dumps_pieces_by_pair,
    split_pieces,
)
from supervision.domain.model import RegistrationNumber
from supervision.domain.notice_numbers import pending_number, renumbered
from supervision.domain.notices import Notice
from supervision.exceptions import InvalidInput
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


@pytest.mark.parametrize("data", [
    {},
    {"text": "a{n}b{n}", "z": 1},  # a cut value first, a run after it
    {"a": [1, "x"], "b": None, "text": "{n}", "c": {"y": "\u2028", "x": 2.5}},  # runs around
    {"number": "{n}", "subject": "《x》（{n}）", "text": "{n}\n\"q\" \\ 尾"},  # cuts only
    {"b": True, "a": "{n}", "text": 7, "subject": None},  # a key to cut whose value is no text
    {"创建": "中文键", "text": "前{n}后", "~": "{n}"},  # keys after ASCII in sorted order
])
def test_pieces_written_run_by_run_are_the_pieces_written_pair_by_pair(
    data: dict[str, object],
) -> None:
    """``dumps_pieces`` writes the pairs between two cut values with one call of the encoder
    (the object of those keys, its braces left off): the very pieces the pair-by-pair
    writing gives, whose join is ``dumps`` of the data, for runs before, between and after
    the cut values, none at all, and values of the keys to cut that are not text."""
    old = str(pending_number("池开督催", 2026))
    filled = {k: v.replace("{n}", old) if isinstance(v, str) else v for k, v in data.items()}
    pieces = dumps_pieces(filled, ("number", "subject", "text"), old)
    assert pieces == dumps_pieces_by_pair(filled, ("number", "subject", "text"), old)
    assert dumps_joined(pieces, old) == dumps(filled)


@pytest.mark.parametrize(("prefix", "changes", "split"), [
    ("池开督催", {}, True),
    ("池开督催", {"redacted": True, "subject": "《督查催办单》（{n}）"}, True),
    ("池开督催", {"text": "{n}\n\t“引号”\"quoted\" \\ 反斜杠 \u2028 尾"}, True),
    ("池开督催", {"document": "督查催办单{n}"}, False),  # in another value
    ("池开督催", {"source": "escalation:{n}"}, False),  # in the source and the key
    ("号督", {}, False),  # 号督〔2026〕999999999号 could overlap itself
    ('a"b\\督', {}, False),  # a prefix JSON escapes
    ("n督", {"text": "\n督〔2026〕999999999号 {n}"}, False),  # across an escape (\n督…)
    ("督", {"text": "{n}{n}"}, True),  # twice in a row
])
def test_a_body_split_at_the_pending_number_is_cut_where_the_pieces_are_cut(
    prefix: str, changes: dict[str, object], split: bool,
) -> None:
    """``split_pieces`` cuts the notice's body at the pending number only where that is
    provably where ``dumps_pieces`` cuts it (the number's text escapes to itself, cannot
    overlap itself, and occurs in the body as often as in the number, subject and text);
    every other body is left to ``dumps_pieces`` (None)."""
    pending = pending_number(prefix, 2026)
    filled = {k: v.replace("{n}", str(pending)) if isinstance(v, str) else v
              for k, v in changes.items()}
    filled.setdefault("text", f"{pending}\n正文")
    notice = attrs.evolve(sample_notice(), number=pending, **filled)  # type: ignore[arg-type]
    old = str(pending)
    found = split_pieces(dumps(to_dict(notice)), (old, notice.subject, notice.text), old)
    assert (found is not None) == split
    if found is not None:
        assert found == dumps_pieces(to_dict(notice), _RENUMBERED, old)


def _pending_notice(text: str, **changes: object) -> Notice:
    pending = pending_number("池开督催", 2026)
    return attrs.evolve(sample_notice(), number=pending, text=f"{pending}\n{text}", **changes)


@pytest.mark.parametrize(("text", "changes"), [
    ("正文\n\t“引号”\"quoted\" \\ 反斜杠 \u2028 尾", {}),
    ("a literal \\u0000 is text, not a NUL", {}),  # its JSON shows \\u0000: walked, accepted
    ("a NUL \x00 inside", {}),
    ("a lone surrogate \ud800 inside", {}),
    ("正文", {"subject": "a NUL\x00 in the subject"}),
    ("正文", {"document": "a lone surrogate \udfff in the document's name"}),
])
def test_a_notice_staged_with_a_pending_number_is_its_straightforward_row(
    sqlite_engine: sa.Engine, text: str, changes: dict[str, object],
) -> None:
    """``add_numbered`` writes each body once (its pieces joined at the pending number) and
    checks the text on it: the staged row is ``notice_row``'s (the notice's stored JSON,
    checked field by field), and text neither database can store is refused with the error
    :func:`check_text` gives, naming the same field, nothing staged."""
    notice = _pending_notice(text, **changes)
    expected: InvalidInput | None = None
    try:
        check_text(to_dict(notice), "notice")
    except InvalidInput as error:
        expected = error
    with SqlAlchemyUnitOfWork(sqlite_engine) as uow:
        if expected is not None:
            with pytest.raises(InvalidInput) as raised:
                uow.notices.add_numbered([[notice]])
            assert (raised.value.field, str(raised.value)) == (expected.field, str(expected))
            assert uow.staged.new_notices == {}
            return
        assert uow.notices.add_numbered([[notice]]) == [notice]
        staged, row = uow.staged.new_notices[notice.key]
        assert staged == notice
        assert row == notice_row(notice)
        assert row["body"] == dumps(to_dict(notice))
