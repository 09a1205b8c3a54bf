"""Type-checked, never run: one Policy type for the shipped regulations and an integrator's
own (supervision.domain.policy.build), the reference a matter records, the common suite."""

from __future__ import annotations

import datetime as dt
from typing import Any

from supervision import policies
from supervision.domain.office import PolicyRef
from supervision.domain.policy import Citation, Policy, Rung, snapshot, to_markdown
from supervision.domain.policy import build as pb
from supervision.periods import Period
from supervision.testing.policy_suite import PolicyContract, Problem, check_policy

shipped: Policy = policies.get("chizhou-2021")
cite = pb.citer("example-2026")
quote: Citation = cite("§3", "一般事项5日内办结")
first: Rung = pb.reminder(quote, reply=Period.working_days(2))
custom: Policy = pb.policy(
    "example-2026", title="示例办法", issuer="示例办公室", issued=dt.date(2026, 1, 1),
    numbering_prefix="示督",
    categories=[pb.category("general", "一般事项", Period.days(5), quote)],
    ladder=[first, pb.bulletin(quote)],
)
period: Period | None = shipped.default_period("important", "leader_instruction")
ref: PolicyRef = PolicyRef.of(custom)
data: dict[str, Any] = snapshot(custom)
page: str = to_markdown(shipped)
problems: list[Problem] = check_policy(custom, "示例办法 一般事项5日内办结")
changed: Policy = shipped.with_parameters(streak_scope="per_matter")


class ExampleContract(PolicyContract):
    def policy(self) -> Policy:
        return custom

    def regulation_text(self) -> str:
        return "示例办法 一般事项5日内办结"


def misuse() -> None:
    pb.category("general", "一般事项", "5日", quote)  # type: ignore[arg-type]
    pb.policy("x-2026", title="x", issuer="x", issued="2026-01-01",  # type: ignore[arg-type]
              numbering_prefix="督")
    check_policy("chizhou-2021", "")  # type: ignore[arg-type]
    PolicyRef.of("chizhou-2021")  # type: ignore[arg-type]
