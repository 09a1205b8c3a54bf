"""A problem the policy suite finds (:mod:`supervision.testing.policy_suite`)."""

from __future__ import annotations

import attrs

__all__ = ["Problem"]


@attrs.frozen
class Problem:
    """One thing a policy gets wrong: the check that found it, what it concerns (a citation
    key, a parameter, a ladder step …) and what is wrong, in Chinese then English."""

    check: str
    subject: str
    message: str

    def __str__(self) -> str:
        return f"[{self.check}] {self.subject}: {self.message}"
