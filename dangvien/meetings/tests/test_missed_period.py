"""``missed_period``: the last month (regular meetings) or quarter (thematic meetings) that
ended before the day read, the one period the meetings page and the dashboard warn about."""

from datetime import date

import pytest

from dangvien.meetings.choices import MeetingKind
from dangvien.meetings.selectors import missed_period

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("_case", "kind", "on", "expected"),
    [
        ("early in a month", MeetingKind.REGULAR, date(2026, 12, 6), (date(2026, 11, 1), date(2026, 11, 30))),
        ("first day of a month", MeetingKind.REGULAR, date(2026, 12, 1), (date(2026, 11, 1), date(2026, 11, 30))),
        ("last day of a month, still running", MeetingKind.REGULAR, date(2026, 12, 31), (date(2026, 11, 1), date(2026, 11, 30))),
        ("January: December before", MeetingKind.REGULAR, date(2027, 1, 4), (date(2026, 12, 1), date(2026, 12, 31))),
        ("within a quarter", MeetingKind.THEMATIC, date(2026, 12, 6), (date(2026, 7, 1), date(2026, 9, 30))),
        ("January: last year's fourth quarter", MeetingKind.THEMATIC, date(2027, 1, 4), (date(2026, 10, 1), date(2026, 12, 31))),
    ],
)  # fmt: skip
def test_the_period_warned_about_is_the_last_one_ended_before_the_day(_case, kind, on, expected):
    # when
    period = missed_period(kind, on)
    # then
    assert (period.start, period.end) == expected
    assert period.rule.source  # the rule cited beside the list
