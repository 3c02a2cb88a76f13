"""The dashboard of an organization founded by a merge: its charts and comparisons run on
across the founding with the combined figures of its predecessors, marked as such."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse

from dangvien.reports.selectors import (
    admissions_by_year,
    combined_report_figures,
    members_over_time,
    report_figures,
)
from dangvien.statistics.tests.reform import REFORM, build_reform

pytestmark = pytest.mark.django_db

EVE = REFORM - timedelta(days=1)


@pytest.fixture
def reform(superuser, org_tree):
    return build_reform(superuser, org_tree)


def test_members_over_time_is_one_line_across_the_merge(reform):
    points = members_over_time(reform.merged, date(2026, 6, 30), years=10)
    by_day = {p["date"]: (p["members"], p["combined"]) for p in points}
    assert by_day["2016-12-31"] == (5, True)  # T-DT 3 + T-TG 2
    assert by_day["2020-12-31"] == (6, True)  # + the 2020 admission into T-TG
    assert by_day["2025-12-31"] == (6, False)  # its own, after the founding
    assert by_day["2026-06-30"] == (6, False)


def test_admissions_per_year_before_the_founding_are_the_predecessors(reform):
    rows = {r["year"]: r for r in admissions_by_year(reform.merged, date(2026, 6, 30), years=7)}
    assert rows[2020]["admissions"] == 1
    assert rows[2020]["combined"] is True
    assert rows[2026]["combined"] is False


def test_combined_report_figures_add_up_breakdowns_and_drill_down(reform):
    figures = combined_report_figures(reform.merged, EVE)
    parts = [report_figures(reform.dong_thap, EVE), report_figures(reform.tien_giang, EVE)]
    assert figures["breakdowns"]["age_bands"] == [
        {
            **band,
            **{k: band[k] + other[k] for k in ("male", "female", "total")},
        }
        for band, other in zip(
            parts[0]["breakdowns"]["age_bands"], parts[1]["breakdowns"]["age_bands"], strict=True
        )
    ]
    rows = {row["code"]: row for row in figures["drilldown"]["rows"]}
    assert rows["T-DT"]["total"] == 3
    assert rows["T-TG"]["total"] == 3
    assert figures["drilldown"]["total"]["total"] == 6


def test_dashboard_before_the_founding_and_comparison_across_it(client, reform, superuser):
    client.force_login(superuser)
    url = reverse("web:dashboard", args=["T-DT25"])
    before = client.get(url, {"as_of": EVE.isoformat()})
    assert before.status_code == 200
    html = before.content.decode()
    assert "số liệu cộng gộp của các tổ chức tiền thân" in html
    assert reverse("web:dashboard", args=["T-TG"]) in html
    assert "did not exist" not in html and "không tồn tại" not in html
    after = client.get(url, {"as_of": "2026-06-30", "compare": "2020-12-31"})
    html = after.content.decode()
    assert 'class="table compare"' in html
    assert "stroke-dasharray" in html  # the combined part of the members line
    assert after.context["compare_combined"] is True
    members = next(r for r in after.context["comparison"] if r["key"] == "members.total")
    assert (members["then"], members["now"]) == (6, 6)


def test_dashboard_api_combined_on_request(api_client, reform, superuser):
    api_client.force_authenticate(superuser)
    url = f"/api/dashboards/T-DT25/?as_of={EVE.isoformat()}"
    assert api_client.get(url).status_code == 400
    data = api_client.get(url + "&combined=true").json()
    assert data["figures"]["members"]["total"] == 6
    assert [p["code"] for p in data["figures"]["combined_from"]] == ["T-DT", "T-TG"]
