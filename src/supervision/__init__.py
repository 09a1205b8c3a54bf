"""supervision: 督查督办 for Chinese government OA systems, exactly as their regulations say.

The public surface is re-exported here; see docs/ for concepts and the integration guide.
``import supervision`` needs only the core dependencies (attrs, python-dateutil,
chinese-calendar, tzdata); SQL storage and office documents live behind extras.
"""

from __future__ import annotations

from supervision import calendar
from supervision.calendar import SHANGHAI, Calendar, DayKind, YearSchedule
from supervision.exceptions import (
    CalendarDataUnavailable,
    InvalidInput,
    NaiveDatetime,
    SupervisionError,
)
from supervision.periods import Deadline, Period, PeriodUnit

__version__ = "0.1.0"

__all__ = [
    "SHANGHAI",
    "Calendar",
    "CalendarDataUnavailable",
    "DayKind",
    "Deadline",
    "InvalidInput",
    "NaiveDatetime",
    "Period",
    "PeriodUnit",
    "SupervisionError",
    "YearSchedule",
    "__version__",
    "calendar",
]
