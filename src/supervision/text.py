"""How dates and times are written in Chinese official text and in English.

Chinese dates follow GB/T 9704 usage: Arabic numerals, the full year, no leading zeros
(2026年9月30日). These helpers are pure and locale-independent; given anything but a date (or
a datetime where one is asked for) they raise :class:`~supervision.exceptions.InvalidInput`.

:func:`require_text` is the check for text a person typed or an OA system sent: a ``str``
without NUL characters or lone surrogates (which no UTF-8 database or document can hold), at
most :data:`MAX_TEXT_LENGTH` characters unless told otherwise.
"""

from __future__ import annotations

import datetime as _dt
import re

from supervision.exceptions import InputOutOfBounds, InvalidInput, shown

__all__ = [
    "FULL_WIDTH_DIGITS",
    "MAX_TEXT_LENGTH",
    "cn_date",
    "cn_datetime",
    "cn_weekday",
    "day_parts",
    "en_date",
    "en_datetime",
    "holiday_name_en",
    "require_text",
]

#: The longest text :func:`require_text` accepts by default (characters): a long report fits.
MAX_TEXT_LENGTH = 100_000

#: NUL, or a UTF-16 surrogate code point standing alone (Python keeps pairs as one character).
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")

_HOLIDAYS_EN = {
    "元旦": "New Year's Day",
    "春节": "Spring Festival",
    "清明节": "Tomb-sweeping Day",
    "劳动节": "Labour Day",
    "端午节": "Dragon Boat Festival",
    "中秋节": "Mid-autumn Festival",
    "国庆节": "National Day",
}

_WEEKDAYS_CN = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")
_MONTHS_EN = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def require_text(
    value: object, field: str, *, max_length: int = MAX_TEXT_LENGTH, allow_empty: bool = True
) -> str:
    """Return ``value`` if it is text the library can store and print; raise otherwise.

    Refused, naming ``field``: anything but a ``str`` (:class:`InvalidInput`), a blank string
    unless ``allow_empty``, a NUL character or a lone surrogate (``"\\ud800"``, which cannot
    be encoded as UTF-8), and text longer than ``max_length`` characters
    (:class:`~supervision.exceptions.InputOutOfBounds`).
    """
    if type(value) is not str:
        raise InvalidInput(field, "text (a str) 文本", shown(value))
    if len(value) > max_length:
        raise InputOutOfBounds(
            field, f"text of at most {max_length} characters (文本过长)", value, limit=max_length
        )
    if not allow_empty and not value.strip():
        raise InvalidInput(field, "non-empty text 不能为空", value)
    if not value.isascii() or "\x00" in value:
        found = _UNSTORABLE.search(value)
        if found is not None:
            char = found.group()
            what = "a NUL character" if char == "\x00" else f"a lone surrogate U+{ord(char):04X}"
            raise InvalidInput(
                field,
                "text without NUL characters or lone surrogates (不得含空字符或孤立代理项)",
                shown(value),
                hint=f"{what} at position {found.start()}",
            )
    return value


def _not(expected: str, value: object, field: str) -> InvalidInput:
    return InvalidInput(field, expected, shown(value))


_A_DATE = "a datetime.date 日期"
_A_DATETIME = "a datetime.datetime 时间"


def cn_date(day: _dt.date, *, omit_year: int | None = None) -> str:
    """``2026年9月30日``; the year is left out when it equals ``omit_year``."""
    if not isinstance(day, _dt.date):
        raise _not(_A_DATE, day, "day")
    if omit_year is not None:
        if type(omit_year) is not int:
            raise _not("a year (int) or None", omit_year, "omit_year")
        if day.year == omit_year:
            return f"{day.month}月{day.day}日"
    return f"{day.year}年{day.month}月{day.day}日"


def cn_datetime(moment: _dt.datetime, *, omit_year: int | None = None) -> str:
    """``2026年9月30日16时30分`` (minutes left out when zero: ``2026年9月30日17时``)."""
    if not isinstance(moment, _dt.datetime):
        raise _not(_A_DATETIME, moment, "moment")
    text = cn_date(moment.date(), omit_year=omit_year) + f"{moment.hour}时"
    if moment.minute:
        text += f"{moment.minute}分"
    return text


def cn_weekday(day: _dt.date) -> str:
    """``星期六``."""
    if not isinstance(day, _dt.date):
        raise _not(_A_DATE, day, "day")
    return _WEEKDAYS_CN[day.weekday()]


def en_date(day: _dt.date) -> str:
    """``30 September 2026``."""
    if not isinstance(day, _dt.date):
        raise _not(_A_DATE, day, "day")
    return f"{day.day} {_MONTHS_EN[day.month - 1]} {day.year}"


def en_datetime(moment: _dt.datetime) -> str:
    """``16:30 on 30 September 2026``."""
    if not isinstance(moment, _dt.datetime):
        raise _not(_A_DATETIME, moment, "moment")
    return f"{moment.hour:02d}:{moment.minute:02d} on {en_date(moment.date())}"


def holiday_name_en(name: str) -> str:
    """English name of a Chinese statutory holiday (国庆节 → National Day); others as given
    (any text :func:`require_text` accepts, up to 200 characters)."""
    english = _HOLIDAYS_EN.get(name) if type(name) is str else None
    return english or require_text(name, "name", max_length=200)


# a day as people write it: 2026年9月30日 (…日前 / 之前 / 以前: "by that day") or 2026-09-30
# (/ or . between the parts); digits ASCII or full-width (as a Chinese input method types them)
_CN_DAY = re.compile(r"([0-9]{4})\s*年\s*([0-9]{1,2})\s*月\s*([0-9]{1,2})\s*日(?:前|之前|以前)?")
_ISO_DAY = re.compile(r"([0-9]{4})[-/.]([0-9]{1,2})[-/.]([0-9]{1,2})(?:前)?")
#: ``str.translate`` table reading full-width digits (０–９, as a Chinese input method types
#: them) as ASCII ones; digits of other scripts are left as they are (and refused by patterns
#: of ``[0-9]``). The one table every reader of typed numbers uses.
FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


def day_parts(text: str) -> tuple[int, int, int] | None:
    """(year, month, day) of a day written ``2026年9月30日`` (``…日前``, ``…之前``, ``…以前``)
    or ``2026-09-30`` (``/`` or ``.`` between the parts), with ASCII or full-width digits;
    None when ``text`` (stripped) is no such form. The day itself may not exist (2月30日):
    the caller builds the date and names its own field. The one reading of a written day
    for the ledger's import and labels and the command line."""
    if not isinstance(text, str):
        return None
    compact = text.strip().translate(FULL_WIDTH_DIGITS)
    match = _CN_DAY.fullmatch(compact) or _ISO_DAY.fullmatch(compact)
    return None if match is None else (int(match[1]), int(match[2]), int(match[3]))
