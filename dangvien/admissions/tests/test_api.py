"""API endpoints of the admissions app: scoped reads, permission denial with nothing written."""

from __future__ import annotations

import pytest

from dangvien.admissions.tests.support import counts, official, prepare, register

pytestmark = pytest.mark.django_db


@pytest.fixture
def ready(superuser, org_tree):
    one = official(superuser, org_tree.cell_a, "Lê Văn Một")
    two = official(superuser, org_tree.cell_b, "Phạm Văn Hai")
    return prepare(superuser, register(superuser, org_tree.cell_a), [one, two])


def test_api_list_checklist_and_advance(api_client, superuser, ready):
    api_client.force_authenticate(superuser)
    assert api_client.get("/api/admission-candidates/?organization=X-MA").status_code == 200
    checklist = api_client.get(f"/api/admission-candidates/{ready.pk}/checklist/").json()
    assert {i["key"] for i in checklist} >= {"age", "education", "course", "introducers", "vote"}
    ok = api_client.post(
        f"/api/admission-candidates/{ready.pk}/advance/",
        {"step": "cell_vote", "done_on": "2026-01-26", "members_called": 9, "votes_for": 6},
        format="json",
    )
    assert ok.status_code == 200, ok.json()
    assert ok.json()["step"] == "cell_vote"
    assert api_client.get("/api/admission-progress/X-MA/").status_code == 200


def test_api_viewer_403_sibling_404_nothing_written(api_client, org_tree, make_actor, ready):
    before = counts()
    api_client.force_authenticate(make_actor("viewer", org_tree.commune))
    body = {"step": "cell_vote", "done_on": "2026-01-26", "members_called": 9, "votes_for": 9}
    assert (
        api_client.post(
            f"/api/admission-candidates/{ready.pk}/advance/", body, format="json"
        ).status_code
        == 403
    )
    api_client.force_authenticate(make_actor("staff", org_tree.sibling_district))
    assert (
        api_client.post(
            f"/api/admission-candidates/{ready.pk}/advance/", body, format="json"
        ).status_code
        == 404
    )
    assert api_client.get(f"/api/admission-candidates/{ready.pk}/").status_code == 404
    assert counts() == before
