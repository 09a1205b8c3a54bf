"""Type-checked, never run: the shipped policies satisfy the service layer's MatterPolicy."""

from __future__ import annotations

from supervision import BasicPolicy, MatterPolicy, policies
from supervision.periods import Period

shipped: MatterPolicy = policies.get("chizhou-2021")
custom: MatterPolicy = BasicPolicy(name="example-2026", numbering_prefix="示督")
period: Period | None = shipped.default_period("important", "leader_instruction")
