"""Cited corrections to chinese-calendar's data (对 chinese-calendar 数据的勘误).

:func:`supervision.calendar.china` builds its notices from the ``chinese-calendar`` package and
then applies :data:`CORRECTIONS`: each entry is one day the package has wrong, with the number of
the State Council notice that set it and the notice's own words. The table is data, checked by a
test per entry (tests/test_calendar_corrections.py); see docs/calendar.md for how the other
years were checked.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Mapping
from typing import Any, ClassVar, Final

from supervision._calendar.kinds import DayKind
from supervision._calendar.schedule import YearSchedule
from supervision._frozen import Value
from supervision.exceptions import InvalidInput

__all__ = ["CORRECTIONS", "CalendarCorrection", "apply_corrections"]

_date = _dt.date


class CalendarCorrection(Value):
    """One day chinese-calendar has wrong, as the notice that set it says.

    ``kind`` is what the day is (``DayKind.MAKEUP_WORKING_DAY`` for a Saturday the notice made a
    working day, ``DayKind.HOLIDAY`` for a day off, ``DayKind.WORKING_DAY`` / ``DayKind.WEEKEND``
    for a day the notice left alone); ``holiday`` the holiday it belongs to or makes up for;
    ``notice_year`` the year of the notice (which may set days in the December before it);
    ``notice`` its document number (国办发明电〔2005〕35号), ``title`` its title and ``words`` the
    words of the notice that set the day, quoted exactly. A frozen value
    (:class:`supervision._frozen.Value`); the constructor checks nothing, :meth:`of` does.
    """

    __slots__ = ("day", "holiday", "kind", "note", "notice", "notice_year", "title", "words")
    _fields: ClassVar[tuple[str, ...]] = (
        "day", "kind", "holiday", "notice_year", "notice", "title", "words", "note")
    _defaults: ClassVar[dict[str, Any]] = {"note": ""}

    day: _date
    kind: DayKind
    holiday: str
    notice_year: int
    notice: str
    title: str
    words: str
    note: str

    def __init__(
        self,
        day: _date,
        kind: DayKind,
        holiday: str,
        notice_year: int,
        notice: str,
        title: str,
        words: str,
        note: str = "",
    ) -> None:
        _set = object.__setattr__
        _set(self, "day", day)
        _set(self, "kind", kind)
        _set(self, "holiday", holiday)
        _set(self, "notice_year", notice_year)
        _set(self, "notice", notice)
        _set(self, "title", title)
        _set(self, "words", words)
        _set(self, "note", note)

    @classmethod
    def of(
        cls,
        day: _date,
        kind: DayKind,
        *,
        holiday: str,
        notice_year: int,
        notice: str,
        title: str,
        words: str,
        note: str = "",
    ) -> CalendarCorrection:
        """Validate and build a correction."""
        if day.__class__ is not _date:
            raise InvalidInput("day", "a date", day)
        if not isinstance(kind, DayKind):
            raise InvalidInput("kind", "a DayKind", kind)
        if notice_year.__class__ is not int or day.year not in (notice_year - 1, notice_year):
            raise InvalidInput("notice_year", f"{day.year} or {day.year + 1}", notice_year)
        if day.year == notice_year - 1 and day.month != 12:
            raise InvalidInput("day", f"a day of {notice_year} or of December before it", day)
        weekend = day.weekday() >= 5
        if kind is DayKind.MAKEUP_WORKING_DAY and not weekend:
            raise InvalidInput("kind", "a make-up working day on a Saturday or Sunday", day)
        if (kind is DayKind.WEEKEND and not weekend) or (kind is DayKind.WORKING_DAY and weekend):
            raise InvalidInput("kind", "a kind that fits the day of the week", kind)
        for field, text in (
            ("holiday", holiday), ("notice", notice), ("title", title), ("words", words),
        ):
            if not isinstance(text, str) or not text.strip():
                raise InvalidInput(field, "a non-empty string", text)
        if not isinstance(note, str):
            raise InvalidInput("note", "a string", note)
        return cls(day, kind, holiday, notice_year, notice, title, words, note)

    @property
    def citation(self) -> str:
        """``《title》（notice）：「words」``, for a source line or a report."""
        return f"《{self.title}》（{self.notice}）：「{self.words}」"


#: The corrections :func:`supervision.calendar.china` applies over chinese-calendar 1.11's data.
CORRECTIONS: Final[tuple[CalendarCorrection, ...]] = (
    CalendarCorrection.of(
        _date(2005, 12, 31),
        DayKind.MAKEUP_WORKING_DAY,
        holiday="元旦",
        notice_year=2006,
        notice="国办发明电〔2005〕35号",
        title="国务院办公厅关于2006年部分节假日安排的通知",
        words="12月31日(星期六)上班",
        note="chinese-calendar 1.11 counts Saturday 2005-12-31 a rest day (its issue #125)",
    ),
)


def apply_corrections(
    notices: Mapping[int, YearSchedule], corrections: Iterable[CalendarCorrection]
) -> dict[int, YearSchedule]:
    """The notices with each correction's day set as its notice says (unknown notices skipped).

    The corrected notice's ``source`` gains the correction's citation.
    """
    out = dict(notices)
    for fix in corrections:
        notice = out.get(fix.notice_year)
        if notice is None:
            continue
        off = {d: n for d, n in notice.holidays if d != fix.day}
        on = {d: n for d, n in notice.working_days if d != fix.day}
        if fix.kind is DayKind.HOLIDAY:
            off[fix.day] = fix.holiday
        elif fix.kind is DayKind.MAKEUP_WORKING_DAY:
            on[fix.day] = fix.holiday
        note = f"勘误 {fix.day.isoformat()} {fix.kind.label}，据{fix.citation}"
        source = f"{notice.source}; {note}" if notice.source else note
        out[fix.notice_year] = YearSchedule(
            year=notice.year,
            holidays=tuple(sorted(off.items())),
            working_days=tuple(sorted(on.items())),
            source=source,
        )
    return out
