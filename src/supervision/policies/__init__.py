"""The five shipped regulations as cited, frozen policy data, and the registry that holds them.

    >>> from supervision import policies
    >>> policies.names()
    ('chizhou-2021', 'daoli-2017', 'lianyungang-2019', 'tongren-2014', 'zhoucun-2021')
    >>> policies.get("chizhou-2021").default_period("important", "meeting_decision")
    Period(unit=<PeriodUnit.DAYS: '日'>, count=15)

Each policy is one regulation turned into data (``docs/policies/``), written in the vocabulary
of :mod:`supervision.domain.policy` (the one :class:`~supervision.domain.policy.Policy` type).
Defaults where the text is silent are parameters:
``policies.get("chizhou-2021").with_parameters(streak_scope="per_matter")``. An integrator
defines a new jurisdiction's policy in their own code and :func:`register` s it (or hands it to
the composition root, :func:`supervision.bootstrap`).
"""

from __future__ import annotations

from supervision.domain.policy import Policy
from supervision.policies._registry import Registry

__all__ = ["Registry", "get", "names", "register", "unregister"]

_default: Registry | None = None


def _registry() -> Registry:
    global _default
    if _default is None:
        _default = Registry.with_builtins()
    return _default


def get(name: str) -> Policy:
    """The registered policy called ``name`` (or an alias such as ``"chizhou"`` / ``"池州"``).

    An unknown name raises :class:`~supervision.exceptions.UnknownPolicy` listing the names.
    """
    return _registry().get(name)


def names() -> tuple[str, ...]:
    """The registered policy names, sorted."""
    return _registry().names()


def register(policy: Policy) -> Policy:
    """Register an integrator-defined policy; a name or alias already taken is refused."""
    return _registry().register(policy)


def unregister(name: str) -> None:
    """Remove an integrator-registered policy (the five shipped regulations stay)."""
    _registry().unregister(name)
