"""The API of proposals and decisions."""

import pytest

from dangvien.decisions.models import Proposal
from dangvien.members.selectors import member_state

pytestmark = pytest.mark.django_db


def test_propose_then_decide_through_the_api(api_client, cell, actors):
    member = cell["official"][0]
    api_client.force_authenticate(actors["secretary"])
    created = api_client.post(
        "/api/proposals/",
        {"kind": "expulsion", "member": member.pk, "proposed_on": "2024-03-05", "votes_for": 2},
        format="json",
    )
    assert created.status_code == 201, created.content
    assert created.json()["deciding_organization"] == "HU-TM"
    proposal_id = created.json()["id"]
    refused = api_client.post(
        f"/api/proposals/{proposal_id}/decide/",
        {
            "outcome": "approved",
            "decision": {"number": "1", "date": "2024-03-20"},
            "confirmed": True,
        },
        format="json",
    )
    assert refused.status_code == 403
    api_client.force_authenticate(actors["district"])
    waiting = api_client.get("/api/proposals/", {"to_decide": "true"}).json()
    decided = api_client.post(
        f"/api/proposals/{proposal_id}/decide/",
        {
            "outcome": "approved",
            "decision": {"number": "45-QĐ/HU", "date": "2024-03-20"},
            "confirmed": True,
        },
        format="json",
    )
    assert [p["id"] for p in waiting["results"]] == [proposal_id]
    assert decided.status_code == 200, decided.content
    assert decided.json()["status"] == "approved"
    assert member_state(member).status == "exited"


def test_an_unconfirmed_expulsion_is_a_400_with_the_field(api_client, cell, actors):
    member = cell["official"][0]
    api_client.force_authenticate(actors["secretary"])
    proposal_id = api_client.post(
        "/api/proposals/",
        {"kind": "expulsion", "member": member.pk, "proposed_on": "2024-03-05", "votes_for": 2},
        format="json",
    ).json()["id"]
    api_client.force_authenticate(actors["district"])
    response = api_client.post(
        f"/api/proposals/{proposal_id}/decide/",
        {"outcome": "approved", "decision": {"number": "45", "date": "2024-03-20"}},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["code"] == "confirmation_required"
    assert Proposal.objects.pending().count() == 1


def test_out_of_scope_members_cannot_be_proposed(api_client, cell, make_actor, org_tree):
    outsider = make_actor("cell_secretary", org_tree.sibling_commune)
    api_client.force_authenticate(outsider)
    response = api_client.post(
        "/api/proposals/",
        {
            "kind": "expulsion",
            "member": cell["official"][0].pk,
            "proposed_on": "2024-03-05",
            "votes_for": 2,
        },
        format="json",
    )
    assert response.status_code == 404
    assert not Proposal.objects.exists()
