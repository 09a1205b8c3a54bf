"""Periods the figures cover (:class:`ScorePeriod`) and score entries (:class:`ScoreEntry`).

A :class:`ScorePeriod` is a calendar year, half-year, quarter or month in China. Score entries
are kept per assessment period — a year, or a half-year where the policy assesses by half-year
(``daoli-2017 art.27`` 每半年) — and every statistic can be asked for any of the four kinds
(:mod:`supervision.domain.statistics`).

A :class:`ScoreEntry` is one deduction or bonus in a unit's assessment, with the clause it
rests on and the matters, events and escalations that caused it. Entries are never deleted or
changed: a deduction found wrong (an upheld objection, 异议成立) is reversed by a compensating
entry (:meth:`ScoreEntry.reversal`) that points at it.

Both are re-exported by :mod:`supervision.domain.scorecard`, where they were first defined.
"""

from __future__ import annotations

import datetime as _dt
import re
from decimal import Decimal

import attrs

from supervision.calendar import SHANGHAI
from supervision.clock import require_aware
from supervision.domain.policy import AssessmentPeriod, Citation, ScoreBasis
from supervision.exceptions import InvalidInput
from supervision.text import FULL_WIDTH_DIGITS

__all__ = ["PERIOD_KINDS", "ScoreEntry", "ScorePeriod"]

#: The kinds of period, in the order of their length: ``ScorePeriod.kind``.
PERIOD_KINDS: tuple[str, ...] = ("year", "half", "quarter", "month")
_KIND_LABELS = {"year": "年度", "half": "半年", "quarter": "季度", "month": "月度"}
_CN_ORDINAL = {1: "一", 2: "二", 3: "三", 4: "四"}
_EXPECTED = (
    "a period such as '2026', '2026-H1', '2026-Q3', '2026-09', or 2026年 / 2026年上半年 / "
    "2026年第三季度 / 2026年9月"
)
_KEY = re.compile(r"^([0-9]{4})(?:-(?:H([12])|Q([1-4])|([0-9]{2})))?$")
_CN = re.compile(
    r"^([0-9]{4})\s*年\s*(?:度|(上|下)半年|第?\s*([一二三四1-4])\s*季度|([0-9]{1,2})\s*月(?:份)?)?$"
)
_CN_QUARTER = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}


