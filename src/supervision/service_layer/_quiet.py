"""Settling the quiet matters no longer open before a sweep pages through its due matters.

A matter no longer open (and not before dispatch, where a received matter may owe its receipt
duty) is looked at by the sweep only while it has had an event in the last ``lookback_days``
(:func:`~supervision.service_layer._sweep_records.closed_cutoff`); one quiet for longer gets
no wake (never looked at again until it changes), and nothing else is recorded for it. The
sweep used to learn that by reading and decoding the matter and its events, one page at a
time: after a bulk registration of a city's past matters, or after
:func:`~supervision.service_layer.sweep.recompute_deadlines` made every wake unknown, that is
most of the first sweep's work. :func:`settle` gives those matters the same answer set-based
(``matters.settle_quiet``: one UPDATE on SQL), so the sweep reads only the matters it must
evaluate. What is stored is the plain sweep's: the same wakes, and nothing else (no event, no
escalation, no score entry was ever written for such a matter).
"""

from __future__ import annotations

import datetime as _dt

from supervision.ports import UnitOfWork

__all__ = ["settle"]


def settle(
    uow: UnitOfWork, now: _dt.datetime, offices: tuple[str, ...] | None, lookback_days: int
) -> None:
    """In one unit of work: every matter (of ``offices``) neither open nor before dispatch,
    whose wake is unknown and which has had no event in the ``lookback_days`` before ``now``
    (any events when ``lookback_days`` is 0), gets no wake."""
    since = None if not lookback_days else now - _dt.timedelta(days=lookback_days)
    with uow:
        uow.matters.settle_quiet(since=since, offices=offices)
        uow.commit()
