"""Read-only audit endpoints: scoped, filtered by subtree, no write."""

from __future__ import annotations

from datetime import date

import pytest

from dangvien.organizations.services import organization_rename

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("_case", "caller", "sees_rename"),
    [
        ("self", "viewer_self", True),
        ("sibling", "staff_sibling", False),
        ("superuser", "superuser", True),
    ],
)
def test_audit_list_is_scoped(client_as, org_tree, superuser, _case, caller, sees_rename):
    # given
    organization_rename(
        actor=superuser,
        organization=org_tree.commune,
        name="Đảng bộ xã Mỹ An 2",
        effective_on=date(2024, 1, 1),
    )
    client = client_as(caller)

    # when
    response = client.get("/api/audit-events/", {"action": "update", "object_type": "organization"})

    # then
    found = [e for e in response.json()["results"] if e["message"] == "renamed"]
    assert bool(found) is sees_rename


def test_audit_filters_by_organization_subtree(client_as, org_tree):
    # when
    response = client_as("superuser").get("/api/audit-events/", {"organization": "X-MA"})

    # then
    assert sorted(e["object_repr"] for e in response.json()["results"]) == ["CB-A", "CB-B", "X-MA"]


def test_audit_has_no_write_endpoint(client_as):
    # when
    response = client_as("superuser").post("/api/audit-events/", {}, format="json")

    # then
    assert response.status_code == 405


@pytest.mark.parametrize(
    ("_case", "url", "max_queries"),
    [("audit", "/api/audit-events/", 4)],
)
def test_lists_use_a_fixed_number_of_queries(
    client_as, org_tree, django_assert_max_num_queries, _case, url, max_queries
):
    # given
    client = client_as("staff_ancestor")
    client.get(url)  # the reader's grants kept (accounts.scoping.keep_held_roles)

    # when
    with django_assert_max_num_queries(max_queries):
        response = client.get(url)

    # then
    assert response.status_code == 200
    assert response.json()["count"] > 5
