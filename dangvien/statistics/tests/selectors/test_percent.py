"""Shares and their changes are rounded once, from the exact counts."""

from __future__ import annotations

from dangvien.statistics.selectors import percent, percent_change


def test_a_share_is_rounded_half_up():
    assert percent(1, 8, places=1) == 12.5
    assert percent(1, 3, places=1) == 33.3
    assert percent(2, 3, places=1) == 66.7
    assert percent(1, 16, places=1) == 6.3  # 6.25: half up, not to even


def test_a_change_is_computed_from_the_exact_shares_not_the_rounded_ones():
    # 33.3 % then 66.7 % as shown, but the change is 33.33… points: 33.3, not 33.4
    assert percent_change(2, 3, (1, 3)) == 33.3
    assert round(percent(2, 3, places=1) - percent(1, 3, places=1), 1) == 33.4


def test_a_change_may_be_negative_or_nothing():
    assert percent_change(0, 5, (1, 4)) == -25.0
    assert percent_change(4, 5, (3, 4)) == 5.0
    assert percent_change(2, 6, (1, 3)) == 0.0
