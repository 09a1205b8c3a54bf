"""Who acts: roles (角色) and the actor (操作人) every command carries.

Unit roles (rules.md §1; ``tongren-2014 art.9``, ``zhoucun-2021 §6.1``, ``daoli-2017 art.20``,
``lianyungang-2019 §3``): the unit's main head (主要负责人) and its liaison (联络员) act for their
own unit only, on matters assigned to it.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping

import attrs

from supervision.exceptions import InvalidInput

__all__ = ["UNIT_ROLES", "Actor", "Role"]


class Role(enum.Enum):
    """A role in the supervision process; ``.label`` is the Chinese title."""

    OFFICE_CLERK = "office_clerk"
    APPROVING_LEADER = "approving_leader"
    UNIT_HEAD = "unit_head"
    UNIT_LIAISON = "unit_liaison"
    DISCIPLINE_INSPECTION = "discipline_inspection"
    AUDITOR = "auditor"

    @property
    def label(self) -> str:
        """督查办工作人员, 审定领导, 单位主要负责人, 单位联络员, 纪检监察, 审计只读."""
        return _ROLE_LABELS[self]


_ROLE_LABELS: Mapping[Role, str] = {
    Role.OFFICE_CLERK: "督查办工作人员",
    Role.APPROVING_LEADER: "审定领导",
    Role.UNIT_HEAD: "单位主要负责人",
    Role.UNIT_LIAISON: "单位联络员",
    Role.DISCIPLINE_INSPECTION: "纪检监察",
    Role.AUDITOR: "审计只读",
}

#: Roles that act for one unit (the actor's ``unit_id``) and only on matters assigned to it.
UNIT_ROLES: frozenset[Role] = frozenset({Role.UNIT_HEAD, Role.UNIT_LIAISON})


@attrs.frozen
class Actor:
    """A person acting through the OA system: an id, their roles and, for unit roles, the unit.

    The OA system authenticates the person; the library checks what the roles allow.
    """

    person_id: str
    roles: frozenset[Role]
    unit_id: str | None = None
    name: str = ""

    @classmethod
    def of(
        cls, person_id: str, *roles: Role, unit_id: str | None = None, name: str = ""
    ) -> Actor:
        """``Actor.of("p1", Role.UNIT_LIAISON, unit_id="u1")``; checks the combination."""
        return cls.build(person_id, roles, unit_id=unit_id, name=name)

    @classmethod
    def build(
        cls, person_id: str, roles: Iterable[Role], *, unit_id: str | None = None, name: str = ""
    ) -> Actor:
        """Check and build an actor: a non-empty id, at least one role, a unit for unit roles."""
        if not isinstance(person_id, str) or not person_id.strip():
            raise InvalidInput("person_id", "a non-empty person id 人员标识", person_id)
        role_set = frozenset(roles)
        if not role_set or not all(isinstance(r, Role) for r in role_set):
            raise InvalidInput("roles", "one or more supervision.domain.Role values", roles)
        if role_set & UNIT_ROLES and not unit_id:
            raise InvalidInput(
                "unit_id",
                "the unit id of a unit head or liaison 单位角色须指明所在单位",
                unit_id,
            )
        return cls(person_id, role_set, unit_id, name)

    def has(self, role: Role) -> bool:
        """Whether the actor holds ``role``."""
        return role in self.roles
