"""The lifecycle transition table: checked when defined, rendered into the docs."""

from __future__ import annotations

from pathlib import Path

import pytest

from supervision.domain import LIFECYCLE, Action, Status, Transition, TransitionTable
from supervision.domain.lifecycle import render_markdown
from supervision.exceptions import LifecycleDefinitionError, TransitionNotAllowed

DOCS = Path(__file__).parent.parent.parent / "docs"
S, A = Status, Action


def _reachable(table: TransitionTable) -> set[Status]:
    seen = {table.initial}
    frontier = [table.initial]
    while frontier:
        here = frontier.pop()
        for row in table.transitions:
            if row.source is here and row.target not in seen:
                seen.add(row.target)
                frontier.append(row.target)
    return seen


def test_lifecycle_starts_in_draft() -> None:
    """A registered matter starts as 待审定 (draft)."""
    assert Status.DRAFT is LIFECYCLE.initial


def test_every_status_is_reachable_from_draft() -> None:
    """Every status of the enum can be reached from the initial status."""
    assert set(Status) == _reachable(LIFECYCLE)


def test_final_statuses_have_no_way_out() -> None:
    """Archived, withdrawn and terminated matters allow no action."""
    assert {S.ARCHIVED, S.WITHDRAWN, S.TERMINATED} == set(LIFECYCLE.finals)
    for final in LIFECYCLE.finals:
        assert () == LIFECYCLE.allowed(final)


def test_every_other_status_has_a_way_out() -> None:
    """No non-final status is a dead end."""
    for status in set(Status) - LIFECYCLE.finals:
        assert LIFECYCLE.allowed(status), status


def test_acknowledgement_never_changes_the_status() -> None:
    """签收 is recorded in place: every acknowledge row stays in its status (rules.md §1)."""
    rows = [r for r in LIFECYCLE.transitions if r.action is A.ACKNOWLEDGE]
    assert rows
    assert all(r.source is r.target for r in rows)


def test_explanations_and_extension_requests_never_change_the_status() -> None:
    """情况说明 and 延期申请 are recorded without moving the lifecycle."""
    quiet = {A.EXPLAIN, A.DECIDE_EXPLANATION, A.REQUEST_EXTENSION, A.DECIDE_EXTENSION}
    for row in LIFECYCLE.transitions:
        if row.action in quiet:
            assert row.source is row.target, row


def test_return_for_redo_goes_back_to_in_progress() -> None:
    """退回重办 sends a reported matter back to 办理中 (daoli-2017 art.10)."""
    assert S.IN_PROGRESS is LIFECYCLE.target(S.REPORTED, A.RETURN_FOR_REDO)


def test_reinspection_reopens_only_a_closed_matter() -> None:
    """回头看 reopens a 已销号 matter into 办理中 and is allowed nowhere else."""
    sources = {r.source for r in LIFECYCLE.transitions if r.action is A.REOPEN}
    assert {S.CLOSED} == sources
    assert S.IN_PROGRESS is LIFECYCLE.target(S.CLOSED, A.REOPEN)


def test_transition_not_allowed_names_status_and_action_in_chinese() -> None:
    """A refused action reads 状态 已办结 不能 退回 and carries its fields."""
    with pytest.raises(TransitionNotAllowed) as caught:
        LIFECYCLE.target(S.COMPLETED, A.RETURN_FOR_REDO, "m-9")
    error = caught.value
    assert str(error).startswith("状态 已办结 不能 退回")
    assert ("m-9", "已办结", "退回") == (error.matter_id, error.status, error.action)
    assert "销号" in error.allowed
    assert ("completed", "return_for_redo") == (error.status_code, error.action_code)


def test_definition_refuses_a_way_out_of_a_final_status() -> None:
    """A transition out of a final status is a definition error."""
    with pytest.raises(LifecycleDefinitionError, match="final status"):
        TransitionTable.define(
            S.DRAFT,
            [Transition(S.DRAFT, A.WITHDRAW, S.WITHDRAWN),
             Transition(S.WITHDRAWN, A.APPROVE, S.DRAFT)],
            finals=[S.WITHDRAWN],
        )


def test_definition_refuses_an_unreachable_status() -> None:
    """A status nobody can reach is a definition error."""
    with pytest.raises(LifecycleDefinitionError, match="not reachable"):
        TransitionTable.define(
            S.DRAFT,
            [Transition(S.DRAFT, A.WITHDRAW, S.WITHDRAWN),
             Transition(S.APPROVED, A.WITHDRAW, S.WITHDRAWN)],
            finals=[S.WITHDRAWN],
        )


def test_definition_refuses_a_dead_end() -> None:
    """A non-final status with no way out is a definition error."""
    with pytest.raises(LifecycleDefinitionError, match="no way out"):
        TransitionTable.define(
            S.DRAFT,
            [Transition(S.DRAFT, A.APPROVE, S.APPROVED),
             Transition(S.DRAFT, A.WITHDRAW, S.WITHDRAWN)],
            finals=[S.WITHDRAWN],
        )


def test_definition_refuses_two_rows_for_one_action() -> None:
    """The same (status, action) may lead to one place only."""
    with pytest.raises(LifecycleDefinitionError, match="two transitions"):
        TransitionTable.define(
            S.DRAFT,
            [Transition(S.DRAFT, A.WITHDRAW, S.WITHDRAWN),
             Transition(S.DRAFT, A.WITHDRAW, S.TERMINATED)],
            finals=[S.WITHDRAWN, S.TERMINATED],
        )


def test_docs_lifecycle_page_contains_the_rendered_table() -> None:
    """docs/lifecycle.md holds exactly the table the code renders, so they cannot drift."""
    page = (DOCS / "lifecycle.md").read_text(encoding="utf-8")
    assert render_markdown() in page


def test_every_status_and_action_has_a_chinese_label() -> None:
    """Labels exist for every status and action (used in messages and documents)."""
    assert all(s.label for s in Status)
    assert all(a.label for a in Action)


def test_docs_concepts_page_contains_the_rendered_permission_table() -> None:
    """docs/concepts.md holds exactly the permission table the code renders."""
    from supervision.domain.permissions import render_permissions_markdown

    page = (DOCS / "concepts.md").read_text(encoding="utf-8")
    assert render_permissions_markdown() in page
