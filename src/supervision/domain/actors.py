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
from supervision.text import require_text

__all__ = ["UNIT_ROLES", "Actor", "Role", "require_actor"]

#: The longest id (person, unit, office) an actor may carry.
ID_LENGTH = 128


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
    """A person acting through the OA system: an id, the office they work in, their roles and,
    for unit roles, the unit.

    The OA system authenticates the person; the library checks what the roles allow. Every
    read and command is scoped to ``office_id``: a matter of another office is reported as
    missing. ``read_offices`` lists further offices the person may *read* (a city-level
    supervisor, 市级督查机构): explicit data, never a default; commands act in ``office_id``
    only.
    """

    person_id: str
    roles: frozenset[Role]
    unit_id: str | None = None
    name: str = ""
    office_id: str | None = None
    read_offices: frozenset[str] = frozenset()

    @classmethod
    def of(
        cls,
        person_id: str,
        *roles: Role,
        office_id: str | None = None,
        unit_id: str | None = None,
        name: str = "",
        read_offices: Iterable[str] = (),
    ) -> Actor:
        """``Actor.of("p1", Role.UNIT_LIAISON, office_id="daoli", unit_id="u1")``; checks the
        combination."""
        return cls.build(person_id, roles, office_id=office_id, unit_id=unit_id, name=name,
                         read_offices=read_offices)

    @classmethod
    def build(
        cls,
        person_id: str,
        roles: Iterable[Role],
        *,
        office_id: str | None = None,
        unit_id: str | None = None,
        name: str = "",
        read_offices: Iterable[str] = (),
    ) -> Actor:
        """Check and build an actor: a non-empty id, at least one role, a unit for unit roles.

        ``office_id`` may be left out only for an actor that acts in no office (the library's
        own sweep); every service call needs it."""
        if not isinstance(person_id, str) or not person_id.strip() or "\x00" in person_id:
            raise InvalidInput("person_id", "a non-empty person id 人员标识", person_id)
        require_text(person_id, "person_id", max_length=ID_LENGTH)
        try:
            role_set = frozenset(roles)
        except TypeError:
            raise InvalidInput("roles", "one or more supervision.domain.Role values",
                               roles) from None
        if not role_set or not all(isinstance(r, Role) for r in role_set):
            raise InvalidInput("roles", "one or more supervision.domain.Role values", roles)
        if role_set & UNIT_ROLES and not unit_id:
            raise InvalidInput(
                "unit_id",
                "the unit id of a unit head or liaison 单位角色须指明所在单位",
                unit_id,
            )
        if unit_id is not None and (not isinstance(unit_id, str) or not unit_id.strip()):
            raise InvalidInput("unit_id", "a unit id or None", unit_id)
        if unit_id is not None:
            require_text(unit_id, "unit_id", max_length=ID_LENGTH)
        if office_id is not None and (not isinstance(office_id, str) or not office_id.strip()):
            raise InvalidInput("office_id", "the id of the office the person works in", office_id)
        if office_id is not None:
            require_text(office_id, "office_id", max_length=ID_LENGTH)
        if isinstance(read_offices, str):
            raise InvalidInput("read_offices", "a collection of office ids", read_offices)
        try:
            extra = frozenset(read_offices)
        except TypeError:
            raise InvalidInput("read_offices", "a collection of office ids",
                               read_offices) from None
        if not all(isinstance(o, str) and o.strip() for o in extra):
            raise InvalidInput("read_offices", "a collection of office ids", read_offices)
        for office in extra:
            require_text(office, "read_offices", max_length=ID_LENGTH)
        if not isinstance(name, str):
            raise InvalidInput("name", "the person's name, or ''", name)
        require_text(name, "name")
        return cls(person_id, role_set, unit_id, name, office_id, extra)

    def reads(self, office_id: str) -> bool:
        """Whether the actor may read matters of ``office_id`` (their own, or one listed in
        ``read_offices``)."""
        return office_id == self.office_id or office_id in self.read_offices

    @property
    def readable_offices(self) -> frozenset[str]:
        """The offices whose matters the actor may read."""
        own = frozenset() if self.office_id is None else frozenset({self.office_id})
        return own | self.read_offices

    def has(self, role: Role) -> bool:
        """Whether the actor holds ``role``."""
        return role in self.roles


def require_actor(value: object, field: str = "actor") -> Actor:
    """``value`` if it is an :class:`Actor` as :meth:`Actor.build` would make it (roles,
    ids and name checked again: an actor put together with the bare constructor is checked
    like any other input); InvalidInput naming ``field`` (``actor.roles`` …) otherwise."""
    if not isinstance(value, Actor):
        raise InvalidInput(field, "a supervision.domain.Actor (Actor.of(...))", value)
    try:
        rebuilt = Actor.build(value.person_id, value.roles, office_id=value.office_id,
                              unit_id=value.unit_id, name=value.name,
                              read_offices=value.read_offices)
    except InvalidInput as error:
        raise InvalidInput(f"{field}.{error.field}", error.expected, error.got) from None
    if rebuilt != value:
        raise InvalidInput(field, "an Actor built with Actor.of or Actor.build", value)
    return value
