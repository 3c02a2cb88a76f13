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


def refuse_future(day: date | None, field: str) -> None:
    """A dated fact is not recorded before its day (one policy for every service and the
    import): an event dated after today is refused with ``ValidationFailed`` naming ``field``.
    Plans (targets, meeting schedules, a term's end) are not facts and do not call this."""
    from django.utils.translation import gettext as _

    from dangvien.core.exceptions import ValidationFailed
    from dangvien.core.formatting import vn_date

    if day is not None and day > today():
        raise ValidationFailed(
            _("%(date)s is in the future; record it on or after that day.")
            % {"date": vn_date(day)},
            code="future_date",
            field=field,
        )


def parse_day(raw: str) -> date:
    """A day typed as officers write it (30/04/2022, 30-04-2022, 30.04.2022) or in ISO form
    (2022-04-30); ``ValueError`` otherwise."""
    text = raw.strip()
    for separator in "/-.":
        parts = text.split(separator)
        if len(parts) == 3 and len(parts[2]) == 4 and all(p.isdigit() for p in parts):
            return date(int(parts[2]), int(parts[1]), int(parts[0]))
    return date.fromisoformat(text)
