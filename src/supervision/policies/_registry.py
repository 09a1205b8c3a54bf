"""The policy registry: look policies up by name or alias; integrators add their own."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from supervision.domain.policy import Policy
from supervision.exceptions import DuplicatePolicy, InvalidInput, UnknownPolicy

__all__ = ["Registry"]


class Registry:
    """Policies by name (and alias). Names are unique; lookups are case-insensitive.

    ``Registry.with_builtins()`` holds the five shipped regulations; the module-level
    :func:`supervision.policies.get` / :func:`register` use one such registry.
    """

    def __init__(self, policies: Iterable[Policy] = ()) -> None:
        self._policies: dict[str, Policy] = {}
        self._aliases: dict[str, str] = {}
        self._builtin: frozenset[str] = frozenset()
        for policy in policies:
            self.register(policy)

    @classmethod
    def with_builtins(cls) -> Registry:
        """A registry holding the five regulations the library ships."""
        registry = cls(builder() for builder in _builtin_builders())
        registry._builtin = frozenset(registry._policies)
        return registry

    def register(self, policy: Policy) -> Policy:
        """Add ``policy``; a name or alias already taken raises DuplicatePolicy."""
        if not isinstance(policy, Policy):
            raise InvalidInput("policy", "a supervision.domain.policy.Policy", policy)
        for label in (policy.name, *policy.aliases):
            holder = self._holder(label)
            if holder is not None:
                raise DuplicatePolicy(label, holder)
        self._policies[policy.name] = policy
        for alias in policy.aliases:
            self._aliases[alias.casefold()] = policy.name
        return policy

    def unregister(self, name: str) -> None:
        """Remove an integrator-registered policy (the shipped ones stay)."""
        policy = self.get(name)
        if policy.name in self._builtin:
            raise InvalidInput(
                "name", "the name of a policy registered by the integrator", name,
                hint="the shipped regulations cannot be removed 内置制度不可删除",
            )
        del self._policies[policy.name]
        self._aliases = {a: n for a, n in self._aliases.items() if n != policy.name}

    def get(self, name: str) -> Policy:
        """The policy called ``name`` (or one of its aliases)."""
        if not isinstance(name, str):
            raise InvalidInput("name", "a policy name such as 'chizhou-2021'", name)
        holder = self._holder(name)
        if holder is None:
            raise UnknownPolicy(name, self.names())
        return self._policies[holder]

    def names(self) -> tuple[str, ...]:
        """The registered policy names, sorted."""
        return tuple(sorted(self._policies))

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and self._holder(name) is not None

    def _holder(self, label: str) -> str | None:
        key = label.casefold()
        for name in self._policies:
            if name.casefold() == key:
                return name
        return self._aliases.get(key)


def _builtin_builders() -> tuple[Callable[[], Policy], ...]:
    from supervision.policies import (
        chizhou_2021,
        daoli_2017,
        lianyungang_2019,
        tongren_2014,
        zhoucun_2021,
    )

    return (
        chizhou_2021.build,
        daoli_2017.build,
        lianyungang_2019.build,
        tongren_2014.build,
        zhoucun_2021.build,
    )
