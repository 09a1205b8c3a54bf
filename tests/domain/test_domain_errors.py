"""The domain's errors: one tree, structured fields, messages that say what to do."""

from __future__ import annotations

from supervision.exceptions import (
    ConcurrencyError,
    DuplicateRecord,
    LifecycleDefinitionError,
    MatterNotFound,
    NotFound,
    PermissionDenied,
    RuleViolation,
    SupervisionError,
    TransitionNotAllowed,
    UnitNotFound,
)


def test_not_found_errors_are_lookup_errors_with_their_key() -> None:
    """MatterNotFound and UnitNotFound are LookupErrors carrying kind and key."""
    error = MatterNotFound("m-1")
    assert isinstance(error, LookupError)
    assert isinstance(error, NotFound)
    assert ("matter", "m-1") == (error.kind, error.key)
    assert "未找到督办事项" in str(error)
    assert ("unit", "u-9") == (UnitNotFound("u-9").kind, UnitNotFound("u-9").key)


def test_concurrency_error_says_to_reread() -> None:
    """ConcurrencyError names both versions and what to do."""
    error = ConcurrencyError("matter", "m-1", 2, 3)
    assert (2, 3) == (error.expected_version, error.actual_version)
    assert "re-read" in str(error)
    assert "并发修改冲突" in str(error)


def test_value_like_errors_are_value_errors() -> None:
    """Duplicate records, rule violations and bad tables are ValueErrors."""
    for error in (DuplicateRecord("matter", "m-1"), RuleViolation("r", "detail"),
                  LifecycleDefinitionError("x")):
        assert isinstance(error, ValueError)
        assert isinstance(error, SupervisionError)


def test_rule_violation_carries_rule_and_citation() -> None:
    """A RuleViolation's message ends with the clause it comes from."""
    error = RuleViolation("deadline_required", "state a deadline", "zhoucun-2021 §4.3")
    assert "state a deadline [zhoucun-2021 §4.3]" == str(error)
    assert {"rule": "deadline_required", "detail": "state a deadline",
            "citation": "zhoucun-2021 §4.3", "cited": ""} == error.fields
    clause = "《周村区政府重大工作部署事项督查管理办法》第四部分第（三）项"
    shown = error.citing(clause)
    assert f"state a deadline [{clause}]" == str(shown)
    assert ("deadline_required", "zhoucun-2021 §4.3") == (shown.rule, shown.citation)


def test_permission_denied_is_a_permission_error_in_both_languages() -> None:
    """PermissionDenied names the person, the action in Chinese and the reason."""
    error = PermissionDenied("p-1", "审定", "needs the role 审定领导")
    assert isinstance(error, PermissionError)
    assert "无权审定" in str(error)


def test_transition_not_allowed_lists_what_is_allowed() -> None:
    """The message lists the actions allowed in the status."""
    error = TransitionNotAllowed("m-1", "已销号", "退回", ("归档", "回头看重新督办"))
    assert str(error).startswith("状态 已销号 不能 退回")
    assert "归档、回头看重新督办" in str(error)
