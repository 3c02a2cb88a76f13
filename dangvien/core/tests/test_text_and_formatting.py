import re
import sys
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dangvien.core.dates import add_months, months_between
from dangvien.core.formatting import vn_date, vn_decimal, vn_int
from dangvien.core.text import compact, fold


@pytest.mark.parametrize(
    ("_case", "text", "expected"),
    [
        ("diacritics", "Nguyễn Văn An", "nguyen van an"),
        ("đ and Đ", "Đảng bộ xã Định An", "dang bo xa dinh an"),
        ("spaces", "  Mỹ   An ", "my an"),
    ],
)
def test_fold(_case, text, expected):
    assert fold(text) == expected


@pytest.mark.parametrize(
    ("_case", "value", "expected"),
    [("thousands", 4541, "4.541"), ("millions", 5600000, "5.600.000"), ("small", 38, "38")],
)
def test_vn_int(_case, value, expected):
    assert vn_int(value) == expected


@pytest.mark.parametrize(
    ("_case", "value", "expected"),
    [
        ("two places", 3.454, "3,45"),
        ("half up", 3.445, "3,45"),
        ("trimmed", 22.10, "22,1"),
        ("whole", 100.0, "100"),
        ("grouped", 1234.5, "1.234,5"),
    ],
)
def test_vn_decimal(_case, value, expected):
    assert vn_decimal(value) == expected


def test_months_between_counts_completed_months():
    assert months_between(date(2004, 5, 15), date(2022, 5, 14)) == 215
    assert months_between(date(2004, 5, 15), date(2022, 5, 15)) == 216
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 1, 1)), st.integers(0, 600))
def test_adding_months_then_counting_gives_them_back(start, months):
    assert months_between(start, add_months(start, months)) == months


def test_vn_date_writes_day_month_year():
    # then
    assert vn_date(date(2022, 4, 3)) == "03/04/2022"


# Files of work in progress elsewhere (the import, the profile and holds-members rules) that
# still format by hand; they move to vn_date with their rewrite.
NOT_YET = {
    "interchange/importer.py",
    "interchange/members_load.py",
    "members/services/ledger.py",
    "members/services/profile.py",
}


def test_dates_are_formatted_through_vn_date_only():
    # given
    package = Path(__file__).resolve().parents[2]
    by_hand = re.compile(r"strftime\(['\"]%d/%m/%Y|:%d/%m/%Y\}")

    # when
    offenders = {
        str(path.relative_to(package))
        for path in package.rglob("*.py")
        if "tests" not in path.parts and by_hand.search(path.read_text(encoding="utf-8"))
    }

    # then
    assert offenders - NOT_YET == {"core/formatting.py"}


@given(st.text(max_size=20), st.text(max_size=20))
def test_compact_texts_are_equal_exactly_when_the_texts_are(a, b):
    assert (compact(a) == compact(b)) == (a == b)


# few characters, so that near and equal texts are drawn often
NEAR = st.text(alphabet="00019DVa\x01{", max_size=18)


@given(NEAR, NEAR)
def test_compact_near_texts_are_equal_exactly_when_the_texts_are(a, b):
    assert (compact(a) == compact(b)) == (a == b)
    assert hash(compact(a)) == hash(compact(a + ""))


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("000000000001", "00000000001"),  # leading zeros count
        ("1", "01"),
        ("DV00000001", "DV00000002"),
        ("", "0"),
        ("123", "\x01{"),  # a digit string against text whose bytes spell a number
        ("a" * 15, "a" * 16),
        ("Nguyễn", "Nguyen"),
    ],
)
def test_compact_keeps_near_texts_apart(a, b):
    assert compact(a) != compact(b)
    assert compact(a) == compact(str(a))


def test_compact_takes_less_room_than_the_text():
    assert sys.getsizeof(compact("000000000001")) < sys.getsizeof("000000000001")
    assert sys.getsizeof(compact("DV00000001")) < sys.getsizeof("DV00000001")
