"""The assessment API: scoped list, record and correct through the services."""

from __future__ import annotations

from datetime import date

import pytest

from dangvien.accounts.choices import Role
from dangvien.assessment.models import AssessmentResult
from dangvien.assessment.services import assessment_record

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("rounds")]


def test_records_then_corrects_a_members_result(api_client, superuser, cell_members):
    member = cell_members[0][0]
    api_client.force_authenticate(superuser)
    body = {"year": 2021, "subject": "member", "code": member.member_key, "level": "good",
            "score": 80, "decided_on": "2021-12-20"}  # fmt: skip
    response = api_client.post("/api/assessment-results/", body, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["decided_by_code"] == "X-MA"
    body.update(level="completed", score=None, decided_on="2022-01-10")
    corrected = api_client.post("/api/assessment-results/", body, format="json").json()
    assert corrected["supersedes"] == response.json()["id"]
    listed = api_client.get("/api/assessment-results/", {"year": 2021}).json()["results"]
    assert len(listed) == 2


def test_a_refused_level_is_a_400_with_its_code(api_client, superuser, org_tree, cell_members):
    api_client.force_authenticate(superuser)
    body = {"year": 2021, "subject": "organization", "code": "CB-A", "level": "good",
            "decided_on": "2021-12-20", "decided_by_code": "X-MH"}  # fmt: skip
    response = api_client.post("/api/assessment-results/", body, format="json")
    assert response.status_code == 400
    assert "assessment_decider_outside" in response.content.decode()
    assert not AssessmentResult.objects.exists()


def test_the_list_is_scoped_to_the_callers_subtree(
    api_client, org_tree, cell_members, superuser, make_actor
):
    assessment_record(
        actor=superuser, organization=org_tree.commune, year=2021, level="good",
        decided_on=date(2021, 12, 20),
    )  # fmt: skip
    outsider = make_actor(Role.STAFF, org_tree.sibling_commune)
    api_client.force_authenticate(outsider)
    assert api_client.get("/api/assessment-results/").json()["results"] == []
    member = cell_members[0][0]
    body = {"year": 2021, "subject": "member", "code": member.member_key, "level": "good",
            "decided_on": "2021-12-20"}  # fmt: skip
    assert api_client.post("/api/assessment-results/", body, format="json").status_code == 404
