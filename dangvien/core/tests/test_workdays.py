from datetime import date

from dangvien.core.workdays import add_working_days, is_working_day, working_days_between


def test_tet_and_weekends_are_not_working_days():
    assert not is_working_day(date(2026, 2, 17))  # Tết Bính Ngọ
    assert not is_working_day(date(2026, 2, 21))  # Saturday
    assert is_working_day(date(2026, 2, 23))


def test_deadline_across_tet_skips_the_holidays():
    # 30 working days from 05/02/2026: Tết (16–20/02/2026) and weekends do not count
    deadline = add_working_days(date(2026, 2, 5), 30)
    assert deadline == date(2026, 3, 26)
    assert working_days_between(date(2026, 2, 5), deadline) == 30


def test_extra_days_off_of_an_organization_count_too():
    plain = add_working_days(date(2026, 3, 2), 5)
    assert add_working_days(date(2026, 3, 2), 5, [date(2026, 3, 4)]) > plain


def test_a_saturday_worked_for_a_bridge_day_off_is_a_working_day():
    """Regression (issue 12): 26/04/2025 was worked in exchange for Friday 02/05/2025."""
    assert is_working_day(date(2025, 4, 26))
    assert not is_working_day(date(2025, 5, 2))
    assert is_working_day(date(2024, 5, 4))  # for Monday 29/04/2024
    assert is_working_day(date(2019, 1, 5))  # for 31/12/2018, across the new year
    assert not is_working_day(date(2025, 4, 19))  # an ordinary Saturday


def test_a_deadline_counts_the_swapped_saturday():
    # from Thursday 24/04/2025: Fri 25 and Sat 26 (worked) are the first two working days
    assert add_working_days(date(2025, 4, 24), 2) == date(2025, 4, 26)