@attrs.frozen(order=True)
class ScorePeriod:
    """A calendar year, half-year, quarter or month (in China).

    ``key`` is ``"2026"``, ``"2026-H1"``, ``"2026-Q3"`` or ``"2026-09"``; score entries store
    the key of their assessment period (a year or a half-year). Build one with
    :meth:`of_year`, :meth:`of_half`, :meth:`of_quarter`, :meth:`of_month` or :meth:`parse`.
    """

    year: int
    half: int | None = None
    quarter: int | None = None
    month: int | None = None

    @classmethod
    def of_year(cls, year: int) -> ScorePeriod:
        if year.__class__ is not int or not 1900 <= year <= 2999:
            raise InvalidInput("year", "a four-digit year such as 2026", year)
        return cls(year, None)

    @classmethod
    def of_half(cls, year: int, half: int) -> ScorePeriod:
        if half.__class__ is not int or half not in (1, 2):
            raise InvalidInput("half", "1 (上半年) or 2 (下半年)", half)
        return attrs.evolve(cls.of_year(year), half=half)

    @classmethod
    def of_quarter(cls, year: int, quarter: int) -> ScorePeriod:
        if quarter.__class__ is not int or not 1 <= quarter <= 4:
            raise InvalidInput("quarter", "1, 2, 3 or 4 (第一至第四季度)", quarter)
        return attrs.evolve(cls.of_year(year), quarter=quarter)

    @classmethod
    def of_month(cls, year: int, month: int) -> ScorePeriod:
        if month.__class__ is not int or not 1 <= month <= 12:
            raise InvalidInput("month", "a month from 1 to 12", month)
        return attrs.evolve(cls.of_year(year), month=month)

    @classmethod
    def parse(cls, key: str) -> ScorePeriod:
        """Read ``"2026"``, ``"2026-H1"``, ``"2026-Q3"``, ``"2026-09"``, or the Chinese forms
        ``2026年`` / ``2026年度``, ``2026年上半年``, ``2026年第三季度``, ``2026年9月`` (full-width
        digits read as ASCII ones, digits of other scripts refused)."""
        if not isinstance(key, str):
            raise InvalidInput("period", _EXPECTED, key)
        text = key.strip().translate(FULL_WIDTH_DIGITS)
        match = _KEY.match(text)
        if match is not None:
            year = int(match[1])
            if match[2]:
                return cls.of_half(year, int(match[2]))
            if match[3]:
                return cls.of_quarter(year, int(match[3]))
            if match[4]:
                return cls.of_month(year, int(match[4]))
            return cls.of_year(year)
        match = _CN.match(text)
        if match is None:
            raise InvalidInput("period", _EXPECTED, key)
        year = int(match[1])
        if match[2]:
            return cls.of_half(year, 1 if match[2] == "上" else 2)
        if match[3]:
            return cls.of_quarter(year, _CN_QUARTER[match[3]])
        if match[4]:
            return cls.of_month(year, int(match[4]))
        return cls.of_year(year)

    @classmethod
    def containing(cls, when: _dt.datetime | _dt.date, assessment: AssessmentPeriod | str
                   ) -> ScorePeriod:
        """The period of ``assessment`` kind that contains ``when`` (in China): an
        :class:`AssessmentPeriod` (年度 / 半年) or one of :data:`PERIOD_KINDS`."""
        if isinstance(when, _dt.datetime):
            day = require_aware(when, "when").astimezone(SHANGHAI).date()
        elif isinstance(when, _dt.date):
            day = when
        else:
            raise InvalidInput("when", "a date or an aware datetime", when)
        kind = assessment
        if isinstance(assessment, AssessmentPeriod):
            kind = "half" if assessment is AssessmentPeriod.HALF_YEAR else "year"
        if kind == "half":
            return cls.of_half(day.year, 1 if day.month <= 6 else 2)
        if kind == "quarter":
            return cls.of_quarter(day.year, (day.month - 1) // 3 + 1)
        if kind == "month":
            return cls.of_month(day.year, day.month)
        if kind == "year":
            return cls.of_year(day.year)
        raise InvalidInput("kind", "year, half, quarter or month", assessment)

    # ------------------------------------------------------------------ views
    @property
    def kind(self) -> str:
        """``"year"``, ``"half"``, ``"quarter"`` or ``"month"``."""
        if self.half is not None:
            return "half"
        if self.quarter is not None:
            return "quarter"
        if self.month is not None:
            return "month"
        return "year"

    @property
    def kind_label(self) -> str:
        """年度, 半年, 季度, 月度."""
        return _KIND_LABELS[self.kind]

    @property
    def key(self) -> str:
        if self.half is not None:
            return f"{self.year}-H{self.half}"
        if self.quarter is not None:
            return f"{self.year}-Q{self.quarter}"
        if self.month is not None:
            return f"{self.year}-{self.month:02d}"
        return str(self.year)

    @property
    def first_day(self) -> _dt.date:
        if self.half is not None:
            return _dt.date(self.year, 1 if self.half == 1 else 7, 1)
        if self.quarter is not None:
            return _dt.date(self.year, 3 * self.quarter - 2, 1)
        if self.month is not None:
            return _dt.date(self.year, self.month, 1)
        return _dt.date(self.year, 1, 1)

    @property
    def last_day(self) -> _dt.date:
        if self.half is not None:
            months = 6
        elif self.quarter is not None:
            months = 3
        elif self.month is not None:
            months = 1
        else:
            months = 12
        start = self.first_day
        index = start.year * 12 + start.month - 1 + months
        return _dt.date(index // 12, index % 12 + 1, 1) - _dt.timedelta(days=1)

    @property
    def start(self) -> _dt.datetime:
        """00:00 of the first day, Asia/Shanghai."""
        return _dt.datetime.combine(self.first_day, _dt.time(0), SHANGHAI)

    @property
    def end(self) -> _dt.datetime:
        """24:00 of the last day (00:00 of the next), Asia/Shanghai."""
        return _dt.datetime.combine(
            self.last_day + _dt.timedelta(days=1), _dt.time(0), SHANGHAI
        )

    def contains(self, when: _dt.datetime) -> bool:
        return self.start <= when < self.end

    def contains_day(self, day: _dt.date) -> bool:
        return self.first_day <= day <= self.last_day

    def covers(self, other: ScorePeriod) -> bool:
        """Whether ``other`` lies wholly inside this period (a period covers itself)."""
        return self.first_day <= other.first_day and other.last_day <= self.last_day

    def overlaps(self, other: ScorePeriod) -> bool:
        return self.first_day <= other.last_day and other.first_day <= self.last_day

    def months(self) -> tuple[tuple[int, int], ...]:
        """The (year, month) pairs of the period, in order."""
        first, last = self.first_day, self.last_day
        count = (last.year - first.year) * 12 + last.month - first.month + 1
        index = first.year * 12 + first.month - 1
        return tuple(((index + i) // 12, (index + i) % 12 + 1) for i in range(count))

    @property
    def label(self) -> str:
        """2026年度, 2026年上半年, 2026年第三季度, 2026年9月."""
        if self.half is not None:
            return f"{self.year}年{'上' if self.half == 1 else '下'}半年"
        if self.quarter is not None:
            return f"{self.year}年第{_CN_ORDINAL[self.quarter]}季度"
        if self.month is not None:
            return f"{self.year}年{self.month}月"
        return f"{self.year}年度"

    def __str__(self) -> str:
        return self.key


@attrs.frozen
class ScoreEntry:
    """One deduction (negative ``points``) or bonus (positive) in a unit's assessment.

    * ``key`` — the idempotency key, unique in storage (``"<cause>:<basis>:<unit id>"``, a
      reversal ``"<original key>:reversal"``).
    * ``period`` — the :class:`ScorePeriod` key it counts in (``"2026"``, ``"2026-H1"``).
    * ``basis`` / ``reason`` / ``citation`` — what is counted, why, and the clause.
    * ``occurred_at`` — when its cause happened; ``recorded_at`` / ``recorded_by`` — when and by
      whom (``"system:sweep"`` for the sweep) it was recorded.
    * ``matter_ids``, ``event_ids``, ``escalation_keys`` — what caused it (the trace).
    * ``compensates`` — for a reversal, the key of the entry it cancels (its points negated).
    """

    key: str
    policy: str
    office_id: str
    unit_id: str
    period: str
    points: Decimal
    basis: ScoreBasis
    reason: str
    citation: Citation
    occurred_at: _dt.datetime
    recorded_at: _dt.datetime
    recorded_by: str = ""
    matter_ids: tuple[str, ...] = ()
    event_ids: tuple[str, ...] = ()
    escalation_keys: tuple[str, ...] = ()
    compensates: str | None = None

    @property
    def is_deduction(self) -> bool:
        return self.points < 0

    @property
    def is_reversal(self) -> bool:
        return self.compensates is not None

    def reversal(
        self, *, reason: str, recorded_by: str, recorded_at: _dt.datetime
    ) -> ScoreEntry:
        """The compensating entry for an upheld objection (异议成立): the same unit, period,
        basis, clause and trace, the points negated, pointing back at this entry."""
        if self.compensates is not None:
            raise InvalidInput("entry", "an original entry, not a reversal", self.key)
        if not isinstance(reason, str) or not reason.strip():
            raise InvalidInput(
                "reason", "the reason the objection was upheld (异议成立理由)", reason
            )
        return attrs.evolve(
            self,
            key=f"{self.key}:reversal",
            points=-self.points,
            reason=reason,
            recorded_at=require_aware(recorded_at, "recorded_at"),
            recorded_by=recorded_by,
            compensates=self.key,
        )
