"""The demo step writes five years of results within the cap, with a member two years running
"not completed"; the statistics of the province show the year."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from dangvien.assessment.models import AssessmentResult
from dangvien.assessment.selectors import grassroots_of
from dangvien.decisions.due import removal_due
from dangvien.demo.runner import load_demo
from dangvien.organizations.demo import NEW_PROVINCE_CODE
from dangvien.organizations.models import Organization
from dangvien.statistics.selectors import statistics_for

pytestmark = pytest.mark.django_db


def test_the_demo_has_five_years_within_the_cap_and_a_member_due_for_removal(superuser):
    load_demo()
    results = AssessmentResult.objects.filter(subject="member")
    assert set(results.values_list("year", flat=True)) == {2021, 2022, 2023, 2024, 2025}
    # the cap holds in every grassroots organization and year
    by_unit: dict[tuple[int, int], Counter[str]] = {}
    for result in results.select_related("organization"):
        unit = grassroots_of(result.organization, result.decided_on).pk
        by_unit.setdefault((unit, result.year), Counter())[result.level] += 1
    assert all(c["excellent"] <= c["good"] / 5 for c in by_unit.values())
    assert sum(c["excellent"] for c in by_unit.values()) > 0
    province = Organization.objects.get(code=NEW_PROVINCE_CODE)
    value = statistics_for(province, date(2026, 11, 15))["assessment"]
    assert value["year"] == 2025 and value["members"]["not_completed"] >= 1
    due = removal_due(actor=superuser, organization=province, on=date(2025, 12, 31))
    assert any("2024, 2025" in row.due.reason for row in due)
