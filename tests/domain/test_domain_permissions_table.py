"""The permission table as data, and the actor value."""

from __future__ import annotations

import pytest

from supervision.domain import PERMISSIONS, UNIT_ROLES, Action, Actor, Role, UnitScope
from supervision.domain.permissions import permission_for
from supervision.exceptions import InvalidInput


def test_every_action_has_exactly_one_permission_row() -> None:
    """Each action of the lifecycle (and viewing, managing units) has one row."""
    assert sorted(a.value for a in Action) == sorted(p.action.value for p in PERMISSIONS)
    assert all(permission_for(a).action is a for a in Action)


def test_read_only_roles_only_view() -> None:
    """纪检监察 and 审计只读 appear in no row but VIEW."""
    for row in PERMISSIONS:
        if row.action is not Action.VIEW:
            assert not row.roles & {Role.DISCIPLINE_INSPECTION, Role.AUDITOR}, row


def test_unit_rows_name_a_unit_scope() -> None:
    """Every row that lets unit roles act says for which of the matter's units."""
    for row in PERMISSIONS:
        if row.roles & UNIT_ROLES:
            assert row.unit_scope is not UnitScope.NONE, row


def test_only_the_lead_unit_reports() -> None:
    """Progress and final reports, supplements and extension requests are the lead's."""
    lead_only = {Action.REPORT_PROGRESS, Action.SUBMIT_FINAL_REPORT, Action.SUPPLY_SUPPLEMENT,
                 Action.REQUEST_EXTENSION}
    assert {a: UnitScope.LEAD for a in lead_only} == {
        a: permission_for(a).unit_scope for a in lead_only
    }


def test_unit_roles_need_a_unit() -> None:
    """A unit head or liaison without a unit is refused."""
    with pytest.raises(InvalidInput, match="unit_id"):
        Actor.of("p", Role.UNIT_LIAISON)


def test_an_actor_needs_an_id_and_a_role() -> None:
    """An empty person id or no role is refused."""
    with pytest.raises(InvalidInput):
        Actor.of("", Role.OFFICE_CLERK)
    with pytest.raises(InvalidInput):
        Actor.of("p")


def test_every_role_has_a_chinese_title() -> None:
    """Roles carry their Chinese titles."""
    assert "督查办工作人员" == Role.OFFICE_CLERK.label
    assert all(r.label for r in Role)
