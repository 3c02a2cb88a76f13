"""The dashboard of an organization founded by a merge: its charts and comparisons run on
across the founding with the combined figures of its predecessors, marked as such."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.urls import reverse

from dangvien.reports.selectors import (
    admissions_by_year,
    combined_report_figures,
    members_over_time,
    report_figures,
)
from dangvien.reports.tests.commune_reform import build_commune_reform
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


def test_the_dashboards_documents_before_the_founding_are_not_found(client, reform, superuser):
    """The page shows the predecessors' combined figures there, with no download links: the
    documents are of an organization that stood that day."""
    client.force_login(superuser)
    for fmt in ("docx", "xlsx", "pdf"):
        url = reverse("web:dashboard_document", args=["T-DT25", fmt])
        assert client.get(url, {"as_of": EVE.isoformat()}).status_code == 404
        assert client.get(url, {"as_of": "2026-06-30"}).status_code == 200


def test_dashboard_api_combined_on_request(api_client, reform, superuser):
    api_client.force_authenticate(superuser)
    url = f"/api/dashboards/T-DT25/?as_of={EVE.isoformat()}"
    assert api_client.get(url).status_code == 400
    data = api_client.get(url + "&combined=true").json()
    assert data["figures"]["members"]["total"] == 6
    assert [p["code"] for p in data["figures"]["combined_from"]] == ["T-DT", "T-TG"]


def _num_cells(html: str, row_label: str) -> list[str]:
    """The numbers of the table row whose first cell is ``row_label``."""
    row = re.search(rf"<tr><t[dh]>{re.escape(row_label)}</t[dh]>(.*?)</tr>", html, re.S)
    assert row is not None, row_label
    return re.findall(r'<t[dh] class="num">([^<]*)</t[dh]>', row.group(1))


def test_cells_of_the_figures_and_of_the_predecessors_table_agree(client, superuser, org_tree):
    """Regression: the merged commune read on 30/06/2024 said '18 chi bộ' in its figures while
    the table of its predecessors added up to 20 organizations (each counted itself, which §3
    does not do for the root of a count)."""
    # given: X-MA (cells CB-A, CB-B) and X-MB (cell CB-C) merged into XA-TM at the reform
    build_commune_reform(superuser, org_tree)
    client.force_login(superuser)

    # when: its dashboard on the eve of the reform
    response = client.get(reverse("web:dashboard", args=["XA-TM"]), {"as_of": EVE.isoformat()})

    # then: three cells in the figures, the text, the organizations' table and the total row
    figures = response.context["figures"]
    html = response.content.decode()
    assert figures["cells"] == 3
    assert "có 3 chi bộ trực thuộc" in html
    assert _num_cells(html, "Chi bộ trực thuộc đảng bộ cơ sở") == ["3"]
    rows = {row["code"]: row["organizations"] for row in figures["drilldown"]["rows"]}
    assert rows == {"X-MA": 2, "X-MB": 1}
    assert _num_cells(html, "Tổng số")[0] == "3"
    assert "Các tổ chức tiền thân" in html


def test_charts_say_they_count_what_the_commune_was_formed_from(client, superuser, org_tree):
    # given
    build_commune_reform(superuser, org_tree)
    client.force_login(superuser)
    url = reverse("web:dashboard", args=["XA-TM"])

    # when: read after the reform, then before it
    after = client.get(url, {"as_of": "2026-06-30"})
    before = client.get(url, {"as_of": EVE.isoformat()})

    # then: after it the dashed years are what it was formed from, said on the page
    assert after.context["charts_formed_from"] is True
    assert "các tổ chức đảng được chuyển về trực thuộc khi thành lập" in after.content.decode()
    assert "nét đứt: trước thành lập, các tổ chức hợp thành" in after.content.decode()
    # before it the page shows the predecessors' combined figures, the charts too
    assert before.context["charts_formed_from"] is False
    assert "nét đứt: số liệu cộng gộp của các tổ chức tiền thân" in before.content.decode()
