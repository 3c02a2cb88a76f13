"""API endpoints of the admissions app: scoped reads, permission denial with nothing written."""

from __future__ import annotations

import inspect
from datetime import date

import pytest

from dangvien.admissions.tests.support import counts, official, prepare, register
from dangvien.members.tests.support import transferred_then_removed

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


@pytest.fixture
def moved(org_tree, superuser):
    """A member of CB-A transferred in 2021 to a cell of the other district, later removed."""
    return transferred_then_removed(superuser, org_tree)


def test_admissions_api_refuses_an_out_of_scope_introducer(moved, make_actor, org_tree, api_client):
    """The introducers endpoint accepted any member id."""
    from dangvien.admissions.services import candidate_register

    member, _far = moved
    staff = make_actor("staff", org_tree.district)
    params = inspect.signature(candidate_register).parameters
    kwargs = {
        "actor": staff,
        "organization": org_tree.cell_b,
        "profile": {"full_name": "Lê Thị Hoa", "sex": "F", "birth_date": date(2000, 1, 1)},
    }
    kwargs = {k: v for k, v in kwargs.items() if k in params}
    if "source" in params:
        kwargs["source"] = "youth_union"
    candidate = candidate_register(**kwargs)
    api_client.force_authenticate(staff)
    response = api_client.post(
        f"/api/admission-candidates/{candidate.pk}/introducers/",
        {"introducers": [member.pk], "union_body": ""},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["code"] == "introducer_not_allowed"
