"""Breakdowns, drill-down, comparison and movement of the Tháp Mười subtree."""

from __future__ import annotations

from datetime import date

import pytest

from dangvien.reports.selectors import (
    admissions_by_year,
    comparison,
    drilldown,
    figures_diff,
    growth,
    member_breakdowns,
    members_over_time,
    report_figures,
)

pytestmark = pytest.mark.django_db
ON = date(2022, 4, 30)


def test_drilldown_rows_add_up_to_the_parent(thap_muoi):
    result = drilldown(thap_muoi, ON)
    assert len(result["rows"]) == 38
    total = sum(r["total"] for r in result["rows"]) + (result["direct"] or {"total": 0})["total"]
    assert total == result["total"]["total"] == 4541
    assert sum(r["organizations"] for r in result["rows"]) == 38 + 226


def test_breakdowns_cover_every_member(thap_muoi):
    b = member_breakdowns(thap_muoi, ON)
    assert sum(band["total"] for band in b["age_bands"]) + b["unknown_age"] == 4541
    assert sum(row["count"] for row in b["ethnicity"]) == 4541
    assert sum(row["count"] for row in b["political_theory"]) == 4541
    assert b["ethnic_minority"] == 0


def test_breakdowns_need_few_queries(thap_muoi, django_assert_max_num_queries):
    with django_assert_max_num_queries(10):
        member_breakdowns(thap_muoi, ON)


def test_series_end_at_the_date(thap_muoi):
    points = members_over_time(thap_muoi, ON)
    assert points[-1] == {"date": "2022-04-30", "members": 4541, "combined": False}
    years = admissions_by_year(thap_muoi, ON)
    assert years[-1]["year"] == 2022
    assert sum(r["admissions"] for r in years if r["year"] >= 2021) <= 126
    assert years[-1]["yearly_target"] == pytest.approx(114.0, abs=0.1)


def test_comparison_gives_growth(thap_muoi):
    now = report_figures(thap_muoi, ON)
    then = report_figures(thap_muoi, date(2021, 4, 30))
    rows = {row["key"]: row for row in comparison(now, then)}
    members = rows["members.total"]
    assert members["now"] == 4541
    assert members["change"] == 4541 - members["then"]


@pytest.mark.parametrize(
    ("_case", "now", "then", "expected"),
    [
        ("growth", 110, 100, {"change": 10, "percent": 10.0}),
        ("decline", 90, 120, {"change": -30, "percent": -25.0}),
        ("from zero", 5, 0, {"change": 5, "percent": None}),
        ("unknown", None, 3, {"change": None, "percent": None}),
    ],
)
def test_growth(_case, now, then, expected):
    result = growth(now, then)
    assert {k: result[k] for k in expected} == expected


def test_diff_lists_changed_fields_only():
    frozen = {"members": {"total": 10, "female": 3}, "rows": [{"code": "A", "n": 1}]}
    current = {"members": {"total": 10, "female": 4}, "rows": [{"code": "A", "n": 2}]}
    assert figures_diff(frozen, current) == [
        {"field": "members.female", "frozen": 3, "current": 4},
        {"field": "rows.A.n", "frozen": 1, "current": 2},
    ]
