"""What a calendar day is (工作日, 调休上班日, 休息日, 法定节假日)."""

from __future__ import annotations

import enum

__all__ = ["DayKind"]


class DayKind(enum.Enum):
    """What a calendar day is, for explanations and reports."""

    WORKING_DAY = "工作日"
    MAKEUP_WORKING_DAY = "调休上班日"
    WEEKEND = "休息日"
    HOLIDAY = "法定节假日"

    @property
    def label(self) -> str:
        """The Chinese label (工作日, 调休上班日, 休息日, 法定节假日)."""
        return self.value

    @property
    def english(self) -> str:
        return {
            DayKind.WORKING_DAY: "a working day",
            DayKind.MAKEUP_WORKING_DAY: "a make-up working day",
            DayKind.WEEKEND: "a weekend day",
            DayKind.HOLIDAY: "a statutory holiday",
        }[self]

    @property
    def is_working(self) -> bool:
        return self in (DayKind.WORKING_DAY, DayKind.MAKEUP_WORKING_DAY)


# Shown (repr, docs, pickles) under the public module that re-exports it.
DayKind.__module__ = "supervision.calendar"
