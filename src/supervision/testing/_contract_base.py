"""The hook every contract test uses, and the helpers the parts of the suite share."""

from __future__ import annotations

import abc
import datetime as dt
from typing import Any

from supervision.calendar import SHANGHAI
from supervision.domain.lifecycle import Status
from supervision.domain.model import DueDate, Matter
from supervision.ports import UnitOfWork

from ._samples import T0, bumped, sample_matter

__all__ = ["ContractBase"]


class ContractBase(abc.ABC):
    """The one hook (:meth:`make_unit_of_work`) and small helpers built on it."""

    @abc.abstractmethod
    def make_unit_of_work(self) -> UnitOfWork:
        """A new unit of work on this test's storage (empty when the test starts)."""

    def _add(self, matter_id: str = "m-1", seq: int = 1, **kwargs: Any) -> Matter:
        """Store a sample matter and its event in one committed unit of work."""
        matter, event = sample_matter(matter_id, seq, **kwargs)
        with self.make_unit_of_work() as uow:
            uow.matters.add(matter)
            uow.events.append([event])
            uow.commit()
        return matter

    def _dispatch(self, matter: Matter, day: int) -> Matter:
        """Store ``matter`` as dispatched, due at the end of 2026-03-``day``."""
        due = DueDate(
            dt.date(2026, 3, day), dt.date(2026, 3, day),
            dt.datetime(2026, 3, day + 1, tzinfo=SHANGHAI), False,
        )
        moved, event = bumped(matter, status=Status.DISPATCHED, due=due, dispatched_at=T0)
        with self.make_unit_of_work() as uow:
            uow.matters.update(moved, expected_version=matter.version)
            uow.events.append([event])
            uow.commit()
        return moved

    def _wakes(
        self, before: dt.datetime, offices: list[str] | None = None
    ) -> list[tuple[dt.datetime, str]]:
        with self.make_unit_of_work() as uow:
            return uow.matters.wake_due(before=before, offices=offices)
