"""Permission matrix of the committee endpoints: status code per caller, and no side effect
on refusal (callers relative to the commune X-MA, ``accounts.tests.callers``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from dangvien.accounts.tests.callers import CALLERS, DETAIL, LIST, write
from dangvien.committees.services import committee_post_assign
from dangvien.committees.tests.support import official_member
from dangvien.organizations.tests.support import side_effects

pytestmark = pytest.mark.django_db

READS: dict[str, tuple[str, dict[str, int]]] = {
    "term_list": ("/api/organizations/X-MA/terms/", DETAIL),
    "post_list": ("/api/organizations/X-MA/posts/", DETAIL),
    "committee_at": ("/api/organizations/X-MA/posts/?as_of=2024-01-01", DETAIL),
    "without_secretary": ("/api/committees/without-secretary/", LIST),
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


def _holder(tree: Any, superuser: Any) -> dict[str, Any]:
    official_member(superuser, tree.cell_a, "DV-K", "Trần Thị Bình")
    return {}


WRITES: dict[str, tuple[str, dict[str, Any], dict[str, int], Callable[..., dict[str, Any]]]] = {
    "term_create": (
        "/api/organizations/X-MA/terms/",
        {"congress_on": "2025-08-15"},
        write(201),
        _nothing,
    ),
    "post_assign": (
        "/api/organizations/X-MA/posts/",
        {"post": "secretary", "person_key": "DV-K", "held_from": "2025-08-15"},
        write(201),
        _holder,
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


@pytest.mark.parametrize(
    ("_case", "url", "body", "expected"),
    [
        (
            "may_assign_posts",
            "/api/organizations/X-MA/posts/",
            {"post": "member", "person_key": "DV-K", "held_from": "2025-08-15"},
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
    api_client, org_tree, make_actor, superuser, _case, url, body, expected
):
    # given
    official_member(superuser, org_tree.cell_a, "DV-K", "Hoàng Văn Khoa")
    api_client.force_authenticate(make_actor("cell_secretary", org_tree.commune))
    before = side_effects()

    # when
    response = api_client.post(url, body, format="json")

    # then
    assert response.status_code == expected
    assert (side_effects() != before) is (expected < 400)
