"""Fixtures of the API tests: callers in each position relative to the organization acted on."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from rest_framework.test import APIClient

from dangvien.audit.models import AuditEvent
from dangvien.committees.models import CommitteePost, Term
from dangvien.organizations.models import OrganizationChange

# Who calls, relative to the commune X-MA of ``org_tree`` (the organization acted on).
CALLERS = [
    "anonymous",
    "no_role",
    "staff_sibling",
    "staff_ancestor",
    "staff_self",
    "viewer_self",
    "superuser",
]


@pytest.fixture
def client_as(api_client, org_tree, make_actor, superuser) -> Callable[[str], APIClient]:
    """``client_as(caller)`` → an API client authenticated as that caller (see ``CALLERS``)."""

    def make(caller: str) -> APIClient:
        user: Any
        if caller == "anonymous":
            return api_client
        if caller == "superuser":
            user = superuser
        elif caller == "no_role":
            user = make_actor()
        else:
            role, position = caller.split("_")
            organization = {
                "sibling": org_tree.sibling_district,
                "ancestor": org_tree.province,
                "self": org_tree.commune,
            }[position]
            user = make_actor(role, organization)
        api_client.force_authenticate(user)
        return api_client

    return make


def side_effects() -> tuple[int, int, int, int]:
    """Counts of every row a write endpoint may add."""
    return (
        OrganizationChange.objects.count(),
        AuditEvent.objects.count(),
        Term.objects.count(),
        CommitteePost.objects.count(),
    )
