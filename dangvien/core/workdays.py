"""Working days in Viet Nam: weekends and public holidays (including Tết) are not working days.

Public holidays come from the maintained ``holidays`` package (its Viet Nam calendar follows the
lunar new year and the government's substitute days off); callers may add days off of their own.
A Saturday worked in exchange for a bridge day off (26/04/2025 for 02/05/2025) is a working
day: the package carries those swaps as dated data (``special_public_holidays``: the day off and
the day worked instead), read here.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from functools import lru_cache

import holidays


@lru_cache(maxsize=64)
def _public_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("VN", years=[year]).keys())


@lru_cache(maxsize=64)
def _swapped_working_days(year: int) -> frozenset[date]:
    """Weekend days worked in exchange for a day off (as the package records the swaps)."""
    calendar = holidays.country_holidays("VN", years=[year])
    found = set()
    for table_year in (year - 1, year, year + 1):  # a swap may cross the new year
        entries = getattr(calendar, "special_public_holidays", {}).get(table_year, ())
        if entries and isinstance(entries[0], int):
            entries = (entries,)
        for entry in entries:
            if len(entry) >= 4:  # (off month, off day, worked month, worked day[, worked year])
                worked = date(entry[4] if len(entry) > 4 else table_year, entry[2], entry[3])
                if worked.year == year:
                    found.add(worked)
    return frozenset(found)


def is_working_day(day: date, extra_days_off: Iterable[date] = ()) -> bool:
    if day.weekday() >= 5:
        return day in _swapped_working_days(day.year)
    if day in _public_holidays(day.year):
        return False
    return day not in set(extra_days_off)


def add_working_days(start: date, count: int, extra_days_off: Iterable[date] = ()) -> date:
    """The day on which a period of ``count`` working days counted from ``start`` ends.

    The start day itself is not counted ("trong 30 ngày làm việc kể từ ngày …").
    """
    return _add_working_days(start, count, frozenset(extra_days_off))


# the deadlines of a list repeat (members admitted the same day): counted once (the due-lists
# of a whole tree asked 49 425 times, 2.6 s)
@lru_cache(maxsize=4096)
def _add_working_days(start: date, count: int, off: frozenset[date]) -> date:
    day, remaining = start, count
    while remaining > 0:
        day += timedelta(days=1)
        if is_working_day(day, off):
            remaining -= 1
    return day


def working_days_between(start: date, end: date, extra_days_off: Iterable[date] = ()) -> int:
    """Working days after ``start`` up to and including ``end`` (0 when ``end <= start``)."""
    off = set(extra_days_off)
    count, day = 0, start
    while day < end:
        day += timedelta(days=1)
        if is_working_day(day, off):
            count += 1
    return count
