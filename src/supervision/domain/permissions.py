"""Who may do what: the permission table (data), checked by the service on every command.

Rules:

* Each :class:`Permission` row lists the roles allowed an action and, for unit roles (单位主要
  负责人, 单位联络员), which units of the matter they may act for: any assigned unit, the lead
  unit only (only the lead reports, ``tongren-2014 art.8(2)``, ``daoli-2017 art.7(2)``,
  ``art.8(4)``) or a co-unit only (协办意见).
* Every actor works in one office (``Actor.office_id``) and acts only on that office's
  matters; a matter of another office is invisible, exactly like a missing one. An actor may
  *read* further offices only when ``Actor.read_offices`` lists them (a city-level supervisor:
  explicit data, never a default).
* Office and leader roles act on every matter of their office they may see; the discipline
  inspection and read-only auditor roles only view.
* Confidentiality (``daoli-2017 art.23``) narrows visibility: a confidential matter is visible
  only to its designated people and allowed roles. A command on a matter the actor may not
  see fails exactly as for a missing id.
* The reviewer of a report is never the person who submitted it (checked in the review step).

A denial raises :class:`~supervision.exceptions.PermissionDenied` and writes nothing.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable

import attrs

from supervision.domain.actors import UNIT_ROLES, Actor, Role
from supervision.domain.lifecycle import Action
from supervision.domain.model import AssignmentRole, Confidentiality, Matter
from supervision.exceptions import PermissionDenied

__all__ = [
    "OFFICE_FIGURE_ROLES",
    "PERMISSIONS",
    "Permission",
    "UnitScope",
    "authorize",
    "can",
    "can_view",
    "can_view_parts",
    "permission_for",
    "render_permissions_markdown",
]


class UnitScope(enum.Enum):
    """Which of a matter's units a unit role may act for."""

    ASSIGNED = "assigned"
    LEAD = "lead"
    CO = "co"
    NONE = "none"

    @property
    def label(self) -> str:
        """承办单位, 主办单位, 协办单位, 不适用."""
        return {
            UnitScope.ASSIGNED: "本单位承办的事项",
            UnitScope.LEAD: "本单位主办的事项",
            UnitScope.CO: "本单位协办的事项",
            UnitScope.NONE: "—",
        }[self]


@attrs.frozen
class Permission:
    """One row: ``roles`` may perform ``action``; unit roles only within ``unit_scope``."""

    action: Action
    roles: frozenset[Role]
    unit_scope: UnitScope = UnitScope.NONE
    note: str = ""


_OFFICE = frozenset({Role.OFFICE_CLERK})
_LEADER = frozenset({Role.APPROVING_LEADER})
_UNIT = frozenset({Role.UNIT_HEAD, Role.UNIT_LIAISON})

PERMISSIONS: tuple[Permission, ...] = (
    Permission(Action.VIEW, frozenset(Role), UnitScope.ASSIGNED, "units see their own matters"),
    Permission(Action.REGISTER, _OFFICE, note="编号登记 daoli-2017 art.7(1)"),
    Permission(Action.MANAGE_UNITS, _OFFICE, note="the office keeps the list of units"),
    Permission(Action.MANAGE_OFFICE, _LEADER,
               note="a new regulation replaces the old, from an effective date"),
    Permission(Action.APPROVE, _LEADER, note="审定 chizhou-2021 §6.1; daoli-2017 art.7(1)"),
    Permission(Action.DISPATCH, _OFFICE, note="交办"),
    Permission(Action.ACKNOWLEDGE, _UNIT, UnitScope.ASSIGNED, "签收 by each assigned unit"),
    Permission(Action.REPORT_PROGRESS, _UNIT, UnitScope.LEAD, "daoli-2017 art.8(4)"),
    Permission(Action.CONTRIBUTE, _UNIT, UnitScope.CO, "协办 input, tongren-2014 art.8(2)"),
    Permission(Action.SUBMIT_FINAL_REPORT, _UNIT, UnitScope.LEAD, "the lead alone reports"),
    Permission(Action.SUPPLY_SUPPLEMENT, _UNIT, UnitScope.LEAD, "daoli-2017 art.10"),
    Permission(Action.CONFIRM_SIGNOFF, frozenset({Role.UNIT_HEAD, Role.APPROVING_LEADER}),
               UnitScope.LEAD, "only the person the sign-off names confirms it"),
    Permission(Action.EXPLAIN, _UNIT, UnitScope.ASSIGNED, "情况说明 chizhou-2021 §7.2"),
    Permission(Action.DECIDE_EXPLANATION, _OFFICE, note="the office accepts or rejects"),
    Permission(Action.ACCEPT, _OFFICE, note="审核 lianyungang-2019 §5.6"),
    Permission(Action.RETURN_FOR_REDO, _OFFICE, note="退回重办 daoli-2017 art.10"),
    Permission(Action.ASK_SUPPLEMENT, _OFFICE, note="补充说明 daoli-2017 art.10"),
    Permission(Action.COMPLETE, _OFFICE, note="办结"),
    Permission(Action.CLOSE, _OFFICE, note="销号 lianyungang-2019 §7.1"),
    Permission(Action.ARCHIVE, _OFFICE, note="归档 chizhou-2021 §6.5"),
    Permission(Action.REOPEN, _OFFICE, note="回头看 lianyungang-2019 §7.3"),
    Permission(Action.REQUEST_EXTENSION, _UNIT, UnitScope.LEAD, "practice, where enabled"),
    Permission(Action.DECIDE_EXTENSION, _LEADER, note="granted or refused by an approver"),
    Permission(Action.SUSPEND, _OFFICE | _LEADER, note="library feature"),
    Permission(Action.RESUME, _OFFICE | _LEADER, note="library feature"),
    Permission(Action.WITHDRAW, _OFFICE | _LEADER, note="撤销 with a reason"),
    Permission(Action.TERMINATE, _LEADER, note="终止 with a reason"),
)

