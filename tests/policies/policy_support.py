"""Helpers for the policy tests: the seed texts, the calendar, snapshot and docs paths.

Regenerate the golden snapshots and the generated docs pages after an intended rule change:

    SUPERVISION_UPDATE_SNAPSHOTS=1 .venv/bin/python -m pytest tests/policies -q

then review the diff of ``tests/policies/snapshots/`` and ``docs/policies/``.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import re
from pathlib import Path

from supervision import calendar
from supervision.calendar import SHANGHAI

HERE = Path(__file__).parent
ROOT = HERE.parent.parent
SEEDS = HERE / "seeds"  # verbatim copies of shared/seeds/00N_*.txt, named by policy
SNAPSHOTS = HERE / "snapshots"
DOCS = ROOT / "docs" / "policies"
UPDATE_ENV = "SUPERVISION_UPDATE_SNAPSHOTS"
BUILTIN = ("chizhou-2021", "daoli-2017", "lianyungang-2019", "tongren-2014", "zhoucun-2021")


def updating() -> bool:
    """Whether the run regenerates snapshots and generated docs instead of comparing."""
    return os.environ.get(UPDATE_ENV) == "1"


def normalise(text: str) -> str:
    """The text with all whitespace (ASCII and full-width) removed."""
    return re.sub(r"\s+", "", text)


@functools.cache
def seed_text(policy: str) -> str:
    """The whitespace-normalised regulation text of a shipped policy."""
    return normalise((SEEDS / f"{policy}.txt").read_text(encoding="utf-8"))


@functools.cache
def cal() -> calendar.Calendar:
    """The statutory calendar (2026 included)."""
    return calendar.china()


def d(text: str) -> dt.date:
    """A date from ISO text."""
    return dt.date.fromisoformat(text)


def at(text: str) -> dt.datetime:
    """An aware Asia/Shanghai datetime from ISO text."""
    return dt.datetime.fromisoformat(text).replace(tzinfo=SHANGHAI)
