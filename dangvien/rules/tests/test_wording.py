"""The rulebook reads values in words (issue 18 §3)."""

import re

import pytest
from django.utils import translation

from dangvien.rules.wording import value_in_words


@pytest.mark.parametrize(
    ("_case", "key", "value", "unit", "expected"),
    [
        ("a vote share", "admission.vote_min_fraction", {"num": 2, "den": 3}, "fraction", "2/3"),
        ("an age", "admission.min_age_months", 216, "months", "18 tuổi"),
        ("an age in months", "admission.min_age_months", 222, "months", "18 tuổi 6 tháng"),
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


# --- the seeded rules' coded values in Vietnamese (regression: the rulebook page read
# "cell in grassroots: 30", "social pension", "vote strict: có" and "Cấp Trung ương: ;") ---


def _seeded_rules() -> list[dict]:
    """Every rule version the migrations seed: the initial rulebook and the apps' seeds."""
    from dangvien.rules.seed import INITIAL_RULES, rule_seeds

    return [*INITIAL_RULES, *(item for items in rule_seeds for item in items)]


def _codes(value) -> set[str]:
    """The English identifiers inside a value: its mapping keys and text items (not numbers,
    not the keys of other rules, which read as their titles)."""
    if isinstance(value, dict):
        found = {k for k in value if isinstance(k, str)}
        for item in value.values():
            found |= _codes(item)
    elif isinstance(value, list):
        found = set().union(*(_codes(v) for v in value)) if value else set()
    elif isinstance(value, str):
        found = {value}
    else:
        found = set()
    return {c for c in found if "." not in c and not c.replace("-", "").isdigit()} - {
        "num",
        "den",
    }


@pytest.mark.parametrize("rule", _seeded_rules(), ids=lambda r: f"{r['key']}@{r['effective_from']}")
def test_every_seeded_value_reads_in_vietnamese_without_empty_parts(rule):
    titles = {r["key"]: r["title"] for r in _seeded_rules()}
    with translation.override("vi"):
        text = value_in_words(rule["key"], rule["value"], rule["unit"], titles)
    assert text.strip()
    assert ": ;" not in text
    assert not text.rstrip().endswith(":")
    assert ": ," not in text
    for code in _codes(rule["value"]):
        for english in {code, code.replace("_", " ")}:
            assert not re.search(rf"\b{re.escape(english)}\b", text), (code, text)


@pytest.mark.parametrize(
    ("key", "value", "unit", "expected"),
    [
        (
            "fee.keep_percent",
            {
                "cell_in_grassroots": 30,
                "grassroots_commune": 90,
                "grassroots_other": 70,
                "above_grassroots": 50,
                "central": 100,
            },
            "mapping",
            "Chi bộ, đảng bộ bộ phận trong đảng bộ cơ sở: 30%; "
            "Tổ chức cơ sở đảng ở xã, phường, thị trấn, đặc khu: 90%; "
            "Tổ chức cơ sở đảng khác: 70%; Mỗi cấp trên cơ sở: 50%; Cấp Trung ương: 100%",
        ),
        (
            "fee.rate_basis_points",
            {"salary": 100, "pension": 50, "benefit": 100},
            "mapping",
            "Tiền lương làm căn cứ đóng BHXH: 100 phần vạn; Lương hưu: 50 phần vạn; "
            "Trợ cấp BHXH (ốm đau, thai sản): 100 phần vạn",
        ),
        ("fee.exempt_basis_kinds", ["social_pension"], "list", "Trợ cấp hưu trí xã hội"),
        # the fixed amounts are in đồng (their unit is a plain count)
        ("fee.student_amount", 5_000, "count", "5.000 đồng"),
        ("fee.other_amount", 2_000, "count", "2.000 đồng"),
        # milestone in years of party age → months early
        (
            "badge.early_months_serious_illness",
            {"30": 12, "70": 24},
            "mapping",
            "30 năm tuổi đảng: 12 tháng (1 năm); 70 năm tuổi đảng: 24 tháng (2 năm)",
        ),
        ("fee.exempt_basis_kinds", [], "list", "không có"),
        ("assessment.level_min_scores", {}, "mapping", "không có"),
        (
            "assessment.level_min_scores",
            {"excellent": 90, "good": 70, "completed": 50},
            "mapping",
            "Hoàn thành xuất sắc nhiệm vụ: từ 90 điểm; Hoàn thành tốt nhiệm vụ: từ 70 điểm; "
            "Hoàn thành nhiệm vụ: từ 50 điểm",
        ),
        ("admission.min_education", "lower_secondary", "count", "Tốt nghiệp trung học cơ sở"),
        (
            "discipline.limitation_years",
            {"reprimand": 5, "warning": 10, "dismissal": 10},
            "years",
            "Khiển trách: 5 năm; Cảnh cáo: 10 năm; Cách chức: 10 năm",
        ),
        (
            "competence.assessment_organization",
            {"decider": "parent"},
            "mapping",
            "cấp quyết định: ban thường vụ cấp ủy cấp trên trực tiếp",
        ),
        (
            "competence.warning",
            {"decider": "cell", "vote": {"num": 1, "den": 2}, "vote_strict": True},
            "mapping",
            "cấp quyết định: Chi bộ; tỷ lệ biểu quyết: 1/2; phải vượt tỷ lệ biểu quyết: có",
        ),
    ],
)
def test_coded_values_of_the_seeded_rules_in_vietnamese(key, value, unit, expected):
    with translation.override("vi"):
        assert value_in_words(key, value, unit) == expected


def test_an_empty_part_reads_none_not_a_bare_label():
    with translation.override("vi"):
        text = value_in_words(
            "organization.allowed_parent_kinds",
            {"central": [], "provincial": ["central"]},
            "mapping",
        )
    assert text == "Cấp Trung ương: không có; Đảng bộ tỉnh, thành phố trực thuộc Trung ương: " + (
        "Cấp Trung ương"
    )


def test_a_rules_words_stay_in_that_rule():
    # ``above_grassroots`` is each level above the grassroots in the fee split, and the
    # competent standing committee (as the audit log reads it) everywhere else
    with translation.override("vi"):
        fee = value_in_words("fee.keep_percent", {"above_grassroots": 50}, "mapping")
        competence = value_in_words(
            "competence.card_issue", {"decider": "above_grassroots"}, "mapping"
        )
        transfer = value_in_words(
            "competence.transfer_introduction",
            {"decider_outside": "above_grassroots"},
            "mapping",
        )
    assert fee == "Mỗi cấp trên cơ sở: 50%"
    assert competence == (
        "cấp quyết định: ban thường vụ cấp ủy cấp trên trực tiếp của tổ chức cơ sở đảng"
    )
    # a family's words (``competence.*``) give way to the rule's own
    assert transfer.startswith("cấp quyết định khi chuyển ra ngoài đảng bộ cơ sở: ")


def test_a_family_reads_its_codes_in_every_rule_of_it():
    from dangvien.rules.wording import RuleWords, register_rule_words, rule_words

    register_rule_words(
        {
            "testfamily.*": RuleWords({"alpha_code": "chữ của họ"}),
            "testfamily.own": RuleWords({"alpha_code": "chữ riêng"}),
        }
    )
    try:
        assert value_in_words("testfamily.any", ["alpha_code"], "list") == "chữ của họ"
        assert value_in_words("testfamily.own", ["alpha_code"], "list") == "chữ riêng"
        assert value_in_words("otherfamily.any", ["alpha_code"], "list") == "alpha code"
    finally:
        rule_words.unregister("testfamily.*")
        rule_words.unregister("testfamily.own")


def test_each_app_words_its_rules_from_its_own_labels():
    """The words of a rule's codes are registered by the app that owns the codes, from the
    labels it already has (one copy): the fee bases, the assessment levels, the central
    level of the organizations' kinds; every education level the admission checks rank."""
    from dangvien.admissions.checks import EDUCATION_LEVELS
    from dangvien.assessment.choices import Level
    from dangvien.fees.models import BasisKind
    from dangvien.organizations.choices import OrganizationKind
    from dangvien.rules.wording import rule_words

    assert rule_words["fee.*"].codes == dict(BasisKind.choices)
    assert rule_words["assessment.level_min_scores"].codes == dict(Level.choices)
    assert rule_words["fee.keep_percent"].codes["central"] == OrganizationKind.CENTRAL.label
    assert set(rule_words["admission.min_education"].codes) == set(EDUCATION_LEVELS)
