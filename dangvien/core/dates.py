"""Date helpers used across the domain."""

import calendar
from datetime import date

from django.utils import timezone


def today() -> date:
    """The business date today in the configured time zone."""
    return timezone.localdate()


def add_months(day: date, months: int) -> date:
    """Calendar month arithmetic; the 31st plus one month is the last day of the next month."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def months_between(start: date, end: date) -> int:
    """Completed months from ``start`` to ``end`` (age "tính theo tháng")."""
    months = (end.year - start.year) * 12 + end.month - start.month
    if end.day < start.day and end != _last_day(end):
        months -= 1
    return months


def _last_day(day: date) -> date:
    return date(day.year, day.month, calendar.monthrange(day.year, day.month)[1])
