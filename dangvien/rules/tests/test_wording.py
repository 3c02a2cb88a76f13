"""The rulebook reads values in words (issue 18 §3)."""

import pytest
from django.utils import translation

from dangvien.rules.wording import value_in_words


@pytest.mark.parametrize(
    ("_case", "key", "value", "unit", "expected"),
    [
        ("a vote share", "admission.vote_min_fraction", {"num": 2, "den": 3}, "fraction", "2/3"),
        ("an age", "admission.min_age_months", 216, "months", "18 tuổi 0 tháng"),
        (
            "a duration",
            "admission.course_certificate_valid_months",
            60,
            "months",
            "60 tháng (5 năm)",
        ),
        ("working days", "x.deadline", 60, "working_days", "60 ngày làm việc"),
        ("members", "cell.min_official_members", 3, "members", "3 đảng viên"),
        ("days of the year", "badge.award_occasions", ["02-03", "09-02"], "dates", "3/2, 2/9"),
        ("numbers", "badge.milestone_years", [30, 40], "list", "30, 40"),
        ("a percent", "x", "3.85", "percent", "3,85%"),
    ],
)
def test_value_in_words(_case, key, value, unit, expected):
    with translation.override("vi"):
        assert value_in_words(key, value, unit) == expected


def test_a_rule_named_in_a_value_reads_as_its_title():
    with translation.override("vi"):
        text = value_in_words(
            "competence.admission",
            {"deadline": "admission.decision_deadline_working_days"},
            "mapping",
            {"admission.decision_deadline_working_days": "Thời hạn quyết định kết nạp"},
        )
    assert "Thời hạn quyết định kết nạp" in text
    assert "admission.decision" not in text


def test_coded_values_read_as_words():
    with translation.override("vi"):
        text = value_in_words("member.organization_kinds", ["cell"], "list")
    assert text != "cell"


def test_a_note_names_coded_values_in_words():
    from dangvien.rules.wording import text_in_words

    with translation.override("vi"):
        text = text_in_words("trực thuộc tỉnh (upper_grassroots).")
    assert "upper_grassroots" not in text
    assert "trực thuộc tỉnh (" in text
