"""Pages and API endpoints of the reports app."""

from __future__ import annotations

import pytest

from dangvien.reports.models import PeriodReport, ReportStatus
from dangvien.reports.services import report_create, report_submit

pytestmark = pytest.mark.django_db


def test_dashboard_of_organization_out_of_scope_is_not_found(client, org_tree, make_actor):
    viewer = make_actor("viewer", org_tree.sibling_district)
    client.force_login(viewer)
    assert client.get("/org/HU-TM/dashboard/").status_code == 404
    assert client.get("/org/HU-CL/dashboard/").status_code == 200


def test_reports_home_lists_dashboards(client, org_tree, superuser):
    client.force_login(superuser)
    html = client.get("/reports/").content.decode()
    assert "/org/X-MA/dashboard/" in html
    assert "/org/CB-A/dashboard/" not in html  # cells are reached through their committee


def test_draft_submit_approve_through_the_pages(client, org_tree, superuser):
    client.force_login(superuser)
    response = client.post(
        "/org/X-MA/reports/", {"period_kind": "year", "year": "2024", "number": "12"}
    )
    report = PeriodReport.objects.get()
    assert response.status_code == 302 and response.url == f"/reports/{report.pk}/"
    client.post(f"/reports/{report.pk}/submit/")
    refused = client.post(f"/reports/{report.pk}/approve/", follow=True).content.decode()
    assert "cannot also approve" in refused or "không được đồng thời" in refused
    client.force_login(_approver())
    client.post(f"/reports/{report.pk}/approve/")
    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED
    page = client.get(f"/reports/{report.pk}/").content.decode()
    assert "SHA-256" in page
    stored = client.get(f"/reports/{report.pk}/docx/")
    assert stored.content == bytes(report.docx)


def test_viewer_cannot_approve_on_the_page(client, org_tree, superuser, make_actor, row_counts):
    report = report_create(
        actor=superuser, organization=org_tree.district, period_kind="year", year=2024
    )
    report_submit(actor=superuser, report=report)
    client.force_login(make_actor("viewer", org_tree.district))
    before = row_counts()
    assert client.post(f"/reports/{report.pk}/approve/").status_code == 403
    assert row_counts() == before
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


@pytest.mark.parametrize(
    ("_case", "role", "expected"),
    [
        ("anonymous", None, 401),
        ("viewer", "viewer", 403),
        ("staff", "staff", 200),
    ],
)
def test_api_approve_permissions(
    api_client, org_tree, superuser, make_actor, row_counts, _case, role, expected
):
    report = report_create(
        actor=superuser, organization=org_tree.district, period_kind="year", year=2024
    )
    report_submit(actor=superuser, report=report)
    if role:
        api_client.force_authenticate(make_actor(role, org_tree.district))
    before = row_counts()
    response = api_client.post(f"/api/period-reports/{report.pk}/approve/")
    assert response.status_code == expected
    report.refresh_from_db()
    if expected == 200:
        assert report.status == ReportStatus.APPROVED
    else:
        assert report.status == ReportStatus.SUBMITTED and row_counts() == before


def test_api_flow_and_diff(api_client, org_tree, superuser):
    api_client.force_authenticate(superuser)
    created = api_client.post(
        "/api/period-reports/",
        {
            "organization": "X-MA",
            "period_kind": "custom",
            "period_from": "2024-01-01",
            "period_to": "2024-03-31",
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert api_client.post(f"/api/period-reports/{pk}/submit/").json()["status"] == "submitted"
    assert api_client.post(f"/api/period-reports/{pk}/approve/").json()["code"] == "four_eyes"
    api_client.force_authenticate(_approver())
    approved = api_client.post(f"/api/period-reports/{pk}/approve/").json()
    assert set(approved["checksums"]) == {"figures", "docx", "xlsx", "pdf"}
    detail = api_client.get(f"/api/period-reports/{pk}/").json()
    assert detail["figures"]["organization"]["code"] == "X-MA"
    assert api_client.get(f"/api/period-reports/{pk}/diff/").json() == []
    assert api_client.get(f"/api/period-reports/{pk}/document/pdf/").content.startswith(b"%PDF")
    listing = api_client.get("/api/period-reports/?organization=HU-TM").json()
    assert [row["id"] for row in listing["results"]] == [pk]


def test_custom_period_dates_required(client, org_tree, superuser):
    client.force_login(superuser)
    response = client.post("/org/X-MA/reports/", {"period_kind": "custom"})
    assert response.status_code == 200
    assert not PeriodReport.objects.exists()


def _approver():
    from dangvien.accounts.models import User

    return User.objects.create_superuser("approver", "approver@example.vn", "approver-pass-1")
