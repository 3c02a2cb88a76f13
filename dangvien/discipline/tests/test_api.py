"""Discipline endpoints: scoped lists, audited reads, the proposal and the decision, the
refusal of a body that is not competent."""

from __future__ import annotations

import pytest

from dangvien.audit.models import AuditEvent
from dangvien.discipline.choices import READ
from dangvien.discipline.models import DisciplineDecision

pytestmark = pytest.mark.django_db


def as_user(api_client, user):
    api_client.force_authenticate(user)
    return api_client


def open_case(client, member):
    response = client.post(
        "/api/discipline/cases/",
        {
            "subject": "member",
            "member": member.member_key,
            "opened_on": "2024-03-01",
            "violation": "Vi phạm quy định về sinh hoạt đảng",
            "violated_on": "2024-01-15",
            "key": "KL-API-1",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    return response.json()


def test_the_cell_opens_proposes_and_the_district_expels(api_client, cell, actors):
    member = cell["official"][0]
    case = open_case(as_user(api_client, actors["secretary"]), member)
    assert (case["case_status"], case["organization"]) == ("open", "CB-A")
    proposed = api_client.post(
        f"/api/discipline/cases/{case['id']}/propose/",
        {"form": "expulsion", "proposed_on": "2024-03-10", "members_convened": 2, "votes_for": 2},
        format="json",
    )
    assert proposed.status_code == 200, proposed.content
    assert proposed.json()["case_status"] == "proposed"
    decision = {"form": "expulsion", "decided_on": "2024-04-02", "number": "7-QĐ/HU"}
    refused = api_client.post(
        f"/api/discipline/cases/{case['id']}/decide/", {**decision, "confirmed": True}
    )
    assert refused.status_code == 403
    assert not DisciplineDecision.objects.exists()
    decided = as_user(api_client, actors["district"]).post(
        f"/api/discipline/cases/{case['id']}/decide/",
        {**decision, "confirmed": True},
        format="json",
    )
    assert decided.status_code == 200, decided.content
    assert decided.json()["decision"] == {
        "form": "expulsion",
        "decided_on": "2024-04-02",
        "decided_by": "HU-TM",
        "number": "7-QĐ/HU",
    }


def test_a_form_not_allowed_is_a_400_with_its_code(api_client, cell, actors):
    case = open_case(as_user(api_client, actors["secretary"]), cell["probationary"])
    response = api_client.post(
        f"/api/discipline/cases/{case['id']}/propose/",
        {"form": "expulsion", "proposed_on": "2024-03-10", "members_convened": 2, "votes_for": 2},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["code"] == "form_not_allowed"


def test_reads_are_scoped_and_audited(api_client, cell, actors):
    case = open_case(as_user(api_client, actors["secretary"]), cell["official"][0])
    as_user(api_client, actors["viewer"])
    assert api_client.get("/api/discipline/cases/").json()["results"] == []
    assert api_client.get(f"/api/discipline/cases/{case['id']}/").status_code == 404
    # the district staff (no inspection role) find no file the case is not addressed to
    as_user(api_client, actors["district"])
    assert api_client.get("/api/discipline/cases/").json()["results"] == []
    assert api_client.get(f"/api/discipline/cases/{case['id']}/").status_code == 404
    as_user(api_client, actors["district_inspection"])
    assert [c["key"] for c in api_client.get("/api/discipline/cases/").json()["results"]] == [
        "KL-API-1"
    ]
    assert api_client.get(f"/api/discipline/cases/{case['id']}/").status_code == 200
    assert AuditEvent.objects.filter(action=READ, object_id=str(case["id"])).count() == 1
