"""Permission matrix of the organization endpoints: status code per caller, and no side
effect on refusal.

Callers stand relative to the commune X-MA (``accounts.tests.callers``). Each write acts on X-MA
or inside its subtree; where an endpoint also touches an organization outside X-MA's subtree
its row says so.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from dangvien.accounts.tests.callers import CALLERS, DETAIL, LIST, write
from dangvien.organizations.tests.support import side_effects

pytestmark = pytest.mark.django_db

READS: dict[str, tuple[str, dict[str, int]]] = {
    "organization_list": ("/api/organizations/?as_of=2024-01-01", LIST),
    "organization_tree": ("/api/organizations/tree/", LIST),
    "organization_detail": ("/api/organizations/X-MA/", DETAIL),
    "organization_history": ("/api/organizations/X-MA/history/", DETAIL),
    "organization_children": ("/api/organizations/X-MA/children/", DETAIL),
}

EFFECTIVE = "2025-07-01"


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
