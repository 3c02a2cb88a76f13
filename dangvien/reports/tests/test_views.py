"""Pages of the reports app: dashboards in scope, period reports (the dashboard on the Tháp
Mười bundle: ``test_dashboard.py``, the API: ``test_api.py``)."""

from __future__ import annotations

import pytest
from django.urls import reverse

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


def test_custom_period_dates_required(client, org_tree, superuser):
    client.force_login(superuser)
    response = client.post("/org/X-MA/reports/", {"period_kind": "custom"})
    assert response.status_code == 200
    assert not PeriodReport.objects.exists()


def _approver():
    from dangvien.accounts.models import User

    return User.objects.create_superuser("approver", "approver@example.vn", "approver-pass-1")


def test_a_reader_who_may_not_draft_is_told_who_does(client, org_tree, make_actor):
    # given: a cell's secretary (reads the reports, drafts none)
    client.force_login(make_actor("cell_secretary", org_tree.cell_a))

    # when
    page = client.get(reverse("web:organization_reports", args=["CB-A"])).content.decode()

    # then: no form, and a word on who drafts them (the page said only "Chưa có báo cáo.")
    assert "Lập dự thảo" not in page
    assert "Báo cáo định kỳ do cán bộ của cấp ủy lập và trình duyệt" in page
