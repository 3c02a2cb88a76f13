"""Permission matrix of every endpoint: status code per caller, and no side effect on refusal.

Callers stand relative to the commune X-MA (see ``conftest.CALLERS``). Each write acts on X-MA
or inside its subtree; where an endpoint also touches an organization outside X-MA's subtree
its row says so.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from dangvien.api.tests.conftest import CALLERS, side_effects
from dangvien.committees.services import committee_post_assign

pytestmark = pytest.mark.django_db

LIST = {
    "anonymous": 401,
    "no_role": 200,
    "staff_sibling": 200,
    "staff_ancestor": 200,
    "staff_self": 200,
    "viewer_self": 200,
    "superuser": 200,
}
DETAIL = {
    "anonymous": 401,
    "no_role": 404,
    "staff_sibling": 404,
    "staff_ancestor": 200,
    "staff_self": 200,
    "viewer_self": 200,
    "superuser": 200,
}


def write(ok: int, **overrides: int) -> dict[str, int]:
    expected = {
        "anonymous": 401,
        "no_role": 404,
        "staff_sibling": 404,
        "staff_ancestor": ok,
        "staff_self": ok,
        "viewer_self": 403,
        "superuser": ok,
    }
    expected.update(overrides)
    return expected


READS: dict[str, tuple[str, dict[str, int]]] = {
    "organization_list": ("/api/organizations/?as_of=2024-01-01", LIST),
    "organization_tree": ("/api/organizations/tree/", LIST),
    "organization_detail": ("/api/organizations/X-MA/", DETAIL),
    "organization_history": ("/api/organizations/X-MA/history/", DETAIL),
    "organization_children": ("/api/organizations/X-MA/children/", DETAIL),
    "term_list": ("/api/organizations/X-MA/terms/", DETAIL),
    "post_list": ("/api/organizations/X-MA/posts/", DETAIL),
    "committee_at": ("/api/organizations/X-MA/posts/?as_of=2024-01-01", DETAIL),
    "without_secretary": ("/api/committees/without-secretary/", LIST),
    "rule_list": ("/api/rules/?as_of=2024-01-01", LIST),
    "rule_history": ("/api/rules/term.grassroots_months/history/", LIST),
    "audit_list": ("/api/audit-events/", LIST),
}

EFFECTIVE = "2025-07-01"


def _post_id(tree: Any, superuser: Any) -> dict[str, Any]:
    post = committee_post_assign(
        actor=superuser,
        organization=tree.commune,
        post="secretary",
        person_name="Nguyễn Văn An",
        held_from=date(2020, 1, 1),
    )
    return {"post": post.pk}


def _nothing(tree: Any, superuser: Any) -> dict[str, Any]:
    return {}


WRITES: dict[str, tuple[str, dict[str, Any], dict[str, int], Callable[..., dict[str, Any]]]] = {
    "organization_create": (
        "/api/organizations/",
        {
            "parent": "X-MA",
            "code": "CB-C",
            "name": "Chi bộ ấp Mỹ Lợi",
            "kind": "cell",
            "sector": "residential",
            "established_on": "2024-01-01",
            "decision": {"number": "12-QĐ/ĐU", "date": "2023-12-20", "issuer": "Đảng ủy xã Mỹ An"},
        },
        write(201),
        _nothing,
    ),
    "rename": (
        "/api/organizations/X-MA/rename/",
        {"name": "Đảng bộ xã Mỹ An mới", "effective_on": EFFECTIVE},
        write(200),
        _nothing,
    ),
    "reclassify": (
        "/api/organizations/X-MA/reclassify/",
        {"kind": "grassroots_committee", "sector": "ward", "effective_on": EFFECTIVE},
        write(200),
        _nothing,
    ),
    # The new parent HU-CL lies outside X-MA's subtree: invisible to the caller on X-MA.
    "move": (
        "/api/organizations/X-MA/move/",
        {"parent": "HU-CL", "effective_on": EFFECTIVE},
        write(200, staff_self=404, viewer_self=404),
        _nothing,
    ),
    "merge": (
        "/api/organizations/CB-A/merge/",
        {"absorbed": ["CB-B"], "effective_on": EFFECTIVE},
        write(200),
        _nothing,
    ),
    # The parts are founded under HU-TM, which a caller on X-MA may see but not change.
    "split": (
        "/api/organizations/X-MA/split/",
        {
            "effective_on": EFFECTIVE,
            "parts": [
                {
                    "code": "X-MA1",
                    "name": "Đảng bộ xã Mỹ An 1",
                    "kind": "grassroots_committee",
                    "sector": "commune",
                    "children": ["CB-A"],
                },
                {
                    "code": "X-MA2",
                    "name": "Đảng bộ xã Mỹ An 2",
                    "kind": "grassroots_committee",
                    "sector": "commune",
                    "children": ["CB-B"],
                },
            ],
        },
        write(200, staff_self=403),
        _nothing,
    ),
    "dissolve": (
        "/api/organizations/CB-A/dissolve/",
        {"effective_on": EFFECTIVE},
        write(200),
        _nothing,
    ),
    "term_create": (
        "/api/organizations/X-MA/terms/",
        {"congress_on": "2025-08-15"},
        write(201),
        _nothing,
    ),
    "post_assign": (
        "/api/organizations/X-MA/posts/",
        {"post": "secretary", "person_name": "Trần Thị Bình", "held_from": "2025-08-15"},
        write(201),
        _nothing,
    ),
    "post_end": (
        "/api/organizations/X-MA/posts/{post}/end/",
        {"held_to": "2025-08-15"},
        write(200),
        _post_id,
    ),
}


@pytest.mark.parametrize(
    ("_case", "caller", "url", "expected"),
    [
        (f"{name}-{caller}", caller, url, expected[caller])
        for name, (url, expected) in READS.items()
        for caller in CALLERS
    ],
)
def test_read_status_depends_on_scope(client_as, _case, caller, url, expected):
    # given
    client = client_as(caller)

    # when
    response = client.get(url)

    # then
    assert response.status_code == expected, response.content


@pytest.mark.parametrize(
    ("_case", "caller", "url", "body", "expected", "setup"),
    [
        (f"{name}-{caller}", caller, url, body, expected[caller], setup)
        for name, (url, body, expected, setup) in WRITES.items()
        for caller in CALLERS
    ],
)
def test_write_status_depends_on_scope_and_refusals_write_nothing(
    client_as, org_tree, superuser, _case, caller, url, body, expected, setup
):
    # given
    url = url.format(**setup(org_tree, superuser))
    client = client_as(caller)
    before = side_effects()

    # when
    response = client.post(url, body, format="json")

    # then
    assert response.status_code == expected, response.content
    if expected >= 400:
        assert side_effects() == before
    else:
        assert side_effects() != before


def test_list_shows_nothing_to_a_user_without_role(client_as):
    # given
    client = client_as("no_role")

    # when
    response = client.get("/api/organizations/")

    # then
    assert response.json()["count"] == 0


@pytest.mark.parametrize(
    ("_case", "caller", "codes"),
    [
        ("sibling", "staff_sibling", ["HU-CL", "X-MH"]),
        ("self", "viewer_self", ["X-MA", "CB-A", "CB-B"]),
        ("ancestor", "staff_ancestor", ["T-DT", "HU-TM", "X-MA", "CB-A", "CB-B", "HU-CL", "X-MH"]),
    ],
)
def test_list_is_limited_to_the_callers_subtrees(client_as, _case, caller, codes):
    # given
    client = client_as(caller)

    # when
    response = client.get("/api/organizations/")

    # then
    assert sorted(o["code"] for o in response.json()["results"]) == sorted(codes)


@pytest.mark.parametrize(
    ("_case", "url", "body", "expected"),
    [
        (
            "may_assign_posts",
            "/api/organizations/X-MA/posts/",
            {"post": "member", "person_name": "Hoàng Văn Khoa", "held_from": "2025-08-15"},
            201,
        ),
        (
            "may_not_rename",
            "/api/organizations/X-MA/rename/",
            {"name": "Tên mới", "effective_on": "2025-07-01"},
            403,
        ),
    ],
)
def test_cell_secretary_changes_committees_but_not_the_tree(
    api_client, org_tree, make_actor, _case, url, body, expected
):
    # given
    api_client.force_authenticate(make_actor("cell_secretary", org_tree.commune))
    before = side_effects()

    # when
    response = api_client.post(url, body, format="json")

    # then
    assert response.status_code == expected
    assert (side_effects() != before) is (expected < 400)
