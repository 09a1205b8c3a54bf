"""What the daily sweep tells the host's logs (logger ``supervision.sweep``; no handlers here).

* DEBUG — each page of matters evaluated, each escalation recorded;
* INFO — the start of a sweep, a page re-read after a concurrent change (a retry), one
  summary line per office swept, the closing totals, a deadline recomputation's totals, a
  policy finding of severity 提示 (a trial regulation);
* WARNING — a policy finding of severity 警告 or 不予办理 (a lapsed regulation,
  ``chizhou-2021 §9``), per office; escalations due but waiting for a year's holiday
  schedule (their reply period would end in a year the calendar does not know), per matter.

Every line names the office(s) and the counts; none names a matter's title (a confidential
matter's content never reaches a log), only ids, keys and the clause.
"""

from __future__ import annotations

import datetime as _dt
import logging
from collections import Counter
from collections.abc import Iterable, Mapping

from supervision._logs import logger
from supervision.domain.escalation import Escalation
from supervision.domain.policy import Finding, Severity

__all__ = [
    "LOGGER",
    "log_awaiting",
    "log_escalation",
    "log_page",
    "log_recompute",
    "log_retry",
    "log_start",
    "log_summary",
]

#: The sweep's logger.
LOGGER = logger("supervision.sweep")


def _offices(offices: Iterable[str] | None) -> str:
    return "every office" if offices is None else ", ".join(offices) or "no office"


def log_start(now: _dt.datetime, offices: Iterable[str] | None, due: int, batch: int) -> None:
    """INFO: a sweep begins (how many matters are due, in which offices)."""
    LOGGER.info("sweep at %s of %s: %d matters due, pages of %d",
                now.isoformat(), _offices(offices), due, batch)


def log_page(number: int, size: int, done: int, total: int) -> None:
    """DEBUG: one page evaluated and committed (progress)."""
    LOGGER.debug("sweep page %d: %d matters evaluated (%d of %d)", number, size, done, total)


def log_retry(error: Exception, attempt: int, attempts: int) -> None:
    """INFO: a page met a concurrent change and is read again."""
    LOGGER.info("sweep page met a concurrent change (%s: %s); reading it again "
                   "(retry %d of %d)", type(error).__name__, error, attempt, attempts - 1)


def log_escalation(escalation: Escalation) -> None:
    """DEBUG: one escalation recorded (only those this run inserted)."""
    if LOGGER.isEnabledFor(logging.DEBUG):
        LOGGER.debug("office %s: %s recorded on matter %s for unit %s (%s, key %s)",
                     escalation.office_id, escalation.label, escalation.matter_id,
                     escalation.unit_id or "office", escalation.citation.key, escalation.key)


def log_awaiting(office_id: str, matter_id: str, keys: tuple[str, ...]) -> None:
    """Escalations of one matter due but not issued: their reply period would end in a year
    the office's calendar has no holiday schedule for (rules.md §2, never guessed); they are
    issued by the first sweep after the schedule is supplied."""
    LOGGER.warning("office %s matter %s: %s escalation(s) due wait for a holiday schedule "
                   "(待补充节假日安排): %s", office_id, matter_id, len(keys),
                   ", ".join(keys))


def _finding_level(finding: Finding) -> int:
    return logging.INFO if finding.severity is Severity.INFO else logging.WARNING


def log_summary(
    now: _dt.datetime,
    offices: Iterable[str],
    matters: Mapping[str, int],
    escalations: Iterable[Escalation],
    entries_by_office: Mapping[str, int],
    held: int,
    office_findings: Iterable[tuple[str, Finding]],
    batches: int,
    retries: int,
) -> None:
    """INFO per office swept, WARNING (or INFO) per policy finding, INFO for the totals."""
    swept = tuple(offices)
    issued = Counter(e.office_id for e in escalations)
    for office_id in swept:
        LOGGER.info("sweep of office %s at %s: %d matters evaluated, %d escalations recorded, "
                    "%d score entries recorded", office_id, now.isoformat(),
                    matters.get(office_id, 0), issued.get(office_id, 0),
                    entries_by_office.get(office_id, 0))
    for office_id, finding in office_findings:
        LOGGER.log(_finding_level(finding), "office %s: policy finding %s: %s",
                   office_id, finding.code, finding.message)
    LOGGER.info("sweep done at %s: %d offices, %d matters evaluated, %d escalations, "
                "%d score entries, %d held, %d batches, %d retries", now.isoformat(),
                len(swept), sum(matters.values()), sum(issued.values()),
                sum(entries_by_office.values()), held, batches, retries)


def log_recompute(now: _dt.datetime, offices: Iterable[str] | None, evaluated: int,
                  moved: int) -> None:
    """INFO: a deadline recomputation's totals."""
    LOGGER.info("deadlines recomputed at %s in %s: %d open matters evaluated, %d moved",
                now.isoformat(), _offices(offices), evaluated, moved)
