"""Statistics defined once (docs/statistics.md): pure functions over matters, their events,
escalations and score entries as of an instant the caller gives.

* :func:`matter_at` — a matter as it stood at an instant (what happened later left out);
* :func:`assess` — where a matter stands then: its bucket (:class:`Outcome`), its ledger
  standing (:class:`Standing`), its traffic light (:class:`Light`) and why;
* :func:`matter_facts` — the few parts of a matter its standing and the figures read
  (:class:`MatterFacts`, which storage keeps beside the matter), and :func:`standing_of` —
  the standing judged from them (what :func:`assess` does after :func:`matter_at`);
* :func:`light_history` — every change of its light, derived from its events, and
  :class:`Histories` — the same of many matters in one read (the ledger's);
* :func:`figures` / :func:`figures_by_unit` — the figures (:class:`Figures`: assigned,
  completed on time / late, open and overdue / not yet due, the on-time :class:`Rate` with
  its denominator, average and median handling time in working days, reminders, returns,
  bulletins, points) of a unit or an office for a period (:class:`ScorePeriod`: a year,
  half-year, quarter or month);
* :data:`STATISTICS` — each figure's name, bilingual definition and the clauses it serves.

Nothing here reads a clock: every function takes the instant.
"""

from __future__ import annotations

from supervision.domain.scoring import PERIOD_KINDS, ScoreEntry, ScorePeriod
from supervision.domain.statistics._asof import (
    entries_at,
    escalations_at,
    last_day_of,
    matter_at,
)
from supervision.domain.statistics._definitions import STATISTICS, Statistic, statistic
from supervision.domain.statistics._facts import (
    FACTS_FORMAT,
    MatterFacts,
    Review,
    matter_facts,
)
from supervision.domain.statistics._figures import (
    Figures,
    Rate,
    counted_day,
    counted_in,
    entry_counts_in,
    escalation_counts_in,
    figures,
    figures_by_unit,
    in_period,
    missed_deadlines,
)
from supervision.domain.statistics._history import Histories
from supervision.domain.statistics._standing import (
    DEFAULT_DUE_SOON_WORKING_DAYS,
    Light,
    LightChange,
    MatterStanding,
    Outcome,
    Standing,
    assess,
    assess_state,
    light_history,
    standing_of,
)

__all__ = [
    "DEFAULT_DUE_SOON_WORKING_DAYS",
    "FACTS_FORMAT",
    "PERIOD_KINDS",
    "STATISTICS",
    "Figures",
    "Histories",
    "Light",
    "LightChange",
    "MatterFacts",
    "MatterStanding",
    "Outcome",
    "Rate",
    "Review",
    "ScoreEntry",
    "ScorePeriod",
    "Standing",
    "Statistic",
    "assess",
    "assess_state",
    "counted_day",
    "counted_in",
    "entries_at",
    "entry_counts_in",
    "escalation_counts_in",
    "escalations_at",
    "figures",
    "figures_by_unit",
    "in_period",
    "last_day_of",
    "light_history",
    "matter_at",
    "matter_facts",
    "missed_deadlines",
    "standing_of",
    "statistic",
]
