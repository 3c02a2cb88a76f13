"""Meetings endpoints: record, list scoped, expected members, attendance in one request."""

import pytest

from dangvien.meetings.models import Attendance

pytestmark = pytest.mark.django_db


def test_the_secretary_records_a_meeting_and_takes_the_attendance(api_client, people, actors):
    api_client.force_authenticate(actors["secretary"])
    response = api_client.post(
        "/api/meetings/",
        {"organization": "CB-A", "kind": "regular", "held_on": "2024-03-05", "topic": "Tháng 3"},
        format="json",
    )
    assert response.status_code == 201, response.content
    meeting = response.json()
    assert (meeting["members_convened"], meeting["organization"]) == (2, "CB-A")
    expected = api_client.get(f"/api/meetings/{meeting['id']}/expected/").json()
    assert [(e["full_name"], e["as_guest"]) for e in expected][-1] == ("Võ Văn Em", True)
    lines = [{"member": e["member"], "status": "present"} for e in expected]
    lines[0] |= {"status": "excused", "reason": "ốm"}
    response = api_client.post(
        f"/api/meetings/{meeting['id']}/attendance/", {"lines": lines}, format="json"
    )
    assert response.status_code == 200, response.content
    assert Attendance.objects.filter(meeting_id=meeting["id"]).count() == 4
    detail = api_client.get(f"/api/meetings/{meeting['id']}/").json()
    assert sorted(row["status"] for row in detail["attendance"]) == [
        "excused",
        "present",
        "present",
        "present",
    ]


def test_an_exempted_member_is_refused_and_another_cell_sees_nothing(api_client, people, actors):
    api_client.force_authenticate(actors["secretary"])
    meeting = api_client.post(
        "/api/meetings/",
        {"organization": "CB-A", "kind": "regular", "held_on": "2024-03-05"},
        format="json",
    ).json()
    response = api_client.post(
        f"/api/meetings/{meeting['id']}/attendance/",
        {"lines": [{"member": people["cuong"].pk, "status": "present"}]},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["code"] == "attendance_exempted"
    api_client.force_authenticate(actors["other_secretary"])
    assert api_client.get(f"/api/meetings/{meeting['id']}/").status_code == 404
    assert api_client.get("/api/meetings/").json()["results"] == []
    response = api_client.post(
        "/api/meetings/",
        {"organization": "CB-A", "kind": "regular", "held_on": "2024-03-06"},
        format="json",
    )
    assert response.status_code == 404