_BY_ACTION = {p.action: p for p in PERMISSIONS}

#: Roles that read an office's aggregate figures (the assessment, score totals) as the
#: office's own figure, every matter counted; a unit's people read their own unit's only.
OFFICE_FIGURE_ROLES: frozenset[Role] = frozenset({
    Role.OFFICE_CLERK, Role.APPROVING_LEADER, Role.DISCIPLINE_INSPECTION, Role.AUDITOR,
})


def permission_for(action: Action) -> Permission:
    """The table row for ``action`` (every action has one)."""
    return _BY_ACTION[action]


def _role_of(actor: Actor, assignments: Iterable[tuple[str, AssignmentRole]]
             ) -> AssignmentRole | None:
    """The role of the actor's unit in the matter (its first assignment), or None."""
    if actor.unit_id is None:
        return None
    return next((role for unit_id, role in assignments if unit_id == actor.unit_id), None)


def _unit_ok(scope: UnitScope, role: AssignmentRole | None) -> bool:
    if role is None:
        return False
    if scope is UnitScope.LEAD:
        return role is AssignmentRole.LEAD
    if scope is UnitScope.CO:
        return role is AssignmentRole.CO
    return scope is UnitScope.ASSIGNED


def _why_not(actor: Actor, action: Action, matter: Matter | None) -> str | None:
    if matter is not None and action is not Action.VIEW and matter.office_id != actor.office_id:
        return "only in the actor's own office (只能办理本机构的事项)"
    return _why_not_role(actor, action, matter is not None and actor.unit_id is not None,
                         lambda: None if matter is None else _role_of(
                             actor, ((a.unit_id, a.role) for a in matter.assignments)))


def _why_not_role(
    actor: Actor, action: Action, assigned: bool, role: Callable[[], AssignmentRole | None]
) -> str | None:
    """The table's answer for ``action`` given the role of the actor's unit in the matter
    (``role()``, read only where a unit role needs it; ``assigned`` False: no matter or no
    unit)."""
    row = permission_for(action)
    held = actor.roles & row.roles
    if not held:
        wanted = "、".join(r.label for r in Role if r in row.roles)
        return f"needs the role {wanted}"
    found: list[AssignmentRole | None] = []
    for held_role in held:
        if held_role not in UNIT_ROLES:
            return None
        if assigned:
            if not found:
                found.append(role())
            if _unit_ok(row.unit_scope, found[0]):
                return None
    return f"only for {row.unit_scope.label} (a unit acts only on matters assigned to it)"


def can(actor: Actor, action: Action, matter: Matter | None = None) -> bool:
    """Whether the table lets ``actor`` perform ``action`` (on ``matter``), ignoring
    confidentiality (see :func:`can_view`)."""
    return _why_not(actor, action, matter) is None


def can_view(actor: Actor, matter: Matter) -> bool:
    """Whether ``actor`` may see ``matter``: its office is one the actor reads, the VIEW row
    allows it, and the matter's confidentiality admits the actor."""
    return can_view_parts(actor, matter.office_id,
                          ((a.unit_id, a.role) for a in matter.assignments),
                          matter.confidentiality)


def can_view_parts(
    actor: Actor,
    office_id: str,
    assignments: Iterable[tuple[str, AssignmentRole]],
    confidentiality: Confidentiality,
) -> bool:
    """:func:`can_view` of a matter given by the parts it reads — its office, its
    assignments (unit id, role) and its circle of knowledge — as a matter's stored facts
    hold them (:class:`~supervision.domain.statistics.MatterFacts`)."""
    return (
        actor.reads(office_id)
        and _why_not_role(actor, Action.VIEW, actor.unit_id is not None,
                          lambda: _role_of(actor, assignments)) is None
        and confidentiality.permits(actor)
    )


def authorize(actor: Actor, action: Action, matter: Matter | None = None) -> None:
    """Raise PermissionDenied unless the table lets ``actor`` perform ``action``."""
    reason = _why_not(actor, action, matter)
    if reason is not None:
        raise PermissionDenied(actor.person_id, action.label, reason)


def render_permissions_markdown() -> str:
    """The permission table as Markdown, for docs/concepts.md."""
    lines = [
        "| action 操作 | roles 角色 | unit roles act for 单位角色范围 | note |",
        "|---|---|---|---|",
    ]
    for row in PERMISSIONS:
        roles = "、".join(r.label for r in Role if r in row.roles)
        scope = row.unit_scope.label if row.roles & UNIT_ROLES else "—"
        action = f"{row.action.label} `{row.action.value}`"
        lines.append(f"| {action} | {roles} | {scope} | {row.note} |")
    return "\n".join(lines) + "\n"
