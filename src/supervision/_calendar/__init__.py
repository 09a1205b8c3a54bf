"""Private implementation modules of :mod:`supervision.calendar` (import from there).

* :mod:`.kinds` — :class:`DayKind`, what a calendar day is;
* :mod:`.schedule` — :class:`YearSchedule` (one State Council notice and the days it sets) and
  the TOML loader;
* :mod:`.corrections` — the cited corrections applied over chinese-calendar's data;
* :mod:`.statutory` — the statutory holidays of 《全国年节及纪念日放假办法》 for any year of
  :mod:`.lunar_table` (used for provisional years).
"""
