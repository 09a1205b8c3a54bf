"""The cyclic garbage collector paused while one bulk read or write builds its values.

A read that builds hundreds of thousands of small values at once (the scorecard of a city's
year: each matter's facts and standing; the ledger's entries: each row's matter, events,
facts, standings and light history), or a bulk registration building and writing each
matter, its event and their rows (``register_many_in`` and the commit of such a batch),
or the sweep reading and evaluating one page of due matters beside a large stored world,
triggers the collector's passes over and over: it
counts the new container objects, and once they outnumber a quarter of the objects that
survived earlier passes it walks the *whole* heap of the process — the host's, not the
read's — finding nothing to free, since these values form no reference cycles
(reference counting frees each as soon as it is no longer used). On a process holding a
large heap those passes cost more than the read itself.

:func:`paused` switches the collector off for the duration of such a read and back on when
it ends (in ``finally``), only if it was on when the read began, and only when the last of
several concurrent pausing reads (threads) ends. The host's setting is never changed
beyond the read: a collector the host switched off stays off. What a pause delays is the
collection of reference cycles other threads drop meanwhile, by at most the read's own
duration; nothing is leaked, since the first pass after it finds them. (A host that itself
switches the collector off, from another thread, while such a read is running finds it on
again when the read ends.)
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["paused"]

_lock = threading.Lock()
_depth = 0
_restore = False


@contextmanager
def paused() -> Iterator[None]:
    """The collector off while the block runs (see the module's text)."""
    global _depth, _restore
    with _lock:
        if _depth == 0:
            _restore = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _restore:
                gc.enable()
