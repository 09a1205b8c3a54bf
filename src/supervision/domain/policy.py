"""A plain policy object integrators can use for a jurisdiction of their own.

The service layer reads a policy through the :class:`supervision.ports.MatterPolicy`
protocol; the five cited regulations live in :mod:`supervision.policies`. :class:`BasicPolicy`
is frozen data satisfying the same protocol, for a jurisdiction that is not shipped::

    from supervision.domain.policy import BasicPolicy
    from supervision.periods import Period

    policy = BasicPolicy.create(
        "my-county-2026",
        numbering_prefix="某县督",
        requires_approval=True,
        category_periods={"一般事项": Period.days(5), "重要事项": Period.days(15)},
        category_required=True,
    )
    assert policy.default_period("重要事项", None) == Period.days(15)
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from typing import TYPE_CHECKING

import attrs

from supervision.exceptions import InvalidInput
from supervision.periods import Period

__all__ = ["SIGNOFF_CHOICES", "BasicPolicy"]

#: The values ``report_signoff`` may take.
SIGNOFF_CHOICES: tuple[str, ...] = ("unit_head", "leader_in_charge", "none")


@attrs.frozen
class BasicPolicy:
    """A policy as frozen data.

    ``default_period(category, source)`` looks up the category first, then the source (the
    source kind's ``.value``, e.g. ``"meeting_decision"``), then ``fallback_period``; None
    means the registering clerk must state a deadline. ``categories`` are the category names
    allowed (taken from ``category_periods`` when built with :meth:`create`).
    ``office_close_time`` is an optional member read through
    :func:`supervision.ports.office_close_time`.
    """

    name: str
    numbering_prefix: str
    requires_approval: bool = False
    extensions_enabled: bool = False
    report_signoff: str = "unit_head"
    category_required: bool = False
    categories: tuple[str, ...] = ()
    category_periods: tuple[tuple[str, Period], ...] = ()
    source_periods: tuple[tuple[str, Period], ...] = ()
    fallback_period: Period | None = None
    office_close_time: _dt.time | None = None

    @classmethod
    def create(
        cls,
        name: str,
        *,
        numbering_prefix: str,
        requires_approval: bool = False,
        extensions_enabled: bool = False,
        report_signoff: str = "unit_head",
        category_required: bool = False,
        category_periods: Mapping[str, Period] | None = None,
        extra_categories: tuple[str, ...] = (),
        source_periods: Mapping[str, Period] | None = None,
        fallback_period: Period | None = None,
        office_close_time: _dt.time | None = None,
    ) -> BasicPolicy:
        """Check and build a policy."""
        if not isinstance(name, str) or not name.strip():
            raise InvalidInput("name", "a non-empty policy name", name)
        if not isinstance(numbering_prefix, str) or not numbering_prefix.strip():
            raise InvalidInput(
                "numbering_prefix", "a non-empty 机关代字 such as 池开督", numbering_prefix
            )
        if report_signoff not in SIGNOFF_CHOICES:
            raise InvalidInput("report_signoff", f"one of {SIGNOFF_CHOICES}", report_signoff)
        by_category = dict(category_periods or {})
        by_source = dict(source_periods or {})
        for label, period in [*by_category.items(), *by_source.items()]:
            if not isinstance(period, Period):
                raise InvalidInput(f"periods[{label!r}]", "a supervision.Period", period)
        if office_close_time is not None and office_close_time.tzinfo is not None:
            raise InvalidInput(
                "office_close_time", "a naive time such as time(17, 30)", office_close_time
            )
        categories = tuple(dict.fromkeys([*by_category, *extra_categories]))
        if category_required and not categories:
            raise InvalidInput(
                "category_periods", "at least one category when category_required", category_periods
            )
        return cls(
            name,
            numbering_prefix,
            requires_approval,
            extensions_enabled,
            report_signoff,
            category_required,
            categories,
            tuple(by_category.items()),
            tuple(by_source.items()),
            fallback_period,
            office_close_time,
        )

    def default_period(self, category: str | None, source: str | None) -> Period | None:
        """The default period for a category or a source; None when the policy has none."""
        if category is not None:
            for key, period in self.category_periods:
                if key == category:
                    return period
        if source is not None:
            for key, period in self.source_periods:
                if key == source:
                    return period
        return self.fallback_period


if TYPE_CHECKING:  # mypy proves BasicPolicy satisfies the service layer's protocol
    from supervision.ports import MatterPolicy

    _policy: MatterPolicy = BasicPolicy.create("check", numbering_prefix="督")
