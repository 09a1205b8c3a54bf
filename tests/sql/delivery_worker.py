"""A delivery worker in its own process, for the outbox's kill -9 test (run as a script).

    python delivery_worker.py URL GATEWAY WORKER INSTANT [HANG_AFTER] [BATCH]

Delivers the outbox of the database at URL through a WebhookSender posting to GATEWAY, as
WORKER, with the clock fixed at INSTANT (ISO 8601), until nothing is due. With HANG_AFTER
(> 0) the sender, once the gateway accepted that many notices, writes ``<WORKER>.hung`` beside
this script's working directory and blocks for ever *before* returning: the notice reached the
gateway but its delivery is never recorded, which is what a kill -9 at that moment leaves.
Prints the run as JSON.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import threading
from pathlib import Path

from supervision import bootstrap
from supervision.adapters.sqlalchemy import create_engine
from supervision.clock import FixedClock
from supervision.delivery import WebhookSender
from supervision.domain.notices import Backoff, Notice


class _Hanging:
    def __init__(self, inner: WebhookSender, after: int, marker: Path) -> None:
        self.inner, self.after, self.marker, self.accepted = inner, after, marker, 0

    def send(self, notice: Notice) -> str:
        receipt = self.inner.send(notice)
        self.accepted += 1
        if self.after and self.accepted >= self.after:
            self.marker.write_text(notice.key, encoding="utf-8")
            threading.Event().wait()  # killed here (SIGKILL), never returns
        return receipt


def main(url: str, gateway: str, worker: str, instant: str, hang_after: int, batch: int) -> int:
    engine = create_engine(url, busy_timeout=30.0, lock_timeout=30.0)
    app = bootstrap(engine=engine, clock=FixedClock(dt.datetime.fromisoformat(instant)))
    sender = _Hanging(WebhookSender(gateway, timeout=10), hang_after,
                      Path.cwd() / f"{worker}.hung")
    run = app.deliver(sender, worker=worker, batch_size=batch,
                      lease=dt.timedelta(minutes=5), backoff=Backoff.of(first=dt.timedelta(
                          minutes=1)))
    print(json.dumps({"delivered": list(run.delivered), "retrying": list(run.retrying),
                      "lost": list(run.lost), "attempts": run.attempts}))
    engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4],
                  int(sys.argv[5]) if len(sys.argv) > 5 else 0,
                  int(sys.argv[6]) if len(sys.argv) > 6 else 4))
