"""Errors of the notice outbox and the duplicate-supervision guard."""

from __future__ import annotations

from typing import Any

from supervision._exceptions._base import SupervisionError
from supervision._exceptions._rules import RuleViolation

__all__ = ["DeliveryRefused", "DuplicateSupervision"]


class DeliveryRefused(SupervisionError):
    """Raised by a notice sender (:class:`supervision.delivery.Sender`) when the channel
    refuses a notice for good (无法送达: no such recipient, an address the channel rejects):
    the notice is marked 未送达 at once instead of being tried again. ``reason`` says why."""

    reason: str

    def __init__(self, reason: str) -> None:
        super().__init__(f"the notice cannot be delivered (无法送达): {reason}", reason=reason)


class DuplicateSupervision(RuleViolation):
    """Raised when a registration likely repeats a matter the office already supervises
    (重复督查; rule ``duplicate_supervision``) and no override with a reason was given.
    ``candidates`` are the matters found (:class:`supervision.domain.duplicates
    .DuplicateCandidate`: id, number, title and why), only matters the registering person may
    see. Register anyway with ``override=DuplicateOverride.of(reason)`` (recorded)."""

    candidates: tuple[Any, ...]

    def __init__(self, candidates: tuple[Any, ...], cited: str = "") -> None:
        listed = "；".join(getattr(c, "label", str(c)) for c in candidates)
        RuleViolation.__init__(
            self, "duplicate_supervision",
            f"疑似重复督查：{listed}。确需另行立项的，请说明理由（override）。 The registration "
            "likely repeats a matter the office already supervises; register it with an "
            "override and its reason, or handle it under the existing matter.",
            "", cited,
        )
        self.candidates = tuple(candidates)
        self.fields["candidates"] = self.candidates

    def citing(self, cited: str) -> RuleViolation:
        return DuplicateSupervision(self.candidates, cited)
