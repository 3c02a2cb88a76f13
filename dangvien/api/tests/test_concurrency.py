"""Concurrent creates through the API (issue 13, defect 6), PostgreSQL only: two admissions
with the same member key into two cells, two terms of one organization with the same
congress date. One stands; the other is a 400 (the rule saw the first) or a 409 (the database's
unique constraint did), never a 500, and nothing of it is left."""

from __future__ import annotations

from functools import partial
from typing import Any

from rest_framework.test import APIClient

from dangvien.committees.models import Term
from dangvien.core.tests.concurrency import POSTGRES_RACES, race
from dangvien.members.models import Member, MemberEvent

pytestmark = POSTGRES_RACES

ROUNDS = 5


def _post(user: Any, url: str, body: dict[str, Any]) -> int:
    client = APIClient()
    client.raise_request_exception = False
    client.force_authenticate(user)
    return client.post(url, body, format="json").status_code


def _admission(cell: str, key: str) -> dict[str, Any]:
    return {
        "organization": cell,
        "member_key": key,
        "admitted_on": "2024-05-19",
        "decision": {"number": "9-QĐ/ĐU", "date": "2024-05-10"},
        "profile": {"full_name": "Trần Thị Bình", "sex": "F", "birth_date": "1995-02-03"},
    }


def test_two_admissions_with_one_member_key_one_stands(org_tree, superuser):
    answers: list[int] = []
    for round_ in range(ROUNDS):
        key = f"DV-RACE-{round_}"

        # when
        outcomes = race(
            partial(_post, superuser, "/api/members/", _admission("CB-A", key)),
            partial(_post, superuser, "/api/members/", _admission("CB-B", key)),
        )

        # then
        statuses = sorted(o.value for o in outcomes)
        answers += statuses
        assert statuses[0] == 201 and statuses[1] in (400, 409), statuses
        member = Member.objects.get(member_key=key)
        assert MemberEvent.objects.filter(member=member).count() == 1
    assert 500 not in answers


def test_two_terms_with_one_congress_date_one_stands(org_tree, superuser):
    for round_ in range(ROUNDS):
        day = f"20{10 + round_}-08-15"

        # when
        outcomes = race(
            *(
                partial(_post, superuser, "/api/organizations/X-MA/terms/", {"congress_on": day})
                for _ in range(2)
            )
        )

        # then
        statuses = sorted(o.value for o in outcomes)
        assert statuses[0] == 201 and statuses[1] in (400, 409), statuses
        assert Term.objects.filter(organization=org_tree.commune, congress_on=day).count() == 1
