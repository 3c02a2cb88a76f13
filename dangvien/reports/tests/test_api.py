"""The reports API: period reports, their approval (by someone else than the drafter) and diff."""

from __future__ import annotations

import pytest

from dangvien.reports.models import ReportStatus
from dangvien.reports.services import report_create, report_submit

pytestmark = pytest.mark.django_db


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


def _approver():
    from dangvien.accounts.models import User

    return User.objects.create_superuser("approver", "approver@example.vn", "approver-pass-1")
