"""Defect 6 of issue 13: inputs that used to answer 500 (some after committing a write) answer
a 4xx and leave nothing behind."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import IntegrityError

from dangvien.members.models import Member, MemberEvent
from dangvien.members.tests.support import counts

pytestmark = pytest.mark.django_db

ADMISSION = {
    "organization": "CB-B",
    "admitted_on": "2024-05-19",
    "decision": {"number": "9-QĐ/ĐU", "date": "2024-05-10"},
    "profile": {"full_name": "Trần Thị Bình", "sex": "F", "birth_date": "1995-02-03"},
}


@pytest.fixture
def admin_client(api_client, superuser, org_tree):
    api_client.force_authenticate(superuser)
    api_client.raise_request_exception = False
    return api_client


def test_a_write_asking_for_html_is_refused_before_anything_is_written(admin_client):
    # when
    refused = admin_client.post("/api/members/", ADMISSION, format="json", HTTP_ACCEPT="text/html")
    members_after_refusal = Member.objects.count()
    retried = admin_client.post("/api/members/", ADMISSION, format="json")

    # then: one member, created by the retry
    assert refused.status_code == 406
    assert members_after_refusal == 0
    assert retried.status_code == 201
    assert Member.objects.count() == 1


@pytest.mark.parametrize(
    "url",
    [
        "/api/members/",
        "/api/members/{member}/",
        "/api/members/{member}/temporary-out/",
        "/api/members/{member}/transfer/",
        "/api/members/{member}/death/",
        "/api/members/{member}/events/1/void/",
        "/api/admission-candidates/",
        "/api/organizations/X-MA/terms/",
    ],
)
def test_options_describes_the_route(admin_client, url):
    # given
    member = admin_client.post("/api/members/", ADMISSION, format="json").json()["id"]

    # when
    response = admin_client.options(url.format(member=member))

    # then
    assert response.status_code == 200, response.content
    assert "POST" in response.json()["allowed_methods"] or url.endswith("{member}/")


@pytest.mark.parametrize(
    "url",
    [
        "/api/period-reports/abc/",
        "/api/admission-candidates/abc/",
        "/api/members/abc/",
        "/api/period-reports/100000000000000000000/",
        "/api/admission-candidates/100000000000000000000/",
        "/api/members/100000000000000000000/",
        "/api/members/100000000000000000000/timeline/",
        "/api/proposals/100000000000000000000/",
        "/api/members/٣/",
    ],
)
def test_ids_that_name_nothing_are_404(admin_client, url):
    # when
    response = admin_client.get(url)

    # then
    assert response.status_code == 404, response.content


def test_a_member_id_of_10_to_the_20_in_a_path_of_a_write_is_404(admin_client):
    # when
    response = admin_client.post(
        "/api/members/1/events/100000000000000000000/void/", {"note": "x"}, format="json"
    )

    # then
    assert response.status_code == 404


def test_introducer_ids_of_10_to_the_20_are_a_400_on_the_field(admin_client, superuser, org_tree):
    # given: a candidate file through the API
    from dangvien.admissions.models import Candidate

    candidate = _candidate(superuser, org_tree)

    # when
    response = admin_client.post(
        f"/api/admission-candidates/{candidate.pk}/introducers/",
        {"introducers": [10**20, 10**20 + 1]},
        format="json",
    )

    # then
    assert response.status_code == 400, response.content
    assert "introducers" in response.json()
    assert Candidate.objects.get(pk=candidate.pk).introducers.count() == 0


def _candidate(superuser: Any, org_tree: Any) -> Any:
    from datetime import date

    from dangvien.admissions.services import candidate_register

    return candidate_register(
        actor=superuser,
        organization=org_tree.cell_a,
        profile={"full_name": "Phạm Văn Mới", "sex": "M", "birth_date": date(2000, 1, 1)},
        source="residence",
    )


def test_a_lost_race_on_a_unique_value_is_409_in_vietnamese_and_writes_nothing(
    admin_client, monkeypatch
):
    # given: the admission fails on the database's unique constraint after the service wrote
    # (as when a concurrent request committed the same member key first)
    from dangvien.members import services

    admit = services.member_admit

    def admit_then_collide(**kwargs: Any) -> Member:
        admit(**kwargs)
        raise IntegrityError("duplicate key value violates unique constraint")

    monkeypatch.setattr(services, "member_admit", admit_then_collide)
    before = counts()

    # when
    response = admin_client.post(
        "/api/members/", ADMISSION, format="json", HTTP_ACCEPT_LANGUAGE="vi"
    )

    # then
    assert response.status_code == 409
    assert response.json()["code"] == "conflict"
    assert "cùng lúc" in response.json()["message"]
    assert counts() == before
    assert not MemberEvent.objects.exists()
