"""The daily sweep (督查巡检) of the FastAPI example's database, as a scheduler runs it.

    OA_DATABASE_URL=postgresql+psycopg://oa@db.internal/oa python -m fastapi_app.sweep

cron (``CRON_TZ=Asia/Shanghai`` then ``30 7 * * * oa … python -m fastapi_app.sweep``) or a
systemd timer runs it once a day before the office opens (docs/integration.md, "Run the sweep
every day"). It builds the same composition root as the web workers, sweeps every office, and
prints the summary; the library's own log lines (``supervision.sweep``) go to stderr. Exit 0
when done, 1 when the sweep failed (4 when the database was busy or unreachable: nothing was
stored, run it again later).
"""

from __future__ import annotations

import logging
import os
import sys

from oa_host import start
from oa_host.web import daily_sweep, summary_lines

from supervision.clock import Clock
from supervision.exceptions import StorageError, SupervisionError
from supervision.service_layer.sweep import SweepSummary

__all__ = ["main", "run"]


def run(url: str, clock: Clock | None = None) -> SweepSummary:
    """One sweep of the database at ``url``."""
    host = start(url, clock)
    try:
        return daily_sweep(host)
    finally:
        host.close()


def main() -> int:
    logging.basicConfig(level=logging.INFO, stream=sys.stderr,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    url = os.environ.get("OA_DATABASE_URL", "sqlite:///oa.db")
    try:
        summary = run(url)
    except StorageError as error:
        print(f"sweep failed: {error}", file=sys.stderr)
        return 4 if error.retryable else 1
    except SupervisionError as error:
        print(f"sweep failed: {error}", file=sys.stderr)
        return 1
    for line in summary_lines(summary):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
